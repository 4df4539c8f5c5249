//! One raw text to finished entries: recognise the format, cut it into
//! drafts, drop repeats, then give each entry its title, date, topics,
//! places and figures, and render it as a Markdown file with front matter.

use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

use jiff::civil::Date;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::import::clean::Noise;
use crate::import::dates::{self, Given, PubDate, Stamp};
use crate::import::draft::{Block, Draft, Dropped, Split};
use crate::import::figures::{self, DroneReport};
use crate::import::formats::Score;
use crate::import::recognise::{self, Format};
use crate::import::roles::Role;
use crate::import::topics::{Matcher, TopicMatch};
use crate::import::{markdown, repeats, segment, story, text};

/// The longest title made from a first sentence, in characters.
pub const TITLE_MAX: usize = 100;

/// What a conversion needs besides the text.
pub struct Settings<'a> {
    /// The site's configuration (time zone).
    pub config: &'a Config,
    /// The compiled topic rules and gazetteer.
    pub matcher: &'a Matcher,
    /// `--date`.
    pub given: Option<Given>,
    /// `--source`.
    pub source: Option<String>,
    /// `--format`.
    pub format: Option<Format>,
    /// `--explain`: each drone figure keeps the sentence it came from.
    pub explain: bool,
}

/// A finished entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// `origin.entry`: 0 for a lead section, posts from 1.
    pub index: usize,
    /// Line of the raw file the entry starts on.
    pub line: usize,
    /// Headline, or the first sentence cut at a clause boundary.
    pub title: String,
    /// Publication date; `None` when neither the text nor `--date` gives one.
    pub date: Option<PubDate>,
    /// Where the date came from, for `--explain`.
    pub date_from: &'static str,
    /// Outlet.
    pub source: Option<String>,
    /// The address of the original report, when the text gives it.
    pub source_url: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// Accepted topic slugs.
    pub topics: Vec<String>,
    /// Every topic with a phrase found, for `--explain`.
    pub topic_matches: Vec<TopicMatch>,
    /// Tags from the format.
    pub tags: Vec<String>,
    /// Gazetteer places and datelines.
    pub places: Vec<String>,
    /// All drone reports in the text.
    pub drones: Vec<DroneReport>,
    /// Story id (set by [`story::assign`]).
    pub story: Option<String>,
    /// Word shingles of title and body.
    pub shingles: Vec<u64>,
    /// The Markdown body.
    pub body: String,
}

/// A converted file.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The format used.
    pub format: Format,
    /// True when `--format` forced it.
    pub forced: bool,
    /// Every recogniser's score.
    pub scores: Vec<(Format, Score)>,
    /// The page date and whether it was used.
    pub page_date: Option<(usize, jiff::civil::Date, bool)>,
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// Lines that are in no entry, and why.
    pub dropped: Vec<Dropped>,
    /// How the chosen preset cut the text (the boundary and the runner-up).
    pub cut: Vec<String>,
    /// The topic rules' phrases, which the entries' topic matches name by
    /// their place in it (one table shared by every file).
    pub phrases: std::sync::Arc<[String]>,
}

impl Converted {
    /// Fails when no entry has a date, naming the entry and `--date`.
    pub fn check_dates(&self, file: &Path) -> Result<(), Diagnostic> {
        if self.entries.iter().any(|e| e.date.is_some()) {
            return Ok(());
        }
        Err(self
            .undated_report(file, |f, m| Diagnostic::new(f, m))
            .unwrap_or_else(|| {
                Diagnostic::new(file, "no entries").hint("check the file holds text")
            }))
    }

    /// Takes out the entries that cannot be dated and returns the warning
    /// that names them (with the fix, `--date`), when some of the file's
    /// other entries can be written: one undated entry never stops the rest.
    pub fn take_undated(&mut self, file: &Path) -> Option<Diagnostic> {
        if self.entries.iter().all(|e| e.date.is_none()) {
            return None;
        }
        let warning = self.undated_report(file, |f, m| Diagnostic::warning(f, m))?;
        self.entries.retain(|e| e.date.is_some());
        Some(warning)
    }

