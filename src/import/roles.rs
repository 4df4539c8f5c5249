//! Every line gets a role from what it looks like: a time stamp, a date
//! line, a byline, a dateline, a headline, a section heading, a bullet or a
//! bare bullet marker, a label, a separator, a caption, page furniture, a
//! dated step, or body text. [`crate::import::segment`] then finds the role
//! pattern that repeats most regularly and cuts the file there; `--explain`
//! prints each line's role and why.

use std::sync::LazyLock;

use crate::import::clean::{self, Noise};
use crate::import::dates::Stamp;
use crate::import::stamps::{self, Found};
use crate::import::text::{self, Line, Pattern};
use crate::import::{body, dates, formats};

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Role {
    /// A time stamp and nothing else ("16 septembre 2025 à 09:29").
    Stamp,
    /// A date alone, or a date header ("Reçu hier — 16 septembre 2025").
    DateLine,
    /// A byline ("By …", "From CNN's …", a name fused to a stamp).
    Byline,
    /// A paragraph opening with a dateline ("KYIV --").
    Dateline,
    /// A headline: short, capitalised, not a sentence.
    Headline,
    /// A section heading in capitals ("FEBRUARY 2025: CABLE DAMAGE").
    Section,
    /// A bulleted or numbered item.
    Bullet,
    /// A bullet marker alone on its line; its text is on the next line.
    BareBullet,
    /// "Key: value" ("Source:", "Details:", "Title:", "Date:").
    Label,
    /// "Read More", "… Continue reading".
    Separator,
    /// An image caption or credit.
    Caption,
    /// Navigation, promotion, counters and other page furniture.
    Boilerplate,
    /// A dated step of a timeline ("Oct 17: …").
    Step,
    /// A post marker: "UPDATE 1303 GMT:", "ORIGINAL ENTRY:", "12:14 , Author".
    Marker,
    /// Body text.
    Body,
}

impl Role {
    /// The role's name for `--explain`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::Stamp => "stamp",
            Role::DateLine => "date line",
            Role::Byline => "byline",
            Role::Dateline => "dateline",
            Role::Headline => "headline",
            Role::Section => "section",
            Role::Bullet => "bullet",
            Role::BareBullet => "bare bullet",
            Role::Label => "label",
            Role::Separator => "separator",
            Role::Caption => "caption",
            Role::Boilerplate => "boilerplate",
            Role::Step => "dated step",
            Role::Marker => "marker",
            Role::Body => "body",
        }
    }
}

/// A line's role, why it got it, and what was read from it.
#[derive(Debug, Clone)]
pub(crate) struct Assigned {
    /// The role.
    pub role: Role,
    /// Why, for `--explain`.
    pub why: &'static str,
    /// The stamp or date read from the line, if any.
    pub found: Option<Found>,
    /// A label's key (without the colon), or a byline's name.
    pub key: Option<String>,
    /// Where the line's own text starts after a label, step or byline prefix
    /// (the line's length when the whole line is a byline).
    pub rest: usize,
    /// The stamp read from the line when it is no [`Found`]: a Unix time,
    /// a byline run into a UK date and time, a post marker's clock.
    pub stamp: Option<Stamp>,
}

impl Assigned {
    fn new(role: Role, why: &'static str) -> Assigned {
        Assigned {
            role,
            why,
            found: None,
            key: None,
            rest: 0,
            stamp: None,
        }
    }
}

/// A label's key: a capitalised word, maybe a second one in lower case.
static LABEL_KEY: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^\p{Lu}\p{Ll}+(?: \p{Ll}+)?$"));
static FROM_BYLINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^From\s+(?:\p{Lu}[\p{L}]*['’]s\s+)?(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2}(?:(?:,\s*|\s+and\s+)\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2})*)(\p{Lu}.*)?$",
    )
});
static NAMES: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2}(?:\s*(?:,|(?-u:\b)and(?-u:\b))\s*\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2})*$",
    )
});

/// Bullet markers that may stand alone on a line.
const MARKERS: &[&str] = &["-", "•", "*", "–", "—", "·", "▪", "●", "◦"];

