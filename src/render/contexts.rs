//! Typed contexts of the list pages: one `#[derive(Serialize)]` struct per
//! value a template receives (the README's "Every template" table), so a
//! renamed or missing field fails to compile instead of rendering empty.
//! Entry views inside them are the shared values (see [`super::views`]),
//! passed through by Tera without copying.

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;
use tera::Value;

use super::dates;
use super::jobs::{absolute_links, feed_shown, paginated_path};
use super::reads::{Input, Reader};
use super::stories::{BriefGroup, Digest, DigestGroup};
use super::views::TopicLink;
use crate::config::Config;
use crate::content::last_modified;
use crate::paths;
use crate::site::{Day, DayId, PageId, Site, TaxonomyKind, Term, TermId, Topic, term_path};

/// `paginator`: page `current` of `total`, the pages around it.
#[derive(Serialize)]
pub(crate) struct Paginator {
    current: usize,
    total: usize,
    /// Path of the newer page, or none on the first.
    newer: Option<String>,
    /// Path of the older page, or none on the last.
    older: Option<String>,
    pages: Vec<PageLink>,
}

/// One numbered link of a [`Paginator`].
#[derive(Serialize)]
pub(crate) struct PageLink {
    number: usize,
    path: String,
    current: bool,
}

impl Paginator {
    /// Page `n` of `total` of the list at `base`: the first and last pages
    /// and two on each side of `n`.
    pub(crate) fn new(total: usize, n: usize, base: &str) -> Self {
        let link = |k: usize| (1..=total).contains(&k).then(|| paginated_path(base, k));
        Paginator {
            current: n,
            total,
            newer: link(n.wrapping_sub(1)),
            older: link(n + 1),
            pages: (1..=total)
                .filter(|&k| k == 1 || k == total || k.abs_diff(n) <= 2)
                .map(|k| PageLink {
                    number: k,
                    path: paginated_path(base, k),
                    current: k == n,
                })
                .collect(),
        }
    }
}

/// A link to another day: `{path, day_display}`.
#[derive(Serialize)]
pub(crate) struct DayLink {
    path: String,
    day_display: String,
}

impl DayLink {
    /// The link to `day`.
    pub(crate) fn new(day: &Day, lang: &str) -> Self {
        DayLink {
            path: day.path(),
            day_display: dates::day(day.date, lang),
        }
    }
}

/// `day` of `day.html`, and `latest` of the home page (which has no `newer`).
#[derive(Serialize)]
pub(crate) struct DayView<'a> {
    day_display: String,
    date_iso: String,
    path: String,
    count: usize,
    /// The "in brief" list.
    brief: Vec<BriefGroup<'a>>,
    /// The day's entries by topic.
    groups: Vec<DigestGroup<'a>>,
    /// Left out (not even none) for the home page's latest day.
    #[serde(skip_serializing_if = "Option::is_none")]
    newer: Option<Option<DayLink>>,
    older: Option<DayLink>,
}

impl<'a> DayView<'a> {
    /// Day `i` of `site` with its digest (`brief`, `groups`); `newer` is
    /// left out for the home page's latest day.
    pub(crate) fn new(site: &Site, i: DayId, (brief, groups): Digest<'a>, newer: bool) -> Self {
        let lang = site.config().language.as_str();
        let day = &site.days()[i];
        let link = |j: Option<usize>| {
            j.and_then(|j| site.days().get(DayId::new(j)))
                .map(|d| DayLink::new(d, lang))
        };
        DayView {
            day_display: dates::weekday_day(day.date, lang),
            date_iso: day.date.to_string(),
            path: day.path(),
            count: day.pages.len(),
            brief,
            groups,
            newer: newer.then(|| link(i.index().checked_sub(1))),
            older: link(Some(i.index() + 1)),
        }
    }
}

/// `topic` of `topic.html`.
#[derive(Serialize)]
pub(crate) struct TopicView<'a> {
    slug: &'a str,
    name: &'a str,
    description: &'a str,
    path: String,
    count: usize,
    /// The tracker's path when some entry of the topic has a drone tally.
    tracker_path: Option<&'static str>,
}

