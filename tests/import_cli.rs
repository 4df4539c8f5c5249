//! `sitrep import` on the command line: writing, rerunning safely, keeping
//! an editor’s changes, re-importing with new rules (stale files removed,
//! stories keeping their ids), dry runs, --explain, and clear failures on bad input.

use std::path::{Path, PathBuf};

mod common;

use assert_cmd::Command;
use tempfile::TempDir;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// A site root with the repository's site.yaml.
fn site() -> TempDir {
    common::empty_site()
}

fn import(root: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::cargo_bin("sitrep")
        .unwrap()
        .arg("import")
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The front matter of a written file.
fn front(text: &str) -> sitrep::content::frontmatter::FrontMatter {
    let split = sitrep::content::frontmatter::split(text).unwrap();
    sitrep::content::frontmatter::parse(split.yaml, Path::new("x.md"), 2).unwrap()
}

/// A front matter value as a string (`date`, written as text).
fn text_of(v: &Option<serde_yaml::Value>) -> Option<&str> {
    v.as_ref().and_then(|v| v.as_str())
}

fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut v: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn rerun_changes_nothing_and_edits_are_kept() {
    let site = site();
    let src = fixtures().join("updates.txt");
    let src = src.to_str().unwrap();
    let (ok, out, err) = import(site.path(), &[src, "--date", "2025-03-03"]);
    assert!(ok, "{err}");
    assert!(out.contains("4 written"), "{out}");
    let content = site.path().join("content");
    let first = files(&content);
    assert_eq!(first.len(), 4);
    assert!(
        first
            .iter()
            .any(|(p, _)| p.ends_with("2025/03/03/russia-launched-40-drones-overnight.md"))
    );

    let (ok, out, _) = import(site.path(), &[src, "--date", "2025-03-03"]);
    assert!(
        ok && out.contains("0 written, 0 updated, 4 unchanged"),
        "{out}"
    );
    assert_eq!(files(&content), first);

    let (edited_path, text) = &first[0];
    let edited = text.replacen("\ndate:", "\nsummary: An editor's line.\ndate:", 1);
    assert_ne!(&edited, text);
    std::fs::write(edited_path, &edited).unwrap();
    let (ok, out, _) = import(site.path(), &[src, "--date", "2025-03-03"]);
    assert!(ok && out.contains("1 kept"), "{out}");
    assert!(out.contains("kept (edited since import)"), "{out}");
    assert_eq!(std::fs::read_to_string(edited_path).unwrap(), edited);
}

#[test]
fn dry_run_and_explain_write_nothing() {
    let site = site();
    let src = fixtures().join("timestamps.txt");
    let (ok, out, err) = import(
        site.path(),
        &[src.to_str().unwrap(), "--date", "2024-07-01", "--dry-run"],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("2024-07-01T09:30:00Z\tAir force: 45 of 60 drones shot down\tdrone-strikes"),
        "{out}"
    );
    assert!(out.contains("nothing written"));
    let (ok, out, _) = import(site.path(), &["--explain", src.to_str().unwrap()]);
    assert!(ok);
    assert!(out.contains("format `timestamps` (highest score)"), "{out}");
    assert!(out.contains("timestamps  1.00"), "{out}");
    // The preset is a boundary of the one segmenter, named with its runner-up.
    assert!(out.contains("preset: `timestamps`; runner-up: `"), "{out}");
    assert!(
        out.contains("boundary: a time stamp line x2, score 0.80, at lines 13, 26"),
        "{out}"
    );
    assert!(out.contains("topic drone-strikes: yes"), "{out}");
    assert!(
        out.contains("page date 2025-03-03 (line 1): ignored"),
        "{out}"
    );
    assert!(!site.path().join("content").exists());
}

#[test]
fn bad_input_gets_clear_messages_and_no_files() {
    let site = site();
    let raw = site.path().join("raw");
    std::fs::create_dir(&raw).unwrap();
    std::fs::write(raw.join("empty.txt"), "\n \n").unwrap();
    std::fs::write(raw.join("binary.bin"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(raw.join("latin1.txt"), b"A line.\nCaf\xe9 society.\n").unwrap();
    std::fs::write(
        raw.join("undated.txt"),
        "A drone hit a depot near the border, officials said.\n",
    )
    .unwrap();
    let (ok, _, err) = import(site.path(), &[raw.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("empty.txt: error: the file is empty"), "{err}");
    assert!(
        err.contains("binary.bin: error: the file looks binary"),
        "{err}"
    );
    assert!(
        err.contains("latin1.txt:2: error: the file is not UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("undated.txt:1: error:") && err.contains("--date"),
        "{err}"
    );
    assert!(files(&site.path().join("content")).is_empty());
}

#[test]
fn a_file_that_cannot_be_written_is_named() {
    let site = site();
    let content = site.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    // A file where the year's folder should be.
    std::fs::write(content.join("2025"), "not a folder").unwrap();
    let src = fixtures().join("updates.txt");
    let (ok, _, err) = import(
        site.path(),
        &[src.to_str().unwrap(), "--date", "2025-03-03"],
    );
    assert!(!ok);
    assert!(
        err.contains("2025/03/03/russia-launched-40-drones-overnight.md: error: cannot write:"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(content.join("2025")).unwrap(),
        "not a folder"
    );
}

#[test]
fn html_in_the_text_is_shown_as_text() {
    let site = site();
    let src = site.path().join("html.txt");
    std::fs::write(
        &src,
        "Officials said <script>alert(1)</script> was found in a *press* release.\n",
    )
    .unwrap();
    let (ok, _, err) = import(
        site.path(),
        &[src.to_str().unwrap(), "--date", "2025-03-03"],
    );
    assert!(ok, "{err}");
    let (_, text) = files(&site.path().join("content")).remove(0);
    assert!(
        text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{text}"
    );
    assert!(text.contains("\\*press\\*"), "{text}");
    let body = text.split("\n---\n").nth(1).unwrap_or_default();
    assert!(!body.contains("<script>"), "{body}");
}

#[test]
fn stories_carry_across_imports() {
    let site = site();
    let a = site.path().join("a.txt");
    let b = site.path().join("b.txt");
    std::fs::write(&a, "Seoul says Ukrainian special forces captured a wounded North Korean soldier in the Kursk region on Thursday.\nThe soldier was taken to Kyiv for questioning, Seoul's spy agency said.\n").unwrap();
    std::fs::write(&b, "The wounded North Korean soldier captured by Ukrainian special forces in the Kursk region has died, Seoul's spy agency said.\n").unwrap();
    let (ok, _, err) = import(site.path(), &[a.to_str().unwrap(), "--date", "2025-03-03"]);
    assert!(ok, "{err}");
    let (ok, _, err) = import(site.path(), &[b.to_str().unwrap(), "--date", "2025-03-04"]);
    assert!(ok, "{err}");
    let stories: Vec<String> = files(&site.path().join("content"))
        .iter()
        .map(|(_, t)| {
            t.lines()
                .find(|l| l.starts_with("story:"))
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[0], stories[1], "{stories:?}");
}

#[test]
fn unknown_format_and_bad_date_are_usage_errors() {
    let site = site();
    let src = fixtures().join("article.txt");
    let (ok, _, err) = import(site.path(), &[src.to_str().unwrap(), "--format", "tweets"]);
    assert!(
        !ok && err.contains("unknown format `tweets`") && err.contains("key-events"),
        "{err}"
    );
    let (ok, _, err) = import(
        site.path(),
        &[src.to_str().unwrap(), "--date", "27/12/2024"],
    );
    assert!(!ok && err.contains("YYYY-MM-DD"), "{err}");
    let code = Command::cargo_bin("sitrep")
        .unwrap()
        .args([
            "import",
            src.to_str().unwrap(),
            "--format",
            "tweets",
            "--root",
        ])
        .arg(site.path())
        .output()
        .unwrap()
        .status
        .code();
    assert_eq!(code, Some(2), "bad usage exits 2");
}

#[test]
fn a_new_date_moves_the_entry_unless_it_was_edited() {
    let site = site();
    let src = site.path().join("one.txt");
    std::fs::write(
        &src,
        "The ferry to the island was cancelled because of drones.\n",
    )
    .unwrap();
    let src = src.to_str().unwrap();
    assert!(import(site.path(), &[src, "--date", "2025-03-03"]).0);
    let content = site.path().join("content");
    let old = content.join("2025/03/03/the-ferry-to-the-island-was-cancelled-because-of-drones.md");
    assert!(old.is_file());
    let (ok, out, _) = import(site.path(), &[src, "--date", "2025-03-04"]);
    assert!(ok && out.contains("1 updated"), "{out}");
    assert!(!old.exists(), "the old file goes");
    let new = content.join("2025/03/04/the-ferry-to-the-island-was-cancelled-because-of-drones.md");
    let text = std::fs::read_to_string(&new).unwrap();
    assert_eq!(text_of(&front(&text).date), Some("2025-03-04"), "{text}");
    // Edited, it stays where it is and nothing is written elsewhere.
    std::fs::write(&new, text.replace("was cancelled", "was called off")).unwrap();
    let (ok, out, _) = import(site.path(), &[src, "--date", "2025-03-05"]);
    assert!(ok && out.contains("1 kept"), "{out}");
    assert!(out.contains("2025/03/04/"), "{out}");
    assert_eq!(files(&content).len(), 1);
}

/// `sitrep import … | head`: a reader that stops early is not a crash.
#[test]
fn a_closed_output_pipe_is_not_a_panic() {
    let root = site();
    // Enough posts that the table is far larger than a pipe's buffer.
    let mut text = String::from("Ukraine live: a long day of reports\n\n");
    for k in 0..1500u32 {
        text.push_str(&format!(
            "{}\n\nReport number {k} from the front\n\nOfficials said update {k} came in overnight.\n\n",
            1_733_000_000 - k * 60
        ));
    }
    let raw = root.path().join("long.txt");
    std::fs::write(&raw, text).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["import", "--dry-run", "--root"])
        .arg(root.path())
        .arg(&raw)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is printed
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn saved_web_pages_use_their_schema_org_data_or_their_main_text() {
    let root = site();
    let out = root.path().join("out");
    let html = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import-html");
    let (ok, _, stderr) = import(
        root.path(),
        &[
            html.join("liveblog.html").to_str().unwrap(),
            html.join("article-plain.html").to_str().unwrap(),
            "--into",
            out.to_str().unwrap(),
        ],
    );
    assert!(ok, "{stderr}");
    let written = files(&out);
    let find = |title: &str| {
        written
            .iter()
            .find(|(_, t)| front(t).title.as_deref() == Some(title))
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no entry titled {title}: {written:#?}"))
    };
    assert_eq!(written.len(), 3, "two posts and one article");
    // JSON-LD: headline, time (with its offset applied), authors and outlet exactly.
    let drones = find("Air force tallies the night's drones");
    let fm = front(&drones);
    assert_eq!(text_of(&fm.date), Some("2024-11-17T07:30:00Z"), "{drones}");
    assert_eq!(fm.author.as_deref(), Some("Mira Holt"), "{drones}");
    assert_eq!(fm.source.as_deref(), Some("Example Herald"), "{drones}");
    let blackout = find("Blackouts reported in Odesa");
    assert_eq!(
        text_of(&front(&blackout).date),
        Some("2024-11-17T04:05:00Z"),
        "{blackout}"
    );
    assert!(
        blackout.contains("energy site.\n\nRepair crews"),
        "paragraphs stay paragraphs: {blackout}"
    );
    // Readability: the article's text, its metadata time and site name; no page chrome.
    let ferry = find("Ferry links to Gotland resume after cable inspection");
    let fm = front(&ferry);
    assert_eq!(text_of(&fm.date), Some("2025-01-28T09:15:00Z"), "{ferry}");
    assert_eq!(fm.source.as_deref(), Some("Example Daily"), "{ferry}");
    for (_, text) in &written {
        for junk in [
            "alert",
            "<script",
            "<p>",
            "Subscribe",
            "Cookie",
            "Most read",
            "All rights",
        ] {
            assert!(!text.contains(junk), "{junk} leaked into an entry:\n{text}");
        }
    }
}

/// The `.md` files under `dir`, sorted.
fn md_paths(dir: &Path) -> Vec<PathBuf> {
    files(dir).into_iter().map(|(p, _)| p).collect()
}

/// The `story` of an entry file.
fn story_of(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("story: "))
        .unwrap_or_default()
        .trim_matches('"')
        .to_string()
}

const FERRY: &str = "The harbour master in Klaipeda halted the Sassnitz ferry after a jamming alarm on its bridge. Crews reported the satellite fix jumping by forty kilometres.";
const PIPE: &str = "Divers from the Latvian navy inspected the Ventspils gas pipe after a trawler anchor dragged across it. The operator said pressure held steady.";
const FIELDS: &str = "Farmers near Sumy counted craters in three wheat fields after a night of shelling. No one was hurt, the village head said.";

#[test]
fn a_reimport_replaces_removes_and_keeps_edits() {
    let site = site();
    let raw = site.path().join("day.txt");
    let raw_s = raw.to_str().unwrap();
    std::fs::write(
        &raw,
        format!("{FERRY}\nRead More\n{PIPE}\nRead More\n{FIELDS}\nRead More\n"),
    )
    .unwrap();
    assert!(import(site.path(), &[raw_s, "--date", "2025-03-03"]).0);
    let content = site.path().join("content");
    let first = md_paths(&content);
    assert_eq!(first.len(), 3, "{first:?}");
    let ferry_story = first
        .iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains("Klaipeda"))
        .map(|p| story_of(p))
        .unwrap();

    // The same raw file, now cut differently: the pipe brief is gone and the
    // ferry brief has grown. The fields brief was edited by hand meanwhile.
    let fields = first
        .iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains("Sumy"))
        .unwrap()
        .clone();
    let edited = std::fs::read_to_string(&fields)
        .unwrap()
        .replace("craters", "deep craters");
    std::fs::write(&fields, &edited).unwrap();
    std::fs::write(
        &raw,
        format!("{FERRY} The ferry left again at dawn.\nRead More\n{FIELDS} A second field burned.\nRead More\n"),
    )
    .unwrap();
    let (ok, out, err) = import(site.path(), &[raw_s, "--date", "2025-03-03"]);
    assert!(ok, "{err}");

    let now = md_paths(&content);
    let texts: Vec<String> = now
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(
        !texts.iter().any(|t| t.contains("Ventspils")),
        "the entry the new import no longer makes is removed: {out}"
    );
    assert!(out.contains("removed"), "{out}");
    assert!(out.contains("kept (edited since import)"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&fields).unwrap(),
        edited,
        "an edited file is never overwritten"
    );
    let ferry: Vec<&String> = texts.iter().filter(|t| t.contains("Klaipeda")).collect();
    assert_eq!(ferry.len(), 1, "one file per entry, no old copy beside it");
    assert!(
        ferry[0].contains("left again at dawn"),
        "replaced by the new rules"
    );
    let ferry_file = now
        .iter()
        .zip(&texts)
        .find(|(_, t)| t.contains("Klaipeda"))
        .unwrap()
        .0;
    assert_eq!(story_of(ferry_file), ferry_story, "the story keeps its id");
}

#[test]
fn a_later_report_joins_the_story_under_its_id() {
    let site = site();
    let first = site.path().join("morning.txt");
    std::fs::write(&first, format!("{FERRY}\n")).unwrap();
    let first = first.to_str().unwrap();
    assert!(import(site.path(), &[first, "--date", "2025-03-03"]).0);
    let content = site.path().join("content");
    let id = story_of(&md_paths(&content)[0]);
    let later = site.path().join("evening.txt");
    std::fs::write(
        &later,
        "Klaipeda port officials said the Sassnitz ferry had been halted by the harbour master after jamming scrambled its satellite fix on the bridge.\n",
    )
    .unwrap();
    let later = later.to_str().unwrap();
    let (_, out, _) = import(site.path(), &[later, "--date", "2025-03-03", "--explain"]);
    assert!(out.contains(&format!("entry 0: {id} (joined")), "{out}");
    assert!(
        out.contains("Klaipeda"),
        "the evidence names what is shared: {out}"
    );
    assert!(import(site.path(), &[later, "--date", "2025-03-03"]).0);
    let stories: Vec<String> = md_paths(&content).iter().map(|p| story_of(p)).collect();
    assert_eq!(stories, [id.clone(), id], "{stories:?}");
}

#[test]
fn time_zones_come_from_the_bundled_database_not_the_machines() {
    // A system database that lacks Europe/Kyiv and holds a broken
    // Europe/London: jiff's global database would read it (TZDIR), the
    // bundled one never does.
    let site = site();
    let zoneinfo = site.path().join("zoneinfo");
    std::fs::create_dir_all(zoneinfo.join("Europe")).unwrap();
    std::fs::write(zoneinfo.join("Europe/London"), "not a TZif file\n").unwrap();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    std::fs::write(
        site.path().join("site.yaml"),
        format!("{yaml}\nsources:\n  Example Wire: {{ timezone: Europe/Kyiv }}\n"),
    )
    .unwrap();
    let run = |file: &str, extra: &[&str]| {
        let out = Command::cargo_bin("sitrep")
            .unwrap()
            .env("TZDIR", &zoneinfo)
            .arg("import")
            .arg(fixtures().join(file))
            .args(["--date", "2025-03-03", "--dry-run", "--root"])
            .arg(site.path())
            .args(extra)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{err}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // "14:05 , Sam Example" from a Kyiv outlet in March: EET, UTC+2.
    let out = run("stamped.txt", &["--source", "Example Wire"]);
    assert!(out.contains("\t2025-03-03T12:05:00Z\t"), "{out}");
    // A UK byline, "1 July 2024 10:30": British Summer Time, UTC+1.
    let out = run("timestamps.txt", &[]);
    assert!(out.contains("\t2024-07-01T09:30:00Z\t"), "{out}");
}

/// The raw files the `import-v1` fixture was imported from (`--date 2025-03-03`).
const V1_RAW: [&str; 3] = ["updates.txt", "timestamps.txt", "article.txt"];

#[test]
fn files_in_the_first_written_format_are_recognised_and_replaced() {
    use sitrep::import::write::{State, state};
    // tests/fixtures/import-v1 holds what the first format (one-line flow
    // mappings, every string double-quoted, `origin: { …, hash: "…" }`)
    // wrote for V1_RAW: files already on editors' disks.
    let v1 = fixtures().with_file_name("import-v1").join("content");
    let raw: Vec<String> = V1_RAW
        .iter()
        .map(|f| fixtures().join(f).to_string_lossy().into_owned())
        .collect();
    let mut args: Vec<&str> = raw.iter().map(String::as_str).collect();
    args.extend(["--date", "2025-03-03"]);

    let fresh = site();
    assert!(import(fresh.path(), &args).0);
    let site = site();
    let content = site.path().join("content");
    common::copy_dir(&v1, &content);
    for (path, text) in files(&content) {
        assert_eq!(state(&text), State::AsImported, "{}", path.display());
    }
    // (A file whose story no other entry shares: an edited file keeps its
    // story id, so a new entry of another tally cannot take it.)
    let edited = content.join("2024/07/01/drones-struck-kyiv-overnight.md");
    let text = std::fs::read_to_string(&edited).unwrap() + "\nAn editor's note.\n";
    std::fs::write(&edited, &text).unwrap();
    assert_eq!(state(&text), State::Edited);

    let (ok, out, err) = import(site.path(), &args);
    assert!(ok, "{err}");
    assert!(out.contains(" 1 kept"), "{out}");
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), text);
    // Every other file is what a fresh import writes today.
    let strip = |d: &Path| -> Vec<(PathBuf, String)> {
        files(d)
            .into_iter()
            .map(|(p, t)| (p.strip_prefix(d).unwrap().to_path_buf(), t))
            .filter(|(p, _)| !edited.ends_with(p))
            .collect()
    };
    assert_eq!(strip(&content), strip(&fresh.path().join("content")));
}

#[test]
fn the_library_call_returns_a_typed_summary() {
    use sitrep::import::{ImportOptions, Status, write::Outcome};
    let site = site();
    let opts = ImportOptions {
        paths: vec![fixtures().join("updates.txt")],
        root: site.path().to_path_buf(),
        date: Some("2025-03-03".into()),
        ..ImportOptions::default()
    };
    let first = sitrep::import::import(&opts).unwrap();
    assert!(first.ok && first.diagnostics.is_empty(), "{first:?}");
    assert_eq!(first.count(Outcome::Written), first.rows.len());
    let drones = first
        .rows
        .iter()
        .find(|r| r.title.as_deref() == Some("Russia launched 40 drones overnight."))
        .unwrap();
    assert_eq!(drones.date.as_deref(), Some("2025-03-03T09:05:00Z"));
    assert_eq!(drones.topics, ["drone-strikes"]);
    assert!(site.path().join("content").join(&drones.path).is_file());

    let again = sitrep::import::import(&opts).unwrap();
    assert!(
        again
            .rows
            .iter()
            .all(|r| r.status == Status::Done(Outcome::Unchanged))
    );
    assert!(again.to_text().ends_with(&format!(
        "0 written, 0 updated, {} unchanged, 0 kept (edited since import), 0 removed in {}\n",
        again.rows.len(),
        site.path().join("content").display()
    )));
    let dry = sitrep::import::import(&ImportOptions {
        dry_run: true,
        ..opts.clone()
    })
    .unwrap();
    assert!(dry.rows.iter().all(|r| r.status == Status::DryRun));
    // A raw file that is not there fails the import, and says which.
    let missing = sitrep::import::import(&ImportOptions {
        paths: vec![site.path().join("nowhere.txt")],
        ..opts
    });
    match missing {
        Ok(s) => assert!(!s.ok && !s.diagnostics.is_empty(), "{s:?}"),
        Err(e) => assert!(e.to_string().contains("nowhere.txt"), "{e}"),
    }
}
