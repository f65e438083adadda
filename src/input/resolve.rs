//! Resolution of the template expressions an `az group export` template names things with:
//! `parameters`, `resourceId`, `concat` and `format`, over the template's parameter defaults.
//! Nothing else is evaluated; any other expression is left as written and reported.

use std::collections::HashMap;

use serde_json::Value;

use super::expr::{self, Expr};

/// The subscription in ids built for a template, which names none.
pub(super) const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";

/// The resource group in ids built for a template.
pub(super) const RESOURCE_GROUP: &str = "template";

/// How deeply parameter defaults may refer to other parameters, so a cycle ends.
const MAX_DEPTH: usize = 16;

/// What a template string becomes.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// A plain string; it stays.
    Same,
    /// An escaped literal or a resolved expression; this replaces it.
    Replace(Value),
    /// An expression that cannot be resolved; it stays and is reported.
    Unresolved,
}

/// The parameter defaults of one template, by lower-case name: ARM compares parameter names
/// without case.
#[derive(Debug, Default)]
pub(super) struct Scope {
    defaults: HashMap<String, Value>,
}

impl Scope {
    /// The scope of a template: each parameter that has a `defaultValue`.
    pub fn of(template: &Value) -> Scope {
        let parameters = template.get("parameters").and_then(Value::as_object);
        let defaults = parameters
            .into_iter()
            .flatten()
            .filter_map(|(name, parameter)| {
                let default = parameter.get("defaultValue")?;
                Some((name.to_lowercase(), default.clone()))
            })
            .collect();
        Scope { defaults }
    }

    /// Resolves every string inside `value` that it can, in place, and adds the expressions
    /// it cannot resolve to `unresolved`, each once.
    pub fn resolve(&self, value: &mut Value, unresolved: &mut Vec<String>) {
        self.resolve_at(value, 0, unresolved);
    }

    fn resolve_at(&self, value: &mut Value, depth: usize, unresolved: &mut Vec<String>) {
        match value {
            Value::String(text) => match self.string(text, depth) {
                Outcome::Same => {}
                Outcome::Replace(resolved) => *value = resolved,
                Outcome::Unresolved if unresolved.contains(text) => {}
                Outcome::Unresolved => unresolved.push(text.clone()),
            },
            Value::Array(items) => {
                for item in items {
                    self.resolve_at(item, depth, unresolved);
                }
            }
            Value::Object(map) => {
                // Limitation: object keys are not resolved, only values.
                for item in map.values_mut() {
                    self.resolve_at(item, depth, unresolved);
                }
            }
            _ => {}
        }
    }

    /// What one string becomes. ARM reads a string as an expression when it starts with `[`
    /// and ends with `]`; a leading `[[` escapes the bracket instead.
    fn string(&self, text: &str, depth: usize) -> Outcome {
        let Some(inner) = text
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        else {
            return Outcome::Same;
        };
        if text.starts_with("[[") {
            return Outcome::Replace(Value::String(inner.to_string() + "]"));
        }
        match expr::parse(inner).and_then(|expr| self.eval(&expr, depth)) {
            Some(value) => Outcome::Replace(value),
            None => Outcome::Unresolved,
        }
    }

    fn eval(&self, expr: &Expr, depth: usize) -> Option<Value> {
        match expr {
            Expr::Text(text) => Some(Value::String(text.clone())),
            Expr::Int(int) => Some(Value::from(*int)),
            Expr::Call { function, args } => {
                let args: Vec<Value> = args
                    .iter()
                    .map(|arg| self.eval(arg, depth))
                    .collect::<Option<_>>()?;
                self.call(function, &args, depth)
            }
            Expr::Member { target, name } => member(self.eval(target, depth)?, name),
            Expr::Index { target, index } => {
                item(self.eval(target, depth)?, &self.eval(index, depth)?)
            }
        }
    }

    fn call(&self, function: &str, args: &[Value], depth: usize) -> Option<Value> {
        // Limitation: `variables()` is not resolved, although exported templates seldom
        // define variables.
        match function.to_ascii_lowercase().as_str() {
            "parameters" => self.parameter(args, depth),
            "resourceid" => resource_id(args).map(Value::String),
            "concat" => concat(args),
            "format" => format(args).map(Value::String),
            _ => None,
        }
    }

    /// A parameter's default, itself resolved; `None` when any part of it is not.
    fn parameter(&self, args: &[Value], depth: usize) -> Option<Value> {
        let [Value::String(name)] = args else {
            return None;
        };
        if depth >= MAX_DEPTH {
            return None;
        }
        let mut value = self.defaults.get(&name.to_lowercase())?.clone();
        let mut unresolved = Vec::new();
        self.resolve_at(&mut value, depth + 1, &mut unresolved);
        unresolved.is_empty().then_some(value)
    }
}

