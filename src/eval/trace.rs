//! Evidence: why a requirement failed, as the leaf checks that decided it. The condition is
//! evaluated again, only for failures, following the branches that made it false: the first
//! false operand of `and`, both operands of a false `or`, the first element that fails `all`.

use serde_json::Value as Json;

use super::interp::{Env, Interp};
use super::value::Value;
use super::{Check, Evidence};
use crate::syntax::{BinaryOp, Expr, ExprKind, Quantifier};

/// How deeply evidence follows `def` calls; defs cannot recurse, so this only bounds output.
const MAX_DEF_DEPTH: usize = 16;

/// How many elements of a failed `any` are explained one by one; beyond that only the count is.
const MAX_EXPLAINED_ELEMENTS: usize = 5;

impl<'a> Interp<'a> {
    /// The evidence for a condition that came out false.
    pub(super) fn explain(&self, condition: &'a Expr, env: &mut Env<'a>) -> Vec<Evidence> {
        let mut evidence = Vec::new();
        self.why(condition, env, false, 0, &mut evidence);
        evidence
    }

    /// Collects why `expr` came out wrong: false, or true when `negated`.
    fn why(
        &self,
        expr: &'a Expr,
        env: &mut Env<'a>,
        negated: bool,
        depth: usize,
        out: &mut Vec<Evidence>,
    ) {
        match &expr.kind {
            ExprKind::Not(operand) => self.why(operand, env, !negated, depth, out),
            ExprKind::Binary { op, lhs, rhs } => match op.node {
                BinaryOp::And | BinaryOp::Or | BinaryOp::Implies => {
                    self.why_logic(op.node, lhs, rhs, env, negated, depth, out);
                }
                comparison => out.push(self.comparison(comparison, lhs, rhs, env, negated)),
            },
            ExprKind::Quantifier {
                kind,
                var,
                domain,
                body,
            } => {
                let quantified = Quantified {
                    kind: kind.node,
                    var: &var.node,
                    domain,
                    body,
                };
                self.why_quantifier(&quantified, env, negated, depth, out);
            }
            ExprKind::Call { callee, args } => {
                self.why_call(expr, &callee.node, args, env, negated, depth, out)
            }
            _ => out.push(self.truth(expr, env, negated)),
        }
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the recursion carries its whole context"
    )]
    fn why_logic(
        &self,
        op: BinaryOp,
        lhs: &'a Expr,
        rhs: &'a Expr,
        env: &mut Env<'a>,
        negated: bool,
        depth: usize,
        out: &mut Vec<Evidence>,
    ) {
        let left = self.expr(lhs, env).is_true();
        // Which operands decided the result, and whether each was wrong by being false.
        match (op, negated) {
            (BinaryOp::And, false) if !left => self.why(lhs, env, false, depth, out),
            (BinaryOp::And, false) => self.why(rhs, env, false, depth, out),
            (BinaryOp::Or, true) if left => self.why(lhs, env, true, depth, out),
            (BinaryOp::Or, true) => self.why(rhs, env, true, depth, out),
            (BinaryOp::Implies, false) => self.why(rhs, env, false, depth, out),
            (BinaryOp::And, true) | (BinaryOp::Implies, true) => {
                self.why(lhs, env, op == BinaryOp::Implies, depth, out);
                self.why(rhs, env, true, depth, out);
            }
            (_, negated) => {
                self.why(lhs, env, negated, depth, out);
                self.why(rhs, env, negated, depth, out);
            }
        }
    }

    fn comparison(
        &self,
        op: BinaryOp,
        lhs: &'a Expr,
        rhs: &'a Expr,
        env: &mut Env<'a>,
        negated: bool,
    ) -> Evidence {
        // `"liveevent" in link.groupIds` reads better as "groupIds should contain liveevent".
        let (subject, op, other) = match flipped(op) {
            Some(flipped) if is_literal(lhs) && !is_literal(rhs) => (rhs, flipped, lhs),
            _ => (lhs, op, rhs),
        };
        let actual = self.expr(subject, env);
        let expected = self.expr(other, env);
        Evidence {
            span: subject.span,
            actual: summarize(&actual, self),
            check: Check::Compare {
                op,
                expected: summarize(&expected, self),
                negated,
            },
        }
    }

    fn why_quantifier(
        &self,
        quantified: &Quantified<'a>,
        env: &mut Env<'a>,
        negated: bool,
        depth: usize,
        out: &mut Vec<Evidence>,
    ) {
        let domain = self.expr(quantified.domain, env);
        if quantified.kind == Quantifier::Any && !negated {
            self.why_none(quantified, &domain, domain.len(), env, depth, out);
            return;
        }
        let elements: Vec<Value<'a>> = domain.elements().collect();
        // `all` fails on an element that is false; a negated `any` on one that is true.
        let wanted = match (quantified.kind, negated) {
            (Quantifier::All, false) => Some(false),
            (Quantifier::Any, true) => Some(true),
            _ => None,
        };
        let culprit = wanted.and_then(|wanted| {
            elements.iter().position(|element| {
                env.push(quantified.var, element.clone());
                let holds = self.expr(quantified.body, env).is_true();
                env.pop();
                holds == wanted
            })
        });

        out.push(Evidence {
            span: quantified.domain.span,
            actual: summarize(&domain, self),
            check: Check::Quantified {
                kind: quantified.kind,
                elements: elements.len(),
                culprit,
                negated,
            },
        });
        if let Some(element) = culprit.and_then(|index| elements.get(index)) {
            env.push(quantified.var, element.clone());
            self.why(quantified.body, env, negated, depth, out);
            env.pop();
        }
    }

    /// `any` found no element: say how many there were, and when only a few could have
    /// matched (the join candidates, or a short list), why each of them did not.
    fn why_none(
        &self,
        quantified: &Quantified<'a>,
        domain: &Value<'a>,
        count: usize,
        env: &mut Env<'a>,
        depth: usize,
        out: &mut Vec<Evidence>,
    ) {
        let candidates = self.candidates(
            quantified.kind,
            quantified.var,
            quantified.domain,
            quantified.body,
            env,
        );
        let elements = match candidates {
            Some(candidates) => candidates,
            None if count > MAX_EXPLAINED_ELEMENTS => Vec::new(),
            None => domain.elements().collect(),
        };
        out.push(Evidence {
            span: quantified.domain.span,
            actual: summarize(domain, self),
            check: Check::Quantified {
                kind: Quantifier::Any,
                elements: count,
                culprit: None,
                negated: false,
            },
        });
        if elements.len() > MAX_EXPLAINED_ELEMENTS {
            return;
        }
        for element in elements {
            env.push(quantified.var, element);
            self.why(quantified.body, env, false, depth, out);
            env.pop();
        }
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the recursion carries its whole context"
    )]
    fn why_call(
        &self,
        expr: &'a Expr,
        callee: &str,
        args: &'a [Expr],
        env: &mut Env<'a>,
        negated: bool,
        depth: usize,
        out: &mut Vec<Evidence>,
    ) {
        if callee == "exists" {
            if let Some(arg) = args.first() {
                let actual = self.expr(arg, env);
                out.push(Evidence {
                    span: arg.span,
                    actual: summarize(&actual, self),
                    check: Check::Exists { negated },
                });
            }
            return;
        }
        let Some(def) = self.def(callee).filter(|_| depth < MAX_DEF_DEPTH) else {
            out.push(self.truth(expr, env, negated));
            return;
        };
        let mut scope = Env::default();
        for (param, arg) in def.params.iter().zip(args) {
            let value = self.expr(arg, env);
            scope.push(&param.name.node, value);
        }
        self.why(&def.body, &mut scope, negated, depth + 1, out);
    }

    fn truth(&self, expr: &'a Expr, env: &mut Env<'a>, negated: bool) -> Evidence {
        let actual = self.expr(expr, env);
        let arguments = match &expr.kind {
            ExprKind::Call { args, .. } => args
                .iter()
                .map(|arg| summarize(&self.expr(arg, env), self))
                .collect(),
            _ => Vec::new(),
        };
        Evidence {
            span: expr.span,
            actual: summarize(&actual, self),
            check: Check::Truth { negated, arguments },
        }
    }
}

