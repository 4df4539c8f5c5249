//! Helpers shared by the serve tests: a temporary copy of the fixture site,
//! file edits, and the output of a fresh full build to compare against.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sitrep::build::{self, BuildOptions};
use sitrep::output::MemoryOutput;

/// A temporary copy of `tests/fixtures/serve-site`.
pub(crate) struct Site {
    _dir: tempfile::TempDir,
    /// The copy's root.
    pub root: PathBuf,
}

impl Site {
    /// Copies the fixture site into a fresh temporary folder.
    pub(crate) fn new() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.expect("fixture readable");
            let to = root.join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        Site { _dir: dir, root }
    }

    /// The path of a file of the site.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Reads a file of the site.
    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Writes a file of the site, creating folders, the way editors that save
    /// through a temp file do (write beside, then rename over).
    pub(crate) fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let tmp = path.with_file_name(format!(
            ".{}.tmp",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }

    /// Replaces `from` with `to` in a file (it must occur).
    pub(crate) fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Renames a file or folder of the site.
    pub(crate) fn rename(&self, from: &str, to: &str) {
        let to = self.path(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::rename(self.path(from), to).unwrap();
    }

    /// Deletes a file of the site.
    pub(crate) fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap();
    }

    /// Build options for this site.
    pub(crate) fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            quiet: true,
            ..BuildOptions::default()
        }
    }

    /// Every file of a fresh full build of the site as it is now.
    pub(crate) fn full_build(&self) -> BTreeMap<String, Vec<u8>> {
        let opts = self.options();
        let mut loaded = build::load(&opts).unwrap_or_else(|d| panic!("full build: {d}"));
        let out = MemoryOutput::new();
        build::render_all(&mut loaded, &opts.root, &out, None)
            .unwrap_or_else(|d| panic!("full build: {d}"));
        files(&out)
    }
}

/// The files of an in-memory site.
pub(crate) fn files(out: &MemoryOutput) -> BTreeMap<String, Vec<u8>> {
    out.snapshot()
        .into_iter()
        .map(|(k, v)| (k, v.to_vec()))
        .collect()
}

/// Panics with the first difference between two sites.
pub(crate) fn assert_same_site(
    got: &BTreeMap<String, Vec<u8>>,
    want: &BTreeMap<String, Vec<u8>>,
    step: &str,
) {
    let missing: Vec<&String> = want.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "after {step}: missing {missing:?}, extra {extra:?}"
    );
    for (path, bytes) in want {
        let g = &got[path];
        if g != bytes {
            let (g, w) = (String::from_utf8_lossy(g), String::from_utf8_lossy(bytes));
            let at = g
                .char_indices()
                .zip(w.chars())
                .find(|((_, a), b)| a != b)
                .map_or(g.len().min(w.len()), |((i, _), _)| i);
            let from = g.floor_char_boundary(at.saturating_sub(80));
            panic!(
                "after {step}: {path} differs from a full build\n  served: …{}\n  full:   …{}",
                &g[from..g.floor_char_boundary((at + 80).min(g.len()))],
                &w[w.floor_char_boundary(from.min(w.len()))
                    ..w.floor_char_boundary((at + 80).min(w.len()))]
            );
        }
    }
}
