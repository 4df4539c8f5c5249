//! The topic nav rendered once per section. Every HTML page shows the
//! masthead's topic nav (`partials/topic-nav.html`), which marks the
//! section the page is in: a topic on its timeline's pages, the archive on
//! the archive page. The nav of one section is the same HTML on every page
//! of it, so it is rendered once per section and render and handed to the
//! pages as `nav_html`, which the theme's `base.html` prints; rendering it
//! on every page was a tenth of a build. This holds only for a partial that
//! reads nothing but the values every template sees (`site`, `t`) and
//! `section`: a site's own that reads anything else (`current_path`, the
//! page) gets `nav_html` none, and `base.html` includes it on each page.

use tera::{Context, Value};

use super::Renderer;
use super::items::reads_only;
use super::jobs::Job;
use crate::site::Site;

/// The partial that renders the topic nav.
pub(crate) const NAV_PARTIAL: &str = "partials/topic-nav.html";

/// The context variable naming the section a page is in (see [`section`]).
pub(crate) const SECTION: &str = "section";

/// The variables a shared nav may read.
const INPUTS: [&str; 3] = ["site", "t", SECTION];

/// Whether the nav partial's output depends only on [`INPUTS`].
pub(crate) fn reusable(
    tera: &tera::Tera,
    texts: &std::collections::BTreeMap<String, String>,
) -> bool {
    reads_only(tera, texts, NAV_PARTIAL, &INPUTS)
}

/// The section of the site `job`'s page is in, for the nav to mark: the
/// path of the topic whose timeline it is a page of, `archive/` for the
/// archive, empty for every other page.
pub(crate) fn section(job: &Job, site: &Site) -> String {
    match job {
        Job::Topic(i, _) => site.topics()[*i].path(),
        Job::Archive => crate::paths::ARCHIVE.to_string(),
        _ => String::new(),
    }
}

/// The nav of every section, rendered once per render.
pub(crate) struct Navs {
    /// Section (see [`section`]) and its nav as a safe string; empty when
    /// the partial cannot be shared.
    by_section: Vec<(String, Value)>,
}

impl Navs {
    /// The nav of each section of `site`; none when the renderer's nav
    /// partial cannot be shared or a render failed (each page then includes
    /// it, and the failing one reports the error).
    pub(crate) fn new(renderer: &Renderer, site: &Site) -> Self {
        if !renderer.reuse_nav {
            return Navs {
                by_section: Vec::new(),
            };
        }
        let sections = [String::new(), crate::paths::ARCHIVE.to_string()]
            .into_iter()
            .chain(site.topics().iter().map(|t| t.path()));
        let by_section = sections
            .map(|s| {
                let mut ctx = Context::new();
                ctx.insert(SECTION, s.as_str());
                let html = renderer.render_shared(NAV_PARTIAL, &ctx);
                (s, html.unwrap_or_else(Value::none))
            })
            .collect();
        Navs { by_section }
    }

    /// The nav of `section`, as a safe string; none when it is not shared.
    pub(crate) fn get(&self, section: &str) -> Value {
        self.by_section
            .iter()
            .find(|(s, _)| s == section)
            .map_or_else(Value::none, |(_, html)| html.clone())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{NAV_PARTIAL, reusable};
    use crate::render::items::tests::{built_in, site_and_renderer, tera_of};
    use crate::render::jobs::Job;
    use crate::site::{PageId, TopicId};

    fn tera_with(nav: &str) -> (tera::Tera, BTreeMap<String, String>) {
        tera_of(&[(NAV_PARTIAL, nav)])
    }

    /// The built-in nav is rendered once per section: without that, every
    /// page renders it again.
    #[test]
    fn the_built_in_nav_is_shared() {
        let (tera, texts) = tera_with(built_in(NAV_PARTIAL));
        assert!(reusable(&tera, &texts));
    }

    #[test]
    fn a_nav_reading_the_page_is_not_shared() {
        for nav in [
            "{% for t in site.topics %}{% if current_path == t.path %}x{% endif %}{% endfor %}",
            "{% if page is defined %}{{ page.title }}{% endif %}",
        ] {
            let (tera, texts) = tera_with(nav);
            assert!(!reusable(&tera, &texts), "{nav}");
        }
    }

    /// Each page's shared nav is the HTML its own include of the partial
    /// gives, in every section: a topic's pages, the archive, the others.
    #[test]
    fn a_shared_nav_is_the_one_each_page_would_render() {
        let config = "title: T\npaginate_by: 1\ntopics:\n  - slug: energy\n    name: Energy\n  - slug: grid\n    name: Grid\n";
        let pages: Vec<(String, String)> = ["a", "b"]
            .iter()
            .map(|n| {
                let text =
                    format!("---\ntitle: {n}\ndate: 2024-11-02\ntopics: [grid]\n---\nBody.\n");
                (format!("{n}.md"), text)
            })
            .collect();
        let (site, mut renderer) = site_and_renderer(config, &pages);
        assert!(renderer.reuse_nav);
        let entries = crate::render::views::Entries::new(&site);
        let parts = crate::render::contexts::ListParts::new(&site);
        let jobs = [
            Job::Topic(TopicId::new(1), 1),
            Job::Topic(TopicId::new(1), 2),
            Job::Topic(TopicId::new(0), 1),
            Job::Archive,
            Job::Article(PageId::new(0)),
            Job::Home(1),
        ];
        let render = |r: &crate::render::Renderer| -> Vec<String> {
            let navs = super::Navs::new(r, &site);
            jobs.iter()
                .map(|job| {
                    let read = crate::render::Reader::new(&site, entries.as_slice(), &parts)
                        .with_nav(&navs);
                    let mut buf = Vec::new();
                    job.render(r, &read, &mut buf).unwrap();
                    String::from_utf8(buf).unwrap()
                })
                .collect()
        };
        let shared = render(&renderer);
        renderer.reuse_nav = false;
        assert_eq!(shared, render(&renderer));
        assert!(shared[1].contains("href=\"/topics/grid/\" aria-current=\"page\""));
        assert!(shared[3].contains("href=\"/archive/\" aria-current=\"page\""));
        assert!(!shared[4].contains("aria-current"));
    }
}
