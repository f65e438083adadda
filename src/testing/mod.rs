//! Rule tests: the `test` items of a checked program in, one result per test and the
//! coverage of the rules out. The runner is pure apart from reading input files, which it
//! does through a reader that the caller provides.

mod compare;
mod coverage;

use std::io;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use crate::check::{Program, json_fits};
use crate::diag::SourceMap;
use crate::eval::{Entry, Evaluation, Params, ResourceSet};
use crate::input::{Inputs, Keep, Resource};
use crate::syntax::{Expr, ExprKind, ItemKind, Test, TestStepKind};

pub use coverage::{Coverage, CoverageRow, coverage};

/// The result of one test.
#[derive(Clone, Debug, PartialEq)]
pub struct TestResult {
    /// The file that declares the test, as diagnostics name it.
    pub file: String,
    /// The test's name.
    pub name: String,
    /// The expectations that were not met; empty when the test passed.
    pub mismatches: Vec<Mismatch>,
    /// A problem that kept the test from running, such as an unreadable input.
    pub error: Option<String>,
}

impl TestResult {
    /// Whether every expectation was met.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty() && self.error.is_none()
    }
}

/// One expectation that was not met: what the test said and what the rules gave.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// The expectation, as the test writes it, or `no other findings`.
    pub expected: String,
    /// What the evaluation gave for the same rule and resource.
    pub actual: String,
}

/// Every test's result, and the evaluations, for coverage.
#[derive(Debug, Default)]
pub struct Run {
    /// One result per test, in load order.
    pub results: Vec<TestResult>,
    /// The evaluation of each test that ran, in the same order.
    pub evaluations: Vec<Evaluation>,
}

impl Run {
    /// How many tests passed and how many failed.
    pub fn counts(&self) -> (usize, usize) {
        let passed = self.results.iter().filter(|result| result.passed()).count();
        (passed, self.results.len() - passed)
    }
}

/// Runs every `test` item of `program`. Input files are named relative to the test's file
/// and read with `read`.
pub fn run(
    program: &Program,
    sources: &SourceMap,
    mut read: impl FnMut(&Path) -> io::Result<String>,
) -> Run {
    let mut run = Run::default();
    for module in program.modules() {
        let file = sources.name(module.file).to_string();
        let folder = Path::new(&file).parent().map(Path::to_path_buf);
        let folder = folder.unwrap_or_default();
        for item in &module.items {
            if let ItemKind::Test(test) = &item.kind {
                let (result, evaluation) = run_test(program, test, &file, &folder, &mut read);
                run.results.push(result);
                run.evaluations.extend(evaluation);
            }
        }
    }
    run
}

fn run_test(
    program: &Program,
    test: &Test,
    file: &str,
    folder: &Path,
    read: &mut impl FnMut(&Path) -> io::Result<String>,
) -> (TestResult, Option<Evaluation>) {
    let mut result = TestResult {
        file: file.to_string(),
        name: test.name.node.clone(),
        mismatches: Vec::new(),
        error: None,
    };
    let prepared = inputs(test, folder, read).and_then(|inputs| {
        let params = params(program, test)?;
        Ok((inputs, params))
    });
    let (inputs, params) = match prepared {
        Ok(prepared) => prepared,
        Err(error) => {
            result.error = Some(error);
            return (result, None);
        }
    };

    let entries = inputs.resources.iter().map(|resource| Entry {
        id: &resource.id,
        type_name: &resource.type_name,
        json: &resource.value,
    });
    let set = ResourceSet::new(entries);
    let evaluation = crate::eval::evaluate(program, &set, &params);

    result.mismatches = compare::mismatches(test, &evaluation, &inputs.resources);
    (result, Some(evaluation))
}

/// Reads the test's inputs, files and inline JSON, in order.
fn inputs(
    test: &Test,
    folder: &Path,
    read: &mut impl FnMut(&Path) -> io::Result<String>,
) -> Result<Inputs, String> {
    let mut inputs = Inputs::default();
    for step in &test.steps {
        let (name, text) = match &step.kind {
            TestStepKind::File(path) => {
                let full: PathBuf = folder.join(&path.node);
                let text = read(&full)
                    .map_err(|error| format!("cannot read `{}`: {error}", full.display()))?;
                (full.display().to_string(), text)
            }
            TestStepKind::Json(json) => ("<inline>".to_string(), json.node.clone()),
            _ => continue,
        };
        inputs
            .read(&name, text.as_bytes(), &Keep::All)
            .map_err(|error| {
                let place = format!("{}:{}:{}", error.file, error.line, error.column);
                format!("{place}: {}", error.message)
            })?;
    }
    Ok(inputs)
}

/// The parameters the test sets, checked against their declarations.
fn params(program: &Program, test: &Test) -> Result<Params, String> {
    let mut params = Params::new();
    for step in &test.steps {
        let TestStepKind::Param { name, value } = &step.kind else {
            continue;
        };
        let Some(ty) = program.param_type(&name.node) else {
            return Err(format!("unknown parameter `{}`", name.node));
        };
        let value = literal_json(value)
            .ok_or_else(|| format!("parameter `{}` must be set to a literal", name.node))?;
        if !json_fits(ty, &value) {
            return Err(format!(
                "parameter `{}` is declared `{ty}`, but `{value}` is not one",
                name.node
            ));
        }
        params.insert(name.node.clone(), value);
    }
    Ok(params)
}

/// The JSON value of a literal expression: null, a boolean, number, string or list of them.
fn literal_json(expr: &Expr) -> Option<Json> {
    match &expr.kind {
        ExprKind::Null => Some(Json::Null),
        ExprKind::Bool(value) => Some(Json::Bool(*value)),
        ExprKind::Number(value) => serde_json::Number::from_f64(*value).map(Json::Number),
        ExprKind::String(text) => Some(Json::String(text.clone())),
        ExprKind::List(items) => items.iter().map(literal_json).collect::<Option<_>>(),
        _ => None,
    }
}

/// Whether `resource` is the one a test names, by name or by id, regardless of case.
fn names(resource: &Resource, wanted: &str) -> bool {
    resource.name.eq_ignore_ascii_case(wanted)
        || crate::eval::normalize_id(&resource.id) == crate::eval::normalize_id(wanted)
}

/// The lines `tenet test` prints for a failed test: a header, then for each unmet
/// expectation what was expected and what came out, side by side.
pub fn render_failure(result: &TestResult) -> String {
    let mut out = format!("FAIL {}: {}\n", result.file, result.name);
    if let Some(error) = &result.error {
        out.push_str(&format!("  error: {error}\n"));
    }
    let width = result
        .mismatches
        .iter()
        .map(|mismatch| mismatch.expected.chars().count())
        .chain(std::iter::once("expected".len()))
        .max()
        .unwrap_or(0);
    if !result.mismatches.is_empty() {
        out.push_str(&format!("  {:width$}  | {}\n", "expected", "actual"));
    }
    for mismatch in &result.mismatches {
        out.push_str(&format!(
            "  {:width$}  | {}\n",
            mismatch.expected, mismatch.actual
        ));
    }
    out
}
