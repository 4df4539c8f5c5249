//! Property tests of the importer, the same properties the fuzz target
//! checks (see `fuzz/`): on any text, conversion never panics and every
//! file import would write passes the front-matter parser with a hash that
//! verifies. Inputs mix the lines the recognisers look for with noise.

use proptest::prelude::*;

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("UPDATE 0930 GMT:".to_string()),
        Just("ORIGINAL ENTRY: It started here.".to_string()),
        Just("1730564427".to_string()),
        Just("Jane Doe2 November 2024 16:20".to_string()),
        Just("12:14 , Ann Lee".to_string()),
        Just("Read More".to_string()),
        Just("The end of a brief.… Continue reading".to_string()),
        Just("Source: example.org".to_string()),
        Just("Key events".to_string()),
        Just("Key Takeaways:".to_string()),
        Just("KYIV -- Sirens at dawn.".to_string()),
        Just("- a bullet item".to_string()),
        Just("A man said:".to_string()),
        Just("— Someone (@someone) May 1, 2024".to_string()),
        Just("Smoke over the port (AFP)".to_string()),
        Just("Saturday, November 23, 2024".to_string()),
        Just("---".to_string()),
        Just("A\u{7f}title\u{85}with\u{9f}controls\u{ffff} here".to_string()),
        Just("title: \"x\"".to_string()),
        Just("Air defences downed 3 of 9 drones, and 2 were lost.".to_string()),
        "[A-Z][a-z]{1,8}( [a-z]{1,8}){0,12}[.?:]?",
        "\\PC{0,80}",
        "[<>&*_`#\\[\\]{}|$\\\\-]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_text_converts_to_valid_files(lines in prop::collection::vec(line(), 0..24), blank in any::<bool>()) {
        let sep = if blank { "\n\n" } else { "\n" };
        let text = lines.join(sep);
        if let Err(e) = sitrep::import::selfcheck::check(text.as_bytes()) {
            prop_assert!(false, "{e}");
        }
    }

    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Err(e) = sitrep::import::selfcheck::check(&bytes) {
            prop_assert!(false, "{e}");
        }
    }
}

#[test]
fn saved_web_pages_and_broken_markup_pass_the_self_check() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import-html");
    let mut inputs: Vec<String> = ["liveblog.html", "article-plain.html"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
        .collect();
    inputs.push(
        r#"<html><script type="application/ld+json">{"@type":"LiveBlogPosting","liveBlogUpdate":[{"articleBody":""},{"headline":"x"},7,{"@type":"BlogPosting","articleBody":"<p>a","datePublished":"9999-99-99"}]}</script>"#
            .to_string(),
    );
    inputs.push("<!DOCTYPE html><div><div><p>unclosed <b>markup".to_string());
    for text in inputs {
        let checked = sitrep::import::selfcheck::check(text.as_bytes())
            .unwrap_or_else(|e| panic!("{e}\n--- input ---\n{text}"));
        assert!(checked > 0 || !text.contains("ld+json"), "{text}");
    }
}

#[test]
fn a_stamp_with_the_year_zero_imports_and_parses_back() {
    // The fuzzer's input: a clock stamp whose date reads as the year 0.
    let text =
        "22.01.2025 08:14\nSirens sounded.\n22.01.000002025 09:02\nTwo houses were damaged.\n";
    sitrep::import::selfcheck::check(text.as_bytes()).unwrap();
}

#[test]
fn a_date_line_of_the_year_25_imports_and_parses_back() {
    // The fuzzer's second input: a page date line whose year is 0025.
    let text =
        "Monday, March 3, 0025\nBy Jane Example\nKYIV -- Air defences downed 3 of 9 drones.\n";
    sitrep::import::selfcheck::check(text.as_bytes()).unwrap();
}
