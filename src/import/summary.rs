//! What an import did, as data: one row per entry (and per earlier file it
//! removed or kept), the totals, and the problems met. `sitrep import`
//! prints it as a tab-separated table; tests and other callers read it.

use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::import::text;
use crate::import::write::Outcome;

/// The result of [`super::import`].
#[derive(Debug, Default)]
pub struct Summary {
    /// The folder written into.
    pub into: PathBuf,
    /// Nothing was written (`--dry-run`).
    pub dry_run: bool,
    /// One row per entry, in raw-file order, then the earlier files removed or kept.
    pub rows: Vec<Row>,
    /// Problems met, in the order met: files that could not be read,
    /// converted or dated, files that could not be written, and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// False when some file failed (read, convert, date or write).
    pub ok: bool,
}

/// One row of the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Path of the entry's file under the folder written into.
    pub path: PathBuf,
    /// The entry's date as written to front matter (none for an earlier file).
    pub date: Option<String>,
    /// The entry's title; `None` for a file an earlier import made.
    pub title: Option<String>,
    /// The entry's topics.
    pub topics: Vec<String>,
    /// What happened to the file.
    pub status: Status,
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `--dry-run`: nothing was written.
    DryRun,
    /// Written, updated, left unchanged, kept or removed.
    Done(Outcome),
    /// Writing or removing it failed (the diagnostics say why).
    Failed,
}

impl Status {
    /// How the status is printed.
    pub fn word(self) -> &'static str {
        match self {
            Status::DryRun => "dry run",
            Status::Done(o) => o.word(),
            Status::Failed => "failed",
        }
    }
}

impl Summary {
    /// How many rows ended in `outcome`.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.rows
            .iter()
            .filter(|r| r.status == Status::Done(outcome))
            .count()
    }

    /// The table `sitrep import` prints: file, date, title, topics and
    /// status, tab-separated, then a line of totals.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(self.rows.len() * 120 + 200);
        for r in &self.rows {
            let topics = if r.topics.is_empty() {
                "-".to_string()
            } else {
                r.topics.join(",")
            };
            let title = r
                .title
                .as_deref()
                .map_or("(earlier import)".into(), |t| text::cut_at_word(t, 70));
            out.push_str(&format!(
                "{}\t{}\t{title}\t{topics}\t{}\n",
                r.path.display(),
                r.date.as_deref().unwrap_or("-"),
                r.status.word()
            ));
        }
        if self.dry_run {
            out.push_str(&format!(
                "dry run: {} entries, nothing written\n",
                self.rows.len()
            ));
        } else {
            out.push_str(&format!(
                "{} written, {} updated, {} unchanged, {} kept (edited since import), {} removed in {}\n",
                self.count(Outcome::Written),
                self.count(Outcome::Updated),
                self.count(Outcome::Unchanged),
                self.count(Outcome::Kept),
                self.count(Outcome::Removed),
                self.into.display()
            ));
        }
        out
    }
}
