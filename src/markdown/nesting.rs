//! How deeply an article's raw HTML nests elements. Sanitising deeply nested
//! HTML is slow (100,000 nested `<div>`s took 19 s of CPU) and no article
//! needs more than a few levels, so a body that nests deeper than
//! [`MAX_HTML_DEPTH`] is refused before the sanitiser sees it.

/// The deepest nesting of raw HTML elements an article may use.
pub(crate) const MAX_HTML_DEPTH: usize = 100;

/// Elements that never hold others (`<br>`), or whose end tag may be left
/// out (`<p>`, `<li>`): they are not counted as nesting.
const NOT_NESTING: [&str; 27] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody",
    "tfoot", "colgroup", "rt",
];

/// The open-element depth over the raw HTML fragments of one body, fed in
/// order. It over-counts rather than under-counts (end tags that close
/// several elements at once count as one), which errs on the side of refusing.
#[derive(Debug, Default)]
pub(super) struct HtmlDepth {
    depth: usize,
}

impl HtmlDepth {
    /// Counts the tags in `html`; false once the depth passes [`MAX_HTML_DEPTH`].
    pub(super) fn feed(&mut self, html: &str) -> bool {
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            let closing = rest.starts_with('/');
            let name_start = usize::from(closing);
            let name_len = rest[name_start..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len() - name_start);
            if name_len == 0 {
                continue; // `<!-- -->`, `<!DOCTYPE>`, `< ` in text
            }
            let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
            if NOT_NESTING.contains(&name.as_str()) {
                continue;
            }
            let tail = &rest[name_start + name_len..];
            let self_closing = tail.find('>').is_some_and(|end| tail[..end].ends_with('/'));
            if closing {
                self.depth = self.depth.saturating_sub(1);
            } else if !self_closing {
                self.depth += 1;
                if self.depth > MAX_HTML_DEPTH {
                    return false;
                }
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(html: &str) -> bool {
        HtmlDepth::default().feed(html)
    }

    #[test]
    fn counts_open_elements() {
        let deep = "<div>".repeat(MAX_HTML_DEPTH);
        assert!(fits(&deep));
        assert!(!fits(&format!("{deep}<span>")));
        let siblings = "<div><b>x</b></div>".repeat(10 * MAX_HTML_DEPTH);
        assert!(fits(&siblings));
        let flat = "<p>a<br><img src=x><hr/><x-y/>".repeat(10 * MAX_HTML_DEPTH);
        assert!(fits(&flat));
        assert!(fits(&"<!-- c -->".repeat(1000)));
    }

    #[test]
    fn depth_carries_over_fragments() {
        let mut depth = HtmlDepth::default();
        for _ in 0..MAX_HTML_DEPTH {
            assert!(depth.feed("<section>\n"));
        }
        assert!(!depth.feed("<div>"));
    }
}
