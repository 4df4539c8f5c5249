//! The README's template contract checked against the types: every type
//! the "Context types" table names is made from a small site that shows
//! each of them, and the fields its value has must be the ones the table
//! lists, so a field added, renamed or dropped in a view fails here until
//! the README says so.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value as Json;

use super::contexts::{self, DayView, FeedView, Paginator, TaxonomyLink, TermView, TopicView};
use super::reads::Reader;
use super::stories::{self, StoryView};
use super::tracker::TrackerView;
use super::views::{ArticleView, EntryView, Links, StandaloneView, entries};
use crate::config::Config;
use crate::content::parse_page;
use crate::site::{DayId, Site, TaxonomyKind, TopicId};

const SITE: &str = "title: T
topics:
  - { slug: drone-strikes, name: Drone strikes }
  - { slug: baltic, name: Baltic }
sources:
  Daily Post: { url: 'https://post.example/', description: A paper. }
";

/// Two reports of one story with drone tallies that disagree, and an
/// older entry of the same topic (a neighbour), with a heading.
const PAGES: [(&str, &str); 3] = [
    (
        "a.md",
        "---\ntitle: Night of drones\ndate: 2024-11-02T06:00:00Z\nsource: Daily Post\ntopics: [drone-strikes]\ntags: [kyiv]\nplaces: [Kyiv]\nstory: night\nfigures:\n  drones: { launched: 40, downed: 30, weapons: { shahed: 40 }, side: russia, reported_by: Air force, window: '18:00-06:00' }\n---\n## First\n\nBody.\n",
    ),
    (
        "b.md",
        "---\ntitle: The same night\ndate: 2024-11-02T09:00:00Z\nsource: Other Wire\ntopics: [drone-strikes]\nstory: night\nfigures:\n  drones: { launched: 41, downed: 30, side: russia }\n---\nBody.\n",
    ),
    (
        "c.md",
        "---\ntitle: Earlier\ndate: 2024-10-30T09:00:00Z\nsource: Daily Post\ntopics: [drone-strikes]\n---\nBody.\n",
    ),
];

fn site() -> Site {
    let config = Config::parse(SITE, Path::new("site.yaml")).unwrap();
    let pages = PAGES
        .iter()
        .map(|(key, text)| parse_page(key, Path::new(key), text, &config).unwrap())
        .collect();
    let mut site = Site::new(config, pages).0;
    let about = "---\ntitle: About\n---\n## Who\n\nUs.\n";
    let page = crate::content::standalone::parse(
        "pages/about.md",
        Path::new("about.md"),
        about,
        &mut Vec::new(),
    )
    .unwrap();
    site.set_standalone(vec![page]);
    site
}

fn json<T: serde::Serialize>(value: &T) -> Json {
    serde_json::to_value(value).unwrap()
}

/// The field names of an object value.
fn keys(value: &Json) -> BTreeSet<String> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .cloned()
        .collect()
}

/// The fields the README's "Context types" table lists for each type.
fn readme() -> Vec<(String, BTreeSet<String>)> {
    let text = include_str!("../../README.md");
    let table = text
        .split("### Context types")
        .nth(1)
        .expect("README has a \"Context types\" section");
    table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let name = cells[1].trim_matches('`').to_string();
            let fields = cells[cells.len() - 2]
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            (name, fields)
        })
        .collect()
}

