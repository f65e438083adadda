//! Reads the export fixtures under `tests/fixtures/input/`, one per shape `az` and ARM write,
//! and checks what each yields: ids, types, names, places, warnings and errors.

#![expect(
    clippy::expect_used,
    reason = "a test stops on a missing or unreadable fixture, with its reason"
)]

use std::collections::HashSet;
use std::io::{self, Read};
use std::path::Path;

use serde_json::json;
use tenet::input::{InputError, InputWarning, Inputs, Keep};

/// The resource group every fixture's ids share.
const GROUP: &str = "/subscriptions/5b1f7a52-0c3e-4d8e-9a61-2f4b8c7d9e10/resourceGroups/media-prod";

/// The group that ids built for template resources use.
const TEMPLATE_GROUP: &str =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/template";

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/input")
        .join(name);
    std::fs::read(path).expect("the fixture exists")
}

/// Reads fixtures into one `Inputs`, each through a reader that hands out `step` bytes a
/// time, so small steps put chunk boundaries everywhere.
fn read_stepped(names: &[&str], keep: &Keep, step: usize) -> Inputs {
    let mut inputs = Inputs::default();
    for name in names {
        let bytes = fixture(name);
        let reader = Trickle {
            bytes: &bytes,
            step,
        };
        inputs.read(name, reader, keep).expect("the fixture reads");
    }
    inputs
}

fn read(name: &str, keep: &Keep) -> Inputs {
    read_stepped(&[name], keep, usize::MAX)
}

fn read_error(name: &str) -> InputError {
    let mut inputs = Inputs::default();
    let error = inputs.read(name, &fixture(name)[..], &Keep::All).err();
    error.expect("the fixture fails to read")
}

/// A reader that returns at most `step` bytes per call, as a pipe may.
struct Trickle<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let step = u64::try_from(self.step).unwrap_or(u64::MAX);
        (&mut self.bytes).take(step).read(out)
    }
}

/// Each kept resource as (pointer, line, column, type, name).
fn places(inputs: &Inputs) -> Vec<(String, usize, usize, String, String)> {
    let resources = inputs.resources.iter();
    let rows = resources.map(|r| {
        let at = &r.location;
        (
            at.pointer.clone(),
            at.line,
            at.column,
            r.type_name.clone(),
            r.name.clone(),
        )
    });
    rows.collect()
}

fn place(
    pointer: &str,
    line: usize,
    column: usize,
    type_name: &str,
    name: &str,
) -> (String, usize, usize, String, String) {
    (pointer.into(), line, column, type_name.into(), name.into())
}

fn ids(inputs: &Inputs) -> Vec<String> {
    inputs.resources.iter().map(|r| r.id.clone()).collect()
}

fn types(names: &[&str]) -> Keep {
    Keep::Types(
        names
            .iter()
            .map(|name| name.to_lowercase())
            .collect::<HashSet<_>>(),
    )
}

#[test]
fn an_az_resource_show_array_yields_each_element() {
    let inputs = read("resource-show.json", &Keep::All);
    assert_eq!(
        places(&inputs),
        [
            place("/0", 2, 3, "Microsoft.Media/mediaservices", "northwindtv"),
            place(
                "/1",
                48,
                3,
                "Microsoft.Media/mediaservices/liveevents",
                "morning-show"
            ),
        ]
    );
    assert_eq!(
        ids(&inputs),
        [
            format!("{GROUP}/providers/Microsoft.Media/mediaservices/northwindtv"),
            format!(
                "{GROUP}/providers/Microsoft.Media/mediaservices/northwindtv/liveevents/\
                 morning-show"
            ),
        ]
    );
    let account = &inputs.resources[0].value;
    assert_eq!(account["tags"]["owner"], json!("broadcast \"ops\" [team]"));
    assert_eq!(
        account["properties"]["publicNetworkAccess"],
        json!("Enabled")
    );
    assert_eq!((inputs.total, inputs.warnings.len()), (2, 0));
    assert_eq!(inputs.files, ["resource-show.json"]);
}

#[test]
fn a_single_object_is_one_resource_at_the_empty_pointer() {
    let inputs = read("resource-show-single.json", &Keep::All);
    assert_eq!(
        places(&inputs),
        [place(
            "",
            1,
            1,
            "Microsoft.Storage/storageAccounts",
            "northwindstore"
        )]
    );
    assert_eq!(
        ids(&inputs),
        [format!(
            "{GROUP}/providers/Microsoft.Storage/storageAccounts/northwindstore"
        )]
    );
    assert_eq!(
        inputs.resources[0].value["sku"]["name"],
        json!("Standard_LRS")
    );
}

