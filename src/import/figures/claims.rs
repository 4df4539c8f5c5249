//! Who makes a drone claim and which hours it covers, read from the
//! sentence as written (names keep their capitals): "according to the air
//! force", "the governor said"; "from 18:00 on 6 September", "between
//! 19:00 and 07:30".

use std::sync::LazyLock;

use crate::import::dates::month_number;
use crate::import::text::Pattern;

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

/// The verbs a claimant's name comes before ("the governor said"); none
/// starts another, so at most one is read at a place.
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
/// The auxiliaries that may stand between the name and the verb.
const AUXILIARIES: [&str; 3] = ["has ", "had ", "have "];
/// The most words taken before the verb.
const SAID_WORDS: usize = 8;
/// The most words taken after "according to".
const ACCORDING_WORDS: usize = 7;

// The two claimant patterns are matched by hand, with exactly the meaning
// of the regular expressions in the doc comments of `according_to` and
// `said_match`: as regexes, their Unicode `\w` repeated seven and eight
// times was the costliest set-up of the whole import (tens of millions of
// instructions in every run, before the first line was read), and their
// capture groups a second pass over every sentence with a figure. The
// tests compare both with the regexes.

/// `\w` as the regex crate reads it. ASCII is decided here: its `\w` is
/// `[0-9A-Za-z_]`, and `regex_syntax` looks every other ASCII character (a
/// space, a full stop) up in its Unicode table.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        regex_syntax::is_word_character(c)
    }
}

/// A character of a name's word: `[\w’'-]`.
fn is_name_char(c: char) -> bool {
    matches!(c, '’' | '\'' | '-') || is_word(c)
}

/// The end of the run of name characters that starts at `i`.
fn run_end(text: &str, i: usize) -> usize {
    text[i..]
        .char_indices()
        .find(|(_, c)| !is_name_char(*c))
        .map_or(text.len(), |(k, _)| i + k)
}

/// `\baccording to ((?:[\w’'-]+ ?){1,7})`, first match: the words after it.
fn according_to(text: &str) -> Option<&str> {
    const LEAD: &str = "according to ";
    for (p, _) in text.match_indices(LEAD) {
        let boundary = !text[..p].chars().next_back().is_some_and(is_word);
        let from = p + LEAD.len();
        if !boundary || !text[from..].starts_with(is_name_char) {
            continue;
        }
        let mut at = from;
        for _ in 0..ACCORDING_WORDS {
            let end = run_end(text, at);
            if end == at {
                break;
            }
            at = end + usize::from(text[end..].starts_with(' '));
        }
        return Some(&text[from..at]);
    }
    None
}

/// The verb of [`SAID_VERBS`] at `at`, ending on a word boundary: its end.
fn verb_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let verb = SAID_VERBS.iter().find(|v| rest.starts_with(*v))?;
    let end = at + verb.len();
    let boundary = !text[end..].chars().next().is_some_and(is_word);
    boundary.then_some(end)
}

/// The first match at or after `from` of
/// `(?:[\w’'-]+ ){1,8}(?:has |had |have )?(?:said|says|…|wrote)\b`, as the
/// regex crate finds it: leftmost, then the path its greedy repetition
/// prefers (the most words before the verb; with an auxiliary before
/// without). Returns the match's start, where its words end (what the
/// repetition took, before the auxiliary and the verb) and its end.
fn said_match(text: &str, from: usize) -> Option<(usize, usize, usize)> {
    let tail = &text[from..];
    if !SAID_VERBS.iter().any(|v| tail.contains(v)) {
        return None;
    }
    // The runs of name characters from `from` on (the first may start
    // inside one).
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = from;
    while let Some(c) = text[i..].chars().next() {
        if is_name_char(c) {
            let end = run_end(text, i);
            runs.push((i, end));
            i = end;
        } else {
            i += c.len_utf8();
        }
    }
    // How many words in a row, from each run on, are each followed by one
    // space and the next word.
    let mut chain = vec![0usize; runs.len() + 1];
    for k in (0..runs.len()).rev() {
        let joined = runs
            .get(k + 1)
            .is_some_and(|next| next.0 == runs[k].1 + 1 && text[runs[k].1..].starts_with(' '));
        chain[k] = if joined { chain[k + 1] + 1 } else { 0 };
    }
    for k in 0..runs.len() {
        for words in (1..=chain[k].min(SAID_WORDS)).rev() {
            let at = runs[k + words].0;
            let with_auxiliary = AUXILIARIES
                .iter()
                .filter(|a| text[at..].starts_with(*a))
                .find_map(|a| verb_at(text, at + a.len()));
            if let Some(end) = with_auxiliary.or_else(|| verb_at(text, at)) {
                return Some((runs[k].0, at, end));
            }
        }
    }
    None
}

