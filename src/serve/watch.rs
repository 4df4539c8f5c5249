//! Watching the site folder: which folders are watched, which file events
//! are ignored (editor temp files, the output), and how the events of one
//! save, or of a burst of saves (an import writing twenty files), become one
//! [`Change`] for one rebuild: [`gather`] makes the batches, in the rebuild
//! thread, from the [`Event`]s the watcher sends as they happen.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::config::CONFIG_FILE;
use crate::paths::{CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};

/// Folders under the site root that hold the site's sources, each watched
/// recursively. Anything else (the output, `.git/`) is never watched.
pub const WATCHED_DIRS: [&str; 4] = crate::paths::SITE_FOLDERS;

/// When a batch of events is handed over: once the watcher has been quiet
/// this long since the last event of the batch (any file's, not each
/// file's own, so a burst of saves is one batch however its files
/// interleave), and at the latest [`Quiet::cap`] after its first event.
#[derive(Debug, Clone, Copy)]
pub struct Quiet {
    /// Quiet time that ends a batch of one file: editors that save through
    /// a temp file and a rename do it within a millisecond or two, and the
    /// whole wait counts against the save-to-reload time. (A save that is
    /// seen to be complete need not wait: see [`gather`].)
    pub one: Duration,
    /// Quiet time that ends a batch of several files: a writer of many
    /// files (an import) can pause between them, on a loaded machine for
    /// several milliseconds, and one rebuild is worth a short wait.
    pub many: Duration,
    /// The longest a batch is held: a writer that never stops still gets
    /// its changes shown.
    pub cap: Duration,
}

/// The windows `sitrep serve` uses.
pub const QUIET: Quiet = Quiet {
    one: Duration::from_millis(10),
    many: Duration::from_millis(40),
    cap: Duration::from_millis(250),
};

/// What a batch of file events touched, in the site's terms.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Change {
    /// `site.yaml` changed.
    pub config: bool,
    /// Something under `templates/` or the theme's templates changed.
    pub templates: bool,
    /// Static files changed (`static/`, the theme's `static/` or `highlight/`).
    pub statics: bool,
    /// Article keys whose files changed, were created or were removed.
    pub pages: BTreeSet<String>,
    /// Something under `content/` other than an article file changed (a
    /// folder created, renamed or removed): list the folder again.
    pub rescan: bool,
    /// Top-level source folders that appeared and must now be watched.
    pub new_dirs: BTreeSet<PathBuf>,
}

impl Change {
    /// True when nothing in the batch concerns the site.
    pub fn is_empty(&self) -> bool {
        !self.config
            && !self.templates
            && !self.statics
            && !self.rescan
            && self.pages.is_empty()
            && self.new_dirs.is_empty()
    }

    /// Folds another batch into this one.
    pub fn merge(&mut self, other: Change) {
        self.config |= other.config;
        self.templates |= other.templates;
        self.statics |= other.statics;
        self.rescan |= other.rescan;
        self.pages.extend(other.pages);
        self.new_dirs.extend(other.new_dirs);
    }

    /// Adds what one changed path means for the site rooted at `root`.
    pub fn add_path(&mut self, root: &Path, path: &Path) {
        let Ok(rel) = path.strip_prefix(root) else {
            return;
        };
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let Some(first) = parts.first() else {
            return;
        };
        if parts.iter().any(|p| crate::walk::is_hidden(p))
            || parts.last().is_some_and(|name| is_editor_temp(name))
        {
            return;
        }
        if parts.len() == 1 {
            if first == CONFIG_FILE {
                self.config = true;
            } else if WATCHED_DIRS.contains(&first.as_str()) {
                // The folder itself was created, removed or renamed.
                self.new_dirs.insert(root.join(first));
                self.touch_folder(first);
            }
            return;
        }
        match first.as_str() {
            CONTENT_DIR => {
                if parts.last().is_some_and(|n| n.ends_with(".md")) {
                    self.pages.insert(parts[1..].join("/"));
                } else {
                    self.rescan = true;
                }
            }
            TEMPLATES_DIR => self.templates = true,
            THEMES_DIR => match parts.get(2).map(String::as_str) {
                Some(STATIC_DIR) | Some("highlight") => {
                    self.statics = true;
                    // Highlight themes feed the highlight stylesheet, which
                    // the renderer makes.
                    self.templates |= parts[2] == "highlight";
                }
                _ => self.templates = true,
            },
            STATIC_DIR => self.statics = true,
            _ => {}
        }
    }

