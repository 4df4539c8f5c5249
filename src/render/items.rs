//! List items rendered once. An entry is shown on its day page, on the
//! timeline of each of its topics, on each of its terms' pages and on the
//! home page; rendering `partials/entry.html` for every one of those lists
//! was most of a build's template time. Instead each entry's item is rendered
//! the first time a list needs it, for each topic a list is grouped by
//! (`here`), and the same HTML is put in every list that shows it
//! (`entries_html` of day groups and digest items).
//!
//! This holds only for a partial whose output depends on nothing but the
//! entry, `here` and the values every template sees (`site`, `t`): the
//! built-in one, and a site's own that reads no other variable. A partial
//! that reads anything else (`loop`, `current_path`, the page's `topic`) is
//! not reused: `entries_html` is none and the list templates include the
//! partial for each entry, as they did before.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use tera::{Context, Value};

use super::Renderer;
use crate::site::{PageId, Site, Store};

/// The partial that renders one entry of a list.
pub(crate) const ENTRY_PARTIAL: &str = "partials/entry.html";

/// The variables a reusable entry partial may read.
const INPUTS: [&str; 4] = ["entry", "here", "site", "t"];

/// Whether the entry partial's output depends only on [`INPUTS`]: every
/// variable it reads (itself or through the templates it includes) is one
/// of them or one it sets itself.
pub(crate) fn reusable(tera: &tera::Tera, texts: &BTreeMap<String, String>) -> bool {
    reads_only(tera, texts, ENTRY_PARTIAL, &INPUTS)
}

/// Whether every variable `partial` reads (itself or through the templates
/// it includes) is one of `inputs` or one it sets itself: then its output
/// depends on those inputs only, and can be rendered once for them.
pub(crate) fn reads_only(
    tera: &tera::Tera,
    texts: &BTreeMap<String, String>,
    partial: &str,
    inputs: &[&str],
) -> bool {
    let Ok(read) = tera.get_template_variables(partial) else {
        return false;
    };
    let set = set_names(texts.get(partial).map_or("", String::as_str));
    read.iter()
        .all(|name| inputs.contains(name) || set.contains(name))
}

/// The names a template assigns with `{% set NAME = … %}` (or `set_global`).
fn set_names(text: &str) -> HashSet<&str> {
    static SET: OnceLock<regex::Regex> = OnceLock::new();
    let re = SET.get_or_init(|| {
        regex::Regex::new(r"\{%-?\s*set(?:_global)?\s+([A-Za-z_][A-Za-z0-9_]*)\s*=")
            .expect("a valid pattern")
    });
    re.captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
        .collect()
}

/// Each entry's rendered list item, by the topic its list is grouped by,
/// made on first use and shared by every list of one render.
pub(crate) struct Items<'a> {
    renderer: &'a Renderer,
    /// Topic slugs in site order: slot `i + 1` of an entry is its item
    /// under topic `i`, slot 0 its item in an ungrouped list.
    topics: Vec<&'a str>,
    /// By page id; none in a slot whose render failed (the list then
    /// includes the partial itself, which reports the error).
    slots: Vec<Box<[OnceLock<Option<Value>>]>>,
}

impl<'a> Items<'a> {
    /// An empty store for the entries of `site`, or none when the
    /// renderer's entry partial cannot be reused.
    pub(crate) fn new(renderer: &'a Renderer, site: &'a Site) -> Option<Self> {
        if !renderer.reuse_items {
            return None;
        }
        let width = site.topics().len() + 1;
        Some(Items {
            renderer,
            topics: site.topics().iter().map(|t| t.slug.as_str()).collect(),
            slots: (0..site.pages().len())
                .map(|_| super::cells(width))
                .collect(),
        })
    }

    /// The item of entry `id` (whose view is `view`) in a list grouped by
    /// topic `here` (empty: not grouped).
    fn item(&self, id: PageId, view: &Value, here: &str) -> Option<Value> {
        let slot = if here.is_empty() {
            Some(0)
        } else {
            self.topics.iter().position(|t| *t == here).map(|i| i + 1)
        };
        match slot.and_then(|s| self.slots.get(id.index())?.get(s)) {
            Some(cell) => cell.get_or_init(|| self.render(view, here)).clone(),
            None => self.render(view, here),
        }
    }

    fn render(&self, view: &Value, here: &str) -> Option<Value> {
        let mut ctx = Context::new();
        ctx.insert_value("entry", view.clone());
        ctx.insert_value("here", Value::from(here));
        self.renderer.render_shared(ENTRY_PARTIAL, &ctx)
    }

    /// What the store made, apart from the renderer and site it borrows.
    pub(crate) fn into_made(self) -> Made {
        Made {
            _items: self.slots,
            _links: [None, None],
        }
    }

    /// The items of `ids` (with their views `views`) one after another, as
    /// one safe string; none when one of them could not be rendered.
    pub(crate) fn list(&self, ids: &[PageId], views: &Store<PageId, Value>, here: &str) -> Value {
        let mut items = Vec::with_capacity(ids.len());
        for &id in ids {
            match self.item(id, &views[id], here) {
                Some(item) => items.push(item),
                None => return Value::none(),
            }
        }
        let len = items.iter().filter_map(Value::as_str).map(str::len).sum();
        let mut html = String::with_capacity(len);
        for item in &items {
            html.push_str(item.as_str().unwrap_or_default());
        }
        Value::safe_string(&html)
    }
}

