//! Saved web pages (`sitrep import page.html`). Where the page carries
//! schema.org JSON-LD (`NewsArticle`, `LiveBlogPosting` with its
//! `liveBlogUpdate` posts), its headline, dates, authors and posts are used
//! exactly: each post is converted on its own, as an article, and keeps the
//! page's own title, time and byline. Otherwise the main text is extracted
//! with a readability algorithm (`dom_smoothie`) and goes through the text
//! path like any pasted text. The page's markup never reaches an entry: only
//! text is taken, and the text path escapes it.

use std::path::Path;

use jiff::Timestamp;
use serde_json::Value;

use crate::diag::Diagnostic;
use crate::import::dates::{Given, PubDate};
use crate::import::entry::{self, Converted, Settings};
use crate::import::recognise::Format;

/// True when a file is a web page: an `.html`/`.htm` name, or a text that
/// opens with a doctype or an `<html>` tag.
pub(crate) fn is_html(path: &Path, text: &str) -> bool {
    let by_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let head: String = text
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    by_name || head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// One post of a page, as its JSON-LD gives it.
#[derive(Debug, Clone, PartialEq)]
struct Post {
    headline: Option<String>,
    published: Option<Timestamp>,
    author: Option<String>,
    body: String,
}

/// What a page's JSON-LD says: the outlet and the posts (one for an article).
#[derive(Debug, Clone, Default, PartialEq)]
struct Described {
    publisher: Option<String>,
    posts: Vec<Post>,
}

/// Converts a saved web page into entries.
pub(crate) fn convert(
    path: &Path,
    html: &str,
    settings: &Settings<'_>,
) -> Result<Converted, Diagnostic> {
    // Parsed once: the JSON-LD is read from the same document readability reads.
    let doc = dom_query::Document::from(html);
    let described = described(&doc);
    if !described.posts.is_empty() {
        return convert_posts(path, described, settings);
    }
    let (text, published, site_name) = readable_text(doc).map_err(|why| {
        Diagnostic::new(
            path,
            format!("no article text found in this web page: {why}"),
        )
        .hint("save the page's text instead (select the article, copy it into a .txt file)")
    })?;
    // The page's own publication time stands where the text has none, as
    // `--date` would (which still wins when given).
    let given = settings.given.or_else(|| {
        published.map(|t| Given {
            date: jiff::tz::TimeZone::UTC.to_datetime(t).date(),
            at: Some(t),
            offset: 0,
        })
    });
    let settings = Settings {
        given,
        source: settings.source.clone().or(site_name),
        ..*settings
    };
    entry::convert(path, &text, &settings)
}

/// Converts each JSON-LD post on its own, as a single article, keeping its
/// headline, time and author exactly.
fn convert_posts(
    path: &Path,
    described: Described,
    settings: &Settings<'_>,
) -> Result<Converted, Diagnostic> {
    let one = Settings {
        config: settings.config,
        matcher: settings.matcher,
        given: settings.given,
        source: described.publisher.clone().or(settings.source.clone()),
        format: Some(Format::Article),
        explain: settings.explain,
    };
    let mut all: Option<Converted> = None;
    for (n, post) in described.posts.iter().enumerate() {
        let text = match &post.headline {
            Some(h) => format!("{h}\n\n{}", post.body),
            None => post.body.clone(),
        };
        if text.trim().is_empty() {
            continue;
        }
        let mut c = entry::convert(path, &text, &one)?;
        let Some(mut e) = c.entries.drain(..).reduce(|mut a, b| {
            a.body.push_str("\n\n");
            a.body.push_str(&b.body);
            a
        }) else {
            continue;
        };
        if let Some(h) = &post.headline {
            e.title = h.clone();
        }
        if let Some(t) = post.published {
            e.date = Some(PubDate::At(t));
            e.date_from = "the page's schema.org data";
        }
        if post.author.is_some() {
            e.author = post.author.clone();
        }
        e.index = if described.posts.len() == 1 { 0 } else { n + 1 };
        match &mut all {
            None => {
                c.entries.push(e);
                c.forced = false;
                all = Some(c);
            }
            Some(a) => a.entries.push(e),
        }
    }
    all.ok_or_else(|| {
        Diagnostic::new(path, "the page's schema.org data holds no text")
            .hint("save the page's text instead (select the article, copy it into a .txt file)")
    })
}

/// The page's main text by readability, as paragraphs under its title,
/// and the publication time and site name its metadata gives.
fn readable_text(
    doc: dom_query::Document,
) -> Result<(String, Option<Timestamp>, Option<String>), String> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut reader = dom_smoothie::Readability::with_document(doc, None, Some(cfg))
        .map_err(|e| e.to_string())?;
    let article = reader.parse().map_err(|e| e.to_string())?;
    let body = article.text_content.trim().to_string();
    if body.is_empty() {
        return Err("the page has no main text".into());
    }
    let mut text = String::new();
    if !article.title.trim().is_empty() {
        text.push_str(article.title.trim());
        text.push_str("\n\n");
    }
    let published = article
        .published_time
        .as_deref()
        .and_then(|t| t.trim().parse::<Timestamp>().ok());
    text.push_str(&body);
    text.push('\n');
    let site_name = article
        .site_name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    Ok((text, published, site_name))
}

