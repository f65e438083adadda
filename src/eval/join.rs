//! Joins by index. `any a in resources("T"): a.p == e and ...` would test every resource of type
//! `T` for every binding tuple; when `e` does not depend on `a`, only the resources whose `p`
//! equals `e` can satisfy it, so an index from `p`'s values to resources, built once per run,
//! gives the candidates directly. The same holds for a key one quantifier down:
//! `any pe in resources("T"): any link in pe.links: link.target == e and ...`.
//!
//! Candidates are a superset of the elements that satisfy the key, so the full condition is
//! still evaluated on each: the index changes the cost, never the result.

use std::collections::HashMap;
use std::rc::Rc;

use super::interp::{Env, Interp};
use super::value::{Value, fold};
use crate::syntax::{BinaryOp, Expr, ExprKind, Quantifier};

/// One step of a key path: a property, or every element of a list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Segment {
    Field(String),
    Each,
}

/// A key that selects the elements of a quantifier's domain by value.
pub(super) struct JoinKey<'a> {
    /// The resource type the domain lists.
    pub type_name: &'a str,
    /// Where the key sits in each resource.
    pub path: Vec<Segment>,
    /// The value it must equal, evaluated outside the quantifier.
    pub value: &'a Expr,
}

/// Values at a key path, folded, mapped to positions in the `resources(type)` list.
pub(super) type KeyIndex = HashMap<String, Vec<usize>>;

/// Finds a join key for `any`/`count` over `resources("T")` whose body has a suitable conjunct.
pub(super) fn join_key<'a>(
    kind: Quantifier,
    var: &str,
    domain: &'a Expr,
    body: &'a Expr,
) -> Option<JoinKey<'a>> {
    if kind == Quantifier::All {
        return None;
    }
    let ExprKind::Call { callee, args } = &domain.kind else {
        return None;
    };
    let [
        Expr {
            kind: ExprKind::String(type_name),
            ..
        },
    ] = args.as_slice()
    else {
        return None;
    };
    if callee.node != "resources" {
        return None;
    }
    let (path, value) = conjuncts(body)
        .into_iter()
        .find_map(|conjunct| key_of(var, conjunct))?;
    Some(JoinKey {
        type_name,
        path,
        value,
    })
}

/// The operands of a chain of `and`s.
fn conjuncts(expr: &Expr) -> Vec<&Expr> {
    match &expr.kind {
        ExprKind::Binary { op, lhs, rhs } if op.node == BinaryOp::And => {
            let mut all = conjuncts(lhs);
            all.extend(conjuncts(rhs));
            all
        }
        _ => vec![expr],
    }
}

/// `var.path == value`, or `any y in var.path: y.more == value and ...`, with `value` free of
/// the bound names.
fn key_of<'a>(var: &str, conjunct: &'a Expr) -> Option<(Vec<Segment>, &'a Expr)> {
    match &conjunct.kind {
        ExprKind::Binary { op, lhs, rhs } if op.node == BinaryOp::Eq => {
            let keyed = |path: &Expr, value: &'a Expr| {
                let path = path_from(var, path)?;
                (!mentions(value, var)).then_some((path, value))
            };
            keyed(lhs, rhs).or_else(|| keyed(rhs, lhs))
        }
        ExprKind::Quantifier {
            kind,
            var: inner,
            domain,
            body,
        } if kind.node == Quantifier::Any => {
            let mut path = path_from(var, domain)?;
            let (rest, value) = conjuncts(body)
                .into_iter()
                .find_map(|c| key_of(&inner.node, c))?;
            if mentions(value, var) {
                return None;
            }
            path.push(Segment::Each);
            path.extend(rest);
            Some((path, value))
        }
        _ => None,
    }
}

/// The property path of `expr` below the name `var`, if it is one.
fn path_from(var: &str, expr: &Expr) -> Option<Vec<Segment>> {
    match &expr.kind {
        ExprKind::Name(name) if name == var => Some(Vec::new()),
        ExprKind::Field { target, name } => {
            let mut path = path_from(var, target)?;
            path.push(Segment::Field(name.node.clone()));
            Some(path)
        }
        _ => None,
    }
}

/// Whether `name` occurs free in `expr`; a quantifier that binds the same name hides it.
fn mentions(expr: &Expr, name: &str) -> bool {
    match &expr.kind {
        ExprKind::Name(found) => found == name,
        ExprKind::List(items) => items.iter().any(|item| mentions(item, name)),
        ExprKind::Call { args, .. } => args.iter().any(|arg| mentions(arg, name)),
        ExprKind::Field { target, .. } => mentions(target, name),
        ExprKind::Index { target, index } => mentions(target, name) || mentions(index, name),
        ExprKind::Not(operand) => mentions(operand, name),
        ExprKind::Binary { lhs, rhs, .. } => mentions(lhs, name) || mentions(rhs, name),
        ExprKind::Quantifier {
            var, domain, body, ..
        } => mentions(domain, name) || (var.node != name && mentions(body, name)),
        ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::String(_) => false,
    }
}

