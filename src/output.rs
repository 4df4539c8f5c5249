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
    previous: Option<PathBuf>,
}

impl DiskOutput {
    /// Output into `root`, which is created if missing.
    pub fn new(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(&root)?;
        Ok(DiskOutput {
            root,
            previous: None,
        })
    }

    /// Output into `root` that reuses the files of `previous`, an earlier
    /// output of the same site on the same file system: a file whose bytes
    /// did not change is hard-linked from there instead of written again.
    /// On a disk, linking is much cheaper than creating and writing a file,
    /// and deleting the previous tree later frees no data blocks for it.
    /// Where links are not possible, files are written as usual.
    pub fn reusing(root: impl Into<PathBuf>, previous: impl Into<PathBuf>) -> io::Result<Self> {
        let mut out = DiskOutput::new(root)?;
        out.previous = Some(previous.into());
        Ok(out)
    }

    /// The folder written into.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Links `full` to the previous output's copy of `path` when that copy
    /// holds exactly `bytes`; false when it does not (or linking failed).
    fn link_unchanged(&self, path: &str, full: &Path, bytes: &[u8]) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(path);
        if !same_bytes(&old, bytes) {
            return false;
        }
        with_parent(full, || std::fs::hard_link(&old, full)).is_ok()
    }
}

/// True when `path` is a regular file (not a link) holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    // One byte more than expected, so a file that grew since is seen.
    let mut old = Vec::with_capacity(bytes.len() + 1);
    file.take(bytes.len() as u64 + 1)
        .read_to_end(&mut old)
        .is_ok_and(|_| old == bytes)
}

/// Creates `file`'s folder, then runs `op`. Nearly every page has a folder
/// of its own (`…/slug/index.html`), so making the folder first costs one
/// `mkdir` instead of a failed open, a `mkdir` and a second open.
fn with_parent(file: &Path, op: impl Fn() -> io::Result<()>) -> io::Result<()> {
    if let Some(parent) = file.parent() {
        match std::fs::create_dir(parent) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                std::fs::create_dir_all(parent)?;
            }
            _ => {}
        }
    }
    op()
}

impl Output for DiskOutput {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let full = self.root.join(path);
        if self.link_unchanged(path, &full, bytes) {
            return Ok(());
        }
        with_parent(&full, || std::fs::write(&full, bytes))
    }
}

/// One file held by a [`MemoryOutput`], compressed: HTML shrinks three- to
/// fourfold, so the dev server holds a 10,000-article site in tens of MB
/// instead of hundreds. A render stores each file as LZ4, which is fast
/// (on the benchmark's site twice as fast as gzip's fastest level, for
/// 10% more bytes); [`Stored::packed`] turns a file sitting served into
/// gzip at a high level, a third smaller, which a browser that accepts
/// gzip is sent as it is.
#[derive(Debug, Clone)]
pub struct Stored {
    data: Vec<u8>,
    len: usize,
    /// `data` is a gzip stream (packed) rather than an LZ4 block.
    packed: bool,
}

/// The gzip level files are packed at.
const PACKED: u32 = 6;

impl Stored {
    /// Compresses `bytes`, fast (a render writes every file once). The
    /// same bytes always give the same compressed bytes.
    pub fn new(bytes: &[u8]) -> Stored {
        Stored {
            data: lz4_flex::compress(bytes),
            len: bytes.len(),
            packed: false,
        }
    }

    /// The same file as gzip at a high level; `None` when it already is.
    pub fn packed(&self) -> io::Result<Option<Stored>> {
        use std::cell::RefCell;
        use std::io::Write;
        thread_local! {
            static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        }
        if self.packed {
            return Ok(None);
        }
        let bytes = self.bytes()?;
        SCRATCH.with_borrow_mut(|scratch| {
            scratch.clear();
            let level = flate2::Compression::new(PACKED);
            let mut encoder = flate2::write::GzEncoder::new(&mut *scratch, level);
            encoder.write_all(&bytes)?;
            encoder.finish()?;
            Ok(Some(Stored {
                data: scratch.as_slice().to_vec(),
                len: bytes.len(),
                packed: true,
            }))
        })
    }

    /// True when the two hold the same bytes. Stored the same way, the
    /// same bytes give the same compressed bytes, which are compared;
    /// else the bytes.
    pub fn same_file(&self, other: &Stored) -> bool {
        if self.len != other.len {
            return false;
        }
        if self.packed == other.packed {
            return self.data == other.data;
        }
        matches!((self.bytes(), other.bytes()), (Ok(a), Ok(b)) if a == b)
    }

