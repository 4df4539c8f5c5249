//! Benchmark (not a test): the rebuild steps of `sitrep serve` in one
//! process, without the watcher or HTTP, for profiling (`perf record`).
//!
//! ```text
//! cargo run --release --example serve_steps -- SITE_DIR [RUNS]
//! ```
//!
//! Loads the site as `serve` does, then RUNS times each: edits an article
//! in place, adds one, deletes it, adds 20 at once and deletes them, and
//! saves an `article.html` override; prints each rebuild's steps (read,
//! plan, render, search, store) as medians, and the CPU time the process
//! spent on it (all threads; steadier than wall time on a busy machine).
//! The site is left as it was found.

#[path = "middle.rs"]
mod middle;
#[path = "open_live.rs"]
mod open_live;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sitrep::serve::incremental::{LiveSite, Rebuild};
use sitrep::serve::watch::Change;

/// User and system CPU time of this process so far, all threads (Unix).
fn cpu_time() -> Duration {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return Duration::ZERO;
        }
        let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
        Duration::from_micros(micros(usage.ru_utime) + micros(usage.ru_stime))
    }
    #[cfg(not(unix))]
    Duration::ZERO
}

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().expect("usage: serve_steps SITE_DIR [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(5, |r| r.parse().expect("RUNS is a number"));
    let (mut live, root) = open_live::open_live(&site);

    let (article, original, _) = middle::middle_article(&root);
    let date = original
        .lines()
        .find_map(|l| l.strip_prefix("date:"))
        .map(|d| d.trim().trim_matches('"').to_string())
        .expect("the article has a date");
    let day_dir = article.parent().expect("a folder").to_path_buf();
    let new_article = |i: usize| {
        format!(
            "---\ntitle: Added for the benchmark {i}\ndate: {date}\nsource: Bench Desk\n---\nA report added while the preview is open.\n"
        )
    };
    let apply = |live: &mut LiveSite, paths: &[PathBuf]| -> Rebuild {
        let mut c = Change::default();
        for p in paths {
            c.add_path(&root, p);
        }
        let before = cpu_time();
        let mut r = live.apply(&c);
        // Kept as a last step, which the rows below print apart.
        r.steps.push(("cpu", cpu_time().saturating_sub(before)));
        assert!(live.problems().0.is_empty(), "{}", live.problems());
        r
    };

    let mut rows: Vec<(&str, Vec<Rebuild>)> = Vec::new();
    let mut edits = Vec::new();
    for i in 0..runs {
        std::fs::write(&article, format!("{original}\nEdited, run {i}.\n")).unwrap();
        edits.push(apply(&mut live, std::slice::from_ref(&article)));
    }
    std::fs::write(&article, &original).unwrap();
    apply(&mut live, std::slice::from_ref(&article));
    rows.push(("edit", edits));

    let added = day_dir.join("bench-added.md");
    let (mut adds, mut deletes) = (Vec::new(), Vec::new());
    for i in 0..runs {
        std::fs::write(&added, new_article(i)).unwrap();
        adds.push(apply(&mut live, std::slice::from_ref(&added)));
        std::fs::remove_file(&added).unwrap();
        deletes.push(apply(&mut live, std::slice::from_ref(&added)));
    }
    rows.push(("add", adds));
    rows.push(("delete", deletes));

    let (mut bursts, mut unbursts) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let files: Vec<PathBuf> = (0..20)
            .map(|k| day_dir.join(format!("bench-import-{k}.md")))
            .collect();
        for (k, f) in files.iter().enumerate() {
            std::fs::write(f, new_article(run * 100 + k)).unwrap();
        }
        bursts.push(apply(&mut live, &files));
        for f in &files {
            std::fs::remove_file(f).unwrap();
        }
        unbursts.push(apply(&mut live, &files));
    }
    rows.push(("add 20", bursts));
    rows.push(("delete 20", unbursts));

    let templates = root.join("templates");
    let had_templates = templates.exists();
    let template = templates.join("article.html");
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/article.html"),
    )
    .expect("read the built-in template");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(&template, &builtin).unwrap();
    apply(&mut live, std::slice::from_ref(&template));
    let mut saves = Vec::new();
    for i in 0..runs.min(3) {
        let marked = format!("{{% block main %}}<!-- run {i} -->");
        std::fs::write(&template, builtin.replacen("{% block main %}", &marked, 1)).unwrap();
        saves.push(apply(&mut live, std::slice::from_ref(&template)));
    }
    std::fs::remove_file(&template).unwrap();
    apply(&mut live, std::slice::from_ref(&template));
    if !had_templates {
        let _ = std::fs::remove_dir_all(&templates);
    }
    rows.push(("template article.html", saves));

    for (name, reports) in &rows {
        let median = |mut v: Vec<Duration>| {
            v.sort();
            v[v.len() / 2].as_secs_f64() * 1000.0
        };
        let total = median(reports.iter().map(|r| r.elapsed).collect());
        let steps: Vec<String> = reports[0]
            .steps
            .iter()
            .enumerate()
            .map(|(k, (step, _))| {
                let t = median(
                    reports
                        .iter()
                        .filter_map(|r| Some(r.steps.get(k)?.1))
                        .collect(),
                );
                format!("{step} {t:.1}")
            })
            .collect();
        let files: usize = reports[0].rendered.values().sum();
        println!(
            "{name:<22} median {total:6.1} ms  ({}; {files} files rendered)",
            steps.join(", ")
        );
    }
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status
            .lines()
            .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        {
            println!("{line}");
        }
    }
}
