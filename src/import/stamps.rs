//! Reading a date and a clock time wherever a line writes them, in any of
//! the common styles: `13:03 GMT`, `6:18 PM EST, Fri November 22, 2024`,
//! `2025-05-25T07:53:36.000Z`, `16 septembre 2025 à 09:29`, `22.01.2025
//! 08:14`, `25-05-2025`, `Oct 17`. Month and day names are read in English,
//! French, German, Ukrainian and Russian. A zone is taken from the stamp
//! itself (`GMT`, `EST`, `CEST`, `Kyiv time`, `+02:00`); without one the
//! clock time is kept apart so the caller can decide (the source's known
//! zone, or a date without a time).

use std::sync::LazyLock;

use jiff::civil::Date;

use crate::import::text::Pattern;

/// The zone a stamp names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Zone {
    /// A fixed offset from UTC, in seconds (`GMT`, `+02:00`, `CEST`).
    Offset(i32),
    /// An IANA zone whose offset depends on the day (`Kyiv time`, `ET`).
    Named(&'static str),
}

/// A date and/or clock time found in a line, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The day, when the line gives one with its year.
    pub date: Option<Date>,
    /// Month and day without a year (`Oct 17`, `16 septembre`).
    pub month_day: Option<(i8, i8)>,
    /// Hour, minute and second, 24-hour.
    pub time: Option<(i8, i8, i8)>,
    /// The zone the stamp names, if any.
    pub zone: Option<Zone>,
    /// Byte range of the stamp in the line.
    pub span: (usize, usize),
}

impl Found {
    /// The instant, when the stamp has a day, a time and a zone.
    pub(crate) fn instant(&self) -> Option<jiff::Timestamp> {
        let (date, (h, m, s), zone) = (self.date?, self.time?, self.zone.as_ref()?);
        at_zone(date, h, m, s, zone)
    }
}

/// The instant of a civil date and time in `zone`.
pub(crate) fn at_zone(date: Date, h: i8, m: i8, s: i8, zone: &Zone) -> Option<jiff::Timestamp> {
    let dt = date.at(h, m, s, 0);
    match zone {
        Zone::Offset(secs) => jiff::tz::Offset::from_seconds(*secs)
            .ok()?
            .to_timestamp(dt)
            .ok(),
        Zone::Named(name) => {
            let tz = crate::zones::named(name).ok()?;
            tz.to_ambiguous_timestamp(dt).compatible().ok()
        }
    }
}

/// Month names and abbreviations (lower case, without a final dot) in the
/// five languages read, with their numbers.
const MONTHS: &[(&str, i8)] = &[
    // English
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    // French
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fevr", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // Ukrainian (the genitive, as dates write it, and the nominative)
    ("січня", 1),
    ("січень", 1),
    ("лютого", 2),
    ("лютий", 2),
    ("березня", 3),
    ("березень", 3),
    ("квітня", 4),
    ("квітень", 4),
    ("травня", 5),
    ("травень", 5),
    ("червня", 6),
    ("червень", 6),
    ("липня", 7),
    ("липень", 7),
    ("серпня", 8),
    ("серпень", 8),
    ("вересня", 9),
    ("вересень", 9),
    ("жовтня", 10),
    ("жовтень", 10),
    ("листопада", 11),
    ("листопад", 11),
    ("грудня", 12),
    ("грудень", 12),
    // Russian
    ("января", 1),
    ("январь", 1),
    ("февраля", 2),
    ("февраль", 2),
    ("марта", 3),
    ("март", 3),
    ("апреля", 4),
    ("апрель", 4),
    ("мая", 5),
    ("май", 5),
    ("июня", 6),
    ("июнь", 6),
    ("июля", 7),
    ("июль", 7),
    ("августа", 8),
    ("август", 8),
    ("сентября", 9),
    ("сентябрь", 9),
    ("октября", 10),
    ("октябрь", 10),
    ("ноября", 11),
    ("ноябрь", 11),
    ("декабря", 12),
    ("декабрь", 12),
];

/// Day names and abbreviations in the five languages (lower case).
const WEEKDAYS: &[&str] = &[
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "понеділок",
    "вівторок",
    "середа",
    "четвер",
    "п'ятниця",
    "п’ятниця",
    "субота",
    "неділя",
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
];