/// The roles of every line, and what [`clean::classify`] made of each line
/// it was asked of on the way.
pub(crate) fn assign(lines: &[Line<'_>]) -> (Vec<Assigned>, clean::Known) {
    let mut known = clean::Known::with_capacity(lines.len());
    let roles = lines
        .iter()
        .map(|l| {
            let (role, noise) = role_and_noise(l.text);
            if let Some(noise) = noise {
                known.insert(l.text, noise);
            }
            role
        })
        .collect();
    (roles, known)
}

/// The role of one line, read from the line alone, and the line's
/// [`clean::classify`] when it was worked out.
fn role_and_noise(line: &str) -> (Assigned, Option<Option<Noise>>) {
    if let Some(a) = early_role(line) {
        return (a, None);
    }
    let noise = clean::classify(line);
    (late_role(line, noise), Some(noise))
}

/// The roles read before a line is classified as page furniture.
fn early_role(line: &str) -> Option<Assigned> {
    if MARKERS.contains(&line) {
        return Some(Assigned::new(
            Role::BareBullet,
            "a bullet marker alone on its line",
        ));
    }
    if dates::relative_day(line).is_some() {
        return Some(Assigned::new(
            Role::DateLine,
            "a day named from the page's (\"Yesterday\")",
        ));
    }
    if is_rule(line) {
        return Some(Assigned::new(
            Role::Separator,
            "a rule between items (\"* * *\")",
        ));
    }
    if formats::briefs::is_read_more(line) || clean::strip_continue_reading(line).is_some() {
        return Some(Assigned::new(
            Role::Separator,
            "\"Read More\" or \"Continue reading\"",
        ));
    }
    if let Some(a) = from_byline(line) {
        return Some(a);
    }
    if let Some(a) = marker(line) {
        return Some(a);
    }
    if let Some(a) = stamp_role(line) {
        return Some(a);
    }
    None
}

/// The roles read once a line is known to be no page furniture (or
/// which furniture it is).
fn late_role(line: &str, noise: Option<Noise>) -> Assigned {
    match noise {
        Some(Noise::Byline) => {
            let mut a = Assigned::new(Role::Byline, "\"By\" and names");
            a.key = clean::byline(line);
            a.rest = line.len();
            return a;
        }
        Some(Noise::Caption) => return Assigned::new(Role::Caption, "a caption or credit"),
        Some(_) => return Assigned::new(Role::Boilerplate, "navigation or page furniture"),
        None => {}
    }
    if let Some((key, rest)) = label(line) {
        let mut a = Assigned::new(Role::Label, "a short key, a colon, a value");
        a.key = Some(key.to_string());
        a.rest = rest;
        return a;
    }
    let caps_start = line.chars().take(2).all(char::is_uppercase);
    if caps_start && formats::article::dateline_place(line).is_some() {
        return Assigned::new(Role::Dateline, "a place in capitals and a dash");
    }
    if caps_start && is_caps_heading(line) {
        return Assigned::new(Role::Section, "a short heading in capitals");
    }
    let marked = line.starts_with(|c: char| !c.is_alphabetic());
    if marked && body::bullet_item(line).is_some() {
        return Assigned::new(Role::Bullet, "a bullet or number and text");
    }
    if text::is_headline_like(line) && !text::is_prose(line) {
        return Assigned::new(Role::Headline, "short, capitalised, not a sentence");
    }
    Assigned::new(Role::Body, "prose")
}

/// A label opening `line` ("Source: …", "Details: …", a bare
/// "Background:"): its key, without the colon, and where the value starts
/// (the line's length for a bare label). A key of two words is a label only
/// with a value ("Officials said:" introduces a quote).
pub(crate) fn label(line: &str) -> Option<(&str, usize)> {
    // The key is all before the first colon; after it comes nothing, or
    // white space and the value. Only the key needs the pattern.
    let colon = clean::colon_within(line, 24)?;
    let key = &line[..colon];
    let after = &line[colon + 1..];
    let gap = after.len() - after.trim_start().len();
    let value = (gap > 0 && gap < after.len()).then_some(colon + 1 + gap);
    if !(after.is_empty() || value.is_some()) || !LABEL_KEY.is_match(key) {
        return None;
    }
    (value.is_some() || !key.contains(' ')).then(|| (key, value.unwrap_or(line.len())))
}

/// A rule drawn between items: three or more of `*`, `-`, `_`, `~`, `=`,
/// `•`, `·`, `#` (maybe spaced), or an asterism.
pub(crate) fn is_rule(line: &str) -> bool {
    let t = line.trim();
    if !t.starts_with(['*', '-', '_', '~', '=', '•', '·', '#', '⁂']) {
        return false;
    }
    let mut marks = t.chars().filter(|c| !c.is_whitespace());
    let first = marks.next();
    t == "⁂"
        || t.len() <= 40
            && first.is_some_and(|m| "*-_~=•·#".contains(m))
            && marks.clone().all(|c| Some(c) == first)
            && marks.count() >= 2
}

/// A heading in capitals: at least two upper-case words, no lower-case
/// letter, not a sentence.
fn is_caps_heading(line: &str) -> bool {
    !line.chars().any(char::is_lowercase)
        && line.chars().filter(|c| c.is_alphabetic()).count() >= 6
        && (2..=14).contains(&text::word_count(line))
        && !text::ends_sentence(line)
}

/// "From CNN's Jane DoeThe text…": the name, and where the text starts.
fn from_byline(line: &str) -> Option<Assigned> {
    if !line.starts_with("From ") {
        return None;
    }
    let c = FROM_BYLINE.captures(line)?;
    let name = c.get(1)?;
    let mut a = Assigned::new(Role::Byline, "\"From\" and names");
    a.key = Some(name.as_str().to_string());
    a.rest = c.get(2).map_or(line.len(), |r| r.start());
    Some(a)
}

/// A post marker opening a line: "UPDATE 1303 GMT:" or "ORIGINAL ENTRY:"
/// (maybe with the post's first paragraph after it), or "12:14 , Author".
fn marker(line: &str) -> Option<Assigned> {
    if let Some((stamp, rest)) = dates::update_marker(line) {
        let mut a = Assigned::new(Role::Marker, "\"UPDATE hhmm GMT:\" or \"ORIGINAL ENTRY:\"");
        a.stamp = stamp;
        a.rest = line.len() - rest.len();
        return Some(a);
    }
    let (minutes, author) = dates::stamped_line(line)?;
    let mut a = Assigned::new(Role::Marker, "a clock time, a comma and a name");
    a.stamp = Some(Stamp::TimeOfDay {
        minutes,
        offset: None,
    });
    a.key = Some(author);
    a.rest = line.len();
    Some(a)
}

/// A stamp line, a date line or a name fused to a stamp.
fn stamp_role(line: &str) -> Option<Assigned> {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(at) = dates::unix_line(line) {
        let mut a = Assigned::new(Role::Stamp, "a Unix time");
        a.stamp = Some(Stamp::At(at));
        return Some(a);
    }
    if let Some((name, at)) = dates::byline_time(line) {
        let mut a = Assigned::new(Role::Byline, "a name run into a UK date and time");
        a.key = Some(name);
        a.stamp = Some(Stamp::At(at));
        a.rest = line.len();
        return Some(a);
    }
    let found = find_stamp(line)?;
    let has_time = found.time.is_some();
    // "Oct 17: …", "Oct. 18, 2024 — …": a day (maybe with its year), no
    // clock, then a colon or a dash and the text.
    let day_first = found.date.is_some() || found.month_day.is_some();
    if found.span.0 == 0 && !has_time && day_first {
        let after = line[found.span.1..].trim_start();
        let rest = after
            .strip_prefix(':')
            .or_else(|| after.strip_prefix(['—', '–']))
            .or_else(|| after.strip_prefix("- "));
        if let Some(rest) = rest.filter(|r| !r.trim().is_empty()) {
            let mut a = Assigned::new(Role::Step, "a day, then a colon or a dash and text");
            a.rest = line.len() - rest.trim_start().len();
            a.found = Some(found);
            return Some(a);
        }
    }
    let dated = found.date.is_some() || found.month_day.is_some();
    if stamps::is_only_stamp(line, &found) && (has_time || dated) {
        let (role, why) = if has_time {
            (Role::Stamp, "a time stamp and nothing else")
        } else {
            (Role::DateLine, "a date and nothing else")
        };
        let mut a = Assigned::new(role, why);
        a.found = Some(found);
        return Some(a);
    }
    // A date at the end of a short line: a day header or a source fused to it.
    let before = line[..found.span.0].trim_end_matches([' ', ',', '—', '–', '-', '|']);
    let at_end = line[found.span.1..].trim().is_empty();
    if at_end && found.date.is_some() {
        let (name, weekday) = split_weekday(before);
        if has_time && NAMES.is_match(name.trim_end_matches([' ', ','])) {
            let mut a = Assigned::new(Role::Byline, "names run into a date and time");
            a.key = Some(normalise_names(name));
            a.found = Some(found);
            a.rest = line.len();
            return Some(a);
        }
        if text::word_count(before) <= 3 && !text::ends_sentence(before) || weekday {
            let mut a = Assigned::new(Role::DateLine, "a few words and a date");
            a.found = Some(found);
            return Some(a);
        }
    }
    None
}

/// The stamp of a line that may be a stamp line, a date line, a fused
/// byline or a dated step: a long line is one only by its opening ("Oct 17:"),
/// so only that is read.
fn find_stamp(line: &str) -> Option<Found> {
    if line.len() <= 160 {
        return stamps::find(line);
    }
    let colon = line.char_indices().take(16).find(|&(_, c)| c == ':')?.0;
    stamps::find(&line[..colon])
}

/// `text` without a day name fused to its end ("Jane DoeFriday, "), and
/// whether there was one.
fn split_weekday(text: &str) -> (&str, bool) {
    let t = text.trim_end_matches([' ', ',']);
    let start = t
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_uppercase())
        .map(|(i, _)| i);
    match start {
        Some(i) if stamps::is_weekday(&t[i..]) => (&t[..i], true),
        _ => (t, false),
    }
}

