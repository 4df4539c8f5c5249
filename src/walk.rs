//! Walking a folder of the site (`content/`, `static/`, `templates/`, a
//! theme's folders) or a folder given to `sitrep import`: the one rule for
//! which files are read.
//!
//! - A hidden entry (a name starting with `.`) is left out, and a hidden
//!   folder with everything in it: `static/.git/config` is not published.
//! - A symbolic link is followed only when what it points to lies inside the
//!   walked folder. A link that leads out (to `/etc/shadow`, say) is skipped
//!   and reported, so no file from elsewhere on the machine is imported or
//!   published by accident.
//! - A link that leads nowhere, a link loop and a folder that cannot be read
//!   are errors naming their path: each would silently drop files.
//! - A named pipe, device or socket is skipped and reported: reading one
//!   could block forever or never end.

use std::fs::FileType;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::Diagnostic;

/// What walking a folder found.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Every visible regular file, sorted by relative path: (path relative
    /// to the walked folder with `/` separators, full path).
    pub files: Vec<(String, PathBuf)>,
    /// What made files go missing: dangling links, link loops, unreadable
    /// folders. A caller that publishes the files treats these as errors.
    pub errors: Vec<Diagnostic>,
    /// Entries left out on purpose: links leading out of the folder,
    /// special files. Worth a warning, not a failure.
    pub skipped: Vec<Diagnostic>,
}

impl Walk {
    /// Prints what was left out, as warnings, on standard error.
    pub(crate) fn print_skipped(&self) {
        for d in &self.skipped {
            eprintln!("{d}");
        }
    }
}

/// True for a file or folder name that walks leave out (`.git`, `.DS_Store`,
/// an editor's `.x.md.swp`).
pub(crate) fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// What a file type is when it is neither a regular file nor a folder
/// (`"a named pipe (FIFO)"`), for messages; `None` for files and folders.
pub(crate) fn special_kind(kind: FileType) -> Option<&'static str> {
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// True when `path` (after following every link) lies inside `dir`.
pub(crate) fn is_inside(dir: &Path, path: &Path) -> bool {
    match (dir.canonicalize(), path.canonicalize()) {
        (Ok(dir), Ok(path)) => path.starts_with(dir),
        _ => false,
    }
}

/// Walks `dir` by the rules above. Messages name paths under `shown`, the
/// way the user knows `dir` (`content` for `ROOT/content`). A folder that
/// does not exist gives nothing.
pub(crate) fn visible_files(dir: &Path, shown: &Path) -> Walk {
    let mut walk = Walk::default();
    let Ok(real_dir) = dir.canonicalize() else {
        return walk;
    };
    if !real_dir.is_dir() {
        return walk;
    }
    let name = |path: &Path| match path.strip_prefix(dir) {
        Ok(rel) => shown.join(rel),
        Err(_) => path.to_path_buf(),
    };
    let mut skipped = Vec::new();
    let entries = WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if is_hidden(&e.file_name().to_string_lossy()) {
                return false;
            }
            if e.path_is_symlink() && !is_inside(&real_dir, e.path()) {
                skipped.push(leaves_folder(e.path(), &name(e.path()), shown));
                return false;
            }
            true
        });
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if let Some(rel) = relative(e.path(), dir) {
                    walk.files.push((rel, e.into_path()));
                }
            }
            Ok(e) => {
                if let Some(kind) = special_kind(e.file_type()) {
                    walk.skipped.push(
                        Diagnostic::warning(
                            name(e.path()),
                            format!("is {kind}, not a file: skipped"),
                        )
                        .hint("keep only regular files here"),
                    );
                }
            }
            Err(err) => walk.errors.push(walk_error(&err, &name)),
        }
    }
    walk.skipped.extend(skipped);
    walk.skipped.sort();
    walk.errors.sort();
    walk.files.sort();
    walk
}

/// The path of `path` under `dir`, with `/` separators.
pub(crate) fn relative(path: &Path, dir: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    // A walk's paths are joined name by name: already `/`-separated text
    // on Unix, taken as it is (a build walks every article).
    if std::path::MAIN_SEPARATOR == '/'
        && let Some(text) = rel.to_str()
        && is_clean(text)
    {
        return Some(text.to_string());
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// True when `text` is a relative path whose `/`-separated components are
/// all plain names: what joining its components with `/` gives back.
fn is_clean(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

fn leaves_folder(path: &Path, shown_path: &Path, shown: &Path) -> Diagnostic {
    let target = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "?".into());
    Diagnostic::warning(
        shown_path,
        format!(
            "symbolic link to {target}, outside {}: skipped",
            shown.display()
        ),
    )
    .hint(format!(
        "links are followed only inside {}; copy the file in if it belongs there",
        shown.display()
    ))
}

fn walk_error(err: &walkdir::Error, name: &impl Fn(&Path) -> PathBuf) -> Diagnostic {
    let Some(path) = err.path() else {
        return Diagnostic::new("?", format!("cannot walk the folder: {err}"));
    };
    let shown = name(path);
    if let Some(ancestor) = err.loop_ancestor() {
        return Diagnostic::new(
            &shown,
            format!(
                "symbolic link loop: it leads back to {}, which holds it",
                name(ancestor).display()
            ),
        )
        .hint("remove the link, or point it at a folder that does not hold it");
    }
    let io = err.io_error();
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        let why = match io.map(std::io::Error::kind) {
            Some(std::io::ErrorKind::NotFound) => "which does not exist".to_string(),
            _ => io.map_or_else(
                || err.to_string(),
                |e| format!("which cannot be followed: {e}"),
            ),
        };
        return Diagnostic::new(&shown, format!("symbolic link to {target}, {why}"))
            .hint("remove the link or restore what it points to");
    }
    match io.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::PermissionDenied) => {
            Diagnostic::new(&shown, "cannot read this folder: permission denied")
                .hint("make it readable (chmod u+rx) or move it out of the site")
        }
        _ => Diagnostic::new(&shown, format!("cannot read: {err}")),
    }
}

