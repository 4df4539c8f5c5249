//! Related entries: same story first, then shared topics, places and tags.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::HashSet;

use rayon::prelude::*;

use super::{PageId, Site, Store, TaxonomyKind};

/// How many related entries an article's foot lists.
pub(crate) const RELATED: usize = 5;

/// The lowest score of a related entry (the same story is worth 8, each
/// shared tag or topic 2, a shared place 1).
const MIN_SCORE: u32 = 3;

/// Per-thread scores, indexed by page id, reused across calls: a flat array
/// instead of a hash map, since this runs once per article over up to a
/// thousand candidates each.
#[derive(Default)]
struct Scratch {
    score: Vec<u32>,
    touched: Vec<PageId>,
    /// The touched pages (but the page itself) scoring at least
    /// [`MIN_SCORE`], with their full score.
    scored: Vec<(u32, PageId)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Up to `limit` entries related to `id`, best first. Candidates come from
/// the story, tag and place lists only, so the cost stays linear in practice.
pub(crate) fn related(site: &Site, id: PageId, limit: usize) -> Vec<PageId> {
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        let s = &mut *s;
        s.score.resize(s.score.len().max(site.pages.len()), 0);
        // `rank` leaves every score at 0 again.
        let out = rank(site, id, limit, s);
        s.touched.clear();
        s.scored.clear();
        out
    })
}

fn rank(site: &Site, id: PageId, limit: usize, s: &mut Scratch) -> Vec<PageId> {
    let page = &site.pages[id];
    let mut add = |o: PageId, weight: u32| {
        let score = &mut s.score[o.index()];
        if *score == 0 {
            s.touched.push(o);
        }
        *score += weight;
    };
    if let Some(story) = site.story_of(id) {
        for &o in &story.pages {
            add(o, 8);
        }
    }
    let lists = [
        (TaxonomyKind::Tags, &page.tags, 2),
        (TaxonomyKind::Places, &page.places, 1),
    ];
    for (kind, names, weight) in lists {
        for name in names {
            if let Some(term) = site.term(kind, name) {
                // Only the 200 newest of a huge term: older ones rarely matter.
                for &o in term.pages.iter().take(200) {
                    add(o, weight);
                }
            }
        }
    }
    // Best score first, then closest in time, then the lower id: a total
    // order, so selecting the best `limit` and sorting only those gives the
    // same list as sorting everything. Time, not the distance in the store:
    // an article added between two others must not reorder their lists.
    // The full scores first, with how many candidates have each: only those
    // at or above the lowest score the best `limit` can have are ranked.
    // Each score is read once more, and set back to 0 for the next page.
    let mut counts = [0usize; 64];
    let shared = site.topics_shared_with(id);
    for &o in &s.touched {
        let score = std::mem::take(&mut s.score[o.index()]) + 2 * shared.with(o);
        if o != id && score >= MIN_SCORE {
            counts[(score as usize).min(counts.len() - 1)] += 1;
            s.scored.push((score, o));
        }
    }
    let mut floor = MIN_SCORE;
    let mut above = 0;
    for score in (MIN_SCORE as usize..counts.len()).rev() {
        above += counts[score];
        if above >= limit {
            floor = score as u32;
            break;
        }
    }
    let at = page.date.at.as_nanosecond();
    // Only the pages scoring enough to rank, not every page touched.
    let mut ranked: Vec<(Reverse<u32>, u128, PageId)> = s
        .scored
        .iter()
        .filter(|&&(score, _)| score >= floor)
        .map(|&(score, o)| {
            let distance = site.pages[o].date.at.as_nanosecond().abs_diff(at);
            (Reverse(score), distance, o)
        })
        .collect();
    if ranked.len() > limit && limit > 0 {
        ranked.select_nth_unstable(limit - 1);
    }
    ranked.truncate(limit);
    ranked.sort_unstable();
    ranked.into_iter().map(|(_, _, o)| o).collect()
}

