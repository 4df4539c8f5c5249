//! The real raw files in `../shared/seeds` (beside the checkout in CI),
//! imported and checked against facts read by hand from each file: entry
//! counts, dates and times, authors, sources, topics and drone figures.
//! Skipped, with a message, when the folder is absent.

use std::path::{Path, PathBuf};

mod import_common;

use import_common::dates;

use sitrep::import::entry::Converted;
use sitrep::import::recognise::Format;

fn seeds() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipped: {} is absent (the seed files live beside the checkout)",
            dir.display()
        );
        None
    }
}

fn import(prefix: &str, date: Option<&str>) -> Option<Converted> {
    let dir = seeds()?;
    let path = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })?;
    Some(import_common::import_file(&path, date))
}

fn has(c: &Converted, entry: usize, topic: &str) -> bool {
    c.entries[entry].topics.iter().any(|t| t == topic)
}

#[test]
fn seed_000_single_article() {
    let Some(c) = import("000_", Some("2025-01-18")) else {
        return;
    };
    assert_eq!(c.format, Format::Article);
    assert_eq!(c.entries.len(), 1);
    let e = &c.entries[0];
    assert!(
        e.title.starts_with("France has accused Russia of"),
        "{}",
        e.title
    );
    assert!(e.title.chars().count() <= 100);
    for t in [
        "baltic-incidents",
        "north-korean-troops",
        "drone-strikes",
        "air-incidents",
    ] {
        assert!(has(&c, 0, t), "{t}");
    }
    assert_eq!(e.body.matches("\n\n").count(), 9, "ten paragraphs stay ten");
    // Four drone reports: 7 downed (Kaluga), 9 and 5 Ukrainian drones, 33 of 50 Russian.
    let downed: Vec<Option<u64>> = e.drones.iter().map(|r| r.downed).collect();
    assert_eq!(downed, [Some(7), Some(9), Some(5), Some(33)]);
    assert_eq!(e.drones[3].launched, Some(50));
    // No date in the text: it needs --date.
    let undated = import("000_", None).unwrap();
    assert!(undated.check_dates(Path::new("000")).is_err());
}

#[test]
fn seed_001_briefs() {
    let Some(c) = import("001_", Some("2024-12-28")) else {
        return;
    };
    assert_eq!(c.format, Format::Briefs);
    assert_eq!(c.entries.len(), 10);
    assert!(
        c.entries
            .iter()
            .all(|e| !e.body.contains("Read More") && !e.body.contains("Continue reading"))
    );
    assert!(
        c.entries[1]
            .body
            .contains("tragic accident born from the intense pressure"),
        "the continued brief keeps both paragraphs"
    );
    assert!(has(&c, 0, "air-incidents"));
    assert!(has(&c, 3, "energy"));
    assert!(has(&c, 4, "baltic-incidents"));
    assert!(has(&c, 5, "military-aid"));
    assert!(has(&c, 6, "north-korean-troops"));
    assert!(has(&c, 7, "drone-strikes"));
    assert!(has(&c, 8, "military-aid"));
    assert!(has(&c, 9, "north-korean-troops"));
    assert_eq!(dates(&c), vec!["2024-12-28".to_string(); 10]);
}

#[test]
fn seed_002_gmt_updates() {
    let Some(c) = import("002_", Some("2024-12-27")) else {
        return;
    };
    assert_eq!(c.format, Format::Updates);
    assert_eq!(
        dates(&c),
        [
            "2024-12-27T13:03:00Z",
            "2024-12-27T12:52:00Z",
            "2024-12-27T09:47:00Z",
            "2024-12-27T09:30:00Z",
            "2024-12-27T08:20:00Z",
            "2024-12-27"
        ],
        "the tweet's 'December 26, 2024' is not a publication date"
    );
    assert!(has(&c, 0, "air-incidents"));
    assert!(has(&c, 1, "north-korean-troops"));
    assert!(has(&c, 3, "drone-strikes"));
    assert!(has(&c, 4, "baltic-incidents"));
    assert!(has(&c, 5, "north-korean-troops"));
    let d = &c.entries[3].drones[0];
    assert_eq!(
        (d.launched, d.downed, d.lost),
        (Some(24), Some(13), Some(11))
    );
    assert!(
        c.entries[4]
            .body
            .contains("> — Mark Rutte (@SecGenNATO) December 26, 2024")
    );
    assert!(
        c.entries[5]
            .body
            .contains("### Russian Secrecy About Injured North Koreans")
    );
    let all: String = c.entries.iter().map(|e| e.body.as_str()).collect();
    assert!(!all.contains("Claimed image") && !all.contains("Coverage:") && !all.contains("Map:"));
}

#[test]
fn seed_003_headlines_and_source() {
    let Some(c) = import("003_", Some("2024-11-05")) else {
        return;
    };
    assert_eq!(c.format, Format::Headlines);
    assert_eq!(c.entries.len(), 7);
    assert!(
        c.entries
            .iter()
            .all(|e| e.source.as_deref() == Some("The Independent"))
    );
    assert_eq!(c.entries[3].author.as_deref(), Some("Richard Shirreff"));
    assert_eq!(
        c.entries[6].title,
        "Russian soldiers killed by North Korean troops, Kyiv says"
    );
    let all: String = c.entries.iter().map(|e| e.body.as_str()).collect();
    assert_eq!(
        all.matches("killed eight members of the Chechen Akhmat unit")
            .count(),
        1,
        "the lead's repeat is kept once"
    );
    for teaser in [
        "What will it cost",
        "glide bombs changing",
        "Winged explosives",
        "Recap:",
        "My colleague",
    ] {
        assert!(!all.contains(teaser), "{teaser}");
    }
    assert!(has(&c, 4, "north-korean-troops"));
    assert!(has(&c, 5, "frontline"));
}