impl<'a> TopicView<'a> {
    /// The view of topic `t`.
    pub(crate) fn new(site: &Site, t: &'a Topic) -> Self {
        TopicView {
            slug: &t.slug,
            name: &t.name,
            description: &t.description,
            path: t.path(),
            count: t.pages.len(),
            tracker_path: super::jobs::topic_has_tallies(site, t).then_some(crate::paths::TRACKER),
        }
    }
}

/// `{slug, name, path, count}`: a topic in the rail of the home and topics
/// pages (`topic_counts`). Other pages show topics without counts: a count
/// changes with every added article, and on every page it would make each
/// page depend on every article.
#[derive(Serialize)]
pub(crate) struct TopicCount<'a> {
    slug: &'a str,
    name: &'a str,
    path: String,
    count: usize,
}

/// Every topic with its number of entries; notes that they were read.
pub(crate) fn topic_counts<'a>(read: &Reader<'a>) -> Vec<TopicCount<'a>> {
    read.note(Input::Topics);
    read.site
        .topics()
        .iter()
        .map(|t| TopicCount {
            slug: &t.slug,
            name: &t.name,
            path: t.path(),
            count: t.pages.len(),
        })
        .collect()
}

/// `{topic, description, count, latest}`: a topic of `topics.html`, with
/// its newest entry.
#[derive(Serialize)]
pub(crate) struct TopicItem<'a> {
    topic: TopicLink<'a>,
    description: &'a str,
    count: usize,
    latest: Option<&'a Value>,
}

/// The topics of `topics.html`, in site.yaml order.
pub(crate) fn topic_items<'a>(read: &'a Reader<'a>) -> Vec<TopicItem<'a>> {
    read.note(Input::Topics);
    let site = read.site;
    site.topics()
        .iter()
        .map(|t| TopicItem {
            topic: TopicLink::new(site, &t.slug),
            description: &t.description,
            count: t.pages.len(),
            latest: t.pages.first().map(|&id| &read[id]),
        })
        .collect()
}

/// `taxonomy`: `{kind, title, path}` of tags, places or sources.
#[derive(Serialize)]
pub(crate) struct TaxonomyLink {
    kind: &'static str,
    title: &'static str,
    path: String,
}

impl TaxonomyLink {
    /// The link to the index of `kind`.
    pub(crate) fn new(kind: TaxonomyKind) -> Self {
        TaxonomyLink {
            kind: kind.segment(),
            title: kind.title(),
            path: format!("{}/", kind.segment()),
        }
    }
}

/// `{name, path, count}`: a term of a taxonomy's index.
#[derive(Serialize)]
pub(crate) struct TermLink<'a> {
    name: &'a str,
    path: String,
    count: usize,
}

/// The terms of `kind`, A–Z, and the same most entries first (equal
/// counts A–Z); notes that they were read.
pub(crate) fn term_links<'a>(
    read: &Reader<'a>,
    kind: TaxonomyKind,
) -> (Vec<TermLink<'a>>, Vec<TermLink<'a>>) {
    read.note(Input::Taxonomy(kind));
    let terms = read.site.terms(kind);
    let link = |t: &'a Term| TermLink {
        name: &t.name,
        path: term_path(kind, &t.slug),
        count: t.pages.len(),
    };
    let mut by_count: Vec<&Term> = terms.iter().collect();
    by_count.sort_by_key(|t| std::cmp::Reverse(t.pages.len()));
    (
        terms.iter().map(link).collect(),
        by_count.into_iter().map(link).collect(),
    )
}

/// `{topic, count}`: a topic a term's entries are in.
#[derive(Serialize)]
pub(crate) struct TermTopic<'a> {
    topic: TopicLink<'a>,
    count: usize,
}

/// `{month_display, month_iso, count}`: a month of a term's entries.
#[derive(Serialize)]
pub(crate) struct MonthCount {
    month_display: String,
    month_iso: String,
    count: usize,
}

/// `{description, url}`: what site.yaml says of a source.
#[derive(Serialize)]
pub(crate) struct SourceAbout<'a> {
    description: Option<&'a str>,
    url: Option<&'a str>,
}

impl<'a> SourceAbout<'a> {
    /// What site.yaml says of the source term `name`, or none.
    fn new(site: &'a Site, kind: TaxonomyKind, name: &str) -> Option<Self> {
        let s = (kind == TaxonomyKind::Sources)
            .then(|| site.config().source(name))
            .flatten()?;
        (s.description.is_some() || s.url.is_some()).then_some(SourceAbout {
            description: s.description.as_deref(),
            url: s.url.as_deref(),
        })
    }
}

