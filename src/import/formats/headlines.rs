//! Live blogs of headline lines, each followed by its paragraphs, with a
//! "Source: domain" footer. A headline line not followed by prose is a
//! teaser of another article; a headline shown twice in a row is a teaser
//! card, and the paragraph under it is its standfirst.

use super::Score;
use crate::import::body;
use crate::import::clean::{self, Noise};
use crate::import::draft::{Draft, Split};
use crate::import::text::{self, Line};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Noise,
    Headline,
    Prose,
}

fn kind(line: &str) -> Kind {
    if clean::classify(line).is_some() || clean::source_line(line).is_some() {
        Kind::Noise
    } else if text::is_headline_like(line) && (!text::is_prose(line) || is_question_headline(line))
    {
        Kind::Headline
    } else {
        Kind::Prose
    }
}

/// A short question on a line of its own is a headline ("What will it cost?").
fn is_question_headline(line: &str) -> bool {
    line.ends_with('?')
        && text::first_sentence_len(line) == line.len()
        && text::word_count(line) <= 20
}

/// Indices of the headlines that start a post: a headline line whose next
/// line is prose.
fn post_starts(lines: &[Line<'_>], kinds: &[Kind]) -> Vec<usize> {
    post_starts_by(lines, |i| kinds[i])
}

/// [`post_starts`] with kinds worked out on demand: scoring every file as
/// this format only needs the kinds of headline-like lines and the lines
/// after them.
fn post_starts_by(lines: &[Line<'_>], kind_of: impl Fn(usize) -> Kind) -> Vec<usize> {
    (0..lines.len())
        .filter(|&i| text::is_headline_like(lines[i].text))
        .filter(|&i| {
            kind_of(i) == Kind::Headline && i + 1 < lines.len() && kind_of(i + 1) == Kind::Prose
        })
        .filter(|&i| i == 0 || lines[i - 1].text != lines[i].text)
        .collect()
}

#[cfg(test)]
fn post_starts_eager(lines: &[Line<'_>], kinds: &[Kind]) -> Vec<usize> {
    (0..lines.len())
        .filter(|&i| kinds[i] == Kind::Headline && kinds.get(i + 1) == Some(&Kind::Prose))
        .filter(|&i| i == 0 || lines[i - 1].text != lines[i].text)
        .collect()
}

/// Scores a "Source:" footer and headline-then-prose pairs.
pub(crate) fn score(lines: &[Line<'_>]) -> Score {
    let posts = post_starts_by(lines, |i| kind(lines[i].text)).len();
    let footer = lines
        .iter()
        .rev()
        .take(3)
        .any(|l| clean::source_line(l.text).is_some());
    let s = if footer { 0.4 } else { 0.0 } + 0.5 * (posts as f64 / 4.0).min(1.0);
    Score::new(
        s,
        vec![
            format!("{posts} headline lines followed by paragraphs"),
            format!("\"Source:\" footer: {}", if footer { "yes" } else { "no" }),
        ],
    )
}

/// Splits into a lead section and one entry per headlined post.
pub(crate) fn split(lines: &[Line<'_>]) -> Split {
    let mut split = Split::default();
    let kinds: Vec<Kind> = lines.iter().map(|l| kind(l.text)).collect();
    let starts = post_starts(lines, &kinds);
    let mut keep = vec![true; lines.len()];
    // Teaser cards: a headline repeated on the next line, then its standfirst.
    for i in 1..lines.len() {
        if kinds[i] == Kind::Headline && lines[i].text == lines[i - 1].text {
            keep[i - 1] = false;
            keep[i] = false;
            if kinds.get(i + 1) == Some(&Kind::Prose) {
                keep[i + 1] = false;
            }
        }
    }
    for (i, line) in lines.iter().enumerate() {
        if let Some(source) = clean::source_line(line.text) {
            split.source.get_or_insert(source);
            split.drop_line(line, Noise::Source);
            keep[i] = false;
        } else if !keep[i] || (kinds[i] == Kind::Headline && !starts.contains(&i)) {
            split.drop_line(line, Noise::Teaser);
            keep[i] = false;
        }
    }
    let body_of = |from: usize, to: usize| -> Vec<Line<'_>> {
        (from..to).filter(|&i| keep[i]).map(|i| lines[i]).collect()
    };
    let first = starts.first().copied().unwrap_or(lines.len());
    let mut lead = Draft::new(0, lines.first().map_or(1, |l| l.no));
    body::build(&body_of(0, first), &mut lead, &mut split);
    split.drafts.push(lead);
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let mut draft = Draft::new(n + 1, lines[start].no);
        draft.headline = Some(lines[start].text.to_string());
        body::build(&body_of(start + 1, end), &mut draft, &mut split);
        split.drafts.push(draft);
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_and_eager_post_starts_agree() {
        let text = "Lead line of prose here.\nA headline line\nIts paragraph.\nTeaser one\nTeaser two\nSecond headline\nMore prose.\nSecond headline\nSecond headline\nStandfirst.\n";
        let lines = text::lines(text);
        let kinds: Vec<Kind> = lines.iter().map(|l| kind(l.text)).collect();
        assert_eq!(
            post_starts(&lines, &kinds),
            post_starts_eager(&lines, &kinds)
        );
        assert_eq!(post_starts(&lines, &kinds), vec![1, 5]);
    }
}
