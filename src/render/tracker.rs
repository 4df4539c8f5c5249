//! The drone tracker's outputs: the page's view (chart, table), the
//! `data.csv` and `data.json` downloads, and the drone figures box of an
//! article. All are made from [`Site::nights`], so they always agree.

use std::fmt::Write as _;

use serde::Serialize;
use tera::Value;

use super::reads::{Input, Reader};
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

/// The counts (of [`DRONE_COUNTS`]) that some night gives.
fn columns(site: &Site) -> Vec<&'static str> {
    DRONE_COUNTS
        .iter()
        .copied()
        .filter(|k| site.nights().iter().any(|n| n.count(k).is_some()))
        .collect()
}

/// `{key, label, value}`: one count a tally gives.
#[derive(Serialize)]
pub(crate) struct CountRow {
    key: &'static str,
    label: &'static str,
    value: u64,
}

/// The counts a tally gives.
fn count_rows(lang: &str, d: &DroneFigures) -> Vec<CountRow> {
    DRONE_COUNTS
        .iter()
        .filter_map(|&key| {
            d.count(key).map(|value| CountRow {
                key,
                label: i18n::text(lang, key),
                value,
            })
        })
        .collect()
}

/// `{entry, figures, reported_by, window}`: one report of a night as the
/// table shows it.
#[derive(Serialize)]
pub(crate) struct NightReport<'a> {
    entry: &'a Value,
    figures: Vec<CountRow>,
    reported_by: Option<&'a str>,
    window: Option<&'a str>,
}

impl<'a> NightReport<'a> {
    fn new(entries: &'a Reader, id: PageId) -> Self {
        let site = entries.site;
        let lang = site.config().language.as_str();
        let d = site.pages()[id].drones.as_ref();
        NightReport {
            entry: &entries[id],
            figures: d.map(|d| count_rows(lang, d)).unwrap_or_default(),
            reported_by: d.and_then(|d| d.reported_by.as_deref()),
            window: d.and_then(|d| d.window.as_deref()),
        }
    }
}

/// `{key, value, disputed, path}`: one count of a night; `path` links the
/// earliest report that gave the value.
#[derive(Serialize)]
pub(crate) struct Cell<'a> {
    key: &'static str,
    value: Option<u64>,
    disputed: bool,
    path: Option<&'a str>,
}

/// One row of the tracker's table: a night of one side.
#[derive(Serialize)]
pub(crate) struct NightRow<'a> {
    night_iso: String,
    night_display: String,
    side: Option<&'a str>,
    side_display: String,
    anchor: String,
    conflict: bool,
    cells: Vec<Cell<'a>>,
    reports: Vec<NightReport<'a>>,
}

impl<'a> NightRow<'a> {
    fn new(entries: &'a Reader, night: &'a Night, cols: &[&'static str]) -> Self {
        let site = entries.site;
        entries.pages(&night.reports);
        let lang = site.config().language.as_str();
        let cells = cols
            .iter()
            .map(|&key| {
                let i = DRONE_COUNTS.iter().position(|c| *c == key).unwrap_or(0);
                let value = night.counts[i];
                let source = value.and_then(|v| {
                    night.reports.iter().find(|&&id| {
                        site.pages()[id].drones.as_ref().and_then(|d| d.count(key)) == Some(v)
                    })
                });
                Cell {
                    key,
                    value,
                    disputed: night.disputed[i],
                    path: source.map(|&id| site.paths()[id].as_str()),
                }
            })
            .collect();
        NightRow {
            night_iso: night.night.to_string(),
            night_display: dates::day(night.night, lang),
            side: night.side.as_deref(),
            side_display: i18n::side(lang, night.side.as_deref()),
            anchor: night.anchor(),
            conflict: night.conflict(),
            cells,
            reports: night
                .reports
                .iter()
                .map(|&id| NightReport::new(entries, id))
                .collect(),
        }
    }
}

/// The nights of each side, oldest first, sides in the order of [`Site::nights`].
fn by_side(site: &Site) -> Vec<(Option<&str>, Vec<&Night>)> {
    let mut sides: Vec<(Option<&str>, Vec<&Night>)> = Vec::new();
    for n in site.nights().iter() {
        let side = n.side.as_deref();
        match sides.iter_mut().find(|(s, _)| *s == side) {
            Some((_, list)) => list.push(n),
            None => sides.push((side, vec![n])),
        }
    }
    sides.sort_by_key(|(s, _)| (s.is_none(), *s));
    sides
}

/// `{side, name, id, nights_display, chart}`: one side's chart.
#[derive(Serialize)]
pub(crate) struct SideChart<'a> {
    side: Option<&'a str>,
    name: String,
    nights_display: String,
    /// The SVG, marked safe.
    chart: Value,
    id: String,
}

