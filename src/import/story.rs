//! Story ids: reports of the same event get the same `story`, in one file or
//! across files and imports. Two entries are the same story when they are
//! at most [`WINDOW_DAYS`] apart and their word-shingle similarity reaches
//! [`THRESHOLD`].
//!
//! Shingles are single content words (lower case, common words and the
//! names every report of this war carries dropped, a plural or possessive
//! "s" dropped), weighted by how rare they are among the entries compared
//! (smoothed inverse document frequency): two outlets rewording one event
//! still share its rare words (places, names, "apology", "Pantsir"), while
//! two reports on one theme share mostly its common words. See
//! [`similarity`] for how shared weight becomes a score.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use crate::import::topics::normalise;

/// Similarity at or above which two entries are one story. Chosen on
/// pairs of the seed files read by hand (see `tests/import_seeds.rs`):
/// reports of one event score from 0.216 (one captured soldier told by two
/// outlets) through 0.236 (one plane crash told by two) to 0.49; different
/// events on one theme (North Korean troop stories, two village captures,
/// a drone-attack post and a weekly drone tally) score 0.2 at most. The
/// margin is thin: this is a grouping aid, and an editor can always set
/// `story:` by hand.
pub const THRESHOLD: f64 = 0.21;
/// Entries further apart than this many days are never one story.
pub const WINDOW_DAYS: i32 = 3;
/// The smallest weight used as the denominator (about five rare words), so
/// that a headline-only entry cannot match everything by sharing two words.
pub const MIN_WEIGHT: f64 = 14.0;
/// Entries that smooth the document frequencies, as if that many more
/// entries without the word had been seen: with few entries to compare,
/// every word weighs about the same.
const PRIOR_ENTRIES: f64 = 20.0;
/// Postings kept per shingle: a shingle shared by more entries than this is
/// common talk, not an event's signature, and is not indexed further (so it
/// no longer counts towards the similarity of later entries).
const MAX_POSTINGS: usize = 24;

const STOPWORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
    "during", "each", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "last", "may", "more", "most", "mr", "ms", "new", "no", "not",
    "of", "on", "one", "or", "other", "our", "out", "over", "said", "say", "says", "she", "since",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "under", "up", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "will", "with", "would", "you",
];

/// The stop words in a set hashed with FNV: one short hash per word (this
/// runs on every word of every entry).
static STOPWORD_SET: std::sync::LazyLock<HashSet<&'static str, Prehashed>> =
    std::sync::LazyLock::new(|| STOPWORDS.iter().copied().collect());

fn is_stopword(word: &str) -> bool {
    word.len() <= 7 && STOPWORD_SET.contains(word)
}

fn stem(word: &str) -> &str {
    let w = word.strip_suffix("'s").unwrap_or(word);
    match w.strip_suffix('s') {
        Some(s) if s.len() > 3 && !s.ends_with('s') => s,
        _ => w,
    }
}

/// The sorted, distinct shingle hashes of a text.
pub fn shingles(text: &str) -> Vec<u64> {
    shingles_of_normalised(&normalise(text))
}

/// [`shingles`] of text already passed through [`normalise`].
pub fn shingles_of_normalised(norm: &str) -> Vec<u64> {
    let mut out: Vec<u64> = norm
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(['\'', '-']))
        .filter(|w| w.chars().nth(2).is_some() && !is_stopword(w))
        .map(|w| fnv64(stem(w).as_bytes()))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a, continuing from `state`.
