//! `site.yaml`: the digest's configuration, its topics and their matching rules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, yaml_key_line};

/// The file name of a site's configuration, at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The whole of `site.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The digest's name, shown in the masthead and feeds.
    pub title: String,
    /// One line saying what the digest is.
    #[serde(default)]
    pub description: String,
    /// Absolute URL the site is served from, e.g. `https://example.org/digest/`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// BCP 47 language tag of the site, e.g. `en`.
    #[serde(default = "default_language")]
    pub language: String,
    /// IANA time zone that decides an article's day, e.g. `Europe/London`.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// Entries per page on paginated lists.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    /// Theme folder under `themes/`; `default` is built in.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Syntax highlighting themes for fenced code blocks.
    #[serde(default)]
    pub highlight: HighlightConfig,
    /// Entries in each Atom feed.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// The topics the digest sorts entries into, in navigation order.
    #[serde(default)]
    pub topics: Vec<TopicConfig>,
    /// Known places: an entry mentioning a name or alias gets it in `places`.
    #[serde(default)]
    pub gazetteer: Vec<PlaceConfig>,
    /// Known outlets, by the name imports give them (`--source`, a
    /// "Source:" line): `sources: {Ukrainska Pravda: {timezone: Europe/Kyiv}}`
    /// places their clock times that name no zone.
    #[serde(default)]
    pub sources: BTreeMap<String, SourceConfig>,
    /// Client-side search: the `/search/` page, its index and the masthead
    /// box. `search: false` leaves all three out.
    #[serde(default = "default_true")]
    pub search: bool,
    /// Free-form values passed to templates as `config.extra`.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

/// What the site knows about one outlet.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// IANA time zone of the clock times the outlet prints without a zone.
    #[serde(default)]
    pub timezone: Option<String>,
    /// What the outlet is, shown on its source page.
    #[serde(default)]
    pub description: Option<String>,
    /// The outlet's own site (http or https), linked from its source page.
    #[serde(default)]
    pub url: Option<String>,
}

/// Syntax highlighting themes (names of syntect's built-in themes, or a
/// `.tmTheme` file in the theme's `highlight/` folder without its extension).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighlightConfig {
    /// Theme used in light mode.
    #[serde(default = "default_light")]
    pub light: String,
    /// Theme used when the reader prefers a dark colour scheme.
    #[serde(default = "default_dark")]
    pub dark: String,
}

impl Default for HighlightConfig {
    fn default() -> Self {
        HighlightConfig {
            light: default_light(),
            dark: default_dark(),
        }
    }
}

/// A topic declared in `site.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicConfig {
    /// URL slug, used in front matter `topics:`.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// One or two sentences shown on the topic's page.
    #[serde(default)]
    pub description: String,
    /// How the importer decides an entry belongs to this topic.
    #[serde(default, rename = "match")]
    pub rules: TopicRules,
}

/// Keyword rules for one topic, matched case-insensitively on word boundaries.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicRules {
    /// Phrase → weight; an entry's score is the sum of the weights of the
    /// distinct phrases it contains.
    #[serde(default)]
    pub phrases: BTreeMap<String, f64>,
    /// Groups of phrases; from each group at least one must occur.
    #[serde(default)]
    pub require: Vec<Vec<String>>,
    /// Phrases that rule the topic out when present.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Score an entry must reach.
    #[serde(default = "default_threshold")]
    pub threshold: f64,
}

/// A place in the gazetteer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceConfig {
    /// The name used in `places:` and on the place's page.
    pub name: String,
    /// Other spellings that mean the same place.
    #[serde(default)]
    pub aliases: Vec<String>,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_timezone() -> String {
    "UTC".into()
}
fn default_paginate_by() -> usize {
    20
}
fn default_theme() -> String {
    "default".into()
}
fn default_feed_limit() -> usize {
    20
}

fn default_true() -> bool {
    true
}

fn default_light() -> String {
    "InspiredGitHub".into()
}
fn default_dark() -> String {
    "base16-ocean.dark".into()
}
fn default_threshold() -> f64 {
    1.0
}

