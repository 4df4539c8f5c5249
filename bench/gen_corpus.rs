//! Benchmark corpus: N synthetic digest articles with the front matter of
//! DESIGN.md, deterministic from a seed.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- N DIR [SEED]
//! ```
//!
//! Writes `DIR/site.yaml` and `DIR/content/YYYY/MM/SLUG.md`. Each article has
//! 300–900 words: paragraphs, a subheading, a list, a link and a blockquote,
//! and about 5 % of them a fenced code block. Dates cover two years; each
//! article has one or two of eight topics, two to five of 200 tags, one of 15
//! sources. All text is assembled here from small word lists, so the same
//! (N, SEED) always gives byte-identical files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.range(0, list.len() - 1)]
    }
}

const TOPICS: [(&str, &str, &str); 8] = [
    (
        "baltic-incidents",
        "Baltic incidents",
        "Cables, tankers and airspace around the Baltic Sea.",
    ),
    (
        "north-korean-troops",
        "North Korean troops",
        "Soldiers and shells sent from Pyongyang.",
    ),
    (
        "drone-strikes",
        "Drone strikes",
        "Long-range drone attacks and their tallies.",
    ),
    ("frontline", "Frontline", "Ground fighting along the front."),
    (
        "military-aid",
        "Military aid",
        "Weapons and money from partners.",
    ),
    ("diplomacy", "Diplomacy", "Talks, sanctions and summits."),
    ("energy", "Energy", "Grids, gas and the war on power."),
    (
        "air-incidents",
        "Air incidents",
        "Crashes, intercepts and airspace violations.",
    ),
];

const SOURCES: [&str; 15] = [
    "Harbour Gazette",
    "Northern Wire",
    "Eastern Courier",
    "Plain Dispatch",
    "The Morning Ledger",
    "River Post",
    "Coastal Bulletin",
    "Frontier Times",
    "The Evening Signal",
    "Capital Observer",
    "Steppe Review",
    "Lakeside Herald",
    "Border Monitor",
    "The Weekly Compass",
    "Field Notes Daily",
];

const PLACES: [&str; 30] = [
    "Kyiv",
    "Kharkiv",
    "Odesa",
    "Dnipro",
    "Sumy",
    "Poltava",
    "Lviv",
    "Kherson",
    "Mykolaiv",
    "Chernihiv",
    "Pokrovsk",
    "Kupiansk",
    "Kramatorsk",
    "Zaporizhzhia",
    "Kursk",
    "Belgorod",
    "Bryansk",
    "Tallinn",
    "Helsinki",
    "Riga",
    "Vilnius",
    "Gdansk",
    "Kaliningrad",
    "Gotland",
    "Narva",
    "Moscow",
    "Brussels",
    "Warsaw",
    "Geneva",
    "Pyongyang",
];

const SUBJECTS: [&str; 12] = [
    "The regional administration",
    "A duty officer",
    "Volunteers in {place}",
    "The city council of {place}",
    "Rail operators",
    "A harbour master",
    "Two independent monitors",
    "The district prosecutor",
    "Firefighters in {place}",
    "A coalition of aid groups",
    "Weather forecasters",
    "Grid engineers",
];

const VERBS: [&str; 8] = [
    "stated",
    "announced",
    "estimated",
    "cautioned",
    "wrote",
    "explained",
    "reckoned",
    "posted",
];

const CLAUSES: [&str; 12] = [
    "that {n} interceptors were used before sunrise over {place}",
    "that the {infra} would stay closed for {n} days",
    "that convoys reached {place} after a delay of {n} hours",
    "that night shifts at the {infra} had been doubled",
    "that {n} families were given temporary rooms in {place}",
    "that the {infra} outside {place} was struck twice",
    "that a second inspection of the {infra} found no leak",
    "that sirens in {place} lasted for {n} minutes",
    "that ferry traffic near {place} resumed at noon",
    "that {n} crews were sent to restore the {infra}",
    "that a talks round in {place} ended without a statement",
    "that supplies for the {infra} arrived by road",
];

