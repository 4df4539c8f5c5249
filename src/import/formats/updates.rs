//! Live blogs whose posts start with a time of day: "UPDATE 1303 GMT:"
//! markers with an "ORIGINAL ENTRY:" at the bottom, and posts stamped
//! "12:14 , Author" followed by a headline.

use super::{Layout, Marker, Score, split_on_markers};
use crate::import::dates::{self, Stamp};
use crate::import::draft::Split;
use crate::import::text::Line;

/// Scores "UPDATE hhmm GMT:" markers and an "ORIGINAL ENTRY:".
pub(crate) fn score_updates(lines: &[Line<'_>]) -> Score {
    let updates = lines
        .iter()
        .filter(|l| matches!(dates::update_marker(l.text), Some((Some(_), _))))
        .count();
    let original = lines
        .iter()
        .any(|l| matches!(dates::update_marker(l.text), Some((None, _))));
    let s = 0.8 * (updates as f64 / 2.0).min(1.0) + if original { 0.2 } else { 0.0 };
    Score::new(
        s,
        vec![
            format!("{updates} \"UPDATE hhmm GMT:\" markers"),
            format!(
                "original entry marker: {}",
                if original { "yes" } else { "no" }
            ),
        ],
    )
}

fn update(line: &str) -> Option<Marker<'_>> {
    dates::update_marker(line).map(|(stamp, rest)| Marker {
        stamp,
        author: None,
        rest,
    })
}

/// Splits at each "UPDATE …:" or "ORIGINAL ENTRY:" marker.
pub(crate) fn split_updates(lines: &[Line<'_>]) -> Split {
    split_on_markers(
        lines,
        &Layout {
            marker: &update,
            headline_first: false,
        },
    )
}

/// Scores "12:14 , Author" stamp lines.
pub(crate) fn score_stamped(lines: &[Line<'_>]) -> Score {
    let stamps = lines
        .iter()
        .filter(|l| dates::stamped_line(l.text).is_some())
        .count();
    Score::new(
        0.95 * (stamps as f64 / 2.0).min(1.0),
        vec![format!("{stamps} \"hh:mm , Author\" stamp lines")],
    )
}

fn stamped(line: &str) -> Option<Marker<'_>> {
    dates::stamped_line(line).map(|(minutes, author)| Marker {
        stamp: Some(Stamp::TimeOfDay {
            minutes,
            offset: None,
        }),
        author: Some(author),
        rest: "",
    })
}

/// Splits at each "hh:mm , Author" stamp; the next line is the headline.
pub(crate) fn split_stamped(lines: &[Line<'_>]) -> Split {
    split_on_markers(
        lines,
        &Layout {
            marker: &stamped,
            headline_first: true,
        },
    )
}
