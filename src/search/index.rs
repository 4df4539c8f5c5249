//! The inverted index in memory: every folded word with the documents that
//! hold it (by number, see [`super::slots`]) and how much each one weighs
//! there. Built from the site model in parallel; `serve` updates it with
//! the documents that were edited, added or removed.

use std::collections::BTreeMap;

use hashbrown::HashMap;
use rayon::prelude::*;

use super::fold;
use super::slots::Numbering;

/// Byte offset meaning "not in the body".
pub(crate) const NOWHERE: u32 = u32::MAX;

/// The body text kept for phrases and snippets, at most (bytes); a longer
/// body (a live blog) is indexed whole but stored cut here.
pub(crate) const STORED_TEXT: usize = 30_000;

/// One searchable document: an article or a standalone page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    /// Headline.
    pub title: String,
    /// URL path relative to the site root (`2024/11/02/slug/`).
    pub path: String,
    /// Its day, as days since 1970-01-01.
    pub day: i32,
    /// Outlet, if any.
    pub source: Option<String>,
    /// Indexes of its topics in the site's topic list.
    pub topics: Vec<u32>,
    /// Front matter summary (plain text), or empty.
    pub summary: String,
    /// The body as plain text (shared with the model's rendered body).
    pub text: std::sync::Arc<str>,
}

/// A word's weight in one document and where it first occurs in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Document number ([`super::slots`]), not its place in the order.
    pub doc: u32,
    /// 1–16: 8 for the title, 4 for the summary, 1–4 for the body (by count).
    pub weight: u8,
    /// Byte offset of the first occurrence in the body, or [`NOWHERE`].
    pub at: u32,
}

/// Counts where each word of `doc` occurs (title, summary, how often and
/// first where in the body) in the [`Stat`] that `slot` gives for it.
fn scan<S>(doc: &Doc, store: &mut S, slot: for<'a> fn(&'a mut S, &str) -> &'a mut Stat) {
    fold::words(&doc.title, |w, _, _| slot(store, w).title = true);
    fold::words(&doc.summary, |w, _, _| slot(store, w).summary = true);
    fold::words(&doc.text, |w, s, _| {
        let st = slot(store, w);
        if st.count == 0 {
            st.at = s as u32;
        }
        st.count += 1;
    });
}

impl Stat {
    /// The posting these counts make (the `doc` field unset).
    fn posting(&self) -> Posting {
        let body = if self.count == 0 {
            0
        } else {
            (1 + self.count.ilog2()).min(4) as u8
        };
        let weight = 8 * u8::from(self.title) + 4 * u8::from(self.summary) + body;
        let at = if self.count == 0 { NOWHERE } else { self.at };
        Posting { doc: 0, weight, at }
    }
}

/// The words of one document with their postings (the `doc` field unset),
/// in no order.
fn analyze(doc: &Doc, stats: &mut HashMap<String, Stat>) -> Vec<(String, Posting)> {
    stats.clear();
    scan(doc, stats, stat);
    stats.drain().map(|(w, s)| (w, s.posting())).collect()
}

/// The postings of a run of documents, built without an allocation per
/// document: each word is stored once, with the counts of the document
/// being read.
#[derive(Default)]
struct Postings {
    terms: HashMap<String, u32>,
    lists: Vec<Vec<Posting>>,
    current: Vec<Stat>,
    /// Words of the document being read.
    seen: Vec<u32>,
}

impl Postings {
    fn slot<'a>(&'a mut self, w: &str) -> &'a mut Stat {
        let next = self.lists.len() as u32;
        let k = *self.terms.entry_ref(w).or_insert(next);
        if k == next {
            self.lists.push(Vec::new());
            self.current.push(Stat::default());
        }
        let st = &mut self.current[k as usize];
        if !st.title && !st.summary && st.count == 0 {
            self.seen.push(k);
        }
        st
    }

    fn add(&mut self, doc: &Doc, id: u32) {
        scan(doc, self, Postings::slot);
        for k in self.seen.drain(..) {
            let st = std::mem::take(&mut self.current[k as usize]);
            let mut p = st.posting();
            p.doc = id;
            self.lists[k as usize].push(p);
        }
    }
}

