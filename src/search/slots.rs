//! Document numbers that adding or removing an article does not shift.
//!
//! The index files name a document by a number the shards store in their
//! postings. A rank (newest first) would renumber every later document when
//! one is added or removed, and with it nearly every shard. Here a
//! document's number is its day times [`Numbering::slots`] plus a slot
//! picked by a hash of its URL path (the next free one when taken), so a
//! change renumbers no other document unless one shared its slot's probe
//! run. The numbers depend only on the set of documents, so a full build and
//! an incremental update agree. The row files (`d/`, `x/`) are chunked by
//! day ([`Numbering::days`] a file): a document added or removed rewrites
//! one of each.

use std::collections::BTreeMap;

use hashbrown::HashSet;

use super::index::Doc;

/// The highest day (days since 1970-01-01) with its own numbers; earlier
/// and later days share those of the first or the last.
pub const LAST_BUCKET: i32 = 65_535;

/// Most slots a day can have: days times slots stays within `u32`.
const MOST_SLOTS: u32 = 1 << 16;

/// Fewest numbers a day has.
pub const FEWEST_SLOTS: usize = 1024;

/// Documents a row file holds on average, about.
pub const CHUNK_DOCS: usize = 100;

/// The number space of one index; every document's number follows from it
/// and the set of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Numbering {
    /// Numbers per day: a power of two, at least [`FEWEST_SLOTS`] and four
    /// times the documents of the busiest day, so slots rarely collide and
    /// a day has to pass 256 documents before the space (and with it every
    /// number) changes.
    pub slots: u32,
    /// Days per row file: a power of two, about [`CHUNK_DOCS`] documents a
    /// file over the days the documents span.
    pub days: u32,
}

/// The day whose numbers a document of day `day` takes.
pub fn bucket(day: i32) -> u32 {
    day.clamp(0, LAST_BUCKET) as u32
}

/// FNV-1a: fixed, so numbers never depend on the process or the platform.
fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Numbering {
    /// The number space for `docs`.
    pub fn of(docs: &[Doc]) -> Numbering {
        let mut per_day: BTreeMap<u32, usize> = BTreeMap::new();
        for d in docs {
            *per_day.entry(bucket(d.day)).or_default() += 1;
        }
        let busiest = per_day.values().copied().max().unwrap_or(0);
        let slots = (busiest.saturating_mul(4).max(FEWEST_SLOTS) as u32)
            .checked_next_power_of_two()
            .map_or(MOST_SLOTS, |s| s.min(MOST_SLOTS));
        let span = match (per_day.first_key_value(), per_day.last_key_value()) {
            (Some((a, _)), Some((b, _))) => (b - a + 1) as usize,
            _ => 1,
        };
        let wanted = (CHUNK_DOCS * span / docs.len().max(1)).clamp(1, 1 << 15);
        // The largest power of two not above `wanted`.
        let days = 1u32 << wanted.ilog2();
        Numbering { slots, days }
    }

    /// The row file (`d/N.json`, `x/N.txt`) holding a document of day `day`.
    pub fn chunk(&self, day: i32) -> u32 {
        bucket(day) / self.days.max(1)
    }

    /// The number of every document of `docs`, in their order.
    pub fn assign(&self, docs: &[Doc]) -> Vec<u32> {
        let slots = self.slots.max(1);
        let mut by_day: BTreeMap<u32, Vec<(u32, &str, usize)>> = BTreeMap::new();
        for (i, d) in docs.iter().enumerate() {
            let home = (hash(&d.path) % u64::from(slots)) as u32;
            by_day
                .entry(bucket(d.day))
                .or_default()
                .push((home, &d.path, i));
        }
        let mut ids = vec![0; docs.len()];
        let mut taken: HashSet<u32> = HashSet::new();
        for (day, mut list) in by_day {
            // Linear probing in a fixed order (home slot, then path): the
            // result depends on the set only, and a document added or
            // removed moves at most the later ones of its run.
            list.sort_unstable();
            taken.clear();
            for (home, _, i) in list {
                let mut slot = home;
                // More documents than slots would only happen with over
                // 16,384 on one day; they would then share numbers.
                for _ in 0..slots {
                    if taken.insert(slot) {
                        break;
                    }
                    slot = (slot + 1) % slots;
                }
                ids[i] = day * slots + slot;
            }
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, day: i32) -> Doc {
        Doc {
            title: path.into(),
            path: path.into(),
            day,
            source: None,
            topics: Vec::new(),
            summary: String::new(),
            text: Default::default(),
        }
    }

    #[test]
    fn adding_a_document_renumbers_no_other_and_numbers_follow_the_set() {
        let docs: Vec<Doc> = (0..40)
            .map(|i| doc(&format!("2024/11/{:02}/r{i}/", i % 4), 20000 + i % 4))
            .collect();
        let n = Numbering::of(&docs);
        let ids = n.assign(&docs);
        let unique: HashSet<u32> = ids.iter().copied().collect();
        assert_eq!(unique.len(), docs.len());
        assert!(
            ids.iter()
                .all(|&id| id / n.slots >= 20000 && id / n.slots < 20004)
        );

        let mut more = docs.clone();
        more.insert(7, doc("2024/11/02/added/", 20002));
        let ids2 = n.assign(&more);
        let mut kept = ids2.clone();
        kept.remove(7);
        // Only documents in the added one's probe run may move.
        let moved = ids.iter().zip(&kept).filter(|(a, b)| a != b).count();
        assert!(moved <= 1, "{moved} moved");
        // The same set in another order gets the same numbers.
        let mut rev = more.clone();
        rev.reverse();
        let mut back = n.assign(&rev);
        back.reverse();
        assert_eq!(back, ids2);
    }

    #[test]
    fn the_space_grows_with_the_busiest_day_and_chunks_hold_about_a_hundred() {
        let docs: Vec<Doc> = (0..1000)
            .map(|i| doc(&format!("p{i}/"), 20000 + i / 10))
            .collect();
        let n = Numbering::of(&docs);
        assert_eq!(n.slots, FEWEST_SLOTS as u32);
        let busy: Vec<Doc> = (0..300).map(|i| doc(&format!("b{i}/"), 20000)).collect();
        assert_eq!(Numbering::of(&busy).slots, 2048);
        // 10 a day: 8 days (80 documents) a row file.
        assert_eq!(n.days, 8);
        assert_eq!(n.chunk(20007), 20000 / 8);
        assert_eq!(bucket(-5), 0);
    }
}
