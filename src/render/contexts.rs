//! Typed contexts of the list pages: one `#[derive(Serialize)]` struct per
//! value a template receives (the README's "Every template" table), so a
//! renamed or missing field fails to compile instead of rendering empty.
//! Entry views inside them are the shared values (see [`super::views`]),
//! passed through by Tera without copying.

use serde::Serialize;
use tera::Value;

use super::dates;
use super::jobs::paginated_path;
use crate::site::{Day, Site, Topic};

/// `paginator`: page `current` of `total`, the pages around it.
#[derive(Serialize)]
pub(crate) struct Paginator {
    current: usize,
    total: usize,
    /// Path of the newer page, or none on the first.
    newer: Option<String>,
    /// Path of the older page, or none on the last.
    older: Option<String>,
    pages: Vec<PageLink>,
}

/// One numbered link of a [`Paginator`].
#[derive(Serialize)]
pub(crate) struct PageLink {
    number: usize,
    path: String,
    current: bool,
}

impl Paginator {
    /// Page `n` of `total` of the list at `base`: the first and last pages
    /// and two on each side of `n`.
    pub(crate) fn new(total: usize, n: usize, base: &str) -> Self {
        let link = |k: usize| (1..=total).contains(&k).then(|| paginated_path(base, k));
        Paginator {
            current: n,
            total,
            newer: link(n.wrapping_sub(1)),
            older: link(n + 1),
            pages: (1..=total)
                .filter(|&k| k == 1 || k == total || k.abs_diff(n) <= 2)
                .map(|k| PageLink {
                    number: k,
                    path: paginated_path(base, k),
                    current: k == n,
                })
                .collect(),
        }
    }
}

/// A link to another day: `{path, day_display}`.
#[derive(Serialize)]
pub(crate) struct DayLink {
    path: String,
    day_display: String,
}

impl DayLink {
    /// The link to `day`.
    pub(crate) fn new(day: &Day, lang: &str) -> Self {
        DayLink {
            path: day.path(),
            day_display: dates::day(day.date, lang),
        }
    }
}

/// `day` of `day.html`, and `latest` of the home page (which has no `newer`).
#[derive(Serialize)]
pub(crate) struct DayView {
    day_display: String,
    date_iso: String,
    path: String,
    count: usize,
    /// `[{topic, items: [{title, path, story, sources, sources_display}]}]`.
    brief: Value,
    /// `[{topic, entries, items: [{story, entries}]}]`.
    groups: Value,
    /// Left out (not even none) for the home page's latest day.
    #[serde(skip_serializing_if = "Option::is_none")]
    newer: Option<Option<DayLink>>,
    older: Option<DayLink>,
}

impl DayView {
    /// Day `i` of `site` with its digest (`brief`, `groups`); `newer` is
    /// left out for the home page's latest day.
    pub(crate) fn new(site: &Site, i: usize, (brief, groups): (Value, Value), newer: bool) -> Self {
        let lang = site.config.language.as_str();
        let day = &site.days[i];
        let link = |j: Option<usize>| {
            j.and_then(|j| site.days.get(j))
                .map(|d| DayLink::new(d, lang))
        };
        DayView {
            day_display: dates::weekday_day(day.date, lang),
            date_iso: day.date.to_string(),
            path: day.path(),
            count: day.pages.len(),
            brief,
            groups,
            newer: newer.then(|| link(i.checked_sub(1))),
            older: link(Some(i + 1)),
        }
    }
}

/// `topic` of `topic.html`.
#[derive(Serialize)]
pub(crate) struct TopicView<'a> {
    slug: &'a str,
    name: &'a str,
    description: &'a str,
    path: String,
    count: usize,
    /// The tracker's path when some entry of the topic has a drone tally.
    tracker_path: Option<&'static str>,
}

impl<'a> TopicView<'a> {
    /// The view of topic `t`.
    pub(crate) fn new(site: &Site, t: &'a Topic) -> Self {
        TopicView {
            slug: &t.slug,
            name: &t.name,
            description: &t.description,
            path: t.path(),
            count: t.pages.len(),
            tracker_path: super::jobs::topic_has_tallies(site, t).then_some(crate::paths::TRACKER),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Paginator;

    #[test]
    fn a_paginator_shows_the_ends_and_two_pages_each_side() {
        let p = serde_json::to_value(Paginator::new(10, 5, "topics/x/")).unwrap();
        let numbers: Vec<u64> = p["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["number"].as_u64().unwrap())
            .collect();
        assert_eq!(numbers, [1, 3, 4, 5, 6, 7, 10]);
        assert_eq!(p["newer"], "topics/x/page/4/");
        assert_eq!(p["older"], "topics/x/page/6/");
        let first = serde_json::to_value(Paginator::new(3, 1, "")).unwrap();
        assert!(first["newer"].is_null());
        assert_eq!(first["pages"][0]["path"], "");
        assert_eq!(first["pages"][0]["current"], true);
    }
}
