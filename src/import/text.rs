//! Line-level reading of raw text: numbered non-blank lines, and the small
//! tests the recognisers and splitters share (is this a sentence, does this
//! look like a headline, what is the first sentence).

/// Compiles one of the importer's own literal patterns (never user input;
/// every pattern is exercised by the unit tests, so this cannot fail at run time).
pub(crate) fn pattern(p: &str) -> regex::Regex {
    regex::Regex::new(p).expect("the importer's literal patterns are valid")
}

/// One of the importer's own literal patterns, compiled on first use for
/// the text it is used on: for text of Latin letters and ASCII
/// ([`is_latin`]) with every character class cut down to those
/// characters, else whole. A class such as `\p{L}` or a case-blind `.`
/// compiles to an automaton of thousands of states (milliseconds per
/// pattern, in every run), the cut one to a few dozen; on such text both
/// match exactly alike, since a class only ever matches characters of the
/// text, and a word boundary is read from the text's characters either way.
/// A pattern cheap to compile whole, or used on long texts (where
/// telling Latin text from other text would cost more than it saves), is
/// made with [`Pattern::whole`] and always compiled whole.
pub(crate) struct Pattern {
    source: String,
    cut: bool,
    latin: std::sync::OnceLock<regex::Regex>,
    whole: std::sync::OnceLock<regex::Regex>,
}

impl Pattern {
    /// A pattern from its source, cut for Latin text (compiled when first used).
    pub(crate) fn new(source: &str) -> Pattern {
        Pattern {
            source: source.to_string(),
            cut: true,
            latin: std::sync::OnceLock::new(),
            whole: std::sync::OnceLock::new(),
        }
    }

    /// A pattern from its source, always compiled whole (when first used).
    pub(crate) fn whole(source: &str) -> Pattern {
        Pattern {
            cut: false,
            ..Pattern::new(source)
        }
    }

    /// The pattern's source.
    pub(crate) fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled pattern for `haystack`.
    fn regex_for(&self, haystack: &str) -> &regex::Regex {
        if self.cut && is_latin(haystack) {
            self.latin
                .get_or_init(|| pattern(&latin_only(&self.source)))
        } else {
            self.whole.get_or_init(|| pattern(&self.source))
        }
    }

    /// [`regex::Regex::is_match`].
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        self.regex_for(haystack).is_match(haystack)
    }

    /// [`regex::Regex::find`].
    pub(crate) fn find<'h>(&self, haystack: &'h str) -> Option<regex::Match<'h>> {
        self.regex_for(haystack).find(haystack)
    }

    /// [`regex::Regex::find_at`].
    pub(crate) fn find_at<'h>(&self, haystack: &'h str, start: usize) -> Option<regex::Match<'h>> {
        self.regex_for(haystack).find_at(haystack, start)
    }

    /// [`regex::Regex::captures`].
    pub(crate) fn captures<'h>(&self, haystack: &'h str) -> Option<regex::Captures<'h>> {
        self.regex_for(haystack).captures(haystack)
    }

    /// [`regex::Regex::captures_at`].
    pub(crate) fn captures_at<'h>(
        &self,
        haystack: &'h str,
        start: usize,
    ) -> Option<regex::Captures<'h>> {
        self.regex_for(haystack).captures_at(haystack, start)
    }

    /// [`regex::Regex::captures_iter`].
    pub(crate) fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> regex::CaptureMatches<'r, 'h> {
        self.regex_for(haystack).captures_iter(haystack)
    }
}

/// True when every character of `text` is ASCII, of Latin-1 or of the
/// General Punctuation block (curly quotes, dashes, ellipsis): the
/// characters a [`Pattern`]'s cut classes keep.
pub(crate) fn is_latin(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    // Read on the UTF-8 bytes (this runs on every text a pattern is used
    // on): U+0080–U+00FF start with C2 or C3, U+2000–U+206F are E2 80 xx
    // and E2 81 80–AF.
    let mut rest = text.as_bytes();
    loop {
        let ascii = rest
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        rest = &rest[ascii..];
        let width = match rest {
            [] => return true,
            [0xC2 | 0xC3, ..] => 2,
            [0xE2, 0x80, ..] => 3,
            [0xE2, 0x81, c, ..] if *c <= 0xAF => 3,
            _ => return false,
        };
        rest = &rest[width..];
    }
}

