//! `sitrep serve` keeps the search index in step: an article edited in
//! place re-writes only the index files its words touch, the served index
//! equals a full build's, and the new words are found at once.

#[path = "serve_common/mod.rs"]
mod common;

use common::{Site, assert_same_site, files};
use sitrep::search::query::{Filters, Reader};
use sitrep::serve::incremental::LiveSite;
use sitrep::serve::watch::Change;

fn apply(site: &Site, live: &mut LiveSite, path: &str) -> Vec<String> {
    let mut c = Change::default();
    c.add_path(&site.root, &site.path(path));
    live.apply(&c).changed
}

fn found(live: &LiveSite, q: &str) -> Vec<String> {
    let out = live.output();
    let mut r = Reader::open(|p: &str| out.get(p).map(|b| b.to_vec())).unwrap();
    let a = r.search(q, &Filters::default()).unwrap();
    a.hits.into_iter().map(|h| h.path).collect()
}

const LONG: &str = "content/2024/11/03/long-report.md";

/// A report long enough that an edit at its end leaves most snippets alone.
fn long_report() -> String {
    let places = [
        "Kharkiv",
        "Sumy",
        "Poltava",
        "Dnipro",
        "Mykolaiv",
        "Kherson",
        "Chernihiv",
        "Zhytomyr",
        "Vinnytsia",
        "Cherkasy",
        "Rivne",
        "Lutsk",
        "Uzhhorod",
        "Ternopil",
        "Khmelnytskyi",
    ];
    let body: Vec<String> = places
        .iter()
        .map(|p| format!("In {p} the regional administration listed damaged buildings and the hours without power."))
        .collect();
    format!(
        "---\ntitle: Damage across the regions\ndate: 2024-11-03T09:00:00Z\nsource: Kyiv Independent\n---\n{}\n\nThe last line mentions Bilhorod.\n",
        body.join(" ")
    )
}

#[test]
fn an_edit_rewrites_only_the_shards_of_its_words_and_equals_a_full_build() {
    let site = Site::new();
    let (mut live, _) = LiveSite::open(site.options());
    site.write(LONG, &long_report());
    apply(&site, &mut live, LONG);
    assert_same_site(&files(live.output()), &site.full_build(), "a new article");
    let shards_before = files(live.output())
        .keys()
        .filter(|p| p.starts_with("search/t/"))
        .count();
    assert!(found(&live, "zubrowka").is_empty());

    site.edit(
        LONG,
        "mentions Bilhorod.",
        "mentions Bilhorod and Zubrowka.",
    );
    let changed = apply(&site, &mut live, LONG);
    assert_same_site(&files(live.output()), &site.full_build(), "a new word");
    assert_eq!(found(&live, "zubrowka"), ["2024/11/03/long-report/"]);

    let shards: Vec<&String> = changed
        .iter()
        .filter(|p| p.starts_with("search/t/"))
        .collect();
    // The new words' shards and those of the words whose snippet reaches
    // the edit, not the rest.
    assert!(shards.iter().any(|p| p.ends_with("/zu.json")), "{shards:?}");
    assert!(
        shards.len() * 2 < shards_before,
        "{} of {shards_before}: {shards:?}",
        shards.len()
    );
    assert!(
        !shards.iter().any(|p| p.ends_with("/kh.json")),
        "{shards:?}"
    );
    // The title did not change: the row files stay as they were.
    assert!(
        !changed.iter().any(|p| p.starts_with("search/d/")),
        "{changed:?}"
    );

    // Taking the word out again removes it, and the index is a full build's.
    site.edit(LONG, "Bilhorod and Zubrowka.", "Bilhorod.");
    apply(&site, &mut live, LONG);
    assert_same_site(
        &files(live.output()),
        &site.full_build(),
        "the word removed",
    );
    assert!(found(&live, "zubrowka").is_empty());
}
