//! Single articles: one story in paragraphs, maybe under a headline and a
//! byline. Two kinds are recognised on their own: a dateline article
//! ("KYIV --" opening its first paragraph) and an assessment with a
//! "Key Takeaways:" list. All three are the segmenter's whole-text presets
//! ([`crate::import::segment::whole`]); an assessment's list is read by
//! [`takeaways`].

use std::sync::LazyLock;

use super::Score;
use crate::import::body;
use crate::import::text::{self, Line, Pattern};

/// A dateline: the place in capitals, then maybe a region (2–30 characters)
/// and an agency in parentheses (2–20), then a dash. The lengths are checked
/// in [`dateline`]: counted repeats of a Unicode class compile to that many
/// copies of it.
static DATELINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^(\p{Lu}[\p{Lu}'’.-]+(?:\s\p{Lu}[\p{Lu}'’.-]+)*)(?:,\s*([\p{L}0-9 .]+))?(?:\s*\(([\p{L} ]+)\))?(?:\s*(?:--|—|–)|\s+-)\s+\S",
    )
});

/// The place of a dateline opening `line`.
fn dateline(line: &str) -> Option<&str> {
    dateline_parts(line).map(|(place, _)| place)
}

/// The agency a dateline names in brackets ("KYIV, Nov 18 (Reuters) -" →
/// "Reuters").
pub(crate) fn dateline_agency(line: &str) -> Option<&str> {
    dateline_parts(line).and_then(|(_, agency)| agency)
}

/// The place and agency of a dateline opening `line`.
fn dateline_parts(line: &str) -> Option<(&str, Option<&str>)> {
    let caps = DATELINE.captures(line)?;
    let chars = |s: &str| s.chars().count();
    // Spaces ending the region may be the space before the dash instead.
    let region = caps.get(2).is_none_or(|m| {
        let r = m.as_str();
        chars(r) >= 2 && chars(r.trim_end_matches(' ')) <= 30
    });
    let agency = caps
        .get(3)
        .is_none_or(|m| (2..=20).contains(&chars(m.as_str())));
    let place = caps.get(1)?.as_str();
    (region && agency).then_some((place, caps.get(3).map(|m| m.as_str().trim())))
}

fn is_takeaways(line: &str) -> bool {
    let t = line.trim().trim_end_matches(':').trim();
    // Lower case is at least a third of the bytes: longer lines cannot match.
    t.len() <= 3 * "key takeaways".len() && {
        let t = t.to_lowercase();
        t == "key takeaways" || t == "key takeaway"
    }
}

/// The place named by a dateline opening a paragraph ("KYIV --" → "Kyiv").
pub(crate) fn dateline_place(line: &str) -> Option<String> {
    let place = dateline(line)?;
    let words: Vec<String> = place
        .split(' ')
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| {
                    c.to_uppercase()
                        .chain(cs.flat_map(char::to_lowercase))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    Some(words.join(" "))
}

/// Scores any text as one article: the fallback, higher when it is all prose.
pub(crate) fn score_article(lines: &[Line<'_>]) -> Score {
    let prose = lines.iter().filter(|l| text::is_prose(l.text)).count();
    let share = if lines.is_empty() {
        0.0
    } else {
        prose as f64 / lines.len() as f64
    };
    Score::new(
        0.25 + 0.15 * share,
        vec![
            "fallback: any text is one article".into(),
            format!("{prose} of {} lines are prose", lines.len()),
        ],
    )
}

/// Scores a dateline ("KYIV --", "KYIV, Ukraine (AP) —") opening one of the
/// first paragraphs.
pub(crate) fn score_dateline(lines: &[Line<'_>]) -> Score {
    let found = lines.iter().take(6).find(|l| dateline(l.text).is_some());
    Score::new(
        if found.is_some() { 0.85 } else { 0.0 },
        vec![match found {
            Some(l) => format!("dateline on line {}", l.no),
            None => "no dateline in the first lines".into(),
        }],
    )
}

/// Scores a "Key Takeaways:" line and an assessment title.
pub(crate) fn score_assessment(lines: &[Line<'_>]) -> Score {
    let takeaways = lines.iter().any(|l| is_takeaways(l.text));
    let titled = lines
        .iter()
        .take(4)
        .any(|l| l.text.to_lowercase().contains("assessment"));
    let s = if takeaways { 0.6 } else { 0.0 } + if titled { 0.3 } else { 0.0 };
    Score::new(
        s,
        vec![
            format!(
                "\"Key Takeaways:\" line: {}",
                if takeaways { "yes" } else { "no" }
            ),
            format!(
                "\"assessment\" in the title: {}",
                if titled { "yes" } else { "no" }
            ),
        ],
    )
}

/// A "Key Takeaways:" list in `lines`: the index of its heading line, its
/// items (bullets, or lines of prose that follow each other without a blank
/// line) and the index of the first line after it.
pub(crate) fn takeaways(lines: &[Line<'_>]) -> Option<(usize, Vec<String>, usize)> {
    let at = lines.iter().position(|l| is_takeaways(l.text))?;
    let mut items = Vec::new();
    let mut last_no = lines[at].no;
    let mut end = at + 1;
    while let Some(item) = lines.get(end) {
        let bullet = body::bullet_item(item.text);
        let adjacent = item.no == last_no + 1 && text::is_prose(item.text);
        if bullet.is_none() && !adjacent {
            break;
        }
        items.push(bullet.unwrap_or(item.text).to_string());
        last_no = item.no;
        end += 1;
    }
    Some((at, items, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        assert_eq!(
            dateline_place("KYIV -- Sirens sounded at dawn."),
            Some("Kyiv".into())
        );
        assert_eq!(
            dateline_place("NEW YORK, N.Y. (AP) — The vote passed."),
            Some("New York".into())
        );
        assert_eq!(dateline_place("NATO said -- nothing."), None);
        let wire = "KYIV, Nov 18 (Wire) - Drones flew in overnight.";
        assert_eq!(dateline_place(wire), Some("Kyiv".into()));
        assert_eq!(dateline_agency(wire), Some("Wire"));
        assert_eq!(dateline_place("KYIV-based groups said so."), None);
        // A region of 2–30 characters and an agency of 2–20, as before.
        let region = |n: usize| format!("KYIV, {} -- Text.", "a".repeat(n));
        assert!(dateline_place(&region(30)).is_some());
        assert!(dateline_place(&format!("KYIV, {}   -- Text.", "a".repeat(30))).is_some());
        assert_eq!(dateline_place(&region(31)), None);
        assert_eq!(dateline_place("KYIV, a-- Text."), None);
        let agency = |n: usize| format!("KYIV ({}) -- Text.", "A".repeat(n));
        assert!(dateline_place(&agency(20)).is_some());
        assert_eq!(dateline_place(&agency(21)), None);
    }
}
