//! The state of one interactive session: the loaded rules and data, the parameters, the names
//! bound with `let` and the items typed in. Each line goes through the library's stages
//! (parse, check, evaluate) and comes back as text to print.

use std::path::PathBuf;

use serde_json::Value as Json;
use tenet::check::{Program, Ty};
use tenet::diag::{ColorMode, Diagnostic, FileId, SourceMap};
use tenet::eval::{Entry, Params, ResourceSet};
use tenet::input::{Inputs, Keep};
use tenet::syntax::line::{Line, parse_line};
use tenet::syntax::{Item, ItemKind, Module};

use super::super::eval::read_inputs;
use super::super::{Exit, Reporting, files, output, rules};

/// How many lines of a value are printed before the rest is cut.
const MAX_VALUE_LINES: usize = 40;

/// A name bound with `let`, with its type and value.
pub struct Binding {
    pub name: String,
    pub ty: Ty,
    pub value: Json,
}

/// Everything a session has loaded and bound.
pub struct Session {
    pub reporting: Reporting,
    pub color: ColorMode,
    rule_paths: Vec<PathBuf>,
    with_pack: bool,
    data_paths: Vec<PathBuf>,
    pub sources: SourceMap,
    prelude: Vec<Module>,
    /// The modules read from files, and then one for each typed-in item.
    modules: Vec<Module>,
    /// The text and name of every item typed in, to add them again after `:load rules`.
    typed: Vec<(String, String)>,
    pub program: Program,
    pub inputs: Inputs,
    pub params: Params,
    pub bindings: Vec<Binding>,
    lines: usize,
}

/// Rules checked from files, ready for a session.
struct LoadedRules {
    sources: SourceMap,
    prelude: Vec<Module>,
    modules: Vec<Module>,
    program: Program,
}

impl Session {
    /// Loads the rules (the pack unless `no_pack`) and the inputs; problems are printed.
    pub fn start(
        rule_paths: Vec<PathBuf>,
        with_pack: bool,
        data_paths: Vec<PathBuf>,
        reporting: Reporting,
        color: ColorMode,
    ) -> Result<Session, Exit> {
        let loaded = load_rules(&rule_paths, with_pack, reporting)?;
        let inputs = read_inputs(&data_paths, &Keep::All, reporting)?;
        Ok(Session {
            reporting,
            color,
            rule_paths,
            with_pack,
            data_paths,
            sources: loaded.sources,
            prelude: loaded.prelude,
            modules: loaded.modules,
            typed: Vec::new(),
            program: loaded.program,
            inputs,
            params: Params::new(),
            bindings: Vec::new(),
            lines: 0,
        })
    }

    /// The one-line greeting.
    pub fn banner(&self) -> String {
        format!(
            "tenet repl: {} rules, {} resources; :help for commands",
            self.program.rules().count(),
            self.inputs.resources.len()
        )
    }