/// The links at an article's foot, each entry once: the other reports of
/// its story, then its newer and older neighbour in each topic (unless
/// already listed), then up to `limit` related entries not listed above.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FootLinks {
    /// The other reports of the article's story, newest first.
    pub story: Vec<PageId>,
    /// Per topic of the article (by slug): its newer and older neighbour.
    pub neighbours: Vec<(String, Option<PageId>, Option<PageId>)>,
    /// Related entries, best first.
    pub related: Vec<PageId>,
}

/// The deduplicated foot links of article `id` (see [`FootLinks`]).
pub(crate) fn foot_links(site: &Site, id: PageId, limit: usize) -> FootLinks {
    let story: Vec<PageId> = site
        .story_of(id)
        .map(|s| s.pages.iter().copied().filter(|&o| o != id).collect())
        .unwrap_or_default();
    let mut shown: Vec<PageId> = story.clone();
    let keep = |o: Option<PageId>, shown: &mut Vec<PageId>| {
        o.filter(|o| !shown.contains(o)).inspect(|&o| shown.push(o))
    };
    let mut neighbours = Vec::new();
    for topic in site.pages[id].topics.iter().filter_map(|t| site.topic(t)) {
        let (newer, older) = site.neighbours(topic, id);
        let newer = keep(newer, &mut shown);
        let older = keep(older, &mut shown);
        neighbours.push((topic.slug.clone(), newer, older));
    }
    let kept = site.related.get(id).map_or(&[][..], Vec::as_slice);
    let related = if limit <= RELATED && !site.related.is_empty() {
        kept.iter()
            .copied()
            .filter(|o| !shown.contains(o))
            .take(limit)
            .collect()
    } else {
        related(site, id, limit + shown.len())
            .into_iter()
            .filter(|o| !shown.contains(o))
            .take(limit)
            .collect()
    };
    FootLinks {
        story,
        neighbours,
        related,
    }
}

/// How many related entries page `id` keeps: enough for [`RELATED`] at its
/// foot whatever its story's other reports and its topic neighbours take
/// (the best `n` of a total order are a prefix of the best `n + k`).
fn kept_len(site: &Site, id: PageId) -> usize {
    RELATED + site.story_of(id).map_or(0, |s| s.pages.len()) + 2 * site.pages[id].topics.len()
}

/// What a rebuilt site can take from the site it replaces: its related
/// lists, and what changed between the two.
#[derive(Default)]
pub struct Reuse {
    /// The previous site's related lists, by its page ids.
    pub related: Store<PageId, Vec<PageId>>,
    /// The previous site's id of each page handed to the model, in the
    /// order handed (none for a page added): the model sorts it beside the
    /// pages, so a page's old id is found by its place, not looked up by
    /// key (at 10,000 articles that was 10,000 keys copied and hashed on
    /// each added or removed article).
    pub from: Vec<Option<PageId>>,
    /// Keys of the pages added, removed or changed.
    pub changed: HashSet<String>,
    /// Tags and places (kind, slug) of those pages, before and after.
    pub terms: HashSet<(TaxonomyKind, String)>,
    /// Story ids of those pages, before and after.
    pub stories: HashSet<String>,
}

impl Reuse {
    /// Notes a page that was added, removed or changed (call with both its
    /// old and new version).
    pub fn note(&mut self, page: &crate::content::Page) {
        self.changed.insert(page.key.clone());
        for (kind, names) in [
            (TaxonomyKind::Tags, &page.tags),
            (TaxonomyKind::Places, &page.places),
        ] {
            for n in names {
                self.terms.insert((kind, slug::slugify(n)));
            }
        }
        self.stories.extend(page.story.iter().cloned());
    }
}

