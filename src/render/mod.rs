//! Rendering: the model → every output file (HTML pages, Atom feeds, sitemap,
//! robots.txt, stylesheets) through Tera, in parallel, each file written as
//! soon as it is rendered.

pub(crate) mod chart;
pub(crate) mod contexts;
#[cfg(test)]
mod contract;
pub(crate) mod dates;
pub(crate) mod handover;
pub(crate) mod i18n;
pub(crate) mod items;
pub(crate) mod jobs;
pub(crate) mod nav;
pub(crate) mod rail;
pub(crate) mod reads;
pub(crate) mod stories;
pub(crate) mod templates;
pub(crate) mod tracker;
pub(crate) mod views;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::output::Output;
use crate::paths::STATIC_DIR;
use crate::site::Site;
pub(crate) use jobs::Job;
use reads::{Reader, Recorded};
use templates::Templates;

/// The sitemap's template name.
const SITEMAP: &str = "sitemap.xml";

thread_local! {
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Templates and theme assets, loaded once per build (or per template change
/// in `serve`).
pub struct Renderer {
    templates: Templates,
    theme_dir: PathBuf,
    highlight_css: String,
    /// Whether search is on (its script is written).
    search: bool,
    /// Whether an entry's list item is rendered once and reused (see [`items`]).
    reuse_items: bool,
    /// Whether the rail is rendered once and reused (see [`rail`]).
    reuse_rail: bool,
    /// Whether the topic nav is rendered once per section and reused (see [`nav`]).
    reuse_nav: bool,
    /// Whether each foot list's links are rendered once per entry and
    /// reused, by [`items::FootList`] (see [`items::FootItems`]).
    reuse_links: [bool; 2],
    /// The site's absolute base URL when `sitemap.xml` is the built-in
    /// template, which the engine then writes itself (see
    /// [`contexts::write_sitemap`]).
    builtin_sitemap: Option<String>,
}

/// What a render produced.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    /// HTML pages written.
    pub pages: usize,
    /// Atom feeds written.
    pub feeds: usize,
    /// Other files (sitemap, robots.txt, static files).
    pub other: usize,
}

impl Stats {
    /// Every file written.
    pub fn files(&self) -> usize {
        self.pages + self.feeds + self.other
    }
}

impl Renderer {
    /// Loads templates (built-in theme, theme folder, site templates) and the
    /// highlight stylesheet.
    pub fn new(root: &Path, config: &Config) -> Result<Renderer, Diagnostics> {
        let mut templates = templates::load(root, config)?;
        let theme_dir = templates::theme_dir(root, config);
        let extra_themes = load_tm_themes(root, &theme_dir.join("highlight"))?;
        let highlight_css = markdown::highlight_css(
            &config.highlight.light,
            &config.highlight.dark,
            &extra_themes,
        )
        .map_err(|m| Diagnostics(vec![Diagnostic::new(crate::config::config_path(root), m)]))?;
        templates
            .tera
            .global_context()
            .insert("site", &Value::none());
        let reuse_items = items::reusable(&templates.tera, &templates.texts);
        let reuse_rail = rail::reusable(&templates.tera, &templates.texts);
        let reuse_nav = nav::reusable(&templates.tera, &templates.texts);
        let reuse_links = items::links_reusable(&templates.tera, &templates.texts);
        let builtin_sitemap =
            templates::is_builtin(&templates.texts, SITEMAP).then(|| config.absolute_base());
        Ok(Renderer {
            templates,
            theme_dir,
            highlight_css,
            search: config.search,
            reuse_items,
            reuse_rail,
            reuse_nav,
            reuse_links,
            builtin_sitemap,
        })
    }

    /// The absolute base URL to write `sitemap.xml` with, when its template
    /// is the built-in one.
    pub(crate) fn builtin_sitemap(&self) -> Option<&str> {
        self.builtin_sitemap.as_deref()
    }

    /// Every template's text by name, as loaded.
    pub fn template_texts(&self) -> &std::collections::BTreeMap<String, String> {
        &self.templates.texts
    }

    /// Sets the values every template sees as `site` (title, topics, …).
    fn set_site(&mut self, site: &Site) {
        let context = self.templates.tera.global_context();
        context.insert("site", &contexts::SiteView::new(site));
        context.insert_value("t", i18n::strings(&site.config().language));
    }

    /// Renders one template with a context, appending to `buf`; errors name
    /// the template file and line.
    pub fn render_to(
        &self,
        template: &str,
        ctx: &Context,
        buf: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        self.templates
            .tera
            .render_to(template, ctx, buf)
            .map_err(|e| templates::diagnostic(&e, &self.templates.origins, Some(template)))
    }

    /// Renders `template` with `ctx` as a safe string, for HTML made once
    /// and shared by many pages; none when the render fails (the pages then
    /// render the template themselves, and report the error).
    pub(crate) fn render_shared(&self, template: &str, ctx: &Context) -> Option<Value> {
        let mut buf = Vec::with_capacity(2048);
        self.render_to(template, ctx, &mut buf).ok()?;
        String::from_utf8(buf).ok().map(|s| Value::safe_string(&s))
    }

    /// Renders `jobs` into `out`, for a one-off build or check: the model's
    /// article bodies are handed over and freed as their pages are written
    /// (see [`handover`]), so `site` cannot be rendered again. Every failing
    /// template is reported once.
    pub fn render_jobs(
        &mut self,
        site: &mut Site,
        jobs: &[Job],
        out: &dyn Output,
        progress: Option<&indicatif::ProgressBar>,
    ) -> Result<(Stats, Spent), Diagnostics> {
        let mut clock = crate::timing::PhaseClock::from_env();
        let entries = views::Entries::new(site);
        let bodies = handover::Bodies::take(site);
        clock.lap("summary views");
        let to_do = Plan {
            jobs,
            bodies: Some(&bodies),
            record: false,
        };
        let (stats, _, stores) = self.render(site, to_do, &entries, out, progress)?;
        Ok((
            stats,
            Spent {
                _entries: entries,
                _bodies: bodies,
                _stores: stores,
            },
        ))
    }

    /// [`Renderer::render_jobs`] with the pages' summary views already
    /// made, returning what each job's context read, in `jobs` order
    /// (`serve` keeps it between renders).
    pub fn render_jobs_recorded(
        &mut self,
        site: &Site,
        jobs: &[Job],
        entries: &views::Entries,
        out: &dyn Output,
    ) -> Result<Vec<Recorded>, Diagnostics> {
        let to_do = Plan {
            jobs,
            bodies: None,
            record: true,
        };
        self.render(site, to_do, entries, out, None)
            .map(|(_, recorded, _)| recorded)
    }

    /// The hash of the values every template sees as `site` and `t`, made
    /// by the code that sets them.
    pub fn site_value(&mut self, site: &Site) -> u64 {
        use std::hash::{Hash, Hasher};
        self.set_site(site);
        let context = self.templates.tera.global_context();
        let mut h = std::hash::DefaultHasher::new();
        for key in ["site", "t"] {
            // Through serde_json's sorted maps: Tera's maps have no fixed order.
            serde_json::to_value(context.get(key))
                .map(|v| v.to_string())
                .unwrap_or_default()
                .hash(&mut h);
        }
        h.finish()
    }

    fn render(
        &mut self,
        site: &Site,
        plan: Plan,
        entries: &views::Entries,
        out: &dyn Output,
        progress: Option<&indicatif::ProgressBar>,
    ) -> Result<(Stats, Vec<Recorded>, Stores), Diagnostics> {
        let Plan {
            jobs,
            bodies,
            record,
        } = plan;
        self.set_site(site);
        let entries = entries.as_slice();
        let pages = AtomicUsize::new(0);
        let feeds = AtomicUsize::new(0);
        let other = AtomicUsize::new(0);
        let this = &*self;
        let times = crate::timing::TemplateTimes::from_env();
        let disk_full = DiskFull::default();
        let items = items::Items::new(this, site);
        let foot_items = items::FootItems::new(this, site);
        let parts = contexts::ListParts::new(site);
        let rail = rail::shared(this);
        let navs = nav::Navs::new(this, site);
        let run = |job: &Job| {
            if disk_full.seen() {
                return Ok(None);
            }
            let read = Reader::new(site, entries, &parts)
                .with_items(items.as_ref())
                .with_bodies(bodies)
                .with_rail(&rail)
                .with_nav(&navs)
                .with_foot_items(&foot_items);
            let start = times.start();
            // One output buffer per thread, reused: pages are rendered
            // into memory that is already there.
            let result = BUFFER.with_borrow_mut(|buf| {
                buf.clear();
                let path = job.render(this, &read, buf)?;
                out.write(&path, buf)
                    .map_err(|e| disk_full.diagnostic(&path, e))
            });
            times.record(job.template(), start);
            if let Some(p) = progress {
                p.inc(1);
            }
            match result {
                Ok(()) => {
                    let counter = match job.kind() {
                        jobs::Kind::Html => &pages,
                        jobs::Kind::Feed => &feeds,
                        jobs::Kind::Other => &other,
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                    Ok(record.then(|| read.into_recorded()))
                }
                Err(d) => Err(d),
            }
        };
        let mut results: Vec<(usize, Result<Option<Recorded>, Diagnostic>)> =
            Vec::with_capacity(jobs.len());
        for pass in passes(jobs, bodies.is_some()) {
            results.par_extend(pass.into_par_iter().map(|i| (i, run(&jobs[i]))));
        }
        // Results (and the errors among them) in job order, whatever the passes.
        results.sort_unstable_by_key(|(i, _)| *i);
        let results = results.into_iter().map(|(_, r)| r);
        let mut recorded = Vec::with_capacity(if record { jobs.len() } else { 0 });
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(Some(r)) => recorded.push(r),
                Ok(None) => {}
                Err(d) => errors.push(d),
            }
        }
        times.print();
        if let Some(full) = disk_full.into_diagnostic() {
            return Err(full.into());
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors).sorted());
        }
        let stats = Stats {
            pages: pages.into_inner(),
            feeds: feeds.into_inner(),
            other: other.into_inner(),
        };
        let stores = Stores {
            _items: items.map(items::Items::into_made),
            _foot_items: foot_items.into_made(),
            _parts: parts,
            _navs: navs,
        };
        Ok((stats, recorded, stores))
    }

    /// Warnings for static files (theme or site) that replace a generated
    /// file (`static/feed.xml`): the static copy wins, which is rarely meant.
    /// `generated` gives the output paths of the generated files; it is
    /// called only when there are static files.
    pub fn static_shadowing(
        &self,
        root: &Path,
        generated: impl FnOnce() -> std::collections::HashSet<String>,
    ) -> Vec<Diagnostic> {
        let files: Vec<(String, PathBuf)> =
            [self.theme_dir.join(STATIC_DIR), root.join(STATIC_DIR)]
                .iter()
                .flat_map(|dir| static_files(root, dir).files)
                .collect();
        if files.is_empty() {
            return Vec::new();
        }
        let generated = generated();
        files
            .into_iter()
            .filter(|(rel, _)| generated.contains(rel))
            .map(|(rel, path)| {
                Diagnostic::warning(
                    path.strip_prefix(root).unwrap_or(&path),
                    format!("this static file replaces the generated /{rel}"),
                )
                .hint("rename or remove it, unless replacing the generated file is what you want")
            })
            .collect()
    }

    /// Writes the theme's static files, the highlight stylesheet and the
    /// site's `static/` folder; later sources override earlier ones.
    pub fn write_static(&self, root: &Path, out: &dyn Output) -> Result<usize, Diagnostics> {
        let mut n = 0;
        let mut errors = Vec::new();
        let mut unreadable = Vec::new();
        let disk_full = DiskFull::default();
        let mut write = |path: &str, bytes: &[u8]| {
            if disk_full.seen() {
                return;
            }
            match out.write(path, bytes) {
                Ok(()) => n += 1,
                Err(e) => errors.push(disk_full.diagnostic(path, e)),
            }
        };
        for (name, text) in templates::DEFAULT_STATIC {
            if *name == templates::SEARCH_SCRIPT && !self.search {
                continue;
            }
            write(name, text.as_bytes());
        }
        write("highlight.css", self.highlight_css.as_bytes());
        for dir in [self.theme_dir.join(STATIC_DIR), root.join(STATIC_DIR)] {
            let walk = static_files(root, &dir);
            walk.print_skipped();
            unreadable.extend(walk.errors);
            for (rel, path) in walk.files {
                match std::fs::read(&path) {
                    Ok(bytes) => write(&rel, &bytes),
                    Err(e) => unreadable.push(Diagnostic::new(
                        path.strip_prefix(root).unwrap_or(&path),
                        format!("cannot read static file: {e}"),
                    )),
                }
            }
        }
        if let Some(full) = disk_full.into_diagnostic() {
            return Err(full.into());
        }
        errors.extend(unreadable);
        if errors.is_empty() {
            Ok(n)
        } else {
            Err(Diagnostics(errors))
        }
    }
}

