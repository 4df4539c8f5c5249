//! Splitting a Markdown file into YAML front matter and body, and reading the
//! front matter into typed fields with line-accurate errors.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use serde::Deserialize;

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

/// Splits `text` into front matter and body; `None` when the file does not
/// start with a `---` line or the closing `---` is missing.
pub fn split(text: &str) -> Option<Split<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\r\n")
        .or_else(|| text.strip_prefix("---\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some(Split {
                yaml,
                body,
                yaml_line: 2,
            });
        }
        offset += line.len();
    }
    None
}

/// Front matter exactly as written, before validation.
#[derive(Debug, Default, Deserialize)]
pub struct RawFrontMatter {
    /// Headline.
    pub title: Option<String>,
    /// Publication time, RFC 3339 or `YYYY-MM-DD`.
    pub date: Option<serde_yaml::Value>,
    /// Last update.
    pub updated: Option<serde_yaml::Value>,
    /// URL slug overriding the file name.
    pub slug: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Link to the original.
    pub source_url: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// Topic slugs declared in site.yaml.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Places the entry is about.
    #[serde(default)]
    pub places: Vec<String>,
    /// One or two sentences.
    pub summary: Option<String>,
    /// Groups reports of one event.
    pub story: Option<String>,
    /// The story's headline, when it should not be the earliest report's title.
    pub story_title: Option<String>,
    /// Structured numbers.
    pub figures: Option<serde_yaml::Value>,
    /// Left out of builds unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Where the importer took the entry from.
    pub origin: Option<serde_yaml::Value>,
    /// Every other key, passed to templates as `page.extra`.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

/// Parses the YAML of a front matter block. `first_line` is the file line
/// the YAML starts on, so errors point into the file, not the block.
pub fn parse(yaml: &str, file: &Path, first_line: usize) -> Result<RawFrontMatter, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(RawFrontMatter::default());
    }
    serde_yaml::from_str(yaml).map_err(|e| {
        let line = e.location().map(|l| l.line() + first_line - 1);
        let msg = e.to_string();
        // serde_yaml appends " at line L column C" with block-relative numbers; drop it.
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
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

/// Reads a `date`/`updated` value: RFC 3339, a local date-time in the site's
/// zone, or `YYYY-MM-DD` (midnight in the site's zone).
pub fn parse_date(value: &serde_yaml::Value, tz: &TimeZone) -> Result<PubTime, String> {
    let text = match value {
        serde_yaml::Value::String(s) => s.trim().to_string(),
        other => {
            return Err(format!(
                "expected a date such as 2024-11-02T13:41:00Z or 2024-11-02, found {}",
                yaml_kind(other)
            ));
        }
    };
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(PubTime { at, has_time: true });
    }
    if let Ok(dt) = text.parse::<DateTime>()
        && text.len() > 10
    {
        let at = dt
            .to_zoned_datetime(tz.clone())
            .map_err(|e| e.to_string())?
            .timestamp();
        return Ok(PubTime { at, has_time: true });
    }
    if let Ok(d) = text.parse::<Date>() {
        let at = d
            .to_zoned_datetime(tz.clone())
            .map_err(|e| e.to_string())?
            .timestamp();
        return Ok(PubTime {
            at,
            has_time: false,
        });
    }
    Err(format!(
        "`{text}` is not a date; write RFC 3339 (2024-11-02T13:41:00Z) or YYYY-MM-DD"
    ))
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
pub fn key_line(yaml: &str, key: &str, first_line: usize) -> Option<usize> {
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
        assert!(split("no front matter").is_none());
        assert!(split("---\ntitle: a\n").is_none());
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let err = parse("title: a\ntags: [x\n", Path::new("a.md"), 2).unwrap_err();
        assert!(err.line.unwrap() >= 3, "{err}");
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
    }
}
