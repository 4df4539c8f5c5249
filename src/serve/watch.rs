//! Watching the site folder: which folders are watched, which file events
//! are ignored (editor temp files, the output), and how a batch of debounced
//! events becomes one [`Change`] for the rebuild.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::config::CONFIG_FILE;
use crate::paths::{CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};

/// Folders under the site root that hold the site's sources, each watched
/// recursively. Anything else (the output, `.git/`) is never watched.
pub const WATCHED_DIRS: [&str; 4] = crate::paths::SITE_FOLDERS;

/// How long a file must be quiet before its events are handed over. Editors
/// that save through a temp file and a rename do it within a millisecond or
/// two; the whole delay counts against the save-to-reload time.
const QUIET: Duration = Duration::from_millis(10);
/// How often the debouncer looks for quiet files.
const TICK: Duration = Duration::from_millis(2);

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
/// (which the rebuild itself causes) and metadata changes are not edits.
fn is_edit(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watches the site at `root`: the root itself (not recursively, for
    /// `site.yaml` and new source folders) and each source folder that
    /// exists. Each debounced batch is sent on `tx` as a [`Change`]; watcher
    /// errors are sent as messages.
    pub fn start(root: &Path, tx: mpsc::Sender<Result<Change, String>>) -> notify::Result<Self> {
        let events_root = root.to_path_buf();
        let debouncer = new_debouncer(QUIET, Some(TICK), move |result: DebounceEventResult| {
            let message = match result {
                Ok(events) => {
                    let mut change = Change::default();
                    for event in events.iter().filter(|e| is_edit(&e.kind)) {
                        for path in &event.paths {
                            change.add_path(&events_root, path);
                        }
                    }
                    if change.is_empty() {
                        return;
                    }
                    Ok(change)
                }
                Err(errors) => Err(errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")),
            };
            let _ = tx.send(message);
        })?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
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
                self.debouncer.watch(dir, RecursiveMode::Recursive)?;
                self.watched.insert(dir.to_path_buf());
            }
        } else if self.watched.remove(dir) {
            let _ = self.debouncer.unwatch(dir);
        }
        Ok(())
    }
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
}
