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

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e` of
/// mimalloc.h, v3, which libmimalloc-sys does not name).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Has memory the allocator freed handed back to the system after 5 ms
/// instead of mimalloc's default second. A build frees much as it goes
/// (file texts, the article bodies as their pages are written) and takes
/// more right after: with the default delay the freed pages stayed resident
/// beside the new ones, and the faster the build, the more of them at its
/// peak (7 MB at 10,000 articles, RSS 145 -> 137 MB, same CPU time). The
/// `sitrep` command calls it for every command but `import`
/// ([`keep_freed_memory`]).
pub fn prompt_purge() {
    // SAFETY: mi_option_set only stores an option's value; the purge
    // delay is read whenever freed memory is considered for purging.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 5) };
}

/// Has the allocator keep the memory it freed for this process's own later
/// allocations instead of handing it back to the system: the setup of
/// `sitrep import`, which the `sitrep` command calls for it instead of
/// [`prompt_purge`]. An import is one pass that frees as it goes (raw texts,
/// each file's lines and drafts once its entries are built, each entry once
/// it is written) and allocates more right after; every page handed back
/// and taken again is one more page fault and one more page the kernel
/// zeroes. On bench/import.sh's 20 MB live blog (small pages, 2 cores, 9
/// alternating runs, load 4): 123,000 minor faults -> 82,000, system time
/// 0.66 -> 0.58 s, user + system 2.25 -> 2.13 s, peak RSS 275 -> 333 MB
/// (mimalloc's default delay of a second: 87,000 faults, 2.17 s; 100 ms:
/// 103,000, 2.23 s); the 2,800-file row is unchanged (0.89 s, 94 -> 99 MB).
/// An import keeps transparent huge pages (the `sitrep` command calls
/// [`small_pages`] for every other command): memory that is never handed
/// back is zeroed once either way, and with small pages the 2,800-file row
/// took 20,800 page faults (huge pages: 570, as the baseline importer) and
/// more user time for the address translations of its scattered small
/// allocations.
pub fn keep_freed_memory() {
    // SAFETY: as in prompt_purge; a negative delay is mimalloc's "never".
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// Turns transparent huge pages off for this process. Where the system
/// gives them to every large mapping (`always`), each 2 MiB region the
/// allocator takes, frees and takes again is zeroed whole by the kernel
/// (`perf`: `clear_page_erms`): at 10,000 articles that was a quarter of a
/// build's CPU time and added 30 MB of half-filled pages to its memory; on
/// bench/import.sh's 20 MB live blog an import's system time fell from about
/// 1.2 s to 0.8 s without them (while freed memory was still handed back and
/// taken again). The `sitrep` command calls it for every command but
/// `import`, which keeps what it frees ([`keep_freed_memory`]).
pub fn small_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments and sets one flag
    // of this process; a kernel without it returns an error, ignored.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::{MI_OPTION_PURGE_DELAY, keep_freed_memory, prompt_purge};

    /// Option 15 is the purge delay: of mimalloc's options only it defaults
    /// to a second (v3's options.c), `prompt_purge` makes it 5 ms and
    /// `keep_freed_memory` never (one test: the option is the process's).
    #[test]
    fn purge_delay_setups_set_mimallocs_purge_delay() {
        // SAFETY: mi_option_get only reads an option's value.
        let get = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(get(), 1000);
        }
        prompt_purge();
        assert_eq!(get(), 5);
        keep_freed_memory();
        assert_eq!(get(), -1);
        prompt_purge();
        assert_eq!(get(), 5);
    }
}
