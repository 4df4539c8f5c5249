//! Entries to files: front matter and body, a hash of what import wrote kept
//! in `origin`, and the rules that make a rerun safe: an entry already
//! imported goes back to its own file, an unchanged file is left alone, and
//! a file an editor changed since import is never overwritten.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use jiff::tz::TimeZone;

use regex::Regex;

use crate::config::Config;
use crate::content;
use crate::import::entry::Entry;
use crate::import::figures;
use crate::import::story::{self, Candidate, fnv64};
use crate::import::text::pattern;

static HASH: LazyLock<Regex> = LazyLock::new(|| pattern(r#", hash: "([0-9a-f]{16})" \}$"#));

/// A YAML scalar for any string: JSON's double-quoted form, with the
/// characters YAML forbids even there (DEL, C1 controls, U+FFFE/U+FFFF)
/// escaped as well (JSON leaves them raw).
pub(crate) fn quoted(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let raw =
        |c: char| matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}');
    if !json.contains(raw) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", q.join(", "))
}

/// The file text for an entry, with `hash` in its origin when given.
fn file_text(entry: &Entry, origin_file: &str, hash: Option<&str>) -> String {
    let mut fm = String::from("---\n");
    fm.push_str(&format!("title: {}\n", quoted(&entry.title)));
    if let Some(date) = entry.date {
        fm.push_str(&format!("date: {}\n", quoted(&date.to_front_matter())));
    }
    if let Some(s) = &entry.source {
        fm.push_str(&format!("source: {}\n", quoted(s)));
    }
    if let Some(a) = &entry.author {
        fm.push_str(&format!("author: {}\n", quoted(a)));
    }
    fm.push_str(&format!("topics: {}\n", list(&entry.topics)));
    if !entry.tags.is_empty() {
        fm.push_str(&format!("tags: {}\n", list(&entry.tags)));
    }
    if !entry.places.is_empty() {
        fm.push_str(&format!("places: {}\n", list(&entry.places)));
    }
    if let Some(s) = &entry.story {
        fm.push_str(&format!("story: {}\n", quoted(s)));
    }
    if let Some(main) = figures::main_report(&entry.drones) {
        fm.push_str(&format!("figures:\n  drones: {}\n", main.to_yaml()));
        if entry.drones.len() > 1 {
            let all: Vec<String> = entry.drones.iter().map(|r| r.to_yaml()).collect();
            fm.push_str(&format!("  drone_reports: [{}]\n", all.join(", ")));
        }
    }
    let hash_part = hash.map(|h| format!(", hash: \"{h}\"")).unwrap_or_default();
    fm.push_str(&format!(
        "origin: {{ file: {}, entry: {}{hash_part} }}\n---\n",
        quoted(origin_file),
        entry.index
    ));
    fm.push_str(&entry.body);
    fm
}

/// The complete file for an entry: the hash in `origin` is of this very
/// text with the `, hash: "…"` part left out.
pub fn render(entry: &Entry, origin_file: &str) -> String {
    let bare = file_text(entry, origin_file, None);
    let hash = format!("{:016x}", fnv64(bare.as_bytes()));
    file_text(entry, origin_file, Some(&hash))
}

/// What a file on disk is, as far as import is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Written by import and unchanged since.
    AsImported,
    /// Written by import, then changed (or its hash removed).
    Edited,
    /// Not written by import.
    Foreign,
}

/// Checks a file's text against the hash in its origin.
pub fn state(text: &str) -> State {
    let Some(line) = text
        .lines()
        .take_while(|l| *l != "---" || text.starts_with(l))
        .find(|l| l.starts_with("origin: {"))
    else {
        return State::Foreign;
    };
    let Some(caps) = HASH.captures(line) else {
        return State::Edited;
    };
    let (Some(all), Some(hash)) = (caps.get(0), caps.get(1)) else {
        return State::Edited;
    };
    let bare_line = format!("{} }}", &line[..all.start()]);
    let bare = text.replacen(line, &bare_line, 1);
    if format!("{:016x}", fnv64(bare.as_bytes())) == hash.as_str() {
        State::AsImported
    } else {
        State::Edited
    }
}

