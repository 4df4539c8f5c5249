//! Live blogs whose posts are separated by Unix time stamps, each post a
//! headline, paragraphs, and a byline where the name runs into a UK local
//! date and time ("Jane Doe2 November 2024 16:20").

use super::{Layout, Marker, Score, split_on_markers};
use crate::import::dates::{self, Stamp};
use crate::import::draft::Split;
use crate::import::text::Line;

/// Scores the text: Unix-time lines and name-and-date bylines.
pub(crate) fn score(lines: &[Line<'_>]) -> Score {
    let unix = lines
        .iter()
        .filter(|l| dates::unix_line(l.text).is_some())
        .count();
    let bylines = lines
        .iter()
        .filter(|l| dates::byline_time(l.text).is_some())
        .count();
    let s = 0.55 * (unix as f64 / 2.0).min(1.0) + 0.45 * (bylines as f64 / 2.0).min(1.0);
    Score::new(
        if unix == 0 { s.min(0.3) } else { s },
        vec![
            format!("{unix} Unix-time lines"),
            format!("{bylines} name-and-date bylines"),
        ],
    )
}

fn marker(line: &str) -> Option<Marker<'_>> {
    dates::unix_line(line).map(|t| Marker {
        stamp: Some(Stamp::At(t)),
        ..Marker::default()
    })
}

/// Splits into a lead section and one entry per time-stamped post.
pub(crate) fn split(lines: &[Line<'_>]) -> Split {
    split_on_markers(
        lines,
        &Layout {
            marker: &marker,
            headline_first: true,
        },
    )
}