impl Site {
    /// Makes every page's related list. With `reuse`, a page keeps its
    /// previous list (with ids moved) unless it changed or shares a tag,
    /// place or story with a page that changed: only those can move its
    /// candidates or their scores.
    pub fn relate(&mut self, reuse: Option<Reuse>) {
        let this = &*self;
        let n = self.pages.len();
        // This site's id → the previous site's, and the pages to rank again.
        let mut back: Store<PageId, Option<PageId>> = vec![None; n].into();
        let mut again: Store<PageId, bool> = vec![reuse.is_none(); n].into();
        // The previous site's id → this site's.
        let mut ids: Store<PageId, Option<PageId>> = Store::default();
        if let Some(r) = &reuse {
            ids = vec![None; r.related.len()].into();
            for (new, old) in r.from.iter().enumerate().take(n) {
                if let Some(old) = *old
                    && old.index() < ids.len()
                {
                    back[PageId::new(new)] = Some(old);
                    ids[old] = Some(PageId::new(new));
                }
            }
            for (kind, slug) in &r.terms {
                if let Some(t) = this.term_by_slug(*kind, slug) {
                    t.pages.iter().for_each(|&id| again[id] = true);
                }
            }
            for story in r.stories.iter().filter_map(|s| this.stories.get(s)) {
                story.pages.iter().for_each(|&id| again[id] = true);
            }
            for key in &r.changed {
                if let Some(&id) = this.by_key.get(key) {
                    again[id] = true;
                }
            }
        }
        let lists: Vec<Vec<PageId>> = (0..n)
            .into_par_iter()
            .map(PageId::new)
            .map(|id| {
                let previous = || {
                    let r = reuse.as_ref()?;
                    let list = r.related.get(back[id]?)?;
                    list.iter()
                        .map(|&o| ids.get(o).copied().flatten())
                        .collect()
                };
                match again[id] {
                    false => previous(),
                    true => None,
                }
                .unwrap_or_else(|| related(this, id, kept_len(this, id)))
            })
            .collect();
        self.related = lists.into();
    }