    fn touch_folder(&mut self, name: &str) {
        match name {
            CONTENT_DIR => self.rescan = true,
            STATIC_DIR => self.statics = true,
            _ => self.templates = true,
        }
    }
}

/// Editor swap, backup and temp files: vim (`.swp`, `~`, `4913`), emacs
/// (`#x#`, `.#x`), kate (`.kate-swp`), JetBrains (`___jb_tmp___`), and
/// generic `.tmp` files.
pub fn is_editor_temp(name: &str) -> bool {
    name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        || [
            ".swp",
            ".swo",
            ".swx",
            ".kate-swp",
            ".tmp",
            "___jb_tmp___",
            "___jb_old___",
            ".crdownload",
        ]
        .iter()
        .any(|s| name.ends_with(s))
}

/// True for events that can change a file's content or existence. Reads
/// (which the rebuild itself causes) and metadata changes are not edits;
/// the close of a file written to is (it ends a save). A rename's `Both`
/// event repeats the `From` and `To` events sent just before it (inotify,
/// the only backend that sends it).
fn is_edit(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_)
        | EventKind::Modify(ModifyKind::Metadata(_))
        | EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => false,
        _ => true,
    }
}

/// True for the events that end a save: the file's new text is all there,
/// renamed over it (editors that write beside the file, imports) or
/// written and closed (editors that write in place).
fn ends_save(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To))
    )
}

/// One file event, in the site's terms, as the watcher sends it.
#[derive(Debug, Clone)]
pub struct Event {
    /// What the event touched.
    pub change: Change,
    /// The event ends a save (see [`ends_save`]): what it names is complete.
    pub complete: bool,
    /// When the watcher got it.
    pub at: Instant,
}

impl Event {
    /// An event that happens now.
    pub fn now(change: Change, complete: bool) -> Event {
        Event {
            change,
            complete,
            at: Instant::now(),
        }
    }
}

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watches the site at `root`: the root itself (not recursively, for
    /// `site.yaml` and new source folders) and each source folder that
    /// exists. Each event that concerns the site is sent on `tx` as it
    /// happens (for [`gather`] to batch); watcher errors are sent as messages.
    pub fn start(root: &Path, tx: mpsc::Sender<Result<Event, String>>) -> notify::Result<Self> {
        let events_root = root.to_path_buf();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let message = match event {
                Ok(event) if is_edit(&event.kind) => {
                    let mut change = Change::default();
                    for path in &event.paths {
                        change.add_path(&events_root, path);
                    }
                    // Temp files and the output start no batch.
                    if change.is_empty() {
                        return;
                    }
                    Ok(Event::now(change, ends_save(&event.kind)))
                }
                Ok(_) => return,
                Err(e) => Err(e.to_string()),
            };
            let _ = tx.send(message);
        })?;
        let mut watcher = Watcher {
            watcher,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        watcher.watcher.watch(root, RecursiveMode::NonRecursive)?;
        for dir in WATCHED_DIRS {
            watcher.watch_dir(&root.join(dir))?;
        }
        Ok(watcher)
    }

    /// Starts watching a source folder (recursively) if it exists and is not
    /// watched yet; forgets it if it was removed.
    pub fn watch_dir(&mut self, dir: &Path) -> notify::Result<()> {
        if !dir.starts_with(&self.root) {
            return Ok(());
        }
        if dir.is_dir() {
            if !self.watched.contains(dir) {
                self.watcher.watch(dir, RecursiveMode::Recursive)?;
                self.watched.insert(dir.to_path_buf());
            }
        } else if self.watched.remove(dir) {
            let _ = self.watcher.unwatch(dir);
        }
        Ok(())
    }
}

