//! The output folder is the build's alone: a mistaken `--output` never
//! deletes an editor's files, two builds never interleave, and the swap of a
//! new tree into place never leaves a moment without a site.

mod common;

use std::path::Path;

use common::{copy_fixture, read_tree};

/// Builds `root` into `out`, returning (success, stderr).
fn build_into(root: &Path, out: &Path) -> (bool, String) {
    let o = common::run_build(root, out, &[]);
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

/// Every file under `dir`, with its bytes: what must survive a refused build.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    read_tree(dir)
}

#[test]
fn an_output_that_is_the_site_or_holds_its_folders_is_refused_and_nothing_is_deleted() {
    let site = copy_fixture("site");
    let root = site.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/note.txt"), "mine").unwrap();
    let before = snapshot(root);
    let cases = [
        (root.to_path_buf(), "site root"),
        (root.join(".."), "site root"),
        (root.join("content"), "content/"),
        (root.join("content/2024"), "content/"),
        (root.join("static"), "static/"),
        (root.join("templates/out"), "templates/"),
        (root.join("themes"), "themes/"),
    ];
    for (out, why) in cases {
        let (ok, stderr) = build_into(root, &out);
        assert!(!ok, "a build into {} must fail", out.display());
        assert!(
            stderr.contains("refusing to build into this folder") && stderr.contains(why),
            "the error for {} names why ({why}):\n{stderr}",
            out.display()
        );
        assert_eq!(snapshot(root), before, "nothing of the site changed");
    }
}

#[test]
fn a_folder_no_build_made_is_refused_but_an_empty_or_marked_one_is_used() {
    let site = copy_fixture("site");
    let root = site.path();
    let other = tempfile::tempdir().unwrap();
    let mine = other.path().join("notes");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("draft.txt"), "do not lose me").unwrap();
    let (ok, stderr) = build_into(root, &mine);
    assert!(!ok);
    assert!(stderr.contains("no sitrep build made it"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(mine.join("draft.txt")).unwrap(),
        "do not lose me"
    );

    let empty = other.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(build_into(root, &empty).0, "an empty folder is fine");
    assert!(
        empty.join(".sitrep-output").is_file(),
        "a build marks its output"
    );
    assert!(empty.join("index.html").is_file());
    assert!(build_into(root, &empty).0, "a marked folder is rebuilt");
}

#[test]
fn an_output_from_before_the_marker_is_accepted_once_and_marked() {
    let site = copy_fixture("site");
    let root = site.path();
    let old = tempfile::tempdir().unwrap();
    let out = old.path().join("public");
    std::fs::create_dir_all(out.join("2024")).unwrap();
    std::fs::write(out.join("index.html"), "<p>old</p>").unwrap();
    assert!(build_into(root, &out).0);
    assert!(out.join(".sitrep-output").is_file());

    // A folder that looks like a site, not an output, is not taken for one.
    let looks_like_site = old.path().join("site2");
    std::fs::create_dir_all(looks_like_site.join("content")).unwrap();
    std::fs::write(looks_like_site.join("index.html"), "x").unwrap();
    assert!(!build_into(root, &looks_like_site).0);
    assert!(looks_like_site.join("content").is_dir());
}

/// A site of `n` small articles.
fn site_with_articles(n: usize) -> tempfile::TempDir {
    let site = common::empty_site();
    for i in 0..n {
        let day = i % 28 + 1;
        let dir = site.path().join(format!("content/2024/11/{day:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("report-{i}.md")),
            format!(
                "---\ntitle: Report number {i}\ndate: 2024-11-{day:02}T10:00:00Z\nsource: Wire {}\ntags: [tag-{}]\n---\nBody of report {i}.\n",
                i % 7,
                i % 13
            ),
        )
        .unwrap();
    }
    site
}

#[test]
fn two_builds_at_once_leave_a_complete_site() {
    let site = site_with_articles(400);
    let root = site.path().to_path_buf();
    let out = root.join("public");
    assert!(build_into(&root, &out).0);
    let expected = read_tree(&out);
    let builds: Vec<_> = (0..3)
        .map(|_| {
            let (root, out) = (root.clone(), out.clone());
            std::thread::spawn(move || build_into(&root, &out))
        })
        .collect();
    for b in builds {
        let (ok, stderr) = b.join().unwrap();
        assert!(ok, "{stderr}");
    }
    let after = read_tree(&out);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "every file is there after parallel builds"
    );
    assert_eq!(after, expected);
}

