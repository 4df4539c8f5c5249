//! Who makes a drone claim and which hours it covers, read from the
//! sentence as written (names keep their capitals): "according to the air
//! force", "the governor said"; "from 18:00 on 6 September", "between
//! 19:00 and 07:30".

use std::sync::LazyLock;

use regex::Regex;

use crate::import::dates::month_number;
use crate::import::text::pattern;

/// Lower-case words that may stand inside a claimant's name ("Ukraine's
/// air force", "the regional military administration").
const NAME_WORDS: &[&str] = &[
    "air",
    "force",
    "forces",
    "defence",
    "defense",
    "defences",
    "defenses",
    "ministry",
    "military",
    "command",
    "general",
    "staff",
    "of",
    "governor",
    "mayor",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "administration",
    "regional",
    "city",
    "southern",
    "northern",
    "eastern",
    "western",
    "central",
    "navy",
    "army",
    "service",
    "intelligence",
    "council",
    "officials",
    "authorities",
    "operational",
    "armed",
    "emergency",
    "emergencies",
    "police",
    "head",
    "chief",
    "president",
    "presidential",
    "office",
    "border",
    "guard",
    "district",
    "state",
];

/// Capitalised words that start a sentence without naming anyone.
const NOT_NAMES: &[&str] = &[
    "On",
    "In",
    "At",
    "By",
    "Then",
    "Meanwhile",
    "Overnight",
    "Earlier",
    "Later",
    "Since",
    "From",
    "And",
    "But",
    "So",
    "Also",
    "After",
    "Before",
    "During",
    "Today",
    "Yesterday",
    "This",
    "That",
    "It",
    "He",
    "She",
    "They",
    "We",
    "Of",
    "Morning",
    "Night",
];

