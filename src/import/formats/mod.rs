//! The input formats: one recogniser and one splitter per family. A
//! recogniser scores the text (0 to 1) and says why; the splitter cuts the
//! text into [`Draft`]s. Live-blog families that start each post with a
//! marker share [`split_on_markers`].

pub(crate) mod article;
pub(crate) mod briefs;
pub(crate) mod headlines;
pub(crate) mod key_events;
pub(crate) mod timestamps;
pub(crate) mod updates;

use crate::import::body;
use crate::import::clean::{self, Noise};
use crate::import::dates::{self, Stamp};
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

/// What starts a post in a marker-based live blog.
#[derive(Debug, Clone, Default)]
pub(crate) struct Marker<'a> {
    /// The post's own time stamp.
    pub stamp: Option<Stamp>,
    /// The author the marker names.
    pub author: Option<String>,
    /// Text after the marker on the same line (the post's first paragraph).
    pub rest: &'a str,
}

/// How a marker-based blog lays out each post.
pub(crate) struct Layout<'f> {
    /// Recognises a line that starts a post.
    pub marker: &'f dyn Fn(&str) -> Option<Marker<'_>>,
    /// True when the line after the marker is the post's headline.
    pub headline_first: bool,
}

/// Splits a live blog whose posts each start with a marker line. Lines
/// before the first marker are the lead section (entry 0).
pub(crate) fn split_on_markers(lines: &[Line<'_>], layout: &Layout<'_>) -> Split {
    let mut split = Split::default();
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| (layout.marker)(l.text).is_some())
        .map(|(i, _)| i)
        .collect();
    let first = starts.first().copied().unwrap_or(lines.len());
    let lead = preamble(&lines[..first], &mut split);
    split.drafts.push(lead);
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let marker_line = &lines[start];
        let Some(marker) = (layout.marker)(marker_line.text) else {
            continue;
        };
        let mut draft = Draft::new(n + 1, marker_line.no);
        draft.stamp = marker.stamp;
        draft.author = marker.author;
        let mut body: Vec<Line<'_>> = Vec::new();
        if !marker.rest.trim().is_empty() {
            body.push(Line {
                no: marker_line.no,
                text: marker.rest.trim(),
            });
        } else {
            split.drop_line(marker_line, Noise::Stamp);
        }
        let mut rest = &lines[start + 1..end];
        if layout.headline_first
            && let Some(h) = rest.first()
            && text::is_headline_like(h.text)
            && clean::classify(h.text).is_none()
        {
            draft.headline = Some(h.text.to_string());
            rest = &rest[1..];
        }
        for line in rest {
            if let Some((name, at)) = dates::byline_time(line.text) {
                draft.author.get_or_insert(name);
                // The byline's time is the one the reader sees.
                draft.stamp = Some(Stamp::At(at));
                split.drop_line(line, Noise::Byline);
            } else {
                body.push(*line);
            }
        }
        body::build(&body, &mut draft, &mut split);
        split.drafts.push(draft);
    }
    split
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
            && clean::classify(line.text).is_none()
        {
            lead.headline = Some(line.text.to_string());
            split.drop_line(line, Noise::Header);
        } else if line.text.ends_with(':') && prose_follows {
            body.push(*line);
        } else if let Some(noise) = clean::classify(line.text) {
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