    /// The message naming the entries without a date, if any.
    fn undated_report(
        &self,
        file: &Path,
        make: fn(&Path, String) -> Diagnostic,
    ) -> Option<Diagnostic> {
        let undated: Vec<&Entry> = self.entries.iter().filter(|e| e.date.is_none()).collect();
        let first = undated.first()?;
        let which: Vec<String> = undated
            .iter()
            .take(5)
            .map(|e| format!("line {}", e.line))
            .collect();
        let page = match self.page_date {
            Some((line, d, false)) => format!(
                "; the page date {d} (line {line}) contradicts the posts' own time stamps, so it is not used"
            ),
            _ => String::new(),
        };
        let written = if undated.len() == self.entries.len() {
            "nothing was written for this file".to_string()
        } else {
            format!(
                "{} not written, the other {} are",
                if undated.len() == 1 {
                    "it was"
                } else {
                    "they were"
                },
                self.entries.len() - undated.len()
            )
        };
        Some(
            make(
                file,
                format!(
                    "{} of {} entries have no date of their own ({}){page}; {written}",
                    undated.len(),
                    self.entries.len(),
                    which.join(", ")
                ),
            )
            .at(Some(first.line))
            .hint(
                "pass the day the text was published: --date YYYY-MM-DD (or RFC 3339 with a time)",
            ),
        )
    }
}

impl Entry {
    /// The drones its main tally says were launched, if it gives one.
    pub fn launched(&self) -> Option<u64> {
        figures::main_report(&self.drones).and_then(|r| r.launched)
    }
}

/// The title of a draft: its headline, else its first sentence cut at a
/// clause boundary (at most [`TITLE_MAX`] characters, never empty for a
/// draft with text).
pub fn title_of(draft: &Draft) -> String {
    let title = untrimmed_title(draft);
    // A title does not open with the emoji or symbols a post may start with
    // ("⚡️ Overnight …"), unless nothing else is left.
    let kept = |c: char| c.is_alphanumeric() || c.is_ascii_punctuation() || "“‘«„¡¿£€".contains(c);
    let bare = title.trim_start_matches(|c: char| c.is_whitespace() || !kept(c));
    // Nor with a thread's post number ("2/ Hits were recorded …").
    let bare = match bare.split_once("/ ") {
        Some((n, rest)) if (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()) => {
            rest
        }
        _ => bare,
    };
    // Nor with a flash label ("BREAKING: …", "Just in — …").
    let bare = without_flash(bare);
    if bare.is_empty() || bare.len() == title.len() {
        title
    } else {
        bare.to_string()
    }
}

