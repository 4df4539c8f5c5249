//! The live site after a series of edits, additions, renames and deletions
//! is identical to a fresh full build of the same files. Changes are handed
//! over as the watcher would hand them, without the watcher, so these tests
//! are deterministic.

#[path = "serve_common/mod.rs"]
mod common;

use common::{Site, assert_same_site, files};
use sitrep::serve::incremental::LiveSite;
use sitrep::serve::watch::Change;

/// What the watcher would report for these changed paths.
fn change(site: &Site, paths: &[&str]) -> Change {
    let mut c = Change::default();
    for p in paths {
        c.add_path(&site.root, &site.path(p));
    }
    c
}

struct Session {
    site: Site,
    live: LiveSite,
}

impl Session {
    fn start() -> Session {
        let site = Site::new();
        let (live, _) = LiveSite::open(site.options());
        assert!(live.problems().0.is_empty(), "{}", live.problems());
        let s = Session { site, live };
        s.check("the first build");
        s
    }

    /// Applies the change the watcher would report and returns what was rendered.
    fn apply(&mut self, paths: &[&str]) -> sitrep::serve::incremental::Rebuild {
        self.live.apply(&change(&self.site, paths))
    }

    fn check(&self, step: &str) {
        assert!(
            self.live.problems().0.is_empty(),
            "after {step}: {}",
            self.live.problems()
        );
        assert_same_site(&files(self.live.output()), &self.site.full_build(), step);
    }
}

const KYIV: &str = "content/2024/11/01/kyiv-drones.md";
const FOLLOW_UP: &str = "content/2024/11/02/kyiv-follow-up.md";
const TANKER: &str = "content/2024/11/03/tanker.md";

#[test]
fn an_edit_renders_only_the_files_that_show_the_article() {
    let mut s = Session::start();
    s.site.edit(KYIV, "downed 39", "downed 40");
    let r = s.apply(&[KYIV]);
    s.check("a body edit");
    let total: usize = r.rendered.values().sum();
    assert!(
        r.changed
            .contains(&"2024/11/01/kyiv-drones/index.html".to_string()),
        "{r:?}"
    );
    assert!(total < 20, "a body edit rendered {total} files: {r:?}");
    assert!(!r.rendered.contains_key("taxonomy") || r.rendered["taxonomy"] <= 4);
}

#[test]
fn only_a_save_of_one_known_article_is_rebuilt_without_waiting() {
    let mut s = Session::start();
    let known = |s: &Session, paths: &[&str]| s.live.edits_one_article(&change(&s.site, paths));
    assert!(known(&s, &[KYIV]), "an article the site has");
    let rel = "content/2024/11/03/port-closed.md";
    assert!(
        !known(&s, &[rel]),
        "a new article may start an import's burst"
    );
    assert!(!known(&s, &[KYIV, TANKER]), "two articles are a burst");
    assert!(!known(&s, &[KYIV, "site.yaml"]), "with the configuration");
    assert!(!known(&s, &[KYIV, "templates/day.html"]), "with a template");
    // Once added, it is known; once deleted, it is not.
    s.site.write(
        rel,
        "---\ntitle: A port closes for a day\ndate: 2024-11-03T09:00:00Z\nsource: Harbour Desk\n---\nShut for a day.\n",
    );
    s.apply(&[rel]);
    assert!(known(&s, &[rel]));
    s.site.remove(rel);
    s.apply(&[rel]);
    assert!(!known(&s, &[rel]));
}

#[test]
fn files_packed_while_served_are_not_told_as_changed_when_rendered_the_same() {
    let (mut plain, mut packed) = (Session::start(), Session::start());
    assert!(packed.live.output().pack(|| false) > 0);
    for s in [&mut plain, &mut packed] {
        s.site.edit(KYIV, "downed 39", "downed 40");
    }
    let (a, b) = (plain.apply(&[KYIV]), packed.apply(&[KYIV]));
    packed.check("an edit over packed files");
    let rendered: usize = b.rendered.values().sum();
    let pages = b.changed.iter().filter(|p| !p.starts_with("search/"));
    assert!(
        pages.count() < rendered,
        "some files rendered the same: {b:?}"
    );
    assert_eq!(a.changed, b.changed);
}

