//! Items as documents: `use`, `param`, `def`, `resource` schemas and rules with their
//! metadata, steps and requirements.

use super::comments::{find_token, skip_trivia};
use super::doc::{Doc, print_flat};
use super::{Formatter, Lines, Place, block, literal};
use crate::diag::{Span, Spanned};
use crate::syntax::{
    Def, DefParam, Ident, Item, ItemKind, Metadata, Param, Requirement, Rule, Schema, Step,
    StepKind, Template, TemplatePart, TypeExpr,
};

/// Operator words that a requirement label may start with. A label such as `in-2` after a
/// condition would read as `cond in -2`, so the requirement before it keeps a comma.
const OPERATOR_WORDS: [&str; 8] = [
    "and", "or", "implies", "in", "contains", "like", "matches", "not",
];

/// One metadata line of a rule, before it is laid out.
struct MetaLine<'a> {
    key: &'static str,
    value: MetaValue<'a>,
    /// Where its value starts and ends.
    start: usize,
    end: usize,
}

enum MetaValue<'a> {
    String(&'a str),
    Word(&'static str),
    Template(&'a Template),
    Tags(&'a [Spanned<String>]),
}

impl Formatter<'_> {
    /// One top-level declaration, without its doc comment.
    pub(super) fn item(&mut self, item: &Item) -> Doc {
        match &item.kind {
            ItemKind::Use(import) => {
                Doc::text(format!("use {}", literal::string(&import.path.node)))
            }
            ItemKind::Param(param) => self.param(param),
            ItemKind::Def(def) => self.def(def),
            ItemKind::Rule(rule) => self.rule(rule, item.span),
            ItemKind::Schema(schema) => self.schema(schema),
            ItemKind::Test(test) => self.test(test, item.span),
        }
    }

    /// `param name: type = default`.
    fn param(&mut self, param: &Param) -> Doc {
        let mut parts = vec![
            Doc::text(format!("param {}: ", param.name.node)),
            Doc::indent(self.ty(&param.ty, false)),
        ];
        if let Some(default) = &param.default {
            parts.push(Doc::text(" ="));
            let after = self.end_of(param.ty.span);
            parts.push(self.value_after(after, default));
        }
        Doc::Concat(parts)
    }

    /// `def name(params): type = body`; a body that does not fit goes on the next line.
    fn def(&mut self, def: &Def) -> Doc {
        let close_at = def
            .params
            .last()
            .map_or(def.name.span.end as usize, |param| {
                skip_trivia(self.source, def_param_end(param))
            });
        let span = |param: &DefParam| (param.name.span.start as usize, def_param_end(param));
        let params = self.seq(
            ("(", ")"),
            &def.params,
            close_at,
            span,
            |formatter, param| formatter.def_param(param),
        );

        let mut parts = vec![Doc::text(format!("def {}", def.name.node)), params];
        if let Some(ret) = &def.ret {
            parts.push(Doc::text(": "));
            parts.push(Doc::indent(self.ty(ret, false)));
        }
        parts.push(Doc::text(" ="));
        let after = def
            .ret
            .as_ref()
            .map_or(close_at + 1, |ret| self.end_of(ret.span));
        parts.push(self.value_after(after, &def.body));
        Doc::Concat(parts)
    }

    /// `name` or `name: type`.
    fn def_param(&mut self, param: &DefParam) -> Doc {
        let name = Doc::text(param.name.node.as_str());
        match &param.ty {
            Some(ty) => Doc::Concat(vec![name, Doc::text(": "), Doc::indent(self.ty(ty, false))]),
            None => name,
        }
    }

    /// `resource "Provider/type" { ... }`.
    fn schema(&mut self, schema: &Schema) -> Doc {
        let head = format!("resource {} ", literal::string(&schema.resource_type.node));
        let body = self.object(&schema.body, schema.body_span, true);
        Doc::Concat(vec![Doc::text(head), body])
    }

    /// `rule id { ... }`: metadata, steps and requirements, a blank line between the parts.
    fn rule(&mut self, rule: &Rule, span: Span) -> Doc {
        let brace = skip_trivia(self.source, rule.id.span.end as usize);
        let header = self.open_comment(skip_trivia(self.source, brace + 1));
        let mut lines = Lines::default();
        let mut cursor = brace + 1;

        let width = key_width(&rule.meta);
        for line in meta_lines(&rule.meta) {
            cursor = self.meta_line(&mut lines, &line, width);
        }
        for (index, step) in rule.steps.iter().enumerate() {
            let place = Place {
                docs: None,
                start: step.span.start as usize,
                end: self.end_of(step.span),
                blank: index == 0 && !lines.is_empty(),
                allowed: "",
            };
            self.node(&mut lines, &place, |formatter| formatter.step(step));
            cursor = place.end;
        }
        self.requirements(&mut lines, &rule.requirements, cursor);
        let close = self.end_of(span).saturating_sub(1);
        self.comment_lines(&mut lines, close, false);

        block(&format!("rule {} {{", rule.id.node), header, lines, "}")
    }

    /// Adds one metadata line, its value aligned after `width` columns; returns its end.
    fn meta_line(&mut self, lines: &mut Lines, line: &MetaLine, width: usize) -> usize {
        let place = Place {
            docs: None,
            start: keyword_start(self.source, line.start),
            end: line.end,
            blank: false,
            allowed: ",]",
        };
        self.node(lines, &place, |formatter| {
            let key = Doc::text(format!("{:width$}", line.key));
            Doc::Concat(vec![key, formatter.meta_value(&line.value, line.end)])
        });
        line.end
    }

    /// The value of a metadata line; `end` is where the source's value ends.
    fn meta_value(&mut self, value: &MetaValue, end: usize) -> Doc {
        match value {
            MetaValue::String(text) => Doc::text(literal::string(text)),
            MetaValue::Word(word) => Doc::text(*word),
            MetaValue::Template(template) => self.template(template),
            MetaValue::Tags(tags) => {
                let close_at = skip_trivia(self.source, end);
                let span = |tag: &Spanned<String>| (tag.span.start as usize, tag.span.end as usize);
                self.seq(("[", "]"), tags, close_at, span, |_, tag| {
                    Doc::text(literal::string(&tag.node))
                })
            }
        }
    }

    /// A message: its text re-escaped, its holes printed on one line, since a string cannot
    /// hold a line break.
    fn template(&mut self, template: &Template) -> Doc {
        let mut out = String::from("\"");
        self.comments.mute();
        for part in &template.parts {
            match part {
                TemplatePart::Text(text) => out.push_str(&literal::template_text(text)),
                TemplatePart::Hole(expr) => {
                    out.push('{');
                    out.push_str(&print_flat(&self.expr(expr)));
                    out.push('}');
                }
            }
        }
        self.comments.unmute();
        out.push('"');
        Doc::Text(out)
    }

    /// `for`, `let`, `when` or `report`. Comments between the keyword and the expression go
    /// above the step.
    fn step(&mut self, step: &Step) -> Doc {
        match &step.kind {
            StepKind::For { name, ty, domain } => {
                let mut parts = self.binding("for", name, ty.as_ref());
                parts.push(Doc::text(" in "));
                self.hoist(domain.span.start as usize);
                parts.push(Doc::indent(self.expr(domain)));
                Doc::Concat(parts)
            }
            StepKind::Let { name, ty, value } => {
                let mut parts = self.binding("let", name, ty.as_ref());
                parts.push(Doc::text(" ="));
                let after = ty
                    .as_ref()
                    .map_or(name.span.end as usize, |ty| self.end_of(ty.span));
                parts.push(self.value_after(after, value));
                Doc::Concat(parts)
            }
            StepKind::When(condition) => {
                self.hoist(condition.span.start as usize);
                Doc::Concat(vec![Doc::text("when "), Doc::indent(self.expr(condition))])
            }
            StepKind::Report(name) => Doc::text(format!("report {}", name.node)),
        }
    }

    /// `for name: type` or `let name: type`, the type being optional.
    fn binding(&mut self, keyword: &str, name: &Ident, ty: Option<&TypeExpr>) -> Vec<Doc> {
        let mut parts = vec![Doc::text(format!("{keyword} {}", name.node))];
        if let Some(ty) = ty {
            parts.push(Doc::text(": "));
            parts.push(Doc::indent(self.ty(ty, false)));
        }
        parts
    }

    /// The requirements: `require cond` for each unlabelled one, and one `require { ... }`
    /// block for each run of labelled ones. `cursor` is where the steps end.
    ///
    /// Limitation: an empty `require { }` next to other requirements is dropped, since the AST
    /// does not hold it; its warning goes with it.
    fn requirements(&mut self, lines: &mut Lines, requirements: &[Requirement], cursor: usize) {
        let blank = !lines.is_empty();
        if requirements.is_empty() {
            // A rule whose only block was empty; the grammar needs a `require` to stay.
            lines.push(blank, Doc::text("require {}"));
            return;
        }
        let mut cursor = cursor;
        let mut rest = requirements;
        let mut first = true;
        while let Some(requirement) = rest.first() {
            let run = match requirement.label {
                None => 1,
                Some(_) => rest.iter().take_while(|r| r.label.is_some()).count(),
            };
            let (group, after) = rest.split_at(run.min(rest.len()));
            cursor = self.requirement_group(lines, group, cursor, first && blank);
            rest = after;
            first = false;
        }
    }

    /// Adds one `require` line or block; returns where it ends in the source.
    fn requirement_group(
        &mut self,
        lines: &mut Lines,
        group: &[Requirement],
        cursor: usize,
        blank: bool,
    ) -> usize {
        match group {
            [plain] if plain.label.is_none() => self.plain_requirement(lines, plain, blank),
            _ => self.labelled_requirements(lines, group, cursor, blank),
        }
    }

    /// `require cond`.
    fn plain_requirement(&mut self, lines: &mut Lines, plain: &Requirement, blank: bool) -> usize {
        let place = Place {
            docs: None,
            start: plain.span.start as usize,
            end: self.end_of(plain.span),
            blank,
            allowed: "",
        };
        self.node(lines, &place, |formatter| {
            formatter.hoist(plain.condition.span.start as usize);
            let condition = formatter.expr(&plain.condition);
            Doc::Concat(vec![Doc::text("require "), Doc::indent(condition)])
        });
        place.end
    }

    /// A `require { ... }` block for a run of labelled requirements. The source may have had
    /// several blocks in a row; they become one. `cursor` is where the code before it ends.
    fn labelled_requirements(
        &mut self,
        lines: &mut Lines,
        group: &[Requirement],
        cursor: usize,
        blank: bool,
    ) -> usize {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            return cursor;
        };
        let first_start = first.span.start as usize;
        let keyword =
            find_token(self.source, cursor..first_start, "require").unwrap_or(first_start);
        let last_end = self.end_of(last.span);
        let close = skip_trivia(self.source, last_end);
        let close = match self.source.as_bytes().get(close) {
            Some(b'}') => close,
            _ => last_end,
        };
        let place = Place {
            docs: None,
            start: keyword,
            end: close + 1,
            blank,
            allowed: "",
        };
        self.node(lines, &place, |formatter| {
            formatter.requirement_block(group, close)
        });
        close + 1
    }

    /// `require { label: cond ... }`, one requirement per line; `close` is the closing brace.
    fn requirement_block(&mut self, group: &[Requirement], close: usize) -> Doc {
        let first = group.first().map_or(close, |r| r.span.start as usize);
        let header = self.open_comment(first);
        let mut lines = Lines::default();
        for (index, requirement) in group.iter().enumerate() {
            let next = group.get(index + 1).and_then(|r| r.label.as_ref());
            let comma = next.is_some_and(|label| starts_with_operator(&label.node));
            let start = requirement
                .label
                .as_ref()
                .map_or(first, |l| l.span.start as usize);
            let place = Place {
                docs: Some(&requirement.docs),
                start,
                end: self.end_of(requirement.span),
                blank: false,
                allowed: ",",
            };
            self.node(&mut lines, &place, |formatter| {
                formatter.requirement(requirement, comma)
            });
        }
        self.comment_lines(&mut lines, close, false);
        block("require {", header, lines, "}")
    }

    /// `label: cond`, with a comma when the next label could be read as part of `cond`.
    fn requirement(&mut self, requirement: &Requirement, comma: bool) -> Doc {
        let label = requirement.label.as_ref().map_or("", |l| l.node.as_str());
        let after = requirement
            .label
            .as_ref()
            .map_or(requirement.span.start as usize, |l| l.span.end as usize);
        Doc::Concat(vec![
            Doc::text(format!("{label}:")),
            self.value_after(after, &requirement.condition),
            Doc::text(if comma { "," } else { "" }),
        ])
    }
}

/// The metadata of a rule in source order, which the AST does not keep but the spans do.
fn meta_lines(meta: &Metadata) -> Vec<MetaLine<'_>> {
    let mut lines = Vec::new();
    let mut add = |key, value, span: Span| {
        let (start, end) = (span.start as usize, span.end as usize);
        lines.push(MetaLine {
            key,
            value,
            start,
            end,
        });
    };
    if let Some(title) = &meta.title {
        add("title", MetaValue::String(&title.node), title.span);
    }
    if let Some(severity) = &meta.severity {
        add(
            "severity",
            MetaValue::Word(severity.node.as_str()),
            severity.span,
        );
    }
    if let Some(effect) = &meta.effect {
        add("effect", MetaValue::Word(effect.node.as_str()), effect.span);
    }
    if let Some(docs) = &meta.docs {
        add("docs", MetaValue::String(&docs.node), docs.span);
    }
    if let Some(message) = &meta.message {
        add("message", MetaValue::Template(message), message.span);
    }
    if let Some(fix) = &meta.fix {
        add("fix", MetaValue::String(&fix.node), fix.span);
    }
    // Limitation: `tags []` is dropped, since the AST does not tell it from no `tags` at all.
    if let (Some(first), Some(last)) = (meta.tags.first(), meta.tags.last()) {
        add(
            "tags",
            MetaValue::Tags(&meta.tags),
            first.span.to(last.span),
        );
    }
    lines.sort_by_key(|line| line.start);
    lines
}

/// The column where metadata values start: one more than the longest key present.
fn key_width(meta: &Metadata) -> usize {
    let lines = meta_lines(meta);
    lines
        .iter()
        .map(|line| line.key.len() + 1)
        .max()
        .unwrap_or(0)
}

/// Where the keyword before a metadata value starts: back over spaces, a `[` and the word.
fn keyword_start(source: &str, value: usize) -> usize {
    let bytes = source.as_bytes();
    let mut position = value;
    while position > 0
        && bytes
            .get(position - 1)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'[')
    {
        position -= 1;
    }
    while position > 0 && bytes.get(position - 1).is_some_and(u8::is_ascii_alphabetic) {
        position -= 1;
    }
    position
}

/// Where a `def` parameter ends in the source, before any spaces after it.
fn def_param_end(param: &DefParam) -> usize {
    let end = param.ty.as_ref().map_or(param.name.span, |ty| ty.span);
    end.end as usize
}

/// Whether a label starts like an operator followed by `-`, as `in-2` does.
fn starts_with_operator(label: &str) -> bool {
    OPERATOR_WORDS.iter().any(|word| {
        label
            .strip_prefix(word)
            .is_some_and(|rest| rest.starts_with('-'))
    })
}
