//! Recognising a file's format from its text (never from its name): every
//! recogniser scores the text, the highest score wins, and `--explain`
//! prints all the scores with their reasons.

use crate::import::draft::Split;
use crate::import::formats::{Score, article, briefs, headlines, key_events, timestamps, updates};
use crate::import::segment::{self, Boundary, Reading};

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
    pub(crate) fn score(self, reading: &Reading<'_>) -> Score {
        let lines = &reading.lines;
        match self {
            Format::Timestamps => timestamps::score(reading),
            Format::Updates => updates::score_updates(reading),
            Format::Stamped => updates::score_stamped(reading),
            Format::Briefs => briefs::score(lines),
            Format::KeyEvents => key_events::score(lines),
            Format::Assessment => article::score_assessment(lines),
            Format::Dateline => article::score_dateline(lines),
            Format::Segments => segment::score(reading),
            Format::Headlines => headlines::score(lines, &reading.known),
            Format::Article => article::score_article(lines),
        }
    }

    /// Cuts `lines` into entries the way this format lays them out.
    pub(crate) fn split(self, reading: Reading<'_>) -> Split {
        match self {
            Format::Timestamps => segment::preset(reading, &Boundary::Stamp),
            Format::Updates | Format::Stamped => segment::preset(reading, &Boundary::Marker),
            Format::Briefs => segment::preset(reading, &Boundary::Separator),
            Format::KeyEvents => segment::preset(reading, &Boundary::KeyEvent),
            Format::Segments => segment::split(reading),
            Format::Headlines => segment::preset(reading, &Boundary::Headline),
            Format::Dateline | Format::Article => segment::whole(reading, false),
            Format::Assessment => segment::whole(reading, true),
        }
    }
}

/// Every format's score for the file `reading` holds, in [`Format::ALL`]
/// order.
pub(crate) fn scores(reading: &Reading<'_>) -> Vec<(Format, Score)> {
    Format::ALL
        .into_iter()
        .map(|f| (f, f.score(reading)))
        .collect()
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
