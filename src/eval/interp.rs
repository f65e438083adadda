//! The interpreter: rule steps as nested loops over binding tuples, expressions over borrowed
//! JSON, and `def` calls in fresh scopes. Conditions short-circuit left to right.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::join::{JoinKey, KeyIndex, Segment, join_key};
use super::value::{Value, text_equals};
use super::{Finding, Outcome, Params, ResourceSet, RuleSummary, TupleOutcome};
use crate::check::Program;
use crate::syntax::{
    BinaryOp, Def, Effect, Expr, ExprKind, Quantifier, Rule, RuleSeverity, Step, StepKind,
    TemplatePart, TypeExpr, TypeKind,
};

/// A join index is keyed by the folded resource type and the key path.
type JoinCacheKey = (String, Vec<Segment>);

/// The names bound at a point of evaluation, innermost last.
#[derive(Default)]
pub(super) struct Env<'a> {
    names: Vec<(&'a str, Value<'a>)>,
}

impl<'a> Env<'a> {
    pub(super) fn push(&mut self, name: &'a str, value: Value<'a>) {
        self.names.push((name, value));
    }

    pub(super) fn pop(&mut self) {
        self.names.pop();
    }

    /// The value bound to `name`, innermost first.
    pub(super) fn lookup(&self, name: &str) -> Option<Value<'a>> {
        self.get(name).cloned()
    }

    /// Every bound value.
    pub(super) fn values(&self) -> impl Iterator<Item = &Value<'a>> {
        self.names.iter().map(|(_, value)| value)
    }

    fn get(&self, name: &str) -> Option<&Value<'a>> {
        self.names
            .iter()
            .rev()
            .find(|(bound, _)| *bound == name)
            .map(|(_, value)| value)
    }
}

/// Evaluation state shared by all rules of a run: the program, the data and lazy caches.
pub(super) struct Interp<'a> {
    pub(super) set: &'a ResourceSet<'a>,
    defs: HashMap<&'a str, &'a Def>,
    params: HashMap<&'a str, Value<'a>>,
    /// `resources(type)` lists, built once per type.
    by_type: RefCell<HashMap<String, Rc<Vec<Value<'a>>>>>,
    /// Compiled `matches` patterns; `None` for a pattern that does not compile.
    pub(super) regexes: RefCell<HashMap<String, Option<Rc<regex::Regex>>>>,
    /// Join indexes, by resource type and key path.
    pub(super) joins: RefCell<HashMap<JoinCacheKey, Rc<KeyIndex>>>,
    /// The join key of each quantifier, found once; keyed by the quantifier's address.
    keys: RefCell<HashMap<usize, Option<Rc<JoinKey<'a>>>>>,
}

/// What a rule's tuples came to.
struct RuleRun<'a> {
    index: usize,
    rule: &'a Rule,
    summary: RuleSummary,
    findings: Vec<Finding>,
    tuples: Vec<TupleOutcome>,
}

impl<'a> Interp<'a> {
    pub(super) fn new(program: &'a Program, set: &'a ResourceSet<'a>, params: &'a Params) -> Self {
        let defs = program
            .defs()
            .map(|def| (def.name.node.as_str(), def))
            .collect();
        let mut interp = Interp {
            set,
            defs,
            params: HashMap::new(),
            by_type: RefCell::default(),
            regexes: RefCell::default(),
            joins: RefCell::default(),
            keys: RefCell::default(),
        };
        for param in program.params() {
            let name = param.name.node.as_str();
            let value = match params.get(name) {
                Some(json) => Value::from_json(json),
                None => param.default.as_ref().map_or(Value::Null, |default| {
                    interp.expr(default, &mut Env::default())
                }),
            };
            interp.params.insert(name, value);
        }
        interp
    }

    /// Evaluates one rule over every binding tuple.
    pub(super) fn rule(
        &self,
        index: usize,
        rule: &'a Rule,
    ) -> (RuleSummary, Vec<Finding>, Vec<TupleOutcome>) {
        let mut run = RuleRun {
            index,
            rule,
            summary: summary(rule),
            findings: Vec::new(),
            tuples: Vec::new(),
        };
        if run.summary.effect != Effect::Disabled {
            self.steps(&rule.steps, &mut Env::default(), &mut run);
        }
        (run.summary, run.findings, run.tuples)
    }

