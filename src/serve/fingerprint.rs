//! What each output file reads from the model, folded into one number per
//! file. A file is re-rendered when its fingerprint changes, so the rules
//! here must name everything a job's template context is made from: the
//! pages it shows (each page's own fingerprint covers its front matter, body
//! and resolved links), its position in lists, and the `site` values every
//! template sees.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use crate::render::Job;
use crate::render::jobs::{home_pages, newest_by_modification, page_count};
use crate::site::{Bodies, PageId, Site};

/// Every job of a site with its output path, fingerprint and the pages it
/// reads, and for each page the jobs that read it.
#[derive(Debug, Default)]
pub struct Plan {
    /// Every job, in [`crate::render::jobs::all`] order.
    pub jobs: Vec<Job>,
    /// Output path of each job.
    pub paths: Vec<String>,
    /// Fingerprint of each job.
    pub fingerprints: Vec<u64>,
    /// Page id → indexes into `jobs` of the jobs that show the page.
    pub readers: Vec<Vec<u32>>,
    /// Fingerprint of each page.
    pub pages: Vec<u64>,
    /// Fingerprint of the values every template sees as `site`.
    pub global: u64,
}

/// The fingerprint of each page: its parsed front matter and body (as
/// `source`, by key, hashes them) and the URLs its links resolved to.
pub fn page_fingerprints(site: &Site, source: &HashMap<String, u64>, bodies: &Bodies) -> Vec<u64> {
    site.pages
        .iter()
        .map(|p| page_fingerprint(p, source, bodies))
        .collect()
}

/// The fingerprint of one page (see [`page_fingerprints`]).
pub fn page_fingerprint(
    page: &crate::content::Page,
    source: &HashMap<String, u64>,
    bodies: &Bodies,
) -> u64 {
    let mut h = DefaultHasher::new();
    page.key.hash(&mut h);
    source.get(&page.key).hash(&mut h);
    bodies.hash_links(&page.key, &mut h);
    h.finish()
}

/// The fingerprint of the `site` values templates see (the topics, the
/// latest day). The configuration itself is fixed for the life
/// of a plan: a `site.yaml` change rebuilds everything.
pub fn global(site: &Site) -> u64 {
    let mut h = DefaultHasher::new();
    for t in &site.topics {
        t.slug.hash(&mut h);
    }
    site.days.first().map(|d| d.date).hash(&mut h);
    (site.story_pages.is_empty(), site.has_tracker()).hash(&mut h);
    // Every page's footer lists the standalone pages.
    for (p, _) in &site.standalone {
        (&p.slug, &p.title).hash(&mut h);
    }
    h.finish()
}

/// Pushes onto `deps` every report of each story with a page among `ids`:
/// a digest shows the story's headline and source count.
fn story_deps(site: &Site, ids: &[PageId], h: &mut DefaultHasher, deps: &mut Vec<PageId>) {
    let mut seen: Vec<&str> = Vec::new();
    for &id in ids {
        if let Some(story) = site.story_of(id).filter(|s| s.has_page())
            && !seen.contains(&story.id.as_str())
        {
            seen.push(&story.id);
            (&story.id, story.pages.len()).hash(h);
            deps.extend_from_slice(&story.pages);
        }
    }
}

/// Plans every job of `site`, given its page fingerprints.
pub fn plan(site: &Site, pages: Vec<u64>) -> Plan {
    let jobs = crate::render::jobs::all(site);
    let global = global(site);
    let mut plan = Plan {
        paths: Vec::with_capacity(jobs.len()),
        fingerprints: Vec::with_capacity(jobs.len()),
        readers: vec![Vec::new(); site.pages.len()],
        global,
        pages,
        jobs: Vec::new(),
    };
    // Related entries make this the costly part of a plan: share it out.
    let fingerprints: Vec<(u64, Vec<PageId>)> = jobs
        .par_iter()
        .map(|job| {
            let mut deps = Vec::new();
            let fp = fingerprint(site, job, &plan.pages, global, &mut deps);
            (fp, deps)
        })
        .collect();
    let mut sitemap = DefaultHasher::new();
    for (i, (job, (fp, deps))) in jobs.iter().zip(fingerprints).enumerate() {
        for d in deps {
            if plan.readers[d].last() != Some(&(i as u32)) {
                plan.readers[d].push(i as u32);
            }
        }
        if let Some(url) = job.url_path(site) {
            url.hash(&mut sitemap);
            job.lastmod(site).hash(&mut sitemap);
        }
        plan.paths.push(job.output_path(site));
        plan.fingerprints.push(fp);
    }
    if let Some(i) = jobs.iter().position(|j| *j == Job::Sitemap) {
        global.hash(&mut sitemap);
        plan.fingerprints[i] = sitemap.finish();
    }
    plan.jobs = jobs;
    plan
}

/// One page of a paginated list of `len` entries.
fn window(len: usize, per: usize, n: usize) -> std::ops::Range<usize> {
    let start = ((n - 1) * per).min(len);
    start..(start + per).min(len)
}

