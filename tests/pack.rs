//! The shipped rule pack over real-shaped exports. Each rule has a folder under
//! `tests/fixtures/pack/` named by its id in lower case: `fires.json` gives exactly the findings
//! listed here, and every `quiet*.json` gives the rule none. The configurations that the
//! guidance presents as valid get no high finding, an export without properties gives none at
//! all, and the pack checks without a warning.

#![expect(
    clippy::indexing_slicing,
    reason = "reports are read by JSON index, null when absent"
)]
#![expect(
    clippy::panic,
    reason = "a report that is not JSON stops the test with both outputs"
)]

mod common;

use std::path::Path;

use common::{stderr, stdout, tenet};

const FIXTURES: &str = "tests/fixtures/pack";

/// A finding as the tests compare it: the resource's name and the failed requirement's label.
type Finding = (&'static str, Option<&'static str>);

/// Every rule of the pack, with the findings it gives in its `fires.json`.
const FIRES: &[(&str, &[Finding])] = &[
    (
        "MS-ACCESS-01",
        &[
            ("contosoams", Some("streaming_endpoints")),
            ("contosoams", Some("live_events")),
            ("fabrikamams", Some("key_delivery")),
        ],
    ),
    ("MS-ACCESS-02", &[("contosoams", None)]),
    ("MS-CDN-01", &[("cdn", None)]),
    ("MS-CDN-02", &[("cdn", None), ("cdnspare", None)]),
    ("MS-EVENTGRID-01", &[("ams-jobs", None), ("ams-live", None)]),
    ("MS-EVENTGRID-02", &[("ams-events", None)]),
    (
        "MS-KEYDELIVERY-01",
        &[
            ("contosoams", None),
            ("fabrikamams", None),
            ("northwindams", None),
        ],
    ),
    (
        "MS-KEYVAULT-01",
        &[("contoso-media-kv", None), ("fabrikam-kv", None)],
    ),
    (
        "MS-LEGACY-01",
        &[("contosoams", None), ("fabrikamams", None)],
    ),
    (
        "MS-LEGACY-02",
        &[("contosoams", None), ("fabrikamams", None)],
    ),
    (
        "MS-LIVE-01",
        &[
            ("openingest", None),
            ("noacl", None),
            ("cidrall", None),
            ("orphan", None),
        ],
    ),
    ("MS-LIVE-02", &[("secure-ingest", None), ("noacl", None)]),
    // One finding per connection that is not approved: one pending, one rejected.
    (
        "MS-PRIVATE-01",
        &[("contosoams", None), ("contosoams", None)],
    ),
    (
        "MS-PRIVATE-02",
        &[
            ("pe-live-wrong", Some("targets_account")),
            ("pe-typo", Some("known_group")),
            ("pe-nogroup", Some("known_group")),
        ],
    ),
    ("MS-PRIVATE-03", &[("contosoams", None)]),
    (
        "MS-STORAGE-01",
        &[
            ("contosomedia", Some("bypass_azure_services")),
            ("contosoarchive", Some("identity_holds_roles")),
            ("fabrikammedia", Some("managed_identity")),
            ("fabrikammedia", Some("identity_holds_roles")),
            ("fabrikammedia", Some("uses_managed_identity")),
            ("contosolivestore", Some("identity_holds_roles")),
        ],
    ),
    (
        "MS-STREAMING-01",
        &[("default", None), ("premium", None), ("allowall", None)],
    ),
];

/// Runs the pack in `rules/` over one export and returns the JSON report. The run must
/// succeed; findings never fail it here.
fn report(path: &str) -> serde_json::Value {
    let output = tenet(&[
        "eval",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--allow-empty",
        "--rules",
        "rules/",
        path,
    ]);
    assert_eq!(output.status.code(), Some(0), "{path}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{path}: {error}: {}\n{}", stdout(&output), stderr(&output)))
}

/// The findings of one rule in a report, as (resource name, requirement), sorted.
fn findings_of(report: &serde_json::Value, rule: &str) -> Vec<(String, Option<String>)> {
    let list = report["findings"].as_array().cloned().unwrap_or_default();
    let mut found: Vec<(String, Option<String>)> = list
        .iter()
        .filter(|finding| finding["rule"] == rule)
        .map(|finding| {
            let name = finding["resource"]["name"].as_str().unwrap_or("-");
            let requirement = finding["requirement"].as_str().map(str::to_string);
            (name.to_string(), requirement)
        })
        .collect();
    found.sort();
    found
}