/// `source` with every character class cut down to the characters of
/// [`is_latin`] text, written back as a pattern (capture groups, their
/// names and order, and every other part as they were).
fn latin_only(source: &str) -> String {
    use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
    fn cut(hir: &Hir, keep: &ClassUnicode) -> Hir {
        match hir.kind() {
            HirKind::Class(Class::Unicode(c)) => {
                let mut c = c.clone();
                c.intersect(keep);
                Hir::class(Class::Unicode(c))
            }
            // Built field by field: `..r.clone()` would copy the whole
            // sub-pattern only to drop it.
            HirKind::Repetition(r) => Hir::repetition(regex_syntax::hir::Repetition {
                min: r.min,
                max: r.max,
                greedy: r.greedy,
                sub: Box::new(cut(&r.sub, keep)),
            }),
            HirKind::Capture(c) => Hir::capture(regex_syntax::hir::Capture {
                index: c.index,
                name: c.name.clone(),
                sub: Box::new(cut(&c.sub, keep)),
            }),
            HirKind::Concat(v) => Hir::concat(v.iter().map(|h| cut(h, keep)).collect()),
            HirKind::Alternation(v) => Hir::alternation(v.iter().map(|h| cut(h, keep)).collect()),
            // Literals, byte classes (ASCII in a pattern on text), looks
            // and the empty pattern stay as they are.
            _ => hir.clone(),
        }
    }
    let keep = ClassUnicode::new([
        ClassUnicodeRange::new('\0', '\u{ff}'),
        ClassUnicodeRange::new('\u{2000}', '\u{206f}'),
    ]);
    let hir = regex_syntax::Parser::new()
        .parse(source)
        .expect("the importer's literal patterns are valid");
    cut(&hir, &keep).to_string()
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
            let t = without_markdown_marks(without_trailing_notes(t));
            (!t.is_empty()).then_some(Line { no: i + 1, text: t })
        })
        .collect()
}

/// `line` without the Markdown marks of a page saved as Markdown (a
/// reader's "save as Markdown", a clipper): a heading's `#`s, emphasis
/// around the whole line (`*Published 18 November*`), a link that is the
/// whole line (its text stays: `[Read more: …](url)`); an image alone on
/// its line (`![alt](url)`) is no text at all. A bullet (`* item`) and a
/// hashtag (`#Kyiv`) keep their marks.
fn without_markdown_marks(line: &str) -> &str {
    let mut t = line;
    if t.starts_with('#') {
        let rest = t.trim_start_matches('#');
        if t.len() - rest.len() <= 6 && rest.starts_with(' ') {
            t = rest.trim_start();
        }
    }
    for mark in ["**", "__", "*", "_"] {
        if let Some(inner) = t.strip_prefix(mark).and_then(|r| r.strip_suffix(mark))
            && inner.starts_with(|c: char| !c.is_whitespace() && !"*_".contains(c))
            && inner.ends_with(|c: char| !c.is_whitespace() && !"*_".contains(c))
        {
            t = inner;
            break;
        }
    }
    if let Some(rest) = t.strip_prefix('!')
        && whole_link(rest).is_some()
    {
        return "";
    }
    whole_link(t).map_or(t, str::trim)
}

/// The text of a Markdown link that is the whole of `t` (`[text](url)`).
fn whole_link(t: &str) -> Option<&str> {
    let inner = t.strip_prefix('[')?;
    let (text, url) = inner.split_once("](")?;
    let url = url.strip_suffix(')')?;
    (!text.contains(']') && !url.contains(char::is_whitespace) && url.contains(['/', '.']))
        .then_some(text)
}

/// `line` without the reference marks an encyclopedia or a report prints
/// at its end ("… the air force said.[6][7]", "20 November[edit]",
/// "[citation needed]"): they are no part of the text, and a sentence that
/// ends in one still ends as a sentence. A line that is only marks stays.
fn without_trailing_notes(line: &str) -> &str {
    let mut t = line;
    while let Some(open) = t.strip_suffix(']').and_then(|s| s.rfind('[')) {
        let mark = &t[open + 1..t.len() - 1];
        let is_note = (1..=3).contains(&mark.len()) && mark.bytes().all(|b| b.is_ascii_digit())
            || mark.len() == 1 && mark.bytes().all(|b| b.is_ascii_lowercase())
            || matches!(
                mark,
                "edit" | "citation needed" | "clarification needed" | "needs update"
            );
        if !is_note || open == 0 {
            break;
        }
        t = t[..open].trim_end();
    }
    t
}

