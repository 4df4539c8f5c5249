//! The input formats: one recogniser per family. A recogniser scores the
//! text (0 to 1) and says why; the family is a named preset of the one
//! segmenter ([`crate::import::segment`]), which cuts the text into
//! [`Draft`]s.

pub(crate) mod article;
pub(crate) mod briefs;
pub(crate) mod headlines;
pub(crate) mod key_events;
pub(crate) mod timestamps;
pub(crate) mod updates;

use crate::import::body;
use crate::import::clean::{self, Noise};
use crate::import::dates;
use crate::import::draft::{Draft, Split};
use crate::import::text::{self, Line};

/// A recogniser's verdict on a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// From 0 (not this format) to 1 (certainly this format).
    pub score: f64,
    /// What the recogniser saw, for `--explain`.
    pub reasons: Vec<String>,
}

impl Score {
    /// A score with its reasons.
    pub fn new(score: f64, reasons: Vec<String>) -> Score {
        Score {
            score: score.clamp(0.0, 1.0),
            reasons,
        }
    }
}

/// Reads the lead section before the first post: a page date and headline
/// become metadata, navigation and the teaser after it are dropped, lines
/// that are not prose (captions, credits, links) are dropped, and the prose
/// is the lead entry's body.
pub(crate) fn preamble(lines: &[Line<'_>], split: &mut Split) -> Draft {
    let mut lead = Draft::new(0, lines.first().map_or(1, |l| l.no));
    let mut body = Vec::new();
    let mut after_nav = false;
    let prose_after = text::prose_follows(lines);
    for (i, line) in lines.iter().enumerate() {
        let was_after_nav = std::mem::take(&mut after_nav);
        if split.page_date.is_none()
            && let Some(d) = dates::date_line(line.text)
        {
            split.page_date = Some((line.no, d));
            split.drop_line(line, Noise::Header);
            continue;
        }
        if let Some(source) = clean::source_line(line.text) {
            split.source.get_or_insert(source);
            split.drop_line(line, Noise::Source);
            continue;
        }
        if clean::is_navigation(line.text) {
            split.drop_line(line, Noise::Navigation);
            after_nav = true;
            continue;
        }
        if text::is_prose(line.text) || body::bullet_item(line.text).is_some() {
            body.push(*line);
            continue;
        }
        if body::is_attribution(line.text) && !body.is_empty() {
            body.push(*line);
            continue;
        }
        let prose_follows = prose_after[i];
        if was_after_nav {
            split.drop_line(line, Noise::Teaser);
        } else if lead.headline.is_none()
            && body.is_empty()
            && prose_follows
            && text::is_headline_like(line.text)
            && split.known.classify(line.text).is_none()
        {
            lead.headline = Some(line.text.to_string());
            split.drop_line(line, Noise::Header);
        } else if line.text.ends_with(':') && prose_follows {
            body.push(*line);
        } else if let Some(noise) = split.known.classify(line.text) {
            split.drop_line(line, noise);
        } else if !body.is_empty() && prose_follows && text::is_headline_like(line.text) {
            body.push(*line); // a subheading inside the lead
        } else {
            split.drop_line(line, Noise::Caption);
        }
    }
    body::build(&body, &mut lead, split);
    if lead.blocks.is_empty() {
        // A page headline with no lead text under it is the page's, not an entry's.
        lead.headline = None;
    }
    lead
}
