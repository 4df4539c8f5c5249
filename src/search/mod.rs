//! Client-side search: an index written from the site model (never from
//! the HTML) into `search/`, sharded by word prefix so a query downloads
//! only its own words, read by the theme's `search.js`. [`files`] describes
//! the format, [`query`] is a reader of it in Rust (the tests' reference),
//! and [`SearchIndex::update`] re-writes only what one edited article
//! touches, for `serve`.

pub(crate) mod files;
pub(crate) mod fold;
pub(crate) mod index;
pub mod query;
pub mod slots;
pub(crate) mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::site::{PageId, Site};
use index::Prior;
pub use index::{Doc, Index};

/// The searchable document of page `id`.
pub fn doc(site: &Site, id: PageId) -> Doc {
    Doc {
        text: site.rendered()[id].text.clone(),
        ..doc_without_text(site, id)
    }
}

/// True when the index's document `doc` is what page `id` of `site` makes,
/// compared without copying the page's text.
fn same_page(doc: &Doc, site: &Site, id: PageId) -> bool {
    let page = &site.pages()[id];
    doc.title == page.title
        && doc.path == site.paths()[id]
        && doc.source == page.source
        && doc.summary == page.summary.as_deref().unwrap_or_default()
        && doc.day == day_of(site, id)
        && doc.topics == topics_of(site, id)
        && doc.text == site.rendered()[id].text
}

/// Page `id`'s day, as days since 1970-01-01.
fn day_of(site: &Site, id: PageId) -> i32 {
    let epoch = jiff::civil::date(1970, 1, 1);
    site.pages()[id]
        .day(site.tz())
        .since(epoch)
        .map_or(0, |s| s.get_days())
}

/// Page `id`'s topics, as places in the site's topic list.
fn topics_of(site: &Site, id: PageId) -> Vec<u32> {
    site.pages()[id]
        .topics
        .iter()
        .filter_map(|t| site.topics().iter().position(|x| &x.slug == t))
        .map(|i| i as u32)
        .collect()
}

fn doc_without_text(site: &Site, id: PageId) -> Doc {
    let page = &site.pages()[id];
    Doc {
        title: page.title.clone(),
        path: site.paths()[id].clone(),
        day: day_of(site, id),
        source: page.source.clone(),
        topics: topics_of(site, id),
        summary: page.summary.clone().unwrap_or_default(),
        text: Default::default(),
    }
}

/// The standalone pages (`content/pages/`) as documents, after the
/// articles: no day (0, which the script shows as none), source or topics.
fn standalone_docs(site: &Site) -> Vec<Doc> {
    site.standalone()
        .iter()
        .map(|(page, rendered)| Doc {
            title: page.title.clone(),
            path: page.path(),
            day: 0,
            source: None,
            topics: Vec::new(),
            summary: page.summary.clone().unwrap_or_default(),
            text: rendered.text.clone(),
        })
        .collect()
}