/// The month number of a month name or abbreviation in any language read.
pub(crate) fn month_of(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 || w.len() > 20 {
        return None;
    }
    // The names are in lower case: an ASCII word is compared without
    // making a lowered copy of it. Only the names of its length can be it
    // (this runs on the word before every number in prose).
    let found = if w.is_ascii() {
        months_of_length(w.len()).find(|(n, _)| n.eq_ignore_ascii_case(w))
    } else {
        let lower = w.to_lowercase();
        months_of_length(lower.len()).find(|(n, _)| *n == lower)
    };
    found.map(|(_, m)| *m)
}

/// [`MONTHS`] by the length of their names in bytes, each list in the
/// order of [`MONTHS`].
static MONTHS_BY_LENGTH: LazyLock<Vec<Vec<(&'static str, i8)>>> = LazyLock::new(|| {
    let longest = MONTHS.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let mut by_length = vec![Vec::new(); longest + 1];
    for &(name, month) in MONTHS {
        by_length[name.len()].push((name, month));
    }
    by_length
});

/// The month names of `len` bytes, in the order of [`MONTHS`].
fn months_of_length(len: usize) -> impl Iterator<Item = &'static (&'static str, i8)> {
    MONTHS_BY_LENGTH.get(len).into_iter().flatten()
}

/// True for a day name or its abbreviation in any language read.
pub(crate) fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',']);
    w.len() >= 3 && w.len() <= 24 && WEEKDAYS.contains(&w.to_lowercase().as_str())
}

/// Dates: `2025-05-25`, `22.01.2025` / `25-05-2025`, `16 septembre 2025`,
/// `November 22, 2024`, and without a year `Oct 17` / `17 Oct`. The month
/// word is checked against [`MONTHS`] in code.
static DATE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?x)
        (?P<iso>(?P<iy>[0-9]{4})-(?P<im>[0-9]{2})-(?P<id>[0-9]{2}))
        | (?P<num>(?P<nd>[0-9]{1,2})[./-](?P<nm>[0-9]{1,2})[./-](?P<ny>[0-9]{4}))
        | (?P<dmy>(?P<d1>[0-9]{1,2})(?:st|nd|rd|th|er)?\.?\s+(?P<m1>\p{L}+\.?)(?:,?\s+(?P<y1>[0-9]{4}))?)
        | (?P<mdy>(?P<m2>\p{L}+\.?)\s+(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?(?:-[0-9]{1,2})?(?:,?\s+(?P<y2>[0-9]{4}))?)
        ",
    )
});

/// Clock times: `13:03`, `6:18 PM`, `9.30am`, `07:53:36.000`, with a zone
/// after them (`GMT`, `EST`, `Z`, `+02:00`, `Kyiv time`).
static TIME: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?xi)
        (?:^|[^0-9:.])
        (?P<h>[0-9]{1,2})[:.h](?P<m>[0-9]{2})(?::(?P<s>[0-9]{2})(?:\.[0-9]+)?)?
        (?:\s*(?P<ap>a\.?m\.?|p\.?m\.?))?
        (?P<zone>\s*(?:Z(?-u:\b)|(?:UTC|GMT)\s*[+-][0-9]{1,2}(?::?[0-9]{2})?|[+-][0-9]{2}:?[0-9]{2}(?-u:\b)
            |\(?(?:UTC|GMT|BST|CEST|CET|EEST|EET|EST|EDT|ET|PST|PDT|MSK)(?-u:\b)\)?
            |(?:Kyiv|Kiev|Moscow|London|Paris|Berlin|Warsaw)\s+time(?-u:\b)))?
        ",
    )
});

/// Finds the first date and the first clock time in `line`.
pub(crate) fn find(line: &str) -> Option<Found> {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let date = find_date(line);
    let time = find_time(line);
    if date.is_none() && time.is_none() {
        return None;
    }
    let (mut start, mut end) = (usize::MAX, 0);
    let mut found = Found {
        date: None,
        month_day: None,
        time: None,
        zone: None,
        span: (0, 0),
    };
    if let Some((d, md, s, e)) = date {
        found.date = d;
        found.month_day = md;
        start = start.min(s);
        end = end.max(e);
    }
    if let Some((t, zone, s, e)) = time {
        found.time = Some(t);
        found.zone = zone;
        start = start.min(s);
        end = end.max(e);
    }
    found.span = (start, end);
    Some(found)
}

/// Every month and day the line names ("on February 21", "17 Oct"), in order.
pub(crate) fn month_days(line: &str) -> Vec<(i8, i8)> {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((_, md, _, end)) = line.get(at..).and_then(find_date) {
        out.extend(md);
        at += end;
    }
    out
}

