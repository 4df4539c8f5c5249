//! The drone tracker's data: every `figures.drones` tally, reconciled into
//! one row per night and launching side. A tally belongs to the night whose
//! morning it ends on: the day its `window` ends, else the entry's day.
//! Several reports of one night agree figure by figure: the value most of
//! them give wins, a tie goes to the earliest report, and a row whose
//! reports disagree is marked.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{PageId, Store};
use crate::content::Page;
use crate::content::figures::DRONE_COUNTS;

/// One night and side: the reconciled figures and the reports behind them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Night {
    /// The day whose morning the night ends on.
    pub night: Date,
    /// Who launched the drones, as a slug; `None` when no report says.
    pub side: Option<String>,
    /// The reports, earliest first.
    pub reports: Vec<PageId>,
    /// The reconciled value of each of [`DRONE_COUNTS`], `None` when unknown.
    pub counts: [Option<u64>; DRONE_COUNTS.len()],
    /// For each of [`DRONE_COUNTS`], whether the reports give different values.
    pub disputed: [bool; DRONE_COUNTS.len()],
}

impl Night {
    /// The reconciled value of one count by name.
    pub fn count(&self, name: &str) -> Option<u64> {
        DRONE_COUNTS
            .iter()
            .position(|&n| n == name)
            .and_then(|i| self.counts[i])
    }

    /// True when any figure is disputed.
    pub fn conflict(&self) -> bool {
        self.disputed.iter().any(|&d| d)
    }

    /// The anchor of the night's row on the tracker page.
    pub fn anchor(&self) -> String {
        night_anchor(self.night, self.side.as_deref())
    }
}

/// The id of a night's row on the tracker page: `night-2024-11-02-russia`.
pub(crate) fn night_anchor(night: Date, side: Option<&str>) -> String {
    format!("night-{night}-{}", side.unwrap_or("unknown"))
}

/// The night a page's tally belongs to.
pub(crate) fn night_of(page: &Page, tz: &TimeZone) -> Option<Date> {
    let d = page.drones.as_ref()?;
    Some(d.window_end_date().unwrap_or_else(|| page.day(tz)))
}

/// Every night with a tally, oldest first, then by side (unknown last).
pub(crate) fn nights(pages: &Store<PageId, Page>, tz: &TimeZone) -> Vec<Night> {
    // Keyed by night, then side with an unknown side last.
    type Key<'a> = (Date, (bool, Option<&'a str>));
    let mut groups: BTreeMap<Key, Vec<PageId>> = BTreeMap::new();
    // Walk oldest first, so each group's reports are earliest first.
    for id in pages.ids().rev() {
        let page = &pages[id];
        let (Some(d), Some(night)) = (page.drones.as_ref(), night_of(page, tz)) else {
            continue;
        };
        let side = d.side.as_deref();
        groups
            .entry((night, (side.is_none(), side)))
            .or_default()
            .push(id);
    }
    groups
        .into_iter()
        .map(|((night, (_, side)), reports)| {
            let mut counts = [None; DRONE_COUNTS.len()];
            let mut disputed = [false; DRONE_COUNTS.len()];
            for (i, name) in DRONE_COUNTS.iter().enumerate() {
                let values: Vec<u64> = reports
                    .iter()
                    .filter_map(|&id| pages[id].drones.as_ref()?.count(name))
                    .collect();
                counts[i] = majority(&values);
                disputed[i] = values.windows(2).any(|w| w[0] != w[1]);
            }
            Night {
                night,
                side: side.map(str::to_string),
                reports,
                counts,
                disputed,
            }
        })
        .collect()
}

/// The value most of `values` (earliest first) give; a tie goes to the
/// value given first.
fn majority(values: &[u64]) -> Option<u64> {
    let mut best: Option<(usize, u64)> = None;
    for &v in values {
        let n = values.iter().filter(|&&x| x == v).count();
        if best.is_none_or(|(m, _)| n > m) {
            best = Some((n, v));
        }
    }
    best.map(|(_, v)| v)
}

/// The mean of `launched` over the seven nights ending on each night of
/// `nights` (one side, oldest first), taken over the nights in that window
/// that have a launched figure; `None` where the night itself has none.
pub(crate) fn rolling_launched(nights: &[&Night]) -> Vec<Option<f64>> {
    nights
        .iter()
        .map(|n| {
            n.count("launched")?;
            let from = n.night.checked_sub(jiff::Span::new().days(6)).ok()?;
            let values: Vec<u64> = nights
                .iter()
                .filter(|m| m.night >= from && m.night <= n.night)
                .filter_map(|m| m.count("launched"))
                .collect();
            Some(values.iter().sum::<u64>() as f64 / values.len() as f64)
        })
        .collect()
}

/// A Russian-side night of November 2024 with one report, for tests.
#[cfg(test)]
pub(crate) fn test_night(day: i8, launched: Option<u64>, downed: Option<u64>) -> Night {
    let mut counts = [None; DRONE_COUNTS.len()];
    counts[0] = launched;
    counts[1] = downed;
    Night {
        night: jiff::civil::date(2024, 11, day),
        side: Some("russia".into()),
        reports: vec![PageId::new(0)],
        counts,
        disputed: [false; DRONE_COUNTS.len()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_then_earliest() {
        assert_eq!(majority(&[]), None);
        assert_eq!(majority(&[5]), Some(5));
        assert_eq!(majority(&[5, 6, 6]), Some(6));
        assert_eq!(majority(&[7, 6]), Some(7));
        assert_eq!(majority(&[7, 6, 6, 7]), Some(7));
    }

    fn night(day: i8, launched: Option<u64>) -> Night {
        test_night(day, launched, None)
    }

    #[test]
    fn the_rolling_mean_skips_nights_without_a_report() {
        let ns = [
            night(1, Some(10)),
            night(3, Some(30)),
            night(4, None),
            night(8, Some(60)),
            night(9, Some(90)),
        ];
        let refs: Vec<&Night> = ns.iter().collect();
        let mean = rolling_launched(&refs);
        assert_eq!(mean, [Some(10.0), Some(20.0), None, Some(45.0), Some(60.0)]);
    }
}