/// One batch of changes, gathered by [`gather`].
#[derive(Debug)]
pub struct Batch {
    /// Every change of the batch, merged.
    pub change: Change,
    /// Watcher errors that arrived meanwhile, in order.
    pub errors: Vec<String>,
    /// False when the sender is gone (the watcher stopped).
    pub open: bool,
    /// True when the batch was handed over as soon as its save was
    /// complete, before its quiet time had passed: events that arrive
    /// within [`Quiet::one`] of [`Batch::last`] still belong with it.
    pub early: bool,
    /// When its last event happened.
    pub last: Instant,
}

/// The batch that begins with `first`: it takes every message from `rx`
/// until none has come for [`Quiet::one`] (or [`Quiet::many`] once the
/// batch names several articles) since the last one, or until
/// [`Quiet::cap`] after the first. Times count from when the watcher got
/// each event, so a batch gathered after a rebuild waits no longer than one
/// gathered meanwhile.
///
/// A batch is handed over at once, [`Batch::early`], when an event ends a
/// save and `at_once` says the batch so far may be (the rebuild thread
/// says so for one article the site already has: an edit renders a few
/// files, where an added article can be the first of an import's burst).
pub fn gather(
    first: Event,
    rx: &mpsc::Receiver<Result<Event, String>>,
    quiet: Quiet,
    at_once: impl Fn(&Change) -> bool,
) -> Batch {
    let (begun, complete) = (first.at, first.complete);
    let mut batch = Batch {
        change: first.change,
        errors: Vec::new(),
        open: true,
        early: false,
        last: first.at,
    };
    if complete && at_once(&batch.change) {
        batch.early = true;
        return batch;
    }
    let cap = begun + quiet.cap;
    loop {
        let several = batch.change.pages.len() + usize::from(batch.change.rescan) > 1;
        let gap = if several { quiet.many } else { quiet.one };
        let now = Instant::now();
        if now >= cap {
            return batch;
        }
        let until = (batch.last + gap).min(cap);
        match rx.recv_timeout(until.saturating_duration_since(now)) {
            Ok(Ok(event)) => {
                batch.change.merge(event.change);
                batch.last = batch.last.max(event.at);
                if event.complete && at_once(&batch.change) {
                    batch.early = true;
                    return batch;
                }
            }
            Ok(Err(e)) => batch.errors.push(e),
            Err(mpsc::RecvTimeoutError::Timeout) => return batch,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                batch.open = false;
                return batch;
            }
        }
    }
}

