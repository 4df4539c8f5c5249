//! Small, borrowed-once views of the model for templates. Each page's
//! summary view is built once and shared (Tera values are reference counted),
//! so a list page costs a few pointer copies per entry, not a serialisation.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::dates;
use super::reads::{Input, Reader};
use crate::content::last_modified;
use crate::markdown::{escape_html, one_line};
use crate::paths;
use crate::site::{PageId, RELATED, Site, TaxonomyKind, term_path};

/// A map value from `(key, value)` pairs.
pub(crate) fn map<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    Value::from(pairs.into_iter().collect::<BTreeMap<&'static str, Value>>())
}

fn opt(s: &Option<String>) -> Value {
    s.as_deref().map_or_else(Value::none, Value::from)
}

/// The `{slug, name, path}` of every topic and the `{name, path}` of every
/// tag and place, made once and shared by the entry views that link them:
/// one value per topic or term instead of one per entry and link.
pub(crate) struct Links {
    /// By topic, in site order.
    topics: Vec<Value>,
    /// By term index, per kind.
    terms: BTreeMap<TaxonomyKind, Vec<Value>>,
}

impl Links {
    /// The link values of `site`'s topics and terms.
    pub(crate) fn new(site: &Site) -> Self {
        let terms = [TaxonomyKind::Tags, TaxonomyKind::Places]
            .into_iter()
            .map(|kind| {
                let list = site.taxonomies.get(&kind).map_or(&[][..], Vec::as_slice);
                let values = list
                    .iter()
                    .map(|t| {
                        map([
                            ("name", Value::from(t.name.as_str())),
                            ("path", Value::from(term_path(kind, &t.slug))),
                        ])
                    })
                    .collect();
                (kind, values)
            })
            .collect();
        Links {
            topics: site
                .topics
                .iter()
                .map(|t| topic_link(site, &t.slug))
                .collect(),
            terms,
        }
    }

    /// `{slug, name, path}` of the topic `slug`.
    fn topic(&self, site: &Site, slug: &str) -> Value {
        match site.topics.iter().position(|t| t.slug == slug) {
            Some(i) => self.topics[i].clone(),
            None => topic_link(site, slug),
        }
    }

    /// `{name, path}` for each name in a taxonomy, named as the term is.
    fn terms(&self, site: &Site, kind: TaxonomyKind, names: &[String]) -> Value {
        let (Some(terms), Some(values)) = (site.taxonomies.get(&kind), self.terms.get(&kind))
        else {
            return Value::from(Vec::<Value>::new());
        };
        let list: Vec<Value> = names
            .iter()
            .filter_map(|n| {
                let slug = slug::slugify(n);
                terms.binary_search_by(|t| t.slug.as_str().cmp(&slug)).ok()
            })
            .map(|i| values[i].clone())
            .collect();
        Value::from(list)
    }
}

/// `{slug, name, path}` of a topic.
pub(crate) fn topic_link(site: &Site, slug: &str) -> Value {
    let name = site.topic(slug).map_or(slug, |t| t.name.as_str());
    map([
        ("slug", Value::from(slug)),
        ("name", Value::from(name)),
        ("path", Value::from(format!("topics/{slug}/"))),
    ])
}

/// The summary view of every page, in store order.
pub(crate) fn entries(site: &Site) -> Vec<Value> {
    let links = Links::new(site);
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| entry(site, id, &links))
        .collect()
}

/// Every page's summary view, kept by `serve` between renders so that a
/// change rebuilds only the views of the pages it touched.
#[derive(Default)]
pub struct Entries {
    views: Vec<Value>,
    /// Page key and the value (see `serve`) each view was made from; 0 when
    /// unknown.
    made_from: Vec<(String, u64)>,
}

impl Entries {
    /// The views of every page of `site`.
    pub fn new(site: &Site) -> Self {
        Entries {
            views: entries(site),
            made_from: site.pages.iter().map(|p| (p.key.clone(), 0)).collect(),
        }
    }

    /// Rebuilds the view of page `id` after the page changed in place.
    pub fn refresh(&mut self, site: &Site, id: PageId) {
        self.views[id] = entry(site, id, &Links::new(site));
        self.made_from[id].1 = 0;
    }