/// The articles and live-blog posts the page's JSON-LD describes.
fn described(doc: &dom_query::Document) -> Described {
    let mut out = Described::default();
    for script in doc.select(r#"script[type="application/ld+json"]"#).iter() {
        let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) else {
            continue;
        };
        for node in nodes(&value) {
            read_node(node, &mut out);
        }
    }
    out
}

/// Every object of a JSON-LD value: arrays and `@graph` are flattened.
fn nodes(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().flat_map(nodes).collect(),
        Value::Object(map) => match map.get("@graph") {
            Some(graph) => nodes(graph),
            None => vec![value],
        },
        _ => Vec::new(),
    }
}

/// True when a node's `@type` (a string or a list) is one of `types`.
fn has_type(node: &Value, types: &[&str]) -> bool {
    match node.get("@type") {
        Some(Value::String(t)) => types.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .any(|t| types.contains(&t)),
        _ => false,
    }
}

const ARTICLES: [&str; 6] = [
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "Article",
    "BlogPosting",
    "Report",
];

fn read_node(node: &Value, out: &mut Described) {
    if has_type(node, &["LiveBlogPosting"]) {
        if out.publisher.is_none() {
            out.publisher = publisher(node);
        }
        let updates = match node.get("liveBlogUpdate") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(item @ Value::Object(_)) => vec![item],
            _ => Vec::new(),
        };
        let mut posts: Vec<Post> = updates.into_iter().filter_map(post).collect();
        // Newest first, as live blogs are read; ties keep the page's order.
        posts.sort_by_key(|p| std::cmp::Reverse(p.published));
        if posts.is_empty()
            && let Some(p) = post(node)
        {
            posts.push(p);
        }
        out.posts.extend(posts);
    } else if has_type(node, &ARTICLES) && out.posts.is_empty() {
        if out.publisher.is_none() {
            out.publisher = publisher(node);
        }
        if let Some(p) = post(node) {
            out.posts.push(p);
        }
    }
}

/// A post from an article-like node: its text (`articleBody`, else
/// `description`), headline, publication time and authors.
fn post(node: &Value) -> Option<Post> {
    let body = text_of(node.get("articleBody").or_else(|| node.get("description")))?;
    Some(Post {
        headline: text_of(node.get("headline").or_else(|| node.get("name"))),
        published: ["datePublished", "dateCreated", "dateModified"]
            .iter()
            .filter_map(|k| node.get(*k)?.as_str())
            .find_map(|t| t.trim().parse::<Timestamp>().ok()),
        author: authors(node.get("author")),
        body,
    })
}

