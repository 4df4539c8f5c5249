//! The phrases drone figures are read from, one small set of patterns per
//! figure, on text that [`prepare`] has lower-cased with number words
//! written as digits. Every pattern names the kind of sentence it reads
//! ("downed 39 of 71 drones", "21 were locationally lost", "hits were
//! recorded in 22 locations"); none is about one outlet. Figures qualified
//! as approximate ("over 380", "around 550") are never taken.

use std::sync::LazyLock;

use regex::{Captures, RegexSet};

use crate::import::text::Pattern;
use crate::import::topics::normalise;

/// A number: digits with thousands commas.
const N: &str = r"(\d[\d,]*)";
/// Up to three describing words between a number and its noun ("Russian
/// attack", "shahed-type attack"); checked by [`describes`].
const ADJ: &str = r"((?:[a-z'/-]+ ){0,3})";
/// A drone noun of any kind.
const D: &str = r"(drones?|uavs?|unmanned aerial vehicles?|shaheds?|gerans?|gerberas?|decoys?)\b";
/// The verbs of shooting a drone down.
const DOWN: &str = r"(?:downed|shot down|destroyed|intercepted|neutrali[sz]ed|brought down)";
/// Auxiliaries before a passive verb.
const WERE: &str = r"(?:were|was|are|is|had been|have been|has been|got)(?: [a-z]+ly)?";
/// What may stand between a number and a passive verb: a drone noun, "of
/// the drones", "of them", "others", "more".
const OF_THEM: &str = r"(?:of (?:the |these |those )?((?:[a-z'/-]+ ){0,3})(?:drones?|uavs?)|of them|others|more|other drones|((?:[a-z'/-]+ ){0,3})(?:drones?|uavs?))?";

/// A count of missiles (or bombs) listed before the drones: "40 missiles and".
const MISSILES_FIRST: &str =
    r"(?:\d[\d,]* (?:[a-z-]+ ){0,2}(?:missiles?|rockets?|bombs?),? (?:and |as well as )?)?";

/// Words that show a slot holds more than a description: another count, a
/// list, or something that is not a drone.
const NOT_DESCRIBING: &[&str] = &[
    "and", "or", "of", "with", "plus", "missile", "missiles", "rocket", "rockets", "bomb", "bombs",
    "drone", "drones", "uav", "uavs", "aircraft", "people", "killed", "than",
];

/// True when a captured word slot only describes its noun.
fn describes(words: &str) -> bool {
    !words
        .split_whitespace()
        .any(|w| NOT_DESCRIBING.contains(&w))
}

fn rx(p: String) -> Pattern {
    Pattern::whole(&p)
}

/// One figure of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Count {
    /// Drones launched.
    Launched,
    /// Shot down, destroyed, intercepted, neutralised.
    Downed,
    /// Lost to electronic warfare, vanished from radar, diverted, did not reach their targets.
    Lost,
    /// Still in the air when the tally was made.
    StillInAir,
    /// Turned back or left towards another country.
    Returned,
    /// Locations hit.
    Hits,
}

impl Count {
    /// Every count, in the order of the front matter.
    pub const ALL: [Count; 6] = [
        Count::Launched,
        Count::Downed,
        Count::Lost,
        Count::StillInAir,
        Count::Returned,
        Count::Hits,
    ];

    /// The front matter key.
    pub fn key(self) -> &'static str {
        match self {
            Count::Launched => "launched",
            Count::Downed => "downed",
            Count::Lost => "lost",
            Count::StillInAir => "still_in_air",
            Count::Returned => "returned",
            Count::Hits => "hits",
        }
    }
}

/// A pattern and what its number groups are: `(group, count)` pairs. A
/// [`Pattern`] is compiled the first time it is used, here when
/// [`RULE_SET`] finds it matching: most texts only ever need a few of the
/// rules, and compiling all of them was a good part of the figures' cost
/// in every run.
struct Rule {
    re: Pattern,
    groups: &'static [(usize, Count)],
    /// True when the match may name no drone ("50 were shot down", "shot
    /// down 41 of them"): it counts only when the noun it stands for, the
    /// last drone or missile noun before it, is a drone one.
    antecedent: bool,
}

fn rule(p: String, groups: &'static [(usize, Count)]) -> Rule {
    Rule {
        re: rx(p),
        groups,
        antecedent: false,
    }
}

