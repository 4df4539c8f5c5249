//! The output folder's safety: which folders a build may replace, one build
//! at a time per output, and the atomic swap of a finished tree into place.
//!
//! A build renders into a staging folder beside the output and, only when
//! everything succeeded, swaps it in with one atomic step, so a web server
//! never sees a missing or half-written site. Every tree a build makes holds
//! a small marker file ([`MARKER`]); a folder without it is never replaced or
//! deleted, so a mistaken `--output` cannot destroy an editor's own files.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// The marker file every build leaves at the top of its output.
pub(crate) const MARKER: &str = ".sitrep-output";

/// What the marker says to someone who finds it.
const MARKER_TEXT: &str = "This folder is made by `sitrep build`, which replaces it whole on every build.\n\
Keep no files of your own here: put them in the site's static/ folder.\n";

/// The site's own folders: an output may neither lie in one nor contain one.
use crate::paths::SITE_FOLDERS;

/// Checks that `out_dir` is a folder a build may replace: not the site root
/// or a folder above it, not inside or around the site's own folders, and
/// either missing, empty, made by an earlier build (it holds the marker), or
/// an output from before the marker existed (`index.html`, and neither
/// `site.yaml` nor `content/`).
pub(crate) fn guard(root: &Path, out_dir: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Diagnostic::new(out_dir, format!("refusing to build into this folder: {why}"))
            .hint("choose a folder that only sitrep's builds use, for example ROOT/public (the default), with --output")
    };
    let root_real = real_path(root);
    let out_real = real_path(out_dir);
    if root_real.starts_with(&out_real) {
        return Err(refuse(format!(
            "it is the site root {} or a folder above it, and a build replaces its output whole",
            root.display()
        )));
    }
    for name in SITE_FOLDERS {
        let folder = real_path(&root.join(name));
        if out_real.starts_with(&folder) {
            return Err(refuse(format!(
                "it lies inside the site's {name}/ folder, which a build would replace"
            )));
        }
        if folder.starts_with(&out_real) {
            return Err(refuse(format!(
                "it contains the site's {name}/ folder, which a build would replace"
            )));
        }
    }
    let meta = match std::fs::metadata(out_dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(refuse(format!("cannot read it: {e}"))),
    };
    if !meta.is_dir() {
        return Err(refuse("it is a file, not a folder".into()));
    }
    if out_real.join(MARKER).is_file() || is_empty_dir(&out_real) {
        return Ok(());
    }
    if is_legacy_output(&out_real) {
        return Ok(());
    }
    Err(Diagnostic::new(
        out_dir,
        format!(
            "refusing to build into this folder: it is not empty and no sitrep build made it (it has no {MARKER} file), so building would replace files that are not the build's"
        ),
    )
    .hint("give --output a new or empty folder; if this folder's files can go, remove them yourself first"))
}

/// An output written before builds left a marker: it holds `index.html`, no
/// `site.yaml` and no `content/`, and none of the site's folder names at any
/// depth. Accepted once; the build that replaces it leaves the marker.
fn is_legacy_output(dir: &Path) -> bool {
    if !dir.join("index.html").is_file() || dir.join("site.yaml").exists() {
        return false;
    }
    !walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_dir() && SITE_FOLDERS.iter().any(|n| e.file_name() == *n))
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// The path with links resolved, as far as it exists: the missing tail of a
/// folder still to be made is kept as written.
fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut tail = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return tail.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                tail.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// `DIR` → `.DIR.KIND`, beside it, so a rename between them never crosses
/// file systems.
fn sibling(path: &Path, kind: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    path.with_file_name(format!(".{name}.{kind}"))
}

/// An exclusive hold on one output folder, released when dropped (also when
/// the process dies): a second build of the same output waits for the first.
pub(crate) struct OutputLock {
    _file: File,
}

impl OutputLock {
    /// Takes the lock of `out_dir` (a `.NAME.lock` file beside it), telling
    /// the user through `waiting` when another build holds it.
    pub(crate) fn acquire(out_dir: &Path, waiting: impl FnOnce()) -> io::Result<OutputLock> {
        let path = sibling(out_dir, "lock");
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock()?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        Ok(OutputLock { _file: file })
    }
}

