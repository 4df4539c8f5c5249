//! Markdown → HTML: pulldown-cmark with heading ids and a table of contents,
//! syntect highlighting of fenced code (as CSS classes), links between
//! articles, and sanitising of anything an article could use to run script.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, LazyLock, Mutex};

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::diag::line_at;

mod contrast;
mod nesting;
pub(crate) mod urls;

pub(crate) use nesting::MAX_HTML_DEPTH;
pub(crate) use urls::{check_absolute, is_safe_link};

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);
/// Highlighted blocks by (language, code): the same snippet is highlighted once per process.
static HIGHLIGHTED: LazyLock<Mutex<HashMap<(String, String), String>>> =
    LazyLock::new(Default::default);

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// A heading, for the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The `id` attribute, for `#fragment` links.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// An article body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Safe HTML of the whole body.
    pub html: String,
    /// Safe HTML of the first paragraph (outside footnotes).
    pub first_paragraph: String,
    /// The first paragraph's text, from the Markdown events: entities
    /// decoded, raw HTML, image alt text and footnote marks left out, white
    /// space collapsed. Plain text for meta descriptions, never HTML.
    pub first_paragraph_text: String,
    /// Headings in order.
    pub toc: Vec<Heading>,
    /// Words in the body's text.
    pub words: usize,
    /// The body's text without markup (what search indexes): blocks end
    /// with a line break; raw HTML is left out. Shared, not copied, with
    /// the search index's document of the page.
    pub text: Arc<str>,
    /// Links to other content files that did not resolve (as written).
    pub broken_links: Vec<String>,
    /// The 1-based body line where raw HTML nests deeper than
    /// [`MAX_HTML_DEPTH`]; the body is then refused (`html` is empty).
    pub too_deep: Option<usize>,
}

impl Rendered {
    /// Minutes to read at 220 words a minute, at least one.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(220).max(1)
    }
}

/// Resolves a link to another content file (`../x.md`, `@/2024/x.md`) to a
/// URL path; `None` when it names no page.
pub trait LinkResolver {
    /// `target` is the content key the link points at (`2024/11/02/x.md`).
    fn resolve(&self, target: &str) -> Option<String>;
}