    fn steps(&self, steps: &'a [Step], env: &mut Env<'a>, run: &mut RuleRun<'a>) {
        let Some((step, rest)) = steps.split_first() else {
            self.requirements(env, run);
            return;
        };
        match &step.kind {
            StepKind::For { name, ty, domain } => {
                let domain = self.expr(domain, env);
                for element in domain.elements() {
                    if !self.has_declared_type(&element, ty.as_ref()) {
                        continue;
                    }
                    env.push(&name.node, element);
                    self.steps(rest, env, run);
                    env.pop();
                }
            }
            StepKind::Let { name, ty, value } => {
                let value = self.expr(value, env);
                let value = if self.has_declared_type(&value, ty.as_ref()) {
                    value
                } else {
                    Value::Null
                };
                env.push(&name.node, value);
                self.steps(rest, env, run);
                env.pop();
            }
            StepKind::When(condition) => {
                if self.expr(condition, env).is_true() {
                    self.steps(rest, env, run);
                } else {
                    run.summary.not_applicable += 1;
                    run.tuples.push(TupleOutcome {
                        rule: run.index,
                        resource: self.reported_resource(run.rule, env),
                        outcome: Outcome::NotApplicable,
                        passed: Vec::new(),
                    });
                }
            }
            StepKind::Report(_) => self.steps(rest, env, run),
        }
    }

    /// A value declared `resource("T")` must be a resource of type `T`; other declared types
    /// are the checker's business.
    fn has_declared_type(&self, value: &Value<'a>, declared: Option<&TypeExpr>) -> bool {
        let Some(TypeExpr {
            kind: TypeKind::Resource(wanted),
            ..
        }) = declared
        else {
            return true;
        };
        let Some(index) = value.resource() else {
            return false;
        };
        self.set
            .get(index)
            .is_some_and(|entry| entry.type_name.eq_ignore_ascii_case(&wanted.node))
    }

    fn requirements(&self, env: &mut Env<'a>, run: &mut RuleRun<'a>) {
        let mut failed = false;
        let mut passed = Vec::new();
        for requirement in &run.rule.requirements {
            if self.expr(&requirement.condition, env).is_true() {
                passed.push(requirement.label.as_ref().map(|label| label.node.clone()));
                continue;
            }
            failed = true;
            let evidence = self.explain(&requirement.condition, env);
            let finding = Finding {
                rule: run.index,
                resource: self.reported_resource(run.rule, env),
                requirement: requirement.label.as_ref().map(|label| label.node.clone()),
                requirement_doc: requirement.docs.text(),
                requirement_span: requirement.condition.span,
                message: run
                    .rule
                    .meta
                    .message
                    .as_ref()
                    .map(|m| self.template(&m.parts, env)),
                evidence,
            };
            run.findings.push(finding);
        }
        if failed {
            run.summary.non_compliant += 1;
        } else {
            run.summary.compliant += 1;
        }
        run.tuples.push(TupleOutcome {
            rule: run.index,
            resource: self.reported_resource(run.rule, env),
            outcome: if failed {
                Outcome::NonCompliant
            } else {
                Outcome::Compliant
            },
            passed,
        });
    }

    /// The resource a finding is about: the `report` binding, or else the first `for` binding
    /// that holds a resource.
    fn reported_resource(&self, rule: &Rule, env: &Env<'a>) -> Option<usize> {
        let reported = rule.steps.iter().find_map(|step| match &step.kind {
            StepKind::Report(name) => Some(name.node.as_str()),
            _ => None,
        });
        if let Some(index) = reported
            .and_then(|name| env.get(name))
            .and_then(Value::resource)
        {
            return Some(index);
        }
        rule.steps.iter().find_map(|step| match &step.kind {
            StepKind::For { name, .. } => env.get(&name.node).and_then(Value::resource),
            _ => None,
        })
    }

    fn template(&self, parts: &'a [TemplatePart], env: &mut Env<'a>) -> String {
        let mut text = String::new();
        for part in parts {
            match part {
                TemplatePart::Text(literal) => text.push_str(literal),
                TemplatePart::Hole(expr) => text.push_str(&self.expr(expr, env).display()),
            }
        }
        text
    }

