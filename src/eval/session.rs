//! Evaluating one expression of an interactive session: a checked [`Program`], the resources,
//! the parameters and the session's bindings in; the expression's value as JSON out.

use serde_json::Value as Json;

use super::interp::{Env, Interp};
use super::{Params, ResourceSet, Value};
use crate::check::Program;
use crate::syntax::Expr;

/// Evaluates `expr`, which the checker accepted, with the session's bindings in scope; later
/// bindings hide earlier ones of the same name.
///
/// A bound value that is a whole resource of `resources` (the same object, found by its `id`)
/// is a resource again, so `parent(account)` works on a name the session bound.
pub fn evaluate_expr(
    program: &Program,
    resources: &ResourceSet<'_>,
    params: &Params,
    bindings: &[(String, Json)],
    expr: &Expr,
) -> Json {
    let interp = Interp::new(program, resources, params);
    let mut env = Env::default();
    for (name, json) in bindings {
        env.push(name, bound_value(resources, json));
    }
    interp.expr(expr, &mut env).to_json()
}

/// The value of a binding: the resource itself when `json` is one, else the JSON as it is.
fn bound_value<'a>(resources: &ResourceSet<'a>, json: &'a Json) -> Value<'a> {
    let Some(id) = json.get("id").and_then(Json::as_str) else {
        return Value::from_json(json);
    };
    let found = resources.by_id(id).and_then(|index| {
        let entry = resources.get(index)?;
        let map = entry.json.as_object().filter(|_| entry.json == json)?;
        Some(Value::Object(map, Some(index)))
    });
    found.unwrap_or_else(|| Value::from_json(json))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;
    use crate::eval::Entry;
    use crate::syntax::line::{Line, parse_line};
    use serde_json::json;

    #[test]
    fn bound_resources_stay_resources() {
        let mut sources = SourceMap::new();
        let file = sources.add("rules.tenet", "param greeting: string = \"hi\"\n");
        let parsed = crate::syntax::parse(file, sources.text(file));
        let program = crate::check::check(vec![parsed.module]).program.unwrap();

        let id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Media/mediaservices/a";
        let account = json!({"id": id, "type": "Microsoft.Media/mediaservices", "name": "a"});
        let child = json!({
            "id": format!("{id}/liveEvents/b"),
            "type": "Microsoft.Media/mediaservices/liveEvents",
            "name": "b",
        });
        let entries = [&account, &child].map(|json| Entry {
            id: json["id"].as_str().unwrap(),
            type_name: json["type"].as_str().unwrap(),
            json,
        });
        let set = ResourceSet::new(entries);

        let text = "[parent(kid).name, greeting]";
        let file = sources.add("<repl:1>", text);
        let Some(Line::Expr(expr)) = parse_line(file, sources.text(file)).line else {
            panic!("not an expression");
        };
        let bindings = vec![("kid".to_string(), child.clone())];
        let value = evaluate_expr(&program, &set, &Params::new(), &bindings, &expr);
        assert_eq!(value, json!(["a", "hi"]));
    }
}
