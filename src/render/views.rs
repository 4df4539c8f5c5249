//! Small, borrowed-once views of the model for templates. Each page's
//! summary view is built once and shared (Tera values are reference counted),
//! so a list page costs a few pointer copies per entry, not a serialisation.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::dates;
use super::items::FootList;
use super::reads::{Input, Reader};
use crate::content::last_modified;
use crate::markdown::{escape_html, one_line};
use crate::paths;
use crate::site::{PageId, RELATED, Site, StandaloneId, Store, TaxonomyKind, term_path};

/// `{name, path}`: a tag or place of an entry, named as the term is.
#[derive(Serialize)]
pub(crate) struct TermName<'a> {
    name: &'a str,
    path: String,
}

/// The links the entry views show for their topics, tags and places, each
/// made once and shared (Tera values are reference counted) by every view
/// that shows it: most entries share their topics and terms with many
/// others, and a small map of its own for each would be half of a view's
/// memory.
pub(crate) struct Links<'a> {
    site: &'a Site,
    /// By topic id.
    topics: Vec<OnceLock<Value>>,
    /// By term id, of tags and of places.
    tags: Vec<OnceLock<Value>>,
    places: Vec<OnceLock<Value>>,
}

impl<'a> Links<'a> {
    /// None made yet, for the topics and terms of `site`.
    pub(crate) fn new(site: &'a Site) -> Self {
        Links {
            site,
            topics: super::cells(site.topics().len()),
            tags: super::cells(site.terms(TaxonomyKind::Tags).len()),
            places: super::cells(site.terms(TaxonomyKind::Places).len()),
        }
    }

    /// The [`TopicLink`] of topic `slug`.
    fn topic(&self, slug: &str) -> Value {
        let link = || Value::from_serializable(&TopicLink::new(self.site, slug));
        match self.site.topics().iter().position(|t| t.slug == slug) {
            Some(i) => self.topics[i].get_or_init(link).clone(),
            // Not in site.yaml: named by its slug, and not shared.
            None => link(),
        }
    }

    /// The [`TermName`]s of the terms of `kind` (tags or places) that
    /// `names` name.
    fn terms(&self, kind: TaxonomyKind, names: &[String]) -> Vec<Value> {
        let cells = match kind {
            TaxonomyKind::Tags => &self.tags,
            _ => &self.places,
        };
        names
            .iter()
            .filter_map(|n| self.site.term_id(kind, n))
            .map(|i| {
                cells[i.index()]
                    .get_or_init(|| {
                        let t = &self.site.terms(kind)[i];
                        Value::from_serializable(&TermName {
                            name: &t.name,
                            path: term_path(kind, &t.slug),
                        })
                    })
                    .clone()
            })
            .collect()
    }
}

/// `{slug, name, path}` of a topic (named by its slug when site.yaml has
/// no such topic).
#[derive(Serialize)]
pub(crate) struct TopicLink<'a> {
    slug: &'a str,
    name: &'a str,
    path: String,
}

impl<'a> TopicLink<'a> {
    /// The link to the topic `slug`.
    pub(crate) fn new(site: &'a Site, slug: &'a str) -> Self {
        let name = site.topic(slug).map_or(slug, |t| t.name.as_str());
        TopicLink {
            slug,
            name,
            path: paths::topic(slug),
        }
    }
}

/// The summary view of every page, in store order.
pub(crate) fn entries(site: &Site) -> Store<PageId, Value> {
    let links = Links::new(site);
    let views: Vec<Value> = (0..site.pages().len())
        .into_par_iter()
        .map(|i| entry(&links, PageId::new(i)))
        .collect();
    views.into()
}

/// Every page's summary view, kept by `serve` between renders so that a
/// change rebuilds only the views of the pages it touched.
#[derive(Default)]
pub struct Entries {
    views: Store<PageId, Value>,
    /// Page key and the value (see `serve`) each view was made from; 0 when
    /// unknown.
    made_from: Store<PageId, (String, u64)>,
}

impl Entries {
    /// The views of every page of `site`.
    pub fn new(site: &Site) -> Self {
        Entries {
            views: entries(site),
            made_from: site
                .pages()
                .par_iter()
                .map(|p| (p.key.clone(), 0))
                .collect::<Vec<_>>()
                .into(),
        }
    }

