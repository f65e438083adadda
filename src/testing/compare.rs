//! Compares a test's expectations with an evaluation, per rule, resource and requirement.

use crate::eval::{Evaluation, Finding, Outcome};
use crate::input::Resource;
use crate::syntax::{Expectation, Expected, Test, TestStepKind};

use super::{Mismatch, names};

/// The expectations of `test` that `evaluation` does not meet, in source order, followed by
/// the unexpected findings when the test says `expect no other findings`.
pub(super) fn mismatches(
    test: &Test,
    evaluation: &Evaluation,
    resources: &[Resource],
) -> Vec<Mismatch> {
    let view = View {
        evaluation,
        resources,
    };
    let expectations: Vec<&Expectation> = test
        .steps
        .iter()
        .filter_map(|step| match &step.kind {
            TestStepKind::Expect(expectation) => Some(expectation),
            _ => None,
        })
        .collect();

    let mut found = Vec::new();
    for expectation in &expectations {
        if !view.meets(expectation) {
            found.push(Mismatch {
                expected: expectation_text(expectation),
                actual: view.actual(&expectation.rule.node, &expectation.resource.node),
            });
        }
    }
    let exclusive = test
        .steps
        .iter()
        .any(|step| step.kind == TestStepKind::NoOtherFindings);
    if exclusive {
        for finding in &evaluation.findings {
            if !expectations.iter().any(|e| view.covers(e, finding)) {
                found.push(Mismatch {
                    expected: "no other findings".to_string(),
                    actual: view.finding_text(finding),
                });
            }
        }
    }
    found
}

/// How a test writes an expectation.
pub(super) fn expectation_text(expectation: &Expectation) -> String {
    let mut text = format!(
        "{} {} on \"{}\"",
        expectation.rule.node,
        expectation.outcome.node.as_str(),
        expectation.resource.node
    );
    if let Some(requirement) = &expectation.requirement {
        text.push_str(&format!(" requirement \"{}\"", requirement.node));
    }
    text
}

struct View<'a> {
    evaluation: &'a Evaluation,
    resources: &'a [Resource],
}

impl View<'_> {
    fn rule_id(&self, index: usize) -> &str {
        self.evaluation
            .rules
            .get(index)
            .map_or("", |rule| rule.id.as_str())
    }

    fn is(&self, resource: Option<usize>, wanted: &str) -> bool {
        resource
            .and_then(|index| self.resources.get(index))
            .is_some_and(|resource| names(resource, wanted))
    }

    fn resource_name(&self, resource: Option<usize>) -> String {
        resource
            .and_then(|index| self.resources.get(index))
            .map_or("-".to_string(), |resource| resource.name.clone())
    }

    /// The findings of a rule on a resource.
    fn findings<'f>(
        &'f self,
        rule: &'f str,
        resource: &'f str,
    ) -> impl Iterator<Item = &'f Finding> {
        self.evaluation.findings.iter().filter(move |f| {
            self.rule_id(f.rule).eq_ignore_ascii_case(rule) && self.is(f.resource, resource)
        })
    }

    /// The tuple outcomes of a rule on a resource.
    fn outcomes(&self, rule: &str, resource: &str) -> Vec<Outcome> {
        let tuples = self.evaluation.tuples.iter();
        tuples
            .filter(|t| {
                self.rule_id(t.rule).eq_ignore_ascii_case(rule) && self.is(t.resource, resource)
            })
            .map(|tuple| tuple.outcome)
            .collect()
    }

    fn meets(&self, expectation: &Expectation) -> bool {
        let rule = expectation.rule.node.as_str();
        let resource = expectation.resource.node.as_str();
        let outcomes = self.outcomes(rule, resource);
        match expectation.outcome.node {
            Expected::Fires => self
                .findings(rule, resource)
                .any(|finding| self.covers(expectation, finding)),
            Expected::Compliant => {
                outcomes.contains(&Outcome::Compliant) && !outcomes.contains(&Outcome::NonCompliant)
            }
            Expected::NotApplicable => {
                !outcomes.is_empty() && outcomes.iter().all(|o| *o == Outcome::NotApplicable)
            }
        }
    }

    /// Whether a `fires` expectation accounts for a finding.
    fn covers(&self, expectation: &Expectation, finding: &Finding) -> bool {
        expectation.outcome.node == Expected::Fires
            && self
                .rule_id(finding.rule)
                .eq_ignore_ascii_case(&expectation.rule.node)
            && self.is(finding.resource, &expectation.resource.node)
            && expectation.requirement.as_ref().is_none_or(|requirement| {
                finding.requirement.as_deref() == Some(requirement.node.as_str())
            })
    }

    /// What a rule gave on a resource, in the words of an expectation.
    fn actual(&self, rule: &str, resource: &str) -> String {
        let labels: Vec<String> = self
            .findings(rule, resource)
            .map(|finding| match &finding.requirement {
                Some(label) => format!("\"{label}\""),
                None => "(unnamed)".to_string(),
            })
            .collect();
        let outcomes = self.outcomes(rule, resource);
        if !labels.is_empty() {
            return format!(
                "{rule} fires on \"{resource}\" requirement {}",
                labels.join(", ")
            );
        }
        let what = if outcomes.contains(&Outcome::Compliant) {
            "compliant"
        } else if outcomes.contains(&Outcome::NotApplicable) {
            "not_applicable"
        } else {
            "not evaluated"
        };
        format!("{rule} {what} on \"{resource}\"")
    }

    fn finding_text(&self, finding: &Finding) -> String {
        let mut text = format!(
            "{} fires on \"{}\"",
            self.rule_id(finding.rule),
            self.resource_name(finding.resource)
        );
        if let Some(requirement) = &finding.requirement {
            text.push_str(&format!(" requirement \"{requirement}\""));
        }
        text
    }
}