/// "Ann Lee , Bo Kim" → "Ann Lee, Bo Kim".
fn normalise_names(names: &str) -> String {
    names
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The record of what the lines classified as is made with room for
    /// every line of the file, so it is never rehashed on the way.
    #[test]
    fn the_classified_lines_have_room_from_the_start() {
        let raw: String = (0..500)
            .map(|i| format!("Share\nLine {i} of a long text that goes on\n"))
            .collect();
        let lines = crate::import::text::lines(&raw);
        let (_, known) = assign(&lines);
        assert!(known.capacity() >= lines.len(), "{}", known.capacity());
    }

    fn role_of(line: &str) -> Assigned {
        role_and_noise(line).0
    }

    fn role(s: &str) -> Role {
        role_of(s).role
    }

    #[test]
    fn roles_of_lines() {
        assert_eq!(role("-"), Role::BareBullet);
        assert_eq!(role("1719826200"), Role::Stamp);
        assert_eq!(role("UPDATE 1415 GMT:"), Role::Marker);
        let a = role_of("ORIGINAL ENTRY: Seoul confirmed it.");
        assert_eq!((a.role, a.stamp), (Role::Marker, None));
        assert_eq!(
            &"ORIGINAL ENTRY: Seoul confirmed it."[a.rest..],
            "Seoul confirmed it."
        );
        let a = role_of("14:05 , Sam Example");
        assert_eq!(
            (a.role, a.key.as_deref()),
            (Role::Marker, Some("Sam Example"))
        );
        assert_eq!(role("Read More"), Role::Separator);
        assert_eq!(role("* * *"), Role::Separator);
        assert_eq!(role("-----"), Role::Separator);
        assert_eq!(role("- item"), Role::Bullet);
        assert_eq!(role("16 septembre 2025 à 09:29"), Role::Stamp);
        assert_eq!(
            role("Updated 6:18 PM EST, Fri November 22, 2024"),
            Role::Stamp
        );
        assert_eq!(role("Reçu hier — 16 septembre 2025"), Role::DateLine);
        assert_eq!(role("Yesterday"), Role::DateLine);
        assert_eq!(role("Nov 16"), Role::DateLine);
        assert_eq!(role("Gestern:"), Role::DateLine);
        assert_eq!(role("Yesterday, the army said it had left."), Role::Body);
        assert_eq!(role("The Outlet25-05-2025"), Role::DateLine);
        assert_eq!(role("Oct 17: Talks open in the capital"), Role::Step);
        assert_eq!(role("Date: 2025-05-25T07:53:36.000Z"), Role::Stamp);
        assert_eq!(role("Title: A headline here"), Role::Label);
        assert_eq!(role("Background:"), Role::Label);
        assert_eq!(role("A nurse said:"), Role::Body);
        assert_eq!(role("MARCH 2024: PIPELINE DAMAGE"), Role::Section);
        assert_eq!(role("KYIV -- Sirens at dawn."), Role::Dateline);
        assert_eq!(role("Talks resume in Geneva"), Role::Headline);
        assert_eq!(role("The talks resumed on 2 March 2025."), Role::Body);
        let a = role_of("Ann Lee , Bo KimFriday, 19 September 2025, 17:46");
        assert_eq!(
            (a.role, a.key.as_deref()),
            (Role::Byline, Some("Ann Lee, Bo Kim"))
        );
        let a = role_of("From Example's Ann LeeThe army said it left.");
        assert_eq!(a.role, Role::Byline);
        assert_eq!(
            &"From Example's Ann LeeThe army said it left."[a.rest..],
            "The army said it left."
        );
    }
}
