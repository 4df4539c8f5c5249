//! Time stamps of entries, and the rule that decides an entry's date:
//! the entry's own stamp (Unix time, byline date and time, "UPDATE 0930 GMT",
//! "12:14") → the `--date` given → the page's header date when the posts'
//! stamps agree with it → nothing. Dates merely mentioned in prose are never
//! read. Byline times of UK outlets are UK local time, stored in UTC.

use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;

use crate::import::text::Pattern;

/// An entry's own time stamp, as precise as the text gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// An exact instant: Unix time, or a byline date and time.
    At(Timestamp),
    /// A time of day with no date ("UPDATE 0930 GMT", "12:14"): minutes after
    /// midnight, and the UTC offset in seconds when the text names a zone.
    TimeOfDay {
        /// Minutes after midnight.
        minutes: u16,
        /// Offset from UTC in seconds, when the stamp names a zone.
        offset: Option<i32>,
    },
    /// A day with no time.
    Day(Date),
    /// A month and day with no year ("Oct 17"): the year is the one that
    /// puts it on or before the reference day (`--date` or the page date).
    MonthDay {
        /// 1 to 12.
        month: i8,
        /// 1 to 31.
        day: i8,
    },
    /// A day and a clock time that name no zone: exact only where the
    /// source's zone is known, else a date without a time.
    Local {
        /// The day.
        date: Date,
        /// Minutes after midnight.
        minutes: u16,
    },
}

/// A resolved publication date, as written to front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PubDate {
    /// An instant, written in RFC 3339 UTC.
    At(Timestamp),
    /// A day, written `YYYY-MM-DD`.
    Day(Date),
}

impl PubDate {
    /// The front matter value.
    pub fn to_front_matter(self) -> String {
        match self {
            PubDate::At(t) => t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            PubDate::Day(d) => d.to_string(),
        }
    }

    /// The same stamp `days` days earlier.
    pub fn days_earlier(self, days: i64) -> PubDate {
        if days == 0 {
            return self;
        }
        match self {
            PubDate::At(t) => PubDate::At(
                t.checked_sub(jiff::Span::new().hours(24 * days))
                    .unwrap_or(t),
            ),
            PubDate::Day(d) => {
                PubDate::Day(d.checked_sub(jiff::Span::new().days(days)).unwrap_or(d))
            }
        }
    }

    /// The day the entry belongs to in `tz` (names its folder).
    pub fn day(self, tz: &jiff::tz::TimeZone) -> Date {
        match self {
            PubDate::At(t) => t.to_zoned_datetime(tz.clone()).date(),
            PubDate::Day(d) => d,
        }
    }
}

/// The `--date` option: a day, and an instant when RFC 3339 was given. Its
/// offset also places time-of-day stamps that name no zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Given {
    /// The day.
    pub date: Date,
    /// The exact instant when RFC 3339 was given.
    pub at: Option<Timestamp>,
    /// UTC offset in seconds (0 for a plain day).
    pub offset: i32,
}

/// Parses `--date`: `YYYY-MM-DD` or RFC 3339.
pub fn parse_given(s: &str) -> Result<Given, String> {
    let s = s.trim();
    if let Ok(d) = s.parse::<Date>()
        && s.len() == 10
    {
        return Ok(Given {
            date: d,
            at: None,
            offset: 0,
        });
    }
    if let Ok(zoned) = s.parse::<Timestamp>() {
        let offset = rfc3339_offset(s).unwrap_or(0);
        let local = Offset::from_seconds(offset)
            .unwrap_or(Offset::UTC)
            .to_datetime(zoned);
        return Ok(Given {
            date: local.date(),
            at: Some(zoned),
            offset,
        });
    }
    Err(format!(
        "`--date {s}` is not a date; use YYYY-MM-DD or RFC 3339 such as 2024-11-02T09:00:00+02:00"
    ))
}

fn rfc3339_offset(s: &str) -> Option<i32> {
    if s.ends_with(['Z', 'z']) {
        return Some(0);
    }
    let tail = s.get(s.len().checked_sub(6)?..)?;
    let sign = match tail.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let h: i32 = tail.get(1..3)?.parse().ok()?;
    let m: i32 = tail.get(4..6)?.parse().ok()?;
    Some(sign * (h * 3600 + m * 60))
}

