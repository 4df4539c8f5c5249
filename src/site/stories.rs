//! Stories: the reports that share a `story` id, one event across every
//! source. A story with two or more reports gets its own page; a lone report
//! stands for its story.

use std::collections::BTreeMap;

use super::{PageId, Store};
use crate::content::Page;

/// One story and its reports.
#[derive(Debug, Clone)]
pub struct Story {
    /// The `story` id of its reports.
    pub id: String,
    /// Its reports, newest first (store order).
    pub pages: Vec<PageId>,
    /// The outlets that reported it, each once, in the order they first did.
    pub sources: Vec<String>,
}

impl Story {
    /// URL path of the story's page, `stories/ID/`.
    pub fn path(&self) -> String {
        crate::paths::story(&self.id)
    }

    /// True when the story has a page of its own (two reports or more).
    pub fn has_page(&self) -> bool {
        self.pages.len() >= 2
    }

    /// The earliest report.
    pub fn first(&self) -> PageId {
        self.pages[self.pages.len() - 1]
    }

    /// The newest report: the story's latest activity.
    pub fn latest(&self) -> PageId {
        self.pages[0]
    }

    /// The headline: the first `story_title` its reports give, earliest
    /// first, else the earliest report's title. Read from the pages each
    /// time, so an edited title shows at once.
    pub fn title<'a>(&self, pages: &'a Store<PageId, Page>) -> &'a str {
        self.pages
            .iter()
            .rev()
            .find_map(|&id| pages[id].story_title.as_deref())
            .unwrap_or(&pages[self.first()].title)
    }
}

/// Groups `pages` (newest first) into stories by id.
pub(crate) fn group(pages: &Store<PageId, Page>) -> BTreeMap<String, Story> {
    let mut ids: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
    for (id, page) in pages.with_ids() {
        if let Some(story) = &page.story {
            ids.entry(story.as_str()).or_default().push(id);
        }
    }
    ids.into_iter()
        .map(|(story, list)| {
            let earliest_first = || list.iter().rev().map(|&id| &pages[id]);
            let mut sources: Vec<String> = Vec::new();
            let mut seen: Vec<String> = Vec::new();
            for p in earliest_first() {
                if let Some(s) = &p.source {
                    let key = slug::slugify(s);
                    if !seen.contains(&key) {
                        seen.push(key);
                        sources.push(s.trim().to_string());
                    }
                }
            }
            (
                story.to_string(),
                Story {
                    id: story.to_string(),
                    pages: list,
                    sources,
                },
            )
        })
        .collect()
}

/// The ids of the stories that have a page, newest activity first (then by id).
pub(crate) fn with_pages(stories: &BTreeMap<String, Story>) -> Vec<String> {
    let mut list: Vec<&Story> = stories.values().filter(|s| s.has_page()).collect();
    // Pages are newest first, so the lowest latest id is the newest activity.
    list.sort_by(|a, b| a.latest().cmp(&b.latest()).then(a.id.cmp(&b.id)));
    list.into_iter().map(|s| s.id.clone()).collect()
}
