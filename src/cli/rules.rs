//! Loading and checking rules for the commands that run them: the user's files, the embedded
//! pack, or both. Rule errors are rendered here and end the command with exit code 3.

use std::path::{Path, PathBuf};

use tenet::check::Program;
use tenet::diag::SourceMap;
use tenet::load::CheckedFiles;

use super::{Exit, Reporting, files, output};

/// The options that choose the rules and set their parameters, shared by the commands that
/// run rules.
#[derive(Debug, clap::Args)]
pub struct RuleSelection {
    /// Rule files or folders to run instead of the embedded pack (repeatable).
    #[arg(long = "rules", short = 'r', value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Run the embedded pack as well as the `--rules`.
    #[arg(long)]
    pub with_pack: bool,

    /// Set a rule parameter: `--param name=value`, where the value is JSON or else a string.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// Read rule parameters from a JSON file: `{"name": value}`, or Azure's assignment shape
    /// `{"name": {"value": value}}`.
    #[arg(long = "params", value_name = "FILE")]
    pub params_file: Option<PathBuf>,
}

/// Checked rules, with the sources their spans point into.
pub struct Rules {
    /// Every rule file read, the embedded ones included.
    pub sources: SourceMap,
    /// The checked program.
    pub program: Program,
}

/// Loads and checks rule files from disk or the embedded pack.
pub fn check_files(paths: &[PathBuf]) -> Result<CheckedFiles, files::ReadError> {
    tenet::load::check_files(read, paths)
        .map_err(|error| files::ReadError::new(&error.path, &error.error))
}

/// Reads the rule files under `paths` (the embedded pack when there are none, or in addition
/// when `with_pack` is set), checks them, and prints their diagnostics.
pub fn load(paths: &[PathBuf], with_pack: bool, reporting: Reporting) -> Result<Rules, Exit> {
    let found = files::collect(paths, "tenet").map_err(|error| {
        output::error_line(reporting, &error.to_string());
        Exit::Input
    })?;
    if !paths.is_empty() && found.is_empty() {
        output::error_line(reporting, "no `*.tenet` files found in the `--rules` paths");
        return Err(Exit::NothingEvaluated);
    }

    let mut all = found;
    if paths.is_empty() || with_pack {
        all.extend(tenet::pack::rule_paths());
    }
    check_paths(&all, reporting)
}

/// Checks the rule files `all` (read from disk or the embedded pack), and prints their
/// diagnostics.
pub fn check_paths(all: &[PathBuf], reporting: Reporting) -> Result<Rules, Exit> {
    let checked = check_files(all).map_err(|error| {
        output::error_line(reporting, &error.to_string());
        Exit::Input
    })?;

    let warnings_fail = reporting.deny_warnings && !checked.diagnostics.is_empty();
    output::diagnostics(&checked.diagnostics, &checked.sources, reporting);
    match checked.program {
        Some(program) if !warnings_fail => Ok(Rules {
            sources: checked.sources,
            program,
        }),
        _ => Err(Exit::RuleErrors),
    }
}

/// Reads a rule file from disk, or from the embedded pack for paths under its root.
fn read(path: &Path) -> std::io::Result<String> {
    if path.starts_with(tenet::pack::ROOT) {
        return tenet::pack::read(path);
    }
    std::fs::read_to_string(path)
}
