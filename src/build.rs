//! `sitrep build`: load the site, render it into a fresh folder, and swap
//! that folder in for the output only when everything succeeded.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{DiskOutput, Output};
use crate::render::{Renderer, Stats, jobs};
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
}

/// Loads configuration, templates and content, reporting every problem found.
pub fn load(opts: &BuildOptions) -> Result<Loaded, Diagnostics> {
    let mut clock = PhaseClock::from_env();
    let mut config = Config::load(&opts.root).map_err(Diagnostics::from)?;
    if let Some(base) = &opts.base_url {
        config.base_url = base.clone();
    }
    let mut errors = Vec::new();
    let renderer = Renderer::new(&opts.root, &config)
        .map_err(|d| errors.extend(d.0))
        .ok();
    clock.lap("config and templates");
    let (pages, problems) = content::load_all(&opts.root, &config, opts.drafts);
    errors.extend(problems);
    clock.lap("read articles and front matter");
    let (site, problems) = Site::new(config, pages);
    errors.extend(problems);
    clock.lap("Markdown and site model");
    match renderer {
        Some(renderer) if errors.is_empty() => Ok(Loaded { site, renderer }),
        _ => Err(Diagnostics(errors).sorted()),
    }
}

/// Renders every file of a loaded site into `out`.
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
    let mut stats = loaded
        .renderer
        .render_jobs(&loaded.site, &jobs, out, progress)?;
    clock.lap("render and write pages");
    stats.other += loaded.renderer.write_static(root, out)?;
    clock.lap("static files");
    if loaded.site.config.search {
        let index = crate::search::SearchIndex::build(&loaded.site);
        clock.lap("search index");
        stats.other += index.write(out)?;
        clock.lap("write search index");
    }
    Ok(stats)
}

/// What a build did.
#[derive(Debug, Clone, Copy)]
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
}

/// Builds the site into its output folder. On any error the previous output
/// is left as it was.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let out_dir = opts.output_dir();
    let staging = sibling(&out_dir, "tmp");
    remove_stale_siblings(&out_dir);
    let mut loaded = load(opts)?;
    // The Markdown sources are rendered by now; only `serve` needs them again.
    for page in &mut loaded.site.pages {
        page.body = String::new();
    }
    let _ = std::fs::remove_dir_all(&staging);
    let io_err = |e: std::io::Error, p: &Path| {
        Diagnostics::from(
            Diagnostic::new(p, format!("cannot write output: {e}"))
                .hint("check the output folder's permissions and free space"),
        )
    };
    // Unchanged files are hard-linked from the current output, not rewritten.
    let out = if out_dir.is_dir() {
        DiskOutput::reusing(&staging, &out_dir)
    } else {
        DiskOutput::new(&staging)
    }
    .map_err(|e| io_err(e, &staging))?;
    let progress = progress_bar(opts.quiet);
    let result = render_all(&mut loaded, &opts.root, &out, progress.as_ref());
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    let mut clock = PhaseClock::from_env();
    swap_in(&staging, &out_dir).map_err(|e| io_err(e, &out_dir))?;
    clock.lap("swap output");
    Ok(BuildReport {
        stats,
        articles: loaded.site.pages.len(),
        days: loaded.site.days.len(),
        topics: loaded.site.topics.len(),
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// `DIR` → `.DIR.KIND`, beside it, so a rename between them never crosses file systems.
fn sibling(out_dir: &Path, kind: &str) -> PathBuf {
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out_dir.with_file_name(format!(".{name}.{kind}"))
}

/// Replaces `out_dir` with `staging`: the old tree is renamed aside, the new
/// one renamed in, and the old one deleted in the background (a next build
/// finishes the deletion if that was cut short).
fn swap_in(staging: &Path, out_dir: &Path) -> std::io::Result<()> {
    let old = sibling(out_dir, &format!("old-{}", std::process::id()));
    let had_old = out_dir.exists();
    if had_old {
        std::fs::rename(out_dir, &old)?;
    }
    if let Err(e) = std::fs::rename(staging, out_dir) {
        if had_old {
            let _ = std::fs::rename(&old, out_dir);
        }
        return Err(e);
    }
    if had_old {
        remove_in_background(vec![old]);
    }
    Ok(())
}

/// Deletes `.DIR.old-*` folders an interrupted build left behind.
fn remove_stale_siblings(out_dir: &Path) {
    let Some(parent) = out_dir.parent() else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let Some(name) = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    else {
        return;
    };
    let prefix = format!(".{name}.old-");
    if let Ok(entries) = std::fs::read_dir(parent) {
        let stale = entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .map(|e| e.path())
            .collect();
        remove_in_background(stale);
    }
}

/// Deletes folders without making the build wait for it: deleting a tree of
/// thousands of files takes seconds on a disk. On Unix a detached `rm -rf`
/// does it, so the deletion outlives this process (a thread reaps it in a
/// long-running one); elsewhere, or if `rm` cannot start, it happens here.
fn remove_in_background(dirs: Vec<PathBuf>) {
    if dirs.is_empty() {
        return;
    }
    #[cfg(unix)]
    {
        use std::process::{Command, Stdio};
        let child = Command::new("rm")
            .arg("-rf")
            .arg("--")
            .args(&dirs)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if let Ok(mut child) = child {
            std::thread::spawn(move || child.wait());
            return;
        }
    }
    for dir in dirs {
        let _ = std::fs::remove_dir_all(dir);
    }
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

/// The `sitrep build` command: prints errors or a one-line summary.
pub fn run(opts: &BuildOptions) -> anyhow::Result<bool> {
    match build(opts) {
        Ok(r) => {
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
