//! `az group export` templates, read whole since they are small. Nested child resources are
//! flattened into resources of their own with full types and names, strings are resolved
//! where [`Scope`] can, and resources without an id get the one ARM would give them.

use std::collections::HashMap;
use std::io::Read;

use serde_json::{Map, Value};

use super::error::Stop;
use super::found::{Found, Skip};
use super::probe::Presence;
use super::resolve::{RESOURCE_GROUP, SUBSCRIPTION, Scope, arm_id};
use super::source::{Position, Source};
use super::{Keep, Resource};

/// Reads the template in `bytes`, which starts at `start` of its file.
pub(super) fn read(
    bytes: &[u8],
    start: Position,
    found: &mut Found,
    keep: &Keep,
) -> Result<(), Stop> {
    let template: Value =
        serde_json::from_slice(bytes).map_err(|error| Stop::json(&error, bytes, start))?;
    let mut flattening = Flattening {
        scope: Scope::of(&template),
        places: places(bytes, start),
        start,
        found,
        keep,
    };
    if let Some(resources) = template.get("resources") {
        flattening.list(resources, None, "");
    }
    Ok(())
}

/// A resource whose children are being flattened: the full type and name they extend.
#[derive(Debug)]
struct Parent {
    type_name: String,
    name: String,
}

/// The state of one template's flattening.
struct Flattening<'a> {
    scope: Scope,
    /// Where each resource object starts, by JSON pointer.
    places: HashMap<String, Position>,
    /// Where the template starts, for a resource the walk did not place.
    start: Position,
    found: &'a mut Found,
    keep: &'a Keep,
}

impl Flattening<'_> {
    /// Flattens a `resources` array, or the object of symbolic names that language version
    /// 2.0 templates use, under the resource at `prefix`.
    fn list(&mut self, resources: &Value, parent: Option<&Parent>, prefix: &str) {
        // Limitation: `copy` loops are not expanded, and the templates inside
        // `Microsoft.Resources/deployments` resources are not read; each counts as one resource.
        match resources {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.resource(item, format!("{prefix}/resources/{index}"), parent);
                }
            }
            Value::Object(map) => {
                // Limitation: symbolic-name resources come in key order, not file order.
                for (key, item) in map {
                    let pointer = format!("{prefix}/resources/{}", escape(key));
                    self.resource(item, pointer, parent);
                }
            }
            _ => {}
        }
    }

    /// Flattens one resource and then its children. A resource without a type is skipped
    /// with its children, whose full types would be unknown.
    fn resource(&mut self, item: &Value, pointer: String, parent: Option<&Parent>) {
        let at = self.places.get(&pointer).copied().unwrap_or(self.start);
        let Some(object) = item.as_object() else {
            self.found.skip(at, &pointer, Skip::NotObject);
            return;
        };
        let mut object = object.clone();
        let children = object.remove("resources");
        let mut value = Value::Object(object);
        let mut unresolved = Vec::new();
        self.scope.resolve(&mut value, &mut unresolved);

        let Some(flat) = complete(value, parent) else {
            self.found.skip(at, &pointer, Skip::NoType);
            return;
        };

        self.found.count(at, presence(flat.value.get("properties")));
        if self.keep.keeps(&flat.parent.type_name) {
            let location = self.found.location(at, pointer.clone());
            self.found.keep(Resource {
                id: flat.id,
                type_name: flat.parent.type_name.clone(),
                name: flat.parent.name.clone(),
                value: flat.value,
                location,
                unresolved,
            });
        }
        if let Some(children) = children {
            self.list(&children, Some(&flat.parent), &pointer);
        }
    }
}

/// A resource object with its full type, name and id.
#[derive(Debug)]
struct Flat {
    value: Value,
    parent: Parent,
    id: String,
}

/// Gives a resolved resource object its full type and name, and an id when it has none,
/// writing all three into the object too. `None` when it has no string `type`.
fn complete(value: Value, parent: Option<&Parent>) -> Option<Flat> {
    let Value::Object(mut object) = value else {
        return None;
    };
    let type_name = full_type(parent, object.get("type")?.as_str()?);
    let name = full_name(parent, text(&object, "name"));
    let id = match object.get("id").and_then(Value::as_str) {
        Some(id) => id.to_string(),
        None => arm_id(SUBSCRIPTION, RESOURCE_GROUP, &type_name, name.split('/')),
    };
    object.insert("type".to_string(), Value::String(type_name.clone()));
    object.insert("name".to_string(), Value::String(name.clone()));
    object.insert("id".to_string(), Value::String(id.clone()));
    Some(Flat {
        value: Value::Object(object),
        parent: Parent { type_name, name },
        id,
    })
}

