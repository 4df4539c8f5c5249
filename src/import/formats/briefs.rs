//! Lists of briefs: each brief is one or more paragraphs ending with a
//! "Read More" line or with "… Continue reading" at the end of its last line.

use super::Score;
use crate::import::body;
use crate::import::clean::{self, Noise};
use crate::import::draft::{Draft, Split};
use crate::import::text::Line;

/// True for a "Read More" line.
pub fn is_read_more(line: &str) -> bool {
    line.trim()
        .trim_end_matches(['.', '›', '»', '>'])
        .trim()
        .eq_ignore_ascii_case("read more")
}

/// Scores "Read More" lines and "… Continue reading" endings.
pub fn score(lines: &[Line<'_>]) -> Score {
    let read_more = lines.iter().filter(|l| is_read_more(l.text)).count();
    let continued = lines
        .iter()
        .filter(|l| clean::strip_continue_reading(l.text).is_some())
        .count();
    let n = read_more + continued;
    Score::new(
        0.9 * (n as f64 / 3.0).min(1.0),
        vec![
            format!("{read_more} \"Read More\" lines"),
            format!("{continued} lines ending in \"Continue reading\""),
        ],
    )
}

/// One entry per brief.
pub fn split(lines: &[Line<'_>]) -> Split {
    let mut split = Split::default();
    let mut pending: Vec<Line<'_>> = Vec::new();
    let close = |pending: &mut Vec<Line<'_>>, split: &mut Split| {
        if pending.is_empty() {
            return;
        }
        let mut draft = Draft::new(split.drafts.len() + 1, pending[0].no);
        body::build(pending, &mut draft, split);
        pending.clear();
        split.drafts.push(draft);
    };
    for line in lines {
        if is_read_more(line.text) {
            split.drop_line(line, Noise::Navigation);
            close(&mut pending, &mut split);
        } else if let Some(head) = clean::strip_continue_reading(line.text) {
            if !head.is_empty() {
                pending.push(Line {
                    no: line.no,
                    text: head,
                });
            }
            close(&mut pending, &mut split);
        } else if let Some(source) = clean::source_line(line.text) {
            split.source.get_or_insert(source);
            split.drop_line(line, Noise::Source);
        } else {
            pending.push(*line);
        }
    }
    close(&mut pending, &mut split);
    split
}
