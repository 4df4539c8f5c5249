//! Every path rule of a site in one place: the names of a site's folders and
//! the URL path of each kind of page. Content, the site model, rendering,
//! import, publish and serve all ask here, so a day's folder in `content/`
//! and its page in `public/` can never disagree.
//!
//! URL paths are relative to the site root, end in `/` and carry no leading
//! `/` (`2024/11/02/`, `topics/drone-strikes/`); the base URL is added when a
//! page is rendered.

use std::path::PathBuf;

use jiff::civil::Date;

/// The folder of a site's articles (Markdown with front matter).
pub(crate) const CONTENT_DIR: &str = "content";
/// The folder of a site's own templates, which override the theme's.
pub(crate) const TEMPLATES_DIR: &str = "templates";
/// The folder of files copied to the output as they are.
pub(crate) const STATIC_DIR: &str = "static";
/// The folder of themes; a theme has its own `templates/` and `static/`.
pub(crate) const THEMES_DIR: &str = "themes";
/// The folders a site is made of, which an output folder may never be in
/// or contain, and which `sitrep serve` watches.
pub(crate) const SITE_FOLDERS: [&str; 4] = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, THEMES_DIR];

/// URL path of the topics index.
pub(crate) const TOPICS: &str = "topics/";
/// URL path of the archive.
pub(crate) const ARCHIVE: &str = "archive/";
/// URL path of the stories index.
pub(crate) const STORIES: &str = "stories/";
/// URL path of the drone tracker.
pub(crate) const TRACKER: &str = "trackers/drones/";
/// URL path of the search page.
pub(crate) const SEARCH: &str = "search/";

/// `YYYY/MM/DD`: a day's folder under `content/` and its URL path (without
/// the trailing `/`).
fn ymd(d: Date) -> String {
    let mut s = String::with_capacity(10);
    push_ymd(&mut s, d);
    s
}

/// Appends [`ymd`] of `d` to `s`. Digit by digit: every article's path
/// is made again on each added or removed article (and every day's on
/// each render of the sitemap), where `format!` cost more than the rest.
fn push_ymd(s: &mut String, d: Date) {
    let two = |s: &mut String, n: i8| {
        s.push(char::from(b'0' + (n / 10) as u8));
        s.push(char::from(b'0' + (n % 10) as u8));
    };
    match u16::try_from(d.year()) {
        Ok(y) => {
            for div in [1000, 100, 10, 1] {
                s.push(char::from(b'0' + (y / div % 10) as u8));
            }
        }
        // Years before 0 (jiff's range is -9999..=9999) as `format!` pads them.
        Err(_) => {
            use std::fmt::Write as _;
            let _ = write!(s, "{:04}", d.year());
        }
    }
    s.push('/');
    two(s, d.month());
    s.push('/');
    two(s, d.day());
}

/// URL path of a day page, `YYYY/MM/DD/`.
pub(crate) fn day(d: Date) -> String {
    let mut s = String::with_capacity(11);
    push_ymd(&mut s, d);
    s.push('/');
    s
}

/// URL path of an article, `YYYY/MM/DD/SLUG/`.
pub(crate) fn article(d: Date, slug: &str) -> String {
    let mut s = String::with_capacity(12 + slug.len());
    push_ymd(&mut s, d);
    s.push('/');
    s.push_str(slug);
    s.push('/');
    s
}

/// Folder under `content/` where the importer writes a day's entries,
/// `YYYY/MM/DD`, so that each file's URL is [`article`] of its day.
pub(crate) fn content_folder(d: Date) -> PathBuf {
    PathBuf::from(ymd(d))
}

/// URL path of a topic page, `topics/SLUG/`.
pub(crate) fn topic(slug: &str) -> String {
    format!("{TOPICS}{slug}/")
}

/// URL path of a tag, place or source page: `SEGMENT/SLUG/`, where the
/// segment is `tags`, `places` or `sources`.
pub(crate) fn term(segment: &str, slug: &str) -> String {
    format!("{segment}/{slug}/")
}

/// URL path of a story page, `stories/ID/`.
pub(crate) fn story(id: &str) -> String {
    format!("{STORIES}{id}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written digit by digit, a day is what `format!` pads it to.
    #[test]
    fn day_paths_are_padded_as_format_pads_them() {
        for (y, m, d) in [
            (2025, 1, 7),
            (999, 12, 31),
            (7, 2, 28),
            (0, 1, 1),
            (-5, 3, 9),
        ] {
            let date = jiff::civil::date(y, m, d);
            let padded = format!("{y:04}/{m:02}/{d:02}");
            assert_eq!(ymd(date), padded);
            assert_eq!(day(date), format!("{padded}/"));
            assert_eq!(article(date, "a-b"), format!("{padded}/a-b/"));
        }
    }

    #[test]
    fn a_days_folder_and_its_pages_agree() {
        let d = jiff::civil::date(2025, 1, 7);
        assert_eq!(day(d), "2025/01/07/");
        assert_eq!(article(d, "kyiv"), "2025/01/07/kyiv/");
        assert_eq!(
            content_folder(d).join("kyiv.md"),
            PathBuf::from("2025/01/07/kyiv.md")
        );
        assert!(article(d, "kyiv").starts_with(&day(d)));
    }

    #[test]
    fn list_pages_sit_under_their_index() {
        assert_eq!(topic("drone-strikes"), "topics/drone-strikes/");
        assert_eq!(story("estlink-2"), "stories/estlink-2/");
        assert_eq!(term("tags", "kyiv"), "tags/kyiv/");
        assert!(topic("x").starts_with(TOPICS) && story("x").starts_with(STORIES));
    }
}