/// What a one-off render made for itself and needs no more: the summary
/// views, the article bodies and the stores of shared HTML. At 10,000
/// articles freeing them value by value took some 20 ms on the main thread
/// after the last page was written, with the other core idle; dropping a
/// `Spent` frees them, and a process about to exit leaves them to the
/// system with the model (see [`crate::build::run`]).
pub struct Spent {
    _entries: views::Entries,
    _bodies: handover::Bodies,
    _stores: Stores,
}

/// The stores one render fills on first use and shares between its pages.
struct Stores {
    _items: Option<items::Made>,
    _foot_items: items::Made,
    _parts: contexts::ListParts,
    _navs: nav::Navs,
}

/// What one render does: which jobs, with the article bodies handed over
/// or read from the model, and whether what each job read is recorded.
struct Plan<'a> {
    jobs: &'a [Job],
    /// A one-off build's bodies (see [`handover`]).
    bodies: Option<&'a handover::Bodies>,
    record: bool,
}

/// The order jobs are rendered in, as passes run one after the other (by
/// index into `jobs`). A one-off build (`handover`) renders every article
/// first, so the article bodies are freed before the other pages are made:
/// the list pages fill the list-item store, and the sitemap and feeds, the
/// largest contexts, are made in the memory the bodies left. They lead the
/// second pass, so that a large file does not finish last alone on one core.
fn passes(jobs: &[Job], handover: bool) -> Vec<Vec<usize>> {
    if !handover {
        return vec![(0..jobs.len()).collect()];
    }
    let (articles, mut rest): (Vec<usize>, Vec<usize>) =
        (0..jobs.len()).partition(|&i| matches!(jobs[i], Job::Article(_)));
    rest.sort_by_key(|&i| !matches!(jobs[i], Job::Sitemap | Job::Feed | Job::TopicFeed(_)));
    vec![articles, rest]
}

