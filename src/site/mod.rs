//! The site model: plain data that templates read. Pages live in one store
//! (newest first); days, topics, taxonomies and stories hold indexes into it.

mod bodies;
mod ids;
pub(crate) mod places;
mod related;
pub(crate) mod stories;
pub(crate) mod tracker;

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::standalone::Standalone;
use crate::content::{Page, sort_newest_first};
use crate::diag::Diagnostic;
use crate::markdown::{self, LinkResolver, Rendered};

pub(crate) use bodies::Bodies;
pub(crate) use ids::{DayId, PageId, StandaloneId, Store, StoryPageId, TermId, TopicId};
pub(crate) use related::{RELATED, Reuse, foot_links};
pub(crate) use stories::Story;
pub(crate) use tracker::Night;

/// One day's entries.
#[derive(Debug, Clone)]
pub struct Day {
    /// The calendar day in the site's time zone.
    pub date: Date,
    /// Entries, newest first.
    pub pages: Vec<PageId>,
}

impl Day {
    /// URL path of the day page, `YYYY/MM/DD/`.
    pub fn path(&self) -> String {
        crate::paths::day(self.date)
    }
}

/// A topic with its entries.
#[derive(Debug, Clone)]
pub struct Topic {
    /// Slug from site.yaml.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Entries, newest first.
    pub pages: Vec<PageId>,
}

impl Topic {
    /// URL path, `topics/SLUG/`.
    pub fn path(&self) -> String {
        crate::paths::topic(&self.slug)
    }
}

/// The three free taxonomies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaxonomyKind {
    /// `tags:`
    Tags,
    /// `places:`
    Places,
    /// `source:`
    Sources,
}

impl TaxonomyKind {
    /// All kinds, in display order.
    pub const ALL: [TaxonomyKind; 3] = [
        TaxonomyKind::Tags,
        TaxonomyKind::Places,
        TaxonomyKind::Sources,
    ];

    /// URL segment and template name.
    pub fn segment(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Places => "places",
            TaxonomyKind::Sources => "sources",
        }
    }

    /// Display name.
    pub fn title(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "Tags",
            TaxonomyKind::Places => "Places",
            TaxonomyKind::Sources => "Sources",
        }
    }
}

/// One tag, place or source.
#[derive(Debug, Clone)]
pub struct Term {
    /// URL slug.
    pub slug: String,
    /// Name as most of its entries spell it (ties: the earliest entry's).
    pub name: String,
    /// Entries, newest first.
    pub pages: Vec<PageId>,
    /// Its profile, made when first asked for (see [`places::profile`]):
    /// each of a term's pages shows it.
    pub(crate) profile: std::sync::OnceLock<places::Profile>,
}

/// URL path of a term, `tags/SLUG/` (the rule is [`crate::paths::term`]).
pub(crate) fn term_path(kind: TaxonomyKind, slug: &str) -> String {
    crate::paths::term(kind.segment(), slug)
}

/// The whole site, ready to render. Its lists are read through methods
/// and indexed by typed ids ([`PageId`], [`DayId`], [`TopicId`]); only the
/// model changes them, so days, topics and terms always agree with the pages.
pub struct Site {
    config: Config,
    tz: TimeZone,
    /// Every page, newest first.
    pages: Store<PageId, Page>,
    /// URL path of each page.
    paths: Store<PageId, String>,
    /// Rendered body of each page.
    rendered: Store<PageId, Rendered>,
    /// Days, newest first.
    days: Store<DayId, Day>,
    /// Topics in site.yaml order.
    topics: Store<TopicId, Topic>,
    /// Tags, places and sources, each sorted by slug.
    taxonomies: BTreeMap<TaxonomyKind, Store<TermId, Term>>,
    /// Story id → the story and its entries.
    stories: BTreeMap<String, Story>,
    /// Ids of the stories with a page of their own, newest activity first.
    story_pages: Store<StoryPageId, String>,
    /// The drone tracker's nights, oldest first.
    nights: Vec<Night>,
    /// Page key → id; the fast hasher, as a change looks up some
    /// thousands of keys.
    by_key: hashbrown::HashMap<String, PageId>,
    /// Standalone pages (`content/pages/`), by key, with their rendered bodies.
    standalone: Store<StandaloneId, (Standalone, Rendered)>,
    /// Each page's topics as a bit set over `topics`, [`Site::topic_words`] words a page.
    topic_bits: Vec<u64>,
    /// Each page's day.
    day_index: Store<PageId, DayId>,
    /// Each page's related entries, best first, as many as its foot links
    /// can need (see [`related::kept`]).
    related: Store<PageId, Vec<PageId>>,
}

