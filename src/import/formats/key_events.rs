//! A bulleted "key events" list under section headings: each bullet is a
//! brief of its own, tagged with its section; text before the list is the
//! lead section.

use super::{Score, preamble};
use crate::import::body;
use crate::import::clean::Noise;
use crate::import::draft::{Block, Draft, Split};
use crate::import::text::{self, Line};

fn is_key_events(line: &str) -> bool {
    let t = line.trim().trim_end_matches(':').trim();
    // Lower case is at least a third of the bytes: longer lines cannot match.
    t.len() <= 3 * "key developments".len()
        && matches!(
            t.to_lowercase().as_str(),
            "key events" | "key developments" | "key points" | "what we know"
        )
}

/// A section heading: a short line that is not a sentence.
fn is_section(line: &str) -> bool {
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

/// One entry per bullet, tagged with its section heading.
pub(crate) fn split(lines: &[Line<'_>]) -> Split {
    let mut split = Split::default();
    let key = lines
        .iter()
        .position(|l| is_key_events(l.text))
        .unwrap_or(lines.len());
    let lead = preamble(&lines[..key], &mut split);
    split.drafts.push(lead);
    let mut section: Option<String> = None;
    for line in lines.iter().skip(key) {
        if is_key_events(line.text) {
            split.drop_line(line, Noise::Navigation);
        } else if let Some(item) = body::bullet_item(line.text) {
            let mut draft = Draft::new(split.drafts.len(), line.no);
            draft.blocks.push(Block::Para(item.to_string()));
            // The heading as a reader would write it ("Air defence" gives the
            // tag "air defence", shown so; its page is still /tags/air-defence/).
            draft.tags.extend(section.iter().map(|s| s.to_lowercase()));
            split.drafts.push(draft);
        } else if is_section(line.text) {
            section = Some(line.text.trim_end_matches(':').to_string());
            split.drop_line(line, Noise::Header);
        } else if let Some(last) = split.drafts.last_mut() {
            // A paragraph under a bullet continues that brief (or the lead).
            let mut extra = Split::default();
            body::build(&[*line], last, &mut extra);
            split.dropped.extend(extra.dropped);
        }
    }
    split
}
