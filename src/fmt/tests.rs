//! Unit tests of the formatter on small inputs: one idea each.

use super::format;
use crate::diag::FileId;

fn formatted(source: &str) -> String {
    let parsed = crate::syntax::parse(FileId::DUMMY, source);
    assert!(!parsed.has_errors(), "{source:?} does not parse");
    format(source, &parsed.module)
}

fn rule(body: &str) -> String {
    formatted(&format!("rule r {{\n{body}\n}}\n"))
}

#[test]
fn a_condition_that_fits_stays_on_one_line() {
    assert_eq!(rule("require a and b"), "rule r {\n  require a and b\n}\n");
}

#[test]
fn a_long_condition_breaks_before_each_operator_two_spaces_in() {
    let long = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let out = rule(&format!(
        "require {long}.x == 1 and {long}.y == 2 and {long}.z == 3"
    ));
    let expected = format!(
        "rule r {{\n  require {long}.x == 1\n    and {long}.y == 2\n    and {long}.z == 3\n}}\n"
    );
    assert_eq!(out, expected);
}

#[test]
fn a_tighter_chain_inside_a_looser_one_breaks_further_in() {
    let long = "a".repeat(50);
    let out = rule(&format!(
        "require {long} and {long}x or {long}y and {long}z"
    ));
    let expected = format!(
        "rule r {{\n  require {long}\n      and {long}x\n    or {long}y\n      and {long}z\n}}\n"
    );
    assert_eq!(out, expected);
}

#[test]
fn a_long_call_puts_one_argument_per_line_with_a_trailing_comma() {
    let long = "b".repeat(45);
    let out = rule(&format!("require f({long}, {long})"));
    let expected = format!("rule r {{\n  require f(\n    {long},\n    {long},\n  )\n}}\n");
    assert_eq!(out, expected);
}

#[test]
fn a_quantifier_body_that_does_not_fit_goes_on_the_next_line() {
    let long = "c".repeat(80);
    let out = rule(&format!("require all x in xs: x.{long}"));
    assert_eq!(
        out,
        format!("rule r {{\n  require all x in xs:\n    x.{long}\n}}\n")
    );
}

#[test]
fn parentheses_stay_only_where_the_parser_needs_them() {
    assert_eq!(
        rule("require ((a and b)) or (c or d)"),
        "rule r {\n  require a and b or (c or d)\n}\n"
    );
    assert_eq!(
        rule("require (any x in xs: x) and y"),
        "rule r {\n  require (any x in xs: x) and y\n}\n"
    );
    assert_eq!(
        rule("require y and (any x in xs: x)"),
        "rule r {\n  require y and any x in xs: x\n}\n"
    );
}

#[test]
fn metadata_values_line_up_after_the_longest_key() {
    let out = rule("title \"t\" severity low require true");
    let expected = "rule r {\n  title    \"t\"\n  severity low\n\n  require true\n}\n";
    assert_eq!(out, expected);
}

#[test]
fn a_trailing_comment_stays_at_the_end_of_its_line() {
    let out = rule("for a in xs // why\nrequire a");
    assert_eq!(out, "rule r {\n  for a in xs // why\n\n  require a\n}\n");
}

#[test]
fn a_comment_above_a_step_stays_above_it() {
    let out = rule("for a in xs\n// about the condition\nwhen a\nrequire a");
    let expected =
        "rule r {\n  for a in xs\n  // about the condition\n  when a\n\n  require a\n}\n";
    assert_eq!(out, expected);
}

#[test]
fn a_comment_inside_a_chain_breaks_it_there() {
    let out = rule("require a // first\n and b");
    assert_eq!(out, "rule r {\n  require a // first\n    and b\n}\n");
}

#[test]
fn a_comment_after_a_list_element_follows_its_comma() {
    let out = formatted("param p: list<string> = [\"a\" // first\n, \"b\"]\n");
    assert_eq!(
        out,
        "param p: list<string> = [\n  \"a\", // first\n  \"b\",\n]\n"
    );
}

#[test]
fn a_comment_with_no_slot_moves_above_its_node() {
    let out = formatted("param p: \"A\" // the first\n  | \"B\"\n");
    assert_eq!(out, "// the first\nparam p: \"A\" | \"B\"\n");
}

#[test]
fn a_file_of_comments_only_keeps_them() {
    assert_eq!(formatted("// one\n\n\n// two\n"), "// one\n\n// two\n");
}