/// The entries already under the output folder.
#[derive(Debug, Default)]
pub struct Existing {
    /// Where each imported entry lives, by (origin file, entry index).
    pub by_origin: HashMap<(String, usize), PathBuf>,
    /// Every `.md` path (relative to the folder).
    pub paths: BTreeSet<PathBuf>,
    /// Earlier entries, for story matching.
    pub stories: Vec<Candidate>,
    /// The story of each imported entry, by (origin file, entry index).
    pub origin_stories: HashMap<(String, usize), String>,
    /// For each of `stories`: its path and, when import wrote it, its origin.
    pub story_files: Vec<(PathBuf, Option<(String, usize)>)>,
    /// Files import wrote that nobody changed since (their hash matches).
    pub as_imported: HashSet<PathBuf>,
}

impl Existing {
    /// True when the file at `rel` came from the raw file `origin_file`
    /// and is unchanged since, so a new import of that raw file replaces it.
    pub fn replaced_by(
        &self,
        rel: &Path,
        origin: Option<&(String, usize)>,
        files: &HashSet<&str>,
    ) -> bool {
        origin.is_some_and(|(f, _)| files.contains(f.as_str())) && self.as_imported.contains(rel)
    }

    /// The files earlier imports made from `files` that the new import no
    /// longer makes (`produced` holds the (file, entry) pairs it makes):
    /// sorted, so removal and reports are in a stable order.
    pub fn stale(&self, files: &HashSet<&str>, produced: &HashSet<(&str, usize)>) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self
            .by_origin
            .iter()
            .filter(|((f, i), _)| {
                files.contains(f.as_str()) && !produced.contains(&(f.as_str(), *i))
            })
            .map(|(_, p)| p.clone())
            .collect();
        out.sort();
        out
    }
}

/// Reads what is already under `dir` (nothing when it does not exist).
/// Files are read and parsed in parallel, then gathered in path order.
pub fn scan(dir: &Path, config: &Config) -> Existing {
    use rayon::prelude::*;
    let tz = config.time_zone();
    let keys = content::discover(dir);
    let pages: Vec<Option<(content::Page, State)>> = keys
        .par_iter()
        .map(|key| {
            let rel = PathBuf::from(key);
            let text = std::fs::read_to_string(dir.join(&rel)).ok()?;
            let page = content::parse_page(key, &rel, &text, config).ok()?;
            Some((page, state(&text)))
        })
        .collect();
    let mut existing = Existing::default();
    for (key, page) in keys.iter().zip(pages) {
        let rel = PathBuf::from(key);
        existing.paths.insert(rel.clone());
        let Some((page, file_state)) = page else {
            continue;
        };
        if file_state == State::AsImported {
            existing.as_imported.insert(rel.clone());
        }
        let mut from = None;
        if let Some(origin) = &page.origin {
            let file = origin.get("file").and_then(|v| v.as_str());
            let index = origin.get("entry").and_then(serde_json::Value::as_u64);
            if let (Some(f), Some(i)) = (file, index) {
                let origin = (f.to_string(), i as usize);
                if let Some(s) = &page.story {
                    existing.origin_stories.insert(origin.clone(), s.clone());
                }
                existing.by_origin.insert(origin.clone(), rel.clone());
                from = Some(origin);
            }
        }
        if let Some(s) = page.story.clone() {
            existing.story_files.push((rel.clone(), from));
            existing.stories.push(Candidate {
                title: page.title.clone(),
                day: page.day(&tz),
                shingles: story::shingles(&format!("{}\n{}", page.title, page.body)),
                story: Some(s),
                hint: None,
            });
        }
    }
    existing
}

/// The URL slug of a title: at most 60 characters, cut at a hyphen.
pub fn slug_of(title: &str, index: usize) -> String {
    let full = slug::slugify(title);
    let mut s = String::new();
    for part in full.split('-') {
        if !s.is_empty() && s.len() + part.len() + 1 > 60 {
            break;
        }
        if !s.is_empty() {
            s.push('-');
        }
        s.push_str(part);
    }
    let s: String = s.chars().take(80).collect();
    if s.is_empty() {
        format!("entry-{index}")
    } else {
        s
    }
}

