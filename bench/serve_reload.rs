//! Benchmark (not a test): the time from saving a file to the reload event
//! `sitrep serve` sends open pages, on a large site.
//!
//! ```text
//! python3 /work/shared/bench/gen_corpus.py --engine sitrep --pages 10000 --out /tmp/bench-serve/site
//! cargo build --release
//! cargo run --release --example serve_reload -- /tmp/bench-serve/site [RUNS]
//! ```
//!
//! It starts `target/release/sitrep serve` on the site (SITREP overrides the
//! binary), listens on the event stream like a browser tab, then saves one
//! article RUNS times (write beside, rename over, as editors do) and times
//! each save to its `reload` event; then the same for a template. Prints the
//! median, minimum and maximum of each, and of the search index's share of
//! each rebuild (the `search` step the server prints: re-indexing the
//! saved, added or removed article). The site is left as it was found.

#[path = "middle.rs"]
mod middle;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().expect("usage: serve_reload SITE_DIR [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(20, |r| r.parse().expect("RUNS is a number"));
    let binary = std::env::var("SITREP").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/sitrep").to_string()
    });

    let started = Instant::now();
    let mut server = Server::start(&binary, &site);
    println!(
        "serving {} on port {} (first build and start: {:.2} s)",
        site.display(),
        server.port,
        started.elapsed().as_secs_f64()
    );
    let mut events = Events::open(server.port);

    // The article: one in the middle of the site.
    let (article, original, articles) = middle::middle_article(&site);
    let article_times = time_saves(&mut events, &server, runs, |i| {
        save(
            &article,
            &format!("{original}\nEdited for the benchmark, run {i}.\n"),
        );
    });
    eprintln!();
    save(&article, &original);
    events.wait_for("event: reload");

    // Templates: overrides of the built-in article template (10,000 files
    // use it) and day template (one a day).
    let had_templates = site.join("templates").exists();
    let mut template_times: Vec<(&str, Vec<Timed>)> = Vec::new();
    for name in ["article.html", "day.html"] {
        let template = site.join("templates").join(name);
        let builtin = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default/templates")
                .join(name),
        )
        .expect("read a built-in template");
        // Same text as the built-in one: nothing to render yet.
        save(&template, &builtin);
        let times = time_saves(&mut events, &server, runs.min(5), |i| {
            let marked = format!("{{% block main %}}<!-- run {i} -->");
            save(&template, &builtin.replacen("{% block main %}", &marked, 1));
        });
        eprintln!();
        let _ = std::fs::remove_file(&template);
        events.wait_for("event: reload");
        template_times.push((name, times));
    }
    if !had_templates {
        let _ = std::fs::remove_dir_all(site.join("templates"));
    }

    // Adding and deleting an article: a new file in the middle day's folder.
    let day_dir = article
        .parent()
        .expect("an article has a folder")
        .to_path_buf();
    let added = day_dir.join("bench-added.md");
    let date = original
        .lines()
        .find_map(|l| l.strip_prefix("date:"))
        .map(|d| d.trim().trim_matches('"').to_string())
        .expect("the article has a date");
    let new_article = |i: usize| {
        format!(
            "---\ntitle: Added for the benchmark {i}\ndate: {date}\nsource: Bench Desk\n---\nA report added while the preview is open.\n"
        )
    };
    let mut add_times = Vec::new();
    let mut delete_times = Vec::new();
    for i in 0..runs.min(9) {
        add_times.extend(time_saves(&mut events, &server, 1, |_| {
            save(&added, &new_article(i))
        }));
        delete_times.extend(time_saves(&mut events, &server, 1, |_| {
            std::fs::remove_file(&added).expect("remove the added article")
        }));
    }
    eprintln!();

    // An import: 20 new files written at once; one reload is expected.
    let mut burst_times = Vec::new();
    let mut burst_reloads = Vec::new();
    for run in 0..runs.min(5) {
        let files: Vec<PathBuf> = (0..20)
            .map(|k| day_dir.join(format!("bench-import-{k}.md")))
            .collect();
        std::thread::sleep(Duration::from_millis(150));
        events.drain();
        let t0 = Instant::now();
        for (k, f) in files.iter().enumerate() {
            save(f, &new_article(run * 100 + k));
        }
        events.wait_for("event: reload");
        burst_times.push(Timed {
            total: t0.elapsed(),
            search: None,
        });
        // Any further reload within a second means the burst took two rebuilds.
        burst_reloads.push(1 + events.count_within("event: reload", Duration::from_secs(1)));
        for f in &files {
            let _ = std::fs::remove_file(f);
        }
        events.wait_for("event: reload");
    }
    // Read once the server is idle again, as it sits between saves: after
    // its last rebuild it hands freed memory back.
    std::thread::sleep(Duration::from_millis(500));
    let rss = server.memory();

    println!("\nsave → reload event, {} articles:", articles);
    report("one article", &article_times);
    report("add one article", &add_times);
    report("delete one article", &delete_times);
    report("20 new files at once", &burst_times);
    println!("  reloads per 20-file burst: {burst_reloads:?}");
    if let Some((now, peak)) = rss {
        println!("  server memory: resident {now} MB, peak {peak} MB");
    }
    for (name, times) in &template_times {
        report(&format!("template {name}"), times);
    }
    server.stop();
    println!("\nthe server's last lines:\n{}", server.log_tail(14));
}