/// A tree being built for one output, and how it will be put in place.
pub(crate) struct Staging {
    /// The output as given (a folder, or a link to one).
    out_dir: PathBuf,
    /// The folder the files are written into.
    dir: PathBuf,
    /// The folder the current output's files live in, if there is one.
    previous: Option<PathBuf>,
    /// When the output is a symbolic link: the link, replaced at the end.
    link: Option<PathBuf>,
}

impl Staging {
    /// Finishes what an interrupted build of `out_dir` left: a swap cut
    /// short is undone (the old tree is restored when there is no output),
    /// and the build's own leftovers are removed. Call with the
    /// [`OutputLock`] held, before anything can fail, so even a failed
    /// build leaves the site in place.
    pub(crate) fn recover(out_dir: &Path) -> io::Result<()> {
        restore_interrupted_swap(out_dir)?;
        remove_leftovers(out_dir);
        Ok(())
    }

    /// Prepares a fresh staging folder for `out_dir`, holding the marker.
    /// Call with the [`OutputLock`] held, after [`Staging::recover`].
    pub(crate) fn prepare(out_dir: &Path) -> io::Result<Staging> {
        let link = std::fs::symlink_metadata(out_dir)
            .is_ok_and(|m| m.file_type().is_symlink())
            .then(|| out_dir.to_path_buf());
        let (dir, previous) = match &link {
            Some(link) => {
                let target = link_target(link)?;
                (new_release_dir(&target), Some(target))
            }
            None => (
                sibling(out_dir, &format!("tmp-{}", std::process::id())),
                out_dir.is_dir().then(|| out_dir.to_path_buf()),
            ),
        };
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            dir,
            previous,
            link,
        })
    }

    /// The folder to write into.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder of the output being replaced, whose unchanged files the
    /// new tree may link to.
    pub(crate) fn previous(&self) -> Option<&Path> {
        self.previous.as_deref()
    }

    /// Puts the finished tree in place with one atomic step; the old tree
    /// is deleted in the background, and only if a build made it.
    pub(crate) fn commit(self) -> io::Result<()> {
        match &self.link {
            Some(link) => {
                replace_link(link, &self.dir)?;
                if let Some(old) = self.previous.filter(|p| p.join(MARKER).is_file()) {
                    remove_in_background(vec![old]);
                }
                Ok(())
            }
            None => swap_in(&self.dir, &self.out_dir),
        }
    }

    /// Removes the unfinished tree (a failed build).
    pub(crate) fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Where a link points, as a path usable from here.
fn link_target(link: &Path) -> io::Result<PathBuf> {
    let target = std::fs::read_link(link)?;
    let target = match link.parent() {
        Some(parent) if target.is_relative() => parent.join(target),
        _ => target,
    };
    if !target.is_dir() {
        return Err(io::Error::other(format!(
            "{} is a link to {}, which is not a folder",
            link.display(),
            target.display()
        )));
    }
    Ok(target)
}

/// A new folder beside a link's target, for the next tree:
/// `site` → `site.sitrep-SECONDS-PID` (an earlier such suffix is replaced).
fn new_release_dir(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let base = name.split(".sitrep-").next().unwrap_or(&name).to_string();
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    target.with_file_name(format!("{base}.sitrep-{secs}-{}", std::process::id()))
}

/// Points `link` at `dir` atomically: a new link is made beside it and
/// renamed over it. The new link is relative when the old one was.
fn replace_link(link: &Path, dir: &Path) -> io::Result<()> {
    let old = std::fs::read_link(link)?;
    let name = dir.file_name().unwrap_or(dir.as_os_str());
    let target = if old.is_relative() {
        old.with_file_name(name)
    } else {
        dir.to_path_buf()
    };
    let fresh = sibling(link, &format!("link-{}", std::process::id()));
    let _ = std::fs::remove_file(&fresh);
    symlink_dir(&target, &fresh)?;
    std::fs::rename(&fresh, link).inspect_err(|_| {
        let _ = std::fs::remove_file(&fresh);
    })
}