/// [`analyze`], sorted by word.
fn analyze_sorted(doc: &Doc, stats: &mut HashMap<String, Stat>) -> Vec<(String, Posting)> {
    let mut terms = analyze(doc, stats);
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    terms
}

#[derive(Default)]
struct Stat {
    title: bool,
    summary: bool,
    count: u32,
    at: u32,
}

fn stat<'a>(stats: &'a mut HashMap<String, Stat>, w: &str) -> &'a mut Stat {
    // One hash per word; a word seen before costs no allocation.
    stats.entry_ref(w).or_default()
}

/// The group a word belongs to: its first two characters.
pub(crate) fn group_of(term: &str) -> &str {
    match term.char_indices().nth(2) {
        Some((i, _)) => &term[..i],
        None => term,
    }
}

/// Terms of one group: word → postings sorted by document.
pub(crate) type Group = BTreeMap<String, Vec<Posting>>;

/// The whole index: documents and their words, by group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// Every document, newest first (the order results tie in).
    pub docs: Vec<Doc>,
    /// The number space of the documents.
    pub numbering: Numbering,
    /// Each document's number, in the order of `docs`.
    pub ids: Vec<u32>,
    /// Number → place in `docs`.
    rows: HashMap<u32, u32>,
    /// Group (first two characters) → its terms.
    pub groups: BTreeMap<String, Group>,
}

/// What a new document list holds for each of its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prior {
    /// A document whose path the index did not have.
    New,
    /// The document at this place of the old list, unchanged.
    Same(usize),
    /// The document at this place of the old list, changed.
    Changed(usize),
}

/// What [`Index::sync`] changed.
#[derive(Debug, Default)]
pub struct Touched {
    /// Every file: the number space changed.
    pub all: bool,
    /// Words whose shards may read differently, sorted.
    pub terms: Vec<String>,
    /// Every row file: the days per file changed.
    pub all_chunks: bool,
    /// Row files (old and new chunk numbers) that may read differently.
    pub chunks: Vec<u32>,
}

fn rows_of(ids: &[u32]) -> HashMap<u32, u32> {
    ids.iter()
        .enumerate()
        .map(|(r, &id)| (id, r as u32))
        .collect()
}

impl Index {
    /// Indexes `docs` (in their order), in parallel.
    pub fn build(docs: Vec<Doc>) -> Index {
        let numbering = Numbering::of(&docs);
        let ids = numbering.assign(&docs);
        // A few runs a thread: fewer runs, fewer words to merge.
        let run = docs.len().div_ceil(2 * rayon::current_num_threads()).max(1);
        let parts: Vec<Postings> = docs
            .par_chunks(run)
            .zip(ids.par_chunks(run))
            .map(|(docs, ids)| {
                let mut p = Postings::default();
                for (doc, &id) in docs.iter().zip(ids) {
                    p.add(doc, id);
                }
                p
            })
            .collect();
        let mut merged: HashMap<String, Vec<Posting>> = HashMap::default();
        for part in parts {
            let mut lists = part.lists;
            for (term, k) in part.terms {
                let list = std::mem::take(&mut lists[k as usize]);
                match merged.entry(term) {
                    hashbrown::hash_map::Entry::Occupied(mut e) => e.get_mut().extend(list),
                    hashbrown::hash_map::Entry::Vacant(e) => {
                        e.insert(list);
                    }
                }
            }
        }
        let mut merged: Vec<(String, Vec<Posting>)> = merged.into_iter().collect();
        merged.par_iter_mut().for_each(|(_, list)| {
            list.sort_unstable_by_key(|p| p.doc);
            // Grown by doubling while merged; serve keeps the index.
            list.shrink_to_fit();
        });
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
        for (term, list) in merged {
            groups
                .entry(group_of(&term).to_string())
                .or_default()
                .insert(term, list);
        }
        Index {
            rows: rows_of(&ids),
            docs,
            numbering,
            ids,
            groups,
        }
    }

