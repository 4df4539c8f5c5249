//! Live blogs whose posts start with a time of day: "UPDATE 1303 GMT:"
//! markers with an "ORIGINAL ENTRY:" at the bottom, and posts stamped
//! "12:14 , Author" followed by a headline. Recognised here from the lines'
//! roles; both are cut by the segmenter's marker boundary (the `updates` and
//! `stamped` presets, [`crate::import::segment::Boundary::Marker`]).

use super::Score;
use crate::import::roles::{Assigned, Role};
use crate::import::segment::Reading;

/// The markers of `reading` that pass `test`.
fn markers(reading: &Reading<'_>, test: impl Fn(&Assigned) -> bool) -> usize {
    reading
        .roles
        .iter()
        .filter(|r| r.role == Role::Marker && test(r))
        .count()
}

/// Scores "UPDATE hhmm GMT:" markers and an "ORIGINAL ENTRY:".
pub(crate) fn score_updates(reading: &Reading<'_>) -> Score {
    // A "hh:mm , Author" marker names its author; an update marker does not.
    let updates = markers(reading, |r| r.key.is_none() && r.stamp.is_some());
    let original = markers(reading, |r| r.key.is_none() && r.stamp.is_none()) > 0;
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

/// Scores "12:14 , Author" stamp lines.
pub(crate) fn score_stamped(reading: &Reading<'_>) -> Score {
    let stamps = markers(reading, |r| r.key.is_some());
    Score::new(
        0.95 * (stamps as f64 / 2.0).min(1.0),
        vec![format!("{stamps} \"hh:mm , Author\" stamp lines")],
    )
}
