//! Helpers shared by the integration tests: copying fixture sites, running
//! the binary, reading a built site.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The fixture folder `tests/fixtures/NAME`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture site into a fresh temporary folder.
pub(crate) fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// Copies a folder tree.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `sitrep ARGS` and returns its output.
pub(crate) fn sitrep(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Runs `sitrep build --quiet --root ROOT --output OUT EXTRA…`.
pub(crate) fn run_build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--quiet",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    sitrep(&args)
}

/// Builds `root` into `out` with extra arguments; panics with the output on failure.
pub(crate) fn build(root: &Path, out: &Path, extra: &[&str]) {
    let o = run_build(root, out, extra);
    assert!(
        o.status.success(),
        "build failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file of a built site, by relative path.
pub(crate) fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Every `href="…"` and `src="…"` value in an HTML text.
pub(crate) fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Whether an internal URL path (under `base`) names a file of the built site,
/// and its `#fragment` (if any) an id in that file.
pub(crate) fn resolves(files: &BTreeMap<String, Vec<u8>>, base: &str, url: &str) -> bool {
    let Some(path) = url.strip_prefix(base) else {
        return false;
    };
    let (path, fragment) = match path.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (path, None),
    };
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let Some(bytes) = files.get(&file) else {
        return false;
    };
    match fragment {
        Some(f) if !f.is_empty() => String::from_utf8_lossy(bytes).contains(&format!("id=\"{f}\"")),
        _ => true,
    }
}

/// A temporary site root holding the repository's site.yaml and no content.
pub(crate) fn empty_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("site.yaml"),
        dir.path().join("site.yaml"),
    )
    .unwrap();
    dir
}

/// Every start tag of an HTML text, as (lower-case name, [(lower-case
/// attribute name, value with entities decoded)]). Text never holds a bare `<`
/// in sitrep's output, so every `<` followed by a letter starts a tag.
pub(crate) fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
                .unwrap_or(rest.len());
            let attr = rest[..end].to_ascii_lowercase();
            rest = rest[end..].trim_start();
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix('=') {
                let after = after.trim_start();
                let (raw, tail) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let body = &after[1..];
                        let close = body.find(q).unwrap_or(body.len());
                        (&body[..close], &body[(close + 1).min(body.len())..])
                    }
                    _ => {
                        let close = after
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .unwrap_or(after.len());
                        (&after[..close], &after[close..])
                    }
                };
                value = decode_entities(raw);
                rest = tail;
            }
            attrs.push((attr, value));
        }
        tags.push((name, attrs));
    }
    tags
}

/// Decodes the character references a browser would in an attribute value.
pub(crate) fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|&s| s < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "colon" => Some(':'),
            "Tab" | "tab" => Some('\t'),
            "NewLine" | "newline" => Some('\n'),
            "nbsp" => Some('\u{a0}'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a browser would run or load script from a URL attribute value:
/// leading spaces and controls dropped, tabs and newlines removed, case ignored.
pub(crate) fn is_script_url(value: &str) -> bool {
    let cleaned: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

/// What in an HTML text could run script: script-like elements, event
/// handlers, `autofocus`, `srcdoc`, any `style` but table alignment, and
/// script URLs in any URL attribute. Empty when the markup is safe.
pub(crate) fn script_vectors(html: &str) -> Vec<String> {
    const URL_ATTRS: [&str; 10] = [
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "xlink:href",
        "background",
        "cite",
        "srcset",
    ];
    const ELEMENTS: [&str; 7] = [
        "script", "iframe", "object", "embed", "base", "style", "frame",
    ];
    let mut found = Vec::new();
    for (name, attrs) in start_tags(html) {
        if ELEMENTS.contains(&name.as_str()) {
            found.push(format!("<{name}> element"));
        }
        for (attr, value) in attrs {
            let bad = attr.starts_with("on")
                || attr == "autofocus"
                || attr == "srcdoc"
                || (attr == "style" && !value.trim().starts_with("text-align:"))
                || (attr == "content" && value.to_ascii_lowercase().contains("url="))
                || (URL_ATTRS.contains(&attr.as_str()) && is_script_url(&value));
            if bad {
                found.push(format!("<{name} {attr}=\"{value}\">"));
            }
        }
    }
    found
}