    /// The resources loaded, indexed for evaluation.
    pub fn resource_set(&self) -> ResourceSet<'_> {
        ResourceSet::new(self.inputs.resources.iter().map(|resource| Entry {
            id: &resource.id,
            type_name: &resource.type_name,
            json: &resource.value,
        }))
    }

    /// Renders diagnostics as `tenet check` does.
    pub fn render(&self, diagnostics: &[Diagnostic]) -> String {
        tenet::diag::render_human(diagnostics, &self.sources, self.color)
    }

    /// Adds a typed line to the sources as `<repl:N>`.
    pub fn add_source(&mut self, text: &str) -> FileId {
        self.lines += 1;
        self.sources.add(format!("<repl:{}>", self.lines), text)
    }

    /// Handles a line that is not a `:` command: an item, a `let` or an expression.
    pub fn input(&mut self, text: &str) -> String {
        let file = self.add_source(text);
        let parsed = parse_line(file, self.sources.text(file));
        let mut out = self.render(&parsed.diagnostics);
        let Some(line) = parsed.line else {
            return out;
        };
        if parsed.diagnostics.iter().any(Diagnostic::is_error) {
            return out;
        }
        let result = match line {
            Line::Expr(expr) => self.show(&expr),
            Line::Let { name, value } => self.bind(&name.node, &value),
            Line::Item(item) => self.add_item(file, text, *item),
        };
        out.push_str(&result);
        out
    }

    /// Checks and evaluates an expression: its value and then its type, or its diagnostics.
    fn show(&self, expr: &tenet::syntax::Expr) -> String {
        match self.value(expr) {
            Ok((value, ty)) => format!("{}\n: {ty}\n", pretty(&value)),
            Err(diagnostics) => diagnostics,
        }
    }

    /// The value and type of an expression, or its rendered diagnostics.
    pub fn value(&self, expr: &tenet::syntax::Expr) -> Result<(Json, Ty), String> {
        let checked = self.check(expr);
        if checked.has_errors() {
            return Err(self.render(&checked.diagnostics));
        }
        let set = self.resource_set();
        let bindings: Vec<(String, Json)> = self
            .bindings
            .iter()
            .map(|binding| (binding.name.clone(), binding.value.clone()))
            .collect();
        let value =
            tenet::eval::session::evaluate_expr(&self.program, &set, &self.params, &bindings, expr);
        Ok((value, checked.ty))
    }

    /// Type-checks an expression against the program and the session's bindings.
    pub fn check(&self, expr: &tenet::syntax::Expr) -> tenet::check::session::CheckedExpr {
        let bindings: Vec<(String, Ty)> = self
            .bindings
            .iter()
            .map(|binding| (binding.name.clone(), binding.ty.clone()))
            .collect();
        tenet::check::session::check_expr(&self.program, &bindings, expr)
    }

    fn bind(&mut self, name: &str, expr: &tenet::syntax::Expr) -> String {
        match self.value(expr) {
            Ok((value, ty)) => {
                let out = format!("{name}: {ty}\n");
                self.bindings.retain(|binding| binding.name != name);
                let name = name.to_string();
                self.bindings.push(Binding { name, ty, value });
                out
            }
            Err(diagnostics) => diagnostics,
        }
    }

    /// Checks a typed-in item with everything loaded, and keeps it when there is no error.
    fn add_item(&mut self, file: FileId, text: &str, item: Item) -> String {
        if let ItemKind::Use(use_decl) = &item.kind {
            return self.load_rules(PathBuf::from(&use_decl.path.node));
        }
        let what = describe(&item);
        let mut modules = self.modules.clone();
        modules.push(Module {
            file,
            items: vec![item],
        });
        let checked = tenet::check::check_with_prelude(modules.clone(), &self.prelude);
        let mut out = self.render(&own_diagnostics(&checked.diagnostics, file));
        match checked.program {
            Some(program) => {
                self.program = program;
                self.modules = modules;
                let name = self.sources.name(file).to_string();
                self.typed.push((name, text.to_string()));
                out.push_str(&format!("added {what}\n"));
            }
            None => out.push_str(&format!("{what} not added\n")),
        }
        out
    }

    /// `:load rules PATH`: reads more rule files and checks them with everything else.
    pub fn load_rules(&mut self, path: PathBuf) -> String {
        let mut paths = self.rule_paths.clone();
        paths.push(path);
        match self.reload(&paths, self.typed.len()) {
            Ok(()) => {
                self.rule_paths = paths;
                format!("{} rules\n", self.program.rules().count())
            }
            Err(message) => message,
        }
    }

    /// `:reset`: drops the session's bindings and typed-in items.
    pub fn reset(&mut self) -> String {
        self.bindings.clear();
        let paths = self.rule_paths.clone();
        match self.reload(&paths, 0) {
            Ok(()) => "session reset\n".to_string(),
            Err(message) => message,
        }
    }

    /// Loads `paths` again and adds the first `keep` typed items; keeps the old state on
    /// errors.
    fn reload(&mut self, paths: &[PathBuf], keep: usize) -> Result<(), String> {
        let mut loaded =
            load_rules(paths, self.with_pack, self.reporting).map_err(|_| String::new())?;
        let typed: Vec<(String, String)> = self.typed.iter().take(keep).cloned().collect();
        for (name, text) in &typed {
            let file = loaded.sources.add(name.clone(), text.clone());
            let parsed = tenet::syntax::parse(file, loaded.sources.text(file));
            loaded.modules.push(parsed.module);
        }
        let checked = tenet::check::check_with_prelude(loaded.modules.clone(), &loaded.prelude);
        let Some(program) = checked.program else {
            let errors: Vec<Diagnostic> = checked
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
            let text = tenet::diag::render_human(&errors, &loaded.sources, self.color);
            return Err(text + "not loaded\n");
        };
        self.sources = loaded.sources;
        self.prelude = loaded.prelude;
        self.modules = loaded.modules;
        self.typed = typed;
        self.program = program;
        Ok(())
    }

    /// `:load data PATH`: reads another export and merges it with the loaded ones.
    pub fn load_data(&mut self, path: PathBuf) -> String {
        let mut paths = self.data_paths.clone();
        paths.push(path);
        match read_inputs(&paths, &Keep::All, self.reporting) {
            Ok(inputs) => {
                self.inputs = inputs;
                self.data_paths = paths;
                format!("{} resources\n", self.inputs.resources.len())
            }
            Err(_) => String::new(),
        }
    }
}

