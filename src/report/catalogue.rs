//! The rule catalogue: what `tenet rules` prints, from the rules' own metadata, as a table, as
//! JSON, or as the Markdown of `docs/rules.md`.

use serde::Serialize;

use crate::check::Program;
use crate::diag::SourceMap;
use crate::syntax::{Effect, Item, Rule, RuleSeverity};

/// One rule's metadata, as the catalogue shows it.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// The rule id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its severity.
    pub severity: &'static str,
    /// Its effect.
    pub effect: &'static str,
    /// Its tags.
    pub tags: Vec<String>,
    /// Why the rule exists: its doc comment.
    pub description: String,
    /// The documentation link, with the section anchor.
    pub docs: Option<String>,
    /// How to fix a finding.
    pub fix: Option<String>,
    /// The message template, as written.
    pub message: Option<String>,
    /// The named requirements: label and doc comment.
    pub requirements: Vec<Requirement>,
    /// The file the rule is declared in.
    pub file: String,
    /// The line of its declaration.
    pub line: usize,
}

/// A named requirement of a rule.
#[derive(Debug, Serialize)]
pub struct Requirement {
    /// Its label, or `None` for a plain `require`.
    pub label: Option<String>,
    /// Its doc comment.
    pub description: String,
    /// Its condition, as written.
    pub condition: String,
}

/// The catalogue entries of every rule, in load order.
pub fn entries(program: &Program, sources: &SourceMap) -> Vec<Entry> {
    program
        .rule_items()
        .map(|(item, rule)| entry(item, rule, sources))
        .collect()
}

fn entry(item: &Item, rule: &Rule, sources: &SourceMap) -> Entry {
    let text = |span: crate::diag::Span| sources.text(span.file).get(span.range()).unwrap_or("");
    let meta = &rule.meta;
    Entry {
        id: rule.id.node.clone(),
        title: meta
            .title
            .as_ref()
            .map_or_else(|| rule.id.node.clone(), |t| t.node.clone()),
        severity: meta
            .severity
            .as_ref()
            .map_or(RuleSeverity::Medium, |s| s.node)
            .as_str(),
        effect: meta
            .effect
            .as_ref()
            .map_or(Effect::Audit, |e| e.node)
            .as_str(),
        tags: meta.tags.iter().map(|tag| tag.node.clone()).collect(),
        description: item.docs.text(),
        docs: meta.docs.as_ref().map(|docs| docs.node.clone()),
        fix: meta.fix.as_ref().map(|fix| fix.node.clone()),
        message: meta
            .message
            .as_ref()
            .map(|message| text(message.span).to_string()),
        requirements: rule
            .requirements
            .iter()
            .map(|requirement| Requirement {
                label: requirement.label.as_ref().map(|label| label.node.clone()),
                description: requirement.docs.text(),
                condition: one_line(text(requirement.condition.span)),
            })
            .collect(),
        file: sources.name(item.span.file).to_string(),
        line: sources.line_col(item.span.file, item.span.start).line,
    }
}

/// The rule's source text, doc comment included, for `tenet rules show`.
pub fn source(program: &Program, sources: &SourceMap, id: &str) -> Option<String> {
    let (item, _) = program
        .rule_items()
        .find(|(_, rule)| rule.id.node.eq_ignore_ascii_case(id))?;
    let start = item
        .docs
        .lines
        .first()
        .map_or(item.span.start, |line| line.span.start);
    let text = sources.text(item.span.file);
    text.get(start as usize..item.span.end as usize)
        .map(str::to_string)
}