#[test]
fn seed_004_unix_time_live_blog() {
    let Some(c) = import("004_", Some("2024-11-02")) else {
        return;
    };
    assert_eq!(c.format, Format::Timestamps);
    assert_eq!(c.entries.len(), 11);
    let d = dates(&c);
    assert_eq!(d[0], "2024-11-02", "the lead has no stamp: --date");
    assert_eq!(
        d[1], "2024-11-02T16:20:00Z",
        "the byline time the reader sees"
    );
    assert_eq!(d[4], "2024-11-02T13:41:00Z");
    assert_eq!(d[10], "2024-11-02T08:22:00Z");
    assert_eq!(
        c.page_date.map(|(_, _, used)| used),
        Some(false),
        "Saturday, November 23 contradicts the stamps"
    );
    assert_eq!(c.entries[1].author.as_deref(), Some("Alex Croft"));
    assert_eq!(c.entries[10].author.as_deref(), Some("Tara Cobham"));
    let e = &c.entries[4];
    assert_eq!(
        e.title,
        "Ukrainian air force downs 39 out of 71 Russian drones"
    );
    let r = &e.drones[0];
    assert_eq!(
        (r.launched, r.downed, r.lost, r.returned),
        (Some(71), Some(39), Some(21), Some(5))
    );
    assert!(has(&c, 4, "drone-strikes"));
    assert!(
        !has(&c, 2, "north-korean-troops"),
        "a missile test is not troops"
    );
    assert!(has(&c, 7, "north-korean-troops"));
    let all: String = c.entries.iter().map(|e| e.body.as_str()).collect();
    assert!(
        !all.contains("(REUTERS)") && !all.contains("(EPA)") && !all.contains("Latest article")
    );
    assert_eq!(
        all.matches("Debris from downed drones struck six").count(),
        1
    );
}

/// Stories decided by shingle similarity, on pairs read by hand.
#[test]
fn seed_stories() {
    use sitrep::import::story::{Candidate, assign};
    let (Some(a), Some(b), Some(c)) = (
        import("001_", Some("2024-12-28")),
        import("002_", Some("2024-12-27")),
        import("003_", Some("2024-12-27")),
    ) else {
        return;
    };
    let mut cands: Vec<Candidate> = [&a, &b, &c]
        .iter()
        .flat_map(|f| f.entries.iter())
        .map(|e| Candidate {
            title: e.title.clone(),
            day: e.date.unwrap().day(&jiff::tz::TimeZone::UTC),
            shingles: e.shingles.clone(),
            story: None,
            hint: None,
            launched: e.launched(),
        })
        .collect();
    let s = assign(&mut cands);
    // Positions: 001 entries 1–10 at 0–9, 002 entries 1–6 at 10–15, 003 entries 0–6 at 16–22.
    let same = [
        (2, 3, "001: two briefs on Fico's threat"),
        (11, 15, "002: the captured soldier, then his death"),
        (
            9,
            15,
            "001 and 002: the captured soldier told by two outlets",
        ),
        (
            0,
            10,
            "001 and 002: the Azerbaijan Airlines crash told by two outlets",
        ),
        (
            16,
            20,
            "003: the lead and the full story of Zelensky's warning",
        ),
    ];
    for (a, b, what) in same {
        assert_eq!(s[a], s[b], "{what}");
    }
    let apart = [
        (
            15,
            22,
            "captured soldier / friendly fire: two North Korean troop events",
        ),
        (6, 11, "human-wave assaults / captured soldier"),
        (2, 11, "Fico / captured soldier"),
        (21, 15, "villages in Donetsk / captured soldier"),
        (7, 13, "drone depot strike / overnight attacks"),
    ];
    for (a, b, what) in apart {
        assert_ne!(s[a], s[b], "{what}");
    }
}

/// Nothing is lost: every line of every seed is in an entry (title or
/// body) or was left out for a stated reason (navigation, caption, byline,
/// repeat…); and no news paragraph is in two entries.
#[test]
fn every_seed_line_is_accounted_for() {
    for (prefix, date) in [
        ("000_", "2025-01-18"),
        ("001_", "2024-12-28"),
        ("002_", "2024-12-27"),
        ("003_", "2024-11-05"),
        ("004_", "2024-11-02"),
    ] {
        let Some(c) = import(prefix, Some(date)) else {
            return;
        };
        let dir = seeds().unwrap();
        let path = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            })
            .unwrap();
        let raw = std::fs::read_to_string(path).unwrap();
        let text: String = c
            .entries
            .iter()
            .map(|e| format!("{}\n{}\n", e.title, e.body))
            .collect::<String>()
            .replace('\\', "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let dropped: Vec<&str> = c.dropped.iter().map(|d| d.text.as_str()).collect();
        for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let core = line
                .trim_end_matches("Continue reading")
                .trim_end()
                .trim_end_matches('…');
            let after_marker = line.split_once("ENTRY: ").map_or(line, |(_, rest)| rest);
            let found =
                dropped.contains(&line) || text.contains(core) || text.contains(after_marker);
            assert!(found, "{prefix}: lost line: {line}");
        }
        for e in &c.entries {
            for para in e.body.split("\n\n").filter(|p| p.split(' ').count() > 6) {
                let elsewhere = c.entries.iter().filter(|o| o.body.contains(para)).count();
                assert_eq!(
                    elsewhere, 1,
                    "{prefix}: paragraph in {elsewhere} entries: {para}"
                );
            }
        }
    }
}
