//! Each recogniser and splitter on a fixture written for it (in our own
//! words, in the layout of a real source): the format is recognised, the
//! entries, titles, dates, authors, topics and figures come out as read by
//! hand, and every file import would write passes the front-matter parser.

use std::path::Path;

mod import_common;

use import_common::dates;

use sitrep::import::convert;
use sitrep::import::dates::parse_given;
use sitrep::import::entry::{Converted, Settings};
use sitrep::import::recognise::Format;
use sitrep::import::topics::Matcher;

fn import(name: &str, date: Option<&str>) -> Converted {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    import_common::import_file(&path, date)
}

fn titles(c: &Converted) -> Vec<&str> {
    c.entries.iter().map(|e| e.title.as_str()).collect()
}

#[test]
fn single_article() {
    let c = import("article.txt", Some("2025-03-03"));
    assert_eq!(c.format, Format::Article);
    assert_eq!(c.entries.len(), 1);
    let e = &c.entries[0];
    assert!(e.title.starts_with("Finland says a Russian radar"));
    assert!(e.title.chars().count() <= 100 && e.title.ends_with('…'));
    assert!(e.topics.contains(&"baltic-incidents".to_string()));
    assert_eq!(
        e.body.matches("\n\n").count(),
        4,
        "five paragraphs stay five"
    );
    assert_eq!(e.drones.len(), 2, "two separate drone reports");
}

#[test]
fn briefs_split_on_read_more_and_continue_reading() {
    let c = import("briefs.txt", Some("2025-03-03"));
    assert_eq!(c.format, Format::Briefs);
    assert_eq!(c.entries.len(), 3);
    assert!(
        c.entries[1]
            .body
            .contains("shadow fleet of ageing tankers was a risk")
    );
    assert!(!c.entries[1].body.contains("Continue reading"));
    assert!(c.entries.iter().all(|e| !e.body.contains("Read More")));
    assert!(
        c.entries[1]
            .topics
            .contains(&"baltic-incidents".to_string())
    );
}

#[test]
fn updates_with_gmt_markers() {
    let c = import("updates.txt", Some("2025-03-03"));
    assert_eq!(c.format, Format::Updates);
    assert_eq!(
        dates(&c),
        [
            "2025-03-03T14:15:00Z",
            "2025-03-03T11:20:00Z",
            "2025-03-03T09:05:00Z",
            "2025-03-03"
        ]
    );
    let tweet = &c.entries[1];
    assert_eq!(
        tweet.title,
        "The head of NATO wrote after meeting Finland’s president"
    );
    assert!(tweet.body.contains("> We discussed the damaged cables"));
    assert!(
        tweet
            .body
            .contains("> — A Secretary General (@nato\\_chief) March 3, 2025")
    );
    let drones = &c.entries[2].drones[0];
    assert_eq!(
        (drones.launched, drones.downed, drones.lost),
        (Some(40), Some(31), Some(9))
    );
    let original = &c.entries[3];
    assert!(original.body.contains("### Hospital Under Guard"));
    assert!(
        original
            .body
            .contains("> I saw police at every door of the ward.")
    );
    assert!(
        original.body.contains("\n\nA second nurse said"),
        "narrative after the quote is not quoted"
    );
    assert!(original.topics.contains(&"north-korean-troops".to_string()));
    // The lines before the first marker are a caption, a teaser and a credit.
    assert!(
        c.entries
            .iter()
            .all(|e| !e.body.contains("Coverage") && !e.body.contains("Map:"))
    );
}

#[test]
fn updates_without_a_date_fail_naming_date() {
    let c = import("updates.txt", None);
    let err = c.check_dates(Path::new("updates.txt")).unwrap_err();
    assert!(err.to_string().contains("--date"), "{err}");
    assert!(err.to_string().contains("updates.txt"), "{err}");
}

#[test]
fn headlines_with_source_footer() {
    let c = import("headlines.txt", Some("2025-03-03"));
    assert_eq!(c.format, Format::Headlines);
    assert_eq!(
        titles(&c),
        [
            "Officials in Kyiv said more North Korean troops were expected in Kursk before winter.",
            "Front line moves near Kurakhove",
            "Minister urges more air defence",
            "Friendly fire in Kursk, Kyiv says",
        ]
    );
    assert!(
        c.entries
            .iter()
            .all(|e| e.source.as_deref() == Some("The Independent"))
    );
    assert_eq!(c.entries[2].author.as_deref(), Some("John Example"));
    let all: String = c.entries.iter().map(|e| e.body.as_str()).collect();
    assert_eq!(
        all.matches("mix-up left six Russian soldiers").count(),
        1,
        "the repeated post is kept once"
    );
    for teaser in [
        "changed the war",
        "Cheap and deadly",
        "Soldiers train",
        "My colleague",
        "How long can",
    ] {
        assert!(!all.contains(teaser), "{teaser}");
    }
}

