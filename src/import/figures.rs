//! Drone figures read from the text into `figures.drones`: how many were
//! launched, downed, lost (to electronic warfare, "locationally lost",
//! "vanished from radar") and returned, and which side launched them. Only
//! exact numbers the text gives are kept: "around 550" or "more than 2,000"
//! are left out, and nothing is guessed.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::import::text::{first_sentence_len, pattern};
use crate::import::topics::normalise;

/// Who launched the drones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Launched by Russia.
    Russia,
    /// Launched by Ukraine.
    Ukraine,
}

/// One drone report: the numbers one attack's account gives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DroneReport {
    /// Drones launched.
    pub launched: Option<u64>,
    /// Drones shot down or destroyed.
    pub downed: Option<u64>,
    /// Drones lost to electronic warfare ("locationally lost", "vanished from radar").
    pub lost: Option<u64>,
    /// Drones that turned back.
    pub returned: Option<u64>,
    /// The side that launched them.
    pub side: Option<Side>,
}

impl DroneReport {
    fn fields(&self) -> usize {
        [self.launched, self.downed, self.lost, self.returned]
            .iter()
            .filter(|f| f.is_some())
            .count()
    }

    /// Merges `other` in when no figure conflicts; false (and no change) otherwise.
    fn merge(&mut self, other: &DroneReport) -> bool {
        fn fits<T: PartialEq + Copy>(a: Option<T>, b: Option<T>) -> bool {
            a.is_none() || b.is_none() || a == b
        }
        let ok = fits(self.launched, other.launched)
            && fits(self.downed, other.downed)
            && fits(self.lost, other.lost)
            && fits(self.returned, other.returned)
            && fits(self.side, other.side);
        if ok {
            self.launched = self.launched.or(other.launched);
            self.downed = self.downed.or(other.downed);
            self.lost = self.lost.or(other.lost);
            self.returned = self.returned.or(other.returned);
            self.side = self.side.or(other.side);
        }
        ok
    }

    /// The report as a YAML flow mapping, fields in a fixed order.
    pub fn to_yaml(&self) -> String {
        let mut parts = Vec::new();
        for (name, value) in [
            ("launched", self.launched),
            ("downed", self.downed),
            ("lost", self.lost),
            ("returned", self.returned),
        ] {
            if let Some(v) = value {
                parts.push(format!("{name}: {v}"));
            }
        }
        match self.side {
            Some(Side::Russia) => parts.push("side: russia".into()),
            Some(Side::Ukraine) => parts.push("side: ukraine".into()),
            None => {}
        }
        format!("{{ {} }}", parts.join(", "))
    }
}

const N: &str = r"(\d[\d,]*)";
const ADJ: &str = r"(?:[a-z'-]+ ){0,2}";
const D: &str = r"(?:drones?|uavs?|shaheds?)\b";
const DOWN: &str = r"(?:downed|shot down|destroyed|intercepted|neutrali[sz]ed)";

fn rx(p: String) -> Regex {
    pattern(&p)
}

static DOWNED_OF: LazyLock<Regex> = LazyLock::new(|| {
    rx(format!(
        r"{DOWN} (?:a total of )?{N} (?:out )?of (?:the )?(?:{N} )?{ADJ}{D}"
    ))
});
static DOWNED: LazyLock<Regex> =
    LazyLock::new(|| rx(format!(r"{DOWN} (?:a total of )?{N} {ADJ}{D}")));
static WERE_DOWNED: LazyLock<Regex> = LazyLock::new(|| {
    rx(format!(
        r"\b{N} {ADJ}{D} (?:had been|have been|were|was) {DOWN}"
    ))
});
static LAUNCHED: LazyLock<Regex> = LazyLock::new(|| {
    rx(format!(
        r"(?:launched|sent|fired) (?:a total of )?{N} {ADJ}{D}|\b{N} {ADJ}{D} (?:were )?launched"
    ))
});
static LOST: LazyLock<Regex> = LazyLock::new(|| {
    rx(format!(
        r"\b{N} (?:of the {ADJ}{D} |{ADJ}{D} |others )?(?:were|was|had been|have been) (?:locationally lost|lost|jammed)|\b{N} (?:of the {ADJ}{D} |{ADJ}{D} |others )?(?:vanished|disappeared) from (?:the )?radar"
    ))
});
static RETURNED: LazyLock<Regex> = LazyLock::new(|| {
    rx(format!(
        r"\b{N} (?:of them |{ADJ}{D} )?(?:turned back|returned|flew back)"
    ))
});
static RUSSIA: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"russian (?:[a-z-]+ )?(?:drones?|uavs?)|(?:drones?|uavs?) launched by russia|russia (?:launched|sent|fired)|shaheds?",
    )
});
static UKRAINE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"ukrainian (?:[a-z-]+ )?(?:drones?|uavs?)|(?:drones?|uavs?) launched by ukraine|ukraine (?:launched|sent|fired)",
    )
});
static DRONE_WORDS: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)drone|uav|shahed"));
static APPROXIMATE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?:around|about|nearly|almost|over|more than|less than|fewer than|up to|at least|some|roughly|approximately|hundreds of|dozens of|thousands of) $",
    )
});

