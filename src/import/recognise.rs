//! Recognising a file's format from its text (never from its name): every
//! recogniser scores the text, the highest score wins, and `--explain`
//! prints all the scores with their reasons.

use crate::import::draft::Split;
use crate::import::formats::{Score, article, briefs, headlines, key_events, timestamps, updates};
use crate::import::segment;
use crate::import::text::Line;

/// The input formats sitrep can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Live blog: posts separated by Unix time stamps, name-and-date bylines.
    Timestamps,
    /// Live blog: "UPDATE 1303 GMT:" markers and an "ORIGINAL ENTRY:".
    Updates,
    /// Live blog: posts stamped "12:14 , Author".
    Stamped,
    /// Briefs separated by "Read More" or ending in "… Continue reading".
    Briefs,
    /// A bulleted "key events" list under section headings.
    KeyEvents,
    /// An assessment with a "Key Takeaways:" list.
    Assessment,
    /// An article opening with a dateline ("KYIV --").
    Dateline,
    /// Any layout: the role pattern that repeats most regularly cuts it.
    Segments,
    /// Live blog: headline lines with paragraphs, a "Source: domain" footer.
    Headlines,
    /// A single article.
    Article,
}

impl Format {
    /// Every format, most specific first (ties go to the earlier one).
    pub const ALL: [Format; 10] = [
        Format::Timestamps,
        Format::Updates,
        Format::Stamped,
        Format::Briefs,
        Format::KeyEvents,
        Format::Assessment,
        Format::Dateline,
        Format::Segments,
        Format::Headlines,
        Format::Article,
    ];

    /// The name used by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Timestamps => "timestamps",
            Format::Updates => "updates",
            Format::Stamped => "stamped",
            Format::Briefs => "briefs",
            Format::KeyEvents => "key-events",
            Format::Assessment => "assessment",
            Format::Dateline => "dateline",
            Format::Segments => "segments",
            Format::Headlines => "headlines",
            Format::Article => "article",
        }
    }

    /// The format named `name` (as printed by [`Format::name`]).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Every format's name, for messages.
    pub fn names() -> String {
        Format::ALL.map(Format::name).join(", ")
    }

    /// Scores `lines` as this format.
    pub fn score(self, lines: &[Line<'_>]) -> Score {
        match self {
            Format::Timestamps => timestamps::score(lines),
            Format::Updates => updates::score_updates(lines),
            Format::Stamped => updates::score_stamped(lines),
            Format::Briefs => briefs::score(lines),
            Format::KeyEvents => key_events::score(lines),
            Format::Assessment => article::score_assessment(lines),
            Format::Dateline => article::score_dateline(lines),
            Format::Segments => segment::score(lines),
            Format::Headlines => headlines::score(lines),
            Format::Article => article::score_article(lines),
        }
    }

    /// Cuts `lines` into entries the way this format lays them out.
    pub fn split(self, lines: &[Line<'_>]) -> Split {
        match self {
            Format::Timestamps => timestamps::split(lines),
            Format::Updates => updates::split_updates(lines),
            Format::Stamped => updates::split_stamped(lines),
            Format::Briefs => segment::preset(lines, &segment::Boundary::Separator),
            Format::KeyEvents => key_events::split(lines),
            Format::Segments => segment::split(lines),
            Format::Headlines => headlines::split(lines),
            Format::Dateline | Format::Article => segment::whole(lines),
            Format::Assessment => article::split(lines),
        }
    }
}

/// Every format's score for `lines`, in [`Format::ALL`] order. The general
/// segmenter is scored last and only when no preset already scores above
/// its highest score (it reads every line's role, which costs more).
pub fn scores(lines: &[Line<'_>]) -> Vec<(Format, Score)> {
    let mut out: Vec<(Format, Score)> = Format::ALL
        .into_iter()
        .map(|f| {
            let s = if f == Format::Segments {
                Score::new(0.0, Vec::new())
            } else {
                f.score(lines)
            };
            (f, s)
        })
        .collect();
    let best_preset = out.iter().map(|(_, s)| s.score).fold(0.0, f64::max);
    if let Some((_, s)) = out.iter_mut().find(|(f, _)| *f == Format::Segments) {
        *s = if best_preset < segment::BEST {
            Format::Segments.score(lines)
        } else {
            Score::new(
                0.0,
                vec![format!("not needed: a preset scores {best_preset:.2}")],
            )
        };
    }
    out
}

/// The best-scoring format (the earliest on a tie; `Article` scores at
/// least 0.25, so something always wins).
pub fn best(scores: &[(Format, Score)]) -> Format {
    let mut best = (Format::Article, f64::MIN);
    for (f, s) in scores {
        if s.score > best.1 {
            best = (*f, s.score);
        }
    }
    best.0
}