const AFTERWORDS: [&str; 8] = [
    "Nobody was hurt, according to the first reports.",
    "Shops in {place} reopened by the afternoon.",
    "The figures could not be checked on the spot.",
    "Trains to {place} ran with delays of up to {n} minutes.",
    "A fuller account is expected by the end of the week.",
    "Several windows were broken in nearby blocks.",
    "Heating was back in most districts of {place} by evening.",
    "Schools in {place} moved lessons online for {n} days.",
];

const INFRA: [&str; 8] = [
    "substation",
    "grain terminal",
    "pumping station",
    "rail depot",
    "fuel store",
    "radar post",
    "river crossing",
    "data centre",
];

const HEADINGS: [&str; 6] = [
    "What is known",
    "Earlier reports",
    "Reactions",
    "The damage",
    "Next steps",
    "Context",
];

const TITLES: [&str; 8] = [
    "{n} drones reported over {place}",
    "{infra} near {place} hit overnight",
    "Repairs under way in {place}",
    "Talks resume in {place}",
    "Convoy reaches {place} after {n} hours",
    "Sirens sound across {place}",
    "Inspectors visit {infra} in {place}",
    "New deliveries announced for {place}",
];

const NAMES: [&str; 10] = [
    "Ilona Marsh",
    "Pavel Green",
    "Dana Reiter",
    "Owen Saar",
    "Mila Kiviranta",
    "Tarik Holm",
    "Vera Linde",
    "Jon Ashby",
    "Rasa Vaitkus",
    "Emil Novak",
];

