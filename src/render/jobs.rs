//! Every output file of a site as a [`Job`]: what to render, with which
//! template and context, and where it goes. `serve` renders a subset.

use tera::{Context, Value};

use super::contexts::{DayView, Paginator, TopicView};
use super::reads::{Input, List, Reader};
use super::views::{self, map};
use super::{Renderer, dates, stories, tracker};
use crate::content::last_modified;
use crate::diag::Diagnostic;
use crate::site::{PageId, Site, TaxonomyKind, term_path};

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// `/` and `/page/N/` (1-based page number).
    Home(usize),
    /// A day's digest, by index into `Site::days`.
    Day(usize),
    /// One article.
    Article(PageId),
    /// `/topics/`.
    Topics,
    /// A topic's timeline page (topic index, 1-based page).
    Topic(usize, usize),
    /// `/tags/`, `/places/`, `/sources/`.
    Taxonomy(TaxonomyKind),
    /// A term's page (kind, term index, 1-based page).
    Term(TaxonomyKind, usize, usize),
    /// `/archive/`.
    Archive,
    /// `/stories/`.
    Stories,
    /// A story's page, by index into `Site::story_pages`.
    Story(usize),
    /// A standalone page from `content/pages/`, by index into `Site::standalone`.
    Page(usize),
    /// `/trackers/drones/`.
    Tracker,
    /// `/trackers/drones/data.csv`.
    TrackerCsv,
    /// `/trackers/drones/data.json`.
    TrackerJson,
    /// `/feed.xml`.
    Feed,
    /// `/topics/SLUG/feed.xml`.
    TopicFeed(usize),
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// `/404.html`.
    NotFound,
    /// `/search/`, when search is on.
    Search,
}

/// What kind of file a job writes, for the build summary.
pub enum Kind {
    /// An HTML page.
    Html,
    /// An Atom feed.
    Feed,
    /// Anything else.
    Other,
}

/// Pages a list of `items` entries takes at `per` a page (at least one).
pub(crate) fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per.max(1)).max(1)
}

/// The URL path of page `n` of a paginated list at `base` (`topics/x/`).
pub(crate) fn paginated_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The home page's pages, each a run of store ids: the days after the
/// latest one, whole, as many as fit in `paginate_by` entries and at least
/// one day a page, so a day is never split across pages. Pages are newest
/// first, so each day's entries are consecutive ids. There is always one
/// page, empty when the site has one day or none.
pub(crate) fn home_pages(site: &Site) -> Vec<std::ops::Range<PageId>> {
    let per = site.config.paginate_by.max(1);
    let mut pages = Vec::new();
    let mut start = site.days.first().map_or(0, |d| d.pages.len());
    let mut end = start;
    for day in site.days.iter().skip(1) {
        if end > start && end - start + day.pages.len() > per {
            pages.push(start..end);
            start = end;
        }
        end += day.pages.len();
    }
    if end > start || pages.is_empty() {
        pages.push(start..end);
    }
    pages
}

/// What `site.yaml` says of a source term (`{description, url}`), or none.
fn source_about(site: &Site, kind: crate::site::TaxonomyKind, name: &str) -> Value {
    let source = (kind == crate::site::TaxonomyKind::Sources)
        .then(|| site.config.source(name))
        .flatten();
    match source {
        Some(s) if s.description.is_some() || s.url.is_some() => map([
            (
                "description",
                s.description
                    .as_deref()
                    .map_or_else(Value::none, Value::from),
            ),
            (
                "url",
                s.url.as_deref().map_or_else(Value::none, Value::from),
            ),
        ]),
        _ => Value::none(),
    }
}

