//! The index as files under `search/`, the format the browser's script and
//! [`super::query`] read:
//!
//! - `docs.json`: the shard keys, topics, sources, the number space
//!   ([`super::slots`]), and for every document, newest first, its day,
//!   slot (its number is day × slots + slot), source and topics (for
//!   filters and counts);
//! - `t/KEY.json`: a shard, the words starting with KEY, each with its
//!   documents (delta-encoded numbers) and weights (one letter each, `a` = 1),
//!   plus the result rows (number, title, path, and a snippet around each of the
//!   shard's words that chose the document) of the ten best documents of
//!   each of its words, so a one-word query shows its first screen from the
//!   shard alone; a result shows the snippet holding most matched words;
//! - `d/N.json`: rows (title, path, lead text) of the documents of days
//!   `N*days…` (newest first), for results beyond the shard's rows and for
//!   filters without words;
//! - `x/N.txt`: summary and body text of the same documents (plain text: a
//!   unit separator after the summary, a record separator after the text),
//!   fetched only to
//!   check a quoted phrase or to cut a snippet for a multi-word result.
//!
//! A group (words with the same first two characters) becomes one shard, or
//! is split by the next character while it is larger than [`SHARD_BYTES`],
//! so a query downloads the few shards of its own words.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::index::{Doc, Group, Index, NOWHERE, Posting, STORED_TEXT};
use super::slots::Numbering;

/// Result rows a shard keeps for each word: the first screen.
pub(crate) const ROWS_PER_TERM: usize = 5;
/// Estimated size above which a group is split.
pub(crate) const SHARD_BYTES: usize = 96 * 1024;
/// Longest shard key, in characters.
const MAX_KEY: usize = 6;

/// The file name of a shard key: the key itself when it is plain ASCII
/// letters and digits, else `_` and the hex of its UTF-8 bytes.
pub(crate) fn shard_file(key: &str) -> String {
    if key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        format!("search/t/{key}.json")
    } else {
        let mut s = String::from("search/t/_");
        for b in key.bytes() {
            let _ = write!(s, "{b:02x}");
        }
        s.push_str(".json");
        s
    }
}

/// The shard keys of every group of `index`, with the terms of each.
pub(crate) fn layouts(index: &Index) -> BTreeMap<String, Vec<(String, Vec<String>)>> {
    use rayon::prelude::*;
    index
        .groups
        .par_iter()
        .map(|(g, group)| (g.clone(), layout(g, group)))
        .collect()
}

/// The shard keys of one group and the terms each holds.
pub(crate) fn layout(group_key: &str, group: &Group) -> Vec<(String, Vec<String>)> {
    let terms: Vec<(&String, &Vec<Posting>)> = group.iter().collect();
    let mut out = Vec::new();
    split(group_key, &terms, &mut out);
    out
}

fn estimate(terms: &[(&String, &Vec<Posting>)]) -> usize {
    terms
        .iter()
        .map(|(t, list)| t.len() + 8 + list.len() * 4 + list.len().min(ROWS_PER_TERM) * 200)
        .sum()
}

fn split(prefix: &str, terms: &[(&String, &Vec<Posting>)], out: &mut Vec<(String, Vec<String>)>) {
    let chars = prefix.chars().count();
    if terms.is_empty() {
        return;
    }
    if estimate(terms) <= SHARD_BYTES || chars >= MAX_KEY {
        out.push((
            prefix.to_string(),
            terms.iter().map(|(t, _)| (*t).clone()).collect(),
        ));
        return;
    }
    // Terms as long as the prefix stay at the prefix; the rest go one
    // character deeper. Terms are sorted, so each child is a run.
    let (here, deeper): (Vec<_>, Vec<_>) =
        terms.iter().partition(|(t, _)| t.chars().count() == chars);
    if !here.is_empty() {
        out.push((
            prefix.to_string(),
            here.iter().map(|(t, _)| (*t).clone()).collect(),
        ));
    }
    let mut i = 0;
    while i < deeper.len() {
        let child: String = deeper[i].0.chars().take(chars + 1).collect();
        let mut j = i;
        while j < deeper.len() && deeper[j].0.starts_with(&child) {
            j += 1;
        }
        split(&child, &deeper[i..j], out);
        i = j;
    }
}

/// Appends `s` as a JSON string (line breaks and tabs as spaces).
pub(crate) fn push_str(buf: &mut String, s: &str) {
    buf.push('"');
    let mut from = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' | b'\r' | b'\t' => " ",
            0..=0x1f => "",
            _ => continue,
        };
        // `i` is an ASCII byte, so a character boundary.
        buf.push_str(&s[from..i]);
        if escaped.is_empty() {
            let _ = write!(buf, "\\u{b:04x}");
        } else {
            buf.push_str(escaped);
        }
        from = i + 1;
    }
    buf.push_str(&s[from..]);
    buf.push('"');
}

/// At most `max` bytes of `s` from `start`, cut at character boundaries.
fn cut(s: &str, start: usize, max: usize) -> &str {
    let mut a = start.min(s.len());
    while !s.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (a + max).min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    &s[a..b]
}

