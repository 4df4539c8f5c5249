//! The rail rendered once. Every page shows the rail (`partials/rail.html`:
//! the topics, and the aside); on every page but the two that give it
//! topic counts (the home page and `topics.html`) it is the same HTML, so
//! it is rendered once per render and handed to the pages as `rail_html`,
//! which the theme's `base.html` prints. This holds only for a partial that
//! reads nothing but the values every template sees (`site`, `t`) and
//! `topic_counts`: a site's own rail or aside that reads anything else
//! (`current_path`, the page) gets `rail_html` none, and `base.html`
//! includes the partial on each page, as before.

use tera::{Context, Value};

use super::Renderer;
use super::items::reads_only;

/// The partial that renders the rail.
pub(crate) const RAIL_PARTIAL: &str = "partials/rail.html";

/// The context variable a page's rail may depend on besides `site` and `t`:
/// a page that sets it renders the rail itself.
pub(crate) const COUNTS: &str = "topic_counts";

/// The variables a shared rail may read.
const INPUTS: [&str; 3] = ["site", "t", COUNTS];

/// Whether the rail partial's output depends only on [`INPUTS`].
pub(crate) fn reusable(
    tera: &tera::Tera,
    texts: &std::collections::BTreeMap<String, String>,
) -> bool {
    reads_only(tera, texts, RAIL_PARTIAL, &INPUTS)
}

/// The rail of a page without topic counts, as a safe string; none when the
/// partial cannot be shared or its render failed (each page then includes
/// it, and the failing one reports the error).
pub(crate) fn shared(renderer: &Renderer) -> Value {
    if !renderer.reuse_rail {
        return Value::none();
    }
    renderer
        .render_shared(RAIL_PARTIAL, &Context::new())
        .unwrap_or_else(Value::none)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{RAIL_PARTIAL, reusable};
    use crate::render::items::tests::{built_in, tera_of};

    /// A Tera with `rail` as the rail partial, the theme's aside, and a
    /// second aside reading the page.
    fn tera_with(rail: &str) -> (tera::Tera, BTreeMap<String, String>) {
        tera_of(&[
            (RAIL_PARTIAL, rail),
            ("partials/aside.html", built_in("partials/aside.html")),
            ("partials/own-aside.html", "{{ current_path }}"),
        ])
    }

    /// The built-in rail is rendered once: without that, every page renders
    /// it again.
    #[test]
    fn the_built_in_rail_is_shared() {
        let (tera, texts) = tera_with(built_in(RAIL_PARTIAL));
        assert!(reusable(&tera, &texts));
    }

    #[test]
    fn a_rail_reading_the_page_is_not_shared() {
        for rail in [
            "{{ site.title }} {{ current_path }}",
            "{% if page is defined %}{{ page.title }}{% endif %}",
            "{{ t.follow }}{% include \"partials/own-aside.html\" %}",
        ] {
            let (tera, texts) = tera_with(rail);
            assert!(!reusable(&tera, &texts), "{rail}");
        }
    }
}
