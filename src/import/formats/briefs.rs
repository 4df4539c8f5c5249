//! Lists of briefs: each brief is one or more paragraphs ending with a
//! "Read More" line or with "… Continue reading" at the end of its last line.
//! Recognised here; cut by the segmenter's separator boundary (the
//! `briefs` preset, [`crate::import::segment::Boundary::Separator`]).

use super::Score;
use crate::import::clean;
use crate::import::text::Line;

/// True for a "Read More" line.
pub(crate) fn is_read_more(line: &str) -> bool {
    line.trim()
        .trim_end_matches(['.', '›', '»', '>'])
        .trim()
        .eq_ignore_ascii_case("read more")
}

/// Scores "Read More" lines and "… Continue reading" endings.
pub(crate) fn score(lines: &[Line<'_>]) -> Score {
    let read_more = lines.iter().filter(|l| is_read_more(l.text)).count();
    let continued = lines
        .iter()
        .filter(|l| clean::strip_continue_reading(l.text).is_some())
        .count();
    let n = read_more + continued;
    Score::new(
        0.9 * (n as f64 / 3.0).min(1.0),
        vec![
            format!("{read_more} \"Read More\" lines"),
            format!("{continued} lines ending in \"Continue reading\""),
        ],
    )
}