/// Bytes of text in a snippet, at most.
const SNIPPET_BYTES: usize = 140;

/// About 140 bytes of `text` around byte `at`, starting at a word.
pub(crate) fn snippet(text: &str, at: usize) -> String {
    let mut start = at.saturating_sub(50);
    if start > 0 {
        while start < at && !text.is_char_boundary(start) {
            start += 1;
        }
        if let Some(sp) = text[start..at].find(' ') {
            start += sp + 1;
        }
    }
    let body = cut(text, start, SNIPPET_BYTES);
    let mut s = String::with_capacity(body.len() + 8);
    if start > 0 {
        s.push('…');
    }
    // Runs of white space (line breaks between blocks) as one space.
    for (k, part) in body.split_whitespace().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        s.push_str(part);
    }
    if start + body.len() < text.len() {
        s.push('…');
    }
    s
}

/// The text shown under a result when no word chose a place: the summary,
/// else the start of the body.
pub(crate) fn lead(doc: &Doc) -> String {
    if doc.summary.is_empty() {
        snippet(&doc.text, 0)
    } else {
        snippet(&doc.summary, 0)
    }
}

/// The snippet of `doc` for `term` found at `at` (body offset, or nowhere).
pub(crate) fn term_snippet(doc: &Doc, term: &str, at: u32) -> String {
    if at != NOWHERE {
        return snippet(&doc.text, at as usize);
    }
    let mut found = None;
    super::fold::words(&doc.summary, |w, s, _| {
        if found.is_none() && w == term {
            found = Some(s);
        }
    });
    match found {
        Some(s) => snippet(&doc.summary, s),
        None => lead(doc),
    }
}

/// A word's best [`ROWS_PER_TERM`] postings: highest weight, then newest
/// (the later day, then the earlier place in the order).
fn best(index: &Index, list: &[Posting]) -> Vec<Posting> {
    let slots = index.numbering.slots.max(1);
    let rank = |a: &Posting, b: &Posting| {
        b.weight
            .cmp(&a.weight)
            .then((b.doc / slots).cmp(&(a.doc / slots)))
            .then_with(|| index.row(a.doc).cmp(&index.row(b.doc)))
    };
    let mut v = list.to_vec();
    if v.len() > ROWS_PER_TERM {
        v.select_nth_unstable_by(ROWS_PER_TERM - 1, rank);
        v.truncate(ROWS_PER_TERM);
    }
    v.sort_by(rank);
    v
}

/// One shard's JSON.
pub(crate) fn shard(index: &Index, group: &Group, terms: &[String]) -> Vec<u8> {
    let mut buf = String::with_capacity(4096);
    buf.push_str("{\"t\":[");
    // Rows: the best documents of each term, each once, the snippet taken
    // for the first term (in order) that chose it.
    let mut rows: BTreeMap<u32, Vec<(&str, u32)>> = BTreeMap::new();
    for (i, term) in terms.iter().enumerate() {
        let Some(list) = group.get(term) else {
            continue;
        };
        if i > 0 {
            buf.push(',');
        }
        buf.push('[');
        push_str(&mut buf, term);
        buf.push_str(",[");
        let mut last = 0;
        let mut digits = itoa::Buffer::new();
        for (k, p) in list.iter().enumerate() {
            if k > 0 {
                buf.push(',');
            }
            buf.push_str(digits.format(p.doc - last));
            last = p.doc;
        }
        buf.push_str("],\"");
        for p in list {
            buf.push((b'a' + p.weight.saturating_sub(1)) as char);
        }
        buf.push_str("\"]");
        for p in best(index, list) {
            rows.entry(p.doc).or_default().push((term.as_str(), p.at));
        }
    }
    buf.push_str("],\"r\":[");
    for (k, (doc, chose)) in rows.iter().enumerate() {
        if k > 0 {
            buf.push(',');
        }
        let Some(d) = index.doc(*doc) else {
            continue;
        };
        let _ = write!(buf, "[{doc},");
        push_str(&mut buf, &d.title);
        buf.push(',');
        push_str(&mut buf, &d.path);
        buf.push_str(",[");
        // Nearby words share a snippet: each is written once.
        let mut seen: Vec<String> = Vec::with_capacity(chose.len());
        for (term, at) in chose {
            let s = term_snippet(d, term, *at);
            if !seen.contains(&s) {
                if !seen.is_empty() {
                    buf.push(',');
                }
                push_str(&mut buf, &s);
                seen.push(s);
            }
        }
        buf.push_str("]]");
    }
    buf.push_str("]}");
    buf.into_bytes()
}

/// The sources named by documents, sorted, each once.
pub(crate) fn sources(docs: &[Doc]) -> Vec<String> {
    let set: BTreeSet<&str> = docs.iter().filter_map(|d| d.source.as_deref()).collect();
    set.into_iter().map(str::to_string).collect()
}

