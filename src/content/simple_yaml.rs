//! Front matter of the simplest shape, read without libyaml: one
//! `key: value` line per known field, each value a double-quoted string
//! without escapes, a plain word or phrase, a date, `true`/`false` for
//! `draft`, or a one-line list of such strings. Most hand-written and
//! benchmark files are written so, and serde_yaml spends a hundred thousand
//! instructions on each; this reader spends a few thousand.
//!
//! It reads only what it is sure serde_yaml reads the same way (the
//! property tests compare the two): anything else (another key, `figures`,
//! `origin`, an escape, a comment, a block list, a number, `null`, a
//! character YAML treats specially) gives `None`, and the caller parses the
//! whole front matter with serde_yaml, which also reports every error.

use super::frontmatter::FrontMatter;

/// The front matter `yaml` (the text between the fences) when it has the
/// simple shape, as serde_yaml would read it; `None` otherwise.
pub(crate) fn read(yaml: &str) -> Option<FrontMatter> {
    let mut fm = FrontMatter::default();
    let mut seen: u16 = 0;
    for line in yaml.split('\n') {
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        let (bit, field) = field(key)?;
        if seen & bit != 0 {
            return None; // a key given twice: serde_yaml's to report
        }
        seen |= bit;
        match field {
            Field::Text(slot) => *slot(&mut fm) = Some(text(value)?),
            Field::Date(slot) => *slot(&mut fm) = Some(serde_yaml::Value::String(date(value)?)),
            Field::List(slot) => *slot(&mut fm) = list(value)?,
            Field::Draft => {
                fm.draft = match value {
                    "true" => true,
                    "false" => false,
                    _ => return None,
                }
            }
        }
    }
    Some(fm)
}

/// Where a known key's value goes.
enum Field {
    Text(fn(&mut FrontMatter) -> &mut Option<String>),
    Date(fn(&mut FrontMatter) -> &mut Option<serde_yaml::Value>),
    List(fn(&mut FrontMatter) -> &mut Vec<String>),
    Draft,
}

/// The field of `key` with its bit in the set of keys seen; `None` for a
/// key this reader leaves to serde_yaml.
fn field(key: &str) -> Option<(u16, Field)> {
    let (n, field) = match key {
        "title" => (0, Field::Text(|f| &mut f.title)),
        "slug" => (1, Field::Text(|f| &mut f.slug)),
        "source" => (2, Field::Text(|f| &mut f.source)),
        "source_url" => (3, Field::Text(|f| &mut f.source_url)),
        "author" => (4, Field::Text(|f| &mut f.author)),
        "summary" => (5, Field::Text(|f| &mut f.summary)),
        "story" => (6, Field::Text(|f| &mut f.story)),
        "story_title" => (7, Field::Text(|f| &mut f.story_title)),
        "date" => (8, Field::Date(|f| &mut f.date)),
        "updated" => (9, Field::Date(|f| &mut f.updated)),
        "topics" => (10, Field::List(|f| &mut f.topics)),
        "tags" => (11, Field::List(|f| &mut f.tags)),
        "places" => (12, Field::List(|f| &mut f.places)),
        "draft" => (13, Field::Draft),
        _ => return None,
    };
    Some((1 << n, field))
}

/// A character YAML reads as itself inside a scalar: printable, not a
/// quote or backslash, not a line break or byte-order mark.
fn plain_char(c: char) -> bool {
    match c {
        '"' | '\\' => false,
        ' '..='~' => true,
        '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' => false,
        c => c >= '\u{A0}',
    }
}

/// A whole value that is a string: double-quoted (no escape, no quote
/// inside) or plain (see [`plain`]).
fn text(value: &str) -> Option<String> {
    match value.strip_prefix('"') {
        Some(rest) => {
            let inner = rest.strip_suffix('"')?;
            inner.chars().all(plain_char).then(|| inner.to_string())
        }
        None => plain(value, false).then(|| value.to_string()),
    }
}

/// True for a plain scalar serde_yaml reads as this very string: starting
/// with a letter (so no indicator, number or date), not `null`, `true` or
/// `false` in any of their spellings (the rule the front matter writer
/// quotes by, [`super::emit::reads_as_other`]), no `: ` or ` #` (a mapping or a
/// comment), no `:` at the end, no space at either end. In a flow list
/// (`flow`) also none of `,[]{}:#'`.
fn plain(value: &str, flow: bool) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && !value.ends_with([' ', ':'])
        && !value.contains(": ")
        && !value.contains(" #")
        && value.chars().all(plain_char)
        && (!flow || !value.contains([',', '[', ']', '{', '}', ':', '#', '\'']))
        && !super::emit::reads_as_other(value)
}

