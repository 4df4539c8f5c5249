//! The search index `sitrep build` writes, read back with the Rust reader
//! of its format (`sitrep::search::query`), which answers queries the way
//! the theme's script does: prefixes, AND, phrases, exclusions, typos,
//! folding, filters, ranking, drafts, `search: false`.

mod common;

use std::path::Path;

use sitrep::search::query::{Answer, Filters, Reader};

const SITE: &str = "title: Search Test
base_url: https://example.org/digest/
topics:
  - { slug: drone-strikes, name: Drone strikes }
  - { slug: baltic, name: Baltic }
  - { slug: diplomacy, name: Diplomacy }
";

/// (file, front matter lines, body)
const ARTICLES: &[(&str, &str, &str)] = &[
    (
        "2024/11/05/kursk.md",
        "title: Fighting goes on in the Kursk region\ndate: 2024-11-05T09:00:00Z\nsource: Example Wire\ntopics: [diplomacy]",
        "Officials in Kyiv’s government said Zelensky met commanders. Defence of the air bases was not discussed.",
    ),
    (
        "2024/11/04/drones.md",
        "title: Air defence downs 39 drones over Kyiv\ndate: 2024-11-04T08:00:00Z\nsource: Capital Daily\ntopics: [drone-strikes]\nsummary: Most drones were shot down overnight.",
        "The air defence units worked through the night. Debris fell in Odesa as well.",
    ),
    (
        "2024/11/03/cable.md",
        "title: Estlink cable damaged in the Gulf of Finland\ndate: 2024-11-03T10:00:00Z\nsource: Nordic Desk\ntopics: [baltic]",
        "A tanker bound for Kaliningrad is suspected of dragging its anchor. The operator of the link said that repairs would need a cable ship, calm weather and a permit from two governments, which could mean weeks. Divers will take samples.",
    ),
    (
        "2024/11/02/visit.md",
        "title: Sébastien Lecornu visits Kyiv\ndate: 2024-11-02T12:00:00Z\nsource: Example Wire\ntopics: [diplomacy, drone-strikes]",
        "The minister talked about drones and about shelters in Kyiv.",
    ),
    (
        "2024/10/01/older.md",
        "title: Night of strikes on the south\ndate: 2024-10-01T06:00:00Z\nsource: Capital Daily\ntopics: [drone-strikes]",
        "One drone hit a warehouse near Odesa; a second drone was jammed.",
    ),
    (
        "2024/11/01/secret.md",
        "title: A draft about Zanzibar\ndate: 2024-11-01T06:00:00Z\ndraft: true",
        "Nothing to see in zanzibar yet.",
    ),
];

fn site_with(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    for (file, fm, body) in ARTICLES {
        let path = dir.path().join("content").join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("---\n{fm}\n---\n{body}\n")).unwrap();
    }
    dir
}

struct Built {
    _site: tempfile::TempDir,
    out: tempfile::TempDir,
}

fn build(extra: &[&str]) -> Built {
    let site = site_with(SITE);
    let out = tempfile::tempdir().unwrap();
    common::build(site.path(), &out.path().join("public"), extra);
    Built { _site: site, out }
}

impl Built {
    fn root(&self) -> std::path::PathBuf {
        self.out.path().join("public")
    }

    fn reader(&self) -> Reader<impl Fn(&str) -> Option<Vec<u8>>> {
        let root = self.root();
        Reader::open(move |p: &str| std::fs::read(root.join(p)).ok()).unwrap()
    }

    fn search(&self, q: &str, f: &Filters) -> Answer {
        self.reader().search(q, f).unwrap()
    }

    /// The slugs (file stems) of the results, in order.
    fn slugs(&self, q: &str) -> Vec<String> {
        self.slugs_with(q, &Filters::default())
    }

    fn slugs_with(&self, q: &str, f: &Filters) -> Vec<String> {
        slugs(&self.search(q, f))
    }
}

