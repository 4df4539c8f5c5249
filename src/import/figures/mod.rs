//! Drone figures read from the text into `figures.drones`: how many were
//! launched, downed, lost (to electronic warfare, "locationally lost",
//! "vanished from radar", "did not reach their targets"), still in the air,
//! returned (or left towards another country), how many locations were hit,
//! the counts by kind (Shahed, decoy, Gerbera), the hours the tally covers,
//! the side that launched them and who reports it. Only exact numbers the
//! text gives are kept: "around 550" or "more than 2,000" are left out,
//! missiles are never counted as drones, and nothing is guessed. Each figure
//! remembers the sentence it came from, for `--explain`.

mod claims;
mod phrases;

use std::sync::{Arc, LazyLock};

use serde::Serialize;

use crate::content::DroneFigures;
use crate::import::text::{Pattern, first_sentence_len};

pub(crate) use phrases::{Count, Weapon};

/// Who launched the drones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Launched by Russia.
    Russia,
    /// Launched by Ukraine.
    Ukraine,
}

impl Side {
    fn key(self) -> &'static str {
        match self {
            Side::Russia => "russia",
            Side::Ukraine => "ukraine",
        }
    }
}

/// One drone report: the numbers one attack's account gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DroneReport {
    /// Drones launched.
    pub launched: Option<u64>,
    /// Drones shot down, destroyed, intercepted or neutralised.
    pub downed: Option<u64>,
    /// Drones lost to electronic warfare, vanished from radar, diverted.
    pub lost: Option<u64>,
    /// Drones still in the air when the tally was made.
    pub still_in_air: Option<u64>,
    /// Drones that turned back or left towards another country.
    pub returned: Option<u64>,
    /// Locations hit.
    pub hits: Option<u64>,
    /// Drones launched, by kind, in [`Weapon::ALL`] order.
    pub weapons: Vec<(Weapon, u64)>,
    /// The hours the tally covers, as reported ("18:00-08:30", "from 18:00 on 6 September").
    pub window: Option<String>,
    /// The side that launched them.
    pub side: Option<Side>,
    /// Who makes the claim ("Ukraine's air force").
    pub reported_by: Option<String>,
    /// Each figure's key and the sentence it was read from (one copy of a
    /// sentence, shared by the figures it gives).
    pub evidence: Vec<(&'static str, Arc<str>)>,
}

impl DroneReport {
    /// The count `c`.
    pub fn count(&self, c: Count) -> Option<u64> {
        match c {
            Count::Launched => self.launched,
            Count::Downed => self.downed,
            Count::Lost => self.lost,
            Count::StillInAir => self.still_in_air,
            Count::Returned => self.returned,
            Count::Hits => self.hits,
        }
    }

    fn count_mut(&mut self, c: Count) -> &mut Option<u64> {
        match c {
            Count::Launched => &mut self.launched,
            Count::Downed => &mut self.downed,
            Count::Lost => &mut self.lost,
            Count::StillInAir => &mut self.still_in_air,
            Count::Returned => &mut self.returned,
            Count::Hits => &mut self.hits,
        }
    }

    /// How many numbers the report gives (counts and counts by kind).
    pub fn fields(&self) -> usize {
        Count::ALL
            .iter()
            .filter(|c| self.count(**c).is_some())
            .count()
            + self.weapons.len()
    }

