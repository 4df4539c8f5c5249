//! What each output file read from the model, recorded by the code that
//! builds its context. A job's context is built through a [`Reader`]: every
//! entry view it takes is noted by indexing the reader (`read[id]`), and
//! every list, day, story or site-wide value it reads is noted with
//! [`Reader::note`] where it is read. `serve` keeps what each file read and
//! re-renders a file only when one of those inputs has another value, so
//! there is no second, hand-kept description of what a page shows.
//!
//! Inputs are named by what keeps its identity when articles are added or
//! removed (page keys, slugs, dates, page numbers), never by store index.

use std::cell::RefCell;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Index;

use jiff::civil::Date;
use tera::Value;

use super::contexts::DayHeading;
use super::contexts::ListParts;
use crate::site::{DayId, PageId, Site, Store, TaxonomyKind};

/// A list of entries that is shown page by page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum List {
    /// The home page's runs of days after the latest one.
    Home,
    /// A topic's timeline, by slug.
    Topic(String),
    /// A tag's, place's or source's entries, by slug.
    Term(TaxonomyKind, String),
}

/// One value of the model a file's context read, besides the pages it
/// shows (those are recorded by key, see [`Recorded::pages`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    /// The values every template sees as `site` and `t`.
    Site,
    /// Page `n` of a list: which pages it holds, how many pages and entries
    /// the list has in all.
    Window(List, usize),
    /// The latest day (shown whole on the home page) and the day before it.
    Latest,
    /// A day's entries and the days before and after it.
    Day(Date),
    /// A story's reports, by story id (the story's page exists when it has two).
    Story(String),
    /// The story of an article, by page key: which story, if it has a page.
    StoryOf(String),
    /// The links at an article's foot (story, topic neighbours, related), by page key.
    FootLinks(String),
    /// Every topic's number of entries and newest entry.
    Topics,
    /// A taxonomy's terms: slug, name and number of entries.
    Taxonomy(TaxonomyKind),
    /// A term's name, number of entries and profile (its topics and months).
    Term(TaxonomyKind, String),
    /// Every day: its date, number of entries and first entry.
    Days,
    /// The stories with a page, newest activity first.
    Stories,
    /// The drone tracker's nights and the reports of each.
    Nights,
    /// The entries a feed shows (every article, or a topic's by slug).
    Feed(Option<String>),
    /// A standalone page, by key.
    Standalone(String),
    /// Every page's URL and last modification (the sitemap).
    Sitemap,
    /// Whether a topic has drone tallies, by slug.
    TopicTallies(String),
}

/// What one job read: the pages it showed (by key) and the other inputs.
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    /// Keys of the pages whose view or fields the context took.
    pub pages: Vec<String>,
    /// Every other input, in the order first read.
    pub inputs: Vec<Input>,
}

/// The shared entry views and the model, handed to the code that builds a
/// context; indexing it (`read[id]`) takes page `id`'s entry view and notes
/// that the page was shown.
pub struct Reader<'a> {
    /// The model.
    pub site: &'a Site,
    entries: &'a Store<PageId, Value>,
    items: Option<&'a super::items::Items<'a>>,
    bodies: Option<&'a super::handover::Bodies>,
    parts: &'a ListParts,
    rail: Option<&'a Value>,
    navs: Option<&'a super::nav::Navs>,
    foot_items: Option<&'a super::items::FootItems<'a>>,
    pages: RefCell<Vec<PageId>>,
    inputs: RefCell<Vec<Input>>,
}

impl<'a> Reader<'a> {
    /// A reader over `site`, its entry views and the parts its lists share,
    /// with nothing read yet.
    pub(crate) fn new(
        site: &'a Site,
        entries: &'a Store<PageId, Value>,
        parts: &'a ListParts,
    ) -> Self {
        Reader {
            site,
            entries,
            items: None,
            bodies: None,
            parts,
            rail: None,
            navs: None,
            foot_items: None,
            pages: RefCell::new(Vec::new()),
            inputs: RefCell::new(vec![Input::Site]),
        }
    }

    /// The reader, with the list items of `items` for [`Reader::entries_html`].
    pub(crate) fn with_items(mut self, items: Option<&'a super::items::Items<'a>>) -> Self {
        self.items = items;
        self
    }