    /// The document numbered `id`.
    pub fn doc(&self, id: u32) -> Option<&Doc> {
        self.docs.get(*self.rows.get(&id)? as usize)
    }

    /// The place of document `id` in the newest-first order.
    pub fn row(&self, id: u32) -> usize {
        self.rows.get(&id).map_or(usize::MAX, |&r| r as usize)
    }

    /// Makes the index that of `docs`, `prior` saying for each of them what
    /// the index held at its path. Documents of the old list that no entry
    /// names were removed. Returns what changed; `all` when the number
    /// space did (the index is then built again).
    pub fn sync(&mut self, docs: Vec<Doc>, prior: &[Prior]) -> Touched {
        // Edits in place (same places, paths and days) keep every number.
        let in_place = prior.len() == self.docs.len()
            && prior.iter().enumerate().all(|(r, p)| match *p {
                Prior::Same(o) => o == r,
                Prior::Changed(o) => {
                    o == r && docs[r].path == self.docs[r].path && docs[r].day == self.docs[r].day
                }
                Prior::New => false,
            });
        let numbering = if in_place {
            self.numbering
        } else {
            Numbering::of(&docs)
        };
        if numbering.slots != self.numbering.slots {
            *self = Index::build(docs);
            return Touched {
                all: true,
                ..Touched::default()
            };
        }
        let ids = if in_place {
            self.ids.clone()
        } else {
            numbering.assign(&docs)
        };
        let old = self.numbering;
        let mut touched = Touched::default();
        let mut kept = vec![false; self.docs.len()];
        let mut stats = HashMap::default();
        // Documents that keep their number but stand elsewhere among the
        // others of their day (an edit of the time, the clock or the
        // origin): their row file, and the shards where they tie with
        // another document, read in the new order.
        for r in self.reordered(prior, &docs, &ids, numbering) {
            touched.chunks.push(numbering.chunk(docs[r].day));
            touched
                .terms
                .extend(analyze(&docs[r], &mut stats).into_iter().map(|(t, _)| t));
        }
        let mut add: Vec<usize> = Vec::new();
        // Removals first: a number given up may be taken by another document.
        for (r, p) in prior.iter().enumerate() {
            match *p {
                Prior::New => add.push(r),
                Prior::Same(o) | Prior::Changed(o) => {
                    kept[o] = true;
                    if self.ids[o] != ids[r] {
                        // Renumbered (its probe run changed): away from the
                        // old number, then in again at the new one.
                        let id = self.ids[o];
                        if matches!(p, Prior::Same(_)) {
                            self.unset(&docs[r], id, &mut stats, &mut touched);
                        } else {
                            touched.chunks.push(old.chunk(self.docs[o].day));
                            let before = std::mem::take(&mut self.docs[o]);
                            self.unset(&before, id, &mut stats, &mut touched);
                        }
                        add.push(r);
                    }
                }
            }
        }
        for o in (0..self.docs.len()).filter(|&o| !kept[o]) {
            let doc = std::mem::take(&mut self.docs[o]);
            touched.chunks.push(old.chunk(doc.day));
            self.unset(&doc, self.ids[o], &mut stats, &mut touched);
        }
        for (r, p) in prior.iter().enumerate() {
            if let Prior::Changed(o) = *p
                && self.ids[o] == ids[r]
            {
                touched.chunks.push(old.chunk(self.docs[o].day));
                touched.chunks.push(numbering.chunk(docs[r].day));
                let before = std::mem::take(&mut self.docs[o]);
                touched
                    .terms
                    .extend(self.replace_postings(&before, &docs[r], ids[r], &mut stats));
            }
        }
        for r in add {
            touched.chunks.push(numbering.chunk(docs[r].day));
            for (term, mut p) in analyze(&docs[r], &mut stats) {
                p.doc = ids[r];
                let group = group_of(&term).to_string();
                self.set(&group, &term, ids[r], Some(p));
                touched.terms.push(term);
            }
        }
        if numbering.days != old.days {
            touched.all_chunks = true;
        }
        if !in_place {
            self.rows = rows_of(&ids);
        }
        self.docs = docs;
        self.ids = ids;
        self.numbering = numbering;
        touched.terms.sort_unstable();
        touched.terms.dedup();
        touched.chunks.sort_unstable();
        touched.chunks.dedup();
        touched
    }