#[test]
fn timestamps_with_uk_bylines() {
    let c = import("timestamps.txt", Some("2024-07-01"));
    assert_eq!(c.format, Format::Timestamps);
    assert_eq!(
        dates(&c),
        ["2024-07-01", "2024-07-01T09:30:00Z", "2024-07-01T08:30:00Z"]
    );
    assert_eq!(
        c.entries[0].title,
        "Ukraine war live: Kyiv shaken by night of drone attacks"
    );
    assert!(
        !c.entries[0].body.contains("six hours"),
        "the lead's repeat of a post goes"
    );
    assert_eq!(c.entries[1].author.as_deref(), Some("Jane Example"));
    let d = &c.entries[1].drones[0];
    assert_eq!(
        (d.launched, d.downed, d.lost),
        (Some(60), Some(45), Some(12))
    );
    assert!(!c.entries[1].body.contains("Firefighters"), "captions go");
    assert!(
        c.entries
            .iter()
            .all(|e| !e.body.contains("Latest article") && !e.body.contains("Footage"))
    );
    // The page says March 2025; the posts' own stamps say July 2024 and win.
    assert_eq!(c.page_date.map(|(_, _, used)| used), Some(false));
}

#[test]
fn timestamps_lead_takes_the_day_the_posts_agree_on() {
    // No --date, and the page date contradicts the posts: the lead takes
    // the day the posts' own stamps agree on, so nothing stops the file.
    let c = import("timestamps.txt", None);
    assert!(c.check_dates(Path::new("timestamps.txt")).is_ok());
    assert_eq!(c.page_date.map(|(_, _, used)| used), Some(false));
    let posts_day = &dates(&c)[1][..10];
    assert_eq!(dates(&c)[0], posts_day);
    assert_eq!(
        c.entries[0].date_from,
        "the day the posts' own stamps agree on"
    );
}

