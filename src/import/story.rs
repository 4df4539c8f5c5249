//! Story ids: reports of the same event get the same `story`, in one file or
//! across files and imports. Two entries are the same story when they are
//! at most [`WINDOW_DAYS`] apart, their word-shingle similarity reaches
//! [`THRESHOLD`], and they share at least [`MIN_RARE`] rare words (words in
//! few of the entries compared: an event's names, places and numbers). The
//! last rule keeps apart different events told in one theme's words
//! ("North Korean troops", "Kursk", "drones"), which may be similar overall
//! while sharing nothing of their own; a wrong merge misleads a reader
//! more than a missed one.
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
/// Rare words two entries must share to be one story.
pub const MIN_RARE: u32 = 2;
/// The share of the compared entries a word may be in and still be rare.
const RARE_SHARE: f64 = 0.02;
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
    let mut out: Vec<u64> = words(norm)
        .filter(|w| has_three_chars(w) && !is_stopword(w))
        .map(|w| fnv64(number_or_stem(w).as_bytes()))
        .collect();
    out.sort_unstable();
    out.dedup();
    // Kept with the entry until its story is chosen: without the room the
    // repeated words left.
    out.shrink_to_fit();
    out
}

/// True when `word` has three characters or more (a character is one to
/// four bytes).
fn has_three_chars(word: &str) -> bool {
    word.len() >= 12 || word.len() >= 3 && word.chars().nth(2).is_some()
}

/// The words of a text: letters, digits, inner apostrophes and hyphens; a
/// number keeps its thousands separators ("12,000" is one word, not "12"
/// and a "000" that every round number shares).
fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // Past the characters between words (ASCII ones byte by byte)…
        loop {
            while bytes
                .get(i)
                .is_some_and(|&b| b.is_ascii() && WORD_BYTE[usize::from(b)] == 0)
            {
                i += 1;
            }
            if i >= bytes.len() {
                return None;
            }
            let (keep, len) = in_word(text, i);
            if keep {
                break;
            }
            i += len;
        }
        // …then along the word, to the first character that is not in it.
        let start = i;
        loop {
            while bytes
                .get(i)
                .is_some_and(|&b| b.is_ascii() && WORD_BYTE[usize::from(b)] == IN_WORD)
            {
                i += 1;
            }
            if i >= bytes.len() {
                return Some(trim_marks(&text[start..]));
            }
            let (keep, len) = in_word(text, i);
            if !keep {
                let word = &text[start..i];
                i += len;
                return Some(trim_marks(word));
            }
            i += len;
        }
    })
}

/// Whether the character at byte `i` of `text` belongs to a word, and its
/// length: ASCII is decided on the byte (most text is), the rest decoded.
#[inline(always)]
fn in_word(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b.is_ascii() {
        let keep = match WORD_BYTE[usize::from(b)] {
            IN_WORD => true,
            SEPARATOR => {
                i > 0
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            }
            _ => false,
        };
        return (keep, 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (c.is_alphanumeric(), c.len_utf8())
}

/// [`WORD_BYTE`] of an ASCII letter, digit, apostrophe or hyphen.
const IN_WORD: u8 = 1;
/// [`WORD_BYTE`] of a comma or a full stop: in a word between two digits.
const SEPARATOR: u8 = 2;
/// What each ASCII byte is to a word (0: not in one).
const WORD_BYTE: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0u8;
    while b < 128 {
        t[b as usize] = if b.is_ascii_alphanumeric() || b == b'\'' || b == b'-' {
            IN_WORD
        } else if b == b',' || b == b'.' {
            SEPARATOR
        } else {
            0
        };
        b += 1;
    }
    t
};

/// `word` without apostrophes and hyphens at either end (read on bytes:
/// both are ASCII, so every cut falls on a character boundary).
fn trim_marks(word: &str) -> &str {
    let mark = |b: &u8| *b == b'\'' || *b == b'-';
    let b = word.as_bytes();
    match (
        b.iter().position(|c| !mark(c)),
        b.iter().rposition(|c| !mark(c)),
    ) {
        (Some(first), Some(last)) => &word[first..=last],
        _ => "",
    }
}

/// A number without its separators, else the stemmed word.
fn number_or_stem(w: &str) -> std::borrow::Cow<'_, str> {
    if w.starts_with(|c: char| c.is_ascii_digit()) && w.contains([',', '.']) {
        std::borrow::Cow::Owned(w.replace([',', '.'], ""))
    } else {
        std::borrow::Cow::Borrowed(stem(w))
    }
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
    /// The story an earlier import gave this entry, which it takes back
    /// when it founds a story (so `/stories/ID/` links stay valid).
    pub hint: Option<String>,
    /// The drones its main tally says were launched: two tallies that
    /// disagree are two nights, however alike their words.
    pub launched: Option<u64>,
}

