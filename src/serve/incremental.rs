//! The live site: the loaded model kept in memory between changes, and the
//! served output it renders into. A change re-reads only what it touched
//! (one article, the templates, or everything for `site.yaml`), rebuilds the
//! model, and re-renders only the files whose recorded inputs have another
//! value (see [`super::plan`]); the result
//! is always what a full build of the same files gives.
//!
//! While any file has an error the model still takes every change, but
//! nothing is rendered: the last good site stays served until the errors
//! are fixed, and then everything that changed meanwhile is rendered at once.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::hash::Hasher;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hashbrown::{HashMap as FastMap, HashSet as FastSet};
use rayon::prelude::*;

use super::plan::{self, Names, Served, Values};
use super::watch::Change;
use crate::build::BuildOptions;
use crate::config::Config;
use crate::content::standalone::{Standalone, is_standalone};
use crate::content::{self, Page};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{MemoryOutput, Stored};
use crate::paths::CONTENT_DIR;
use crate::render::views::Entries;
use crate::render::{Job, Renderer};
use crate::search::{Changed, SearchIndex, Update};
use crate::site::{Bodies, PageId, Site};
use crate::walk;

/// What one rebuild did, for the terminal and the browser.
#[derive(Debug, Default, Clone)]
pub struct Rebuild {
    /// What changed, in words (`content/2024/a.md`, `templates`, …).
    pub cause: String,
    /// Files rendered, by kind (`article`, `day`, …) and count.
    pub rendered: BTreeMap<&'static str, usize>,
    /// Output paths whose bytes changed or that are new.
    pub changed: Vec<String>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
    /// Wall time of the rebuild.
    pub elapsed: Duration,
    /// Wall time of each step: reading files, planning, rendering, storing.
    pub steps: Vec<(&'static str, Duration)>,
}

impl Rebuild {
    /// Adds a rebuild that followed this one before the pages were told:
    /// the two are reported, and reloaded, as one.
    pub fn merge(&mut self, later: Rebuild) {
        if !self.cause.split("; ").any(|c| c == later.cause) {
            self.cause = format!("{}; {}", self.cause, later.cause);
        }
        for (kind, n) in later.rendered {
            *self.rendered.entry(kind).or_default() += n;
        }
        self.changed.extend(later.changed);
        self.removed.extend(later.removed);
        for list in [&mut self.changed, &mut self.removed] {
            list.sort();
            list.dedup();
        }
        self.elapsed += later.elapsed;
        for (name, t) in later.steps {
            match self.steps.iter_mut().find(|(n, _)| *n == name) {
                Some((_, total)) => *total += t,
                None => self.steps.push((name, t)),
            }
        }
    }

