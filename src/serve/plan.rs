//! Which output files a change makes stale. Every served file is kept with
//! what its context read, as recorded by the code that built it (see
//! [`crate::render::reads`]), and the value those inputs had then; a file
//! renders again when one of them has another value now. Nothing here
//! lists what a page shows.
//!
//! Inputs and page keys are kept by number ([`Names`]): each distinct one is
//! held once however many files read it, and a change values each once,
//! then hashes numbers per file.

use std::hash::{Hash, Hasher};

// Looked up some hundred thousand times on a change: the fast hasher.
use hashbrown::{HashMap as FastMap, HashSet as FastSet};

use rayon::prelude::*;

use crate::render::reads::{Input, Recorded, Valuing, value_hasher};
use crate::site::{Bodies, PageId, Site, TaxonomyKind};

/// Values given numbers in the order first seen.
#[derive(Debug)]
struct Numbered<T> {
    numbers: FastMap<T, u32>,
    list: Vec<T>,
}

impl<T> Default for Numbered<T> {
    fn default() -> Self {
        Numbered {
            numbers: FastMap::new(),
            list: Vec::new(),
        }
    }
}

impl<T: std::hash::Hash + Eq + Clone> Numbered<T> {
    fn number(&mut self, value: T) -> u32 {
        if let Some(&n) = self.numbers.get(&value) {
            return n;
        }
        let n = number(self.list.len());
        self.list.push(value.clone());
        self.numbers.insert(value, n);
        n
    }
}

/// Every input and page key a served file read, each given a number the
/// first time it is read. Numbers are never reused while the site is served.
#[derive(Debug, Default)]
pub(super) struct Names {
    inputs: Numbered<Input>,
    keys: Numbered<String>,
    /// Input number → the number of the page key it names, if it names
    /// one (see [`Input::page_key`]).
    input_keys: Vec<Option<u32>>,
}

impl Names {
    /// What a file read, by number.
    pub(super) fn read(&mut self, recorded: Recorded) -> Read {
        let read = Read {
            inputs: recorded
                .inputs
                .into_iter()
                .map(|i| self.inputs.number(i))
                .collect(),
            pages: recorded
                .pages
                .into_iter()
                .map(|k| self.keys.number(k))
                .collect(),
        };
        for n in self.input_keys.len()..self.inputs.list.len() {
            let key = self.inputs.list[n].page_key().map(str::to_string);
            let key = key.map(|k| self.keys.number(k));
            self.input_keys.push(key);
        }
        read
    }

    /// The number of page key `key`, if a file read it.
    pub(super) fn key_number(&self, key: &str) -> Option<u32> {
        self.keys.numbers.get(key).copied()
    }
}

fn number(n: usize) -> u32 {
    // Four thousand million distinct inputs would not fit in memory anyway.
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What one file read, by [`Names`] number.
#[derive(Debug, Clone, Default)]
pub(super) struct Read {
    /// The inputs besides pages, in the order first read.
    pub inputs: Box<[u32]>,
    /// The pages shown, by key.
    pub pages: Box<[u32]>,
}

/// A rendered file being served: what its context read and the value it had.
#[derive(Debug, Clone)]
pub(super) struct Served {
    /// The hash of the inputs' values when it was rendered; 0 is stale.
    pub value: u64,
    /// The template it was made with.
    pub template: &'static str,
    /// What its context read.
    pub read: Read,
}

/// Page values kept between renders, by key number, with what tells which
/// of them a change can alter. A page's value (see [`Values::page`]) reads
/// its parsed text, the URLs its links resolved to, its own URL and the
/// names its tags and places go by; only the pages a change touched (read
/// again, added, removed, body rendered again) and those of a tag or place
/// whose name is now another can have another one. At 10,000 articles that
/// spares valuing every page on each added or removed article.
#[derive(Debug, Default)]
pub(super) struct PageValues {
    /// Key number → the page's value at the last render; 0 is none.
    by_key: Vec<u64>,
    /// Slug → the name each tag (`[0]`) and place (`[1]`) went by then.
    term_names: [FastMap<String, String>; 2],
}

impl PageValues {
    /// Keeps `by_key` (from [`Values::to_keep`]) for the next render.
    pub(super) fn keep(&mut self, by_key: Vec<u64>) {
        self.by_key = by_key;
    }

    /// Forgets the values of the pages whose keys are `touched`, and of
    /// the pages of every tag or place whose name is not what it was.
    pub(super) fn forget<'k>(
        &mut self,
        site: &Site,
        names: &Names,
        touched: impl Iterator<Item = &'k String>,
    ) {
        let forget = |key: &str, by_key: &mut [u64]| {
            if let Some(n) = names.key_number(key)
                && let Some(v) = by_key.get_mut(n as usize)
            {
                *v = 0;
            }
        };
        for key in touched {
            forget(key, &mut self.by_key);
        }
        for (kind, names_then) in [TaxonomyKind::Tags, TaxonomyKind::Places]
            .into_iter()
            .zip(&mut self.term_names)
        {
            for t in site.terms(kind).iter() {
                if names_then.get(&t.slug).is_some_and(|n| *n == t.name) {
                    continue;
                }
                for &id in &t.pages {
                    forget(&site.pages()[id].key, &mut self.by_key);
                }
                names_then.insert(t.slug.clone(), t.name.clone());
            }
        }
    }
}

