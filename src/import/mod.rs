//! `sitrep import`: raw article files (copied articles, live blogs, lists of
//! briefs) become Markdown entries with front matter under `content/`.
//!
//! (Being built: see issue 4.)

use std::path::PathBuf;

/// What `sitrep import` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Raw files or folders of them.
    pub paths: Vec<PathBuf>,
    /// The site root (holds `site.yaml` with the topic rules).
    pub root: PathBuf,
    /// Where entries are written; defaults to `ROOT/content`.
    pub into: Option<PathBuf>,
    /// Date (YYYY-MM-DD or RFC 3339) for entries with no time stamp of their own.
    pub date: Option<String>,
    /// Outlet name for entries whose text does not say.
    pub source: Option<String>,
    /// Force a format instead of recognising it.
    pub format: Option<String>,
    /// Print the table of entries, write nothing.
    pub dry_run: bool,
    /// Say which format was recognised and why, and the topic matches.
    pub explain: bool,
}

/// Runs an import; returns `Ok(true)` when every file imported cleanly and
/// `Ok(false)` when some file failed (each failure is printed).
pub fn run(opts: &ImportOptions) -> anyhow::Result<bool> {
    let _ = opts;
    anyhow::bail!("sitrep import is not built yet")
}
