//! Control characters in article text. XML 1.0 forbids most of them, so one
//! in a body or in an escaped YAML string (`"\e"`, `"\x01"`) would make
//! `feed.xml` unreadable; each is replaced by U+FFFD (as CommonMark does for
//! U+0000) and the page gets a warning.

use std::path::Path;

use crate::diag::{Diagnostic, line_at};

use super::frontmatter::{FrontMatter, key_line};

/// True for U+0000–U+001F but tab, line feed and carriage return, for
/// U+007F–U+009F, and for the non-characters U+FFFE and U+FFFF.
pub(crate) fn is_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` with each forbidden character replaced by U+FFFD, and the byte
/// offset of the first one; `None` when there is none.
fn replaced(text: &str) -> Option<(String, usize)> {
    if !may_hold_forbidden(text) {
        return None;
    }
    let first = text.find(is_forbidden)?;
    Some((text.replace(is_forbidden, "\u{fffd}"), first))
}

/// False when `text` holds no forbidden character; true when it may.
/// Every forbidden character's UTF-8 starts with a byte below 0x20, 0x7F,
/// 0xC2 (U+0080–U+009F) or 0xEF (U+FFFE, U+FFFF): a byte scan the compiler
/// vectorises rules out nearly every text, where a scan of characters
/// decodes each one.
fn may_hold_forbidden(text: &str) -> bool {
    let suspect = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7f) | (b == 0xc2) | (b == 0xef)
    };
    // Whole 64-byte chunks without an early exit inside one, so the
    // compiler can vectorise the test (a plain `any` stops at each byte).
    let chunk_suspect = |c: &[u8]| c.iter().fold(false, |seen, &b| seen | suspect(b));
    text.as_bytes().chunks(64).any(chunk_suspect)
}

/// Replaces forbidden characters in a body; a warning names the line of the first.
pub(crate) fn clean_body(body: &mut String, file: &Path, body_line: usize) -> Option<Diagnostic> {
    let (clean, first) = replaced(body)?;
    let count = body.chars().filter(|&c| is_forbidden(c)).count();
    *body = clean;
    Some(replacement_warning(file, count).at(Some(body_line + line_at(body.as_bytes(), first) - 1)))
}

/// Replaces forbidden characters in every string of the front matter; one
/// warning for each top-level key that held any.
pub(crate) fn clean_front_matter(
    raw: &mut FrontMatter,
    yaml: &str,
    file: &Path,
    first_line: usize,
) -> Vec<Diagnostic> {
    if !yaml.contains('\\') && !may_hold_forbidden(yaml) {
        return Vec::new(); // only a YAML escape or a raw character can make one
    }
    let mut keys: Vec<(String, usize)> = Vec::new();
    let mut note = |key: &str, n: usize| {
        if n > 0 {
            keys.push((key.to_string(), n));
        }
    };
    let fields = [
        ("title", &mut raw.title),
        ("slug", &mut raw.slug),
        ("source", &mut raw.source),
        ("source_url", &mut raw.source_url),
        ("author", &mut raw.author),
        ("summary", &mut raw.summary),
        ("story", &mut raw.story),
    ];
    for (key, value) in fields {
        note(key, value.as_mut().map_or(0, clean_string));
    }
    for (key, list) in [
        ("topics", &mut raw.topics),
        ("tags", &mut raw.tags),
        ("places", &mut raw.places),
    ] {
        note(key, list.iter_mut().map(clean_string).sum());
    }
    for (key, value) in [
        ("date", &mut raw.date),
        ("updated", &mut raw.updated),
        ("figures", &mut raw.figures),
    ] {
        note(key, value.as_mut().map_or(0, clean_value));
    }
    if let Some(origin) = raw.origin.as_mut() {
        let hash = origin.hash.as_mut().map_or(0, clean_string);
        note("origin", clean_string(&mut origin.file) + hash);
    }
    let extra = std::mem::take(&mut raw.extra);
    for (mut key, mut value) in extra {
        let n = clean_string(&mut key) + clean_value(&mut value);
        note(&key, n);
        raw.extra.insert(key, value);
    }
    keys.iter()
        .map(|(key, n)| {
            replacement_warning(file, *n).at(key_line(yaml, key, first_line).or(Some(first_line)))
        })
        .collect()
}

fn replacement_warning(file: &Path, count: usize) -> Diagnostic {
    let what = if count == 1 {
        "a control character".to_string()
    } else {
        format!("{count} control characters")
    };
    Diagnostic::warning(file, format!("{what} replaced by U+FFFD"))
        .hint("remove it: feeds and pages cannot hold control characters")
}

/// Cleans one string in place; the number of characters replaced.
fn clean_string(s: &mut String) -> usize {
    match replaced(s) {
        Some((clean, _)) => {
            let n = s.chars().filter(|&c| is_forbidden(c)).count();
            *s = clean;
            n
        }
        None => 0,
    }
}

/// Cleans every string in a YAML value, mapping keys included; the number
/// of characters replaced.
pub(crate) fn clean_value(v: &mut serde_yaml::Value) -> usize {
    use serde_yaml::Value;
    match v {
        Value::String(s) => clean_string(s),
        Value::Sequence(items) => items.iter_mut().map(clean_value).sum(),
        Value::Mapping(map) => {
            let mut n = 0;
            let mut clean = serde_yaml::Mapping::with_capacity(map.len());
            for (mut key, mut value) in std::mem::take(map) {
                n += clean_value(&mut key) + clean_value(&mut value);
                clean.insert(key, value);
            }
            *map = clean;
            n
        }
        Value::Tagged(tagged) => clean_value(&mut tagged.value),
        Value::Null | Value::Bool(_) | Value::Number(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_lose_control_characters_with_a_warning() {
        let mut body = "ok\n\ttab\r\nbell\u{7} esc\u{1b} nel\u{85} \u{ffff}\n".to_string();
        let w = clean_body(&mut body, Path::new("a.md"), 5).unwrap();
        assert_eq!(
            body,
            "ok\n\ttab\r\nbell\u{fffd} esc\u{fffd} nel\u{fffd} \u{fffd}\n"
        );
        assert_eq!(w.line, Some(7));
        assert!(w.message.starts_with("4 control characters"), "{w}");
        assert!(!w.is_error());
        let mut fine = "tab\tnewline\n".to_string();
        assert!(clean_body(&mut fine, Path::new("a.md"), 5).is_none());
    }

    #[test]
    fn the_byte_scan_misses_no_forbidden_character() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(replaced(&text).is_some(), is_forbidden(c), "{c:?}");
        }
    }

    #[test]
    fn the_chunked_scan_finds_a_character_at_any_place_in_a_long_text() {
        let clean = "Air defence downs drones over Kyiv. ".repeat(9);
        assert!(replaced(&clean).is_none());
        for at in [0, 1, 63, 64, 65, 127, 128, 200, clean.len()] {
            for c in ['\u{1}', '\u{85}', '\u{ffff}'] {
                let mut text = clean.clone();
                text.insert(at, c);
                assert_eq!(
                    replaced(&text).map(|(_, first)| first),
                    Some(at),
                    "{c:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn raw_characters_in_front_matter_are_cleaned_whatever_read_them() {
        // The byte guard must pass every file holding one, escaped or not.
        for c in ['\u{7}', '\u{85}', '\u{9b}', '\u{ffff}'] {
            let yaml = format!("title: a{c}b\n");
            let mut raw = FrontMatter {
                title: Some(format!("a{c}b")),
                ..Default::default()
            };
            let warnings = clean_front_matter(&mut raw, &yaml, Path::new("a.md"), 2);
            assert_eq!(raw.title.as_deref(), Some("a\u{fffd}b"), "{c:?}");
            assert_eq!(warnings.len(), 1, "{c:?}");
        }
    }

    #[test]
    fn escaped_yaml_strings_are_cleaned_key_by_key() {
        let yaml = "title: \"a\\e]0;x\\a\"\ntags: [\"t\\x01\"]\nnote: { \"k\\x02\": v }\n";
        let mut raw: FrontMatter = serde_yaml::from_str(yaml).unwrap();
        let warnings = clean_front_matter(&mut raw, yaml, Path::new("a.md"), 2);
        assert_eq!(raw.title.as_deref(), Some("a\u{fffd}]0;x\u{fffd}"));
        assert_eq!(raw.tags, ["t\u{fffd}"]);
        let lines: Vec<Option<usize>> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4)]);
        assert!(
            serde_yaml::to_string(&raw.extra)
                .unwrap()
                .contains("k\u{fffd}")
        );
    }
}
