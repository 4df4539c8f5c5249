//! Rendered article bodies kept between rebuilds, so `serve` re-renders
//! the Markdown of a changed article only. A body is reused when its text is
//! the same and every link it made to another article still resolves to the
//! same URL (a renamed article changes the links that point at it).
//! The caller hands over only the bodies of pages whose text is unchanged.
//!
//! A body that links to no other article is never rendered again unless its
//! text changes, which brings a new page with it: its Markdown is dropped
//! once rendered (at 10,000 articles the Markdown was 41 MB of what serve
//! holds), and [`Bodies::same_text`] compares a new text with the old one
//! by hash. The Markdown of a body that links to articles is kept, to render
//! it again when one of them moves, and to find the lines of its broken links.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use super::{PageId, Site, body_problems};
use crate::config::Config;
use crate::content::Page;
use crate::diag::Diagnostic;
use crate::markdown::{self, LinkResolver, Rendered};

/// Links one body made: target key → the URL it resolved to.
type Links = Vec<(String, Option<String>)>;

/// What is remembered of one page's last rendered body: the links it made
/// and the hash of the Markdown it was rendered from.
#[derive(Debug, Clone)]
struct Memo {
    links: Links,
    text: u64,
}

fn hash_text(markdown: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    markdown.hash(&mut h);
    h.finish()
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
        text: hash_text(&page.body),
    };
    (rendered, memo)
}

/// Drops the Markdown of a page whose body made no links (see the module
/// comment).
fn drop_unneeded(page: &mut Page, memo: &Memo) {
    if memo.links.is_empty() {
        page.body = String::new();
    }
}

impl Bodies {
    /// Builds the site like [`Site::new`], taking each body from `previous`
    /// (the bodies of the site this one replaces, beside the pages they
    /// belong to, for pages whose text did not change; missing at the end
    /// for the others) when every link it made still resolves to the same
    /// URL, and rendering the others. Returns the site and its broken
    /// links. Pages whose body links to no article come back without their
    /// Markdown.
    pub(crate) fn site(
        &mut self,
        config: Config,
        mut pages: Vec<Page>,
        mut previous: Vec<Option<Rendered>>,
        mut reuse: Option<super::Reuse>,
    ) -> (Site, Vec<Diagnostic>) {
        // Sorted here as the model sorts them, so a page's place is its id
        // and its old body (and old id) is found by position, not looked up
        // by key. The pages of a change come nearly sorted: one pass finds
        // most so.
        let mut from = reuse
            .as_mut()
            .map(|r| std::mem::take(&mut r.from))
            .unwrap_or_default();
        previous.resize_with(pages.len(), || None);
        from.resize(pages.len(), None);
        let mut beside: Vec<(Option<Rendered>, Option<PageId>)> =
            previous.into_iter().zip(from).collect();
        super::sort_beside(&mut pages, &mut beside);
        let (previous, from): (Vec<Option<Rendered>>, Vec<Option<PageId>>) =
            beside.into_iter().unzip();
        if let Some(r) = reuse.as_mut() {
            r.from = from;
        }
        // One lock per page, so the parallel render never waits on another page.
        let previous: Vec<Mutex<Option<Rendered>>> = previous.into_iter().map(Mutex::new).collect();
        // The memos of the bodies rendered now; a body taken over keeps its memo.
        let fresh: Vec<Mutex<Option<Memo>>> = pages.iter().map(|_| Mutex::new(None)).collect();
        let memos = &self.memos;
        let (mut site, problems) = Site::with_markdown_at(
            config,
            pages,
            |id, page, links| {
                let old = previous
                    .get(id.index())
                    .and_then(|slot| slot.lock().ok()?.take());
                if let (Some(old), Some(memo)) = (old, memos.get(&page.key))
                    && memo
                        .links
                        .iter()
                        .all(|(target, url)| links.resolve(target) == *url)
                {
                    return old;
                }
                let (rendered, memo) = render_recorded(page, links);
                if let Some(Ok(mut slot)) = fresh.get(id.index()).map(Mutex::lock) {
                    *slot = Some(memo);
                }
                rendered
            },
            reuse,
        );
        self.rendered.clear();
        for (page, slot) in site.pages.iter().zip(fresh) {
            if let Ok(Some(memo)) = slot.into_inner() {
                self.rendered.push(page.key.clone());
                self.memos.insert(page.key.clone(), memo);
            }
        }
        // Every page has a memo now: any more are those of pages gone.
        if self.memos.len() > site.pages.len() {
            let by_key = &site.by_key;
            self.memos.retain(|key, _| by_key.contains_key(key));
        }
        for page in site.pages.iter_mut().filter(|p| !p.body.is_empty()) {
            if let Some(memo) = self.memos.get(&page.key) {
                drop_unneeded(page, memo);
            }
        }
        (site, problems)
    }

