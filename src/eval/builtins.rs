//! The builtin functions. Each takes values of any shape: an argument of the wrong kind, or a
//! missing one, gives `null`, `false` or an empty list rather than an error.

use std::borrow::Cow;
use std::rc::Rc;

use super::index::normalize_id;
use super::interp::Interp;
use super::value::{Value, fold};

impl<'a> Interp<'a> {
    /// Calls builtin `name`; the checker has made sure it exists and has the right arity.
    pub(super) fn builtin(&self, name: &str, args: Vec<Value<'a>>) -> Value<'a> {
        let mut args = args.into_iter();
        let first = args.next().unwrap_or(Value::Null);
        let second = args.next().unwrap_or(Value::Null);

        match name {
            "resources" => first
                .as_str()
                .map_or_else(empty, |t| Value::List(self.resources_of(t))),
            "resource" => self.by_id(&first),
            "parent" => self.parent(&first),
            "children" => self.children(&first, &second),
            "lower" => map_text(&first, |text| text.to_lowercase()),
            "upper" => map_text(&first, |text| text.to_uppercase()),
            "len" => Value::Number(first.len() as f64),
            "split" => split(&first, &second),
            "starts_with" => text_test(&first, &second, |text, part| text.starts_with(part)),
            "ends_with" => text_test(&first, &second, |text, part| text.ends_with(part)),
            "last_segment" => last_segment(first),
            "parent_id" => parent_id(&first),
            "within" => within(&first, &second),
            "exists" => Value::Bool(!first.is_null()),
            _ => Value::Null,
        }
    }

    fn by_id(&self, id: &Value<'a>) -> Value<'a> {
        let found = id.as_str().and_then(|id| self.set.by_id(id));
        found
            .and_then(|index| self.resource_value(index))
            .unwrap_or(Value::Null)
    }

    fn parent(&self, resource: &Value<'a>) -> Value<'a> {
        let parent = resource
            .resource()
            .and_then(|index| self.set.parent_of(index));
        parent
            .and_then(|index| self.resource_value(index))
            .unwrap_or(Value::Null)
    }

    fn children(&self, resource: &Value<'a>, type_name: &Value<'a>) -> Value<'a> {
        let (Some(index), Some(wanted)) = (resource.resource(), type_name.as_str()) else {
            return empty();
        };
        let Some(entry) = self.set.get(index) else {
            return empty();
        };
        let children = self.set.children_of(entry.id).iter().filter(|&&child| {
            self.set
                .get(child)
                .is_some_and(|child| child.type_name.eq_ignore_ascii_case(wanted))
        });
        let values = children
            .filter_map(|&child| self.resource_value(child))
            .collect();
        Value::List(Rc::new(values))
    }
}

fn empty<'a>() -> Value<'a> {
    Value::List(Rc::new(Vec::new()))
}

fn map_text<'a>(value: &Value<'a>, change: impl Fn(&str) -> String) -> Value<'a> {
    value
        .as_str()
        .map_or(Value::Null, |text| Value::Str(Cow::Owned(change(text))))
}

/// Splits at each separator and trims the parts, dropping empty ones: `"Logging, Metrics"`
/// gives `["Logging", "Metrics"]`.
fn split<'a>(text: &Value<'a>, separator: &Value<'a>) -> Value<'a> {
    let (Some(text), Some(separator)) = (text.as_str(), separator.as_str()) else {
        return empty();
    };
    let parts: Vec<Value<'a>> = if separator.is_empty() {
        vec![Value::Str(Cow::Owned(text.trim().to_string()))]
    } else {
        text.split(separator)
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| Value::Str(Cow::Owned(part.to_string())))
            .collect()
    };
    Value::List(Rc::new(parts))
}

/// A test on two strings, regardless of case.
fn text_test<'a>(
    text: &Value<'a>,
    part: &Value<'a>,
    test: impl Fn(&str, &str) -> bool,
) -> Value<'a> {
    let holds = match (text.as_str(), part.as_str()) {
        (Some(text), Some(part)) => test(&fold(text), &fold(part)),
        _ => false,
    };
    Value::Bool(holds)
}

/// The text after the last `/`, ignoring a trailing one: role definition ids end in the role's
/// GUID whether or not they carry a subscription prefix.
fn last_segment(value: Value<'_>) -> Value<'_> {
    match value {
        Value::Str(text) => {
            let trimmed = text.trim_end_matches('/');
            let segment = trimmed.rsplit('/').next().unwrap_or(trimmed).to_string();
            Value::Str(Cow::Owned(segment))
        }
        _ => Value::Null,
    }
}

/// The id of the resource that contains `id`'s resource, such as a live event's account;
/// `null` for a top-level resource. The id keeps its own capitals.
fn parent_id<'a>(id: &Value<'a>) -> Value<'a> {
    let Some(id) = id.as_str() else {
        return Value::Null;
    };
    let trimmed = id.trim_end_matches('/');
    let normalized = normalize_id(trimmed);
    let Some(parent) = super::index::parent_id(&normalized) else {
        return Value::Null;
    };
    let kept = trimmed
        .get(..parent.len())
        .filter(|_| trimmed.len() == normalized.len());
    Value::Str(Cow::Owned(kept.unwrap_or(parent).to_string()))
}

/// Whether `id` is `scope` or lies below it: a role assignment at a resource group covers the
/// resources in it.
fn within<'a>(id: &Value<'a>, scope: &Value<'a>) -> Value<'a> {
    let (Some(id), Some(scope)) = (id.as_str(), scope.as_str()) else {
        return Value::Bool(false);
    };
    let id = normalize_id(id);
    let scope = normalize_id(scope);
    let holds = !scope.is_empty()
        && (id == scope
            || id
                .strip_prefix(&scope)
                .is_some_and(|rest| rest.starts_with('/')));
    Value::Bool(holds || scope.is_empty() && id.starts_with('/'))
}
