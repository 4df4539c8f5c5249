//! Splitting a Markdown file into YAML front matter and body, and reading the
//! front matter into typed fields with line-accurate errors.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, yaml_key_line};

/// A file split at its `---` fences.
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
}

/// Why a file could not be split into front matter and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsplit {
    /// The file does not start with a `---` line.
    NoFrontMatter,
    /// The opening `---` has no closing `---` line after it.
    Unclosed,
}

/// Splits `text` into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, Unsplit> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\r\n")
        .or_else(|| text.strip_prefix("---\n"))
        .ok_or(Unsplit::NoFrontMatter)?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                yaml,
                body,
                yaml_line: 2,
            });
        }
        offset += line.len();
    }
    Err(Unsplit::Unclosed)
}

/// Front matter: what `content` reads from a file (as written, before
/// validation) and what `import` writes to one. Serialised, the fields come
/// in the order an editor reads them (DESIGN.md), empty ones left out but
/// `topics` (an editor fills it in) and `origin` last, so the hash that ends
/// it is the file's last front matter line.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FrontMatter {
    /// Headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication time, RFC 3339 or `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<serde_yaml::Value>,
    /// Last update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<serde_yaml::Value>,
    /// URL slug overriding the file name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Link to the original.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Byline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Topic slugs declared in site.yaml.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Places the entry is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    /// One or two sentences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Groups reports of one event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// The story's headline, when it should not be the earliest report's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story_title: Option<String>,
    /// Structured numbers: `drones` is a [`super::DroneFigures`], any other
    /// kind is passed to templates as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figures: Option<serde_yaml::Value>,
    /// Left out of builds unless `--drafts`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Where the importer took the entry from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Every other key, passed to templates as `page.extra`.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

/// `origin`: the raw file and entry an imported file was made from, and the
/// hash of the file as import wrote it (to tell an editor's change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The raw file's name.
    pub file: String,
    /// The entry's number in it: 0 for a lead section, posts from 1.
    pub entry: u64,
    /// 16 hex digits: FNV-1a of the file's text without this line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

impl FrontMatter {
    /// The YAML between the fences, ending in a line break: what
    /// `serde_yaml::to_string` writes, written faster ([`super::emit`]).
    pub(crate) fn to_yaml(&self) -> Result<String, serde_yaml::Error> {
        super::emit::to_string(self)
    }
}

/// Parses the YAML of a front matter block. `first_line` is the file line
/// the YAML starts on, so errors point into the file, not the block.
pub fn parse(yaml: &str, file: &Path, first_line: usize) -> Result<FrontMatter, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    // Most files' front matter has the simplest shape: read without libyaml.
    if let Some(fm) = super::simple_yaml::read(yaml) {
        return Ok(fm);
    }
    serde_yaml::from_str(yaml).map_err(|e| {
        let line = e.location().map(|l| l.line() + first_line - 1);
        let msg = e.to_string();
        // serde_yaml appends " at line L column C" with block-relative numbers; drop it.
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        if let Some(why) = msg.strip_prefix("origin: ") {
            return Diagnostic::new(file, format!("bad `origin`: {why}"))
                .at(line)
                .hint("`origin` is what `sitrep import` wrote: `{ file: NAME, entry: N, hash: … }`; delete it to make the file wholly yours");
        }
        Diagnostic::new(file, format!("front matter is not valid YAML: {msg}"))
            .at(line)
            .hint("front matter is YAML between two `---` lines; quote values that contain `: ` or start with a special character")
    })
}

/// A parsed publication time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PubTime {
    /// The instant.
    pub at: Timestamp,
    /// False when only a day was given (then the time of day is not shown).
    pub has_time: bool,
}

/// The years a date may fall in: jiff's instants end early in 9999, and a
/// date so far out is a typing mistake.
const YEARS: std::ops::RangeInclusive<i16> = 1000..=9998;

/// Reads a `date`/`updated` value in one of three forms: RFC 3339
/// (`2024-11-02T13:41:00Z`, `2024-11-02T13:41:00+02:00`, fractions of a
/// second allowed, a space for the `T`), a local date-time in the site's
/// zone (`2024-11-02T13:41` or `2024-11-02T13:41:00`), or a day
/// (`2024-11-02`, midnight in the site's zone).
pub(crate) fn parse_date(value: &serde_yaml::Value, tz: &TimeZone) -> Result<PubTime, String> {
    let text = match value {
        serde_yaml::Value::String(s) => s.trim().to_string(),
        other => {
            return Err(format!(
                "expected a date such as 2024-11-02T13:41:00Z or 2024-11-02, found {}",
                yaml_kind(other)
            ));
        }
    };
    let not_a_date =
        || format!("`{text}` is not a date; write RFC 3339 (2024-11-02T13:41:00Z) or YYYY-MM-DD");
    let year: i16 = text
        .get(..5)
        .and_then(|y| y.strip_suffix('-'))
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|y| y.parse().ok())
        .ok_or_else(not_a_date)?;
    if !YEARS.contains(&year) {
        return Err(format!(
            "`{text}` is out of range; write a year from {} to {}",
            YEARS.start(),
            YEARS.end()
        ));
    }
    check_offset(&text)?;
    let in_zone = |dt: DateTime| {
        dt.to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp())
            .map_err(|_| format!("`{text}` is out of range in the site's time zone"))
    };
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(PubTime { at, has_time: true });
    }
    if let Ok(dt) = text.parse::<DateTime>()
        && text.len() > 10
    {
        return Ok(PubTime {
            at: in_zone(dt)?,
            has_time: true,
        });
    }
    if let Ok(d) = text.parse::<Date>() {
        return Ok(PubTime {
            at: in_zone(d.to_datetime(jiff::civil::Time::midnight()))?,
            has_time: false,
        });
    }
    Err(not_a_date())
}