/// A child's full type: its parent's type and its own, unless its own is full already.
fn full_type(parent: Option<&Parent>, own: &str) -> String {
    match parent {
        Some(parent) if !own.contains('/') => format!("{}/{own}", parent.type_name),
        _ => own.to_string(),
    }
}

/// A child's full name: its parent's name and its own, unless its own starts with the
/// parent's already. ARM names compare without case.
fn full_name(parent: Option<&Parent>, own: &str) -> String {
    let Some(parent) = parent else {
        return own.to_string();
    };
    let prefix = format!("{}/", parent.name);
    let prefixed = own
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(&prefix));
    if prefixed {
        own.to_string()
    } else {
        format!("{prefix}{own}")
    }
}

fn text<'a>(object: &'a Map<String, Value>, key: &str) -> &'a str {
    object.get(key).and_then(Value::as_str).unwrap_or("")
}

fn presence(value: Option<&Value>) -> Presence {
    match value {
        None => Presence::Missing,
        Some(Value::Null) => Presence::Null,
        Some(_) => Presence::Value,
    }
}

/// A key as a JSON pointer segment writes it.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Where each resource object of the template starts, by JSON pointer, found by walking
/// the template's text again with the scanner.
fn places(bytes: &[u8], start: Position) -> HashMap<String, Position> {
    let mut source = Source::starting_at(bytes, bytes.len(), start);
    let mut places = HashMap::new();
    // serde has accepted these bytes, so the walk does not fail; if it did, the resources it
    // missed would point at the template's own start.
    let _ = walk(&mut source, "", &mut places);
    places
}

/// Walks the object at the next byte, placing the resources under its `resources` key.
fn walk<R: Read>(
    source: &mut Source<R>,
    prefix: &str,
    places: &mut HashMap<String, Position>,
) -> Result<(), Stop> {
    source.members(|source, key| {
        if key != "resources" {
            return source.skip_value();
        }
        match source.peek()? {
            Some(b'[') => source.elements(|source, index| {
                place(source, format!("{prefix}/resources/{index}"), places)
            }),
            Some(b'{') => source.members(|source, name| {
                place(
                    source,
                    format!("{prefix}/resources/{}", escape(&name)),
                    places,
                )
            }),
            _ => source.skip_value(),
        }
    })
}

