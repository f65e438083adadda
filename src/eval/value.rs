//! Runtime values. Resource data is borrowed from the parsed JSON, never copied; values that
//! rules compute (lists of resources, split strings) are owned.
//!
//! Comparison follows Azure Policy where it matters: strings compare case-insensitively, a
//! missing value is `null` and equals only `null`, and values of different kinds are never
//! equal.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::rc::Rc;

use serde_json::{Map, Value as Json};

/// A value during evaluation.
#[derive(Clone, Debug)]
pub enum Value<'a> {
    /// A missing value, or JSON `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Str(Cow<'a, str>),
    /// A JSON array from the input.
    Array(&'a [Json]),
    /// A JSON object from the input; `Some(index)` when it is a whole resource.
    Object(&'a Map<String, Json>, Option<usize>),
    /// A list the rule computed.
    List(Rc<Vec<Value<'a>>>),
}

impl<'a> Value<'a> {
    /// Borrows a JSON value.
    pub fn from_json(json: &'a Json) -> Value<'a> {
        match json {
            Json::Null => Value::Null,
            Json::Bool(value) => Value::Bool(*value),
            Json::Number(number) => Value::Number(number.as_f64().unwrap_or(f64::NAN)),
            Json::String(text) => Value::Str(Cow::Borrowed(text)),
            Json::Array(items) => Value::Array(items),
            Json::Object(map) => Value::Object(map, None),
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether a condition holds: only `true` does; `null` and everything else do not.
    pub fn is_true(&self) -> bool {
        matches!(self, Value::Bool(true))
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The resource index of a whole-resource object.
    pub fn resource(&self) -> Option<usize> {
        match self {
            Value::Object(_, index) => *index,
            _ => None,
        }
    }

    /// Property `name`, matched exactly first and then regardless of case, as ARM does.
    /// Anything that is not an object has no properties: the result is `null`.
    pub fn field(&self, name: &str) -> Value<'a> {
        let Value::Object(map, _) = self else {
            return Value::Null;
        };
        let map: &'a Map<String, Json> = map;
        let found = map.get(name).or_else(|| {
            map.iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value)
        });
        found.map_or(Value::Null, Value::from_json)
    }

    /// Element `index` of a list; `null` past either end or for a fractional index.
    pub fn element(&self, index: f64) -> Value<'a> {
        if index.fract() != 0.0 || index < 0.0 {
            return Value::Null;
        }
        let position = index as usize;
        match self {
            Value::Array(items) => items.get(position).map_or(Value::Null, Value::from_json),
            Value::List(items) => items.get(position).cloned().unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }

    /// The elements of a list, or nothing for `null` and for values that are not lists.
    pub fn elements(&self) -> Elements<'a, '_> {
        match self {
            Value::Array(items) => Elements::Json(items.iter()),
            Value::List(items) => Elements::Owned(items.iter()),
            _ => Elements::Empty,
        }
    }

    /// How many elements a list has, characters a string, or properties an object.
    pub fn len(&self) -> usize {
        match self {
            Value::Array(items) => items.len(),
            Value::List(items) => items.len(),
            Value::Str(text) => text.chars().count(),
            Value::Object(map, _) => map.len(),
            _ => 0,
        }
    }

    /// Whether [`Value::len`] is zero.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Equality as rules see it: strings regardless of case, lists element by element,
    /// objects key by key; values of different kinds are never equal.
    pub fn equals(&self, other: &Value<'_>) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => text_equals(a, b),
            (Value::Object(a, _), Value::Object(b, _)) => objects_equal(a, b),
            (a, b) if a.is_list() && b.is_list() => {
                a.len() == b.len() && a.elements().zip(b.elements()).all(|(x, y)| x.equals(&y))
            }
            _ => false,
        }
    }

    /// Ordering for `<` and the others: numbers by value, strings regardless of case. Other
    /// pairs are unordered, and every comparison of them is false.
    pub fn order(&self, other: &Value<'_>) -> Option<Ordering> {
        match (self, other) {
            (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
            (Value::Str(a), Value::Str(b)) => Some(fold(a).cmp(&fold(b))),
            _ => None,
        }
    }

    fn is_list(&self) -> bool {
        matches!(self, Value::Array(_) | Value::List(_))
    }

    /// The value as JSON, for reports.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Bool(value) => Json::Bool(*value),
            Value::Number(number) => number_json(*number),
            Value::Str(text) => Json::String(text.to_string()),
            Value::Array(items) => Json::Array(items.to_vec()),
            Value::Object(map, _) => Json::Object((*map).clone()),
            Value::List(items) => Json::Array(items.iter().map(Value::to_json).collect()),
        }
    }

    /// The value as a message shows it: strings bare, a missing value as `(missing)`, whole
    /// resources by name, everything else as JSON.
    pub fn display(&self) -> String {
        match self {
            Value::Null => "(missing)".to_string(),
            Value::Str(text) => text.to_string(),
            Value::Object(map, Some(_)) => {
                let name = map.get("name").and_then(Json::as_str);
                name.map_or_else(|| self.to_json().to_string(), str::to_string)
            }
            other => other.to_json().to_string(),
        }
    }
}

/// The elements of a list value, borrowed.
pub enum Elements<'a, 'v> {
    /// Elements of a JSON array.
    Json(std::slice::Iter<'a, Json>),
    /// Elements of a computed list.
    Owned(std::slice::Iter<'v, Value<'a>>),
    /// No elements.
    Empty,
}

impl<'a> Iterator for Elements<'a, '_> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Value<'a>> {
        match self {
            Elements::Json(items) => items.next().map(Value::from_json),
            Elements::Owned(items) => items.next().cloned(),
            Elements::Empty => None,
        }
    }
}

/// Case-insensitive string equality, cheap for ASCII and correct beyond it.
pub fn text_equals(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || (!a.is_ascii() || !b.is_ascii()) && fold(a) == fold(b)
}

/// A string folded for comparisons that ignore case.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) || !text.is_ascii() {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

fn objects_equal(a: &Map<String, Json>, b: &Map<String, Json>) -> bool {
    a.len() == b.len()
        && a.iter().all(|(key, value)| {
            let other = Value::Object(b, None).field(key);
            Value::from_json(value).equals(&other)
        })
}

fn number_json(number: f64) -> Json {
    let is_integer = number.fract() == 0.0 && number.abs() < 9_007_199_254_740_992.0;
    if is_integer {
        return Json::from(number as i64);
    }
    serde_json::Number::from_f64(number).map_or(Json::Null, Json::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_compare_regardless_of_case() {
        let a = Value::Str("Disabled".into());
        assert!(a.equals(&Value::Str("disabled".into())));
        assert!(a.equals(&Value::Str("DISABLED".into())));
        assert!(!a.equals(&Value::Str("Disable".into())));
        assert!(Value::Str("Ärger".into()).equals(&Value::Str("ärger".into())));
    }

    #[test]
    fn null_equals_only_null_and_kinds_never_mix() {
        assert!(Value::Null.equals(&Value::Null));
        assert!(!Value::Null.equals(&Value::Str("".into())));
        assert!(!Value::Bool(false).equals(&Value::Str("false".into())));
        assert!(!Value::Number(1.0).equals(&Value::Str("1".into())));
    }

    #[test]
    fn fields_match_exactly_then_regardless_of_case() {
        let data = json!({"networkAcls": {"bypass": "AzureServices"}, "Name": "a", "name": "b"});
        let value = Value::from_json(&data);
        assert_eq!(
            value.field("networkacls").field("BYPASS").as_str(),
            Some("AzureServices")
        );
        assert_eq!(value.field("name").as_str(), Some("b"));
        assert!(value.field("missing").field("deeper").is_null());
        assert!(Value::Str("text".into()).field("x").is_null());
    }

    #[test]
    fn elements_past_the_end_are_null() {
        let data = json!([1, 2]);
        let list = Value::from_json(&data);
        assert_eq!(list.element(1.0).to_json(), json!(2));
        assert!(list.element(2.0).is_null());
        assert!(list.element(-1.0).is_null());
        assert!(list.element(0.5).is_null());
        assert_eq!(Value::Null.elements().count(), 0);
    }

    #[test]
    fn lists_and_objects_compare_deeply() {
        let a = json!({"A": ["x", 1]});
        let b = json!({"a": ["X", 1]});
        assert!(Value::from_json(&a).equals(&Value::from_json(&b)));
        let computed = Value::List(Rc::new(vec![Value::Str("X".into()), Value::Number(1.0)]));
        assert!(Value::from_json(&a).field("a").equals(&computed));
    }

    #[test]
    fn ordering_is_numeric_or_case_insensitive() {
        assert_eq!(
            Value::Number(2.0).order(&Value::Number(10.0)),
            Some(Ordering::Less)
        );
        let a = Value::Str("apple".into());
        assert_eq!(a.order(&Value::Str("Banana".into())), Some(Ordering::Less));
        assert_eq!(Value::Number(1.0).order(&Value::Str("1".into())), None);
    }

    #[test]
    fn numbers_render_as_integers_when_they_are() {
        assert_eq!(Value::Number(3.0).to_json(), json!(3));
        assert_eq!(Value::Number(0.5).to_json(), json!(0.5));
    }
}