    /// The places in `docs` of the documents that keep their number (new
    /// numbers `ids`) but whose order against another such document of
    /// their row file is not the old one. Other documents are removed or
    /// added again, which rewrites all they touch anyway.
    fn reordered(
        &self,
        prior: &[Prior],
        docs: &[Doc],
        ids: &[u32],
        numbering: Numbering,
    ) -> Vec<usize> {
        // (new place, old place) of the documents that keep their number.
        let kept = prior.iter().enumerate().filter_map(|(r, p)| match *p {
            Prior::Same(o) | Prior::Changed(o) if self.ids[o] == ids[r] => Some((r, o)),
            _ => None,
        });
        let kept: Vec<(usize, usize)> = kept.collect();
        // Nearly always the old order throughout: nothing to look at.
        if kept.windows(2).all(|w| w[0].1 < w[1].1) {
            return Vec::new();
        }
        let mut by_chunk: HashMap<u32, Vec<(usize, usize)>> = HashMap::default();
        for &(r, o) in &kept {
            by_chunk
                .entry(numbering.chunk(docs[r].day))
                .or_default()
                .push((r, o));
        }
        let mut out = Vec::new();
        for list in by_chunk.values() {
            // One stands out of order when a document before it was after it
            // in the old order, or one after it was before.
            let mut after = vec![usize::MAX; list.len() + 1];
            for i in (0..list.len()).rev() {
                after[i] = after[i + 1].min(list[i].1);
            }
            let mut before: Option<usize> = None;
            for (i, &(r, o)) in list.iter().enumerate() {
                if before.is_some_and(|b| b > o) || after[i + 1] < o {
                    out.push(r);
                }
                before = before.max(Some(o));
            }
        }
        out.sort_unstable();
        out
    }

    /// Takes the postings of `doc`, numbered `id`, out of the index.
    fn unset(
        &mut self,
        doc: &Doc,
        id: u32,
        stats: &mut HashMap<String, Stat>,
        touched: &mut Touched,
    ) {
        for (term, _) in analyze(doc, stats) {
            let group = group_of(&term).to_string();
            self.set(&group, &term, id, None);
            touched.terms.push(term);
        }
    }

    /// Turns the postings of `old_doc`, numbered `id`, into those of
    /// `new_doc`. Returns the words whose shards may read differently:
    /// those whose posting changed, or whose result row for this document
    /// (title, path, snippet) did.
    fn replace_postings(
        &mut self,
        old_doc: &Doc,
        new_doc: &Doc,
        n: u32,
        stats: &mut HashMap<String, Stat>,
    ) -> Vec<String> {
        let old = analyze_sorted(old_doc, stats);
        let new = analyze_sorted(new_doc, stats);
        let row_moved = old_doc.title != new_doc.title || old_doc.path != new_doc.path;
        let mut touched: Vec<String> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            let order = match (old.get(i), new.get(j)) {
                (Some(a), Some(b)) => a.0.cmp(&b.0),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            let (term, before, after) = match order {
                std::cmp::Ordering::Less => (&old[i].0, Some(old[i].1), None),
                std::cmp::Ordering::Greater => (&new[j].0, None, Some(new[j].1)),
                std::cmp::Ordering::Equal => (&old[i].0, Some(old[i].1), Some(new[j].1)),
            };
            if order != std::cmp::Ordering::Greater {
                i += 1;
            }
            if order != std::cmp::Ordering::Less {
                j += 1;
            }
            // A word's first place moves with any edit before it; its shard
            // reads the same unless its weight or its snippet changed.
            let reads_same = match (before, after) {
                (Some(a), Some(b)) => {
                    a.weight == b.weight
                        && !row_moved
                        && super::files::term_snippet(old_doc, term, a.at)
                            == super::files::term_snippet(new_doc, term, b.at)
                }
                _ => false,
            };
            if before != after {
                self.set(group_of(term), term, n, after);
            }
            if !reads_same {
                touched.push(term.clone());
            }
        }
        touched
    }

