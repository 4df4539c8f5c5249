//! Story ids: reports of the same event get the same `story`, in one file or
//! across files and imports. Two entries are the same story when they are
//! at most [`WINDOW_DAYS`] apart and their word-shingle similarity reaches
//! [`THRESHOLD`].
//!
//! Shingles are pairs of consecutive content words (lower case, common
//! words dropped, a plural or possessive "s" dropped), so wording that
//! differs between outlets still shares the names and phrases of the event.
//! Similarity is the overlap coefficient |A ∩ B| / min(|A|, |B|), with the
//! smaller set counted as at least [`MIN_SHINGLES`] so that a two-line
//! entry cannot match everything by sharing one phrase.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::import::topics::normalise;

/// Similarity at or above which two entries are one story. Chosen on pairs
/// from real files: reports of one event score 0.2 to 0.6 and more; reports
/// of different events on one theme (two North Korean troop stories) stay
/// under 0.12. See the tests.
pub const THRESHOLD: f64 = 0.2;
/// Entries further apart than this many days are never one story.
pub const WINDOW_DAYS: i32 = 3;
/// The smallest set size used as the denominator.
pub const MIN_SHINGLES: usize = 12;
/// Postings kept per shingle: a shingle shared by more entries than this is
/// common talk, not an event's signature, and is not indexed further.
const MAX_POSTINGS: usize = 64;

const STOPWORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
    "during", "each", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "last", "may", "more", "most", "mr", "ms", "new", "no", "not",
    "of", "on", "one", "or", "other", "our", "out", "over", "said", "says", "say", "she", "since",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "under", "up", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "will", "with", "would", "you",
];

fn stem(word: &str) -> &str {
    let w = word.strip_suffix("'s").unwrap_or(word);
    match w.strip_suffix('s') {
        Some(s) if s.len() > 3 && !s.ends_with('s') => s,
        _ => w,
    }
}

/// The sorted, distinct shingle hashes of a text.
pub fn shingles(text: &str) -> Vec<u64> {
    let norm = normalise(text);
    let words: Vec<&str> = norm
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(['\'', '-']))
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
        .map(stem)
        .collect();
    let mut out: Vec<u64> = words
        .windows(2)
        .map(|pair| {
            fnv(
                pair[0].as_bytes(),
                fnv(b" ", fnv(pair[1].as_bytes(), FNV_OFFSET)),
            )
        })
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

/// Overlap similarity of two sorted shingle sets (see the module doc).
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let denominator = a.len().min(b.len()).max(MIN_SHINGLES);
    common as f64 / denominator as f64
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
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w) && *w != "update")
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
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    for &i in &order {
        if candidates[i].story.is_none() {
            let mut counts: HashMap<usize, usize> = HashMap::new();
            for s in &candidates[i].shingles {
                for &j in postings.get(s).map(Vec::as_slice).unwrap_or(&[]) {
                    *counts.entry(j).or_default() += 1;
                }
            }
            let mut best: Option<(f64, usize)> = None;
            let mut ranked: Vec<(usize, usize)> = counts.into_iter().collect();
            ranked.sort_unstable();
            for (j, _) in ranked {
                let apart = candidates[i]
                    .day
                    .since(candidates[j].day)
                    .map(|s| s.get_days().abs())
                    .unwrap_or(i32::MAX);
                if apart > WINDOW_DAYS {
                    continue;
                }
                let sim = similarity(&candidates[i].shingles, &candidates[j].shingles);
                if sim >= THRESHOLD && best.is_none_or(|(b, _)| sim > b) {
                    best = Some((sim, j));
                }
            }
            let story = match best {
                Some((_, j)) => candidates[j].story.clone(),
                None => {
                    let base = story_name(&candidates[i].title, candidates[i].day);
                    let mut name = base.clone();
                    let mut n = 1;
                    while used.contains_key(&name) {
                        n += 1;
                        name = format!("{base}-{n}");
                    }
                    Some(name)
                }
            };
            candidates[i].story = story;
        }
        if let Some(s) = &candidates[i].story {
            used.entry(s.clone()).or_insert(i);
        }
        for s in &candidates[i].shingles {
            let list = postings.entry(*s).or_default();
            if list.len() < MAX_POSTINGS {
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
