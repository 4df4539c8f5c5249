//! Client-side search: an index written from the site model (never from
//! the HTML) into `search/`, sharded by word prefix so a query downloads
//! only its own words, read by the theme's `search.js`. [`files`] describes
//! the format, [`query`] is a reader of it in Rust (the tests' reference),
//! and [`SearchIndex::update`] re-writes only what one edited article
//! touches, for `serve`.

pub mod files;
pub mod fold;
pub mod index;
pub mod query;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::site::{PageId, Site};
pub use index::{Doc, Index};

/// The search page's URL path.
pub const PAGE_PATH: &str = crate::paths::SEARCH;

/// The searchable document of page `id`.
pub fn doc(site: &Site, id: PageId) -> Doc {
    Doc {
        text: site.rendered[id].text.clone(),
        ..doc_without_text(site, id)
    }
}

fn doc_without_text(site: &Site, id: PageId) -> Doc {
    let page = &site.pages[id];
    let epoch = jiff::civil::date(1970, 1, 1);
    let day = page.day(&site.tz).since(epoch).map_or(0, |s| s.get_days());
    let topics = page
        .topics
        .iter()
        .filter_map(|t| site.topics.iter().position(|x| &x.slug == t))
        .map(|i| i as u32)
        .collect();
    Doc {
        title: page.title.clone(),
        path: site.paths[id].clone(),
        day,
        source: page.source.clone(),
        topics,
        summary: page.summary.clone().unwrap_or_default(),
        text: String::new(),
    }
}

/// The standalone pages (`content/pages/`) as documents, after the
/// articles: no day (0, which the script shows as none), source or topics.
fn standalone_docs(site: &Site) -> Vec<Doc> {
    site.standalone
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
        let mut docs: Vec<Doc> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| doc(site, id))
            .collect();
        docs.extend(standalone_docs(site));
        SearchIndex::of(site, docs)
    }

    /// [`SearchIndex::build`] that moves each body's text out of the model
    /// instead of copying it (for a build, which needs it no more).
    pub fn build_taking_text(site: &mut Site) -> SearchIndex {
        let texts: Vec<String> = site
            .rendered
            .iter_mut()
            .map(|r| std::mem::take(&mut r.text))
            .collect();
        let mut docs: Vec<Doc> = texts
            .into_par_iter()
            .enumerate()
            .map(|(id, text)| Doc {
                text,
                ..doc_without_text(site, id)
            })
            .collect();
        docs.extend(standalone_docs(site));
        SearchIndex::of(site, docs)
    }

    fn of(site: &Site, docs: Vec<Doc>) -> SearchIndex {
        let index = Index::build(docs);
        let layout = index
            .groups
            .par_iter()
            .map(|(g, group)| (g.clone(), files::layout(g, group)))
            .collect();
        SearchIndex {
            index,
            topics: site
                .topics
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

    /// Every file of the index, in path order.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let docs = &self.index.docs;
        let mut all: Vec<(String, Vec<u8>)> = self
            .layout
            .par_iter()
            .flat_map_iter(|(g, _)| self.group_files(g))
            .collect();
        all.extend(
            (0..docs.len().div_ceil(files::DOC_CHUNK))
                .into_par_iter()
                .map(|n| (format!("search/d/{n}.json"), files::doc_chunk(docs, n)))
                .collect::<Vec<_>>(),
        );
        all.extend(
            (0..docs.len().div_ceil(files::TEXT_CHUNK))
                .into_par_iter()
                .map(|n| (format!("search/x/{n}.txt"), files::text_chunk(docs, n)))
                .collect::<Vec<_>>(),
        );
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

    /// Takes in pages `ids` of `site`, edited in place (same number, same
    /// place in the order), and gives the files that changed: the shards of
    /// the words they had and have, their rows, and `docs.json`.
    pub fn update(&mut self, site: &Site, ids: &[PageId]) -> Update {
        let mut groups: BTreeSet<String> = BTreeSet::new();
        let mut chunks: BTreeSet<usize> = BTreeSet::new();
        let mut texts: BTreeSet<usize> = BTreeSet::new();
        for &id in ids {
            groups.extend(self.index.replace(id, doc(site, id)));
            chunks.insert(id / files::DOC_CHUNK);
            texts.insert(id / files::TEXT_CHUNK);
        }
        let mut update = Update::default();
        for g in &groups {
            let old: Vec<String> = self
                .layout
                .get(g)
                .map(|s| s.iter().map(|(k, _)| files::shard_file(k)).collect())
                .unwrap_or_default();
            match self.index.groups.get(g) {
                Some(group) => {
                    self.layout.insert(g.clone(), files::layout(g, group));
                }
                None => {
                    self.layout.remove(g);
                }
            }
            let new = self.group_files(g);
            update
                .removed
                .extend(old.into_iter().filter(|p| !new.iter().any(|(q, _)| q == p)));
            update.written.extend(new);
        }
        let docs = &self.index.docs;
        for n in chunks {
            update
                .written
                .push((format!("search/d/{n}.json"), files::doc_chunk(docs, n)));
        }
        for n in texts {
            update
                .written
                .push((format!("search/x/{n}.txt"), files::text_chunk(docs, n)));
        }
        update.written.push(self.docs_json());
        update
    }
}