/// Every match of [`said_match`] in order, as `find_iter` gives them: each
/// search starts where the last match ended.
fn said_matches(text: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let m = said_match(text, from)?;
        from = m.2;
        Some(m)
    })
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
    if let Some(n) = according_to(sentence).and_then(|words| name_of(words, false)) {
        return Some(n);
    }
    said_matches(sentence)
        .find_map(|(start, words_end, _)| name_of(&sentence[start..words_end], true))
}

/// A clock time: "18:00", "7.30".
const CLOCK: &str = r"(\d{1,2}[:.]\d{2})";
/// A day: "6 September", "September 6".
const DAY: &str = r"(\d{1,2} [A-Z][a-z]+|[A-Z][a-z]+ \d{1,2})";

static WINDOW: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
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

    /// The regexes the hand matchers stand for, with their capture groups.
    fn reference() -> (regex::Regex, regex::Regex) {
        let according = crate::import::text::pattern(r"\baccording to ((?:[\w’'-]+ ?){1,7})");
        let said = crate::import::text::pattern(&format!(
            r"((?:[\w’'-]+ ){{1,{SAID_WORDS}}})(?:{})?(?:{})\b",
            AUXILIARIES.join("|"),
            SAID_VERBS.join("|")
        ));
        (according, said)
    }

    /// True when both matchers read `text` exactly as the regexes do.
    fn agrees(text: &str, (according, said): &(regex::Regex, regex::Regex)) -> bool {
        let want_according = according
            .captures(text)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str());
        let want_said: Vec<(usize, usize, usize)> = said
            .captures_iter(text)
            .filter_map(|c| Some((c.get(0)?.start(), c.get(1)?.end(), c.get(0)?.end())))
            .collect();
        according_to(text) == want_according && said_matches(text).collect::<Vec<_>>() == want_said
    }

    #[test]
    fn ascii_word_characters_are_the_unicode_tables_own() {
        for b in 0u8..128 {
            let c = char::from(b);
            assert_eq!(is_word(c), regex_syntax::is_word_character(c), "{c:?}");
        }
    }

    #[test]
    fn the_hand_matchers_read_as_the_regexes_do() {
        let re = reference();
        for text in [
            "The governor said 40 drones came.",
            "Ukraine's air force has said that 40 drones came.",
            "one two three four five six seven eight has said so",
            "one two three four five six seven eight nine has said so",
            "one two three four five six seven eight nine ten said so",
            "a b c d e f g h had reported and the mayor wrote",
            "the governor said the mayor said",
            "said-so the governor said, the mayor’s office reports",
            "He saidx it; they says_ and claims.",
            "Зеленський said the city’s mayor reports five.",
            "x  said  y said",
            "according to the air force. according to  nobody",
            "Accordingly, according to Kyiv’s regional military administration and others said",
            "disaccording to x, according to “the army”, according to -the navy- 1 2 3 4 5 6 7 8",
            "_according to a b",
            "éaccording to a, 1according to b",
        ] {
            assert!(agrees(text, &re), "{text:?}");
        }
        // Every line of the import fixtures (and of the shared texts, when present).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("tests/fixtures/import")];
        for d in ["../shared/import-corpus", "../shared/seeds"] {
            if root.join(d).is_dir() {
                dirs.push(root.join(d));
            } else {
                eprintln!("skipping {d}: not present");
            }
        }
        let mut lines = 0;
        for dir in dirs {
            for entry in std::fs::read_dir(&dir).expect("a fixture folder") {
                let path = entry.expect("a fixture file").path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                for line in text.lines() {
                    assert!(agrees(line, &re), "{}: {line:?}", path.display());
                    lines += 1;
                }
            }
        }
        assert!(lines > 100, "only {lines} lines read");
        // Random texts of the pieces the patterns turn on.
        let pieces = [
            "said",
            "says",
            "reported",
            "claims",
            "wrote",
            "has",
            "had",
            "have",
            "according",
            "to",
            "according to ",
            "the",
            "Governor",
            "Kyiv’s",
            "it's",
            "-",
            "'",
            "’",
            "_",
            "é",
            "Σ",
            "1",
            "x",
            " ",
            " ",
            " ",
            " ",
            "  ",
            ",",
            ".",
            "“",
            "\u{301}",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..4000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            assert!(agrees(&text, &re), "{text:?}");
        }
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