    /// Brings the views up to `site`, whose pages may have moved: a page
    /// whose value (`values`, by page id) is the one its view was made
    /// from keeps its view, the others get a new one.
    pub fn update(&mut self, site: &Site, values: &[u64]) {
        let old: std::collections::HashMap<&str, usize> = self
            .made_from
            .iter()
            .enumerate()
            .map(|(i, (key, _))| (key.as_str(), i))
            .collect();
        let links = Links::new(site);
        let views: Vec<Value> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| match old.get(site.pages[id].key.as_str()) {
                Some(&i) if self.made_from[i].1 == values[id] && values[id] != 0 => {
                    self.views[i].clone()
                }
                _ => entry(site, id, &links),
            })
            .collect();
        self.views = views;
        self.made_from = site
            .pages
            .iter()
            .zip(values)
            .map(|(p, &v)| (p.key.clone(), v))
            .collect();
    }

    /// The views, by page id.
    pub fn as_slice(&self) -> &[Value] {
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
    /// `[{slug, name, path}]`.
    topics: Vec<Value>,
    /// `[{name, path}]`.
    tags: Value,
    /// `[{name, path}]`.
    places: Value,
    /// HTML, marked safe.
    summary: Value,
    summary_text: String,
    reading_minutes: usize,
    story: Option<String>,
    figures: Option<serde_json::Value>,
}

impl EntryView {
    /// The field names, in declaration order: what an article's `page`
    /// takes over from its entry view (a test checks it against the type).
    pub(crate) const FIELDS: [&'static str; 20] = [
        "title",
        "path",
        "date_iso",
        "published_iso",
        "has_time",
        "day_display",
        "time_display",
        "day_path",
        "source",
        "source_url",
        "source_path",
        "author",
        "topics",
        "tags",
        "places",
        "summary",
        "summary_text",
        "reading_minutes",
        "story",
        "figures",
    ];

    /// The view of page `id`, with the topic and term links of `links`.
    pub(crate) fn new(site: &Site, id: PageId, links: &Links) -> Self {
        let lang = site.config.language.as_str();
        let p = &site.pages[id];
        let r = &site.rendered[id];
        let (summary, summary_text) = match &p.summary {
            Some(s) => (format!("<p>{}</p>", escape_html(s.trim())), one_line(s)),
            None => (r.first_paragraph.clone(), r.first_paragraph_text.clone()),
        };
        let day = site.day_of(id);
        let (time_display, date_iso) = if p.date.has_time {
            (dates::time(p.date.at, &site.tz), dates::iso(p.date.at))
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
            path: site.paths[id].clone(),
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
            topics: p.topics.iter().map(|t| links.topic(site, t)).collect(),
            tags: links.terms(site, TaxonomyKind::Tags, &p.tags),
            places: links.terms(site, TaxonomyKind::Places, &p.places),
            summary: Value::safe_string(&summary),
            summary_text,
            reading_minutes: r.reading_minutes(),
            story: p.story.clone(),
            figures: p.figures.clone(),
        }
    }
}

/// The summary view of page `id`, as the value templates share.
pub(crate) fn entry(site: &Site, id: PageId, links: &Links) -> Value {
    Value::from_serializable(&EntryView::new(site, id, links))
}

/// The full view of one article: its summary view's fields plus the body.
pub(crate) fn article(site: &Site, entries: &Reader, id: PageId) -> Value {
    let p = entries.page(id);
    let r = &site.rendered[id];
    let lang = site.config.language.as_str();
    entries.note(Input::FootLinks(p.key.clone()));
    let links = crate::site::foot_links(site, id, RELATED);
    let or_none = |o: Option<PageId>| o.map_or_else(Value::none, |o| entries[o].clone());
    let neighbours: Vec<Value> = links
        .neighbours
        .iter()
        .map(|(slug, newer, older)| {
            map([
                ("topic", topic_link(site, slug)),
                ("newer", or_none(*newer)),
                ("older", or_none(*older)),
            ])
        })
        .collect();
    let related: Vec<Value> = links.related.iter().map(|&o| entries[o].clone()).collect();
    // The other reports, earliest first: who else reported it, and when.
    let story: Vec<Value> = links
        .story
        .iter()
        .rev()
        .map(|&o| entries[o].clone())
        .collect();
    let updated = p.updated.filter(|u| u.at > p.date.at);
    let toc = toc_value(r);
    let extra = extra_value(&p.extra);
    let mut view: BTreeMap<&'static str, Value> = BTreeMap::new();
    if let Some(m) = entries[id].as_map() {
        for (k, v) in m {
            if let Some(k) = EntryView::FIELDS.iter().find(|&&s| k.as_str() == Some(s)) {
                view.insert(k, v.clone());
            }
        }
    }
    // Only a page with a code block needs the highlighting stylesheet.
    let (content, has_code) = entries.body(id, true, |html| {
        (Value::safe_string(html), html.contains("<pre"))
    });
    view.insert("content", content);
    view.insert("has_code", Value::from(has_code));
    // The front matter summary only: a derived one repeats the body's first paragraph.
    view.insert(
        "standfirst",
        opt(&p.summary.as_ref().map(|s| s.trim().to_string())),
    );
    view.insert("toc", toc);
    view.insert("words", Value::from(r.words));
    view.insert(
        "updated_display",
        updated.map_or_else(Value::none, |u| {
            Value::from(format!(
                "{}, {}",
                dates::day(u.at.to_zoned_datetime(site.tz.clone()).date(), lang),
                dates::time(u.at, &site.tz)
            ))
        }),
    );
    view.insert(
        "updated_iso",
        updated.map_or_else(Value::none, |u| Value::from(dates::iso(u.at))),
    );
    view.insert("modified_iso", Value::from(dates::iso(last_modified(p))));
    view.insert(
        "weekday_display",
        Value::from(dates::weekday_day(site.day_of(id), lang)),
    );
    view.insert("neighbours", Value::from(neighbours));
    view.insert("related", Value::from(related));
    view.insert("story_entries", Value::from(story));
    view.insert("story_page", super::stories::story_of_article(entries, id));
    view.insert("drones", super::tracker::article_drones(site, id));
    view.insert("extra", extra);
    view.insert(
        "origin",
        p.origin
            .as_ref()
            .map_or_else(Value::none, Value::from_serializable),
    );
    Value::from(view)
}