    /// Rebuilds the view of page `id` after the page changed in place.
    pub fn refresh(&mut self, site: &Site, id: PageId) {
        self.views[id] = entry(&Links::new(site), id);
        self.made_from[id].1 = 0;
    }

    /// Brings the views up to `site`, whose pages may have moved: a page
    /// whose value (`values`, by page id) is the one its view was made
    /// from keeps its view, the others get a new one.
    pub fn update(&mut self, site: &Site, values: &[u64]) {
        let n = site.pages().len();
        // Each old view moves to its page's new place (found through the
        // model's own key index), nothing is copied.
        let mut views: Vec<Option<Value>> = vec![None; n];
        let mut made_from: Vec<Option<(String, u64)>> = vec![None; n];
        let old = std::mem::take(&mut self.made_from).into_vec();
        let old_views = std::mem::take(&mut self.views).into_vec();
        for ((key, value), view) in old.into_iter().zip(old_views) {
            if let Some(id) = site.id_of(&key)
                && value != 0
                && values[id.index()] == value
            {
                views[id.index()] = Some(view);
                made_from[id.index()] = Some((key, value));
            }
        }
        let links = Links::new(site);
        self.views = views
            .into_par_iter()
            .enumerate()
            .map(|(i, view)| view.unwrap_or_else(|| entry(&links, PageId::new(i))))
            .collect::<Vec<Value>>()
            .into();
        self.made_from = made_from
            .into_iter()
            .zip(site.pages().iter().zip(values))
            .map(|(made, (p, &v))| made.unwrap_or_else(|| (p.key.clone(), v)))
            .collect();
    }

    /// The views, by page id.
    pub fn as_slice(&self) -> &Store<PageId, Value> {
        &self.views
    }
}

/// The summary view of an entry, `entry` in list templates and the first
/// fields of an article's `page` (the README's "An entry (in lists)").
/// Made once per page and shared by every file that lists it.
#[derive(Serialize)]
pub(crate) struct EntryView {
    title: String,
    path: String,
    date_iso: String,
    published_iso: String,
    has_time: bool,
    day_display: String,
    time_display: String,
    day_path: String,
    source: Option<String>,
    source_url: Option<String>,
    source_path: Option<String>,
    author: Option<String>,
    /// [`TopicLink`]s, [`TermName`]s and [`TermName`]s, shared (see [`Links`]).
    topics: Vec<Value>,
    tags: Vec<Value>,
    places: Vec<Value>,
    /// HTML, marked safe.
    summary: Value,
    summary_text: String,
    reading_minutes: usize,
    story: Option<String>,
    figures: Option<serde_json::Value>,
}

impl EntryView {
    /// The view of page `id`, with the topic and term links of `links`.
    pub(crate) fn new(links: &Links, id: PageId) -> Self {
        let site = links.site;
        let lang = site.config().language.as_str();
        let p = &site.pages()[id];
        let r = &site.rendered()[id];
        let (summary, summary_text) = summary(site, id);
        let day = site.day_of(id);
        let (time_display, date_iso) = if p.date.has_time {
            (dates::time(p.date.at, site.tz()), dates::iso(p.date.at))
        } else {
            // A date-only `datetime`: the time was not given, not midnight.
            (
                super::i18n::text(lang, "time_not_given").to_string(),
                day.to_string(),
            )
        };
        let source_path = p
            .source
            .as_deref()
            .map(slug::slugify)
            .filter(|s| !s.is_empty())
            .map(|s| term_path(TaxonomyKind::Sources, &s));
        EntryView {
            title: p.title.clone(),
            path: site.paths()[id].clone(),
            date_iso,
            published_iso: dates::iso(p.date.at),
            has_time: p.date.has_time,
            day_display: dates::day(day, lang),
            time_display,
            day_path: paths::day(day),
            source: p.source.clone(),
            source_url: p.source_url.clone(),
            source_path,
            author: p.author.clone(),
            topics: p.topics.iter().map(|t| links.topic(t)).collect(),
            tags: links.terms(TaxonomyKind::Tags, &p.tags),
            places: links.terms(TaxonomyKind::Places, &p.places),
            summary: Value::safe_string(&summary),
            summary_text,
            reading_minutes: r.reading_minutes(),
            story: p.story.clone(),
            figures: p.figures.clone(),
        }
    }
}