    /// The file as a gzip stream (`Content-Encoding: gzip`): as it is held
    /// once packed, else packed for the asking.
    pub fn gzip(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        match self.packed()? {
            None => Ok(std::borrow::Cow::Borrowed(&self.data)),
            Some(packed) => Ok(std::borrow::Cow::Owned(packed.data)),
        }
    }

    /// True once [`Stored::packed`]: held as gzip.
    pub fn is_packed(&self) -> bool {
        self.packed
    }

    /// The bytes it holds in memory, compressed.
    pub fn held(&self) -> usize {
        self.data.len()
    }

    /// The file's size uncompressed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for an empty file.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The file's bytes.
    pub fn bytes(&self) -> io::Result<Vec<u8>> {
        if !self.packed {
            return lz4_flex::decompress(&self.data, self.len).map_err(io::Error::other);
        }
        use std::io::Read;
        let mut out = Vec::with_capacity(self.len);
        flate2::read::GzDecoder::new(self.data.as_slice()).read_to_end(&mut out)?;
        Ok(out)
    }
}

/// Holds the site in memory, each file compressed ([`Stored`]), for the dev
/// server and tests.
#[derive(Default, Clone)]
pub struct MemoryOutput {
    files: Arc<Mutex<BTreeMap<String, Arc<Stored>>>>,
}

impl MemoryOutput {
    /// An empty in-memory site.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bytes of one file.
    pub fn get(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.stored(path)?.bytes().ok().map(Arc::new)
    }

    /// One file as it is held, compressed.
    pub fn stored(&self, path: &str) -> Option<Arc<Stored>> {
        self.files.lock().ok()?.get(path).cloned()
    }