#[test]
fn an_arm_list_response_streams_its_value_array() {
    let inputs = read("list-response.json", &Keep::All);
    let endpoints = "Microsoft.Media/mediaservices/streamingEndpoints";
    assert_eq!(
        places(&inputs),
        [
            place("/value/0", 3, 5, endpoints, "default"),
            place("/value/1", 17, 5, endpoints, "backup"),
        ]
    );
    let account = format!("{GROUP}/providers/Microsoft.Media/mediaservices/northwindtv");
    assert_eq!(
        ids(&inputs),
        [
            format!("{account}/streamingendpoints/default"),
            format!("{account}/streamingendpoints/backup")
        ]
    );
    assert_eq!(
        inputs.resources[1].value["properties"]["accessControl"],
        json!(null)
    );
}

#[test]
fn a_resource_graph_object_keeps_lower_case_types_as_exported() {
    let inputs = read("resource-graph.json", &Keep::All);
    assert_eq!(
        places(&inputs),
        [
            place(
                "/data/0",
                4,
                5,
                "microsoft.media/mediaservices",
                "northwindtv"
            ),
            place(
                "/data/1",
                25,
                5,
                "microsoft.network/privateendpoints",
                "pe-keydelivery"
            ),
        ]
    );
    assert_eq!(
        ids(&inputs),
        [
            format!("{GROUP}/providers/Microsoft.Media/mediaservices/northwindtv"),
            format!("{GROUP}/providers/Microsoft.Network/privateEndpoints/pe-keydelivery"),
        ]
    );
}

#[test]
fn resource_graph_types_match_the_kept_set_without_case() {
    let inputs = read(
        "resource-graph.json",
        &types(&["Microsoft.Media/mediaServices"]),
    );
    assert_eq!(
        places(&inputs),
        [place(
            "/data/0",
            4,
            5,
            "microsoft.media/mediaservices",
            "northwindtv"
        )]
    );
    assert_eq!(inputs.total, 2);
}

#[test]
fn a_resource_graph_rest_response_streams_data_after_other_arrays() {
    let inputs = read("resource-graph-rest.json", &Keep::All);
    let pointers: Vec<(String, usize, usize)> = places(&inputs)
        .into_iter()
        .map(|(pointer, line, column, ..)| (pointer, line, column))
        .collect();
    assert_eq!(
        pointers,
        [
            ("/data/0".to_string(), 7, 5),
            ("/data/1".to_string(), 28, 5)
        ]
    );
    assert_eq!((inputs.total, inputs.warnings.len()), (2, 0));
}

#[test]
fn a_bare_resource_graph_array_is_an_array_of_resources() {
    let inputs = read("resource-graph-array.json", &Keep::All);
    assert_eq!(
        places(&inputs),
        [
            place("/0", 2, 3, "microsoft.media/mediaservices", "northwindtv"),
            place(
                "/1",
                23,
                3,
                "microsoft.network/privateendpoints",
                "pe-keydelivery"
            ),
        ]
    );
}

