//! The formatter: the source text and its parsed module in, the same module in one canonical
//! layout out. It is pure: it prints from the AST, so spacing, operator spellings (`∧` becomes
//! `and`), string escapes and parentheses come out the same whatever the input had, and it
//! takes the `//` comments, which the AST lacks, from the source text.
//!
//! ```
//! let text = "rule demo{require a∧(b)}";
//! let parsed = tenet::syntax::parse(tenet::diag::FileId::DUMMY, text);
//! assert_eq!(tenet::fmt::format(text, &parsed.module), "rule demo {\n  require a and b\n}\n");
//! ```
//!
//! The layout, in short: items are separated by one blank line and indented by two spaces; a
//! rule lists its metadata with aligned values, then its steps, then its requirements, with a
//! blank line between these parts; lines break at `and`, `or` and `implies` when they would pass
//! 100 columns, and long lists and argument lists put one element on each line.

mod comments;
mod doc;
mod expr;
mod items;
mod literal;
mod test_items;
mod types;

#[cfg(test)]
mod tests;

use std::ops::Range;

use crate::diag::Span;
use crate::syntax::{Docs, ItemKind, Module, Rule, StepKind, TypeExpr, TypeKind};
use comments::{Comment, Comments};
use doc::Doc;

/// The width that the formatter keeps lines within, where tokens allow.
pub const WIDTH: usize = 100;

/// Formats a module that parsed without errors; `source` is the text it was parsed from.
///
/// Every `//` comment of `source` comes out again, next to the code it was next to. Given a
/// module that does not come from `source`, the result is still text, though not a faithful one.
pub fn format(source: &str, module: &Module) -> String {
    let (templates, docs) = collect(module);
    let found = comments::scan(source, &templates, &docs);
    let mut formatter = Formatter {
        source,
        ranges: found.iter().map(|c| (c.start, c.end)).collect(),
        comments: Comments::new(source, found),
        hoisted: Vec::new(),
    };
    let doc = formatter.module(module);
    doc::print(&doc, WIDTH)
}

/// The state of one run: the source and the comments still to print.
struct Formatter<'s> {
    source: &'s str,
    /// Where every comment starts and ends, in order.
    ranges: Vec<(usize, usize)>,
    comments: Comments<'s>,
    /// Comments of the node being built that go on lines above it.
    hoisted: Vec<Comment>,
}

/// The lines of a block, each with whether a blank line comes before it.
#[derive(Default)]
struct Lines {
    lines: Vec<(bool, Doc)>,
}

impl Lines {
    fn push(&mut self, blank: bool, doc: Doc) {
        self.lines.push((blank, doc));
    }

    fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The lines joined by line breaks. A blank line is never put before the first one.
    fn into_doc(self) -> Doc {
        let mut parts = Vec::with_capacity(self.lines.len() * 3);
        for (index, (blank, doc)) in self.lines.into_iter().enumerate() {
            if index > 0 {
                parts.push(Doc::HardLine);
                if blank {
                    parts.push(Doc::HardLine);
                }
            }
            parts.push(doc);
        }
        Doc::Concat(parts)
    }
}

/// Where a line-level node is: an item, metadata line, step, requirement or property.
struct Place<'a> {
    /// Its doc comment, printed above it.
    docs: Option<&'a Docs>,
    /// Where its code starts, after its doc comment.
    start: usize,
    /// Where it ends; a comment after it on that line stays there.
    end: usize,
    /// Whether a blank line must come before it, whatever the source has.
    blank: bool,
    /// What may stand between its end and a comment that stays on its line, such as `,`.
    allowed: &'static str,
}

