//! Standalone pages: Markdown files under `content/pages/`, each rendered at
//! `/SLUG/` with `page.html`. They are not articles: no day, no topic, no
//! feed. A page whose URL is one sitrep generates is an error naming both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::controls;
use super::frontmatter::{self, key_line};
use super::segments::{Origin, slug_of};
use crate::diag::Diagnostic;
use crate::paths::CONTENT_DIR;

/// The folder under `content/` that holds standalone pages.
pub(crate) const PAGES_DIR: &str = "pages";

/// True when a content key (`pages/about.md`) names a standalone page.
pub(crate) fn is_standalone(key: &str) -> bool {
    key.strip_prefix(PAGES_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// One standalone page as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Standalone {
    /// Path under `content/` (`pages/about.md`).
    pub key: String,
    /// Path shown in messages.
    pub file: PathBuf,
    /// URL slug: front matter `slug`, else the file name.
    pub slug: String,
    /// Title.
    pub title: String,
    /// One or two sentences, for the description and link cards.
    pub summary: Option<String>,
    /// The Markdown body.
    pub body: String,
    /// Every other front matter key, for templates as `page.extra`.
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Standalone {
    /// URL path, `SLUG/`.
    pub fn path(&self) -> String {
        format!("{}/", self.slug)
    }
}

/// What sitrep itself generates at the first URL segment `segment`, if anything.
pub(crate) fn generated(segment: &str) -> Option<&'static str> {
    Some(match segment {
        "page" => "the home page's later pages (/page/N/)",
        "topics" => "the topics index",
        "tags" => "the tags index",
        "places" => "the places index",
        "sources" => "the sources index",
        "archive" => "the archive",
        "stories" => "the stories index",
        "trackers" => "the drone tracker (/trackers/drones/)",
        "search" => "the search page",
        "feed-xml" | "sitemap-xml" | "robots-txt" | "404-html" => "a file sitrep writes",
        s if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) => {
            "a year of day pages and articles (/YYYY/MM/DD/)"
        }
        _ => return None,
    })
}

/// Reads the standalone pages `keys` (sorted keys under `content/pages/`,
/// found by the caller's walk of `content/`), and every problem: bad front
/// matter, a URL sitrep generates, two pages on one URL.
pub(crate) fn load_keys(root: &Path, keys: &[String]) -> (Vec<Standalone>, Vec<Diagnostic>) {
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    for key in keys {
        let file = Path::new(CONTENT_DIR).join(key);
        match std::fs::read_to_string(root.join(&file)) {
            Ok(text) => match parse(key, &file, &text, &mut errors) {
                Ok(p) => pages.push(p),
                Err(d) => errors.push(d),
            },
            Err(e) => errors.push(Diagnostic::new(&file, format!("cannot read the file: {e}"))),
        }
    }
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    pages.retain(|p| {
        if let Some(what) = generated(&p.slug) {
            errors.push(
                Diagnostic::new(
                    &p.file,
                    format!(
                        "URL /{} is also the URL of {what}, which sitrep generates",
                        p.path()
                    ),
                )
                .hint("give the page another `slug:` or file name"),
            );
            return false;
        }
        if let Some(first) = seen.get(&p.slug) {
            errors.push(
                Diagnostic::new(
                    &p.file,
                    format!("URL /{} is also the URL of {}", p.path(), first.display()),
                )
                .hint("give one of them another `slug:`"),
            );
            return false;
        }
        seen.insert(p.slug.clone(), p.file.clone());
        true
    });
    (pages, errors)
}

/// Parses one standalone page; control characters replaced in it are
/// reported as warnings in `warnings`.
pub(crate) fn parse(
    key: &str,
    file: &Path,
    text: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Standalone, Diagnostic> {
    let split = frontmatter::split(text).map_err(|_| {
        Diagnostic::new(file, "no front matter, or it is never closed")
            .at(Some(1))
            .hint("start the file with a `---` line, then `title:`, then a closing `---` line")
    })?;
    let mut raw = frontmatter::parse(split.yaml, file, split.yaml_line)?;
    warnings.extend(controls::clean_front_matter(
        &mut raw,
        split.yaml,
        file,
        split.yaml_line,
    ));
    let title = raw.title.filter(|t| !t.trim().is_empty()).ok_or_else(|| {
        Diagnostic::new(file, "front matter has no `title`")
            .at(key_line(split.yaml, "title", split.yaml_line).or(Some(1)))
            .hint("add a line such as `title: About this digest`")
    })?;
    let stem = Path::new(key)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let origin = Origin {
        file,
        yaml: split.yaml,
        first_line: split.yaml_line,
    };
    let slug = slug_of(raw.slug.as_deref().unwrap_or(&stem), "slug", &origin)
        .map_err(|d| d.hint("rename the file, or add `slug:` to the front matter"))?;
    let mut body = split.body.to_string();
    let body_line = split.yaml_line + split.yaml.lines().count() + 1;
    warnings.extend(controls::clean_body(&mut body, file, body_line));
    Ok(Standalone {
        key: key.to_string(),
        file: file.to_path_buf(),
        slug,
        title: title.trim().to_string(),
        summary: raw.summary.filter(|s| !s.trim().is_empty()),
        body,
        extra: raw
            .extra
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap_or_default()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_told_from_articles() {
        assert!(is_standalone("pages/about.md"));
        assert!(!is_standalone("pages-old/about.md"));
        assert!(!is_standalone("2024/11/02/pages.md"));
    }

    #[test]
    fn generated_urls_are_reserved() {
        assert!(generated("stories").is_some());
        assert!(generated("2024").is_some());
        assert!(generated("about").is_none());
        assert!(generated("20245").is_none());
    }
}
