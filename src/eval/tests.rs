//! Evaluation tests: small rules over small, real-shaped resources, one semantic point each.

use serde_json::{Value as Json, json};

use super::*;
use crate::diag::SourceMap;

const STORAGE: &str = "Microsoft.Storage/storageAccounts";

/// Checks `rules` against the shipped schemas and evaluates them over `resources`.
fn run(rules: &str, resources: &Json, params: &Params) -> Evaluation {
    let mut sources = SourceMap::new();
    let file = sources.add("test.tenet", rules);
    let parsed = crate::syntax::parse(file, rules);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let (prelude, _) = crate::pack::schema_modules(&mut sources);
    let checked = crate::check::check_with_prelude(vec![parsed.module], &prelude);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let program = checked.program.expect("a checked program");

    let items = resources.as_array().expect("an array of resources");
    let entries = items.iter().map(|json| Entry {
        id: json["id"].as_str().unwrap_or(""),
        type_name: json["type"].as_str().unwrap_or(""),
        json,
    });
    let set = ResourceSet::new(entries);
    let evaluation = evaluate(&program, &set, params);
    // The program and set are dropped here; the evaluation owns all it holds.
    evaluation
}

/// A resource type without a schema, for data that the checker cannot vouch for.
const UNTYPED: &str = "Contoso.Test/widgets";

/// The outcome of a one-requirement rule over one storage account.
fn holds(condition: &str, account: Json) -> bool {
    holds_on(STORAGE, condition, account)
}

/// The outcome of a one-requirement rule over one resource of type `type_name`.
fn holds_on(type_name: &str, condition: &str, account: Json) -> bool {
    let rules = format!(
        "rule t {{\n  title \"t\"\n  severity low\n  for s in resources(\"{type_name}\")\n  require {condition}\n}}\n"
    );
    let mut account = account;
    account["id"] =
        json!("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a");
    account["type"] = json!(type_name);
    account["name"] = json!("a");
    let evaluation = run(&rules, &json!([account]), &Params::new());
    let summary = &evaluation.rules[0];
    assert_eq!(
        summary.compliant + summary.non_compliant,
        1,
        "one tuple for {condition}"
    );
    summary.compliant == 1
}

fn storage(properties: Json) -> Json {
    json!({ "properties": properties })
}

#[test]
fn string_equality_ignores_case() {
    let account = storage(json!({"publicNetworkAccess": "disabled"}));
    assert!(holds(
        "s.properties.publicNetworkAccess == \"Disabled\"",
        account.clone()
    ));
    assert!(!holds(
        "s.properties.publicNetworkAccess != \"DISABLED\"",
        account
    ));
}

#[test]
fn a_missing_property_is_null_and_differs_from_every_value() {
    let account = storage(json!({}));
    assert!(holds(
        "s.properties.publicNetworkAccess == null",
        account.clone()
    ));
    assert!(holds(
        "s.properties.publicNetworkAccess != \"Disabled\"",
        account.clone()
    ));
    assert!(!holds(
        "s.properties.publicNetworkAccess == \"Disabled\"",
        account.clone()
    ));
    assert!(holds(
        "not exists(s.properties.networkAcls.bypass)",
        account
    ));
}

#[test]
fn paths_through_null_and_non_objects_are_null() {
    assert!(holds(
        "s.properties.networkAcls.bypass == null",
        json!({"properties": null})
    ));
    let text = storage(json!({"minimumTlsVersion": "TLS1_2"}));
    assert!(holds_on(
        UNTYPED,
        "s.properties.minimumTlsVersion.x == null",
        text
    ));
}

#[test]
fn property_names_match_regardless_of_case() {
    let account = storage(json!({"NetworkAcls": {"DefaultAction": "Deny"}}));
    assert!(holds(
        "s.properties.networkAcls.defaultAction == \"Deny\"",
        account
    ));
}

#[test]
fn in_and_contains_compare_regardless_of_case() {
    let account = storage(json!({"networkAcls": {"bypass": "Logging, azureservices"}}));
    assert!(holds(
        "\"AzureServices\" in split(s.properties.networkAcls.bypass, \",\")",
        account.clone()
    ));
    assert!(holds(
        "s.properties.networkAcls.bypass contains \"AZURESERVICES\"",
        account.clone()
    ));
    assert!(!holds(
        "\"Metrics\" in split(s.properties.networkAcls.bypass, \",\")",
        account
    ));
}

