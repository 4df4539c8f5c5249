//! Line-level reading of raw text: numbered non-blank lines, and the small
//! tests the recognisers and splitters share (is this a sentence, does this
//! look like a headline, what is the first sentence).

/// Compiles one of the importer's own literal patterns (never user input;
/// every pattern is exercised by the unit tests, so this cannot fail at run time).
pub(crate) fn pattern(p: &str) -> regex::Regex {
    regex::Regex::new(p).expect("the importer's literal patterns are valid")
}

/// One non-blank line of the raw input, trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the file.
    pub no: usize,
    /// The line's text without surrounding white space.
    pub text: &'a str,
}

/// The non-blank lines of `text`, trimmed, with their 1-based numbers.
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
            (!t.is_empty()).then_some(Line { no: i + 1, text: t })
        })
        .collect()
}

/// Characters that may close a sentence after its final stop: quotes and brackets.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*')
}

/// True when `s` ends like a sentence (`.`, `!`, `?` or `…`, maybe followed
/// by closing quotes or brackets).
pub(crate) fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(is_closer);
    t.ends_with(['.', '!', '?', '…'])
}

/// Number of white-space separated words.
pub(crate) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// True when the line reads like a headline or heading: short, not ending
/// like a statement, starting with a capital, a digit or a quote.
pub(crate) fn is_headline_like(s: &str) -> bool {
    // Cheapest tests first: this runs on every line of every file.
    let first = s.chars().next().unwrap_or(' ');
    let starts_well = first.is_uppercase() || first.is_ascii_digit() || "‘“'\"".contains(first);
    let t = s.trim_end().trim_end_matches(is_closer);
    let ends_ok = !t.ends_with(['.', '!', ':', ';', ',', '…']);
    // More than 800 bytes is more than 200 characters.
    starts_well
        && ends_ok
        && s.len() <= 800
        && s.chars().count() <= 200
        && (2..=28).contains(&word_count(s))
}

/// True for a line that is prose: a sentence, or long enough to be one.
pub(crate) fn is_prose(s: &str) -> bool {
    ends_sentence(s) || word_count(s) > 28
}

/// For each line, whether some later line is prose: one pass from the end,
/// so asking it of every line stays linear in the length of the text.
pub(crate) fn prose_follows(lines: &[Line<'_>]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut seen = false;
    for (i, line) in lines.iter().enumerate().rev() {
        out[i] = seen;
        seen |= is_prose(line.text);
    }
    out
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "rep", "sen", "gov",
    "st", "no", "vs", "etc", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "inc", "ltd", "co", "jr", "sr", "u.s", "u.k", "u.n", "e.g", "i.e",
];

/// The byte length of the first sentence of `s` (the whole text if it has
/// only one). A stop counts when followed by a space and an upper-case
/// letter, a digit or a quote, and the word before it is not an abbreviation
/// or a single letter.
pub(crate) fn first_sentence_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    for (i, c) in s.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(n) = s[end..].chars().next() {
            if is_closer(n) {
                end += n.len_utf8();
            } else {
                break;
            }
        }
        if end >= s.len() {
            return s.len();
        }
        if bytes[end] != b' ' {
            continue;
        }
        let next = s[end..].trim_start().chars().next().unwrap_or(' ');
        if !(next.is_uppercase() || next.is_ascii_digit() || "“‘\"'".contains(next)) {
            continue;
        }
        if c == '.' {
            let word = s[..i].rsplit([' ', '(', '“', '"']).next().unwrap_or("");
            let lower = word.to_lowercase();
            if word.chars().count() == 1 || ABBREVIATIONS.contains(&lower.as_str()) {
                continue;
            }
        }
        return end;
    }
    s.len()
}