/// What changed in a site since its index was last brought in step, as far
/// as the caller knows: the less it names, the fewer documents are compared.
#[derive(Debug, Clone, Copy)]
pub enum Changed<'a> {
    /// Only these pages were edited, in place (same ids, paths and days).
    InPlace(&'a [PageId]),
    /// Pages were added, removed or moved; only the pages with these keys
    /// (and the standalone pages) can make another document than the index's.
    Keys(&'a hashbrown::HashSet<String>),
    /// Anything may have changed: every document is compared.
    Unknown,
}

/// The index of a site with the files it is written as.
pub struct SearchIndex {
    index: Index,
    topics: Vec<(String, String)>,
    /// Group → its shard keys with the terms of each.
    layout: BTreeMap<String, Vec<(String, Vec<String>)>>,
}

/// Files to write and files to delete after an update.
#[derive(Debug, Default)]
pub struct Update {
    /// (output path, bytes).
    pub written: Vec<(String, Vec<u8>)>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
}

impl SearchIndex {
    /// Indexes every page of `site` (drafts are in the model only when the
    /// build includes them).
    pub fn build(site: &Site) -> SearchIndex {
        let mut docs: Vec<Doc> = (0..site.pages().len())
            .into_par_iter()
            .map(|i| doc(site, PageId::new(i)))
            .collect();
        docs.extend(standalone_docs(site));
        SearchIndex::of(site, docs)
    }

    /// [`SearchIndex::build`] that moves each body's text out of the model
    /// instead of copying it (for a build, which needs it no more).
    pub fn build_taking_text(site: &mut Site) -> SearchIndex {
        let texts: Vec<std::sync::Arc<str>> = site.take_texts();
        let mut docs: Vec<Doc> = texts
            .into_par_iter()
            .enumerate()
            .map(|(i, text)| Doc {
                text,
                ..doc_without_text(site, PageId::new(i))
            })
            .collect();
        docs.extend(standalone_docs(site));
        SearchIndex::of(site, docs)
    }

    fn of(site: &Site, docs: Vec<Doc>) -> SearchIndex {
        let index = Index::build(docs);
        let layout = files::layouts(&index);
        SearchIndex {
            index,
            topics: site
                .topics()
                .iter()
                .map(|t| (t.slug.clone(), t.name.clone()))
                .collect(),
            layout,
        }
    }

    /// The index in memory.
    pub fn index(&self) -> &Index {
        &self.index
    }

    fn docs_json(&self) -> (String, Vec<u8>) {
        let keys: Vec<&str> = self
            .layout
            .values()
            .flatten()
            .map(|(k, _)| k.as_str())
            .collect();
        (
            "search/docs.json".into(),
            files::docs_json(&self.index, &keys, &self.topics),
        )
    }

    fn group_files(&self, group: &str) -> Vec<(String, Vec<u8>)> {
        let (Some(g), Some(shards)) = (self.index.groups.get(group), self.layout.get(group)) else {
            return Vec::new();
        };
        shards
            .iter()
            .map(|(key, terms)| (files::shard_file(key), files::shard(&self.index, g, terms)))
            .collect()
    }

    /// The row files of chunks `which` (all with `None`).
    fn chunk_files(&self, which: Option<&[u32]>) -> Vec<(String, Vec<u8>)> {
        let chunks = files::chunks(&self.index.docs, self.index.numbering);
        let wanted: Vec<(&u32, &Vec<&Doc>)> = match which {
            None => chunks.iter().collect(),
            Some(list) => list
                .iter()
                .filter_map(|n| chunks.get_key_value(n))
                .collect(),
        };
        wanted
            .into_par_iter()
            .flat_map_iter(|(n, docs)| {
                [
                    (format!("search/d/{n}.json"), files::doc_chunk(docs)),
                    (format!("search/x/{n}.txt"), files::text_chunk(docs)),
                ]
            })
            .collect()
    }

    /// Every file of the index, in path order.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut all: Vec<(String, Vec<u8>)> = self
            .layout
            .par_iter()
            .flat_map_iter(|(g, _)| self.group_files(g))
            .collect();
        all.extend(self.chunk_files(None));
        all.push(self.docs_json());
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// Writes every file into `out`; returns how many.
    pub fn write(&self, out: &dyn Output) -> Result<usize, Diagnostics> {
        let files = self.files();
        let errors: Vec<Diagnostic> = files
            .par_iter()
            .filter_map(|(path, bytes)| {
                out.write(path, bytes)
                    .err()
                    .map(|e| Diagnostic::new(path, format!("cannot write output file: {e}")))
            })
            .collect();
        if errors.is_empty() {
            Ok(files.len())
        } else {
            Err(Diagnostics(errors))
        }
    }

    /// Brings the index in step with `site` after pages were edited, added
    /// or removed, and gives the files that changed: the shards of the words
    /// of those documents, their row files and `docs.json`. Other documents
    /// keep their numbers ([`slots`]), so their shards are left alone.
    /// `changed` says which pages can have changed (the others are then
    /// not compared).
    pub fn sync(&mut self, site: &Site, changed: Changed) -> Update {
        let topics: Vec<(String, String)> = site
            .topics()
            .iter()
            .map(|t| (t.slug.clone(), t.name.clone()))
            .collect();
        let old_files = self.file_names();
        if topics != self.topics {
            return self.rebuild(site, &old_files);
        }
        let (taken, keys) = match changed {
            Changed::InPlace(ids) => (self.take_edited(site, ids), None),
            Changed::Keys(keys) => (None, Some(keys)),
            Changed::Unknown => (None, None),
        };
        let Some((docs, prior)) = taken.or_else(|| self.take_docs(site, keys)) else {
            return self.rebuild(site, &old_files);
        };
        let touched = self.index.sync(docs, &prior);
        if touched.all {
            self.layout = files::layouts(&self.index);
            return self.replacing(&old_files);
        }
        let mut update = Update::default();
        let mut by_group: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for t in &touched.terms {
            by_group.entry(index::group_of(t)).or_default().push(t);
        }
        for (g, terms) in by_group {
            let old = self.layout.remove(g).unwrap_or_default();
            let new = self
                .index
                .groups
                .get(g)
                .map(|group| files::layout(g, group))
                .unwrap_or_default();
            // The same split: only the shards of the touched words change.
            // Another: every shard of the group, and those no longer there.
            let shards: Vec<&(String, Vec<String>)> = if old == new {
                new.iter()
                    .filter(|(_, held)| {
                        terms
                            .iter()
                            .any(|t| held.binary_search_by(|h| h.as_str().cmp(t)).is_ok())
                    })
                    .collect()
            } else {
                update.removed.extend(
                    old.iter()
                        .filter(|(k, _)| !new.iter().any(|(n, _)| n == k))
                        .map(|(k, _)| files::shard_file(k)),
                );
                new.iter().collect()
            };
            if let Some(group) = self.index.groups.get(g) {
                update.written.extend(shards.into_iter().map(|(key, held)| {
                    (
                        files::shard_file(key),
                        files::shard(&self.index, group, held),
                    )
                }));
            }
            if !new.is_empty() {
                self.layout.insert(g.to_string(), new);
            }
        }
        let chunks = self.chunk_files((!touched.all_chunks).then_some(&touched.chunks[..]));
        let now: BTreeSet<&str> = chunks.iter().map(|(p, _)| p.as_str()).collect();
        // A chunk left empty, or all of the old ones when the days per file changed.
        let gone = |p: &&String| {
            (p.starts_with("search/d/") || p.starts_with("search/x/")) && !now.contains(p.as_str())
        };
        if touched.all_chunks {
            update
                .removed
                .extend(old_files.iter().filter(gone).cloned());
        } else {
            for n in &touched.chunks {
                for p in [format!("search/d/{n}.json"), format!("search/x/{n}.txt")] {
                    if old_files.contains(&p) && gone(&&p) {
                        update.removed.push(p);
                    }
                }
            }
        }
        update.written.extend(chunks);
        update.written.push(self.docs_json());
        update
    }

    /// The documents `site` holds, reusing the index's own where they are
    /// unchanged, each with what the index held at its path; `None` when
    /// paths repeat (the site will not publish until they do not). With
    /// `touched`, a page whose key it lacks is taken as unchanged without a
    /// look (its document follows from the page alone).
    fn take_docs(
        &mut self,
        site: &Site,
        touched: Option<&hashbrown::HashSet<String>>,
    ) -> Option<(Vec<Doc>, Vec<Prior>)> {
        let old = &self.index.docs;
        let mut at: HashMap<&str, usize> = HashMap::with_capacity(old.len());
        for (o, d) in old.iter().enumerate() {
            if at.insert(d.path.as_str(), o).is_some() {
                return None;
            }
        }
        let mut prior = Vec::with_capacity(site.pages().len() + site.standalone().len());
        let mut taken = vec![false; old.len()];
        for (id, path) in site.paths().with_ids() {
            let p = match at.get(path.as_str()) {
                None => Prior::New,
                Some(&o) if taken[o] => return None,
                Some(&o) => {
                    taken[o] = true;
                    let key = &site.pages()[id].key;
                    if touched.is_some_and(|t| !t.contains(key)) || same_page(&old[o], site, id) {
                        Prior::Same(o)
                    } else {
                        Prior::Changed(o)
                    }
                }
            };
            prior.push(p);
        }
        let standalone = standalone_docs(site);
        for d in &standalone {
            prior.push(match at.get(d.path.as_str()) {
                None => Prior::New,
                Some(&o) if taken[o] => return None,
                Some(&o) => {
                    taken[o] = true;
                    if old[o] == *d {
                        Prior::Same(o)
                    } else {
                        Prior::Changed(o)
                    }
                }
            });
        }
        let mut docs = Vec::with_capacity(prior.len());
        for (r, p) in prior.iter().enumerate() {
            docs.push(match (*p, site.pages().get(PageId::new(r))) {
                (Prior::Same(o), _) => std::mem::take(&mut self.index.docs[o]),
                (_, Some(_)) => doc(site, PageId::new(r)),
                (_, None) => standalone[r - site.pages().len()].clone(),
            });
        }
        // The old documents still needed (changed, removed) stay in place.
        Some((docs, prior))
    }

    /// [`SearchIndex::take_docs`] when only pages `ids` were edited in
    /// place: the others are taken over without a look. `None` when the
    /// documents do not line up with the index's (then all are compared).
    fn take_edited(&mut self, site: &Site, ids: &[PageId]) -> Option<(Vec<Doc>, Vec<Prior>)> {
        let old = &self.index.docs;
        let articles = site.pages().len();
        if old.len() != articles + site.standalone().len()
            || ids
                .iter()
                .any(|&id| id.index() >= articles || old[id.index()].path != site.paths()[id])
        {
            return None;
        }
        let mut prior: Vec<Prior> = (0..old.len()).map(Prior::Same).collect();
        let mut changed: Vec<(PageId, Doc)> = Vec::with_capacity(ids.len());
        // Documents are numbered as the store: articles first, by page id.
        for &id in ids {
            if !same_page(&old[id.index()], site, id) {
                prior[id.index()] = Prior::Changed(id.index());
                changed.push((id, doc(site, id)));
            }
        }
        let mut docs: Vec<Doc> = Vec::with_capacity(old.len());
        for p in &prior {
            docs.push(match p {
                Prior::Same(o) => std::mem::take(&mut self.index.docs[*o]),
                _ => Doc::default(),
            });
        }
        for (id, d) in changed {
            docs[id.index()] = d;
        }
        Some((docs, prior))
    }

    fn rebuild(&mut self, site: &Site, old_files: &BTreeSet<String>) -> Update {
        *self = SearchIndex::build(site);
        self.replacing(old_files)
    }

    /// Every file to write, and the files of `old` (those served before)
    /// to remove.
    pub fn replacing(&self, old: &BTreeSet<String>) -> Update {
        let written = self.files();
        let now: BTreeSet<&str> = written.iter().map(|(p, _)| p.as_str()).collect();
        let removed = old
            .iter()
            .filter(|p| !now.contains(p.as_str()))
            .cloned()
            .collect();
        Update { written, removed }
    }

    /// The paths of every file of the index.
    fn file_names(&self) -> BTreeSet<String> {
        let mut names: BTreeSet<String> = self
            .layout
            .values()
            .flatten()
            .map(|(k, _)| files::shard_file(k))
            .collect();
        for n in files::chunks(&self.index.docs, self.index.numbering).keys() {
            names.insert(format!("search/d/{n}.json"));
            names.insert(format!("search/x/{n}.txt"));
        }
        names.insert("search/docs.json".into());
        names
    }
}
