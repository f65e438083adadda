//! Checking items: parameters and their defaults, `def` bodies in call order, and rules step by
//! step, with their requirements and message templates.

use std::collections::HashMap;

use super::Checker;
use super::env::BindingKind;
use super::graph;
use super::ty::{Ty, assignable};
use crate::diag::{Code, Diagnostic, Span};
use crate::syntax::{Def, Item, ItemKind, Param, Rule, StepKind, TemplatePart, TypeExpr};

impl Checker<'_> {
    /// Checks every item; `def`s first, so that calls know their result types.
    pub(super) fn check_items(&mut self, items: &[&Item]) {
        let (order, cycles) = graph::order(&self.globals.defs);
        self.diagnostics.extend(cycles);
        for name in order {
            if let Some(def) = self.globals.defs.get(name).copied() {
                self.def(def);
            }
        }

        let mut rule_ids: HashMap<String, Span> = HashMap::new();
        for item in items {
            match &item.kind {
                ItemKind::Param(param) => self.param(param),
                ItemKind::Rule(rule) => {
                    self.rule_id(rule, &mut rule_ids);
                    self.rule(rule);
                }
                _ => {}
            }
        }
        let declared: Vec<&str> = items
            .iter()
            .filter_map(|item| match &item.kind {
                ItemKind::Rule(rule) => Some(rule.id.node.as_str()),
                _ => None,
            })
            .collect();
        for item in items {
            if let ItemKind::Test(test) = &item.kind {
                self.test(test, &declared);
            }
        }
    }

    /// Every rule a test expects an outcome of is declared.
    fn test(&mut self, test: &crate::syntax::Test, declared: &[&str]) {
        for step in &test.steps {
            let crate::syntax::TestStepKind::Expect(expectation) = &step.kind else {
                continue;
            };
            let rule = &expectation.rule;
            if declared
                .iter()
                .any(|id| id.eq_ignore_ascii_case(&rule.node))
            {
                continue;
            }
            let message = format!(
                "test expects an outcome of `{}`, an unknown rule",
                rule.node
            );
            let mut diagnostic = Diagnostic::new(Code::UnknownRule, message, rule.span)
                .with_label("no loaded file declares this rule");
            if let Some(best) = crate::diag::closest(&rule.node, declared.iter().copied()) {
                diagnostic = diagnostic.with_help(format!("did you mean `{best}`?"));
            }
            self.diagnostics.push(diagnostic);
        }
    }

    fn param(&mut self, param: &Param) {
        let Some(default) = &param.default else {
            return;
        };
        let Some(declared) = self.globals.params.get(param.name.node.as_str()) else {
            return;
        };
        let declared = declared.ty.clone();

        let actual = self.expr(default);
        if !assignable(&declared, &actual) {
            let diagnostic = Diagnostic::new(
                Code::DefaultType,
                format!(
                    "the default of `{}` is a `{actual}`, not a `{declared}`",
                    param.name.node
                ),
                default.span,
            )
            .with_label(format!("this is a `{actual}`"))
            .with_secondary(param.ty.span, "declared type");
            self.diagnostics.push(diagnostic);
        }
        self.enum_default(&declared, default);
    }

    /// A parameter whose type is an enum must default to one of its values.
    fn enum_default(&mut self, declared: &Ty, default: &crate::syntax::Expr) {
        self.check_enum_literal(declared, default);
        if let (Some(element), crate::syntax::ExprKind::List(items)) =
            (declared.element(), &default.kind)
        {
            for item in items {
                self.check_enum_literal(&element, item);
            }
        }
    }

    fn def(&mut self, def: &Def) {
        let mark = self.env.mark();
        for param in &def.params {
            let ty = param
                .ty
                .as_ref()
                .map_or(Ty::Any, |ty| self.declared(ty, &param.name.node));
            self.bind(&param.name, ty, BindingKind::DefParam);
        }

        let body = self.expr(&def.body);
        self.env.pop_to(mark, &mut self.diagnostics);

        let result = match &def.ret {
            Some(declared) => {
                let declared_ty = self.declared(declared, &def.name.node);
                if !assignable(&declared_ty, &body) {
                    self.result_mismatch(def, declared, &declared_ty, &body);
                }
                declared_ty
            }
            None => body,
        };
        self.def_results.insert(def.name.node.clone(), result);
    }

    fn result_mismatch(&mut self, def: &Def, declared: &TypeExpr, declared_ty: &Ty, body: &Ty) {
        let diagnostic = Diagnostic::new(
            Code::ResultType,
            format!(
                "`{}` is declared to give a `{declared_ty}`, but gives a `{body}`",
                def.name.node
            ),
            def.body.span,
        )
        .with_label(format!("this is a `{body}`"))
        .with_secondary(declared.span, "declared result type");
        self.diagnostics.push(diagnostic);
    }

    /// Converts a written type, reporting unknown resource types.
    fn declared(&mut self, ty: &TypeExpr, owner: &str) -> Ty {
        let origin = format!("`{owner}`");
        self.globals.schemas.ty(ty, &origin, &mut self.diagnostics)
    }

    fn rule_id(&mut self, rule: &Rule, seen: &mut HashMap<String, Span>) {
        let id = rule.id.node.to_ascii_lowercase();
        if let Some(first) = seen.get(&id) {
            let diagnostic = Diagnostic::new(
                Code::DuplicateRule,
                format!("two rules have the id `{}`", rule.id.node),
                rule.id.span,
            )
            .with_label("declared again here")
            .with_secondary(*first, "first declared here")
            .with_note("rule ids name findings and are matched regardless of case")
            .with_help("give each rule its own id");
            self.diagnostics.push(diagnostic);
            return;
        }
        seen.insert(id, rule.id.span);
    }

    fn rule(&mut self, rule: &Rule) {
        self.metadata(rule);
        let mark = self.env.mark();
        let mut reportable: Vec<&str> = Vec::new();

        for step in &rule.steps {
            match &step.kind {
                StepKind::For { name, ty, domain } => {
                    let domain_ty = self.expr(domain);
                    let element = self.element_of(&domain_ty, domain, "`for`");
                    let element = self.annotated(ty.as_ref(), element, &name.node, domain.span);
                    self.bind(name, element, BindingKind::For);
                    reportable.push(&name.node);
                }
                StepKind::Let { name, ty, value } => {
                    let value_ty = self.expr(value);
                    self.untyped_lookup(ty.as_ref(), name, value);
                    let value_ty = self.annotated(ty.as_ref(), value_ty, &name.node, value.span);
                    if ty.is_some() {
                        self.check_enum_literal(&value_ty, value);
                    }
                    self.bind(name, value_ty, BindingKind::Let);
                    reportable.push(&name.node);
                }
                StepKind::When(condition) => {
                    self.condition(condition, "this `when`");
                    self.learn_presence(condition);
                }
                StepKind::Report(name) => self.report(name, &reportable),
            }
        }

        self.requirements(rule);
        if let Some(message) = &rule.meta.message {
            self.template(&message.parts);
        }
        self.env.pop_to(mark, &mut self.diagnostics);
    }

    /// The type of a `for` element or `let` value, with its declared type if it has one.
    fn annotated(&mut self, declared: Option<&TypeExpr>, actual: Ty, name: &str, span: Span) -> Ty {
        let Some(declared) = declared else {
            return actual;
        };
        let declared_ty = self.declared(declared, name);
        if !assignable(&declared_ty, &actual) {
            let diagnostic = Diagnostic::new(
                Code::BindingType,
                format!("`{name}` is declared a `{declared_ty}`, but its value is a `{actual}`"),
                span,
            )
            .with_label(format!("this is a `{actual}`"))
            .with_secondary(declared.span, "declared type");
            self.diagnostics.push(diagnostic);
        }
        declared_ty
    }

    /// `let x = resource(id)` gives `x` no type, so nothing below it is checked; say so.
    fn untyped_lookup(
        &mut self,
        declared: Option<&TypeExpr>,
        name: &crate::syntax::Ident,
        value: &crate::syntax::Expr,
    ) {
        let crate::syntax::ExprKind::Call { callee, .. } = &value.kind else {
            return;
        };
        if declared.is_some() || callee.node != "resource" {
            return;
        }
        let diagnostic = Diagnostic::new(
            Code::UntypedLookup,
            format!(
                "`{}` has no resource type, so paths below it are not checked",
                name.node
            ),
            name.span,
        )
        .with_label("bound to `resource(...)`, whose type is unknown")
        .with_help(format!(
            "declare the type: `let {}: resource(\"Provider/type\") = ...`",
            name.node
        ));
        self.diagnostics.push(diagnostic);
    }

    /// `report` names a binding made so far by a `for` or `let` of the rule.
    fn report(&mut self, name: &crate::syntax::Ident, bindings: &[&str]) {
        self.env.lookup(&name.node);
        if bindings.contains(&name.node.as_str()) {
            return;
        }
        let message = format!(
            "`report` names `{}`, which is not a binding of this rule",
            name.node
        );
        let mut diagnostic = Diagnostic::new(Code::ReportNotBinding, message, name.span)
            .with_label("not bound by a `for` or `let` above");
        if let Some(best) = crate::diag::closest(&name.node, bindings.iter().copied()) {
            diagnostic = diagnostic.with_help(format!("did you mean `{best}`?"));
        } else {
            diagnostic =
                diagnostic.with_note("findings are reported on a resource bound by `for` or `let`");
        }
        self.diagnostics.push(diagnostic);
    }

    fn requirements(&mut self, rule: &Rule) {
        let mut labels: HashMap<&str, Span> = HashMap::new();
        for requirement in &rule.requirements {
            if let Some(label) = &requirement.label {
                if let Some(first) = labels.get(label.node.as_str()) {
                    let diagnostic = Diagnostic::new(
                        Code::DuplicateLabel,
                        format!("two requirements are labelled `{}`", label.node),
                        label.span,
                    )
                    .with_label("labelled again here")
                    .with_secondary(*first, "first labelled here")
                    .with_help(
                        "findings name the requirement that failed: give each its own label",
                    );
                    self.diagnostics.push(diagnostic);
                } else {
                    labels.insert(&label.node, label.span);
                }
            }
            self.condition(&requirement.condition, "this requirement");
        }
    }

    fn template(&mut self, parts: &[TemplatePart]) {
        for part in parts {
            if let TemplatePart::Hole(expr) = part {
                self.expr(expr);
            }
        }
    }

    fn metadata(&mut self, rule: &Rule) {
        let missing: Vec<&str> = [
            ("title", rule.meta.title.is_none()),
            ("severity", rule.meta.severity.is_none()),
        ]
        .into_iter()
        .filter_map(|(key, absent)| absent.then_some(key))
        .collect();
        if missing.is_empty() {
            return;
        }
        let keys: Vec<String> = missing.iter().map(|key| format!("`{key}`")).collect();
        let diagnostic = Diagnostic::new(
            Code::MissingMetadata,
            format!("rule `{}` has no {}", rule.id.node, keys.join(" or ")),
            rule.id.span,
        )
        .with_label("this rule")
        .with_note("reports list every finding with its title and severity")
        .with_help("add them at the top of the rule, as in `title \"...\"` and `severity medium`");
        self.diagnostics.push(diagnostic);
    }
}
