//! Types and resource schemas as documents. In a schema every object type has one property per
//! line; elsewhere a small object type stays on one line, `{ id: string, .. }`.

use super::comments::{find_token, skip_trivia};
use super::doc::Doc;
use super::{Formatter, Lines, Place, block, literal};
use crate::diag::Span;
use crate::syntax::{FieldType, NamedType, ObjectType, TypeExpr, TypeKind};

impl Formatter<'_> {
    /// A type. `schema` says that it is part of a `resource` declaration, whose objects always
    /// take one line per property.
    pub(super) fn ty(&mut self, ty: &TypeExpr, schema: bool) -> Doc {
        match &ty.kind {
            TypeKind::Named(named) => Doc::text(named_type(*named)),
            TypeKind::Literal(text) => Doc::text(literal::string(text)),
            TypeKind::List(inner) => Doc::Concat(vec![
                Doc::text("list<"),
                self.ty(inner, schema),
                Doc::text(">"),
            ]),
            TypeKind::Resource(name) => {
                Doc::text(format!("resource({})", literal::string(&name.node)))
            }
            TypeKind::Object(object) => self.object(object, ty.span, schema),
            TypeKind::Union(alternatives) => self.union(alternatives, schema),
        }
    }

    /// `A | B | C`, as many alternatives on a line as fit, breaking before a `|`.
    fn union(&mut self, alternatives: &[TypeExpr], schema: bool) -> Doc {
        let mut parts = Vec::with_capacity(alternatives.len() * 2);
        for (index, alternative) in alternatives.iter().enumerate() {
            let doc = self.ty(alternative, schema);
            if index == 0 {
                parts.push(doc);
            } else {
                parts.push(Doc::Line);
                parts.push(Doc::Concat(vec![Doc::text("| "), doc]));
            }
        }
        Doc::Fill(parts)
    }

    /// An object type whose text is `span`, braces included.
    pub(super) fn object(&mut self, object: &ObjectType, span: Span, schema: bool) -> Doc {
        let close = self.end_of(span).saturating_sub(1);
        let documented = object
            .fields
            .iter()
            .any(|field| !field.docs.lines.is_empty());
        if schema || documented || self.comments.pending_before(close) {
            self.object_block(object, span.start as usize, close)
        } else {
            self.object_inline(object)
        }
    }

    /// An object type with one property per line, `..` last.
    fn object_block(&mut self, object: &ObjectType, open: usize, close: usize) -> Doc {
        let header = self.open_comment(skip_trivia(self.source, open + 1));
        let mut lines = Lines::default();
        let mut cursor = open + 1;
        for field in &object.fields {
            let end = self.end_of(field.ty.span);
            let place = Place {
                docs: Some(&field.docs),
                start: field.name.span.start as usize,
                end,
                blank: false,
                allowed: ",",
            };
            self.node(&mut lines, &place, |formatter| formatter.field(field, true));
            cursor = end;
        }
        if object.open {
            let rest = find_token(self.source, cursor..close, "..").unwrap_or(cursor);
            let place = Place {
                docs: None,
                start: rest,
                end: rest + 2,
                blank: false,
                allowed: ",",
            };
            self.node(&mut lines, &place, |_| Doc::text(".."));
        }
        self.comment_lines(&mut lines, close, false);

        block("{", header, lines, "}")
    }

    /// An object type on one line if it fits, else one property per line.
    fn object_inline(&mut self, object: &ObjectType) -> Doc {
        let mut inner = Vec::new();
        for field in &object.fields {
            if !inner.is_empty() {
                inner.push(Doc::if_break(Doc::Nil, Doc::text(",")));
                inner.push(Doc::Line);
            }
            inner.push(self.field(field, false));
        }
        if object.open {
            if !inner.is_empty() {
                inner.push(Doc::if_break(Doc::Nil, Doc::text(",")));
                inner.push(Doc::Line);
            }
            inner.push(Doc::text(".."));
        }
        if inner.is_empty() {
            return Doc::text("{}");
        }
        Doc::group(Doc::base(Doc::Concat(vec![
            Doc::text("{"),
            Doc::indent(Doc::Concat(vec![Doc::Line, Doc::Concat(inner)])),
            Doc::Line,
            Doc::text("}"),
        ])))
    }

    /// `name?: type`; a name that is not a plain word is quoted.
    fn field(&mut self, field: &FieldType, schema: bool) -> Doc {
        let name = &field.name.node;
        let mut head = if literal::is_bare_name(name) {
            name.clone()
        } else {
            literal::string(name)
        };
        if field.optional {
            head.push('?');
        }
        head.push_str(": ");
        Doc::Concat(vec![
            Doc::text(head),
            Doc::indent(self.ty(&field.ty, schema)),
        ])
    }
}

/// The spelling of a builtin type name.
fn named_type(named: NamedType) -> &'static str {
    NamedType::ALL
        .iter()
        .find(|(_, candidate)| *candidate == named)
        .map_or("any", |(name, _)| name)
}