    /// True when the site holds a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.lock().is_ok_and(|f| f.contains_key(path))
    }

    /// True when the site holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.lock().map_or(true, |f| f.is_empty())
    }

    /// Every file's path, sorted.
    pub fn paths(&self) -> Vec<String> {
        self.files
            .lock()
            .map(|f| f.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Every file as it is held, sorted by path.
    pub fn stored_files(&self) -> BTreeMap<String, Arc<Stored>> {
        self.files.lock().map(|f| f.clone()).unwrap_or_default()
    }

    /// Every file's bytes, sorted by path (each file decompressed: for
    /// tests and small sites).
    pub fn snapshot(&self) -> BTreeMap<String, Arc<Vec<u8>>> {
        self.stored_files()
            .into_iter()
            .filter_map(|(path, file)| Some((path, Arc::new(file.bytes().ok()?))))
            .collect()
    }

    /// Puts a file held by another store here, without copying it.
    pub fn insert(&self, path: &str, file: Arc<Stored>) {
        if let Ok(mut f) = self.files.lock() {
            f.insert(path.to_string(), file);
        }
    }

    /// Packs every file not packed yet (see [`Stored::packed`]), one at a
    /// time, without holding the store meanwhile: a file replaced while it
    /// was being packed keeps its new version. Stops early once `stop`
    /// says so. Returns how many files were packed.
    pub fn pack(&self, stop: impl Fn() -> bool) -> usize {
        let paths: Vec<String> = match self.files.lock() {
            Ok(f) => f
                .iter()
                .filter(|(_, file)| !file.packed)
                .map(|(path, _)| path.clone())
                .collect(),
            Err(_) => return 0,
        };
        let mut packed = 0;
        for path in paths {
            if stop() {
                break;
            }
            let Some(old) = self.stored(&path) else {
                continue;
            };
            let Ok(Some(new)) = old.packed() else {
                continue;
            };
            let Ok(mut files) = self.files.lock() else {
                break;
            };
            if let Some(slot) = files.get_mut(&path).filter(|f| Arc::ptr_eq(f, &old)) {
                *slot = Arc::new(new);
                packed += 1;
            }
        }
        packed
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
        // Compressed before the lock is taken, so writers run in parallel.
        let file = Arc::new(Stored::new(bytes));
        let mut files = self
            .files
            .lock()
            .map_err(|_| io::Error::other("output store poisoned"))?;
        files.insert(path.to_string(), file);
        Ok(())
    }
}

/// Keeps nothing: `sitrep check` renders every file only to see that it renders.
pub struct Discard;

impl Output for Discard {
    fn write(&self, _path: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_store_gives_back_the_bytes_written_and_a_gzip_stream_once_packed() {
        let out = MemoryOutput::new();
        let page = "<!DOCTYPE html><p>Air defence downs 39 drones</p>\n".repeat(200);
        out.write("a/index.html", page.as_bytes()).unwrap();
        out.write("empty.txt", b"").unwrap();
        assert_eq!(out.get("a/index.html").unwrap().as_slice(), page.as_bytes());
        assert_eq!(out.get("empty.txt").unwrap().as_slice(), b"");
        let stored = out.stored("a/index.html").unwrap();
        assert_eq!(stored.len(), page.len());
        // Held compressed; as a gzip stream any decoder reads once packed.
        assert!(stored.held() * 10 < page.len(), "{}", stored.held());
        assert!(!stored.is_packed());
        let packed = stored.packed().unwrap().unwrap();
        assert!(packed.is_packed());
        for stream in [stored.gzip().unwrap(), packed.gzip().unwrap()] {
            assert_eq!(&stream[..2], &[0x1f, 0x8b]);
            let mut plain = String::new();
            std::io::Read::read_to_string(
                &mut flate2::read::MultiGzDecoder::new(&*stream),
                &mut plain,
            )
            .unwrap();
            assert_eq!(plain, page);
        }
        assert_eq!(packed.gzip().unwrap(), stored.gzip().unwrap());
        // The same bytes compress the same way, so stores compare compressed.
        let again = Stored::new(page.as_bytes());
        assert_eq!(stored.data, again.data);
        assert!(stored.same_file(&again));
        assert_eq!(out.paths(), ["a/index.html", "empty.txt"]);
        let other = MemoryOutput::new();
        other.insert("b.html", stored);
        assert_eq!(other.get("b.html").unwrap().as_slice(), page.as_bytes());
        assert!(out.contains("empty.txt") && !out.contains("b.html"));
        out.retain(|p| p != "empty.txt");
        assert_eq!(out.snapshot().len(), 1);
    }

    #[test]
    fn packed_files_are_smaller_hold_the_same_bytes_and_compare_as_such() {
        let out = MemoryOutput::new();
        let page: String = (0..400)
            .map(|k| format!("<li><a href=\"/2024/11/{k:02}/\">Day {k} of the digest</a></li>\n"))
            .collect();
        out.write("a.html", page.as_bytes()).unwrap();
        out.write("b.html", b"short").unwrap();
        let fast = out.stored("a.html").unwrap();
        // A file written while the store is being packed is packed in
        // its new version: here, b.html is written again before its turn.
        let replaced = std::cell::Cell::new(false);
        let packed = out.pack(|| {
            if !replaced.replace(true) {
                out.write("b.html", b"newer").unwrap();
            }
            false
        });
        assert_eq!(packed, 2);
        assert_eq!(out.get("b.html").unwrap().as_slice(), b"newer");
        let small = out.stored("a.html").unwrap();
        assert!(small.is_packed() && !fast.is_packed());
        assert!(
            small.held() < fast.held(),
            "{} {}",
            small.held(),
            fast.held()
        );
        assert_eq!(out.get("a.html").unwrap().as_slice(), page.as_bytes());
        assert!(small.same_file(&fast) && fast.same_file(&small));
        let other = Stored::new(page.replace("Day 7 ", "Day 8 ").as_bytes());
        assert!(!small.same_file(&other), "same length, other bytes");
        // Packed once: packing again finds nothing to do.
        assert!(small.packed().unwrap().is_none());
        assert_eq!(out.pack(|| false), 0);
        // Told to stop, it stops.
        out.write("c.html", page.as_bytes()).unwrap();
        assert_eq!(out.pack(|| true), 0);
    }

    #[test]
    fn reusing_links_unchanged_files_and_writes_changed_ones() {
        let dir = tempfile::tempdir().unwrap();
        let old = DiskOutput::new(dir.path().join("old")).unwrap();
        old.write("a/same.html", b"same").unwrap();
        old.write("a/changed.html", b"before").unwrap();
        old.write("grown.html", b"abc").unwrap();
        let new = DiskOutput::reusing(dir.path().join("new"), old.root()).unwrap();
        new.write("a/same.html", b"same").unwrap();
        new.write("a/changed.html", b"after!").unwrap();
        new.write("grown.html", b"abd").unwrap();
        new.write("b/fresh.html", b"fresh").unwrap();
        let read = |p: &str| std::fs::read(dir.path().join(p)).unwrap();
        assert_eq!(read("new/a/same.html"), b"same");
        assert_eq!(read("new/a/changed.html"), b"after!");
        assert_eq!(read("new/grown.html"), b"abd");
        assert_eq!(read("new/b/fresh.html"), b"fresh");
        // The previous output is never written to.
        assert_eq!(read("old/a/changed.html"), b"before");
        assert_eq!(read("old/grown.html"), b"abc");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let links = |p: &str| std::fs::metadata(dir.path().join(p)).unwrap().nlink();
            assert_eq!(links("new/a/same.html"), 2);
            assert_eq!(links("new/a/changed.html"), 1);
            assert_eq!(links("new/grown.html"), 1);
        }
    }
}