/// Reads and checks rule files; diagnostics are printed, and errors end the load.
fn load_rules(
    paths: &[PathBuf],
    with_pack: bool,
    reporting: Reporting,
) -> Result<LoadedRules, Exit> {
    let mut all = files::collect(paths, "tenet").map_err(|error| {
        output::error_line(reporting, &error.to_string());
        Exit::Input
    })?;
    if with_pack {
        all.extend(tenet::pack::rule_paths());
    }
    let mut checked = rules::check_files(&all).map_err(|error| {
        output::error_line(reporting, &error.to_string());
        Exit::Input
    })?;
    output::diagnostics(&checked.diagnostics, &checked.sources, reporting);
    let program = checked.program.ok_or(Exit::RuleErrors)?;
    let (prelude, _) = tenet::pack::schema_modules(&mut checked.sources);
    Ok(LoadedRules {
        modules: program.modules().to_vec(),
        sources: checked.sources,
        prelude,
        program,
    })
}

/// The diagnostics about a typed-in item: those that point into its line, or every error when
/// none does (an error elsewhere that the item caused).
fn own_diagnostics(diagnostics: &[Diagnostic], file: FileId) -> Vec<Diagnostic> {
    let own: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.primary.span.file == file)
        .cloned()
        .collect();
    if own.iter().any(Diagnostic::is_error) || !diagnostics.iter().any(Diagnostic::is_error) {
        return own;
    }
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect()
}

fn describe(item: &Item) -> String {
    match &item.kind {
        ItemKind::Rule(rule) => format!("rule `{}`", rule.id.node),
        ItemKind::Def(def) => format!("`def {}`", def.name.node),
        ItemKind::Param(param) => format!("`param {}`", param.name.node),
        ItemKind::Schema(schema) => format!("schema `{}`", schema.resource_type.node),
        ItemKind::Use(use_decl) => format!("`use \"{}\"`", use_decl.path.node),
        ItemKind::Test(test) => format!("test `{}`", test.name.node),
    }
}

/// A value as pretty JSON, cut after [`MAX_VALUE_LINES`] lines.
pub fn pretty(value: &Json) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= MAX_VALUE_LINES {
        return text;
    }
    let shown = lines
        .iter()
        .take(MAX_VALUE_LINES)
        .copied()
        .collect::<Vec<_>>();
    let more = lines.len() - MAX_VALUE_LINES;
    format!("{}\n… ({more} more lines)", shown.join("\n"))
}