/// Reading the model.
impl Site {
    /// site.yaml.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The site's time zone.
    pub fn tz(&self) -> &TimeZone {
        &self.tz
    }

    /// Every page, newest first.
    pub fn pages(&self) -> &Store<PageId, Page> {
        &self.pages
    }

    /// URL path of each page.
    pub fn paths(&self) -> &Store<PageId, String> {
        &self.paths
    }

    /// Rendered body of each page.
    pub fn rendered(&self) -> &Store<PageId, Rendered> {
        &self.rendered
    }

    /// Days, newest first.
    pub fn days(&self) -> &Store<DayId, Day> {
        &self.days
    }

    /// Topics in site.yaml order.
    pub fn topics(&self) -> &Store<TopicId, Topic> {
        &self.topics
    }

    /// Tags, places and sources, each sorted by slug.
    pub fn taxonomies(&self) -> &BTreeMap<TaxonomyKind, Store<TermId, Term>> {
        &self.taxonomies
    }

    /// The terms of `kind`, sorted by slug.
    pub fn terms(&self, kind: TaxonomyKind) -> &Store<TermId, Term> {
        static NONE: Store<TermId, Term> = Store::new();
        self.taxonomies.get(&kind).unwrap_or(&NONE)
    }

    /// Story id → the story and its entries.
    pub fn stories(&self) -> &BTreeMap<String, Story> {
        &self.stories
    }

    /// Ids of the stories with a page of their own, newest activity first.
    pub fn story_pages(&self) -> &Store<StoryPageId, String> {
        &self.story_pages
    }

    /// The drone tracker's nights, oldest first.
    pub fn nights(&self) -> &[Night] {
        &self.nights
    }

    /// The page whose key (path under `content/`) is `key`.
    pub fn id_of(&self, key: &str) -> Option<PageId> {
        self.by_key.get(key).copied()
    }

    /// Standalone pages (`content/pages/`), by key, with their rendered bodies.
    pub fn standalone(&self) -> &Store<StandaloneId, (Standalone, Rendered)> {
        &self.standalone
    }
}

/// Changing the model in place (`serve`, the search index).
impl Site {
    /// Replaces page `id` by `page`, at the same place in the store (same
    /// key, date and URL): only its body is then rendered again.
    pub fn replace_page(&mut self, id: PageId, page: Page) {
        self.pages[id] = page;
    }

    /// The pages and their bodies, taken out of the model (to build the
    /// next one from).
    pub fn take_pages(&mut self) -> (Vec<Page>, Vec<Rendered>) {
        (
            std::mem::take(&mut self.pages).into_vec(),
            std::mem::take(&mut self.rendered).into_vec(),
        )
    }

    /// The standalone pages, taken out of the model.
    pub fn take_standalone(&mut self) -> Vec<Standalone> {
        std::mem::take(&mut self.standalone)
            .into_vec()
            .into_iter()
            .map(|(p, _)| p)
            .collect()
    }

    /// Every article body's HTML, taken out of the model (each
    /// `rendered()[id].html` is left empty), and the first paragraphs the
    /// entry views were made from freed: for a one-off build, which reads
    /// each body once more (see `render::handover`).
    pub(crate) fn take_html(&mut self) -> Store<PageId, String> {
        self.rendered
            .iter_mut()
            .map(|r| {
                r.first_paragraph = String::new();
                r.first_paragraph_text = String::new();
                std::mem::take(&mut r.html)
            })
            .collect()
    }

    /// Every body's plain text, taken out of the model (the search index
    /// of a build needs it no more).
    pub fn take_texts(&mut self) -> Vec<std::sync::Arc<str>> {
        self.rendered
            .iter_mut()
            .map(|r| std::mem::take(&mut r.text))
            .collect()
    }
}

struct Resolver<'a> {
    by_key: &'a hashbrown::HashMap<String, PageId>,
    paths: &'a Store<PageId, String>,
    base: &'a str,
}

