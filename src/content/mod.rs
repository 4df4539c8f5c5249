//! Content: every `.md` file under `content/`, read into [`Page`]s with
//! validated front matter. Loading reports every problem in the site at once.

pub mod figures;
pub mod frontmatter;
pub mod standalone;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diag::{Diagnostic, line_at};
pub use figures::DroneFigures;
use frontmatter::{PubTime, key_line, parse_date};

/// The folder under the site root that holds the articles.
pub const CONTENT_DIR: &str = "content";

/// One article, as written in its Markdown file.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/`, with `/` separators: the page's key.
    pub key: String,
    /// Path shown in messages (relative to the site root).
    pub file: PathBuf,
    /// URL slug: front matter `slug`, else the file name.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Publication time.
    pub date: PubTime,
    /// Last update, if any.
    pub updated: Option<PubTime>,
    /// Outlet.
    pub source: Option<String>,
    /// Link to the original article.
    pub source_url: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// Topic slugs, each declared in site.yaml.
    pub topics: Vec<String>,
    /// Tags as written.
    pub tags: Vec<String>,
    /// Places as written.
    pub places: Vec<String>,
    /// Summary from front matter (plain text).
    pub summary: Option<String>,
    /// Story id grouping reports of one event.
    pub story: Option<String>,
    /// The story's headline, when it should not be the earliest report's title.
    pub story_title: Option<String>,
    /// Structured figures, passed to templates as they are.
    pub figures: Option<serde_json::Value>,
    /// `figures.drones`, checked.
    pub drones: Option<DroneFigures>,
    /// Left out unless building with drafts.
    pub draft: bool,
    /// Import provenance.
    pub origin: Option<serde_json::Value>,
    /// Unknown front matter keys.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The Markdown body.
    pub body: String,
    /// 1-based file line the body starts on.
    pub body_line: usize,
}

impl Page {
    /// The day the page belongs to, in the site's time zone.
    pub fn day(&self, tz: &jiff::tz::TimeZone) -> jiff::civil::Date {
        self.date.at.to_zoned_datetime(tz.clone()).date()
    }

    /// The page's URL path relative to the site root, e.g. `2024/11/02/slug/`.
    pub fn path(&self, tz: &jiff::tz::TimeZone) -> String {
        let d = self.day(tz);
        format!(
            "{:04}/{:02}/{:02}/{}/",
            d.year(),
            d.month(),
            d.day(),
            self.slug
        )
    }
}

/// Lists every `.md` file under `content_dir`, as sorted keys (relative paths
/// with `/` separators).
pub fn discover(content_dir: &Path) -> Vec<String> {
    let mut keys: Vec<String> = WalkDir::new(content_dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| !is_hidden(e.path(), content_dir))
        .filter_map(|e| key_of(e.path(), content_dir))
        .collect();
    keys.sort();
    keys
}

