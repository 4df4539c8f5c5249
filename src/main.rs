//! The `sitrep` command line: parses arguments, calls the library, maps the
//! outcome to an exit code (0 success, 1 content or template errors, 2 bad usage).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Rendering allocates many small, short-lived values on every thread;
// mimalloc's per-thread heaps serve them faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    about = "A static site generator for a daily conflict digest"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scaffold a new site: site.yaml, content/ and an example article.
    New {
        /// Folder to create (must not exist or be empty).
        dir: PathBuf,
    },
    /// Convert raw article files (or folders of them) into content/**.md.
    Import {
        /// Raw files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Site root (holds site.yaml with the topic rules).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write entries here instead of ROOT/content.
        #[arg(long)]
        into: Option<PathBuf>,
        /// Date for entries that carry no time stamp of their own (YYYY-MM-DD or RFC 3339).
        #[arg(long)]
        date: Option<String>,
        /// Outlet name for entries whose text does not name one.
        #[arg(long)]
        source: Option<String>,
        /// Force a format instead of recognising it.
        #[arg(long)]
        format: Option<String>,
        /// Print the table of entries, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Say which format was recognised and why, and which phrases decided each topic.
        #[arg(long)]
        explain: bool,
    },
    /// Build content/ into public/.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (default ROOT/public).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Build, serve on 127.0.0.1, rebuild on change and reload the browser.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to bind.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
    },
    /// Validate front matter, topics, internal links and templates; write nothing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
}

#[derive(clap::Args)]
struct SiteArgs {
    /// Site root (the folder with site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Override base_url, e.g. https://example.org/digest/
    #[arg(long)]
    base_url: Option<String>,
    /// Include drafts.
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    fn options(self) -> sitrep::BuildOptions {
        sitrep::BuildOptions {
            root: self.root,
            output: None,
            base_url: self.base_url,
            drafts: self.drafts,
            quiet: false,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Freed memory: handed back promptly by a build or a server (their peak
    // memory, on small pages), kept for reuse by an import (its page faults,
    // on huge pages where the system gives them); see each.
    if matches!(cli.command, Command::Import { .. }) {
        sitrep::keep_freed_memory();
    } else {
        sitrep::small_pages();
        sitrep::prompt_purge();
    }
    let result = match cli.command {
        Command::New { dir } => sitrep::new_site(&dir).map(|()| {
            println!(
                "created a site in {}; build it with `sitrep build --root {}`",
                dir.display(),
                dir.display()
            );
            true
        }),
        Command::Import {
            paths,
            root,
            into,
            date,
            source,
            format,
            dry_run,
            explain,
        } => sitrep::import_files(&sitrep::ImportOptions {
            paths,
            root,
            into,
            date,
            source,
            format,
            dry_run,
            explain,
        }),
        Command::Build {
            site,
            output,
            quiet,
        } => {
            let mut opts = site.options();
            opts.output = output;
            opts.quiet = quiet;
            sitrep::build_site(&opts)
        }
        Command::Serve { site, port, bind } => sitrep::serve_site(&sitrep::ServeOptions {
            build: site.options(),
            port,
            bind,
            limits: sitrep::serve::Limits::default(),
        }),
        Command::Check { site } => sitrep::check_site(&site.options()),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            let usage = e.downcast_ref::<sitrep::diag::UsageError>().is_some();
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}
