//! Related entries: same story first, then shared topics, places and tags.

use std::collections::HashMap;

use super::{PageId, Site, TaxonomyKind};

/// Up to `limit` entries related to `id`, best first. Candidates come from
/// the story, tag and place lists only, so the cost stays linear in practice.
pub fn related(site: &Site, id: PageId, limit: usize) -> Vec<PageId> {
    let page = &site.pages[id];
    let mut score: HashMap<PageId, u32> = HashMap::new();
    if let Some(ids) = page.story.as_ref().and_then(|s| site.stories.get(s)) {
        for &o in ids {
            *score.entry(o).or_default() += 8;
        }
    }
    let lists = [
        (TaxonomyKind::Tags, &page.tags, 2),
        (TaxonomyKind::Places, &page.places, 1),
    ];
    for (kind, names, weight) in lists {
        let Some(terms) = site.taxonomies.get(&kind) else {
            continue;
        };
        for name in names {
            let slug = slug::slugify(name);
            if let Ok(i) = terms.binary_search_by(|t| t.slug.as_str().cmp(&slug)) {
                // Only the 200 newest of a huge term: older ones rarely matter.
                for &o in terms[i].pages.iter().take(200) {
                    *score.entry(o).or_default() += weight;
                }
            }
        }
    }
    score.remove(&id);
    let mut ranked: Vec<(PageId, u32)> = score
        .into_iter()
        .map(|(o, s)| {
            let shared_topics = site.pages[o]
                .topics
                .iter()
                .filter(|t| page.topics.contains(t))
                .count() as u32;
            (o, s + 2 * shared_topics)
        })
        .filter(|&(_, s)| s >= 3)
        .collect();
    // Best score first, then closest in time (ids are in date order).
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.abs_diff(id).cmp(&b.0.abs_diff(id)))
            .then(a.0.cmp(&b.0))
    });
    ranked.into_iter().take(limit).map(|(o, _)| o).collect()
}