impl<'a> Interp<'a> {
    /// The elements of `resources(key.type_name)` that can satisfy the key, or `None` when the
    /// key's value is not a string, and every element must be tried.
    pub(super) fn join_candidates(
        &self,
        key: &JoinKey<'a>,
        env: &mut Env<'a>,
    ) -> Option<Vec<Value<'a>>> {
        let wanted = self.expr(key.value, env);
        let wanted = fold(wanted.as_str()?).into_owned();
        let list = self.resources_of(key.type_name);
        let index = self.key_index(key, &list);
        let positions = index.get(&wanted).map_or(&[][..], Vec::as_slice);
        Some(
            positions
                .iter()
                .filter_map(|&at| list.get(at).cloned())
                .collect(),
        )
    }

    fn key_index(&self, key: &JoinKey<'a>, list: &[Value<'a>]) -> Rc<KeyIndex> {
        let cache_key = (fold(key.type_name).into_owned(), key.path.clone());
        if let Some(index) = self.joins.borrow().get(&cache_key) {
            return index.clone();
        }
        let mut index = KeyIndex::new();
        for (position, resource) in list.iter().enumerate() {
            let mut values = Vec::new();
            collect(resource, &key.path, &mut values);
            values.sort();
            values.dedup();
            for value in values {
                index.entry(value).or_default().push(position);
            }
        }
        let index = Rc::new(index);
        self.joins.borrow_mut().insert(cache_key, index.clone());
        index
    }
}

/// The folded strings found at `path` below `value`.
fn collect(value: &Value<'_>, path: &[Segment], out: &mut Vec<String>) {
    match path.split_first() {
        None => {
            if let Some(text) = value.as_str() {
                out.push(fold(text).into_owned());
            }
        }
        Some((Segment::Field(name), rest)) => collect(&value.field(name), rest, out),
        Some((Segment::Each, rest)) => {
            for element in value.elements() {
                collect(&element, rest, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{FileId, SourceMap};
    use crate::syntax::{ItemKind, StepKind};

    /// The quantifier of `require <condition>` in a one-rule file.
    fn key(condition: &str) -> Option<(String, Vec<Segment>)> {
        let text = format!("rule t {{\n  require {condition}\n}}\n");
        let mut sources = SourceMap::new();
        let file: FileId = sources.add("t.tenet", text.clone());
        let parsed = crate::syntax::parse(file, &text);
        let ItemKind::Rule(rule) = &parsed.module.items.first()?.kind else {
            return None;
        };
        let _ = StepKind::When;
        let condition = &rule.requirements.first()?.condition;
        let ExprKind::Quantifier {
            kind,
            var,
            domain,
            body,
        } = &condition.kind
        else {
            return None;
        };
        let found = join_key(kind.node, &var.node, domain, body)?;
        Some((found.type_name.to_string(), found.path))
    }

    fn field(name: &str) -> Segment {
        Segment::Field(name.to_string())
    }

    #[test]
    fn a_key_is_an_equality_with_a_value_free_of_the_variable() {
        let found = key("any a in resources(\"T\"): a.properties.principalId == p and a.x");
        assert_eq!(
            found,
            Some((
                "T".to_string(),
                vec![field("properties"), field("principalId")]
            ))
        );
        let flipped = key("any a in resources(\"T\"): p == a.id");
        assert_eq!(flipped.map(|(_, path)| path), Some(vec![field("id")]));
    }

    #[test]
    fn a_key_may_sit_one_quantifier_down() {
        let found = key("any pe in resources(\"T\"): any l in pe.links: l.target == id and l.ok");
        let path = vec![field("links"), Segment::Each, field("target")];
        assert_eq!(found.map(|(_, path)| path), Some(path));
    }

    #[test]
    fn no_key_when_the_value_depends_on_the_variable_or_for_all() {
        assert_eq!(key("any a in resources(\"T\"): a.x == a.y"), None);
        assert_eq!(key("all a in resources(\"T\"): a.x == p"), None);
        assert_eq!(key("any a in xs: a.x == p"), None);
        assert_eq!(key("any a in resources(\"T\"): a.x == p or a.y"), None);
        assert_eq!(
            key("any pe in resources(\"T\"): any l in pe.links: l.target == pe.id"),
            None
        );
    }
}