/// The first "no space left on device" of a render: once the disk is full
/// every further write fails the same way, so the rest are not attempted and
/// one message stands for them all.
#[derive(Default)]
struct DiskFull(std::sync::OnceLock<Diagnostic>);

impl DiskFull {
    fn seen(&self) -> bool {
        self.0.get().is_some()
    }

    /// The diagnostic for a failed write of `path`; a full disk is noted.
    fn diagnostic(&self, path: &str, e: std::io::Error) -> Diagnostic {
        let d = Diagnostic::new(path, format!("cannot write output file: {e}"));
        if e.kind() == std::io::ErrorKind::StorageFull {
            let _ = self.0.set(d.clone().hint(
                "the disk is full: free some space and build again (the previous output was left as it was)",
            ));
        }
        d
    }

    fn into_diagnostic(self) -> Option<Diagnostic> {
        self.0.into_inner()
    }
}

/// The visible files under a static folder of the site at `root` (see
/// [`crate::walk`]), with what the walk reported.
pub(crate) fn static_files(root: &Path, dir: &Path) -> crate::walk::Walk {
    crate::walk::visible_files(dir, dir.strip_prefix(root).unwrap_or(dir))
}

fn load_tm_themes(
    root: &Path,
    dir: &Path,
) -> Result<std::collections::HashMap<String, syntect::highlighting::Theme>, Diagnostics> {
    let mut themes = std::collections::HashMap::new();
    let walk = static_files(root, dir);
    walk.print_skipped();
    if !walk.errors.is_empty() {
        return Err(Diagnostics(walk.errors));
    }
    for (rel, path) in walk.files {
        let Some(name) = rel.strip_suffix(".tmTheme") else {
            continue;
        };
        match syntect::highlighting::ThemeSet::get_theme(&path) {
            Ok(t) => {
                themes.insert(name.to_string(), t);
            }
            Err(e) => {
                return Err(Diagnostics(vec![Diagnostic::new(
                    path.strip_prefix(root).unwrap_or(&path),
                    format!("cannot load highlight theme: {e}"),
                )]));
            }
        }
    }
    Ok(themes)
}

