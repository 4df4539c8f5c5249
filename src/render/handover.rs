//! The article bodies of a one-off build (`build`, `check`), handed over by
//! the model so that each is freed as soon as nothing more needs it. A body
//! is read by its article's page and by the feeds that show the article; a
//! build renders every article page before the list pages, taking each body
//! as its page is written (the feeds' bodies stay until the end), so the
//! list pages are rendered without some 50 MB of HTML held at 10,000
//! articles. `serve` renders again and again, keeps the bodies in its model
//! and records what each file read in full: it has no handover.

use std::sync::Mutex;

use crate::site::{PageId, Site, Store};

/// The HTML of every article body, by page id.
pub(crate) struct Bodies {
    html: Store<PageId, Mutex<String>>,
    /// Pages a feed shows: their body is read twice, and never freed.
    in_feeds: Store<PageId, bool>,
}

impl Bodies {
    /// Takes every article body out of `site` (see [`Site::take_html`]):
    /// call it once the entry views are made.
    pub(crate) fn take(site: &mut Site) -> Self {
        let mut in_feeds: Store<PageId, bool> = vec![false; site.pages().len()].into();
        for ids in super::jobs::feed_entries(site) {
            for id in ids {
                in_feeds[id] = true;
            }
        }
        let html = site.take_html().into_vec().into_iter().map(Mutex::new);
        Bodies {
            html: html.collect(),
            in_feeds,
        }
    }

    /// Runs `f` on the body of page `id`; with `last` (its article's page
    /// reads it), the body is then freed unless a feed shows it.
    pub(crate) fn with<R>(&self, id: PageId, last: bool, f: impl FnOnce(&str) -> R) -> R {
        // A poisoned lock only means another page's render panicked: the text is whole.
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
    use crate::site::{PageId, Site};

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
        assert!(site.rendered().iter().all(|r| r.html.is_empty()));
        assert!(site.rendered().iter().all(|r| r.first_paragraph.is_empty()));
        // Page 1 (the older) is in no feed: its page's read frees it.
        let older = PageId::new(1);
        assert_eq!(
            bodies.with(older, true, str::to_string),
            "<p>Body of 2024-01-01.</p>\n"
        );
        assert_eq!(bodies.with(older, false, str::to_string), "");
        // Page 0 is in the feeds: it stays for them.
        let newer = PageId::new(0);
        assert!(bodies.with(newer, true, str::len) > 0);
        assert_eq!(
            bodies.with(newer, false, str::to_string),
            "<p>Body of 2024-01-02.</p>\n"
        );
    }
}
