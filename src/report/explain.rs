//! `tenet explain` output: an evaluation tree drawn with box characters, or the same tree as
//! JSON.

use crate::diag::SourceMap;
use crate::eval::{Explanation, Node, TraceStep};

/// Fills in each node's expression text from the rule sources.
pub fn fill_text(explanation: &mut Explanation, sources: &SourceMap) {
    let mut fill = |node: &mut Node| {
        let text = sources
            .text(node.span.file)
            .get(node.span.range())
            .unwrap_or("");
        node.expression = text.split_whitespace().collect::<Vec<_>>().join(" ");
    };
    for tuple in &mut explanation.tuples {
        for step in &mut tuple.steps {
            match step {
                TraceStep::When { node } | TraceStep::Require { node, .. } => {
                    node.visit_mut(&mut fill)
                }
                TraceStep::Bind { .. } => {}
            }
        }
    }
}

/// The explanation as JSON.
pub fn render_explanation_json(explanation: &Explanation) -> String {
    let mut text = serde_json::to_string_pretty(explanation).unwrap_or_default();
    text.push('\n');
    text
}

/// The explanation as an indented tree.
pub fn render_explanation(explanation: &Explanation) -> String {
    let mut out = format!("rule {} for {}\n", explanation.rule, explanation.resource);
    if explanation.tuples.is_empty() {
        out.push_str("\nthe rule binds this resource in no tuple: it does not apply to it\n");
    }
    for (index, tuple) in explanation.tuples.iter().enumerate() {
        out.push_str(&format!("\ntuple {}: {}\n", index + 1, tuple.outcome));
        for step in &tuple.steps {
            match step {
                TraceStep::Bind { name, value } => {
                    out.push_str(&format!("  {name} = {}\n", short(value)));
                }
                TraceStep::When { node } => {
                    out.push_str(&format!("  when {}\n", headline(node)));
                    children(&mut out, node, "    ");
                }
                TraceStep::Require { label, node } => {
                    let label = label
                        .as_ref()
                        .map_or(String::new(), |label| format!("{label}: "));
                    out.push_str(&format!("  require {label}{}\n", headline(node)));
                    children(&mut out, node, "    ");
                }
            }
        }
    }
    out
}

fn children(out: &mut String, node: &Node, indent: &str) {
    let shown: Vec<&Node> = node
        .children
        .iter()
        .filter(|child| worth_showing(child))
        .collect();
    for (index, child) in shown.iter().enumerate() {
        let last = index + 1 == shown.len();
        let (branch, below) = if last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        let note = child
            .note
            .as_ref()
            .map_or(String::new(), |note| format!("[{note}] "));
        out.push_str(&format!("{indent}{branch}{note}{}\n", headline(child)));
        children(out, child, &format!("{indent}{below}"));
    }
}

/// Literals say nothing their parent's text does not; everything else is shown.
fn worth_showing(node: &Node) -> bool {
    let text = node.expression.as_str();
    let literal = text.starts_with('"')
        || text.parse::<f64>().is_ok()
        || matches!(text, "true" | "false" | "null");
    !literal || node.note.is_some()
}

fn headline(node: &Node) -> String {
    if node.skipped {
        return format!("`{}`: not evaluated (short-circuited)", node.expression);
    }
    format!("`{}`: {}", node.expression, short(&node.value))
}

fn short(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 160 {
        return text;
    }
    let cut: String = text.chars().take(160).collect();
    format!("{cut}… ({} more characters)", text.chars().count() - 160)
}
