//! Reading one file: the shape is told from the first byte and, for an object, from its
//! top-level keys, and the resource array is streamed element by element.
//!
//! - `[` starts an array of resources (`az resource show --ids`, Resource Graph 1.x); elements
//!   are at `/0`, `/1`, ….
//! - `{` starts an object. An array under `value` (ARM list) or `data` (Resource Graph) is
//!   streamed as `/value/0` or `/data/0`. Any other object is held whole: with a string
//!   `type` it is one resource at pointer `` (`az resource show`), with `resources` or a
//!   deployment template `$schema` it is a template.
//! - More objects after the first make the file NDJSON: each is read like the first.

use std::io::Read;

use serde_json::Value;

use super::error::Stop;
use super::found::{Found, Skip};
use super::probe::{self, Kind};
use super::source::{Position, Source};
use super::{InputError, Keep, Location, Resource, template};

/// Reads the file named `name`, which is file number `file`, in chunks of `chunk` bytes.
pub(super) fn read<R: Read>(
    file: usize,
    name: &str,
    reader: R,
    keep: &Keep,
    chunk: usize,
) -> Result<Found, InputError> {
    let mut source = Source::new(reader, chunk);
    let mut found = Found::new(file);
    match values(&mut source, &mut found, keep) {
        Ok(()) => Ok(found.finish()),
        Err(stop) => Err(stop.into_error(name, &source)),
    }
}

/// How a top-level object was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Its `value` or `data` array was streamed.
    Listed,
    /// It was held whole.
    Whole,
}

/// Reads the top-level values: normally one, or one object per line in NDJSON. Once the
/// first object was held whole, the objects after it are lines of NDJSON and skip the
/// key-by-key walk.
fn values<R: Read>(source: &mut Source<R>, found: &mut Found, keep: &Keep) -> Result<(), Stop> {
    skip_byte_order_mark(source)?;
    let mut lines = false;
    while let Some(byte) = source.skip_whitespace()? {
        match byte {
            b'[' => array(source, found, keep, "")?,
            b'{' if lines => {
                with_value(source, |bytes, start| whole(bytes, start, found, keep))?;
            }
            b'{' => lines = object(source, found, keep)? == Shape::Whole,
            other => {
                return Err(Stop::Unexpected {
                    at: source.position(),
                    expected: "`[` or `{`",
                    found: Some(other),
                });
            }
        }
    }
    Ok(())
}

/// Skips a UTF-8 byte order mark, which Windows tools write; UTF-16 is refused.
fn skip_byte_order_mark<R: Read>(source: &mut Source<R>) -> Result<(), Stop> {
    if source.starts_with(b"\xEF\xBB\xBF")? {
        source.skip_unseen(3);
    } else if source.starts_with(b"\xFF\xFE")? || source.starts_with(b"\xFE\xFF")? {
        return Err(Stop::Utf16);
    }
    Ok(())
}

/// Streams the array at the next byte; its elements are at `{prefix}/{index}`.
fn array<R: Read>(
    source: &mut Source<R>,
    found: &mut Found,
    keep: &Keep,
    prefix: &str,
) -> Result<(), Stop> {
    source.elements(|source, index| {
        let pointer = format!("{prefix}/{index}");
        with_value(source, |bytes, start| {
            element(bytes, start, pointer, found, keep)
        })
    })
}

/// Skips the value at the next byte, holding it, and hands its bytes and start to `take`.
fn with_value<R: Read>(
    source: &mut Source<R>,
    take: impl FnOnce(&[u8], Position) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let start = source.position();
    let previous = source.hold();
    source.skip_value()?;
    take(source.held(start.offset), start)?;
    source.release(previous);
    Ok(())
}

