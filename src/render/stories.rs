//! Views of stories for templates: a story's page, the stories index, the
//! story links of an article, and a day's digest where a story's reports are
//! shown together and the "in brief" list gives one line per story.

use std::collections::BTreeMap;

use tera::Value;

use super::dates;
use super::i18n;
use super::reads::{Input, Reader};
use super::views::{map, topic_link};
use crate::content::figures::DRONE_COUNTS;
use crate::site::{PageId, Site, Story, TaxonomyKind, term_path};

fn lang(site: &Site) -> &str {
    site.config.language.as_str()
}

/// `{id, title, path, count, reports_display, sources_display}` of a story
/// with a page.
pub(crate) fn story_link(read: &Reader, story: &Story) -> Value {
    Value::from(story_fields(read, story))
}

fn story_fields(read: &Reader, story: &Story) -> BTreeMap<&'static str, Value> {
    let site = read.site;
    let lang = lang(site);
    // The headline is read from the reports' titles.
    read.note(Input::Story(story.id.clone()));
    read.pages(&story.pages);
    BTreeMap::from([
        ("id", Value::from(story.id.as_str())),
        ("title", Value::from(story.title(&site.pages))),
        ("path", Value::from(story.path())),
        ("count", Value::from(story.pages.len())),
        (
            "reports_display",
            Value::from(i18n::count(lang, story.pages.len(), "reports")),
        ),
        ("source_count", Value::from(story.sources.len())),
        (
            "sources_display",
            Value::from(i18n::count(lang, story.sources.len(), "sources")),
        ),
    ])
}

/// The story of article `id` when it has a page: its link, or none.
pub(crate) fn story_of_article(read: &Reader, id: PageId) -> Value {
    let site = read.site;
    read.note(Input::StoryOf(site.pages[id].key.clone()));
    site.story_of(id)
        .filter(|s| s.has_page())
        .map_or_else(Value::none, |s| story_link(read, s))
}

/// `[{name, path}]` of a story's sources.
fn sources(story: &Story) -> Value {
    Value::from(
        story
            .sources
            .iter()
            .map(|s| {
                let slug = slug::slugify(s);
                map([
                    ("name", Value::from(s.as_str())),
                    ("path", Value::from(term_path(TaxonomyKind::Sources, &slug))),
                ])
            })
            .collect::<Vec<Value>>(),
    )
}

/// The figures of a story's reports side by side: `{columns: [entry],
/// rows: [{label, values, disputed}]}`, or none when no report gives any.
fn figures(site: &Site, entries: &Reader, story: &Story) -> Value {
    let lang = lang(site);
    let reports: Vec<PageId> = story
        .pages
        .iter()
        .rev()
        .copied()
        .filter(|&id| site.pages[id].drones.is_some())
        .collect();
    if reports.is_empty() {
        return Value::none();
    }
    let drones = |id: PageId| site.pages[id].drones.as_ref();
    let mut rows: Vec<Value> = Vec::new();
    for name in DRONE_COUNTS {
        let values: Vec<Option<u64>> = reports
            .iter()
            .map(|&id| drones(id).and_then(|d| d.count(name)))
            .collect();
        if values.iter().all(Option::is_none) {
            continue;
        }
        let mut known: Vec<u64> = values.iter().flatten().copied().collect();
        known.sort_unstable();
        known.dedup();
        rows.push(map([
            ("label", Value::from(i18n::text(lang, name))),
            (
                "values",
                Value::from(
                    values
                        .iter()
                        .map(|v| v.map_or_else(Value::none, Value::from))
                        .collect::<Vec<Value>>(),
                ),
            ),
            ("disputed", Value::from(known.len() > 1)),
        ]));
    }
    let text_row = |key: &'static str, get: &dyn Fn(PageId) -> Option<String>| {
        let values: Vec<Option<String>> = reports.iter().map(|&id| get(id)).collect();
        if values.iter().all(Option::is_none) {
            return None;
        }
        let mut known: Vec<&String> = values.iter().flatten().collect();
        known.sort();
        known.dedup();
        Some(map([
            ("label", Value::from(i18n::text(lang, key))),
            (
                "values",
                Value::from(
                    values
                        .iter()
                        .map(|v| v.as_deref().map_or_else(Value::none, Value::from))
                        .collect::<Vec<Value>>(),
                ),
            ),
            ("disputed", Value::from(known.len() > 1)),
        ]))
    };
    rows.extend(text_row("side", &|id| {
        drones(id)?
            .side
            .as_deref()
            .map(|s| i18n::side(lang, Some(s)))
    }));
    rows.extend(text_row("reported_by", &|id| {
        drones(id)?.reported_by.clone()
    }));
    rows.extend(text_row("window", &|id| drones(id)?.window.clone()));
    let columns: Vec<Value> = reports.iter().map(|&id| entries[id].clone()).collect();
    map([
        ("columns", Value::from(columns)),
        ("rows", Value::from(rows)),
    ])
}