    /// The reader, taking the article bodies from `bodies` (a one-off
    /// build, see [`super::handover`]) instead of the model.
    pub(crate) fn with_bodies(mut self, bodies: Option<&'a super::handover::Bodies>) -> Self {
        self.bodies = bodies;
        self
    }

    /// The reader, with the shared rail of the pages without topic counts
    /// (see [`super::rail`]).
    pub(crate) fn with_rail(mut self, rail: &'a Value) -> Self {
        self.rail = Some(rail);
        self
    }

    /// The reader, with the foot links of [`Reader::foot_html`].
    pub(crate) fn with_foot_items(mut self, items: &'a super::items::FootItems<'a>) -> Self {
        self.foot_items = Some(items);
        self
    }

    /// The links of `ids` in an article's foot list `list`, one after
    /// another as one safe string; none when they are not reused (see
    /// [`super::items::FootItems`]). Notes that each entry was shown.
    pub(crate) fn foot_html(&self, list: super::items::FootList, ids: &[PageId]) -> Value {
        self.pages(ids);
        match self.foot_items {
            Some(items) => items.list(list, ids, self.entries),
            None => Value::none(),
        }
    }

    /// The reader, with the shared topic navs (see [`super::nav`]).
    pub(crate) fn with_nav(mut self, navs: &'a super::nav::Navs) -> Self {
        self.navs = Some(navs);
        self
    }

    /// The shared topic nav of `section`, none when there is none (part of
    /// the `site` values, which every page reads; the section is the page's own).
    pub(crate) fn nav(&self, section: &str) -> Value {
        self.navs.map_or_else(Value::none, |n| n.get(section))
    }

    /// The shared rail, none when there is none (part of the `site`
    /// values, which every page reads).
    pub(crate) fn rail(&self) -> Value {
        self.rail.cloned().unwrap_or_else(Value::none)
    }

    /// Runs `f` on the HTML body of page `id`; `last` when the article's
    /// own page reads it, after which a one-off build frees it. The body is
    /// part of the page's recorded fields: call it with the page noted.
    pub(crate) fn body<R>(&self, id: PageId, last: bool, f: impl FnOnce(&str) -> R) -> R {
        match self.bodies {
            Some(bodies) => bodies.with(id, last, f),
            None => f(&self.site.rendered()[id].html),
        }
    }

    /// The list items of `ids` in a list grouped by topic `here` (empty:
    /// not grouped), one after another as one safe string: a list's
    /// `entries_html`. None when the entry partial is not reused (see
    /// [`super::items`]). Notes that each entry was shown.
    pub(crate) fn entries_html(&self, ids: &[PageId], here: &str) -> Value {
        self.pages(ids);
        match self.items {
            Some(items) => items.list(ids, self.entries, here),
            None => Value::none(),
        }
    }

    /// The heading of day `d` in a list (part of the list's window, which
    /// the caller notes).
    pub(crate) fn day_heading(&self, d: Date) -> std::borrow::Cow<'a, DayHeading> {
        self.parts.heading(self.site, d)
    }

    /// The `topics` and `months` of term `id` of `kind` (the caller notes
    /// the term).
    pub(crate) fn term_profile(
        &self,
        kind: TaxonomyKind,
        id: crate::site::TermId,
    ) -> (Value, Value) {
        self.parts.profile(self.site, kind, id)
    }

    /// Notes that the context read `input`.
    pub fn note(&self, input: Input) {
        let mut inputs = self.inputs.borrow_mut();
        if !inputs.contains(&input) {
            inputs.push(input);
        }
    }

    /// Notes that the context read fields of page `id` (besides its view).
    pub fn page(&self, id: PageId) -> &'a crate::content::Page {
        self.pages.borrow_mut().push(id);
        &self.site.pages()[id]
    }

    /// Notes that the context read each of `ids`.
    pub fn pages(&self, ids: &[PageId]) {
        self.pages.borrow_mut().extend_from_slice(ids);
    }

    /// What was read, with page ids turned into keys.
    pub fn into_recorded(self) -> Recorded {
        let mut ids = self.pages.into_inner();
        ids.sort_unstable();
        ids.dedup();
        Recorded {
            pages: ids
                .into_iter()
                .map(|id| self.site.pages()[id].key.clone())
                .collect(),
            inputs: self.inputs.into_inner(),
        }
    }
}

impl Index<PageId> for Reader<'_> {
    type Output = Value;

    fn index(&self, id: PageId) -> &Value {
        self.pages.borrow_mut().push(id);
        &self.entries[id]
    }
}

