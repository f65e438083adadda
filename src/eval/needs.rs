//! Which resource types a program reads, so that the input stage can skip the others while it
//! scans: on a large export most resources are of types no rule mentions.

use std::collections::HashSet;

use crate::check::Program;
use crate::syntax::{Expr, ExprKind, StepKind, TemplatePart, TypeExpr, TypeKind};

/// The lower-case resource types the program can reach, or `None` when it may reach any: a
/// `resources(...)` of a computed type, or a `resource(id)` whose type is not declared.
pub fn needed_types(program: &Program) -> Option<HashSet<String>> {
    let mut needs = Needs {
        types: HashSet::new(),
        any: false,
    };

    for rule in program.rules() {
        for step in &rule.steps {
            match &step.kind {
                StepKind::For { ty, domain, .. } => {
                    needs.declared(ty.as_ref());
                    needs.expr(domain);
                }
                StepKind::Let {
                    ty: Some(ty),
                    value,
                    ..
                } if is_lookup(value) => {
                    needs.declared(Some(ty));
                    lookup_args(value).iter().for_each(|arg| needs.expr(arg));
                }
                StepKind::Let { ty, value, .. } => {
                    needs.declared(ty.as_ref());
                    needs.expr(value);
                }
                StepKind::When(condition) => needs.expr(condition),
                StepKind::Report(_) => {}
            }
        }
        rule.requirements
            .iter()
            .for_each(|requirement| needs.expr(&requirement.condition));
        if let Some(message) = &rule.meta.message {
            for part in &message.parts {
                if let TemplatePart::Hole(expr) = part {
                    needs.expr(expr);
                }
            }
        }
    }
    program.defs().for_each(|def| needs.expr(&def.body));
    program
        .params()
        .filter_map(|param| param.default.as_ref())
        .for_each(|e| needs.expr(e));

    if needs.any {
        return None;
    }
    let parents: Vec<String> = needs.types.iter().flat_map(|ty| ancestors(ty)).collect();
    needs.types.extend(parents);
    Some(needs.types)
}

struct Needs {
    types: HashSet<String>,
    any: bool,
}

impl Needs {
    fn declared(&mut self, ty: Option<&TypeExpr>) {
        if let Some(TypeExpr {
            kind: TypeKind::Resource(name),
            ..
        }) = ty
        {
            self.types.insert(name.node.to_lowercase());
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Call { callee, args } => {
                self.call(&callee.node, args);
                args.iter().for_each(|arg| self.expr(arg));
            }
            ExprKind::List(items) => items.iter().for_each(|item| self.expr(item)),
            ExprKind::Field { target, .. } => self.expr(target),
            ExprKind::Index { target, index } => {
                self.expr(target);
                self.expr(index);
            }
            ExprKind::Not(operand) => self.expr(operand),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Quantifier { domain, body, .. } => {
                self.expr(domain);
                self.expr(body);
            }
            ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::Name(_) => {}
        }
    }

    fn call(&mut self, callee: &str, args: &[Expr]) {
        let literal = |at: usize| match args.get(at).map(|arg| &arg.kind) {
            Some(ExprKind::String(name)) => Some(name.to_lowercase()),
            _ => None,
        };
        let named = match callee {
            "resources" => literal(0),
            "children" => literal(1),
            // An untyped lookup by id may land on any type.
            "resource" => None,
            _ => return,
        };
        match named {
            Some(name) => {
                self.types.insert(name);
            }
            None => self.any = true,
        }
    }
}

/// `resource(id)`, the one call whose result type a declaration can pin down.
fn is_lookup(expr: &Expr) -> bool {
    matches!(&expr.kind, ExprKind::Call { callee, .. } if callee.node == "resource")
}

fn lookup_args(expr: &Expr) -> &[Expr] {
    match &expr.kind {
        ExprKind::Call { args, .. } => args,
        _ => &[],
    }
}

/// `a/b/c/d` has the ancestors `a/b/c` and `a/b`: `parent` may walk up to them.
fn ancestors(type_name: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = type_name;
    while let Some((parent, _)) = current.rsplit_once('/') {
        if !parent.contains('/') {
            break;
        }
        found.push(parent.to_string());
        current = parent;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;

    fn needs(rules: &str) -> Option<Vec<String>> {
        let mut sources = SourceMap::new();
        let file = sources.add("t.tenet", rules);
        let parsed = crate::syntax::parse(file, rules);
        let (prelude, _) = crate::pack::schema_modules(&mut sources);
        let checked = crate::check::check_with_prelude(vec![parsed.module], &prelude);
        let program = checked.program.expect("a program");
        let mut types: Vec<String> = needed_types(&program)?.into_iter().collect();
        types.sort();
        Some(types)
    }

    #[test]
    fn literal_types_and_their_parents_are_needed() {
        let rules = r#"
rule t {
  title "t"
  severity low
  for e in resources("Microsoft.Media/mediaservices/liveEvents")
  let s: resource("Microsoft.Storage/storageAccounts") = resource(e.id)
  require s != null and len(children(e, "Microsoft.Media/mediaservices/liveEvents/outputs")) == 0
}
"#;
        let types = needs(rules).expect("a closed set of types");
        assert_eq!(
            types,
            [
                "microsoft.media/mediaservices",
                "microsoft.media/mediaservices/liveevents",
                "microsoft.media/mediaservices/liveevents/outputs",
                "microsoft.storage/storageaccounts",
            ]
        );
    }

    #[test]
    fn an_untyped_lookup_needs_everything() {
        let rules =
            "rule t {\n  title \"t\"\n  severity low\n  require resource(\"/x\") == null\n}\n";
        assert_eq!(needs(rules), None);
    }
}