/// Page `id`'s summary as HTML and as plain text: its front matter
/// summary, else its body's first paragraph.
pub(crate) fn summary(site: &Site, id: PageId) -> (String, String) {
    let r = &site.rendered()[id];
    match &site.pages()[id].summary {
        Some(s) => (format!("<p>{}</p>", escape_html(s.trim())), one_line(s)),
        None => (r.first_paragraph.clone(), r.first_paragraph_text.clone()),
    }
}

/// The summary view of page `id`, as the value templates share.
pub(crate) fn entry(links: &Links, id: PageId) -> Value {
    Value::from_serializable(&EntryView::new(links, id))
}

/// `{level, id, title}`: a heading of a body, for its table of contents.
#[derive(Serialize)]
pub(crate) struct TocLink<'a> {
    level: u8,
    id: &'a str,
    title: &'a str,
}

/// A body's headings.
fn toc(r: &crate::markdown::Rendered) -> Vec<TocLink<'_>> {
    r.toc
        .iter()
        .map(|h| TocLink {
            level: h.level,
            id: &h.id,
            title: &h.title,
        })
        .collect()
}

/// `{topic, newer, older}`: an article's neighbours in one of its topics
/// (entries, or none).
#[derive(Serialize)]
pub(crate) struct Neighbours<'a> {
    topic: TopicLink<'a>,
    newer: Option<&'a Value>,
    older: Option<&'a Value>,
}

/// `page` of `article.html`: the fields of its entry view (shared, see
/// [`EntryView`]) and the article's own, as [`ArticleView::to_value`] makes it.
#[derive(Serialize)]
pub(crate) struct ArticleView<'a> {
    /// Not serialised with the article's fields: [`ArticleView::to_value`]
    /// adds them to a copy of its map.
    #[serde(skip)]
    entry: &'a Value,
    /// HTML, marked safe.
    content: Value,
    /// A code block is in the body (only such a page links the
    /// highlighting stylesheet).
    has_code: bool,
    /// The front matter summary only: a derived one repeats the body's
    /// first paragraph.
    standfirst: Option<&'a str>,
    toc: Vec<TocLink<'a>>,
    words: usize,
    updated_display: Option<String>,
    updated_iso: Option<String>,
    modified_iso: String,
    weekday_display: String,
    neighbours: Vec<Neighbours<'a>>,
    related: Vec<&'a Value>,
    /// The links of `related`, rendered once per entry (see
    /// [`super::items::FootItems`]), or none.
    related_html: Value,
    /// The other reports of its story, earliest first: who else reported
    /// it, and when.
    story_entries: Vec<&'a Value>,
    /// The links of `story_entries`, as `related_html`.
    story_html: Value,
    story_page: Option<super::stories::StoryLink<'a>>,
    drones: Option<super::tracker::ArticleDrones<'a>>,
    extra: &'a BTreeMap<String, serde_json::Value>,
    origin: Option<&'a crate::content::frontmatter::Origin>,
}

impl<'a> ArticleView<'a> {
    /// The view of article `id`.
    pub(crate) fn new(entries: &'a Reader<'a>, id: PageId) -> Self {
        let site = entries.site;
        let p = entries.page(id);
        let r = &site.rendered()[id];
        let lang = site.config().language.as_str();
        entries.note(Input::FootLinks(p.key.clone()));
        let links = crate::site::foot_links(site, id, RELATED);
        let updated = p.updated.filter(|u| u.at > p.date.at);
        let earliest_first: Vec<PageId> = links.story.iter().rev().copied().collect();
        // Only a page with a code block needs the highlighting stylesheet.
        let (content, has_code) = entries.body(id, true, |html| {
            (Value::safe_string(html), html.contains("<pre"))
        });
        ArticleView {
            entry: &entries[id],
            content,
            has_code,
            standfirst: p.summary.as_deref().map(str::trim),
            toc: toc(r),
            words: r.words,
            updated_display: updated.map(|u| {
                format!(
                    "{}, {}",
                    dates::day(u.at.to_zoned_datetime(site.tz().clone()).date(), lang),
                    dates::time(u.at, site.tz())
                )
            }),
            updated_iso: updated.map(|u| dates::iso(u.at)),
            modified_iso: dates::iso(last_modified(p)),
            weekday_display: dates::weekday_day(site.day_of(id), lang),
            neighbours: links
                .neighbours
                .iter()
                .filter_map(|(slug, newer, older)| {
                    // Foot links name only topics of site.yaml.
                    let t = site.topic(slug)?;
                    Some(Neighbours {
                        topic: TopicLink::new(site, &t.slug),
                        newer: newer.map(|o| &entries[o]),
                        older: older.map(|o| &entries[o]),
                    })
                })
                .collect(),
            related: links.related.iter().map(|&o| &entries[o]).collect(),
            related_html: entries.foot_html(FootList::Related, &links.related),
            story_entries: earliest_first.iter().map(|&o| &entries[o]).collect(),
            story_html: entries.foot_html(FootList::Story, &earliest_first),
            story_page: super::stories::story_of_article(entries, id),
            drones: super::tracker::ArticleDrones::new(site, id),
            extra: &p.extra,
            origin: p.origin.as_ref(),
        }
    }
}