/// `docs.json`: shard keys, topics, sources and each document's attributes.
pub(crate) fn docs_json(index: &Index, keys: &[&str], topics: &[(String, String)]) -> Vec<u8> {
    let docs = &index.docs;
    let mut buf = String::with_capacity(docs.len() * 12 + 4096);
    let _ = write!(
        buf,
        "{{\"v\":2,\"n\":{},\"slots\":{},\"days\":{},\"rows\":{ROWS_PER_TERM},\"keys\":[",
        docs.len(),
        index.numbering.slots,
        index.numbering.days
    );
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        push_str(&mut buf, k);
    }
    buf.push_str("],\"topics\":[");
    for (i, (slug, name)) in topics.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        buf.push('[');
        push_str(&mut buf, slug);
        buf.push(',');
        push_str(&mut buf, name);
        buf.push(']');
    }
    buf.push_str("],\"sources\":[");
    let sources = sources(docs);
    for (i, s) in sources.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        buf.push('[');
        push_str(&mut buf, s);
        buf.push(',');
        push_str(&mut buf, &slug::slugify(s));
        buf.push(']');
    }
    // Days newest first: each the difference from the one before.
    buf.push_str("],\"day\":[");
    let mut last = 0;
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        let _ = write!(buf, "{}", if i == 0 { d.day } else { last - d.day });
        last = d.day;
    }
    buf.push_str("],\"slot\":[");
    let slots = index.numbering.slots.max(1);
    for (i, id) in index.ids.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        let _ = write!(buf, "{}", id % slots);
    }
    buf.push_str("],\"src\":[");
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        let n = d
            .source
            .as_deref()
            .and_then(|s| sources.binary_search_by(|x| x.as_str().cmp(s)).ok())
            .map_or(0, |k| k + 1);
        let _ = write!(buf, "{n}");
    }
    buf.push_str("],\"top\":[");
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        buf.push('[');
        for (k, t) in d.topics.iter().enumerate() {
            if k > 0 {
                buf.push(',');
            }
            let _ = write!(buf, "{t}");
        }
        buf.push(']');
    }
    buf.push_str("]}");
    buf.into_bytes()
}

/// The documents of each row file, by chunk number, newest first.
pub(crate) fn chunks(docs: &[Doc], numbering: Numbering) -> BTreeMap<u32, Vec<&Doc>> {
    let mut out: BTreeMap<u32, Vec<&Doc>> = BTreeMap::new();
    for d in docs {
        out.entry(numbering.chunk(d.day)).or_default().push(d);
    }
    out
}

/// `d/N.json`: the rows of the documents of one chunk.
pub(crate) fn doc_chunk(docs: &[&Doc]) -> Vec<u8> {
    let mut buf = String::from("[");
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        buf.push('[');
        push_str(&mut buf, &d.title);
        buf.push(',');
        push_str(&mut buf, &d.path);
        buf.push(',');
        push_str(&mut buf, &lead(d));
        buf.push(']');
    }
    buf.push(']');
    buf.into_bytes()
}

/// Ends a document's summary in an `x/` file.
pub(crate) const UNIT: char = '\u{1f}';
/// Ends a document in an `x/` file.
pub(crate) const RECORD: char = '\u{1e}';

/// `x/N.txt`: summary and text of the documents of one chunk, as plain
/// text (no escaping to do: the two separators are taken out of the text).
pub(crate) fn text_chunk(docs: &[&Doc]) -> Vec<u8> {
    let mut buf = String::new();
    let clean = |buf: &mut String, s: &str| {
        if s.contains([UNIT, RECORD]) {
            buf.extend(s.chars().filter(|&c| c != UNIT && c != RECORD));
        } else {
            buf.push_str(s);
        }
    };
    for d in docs {
        clean(&mut buf, &d.summary);
        buf.push(UNIT);
        clean(&mut buf, cut(&d.text, 0, STORED_TEXT));
        buf.push(RECORD);
    }
    buf.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_group_splits_by_the_next_character() {
        let mut g = Group::new();
        let list: Vec<Posting> = (0..10_000)
            .map(|d| Posting {
                doc: d,
                weight: 1,
                at: 0,
            })
            .collect();
        for t in ["dr", "drone", "drones", "drove", "dram"] {
            g.insert(t.to_string(), list.clone());
        }
        let keys: Vec<String> = layout("dr", &g).into_iter().map(|(k, _)| k).collect();
        assert!(keys.contains(&"dr".to_string()) && keys.contains(&"dra".to_string()));
        assert!(keys.iter().any(|k| k.starts_with("dro")));
        assert_eq!(shard_file("dr"), "search/t/dr.json");
        assert_eq!(shard_file("ки"), "search/t/_d0bad0b8.json");
    }

    #[test]
    fn snippets_start_at_a_word_and_mark_cuts() {
        let text = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen";
        let s = snippet(text, text.find("twelve").unwrap());
        assert!(s.starts_with('…') && s.contains("twelve"));
        let first = s.trim_start_matches('…').split(' ').next().unwrap();
        assert!(text.split(' ').any(|w| w == first), "{s}");
    }
}