/// A text value with its whitespace tidied, `None` when empty. Markup in
/// it (some sites put HTML in `articleBody`) is reduced to its text.
fn text_of(value: Option<&Value>) -> Option<String> {
    let raw = value?.as_str()?;
    let text = if raw.contains('<') {
        markup_text(raw)
    } else {
        raw.to_string()
    };
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// The text of an HTML fragment: scripts and styles dropped, each block
/// (paragraph, list item, heading, quote) a paragraph of its own.
fn markup_text(html: &str) -> String {
    let doc = dom_query::Document::from(html);
    doc.select("script, style, noscript, template, iframe")
        .remove();
    let blocks = doc.select("p, li, h1, h2, h3, h4, h5, h6, blockquote");
    if blocks.length() == 0 {
        return doc.select("body").text().to_string();
    }
    blocks
        .iter()
        .map(|b| b.text().to_string())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Author names: a string, an object with `name`, or a list of either.
fn authors(value: Option<&Value>) -> Option<String> {
    let names: Vec<String> = match value? {
        Value::Array(items) => items.iter().filter_map(|v| authors(Some(v))).collect(),
        Value::Object(map) => map
            .get("name")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
            .into_iter()
            .collect(),
        Value::String(s) => vec![s.trim().to_string()],
        _ => Vec::new(),
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn publisher(node: &Value) -> Option<String> {
    node.get("publisher")?
        .get("name")?
        .as_str()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIVE: &str = r#"<!DOCTYPE html><html><head><title>Live</title>
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"LiveBlogPosting","headline":"Night of strikes: live",
 "publisher":{"@type":"Organization","name":"Example Wire"},
 "liveBlogUpdate":[
  {"@type":"BlogPosting","headline":"Power cut in two districts","datePublished":"2025-03-04T06:10:00+02:00",
   "author":{"@type":"Person","name":"Ana Field"},"articleBody":"Crews restored <b>most</b> lines by dawn.\n\nSchools stayed shut."},
  {"@type":"BlogPosting","headline":"Air defence active","datePublished":"2025-03-04T07:45:00Z",
   "author":[{"name":"Ben Marsh"},{"name":"Cy Long"}],"articleBody":"<script>alert(1)<\/script>Sirens sounded over the city."}
 ]}
</script></head><body><p>ignored</p></body></html>"#;

    #[test]
    fn live_blog_posts_come_from_json_ld_newest_first() {
        let d = described(&dom_query::Document::from(LIVE));
        assert_eq!(d.publisher.as_deref(), Some("Example Wire"));
        assert_eq!(d.posts.len(), 2);
        assert_eq!(d.posts[0].headline.as_deref(), Some("Air defence active"));
        assert_eq!(d.posts[0].author.as_deref(), Some("Ben Marsh, Cy Long"));
        assert_eq!(
            d.posts[1].published,
            Some("2025-03-04T04:10:00Z".parse().unwrap())
        );
        assert_eq!(
            d.posts[1].body,
            "Crews restored most lines by dawn.\n\nSchools stayed shut."
        );
        assert!(
            !d.posts[0].body.contains("<script"),
            "markup is reduced to text"
        );
    }

    #[test]
    fn graph_and_arrays_are_searched_for_an_article() {
        let html = r#"<html><script type="application/ld+json">
        {"@graph":[{"@type":"WebPage","name":"x"},{"@type":["NewsArticle"],"headline":"Bridge reopens",
        "datePublished":"2024-12-02T09:00:00Z","author":"Dana Roe","articleBody":"Traffic resumed at noon."}]}
        </script><script type="application/ld+json">not json</script></html>"#;
        let d = described(&dom_query::Document::from(html));
        assert_eq!(d.posts.len(), 1);
        assert_eq!(d.posts[0].headline.as_deref(), Some("Bridge reopens"));
        assert_eq!(d.posts[0].author.as_deref(), Some("Dana Roe"));
    }

    #[test]
    fn pages_are_known_by_name_or_by_their_first_tag() {
        assert!(is_html(Path::new("a.HTML"), "x"));
        assert!(is_html(Path::new("a.txt"), "  <!DOCTYPE html><p>"));
        assert!(!is_html(Path::new("a.txt"), "KYIV -- text"));
    }
}
