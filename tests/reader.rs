//! The reader's digest on `tests/fixtures/reader-site`: story pages and their
//! links, "Also reported by", the day in brief, and the drone tracker's
//! chart, CSV and JSON agreeing with the front matter (a night without a
//! report is absent, never zero).

mod common;

use std::collections::BTreeMap;

use common::*;

type Files = BTreeMap<String, Vec<u8>>;

fn built(extra: &[&str]) -> (tempfile::TempDir, Files) {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("reader-site"), &out.path().join("public"), extra);
    let files = read_tree(&out.path().join("public"));
    (out, files)
}

fn text(files: &Files, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("missing {path}; have {:?}", files.keys()))
            .clone(),
    )
    .unwrap()
}

/// The inner HTML of the first element whose opening tag contains `marker`,
/// up to `end`.
fn section<'a>(html: &'a str, marker: &str, end: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let rest = &html[start..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

const KYIV_STORY: &str = "stories/kyiv-drones-2024-11-02/index.html";

#[test]
fn a_story_page_shows_every_report_and_its_sources() {
    let (_d, files) = built(&[]);
    let html = text(&files, KYIV_STORY);
    // The headline is the earliest report's title.
    assert!(
        html.contains("<h1>Kyiv wakes to a long drone alert</h1>"),
        "{html}"
    );
    let timeline = section(&html, "class=\"report-timeline\"", "</ol>");
    let order = [
        "02-kyiv-wire/",
        "02-kyiv-daily/",
        "02-kyiv-nordic/",
        "03/03-kyiv-followup/",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|p| {
            timeline
                .find(p)
                .unwrap_or_else(|| panic!("{p} in {timeline}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert_eq!(timeline.matches("<li>").count(), 4);
    // Drafts stay out of stories.
    assert!(!html.contains("Unchecked note"));
    assert!(html.contains("3 sources, 4 reports"), "{html}");
    let sources = section(&html, "class=\"source-list\"", "</ul>");
    for s in ["Wire One", "Capital Daily", "Nordic Desk"] {
        assert!(sources.contains(s), "{s} in {sources}");
    }
    // The figures side by side, the disagreements marked.
    let table = section(&html, "class=\"figures-table\"", "</table>");
    assert!(
        table.contains("<tr class=\"disputed\"><th scope=\"row\">Launched"),
        "{table}"
    );
    assert!(
        table.contains("<tr><th scope=\"row\">Lost (jamming)</th>"),
        "{table}"
    );
}

#[test]
fn story_title_in_front_matter_names_the_story() {
    let (_d, files) = built(&[]);
    let html = text(&files, "stories/baltic-cable-2024-11-01/index.html");
    assert!(html.contains("<h1>Baltic power link cut</h1>"));
    assert!(html.contains("2 sources, 2 reports"));
}

#[test]
fn the_stories_index_lists_stories_with_two_reports_or_more() {
    let (_d, files) = built(&[]);
    let html = text(&files, "stories/index.html");
    let kyiv = html.find("stories/kyiv-drones-2024-11-02/").unwrap();
    let cable = html.find("stories/baltic-cable-2024-11-01/").unwrap();
    assert!(kyiv < cable, "newest activity first");
    assert!(!html.contains("sanctions-list"));
    // A story with one report has no page; its report stands for it.
    assert!(!files.keys().any(|k| k.contains("sanctions-list")));
    let talks = text(&files, "2024/11/01/01-talks/index.html");
    assert!(!talks.contains("stories/sanctions-list"));
    assert!(!talks.contains("Also reported by"));
    // In the sitemap; no feeds.
    let sitemap = text(&files, "sitemap.xml");
    assert!(sitemap.contains("https://example.org/stories/kyiv-drones-2024-11-02/"));
    assert!(sitemap.contains("https://example.org/stories/</loc>"));
    assert!(sitemap.contains("https://example.org/trackers/drones/</loc>"));
    assert!(
        !files
            .keys()
            .any(|k| k.starts_with("stories/") && k.ends_with(".xml"))
    );
}

#[test]
fn an_article_links_its_story_and_the_other_reports() {
    let (_d, files) = built(&[]);
    let html = text(&files, "2024/11/02/02-kyiv-daily/index.html");
    assert!(html.contains("href=\"/stories/kyiv-drones-2024-11-02/\""));
    let also = section(&html, "Also reported by", "</section>");
    for (source, path) in [
        ("Wire One", "/2024/11/02/02-kyiv-wire/"),
        ("Nordic Desk", "/2024/11/02/02-kyiv-nordic/"),
        ("Wire One", "/2024/11/03/03-kyiv-followup/"),
    ] {
        assert!(
            also.contains(&format!("<a href=\"{path}\">{source}</a>")),
            "{source} {path} in {also}"
        );
    }
    assert!(!also.contains("02-kyiv-daily/\""), "not itself");
    // Each foot link once.
    let foot = &html[html.find("Also reported by").unwrap()..];
    for path in ["02-kyiv-wire/", "02-kyiv-nordic/", "03-kyiv-followup/"] {
        assert_eq!(
            foot.matches(&format!("{path}\"")).count(),
            1,
            "{path}: {foot}"
        );
    }
    // Its drone figures, all of them, and a link to its night in the tracker.
    let figures = section(&html, "class=\"figures\"", "</aside>");
    assert!(
        figures.contains("<dt>Still in the air</dt><dd>2</dd>"),
        "{figures}"
    );
    assert!(figures.contains("shahed 60"), "{figures}");
    assert!(figures.contains("href=\"/trackers/drones/#night-2024-11-02-russia\""));
}

#[test]
fn drafts_join_stories_only_when_built_with_drafts() {
    let (_d, files) = built(&["--drafts"]);
    let html = text(&files, KYIV_STORY);
    assert!(html.contains("Unchecked note"));
    assert!(html.contains("4 sources, 5 reports"));
    let csv = text(&files, "trackers/drones/data.csv");
    assert!(csv.contains("2024-11-02,russia,71,40,21,4\n"), "{csv}");
}

#[test]
fn a_day_opens_with_one_line_per_story() {
    let (_d, files) = built(&[]);
    let html = text(&files, "2024/11/02/index.html");
    let brief = section(&html, "id=\"in-brief\"", "</section>");
    // Three Kyiv reports are one story; the talks follow-up is alone.
    assert_eq!(brief.matches("<li>").count(), 2, "{brief}");
    assert!(brief.contains(
        "<a href=\"/stories/kyiv-drones-2024-11-02/\">Kyiv wakes to a long drone alert</a> <span class=\"count\">3 sources</span>"
    ), "{brief}");
    assert!(brief.contains("<a href=\"/2024/11/02/02-talks-followup/\">"));
    // Grouped by topic in site.yaml order.
    assert!(brief.find("Drone strikes").unwrap() < brief.find("Diplomacy").unwrap());
    // Then the story's reports together under its headline.
    let cluster = section(&html, "class=\"story-cluster\"", "</section>");
    for p in ["02-kyiv-wire/", "02-kyiv-daily/", "02-kyiv-nordic/"] {
        assert!(cluster.contains(p), "{p} in {cluster}");
    }
    // Previous and next day, at the top and at the bottom.
    assert_eq!(html.matches("class=\"day-pager ").count(), 2);
    assert_eq!(
        html.matches("rel=\"prev\" href=\"/2024/11/01/\"").count(),
        2
    );
    assert_eq!(
        html.matches("rel=\"next\" href=\"/2024/11/03/\"").count(),
        2
    );

    // On 1 November the lone talks report counts as its own story.
    let html = text(&files, "2024/11/01/index.html");
    let brief = section(&html, "id=\"in-brief\"", "</section>");
    assert_eq!(brief.matches("<li>").count(), 3, "{brief}");
    assert!(brief.contains("<a href=\"/stories/baltic-cable-2024-11-01/\">Baltic power link cut</a> <span class=\"count\">2 sources</span>"));
    assert!(brief.contains("<a href=\"/2024/11/01/01-talks/\">"));

    // The home page shows the latest day the same way.
    let home = text(&files, "index.html");
    let brief = section(&home, "id=\"in-brief\"", "</section>");
    assert_eq!(brief.matches("<li>").count(), 1, "{brief}");
    assert!(brief.contains("06-late-tally/"));
}

/// The CSV rows, by `night,side`.
fn csv_rows(csv: &str) -> BTreeMap<String, String> {
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("night,side,launched,downed,lost,reports")
    );
    lines
        .map(|l| {
            let mut parts = l.splitn(3, ',');
            let key = format!("{},{}", parts.next().unwrap(), parts.next().unwrap());
            (key, parts.next().unwrap().to_string())
        })
        .collect()
}

#[test]
fn the_tracker_data_agrees_with_the_front_matter() {
    let (_d, files) = built(&[]);
    let rows = csv_rows(&text(&files, "trackers/drones/data.csv"));
    let expected: BTreeMap<String, String> = [
        ("2024-11-01,russia", "40,30,8,1"),
        // Three reports: launched 71, 71, 70 → 71; downed 39, 40, 40 → 40.
        ("2024-11-02,russia", "71,40,21,3"),
        // The Ukrainian side's night: only a downed figure.
        ("2024-11-03,ukraine", ",12,,1"),
        // Published on the 6th; the window ends on the 5th.
        ("2024-11-05,russia", "55,44,9,1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(rows, expected);

    let json: serde_json::Value =
        serde_json::from_slice(&files["trackers/drones/data.json"]).unwrap();
    let nights = json["nights"].as_array().unwrap();
    assert_eq!(nights.len(), 4);
    assert!(nights.iter().all(|n| n["night"] != "2024-11-04"));
    let kyiv = &nights[1];
    assert_eq!(kyiv["night"], "2024-11-02");
    assert_eq!(kyiv["side"], "russia");
    assert_eq!(kyiv["launched"], 71);
    assert_eq!(kyiv["downed"], 40);
    assert_eq!(kyiv["lost"], 21);
    assert_eq!(kyiv["still_in_air"], 2);
    assert_eq!(kyiv["hits"], 3);
    assert_eq!(kyiv["conflict"], true);
    let reports = kyiv["reports"].as_array().unwrap();
    let own: Vec<(&str, &str, serde_json::Value)> = reports
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap(),
                r["source"].as_str().unwrap(),
                r["downed"].clone(),
            )
        })
        .collect();
    assert_eq!(
        own,
        [
            ("2024/11/02/02-kyiv-wire/", "Wire One", 39.into()),
            ("2024/11/02/02-kyiv-daily/", "Capital Daily", 40.into()),
            ("2024/11/02/02-kyiv-nordic/", "Nordic Desk", 40.into()),
        ]
    );
    assert_eq!(reports[2]["lost"], serde_json::Value::Null);
    assert_eq!(nights[0]["conflict"], false);
    assert_eq!(nights[2]["side"], "ukraine");
    assert_eq!(nights[2]["launched"], serde_json::Value::Null);
}

#[test]
fn the_tracker_page_charts_and_tabulates_every_night() {
    let (_d, files) = built(&[]);
    let html = text(&files, "trackers/drones/index.html");
    // One chart per side, each an image with a text alternative.
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 2);
    assert_eq!(html.matches("role=\"img\"").count(), 2);
    assert!(html.contains("<desc id=\"chart-russia-desc\">"));
    let russia = section(&html, "id=\"chart-russia-title\"", "</svg>");
    // Three nights with reports have bars; 3 and 4 November are gaps, not zeros.
    assert_eq!(russia.matches("<g class=\"night\">").count(), 3, "{russia}");
    assert!(
        russia
            .contains("<title>2 November 2024, launched 71, downed 40, lost (jamming) 21</title>")
    );
    assert!(!russia.contains("<title>4 November 2024"));
    assert!(!russia.contains("<title>3 November 2024"));
    // The table, newest first, each night's reports linked.
    let table = section(&html, "class=\"figures-table nights\"", "</table>");
    let order: Vec<usize> = [
        "night-2024-11-05-russia",
        "night-2024-11-03-ukraine",
        "night-2024-11-02-russia",
        "night-2024-11-01-russia",
    ]
    .iter()
    .map(|a| table.find(a).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    let row = section(table, "id=\"night-2024-11-02-russia\"", "</tr>");
    assert!(row.contains("class=\"disputed\""));
    assert!(
        row.contains("<a href=\"/2024/11/02/02-kyiv-daily/\">40</a>"),
        "{row}"
    );
    assert!(row.contains("<a href=\"/2024/11/02/02-kyiv-nordic/\">Nordic Desk</a>"));
    assert!(!table.contains("2024-11-04"));
    // The topic page of drone strikes links the tracker.
    let topic = text(&files, "topics/drone-strikes/index.html");
    assert!(
        section(&topic, "class=\"page-header\"", "</header>")
            .contains("href=\"/trackers/drones/\"")
    );
    let diplomacy = text(&files, "topics/diplomacy/index.html");
    assert!(
        !section(&diplomacy, "class=\"page-header\"", "</header>").contains("trackers/drones/")
    );
}

#[test]
fn links_keep_the_sub_path() {
    let (_d, files) = built(&["--base-url", "https://example.org/digest/"]);
    let article = text(&files, "2024/11/02/02-kyiv-daily/index.html");
    assert!(article.contains("href=\"/digest/stories/kyiv-drones-2024-11-02/\""));
    assert!(article.contains("href=\"/digest/2024/11/02/02-kyiv-wire/\""));
    assert!(article.contains("href=\"/digest/trackers/drones/#night-2024-11-02-russia\""));
    let story = text(&files, KYIV_STORY);
    assert!(story.contains("href=\"/digest/2024/11/03/03-kyiv-followup/\""));
    assert!(!story.contains("href=\"/2024/"));
    let day = text(&files, "2024/11/02/index.html");
    assert!(day.contains("href=\"/digest/stories/kyiv-drones-2024-11-02/\""));
    let tracker = text(&files, "trackers/drones/index.html");
    assert!(tracker.contains("href=\"/digest/trackers/drones/data.csv\""));
    assert!(!tracker.contains("href=\"/2024/"));
    let json: serde_json::Value =
        serde_json::from_slice(&files["trackers/drones/data.json"]).unwrap();
    assert_eq!(
        json["nights"][0]["reports"][0]["url"],
        "https://example.org/digest/2024/11/01/01-night-tally/"
    );
}

#[test]
fn a_bad_story_id_or_tally_names_the_file_and_line() {
    let site = copy_fixture("reader-site");
    let file = site.path().join("content/2024/11/01-talks.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("story: sanctions-list-2024-11-01", "story: Sanctions List!"),
    )
    .unwrap();
    let tally = site.path().join("content/2024/11/01-night-tally.md");
    let text = std::fs::read_to_string(&tally).unwrap();
    std::fs::write(&tally, text.replace("launched: 40", "launched: forty")).unwrap();
    let long = site.path().join("content/2024/11/02-talks-followup.md");
    let text = std::fs::read_to_string(&long).unwrap();
    std::fs::write(
        &long,
        text.replace("topics:", &format!("story: {}\ntopics:", "a".repeat(121))),
    )
    .unwrap();
    let out = sitrep(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "content/2024/11/01-talks.md:6: error: story id `Sanctions List!` is not a URL slug"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "content/2024/11/01-night-tally.md:7: error: `figures.drones` is not a drone tally"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/2024/11/02-talks-followup.md:5: error: story id `aaaa"),
        "{err}"
    );
    assert!(err.contains("more than 120"), "{err}");
}

#[test]
fn feed_content_links_are_absolute() {
    let out = tempfile::tempdir().unwrap();
    build(
        &fixture("site"),
        &out.path().join("public"),
        &["--base-url", "https://example.org/digest/"],
    );
    let feed = std::fs::read_to_string(out.path().join("public/feed.xml")).unwrap();
    assert!(
        feed.contains("href=&quot;https://example.org/digest/2024/11/22/kharkiv-drones/&quot;"),
        "{feed}"
    );
    assert!(!feed.contains("href=&quot;/"), "{feed}");
    assert!(!feed.contains("href=&quot;#"), "{feed}");
}

#[test]
fn only_pages_with_code_link_the_highlight_stylesheet() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("site"), &out.path().join("public"), &[]);
    let page = |p: &str| std::fs::read_to_string(out.path().join("public").join(p)).unwrap();
    let link = "href=\"/highlight.css\"";
    assert!(page("2024/11/23/kyiv-drones/index.html").contains(link));
    assert!(!page("2024/11/23/korean-troops/index.html").contains(link));
    assert!(!page("index.html").contains(link));
    assert!(out.path().join("public/highlight.css").is_file());
    // A favicon, and cards for shared links.
    assert!(out.path().join("public/favicon.svg").is_file());
    let article = page("2024/11/23/kyiv-drones/index.html");
    assert!(article.contains("<link rel=\"icon\" href=\"/favicon.svg\""));
    assert!(article.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(article.contains(
        "<meta property=\"og:title\" content=\"Air defence stops most drones aimed at Kyiv overnight\">"
    ));
    assert!(article.contains(
        "<meta property=\"og:url\" content=\"https://example.org/2024/11/23/kyiv-drones/\">"
    ));
    assert!(article.contains("<meta name=\"twitter:card\" content=\"summary\">"));
}

#[test]
fn the_archive_shows_months_as_calendars() {
    let (_d, files) = built(&[]);
    let html = text(&files, "archive/index.html");
    let month = section(&html, "id=\"month-2024-11\"", "</table>");
    // 1 November 2024 is a Friday: four cells of October before it.
    let first_week = section(month, "<tbody>", "</tr>");
    assert_eq!(
        first_week.matches("class=\"cal-out\"").count(),
        4,
        "{first_week}"
    );
    assert!(month.contains(
        "<td class=\"cal-has\"><a href=\"/2024/11/01/\"><time class=\"cal-day\" datetime=\"2024-11-01\">1</time> <span class=\"cal-count\" aria-hidden=\"true\">4</span><span class=\"visually-hidden\">4 reports</span></a></td>"
    ), "{month}");
    // A day without entries is plain.
    assert!(month.contains(
        "<td class=\"cal-empty\"><time class=\"cal-day\" datetime=\"2024-11-04\">4</time></td>"
    ));
    assert_eq!(month.matches("class=\"cal-has\"").count(), 4);
    assert_eq!(month.matches("<td").count() % 7, 0);
    assert!(month.contains("<abbr title=\"Monday\">Mon</abbr>"));
}

#[test]
fn standalone_pages_live_at_their_slug_and_in_every_footer() {
    let (_d, files) = built(&["--base-url", "https://example.org/digest/"]);
    let html = text(&files, "method/index.html");
    assert!(html.contains("<h1>How this fixture is made</h1>"));
    // Links to articles resolve as in articles, under the sub-path.
    assert!(
        html.contains("href=\"/digest/2024/11/01/01-night-tally/\""),
        "{html}"
    );
    // Not an article: no day, no feed entry.
    assert!(!text(&files, "feed.xml").contains("How this fixture is made"));
    assert!(!text(&files, "2024/11/01/index.html").contains("How this fixture is made</a></h3>"));
    // In every page's footer and in the sitemap.
    for page in [
        "index.html",
        "2024/11/02/index.html",
        "stories/index.html",
        "trackers/drones/index.html",
    ] {
        let footer = section(
            &text(&files, page),
            "<footer class=\"site-footer\">",
            "</footer>",
        )
        .to_string();
        assert!(
            footer.contains("<a href=\"/digest/method/\">How this fixture is made</a>"),
            "{page}"
        );
    }
    assert!(text(&files, "sitemap.xml").contains("https://example.org/digest/method/</loc>"));
}

#[test]
fn a_standalone_page_on_a_generated_url_is_an_error_naming_both() {
    let site = copy_fixture("reader-site");
    let write = |name: &str, text: &str| {
        std::fs::write(site.path().join("content/pages").join(name), text).unwrap();
    };
    write("stories.md", "---\ntitle: Our stories\n---\nBody.\n");
    write("y.md", "---\ntitle: A year\nslug: \"2024\"\n---\nBody.\n");
    write(
        "method-2.md",
        "---\ntitle: Again\nslug: method\n---\nBody.\n",
    );
    let out = sitrep(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("content/pages/stories.md: error: URL /stories/ is also the URL of the stories index, which sitrep generates"),
        "{err}"
    );
    assert!(
        err.contains("content/pages/y.md: error: URL /2024/ is also the URL of a year"),
        "{err}"
    );
    // Keys sort method-2.md first, so method.md is the one that collides.
    assert!(
        err.contains("content/pages/method.md: error: URL /method/ is also the URL of content/pages/method-2.md"),
        "{err}"
    );
}

#[test]
fn the_home_page_is_paginated_by_whole_days() {
    let (_d, files) = built(&[]);
    // paginate_by 4: after the latest day (6 November), 3 November (4 entries)
    // fills a page; 2 and 1 November (4 each) get a page each, never split.
    let days_on = |page: &str| -> Vec<(String, usize)> {
        let html = text(&files, page);
        html.split("<section class=\"day-group\">")
            .skip(1)
            .map(|g| {
                let date = g.split("datetime=\"").nth(1).unwrap()[..10].to_string();
                (date, g.matches("class=\"headline\"").count())
            })
            .collect()
    };
    assert_eq!(days_on("index.html"), [("2024-11-03".to_string(), 4)]);
    assert_eq!(
        days_on("page/2/index.html"),
        [("2024-11-02".to_string(), 4)]
    );
    assert_eq!(
        days_on("page/3/index.html"),
        [("2024-11-01".to_string(), 4)]
    );
    assert!(!files.contains_key("page/4/index.html"));
}

#[test]
fn entries_without_a_time_say_so_and_follow_the_timed_ones() {
    let (_d, files) = built(&[]);
    let page = text(&files, "2024/11/03/index.html");
    let day = &page[page.find("class=\"digest\"").unwrap()..];
    let order: Vec<usize> = [
        "03-kyiv-followup/",
        "03-russian-claim/",
        // Raw file order (origin.entry), not file-name order.
        "03-b-early-note/",
        "03-a-late-note/",
    ]
    .iter()
    .map(|p| {
        day.find(&format!("<a href=\"/2024/11/03/{p}\">"))
            .unwrap_or_else(|| panic!("{p}"))
    })
    .collect();
    assert!(order[0] < order[1], "{order:?}");
    assert!(order[2] < order[3], "{order:?}");
    let diplomacy = section(day, "id=\"diplomacy\"", "</section>");
    assert!(diplomacy.find("03-b-early-note").unwrap() < diplomacy.find("03-a-late-note").unwrap());
    assert!(
        day.contains("<time datetime=\"2024-11-03\">time not given</time>"),
        "{day}"
    );
    assert!(!day.contains("2024-11-03T00:00:00Z"));
    let article = text(&files, "2024/11/03/03-b-early-note/index.html");
    assert!(
        article.contains(
            "<time datetime=\"2024-11-03\">Sunday 3 November 2024, time not given</time>"
        ),
        "{article}"
    );
    // Atom needs a time: the day's start in the site's zone, or `updated`.
    let feed = text(&files, "feed.xml");
    let entry = section(
        &feed,
        "<title>Second note from the morning list</title>",
        "</entry>",
    );
    assert!(
        entry.contains("<published>2024-11-03T00:00:00Z</published>"),
        "{entry}"
    );
    assert!(
        entry.contains("<updated>2024-11-03T15:00:00Z</updated>"),
        "{entry}"
    );
    let entry = section(
        &feed,
        "<title>First note from the morning list</title>",
        "</entry>",
    );
    assert!(
        entry.contains("<updated>2024-11-03T00:00:00Z</updated>"),
        "{entry}"
    );
}

#[test]
fn a_place_shows_its_topics_and_months_and_the_index_its_counts() {
    let (_d, files) = built(&[]);
    let kyiv = text(&files, "places/kyiv/index.html");
    let profile = section(&kyiv, "class=\"place-profile\"", "</section>");
    assert!(
        profile.contains(
            "<a href=\"/topics/drone-strikes/\">Drone strikes</a> <span class=\"count\">5</span>"
        ),
        "{profile}"
    );
    assert!(
        profile.contains(
            "<time datetime=\"2024-11\">November 2024</time> <span class=\"count\">5</span>"
        ),
        "{profile}"
    );
    let index = text(&files, "places/index.html");
    let by_count = section(&index, "class=\"term-cloud by-count\"", "</ol>");
    // Kyiv (5 entries) before Bryansk (1); the A–Z list below has Bryansk first.
    assert!(by_count.find(">Kyiv<").unwrap() < by_count.find(">Bryansk<").unwrap());
    let a_z = &index[index.find("A–Z").unwrap()..];
    assert!(a_z.find(">Bryansk<").unwrap() < a_z.find(">Kyiv<").unwrap());
}

#[test]
fn a_source_with_a_url_is_linked_in_lists() {
    let (_d, files) = built(&[]);
    let day = text(&files, "2024/11/02/index.html");
    assert!(
        day.contains("<span class=\"source\"><a href=\"https://wire-one.example/kyiv-alert\" rel=\"external noopener\">Wire One</a></span>"),
        "{day}"
    );
    // Without a URL it stays text.
    assert!(day.contains("<span class=\"source\">Capital Daily</span>"));
}

/// This repository's own digest (`content/` at the crate root) gives its
/// story pages and tracker something real to show, and its term pages are
/// titled with names as written, never slugs.
#[test]
fn the_repository_digest_has_real_stories_and_tracker_nights() {
    let out = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    build(root, &out.path().join("public"), &[]);
    let files = read_tree(&out.path().join("public"));

    let stories = text(&files, "stories/index.html");
    let multi = stories
        .match_indices(" sources")
        .filter(|(i, _)| {
            let digits: String = stories[..*i]
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect();
            digits
                .chars()
                .rev()
                .collect::<String>()
                .parse::<u32>()
                .unwrap_or(0)
                >= 2
        })
        .count();
    assert!(multi >= 4, "only {multi} stories with two or more sources");

    let json: serde_json::Value =
        serde_json::from_slice(&files["trackers/drones/data.json"]).unwrap();
    let nights: std::collections::BTreeSet<&str> = json["nights"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["night"].as_str())
        .collect();
    assert!(
        nights.len() >= 7,
        "drone tallies on {} nights",
        nights.len()
    );

    let tag = text(&files, "tags/united-states/index.html");
    assert!(tag.contains("<title>United States — "), "{tag}");
}
