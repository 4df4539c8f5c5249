//! Text repeated within one file is kept once: a lead section that repeats a
//! later post loses the repeated paragraphs (the post keeps them, with its
//! headline and time stamp); a post repeated whole is kept the first time.

use std::collections::{HashMap, HashSet};

use crate::import::story::Prehashed;

use crate::import::clean::Noise;
use crate::import::draft::{Block, Draft, Dropped, Split};
use crate::import::story::{fnv, fnv64};

/// The hashes of a paragraph's words, lower case (its comparison key).
/// Byte-level for ASCII: this runs on every paragraph of every file.
fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    each_word_hash(text, |h| out.push(h));
    out
}

/// Each ASCII letter or digit in lower case, every other ASCII byte 0.
const LOWER_ALNUM: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0u8;
    while b < 128 {
        if b.is_ascii_alphanumeric() {
            t[b as usize] = b.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// Calls `f` with the hash of each of `text`'s words, lower case.
fn each_word_hash(text: &str, mut f: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let mut h = fnv64(b"");
    let mut in_word = false;
    // ASCII is read byte by byte; only other characters are decoded, and `i`
    // steps over each whole, so it always stands on a character boundary.
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (letter, len) = if b.is_ascii() {
            let lower = LOWER_ALNUM[usize::from(b)];
            if lower != 0 {
                h = fnv(&[lower], h);
            }
            (lower != 0, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_alphanumeric() {
                for l in c.to_lowercase() {
                    h = fnv(l.encode_utf8(&mut [0u8; 4]).as_bytes(), h);
                }
            }
            (c.is_alphanumeric(), c.len_utf8())
        };
        if letter {
            in_word = true;
        } else if in_word {
            f(h);
            h = fnv64(b"");
            in_word = false;
        }
        i += len;
    }
    if in_word {
        f(h);
    }
}

/// A paragraph's key hashed, and its word count.
fn key_hash(text: &str) -> (u64, usize) {
    let (mut h, mut words) = (fnv64(b""), 0);
    each_word_hash(text, |w| {
        h = h.rotate_left(7) ^ w.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        words += 1;
    });
    (h, words)
}

/// Word trigrams of a paragraph, hashed.
fn trigrams(text: &str) -> HashSet<u64, Prehashed> {
    word_hashes(text)
        .windows(3)
        .map(|w| w[0].rotate_left(42) ^ w[1].rotate_left(21) ^ w[2])
        .collect()
}

/// Share of a lead paragraph's trigrams found in one post paragraph, at
/// which the lead paragraph counts as a repeat of it ("Meanwhile, Russia
/// …" repeating a post's "Russia …").
const NEAR_REPEAT: f64 = 0.8;

/// True when `lead_key` nearly repeats one of the posts' paragraphs.
fn nearly_repeated(lead_text: &str, index: &HashMap<u64, Vec<usize>, Prehashed>) -> bool {
    let own = trigrams(lead_text);
    if own.len() < 3 {
        return false;
    }
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for t in &own {
        for p in index.get(t).map(Vec::as_slice).unwrap_or(&[]) {
            *counts.entry(*p).or_default() += 1;
        }
    }
    counts
        .values()
        .any(|&c| c as f64 >= NEAR_REPEAT * own.len() as f64)
}

/// Removes repeated paragraphs and then entries left with nothing to say.
pub(crate) fn remove(split: &mut Split) {
    remove_near_repeats_from_lead(split);
    // Where each paragraph is kept: the first post (index ≥ 1) that has it,
    // else the lead.
    // Each paragraph's key, computed once.
    let keys: Vec<Vec<(u64, usize)>> = split
        .drafts
        .iter()
        .map(|draft| {
            let paras = draft.blocks.iter().filter_map(|b| match b {
                Block::Para(t) => Some(key_hash(t)),
                _ => None,
            });
            paras.collect()
        })
        .collect();
    let mut owner: HashMap<u64, usize, Prehashed> = HashMap::default();
    for (d, draft) in split.drafts.iter().enumerate() {
        for &(k, words) in &keys[d] {
            if words < 4 {
                continue; // short lines ("He said:") may repeat honestly
            }
            let better = match owner.get(&k) {
                None => true,
                Some(&o) => split.drafts[o].index == 0 && draft.index != 0,
            };
            if better {
                owner.insert(k, d);
            }
        }
    }
    let mut dropped: Vec<Dropped> = Vec::new();
    for (d, draft) in split.drafts.iter_mut().enumerate() {
        let line = draft.line;
        let mut para_keys = keys[d].iter();
        draft.blocks.retain(|block| match block {
            Block::Para(t) => {
                let k = para_keys.next().map_or(0, |&(k, _)| k);
                let keep = owner.get(&k).is_none_or(|&o| o == d);
                if !keep {
                    dropped.push(Dropped {
                        line,
                        noise: Noise::Repeated,
                        text: t.clone(),
                    });
                }
                keep
            }
            _ => true,
        });
    }
    split.dropped.extend(dropped);
    // A post whose headline repeats an earlier one and whose body went is a repeat.
    let mut seen_headlines: HashSet<u64, Prehashed> = HashSet::default();
    split.drafts.retain(|draft: &Draft| {
        let Some((h, _)) = draft.headline.as_deref().map(key_hash) else {
            return !draft.blocks.is_empty();
        };
        let repeat = draft.blocks.is_empty() && !seen_headlines.insert(h);
        seen_headlines.insert(h);
        !repeat
    });
    split
        .drafts
        .retain(|d| !(d.is_empty() || (d.index == 0 && d.blocks.is_empty())));
}

/// Drops lead paragraphs that nearly repeat a post's paragraph.
fn remove_near_repeats_from_lead(split: &mut Split) {
    let Some(lead_at) = split.drafts.iter().position(|d| d.index == 0) else {
        return;
    };
    if !split.drafts[lead_at]
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Para(_)))
    {
        return;
    }
    let mut index: HashMap<u64, Vec<usize>, Prehashed> = HashMap::default();
    let mut n = 0;
    for draft in split.drafts.iter().filter(|d| d.index != 0) {
        for block in &draft.blocks {
            if let Block::Para(t) = block {
                for tri in trigrams(t) {
                    let list = index.entry(tri).or_default();
                    // A trigram in many paragraphs is common wording; a few
                    // of them are enough to find the paragraph a lead repeats.
                    if list.len() < 16 {
                        list.push(n);
                    }
                }
                n += 1;
            }
        }
    }
    let lead = &mut split.drafts[lead_at];
    let line = lead.line;
    let mut dropped = Vec::new();
    lead.blocks.retain(|block| match block {
        Block::Para(t) if nearly_repeated(t, &index) => {
            dropped.push(Dropped {
                line,
                noise: Noise::Repeated,
                text: t.clone(),
            });
            false
        }
        _ => true,
    });
    split.dropped.extend(dropped);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Block {
        Block::Para(t.into())
    }

    #[test]
    fn words_are_hashed_lower_case_in_any_script() {
        let one = |t: &str| word_hashes(t);
        assert_eq!(one("Kyiv, KYIV; kyiv!"), vec![fnv64(b"kyiv"); 3]);
        assert_eq!(one("Київ КИЇВ"), vec![fnv64("київ".as_bytes()); 2]);
        assert_eq!(one("a1_b2 x"), [fnv64(b"a1"), fnv64(b"b2"), fnv64(b"x")]);
        assert!(one(" -- ,. ").is_empty());
        assert_eq!(key_hash("Drones hit Odesa").1, 3);
    }

    #[test]
    fn lead_loses_what_a_post_repeats() {
        let mut split = Split::default();
        let mut lead = Draft::new(0, 1);
        lead.blocks = vec![
            para("The bridge was hit at dawn today."),
            para("Only the lead says this here."),
        ];
        let mut post = Draft::new(1, 5);
        post.headline = Some("Bridge hit".into());
        post.blocks = vec![para("The bridge was hit at dawn today.")];
        split.drafts = vec![lead, post];
        remove(&mut split);
        assert_eq!(
            split.drafts[0].blocks,
            vec![para("Only the lead says this here.")]
        );
        assert_eq!(split.drafts[1].blocks.len(), 1);
        assert_eq!(split.dropped.len(), 1);
    }

    #[test]
    fn near_repeats_leave_the_lead() {
        let mut split = Split::default();
        let mut lead = Draft::new(0, 1);
        lead.blocks = vec![para(
            "Meanwhile, gunfire was heard near the old bridge at dawn.",
        )];
        let mut post = Draft::new(1, 5);
        post.blocks = vec![para("Gunfire was heard near the old bridge at dawn.")];
        split.drafts = vec![lead, post.clone()];
        remove(&mut split);
        assert_eq!(split.drafts, vec![post]);
    }

    #[test]
    fn empty_entries_go() {
        let mut split = Split::default();
        let mut lead = Draft::new(0, 1);
        lead.blocks = vec![para("Same words in both of these posts.")];
        let mut a = Draft::new(1, 2);
        a.blocks = vec![para("Same words in both of these posts.")];
        split.drafts = vec![lead, a.clone(), Draft::new(2, 3)];
        remove(&mut split);
        assert_eq!(split.drafts, vec![a]);
    }
}
