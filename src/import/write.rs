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
use crate::content::frontmatter::{FrontMatter, Origin};
use crate::import::entry::Entry;
use crate::import::figures;
use crate::import::story::{self, Candidate, fnv64};
use crate::import::text::pattern;

/// The hash's part of an `origin` line in the first written format,
/// `origin: { file: "…", entry: N, hash: "…" }`.
static FLOW_HASH: LazyLock<Regex> = LazyLock::new(|| pattern(r#", hash: "([0-9a-f]{16})" \}$"#));

/// The front matter import writes for an entry (`hash` left out).
pub(crate) fn front_matter(entry: &Entry, origin_file: &str) -> FrontMatter {
    FrontMatter {
        title: Some(entry.title.clone()),
        date: entry
            .date
            .map(|d| serde_yaml::Value::String(d.to_front_matter())),
        source: entry.source.clone(),
        source_url: entry.source_url.clone(),
        author: entry.author.clone(),
        topics: entry.topics.clone(),
        tags: entry.tags.clone(),
        places: entry.places.clone(),
        story: entry.story.clone(),
        figures: figures::front_matter(&entry.drones),
        origin: Some(Origin {
            file: origin_file.to_string(),
            entry: entry.index as u64,
            hash: None,
        }),
        ..FrontMatter::default()
    }
}

/// The complete file for an entry. The hash in `origin` (its last line) is
/// of this very text with that line left out; an error only if serde_yaml
/// cannot write the front matter.
pub fn render(entry: &Entry, origin_file: &str) -> Result<String, serde_yaml::Error> {
    with_hash(&front_matter(entry, origin_file), &entry.body)
}

/// The file of `fm` (whose `origin`, without a hash, is its last key) and
/// `body`, with the hash of the text without it added as origin's last line.
fn with_hash(fm: &FrontMatter, body: &str) -> Result<String, serde_yaml::Error> {
    let yaml = fm.to_yaml()?;
    let mut text = String::with_capacity(yaml.len() + body.len() + 40);
    text.push_str("---\n");
    text.push_str(&yaml);
    let end = text.len();
    text.push_str("---\n");
    text.push_str(body);
    if fm.origin.is_some() && fm.extra.is_empty() {
        // One serialisation, not two: the hash line goes where serde_yaml
        // would put `hash`, the last field of the last key.
        let hash = format!("{:016x}", fnv64(text.as_bytes()));
        text.insert_str(end, &hash_line(&hash)?);
    }
    Ok(text)
}

/// `  hash: …` as serde_yaml writes the 16 hex digits: plain, or quoted
/// when they could be read as a number. Digits with a letter other than `e`
/// (an exponent) that do not start `0b` (a binary number) are plain without
/// asking serde_yaml, which is most of them (a serialiser set up per entry
/// costs more than the rest of the line).
fn hash_line(hash: &str) -> Result<String, serde_yaml::Error> {
    let plain = !hash.starts_with("0b") && hash.bytes().any(|b| matches!(b, b'a'..=b'd' | b'f'));
    if plain {
        Ok(format!("  hash: {hash}\n"))
    } else {
        Ok(format!("  hash: {}", serde_yaml::to_string(hash)?))
    }
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

/// Checks a file's text against the hash in its origin: the hash of the
/// text without the hash. Two forms are read: the block mapping written
/// now (`origin:` then `  hash: …` on a line of its own), and the one-line
/// `origin: { file: …, entry: N, hash: "…" }` that earlier versions wrote
/// (tests/fixtures/import-v1).
pub fn state(text: &str) -> State {
    let Ok(split) = content::frontmatter::split(text) else {
        return State::Foreign;
    };
    let mut lines = split.yaml.split_inclusive('\n');
    let Some(origin) = lines.find(|l| l.starts_with("origin:")) else {
        return State::Foreign;
    };
    let (hash, bare) = if origin.starts_with("origin: {") {
        let line = origin.trim_end();
        let Some((all, hash)) = FLOW_HASH
            .captures(line)
            .and_then(|c| Some((c.get(0)?, c.get(1)?)))
        else {
            return State::Edited;
        };
        let bare_line = format!("{} }}", &line[..all.start()]);
        (hash.as_str(), text.replacen(line, &bare_line, 1))
    } else {
        let Some(line) = lines
            .take_while(|l| l.starts_with(' '))
            .find(|l| l.starts_with("  hash: "))
        else {
            return State::Edited;
        };
        let value = line["  hash: ".len()..].trim_end();
        let hash = value.trim_matches(|c| c == '\'' || c == '"');
        (hash, text.replacen(line, "", 1))
    };
    if hash.len() == 16 && format!("{:016x}", fnv64(bare.as_bytes())) == hash {
        State::AsImported
    } else {
        State::Edited
    }
}

/// The entries already under the output folder.
#[derive(Debug, Default)]
pub(crate) struct Existing {
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
    pub(crate) fn replaced_by(
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
    pub(crate) fn stale(
        &self,
        files: &HashSet<&str>,
        produced: &HashSet<(&str, usize)>,
    ) -> Vec<PathBuf> {
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
pub(crate) fn scan(dir: &Path, config: &Config) -> Existing {
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
            let origin = (origin.file.clone(), origin.entry as usize);
            if let Some(s) = &page.story {
                existing.origin_stories.insert(origin.clone(), s.clone());
            }
            existing.by_origin.insert(origin.clone(), rel.clone());
            from = Some(origin);
        }
        if let Some(s) = page.story.clone() {
            existing.story_files.push((rel.clone(), from));
            existing.stories.push(Candidate {
                title: page.title.clone(),
                day: page.day(&tz),
                shingles: story::shingles(&format!("{}\n{}", page.title, page.body)),
                story: Some(s),
                hint: None,
                launched: page.drones.as_ref().and_then(|d| d.launched),
            });
        }
    }
    existing
}

/// The URL slug of a title: at most 60 characters, cut at a hyphen.
pub(crate) fn slug_of(title: &str, index: usize) -> String {
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
/// Keyed by the paths' text: hashing a `Path` walks its components, and
/// this runs for every entry.
#[derive(Debug, Default)]
pub(crate) struct Taken {
    paths: foldhash::HashSet<String>,
    suffixes: foldhash::HashMap<String, usize>,
}

/// The text of a relative path under the output folder, as [`Taken`] keys it.
fn key_of(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Where an entry goes: its path (relative to the output folder), and the
/// file an earlier import of the same entry left elsewhere, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placement {
    /// `YYYY/MM/DD/slug.md`.
    pub path: PathBuf,
    /// The earlier import's file, when its date or title has changed since.
    pub moved_from: Option<PathBuf>,
}

/// Chooses the path of an entry: its earlier file when it was imported
/// before and still belongs there, else `YYYY/MM/DD/slug.md` with a number
/// added when the name is taken.
pub(crate) fn choose_path(
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
            taken.paths.insert(key_of(p));
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
    let stem = key_of(&folder.join(&base));
    let mut n = taken.suffixes.get(&stem).copied().unwrap_or(1);
    loop {
        // The candidate's text is its key; the path is made from it once
        // it is free.
        let key = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        if !taken.paths.contains(&key) && !existing.paths.contains(Path::new(&key)) {
            taken.paths.insert(key.clone());
            taken.suffixes.insert(stem, n + 1);
            return PathBuf::from(key);
        }
        n += 1;
    }
}

/// Moves an entry to `rel` from the file an earlier import left at `old`
/// (its date or title changed): the new file is written and the old one
/// removed, unless an editor changed the old one, which is then kept and
/// nothing is written. `seen` is as for [`write`].
pub(crate) fn write_moved(
    dir: &Path,
    old: &Path,
    rel: &Path,
    text: &str,
    seen: bool,
) -> std::io::Result<Outcome> {
    match std::fs::read_to_string(dir.join(old)) {
        Ok(t) if state(&t) != State::AsImported => return Ok(Outcome::Kept),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let outcome = write(dir, rel, text, seen)?;
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
pub(crate) fn remove_stale(dir: &Path, rel: &Path) -> std::io::Result<Outcome> {
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
/// `seen` says whether the scan of `dir` before this import found a file at
/// `rel`. Most entries are new: their file is created in one step without
/// looking first, which still never replaces a file that appeared since the
/// scan (that one is then compared like any other).
pub(crate) fn write(dir: &Path, rel: &Path, text: &str, seen: bool) -> std::io::Result<Outcome> {
    let path = dir.join(rel);
    if !seen {
        match create_new(&path, text) {
            Ok(()) => return Ok(Outcome::Written),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    let old = match std::fs::read_to_string(&path) {
        // Removed since the scan: a new file after all.
        Err(e) if seen && e.kind() == std::io::ErrorKind::NotFound => {
            return write(dir, rel, text, false);
        }
        other => other?,
    };
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
    // The process id is asked for once: each ask is a system call.
    static PID: LazyLock<u32> = LazyLock::new(std::process::id);
    path.with_file_name(format!(".{name}.{}.tmp", *PID))
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
/// temporary name and moved into place without replacing anything, so a
/// file that appeared in the meantime is never overwritten and a
/// half-written one is never seen.
fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = match write_temp(path, text) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            write_temp(path, text)?
        }
        other => other?,
    };
    rename_no_clobber(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Renames `from` to `to`, failing with `AlreadyExists` when `to` is there:
/// one system call where the system has one (Linux `RENAME_NOREPLACE`),
/// else [`link_no_clobber`].
fn rename_no_clobber(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if crate::publish::renameat2(from, to, libc::RENAME_NOREPLACE)? {
        return Ok(());
    }
    link_no_clobber(from, to)
}

/// Moves `from` to `to` by a hard link (which fails when `to` exists) and
/// the removal of `from`: for systems and file systems without a renaming
/// call that refuses to replace.
fn link_no_clobber(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::hard_link(from, to)?;
    let _ = std::fs::remove_file(from);
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
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

    /// The names in `dir` (temporary files included).
    pub(crate) fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_that_appeared_since_the_scan_is_never_overwritten() {
        // The scan saw no file, then an editor (or a second import) made
        // one: the new entry is not moved over it.
        let dir = tempfile::tempdir().unwrap();
        let rel = Path::new("2025/01/02/a.md");
        std::fs::create_dir_all(dir.path().join("2025/01/02")).unwrap();
        std::fs::write(dir.path().join(rel), "an editor's text\n").unwrap();
        let outcome = write(dir.path(), rel, "import's text\n", false).unwrap();
        assert_eq!(outcome, Outcome::Kept);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(rel)).unwrap(),
            "an editor's text\n"
        );
        assert_eq!(names_in(&dir.path().join("2025/01/02")), ["a.md"]);
        // Two entries racing for one name: the second finds the first.
        let other = Path::new("2025/01/02/b.md");
        assert_eq!(
            write(dir.path(), other, "one", false).unwrap(),
            Outcome::Written
        );
        assert_eq!(
            write(dir.path(), other, "two", false).unwrap(),
            Outcome::Kept
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(other)).unwrap(),
            "one"
        );
    }

    #[test]
    fn a_file_removed_since_the_scan_is_written_anew() {
        let dir = tempfile::tempdir().unwrap();
        let rel = Path::new("2025/01/02/a.md");
        assert_eq!(
            write(dir.path(), rel, "text", true).unwrap(),
            Outcome::Written
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(rel)).unwrap(),
            "text"
        );
        assert_eq!(
            write(dir.path(), rel, "text", true).unwrap(),
            Outcome::Unchanged
        );
    }

    #[test]
    fn the_fallback_move_never_clobbers() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join(".a.tmp"), dir.path().join("a.md"));
        std::fs::write(&from, "new").unwrap();
        std::fs::write(&to, "old").unwrap();
        let err = link_no_clobber(&from, &to).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&to).unwrap(), "old");
        std::fs::remove_file(&to).unwrap();
        link_no_clobber(&from, &to).unwrap();
        assert_eq!(std::fs::read_to_string(&to).unwrap(), "new");
        assert_eq!(names_in(dir.path()), ["a.md"]);
    }

    #[test]
    fn a_reader_of_the_old_file_never_sees_the_new_one_half_written() {
        // The new text goes to another file that is renamed into place: a
        // reader that opened the old file (as `sitrep serve` does) keeps
        // reading all of the old text, never a truncated or mixed one.
        use std::io::Read;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        create_new(&path, "the old text").unwrap();
        let mut reader = std::fs::File::open(&path).unwrap();
        replace(&path, "new").unwrap();
        let mut seen = String::new();
        reader.read_to_string(&mut seen).unwrap();
        assert_eq!(seen, "the old text");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names_in(dir.path()), ["a.md"]);
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
    fn the_hash_is_the_last_front_matter_line_and_detects_edits() {
        let fm = FrontMatter {
            title: Some("Air force: 45 of 60 drones shot down".into()),
            origin: Some(Origin {
                file: "x.txt".into(),
                entry: 3,
                hash: None,
            }),
            ..FrontMatter::default()
        };
        let text = with_hash(&fm, "Body.\n").unwrap();
        // The hash line is what serde_yaml writes for the hash, in its place.
        let read = content::frontmatter::parse(
            content::frontmatter::split(&text).unwrap().yaml,
            Path::new("x.md"),
            2,
        )
        .unwrap();
        assert!(read.origin.as_ref().and_then(|o| o.hash.as_ref()).is_some());
        assert_eq!(
            format!("---\n{}---\nBody.\n", read.to_yaml().unwrap()),
            text
        );
        let front: Vec<&str> = text.lines().take_while(|l| *l != "Body.").collect();
        assert_eq!(
            front[..4],
            [
                "---",
                "title: 'Air force: 45 of 60 drones shot down'",
                "topics: []",
                "origin:"
            ]
        );
        assert!(front[6].starts_with("  hash: "), "{text}");
        assert_eq!(front[7], "---");
        assert_eq!(state(&text), State::AsImported);
        assert_eq!(state(&text.replace("Body", "B0dy")), State::Edited);
        assert_eq!(
            state(&text.replace("topics: []", "topics: [diplomacy]")),
            State::Edited
        );
        let no_hash: String = text
            .lines()
            .filter(|l| !l.starts_with("  hash:"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(state(&no_hash), State::Edited);
    }

    #[test]
    fn the_hash_line_is_what_serde_yaml_writes() {
        let mut hashes: Vec<String> = (0..10_000u64)
            .map(|i| format!("{:016x}", fnv64(&i.to_le_bytes())))
            .collect();
        hashes.extend(
            [
                "0b01010101010101",
                "0b0101010101010a",
                "0000000000000000",
                "1234567890123456",
                "12345678901234e5",
                "e123456789012345",
                "0e00000000000000",
                "00000000000000ee",
                "a000000000000000",
                "000000000000000f",
            ]
            .map(String::from),
        );
        for h in &hashes {
            let serde = format!("  hash: {}", serde_yaml::to_string(h).unwrap());
            assert_eq!(hash_line(h).unwrap(), serde, "{h}");
        }
    }

    #[test]
    fn a_hash_that_looks_like_a_number_is_quoted() {
        let line = format!(
            "  hash: {}",
            serde_yaml::to_string("1234567890123456").unwrap()
        );
        assert_eq!(line, "  hash: '1234567890123456'\n");
        let text = format!("---\norigin:\n  file: x\n  entry: 1\n{line}---\n");
        assert_eq!(state(&text), State::Edited, "read, if not matching");
    }

    #[test]
    fn yaml_forbidden_characters_are_escaped() {
        let title = "a\u{7f}b\u{9f}\u{fffe}\"\u{85}'";
        let fm = FrontMatter {
            title: Some(title.into()),
            ..FrontMatter::default()
        };
        let yaml = fm.to_yaml().unwrap();
        assert!(
            !yaml.contains(['\u{7f}', '\u{9f}', '\u{fffe}', '\u{85}']),
            "{yaml:?}"
        );
        let back: FrontMatter = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(back.title.as_deref(), Some(title));
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