/// One shingle in the index: its weight, how many entries have it, whether
/// that is few enough for it to be an event's own word, and the earlier
/// entries that have it.
#[derive(Debug, Default)]
struct Posting {
    weight: f64,
    entries: u32,
    rare: bool,
    earlier: Vec<usize>,
}

/// The most entries a word may be in and still count as rare: three, or
/// one in [`RARE_SHARE`] of the entries compared when there are many.
fn rare_limit(entries: usize) -> u32 {
    let share = (entries as f64 * RARE_SHARE).ceil();
    share.max(3.0) as u32
}

/// How alike one candidate is to an earlier one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// The earlier candidate.
    pub with: usize,
    /// Their [`similarity`].
    pub score: f64,
    /// How many rare words they share (see [`rare_limit`]).
    pub rare: u32,
}

impl Match {
    /// True when the two are reports of one event: similar enough, and
    /// sharing enough rare words (an event's own names, places, numbers)
    /// rather than only the vocabulary of a theme.
    pub fn is_one_story(&self) -> bool {
        self.score >= THRESHOLD && self.rare >= MIN_RARE
    }

    /// Higher similarity first; on a tie, the earlier candidate.
    fn beats(&self, other: &Match) -> bool {
        self.score > other.score || (self.score == other.score && self.with < other.with)
    }
}

/// How one candidate got its story, for `--explain`.
#[derive(Debug, Clone, PartialEq)]
pub enum Joined {
    /// It had one already.
    Known,
    /// It joined the story of the candidate it matched.
    With(Match),
    /// It founded a story; `nearest` is the most similar candidate within
    /// the window, if any shared a word.
    New {
        /// The nearest candidate.
        nearest: Option<Match>,
    },
}

/// One candidate's story and how it got it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The story id.
    pub story: String,
    /// How.
    pub joined: Joined,
}

/// What two texts share, for `--explain`: names (words written with a
/// capital), numbers, and other content words, each in the order of `a`.
pub fn evidence(a: &str, b: &str) -> String {
    let key = |w: &str| number_or_stem(&normalise(w)).into_owned();
    let in_b: HashSet<String> = words(b).map(key).collect();
    let (mut names, mut numbers, mut other) = (Vec::new(), Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    for w in words(a) {
        let lower = normalise(w);
        let k = key(w);
        if w.chars().nth(2).is_none()
            || is_stopword(&lower)
            || !in_b.contains(&k)
            || !seen.insert(k)
        {
            continue;
        }
        let list = if w.starts_with(|c: char| c.is_ascii_digit()) {
            &mut numbers
        } else if w.starts_with(char::is_uppercase) {
            &mut names
        } else {
            &mut other
        };
        list.push(w.to_string());
    }
    let show = |l: &[String]| {
        if l.is_empty() {
            "none".to_string()
        } else {
            let mut v: Vec<&str> = l.iter().take(12).map(String::as_str).collect();
            if l.len() > 12 {
                v.push("…");
            }
            v.join(", ")
        }
    };
    format!(
        "names {}; numbers {}; words {}",
        show(&names),
        show(&numbers),
        show(&other)
    )
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
    assign_explained(candidates, Nearest::Skip)
        .into_iter()
        .map(|a| a.story)
        .collect()
}

/// Whether [`assign_explained`] finds, for a candidate that founds a
/// story, the nearest candidate it did not join. Only `--explain` shows it;
/// without it, earlier candidates that share too few rare words to be one
/// story with a candidate are passed over unscored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nearest {
    /// Find it, for `--explain`.
    Find,
    /// Leave it out ([`Joined::New`] has `nearest: None`).
    Skip,
}