/// Decides an entry's date from its own stamp, then `--date`, then the page
/// date. A clock time that names no zone is placed in `zone` (the source's
/// known zone) or in the offset of an RFC 3339 `--date`; without either the
/// entry gets its day only, never an invented time. `None` when there is
/// nothing to go on.
pub fn resolve(
    stamp: Option<Stamp>,
    given: Option<&Given>,
    page: Option<Date>,
    zone: Option<&jiff::tz::TimeZone>,
) -> Option<PubDate> {
    let reference = given.map(|g| g.date).or(page);
    let local = |day: Date, minutes: u16, offset: Option<i32>| -> Option<PubDate> {
        let dt = day.at((minutes / 60) as i8, (minutes % 60) as i8, 0, 0);
        let explicit = offset.or(given.filter(|g| g.at.is_some()).map(|g| g.offset));
        if let Some(secs) = explicit {
            let at = Offset::from_seconds(secs).ok()?.to_timestamp(dt).ok()?;
            return Some(PubDate::At(at));
        }
        match zone {
            Some(tz) => Some(PubDate::At(
                tz.to_ambiguous_timestamp(dt).compatible().ok()?,
            )),
            None => Some(PubDate::Day(day)),
        }
    };
    match stamp {
        Some(Stamp::At(t)) => Some(PubDate::At(t)),
        Some(Stamp::Day(d)) => Some(PubDate::Day(d)),
        Some(Stamp::TimeOfDay { minutes, offset }) => local(reference?, minutes, offset),
        Some(Stamp::Local { date, minutes }) => local(date, minutes, None),
        Some(Stamp::MonthDay { month, day }) => {
            let r = reference?;
            let this = crate::import::stamps::civil_date(r.year(), month, day)?;
            let year = if this > r { r.year() - 1 } else { r.year() };
            crate::import::stamps::civil_date(year, month, day).map(PubDate::Day)
        }
        None => match given {
            Some(Given { at: Some(t), .. }) => Some(PubDate::At(*t)),
            Some(g) => Some(PubDate::Day(g.date)),
            None => page.map(PubDate::Day),
        },
    }
}

/// The day every exact stamp falls on in `tz`, when they all fall on one.
pub fn agreed_day(stamps: &[Timestamp], tz: &jiff::tz::TimeZone) -> Option<Date> {
    let first = stamps.first()?.to_zoned_datetime(tz.clone()).date();
    stamps
        .iter()
        .all(|t| t.to_zoned_datetime(tz.clone()).date() == first)
        .then_some(first)
}

/// For each draft, how many days before the `--date` day its time of day
/// falls: in a newest-first blog (clock times mostly falling down the
/// page) a post whose time is later than the post above it belongs to the
/// day before.
pub fn days_back(drafts: &[crate::import::draft::Draft]) -> Vec<i64> {
    let clocks: Vec<Option<u16>> = drafts
        .iter()
        .map(|d| match d.stamp {
            Some(Stamp::TimeOfDay { minutes, .. }) => Some(minutes),
            _ => None,
        })
        .collect();
    let seq: Vec<u16> = clocks.iter().flatten().copied().collect();
    let falls = seq.windows(2).filter(|w| w[1] < w[0]).count();
    let rises = seq.windows(2).filter(|w| w[1] > w[0]).count();
    let newest_first = seq.len() >= 3 && falls > 2 * rises;
    let mut back = 0;
    let mut last: Option<u16> = None;
    clocks
        .iter()
        .map(|c| match c {
            Some(m) if newest_first => {
                if last.is_some_and(|l| *m > l) {
                    back += 1;
                }
                last = Some(*m);
                back
            }
            _ => 0,
        })
        .collect()
}

/// Words that name a day relative to the page's, alone on a line as a day
/// header, and how many days before it they point.
const RELATIVE_DAYS: &[(&str, i64)] = &[
    ("today", 0),
    ("earlier today", 0),
    ("yesterday", 1),
    ("aujourd'hui", 0),
    ("aujourd’hui", 0),
    ("hier", 1),
    ("heute", 0),
    ("gestern", 1),
    ("сьогодні", 0),
    ("вчора", 1),
    ("учора", 1),
    ("сегодня", 0),
    ("вчера", 1),
];