/// The topics with their number of entries, for the rail of the home and
/// topics pages. Other pages show topics without counts: a count changes
/// with every added article, and on every page it would make each page
/// depend on every article.
fn topic_counts(site: &Site) -> Value {
    Value::from(
        site.topics
            .iter()
            .map(|t| {
                map([
                    ("slug", Value::from(t.slug.as_str())),
                    ("name", Value::from(t.name.as_str())),
                    ("path", Value::from(t.path())),
                    ("count", Value::from(t.pages.len())),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

/// Every job of a site, in a stable order.
pub(crate) fn all(site: &Site) -> Vec<Job> {
    let per = site.config.paginate_by;
    let mut jobs = Vec::with_capacity(site.pages.len() + site.days.len() + 64);
    jobs.extend((1..=home_pages(site).len()).map(Job::Home));
    jobs.extend((0..site.days.len()).map(Job::Day));
    jobs.extend((0..site.pages.len()).map(Job::Article));
    jobs.push(Job::Topics);
    for (i, t) in site.topics.iter().enumerate() {
        jobs.extend((1..=page_count(t.pages.len(), per)).map(|n| Job::Topic(i, n)));
        jobs.push(Job::TopicFeed(i));
    }
    for (&kind, terms) in &site.taxonomies {
        jobs.push(Job::Taxonomy(kind));
        for (i, term) in terms.iter().enumerate() {
            jobs.extend((1..=page_count(term.pages.len(), per)).map(|n| Job::Term(kind, i, n)));
        }
    }
    jobs.extend((0..site.standalone.len()).map(Job::Page));
    jobs.push(Job::Stories);
    jobs.extend((0..site.story_pages.len()).map(Job::Story));
    if site.has_tracker() {
        jobs.extend([Job::Tracker, Job::TrackerCsv, Job::TrackerJson]);
    }
    jobs.extend([
        Job::Archive,
        Job::Feed,
        Job::Sitemap,
        Job::Robots,
        Job::NotFound,
    ]);
    if site.config.search {
        jobs.push(Job::Search);
    }
    jobs
}

impl Job {
    /// What kind of file this job writes.
    pub fn kind(&self) -> Kind {
        match self {
            Job::Feed | Job::TopicFeed(_) => Kind::Feed,
            Job::Sitemap | Job::Robots | Job::TrackerCsv | Job::TrackerJson => Kind::Other,
            _ => Kind::Html,
        }
    }

    /// The URL path (relative to the site root) of an HTML page, for the
    /// sitemap; `None` for feeds, the sitemap, robots.txt and the 404 page.
    pub fn url_path(&self, site: &Site) -> Option<String> {
        Some(match self {
            Job::Home(n) => paginated_path("", *n),
            Job::Day(i) => site.days[*i].path(),
            Job::Article(id) => site.paths[*id].clone(),
            Job::Topics => crate::paths::TOPICS.into(),
            Job::Topic(i, n) => paginated_path(&site.topics[*i].path(), *n),
            Job::Taxonomy(kind) => format!("{}/", kind.segment()),
            Job::Term(kind, i, n) => {
                paginated_path(&term_path(*kind, &site.taxonomies[kind][*i].slug), *n)
            }
            Job::Archive => crate::paths::ARCHIVE.into(),
            Job::Search => crate::paths::SEARCH.into(),
            Job::Stories => crate::paths::STORIES.into(),
            Job::Story(i) => crate::paths::story(&site.story_pages[*i]),
            Job::Tracker => crate::paths::TRACKER.into(),
            Job::Page(i) => site.standalone[*i].0.path(),
            _ => return None,
        })
    }

    /// The template the job renders with (what [`Job::render`] uses).
    pub fn template(&self) -> &'static str {
        match self {
            Job::Home(_) => "index.html",
            Job::Day(_) => "day.html",
            Job::Article(_) => "article.html",
            Job::Topics => "topics.html",
            Job::Topic(..) => "topic.html",
            Job::Taxonomy(_) => "taxonomy.html",
            Job::Term(..) => "term.html",
            Job::Archive => "archive.html",
            Job::Stories => "stories.html",
            Job::Story(_) => "story.html",
            Job::Tracker => "tracker.html",
            Job::Page(_) => "page.html",
            // Written by the engine, not through a template.
            Job::TrackerCsv => "data.csv",
            Job::TrackerJson => "data.json",
            Job::Feed | Job::TopicFeed(_) => "feed.xml",
            Job::Sitemap => "sitemap.xml",
            Job::Robots => "robots.txt",
            Job::NotFound => "404.html",
            Job::Search => "search.html",
        }
    }

    /// The time the sitemap gives the job's page: an article's last
    /// modification, a day's latest one.
    pub fn lastmod(&self, site: &Site) -> Option<jiff::Timestamp> {
        match self {
            Job::Article(id) => Some(last_modified(&site.pages[*id])),
            Job::Day(i) => site.days[*i]
                .pages
                .iter()
                .map(|&id| last_modified(&site.pages[id]))
                .max(),
            Job::Story(i) => site.stories[&site.story_pages[*i]]
                .pages
                .iter()
                .map(|&id| last_modified(&site.pages[id]))
                .max(),
            _ => None,
        }
    }

    /// The output file path.
    pub fn output_path(&self, site: &Site) -> String {
        match self {
            Job::Feed => "feed.xml".into(),
            Job::TopicFeed(i) => format!("{}feed.xml", site.topics[*i].path()),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
            Job::NotFound => "404.html".into(),
            Job::TrackerCsv => tracker::CSV_PATH.into(),
            Job::TrackerJson => tracker::JSON_PATH.into(),
            _ => format!("{}index.html", self.url_path(site).unwrap_or_default()),
        }
    }

    /// Renders the job: its output path and bytes.
    pub fn render(
        &self,
        r: &Renderer,
        entries: &Reader,
        buf: &mut Vec<u8>,
    ) -> Result<String, Diagnostic> {
        let site = entries.site;
        let per = site.config.paginate_by;
        let lang = site.config.language.as_str();
        let mut ctx = Context::new();
        let current = self.url_path(site).unwrap_or_default();
        ctx.insert("current_path", &current);
        let template = match self {
            Job::Home(n) => {
                entries.note(Input::Window(List::Home, *n));
                let pages = home_pages(site);
                let slice: Vec<PageId> = pages[*n - 1].clone().collect();
                let pager = Paginator::new(pages.len(), *n, "");
                if *n == 1 {
                    entries.note(Input::Topics);
                    entries.note(Input::Latest);
                    ctx.insert_value("topic_counts", topic_counts(site));
                }
                if *n == 1
                    && let Some(day) = site.days.first()
                {
                    let digest = stories::digest(site, entries, &day.pages);
                    ctx.insert("latest", &DayView::new(site, 0, digest, false));
                }
                ctx.insert_value("days", views::by_day(site, entries, &slice, ""));
                ctx.insert("paginator", &pager);
                "index.html"
            }
            Job::Day(i) => {
                let day = &site.days[*i];
                entries.note(Input::Day(day.date));
                let digest = stories::digest(site, entries, &day.pages);
                ctx.insert("day", &DayView::new(site, *i, digest, true));
                "day.html"
            }
            Job::Article(id) => {
                ctx.insert_value("page", views::article(site, entries, *id));
                "article.html"
            }
            Job::Topics => {
                entries.note(Input::Topics);
                ctx.insert_value("topic_counts", topic_counts(site));
                let list: Vec<Value> = site
                    .topics
                    .iter()
                    .map(|t| {
                        map([
                            ("topic", views::topic_link(site, &t.slug)),
                            ("description", Value::from(t.description.as_str())),
                            ("count", Value::from(t.pages.len())),
                            (
                                "latest",
                                t.pages
                                    .first()
                                    .map_or_else(Value::none, |&id| entries[id].clone()),
                            ),
                        ])
                    })
                    .collect();
                ctx.insert_value("topics", Value::from(list));
                "topics.html"
            }
            Job::Topic(i, n) => {
                let t = &site.topics[*i];
                entries.note(Input::Window(List::Topic(t.slug.clone()), *n));
                entries.note(Input::TopicTallies(t.slug.clone()));
                let (slice, pager) = paginate(&t.pages, per, *n, &t.path());
                ctx.insert("topic", &TopicView::new(site, t));
                ctx.insert_value("here", Value::from(t.slug.as_str()));
                ctx.insert_value("days", views::by_day(site, entries, slice, &t.slug));
                ctx.insert("paginator", &pager);
                "topic.html"
            }
            Job::Taxonomy(kind) => {
                entries.note(Input::Taxonomy(*kind));
                let terms: Vec<Value> = site.taxonomies[kind]
                    .iter()
                    .map(|t| {
                        map([
                            ("name", Value::from(t.name.as_str())),
                            ("path", Value::from(term_path(*kind, &t.slug))),
                            ("count", Value::from(t.pages.len())),
                        ])
                    })
                    .collect();
                // Places also by number of entries, most first (the A–Z list stays `terms`).
                let mut by_count: Vec<(usize, &Value)> = site.taxonomies[kind]
                    .iter()
                    .map(|t| t.pages.len())
                    .zip(&terms)
                    .collect();
                by_count.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
                let by_count: Vec<Value> = by_count.into_iter().map(|(_, v)| v.clone()).collect();
                ctx.insert_value("taxonomy", taxonomy_value(*kind));
                ctx.insert_value("by_count", Value::from(by_count));
                ctx.insert_value("terms", Value::from(terms));
                "taxonomy.html"
            }
            Job::Term(kind, i, n) => {
                let term = &site.taxonomies[kind][*i];
                entries.note(Input::Window(List::Term(*kind, term.slug.clone()), *n));
                entries.note(Input::Term(*kind, term.slug.clone()));
                let path = term_path(*kind, &term.slug);
                let (slice, pager) = paginate(&term.pages, per, *n, &path);
                ctx.insert_value("taxonomy", taxonomy_value(*kind));
                let (topics, months) = crate::site::places::profile(site, term);
                let topics: Vec<Value> = topics
                    .iter()
                    .map(|(slug, n)| {
                        map([
                            ("topic", views::topic_link(site, slug)),
                            ("count", Value::from(*n)),
                        ])
                    })
                    .collect();
                let months: Vec<Value> = months
                    .iter()
                    .map(|((y, m), n)| {
                        map([
                            ("month_display", Value::from(dates::month(*y, *m, lang))),
                            ("month_iso", Value::from(format!("{y:04}-{m:02}"))),
                            ("count", Value::from(*n)),
                        ])
                    })
                    .collect();
                ctx.insert_value(
                    "term",
                    map([
                        ("name", Value::from(term.name.as_str())),
                        ("path", Value::from(path)),
                        ("count", Value::from(term.pages.len())),
                        ("topics", Value::from(topics)),
                        ("months", Value::from(months)),
                        ("about", source_about(site, *kind, &term.name)),
                    ]),
                );
                ctx.insert_value("days", views::by_day(site, entries, slice, ""));
                ctx.insert("paginator", &pager);
                "term.html"
            }
            Job::Archive => {
                ctx.insert_value("months", archive(entries));
                let weekdays: Vec<Value> = dates::weekdays(lang)
                    .iter()
                    .map(|(short, name)| {
                        map([("short", Value::from(*short)), ("name", Value::from(*name))])
                    })
                    .collect();
                ctx.insert_value("weekdays", Value::from(weekdays));
                "archive.html"
            }
            Job::Stories => {
                entries.note(Input::Stories);
                ctx.insert_value("stories", stories::stories(site, entries));
                "stories.html"
            }
            Job::Story(i) => {
                let story = &site.stories[&site.story_pages[*i]];
                ctx.insert_value("story", stories::story(site, entries, story));
                "story.html"
            }
            Job::Tracker => {
                ctx.insert_value("tracker", tracker::view(site, entries));
                "tracker.html"
            }
            Job::Page(i) => {
                entries.note(Input::Standalone(site.standalone[*i].0.key.clone()));
                ctx.insert_value("page", views::standalone(site, *i));
                "page.html"
            }
            Job::TrackerCsv | Job::TrackerJson => {
                entries.note(Input::Nights);
                for n in &site.nights {
                    entries.pages(&n.reports);
                }
                let text = if *self == Job::TrackerCsv {
                    tracker::csv(site)
                } else {
                    tracker::json(site)
                };
                buf.extend_from_slice(text.as_bytes());
                return Ok(self.output_path(site));
            }
            Job::Feed | Job::TopicFeed(_) => {
                let (ids, title, path, topic_path): (Vec<PageId>, String, String, String) =
                    match self {
                        Job::TopicFeed(i) => {
                            let t = &site.topics[*i];
                            (
                                t.pages.clone(),
                                format!("{} — {}", site.config.title, t.name),
                                format!("{}feed.xml", t.path()),
                                t.path(),
                            )
                        }
                        _ => (
                            (0..site.pages.len()).collect(),
                            site.config.title.clone(),
                            "feed.xml".into(),
                            String::new(),
                        ),
                    };
                let topic = match self {
                    Job::TopicFeed(i) => Some(site.topics[*i].slug.clone()),
                    _ => None,
                };
                entries.note(Input::Feed(topic));
                let shown: Vec<PageId> = newest_by_modification(site, &ids, site.config.feed_limit);
                let updated = shown.iter().map(|&id| last_modified(&site.pages[id])).max();
                let items: Vec<Value> = shown
                    .iter()
                    .map(|&id| {
                        let p = &site.pages[id];
                        let mut m: std::collections::BTreeMap<&'static str, Value> =
                            std::collections::BTreeMap::new();
                        if let Some(e) = entries[id].as_map() {
                            for (k, v) in e {
                                if let Some(k) = FEED_KEYS.iter().find(|&&s| k.as_str() == Some(s))
                                {
                                    m.insert(k, v.clone());
                                }
                            }
                        }
                        // Plain (not "safe") strings, so the XML template escapes the HTML once.
                        m.insert(
                            "content",
                            Value::from(entries.body(id, false, |html| {
                                absolute_links(html, &site.config.absolute_base(), &site.paths[id])
                            })),
                        );
                        if let Some(summary) =
                            m.get("summary").and_then(Value::as_str).map(str::to_string)
                        {
                            m.insert("summary", Value::from(summary));
                        }
                        m.insert("updated_iso", Value::from(dates::iso(last_modified(p))));
                        Value::from(m)
                    })
                    .collect();
                ctx.insert_value(
                    "feed",
                    map([
                        ("title", Value::from(title)),
                        ("path", Value::from(path)),
                        ("alternate_path", Value::from(topic_path)),
                        (
                            "updated_iso",
                            updated.map_or_else(
                                || Value::from("1970-01-01T00:00:00Z"),
                                |u| Value::from(dates::iso(u)),
                            ),
                        ),
                        ("entries", Value::from(items)),
                    ]),
                );
                "feed.xml"
            }
            Job::Sitemap => {
                entries.note(Input::Sitemap);
                let urls: Vec<Value> = all(site)
                    .iter()
                    .filter_map(|j| {
                        let path = j.url_path(site)?;
                        let lastmod = j.lastmod(site);
                        Some(map([
                            ("path", Value::from(path)),
                            (
                                "lastmod",
                                lastmod.map_or_else(Value::none, |t| Value::from(dates::iso(t))),
                            ),
                        ]))
                    })
                    .collect();
                ctx.insert_value("urls", Value::from(urls));
                "sitemap.xml"
            }
            Job::Robots => "robots.txt",
            Job::NotFound => "404.html",
            Job::Search => {
                ctx.insert_value("search", search_value(lang));
                "search.html"
            }
        };
        r.render_to(template, &ctx, buf)?;
        Ok(self.output_path(site))
    }
}

const FEED_KEYS: [&str; 9] = [
    "title",
    "path",
    "date_iso",
    "published_iso",
    "author",
    "source",
    "summary",
    "topics",
    "source_url",
];

/// The search page's words (`search.text`) in the site's language.
fn search_value(lang: &str) -> Value {
    let messages: std::collections::BTreeMap<&str, &str> =
        crate::search::text::messages(lang).into_iter().collect();
    let text: std::collections::BTreeMap<&str, Value> = messages
        .iter()
        .map(|(k, v)| (*k, Value::from(*v)))
        .collect();
    // For the script, inside a <script> element: no `</` may close it.
    let json = serde_json::to_string(&messages)
        .unwrap_or_default()
        .replace("</", "<\\/");
    map([("text", Value::from(text)), ("json", Value::from(json))])
}

fn taxonomy_value(kind: TaxonomyKind) -> Value {
    map([
        ("kind", Value::from(kind.segment())),
        ("title", Value::from(kind.title())),
        ("path", Value::from(format!("{}/", kind.segment()))),
    ])
}

/// `html` with every link and image made absolute for a feed reader, which
/// cannot follow a link relative to the page: a root-relative URL gets the
/// site's origin, a fragment the article's own URL (`page`, from the site
/// root), other relative URLs are resolved against the article's folder.
pub(crate) fn absolute_links(html: &str, absolute_base: &str, page: &str) -> String {
    let origin_end = absolute_base
        .find("://")
        .and_then(|i| absolute_base[i + 3..].find('/').map(|j| i + 3 + j))
        .unwrap_or(absolute_base.len());
    let origin = &absolute_base[..origin_end];
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = [" href=\"", " src=\""]
        .iter()
        .filter_map(|a| rest.find(a).map(|i| i + a.len()))
        .min()
    {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let url = &rest[..rest.find('"').unwrap_or(rest.len())];
        let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        });
        if url.starts_with("//") || has_scheme {
            out.push_str(url);
        } else if url.starts_with('/') {
            out.push_str(origin);
            out.push_str(url);
        } else {
            out.push_str(absolute_base);
            out.push_str(page);
            out.push_str(url);
        }
        rest = &rest[url.len()..];
    }
    out.push_str(rest);
    out
}

/// True when some entry of topic `t` gives a drone tally: its page links the tracker.
pub(crate) fn topic_has_tallies(site: &Site, t: &crate::site::Topic) -> bool {
    t.pages.iter().any(|&id| site.pages[id].drones.is_some())
}

/// The `limit` entries most recently published or updated, newest first.
pub(crate) fn newest_by_modification(site: &Site, ids: &[PageId], limit: usize) -> Vec<PageId> {
    let mut v: Vec<PageId> = ids.to_vec();
    v.sort_by(|&a, &b| {
        last_modified(&site.pages[b])
            .cmp(&last_modified(&site.pages[a]))
            .then(a.cmp(&b))
    });
    v.truncate(limit);
    v
}

/// The entries each feed shows: the site's feed's, then each topic's.
pub(crate) fn feed_entries(site: &Site) -> Vec<Vec<PageId>> {
    let all: Vec<PageId> = (0..site.pages.len()).collect();
    std::iter::once(all.as_slice())
        .chain(site.topics.iter().map(|t| t.pages.as_slice()))
        .map(|ids| newest_by_modification(site, ids, site.config.feed_limit))
        .collect()
}

/// One page of a list, and the paginator value for templates.
fn paginate<'a>(ids: &'a [PageId], per: usize, n: usize, base: &str) -> (&'a [PageId], Paginator) {
    let total = page_count(ids.len(), per);
    let start = ((n - 1) * per).min(ids.len());
    let end = (start + per).min(ids.len());
    (&ids[start..end], Paginator::new(total, n, base))
}

/// Days grouped by month, newest first; each month also as a calendar of
/// weeks, Monday first (`weeks`: rows of seven cells, none outside the month).
fn archive(read: &Reader) -> Value {
    let site = read.site;
    read.note(Input::Days);
    let lang = site.config.language.as_str();
    let mut months: Vec<Value> = Vec::new();
    let mut i = 0;
    while i < site.days.len() {
        let (y, m) = (site.days[i].date.year(), site.days[i].date.month());
        let mut days = Vec::new();
        let mut counts: std::collections::BTreeMap<i8, (usize, String)> =
            std::collections::BTreeMap::new();
        while i < site.days.len() && site.days[i].date.year() == y && site.days[i].date.month() == m
        {
            let d = &site.days[i];
            let first = d
                .pages
                .first()
                .map_or_else(Value::none, |&id| Value::from(read.page(id).title.as_str()));
            counts.insert(d.date.day(), (d.pages.len(), d.path()));
            days.push(map([
                ("day_display", Value::from(dates::weekday_day(d.date, lang))),
                ("date_iso", Value::from(d.date.to_string())),
                ("path", Value::from(d.path())),
                ("count", Value::from(d.pages.len())),
                ("first_title", first),
            ]));
            i += 1;
        }
        months.push(map([
            ("month_display", Value::from(dates::month(y, m, lang))),
            ("month_iso", Value::from(format!("{y:04}-{m:02}"))),
            ("days", Value::from(days)),
            ("weeks", calendar(y, m, &counts, lang)),
        ]));
    }
    Value::from(months)
}

/// The weeks of month `m` of year `y`, Monday first: each cell none (a day
/// of another month) or `{day, date_iso, count, count_display, path}`
/// (`path` none on a day without entries).
fn calendar(
    y: i16,
    m: i8,
    counts: &std::collections::BTreeMap<i8, (usize, String)>,
    lang: &str,
) -> Value {
    let Ok(first) = jiff::civil::Date::new(y, m, 1) else {
        return Value::from(Vec::<Value>::new());
    };
    let lead = first.weekday().to_monday_zero_offset() as usize;
    let mut cells: Vec<Value> = vec![Value::none(); lead];
    for day in 1..=first.days_in_month() {
        let (count, path) = counts
            .get(&day)
            .map_or((0, None), |(n, p)| (*n, Some(p.clone())));
        cells.push(map([
            ("day", Value::from(day)),
            ("date_iso", Value::from(format!("{y:04}-{m:02}-{day:02}"))),
            ("count", Value::from(count)),
            (
                "count_display",
                Value::from(super::i18n::count(lang, count, "reports")),
            ),
            ("path", path.map_or_else(Value::none, Value::from)),
        ]));
    }
    while !cells.len().is_multiple_of(7) {
        cells.push(Value::none());
    }
    let weeks: Vec<Value> = cells.chunks(7).map(|w| Value::from(w.to_vec())).collect();
    Value::from(weeks)
}

#[cfg(test)]
mod tests {
    use super::absolute_links;

    #[test]
    fn feed_links_are_absolute() {
        let html = r##"<p><a href="/digest/2024/11/02/x/">a</a> <a href="#tally">b</a> <img src="map.png" alt=""> <a href="https://other.example/">c</a> <a href="mailto:desk@example.org">d</a></p>"##;
        assert_eq!(
            absolute_links(html, "https://example.org/digest/", "2024/11/03/y/"),
            r##"<p><a href="https://example.org/digest/2024/11/02/x/">a</a> <a href="https://example.org/digest/2024/11/03/y/#tally">b</a> <img src="https://example.org/digest/2024/11/03/y/map.png" alt=""> <a href="https://other.example/">c</a> <a href="mailto:desk@example.org">d</a></p>"##
        );
    }
}
