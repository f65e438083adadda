//! The call graph among `def`s: recursion is not allowed, and the checker infers result types
//! in an order where each `def` comes after the ones it calls.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Code, Diagnostic};
use crate::syntax::{Def, Expr, ExprKind};

/// The `def` names that `expr` calls, in source order.
pub fn calls(expr: &Expr, found: &mut Vec<String>) {
    match &expr.kind {
        ExprKind::Call { callee, args } => {
            found.push(callee.node.clone());
            args.iter().for_each(|arg| calls(arg, found));
        }
        ExprKind::List(items) => items.iter().for_each(|item| calls(item, found)),
        ExprKind::Field { target, .. } => calls(target, found),
        ExprKind::Index { target, index } => {
            calls(target, found);
            calls(index, found);
        }
        ExprKind::Not(operand) => calls(operand, found),
        ExprKind::Binary { lhs, rhs, .. } => {
            calls(lhs, found);
            calls(rhs, found);
        }
        ExprKind::Quantifier { domain, body, .. } => {
            calls(domain, found);
            calls(body, found);
        }
        ExprKind::Null
        | ExprKind::Bool(_)
        | ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Name(_) => {}
    }
}

/// Orders the `def`s so that callees come first, and reports every cycle once.
pub fn order<'d>(defs: &BTreeMap<&'d str, &'d Def>) -> (Vec<&'d str>, Vec<Diagnostic>) {
    let mut walk = Walk {
        defs,
        done: BTreeSet::new(),
        path: Vec::new(),
        order: Vec::new(),
    };
    let mut diagnostics = Vec::new();

    for name in defs.keys() {
        walk.visit(name, &mut diagnostics);
    }
    (walk.order, diagnostics)
}

struct Walk<'a, 'd> {
    defs: &'a BTreeMap<&'d str, &'d Def>,
    done: BTreeSet<&'d str>,
    path: Vec<&'d str>,
    order: Vec<&'d str>,
}

impl<'d> Walk<'_, 'd> {
    fn visit(&mut self, name: &'d str, diagnostics: &mut Vec<Diagnostic>) {
        if self.done.contains(name) {
            return;
        }
        if let Some(start) = self.path.iter().position(|on_path| *on_path == name) {
            diagnostics.push(self.cycle(start));
            return;
        }
        let Some(def) = self.defs.get(name) else {
            return;
        };

        self.path.push(name);
        let mut callees = Vec::new();
        calls(&def.body, &mut callees);
        for callee in callees {
            if let Some((known, _)) = self.defs.get_key_value(callee.as_str()) {
                self.visit(known, diagnostics);
            }
        }
        self.path.pop();
        self.done.insert(name);
        self.order.push(name);
    }

    /// The diagnostic for the cycle that starts at `path[start]` and returns to it.
    fn cycle(&self, start: usize) -> Diagnostic {
        let members = self.path.get(start..).unwrap_or(&[]);
        let mut shown: Vec<String> = members.iter().map(|name| format!("`{name}`")).collect();
        if let Some(first) = shown.first().cloned() {
            shown.push(first);
        }
        let first = members.first().and_then(|name| self.defs.get(name));
        let span = first.map_or_else(
            || crate::diag::Span::new(crate::diag::FileId::DUMMY, 0, 0),
            |def| def.name.span,
        );

        let message = match members {
            [only] => format!("`{only}` calls itself"),
            _ => format!("`def`s call each other in a cycle: {}", shown.join(" → ")),
        };
        let mut diagnostic = Diagnostic::new(Code::RecursiveDefinition, message, span)
            .with_label("recursion starts here")
            .with_note("a `def` may not call itself, directly or through others")
            .with_help("express the condition with a quantifier such as `any x in xs: ...`");
        for name in members.iter().skip(1) {
            if let Some(def) = self.defs.get(name) {
                diagnostic = diagnostic.with_secondary(def.name.span, "part of the cycle");
            }
        }
        diagnostic
    }
}