    /// Merges `other` in when no figure conflicts; false (and no change) otherwise.
    fn merge(&mut self, other: &DroneReport) -> bool {
        fn fits<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
            a.is_none() || b.is_none() || a == b
        }
        let counts_fit = Count::ALL
            .iter()
            .all(|c| fits(self.count(*c), other.count(*c)));
        let kinds_fit = other
            .weapons
            .iter()
            .all(|(k, n)| self.weapons.iter().all(|(k2, n2)| k2 != k || n2 == n));
        let ok = counts_fit
            && kinds_fit
            && fits(self.side, other.side)
            && fits(self.window.as_ref(), other.window.as_ref())
            && fits(self.reported_by.as_ref(), other.reported_by.as_ref());
        if !ok {
            return false;
        }
        for c in Count::ALL {
            let v = other.count(c);
            let mine = self.count_mut(c);
            *mine = mine.or(v);
        }
        for w in &other.weapons {
            if !self.weapons.iter().any(|(k, _)| *k == w.0) {
                self.weapons.push(*w);
            }
        }
        self.weapons.sort();
        self.side = self.side.or(other.side);
        self.window = self.window.take().or_else(|| other.window.clone());
        self.reported_by = self
            .reported_by
            .take()
            .or_else(|| other.reported_by.clone());
        for e in &other.evidence {
            if !self.evidence.iter().any(|(k, _)| *k == e.0) {
                self.evidence.push(e.clone());
            }
        }
        true
    }

    /// The report as front matter's `figures.drones` tally.
    pub fn figures(&self) -> DroneFigures {
        DroneFigures {
            launched: self.launched,
            downed: self.downed,
            lost: self.lost,
            still_in_air: self.still_in_air,
            returned: self.returned,
            hits: self.hits,
            weapons: self
                .weapons
                .iter()
                .map(|(k, n)| (k.key().to_string(), *n))
                .collect(),
            window: self.window.clone(),
            side: self.side.map(|s| s.key().to_string()),
            reported_by: self.reported_by.clone(),
        }
    }
}

/// Front matter's `figures` for an entry's reports: `drones`, the main
/// report, and `drone_reports`, every one, when the text gives several.
/// `None` without a report.
pub(crate) fn front_matter(reports: &[DroneReport]) -> Option<serde_yaml::Value> {
    #[derive(Serialize)]
    struct Figures {
        drones: DroneFigures,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        drone_reports: Vec<DroneFigures>,
    }
    let figures = Figures {
        drones: main_report(reports)?.figures(),
        drone_reports: match reports {
            [_, _, ..] => reports.iter().map(DroneReport::figures).collect(),
            _ => Vec::new(),
        },
    };
    // Plain structs of numbers and strings: serde_yaml takes them without fail.
    serde_yaml::to_value(figures).ok()
}

static RUSSIA: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::whole(
        r"russian (?:[a-z-]+ )?(?:drones?|uavs?)|(?:drones?|uavs?) launched by russia|russia (?:has |had |have )?(?:launched|sent|fired|used|attacked)|russian forces (?:have |had )?(?:launched|sent|fired|used|attacked)|shaheds?|gerans?|gerberas?",
    )
});
static UKRAINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::whole(
        r"ukrainian (?:[a-z-]+ )?(?:drones?|uavs?)|(?:drones?|uavs?) launched by ukraine|ukraine (?:has |had |have )?(?:launched|sent|fired|used|attacked)",
    )
});
static DRONE_WORDS: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::whole(r"(?i)drone|uav|shahed|geran|gerbera|unmanned"));

