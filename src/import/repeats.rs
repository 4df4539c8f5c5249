//! Text repeated within one file is kept once: a lead section that repeats a
//! later post loses the repeated paragraphs (the post keeps them, with its
//! headline and time stamp); a post repeated whole is kept the first time.

use std::collections::HashMap;

use crate::import::clean::Noise;
use crate::import::draft::{Block, Draft, Dropped, Split};

/// A paragraph's text for comparison: words only, lower case.
fn key(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Removes repeated paragraphs and then entries left with nothing to say.
pub fn remove(split: &mut Split) {
    // Where each paragraph is kept: the first post (index ≥ 1) that has it,
    // else the lead.
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (d, draft) in split.drafts.iter().enumerate() {
        for block in &draft.blocks {
            if let Block::Para(t) = block {
                let k = key(t);
                if k.split(' ').count() < 4 {
                    continue; // short lines ("He said:") may repeat honestly
                }
                let current = owner.get(&k).copied();
                let better = match current {
                    None => true,
                    Some(o) => split.drafts[o].index == 0 && draft.index != 0,
                };
                if better {
                    owner.insert(k, d);
                }
            }
        }
    }
    let mut dropped: Vec<Dropped> = Vec::new();
    for (d, draft) in split.drafts.iter_mut().enumerate() {
        let line = draft.line;
        draft.blocks.retain(|block| match block {
            Block::Para(t) => {
                let k = key(t);
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
    let mut seen_headlines: Vec<String> = Vec::new();
    split.drafts.retain(|draft: &Draft| {
        let Some(h) = draft.headline.as_deref().map(key) else {
            return !draft.blocks.is_empty();
        };
        let repeat = seen_headlines.contains(&h) && draft.blocks.is_empty();
        seen_headlines.push(h);
        !repeat
    });
    split
        .drafts
        .retain(|d| !(d.is_empty() || (d.index == 0 && d.blocks.is_empty())));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Block {
        Block::Para(t.into())
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
