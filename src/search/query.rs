//! A reader of the written index that answers queries the way the theme's
//! `search.js` does: the same query language, matching, filters and order.
//! The tests use it to check the files `sitrep build` writes; it reads them
//! through a function, so they can come from disk or from memory.
//!
//! Query language: words match whole and as prefixes (from three letters);
//! every word must match; `"a phrase"` matches words in order; `-word` and
//! `-"a phrase"` leave out what they match. A word of five letters or more
//! that matches nothing matches the words one typo away (a letter changed,
//! added, dropped, or two swapped). Ranking: the sum over the query's words
//! of the best weight of what each matched, ties newest first.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::files::{self, shard_file};
use super::fold;
use super::index::group_of;
use super::slots::bucket;

/// Filters and order of a search.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// A topic slug.
    pub topic: Option<String>,
    /// A source's name.
    pub source: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Newest first instead of best match first.
    pub newest: bool,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The document's place in the newest-first order.
    pub doc: u32,
    /// Relevance (0 for filters without words).
    pub score: u32,
    /// URL path of the document.
    pub path: String,
    /// Headline.
    pub title: String,
    /// The text shown under it.
    pub snippet: String,
}

/// What a search found.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// Every result, in order.
    pub hits: Vec<Hit>,
    /// Words matched one typo away from a query word.
    pub typos: Vec<String>,
    /// Results per topic slug, before the topic filter.
    pub topic_counts: BTreeMap<String, usize>,
}

enum Part {
    Word { word: String, not: bool },
    Phrase { words: Vec<String>, not: bool },
}

fn parse(q: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = q.trim_start();
    while !rest.is_empty() {
        let not = rest.starts_with('-');
        if not {
            rest = &rest[1..];
        }
        let raw;
        if let Some(r) = rest.strip_prefix('"') {
            let end = r.find('"').unwrap_or(r.len());
            raw = &r[..end];
            rest = r.get(end + 1..).unwrap_or("");
            let words = fold::fold_words(raw);
            if !words.is_empty() {
                parts.push(Part::Phrase { words, not });
            }
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            raw = &rest[..end];
            rest = &rest[end..];
            let mut words = fold::fold_words(raw);
            match words.len() {
                0 => {}
                1 => parts.push(Part::Word {
                    word: words.remove(0),
                    not,
                }),
                _ => parts.push(Part::Phrase { words, not }),
            }
        }
        rest = rest.trim_start();
    }
    parts
}

/// The snippet holding most of the `used` words (the first of equals).
fn best_snippet(snippets: Vec<String>, used: &[String]) -> String {
    let hits = |s: &String| {
        fold::fold_words(s)
            .iter()
            .filter(|w| used.contains(w))
            .count()
    };
    let mut best: Option<(usize, String)> = None;
    for s in snippets {
        let n = hits(&s);
        if best.as_ref().is_none_or(|(m, _)| n > *m) {
            best = Some((n, s));
        }
    }
    best.map(|(_, s)| s).unwrap_or_default()
}

/// True when `a` and `b` are one edit apart (change, insert, delete, swap).
pub fn one_typo(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => {
            a[p + 1..] == b[p + 1..]
                || (p + 1 < a.len()
                    && a[p] == b[p + 1]
                    && a[p + 1] == b[p]
                    && a[p + 2..] == b[p + 2..])
        }
        std::cmp::Ordering::Less => a[p..] == b[p + 1..],
        std::cmp::Ordering::Greater => a[p + 1..] == b[p..],
    }
}

struct Shard {
    terms: BTreeMap<String, Vec<(u32, u8)>>,
    /// Document → title, path, snippets.
    rows: BTreeMap<u32, (String, String, Vec<String>)>,
}

/// The index files of one site, read on demand.
pub struct Reader<F: Fn(&str) -> Option<Vec<u8>>> {
    get: F,
    keys: Vec<String>,
    topics: Vec<String>,
    sources: Vec<String>,
    day: Vec<i32>,
    src: Vec<usize>,
    top: Vec<Vec<usize>>,
    shards: HashMap<String, Shard>,
    /// Chunk file → the strings of each of its documents.
    chunks: HashMap<String, Vec<Vec<String>>>,
    /// Document number → place in the order.
    rows: HashMap<u32, u32>,
    /// Each document's row file and place in it.
    chunk_of: Vec<(u32, usize)>,
}