/// The current values of the model's inputs, each made at most once.
pub(super) struct Values<'a> {
    /// The model.
    site: &'a Site,
    /// The model's lists and keys, ready for valuing inputs.
    valuing: Valuing<'a>,
    /// Page key → hash of the parsed page.
    source: &'a FastMap<String, u64>,
    /// The links each body made.
    bodies: &'a Bodies,
    /// Key number → the page with that key now.
    at: Vec<Option<PageId>>,
    /// Each page's value by id, where made.
    pages: Vec<Option<u64>>,
    /// Page values kept from the last render, by key number (0: none),
    /// for the pages nothing changed since (see [`PageValues`]).
    kept: &'a [u64],
    /// Each input's value by number, where made.
    inputs: Vec<Option<u64>>,
    /// A tag or place as written → the name its term goes by, made in advance.
    names: FastMap<(TaxonomyKind, &'a str), Option<&'a str>>,
}

impl<'a> Values<'a> {
    /// The values of `site`, none made yet.
    pub(super) fn new(
        site: &'a Site,
        site_value: u64,
        source: &'a FastMap<String, u64>,
        bodies: &'a Bodies,
        names: &Names,
        kept: &'a PageValues,
    ) -> Self {
        let mut values = Values {
            site,
            valuing: Valuing::new(site, site_value),
            source,
            bodies,
            at: Vec::new(),
            pages: vec![None; site.pages().len()],
            kept: &kept.by_key,
            inputs: Vec::new(),
            names: FastMap::new(),
        };
        values.cover(names);
        values
    }

    /// Takes in the numbers `names` gave since these values were made.
    pub(super) fn cover(&mut self, names: &Names) {
        let from = self.at.len();
        self.at
            .extend(names.keys.list[from..].iter().map(|k| self.site.id_of(k)));
        self.inputs.resize(names.inputs.list.len(), None);
    }

    /// Makes the value of every page and of every input numbered in
    /// `names`, for a look at every file.
    pub(super) fn all(&mut self, names: &Names) {
        // Pages nothing changed since the last render keep their value.
        let mut pages: Vec<Option<u64>> = vec![None; self.site.pages().len()];
        for (k, id) in self.at.iter().enumerate() {
            if let (Some(id), Some(&v)) = (id, self.kept.get(k))
                && v != 0
            {
                pages[id.index()] = Some(v);
            }
        }
        if pages.iter().filter(|v| v.is_none()).count() > 2000 {
            self.term_names();
        }
        let this = &*self;
        pages
            .par_iter_mut()
            .enumerate()
            .filter(|(_, v)| v.is_none())
            .for_each(|(i, v)| *v = Some(this.page_now(PageId::new(i))));
        self.pages = pages;
        self.make(names, (0..number(names.inputs.list.len())).collect());
    }

    /// The page values to keep for the next render, by key number: those
    /// kept before and those made since; a key no page has now keeps none.
    pub(super) fn to_keep(&self) -> Vec<u64> {
        let mut by_key = self.kept.to_vec();
        by_key.resize(self.at.len(), 0);
        for (k, id) in self.at.iter().enumerate() {
            match id {
                Some(id) => {
                    if let Some(v) = self.pages[id.index()] {
                        by_key[k] = v;
                    }
                }
                None => by_key[k] = 0,
            }
        }
        by_key
    }