#[test]
fn quantifiers_over_missing_or_empty_lists() {
    let account = storage(json!({"networkAcls": {"ipRules": []}}));
    assert!(holds(
        "all r in s.properties.networkAcls.ipRules: r.value == \"x\"",
        account.clone()
    ));
    assert!(!holds(
        "any r in s.properties.networkAcls.ipRules: r.value == \"x\"",
        account.clone()
    ));
    assert!(holds(
        "count(r in s.properties.networkAcls.ipRules: true) == 0",
        account
    ));
    let missing = storage(json!({}));
    assert!(holds(
        "exists(s.properties.networkAcls.ipRules) == false",
        missing
    ));
}

#[test]
fn like_and_matches() {
    let account =
        storage(json!({"primaryEndpoints": {"blob": "https://a.blob.core.windows.net/"}}));
    assert!(holds(
        "s.properties.primaryEndpoints.blob like \"https://*.BLOB.core.windows.net/\"",
        account.clone()
    ));
    assert!(holds(
        "s.properties.primaryEndpoints.blob matches \"blob\\\\.core\"",
        account.clone()
    ));
    assert!(!holds(
        "s.properties.primaryEndpoints.blob matches \"BLOB\"",
        account.clone()
    ));
    assert!(holds(
        "s.properties.primaryEndpoints.blob matches \"(?i)BLOB\"",
        account
    ));
}

#[test]
fn comparisons_across_kinds_are_false_both_ways() {
    let account = storage(json!({"size": 3, "flag": false}));
    assert!(!holds_on(
        UNTYPED,
        "s.properties.size < \"5\"",
        account.clone()
    ));
    assert!(!holds_on(
        UNTYPED,
        "s.properties.size >= \"5\"",
        account.clone()
    ));
    assert!(!holds_on(
        UNTYPED,
        "s.properties.flag == \"false\"",
        account.clone()
    ));
    assert!(holds_on(UNTYPED, "s.properties.size != \"3\"", account));
}

#[test]
fn conditions_short_circuit() {
    // The right side would be false; `or` never evaluates it once the left is true.
    assert!(holds_on(
        UNTYPED,
        "true or s.properties.x.y == 1",
        storage(json!({}))
    ));
    assert!(!holds("false and true", storage(json!({}))));
    assert!(holds("false implies false", storage(json!({}))));
}

#[test]
fn builtins_on_ids() {
    let account = storage(json!({}));
    assert!(holds(
        "last_segment(\"/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/ABC/\") == \"abc\"",
        account.clone()
    ));
    assert!(holds(
        "within(s.id, \"/SUBSCRIPTIONS/s/resourceGroups/RG\")",
        account.clone()
    ));
    assert!(!holds(
        "within(s.id, \"/subscriptions/s/resourceGroups/rg2\")",
        account.clone()
    ));
    assert!(!holds(
        "within(\"/subscriptions/s/resourceGroups/rg22\", \"/subscriptions/s/resourceGroups/rg2\")",
        account.clone()
    ));
    assert!(holds("within(s.id, \"/\")", account.clone()));
    let event = "\"/subscriptions/S/resourceGroups/RG/providers/Microsoft.Media/mediaservices/a/liveEvents/e\"";
    let parent = "\"/subscriptions/S/resourceGroups/RG/providers/Microsoft.Media/mediaservices/a\"";
    assert!(holds(
        &format!("parent_id({event}) == {parent}"),
        account.clone()
    ));
    assert!(holds(
        &format!("parent_id({parent}) == null"),
        account.clone()
    ));
    assert!(holds(
        "starts_with(s.id, \"/SUBSCRIPTIONS\") and ends_with(s.name, \"A\")",
        account.clone()
    ));
    assert!(holds(
        "lower(\"AbC\") == \"abc\" and upper(\"a\") == \"A\" and len([1, 2]) == 2",
        account
    ));
}

