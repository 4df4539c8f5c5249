//! Bad input: every problem is reported in one run with file, line and advice;
//! a failed build leaves the previous output as it was.

mod common;

use std::path::Path;

use common::*;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn stderr_of(args: &[&str]) -> (i32, String) {
    let o = sitrep(args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn every_content_error_is_reported_in_one_run() {
    let site = copy_fixture("site");
    let root = site.path();
    write(
        root,
        "content/bad/no-title.md",
        "---\ndate: 2024-11-02\n---\nbody\n",
    );
    write(
        root,
        "content/bad/no-date.md",
        "---\ntitle: Dateless\n---\nbody\n",
    );
    write(
        root,
        "content/bad/bad-date.md",
        "---\ntitle: Bad date\nsource: x\ndate: 2024-02-31\n---\nbody\n",
    );
    write(
        root,
        "content/bad/bad-topic.md",
        "---\ntitle: Bad topic\ndate: 2024-11-02\ntopics: [drone-strikes, nuclear-tests]\n---\n",
    );
    write(
        root,
        "content/bad/broken-yaml.md",
        "---\ntitle: Broken\ndate: 2024-11-02\ntags: [a, b\n---\n",
    );
    write(root, "content/bad/no-fence.md", "just text\n");
    // Same URL as content/2024/11/23/kyiv-drones.md.
    write(
        root,
        "content/bad/dup.md",
        "---\ntitle: Duplicate\ndate: 2024-11-23T10:00:00Z\nslug: kyiv-drones\n---\n",
    );
    write(
        root,
        "content/bad/dangling.md",
        "---\ntitle: Dangling\ndate: 2024-11-02\n---\nSee [this](missing-article.md).\n",
    );

    let (code, err) = stderr_of(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let expect = [
        ("content/bad/no-title.md:1", "no `title`"),
        ("content/bad/no-date.md:1", "no `date`"),
        ("content/bad/bad-date.md:4", "bad `date`"),
        (
            "content/bad/bad-topic.md:4",
            "topic `nuclear-tests` is not declared",
        ),
        ("content/bad/broken-yaml.md:", "not valid YAML"),
        ("content/bad/no-fence.md:1", "no front matter"),
        (
            "content/bad/dup.md",
            "is also the URL of content/2024/11/23/kyiv-drones.md",
        ),
        (
            "content/bad/dangling.md:5",
            "`missing-article.md` names no article",
        ),
    ];
    for (file, message) in expect {
        let line = err
            .lines()
            .find(|l| l.starts_with(file))
            .unwrap_or_else(|| panic!("no error for {file} in:\n{err}"));
        assert!(
            line.contains(message),
            "{file}: expected `{message}` in `{line}`"
        );
    }
    assert!(err.contains("help:"), "errors say what to do:\n{err}");
    assert!(err.contains("8 errors"), "{err}");
    assert!(!root.join("public").exists(), "nothing written");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = copy_fixture("site");
    let root = site.path();
    let out = root.join("public");
    build(root, &out, &[]);
    let before = read_tree(&out);
    write(
        root,
        "content/2024/11/23/kyiv-drones.md",
        "---\ntitle: [broken\n---\n",
    );
    let (code, err) = stderr_of(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("left as it was"), "{err}");
    assert_eq!(read_tree(&out), before);
    // A template error also fails the build without touching public/.
    let site2 = copy_fixture("site");
    let root2 = site2.path();
    let out2 = root2.join("public");
    build(root2, &out2, &[]);
    let before2 = read_tree(&out2);
    write(
        root2,
        "templates/day.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ day.nope.deeper }}\n{% endblock main %}\n",
    );
    let (code, err) = stderr_of(&["build", "--root", root2.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(read_tree(&out2), before2);
    assert!(
        !root2.join(".public.tmp").exists(),
        "staging folder removed"
    );
}

#[test]
fn template_errors_name_the_template_and_line() {
    let site = copy_fixture("site");
    let root = site.path();
    write(
        root,
        "templates/topics.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% for t in topics %}\n{{ t.name }\n{% endfor %}\n{% endblock main %}\n",
    );
    let (code, err) = stderr_of(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("templates/topics.html:4"), "{err}");
    // A rendering error (not a syntax error) is located too.
    write(
        root,
        "templates/topics.html",
        "{% extends \"base.html\" %}\n{% block main %}\n\n{{ topics.nope.deeper }}\n{% endblock main %}\n",
    );
    let (code, err) = stderr_of(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("templates/topics.html:4"), "{err}");
}

#[test]
fn bad_site_yaml_names_the_line() {
    let site = copy_fixture("site");
    let root = site.path();
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        yaml.replace("paginate_by: 2", "paginate_by: two"),
    )
    .unwrap();
    let (code, err) = stderr_of(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("site.yaml:6"), "{err}");
}

#[test]
fn check_validates_without_writing() {
    let site = copy_fixture("site");
    let root = site.path();
    let o = sitrep(&["check", "--root", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    write(
        root,
        "content/2024/11/22/linker.md",
        "---\ntitle: Linker\ndate: 2024-11-22\n---\n\nSee [gone](../23/gone.md).\n",
    );
    let (code, err) = stderr_of(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("content/2024/11/22/linker.md:6"), "{err}");
    assert!(!root.join("public").exists());
}

#[test]
fn bad_usage_exits_2() {
    let o = sitrep(&["build", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = sitrep(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn missing_site_yaml_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = stderr_of(&["build", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("site.yaml") && err.contains("sitrep new"),
        "{err}"
    );
}

#[test]
fn deeply_nested_raw_html_is_refused_with_file_and_line() {
    let site = copy_fixture("site");
    let root = site.path();
    let body = "<div>\n".repeat(100_000);
    write(
        root,
        "content/2024/11/23/nested.md",
        &format!("---\ntitle: Nested\ndate: 2024-11-23\n---\n{body}"),
    );
    let (code, err) = stderr_of(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("content/2024/11/23/nested.md:105: error:"))
        .unwrap_or_else(|| panic!("no error at the 101st nested div:\n{err}"));
    assert!(line.contains("nests elements more than 100 deep"), "{line}");
}
