//! Content: every `.md` file under `content/`, read into [`Page`]s with
//! validated front matter. Loading reports every problem in the site at once.

pub(crate) mod controls;
mod emit;
pub(crate) mod figures;
pub mod frontmatter;
pub(crate) mod segments;
pub(crate) mod simple_yaml;
pub(crate) mod standalone;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{Diagnostic, line_at};
use crate::markdown::check_absolute;
use crate::walk;
pub use figures::DroneFigures;
use frontmatter::{PubTime, Unsplit, key_line, parse_date};
use jiff::Timestamp;
use rayon::prelude::*;
pub use segments::MAX_SEGMENT_BYTES;
use segments::{Origin, slug_of};

/// The folder under the site root that holds the articles.
use crate::paths::CONTENT_DIR;

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
    pub origin: Option<frontmatter::Origin>,
    /// Unknown front matter keys.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The Markdown body.
    pub body: String,
    /// 1-based file line the body starts on.
    pub body_line: usize,
    /// What was repaired while reading the file (control characters
    /// replaced), to report as warnings.
    pub warnings: Vec<Diagnostic>,
}

impl Page {
    /// The day the page belongs to, in the site's time zone.
    pub fn day(&self, tz: &jiff::tz::TimeZone) -> jiff::civil::Date {
        // No `Zoned`: it takes a clone of the time zone, a shared count
        // that every thread of a parallel pass over the pages writes to.
        tz.to_datetime(self.date.at).date()
    }

    /// The page's URL path relative to the site root, e.g. `2024/11/02/slug/`.
    pub fn path(&self, tz: &jiff::tz::TimeZone) -> String {
        crate::paths::article(self.day(tz), &self.slug)
    }
}

/// Lists every visible `.md` file under `content_dir` (see [`crate::walk`]),
/// as sorted keys (relative paths with `/` separators). What the walk
/// reported is dropped: [`scan`] keeps it.
pub fn discover(content_dir: &Path) -> Vec<String> {
    md_keys(walk::visible_files(content_dir, Path::new(CONTENT_DIR)))
}

fn md_keys(walk: walk::Walk) -> Vec<String> {
    walk.files
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".md"))
        .map(|(rel, _)| rel)
        .collect()
}

/// The articles under `ROOT/content` and what finding them reported.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Page keys, sorted.
    pub keys: Vec<String>,
    /// Keys of the standalone pages (`pages/…`), sorted: the same walk
    /// finds them, so they are not looked for a second time.
    pub standalone: Vec<String>,
    /// Files that went missing: a dangling link, a link loop, an unreadable
    /// folder. The site would lack articles, so these fail a build.
    pub errors: Vec<Diagnostic>,
    /// What was left out on purpose (links leading out of `content/`,
    /// special files), or a missing `content/`.
    pub warnings: Vec<Diagnostic>,
}

/// Finds every article under `ROOT/content`, with what went wrong on the way.
pub fn scan(root: &Path) -> Discovery {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        let looked = std::path::absolute(&content_dir).unwrap_or_else(|_| content_dir.clone());
        let problem = if content_dir.exists() {
            "is not a folder: the site has no articles"
        } else {
            "no such folder: the site has no articles"
        };
        return Discovery {
            warnings: vec![Diagnostic::warning(looked, problem).hint(
                "put the Markdown articles in content/ under the site root (or run `sitrep import`), or pass --root",
            )],
            ..Discovery::default()
        };
    }
    let mut walk = walk::visible_files(&content_dir, Path::new(CONTENT_DIR));
    let errors = std::mem::take(&mut walk.errors);
    let warnings = std::mem::take(&mut walk.skipped);
    // Standalone pages (content/pages/) are not articles.
    let (standalone, keys) = md_keys(walk)
        .into_iter()
        .partition(|k| standalone::is_standalone(k));
    Discovery {
        keys,
        standalone,
        errors,
        warnings,
    }
}

/// The page key of a file under `content_dir`.
pub fn key_of(path: &Path, content_dir: &Path) -> Option<String> {
    walk::relative(path, content_dir)
}

/// What [`load_all`] read: the articles, the standalone pages and every
/// problem found.
pub(crate) struct Content {
    /// The articles that loaded.
    pub(crate) pages: Vec<Page>,
    /// The standalone pages that loaded (see [`standalone::load_keys`]).
    pub(crate) standalone: Vec<standalone::Standalone>,
    /// Every problem, warnings (a missing `content/`, links leading out of
    /// it) among them.
    pub(crate) problems: Vec<Diagnostic>,
}