fn is_hidden(path: &Path, base: &Path) -> bool {
    path.strip_prefix(base)
        .map(|rel| {
            rel.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .unwrap_or(false)
}

/// The page key of a file under `content_dir`.
pub fn key_of(path: &Path, content_dir: &Path) -> Option<String> {
    let rel = path.strip_prefix(content_dir).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Reads and validates every page under `ROOT/content`. Drafts are dropped
/// unless `drafts`. Returns the pages that loaded and every problem found, so
/// one run reports all of them.
pub fn load_all(root: &Path, config: &Config, drafts: bool) -> (Vec<Page>, Vec<Diagnostic>) {
    let content_dir = root.join(CONTENT_DIR);
    let keys: Vec<String> = discover(&content_dir)
        .into_iter()
        .filter(|k| !standalone::is_standalone(k))
        .collect();
    let results: Vec<Result<Page, Diagnostic>> = keys
        .par_iter()
        .map(|key| load_page(root, key, config))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(p) if p.draft && !drafts => {}
            Ok(p) => pages.push(p),
            Err(e) => errors.push(e),
        }
    }
    errors.extend(duplicate_urls(&pages, config));
    (pages, errors)
}

/// Reads one page by key.
pub fn load_page(root: &Path, key: &str, config: &Config) -> Result<Page, Diagnostic> {
    let file = Path::new(CONTENT_DIR).join(key);
    let bytes = std::fs::read(root.join(&file))
        .map_err(|e| Diagnostic::new(&file, format!("cannot read the file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::new(&file, "the file is not UTF-8 text")
            .at(Some(line_at(e.as_bytes(), e.utf8_error().valid_up_to())))
            .hint("save the file as UTF-8")
    })?;
    parse_page(key, &file, &text, config)
}

/// Parses a page from its text. `key` is its path under `content/`.
pub fn parse_page(key: &str, file: &Path, text: &str, config: &Config) -> Result<Page, Diagnostic> {
    let split = frontmatter::split(text).ok_or_else(|| {
        Diagnostic::new(file, "no front matter")
            .at(Some(1))
            .hint("start the file with a `---` line, then `title:` and `date:`, then a closing `---` line")
    })?;
    let first = split.yaml_line;
    let yaml = split.yaml;
    let raw = frontmatter::parse(yaml, file, first)?;
    let tz = config.time_zone();

    let title = raw.title.filter(|t| !t.trim().is_empty()).ok_or_else(|| {
        Diagnostic::new(file, "front matter has no `title`")
            .at(key_line(yaml, "title", first).or(Some(1)))
            .hint("add a line such as `title: Air defence downs 39 drones over Kyiv`")
    })?;
    let date_value = raw.date.ok_or_else(|| {
        Diagnostic::new(file, "front matter has no `date`")
            .at(Some(1))
            .hint(
                "add a line such as `date: 2024-11-02T13:41:00Z` (RFC 3339) or `date: 2024-11-02`",
            )
    })?;
    let date = parse_date(&date_value, &tz).map_err(|m| {
        Diagnostic::new(file, format!("bad `date`: {m}")).at(key_line(yaml, "date", first))
    })?;
    let updated = match raw.updated {
        None => None,
        Some(v) => Some(parse_date(&v, &tz).map_err(|m| {
            Diagnostic::new(file, format!("bad `updated`: {m}"))
                .at(key_line(yaml, "updated", first))
        })?),
    };
    // A topic named twice counts once.
    let mut topics: Vec<String> = Vec::with_capacity(raw.topics.len());
    for t in raw.topics {
        if !topics.contains(&t) {
            topics.push(t);
        }
    }
    for t in &topics {
        if config.topic(t).is_none() {
            let known: Vec<&str> = config.topics.iter().map(|t| t.slug.as_str()).collect();
            return Err(
                Diagnostic::new(file, format!("topic `{t}` is not declared in site.yaml"))
                    .at(key_line(yaml, "topics", first))
                    .hint(format!(
                        "use one of: {}; or declare it under `topics:` in site.yaml",
                        known.join(", ")
                    )),
            );
        }
    }
    let slug = match raw.slug {
        Some(s) => {
            let clean = slug::slugify(&s);
            if clean.is_empty() {
                return Err(
                    Diagnostic::new(file, format!("`slug: {s}` is empty as a URL"))
                        .at(key_line(yaml, "slug", first)),
                );
            }
            clean
        }
        None => {
            let stem = Path::new(key)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let clean = slug::slugify(&stem);
            if clean.is_empty() {
                return Err(
                    Diagnostic::new(file, "the file name makes an empty URL slug")
                        .hint("rename the file, or add `slug:` to the front matter"),
                );
            }
            clean
        }
    };
    let story = match raw.story {
        Some(s) => Some(check_story_id(&s).map_err(|m| {
            Diagnostic::new(file, m)
                .at(key_line(yaml, "story", first))
                .hint("a story id is a URL slug: lower-case letters, digits and single hyphens, at most 120 bytes, such as `kyiv-drone-attack-2024-11-02`")
        })?),
        None => None,
    };
    let drones = figures::drones(raw.figures.as_ref()).map_err(|m| {
        Diagnostic::new(file, m)
            .at(key_line(yaml, "figures", first))
            .hint("write whole numbers for launched, downed, lost, still_in_air, returned and hits; text for window, side and reported_by; weapons as `{ shahed: 60, decoy: 11 }`")
    })?;
    let body_line = first + yaml.lines().count() + 1;
    Ok(Page {
        key: key.to_string(),
        file: file.to_path_buf(),
        slug,
        title: title.trim().to_string(),
        date,
        updated,
        source: raw.source.filter(|s| !s.trim().is_empty()),
        source_url: raw.source_url,
        author: raw.author.filter(|s| !s.trim().is_empty()),
        topics,
        tags: raw.tags,
        places: raw.places,
        summary: raw.summary.filter(|s| !s.trim().is_empty()),
        story,
        story_title: raw.story_title.filter(|s| !s.trim().is_empty()),
        figures: raw.figures.map(|v| to_json(&v)),
        drones,
        draft: raw.draft,
        origin: raw.origin.map(|v| to_json(&v)),
        extra: raw
            .extra
            .iter()
            .map(|(k, v)| (k.clone(), to_json(v)))
            .collect(),
        body: split.body.to_string(),
        body_line,
    })
}

/// The longest story id, in bytes: it is a URL segment and a file name.
pub const MAX_STORY_ID: usize = 120;

/// A story id as written, if it is a URL slug; else what is wrong with it.
pub fn check_story_id(id: &str) -> Result<String, String> {
    let id = id.trim();
    if id.is_empty() {
        return Err("`story` is empty".into());
    }
    if id.len() > MAX_STORY_ID {
        return Err(format!(
            "story id `{id}` is {} bytes long, more than {MAX_STORY_ID}",
            id.len()
        ));
    }
    if slug::slugify(id) != id {
        return Err(format!(
            "story id `{id}` is not a URL slug (it would be `{}`)",
            slug::slugify(id)
        ));
    }
    Ok(id.to_string())
}

fn to_json(v: &serde_yaml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// One error per page that shares its URL with an earlier page.
pub fn duplicate_urls(pages: &[Page], config: &Config) -> Vec<Diagnostic> {
    let tz = config.time_zone();
    let mut seen: BTreeMap<String, &Page> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut sorted: Vec<&Page> = pages.iter().collect();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    for p in sorted {
        let path = p.path(&tz);
        if let Some(first) = seen.get(&path) {
            errors.push(
                Diagnostic::new(
                    &p.file,
                    format!("URL /{path} is also the URL of {}", first.file.display()),
                )
                .hint("give one of them another `slug:` in its front matter"),
            );
        } else {
            seen.insert(path, p);
        }
    }
    errors
}

/// Newest first, then by key, so order never depends on the file system.
pub fn sort_newest_first(pages: &mut [Page]) {
    pages.sort_by(|a, b| b.date.at.cmp(&a.date.at).then_with(|| a.key.cmp(&b.key)));
}

/// The latest time a page was published or updated.
pub fn last_modified(page: &Page) -> Timestamp {
    page.updated
        .map_or(page.date.at, |u| u.at.max(page.date.at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_named_twice_counts_once() {
        let config = Config::parse(
            "title: T\ntopics:\n  - { slug: a, name: A }\n  - { slug: b, name: B }\n",
            Path::new("site.yaml"),
        )
        .unwrap();
        let text = "---\ntitle: P\ndate: 2024-01-02\ntopics: [b, a, b, a]\n---\nBody.\n";
        let page = parse_page("p.md", Path::new("content/p.md"), text, &config).unwrap();
        assert_eq!(page.topics, ["b", "a"]);
    }
}
