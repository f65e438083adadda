//! Coverage: for every rule and every named requirement, whether the tests made it both pass
//! and fail.

use crate::check::Program;
use crate::eval::{Evaluation, Outcome};

/// One line of the coverage table: a rule, or one named requirement of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageRow {
    /// The rule id.
    pub rule: String,
    /// The requirement's label; `None` for the row of the rule as a whole.
    pub requirement: Option<String>,
    /// Whether some tuple met it: a compliant tuple for a rule, the requirement held for one.
    pub passed: bool,
    /// Whether some finding came from it.
    pub failed: bool,
}

impl CoverageRow {
    /// Whether the tests made it both pass and fail.
    pub fn covered(&self) -> bool {
        self.passed && self.failed
    }
}

/// The coverage of the rules of a program by a set of evaluations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    /// A row per rule, followed by a row per named requirement of it, in load order.
    pub rows: Vec<CoverageRow>,
}

impl Coverage {
    /// The share of rows covered, in percent; 100 when there are none.
    pub fn percent(&self) -> f64 {
        if self.rows.is_empty() {
            return 100.0;
        }
        let covered = self.rows.iter().filter(|row| row.covered()).count();
        covered as f64 * 100.0 / self.rows.len() as f64
    }

    /// The table `tenet test --coverage` prints, and the percentage line after it.
    pub fn render(&self) -> String {
        let width = self
            .rows
            .iter()
            .map(|row| row_name(row).chars().count())
            .chain(std::iter::once("rule".len()))
            .max()
            .unwrap_or(0);
        let mut out = format!("{:width$}  pass  fail\n", "rule");
        for row in &self.rows {
            out.push_str(&format!(
                "{:width$}  {:4}  {}\n",
                row_name(row),
                yes_no(row.passed),
                yes_no(row.failed)
            ));
        }
        let covered = self.rows.iter().filter(|row| row.covered()).count();
        out.push_str(&format!(
            "coverage: {:.1}% ({covered} of {} passing and failing)\n",
            self.percent(),
            self.rows.len()
        ));
        out
    }
}

fn row_name(row: &CoverageRow) -> String {
    match &row.requirement {
        Some(label) => format!("  {label}"),
        None => row.rule.clone(),
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// Which rules and named requirements the evaluations made pass and fail.
pub fn coverage(program: &Program, evaluations: &[Evaluation]) -> Coverage {
    let mut rows = Vec::new();
    for (index, rule) in program.rules().enumerate() {
        let tuples = || {
            evaluations
                .iter()
                .flat_map(|evaluation| &evaluation.tuples)
                .filter(move |tuple| tuple.rule == index)
        };
        let findings = || {
            evaluations
                .iter()
                .flat_map(|evaluation| &evaluation.findings)
                .filter(move |finding| finding.rule == index)
        };
        rows.push(CoverageRow {
            rule: rule.id.node.clone(),
            requirement: None,
            passed: tuples().any(|tuple| tuple.outcome == Outcome::Compliant),
            failed: findings().next().is_some(),
        });
        for requirement in &rule.requirements {
            let Some(label) = &requirement.label else {
                continue;
            };
            let label = Some(label.node.clone());
            rows.push(CoverageRow {
                rule: rule.id.node.clone(),
                requirement: label.clone(),
                passed: tuples().any(|tuple| tuple.passed.contains(&label)),
                failed: findings().any(|finding| finding.requirement == label),
            });
        }
    }
    Coverage { rows }
}