/// Cuts `s` to at most `max` characters at a word boundary, adding `…` when
/// something was cut. Never cuts inside a word; a single word longer than
/// `max` is cut at a character boundary as a last resort, so the result is
/// never empty when `s` is not.
pub(crate) fn cut_at_word(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let limit = max.saturating_sub(1); // room for the ellipsis
    let mut best = 0;
    for (count, (i, c)) in s.char_indices().enumerate() {
        if count > limit {
            break;
        }
        if c == ' ' {
            best = i;
        }
    }
    let head = if best == 0 {
        let end = s
            .char_indices()
            .nth(limit)
            .map(|(i, _)| i)
            .unwrap_or(s.len());
        &s[..end]
    } else {
        s[..best].trim_end_matches([',', ';', ':', ' ', '–', '—', '-'])
    };
    format!("{head}…")
}

/// Words that open a new clause: a title cut before one ends on a whole
/// clause ("… to take alive | because …").
const CLAUSE_WORDS: &[&str] = &[
    "after",
    "although",
    "amid",
    "because",
    "before",
    "but",
    "despite",
    "following",
    "if",
    "saying",
    "since",
    "though",
    "unless",
    "until",
    "when",
    "whereas",
    "which",
    "while",
    "who",
    "whose",
];

/// Words a cut phrase must not end on ("… by Ukraine in a").
const DANGLING: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or", "as",
    "its", "their", "his", "her", "that", "into", "than", "over", "about", "even", "just",
];

/// Words that open a sentence with a clause before its subject
/// ("Following the crash, …"): the first comma of such a sentence ends no
/// clause of its own.
const OPENERS: &[&str] = &[
    "after",
    "amid",
    "amidst",
    "as",
    "before",
    "citing",
    "despite",
    "during",
    "following",
    "if",
    "in",
    "on",
    "since",
    "when",
    "while",
    "with",
    "without",
    "according",
    "although",
    "though",
    "unlike",
    "like",
    "having",
];

/// Cuts a sentence to at most `max` characters at its last clause boundary
/// (before a comma, semicolon, colon, dash or parenthesis, or before a word
/// that opens a clause) that leaves at least a third of `max`, outside any
/// open quote or parenthesis: the result is a whole clause, without an
/// ellipsis. With no such boundary, it is cut at a word, never after an
/// article or a preposition, and ends in `…`.
pub(crate) fn cut_at_clause(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let first_word: String = s.chars().take_while(|c| c.is_alphabetic()).collect();
    // Before the first comma of "Following the crash, …" no clause has ended.
    let mut fronted = OPENERS.contains(&first_word.to_lowercase().as_str());
    let mut best = None;
    let mut depth = 0i32;
    let mut quoted = false;
    let mut prev_space = true;
    for (count, (i, c)) in s.char_indices().enumerate() {
        if count > max {
            break;
        }
        let open = depth > 0 || quoted;
        let spaced = s[i + c.len_utf8()..].starts_with(' ');
        if fronted && c == ',' && spaced && !open {
            fronted = false;
            prev_space = false;
            continue;
        }
        let long_enough = count * 3 >= max && !fronted;
        match c {
            '(' | '[' if !open && long_enough && prev_space => best = Some(i),
            // "10,000" and "10:30" are no boundaries.
            ',' | ';' | ':' if !open && long_enough && spaced => best = Some(i),
            '—' | '–' if !open && long_enough && prev_space => best = Some(i),
            _ => {}
        }
        if prev_space && !open && long_enough && c.is_lowercase() {
            let word: String = s[i..].chars().take_while(|c| c.is_alphabetic()).collect();
            if CLAUSE_WORDS.contains(&word.as_str()) {
                best = Some(i);
            }
        }
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '"' => quoted = !quoted,
            '“' => quoted = true,
            '”' => quoted = false,
            _ => {}
        }
        prev_space = c == ' ';
    }
    if let Some(end) = best {
        let head = without_dangling(&s[..end]);
        if !head.is_empty() {
            return head.to_string();
        }
    }
    let cut = cut_at_word(s, max);
    format!("{}…", without_dangling(cut.trim_end_matches('…')))
}

