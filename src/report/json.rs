//! The JSON report: a stable, versioned document, described field by field in
//! `docs/report.md`. Fields are added in new versions, never renamed or removed.

use serde::Serialize;
use serde_json::Value as Json;

use super::words::describe;
use super::{Report, ResourceInfo, Summary};
use crate::eval::{Check, Evidence, Finding};

/// The version of the report's shape.
pub const REPORT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: Vec<FindingRecord<'a>>,
    rules: Vec<RuleRecord<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct FindingRecord<'a> {
    rule: &'a str,
    title: &'a str,
    severity: &'static str,
    effect: &'static str,
    resource: Option<&'a ResourceInfo>,
    requirement: Option<&'a str>,
    message: Option<&'a str>,
    evidence: Vec<EvidenceRecord<'a>>,
    fix: Option<&'a str>,
    docs: Option<&'a str>,
    unresolved: Vec<String>,
}

#[derive(Serialize)]
struct EvidenceRecord<'a> {
    expression: &'a str,
    actual: &'a Json,
    expected: Option<Expected<'a>>,
    description: String,
}

#[derive(Serialize)]
struct Expected<'a> {
    operator: &'static str,
    value: &'a Json,
    negated: bool,
}

#[derive(Serialize)]
struct RuleRecord<'a> {
    id: &'a str,
    title: &'a str,
    severity: &'static str,
    effect: &'static str,
    docs: Option<&'a str>,
    fix: Option<&'a str>,
    compliant: usize,
    non_compliant: usize,
    not_applicable: usize,
}

/// Renders the report as one pretty-printed JSON document.
pub fn render_json(report: &Report<'_>) -> String {
    let document = Document {
        version: REPORT_VERSION,
        tool: Tool {
            name: "tenet",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: report.summary(),
        findings: report
            .evaluation
            .findings
            .iter()
            .filter_map(|f| finding(report, f))
            .collect(),
        rules: report
            .evaluation
            .rules
            .iter()
            .map(|rule| RuleRecord {
                id: &rule.id,
                title: &rule.title,
                severity: rule.severity.as_str(),
                effect: rule.effect.as_str(),
                docs: rule.docs.as_deref(),
                fix: rule.fix.as_deref(),
                compliant: rule.compliant,
                non_compliant: rule.non_compliant,
                not_applicable: rule.not_applicable,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn finding<'a>(report: &'a Report<'a>, finding: &'a Finding) -> Option<FindingRecord<'a>> {
    let rule = report.evaluation.rules.get(finding.rule)?;
    Some(FindingRecord {
        rule: &rule.id,
        title: &rule.title,
        severity: rule.severity.as_str(),
        effect: rule.effect.as_str(),
        resource: finding
            .resource
            .and_then(|index| report.resources.get(index)),
        requirement: finding.requirement.as_deref(),
        message: finding.message.as_deref(),
        evidence: finding
            .evidence
            .iter()
            .map(|e| evidence(report, e))
            .collect(),
        fix: rule.fix.as_deref(),
        docs: rule.docs.as_deref(),
        unresolved: super::human::unresolved(finding),
    })
}

fn evidence<'a>(report: &'a Report<'a>, evidence: &'a Evidence) -> EvidenceRecord<'a> {
    let expression = report.source_text(evidence.span);
    let expected = match &evidence.check {
        Check::Compare {
            op,
            expected,
            negated,
        } => Some(Expected {
            operator: op.as_str(),
            value: expected,
            negated: *negated,
        }),
        _ => None,
    };
    EvidenceRecord {
        expression,
        actual: &evidence.actual,
        expected,
        description: describe(
            evidence,
            &expression.split_whitespace().collect::<Vec<_>>().join(" "),
        ),
    }
}