#[test]
fn when_makes_tuples_not_applicable() {
    let rules = format!(
        "rule t {{\n  title \"t\"\n  severity low\n  for s in resources(\"{STORAGE}\")\n  when s.properties.publicNetworkAccess == \"Disabled\"\n  require false\n}}\n"
    );
    let resources = json!([
        {"id": "/a", "type": STORAGE, "name": "a", "properties": {"publicNetworkAccess": "Disabled"}},
        {"id": "/b", "type": "microsoft.storage/storageaccounts", "name": "b", "properties": {}},
    ]);
    let evaluation = run(&rules, &resources, &Params::new());
    let summary = &evaluation.rules[0];
    assert_eq!(
        (
            summary.compliant,
            summary.non_compliant,
            summary.not_applicable
        ),
        (0, 1, 1)
    );
    assert_eq!(evaluation.findings.len(), 1);
    assert_eq!(evaluation.findings[0].resource, Some(0));
}

#[test]
fn each_failed_requirement_is_its_own_finding_with_evidence() {
    let rules = format!(
        "rule t {{\n  title \"t\"\n  severity high\n  message \"account {{s.name}} fails\"\n  for s in resources(\"{STORAGE}\")\n  require {{\n    bypass: \"AzureServices\" in split(s.properties.networkAcls.bypass, \",\")\n    deny: s.properties.networkAcls.defaultAction == \"Deny\"\n    https: s.properties.supportsHttpsTrafficOnly == true\n  }}\n}}\n"
    );
    let resources = json!([{"id": "/a", "type": STORAGE, "name": "acct", "properties": {
        "networkAcls": {"bypass": "Logging, Metrics", "defaultAction": "Allow"},
        "supportsHttpsTrafficOnly": true
    }}]);
    let evaluation = run(&rules, &resources, &Params::new());
    let labels: Vec<_> = evaluation
        .findings
        .iter()
        .map(|f| f.requirement.clone())
        .collect();
    assert_eq!(
        labels,
        [Some("bypass".to_string()), Some("deny".to_string())]
    );

    let bypass = &evaluation.findings[0];
    assert_eq!(bypass.message.as_deref(), Some("account acct fails"));
    let [evidence] = bypass.evidence.as_slice() else {
        panic!("{:?}", bypass.evidence)
    };
    assert_eq!(evidence.actual, json!(["Logging", "Metrics"]));
    assert_eq!(
        evidence.check,
        Check::Compare {
            op: BinaryOp::Contains,
            expected: json!("AzureServices"),
            negated: false
        }
    );

    let deny = &evaluation.findings[1];
    assert_eq!(deny.evidence[0].actual, json!("Allow"));
}

#[test]
fn evidence_names_the_element_that_fails_all() {
    let rules = format!(
        "rule t {{\n  title \"t\"\n  severity high\n  for s in resources(\"{STORAGE}\")\n  require exists(s.properties.networkAcls.ipRules) and all r in s.properties.networkAcls.ipRules: r.value != \"0.0.0.0/0\"\n}}\n"
    );
    let resources = json!([{"id": "/a", "type": STORAGE, "name": "a", "properties": {
        "networkAcls": {"ipRules": [{"value": "10.0.0.0/8"}, {"value": "0.0.0.0/0"}]}
    }}]);
    let evaluation = run(&rules, &resources, &Params::new());
    let evidence = &evaluation.findings[0].evidence;
    assert!(
        matches!(
            evidence[0].check,
            Check::Quantified {
                culprit: Some(1),
                elements: 2,
                ..
            }
        ),
        "{evidence:?}"
    );
    assert_eq!(evidence[1].actual, json!("0.0.0.0/0"));
}

#[test]
fn parameters_take_defaults_or_the_values_set() {
    let rules = format!(
        "param wanted: string = \"TLS1_2\"\nrule t {{\n  title \"t\"\n  severity low\n  for s in resources(\"{STORAGE}\")\n  require s.properties.minimumTlsVersion == wanted\n}}\n"
    );
    let resources = json!([{"id": "/a", "type": STORAGE, "name": "a", "properties": {"minimumTlsVersion": "TLS1_0"}}]);
    assert_eq!(run(&rules, &resources, &Params::new()).findings.len(), 1);
    let params = Params::from([("wanted".to_string(), json!("tls1_0"))]);
    assert_eq!(run(&rules, &resources, &params).findings.len(), 0);
}

