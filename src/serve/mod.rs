//! `sitrep serve`: builds the site into memory, serves it, watches the site
//! folder, rebuilds only what a change touches and reloads open pages.
//!
//! Three parts: [`watch`] turns file events into [`watch::Change`]s,
//! [`incremental`] keeps the loaded site and re-renders what changed, and
//! [`http`] serves the in-memory output with the live-reload script. A
//! rebuild thread ties them together; nothing here can end the server but
//! Ctrl-C.

pub(crate) mod http;
pub mod incremental;
pub(crate) mod listen;
mod plan;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, mpsc};

use anyhow::Context as _;

use crate::build::BuildOptions;
use http::{Access, Notice, Shared};
use incremental::{LiveSite, Rebuild};
pub use listen::Limits;
use watch::{Event, QUIET, Watcher};

/// Options of `sitrep serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root, base URL override, drafts (the output folder is unused:
    /// the site is kept in memory).
    pub build: BuildOptions,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Address to bind; loopback unless the user asks otherwise.
    pub bind: String,
    /// Timeouts and caps on what clients hold (`SITREP_SERVE_*` variables
    /// in the environment override them).
    pub limits: Limits,
}

/// More changed files than this and the pages are told "everything changed".
const MAX_LISTED: usize = 500;

/// Runs the server until Ctrl-C. Returns `Ok(true)` on a clean exit; errors
/// are only for what stops the server from starting (a busy port, a root
/// that cannot be watched).
pub fn run(opts: &ServeOptions) -> anyhow::Result<bool> {
    let root =
        opts.build.root.canonicalize().with_context(|| {
            format!("cannot open the site folder {}", opts.build.root.display())
        })?;
    let ip = bind_address(&opts.bind)?;
    let limits = opts.limits.with_env()?;
    let (tx, rx) = mpsc::channel();
    // Watch before loading, so a save during the first build is not lost.
    let watcher =
        Watcher::start(&root, tx).with_context(|| format!("cannot watch {}", root.display()))?;
    let mut build = opts.build.clone();
    build.root = root.clone();
    // The memory the first render freed is handed back by the packer,
    // after its pass: not before the site is served.
    let (live, report) = LiveSite::open(build);
    let access = Access {
        loopback_only: ip.is_loopback(),
        max_event_streams: limits.max_event_streams,
    };
    let shared = Arc::new(Shared::new(live.output().clone(), live.base_path(), access));
    announce(&live, &report, &shared);
    let packer = start_packer(live.output().clone());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(SocketAddr::new(
            ip, opts.port,
        )))
        .with_context(|| format!("cannot listen on {}:{}", opts.bind, opts.port))?;
    let local = listener.local_addr()?;
    if !ip.is_loopback() {
        eprintln!(
            "warning: serving on {ip}, reachable from other machines, for any host name (use --bind 127.0.0.1 to keep the preview to this machine)"
        );
    }
    println!(
        "serving {} at http://{local}{} (Ctrl-C to stop)",
        root.display(),
        live.base_path()
    );

    let loop_shared = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("sitrep-rebuild".into())
        .spawn(move || rebuild_loop(live, watcher, &rx, &loop_shared, packer.as_ref()))
        .context("cannot start the rebuild thread")?;

    let app = http::router(Arc::clone(&shared));
    let stop = Arc::clone(&shared);
    runtime.block_on(listen::serve(listener, app, limits, async move {
        let _ = tokio::signal::ctrl_c().await;
        stop.close_streams();
    }));
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    println!("stopped");
    Ok(true)
}

