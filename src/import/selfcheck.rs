//! The properties the fuzz target and the property tests check on any
//! input: converting never panics, and every file import would write is
//! accepted by the same front-matter parser `sitrep build` uses.

use std::path::Path;

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

/// Converts `data` with every format (recognised and forced) and parses
/// every rendered file back. `Err` names the first broken property; a
/// panic anywhere is a failure too. Returns how many files were checked.
pub fn check(data: &[u8]) -> Result<usize, String> {
    let config = Config::parse(CONFIG, Path::new("site.yaml")).map_err(|d| d.to_string())?;
    let matcher = Matcher::new(&config)?;
    let name = Path::new("fuzz.txt");
    // The front-matter parser itself must not panic on raw input.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = content::parse_page("x.md", Path::new("x.md"), text, &config);
    }
    let Ok(text) = input::decode(name, data.to_vec()) else {
        return Ok(0);
    };
    let mut checked = 0;
    let forced = std::iter::once(None).chain(Format::ALL.into_iter().map(Some));
    for format in forced {
        let settings = Settings {
            config: &config,
            matcher: &matcher,
            given: dates::parse_given("2024-11-02").ok(),
            source: None,
            format,
        };
        let Ok(converted) = convert(name, &text, &settings) else {
            continue;
        };
        for entry in &converted.entries {
            if entry.title.trim().is_empty()
                || entry.title.chars().count() > 200 && entry.title.contains('…')
            {
                return Err(format!("bad title {:?}", entry.title));
            }
            let file = write::render(entry, "fuzz.txt");
            content::parse_page("2024/11/02/x.md", Path::new("x.md"), &file, &config)
                .map_err(|d| format!("{d}\n--- file ---\n{file}"))?;
            if write::state(&file) != write::State::AsImported {
                return Err(format!("hash does not verify\n{file}"));
            }
            checked += 1;
        }
    }
    Ok(checked)
}
