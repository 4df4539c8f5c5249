//! One general segmenter: every line has a role ([`roles`]); the entry
//! boundary is the role pattern that repeats most regularly in the file (a
//! time stamp, a headline over a stamp, a bare bullet marker, a block of
//! labels, a heading in capitals, a dated step, a bullet, one snippet per
//! line), and everything between two boundaries is one entry with its
//! title, stamp, author and body. Dated steps written on one line (a whole
//! timeline in a graphic's text layer) are first cut into lines of their own.

use std::collections::{BTreeMap, HashSet};

use crate::import::body;
use crate::import::clean::{self, Noise};
use crate::import::dates::Stamp;
use crate::import::draft::{Block, Draft, Split};
use crate::import::formats::{self, Score, preamble};
use crate::import::roles::{self, Assigned, Role};
use crate::import::stamps::{self, Found};
use crate::import::text::{self, Line};

/// The score of a block of labels, the fullest boundary.
pub(crate) const BEST: f64 = 0.92;

/// A kind of entry boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Boundary {
    /// A time stamp line starts each entry.
    Stamp,
    /// A headline over a time stamp starts each entry.
    HeadlineStamp,
    /// A bullet marker alone on its line.
    BareBullet,
    /// A block of labels, starting with the named key.
    Label(String),
    /// A heading in capitals.
    Section,
    /// A dated step ("Oct 17: …").
    Step,
    /// A bulleted item of prose.
    Bullet,
    /// Every line is an entry of its own (a list of snippets).
    Snippet,
    /// A "Read More" line or a "… Continue reading" ending closes each entry.
    Separator,
    /// A post marker ("UPDATE 1303 GMT:", "12:14 , Author") starts each entry.
    Marker,
    /// A bulleted item under a "Key events" line, tagged with the section
    /// heading above it (the `key-events` preset only).
    KeyEvent,
    /// A headline over its paragraphs (the `headlines` preset only).
    Headline,
    /// A headline over its outlet's name and its age ("3 hours ago"): a
    /// news aggregator's card.
    Card,
}

impl Boundary {
    /// A description for `--explain`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Boundary::Stamp => "a time stamp line".into(),
            Boundary::HeadlineStamp => "a headline over a time stamp".into(),
            Boundary::BareBullet => "a bullet marker alone on its line".into(),
            Boundary::Label(k) => format!("a block of labels starting \"{k}:\""),
            Boundary::Section => "a heading in capitals".into(),
            Boundary::Step => "a dated step (\"Oct 17:\")".into(),
            Boundary::Bullet => "a bulleted item of prose".into(),
            Boundary::Snippet => "one snippet per line".into(),
            Boundary::Separator => "a \"Read More\" or \"Continue reading\" ending".into(),
            Boundary::Marker => "a post marker (\"UPDATE 1303 GMT:\", \"12:14 , Author\")".into(),
            Boundary::KeyEvent => "a bulleted item under a \"Key events\" line".into(),
            Boundary::Headline => "a headline over its paragraphs".into(),
            Boundary::Card => "a headline over its outlet and age".into(),
        }
    }
}

/// A candidate boundary: where it starts entries, and how strongly.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// The kind.
    pub kind: Boundary,
    /// Indices (into the lines) of the lines that start an entry.
    pub starts: Vec<usize>,
    /// From 0 to 1.
    pub score: f64,
}

/// The lines with dated steps written on one line cut apart: a line with
/// three or more "Mon D:" steps becomes one line per step (the same line
/// number), the text before the first step a line of its own.
pub(crate) fn unfold<'a>(lines: &[Line<'a>]) -> Vec<Line<'a>> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let mut cuts = step_starts(line.text);
        if cuts.len() < 3 {
            out.push(*line);
            continue;
        }
        cuts.extend(clean::credit_run(line.text).filter(|c| cuts.last().is_some_and(|l| c > l)));
        let mut from = 0;
        for &c in cuts.iter().chain(std::iter::once(&line.text.len())) {
            let piece = line.text[from..c].trim();
            if !piece.is_empty() {
                out.push(Line {
                    no: line.no,
                    text: piece,
                });
            }
            from = c;
        }
    }
    out
}

/// Byte offsets of the "Mon D:" steps inside a line (after its start).
fn step_starts(line: &str) -> Vec<usize> {
    if line.len() < 200 || !line.contains(':') {
        return Vec::new();
    }
    let mut cuts = Vec::new();
    let mut at = 0;
    while let Some(rel) = line[at..].find(':') {
        let colon = at + rel;
        at = colon + 1;
        // The step's date is the two or three words before the colon.
        let head_start = line[..colon]
            .char_indices()
            .rev()
            .filter(|&(_, c)| c == ' ')
            .nth(1)
            .map_or(0, |(i, _)| i + 1);
        let head = &line[head_start..colon];
        let Some(found) = stamps::find(head) else {
            continue;
        };
        if found.span.0 == 0 && found.span.1 == head.len() && found.month_day.is_some() {
            cuts.push(head_start);
        }
    }
    cuts.retain(|&c| c > 0);
    cuts
}

/// A file's lines as the segmenter reads them, worked out once per file:
/// the lines (dated steps written on one line cut apart) and each line's
/// role. Every recogniser scores it and the chosen preset cuts it.
pub(crate) struct Reading<'a> {
    /// The lines, unfolded ([`unfold`]).
    pub lines: Vec<Line<'a>>,
    /// Each line's role, in line order.
    pub roles: Vec<Assigned>,
    /// What the lines classified as while their roles were read.
    pub known: clean::Known,
}