/// The report one sentence gives (possibly empty); `before` is the last
/// drone or missile noun of the sentences before it in its paragraph, which
/// it updates. With `evidence`, each figure keeps the sentence (for
/// `--explain`); without, no copy of it is made.
fn sentence_report(
    sentence: &str,
    before: &mut Option<phrases::Noun>,
    evidence: bool,
) -> DroneReport {
    let mut r = DroneReport::default();
    // Every figure is parsed from ASCII digits or number words; a sentence
    // without a digit and without a short word cannot give one.
    let t = phrases::prepare(sentence);
    let earlier = *before;
    *before = phrases::last_noun(&t).or(earlier);
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return r;
    }
    let mut copy: Option<Arc<str>> = None;
    let mut said = |r: &mut DroneReport, key: &'static str| {
        if evidence {
            let s = Arc::clone(copy.get_or_insert_with(|| sentence.trim().into()));
            r.evidence.push((key, s));
        }
    };
    for (c, n) in phrases::counts(&t, earlier) {
        *r.count_mut(c) = Some(n);
        said(&mut r, c.key());
    }
    r.weapons = phrases::weapons(&t);
    if !r.weapons.is_empty() {
        said(&mut r, "weapons");
        // "launched 60 Shaheds and 11 decoys": the launch count was read
        // with one kind's noun, and the total is all the kinds.
        if r.weapons.len() > 1
            && r.launched
                .is_some_and(|l| r.weapons.iter().any(|(_, n)| *n == l))
            && phrases::launch_noun_is_a_kind(&t)
        {
            r.launched = Some(r.weapons.iter().map(|(_, n)| n).sum());
        }
    }
    if r.fields() == 0 {
        return DroneReport::default();
    }
    r.side = if RUSSIA.is_match(&t) {
        Some(Side::Russia)
    } else if UKRAINE.is_match(&t) {
        Some(Side::Ukraine)
    } else {
        None
    };
    r.window = claims::window(sentence);
    if r.window.is_some() {
        said(&mut r, "window");
    }
    r.reported_by = claims::reported_by(sentence);
    if r.reported_by.is_some() {
        said(&mut r, "reported_by");
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
/// sentences are merged while they do not contradict each other. With
/// `evidence` (`--explain`), each figure keeps the sentence it came from
/// ([`DroneReport::evidence`]); otherwise no sentence is copied.
pub(crate) fn drone_figures<'a>(
    paragraphs: impl IntoIterator<Item = &'a str>,
    evidence: bool,
) -> Vec<DroneReport> {
    let mut reports: Vec<DroneReport> = Vec::new();
    for p in paragraphs {
        if !DRONE_WORDS.is_match(p) {
            continue;
        }
        let mut noun = None;
        for s in sentences(p) {
            let r = sentence_report(s, &mut noun, evidence);
            if r.fields() == 0 {
                continue;
            }
            let merged = reports.last_mut().is_some_and(|last| last.merge(&r));
            if !merged {
                reports.push(r);
            }
        }
    }
    // Most texts give one report or two; a report is 200 bytes, and the
    // four a first push makes room for stay with the entry until it is written.
    reports.shrink_to_fit();
    reports
}

