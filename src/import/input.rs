//! Reading raw input files: which files the paths given to `sitrep import`
//! name (folders walked by the rules of [`crate::walk`]: no hidden files, no
//! links leading out of the folder), and their text. Empty, binary,
//! non-UTF-8 and huge files, named pipes and devices get a clear message
//! naming the file (and the line, for bad UTF-8) instead of a panic, a hang
//! or a garbled import.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::walk;

/// The largest file imported, in bytes.
pub(crate) const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// The files an import reads, and what finding them reported.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Every file, sorted, each once.
    pub files: Vec<PathBuf>,
    /// What a folder walk lost (dangling links, loops, unreadable folders):
    /// the import goes on with the rest and fails.
    pub errors: Vec<Diagnostic>,
    /// What a folder walk left out on purpose (links leading out of the
    /// folder, special files).
    pub skipped: Vec<Diagnostic>,
}

/// Every file named by `paths`, folders walked. A path that is missing, or
/// is a named pipe or a device, is an error for the whole import.
pub(crate) fn files(paths: &[PathBuf]) -> Result<Found, Diagnostic> {
    let mut files = BTreeSet::new();
    let mut found = Found::default();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Diagnostic::new(p, "no such file or folder")
                .hint("check the path given to sitrep import"),
            _ => Diagnostic::new(p, format!("cannot read: {e}")),
        })?;
        if meta.is_dir() {
            let mut walk = walk::visible_files(p, p);
            files.extend(walk.files.into_iter().map(|(_, path)| path));
            found.errors.append(&mut walk.errors);
            found.skipped.append(&mut walk.skipped);
        } else {
            not_special(p, &meta)?;
            files.insert(p.clone());
        }
    }
    found.files = files.into_iter().collect();
    Ok(found)
}

/// An error unless `meta` is a regular file's.
fn not_special(path: &Path, meta: &std::fs::Metadata) -> Result<(), Diagnostic> {
    match walk::special_kind(meta.file_type()) {
        Some(kind) => Err(Diagnostic::new(
            path,
            format!("is {kind}, not a file: import regular text files"),
        )
        .hint("save the article's text in a .txt file and import that")),
        None => Ok(()),
    }
}

/// Opens a file for reading without waiting: opening a named pipe blocks
/// until a writer appears, unless it is opened non-blocking.
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads a file as text after checking what it is and its size. The type
/// is checked on the opened file, so a file swapped for a pipe after the
/// walk is refused too, not waited on.
pub(crate) fn read(path: &Path) -> Result<String, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::new(path, format!("cannot read the file: {e}"));
    let file = open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    not_special(path, &meta)?;
    if meta.len() > MAX_BYTES {
        return Err(Diagnostic::new(
            path,
            format!(
                "the file is {} MB, more than the {} MB an import takes",
                meta.len() >> 20,
                MAX_BYTES >> 20
            ),
        )
        .hint("split it into smaller files"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // One byte more than the limit shows a file that grew since it was checked.
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    decode(path, bytes)
}

/// Checks raw bytes and turns them into text: CRLF and CR line ends become
/// LF, a byte-order mark is dropped.
pub(crate) fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Diagnostic::new(path, "the file is too large to import")
            .hint("split it into smaller files"));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Diagnostic::new(path, "the file is empty")
            .hint("give sitrep import a file with the article's text"));
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if bytes.contains(&0) || controls * 20 > sample.len() {
        return Err(Diagnostic::new(path, "the file looks binary, not text")
            .hint("import the plain text of the article (copy it into a .txt file)"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::new(
            path,
            format!("the file is not UTF-8 text (bad byte at offset {at})"),
        )
        .at(Some(line))
        .hint("save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)")
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    // Control characters carry no meaning in an article; as spaces they
    // cannot break a title or a front-matter value.
    Ok(if has_control(&text) {
        text.chars()
            .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
            .collect()
    } else {
        text
    })
}

/// True when `text` holds a control character (`char::is_control`) other
/// than a line end or a tab.
fn has_control(text: &str) -> bool {
    // A first pass over the bytes without an early exit (so it runs on
    // whole vectors) finds those that may start one (C0, DEL, and `C2` of
    // the C1 controls); most texts have none.
    let may = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || b == 0xc2;
    text.as_bytes()
        .iter()
        .fold(false, |found, &b| found | may(b))
        && text.contains(|c: char| c.is_control() && c != '\n' && c != '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_as_char_is_control_finds_them() {
        for c in (0..0x300u32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let want = c.is_control() && c != '\n' && c != '\t';
            assert_eq!(has_control(&text), want, "U+{:04X}", c as u32);
        }
        assert!(!has_control("Київ — ¡olé! ŀ"));
    }

    #[test]
    fn huge_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.txt");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_BYTES + 1).unwrap(); // sparse: takes no disk space
        let err = read(&path).unwrap_err();
        assert!(err.message.contains("more than the 256 MB"), "{err}");
        assert!(err.hint.unwrap().contains("split"));
    }

    #[cfg(unix)]
    #[test]
    fn pipes_and_devices_say_what_they_are_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        if !crate::walk::tests::make_fifo(&fifo) {
            return;
        }
        // No writer ever opens the pipe: a blocking open would hang here.
        let err = read(&fifo).unwrap_err();
        assert_eq!(
            err.message,
            "is a named pipe (FIFO), not a file: import regular text files"
        );
        let err = files(std::slice::from_ref(&fifo)).unwrap_err();
        assert!(err.message.starts_with("is a named pipe (FIFO)"), "{err}");
        let err = files(&[PathBuf::from("/dev/null")]).unwrap_err();
        assert!(err.message.starts_with("is a character device"), "{err}");
        let err = files(&[dir.path().join("missing.txt")]).unwrap_err();
        assert_eq!(err.message, "no such file or folder");
    }

    #[test]
    fn bad_inputs_get_messages() {
        let p = Path::new("x.txt");
        assert!(
            decode(p, b"  \n\n".to_vec())
                .unwrap_err()
                .message
                .contains("empty")
        );
        assert!(
            decode(p, b"ab\0cd".to_vec())
                .unwrap_err()
                .message
                .contains("binary")
        );
        let err = decode(p, b"line one\nbad \xff byte".to_vec()).unwrap_err();
        assert!(err.message.contains("UTF-8"));
        assert_eq!(err.line, Some(2));
        assert_eq!(decode(p, b"\xef\xbb\xbfa\r\nb".to_vec()).unwrap(), "a\nb");
        assert_eq!(
            decode(p, "a\u{7f}b\u{85}c\td".as_bytes().to_vec()).unwrap(),
            "a b c d"
        );
    }
}
