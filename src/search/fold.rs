//! Words as search sees them: text is split into words of letters and
//! digits, and each word is folded (accents dropped, lower case, apostrophe
//! styles joined) so that `Sébastien` = `sebastien` and `Kyiv’s` = `Kyiv's`.
//!
//! The browser's script (`themes/default/static/search.js`, `fold`) applies
//! the same rules to the reader's query: canonical decomposition (NFD),
//! combining marks removed, lower case, a few letters spelled out (`ß` →
//! `ss`), and an apostrophe between two word characters removed. Any change
//! here must be made there too.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// True for the apostrophe styles that are joined inside a word.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`')
}

/// Letters written as two (`ß` → `ss`), or whose stroke is not a combining
/// mark (`ø`, `ł`), spelled as readers type them.
fn spelled(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' => "d",
        _ => return None,
    })
}

/// Calls `f(word, start, end)` for every folded word of `text`, with the
/// byte range of the word in `text`.
pub(crate) fn words(text: &str, mut f: impl FnMut(&str, usize, usize)) {
    let bytes = text.as_bytes();
    let mut word = String::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII, nearly all of the text, byte by byte.
        if b.is_ascii_alphanumeric() {
            if word.is_empty() {
                start = i;
            }
            word.push(b.to_ascii_lowercase() as char);
            i += 1;
            continue;
        }
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let at = i;
        i += c.len_utf8();
        if is_apostrophe(c)
            && !word.is_empty()
            && text[i..].chars().next().is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        if b.is_ascii() {
            if !word.is_empty() {
                f(&word, start, at);
                word.clear();
            }
            continue;
        }
        let before = word.len();
        let mut boundary = false;
        decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            for l in d.to_lowercase() {
                if is_combining_mark(l) {
                    continue;
                }
                if let Some(s) = spelled(l) {
                    word.push_str(s);
                } else if l.is_alphanumeric() {
                    word.push(l);
                } else {
                    boundary = true;
                }
            }
        });
        if boundary && word.len() == before {
            if !word.is_empty() {
                f(&word, start, at);
                word.clear();
            }
        } else if before == 0 && !word.is_empty() {
            start = at;
        }
    }
    if !word.is_empty() {
        f(&word, start, text.len());
    }
}

/// The folded words of `text`.
pub(crate) fn fold_words(text: &str) -> Vec<String> {
    let mut v = Vec::new();
    words(text, |w, _, _| v.push(w.to_string()));
    v
}

/// `text` folded as one word sequence joined by spaces (the tests' view
/// of what the index and the script store).
#[cfg(test)]
pub(crate) fn fold(text: &str) -> String {
    fold_words(text).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_apostrophes_fold() {
        assert_eq!(fold("Sébastien"), "sebastien");
        assert_eq!(fold("Kyiv’s"), fold("Kyiv's"));
        assert_eq!(fold("Kyiv’s"), "kyivs");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("ZAPORIZHZHIA"), "zaporizhzhia");
        assert_eq!(fold("Łódź"), "lodz");
    }

    #[test]
    fn punctuation_splits_words_and_ranges_point_into_the_text() {
        let text = "Air-defence: 39 of 71 «drones», Kyiv’s mayor.";
        let mut seen = Vec::new();
        words(text, |w, s, e| seen.push((w.to_string(), &text[s..e])));
        let folded: Vec<&str> = seen.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            folded,
            [
                "air", "defence", "39", "of", "71", "drones", "kyivs", "mayor"
            ]
        );
        assert_eq!(seen[6].1, "Kyiv’s");
        assert_eq!(seen[5].1, "drones");
    }

    #[test]
    fn cyrillic_keeps_its_letters() {
        assert_eq!(fold("Київ, Запоріжжя"), fold("київ запоріжжя"));
        assert_eq!(fold_words("п’ять").len(), 1);
    }

    #[test]
    fn a_quote_mark_at_a_word_end_is_not_part_of_it() {
        assert_eq!(fold("'drones' said"), "drones said");
    }
}