/// RFC 3339 offsets run from -23:59 to +23:59; jiff alone accepts up to ±25:59.
fn check_offset(text: &str) -> Result<(), String> {
    let time = text.get(10..).unwrap_or("");
    let Some(sign) = time.rfind(['+', '-']) else {
        return Ok(());
    };
    let offset = &time[sign..];
    let hours: Option<u8> = offset.get(1..3).and_then(|h| h.parse().ok());
    match hours {
        Some(h) if h > 23 => Err(format!(
            "the offset `{offset}` in `{text}` is out of range; RFC 3339 offsets run from -23:59 to +23:59"
        )),
        _ => Ok(()),
    }
}

fn yaml_kind(v: &serde_yaml::Value) -> &'static str {
    match v {
        serde_yaml::Value::Null => "nothing",
        serde_yaml::Value::Bool(_) => "a boolean",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "a string",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

/// The file line of a top-level key of the front matter.
pub(crate) fn key_line(yaml: &str, key: &str, first_line: usize) -> Option<usize> {
    yaml_key_line(yaml, key).map(|l| l + first_line - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fences() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(split("no front matter").err(), Some(Unsplit::NoFrontMatter));
        assert_eq!(split("---\ntitle: a\n").err(), Some(Unsplit::Unclosed));
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let err = parse("title: a\ntags: [x\n", Path::new("a.md"), 2).unwrap_err();
        assert!(err.line.unwrap() >= 3, "{err}");
        let err = parse("title: a\norigin: { file: x.txt }\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(
            err.message.contains("bad `origin`: missing field `entry`"),
            "{err}"
        );
    }

    #[test]
    fn front_matter_reads_what_it_writes() {
        let text = "title: 'Air force: 45 of 60'\ndate: 2024-11-02T13:41:00Z\ntopics: [drone-strikes]\n\
                    figures: { drones: { launched: 60 } }\norigin: { file: a.txt, entry: 4, hash: 0123456789abcdef }\nnote: kept\n";
        let fm = parse(text, Path::new("a.md"), 2).unwrap();
        assert_eq!(
            fm.origin,
            Some(Origin {
                file: "a.txt".into(),
                entry: 4,
                hash: Some("0123456789abcdef".into())
            })
        );
        let again: FrontMatter = serde_yaml::from_str(&fm.to_yaml().unwrap()).unwrap();
        assert_eq!(again.to_yaml().unwrap(), fm.to_yaml().unwrap());
        assert_eq!(
            again.extra.get("note").and_then(|v| v.as_str()),
            Some("kept")
        );
        assert_eq!(again.title.as_deref(), Some("Air force: 45 of 60"));
    }

    #[test]
    fn dates() {
        let tz = TimeZone::UTC;
        let v = |s: &str| serde_yaml::Value::String(s.into());
        assert!(
            parse_date(&v("2024-11-02T13:41:00Z"), &tz)
                .unwrap()
                .has_time
        );
        assert!(!parse_date(&v("2024-11-02"), &tz).unwrap().has_time);
        assert!(parse_date(&v("2024-11-02T13:41:00+02:00"), &tz).is_ok());
        assert!(parse_date(&v("2024-13-02"), &tz).is_err());
        assert!(parse_date(&v("yesterday"), &tz).is_err());
        assert!(parse_date(&serde_yaml::Value::Bool(true), &tz).is_err());
        assert!(parse_date(&v("2024-11-02 13:41:00.5-05:30"), &tz).is_ok());
        assert!(parse_date(&v("2024-11-02T13:41"), &tz).unwrap().has_time);
    }

    #[test]
    fn dates_out_of_range_say_so() {
        let tz = TimeZone::get("Pacific/Kiritimati").unwrap();
        let v = |s: &str| serde_yaml::Value::String(s.into());
        for far in [
            "9999-12-31",
            "9999-12-31T23:00:00Z",
            "9999-12-31T23:00:00-05:00",
            "0999-01-01",
        ] {
            let err = parse_date(&v(far), &tz).unwrap_err();
            assert!(
                err.contains("out of range") && !err.contains("overflow"),
                "{far}: {err}"
            );
        }
        assert!(parse_date(&v("9998-12-31T23:59:59-23:59"), &tz).is_ok());
        let err = parse_date(&v("2024-01-01T00:00:00+25:00"), &tz).unwrap_err();
        assert!(err.contains("offset `+25:00`"), "{err}");
        assert!(parse_date(&v("2024-01-01T00:00:00-23:59"), &tz).is_ok());
    }
}