/// After an [`Batch::early`] batch: the next message, if one comes within
/// [`Quiet::one`] of the batch's last event (its rebuild may have taken
/// longer than that: then only what is already waiting). `None` when none
/// came or the watcher stopped.
pub fn follow(
    batch: &Batch,
    rx: &mpsc::Receiver<Result<Event, String>>,
    quiet: Quiet,
) -> Option<Result<Event, String>> {
    let left = (batch.last + quiet.one).saturating_duration_since(Instant::now());
    rx.recv_timeout(left).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change_of(paths: &[&str]) -> Change {
        let root = Path::new("/site");
        let mut c = Change::default();
        for p in paths {
            c.add_path(root, &root.join(p));
        }
        c
    }

    #[test]
    fn classifies_paths() {
        let c = change_of(&["content/2024/a.md", "site.yaml"]);
        assert!(c.config);
        assert_eq!(c.pages.iter().collect::<Vec<_>>(), ["2024/a.md"]);
        assert!(change_of(&["content/2024"]).rescan);
        assert!(change_of(&["templates/base.html"]).templates);
        assert!(change_of(&["themes/x/templates/base.html"]).templates);
        assert!(change_of(&["themes/x/static/a.css"]).statics);
        assert!(change_of(&["static/img/a.png"]).statics);
        let new = change_of(&["templates"]);
        assert!(new.templates && new.new_dirs.contains(Path::new("/site/templates")));
    }

    #[test]
    fn ignores_temp_files_and_the_output() {
        for p in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/#a.md#",
            "content/.#a.md",
            "content/a.md.kate-swp",
            "templates/base.html___jb_tmp___",
            "content/4913",
            "public/index.html",
            ".git/index",
            "../elsewhere/site.yaml",
        ] {
            assert!(change_of(&[p]).is_empty(), "{p}");
        }
    }

    fn page(key: &str) -> Event {
        let mut c = Change::default();
        c.pages.insert(key.to_string());
        Event::now(c, false)
    }

    fn saved(key: &str) -> Event {
        Event {
            complete: true,
            ..page(key)
        }
    }

    /// What the rebuild thread says: one article it knows, `known`.
    fn one_known(change: &Change) -> bool {
        change.pages.len() == 1 && change.pages.contains("known.md")
    }

    const TEST_QUIET: Quiet = Quiet {
        one: Duration::from_millis(30),
        many: Duration::from_millis(150),
        cap: Duration::from_millis(1500),
    };

    #[test]
    fn a_burst_of_saves_is_one_batch_however_its_files_interleave() {
        let (tx, rx) = mpsc::channel();
        let writer = std::thread::spawn(move || {
            // Pauses longer than a one-file batch waits, shorter than a
            // burst's: a per-file quiet time would hand over the first
            // files before the last ones are written.
            for k in 0..20 {
                tx.send(Ok(page(&format!("a{k}.md")))).unwrap();
                std::thread::sleep(Duration::from_millis(if k % 5 == 4 { 60 } else { 2 }));
            }
            std::thread::sleep(Duration::from_millis(400));
            tx.send(Ok(page("later.md"))).unwrap();
        });
        let first = rx.recv().unwrap().unwrap();
        let batch = gather(first, &rx, TEST_QUIET, |_| false);
        assert!(batch.open && batch.errors.is_empty());
        assert_eq!(batch.change.pages.len(), 20, "{:?}", batch.change.pages);
        let next = rx.recv().unwrap().unwrap();
        let batch = gather(next, &rx, TEST_QUIET, |_| false);
        assert_eq!(batch.change.pages.iter().collect::<Vec<_>>(), ["later.md"]);
        assert!(!batch.open, "the writer is gone");
        writer.join().unwrap();
    }

    #[test]
    fn a_single_save_waits_only_the_short_quiet_time() {
        let (tx, rx) = mpsc::channel::<Result<Event, String>>();
        let started = Instant::now();
        let batch = gather(page("a.md"), &rx, TEST_QUIET, |_| false);
        let waited = started.elapsed();
        assert!(waited >= TEST_QUIET.one, "{waited:?}");
        assert!(waited < TEST_QUIET.many, "{waited:?}");
        assert!(batch.open);
        drop(tx);
    }

    #[test]
    fn a_writer_that_never_stops_is_handed_over_at_the_cap() {
        let (tx, rx) = mpsc::channel();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = std::sync::Arc::clone(&stop);
        let writer = std::thread::spawn(move || {
            let mut k = 0;
            while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
                k += 1;
                tx.send(Ok(page(&format!("p{k}.md")))).unwrap();
                std::thread::sleep(Duration::from_millis(5));
            }
            tx.send(Err("a watcher error".to_string())).unwrap();
        });
        let first = rx.recv().unwrap().unwrap();
        let started = Instant::now();
        let batch = gather(first, &rx, TEST_QUIET, |_| false);
        let waited = started.elapsed();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(
            waited >= TEST_QUIET.cap - Duration::from_millis(50),
            "{waited:?}"
        );
        assert!(waited < TEST_QUIET.cap * 2, "{waited:?}");
        assert!(batch.change.pages.len() > 2);
        writer.join().unwrap();
        // Errors are kept, in order, and a batch goes on past them.
        let rest: Vec<_> = rx.try_iter().collect();
        assert!(rest.last().is_some_and(Result::is_err), "{rest:?}");
    }

    #[test]
    fn twenty_files_written_into_a_watched_site_arrive_as_one_change() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/2024")).unwrap();
        let (tx, rx) = mpsc::channel();
        let _watcher = Watcher::start(&root, tx).unwrap();
        for k in 0..20 {
            let path = root.join(format!("content/2024/a{k}.md"));
            let tmp = root.join(format!("content/2024/a{k}.md.tmp"));
            std::fs::write(&tmp, "---\ntitle: A\n---\n").unwrap();
            std::fs::rename(&tmp, &path).unwrap();
        }
        let first = rx.recv_timeout(Duration::from_secs(10)).unwrap().unwrap();
        // Each file's rename ends its save, but none is an article the
        // site knows: the burst is gathered whole.
        let batch = gather(first, &rx, TEST_QUIET, one_known);
        assert_eq!(batch.change.pages.len(), 20, "{:?}", batch.change.pages);
        assert!(!batch.early);
        assert!(
            rx.recv_timeout(Duration::from_millis(300)).is_err(),
            "a second batch"
        );
    }

    #[test]
    fn a_complete_save_of_a_known_article_is_handed_over_at_once() {
        let (tx, rx) = mpsc::channel::<Result<Event, String>>();
        let batch = gather(saved("known.md"), &rx, TEST_QUIET, one_known);
        assert!(batch.early, "a rename over a known article");
        // Not complete yet, or not known: the quiet time is waited.
        for (first, why) in [
            (page("known.md"), "a write not closed yet"),
            (saved("new.md"), "an added article"),
        ] {
            let batch = gather(first, &rx, TEST_QUIET, one_known);
            assert!(!batch.early, "{why}");
            assert!(batch.open);
        }
        // A write in place, then its close: handed over at the close.
        tx.send(Ok(saved("known.md"))).unwrap();
        let batch = gather(page("known.md"), &rx, TEST_QUIET, one_known);
        assert!(batch.early);
        // Two articles saved together are a burst, complete or not.
        tx.send(Ok(saved("known.md"))).unwrap();
        let batch = gather(page("other.md"), &rx, TEST_QUIET, one_known);
        assert!(!batch.early);
        assert_eq!(batch.change.pages.len(), 2);
    }

    #[test]
    fn what_follows_an_early_batch_closely_is_handed_on() {
        let (tx, rx) = mpsc::channel::<Result<Event, String>>();
        let batch = gather(saved("known.md"), &rx, TEST_QUIET, one_known);
        tx.send(Ok(page("next.md"))).unwrap();
        let next = follow(&batch, &rx, TEST_QUIET);
        assert!(
            next.is_some_and(|e| e.is_ok_and(|e| e.change.pages.contains("next.md"))),
            "an event within the quiet time joins the same reload"
        );
        // Nothing more: the rest of the quiet time passes, and nothing follows.
        assert!(follow(&batch, &rx, TEST_QUIET).is_none());
        drop(tx);
    }

    #[test]
    fn saving_a_watched_article_sends_one_complete_event() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/2024")).unwrap();
        let path = root.join("content/2024/a.md");
        std::fs::write(&path, "---\ntitle: A\n---\n").unwrap();
        let (tx, rx) = mpsc::channel();
        let _watcher = Watcher::start(&root, tx).unwrap();
        // Beside it, then renamed over it: the rename's `To` event ends
        // the save, and its `Both` event (inotify) is not sent again.
        let tmp = root.join("content/2024/a.md.tmp");
        std::fs::write(&tmp, "---\ntitle: B\n---\n").unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        let event = rx.recv_timeout(Duration::from_secs(10)).unwrap().unwrap();
        assert!(event.complete, "{event:?}");
        assert_eq!(event.change.pages.iter().collect::<Vec<_>>(), ["2024/a.md"]);
        assert!(
            rx.recv_timeout(Duration::from_millis(300)).is_err(),
            "a second event for one rename"
        );
        // In place: the writes, then the close that ends the save.
        std::fs::write(&path, "---\ntitle: C\n---\n").unwrap();
        let mut events = Vec::new();
        while let Ok(e) = rx.recv_timeout(Duration::from_millis(300)) {
            events.push(e.unwrap());
        }
        assert!(events.last().is_some_and(|e| e.complete), "{events:?}");
        assert!(events.iter().all(|e| e.change.pages.contains("2024/a.md")));
    }
}
