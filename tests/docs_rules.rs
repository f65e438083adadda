//! `docs/rules.md` is generated from the rules' metadata by `tenet rules --format markdown`;
//! this test fails while the page is stale.

mod common;

use common::{stderr, stdout, tenet};

#[test]
fn the_rule_catalogue_is_up_to_date() {
    let output = tenet(&["rules", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
        .unwrap_or_default();
    assert!(
        page == stdout(&output),
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn every_rule_of_the_pack_is_in_the_catalogue_with_a_fix_and_a_section() {
    let output = tenet(&["rules", "--format", "json"]);
    let entries: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let entries = entries.as_array().cloned().unwrap_or_default();
    assert!(!entries.is_empty(), "{}", stderr(&output));
    for entry in entries {
        let id = entry
            .get("id")
            .and_then(|id| id.as_str())
            .unwrap_or("?")
            .to_string();
        let docs = entry
            .get("docs")
            .and_then(|docs| docs.as_str())
            .unwrap_or("");
        assert!(
            docs.contains("security-private-link-concept#"),
            "{id} links no section: {docs}"
        );
        let description = entry
            .get("description")
            .and_then(|d| d.as_str())
            .unwrap_or("");
        assert!(
            !description.is_empty(),
            "{id} has no doc comment saying why"
        );
        let fix = entry.get("fix").and_then(|fix| fix.as_str()).unwrap_or("");
        assert!(fix.starts_with("az "), "{id} has no `az` fix: {fix:?}");
    }
}

#[test]
fn rules_show_prints_one_rule_and_suggests_ids() {
    let list = tenet(&["rules", "--format", "json"]);
    let entries: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap_or_default();
    let first = entries
        .get(0)
        .and_then(|e| e.get("id"))
        .and_then(|id| id.as_str())
        .unwrap_or("");

    let shown = tenet(&["rules", "show", &first.to_lowercase()]);
    assert_eq!(shown.status.code(), Some(0), "{}", stderr(&shown));
    assert!(
        stdout(&shown).contains(&format!("rule {first} {{")),
        "{}",
        stdout(&shown)
    );

    let typo = format!("{first}x");
    let missing = tenet(&["rules", "show", &typo]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains(&format!("did you mean `{first}`?")),
        "{}",
        stderr(&missing)
    );
}