#[test]
fn parents_children_and_lookups_by_id() {
    let account = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Media/mediaservices/ams";
    let rules = r#"
rule t {
  title "t"
  severity low
  for event in resources("Microsoft.Media/mediaservices/liveEvents")
  let account = parent(event)
  require account.properties.publicNetworkAccess == "Disabled"
    and len(children(account, "Microsoft.Media/mediaservices/liveEvents")) == 2
    and resource(lower(account.id)).name == "ams"
}
"#;
    let resources = json!([
        {"id": account, "type": "Microsoft.Media/mediaservices", "name": "ams", "properties": {"publicNetworkAccess": "Disabled"}},
        {"id": format!("{account}/liveevents/one"), "type": "Microsoft.Media/mediaservices/liveevents", "name": "one", "properties": {}},
        {"id": format!("{account}/liveEvents/two"), "type": "Microsoft.Media/mediaservices/liveEvents", "name": "two", "properties": {}},
    ]);
    let evaluation = run(rules, &resources, &Params::new());
    assert_eq!(
        evaluation.rules[0].compliant, 2,
        "{:?}",
        evaluation.findings
    );
}

#[test]
fn a_typed_let_of_another_resource_type_reads_as_missing() {
    let rules = format!(
        "rule t {{\n  title \"t\"\n  severity low\n  for s in resources(\"{STORAGE}\")\n  let other: resource(\"Microsoft.KeyVault/vaults\") = resource(s.id)\n  require other == null\n}}\n"
    );
    let resources = json!([{"id": "/a", "type": STORAGE, "name": "a", "properties": {}}]);
    assert_eq!(
        run(&rules, &resources, &Params::new()).rules[0].compliant,
        1
    );
}

#[test]
fn disabled_rules_evaluate_nothing() {
    let rules = format!(
        "rule t {{\n  title \"t\"\n  severity low\n  effect disabled\n  for s in resources(\"{STORAGE}\")\n  require false\n}}\n"
    );
    let resources = json!([{"id": "/a", "type": STORAGE, "name": "a"}]);
    let evaluation = run(&rules, &resources, &Params::new());
    assert!(evaluation.findings.is_empty());
    assert_eq!(evaluation.rules[0].non_compliant, 0);
}

#[test]
fn joins_by_index_find_the_same_matches_as_a_scan() {
    let rules = r#"
def holds(principal, scope: string, role: string): bool =
  any a in resources("Microsoft.Authorization/roleAssignments"):
    a.properties.principalId == principal
    and within(scope, a.properties.scope)
    and last_segment(a.properties.roleDefinitionId) == role

rule t {
  title "t"
  severity low
  for s in resources("Microsoft.Storage/storageAccounts")
  require holds(s.identity.principalId, s.id, "reader-guid")
}

rule linked {
  title "linked"
  severity low
  for s in resources("Microsoft.Storage/storageAccounts")
  require any pe in resources("Microsoft.Network/privateEndpoints"):
    any link in pe.properties.privateLinkServiceConnections:
      link.properties.privateLinkServiceId == s.id
}
"#;
    let rg = "/subscriptions/s/resourceGroups/rg";
    let storage = |name: &str, principal: Json| {
        json!({"id": format!("{rg}/providers/Microsoft.Storage/storageAccounts/{name}"),
               "type": STORAGE, "name": name, "identity": {"principalId": principal}})
    };
    let assignment = |principal: &str, scope: &str| {
        json!({"id": format!("/x/{principal}/{scope}"), "type": "Microsoft.Authorization/roleAssignments",
               "name": "ra", "properties": {"principalId": principal, "scope": scope,
               "roleDefinitionId": "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/READER-GUID"}})
    };
    let endpoint = json!({"id": "/pe", "type": "Microsoft.Network/privateEndpoints", "name": "pe",
    "properties": {"privateLinkServiceConnections": [
        {"properties": {"privateLinkServiceId": format!("{rg}/providers/Microsoft.Storage/storageAccounts/B")}}
    ]}});
    let resources = json!([
        storage("a", json!("P1")),
        storage("b", json!("p2")),
        storage("c", json!(null)),
        assignment("p1", &format!("{}/resourcegroups/RG", "/subscriptions/S")),
        assignment("P2", "/subscriptions/s/resourceGroups/other"),
        endpoint,
    ]);
    let evaluation = run(rules, &resources, &Params::new());
    let roles = &evaluation.rules[0];
    assert_eq!(
        (roles.compliant, roles.non_compliant),
        (1, 2),
        "only `a` holds the role"
    );
    let linked = &evaluation.rules[1];
    assert_eq!(
        (linked.compliant, linked.non_compliant),
        (1, 2),
        "only `b` has an endpoint"
    );
}
