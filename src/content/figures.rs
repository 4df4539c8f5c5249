//! The structured figures of an entry's front matter. `figures.drones` is
//! typed and checked here (the tracker adds its numbers up); every other kind
//! of figure is passed to templates as written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One drone tally as a report gives it: `figures.drones` in front matter.
/// Every field is optional; a missing number is unknown, never zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DroneFigures {
    /// Drones launched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launched: Option<u64>,
    /// Drones shot down or destroyed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downed: Option<u64>,
    /// Drones lost: jammed, location lost, vanished from radar.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lost: Option<u64>,
    /// Drones still in the air when the tally was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub still_in_air: Option<u64>,
    /// Drones that turned back or left towards another country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returned: Option<u64>,
    /// Number of locations hit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hits: Option<u64>,
    /// Drones launched, by kind (`shahed: 60, decoy: 11`), where the report says.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub weapons: BTreeMap<String, u64>,
    /// The hours the tally covers, as reported (`18:00-08:30`); a date in
    /// its end (`2024-11-01 18:00 - 2024-11-02 08:30`) names the night.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
    /// Who launched them (`russia`, `ukraine`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    /// Who makes the claim (`Ukrainian air force`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
}

/// The numeric figures of a tally, by name, in display order.
pub(crate) const DRONE_COUNTS: [&str; 6] = [
    "launched",
    "downed",
    "lost",
    "still_in_air",
    "returned",
    "hits",
];

impl DroneFigures {
    /// The count named `name` (one of [`DRONE_COUNTS`]).
    pub fn count(&self, name: &str) -> Option<u64> {
        match name {
            "launched" => self.launched,
            "downed" => self.downed,
            "lost" => self.lost,
            "still_in_air" => self.still_in_air,
            "returned" => self.returned,
            "hits" => self.hits,
            _ => None,
        }
    }

    /// The day named in the end of `window`, if it carries one.
    pub fn window_end_date(&self) -> Option<jiff::civil::Date> {
        // The last date written in the window is the day it ends on.
        let window = self.window.as_deref()?;
        (0..window.len().saturating_sub(9))
            .rev()
            .find_map(|i| window.get(i..i + 10)?.parse::<jiff::civil::Date>().ok())
    }
}

/// Reads `figures.drones` from the front matter's `figures` value. `Ok(None)`
/// when there is none; an error message when it is not a tally.
pub(crate) fn drones(figures: Option<&serde_yaml::Value>) -> Result<Option<DroneFigures>, String> {
    let Some(value) = figures.and_then(|f| f.get("drones")) else {
        return Ok(None);
    };
    if value.is_null() {
        return Ok(None);
    }
    let mut d: DroneFigures = serde_yaml::from_value(value.clone()).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        format!("`figures.drones` is not a drone tally: {msg}")
    })?;
    if let Some(side) = d.side.as_mut() {
        let clean = slug::slugify(side.as_str());
        if clean.is_empty() {
            return Err(format!("`figures.drones.side: {side}` names no side"));
        }
        *side = clean;
    }
    Ok(Some(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Result<Option<DroneFigures>, String> {
        let v: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        drones(Some(&v))
    }

    #[test]
    fn reads_every_field() {
        let d = parse(
            "drones: { launched: 71, downed: 39, lost: 21, still_in_air: 2, returned: 5, hits: 3, weapons: { shahed: 60, decoy: 11 }, window: \"18:00-08:30\", side: Russia, reported_by: Ukrainian air force }",
        )
        .unwrap()
        .unwrap();
        assert_eq!(d.launched, Some(71));
        assert_eq!(d.count("still_in_air"), Some(2));
        assert_eq!(d.weapons["decoy"], 11);
        assert_eq!(d.side.as_deref(), Some("russia"));
        assert_eq!(d.reported_by.as_deref(), Some("Ukrainian air force"));
        assert_eq!(d.window_end_date(), None);
    }

    #[test]
    fn rejects_what_is_not_a_tally() {
        assert!(parse("drones: { launched: many }").is_err());
        assert!(
            parse("drones: { lauched: 3 }")
                .unwrap_err()
                .contains("lauched")
        );
        assert!(parse("drones: { downed: -2 }").is_err());
        assert_eq!(parse("other: { x: 1 }").unwrap(), None);
    }

    #[test]
    fn a_dated_window_names_its_night() {
        let d = parse("drones: { window: \"2024-11-01 18:00 - 2024-11-02 08:30\" }")
            .unwrap()
            .unwrap();
        assert_eq!(d.window_end_date(), Some(jiff::civil::date(2024, 11, 2)));
        let d = parse("drones: { window: 2024-11-01T18:00/2024-11-02T08:30 }")
            .unwrap()
            .unwrap();
        assert_eq!(d.window_end_date(), Some(jiff::civil::date(2024, 11, 2)));
    }
}
