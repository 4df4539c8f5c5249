//! Shared by the in-process serve benchmarks: the site loaded as `serve`
//! loads it.

use std::path::{Path, PathBuf};

use sitrep::BuildOptions;
use sitrep::serve::incremental::LiveSite;

/// The site at `site` loaded and rendered into memory, its root made
/// absolute; panics on any problem (a benchmark needs a site that builds).
pub(crate) fn open_live(site: &Path) -> (LiveSite, PathBuf) {
    let root = site.canonicalize().expect("the site folder exists");
    let opts = BuildOptions {
        root: root.clone(),
        output: None,
        base_url: None,
        drafts: false,
        quiet: true,
    };
    let (live, first) = LiveSite::open(opts);
    assert!(live.problems().0.is_empty(), "{}", live.problems());
    println!("{}", first.summary());
    (live, root)
}