struct Quantified<'a> {
    kind: Quantifier,
    var: &'a str,
    domain: &'a Expr,
    body: &'a Expr,
}

/// The operator that says the same with its operands swapped.
fn flipped(op: BinaryOp) -> Option<BinaryOp> {
    let flipped = match op {
        BinaryOp::Eq => BinaryOp::Eq,
        BinaryOp::Ne => BinaryOp::Ne,
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::Le => BinaryOp::Ge,
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::Ge => BinaryOp::Le,
        BinaryOp::In => BinaryOp::Contains,
        BinaryOp::NotIn => BinaryOp::NotContains,
        _ => return None,
    };
    Some(flipped)
}

fn is_literal(expr: &Expr) -> bool {
    matches!(
        expr.kind,
        ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::List(_)
    )
}

/// How many elements of a list evidence shows; the rest are counted, not listed.
const MAX_SHOWN_ELEMENTS: usize = 10;

/// A value as evidence shows it: whole resources by their id, and long lists cut to their
/// first elements and a count of the rest, so that evidence stays small however large the
/// export is.
pub(super) fn summarize(value: &Value<'_>, interp: &Interp<'_>) -> Json {
    let id = |value: &Value<'_>| {
        let entry = value.resource().and_then(|index| interp.set.get(index))?;
        Some(Json::String(entry.id.to_string()))
    };
    if let Some(id) = id(value) {
        return id;
    }
    let count = match value {
        Value::Array(_) | Value::List(_) => value.len(),
        _ => 0,
    };
    if count == 0 {
        return value.to_json();
    }
    let mut shown: Vec<Json> = value
        .elements()
        .take(MAX_SHOWN_ELEMENTS)
        .map(|element| id(&element).unwrap_or_else(|| element.to_json()))
        .collect();
    if count > MAX_SHOWN_ELEMENTS {
        shown.push(Json::String(format!(
            "… and {} more",
            count - MAX_SHOWN_ELEMENTS
        )));
    }
    Json::Array(shown)
}