impl LinkResolver for Resolver<'_> {
    fn resolve(&self, target: &str) -> Option<String> {
        self.by_key
            .get(target)
            .map(|&id| format!("{}{}", self.base, self.paths[id]))
    }
}

impl Site {
    /// Builds the model: sorts pages, renders their Markdown (in parallel),
    /// groups them. Returns the site and the problems found (links to
    /// articles that do not exist).
    pub fn new(config: Config, pages: Vec<Page>) -> (Site, Vec<Diagnostic>) {
        Site::with_markdown(
            config,
            pages,
            |page, links| markdown::render(&page.body, &page.key, links),
            None,
        )
    }

    /// [`Site::new`] for a one-off build, which never reads a page's
    /// Markdown again: each body is dropped as soon as it is rendered, and
    /// the bodies' plain text too when search is off (only the search index
    /// reads it), and the first paragraph of a page with a summary of its
    /// own (only the summary is shown). At 10,000 articles that is a third of the model's memory,
    /// freed while it is built instead of at the end.
    pub fn for_build(config: Config, pages: Vec<Page>) -> (Site, Vec<Diagnostic>) {
        let keep = Keep {
            bodies: false,
            text: config.search,
        };
        Site::build_model(
            config,
            pages,
            keep,
            |_, page, links| markdown::render(&page.body, &page.key, links),
            None,
        )
    }

    /// [`Site::new`] with the Markdown step supplied by the caller, so
    /// `serve` can reuse the bodies it rendered before a change. `render`
    /// must give what [`markdown::render`] gives for the page and resolver;
    /// `reuse` carries the related lists of the site this one replaces.
    /// The pages keep their Markdown; the bodies' plain text is kept only
    /// when search is on (a change of `search` reloads the whole site).
    pub fn with_markdown(
        config: Config,
        pages: Vec<Page>,
        render: impl Fn(&Page, &dyn LinkResolver) -> Rendered + Sync,
        reuse: Option<Reuse>,
    ) -> (Site, Vec<Diagnostic>) {
        let keep = Keep {
            bodies: true,
            text: config.search,
        };
        Site::build_model(config, pages, keep, |_, p, links| render(p, links), reuse)
    }

    /// [`Site::with_markdown`] with the page's place in the store (its id
    /// once the pages are sorted newest first) handed to `render`: pages
    /// given already in that order keep their place, so a caller can keep
    /// what it has of each page beside it by position instead of by key.
    pub(crate) fn with_markdown_at(
        config: Config,
        pages: Vec<Page>,
        render: impl Fn(PageId, &Page, &dyn LinkResolver) -> Rendered + Sync,
        reuse: Option<Reuse>,
    ) -> (Site, Vec<Diagnostic>) {
        let keep = Keep {
            bodies: true,
            text: config.search,
        };
        Site::build_model(config, pages, keep, render, reuse)
    }