/// `term` of `term.html`.
#[derive(Serialize)]
pub(crate) struct TermView<'a> {
    name: &'a str,
    path: String,
    count: usize,
    /// The topics its entries are in, most first ([`TermTopic`]s, shared
    /// by the term's pages: see [`ListParts`]).
    topics: Value,
    /// Its entries per month, oldest first ([`MonthCount`]s, shared).
    months: Value,
    /// For a source: what site.yaml says of it.
    about: Option<SourceAbout<'a>>,
}

impl<'a> TermView<'a> {
    /// The view of term `id` of `kind`; notes that it was read.
    pub(crate) fn new(read: &Reader<'a>, kind: TaxonomyKind, id: TermId) -> Self {
        let site = read.site;
        let term = &site.terms(kind)[id];
        read.note(Input::Term(kind, term.slug.clone()));
        let (topics, months) = read.term_profile(kind, id);
        TermView {
            name: &term.name,
            path: term_path(kind, &term.slug),
            count: term.pages.len(),
            topics,
            months,
            about: SourceAbout::new(site, kind, &term.name),
        }
    }
}

/// `{day_display, date_iso, path, entries, entries_html}`: a day group of a
/// list; `entries_html` is its entries' list items (see
/// [`Reader::entries_html`]).
#[derive(Serialize)]
pub(crate) struct DayGroup<'a> {
    // The heading's fields, not the heading flattened: serde's flatten
    // makes a map of unknown length, grown entry by entry.
    day_display: Cow<'a, str>,
    date_iso: Cow<'a, str>,
    path: Cow<'a, str>,
    entries: Vec<&'a Value>,
    entries_html: Value,
}

/// `{day_display, date_iso, path}`: the heading of a day's group in a list.
#[derive(Serialize, Clone)]
pub(crate) struct DayHeading {
    day_display: String,
    date_iso: String,
    path: String,
}

/// What list pages share, made the first time one needs it and kept for
/// the rest of the render: each day's heading (a day heads groups on the
/// pages of its entries' topics and terms, and on the home page), and each
/// term's profile (shown on every page of the term).
pub(crate) struct ListParts {
    lang: String,
    /// By day id.
    headings: Vec<std::sync::OnceLock<DayHeading>>,
    /// By taxonomy and term id: the term's `topics` and `months`.
    profiles: BTreeMap<TaxonomyKind, Vec<std::sync::OnceLock<(Value, Value)>>>,
}

impl ListParts {
    /// None made yet, for the days and terms of `site`.
    pub(crate) fn new(site: &Site) -> Self {
        ListParts {
            lang: site.config().language.clone(),
            headings: super::cells(site.days().len()),
            profiles: site
                .taxonomies()
                .iter()
                .map(|(&kind, terms)| (kind, super::cells(terms.len())))
                .collect(),
        }
    }