type DateHit = (Option<Date>, Option<(i8, i8)>, usize, usize);

fn find_date(line: &str) -> Option<DateHit> {
    if !may_hold_date(line) {
        return None;
    }
    date_by_pattern(line)
}

/// False when `line` holds no date [`date_by_pattern`] can find: no digit
/// with `-`, `.` or `/` and another digit after it (the numeric forms) and,
/// in ASCII text, no run of letters that is a month name (the forms with a
/// month word: their word is a whole run of letters, with a stop at most).
/// Read byte by byte before the pattern, which costs thousands of
/// instructions on every line of prose with a number in it.
fn may_hold_date(line: &str) -> bool {
    if !line.is_ascii() {
        return true;
    }
    let b = line.as_bytes();
    let digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    // Where the run of letters that ends at the next other byte starts.
    let mut run = 0;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_alphabetic() {
            continue;
        }
        if matches!(c, b'-' | b'.' | b'/') && i > 0 && digit_at(i - 1) && digit_at(i + 1) {
            return true;
        }
        if is_month_run(&line[run..i]) {
            return true;
        }
        run = i + 1;
    }
    is_month_run(&line[run..])
}

/// The first three letters, in lower case, of the month names of three
/// letters or more: a run of letters that starts otherwise is no month.
static MONTH_STARTS: LazyLock<Vec<[u8; 3]>> = LazyLock::new(|| {
    let mut starts: Vec<[u8; 3]> = MONTHS
        .iter()
        .filter_map(|(n, _)| n.as_bytes().first_chunk::<3>().copied())
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
});

/// True when `run`, a run of ASCII letters, is a month name.
fn is_month_run(run: &str) -> bool {
    let Some(&[a, b, c]) = run.as_bytes().first_chunk::<3>() else {
        return false;
    };
    run.len() <= 20
        && MONTH_STARTS
            .binary_search(&[a | 0x20, b | 0x20, c | 0x20])
            .is_ok()
        && month_of(run).is_some()
}

/// The first date [`DATE`] finds in `line` (see [`find_date`]).
fn date_by_pattern(line: &str) -> Option<DateHit> {
    let mut pos = 0;
    while let Some(m) = DATE.find_at(line, pos) {
        // Most matches in prose are a word and a number ("down 45"): the
        // word is checked for a month before the groups are worked out.
        if let Some(skip) = not_a_month(m.as_str()) {
            pos = m.start() + skip;
            continue;
        }
        let Some(c) = DATE.captures_at(line, m.start()) else {
            break;
        };
        let whole = c.get(0)?;
        // When the match is no date ("on 3 January": "on" is no month), look
        // again after its first word, so a real date inside it is not skipped.
        pos = c
            .name("m2")
            .or(c.name("d1"))
            .map_or(whole.end(), |m| m.end());
        let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i16>().ok());
        let (year, month, day) = if c.name("iso").is_some() {
            (num("iy"), num("im"), num("id"))
        } else if c.name("num").is_some() {
            (num("ny"), num("nm"), num("nd"))
        } else if c.name("dmy").is_some() {
            let Some(m) = c.name("m1").and_then(|m| month_of(m.as_str())) else {
                continue;
            };
            (num("y1"), Some(i16::from(m)), num("d1"))
        } else {
            let Some(m) = c.name("m2").and_then(|m| month_of(m.as_str())) else {
                continue;
            };
            (num("y2"), Some(i16::from(m)), num("d2"))
        };
        let (Some(month), Some(day)) = (month, day) else {
            continue;
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            continue;
        }
        let (month, day) = (month as i8, day as i8);
        match year {
            Some(y) => {
                let Some(d) = civil_date(y, month, day) else {
                    continue;
                };
                return Some((Some(d), Some((month, day)), whole.start(), whole.end()));
            }
            None => return Some((None, Some((month, day)), whole.start(), whole.end())),
        }
    }
    None
}

/// For a [`DATE`] match whose month word is no month, how far into the
/// match the next search starts (past that word, or past the day before
/// it); `None` when it may be a date. The groups are read from the shape
/// of the match: only `dmy` and `mdy` hold white space, and only `mdy`
/// starts with a letter; the month word ends at a comma, white space or
/// the end of the match.
fn not_a_month(m: &str) -> Option<usize> {
    let word_end = |s: &str| {
        s.find(|c: char| c == ',' || c.is_whitespace())
            .unwrap_or(s.len())
    };
    if m.starts_with(|c: char| c.is_ascii_digit()) {
        let gap = m.find(char::is_whitespace)?;
        let rest = m[gap..].trim_start();
        let word = &rest[..word_end(rest)];
        let digits = m.bytes().take_while(u8::is_ascii_digit).count();
        month_of(word).is_none().then_some(digits)
    } else {
        let word = &m[..word_end(m)];
        month_of(word).is_none().then_some(word.len())
    }
}