/// A day header that names a day relative to the page's ("Yesterday",
/// "Hier", "Вчора"): how many days before the page's day it is.
pub fn relative_day(line: &str) -> Option<i64> {
    if line.len() > 32 {
        return None;
    }
    let word = line
        .trim()
        .trim_end_matches([':', '.', ','])
        .trim()
        .to_lowercase();
    RELATIVE_DAYS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|&(_, back)| back)
}

/// True when the page date agrees with the posts' exact stamps (every one
/// within a day of it). A header that contradicts them is ignored.
pub fn page_date_agrees(page: Date, stamps: &[Timestamp]) -> bool {
    stamps.iter().all(|t| {
        let d = t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        d.since(page)
            .map(|span| span.get_days().abs() <= 1)
            .unwrap_or(false)
    })
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month number of an English month name or its abbreviation.
pub fn month_number(name: &str) -> Option<i8> {
    let n = name.trim_end_matches('.').to_lowercase();
    if n.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&n) && (n.len() == 3 || *m == n || n == "sept"))
        .map(|i| i as i8 + 1)
}

// Digits are ASCII (`[0-9]`, not Unicode `\d`), as the parsing of them is.
// Name lengths are checked in code, not with `{1,60}`: a counted repeat of
// a Unicode letter class compiles to that many copies of it (tens of MB and
// tens of milliseconds for this one pattern).
static BYLINE_TIME: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^(\p{Lu}[\p{L}'’. -]+?\p{L})\s*([0-9]{1,2}) ([A-Za-z]{3,9})\.? ([0-9]{4}),? ([0-9]{1,2}):([0-9]{2})$",
    )
});
/// Longest name before a byline's date (`Name Surname 2 Nov 2024 10:00`).
const MAX_NAME_CHARS: usize = 62;
static UPDATE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^(?i:update|updated)\s+([0-9]{1,2}):?([0-9]{2})\s*(GMT|UTC|BST|CET|CEST|EET|EEST|ET|EST|EDT)?\s*:\s*(.*)$",
    )
});
static ORIGINAL: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^(?i:original entry|original post)\s*:\s*(.*)$"));
static STAMPED: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^([0-9]{1,2}):([0-9]{2})\s*,\s*(\p{Lu}[\p{L}'’. -]+)$"));
static DAY_MONTH_YEAR: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:([0-9]{1,2})\s+([A-Za-z]{3,9})\.?|([A-Za-z]{3,9})\.?\s+([0-9]{1,2})),?\s+([0-9]{4})$",
    )
});
static TITLE_DATE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r",\s+([A-Za-z]{3,9})\.?\s+([0-9]{1,2}),\s+([0-9]{4})$"));

/// A line that is nothing but Unix time (10 digits, 2001–2286).
pub fn unix_line(s: &str) -> Option<Timestamp> {
    if s.len() != 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Timestamp::from_second(s.parse().ok()?).ok()
}

/// A byline whose name runs into a UK local date and time
/// ("Jane Doe2 November 2024 16:20"): the name and the instant in UTC.
pub fn byline_time(s: &str) -> Option<(String, Timestamp)> {
    // Cheap tests first: captures run the slow engine on every line otherwise.
    if !s.ends_with(|c: char| c.is_ascii_digit()) || !s.contains(':') || !BYLINE_TIME.is_match(s) {
        return None;
    }
    let c = BYLINE_TIME.captures(s)?;
    let name = c.get(1)?.as_str();
    if name.chars().count() > MAX_NAME_CHARS {
        return None;
    }
    let name = name.trim().to_string();
    let day: i8 = c.get(2)?.as_str().parse().ok()?;
    let month = month_number(c.get(3)?.as_str())?;
    let year: i16 = c.get(4)?.as_str().parse().ok()?;
    let hour: i8 = c.get(5)?.as_str().parse().ok()?;
    let minute: i8 = c.get(6)?.as_str().parse().ok()?;
    let dt = DateTime::new(year, month, day, hour, minute, 0, 0).ok()?;
    Some((name, uk_local_to_utc(dt)?))
}

/// UK local time to UTC, by the `Europe/London` zone of the bundled time
/// zone database (GMT, British Summer Time and the zone's history). A clock
/// time the change to summer time skips is read with the offset before it;
/// one the change back repeats is the first of the two (jiff's `compatible`).
pub fn uk_local_to_utc(dt: DateTime) -> Option<Timestamp> {
    crate::zones::uk()?
        .to_ambiguous_timestamp(dt)
        .compatible()
        .ok()
}