impl Config {
    /// Reads `site.yaml` from a site root.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::new(&path, format!("cannot read the site configuration: {e}"))
                .hint("run sitrep in a site folder (one with site.yaml), pass --root DIR, or create one with `sitrep new DIR`")
        })?;
        Config::parse(&text, &path)
    }

    /// Parses the text of `site.yaml`; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        let config: Config = serde_yaml::from_str(text).map_err(|e| {
            let line = e.location().map(|l| l.line());
            Diagnostic::new(path, format!("invalid site configuration: {e}"))
                .at(line)
                .hint("see the README's site.yaml section for the accepted keys")
        })?;
        config.validate(text, path)?;
        Ok(config)
    }

    fn validate(&self, text: &str, path: &Path) -> Result<(), Diagnostic> {
        self.refuse_control_characters(text, path)?;
        if self.paginate_by == 0 {
            return Err(Diagnostic::new(path, "paginate_by must be at least 1")
                .at(yaml_key_line(text, "paginate_by")));
        }
        if crate::zones::named(&self.timezone).is_err() {
            return Err(
                Diagnostic::new(path, format!("unknown time zone `{}`", self.timezone))
                    .at(yaml_key_line(text, "timezone"))
                    .hint("use an IANA name such as UTC, Europe/London or Europe/Kyiv"),
            );
        }
        for (name, source) in &self.sources {
            if let Some(tz) = &source.timezone
                && crate::zones::named(tz).is_err()
            {
                return Err(Diagnostic::new(
                    path,
                    format!("unknown time zone `{tz}` for source `{name}`"),
                )
                .at(yaml_key_line(text, "sources"))
                .hint("use an IANA name such as UTC, Europe/London or Europe/Kyiv"));
            }
            if let Some(url) = &source.url {
                check_base_url(url)
                    .and_then(|()| {
                        url.starts_with("http")
                            .then_some(())
                            .ok_or_else(|| format!("`{url}` is not an http(s) address"))
                    })
                    .map_err(|m| {
                        Diagnostic::new(path, format!("bad `url` for source `{name}`: {m}"))
                            .at(yaml_key_line(text, "sources"))
                            .hint(
                                "write the outlet's address in full, such as https://example.org/",
                            )
                    })?;
            }
        }
        check_base_url(&self.base_url).map_err(|m| {
            Diagnostic::new(path, format!("bad `base_url`: {m}"))
                .at(yaml_key_line(text, "base_url"))
                .hint("write the address the site is served from, such as https://example.org/digest/, or a path such as /digest/")
        })?;
        let mut seen = std::collections::BTreeSet::new();
        for topic in &self.topics {
            if !seen.insert(topic.slug.as_str()) {
                return Err(Diagnostic::new(
                    path,
                    format!("topic `{}` is declared twice", topic.slug),
                )
                .hint("give every topic a unique slug"));
            }
            if topic.slug != slug::slugify(&topic.slug) {
                return Err(Diagnostic::new(
                    path,
                    format!("topic slug `{}` is not a URL slug", topic.slug),
                )
                .hint(format!("use `{}`", slug::slugify(&topic.slug))));
            }
        }
        Ok(())
    }

    /// site.yaml is the editor's own file, so an escaped control character
    /// in it (`title: "\e]0;x"`), which feeds cannot hold, is an error.
    fn refuse_control_characters(&self, text: &str, path: &Path) -> Result<(), Diagnostic> {
        if !text.contains('\\') {
            return Ok(()); // only an escape in a quoted string can make one
        }
        let Ok(serde_yaml::Value::Mapping(top)) = serde_yaml::to_value(self) else {
            return Ok(());
        };
        for (key, mut value) in top {
            if crate::content::controls::clean_value(&mut value) > 0 {
                let key = key.as_str().unwrap_or_default();
                return Err(Diagnostic::new(
                    path,
                    format!("`{key}` holds a control character, which pages and feeds cannot hold"),
                )
                .at(yaml_key_line(text, key))
                .hint("remove the escape (such as \\e, \\x01 or \\u0007) from the quoted value"));
            }
        }
        Ok(())
    }

    /// The time zone `site.yaml` declares for the outlet `name` (compared
    /// without regard to case), if any.
    pub fn source_zone(&self, name: &str) -> Option<jiff::tz::TimeZone> {
        let (_, source) = self
            .sources
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name.trim()))?;
        crate::zones::named(source.timezone.as_deref()?).ok()
    }

    /// What `site.yaml` says of the outlet `name` (compared without regard
    /// to case), if anything.
    pub fn source(&self, name: &str) -> Option<&SourceConfig> {
        self.sources
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name.trim()))
            .map(|(_, s)| s)
    }

    /// The site's time zone (validated on load).
    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        crate::zones::named(&self.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// The topic with this slug, if declared.
    pub fn topic(&self, slug: &str) -> Option<&TopicConfig> {
        self.topics.iter().find(|t| t.slug == slug)
    }

    /// The path part of `base_url`, always starting and ending with `/`
    /// (`https://example.org/digest` → `/digest/`).
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }

    /// `base_url` with exactly one trailing slash, for absolute URLs in feeds.
    pub fn absolute_base(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}