    /// Evaluates an expression.
    pub(super) fn expr(&self, expr: &'a Expr, env: &mut Env<'a>) -> Value<'a> {
        match &expr.kind {
            ExprKind::Null => Value::Null,
            ExprKind::Bool(value) => Value::Bool(*value),
            ExprKind::Number(value) => Value::Number(*value),
            ExprKind::String(text) => Value::Str(Cow::Borrowed(text)),
            ExprKind::List(items) => Value::List(Rc::new(
                items.iter().map(|item| self.expr(item, env)).collect(),
            )),
            ExprKind::Name(name) => self.name(name, env),
            ExprKind::Field { target, name } => self.expr(target, env).field(&name.node),
            ExprKind::Index { target, index } => {
                let target = self.expr(target, env);
                match self.expr(index, env) {
                    Value::Number(position) => target.element(position),
                    Value::Str(key) => target.field(&key),
                    _ => Value::Null,
                }
            }
            ExprKind::Call { callee, args } => self.call(&callee.node, args, env),
            ExprKind::Not(operand) => Value::Bool(!self.expr(operand, env).is_true()),
            ExprKind::Binary { op, lhs, rhs } => self.binary(op.node, lhs, rhs, env),
            ExprKind::Quantifier {
                kind,
                var,
                domain,
                body,
            } => self.quantifier(kind.node, &var.node, domain, body, env),
        }
    }

    fn name(&self, name: &str, env: &Env<'a>) -> Value<'a> {
        if let Some(value) = env.get(name) {
            return value.clone();
        }
        self.params.get(name).cloned().unwrap_or(Value::Null)
    }

    fn call(&self, callee: &str, args: &'a [Expr], env: &mut Env<'a>) -> Value<'a> {
        let values: Vec<Value<'a>> = args.iter().map(|arg| self.expr(arg, env)).collect();
        match self.defs.get(callee) {
            Some(def) => self.def_call(def, values),
            None => self.builtin(callee, values),
        }
    }

    /// Calls a `def` with argument values; its body sees only its parameters and the globals.
    pub(super) fn def_call(&self, def: &'a Def, args: Vec<Value<'a>>) -> Value<'a> {
        let mut scope = Env::default();
        for (param, value) in def.params.iter().zip(args) {
            scope.push(&param.name.node, value);
        }
        self.expr(&def.body, &mut scope)
    }

    pub(super) fn def(&self, name: &str) -> Option<&'a Def> {
        self.defs.get(name).copied()
    }

    fn binary(&self, op: BinaryOp, lhs: &'a Expr, rhs: &'a Expr, env: &mut Env<'a>) -> Value<'a> {
        let holds = match op {
            BinaryOp::And => self.expr(lhs, env).is_true() && self.expr(rhs, env).is_true(),
            BinaryOp::Or => self.expr(lhs, env).is_true() || self.expr(rhs, env).is_true(),
            BinaryOp::Implies => !self.expr(lhs, env).is_true() || self.expr(rhs, env).is_true(),
            comparison => {
                let lhs = self.expr(lhs, env);
                let rhs = self.expr(rhs, env);
                self.compare(comparison, &lhs, &rhs)
            }
        };
        Value::Bool(holds)
    }

    /// Applies a comparison operator; `docs/semantics.md` describes each.
    pub(super) fn compare(&self, op: BinaryOp, lhs: &Value<'a>, rhs: &Value<'a>) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match op {
            BinaryOp::Eq => lhs.equals(rhs),
            BinaryOp::Ne => !lhs.equals(rhs),
            BinaryOp::Lt => lhs.order(rhs) == Some(Less),
            BinaryOp::Le => matches!(lhs.order(rhs), Some(Less | Equal)),
            BinaryOp::Gt => lhs.order(rhs) == Some(Greater),
            BinaryOp::Ge => matches!(lhs.order(rhs), Some(Greater | Equal)),
            BinaryOp::In => rhs.elements().any(|element| element.equals(lhs)),
            BinaryOp::NotIn => !rhs.elements().any(|element| element.equals(lhs)),
            BinaryOp::Contains => contains(lhs, rhs),
            BinaryOp::NotContains => !contains(lhs, rhs),
            BinaryOp::Like => super::pattern::like(lhs, rhs),
            BinaryOp::NotLike => !super::pattern::like(lhs, rhs),
            BinaryOp::Matches => self.matches(lhs, rhs),
            BinaryOp::NotMatches => !self.matches(lhs, rhs),
            BinaryOp::And | BinaryOp::Or | BinaryOp::Implies => false,
        }
    }

    fn quantifier(
        &self,
        kind: Quantifier,
        var: &'a str,
        domain: &'a Expr,
        body: &'a Expr,
        env: &mut Env<'a>,
    ) -> Value<'a> {
        let domain = match self.candidates(kind, var, domain, body, env) {
            Some(candidates) => Value::List(Rc::new(candidates)),
            None => self.expr(domain, env),
        };

        let mut test = |element: Value<'a>| {
            env.push(var, element);
            let holds = self.expr(body, env).is_true();
            env.pop();
            holds
        };
        let mut elements = domain.elements();
        match kind {
            Quantifier::All => Value::Bool(elements.all(&mut test)),
            Quantifier::Any => Value::Bool(elements.any(&mut test)),
            Quantifier::Count => Value::Number(elements.filter(|e| test(e.clone())).count() as f64),
        }
    }

    /// The join key of a quantifier, worked out on its first evaluation.
    /// The elements of a quantifier's domain that a join index says can satisfy its body, or
    /// `None` when the quantifier has no usable key and every element must be tried.
    pub(super) fn candidates(
        &self,
        kind: Quantifier,
        var: &str,
        domain: &'a Expr,
        body: &'a Expr,
        env: &mut Env<'a>,
    ) -> Option<Vec<Value<'a>>> {
        let key = self.key_for(kind, var, domain, body)?;
        self.join_candidates(&key, env)
    }

    fn key_for(
        &self,
        kind: Quantifier,
        var: &str,
        domain: &'a Expr,
        body: &'a Expr,
    ) -> Option<Rc<JoinKey<'a>>> {
        let address = std::ptr::from_ref(domain) as usize;
        if let Some(known) = self.keys.borrow().get(&address) {
            return known.clone();
        }
        let key = join_key(kind, var, domain, body).map(Rc::new);
        self.keys.borrow_mut().insert(address, key.clone());
        key
    }

    /// The resources of a type, as whole-resource values, built once per type and run.
    pub(super) fn resources_of(&self, type_name: &str) -> Rc<Vec<Value<'a>>> {
        let key = super::value::fold(type_name).into_owned();
        if let Some(list) = self.by_type.borrow().get(&key) {
            return list.clone();
        }
        let list: Vec<Value<'a>> = self
            .set
            .of_type(type_name)
            .iter()
            .filter_map(|&index| self.resource_value(index))
            .collect();
        let list = Rc::new(list);
        self.by_type.borrow_mut().insert(key, list.clone());
        list
    }

    /// The whole-resource value of resource `index`.
    pub(super) fn resource_value(&self, index: usize) -> Option<Value<'a>> {
        let entry = self.set.get(index)?;
        match entry.json {
            serde_json::Value::Object(map) => Some(Value::Object(map, Some(index))),
            _ => None,
        }
    }
}

