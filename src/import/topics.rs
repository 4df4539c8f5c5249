//! Topics and places: the keyword rules of `site.yaml` matched with one
//! Aho–Corasick automaton, case-insensitively and on word boundaries, so
//! "strike" never matches inside "strikes" and "north korean" never matches
//! "North Korea's".

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::config::{Config, TopicRules};

/// `text.to_lowercase()`, with every run of ASCII lowered byte by byte.
/// The standard library lowers character by character from the first
/// character outside ASCII on, and an entry's text after its first curly
/// quote or dash is still mostly ASCII. A capital sigma is lowered by its
/// neighbours (a final ς), so a text with one is left to the standard
/// library whole.
pub(crate) fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        i += bytes[i..]
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(bytes.len() - i);
        if i > start {
            let from = out.len();
            out.push_str(&text[start..i]);
            out[from..].make_ascii_lowercase();
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii() {
            i += 1;
        }
        for c in text[start..i].chars() {
            if c == 'Σ' {
                return text.to_lowercase();
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Lower case, with curly quotes and dashes made plain, so a rule written
/// `kim jong-un's` matches "Kim Jong‑un’s".
pub fn normalise(text: &str) -> String {
    // The character map is needed only when the text has something outside
    // ASCII (or a backtick).
    let lower = lowercase(text);
    if lower.is_ascii() && !lower.contains('`') {
        return lower;
    }
    // Runs of characters that stay are copied whole; only the few that
    // change are written one by one (ASCII other than the backtick is
    // passed over byte by byte, without decoding).
    let bytes = lower.as_bytes();
    let mut out = String::with_capacity(lower.len());
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() && b != b'`' {
            i += 1;
            continue;
        }
        let c = lower[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if let Some(to) = folded(c) {
            out.push_str(&lower[plain..i]);
            out.push(to);
            plain = i + len;
        }
        i += len;
    }
    out.push_str(&lower[plain..]);
    out
}

/// What [`normalise`] writes for a quote, dash or no-break space.
fn folded(c: char) -> Option<char> {
    match c {
        '’' | '‘' | 'ʼ' | '`' => Some('\''),
        '“' | '”' => Some('"'),
        '‐' | '‑' | '‒' | '–' | '—' => Some('-'),
        '\u{a0}' => Some(' '),
        _ => None,
    }
}

struct TopicRule {
    slug: String,
    weights: Vec<(usize, f64)>,
    require: Vec<Vec<usize>>,
    exclude: Vec<usize>,
    threshold: f64,
}

/// Why an entry got a topic (or did not), for `--explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicMatch {
    /// The topic's slug.
    pub slug: String,
    /// Sum of the weights of the distinct phrases found.
    pub score: f64,
    /// The weighted phrases found, with their weights: each phrase by its
    /// place in the rules' phrase table ([`Matcher::phrase_table`], kept as
    /// `Converted::phrases`), not a copy of its text for every entry.
    pub matched: Vec<(usize, f64)>,
    /// True when the entry gets the topic.
    pub accepted: bool,
    /// Why not, when it does not.
    pub why_not: Option<String>,
}

/// The compiled rules of every topic and the gazetteer.
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    phrases: Arc<[String]>,
    topics: Vec<TopicRule>,
    places: Vec<(String, Vec<usize>)>,
}

impl Matcher {
    /// Compiles the topics' rules and the gazetteer of `config`.
    pub fn new(config: &Config) -> Result<Matcher, String> {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut id = |p: &str| -> Option<usize> {
            let n = normalise(p.trim());
            if n.is_empty() {
                return None;
            }
            Some(*ids.entry(n.clone()).or_insert_with(|| {
                phrases.push(n);
                phrases.len() - 1
            }))
        };
        let mut topics = Vec::new();
        for t in &config.topics {
            let TopicRules {
                phrases: weighted,
                require,
                exclude,
                threshold,
            } = &t.rules;
            topics.push(TopicRule {
                slug: t.slug.clone(),
                weights: weighted
                    .iter()
                    .filter_map(|(p, w)| id(p).map(|i| (i, *w)))
                    .collect(),
                require: require
                    .iter()
                    .map(|group| group.iter().filter_map(|p| id(p)).collect())
                    .collect(),
                exclude: exclude.iter().filter_map(|p| id(p)).collect(),
                threshold: *threshold,
            });
        }
        let places = config
            .gazetteer
            .iter()
            .map(|p| {
                let names = std::iter::once(&p.name).chain(&p.aliases);
                (p.name.clone(), names.filter_map(|n| id(n)).collect())
            })
            .collect();
        let automaton = if phrases.is_empty() {
            None
        } else {
            Some(
                // A DFA: a few hundred phrases make a small one, and it
                // searches faster than the default NFA on every entry.
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .match_kind(MatchKind::Standard)
                    .build(&phrases)
                    .map_err(|e| format!("cannot compile the topic rules: {e}"))?,
            )
        };
        Ok(Matcher {
            automaton,
            phrases: phrases.into(),
            topics,
            places,
        })
    }

    /// Every phrase of the rules, normalised, by id: what
    /// [`TopicMatch::matched`] names.
    pub fn phrase_table(&self) -> Arc<[String]> {
        Arc::clone(&self.phrases)
    }

    /// Which phrases occur in `text` as whole words (indexed by phrase id).
    pub fn found(&self, text: &str) -> Vec<bool> {
        self.found_in_normalised(&normalise(text))
    }

    /// [`Matcher::found`] on text already passed through [`normalise`].
    pub fn found_in_normalised(&self, text: &str) -> Vec<bool> {
        let mut found = vec![false; self.phrases.len()];
        let Some(ac) = &self.automaton else {
            return found;
        };
        for m in ac.find_overlapping_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if boundary(before) && boundary(after) {
                found[m.pattern().as_usize()] = true;
            }
        }
        found
    }

    /// Every topic with at least one phrase found, accepted or not, in
    /// `site.yaml` order.
    pub fn topics(&self, found: &[bool]) -> Vec<TopicMatch> {
        let has = |i: &usize| found.get(*i).copied().unwrap_or(false);
        self.topics
            .iter()
            .filter_map(|t| {
                let matched: Vec<(usize, f64)> =
                    t.weights.iter().filter(|(i, _)| has(i)).copied().collect();
                if matched.is_empty() {
                    return None;
                }
                let score: f64 = matched.iter().map(|(_, w)| w).sum();
                let excluded: Vec<&str> = t
                    .exclude
                    .iter()
                    .filter(|i| has(i))
                    .map(|i| self.phrases[*i].as_str())
                    .collect();
                let missing = t
                    .require
                    .iter()
                    .find(|g| !g.is_empty() && !g.iter().any(has));
                let why_not = if !excluded.is_empty() {
                    Some(format!("excluded by \"{}\"", excluded.join("\", \"")))
                } else if let Some(group) = missing {
                    let names: Vec<&str> =
                        group.iter().map(|i| self.phrases[*i].as_str()).collect();
                    Some(format!("none of the required \"{}\"", names.join("\", \"")))
                } else if score < t.threshold {
                    Some(format!("score {score} below threshold {}", t.threshold))
                } else {
                    None
                };
                Some(TopicMatch {
                    slug: t.slug.clone(),
                    score,
                    matched,
                    accepted: why_not.is_none(),
                    why_not,
                })
            })
            .collect()
    }

    /// The gazetteer places named in the text, in gazetteer order.
    pub fn places(&self, found: &[bool]) -> Vec<String> {
        self.places
            .iter()
            .filter(|(_, ids)| ids.iter().any(|i| found.get(*i).copied().unwrap_or(false)))
            .map(|(name, _)| name.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config() -> Config {
        Config::parse(
            r#"
title: t
topics:
  - slug: drones
    name: Drones
    match:
      phrases: { "drone strike": 3, drones: 2, strike: 1 }
      require: [["drone", "drones", "drone strike"]]
      threshold: 3
  - slug: nk-troops
    name: NK troops
    match:
      phrases: { "north korean troops": 4, "north korean": 1 }
      exclude: ["missile test"]
      threshold: 4
gazetteer:
  - { name: Kyiv, aliases: [Kiev] }
"#,
            Path::new("site.yaml"),
        )
        .unwrap()
    }

    fn accepted(m: &Matcher, text: &str) -> Vec<String> {
        m.topics(&m.found(text))
            .into_iter()
            .filter(|t| t.accepted)
            .map(|t| t.slug)
            .collect()
    }

    #[test]
    fn word_boundaries_and_case() {
        let m = Matcher::new(&config()).unwrap();
        assert!(accepted(&m, "A STRIKE hit the depot.").is_empty());
        assert!(
            accepted(&m, "Airstrikes and drones' debris.").is_empty(),
            "score 2 < 3"
        );
        assert_eq!(accepted(&m, "A Drone Strike hit Kiev."), vec!["drones"]);
        assert_eq!(m.places(&m.found("A Drone Strike hit Kiev.")), vec!["Kyiv"]);
        assert!(accepted(&m, "North Korea's missile test alarmed Seoul.").is_empty());
        assert_eq!(
            accepted(&m, "North Korean troops arrived."),
            vec!["nk-troops"]
        );
        assert!(accepted(&m, "North Korean troops watched the missile test.").is_empty());
    }

    #[test]
    fn matches_name_their_phrases_by_place_in_the_table() {
        let m = Matcher::new(&config()).unwrap();
        let table = m.phrase_table();
        let found = m.topics(&m.found("A Drone Strike hit Kiev."));
        let drones = found.iter().find(|t| t.slug == "drones").unwrap();
        let mut names: Vec<(&str, f64)> = drones
            .matched
            .iter()
            .map(|&(i, w)| (table[i].as_str(), w))
            .collect();
        names.sort_by(|a, b| a.0.cmp(b.0));
        assert_eq!(names, [("drone strike", 3.0), ("strike", 1.0)]);
        assert_eq!(drones.score, 4.0);
    }

    #[test]
    fn lowercase_is_the_standard_librarys() {
        for t in [
            "",
            "ASCII Only, With CAPS",
            "Kim Jong‑un’s “Forces” SAID so",
            "ΟΔΥΣΣΕΥΣ ΣΑΣ Σ. aΣb",
            "İSTANBUL ẞ Ǆ ǅ ﬃ ÀÉÎ КИЇВ ՍԱ",
            "end in non-ASCII: ДРОН",
            "🙂 A\u{301} Z",
        ] {
            assert_eq!(lowercase(t), t.to_lowercase(), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn lowercase_matches_the_standard_library_on_any_text(t in "\\PC{0,40}") {
            proptest::prop_assert_eq!(lowercase(&t), t.to_lowercase());
        }

        #[test]
        fn lowercase_matches_on_mixed_scripts(t in "[A-Za-z ’“ΣσςΑ-ΩКИЇВİẞ0-9.,]{0,40}") {
            proptest::prop_assert_eq!(lowercase(&t), t.to_lowercase());
        }
    }

    #[test]
    fn curly_punctuation_is_plain() {
        assert_eq!(
            normalise("Kim Jong‑un’s “Forces”"),
            "kim jong-un's \"forces\""
        );
    }

    #[test]
    fn folding_copies_everything_else_as_it_is() {
        // The character map as first written, as the reference.
        let by_chars = |t: &str| -> String {
            t.to_lowercase()
                .chars()
                .map(|c| folded(c).unwrap_or(c))
                .collect()
        };
        for t in [
            "`code` ‘a’ ʼb “c” ‐‑‒–— x\u{a0}y",
            "ΟΔΥΣΣΕΥΣ — Київ’s “drones”",
            "end with a fold—",
            "—",
            "🙂 ½ é\u{301} ß İ",
        ] {
            assert_eq!(normalise(t), by_chars(t), "{t:?}");
        }
    }
}

/// Topics an entry takes from the text it stands in, for each entry of one
/// file: a brief in a timeline or a post in a live blog often leaves out the
/// words that name its subject ("the North could send 12,000 troops" in a
/// file about North Korean troops). An entry takes a topic that a third of
/// the file's entries, and at least two of them, hold on their own when it has evidence of its own
/// for it that only falls short of the score (its required words are there,
/// no excluding phrase is), and without any phrase of the topic only when
/// two thirds of a file of three entries or more hold it and the entry has
/// no phrase of another topic. Returned per entry, in `site.yaml` order of the matches.
pub fn from_context(entries: &[&[TopicMatch]], order: &[String]) -> Vec<Vec<String>> {
    let n = entries.len();
    let mut out = vec![Vec::new(); n];
    if n < 2 {
        return out;
    }
    for slug in order {
        let holding = entries
            .iter()
            .filter(|m| m.iter().any(|t| t.accepted && &t.slug == slug))
            .count();
        // One other entry is not what a file is about: a context needs two.
        if holding < 2 || holding * 3 < n {
            continue;
        }
        let broad = n >= 3 && holding * 3 >= 2 * n;
        for (i, matches) in entries.iter().enumerate() {
            let own = matches.iter().find(|t| &t.slug == slug);
            let take = match own {
                Some(t) if t.accepted => false,
                // Only the score fell short: its required words are there.
                Some(t) => t.why_not.as_deref().is_some_and(|w| w.starts_with("score")),
                // Not an entry that names another subject of its own
                // (a cable cut among drone reports).
                None => broad && matches.iter().all(|t| t.score <= 0.0),
            };
            if take {
                out[i].push(slug.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod context_tests {
    use super::*;

    fn m(slug: &str, accepted: bool, why: Option<&str>) -> TopicMatch {
        TopicMatch {
            slug: slug.into(),
            score: 1.0,
            matched: Vec::new(),
            accepted,
            why_not: why.map(String::from),
        }
    }

    #[test]
    fn an_entry_takes_its_files_topic_only_with_evidence_of_its_own() {
        let order = vec!["troops".to_string(), "drones".to_string()];
        let held = [m("troops", true, None)];
        let short = [m("troops", false, Some("score 2 below threshold 4"))];
        let required_missing = [m("troops", false, Some("none of the required \"troops\""))];
        let excluded = [m("troops", false, Some("excluded by \"toy soldiers\""))];
        let none: [TopicMatch; 0] = [];
        let got = from_context(
            &[&held, &held, &short, &required_missing, &excluded, &none],
            &order,
        );
        assert_eq!(got[2], ["troops"], "the score alone fell short");
        assert!(got[0].is_empty() && got[3].is_empty() && got[4].is_empty() && got[5].is_empty());
        // A file where two thirds hold the topic lends it even without a phrase.
        let got = from_context(&[&held, &held, &none], &order);
        assert_eq!(got[2], ["troops"]);
        // A single entry has no context to take from.
        assert!(from_context(&[&short], &order)[0].is_empty());
        // One other entry holding it is not a context: a reader's list of
        // two unrelated posts lends nothing.
        assert!(from_context(&[&held, &short], &order)[1].is_empty());
        assert!(from_context(&[&held, &short, &none], &order)[1].is_empty());
    }
}
