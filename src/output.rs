//! The one write path: rendered files go to a folder on disk or to memory
//! (the dev server and tests). Nothing else in the engine writes site files.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where rendered files go. Paths are relative, `/`-separated
/// (`2024/11/02/slug/index.html`).
pub trait Output: Sync {
    /// Writes one file, creating folders as needed.
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// Writes into a folder on disk.
pub struct DiskOutput {
    root: PathBuf,
}

impl DiskOutput {
    /// Output into `root`, which is created if missing.
    pub fn new(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(&root)?;
        Ok(DiskOutput { root })
    }

    /// The folder written into.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Output for DiskOutput {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let full = self.root.join(path);
        match std::fs::write(&full, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&full, bytes)
            }
            other => other,
        }
    }
}

/// Holds the site in memory, for the dev server and tests.
#[derive(Default, Clone)]
pub struct MemoryOutput {
    files: Arc<Mutex<BTreeMap<String, Arc<Vec<u8>>>>>,
}

impl MemoryOutput {
    /// An empty in-memory site.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bytes of one file.
    pub fn get(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.files.lock().ok()?.get(path).cloned()
    }

    /// Every file, sorted by path.
    pub fn snapshot(&self) -> BTreeMap<String, Arc<Vec<u8>>> {
        self.files.lock().map(|f| f.clone()).unwrap_or_default()
    }

    /// Removes one file.
    pub fn remove(&self, path: &str) {
        if let Ok(mut f) = self.files.lock() {
            f.remove(path);
        }
    }

    /// Keeps only the files for which `keep` is true.
    pub fn retain(&self, mut keep: impl FnMut(&str) -> bool) {
        if let Ok(mut f) = self.files.lock() {
            f.retain(|k, _| keep(k));
        }
    }
}

impl Output for MemoryOutput {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| io::Error::other("output store poisoned"))?;
        files.insert(path.to_string(), Arc::new(bytes.to_vec()));
        Ok(())
    }
}
