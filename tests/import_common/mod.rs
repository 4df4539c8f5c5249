//! Shared by the import tests: convert one raw file with the repository's
//! site.yaml and check every dated entry's file with the page parser
//! `sitrep build` uses.

use std::path::Path;

use sitrep::config::Config;
use sitrep::content;
use sitrep::import::dates::parse_given;
use sitrep::import::entry::{Converted, Settings};
use sitrep::import::topics::Matcher;
use sitrep::import::{convert, render};

/// The repository's own site configuration.
pub(crate) fn site() -> Config {
    Config::load(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("the repository's site.yaml loads")
}

/// Converts the file at `path` (with `--date date`) and checks its files.
pub(crate) fn import_file(path: &Path, date: Option<&str>) -> Converted {
    let config = site();
    let matcher = Matcher::new(&config).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let settings = Settings {
        config: &config,
        matcher: &matcher,
        given: date.map(|d| parse_given(d).unwrap()),
        source: None,
        format: None,
        explain: true,
    };
    let converted = convert(path, &text, &settings).unwrap();
    for e in converted.entries.iter().filter(|e| e.date.is_some()) {
        let file = render(e, "raw.txt").unwrap();
        content::parse_page("2024/11/02/x.md", Path::new("x.md"), &file, &config)
            .unwrap_or_else(|d| panic!("{d}\n{file}"));
    }
    converted
}

/// Each entry's date as written to front matter (empty when it has none).
pub(crate) fn dates(c: &Converted) -> Vec<String> {
    c.entries
        .iter()
        .map(|e| e.date.map(|d| d.to_front_matter()).unwrap_or_default())
        .collect()
}
