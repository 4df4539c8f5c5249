//! `sitrep import`: raw article files (copied articles, live blogs, lists of
//! briefs) become Markdown entries with front matter under `content/`.
//!
//! The flow, one module per step: [`input`] reads and checks the bytes;
//! [`recognise`] scores every format in [`formats`] and the best one cuts
//! the text into drafts (with [`body`] and [`clean`] deciding what is body
//! text); [`repeats`] keeps repeated text once; [`entry`] gives each entry
//! its title, [`dates`], [`topics`], places and [`figures`]; [`story`]
//! groups reports of one event; [`markdown`] and [`write`] produce the files.

pub mod body;
pub mod clean;
pub mod dates;
pub mod draft;
pub mod entry;
pub mod figures;
pub mod formats;
pub mod grouping;
pub mod html;
pub mod input;
pub mod markdown;
pub mod recognise;
pub mod repeats;
pub mod roles;
pub mod segment;
pub mod selfcheck;
pub mod stamps;
pub mod story;
pub mod text;
pub mod topics;
pub mod write;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::Diagnostic;
use entry::{Converted, Settings};
use recognise::Format;
use topics::Matcher;

pub use entry::{Entry, convert};
pub use write::render;

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

/// A file's converted entries, or why it failed.
struct FileResult {
    path: PathBuf,
    name: String,
    outcome: Result<Converted, Diagnostic>,
}