#[test]
fn a_group_export_template_is_flattened_and_resolved() {
    let inputs = read("group-export.json", &Keep::All);
    let media = "Microsoft.Media/mediaservices";
    let zone = "privatelink.media.azure.net";
    assert_eq!(
        places(&inputs),
        [
            place(
                "/resources/0",
                23,
                5,
                "Microsoft.Storage/storageAccounts",
                "northwindstore"
            ),
            place("/resources/1", 37, 5, media, "northwindtv"),
            place(
                "/resources/1/resources/0",
                61,
                9,
                &format!("{media}/liveEvents"),
                "northwindtv/morning-show"
            ),
            place(
                "/resources/1/resources/1",
                87,
                9,
                &format!("{media}/streamingEndpoints"),
                "northwindtv/default"
            ),
            place(
                "/resources/2",
                99,
                5,
                "Microsoft.Network/privateEndpoints",
                "pe-keydelivery"
            ),
            place(
                "/resources/3",
                121,
                5,
                "Microsoft.Network/privateDnsZones",
                zone
            ),
            place(
                "/resources/3/resources/0",
                127,
                9,
                "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
                &format!("{zone}/mediaDnsLink")
            ),
        ]
    );
    let account = format!("{TEMPLATE_GROUP}/providers/{media}/northwindtv");
    let storage =
        format!("{TEMPLATE_GROUP}/providers/Microsoft.Storage/storageAccounts/northwindstore");
    assert_eq!(
        ids(&inputs),
        [
            storage.clone(),
            account.clone(),
            format!("{account}/liveEvents/morning-show"),
            format!("{account}/streamingEndpoints/default"),
            format!("{TEMPLATE_GROUP}/providers/Microsoft.Network/privateEndpoints/pe-keydelivery"),
            format!("{TEMPLATE_GROUP}/providers/Microsoft.Network/privateDnsZones/{zone}"),
            format!(
                "{TEMPLATE_GROUP}/providers/Microsoft.Network/privateDnsZones/{zone}/\
                 virtualNetworkLinks/mediaDnsLink"
            ),
        ]
    );
    assert_eq!((inputs.total, inputs.warnings.len()), (7, 0));
}

#[test]
fn template_strings_resolve_everywhere_and_the_rest_is_listed() {
    let inputs = read("group-export.json", &Keep::All);
    let [storage, account, live, endpoint, private_endpoint, _, link] = &inputs.resources[..]
    else {
        panic!("expected seven resources, got {}", inputs.resources.len());
    };
    let storage_id = json!(storage.id);
    assert_eq!(
        account.value["properties"]["storageAccounts"][0]["id"],
        storage_id
    );
    assert_eq!(account.value["dependsOn"], json!([storage_id]));
    assert_eq!(account.value.get("resources"), None);
    assert_eq!(
        live.value["properties"]["description"],
        json!("[weekday morning show]")
    );
    assert_eq!(
        live.value["type"],
        json!("Microsoft.Media/mediaservices/liveEvents")
    );
    assert_eq!(live.value["name"], json!("northwindtv/morning-show"));
    assert_eq!(live.value["id"], json!(live.id));
    let host = json!("northwindtv-euwe.streaming.media.azure.net");
    assert_eq!(endpoint.value["properties"]["hostName"], host);
    let connection = &private_endpoint.value["properties"]["privateLinkServiceConnections"][0];
    assert_eq!(
        connection["properties"]["privateLinkServiceId"],
        json!(account.id)
    );

    let listed: Vec<&[String]> = inputs.resources.iter().map(|r| &r.unresolved[..]).collect();
    let subnet = "[concat(parameters('virtualNetworks_vnet_externalid'), '/subnets/default')]";
    let network = "[parameters('virtualNetworks_vnet_externalid')]";
    assert_eq!(
        listed,
        [
            &[][..],
            &[],
            &[],
            &[],
            &[subnet.to_string()],
            &[],
            &[network.to_string()]
        ]
    );
    assert_eq!(
        private_endpoint.value["properties"]["subnet"]["id"],
        json!(subnet)
    );
    assert_eq!(
        link.value["properties"]["virtualNetwork"]["id"],
        json!(network)
    );
}

#[test]
fn kept_types_filter_template_children_by_full_type() {
    let keep = types(&["Microsoft.Media/mediaservices/liveEvents"]);
    let inputs = read("group-export.json", &keep);
    assert_eq!(
        places(&inputs),
        [place(
            "/resources/1/resources/0",
            61,
            9,
            "Microsoft.Media/mediaservices/liveEvents",
            "northwindtv/morning-show"
        )]
    );
    assert_eq!(inputs.total, 7);
}

#[test]
fn ndjson_gives_one_resource_per_line() {
    let inputs = read("resources.ndjson", &Keep::All);
    assert_eq!(
        places(&inputs),
        [
            place("", 1, 1, "Microsoft.Media/mediaservices", "northwindtv"),
            place(
                "",
                2,
                1,
                "Microsoft.Storage/storageAccounts",
                "northwindstore"
            ),
            place(
                "",
                3,
                1,
                "Microsoft.Media/mediaservices/liveevents",
                "morning-show"
            ),
        ]
    );
    let live = &inputs.resources[2].value["properties"]["description"];
    assert_eq!(live, &json!("Weekday {morning} show, \\ \"live\" ]"));
}

