//! `sitrep import`: raw article files (copied articles, live blogs, lists of
//! briefs) become Markdown entries with front matter under `content/`.
//!
//! The flow, one module per step: [`input`] reads and checks the bytes;
//! [`recognise`] scores every format in [`formats`] and the best one cuts
//! the text into drafts (with [`body`] and [`clean`] deciding what is body
//! text); [`repeats`] keeps repeated text once; [`entry`] gives each entry
//! its title, [`dates`], [`topics`], places and [`figures`]; [`story`]
//! groups reports of one event; [`markdown`] and [`write`] produce the files.
//! [`run`] goes in three steps: plan (convert, date, choose stories and
//! paths), write, and a [`Summary`] of what happened, which it prints.

pub(crate) mod body;
pub(crate) mod clean;
pub mod dates;
pub(crate) mod draft;
pub mod entry;
pub(crate) mod figures;
pub(crate) mod formats;
pub(crate) mod grouping;
pub(crate) mod html;
pub(crate) mod input;
pub(crate) mod markdown;
pub mod recognise;
pub(crate) mod repeats;
pub(crate) mod roles;
pub(crate) mod segment;
pub mod selfcheck;
pub(crate) mod staging;
pub(crate) mod stamps;
pub mod story;
pub mod summary;
pub(crate) mod text;
pub mod topics;
pub mod write;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::Diagnostic;
use entry::{Converted, Settings};
use recognise::Format;
use topics::Matcher;

pub use entry::{Entry, convert};
pub use summary::{Row, Status, Summary};
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

/// What every step reads: the site's configuration, its topic rules and
/// the command's options.
struct Setup {
    config: Config,
    matcher: Matcher,
    given: Option<dates::Given>,
    format: Option<Format>,
    source: Option<String>,
    into: PathBuf,
    explain: bool,
}

impl Setup {
    fn load(opts: &ImportOptions) -> anyhow::Result<Setup> {
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
        let into = opts
            .into
            .clone()
            .unwrap_or_else(|| opts.root.join(crate::paths::CONTENT_DIR));
        Ok(Setup {
            config,
            matcher,
            given,
            format,
            source: opts.source.clone(),
            into,
            explain: opts.explain,
        })
    }

    fn settings(&self) -> Settings<'_> {
        Settings {
            config: &self.config,
            matcher: &self.matcher,
            given: self.given,
            source: self.source.clone(),
            format: self.format,
            explain: self.explain,
        }
    }
}

/// The raw files read and converted, with what finding them reported.
struct Conversion {
    results: Vec<FileResult>,
    diagnostics: Vec<Diagnostic>,
    /// False when a path given could not be read.
    found_all: bool,
}

/// Finds the raw files under `paths` and converts each (in parallel).
fn convert_all(paths: &[PathBuf], setup: &Setup) -> anyhow::Result<Conversion> {
    let found = input::files(paths).map_err(|d| anyhow::anyhow!("{d}"))?;
    let settings = setup.settings();
    let results = found
        .files
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
    Ok(Conversion {
        results,
        found_all: found.errors.is_empty(),
        diagnostics: found.errors.into_iter().chain(found.skipped).collect(),
    })
}

/// What an import will write, decided before anything is: each converted
/// entry with its story and its path, and the files earlier imports left.
struct Plan {
    results: Vec<FileResult>,
    /// One per converted entry, in [`converted_entries`] order.
    places: Vec<write::Placement>,
    existing: write::Existing,
    diagnostics: Vec<Diagnostic>,
    ok: bool,
}