/// Runs an import; returns `Ok(true)` when every file imported cleanly and
/// `Ok(false)` when some file failed (each failure is printed).
pub fn run(opts: &ImportOptions) -> anyhow::Result<bool> {
    let mut clock = crate::timing::PhaseClock::from_env();
    let config = Config::load(&opts.root).map_err(|d| anyhow::anyhow!("{d}"))?;
    let matcher = Matcher::new(&config)
        .map_err(|m| anyhow::anyhow!("{}: {m}", config_path_text(&opts.root)))?;
    let given = opts
        .date
        .as_deref()
        .map(dates::parse_given)
        .transpose()
        .map_err(|m| crate::diag::UsageError(m.to_string()))?;
    let format = match opts.format.as_deref() {
        None => None,
        Some(name) => Some(Format::from_name(name).ok_or_else(|| {
            crate::diag::UsageError(format!(
                "unknown format `{name}`; use one of: {}",
                Format::names()
            ))
        })?),
    };
    let settings = Settings {
        config: &config,
        matcher: &matcher,
        given,
        source: opts.source.clone(),
        format,
    };
    clock.lap("config and topic matcher");
    let found = input::files(&opts.paths).map_err(|d| anyhow::anyhow!("{d}"))?;
    for d in found.errors.iter().chain(&found.skipped) {
        eprintln!("{d}");
    }
    let files = found.files;
    let mut results: Vec<FileResult> = files
        .par_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let outcome = input::read(path).and_then(|text| {
                if html::is_html(path, &text) {
                    html::convert(path, &text, &settings)
                } else {
                    convert(path, &text, &settings)
                }
            });
            FileResult {
                path: path.clone(),
                name,
                outcome,
            }
        })
        .collect();
    clock.lap("read and convert files");

    let into = opts
        .into
        .clone()
        .unwrap_or_else(|| opts.root.join(crate::content::CONTENT_DIR));
    if opts.explain {
        let existing = write::scan(&into, &config);
        let files = file_views(&results);
        let stories = grouping::group(&files, &existing, &config.time_zone());
        for (f, r) in results.iter().enumerate() {
            match &r.outcome {
                Ok(c) => {
                    let mut text = explain(&r.path, c);
                    if let Ok(raw) = input::read(&r.path) {
                        text.push_str(&segment::report(&text::lines(&raw)));
                    }
                    text.push_str(&stories.explain_file(f, &files, &into));
                    print_out(&text)?;
                }
                Err(d) => eprintln!("{d}"),
            }
        }
        return Ok(found.errors.is_empty() && results.iter().all(|r| r.outcome.is_ok()));
    }

    let mut ok = found.errors.is_empty();
    for r in &mut results {
        let failed = match &mut r.outcome {
            Ok(c) => {
                if let Some(warning) = c.take_undated(&r.path) {
                    eprintln!("{warning}");
                }
                c.check_dates(&r.path).err()
            }
            Err(_) => None,
        };
        if let Some(d) = failed {
            r.outcome = Err(d);
        }
        if let Err(d) = &r.outcome {
            eprintln!("{d}");
            ok = false;
        }
    }

    let existing = write::scan(&into, &config);
    clock.lap("scan existing entries");
    // Stories and paths do not depend on each other: found side by side.
    // Paths are chosen in order (a taken name moves the next entry on).
    let tz = config.time_zone();
    let files = file_views(&results);
    let (stories, places) = rayon::join(
        || {
            let g = grouping::group(&files, &existing, &tz);
            g.stories()
                .map(|(at, s)| (at, s.to_string()))
                .collect::<Vec<_>>()
        },
        || {
            let mut taken = write::Taken::default();
            let place = |(name, e)| write::choose_path(e, name, &tz, &existing, &mut taken);
            converted_entries(&results).map(place).collect::<Vec<_>>()
        },
    );
    let names: Vec<String> = files.iter().map(|(n, _)| n.to_string()).collect();
    let converted: Vec<bool> = files.iter().map(|(_, c)| c.is_some()).collect();
    drop(files);
    for ((f, i), story) in stories {
        if let Ok(c) = &mut results[f].outcome {
            c.entries[i].story = Some(story);
        }
    }
    clock.lap("group stories and choose paths");
    // Then the entries, each at its own path, are rendered and written in parallel.
    let placed: Vec<(&str, &Entry, write::Placement)> = converted_entries(&results)
        .zip(places)
        .map(|((name, e), place)| (name, e, place))
        .collect();
    let outcomes: Vec<Option<std::io::Result<write::Outcome>>> = placed
        .par_iter()
        .map(|(name, e, place)| {
            (!opts.dry_run).then(|| {
                let text = render(e, name).map_err(std::io::Error::other)?;
                match &place.moved_from {
                    Some(old) => write::write_moved(&into, old, &place.path, &text),
                    None => write::write(&into, &place.path, &text),
                }
            })
        })
        .collect();
    let mut counts = [0usize; 5];
    let mut table = Vec::with_capacity(placed.len());
    for ((_, e, place), outcome) in placed.iter().zip(outcomes) {
        let status = match outcome {
            None => "dry run".to_string(),
            Some(Ok(o)) => {
                counts[o as usize] += 1;
                o.word().to_string()
            }
            Some(Err(err)) => {
                let shown = into.join(&place.path);
                eprintln!("{}: error: cannot write: {err}", shown.display());
                ok = false;
                "failed".to_string()
            }
        };
        // A kept earlier file is where the entry still is.
        let shown = match &place.moved_from {
            Some(old) if status == write::Outcome::Kept.word() => old.as_path(),
            _ => place.path.as_path(),
        };
        table.push(row(shown, e, &status));
    }
    // Files an earlier import made from these raw files that the new rules
    // no longer make go, unless edited since (then they are kept, and said).
    if !opts.dry_run {
        let done: HashSet<&str> = names
            .iter()
            .zip(&converted)
            .filter(|(_, ok)| **ok)
            .map(|(n, _)| n.as_str())
            .collect();
        let produced: HashSet<(&str, usize)> = converted_entries(&results)
            .map(|(n, e)| (n, e.index))
            .collect();
        for old in existing.stale(&done, &produced) {
            let status = match write::remove_stale(&into, &old) {
                Ok(o) => {
                    counts[o as usize] += 1;
                    o.word().to_string()
                }
                Err(err) => {
                    eprintln!("{}: error: cannot remove: {err}", into.join(&old).display());
                    ok = false;
                    "failed".to_string()
                }
            };
            table.push(format!(
                "{}\t-\t(earlier import)\t-\t{status}",
                old.display()
            ));
        }
    }
    clock.lap("write entries");
    // One write, not one per line (stdout flushes every line).
    let mut out = String::with_capacity(table.iter().map(|l| l.len() + 1).sum::<usize>() + 200);
    for line in &table {
        out.push_str(line);
        out.push('\n');
    }
    if !opts.dry_run {
        out.push_str(&format!(
            "{} written, {} updated, {} unchanged, {} kept (edited since import), {} removed in {}\n",
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            counts[4],
            into.display()
        ));
    } else {
        out.push_str(&format!(
            "dry run: {} entries, nothing written\n",
            table.len()
        ));
    }
    print_out(&out)?;
    clock.lap("print the table");
    Ok(ok)
}