#[test]
fn an_az_resource_list_export_warns_that_properties_are_missing() {
    let inputs = read("resource-list.json", &Keep::All);
    assert_eq!((inputs.resources.len(), inputs.total), (3, 3));
    assert_eq!(
        inputs.warnings,
        [InputWarning {
            file: 0,
            line: 2,
            column: 3,
            message: "`az resource list` does not return properties: all 3 resources here \
                      have `properties: null`"
                .to_string(),
            help: Some(
                "export with `az resource show --ids ...` or \
                 `az graph query -q \"Resources | where ...\"`, which return properties"
                    .to_string()
            ),
        }]
    );
}

#[test]
fn resources_with_properties_do_not_warn() {
    let inputs = read_stepped(
        &["resource-show.json", "resource-graph.json"],
        &Keep::All,
        64,
    );
    assert_eq!(inputs.warnings, []);
}

#[test]
fn an_element_without_a_type_is_skipped_with_its_place() {
    let inputs = read("missing-type.json", &Keep::All);
    assert_eq!(
        places(&inputs),
        [
            place("/0", 2, 3, "microsoft.media/mediaservices", "northwindtv"),
            place(
                "/2",
                11,
                3,
                "microsoft.storage/storageaccounts",
                "northwindstore"
            ),
        ]
    );
    assert_eq!(
        inputs.warnings,
        [InputWarning {
            file: 0,
            line: 7,
            column: 3,
            message: "skipped the element at `/1`: it has no string `type`".to_string(),
            help: Some(
                "a resource names its type, as in \
                 `\"type\": \"Microsoft.Storage/storageAccounts\"`"
                    .to_string()
            ),
        }]
    );
    assert_eq!(inputs.total, 2);
}

#[test]
fn broken_json_names_the_file_line_column_and_line() {
    assert_eq!(
        read_error("broken.json"),
        InputError {
            file: "broken.json".to_string(),
            line: 7,
            column: 30,
            message: "invalid JSON: expected value".to_string(),
            snippet: Some("      \"publicNetworkAccess\": Disabled".to_string()),
        }
    );
}

#[test]
fn a_broken_file_adds_nothing_and_later_files_still_read() {
    let mut inputs = Inputs::default();
    let broken = inputs.read("broken.json", &fixture("broken.json")[..], &Keep::All);
    assert!(broken.is_err());
    let good = inputs.read(
        "list-response.json",
        &fixture("list-response.json")[..],
        &Keep::All,
    );
    assert_eq!(good, Ok(()));
    assert_eq!(inputs.files, ["list-response.json"]);
    assert_eq!((inputs.total, inputs.resources[0].location.file), (2, 0));
}

#[test]
fn an_empty_file_adds_nothing_and_is_no_error() {
    let inputs = read("empty.json", &Keep::All);
    assert_eq!(inputs.files, ["empty.json"]);
    assert_eq!(
        (inputs.total, inputs.resources.len(), inputs.warnings.len()),
        (0, 0, 0)
    );
}

#[test]
fn kept_types_count_every_resource_but_keep_only_those_asked_for() {
    let keep = types(&["Microsoft.Media/mediaservices/liveevents"]);
    let names = [
        "resource-show.json",
        "resources.ndjson",
        "list-response.json",
    ];
    let inputs = read_stepped(&names, &keep, usize::MAX);
    let kept: Vec<(usize, String)> = inputs
        .resources
        .iter()
        .map(|r| (r.location.file, r.location.pointer.clone()))
        .collect();
    assert_eq!(kept, [(0, "/1".to_string()), (1, String::new())]);
    assert_eq!(inputs.total, 7);
    assert_eq!(inputs.files, names);
}

#[test]
fn tiny_reads_give_the_same_result_as_whole_reads() {
    let names = [
        "resource-show.json",
        "resource-show-single.json",
        "list-response.json",
        "resource-graph.json",
        "resource-graph-rest.json",
        "group-export.json",
        "resources.ndjson",
        "missing-type.json",
        "resource-list.json",
    ];
    let whole = read_stepped(&names, &Keep::All, usize::MAX);
    for step in [1, 7, 100] {
        let stepped = read_stepped(&names, &Keep::All, step);
        assert_eq!(stepped.resources, whole.resources, "step {step}");
        assert_eq!(stepped.warnings, whole.warnings, "step {step}");
        assert_eq!(stepped.total, whole.total, "step {step}");
    }
}
