//! Checking: parsed modules in, a checked [`Program`] and diagnostics out. Names are resolved,
//! types inferred and paths looked up in resource schemas before any resource is read, so a
//! misspelled property cannot make a rule pass silently. Evaluation accepts only a `Program`,
//! which only this module can build, and only from modules without errors.

mod builtins;
mod env;
mod expr;
mod graph;
mod items;
mod schema;
pub mod session;
mod ty;

use std::collections::{BTreeMap, HashMap};

pub use builtins::{BUILTINS, Builtin};
pub use schema::Schemas;
pub use ty::{EnumTy, FieldTy, Kind, ObjectTy, ResourceTy, Ty, json_fits};

use crate::diag::{Code, Diagnostic, Span};
use crate::syntax::{Def, Ident, Item, ItemKind, Module, Param, Rule};
use env::{BindingKind, Env};

/// A program whose every rule, `def` and `param` passed the checker without an error.
#[derive(Debug)]
pub struct Program {
    modules: Vec<Module>,
    schemas: Schemas,
    param_types: HashMap<String, Ty>,
}

impl Program {
    /// The checked modules, in load order.
    pub fn modules(&self) -> &[Module] {
        &self.modules
    }

    /// Every rule, in load order.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.items().filter_map(|item| match &item.kind {
            ItemKind::Rule(rule) => Some(rule),
            _ => None,
        })
    }

    /// Every rule with its doc comment, in load order.
    pub fn documented_rules(&self) -> impl Iterator<Item = (&crate::syntax::Docs, &Rule)> {
        self.items().filter_map(|item| match &item.kind {
            ItemKind::Rule(rule) => Some((&item.docs, rule)),
            _ => None,
        })
    }

    /// Every rule with the item that declares it (doc comment and whole span), in load order.
    pub fn rule_items(&self) -> impl Iterator<Item = (&Item, &Rule)> {
        self.items().filter_map(|item| match &item.kind {
            ItemKind::Rule(rule) => Some((item, rule)),
            _ => None,
        })
    }

    /// Every `def`, in load order.
    pub fn defs(&self) -> impl Iterator<Item = &Def> {
        self.items().filter_map(|item| match &item.kind {
            ItemKind::Def(def) => Some(def),
            _ => None,
        })
    }

    /// Every `param`, in load order.
    pub fn params(&self) -> impl Iterator<Item = &Param> {
        self.items().filter_map(|item| match &item.kind {
            ItemKind::Param(param) => Some(param),
            _ => None,
        })
    }

    /// The declared type of a parameter.
    pub fn param_type(&self, name: &str) -> Option<&Ty> {
        self.param_types.get(name)
    }

    /// The resource schemas.
    pub fn schemas(&self) -> &Schemas {
        &self.schemas
    }

    fn items(&self) -> impl Iterator<Item = &Item> {
        self.modules.iter().flat_map(|module| &module.items)
    }
}

/// What checking produced: a program when there was no error, and every diagnostic.
#[derive(Debug)]
pub struct Checked {
    /// The checked program, or `None` when some diagnostic is an error.
    pub program: Option<Program>,
    /// Errors and warnings, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks modules together: they share one namespace of rules, `def`s and `param`s.
pub fn check(modules: Vec<Module>) -> Checked {
    check_with_prelude(modules, &[])
}

/// Checks modules as [`check`] does, with the resource schemas of `prelude` (the shipped ones)
/// for every type that `modules` do not declare themselves.
pub fn check_with_prelude(modules: Vec<Module>, prelude: &[Module]) -> Checked {
    let mut diagnostics = Vec::new();
    let items: Vec<&Item> = modules.iter().flat_map(|module| &module.items).collect();

    let prelude_items: Vec<&Item> = prelude.iter().flat_map(|module| &module.items).collect();
    let schemas = Schemas::build(
        &schema_decls(&items),
        &schema_decls(&prelude_items),
        &mut diagnostics,
    );

    let globals = Globals::collect(&items, &schemas, &mut diagnostics);
    let mut checker = Checker {
        globals,
        env: Env::default(),
        diagnostics,
        def_results: HashMap::new(),
    };
    checker.check_items(&items);

    let param_types = checker
        .globals
        .params
        .iter()
        .map(|(name, param)| (name.to_string(), param.ty.clone()))
        .collect();
    let diagnostics = checker.diagnostics;
    let program = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        Some(Program {
            modules,
            schemas,
            param_types,
        })
    };
    Checked {
        program,
        diagnostics,
    }
}