    /// True when `markdown` is the text the body of `key` was last rendered
    /// from (the page's own `body` may have been dropped).
    pub(crate) fn same_text(&self, key: &str, markdown: &str) -> bool {
        self.memos
            .get(key)
            .is_some_and(|m| m.text == hash_text(markdown))
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
        drop_unneeded(&mut site.pages[id], &memo);
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{Bodies, Site};
    use crate::config::Config;
    use crate::content::{Page, parse_page};

    fn page(key: &str, date: &str, body: &str, config: &Config) -> Page {
        let text = format!("---\ntitle: {key}\ndate: {date}\n---\n{body}");
        parse_page(key, Path::new(key), &text, config).unwrap()
    }

    /// The Markdown and HTML of page `key`.
    fn body(site: &Site, key: &str) -> (String, String) {
        let id = site.id_of(key).unwrap();
        (
            site.pages()[id].body.clone(),
            site.rendered()[id].html.clone(),
        )
    }

    /// Serve drops the Markdown it will not render again, and keeps that of a
    /// body whose links must follow an article that moves.
    #[test]
    fn only_bodies_that_link_to_articles_keep_their_markdown() {
        let config = Config::parse("title: T\n", Path::new("site.yaml")).unwrap();
        let linking = "See [the report](b.md).\n";
        let plain = "Power was cut overnight.\n";
        let b = |date: &str| page("b.md", date, "The report.\n", &config);
        let pages = vec![
            page("a.md", "2024-11-02T10:00:00Z", linking, &config),
            b("2024-11-02T09:00:00Z"),
            page("c.md", "2024-11-02T08:00:00Z", plain, &config),
        ];
        let mut bodies = Bodies::default();
        let (mut site, problems) = bodies.site(config.clone(), pages, Vec::new(), None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(body(&site, "a.md").0, linking);
        assert_eq!(body(&site, "b.md").0, "");
        assert_eq!(body(&site, "c.md").0, "");
        assert!(bodies.same_text("c.md", plain));
        assert!(!bodies.same_text("c.md", "Power was restored.\n"));
        assert!(body(&site, "a.md").1.contains("/2024/11/02/b/"));

        // b moves to another day, as serve rebuilds the model: a is rendered
        // again from its Markdown, c keeps its body without its Markdown.
        let (old, rendered) = site.take_pages();
        let mut pages = Vec::new();
        let mut previous = Vec::new();
        for (p, r) in old.into_iter().zip(rendered) {
            if p.key == "b.md" {
                pages.push(b("2024-11-05T09:00:00Z"));
                previous.push(None);
            } else {
                previous.push(Some(r));
                pages.push(p);
            }
        }
        let (moved, _) = bodies.site(config, pages, previous, None);
        let (a_markdown, a_html) = body(&moved, "a.md");
        assert_eq!(a_markdown, linking);
        assert!(a_html.contains("/2024/11/05/b/"), "{a_html}");
        assert!(body(&moved, "c.md").1.contains("Power was cut overnight."));
    }
}
