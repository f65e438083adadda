//! Explanations: the whole evaluation of one rule for one resource, as a tree. Every binding
//! tuple that involves the resource is shown with its bindings, each `when` and requirement
//! with its result, and below them every sub-expression with its value, down to the leaves;
//! operands that short-circuiting skipped are marked as not evaluated.

use serde::Serialize;
use serde_json::Value as Json;

use super::interp::{Env, Interp};
use super::value::Value;
use super::{Params, ResourceSet};
use crate::check::Program;
use crate::diag::Span;
use crate::syntax::{BinaryOp, Expr, ExprKind, Quantifier, Rule, StepKind};

/// How many elements of a quantifier an explanation expands one by one.
const MAX_ELEMENTS: usize = 5;

/// The evaluation of one rule for one resource.
#[derive(Debug, Serialize)]
pub struct Explanation {
    /// The rule id.
    pub rule: String,
    /// The resource explained, by id.
    pub resource: String,
    /// Each binding tuple the resource takes part in.
    pub tuples: Vec<Tuple>,
}

/// One binding tuple: its steps in order, and its outcome.
#[derive(Debug, Serialize)]
pub struct Tuple {
    /// Bindings, `when`s and requirements, in the order the rule gives them.
    pub steps: Vec<TraceStep>,
    /// `not applicable`, `compliant` or `non-compliant`.
    pub outcome: &'static str,
}

/// One step of a tuple.
#[derive(Debug, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum TraceStep {
    /// A `for` or `let` binding and its value.
    Bind {
        /// The name bound.
        name: String,
        /// Its value.
        value: Json,
    },
    /// A `when` condition.
    When {
        /// Its evaluation.
        node: Node,
    },
    /// A requirement.
    Require {
        /// Its label, if it has one.
        label: Option<String>,
        /// Its evaluation.
        node: Node,
    },
}

/// One evaluated expression.
#[derive(Debug, Serialize)]
pub struct Node {
    /// The expression in the rule file.
    #[serde(skip)]
    pub span: Span,
    /// Its text, filled in by whoever renders the tree.
    pub expression: String,
    /// Its value; `null` for a skipped operand.
    pub value: Json,
    /// What the node stands for when its text does not say it, such as a quantifier's element.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// True for an operand that short-circuiting did not evaluate.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
    /// The sub-expressions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

impl Node {
    fn new(expr: &Expr, value: Json) -> Node {
        Node {
            span: expr.span,
            expression: String::new(),
            value,
            note: None,
            skipped: false,
            children: Vec::new(),
        }
    }

    /// Applies `f` to this node and every node below it, for filling in their text.
    pub fn visit_mut(&mut self, f: &mut impl FnMut(&mut Node)) {
        f(self);
        for child in &mut self.children {
            child.visit_mut(f);
        }
    }
}

/// Explains rule `rule_id` for the resource at `resource` in `set`; `None` when there is no
/// such rule.
pub fn explain<'a>(
    program: &'a Program,
    set: &'a ResourceSet<'a>,
    params: &'a Params,
    rule_id: &str,
    resource: usize,
) -> Option<Explanation> {
    let rule = program
        .rules()
        .find(|rule| rule.id.node.eq_ignore_ascii_case(rule_id))?;
    let interp = Interp::new(program, set, params);
    let mut tuples = Vec::new();
    let mut walk = Walk {
        interp: &interp,
        rule,
        resource,
        tuples: &mut tuples,
    };
    walk.steps(0, &mut Env::default());

    Some(Explanation {
        rule: rule.id.node.clone(),
        resource: set
            .get(resource)
            .map(|entry| entry.id.to_string())
            .unwrap_or_default(),
        tuples,
    })
}

struct Walk<'w, 'a> {
    interp: &'w Interp<'a>,
    rule: &'a Rule,
    resource: usize,
    tuples: &'w mut Vec<Tuple>,
}