/// A list at an article's foot whose links are rendered once per entry.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum FootList {
    /// The other reports of its story (`page.story_html`).
    Story,
    /// Its related entries (`page.related_html`).
    Related,
}

impl FootList {
    /// Both lists, in slot order.
    pub(crate) const ALL: [FootList; 2] = [FootList::Story, FootList::Related];

    /// The partial that renders one link of the list.
    pub(crate) fn partial(self) -> &'static str {
        match self {
            FootList::Story => "partials/story-link.html",
            FootList::Related => "partials/related-link.html",
        }
    }
}

/// The variables a reusable foot link partial may read.
const LINK_INPUTS: [&str; 3] = ["entry", "site", "t"];

/// For each [`FootList`] (in [`FootList::ALL`] order), whether its link
/// partial's output depends only on the entry, `site` and `t`.
pub(crate) fn links_reusable(tera: &tera::Tera, texts: &BTreeMap<String, String>) -> [bool; 2] {
    FootList::ALL.map(|list| reads_only(tera, texts, list.partial(), &LINK_INPUTS))
}

/// The list items or foot links an [`Items`] or [`FootItems`] made, kept
/// past the render that borrowed the renderer and site for them (see
/// [`super::Spent`]).
pub(crate) struct Made {
    _items: Vec<Box<[OnceLock<Option<Value>>]>>,
    _links: [Option<Vec<OnceLock<Option<Value>>>>; 2],
}

/// Each entry's link in an article's foot lists (see [`FootList`]), made
/// on first use and shared by every article of one render that lists it:
/// an entry is among the related reports of some five others.
pub(crate) struct FootItems<'a> {
    renderer: &'a Renderer,
    /// By list, then page id; no list when its partial cannot be reused,
    /// none in a slot whose render failed.
    slots: [Option<Vec<OnceLock<Option<Value>>>>; 2],
}

impl<'a> FootItems<'a> {
    /// An empty store for the entries of `site`.
    pub(crate) fn new(renderer: &'a Renderer, site: &Site) -> Self {
        let cells = |reuse: bool| reuse.then(|| super::cells(site.pages().len()));
        FootItems {
            renderer,
            slots: renderer.reuse_links.map(cells),
        }
    }

    /// What the store made, apart from the renderer it borrows.
    pub(crate) fn into_made(self) -> Made {
        Made {
            _items: Vec::new(),
            _links: self.slots,
        }
    }

    /// The links of `ids` (with their views `views`) in `list`, one after
    /// another as one safe string; none when the list's partial is not
    /// reused or a link could not be rendered.
    pub(crate) fn list(
        &self,
        list: FootList,
        ids: &[PageId],
        views: &Store<PageId, Value>,
    ) -> Value {
        let Some(slots) = &self.slots[list as usize] else {
            return Value::none();
        };
        let mut html = String::new();
        for &id in ids {
            let render = || {
                let mut ctx = Context::new();
                ctx.insert_value("entry", views[id].clone());
                self.renderer.render_shared(list.partial(), &ctx)
            };
            let item = match slots.get(id.index()) {
                Some(cell) => cell.get_or_init(render).clone(),
                None => render(),
            };
            match item.as_ref().and_then(Value::as_str) {
                Some(s) => html.push_str(s),
                None => return Value::none(),
            }
        }
        Value::safe_string(&html)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use super::{ENTRY_PARTIAL, reusable, set_names};
    use crate::render::templates::DEFAULT_TEMPLATES;

    /// A Tera of the templates `texts` (name, text), with the texts by name.
    pub(crate) fn tera_of(texts: &[(&str, &str)]) -> (tera::Tera, BTreeMap<String, String>) {
        let texts: BTreeMap<String, String> = texts
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .unwrap();
        (tera, texts)
    }

    /// The site of `config` (site.yaml's text) and `pages` (key, text), and
    /// a renderer of the built-in theme with the site's values set.
    pub(crate) fn site_and_renderer(
        config: &str,
        pages: &[(String, String)],
    ) -> (crate::site::Site, crate::render::Renderer) {
        use std::path::Path;
        let config = crate::config::Config::parse(config, Path::new("site.yaml")).unwrap();
        let pages = pages
            .iter()
            .map(|(key, text)| {
                crate::content::parse_page(key, Path::new(key), text, &config).unwrap()
            })
            .collect();
        let site = crate::site::Site::new(config.clone(), pages).0;
        let root = tempfile::tempdir().unwrap();
        let mut renderer = crate::render::Renderer::new(root.path(), &config).unwrap();
        renderer.site_value(&site);
        (site, renderer)
    }

    /// The built-in theme's template `name`.
    pub(crate) fn built_in(name: &str) -> &'static str {
        DEFAULT_TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1
    }

