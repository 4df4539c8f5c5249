//! Entries as cut from the raw text, before dates, topics and figures are
//! worked out: the common shape every format's splitter produces.

use crate::import::clean::Noise;
use crate::import::dates::Stamp;

/// A block of an entry's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph of prose.
    Para(String),
    /// A short heading line inside a post.
    Heading(String),
    /// A quoted post, tweet or statement, with its attribution line if any.
    Quote {
        /// The quoted lines, one paragraph each.
        lines: Vec<String>,
        /// "— Name (@handle) date", as written.
        attribution: Option<String>,
    },
    /// A bulleted or numbered list, items without their markers.
    List(Vec<String>),
    /// A labelled paragraph ("Source: …", "Details: …"), or a bare label
    /// over what follows ("Background:"), rendered with the label in bold.
    Labelled {
        /// The label, without its colon.
        label: String,
        /// The paragraph's text after the label; empty for a bare label.
        text: String,
    },
}

impl Block {
    /// The block's text lines (for matching, shingles and dedupe).
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Block::Para(t) | Block::Heading(t) => vec![t.as_str()],
            Block::Quote { lines, attribution } => lines
                .iter()
                .map(String::as_str)
                .chain(attribution.as_deref())
                .collect(),
            Block::List(items) => items.iter().map(String::as_str).collect(),
            Block::Labelled { text, .. } if text.is_empty() => Vec::new(),
            Block::Labelled { text, .. } => vec![text.as_str()],
        }
    }

    /// True for a block that opens a section recalling earlier events
    /// ("Background:", "Context", "Previously"): what follows it is the
    /// story so far, not what the entry reports.
    pub fn opens_context(&self) -> bool {
        let label = match self {
            Block::Heading(t) => t.as_str(),
            Block::Labelled { label, .. } => label.as_str(),
            _ => return false,
        };
        let label = label
            .trim()
            .trim_end_matches([':', '.'])
            .trim()
            .to_lowercase();
        CONTEXT_LABELS.contains(&label.as_str())
    }
}

/// Headings and labels over the story so far rather than the news.
const CONTEXT_LABELS: &[&str] = &[
    "background",
    "context",
    "previously",
    "earlier",
    "recap",
    "related",
    "read also",
    "see also",
    "the story so far",
];

/// One entry cut from a file: a post, a brief, a lead section or a whole article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// Position in the file: 0 is the lead section (before the first post),
    /// posts count from 1 in file order. Used as `origin.entry`.
    pub index: usize,
    /// 1-based line the entry starts on.
    pub line: usize,
    /// The post's own headline, if it has one.
    pub headline: Option<String>,
    /// The byline's name.
    pub author: Option<String>,
    /// The address of the original report ("Link: https://…"), if given.
    pub url: Option<String>,
    /// The entry's own time stamp, if any.
    pub stamp: Option<Stamp>,
    /// The body.
    pub blocks: Vec<Block>,
    /// Tags the format supplies (e.g. a key-events section).
    pub tags: Vec<String>,
    /// Places the format supplies (e.g. a dateline).
    pub places: Vec<String>,
    /// Days before the page's day the entry's own age line names
    /// ("Yesterday" under an aggregator's headline), when it has no stamp.
    pub days_before: i64,
}

impl Draft {
    /// A new, empty draft starting at `line`.
    pub fn new(index: usize, line: usize) -> Draft {
        Draft {
            index,
            line,
            ..Draft::default()
        }
    }

    /// All the body's text lines, in order.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().flat_map(Block::texts)
    }

    /// The body's text lines without its context sections (a labelled
    /// "Background:" paragraph, or everything under a "Background" heading
    /// or bare label up to the next heading or label): what the entry
    /// itself reports, which is what its topics are read from. `None` when
    /// the body has no context section (then it is [`Draft::texts`]).
    pub fn reported_texts(&self) -> Option<Vec<&str>> {
        if !self.blocks.iter().any(Block::opens_context) {
            return None;
        }
        let mut out = Vec::new();
        let mut in_context = false;
        for b in &self.blocks {
            match b {
                Block::Heading(_) | Block::Labelled { .. } if b.opens_context() => {
                    // A labelled context paragraph is context on its own; a
                    // heading or bare label opens a section of it.
                    in_context = !matches!(b, Block::Labelled { text, .. } if !text.is_empty());
                }
                Block::Heading(_) => {
                    in_context = false;
                    out.extend(b.texts());
                }
                Block::Labelled { text, .. } if text.is_empty() => {
                    in_context = false;
                }
                _ if in_context => {}
                _ => out.extend(b.texts()),
            }
        }
        Some(out)
    }

    /// True when the entry has neither a headline nor body text.
    pub fn is_empty(&self) -> bool {
        self.headline.is_none() && self.blocks.is_empty()
    }
}

/// A line left out of every entry, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// 1-based line number.
    pub line: usize,
    /// Why it is not body text.
    pub noise: Noise,
    /// The line as written.
    pub text: String,
}

/// A file cut into entries by one format.
#[derive(Debug, Clone, Default)]
pub(crate) struct Split {
    /// The entries, in file order.
    pub drafts: Vec<Draft>,
    /// The outlet named by the file ("Source: …"), if any.
    pub source: Option<String>,
    /// A date in the page header, with its line: used only for entries with
    /// no stamp of their own, and only when the posts' stamps agree with it.
    pub page_date: Option<(usize, jiff::civil::Date)>,
    /// Lines that are not body text.
    pub dropped: Vec<Dropped>,
    /// How the segmenter cut the text, for `--explain`: the boundary it cut
    /// at and where, and the runner-up boundary.
    pub cut: Vec<String>,
    /// What the file's lines classified as, while the file is cut (emptied
    /// before the split is handed on: it knows lines by their address).
    pub known: crate::import::clean::Known,
}

impl Split {
    /// Records a line that is not body text.
    pub(crate) fn drop_line(&mut self, line: &crate::import::text::Line<'_>, noise: Noise) {
        self.dropped.push(Dropped {
            line: line.no,
            noise,
            text: line.text.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_sections_are_not_what_an_entry_reports() {
        let labelled = |label: &str, text: &str| Block::Labelled {
            label: label.into(),
            text: text.into(),
        };
        let mut d = Draft::new(1, 1);
        d.blocks = vec![Block::Para("The news.".into())];
        assert_eq!(d.reported_texts(), None);
        d.blocks = vec![
            Block::Para("The news.".into()),
            labelled("Background", "An old story."),
            Block::Para("More news.".into()),
            labelled("Background", ""),
            Block::List(vec!["Older still.".into()]),
            Block::Heading("Reaction".into()),
            Block::Para("A reply.".into()),
        ];
        assert_eq!(
            d.reported_texts(),
            Some(vec!["The news.", "More news.", "Reaction", "A reply."])
        );
    }
}