/// Every converted entry with the name of its file, in file order.
fn converted_entries(results: &[FileResult]) -> impl Iterator<Item = (&str, &Entry)> {
    results.iter().flat_map(|r| {
        let entries = r.outcome.as_ref().map(|c| c.entries.as_slice());
        entries.unwrap_or(&[]).iter().map(|e| (r.name.as_str(), e))
    })
}

/// Writes `text` to standard output. A reader that went away (`| head`) is
/// not an error: the import is done either way.
fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn config_path_text(root: &Path) -> String {
    crate::config::config_path(root).display().to_string()
}

/// One line of the entries table: file, date, title, topics.
fn row(rel: &Path, e: &Entry, status: &str) -> String {
    let date = e
        .date
        .map(|d| d.to_front_matter())
        .unwrap_or_else(|| "-".into());
    let topics = if e.topics.is_empty() {
        "-".to_string()
    } else {
        e.topics.join(",")
    };
    format!(
        "{}\t{date}\t{}\t{topics}\t{status}",
        rel.display(),
        text::cut_at_word(&e.title, 70)
    )
}

/// Every file's name and conversion (`None` when it failed).
fn file_views(results: &[FileResult]) -> Vec<(&str, Option<&Converted>)> {
    results
        .iter()
        .map(|r| (r.name.as_str(), r.outcome.as_ref().ok()))
        .collect()
}

/// The `--explain` report of one file.
pub fn explain(path: &Path, c: &Converted) -> String {
    let mut out = format!(
        "{}: format `{}` ({})\n  recognisers:\n",
        path.display(),
        c.format.name(),
        if c.forced {
            "forced by --format"
        } else {
            "highest score"
        }
    );
    for (f, s) in &c.scores {
        out.push_str(&format!(
            "    {:<11} {:.2}  {}\n",
            f.name(),
            s.score,
            s.reasons.join("; ")
        ));
    }
    if let Some((line, d, used)) = c.page_date {
        out.push_str(&format!(
            "  page date {d} (line {line}): {}\n",
            if used {
                "used for entries without a stamp"
            } else {
                "ignored, it contradicts the posts' time stamps"
            }
        ));
    }
    for e in &c.entries {
        let date = e
            .date
            .map(|d| d.to_front_matter())
            .unwrap_or_else(|| "NO DATE".into());
        out.push_str(&format!(
            "  entry {} (line {}): {}\n",
            e.index, e.line, e.title
        ));
        out.push_str(&format!("    date: {date} (from {})\n", e.date_from));
        if let Some(a) = &e.author {
            out.push_str(&format!("    author: {a}\n"));
        }
        if let Some(s) = &e.source {
            out.push_str(&format!("    source: {s}\n"));
        }
        for t in &e.topic_matches {
            let phrases: Vec<String> = t
                .matched
                .iter()
                .map(|(p, w)| format!("\"{p}\" {w}"))
                .collect();
            let verdict = match &t.why_not {
                None => "yes".to_string(),
                Some(w) => format!("no, {w}"),
            };
            out.push_str(&format!(
                "    topic {}: {verdict} (score {}: {})\n",
                t.slug,
                t.score,
                phrases.join(", ")
            ));
        }
        if !e.places.is_empty() {
            out.push_str(&format!("    places: {}\n", e.places.join(", ")));
        }
        for r in &e.drones {
            let tally = serde_json::to_string(&r.figures()).unwrap_or_default();
            out.push_str(&format!("    drones: {tally}\n"));
            for (key, sentence) in &r.evidence {
                out.push_str(&format!(
                    "      {key} from: {}\n",
                    text::cut_at_word(sentence, 160)
                ));
            }
        }
    }
    if !c.dropped.is_empty() {
        out.push_str("  not body text:\n");
        for d in &c.dropped {
            out.push_str(&format!(
                "    line {}: {}: {}\n",
                d.line,
                d.noise.describe(),
                text::cut_at_word(&d.text, 80)
            ));
        }
    }
    out
}
