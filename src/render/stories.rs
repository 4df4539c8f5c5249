//! Views of stories for templates: a story's page, the stories index, the
//! story links of an article, and a day's digest where a story's reports are
//! shown together and the "in brief" list gives one line per story.

use serde::Serialize;
use tera::Value;

use super::dates;
use super::i18n;
use super::reads::{Input, Reader};
use super::views::TopicLink;
use crate::content::figures::DRONE_COUNTS;
use crate::site::{PageId, Site, Story, TaxonomyKind, term_path};

fn lang(site: &Site) -> &str {
    site.config().language.as_str()
}

/// A story link: `{id, title, path, count, reports_display, source_count,
/// sources_display}` of a story with a page.
#[derive(Serialize)]
pub(crate) struct StoryLink<'a> {
    id: &'a str,
    title: &'a str,
    path: String,
    count: usize,
    reports_display: String,
    source_count: usize,
    sources_display: String,
}

impl<'a> StoryLink<'a> {
    /// The link to `story`; notes that its reports were read (the headline
    /// is read from their titles).
    pub(crate) fn new(read: &Reader<'a>, story: &'a Story) -> Self {
        let site = read.site;
        let lang = lang(site);
        read.note(Input::Story(story.id.clone()));
        read.pages(&story.pages);
        StoryLink {
            id: &story.id,
            title: story.title(site.pages()),
            path: story.path(),
            count: story.pages.len(),
            reports_display: i18n::count(lang, story.pages.len(), "reports"),
            source_count: story.sources.len(),
            sources_display: i18n::count(lang, story.sources.len(), "sources"),
        }
    }
}

/// The story of article `id` when it has a page: its link.
pub(crate) fn story_of_article<'a>(read: &Reader<'a>, id: PageId) -> Option<StoryLink<'a>> {
    let site = read.site;
    read.note(Input::StoryOf(site.pages()[id].key.clone()));
    site.story_of(id)
        .filter(|s| s.has_page())
        .map(|s| StoryLink::new(read, s))
}

/// `{name, path}` of a source.
#[derive(Serialize)]
pub(crate) struct SourceLink<'a> {
    name: &'a str,
    path: String,
}

/// The links to a story's sources.
fn sources(story: &Story) -> Vec<SourceLink<'_>> {
    story
        .sources
        .iter()
        .map(|s| SourceLink {
            name: s,
            path: term_path(TaxonomyKind::Sources, &slug::slugify(s)),
        })
        .collect()
}

/// The figures of a story's reports side by side, one column a report.
#[derive(Serialize)]
pub(crate) struct StoryFigures<'a> {
    columns: Vec<&'a Value>,
    rows: Vec<FigureRow>,
}

/// One figure across a story's reports: `{label, values, disputed}`
/// (`values` none where a report does not give it).
#[derive(Serialize)]
pub(crate) struct FigureRow {
    label: &'static str,
    values: Vec<Option<Figure>>,
    /// The reports that give it disagree.
    disputed: bool,
}

/// A count or a word of a report's figures.
#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(untagged)]
pub(crate) enum Figure {
    Count(u64),
    Text(String),
}

impl FigureRow {
    /// The row labelled `key`, or none when no report gives it.
    fn new(lang: &str, key: &'static str, values: Vec<Option<Figure>>) -> Option<Self> {
        if values.iter().all(Option::is_none) {
            return None;
        }
        let mut known: Vec<&Figure> = values.iter().flatten().collect();
        known.sort();
        known.dedup();
        Some(FigureRow {
            label: i18n::text(lang, key),
            disputed: known.len() > 1,
            values,
        })
    }
}