/// The entry's main report: the one with the most figures (the first on a tie).
pub(crate) fn main_report(reports: &[DroneReport]) -> Option<&DroneReport> {
    let mut best: Option<&DroneReport> = None;
    for r in reports {
        if best.is_none_or(|b| r.fields() > b.fields()) {
            best = Some(r);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reports of the paragraphs, each figure with its sentence.
    fn drone_reports<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Vec<DroneReport> {
        drone_figures(paragraphs, true)
    }

    #[test]
    fn figures_keep_their_sentences_only_for_explain() {
        let text = ["Air defence shot down 30 of the 41 drones launched overnight."];
        let kept = drone_figures(text, true);
        let bare = drone_figures(text, false);
        assert_eq!((kept[0].launched, kept[0].downed), (Some(41), Some(30)));
        assert_eq!((bare[0].launched, bare[0].downed), (Some(41), Some(30)));
        assert!(!kept[0].evidence.is_empty());
        assert!(bare[0].evidence.is_empty());
    }

    fn one(text: &str) -> DroneReport {
        let r = drone_reports([text]);
        assert_eq!(r.len(), 1, "{r:?}");
        r[0].clone()
    }

    #[test]
    fn out_of_with_lost_and_returned() {
        let r = one(
            "Overnight the army downed 39 out of 71 Russian drones. Of the rest, 21 of the Russian drones were “locationally lost” and five turned back.",
        );
        assert_eq!(
            (r.launched, r.downed, r.lost, r.returned, r.side),
            (Some(71), Some(39), Some(21), Some(5), Some(Side::Russia))
        );
        assert_eq!(
            serde_yaml::to_string(&r.figures()).unwrap(),
            "launched: 71\ndowned: 39\nlost: 21\nreturned: 5\nside: russia\n"
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
    fn a_full_night_tally() {
        let r = one(
            "From 19:00 on 3 March to 07:30, Russia attacked with 120 drones, the southern command said. \
             Of these, 64 were Shahed drones and 56 were decoys. Crews shot down 70; 38 were locationally lost, \
             six left towards Moldova and two are still in the air. Hits were recorded at 4 locations.",
        );
        assert_eq!(
            (
                r.launched,
                r.downed,
                r.lost,
                r.returned,
                r.still_in_air,
                r.hits
            ),
            (Some(120), None, Some(38), Some(6), Some(2), Some(4))
        );
        assert_eq!(r.window.as_deref(), Some("19:00-07:30"));
        assert_eq!(r.reported_by.as_deref(), Some("southern command"));
        assert_eq!(r.side, Some(Side::Russia));
        // "shot down 70" names no drone: not taken.
        assert!(
            r.evidence
                .iter()
                .any(|(k, s)| *k == "hits" && s.starts_with("Hits were"))
        );
    }

    #[test]
    fn kinds_add_up_to_the_launch_count() {
        let r = one(
            "Overnight Russia launched 45 Shaheds and 15 decoys, according to the Ukrainian Air Force.",
        );
        assert_eq!(r.launched, Some(60));
        assert_eq!(r.weapons, [(Weapon::Shahed, 45), (Weapon::Decoy, 15)]);
        assert_eq!(
            serde_yaml::to_string(&r.figures()).unwrap(),
            "launched: 60\nweapons:\n  decoy: 15\n  shahed: 45\nside: russia\nreported_by: Ukrainian Air Force\n"
        );
    }

    #[test]
    fn front_matter_readers_get_every_field() {
        let r = one(
            "From 18:00 to 08:00 Russia launched 45 Shaheds and 15 decoys; 50 drones were shot down and 7 drones are still in the air, the Ukrainian air force said.",
        );
        let fm = crate::content::frontmatter::FrontMatter {
            title: Some("T".into()),
            date: Some(serde_yaml::Value::String("2024-01-02".into())),
            figures: front_matter(std::slice::from_ref(&r)),
            ..Default::default()
        };
        let text = format!("---\n{}---\nBody.\n", fm.to_yaml().unwrap());
        let config = crate::config::Config::parse("title: T\n", std::path::Path::new("site.yaml"))
            .expect("config");
        let page = crate::content::parse_page("p.md", std::path::Path::new("p.md"), &text, &config)
            .expect("the written figures are valid front matter");
        let d = page.drones.expect("a checked drone tally");
        assert_eq!(
            (d.launched, d.downed, d.still_in_air),
            (Some(60), Some(50), Some(7))
        );
        assert_eq!(d.weapons.get("shahed"), Some(&45));
        assert_eq!(d.weapons.get("decoy"), Some(&15));
        assert_eq!(d.window.as_deref(), Some("18:00-08:00"));
        assert_eq!(d.side.as_deref(), Some("russia"));
        assert_eq!(d.reported_by.as_deref(), Some("Ukrainian air force"));
    }

    #[test]
    fn open_window_keeps_its_day() {
        let r = one("Since 18:00 on 6 September the enemy has launched 80 drones.");
        assert_eq!(r.window.as_deref(), Some("from 18:00 on 6 September"));
        assert_eq!(r.launched, Some(80));
    }

    #[test]
    fn nothing_is_guessed() {
        assert!(drone_reports(["Russia used around 550 strike drones this week."]).is_empty());
        assert!(drone_reports(["Debris from downed drones hit six districts."]).is_empty());
        assert!(drone_reports(["At least three drones hit an oil depot."]).is_empty());
        assert!(drone_reports(["They launched more than 2,000 drones in October."]).is_empty());
        assert!(drone_reports(["Over 380 of the drones were destroyed."]).is_empty());
    }

    /// Every figure read from one sentence shares one copy of it, and the
    /// reports keep no spare room: they stay with the entry until it is written.
    #[test]
    fn figures_of_one_sentence_share_its_copy() {
        let r = drone_reports([
            "Gunners shot down 17 out of 30 Russian drones over the south. Kyiv was quiet.",
        ]);
        assert_eq!((r.len(), r.capacity()), (1, 1));
        let e = &r[0].evidence;
        assert!(e.len() >= 2, "{e:?}");
        assert!(e.iter().all(|(_, s)| Arc::ptr_eq(s, &e[0].1)), "{e:?}");
        assert!(e[0].1.starts_with("Gunners") && e[0].1.ends_with("south."));
    }

    #[test]
    fn missiles_stay_out_of_the_drone_counts() {
        let r = one(
            "The navy said Russia sent 40 drones and 12 missiles; 30 drones and 10 missiles had been shot down.",
        );
        assert_eq!((r.launched, r.downed), (Some(40), Some(30)));
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