fn slugs(a: &Answer) -> Vec<String> {
    a.hits
        .iter()
        .map(|h| {
            h.path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn words_match_whole_and_as_prefixes_and_all_must_match() {
    let b = build(&[]);
    // `older` says "drone" twice, `visit` "drones" once (see the ranking test).
    assert_eq!(b.slugs("drone"), ["drones", "older", "visit"]);
    assert_eq!(b.slugs("dro"), ["drones", "older", "visit"]);
    assert_eq!(b.slugs("drones kyiv"), ["drones", "visit"]);
    assert_eq!(b.slugs("drones estlink"), Vec::<String>::new());
    // Two letters match whole words only.
    assert!(b.slugs("dr").is_empty());
}

#[test]
fn ranking_puts_title_and_summary_before_the_body_and_newest_first_is_a_choice() {
    let b = build(&[]);
    // "drones" is in the title and summary of `drones`, the body of `visit`
    // (`older` says "drone", which "drones" does not begin).
    let a = b.search("drones", &Filters::default());
    assert_eq!(slugs(&a), ["drones", "visit"]);
    assert!(a.hits[0].score > a.hits[1].score);
    // "drone" twice in a body weighs more than "drones" once.
    let a = b.search("drone", &Filters::default());
    assert_eq!(slugs(&a), ["drones", "older", "visit"]);
    assert!(a.hits[1].score > a.hits[2].score);
    // "Kyiv" in a title beats "Kyiv’s" in a body.
    assert_eq!(b.slugs("kyiv"), ["visit", "drones", "kursk"]);
    let newest = Filters {
        newest: true,
        ..Filters::default()
    };
    assert_eq!(b.slugs_with("odesa", &newest), ["drones", "older"]);
    assert_eq!(b.slugs_with("kyiv", &newest), ["kursk", "drones", "visit"]);
}

#[test]
fn a_quoted_phrase_matches_the_words_in_order() {
    let b = build(&[]);
    // `kursk` has "defence of the air", not "air defence".
    assert_eq!(b.slugs("air defence"), ["drones", "kursk"]);
    assert_eq!(b.slugs("\"air defence\""), ["drones"]);
    assert_eq!(b.slugs("\"defence air\""), Vec::<String>::new());
    // A hyphenated word is a phrase too.
    assert_eq!(b.slugs("air-defence"), ["drones"]);
}

#[test]
fn a_minus_leaves_words_and_phrases_out() {
    let b = build(&[]);
    assert_eq!(b.slugs("drones -odesa"), ["visit"]);
    assert_eq!(b.slugs("kyiv -\"air defence\""), ["visit", "kursk"]);
}

#[test]
fn one_typo_is_forgiven_in_long_words_that_match_nothing() {
    let b = build(&[]);
    let a = b.search("Zelenskiy", &Filters::default());
    assert_eq!(slugs(&a), ["kursk"]);
    assert_eq!(a.typos, ["zelensky"]);
    assert_eq!(b.slugs("Kaliningad"), ["cable"]);
    // Short words are not guessed at.
    assert!(b.slugs("kyic").is_empty());
    // A word that matches needs no forgiving: "drone" is not "drones" one typo away.
    assert!(b.search("drone", &Filters::default()).typos.is_empty());
}

#[test]
fn case_accents_and_apostrophes_fold() {
    let b = build(&[]);
    assert_eq!(b.slugs("sebastien"), ["visit"]);
    assert_eq!(b.slugs("SÉBASTIEN"), ["visit"]);
    assert_eq!(b.slugs("kyiv's"), ["kursk"]);
    assert_eq!(b.slugs("Kyiv’s"), ["kursk"]);
}

#[test]
fn filters_combine_with_words_and_alone_list_newest_first() {
    let b = build(&[]);
    let topic = |t: &str| Filters {
        topic: Some(t.into()),
        ..Filters::default()
    };
    assert_eq!(
        b.slugs_with("", &topic("drone-strikes")),
        ["drones", "visit", "older"]
    );
    assert_eq!(
        b.slugs_with("kyiv", &topic("diplomacy")),
        ["visit", "kursk"]
    );
    let source = Filters {
        source: Some("Capital Daily".into()),
        ..Filters::default()
    };
    assert_eq!(b.slugs_with("odesa", &source), ["drones", "older"]);
    assert_eq!(b.slugs_with("", &source), ["drones", "older"]);
    let range = Filters {
        from: Some("2024-11-02".into()),
        to: Some("2024-11-04".into()),
        ..Filters::default()
    };
    assert_eq!(b.slugs_with("", &range), ["drones", "cable", "visit"]);
    assert_eq!(b.slugs_with("drone", &range), ["drones", "visit"]);
    // Topic counts are of the results before the topic filter.
    let a = b.search("kyiv", &topic("diplomacy"));
    assert_eq!(a.topic_counts["drone-strikes"], 2);
    assert_eq!(a.topic_counts["diplomacy"], 2);
    // No words and no filters: nothing.
    assert!(b.slugs("").is_empty());
}

#[test]
fn results_carry_rows_with_snippets_around_the_word() {
    let b = build(&[]);
    let a = b.search("kaliningrad", &Filters::default());
    let hit = &a.hits[0];
    assert_eq!(hit.title, "Estlink cable damaged in the Gulf of Finland");
    assert_eq!(hit.path, "2024/11/03/cable/");
    assert!(hit.snippet.contains("Kaliningrad"), "{}", hit.snippet);
    // Each word gets the snippet around it, though "take" and "tanker"
    // share a shard and a row.
    for word in ["tanker", "take"] {
        let a = b.search(word, &Filters::default());
        assert!(
            a.hits[0].snippet.contains(word),
            "{word}: {}",
            a.hits[0].snippet
        );
    }
    // A one-word query needs its shard and docs.json only.
    let mut r = b.reader();
    r.search("estlink", &Filters::default()).unwrap();
    assert_eq!(r.shards_read(), 1);
}

#[test]
fn drafts_are_indexed_only_when_the_build_includes_them() {
    let b = build(&[]);
    assert!(b.slugs("zanzibar").is_empty());
    let with = build(&["--drafts"]);
    assert_eq!(with.slugs("zanzibar"), ["secret"]);
}

#[test]
fn the_page_the_box_and_the_script_are_there_and_under_the_sub_path() {
    let b = build(&[]);
    let root = b.root();
    let page = std::fs::read_to_string(root.join("search/index.html")).unwrap();
    assert!(page.contains(r#"id="search-results""#));
    assert!(page.contains(r#"role="search""#));
    assert!(page.contains(r#"src="/digest/search.js""#));
    assert!(page.contains(r#"data-base="/digest/""#));
    assert!(page.contains("<noscript>"));
    assert!(root.join("search.js").is_file());
    let home = std::fs::read_to_string(root.join("index.html")).unwrap();
    assert!(home.contains(r#"<form class="masthead-search" role="search" aria-label="Search" action="/digest/search/" method="get">"#));
}

#[test]
fn search_false_leaves_the_page_the_index_and_the_box_out() {
    let site = site_with(&format!("{SITE}search: false\n"));
    let out = tempfile::tempdir().unwrap();
    common::build(site.path(), out.path(), &[]);
    assert!(!out.path().join("search").exists());
    assert!(!out.path().join("search.js").exists());
    let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(!home.contains("masthead-search"));
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/search/"));
}

#[test]
fn the_page_speaks_the_sites_language() {
    let site = site_with(&SITE.replace("title: Search Test", "title: Search Test\nlanguage: fr"));
    let out = tempfile::tempdir().unwrap();
    common::build(site.path(), out.path(), &[]);
    let page = std::fs::read_to_string(out.path().join("search/index.html")).unwrap();
    assert!(page.contains("Tous les thèmes"), "{page}");
    assert!(page.contains(r#""results_many":"{n} dépêches""#));
}

#[test]
fn two_builds_write_the_same_index() {
    let a = build(&[]);
    let b = build(&[]);
    let tree = |p: &Path| common::read_tree(&p.join("search"));
    assert_eq!(
        tree(&a.out.path().join("public")),
        tree(&b.out.path().join("public"))
    );
}