impl ArticleView<'_> {
    /// `page`: the entry view's fields and the article's own in one map.
    /// The entry's map is copied as it is (its values are shared, keys and
    /// hashes kept), not serialised again field by field as serde's
    /// `flatten` would, into a map grown one key at a time.
    pub(crate) fn to_value(&self) -> Value {
        let own = Value::from_serializable(self);
        let (Some(entry), Some(fields)) = (self.entry.as_map(), own.as_map()) else {
            return own;
        };
        let mut page = entry.clone();
        page.reserve(fields.len());
        for (key, value) in fields {
            page.insert(key.clone(), value.clone());
        }
        Value::from(page)
    }
}

/// `page` of `page.html`: a standalone page.
#[derive(Serialize)]
pub(crate) struct StandaloneView<'a> {
    title: &'a str,
    slug: &'a str,
    path: String,
    /// The front matter summary, else the body's first paragraph as text.
    summary_text: &'a str,
    /// HTML, marked safe.
    content: Value,
    has_code: bool,
    toc: Vec<TocLink<'a>>,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

impl<'a> StandaloneView<'a> {
    /// The view of standalone page `i`.
    pub(crate) fn new(site: &'a Site, i: StandaloneId) -> Self {
        let (p, r) = &site.standalone()[i];
        StandaloneView {
            title: &p.title,
            slug: &p.slug,
            path: p.path(),
            summary_text: p.summary.as_deref().unwrap_or(&r.first_paragraph_text),
            content: Value::safe_string(&r.html),
            has_code: r.html.contains("<pre"),
            toc: toc(r),
            extra: &p.extra,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::entries;
    use crate::config::Config;
    use crate::content::parse_page;
    use crate::site::{PageId, Site};

    /// Two articles of one topic, with one tag and one place in common.
    fn site() -> Site {
        let config = Config::parse(
            "title: T\ntopics:\n  - slug: energy\n    name: Energy\n",
            Path::new("site.yaml"),
        )
        .unwrap();
        let pages = ["a", "b"]
            .iter()
            .map(|n| {
                let text = format!(
                    "---\ntitle: {n}\ndate: 2024-11-02\ntopics: [energy]\ntags: [grid, {n}]\nplaces: [Kyiv]\n---\nBody.\n"
                );
                parse_page(&format!("{n}.md"), Path::new("x.md"), &text, &config).unwrap()
            })
            .collect();
        Site::for_build(config, pages).0
    }

    /// The address of the map a view's `field[i]` is.
    fn map_at(view: &tera::Value, field: &str, i: usize) -> *const tera::value::Map {
        let list = view.get_from_path(field).and_then(tera::Value::as_array);
        list.and_then(|l| l[i].as_map()).unwrap()
    }

    #[test]
    fn entries_of_one_topic_or_term_share_its_link() {
        let site = site();
        let views = entries(&site);
        let (a, b) = (&views[PageId::new(0)], &views[PageId::new(1)]);
        for field in ["topics", "places"] {
            assert_eq!(map_at(a, field, 0), map_at(b, field, 0), "{field}");
        }
        // `grid` is shared; each page's own tag is not the other's.
        let tag = |v: &tera::Value, i| v.get_from_path(&format!("tags.{i}.name")).cloned();
        assert_eq!(tag(a, 0), tag(b, 0));
        assert_eq!(map_at(a, "tags", 0), map_at(b, "tags", 0));
        assert_ne!(tag(a, 1), tag(b, 1));
        assert_ne!(map_at(a, "tags", 1), map_at(b, "tags", 1));
    }
}