/// Reads and validates every page under `ROOT/content`, articles and
/// standalone pages, in one walk. Drafts are dropped unless `drafts`. Every
/// problem is reported, so one run reports all of them; but two articles on
/// one URL are found from the model's URL paths ([`duplicate_paths`]), which
/// the caller makes anyway.
pub(crate) fn load_all(root: &Path, config: &Config, drafts: bool) -> Content {
    let mut found = scan(root);
    let (standalone, mut standalone_problems) =
        standalone::load_keys(root, &std::mem::take(&mut found.standalone));
    let results: Vec<Result<Page, Diagnostic>> = found
        .keys
        .par_iter()
        .map(|key| load_page(root, key, config))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut errors = found.errors;
    errors.extend(found.warnings);
    for r in results {
        match r {
            Ok(p) if p.draft && !drafts => {}
            Ok(mut p) => {
                errors.append(&mut p.warnings);
                pages.push(p);
            }
            Err(e) => errors.push(e),
        }
    }
    errors.append(&mut standalone_problems);
    Content {
        pages,
        standalone,
        problems: errors,
    }
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
    let split = frontmatter::split(text).map_err(|why| match why {
        Unsplit::NoFrontMatter => Diagnostic::new(file, "no front matter")
            .at(Some(1))
            .hint("start the file with a `---` line, then `title:` and `date:`, then a closing `---` line"),
        Unsplit::Unclosed => Diagnostic::new(file, "the front matter opened on line 1 is never closed")
            .at(Some(1))
            .hint("add a `---` line after the last front matter line, before the article text"),
    })?;
    let first = split.yaml_line;
    let yaml = split.yaml;
    let mut raw = frontmatter::parse(yaml, file, first)?;
    let mut warnings = controls::clean_front_matter(&mut raw, yaml, file, first);
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
    let origin = Origin {
        file,
        yaml,
        first_line: first,
    };
    let slug = match &raw.slug {
        Some(s) => slug_of(s, "slug", &origin)?,
        None => {
            let stem = Path::new(key)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            slug_of(&stem, "slug", &origin).map_err(|d| {
                Diagnostic::new(file, format!("the file name: {}", d.message))
                    .hint("rename the file, or add `slug:` to the front matter")
            })?
        }
    };
    for tag in &raw.tags {
        slug_of(tag, "tags", &origin)?;
    }
    for place in &raw.places {
        slug_of(place, "places", &origin)?;
    }
    let source = raw.source.filter(|s| !s.trim().is_empty());
    if let Some(source) = &source {
        slug_of(source, "source", &origin)?;
    }
    let source_url = match raw.source_url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(url) => {
            check_absolute(url).map_err(|m| {
                Diagnostic::new(file, format!("bad `source_url`: {m}"))
                    .at(key_line(yaml, "source_url", first))
                    .hint("link to the original article with an http or https address")
            })?;
            Some(url.to_string())
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
    let mut body = split.body.to_string();
    warnings.extend(controls::clean_body(&mut body, file, body_line));
    Ok(Page {
        key: key.to_string(),
        file: file.to_path_buf(),
        slug,
        title: title.trim().to_string(),
        date,
        updated,
        source,
        source_url,
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
        origin: raw.origin,
        extra: raw
            .extra
            .iter()
            .map(|(k, v)| (k.clone(), to_json(v)))
            .collect(),
        body,
        body_line,
        warnings,
    })
}

/// The longest story id, in bytes: it is a URL segment and a file name.
pub const MAX_STORY_ID: usize = MAX_SEGMENT_BYTES;

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

/// One error per page that shares its URL with an earlier page, from each
/// page's URL path as the site model made it (`paths[i]`
/// is the path of `pages[i]`).
pub fn duplicate_paths(pages: &[Page], paths: &[String]) -> Vec<Diagnostic> {
    // Nearly always no path repeats: that is one pass, without the sort by
    // key that makes the errors come out in a fixed order.
    let mut all: hashbrown::HashSet<&str> = hashbrown::HashSet::with_capacity(paths.len());
    if paths.iter().all(|p| all.insert(p.as_str())) {
        return Vec::new();
    }
    let mut seen: hashbrown::HashMap<&str, &Page> = hashbrown::HashMap::new();
    let mut errors = Vec::new();
    let mut sorted: Vec<(&Page, &str)> =
        pages.iter().zip(paths.iter().map(String::as_str)).collect();
    sorted.sort_by(|a, b| a.0.key.cmp(&b.0.key));
    for (p, path) in sorted {
        if let Some(first) = seen.get(path) {
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
/// An entry with a date but no time stands at the start of its day, so it
/// comes after the day's timed entries; those without a time keep the order
/// of their raw file (`origin.file`, `origin.entry`), else of their file name.
pub fn sort_newest_first(pages: &mut [Page]) {
    // On both cores: the keys are unique, so the order is the one a serial
    // sort gives, and a build's main thread spent some 10 ms at 10,000
    // articles moving pages about while the other core waited.
    pages.par_sort_by(|a, b| order_key(a).cmp(&order_key(b)));
}

/// Where [`sort_newest_first`] puts `page`: pages sort by this key, so an
/// edit that keeps it (but for `key` itself) keeps every page's place
/// (serve's edit in place relies on that).
pub fn order_key(page: &Page) -> OrderKey<'_> {
    OrderKey {
        at: std::cmp::Reverse(page.date.at),
        has_time: std::cmp::Reverse(page.date.has_time),
        raw: raw_order(page),
        key: &page.key,
    }
}

/// The fields of a page its place in the newest-first order follows from,
/// in the order they are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct OrderKey<'a> {
    at: std::cmp::Reverse<Timestamp>,
    has_time: std::cmp::Reverse<bool>,
    raw: Option<(&'a str, u64)>,
    key: &'a str,
}

/// Where an entry stood in the raw file it was imported from, if known.
fn raw_order(page: &Page) -> Option<(&str, u64)> {
    let origin = page.origin.as_ref()?;
    Some((origin.file.as_str(), origin.entry))
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
