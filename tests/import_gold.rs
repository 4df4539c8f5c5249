//! The import scored against the gold annotations in `../shared/import-corpus`
//! (eight page copies in layouts the importer was not written for) and
//! against the seeds' gold file, the way `score.sh` scores a release build:
//! every item found, every file's entry count in its range, no junk line in
//! any entry, every date and time exact, and the named-topic F1. It imports
//! through the library, so it needs neither Python nor a release build.
//! Skipped, with a message, when `../shared` is absent.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

mod import_common;

use sitrep::import::dates::PubDate;
use sitrep::import::entry::Entry;

/// The figures `score.py` prints.
#[derive(Debug, Default)]
struct Figures {
    items: usize,
    found: usize,
    files: usize,
    counts_ok: usize,
    junk: usize,
    dates: usize,
    dates_ok: usize,
    tp: usize,
    fp: usize,
    fn_: usize,
    misses: Vec<String>,
}

impl Figures {
    fn topic_f1(&self) -> f64 {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Text as `score.py` compares it: Markdown escapes and marks removed,
/// white space collapsed.
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '*' | '_' | '`' | '>' | '#' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_sequence()
        .map(|s| s.iter().map(text_of).collect())
        .unwrap_or_default()
}

fn date_matches(e: &Entry, item: &Value) -> Option<bool> {
    if let Some(want) = item.get("datetime") {
        let want: jiff::Timestamp = text_of(want).parse().ok()?;
        return Some(matches!(e.date, Some(PubDate::At(t)) if t == want));
    }
    let want = text_of(item.get("date")?);
    let got = match e.date? {
        PubDate::At(t) => t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
        PubDate::Day(d) => d,
    };
    Some(got.to_string() == want)
}

/// Imports every file the gold file names from `texts` and scores it.
fn score(gold: &Path, texts: &Path) -> Figures {
    let gold: Value = serde_yaml::from_str(&std::fs::read_to_string(gold).unwrap()).unwrap();
    let named: BTreeSet<String> = strings(&gold["scored_topics"]).into_iter().collect();
    let mut f = Figures::default();
    let files = gold["files"].as_mapping().expect("a files map");
    for (name, spec) in files {
        let name = text_of(name);
        let path = texts.join(&name);
        let date = spec.get("date").map(text_of);
        let mut c = import_common::import_file(&path, date.as_deref());
        c.take_undated(&path);
        if c.check_dates(&path).is_err() {
            c.entries.clear();
        }
        let bodies: Vec<String> = c
            .entries
            .iter()
            .map(|e| norm(&format!("{} {}", e.title, e.body)))
            .collect();
        let range = strings(&spec["entries"]);
        let (lo, hi): (usize, usize) = (range[0].parse().unwrap(), range[1].parse().unwrap());
        f.files += 1;
        if (lo..=hi).contains(&c.entries.len()) {
            f.counts_ok += 1;
        } else {
            f.misses.push(format!(
                "{name}: {} entries, want {lo}-{hi}; their dates {:?}",
                c.entries.len(),
                import_common::dates(&c)
            ));
        }
        for item in spec["items"].as_sequence().unwrap() {
            f.items += 1;
            let keys: Vec<String> = strings(&item["keys"]).iter().map(|k| norm(k)).collect();
            let want: BTreeSet<String> = strings(&item["topics"]).into_iter().collect();
            let hits: Vec<usize> = (0..bodies.len())
                .filter(|&i| keys.iter().any(|k| bodies[i].contains(k.as_str())))
                .collect();
            let Some(&first) = hits.first() else {
                f.misses.push(format!("{name}: not found: {}", keys[0]));
                f.fn_ += want.len();
                continue;
            };
            f.found += 1;
            let got: BTreeSet<String> = hits
                .iter()
                .flat_map(|&i| c.entries[i].topics.iter().cloned())
                .filter(|t| named.contains(t))
                .collect();
            f.tp += got.intersection(&want).count();
            f.fp += got.difference(&want).count();
            f.fn_ += want.difference(&got).count();
            if let Some(ok) = date_matches(&c.entries[first], item) {
                f.dates += 1;
                if ok {
                    f.dates_ok += 1;
                } else {
                    f.misses.push(format!(
                        "{name}: date of \"{}\": {:?}",
                        keys[0],
                        c.entries[first].date.map(PubDate::to_front_matter)
                    ));
                }
            }
        }
        for junk in strings(&spec["junk"]) {
            let j = norm(&junk);
            let n = bodies.iter().filter(|b| b.contains(j.as_str())).count();
            if n > 0 {
                f.junk += n;
                f.misses.push(format!("{name}: junk line kept: {junk}"));
            }
        }
    }
    println!(
        "items {}/{}, counts ok {}/{}, junk {}, dates {}/{}, topics F1 {:.2}",
        f.found,
        f.items,
        f.counts_ok,
        f.files,
        f.junk,
        f.dates_ok,
        f.dates,
        f.topic_f1()
    );
    f
}

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        println!(
            "skipped: {} is absent (it lives beside the checkout)",
            p.display()
        );
        None
    }
}

/// Asserts the figures every layout must reach; `min_f1` is the topic F1
/// reached so far (the goal is 0.95 everywhere).
fn assert_figures(f: &Figures, min_f1: f64) {
    let why = f.misses.join("\n");
    assert_eq!(f.found, f.items, "every item found:\n{why}");
    assert_eq!(f.counts_ok, f.files, "every entry count in range:\n{why}");
    assert_eq!(f.junk, 0, "no junk line:\n{why}");
    assert_eq!(f.dates_ok, f.dates, "every date exact:\n{why}");
    assert!(
        f.topic_f1() >= min_f1,
        "topic F1 {:.2} < {min_f1}",
        f.topic_f1()
    );
}

#[test]
fn corpus_of_unseen_layouts_scores() {
    let Some(dir) = shared("import-corpus") else {
        return;
    };
    let f = score(&dir.join("gold.yaml"), &dir);
    assert_figures(&f, 0.95);
}

#[test]
fn seeds_score() {
    let (Some(dir), Some(seeds)) = (shared("import-corpus"), shared("seeds")) else {
        return;
    };
    let f = score(&dir.join("seeds-gold.yaml"), &seeds);
    assert_figures(&f, 0.95);
}