/// What happened to one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new file.
    Written,
    /// An earlier import's file, replaced with new content.
    Updated,
    /// The same content was already there.
    Unchanged,
    /// Changed by an editor since import: left as it is.
    Kept,
    /// An earlier import's file that the new import no longer makes: removed.
    Removed,
}

impl Outcome {
    /// How the outcome is printed.
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Written => "written",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Kept => "kept (edited since import)",
            Outcome::Removed => "removed (no longer an entry of its file)",
        }
    }
}

/// Paths given out in this import, and the next free number per slug (so
/// a thousand entries with one title do not retry a thousand names each).
#[derive(Debug, Default)]
pub struct Taken {
    paths: HashSet<PathBuf>,
    suffixes: HashMap<PathBuf, usize>,
}

/// Where an entry goes: its path (relative to the output folder), and the
/// file an earlier import of the same entry left elsewhere, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// `YYYY/MM/DD/slug.md`.
    pub path: PathBuf,
    /// The earlier import's file, when its date or title has changed since.
    pub moved_from: Option<PathBuf>,
}

/// Chooses the path of an entry: its earlier file when it was imported
/// before and still belongs there, else `YYYY/MM/DD/slug.md` with a number
/// added when the name is taken.
pub fn choose_path(
    entry: &Entry,
    origin_file: &str,
    tz: &TimeZone,
    existing: &Existing,
    taken: &mut Taken,
) -> Placement {
    let earlier = existing
        .by_origin
        .get(&(origin_file.to_string(), entry.index));
    if let Some(p) = earlier {
        let belongs = p.parent() == Some(folder_of(entry, tz).as_path())
            && p.file_stem().is_some_and(|s| {
                s.to_string_lossy()
                    .starts_with(&slug_of(&entry.title, entry.index))
            });
        if belongs {
            taken.paths.insert(p.clone());
            return Placement {
                path: p.clone(),
                moved_from: None,
            };
        }
    }
    Placement {
        path: fresh_path(entry, tz, existing, taken),
        moved_from: earlier.cloned(),
    }
}

fn folder_of(entry: &Entry, tz: &TimeZone) -> PathBuf {
    let day = entry
        .date
        .map(|d| d.day(tz))
        .unwrap_or(jiff::civil::date(1970, 1, 1));
    crate::paths::content_folder(day)
}

fn fresh_path(entry: &Entry, tz: &TimeZone, existing: &Existing, taken: &mut Taken) -> PathBuf {
    let folder = folder_of(entry, tz);
    let base = slug_of(&entry.title, entry.index);
    let mut n = taken
        .suffixes
        .get(&folder.join(&base))
        .copied()
        .unwrap_or(1);
    loop {
        let name = if n == 1 {
            format!("{base}.md")
        } else {
            format!("{base}-{n}.md")
        };
        let candidate = folder.join(name);
        if !taken.paths.contains(&candidate) && !existing.paths.contains(&candidate) {
            taken.paths.insert(candidate.clone());
            taken.suffixes.insert(folder.join(&base), n + 1);
            return candidate;
        }
        n += 1;
    }
}

