//! Reading raw input files: empty, binary, non-UTF-8 and huge files get a
//! clear message naming the file (and the line, for bad UTF-8) instead of a
//! panic or a garbled import.

use std::path::Path;

use crate::diag::Diagnostic;

/// The largest file imported, in bytes.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a file as text after checking its size.
pub fn read(path: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::new(path, format!("cannot read the file: {e}")))?;
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
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::new(path, format!("cannot read the file: {e}")))?;
    decode(path, bytes)
}

/// Checks raw bytes and turns them into text: CRLF and CR line ends become
/// LF, a byte-order mark is dropped.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
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
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
