//! Evaluation: a checked [`Program`] over a set of resources, giving for each rule and binding
//! tuple an outcome (not applicable, compliant or non-compliant) and, for each failed
//! requirement, a finding with the evidence that decided it. Evaluation is pure: it reads
//! nothing, prints nothing and never fails because of the shape of the data.

mod builtins;
mod explain;
mod index;
mod interp;
mod join;
mod needs;
mod pattern;
pub mod session;
mod trace;
mod value;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use serde_json::Value as Json;

pub use explain::{Explanation, Node, TraceStep, Tuple, explain};
pub use index::{Entry, ResourceSet, normalize_id};
pub use needs::needed_types;
pub use value::Value;

use crate::check::Program;
use crate::diag::Span;
use crate::syntax::{BinaryOp, Effect, Quantifier, RuleSeverity};

/// Parameter values set for a run, by name; parameters not set take their defaults.
pub type Params = HashMap<String, Json>;

/// The result of evaluating every rule.
#[derive(Debug)]
pub struct Evaluation {
    /// Every rule, in load order, with its counts.
    pub rules: Vec<RuleSummary>,
    /// Every finding, rule by rule, in the order of the input.
    pub findings: Vec<Finding>,
    /// How each binding tuple came out, rule by rule, for tools such as `tenet test`.
    pub tuples: Vec<TupleOutcome>,
}

/// How one binding tuple of one rule came out.
#[derive(Clone, Debug, PartialEq)]
pub struct TupleOutcome {
    /// The index of the rule in [`Evaluation::rules`].
    pub rule: usize,
    /// The resource the tuple is reported on, as an index into the resource set.
    pub resource: Option<usize>,
    /// Whether a `when` ruled it out, or it met its requirements or not.
    pub outcome: Outcome,
    /// The labels of the requirements it met; `None` stands for an unlabelled one.
    pub passed: Vec<Option<String>>,
}

/// The outcome of one binding tuple.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A `when` ruled it out.
    NotApplicable,
    /// It met every requirement.
    Compliant,
    /// It failed at least one requirement.
    NonCompliant,
}

/// A rule's metadata and how its binding tuples came out.
#[derive(Clone, Debug)]
pub struct RuleSummary {
    /// The rule id.
    pub id: String,
    /// Its title, or the id when it has none.
    pub title: String,
    /// Its severity; `medium` when it declares none.
    pub severity: RuleSeverity,
    /// Its effect; `audit` when it declares none.
    pub effect: Effect,
    /// Its documentation link.
    pub docs: Option<String>,
    /// How to fix a finding, usually an `az` command.
    pub fix: Option<String>,
    /// Its doc comment.
    pub description: String,
    /// Where the rule is declared.
    pub span: Span,
    /// Tuples that met every requirement.
    pub compliant: usize,
    /// Tuples that failed at least one requirement.
    pub non_compliant: usize,
    /// Tuples that a `when` ruled out.
    pub not_applicable: usize,
}

/// One failed requirement for one binding tuple.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The index of the rule in [`Evaluation::rules`].
    pub rule: usize,
    /// The resource the finding is reported on, as an index into the resource set.
    pub resource: Option<usize>,
    /// The label of the requirement that failed, if it has one.
    pub requirement: Option<String>,
    /// The requirement's doc comment.
    pub requirement_doc: String,
    /// The requirement's condition in the rule file.
    pub requirement_span: Span,
    /// The rule's message with its holes filled in.
    pub message: Option<String>,
    /// The leaf checks that decided the failure.
    pub evidence: Vec<Evidence>,
}

/// One check that decided a requirement: what was tested, its value, and what was expected.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// The expression tested, in the rule file.
    pub span: Span,
    /// Its value.
    pub actual: Json,
    /// What the rule expected of it.
    pub check: Check,
}

/// What a piece of evidence expected.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// `actual op expected` should have held; `negated` when a `not` wanted it not to hold.
    Compare {
        /// The operator.
        op: BinaryOp,
        /// The right-hand value.
        expected: Json,
        /// Whether it was wanted false.
        negated: bool,
    },
    /// The value, used as a condition, should have been true (false under a `not`).
    Truth {
        /// Whether it was wanted false.
        negated: bool,
        /// For a call of a builtin, the values of its arguments.
        arguments: Vec<Json>,
    },
    /// The value should have been present (absent under a `not`).
    Exists {
        /// Whether it was wanted absent.
        negated: bool,
    },
    /// A quantifier over a collection of `elements` came out the wrong way.
    Quantified {
        /// Which quantifier.
        kind: Quantifier,
        /// How many elements the collection had.
        elements: usize,
        /// The position of the element that failed `all`, or passed a negated `any`.
        culprit: Option<usize>,
        /// Whether it was wanted false.
        negated: bool,
    },
}

/// Evaluates every rule of a checked program over a set of resources.
pub fn evaluate<'a>(
    program: &'a Program,
    resources: &'a ResourceSet<'a>,
    params: &'a Params,
) -> Evaluation {
    let interp = interp::Interp::new(program, resources, params);
    let mut evaluation = Evaluation {
        rules: Vec::new(),
        findings: Vec::new(),
        tuples: Vec::new(),
    };

    for (index, (docs, rule)) in program.documented_rules().enumerate() {
        let (mut summary, findings, tuples) = interp.rule(index, rule);
        summary.description = docs.text();
        evaluation.rules.push(summary);
        evaluation.findings.extend(findings);
        evaluation.tuples.extend(tuples);
    }
    evaluation
}
