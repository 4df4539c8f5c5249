//! Live blogs of headline lines, each followed by its paragraphs, with a
//! "Source: domain" footer. A headline line not followed by prose is a
//! teaser of another article; a headline shown twice in a row is a teaser
//! card, and the paragraph under it is its standfirst. Recognised here; cut
//! by the segmenter's headline boundary (the `headlines` preset,
//! [`crate::import::segment::Boundary::Headline`]).

use super::Score;
use crate::import::clean;
use crate::import::text::{self, Line};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Noise,
    Headline,
    Prose,
}

fn kind(line: &str, known: &clean::Known) -> Kind {
    if known.classify(line).is_some() || clean::source_line(line).is_some() {
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

/// Indices of the headlines that start a post (a headline line whose next
/// line is prose), with kinds worked out on demand: scoring every file as
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

/// Scores a "Source:" footer and headline-then-prose pairs.
pub(crate) fn score(lines: &[Line<'_>], known: &clean::Known) -> Score {
    let starts = post_starts_by(lines, |i| kind(lines[i].text, known));
    // Questions over every section are an explainer's cross-heads ("How
    // many soldiers?"), not the headlines of posts.
    let questions = starts
        .iter()
        .filter(|&&i| i > 0 && is_question_headline(lines[i].text))
        .count();
    let posts = if questions >= 2 && starts.iter().filter(|&&i| i > 0).count() == questions {
        0
    } else {
        starts.len()
    };
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