/// The path part of a base URL, starting and ending with `/`.
pub fn base_path_of(base_url: &str) -> String {
    let after_scheme = match base_url.find("://") {
        Some(i) => {
            let rest = &base_url[i + 3..];
            rest.find('/').map(|j| &rest[j..]).unwrap_or("/")
        }
        None => base_url,
    };
    let trimmed = after_scheme.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

/// A base URL is an http or https address, or a path from the host's root.
fn check_base_url(url: &str) -> Result<(), String> {
    match crate::markdown::urls::scheme(url).as_deref() {
        Some("http" | "https") => crate::markdown::check_absolute(url),
        Some(other) => Err(format!(
            "`{url}` uses the scheme `{other}:`; the site is served over http or https"
        )),
        None if !url.starts_with('/') => Err(format!(
            "`{url}` is neither an http(s) address nor a path starting with /"
        )),
        None if url.chars().any(|c| c.is_whitespace() || c.is_control()) => Err(format!(
            "`{url}` contains a space, tab, line break or control character"
        )),
        None => Ok(()),
    }
}

/// The site root's configuration path.
pub fn config_path(root: &Path) -> PathBuf {
    root.join(CONFIG_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_handles_hosts_and_sub_paths() {
        assert_eq!(base_path_of("https://example.org/digest/"), "/digest/");
        assert_eq!(base_path_of("https://example.org/digest"), "/digest/");
        assert_eq!(base_path_of("https://example.org"), "/");
        assert_eq!(base_path_of("/"), "/");
        assert_eq!(base_path_of("/a/b"), "/a/b/");
    }

    #[test]
    fn bad_yaml_names_the_line() {
        let err = Config::parse("title: x\ntopics: [\n", Path::new("site.yaml")).unwrap_err();
        assert!(err.line.is_some(), "{err}");
    }

    #[test]
    fn base_url_must_be_http_or_a_path() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "mailto:a@b.org",
            "example.org/digest",
        ] {
            let yaml = format!("title: x\nbase_url: {bad:?}\n");
            let err = Config::parse(&yaml, Path::new("site.yaml")).unwrap_err();
            assert!(err.message.contains("bad `base_url`"), "{bad:?}: {err}");
            assert_eq!(err.line, Some(2), "{bad:?}");
        }
        for good in [
            "https://example.org/digest/",
            "HTTP://example.org",
            "/",
            "/digest/",
        ] {
            let yaml = format!("title: x\nbase_url: {good:?}\n");
            assert!(
                Config::parse(&yaml, Path::new("site.yaml")).is_ok(),
                "{good}"
            );
        }
    }

    #[test]
    fn control_characters_in_site_yaml_are_errors() {
        let yaml = "title: x\ndescription: \"a\\e]0;owned\\a\"\n";
        let err = Config::parse(yaml, Path::new("site.yaml")).unwrap_err();
        assert!(
            err.message.contains("`description` holds a control"),
            "{err}"
        );
        assert_eq!(err.line, Some(2));
        assert!(Config::parse("title: \"a\\tb\"\n", Path::new("site.yaml")).is_ok());
    }

    #[test]
    fn unknown_key_is_an_error() {
        let err = Config::parse("title: x\ntitel: y\n", Path::new("site.yaml")).unwrap_err();
        assert!(err.message.contains("titel"), "{err}");
        assert_eq!(err.line, Some(2));
    }
}