/// A [`rule`] whose match stands for a noun said before it.
fn rule_after_noun(p: String, groups: &'static [(usize, Count)]) -> Rule {
    Rule {
        antecedent: true,
        ..rule(p, groups)
    }
}

/// What a count without a noun of its own stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Noun {
    /// Drones of any kind.
    Drone,
    /// Missiles, rockets or bombs.
    Missile,
}

/// The kind of the last drone or missile noun in prepared text `t`.
pub(super) fn last_noun(t: &str) -> Option<Noun> {
    t.rsplit(|c: char| !c.is_ascii_alphanumeric())
        .find_map(|w| match w.strip_suffix('s').unwrap_or(w) {
            "drone" | "uav" | "shahed" | "geran" | "gerbera" | "decoy" | "unmanned" => {
                Some(Noun::Drone)
            }
            "missile" | "rocket" | "bomb" => Some(Noun::Missile),
            _ => None,
        })
}

use Count::*;

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    vec![
        // "downed 39 out of 71 Russian drones", "shot down 13 of the UAVs"
        rule(
            format!(
                r"{DOWN} (?:a total of |in total )?{N} (?:out )?of (?:the |a total of )?(?:{N} )?{ADJ}{D}"
            ),
            &[(1, Downed), (2, Launched)],
        ),
        // "of the 50 drones, 33 were shot down"
        rule(
            format!(r"\bof (?:the |these |those )?{N} {ADJ}{D},? {N} (?:of them )?{WERE} {DOWN}"),
            &[(1, Launched), (4, Downed)],
        ),
        // "140 drones were launched overnight, of which 118 were shot down",
        // "… 118 of which were destroyed": the words between may only
        // describe the launch (no second count, no missiles).
        rule(
            format!(
                r"\b{N} {ADJ}{D}(?: ((?:[a-z'/-]+ ){{0,6}})[a-z'/-]+)?,? (?:of which {N}|{N} of which) {WERE} {DOWN}"
            ),
            &[(5, Downed), (6, Downed)],
        ),
        // "destroyed nine Ukrainian drones"
        rule(
            format!(r"{DOWN} (?:a total of |in total )?{MISSILES_FIRST}{N} {ADJ}{D}"),
            &[(1, Downed)],
        ),
        // "seven drones had been downed", "266 drones and 45 missiles were neutralised"
        rule(
            format!(
                r"\b{N} {ADJ}{D}(?:,? and (?:\d[\d,]* )?(?:[a-z-]+ ){{0,2}}(?:missiles?|rockets?))? {WERE} {DOWN}"
            ),
            &[(1, Downed)],
        ),
        // "launched 24 drones", "attacked with 71 attack UAVs", "used: 298 attack drones"
        rule(
            format!(
                r"(?:launched|sent|fired|used|deployed|unleashed|attacked (?:[a-z]+ ){{0,2}}with)[:,]? (?:a total of |in total |a further )?{MISSILES_FIRST}{N} {ADJ}{D}"
            ),
            &[(1, Launched)],
        ),
        // "50 drones launched by Russia", "40 drones were launched"
        rule(
            format!(r"\b{N} {ADJ}{D} (?:{WERE} )?(?:launched|sent|fired)\b"),
            &[(1, Launched)],
        ),
        // "21 of the drones were locationally lost", "the 11 others were lost", "nine were jammed"
        rule(
            format!(
                r"\b{N} {OF_THEM} ?{WERE} (?:locationally lost|lost|jammed|diverted|redirected|suppressed by electronic)"
            ),
            &[(1, Lost)],
        ),
        // "21 drones vanished from radar", "12 did not reach their targets"
        rule(
            format!(
                r"\b{N} {OF_THEM} ?(?:vanished|disappeared|were lost) from (?:the )?radars?|\b{N} {OF_THEM} ?(?:did not|didn t|failed to) reach (?:their |its )?targets?"
            ),
            &[(1, Lost), (4, Lost)],
        ),
        // "four are still in the air", "two drones remain in the airspace"
        rule(
            format!(
                r"\b{N} {OF_THEM} ?(?:are|were|remain|remained|is|was) (?:still )?in the (?:air|sky|airspace)\b"
            ),
            &[(1, StillInAir)],
        ),
        // "five turned back", "three left towards Belarus"
        rule(
            format!(
                r"\b{N} {OF_THEM} ?(?:turned back|returned|flew back|went back|(?:left|flew off|flew away|headed off)(?: [a-z]+){{0,2}} (?:towards?|toward|for|in the direction of))"
            ),
            &[(1, Returned)],
        ),
        // "hits were recorded in 22 locations", "strikes on 6 sites"
        rule(
            format!(
                r"\b(?:hits?|impacts?|strikes?) (?:(?:were|was|have been|had been) )?(?:recorded |registered |reported )?(?:in|at|on) {N} (?:locations?|sites?|places?)"
            ),
            &[(1, Hits)],
        ),
        // "22 locations were hit", "hit 22 locations"
        rule(
            format!(
                r"\b{N} (?:locations?|sites?|places?) (?:(?:were|was|have been|had been) )?(?:hit|struck)\b|\b(?:hit|struck) {N} (?:locations?|sites?)"
            ),
            &[(1, Hits), (2, Hits)],
        ),
        // "56 were shot down", "the remaining 30 were destroyed": a number
        // that stands for drones named before it.
        rule_after_noun(format!(r"\b{N} {OF_THEM} ?{WERE} {DOWN}"), &[(1, Downed)]),
        // "shot down 41 of them"
        rule_after_noun(
            format!(r"{DOWN} (?:a total of |in total )?{N} of them\b"),
            &[(1, Downed)],
        ),
        // "and 12 lost to jamming", "11 lost due to electronic warfare"
        rule_after_noun(
            format!(
                r"\b{N} {OF_THEM} ?(?:locationally )?lost (?:to|through|due to|because of|as a result of)\b"
            ),
            &[(1, Lost)],
        ),
    ]
});