#[test]
fn the_site_never_disappears_while_a_build_swaps_it_in() {
    let site = site_with_articles(30);
    let root = site.path().to_path_buf();
    let out = root.join("public");
    assert!(build_into(&root, &out).0);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (stop, index) = (stop.clone(), out.join("index.html"));
        std::thread::spawn(move || {
            let mut missing = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if !index.exists() {
                    missing += 1;
                }
            }
            missing
        })
    };
    for _ in 0..8 {
        assert!(build_into(&root, &out).0);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(watcher.join().unwrap(), 0, "public/index.html was missing");
}

#[test]
fn a_swap_cut_short_is_undone_by_the_next_build_even_a_failing_one() {
    let site = copy_fixture("site");
    let root = site.path();
    let out = root.join("public");
    assert!(build_into(root, &out).0);
    let built = read_tree(&out);
    // A crash between "old tree aside" and "new tree in".
    std::fs::rename(&out, root.join(".public.old-4242")).unwrap();
    std::fs::write(root.join("content/broken.md"), "---\ntitle: [\n---\n").unwrap();
    let (ok, stderr) = build_into(root, &out);
    assert!(!ok);
    assert!(stderr.contains("restored"), "{stderr}");
    assert_eq!(read_tree(&out), built, "the old site is back in place");
}

#[cfg(unix)]
#[test]
fn a_linked_output_stays_a_link_to_a_fresh_folder() {
    let site = copy_fixture("site");
    let root = site.path();
    let releases = root.join("releases");
    std::fs::create_dir_all(&releases).unwrap();
    let first = releases.join("site");
    assert!(build_into(root, &first).0);
    let out = root.join("public");
    std::os::unix::fs::symlink("releases/site", &out).unwrap();
    assert!(build_into(root, &out).0);
    let meta = std::fs::symlink_metadata(&out).unwrap();
    assert!(meta.file_type().is_symlink(), "public is still a link");
    let target = std::fs::read_link(&out).unwrap();
    assert!(
        target.is_relative(),
        "a relative link stays relative: {target:?}"
    );
    assert_ne!(target, Path::new("releases/site"));
    assert!(out.join("index.html").is_file());
    assert!(out.join(".sitrep-output").is_file());
    assert_eq!(read_tree(&out), read_tree(&root.join(&target)));
}

/// An output whose disk is full: every write fails with ENOSPC.
struct FullDisk;

impl sitrep::output::Output for FullDisk {
    fn write(&self, _: &str, _: &[u8]) -> std::io::Result<()> {
        Err(std::io::ErrorKind::StorageFull.into())
    }
}

#[test]
fn a_full_disk_is_one_message_not_one_per_file() {
    let site = site_with_articles(50);
    let opts = sitrep::build::BuildOptions {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let mut loaded = sitrep::build::load(&opts).unwrap();
    let err = sitrep::build::render_all(&mut loaded, site.path(), &FullDisk, None)
        .expect_err("a full disk fails the build");
    assert_eq!(err.0.len(), 1, "{err}");
    assert!(err.to_string().contains("disk is full"), "{err}");
}

#[test]
fn a_static_file_that_replaces_a_generated_one_is_a_warning() {
    let site = copy_fixture("site");
    let root = site.path();
    std::fs::write(root.join("static/feed.xml"), "<feed/>").unwrap();
    let (ok, stderr) = build_into(root, &root.join("public"));
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("static/feed.xml")
            && stderr.contains("warning: this static file replaces the generated /feed.xml"),
        "{stderr}"
    );
}
