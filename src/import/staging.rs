//! New day folders written whole: when an import writes into a folder that
//! does not exist yet (the usual case: the day's first import), its files
//! are written into a hidden temporary folder beside it, which is renamed
//! into place in one step once every file is complete. A running `sitrep
//! serve` (or anything else reading `content/`) sees either no folder or
//! the whole folder, never a half-written file, and the import pays one
//! rename per folder instead of one per file.
//!
//! A folder that appeared in the meantime is never replaced: the files are
//! then moved in one by one with the checks of [`write::write`], so an
//! editor's file is kept.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

use crate::import::write::{self, Outcome};

/// The folders this import creates, each being written under a temporary
/// name: folder (relative to the output folder) → its temporary path and
/// the names of the files it is to hold.
///
/// Keyed by the folder's text, not its `Path`: a `Path` compares
/// component by component, and the map is searched for every entry
/// written (a 20 MB live blog: 850,000 component comparisons, 3 % of the
/// import's instructions).
#[derive(Debug, Default)]
pub(crate) struct Staging {
    folders: BTreeMap<OsString, (PathBuf, Vec<OsString>)>,
}

impl Staging {
    /// Makes a temporary folder for each folder of `files` (paths relative
    /// to `into`) that is not on disk. A folder whose temporary one cannot
    /// be made is left out: its files are written one by one as usual.
    pub(crate) fn new<'a>(into: &Path, files: impl Iterator<Item = &'a Path>) -> Staging {
        let mut folders: BTreeMap<OsString, (PathBuf, Vec<OsString>)> = BTreeMap::new();
        let mut left_out: BTreeSet<OsString> = BTreeSet::new();
        for file in files {
            let (Some(folder), Some(name)) = (file.parent(), file.file_name()) else {
                continue;
            };
            if let Some((_, names)) = folders.get_mut(folder.as_os_str()) {
                names.push(name.to_os_string());
                continue;
            }
            if folder.as_os_str().is_empty() || left_out.contains(folder.as_os_str()) {
                continue;
            }
            let real = into.join(folder);
            let temp = temp_folder(&real);
            let made = !real.exists()
                && real
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::create_dir(&temp))
                    .is_ok();
            if made {
                folders.insert(folder.into(), (temp, vec![name.to_os_string()]));
            } else {
                left_out.insert(folder.into());
            }
        }
        Staging { folders }
    }

    /// True when the folder of `rel` is being written under a temporary name.
    pub(crate) fn holds(&self, rel: &Path) -> bool {
        rel.parent()
            .is_some_and(|f| self.folders.contains_key(f.as_os_str()))
    }

    /// Writes a file of a staged folder (see [`Staging::holds`]): nothing
    /// else writes there, so it is created directly.
    pub(crate) fn write(&self, rel: &Path, text: &str) -> io::Result<Outcome> {
        let (Some(folder), Some(name)) = (rel.parent(), rel.file_name()) else {
            return Err(io::Error::other("not a file path"));
        };
        let Some((temp, _)) = self.folders.get(folder.as_os_str()) else {
            return Err(io::Error::other("folder not staged"));
        };
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temp.join(name))
            .and_then(|mut f| io::Write::write_all(&mut f, text.as_bytes()))?;
        Ok(Outcome::Written)
    }

    /// Renames every staged folder into place. A folder that appeared since
    /// [`Staging::new`] is not replaced: each file is moved in as
    /// [`write::write`] would write it, and the outcomes that then differ
    /// from `Written` are returned, by path relative to `into`.
    pub(crate) fn finish(self, into: &Path) -> Vec<(PathBuf, io::Result<Outcome>)> {
        let mut changed = Vec::new();
        for (folder, (temp, names)) in self.folders {
            let folder = PathBuf::from(folder);
            let real = into.join(&folder);
            if rename_folder(&temp, &real).is_ok() {
                continue;
            }
            changed.extend(move_in(&temp, into, &folder, names));
            let _ = std::fs::remove_dir_all(&temp);
        }
        changed
    }
}

/// `.NAME.PID.tmp` beside `folder`: hidden, so neither the content walk nor
/// the dev server's watcher reads it.
fn temp_folder(folder: &Path) -> PathBuf {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Renames `from` to `to` only when nothing is at `to` (an empty folder
/// there counts: a plain rename would replace it).
fn rename_folder(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if crate::publish::renameat2(from, to, libc::RENAME_NOREPLACE)? {
        return Ok(());
    }
    let _ = (from, to);
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no renaming call that refuses to replace",
    ))
}

/// Moves each of the staged files `names` from `temp` into `into/folder`
/// through [`write::write`]; returns the outcomes other than `Written`. A
/// file whose own write failed is not there and keeps that failure.
fn move_in(
    temp: &Path,
    into: &Path,
    folder: &Path,
    names: Vec<OsString>,
) -> Vec<(PathBuf, io::Result<Outcome>)> {
    let mut changed = Vec::new();
    for name in names {
        let rel = folder.join(&name);
        let outcome = match std::fs::read_to_string(temp.join(&name)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            read => read.and_then(|text| write::write(into, &rel, &text, false)),
        };
        if !matches!(outcome, Ok(Outcome::Written)) {
            changed.push((rel, outcome));
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::write::tests::names_in;

    #[test]
    fn a_new_folder_appears_whole_and_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (Path::new("2025/01/02/a.md"), Path::new("2025/01/02/b.md"));
        let staging = Staging::new(dir.path(), [a, b].into_iter());
        assert!(staging.holds(a) && staging.holds(b));
        staging.write(a, "one").unwrap();
        staging.write(b, "two").unwrap();
        // Before the rename, a reader of the day's folder finds nothing.
        assert!(!dir.path().join("2025/01/02").exists());
        assert_eq!(names_in(&dir.path().join("2025/01")).len(), 1);
        assert!(staging.finish(dir.path()).is_empty());
        assert_eq!(names_in(&dir.path().join("2025/01")), ["02"]);
        assert_eq!(names_in(&dir.path().join("2025/01/02")), ["a.md", "b.md"]);
        assert_eq!(std::fs::read_to_string(dir.path().join(b)).unwrap(), "two");
    }

    #[test]
    fn an_existing_folder_is_not_staged() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("2025/01/02")).unwrap();
        let a = Path::new("2025/01/02/a.md");
        let staging = Staging::new(dir.path(), [a].into_iter());
        assert!(!staging.holds(a));
        assert!(staging.write(a, "x").is_err());
    }

    #[test]
    fn a_folder_that_appeared_meanwhile_keeps_an_editors_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (Path::new("2025/01/02/a.md"), Path::new("2025/01/02/b.md"));
        let staging = Staging::new(dir.path(), [a, b].into_iter());
        staging.write(a, "import's a").unwrap();
        staging.write(b, "import's b").unwrap();
        // An editor makes the folder and an `a.md` of their own meanwhile.
        std::fs::create_dir_all(dir.path().join("2025/01/02")).unwrap();
        std::fs::write(dir.path().join(a), "the editor's a").unwrap();
        let changed = staging.finish(dir.path());
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].0, a);
        assert!(matches!(changed[0].1, Ok(Outcome::Kept)));
        assert_eq!(
            std::fs::read_to_string(dir.path().join(a)).unwrap(),
            "the editor's a"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(b)).unwrap(),
            "import's b"
        );
        // No temporary folder or file is left behind.
        assert_eq!(names_in(&dir.path().join("2025/01")), ["02"]);
        assert_eq!(names_in(&dir.path().join("2025/01/02")), ["a.md", "b.md"]);
    }
}
