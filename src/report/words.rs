//! Evidence in words: "`storage.properties.networkAcls.bypass` is `"Logging, Metrics"`,
//! expected to contain `"AzureServices"`".

use serde_json::Value as Json;

use crate::eval::{Check, Evidence};
use crate::syntax::{BinaryOp, Quantifier};

/// The longest value shown in full; longer ones are cut, with a note of what was left out.
const MAX_VALUE: usize = 240;

/// One piece of evidence as a sentence; `expression` is its text in the rule file.
pub fn describe(evidence: &Evidence, expression: &str) -> String {
    let actual = value(&evidence.actual);
    match &evidence.check {
        Check::Compare {
            op,
            expected,
            negated,
        } => {
            let wanted = relation(*op, *negated, &value(expected));
            format!("`{expression}` is {actual}, expected {wanted}")
        }
        Check::Truth { negated, arguments } => {
            let wanted = if *negated { "`false`" } else { "`true`" };
            if arguments.is_empty() {
                return format!("`{expression}` is {actual}, expected {wanted}");
            }
            let given: Vec<String> = arguments.iter().map(value).collect();
            format!(
                "`{expression}` is {actual} for ({}), expected {wanted}",
                given.join(", ")
            )
        }
        Check::Exists { negated: false } => format!("`{expression}` is missing"),
        Check::Exists { negated: true } => {
            format!("`{expression}` is {actual}, expected it to be absent")
        }
        Check::Quantified {
            kind,
            elements,
            culprit,
            negated,
        } => quantified(
            *kind,
            *elements,
            *culprit,
            *negated,
            expression,
            &evidence.actual,
        ),
    }
}

fn relation(op: BinaryOp, negated: bool, expected: &str) -> String {
    let op = if negated { negate(op) } else { op };
    match op {
        BinaryOp::Eq => expected.to_string(),
        BinaryOp::Ne => format!("anything but {expected}"),
        BinaryOp::Lt => format!("less than {expected}"),
        BinaryOp::Le => format!("at most {expected}"),
        BinaryOp::Gt => format!("more than {expected}"),
        BinaryOp::Ge => format!("at least {expected}"),
        BinaryOp::In => format!("one of {expected}"),
        BinaryOp::NotIn => format!("none of {expected}"),
        BinaryOp::Contains => format!("to contain {expected}"),
        BinaryOp::NotContains => format!("not to contain {expected}"),
        BinaryOp::Like => format!("to match {expected}"),
        BinaryOp::NotLike => format!("not to match {expected}"),
        BinaryOp::Matches => format!("to match the pattern {expected}"),
        BinaryOp::NotMatches => format!("not to match the pattern {expected}"),
        BinaryOp::And | BinaryOp::Or | BinaryOp::Implies => expected.to_string(),
    }
}

/// The operator that holds exactly when `op` does not.
fn negate(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Eq => BinaryOp::Ne,
        BinaryOp::Ne => BinaryOp::Eq,
        BinaryOp::Lt => BinaryOp::Ge,
        BinaryOp::Le => BinaryOp::Gt,
        BinaryOp::Gt => BinaryOp::Le,
        BinaryOp::Ge => BinaryOp::Lt,
        BinaryOp::In => BinaryOp::NotIn,
        BinaryOp::NotIn => BinaryOp::In,
        BinaryOp::Contains => BinaryOp::NotContains,
        BinaryOp::NotContains => BinaryOp::Contains,
        BinaryOp::Like => BinaryOp::NotLike,
        BinaryOp::NotLike => BinaryOp::Like,
        BinaryOp::Matches => BinaryOp::NotMatches,
        BinaryOp::NotMatches => BinaryOp::Matches,
        other => other,
    }
}

fn quantified(
    kind: Quantifier,
    elements: usize,
    culprit: Option<usize>,
    negated: bool,
    expression: &str,
    actual: &Json,
) -> String {
    if elements == 0 {
        let empty = if actual.is_null() { "missing" } else { "empty" };
        return format!("`{expression}` is {empty}, so no element could satisfy the condition");
    }
    let plural = if elements == 1 { "element" } else { "elements" };
    match (kind, culprit, negated) {
        (Quantifier::All, Some(at), false) => format!(
            "element {} of the {elements} {plural} of `{expression}` does not satisfy the condition:",
            at + 1
        ),
        (Quantifier::Any, Some(at), true) => format!(
            "element {} of the {elements} {plural} of `{expression}` satisfies the condition, \
             expected none to:",
            at + 1
        ),
        (Quantifier::Any, _, false) if elements == 1 => {
            format!("the one element of `{expression}` does not satisfy the condition")
        }
        (Quantifier::Any, _, false) => {
            format!("none of the {elements} {plural} of `{expression}` satisfies the condition")
        }
        _ => format!("`{expression}` has {elements} {plural}: {}", value(actual)),
    }
}

/// A value as evidence shows it: compact JSON, cut when long.
pub fn value(json: &Json) -> String {
    let text = json.to_string();
    let count = text.chars().count();
    if count <= MAX_VALUE {
        return format!("`{text}`");
    }
    let shown: String = text.chars().take(MAX_VALUE).collect();
    format!("`{shown}…` ({} more characters)", count - MAX_VALUE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{FileId, Span};
    use serde_json::json;

    fn evidence(actual: Json, check: Check) -> Evidence {
        Evidence {
            span: Span::new(FileId::DUMMY, 0, 0),
            actual,
            check,
        }
    }

    #[test]
    fn comparisons_read_as_sentences() {
        let contains = evidence(
            json!("Logging, Metrics"),
            Check::Compare {
                op: BinaryOp::Contains,
                expected: json!("AzureServices"),
                negated: false,
            },
        );
        assert_eq!(
            describe(&contains, "storage.properties.networkAcls.bypass"),
            "`storage.properties.networkAcls.bypass` is `\"Logging, Metrics\"`, expected to contain \
             `\"AzureServices\"`"
        );
        let negated = evidence(
            json!("Enabled"),
            Check::Compare {
                op: BinaryOp::Eq,
                expected: json!("Enabled"),
                negated: true,
            },
        );
        assert_eq!(
            describe(&negated, "a"),
            "`a` is `\"Enabled\"`, expected anything but `\"Enabled\"`"
        );
    }

    #[test]
    fn quantifiers_say_how_many_elements_there_were() {
        let none = evidence(
            json!([]),
            Check::Quantified {
                kind: Quantifier::Any,
                elements: 0,
                culprit: None,
                negated: false,
            },
        );
        assert_eq!(
            describe(&none, "xs"),
            "`xs` is empty, so no element could satisfy the condition"
        );
        let all = evidence(
            json!([1, 2]),
            Check::Quantified {
                kind: Quantifier::All,
                elements: 2,
                culprit: Some(1),
                negated: false,
            },
        );
        assert_eq!(
            describe(&all, "xs"),
            "element 2 of the 2 elements of `xs` does not satisfy the condition:"
        );
    }

    #[test]
    fn long_values_are_cut_with_a_note() {
        let long = json!("x".repeat(300));
        let shown = value(&long);
        assert!(shown.ends_with("(62 more characters)"), "{shown}");
    }
}