#[test]
fn stamped_posts() {
    let c = import("stamped.txt", Some("2025-03-03"));
    assert_eq!(c.format, Format::Stamped);
    assert_eq!(
        titles(&c)[1..],
        [
            "Ceasefire talks break for lunch",
            "Drones downed over Bryansk"
        ]
    );
    // "14:05" names no zone and the source has none in site.yaml: the day
    // only, never an invented time.
    assert_eq!(dates(&c)[1..], ["2025-03-03", "2025-03-03"]);
    assert_eq!(c.entries[2].author.as_deref(), Some("Kim Example"));
    assert_eq!(c.entries[2].drones[0].downed, Some(8));
    // With the source's zone declared, the clock is placed in it.
    let mut config = import_common::site();
    config.sources.insert(
        "Example Wire".into(),
        sitrep::config::SourceConfig {
            timezone: Some("Europe/Kyiv".into()),
            ..Default::default()
        },
    );
    let matcher = Matcher::new(&config).unwrap();
    let settings = Settings {
        config: &config,
        matcher: &matcher,
        given: parse_given("2025-03-03").ok(),
        source: Some("example wire".into()),
        format: None,
        explain: true,
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/stamped.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let c = convert(&path, &text, &settings).unwrap();
    assert_eq!(
        dates(&c)[1..],
        ["2025-03-03T12:05:00Z", "2025-03-03T10:40:00Z"]
    );
}

#[test]
fn key_events_bullets_are_briefs() {
    let c = import("key_events.txt", Some("2025-03-03"));
    assert_eq!(c.format, Format::KeyEvents);
    assert_eq!(c.entries.len(), 6);
    assert_eq!(c.entries[1].tags, ["fighting"]);
    assert_eq!(c.entries[3].tags, ["diplomacy"]);
    // A section heading of two words is a tag name, not a slug.
    assert_eq!(c.entries[5].tags, ["air defence"]);
    assert!(c.entries[3].topics.contains(&"diplomacy".to_string()));
    assert!(!c.entries[0].body.contains("Fighting"));
}

#[test]
fn dateline_article() {
    let c = import("dateline.txt", Some("2025-03-03"));
    assert_eq!(c.format, Format::Dateline);
    let e = &c.entries[0];
    assert_eq!(
        e.title,
        "Explosions shake Kharkiv as drones hit power plant"
    );
    assert_eq!(e.author.as_deref(), Some("Alex Example"));
    assert!(e.places.contains(&"Kyiv".to_string()));
    assert!(
        e.body.starts_with("KYIV \\-\\- Russian drones"),
        "{}",
        e.body
    );
    assert!(e.topics.contains(&"energy".to_string()));
}

#[test]
fn assessment_with_key_takeaways() {
    let c = import("assessment.txt", None);
    assert_eq!(c.format, Format::Assessment);
    let e = &c.entries[0];
    assert_eq!(
        dates(&c),
        ["2025-03-03"],
        "the title's date is the assessment's own"
    );
    assert!(
        e.body
            .contains("### Key Takeaways\n\n- Russian forces made confirmed advances")
    );
    assert_eq!(e.body.matches("\n- ").count(), 3);
    assert!(e.body.contains("### Ukrainian Operations in Kursk"));
}

#[test]
fn forced_format_overrides_recognition() {
    let config = import_common::site();
    let matcher = Matcher::new(&config).unwrap();
    let text = "First line of prose here.\nRead More\nSecond brief of prose.\nRead More\n";
    let settings = Settings {
        config: &config,
        matcher: &matcher,
        given: parse_given("2025-03-03").ok(),
        source: Some("Example Wire".into()),
        format: Some(Format::Article),
        explain: true,
    };
    let c = convert(Path::new("x.txt"), text, &settings).unwrap();
    assert_eq!(
        (c.format, c.forced, c.entries.len()),
        (Format::Article, true, 1)
    );
    assert_eq!(c.entries[0].source.as_deref(), Some("Example Wire"));
}

/// Texts that once took time quadratic in their length (a "prose follows"
/// scan per line, 59 s for 60,000 lines): they convert; bench/import.sh
/// times them.
#[test]
fn long_texts_of_one_kind_of_line_convert() {
    let config = import_common::site();
    let matcher = Matcher::new(&config).unwrap();
    let settings = Settings {
        config: &config,
        matcher: &matcher,
        given: None,
        source: None,
        format: None,
        explain: true,
    };
    let letters = "a\n".repeat(100_000);
    let datelines: String = (0..30_000)
        .map(|i| format!("KYIV -- dispatch {i}\n"))
        .collect();
    for text in [letters, datelines] {
        let c = convert(Path::new("long.txt"), &text, &settings).unwrap();
        assert_eq!(c.entries.len(), 1);
    }
}

#[test]
fn every_preset_is_a_boundary_of_the_segmenter() {
    // Each layout's fixture is cut by its preset's boundary, at the lines
    // that start its posts, and --explain says so.
    for (file, preset, boundary) in [
        (
            "timestamps.txt",
            "timestamps",
            "a time stamp line x2, score 0.80, at lines 13, 26",
        ),
        (
            "updates.txt",
            "updates",
            "a post marker (\"UPDATE 1303 GMT:\", \"12:14 , Author\") x4, score 0.90, at lines 4, 7, 12, 15",
        ),
        (
            "stamped.txt",
            "stamped",
            "a post marker (\"UPDATE 1303 GMT:\", \"12:14 , Author\") x2, score 0.80, at lines 3, 6",
        ),
        (
            "key_events.txt",
            "key-events",
            "a bulleted item under a \"Key events\" line x5, score 1.00, at lines 5, 6, 8, 9, 11",
        ),
        (
            "headlines.txt",
            "headlines",
            "a headline over its paragraphs x3, score 1.00, at lines 9, 13, 16",
        ),
        (
            "briefs.txt",
            "briefs",
            "a \"Read More\" or \"Continue reading\" ending",
        ),
        (
            "assessment.txt",
            "assessment",
            "none; the text is one entry",
        ),
    ] {
        let c = import(file, Some("2025-03-03"));
        let report = sitrep::import::explain(Path::new(file), &c);
        assert!(
            report.contains(&format!("preset: `{preset}`; runner-up: `")),
            "{file}: {report}"
        );
        assert!(
            report.contains(&format!("  boundary: {boundary}")),
            "{file}: {report}"
        );
    }
}