    /// The `topics` and `months` of term `id` of `kind`.
    pub(crate) fn profile(&self, site: &Site, kind: TaxonomyKind, id: TermId) -> (Value, Value) {
        let make = || {
            let term = &site.terms(kind)[id];
            let (topics, months) = crate::site::places::profile(site, term);
            let topics: Vec<TermTopic> = topics
                .iter()
                .filter_map(|(slug, count)| {
                    let t = site.topic(slug)?;
                    Some(TermTopic {
                        topic: TopicLink::new(site, &t.slug),
                        count: *count,
                    })
                })
                .collect();
            let months: Vec<MonthCount> = months
                .iter()
                .map(|&((y, m), count)| MonthCount {
                    month_display: dates::month(y, m, &self.lang),
                    month_iso: format!("{y:04}-{m:02}"),
                    count,
                })
                .collect();
            (
                Value::from_serializable(&topics),
                Value::from_serializable(&months),
            )
        };
        match self.profiles.get(&kind).and_then(|p| p.get(id.index())) {
            Some(cell) => cell.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// The heading of day `d` of `site` (made afresh for a day it has not).
    pub(crate) fn heading(&self, site: &Site, d: Date) -> Cow<'_, DayHeading> {
        let make = || DayHeading {
            day_display: dates::weekday_day(d, &self.lang),
            date_iso: d.to_string(),
            path: paths::day(d),
        };
        match site.days().binary_search_by(|day| d.cmp(&day.date)) {
            Ok(i) if i < self.headings.len() => Cow::Borrowed(self.headings[i].get_or_init(make)),
            _ => Cow::Owned(make()),
        }
    }
}

/// Groups a run of entries (already newest first) by day, the list items in
/// a list grouped by topic `here` (empty: not grouped).
pub(crate) fn by_day<'a>(read: &'a Reader<'a>, ids: &[PageId], here: &str) -> Vec<DayGroup<'a>> {
    let site = read.site;
    let days: Vec<Date> = ids.iter().map(|&id| site.day_of(id)).collect();
    let mut start = 0;
    days.chunk_by(|a, b| a == b)
        .map(|same| {
            let (d, run) = (same[0], &ids[start..start + same.len()]);
            start += same.len();
            let (day_display, date_iso, path) = match read.day_heading(d) {
                Cow::Borrowed(h) => (
                    Cow::Borrowed(h.day_display.as_str()),
                    Cow::Borrowed(h.date_iso.as_str()),
                    Cow::Borrowed(h.path.as_str()),
                ),
                Cow::Owned(h) => (h.day_display.into(), h.date_iso.into(), h.path.into()),
            };
            DayGroup {
                day_display,
                date_iso,
                path,
                entries: run.iter().map(|&id| &read[id]).collect(),
                entries_html: read.entries_html(run, here),
            }
        })
        .collect()
}

/// `{day_display, date_iso, path, count, first_title}`: a day of the archive.
#[derive(Serialize)]
pub(crate) struct ArchiveDay<'a> {
    day_display: String,
    date_iso: String,
    path: String,
    count: usize,
    /// The title of its newest entry.
    first_title: Option<&'a str>,
}

/// `{day, date_iso, count, count_display, path}`: a day of a month's
/// calendar (`path` none on a day without entries).
#[derive(Serialize)]
pub(crate) struct CalendarDay {
    day: i8,
    date_iso: String,
    count: usize,
    count_display: String,
    path: Option<String>,
}

/// `{month_display, month_iso, days, weeks}`: a month of the archive;
/// `weeks` is the month as a calendar, Monday first: rows of seven cells,
/// none outside the month.
#[derive(Serialize)]
pub(crate) struct ArchiveMonth<'a> {
    month_display: String,
    month_iso: String,
    days: Vec<ArchiveDay<'a>>,
    weeks: Vec<Vec<Option<CalendarDay>>>,
}

/// Days grouped by month, newest first, each month also as a calendar.
pub(crate) fn archive<'a>(read: &Reader<'a>) -> Vec<ArchiveMonth<'a>> {
    let site = read.site;
    read.note(Input::Days);
    let lang = site.config().language.as_str();
    let month_of = |d: &Day| (d.date.year(), d.date.month());
    site.days()
        .chunk_by(|a, b| month_of(a) == month_of(b))
        .map(|days| {
            let (y, m) = month_of(&days[0]);
            ArchiveMonth {
                month_display: dates::month(y, m, lang),
                month_iso: format!("{y:04}-{m:02}"),
                days: days
                    .iter()
                    .map(|d| ArchiveDay {
                        day_display: dates::weekday_day(d.date, lang),
                        date_iso: d.date.to_string(),
                        path: d.path(),
                        count: d.pages.len(),
                        first_title: d.pages.first().map(|&id| read.page(id).title.as_str()),
                    })
                    .collect(),
                weeks: calendar(y, m, days, lang),
            }
        })
        .collect()
}

