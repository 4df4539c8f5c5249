//! Dates as readers read them: in the site's language and time zone, with the
//! zone stated.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DE_MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const UK_MONTHS: [&str; 12] = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
];
const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const FR_DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const DE_DAYS: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];
const UK_DAYS: [&str; 7] = [
    "понеділок",
    "вівторок",
    "середа",
    "четвер",
    "пʼятниця",
    "субота",
    "неділя",
];

fn tables(lang: &str) -> (&'static [&'static str; 12], &'static [&'static str; 7]) {
    match lang.split(['-', '_']).next().unwrap_or("en") {
        "fr" => (&FR_MONTHS, &FR_DAYS),
        "de" => (&DE_MONTHS, &DE_DAYS),
        "uk" => (&UK_MONTHS, &UK_DAYS),
        _ => (&EN_MONTHS, &EN_DAYS),
    }
}

/// "2 November 2024" (or the language's own form).
pub(crate) fn day(d: Date, lang: &str) -> String {
    let (months, _) = tables(lang);
    let m = months[(d.month() as usize).saturating_sub(1) % 12];
    match lang.split(['-', '_']).next().unwrap_or("en") {
        "de" => format!("{}. {m} {}", d.day(), d.year()),
        _ => format!("{} {m} {}", d.day(), d.year()),
    }
}

/// "Saturday 2 November 2024".
pub(crate) fn weekday_day(d: Date, lang: &str) -> String {
    let (_, days) = tables(lang);
    let w = days[d.weekday().to_monday_zero_offset() as usize % 7];
    match lang.split(['-', '_']).next().unwrap_or("en") {
        "de" => format!("{w}, {}", day(d, lang)),
        _ => format!("{w} {}", day(d, lang)),
    }
}

/// "2 Nov" (or the language's own short form), for chart axes.
pub(crate) fn short_day(d: Date, lang: &str) -> String {
    let (months, _) = tables(lang);
    let name = months[(d.month() as usize).saturating_sub(1) % 12];
    let short: String = name.chars().take(3).collect();
    let dot = if short.len() < name.len() { "." } else { "" };
    match lang.split(['-', '_']).next().unwrap_or("en") {
        "en" => format!("{} {short}", d.day()),
        "de" => format!("{}. {short}{dot}", d.day()),
        _ => format!("{} {short}{dot}", d.day()),
    }
}

/// The seven weekdays, Monday first: (short name, full name).
pub(crate) fn weekdays(lang: &str) -> [(&'static str, &'static str); 7] {
    let (_, days) = tables(lang);
    let short: [&str; 7] = match lang.split(['-', '_']).next().unwrap_or("en") {
        "fr" => ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
        "de" => ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
        "uk" => ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"],
        _ => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    };
    std::array::from_fn(|i| (short[i], days[i]))
}

/// "November 2024".
pub(crate) fn month(year: i16, month: i8, lang: &str) -> String {
    let (months, _) = tables(lang);
    format!("{} {year}", months[(month as usize).saturating_sub(1) % 12])
}

/// "13:41 UTC" in the site's zone, with the zone's abbreviation.
pub(crate) fn time(at: Timestamp, tz: &TimeZone) -> String {
    let z = at.to_zoned_datetime(tz.clone());
    z.strftime("%H:%M %Z").to_string()
}

/// RFC 3339 in UTC, for `datetime` attributes, feeds and sitemaps.
pub(crate) fn iso(at: Timestamp) -> String {
    let mut s = String::with_capacity(20);
    iso_into(at, &mut s);
    s
}

/// [`iso`] appended to `out`: digits written directly, not through
/// `strftime` (the sitemap writes some ten thousand).
pub(crate) fn iso_into(at: Timestamp, out: &mut String) {
    let t = jiff::tz::Offset::UTC.to_datetime(at);
    if !(0..=9999).contains(&t.year()) {
        let _ = write!(out, "{}", at.strftime("%Y-%m-%dT%H:%M:%SZ"));
        return;
    }
    push_digits(out, i32::from(t.year()), 4);
    for (sep, n) in [
        ('-', t.month()),
        ('-', t.day()),
        ('T', t.hour()),
        (':', t.minute()),
        (':', t.second()),
    ] {
        out.push(sep);
        push_digits(out, i32::from(n), 2);
    }
    out.push('Z');
}

/// `n` (not negative) in `width` digits, zero-padded.
fn push_digits(out: &mut String, n: i32, width: u32) {
    for k in (0..width).rev() {
        let d = (n / 10_i32.pow(k)) % 10;
        out.push(char::from(b'0' + d.unsigned_abs() as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_french() {
        let d = Date::constant(2024, 11, 2);
        assert_eq!(day(d, "en"), "2 November 2024");
        assert_eq!(weekday_day(d, "en-GB"), "Saturday 2 November 2024");
        assert_eq!(day(d, "fr"), "2 novembre 2024");
        assert_eq!(short_day(d, "en"), "2 Nov");
        assert_eq!(short_day(d, "fr"), "2 nov.");
        assert_eq!(short_day(Date::constant(2024, 5, 9), "fr"), "9 mai");
    }

    #[test]
    fn time_states_the_zone() {
        let at: Timestamp = "2024-11-02T13:41:00Z".parse().unwrap();
        assert_eq!(time(at, &TimeZone::UTC), "13:41 UTC");
        let kyiv = TimeZone::get("Europe/Kyiv").unwrap();
        assert_eq!(time(at, &kyiv), "15:41 EET");
    }
}