    /// One line for the terminal.
    pub fn summary(&self) -> String {
        let total: usize = self.rendered.values().sum();
        let mut s = format!("{}: rendered {total} file", self.cause);
        if total != 1 {
            s.push('s');
        }
        if !self.rendered.is_empty() {
            let kinds: Vec<String> = self
                .rendered
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            let _ = write!(s, " ({})", kinds.join(", "));
        }
        let _ = write!(
            s,
            ", {} changed, {} removed, in {:.1} ms",
            self.changed.len(),
            self.removed.len(),
            self.elapsed.as_secs_f64() * 1000.0
        );
        if !self.steps.is_empty() {
            let steps: Vec<String> = self
                .steps
                .iter()
                .map(|(name, t)| format!("{name} {:.1}", t.as_secs_f64() * 1000.0))
                .collect();
            let _ = write!(s, " ({} ms)", steps.join(", "));
        }
        s
    }
}

/// Problems by where they come from; any but `render` blocks rendering.
#[derive(Debug, Default)]
struct Problems {
    config: Vec<Diagnostic>,
    templates: Vec<Diagnostic>,
    pages: BTreeMap<String, Diagnostic>,
    /// Links to articles that do not exist.
    links: Vec<Diagnostic>,
    /// Articles that share a URL.
    duplicates: Vec<Diagnostic>,
    /// Standalone pages (`content/pages/`) that do not load or collide.
    standalone: Vec<Diagnostic>,
    /// What walking `content/` lost: dangling links, loops, unreadable folders.
    walk: Vec<Diagnostic>,
    render: Vec<Diagnostic>,
}

/// The model of a site that loaded: configuration, templates, pages.
struct Model {
    config: Config,
    renderer: Option<Renderer>,
    site: Site,
    bodies: Bodies,
    /// Page key → hash of the parsed page, to see real edits.
    source: FastMap<String, u64>,
    /// Pages changed since the last render, when none moved: (id, old key set
    /// unchanged) edits that only need their readers re-rendered.
    edited: BTreeSet<PageId>,
    /// Keys of the pages added, removed, edited or whose body was rendered
    /// again since the search index was last brought in step: only their
    /// documents can differ from the index's.
    touched: FastSet<String>,
    /// True when pages were added, removed or moved since the last render
    /// (or nothing was rendered yet): every served file is looked at.
    moved: bool,
    /// The `site` values' hash at the last render.
    site_value: u64,
    /// Template name → text, as last loaded without error.
    templates: BTreeMap<String, String>,
    /// Every page's summary view, made once and refreshed per edit.
    entries: Option<Entries>,
    /// The search index, when search is on and it has been built.
    search: Option<SearchIndex>,
    /// Page values of the last render, for the pages no change touched.
    page_values: plan::PageValues,
}

/// The site being served: the model and the output rendered from it.
pub struct LiveSite {
    opts: BuildOptions,
    out: MemoryOutput,
    model: Option<Model>,
    problems: Problems,
    /// Output path → what the rendered file served there read.
    served: FastMap<String, Served>,
    /// The inputs and page keys `served` names, by number.
    names: Names,
    /// Output paths written from static folders (they win over rendered ones).
    statics: BTreeSet<String>,
    /// Output paths of the search index files being served.
    search_files: BTreeSet<String>,
    /// The jobs of the last render and their output paths; an edit in
    /// place keeps them (see [`LiveSite::publish`]).
    jobs: Option<(Vec<Job>, Vec<String>)>,
}

fn hash_page(page: &Page) -> u64 {
    struct W(crate::render::reads::ValueHasher);
    impl std::fmt::Write for W {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let mut w = W(crate::render::reads::value_hasher());
    let _ = write!(w, "{page:?}");
    w.0.finish()
}

/// Fields that decide where a page appears (its URL, day, lists, feeds,
/// related entries). An edit that keeps them only re-renders the files
/// that show the page.
fn same_place(a: &Page, b: &Page) -> bool {
    // Its place among the others: the very key the model sorts by.
    content::order_key(a) == content::order_key(b)
        && a.slug == b.slug
        && a.updated.map(|u| u.at) == b.updated.map(|u| u.at)
        && a.topics == b.topics
        && a.tags == b.tags
        && a.places == b.places
        && a.source == b.source
        && a.story == b.story
        && a.story_title == b.story_title
        && a.figures == b.figures
        && a.draft == b.draft
}

/// What reading one article file gave.
enum Read {
    Page(Box<Page>),
    Gone,
    Broken(Diagnostic),
}

/// Reads the article `key` a change names: gone unless the walk of
/// `content/` would find it.
fn read_page(root: &Path, key: &str, config: &Config, drafts: bool) -> Read {
    let hidden = key.split('/').any(walk::is_hidden);
    let (dir, path) = (root.join(CONTENT_DIR), root.join(CONTENT_DIR).join(key));
    // A link leading out of content/ is not an article (the walk says so).
    if hidden || !key.ends_with(".md") || !path.is_file() || !walk::is_inside(&dir, &path) {
        return Read::Gone;
    }
    read_found(root, key, config, drafts)
}

/// Reads the article `key` the walk of `content/` found (so a visible file
/// inside it: the checks of [`read_page`], two paths made canonical each,
/// are not made again for every article of the site).
fn read_found(root: &Path, key: &str, config: &Config, drafts: bool) -> Read {
    match content::load_page(root, key, config) {
        Ok(p) if p.draft && !drafts => Read::Gone,
        Ok(p) => Read::Page(Box::new(p)),
        Err(_) if !root.join(CONTENT_DIR).join(key).exists() => Read::Gone,
        Err(d) => Read::Broken(d),
    }
}

impl LiveSite {
    /// Loads the site and renders it into memory. Problems do not fail
    /// this: they are kept for [`LiveSite::problems`] and the site is
    /// rendered once they are fixed.
    pub fn open(opts: BuildOptions) -> (LiveSite, Rebuild) {
        let mut live = LiveSite {
            opts,
            out: MemoryOutput::new(),
            model: None,
            problems: Problems::default(),
            served: FastMap::new(),
            names: Names::default(),
            statics: BTreeSet::new(),
            search_files: BTreeSet::new(),
            jobs: None,
        };
        let start = Instant::now();
        let mut report = Rebuild {
            cause: "initial build".into(),
            ..Rebuild::default()
        };
        live.reload_all();
        live.publish(&mut report, true);
        report.elapsed = start.elapsed();
        (live, report)
    }

    /// The served site.
    pub fn output(&self) -> &MemoryOutput {
        &self.out
    }

    /// The site's base path (`/` or `/digest/`), from the last good config.
    pub fn base_path(&self) -> String {
        self.model
            .as_ref()
            .map_or_else(|| "/".to_string(), |m| m.config.base_path())
    }

    /// Every current problem, sorted; empty when the served site is current.
    pub fn problems(&self) -> Diagnostics {
        let p = &self.problems;
        let mut all: Vec<Diagnostic> = Vec::new();
        all.extend(p.config.iter().cloned());
        all.extend(p.templates.iter().cloned());
        all.extend(p.pages.values().cloned());
        all.extend(p.links.iter().cloned());
        all.extend(p.duplicates.iter().cloned());
        all.extend(p.standalone.iter().cloned());
        all.extend(p.walk.iter().cloned());
        all.extend(p.render.iter().cloned());
        Diagnostics(all).sorted()
    }

    /// True when `change` names one article the site has and nothing
    /// else: once its save is complete it can be rebuilt at once (an edit
    /// renders a few files), where a new article may be the first of an
    /// import's burst, better waited for.
    pub fn edits_one_article(&self, change: &Change) -> bool {
        let only_pages = !(change.config
            || change.templates
            || change.statics
            || change.rescan
            || !change.new_dirs.is_empty());
        let mut pages = change.pages.iter();
        let (Some(key), None) = (pages.next(), pages.next()) else {
            return false;
        };
        only_pages
            && !is_standalone(key)
            && self
                .model
                .as_ref()
                .is_some_and(|m| m.site.id_of(key).is_some())
    }

    fn blocked(&self) -> bool {
        let p = &self.problems;
        !(p.config.is_empty()
            && p.templates.is_empty()
            && p.pages.is_empty()
            && p.links.is_empty()
            && p.duplicates.is_empty()
            && p.standalone.is_empty()
            && p.walk.is_empty())
    }

    /// Applies one batch of file changes and re-renders what they touched.
    pub fn apply(&mut self, change: &Change) -> Rebuild {
        let start = Instant::now();
        let mut report = Rebuild {
            cause: describe(change),
            ..Rebuild::default()
        };
        let mut statics = change.statics;
        // Standalone pages are few and every page's footer lists them:
        // any change to them reloads everything.
        if change.config || self.model.is_none() || self.standalone_changed(change) {
            self.reload_all();
            statics = true;
        } else {
            if change.templates {
                self.reload_templates();
                statics = true;
            }
            if change.rescan || !change.pages.is_empty() {
                self.reload_pages(change);
            }
        }
        report.steps.push(("read", start.elapsed()));
        self.publish(&mut report, statics);
        report.elapsed = start.elapsed();
        report
    }

    /// True when a change touches `content/pages/`: a page named, or a
    /// folder change that adds or removes one.
    fn standalone_changed(&self, change: &Change) -> bool {
        if change.pages.iter().any(|k| is_standalone(k)) {
            return true;
        }
        let Some(model) = self.model.as_ref().filter(|_| change.rescan) else {
            return false;
        };
        let found: Vec<String> = content::discover(&self.opts.root.join(CONTENT_DIR))
            .into_iter()
            .filter(|k| is_standalone(k))
            .collect();
        let known: Vec<&String> = model
            .site
            .standalone()
            .iter()
            .map(|(p, _)| &p.key)
            .collect();
        found.iter().collect::<Vec<_>>() != known
    }

    /// Reads everything again: `site.yaml`, templates, every article.
    fn reload_all(&mut self) {
        let root = self.opts.root.clone();
        self.problems.config.clear();
        let mut config = match Config::load(&root) {
            Ok(c) => c,
            Err(d) => {
                self.problems.config = vec![d];
                return;
            }
        };
        if let Some(base) = &self.opts.base_url {
            config.base_url = base.clone();
        }
        self.problems.pages.clear();
        let (keys, standalone_keys) = self.scan_content();
        // Each page hashed where it is read, in parallel.
        let reads: Vec<(String, Read, u64)> = keys
            .par_iter()
            .map(|k| {
                let read = read_found(&root, k, &config, self.opts.drafts);
                let hash = match &read {
                    Read::Page(p) => hash_page(p),
                    _ => 0,
                };
                (k.clone(), read, hash)
            })
            .collect();
        let mut pages = Vec::with_capacity(reads.len());
        let mut source = FastMap::with_capacity(reads.len());
        for (key, read, hash) in reads {
            match read {
                Read::Page(p) => {
                    source.insert(key, hash);
                    pages.push(*p);
                }
                Read::Gone => {}
                Read::Broken(d) => {
                    self.problems.pages.insert(key, d);
                }
            }
        }
        let mut bodies = Bodies::default();
        let (mut site, broken) = bodies.site(config.clone(), pages, Vec::new(), None);
        self.problems.links = broken;
        let (standalone, problems) = content::standalone::load_keys(&root, &standalone_keys);
        self.problems.standalone = problems;
        self.problems
            .standalone
            .extend(site.set_standalone(standalone));
        self.problems.duplicates = content::duplicate_paths(site.pages(), site.paths());
        let mut model = Model {
            config,
            renderer: None,
            site,
            bodies,
            source,
            edited: BTreeSet::new(),
            touched: FastSet::new(),
            moved: true,
            site_value: 0,
            templates: BTreeMap::new(),
            entries: None,
            search: None,
            page_values: plan::PageValues::default(),
        };
        self.problems.templates.clear();
        match Renderer::new(&root, &model.config) {
            Ok(r) => {
                model.templates = r.template_texts().clone();
                model.renderer = Some(r);
            }
            Err(d) => self.problems.templates = d.0,
        }
        self.model = Some(model);
        // A new configuration can change any file.
        self.served.values_mut().for_each(|s| s.value = 0);
    }

    /// Loads the templates again; content is not re-read.
    fn reload_templates(&mut self) {
        let Some(model) = self.model.as_mut() else {
            return;
        };
        self.problems.templates.clear();
        match Renderer::new(&self.opts.root, &model.config) {
            Ok(r) => {
                let texts = r.template_texts().clone();
                model.renderer = Some(r);
                let stale = affected_templates(&model.templates, &texts);
                model.templates = texts;
                // Files made with a changed template render again.
                for s in self.served.values_mut() {
                    if stale.as_ref().is_none_or(|t| t.contains(s.template)) {
                        s.value = 0;
                    }
                }
            }
            Err(d) => self.problems.templates = d.0,
        }
    }

    /// Lists the articles and the standalone pages under `content/`,
    /// keeping what the walk lost as a problem and printing what it left out.
    fn scan_content(&mut self) -> (Vec<String>, Vec<String>) {
        let found = content::scan(&self.opts.root);
        crate::diag::Diagnostics(found.warnings).print_warnings();
        self.problems.walk = found.errors;
        (found.keys, found.standalone)
    }

    /// Re-reads the articles a change names (and, on a folder change, every
    /// article added or removed since), then rebuilds the model.
    fn reload_pages(&mut self, change: &Change) {
        if self.model.is_none() {
            return;
        }
        let found: Option<BTreeSet<String>> = change
            .rescan
            .then(|| self.scan_content().0.into_iter().collect());
        let Some(model) = self.model.as_mut() else {
            return;
        };
        let root = &self.opts.root;
        let mut keys: BTreeSet<String> = change.pages.clone();
        if let Some(found) = found {
            let known: BTreeSet<&String> = model
                .site
                .pages()
                .iter()
                .map(|p| &p.key)
                .chain(self.problems.pages.keys())
                .collect();
            keys.extend(found.iter().filter(|k| !known.contains(k)).cloned());
            keys.extend(known.into_iter().filter(|k| !found.contains(*k)).cloned());
        }
        let mut upserts: Vec<Page> = Vec::new();
        let mut removals: BTreeSet<String> = BTreeSet::new();
        for key in keys {
            match read_page(root, &key, &model.config, self.opts.drafts) {
                Read::Page(p) => {
                    self.problems.pages.remove(&key);
                    let hash = hash_page(&p);
                    if model.source.get(&key) != Some(&hash) {
                        model.source.insert(key, hash);
                        upserts.push(*p);
                    }
                }
                Read::Gone => {
                    self.problems.pages.remove(&key);
                    if model.source.remove(&key).is_some() {
                        removals.insert(key);
                    }
                }
                Read::Broken(d) => {
                    self.problems.pages.insert(key, d);
                }
            }
        }
        if upserts.is_empty() && removals.is_empty() {
            return;
        }
        model.touched.extend(upserts.iter().map(|p| p.key.clone()));
        model.touched.extend(removals.iter().cloned());
        let in_place = removals.is_empty()
            && upserts.iter().all(|p| {
                model
                    .site
                    .id_of(&p.key)
                    .is_some_and(|id| same_place(&model.site.pages()[id], p))
            });
        if in_place {
            for page in upserts {
                let Some(id) = model.site.id_of(&page.key) else {
                    continue;
                };
                model.site.replace_page(id, page);
                model.bodies.rerender(&mut model.site, id);
                if let Some(entries) = model.entries.as_mut() {
                    entries.refresh(&model.site, id);
                }
                model.edited.insert(id);
            }
        } else {
            let mut clock = crate::timing::PhaseClock::from_env();
            let (old, rendered) = model.site.take_pages();
            let mut reuse = crate::site::Reuse {
                related: model.site.take_related(),
                from: Vec::with_capacity(old.len()),
                ..Default::default()
            };
            // The pages stay in store order, the new ones last: the model
            // sorts them again, which for nearly sorted pages is one pass.
            // What happens to each page the change names, by its place in
            // the store (a few looked up by key, not every page of the site).
            let mut at: Vec<(PageId, Option<Page>)> = removals
                .iter()
                .filter_map(|k| Some((model.site.id_of(k)?, None)))
                .collect();
            let mut added: Vec<Page> = Vec::new();
            for page in upserts {
                match model.site.id_of(&page.key) {
                    Some(id) => at.push((id, Some(page))),
                    None => added.push(page),
                }
            }
            at.sort_by_key(|(id, _)| *id);
            let mut at = at.into_iter().peekable();
            let mut pages: Vec<Page> = Vec::with_capacity(old.len() + added.len());
            // Each page's body beside it (none for the added pages, last).
            let mut previous = Vec::with_capacity(old.len());
            for (i, (page, body)) in old.into_iter().zip(rendered).enumerate() {
                let id = PageId::new(i);
                let Some((_, change)) = at.next_if(|(at, _)| *at == id) else {
                    previous.push(Some(body));
                    reuse.from.push(Some(id));
                    pages.push(page);
                    continue;
                };
                reuse.note(&page);
                // Removed, or read again.
                let Some(new) = change else {
                    continue;
                };
                reuse.note(&new);
                // A body is only reused for the same text.
                let same = model.bodies.same_text(&page.key, &new.body);
                previous.push(same.then_some(body));
                reuse.from.push(Some(id));
                pages.push(new);
            }
            added.sort_by(|a, b| a.key.cmp(&b.key));
            for page in added {
                reuse.note(&page);
                pages.push(page);
            }
            clock.lap("serve read: pages by key");
            let standalone: Vec<Standalone> = model.site.take_standalone();
            let (mut site, _) =
                model
                    .bodies
                    .site(model.config.clone(), pages, previous, Some(reuse));
            clock.lap("serve read: the model");
            // A body rendered again (a link's target moved) may read otherwise.
            model
                .touched
                .extend(model.bodies.rendered().iter().cloned());
            // Their links to articles may have moved with the articles.
            let links = site.set_standalone(standalone);
            self.problems
                .standalone
                .retain(|d| !d.message.starts_with("link to "));
            self.problems.standalone.extend(links);
            model.site = site;
            model.moved = true;
            model.edited.clear();
            // URLs only move here: an edit in place keeps every URL.
            self.problems.duplicates =
                content::duplicate_paths(model.site.pages(), model.site.paths());
            clock.lap("serve read: standalone and duplicates");
        }
        self.problems.links = model.site.broken_links();
    }

    /// Renders what changed since the last render into the served output,
    /// unless a problem blocks it.
    fn publish(&mut self, report: &mut Rebuild, statics: bool) {
        if self.blocked() {
            return;
        }
        let Some(model) = self.model.as_mut() else {
            return;
        };
        let Some(renderer) = model.renderer.as_mut() else {
            return;
        };
        let site = &model.site;
        let start = Instant::now();
        // A model nothing was rendered from yet is indexed whole.
        let reindex = model.site_value == 0 || model.search.is_none();
        // Pages only edited in place: search compares no others.
        let in_place = !model.moved;
        let edited: Vec<PageId> = model.edited.iter().copied().collect();
        let mut clock = crate::timing::PhaseClock::from_env();
        let site_value = renderer.site_value(site);
        clock.lap("serve: site value");
        let names = &mut self.names;
        model.page_values.forget(site, names, model.touched.iter());
        clock.lap("serve: page values to make again");
        let mut values = Values::new(
            site,
            site_value,
            &model.source,
            &model.bodies,
            names,
            &model.page_values,
        );
        // Edits in place that keep the `site` values: only the files that
        // read an edited page can have changed, and every file is where
        // it was (no page moved), so the jobs are the last render's.
        let keys: FastSet<u32> = edited
            .iter()
            .filter_map(|&id| names.key_number(&site.pages()[id].key))
            .collect();
        let only = (!model.moved && site_value == model.site_value).then_some(&keys);
        let (jobs, paths) = match self.jobs.take() {
            Some(kept) if only.is_some() => kept,
            _ => {
                let jobs = crate::render::jobs::all(site);
                // 15,000 paths at 10,000 articles, each a string made.
                let paths: Vec<String> = jobs.par_iter().map(|j| j.output_path(site)).collect();
                (jobs, paths)
            }
        };
        clock.lap("serve: jobs and paths");
        let among = match only {
            None => {
                values.all(names);
                None
            }
            Some(keys) => {
                let readers = plan::readers(&paths, &self.served, keys);
                let served = &self.served;
                let reads = readers.iter().filter_map(|&i| served.get(&paths[i]));
                values.some(names, reads.map(|s| &s.read));
                Some(readers)
            }
        };
        clock.lap("serve: values");
        let todo = plan::stale(&paths, &self.served, names, &values, among);
        clock.lap("serve: stale files");
        // The jobs of the last render kept: every served file is still wanted.
        let gone: Vec<String> = match only {
            Some(_) => Vec::new(),
            None => {
                let wanted: FastSet<&str> = paths.iter().map(String::as_str).collect();
                self.served
                    .keys()
                    .filter(|p| !wanted.contains(p.as_str()))
                    .cloned()
                    .collect()
            }
        };
        model.edited.clear();

        report.steps.push(("plan", start.elapsed()));
        let start = Instant::now();
        let scratch = MemoryOutput::new();
        let todo_jobs: Vec<Job> = todo.iter().map(|&i| jobs[i].clone()).collect();
        let fresh = model.entries.is_none();
        let entries = model.entries.get_or_insert_with(Entries::default);
        if only.is_none() || fresh {
            let by_id: Vec<u64> = site.pages().ids().map(|id| values.page(id)).collect();
            entries.update(site, &by_id);
        }
        clock.lap("serve: entry views");
        // The search index is brought in step alongside the render: it
        // reads the same model, and a render of a few files leaves a core
        // idle while its largest file (the archive) is made. A render that
        // fails drops the index (below), so nothing half-done is kept.
        let changed = match in_place {
            true => Changed::InPlace(&edited),
            false => Changed::Keys(&model.touched),
        };
        let (search_index, search_files) = (&mut model.search, &self.search_files);
        let (result, ((written, removed), search_time)) = rayon::join(
            || renderer.render_jobs_recorded(site, &todo_jobs, entries, &scratch),
            || {
                let start = Instant::now();
                let update = search_update(search_index, site, reindex, changed, search_files);
                // Compressed here, alongside the render: after a first
                // build that is 50 MB of files.
                let written: Vec<(String, Stored)> = update
                    .written
                    .into_par_iter()
                    .map(|(path, bytes)| {
                        let file = Stored::new(&bytes);
                        (path, file)
                    })
                    .collect();
                ((written, update.removed), start.elapsed())
            },
        );
        let mut recorded = Vec::new();
        let mut errors = match result {
            Ok(r) => {
                recorded = r;
                Vec::new()
            }
            Err(d) => d.0,
        };
        let mut static_out = None;
        if statics {
            let out = MemoryOutput::new();
            match renderer.write_static(&self.opts.root, &out) {
                Ok(_) => static_out = Some(out),
                Err(d) => errors.extend(d.0),
            }
        }
        self.problems.render = errors;
        if !self.problems.render.is_empty() {
            // The edits are taken from `edited` now: index everything again
            // and look at every file once the site renders.
            model.search = None;
            model.moved = true;
            return;
        }
        for job in &todo_jobs {
            *report.rendered.entry(kind_name(job)).or_default() += 1;
        }
        model.moved = false;
        model.site_value = site_value;
        // What each file read, with the value it had when it was rendered.
        clock.lap("serve: render");
        let reads: Vec<plan::Read> = recorded.into_iter().map(|r| names.read(r)).collect();
        values.cover(names);
        values.some(names, reads.iter());
        let names = &*names;
        let served: Vec<Served> = todo_jobs
            .par_iter()
            .zip(reads)
            .map(|(job, read)| Served {
                value: values.of(names, &read),
                template: job.template(),
                read,
            })
            .collect();
        let kept = values.to_keep();
        // It borrows the served files, which the commit below replaces.
        drop(values);
        model.page_values.keep(kept);
        clock.lap("serve: values of the rendered files");
        report.steps.push(("render", start.elapsed()));
        model.touched.clear();
        // Its own time, spent alongside the render's.
        report.steps.push(("search", search_time));
        let start = Instant::now();
        // Commit: statics first, since they win over rendered files.
        if let Some(out) = static_out {
            let files = out.stored_files();
            for old in std::mem::take(&mut self.statics) {
                if !files.contains_key(&old) {
                    self.out.remove(&old);
                    // A rendered file it hid must be rendered again.
                    if self.served.remove(&old).is_some() {
                        model.moved = true;
                    }
                    report.removed.push(old);
                }
            }
            for (path, file) in files {
                self.commit(&path, file, report);
                self.statics.insert(path);
            }
        }
        for (&i, served) in todo.iter().zip(served) {
            let path = &paths[i];
            if let Some(file) = scratch.stored(path) {
                self.served.insert(path.clone(), served);
                if !self.statics.contains(path) {
                    self.commit(path, file, report);
                }
            }
        }
        for (path, file) in written {
            self.search_files.insert(path.clone());
            if !self.statics.contains(&path) {
                self.commit(&path, Arc::new(file), report);
            }
        }
        for path in removed {
            self.search_files.remove(&path);
            if !self.statics.contains(&path) {
                self.out.remove(&path);
                report.removed.push(path);
            }
        }
        for path in gone {
            self.served.remove(&path);
            if !self.statics.contains(&path) {
                self.out.remove(&path);
                report.removed.push(path);
            }
        }
        report.steps.push(("store", start.elapsed()));
        self.jobs = Some((jobs, paths));
    }

    /// Serves `file` at `path`, moved from the render's store without a
    /// copy; noted as changed unless the same bytes were served there.
    fn commit(&self, path: &str, file: Arc<Stored>, report: &mut Rebuild) {
        if self
            .out
            .stored(path)
            .is_some_and(|old| old.same_file(&file))
        {
            return;
        }
        report.changed.push(path.to_string());
        self.out.insert(path, file);
    }
}

/// The search files to write and remove: all of them after a first build,
/// else only what the edited, added and removed pages touch.
fn search_update(
    search: &mut Option<SearchIndex>,
    site: &Site,
    reindex: bool,
    changed: Changed,
    served: &BTreeSet<String>,
) -> Update {
    if !site.config().search {
        *search = None;
        return Update {
            written: Vec::new(),
            removed: served.iter().cloned().collect(),
        };
    }
    match search {
        Some(index) if !reindex => index.sync(site, changed),
        _ => {
            let index = SearchIndex::build(site);
            let update = index.replacing(served);
            *search = Some(index);
            update
        }
    }
}

/// The templates whose output a change from `old` to `new` can alter: the
/// changed ones and, transitively, every template that names one of them
/// (`extends`, `include`, `import`). `None` means all of them: a changed
/// template defines components, which any template may use.
fn affected_templates(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> Option<BTreeSet<String>> {
    let mut affected: BTreeSet<String> = old
        .keys()
        .chain(new.keys())
        .filter(|name| old.get(*name) != new.get(*name))
        .cloned()
        .collect();
    let defines_components = |name: &String| {
        [old.get(name), new.get(name)]
            .into_iter()
            .flatten()
            .any(|text| text.contains("component"))
    };
    if affected.iter().any(defines_components) {
        return None;
    }
    loop {
        let more: Vec<String> = new
            .iter()
            .filter(|(name, _)| !affected.contains(*name))
            .filter(|(_, text)| {
                affected
                    .iter()
                    .any(|a| text.contains(&format!("\"{a}\"")) || text.contains(&format!("'{a}'")))
            })
            .map(|(name, _)| name.clone())
            .collect();
        if more.is_empty() {
            return Some(affected);
        }
        affected.extend(more);
    }
}

/// The kind of file a job renders, for the terminal.
fn kind_name(job: &Job) -> &'static str {
    match job {
        Job::Home(_) => "home",
        Job::Day(_) => "day",
        Job::Article(_) => "article",
        Job::Topics | Job::Topic(..) => "topic",
        Job::Taxonomy(_) | Job::Term(..) => "taxonomy",
        Job::Archive => "archive",
        Job::Stories | Job::Story(_) => "story",
        Job::Page(_) => "page",
        Job::Tracker | Job::TrackerCsv | Job::TrackerJson => "tracker",
        Job::Feed | Job::TopicFeed(_) => "feed",
        Job::Search => "search",
        Job::Sitemap | Job::Robots | Job::NotFound => "other",
    }
}

/// What a change touched, in words.
fn describe(change: &Change) -> String {
    let mut parts: Vec<String> = Vec::new();
    if change.config {
        parts.push(crate::config::CONFIG_FILE.into());
    }
    if change.templates {
        parts.push(crate::paths::TEMPLATES_DIR.into());
    }
    if change.statics {
        parts.push("static files".into());
    }
    match change.pages.len() {
        0 => {}
        1..=3 => parts.extend(change.pages.iter().map(|k| format!("{CONTENT_DIR}/{k}"))),
        n => parts.push(format!("{n} articles")),
    }
    if change.rescan {
        parts.push(format!("{CONTENT_DIR}/ folders"));
    }
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebuild(cause: &str, changed: &[&str], ms: u64) -> Rebuild {
        Rebuild {
            cause: cause.into(),
            rendered: BTreeMap::from([("article", 1)]),
            changed: changed.iter().map(|p| p.to_string()).collect(),
            removed: Vec::new(),
            elapsed: Duration::from_millis(ms),
            steps: vec![("render", Duration::from_millis(ms))],
        }
    }

    #[test]
    fn rebuilds_told_as_one_add_up() {
        let mut first = rebuild("content/a.md", &["a/index.html", "index.html"], 10);
        first.merge(rebuild("content/b.md", &["index.html", "b/index.html"], 5));
        assert_eq!(first.cause, "content/a.md; content/b.md");
        assert_eq!(first.rendered["article"], 2);
        assert_eq!(
            first.changed,
            ["a/index.html", "b/index.html", "index.html"],
            "each file named once"
        );
        assert_eq!(first.elapsed, Duration::from_millis(15));
        assert_eq!(first.steps, [("render", Duration::from_millis(15))]);
        // The same file saved twice is named once.
        first.merge(rebuild("content/b.md", &[], 1));
        assert_eq!(first.cause, "content/a.md; content/b.md");
    }
}