/// The weeks of month `m` of year `y`, whose days with entries are `days`.
fn calendar(y: i16, m: i8, days: &[Day], lang: &str) -> Vec<Vec<Option<CalendarDay>>> {
    let Ok(first) = Date::new(y, m, 1) else {
        return Vec::new();
    };
    let lead = first.weekday().to_monday_zero_offset() as usize;
    let mut cells: Vec<Option<CalendarDay>> = (0..lead).map(|_| None).collect();
    for day in 1..=first.days_in_month() {
        let shown = days.iter().find(|d| d.date.day() == day);
        let count = shown.map_or(0, |d| d.pages.len());
        cells.push(Some(CalendarDay {
            day,
            date_iso: format!("{y:04}-{m:02}-{day:02}"),
            count,
            count_display: super::i18n::count(lang, count, "reports"),
            path: shown.map(Day::path),
        }));
    }
    while !cells.len().is_multiple_of(7) {
        cells.push(None);
    }
    let mut weeks = Vec::with_capacity(cells.len() / 7);
    let mut cells = cells.into_iter();
    loop {
        let week: Vec<Option<CalendarDay>> = cells.by_ref().take(7).collect();
        if week.is_empty() {
            break;
        }
        weeks.push(week);
    }
    weeks
}

/// `{short, name}`: a day of the week, in the site's language.
#[derive(Serialize)]
pub(crate) struct Weekday {
    short: &'static str,
    name: &'static str,
}

/// The days of the week, Monday first.
pub(crate) fn weekdays(lang: &str) -> Vec<Weekday> {
    dates::weekdays(lang)
        .iter()
        .map(|&(short, name)| Weekday { short, name })
        .collect()
}

/// An entry of a feed: the fields of its entry view (see
/// [`super::views::EntryView`]), with `summary` as a plain string and the
/// body as `content`, so the XML template escapes their HTML once.
#[derive(Serialize)]
pub(crate) struct FeedEntry<'a> {
    #[serde(flatten)]
    entry: &'a Value,
    /// Listed after `entry`, so it replaces the entry's (safe) summary.
    summary: &'a str,
    /// The body, every link and image in it absolute, so a feed reader
    /// can follow them.
    content: String,
    updated_iso: String,
}

/// `feed` of `feed.xml`.
#[derive(Serialize)]
pub(crate) struct FeedView<'a> {
    title: String,
    path: String,
    /// The page the feed follows: the home page or a topic's.
    alternate_path: String,
    updated_iso: String,
    entries: Vec<FeedEntry<'a>>,
}

impl<'a> FeedView<'a> {
    /// The feed of topic `topic`, or of every article; notes what it shows.
    pub(crate) fn new(read: &'a Reader<'a>, topic: Option<&Topic>) -> Self {
        let site = read.site;
        let (title, alternate_path) = match topic {
            Some(t) => (format!("{} — {}", site.config().title, t.name), t.path()),
            None => (site.config().title.clone(), String::new()),
        };
        read.note(Input::Feed(topic.map(|t| t.slug.clone())));
        let shown = feed_shown(site, topic);
        let updated = shown
            .iter()
            .map(|&id| last_modified(&site.pages()[id]))
            .max();
        let base = site.config().absolute_base();
        FeedView {
            title,
            path: format!("{alternate_path}feed.xml"),
            alternate_path,
            updated_iso: updated.map_or_else(|| "1970-01-01T00:00:00Z".into(), dates::iso),
            entries: shown
                .iter()
                .map(|&id| {
                    let entry = &read[id];
                    FeedEntry {
                        entry,
                        // The entry view's own: in a one-off build the
                        // first paragraph it was made from is gone.
                        summary: entry
                            .get_from_path("summary")
                            .and_then(Value::as_str)
                            .unwrap_or_default(),
                        content: read.body(id, false, |html| {
                            absolute_links(html, &base, &site.paths()[id])
                        }),
                        updated_iso: dates::iso(last_modified(read.page(id))),
                    }
                })
                .collect(),
        }
    }
}

/// `{path, lastmod}`: a page of the sitemap.
#[derive(Serialize)]
pub(crate) struct SitemapUrl {
    path: String,
    lastmod: Option<String>,
}

/// `urls` of `sitemap.xml`: every HTML page with its last modification,
/// where it has one.
pub(crate) fn sitemap(read: &Reader) -> Vec<SitemapUrl> {
    let site = read.site;
    read.note(Input::Sitemap);
    super::jobs::all(site)
        .iter()
        .filter_map(|j| {
            Some(SitemapUrl {
                path: j.url_path(site)?,
                lastmod: j.lastmod(site).map(dates::iso),
            })
        })
        .collect()
}