/// A table of rules: id, severity, effect and title.
pub fn render_table(entries: &[Entry]) -> String {
    let width = entries
        .iter()
        .map(|entry| entry.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let mut out = format!(
        "{:<width$}  {:<8}  {:<8}  title\n",
        "id", "severity", "effect"
    );
    for entry in entries {
        out.push_str(&format!(
            "{:<width$}  {:<8}  {:<8}  {}\n",
            entry.id, entry.severity, entry.effect, entry.title
        ));
    }
    out
}

/// Every entry as pretty-printed JSON.
pub fn render_json(entries: &[Entry]) -> String {
    let mut text = serde_json::to_string_pretty(entries).unwrap_or_default();
    text.push('\n');
    text
}

/// One rule in full, as `tenet rules show` prints it.
pub fn render_entry(entry: &Entry, source: &str) -> String {
    let mut out = format!("{}  {}\n", entry.id, entry.title);
    out.push_str(&format!(
        "severity {}, effect {}",
        entry.severity, entry.effect
    ));
    if !entry.tags.is_empty() {
        out.push_str(&format!(", tags {}", entry.tags.join(", ")));
    }
    out.push_str(&format!("\ndeclared in {}:{}\n", entry.file, entry.line));
    if !entry.description.is_empty() {
        out.push_str(&format!("\n{}\n", entry.description));
    }
    if let Some(fix) = &entry.fix {
        out.push_str(&format!("\nfix: {fix}\n"));
    }
    if let Some(docs) = &entry.docs {
        out.push_str(&format!("docs: {docs}\n"));
    }
    out.push_str(&format!("\n{}\n", source.trim_end()));
    out
}

/// The catalogue as Markdown, for `docs/rules.md`.
pub fn render_markdown(entries: &[Entry]) -> String {
    let mut out = String::from(
        "# The rule pack\n\n\
         The rules Tenet runs by default, built into the binary from `rules/`. They mirror \
         Microsoft's guidance on\n[private endpoints with Azure Media Services]\
         (https://learn.microsoft.com/azure/media-services/latest/security-private-link-concept).\n\n\
         This page is generated from the rules' own metadata: run\n\n\
         ```sh\ncargo run -- rules --format markdown > docs/rules.md\n```\n\n\
         after changing a rule; a test fails while it is stale.\n\n",
    );
    out.push_str("| id | severity | title |\n| --- | --- | --- |\n");
    for entry in entries {
        let anchor = entry.id.to_lowercase();
        out.push_str(&format!(
            "| [{}](#{anchor}) | {} | {} |\n",
            entry.id, entry.severity, entry.title
        ));
    }
    for entry in entries {
        out.push_str(&markdown_entry(entry));
    }
    out
}

fn markdown_entry(entry: &Entry) -> String {
    let mut out = format!("\n## {}\n\n**{}**\n\n", entry.id, entry.title);
    out.push_str(&format!(
        "Severity `{}`, effect `{}`",
        entry.severity, entry.effect
    ));
    if !entry.tags.is_empty() {
        let tags: Vec<String> = entry.tags.iter().map(|tag| format!("`{tag}`")).collect();
        out.push_str(&format!(", tags {}", tags.join(", ")));
    }
    out.push_str(&format!(". Declared in `{}`.\n", entry.file));
    if !entry.description.is_empty() {
        out.push_str(&format!("\n{}\n", entry.description));
    }
    let labelled: Vec<&Requirement> = entry
        .requirements
        .iter()
        .filter(|r| r.label.is_some())
        .collect();
    if !labelled.is_empty() {
        out.push_str("\nIt checks, each reported on its own:\n\n");
        for requirement in labelled {
            let label = requirement.label.as_deref().unwrap_or("");
            let description = if requirement.description.is_empty() {
                format!("`{}`", requirement.condition)
            } else {
                requirement.description.replace('\n', " ")
            };
            out.push_str(&format!("- `{label}`: {description}\n"));
        }
    }
    if let Some(fix) = &entry.fix {
        out.push_str(&format!("\nFix: `{fix}`\n"));
    }
    if let Some(docs) = &entry.docs {
        let section = docs
            .split_once('#')
            .map_or("the page", |(_, anchor)| anchor);
        out.push_str(&format!(
            "\nFrom the guidance, section [{section}]({docs}).\n"
        ));
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
