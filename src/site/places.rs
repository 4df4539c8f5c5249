//! What a place's page shows besides its entries: the topics the place
//! appears in and its entries over time, month by month.

use super::{Site, Term};

/// A place's topics (slug, entries), most entries first, then in site.yaml
/// order; and its entries per month ((year, month), entries), oldest first.
pub(crate) type Profile = (Vec<(String, usize)>, Vec<((i16, i8), usize)>);

/// The profile of a place (any term works; places are what it is for),
/// made once per term.
pub(crate) fn profile<'a>(site: &Site, term: &'a Term) -> &'a Profile {
    term.profile.get_or_init(|| make(site, term))
}

fn make(site: &Site, term: &Term) -> Profile {
    let mut topics: Vec<(String, usize)> = site
        .topics
        .with_ids()
        .map(|(i, t)| {
            let n = term
                .pages
                .iter()
                .filter(|&&id| site.in_topic(id, i))
                .count();
            (t.slug.clone(), n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    // A stable sort keeps site.yaml order among equal counts.
    topics.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let mut months: Vec<((i16, i8), usize)> = Vec::new();
    // Term pages are newest first: walk them oldest first.
    for &id in term.pages.iter().rev() {
        let d = site.day_of(id);
        let key = (d.year(), d.month());
        match months.last_mut() {
            Some((m, n)) if *m == key => *n += 1,
            _ => months.push((key, 1)),
        }
    }
    (topics, months)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::content::parse_page;

    /// The plain definition: topics by slug, months by each page's own day.
    fn reference(site: &Site, term: &Term) -> Profile {
        let mut topics: Vec<(String, usize)> = site
            .topics
            .iter()
            .map(|t| {
                let n = term
                    .pages
                    .iter()
                    .filter(|&&id| site.pages[id].topics.contains(&t.slug))
                    .count();
                (t.slug.clone(), n)
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        topics.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        // Counted per month; a term's pages run in date order, so each month is one run.
        let mut months: std::collections::BTreeMap<(i16, i8), usize> = Default::default();
        for &id in &term.pages {
            let d = site.pages[id].day(&site.tz);
            *months.entry((d.year(), d.month())).or_default() += 1;
        }
        (topics, months.into_iter().collect())
    }

    #[test]
    fn matches_the_plain_definition_across_day_and_month_ends() {
        // Kyiv is two or three hours ahead: late UTC evenings fall on the next
        // day there, and 31 January 23:00 UTC in February.
        let config = Config::parse(
            "title: T\ntimezone: Europe/Kyiv\ntopics:\n  - { slug: a, name: A }\n  - { slug: b, name: B }\n  - { slug: c, name: C }\n",
            Path::new("site.yaml"),
        )
        .unwrap();
        let pages = (0..120)
            .map(|i| {
                let topics = ["[a]", "[b, c]", "[]", "[c, a]"][i % 4];
                let place = ["Kyiv", "Lviv", "Odesa"][i % 3];
                let text = format!(
                    "---\ntitle: P{i}\ndate: 2024-{:02}-{:02}T{:02}:30:00Z\ntopics: {topics}\nplaces: [{place}]\n---\nBody.\n",
                    1 + i % 3,
                    [1, 15, 28, 29, 31][i % 5].min(if i % 3 == 1 { 29 } else { 31 }),
                    [0, 21, 22, 23][i % 4],
                );
                let key = format!("p{i}.md");
                parse_page(&key, Path::new(&key), &text, &config).unwrap()
            })
            .collect();
        let site = Site::new(config, pages).0;
        for id in site.pages.ids() {
            assert_eq!(site.day_of(id), site.pages[id].day(&site.tz), "page {id:?}");
        }
        for term in &site.taxonomies[&crate::site::TaxonomyKind::Places] {
            assert_eq!(
                profile(&site, term),
                &reference(&site, term),
                "{}",
                term.name
            );
        }
    }
}
