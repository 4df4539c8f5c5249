//! `sitrep serve` keeps the search index in step: an article edited in
//! place, added or removed re-writes only the index files its words touch,
//! the served index equals a full build's, and the new words are found at
//! once.

#[path = "serve_common/mod.rs"]
mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Site, assert_same_site, files};
use sitrep::search::SearchIndex;
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

    // A word added at the start moves every later word's place, but only
    // the shards whose snippets reach it are written again.
    site.edit(LONG, "In Kharkiv the", "In Kharkiv today the");
    let changed = apply(&site, &mut live, LONG);
    assert_same_site(
        &files(live.output()),
        &site.full_build(),
        "a word at the start",
    );
    let shards = changed
        .iter()
        .filter(|p| p.starts_with("search/t/"))
        .count();
    assert!(
        shards * 2 < shards_before,
        "{shards} of {shards_before}: {changed:?}"
    );
    assert!(
        !changed.iter().any(|p| p.ends_with("/bi.json")),
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

const ADDED: &str = "content/2024/11/02/grain-corridor.md";

fn added_report() -> String {
    "---\ntitle: Grain corridor convoy reaches Izmail\ndate: 2024-11-02T15:30:00Z\nsource: Ukrinform\n---\nA convoy of barges carrying wheat reached the Danube port of Izmail before dusk.\n".into()
}

/// The index files of the site as it is now, with the index itself.
fn index_of(site: &Site) -> (SearchIndex, BTreeMap<String, Vec<u8>>) {
    let loaded = sitrep::build::load(&site.options()).unwrap_or_else(|d| panic!("load: {d}"));
    let index = SearchIndex::build(&loaded.site);
    let files = index.files().into_iter().collect();
    (index, files)
}

/// Brings `index` in step with the site as it is now, applies the update to
/// `files`, and returns the paths it wrote or removed.
fn sync(
    site: &Site,
    index: &mut SearchIndex,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let loaded = sitrep::build::load(&site.options()).unwrap_or_else(|d| panic!("load: {d}"));
    let update = index.sync(&loaded.site, sitrep::search::Changed::Unknown);
    for path in &update.removed {
        files.remove(path);
    }
    let mut touched: Vec<String> = update.written.iter().map(|(p, _)| p.clone()).collect();
    touched.extend(update.removed);
    files.extend(update.written);
    touched
}

/// Shards whose bytes differ between two sets of index files.
fn differing_shards(
    a: &BTreeMap<String, Vec<u8>>,
    b: &BTreeMap<String, Vec<u8>>,
) -> BTreeSet<String> {
    a.keys()
        .chain(b.keys())
        .filter(|p| p.starts_with("search/t/") && a.get(*p) != b.get(*p))
        .cloned()
        .collect()
}

#[test]
fn adding_and_removing_an_article_writes_only_the_files_that_change() {
    let site = Site::new();
    let (mut index, mut files) = index_of(&site);
    let original = files.clone();
    let shards = files.keys().filter(|p| p.starts_with("search/t/")).count();

    // Added in the middle of the order: no other document is renumbered,
    // so only the shards of its own words change, and only those are written.
    site.write(ADDED, &added_report());
    let written = sync(&site, &mut index, &mut files);
    let (_, full) = index_of(&site);
    assert_eq!(files, full, "an added article");
    let must = differing_shards(&original, &full);
    let wrote: BTreeSet<String> = written
        .iter()
        .filter(|p| p.starts_with("search/t/"))
        .cloned()
        .collect();
    assert_eq!(wrote, must, "shards written vs shards that differ");
    assert!(
        must.contains("search/t/iz.json") && !must.contains("search/t/sh.json"),
        "{must:?}"
    );
    assert!(
        wrote.len() * 2 < shards,
        "{} of {shards}: {wrote:?}",
        wrote.len()
    );
    let rows: Vec<&String> = written
        .iter()
        .filter(|p| !p.starts_with("search/t/"))
        .collect();
    assert_eq!(
        rows.len(),
        3,
        "one row file, one text file and docs.json: {rows:?}"
    );

    // Removed again: the index is byte for byte the one before.
    site.remove(ADDED);
    let written = sync(&site, &mut index, &mut files);
    assert_eq!(files, original, "the article removed");
    let wrote: BTreeSet<String> = written
        .iter()
        .filter(|p| p.starts_with("search/t/"))
        .cloned()
        .collect();
    assert_eq!(wrote, must, "the same shards again (written or removed)");
}

#[test]
fn serve_finds_an_added_article_and_forgets_a_removed_one_as_a_full_build_would() {
    let site = Site::new();
    let (mut live, _) = LiveSite::open(site.options());
    let before = files(live.output());
    site.write(ADDED, &added_report());
    let changed = apply(&site, &mut live, ADDED);
    assert_same_site(
        &files(live.output()),
        &site.full_build(),
        "an added article",
    );
    assert_eq!(found(&live, "izmail"), ["2024/11/02/grain-corridor/"]);
    let shards = changed
        .iter()
        .filter(|p| p.starts_with("search/t/"))
        .count();
    let all = before.keys().filter(|p| p.starts_with("search/t/")).count();
    assert!(shards * 2 < all, "{shards} of {all}: {changed:?}");

    site.remove(ADDED);
    let changed = apply(&site, &mut live, ADDED);
    assert_same_site(
        &files(live.output()),
        &site.full_build(),
        "the article removed",
    );
    assert!(found(&live, "izmail").is_empty());
    let search: BTreeMap<&String, &Vec<u8>> = before
        .iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .collect();
    let now = files(live.output());
    let now: BTreeMap<&String, &Vec<u8>> = now
        .iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .collect();
    assert_eq!(search, now, "the index is the one before the article");
    assert!(
        changed
            .iter()
            .filter(|p| p.starts_with("search/t/"))
            .count()
            * 2
            < all
    );
}

#[test]
fn a_sync_that_names_the_changed_pages_compares_only_those() {
    let site = Site::new();
    let (mut index, mut files) = index_of(&site);
    site.write(ADDED, &added_report());
    let tanker = "content/2024/11/03/tanker.md";
    site.edit(
        tanker,
        "Shadow-fleet tanker detained",
        "Tanker held by Zeeland",
    );
    let loaded = sitrep::build::load(&site.options()).unwrap_or_else(|d| panic!("load: {d}"));
    let key = |rel: &str| rel.trim_start_matches("content/").to_string();
    let mut changed: hashbrown::HashSet<String> = [key(ADDED)].into();
    let mut sync_named = |files: &mut BTreeMap<String, Vec<u8>>, changed: &_| {
        let update = index.sync(&loaded.site, sitrep::search::Changed::Keys(changed));
        for path in &update.removed {
            files.remove(path);
        }
        files.extend(update.written);
    };
    // The tanker is not named, so its document is not looked at: its new
    // word is not indexed (serve names every page it re-read).
    sync_named(&mut files, &changed);
    let zeeland = |files: &BTreeMap<String, Vec<u8>>| {
        files
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("Zeeland"))
    };
    assert!(!zeeland(&files));
    changed.insert(key(tanker));
    sync_named(&mut files, &changed);
    let (_, full) = index_of(&site);
    assert!(zeeland(&files));
    assert_eq!(files, full, "the tanker named");
}
