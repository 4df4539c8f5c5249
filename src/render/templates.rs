//! The Tera environment: the built-in theme, overridden by a theme folder,
//! overridden by the site's `templates/`, template by template. This file is
//! the only one that knows Tera's loading and error types.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Kwargs, State, Tera, TeraResult};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The built-in theme's templates, compiled into the binary.
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "partials/entry.html",
    "partials/paginator.html",
    "partials/timeline.html",
    "partials/day-pager.html",
    "partials/in-brief.html",
    "partials/digest.html",
    "partials/masthead-line.html",
    "partials/footer-links.html",
    "partials/aside.html",
    "partials/rail.html",
    "partials/topic-nav.html",
    "partials/story-link.html",
    "partials/related-link.html",
    "partials/toc.html",
    "index.html",
    "day.html",
    "article.html",
    "topics.html",
    "topic.html",
    "taxonomy.html",
    "term.html",
    "archive.html",
    "stories.html",
    "story.html",
    "tracker.html",
    "page.html",
    "404.html",
    "search.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
);

/// True when template `name` of `texts` is the built-in theme's own.
pub(crate) fn is_builtin(texts: &BTreeMap<String, String>, name: &str) -> bool {
    let builtin = DEFAULT_TEMPLATES.iter().find(|(n, _)| *n == name);
    builtin.is_some_and(|(_, text)| texts.get(name).is_some_and(|t| t == text))
}

/// The built-in theme's static files, compiled into the binary.
pub(crate) const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "favicon.svg",
        include_str!("../../themes/default/static/favicon.svg"),
    ),
    (
        SEARCH_SCRIPT,
        include_str!("../../themes/default/static/search.js"),
    ),
];

/// The search page's script, written only when search is on.
pub(crate) const SEARCH_SCRIPT: &str = "search.js";

/// Templates ready to render, with where each came from (for messages).
pub(crate) struct Templates {
    /// The Tera environment.
    pub tera: Tera,
    /// Template name → file it was read from (or `<built-in theme>/NAME`).
    pub origins: BTreeMap<String, PathBuf>,
    /// Template name → its text, as loaded (`serve` compares them to see
    /// which templates a change touched).
    pub texts: BTreeMap<String, String>,
}

/// The folder of the configured theme under the site root.
pub(crate) fn theme_dir(root: &Path, config: &Config) -> PathBuf {
    root.join(crate::paths::THEMES_DIR).join(&config.theme)
}

/// Every template's text and the file it comes from, by name: the built-in
/// theme's, overridden by the theme folder's, overridden by the site's.
pub(crate) fn sources(
    root: &Path,
    config: &Config,
) -> Result<BTreeMap<String, (String, PathBuf)>, Diagnostics> {
    let mut sources: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    for (name, text) in DEFAULT_TEMPLATES {
        sources.insert(
            name.to_string(),
            (text.to_string(), Path::new("<built-in theme>").join(name)),
        );
    }
    let mut errors = Vec::new();
    let theme = theme_dir(root, config);
    if config.theme != "default" && !theme.is_dir() {
        errors.push(
            Diagnostic::new(
                crate::config::config_path(root),
                format!("theme `{}` not found at {}", config.theme, theme.display()),
            )
            .hint("put the theme in themes/NAME/ or set `theme: default`"),
        );
    }
    let name = crate::paths::TEMPLATES_DIR;
    for dir in [theme.join(name), root.join(name)] {
        read_dir_into(root, &dir, &mut sources, &mut errors);
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(sources)
}

/// Loads and compiles every template, and registers `url()` and `abs_url()`.
pub(crate) fn load(root: &Path, config: &Config) -> Result<Templates, Diagnostics> {
    let sources = sources(root, config)?;
    let mut tera = Tera::new();
    register_functions(&mut tera, config);
    let origins: BTreeMap<String, PathBuf> = sources
        .iter()
        .map(|(k, (_, p))| (k.clone(), p.clone()))
        .collect();
    tera.add_raw_templates(sources.iter().map(|(k, (t, _))| (k.as_str(), t.as_str())))
        .map_err(|e| Diagnostics(vec![diagnostic(&e, &origins, None)]))?;
    let texts = sources.into_iter().map(|(k, (t, _))| (k, t)).collect();
    Ok(Templates {
        tera,
        origins,
        texts,
    })
}

fn read_dir_into(
    root: &Path,
    dir: &Path,
    sources: &mut BTreeMap<String, (String, PathBuf)>,
    errors: &mut Vec<Diagnostic>,
) {
    let shown_dir = dir.strip_prefix(root).unwrap_or(dir);
    let walk = crate::walk::visible_files(dir, shown_dir);
    walk.print_skipped();
    errors.extend(walk.errors);
    // Markdown files (a README) are notes, not templates.
    let templates = walk
        .files
        .into_iter()
        .filter(|(name, _)| !name.ends_with(".md"));
    for (name, path) in templates {
        let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                sources.insert(name, (text, shown));
            }
            Err(e) => errors.push(Diagnostic::new(
                &shown,
                format!("cannot read template: {e}"),
            )),
        }
    }
}

fn register_functions(tera: &mut Tera, config: &Config) {
    let base = config.base_path();
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            Ok(url_join(&base, path))
        },
    );
    let abs = config.absolute_base();
    tera.register_function(
        "abs_url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            Ok(url_join(&abs, path))
        },
    );
}

/// `base` + `path` without its leading slashes. Templates call this for
/// every link, so it avoids `format!`'s machinery.
fn url_join(base: &str, path: &str) -> String {
    let path = path.trim_start_matches('/');
    let mut url = String::with_capacity(base.len() + path.len());
    url.push_str(base);
    url.push_str(path);
    url
}

/// A Tera error as a diagnostic naming the template file and line.
pub(crate) fn diagnostic(
    e: &tera::Error,
    origins: &BTreeMap<String, PathBuf>,
    rendering: Option<&str>,
) -> Diagnostic {
    let file_of = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    let hint = "fix the template; see the README's Templates section for the variables each template receives";
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let name = if r.filename().is_empty() {
                rendering.unwrap_or("")
            } else {
                r.filename()
            };
            Diagnostic::new(file_of(name), format!("template error: {}", r.message()))
                .at(Some(r.span().start_line))
                .hint(hint)
        }
        _ => {
            let mut msg = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::new(
                file_of(rendering.unwrap_or(crate::paths::TEMPLATES_DIR)),
                format!("template error: {msg}"),
            )
            .hint(hint)
        }
    }
}
