//! The URL path segments a page's front matter makes: its slug, its tags,
//! places and source, and its story id. Each must be non-empty and short
//! enough for any file system (most allow 255 bytes a name), so `check`
//! finds what `build` could not write.

use std::path::Path;

use crate::diag::Diagnostic;

use super::frontmatter::key_line;

/// The longest path segment (in bytes) a slug, term or story id may make.
pub const MAX_SEGMENT_BYTES: usize = 120;

/// Where a front matter value was written, for messages.
pub(crate) struct Origin<'a> {
    /// The file, as shown in messages.
    pub file: &'a Path,
    /// The front matter's YAML.
    pub yaml: &'a str,
    /// The file line the YAML starts on.
    pub first_line: usize,
}

impl Origin<'_> {
    /// The line of `value` under the top-level `key` (its own line in a block
    /// list), else the key's line.
    pub(crate) fn line_of(&self, key: &str, value: &str) -> Option<usize> {
        let at = key_line(self.yaml, key, self.first_line)?;
        let own = self
            .yaml
            .lines()
            .skip(at - self.first_line)
            .enumerate()
            .take_while(|(i, l)| *i == 0 || l.starts_with([' ', '\t', '-']))
            .find(|(_, l)| l.contains(value))
            .map(|(i, _)| at + i);
        own.or(Some(at))
    }
}

/// The URL slug of `name`, written under front matter `key` (`tags`,
/// `places`, `source`, `story`, `slug`): an error when it is empty or longer
/// than [`MAX_SEGMENT_BYTES`].
pub(crate) fn slug_of(name: &str, key: &str, origin: &Origin<'_>) -> Result<String, Diagnostic> {
    let slug = slug::slugify(name);
    let what = match key {
        "tags" => "the tag",
        "places" => "the place",
        "slug" => "the slug",
        "story" => "the story id",
        _ => "the source",
    };
    let at = || origin.line_of(key, name);
    if slug.is_empty() {
        return Err(Diagnostic::new(
            origin.file,
            format!("{what} `{name}` makes an empty URL segment"),
        )
        .at(at())
        .hint("use letters or digits in it, or remove it"));
    }
    let longest = slug.len().max(if key == "story" { name.len() } else { 0 });
    if longest > MAX_SEGMENT_BYTES {
        return Err(Diagnostic::new(
            origin.file,
            format!(
                "{what} `{}…` makes a URL segment of {longest} bytes; at most {MAX_SEGMENT_BYTES} are allowed",
                name.chars().take(40).collect::<String>()
            ),
        )
        .at(at())
        .hint("shorten it"));
    }
    Ok(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_on_their_own_line() {
        let yaml = "title: T\ntags:\n  - kyiv\n  - '!!!'\nplaces: [Odesa]\n";
        let origin = Origin {
            file: Path::new("a.md"),
            yaml,
            first_line: 2,
        };
        assert_eq!(origin.line_of("tags", "!!!"), Some(5));
        assert_eq!(origin.line_of("places", "Odesa"), Some(6));
        let err = slug_of("!!!", "tags", &origin).unwrap_err();
        assert_eq!(err.line, Some(5));
        assert!(err.message.contains("empty"), "{err}");
        let long = "x".repeat(MAX_SEGMENT_BYTES + 1);
        assert!(slug_of(&long, "places", &origin).is_err());
        assert_eq!(slug_of("Odesa", "places", &origin).unwrap(), "odesa");
    }
}