/// The address to bind: an IP address or `localhost`.
fn bind_address(bind: &str) -> anyhow::Result<IpAddr> {
    if bind == "localhost" {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    bind.parse()
        .with_context(|| format!("--bind {bind}: not an IP address (try 127.0.0.1)"))
}

/// Waits for changes, gathers each batch (see [`watch::gather`]),
/// rebuilds, and tells the terminal and the open pages. A save of one
/// article the site has is rebuilt as soon as it is complete; what arrives
/// within the quiet time after it is rebuilt too before the pages are told,
/// so a burst of saves is still one reload.
fn rebuild_loop(
    mut live: LiveSite,
    mut watcher: Watcher,
    rx: &mpsc::Receiver<Result<Event, String>>,
    shared: &Shared,
    packer: Option<&mpsc::Sender<()>>,
) {
    while let Ok(message) = rx.recv() {
        let mut next = Some(message);
        let mut report: Option<Rebuild> = None;
        while let Some(message) = next.take() {
            let first = match message {
                Ok(event) => event,
                Err(e) => {
                    eprintln!("watch error: {e}");
                    continue;
                }
            };
            let batch = watch::gather(first, rx, QUIET, |c| live.edits_one_article(c));
            for e in &batch.errors {
                eprintln!("watch error: {e}");
            }
            for dir in &batch.change.new_dirs {
                if let Err(e) = watcher.watch_dir(dir) {
                    eprintln!("warning: cannot watch {}: {e}", dir.display());
                }
            }
            if !batch.change.is_empty() {
                let done = live.apply(&batch.change);
                match report.as_mut() {
                    Some(r) => r.merge(done),
                    None => report = Some(done),
                }
            }
            if batch.early && batch.open {
                next = watch::follow(&batch, rx, QUIET);
            }
        }
        if let Some(report) = report {
            announce(&live, &report, shared);
            give_back_freed();
            if let Some(packer) = packer {
                let _ = packer.send(());
            }
        }
    }
}

/// Starts the thread that packs the served files (see
/// [`crate::output::Stored::packed`]) once each render is served: a render
/// stores them as LZ4, fast, so the site is served sooner; they then sit
/// in memory as gzip, a third smaller (at 10,000 articles, 100 MB become
/// 65), which a browser that accepts gzip is sent as it is. The
/// thread runs at the lowest priority, so a rebuild never waits for it;
/// each message on the returned sender starts a pass. `None` when the
/// thread cannot start: the files are then served as rendered.
fn start_packer(out: crate::output::MemoryOutput) -> Option<mpsc::Sender<()>> {
    let (tx, rx) = mpsc::channel::<()>();
    let started = std::thread::Builder::new()
        .name("sitrep-pack".into())
        .spawn(move || {
            lowest_priority();
            // One pass for however many renders were served meanwhile.
            while rx.recv().is_ok() {
                while rx.try_recv().is_ok() {}
                if out.pack(|| false) > 0 {
                    give_back_freed();
                }
            }
        });
    if started.is_err() {
        return None;
    }
    tx.send(()).ok()?;
    Some(tx)
}

/// Gives the calling thread the lowest CPU priority (Linux: the nice value
/// is per thread); elsewhere it keeps the process's.
fn lowest_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes no pointers; `who` 0 is the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

/// Hands the memory a render freed back to the system, once the pages are
/// told. A render allocates and frees far more than the site it leaves
/// (contexts, each file's HTML before it is compressed); the allocator
/// keeps freed memory per thread for reuse, and the server then sits idle
/// holding it: at 10,000 articles that was 56 MB of its 590 MB. Each rayon
/// worker and the calling thread collect their own heaps; it takes a few
/// milliseconds, after the rebuild, not during it.
fn give_back_freed() {
    // SAFETY: mi_collect takes no pointers; it frees only memory that
    // mimalloc itself holds unused (none when another allocator is in use).
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Prints a rebuild's summary (or the site's problems) and tells the pages.
fn announce(live: &LiveSite, report: &Rebuild, shared: &Shared) {
    let problems = live.problems();
    if problems.0.is_empty() {
        println!("{}", report.summary());
    } else {
        eprintln!("{problems}");
        let served = if shared.out.is_empty() {
            "nothing is served until this is fixed"
        } else {
            "the last good site is still served"
        };
        eprintln!("{}: not rendered; {served}", report.cause);
    }
    let base = live.base_path();
    if let Ok(mut b) = shared.base.write() {
        *b = base.clone();
    }
    shared.set_problems(&problems);
    let mut touched = report.changed.clone();
    touched.extend(report.removed.iter().cloned());
    if touched.is_empty() {
        return;
    }
    let notice = if touched.iter().all(|p| is_stylesheet(p)) {
        Notice::Css(http::url_paths(&base, &touched))
    } else if touched.len() > MAX_LISTED {
        Notice::Reload(None)
    } else {
        Notice::Reload(Some(http::url_paths(&base, &touched)))
    };
    shared.notify(&notice);
}

fn is_stylesheet(path: &str) -> bool {
    Path::new(path).extension().is_some_and(|e| e == "css")
}