    fn build_model(
        config: Config,
        mut pages: Vec<Page>,
        keep: Keep,
        render: impl Fn(PageId, &Page, &dyn LinkResolver) -> Rendered + Sync,
        mut reuse: Option<Reuse>,
    ) -> (Site, Vec<Diagnostic>) {
        let mut clock = crate::timing::PhaseClock::from_env();
        let tz = config.time_zone();
        match reuse.as_mut() {
            Some(r) => sort_beside(&mut pages, &mut r.from),
            None => sort_newest_first(&mut pages),
        }
        let paths: Vec<String> = pages.par_iter().map(|p| p.path(&tz)).collect();
        let paths: Store<PageId, String> = paths.into();
        let by_key: hashbrown::HashMap<String, PageId> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.key.clone(), PageId::new(i)))
            .collect();
        clock.lap("model: sort, paths, keys");
        let base = config.base_path();
        let resolver = Resolver {
            by_key: &by_key,
            paths: &paths,
            base: &base,
        };
        let (rendered, problems): (Vec<Rendered>, Vec<Vec<Diagnostic>>) = pages
            .par_iter_mut()
            .enumerate()
            .map(|(i, p)| {
                let mut r = render(PageId::new(i), p, &resolver);
                // The problems name body lines, so they are found before the body goes.
                let problems = body_problems(p, &r);
                if !keep.bodies {
                    p.body = String::new();
                }
                if !keep.text {
                    r.text = Default::default();
                }
                if !keep.bodies && p.summary.is_some() {
                    // Only a page without a summary of its own shows its first paragraph.
                    r.first_paragraph = String::new();
                    r.first_paragraph_text = String::new();
                }
                // An exact copy: mimalloc's `shrink_to_fit` keeps a block up
                // to twice the text's size, a third more memory for bodies.
                // A body taken over from the model this one replaces (serve)
                // is one already: copying all of them again on each added
                // article moved tens of megabytes, and the memory freed
                // had to be handed back and faulted in again.
                if r.html.capacity() != r.html.len() {
                    r.html = r.html.as_str().into();
                }
                (r, problems)
            })
            .unzip();
        let problems = problems.into_iter().flatten().collect();
        let mut site = Site {
            tz,
            days: Store::default(),
            topics: Store::default(),
            taxonomies: BTreeMap::new(),
            stories: BTreeMap::new(),
            story_pages: Store::default(),
            nights: Vec::new(),
            standalone: Store::default(),
            config,
            pages: Store::from(pages),
            paths,
            rendered: Store::from(rendered),
            by_key,
            topic_bits: Vec::new(),
            day_index: Store::default(),
            related: Store::default(),
        };
        clock.lap("model: bodies");
        site.index();
        clock.lap("model: index");
        site.relate(reuse);
        clock.lap("model: related");
        (site, problems)
    }

    /// Recomputes days, topics, taxonomies and stories from the pages.
    pub fn index(&mut self) {
        // Pages run newest first, so their days never increase: each day
        // is one run of pages.
        let mut days: Vec<Day> = Vec::new();
        let mut topics: hashbrown::HashMap<&str, Vec<PageId>> = hashbrown::HashMap::new();
        // Names repeat across pages: each distinct one is slugified once,
        // and its term looked up by number.
        let mut slugs: hashbrown::HashMap<&str, usize> = hashbrown::HashMap::new();
        let mut slug_list: Vec<String> = Vec::new();
        let mut slug_numbers: hashbrown::HashMap<String, usize> = hashbrown::HashMap::new();
        let mut found: hashbrown::HashMap<(TaxonomyKind, usize), usize> = hashbrown::HashMap::new();
        // Each term: its kind, slug number, entries and the spellings its
        // entries use (spelling, entries spelling it so, the earliest such entry).
        type Spellings<'p> = Vec<(&'p str, usize, PageId)>;
        let mut terms: Vec<(TaxonomyKind, usize, Vec<PageId>, Spellings)> = Vec::new();
        for (id, page) in self.pages.with_ids() {
            let day = page.day(&self.tz);
            match days.last_mut() {
                Some(d) if d.date == day => d.pages.push(id),
                _ => days.push(Day {
                    date: day,
                    pages: vec![id],
                }),
            }
            for t in &page.topics {
                topics.entry(t.as_str()).or_default().push(id);
            }
            let mut add = |kind: TaxonomyKind, name| {
                // Spellings that slugify alike share one number.
                let slug = *slugs.entry(name).or_insert_with(|| {
                    let slug = slug::slugify(name);
                    *slug_numbers.entry(slug).or_insert_with_key(|slug| {
                        slug_list.push(slug.clone());
                        slug_list.len() - 1
                    })
                });
                if slug_list[slug].is_empty() {
                    return;
                }
                let at = *found.entry((kind, slug)).or_insert_with(|| {
                    terms.push((kind, slug, Vec::new(), Vec::new()));
                    terms.len() - 1
                });
                let (_, _, pages, spellings) = &mut terms[at];
                if pages.last() == Some(&id) {
                    return;
                }
                pages.push(id);
                // Pages run newest first, so the last id seen is the earliest entry.
                let spelling = name.trim();
                match spellings.iter_mut().find(|(s, _, _)| *s == spelling) {
                    Some(seen) => *seen = (spelling, seen.1 + 1, id),
                    None => spellings.push((spelling, 1, id)),
                }
            };
            for tag in &page.tags {
                add(TaxonomyKind::Tags, tag);
            }
            for place in &page.places {
                add(TaxonomyKind::Places, place);
            }
            if let Some(source) = &page.source {
                add(TaxonomyKind::Sources, source);
            }
        }
        self.days = Store::from(days);
        self.topics = self
            .config
            .topics
            .iter()
            .map(|t| Topic {
                slug: t.slug.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
                pages: topics.remove(t.slug.as_str()).unwrap_or_default(),
            })
            .collect();
        drop(topics);
        let mut by_kind: BTreeMap<TaxonomyKind, Vec<Term>> =
            TaxonomyKind::ALL.iter().map(|&k| (k, Vec::new())).collect();
        for (kind, slug, pages, spellings) in terms {
            by_kind.entry(kind).or_default().push(Term {
                slug: slug_list[slug].clone(),
                name: most_used(&spellings).to_string(),
                pages,
                profile: std::sync::OnceLock::new(),
            });
        }
        for terms in by_kind.values_mut() {
            terms.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
        }
        drop(slugs);
        self.taxonomies = by_kind
            .into_iter()
            .map(|(k, terms)| (k, Store::from(terms)))
            .collect();
        self.stories = stories::group(&self.pages);
        self.story_pages = stories::with_pages(&self.stories).into();
        self.nights = tracker::nights(&self.pages, &self.tz);
        self.index_topic_bits();
        let mut day_index = vec![DayId::default(); self.pages.len()];
        for (k, day) in self.days.with_ids() {
            for &id in &day.pages {
                day_index[id.index()] = k;
            }
        }
        self.day_index = Store::from(day_index);
    }

    /// Words of 64 topics each in a page's topic bit set.
    fn topic_words(&self) -> usize {
        self.config.topics.len().div_ceil(64).max(1)
    }

    fn index_topic_bits(&mut self) {
        let words = self.topic_words();
        let slot: hashbrown::HashMap<&str, usize> = self
            .config
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.as_str(), i))
            .collect();
        let mut bits = vec![0u64; words * self.pages.len()];
        for (id, page) in self.pages.iter().enumerate() {
            for t in &page.topics {
                if let Some(&i) = slot.get(t.as_str()) {
                    bits[id * words + i / 64] |= 1 << (i % 64);
                }
            }
        }
        self.topic_bits = bits;
    }

    /// Whether page `id` is in topic `topic`.
    pub fn in_topic(&self, id: PageId, topic: TopicId) -> bool {
        let topic = topic.index();
        let w = self.topic_words();
        self.topic_bits
            .get(id.index() * w + topic / 64)
            .is_some_and(|word| word & (1 << (topic % 64)) != 0)
    }

    /// The day of page `id` (what [`Page::day`] gives), from the index
    /// made with [`Site::days`] instead of a time-zone conversion.
    pub fn day_of(&self, id: PageId) -> Date {
        match self.day_index.get(id).and_then(|&k| self.days.get(k)) {
            Some(day) => day.date,
            None => self.pages[id].day(&self.tz),
        }
    }

    /// How many topics each other page shares with page `id`, counted by
    /// [`SharedTopics::with`].
    pub(crate) fn topics_shared_with(&self, id: PageId) -> SharedTopics<'_> {
        let words = self.topic_words();
        let own = self.topic_bits[id.index() * words..][..words]
            .iter()
            .enumerate()
            .flat_map(|(w, &word)| {
                (0..64)
                    .filter(move |b| word & (1 << b) != 0)
                    .map(move |b| (w, 1 << b))
            })
            .collect();
        SharedTopics {
            bits: &self.topic_bits,
            words,
            own,
        }
    }

    /// Sets the standalone pages, rendering their Markdown (links to articles
    /// resolve as in articles); returns their links to no article.
    pub fn set_standalone(&mut self, pages: Vec<Standalone>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        self.standalone = pages
            .into_iter()
            .map(|p| {
                let r = markdown::render(&p.body, &p.key, &*self);
                for link in &r.broken_links {
                    problems.push(
                        Diagnostic::new(&p.file, format!("link to `{link}` names no article"))
                            .hint(
                                "link to a file under content/ by its path relative to this file",
                            ),
                    );
                }
                (p, r)
            })
            .collect();
        problems
    }

    /// The tag, place or source a name written in front matter belongs to.
    pub fn term(&self, kind: TaxonomyKind, name: &str) -> Option<&Term> {
        self.term_id(kind, name).map(|i| &self.terms(kind)[i])
    }

    /// The id of the tag, place or source a name written in front matter
    /// belongs to.
    pub(crate) fn term_id(&self, kind: TaxonomyKind, name: &str) -> Option<TermId> {
        self.term_id_by_slug(kind, &slug::slugify(name))
    }

    /// The tag, place or source of `kind` whose slug is `slug`.
    pub fn term_by_slug(&self, kind: TaxonomyKind, slug: &str) -> Option<&Term> {
        self.term_id_by_slug(kind, slug)
            .map(|i| &self.terms(kind)[i])
    }

    fn term_id_by_slug(&self, kind: TaxonomyKind, slug: &str) -> Option<TermId> {
        self.terms(kind)
            .binary_search_by(|t| t.slug.as_str().cmp(slug))
            .ok()
            .map(TermId::new)
    }

    /// The story of page `id`, if it has one.
    pub fn story_of(&self, id: PageId) -> Option<&Story> {
        self.pages[id]
            .story
            .as_ref()
            .and_then(|s| self.stories.get(s))
    }

    /// True when the site has a drone tracker page (some entry has a tally).
    pub fn has_tracker(&self) -> bool {
        !self.nights.is_empty()
    }

    /// The topic with this slug.
    pub fn topic(&self, slug: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.slug == slug)
    }

    /// The entries newer and older than `id` in `topic` (for previous/next links).
    pub fn neighbours(&self, topic: &Topic, id: PageId) -> (Option<PageId>, Option<PageId>) {
        // Topic lists are sorted like the store, so ids are ascending.
        match topic.pages.binary_search(&id) {
            Ok(k) => (
                k.checked_sub(1).map(|j| topic.pages[j]),
                topic.pages.get(k + 1).copied(),
            ),
            Err(_) => (None, None),
        }
    }
}