#[cfg(unix)]
fn symlink_dir(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(windows)]
fn symlink_dir(target: &Path, link: &Path) -> io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}

/// Replaces the folder `out_dir` with `staging`. Where the system can
/// exchange two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`), that
/// is one step and `out_dir` always exists; elsewhere the old tree is renamed
/// aside first, and a next build restores it if a crash came in between.
fn swap_in(staging: &Path, out_dir: &Path) -> io::Result<()> {
    let old = sibling(out_dir, &format!("old-{}", std::process::id()));
    if !out_dir.exists() {
        return std::fs::rename(staging, out_dir);
    }
    if exchange(staging, out_dir)? {
        // `staging` now holds the old tree.
        std::fs::rename(staging, &old)?;
    } else {
        std::fs::rename(out_dir, &old)?;
        if let Err(e) = std::fs::rename(staging, out_dir) {
            let _ = std::fs::rename(&old, out_dir);
            return Err(e);
        }
    }
    remove_in_background(vec![old]);
    Ok(())
}

/// Exchanges two paths in one atomic step; `Ok(false)` when this system or
/// file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    renameat2(a, b, libc::RENAME_EXCHANGE)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Linux `renameat2(from, to, flags)`: one atomic step (`RENAME_EXCHANGE`
/// swaps the two paths, `RENAME_NOREPLACE` fails with `AlreadyExists` when
/// `to` is there); `Ok(false)` when this kernel or file system cannot.
#[cfg(target_os = "linux")]
pub(crate) fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (from, to) = (c(from)?, c(to)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            flags,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

/// The folders beside `out_dir` that a build names `.NAME.KIND-PID`.
fn own_siblings(out_dir: &Path, kind: &str) -> Vec<PathBuf> {
    let Some(name) = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    else {
        return Vec::new();
    };
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let prefix = format!(".{name}.{kind}");
    let mut found: Vec<PathBuf> = std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            let file = e.file_name();
            let file = file.to_string_lossy();
            file.strip_prefix(&prefix).is_some_and(|rest| {
                rest.is_empty()
                    || rest.strip_prefix('-').is_some_and(|pid| {
                        !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
                    })
            }) && e.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// When there is no output but a tree a swap renamed aside, that tree is
/// the site: it is put back.
fn restore_interrupted_swap(out_dir: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(out_dir).is_ok() {
        return Ok(());
    }
    let newest = own_siblings(out_dir, "old")
        .into_iter()
        .filter(|p| p.join(MARKER).is_file() || p.join("index.html").is_file())
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    if let Some(old) = newest {
        std::fs::rename(&old, out_dir)?;
        eprintln!(
            "restored {} from {}, which an interrupted build had set aside",
            out_dir.display(),
            old.display()
        );
    }
    Ok(())
}

/// Deletes what interrupted builds of this output left behind: old trees
/// set aside, staging folders, and (for a linked output) release folders
/// the link no longer points to. Only the build's own names are touched.
fn remove_leftovers(out_dir: &Path) {
    let mut stale = own_siblings(out_dir, "old");
    stale.extend(own_siblings(out_dir, "tmp"));
    if let Ok(target) = link_target(out_dir) {
        stale.extend(unlinked_releases(&target));
    }
    remove_in_background(stale);
}

/// Release folders beside `target` (`BASE.sitrep-…`, with the marker) that
/// are not `target` itself.
fn unlinked_releases(target: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Vec::new();
    };
    let name = name.to_string_lossy();
    let base = name.split(".sitrep-").next().unwrap_or(&name).to_string();
    let prefix = format!("{base}.sitrep-");
    std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.file_name().to_string_lossy().starts_with(&prefix)
                && e.file_name().to_string_lossy() != name
        })
        .map(|e| e.path())
        .filter(|p| p.join(MARKER).is_file())
        .collect()
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
