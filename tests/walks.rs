//! Which files `sitrep build` and `sitrep import` read from the folders they
//! walk: symbolic links leading out of the folder are skipped and named,
//! dangling links, link loops and unreadable folders fail with their path,
//! hidden files are never published, and pipes are refused without waiting.
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use common::*;

const ARTICLE: &str =
    "---\ntitle: Secret report\ndate: 2024-11-02T10:00:00Z\n---\nTOP-SECRET-BODY\n";

fn build_site(root: &Path) -> (Output, std::path::PathBuf) {
    let out = root.join("public");
    let o = sitrep(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    (o, out)
}

/// `sitrep import RAW --root SITE` with a date for undated entries.
fn import(raw: &Path, site: &Path) -> Output {
    sitrep(&[
        "import",
        raw.to_str().unwrap(),
        "--root",
        site.to_str().unwrap(),
        "--date",
        "2024-11-02",
    ])
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn published(out: &Path, needle: &str) -> Vec<String> {
    read_tree(out)
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn links_out_of_content_static_and_the_theme_are_skipped_and_named() {
    let site = copy_fixture("site");
    let root = site.path();
    let elsewhere = tempfile::tempdir().unwrap();
    let secret = elsewhere.path().join("shadow");
    std::fs::write(&secret, "root:TOP-SECRET-HASH:19000:0:99999:7:::\n").unwrap();
    std::fs::write(elsewhere.path().join("leak.md"), ARTICLE).unwrap();
    // The built-in theme's folder: its static/ files are copied too.
    let theme_static = root.join("themes/default/static");
    std::fs::create_dir_all(&theme_static).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    symlink(&secret, root.join("static/shadow.txt")).unwrap();
    symlink(elsewhere.path(), root.join("static/mirror")).unwrap();
    symlink(&secret, theme_static.join("shadow.css")).unwrap();
    symlink(
        elsewhere.path().join("leak.md"),
        root.join("content/leak.md"),
    )
    .unwrap();
    // A link that stays inside is fine.
    std::fs::write(root.join("static/real.txt"), "inside\n").unwrap();
    symlink(root.join("static/real.txt"), root.join("static/alias.txt")).unwrap();

    let (o, out) = build_site(root);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        published(&out, "TOP-SECRET").is_empty(),
        "{:?}",
        published(&out, "TOP-SECRET")
    );
    assert_eq!(
        std::fs::read_to_string(out.join("alias.txt")).unwrap(),
        "inside\n"
    );
    for link in [
        "content/leak.md",
        "static/shadow.txt",
        "static/mirror",
        "themes/default/static/shadow.css",
    ] {
        let line = format!("{link}: warning: symbolic link to ");
        assert!(err.contains(&line), "no {line:?} in:\n{err}");
    }
    assert!(err.contains("outside static: skipped"), "{err}");
}

#[test]
fn import_skips_links_that_leave_the_folder_it_is_given() {
    let site = empty_site();
    let raw = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let secret = elsewhere.path().join("shadow");
    std::fs::write(&secret, "root:TOP-SECRET-HASH:19000:0:99999:7:::\n").unwrap();
    std::fs::copy(
        fixture("import/article.txt"),
        raw.path().join("article.txt"),
    )
    .unwrap();
    symlink(&secret, raw.path().join("shadow.txt")).unwrap();
    symlink(raw.path().join("article.txt"), raw.path().join("again.txt")).unwrap();
    let o = import(raw.path(), site.path());
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let shown = raw.path().join("shadow.txt");
    assert!(
        err.contains(&format!(
            "{}: warning: symbolic link to {}",
            shown.display(),
            secret.display()
        )),
        "{err}"
    );
    let content = site.path().join("content");
    assert!(published(&content, "TOP-SECRET").is_empty());
    assert!(
        !read_tree(&content).is_empty(),
        "the real article is imported"
    );
}

#[test]
fn dangling_links_and_loops_in_content_fail_the_build_with_their_paths() {
    let site = copy_fixture("site");
    let root = site.path();
    let (o, out) = build_site(root);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = read_tree(&out);
    symlink(
        root.join("content/gone.md"),
        root.join("content/dangling.md"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/2024/extra")).unwrap();
    symlink(
        root.join("content/2024"),
        root.join("content/2024/extra/loop"),
    )
    .unwrap();
    let (o, out) = build_site(root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/dangling.md: error: symbolic link to ")
            && err.contains("which does not exist"),
        "{err}"
    );
    assert!(
        err.contains("content/2024/extra/loop: error: symbolic link loop"),
        "{err}"
    );
    assert_eq!(
        read_tree(&out),
        before,
        "a failed build leaves public/ as it was"
    );
}

#[test]
fn an_unreadable_content_folder_fails_the_build() {
    use std::os::unix::fs::PermissionsExt;
    let site = copy_fixture("site");
    let root = site.path();
    let locked = root.join("content/2024/locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("a.md"), ARTICLE).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: running as root, a folder cannot be made unreadable");
        return;
    }
    let (o, _) = build_site(root);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/2024/locked: error: cannot read this folder: permission denied"),
        "{err}"
    );
}

#[test]
fn a_missing_content_folder_is_a_warning_that_says_where_it_looked() {
    let site = copy_fixture("site");
    let root = site.path();
    std::fs::remove_dir_all(root.join("content")).unwrap();
    let (o, _) = build_site(root);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let looked = root.join("content");
    assert!(
        err.contains(&format!(
            "{}: warning: no such folder: the site has no articles",
            looked.display()
        )),
        "{err}"
    );
}

#[test]
fn hidden_files_in_static_are_not_published() {
    let site = copy_fixture("site");
    let root = site.path();
    std::fs::create_dir_all(root.join("static/.git")).unwrap();
    std::fs::write(root.join("static/.git/config"), "[remote]\n").unwrap();
    std::fs::create_dir_all(root.join("static/img/.cache")).unwrap();
    std::fs::write(root.join("static/img/.cache/x"), "x").unwrap();
    let (o, out) = build_site(root);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = read_tree(&out);
    assert!(files.contains_key("humans.txt"));
    let hidden: Vec<&String> = files
        .keys()
        .filter(|k| k.contains(".git") || k.contains(".cache"))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[test]
fn importing_a_named_pipe_says_what_it_is_and_does_not_wait() {
    let site = empty_site();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("feed.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["import", fifo.to_str().unwrap(), "--root"])
        .arg(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("sitrep import waited on a named pipe");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("is a named pipe (FIFO), not a file: import regular text files"),
        "{err}"
    );
}

#[test]
fn import_names_a_dangling_link_fails_and_still_imports_the_rest() {
    let site = empty_site();
    let raw = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("import/article.txt"),
        raw.path().join("article.txt"),
    )
    .unwrap();
    symlink(raw.path().join("gone.txt"), raw.path().join("dangling.txt")).unwrap();
    let o = import(raw.path(), site.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let shown = raw.path().join("dangling.txt");
    assert!(
        err.contains(&format!("{}: error: symbolic link to ", shown.display()))
            && err.contains("which does not exist"),
        "{err}"
    );
    assert!(!read_tree(&site.path().join("content")).is_empty());
}