/// `value.name`; ARM matches property names without case when the exact one is missing.
fn member(value: Value, name: &str) -> Option<Value> {
    let Value::Object(mut map) = value else {
        return None;
    };
    if let Some(found) = map.remove(name) {
        return Some(found);
    }
    let key = map
        .keys()
        .find(|key| key.eq_ignore_ascii_case(name))?
        .clone();
    map.remove(&key)
}

/// `value[index]`, for an array and an integer or an object and a string.
fn item(value: Value, index: &Value) -> Option<Value> {
    match (value, index) {
        (Value::Array(items), Value::Number(number)) => {
            let index = usize::try_from(number.as_u64()?).ok()?;
            items.into_iter().nth(index)
        }
        (value @ Value::Object(_), Value::String(name)) => member(value, name),
        _ => None,
    }
}

/// `resourceId([subscriptionId], [resourceGroupName], type, name1, name2, ...)`. The type is
/// the first argument with a `/`; the arguments before it name the subscription and group.
fn resource_id(args: &[Value]) -> Option<String> {
    let texts: Vec<&str> = args.iter().map(Value::as_str).collect::<Option<_>>()?;
    let type_at = texts.iter().position(|text| text.contains('/'))?;
    let (scope, rest) = texts.split_at(type_at);
    let (subscription, group) = match scope {
        [] => (SUBSCRIPTION, RESOURCE_GROUP),
        [group] => (SUBSCRIPTION, *group),
        [subscription, group] => (*subscription, *group),
        _ => return None,
    };
    let (type_name, names) = rest.split_first()?;
    if names.is_empty() {
        return None;
    }
    let names = names.iter().flat_map(|name| name.split('/'));
    Some(arm_id(subscription, group, type_name, names))
}

/// The id ARM gives a resource of the full type `type_name` (`Provider/type1/type2`) with
/// the names `name1`, `name2`: `/subscriptions/…/resourceGroups/…/providers/Provider/type1/
/// name1/type2/name2`. Extra types or names are appended in order.
pub(super) fn arm_id<'a>(
    subscription: &str,
    group: &str,
    type_name: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut types = type_name.split('/');
    let provider = types.next().unwrap_or("");
    let mut id = format!("/subscriptions/{subscription}/resourceGroups/{group}");
    id.push_str("/providers/");
    id.push_str(provider);
    let mut names = names.into_iter();
    loop {
        let (type_segment, name) = (types.next(), names.next());
        if type_segment.is_none() && name.is_none() {
            return id;
        }
        for segment in [type_segment, name].into_iter().flatten() {
            id.push('/');
            id.push_str(segment);
        }
    }
}

/// `concat(...)` of strings, or of arrays.
fn concat(args: &[Value]) -> Option<Value> {
    if args.iter().all(Value::is_array) && !args.is_empty() {
        let items = args.iter().filter_map(Value::as_array).flatten().cloned();
        return Some(Value::Array(items.collect()));
    }
    let texts: Vec<&str> = args.iter().map(Value::as_str).collect::<Option<_>>()?;
    (!texts.is_empty()).then(|| Value::String(texts.concat()))
}