    /// A Tera with `partial` as the entry partial and a partial it may include.
    fn tera_with(partial: &str) -> (tera::Tera, BTreeMap<String, String>) {
        tera_of(&[
            (ENTRY_PARTIAL, partial),
            ("partials/pager.html", "{{ paginator.current }}"),
        ])
    }

    /// The built-in partial is rendered once per entry: without that, every
    /// list page renders it again for each entry it shows.
    #[test]
    fn the_built_in_entry_partial_is_reusable() {
        let (tera, texts) = tera_with(built_in(ENTRY_PARTIAL));
        assert!(reusable(&tera, &texts));
    }

    #[test]
    fn a_partial_reading_the_page_or_the_loop_is_not_reusable() {
        for partial in [
            "{{ entry.title }} {{ current_path }}",
            "{{ loop.index }} {{ entry.title }}",
            "{% if group is defined %}{{ group.topic.name }}{% endif %}",
            "{{ entry.title }}{% include \"partials/pager.html\" %}",
        ] {
            let (tera, texts) = tera_with(partial);
            assert!(!reusable(&tera, &texts), "{partial}");
        }
        let (tera, texts) =
            tera_with("{% set n = entry.topics | length %}{{ n }} {{ here }} {{ t.story }}");
        assert!(reusable(&tera, &texts));
    }

    /// The built-in foot link partials are rendered once per entry; one
    /// reading the loop or the page is not.
    #[test]
    fn the_built_in_foot_link_partials_are_reusable() {
        use super::{FootList, links_reusable};
        let texts: Vec<(&str, &str)> = FootList::ALL
            .iter()
            .map(|l| (l.partial(), built_in(l.partial())))
            .collect();
        let (tera, texts) = tera_of(&texts);
        assert_eq!(links_reusable(&tera, &texts), [true, true]);
        let (tera, texts) = tera_of(&[
            (
                FootList::Story.partial(),
                "{{ loop.index }} {{ entry.title }}",
            ),
            (
                FootList::Related.partial(),
                "{{ entry.title }} {{ page.title }}",
            ),
        ]);
        assert_eq!(links_reusable(&tera, &texts), [false, false]);
    }

    /// An article's shared story and related links are the HTML its own
    /// includes of the partials give.
    #[test]
    fn shared_foot_links_are_the_ones_each_article_would_render() {
        use crate::render::jobs::Job;
        use crate::site::PageId;
        let pages: Vec<(String, String)> = [("a", "Wire <A>"), ("b", "Post"), ("c", ""), ("d", "Post")]
            .iter()
            .enumerate()
            .map(|(i, (n, source))| {
                let source = match source.is_empty() {
                    true => String::new(),
                    false => format!("source: '{source}'\n"),
                };
                let story = if i < 3 { "story: night\n" } else { "" };
                let text = format!(
                    "---\ntitle: {n} & co\ndate: 2024-11-0{}T0{i}:00:00Z\n{source}{story}tags: [grid, power]\n---\nBody.\n",
                    i + 1
                );
                (format!("{n}.md"), text)
            })
            .collect();
        let (site, mut renderer) = site_and_renderer("title: T\n", &pages);
        assert_eq!(renderer.reuse_links, [true, true]);
        let entries = crate::render::views::Entries::new(&site);
        let parts = crate::render::contexts::ListParts::new(&site);
        let render = |r: &crate::render::Renderer| -> Vec<String> {
            let items = super::FootItems::new(r, &site);
            (0..site.pages().len())
                .map(|i| {
                    let read = crate::render::Reader::new(&site, entries.as_slice(), &parts)
                        .with_foot_items(&items);
                    let mut buf = Vec::new();
                    Job::Article(PageId::new(i))
                        .render(r, &read, &mut buf)
                        .unwrap();
                    String::from_utf8(buf).unwrap()
                })
                .collect()
        };
        let shared = render(&renderer);
        renderer.reuse_links = [false, false];
        assert_eq!(shared, render(&renderer));
        let all = shared.concat();
        assert!(all.contains("class=\"story\""), "{all}");
        assert!(all.contains("class=\"related\""), "{all}");
        assert!(all.contains("Wire &lt;A&gt;"), "{all}");
    }

    /// The built-in theme prints the HTML the engine marks safe as it is:
    /// `| safe` on it would copy each body, summary and shared list again.
    #[test]
    fn the_built_in_theme_prints_the_engines_html_without_the_safe_filter() {
        let engines = [
            "entry.summary",
            "page.content",
            "entries_html",
            "page.story_html",
            "page.related_html",
            "rail_html",
            "nav_html",
        ];
        for (name, text) in DEFAULT_TEMPLATES {
            for value in engines {
                assert!(
                    !text.contains(&format!("{value} | safe")),
                    "{name}: {value}"
                );
            }
        }
    }

    #[test]
    fn set_names_are_found_with_or_without_trimming() {
        let text = "{%- set here = \"\" -%}{% set_global n = 1 %}{%set others = [1] %}{{ x }}";
        let mut names: Vec<&str> = set_names(text).into_iter().collect();
        names.sort_unstable();
        assert_eq!(names, ["here", "n", "others"]);
    }
}