/// The fixture folder of a rule.
fn folder(rule: &str) -> String {
    format!("{FIXTURES}/{}", rule.to_lowercase())
}

/// The `quiet*.json` files of a rule's folder, sorted.
fn quiet_files(rule: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder(rule));
    let mut files: Vec<String> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with("quiet") && name.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .map(|name| format!("{}/{name}", folder(rule)))
        .collect()
}

#[test]
fn every_rule_gives_exactly_its_findings_in_its_fires_fixture() {
    let mut wrong = Vec::new();
    for (rule, expected) in FIRES {
        let mut expected: Vec<(String, Option<String>)> = expected
            .iter()
            .map(|(name, label)| (name.to_string(), label.map(str::to_string)))
            .collect();
        expected.sort();
        assert!(!expected.is_empty(), "{rule} lists no finding");
        let path = format!("{}/fires.json", folder(rule));
        let found = findings_of(&report(&path), rule);
        if found != expected {
            wrong.push(format!(
                "{rule} in {path}:\n  found    {found:?}\n  expected {expected:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_rule_stays_quiet_in_its_quiet_fixtures() {
    let mut noisy = Vec::new();
    for (rule, _) in FIRES {
        let files = quiet_files(rule);
        assert!(!files.is_empty(), "{rule} has no quiet fixture");
        for path in files {
            let found = findings_of(&report(&path), rule);
            if !found.is_empty() {
                noisy.push(format!("{rule} in {path}: {found:?}"));
            }
        }
    }
    assert!(noisy.is_empty(), "{}", noisy.join("\n"));
}

#[test]
fn every_rule_of_the_pack_has_fixtures_and_every_fixture_folder_a_rule() {
    let report = report(&format!("{FIXTURES}/valid/no-private-endpoints.json"));
    let rules = report["rules"].as_array().cloned().unwrap_or_default();
    let mut in_pack: Vec<String> = rules
        .iter()
        .filter_map(|rule| rule["id"].as_str().map(str::to_string))
        .collect();
    in_pack.sort();
    let mut tested: Vec<String> = FIRES.iter().map(|(rule, _)| rule.to_string()).collect();
    tested.sort();
    assert_eq!(in_pack, tested, "every rule of the pack needs fixtures");

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES);
    let mut folders: Vec<String> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|entry| entry.path().is_dir())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name != "valid" && name != "formats")
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    let mut expected: Vec<String> = tested.iter().map(|rule| rule.to_lowercase()).collect();
    expected.sort();
    assert_eq!(folders, expected, "a fixture folder names no rule");
}

#[test]
fn the_configurations_the_guidance_presents_as_valid_get_no_high_finding() {
    for name in [
        "no-private-endpoints.json",
        "private-ingest-public-streaming.json",
        "disabled-internet.json",
    ] {
        let path = format!("{FIXTURES}/valid/{name}");
        let report = report(&path);
        let findings = report["findings"].as_array().cloned().unwrap_or_default();
        let high: Vec<&serde_json::Value> = findings
            .iter()
            .filter(|finding| finding["severity"] == "high" || finding["severity"] == "critical")
            .collect();
        assert!(high.is_empty(), "{path}: {high:#?}");
    }
}

#[test]
fn an_account_reached_only_privately_with_admitted_storage_gets_no_finding() {
    let report = report(&format!("{FIXTURES}/valid/disabled-internet.json"));
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(report["summary"]["non_compliant"], 0);
}

#[test]
fn an_export_without_properties_gives_no_finding() {
    // `az resource list` returns `"properties": null` for every resource; a missing property
    // there says nothing about the configuration, so no rule may read it as one.
    let report = report(&format!("{FIXTURES}/formats/resource-list.json"));
    assert_eq!(report["findings"], serde_json::json!([]));
}

#[test]
fn the_embedded_pack_gives_the_same_findings_as_rules_on_disk() {
    let path = format!("{}/fires.json", folder("MS-STORAGE-01"));
    let output = tenet(&["eval", "--format", "json", "--fail-on", "never", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let embedded: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}\n{}", stdout(&output), stderr(&output)));
    let on_disk = report(&path);
    assert_eq!(embedded["findings"], on_disk["findings"]);
    assert_eq!(embedded["rules"], on_disk["rules"]);
}

#[test]
fn the_pack_checks_without_errors_or_warnings() {
    let output = tenet(&["check", "--deny-warnings", "rules/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = tenet(&["check", "rules/"]);
    assert!(
        stderr(&output).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&output)
    );
}