/// `title` without a flash label opening it ("BREAKING:", "Just in —",
/// "UPDATE:"), when a title is left after it.
fn without_flash(title: &str) -> &str {
    const FLASHES: &[&str] = &[
        "breaking",
        "just in",
        "update",
        "updated",
        "exclusive",
        "watch",
    ];
    for flash in FLASHES {
        let Some(head) = title.get(..flash.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(flash) || !head.starts_with(char::is_uppercase) {
            continue;
        }
        let rest = title[flash.len()..].trim_start();
        let rest = rest
            .strip_prefix(':')
            .or_else(|| rest.strip_prefix(['—', '–', '|']))
            .map(str::trim_start);
        if let Some(rest) = rest.filter(|r| r.starts_with(char::is_uppercase)) {
            return rest;
        }
    }
    title
}

/// [`title_of`] before its leading symbols are taken off.
fn untrimmed_title(draft: &Draft) -> String {
    if let Some(h) = draft.headline.as_deref().filter(|h| !h.trim().is_empty()) {
        return h.trim().to_string();
    }
    // A subheading inside the body is not the post's headline, nor is a
    // labelled field ("Source: …"): the first sentence of the text is the
    // title, a label's text only when there is no other, a heading last.
    let kind = |b: &Block| match b {
        Block::Labelled { .. } => 1,
        Block::Heading(_) => 2,
        _ => 0,
    };
    let texts = |wanted: u8| {
        draft
            .blocks
            .iter()
            .filter(move |b| kind(b) == wanted)
            .flat_map(Block::texts)
            .map(str::trim)
            .find(|t| t.chars().any(char::is_alphanumeric))
    };
    let first = texts(0)
        .or_else(|| texts(1))
        .or_else(|| texts(2))
        .unwrap_or("Untitled");
    let sentence = &first[..text::first_sentence_len(first)];
    text::cut_at_clause(sentence.trim_end_matches([':', ' ']), TITLE_MAX)
}

/// A date line of the text: the day it names, how many days before the
/// page's day ("Yesterday"), or a month and day without a year ("19
/// November", in the year up to the page's day).
#[derive(Clone, Copy)]
enum DayLine {
    On(Date),
    Back(i64),
    MonthDay(i8, i8),
}

/// The date lines of a reading, by line number, in line order.
fn day_lines(reading: &segment::Reading<'_>) -> Vec<(usize, DayLine)> {
    reading
        .lines
        .iter()
        .zip(&reading.roles)
        .filter(|(_, r)| r.role == Role::DateLine)
        .filter_map(|(l, r)| {
            let found = r.found.as_ref().filter(|f| f.time.is_none());
            let day = match dates::relative_day(l.text) {
                Some(back) => DayLine::Back(back),
                None => match (found?.date, found?.month_day) {
                    (Some(d), _) => DayLine::On(d),
                    (None, Some((month, day))) => DayLine::MonthDay(month, day),
                    (None, None) => return None,
                },
            };
            Some((l.no, day))
        })
        .collect()
}

/// The day each draft's day header names, if it stands under one: a date
/// line between two entries ("Saturday 15 November 2025"), or one that
/// names a day from the page's ("Yesterday", counted back from `anchor`,
/// the `--date` or page day). A header holds for the entries below it, up
/// to the next one; the page's own date line is not a header.
fn header_days(
    lines: &[text::Line<'_>],
    split: &Split,
    day_lines: &[(usize, DayLine)],
    anchor: Option<Date>,
) -> Vec<Option<Date>> {
    let dropped: HashSet<usize> = split.dropped.iter().map(|d| d.line).collect();
    let as_stamp: HashSet<usize> = split
        .dropped
        .iter()
        .filter(|d| matches!(d.noise, Noise::Stamp | Noise::Header))
        .map(|d| d.line)
        .collect();
    let page_line = split.page_date.map(|(line, _)| line);
    // The entries' first lines in order: the next entry below a line is
    // found by bisection.
    let mut firsts: Vec<usize> = split.drafts.iter().map(|dr| dr.line).collect();
    firsts.sort_unstable();
    let mut headers: Vec<(usize, Date)> = Vec::new();
    for &(no, day) in day_lines {
        if !as_stamp.contains(&no) || Some(no) == page_line {
            continue;
        }
        // A header stands right above an entry: every line between it and
        // the next entry's first line is dropped too (blank lines are not
        // lines here).
        let Some(&next) = firsts.get(firsts.partition_point(|&l| l <= no)) else {
            continue;
        };
        let from = lines.partition_point(|l| l.no <= no);
        let to = lines.partition_point(|l| l.no < next);
        if !lines[from..to.max(from)]
            .iter()
            .all(|l| dropped.contains(&l.no))
        {
            continue;
        }
        let day = match day {
            DayLine::On(d) => Some(d),
            DayLine::Back(back) => {
                anchor.and_then(|a| a.checked_sub(jiff::Span::new().days(back)).ok())
            }
            DayLine::MonthDay(month, day) => match dates::resolve(
                Some(dates::Stamp::MonthDay { month, day }),
                None,
                anchor,
                None,
            ) {
                Some(dates::PubDate::Day(d)) => Some(d),
                _ => None,
            },
        };
        if let Some(day) = day {
            headers.push((no, day));
        }
    }
    headers.sort_unstable();
    split
        .drafts
        .iter()
        .map(|dr| {
            let at = headers.partition_point(|&(line, _)| line < dr.line);
            at.checked_sub(1).map(|i| headers[i].1)
        })
        .collect()
}

/// The day of the file's one date line, when it is one of its first five
/// lines: the day the page was published.
fn lone_top_date(day_lines: &[(usize, DayLine)], lines: &[text::Line<'_>]) -> Option<Date> {
    let [(no, DayLine::On(day))] = day_lines else {
        return None;
    };
    lines.iter().take(5).any(|l| l.no == *no).then_some(*day)
}

/// Converts one raw text. `name` is the file's name, used in messages.
pub fn convert(name: &Path, raw: &str, settings: &Settings<'_>) -> Result<Converted, Diagnostic> {
    let lines = text::lines(raw);
    if lines.is_empty() {
        return Err(Diagnostic::new(name, "the file is empty"));
    }
    // Every line's role is read once: the recognisers score it, the chosen
    // preset cuts it.
    let reading = segment::Reading::new(&lines);
    let date_lines = day_lines(&reading);
    let scores = recognise::scores(&reading);
    let format = settings.format.unwrap_or_else(|| recognise::best(&scores));
    let mut split = format.split(reading);
    repeats::remove(&mut split);

    let exact: Vec<jiff::Timestamp> = split
        .drafts
        .iter()
        .filter_map(|d| match d.stamp {
            Some(Stamp::At(t)) => Some(t),
            _ => None,
        })
        .collect();
    let page_date = split
        .page_date
        .map(|(line, d)| (line, d, dates::page_date_agrees(d, &exact)));
    // A page whose one date line stands at its top inside the first entry
    // ("Published On 17 Sep 2025" under the page's headline) was published
    // that day: the entries without a stamp of their own take it.
    let top = match (page_date, settings.given) {
        (None, None) => {
            lone_top_date(&date_lines, &lines).filter(|&d| dates::page_date_agrees(d, &exact))
        }
        _ => None,
    };
    let usable_page = page_date.and_then(|(_, d, ok)| ok.then_some(d)).or(top);
    // A page date that contradicts the posts is the day the page was saved:
    // the entries without a stamp take the day the posts agree on.
    let agreed = match (usable_page, settings.given) {
        (None, None) => dates::agreed_day(&exact, &settings.config.time_zone()),
        _ => None,
    };
    let source = split.source.clone().or_else(|| settings.source.clone());
    let zone = source
        .as_deref()
        .and_then(|s| settings.config.source_zone(s));
    let back = dates::days_back(&split.drafts);
    let headed = header_days(
        &lines,
        &split,
        &date_lines,
        settings.given.map(|g| g.date).or(usable_page),
    );

    // The lines are not read again (the drafts own their text): their
    // memory serves the entries.
    drop(lines);
    // Entries are built in parallel: a long live blog is thousands of them
    // (in order, since `collect` keeps it). Each draft is taken, and freed
    // once its entry is built, so the allocator reuses its memory for the
    // next entries instead of holding every draft and every entry at once.
    let drafts = std::mem::take(&mut split.drafts);
    let entries = drafts
        .into_par_iter()
        .with_min_len(32)
        .zip(back.par_iter())
        .zip(headed.par_iter())
        .map(|((draft, &back), &header)| {
            let title = title_of(&draft);
            let texts: Vec<&str> = draft.texts().collect();
            let all = format!("{title}\n{}", texts.join("\n"));
            let norm = crate::import::topics::normalise(&all);
            // Topics and places are read from what the entry reports, not
            // from its "Background:" recap of earlier events.
            let found = match draft.reported_texts() {
                Some(own) => settings
                    .matcher
                    .found(&format!("{title}\n{}", own.join("\n"))),
                None => settings.matcher.found_in_normalised(&norm),
            };
            let topic_matches = settings.matcher.topics(&found);
            let mut places = draft.places.clone();
            for p in settings.matcher.places(&found) {
                if !places.contains(&p) {
                    places.push(p);
                }
            }
            let under_header =
                header.filter(|_| matches!(draft.stamp, None | Some(Stamp::TimeOfDay { .. })));
            let date = match under_header {
                Some(day) => dates::resolve(
                    draft.stamp.or(Some(Stamp::Day(day))),
                    Some(&Given {
                        date: day,
                        ..settings.given.unwrap_or(Given {
                            date: day,
                            at: None,
                            offset: 0,
                        })
                    }),
                    None,
                    zone.as_ref(),
                ),
                None => dates::resolve(
                    draft.stamp,
                    settings.given.as_ref(),
                    usable_page.or(agreed),
                    zone.as_ref(),
                )
                .map(|d| d.days_earlier(back + draft.days_before)),
            };
            let date_from = match (draft.stamp, date) {
                (_, None) => "none",
                (Some(Stamp::TimeOfDay { .. }), _) if under_header.is_some() => {
                    "the entry's time of day, on the day of the day header above it"
                }
                (None, _) if under_header.is_some() => "the day header above it",
                (Some(Stamp::At(_)), _) => "the entry's own time stamp",
                (Some(Stamp::Day(_)), _) => "the entry's own date",
                (Some(Stamp::Local { .. }), Some(PubDate::At(_))) => {
                    "the entry's date and clock, in the source's zone"
                }
                (Some(Stamp::Local { .. }), _) => "the entry's own date (its clock names no zone)",
                (Some(Stamp::MonthDay { .. }), _) => {
                    "the entry's month and day, in the year up to the --date or page day"
                }
                (Some(Stamp::TimeOfDay { .. }), _) if back > 0 => {
                    "the entry's time of day, on the day before the post above it"
                }
                (Some(Stamp::TimeOfDay { .. }), _) => {
                    "the entry's time of day, on the --date or page day"
                }
                (None, _) if settings.given.is_some() => "--date",
                (None, _) if usable_page.is_some() => "the page date",
                (None, _) => "the day the posts' own stamps agree on",
            };
            let drones = figures::drone_figures(texts, settings.explain);
            let body = markdown::render(&draft.blocks);
            Entry {
                index: draft.index,
                line: draft.line,
                date,
                date_from,
                source: source.clone(),
                source_url: draft.url,
                author: draft.author,
                topics: topic_matches
                    .iter()
                    .filter(|t| t.accepted)
                    .map(|t| t.slug.clone())
                    .collect(),
                topic_matches,
                tags: draft.tags,
                places,
                drones,
                story: None,
                shingles: story::shingles_of_normalised(&norm),
                body,
                title,
            }
        })
        .collect();
    let mut entries: Vec<Entry> = entries;
    let matches: Vec<&[TopicMatch]> = entries.iter().map(|e| e.topic_matches.as_slice()).collect();
    let order: Vec<String> = settings
        .config
        .topics
        .iter()
        .map(|t| t.slug.clone())
        .collect();
    let inherited = crate::import::topics::from_context(&matches, &order);
    for (e, more) in entries.iter_mut().zip(inherited) {
        if more.is_empty() {
            continue;
        }
        e.topics.extend(more);
        e.topics.sort_by_key(|s| order.iter().position(|o| o == s));
        e.topics.dedup();
    }
    let converted = Converted {
        format,
        forced: settings.format.is_some(),
        scores,
        page_date,
        entries,
        dropped: split.dropped,
        cut: split.cut,
        phrases: settings.matcher.phrase_table(),
    };
    Ok(converted)
}
