//! The report for people: findings grouped by resource, most severe first, evidence indented
//! below each, and a summary with counts by severity and per rule.

use std::io::Write;

use codespan_reporting::term::termcolor::{Buffer, Color, ColorSpec, WriteColor};

use super::words::describe;
use super::{Report, ResourceInfo};
use crate::diag::ColorMode;
use crate::eval::{Finding, RuleSummary};
use crate::syntax::RuleSeverity;

/// Renders the report as text, with terminal colours when asked.
pub fn render_human(report: &Report<'_>, color: ColorMode) -> String {
    let mut out = match color {
        ColorMode::Colored => Buffer::ansi(),
        ColorMode::Plain => Buffer::no_color(),
    };
    // Writing to an in-memory buffer cannot fail.
    let _ = write_report(&mut out, report);
    String::from_utf8_lossy(out.as_slice()).into_owned()
}

fn write_report(out: &mut Buffer, report: &Report<'_>) -> std::io::Result<()> {
    let evaluation = report.evaluation;
    let mut findings: Vec<&Finding> = evaluation.findings.iter().collect();
    let severity = |finding: &Finding| evaluation.rules.get(finding.rule).map(|rule| rule.severity);
    findings.sort_by_key(|finding| {
        (
            finding.resource,
            std::cmp::Reverse(severity(finding)),
            finding.rule,
        )
    });

    let mut current = None;
    for finding in findings {
        if current != Some(finding.resource) {
            current = Some(finding.resource);
            writeln!(out)?;
            write_resource(
                out,
                finding
                    .resource
                    .and_then(|index| report.resources.get(index)),
            )?;
        }
        if let Some(rule) = evaluation.rules.get(finding.rule) {
            write_finding(out, report, rule, finding)?;
        }
    }
    writeln!(out)?;
    write_summary(out, report)
}

fn write_resource(out: &mut Buffer, resource: Option<&ResourceInfo>) -> std::io::Result<()> {
    let Some(resource) = resource else {
        return styled(out, ColorSpec::new().set_bold(true), "(no resource)\n");
    };
    let kind = resource
        .type_name
        .rsplit('/')
        .next()
        .unwrap_or(&resource.type_name);
    styled(
        out,
        ColorSpec::new().set_bold(true),
        &format!("{kind} {}", resource.name),
    )?;
    writeln!(out)?;
    writeln!(out, "  {}", resource.id)?;
    let at = &resource.location;
    let pointer = if at.pointer.is_empty() {
        String::new()
    } else {
        format!(" ({})", at.pointer)
    };
    writeln!(out, "  at {}:{}:{}{pointer}", at.file, at.line, at.column)
}

fn write_finding(
    out: &mut Buffer,
    report: &Report<'_>,
    rule: &RuleSummary,
    finding: &Finding,
) -> std::io::Result<()> {
    write!(out, "  ")?;
    styled(
        out,
        &severity_style(rule.severity),
        &format!("{:<8}", rule.severity.as_str()),
    )?;
    styled(out, ColorSpec::new().set_bold(true), &rule.id)?;
    writeln!(out, "  {}", rule.title)?;

    if let Some(label) = &finding.requirement {
        writeln!(out, "    requirement `{label}` failed")?;
    }
    if let Some(message) = &finding.message {
        writeln!(out, "    {message}")?;
    }
    for evidence in &finding.evidence {
        let expression = report.source_text(evidence.span);
        writeln!(out, "      - {}", describe(evidence, &one_line(expression)))?;
    }
    let unresolved = unresolved(finding);
    if !unresolved.is_empty() {
        writeln!(
            out,
            "    note: the finding depends on template expressions Tenet could not resolve: {}",
            unresolved.join(", ")
        )?;
    }
    if let Some(fix) = &rule.fix {
        writeln!(out, "    fix: {fix}")?;
    }
    if let Some(docs) = &rule.docs {
        writeln!(out, "    docs: {docs}")?;
    }
    Ok(())
}

/// The unresolved template expressions that the finding's evidence shows: strings such as
/// `[reference('x').status]` that the input stage left as they were.
pub(super) fn unresolved(finding: &Finding) -> Vec<String> {
    let mut found = Vec::new();
    for evidence in &finding.evidence {
        expressions(&evidence.actual, &mut found);
        if let crate::eval::Check::Compare { expected, .. } = &evidence.check {
            expressions(expected, &mut found);
        }
    }
    found.sort();
    found.dedup();
    found
        .into_iter()
        .map(|expression| format!("`{expression}`"))
        .collect()
}

fn expressions(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => {
            let is_expression =
                text.starts_with('[') && text.ends_with(']') && !text.starts_with("[[");
            if is_expression {
                found.push(text.clone());
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| expressions(item, found)),
        serde_json::Value::Object(map) => map.values().for_each(|item| expressions(item, found)),
        _ => {}
    }
}

/// Expressions spanning lines are shown on one, with their indentation collapsed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn write_summary(out: &mut Buffer, report: &Report<'_>) -> std::io::Result<()> {
    let summary = report.summary();
    let counts: Vec<String> = RuleSeverity::ALL
        .iter()
        .rev()
        .filter_map(|severity| {
            let count = summary
                .by_severity
                .get(severity.as_str())
                .copied()
                .unwrap_or(0);
            (count > 0).then(|| format!("{count} {}", severity.as_str()))
        })
        .collect();
    let findings = plural(summary.findings, "finding");
    let resources = plural(summary.resources_with_findings, "resource");
    let by_severity = if counts.is_empty() {
        String::new()
    } else {
        format!(" ({})", counts.join(", "))
    };
    styled(
        out,
        ColorSpec::new().set_bold(true),
        &format!("{findings} on {resources}{by_severity}"),
    )?;
    writeln!(
        out,
        "; {} read, {} evaluated",
        plural(summary.resources, "resource"),
        plural(summary.rules, "rule")
    )?;

    let width = report
        .evaluation
        .rules
        .iter()
        .map(|rule| rule.id.len())
        .max()
        .unwrap_or(0);
    for rule in &report.evaluation.rules {
        writeln!(
            out,
            "  {:<width$}  {} compliant, {} non-compliant, {} not applicable",
            rule.id, rule.compliant, rule.non_compliant, rule.not_applicable
        )?;
    }
    Ok(())
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn severity_style(severity: RuleSeverity) -> ColorSpec {
    let mut spec = ColorSpec::new();
    let color = match severity {
        RuleSeverity::Critical => Color::Magenta,
        RuleSeverity::High => Color::Red,
        RuleSeverity::Medium => Color::Yellow,
        RuleSeverity::Low => Color::Cyan,
        RuleSeverity::Info => Color::Blue,
    };
    spec.set_fg(Some(color))
        .set_bold(severity >= RuleSeverity::High);
    spec
}

fn styled(out: &mut Buffer, spec: &ColorSpec, text: &str) -> std::io::Result<()> {
    out.set_color(spec)?;
    write!(out, "{text}")?;
    out.reset()
}
