//! `sitrep build` on the fixture site: the page set, links, feeds, sitemap,
//! sub-path hosting, determinism and safety of the output.

mod common;

use common::*;

fn built(
    extra: &[&str],
) -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("site"), &out.path().join("public"), extra);
    let files = read_tree(&out.path().join("public"));
    (out, files)
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("missing {path}"))
            .clone(),
    )
    .unwrap()
}

#[test]
fn every_page_of_the_url_table_is_built() {
    let (_d, files) = built(&[]);
    for path in [
        "index.html",
        "page/2/index.html",
        "2024/11/23/index.html",
        "2024/11/23/kyiv-drones/index.html",
        "2024/12/27/no-topic/index.html",
        "topics/index.html",
        "topics/drone-strikes/index.html",
        "topics/drone-strikes/feed.xml",
        "topics/baltic-incidents/index.html",
        "tags/index.html",
        "tags/air-defence/index.html",
        "places/index.html",
        "places/gulf-of-finland/index.html",
        "sources/index.html",
        "sources/fixture-wire/index.html",
        "sources/fixture-wire/page/2/index.html",
        "archive/index.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "style.css",
        "highlight.css",
        "humans.txt",
    ] {
        assert!(
            files.contains_key(path),
            "missing {path}; have {:?}",
            files.keys().collect::<Vec<_>>()
        );
    }
    // Drafts are left out unless asked for.
    assert!(!files.contains_key("2024/11/22/draft-note/index.html"));
    let (_d, with_drafts) = built(&["--drafts"]);
    assert!(with_drafts.contains_key("2024/11/22/draft-note/index.html"));
}

#[test]
fn article_page_shows_its_metadata_and_neighbours() {
    let (_d, files) = built(&[]);
    let html = text(&files, "2024/11/23/kyiv-drones/index.html");
    assert!(html.contains("Air defence stops most drones aimed at Kyiv overnight"));
    assert!(html.contains("Fixture Wire") && html.contains("Test Writer"));
    // 09:30 UTC is 09:30 GMT in London in November: the zone is stated.
    assert!(html.contains("09:30 GMT"), "{html}");
    assert!(
        html.contains("href=\"/tags/air-defence/\"") && html.contains("href=\"/places/kyiv/\"")
    );
    // The previous entry in the topic is the story's other report: it is
    // listed once, under "Also reported by", not again as "Previous".
    assert!(html.contains("Also reported by"), "{html}");
    let foot = &html[html.find("Also reported by").unwrap()..];
    assert_eq!(
        foot.matches("href=\"/2024/11/22/kharkiv-drones/\"").count(),
        1,
        "{foot}"
    );
    assert!(!foot.contains("rel=\"prev\" href=\"/2024/11/22/kharkiv-drones/\""));
    // Markdown: table, footnote, highlighted code, heading id, links between articles.
    assert!(html.contains("<table>") && html.contains("footnote"));
    assert!(html.contains("class=\"hl-"));
    assert!(html.contains("id=\"tallies\""));
    assert!(html.contains("href=\"/2024/11/22/kharkiv-drones/\""));
    assert!(html.contains("href=\"/2024/11/23/korean-troops/#casualties\""));
    // Figures from front matter.
    assert!(html.contains("Drones, as reported") && html.contains(">71<"));
}

#[test]
fn unknown_front_matter_keys_reach_templates_as_page_extra() {
    let site = copy_fixture("site");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/article.html"),
        "{% extends \"base.html\" %}{% block main %}<p id=\"mood\">{{ page.extra.mood | default(value='none') }}</p>{% endblock main %}",
    )
    .unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let html = std::fs::read_to_string(out.join("2024/11/23/kyiv-drones/index.html")).unwrap();
    assert!(html.contains("<p id=\"mood\">tense</p>"), "{html}");
    // The site's template overrode only article.html: the masthead still comes from the theme.
    assert!(html.contains("class=\"masthead\""));
}