fn json<F: Fn(&str) -> Option<Vec<u8>>>(get: &F, path: &str) -> Result<Value, String> {
    let bytes = get(path).ok_or_else(|| format!("{path}: missing"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{path}: {e}"))
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn nums(v: &Value) -> Vec<i64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

fn day_number(iso: &str) -> Option<i32> {
    let d: jiff::civil::Date = iso.parse().ok()?;
    d.since(jiff::civil::date(1970, 1, 1))
        .ok()
        .map(|s| s.get_days())
}

impl<F: Fn(&str) -> Option<Vec<u8>>> Reader<F> {
    /// Opens the index whose files `get` returns by output path
    /// (`search/docs.json`, …).
    pub fn open(get: F) -> Result<Self, String> {
        let meta = json(&get, "search/docs.json")?;
        let mut day = Vec::new();
        for (i, d) in nums(&meta["day"]).into_iter().enumerate() {
            let prev: i32 = day.last().copied().unwrap_or(0);
            day.push(if i == 0 { d as i32 } else { prev - d as i32 });
        }
        let pick = |v: &Value, k: usize| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.get(k).and_then(Value::as_str).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let slots = meta["slots"].as_u64().unwrap_or(1).max(1) as u32;
        let days = meta["days"].as_u64().unwrap_or(1).max(1) as u32;
        let mut rows = HashMap::new();
        let mut chunk_of = Vec::with_capacity(day.len());
        let mut filled: HashMap<u32, usize> = HashMap::new();
        for (r, (&d, slot)) in day.iter().zip(nums(&meta["slot"])).enumerate() {
            rows.insert(bucket(d) * slots + slot as u32, r as u32);
            let n = bucket(d) / days;
            let place = filled.entry(n).or_default();
            chunk_of.push((n, *place));
            *place += 1;
        }
        Ok(Reader {
            rows,
            chunk_of,
            keys: strs(&meta["keys"]),
            topics: pick(&meta["topics"], 0),
            sources: pick(&meta["sources"], 0),
            day,
            src: nums(&meta["src"]).into_iter().map(|n| n as usize).collect(),
            top: meta["top"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|t| nums(t).into_iter().map(|n| n as usize).collect())
                        .collect()
                })
                .unwrap_or_default(),
            get,
            shards: HashMap::new(),
            chunks: HashMap::new(),
        })
    }

    /// Shard files read so far, each once.
    pub fn shards_read(&self) -> usize {
        self.shards.len()
    }

    fn shard(&mut self, key: &str) -> Result<&Shard, String> {
        if !self.shards.contains_key(key) {
            let v = json(&self.get, &shard_file(key))?;
            let mut terms = BTreeMap::new();
            for t in v["t"].as_array().into_iter().flatten() {
                let term = t[0].as_str().unwrap_or("").to_string();
                // Numbers as places in the order (an unknown number is dropped).
                let mut doc = 0u32;
                let docs: Vec<Option<u32>> = nums(&t[1])
                    .into_iter()
                    .map(|d| {
                        doc = doc.wrapping_add(d as u32);
                        self.rows.get(&doc).copied()
                    })
                    .collect();
                let weights = t[2].as_str().unwrap_or("").bytes().map(|b| b - b'a' + 1);
                let mut list: Vec<(u32, u8)> = docs
                    .into_iter()
                    .zip(weights)
                    .filter_map(|(d, w)| Some((d?, w)))
                    .collect();
                list.sort_unstable();
                terms.insert(term, list);
            }
            let mut rows = BTreeMap::new();
            for r in v["r"].as_array().into_iter().flatten() {
                let s = |k: usize| r[k].as_str().unwrap_or("").to_string();
                let id = r[0].as_u64().unwrap_or(0) as u32;
                if let Some(&row) = self.rows.get(&id) {
                    rows.insert(row, (s(1), s(2), strs(&r[3])));
                }
            }
            self.shards.insert(key.to_string(), Shard { terms, rows });
        }
        Ok(&self.shards[key])
    }

    /// The shard keys that can hold `word` (and, with `prefix`, the words
    /// it begins).
    fn keys_for(&self, word: &str, prefix: bool) -> Vec<String> {
        let mut keys: Vec<String> = self
            .keys
            .iter()
            .filter(|k| word.starts_with(k.as_str()))
            .max_by_key(|k| k.len())
            .cloned()
            .into_iter()
            .collect();
        if prefix {
            keys.extend(
                self.keys
                    .iter()
                    .filter(|k| k.len() > word.len() && k.starts_with(word))
                    .cloned(),
            );
        }
        keys
    }

    /// Documents matching one word, with the best weight of each; the
    /// words it matched go into `used`, those one typo away into `typos` too.
    fn word(
        &mut self,
        word: &str,
        typos: &mut Vec<String>,
        used: &mut Vec<String>,
        forgive: bool,
    ) -> Result<BTreeMap<u32, u8>, String> {
        let prefix = word.chars().count() >= 3;
        let mut found: BTreeMap<u32, u8> = BTreeMap::new();
        for key in self.keys_for(word, prefix) {
            let shard = self.shard(&key)?;
            for (term, list) in shard.terms.range(word.to_string()..) {
                if !term.starts_with(word) {
                    break;
                }
                if term != word && !prefix {
                    continue;
                }
                used.push(term.clone());
                for &(d, w) in list {
                    let e = found.entry(d).or_insert(0);
                    *e = (*e).max(w);
                }
            }
        }
        if found.is_empty() && forgive && word.chars().count() >= 5 {
            let group = group_of(word).to_string();
            let keys: Vec<String> = self
                .keys
                .iter()
                .filter(|k| k.starts_with(&group))
                .cloned()
                .collect();
            for key in keys {
                let shard = self.shard(&key)?;
                for (term, list) in &shard.terms {
                    if one_typo(word, term) {
                        typos.push(term.clone());
                        used.push(term.clone());
                        for &(d, w) in list {
                            let e = found.entry(d).or_insert(0);
                            *e = (*e).max(w);
                        }
                    }
                }
            }
        }
        Ok(found)
    }

    /// The row file and place in it of `doc`.
    fn chunk(&self, doc: u32) -> (u32, usize) {
        self.chunk_of
            .get(doc as usize)
            .copied()
            .unwrap_or((u32::MAX, 0))
    }

    /// The strings stored for `doc` in the chunked JSON folder `dir` (`d`).
    fn fields(&mut self, dir: &str, doc: u32) -> Result<Vec<String>, String> {
        let (n, place) = self.chunk(doc);
        let path = format!("search/{dir}/{n}.json");
        if !self.chunks.contains_key(&path) {
            let v = json(&self.get, &path)?;
            let list = v.as_array().into_iter().flatten().map(strs).collect();
            self.chunks.insert(path.clone(), list);
        }
        Ok(self.chunks[&path].get(place).cloned().unwrap_or_default())
    }

    /// The summary and body text of a document, from the `x/` files.
    fn text(&mut self, doc: u32) -> Result<(String, String), String> {
        let (n, place) = self.chunk(doc);
        let path = format!("search/x/{n}.txt");
        if !self.chunks.contains_key(&path) {
            let bytes = (self.get)(&path).ok_or_else(|| format!("{path}: missing"))?;
            let text = String::from_utf8(bytes).map_err(|e| format!("{path}: {e}"))?;
            let list = text
                .split_terminator(files::RECORD)
                .map(|d| d.splitn(2, files::UNIT).map(str::to_string).collect())
                .collect();
            self.chunks.insert(path.clone(), list);
        }
        let mut f = self.chunks[&path]
            .get(place)
            .cloned()
            .unwrap_or_default()
            .into_iter();
        Ok((f.next().unwrap_or_default(), f.next().unwrap_or_default()))
    }

    /// The row (title, path, lead) of a document, from the `d/` files.
    fn row(&mut self, doc: u32) -> Result<(String, String, String), String> {
        let mut f = self.fields("d", doc)?.into_iter();
        let mut next = || f.next().unwrap_or_default();
        Ok((next(), next(), next()))
    }

    /// Documents holding `words` in this order within one field.
    fn phrase(&mut self, words: &[String]) -> Result<BTreeMap<u32, u8>, String> {
        let mut sets: Vec<BTreeMap<u32, u8>> = Vec::new();
        for w in words {
            // Phrase words match exactly: no prefixes, no typos.
            let mut exact = BTreeMap::new();
            for key in self.keys_for(w, false) {
                if let Some(list) = self.shard(&key)?.terms.get(w) {
                    exact.extend(list.iter().copied());
                }
            }
            sets.push(exact);
        }
        let mut candidates: BTreeMap<u32, u8> = sets.first().cloned().unwrap_or_default();
        for s in &sets[1..] {
            candidates = candidates
                .into_iter()
                .filter_map(|(d, w)| s.get(&d).map(|x| (d, w.saturating_add(*x))))
                .collect();
        }
        let mut out = BTreeMap::new();
        for (d, w) in candidates {
            let (summary, text) = self.text(d)?;
            let title = self.row(d)?.0;
            let holds = [title, summary, text].iter().any(|f| {
                fold::fold_words(f)
                    .windows(words.len())
                    .any(|win| win == words)
            });
            if holds {
                out.insert(d, w);
            }
        }
        Ok(out)
    }

    /// Answers `q` with `filters`.
    pub fn search(&mut self, q: &str, filters: &Filters) -> Result<Answer, String> {
        let parts = parse(q);
        let mut answer = Answer::default();
        let mut scored: Option<BTreeMap<u32, u32>> = None;
        let mut excluded: BTreeSet<u32> = BTreeSet::new();
        // The words matched, for choosing snippets (not those left out).
        let mut used: Vec<String> = Vec::new();
        for part in &parts {
            let mut matched = Vec::new();
            let (docs, not) = match part {
                Part::Word { word, not } => (
                    self.word(word, &mut answer.typos, &mut matched, !*not)?,
                    *not,
                ),
                Part::Phrase { words, not } => {
                    matched.extend(words.iter().cloned());
                    (self.phrase(words)?, *not)
                }
            };
            if !not {
                used.extend(matched);
            }
            if not {
                excluded.extend(docs.keys());
                continue;
            }
            scored = Some(match scored {
                None => docs.into_iter().map(|(d, w)| (d, u32::from(w))).collect(),
                Some(s) => s
                    .into_iter()
                    .filter_map(|(d, sc)| docs.get(&d).map(|w| (d, sc + u32::from(*w))))
                    .collect(),
            });
        }
        let all = || (0..self.day.len() as u32).map(|d| (d, 0)).collect();
        let mut scored: BTreeMap<u32, u32> = match scored {
            Some(s) => s,
            None if parts.is_empty()
                && filters.topic.is_none()
                && filters.source.is_none()
                && filters.from.is_none()
                && filters.to.is_none() =>
            {
                BTreeMap::new()
            }
            None => all(),
        };
        scored.retain(|d, _| !excluded.contains(d));
        let source = filters.source.as_ref().map(|s| {
            self.sources
                .iter()
                .position(|x| x == s)
                .map_or(usize::MAX, |k| k + 1)
        });
        let from = filters.from.as_deref().and_then(day_number);
        let to = filters.to.as_deref().and_then(day_number);
        scored.retain(|&d, _| {
            let d = d as usize;
            source.is_none_or(|s| self.src.get(d) == Some(&s))
                && from.is_none_or(|f| self.day[d] >= f)
                && to.is_none_or(|t| self.day[d] <= t)
        });
        for &d in scored.keys() {
            for &t in &self.top[d as usize] {
                *answer
                    .topic_counts
                    .entry(self.topics[t].clone())
                    .or_default() += 1;
            }
        }
        if let Some(slug) = &filters.topic {
            let t = self.topics.iter().position(|x| x == slug);
            scored.retain(|&d, _| t.is_some_and(|t| self.top[d as usize].contains(&t)));
        }
        let mut order: Vec<(u32, u32)> = scored.into_iter().collect();
        if !filters.newest {
            order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        let mut keys: Vec<String> = self.shards.keys().cloned().collect();
        keys.sort();
        for (doc, score) in order {
            let from_shard = keys
                .iter()
                .find_map(|k| self.shards[k].rows.get(&doc).cloned());
            let (title, path, snippets) = match from_shard {
                Some(r) => r,
                None => {
                    let (title, path, lead) = self.row(doc)?;
                    (title, path, vec![lead])
                }
            };
            let snippet = best_snippet(snippets, &used);
            answer.hits.push(Hit {
                doc,
                score,
                path,
                title,
                snippet,
            });
        }
        answer.typos.sort();
        answer.typos.dedup();
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_typo_means_one_edit() {
        assert!(one_typo("zelenskiy", "zelensky"));
        assert!(one_typo("kaliningad", "kaliningrad"));
        assert!(one_typo("drnoes", "drones"));
        assert!(one_typo("dronez", "drones"));
        assert!(!one_typo("drones", "drones"));
        assert!(!one_typo("dorens", "drones"));
        assert!(!one_typo("kyiv", "kharkiv"));
    }
}