/// [`assign`], saying for each candidate how it got its story (and, with
/// [`Nearest::Find`], the nearest candidate of one that founded a story).
pub fn assign_explained(candidates: &mut [Candidate], nearest_of_new: Nearest) -> Vec<Assignment> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    // Known stories first, then by day, so ids do not depend on file order.
    order.sort_by_key(|&i| (candidates[i].story.is_none(), candidates[i].day, i));
    // Each distinct shingle gets a dense id, found with one hash lookup per
    // shingle of each entry; every later pass indexes its posting (weight,
    // entry count, earlier entries) by that id instead of hashing again.
    let (ids, starts, mut postings) = posting_ids(candidates);
    let ids_of = |i: usize| &ids[starts[i]..starts[i + 1]];
    let n = candidates.len() as f64;
    let rare_limit = rare_limit(candidates.len());
    for p in &mut postings {
        p.weight = ((n + PRIOR_ENTRIES) / (f64::from(p.entries) + 1.0)).ln();
        p.rare = p.entries <= rare_limit;
    }
    let norms: Vec<Norm> = (0..candidates.len())
        .map(|i| Norm::new(ids_of(i).iter().map(|&id| postings[id].weight).sum()))
        .collect();
    // Each candidate's day as a day number, so that comparing two days is
    // a subtraction, not a calendar computation per pair compared.
    let day_numbers: Vec<i64> = candidates.iter().map(|c| day_number(c.day)).collect();
    // Shared weight and rare words per earlier entry, reset after each
    // entry through `touched`.
    let mut shared = vec![(0.0f64, 0u32); candidates.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut joined = vec![Joined::Known; candidates.len()];
    // Stories founded in this run, in the order they were founded.
    let mut founded: Vec<String> = Vec::new();
    for &i in &order {
        if candidates[i].story.is_none() {
            // Weight of the shingles shared with each earlier entry.
            for &id in ids_of(i) {
                let p = &postings[id];
                for &j in &p.earlier {
                    if shared[j].0 == 0.0 {
                        touched.push(j);
                    }
                    shared[j].0 += p.weight;
                    shared[j].1 += u32::from(p.rare);
                }
            }
            // The most similar earlier entry that is one story with this
            // one, and the most similar of all (for `--explain`).
            let mut best: Option<Match> = None;
            let mut nearest: Option<Match> = None;
            for j in touched.drain(..) {
                let (common, rare) = std::mem::take(&mut shared[j]);
                // Too few rare words shared for one story: only a nearest
                // candidate could be this one.
                if nearest_of_new == Nearest::Skip && rare < MIN_RARE {
                    continue;
                }
                if (day_numbers[i] - day_numbers[j]).abs() > i64::from(WINDOW_DAYS) {
                    continue;
                }
                let (a, b) = (candidates[i].launched, candidates[j].launched);
                if a.is_some() && b.is_some() && a != b {
                    continue;
                }
                let m = Match {
                    with: j,
                    score: similarity(common, &norms[i], &norms[j]),
                    rare,
                };
                if nearest_of_new == Nearest::Find && nearest.as_ref().is_none_or(|b| m.beats(b)) {
                    nearest = Some(m);
                }
                if m.is_one_story() && best.as_ref().is_none_or(|b| m.beats(b)) {
                    best = Some(m);
                }
            }
            let story = match best {
                Some(m) => {
                    let story = candidates[m.with].story.clone();
                    joined[i] = Joined::With(m);
                    story
                }
                None => {
                    joined[i] = Joined::New { nearest };
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
                    founded.push(name.clone());
                    Some(name)
                }
            };
            candidates[i].story = story;
        }
        if let Some(s) = &candidates[i].story {
            used.insert(s.clone());
        }
        for &id in ids_of(i) {
            let p = &mut postings[id];
            if p.earlier.len() < MAX_POSTINGS {
                p.earlier.push(i);
            }
        }
    }
    take_back_hints(candidates, &founded, &used);
    candidates
        .iter()
        .zip(joined)
        .map(|(c, joined)| Assignment {
            story: c.story.clone().unwrap_or_default(),
            joined,
        })
        .collect()
}