/// A date value, quoted or plain: `YYYY-MM-DD`, optionally with `THH:MM`,
/// seconds, a fraction and `Z` or an offset. Plain, such text is neither a
/// number nor anything but a string to serde_yaml (`parse_date` checks it).
fn date(value: &str) -> Option<String> {
    let text = match value.strip_prefix('"') {
        Some(rest) => rest.strip_suffix('"')?,
        None => value,
    };
    // `DDDD-DD-DD`, `DD:DD`: digits and separators at fixed places.
    let shaped = |s: &[u8], sep: u8, at: &[usize], len: usize| {
        s.len() >= len
            && (0..len).all(|i| match at.contains(&i) {
                true => s[i] == sep,
                false => s[i].is_ascii_digit(),
            })
    };
    let hm = |s: &[u8]| shaped(s, b':', &[2], 5);
    if !shaped(text.as_bytes(), b'-', &[4, 7], 10) {
        return None;
    }
    let mut rest = &text[10..];
    if let Some(time) = rest.strip_prefix('T') {
        if !hm(time.as_bytes()) {
            return None;
        }
        rest = &time[5..];
        if let Some(sec) = rest.strip_prefix(':') {
            let n = sec.bytes().take_while(u8::is_ascii_digit).count();
            if n != 2 {
                return None;
            }
            rest = &sec[2..];
            if let Some(frac) = rest.strip_prefix('.') {
                let n = frac.bytes().take_while(u8::is_ascii_digit).count();
                if n == 0 {
                    return None;
                }
                rest = &frac[n..];
            }
        }
        rest = match rest.strip_prefix('Z') {
            Some(r) => r,
            None => match rest.strip_prefix(['+', '-']) {
                Some(r) if hm(r.as_bytes()) => &r[5..],
                Some(_) => return None,
                None => rest,
            },
        };
    }
    rest.is_empty().then(|| text.to_string())
}