/// Reads the object at the next byte: it streams an array under `value` or `data`, and holds
/// the object whole otherwise.
///
/// Limitation: an object whose `value` or `data` array comes before its `type` key is read as
/// a list response, although no resource envelope has such keys.
fn object<R: Read>(source: &mut Source<R>, found: &mut Found, keep: &Keep) -> Result<Shape, Stop> {
    let start = source.position();
    let previous = source.hold();
    let mut typed = false;
    let mut streamed = false;
    source.members(|source, key| {
        typed |= key == "type";
        let listed = !typed && !streamed && (key == "value" || key == "data");
        if !listed || source.peek()? != Some(b'[') {
            // Limitation: the other members of a list response are skipped without
            // validating their JSON.
            return source.skip_value();
        }
        streamed = true;
        // A list response's other members are not needed, so the object is no longer held.
        source.release(previous);
        array(source, found, keep, &format!("/{key}"))
    })?;
    if streamed {
        return Ok(Shape::Listed);
    }
    whole(source.held(start.offset), start, found, keep)?;
    source.release(previous);
    Ok(Shape::Whole)
}

/// A top-level object held whole: a resource, a template, or neither.
fn whole(bytes: &[u8], start: Position, found: &mut Found, keep: &Keep) -> Result<(), Stop> {
    let kind = probe::probe(bytes).map_err(|error| Stop::json(&error, bytes, start))?;
    if kind == Kind::Template {
        return template::read(bytes, start, found, keep);
    }
    take(kind, bytes, start, String::new(), found, keep)
}

/// One element of a resource array.
fn element(
    bytes: &[u8],
    start: Position,
    pointer: String,
    found: &mut Found,
    keep: &Keep,
) -> Result<(), Stop> {
    let kind = probe::probe(bytes).map_err(|error| Stop::json(&error, bytes, start))?;
    take(kind, bytes, start, pointer, found, keep)
}

/// Counts the value in `bytes`, parses it in full when it is a resource `keep` asks for, and
/// warns when it is no resource.
fn take(
    kind: Kind,
    bytes: &[u8],
    start: Position,
    pointer: String,
    found: &mut Found,
    keep: &Keep,
) -> Result<(), Stop> {
    match kind {
        Kind::Resource {
            type_name,
            properties,
        } => {
            found.count(start, properties);
            if keep.keeps(&type_name) {
                let location = found.location(start, pointer);
                let resource = parse(bytes, type_name, location)
                    .map_err(|error| Stop::json(&error, bytes, start))?;
                found.keep(resource);
            }
        }
        Kind::Template | Kind::Untyped => found.skip(start, &pointer, Skip::NoType),
        Kind::NotObject => found.skip(start, &pointer, Skip::NotObject),
    }
    Ok(())
}

