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

/// Writes `content/bad/NAME.md` with this front matter, and returns the
/// error lines `check` prints for it.
fn check_errors(root: &Path, files: &[(&str, &str)]) -> String {
    for (name, front) in files {
        write(
            root,
            &format!("content/bad/{name}.md"),
            &format!("---\n{front}---\nBody.\n"),
        );
    }
    let (code, err) = stderr_of(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    err
}

/// The message for `content/bad/NAME.md:LINE`.
fn error_at<'a>(err: &'a str, name: &str, line: usize) -> &'a str {
    let prefix = format!("content/bad/{name}.md:{line}: error: ");
    err.lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .unwrap_or_else(|| panic!("no error at {prefix} in:\n{err}"))
}

#[test]
fn script_urls_in_front_matter_and_site_yaml_are_errors() {
    let site = copy_fixture("site");
    let root = site.path();
    let urls = [
        "javascript:alert(1)",
        "  javascript:alert(1)",
        "\\tJaVaScRiPt:alert(1)",
        "java\\tscript:alert(1)",
        "java\\nscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "example.org/no-scheme",
    ];
    let files: Vec<(String, String)> = urls
        .iter()
        .enumerate()
        .map(|(i, url)| {
            (
                format!("url{i}"),
                format!("title: U\ndate: 2024-11-02\nsource_url: \"{url}\"\n"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, f)| (n.as_str(), f.as_str()))
        .collect();
    let err = check_errors(root, &refs);
    for (name, _) in &files {
        let message = error_at(&err, name, 4);
        assert!(message.starts_with("bad `source_url`"), "{name}: {message}");
    }
    assert!(err.contains("only http, https and mailto"), "{err}");
    // A good URL with stray spaces around it is accepted, trimmed.
    let site = copy_fixture("site");
    let root = site.path();
    write(
        root,
        "content/2024/11/23/spaced.md",
        "---\ntitle: Spaced\ndate: 2024-11-23\nsource: Fixture Wire\nsource_url: \"  https://example.org/a  \"\n---\nBody.\n",
    );
    let out = root.join("public");
    build(root, &out, &[]);
    let html = std::fs::read_to_string(out.join("2024/11/23/spaced/index.html")).unwrap();
    assert!(html.contains("href=\"https://example.org/a\""), "{html}");
    // base_url in site.yaml follows the same rule.
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        yaml.replace(
            "base_url: https://example.org/",
            "base_url: \" javascript:alert(1)//\"",
        ),
    )
    .unwrap();
    let (code, err) = stderr_of(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("site.yaml:3: error: bad `base_url`"), "{err}");
}

#[test]
fn overlong_path_segments_fail_check_with_file_and_line() {
    let site = copy_fixture("site");
    let root = site.path();
    let long = "a".repeat(121);
    let fits = "b".repeat(120);
    let err = check_errors(
        root,
        &[
            (
                "slug",
                &format!("title: S\ndate: 2024-11-02\nslug: {long}\n"),
            ),
            (
                "tag",
                &format!("title: T\ndate: 2024-11-02\ntags:\n  - ok\n  - {long}\n"),
            ),
            (
                "place",
                &format!("title: P\ndate: 2024-11-02\nplaces: [{long}]\n"),
            ),
            (
                "source",
                &format!("title: O\ndate: 2024-11-02\nsource: {long}\n"),
            ),
            (
                "story",
                &format!("title: Y\ndate: 2024-11-02\nstory: {long}\n"),
            ),
            (
                "fits",
                &format!("title: F\ndate: 2024-11-02\nslug: {fits}\ntags: [{fits}]\n"),
            ),
        ],
    );
    for (name, line) in [
        ("slug", 4),
        ("tag", 6),
        ("place", 4),
        ("source", 4),
        ("story", 4),
    ] {
        let message = error_at(&err, name, line);
        assert!(
            message.contains("121 bytes") && message.contains("120"),
            "{name}: {message}"
        );
    }
    assert!(!err.contains("content/bad/fits.md"), "{err}");
    // A file name makes the slug when front matter names none.
    let site = copy_fixture("site");
    let root = site.path();
    write(
        root,
        &format!("content/bad/{long}.md"),
        "---\ntitle: Long name\ndate: 2024-11-02\n---\n",
    );
    // A standalone page's slug too.
    write(
        root,
        "content/pages/about.md",
        &format!("---\ntitle: About\nslug: {long}\n---\nAbout.\n"),
    );
    let (code, err) = stderr_of(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the file name: the slug"), "{err}");
    assert!(
        err.contains("content/pages/about.md:3: error: the slug") && err.contains("121 bytes"),
        "{err}"
    );
}

#[test]
fn dates_terms_and_fences_get_clear_errors() {
    let site = copy_fixture("site");
    let root = site.path();
    let err = check_errors(
        root,
        &[
            ("far", "title: F\ndate: 9999-12-31\n"),
            ("far-time", "title: F\ndate: 9999-12-31T23:00:00-05:00\n"),
            ("offset", "title: O\ndate: 2024-01-01T00:00:00+25:00\n"),
            (
                "empty-tag",
                "title: T\ndate: 2024-11-02\ntags: [kyiv, \"!!!\"]\n",
            ),
            (
                "empty-place",
                "title: P\ndate: 2024-11-02\nplaces:\n  - Kyiv\n  - \"…\"\n",
            ),
            (
                "empty-source",
                "title: S\ndate: 2024-11-02\nsource: \"--\"\n",
            ),
        ],
    );
    for name in ["far", "far-time"] {
        let message = error_at(&err, name, 3);
        assert!(message.contains("out of range"), "{message}");
        assert!(
            !message.contains("overflow") && !message.contains("parameter"),
            "{message}"
        );
    }
    assert!(
        error_at(&err, "offset", 3).contains("offset `+25:00`"),
        "{err}"
    );
    assert!(
        error_at(&err, "empty-tag", 4).contains("the tag `!!!` makes an empty URL"),
        "{err}"
    );
    assert!(
        error_at(&err, "empty-place", 6).contains("the place `…`"),
        "{err}"
    );
    assert!(
        error_at(&err, "empty-source", 4).contains("the source `--`"),
        "{err}"
    );
    // An opening fence without a closing one says so.
    write(
        root,
        "content/bad/unclosed.md",
        "---\ntitle: Open\ndate: 2024-11-02\n\nBody.\n",
    );
    let (_, err) = stderr_of(&["check", "--root", root.to_str().unwrap()]);
    assert!(
        error_at(&err, "unclosed", 1).contains("never closed"),
        "{err}"
    );
}

#[test]
fn terminal_control_sequences_in_messages_are_escaped() {
    let site = copy_fixture("site");
    let root = site.path();
    write(
        root,
        "content/bad/esc\u{1b}]0;owned\u{7}.md",
        "---\ntitle: T\ndate: 2024-11-02\ntopics: [\"\\e[2J\\e]0;owned\\a\"]\n---\n",
    );
    let (code, err) = stderr_of(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(
        err.contains("esc\\u{1b}]0;owned\\u{7}.md:4: error: topic"),
        "{err}"
    );
}