/// One save: to its reload event, and the server's `search` step.
struct Timed {
    total: Duration,
    search: Option<f64>,
}

/// Saves `runs` times, timing each save to the next reload event.
fn time_saves(
    events: &mut Events,
    server: &Server,
    runs: usize,
    mut save_run: impl FnMut(usize),
) -> Vec<Timed> {
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        std::thread::sleep(Duration::from_millis(150));
        events.drain();
        let lines = server.log_len();
        let t0 = Instant::now();
        save_run(i);
        events.wait_for("event: reload");
        let total = t0.elapsed();
        let search = server.search_ms_since(lines);
        eprint!("{:.0} ms  ", total.as_secs_f64() * 1000.0);
        times.push(Timed { total, search });
    }
    times
}

fn report(what: &str, times: &[Timed]) {
    let stats = |mut ms: Vec<f64>| {
        ms.sort_by(f64::total_cmp);
        (ms[ms.len() / 2], ms[0], ms[ms.len() - 1])
    };
    let (med, min, max) = stats(
        times
            .iter()
            .map(|t| t.total.as_secs_f64() * 1000.0)
            .collect(),
    );
    print!(
        "  {what:<22} median {med:7.1} ms   min {min:7.1} ms   max {max:7.1} ms   ({} runs)",
        times.len()
    );
    let search: Vec<f64> = times.iter().filter_map(|t| t.search).collect();
    if search.is_empty() {
        println!();
    } else {
        let (med, min, max) = stats(search);
        println!("   search index: median {med:.1} ms, min {min:.1}, max {max:.1}");
    }
}

/// Writes beside the file and renames over it, as editors save.
fn save(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let tmp = path.with_extension("bench-tmp~");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

struct Server {
    child: Child,
    port: u16,
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    fn start(binary: &str, site: &Path) -> Server {
        let mut child = Command::new(binary)
            .args(["serve", "--port", "0", "--root"])
            .arg(site)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let port = loop {
            let line = lines
                .next()
                .expect("the server exited before printing its port")
                .unwrap();
            if let Some(rest) = line.split("http://").nth(1) {
                let host = rest.split('/').next().unwrap();
                break host.rsplit(':').next().unwrap().parse().unwrap();
            }
        };
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Server { child, port, log }
    }

    fn log_len(&self) -> usize {
        self.log.lock().unwrap().len()
    }

    /// The `search` step of the first rebuild line the server printed after
    /// line `from` (waiting a little for it: it follows the reload event).
    fn search_ms_since(&self, from: usize) -> Option<f64> {
        let end = Instant::now() + Duration::from_secs(2);
        while Instant::now() < end {
            let log = self.log.lock().unwrap();
            let found = log.get(from..).unwrap_or_default().iter().find_map(|l| {
                let steps = l.rsplit_once(" (")?.1;
                let at = steps.find("search ")? + "search ".len();
                steps[at..].split([',', ' ']).next()?.parse::<f64>().ok()
            });
            drop(log);
            if found.is_some() {
                return found;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    fn log_tail(&self, n: usize) -> String {
        let log = self.log.lock().unwrap();
        log[log.len().saturating_sub(n)..].join("\n")
    }

    /// Resident and peak resident memory in MB (Linux `/proc`).
    fn memory(&self) -> Option<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let kb = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))?
                .split_whitespace()
                .next()?
                .parse::<u64>()
                .ok()
        };
        Some((kb("VmRSS:")? / 1024, kb("VmHWM:")? / 1024))
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser tab's event stream.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__sitrep/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        let mut e = Events {
            stream,
            seen: String::new(),
        };
        e.wait_for("event: fixed");
        e
    }

    /// Reads until `needle` arrives, and forgets everything up to it.
    fn wait_for(&mut self, needle: &str) {
        self.stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        let mut buf = [0u8; 65536];
        while !self.seen.contains(needle) {
            let n = self
                .stream
                .read(&mut buf)
                .expect("the event stream stalled");
            assert!(n > 0, "the event stream closed");
            self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        let at = self.seen.find(needle).unwrap() + needle.len();
        self.seen.drain(..at);
    }

    /// How many times `needle` arrives within `window` (then forgotten).
    fn count_within(&mut self, needle: &str, window: Duration) -> usize {
        let end = Instant::now() + window;
        let mut buf = [0u8; 65536];
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            self.stream
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .unwrap();
            match self.stream.read(&mut buf) {
                Ok(n) if n > 0 => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                _ => break,
            }
        }
        let n = self.seen.matches(needle).count();
        self.seen.clear();
        n
    }

    /// Forgets whatever has arrived so far.
    fn drain(&mut self) {
        self.stream
            .set_read_timeout(Some(Duration::from_millis(1)))
            .unwrap();
        let mut buf = [0u8; 65536];
        while let Ok(n) = self.stream.read(&mut buf) {
            if n == 0 {
                break;
            }
        }
        self.seen.clear();
    }
}