/// The figures of a story's reports side by side, or none when no report
/// gives any.
fn figures<'a>(site: &Site, entries: &'a Reader, story: &Story) -> Option<StoryFigures<'a>> {
    let lang = lang(site);
    let reports: Vec<PageId> = story
        .pages
        .iter()
        .rev()
        .copied()
        .filter(|&id| site.pages()[id].drones.is_some())
        .collect();
    if reports.is_empty() {
        return None;
    }
    let drones = |id: PageId| site.pages()[id].drones.as_ref();
    let row = |key: &'static str, get: &dyn Fn(PageId) -> Option<Figure>| {
        FigureRow::new(lang, key, reports.iter().map(|&id| get(id)).collect())
    };
    let mut rows: Vec<FigureRow> = DRONE_COUNTS
        .iter()
        .filter_map(|&name| row(name, &|id| drones(id)?.count(name).map(Figure::Count)))
        .collect();
    rows.extend(row("side", &|id| {
        let side = drones(id)?.side.as_deref()?;
        Some(Figure::Text(i18n::side(lang, Some(side)).to_string()))
    }));
    rows.extend(row("reported_by", &|id| {
        drones(id)?.reported_by.clone().map(Figure::Text)
    }));
    rows.extend(row("window", &|id| {
        drones(id)?.window.clone().map(Figure::Text)
    }));
    Some(StoryFigures {
        columns: reports.iter().map(|&id| &entries[id]).collect(),
        rows,
    })
}

/// `story` of `story.html`: the story's link and its reports.
#[derive(Serialize)]
pub(crate) struct StoryView<'a> {
    #[serde(flatten)]
    link: StoryLink<'a>,
    first: &'a Value,
    latest: &'a Value,
    first_display: String,
    latest_display: String,
    sources: Vec<SourceLink<'a>>,
    /// Every report, earliest first.
    timeline: Vec<&'a Value>,
    /// The topics of its reports, in the order first met, earliest first.
    topics: Vec<TopicLink<'a>>,
    figures: Option<StoryFigures<'a>>,
}

impl<'a> StoryView<'a> {
    /// The view of `story`'s page.
    pub(crate) fn new(entries: &'a Reader<'a>, story: &'a Story) -> Self {
        let site = entries.site;
        let lang = lang(site);
        let first = &site.pages()[story.first()];
        let latest = &site.pages()[story.latest()];
        let mut topics: Vec<&String> = Vec::new();
        for &id in story.pages.iter().rev() {
            for t in &site.pages()[id].topics {
                if !topics.contains(&t) {
                    topics.push(t);
                }
            }
        }
        StoryView {
            link: StoryLink::new(entries, story),
            first: &entries[story.first()],
            latest: &entries[story.latest()],
            first_display: dates::day(first.day(site.tz()), lang),
            latest_display: dates::day(latest.day(site.tz()), lang),
            sources: sources(story),
            timeline: story.pages.iter().rev().map(|&id| &entries[id]).collect(),
            topics: topics.iter().map(|t| TopicLink::new(site, t)).collect(),
            figures: figures(site, entries, story),
        }
    }
}

/// One story of `stories.html`'s `stories`: its link, first and latest
/// reports and sources.
#[derive(Serialize)]
pub(crate) struct StoryItem<'a> {
    #[serde(flatten)]
    link: StoryLink<'a>,
    first: &'a Value,
    latest: &'a Value,
    sources: Vec<SourceLink<'a>>,
}

/// The stories index: `stories.html`'s `stories`, newest activity first.
pub(crate) fn stories<'a>(entries: &'a Reader<'a>) -> Vec<StoryItem<'a>> {
    let site = entries.site;
    entries.note(Input::Stories);
    site.story_pages()
        .iter()
        .filter_map(|id| site.stories().get(id))
        .map(|s| StoryItem {
            link: StoryLink::new(entries, s),
            first: &entries[s.first()],
            latest: &entries[s.latest()],
            sources: sources(s),
        })
        .collect()
}

/// One item of a day's digest: a story with a page (its reports of the day)
/// or a lone entry.
struct Item {
    story: Option<String>,
    ids: Vec<PageId>,
}

/// The items of `ids` (a day's entries, newest first), in that order: the
/// reports of a story with a page together, at the place of its newest one.
fn items(site: &Site, ids: &[PageId]) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    for &id in ids {
        match site.story_of(id).filter(|s| s.has_page()) {
            Some(s) => match items
                .iter_mut()
                .find(|i| i.story.as_deref() == Some(s.id.as_str()))
            {
                Some(item) => item.ids.push(id),
                None => items.push(Item {
                    story: Some(s.id.clone()),
                    ids: vec![id],
                }),
            },
            None => items.push(Item {
                story: None,
                ids: vec![id],
            }),
        }
    }
    items
}