pub fn fnv(bytes: &[u8], state: u64) -> u64 {
    bytes.iter().fold(state, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// 64-bit FNV-1a of `bytes`.
pub fn fnv64(bytes: &[u8]) -> u64 {
    fnv(bytes, FNV_OFFSET)
}

/// An entry's total shingle weight with the powers [`similarity`] takes of
/// it, computed once per entry rather than once per compared pair.
#[derive(Debug, Clone, Copy)]
struct Norm {
    weight: f64,
    as_smaller: f64,
    as_larger: f64,
}

impl Norm {
    fn new(weight: f64) -> Norm {
        let w = weight.max(MIN_WEIGHT);
        Norm {
            weight,
            as_smaller: w.powf(0.7),
            as_larger: w.powf(0.3),
        }
    }
}

/// Similarity of two entries from the weight of their shared shingles and
/// their own weights: mostly the overlap with the smaller entry, tempered by
/// the larger one, so a long entry does not match every short one it
/// happens to contain the words of.
fn similarity(common: f64, a: &Norm, b: &Norm) -> f64 {
    let (small, large) = if a.weight <= b.weight { (a, b) } else { (b, a) };
    common / (small.as_smaller * large.as_larger)
}

/// Hashing for keys that are hashes already (shingles): one multiply
/// instead of SipHash, which dominated story assignment on large imports.
#[derive(Default, Clone, Copy)]
pub struct Prehashed;

/// The hasher of [`Prehashed`].
#[derive(Default)]
pub struct PrehashedHasher(u64);

impl std::hash::Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(bytes, self.0);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl std::hash::BuildHasher for Prehashed {
    type Hasher = PrehashedHasher;
    fn build_hasher(&self) -> PrehashedHasher {
        PrehashedHasher::default()
    }
}

/// An entry taking part in story assignment.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Headline, used to name a new story.
    pub title: String,
    /// Publication day.
    pub day: Date,
    /// Shingles of title and body.
    pub shingles: Vec<u64>,
    /// The story it already has (entries already in `content/`).
    pub story: Option<String>,
}

/// Names a new story: up to five content words of the title and the day.
pub fn story_name(title: &str, day: Date) -> String {
    let norm = normalise(title);
    let words: Vec<&str> = norm
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty() && !is_stopword(w) && *w != "update")
        .take(5)
        .collect();
    let head = slug::slugify(words.join(" "));
    if head.is_empty() {
        format!("story-{day}")
    } else {
        format!("{head}-{day}")
    }
}