/// The topics of one page, to count how many of them other pages are in.
pub(crate) struct SharedTopics<'a> {
    bits: &'a [u64],
    words: usize,
    /// Each topic of the page: its word and bit in a page's bit set. A page
    /// has one or two topics, so this is one or two tests a page, where a
    /// population count of the words (no POPCNT instruction on the baseline
    /// x86-64) was a dozen operations.
    own: Vec<(usize, u64)>,
}

impl SharedTopics<'_> {
    /// How many of the page's topics page `o` is in.
    #[inline]
    pub(crate) fn with(&self, o: PageId) -> u32 {
        let row = o.index() * self.words;
        self.own
            .iter()
            .map(|&(w, bit)| u32::from(self.bits[row + w] & bit != 0))
            .sum()
    }
}

/// Sorts `pages` newest first, and `beside` (one item a page, padded with
/// `T::default()`) with them. Pages handed nearly sorted (serve's, after
/// a change) are found so in one pass and left as they are.
pub(crate) fn sort_beside<T: Default>(pages: &mut Vec<Page>, beside: &mut Vec<T>) {
    beside.resize_with(pages.len(), T::default);
    let sorted = pages
        .windows(2)
        .all(|w| crate::content::order_key(&w[0]) <= crate::content::order_key(&w[1]));
    if sorted {
        return;
    }
    let mut both: Vec<(Page, T)> = std::mem::take(pages)
        .into_iter()
        .zip(std::mem::take(beside))
        .collect();
    both.sort_by(|a, b| crate::content::order_key(&a.0).cmp(&crate::content::order_key(&b.0)));
    (*pages, *beside) = both.into_iter().unzip();
}

