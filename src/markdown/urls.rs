//! Which URLs a page may link to: the one scheme rule for links in article
//! bodies, `source_url` in front matter and `base_url` in site.yaml.
//!
//! A browser ignores leading spaces and control characters, drops tabs and
//! newlines anywhere, and reads schemes case-insensitively, so
//! ` Java\tScript:` is `javascript:`; the scheme is read the same way here.

/// The schemes a link may use; everything else (`javascript:`, `data:`,
/// `vbscript:`, `file:` …) could run script or smuggle content.
pub(crate) const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The scheme of `url` as a browser reads it, lower-cased, or `None` for a
/// relative URL (`../x/`, `#part`, `/path`, `//host/path`).
pub(crate) fn scheme(url: &str) -> Option<String> {
    let mut cleaned = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|&c| !matches!(c, '\t' | '\n' | '\r'));
    let first = cleaned.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let mut scheme = String::from(first.to_ascii_lowercase());
    for c in cleaned {
        match c {
            ':' => return Some(scheme),
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                scheme.push(c.to_ascii_lowercase());
            }
            _ => return None,
        }
    }
    None
}

/// True when a link to `url` is safe in a page: relative, or with an
/// allowed scheme.
pub(crate) fn is_safe_link(url: &str) -> bool {
    scheme(url).is_none_or(|s| ALLOWED_SCHEMES.contains(&s.as_str()))
}

/// Checks an absolute URL written in front matter or site.yaml: it must have
/// an allowed scheme (http and https with a host) and no spaces or control
/// characters. The error says what is wrong, for a message naming the file.
pub(crate) fn check_absolute(url: &str) -> Result<(), String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{url}` contains a space, tab, line break or control character; remove it or percent-encode it (a space is %20)"
        ));
    }
    match scheme(url) {
        None => Err(format!(
            "`{url}` is not an absolute URL; write it in full, starting with https://"
        )),
        Some(s) if !ALLOWED_SCHEMES.contains(&s.as_str()) => Err(format!(
            "`{url}` uses the scheme `{s}:`; only http, https and mailto links are accepted"
        )),
        Some(s) if s != "mailto" && !has_host(url) => Err(format!(
            "`{url}` names no host; write it as {s}://example.org/…"
        )),
        Some(_) => Ok(()),
    }
}

fn has_host(url: &str) -> bool {
    url.split_once("://")
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        for url in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "\u{1}\tjava\tscript:alert(1)",
            "java\nscript:alert(1)",
        ] {
            assert_eq!(scheme(url).as_deref(), Some("javascript"), "{url:?}");
            assert!(!is_safe_link(url), "{url:?}");
        }
        assert!(!is_safe_link("DATA:text/html,x"));
        assert!(!is_safe_link("vbscript:msgbox"));
        for url in [
            "../x.md",
            "#part",
            "/a/b",
            "//host/x",
            "a/b:c",
            "https://x.org",
            "MAILTO:a@b",
        ] {
            assert!(is_safe_link(url), "{url:?}");
        }
    }

    #[test]
    fn absolute_urls_need_an_allowed_scheme_and_a_host() {
        assert!(check_absolute("https://example.org/a").is_ok());
        assert!(check_absolute("mailto:desk@example.org").is_ok());
        assert!(check_absolute("javascript:alert(1)").is_err());
        assert!(check_absolute("https:/x").is_err());
        assert!(check_absolute("example.org/a").is_err());
        assert!(check_absolute("java\tscript:alert(1)").is_err());
    }
}
