//! `tenet test`: pass and fail output, exit codes, the closing count line, coverage and the
//! threshold, and the shipped pack's own tests.

mod common;

use common::{stderr, stdout, tenet};

const CASES: &str = "tests/fixtures/testing";

fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or("")
}

#[test]
fn passing_tests_exit_0_and_end_with_the_count_line() {
    let output = tenet(&["test", &format!("{CASES}/pass")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "2 passed, 0 failed\n");
}

#[test]
fn a_failing_test_exits_1_and_shows_expected_and_actual_side_by_side() {
    let output = tenet(&["test", &format!("{CASES}/fail")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(last_line(&stdout(&output)), "0 passed, 1 failed");
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn coverage_prints_a_table_and_the_percentage_before_the_count_line() {
    let output = tenet(&["test", "--coverage", &format!("{CASES}/partial")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(last_line(&stdout(&output)), "1 passed, 0 failed");
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn coverage_below_the_threshold_fails_the_run() {
    let output = tenet(&["test", "--threshold", "100", &format!("{CASES}/partial")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("coverage: 0.0%"),
        "{}",
        stdout(&output)
    );
    assert!(
        stderr(&output).contains("below the threshold"),
        "{}",
        stderr(&output)
    );

    let output = tenet(&["test", "--threshold", "0", &format!("{CASES}/partial")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_test_naming_an_unknown_rule_is_a_rule_error_with_a_suggestion() {
    let dir = std::env::temp_dir().join(format!("tenet-test-unknown-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(format!("{CASES}/rules.tenet"), dir.join("rules.tenet")).unwrap();
    let test = "test \"t\" {\n  input json \"[]\"\n  expect storage.http fires on \"x\"\n}\n";
    std::fs::write(dir.join("t.test.tenet"), test).unwrap();
    let output = tenet(&["test", "--color", "never", &dir.display().to_string()]);
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("E0125"), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("did you mean `storage.https`?"),
        "{}",
        stderr(&output)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn no_test_files_is_nothing_to_do() {
    let output = tenet(&["test", "rules/lib"]);
    assert_eq!(output.status.code(), Some(5));
}

#[test]
fn the_shipped_pack_is_fully_covered_by_its_tests() {
    let output = tenet(&["test", "rules/", "--coverage", "--threshold", "100"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("coverage: 100.0%"),
        "{}",
        stdout(&output)
    );
    assert!(last_line(&stdout(&output)).ends_with(" passed, 0 failed"));
}

#[test]
fn every_example_in_the_testing_guide_parses_and_checks() {
    let markdown = std::fs::read_to_string("docs/testing.md").unwrap();
    let blocks: Vec<&str> = markdown.split("```tenet\n").skip(1).collect();
    assert!(!blocks.is_empty());
    for block in blocks {
        let text = block.split("```").next().unwrap_or("");
        let mut sources = tenet::diag::SourceMap::new();
        let file = sources.add("testing.md", text);
        let parsed = tenet::syntax::parse(file, text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let (prelude, _) = tenet::pack::schema_modules(&mut sources);
        let checked = tenet::check::check_with_prelude(vec![parsed.module], &prelude);
        assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    }
}