/// Plans an import: entries that cannot be dated fail their file; stories
/// and paths are chosen against what is already in `setup.into`.
fn plan(conversion: Conversion, setup: &Setup, clock: &mut crate::timing::PhaseClock) -> Plan {
    let Conversion {
        mut results,
        mut diagnostics,
        found_all,
    } = conversion;
    let mut ok = found_all;
    for r in &mut results {
        let failed = match &mut r.outcome {
            Ok(c) => {
                diagnostics.extend(c.take_undated(&r.path));
                c.check_dates(&r.path).err()
            }
            Err(_) => None,
        };
        if let Some(d) = failed {
            r.outcome = Err(d);
        }
        if let Err(d) = &r.outcome {
            diagnostics.push(d.clone());
            ok = false;
        }
    }
    let existing = write::scan(&setup.into, &setup.config);
    clock.lap("scan existing entries");
    // Stories and paths do not depend on each other: found side by side.
    // Paths are chosen in order (a taken name moves the next entry on).
    let tz = setup.config.time_zone();
    let files = file_views(&results);
    let (stories, places) = rayon::join(
        || {
            let g = grouping::group(&files, &existing, &tz, story::Nearest::Skip);
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
    drop(files);
    for ((f, i), story) in stories {
        if let Ok(c) = &mut results[f].outcome {
            c.entries[i].story = Some(story);
        }
    }
    clock.lap("group stories and choose paths");
    Plan {
        results,
        places,
        existing,
        diagnostics,
        ok,
    }
}

impl Plan {
    /// Writes the planned entries (in parallel; nothing when `dry_run`),
    /// then removes the files earlier imports made from these raw files
    /// that the new rules no longer make, unless edited since.
    fn write(self, into: &Path, dry_run: bool) -> Summary {
        let mut summary = Summary {
            into: into.to_path_buf(),
            dry_run,
            rows: Vec::with_capacity(self.places.len()),
            diagnostics: self.diagnostics,
            ok: self.ok,
        };
        let placed: Vec<(&str, &Entry, &write::Placement)> = converted_entries(&self.results)
            .zip(&self.places)
            .map(|((name, e), place)| (name, e, place))
            .collect();
        // New folders are written whole under a temporary name; a folder
        // that an entry moves into from an earlier file is not (the old
        // file is removed as the new one is written).
        let staging = (!dry_run).then(|| {
            let moved: HashSet<&Path> = placed
                .iter()
                .filter(|(_, _, p)| p.moved_from.is_some())
                .filter_map(|(_, _, p)| p.path.parent())
                .collect();
            staging::Staging::new(
                into,
                placed
                    .iter()
                    .map(|(_, _, p)| p.path.as_path())
                    .filter(|p| p.parent().is_some_and(|f| !moved.contains(f))),
            )
        });
        let mut outcomes: Vec<Option<std::io::Result<write::Outcome>>> = placed
            .par_iter()
            .map(|(name, e, place)| {
                let staging = staging.as_ref()?;
                let text = render(e, name).map_err(std::io::Error::other);
                Some(text.and_then(|text| {
                    let seen = self.existing.paths.contains(&place.path);
                    match &place.moved_from {
                        _ if staging.holds(&place.path) => staging.write(&place.path, &text),
                        Some(old) => write::write_moved(into, old, &place.path, &text, seen),
                        None => write::write(into, &place.path, &text, seen),
                    }
                }))
            })
            .collect();
        if let Some(staging) = staging {
            let at: HashMap<&Path, usize> = placed
                .iter()
                .enumerate()
                .map(|(k, (_, _, p))| (p.path.as_path(), k))
                .collect();
            for (rel, outcome) in staging.finish(into) {
                if let Some(&k) = at.get(rel.as_path()) {
                    outcomes[k] = Some(outcome);
                }
            }
        }
        for ((_, e, place), outcome) in placed.iter().zip(outcomes) {
            let status = summary.status_of(outcome, into, &place.path, "write");
            // A kept earlier file is where the entry still is.
            let path = match &place.moved_from {
                Some(old) if status == Status::Done(write::Outcome::Kept) => old,
                _ => &place.path,
            };
            summary.rows.push(Row {
                path: path.clone(),
                date: e.date.map(|d| d.to_front_matter()),
                title: Some(e.title.clone()),
                topics: e.topics.clone(),
                status,
            });
        }
        if dry_run {
            return summary;
        }
        let done: HashSet<&str> = self
            .results
            .iter()
            .filter(|r| r.outcome.is_ok())
            .map(|r| r.name.as_str())
            .collect();
        let produced: HashSet<(&str, usize)> = converted_entries(&self.results)
            .map(|(n, e)| (n, e.index))
            .collect();
        for old in self.existing.stale(&done, &produced) {
            let outcome = Some(write::remove_stale(into, &old));
            let status = summary.status_of(outcome, into, &old, "remove");
            summary.rows.push(Row {
                path: old,
                date: None,
                title: None,
                topics: Vec::new(),
                status,
            });
        }
        summary
    }
}

impl Summary {
    /// The status of a write or removal of `rel`; a failure is noted.
    fn status_of(
        &mut self,
        outcome: Option<std::io::Result<write::Outcome>>,
        into: &Path,
        rel: &Path,
        doing: &str,
    ) -> Status {
        match outcome {
            None => Status::DryRun,
            Some(Ok(o)) => Status::Done(o),
            Some(Err(err)) => {
                self.diagnostics.push(Diagnostic::new(
                    into.join(rel),
                    format!("cannot {doing}: {err}"),
                ));
                self.ok = false;
                Status::Failed
            }
        }
    }
}

/// `sitrep import` without printing: converts the raw files, plans where
/// each entry goes, writes them (unless `opts.dry_run`) and says what
/// happened. `--explain` is not done here: see [`run`].
pub fn import(opts: &ImportOptions) -> anyhow::Result<Summary> {
    import_timed(opts, &mut crate::timing::PhaseClock::from_env())
}

/// The first step of every import: the setup loaded, the raw files converted.
fn load_and_convert(
    opts: &ImportOptions,
    clock: &mut crate::timing::PhaseClock,
) -> anyhow::Result<(Setup, Conversion)> {
    let setup = Setup::load(opts)?;
    clock.lap("config and topic matcher");
    let conversion = convert_all(&opts.paths, &setup)?;
    clock.lap("read and convert files");
    Ok((setup, conversion))
}

fn import_timed(
    opts: &ImportOptions,
    clock: &mut crate::timing::PhaseClock,
) -> anyhow::Result<Summary> {
    let (setup, conversion) = load_and_convert(opts, clock)?;
    let plan = plan(conversion, &setup, clock);
    let summary = plan.write(&setup.into, opts.dry_run);
    clock.lap("write entries");
    Ok(summary)
}

/// Runs `sitrep import`: prints the problems met and the summary's table
/// (or, with `--explain`, how each file was read); returns `Ok(true)` when
/// every file imported cleanly and `Ok(false)` when some file failed.
pub fn run(opts: &ImportOptions) -> anyhow::Result<bool> {
    let mut clock = crate::timing::PhaseClock::from_env();
    if opts.explain {
        return explain_all(opts, &mut clock);
    }
    let summary = import_timed(opts, &mut clock)?;
    for d in &summary.diagnostics {
        eprintln!("{d}");
    }
    print_out(&summary.to_text())?;
    clock.lap("print the table");
    Ok(summary.ok)
}

/// `--explain`: for each file, the format chosen, every entry's fields and
/// evidence, how its lines were read and the stories its entries join.
fn explain_all(
    opts: &ImportOptions,
    clock: &mut crate::timing::PhaseClock,
) -> anyhow::Result<bool> {
    let (setup, conversion) = load_and_convert(opts, clock)?;
    for d in &conversion.diagnostics {
        eprintln!("{d}");
    }
    let results = &conversion.results;
    let existing = write::scan(&setup.into, &setup.config);
    let files = file_views(results);
    let stories = grouping::group(
        &files,
        &existing,
        &setup.config.time_zone(),
        story::Nearest::Find,
    );
    for (f, r) in results.iter().enumerate() {
        match &r.outcome {
            Ok(c) => {
                let mut text = explain(&r.path, c);
                if let Ok(raw) = input::read(&r.path) {
                    text.push_str(&segment::report(&segment::Reading::new(&text::lines(&raw))));
                }
                text.push_str(&stories.explain_file(f, &files, &setup.into));
                print_out(&text)?;
            }
            Err(d) => eprintln!("{d}"),
        }
    }
    Ok(conversion.found_all && results.iter().all(|r| r.outcome.is_ok()))
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
    // The preset chosen and the runner-up (the next best score).
    let runner = c.scores.iter().filter(|(f, _)| *f != c.format).fold(
        None::<&(Format, formats::Score)>,
        |best, x| match best {
            Some(b) if b.1.score >= x.1.score => Some(b),
            _ => Some(x),
        },
    );
    if let Some((f, s)) = runner {
        out.push_str(&format!(
            "  preset: `{}`; runner-up: `{}` ({:.2})\n",
            c.format.name(),
            f.name(),
            s.score
        ));
    }
    for line in &c.cut {
        out.push_str(&format!("  {line}\n"));
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
                .map(|(p, w)| {
                    let phrase = c.phrases.get(*p).map_or("", String::as_str);
                    format!("\"{phrase}\" {w}")
                })
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
        let own = |slug: &String| {
            e.topic_matches
                .iter()
                .any(|t| t.accepted && &t.slug == slug)
        };
        for slug in e.topics.iter().filter(|s| !own(s)) {
            out.push_str(&format!(
                "    topic {slug}: yes, from the file (at least two of its entries and a third hold it)\n"
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