/// The hasher values of inputs and pages are made with: fast (a change
/// values some ten thousand inputs), and fixed, so one value made twice is
/// the same. Values are only compared within one run of `serve`.
pub(crate) type ValueHasher = foldhash::fast::FoldHasher<'static>;

/// A fresh [`ValueHasher`].
pub(crate) fn value_hasher() -> ValueHasher {
    foldhash::fast::FixedState::with_seed(0x5e7e_a1ed).build_hasher()
}

/// What valuing inputs reads again and again, made once per model: each
/// page's key as a hash (lists are valued by their pages' keys, which keep
/// their identity when pages are added or removed) and the home page's runs.
pub struct Valuing<'a> {
    /// The model.
    pub site: &'a Site,
    /// The hash of the `site` values.
    pub site_value: u64,
    /// Made on first use: an edit values a few inputs only.
    key_hash: std::sync::OnceLock<Vec<u64>>,
    home: std::sync::OnceLock<Vec<std::ops::Range<usize>>>,
}

impl<'a> Valuing<'a> {
    /// The shared parts of valuing inputs of `site`.
    pub fn new(site: &'a Site, site_value: u64) -> Self {
        Valuing {
            site,
            site_value,
            key_hash: std::sync::OnceLock::new(),
            home: std::sync::OnceLock::new(),
        }
    }

    fn key_hashes(&self) -> &[u64] {
        self.key_hash.get_or_init(|| {
            use rayon::prelude::*;
            self.site
                .pages()
                .par_iter()
                .map(|p| {
                    let mut h = value_hasher();
                    p.key.hash(&mut h);
                    h.finish()
                })
                .collect()
        })
    }

    fn home(&self) -> &[std::ops::Range<usize>] {
        self.home.get_or_init(|| super::jobs::home_pages(self.site))
    }

    fn keys(&self, ids: &[PageId], h: &mut ValueHasher) {
        let hashes = self.key_hashes();
        ids.len().hash(h);
        for &id in ids {
            h.write_u64(hashes[id.index()]);
        }
    }

    fn key(&self, id: Option<PageId>, h: &mut ValueHasher) {
        id.map(|id| self.key_hashes()[id.index()]).hash(h);
    }
}

impl Input {
    /// The input's value in the model `v` values, as a hash. An input that
    /// no longer exists has a value too (its absence), so a file that read
    /// it renders again.
    pub fn value(&self, v: &Valuing) -> u64 {
        self.value_with(v, |key| v.site.id_of(key))
    }

    /// The page key an input is about ([`Input::FootLinks`],
    /// [`Input::StoryOf`]), if it names one.
    pub fn page_key(&self) -> Option<&str> {
        match self {
            Input::FootLinks(key) | Input::StoryOf(key) => Some(key),
            _ => None,
        }
    }