/// Gives every candidate without a story one: the story of the most similar
/// earlier candidate within the window when similar enough, else a new one.
/// Candidates that already have a story keep it. Returns every candidate's story.
pub fn assign(candidates: &mut [Candidate]) -> Vec<String> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    // Known stories first, then by day, so ids do not depend on file order.
    order.sort_by_key(|&i| (candidates[i].story.is_none(), candidates[i].day, i));
    // Per shingle: its weight (from how many entries have it) and the
    // earlier entries that have it, found with one lookup.
    let mut index: HashMap<u64, (f64, Vec<usize>), Prehashed> = HashMap::default();
    for c in candidates.iter() {
        for s in &c.shingles {
            index.entry(*s).or_default().0 += 1.0;
        }
    }
    let n = candidates.len() as f64;
    for (w, _) in index.values_mut() {
        *w = ((n + PRIOR_ENTRIES) / (*w + 1.0)).ln();
    }
    let norms: Vec<Norm> = candidates
        .iter()
        .map(|c| {
            Norm::new(
                c.shingles
                    .iter()
                    .map(|s| index.get(s).map_or(0.0, |e| e.0))
                    .sum(),
            )
        })
        .collect();
    // Shared weight per earlier entry, reset after each entry through `touched`.
    let mut shared = vec![0.0f64; candidates.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut next: HashMap<String, usize> = HashMap::new();
    for &i in &order {
        if candidates[i].story.is_none() {
            // Weight of the shingles shared with each earlier entry.
            for s in &candidates[i].shingles {
                let Some((w, earlier)) = index.get(s) else {
                    continue;
                };
                for &j in earlier {
                    if shared[j] == 0.0 {
                        touched.push(j);
                    }
                    shared[j] += w;
                }
            }
            let mut best: Option<(f64, usize)> = None;
            for j in touched.drain(..) {
                let common = std::mem::take(&mut shared[j]);
                let sim = similarity(common, &norms[i], &norms[j]);
                if sim < THRESHOLD || best.is_some_and(|(b, bj)| sim < b || (sim == b && j > bj)) {
                    continue;
                }
                let apart = candidates[i]
                    .day
                    .since(candidates[j].day)
                    .map(|s| s.get_days().abs())
                    .unwrap_or(i32::MAX);
                if apart <= WINDOW_DAYS {
                    best = Some((sim, j));
                }
            }
            let story = match best {
                Some((_, j)) => candidates[j].story.clone(),
                None => {
                    let base = story_name(&candidates[i].title, candidates[i].day);
                    let mut n = next.get(&base).copied().unwrap_or(1);
                    let mut name = if n == 1 {
                        base.clone()
                    } else {
                        format!("{base}-{n}")
                    };
                    while used.contains(&name) {
                        n += 1;
                        name = format!("{base}-{n}");
                    }
                    next.insert(base, n + 1);
                    Some(name)
                }
            };
            candidates[i].story = story;
        }
        if let Some(s) = &candidates[i].story {
            used.insert(s.clone());
        }
        for s in &candidates[i].shingles {
            if let Some((_, list)) = index.get_mut(s)
                && list.len() < MAX_POSTINGS
            {
                list.push(i);
            }
        }
    }
    candidates
        .iter()
        .map(|c| c.story.clone().unwrap_or_default())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cand(title: &str, body: &str, day: Date) -> Candidate {
        Candidate {
            title: title.into(),
            day,
            shingles: shingles(&format!("{title}\n{body}")),
            story: None,
        }
    }

    #[test]
    fn stopwords_are_found() {
        assert!(STOPWORDS.iter().all(|w| w.len() <= 7 && is_stopword(w)));
        assert!(!is_stopword("kursk"));
    }

    #[test]
    fn shingles_ignore_case_stopwords_and_plurals() {
        assert_eq!(shingles("The Soldiers of Kursk"), shingles("soldier kursk"));
        assert!(shingles("the of and").is_empty());
    }

    #[test]
    fn same_event_shares_a_story_and_others_do_not() {
        let d = date(2024, 12, 27);
        let mut c = vec![
            cand(
                "Seoul confirms capture",
                "Seoul's spy agency confirmed that Ukrainian special forces captured a wounded North Korean soldier in the Kursk region; the soldier was captured alive.",
                d,
            ),
            cand(
                "Captured soldier dies",
                "A wounded North Korean soldier captured by Ukrainian special forces in the Kursk region has died, Seoul's spy agency said.",
                d,
            ),
            cand(
                "Grain corridor row",
                "Moscow accused London of shipping arms through the Black Sea grain corridor.",
                d,
            ),
        ];
        let s = assign(&mut c);
        assert_eq!(s[0], s[1]);
        assert_ne!(s[0], s[2]);
    }

    #[test]
    fn window_keeps_old_reports_apart() {
        let body = "A wounded North Korean soldier captured by Ukrainian special forces in the Kursk region has died.";
        let mut c = vec![
            cand("A", body, date(2024, 12, 1)),
            cand("B", body, date(2024, 12, 20)),
        ];
        let s = assign(&mut c);
        assert_ne!(s[0], s[1]);
    }

    #[test]
    fn known_stories_are_reused() {
        let body = "A wounded North Korean soldier captured by Ukrainian special forces in the Kursk region has died.";
        let mut old = cand("Old", body, date(2024, 12, 27));
        old.story = Some("captured-soldier-2024-12-27".into());
        let mut c = vec![cand("New", body, date(2024, 12, 28)), old];
        assert_eq!(assign(&mut c)[0], "captured-soldier-2024-12-27");
    }

    #[test]
    fn names() {
        assert_eq!(
            story_name(
                "UPDATE: Russia targets Kyiv in drone attack",
                date(2024, 11, 2)
            ),
            "russia-targets-kyiv-drone-attack-2024-11-02"
        );
        assert_eq!(story_name("…", date(2024, 11, 2)), "story-2024-11-02");
    }
}