fn schema_decls<'m>(items: &[&'m Item]) -> Vec<&'m crate::syntax::Schema> {
    items
        .iter()
        .filter_map(|item| match &item.kind {
            ItemKind::Schema(schema) => Some(schema),
            _ => None,
        })
        .collect()
}

/// A declared parameter as the checker sees it.
#[derive(Debug)]
struct ParamInfo {
    ty: Ty,
    span: Span,
}

/// The names every rule and `def` can see.
struct Globals<'m> {
    params: BTreeMap<&'m str, ParamInfo>,
    defs: BTreeMap<&'m str, &'m Def>,
    schemas: &'m Schemas,
}

impl<'m> Globals<'m> {
    /// Collects `param`s and `def`s, reporting duplicates and names taken by builtins.
    fn collect(
        items: &[&'m Item],
        schemas: &'m Schemas,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut globals = Globals {
            params: BTreeMap::new(),
            defs: BTreeMap::new(),
            schemas,
        };
        let mut seen: HashMap<&str, Span> = HashMap::new();

        for item in items {
            let (name, kind) = match &item.kind {
                ItemKind::Param(param) => (&param.name, "parameter"),
                ItemKind::Def(def) => (&def.name, "`def`"),
                _ => continue,
            };
            if let Some(diagnostic) = duplicate_global(name, kind, &seen) {
                diagnostics.push(diagnostic);
                continue;
            }
            seen.insert(name.node.as_str(), name.span);

            match &item.kind {
                ItemKind::Param(param) => {
                    let origin = format!("parameter `{}`", param.name.node);
                    let ty = schemas.ty(&param.ty, &origin, diagnostics);
                    let info = ParamInfo {
                        ty,
                        span: param.name.span,
                    };
                    globals.params.insert(param.name.node.as_str(), info);
                }
                ItemKind::Def(def) => {
                    globals.defs.insert(def.name.node.as_str(), def);
                }
                _ => {}
            }
        }
        globals
    }
}

fn duplicate_global(name: &Ident, kind: &str, seen: &HashMap<&str, Span>) -> Option<Diagnostic> {
    if builtins::builtin(&name.node).is_some() {
        let message = format!(
            "the {kind} `{}` has the name of a builtin function",
            name.node
        );
        let diagnostic = Diagnostic::new(Code::DuplicateDefinition, message, name.span)
            .with_label("hides the builtin")
            .with_help("choose another name");
        return Some(diagnostic);
    }
    let first = seen.get(name.node.as_str())?;
    let diagnostic = Diagnostic::new(
        Code::DuplicateDefinition,
        format!("`{}` is defined twice", name.node),
        name.span,
    )
    .with_label("defined again here")
    .with_secondary(*first, "first defined here")
    .with_help("rename one of them; all loaded files share one namespace");
    Some(diagnostic)
}

/// The state of one checking run.
struct Checker<'m> {
    globals: Globals<'m>,
    env: Env,
    diagnostics: Vec<Diagnostic>,
    /// The inferred result type of each `def` checked so far.
    def_results: HashMap<String, Ty>,
}

impl Checker<'_> {
    /// Binds a name in the current scope, warning when it hides another.
    fn bind(&mut self, name: &Ident, ty: Ty, kind: BindingKind) {
        let hidden = self.env.visible(&name.node).map(|binding| binding.span);
        let hidden = hidden.or_else(|| self.global_span(&name.node));
        if let Some(hidden) = hidden {
            let diagnostic = Diagnostic::new(
                Code::Shadowing,
                format!("`{}` hides another binding of the same name", name.node),
                name.span,
            )
            .with_label("this binding")
            .with_secondary(hidden, "hides this one")
            .with_help("rename one of them");
            self.diagnostics.push(diagnostic);
        }
        self.env.bind(&name.node, ty, name.span, kind);
    }

    fn global_span(&self, name: &str) -> Option<Span> {
        if let Some(def) = self.globals.defs.get(name) {
            return Some(def.name.span);
        }
        self.globals.params.get(name).map(|param| param.span)
    }

    /// The result type of a `def`: declared, or inferred when it was checked.
    fn def_result(&self, name: &str) -> Ty {
        self.def_results.get(name).cloned().unwrap_or(Ty::Any)
    }
}
