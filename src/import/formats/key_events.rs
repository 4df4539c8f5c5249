//! A bulleted "key events" list under section headings: each bullet is a
//! brief of its own, tagged with its section; text before the list is the
//! lead section. Recognised here; cut by the segmenter's key-event boundary
//! (the `key-events` preset, [`crate::import::segment::Boundary::KeyEvent`]),
//! which reads the list's headings with [`is_key_events`] and [`is_section`].

use super::Score;
use crate::import::body;
use crate::import::text::{self, Line};

/// What a list of the day's events is called ("Key events").
pub(crate) const LIST_NAMES: &[&str] = &[
    "key events",
    "key developments",
    "key points",
    "what we know",
];

pub(crate) fn is_key_events(line: &str) -> bool {
    let t = line.trim().trim_end_matches(':').trim();
    // Lower case is at least a third of the bytes: longer lines cannot match.
    t.len() <= 3 * "key developments".len() && LIST_NAMES.contains(&t.to_lowercase().as_str())
}

/// A section heading: a short line that is not a sentence.
pub(crate) fn is_section(line: &str) -> bool {
    let first = line.chars().next().unwrap_or(' ');
    text::word_count(line) <= 8
        && first.is_uppercase()
        && !text::is_prose(line)
        && !line.ends_with(',')
}

/// Scores a "Key events" line and the bullets under it.
pub(crate) fn score(lines: &[Line<'_>]) -> Score {
    let key = lines.iter().position(|l| is_key_events(l.text));
    let bullets = key.map_or(0, |k| {
        lines[k..]
            .iter()
            .filter(|l| body::bullet_item(l.text).is_some())
            .count()
    });
    let s = if key.is_some() { 0.45 } else { 0.0 } + 0.5 * (bullets as f64 / 4.0).min(1.0);
    Score::new(
        if key.is_some() { s } else { s.min(0.2) },
        vec![
            format!(
                "\"Key events\" line: {}",
                if key.is_some() { "yes" } else { "no" }
            ),
            format!("{bullets} bullets after it"),
        ],
    )
}