#[test]
fn an_added_article_renders_only_the_files_it_touches() {
    let mut s = Session::start();
    let rel = "content/2024/11/03/port-closed.md";
    s.site.write(
        rel,
        "---\ntitle: A port closes for a day\ndate: 2024-11-03T09:00:00Z\ntopics: [baltic-incidents]\nsource: Harbour Desk\n---\nThe harbour shut its gates for a day.\n",
    );
    let r = s.apply(&[rel]);
    s.check("an added article");
    let articles = r.rendered.get("article").copied().unwrap_or(0);
    // Its own page and its neighbours, not every article (the topic counts
    // that every page once showed made every page depend on every article).
    assert!(
        articles <= 4,
        "an added article re-rendered {articles} articles: {r:?}"
    );
}

#[test]
fn edits_additions_renames_and_deletions_match_a_full_build() {
    let mut s = Session::start();

    s.site.edit(
        TANKER,
        "Shadow-fleet tanker detained",
        "Tanker detained off Tallinn",
    );
    s.apply(&[TANKER]);
    s.check("a title edit");

    s.site
        .edit(KYIV, "2024-11-01T08:00:00Z", "2024-11-02T23:00:00Z");
    s.apply(&[KYIV]);
    s.check("a date change that moves the article to another day");

    s.site.write(
        "content/2024/11/04/new.md",
        "---\ntitle: A new day\ndate: 2024-11-04T06:00:00Z\ntopics: [diplomacy]\ntags: [talks, new-tag]\nsource: AP\n---\nFresh.\n",
    );
    s.apply(&["content/2024/11/04", "content/2024/11/04/new.md"]);
    s.check("an article on a new day");

    s.site.edit(
        FOLLOW_UP,
        "topics: [drone-strikes]",
        "slug: debris\ntopics: [drone-strikes]",
    );
    s.apply(&[FOLLOW_UP]);
    s.check("a slug change (another article links to it)");

    s.site.rename(
        "content/2024/11/02/sanctions.md",
        "content/2024/11/02/eu-sanctions.md",
    );
    s.apply(&[
        "content/2024/11/02/sanctions.md",
        "content/2024/11/02/eu-sanctions.md",
    ]);
    s.check("a rename");

    s.site.remove("content/2024/11/03/kharkiv.md");
    s.apply(&["content/2024/11/03/kharkiv.md"]);
    s.check("a deletion");
    assert!(
        s.live
            .output()
            .get("2024/11/03/kharkiv/index.html")
            .is_none()
    );

    s.site.edit(
        TANKER,
        "tags: [shadow-fleet, tankers]",
        "tags: [tankers, detentions]",
    );
    s.apply(&[TANKER]);
    s.check("a tag change");

    s.site
        .rename("content/2024/11/04", "content/2024/11/04-moved");
    s.apply(&["content/2024/11/04", "content/2024/11/04-moved"]);
    s.check("a folder rename");

    s.site.edit(TANKER, "title:", "draft: true\ntitle:");
    s.apply(&[TANKER]);
    s.check("an article turned draft");

    s.site.edit(KYIV, "downed: 39", "downed: 41");
    s.apply(&[KYIV]);
    s.check("a drone figure edited in place");
    let json = s.live.output().get("trackers/drones/data.json").unwrap();
    assert!(String::from_utf8_lossy(&json).contains("\"downed\": 41"));

    s.site
        .edit(KYIV, "story: kyiv-night", "story: kyiv-night-renamed");
    s.apply(&[KYIV]);
    s.check("an article leaving its story");

    s.site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\nSee [Odesa](../2024/11/02/odesa-drones.md).\n",
    );
    s.apply(&["content/pages", "content/pages/about.md"]);
    s.check("a standalone page added");
    assert!(s.live.output().get("about/index.html").is_some());
    s.site
        .edit("content/pages/about.md", "title: About", "title: About us");
    s.apply(&["content/pages/about.md"]);
    s.check("a standalone page retitled (every footer lists it)");
    s.site.rename(
        "content/2024/11/03/tanker.md",
        "content/2024/11/03/tanker-held.md",
    );
    s.apply(&[
        "content/2024/11/03/tanker.md",
        "content/2024/11/03/tanker-held.md",
    ]);
    s.check("an article a standalone page links to renamed");
    s.site.remove("content/pages/about.md");
    s.apply(&["content/pages/about.md"]);
    s.check("a standalone page removed");
    assert!(s.live.output().get("about/index.html").is_none());
}

