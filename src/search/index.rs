//! The inverted index in memory: every folded word with the documents that
//! hold it (newest first) and how much each one weighs there. Built from the
//! site model in parallel; `serve` updates it one document at a time.

use std::collections::BTreeMap;

use hashbrown::HashMap;
use rayon::prelude::*;

use super::fold;

/// Byte offset meaning "not in the body".
pub const NOWHERE: u32 = u32::MAX;

/// The body text kept for phrases and snippets, at most (bytes); a longer
/// body (a live blog) is indexed whole but stored cut here.
pub const STORED_TEXT: usize = 30_000;

/// One searchable document: an article or a standalone page.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The body as plain text.
    pub text: String,
}

/// A word's weight in one document and where it first occurs in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Document number (its place in the newest-first order).
    pub doc: u32,
    /// 1–16: 8 for the title, 4 for the summary, 1–4 for the body (by count).
    pub weight: u8,
    /// Byte offset of the first occurrence in the body, or [`NOWHERE`].
    pub at: u32,
}

/// The words of one document with their postings (the `doc` field unset),
/// in no order.
fn analyze(doc: &Doc, stats: &mut HashMap<String, Stat>) -> Vec<(String, Posting)> {
    stats.clear();
    fold::words(&doc.title, |w, _, _| stat(stats, w).title = true);
    fold::words(&doc.summary, |w, _, _| stat(stats, w).summary = true);
    fold::words(&doc.text, |w, s, _| {
        let st = stat(stats, w);
        if st.count == 0 {
            st.at = s as u32;
        }
        st.count += 1;
    });
    let terms: Vec<(String, Posting)> = stats
        .drain()
        .map(|(w, s)| {
            let body = if s.count == 0 {
                0
            } else {
                (1 + s.count.ilog2()).min(4) as u8
            };
            let weight = 8 * u8::from(s.title) + 4 * u8::from(s.summary) + body;
            let at = if s.count == 0 { NOWHERE } else { s.at };
            (w, Posting { doc: 0, weight, at })
        })
        .collect();
    terms
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
pub fn group_of(term: &str) -> &str {
    match term.char_indices().nth(2) {
        Some((i, _)) => &term[..i],
        None => term,
    }
}

/// Terms of one group: word → postings sorted by document.
pub type Group = BTreeMap<String, Vec<Posting>>;

/// The whole index: documents and their words, by group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// Every document, numbered newest first.
    pub docs: Vec<Doc>,
    /// Group (first two characters) → its terms.
    pub groups: BTreeMap<String, Group>,
}

impl Index {
    /// Indexes `docs` (in their order), in parallel.
    pub fn build(docs: Vec<Doc>) -> Index {
        type Map = HashMap<String, Vec<Posting>>;
        let merged: Map = docs
            .par_iter()
            .enumerate()
            .fold(
                || (Map::default(), HashMap::default()),
                |(mut map, mut stats), (i, doc)| {
                    for (term, mut p) in analyze(doc, &mut stats) {
                        p.doc = i as u32;
                        map.entry(term).or_default().push(p);
                    }
                    (map, stats)
                },
            )
            .map(|(map, _)| map)
            .reduce(Map::default, |mut a, b| {
                for (term, list) in b {
                    a.entry(term).or_default().extend(list);
                }
                a
            });
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
        for (term, mut list) in merged {
            // Parts arrive in any order; each part is sorted already.
            list.sort_by_key(|p| p.doc);
            groups
                .entry(group_of(&term).to_string())
                .or_default()
                .insert(term, list);
        }
        Index { docs, groups }
    }

    /// Replaces document `id` with `doc`, updating the postings of the words
    /// it had and has. Returns the groups whose shards may read differently:
    /// those of words whose posting changed, or whose result row for this
    /// document (title, path, snippet) did.
    pub fn replace(&mut self, id: usize, doc: Doc) -> Vec<String> {
        let mut stats = HashMap::default();
        let new_doc = &doc;
        let old_doc = std::mem::replace(&mut self.docs[id], doc.clone());
        let old = analyze_sorted(&old_doc, &mut stats);
        let new = analyze_sorted(new_doc, &mut stats);
        let row_moved = old_doc.title != new_doc.title || old_doc.path != new_doc.path;
        let n = id as u32;
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
            let same = match (before, after) {
                (Some(a), Some(b)) => {
                    a == b
                        && !row_moved
                        && super::files::term_snippet(&old_doc, term, a.at)
                            == super::files::term_snippet(new_doc, term, b.at)
                }
                _ => false,
            };
            if same {
                continue;
            }
            let group = group_of(term).to_string();
            self.set(&group, term, n, after);
            touched.push(group);
        }
        touched.dedup();
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
    fn replacing_a_document_equals_building_with_it() {
        let a = vec![
            doc("One", "alpha beta"),
            doc("Two", "beta gamma"),
            doc("Three", "gamma delta"),
        ];
        let mut idx = Index::build(a.clone());
        let touched = idx.replace(1, doc("Two again", "delta epsilon"));
        let mut b = a;
        b[1] = doc("Two again", "delta epsilon");
        assert_eq!(idx, Index::build(b));
        assert!(touched.contains(&"ga".to_string()) && touched.contains(&"ep".to_string()));
    }
}
