//! Probe (not a test): what `sitrep serve` holds once the site is loaded,
//! for a heap profiler.
//!
//! ```text
//! cargo build --release --example serve_heap
//! valgrind --tool=massif --vgdb=yes target/release/examples/serve_heap SITE_DIR 600 &
//! # once it prints "waiting":
//! vgdb --pid PID detailed_snapshot heap.txt; kill PID
//! ```
//!
//! Opens the site as `serve` does, saves one article once (as an editor
//! would) and puts it back, then prints the resident memory and what the
//! system allocator has handed out (this example does not use mimalloc, so
//! profilers that hook `malloc` see every allocation). With a number of
//! seconds after the site, it then waits that long, holding the live site,
//! for a snapshot of the heap taken from outside: massif's tree names the
//! code that allocated what serve keeps. (heaptrack undercounts here: it
//! misses what `shrink_to_fit` reallocates.)

#[path = "middle.rs"]
mod middle;
#[path = "open_live.rs"]
mod open_live;

use std::path::PathBuf;
use std::time::Duration;

use sitrep::serve::incremental::LiveSite;
use sitrep::serve::watch::Change;

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(
        args.next()
            .expect("usage: serve_heap SITE_DIR [WAIT_SECONDS]"),
    );
    let wait: u64 = args
        .next()
        .map_or(0, |s| s.parse().expect("WAIT_SECONDS is a number"));
    let (mut live, root) = open_live::open_live(&site);
    let (article, original, _) = middle::middle_article(&root);
    let save = |live: &mut LiveSite, text: &str| {
        std::fs::write(&article, text).expect("write the article");
        let mut change = Change::default();
        change.add_path(&root, &article);
        println!("{}", live.apply(&change).summary());
    };
    save(&mut live, &format!("{original}\nEdited by serve_heap.\n"));
    save(&mut live, &original);
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status
            .lines()
            .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        {
            println!("{line}");
        }
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 only reads the allocator's counters.
        let info = unsafe { libc::mallinfo2() };
        println!(
            "allocated by malloc: {} MB in use, {} MB mapped on their own",
            info.uordblks >> 20,
            info.hblkhd >> 20
        );
    }
    if wait > 0 {
        println!("waiting {wait} s; pid {}", std::process::id());
        std::thread::sleep(Duration::from_secs(wait));
    }
    drop(live);
}