/// A live blog's time marker ("UPDATE 1303 GMT:", "ORIGINAL ENTRY:"): the
/// stamp (none for the original entry) and any text after the colon.
pub fn update_marker(s: &str) -> Option<(Option<Stamp>, &str)> {
    if !s.starts_with(['U', 'u', 'O', 'o']) || !s.contains(':') {
        return None;
    }
    if let Some(c) = UPDATE.captures(s) {
        let h: u16 = c.get(1)?.as_str().parse().ok()?;
        let m: u16 = c.get(2)?.as_str().parse().ok()?;
        if h > 23 || m > 59 {
            return None;
        }
        let offset = c.get(3).map(|z| zone_offset(z.as_str()));
        let rest = c.get(4).map_or("", |r| r.as_str());
        return Some((
            Some(Stamp::TimeOfDay {
                minutes: h * 60 + m,
                offset,
            }),
            rest,
        ));
    }
    let c = ORIGINAL.captures(s)?;
    Some((None, c.get(1).map_or("", |r| r.as_str())))
}

fn zone_offset(zone: &str) -> i32 {
    match zone.to_ascii_uppercase().as_str() {
        "BST" | "CET" => 3600,
        "CEST" | "EET" => 7200,
        "EEST" => 10800,
        "EST" | "ET" => -5 * 3600,
        "EDT" => -4 * 3600,
        _ => 0,
    }
}

/// A post stamp "12:14 , Author": minutes after midnight and the author.
pub fn stamped_line(s: &str) -> Option<(u16, String)> {
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let c = STAMPED.captures(s)?;
    let h: u16 = c.get(1)?.as_str().parse().ok()?;
    let m: u16 = c.get(2)?.as_str().parse().ok()?;
    if h > 23 || m > 59 || c.get(3)?.as_str().chars().count() > MAX_NAME_CHARS - 1 {
        return None;
    }
    Some((h * 60 + m, c.get(3)?.as_str().trim().to_string()))
}

/// A line that is only a date ("Saturday, November 23, 2024", "2 November 2024").
pub fn date_line(s: &str) -> Option<Date> {
    if !s.ends_with(|c: char| c.is_ascii_digit()) || s.len() > 40 {
        return None;
    }
    let c = DAY_MONTH_YEAR.captures(s)?;
    let (day, month) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
        (Some(d), Some(m), _, _) | (_, _, Some(m), Some(d)) => (d.as_str(), m.as_str()),
        _ => return None,
    };
    let year: i16 = c.get(5)?.as_str().parse().ok()?;
    crate::import::stamps::civil_date(year, month_number(month)?, day.parse().ok()?)
}

