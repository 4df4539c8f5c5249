//! Which output files a change makes stale. Every served file is kept with
//! what its context read, as recorded by the code that built it (see
//! [`crate::render::reads`]), and the value those inputs had then; a file
//! renders again when one of them has another value now. Nothing here
//! lists what a page shows.

use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

// Looked up some hundred thousand times on a change: the fast hasher.
use hashbrown::{HashMap as FastMap, HashSet as FastSet};

use rayon::prelude::*;

use crate::render::reads::{Input, Recorded};
use crate::site::{Bodies, Site, TaxonomyKind};

/// A rendered file being served: what its context read and the value it had.
#[derive(Debug, Clone)]
pub(super) struct Served {
    /// The hash of the inputs' values when it was rendered; 0 is stale.
    pub value: u64,
    /// The template it was made with.
    pub template: &'static str,
    /// What its context read.
    pub read: Recorded,
}

/// The current values of the model's inputs.
pub(super) struct Values<'a> {
    /// The model.
    site: &'a Site,
    /// The hash of the `site` values.
    site_value: u64,
    /// Page key → hash of the parsed page.
    source: &'a HashMap<String, u64>,
    /// The links each body made.
    bodies: &'a Bodies,
    /// Every page's value by key, when made in advance (see [`Values::all_pages`]).
    pages: FastMap<&'a str, u64>,
    /// Inputs' values made in advance, each once however many files read it.
    inputs: FastMap<&'a Input, u64>,
    /// A tag or place as written → the name its term goes by, made in advance.
    names: FastMap<(TaxonomyKind, &'a str), Option<&'a str>>,
}

impl<'a> Values<'a> {
    /// The values of `site`, made as they are asked for.
    pub(super) fn new(
        site: &'a Site,
        site_value: u64,
        source: &'a HashMap<String, u64>,
        bodies: &'a Bodies,
    ) -> Self {
        Values {
            site,
            site_value,
            source,
            bodies,
            pages: FastMap::new(),
            inputs: FastMap::new(),
            names: FastMap::new(),
        }
    }

    /// Makes the value of every page and of every input a served file read
    /// in advance, for a look at every file.
    pub(super) fn all(&mut self, served: &'a HashMap<String, Served>) {
        self.all_pages();
        let distinct: FastSet<&'a Input> = served.values().flat_map(|s| &s.read.inputs).collect();
        let distinct: Vec<&'a Input> = distinct.into_iter().collect();
        let (site, site_value) = (self.site, self.site_value);
        let inputs: Vec<(&'a Input, u64)> = distinct
            .into_par_iter()
            .map(|i| (i, i.value(site, site_value)))
            .collect();
        self.inputs = inputs.into_iter().collect();
    }

    fn all_pages(&mut self) {
        let site = self.site;
        let written: FastSet<(TaxonomyKind, &'a str)> = site
            .pages()
            .iter()
            .flat_map(|p| {
                let tags = p.tags.iter().map(|n| (TaxonomyKind::Tags, n.as_str()));
                let places = p.places.iter().map(|n| (TaxonomyKind::Places, n.as_str()));
                tags.chain(places)
            })
            .collect();
        let written: Vec<(TaxonomyKind, &'a str)> = written.into_iter().collect();
        let names: Vec<_> = written
            .into_par_iter()
            .map(|(kind, n)| ((kind, n), site.term(kind, n).map(|t| t.name.as_str())))
            .collect();
        self.names = names.into_iter().collect();
        let this = &*self;
        let pages: Vec<(&'a str, u64)> = site
            .pages()
            .par_iter()
            .map(|p| (p.key.as_str(), this.page_now(&p.key)))
            .collect();
        self.pages = pages.into_iter().collect();
    }

    /// The value of page `key` as an entry view shows it: its parsed front
    /// matter and body, the URLs its links resolved to, its own URL and the
    /// names its tags and places go by site-wide (the most used spelling).
    pub(super) fn page(&self, key: &str) -> u64 {
        match self.pages.get(key) {
            Some(&v) => v,
            None => self.page_now(key),
        }
    }

    fn page_now(&self, key: &str) -> u64 {
        let mut h = DefaultHasher::new();
        if let Some(id) = self.site.id_of(key) {
            let page = &self.site.pages()[id];
            self.source.get(key).hash(&mut h);
            self.bodies.hash_links(key, &mut h);
            self.site.paths()[id].hash(&mut h);
            for (kind, names) in [
                (TaxonomyKind::Tags, &page.tags),
                (TaxonomyKind::Places, &page.places),
            ] {
                for n in names {
                    match self.names.get(&(kind, n.as_str())) {
                        Some(name) => name.hash(&mut h),
                        None => self
                            .site
                            .term(kind, n)
                            .map(|t| t.name.as_str())
                            .hash(&mut h),
                    }
                }
            }
        }
        h.finish()
    }

    /// The value of everything `read` names.
    pub(super) fn of(&self, read: &Recorded) -> u64 {
        let mut h = DefaultHasher::new();
        for input in &read.inputs {
            match self.inputs.get(input) {
                Some(v) => v.hash(&mut h),
                None => input.value(self.site, self.site_value).hash(&mut h),
            }
        }
        for key in &read.pages {
            self.page(key).hash(&mut h);
        }
        // Never 0, which marks a stale file.
        h.finish().max(1)
    }
}

/// The indexes of the files among `paths` to render: those not served,
/// stale, or whose inputs have another value. With `edited` (pages changed
/// in place, by key, and nothing else), only the files that read one of
/// them are looked at besides the unserved and stale ones.
pub(super) fn stale(
    paths: &[String],
    served: &HashMap<String, Served>,
    values: &Values,
    edited: Option<&BTreeSet<String>>,
) -> Vec<usize> {
    paths
        .par_iter()
        .enumerate()
        .filter(|(_, path)| match served.get(*path) {
            None => true,
            Some(s) if s.value == 0 => true,
            Some(s) => match edited {
                Some(keys) => {
                    s.read.pages.iter().any(|k| keys.contains(k)) && values.of(&s.read) != s.value
                }
                None => values.of(&s.read) != s.value,
            },
        })
        .map(|(i, _)| i)
        .collect()
}