/// `format('{0}/{1}', a, b)`, with `{{` and `}}` for braces. Format specifiers such as
/// `{0:N2}` are not supported and leave the expression unresolved.
fn format(args: &[Value]) -> Option<String> {
    let (pattern, values) = args.split_first()?;
    let mut chars = pattern.as_str()?.chars().peekable();
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut digits = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        digit => digits.push(digit),
                    }
                }
                let index: usize = digits.parse().ok()?;
                out.push_str(&scalar_text(values.get(index)?)?);
            }
            '}' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// A string or number as `format` writes it.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn scope() -> Scope {
        Scope::of(&json!({
            "parameters": {
                "accountName": {"type": "String", "defaultValue": "contosotv"},
                "Location": {"type": "String", "defaultValue": "[resourceGroup().location]"},
                "alias": {"type": "String", "defaultValue": "[parameters('accountName')]"},
                "loop": {"type": "String", "defaultValue": "[parameters('loop')]"},
                "settings": {"type": "Object", "defaultValue": {"tier": "[parameters('alias')]"}},
                "noDefault": {"type": "String"}
            }
        }))
    }

    /// Resolves one string, returning the result and the unresolved expressions.
    fn resolve(text: &str) -> (Value, Vec<String>) {
        let mut value = Value::String(text.to_string());
        let mut unresolved = Vec::new();
        scope().resolve(&mut value, &mut unresolved);
        (value, unresolved)
    }

    fn resolved(text: &str) -> Value {
        let (value, unresolved) = resolve(text);
        assert_eq!(unresolved, Vec::<String>::new(), "{text}");
        value
    }

    #[test]
    fn parameters_resolve_to_their_defaults_without_case() {
        assert_eq!(resolved("[parameters('accountName')]"), json!("contosotv"));
        assert_eq!(resolved("[Parameters('ACCOUNTNAME')]"), json!("contosotv"));
        assert_eq!(resolved("[parameters('alias')]"), json!("contosotv"));
        let settings = resolved("[parameters('settings')]");
        assert_eq!(settings, json!({"tier": "contosotv"}));
        assert_eq!(
            resolved("[parameters('settings').tier]"),
            json!("contosotv")
        );
    }

    #[test]
    fn resource_ids_are_built_like_template_ids() {
        let id =
            resolved("[resourceId('Microsoft.Media/mediaservices', parameters('accountName'))]");
        let expected = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/\
                        template/providers/Microsoft.Media/mediaservices/contosotv";
        assert_eq!(id, json!(expected));
        let child = resolved("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 's')]");
        let expected = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/\
                        template/providers/Microsoft.Network/virtualNetworks/v/subnets/s";
        assert_eq!(child, json!(expected));
    }

    #[test]
    fn resource_ids_may_name_their_group_and_subscription() {
        let id = resolved("[resourceId('sub1', 'rg1', 'Microsoft.Storage/storageAccounts', 'sa')]");
        let expected = "/subscriptions/sub1/resourceGroups/rg1/providers/\
                        Microsoft.Storage/storageAccounts/sa";
        assert_eq!(id, json!(expected));
    }

    #[test]
    fn concat_and_format_join_resolved_arguments() {
        let joined = resolved("[concat(parameters('accountName'), '/', 'live1')]");
        assert_eq!(joined, json!("contosotv/live1"));
        assert_eq!(
            resolved("[concat(parameters('accountName'))]"),
            json!("contosotv")
        );
        let formatted = resolved("[format('{0}/link-{1}{{x}}', 'zone.net', 2)]");
        assert_eq!(formatted, json!("zone.net/link-2{x}"));
    }

    #[test]
    fn escaped_brackets_are_literals() {
        assert_eq!(
            resolved("[[parameters('accountName')]"),
            json!("[parameters('accountName')]")
        );
        assert_eq!(resolved("[[x]"), json!("[x]"));
        assert_eq!(resolved("plain [text]"), json!("plain [text]"));
        assert_eq!(resolved("[not closed"), json!("[not closed"));
    }

    #[test]
    fn other_expressions_stay_and_are_reported() {
        for text in [
            "[reference(resourceId('Microsoft.Network/virtualNetworks', 'v')).subnets[0].id]",
            "[parameters('Location')]",
            "[parameters('noDefault')]",
            "[parameters('missing')]",
            "[parameters('loop')]",
            "[concat('a', resourceGroup().name)]",
            "[format('{0:N2}', 1)]",
            "[toLower('A')]",
            "[]",
        ] {
            assert_eq!(
                resolve(text),
                (json!(text), vec![text.to_string()]),
                "{text}"
            );
        }
    }

    #[test]
    fn every_string_inside_a_value_is_resolved_and_reported_once() {
        let mut value = json!({
            "name": "[parameters('accountName')]",
            "dependsOn": ["[toLower('A')]", "[toLower('A')]"],
            "properties": {"ids": [{"id": "[resourceId('A.B/c', 'd')]"}], "n": 1}
        });
        let mut unresolved = Vec::new();
        scope().resolve(&mut value, &mut unresolved);
        assert_eq!(value["name"], json!("contosotv"));
        let id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/template/\
                  providers/A.B/c/d";
        assert_eq!(value["properties"]["ids"][0]["id"], json!(id));
        assert_eq!(unresolved, ["[toLower('A')]"]);
    }

    #[test]
    fn arm_ids_interleave_types_and_names() {
        let id = arm_id("s", "g", "P.Q/a/b", ["x", "y"]);
        assert_eq!(
            id,
            "/subscriptions/s/resourceGroups/g/providers/P.Q/a/x/b/y"
        );
        let short = arm_id("s", "g", "P.Q/a/b", ["x"]);
        assert_eq!(
            short,
            "/subscriptions/s/resourceGroups/g/providers/P.Q/a/x/b"
        );
    }
}
