//! The article bodies of a one-off build, handed over by the model so that
//! each is freed as soon as nothing more needs it. A body is read by its
//! article's page and by the feeds that show the article; a build renders
//! every article page first, taking each body as its page is written (the
//! feeds' bodies stay until the end), so the rest of the pages are rendered
//! without some 40 MB of HTML held at 10,000 articles. `serve` renders again
//! and keeps the bodies in the model.

use std::sync::Mutex;

use crate::site::{PageId, Site};

/// The HTML of every article body, by page id.
pub(crate) struct Bodies {
    html: Vec<Mutex<String>>,
    /// Pages a feed shows: their body is read twice, and never taken.
    in_feeds: Vec<bool>,
}

impl Bodies {
    /// Takes every article body out of `site` (its `rendered[id].html`
    /// is left empty), and frees the first paragraphs the entry views were
    /// made from: call it once the views are made.
    pub(crate) fn take(site: &mut Site) -> Self {
        let mut in_feeds = vec![false; site.pages.len()];
        for ids in super::jobs::feed_entries(site) {
            for id in ids {
                in_feeds[id] = true;
            }
        }
        let html = site
            .rendered
            .iter_mut()
            .map(|r| {
                r.first_paragraph = String::new();
                r.first_paragraph_text = String::new();
                Mutex::new(std::mem::take(&mut r.html))
            })
            .collect();
        Bodies { html, in_feeds }
    }

    /// Runs `f` on the body of page `id`; with `last`, the body is then
    /// freed unless a feed shows it.
    pub(crate) fn with<R>(&self, id: PageId, last: bool, f: impl FnOnce(&str) -> R) -> R {
        let mut html = self.html[id].lock().unwrap_or_else(|e| e.into_inner());
        let r = f(&html);
        if last && !self.in_feeds[id] {
            *html = String::new();
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Bodies;
    use crate::config::Config;
    use crate::content::parse_page;
    use crate::site::Site;

    /// Two articles; the feeds show only the newest (`feed_limit: 1`).
    fn site() -> Site {
        let config = Config::parse("title: T\nfeed_limit: 1\n", Path::new("site.yaml")).unwrap();
        let pages = ["2024-01-02", "2024-01-01"]
            .iter()
            .map(|d| {
                let text = format!("---\ntitle: On {d}\ndate: {d}\n---\nBody of {d}.\n");
                parse_page(&format!("{d}.md"), Path::new("x.md"), &text, &config).unwrap()
            })
            .collect();
        Site::for_build(config, pages).0
    }

    #[test]
    fn a_body_is_freed_after_its_page_unless_a_feed_shows_it() {
        let mut site = site();
        let bodies = Bodies::take(&mut site);
        assert!(site.rendered.iter().all(|r| r.html.is_empty()));
        // Page 1 (the older) is in no feed: its page's read frees it.
        assert_eq!(
            bodies.with(1, true, str::to_string),
            "<p>Body of 2024-01-01.</p>\n"
        );
        assert_eq!(bodies.with(1, false, str::to_string), "");
        // Page 0 is in the feeds: it stays for them.
        assert_eq!(
            bodies.with(0, true, str::len),
            bodies.with(0, false, str::len)
        );
        assert!(bodies.with(0, false, str::len) > 0);
    }
}