/// ~200 tags: each place alone and with one of six themes.
fn tags() -> Vec<String> {
    let themes = ["drones", "power", "shelling", "evacuation", "rail", "talks"];
    let mut tags: Vec<String> = PLACES.iter().map(|p| slug(p)).collect();
    for p in PLACES {
        for t in themes {
            tags.push(format!("{}-{t}", slug(p)));
        }
    }
    tags.truncate(200);
    tags
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn fill(rng: &mut Rng, template: &str) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('}').unwrap_or(0);
        match &rest[start + 1..end] {
            "place" => out.push_str(rng.pick(&PLACES)),
            "infra" => out.push_str(rng.pick(&INFRA)),
            "n" => {
                let _ = write!(out, "{}", rng.range(2, 95));
            }
            other => out.push_str(other),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// One template of `list`, filled.
fn fill_one(rng: &mut Rng, list: &[&str]) -> String {
    let template = rng.pick(list);
    fill(rng, template)
}

fn sentence(rng: &mut Rng) -> String {
    let mut s = format!(
        "{} {} {}.",
        fill_one(rng, &SUBJECTS),
        rng.pick(&VERBS),
        fill_one(rng, &CLAUSES)
    );
    if rng.chance(35) {
        s.push(' ');
        s.push_str(&fill_one(rng, &AFTERWORDS));
    }
    s
}

fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| sentence(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn body(rng: &mut Rng, source: &str, slug: &str) -> String {
    let target = rng.range(300, 860);
    let mut blocks = vec![
        paragraph(rng, 2),
        format!(
            "{} The story was first told by [{source}](https://news.example.net/{}/{slug}).",
            paragraph(rng, 2),
            self::slug(source)
        ),
        format!("> {} — {}", sentence(rng), rng.pick(&NAMES)),
        format!("## {}", rng.pick(&HEADINGS)),
        (0..rng.range(3, 5))
            .map(|_| format!("- {}", fill_one(rng, &AFTERWORDS)))
            .collect::<Vec<_>>()
            .join("\n"),
    ];
    if rng.chance(5) {
        let (launched, downed) = (rng.range(10, 120), rng.range(5, 90));
        let place = rng.pick(&PLACES);
        let code = if rng.chance(50) {
            format!(
                "```json\n{{\n  \"launched\": {launched},\n  \"downed\": {downed},\n  \"region\": \"{place}\"\n}}\n```"
            )
        } else {
            format!("```yaml\nlaunched: {launched}\ndowned: {downed}\nregion: {place}\n```")
        };
        blocks.push(format!("The tally as published:\n\n{code}"));
    }
    while blocks.iter().map(|b| words(b)).sum::<usize>() < target {
        let k = rng.range(2, 4);
        let mut p = paragraph(rng, k);
        let so_far: usize = blocks.iter().map(|b| words(b)).sum();
        if so_far + words(&p) > 900 {
            p = paragraph(rng, 1); // at most ~35 words: stays under 900
        }
        blocks.push(p);
    }
    blocks.join("\n\n") + "\n"
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn timestamp(secs: i64) -> String {
    let (y, m, d) = civil(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

fn site_yaml() -> String {
    let mut s = String::from(
        "title: Benchmark Digest\ndescription: A synthetic digest for benchmarks.\nbase_url: https://bench.example.org/\nlanguage: en\ntimezone: UTC\npaginate_by: 20\ntopics:\n",
    );
    for (slug, name, description) in TOPICS {
        let _ = writeln!(
            s,
            "  - slug: {slug}\n    name: {name}\n    description: {description}"
        );
    }
    s
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: gen_corpus N DIR [SEED]");
        std::process::exit(2);
    };
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = PathBuf::from(dir);
    generate(n, &dir, seed)?;
    println!("{n} articles in {}", dir.display());
    Ok(())
}

fn generate(n: usize, dir: &Path, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng(seed);
    let tags = tags();
    std::fs::create_dir_all(dir.join("content"))?;
    std::fs::write(dir.join("site.yaml"), site_yaml())?;
    // 2023-11-01T00:00:00Z, and two years after it.
    let start: i64 = 1_698_796_800;
    let span: i64 = 730 * 86_400;
    let mut used = std::collections::HashSet::new();
    for i in 0..n {
        let at = start + (rng.next() % span as u64) as i64;
        let title = fill_one(&mut rng, &TITLES);
        let mut title = title[..1].to_uppercase() + &title[1..];
        let mut name = slug(&title);
        if !used.insert(name.clone()) {
            title = format!("{title} ({})", i + 1);
            name = format!("{name}-{}", i + 1);
            used.insert(name.clone());
        }
        let first = rng.range(0, TOPICS.len() - 1);
        let mut topics = vec![TOPICS[first].0.to_string()];
        if rng.chance(35) {
            let second = (first + rng.range(1, TOPICS.len() - 1)) % TOPICS.len();
            topics.push(TOPICS[second].0.to_string());
        }
        let mut chosen: Vec<String> = Vec::new();
        let want = rng.range(2, 5);
        while chosen.len() < want {
            // Skewed: a few tags are common, most are rare.
            let k = (rng.range(0, 199) * rng.range(0, 199)) / 199;
            let t = tags[k].clone();
            if !chosen.contains(&t) {
                chosen.push(t);
            }
        }
        chosen.sort();
        let mut places: Vec<String> = (0..rng.range(1, 3))
            .map(|_| rng.pick(&PLACES).to_string())
            .collect();
        places.sort();
        places.dedup();
        let source = rng.pick(&SOURCES);
        let mut fm = format!("---\ntitle: {}\ndate: {}\n", quoted(&title), timestamp(at));
        if rng.chance(20) {
            let _ = writeln!(
                fm,
                "updated: {}",
                timestamp(at + rng.range(600, 36_000) as i64)
            );
        }
        let _ = writeln!(fm, "source: {source}");
        let _ = writeln!(
            fm,
            "source_url: https://news.example.net/{}/{name}",
            slug(source)
        );
        if rng.chance(70) {
            let _ = writeln!(fm, "author: {}", rng.pick(&NAMES));
        }
        let _ = writeln!(fm, "topics: {}", list(&topics));
        let _ = writeln!(fm, "tags: {}", list(&chosen));
        let _ = writeln!(fm, "places: {}", list(&places));
        let summary = sentence(&mut rng);
        let _ = writeln!(fm, "summary: {}", quoted(&summary));
        if rng.chance(10) {
            let _ = writeln!(fm, "story: {}-{}", slug(&places[0]), at / (3 * 86_400));
        }
        if rng.chance(10) {
            let _ = writeln!(
                fm,
                "figures:\n  drones: {{ launched: {}, downed: {}, side: russia }}",
                rng.range(20, 120),
                rng.range(5, 90)
            );
        }
        fm.push_str("draft: false\n---\n");
        let text = fm + &body(&mut rng, source, &name);
        let (y, m, _) = civil(at.div_euclid(86_400));
        let folder = dir.join("content").join(format!("{y:04}/{m:02}"));
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join(format!("{name}.md")), text)?;
    }
    Ok(())
}