    /// Makes the values of every input and page that the files of `reads` read.
    pub(super) fn some<'r>(&mut self, names: &Names, reads: impl Iterator<Item = &'r Read>) {
        let mut inputs: FastSet<u32> = FastSet::new();
        let mut keys: FastSet<u32> = FastSet::new();
        for read in reads {
            inputs.extend(read.inputs.iter().copied());
            keys.extend(read.pages.iter().copied());
        }
        let inputs: Vec<u32> = inputs
            .into_iter()
            .filter(|&i| self.inputs[i as usize].is_none())
            .collect();
        let mut pages: Vec<PageId> = Vec::new();
        for k in keys {
            let Some(id) = self.at[k as usize] else {
                continue;
            };
            if self.pages[id.index()].is_some() {
                continue;
            }
            match self.kept.get(k as usize) {
                Some(&v) if v != 0 => self.pages[id.index()] = Some(v),
                _ => pages.push(id),
            }
        }
        if inputs.len() + pages.len() > 2000 {
            self.term_names();
        }
        let this = &*self;
        let made: Vec<(PageId, u64)> = pages
            .into_par_iter()
            .map(|id| (id, this.page_now(id)))
            .collect();
        for (id, v) in made {
            self.pages[id.index()] = Some(v);
        }
        self.make(names, inputs);
    }

    fn make(&mut self, names: &Names, numbers: Vec<u32>) {
        let this = &*self;
        let made: Vec<(u32, u64)> = numbers
            .into_par_iter()
            .map(|n| (n, this.input(names, n)))
            .collect();
        for (n, v) in made {
            self.inputs[n as usize] = Some(v);
        }
    }

    /// The value input `n` has now, its page (if it names one) found by
    /// number.
    fn input(&self, names: &Names, n: u32) -> u64 {
        let input = &names.inputs.list[n as usize];
        let key = names.input_keys.get(n as usize).copied().flatten();
        match key.and_then(|k| self.at.get(k as usize)) {
            Some(&id) => input.value_with(&self.valuing, |_| id),
            None => input.value(&self.valuing),
        }
    }

    fn term_names(&mut self) {
        if !self.names.is_empty() {
            return;
        }
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
    }

    /// The value of page `id` as an entry view shows it: its parsed front
    /// matter and body, the URLs its links resolved to, its own URL and the
    /// names its tags and places go by site-wide (the most used spelling).
    pub(super) fn page(&self, id: PageId) -> u64 {
        match self.pages.get(id.index()) {
            Some(Some(v)) => *v,
            _ => self.page_now(id),
        }
    }

    fn page_now(&self, id: PageId) -> u64 {
        let mut h = value_hasher();
        let page = &self.site.pages()[id];
        let key = page.key.as_str();
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
        h.finish()
    }

    /// The value of everything `read` names.
    pub(super) fn of(&self, names: &Names, read: &Read) -> u64 {
        let mut h = value_hasher();
        for &n in &read.inputs {
            match self.inputs.get(n as usize) {
                Some(Some(v)) => v.hash(&mut h),
                _ => self.input(names, n).hash(&mut h),
            }
        }
        for &k in &read.pages {
            // A page no longer there has no value of its own: its absence.
            match self.at.get(k as usize).copied().flatten() {
                Some(id) => self.page(id).hash(&mut h),
                None => u64::MAX.hash(&mut h),
            }
        }
        // Never 0, which marks a stale file.
        h.finish().max(1)
    }
}

/// The indexes of the files among `paths` that an edit in place of the
/// pages `keys` numbers can make stale: those not served, stale, or that
/// read one of the pages. One look at each file; an edit is one page or a
/// few, compared by a scan of each file's short list.
pub(super) fn readers(
    paths: &[String],
    served: &FastMap<String, Served>,
    keys: &FastSet<u32>,
) -> Vec<usize> {
    let few: Vec<u32> = keys.iter().copied().collect();
    let reads = |pages: &[u32]| match few.len() {
        1 => pages.contains(&few[0]),
        n if n <= 8 => pages.iter().any(|k| few.contains(k)),
        _ => pages.iter().any(|k| keys.contains(k)),
    };
    paths
        .par_iter()
        .enumerate()
        .filter(|(_, path)| match served.get(path.as_str()) {
            None => true,
            Some(s) => s.value == 0 || reads(&s.read.pages),
        })
        .map(|(i, _)| i)
        .collect()
}

/// The indexes of the files among `paths` to render: those not served,
/// stale, or whose inputs have another value. With `among` (the
/// [`readers`] of an edit in place, when nothing else changed), only those
/// files are looked at.
pub(super) fn stale(
    paths: &[String],
    served: &FastMap<String, Served>,
    names: &Names,
    values: &Values,
    among: Option<Vec<usize>>,
) -> Vec<usize> {
    let is_stale = |path: &String| match served.get(path.as_str()) {
        None => true,
        Some(s) if s.value == 0 => true,
        Some(s) => values.of(names, &s.read) != s.value,
    };
    match among {
        Some(among) => among.into_iter().filter(|&i| is_stale(&paths[i])).collect(),
        None => paths
            .par_iter()
            .enumerate()
            .filter(|(_, path)| is_stale(path))
            .map(|(i, _)| i)
            .collect(),
    }
}
