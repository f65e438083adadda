//! The shipped examples, evaluated with the embedded pack: their exact findings are
//! snapshotted, and the configurations the guidance presents as valid get no high finding.

mod common;

use common::{stderr, tenet};

/// Every example folder, sorted.
fn examples() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut found: Vec<String> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|entry| entry.path().join("export.json").is_file())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The findings of one example as lines `severity rule resource requirement`.
fn findings(example: &str) -> Vec<String> {
    let path = format!("examples/{example}/export.json");
    let output = tenet(&["eval", "--format", "json", "--fail-on", "never", &path]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let list = report
        .get("findings")
        .and_then(|f| f.as_array())
        .cloned()
        .unwrap_or_default();
    assert!(
        report.get("version").is_some(),
        "{example}: no report\n{}",
        stderr(&output)
    );

    let text = |finding: &serde_json::Value, key: &str| {
        finding
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or("-")
            .to_string()
    };
    let mut lines: Vec<String> = list
        .iter()
        .map(|finding| {
            let resource = finding
                .get("resource")
                .map_or("-".to_string(), |r| text(r, "name"));
            format!(
                "{:<8} {:<18} {:<40} {}",
                text(finding, "severity"),
                text(finding, "rule"),
                resource,
                text(finding, "requirement")
            )
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn every_example_has_its_findings_snapshotted() {
    let all = examples();
    assert!(
        all.len() >= 10,
        "expected the examples of the guidance, found {all:?}"
    );
    for example in all {
        let lines = findings(&example);
        insta::assert_snapshot!(format!("example_{example}"), lines.join("\n"));
    }
}

#[test]
fn configurations_the_guidance_calls_valid_get_no_high_finding() {
    for example in [
        "no-private-endpoints",
        "private-live-events-streaming-to-internet",
    ] {
        let high: Vec<String> = findings(example)
            .into_iter()
            .filter(|line| line.starts_with("high"))
            .collect();
        assert!(
            high.is_empty(),
            "{example} is valid per the guidance, yet: {high:#?}"
        );
    }
}

#[test]
fn every_example_is_described_in_the_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/README.md"))
            .unwrap_or_default();
    for example in examples() {
        assert!(
            readme.contains(&format!("`{example}/`")),
            "examples/README.md lacks {example}"
        );
    }
}