/// Every candidate's shingles as dense posting ids, all in one list
/// (candidate `i`'s are `ids[starts[i]..starts[i + 1]]`, in the order of
/// its shingles), and one posting per distinct shingle with its entry count.
fn posting_ids(candidates: &[Candidate]) -> (Vec<usize>, Vec<usize>, Vec<Posting>) {
    let total: usize = candidates.iter().map(|c| c.shingles.len()).sum();
    let mut id_of: HashMap<u64, usize, Prehashed> =
        HashMap::with_capacity_and_hasher(total / 2, Prehashed);
    let mut postings: Vec<Posting> = Vec::new();
    let mut ids = Vec::with_capacity(total);
    let mut starts = Vec::with_capacity(candidates.len() + 1);
    starts.push(0);
    for c in candidates {
        for s in &c.shingles {
            let id = *id_of.entry(*s).or_insert_with(|| {
                postings.push(Posting::default());
                postings.len() - 1
            });
            postings[id].entries += 1;
            ids.push(id);
        }
        starts.push(ids.len());
    }
    (ids, starts, postings)
}

/// The number of a day, counted from 1 January 1970: two days are as many
/// days apart as their numbers. Civil days are 24 hours long, so the
/// seconds between midnights divide exactly.
fn day_number(day: Date) -> i64 {
    day.duration_since(Date::constant(1970, 1, 1)).as_secs() / 86_400
}