/// Renders `markdown`. `key` is the page's path under `content/`, used to
/// resolve relative links to other articles.
pub(crate) fn render(markdown: &str, key: &str, links: &dyn LinkResolver) -> Rendered {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_SMART_PUNCTUATION);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);

    let mut out = Rendered::default();
    let mut plain = String::with_capacity(markdown.len());
    let mut events: Vec<Event> = Vec::new();
    let mut has_raw_html = false;
    let mut used_ids: BTreeSet<String> = BTreeSet::new();
    let mut code: Option<(String, String)> = None; // (language, text)
    let mut heading: Option<(usize, HeadingLevel, Option<CowStr>, String)> = None;
    let mut depth = nesting::HtmlDepth::default();
    let mut first = FirstParagraph::default();

    for (event, range) in Parser::new_ext(markdown, opts).into_offset_iter() {
        first.see(&event, events.len());
        if let Some((_, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    out.words += count_words(&text);
                    plain.push_str(&text);
                    plain.push('\n');
                    events.push(Event::Html(highlight(&lang, &text).into()));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            // `{#id .class}` only: other attributes (`onfocus=…`, `autofocus`, `style=…`) are dropped.
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((events.len(), level, id.clone(), String::new()));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                plain.push('\n');
                if let Some((at, _, given, text)) = heading.take() {
                    let base = given.map(|g| g.to_string()).unwrap_or_else(|| {
                        let s = slug::slugify(&text);
                        if s.is_empty() { "section".into() } else { s }
                    });
                    let mut id = base.clone();
                    let mut n = 1;
                    while is_theme_id(&id) || !used_ids.insert(id.clone()) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[at] {
                        *slot = Some(id.clone().into());
                    }
                    out.toc.push(Heading {
                        level: level as u8,
                        id,
                        title: text.trim().to_string(),
                    });
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Text(t) => {
                out.words += count_words(&t);
                plain.push_str(&t);
                if let Some((_, _, _, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                events.push(Event::Text(t));
            }
            Event::Code(t) => {
                out.words += count_words(&t);
                plain.push_str(&t);
                if let Some((_, _, _, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                events.push(Event::Code(t));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                has_raw_html = true;
                if !depth.feed(&h) {
                    out.too_deep = Some(line_at(markdown.as_bytes(), range.start));
                    return out;
                }
                events.push(Event::Html(h));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_link(&dest_url, key, links, link_type, &mut out.broken_links);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = if !is_safe_link(&dest_url) {
                    "#".into()
                } else {
                    dest_url
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::SoftBreak | Event::HardBreak => {
                plain.push(' ');
                events.push(event);
            }
            Event::End(
                end @ (TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition),
            ) => {
                plain.push('\n');
                events.push(Event::End(end));
            }
            other => events.push(other),
        }
    }

    if let Some(span) = first.span() {
        let mut p = String::new();
        pulldown_cmark::html::push_html(&mut p, events[span].iter().cloned());
        if has_raw_html {
            p = sanitize(&p);
        }
        p.truncate(p.trim_end().len());
        out.first_paragraph = p;
        out.first_paragraph_text = one_line(&first.text);
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if has_raw_html {
        html = sanitize(&html);
    }
    out.html = html;
    // Exactly its length: the string grew by doubling as it was read.
    out.text = plain.into();
    out
}

/// The first paragraph outside footnote definitions, as the event loop
/// sees it: where its events sit in the output list, and its text.
#[derive(Default)]
struct FirstParagraph {
    /// Index of its `Start(Paragraph)` event, once seen.
    start: Option<usize>,
    /// Index of its `End(Paragraph)` event, once seen.
    end: Option<usize>,
    text: String,
    /// Open images (their alt text is not prose) and footnote definitions.
    images: usize,
    footnotes: usize,
}

impl FirstParagraph {
    /// Takes in `event`, which will sit at index `at` of the output events
    /// (the loop pushes one output event per input event inside a paragraph).
    fn see(&mut self, event: &Event, at: usize) {
        if self.end.is_some() {
            return;
        }
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => self.footnotes += 1,
            Event::End(TagEnd::FootnoteDefinition) => self.footnotes -= 1,
            Event::Start(Tag::Paragraph) if self.footnotes == 0 && self.start.is_none() => {
                self.start = Some(at);
            }
            _ if self.start.is_none() => {}
            Event::End(TagEnd::Paragraph) => self.end = Some(at),
            Event::Start(Tag::Image { .. }) => self.images += 1,
            Event::End(TagEnd::Image) => self.images -= 1,
            Event::Text(t) | Event::Code(t) if self.images == 0 => self.text.push_str(t),
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            _ => {}
        }
    }

    /// The range of its events, once it has ended.
    fn span(&self) -> Option<std::ops::RangeInclusive<usize>> {
        Some(self.start?..=self.end?)
    }
}

/// `text` on one line: runs of white space become one space, none at the ends.
pub(crate) fn one_line(text: &str) -> String {
    // Nearly always the text is one line already, single-spaced: taken as it is.
    let mut after_space = true;
    let plain = text.chars().all(|c| {
        let ok = !c.is_whitespace() || (c == ' ' && !after_space);
        after_space = c == ' ';
        ok
    });
    if plain && !after_space {
        return text.to_string();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words as `split_whitespace` counts them; ASCII text (nearly all of it)
/// counts word starts in a branch-free loop the compiler vectorises.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // char::is_whitespace on ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
    let space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let b = text.as_bytes();
    let Some(&first) = b.first() else {
        return 0;
    };
    let (prev, cur) = (&b[..b.len() - 1], &b[1..]);
    let mut starts = usize::from(!space(first));
    // Byte-wide counters over chunks of at most 255 pairs cannot overflow.
    for (p, c) in prev.chunks(255).zip(cur.chunks(255)) {
        let n: u8 = p
            .iter()
            .zip(c)
            .map(|(&p, &c)| u8::from(space(p) & !space(c)))
            .fold(0, u8::wrapping_add);
        starts += usize::from(n);
    }
    starts
}

/// Rewrites a link: content-file links become page URLs, script URLs become `#`.
fn rewrite_link<'a>(
    dest: &CowStr<'a>,
    key: &str,
    links: &dyn LinkResolver,
    link_type: LinkType,
    broken: &mut Vec<String>,
) -> CowStr<'a> {
    if !is_safe_link(dest) {
        return "#".into();
    }
    if matches!(link_type, LinkType::Email) || dest.contains("://") || dest.starts_with("mailto:") {
        return dest.clone();
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest.as_ref(), None),
    };
    if !path.ends_with(".md") {
        return dest.clone();
    }
    let target = match path.strip_prefix("@/") {
        Some(abs) => normalise(abs),
        None => {
            let dir = key.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            normalise(&format!("{dir}/{path}"))
        }
    };
    match target.as_deref().and_then(|t| links.resolve(t)) {
        Some(url) => match fragment {
            Some(f) => format!("{url}#{f}").into(),
            None => url.into(),
        },
        None => {
            broken.push(dest.to_string());
            dest.clone()
        }
    }
}

/// Resolves `.` and `..` in a `/`-separated path; `None` if it climbs out.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Whether the built-in theme gives an element this id on a page that
/// shows an article (`main`, `story-heading`, `figures-…`), so a heading
/// must not take it.
fn is_theme_id(id: &str) -> bool {
    static THEME_IDS: LazyLock<(BTreeSet<String>, Vec<String>)> = LazyLock::new(|| {
        theme_ids(
            crate::render::templates::DEFAULT_TEMPLATES
                .iter()
                .map(|(_, text)| *text),
        )
    });
    let (exact, prefixes) = &*THEME_IDS;
    // `figures-{{ name }}` makes `figures-drones` from a front matter key: a
    // suffix (`figures-drones-1`) is enough to leave those.
    exact.contains(id)
        || prefixes.iter().any(|p| {
            id.strip_prefix(p.as_str())
                .is_some_and(|rest| !rest.contains('-'))
        })
}

/// The `id="…"` values written in templates: literal ids, and the literal
/// start of ids that end in a template expression (`figures-{{ name }}`).
/// Ids made wholly by an expression are left out.
fn theme_ids<'a>(templates: impl Iterator<Item = &'a str>) -> (BTreeSet<String>, Vec<String>) {
    let (mut exact, mut prefixes) = (BTreeSet::new(), Vec::new());
    for text in templates {
        for (at, _) in text.match_indices("id=\"") {
            if !text[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
                continue; // `data-id=`, `aria-labelledby=`
            }
            let value = &text[at + 4..];
            let value = &value[..value.find('"').unwrap_or(value.len())];
            match value.find('{') {
                None => {
                    exact.insert(value.to_string());
                }
                Some(0) => {}
                Some(k) => prefixes.push(value[..k].to_string()),
            }
        }
    }
    (exact, prefixes)
}

/// Removes script, event handlers and script URLs from HTML, keeping the
/// markup Markdown produces (classes for highlighting, ids for headings).
pub(crate) fn sanitize(html: &str) -> String {
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "title", "lang", "dir"])
            .add_tags([
                "figure",
                "figcaption",
                "details",
                "summary",
                "section",
                "aside",
                "mark",
            ])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("ol", ["start"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tags(["input"])
            .link_rel(None)
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .attribute_filter(|_, attr, value| {
                if attr == "id" && is_theme_id(value) {
                    return None; // the page's own `main` and the like
                }
                if attr == "style" {
                    let v = value.trim().trim_end_matches(';');
                    return [
                        "text-align: left",
                        "text-align: center",
                        "text-align: right",
                    ]
                    .contains(&v)
                    .then(|| value.into());
                }
                Some(value.into())
            });
        b
    });
    CLEANER.clean(html).to_string()
}

/// Highlights one code block into `<pre class="code" data-lang=…>` with
/// `hl-` classes; unknown languages are escaped as plain text.
pub(crate) fn highlight(lang: &str, code: &str) -> String {
    let key = (lang.to_string(), code.to_string());
    if let Ok(cache) = HIGHLIGHTED.lock()
        && let Some(hit) = cache.get(&key)
    {
        return hit.clone();
    }
    let syntax = (!lang.is_empty())
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten();
    let inner = match syntax {
        Some(syntax) => {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
            let ok = LinesWithEndings::from(code).all(|line| {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .is_ok()
            });
            if ok {
                generator.finalize()
            } else {
                escape_html(code)
            }
        }
        None => escape_html(code),
    };
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(lang))
    };
    let html = format!("<pre class=\"code\"{lang_attr}><code>{inner}</code></pre>\n");
    if let Ok(mut cache) = HIGHLIGHTED.lock() {
        cache.insert(key, html.clone());
    }
    html
}

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attributes.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The stylesheet for highlighted code: each theme under its own
/// `prefers-color-scheme`, so no light-theme rule leaks into dark mode, with
/// token colours made readable on the theme's background (which the code
/// block takes too). `extra` holds `.tmTheme` files by name.
pub(crate) fn highlight_css(
    light: &str,
    dark: &str,
    extra: &HashMap<String, syntect::highlighting::Theme>,
) -> Result<String, String> {
    let find = |name: &str| {
        extra
            .get(name)
            .or_else(|| THEMES.themes.get(name))
            .ok_or_else(|| {
                let mut known: Vec<&String> = THEMES.themes.keys().collect();
                known.sort();
                format!(
                    "unknown highlight theme `{name}`; built-in themes: {}",
                    known
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    };
    let scheme = |name: &str, scheme: &str| -> Result<String, String> {
        let theme = contrast::readable_theme(find(name)?);
        let css = css_for_theme_with_class_style(&theme, CLASS_STYLE).map_err(|e| e.to_string())?;
        let hex = |c: syntect::highlighting::Color| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
        Ok(format!(
            "@media (prefers-color-scheme: {scheme}) {{\npre.code {{ color: {}; background-color: {}; }}\n{css}}}\n",
            hex(contrast::foreground(&theme)),
            hex(contrast::background(&theme)),
        ))
    };
    Ok(format!(
        "/* generated from the highlight themes `{light}` and `{dark}` */\n{}{}",
        scheme(light, "light")?,
        scheme(dark, "dark")?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, target: &str) -> Option<String> {
            (target == "2024/11/02/other.md").then(|| "/2024/11/02/other/".to_string())
        }
    }

    fn md(s: &str) -> Rendered {
        render(s, "2024/11/02/this.md", &NoLinks)
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = md("## Air defence\n\ntext\n\n## Air defence\n");
        assert!(r.html.contains("<h2 id=\"air-defence\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"air-defence-1\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn heading_ids_leave_the_themes_ids_alone() {
        let r = md("## Main\n\n## Story heading\n\n## Figures drones\n\n## Other {#main}\n");
        let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["main-1", "story-heading-1", "figures-drones-1", "main-2"]
        );
        let (exact, prefixes) = theme_ids(
            [
                "<main id=\"main\">",
                "<h2 data-id=\"x\" id=\"f-{{ n }}\">",
                "<s id=\"{{ t }}\">",
            ]
            .into_iter(),
        );
        assert_eq!(exact.into_iter().collect::<Vec<_>>(), ["main"]);
        assert_eq!(prefixes, ["f-"]);
    }

    #[test]
    fn heading_attributes_are_only_an_id_and_classes() {
        let r = md("## Other {#o .a autofocus onfocus=alert(1) tabindex=1 style=x}\n");
        assert_eq!(r.html, "<h2 id=\"o\" class=\"a\">Other</h2>\n");
    }

    #[test]
    fn deeply_nested_raw_html_is_refused_with_its_line() {
        let deep = format!("Intro.\n\n{}", "<div>\n".repeat(100_000));
        let r = md(&deep);
        assert_eq!(
            r.too_deep,
            Some(3 + MAX_HTML_DEPTH),
            "the line of the first div too many"
        );
        assert!(r.html.is_empty());
        assert_eq!(md(&"<div>x</div>\n".repeat(1000)).too_deep, None);
    }

    #[test]
    fn tables_footnotes_strikethrough_smart_quotes() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"new\"[^1]\n\n[^1]: note\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("“new”"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn script_never_survives() {
        let r = md(
            "hi <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) [y]( JaVaScRiPt:alert(4))\n\n<a href=\"javascript:alert(5)\">z</a>\n",
        );
        let h = r.html.to_lowercase();
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("onerror"), "{h}");
        assert!(!h.contains("javascript:"), "{h}");
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = md("```rust\nfn main() {}\n```\n");
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert!(r.html.contains("data-lang=\"rust\""));
        let plain = md("```\n<b>x</b>\n```\n");
        assert!(plain.html.contains("&lt;b&gt;"));
    }

    #[test]
    fn links_between_articles_resolve() {
        let r = md("[ok](other.md#x) [bad](missing.md) [abs](@/2024/11/02/other.md)");
        assert!(
            r.html.contains("href=\"/2024/11/02/other/#x\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"/2024/11/02/other/\""), "{}", r.html);
        assert_eq!(r.broken_links, vec!["missing.md".to_string()]);
    }

    #[test]
    fn words_are_counted_like_split_whitespace() {
        for text in [
            "",
            " ",
            "one",
            " two  words ",
            "a\tb\nc\u{b}d\u{c}e\rf",
            "Kyiv—Odesa, 39 of 71\u{a0}drones",
            "ünïcode words here",
            "end\u{2003}",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
        let long = "word  ".repeat(300) + &"x ".repeat(200) + "tail";
        assert_eq!(count_words(&long), long.split_whitespace().count());
    }

    #[test]
    fn one_line_joins_words_with_single_spaces() {
        for text in [
            "",
            " ",
            "one",
            "two words",
            " two  words ",
            "lead ",
            " lead",
            "a\tb\nc\u{b}d\u{c}e\rf",
            "Kyiv—Odesa, 39 of 71\u{a0}drones",
            "ünïcode words here",
            "end\u{2003}",
            "line\u{2028}break",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(one_line(text), words.join(" "), "{text:?}");
        }
    }

    #[test]
    fn snapshot_of_a_typical_brief() {
        let r = md(concat!(
            "Air defence downed **39** of 71 drones -- the rest were \"lost\".\n\n",
            "## Tally {#tally}\n\n",
            "| launched | downed |\n|:--|--:|\n| 71 | 39 |\n\n",
            "- Kyiv\n- Kharkiv\n\n",
            "> A quoted statement.\n\n",
            "Footnoted.[^n]\n\n[^n]: The note.\n",
        ));
        insta::assert_snapshot!(r.html);
    }

    #[test]
    fn first_paragraph_and_reading_time() {
        let r = md("# T\n\nFirst one.\n\nSecond.\n");
        assert_eq!(r.first_paragraph, "<p>First one.</p>");
        assert_eq!(r.reading_minutes(), 1);
    }

    #[test]
    fn first_paragraph_text_comes_from_the_markdown_events() {
        let text = |s: &str| md(s).first_paragraph_text;
        // Raw HTML makes the body go through the sanitiser, which writes a
        // no-break space back as `&nbsp;`: the text never sees that HTML.
        assert_eq!(
            text("39&nbsp;of 71 <b>drones</b> &amp; decoys &lt;ok&gt;\n"),
            "39 of 71 drones & decoys <ok>"
        );
        assert_eq!(text("Run `a < b && c` now.\n"), "Run a < b && c now.");
        assert_eq!(
            text("See [the report](https://x.example/?a=1&b=2 \"t\") and <https://y.example/>.\n"),
            "See the report and https://y.example/."
        );
        assert_eq!(
            text("*Very* **bold** ~~old~~ _news_.\n"),
            "Very bold old news."
        );
        assert_eq!(text("A claim.[^1]\n\n[^1]: Its source.\n"), "A claim.");
        assert_eq!(text("[^1]: A note first.\n\nThe body.[^1]\n"), "The body.");
        assert_eq!(
            text("![a map](m.png) Caption\nsecond  line\n"),
            "Caption second line"
        );
        assert_eq!(text("# Only a heading\n\n- a tight list\n"), "");
        assert_eq!(text("> Quoted first.\n\nThen prose.\n"), "Quoted first.");
    }

    #[test]
    fn a_raw_html_block_is_not_the_first_paragraph() {
        let r = md("<div><p>Raw &amp; block</p></div>\n\nThe *Markdown* one.\n");
        assert_eq!(r.first_paragraph, "<p>The <em>Markdown</em> one.</p>");
        assert_eq!(r.first_paragraph_text, "The Markdown one.");
        let r = md("Has <span onclick=\"x()\">raw</span> \"HTML\".\n\nMore.\n");
        assert_eq!(r.first_paragraph, "<p>Has <span>raw</span> “HTML”.</p>");
        assert!(r.html.starts_with(&r.first_paragraph), "{}", r.html);
    }
}
