//! Story grouping for one import: the entries already under the output
//! folder and the new ones become [`story`] candidates. Entries an earlier
//! import made from the raw files imported now, unchanged since, are left
//! out (the new entries replace them), but each lends its story id to the
//! new entry with its origin, so a story keeps its id across re-imports.
//! An entry whose earlier file an editor changed keeps that file's story.
//! Also the `--explain` lines: the story each entry joined and why.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

use crate::import::entry::{Converted, Entry};
use crate::import::story::{self, Assignment, Candidate, Joined, Nearest};
use crate::import::write::Existing;

/// Where a candidate comes from.
#[derive(Debug, Clone)]
enum Source {
    /// A file already under the output folder.
    Existing(PathBuf),
    /// Entry `entry` of raw file `file` (indices into the import's files).
    New { file: usize, entry: usize },
}

/// The stories of one import.
pub(crate) struct Grouping {
    candidates: Vec<Candidate>,
    sources: Vec<Source>,
    assignments: Vec<Assignment>,
}

/// The raw file names of the files that converted, for [`Existing::replaced_by`].
pub(crate) fn converted_names<'a>(files: &[(&'a str, Option<&Converted>)]) -> HashSet<&'a str> {
    files
        .iter()
        .filter(|(_, c)| c.is_some())
        .map(|(n, _)| *n)
        .collect()
}

/// Groups the new entries of `files` (name and conversion, `None` for a
/// file that failed) with each other and with `existing`; `nearest` says
/// whether a new story's nearest candidate is wanted (for `--explain`).
pub(crate) fn group(
    files: &[(&str, Option<&Converted>)],
    existing: &Existing,
    tz: &TimeZone,
    nearest: Nearest,
) -> Grouping {
    let names = converted_names(files);
    let mut candidates = Vec::new();
    let mut sources = Vec::new();
    for (c, (path, origin)) in existing.stories.iter().zip(&existing.story_files) {
        if !existing.replaced_by(path, origin.as_ref(), &names) {
            candidates.push(c.clone());
            sources.push(Source::Existing(path.clone()));
        }
    }
    for (f, (name, converted)) in files.iter().enumerate() {
        let Some(c) = converted else { continue };
        for (i, e) in c.entries.iter().enumerate() {
            let Some(date) = e.date else { continue };
            let origin = (name.to_string(), e.index);
            let earlier = existing.origin_stories.get(&origin).cloned();
            let replaced = existing
                .by_origin
                .get(&origin)
                .is_some_and(|p| existing.as_imported.contains(p));
            // An edited earlier file stays, and so does its story.
            let (story, hint) = if replaced {
                (None, earlier)
            } else {
                (earlier, None)
            };
            candidates.push(Candidate {
                title: e.title.clone(),
                day: date.day(tz),
                shingles: e.shingles.clone(),
                story,
                hint,
                launched: e.launched(),
            });
            sources.push(Source::New { file: f, entry: i });
        }
    }
    let assignments = story::assign_explained(&mut candidates, nearest);
    Grouping {
        candidates,
        sources,
        assignments,
    }
}

impl Grouping {
    /// The story of every new entry, by (file, entry) index.
    pub(crate) fn stories(&self) -> impl Iterator<Item = ((usize, usize), &str)> {
        self.sources
            .iter()
            .zip(&self.assignments)
            .filter_map(|(s, a)| match s {
                Source::New { file, entry } => Some(((*file, *entry), a.story.as_str())),
                Source::Existing(_) => None,
            })
    }

    /// What a candidate is, in words.
    fn label(&self, k: usize, files: &[(&str, Option<&Converted>)]) -> String {
        match &self.sources[k] {
            Source::Existing(p) => format!("{} (already imported)", p.display()),
            Source::New { file, entry } => {
                let e = new_entry(files, *file, *entry);
                format!(
                    "{} entry {}: {}",
                    files[*file].0,
                    e.map_or(0, |e| e.index),
                    e.map_or("", |e| e.title.as_str())
                )
            }
        }
    }

    /// A candidate's title and body, for the evidence.
    fn text(&self, k: usize, files: &[(&str, Option<&Converted>)], into: &Path) -> String {
        match &self.sources[k] {
            Source::Existing(p) => {
                let t = std::fs::read_to_string(into.join(p)).unwrap_or_default();
                let body = crate::content::frontmatter::split(&t).map_or("", |s| s.body);
                format!("{}\n{body}", self.candidates[k].title)
            }
            Source::New { file, entry } => new_entry(files, *file, *entry)
                .map(|e| format!("{}\n{}", e.title, e.body))
                .unwrap_or_default(),
        }
    }

    /// The `--explain` lines of file `file`: each entry's story, the entry
    /// it joined (or the nearest one, for a new story) and the evidence.
    pub(crate) fn explain_file(
        &self,
        file: usize,
        files: &[(&str, Option<&Converted>)],
        into: &Path,
    ) -> String {
        let mut out = String::from("  stories:\n");
        for (k, (s, a)) in self.sources.iter().zip(&self.assignments).enumerate() {
            let Source::New { file: f, entry } = s else {
                continue;
            };
            if *f != file {
                continue;
            }
            let index = new_entry(files, *f, *entry).map_or(0, |e| e.index);
            let (how, other) = match &a.joined {
                Joined::Known => (
                    "kept the story of its edited earlier file".to_string(),
                    None,
                ),
                Joined::With(m) => (
                    format!(
                        "joined: similarity {:.3}, {} rare words shared (needs {:.2} and {})",
                        m.score,
                        m.rare,
                        story::THRESHOLD,
                        story::MIN_RARE
                    ),
                    Some(m.with),
                ),
                Joined::New { nearest: Some(m) } => (
                    format!(
                        "new story: nearest has similarity {:.3}, {} rare words shared (one story needs {:.2} and {})",
                        m.score,
                        m.rare,
                        story::THRESHOLD,
                        story::MIN_RARE
                    ),
                    Some(m.with),
                ),
                Joined::New { nearest: None } => (
                    format!(
                        "new story; no entry within {} days shares its words",
                        story::WINDOW_DAYS
                    ),
                    None,
                ),
            };
            out.push_str(&format!("    entry {index}: {} ({how})\n", a.story));
            if let Some(o) = other {
                let days = self.candidates[k]
                    .day
                    .since(self.candidates[o].day)
                    .map_or(0, |d| d.get_days().abs());
                out.push_str(&format!(
                    "      {} {}, {days} day(s) apart\n",
                    if matches!(a.joined, Joined::With(_)) {
                        "with"
                    } else {
                        "nearest"
                    },
                    self.label(o, files)
                ));
                let ev = story::evidence(&self.text(k, files, into), &self.text(o, files, into));
                out.push_str(&format!("      shared: {ev}\n"));
            }
        }
        out
    }
}

fn new_entry<'a>(
    files: &[(&str, Option<&'a Converted>)],
    file: usize,
    entry: usize,
) -> Option<&'a Entry> {
    files.get(file)?.1?.entries.get(entry)
}
