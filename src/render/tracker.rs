//! The drone tracker's outputs: the page's view (chart, table), the
//! `data.csv` and `data.json` downloads, and the drone figures box of an
//! article. All are made from [`Site::nights`], so they always agree.

use std::fmt::Write as _;

use serde::Serialize;
use tera::Value;

use super::reads::{Input, Reader};
use super::views::map;
use super::{chart, dates, i18n};
use crate::content::DroneFigures;
use crate::content::figures::DRONE_COUNTS;
use crate::paths::TRACKER;
use crate::site::tracker::{night_anchor, night_of};
use crate::site::{Night, PageId, Site};

/// Output path of the CSV download.
pub(crate) const CSV_PATH: &str = "trackers/drones/data.csv";
/// Output path of the JSON download.
pub(crate) const JSON_PATH: &str = "trackers/drones/data.json";

fn opt_u64(v: Option<u64>) -> Value {
    v.map_or_else(Value::none, Value::from)
}

/// The counts (of [`DRONE_COUNTS`]) that some night gives.
fn columns(site: &Site) -> Vec<&'static str> {
    DRONE_COUNTS
        .iter()
        .copied()
        .filter(|k| site.nights.iter().any(|n| n.count(k).is_some()))
        .collect()
}

/// `[{key, label, value}]` of the counts a tally gives.
fn count_rows(lang: &str, d: &DroneFigures) -> Value {
    let rows: Vec<Value> = DRONE_COUNTS
        .iter()
        .filter_map(|k| {
            d.count(k).map(|v| {
                map([
                    ("key", Value::from(*k)),
                    ("label", Value::from(i18n::text(lang, k))),
                    ("value", Value::from(v)),
                ])
            })
        })
        .collect();
    Value::from(rows)
}

/// One report of a night as the table shows it.
fn report(site: &Site, entries: &Reader, id: PageId) -> Value {
    let lang = site.config.language.as_str();
    let d = site.pages[id].drones.clone().unwrap_or_default();
    map([
        ("entry", entries[id].clone()),
        ("figures", count_rows(lang, &d)),
        (
            "reported_by",
            d.reported_by.map_or_else(Value::none, Value::from),
        ),
        ("window", d.window.map_or_else(Value::none, Value::from)),
    ])
}

/// One row of the table.
fn row(site: &Site, entries: &Reader, night: &Night, cols: &[&'static str]) -> Value {
    entries.pages(&night.reports);
    let lang = site.config.language.as_str();
    let cells: Vec<Value> =
        cols.iter()
            .map(|k| {
                let i = DRONE_COUNTS.iter().position(|c| c == k).unwrap_or(0);
                let value = night.counts[i];
                // The value links to the earliest report that gave it.
                let source = value.and_then(|v| {
                    night.reports.iter().find(|&&id| {
                        site.pages[id].drones.as_ref().and_then(|d| d.count(k)) == Some(v)
                    })
                });
                map([
                    ("key", Value::from(*k)),
                    ("value", opt_u64(value)),
                    ("disputed", Value::from(night.disputed[i])),
                    (
                        "path",
                        source.map_or_else(Value::none, |&id| Value::from(site.paths[id].as_str())),
                    ),
                ])
            })
            .collect();
    let reports: Vec<Value> = night
        .reports
        .iter()
        .map(|&id| report(site, entries, id))
        .collect();
    map([
        ("night_iso", Value::from(night.night.to_string())),
        ("night_display", Value::from(dates::day(night.night, lang))),
        (
            "side",
            night.side.as_deref().map_or_else(Value::none, Value::from),
        ),
        (
            "side_display",
            Value::from(i18n::side(lang, night.side.as_deref())),
        ),
        ("anchor", Value::from(night.anchor())),
        ("conflict", Value::from(night.conflict())),
        ("cells", Value::from(cells)),
        ("reports", Value::from(reports)),
    ])
}

/// The nights of each side, oldest first, sides in the order of [`Site::nights`].
fn by_side(site: &Site) -> Vec<(Option<&str>, Vec<&Night>)> {
    let mut sides: Vec<(Option<&str>, Vec<&Night>)> = Vec::new();
    for n in &site.nights {
        let side = n.side.as_deref();
        match sides.iter_mut().find(|(s, _)| *s == side) {
            Some((_, list)) => list.push(n),
            None => sides.push((side, vec![n])),
        }
    }
    sides.sort_by_key(|(s, _)| (s.is_none(), *s));
    sides
}

/// The view of the tracker page: `tracker.html`'s `tracker`.
pub(crate) fn view(site: &Site, entries: &Reader) -> Value {
    entries.note(Input::Nights);
    let lang = site.config.language.as_str();
    let cols = columns(site);
    let sides: Vec<Value> = by_side(site)
        .into_iter()
        .map(|(side, nights)| {
            let id = format!("chart-{}", side.unwrap_or("unknown"));
            map([
                ("side", side.map_or_else(Value::none, Value::from)),
                ("name", Value::from(i18n::side(lang, side))),
                (
                    "nights_display",
                    Value::from(i18n::count(lang, nights.len(), "nights")),
                ),
                ("chart", Value::safe_string(&chart::svg(&nights, &id, lang))),
                ("id", Value::from(id)),
            ])
        })
        .collect();
    let rows: Vec<Value> = site
        .nights
        .iter()
        .rev()
        .map(|n| row(site, entries, n, &cols))
        .collect();
    let columns: Vec<Value> = cols
        .iter()
        .map(|k| {
            map([
                ("key", Value::from(*k)),
                ("label", Value::from(i18n::text(lang, k))),
            ])
        })
        .collect();
    map([
        ("path", Value::from(TRACKER)),
        ("count", Value::from(site.nights.len())),
        ("sides", Value::from(sides)),
        ("columns", Value::from(columns)),
        ("rows", Value::from(rows)),
        ("csv_path", Value::from(CSV_PATH)),
        ("json_path", Value::from(JSON_PATH)),
    ])
}

/// `data.csv`: `night,side,launched,downed,lost,reports`, oldest first; an
/// unknown value is an empty cell.
pub(crate) fn csv(site: &Site) -> String {
    let mut s = String::from("night,side,launched,downed,lost,reports\n");
    let cell = |v: Option<u64>| v.map_or_else(String::new, |v| v.to_string());
    for n in &site.nights {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{}",
            n.night,
            n.side.as_deref().unwrap_or(""),
            cell(n.count("launched")),
            cell(n.count("downed")),
            cell(n.count("lost")),
            n.reports.len()
        );
    }
    s
}