/// `sitemap.xml` as the built-in template writes it, without Tera: the
/// sitemap lists every page, so it is the largest file an added or removed
/// article makes stale, and it was rendered alone on one core while the
/// rest waited. `abs_base` is the site's absolute base URL; what the
/// template's `abs_url()` and autoescape give is written the same way.
/// Only for the built-in template (see [`super::Renderer`]): an overridden
/// one is rendered through Tera with [`sitemap`]'s `urls`.
pub(crate) fn write_sitemap(read: &Reader, abs_base: &str, buf: &mut Vec<u8>) {
    let site = read.site;
    read.note(Input::Sitemap);
    buf.extend_from_slice(
        b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
    );
    let mut iso = String::new();
    for job in super::jobs::all(site) {
        let Some(path) = job.url_path(site) else {
            continue;
        };
        buf.extend_from_slice(b"\n  <url>\n    <loc>");
        escape_into(abs_base, buf);
        escape_into(path.trim_start_matches('/'), buf);
        buf.extend_from_slice(b"</loc>");
        if let Some(at) = job.lastmod(site) {
            iso.clear();
            dates::iso_into(at, &mut iso);
            buf.extend_from_slice(b"\n    <lastmod>");
            escape_into(&iso, buf);
            buf.extend_from_slice(b"</lastmod>");
        }
        buf.extend_from_slice(b"\n  </url>");
    }
    buf.extend_from_slice(b"\n</urlset>\n");
}

/// `text` escaped as Tera's autoescape does it, appended to `buf`.
fn escape_into(text: &str, buf: &mut Vec<u8>) {
    // Writing to a Vec cannot fail.
    let _ = tera::escape_html(text, buf);
}

/// `{path, label, placeholder, submit}`: the masthead search box, in the
/// site's language.
#[derive(Serialize)]
pub(crate) struct SearchBox {
    path: &'static str,
    label: &'static str,
    placeholder: &'static str,
    submit: &'static str,
}

impl SearchBox {
    /// The box, or none when search is off.
    fn new(c: &Config) -> Option<Self> {
        if !c.search {
            return None;
        }
        let text = crate::search::text::messages(&c.language);
        let get = |key: &str| text.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| *v);
        Some(SearchBox {
            path: paths::SEARCH,
            label: get("label"),
            placeholder: get("placeholder"),
            submit: get("submit"),
        })
    }
}

/// `{title, path}`: a standalone page in the site's menu.
#[derive(Serialize)]
pub(crate) struct PageMenuLink<'a> {
    title: &'a str,
    path: String,
}

/// `{slug, name, description, path}`: a topic as every page shows it (no
/// count: a count on every page would make every page change with every
/// added article).
#[derive(Serialize)]
pub(crate) struct SiteTopic<'a> {
    slug: &'a str,
    name: &'a str,
    description: &'a str,
    path: String,
}

/// `site`: what every template sees, set once per build.
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    timezone: &'a str,
    /// Absolute, with a trailing `/`.
    base_url: String,
    /// `/` or `/digest/`.
    base_path: String,
    topics: Vec<SiteTopic<'a>>,
    latest_day_path: Option<String>,
    /// site.yaml's `extra`, as written.
    extra: &'a BTreeMap<String, serde_yaml::Value>,
    search: Option<SearchBox>,
    pages: Vec<PageMenuLink<'a>>,
    stories_path: Option<&'static str>,
    tracker_path: Option<&'static str>,
}

impl<'a> SiteView<'a> {
    /// The values of `site`.
    pub(crate) fn new(site: &'a Site) -> Self {
        let c = site.config();
        SiteView {
            title: &c.title,
            description: &c.description,
            language: &c.language,
            timezone: &c.timezone,
            base_url: c.absolute_base(),
            base_path: c.base_path(),
            topics: site
                .topics()
                .iter()
                .map(|t| SiteTopic {
                    slug: &t.slug,
                    name: &t.name,
                    description: &t.description,
                    path: t.path(),
                })
                .collect(),
            latest_day_path: site.days().first().map(Day::path),
            extra: &c.extra,
            search: SearchBox::new(c),
            pages: site
                .standalone()
                .iter()
                .map(|(p, _)| PageMenuLink {
                    title: &p.title,
                    path: p.path(),
                })
                .collect(),
            stories_path: (!site.story_pages().is_empty()).then_some(paths::STORIES),
            tracker_path: site.has_tracker().then_some(paths::TRACKER),
        }
    }
}

