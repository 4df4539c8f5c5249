//! What a place's page shows besides its entries: the topics the place
//! appears in and its entries over time, month by month.

use super::{Site, Term};

/// A place's topics (slug, entries), most entries first, then in site.yaml
/// order; and its entries per month ((year, month), entries), oldest first.
pub type Profile = (Vec<(String, usize)>, Vec<((i16, i8), usize)>);

/// The profile of a place (any term works; places are what it is for).
pub fn profile(site: &Site, term: &Term) -> Profile {
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
    // A stable sort keeps site.yaml order among equal counts.
    topics.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let mut months: Vec<((i16, i8), usize)> = Vec::new();
    // Term pages are newest first: walk them oldest first.
    for &id in term.pages.iter().rev() {
        let d = site.pages[id].day(&site.tz);
        let key = (d.year(), d.month());
        match months.last_mut() {
            Some((m, n)) if *m == key => *n += 1,
            _ => months.push((key, 1)),
        }
    }
    (topics, months)
}