#[derive(Serialize)]
struct JsonCounts {
    launched: Option<u64>,
    downed: Option<u64>,
    lost: Option<u64>,
    still_in_air: Option<u64>,
    returned: Option<u64>,
    hits: Option<u64>,
}

impl JsonCounts {
    fn of(count: impl Fn(&str) -> Option<u64>) -> Self {
        JsonCounts {
            launched: count("launched"),
            downed: count("downed"),
            lost: count("lost"),
            still_in_air: count("still_in_air"),
            returned: count("returned"),
            hits: count("hits"),
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    path: &'a str,
    url: String,
    title: &'a str,
    source: Option<&'a str>,
    date: String,
    #[serde(flatten)]
    counts: JsonCounts,
    weapons: &'a std::collections::BTreeMap<String, u64>,
    window: Option<&'a str>,
    reported_by: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonNight<'a> {
    night: String,
    side: Option<&'a str>,
    #[serde(flatten)]
    counts: JsonCounts,
    conflict: bool,
    reports: Vec<JsonReport<'a>>,
}

#[derive(Serialize)]
struct JsonData<'a> {
    nights: Vec<JsonNight<'a>>,
}

/// `data.json`: `{"nights": [{night, side, launched, …, conflict, reports}]}`,
/// oldest first; unknown values are `null`.
pub(crate) fn json(site: &Site) -> String {
    let base = site.config.absolute_base();
    let nights = site
        .nights
        .iter()
        .map(|n| JsonNight {
            night: n.night.to_string(),
            side: n.side.as_deref(),
            counts: JsonCounts::of(|k| n.count(k)),
            conflict: n.conflict(),
            reports: n
                .reports
                .iter()
                .filter_map(|&id| {
                    let p = &site.pages[id];
                    let d = p.drones.as_ref()?;
                    Some(JsonReport {
                        path: &site.paths[id],
                        url: format!("{base}{}", site.paths[id]),
                        title: &p.title,
                        source: p.source.as_deref(),
                        date: dates::iso(p.date.at),
                        counts: JsonCounts::of(|k| d.count(k)),
                        weapons: &d.weapons,
                        window: d.window.as_deref(),
                        reported_by: d.reported_by.as_deref(),
                    })
                })
                .collect(),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&JsonData { nights }).unwrap_or_default();
    out.push('\n');
    out
}

/// The drone figures box of article `id`: `{rows: [{label, value}],
/// weapons: [{name, count}], side_display, reported_by, window,
/// tracker_path}`, or none when it gives no tally.
pub(crate) fn article_drones(site: &Site, id: PageId) -> Value {
    let lang = site.config.language.as_str();
    let page = &site.pages[id];
    let (Some(d), Some(night)) = (page.drones.as_ref(), night_of(page, &site.tz)) else {
        return Value::none();
    };
    let weapons: Vec<Value> = d
        .weapons
        .iter()
        .map(|(name, n)| {
            map([
                ("name", Value::from(name.replace('_', " "))),
                ("count", Value::from(*n)),
            ])
        })
        .collect();
    map([
        ("rows", count_rows(lang, d)),
        ("weapons", Value::from(weapons)),
        (
            "side_display",
            d.side
                .as_deref()
                .map_or_else(Value::none, |s| Value::from(i18n::side(lang, Some(s)))),
        ),
        (
            "reported_by",
            d.reported_by
                .as_deref()
                .map_or_else(Value::none, Value::from),
        ),
        (
            "window",
            d.window.as_deref().map_or_else(Value::none, Value::from),
        ),
        ("night_display", Value::from(dates::day(night, lang))),
        (
            "tracker_path",
            Value::from(format!(
                "{TRACKER}#{}",
                night_anchor(night, d.side.as_deref())
            )),
        ),
    ])
}
