//! The cheap look at one element before deciding whether to parse it: its `type`, whether its
//! `properties` is `null`, and whether it looks like a template. serde skips every other key
//! without building anything, which runs at close to scanning speed.

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny};
use serde_json::Value;

/// Whether a key is absent, `null`, or holds a value. A plain `Option` cannot tell the first
/// two apart, and `az resource list` is recognized by `properties: null`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Presence {
    /// The key is not there.
    #[default]
    Missing,
    /// The key holds `null`.
    Null,
    /// The key holds something else.
    Value,
}

/// What serde reads from an element; every other key is skipped.
#[derive(Deserialize)]
struct Fields {
    #[serde(rename = "type", default)]
    type_name: Option<Value>,
    #[serde(default, deserialize_with = "presence")]
    properties: Presence,
    #[serde(rename = "$schema", default)]
    schema: Option<Value>,
    #[serde(default, deserialize_with = "presence")]
    resources: Presence,
}

/// Reads a key's presence without keeping its value.
fn presence<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Presence, D::Error> {
    let value = Option::<IgnoredAny>::deserialize(deserializer)?;
    Ok(match value {
        Some(_) => Presence::Value,
        None => Presence::Null,
    })
}

/// What one element is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// An object with a string `type`: a resource.
    Resource {
        /// The type, as written.
        type_name: String,
        /// Whether `properties` is absent, `null` or set.
        properties: Presence,
    },
    /// An object without a string `type` but with `resources`, or with a deployment template
    /// `$schema`: an `az group export` template.
    Template,
    /// Another object without a string `type`.
    Untyped,
    /// Not an object at all.
    NotObject,
}

/// Looks at the bytes of one JSON value. Errors are serde's, for invalid JSON.
pub(super) fn probe(bytes: &[u8]) -> Result<Kind, serde_json::Error> {
    if bytes.first() != Some(&b'{') {
        // A derived struct would also accept an array, reading its items as the fields.
        serde_json::from_slice::<IgnoredAny>(bytes)?;
        return Ok(Kind::NotObject);
    }
    match serde_json::from_slice::<Fields>(bytes) {
        Ok(fields) => Ok(kind(fields)),
        // A data error on valid JSON is a duplicate key; a full parse keeps the last one, as
        // serde_json's `Value` does everywhere else.
        Err(error) if error.is_data() => probe_value(serde_json::from_slice(bytes)?),
        Err(error) => Err(error),
    }
}

/// The kind of an element that had to be parsed in full.
fn probe_value(value: Value) -> Result<Kind, serde_json::Error> {
    let Value::Object(mut map) = value else {
        return Ok(Kind::NotObject);
    };
    let presence = |value: Option<&Value>| match value {
        None => Presence::Missing,
        Some(Value::Null) => Presence::Null,
        Some(_) => Presence::Value,
    };
    Ok(kind(Fields {
        properties: presence(map.get("properties")),
        resources: presence(map.get("resources")),
        type_name: map.remove("type"),
        schema: map.remove("$schema"),
    }))
}

fn kind(fields: Fields) -> Kind {
    if let Some(Value::String(type_name)) = fields.type_name {
        return Kind::Resource {
            type_name,
            properties: fields.properties,
        };
    }
    let schema = fields.schema.as_ref().and_then(Value::as_str).unwrap_or("");
    let template_schema = schema
        .to_ascii_lowercase()
        .ends_with("deploymenttemplate.json#");
    if template_schema || fields.resources == Presence::Value {
        Kind::Template
    } else {
        Kind::Untyped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(type_name: &str, properties: Presence) -> Kind {
        Kind::Resource {
            type_name: type_name.to_string(),
            properties,
        }
    }

    #[test]
    fn the_type_is_read_and_other_keys_are_skipped() {
        let text = br#"{"id": "/x", "properties": {"type": "inner", "a": [1, {"b": null}]},
            "type": "Microsoft.Media/mediaservices", "tags": {}}"#;
        let kind = probe(text).unwrap();
        assert_eq!(
            kind,
            resource("Microsoft.Media/mediaservices", Presence::Value)
        );
    }

    #[test]
    fn null_properties_differ_from_missing_properties() {
        let null = probe(br#"{"type": "t", "properties": null}"#).unwrap();
        let missing = probe(br#"{"type": "t"}"#).unwrap();
        assert_eq!(null, resource("t", Presence::Null));
        assert_eq!(missing, resource("t", Presence::Missing));
    }

    #[test]
    fn a_type_that_is_not_a_string_is_no_type() {
        assert_eq!(probe(br#"{"type": {"a": 1}}"#).unwrap(), Kind::Untyped);
        assert_eq!(probe(br#"{"name": "x"}"#).unwrap(), Kind::Untyped);
    }

    #[test]
    fn templates_are_recognized_by_schema_or_resources() {
        let schema = concat!(
            r##"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/"##,
            r##"deploymentTemplate.json#"}"##
        );
        assert_eq!(probe(schema.as_bytes()).unwrap(), Kind::Template);
        assert_eq!(probe(br#"{"resources": []}"#).unwrap(), Kind::Template);
        let parameters = br#"{"$schema": "https://x/deploymentParameters.json#"}"#;
        assert_eq!(probe(parameters).unwrap(), Kind::Untyped);
    }

    #[test]
    fn arrays_and_scalars_are_not_objects() {
        assert_eq!(probe(br#"["Microsoft.X/y"]"#).unwrap(), Kind::NotObject);
        assert_eq!(probe(b"12").unwrap(), Kind::NotObject);
    }

    #[test]
    fn duplicate_keys_keep_the_last() {
        let kind = probe(br#"{"type": "a", "type": "b"}"#).unwrap();
        assert_eq!(kind, resource("b", Presence::Missing));
    }

    #[test]
    fn invalid_json_is_an_error() {
        let error = probe(br#"{"type": "a", "x": tru}"#).unwrap_err();
        assert!(error.is_syntax());
        assert!(probe(b"[1, }").is_err());
    }
}