impl<'a> Reading<'a> {
    /// Unfolds `lines` and gives each its role.
    pub(crate) fn new(lines: &[Line<'a>]) -> Reading<'a> {
        let lines = unfold(lines);
        let (roles, known) = roles::assign(&lines);
        Reading {
            lines,
            roles,
            known,
        }
    }
}

/// The time stamp a stamp line gives.
pub(crate) fn stamp_of(found: &Found) -> Option<Stamp> {
    if let Some(t) = found.instant() {
        return Some(Stamp::At(t));
    }
    let minutes = found.time.map(|(h, m, _)| h as u16 * 60 + m as u16);
    match (found.date, minutes, found.month_day) {
        (Some(date), Some(minutes), _) => Some(Stamp::Local { date, minutes }),
        (Some(date), None, _) => Some(Stamp::Day(date)),
        (None, Some(minutes), _) => Some(Stamp::TimeOfDay {
            minutes,
            offset: match &found.zone {
                Some(stamps::Zone::Offset(s)) => Some(*s),
                _ => None,
            },
        }),
        (None, None, Some((month, day))) => Some(Stamp::MonthDay { month, day }),
        (None, None, None) => None,
    }
}

/// The stamp a line carries: a stamp line's, a byline's (a name run into
/// a date and time), a post marker's.
fn stamp_in(role: &Assigned) -> Option<Stamp> {
    role.stamp
        .or_else(|| role.found.as_ref().and_then(stamp_of))
}

/// Every candidate boundary of the file, best first.
pub(crate) fn candidates(lines: &[Line<'_>], roles: &[Assigned]) -> Vec<Candidate> {
    let of = |r: Role| -> Vec<usize> { (0..roles.len()).filter(|&i| roles[i].role == r).collect() };
    let mut out = Vec::new();
    let strength = |base: f64, n: usize| if n >= 3 { base } else { base - 0.1 };
    let stamps = of(Role::Stamp);
    if stamps.len() >= 2 {
        let headed: Vec<usize> = stamps
            .iter()
            .map(|&i| {
                if i > 0 && roles[i - 1].role == Role::Headline {
                    i - 1
                } else {
                    i
                }
            })
            .collect();
        let n_headed = headed.iter().zip(&stamps).filter(|(h, s)| h != s).count();
        // A stamp over its post's headline ("Posted at 14:05", a headline,
        // the text) leaves the previous post's last line above the stamp,
        // which may look like a headline too.
        let n_topping = stamps
            .iter()
            .filter(|&&i| {
                i + 1 < lines.len()
                    && is_post_headline(&lines[i + 1], &roles[i + 1])
                    && roles.get(i + 2).is_some_and(|r| r.role == Role::Body)
            })
            .count();
        if n_headed * 3 >= stamps.len() * 2 && n_topping < n_headed {
            out.push(Candidate {
                kind: Boundary::HeadlineStamp,
                score: strength(0.9, stamps.len()),
                starts: headed,
            });
        } else {
            out.push(Candidate {
                kind: Boundary::Stamp,
                score: strength(0.9, stamps.len()),
                starts: stamps,
            });
        }
    }
    // Entries that each end in a separator: the first starts the text, the
    // others start after a separator.
    // A rule right under a heading that a rule opens (or the file does) is
    // the heading's underline ("=====" under "DNIPRO HIT"): the item starts
    // at the rule above the heading, not under it.
    let underline = |i: usize| {
        i >= 1
            && roles::is_rule(lines[i].text)
            && matches!(roles[i - 1].role, Role::Headline | Role::Section)
            && (i < 2 || roles[i - 2].role == Role::Separator && roles::is_rule(lines[i - 2].text))
    };
    let separators: Vec<usize> = of(Role::Separator)
        .into_iter()
        .filter(|&i| !underline(i))
        .collect();
    if separators.len() >= 2 {
        let text = |i: &usize| roles[*i].role != Role::Separator;
        // Rules ("* * *") stand between items: what is above the first is
        // the page's. "Read More" ends an item, so the text starts one.
        let rules = separators.iter().all(|&i| roles::is_rule(lines[i].text));
        let mut starts: Vec<usize> = if rules {
            Vec::new()
        } else {
            (0..roles.len()).find(text).into_iter().collect()
        };
        // A "… Continue reading" line is text and an ending both.
        starts.extend(
            separators
                .iter()
                .map(|&i| i + 1)
                .filter(|&i| i < roles.len()),
        );
        starts.sort_unstable();
        starts.dedup();
        out.push(Candidate {
            kind: Boundary::Separator,
            score: strength(0.9, separators.len()),
            starts,
        });
    }
    // Lines that start an entry by their role alone.
    for (role, kind) in [
        (Role::Marker, Boundary::Marker),
        (Role::BareBullet, Boundary::BareBullet),
    ] {
        let starts = of(role);
        if starts.len() >= 2 {
            out.push(Candidate {
                kind,
                score: strength(0.9, starts.len()),
                starts,
            });
        }
    }
    // A block of labels: the key that most often starts one. A block ends
    // at a line that is not a label or stamp, at a blank line, or where its
    // first key comes again.
    let mut block_keys: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut first_key: Option<&str> = None;
    for i in 0..roles.len() {
        let in_block = |j: usize| matches!(roles[j].role, Role::Label | Role::Stamp);
        let key = roles[i]
            .key
            .as_deref()
            .filter(|_| roles[i].role == Role::Label);
        let gap = i > 0 && lines[i].no > lines[i - 1].no + 1;
        let starts = key.is_some()
            && (i == 0 || !in_block(i - 1) || gap || key == first_key)
            && i + 1 < roles.len()
            && in_block(i + 1)
            && lines[i + 1].no == lines[i].no + 1;
        if !in_block(i) || gap {
            first_key = None;
        }
        if starts && let Some(k) = key {
            block_keys.entry(k).or_default().push(i);
            first_key = Some(k);
        }
    }
    if let Some((key, starts)) = block_keys.into_iter().max_by_key(|(_, v)| v.len())
        && starts.len() >= 2
    {
        out.push(Candidate {
            kind: Boundary::Label(key.to_string()),
            // A block of labels is the fuller boundary when it holds a stamp.
            score: strength(BEST, starts.len()),
            starts,
        });
    }
    let steps = of(Role::Step);
    if steps.len() >= 2 {
        out.push(Candidate {
            kind: Boundary::Step,
            score: strength(0.9, steps.len()),
            starts: steps,
        });
    }
    let sections: Vec<usize> = of(Role::Section)
        .into_iter()
        .filter(|&i| {
            roles
                .get(i + 1)
                .is_some_and(|r| matches!(r.role, Role::Body | Role::Bullet))
        })
        .collect();
    if sections.len() >= 2 {
        out.push(Candidate {
            kind: Boundary::Section,
            score: strength(0.7, sections.len()),
            starts: sections,
        });
    }
    // Numbered headings over paragraphs ("1. Air attacks", "2. Sea"): a
    // report's numbered sections, counted from one.
    let numbered: Vec<usize> = of(Role::Bullet)
        .into_iter()
        .filter(|&i| {
            roles.get(i + 1).is_some_and(|r| r.role == Role::Body)
                && text::word_count(lines[i].text) <= 8
                && !text::ends_sentence(lines[i].text)
        })
        .collect();
    let counted = numbered
        .iter()
        .enumerate()
        .all(|(n, &i)| section_number(lines[i].text) == Some(n + 1));
    if numbered.len() >= 2 && counted {
        out.push(Candidate {
            kind: Boundary::Section,
            score: strength(0.7, numbered.len()),
            starts: numbered,
        });
    }
    if let Some(c) = sectioned_paragraphs(lines, roles) {
        out.push(c);
    }
    let content = roles
        .iter()
        .filter(|r| {
            matches!(
                r.role,
                Role::Body | Role::Bullet | Role::Dateline | Role::Label
            )
        })
        .count();
    let bullets: Vec<usize> = of(Role::Bullet)
        .into_iter()
        .filter(|&i| text::is_prose(lines[i].text))
        .collect();
    if bullets.len() >= 3 && bullets.len() * 3 >= content * 2 {
        out.push(Candidate {
            kind: Boundary::Bullet,
            score: 0.6,
            starts: bullets,
        });
    }
    // A list of snippets: no page headline over it, every line one or two
    // sentences of its own (counted only while the list is still possible).
    let snippets: Vec<usize> = (0..roles.len())
        .filter(|&i| matches!(roles[i].role, Role::Body | Role::Headline))
        .collect();
    let titled = roles.first().is_some_and(|r| r.role == Role::Headline);
    if !titled && snippets.len() >= 6 && snippets.len() * 10 >= lines.len() * 9 {
        let allowed = lines.len() / 10;
        let mut long = 0;
        for &i in &snippets {
            let words = text::word_count(lines[i].text);
            if !(8..=60).contains(&words) || sentences(lines[i].text) > 2 {
                long += 1;
                if long > allowed {
                    break;
                }
            }
        }
        if long <= allowed {
            out.push(Candidate {
                kind: Boundary::Snippet,
                score: 0.45,
                starts: snippets,
            });
        }
    }
    let mut cards: Vec<usize> = Vec::new();
    for i in 0..lines.len() {
        // A card's outlet line over its headline is the card's, not the
        // end of the card above.
        let shape = card_shape(&lines[i..], &roles[i..]);
        if shape.is_some() && cards.last().is_none_or(|&c| c + 1 < i) {
            cards.push(i);
        }
    }
    if cards.len() >= 2 {
        out.push(Candidate {
            kind: Boundary::Card,
            score: strength(0.85, cards.len()),
            starts: cards,
        });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

/// The shape of an aggregator's or reader's card that `lines` open with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CardShape {
    /// A headline, the outlet's name, the report's age ("3 hours ago").
    HeadlineOutletAge,
    /// The outlet's name, a headline, a byline ("by A. Name / 2h").
    OutletHeadlineByline,
    /// A headline over a byline.
    HeadlineByline,
}

fn card_shape(lines: &[Line<'_>], roles: &[Assigned]) -> Option<CardShape> {
    // This runs at every line of every file: the tests of one role or of
    // a short line come first, a count of words last.
    let headline = |k: usize| {
        lines.get(k).is_some_and(|l| {
            matches!(roles[k].role, Role::Headline | Role::Body | Role::Label)
                && l.text.len() <= 300
                && !text::ends_sentence(l.text)
                && !clean::is_relative_age(l.text)
                && text::word_count(l.text) >= 4
        })
    };
    let byline = |k: usize| roles.get(k).is_some_and(|r| r.role == Role::Byline);
    let outlet = |k: usize| {
        lines
            .get(k)
            .is_some_and(|l| is_outlet_name(l.text, &roles[k]))
    };
    let age = |k: usize| lines.get(k).is_some_and(|l| is_age(l.text, &roles[k]));
    if byline(1) {
        headline(0).then_some(CardShape::HeadlineByline)
    } else if byline(2) && outlet(0) && headline(1) {
        Some(CardShape::OutletHeadlineByline)
    } else if age(2) && outlet(1) && headline(0) {
        Some(CardShape::HeadlineOutletAge)
    } else {
        None
    }
}

/// An outlet's name on its own line ("Example Wire", "The Daily Example").
fn is_outlet_name(line: &str, role: &Assigned) -> bool {
    matches!(role.role, Role::Headline | Role::Body | Role::Section)
        && line.len() <= 80
        && (1..=5).contains(&text::word_count(line))
        && line.starts_with(char::is_uppercase)
        && !line.contains(|c: char| c.is_ascii_digit() || matches!(c, '.' | ':' | '!' | '?' | ','))
}

/// A report's age on its own line: "3 hours ago", "Yesterday", a clock.
fn is_age(line: &str, role: &Assigned) -> bool {
    role.role == Role::DateLine
        || role.role == Role::Stamp && text::word_count(line) <= 4
        || clean::is_relative_age(line)
}

/// Number of sentences in a line, counted up to three.
fn sentences(line: &str) -> usize {
    let mut n = 0;
    let mut rest = line;
    while !rest.trim().is_empty() && n < 3 {
        let len = text::first_sentence_len(rest);
        rest = &rest[len..];
        n += 1;
    }
    n
}

/// True for a short section heading of a list ("Fighting", "Politics and
/// diplomacy", a bare "Weapons:"): a few capitalised words, not a sentence.
fn is_list_heading(line: &Line<'_>, role: &Assigned) -> bool {
    let heading_role = match role.role {
        Role::Body | Role::Headline | Role::Section => true,
        Role::Label => role.rest == line.text.len(),
        _ => false,
    };
    heading_role && text::word_count(line.text) <= 6 && formats::key_events::is_section(line.text)
}

/// The number a numbered heading opens with ("2. North Korean units" is 2).
fn section_number(line: &str) -> Option<usize> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &line[digits..];
    (rest.starts_with(". ") || rest.starts_with(") "))
        .then(|| line[..digits].parse().ok())
        .flatten()
}

/// True for a title that names a timeline ("Timeline of the war, November
/// 2024"): its items are round-up items under day headings only (under
/// other headings, each section is one incident of several paragraphs).
fn names_timeline(title: &str) -> bool {
    names_any(title, ["timeline", "chronology", "day by day"].iter())
}

/// True when `title` holds one of `words` (lower case), in any case.
fn names_any<'a>(title: &str, mut words: impl Iterator<Item = &'a &'a str>) -> bool {
    let t = title.to_lowercase();
    words.any(|w| t.contains(w))
}

/// True for a title that names a round-up of the day's events ("… key
/// events on day 1,001", "… at a glance", "What we know on day 12").
fn names_roundup(title: &str) -> bool {
    const ROUNDUP: &[&str] = &["at a glance", "in brief", "round-up", "roundup"];
    names_any(title, formats::key_events::LIST_NAMES.iter().chain(ROUNDUP))
}

/// A round-up whose items lost their bullets (a copied web page often
/// does): a title naming a round-up, then short headings, two at least,
/// each over paragraphs of a sentence or two. Every paragraph under the
/// headings is an item. Without such a title, paragraphs under headings
/// are one article with sub-headings, as a report with cross-heads is.
/// The headings of a timeline are its days ("19 November"), which date
/// the items under them.
fn sectioned_paragraphs(lines: &[Line<'_>], roles: &[Assigned]) -> Option<Candidate> {
    let title = lines.first()?;
    // A title with its period in brackets may read as a caption.
    let titled = matches!(roles[0].role, Role::Headline | Role::Caption);
    let days_only = !names_roundup(title.text);
    if !titled || days_only && !names_timeline(title.text) {
        return None;
    }
    let (mut headings, mut long) = (0, 0);
    let mut items = Vec::new();
    for i in 1..lines.len() {
        let over_text = roles.get(i + 1).is_some_and(|r| r.role == Role::Body);
        let heading =
            roles[i].role == Role::DateLine || !days_only && is_list_heading(&lines[i], &roles[i]);
        if over_text && heading {
            headings += 1;
            continue;
        }
        if headings == 0 || roles[i].role != Role::Body || !text::is_prose(lines[i].text) {
            continue;
        }
        if text::word_count(lines[i].text) > 60 || sentences(lines[i].text) > 2 {
            long += 1;
        }
        items.push(i);
    }
    (headings >= 2 && items.len() >= 3 && long * 10 <= items.len()).then_some(Candidate {
        kind: Boundary::Bullet,
        score: 0.75,
        starts: items,
    })
}

/// For each start of a list of items, whether a section heading of the
/// list ([`is_list_heading`]) stands right above it; none unless two
/// headings head the items. (The file's first line is its title, never a
/// heading.)
fn headings_above(
    kind: &Boundary,
    starts: &[usize],
    lines: &[Line<'_>],
    roles: &[Assigned],
) -> Vec<bool> {
    let mut above = vec![false; starts.len()];
    if *kind != Boundary::Bullet {
        return above;
    }
    for (n, &s) in starts.iter().enumerate() {
        let floor = if n == 0 { 1 } else { starts[n - 1] + 1 };
        above[n] = s > floor
            && (roles[s - 1].role == Role::DateLine
                || is_list_heading(&lines[s - 1], &roles[s - 1]));
    }
    if above.iter().filter(|&&a| a).count() < 2 {
        above.fill(false);
    }
    above
}

/// The segmenter's verdict for the recogniser table: its best boundary.
pub(crate) fn score(reading: &Reading<'_>) -> Score {
    let found = candidates(&reading.lines, &reading.roles);
    let mut reasons: Vec<String> = found
        .iter()
        .take(2)
        .map(|c| format!("{} x{} ({:.2})", c.kind.describe(), c.starts.len(), c.score))
        .collect();
    if reasons.is_empty() {
        reasons.push("no boundary repeats".into());
    }
    Score::new(found.first().map_or(0.0, |c| c.score), reasons)
}

/// The `--explain` report of how the segmenter reads the file: each line's
/// role and why (the boundary it cut at is in [`Split::cut`]).
pub(crate) fn report(reading: &Reading<'_>) -> String {
    let (lines, roles) = (&reading.lines, &reading.roles);
    let mut out = String::from("  line roles:\n");
    for (line, role) in lines.iter().zip(roles) {
        out.push_str(&format!(
            "    {:>5}  {:<11} {:<38} {}\n",
            line.no,
            role.role.name(),
            role.why,
            text::cut_at_word(line.text, 60)
        ));
    }
    out
}

/// `c` for `--explain`: its kind, how many entries it starts, its score
/// and its first lines.
fn describe(c: &Candidate, lines: &[Line<'_>]) -> String {
    let at: Vec<String> = c
        .starts
        .iter()
        .take(8)
        .map(|&i| lines[i].no.to_string())
        .collect();
    format!(
        "{} x{}, score {:.2}, at lines {}{}",
        c.kind.describe(),
        c.starts.len(),
        c.score,
        at.join(", "),
        if c.starts.len() > 8 { ", …" } else { "" }
    )
}

/// The `--explain` lines of a cut at `chosen`, with the best other
/// boundary as the runner-up.
fn cut_report(chosen: Option<&Candidate>, found: &[Candidate], lines: &[Line<'_>]) -> Vec<String> {
    let runner = found
        .iter()
        .find(|c| chosen.is_none_or(|b| b.kind != c.kind));
    vec![
        match chosen {
            Some(c) => format!("boundary: {}", describe(c, lines)),
            None => "boundary: none; the text is one entry".into(),
        },
        match runner {
            Some(c) => format!("runner-up boundary: {}", describe(c, lines)),
            None => "runner-up boundary: none".into(),
        },
    ]
}

/// Keys of labels that carry an entry's metadata, not its text.
fn meta_label(key: &str) -> Option<Meta> {
    match key.to_lowercase().as_str() {
        "update" | "entry" | "post" | "item" => Some(Meta::Marker),
        "date" | "time" | "published" | "updated" | "posted" => Some(Meta::When),
        "title" | "headline" | "subject" => Some(Meta::Title),
        "author" | "by" | "byline" => Some(Meta::Author),
        "link" | "url" | "permalink" | "source url" => Some(Meta::Link),
        "content" | "body" | "text" | "summary" | "message" | "description" | "standfirst" => {
            Some(Meta::Text)
        }
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Meta {
    Marker,
    When,
    Title,
    Author,
    Link,
    Text,
}

/// Lines that repeat another part of the file, as a reader's list of
/// items or a teaser card does: a bullet or line that is another line's
/// headline, a truncated snippet of text that follows in full, the short
/// items of a list of such repeats and the heading over them.
fn repeats(lines: &[Line<'_>], roles: &[Assigned]) -> Vec<bool> {
    let mut dup = vec![false; lines.len()];
    let headlines: std::collections::HashSet<&str> = (0..lines.len())
        .filter(|&i| roles[i].role == Role::Headline)
        .map(|i| lines[i].text)
        .collect();
    let mut joined: Option<String> = None;
    for i in 0..lines.len() {
        let t = lines[i].text;
        match roles[i].role {
            Role::Bullet => {
                let item = body::bullet_item(t).unwrap_or(t);
                dup[i] = headlines.contains(item);
            }
            Role::Body if t.len() >= 80 && !text::ends_sentence(t) => {
                // A snippet cut off mid-word: its text without the cut word
                // stands elsewhere in full.
                let head = t.rsplit_once(' ').map_or(t, |(h, _)| h);
                let all = joined.get_or_insert_with(|| {
                    let body: Vec<&str> = (0..lines.len())
                        .filter(|&j| roles[j].role == Role::Body)
                        .map(|j| lines[j].text)
                        .collect();
                    body.join(" ")
                });
                dup[i] = all.matches(head).nth(1).is_some();
            }
            _ => {}
        }
    }
    // The short items of a list of repeats, and the heading over them.
    for i in (0..lines.len()).rev() {
        let next_dup = dup.get(i + 1).copied().unwrap_or(false);
        let prev_dup = i > 0 && dup[i - 1];
        let short_item = roles[i].role == Role::Bullet && text::word_count(lines[i].text) <= 4;
        if !dup[i] && (next_dup || prev_dup) && short_item {
            dup[i] = true;
        }
    }
    for i in (0..lines.len()).rev() {
        let heading = matches!(roles[i].role, Role::Headline | Role::DateLine);
        if heading && dup.get(i + 1).copied().unwrap_or(false) {
            dup[i] = true;
        }
    }
    dup
}

/// Cuts `lines` at the best boundary.
pub(crate) fn split(reading: Reading<'_>) -> Split {
    split_at(reading, None)
}

/// Cuts `lines` at the boundary of kind `preset` (a named preset of the
/// segmenter, such as `briefs`: entries closed by "Read More"); a text
/// where that boundary does not repeat is one article.
pub(crate) fn preset(reading: Reading<'_>, preset: &Boundary) -> Split {
    split_at(reading, Some(preset))
}

/// Cuts `lines` at the best boundary, or at the `wanted` kind.
fn split_at(reading: Reading<'_>, wanted: Option<&Boundary>) -> Split {
    let Reading {
        lines: unfolded,
        roles: all_roles,
        known,
    } = reading;
    let dup = repeats(&unfolded, &all_roles);
    let mut split = Split {
        known,
        ..Split::default()
    };
    let mut lines = Vec::with_capacity(unfolded.len());
    let mut roles = Vec::with_capacity(unfolded.len());
    let mut sections = KeyEventSections::new(wanted == Some(&Boundary::KeyEvent));
    for ((line, role), d) in unfolded.iter().zip(all_roles).zip(&dup) {
        if *d {
            split.drop_line(line, Noise::Repeated);
        } else if sections.heading(line, &role, &mut split) {
            // A "Key events" line or a section heading of the list.
        } else if wanted.is_some()
            && let Some(source) = clean::source_line(line.text)
        {
            // A preset's file names its outlet on a line of its own.
            split.source.get_or_insert(source);
            split.drop_line(line, Noise::Source);
        } else {
            sections.keep(&role);
            lines.push(*line);
            roles.push(role);
        }
    }
    if wanted == Some(&Boundary::Headline) {
        (lines, roles) = without_teasers(lines, roles, &mut split);
    }
    let mut found = candidates(&lines, &roles);
    if let Some(c) = sections.candidate() {
        found.insert(0, c);
    }
    if wanted == Some(&Boundary::Headline) {
        found.insert(0, headline_posts(&lines, &roles));
    }
    let chosen = match wanted {
        Some(kind) => found.iter().find(|c| &c.kind == kind),
        None => found.first(),
    };
    split.cut = cut_report(chosen, &found, &lines);
    let Some(best) = chosen else {
        let draft = article(&lines, &roles, false, &mut split);
        split.drafts.push(draft);
        return split;
    };
    // Lines printed the same above every boundary (a channel's name and
    // handle over each post) are the posts' furniture, not the end of the
    // post before.
    // (Not in a key-events list, whose sections are kept by line position.)
    let (lines, roles, best) = if sections.on {
        (lines, roles, best.clone())
    } else {
        drop_furniture(lines, roles, best, &mut split)
    };
    let (lines, roles, best) = stamps_first(lines, roles, best);
    let best = &best;
    // A first stamp with nothing under it is the page's ("Stand: 14.11.2025,
    // 18:40 Uhr" above the posts): it belongs to the lead.
    // Page furniture between the two ("2h ago") is nothing.
    let furniture = |i: usize| is_furniture(roles[i].role);
    let starts = match best.starts.as_slice() {
        [a, b, ..] if best.kind == Boundary::Stamp && (a + 1..*b).all(furniture) => {
            &best.starts[1..]
        }
        all => all,
    };
    // A list's section headings ("Fighting", "Weapons") head the items
    // under them: each is taken from the text above it and becomes the tag
    // of the items it heads.
    let above = headings_above(&best.kind, starts, &lines, &roles);
    let end_before = |n: usize| {
        starts
            .get(n)
            .map_or(lines.len(), |&s| s - usize::from(above[n]))
    };
    let mut heading: Option<String> = None;
    let first = end_before(0);
    let lead_draft = lead(&lines[..first], &roles[..first], &mut split);
    split.drafts.push(lead_draft);
    for (n, &start) in starts.iter().enumerate() {
        let end = end_before(n + 1);
        if above[n] {
            let line = &lines[start - 1];
            split.drop_line(line, Noise::Header);
            // A day over the items dates them (a header); a heading tags them.
            heading = (roles[start - 1].role != Role::DateLine)
                .then(|| line.text.trim_end_matches(':').trim().to_lowercase());
        }
        if best.kind == Boundary::Section && roundup(&lines[start..end], &roles[start..end]) {
            // "In other news" over a list: each item is a brief of its own.
            split.drop_line(&lines[start], Noise::Header);
            for line in &lines[start + 1..end] {
                let mut draft = Draft::new(split.drafts.len(), line.no);
                let item = body::bullet_item(line.text).unwrap_or(line.text);
                body::build(
                    &[Line {
                        no: line.no,
                        text: item,
                    }],
                    &mut draft,
                    &mut split,
                );
                split.drafts.push(draft);
            }
            continue;
        }
        let mut draft = entry(
            &best.kind,
            split.drafts.len(),
            &lines[start..end],
            &roles[start..end],
            &mut split,
        );
        // The heading as a reader would write it ("Air defence" gives the
        // tag "air defence", shown so; its page is still /tags/air-defence/).
        draft.tags.extend(sections.of(start).map(str::to_lowercase));
        if let Some(h) = heading.as_ref().filter(|h| !draft.tags.contains(h)) {
            draft.tags.push(h.clone());
        }
        split.drafts.push(draft);
    }
    split.known = clean::Known::default();
    split
}

/// True for a role that is page furniture, nothing a reader reads.
fn is_furniture(role: Role) -> bool {
    matches!(role, Role::Boilerplate | Role::Caption | Role::Separator)
}

/// Stamps that close their posts instead of opening them (headline, text,
/// then the time, as some live pages print them): the last stamp has
/// nothing but furniture after it, and a headline or text stands between
/// the title and the first stamp. Each stamp is moved above the post it closes, so
/// the posts are cut as stamped posts are; line numbers stay the lines'.
fn stamps_first<'a>(
    lines: Vec<Line<'a>>,
    roles: Vec<Assigned>,
    best: Candidate,
) -> (Vec<Line<'a>>, Vec<Assigned>, Candidate) {
    let closing = best.kind == Boundary::Stamp
        && best.starts.len() >= 2
        && best
            .starts
            .last()
            .is_some_and(|&l| roles[l + 1..].iter().all(|r| is_furniture(r.role)));
    // The first post opens at the first headline or text after the title.
    let first_post = best
        .starts
        .first()
        .filter(|_| closing)
        .and_then(|&s| (1..s).find(|&i| matches!(roles[i].role, Role::Headline | Role::Body)));
    let Some(first_post) = first_post else {
        return (lines, roles, best);
    };
    let mut order: Vec<usize> = (0..first_post).collect();
    let mut starts = Vec::with_capacity(best.starts.len());
    let mut from = first_post;
    for &stamp in &best.starts {
        starts.push(order.len());
        order.push(stamp);
        order.extend(from..stamp);
        from = stamp + 1;
    }
    order.extend(from..lines.len());
    let moved_lines = order.iter().map(|&i| lines[i]).collect();
    let moved_roles = order.iter().map(|&i| roles[i].clone()).collect();
    let moved = Candidate { starts, ..best };
    (moved_lines, moved_roles, moved)
}

/// Takes out the lines printed the same right above every start of `best`
/// (two starts at least), and moves the starts to match.
fn drop_furniture<'a>(
    lines: Vec<Line<'a>>,
    roles: Vec<Assigned>,
    best: &Candidate,
    split: &mut Split,
) -> (Vec<Line<'a>>, Vec<Assigned>, Candidate) {
    let starts = &best.starts;
    let same_above = |k: usize| {
        starts.len() >= 2
            && starts.iter().enumerate().all(|(n, &s)| {
                let floor = if n == 0 { 0 } else { starts[n - 1] + 1 };
                s >= floor + k && lines[s - k].text == lines[starts[0] - k].text
            })
            && !text::is_prose(lines[starts[0] - k].text)
    };
    let mut depth = 0;
    while depth < 3 && same_above(depth + 1) {
        depth += 1;
    }
    if depth == 0 {
        return (lines, roles, best.clone());
    }
    let gone: HashSet<usize> = starts.iter().flat_map(|&s| s - depth..s).collect();
    let mut kept_lines = Vec::with_capacity(lines.len());
    let mut kept_roles = Vec::with_capacity(roles.len());
    let mut new_index = Vec::with_capacity(lines.len());
    for (i, (line, role)) in lines.into_iter().zip(roles).enumerate() {
        new_index.push(kept_lines.len());
        if gone.contains(&i) {
            split.drop_line(&line, Noise::Repeated);
        } else {
            kept_lines.push(line);
            kept_roles.push(role);
        }
    }
    let mut moved = best.clone();
    moved.starts = starts.iter().map(|&s| new_index[s]).collect();
    (kept_lines, kept_roles, moved)
}

/// Where the `headlines` preset reads a headline: a headline line, a label
/// or section that reads as one, or a short question on a line of its own
/// ("What will it cost?").
fn is_head(line: &Line<'_>, role: &Assigned) -> bool {
    match role.role {
        Role::Headline | Role::Section => true,
        Role::Label => text::is_headline_like(line.text) && !text::is_prose(line.text),
        Role::Body => {
            line.text.ends_with('?')
                && text::first_sentence_len(line.text) == line.text.len()
                && text::word_count(line.text) <= 20
                && text::is_headline_like(line.text)
        }
        _ => false,
    }
}

/// Text of a post under a headline: no headline, no page furniture, no
/// byline unless the text runs on after it ("From Jane DoeThe army said").
fn is_post_text(line: &Line<'_>, role: &Assigned) -> bool {
    match role.role {
        Role::Boilerplate | Role::Caption | Role::Separator => false,
        Role::Byline => role.rest < line.text.len(),
        _ => !is_head(line, role),
    }
}

/// The `headlines` preset's boundary: each headline over text of its own.
fn headline_posts(lines: &[Line<'_>], roles: &[Assigned]) -> Candidate {
    let starts = (0..lines.len().saturating_sub(1))
        .filter(|&i| is_head(&lines[i], &roles[i]) && is_post_text(&lines[i + 1], &roles[i + 1]))
        .collect();
    Candidate {
        kind: Boundary::Headline,
        starts,
        score: 1.0,
    }
}

/// The lines of a headlines blog without its teasers: a headline printed
/// twice in a row is a teaser card (its standfirst under it goes too), and
/// a headline over no text of its own another page's teaser.
fn without_teasers<'a>(
    lines: Vec<Line<'a>>,
    roles: Vec<Assigned>,
    split: &mut Split,
) -> (Vec<Line<'a>>, Vec<Assigned>) {
    let head: Vec<bool> = lines
        .iter()
        .zip(&roles)
        .map(|(l, r)| is_head(l, r))
        .collect();
    let mut keep = vec![true; lines.len()];
    for i in 1..lines.len() {
        if head[i] && lines[i].text == lines[i - 1].text {
            keep[i - 1] = false;
            keep[i] = false;
            if lines
                .get(i + 1)
                .is_some_and(|l| is_post_text(l, &roles[i + 1]))
            {
                keep[i + 1] = false;
            }
        }
    }
    for i in 0..lines.len() {
        let post = lines
            .get(i + 1)
            .is_some_and(|l| is_post_text(l, &roles[i + 1]));
        if head[i] && !post {
            keep[i] = false;
        }
    }
    let mut kept = (Vec::new(), Vec::new());
    for ((line, role), k) in lines.into_iter().zip(roles).zip(keep) {
        if k {
            kept.0.push(line);
            kept.1.push(role);
        } else {
            split.drop_line(&line, Noise::Teaser);
        }
    }
    kept
}

/// The `key-events` preset's reading of its list: the "Key events" line
/// starts it, and each short heading in it ("Fighting", "Air defence") is
/// the section of the bullets under it, which become its tag. Both kinds of
/// line are taken out before the cut; each kept line remembers its section.
struct KeyEventSections {
    on: bool,
    in_list: bool,
    current: Option<String>,
    /// Per kept line, the section it stands in.
    kept: Vec<Option<String>>,
    bullets: Vec<usize>,
}

impl KeyEventSections {
    fn new(on: bool) -> KeyEventSections {
        KeyEventSections {
            on,
            in_list: false,
            current: None,
            kept: Vec::new(),
            bullets: Vec::new(),
        }
    }

    /// True (and the line is dropped) for the "Key events" line and the
    /// section headings after it.
    fn heading(&mut self, line: &Line<'_>, role: &Assigned, split: &mut Split) -> bool {
        if !self.on {
            return false;
        }
        if formats::key_events::is_key_events(line.text) {
            self.in_list = true;
            split.drop_line(line, Noise::Navigation);
            return true;
        }
        if self.in_list && role.role != Role::Bullet && formats::key_events::is_section(line.text) {
            self.current = Some(line.text.trim_end_matches(':').to_string());
            split.drop_line(line, Noise::Header);
            return true;
        }
        false
    }

    /// Records a kept line.
    fn keep(&mut self, role: &Assigned) {
        if !self.on {
            return;
        }
        if self.in_list && role.role == Role::Bullet {
            self.bullets.push(self.kept.len());
        }
        self.kept.push(self.current.clone());
    }

    /// The boundary: every bullet of the list.
    fn candidate(&mut self) -> Option<Candidate> {
        (self.on && !self.bullets.is_empty()).then(|| Candidate {
            kind: Boundary::KeyEvent,
            starts: std::mem::take(&mut self.bullets),
            score: 1.0,
        })
    }

    /// The section of the kept line `i`.
    fn of(&self, i: usize) -> Option<&str> {
        self.kept.get(i).and_then(Option::as_deref)
    }
}

/// True for a round-up section: a heading such as "In other news" or "In
/// brief" over nothing but bulleted items.
fn roundup(lines: &[Line<'_>], roles: &[Assigned]) -> bool {
    const HEADINGS: &[&str] = &[
        "in other news",
        "other news",
        "in brief",
        "briefly",
        "elsewhere",
        "also today",
        "what else happened",
    ];
    let heading = lines[0]
        .text
        .trim_end_matches([':', '.'])
        .trim()
        .to_lowercase();
    HEADINGS.contains(&heading.as_str())
        && roles.len() > 1
        && roles[1..].iter().all(|r| r.role == Role::Bullet)
}

/// The lead section: stamps and date lines are the page's, the rest is
/// read as any lead section is.
fn lead(lines: &[Line<'_>], roles: &[Assigned], split: &mut Split) -> Draft {
    let mut rest = Vec::with_capacity(lines.len());
    let mut stamp = None;
    let mut author = None;
    for (line, role) in lines.iter().zip(roles) {
        match role.role {
            Role::Stamp | Role::DateLine => {
                if let Some(d) = role.found.as_ref().and_then(|f| f.date) {
                    split.page_date.get_or_insert((line.no, d));
                }
                // A date alone is the page's (used only when the posts agree);
                // a stamp with a clock is the lead's own.
                if role.role == Role::Stamp {
                    stamp = stamp.or_else(|| stamp_in(role));
                }
                split.drop_line(line, Noise::Header);
            }
            Role::Byline if role.rest >= line.text.len() => {
                author = author.or_else(|| role.key.clone());
                stamp = stamp.or_else(|| stamp_in(role));
                split.drop_line(line, Noise::Byline);
            }
            // "Live: the news of 18 November 2025" names the page's day.
            Role::Headline => {
                if split.page_date.is_none()
                    && let Some(d) = date_at_end(line.text)
                {
                    split.page_date = Some((line.no, d));
                }
                rest.push(*line);
            }
            _ => rest.push(*line),
        }
    }
    let mut draft = preamble(&rest, split);
    draft.stamp = draft.stamp.or(stamp);
    draft.author = draft.author.take().or(author);
    draft
}

/// The whole text as one entry (the `article`, `dateline` and `assessment`
/// presets: no boundary repeats), read by its lines' roles; with
/// `takeaways`, a "Key Takeaways:" list is kept as a list under its heading.
pub(crate) fn whole(reading: Reading<'_>, takeaways: bool) -> Split {
    let mut split = Split {
        known: reading.known,
        ..Split::default()
    };
    let found = candidates(&reading.lines, &reading.roles);
    split.cut = cut_report(None, &found, &reading.lines);
    let draft = article(&reading.lines, &reading.roles, takeaways, &mut split);
    split.drafts.push(draft);
    split.known = clean::Known::default();
    split
}

/// One article: the page furniture, headline, stamps and bylines above its
/// first line of text are its metadata (a headline printed twice is said
/// once), the rest is read as any entry is; a dateline names its place and
/// a "Source: outlet" line its outlet.
fn article(lines: &[Line<'_>], roles: &[Assigned], takeaways: bool, split: &mut Split) -> Draft {
    let mut headline: Option<String> = None;
    let mut stamp = None;
    let mut author = None;
    let mut start = 0;
    for (line, role) in lines.iter().zip(roles) {
        match role.role {
            Role::Headline if headline.as_deref() == Some(line.text) => {
                split.drop_line(line, Noise::Repeated);
            }
            Role::Headline if headline.is_none() => {
                stamp =
                    stamp.or_else(|| crate::import::dates::title_date(line.text).map(Stamp::Day));
                headline = Some(line.text.to_string());
                split.drop_line(line, Noise::Header);
            }
            // The first line of an article, a kicker and its headline ("War
            // update: Drones hit a depot"), over the stamp or byline.
            Role::Label
                if start == 0
                    && is_post_headline(line, role)
                    && roles.get(1).is_some_and(|r| {
                        matches!(r.role, Role::Stamp | Role::DateLine | Role::Byline)
                    }) =>
            {
                headline = Some(line.text.to_string());
                split.drop_line(line, Noise::Header);
            }
            Role::Stamp | Role::DateLine => {
                stamp = stamp.or_else(|| stamp_in(role));
                split.drop_line(line, Noise::Header);
            }
            Role::Byline if role.rest >= line.text.len() => {
                author = author.or_else(|| role.key.clone());
                stamp = stamp.or_else(|| stamp_in(role));
                split.drop_line(line, Noise::Byline);
            }
            Role::Boilerplate | Role::Caption => {
                let noise = split.known.classify(line.text).unwrap_or(Noise::Caption);
                split.drop_line(line, noise);
            }
            _ => break,
        }
        start += 1;
    }
    let mut rest = Vec::with_capacity(lines.len() - start);
    let mut rest_roles = Vec::with_capacity(lines.len() - start);
    for (line, role) in lines[start..].iter().zip(&roles[start..]) {
        if let Some(source) = clean::source_line(line.text) {
            split.source.get_or_insert(source);
            split.drop_line(line, Noise::Source);
        } else {
            rest.push(*line);
            rest_roles.push(role.clone());
        }
    }
    // An assessment's "Key Takeaways:" list, and the text after it.
    let list = takeaways
        .then(|| formats::article::takeaways(&rest))
        .flatten();
    let before = list.as_ref().map_or(rest.len(), |(at, _, _)| *at);
    let mut draft = if before == 0 {
        Draft::new(0, lines.first().map_or(1, |l| l.no))
    } else {
        entry(
            &Boundary::Stamp,
            0,
            &rest[..before],
            &rest_roles[..before],
            split,
        )
    };
    if let Some((at, items, end)) = list {
        split.drop_line(&rest[at], Noise::Header);
        draft.blocks.push(Block::Heading("Key Takeaways".into()));
        if !items.is_empty() {
            draft.blocks.push(Block::List(items));
        }
        body::build(&rest[end..], &mut draft, split);
    }
    draft.line = lines.first().map_or(draft.line, |l| l.no);
    draft.headline = headline.or(draft.headline.take());
    draft.author = author.or(draft.author.take());
    draft.stamp = stamp.or(draft.stamp);
    if let Some(place) = rest
        .iter()
        .zip(&rest_roles)
        .find(|(_, r)| r.role == Role::Dateline)
        .and_then(|(l, _)| formats::article::dateline_place(l.text))
    {
        draft.places.push(place);
    }
    // An agency in the dateline is the outlet when no line names one.
    if split.source.is_none()
        && let Some(agency) = rest
            .iter()
            .zip(&rest_roles)
            .find(|(_, r)| r.role == Role::Dateline)
            .and_then(|(l, _)| formats::article::dateline_agency(l.text))
    {
        split.source = Some(agency.to_string());
    }
    // A headline repeated as the first paragraph is said once.
    if let (Some(h), Some(Block::Para(first))) = (draft.headline.as_deref(), draft.blocks.first())
        && first == h
    {
        draft.blocks.remove(0);
    }
    draft
}

/// One entry from its lines, the first being the boundary.
fn entry(
    kind: &Boundary,
    index: usize,
    lines: &[Line<'_>],
    roles: &[Assigned],
    split: &mut Split,
) -> Draft {
    let mut draft = Draft::new(index, lines[0].no);
    let mut body: Vec<Line<'_>> = Vec::new();
    let mut month_year: Option<(i8, i16)> = None;
    // True while the stamp is a Unix time (a stamp line with no date read).
    let mut machine_stamp = false;
    let mut i = 0;
    match kind {
        Boundary::Card => {
            let shape = card_shape(lines, roles);
            let (headline, outlet) = match shape {
                Some(CardShape::HeadlineOutletAge) => (0, Some(1)),
                Some(CardShape::OutletHeadlineByline) => (1, Some(0)),
                _ => (0, None),
            };
            draft.headline = Some(lines[headline].text.to_string());
            split.drop_line(&lines[headline], Noise::Header);
            if let Some(o) = outlet {
                split.drop_line(&lines[o], Noise::Source);
            }
            if shape == Some(CardShape::HeadlineOutletAge) {
                draft.days_before = crate::import::dates::relative_day(lines[2].text).unwrap_or(0);
            }
            i = headline + 1 + usize::from(outlet == Some(headline + 1));
        }
        Boundary::HeadlineStamp | Boundary::Headline => {
            draft.headline = Some(lines[0].text.to_string());
            split.drop_line(&lines[0], Noise::Header);
            i = 1;
        }
        Boundary::BareBullet => {
            split.drop_line(&lines[0], Noise::Navigation);
            i = 1;
        }
        Boundary::Section => {
            month_year = heading_month_year(lines[0].text);
            draft.blocks.push(Block::Heading(lines[0].text.to_string()));
            i = 1;
        }
        Boundary::Step => {
            if let Some(f) = &roles[0].found {
                draft.stamp = stamp_of(f);
            }
            let rest = lines[0].text[roles[0].rest..].trim();
            if !rest.is_empty() {
                body.push(Line {
                    no: lines[0].no,
                    text: rest,
                });
            }
            i = 1;
        }
        Boundary::Bullet | Boundary::KeyEvent => {
            let item = body::bullet_item(lines[0].text).unwrap_or(lines[0].text);
            body.push(Line {
                no: lines[0].no,
                text: item,
            });
            i = 1;
        }
        Boundary::Snippet => {
            body.push(lines[0]);
            i = 1;
        }
        Boundary::Marker => {
            draft.stamp = roles[0].stamp;
            draft.author = roles[0].key.clone();
            let rest = lines[0].text[roles[0].rest..].trim();
            if rest.is_empty() {
                split.drop_line(&lines[0], Noise::Stamp);
                // A headline right under a bare marker is the post's own.
                if lines.len() > 1 && is_post_headline(&lines[1], &roles[1]) {
                    draft.headline = Some(lines[1].text.to_string());
                    split.drop_line(&lines[1], Noise::Header);
                    i = 2;
                } else {
                    i = 1;
                }
            } else {
                body.push(Line {
                    no: lines[0].no,
                    text: rest,
                });
                i = 1;
            }
        }
        // An item's headline over its text is its own.
        Boundary::Separator
            if lines.len() > 1
                && roles[0].role == Role::Headline
                && roles[1].role == Role::Body =>
        {
            draft.headline = Some(lines[0].text.to_string());
            split.drop_line(&lines[0], Noise::Header);
            i = 1;
        }
        Boundary::Stamp | Boundary::Label(_) | Boundary::Separator => {}
    }
    while i < lines.len() {
        let (line, role) = (&lines[i], &roles[i]);
        i += 1;
        match role.role {
            Role::Stamp | Role::DateLine if draft.stamp.is_none() => {
                draft.stamp = stamp_in(role);
                machine_stamp = role.found.is_none();
                split.drop_line(line, Noise::Stamp);
                // A headline right under the stamp is the post's own.
                if draft.headline.is_none()
                    && body.is_empty()
                    && i < lines.len()
                    && is_post_headline(&lines[i], &roles[i])
                    // Over its text, or over a photo post's captions.
                    && roles.get(i + 1).is_some_and(|r| {
                        !matches!(r.role, Role::Stamp | Role::DateLine | Role::Marker)
                    })
                {
                    draft.headline = Some(lines[i].text.to_string());
                    split.drop_line(&lines[i], Noise::Header);
                    i += 1;
                }
            }
            Role::Stamp | Role::DateLine => split.drop_line(line, Noise::Stamp),
            Role::Byline => {
                if draft.author.is_none() {
                    draft.author = role.key.clone();
                }
                // A byline's clock is the one the reader sees, not a Unix time's.
                if draft.stamp.is_none() || machine_stamp {
                    draft.stamp = stamp_in(role).or(draft.stamp);
                    machine_stamp = false;
                }
                split.drop_line(line, Noise::Byline);
                let rest = line.text[role.rest..].trim();
                if !rest.is_empty() {
                    body.push(Line {
                        no: line.no,
                        text: rest,
                    });
                }
            }
            Role::Label => {
                let key = role.key.as_deref().unwrap_or("");
                let value = line.text[role.rest..].trim();
                match meta_label(key) {
                    Some(Meta::Marker) => split.drop_line(line, Noise::Header),
                    Some(Meta::When) => {
                        if draft.stamp.is_none() {
                            draft.stamp = stamps::find(value).as_ref().and_then(stamp_of);
                        }
                        split.drop_line(line, Noise::Stamp);
                    }
                    Some(Meta::Title) if draft.headline.is_none() && !value.is_empty() => {
                        draft.headline = Some(value.to_string());
                        split.drop_line(line, Noise::Header);
                    }
                    Some(Meta::Author) if !value.is_empty() => {
                        draft.author.get_or_insert_with(|| value.to_string());
                        split.drop_line(line, Noise::Byline);
                    }
                    Some(Meta::Link) if is_web_address(value) => {
                        draft.url.get_or_insert_with(|| value.to_string());
                        split.drop_line(line, Noise::Header);
                    }
                    Some(Meta::Text) if !value.is_empty() => body.push(Line {
                        no: line.no,
                        text: value,
                    }),
                    _ => body.push(*line),
                }
            }
            // "… Continue reading" ends a line of the entry's text.
            Role::Separator => match clean::strip_continue_reading(line.text) {
                Some(head) if !head.is_empty() => body.push(Line {
                    no: line.no,
                    text: head,
                }),
                _ => split.drop_line(line, Noise::Navigation),
            },
            _ => body.push(*line),
        }
    }
    if let Some((month, year)) = month_year
        && draft.stamp.is_none()
    {
        draft.stamp = first_day_in(&body, month, year).map(Stamp::Day);
    }
    // A headline repeated as the first body line is said once.
    if let (Some(h), Some(first)) = (draft.headline.as_deref(), body.first())
        && first.text == h
    {
        split.drop_line(first, Noise::Repeated);
        body.remove(0);
    }
    body::build(&body, &mut draft, split);
    draft
}

/// A full date ending a headline ("… les informations du 18 novembre
/// 2025", "Campaign Assessment, November 2, 2024").
fn date_at_end(line: &str) -> Option<jiff::civil::Date> {
    if !line.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let found = stamps::find(line)?;
    (found.span.1 == line.len() && found.time.is_none())
        .then_some(found.date)
        .flatten()
}

/// An http(s) address with no space in it.
fn is_web_address(value: &str) -> bool {
    (value.starts_with("https://") || value.starts_with("http://"))
        && value.len() > 10
        && !value.contains(char::is_whitespace)
}

/// True for a line that can be a post's own headline: a headline, or a
/// label that reads as one ("Air force: 45 of 60 drones shot down"), not
/// one that carries an entry's metadata ("Date: …").
fn is_post_headline(line: &Line<'_>, role: &Assigned) -> bool {
    match role.role {
        Role::Headline => true,
        Role::Label => {
            role.rest < line.text.len()
                && role.key.as_deref().is_some_and(|k| meta_label(k).is_none())
                && text::is_headline_like(line.text)
                && !text::is_prose(line.text)
        }
        _ => false,
    }
}

/// The month and year a heading names ("FEBRUARY 2025: …").
fn heading_month_year(heading: &str) -> Option<(i8, i16)> {
    let mut words = heading.split(|c: char| c.is_whitespace() || c == ':' || c == ',');
    let mut prev: Option<&str> = None;
    for w in words.by_ref() {
        if let (Some(p), Ok(year)) = (prev, w.parse::<i16>())
            && let Some(m) = stamps::month_of(p)
            && (1900..=2100).contains(&year)
        {
            return Some((m, year));
        }
        if !w.is_empty() {
            prev = Some(w);
        }
    }
    None
}

/// The first day of `month` that the text names ("on February 21").
fn first_day_in(body: &[Line<'_>], month: i8, year: i16) -> Option<jiff::civil::Date> {
    body.iter().find_map(|l| {
        stamps::month_days(l.text)
            .into_iter()
            .find(|&(m, _)| m == month)
            .and_then(|(m, d)| jiff::civil::Date::new(year, m, d).ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entries of `split` that hold something.
    fn non_empty(split: &Split) -> Vec<&Draft> {
        split.drafts.iter().filter(|d| !d.is_empty()).collect()
    }

    #[test]
    fn steps_on_one_line_are_cut_apart() {
        let text = format!(
            "A timeline of the talks {} Mar 3: The first round opens in the capital Mar 9-10: A second round ends without a deal Apr 2: Envoys meet again and agree a ceasefire",
            "with more words ".repeat(10)
        );
        let lines = text::lines(&text);
        let unfolded = unfold(&lines);
        assert_eq!(unfolded.len(), 4, "{unfolded:?}");
        assert!(unfolded[2].text.starts_with("Mar 9-10:"));
    }

    #[test]
    fn briefs_preset_cuts_after_each_separator() {
        let text = "A ferry service resumed after a month. It carries 200 people.\nRead More\nTwo reporters were released at a checkpoint … Continue reading\nThe central bank kept its rate unchanged.\nRead More\nSource: example.org\n";
        let split = preset(Reading::new(&text::lines(text)), &Boundary::Separator);
        let drafts = non_empty(&split);
        assert_eq!(drafts.len(), 3, "{drafts:?}");
        assert_eq!(
            drafts[1].blocks,
            [Block::Para(
                "Two reporters were released at a checkpoint".into()
            )]
        );
        assert_eq!(split.source.as_deref(), Some("example.org"));
        assert!(
            split
                .drafts
                .iter()
                .flat_map(Draft::texts)
                .all(|t| t != "Read More")
        );
    }

    #[test]
    fn headlines_preset_keeps_a_post_whose_byline_runs_into_its_text() {
        let text = "Talks resume in Geneva\nDelegations met again on Monday, officials said.\nTeaser for another story\nFerry service restarts\nFrom Example's Ann LeeThe first ferry left at dawn with 200 people.\nSource: example.org\n";
        let split = preset(Reading::new(&text::lines(text)), &Boundary::Headline);
        let posts = non_empty(&split);
        let ferry = posts
            .last()
            .map(|d| (d.headline.as_deref(), d.author.as_deref()));
        assert_eq!(
            ferry,
            Some((Some("Ferry service restarts"), Some("Ann Lee")))
        );
        assert_eq!(posts.len(), 2, "{posts:?}");
        assert_eq!(
            posts[1].blocks,
            [Block::Para(
                "The first ferry left at dawn with 200 people.".into()
            )]
        );
        assert!(
            split
                .dropped
                .iter()
                .any(|d| d.text == "Teaser for another story" && d.noise == Noise::Teaser)
        );
    }

    #[test]
    fn heading_months() {
        assert_eq!(
            heading_month_year("FEBRUARY 2025: CABLE DAMAGE"),
            Some((2, 2025))
        );
        assert_eq!(heading_month_year("CABLE DAMAGE"), None);
    }
}
