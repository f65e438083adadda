//! Resource schemas and written types: `resource "T" { ... }` declarations become [`Ty`]s that
//! the expression checker looks paths up in. Type names match case-insensitively, as ARM's do.

use std::collections::HashMap;
use std::rc::Rc;

use super::ty::{EnumTy, FieldTy, ObjectTy, ResourceTy, Ty};
use crate::diag::{Code, Diagnostic, closest};
use crate::syntax::{NamedType, ObjectType, Schema, TypeExpr, TypeKind};

/// Every declared resource type, by lower-case name.
#[derive(Debug, Default)]
pub struct Schemas {
    by_name: HashMap<String, Rc<ResourceTy>>,
}

impl Schemas {
    /// Converts the schema declarations, reporting duplicates and malformed types. Prelude
    /// schemas (the shipped ones) fill in the types that `schemas` does not declare.
    pub fn build(
        schemas: &[&Schema],
        prelude: &[&Schema],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Schemas {
        let mut built = Schemas::default();
        let mut first_spans = HashMap::new();

        for schema in schemas {
            let key = schema.resource_type.node.to_ascii_lowercase();
            if let Some(first) = first_spans.get(&key) {
                diagnostics.push(duplicate_schema(schema, *first));
                continue;
            }
            first_spans.insert(key.clone(), schema.resource_type.span);
            built.insert(key, schema, diagnostics);
        }

        for schema in prelude {
            let key = schema.resource_type.node.to_ascii_lowercase();
            if !built.by_name.contains_key(&key) {
                built.insert(key, schema, diagnostics);
            }
        }
        built
    }

    /// Converts one declaration and files it under `key`, its lower-case type name.
    fn insert(&mut self, key: String, schema: &Schema, diagnostics: &mut Vec<Diagnostic>) {
        let name = schema.resource_type.node.clone();
        let body = self.object(&schema.body, format!("`{name}`"), diagnostics);
        let resource = ResourceTy {
            name,
            body: Rc::new(body),
        };
        self.by_name.insert(key, Rc::new(resource));
    }

    /// The schema of a resource type, matched case-insensitively.
    pub fn get(&self, name: &str) -> Option<&Rc<ResourceTy>> {
        self.by_name.get(&name.to_ascii_lowercase())
    }

    /// The declared type names, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.values().map(|resource| resource.name.as_str())
    }

    /// How many resource types are declared.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether no resource type is declared.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Converts a written type. `origin` names the place for messages about objects inside it.
    pub fn ty(&self, ty: &TypeExpr, origin: &str, diagnostics: &mut Vec<Diagnostic>) -> Ty {
        match &ty.kind {
            TypeKind::Named(named) => named_ty(*named),
            TypeKind::Literal(value) => closed_enum(vec![value.clone()]),
            TypeKind::List(element) => Ty::List(Rc::new(self.ty(element, origin, diagnostics))),
            TypeKind::Object(object) => Ty::Object(Rc::new(self.object(
                object,
                origin.to_string(),
                diagnostics,
            ))),
            TypeKind::Resource(name) => match self.get(&name.node) {
                Some(resource) => Ty::Resource(resource.clone()),
                None => {
                    diagnostics.push(self.unknown_resource(&name.node, name.span));
                    Ty::Any
                }
            },
            TypeKind::Union(options) => self.union(options, origin, diagnostics),
        }
    }

    fn object(
        &self,
        object: &ObjectType,
        origin: String,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> ObjectTy {
        let mut fields: Vec<FieldTy> = Vec::with_capacity(object.fields.len());

        for field in &object.fields {
            let name = &field.name.node;
            if fields
                .iter()
                .any(|seen| seen.name.eq_ignore_ascii_case(name))
            {
                let message = format!("property `{name}` is declared twice in {origin}");
                let diagnostic = Diagnostic::new(Code::DuplicateField, message, field.name.span)
                    .with_label("declared again here")
                    .with_help("keep one declaration; names match regardless of case");
                diagnostics.push(diagnostic);
                continue;
            }
            let inner = format!("`{name}` of {origin}");
            let ty = self.ty(&field.ty, &inner, diagnostics);
            let ty = if field.optional { ty.optional() } else { ty };
            fields.push(FieldTy {
                name: name.clone(),
                ty,
            });
        }
        ObjectTy {
            fields,
            open: object.open,
            origin,
        }
    }

    /// Unions of string literals are enums, `| string` opens them, `| null` makes a value
    /// optional.
    fn union(&self, options: &[TypeExpr], origin: &str, diagnostics: &mut Vec<Diagnostic>) -> Ty {
        let mut values = Vec::new();
        let mut open = false;
        let mut nullable = false;
        let mut others = Vec::new();

        for option in options {
            match &option.kind {
                TypeKind::Literal(value) => values.push(value.clone()),
                TypeKind::Named(NamedType::String) => open = true,
                TypeKind::Named(NamedType::Null) => nullable = true,
                _ => others.push(self.ty(option, origin, diagnostics)),
            }
        }

        let base = match (values.is_empty(), open, others.as_slice()) {
            (false, _, []) => Ty::Enum(Rc::new(EnumTy { values, open })),
            (true, true, []) => Ty::String,
            (true, false, [only]) => only.clone(),
            // Limitation: other unions, such as `string | number`, are checked as `any`.
            _ => Ty::Any,
        };
        if nullable { base.optional() } else { base }
    }

    fn unknown_resource(&self, name: &str, span: crate::diag::Span) -> Diagnostic {
        let mut diagnostic = Diagnostic::new(
            Code::UnknownResourceType,
            format!("no schema declares the resource type `{name}`"),
            span,
        )
        .with_label("unknown resource type");
        match closest(name, self.names()) {
            Some(best) => diagnostic = diagnostic.with_help(format!("did you mean `{best}`?")),
            None => {
                diagnostic = diagnostic.with_note("declare it with `resource \"...\" { ... }`");
            }
        }
        diagnostic
    }
}

fn named_ty(named: NamedType) -> Ty {
    match named {
        NamedType::Bool => Ty::Bool,
        NamedType::Number => Ty::Number,
        NamedType::String => Ty::String,
        NamedType::Null => Ty::Null,
        // Limitation: `object` is checked as `any`, so paths below it are not checked.
        NamedType::Any | NamedType::Object => Ty::Any,
    }
}

fn closed_enum(values: Vec<String>) -> Ty {
    Ty::Enum(Rc::new(EnumTy {
        values,
        open: false,
    }))
}

fn duplicate_schema(schema: &Schema, first: crate::diag::Span) -> Diagnostic {
    let name = &schema.resource_type.node;
    Diagnostic::new(
        Code::DuplicateSchema,
        format!("the resource type `{name}` has two schemas"),
        schema.resource_type.span,
    )
    .with_label("declared again here")
    .with_secondary(first, "first declared here")
    .with_help("merge the two declarations; type names match regardless of case")
}