/// `search` of `search.html`: the search interface's words by key, and
/// the same as JSON for the script.
#[derive(Serialize)]
pub(crate) struct SearchView {
    text: BTreeMap<&'static str, &'static str>,
    /// For a `<script>` element: no `</` in it may close the element.
    json: String,
}

impl SearchView {
    /// The words in language `lang`.
    pub(crate) fn new(lang: &str) -> Self {
        let text: BTreeMap<&'static str, &'static str> =
            crate::search::text::messages(lang).into_iter().collect();
        let json = serde_json::to_string(&text)
            .unwrap_or_default()
            .replace("</", "<\\/");
        SearchView { text, json }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::path::Path;

    use super::{ListParts, Paginator};
    use crate::config::Config;
    use crate::content::parse_page;
    use crate::site::{Site, TaxonomyKind};

    #[test]
    fn a_term_profile_is_made_once_for_every_page_of_the_term() {
        let config = Config::parse(
            "title: T\ntopics:\n  - slug: energy\n    name: Energy\n",
            Path::new("site.yaml"),
        )
        .unwrap();
        let text =
            "---\ntitle: x\ndate: 2024-11-02\ntopics: [energy]\nplaces: [Kyiv]\n---\nBody.\n";
        let page = parse_page("x.md", Path::new("x.md"), text, &config).unwrap();
        let site = Site::for_build(config, vec![page]).0;
        let parts = ListParts::new(&site);
        let kyiv = crate::site::TermId::new(0);
        let (topics, months) = parts.profile(&site, TaxonomyKind::Places, kyiv);
        let (again, months_again) = parts.profile(&site, TaxonomyKind::Places, kyiv);
        let at = |v: &tera::Value| v.as_array().unwrap().as_ptr();
        assert_eq!(at(&topics), at(&again));
        assert_eq!(at(&months), at(&months_again));
        let topics = serde_json::to_value(&topics).unwrap();
        assert_eq!(topics[0]["topic"]["name"], "Energy");
        assert_eq!(topics[0]["count"], 1);
        let months = serde_json::to_value(&months).unwrap();
        assert_eq!(months[0]["month_iso"], "2024-11");
    }

    #[test]
    fn a_day_heading_is_made_once_for_every_list_that_shows_the_day() {
        let config = Config::parse("title: T\n", Path::new("site.yaml")).unwrap();
        let text = "---\ntitle: x\ndate: 2024-11-02\n---\nBody.\n";
        let page = parse_page("x.md", Path::new("x.md"), text, &config).unwrap();
        let site = Site::for_build(config, vec![page]).0;
        let headings = ListParts::new(&site);
        let day = site.days().first().unwrap().date;
        let (Cow::Borrowed(a), Cow::Borrowed(b)) =
            (headings.heading(&site, day), headings.heading(&site, day))
        else {
            panic!("a day of the site has its heading kept");
        };
        assert!(std::ptr::eq(a, b));
        let heading = serde_json::to_value(a).unwrap();
        assert_eq!(heading["day_display"], "Saturday 2 November 2024");
        assert_eq!(heading["date_iso"], "2024-11-02");
        assert_eq!(heading["path"], "2024/11/02/");
        // A day the site does not have is still given a heading.
        let other = headings.heading(&site, jiff::civil::date(2024, 11, 3));
        assert!(matches!(other, Cow::Owned(_)));
    }

    #[test]
    fn a_paginator_shows_the_ends_and_two_pages_each_side() {
        let p = serde_json::to_value(Paginator::new(10, 5, "topics/x/")).unwrap();
        let numbers: Vec<u64> = p["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["number"].as_u64().unwrap())
            .collect();
        assert_eq!(numbers, [1, 3, 4, 5, 6, 7, 10]);
        assert_eq!(p["newer"], "topics/x/page/4/");
        assert_eq!(p["older"], "topics/x/page/6/");
        let first = serde_json::to_value(Paginator::new(3, 1, "")).unwrap();
        assert!(first["newer"].is_null());
        assert_eq!(first["pages"][0]["path"], "");
        assert_eq!(first["pages"][0]["current"], true);
    }
}