/// Kinds of drone counted by type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weapon {
    /// Shahed (Geran) attack drones.
    Shahed,
    /// Decoys (imitators, dummies) without a warhead.
    Decoy,
    /// Gerbera drones.
    Gerbera,
}

impl Weapon {
    /// Every kind, in the order of the front matter.
    pub const ALL: [Weapon; 3] = [Weapon::Shahed, Weapon::Decoy, Weapon::Gerbera];

    /// The front matter key.
    pub fn key(self) -> &'static str {
        match self {
            Weapon::Shahed => "shahed",
            Weapon::Decoy => "decoy",
            Weapon::Gerbera => "gerbera",
        }
    }

    fn of_word(word: &str) -> Option<Weapon> {
        if word.starts_with("shahed") || word.starts_with("geran") {
            Some(Weapon::Shahed)
        } else if word.starts_with("gerbera") {
            Some(Weapon::Gerbera)
        } else if ["decoy", "imitat", "dummy", "dummies", "lure"]
            .iter()
            .any(|p| word.starts_with(p))
        {
            Some(Weapon::Decoy)
        } else {
            None
        }
    }
}

/// "60 Shahed attack drones", "11 decoys": a number, at most one word, a kind.
static KIND: LazyLock<Pattern> = LazyLock::new(|| {
    rx(format!(
        r"\b{N} ((?:[a-z-]+ )?)((?:shahed|geran|gerbera|decoy|imitat|dumm|lure)[a-z0-9-]*)"
    ))
});
/// After a kind's count: "… and decoy drones" without a number of their
/// own, so the count covers several kinds.
static SHARED_COUNT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::whole(
        r"^(?:[a-z' /-]+ )?(?:and|or) (?:[a-z'-]+ ){0,3}(?:drones?|uavs?|decoys?|imitators?)\b",
    )
});

static APPROXIMATE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::whole(
        r"(?:around|about|nearly|almost|over|more than|less than|fewer than|no fewer than|no more than|up to|at least|at most|as many as|upwards of|in excess of|some|roughly|approximately|an estimated|hundreds of|dozens of|thousands of) $",
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

/// The first letters of [`NUMBER_WORDS`].
const NUMBER_WORD_STARTS: [char; 6] = ['e', 'f', 'n', 'o', 's', 't'];

fn word_number(w: &str) -> Option<u64> {
    // Every number word starts with one of these letters: most words of a
    // sentence are turned away on their first byte (this runs on every word
    // of every sentence that names a drone).
    if !w.starts_with(NUMBER_WORD_STARTS) {
        return None;
    }
    if let Some((tens, ones)) = w.split_once('-') {
        let t = word_number(tens)?;
        let o = word_number(ones)?;
        return (t >= 20 && t % 10 == 0 && o < 10).then_some(t + o);
    }
    NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v)
}