#[test]
fn day_page_groups_entries_by_topic() {
    let (_d, files) = built(&[]);
    let html = text(&files, "2024/11/23/index.html");
    let drones = html.find("id=\"drone-strikes\"").expect("drone group");
    let korea = html
        .find("id=\"north-korean-troops\"")
        .expect("troops group");
    assert!(drones < korea, "groups follow site.yaml order");
    assert!(html.contains("Saturday 23 November 2024"));
}

#[test]
fn every_internal_link_resolves() {
    let (_d, files) = built(&[]);
    check_links(&files, "/");
}

fn check_links(files: &std::collections::BTreeMap<String, Vec<u8>>, base: &str) {
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for link in links(&html) {
            if link.starts_with("http") || link.starts_with("mailto:") {
                continue;
            }
            if let Some(fragment) = link.strip_prefix('#') {
                assert!(
                    fragment.is_empty() || html.contains(&format!("id=\"{fragment}\"")),
                    "{path}: dangling #{fragment}"
                );
                continue;
            }
            assert!(
                link.starts_with(base),
                "{path}: link {link} does not start with the base path {base}"
            );
            assert!(resolves(files, base, &link), "{path}: broken link {link}");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn sub_path_hosting_prefixes_every_internal_url() {
    let (_d, files) = built(&["--base-url", "https://example.org/digest/"]);
    check_links(&files, "/digest/");
    let css = text(&files, "index.html");
    assert!(css.contains("href=\"/digest/style.css\""));
    let feed = text(&files, "feed.xml");
    assert!(feed.contains("href=\"https://example.org/digest/feed.xml\""));
    assert!(!feed.contains("href=\"/"), "feeds use absolute URLs");
    let sitemap = text(&files, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/digest/2024/11/23/kyiv-drones/</loc>"));
    assert!(text(&files, "robots.txt").contains("Sitemap: https://example.org/digest/sitemap.xml"));
}

#[test]
fn feeds_are_atom() {
    let (_d, files) = built(&[]);
    let feeds: Vec<&String> = files.keys().filter(|p| p.ends_with("feed.xml")).collect();
    assert_eq!(feeds.len(), 5, "site feed and one per topic");
    for path in feeds {
        let xml = text(&files, path);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{path}: {e}"));
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().name(), "feed");
        assert_eq!(
            feed.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        for required in ["id", "title", "updated"] {
            assert!(
                feed.children().any(|c| c.tag_name().name() == required),
                "{path}: no {required}"
            );
        }
        let mut ids = std::collections::BTreeSet::new();
        for entry in feed.children().filter(|c| c.tag_name().name() == "entry") {
            let id = entry
                .children()
                .find(|c| c.tag_name().name() == "id")
                .and_then(|c| c.text())
                .unwrap();
            assert!(id.starts_with("https://example.org/"), "{path}: {id}");
            assert!(ids.insert(id.to_string()), "{path}: duplicate id {id}");
            let updated = entry
                .children()
                .find(|c| c.tag_name().name() == "updated")
                .and_then(|c| c.text())
                .unwrap();
            assert!(
                updated.parse::<jiff::Timestamp>().is_ok(),
                "{path}: {updated}"
            );
            let content = entry
                .children()
                .find(|c| c.tag_name().name() == "content")
                .and_then(|c| c.text())
                .unwrap();
            assert!(
                content.contains("<p>"),
                "content is escaped HTML, unescaped once by the XML parser: {content}"
            );
        }
    }
    let site_feed = text(&files, "feed.xml");
    assert!(site_feed.contains("Finland detains tanker"));
}

#[test]
fn sitemap_lists_every_page() {
    let (_d, files) = built(&[]);
    let xml = text(&files, "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let locs: std::collections::BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text())
        .map(str::to_string)
        .collect();
    let pages: Vec<&String> = files.keys().filter(|p| p.ends_with("index.html")).collect();
    assert!(!pages.is_empty());
    for page in pages {
        let url = format!(
            "https://example.org/{}",
            page.trim_end_matches("index.html")
        );
        assert!(locs.contains(&url), "sitemap lacks {url}");
    }
    assert!(!locs.iter().any(|l| l.contains("404")));
}

#[test]
fn builds_are_byte_identical() {
    let (_a, first) = built(&[]);
    let (_b, second) = built(&[]);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two builds");
    }
}

#[test]
fn script_in_content_never_reaches_the_output() {
    let (_d, files) = built(&[]);
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml"))
    {
        let mut text = String::from_utf8_lossy(bytes).to_lowercase();
        if path == "search/index.html" {
            // The search page's own two scripts: its words and the theme's script.
            for own in [
                r#"<script type="application/json" id="search-text">"#,
                r#"<script src="/search.js" defer>"#,
            ] {
                assert_eq!(text.matches(own).count(), 1, "{path}: {own}");
                text = text.replace(own, "");
            }
        }
        assert!(!text.contains("<script"), "{path} has a script element");
        assert!(!text.contains("onerror"), "{path} has an event handler");
        assert!(
            !text.contains("=\"javascript:"),
            "{path} has a javascript: URL"
        );
    }
    // The article itself still renders its text.
    assert!(text(&files, "2024/11/23/korean-troops/index.html").contains("No figures were given."));
}

/// Markdown that tries to run script without raw HTML: heading attributes,
/// script URLs spelled with whitespace, tabs, entities and case, image
/// sources, titles, code info strings and footnote labels.
const MARKDOWN_PAYLOADS: &str = r#"## Other {autofocus onfocus=alert(1) tabindex=1}

## Hover {onmouseover="alert(1)" style="position:fixed;inset:0" .wide}

## Frame {#main srcdoc="alert(1)" formaction=javascript:alert(1)}

## Link {href=javascript:alert(1) src=data:text/html,x onclick=alert(1)}

[a](javascript:alert(1)) [b]( JaVaScRiPt:alert(1)) [c](java&#x09;script:alert(1))
[d](&#106;avascript:alert(1)) [e](jav&#x0A;ascript:alert(1)) [f](vbscript:msgbox(1))
[g](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [h](<javascript:alert(1)>)
[i](javascript&colon;alert(1)) [j](&#x20;javascript:alert(1)) [k][ref] [l](<java	script:alert(1)>)
<javascript:alert(1)> <vbscript:msgbox(1)> [m](DaTa:text/html,x)
[n](https://example.org/ "\" onmouseover=\"alert(1)")

![x](javascript:alert(1)) ![y](data:image/svg+xml,%3Csvg%20onload=alert(1)%3E) ![z]( vbscript:x)
![w](&#x6A;avascript:alert(1) "\" onerror=\"alert(1)")

[ref]: javascript:alert(1)

```js" onload="alert(1)
code
```

Footnote.[^"onmouseover=alert(1)]

[^"onmouseover=alert(1)]: The note.
"#;

/// Raw HTML that tries to run script, for the sanitised path.
const HTML_PAYLOADS: &str = r#"<img src=x onerror=alert(1)> <svg onload=alert(1)></svg>
<a href="javascript:alert(1)">a</a> <a href=" &#x6A;avascript:alert(1)">b</a>
<a href="jav&#x09;ascript:alert(1)">c</a> <a href="&#106;&#97;vascript:alert(1)">d</a>
<a href="vbscript:msgbox(1)">e</a> <a href="data:text/html,x">f</a>
<iframe srcdoc="<script>alert(1)</script>"></iframe> <input autofocus onfocus=alert(1)>
<div style="background:url(javascript:alert(1))">g</div> <script>alert(1)</script>
<form action="javascript:alert(1)"><button formaction=javascript:alert(1)>h</button></form>
<object data="data:text/html,x"></object> <embed src="javascript:alert(1)">
<math><a xlink:href="javascript:alert(1)">i</a></math> <details open ontoggle=alert(1)>j</details>
<style>@import 'x';</style> <meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<base href="javascript:/"> <table><tr><td style="text-align: left; background: url(x)">k</td></tr></table>
<p id="main" class="x" onclick="alert(1)">l</p> <img src="x" srcset="javascript:alert(1) 1x">
"#;

#[test]
fn script_payloads_are_neutralised_with_and_without_raw_html() {
    let site = copy_fixture("site");
    let root = site.path();
    let article = |slug: &str, body: &str| {
        let path = root.join(format!("content/2025/01/02/{slug}.md"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let front = format!("---\ntitle: Payloads {slug}\ndate: 2025-01-02T10:00:00Z\n---\n");
        std::fs::write(path, front + body).unwrap();
    };
    // Without raw HTML the Markdown renderer's own output must be safe; with
    // it, everything goes through the sanitiser.
    article("plain", &format!("## Main\n\n{MARKDOWN_PAYLOADS}"));
    article(
        "raw",
        &format!("## Main\n\n{MARKDOWN_PAYLOADS}\n{HTML_PAYLOADS}"),
    );
    let out = root.join("public");
    build(root, &out, &[]);
    let files = read_tree(&out);
    for slug in ["plain", "raw"] {
        let html = text(&files, &format!("2025/01/02/{slug}/index.html"));
        let body = &html[html.find("<body").unwrap()..];
        assert_eq!(
            script_vectors(body),
            Vec::<String>::new(),
            "{slug}:\n{body}"
        );
        // The sanitiser drops `data-lang`: its presence shows the plain article took the other path.
        assert_eq!(html.contains("data-lang="), slug == "plain", "{slug}");
        // Headings keep their text, and the theme's `main` stays the only one.
        assert!(html.contains(">Other</h2>"), "{slug}: {html}");
        let mut ids = std::collections::BTreeSet::new();
        for (_, attrs) in start_tags(body) {
            for (name, value) in attrs {
                if name == "id" {
                    assert!(ids.insert(value.clone()), "{slug}: id `{value}` twice");
                }
            }
        }
    }
    let feed = text(&files, "feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let entries: Vec<String> = doc
        .descendants()
        .filter(|n| matches!(n.tag_name().name(), "content" | "summary"))
        .filter_map(|n| n.text())
        .map(str::to_string)
        .collect();
    assert!(
        entries.iter().any(|c| c.contains("Other</h2>")),
        "payload articles in the feed"
    );
    for html in &entries {
        assert_eq!(
            script_vectors(html),
            Vec::<String>::new(),
            "feed.xml:\n{html}"
        );
    }
}

#[test]
fn control_characters_are_replaced_and_feeds_stay_xml() {
    let site = copy_fixture("site");
    let root = site.path();
    let path = root.join("content/2025/01/02/controls.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        "---\ntitle: \"Bell\\a and escape\\e]0;owned\\x07\"\ndate: 2025-01-02T10:00:00Z\nsummary: \"nul\\0 and \\x85 and \\uFFFE\"\n---\nA null \0, a bell \u{7}, a DEL \u{7f},\n\na C1 \u{9b}31m and \u{ffff}: all gone. Tab\tand CR\r\nstay.\n",
    )
    .unwrap();
    let out = root.join("public");
    let o = sitrep(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    for line in [2, 4, 6] {
        let prefix = format!("content/2025/01/02/controls.md:{line}: warning: ");
        assert!(
            err.contains(&prefix) && err.contains("replaced by U+FFFD"),
            "{prefix} in:\n{err}"
        );
    }
    let files = read_tree(&out);
    let forbidden = |c: char| matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}');
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml"))
    {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(forbidden),
            "{path} holds a control character"
        );
        if path.ends_with(".xml") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }
    let page = text(&files, "2025/01/02/controls/index.html");
    assert!(
        page.contains("Bell\u{fffd} and escape\u{fffd}]0;owned\u{fffd}"),
        "{page}"
    );
    assert!(page.contains("a bell \u{fffd}, a DEL \u{fffd}"), "{page}");
}

#[test]
fn tags_differing_in_case_are_one_tag_named_as_most_entries_spell_it() {
    let site = copy_fixture("site");
    let root = site.path();
    let article = |name: &str, day: u8, tags: &str| {
        let path = root.join(format!("content/2025/01/0{day}/{name}.md"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let front = format!("---\ntitle: {name}\ndate: 2025-01-0{day}\ntags: {tags}\n---\nBody.\n");
        std::fs::write(path, front).unwrap();
    };
    // `Odesa` twice against `ODESA` once (the newest): most entries win.
    article("first", 1, "[Odesa, Port call]");
    article("second", 2, "[odesa, PORT CALL]");
    article("third", 3, "[ODESA]");
    article("fourth", 4, "[Odesa]");
    let out = root.join("public");
    build(root, &out, &[]);
    let files = read_tree(&out);
    let index = text(&files, "tags/index.html");
    assert!(index.contains(">Odesa<"), "{index}");
    assert!(
        !index.contains("ODESA") && !index.contains(">odesa<"),
        "{index}"
    );
    // One entry each for `Port call` and `PORT CALL`: the earliest entry's spelling.
    assert!(
        index.contains(">Port call<") && !index.contains("PORT CALL"),
        "{index}"
    );
    // Four entries, two a page: one term with two pages.
    assert!(
        files.contains_key("tags/odesa/page/2/index.html"),
        "one tag for all four"
    );
    let third = text(&files, "2025/01/03/third/index.html");
    assert!(
        third.contains(">Odesa</a>") && !third.contains("ODESA</a>"),
        "{third}"
    );
    assert!(
        !files.keys().any(|k| k.starts_with("tags/odesa-")),
        "one tag"
    );
}

#[test]
fn build_prints_a_one_line_summary_and_quiet_silences_it() {
    let out = tempfile::tempdir().unwrap();
    let o = sitrep(&[
        "build",
        "--root",
        fixture("site").to_str().unwrap(),
        "--output",
        out.path().join("p").to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("5 articles")
            && stdout.contains("3 days")
            && stdout.contains("4 topics")
            && stdout.contains("5 feeds"),
        "{stdout}"
    );
    let o = sitrep(&[
        "build",
        "--quiet",
        "--root",
        fixture("site").to_str().unwrap(),
        "--output",
        out.path().join("p").to_str().unwrap(),
    ]);
    // Without SITREP_TIMINGS, nothing on standard error either.
    assert!(o.status.success() && o.stdout.is_empty() && o.stderr.is_empty());
}

#[test]
fn sitrep_timings_prints_phases_and_templates_to_stderr() {
    let out = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["build", "--quiet", "--root"])
        .arg(fixture("site"))
        .arg("--output")
        .arg(out.path().join("p"))
        .env("SITREP_TIMINGS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && o.stdout.is_empty(), "{stderr}");
    for phase in [
        "read articles and front matter",
        "Markdown and site model",
        "render and write pages",
        "files  article.html",
        "swap output",
    ] {
        assert!(stderr.contains(phase), "no `{phase}` in:\n{stderr}");
    }
}

#[test]
fn new_site_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("digest");
    let o = sitrep(&["new", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    build(&site, &site.join("public"), &[]);
    assert!(
        site.join("public/2024/11/23/example-report/index.html")
            .exists()
    );
    // templates/ says what can be overridden, and that note is no template.
    let note = std::fs::read_to_string(site.join("templates/README.md")).unwrap();
    assert!(note.contains("article.html") && note.contains("partials/entry.html"));
    assert!(!site.join("templates/.keep").exists());
    let gitignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(gitignore.contains("/.public.*"));
    // Refuses to scaffold over an existing site.
    let again = sitrep(&["new", site.to_str().unwrap()]);
    assert!(!again.status.success());
}

#[test]
fn a_source_page_says_what_the_outlet_is_when_site_yaml_describes_it() {
    let site = common::empty_site();
    let root = site.path();
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        format!("{yaml}\nsources:\n  Harbour Desk: {{ description: \"A coastal news desk that watches shipping.\", url: \"https://harbour.example/\" }}\n"),
    )
    .unwrap();
    let article = root.join("content/2024/11/02/port.md");
    std::fs::create_dir_all(article.parent().unwrap()).unwrap();
    std::fs::write(
        &article,
        "---\ntitle: A port reopens\ndate: 2024-11-02T10:00:00Z\nsource: Harbour Desk\n---\nThe port reopened.\n",
    )
    .unwrap();
    let out = root.join("public");
    build(root, &out, &[]);
    let page = std::fs::read_to_string(out.join("sources/harbour-desk/index.html")).unwrap();
    assert!(
        page.contains("A coastal news desk that watches shipping."),
        "{page}"
    );
    assert!(
        page.contains(r#"href="https://harbour.example/""#),
        "{page}"
    );

    // A script address for an outlet is an error naming the line.
    std::fs::write(
        root.join("site.yaml"),
        format!("{yaml}\nsources:\n  Harbour Desk: {{ url: \"javascript:alert(1)\" }}\n"),
    )
    .unwrap();
    let o = common::run_build(root, &out, &[]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad `url` for source `Harbour Desk`"), "{err}");
}

#[test]
fn an_articles_description_is_its_first_paragraphs_text_without_entities() {
    let site = common::empty_site();
    let root = site.path();
    let article = root.join("content/2024/11/02/drones.md");
    std::fs::create_dir_all(article.parent().unwrap()).unwrap();
    std::fs::write(
        &article,
        "---\ntitle: Drones downed\ndate: 2024-11-02T10:00:00Z\n---\n\
         39&nbsp;of 71 <b>drones</b> &amp; decoys were `downed`.[^1]\n\n[^1]: The air force.\n",
    )
    .unwrap();
    let out = root.join("public");
    build(root, &out, &[]);
    let page = std::fs::read_to_string(out.join("2024/11/02/drones/index.html")).unwrap();
    assert!(
        page.contains(
            r#"<meta name="description" content="39 of 71 drones &amp; decoys were downed.">"#
        ),
        "{page}"
    );
    assert!(
        page.contains(r#"og:description" content="39 of 71 drones &amp; decoys were downed.">"#),
        "{page}"
    );
}

/// The fixture site with its own `partials/entry.html`, built.
fn built_with_entry_partial(partial: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let site = copy_fixture("site");
    let path = site.path().join("templates/partials/entry.html");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, partial).unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    read_tree(&out)
}

#[test]
fn a_sites_entry_partial_gets_the_topic_its_list_is_grouped_by_as_here() {
    // Reads nothing but `entry` and `here`: rendered once per entry and
    // topic, and the same item is shown on every list.
    let files = built_with_entry_partial("<p class=\"mine\">{{ entry.title }} [{{ here }}]</p>\n");
    let kursk = "US says thousands of North Korean soldiers are in Kursk";
    let topic = text(&files, "topics/diplomacy/index.html");
    assert!(topic.contains(&format!("{kursk} [diplomacy]")), "{topic}");
    let topic = text(&files, "topics/north-korean-troops/index.html");
    assert!(
        topic.contains(&format!("{kursk} [north-korean-troops]")),
        "{topic}"
    );
    let term = text(&files, "tags/kursk/index.html");
    assert!(term.contains(&format!("{kursk} []")), "{term}");
    // On a day page, under the topic section it is grouped in.
    let day = text(&files, "2024/11/23/index.html");
    assert!(
        day.contains(&format!("{kursk} [north-korean-troops]")),
        "{day}"
    );
    assert!(
        day.contains("Air defence stops most drones aimed at Kyiv overnight [drone-strikes]"),
        "{day}"
    );
}

#[test]
fn an_entry_partial_that_reads_the_page_is_rendered_for_each_list() {
    // `current_path` differs from list to list: this item cannot be reused,
    // and each list must show its own.
    let files = built_with_entry_partial(
        "<p class=\"mine\">{{ entry.title }} on /{{ current_path }}</p>\n",
    );
    let kyiv = "Air defence stops most drones aimed at Kyiv overnight";
    for (file, path) in [
        ("topics/drone-strikes/index.html", "topics/drone-strikes/"),
        ("tags/kyiv/index.html", "tags/kyiv/"),
        ("2024/11/23/index.html", "2024/11/23/"),
    ] {
        let html = text(&files, file);
        assert!(
            html.contains(&format!("{kyiv} on /{path}<")),
            "{file}: {html}"
        );
    }
}

#[test]
fn a_sites_timeline_can_show_the_rendered_items_of_a_day() {
    // `entries_html`: the day's items, each rendered by partials/entry.html.
    let site = copy_fixture("site");
    let path = site.path().join("templates/partials/timeline.html");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        "{% for day in days %}<div class=\"mine\">{{ day.entries_html | safe }}</div>{% endfor %}",
    )
    .unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let files = read_tree(&out);
    let html = text(&files, "tags/kursk/index.html");
    let start = html
        .find("<div class=\"mine\">")
        .expect("the site's timeline");
    assert!(
        html[start..].starts_with("<div class=\"mine\">\n<article class=\"entry\">"),
        "{html}"
    );
    assert!(html.contains("US says thousands of North Korean soldiers are in Kursk"));
}

#[test]
fn a_sites_aside_that_reads_the_page_is_rendered_on_each_page() {
    // The rail is rendered once and shared while it reads only `site` and
    // `t`; an aside showing `current_path` cannot be shared, and each page
    // must show its own.
    let site = copy_fixture("site");
    let path = site.path().join("templates/partials/aside.html");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "<p class=\"mine\">on /{{ current_path }}</p>\n").unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let files = read_tree(&out);
    for (file, path) in [
        ("topics/drone-strikes/index.html", "topics/drone-strikes/"),
        (
            "2024/11/23/kyiv-drones/index.html",
            "2024/11/23/kyiv-drones/",
        ),
        ("archive/index.html", "archive/"),
    ] {
        let html = text(&files, file);
        assert!(
            html.contains(&format!("<p class=\"mine\">on /{path}</p>")),
            "{file}: {html}"
        );
    }
    // Pages with topic counts render the rail themselves, counts and all.
    let topics = text(&files, "topics/index.html");
    assert!(
        topics.contains("<p class=\"mine\">on /topics/</p>"),
        "{topics}"
    );
    assert!(topics.contains("<span class=\"count\">"), "{topics}");
}

#[test]
fn the_shared_rail_is_the_same_on_every_page_without_counts() {
    let (_d, files) = built(&[]);
    let rail = |file: &str| {
        let html = text(&files, file);
        let start = html.find("<aside class=\"rail\"").expect("a rail");
        let end = start + html[start..].find("</aside>\n</div>").expect("its end");
        html[start..end].to_string()
    };
    let article = rail("2024/11/23/kyiv-drones/index.html");
    assert!(
        article.contains("rail-topics") && article.contains("rail-note"),
        "{article}"
    );
    assert!(!article.contains("class=\"count\""), "{article}");
    for file in [
        "topics/drone-strikes/index.html",
        "archive/index.html",
        "404.html",
    ] {
        assert_eq!(rail(file), article, "{file}");
    }
    assert!(rail("index.html").contains("class=\"count\""));
}

/// The masthead's topic nav of `html`, from `<nav class="topic-nav"` to its end.
fn topic_nav(html: &str) -> &str {
    let start = html.find("<nav class=\"topic-nav\"").expect("a topic nav");
    let end = start + html[start..].find("</nav>").expect("its end");
    &html[start..end]
}

#[test]
fn the_topic_nav_marks_the_section_of_the_page() {
    // The nav is rendered once per section and shared: a topic's timeline
    // marks its topic, the archive the archive, every other page none.
    let (_d, files) = built(&[]);
    let topic = text(&files, "topics/drone-strikes/index.html");
    let nav = topic_nav(&topic);
    assert!(
        nav.contains("<a href=\"/topics/drone-strikes/\" aria-current=\"page\">Drone strikes</a>"),
        "{nav}"
    );
    assert_eq!(nav.matches("aria-current").count(), 1, "{nav}");
    let archive = text(&files, "archive/index.html");
    let nav = topic_nav(&archive);
    assert!(
        nav.contains("<a href=\"/archive/\" aria-current=\"page\">Archive</a>"),
        "{nav}"
    );
    assert_eq!(nav.matches("aria-current").count(), 1, "{nav}");
    for file in [
        "2024/11/23/kyiv-drones/index.html",
        "index.html",
        "topics/index.html",
        "404.html",
    ] {
        let html = text(&files, file);
        let nav = topic_nav(&html);
        assert!(nav.contains("Drone strikes"), "{file}: {nav}");
        assert!(!nav.contains("aria-current"), "{file}: {nav}");
    }
}

#[test]
fn a_sites_topic_nav_that_reads_the_page_is_rendered_on_each_page() {
    // A nav showing `current_path` cannot be shared: each page shows its own.
    let site = copy_fixture("site");
    let path = site.path().join("templates/partials/topic-nav.html");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        "<nav class=\"topic-nav\">on /{{ current_path }} in {{ section }}</nav>",
    )
    .unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let files = read_tree(&out);
    for (file, path, section) in [
        (
            "topics/drone-strikes/index.html",
            "topics/drone-strikes/",
            "topics/drone-strikes/",
        ),
        (
            "2024/11/23/kyiv-drones/index.html",
            "2024/11/23/kyiv-drones/",
            "",
        ),
        ("archive/index.html", "archive/", "archive/"),
    ] {
        let html = text(&files, file);
        assert!(
            html.contains(&format!(
                "<nav class=\"topic-nav\">on /{path} in {section}</nav>"
            )),
            "{file}: {html}"
        );
    }
}

#[test]
fn a_sites_foot_link_partials_that_read_the_page_are_rendered_on_each_article() {
    // The story and related links are rendered once per entry while their
    // partials read only `entry`, `site` and `t`; ones showing
    // `current_path` cannot be shared, and each article must show its own.
    let site = copy_fixture("site");
    let dir = site.path().join("templates/partials");
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["story-link.html", "related-link.html"] {
        std::fs::write(
            dir.join(name),
            format!("<li class=\"{name}\">{{{{ entry.title }}}} on /{{{{ current_path }}}}</li>"),
        )
        .unwrap();
    }
    // Two reports sharing two tags: each is related to the other.
    for (name, day) in [("grid-one", "2024-11-18"), ("grid-two", "2024-11-19")] {
        std::fs::write(
            site.path().join(format!("content/2024/11/{name}.md")),
            format!(
                "---\ntitle: {name}\ndate: {day}\ntags: [grid, repairs]\n---\nWork on the grid.\n"
            ),
        )
        .unwrap();
    }
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let files = read_tree(&out);
    for (path, name) in [
        ("2024/11/23/kyiv-drones/", "story-link.html"),
        ("2024/11/22/kharkiv-drones/", "story-link.html"),
        ("2024/11/18/grid-one/", "related-link.html"),
        ("2024/11/19/grid-two/", "related-link.html"),
    ] {
        let html = text(&files, &format!("{path}index.html"));
        let item = format!("<li class=\"{name}\">");
        let at = html
            .find(&item)
            .unwrap_or_else(|| panic!("{path}: {name}: {html}"));
        let end = at + html[at..].find("</li>").unwrap();
        assert!(
            html[at..end].ends_with(&format!(" on /{path}")),
            "{path}: {html}"
        );
    }
}
