//! Every output file of a site as a [`Job`]: what to render, with which
//! template and context, and where it goes. `serve` renders a subset.

use tera::{Context, Value};

use super::contexts::{self, DayView, FeedView, Paginator, TaxonomyLink, TermView, TopicView};
use super::reads::{Input, List, Reader};
use super::views::{ArticleView, StandaloneView};
use super::{Renderer, stories, tracker};
use crate::content::last_modified;
use crate::diag::Diagnostic;
use crate::site::{
    DayId, PageId, Site, StandaloneId, StoryPageId, TaxonomyKind, TermId, TopicId, term_path,
};

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// `/` and `/page/N/` (1-based page number).
    Home(usize),
    /// A day's digest.
    Day(DayId),
    /// One article.
    Article(PageId),
    /// `/topics/`.
    Topics,
    /// A topic's timeline page (1-based page).
    Topic(TopicId, usize),
    /// `/tags/`, `/places/`, `/sources/`.
    Taxonomy(TaxonomyKind),
    /// A term's page (1-based page).
    Term(TaxonomyKind, TermId, usize),
    /// `/archive/`.
    Archive,
    /// `/stories/`.
    Stories,
    /// A story's page.
    Story(StoryPageId),
    /// A standalone page from `content/pages/`.
    Page(StandaloneId),
    /// `/trackers/drones/`.
    Tracker,
    /// `/trackers/drones/data.csv`.
    TrackerCsv,
    /// `/trackers/drones/data.json`.
    TrackerJson,
    /// `/feed.xml`.
    Feed,
    /// `/topics/SLUG/feed.xml`.
    TopicFeed(TopicId),
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