/// The fingerprint of one job; the pages it shows are pushed onto `deps`.
/// Job indexes (page ids, day and term positions) are left out on purpose:
/// they shift when an article is added, while the file's content may not.
pub fn fingerprint(
    site: &Site,
    job: &Job,
    pages: &[u64],
    global: u64,
    deps: &mut Vec<PageId>,
) -> u64 {
    let mut h = DefaultHasher::new();
    global.hash(&mut h);
    std::mem::discriminant(job).hash(&mut h);
    let per = site.config.paginate_by;
    let list = |ids: &[PageId], n: usize, h: &mut DefaultHasher, deps: &mut Vec<PageId>| {
        (n, page_count(ids.len(), per), ids.len()).hash(h);
        deps.extend_from_slice(&ids[window(ids.len(), per, n)]);
    };
    match job {
        Job::Home(n) => {
            let pages = home_pages(site);
            (*n, pages.len(), pages[*n - 1].len()).hash(&mut h);
            deps.extend(pages[*n - 1].clone());
            if *n == 1 {
                // The rail's topic counts.
                for t in &site.topics {
                    t.pages.len().hash(&mut h);
                }
            }
            if *n == 1
                && let Some(day) = site.days.first()
            {
                day.date.hash(&mut h);
                site.days.get(1).map(|d| d.date).hash(&mut h);
                deps.extend_from_slice(&day.pages);
                story_deps(site, &day.pages, &mut h, deps);
            }
        }
        Job::Day(i) => {
            let date = |j: Option<usize>| j.and_then(|j| site.days.get(j)).map(|d| d.date);
            (date(Some(*i)), date(i.checked_sub(1)), date(Some(i + 1))).hash(&mut h);
            deps.extend_from_slice(&site.days[*i].pages);
            story_deps(site, &site.days[*i].pages, &mut h, deps);
        }
        Job::Article(id) => {
            deps.push(*id);
            let links = crate::site::foot_links(site, *id, 5);
            // The shape of the links, not their ids (ids shift on an add);
            // the linked pages themselves are deps.
            links.story.len().hash(&mut h);
            deps.extend(&links.story);
            for (slug, newer, older) in &links.neighbours {
                (slug, newer.is_some(), older.is_some()).hash(&mut h);
                deps.extend(newer.iter().chain(older));
            }
            links.related.len().hash(&mut h);
            deps.extend(&links.related);
            site.story_of(*id).map(|s| s.has_page()).hash(&mut h);
        }
        Job::Topics => {
            for t in &site.topics {
                t.pages.len().hash(&mut h);
                deps.extend(t.pages.first());
            }
        }
        Job::Topic(i, n) => {
            let t = &site.topics[*i];
            (&t.slug, crate::render::jobs::topic_has_tallies(site, t)).hash(&mut h);
            list(&t.pages, *n, &mut h, deps);
        }
        Job::Taxonomy(kind) => {
            kind.hash(&mut h);
            for t in &site.taxonomies[kind] {
                (&t.slug, &t.name, t.pages.len()).hash(&mut h);
            }
        }
        Job::Term(kind, i, n) => {
            let t = &site.taxonomies[kind][*i];
            (kind, &t.slug, &t.name).hash(&mut h);
            // Its topics and months count every entry, not just the window's.
            crate::site::places::profile(site, t).hash(&mut h);
            list(&t.pages, *n, &mut h, deps);
        }
        Job::Archive => {
            for d in &site.days {
                (d.date, d.pages.len()).hash(&mut h);
                deps.extend(d.pages.first());
            }
        }
        Job::Feed => {
            let all: Vec<PageId> = (0..site.pages.len()).collect();
            deps.extend(newest_by_modification(site, &all, site.config.feed_limit));
        }
        Job::TopicFeed(i) => {
            let t = &site.topics[*i];
            t.slug.hash(&mut h);
            deps.extend(newest_by_modification(
                site,
                &t.pages,
                site.config.feed_limit,
            ));
        }
        Job::Stories => {
            for story in site.story_pages.iter().filter_map(|s| site.stories.get(s)) {
                (&story.id, story.pages.len()).hash(&mut h);
                deps.extend_from_slice(&story.pages);
            }
        }
        Job::Story(i) => {
            let story = &site.stories[&site.story_pages[*i]];
            (&story.id, story.pages.len()).hash(&mut h);
            deps.extend_from_slice(&story.pages);
        }
        Job::Page(i) => {
            let (p, r) = &site.standalone[*i];
            (&p.slug, &p.title, &p.summary, &r.html).hash(&mut h);
            format!("{:?}", p.extra).hash(&mut h);
        }
        Job::Tracker | Job::TrackerCsv | Job::TrackerJson => {
            for night in &site.nights {
                (night.night, &night.side, night.reports.len()).hash(&mut h);
                deps.extend_from_slice(&night.reports);
            }
        }
        // The sitemap is fingerprinted by `plan` from every job's URL;
        // robots.txt and the 404 page read only `site`.
        Job::Sitemap | Job::Robots | Job::NotFound | Job::Search => {}
    }
    deps.len().hash(&mut h);
    for &d in deps.iter() {
        pages[d].hash(&mut h);
    }
    h.finish()
}