/// The date of `year`, `month` and `day` when it is one and its year is
/// one the front matter holds (1000 to 9998): "22.01.0000" or "March 3,
/// 0025" is no date.
pub(crate) fn civil_date(year: i16, month: i8, day: i8) -> Option<Date> {
    if !(1000..=9998).contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

type TimeHit = ((i8, i8, i8), Option<Zone>, usize, usize);

/// False when `line` holds no clock [`TIME`] reads: each is a digit, then
/// `:`, `.` or `h`, then two digits.
fn may_hold_clock(line: &str) -> bool {
    line.as_bytes().windows(4).any(|w| {
        w[0].is_ascii_digit()
            && matches!(w[1], b':' | b'.' | b'h' | b'H')
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
    })
}

fn find_time(line: &str) -> Option<TimeHit> {
    if !may_hold_clock(line) {
        return None;
    }
    for c in TIME.captures_iter(line) {
        let h: i8 = c.name("h")?.as_str().parse().ok()?;
        let m: i8 = c.name("m")?.as_str().parse().ok()?;
        let s: i8 = c.name("s").map_or(Some(0), |s| s.as_str().parse().ok())?;
        let sep = &line[c.name("h")?.end()..c.name("m")?.start()];
        let ap = c.name("ap").map(|a| a.as_str().to_ascii_lowercase());
        let zone = c.name("zone").and_then(|z| zone_of(z.as_str()));
        // "9.30" is a time only with am/pm or a zone ("14.05 GMT"); "10h30"
        // is French.
        if sep == "." && ap.is_none() && zone.is_none() {
            continue;
        }
        let h = match ap.as_deref().map(|a| a.starts_with('p')) {
            Some(_) if !(1..=12).contains(&h) => continue,
            Some(true) => h % 12 + 12,
            Some(false) => h % 12,
            None => h,
        };
        if h > 23 || m > 59 || s > 59 {
            continue;
        }
        let start = c.name("h")?.start();
        let end = c
            .name("zone")
            .filter(|_| zone.is_some())
            .or(c.name("ap"))
            .or(c.name("s"))
            .or(c.name("m"))?
            .end();
        return Some(((h, m, s), zone, start, end));
    }
    None
}

/// The zone a stamp's zone text names.
fn zone_of(text: &str) -> Option<Zone> {
    let t = text.trim().trim_matches(['(', ')']).trim();
    if t.is_empty() {
        return None;
    }
    let upper = t.to_ascii_uppercase();
    if let Some(name) = upper.strip_suffix(" TIME") {
        return match name.trim() {
            "KYIV" | "KIEV" => Some(Zone::Named("Europe/Kyiv")),
            "MOSCOW" => Some(Zone::Named("Europe/Moscow")),
            "LONDON" => Some(Zone::Named("Europe/London")),
            "PARIS" => Some(Zone::Named("Europe/Paris")),
            "BERLIN" => Some(Zone::Named("Europe/Berlin")),
            "WARSAW" => Some(Zone::Named("Europe/Warsaw")),
            _ => None,
        };
    }
    let named = match upper.as_str() {
        "Z" | "UTC" | "GMT" => Some(0),
        "BST" | "CET" => Some(3600),
        "CEST" | "EET" => Some(7200),
        "EEST" | "MSK" => Some(10800),
        "EST" => Some(-5 * 3600),
        "EDT" => Some(-4 * 3600),
        "PST" => Some(-8 * 3600),
        "PDT" => Some(-7 * 3600),
        "ET" => return Some(Zone::Named("America/New_York")),
        _ => None,
    };
    if let Some(secs) = named {
        return Some(Zone::Offset(secs));
    }
    let offset = upper
        .trim_start_matches("UTC")
        .trim_start_matches("GMT")
        .trim();
    let sign = match offset.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = offset[1..].chars().filter(char::is_ascii_digit).collect();
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 | 4 => {
            let split = digits.len() - 2;
            (digits[..split].parse().ok()?, digits[split..].parse().ok()?)
        }
        _ => return None,
    };
    (h <= 14 && m < 60).then_some(Zone::Offset(sign * (h * 3600 + m * 60)))
}