/// The home page's pages, each a run of store positions (of
/// [`PageId::index`]): the days after the
/// latest one, whole, as many as fit in `paginate_by` entries and at least
/// one day a page, so a day is never split across pages. Pages are newest
/// first, so each day's entries are consecutive ids. There is always one
/// page, empty when the site has one day or none.
pub(crate) fn home_pages(site: &Site) -> Vec<std::ops::Range<usize>> {
    let per = site.config().paginate_by.max(1);
    let mut pages = Vec::new();
    let mut start = site.days().first().map_or(0, |d| d.pages.len());
    let mut end = start;
    for day in site.days().iter().skip(1) {
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

/// Every job of a site, in a stable order.
pub(crate) fn all(site: &Site) -> Vec<Job> {
    let per = site.config().paginate_by;
    let mut jobs = Vec::with_capacity(site.pages().len() + site.days().len() + 64);
    jobs.extend((1..=home_pages(site).len()).map(Job::Home));
    jobs.extend(site.days().ids().map(Job::Day));
    jobs.extend(site.pages().ids().map(Job::Article));
    jobs.push(Job::Topics);
    for (i, t) in site.topics().with_ids() {
        jobs.extend((1..=page_count(t.pages.len(), per)).map(|n| Job::Topic(i, n)));
        jobs.push(Job::TopicFeed(i));
    }
    for (&kind, terms) in site.taxonomies().iter() {
        jobs.push(Job::Taxonomy(kind));
        for (i, term) in terms.with_ids() {
            jobs.extend((1..=page_count(term.pages.len(), per)).map(|n| Job::Term(kind, i, n)));
        }
    }
    jobs.extend(site.standalone().ids().map(Job::Page));
    jobs.push(Job::Stories);
    jobs.extend(site.story_pages().ids().map(Job::Story));
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
    if site.config().search {
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
            Job::Day(i) => site.days()[*i].path(),
            Job::Article(id) => site.paths()[*id].clone(),
            Job::Topics => crate::paths::TOPICS.into(),
            Job::Topic(i, n) => paginated_path(&site.topics()[*i].path(), *n),
            Job::Taxonomy(kind) => format!("{}/", kind.segment()),
            Job::Term(kind, i, n) => {
                paginated_path(&term_path(*kind, &site.terms(*kind)[*i].slug), *n)
            }
            Job::Archive => crate::paths::ARCHIVE.into(),
            Job::Search => crate::paths::SEARCH.into(),
            Job::Stories => crate::paths::STORIES.into(),
            Job::Story(i) => crate::paths::story(&site.story_pages()[*i]),
            Job::Tracker => crate::paths::TRACKER.into(),
            Job::Page(i) => site.standalone()[*i].0.path(),
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
            Job::Article(id) => Some(last_modified(&site.pages()[*id])),
            Job::Day(i) => site.days()[*i]
                .pages
                .iter()
                .map(|&id| last_modified(&site.pages()[id]))
                .max(),
            Job::Story(i) => site.stories()[&site.story_pages()[*i]]
                .pages
                .iter()
                .map(|&id| last_modified(&site.pages()[id]))
                .max(),
            _ => None,
        }
    }

    /// The output file path.
    pub fn output_path(&self, site: &Site) -> String {
        match self {
            Job::Feed => "feed.xml".into(),
            Job::TopicFeed(i) => format!("{}feed.xml", site.topics()[*i].path()),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
            Job::NotFound => "404.html".into(),
            Job::TrackerCsv => tracker::CSV_PATH.into(),
            Job::TrackerJson => tracker::JSON_PATH.into(),
            _ => {
                let mut path = self.url_path(site).unwrap_or_default();
                path.push_str("index.html");
                path
            }
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
        let per = site.config().paginate_by;
        let lang = site.config().language.as_str();
        let mut ctx = Context::new();
        let current = self.url_path(site).unwrap_or_default();
        ctx.insert("current_path", &current);
        let template = match self {
            Job::Home(n) => {
                entries.note(Input::Window(List::Home, *n));
                let pages = home_pages(site);
                let slice: Vec<PageId> = pages[*n - 1].clone().map(PageId::new).collect();
                let pager = Paginator::new(pages.len(), *n, "");
                if *n == 1 {
                    ctx.insert(super::rail::COUNTS, &contexts::topic_counts(entries));
                    entries.note(Input::Latest);
                }
                if *n == 1
                    && let Some(day) = site.days().first()
                {
                    let digest = stories::digest(entries, &day.pages);
                    ctx.insert("latest", &DayView::new(site, DayId::new(0), digest, false));
                }
                ctx.insert("days", &contexts::by_day(entries, &slice, ""));
                ctx.insert("paginator", &pager);
                "index.html"
            }
            Job::Day(i) => {
                let day = &site.days()[*i];
                entries.note(Input::Day(day.date));
                let digest = stories::digest(entries, &day.pages);
                ctx.insert("day", &DayView::new(site, *i, digest, true));
                "day.html"
            }
            Job::Article(id) => {
                ctx.insert_value("page", ArticleView::new(entries, *id).to_value());
                "article.html"
            }
            Job::Topics => {
                ctx.insert(super::rail::COUNTS, &contexts::topic_counts(entries));
                ctx.insert("topics", &contexts::topic_items(entries));
                "topics.html"
            }
            Job::Topic(i, n) => {
                let t = &site.topics()[*i];
                entries.note(Input::Window(List::Topic(t.slug.clone()), *n));
                entries.note(Input::TopicTallies(t.slug.clone()));
                let (slice, pager) = paginate(&t.pages, per, *n, &t.path());
                ctx.insert("topic", &TopicView::new(site, t));
                ctx.insert("here", t.slug.as_str());
                ctx.insert("days", &contexts::by_day(entries, slice, &t.slug));
                ctx.insert("paginator", &pager);
                "topic.html"
            }
            Job::Taxonomy(kind) => {
                let (terms, by_count) = contexts::term_links(entries, *kind);
                ctx.insert("taxonomy", &TaxonomyLink::new(*kind));
                // Places also by number of entries, most first (the A–Z list stays `terms`).
                ctx.insert("by_count", &by_count);
                ctx.insert("terms", &terms);
                "taxonomy.html"
            }
            Job::Term(kind, i, n) => {
                let term = &site.terms(*kind)[*i];
                entries.note(Input::Window(List::Term(*kind, term.slug.clone()), *n));
                let path = term_path(*kind, &term.slug);
                let (slice, pager) = paginate(&term.pages, per, *n, &path);
                ctx.insert("taxonomy", &TaxonomyLink::new(*kind));
                ctx.insert("term", &TermView::new(entries, *kind, *i));
                ctx.insert("days", &contexts::by_day(entries, slice, ""));
                ctx.insert("paginator", &pager);
                "term.html"
            }
            Job::Archive => {
                ctx.insert("months", &contexts::archive(entries));
                ctx.insert("weekdays", &contexts::weekdays(lang));
                "archive.html"
            }
            Job::Stories => {
                ctx.insert("stories", &stories::stories(entries));
                "stories.html"
            }
            Job::Story(i) => {
                let story = &site.stories()[&site.story_pages()[*i]];
                ctx.insert("story", &stories::StoryView::new(entries, story));
                "story.html"
            }
            Job::Tracker => {
                ctx.insert("tracker", &tracker::TrackerView::new(entries));
                "tracker.html"
            }
            Job::Page(i) => {
                entries.note(Input::Standalone(site.standalone()[*i].0.key.clone()));
                ctx.insert("page", &StandaloneView::new(site, *i));
                "page.html"
            }
            Job::TrackerCsv | Job::TrackerJson => {
                entries.note(Input::Nights);
                for n in site.nights().iter() {
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
            Job::Feed => {
                ctx.insert("feed", &FeedView::new(entries, None));
                "feed.xml"
            }
            Job::TopicFeed(i) => {
                ctx.insert("feed", &FeedView::new(entries, Some(&site.topics()[*i])));
                "feed.xml"
            }
            Job::Sitemap => {
                if let Some(base) = r.builtin_sitemap() {
                    contexts::write_sitemap(entries, base, buf);
                    return Ok(self.output_path(site));
                }
                ctx.insert("urls", &contexts::sitemap(entries));
                "sitemap.xml"
            }
            Job::Robots => "robots.txt",
            Job::NotFound => "404.html",
            Job::Search => {
                ctx.insert("search", &contexts::SearchView::new(lang));
                "search.html"
            }
        };
        if matches!(self.kind(), Kind::Html) {
            // A page with topic counts renders its rail itself.
            let rail = match ctx.contains_key(super::rail::COUNTS) {
                true => Value::none(),
                false => entries.rail(),
            };
            ctx.insert_value("rail_html", rail);
            let section = super::nav::section(self, site);
            ctx.insert_value("nav_html", entries.nav(&section));
            ctx.insert(super::nav::SECTION, section.as_str());
        }
        r.render_to(template, &ctx, buf)?;
        Ok(self.output_path(site))
    }
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
    t.pages.iter().any(|&id| site.pages()[id].drones.is_some())
}

/// The `limit` entries most recently published or updated, newest first.
pub(crate) fn newest_by_modification(site: &Site, ids: &[PageId], limit: usize) -> Vec<PageId> {
    // Newest modification first, then the lower id: a total order, so the
    // best `limit` selected, then sorted, are the first `limit` of the whole
    // list sorted (the site's feed picks 20 or so of 10,000 articles, on
    // each added or removed article).
    let order = |&a: &PageId, &b: &PageId| {
        last_modified(&site.pages()[b])
            .cmp(&last_modified(&site.pages()[a]))
            .then(a.cmp(&b))
    };
    let mut v: Vec<PageId> = ids.to_vec();
    if limit == 0 {
        v.clear();
    } else if v.len() > limit {
        v.select_nth_unstable_by(limit - 1, order);
        v.truncate(limit);
    }
    v.sort_by(order);
    v
}

/// The entries the feed of `topic` (none: the site's feed, of every
/// article) shows.
pub(crate) fn feed_shown(site: &Site, topic: Option<&crate::site::Topic>) -> Vec<PageId> {
    let limit = site.config().feed_limit;
    match topic {
        Some(t) => newest_by_modification(site, &t.pages, limit),
        None => newest_by_modification(site, &site.pages().ids().collect::<Vec<_>>(), limit),
    }
}

/// The entries each feed shows: the site's feed's, then each topic's.
pub(crate) fn feed_entries(site: &Site) -> impl Iterator<Item = Vec<PageId>> {
    std::iter::once(None)
        .chain(site.topics().iter().map(Some))
        .map(|t| feed_shown(site, t))
}

/// One page of a list, and the paginator value for templates.
fn paginate<'a>(ids: &'a [PageId], per: usize, n: usize, base: &str) -> (&'a [PageId], Paginator) {
    let total = page_count(ids.len(), per);
    let start = ((n - 1) * per).min(ids.len());
    let end = (start + per).min(ids.len());
    (&ids[start..end], Paginator::new(total, n, base))
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