/// Serve keeps no Markdown of a body that links to no article (it is never
/// rendered again unless its text changes): an article moved with its body
/// kept shows that body, and one moved with a new or an emptied body shows
/// the new one.
#[test]
fn a_moved_article_shows_its_kept_new_or_emptied_body() {
    const KHARKIV: &str = "content/2024/11/03/kharkiv.md";
    let mut s = Session::start();
    s.site
        .edit(KHARKIV, "2024-11-03T11:20:00Z", "2024-11-02T11:20:00Z");
    s.apply(&[KHARKIV]);
    s.check("a body without links moved to another day");
    s.site.edit(
        KHARKIV,
        "Guided bombs struck Kharkiv.",
        "Guided bombs struck Kharkiv again.",
    );
    s.site
        .edit(KHARKIV, "2024-11-02T11:20:00Z", "2024-11-01T11:20:00Z");
    s.apply(&[KHARKIV]);
    s.check("a body without links rewritten as it moved");
    // Nothing after the front matter: the body is the empty string, as a
    // dropped Markdown is.
    let moved = s
        .site
        .read(KHARKIV)
        .replace("2024-11-01T11:20:00Z", "2024-11-03T11:20:00Z");
    let end = moved.rfind("---\n").unwrap() + 4;
    s.site.write(KHARKIV, &moved[..end]);
    s.apply(&[KHARKIV]);
    s.check("a body emptied as it moved");
    let page = s
        .live
        .output()
        .get("2024/11/03/kharkiv/index.html")
        .unwrap();
    assert!(!String::from_utf8_lossy(&page).contains("Guided bombs"));
}

#[test]
fn errors_keep_the_last_good_site_until_fixed() {
    let mut s = Session::start();
    let before = files(s.live.output());
    s.site.edit(KYIV, "title: Air", "title: [Air");
    s.apply(&[KYIV]);
    let problems = s.live.problems();
    assert_eq!(problems.0.len(), 1, "{problems}");
    assert!(problems.0[0].file.ends_with("kyiv-drones.md"));
    assert!(problems.0[0].line.is_some());
    assert_eq!(
        files(s.live.output()),
        before,
        "a broken save changed the site"
    );

    // Other saves while broken are taken in but not rendered.
    s.site.edit(TANKER, "detained", "held");
    s.apply(&[TANKER]);
    assert_eq!(files(s.live.output()), before);

    s.site.edit(KYIV, "title: [Air", "title: Air");
    s.apply(&[KYIV]);
    s.check("fixing the front matter");

    s.site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.title }\n{% endblock main %}",
    );
    s.apply(&["templates/article.html"]);
    assert!(
        !s.live.problems().0.is_empty(),
        "a template error is reported"
    );
    s.site.write("templates/article.html", "{% extends \"base.html\" %}{% block main %}<h1 class=\"custom\">{{ page.title }}</h1>{{ page.content }}{% endblock main %}");
    s.apply(&["templates/article.html"]);
    s.check("fixing a template");

    s.site.edit("site.yaml", "paginate_by: 2", "paginate_by: [");
    s.apply(&["site.yaml"]);
    assert!(
        !s.live.problems().0.is_empty(),
        "a bad site.yaml is reported"
    );
    s.site.edit("site.yaml", "paginate_by: [", "paginate_by: 3");
    s.apply(&["site.yaml"]);
    s.check("a site.yaml change");

    s.site.write("static/notes.txt", "hello\n");
    s.site.remove("static/extra.css");
    s.apply(&["static/notes.txt", "static/extra.css"]);
    s.check("static files added and removed");
}

/// `text` without the front matter lines that start with one of `prefixes`.
fn without_lines(text: &str, prefixes: &[&str]) -> String {
    text.split_inclusive('\n')
        .filter(|l| !prefixes.iter().any(|p| l.starts_with(p)))
        .collect()
}

