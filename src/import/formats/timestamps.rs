//! Live blogs whose posts are separated by Unix time stamps, each post a
//! headline, paragraphs, and a byline where the name runs into a UK local
//! date and time ("Jane Doe2 November 2024 16:20"). Recognised here from the
//! lines' roles; cut by the segmenter's stamp boundary (the `timestamps`
//! preset, [`crate::import::segment::Boundary::Stamp`]).

use super::Score;
use crate::import::dates::Stamp;
use crate::import::roles::Role;
use crate::import::segment::Reading;

/// Scores the text: Unix-time lines and name-and-date bylines.
pub(crate) fn score(reading: &Reading<'_>) -> Score {
    let exact = |role: Role| {
        reading
            .roles
            .iter()
            .filter(|r| r.role == role && matches!(r.stamp, Some(Stamp::At(_))))
            .count()
    };
    // Only a Unix time gives a stamp line an instant with no date read.
    let unix = reading
        .roles
        .iter()
        .filter(|r| r.role == Role::Stamp && r.found.is_none() && r.stamp.is_some())
        .count();
    let bylines = exact(Role::Byline);
    let s = 0.55 * (unix as f64 / 2.0).min(1.0) + 0.45 * (bylines as f64 / 2.0).min(1.0);
    Score::new(
        if unix == 0 { s.min(0.3) } else { s },
        vec![
            format!("{unix} Unix-time lines"),
            format!("{bylines} name-and-date bylines"),
        ],
    )
}