    /// [`Input::value`], with the page [`Input::page_key`] names found by
    /// `page` (serve knows it by number, which spares a look-up by key
    /// for each of 20,000 such inputs on an added or removed article).
    pub fn value_with(&self, v: &Valuing, page: impl FnOnce(&str) -> Option<PageId>) -> u64 {
        let (site, site_value) = (v.site, v.site_value);
        let mut h = value_hasher();
        std::mem::discriminant(self).hash(&mut h);
        let per = site.config().paginate_by;
        let window = |ids: &[PageId], n: usize, h: &mut ValueHasher| {
            let pages = super::jobs::page_count(ids.len(), per);
            (pages, ids.len()).hash(h);
            let start = ((n - 1) * per).min(ids.len());
            v.keys(&ids[start..(start + per).min(ids.len())], h);
        };
        match self {
            Input::Site => site_value.hash(&mut h),
            Input::Window(List::Home, n) => {
                v.home().len().hash(&mut h);
                if let Some(range) = v.home().get(n - 1) {
                    let ids: Vec<PageId> = range.clone().map(PageId::new).collect();
                    v.keys(&ids, &mut h);
                }
            }
            Input::Window(List::Topic(slug), n) => {
                if let Some(t) = site.topic(slug) {
                    window(&t.pages, *n, &mut h);
                }
            }
            Input::Window(List::Term(kind, slug), n) => {
                if let Some(t) = term(site, *kind, slug) {
                    window(&t.pages, *n, &mut h);
                }
            }
            Input::Latest => {
                for d in site.days().iter().take(2) {
                    d.date.hash(&mut h);
                }
                if let Some(d) = site.days().first() {
                    v.keys(&d.pages, &mut h);
                }
            }
            Input::Day(date) => {
                if let Ok(i) = site.days().binary_search_by(|d| date.cmp(&d.date)) {
                    v.keys(&site.days()[DayId::new(i)].pages, &mut h);
                    let at = |j: Option<usize>| {
                        j.and_then(|j| site.days().get(DayId::new(j)))
                            .map(|d| d.date)
                    };
                    (at(i.checked_sub(1)), at(Some(i + 1))).hash(&mut h);
                }
            }
            Input::Story(id) => {
                if let Some(s) = site.stories().get(id) {
                    v.keys(&s.pages, &mut h);
                    s.sources.hash(&mut h);
                }
            }
            Input::StoryOf(key) => {
                if let Some(id) = page(key) {
                    site.story_of(id)
                        .filter(|s| s.has_page())
                        .map(|s| &s.id)
                        .hash(&mut h);
                }
            }
            Input::FootLinks(key) => {
                if let Some(id) = page(key) {
                    let links = crate::site::foot_links(site, id, crate::site::RELATED);
                    v.keys(&links.story, &mut h);
                    for (slug, newer, older) in &links.neighbours {
                        slug.hash(&mut h);
                        for o in [newer, older] {
                            v.key(*o, &mut h);
                        }
                    }
                    v.keys(&links.related, &mut h);
                }
            }
            Input::Topics => {
                for t in site.topics().iter() {
                    t.pages.len().hash(&mut h);
                    v.key(t.pages.first().copied(), &mut h);
                }
            }
            Input::Taxonomy(kind) => {
                for t in site.terms(*kind).iter() {
                    (&t.slug, &t.name, t.pages.len()).hash(&mut h);
                }
            }
            Input::Term(kind, slug) => {
                if let Some(t) = term(site, *kind, slug) {
                    (&t.name, t.pages.len()).hash(&mut h);
                    crate::site::places::profile(site, t).hash(&mut h);
                }
            }
            Input::Days => {
                for d in site.days().iter() {
                    (d.date, d.pages.len()).hash(&mut h);
                    v.key(d.pages.first().copied(), &mut h);
                }
            }
            Input::Stories => {
                for s in site
                    .story_pages()
                    .iter()
                    .filter_map(|s| site.stories().get(s))
                {
                    s.id.hash(&mut h);
                    v.keys(&s.pages, &mut h);
                    s.sources.hash(&mut h);
                }
            }
            Input::Nights => {
                for n in site.nights().iter() {
                    (n.night, &n.side).hash(&mut h);
                    v.keys(&n.reports, &mut h);
                }
            }
            Input::Feed(slug) => {
                // A topic gone from site.yaml has no feed: nothing shown.
                let shown = match slug {
                    Some(slug) => site
                        .topic(slug)
                        .map(|t| super::jobs::feed_shown(site, Some(t)))
                        .unwrap_or_default(),
                    None => super::jobs::feed_shown(site, None),
                };
                v.keys(&shown, &mut h);
            }
            Input::Standalone(key) => {
                if let Some((p, r)) = site.standalone().iter().find(|(p, _)| p.key == *key) {
                    (&p.slug, &p.title, &p.summary, &r.html).hash(&mut h);
                    format!("{:?}", p.extra).hash(&mut h);
                }
            }
            Input::Sitemap => {
                for job in super::jobs::all(site) {
                    // An article's URL path is the model's, hashed where it
                    // is (a `String` hashes as its `str`), not copied.
                    if let super::jobs::Job::Article(id) = &job {
                        (site.paths()[*id].as_str(), job.lastmod(site)).hash(&mut h);
                    } else if let Some(url) = job.url_path(site) {
                        (url, job.lastmod(site)).hash(&mut h);
                    }
                }
            }
            Input::TopicTallies(slug) => {
                site.topic(slug)
                    .is_some_and(|t| super::jobs::topic_has_tallies(site, t))
                    .hash(&mut h);
            }
        }
        h.finish()
    }
}

fn term<'a>(site: &'a Site, kind: TaxonomyKind, slug: &str) -> Option<&'a crate::site::Term> {
    site.term_by_slug(kind, slug)
}