/// `n` cells none of which is set yet: the per-entry, per-topic and
/// per-term stores of values made on first use during one render.
pub(crate) fn cells<T, C: FromIterator<std::sync::OnceLock<T>>>(n: usize) -> C {
    std::iter::repeat_with(std::sync::OnceLock::new)
        .take(n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Job, passes};
    use crate::site::{DayId, PageId};

    /// An overriding `sitemap.xml` is rendered through Tera, not replaced
    /// by the engine's own.
    #[test]
    fn an_overriding_sitemap_template_is_rendered() {
        use std::path::Path;
        let config = crate::config::Config::parse("title: T\n", Path::new("site.yaml")).unwrap();
        let text = "---\ntitle: A\ndate: 2024-11-02T06:00:00Z\n---\nBody.\n";
        let page = crate::content::parse_page("a.md", Path::new("a.md"), text, &config).unwrap();
        let site = crate::site::Site::new(config.clone(), vec![page]).0;
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("templates")).unwrap();
        std::fs::write(
            root.path().join("templates/sitemap.xml"),
            "{% for u in urls %}{{ u.path }};{% endfor %}",
        )
        .unwrap();
        let mut renderer = super::Renderer::new(root.path(), &config).unwrap();
        assert!(renderer.builtin_sitemap().is_none());
        renderer.site_value(&site);
        let entries = super::views::Entries::new(&site);
        let parts = super::contexts::ListParts::new(&site);
        let read = super::Reader::new(&site, entries.as_slice(), &parts);
        let mut buf = Vec::new();
        Job::Sitemap.render(&renderer, &read, &mut buf).unwrap();
        let out = String::from_utf8(buf).unwrap();
        assert!(out.contains("2024/11/02/a/;"), "{out}");
    }

    /// The sitemap the engine writes is the built-in template's, byte for
    /// byte: days, articles (updated or not), a story page, and a base URL
    /// with a character autoescape changes.
    #[test]
    fn the_sitemap_written_without_tera_is_the_templates() {
        use std::path::Path;
        let config = crate::config::Config::parse(
            "title: T\nbase_url: 'https://example.org/a&b'\ntopics:\n  - slug: energy\n    name: Energy\n",
            Path::new("site.yaml"),
        )
        .unwrap();
        let texts = [
            (
                "2024/a.md",
                "---\ntitle: A\ndate: 2024-11-02T06:00:00Z\ntopics: [energy]\nstory: night\n---\nBody.\n",
            ),
            (
                "2024/b.md",
                "---\ntitle: B\ndate: 2024-11-02T09:30:05Z\nupdated: 2024-11-03T01:02:03Z\nstory: night\n---\nBody.\n",
            ),
            (
                "2024/c.md",
                "---\ntitle: C\ndate: 2024-10-30\ntags: [grid]\nplaces: [Kyiv]\n---\nBody.\n",
            ),
        ];
        let pages = texts
            .iter()
            .map(|(k, t)| crate::content::parse_page(k, Path::new(k), t, &config).unwrap())
            .collect();
        let site = crate::site::Site::new(config.clone(), pages).0;
        let root = tempfile::tempdir().unwrap();
        let mut renderer = super::Renderer::new(root.path(), &config).unwrap();
        assert!(renderer.builtin_sitemap().is_some());
        renderer.site_value(&site);
        let entries = super::views::Entries::new(&site);
        let parts = super::contexts::ListParts::new(&site);
        let render = |r: &super::Renderer| {
            let read = super::Reader::new(&site, entries.as_slice(), &parts);
            let mut buf = Vec::new();
            Job::Sitemap.render(r, &read, &mut buf).unwrap();
            String::from_utf8(buf).unwrap()
        };
        let written = render(&renderer);
        renderer.builtin_sitemap = None;
        let templated = render(&renderer);
        assert_eq!(written, templated);
        assert!(
            written.contains("<loc>https://example.org/a&amp;b/</loc>"),
            "{written}"
        );
        assert!(
            written.contains("<lastmod>2024-11-03T01:02:03Z</lastmod>"),
            "{written}"
        );
    }

    #[test]
    fn a_one_off_build_renders_articles_first_then_feeds_and_list_pages() {
        let jobs = [
            Job::Home(1),
            Job::Article(PageId::new(0)),
            Job::Day(DayId::new(0)),
            Job::Sitemap,
            Job::Article(PageId::new(1)),
            Job::Feed,
        ];
        assert_eq!(passes(&jobs, true), [vec![1, 4], vec![3, 5, 0, 2]]);
        assert_eq!(passes(&jobs, false), [vec![0, 1, 2, 3, 4, 5]]);
    }
}