/// `s` without the articles, prepositions and punctuation it ends on.
fn without_dangling(s: &str) -> &str {
    let mut head = s.trim_end_matches([',', ';', ':', ' ', '-', '–', '—']);
    while let Some((before, last)) = head.rsplit_once(' ') {
        if !DANGLING.contains(&last.to_lowercase().as_str()) {
            break;
        }
        head = before.trim_end_matches([',', ';', ':', ' ', '-', '–', '—']);
    }
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_cut_at_a_clause() {
        let s = "Estonia's ministry called in the Russian envoy over the breach of its airspace on Friday, and it handed him a note of protest.";
        assert_eq!(
            cut_at_clause(s, 100),
            "Estonia's ministry called in the Russian envoy over the breach of its airspace on Friday"
        );
        let s = "Officials said the drones were hard to bring down over the border villages because \"they fly low and slow over the fields\"";
        assert_eq!(
            cut_at_clause(s, 100),
            "Officials said the drones were hard to bring down over the border villages"
        );
        // A boundary inside a quote or parentheses is not one.
        let s = "The mayor said “the city, the port and the bridges were all hit overnight by waves of drones that came from the sea”";
        assert!(
            cut_at_clause(s, 100).starts_with("The mayor said “the city, the port and the bridges"),
            "{}",
            cut_at_clause(s, 100)
        );
        // No boundary: cut at a word, never after an article or preposition.
        let s = "Two soldiers fighting on the southern front were wounded and taken prisoner by the defenders in a border region far away";
        assert_eq!(
            cut_at_clause(s, 100),
            "Two soldiers fighting on the southern front were wounded and taken prisoner by the defenders…"
        );
        // A fronted clause is not the title; a number's comma is no boundary.
        let s = "Following the long talks in the capital on Monday, the two delegations agreed to meet again next month in a neutral city";
        assert!(
            cut_at_clause(s, 100)
                .starts_with("Following the long talks in the capital on Monday, the two")
        );
        let s = "The president says 10,000 more soldiers could be sent to the front before the winter sets in across the whole region";
        assert_eq!(
            cut_at_clause(s, 100),
            "The president says 10,000 more soldiers could be sent to the front"
        );
        assert_eq!(cut_at_clause("Short enough.", 100), "Short enough.");
        assert!(cut_at_clause(&"word ".repeat(50), 100).chars().count() <= 100);
    }

    #[test]
    fn lines_are_numbered_and_trimmed() {
        let l = lines("  a \n\n b\n");
        assert_eq!(
            l,
            vec![Line { no: 1, text: "a" }, Line { no: 3, text: "b" }]
        );
    }

    #[test]
    fn sentences_and_headlines() {
        assert!(ends_sentence("He left.”"));
        assert!(ends_sentence("Really?"));
        assert!(!ends_sentence("Troops take two villages"));
        assert!(is_headline_like("Troops take two villages, ministry says"));
        assert!(is_headline_like("What does the treaty change?"));
        assert!(!is_headline_like("A medic said:"));
        assert!(!is_headline_like("The fire was put out."));
        assert!(!is_headline_like("x"));
    }

    #[test]
    fn prose_follows_looks_only_after_the_line() {
        let l = lines("Heading\nA sentence.\nTail\n");
        assert_eq!(prose_follows(&l), vec![true, false, false]);
        assert!(prose_follows(&[]).is_empty());
    }

    #[test]
    fn first_sentence_skips_abbreviations() {
        let s = "Mr. Smith met Gen. Jones in the U.S. capital. Then he left.";
        assert_eq!(
            &s[..first_sentence_len(s)],
            "Mr. Smith met Gen. Jones in the U.S. capital."
        );
        let q = "He said “it is over.” Then silence.";
        assert_eq!(&q[..first_sentence_len(q)], "He said “it is over.”");
        assert_eq!(first_sentence_len("no stop at all"), 14);
    }

    #[test]
    fn cut_never_splits_words() {
        let s = "alpha beta gamma delta";
        assert_eq!(cut_at_word(s, 12), "alpha beta…");
        assert_eq!(cut_at_word(s, 100), s);
        assert_eq!(cut_at_word("abcdefghij", 5), "abcd…");
        assert!(cut_at_word(&"word ".repeat(50), 100).chars().count() <= 100);
    }
}