/// A one-line flow list: `[]`, or `[a, "b c"]` with items as in [`text`]
/// (plain ones with no flow indicator), separated by `, `.
fn list(value: &str) -> Option<Vec<String>> {
    let mut rest = value.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    while !rest.is_empty() {
        let (item, after) = match rest.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"')?;
                let inner = &quoted[..end];
                if !inner.chars().all(plain_char) {
                    return None;
                }
                (inner, &quoted[end + 1..])
            }
            None => {
                let end = rest.find(',').unwrap_or(rest.len());
                let word = &rest[..end];
                if !plain(word, true) {
                    return None;
                }
                (word, &rest[end..])
            }
        };
        items.push(item.to_string());
        rest = match after {
            "" => after,
            _ => after.strip_prefix(", ").filter(|r| !r.is_empty())?,
        };
    }
    // As serde makes it, of the list's exact length: a page keeps its lists.
    items.shrink_to_fit();
    Some(items)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::read;
    use crate::content::frontmatter::FrontMatter;

    /// What serde_yaml reads, for comparison (`Debug`: the type has no `==`).
    fn by_serde(yaml: &str) -> Option<String> {
        serde_yaml::from_str::<FrontMatter>(yaml)
            .ok()
            .map(|f| format!("{f:?}"))
    }

    /// Every front matter this reader takes is what serde_yaml makes of it.
    fn agrees(yaml: &str) -> bool {
        match read(yaml) {
            Some(f) => by_serde(yaml).as_deref() == Some(format!("{f:?}").as_str()),
            None => true,
        }
    }

    #[test]
    fn the_benchmarks_shape_is_read_as_serde_yaml_reads_it() {
        let yaml = "title: \"Evacuations continue from Kramatorsk\"\ndate: 2023-11-07T19:57:36Z\nsource: \"Al Jazeera\"\nsource_url: \"https://news.example.org/a-9\"\nauthor: \"Kateryna Jankauskas\"\ntopics: [\"baltic-incidents\", \"energy\"]\ntags: [\"chasiv-yar-shelling\", \"lviv\"]\nplaces: [\"Odesa\"]\nsummary: \"Officials said 26 people: moved # not a comment.\"\ndraft: false\n";
        let f = read(yaml).expect("the simple shape");
        assert_eq!(
            f.title.as_deref(),
            Some("Evacuations continue from Kramatorsk")
        );
        assert_eq!(f.topics, ["baltic-incidents", "energy"]);
        assert!(agrees(yaml));
    }

    #[test]
    fn plain_words_dates_and_lists_are_read_as_serde_yaml_reads_them() {
        for yaml in [
            "title: Air defence downs 39 drones, again\ndate: 2024-11-02\n",
            "title: C# and (things) [1] {2}\ndate: \"2024-11-02T13:41\"\nupdated: 2024-11-02T13:41:00.5+02:00\n",
            "topics: []\ntags: [kyiv, \"lviv oblast\", air-defence]\ndraft: true\n",
            "story: air-force-45-60-drones-2024-07-01\nslug: x\nstory_title: Ukraine’s air force\n",
            "\ntitle: \"  spaces kept  \"\n\n",
        ] {
            assert!(read(yaml).is_some(), "{yaml}");
            assert!(agrees(yaml), "{yaml}");
        }
    }

    #[test]
    fn anything_else_is_left_to_serde_yaml() {
        for yaml in [
            "title: \"a \\\"quoted\\\" word\"\n",
            "title: a # comment\n",
            "title: Kyiv: a night\n",
            "title: null\n",
            "title: True\n",
            "title: 2024\n",
            "title:  two spaces\n",
            "title: trailing \n",
            "title: x\ntitle: y\n",
            "figures:\n  drones: { launched: 60 }\n",
            "origin: { file: \"t.txt\", entry: 1 }\n",
            "mood: tense\n",
            "tags:\n  - a\n",
            "tags: [a,b]\n",
            "tags: [null]\n",
            "draft: yes\n",
            "date: 2024-11-2\n",
            "title: x\r\n",
            "title: \"tab\there\"\n",
            "summary: a\n  continued\n",
        ] {
            assert!(read(yaml).is_none(), "{yaml}");
        }
    }

    /// Every front matter of the project's fixtures and of ../shared: the
    /// ones this reader takes are read as serde_yaml reads them.
    #[test]
    fn the_fixtures_front_matter_is_read_as_serde_yaml_reads_it() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("tests/fixtures")];
        let shared = root.join("../shared");
        if shared.is_dir() {
            dirs.push(shared);
        } else {
            eprintln!("skipped ../shared: not present");
        }
        let (mut taken, mut all) = (0, 0);
        for dir in dirs {
            for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
                if e.path().extension().is_none_or(|x| x != "md") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(e.path()) else {
                    continue;
                };
                let Ok(split) = crate::content::frontmatter::split(&text) else {
                    continue;
                };
                all += 1;
                taken += usize::from(read(split.yaml).is_some());
                assert!(agrees(split.yaml), "{}", e.path().display());
            }
        }
        assert!(all > 0 && taken > 0, "{taken} of {all}");
    }

    /// Pieces of front matter lines: mostly plain text, tricky ones among them.
    fn piece() -> impl Strategy<Value = String> {
        let safe = prop::sample::select(vec![
            "a", "Kyiv", "Odesa", " ", "x y", "-", "2024", "-11-02", "T13:41", ":00", "Z",
            "+02:00", ".5", "é", "(", ")", "/", ".", "'s", "’",
        ]);
        let tricky = prop::sample::select(vec![
            ": ", ":", " #", "#", "\"", "\\", ",", ", ", "[", "]", "{", "}", "'", "null", "true",
            "false", "True", "~", "\u{A0}", "\u{2028}", "\u{FEFF}", "\u{85}", "\t", "&", "*", "!",
            "|", ">", "%", "@", "`", "?", "\u{7F}", "0x1F", "1e5", ".inf", "\r",
        ]);
        prop_oneof![4 => safe, 1 => tricky].prop_map(str::to_string)
    }

    /// A value in one of the shapes a line may have.
    fn value() -> impl Strategy<Value = String> {
        let text = prop::collection::vec(piece(), 1..6).prop_map(|p| p.concat());
        let shape = prop::sample::select(vec!["{}", "\"{}\"", "[{}]", "[\"{}\", {}]", "{}"]);
        (shape, text, piece()).prop_map(|(s, v, w)| s.replacen("{}", &v, 1).replacen("{}", &w, 1))
    }

    /// Front matter of distinct known keys (and sometimes an unknown one).
    fn front_matter() -> impl Strategy<Value = String> {
        let keys = vec![
            "title", "date", "updated", "slug", "source", "tags", "topics", "draft", "summary",
            "story", "mood",
        ];
        prop::sample::subsequence(keys, 1..5)
            .prop_flat_map(|keys| {
                let n = keys.len();
                (Just(keys), prop::collection::vec(value(), n))
            })
            .prop_map(|(keys, values)| {
                keys.iter()
                    .zip(values)
                    .map(|(k, v)| match *k {
                        "draft" if v.len() % 2 == 0 => format!("{k}: true\n"),
                        "draft" if v.len() % 3 == 0 => format!("{k}: false\n"),
                        "date" | "updated" if v.len() % 2 == 0 => format!(
                            "{k}: 2024-11-02{}\n",
                            if v.len() % 4 == 0 { "T13:41:00Z" } else { "" }
                        ),
                        _ => format!("{k}: {v}\n"),
                    })
                    .collect()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn whatever_this_reader_takes_serde_yaml_reads_the_same(yaml in front_matter()) {
            prop_assert!(agrees(&yaml), "{}", yaml);
        }
    }
}
