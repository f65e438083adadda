//! Checking one expression of an interactive session: a checked [`Program`], the names the
//! session has bound and an expression in; the expression's type and diagnostics out.

use std::collections::HashMap;

use super::env::{BindingKind, Env};
use super::{Checker, Globals, Program, Ty};
use crate::diag::{Diagnostic, FileId, Span};
use crate::syntax::{Expr, Item};

/// What checking a session expression found.
#[derive(Debug)]
pub struct CheckedExpr {
    /// The inferred type of the expression.
    pub ty: Ty,
    /// Errors and warnings about it, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckedExpr {
    /// Whether any diagnostic is an error, in which case the expression must not be evaluated.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Type-checks `expr` against the `param`s and `def`s of `program` and the session's own
/// bindings, each a name with its type; later bindings hide earlier ones of the same name.
///
/// The program's own diagnostics were reported when it was checked, so only the expression's
/// are returned.
pub fn check_expr(program: &Program, bindings: &[(String, Ty)], expr: &Expr) -> CheckedExpr {
    let items: Vec<&Item> = program
        .modules()
        .iter()
        .flat_map(|module| &module.items)
        .collect();
    let mut ignored = Vec::new();
    let globals = Globals::collect(&items, program.schemas(), &mut ignored);
    let mut checker = Checker {
        globals,
        env: Env::default(),
        diagnostics: Vec::new(),
        def_results: HashMap::new(),
    };
    // Checking the `def`s again records their result types for calls in `expr`.
    checker.check_items(&[]);
    checker.diagnostics.clear();

    let nowhere = Span::new(FileId::DUMMY, 0, 0);
    for (name, ty) in bindings {
        checker
            .env
            .bind(name, ty.clone(), nowhere, BindingKind::Let);
    }
    let ty = checker.expr(expr);

    // Session bindings have no place in a file, so labels that would point at one are dropped.
    let mut diagnostics = checker.diagnostics;
    for diagnostic in &mut diagnostics {
        diagnostic
            .secondary
            .retain(|label| label.span.file != FileId::DUMMY);
    }
    CheckedExpr { ty, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;
    use crate::syntax::line::{Line, parse_line};

    fn program(sources: &mut SourceMap, text: &str) -> Program {
        let file = sources.add("rules.tenet", text);
        let parsed = crate::syntax::parse(file, sources.text(file));
        let checked = super::super::check(vec![parsed.module]);
        checked.program.unwrap()
    }

    fn expr(sources: &mut SourceMap, text: &str) -> Expr {
        let file = sources.add("<repl:1>", text);
        match parse_line(file, sources.text(file)).line {
            Some(Line::Expr(expr)) => expr,
            other => panic!("not an expression: {other:?}"),
        }
    }

    #[test]
    fn expressions_see_defs_params_and_session_bindings() {
        let mut sources = SourceMap::new();
        let program = program(
            &mut sources,
            "param limit: number = 3\ndef big(n: number): bool = n > limit\n",
        );
        let bindings = vec![("n".to_string(), Ty::Number)];
        let checked = check_expr(&program, &bindings, &expr(&mut sources, "big(n)"));
        assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
        assert_eq!(checked.ty.to_string(), "bool");

        let unknown = check_expr(&program, &[], &expr(&mut sources, "big(m)"));
        assert!(unknown.has_errors());
    }
}