/// Parses a kept resource in full.
fn parse(
    bytes: &[u8],
    type_name: String,
    location: Location,
) -> Result<Resource, serde_json::Error> {
    let value: Value = serde_json::from_slice(bytes)?;
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    Ok(Resource {
        id: text("id"),
        name: text("name"),
        type_name,
        value,
        location,
        unresolved: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_with(text: &str, chunk: usize, keep: &Keep) -> Result<Found, InputError> {
        read(0, "in.json", text.as_bytes(), keep, chunk)
    }

    /// The pointer, line and column of each kept resource.
    fn places(found: &Found) -> Vec<(String, usize, usize)> {
        let locations = found.resources.iter().map(|r| &r.location);
        locations
            .map(|l| (l.pointer.clone(), l.line, l.column))
            .collect()
    }

    fn place(pointer: &str, line: usize, column: usize) -> (String, usize, usize) {
        (pointer.to_string(), line, column)
    }

    const LIST: &str = concat!(
        "{\n  \"nextLink\": null,\n  \"value\": [\n",
        "    {\"id\": \"/a\", \"type\": \"T/x\", \"name\": \"a\"},\n",
        "    {\"type\": \"T/y\", \"properties\": {}}\n  ]\n}\n"
    );

    #[test]
    fn list_responses_stream_their_value_array_at_any_chunk_size() {
        for chunk in [1, 7, 64, 1 << 20] {
            let found = read_with(LIST, chunk, &Keep::All).unwrap();
            assert_eq!(
                places(&found),
                [place("/value/0", 4, 5), place("/value/1", 5, 5)]
            );
            assert_eq!(found.resources[0].id, "/a");
            assert_eq!(found.total, 2);
        }
    }

    #[test]
    fn a_single_object_and_ndjson_have_empty_pointers() {
        let single = read_with(
            "{\n  \"type\": \"T/x\",\n  \"name\": \"a\"\n}\n",
            7,
            &Keep::All,
        );
        assert_eq!(places(&single.unwrap()), [place("", 1, 1)]);
        let lines = "{\"type\": \"T/x\"}\n\n{\"type\": \"T/y\"}\r\n {\"type\": \"T/z\"}\n";
        let found = read_with(lines, 7, &Keep::All).unwrap();
        assert_eq!(
            places(&found),
            [place("", 1, 1), place("", 3, 1), place("", 4, 2)]
        );
    }

    #[test]
    fn the_type_set_keeps_matching_resources_without_case() {
        let keep = Keep::Types(["t/y".to_string()].into());
        let found = read_with(LIST, 7, &keep).unwrap();
        assert_eq!(places(&found), [place("/value/1", 5, 5)]);
        assert_eq!(found.resources[0].type_name, "T/y");
        assert_eq!(found.total, 2);
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let found = read_with("\u{feff}[{\"type\": \"T/x\"}]", 2, &Keep::All).unwrap();
        assert_eq!(places(&found), [place("/0", 1, 2)]);
    }

    #[test]
    fn utf16_is_refused_with_advice() {
        let error = read(0, "in.json", &b"\xFF\xFE[\x00"[..], &Keep::All, 64).unwrap_err();
        assert!(
            error.message.starts_with("the input is UTF-16"),
            "{}",
            error.message
        );
    }

    #[test]
    fn invalid_json_inside_an_element_is_placed_in_the_file() {
        let text = "[\n  {\"type\": \"T/x\"},\n  {\"type\": \"T/y\", \"n\": tru}\n]";
        let error = read_with(text, 7, &Keep::All).unwrap_err();
        assert_eq!((error.line, error.column), (3, 27));
        assert_eq!(error.message, "invalid JSON: expected ident");
        assert_eq!(
            error.snippet.as_deref(),
            Some("  {\"type\": \"T/y\", \"n\": tru}")
        );
    }

    #[test]
    fn a_truncated_file_names_the_unclosed_array() {
        let error = read_with("[\n  {\"type\": \"T/x\"},\n", 7, &Keep::All).unwrap_err();
        assert_eq!((error.line, error.column), (3, 1));
        let message =
            "invalid JSON: the input ends inside the array that starts at line 1 column 1";
        assert_eq!(error.message, message);
    }

    #[test]
    fn stray_text_after_the_value_is_an_error() {
        let error = read_with("[]\nnope", 7, &Keep::All).unwrap_err();
        assert_eq!((error.line, error.column), (2, 1));
        assert_eq!(
            error.message,
            "invalid JSON: expected `[` or `{`, found `n`"
        );
        assert_eq!(error.snippet.as_deref(), Some("nope"));
    }

    #[test]
    fn a_reader_error_stops_reading() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk on fire"))
            }
        }
        let error = read(0, "in.json", Broken, &Keep::All, 64).unwrap_err();
        assert_eq!(error.message, "cannot read the input: disk on fire");
        assert_eq!(error.snippet, None);
    }

    #[test]
    fn streamed_values_equal_serde_values_at_every_chunk_size() {
        let text = concat!(
            "[{\"type\": \"T/a\", \"s\": \"q\\\"}]\\\\\", \"u\": \"\\u00e9 é 東京\"},\r\n",
            " {\"type\": \"T/b\", \"n\": [-1.5e3, 0, true, false, null, [], {}, [[{}]]]},",
            "{\"type\":\"T/c\",\"k\":{\"[\":\"{\",\"a b\":\"\\n\"}}]"
        );
        let expected: Vec<Value> = serde_json::from_str(text).unwrap();
        for chunk in 1..=13 {
            let found = read_with(text, chunk, &Keep::All).unwrap();
            let values: Vec<Value> = found.resources.into_iter().map(|r| r.value).collect();
            assert_eq!(values, expected, "chunk size {chunk}");
        }
    }

    #[test]
    fn whitespace_only_input_is_empty() {
        let found = read_with(" \n\t\r\n", 2, &Keep::All).unwrap();
        assert_eq!(
            (found.total, found.resources.len(), found.warnings.len()),
            (0, 0, 0)
        );
    }
}
