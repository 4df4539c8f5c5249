//! `sitrep check`: load everything and render every page into memory, so
//! front matter, topics, links between articles and templates are all
//! validated, without writing a file.

use crate::build::{BuildOptions, load_for_build, render_all};
use crate::diag::Diagnostics;
use crate::output::Discard;

/// What a clean check covered.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Articles validated.
    pub articles: usize,
    /// Files rendered (in memory).
    pub files: usize,
    /// Problems that do not fail the check.
    pub warnings: Diagnostics,
}

/// Validates the site; every problem found is returned.
pub fn check(opts: &BuildOptions) -> Result<CheckReport, Diagnostics> {
    let mut loaded = load_for_build(opts)?;
    let stats = render_all(&mut loaded, &opts.root, &Discard, None)?;
    Ok(CheckReport {
        articles: loaded.site.pages().len(),
        files: stats.files(),
        warnings: loaded.warnings,
    })
}

/// The `sitrep check` command.
pub fn run(opts: &BuildOptions) -> anyhow::Result<bool> {
    match check(opts) {
        Ok(r) => {
            r.warnings.print_warnings();
            println!(
                "ok: {} articles, {} files rendered in memory, no problems found",
                r.articles, r.files
            );
            Ok(true)
        }
        Err(d) => {
            eprintln!("{d}");
            Ok(false)
        }
    }
}
