//! `tenet explain` on the storage rule of the pack: a tree for each broken condition and for
//! a compliant account, by snapshot.

mod common;

use common::{stderr, stdout, tenet};

const STORAGE: &str = "/subscriptions/9c4e2b71-5a3d-4f08-b6e9-2d17c8a05f3e/resourceGroups/\
media-prod/providers/Microsoft.Storage/storageAccounts/larkspurtvmedia01";

fn explain(example: &str, format: &str) -> String {
    let input = format!("examples/{example}/export.json");
    let args = [
        "explain",
        "MS-STORAGE-01",
        "--resource",
        STORAGE,
        "--format",
        format,
        &input,
    ];
    let output = tenet(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn the_storage_rule_is_explained_for_each_broken_condition_and_a_compliant_account() {
    for example in [
        "storage-locked-down",
        "storage-no-azure-services-bypass",
        "storage-no-managed-identity",
        "storage-missing-role",
        "storage-not-using-managed-identity",
    ] {
        insta::assert_snapshot!(format!("explain_{example}"), explain(example, "human"));
    }
}

#[test]
fn the_json_tree_holds_the_same_outcome() {
    let tree: serde_json::Value =
        serde_json::from_str(&explain("storage-missing-role", "json")).unwrap_or_default();
    let outcome = tree.pointer("/tuples/0/outcome").and_then(|o| o.as_str());
    assert_eq!(outcome, Some("non-compliant"), "{tree}");
    let steps = tree
        .pointer("/tuples/0/steps")
        .and_then(|s| s.as_array())
        .cloned()
        .unwrap_or_default();
    let failed: Vec<&str> = steps
        .iter()
        .filter(|step| step.pointer("/node/value") == Some(&serde_json::json!(false)))
        .filter_map(|step| step.get("label").and_then(|label| label.as_str()))
        .collect();
    assert_eq!(failed, ["identity_holds_roles"]);
}

#[test]
fn unknown_rules_and_resources_are_usage_errors_with_suggestions() {
    let input = "examples/storage-locked-down/export.json";
    let rule = tenet(&["explain", "MS-STORAGE-1", "--resource", STORAGE, input]);
    assert_eq!(rule.status.code(), Some(2));
    assert!(
        stderr(&rule).contains("did you mean `MS-STORAGE-01`?"),
        "{}",
        stderr(&rule)
    );

    let typo = STORAGE.replace("media01", "media02");
    let resource = tenet(&["explain", "MS-STORAGE-01", "--resource", &typo, input]);
    assert_eq!(resource.status.code(), Some(2));
    assert!(
        stderr(&resource).contains("did you mean"),
        "{}",
        stderr(&resource)
    );
}