#[test]
fn the_readme_lists_the_fields_of_every_context_type() {
    let site = site();
    let views = entries(&site);
    let parts = contexts::ListParts::new(&site);
    let read = Reader::new(&site, &views, &parts);
    let story = &site.stories()["night"];
    let id = site.id_of("a.md").unwrap();
    let entry = json(&EntryView::new(&Links::new(&site), id));
    let article = json(&ArticleView::new(&read, id).to_value());
    let story_view = json(&StoryView::new(&read, story));
    let tracker = json(&TrackerView::new(&read));
    let (source, _) = site
        .terms(TaxonomyKind::Sources)
        .with_ids()
        .find(|(_, t)| t.name == "Daily Post")
        .unwrap();
    let term = json(&TermView::new(&read, TaxonomyKind::Sources, source));
    let feed = json(&FeedView::new(&read, None));
    let archive = json(&contexts::archive(&read));
    let digest = stories::digest(&read, &site.days()[DayId::new(0)].pages);
    let site_view = json(&contexts::SiteView::new(&site));
    let day = json(&DayView::new(&site, DayId::new(0), digest, true));
    let own = |view: &Json, of: &Json| -> Json {
        let mut view = view.clone();
        for k in keys(of) {
            view.as_object_mut().unwrap().remove(&k);
        }
        view
    };
    let cell = archive[0]["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w.as_array().unwrap())
        .find(|c| !c.is_null())
        .unwrap()
        .clone();
    let samples: Vec<(&str, Json)> = vec![
        ("EntryView", entry.clone()),
        ("TopicLink", entry["topics"][0].clone()),
        ("TermName", entry["places"][0].clone()),
        ("ArticleView", own(&article, &entry)),
        ("TocLink", article["toc"][0].clone()),
        ("Neighbours", article["neighbours"][0].clone()),
        ("StoryLink", article["story_page"].clone()),
        ("ArticleDrones", article["drones"].clone()),
        ("Weapon", article["drones"]["weapons"][0].clone()),
        ("CountRow", article["drones"]["rows"][0].clone()),
        ("DayView", day.clone()),
        ("BriefGroup", day["brief"][0].clone()),
        ("BriefItem", day["brief"][0]["items"][0].clone()),
        ("DigestGroup", day["groups"][0].clone()),
        ("DigestItem", day["groups"][0]["items"][0].clone()),
        (
            "DayLink",
            json(&DayView::new(
                &site,
                DayId::new(1),
                stories::digest(&read, &[]),
                true,
            ))["newer"]
                .clone(),
        ),
        (
            "DayGroup",
            json(&contexts::by_day(
                &read,
                &site.days()[DayId::new(0)].pages,
                "",
            ))[0]
                .clone(),
        ),
        ("Paginator", json(&Paginator::new(2, 1, ""))),
        (
            "PageLink",
            json(&Paginator::new(2, 1, ""))["pages"][0].clone(),
        ),
        (
            "TopicView",
            json(&TopicView::new(&site, &site.topics()[TopicId::new(0)])),
        ),
        (
            "TopicCount",
            json(&contexts::topic_counts(&read))[0].clone(),
        ),
        ("TopicItem", json(&contexts::topic_items(&read))[0].clone()),
        (
            "TaxonomyLink",
            json(&TaxonomyLink::new(TaxonomyKind::Places)),
        ),
        (
            "TermLink",
            json(&contexts::term_links(&read, TaxonomyKind::Places).0)[0].clone(),
        ),
        ("TermView", term.clone()),
        ("TermTopic", term["topics"][0].clone()),
        ("MonthCount", term["months"][0].clone()),
        ("SourceAbout", term["about"].clone()),
        ("ArchiveMonth", archive[0].clone()),
        ("ArchiveDay", archive[0]["days"][0].clone()),
        ("CalendarDay", cell),
        ("Weekday", json(&contexts::weekdays("en"))[0].clone()),
        (
            "StoryItem",
            own(&json(&stories::stories(&read))[0], &article["story_page"]),
        ),
        ("StoryView", own(&story_view, &article["story_page"])),
        ("SourceLink", story_view["sources"][0].clone()),
        ("StoryFigures", story_view["figures"].clone()),
        ("FigureRow", story_view["figures"]["rows"][0].clone()),
        ("TrackerView", tracker.clone()),
        ("SideChart", tracker["sides"][0].clone()),
        ("Column", tracker["columns"][0].clone()),
        ("NightRow", tracker["rows"][0].clone()),
        ("Cell", tracker["rows"][0]["cells"][0].clone()),
        ("NightReport", tracker["rows"][0]["reports"][0].clone()),
        ("FeedView", feed.clone()),
        ("FeedEntry", {
            let mut own = own(&feed["entries"][0], &entry);
            own.as_object_mut()
                .unwrap()
                .insert("summary".into(), Json::Null);
            own
        }),
        (
            "StandaloneView",
            json(&StandaloneView::new(
                &site,
                crate::site::StandaloneId::new(0),
            )),
        ),
        ("SiteView", site_view.clone()),
        ("SiteTopic", site_view["topics"][0].clone()),
        ("SearchBox", site_view["search"].clone()),
        ("PageMenuLink", site_view["pages"][0].clone()),
        ("SearchView", json(&contexts::SearchView::new("en"))),
        ("SitemapUrl", json(&contexts::sitemap(&read))[0].clone()),
    ];
    let listed = readme();
    for (name, value) in &samples {
        let Some((_, fields)) = listed.iter().find(|(n, _)| n == name) else {
            panic!("the README's \"Context types\" table has no row for `{name}`");
        };
        assert_eq!(
            &keys(value),
            fields,
            "fields of `{name}` (README row vs the type)"
        );
    }
    for (name, _) in &listed {
        assert!(
            samples.iter().any(|(n, _)| n == name),
            "the README lists `{name}`, which this test does not make"
        );
    }
}