/// A date ending a title line ("Campaign Assessment, November 2, 2024").
pub fn title_date(s: &str) -> Option<Date> {
    if !s.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let c = TITLE_DATE.captures(s)?;
    let month = month_number(c.get(1)?.as_str())?;
    let day: i8 = c.get(2)?.as_str().parse().ok()?;
    let year: i16 = c.get(3)?.as_str().parse().ok()?;
    crate::import::stamps::civil_date(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn byline_time_is_uk_local() {
        let (name, t) = byline_time("Jane Doe2 November 2024 16:20").unwrap();
        assert_eq!(name, "Jane Doe");
        assert_eq!(t.to_string(), "2024-11-02T16:20:00Z");
        // Summer: BST, one hour ahead of UTC.
        let (_, t) = byline_time("Jane Doe14 July 2024 09:05").unwrap();
        assert_eq!(t.to_string(), "2024-07-14T08:05:00Z");
        assert!(byline_time("Jane Doe said on 2 November 2024 that").is_none());
        // Names of up to 62 characters.
        let named =
            |n: usize| byline_time(&format!("J{}e2 November 2024 16:20", "a".repeat(n - 2)));
        assert_eq!(named(62).map(|(name, _)| name.len()), Some(62));
        assert!(named(63).is_none());
        assert!(stamped_line(&format!("10:05, K{}", "a".repeat(60))).is_some());
        assert!(stamped_line(&format!("10:05, K{}", "a".repeat(61))).is_none());
    }

    #[test]
    fn bst_changes_on_the_last_sundays() {
        // 2024: BST from 31 March to 27 October.
        let at = |d: Date, h| uk_local_to_utc(d.at(h, 0, 0, 0)).unwrap().to_string();
        assert_eq!(at(date(2024, 3, 31), 1), "2024-03-31T01:00:00Z");
        assert_eq!(at(date(2024, 3, 31), 3), "2024-03-31T02:00:00Z");
        assert_eq!(at(date(2024, 10, 26), 12), "2024-10-26T11:00:00Z");
        assert_eq!(at(date(2024, 10, 28), 12), "2024-10-28T12:00:00Z");
        // Before 1996 the change back was in late October too, but not on
        // the last Sunday: 22 October 1995.
        assert_eq!(at(date(1995, 10, 25), 12), "1995-10-25T12:00:00Z");
    }

    #[test]
    fn markers_and_stamps() {
        let (s, rest) = update_marker("UPDATE 0930 GMT:").unwrap();
        assert_eq!(
            s,
            Some(Stamp::TimeOfDay {
                minutes: 570,
                offset: Some(0)
            })
        );
        assert_eq!(rest, "");
        let (s, rest) = update_marker("ORIGINAL ENTRY: It began.").unwrap();
        assert_eq!((s, rest), (None, "It began."));
        assert!(update_marker("UPDATE 2599 GMT:").is_none());
        assert_eq!(
            stamped_line("12:14 , Ann Lee"),
            Some((734, "Ann Lee".into()))
        );
        assert_eq!(
            unix_line("1730564427").unwrap().to_string(),
            "2024-11-02T16:20:27Z"
        );
        assert!(unix_line("17305644270").is_none());
    }

    #[test]
    fn date_lines() {
        assert_eq!(
            date_line("Saturday, November 23, 2024"),
            Some(date(2024, 11, 23))
        );
        assert_eq!(date_line("2 Nov 2024"), Some(date(2024, 11, 2)));
        assert_eq!(date_line("On 2 November 2024 it rained."), None);
        assert_eq!(
            title_date("Offensive Assessment, November 2, 2024"),
            Some(date(2024, 11, 2))
        );
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("Ma"), None);
    }

    #[test]
    fn resolution_order() {
        let given = parse_given("2024-12-27").unwrap();
        let tod = Some(Stamp::TimeOfDay {
            minutes: 783,
            offset: Some(0),
        });
        assert_eq!(
            resolve(tod, Some(&given), None, None)
                .unwrap()
                .to_front_matter(),
            "2024-12-27T13:03:00Z"
        );
        assert_eq!(resolve(tod, None, None, None), None);
        assert_eq!(
            resolve(None, Some(&given), None, None)
                .unwrap()
                .to_front_matter(),
            "2024-12-27"
        );
        // A clock with no zone: the source's zone, else the day only.
        let bare = Some(Stamp::Local {
            date: date(2025, 9, 19),
            minutes: 17 * 60 + 46,
        });
        assert_eq!(
            resolve(bare, None, None, None).map(PubDate::to_front_matter),
            Some("2025-09-19".into())
        );
        let kyiv_tz = crate::zones::named("Europe/Kyiv").unwrap();
        assert_eq!(
            resolve(bare, None, None, Some(&kyiv_tz)).map(PubDate::to_front_matter),
            Some("2025-09-19T14:46:00Z".into())
        );
        // A month and day take the year that puts them on or before --date.
        let step = |month, day| {
            resolve(
                Some(Stamp::MonthDay { month, day }),
                Some(&given),
                None,
                None,
            )
            .map(PubDate::to_front_matter)
        };
        assert_eq!(step(10, 17), Some("2024-10-17".into()));
        assert_eq!(step(12, 30), Some("2023-12-30".into()));
        let kyiv = parse_given("2024-12-27T08:00:00+02:00").unwrap();
        let local = Some(Stamp::TimeOfDay {
            minutes: 600,
            offset: None,
        });
        assert_eq!(
            resolve(local, Some(&kyiv), None, None)
                .unwrap()
                .to_front_matter(),
            "2024-12-27T08:00:00Z"
        );
        assert!(parse_given("27/12/2024").is_err());
        let stamps = [Timestamp::from_second(1730564427).unwrap()];
        assert!(!page_date_agrees(date(2024, 11, 23), &stamps));
        assert!(page_date_agrees(date(2024, 11, 2), &stamps));
    }
}