/// Places the resource at the next byte, then its children.
fn place<R: Read>(
    source: &mut Source<R>,
    pointer: String,
    places: &mut HashMap<String, Position>,
) -> Result<(), Stop> {
    places.insert(pointer.clone(), source.position());
    if source.peek()? == Some(b'{') {
        walk(source, &pointer, places)
    } else {
        source.skip_value()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const ZERO: &str =
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/template";

    fn flatten(template: &Value, keep: &Keep) -> Found {
        let text = serde_json::to_string_pretty(template).unwrap();
        let mut found = Found::new(0);
        read(text.as_bytes(), Position::START, &mut found, keep).unwrap();
        found
    }

    fn summary(found: &Found) -> Vec<(String, String, String, String)> {
        let resources = found.resources.iter();
        let rows = resources.map(|r| {
            let id = r.id.strip_prefix(ZERO).unwrap_or(&r.id).to_string();
            (
                r.type_name.clone(),
                r.name.clone(),
                id,
                r.location.pointer.clone(),
            )
        });
        rows.collect()
    }

    fn row(
        type_name: &str,
        name: &str,
        id: &str,
        pointer: &str,
    ) -> (String, String, String, String) {
        (type_name.into(), name.into(), id.into(), pointer.into())
    }

    #[test]
    fn nested_children_are_flattened_with_full_types_and_names() {
        let template = json!({
            "$schema": "https://schema.management.azure.com/deploymentTemplate.json#",
            "resources": [{
                "type": "Microsoft.Media/mediaservices",
                "name": "tv",
                "resources": [
                    {"type": "liveEvents", "name": "live1",
                     "resources": [{"type": "liveOutputs", "name": "out1"}]},
                    {"type": "Microsoft.Media/mediaservices/streamingEndpoints", "name": "tv/se1"}
                ]
            }]
        });
        let found = flatten(&template, &Keep::All);
        let media = "/providers/Microsoft.Media/mediaservices/tv";
        assert_eq!(
            summary(&found),
            [
                row("Microsoft.Media/mediaservices", "tv", media, "/resources/0"),
                row(
                    "Microsoft.Media/mediaservices/liveEvents",
                    "tv/live1",
                    &format!("{media}/liveEvents/live1"),
                    "/resources/0/resources/0"
                ),
                row(
                    "Microsoft.Media/mediaservices/liveEvents/liveOutputs",
                    "tv/live1/out1",
                    &format!("{media}/liveEvents/live1/liveOutputs/out1"),
                    "/resources/0/resources/0/resources/0"
                ),
                row(
                    "Microsoft.Media/mediaservices/streamingEndpoints",
                    "tv/se1",
                    &format!("{media}/streamingEndpoints/se1"),
                    "/resources/0/resources/1"
                ),
            ]
        );
        assert_eq!(found.total, 4);
    }

    #[test]
    fn flattened_values_carry_full_type_name_and_id_and_lose_their_children() {
        let template = json!({"resources": [{
            "type": "Microsoft.Network/privateDnsZones", "name": "zone",
            "resources": [{"type": "virtualNetworkLinks", "name": "link"}]
        }]});
        let found = flatten(&template, &Keep::All);
        let child = &found.resources[1].value;
        assert_eq!(
            child["type"],
            json!("Microsoft.Network/privateDnsZones/virtualNetworkLinks")
        );
        assert_eq!(child["name"], json!("zone/link"));
        assert!(
            child["id"]
                .as_str()
                .unwrap()
                .ends_with("/privateDnsZones/zone/virtualNetworkLinks/link")
        );
        assert_eq!(found.resources[0].value.get("resources"), None);
    }

    #[test]
    fn child_names_resolve_before_the_parent_prefix_is_checked() {
        let template = json!({
            "parameters": {
                "zone": {"type": "String", "defaultValue": "privatelink.media.azure.net"}
            },
            "resources": [{
                "type": "Microsoft.Network/privateDnsZones",
                "name": "[parameters('zone')]",
                "resources": [
                    {"type": "virtualNetworkLinks",
                     "name": "[concat(parameters('zone'), '/link')]"},
                    {"type": "virtualNetworkLinks", "name": "[format('{0}', 'other')]"}
                ]
            }]
        });
        let names: Vec<String> = flatten(&template, &Keep::All)
            .resources
            .into_iter()
            .map(|r| r.name)
            .collect();
        let zone = "privatelink.media.azure.net";
        assert_eq!(
            names,
            [
                zone.to_string(),
                format!("{zone}/link"),
                format!("{zone}/other")
            ]
        );
    }

    #[test]
    fn existing_ids_are_kept_and_unresolved_expressions_listed() {
        let template = json!({"resources": [{
            "type": "Microsoft.Network/privateEndpoints", "name": "pe", "id": "/given",
            "properties": {"subnet": {"id": "[reference('v').subnets[0].id]"}}
        }]});
        let found = flatten(&template, &Keep::All);
        let resource = &found.resources[0];
        assert_eq!(resource.id, "/given");
        assert_eq!(resource.unresolved, ["[reference('v').subnets[0].id]"]);
    }

    #[test]
    fn resources_without_a_type_are_skipped_with_their_children() {
        let template = json!({"resources": [
            {"name": "x", "resources": [{"type": "A.B/c", "name": "y"}]},
            "text",
            {"type": "A.B/d", "name": "z"}
        ]});
        let found = flatten(&template, &Keep::All);
        assert_eq!(
            summary(&found),
            [row("A.B/d", "z", "/providers/A.B/d/z", "/resources/2")]
        );
        let messages: Vec<&str> = found.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "skipped the element at `/resources/0`: it has no string `type`",
                "skipped the element at `/resources/1`: it is not an object"
            ]
        );
    }

    #[test]
    fn symbolic_resource_names_become_pointer_segments() {
        let template = json!({"languageVersion": "2.0", "resources": {
            "a/b": {"type": "A.B/c", "name": "n"}
        }});
        let found = flatten(&template, &Keep::All);
        assert_eq!(found.resources[0].location.pointer, "/resources/a~1b");
        assert_eq!(found.resources[0].location.line, 4);
    }

    #[test]
    fn kept_types_filter_children_by_their_full_type() {
        let template = json!({"resources": [{
            "type": "Microsoft.Media/mediaservices", "name": "tv",
            "resources": [{"type": "liveEvents", "name": "live1"}]
        }]});
        let keep = Keep::Types(["microsoft.media/mediaservices/liveevents".to_string()].into());
        let found = flatten(&template, &keep);
        assert_eq!(found.resources.len(), 1);
        assert_eq!(found.resources[0].name, "tv/live1");
        assert_eq!(found.total, 2);
    }

    #[test]
    fn places_point_at_each_resource_object() {
        let text = concat!(
            "{\n  \"resources\": [\n    {\"type\": \"a\",\n",
            "     \"resources\": [ {\"type\": \"b\"} ]}\n  ]\n}"
        );
        let places = places(text.as_bytes(), Position::START);
        let at = |pointer: &str| places.get(pointer).map(|p| (p.line, p.column));
        assert_eq!(at("/resources/0"), Some((3, 5)));
        assert_eq!(at("/resources/0/resources/0"), Some((4, 21)));
    }
}