/// Lower case, plain quotes removed, number words as digits.
pub(super) fn prepare(sentence: &str) -> String {
    let lower = normalise(sentence);
    // One string, written word by word: this runs on every sentence that
    // names a drone.
    let mut out = String::with_capacity(lower.len());
    let words = lower
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '(' | ')'))
        .filter(|w| !w.is_empty());
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        let core = w.trim_end_matches([',', '.', ';', ':']);
        match word_number(core) {
            Some(n) => {
                out.push_str(&n.to_string());
                out.push_str(&w[core.len()..]);
            }
            None => out.push_str(w),
        }
    }
    out
}

/// The exact number in capture group `group`, unless qualified as approximate.
fn exact(text: &str, caps: &Captures<'_>, group: usize) -> Option<u64> {
    let m = caps.get(group)?;
    if APPROXIMATE.is_match(&text[..m.start()]) {
        return None;
    }
    m.as_str().replace(',', "").parse().ok()
}

/// True when every word slot of a match only describes its noun. The word
/// slots are the groups that end in a space (numbers and nouns never do).
fn clean(caps: &Captures<'_>) -> bool {
    caps.iter()
        .skip(1)
        .flatten()
        .all(|m| !m.as_str().ends_with(' ') || describes(m.as_str()))
}

/// Every rule's pattern in one set, in [`RULES`] order.
static RULE_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(RULES.iter().map(|r| r.re.as_str()))
        .expect("the importer's literal patterns are valid")
});

/// The counts a prepared sentence gives, first match of each count;
/// `before` is the last drone or missile noun of the sentences before it
/// in its paragraph, for a count that stands for one ("shot down 41 of them").
pub(super) fn counts(t: &str, before: Option<Noun>) -> Vec<(Count, u64)> {
    let mut found: Vec<(Count, u64)> = Vec::new();
    // One pass finds which rules match at all; only those are run for
    // their captures (most sentences match none).
    let matched = RULE_SET.matches(t);
    for (_, r) in RULES
        .iter()
        .enumerate()
        .filter(|(i, _)| matched.matched(*i))
    {
        for caps in r.re.captures_iter(t).filter(clean) {
            if r.antecedent && !stands_for_drones(t, &caps, before) {
                continue;
            }
            for &(g, count) in r.groups {
                if found.iter().any(|(c, _)| *c == count) {
                    continue;
                }
                if let Some(n) = exact(t, &caps, g) {
                    found.push((count, n));
                }
            }
            // A later match could only give counts already found: the
            // search for it is not run.
            if r.groups
                .iter()
                .all(|(_, count)| found.iter().any(|(c, _)| c == count))
            {
                break;
            }
        }
    }
    found.sort();
    found
}

/// True when a match names drones, or the last drone or missile noun before
/// it (in its sentence, else in the sentences before) is a drone one.
fn stands_for_drones(t: &str, caps: &Captures<'_>, before: Option<Noun>) -> bool {
    let Some(all) = caps.get(0) else {
        return false;
    };
    last_noun(all.as_str()) == Some(Noun::Drone)
        || last_noun(&t[..all.start()]).or(before) == Some(Noun::Drone)
}

/// The counts by kind a prepared sentence gives ("60 Shaheds and 11 decoys").
pub(super) fn weapons(t: &str) -> Vec<(Weapon, u64)> {
    let mut found: Vec<(Weapon, u64)> = Vec::new();
    for caps in KIND.captures_iter(t) {
        let (Some(all), Some(word)) = (caps.get(0), caps.get(3)) else {
            continue;
        };
        let between = caps.get(2).map_or("", |m| m.as_str());
        let Some(kind) = Weapon::of_word(word.as_str()) else {
            continue;
        };
        if !describes(between) || SHARED_COUNT.is_match(&t[all.end()..]) {
            continue;
        }
        if found.iter().all(|(k, _)| *k != kind)
            && let Some(n) = exact(t, &caps, 1)
        {
            found.push((kind, n));
        }
    }
    found.sort();
    found
}