/// Characters that may close a sentence after its final stop: quotes and brackets.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*')
}

#[cfg(test)]
mod note_tests {
    use super::without_trailing_notes;

    #[test]
    fn markdown_marks_of_a_saved_page_leave_its_lines() {
        use super::without_markdown_marks as m;
        assert_eq!(
            m("# Cable damaged off Gotland"),
            "Cable damaged off Gotland"
        );
        assert_eq!(m("### Reactions"), "Reactions");
        assert_eq!(
            m("*Published 18 November 2024, 10:15 GMT*"),
            "Published 18 November 2024, 10:15 GMT"
        );
        assert_eq!(m("**Background:**"), "Background:");
        assert_eq!(
            m("[Read more: Patrols at sea](https://example.com/patrols)"),
            "Read more: Patrols at sea"
        );
        assert_eq!(m("![A ship at sea](https://example.com/ship.jpg)"), "");
        for kept in [
            "* an item",
            "#Kyiv #drones",
            "*Not* closed",
            "[1] https://example.org/a",
            "_",
        ] {
            assert_eq!(m(kept), kept);
        }
    }

    #[test]
    fn reference_marks_leave_the_end_of_a_line() {
        assert_eq!(
            without_trailing_notes("The air force said so.[6][7]"),
            "The air force said so."
        );
        assert_eq!(without_trailing_notes("20 November[edit]"), "20 November");
        assert_eq!(
            without_trailing_notes("It grew.[citation needed]"),
            "It grew."
        );
        assert_eq!(without_trailing_notes("Note [a]"), "Note");
        // Brackets that are text, and a line of marks alone, stay.
        assert_eq!(
            without_trailing_notes("The 2024 budget [2025]"),
            "The 2024 budget [2025]"
        );
        assert_eq!(without_trailing_notes("[1]"), "[1]");
        assert_eq!(without_trailing_notes("Kyiv [Reuters]"), "Kyiv [Reuters]");
    }
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

/// True when `s` ends in a word broken across lines ("were lo-"): it
/// continues on the next line.
pub(crate) fn ends_in_broken_word(s: &str) -> bool {
    s.strip_suffix('-')
        .is_some_and(|r| r.ends_with(char::is_lowercase))
}

/// True when the line reads like a headline or heading: short, not ending
/// like a statement, starting with a capital, a digit or a quote.
pub(crate) fn is_headline_like(s: &str) -> bool {
    // Cheapest tests first: this runs on every line of every file.
    let first = s.chars().next().unwrap_or(' ');
    let starts_well = first.is_uppercase() || first.is_ascii_digit() || "‘“'\"".contains(first);
    let t = s.trim_end().trim_end_matches(is_closer);
    let ends_ok = !t.ends_with(['.', '!', ':', ';', ',', '…']) && !ends_in_broken_word(t);
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

    /// Patterns with every kind of part a [`Pattern`] cuts or keeps:
    /// letter classes, case-blind words, `.`, `\s`, `\w`, negated
    /// classes, word boundaries, counted repeats, named groups, characters
    /// outside Latin-1 in literals and classes.
    const SHAPES: &[&str] = &[
        r"^(?:By|BY|by)\s+(\p{Lu}[\p{L}'’.-]+(?:\s+(?:\p{Lu}[\p{L}'’.-]+|de|van)){0,3})(?:\s*[,|]\s*.*)?$",
        r"(?ix)^(?: [0-9][0-9,]*\s+(?:posts?|min(?:ute)?s?\s+read) | .{0,12}(?-u:\b)(?:we\s+use\s+cookies)(?-u:\b).* | (?:good\s+morning)[^.!]{0,12}[.!,]? )$",
        r"(?i)^(?P<mark>[^\p{L}\p{N}\s]+\s*)?[0-9][0-9.,]*\s*(?P<unit>[km](?-u:\b))?\s*(?P<word>views?|переглядів|vues)?$",
        r"\b(\w+)\s+(?i:kelvin|sauf)\b|[@#]\w",
        r"(?x) (?P<d>[0-9]{1,2})(?:st|nd|rd|th|er)?\.?\s+(?P<m>\p{L}+\.?) | (?P<m2>\p{L}+\.?)\s+(?P<d2>[0-9]{1,2})",
        r"^[—–]\s*\S|^-{1,2}\s+\p{Lu}|Київ",
    ];

    /// Every group of every match of `re` in `text`, as positions.
    fn all_groups(re: &regex::Regex, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        re.captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect()
    }

    #[test]
    fn a_cut_pattern_matches_latin_text_as_the_whole_one() {
        let texts = [
            "By Ann Lee, Kyiv correspondent",
            "BY JOSÉ ÁLVAREZ de la Cruz | Reuters",
            "by Zoë O’Neill and Zaïd",
            "17 posts",
            "4 Min Read",
            "Hello — we use cookies here",
            "Good morning, all",
            "👁 48.2K",
            "12.5k views",
            "• 1,204 vues",
            "word KELVIN here; Sauf s’il pleut #tag @handle",
            "ſauf and the Kelvin sign \u{212a} are not Latin-1",
            "— Name (@handle) 3 March",
            "-- Émile",
            "3rd March, 16 septembre, März 4",
            "Київ, 16 вересня",
            "",
        ];
        for source in SHAPES {
            let whole = pattern(source);
            let cut = pattern(&latin_only(source));
            let p = Pattern::new(source);
            for t in texts {
                assert_eq!(
                    all_groups(p.regex_for(t), t),
                    all_groups(&whole, t),
                    "{source} on {t:?}"
                );
                if is_latin(t) {
                    assert_eq!(
                        all_groups(&cut, t),
                        all_groups(&whole, t),
                        "{source} on {t:?}"
                    );
                }
            }
        }
        // Group names and order survive the cut.
        let cut = pattern(&latin_only(SHAPES[2]));
        let names: Vec<_> = cut.capture_names().collect();
        assert_eq!(
            names,
            pattern(SHAPES[2]).capture_names().collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_cut_pattern_is_smaller_and_reads_back_as_it_was_cut() {
        for source in SHAPES {
            let cut = latin_only(source);
            let again = regex_syntax::Parser::new().parse(&cut).unwrap();
            assert_eq!(again.to_string(), cut, "{source}");
        }
        // A letter class keeps Latin letters only.
        assert_eq!(latin_only(r"\p{Lu}"), "[A-ZÀ-ÖØ-Þ]");
        assert!(is_latin("Zoë’s “café” — 3…"));
        assert!(!is_latin("Київ"));
        assert!(!is_latin("ſ"));
        // Every character on either side of each edge of the kept ranges.
        for c in [
            '\u{7f}', '\u{80}', '\u{ff}', '\u{100}', '\u{1fff}', '\u{2000}', '\u{203f}',
            '\u{2040}', '\u{206f}', '\u{2070}', '\u{20ac}', '🙂',
        ] {
            let kept = c <= '\u{ff}' || ('\u{2000}'..='\u{206f}').contains(&c);
            assert_eq!(is_latin(&format!("a{c}b")), kept, "{c:?}");
            assert_eq!(is_latin(&c.to_string()), kept, "{c:?}");
        }
    }

    /// Each of [`SHAPES`] whole and cut, compiled once for the property test.
    static COMPILED: std::sync::LazyLock<Vec<(regex::Regex, regex::Regex)>> =
        std::sync::LazyLock::new(|| {
            SHAPES
                .iter()
                .map(|s| (pattern(s), pattern(&latin_only(s))))
                .collect()
        });

    proptest::proptest! {
        #[test]
        fn cut_patterns_match_any_latin_text_alike(
            t in "[A-Za-z0-9 .,:;'’“”—–…@#|()ÀéöüßÆ\u{a0}\u{2011}-]{0,40}",
        ) {
            for (whole, cut) in COMPILED.iter() {
                proptest::prop_assert_eq!(all_groups(cut, &t), all_groups(whole, &t));
            }
        }
    }

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