/// The words a stamp line may carry besides its date and time ("Updated",
/// "Posted at", "à", "um", weekday names): what is left of `line` outside
/// the stamp, when it is only such words.
pub(crate) fn is_only_stamp(line: &str, found: &Found) -> bool {
    let after = &line[found.span.1..];
    // "… Updated 2 hours ago": the page's age when it was saved.
    let after = AGE.find(after).map_or(after, |m| &after[..m.start()]);
    // "Publié le … à 18h42, modifié le … à 08h05": a second stamp, of the
    // last change, after the first (the first is the one kept).
    let second = find(after).filter(|f| f.date.is_some() || f.time.is_some());
    let (before_second, after_second) = match &second {
        Some(f) => (&after[..f.span.0], &after[f.span.1..]),
        None => (after, ""),
    };
    [&line[..found.span.0], before_second, after_second]
        .into_iter()
        .flat_map(|part| part.split(|c: char| c.is_whitespace() || ",|–—-·•()".contains(c)))
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = w.trim_end_matches(':');
            w.is_empty() || is_weekday(w) || STAMP_WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// How old a page was when it was saved, after its stamp ("Updated 2 hours
/// ago").
static AGE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)(?:updated|posted|edited)?\s*[0-9]{1,3}\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+ago\s*$",
    )
});