/// "according to NAME", "NAME said": the name is the run of words before
/// the verb (or after "according to"), cut down by [`name_of`].
static ACCORDING_TO: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\baccording to ((?:[\w’'-]+ ?){1,7})"));
static SAID: LazyLock<Regex> = LazyLock::new(|| {
    pattern(&format!(
        r"(?:[\w’'-]+ ){{1,{SAID_WORDS}}}(?:has |had |have )?(?:{})\b",
        SAID_VERBS.join("|")
    ))
});
/// The verbs of [`SAID`]; none ends another, so a match ends in exactly one.
const SAID_VERBS: [&str; 9] = [
    "said",
    "says",
    "reported",
    "reports",
    "stated",
    "announced",
    "claimed",
    "claims",
    "wrote",
];
/// The most words [`SAID`] takes before its verb.
const SAID_WORDS: usize = 8;

/// The words before the verb in a match of [`SAID`]: what its greedy run of
/// words took. Read from the match itself (the search needs no capture
/// groups, which cost a second pass over every sentence with a figure):
/// the match ends in one verb, and before it are words each followed by one
/// space; all of them when there are at most [`SAID_WORDS`], else the last
/// is the "has"/"had"/"have" the run had no room for.
fn said_subject(m: &str) -> &str {
    let rest = SAID_VERBS
        .iter()
        .find_map(|v| m.strip_suffix(v))
        .unwrap_or(m);
    if rest.matches(' ').count() <= SAID_WORDS {
        return rest;
    }
    let without_space = &rest[..rest.len().saturating_sub(1)];
    without_space.rfind(' ').map_or(rest, |i| &rest[..=i])
}

/// "Sunday", "Mon": a day of the week, which starts a sentence without naming anyone.
fn is_weekday(w: &str) -> bool {
    let l = w.to_lowercase();
    let stem = l.strip_suffix("day").unwrap_or(&l);
    [
        "mon", "tues", "tue", "wednes", "wed", "thurs", "thu", "fri", "satur", "sat", "sun",
    ]
    .contains(&stem)
}

fn is_name_word(w: &str, first: bool) -> bool {
    let starts_upper = w.chars().next().is_some_and(char::is_uppercase);
    let core = w.trim_end_matches("’s").trim_end_matches("'s");
    if starts_upper {
        return !(first && (NOT_NAMES.contains(&core) || is_weekday(core)));
    }
    NAME_WORDS.contains(&w)
}

/// The claimant in a run of words: the longest tail (for a name before a
/// verb) or head (after "according to") of name words, without a leading
/// "the", and only when it holds a capital or a known office word.
fn name_of(words: &str, from_end: bool) -> Option<String> {
    let ws: Vec<&str> = words
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '’' && c != '\''))
        .collect();
    let mut kept: Vec<&str> = Vec::new();
    if from_end {
        for w in ws.iter().rev() {
            if is_name_word(w, false) || w.eq_ignore_ascii_case("the") {
                kept.push(w);
            } else {
                break;
            }
        }
        kept.reverse();
    } else {
        for w in &ws {
            if is_name_word(w, false) || (kept.is_empty() && w.eq_ignore_ascii_case("the")) {
                kept.push(w);
            } else {
                break;
            }
        }
    }
    while kept.first().is_some_and(|w| {
        w.eq_ignore_ascii_case("the") || (is_name_word(w, false) && !is_name_word(w, true))
    }) {
        kept.remove(0);
    }
    while kept
        .last()
        .is_some_and(|w| *w == "of" || w.eq_ignore_ascii_case("the"))
    {
        kept.pop();
    }
    let meaningful = kept
        .iter()
        .any(|w| w.chars().next().is_some_and(char::is_uppercase))
        || kept.iter().any(|w| NAME_WORDS.contains(w) && *w != "of");
    (meaningful && !kept.is_empty()).then(|| kept.join(" "))
}

/// Who the sentence says makes the claim, if it names anyone.
pub(super) fn reported_by(sentence: &str) -> Option<String> {
    // The pattern needs its literal: most sentences are turned away by a
    // substring search instead of a regex search.
    if sentence.contains("according to")
        && let Some(c) = ACCORDING_TO.captures(sentence)
        && let Some(n) = c.get(1).and_then(|m| name_of(m.as_str(), false))
    {
        return Some(n);
    }
    SAID.find_iter(sentence)
        .find_map(|m| name_of(said_subject(m.as_str()), true))
}

/// A clock time: "18:00", "7.30".
const CLOCK: &str = r"(\d{1,2}[:.]\d{2})";
/// A day: "6 September", "September 6".
const DAY: &str = r"(\d{1,2} [A-Z][a-z]+|[A-Z][a-z]+ \d{1,2})";

static WINDOW: LazyLock<Regex> = LazyLock::new(|| {
    pattern(&format!(
        r"(?i:\b(?:from|since|starting at|starting from|beginning at) ){CLOCK}(?: (?:on )?{DAY})?(?:,? ?(?i:to|until|till|and|-|–|—) ?{CLOCK})?|(?i:\bbetween ){CLOCK}(?: (?:on )?{DAY})? (?i:and) {CLOCK}"
    ))
});

fn is_day(d: &str) -> bool {
    d.split(' ').any(|w| month_number(w).is_some())
}

fn clock(s: &str) -> String {
    let (h, m) = s.split_once([':', '.']).unwrap_or((s, "00"));
    format!("{:0>2}:{m}", h)
}

/// The hours a tally covers: "HH:MM-HH:MM" when both ends are given, else
/// "from HH:MM" with the day when the text names one.
pub(super) fn window(sentence: &str) -> Option<String> {
    let c = WINDOW.captures(sentence)?;
    let (start, day, end) = if c.get(1).is_some() {
        (c.get(1), c.get(2), c.get(3))
    } else {
        (c.get(4), c.get(5), c.get(6))
    };
    let start = clock(start?.as_str());
    let day = day.map(|d| d.as_str()).filter(|d| is_day(d));
    Some(match (end, day) {
        (Some(e), _) => format!("{start}-{}", clock(e.as_str())),
        (None, Some(d)) => format!("from {start} on {d}"),
        (None, None) => format!("from {start}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claimants() {
        assert_eq!(
            reported_by("On Sunday Ukraine's air force said 40 drones came.").as_deref(),
            Some("Ukraine's air force")
        );
        assert_eq!(
            reported_by("Forty drones came, according to the Kharkiv regional administration.")
                .as_deref(),
            Some("Kharkiv regional administration")
        );
        assert_eq!(reported_by("He said forty drones came.").as_deref(), None);
        assert_eq!(
            reported_by("Overnight, 40 drones came, the governor said.").as_deref(),
            Some("governor")
        );
    }

    #[test]
    fn the_words_before_the_verb_are_what_the_capture_group_took() {
        // The old pattern, with its capture group, as the reference.
        let grouped = pattern(&format!(
            r"((?:[\w’'-]+ ){{1,{SAID_WORDS}}})(?:has |had |have )?(?:{})\b",
            SAID_VERBS.join("|")
        ));
        for s in [
            "The governor said 40 drones came.",
            "Ukraine's air force has said that 40 drones came.",
            "one two three four five six seven eight has said so",
            "one two three four five six seven eight nine has said so",
            "a b c d e f g h had reported and the mayor wrote",
            "The head of the regional military administration claims 12 were downed.",
            "Зеленський said the city’s mayor reports five.",
        ] {
            let want: Vec<&str> = grouped
                .captures_iter(s)
                .filter_map(|c| c.get(1).map(|m| m.as_str()))
                .collect();
            let got: Vec<&str> = SAID
                .find_iter(s)
                .map(|m| said_subject(m.as_str()))
                .collect();
            assert_eq!(got, want, "{s}");
        }
        assert_eq!(
            reported_by("one two three four five six seven Governor has said 3 came.").as_deref(),
            Some("Governor")
        );
    }

    #[test]
    fn windows() {
        assert_eq!(
            window("Between 20:00 and 6.15 the army saw 30 drones.").as_deref(),
            Some("20:00-06:15")
        );
        assert_eq!(
            window("It counted drones from 21:00 on October 2.").as_deref(),
            Some("from 21:00 on October 2")
        );
        assert_eq!(window("It counted 30 drones at 21:00.").as_deref(), None);
    }
}