impl<'a> Walk<'_, 'a> {
    /// Runs the steps from `index` on, as evaluation does, and traces each tuple that ends
    /// (completes or is ruled out) with the resource among its bindings.
    fn steps(&mut self, index: usize, env: &mut Env<'a>) {
        let Some(step) = self.rule.steps.get(index) else {
            self.finish(index, env, true);
            return;
        };
        match &step.kind {
            StepKind::For { name, domain, .. } => {
                for element in self.interp.expr(domain, env).elements() {
                    env.push(&name.node, element);
                    self.steps(index + 1, env);
                    env.pop();
                }
            }
            StepKind::Let { name, value, .. } => {
                let value = self.interp.expr(value, env);
                env.push(&name.node, value);
                self.steps(index + 1, env);
                env.pop();
            }
            StepKind::When(condition) => {
                if self.interp.expr(condition, env).is_true() {
                    self.steps(index + 1, env);
                } else {
                    self.finish(index + 1, env, false);
                }
            }
            StepKind::Report(_) => self.steps(index + 1, env),
        }
    }

    /// Records the tuple whose steps ran up to `reached`, when it involves the resource.
    fn finish(&mut self, reached: usize, env: &mut Env<'a>, complete: bool) {
        let involved = env
            .values()
            .any(|value| value.resource() == Some(self.resource));
        if !involved {
            return;
        }
        let mut steps = Vec::new();
        for step in self.rule.steps.iter().take(reached) {
            match &step.kind {
                StepKind::For { name, .. } | StepKind::Let { name, .. } => {
                    let value = env
                        .lookup(&name.node)
                        .map_or(Json::Null, |v| self.summary(&v));
                    steps.push(TraceStep::Bind {
                        name: name.node.clone(),
                        value,
                    });
                }
                StepKind::When(condition) => {
                    steps.push(TraceStep::When {
                        node: self.node(condition, env),
                    });
                }
                StepKind::Report(_) => {}
            }
        }
        let mut failed = false;
        if complete {
            for requirement in &self.rule.requirements {
                let node = self.node(&requirement.condition, env);
                failed |= node.value != Json::Bool(true);
                let label = requirement.label.as_ref().map(|label| label.node.clone());
                steps.push(TraceStep::Require { label, node });
            }
        }
        let outcome = match (complete, failed) {
            (false, _) => "not applicable",
            (true, true) => "non-compliant",
            (true, false) => "compliant",
        };
        self.tuples.push(Tuple { steps, outcome });
    }

    fn summary(&self, value: &Value<'a>) -> Json {
        super::trace::summarize(value, self.interp)
    }

    /// Evaluates `expr` and everything below it.
    fn node(&self, expr: &'a Expr, env: &mut Env<'a>) -> Node {
        match &expr.kind {
            ExprKind::Binary { op, lhs, rhs } => self.binary(expr, op.node, lhs, rhs, env),
            ExprKind::Not(operand) => {
                let child = self.node(operand, env);
                let value = Json::Bool(child.value != Json::Bool(true));
                Node {
                    children: vec![child],
                    ..Node::new(expr, value)
                }
            }
            ExprKind::Quantifier {
                kind,
                var,
                domain,
                body,
            } => self.quantifier(expr, kind.node, &var.node, domain, body, env),
            ExprKind::Call { callee, args } => self.call(expr, &callee.node, args, env),
            _ => {
                let value = self.interp.expr(expr, env);
                Node::new(expr, self.summary(&value))
            }
        }
    }

    fn binary(
        &self,
        expr: &'a Expr,
        op: BinaryOp,
        lhs: &'a Expr,
        rhs: &'a Expr,
        env: &mut Env<'a>,
    ) -> Node {
        let left = self.node(lhs, env);
        let left_true = left.value == Json::Bool(true);
        // The right operand is skipped where the left decides the result.
        let skip = match op {
            BinaryOp::And | BinaryOp::Implies => !left_true,
            BinaryOp::Or => left_true,
            _ => false,
        };
        let right = if skip {
            Node {
                skipped: true,
                ..Node::new(rhs, Json::Null)
            }
        } else {
            self.node(rhs, env)
        };
        let value = self.interp.expr(expr, env);
        Node {
            children: vec![left, right],
            ..Node::new(expr, self.summary(&value))
        }
    }

    fn quantifier(
        &self,
        expr: &'a Expr,
        kind: Quantifier,
        var: &'a str,
        domain: &'a Expr,
        body: &'a Expr,
        env: &mut Env<'a>,
    ) -> Node {
        let value = self.interp.expr(expr, env);
        let domain_value = self.interp.expr(domain, env);
        let mut domain_node = Node::new(domain, self.summary(&domain_value));

        let candidates = self.interp.candidates(kind, var, domain, body, env);
        let (elements, note) = match candidates {
            Some(candidates) => (candidates, "candidate"),
            None => (domain_value.elements().collect::<Vec<_>>(), "element"),
        };
        if note == "candidate" {
            domain_node.note = Some(format!("{} candidates found by index", elements.len()));
        }

        // `any` stops at the first element that holds, `all` at the first that does not.
        let stops_at = match kind {
            Quantifier::Any => Some(true),
            Quantifier::All => Some(false),
            Quantifier::Count => None,
        };
        let mut children = vec![domain_node];
        let mut stopped = false;
        for (position, element) in elements.into_iter().enumerate().take(MAX_ELEMENTS) {
            let shown = self.summary(&element);
            let mut body_node = if stopped {
                Node {
                    skipped: true,
                    ..Node::new(body, Json::Null)
                }
            } else {
                env.push(var, element);
                let node = self.node(body, env);
                env.pop();
                node
            };
            stopped |= stops_at.is_some_and(|stop| body_node.value == Json::Bool(stop));
            body_node.note = Some(format!(
                "{note} {}: {var} = {}",
                position + 1,
                compact(&shown)
            ));
            children.push(body_node);
        }
        Node {
            children,
            ..Node::new(expr, self.summary(&value))
        }
    }

    fn call(&self, expr: &'a Expr, callee: &str, args: &'a [Expr], env: &mut Env<'a>) -> Node {
        let value = self.interp.expr(expr, env);
        let mut children: Vec<Node> = args.iter().map(|arg| self.node(arg, env)).collect();
        if let Some(def) = self.interp.def(callee) {
            let mut scope = Env::default();
            for (param, arg) in def.params.iter().zip(args) {
                let value = self.interp.expr(arg, env);
                scope.push(&param.name.node, value);
            }
            let mut body = self.node(&def.body, &mut scope);
            body.note = Some(format!("body of `{callee}`"));
            children.push(body);
        }
        Node {
            children,
            ..Node::new(expr, self.summary(&value))
        }
    }
}

fn compact(value: &Json) -> String {
    let text = value.to_string();
    if text.chars().count() <= 80 {
        return text;
    }
    let cut: String = text.chars().take(80).collect();
    format!("{cut}…")
}
