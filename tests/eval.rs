//! `tenet eval` end to end: every input shape Azure produces, the traps in them, the human and
//! JSON reports, parameters and exit codes.

#![expect(
    clippy::expect_used,
    reason = "a test stops on a broken fixture, with its reason"
)]
#![expect(
    clippy::panic,
    reason = "a report that is not JSON stops the test with both outputs"
)]
#![expect(
    clippy::indexing_slicing,
    reason = "reports are read by JSON index, null when absent"
)]

mod common;

use std::process::Command;

use common::{stderr, stdout, tenet};

const FIXTURES: &str = "tests/fixtures/eval";
const TEST_RULES: &str = "tests/fixtures/eval/rules";
/// A live-event rule of the tests' own, so that the input-shape tests do not move with the pack.
const LIVE_RULES: &str = "tests/fixtures/eval/rules-live";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// Runs `tenet eval --format json` and returns the report and the exit code.
fn json_report(args: &[&str]) -> (serde_json::Value, Option<i32>) {
    let mut all = vec!["eval", "--format", "json"];
    all.extend_from_slice(args);
    let output = tenet(&all);
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}\n{}", stdout(&output), stderr(&output)));
    (report, output.status.code())
}

/// The (rule, resource name, requirement) of every finding.
fn findings(report: &serde_json::Value) -> Vec<(String, String, String)> {
    let list = report["findings"].as_array().expect("a findings array");
    list.iter()
        .map(|finding| {
            let text = |value: &serde_json::Value| value.as_str().unwrap_or("-").to_string();
            (
                text(&finding["rule"]),
                text(&finding["resource"]["name"]),
                text(&finding["requirement"]),
            )
        })
        .collect()
}

fn triple(rule: &str, resource: &str, requirement: &str) -> (String, String, String) {
    (
        rule.to_string(),
        resource.to_string(),
        requirement.to_string(),
    )
}

#[test]
fn storage_roles_join_across_case_prefixes_and_inherited_scopes() {
    let (report, code) = json_report(&["--rules", TEST_RULES, &fixture("az-show-array.json")]);
    assert_eq!(code, Some(1));
    // contosomedia holds both roles: one with a subscription-prefixed role definition id and an
    // upper-case principal, one without the prefix and inherited from the resource group.
    assert_eq!(
        findings(&report),
        [
            triple("TEST-STORAGE-01", "contosoarchive", "bypass_azure_services"),
            triple("TEST-STORAGE-01", "contosoarchive", "blob_contributor"),
        ]
    );
    assert_eq!(report["rules"][0]["compliant"], 1);
}

#[test]
fn resource_graph_types_in_lower_case_and_mixed_case_ids_match() {
    let (report, code) = json_report(&["--rules", LIVE_RULES, &fixture("resource-graph.json")]);
    assert_eq!(code, Some(0), "{report}");
    assert!(findings(&report).is_empty());
    assert_eq!(report["rules"][0]["compliant"], 1);
}

#[test]
fn arm_list_responses_single_objects_and_ndjson_are_read() {
    let (list, _) = json_report(&["--rules", LIVE_RULES, &fixture("arm-list.json")]);
    assert_eq!(findings(&list), [triple("TEST-LIVE-01", "rehearsal", "-")]);
    assert_eq!(
        list["findings"][0]["resource"]["location"]["pointer"],
        "/value/0"
    );

    let (single, _) = json_report(&["--rules", LIVE_RULES, &fixture("single.json")]);
    assert_eq!(
        findings(&single),
        [triple("TEST-LIVE-01", "town-hall", "-")]
    );

    let (lines, _) = json_report(&["--rules", LIVE_RULES, &fixture("resources.ndjson")]);
    assert_eq!(
        findings(&lines),
        [
            triple("TEST-LIVE-01", "one", "-"),
            triple("TEST-LIVE-01", "two", "-")
        ]
    );
    assert_eq!(lines["findings"][1]["resource"]["location"]["line"], 4);
}

#[test]
fn template_children_are_flattened_and_unresolved_expressions_are_named() {
    let (report, code) = json_report(&["--rules", LIVE_RULES, &fixture("group-export.json")]);
    assert_eq!(code, Some(1));
    let found = findings(&report);
    assert_eq!(
        found,
        [
            triple("TEST-LIVE-01", "contosoams/keynote", "-"),
            triple("TEST-LIVE-01", "contosoams/backstage", "-")
        ]
    );
    let finding = &report["findings"][0];
    assert_eq!(
        finding["resource"]["type"],
        "Microsoft.Media/mediaservices/liveEvents"
    );
    assert_eq!(
        finding["resource"]["location"]["pointer"],
        "/resources/0/resources/0"
    );
    assert_eq!(finding["unresolved"][0], "`[reference('approval').status]`");
}