/// A small deterministic random walk over edits, to find dependencies the
/// fingerprints miss.
#[test]
fn a_random_series_of_changes_matches_a_full_build() {
    let mut s = Session::start();
    let mut seed: u64 = 0x5eed_1234;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let topics = ["drone-strikes", "diplomacy", "baltic-incidents"];
    let tags = ["kyiv", "talks", "ports", "cables", "night"];
    let mut made = 0;
    // A copy of a theme partial a step can override in the site's templates/.
    let entry_partial = include_str!("../themes/default/templates/partials/entry.html");
    for step in 0..240 {
        let keys: Vec<String> = walkdir::WalkDir::new(s.site.path("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| {
                e.path()
                    .strip_prefix(&s.site.root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let mut keys = keys;
        keys.sort();
        let pick = keys[next(keys.len())].clone();
        let what = next(14);
        let touched: Vec<String> = match what {
            0 if keys.len() > 3 => {
                s.site.remove(&pick);
                vec![pick.clone()]
            }
            1 => {
                made += 1;
                let rel = format!("content/2024/11/0{}/made-{made}.md", 1 + next(5));
                let text = format!(
                    "---\ntitle: Made {made}\ndate: 2024-11-0{}T{:02}:00:00Z\ntopics: [{}]\ntags: [{}]\nsource: Src{}\n---\nBody {made}.\n",
                    1 + next(5),
                    next(24),
                    topics[next(3)],
                    tags[next(5)],
                    next(3)
                );
                s.site.write(&rel, &text);
                vec![rel]
            }
            2 => {
                let to = pick.replace(".md", "-r.md");
                s.site.rename(&pick, &to);
                vec![pick.clone(), to]
            }
            3 => {
                let text = s.site.read(&pick);
                let text = text.replacen("title: ", &format!("title: {step} "), 1);
                s.site.write(&pick, &text);
                vec![pick.clone()]
            }
            4 => {
                let text = s.site.read(&pick);
                let date_line = text.lines().find(|l| l.starts_with("date:")).unwrap();
                let new = format!("date: 2024-11-0{}T{:02}:30:00Z", 1 + next(5), next(24));
                s.site.write(&pick, &text.replacen(date_line, &new, 1));
                vec![pick.clone()]
            }
            6 => {
                // A drone tally set, changed or removed: the tracker, its
                // data files and the story pages follow.
                let text = without_lines(&s.site.read(&pick), &["figures:", "  drones:"]);
                let line = match next(3) {
                    0 => String::new(),
                    k => format!(
                        "figures: {{ drones: {{ launched: {}, downed: {}, side: {} }} }}\n",
                        60 + next(3),
                        30 + next(2),
                        ["russia", "ukraine"][k - 1]
                    ),
                };
                s.site.write(
                    &pick,
                    &text.replacen("\ntitle: ", &format!("\n{line}title: "), 1),
                );
                vec![pick.clone()]
            }
            5 => {
                // The article moves to other topics (or none).
                let text = without_lines(&s.site.read(&pick), &["topics:"]);
                let line = match next(4) {
                    0 => String::new(),
                    3 => format!("topics: [{}, {}]\n", topics[0], topics[1 + next(2)]),
                    k => format!("topics: [{}]\n", topics[k]),
                };
                s.site.write(
                    &pick,
                    &text.replacen("\ntitle: ", &format!("\n{line}title: "), 1),
                );
                vec![pick.clone()]
            }
            8 => {
                // The site overrides a theme partial, changes it, or drops it.
                let rel = "templates/partials/entry.html";
                match next(3) {
                    0 if s.site.path(rel).exists() => s.site.remove(rel),
                    k => s.site.write(
                        rel,
                        &format!("{entry_partial}<!-- override {k} {step} -->\n"),
                    ),
                }
                vec![rel.to_string()]
            }
            9 => {
                // site.yaml: the title and the page size change.
                let text = s.site.read("site.yaml");
                let text = without_lines(&text, &["title:", "paginate_by:"]);
                s.site.write(
                    "site.yaml",
                    &format!(
                        "title: Serve Fixture {}\npaginate_by: {}\n{text}",
                        next(3),
                        2 + next(2)
                    ),
                );
                vec!["site.yaml".to_string()]
            }
            7 => {
                // The article joins a story, or leaves its own.
                let text = without_lines(&s.site.read(&pick), &["story:"]);
                let line = match next(3) {
                    0 => String::new(),
                    1 => "story: kyiv-night\n".to_string(),
                    _ => format!("story: story-{}\n", next(2)),
                };
                s.site.write(
                    &pick,
                    &text.replacen("\ntitle: ", &format!("\n{line}title: "), 1),
                );
                vec![pick.clone()]
            }
            11 => {
                // Tags and places change: term pages, their names (the most
                // used spelling) and related entries follow.
                let text = without_lines(&s.site.read(&pick), &["tags:", "places:"]);
                let spelling = ["Kyiv", "KYIV", "Odesa"][next(3)];
                let line = match next(3) {
                    0 => String::new(),
                    1 => format!("tags: [{}]\nplaces: [{spelling}]\n", tags[next(5)]),
                    _ => format!("tags: [{}, {}]\n", tags[next(5)], tags[next(5)]),
                };
                s.site.write(
                    &pick,
                    &text.replacen("\ntitle: ", &format!("\n{line}title: "), 1),
                );
                vec![pick.clone()]
            }
            12 => {
                // An import: several new files and a deletion in one batch.
                let mut touched = Vec::new();
                for _ in 0..2 + next(4) {
                    made += 1;
                    let day = 1 + next(5);
                    let rel = format!("content/2024/11/0{day}/made-{made}.md");
                    let text = format!(
                        "---\ntitle: Imported {made}\ndate: 2024-11-0{day}T{:02}:15:00Z\ntopics: [{}]\ntags: [{}]\nplaces: [Kyiv]\nsource: Src{}\nstory: story-{}\n---\nImported body {made}.\n",
                        next(24),
                        topics[next(3)],
                        tags[next(5)],
                        next(3),
                        next(2)
                    );
                    s.site.write(&rel, &text);
                    touched.push(rel);
                }
                if keys.len() > 3 {
                    s.site.remove(&pick);
                    touched.push(pick.clone());
                }
                touched
            }
            13 => {
                // Two articles put at one instant, midnight, each with or
                // without its clock and an origin; then only those change:
                // they tie on the time, so the clock, then the origin,
                // decide their order.
                let day = 1 + next(3);
                let other = keys[next(keys.len())].clone();
                let mut touched = vec![pick.clone()];
                if other != pick {
                    touched.push(other);
                }
                for round in 0..2 {
                    for rel in &touched {
                        let text = without_lines(&s.site.read(rel), &["date:", "origin:"]);
                        let clock = ["", "T00:00:00Z"][next(2)];
                        let origin = match next(3) {
                            0 => String::new(),
                            k => format!("origin: {{ file: night-{k}.txt, entry: {} }}\n", next(3)),
                        };
                        let line = format!("date: 2024-11-0{day}{clock}\n{origin}");
                        s.site.write(
                            rel,
                            &text.replacen("\ntitle: ", &format!("\n{line}title: "), 1),
                        );
                    }
                    if round == 0 {
                        let first: Vec<&str> = touched.iter().map(String::as_str).collect();
                        s.apply(&first);
                    }
                }
                touched
            }
            _ => {
                let text = s.site.read(&pick);
                s.site.write(&pick, &format!("{text}\nMore text {step}.\n"));
                vec![pick.clone()]
            }
        };
        let touched: Vec<&str> = touched.iter().map(String::as_str).collect();
        s.apply(&touched);
        let problems = s.live.problems();
        if !problems.0.is_empty() {
            // Two articles can land on one URL, or a link lose its target:
            // those are real errors, and a full build must report them too.
            assert!(
                sitrep::build::load(&s.site.options()).is_err(),
                "{problems}"
            );
            continue;
        }
        s.check(&format!("random step {step} ({what} on {touched:?})"));
    }
}

#[test]
fn a_template_change_renders_only_the_files_made_with_it() {
    let mut s = Session::start();
    let theme = |name: &str| {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default/templates")
                .join(name),
        )
        .unwrap()
    };
    let day = theme("day.html").replacen("{% block main %}", "{% block main %}<p>edited</p>", 1);
    s.site.write("templates/day.html", &day);
    let r = s.apply(&["templates", "templates/day.html"]);
    s.check("a day template override");
    assert_eq!(
        r.rendered.keys().copied().collect::<Vec<_>>(),
        ["day"],
        "{r:?}"
    );

    let entry = theme("partials/entry.html") + "<!-- entry -->";
    s.site.write("templates/partials/entry.html", &entry);
    s.apply(&["templates/partials/entry.html"]);
    s.check("a partial used by list pages");
    assert!(
        !r.rendered.contains_key("article") || r.rendered.len() > 1,
        "{r:?}"
    );

    let base = theme("base.html").replace("</footer>", "</footer><!-- base -->");
    s.site.write("templates/base.html", &base);
    s.apply(&["templates/base.html"]);
    s.check("the base template");

    s.site.remove("templates/day.html");
    s.apply(&["templates/day.html"]);
    s.check("an override removed");
}

#[test]
fn an_edit_that_only_adds_a_clock_or_an_origin_reorders_like_a_full_build() {
    // Two articles at the same instant: the one with a clock sorts first,
    // then the raw file's order; an edit of only those must move it.
    let mut s = Session::start();
    s.site.write(
        "content/2024/11/05/a.md",
        "---\ntitle: First report of the night\ndate: 2024-11-05\ntopics: [drone-strikes]\n---\nOne.\n",
    );
    s.site.write(
        "content/2024/11/05/b.md",
        "---\ntitle: Second report of the night\ndate: 2024-11-05T00:00:00Z\ntopics: [drone-strikes]\n---\nTwo.\n",
    );
    s.apply(&[
        "content/2024/11/05",
        "content/2024/11/05/a.md",
        "content/2024/11/05/b.md",
    ]);
    s.check("two articles at one instant");
    s.site.edit(
        "content/2024/11/05/a.md",
        "date: 2024-11-05\n",
        "date: 2024-11-05T00:00:00Z\n",
    );
    s.site.edit(
        "content/2024/11/05/b.md",
        "date: 2024-11-05T00:00:00Z\n",
        "date: 2024-11-05\n",
    );
    s.apply(&["content/2024/11/05/a.md", "content/2024/11/05/b.md"]);
    s.check("the clock moved from one to the other");
    s.site.edit(
        "content/2024/11/05/a.md",
        "topics: [drone-strikes]\n",
        "topics: [drone-strikes]\norigin: { file: night.txt, entry: 2 }\n",
    );
    s.site.edit(
        "content/2024/11/05/b.md",
        "date: 2024-11-05\n",
        "date: 2024-11-05T00:00:00Z\norigin: { file: night.txt, entry: 1 }\n",
    );
    s.apply(&["content/2024/11/05/a.md", "content/2024/11/05/b.md"]);
    s.check("both given an origin, in the other order");
}

#[test]
fn a_place_whose_most_used_spelling_changes_is_renamed_on_the_pages_not_touched() {
    // Two articles write `Kyiv`; three added ones write `KYIV`, which then
    // names the place everywhere, also on the two pages no change touched
    // (serve keeps their values between renders).
    let mut s = Session::start();
    let added: Vec<String> = (0..3)
        .map(|i| format!("content/2024/11/03/capital-{i}.md"))
        .collect();
    for (i, rel) in added.iter().enumerate() {
        s.site.write(
            rel,
            &format!(
                "---\ntitle: Capital report {i}\ndate: 2024-11-03T1{i}:00:00Z\nplaces: [KYIV]\nsource: Desk\n---\nA report from the capital.\n"
            ),
        );
        s.apply(&[rel.as_str()]);
        s.check(&format!("added article {i}, writing KYIV"));
    }
    let page = s
        .live
        .output()
        .get("2024/11/01/kyiv-drones/index.html")
        .expect("the untouched article is served");
    assert!(
        String::from_utf8_lossy(&page).contains("KYIV"),
        "the untouched article names the place by its new spelling"
    );
    for rel in &added {
        s.site.remove(rel);
        s.apply(&[rel.as_str()]);
        s.check("an added article removed");
    }
}