/// `[{level, id, title}]` of a body's headings.
fn toc_value(r: &crate::markdown::Rendered) -> Value {
    let toc: Vec<Value> = r
        .toc
        .iter()
        .map(|h| {
            map([
                ("level", Value::from(h.level)),
                ("id", Value::from(h.id.as_str())),
                ("title", Value::from(h.title.as_str())),
            ])
        })
        .collect();
    Value::from(toc)
}

/// Unknown front matter keys as `page.extra`.
fn extra_value(extra: &BTreeMap<String, serde_json::Value>) -> Value {
    let map: BTreeMap<String, Value> = extra
        .iter()
        .map(|(k, v)| (k.clone(), Value::from_serializable(v)))
        .collect();
    Value::from(map)
}

/// The view of standalone page `i`: `page.html`'s `page`.
pub(crate) fn standalone(site: &Site, i: usize) -> Value {
    let (p, r) = &site.standalone[i];
    let toc = toc_value(r);
    let extra = extra_value(&p.extra);
    let summary = p
        .summary
        .clone()
        .unwrap_or_else(|| r.first_paragraph_text.clone());
    map([
        ("title", Value::from(p.title.as_str())),
        ("slug", Value::from(p.slug.as_str())),
        ("path", Value::from(p.path())),
        ("summary_text", Value::from(summary)),
        ("content", Value::safe_string(&r.html)),
        ("has_code", Value::from(r.html.contains("<pre"))),
        ("toc", toc),
        ("extra", extra),
    ])
}

/// Groups a run of entries (already newest first) by day: `{day_display,
/// date_iso, path, entries, entries_html}`, the list items in a list grouped
/// by topic `here` (empty: not grouped).
pub(crate) fn by_day(site: &Site, entries: &Reader, ids: &[PageId], here: &str) -> Value {
    let lang = site.config.language.as_str();
    let days: Vec<jiff::civil::Date> = ids.iter().map(|&id| site.day_of(id)).collect();
    let mut start = 0;
    let groups: Vec<Value> = days
        .chunk_by(|a, b| a == b)
        .map(|same| {
            let (d, run) = (same[0], &ids[start..start + same.len()]);
            start += same.len();
            let list: Vec<Value> = run.iter().map(|&id| entries[id].clone()).collect();
            map([
                ("day_display", Value::from(dates::weekday_day(d, lang))),
                ("date_iso", Value::from(d.to_string())),
                ("path", Value::from(paths::day(d))),
                ("entries", Value::from(list)),
                ("entries_html", entries.entries_html(run, here)),
            ])
        })
        .collect();
    Value::from(groups)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::EntryView;
    use crate::config::Config;
    use crate::content::parse_page;
    use crate::site::Site;

    /// The article view copies exactly the entry's fields: the list of
    /// names must be the type's.
    #[test]
    fn entry_fields_name_every_field_of_the_type() {
        let config = Config::parse("title: T\n", Path::new("site.yaml")).unwrap();
        let text = "---\ntitle: A\ndate: 2024-01-01\n---\nBody.\n";
        let page = parse_page("a.md", Path::new("a.md"), text, &config).unwrap();
        let site = Site::new(config, vec![page]).0;
        let json =
            serde_json::to_value(EntryView::new(&site, 0, &super::Links::new(&site))).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut fields = EntryView::FIELDS.to_vec();
        keys.sort_unstable();
        fields.sort_unstable();
        assert_eq!(keys, fields);
    }
}