const NUMBER_WORDS: &[(&str, u64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

fn word_number(w: &str) -> Option<u64> {
    if let Some((tens, ones)) = w.split_once('-') {
        let t = word_number(tens)?;
        let o = word_number(ones)?;
        return (t >= 20 && t % 10 == 0 && o < 10).then_some(t + o);
    }
    NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v)
}

/// Lower case, plain quotes removed, number words as digits.
fn prepare(sentence: &str) -> String {
    normalise(sentence)
        .replace(['"', '\''], " ")
        .split_whitespace()
        .map(|w| {
            let core = w.trim_end_matches([',', '.', ';', ':']);
            match word_number(core) {
                Some(n) => format!("{n}{}", &w[core.len()..]),
                None => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The exact number in capture group `group`, unless qualified as approximate.
fn exact(text: &str, caps: &Captures<'_>, group: usize) -> Option<u64> {
    let m = caps.get(group)?;
    if APPROXIMATE.is_match(&text[..m.start()]) {
        return None;
    }
    m.as_str().replace(',', "").parse().ok()
}

fn first_exact(re: &Regex, text: &str) -> Option<u64> {
    re.captures_iter(text)
        .find_map(|c| (1..c.len()).find_map(|g| exact(text, &c, g)))
}

/// The report one sentence gives (possibly empty).
fn sentence_report(sentence: &str) -> DroneReport {
    let t = prepare(sentence);
    let mut r = DroneReport::default();
    // Every figure is parsed from ASCII digits: without one, no pattern can give one.
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return r;
    }
    if let Some(c) = DOWNED_OF.captures(&t) {
        r.downed = exact(&t, &c, 1);
        r.launched = exact(&t, &c, 2);
    }
    r.downed = r
        .downed
        .or_else(|| first_exact(&DOWNED, &t))
        .or_else(|| first_exact(&WERE_DOWNED, &t));
    r.launched = r.launched.or_else(|| first_exact(&LAUNCHED, &t));
    r.lost = first_exact(&LOST, &t);
    r.returned = first_exact(&RETURNED, &t);
    if r.fields() > 0 {
        r.side = if RUSSIA.is_match(&t) {
            Some(Side::Russia)
        } else if UKRAINE.is_match(&t) {
            Some(Side::Ukraine)
        } else {
            None
        };
    }
    r
}

/// The sentences of a paragraph.
fn sentences(mut text: &str) -> impl Iterator<Item = &str> {
    std::iter::from_fn(move || {
        let t = text.trim_start();
        if t.is_empty() {
            return None;
        }
        let n = first_sentence_len(t);
        text = &t[n..];
        Some(&t[..n])
    })
}

/// Every drone report in the paragraphs, in order: figures of consecutive
/// sentences are merged while they do not contradict each other.
pub fn drone_reports<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Vec<DroneReport> {
    let mut reports: Vec<DroneReport> = Vec::new();
    for p in paragraphs {
        if !DRONE_WORDS.is_match(p) {
            continue;
        }
        for s in sentences(p) {
            let r = sentence_report(s);
            if r.fields() == 0 {
                continue;
            }
            let merged = reports.last_mut().is_some_and(|last| last.merge(&r));
            if !merged {
                reports.push(r);
            }
        }
    }
    reports
}

/// The entry's main report: the one with the most figures (the first on a tie).
pub fn main_report(reports: &[DroneReport]) -> Option<DroneReport> {
    let mut best: Option<DroneReport> = None;
    for r in reports {
        if best.is_none_or(|b| r.fields() > b.fields()) {
            best = Some(*r);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> DroneReport {
        let r = drone_reports([text]);
        assert_eq!(r.len(), 1, "{r:?}");
        r[0]
    }

    #[test]
    fn out_of_with_lost_and_returned() {
        let r = one(
            "Overnight the army downed 39 out of 71 Russian drones. Of the rest, 21 of the Russian drones were “locationally lost” and five turned back.",
        );
        assert_eq!(
            r,
            DroneReport {
                launched: Some(71),
                downed: Some(39),
                lost: Some(21),
                returned: Some(5),
                side: Some(Side::Russia)
            }
        );
        assert_eq!(
            r.to_yaml(),
            "{ launched: 71, downed: 39, lost: 21, returned: 5, side: russia }"
        );
    }

    #[test]
    fn launched_then_downed_and_others_lost() {
        let r = one(
            "Overnight Russia launched 24 drones at the south. Gunners downed 13 of the UAVs; the 11 others were lost to jamming.",
        );
        assert_eq!(
            (r.launched, r.downed, r.lost, r.side),
            (Some(24), Some(13), Some(11), Some(Side::Russia))
        );
    }

    #[test]
    fn words_passive_and_vanished() {
        assert_eq!(
            one("The governor said seven drones had been downed.").downed,
            Some(7)
        );
        assert_eq!(one("Twenty-one drones vanished from radar.").lost, Some(21));
        assert_eq!(
            one("Units destroyed a total of nine Ukrainian drones.").side,
            Some(Side::Ukraine)
        );
    }

    #[test]
    fn nothing_is_guessed() {
        assert!(drone_reports(["Russia used around 550 strike drones this week."]).is_empty());
        assert!(drone_reports(["Debris from downed drones hit six districts."]).is_empty());
        assert!(drone_reports(["At least three drones hit an oil depot."]).is_empty());
        assert!(drone_reports(["They launched more than 2,000 drones in October."]).is_empty());
    }

    #[test]
    fn conflicting_reports_stay_apart() {
        let r = drone_reports([
            "Units downed five Ukrainian drones. Kyiv downed 33 of 50 drones launched by Russia.",
        ]);
        assert_eq!(r.len(), 2);
        assert_eq!(main_report(&r).and_then(|m| m.launched), Some(50));
    }
}