#[test]
fn several_inputs_merge_into_one_set_of_resources() {
    // The live event of arm-list.json belongs to the account of resource-graph.json, whose
    // private endpoint covers it.
    let (report, code) = json_report(&[
        "--rules",
        LIVE_RULES,
        &fixture("resource-graph.json"),
        &fixture("arm-list.json"),
    ]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["rules"][0]["compliant"], 2);
    assert_eq!(report["summary"]["resources"], 4);
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let input = std::fs::read(fixture("single.json")).expect("the fixture");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tenet"))
        .args(["eval", "--format", "json", "--rules", LIVE_RULES, "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("tenet starts");
    std::io::Write::write_all(&mut child.stdin.take().expect("a stdin"), &input).expect("written");
    let output = child.wait_with_output().expect("tenet ends");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    assert_eq!(
        report["findings"][0]["resource"]["location"]["file"],
        "<stdin>"
    );
}

#[test]
fn properties_null_exports_warn_with_the_commands_that_work() {
    let output = tenet(&[
        "eval",
        "--rules",
        LIVE_RULES,
        &fixture("properties-null.json"),
    ]);
    let text = stderr(&output);
    assert!(
        text.contains("`az resource list` does not return properties"),
        "{text}"
    );
    assert!(text.contains("az resource show --ids"), "{text}");
    assert!(text.contains("az graph query"), "{text}");
}

#[test]
fn broken_json_names_file_line_column_and_snippet_and_exits_4() {
    let output = tenet(&["eval", &fixture("broken.json")]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{text}");
    assert!(
        text.contains("tests/fixtures/eval/broken.json:6:"),
        "{text}"
    );
    assert!(
        text.contains("\"publicNetworkAccess\": \"Disabled\", }"),
        "{text}"
    );
}

#[test]
fn an_empty_input_evaluates_nothing_and_exits_5() {
    let output = tenet(&["eval", &fixture("empty.json")]);
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
}

#[test]
fn a_missing_input_is_one_line_and_exits_4() {
    let output = tenet(&["eval", "no-such-export.json"]);
    assert_eq!(output.status.code(), Some(4));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
}

#[test]
fn fail_on_sets_the_threshold_of_exit_code_1() {
    let args = |fail_on: &'static str| {
        [
            "eval",
            "--rules",
            LIVE_RULES,
            "--fail-on",
            fail_on,
            "tests/fixtures/eval/single.json",
        ]
    };
    assert_eq!(tenet(&args("high")).status.code(), Some(1));
    assert_eq!(tenet(&args("critical")).status.code(), Some(0));
    assert_eq!(tenet(&args("never")).status.code(), Some(0));
}

#[test]
fn parameters_are_checked_by_name_and_type() {
    let rules = "tests/fixtures/eval/rules-with-param";
    let base = [
        "eval",
        "--rules",
        rules,
        "tests/fixtures/eval/az-show-array.json",
    ];
    let with = |extra: &[&str]| tenet(&[&base[..], extra].concat());

    let unknown = with(&["--param", "bypas=AzureServices"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("did you mean `bypass`?"),
        "{}",
        stderr(&unknown)
    );

    let mistyped = with(&["--param", "bypass=[1]"]);
    assert_eq!(mistyped.status.code(), Some(2), "{}", stderr(&mistyped));

    let flagged = |args: &[&str]| {
        let mut all = vec!["--rules", rules, "tests/fixtures/eval/az-show-array.json"];
        all.extend_from_slice(args);
        let (report, _) = json_report(&all);
        findings(&report)
            .into_iter()
            .map(|(_, resource, _)| resource)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        flagged(&[]),
        ["contosoarchive"],
        "the default wants AzureServices"
    );
    assert_eq!(flagged(&["--param", "bypass=Logging"]), ["contosomedia"]);
    let file = "tests/fixtures/eval/params-azure.json";
    assert_eq!(
        flagged(&["--params", file]),
        ["contosomedia"],
        "Azure's assignment shape"
    );
}

#[test]
fn rule_errors_stop_evaluation_with_exit_3() {
    let output = tenet(&[
        "eval",
        "--rules",
        "tests/cases/check/closed_enum_typo.tenet",
        &fixture("single.json"),
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
}

#[test]
fn the_human_report_groups_findings_by_resource() {
    let output = tenet(&[
        "eval",
        "--color",
        "never",
        "--rules",
        TEST_RULES,
        &fixture("az-show-array.json"),
    ]);
    insta::assert_snapshot!("human_storage_report", stdout(&output));
}

#[test]
fn the_json_report_has_a_stable_shape() {
    let output = tenet(&[
        "eval",
        "--format",
        "json",
        "--rules",
        TEST_RULES,
        &fixture("az-show-array.json"),
    ]);
    let mut report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("a JSON report");
    report["tool"]["version"] = serde_json::json!("[version]");
    insta::assert_snapshot!(
        "json_storage_report",
        serde_json::to_string_pretty(&report).expect("JSON")
    );
}

#[test]
fn the_human_report_explains_template_findings() {
    let output = tenet(&[
        "eval",
        "--color",
        "never",
        "--rules",
        LIVE_RULES,
        &fixture("group-export.json"),
    ]);
    insta::assert_snapshot!("human_template_report", stdout(&output));
}
