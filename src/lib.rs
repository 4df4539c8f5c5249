//! sitrep: a static site generator for a daily conflict digest.
//!
//! The data flow is `import` (raw text → Markdown files) → `content` (files →
//! pages) → `site` (pages → the model: days, topics, taxonomies, stories) →
//! `render` (model → HTML, feeds, sitemap through Tera) → `output` (disk or
//! memory). `build`, `check` and `serve` drive that flow.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diag;
pub mod import;
pub(crate) mod markdown;
pub mod output;
pub(crate) mod paths;
pub(crate) mod publish;
pub(crate) mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub(crate) mod site;
pub(crate) mod timing;
pub(crate) mod walk;
pub mod zones;

// The entry points `main.rs` calls, named at the crate root.
pub use build::{BuildOptions, run as build_site};
pub use check::run as check_site;
pub use import::{ImportOptions, run as import_files};
pub use scaffold::new_site;
pub use serve::{ServeOptions, run as serve_site};

/// Turns transparent huge pages off for this process. Where the system
/// gives them to every large mapping (`always`), each 2 MiB region the
/// allocator takes, frees and takes again is zeroed whole by the kernel
/// (`perf`: `clear_page_erms`): at 10,000 articles that was a quarter of a
/// build's CPU time and added 30 MB of half-filled pages to its memory; on
/// bench/import.sh's 20 MB live blog an import's system time fell from about
/// 1.2 s to 0.8 s without them. The `sitrep` command calls it first; an
/// import calls it too, for library callers.
pub fn small_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments and sets one flag
    // of this process; a kernel without it returns an error, ignored.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