/// Renames each story founded in this run to the earlier id most of its
/// members had (their [`Candidate::hint`]), when no other story holds that
/// id: re-importing a file with new rules keeps its stories' ids.
fn take_back_hints(candidates: &mut [Candidate], founded: &[String], used: &HashSet<String>) {
    let founded_set: HashSet<&String> = founded.iter().collect();
    // A story may take back an id no other story holds, or keep its own.
    let mut taken: HashSet<String> = used.clone();
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        if let Some(s) = c
            .story
            .as_deref()
            .filter(|s| founded_set.contains(&s.to_string()))
        {
            members.entry(s).or_default().push(i);
        }
    }
    let mut renames: Vec<(Vec<usize>, String)> = Vec::new();
    for story in founded {
        let Some(list) = members.get(story.as_str()) else {
            continue;
        };
        let mut votes: Vec<(&str, usize)> = Vec::new();
        for &i in list {
            if let Some(h) = candidates[i].hint.as_deref() {
                match votes.iter_mut().find(|(v, _)| *v == h) {
                    Some(v) => v.1 += 1,
                    None => votes.push((h, 1)),
                }
            }
        }
        votes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let pick = votes
            .iter()
            .map(|(h, _)| *h)
            .find(|h| *h == story || !taken.contains(*h));
        let name = pick.unwrap_or(story).to_string();
        if name != *story {
            taken.insert(name.clone());
            renames.push((list.clone(), name));
        }
    }
    for (list, name) in renames {
        for i in list {
            candidates[i].story = Some(name.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// A text that repeats its words keeps one shingle of each and no room
    /// for the repeats (the shingles stay with the entry until it is written).
    #[test]
    fn shingles_keep_no_room_for_repeated_words() {
        let s = shingles_of_normalised("drones drones drones over kharkiv kharkiv kharkiv again");
        assert_eq!(s.len(), 3);
        assert_eq!(s.capacity(), s.len());
    }

    fn cand(title: &str, body: &str, day: Date) -> Candidate {
        Candidate {
            title: title.into(),
            day,
            shingles: shingles(&format!("{title}\n{body}")),
            story: None,
            hint: None,
            launched: None,
        }
    }

    #[test]
    fn day_numbers_count_calendar_days_either_way() {
        let a = date(2024, 12, 30);
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        assert_eq!(day_number(date(1969, 12, 31)), -1);
        for (day, want) in [
            (date(2024, 12, 30), 0),
            (date(2025, 1, 2), 3),
            (date(2024, 2, 28), 306),
            (date(2028, 12, 30), 1461),
        ] {
            let calendar = i64::from(a.since(day).unwrap().get_days().abs());
            assert_eq!(calendar, want, "{day}");
            assert_eq!((day_number(a) - day_number(day)).abs(), want, "{day}");
            assert_eq!((day_number(day) - day_number(a)).abs(), want, "{day}");
        }
    }

    #[test]
    fn skipping_the_nearest_gives_the_same_stories() {
        // Two events, each told twice, and a loner sharing one theme word
        // with them: the stories are the same whether or not the nearest
        // candidate of each new story is looked for, and only looking for
        // it finds one.
        let d = date(2025, 3, 4);
        let make = || {
            vec![
                cand(
                    "Pipe checked",
                    "Divers inspected the Ventspils gas pipe after a trawler anchor dragged across it.",
                    d,
                ),
                cand(
                    "Anchor drag",
                    "A trawler anchor dragged across the Ventspils gas pipe, divers found.",
                    d,
                ),
                cand(
                    "Dam drained",
                    "Engineers drained the Oskil reservoir dam after shelling cracked its spillway.",
                    d,
                ),
                cand(
                    "Spillway crack",
                    "Shelling cracked the spillway of the Oskil reservoir dam; engineers drained it.",
                    d,
                ),
                cand("Harbour quiet", "Divers rested in the harbour.", d),
            ]
        };
        let (mut a, mut b) = (make(), make());
        let found = assign_explained(&mut a, Nearest::Find);
        let skipped = assign_explained(&mut b, Nearest::Skip);
        let stories = |v: &[Assignment]| v.iter().map(|x| x.story.clone()).collect::<Vec<_>>();
        assert_eq!(stories(&found), stories(&skipped));
        assert_eq!(found[0].story, found[1].story);
        assert_eq!(found[2].story, found[3].story);
        assert_ne!(found[0].story, found[2].story);
        let nearest = |v: &[Assignment]| {
            v.iter()
                .filter(|x| matches!(x.joined, Joined::New { nearest: Some(_) }))
                .count()
        };
        assert!(nearest(&found) > 0, "{found:?}");
        assert_eq!(nearest(&skipped), 0, "{skipped:?}");
    }

    #[test]
    fn words_keep_numbers_apostrophes_and_other_scripts() {
        let got: Vec<&str> =
            words("'12,000 troops' at zelensky's side — київ, 3.5 km; -x- ").collect();
        assert_eq!(
            got,
            [
                "12,000",
                "troops",
                "at",
                "zelensky's",
                "side",
                "київ",
                "3.5",
                "km",
                "x"
            ]
        );
        assert_eq!(words("").count(), 0);
    }

    /// The word rules as first written, character by character, as the
    /// reference for [`words`].
    fn reference_words(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let keep = |i: usize| {
            let c = chars[i];
            c.is_alphanumeric()
                || c == '\''
                || c == '-'
                || (matches!(c, ',' | '.')
                    && i > 0
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        };
        let mut out = Vec::new();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            if keep(i) {
                word.push(c);
            } else if !word.is_empty() {
                out.push(word.trim_matches(['\'', '-']).to_string());
                word.clear();
            }
        }
        if !word.is_empty() {
            out.push(word.trim_matches(['\'', '-']).to_string());
        }
        out
    }

    #[test]
    fn words_are_the_runs_the_character_rules_give() {
        for t in [
            "'12,000 troops' at zelensky's side — київ, 3.5 km; -x- ",
            "'-' -- a-b 1,2,3 ,5 5, 6.7.8. x'",
            "é-'ü' 10,000,000 ½ ٣,٤ 12.",
            "",
        ] {
            assert_eq!(words(t).collect::<Vec<_>>(), reference_words(t), "{t:?}");
        }
        for (w, three) in [
            ("ab", false),
            ("abc", true),
            ("éé", false),
            ("ééé", true),
            ("🙂🙂🙂", true),
            ("🙂🙂", false),
        ] {
            assert_eq!(has_three_chars(w), three, "{w}");
        }
    }

    proptest::proptest! {
        #[test]
        fn shingled_words_match_the_character_rules(t in "[a-zA-Z0-9',.\\- éкї½٣]{0,40}") {
            proptest::prop_assert_eq!(words(&t).collect::<Vec<_>>(), reference_words(&t));
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
    fn two_tallies_that_disagree_are_two_nights() {
        // The same words of a nightly air-force tally, a day apart: one
        // story while no count says otherwise, two when the counts differ.
        let text = |n: u32| {
            format!(
                "The air force said Russia launched {n} drones overnight at the Odesa and Mykolaiv regions; most were shot down."
            )
        };
        let pair = |a: Option<u64>, b: Option<u64>| {
            let mut c = vec![
                cand("Overnight drone attack", &text(77), date(2025, 11, 17)),
                cand("Overnight drone attack", &text(77), date(2025, 11, 18)),
            ];
            c[0].launched = a;
            c[1].launched = b;
            let s = assign(&mut c);
            s[0] == s[1]
        };
        assert!(pair(None, None));
        assert!(pair(Some(77), Some(77)));
        assert!(pair(Some(77), None));
        assert!(!pair(Some(77), Some(60)));
    }

    #[test]
    fn a_shared_theme_is_not_a_shared_event() {
        // Five different events told in the theme's words: only the theme's
        // vocabulary is shared, no name, place or number of an event.
        let d = date(2025, 2, 3);
        let theme = "North Korean troops fighting for Russia in Ukraine";
        let mut c: Vec<Candidate> = [
            "Seoul lawmakers count the wounded",
            "A Pentagon briefing gives a new estimate",
            "Kyiv releases a drone video of a column",
            "Tokyo protests a missile launch",
            "An envoy in Geneva speaks of conscripts",
        ]
        .iter()
        .map(|t| cand(t, theme, d))
        .collect();
        let s = assign(&mut c);
        let distinct: HashSet<&String> = s.iter().collect();
        assert_eq!(distinct.len(), 5, "{s:?}");
    }

    #[test]
    fn a_founded_story_takes_back_its_earlier_id() {
        let d = date(2025, 2, 3);
        let body =
            "Divers inspected the Ventspils gas pipe after a trawler anchor dragged across it.";
        let mut a = cand("Pipe checked", body, d);
        a.hint = Some("ventspils-pipe-2025-02-03".into());
        let mut b = cand("Anchor drag", body, d);
        b.hint = Some("ventspils-pipe-2025-02-03".into());
        let s = assign(&mut [a, b]);
        assert_eq!(
            s,
            ["ventspils-pipe-2025-02-03", "ventspils-pipe-2025-02-03"]
        );
    }

    #[test]
    fn numbers_keep_their_separators() {
        // "12,000" and "8,000" share no "000".
        let a = shingles("12,000 troops");
        let b = shingles("8,000 troops");
        assert_eq!(a.iter().filter(|x| b.contains(x)).count(), 1);
        assert!(evidence("Kyiv saw 298 drones", "298 drones over Kyiv").contains("numbers 298"));
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
