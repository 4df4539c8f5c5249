//! `sitrep new DIR`: a site that builds at once.

use std::path::Path;

use anyhow::{Context, bail};

const SITE_YAML: &str = r#"# Configuration of the digest. See the sitrep README for every key.
title: My Digest
description: A daily digest, sorted by topic.
base_url: https://example.org/
language: en
timezone: UTC
paginate_by: 20

topics:
  - slug: drone-strikes
    name: Drone strikes
    description: Drone attacks and air-defence tallies.
    match:
      phrases: { "drone attack": 3, drones: 2, shahed: 3 }
      require: [[drone, drones, shahed]]
      threshold: 3
  - slug: diplomacy
    name: Diplomacy
    description: Talks, sanctions and statements between governments.
    match:
      phrases: { talks: 2, sanctions: 2, "foreign minister": 2 }
      threshold: 2

gazetteer:
  - { name: Kyiv, aliases: [Kiev] }
"#;

const EXAMPLE: &str = r#"---
title: Example report — replace me
date: 2024-11-23T09:30:00Z
source: Example Wire
topics: [drone-strikes]
tags: [example]
places: [Kyiv]
summary: This is where a one- or two-sentence summary goes.
---
This is an example article. Write the body in **Markdown**: paragraphs,
lists, tables and links to other articles such as `[see](other.md)`.

## A subheading

- one point
- another point
"#;

/// What `templates/` is for, and the names a site can override.
const TEMPLATES_README: &str = "# templates/

A template here replaces the theme's template of the same name, file by file
(Tera 2). Copy the theme's version from the sitrep README or repository as a
start, and keep the names:

- `base.html`: the frame of every page
- `index.html`: the home page and its later pages
- `day.html`, `article.html`: a day's digest, one article
- `topics.html`, `topic.html`: the topic index, a topic's timeline
- `taxonomy.html`, `term.html`: the tags, places and sources indexes, one term
- `stories.html`, `story.html`: the stories index, one story across its sources
- `tracker.html`: the drone tracker
- `search.html`: the search page
- `page.html`: a standalone page from `content/pages/`
- `archive.html`, `404.html`
- `feed.xml`, `sitemap.xml`, `robots.txt`
- `partials/entry.html`, `partials/paginator.html`, `partials/timeline.html`,
  `partials/digest.html`, `partials/in-brief.html`, `partials/day-pager.html`,
  `partials/toc.html`, `partials/rail.html` (the side column: rendered once
  for all pages unless it reads the page), `partials/topic-nav.html` (the
  masthead's topics: rendered once per section unless it reads the page),
  `partials/story-link.html` and `partials/related-link.html` (one link of
  an article's story and related lists: rendered once per entry unless it
  reads the page)

Small places meant to be filled by a site, without copying `base.html`:
`partials/masthead-line.html` (a line under the title), `partials/aside.html`
(a box in the side column) and `partials/footer-links.html` (links in every
page's footer).

Files whose name starts with a dot are ignored.
";

/// Creates a new site in `dir` (which must not exist, or be empty).
pub fn new_site(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            bail!(
                "{} already exists and is not empty; choose a new folder name",
                dir.display()
            );
        }
    }
    let article = dir.join("content/2024/11/23/example-report.md");
    let write = |path: &Path, text: &str| -> anyhow::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    write(&dir.join("site.yaml"), SITE_YAML)?;
    write(&article, EXAMPLE)?;
    write(&dir.join("templates/README.md"), TEMPLATES_README)?;
    write(
        &dir.join("static/.keep"),
        "Files here are copied to the output as they are.\n",
    )?;
    write(&dir.join(".gitignore"), "/public\n/.public.*\n")?;
    Ok(())
}

#[cfg(test)]
mod readme_tests {
    use super::TEMPLATES_README;
    use crate::render::templates::DEFAULT_TEMPLATES;

    /// The README `sitrep new` writes into `templates/` names every
    /// template the built-in theme has, so an editor can find each one.
    #[test]
    fn the_templates_readme_names_every_builtin_template() {
        for (name, _) in DEFAULT_TEMPLATES {
            assert!(
                TEMPLATES_README.contains(&format!("`{name}`")),
                "templates/README.md does not name {name}"
            );
        }
    }
}
