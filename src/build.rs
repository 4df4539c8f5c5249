//! `sitrep build`: load the site, render it into a fresh folder, and swap
//! that folder in for the output only when everything succeeded.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{DiskOutput, Output};
use crate::publish;
use crate::render::{Renderer, Spent, Stats, jobs};
use crate::site::Site;
use crate::timing::PhaseClock;

/// Options shared by build, check and serve.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site root.
    pub root: PathBuf,
    /// Output folder (default ROOT/public).
    pub output: Option<PathBuf>,
    /// Override of base_url.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Print nothing but errors.
    pub quiet: bool,
}

impl BuildOptions {
    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A loaded site with its templates: everything needed to render.
pub struct Loaded {
    /// The model.
    pub site: Site,
    /// The templates.
    pub renderer: Renderer,
    /// Problems that did not stop the load (repaired or skipped input).
    pub warnings: Diagnostics,
    /// What the render made for itself, once it is done (see [`Spent`]).
    spent: Option<Spent>,
}

/// Loads configuration, templates and content, reporting every problem found.
/// The pages keep their Markdown, for `serve` to render again.
pub fn load(opts: &BuildOptions) -> Result<Loaded, Diagnostics> {
    load_with(opts, Site::new)
}

/// [`load`] for a build or check, which render each page once: the pages'
/// Markdown is dropped as it is rendered (see [`Site::for_build`]).
pub fn load_for_build(opts: &BuildOptions) -> Result<Loaded, Diagnostics> {
    load_with(opts, Site::for_build)
}

fn load_with(
    opts: &BuildOptions,
    model: fn(Config, Vec<crate::content::Page>) -> (Site, Vec<Diagnostic>),
) -> Result<Loaded, Diagnostics> {
    let mut clock = PhaseClock::from_env();
    let mut config = Config::load(&opts.root).map_err(Diagnostics::from)?;
    if let Some(base) = &opts.base_url {
        config.base_url = base.clone();
    }
    let mut errors = Vec::new();
    // The templates load on one core while the walk of `content/`, which
    // is one thread's work too, runs on the other.
    let (renderer, loaded) = rayon::join(
        || Renderer::new(&opts.root, &config),
        || content::load_all(&opts.root, &config, opts.drafts),
    );
    let renderer = renderer.map_err(|d| errors.extend(d.0)).ok();
    let content::Content {
        pages,
        standalone,
        problems,
    } = loaded;
    errors.extend(problems);
    clock.lap("templates, read articles and front matter");
    let (mut site, problems) = model(config, pages);
    errors.extend(problems);
    // From the model's URL paths, made once.
    errors.extend(content::duplicate_paths(site.pages(), site.paths()));
    errors.extend(site.set_standalone(standalone));
    clock.lap("Markdown and site model");
    let all = Diagnostics(errors).sorted();
    match renderer {
        Some(renderer) if !all.has_errors() => Ok(Loaded {
            site,
            renderer,
            warnings: all,
            spent: None,
        }),
        _ => Err(all),
    }
}

/// Renders every file of a loaded site into `out`. The model's article
/// bodies and texts are used up on the way: `loaded` renders once.
pub fn render_all(
    loaded: &mut Loaded,
    root: &Path,
    out: &dyn Output,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<Stats, Diagnostics> {
    let mut clock = PhaseClock::from_env();
    let jobs = jobs::all(&loaded.site);
    if let Some(p) = progress {
        p.set_length(jobs.len() as u64);
    }
    let (mut stats, spent) = loaded
        .renderer
        .render_jobs(&mut loaded.site, &jobs, out, progress)?;
    loaded.spent = Some(spent);
    clock.lap("render and write pages");
    let site = &loaded.site;
    let shadowed = loaded
        .renderer
        .static_shadowing(root, || jobs.iter().map(|j| j.output_path(site)).collect());
    loaded.warnings.0.extend(shadowed);
    stats.other += loaded.renderer.write_static(root, out)?;
    clock.lap("static files");
    if loaded.site.config().search {
        let index = crate::search::SearchIndex::build_taking_text(&mut loaded.site);
        clock.lap("search index");
        stats.other += index.write(out)?;
        clock.lap("write search index");
    }
    Ok(stats)
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Files written.
    pub stats: Stats,
    /// Articles in the site.
    pub articles: usize,
    /// Days with entries.
    pub days: usize,
    /// Topics declared.
    pub topics: usize,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
}

/// Builds the site into its output folder. On any error the previous output
/// is left as it was. The output must be a folder builds own (see
/// [`publish::guard`]); one build at a time writes it.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_keeping(opts).map(|(report, _model)| report)
}

/// [`build`], handing back the used-up model with the report: freeing it
/// is work a process about to exit can leave undone (see [`run`]).
fn build_keeping(opts: &BuildOptions) -> Result<(BuildReport, Loaded), Diagnostics> {
    let start = Instant::now();
    let out_dir = opts.output_dir();
    publish::guard(&opts.root, &out_dir)?;
    let io_err = |e: std::io::Error, p: &Path| {
        Diagnostics::from(
            Diagnostic::new(p, format!("cannot write output: {e}"))
                .hint("check the output folder's permissions and free space"),
        )
    };
    let _lock = publish::OutputLock::acquire(&out_dir, || {
        eprintln!(
            "waiting for another build of {} to finish",
            out_dir.display()
        );
    })
    .map_err(|e| io_err(e, &out_dir))?;
    publish::Staging::recover(&out_dir).map_err(|e| io_err(e, &out_dir))?;
    let mut loaded = load_for_build(opts)?;
    let staging = publish::Staging::prepare(&out_dir).map_err(|e| io_err(e, &out_dir))?;
    // Unchanged files are hard-linked from the current output, not rewritten.
    let out = match staging.previous() {
        Some(previous) => DiskOutput::reusing(staging.dir(), previous),
        None => DiskOutput::new(staging.dir()),
    }
    .map_err(|e| io_err(e, staging.dir()))?;
    let progress = progress_bar(opts.quiet);
    let result = render_all(&mut loaded, &opts.root, &out, progress.as_ref());
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            staging.discard();
            return Err(e);
        }
    };
    let mut clock = PhaseClock::from_env();
    staging.commit().map_err(|e| io_err(e, &out_dir))?;
    clock.lap("swap output");
    let report = BuildReport {
        stats,
        articles: loaded.site.pages().len(),
        days: loaded.site.days().len(),
        topics: loaded.site.topics().len(),
        seconds: start.elapsed().as_secs_f64(),
        warnings: std::mem::take(&mut loaded.warnings),
    };
    Ok((report, loaded))
}

fn progress_bar(quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("rendering {bar:30} {pos}/{len} files")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// The `sitrep build` command: prints errors or a one-line summary. For a
/// process that ends next: the used-up model is left to the system with
/// the rest of the process's memory, not freed (a library caller building
/// again and again calls [`build`]).
pub fn run(opts: &BuildOptions) -> anyhow::Result<bool> {
    match build_keeping(opts) {
        Ok((r, model)) => {
            // The process ends next: its memory goes back to the system
            // whole, without the tens of milliseconds that freeing the
            // model's pages, views and strings one by one would take (and
            // the render's own stores with them, see `Spent`).
            std::mem::forget(model);
            r.warnings.print_warnings();
            if !opts.quiet {
                println!(
                    "built {} pages ({} articles, {} days, {} topics), {} feeds and {} other files into {} in {:.2} s",
                    r.stats.pages,
                    r.articles,
                    r.days,
                    r.topics,
                    r.stats.feeds,
                    r.stats.other,
                    opts.output_dir().display(),
                    r.seconds
                );
            }
            Ok(true)
        }
        Err(d) => {
            eprintln!("{d}");
            eprintln!(
                "build failed; {} was left as it was",
                opts.output_dir().display()
            );
            Ok(false)
        }
    }
}