/// `{key, label}`: a column of the tracker's table.
#[derive(Serialize)]
pub(crate) struct Column {
    key: &'static str,
    label: &'static str,
}

/// `tracker` of `tracker.html`: charts by side, and the table of nights,
/// newest first.
#[derive(Serialize)]
pub(crate) struct TrackerView<'a> {
    path: &'static str,
    count: usize,
    sides: Vec<SideChart<'a>>,
    columns: Vec<Column>,
    rows: Vec<NightRow<'a>>,
    csv_path: &'static str,
    json_path: &'static str,
}

impl<'a> TrackerView<'a> {
    /// The view of the tracker page.
    pub(crate) fn new(entries: &'a Reader<'a>) -> Self {
        let site = entries.site;
        entries.note(Input::Nights);
        let lang = site.config().language.as_str();
        let cols = columns(site);
        let sides = by_side(site)
            .into_iter()
            .map(|(side, nights)| {
                let id = format!("chart-{}", side.unwrap_or("unknown"));
                SideChart {
                    side,
                    name: i18n::side(lang, side),
                    nights_display: i18n::count(lang, nights.len(), "nights"),
                    chart: Value::safe_string(&chart::svg(&nights, &id, lang)),
                    id,
                }
            })
            .collect();
        TrackerView {
            path: TRACKER,
            count: site.nights().len(),
            sides,
            columns: cols
                .iter()
                .map(|&key| Column {
                    key,
                    label: i18n::text(lang, key),
                })
                .collect(),
            rows: site
                .nights()
                .iter()
                .rev()
                .map(|n| NightRow::new(entries, n, &cols))
                .collect(),
            csv_path: CSV_PATH,
            json_path: JSON_PATH,
        }
    }
}

/// `data.csv`: `night,side,launched,downed,lost,reports`, oldest first; an
/// unknown value is an empty cell.
pub(crate) fn csv(site: &Site) -> String {
    let mut s = String::from("night,side,launched,downed,lost,reports\n");
    let cell = |v: Option<u64>| v.map_or_else(String::new, |v| v.to_string());
    for n in site.nights().iter() {
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
    let base = site.config().absolute_base();
    let nights = site
        .nights()
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
                    let p = &site.pages()[id];
                    let d = p.drones.as_ref()?;
                    Some(JsonReport {
                        path: &site.paths()[id],
                        url: format!("{base}{}", site.paths()[id]),
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

/// `{name, count}`: a kind of drone a tally counts.
#[derive(Serialize)]
pub(crate) struct Weapon {
    name: String,
    count: u64,
}

/// `drones` of an article: the drone figures box.
#[derive(Serialize)]
pub(crate) struct ArticleDrones<'a> {
    rows: Vec<CountRow>,
    weapons: Vec<Weapon>,
    side_display: Option<String>,
    reported_by: Option<&'a str>,
    window: Option<&'a str>,
    night_display: String,
    /// The tracker's row of the tally's night.
    tracker_path: String,
}

impl<'a> ArticleDrones<'a> {
    /// The box of article `id`, or none when it gives no tally.
    pub(crate) fn new(site: &'a Site, id: PageId) -> Option<Self> {
        let lang = site.config().language.as_str();
        let page = &site.pages()[id];
        let (Some(d), Some(night)) = (page.drones.as_ref(), night_of(page, site.tz())) else {
            return None;
        };
        Some(ArticleDrones {
            rows: count_rows(lang, d),
            weapons: d
                .weapons
                .iter()
                .map(|(name, &count)| Weapon {
                    name: name.replace('_', " "),
                    count,
                })
                .collect(),
            side_display: d.side.as_deref().map(|s| i18n::side(lang, Some(s))),
            reported_by: d.reported_by.as_deref(),
            window: d.window.as_deref(),
            night_display: dates::day(night, lang),
            tracker_path: format!("{TRACKER}#{}", night_anchor(night, d.side.as_deref())),
        })
    }
}