/// The view of a story's page: `story.html`'s `story`.
pub(crate) fn story(site: &Site, entries: &Reader, story: &Story) -> Value {
    let lang = lang(site);
    let first = &site.pages[story.first()];
    let latest = &site.pages[story.latest()];
    let timeline: Vec<Value> = story
        .pages
        .iter()
        .rev()
        .map(|&id| entries[id].clone())
        .collect();
    let mut topics: Vec<&String> = Vec::new();
    for &id in story.pages.iter().rev() {
        for t in &site.pages[id].topics {
            if !topics.contains(&t) {
                topics.push(t);
            }
        }
    }
    let mut view = story_fields(entries, story);
    let mut add = |k: &'static str, v: Value| {
        view.insert(k, v);
    };
    add("first", entries[story.first()].clone());
    add("latest", entries[story.latest()].clone());
    add(
        "first_display",
        Value::from(dates::day(first.day(&site.tz), lang)),
    );
    add(
        "latest_display",
        Value::from(dates::day(latest.day(&site.tz), lang)),
    );
    add("sources", sources(story));
    add("timeline", Value::from(timeline));
    add(
        "topics",
        Value::from(
            topics
                .iter()
                .map(|t| topic_link(site, t))
                .collect::<Vec<Value>>(),
        ),
    );
    add("figures", figures(site, entries, story));
    Value::from(view)
}

/// The stories index: `stories.html`'s `stories`, newest activity first.
pub(crate) fn stories(site: &Site, entries: &Reader) -> Value {
    let list: Vec<Value> = site
        .story_pages
        .iter()
        .filter_map(|id| site.stories.get(id))
        .map(|s| {
            let mut view = story_fields(entries, s);
            view.insert("first", entries[s.first()].clone());
            view.insert("latest", entries[s.latest()].clone());
            view.insert("sources", sources(s));
            Value::from(view)
        })
        .collect();
    Value::from(list)
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

/// A day's digest: `(brief, groups)`. Both are grouped by topic in
/// site.yaml order (an item goes under the first topic of its earliest
/// report of the day; items with no topic last). `brief` is `[{topic, items:
/// [{title, path, story, sources, sources_display}]}]`, one item per story;
/// `groups` is `[{topic, entries, items: [{story, entries, entries_html}]}]`
/// (`entries_html`: the entries' list items, see [`Reader::entries_html`]).
pub(crate) fn digest(site: &Site, entries: &Reader, ids: &[PageId]) -> (Value, Value) {
    let lang = lang(site);
    let items = items(site, ids);
    for &id in ids {
        entries.note(Input::StoryOf(site.pages[id].key.clone()));
    }
    let topic_of = |item: &Item| {
        let earliest = item.ids[item.ids.len() - 1];
        site.pages[earliest].topics.first().cloned()
    };
    let mut order: Vec<Option<String>> = site.topics.iter().map(|t| Some(t.slug.clone())).collect();
    order.push(None);
    let mut brief: Vec<Value> = Vec::new();
    let mut groups: Vec<Value> = Vec::new();
    for topic in order {
        let here: Vec<&Item> = items.iter().filter(|i| topic_of(i) == topic).collect();
        if here.is_empty() {
            continue;
        }
        let topic_value = topic
            .as_deref()
            .map_or_else(Value::none, |t| topic_link(site, t));
        let mut lines: Vec<Value> = Vec::new();
        let mut shown: Vec<Value> = Vec::new();
        let mut flat: Vec<Value> = Vec::new();
        for item in here {
            let story = item.story.as_ref().and_then(|s| site.stories.get(s));
            let list: Vec<Value> = item.ids.iter().map(|&id| entries[id].clone()).collect();
            flat.extend(list.iter().cloned());
            let lead = &site.pages[item.ids[0]];
            let (title, path, n) = match story {
                Some(s) => (s.title(&site.pages).to_string(), s.path(), s.sources.len()),
                None => (
                    lead.title.clone(),
                    site.paths[item.ids[0]].clone(),
                    usize::from(lead.source.is_some()),
                ),
            };
            lines.push(map([
                ("title", Value::from(title)),
                ("path", Value::from(path)),
                ("story", Value::from(story.is_some())),
                ("sources", Value::from(n)),
                (
                    "sources_display",
                    Value::from(i18n::count(lang, n, "sources")),
                ),
            ]));
            shown.push(map([
                (
                    "story",
                    story.map_or_else(Value::none, |s| story_link(entries, s)),
                ),
                ("entries", Value::from(list)),
                (
                    "entries_html",
                    entries.entries_html(&item.ids, topic.as_deref().unwrap_or_default()),
                ),
            ]));
        }
        brief.push(map([
            ("topic", topic_value.clone()),
            ("items", Value::from(lines)),
        ]));
        groups.push(map([
            ("topic", topic_value),
            ("entries", Value::from(flat)),
            ("items", Value::from(shown)),
        ]));
    }
    (Value::from(brief), Value::from(groups))
}
