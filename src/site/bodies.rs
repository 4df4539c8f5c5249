//! Rendered article bodies kept between rebuilds, so `serve` re-renders
//! the Markdown of a changed article only. A body is reused when its text is
//! the same and every link it made to another article still resolves to the
//! same URL (a renamed article changes the links that point at it).
//! The caller hands over only the bodies of pages whose text is unchanged.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use super::{PageId, Site, body_problems};
use crate::config::Config;
use crate::content::Page;
use crate::diag::Diagnostic;
use crate::markdown::{self, LinkResolver, Rendered};

/// Links one body made: target key → the URL it resolved to.
type Links = Vec<(String, Option<String>)>;

/// What is remembered of one page's last rendered body: the links it made.
#[derive(Debug, Clone)]
struct Memo {
    links: Links,
}

/// The memo of every page's rendered body, keyed by page key.
#[derive(Debug, Default)]
pub(crate) struct Bodies {
    // Looked up once per page on every change: the fast hasher.
    memos: hashbrown::HashMap<String, Memo>,
    /// Keys of the pages whose body the last [`Bodies::site`] rendered
    /// (not taken over from the site it replaced).
    rendered: Vec<String>,
}

/// Records every link a render resolves.
struct Recording<'a> {
    inner: &'a dyn LinkResolver,
    seen: RefCell<Links>,
}

impl LinkResolver for Recording<'_> {
    fn resolve(&self, target: &str) -> Option<String> {
        let url = self.inner.resolve(target);
        self.seen
            .borrow_mut()
            .push((target.to_string(), url.clone()));
        url
    }
}

impl LinkResolver for Site {
    fn resolve(&self, target: &str) -> Option<String> {
        self.by_key
            .get(target)
            .map(|&id| format!("{}{}", self.config.base_path(), self.paths[id]))
    }
}

fn render_recorded(page: &Page, links: &dyn LinkResolver) -> (Rendered, Memo) {
    let recording = Recording {
        inner: links,
        seen: RefCell::new(Vec::new()),
    };
    let rendered = markdown::render(&page.body, &page.key, &recording);
    let memo = Memo {
        links: recording.seen.into_inner(),
    };
    (rendered, memo)
}

impl Bodies {
    /// Builds the site like [`Site::new`], taking each body from `previous`
    /// (the bodies of the site this one replaces, by key, for pages whose
    /// text did not change) when every link it made still resolves to the
    /// same URL, and rendering the others. Returns the site and its broken
    /// links.
    pub(crate) fn site(
        &mut self,
        config: Config,
        pages: Vec<Page>,
        previous: HashMap<String, Rendered>,
        reuse: Option<super::Reuse>,
    ) -> (Site, Vec<Diagnostic>) {
        // One lock per page, so the parallel render never waits on another page.
        let previous: hashbrown::HashMap<String, Mutex<Option<Rendered>>> = previous
            .into_iter()
            .map(|(k, r)| (k, Mutex::new(Some(r))))
            .collect();
        let fresh: hashbrown::HashMap<String, Mutex<Option<Memo>>> = pages
            .iter()
            .map(|p| (p.key.clone(), Mutex::new(None)))
            .collect();
        let memos = &self.memos;
        let rendered_now: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let (site, problems) = Site::with_markdown(
            config,
            pages,
            |page, links| {
                let old = previous
                    .get(&page.key)
                    .and_then(|slot| slot.lock().ok()?.take());
                let memo = match (old, memos.get(&page.key)) {
                    (Some(old), Some(memo))
                        if memo
                            .links
                            .iter()
                            .all(|(target, url)| links.resolve(target) == *url) =>
                    {
                        (old, memo.clone())
                    }
                    _ => {
                        if let Ok(mut keys) = rendered_now.lock() {
                            keys.push(page.key.clone());
                        }
                        render_recorded(page, links)
                    }
                };
                let (rendered, memo) = memo;
                if let Some(Ok(mut slot)) = fresh.get(&page.key).map(Mutex::lock) {
                    *slot = Some(memo);
                }
                rendered
            },
            reuse,
        );
        self.memos = fresh
            .into_iter()
            .filter_map(|(k, m)| Some((k, m.into_inner().ok()??)))
            .collect();
        self.rendered = rendered_now.into_inner().unwrap_or_default();
        (site, problems)
    }

    /// Keys of the pages whose body the last [`Bodies::site`] rendered
    /// rather than took over (in no order).
    pub(crate) fn rendered(&self) -> &[String] {
        &self.rendered
    }

    /// Renders the body of page `id` again, after its text changed but not
    /// its place in the site.
    pub(crate) fn rerender(&mut self, site: &mut Site, id: PageId) {
        let (rendered, memo) = render_recorded(&site.pages[id], &*site);
        site.rendered[id] = rendered;
        self.memos.insert(site.pages[id].key.clone(), memo);
    }

    /// Hashes what the body of `key` depends on besides the page itself: the
    /// URLs its links resolved to.
    pub(crate) fn hash_links(&self, key: &str, h: &mut impl Hasher) {
        if let Some(m) = self.memos.get(key) {
            m.links.hash(h);
        }
    }
}

impl Site {
    /// Links to articles that do not exist, one problem each.
    pub fn broken_links(&self) -> Vec<Diagnostic> {
        self.pages
            .iter()
            .zip(&self.rendered)
            .flat_map(|(page, r)| body_problems(page, r))
            .collect()
    }
}
