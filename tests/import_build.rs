//! What `sitrep import` writes is what `sitrep check` and `sitrep build`
//! accept: every fixture format (and the real seeds, when present) imported
//! into a fresh site, then checked and built.

mod common;

use std::path::Path;

use common::*;

fn import(root: &Path, path: &Path, date: &str) {
    let o = sitrep(&[
        "import",
        path.to_str().unwrap(),
        "--date",
        date,
        "--root",
        root.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "import of {} failed:\n{}{}",
        path.display(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn articles_in(root: &Path) -> usize {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count()
}

fn check_and_build(root: &Path) -> String {
    let o = sitrep(&["check", "--root", root.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "check failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = sitrep(&["build", "--root", root.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn every_fixture_format_imports_into_a_site_that_builds() {
    let site = empty_site();
    import(site.path(), &fixture("import"), "2024-11-23");
    let n = articles_in(site.path());
    assert!(n >= 9, "only {n} entries imported from the fixtures");
    let summary = check_and_build(site.path());
    assert!(summary.contains(&format!("({n} articles")), "{summary}");
    // Every entry has its page.
    for entry in walkdir::WalkDir::new(site.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
    {
        let rel = entry
            .path()
            .strip_prefix(site.path().join("content"))
            .unwrap();
        let page = site
            .path()
            .join("public")
            .join(rel.with_extension(""))
            .join("index.html");
        assert!(page.exists(), "no page for {}", rel.display());
    }
}

#[test]
fn the_real_seeds_import_into_a_site_that_builds() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!(
            "skipped: {} is absent (the seed files live beside the checkout)",
            seeds.display()
        );
        return;
    }
    let site = empty_site();
    // The seeds' own time stamps win; --date only fills in entries without one.
    for (prefix, date) in [
        ("000_", "2025-01-17"),
        ("001_", "2024-12-28"),
        ("002_", "2024-12-27"),
        ("003_", "2024-12-15"),
        ("004_", "2024-11-02"),
    ] {
        let file = std::fs::read_dir(&seeds)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap();
        import(site.path(), &file, date);
    }
    let n = articles_in(site.path());
    assert!(n >= 30, "only {n} entries from the five seeds");
    let summary = check_and_build(site.path());
    assert!(summary.contains(&format!("({n} articles")), "{summary}");
    let feed =
        std::fs::read_to_string(site.path().join("public/topics/drone-strikes/feed.xml")).unwrap();
    assert!(
        feed.contains("<entry>"),
        "drone strikes found among the seeds"
    );
}