/// The drone noun a launch count was read with, when it names one kind
/// ("launched 60 Shaheds"): then the launch total is the sum of the kinds.
pub(super) fn launch_noun_is_a_kind(t: &str) -> bool {
    // Only the rules that match are run (and so compiled).
    let matched = RULE_SET.matches(t);
    RULES
        .iter()
        .enumerate()
        .filter(|(i, r)| r.groups == [(1, Launched)] && matched.matched(*i))
        .any(|(_, r)| {
            r.re.captures_iter(t)
                .filter(clean)
                .find(|c| exact(t, c, 1).is_some())
                .and_then(|c| c.get(3))
                .is_some_and(|m| Weapon::of_word(m.as_str()).is_some())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<(Count, u64)> {
        counts(&prepare(s), None)
    }

    #[test]
    fn every_rule_reads_its_kind_of_sentence() {
        assert_eq!(
            c("Gunners brought down 12 out of 20 attack drones."),
            [(Launched, 20), (Downed, 12)]
        );
        assert_eq!(
            c("Of the 30 drones, 25 were intercepted."),
            [(Launched, 30), (Downed, 25)]
        );
        assert_eq!(
            c("In all, 18 drones and 4 cruise missiles were neutralised."),
            [(Downed, 18)]
        );
        assert_eq!(
            c(
                "The air force said 140 drones were launched overnight, of which 118 were shot down or jammed."
            ),
            [(Launched, 140), (Downed, 118)]
        );
        assert_eq!(
            c("Russia sent 60 attack drones, 52 of which were destroyed."),
            [(Launched, 60), (Downed, 52)]
        );
        // Another count between them leaves the share unread.
        assert_eq!(
            c("Russia launched 60 drones and 8 missiles, of which 52 were destroyed."),
            [(Launched, 60)]
        );
        assert_eq!(c("Eight more did not reach their targets."), [(Lost, 8)]);
        assert_eq!(c("Six drones were diverted by jamming."), [(Lost, 6)]);
        assert_eq!(c("Two drones are still in the air."), [(StillInAir, 2)]);
        assert_eq!(c("Three others left towards Belarus."), [(Returned, 3)]);
        assert_eq!(c("Impacts were recorded at 9 locations."), [(Hits, 9)]);
        assert_eq!(c("The army said 4 sites were hit."), [(Hits, 4)]);
        assert_eq!(
            c("Russia launched 122 drones; 56 were shot down and 63 were lost to jamming."),
            [(Launched, 122), (Downed, 56), (Lost, 63)]
        );
        assert_eq!(
            c("It sent 60 Shaheds: gunners shot down 41 of them and 12 lost to jamming."),
            [(Launched, 60), (Downed, 41), (Lost, 12)]
        );
    }

    #[test]
    fn a_count_without_a_noun_stands_for_the_noun_before_it() {
        // In its sentence…
        assert!(
            c("Russia fired 40 drones and 12 missiles, of which 10 were shot down.")
                .iter()
                .all(|(k, _)| *k != Downed)
        );
        assert_eq!(
            c("Russia fired 12 missiles and 40 drones; 30 of the drones were shot down."),
            [(Launched, 40), (Downed, 30)]
        );
        // …or in the sentences before it; none at all is no drone count.
        let t = prepare("Crews shot down 50 of them.");
        assert_eq!(counts(&t, Some(Noun::Drone)), [(Downed, 50)]);
        assert!(counts(&t, Some(Noun::Missile)).is_empty());
        assert!(counts(&t, None).is_empty());
        assert_eq!(
            last_noun("sent 9 shahed-type drones and 3 missiles"),
            Some(Noun::Missile)
        );
    }

    #[test]
    fn every_number_word_passes_the_first_letter_guard() {
        for (w, n) in NUMBER_WORDS {
            assert_eq!(word_number(w), Some(*n), "{w}");
        }
        assert_eq!(word_number("seventy-two"), Some(72));
        assert_eq!(word_number("twelve-year"), None);
        assert_eq!(word_number("drones"), None);
        assert_eq!(
            prepare("Ninety-one of them, and eleven more."),
            "91 of them, and 11 more."
        );
    }

    #[test]
    fn missiles_never_count_as_drones() {
        assert!(c("Crews downed 12 missiles and drones.").is_empty());
        assert_eq!(c("They fired 40 missiles and 90 drones."), [(Launched, 90)]);
        assert!(c("Air defences shot down 7 cruise missiles.").is_empty());
    }

    #[test]
    fn kinds_are_counted_apart() {
        assert_eq!(
            weapons(&prepare("It sent 50 Shahed drones and 20 decoys.")),
            [(Weapon::Shahed, 50), (Weapon::Decoy, 20)]
        );
        assert_eq!(
            weapons(&prepare("Those were 14 Gerbera drones.")),
            [(Weapon::Gerbera, 14)]
        );
        // One number for two kinds is no count of either.
        assert!(weapons(&prepare("It sent 80 Shahed-type drones and decoy drones.")).is_empty());
    }
}