/// The spelling most entries use (`Kyiv` over `KYIV`); between spellings
/// used equally often, the earliest entry's (the highest id, as pages run
/// newest first), and between those the one that sorts last.
fn most_used<'p>(spellings: &[(&'p str, usize, PageId)]) -> &'p str {
    spellings
        .iter()
        .max_by(|a, b| (a.1, a.2, a.0).cmp(&(b.1, b.2, b.0)))
        .map_or("", |s| s.0)
}

/// What a site keeps of its pages' sources once their Markdown is rendered.
#[derive(Clone, Copy)]
struct Keep {
    /// The Markdown (`serve` renders a body again after a change).
    bodies: bool,
    /// The bodies' plain text (the search index reads it).
    text: bool,
}

/// A body refused for nesting, and links that name no article.
fn body_problems(page: &Page, r: &Rendered) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if let Some(line) = r.too_deep {
        problems.push(
            Diagnostic::new(
                &page.file,
                format!(
                    "raw HTML nests elements more than {} deep; the body is refused",
                    markdown::MAX_HTML_DEPTH
                ),
            )
            .at(Some(line + page.body_line - 1))
            .hint("close the HTML elements you open (`<div>` … `</div>`), or write the part in Markdown"),
        );
    }
    for link in &r.broken_links {
        let line = page
            .body
            .lines()
            .position(|l| l.contains(link.as_str()))
            .map(|i| i + page.body_line);
        problems.push(
            Diagnostic::new(&page.file, format!("link to `{link}` names no article"))
                .at(line)
                .hint("link to another file under content/ by its path relative to this file (or @/ for the content root), and check that it exists and is not a draft"),
        );
    }
    problems
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::content::parse_page;

    fn pages(config: &Config) -> Vec<Page> {
        ["a", "b"]
            .iter()
            .map(|name| {
                let text = format!(
                    "---\ntitle: {name}\ndate: 2024-11-02T10:00:00Z\n---\nFirst paragraph.\n\nA [link](missing.md) to nothing.\n"
                );
                let key = format!("{name}.md");
                parse_page(&key, Path::new(&key), &text, config).unwrap()
            })
            .collect()
    }

    #[test]
    fn a_build_model_drops_what_only_serve_and_search_read() {
        for search in [false, true] {
            let config = Config::parse(
                &format!("title: T\nsearch: {search}\n"),
                Path::new("site.yaml"),
            )
            .unwrap();
            let (kept, kept_problems) = Site::new(config.clone(), pages(&config));
            let (lean, lean_problems) = Site::for_build(config.clone(), pages(&config));
            assert!(kept.pages.iter().all(|p| !p.body.is_empty()));
            assert!(lean.pages.iter().all(|p| p.body.is_empty()));
            for (k, l) in kept.rendered.iter().zip(&lean.rendered) {
                assert_eq!(k.html, l.html);
                assert_eq!(k.first_paragraph, l.first_paragraph);
                // Only the search index reads the text.
                assert_eq!(l.text.is_empty(), !search, "search: {search}");
                assert_eq!(k.text.is_empty(), !search, "search: {search}");
            }
            // The broken links' lines are found before the bodies go.
            let lines = |d: &[Diagnostic]| d.iter().map(|d| format!("{d}")).collect::<Vec<_>>();
            assert_eq!(lines(&kept_problems), lines(&lean_problems));
            assert!(
                lean_problems.iter().all(|d| d.line == Some(7)),
                "{lean_problems:?}"
            );
        }
    }

    #[test]
    fn a_build_model_keeps_no_first_paragraph_where_a_summary_is_shown() {
        let config = Config::parse("title: T\n", Path::new("site.yaml")).unwrap();
        let page = |summary: &str| {
            let text = format!("---\ntitle: x\ndate: 2024-11-02\n{summary}---\nFirst.\n");
            parse_page("x.md", Path::new("x.md"), &text, &config).unwrap()
        };
        let first = |site: &Site| {
            let r = &site.rendered()[PageId::new(0)];
            (r.first_paragraph.clone(), r.first_paragraph_text.clone())
        };
        let shown = ("<p>First.</p>".to_string(), "First.".to_string());
        let with_summary = || vec![page("summary: Its own.\n")];
        assert_eq!(
            first(&Site::for_build(config.clone(), with_summary()).0),
            Default::default()
        );
        // serve keeps it (a later edit may remove the summary), and a page without one shows it.
        assert_eq!(first(&Site::new(config.clone(), with_summary()).0), shown);
        assert_eq!(
            first(&Site::for_build(config.clone(), vec![page("")]).0),
            shown
        );
    }

    /// Serve keeps both the model and the search index: one copy of each
    /// body's text, not two (at 10,000 articles the copy was 40 MB).
    #[test]
    fn the_search_index_shares_each_body_text_with_the_model() {
        let config = Config::parse("title: T\nsearch: true\n", Path::new("site.yaml")).unwrap();
        let (site, _) = Site::new(config.clone(), pages(&config));
        for id in site.pages().ids() {
            let doc = crate::search::doc(&site, id);
            assert!(doc.text.starts_with("First paragraph."), "{}", doc.text);
            assert!(std::sync::Arc::ptr_eq(&doc.text, &site.rendered()[id].text));
        }
    }
}