#[cfg(all(test, unix))]
pub(crate) mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// Makes a named pipe at `path`; false (with a message) where `mkfifo`
    /// is missing, so the caller's test can skip.
    pub(crate) fn make_fifo(path: &Path) -> bool {
        let made = std::process::Command::new("mkfifo").arg(path).status();
        let ok = made.is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: mkfifo is not available");
        }
        ok
    }

    fn names(walk: &Walk) -> Vec<&str> {
        walk.files.iter().map(|(r, _)| r.as_str()).collect()
    }

    #[test]
    fn hidden_entries_and_folders_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join(".git")).unwrap();
        std::fs::create_dir_all(d.join("css")).unwrap();
        std::fs::write(d.join(".git/config"), "x").unwrap();
        std::fs::write(d.join(".env"), "x").unwrap();
        std::fs::write(d.join("css/site.css"), "x").unwrap();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        let walk = visible_files(d, Path::new("static"));
        assert_eq!(names(&walk), ["a.txt", "css/site.css"]);
        assert!(walk.errors.is_empty() && walk.skipped.is_empty());
    }

    #[test]
    fn links_inside_are_followed_and_links_out_are_skipped() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/real.txt"), "x").unwrap();
        symlink(d.join("sub/real.txt"), d.join("inner.txt")).unwrap();
        symlink(outside.path().join("secret"), d.join("shadow.txt")).unwrap();
        symlink(outside.path(), d.join("elsewhere")).unwrap();
        let walk = visible_files(d, Path::new("in"));
        assert_eq!(names(&walk), ["inner.txt", "sub/real.txt"]);
        let skipped: Vec<String> = walk.skipped.iter().map(|s| s.to_string()).collect();
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        assert!(skipped[0].starts_with("in/elsewhere: "), "{skipped:?}");
        assert!(skipped[1].starts_with("in/shadow.txt: "), "{skipped:?}");
        assert!(skipped[1].contains("outside in: skipped"), "{skipped:?}");
        assert!(walk.errors.is_empty(), "{:?}", walk.errors);
    }

    #[test]
    fn dangling_links_and_loops_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a")).unwrap();
        std::fs::write(d.join("a/x.md"), "x").unwrap();
        symlink(d.join("gone.md"), d.join("dangling.md")).unwrap();
        symlink(d.join("a"), d.join("a/again")).unwrap();
        symlink(d.join("self"), d.join("self")).unwrap();
        let walk = visible_files(d, Path::new("content"));
        assert_eq!(names(&walk), ["a/x.md"]);
        let errors: Vec<String> = walk.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("content/a/again: error: symbolic link loop"));
        assert!(errors[1].starts_with("content/dangling.md: error: symbolic link to "));
        assert!(errors[1].contains("which does not exist"), "{errors:?}");
        assert!(errors[2].starts_with("content/self: error: symbolic link to "));
    }

    /// The text of a clean path is taken as it is; any other path gives
    /// what joining its components gives.
    #[test]
    fn a_relative_path_is_its_components_joined_with_slashes() {
        let dir = Path::new("/site/content");
        // What the walk gave before the text was taken as it is.
        let joined = |rel: &str| {
            let path = dir.join(rel);
            let parts: Vec<String> = path
                .strip_prefix(dir)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.join("/")
        };
        for rel in [
            "a.md",
            "2024/11/02/x.md",
            "a/./b.md",
            "./a.md",
            "a/../b.md",
            "a//b.md",
        ] {
            let got = relative(&dir.join(rel), dir);
            assert_eq!(got.as_deref(), Some(joined(rel).as_str()), "{rel}");
        }
        assert_eq!(relative(dir, dir).as_deref(), Some(""));
        assert_eq!(relative(Path::new("/elsewhere/a.md"), dir), None);
        assert!(is_clean("2024/11/02/x.md"));
        assert!(!is_clean("a/./b.md") && !is_clean("a//b.md") && !is_clean(""));
    }

    #[test]
    fn special_files_are_skipped_with_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        if !make_fifo(&dir.path().join("pipe.txt")) {
            return;
        }
        let walk = visible_files(dir.path(), Path::new("in"));
        assert!(walk.files.is_empty());
        assert_eq!(
            walk.skipped[0].to_string().lines().next(),
            Some("in/pipe.txt: warning: is a named pipe (FIFO), not a file: skipped")
        );
    }
}