/// Words that may stand around a time stamp.
const STAMP_WORDS: &[&str] = &[
    "updated",
    "update",
    "posted",
    "published",
    "at",
    "on",
    "à",
    "a",
    "le",
    "um",
    "am",
    "в",
    "о",
    "об",
    "de",
    "du",
    "time",
    "local",
    "date",
    "modified",
    "last",
    "edited",
    "mis",
    "jour",
    "publié",
    "modifié",
    "actualisé",
    "mise",
    "aktualisiert",
    "veröffentlicht",
    "оновлено",
    "опубліковано",
    "обновлено",
    "опубликовано",
    "gmt",
    "utc",
    "h",
    "uhr",
    "stand",
    "as",
    "of",
    "станом",
    "на",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines `may_hold_date` turns away hold no date the pattern finds:
    /// every line of the import fixtures and of texts made of month names,
    /// near misses and numbers in every order.
    fn assert_guard_keeps(line: &str) {
        if !may_hold_date(line) {
            assert_eq!(date_by_pattern(line), None, "{line:?}");
        }
        if !may_hold_clock(line) {
            assert!(TIME.captures_iter(line).next().is_none(), "{line:?}");
        }
    }

    #[test]
    fn the_date_guard_turns_away_no_date() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        let mut lines = 0;
        for f in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            for line in std::fs::read_to_string(f.path())
                .unwrap_or_default()
                .lines()
            {
                assert_guard_keeps(line);
                lines += 1;
            }
        }
        assert!(lines > 100, "the fixtures were read");
        for line in [
            "down 45 over Kharkiv",
            "on 3 January",
            "Marchx 5 and xMay 6",
            "5th March",
            "12.01.2025 08:14",
            "2024-11-02",
            "sept. 5",
            "SEPT 5, 2024",
        ] {
            assert_guard_keeps(line);
        }
        assert!(!may_hold_date(
            "12 of 128 drones were shot down over Kharkiv"
        ));
        assert!(may_hold_date("Kharkiv, 5 March"));
        for (name, _) in MONTHS.iter().filter(|(n, _)| n.is_ascii() && n.len() >= 3) {
            let upper = name.to_ascii_uppercase();
            assert!(is_month_run(name) && is_month_run(&upper), "{name}");
            assert!(may_hold_date(&format!("x {upper} 5")), "{name}");
        }
        assert!(!may_hold_clock("At 5. 30 drones, 1:5 and 9h"));
        assert!(may_hold_clock("6.18pm") && may_hold_clock("10h30") && may_hold_clock("13:03"));
    }

    proptest::proptest! {
        #[test]
        fn the_date_guard_agrees_with_the_pattern(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "March", "mar", "Sept.", "sept", "MAY", "xMay", "Mayx", "mai", "5", "12th", "31",
                "2024", "07", "-", "/", ".", ",", " ", "  ", "on", "down", "\n", "h", ":",
            ]),
            0..12,
        )) {
            assert_guard_keeps(&words.concat());
        }
    }

    #[test]
    fn a_month_is_found_among_the_names_of_its_length_as_among_all() {
        let by_scan = |word: &str| -> Option<i8> {
            let w = word.trim_end_matches('.');
            if w.len() < 3 || w.len() > 20 {
                return None;
            }
            let lower = w.to_lowercase();
            MONTHS.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
        };
        let mut words: Vec<String> = MONTHS.iter().map(|(n, _)| n.to_string()).collect();
        words.extend(MONTHS.iter().map(|(n, _)| n.to_uppercase()));
        words.extend(MONTHS.iter().map(|(n, _)| format!("{n}.")));
        words.extend(
            [
                "Sept.",
                "down",
                "Mayday",
                "ma",
                "",
                "ЛИСТОПАДА",
                "Décembre",
                "märz",
            ]
            .map(String::from),
        );
        for w in &words {
            assert_eq!(month_of(w), by_scan(w), "{w}");
        }
    }
    use jiff::civil::date;

    fn instant(s: &str) -> String {
        find(s)
            .and_then(|f| f.instant())
            .map(|t| t.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn a_year_the_front_matter_cannot_hold_is_no_date() {
        // Found by the fuzzer: "22.01.000002025 09:02" gave the year 0.
        assert!(find("22.01.0000 09:02").and_then(|f| f.date).is_none());
        assert!(find("22.01.000002025 09:02").and_then(|f| f.date).is_none());
        assert!(find("22.01.2025 09:02").and_then(|f| f.date).is_some());
    }

    #[test]
    fn clock_styles_and_zones() {
        assert_eq!(
            instant("Updated 6:18 PM EST, Fri November 22, 2024"),
            "2024-11-22T23:18:00Z"
        );
        assert_eq!(
            instant("Date: 2025-05-25T07:53:36.000Z"),
            "2025-05-25T07:53:36Z"
        );
        assert_eq!(instant("2 March 2025, 13:03 GMT"), "2025-03-02T13:03:00Z");
        assert_eq!(
            instant("posted at 9:05 a.m. ET on March 3, 2025"),
            "2025-03-03T14:05:00Z"
        );
        assert_eq!(
            instant("12 липня 2025, 10:00 Kyiv time"),
            "2025-07-12T07:00:00Z"
        );
        assert_eq!(instant("2025-01-22 08:14 +02:00"), "2025-01-22T06:14:00Z");
        // A dotted clock is one with am/pm or a zone, not alone ("2.50").
        assert_eq!(
            instant("Updated 22 Nov 2024 14.05 GMT"),
            "2024-11-22T14:05:00Z"
        );
        assert_eq!(find("Prices rose 2.50 on the day").map(|f| f.time), None);
        // No zone: the day and the clock, no instant.
        let f = find("16 septembre 2025 à 09:29").unwrap();
        assert_eq!(f.date, Some(date(2025, 9, 16)));
        assert_eq!(f.time, Some((9, 29, 0)));
        assert_eq!(f.instant(), None);
        assert!(is_only_stamp("16 septembre 2025 à 09:29", &f));
        let f = find("22.01.2025 08:14").unwrap();
        assert_eq!(
            (f.date, f.time),
            (Some(date(2025, 1, 22)), Some((8, 14, 0)))
        );
        assert_eq!(
            find("Freitag, 3. Oktober 2025").unwrap().date,
            Some(date(2025, 10, 3))
        );
        assert_eq!(
            find("5 декабря 2024").unwrap().date,
            Some(date(2024, 12, 5))
        );
        assert_eq!(find("Oct 17: talks").unwrap().month_day, Some((10, 17)));
        assert_eq!(
            find("The Outlet25-05-2025").unwrap().date,
            Some(date(2025, 5, 25))
        );
        assert!(find("He fired 24 drones at 3 towns").is_none());
        assert_eq!(
            month_days("cut on December 25 and on 3 January"),
            [(12, 25), (1, 3)]
        );
        assert!(!is_only_stamp(
            "Talks resumed on 2 March 2025",
            &find("Talks resumed on 2 March 2025").unwrap()
        ));
    }

    #[test]
    fn month_and_day_names() {
        assert_eq!(month_of("août"), Some(8));
        assert_eq!(month_of("März"), Some(3));
        assert_eq!(month_of("листопада"), Some(11));
        assert_eq!(month_of("Sept."), Some(9));
        assert_eq!(month_of("Mayor"), None);
        assert!(is_weekday("vendredi") && is_weekday("Fri,") && !is_weekday("Friends"));
    }
}