impl Formatter<'_> {
    /// Where the code of a node ends. The parser's spans may run on over the spaces and
    /// comments after a node, since pest skips them before trying a repetition that then
    /// matches nothing; this gives back the end of the node's last token.
    fn tight_end(&self, start: usize, end: usize) -> usize {
        let mut end = end;
        loop {
            let text = self.source.get(start..end).unwrap_or("");
            end = start + text.trim_end().len();
            let index = self.ranges.partition_point(|(first, _)| *first < end);
            match index
                .checked_sub(1)
                .and_then(|index| self.ranges.get(index))
            {
                Some(&(first, last)) if first >= start && end <= last => end = first,
                _ => return end,
            }
        }
    }

    /// The end of the code of the node at `span`.
    fn end_of(&self, span: Span) -> usize {
        self.tight_end(span.start as usize, span.end as usize)
    }

    /// The whole file: its items, and the comments after the last one.
    fn module(&mut self, module: &Module) -> Doc {
        let mut lines = Lines::default();
        let mut previous: Option<&ItemKind> = None;
        for item in &module.items {
            // Imports stay together; every other item has a blank line before it.
            let imports = matches!(
                (previous, &item.kind),
                (Some(ItemKind::Use(_)), ItemKind::Use(_))
            );
            let place = Place {
                docs: Some(&item.docs),
                start: item.span.start as usize,
                end: self.end_of(item.span),
                blank: previous.is_some() && !imports,
                allowed: "",
            };
            previous = Some(&item.kind);
            self.node(&mut lines, &place, |formatter| formatter.item(item));
        }
        for comment in self.comments.rest() {
            let blank = comments::blank_before(self.source, comment.start);
            lines.push(blank, Doc::Comment(comment.text));
        }
        lines.into_doc()
    }

    /// Adds a line-level node to `lines`: the comments above it, its doc comment, its code from
    /// `content`, and the comment after it on its line.
    fn node(&mut self, lines: &mut Lines, place: &Place, content: impl FnOnce(&mut Self) -> Doc) {
        let doc_lines = place.docs.map_or(&[][..], |docs| docs.lines.as_slice());
        let first = doc_lines
            .first()
            .map_or(place.start, |line| line.span.start as usize);
        let mut blank = self.comment_lines(lines, first, place.blank);
        for line in doc_lines {
            blank = self.comment_lines(lines, line.span.start as usize, blank);
            lines.push(blank, Doc::text(literal::doc_line(&line.node)));
            blank = false;
        }
        blank = self.comment_lines(lines, place.start, blank);

        let doc = content(self);
        // Limitation: a comment inside a node where no comment slot is (between a keyword and a
        // name, or inside a type) moves to its own line above the node.
        let mut above = std::mem::take(&mut self.hoisted);
        above.extend(self.comments.before(place.end));
        for comment in above {
            lines.push(blank, Doc::Comment(comment.text));
            blank = false;
        }
        let trailing = self.comments.trailing(place.end, place.allowed);
        let trailing = trailing.map_or(Doc::Nil, |comment| Doc::Comment(comment.text));
        lines.push(blank, Doc::Concat(vec![doc, trailing]));
    }

    /// Adds the comments before `position` to `lines`, one per line, keeping the blank lines of
    /// the source. Returns whether a blank line comes before what starts at `position`.
    fn comment_lines(&mut self, lines: &mut Lines, position: usize, blank: bool) -> bool {
        let mut blank = blank;
        for comment in self.comments.before(position) {
            let gap = blank || comments::blank_before(self.source, comment.start);
            lines.push(gap, Doc::Comment(comment.text));
            blank = false;
        }
        blank || comments::blank_before(self.source, position)
    }

    /// Moves the comments before `position` above the node being built: those between a
    /// keyword and its condition, as in `require // why` with the condition below.
    fn hoist(&mut self, position: usize) {
        let found = self.comments.before(position);
        self.hoisted.extend(found);
    }

    /// The comments before `position`, for a node inside a line such as an operand: each is
    /// printed where the node starts, and the node follows on the next line.
    fn comment_docs(&mut self, position: usize) -> Vec<Doc> {
        let found = self.comments.before(position);
        found.into_iter().map(comment_doc).collect()
    }

    /// The comment after the opening bracket of a block whose first content is at `first`.
    fn open_comment(&mut self, first: usize) -> Doc {
        self.comments
            .after_open(first)
            .map_or(Doc::Nil, comment_doc)
    }

    /// The comment after a node inside a line that ends at `end`, if one is on that line.
    fn trailing_comment(&mut self, end: usize, allowed: &str) -> Doc {
        let found = self.comments.trailing(end, allowed);
        found.map_or(Doc::Nil, comment_doc)
    }
}

/// A block in braces, one line per entry: `rule x { ... }`, `require { ... }`, `{ ... }`.
/// `header` is the comment after the opening brace.
fn block(open: &str, header: Doc, lines: Lines, close: &str) -> Doc {
    let body = if lines.is_empty() {
        if header == Doc::Nil {
            return Doc::text(format!("{open}{close}"));
        }
        Doc::Nil
    } else {
        Doc::indent(Doc::Concat(vec![Doc::HardLine, lines.into_doc()]))
    };
    Doc::base(Doc::Concat(vec![
        Doc::text(open),
        header,
        body,
        Doc::HardLine,
        Doc::text(close),
    ]))
}

/// A comment as a document.
fn comment_doc(comment: Comment) -> Doc {
    Doc::Comment(comment.text)
}

/// The message templates of `module`, whose text the comment scanner must not look into, and
/// where every doc comment line that the AST holds starts.
fn collect(module: &Module) -> (Vec<Range<usize>>, Vec<usize>) {
    let mut templates = Vec::new();
    let mut docs = Vec::new();
    for item in &module.items {
        docs_of(&item.docs, &mut docs);
        match &item.kind {
            ItemKind::Use(_) | ItemKind::Test(_) => {}
            ItemKind::Param(param) => type_docs(&param.ty, &mut docs),
            ItemKind::Def(def) => {
                let types = def.params.iter().filter_map(|param| param.ty.as_ref());
                types
                    .chain(&def.ret)
                    .for_each(|ty| type_docs(ty, &mut docs));
            }
            ItemKind::Rule(rule) => {
                templates.extend(rule.meta.message.as_ref().map(|t| t.span.range()));
                rule_docs(rule, &mut docs);
            }
            ItemKind::Schema(schema) => {
                for field in &schema.body.fields {
                    docs_of(&field.docs, &mut docs);
                    type_docs(&field.ty, &mut docs);
                }
            }
        }
    }
    (templates, docs)
}

/// The doc comment lines of a rule's requirements and of the types its steps declare.
fn rule_docs(rule: &Rule, starts: &mut Vec<usize>) {
    for requirement in &rule.requirements {
        docs_of(&requirement.docs, starts);
    }
    for step in &rule.steps {
        if let StepKind::For { ty: Some(ty), .. } | StepKind::Let { ty: Some(ty), .. } = &step.kind
        {
            type_docs(ty, starts);
        }
    }
}

/// Where the lines of `docs` start.
fn docs_of(docs: &Docs, starts: &mut Vec<usize>) {
    starts.extend(docs.lines.iter().map(|line| line.span.start as usize));
}

/// The doc comment lines inside a type; types nest only as deep as brackets may.
fn type_docs(ty: &TypeExpr, starts: &mut Vec<usize>) {
    match &ty.kind {
        TypeKind::List(inner) => type_docs(inner, starts),
        TypeKind::Object(object) => {
            for field in &object.fields {
                docs_of(&field.docs, starts);
                type_docs(&field.ty, starts);
            }
        }
        TypeKind::Union(alternatives) => {
            for alternative in alternatives {
                type_docs(alternative, starts);
            }
        }
        TypeKind::Named(_) | TypeKind::Literal(_) | TypeKind::Resource(_) => {}
    }
}
