//! Reports: an evaluation rendered for people (grouped by resource, severity coloured) or as a
//! stable, versioned JSON document for tools. Both come from the same [`Report`] data, and
//! both are returned as text; the command line decides where it goes.

pub mod catalogue;
mod explain;
mod human;
mod json;
mod words;

use std::collections::BTreeMap;

use serde::Serialize;

pub use explain::{fill_text, render_explanation, render_explanation_json};
pub use human::render_human;
pub use json::render_json;

use crate::diag::SourceMap;
use crate::eval::Evaluation;
use crate::syntax::{Effect, RuleSeverity};

/// Where a resource came from and what it is called, for reports.
#[derive(Clone, Debug, Serialize)]
pub struct ResourceInfo {
    /// The id as exported.
    pub id: String,
    /// The type as exported.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The name.
    pub name: String,
    /// The input file and position of the resource.
    pub location: SourceLocation,
    /// Template expressions in the resource that could not be resolved.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
}

/// A position in an input file.
#[derive(Clone, Debug, Serialize)]
pub struct SourceLocation {
    /// The file, as given on the command line.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
    /// The JSON pointer of the resource within the file.
    pub pointer: String,
}

/// Everything a report shows.
pub struct Report<'a> {
    /// The evaluation.
    pub evaluation: &'a Evaluation,
    /// The resources, indexed like the resource set the evaluation ran over.
    pub resources: &'a [ResourceInfo],
    /// The rule sources, for quoting the expressions in evidence.
    pub sources: &'a SourceMap,
    /// How many resources the inputs held, kept for evaluation or not.
    pub resources_read: usize,
}

/// Counts for the summary line and the JSON summary.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Resources in the inputs.
    pub resources: usize,
    /// Rules evaluated.
    pub rules: usize,
    /// Findings in all.
    pub findings: usize,
    /// Findings by severity, from `info` to `critical`.
    pub by_severity: BTreeMap<&'static str, usize>,
    /// Resources with at least one finding.
    pub resources_with_findings: usize,
    /// Binding tuples that met every requirement.
    pub compliant: usize,
    /// Binding tuples that failed a requirement.
    pub non_compliant: usize,
    /// Binding tuples that a `when` ruled out.
    pub not_applicable: usize,
}

impl Report<'_> {
    /// The counts over the whole evaluation.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            resources: self.resources_read,
            rules: self.evaluation.rules.len(),
            findings: self.evaluation.findings.len(),
            ..Summary::default()
        };
        for severity in RuleSeverity::ALL {
            summary.by_severity.insert(severity.as_str(), 0);
        }
        for finding in &self.evaluation.findings {
            if let Some(rule) = self.evaluation.rules.get(finding.rule) {
                *summary
                    .by_severity
                    .entry(rule.severity.as_str())
                    .or_default() += 1;
            }
        }
        let mut flagged: Vec<Option<usize>> = self
            .evaluation
            .findings
            .iter()
            .map(|finding| finding.resource)
            .collect();
        flagged.sort();
        flagged.dedup();
        summary.resources_with_findings = flagged.len();
        for rule in &self.evaluation.rules {
            summary.compliant += rule.compliant;
            summary.non_compliant += rule.non_compliant;
            summary.not_applicable += rule.not_applicable;
        }
        summary
    }

    /// The text of a span in the rule sources.
    fn source_text(&self, span: crate::diag::Span) -> &str {
        self.sources.text(span.file).get(span.range()).unwrap_or("")
    }
}

/// The lowest severity that makes `tenet eval` exit with 1, if any does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Findings of this severity or above fail the run.
    AtLeast(RuleSeverity),
    /// No finding fails the run.
    Never,
}

/// Whether the findings of an evaluation fail the run: findings of rules whose effect is not
/// `disabled` and whose severity reaches the threshold.
pub fn fails(evaluation: &Evaluation, fail_on: FailOn) -> bool {
    let FailOn::AtLeast(threshold) = fail_on else {
        return false;
    };
    evaluation.findings.iter().any(|finding| {
        evaluation
            .rules
            .get(finding.rule)
            .is_some_and(|rule| rule.effect != Effect::Disabled && rule.severity >= threshold)
    })
}