/// `contains`: a substring of a string (regardless of case), an element of a list, or a key of
/// an object.
fn contains(haystack: &Value<'_>, needle: &Value<'_>) -> bool {
    match (haystack, needle) {
        (Value::Str(text), Value::Str(part)) => {
            super::value::fold(text).contains(super::value::fold(part).as_ref())
        }
        (Value::Array(_) | Value::List(_), needle) => haystack.elements().any(|e| e.equals(needle)),
        (Value::Object(map, _), Value::Str(key)) => map.keys().any(|k| text_equals(k, key)),
        _ => false,
    }
}

fn summary(rule: &Rule) -> RuleSummary {
    RuleSummary {
        id: rule.id.node.clone(),
        title: rule
            .meta
            .title
            .as_ref()
            .map_or_else(|| rule.id.node.clone(), |t| t.node.clone()),
        severity: rule
            .meta
            .severity
            .as_ref()
            .map_or(RuleSeverity::Medium, |s| s.node),
        effect: rule.meta.effect.as_ref().map_or(Effect::Audit, |e| e.node),
        docs: rule.meta.docs.as_ref().map(|docs| docs.node.clone()),
        fix: rule.meta.fix.as_ref().map(|fix| fix.node.clone()),
        description: String::new(),
        span: rule.id.span,
        compliant: 0,
        non_compliant: 0,
        not_applicable: 0,
    }
}