/// `{title, path, story, sources, sources_display}`: one line of the "in
/// brief" list, a story (`story` true: the path is its page) or a lone
/// entry.
#[derive(Serialize)]
pub(crate) struct BriefItem<'a> {
    title: &'a str,
    path: String,
    story: bool,
    sources: usize,
    sources_display: String,
}

/// `{topic, items}`: a topic's lines of the "in brief" list (`topic` none
/// for entries with no topic).
#[derive(Serialize)]
pub(crate) struct BriefGroup<'a> {
    topic: Option<TopicLink<'a>>,
    items: Vec<BriefItem<'a>>,
}

/// `{story, entries, entries_html}`: a story's reports of the day (`story`
/// its link), or a lone entry (`story` none); `entries_html` is the entries'
/// list items (see [`Reader::entries_html`]).
#[derive(Serialize)]
pub(crate) struct DigestItem<'a> {
    story: Option<StoryLink<'a>>,
    entries: Vec<&'a Value>,
    entries_html: Value,
}

/// `{topic, entries, items}`: a topic's entries of the day, also as items.
#[derive(Serialize)]
pub(crate) struct DigestGroup<'a> {
    topic: Option<TopicLink<'a>>,
    entries: Vec<&'a Value>,
    items: Vec<DigestItem<'a>>,
}

/// A day's digest: the "in brief" list and the entries, both grouped by
/// topic in site.yaml order (an item goes under the first topic of its
/// earliest report of the day; items with no topic last), one item per
/// story.
pub(crate) type Digest<'a> = (Vec<BriefGroup<'a>>, Vec<DigestGroup<'a>>);

/// The digest of `ids` (a day's entries, newest first).
pub(crate) fn digest<'a>(entries: &'a Reader<'a>, ids: &[PageId]) -> Digest<'a> {
    let site = entries.site;
    let lang = lang(site);
    let items = items(site, ids);
    for &id in ids {
        entries.note(Input::StoryOf(site.pages()[id].key.clone()));
    }
    let topic_of = |item: &Item| {
        let earliest = item.ids[item.ids.len() - 1];
        site.pages()[earliest].topics.first().cloned()
    };
    let mut order: Vec<Option<&'a str>> = site
        .topics()
        .iter()
        .map(|t| Some(t.slug.as_str()))
        .collect();
    order.push(None);
    let mut brief = Vec::new();
    let mut groups = Vec::new();
    for topic in order {
        let here: Vec<&Item> = items
            .iter()
            .filter(|i| topic_of(i).as_deref() == topic)
            .collect();
        if here.is_empty() {
            continue;
        }
        let mut lines = Vec::new();
        let mut shown = Vec::new();
        let mut flat = Vec::new();
        for item in here {
            let story = item.story.as_ref().and_then(|s| site.stories().get(s));
            let list: Vec<&'a Value> = item.ids.iter().map(|&id| &entries[id]).collect();
            flat.extend(list.iter().copied());
            let lead = &site.pages()[item.ids[0]];
            let (title, path, n) = match story {
                Some(s) => (s.title(site.pages()), s.path(), s.sources.len()),
                None => (
                    lead.title.as_str(),
                    site.paths()[item.ids[0]].clone(),
                    usize::from(lead.source.is_some()),
                ),
            };
            lines.push(BriefItem {
                title,
                path,
                story: story.is_some(),
                sources: n,
                sources_display: i18n::count(lang, n, "sources"),
            });
            shown.push(DigestItem {
                story: story.map(|s| StoryLink::new(entries, s)),
                entries: list,
                entries_html: entries.entries_html(&item.ids, topic.unwrap_or_default()),
            });
        }
        let link = || topic.map(|t| TopicLink::new(site, t));
        brief.push(BriefGroup {
            topic: link(),
            items: lines,
        });
        groups.push(DigestGroup {
            topic: link(),
            entries: flat,
            items: shown,
        });
    }
    (brief, groups)
}