    /// Sets (or, with `None`, removes) the posting of document `n` for `term`.
    fn set(&mut self, group: &str, term: &str, n: u32, posting: Option<Posting>) {
        let g = self.groups.entry(group.to_string()).or_default();
        let list = g.entry(term.to_string()).or_default();
        match (list.binary_search_by_key(&n, |p| p.doc), posting) {
            (Ok(k), Some(mut p)) => {
                p.doc = n;
                list[k] = p;
            }
            (Err(k), Some(mut p)) => {
                p.doc = n;
                list.insert(k, p);
            }
            (Ok(k), None) => {
                list.remove(k);
            }
            (Err(_), None) => {}
        }
        if list.is_empty() {
            g.remove(term);
        }
        if g.is_empty() {
            self.groups.remove(group);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, text: &str) -> Doc {
        Doc {
            title: title.into(),
            path: format!("{}/", fold::fold(title).replace(' ', "-")),
            day: 20000,
            source: None,
            topics: Vec::new(),
            summary: String::new(),
            text: text.into(),
        }
    }

    #[test]
    fn title_weighs_more_than_body_and_positions_point_at_the_word() {
        let idx = Index::build(vec![doc(
            "Drones over Kyiv",
            "Kyiv said drones drones came.",
        )]);
        let p = idx.groups["dr"]["drones"][0];
        assert_eq!(p.weight, 8 + 2);
        assert_eq!(&idx.docs[0].text[p.at as usize..][..6], "drones");
        assert_eq!(idx.groups["sa"]["said"][0].weight, 1);
    }

    #[test]
    fn syncing_an_edit_an_addition_and_a_removal_equals_building_with_them() {
        let a = vec![
            doc("One", "alpha beta"),
            doc("Two", "beta gamma"),
            doc("Three", "gamma delta"),
        ];
        let mut idx = Index::build(a.clone());
        let mut b = a.clone();
        b[1] = doc("Two", "delta epsilon");
        let t = idx.sync(
            b.clone(),
            &[Prior::Same(0), Prior::Changed(1), Prior::Same(2)],
        );
        assert_eq!(idx, Index::build(b.clone()));
        let has = |t: &Touched, w: &str| t.terms.iter().any(|x| x == w);
        assert!(
            !t.all && has(&t, "gamma") && has(&t, "epsilon"),
            "{:?}",
            t.terms
        );
        assert!(!has(&t, "alpha"), "{:?}", t.terms);

        // One added between the others, the last removed.
        let c = vec![b[0].clone(), doc("Four", "zeta alpha"), b[1].clone()];
        let t = idx.sync(c.clone(), &[Prior::Same(0), Prior::New, Prior::Same(1)]);
        assert_eq!(idx, Index::build(c.clone()));
        assert!(has(&t, "zeta") && has(&t, "gamma"), "{:?}", t.terms);
        assert!(!has(&t, "epsilon"), "{:?}", t.terms);
        assert_eq!(idx.doc(idx.ids[1]).map(|d| d.title.as_str()), Some("Four"));
    }

    #[test]
    fn two_documents_of_a_day_that_swap_places_rewrite_their_row_file_and_words() {
        let a = vec![
            doc("One", "alpha shared"),
            doc("Two", "beta shared"),
            doc("Three", "gamma"),
        ];
        let mut idx = Index::build(a.clone());
        let b = vec![a[1].clone(), a[0].clone(), a[2].clone()];
        let t = idx.sync(b.clone(), &[Prior::Same(1), Prior::Same(0), Prior::Same(2)]);
        assert_eq!(idx, Index::build(b));
        assert_eq!(t.chunks, [idx.numbering.chunk(20000)]);
        let has = |w: &str| t.terms.iter().any(|x| x == w);
        assert!(
            has("shared") && has("alpha") && has("beta"),
            "{:?}",
            t.terms
        );
        assert!(!has("gamma"), "{:?}", t.terms);
    }
}