    /// Every page's related list, by id (for [`Reuse::related`]).
    pub fn take_related(&mut self) -> Store<PageId, Vec<PageId>> {
        std::mem::take(&mut self.related)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::content::parse_page;

    /// The plain definition: every candidate scored in a map, all sorted.
    fn reference(site: &Site, id: PageId, limit: usize) -> Vec<PageId> {
        let page = &site.pages[id];
        let mut score: HashMap<PageId, u32> = HashMap::new();
        if let Some(story) = site.story_of(id) {
            for &o in &story.pages {
                *score.entry(o).or_default() += 8;
            }
        }
        for (kind, names, weight) in [
            (TaxonomyKind::Tags, &page.tags, 2),
            (TaxonomyKind::Places, &page.places, 1),
        ] {
            let terms = &site.taxonomies[&kind];
            for name in names {
                let slug = slug::slugify(name);
                if let Ok(i) = terms.binary_search_by(|t| t.slug.as_str().cmp(&slug)) {
                    for &o in terms[crate::site::TermId::new(i)].pages.iter().take(200) {
                        *score.entry(o).or_default() += weight;
                    }
                }
            }
        }
        score.remove(&id);
        let mut ranked: Vec<(PageId, u32)> = score
            .into_iter()
            .map(|(o, s)| {
                let shared = site.pages[o]
                    .topics
                    .iter()
                    .filter(|t| page.topics.contains(t))
                    .count() as u32;
                (o, s + 2 * shared)
            })
            .filter(|&(_, s)| s >= 3)
            .collect();
        ranked.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| {
                    let at = |o: PageId| {
                        site.pages[o]
                            .date
                            .at
                            .as_nanosecond()
                            .abs_diff(page.date.at.as_nanosecond())
                    };
                    at(a.0).cmp(&at(b.0))
                })
                .then(a.0.cmp(&b.0))
        });
        ranked.into_iter().take(limit).map(|(o, _)| o).collect()
    }

    fn site(n: usize) -> Site {
        let config = Config::parse(
            "title: T\ntopics:\n  - { slug: a, name: A }\n  - { slug: b, name: B }\n  - { slug: c, name: C }\n",
            Path::new("site.yaml"),
        )
        .unwrap();
        let tags = ["kyiv", "odesa", "power", "drones", "rail", "talks"];
        let pages = (0..n)
            .map(|i| {
                let topics = ["[a]", "[b]", "[a, b]", "[c]", "[]", "[a, a]", "[b, a, b]"][i % 7];
                let t: Vec<&str> = (0..1 + i % 4).map(|k| tags[(i * 7 + k * 3) % 6]).collect();
                let story = if i % 6 == 0 { "story: s1\n" } else { "" };
                let text = format!(
                    "---\ntitle: P{i}\ndate: 2024-01-{:02}T{:02}:00:00Z\ntopics: {topics}\ntags: [{}]\nplaces: [{}]\n{story}---\nBody.\n",
                    1 + i % 28,
                    i % 24,
                    t.join(", "),
                    ["Kyiv", "Lviv"][i % 2],
                );
                let key = format!("p{i}.md");
                parse_page(&key, Path::new(&key), &text, &config).unwrap()
            })
            .collect();
        Site::new(config, pages).0
    }

    /// A site rebuilt after pages were added, changed and removed, taking
    /// the related lists it can from the site before, has every list a
    /// fresh one has.
    #[test]
    fn reused_lists_match_fresh_ones() {
        let before = site(90);
        let config = before.config.clone();
        let mut pages = before.pages.clone().into_vec();
        let mut reuse = Reuse {
            related: before.related.clone(),
            from: before.pages.ids().map(Some).collect(),
            ..Reuse::default()
        };
        // One removed, one moved to other tags, one added between others
        // (handed last: the model sorts it, and the old ids beside it, into place).
        reuse.from.remove(10);
        reuse.note(&pages.remove(10));
        reuse.note(&pages[20]);
        pages[20].tags = vec!["rail".into(), "odesa".into()];
        reuse.note(&pages[20]);
        let text = "---\ntitle: New\ndate: 2024-01-12T05:30:00Z\ntopics: [a]\ntags: [kyiv, power]\nplaces: [Kyiv]\nstory: s1\n---\nBody.\n";
        let added = parse_page("new.md", Path::new("new.md"), text, &config).unwrap();
        reuse.note(&added);
        pages.push(added);
        reuse.from.push(None);
        let fresh = Site::new(config.clone(), pages.clone()).0;
        let render = |p: &crate::content::Page, links: &dyn crate::markdown::LinkResolver| {
            crate::markdown::render(&p.body, &p.key, links)
        };
        let reused = Site::with_markdown(config, pages, render, Some(reuse)).0;
        assert_eq!(fresh.related.into_vec(), reused.related.into_vec());
    }

    #[test]
    fn foot_links_name_each_entry_once() {
        let site = site(90);
        for id in site.pages.ids() {
            let f = foot_links(&site, id, 5);
            let mut all: Vec<PageId> = f.story.clone();
            for (_, newer, older) in &f.neighbours {
                all.extend(newer.iter().chain(older));
            }
            all.extend(&f.related);
            let n = all.len();
            all.sort_unstable();
            all.dedup();
            assert_eq!(all.len(), n, "page {id:?}: {f:?}");
            assert!(!all.contains(&id));
            assert!(f.related.len() <= 5);
        }
    }

    #[test]
    fn matches_the_plain_definition() {
        let site = site(90);
        assert!(site.pages.ids().all(|id| related(&site, id, 5).len() == 5));
        for id in site.pages.ids() {
            for limit in [0, 1, 5, 200] {
                assert_eq!(
                    related(&site, id, limit),
                    reference(&site, id, limit),
                    "page {id:?}"
                );
            }
        }
    }
}