/// Moves an entry to `rel` from the file an earlier import left at `old`
/// (its date or title changed): the new file is written and the old one
/// removed, unless an editor changed the old one, which is then kept and
/// nothing is written.
pub fn write_moved(dir: &Path, old: &Path, rel: &Path, text: &str) -> std::io::Result<Outcome> {
    match std::fs::read_to_string(dir.join(old)) {
        Ok(t) if state(&t) != State::AsImported => return Ok(Outcome::Kept),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let outcome = write(dir, rel, text)?;
    match std::fs::remove_file(dir.join(old)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    Ok(if outcome == Outcome::Written {
        Outcome::Updated
    } else {
        outcome
    })
}

/// Removes a file an earlier import made that the new import no longer
/// makes, unless an editor changed it since: that one is kept.
pub fn remove_stale(dir: &Path, rel: &Path) -> std::io::Result<Outcome> {
    let path = dir.join(rel);
    match std::fs::read_to_string(&path) {
        Ok(t) if state(&t) != State::AsImported => Ok(Outcome::Kept),
        Ok(_) => match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(Outcome::Removed),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Outcome::Removed),
        Err(e) => Err(e),
    }
}

/// Writes `text` to `dir/rel` unless that would overwrite an editor's change.
pub fn write(dir: &Path, rel: &Path, text: &str) -> std::io::Result<Outcome> {
    let path = dir.join(rel);
    // Most entries are new: one `create_new` open both checks and creates,
    // and never replaces a file that appeared in the meantime.
    match create_new(&path, text) {
        Ok(()) => return Ok(Outcome::Written),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    let old = std::fs::read_to_string(&path)?;
    if old == text {
        Ok(Outcome::Unchanged)
    } else if state(&old) != State::AsImported {
        Ok(Outcome::Kept)
    } else {
        replace(&path, text)?;
        Ok(Outcome::Updated)
    }
}

/// A temporary name beside `path` (hidden, ending in `.tmp`, so neither
/// the content walk nor the dev server's watcher reads it).
fn temp_path(path: &Path) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes `text` to a temporary name beside `path` and returns that name.
fn write_temp(path: &Path, text: &str) -> std::io::Result<std::path::PathBuf> {
    let tmp = temp_path(path);
    if let Err(e) = std::fs::write(&tmp, text) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(tmp)
}

/// Replaces `path` with `text` in one step: written under a temporary name,
/// then renamed into place, so a running `sitrep serve` never reads half a file.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = write_temp(path, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Creates `path` with `text`, and its folders when missing; fails with
/// `AlreadyExists` when the file is there. The text is written under a
/// temporary name and linked into place, which never replaces a file that
/// appeared in the meantime and never shows a half-written one.
fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    if path.exists() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    let tmp = match write_temp(path, text) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            write_temp(path, text)?
        }
        other => other?,
    };
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_leave_no_temporary_file_and_never_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let rel = Path::new("2025/01/02/a.md");
        create_new(&dir.path().join(rel), "one").unwrap();
        let again = create_new(&dir.path().join(rel), "two").unwrap_err();
        assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
        replace(&dir.path().join(rel), "three").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(rel)).unwrap(),
            "three"
        );
        let names: Vec<String> = std::fs::read_dir(dir.path().join("2025/01/02"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.md"]);
    }

    #[test]
    fn hash_detects_edits() {
        let text = "---\ntitle: \"a\"\norigin: { file: \"x.txt\", entry: 0 }\n---\nbody\n";
        let hash = format!("{:016x}", fnv64(text.as_bytes()));
        let written = text.replace("entry: 0 }", &format!("entry: 0, hash: \"{hash}\" }}"));
        assert_eq!(state(&written), State::AsImported);
        assert_eq!(state(&written.replace("body", "b0dy")), State::Edited);
        assert_eq!(state("---\ntitle: a\n---\nbody\n"), State::Foreign);
    }

    #[test]
    fn yaml_forbidden_characters_are_escaped() {
        assert_eq!(
            quoted("a\u{7f}b\u{9f}\u{fffe}\""),
            "\"a\\u007fb\\u009f\\ufffe\\\"\""
        );
        let v: serde_yaml::Value = serde_yaml::from_str(&quoted("x\u{7f}\u{ffff}y")).unwrap();
        assert_eq!(v.as_str(), Some("x\u{7f}\u{ffff}y"));
    }

    #[test]
    fn slugs_are_short_and_never_empty() {
        assert_eq!(
            slug_of("Ukrainian air force downs 39 out of 71 Russian drones", 4),
            "ukrainian-air-force-downs-39-out-of-71-russian-drones"
        );
        assert!(slug_of(&"word ".repeat(40), 1).len() <= 60);
        assert_eq!(slug_of("…", 3), "entry-3");
    }
}
