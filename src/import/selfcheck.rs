//! The properties the fuzz target and the property tests check on any
//! input: converting never panics, every file import would write is
//! accepted by the same front-matter parser `sitrep build` uses, and its
//! front matter is what serde_yaml itself would write.

use std::path::Path;
use std::sync::LazyLock;

use crate::config::Config;
use crate::content;
use crate::import::dates;
use crate::import::entry::{Settings, convert};
use crate::import::recognise::Format;
use crate::import::topics::Matcher;
use crate::import::{input, write};

const CONFIG: &str = r#"
title: check
topics:
  - slug: drone-strikes
    name: Drone strikes
    match: { phrases: { drones: 2, "drone attack": 3 }, require: [[drone, drones]], threshold: 2 }
  - slug: north-korean-troops
    name: North Korean troops
    match: { phrases: { "north korean troops": 4 }, exclude: [missile], threshold: 4 }
gazetteer:
  - { name: Kyiv, aliases: [Kiev] }
"#;

/// The check's site, built once per process (the fuzzer runs many inputs in one).
static SITE: LazyLock<Result<(Config, Matcher), String>> = LazyLock::new(|| {
    let config = Config::parse(CONFIG, Path::new("site.yaml")).map_err(|d| d.to_string())?;
    let matcher = Matcher::new(&config)?;
    Ok((config, matcher))
});

/// Compiles every lazily built pattern by checking a text that reaches
/// them all, so a fuzzer's first inputs are not charged for it.
pub fn warm_up() {
    let text = "Monday, March 3, 2025\nBy Ann Lee\nKYIV -- Troops said: we left.\n1730564427\nA headline here\nAir defences downed 3 of 9 drones, and 2 were lost.\nSmoke over the port (AFP)\nJane Doe2 November 2024 16:20\nUPDATE 0930 GMT:\n12:14 , Ann Lee\nRead More\nSource: example.org\nKey events\n- item\nKey Takeaways:\n";
    let _ = check(text.as_bytes());
}

/// Converts `data` with every format (recognised and forced) and parses
/// every rendered file back. `Err` names the first broken property; a
/// panic anywhere is a failure too. Returns how many files were checked.
pub fn check(data: &[u8]) -> Result<usize, String> {
    let (config, matcher) = match &*SITE {
        Ok(site) => (&site.0, &site.1),
        Err(e) => return Err(e.clone()),
    };
    let name = Path::new("fuzz.txt");
    // The front-matter parser itself must not panic on raw input.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = content::parse_page("x.md", Path::new("x.md"), text, config);
    }
    let Ok(text) = input::decode(name, data.to_vec()) else {
        return Ok(0);
    };
    let mut checked = 0;
    let forced = std::iter::once(None).chain(Format::ALL.into_iter().map(Some));
    // Text with markup also goes the saved-web-page way (JSON-LD, readability).
    let as_page = text.contains('<').then_some(None);
    for (format, page) in forced.map(|f| (f, false)).chain(as_page.map(|f| (f, true))) {
        let settings = Settings {
            config,
            matcher,
            given: dates::parse_given("2024-11-02").ok(),
            source: None,
            format,
            // Figures with and without their sentences kept.
            explain: format.is_none(),
        };
        let converted = if page {
            crate::import::html::convert(Path::new("fuzz.html"), &text, &settings)
        } else {
            convert(name, &text, &settings)
        };
        let Ok(converted) = converted else {
            continue;
        };
        for entry in &converted.entries {
            if entry.title.trim().is_empty()
                || entry.title.chars().count() > 200 && entry.title.contains('…')
            {
                return Err(format!("bad title {:?}", entry.title));
            }
            // The fast front matter writer writes what serde_yaml would.
            let fm = write::front_matter(entry, "fuzz.txt");
            let ours = fm.to_yaml().map_err(|e| e.to_string())?;
            let theirs = serde_yaml::to_string(&fm).map_err(|e| e.to_string())?;
            if ours != theirs {
                return Err(format!(
                    "front matter differs from serde_yaml's\n{ours}\n---\n{theirs}"
                ));
            }
            let file = write::render(entry, "fuzz.txt").map_err(|e| e.to_string())?;
            content::parse_page("2024/11/02/x.md", Path::new("x.md"), &file, config)
                .map_err(|d| format!("{d}\n--- file ---\n{file}"))?;
            if write::state(&file) != write::State::AsImported {
                return Err(format!("hash does not verify\n{file}"));
            }
            checked += 1;
        }
    }
    Ok(checked)
}
