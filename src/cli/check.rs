//! `tenet check`: parse rule files and report every problem in them.

use std::path::PathBuf;

use clap::Args;
use tenet::diag::Diagnostic;
use tenet::load::Loader;

use super::{Exit, Reporting, files, output};

/// Arguments of `tenet check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Rule files, or folders to search for `*.tenet` files (default: the current folder).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Checks the files and returns the exit code.
pub fn run(args: &CheckArgs, reporting: Reporting) -> Exit {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let found = match files::collect(&paths, "tenet") {
        Ok(found) => found,
        Err(error) => {
            output::error_line(reporting, &error.to_string());
            return Exit::Input;
        }
    };
    if found.is_empty() {
        output::error_line(reporting, "no `*.tenet` files found to check");
        return Exit::NothingEvaluated;
    }

    let mut loader = Loader::new(|path: &std::path::Path| std::fs::read_to_string(path));
    for path in &found {
        if let Err(error) = loader.load(path) {
            let error = files::ReadError::new(&error.path, &error.error);
            output::error_line(reporting, &error.to_string());
            return Exit::Input;
        }
    }
    let mut loaded = loader.finish();

    let (prelude, prelude_diagnostics) = tenet::pack::schema_modules(&mut loaded.sources);
    let checked = tenet::check::check_with_prelude(loaded.modules, &prelude);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(prelude_diagnostics);
    diagnostics.extend(checked.diagnostics);
    diagnostics.sort_by_key(|d| (d.primary.span.file, d.primary.span.start));

    output::diagnostics(&diagnostics, &loaded.sources, reporting);
    summarize(&diagnostics, found.len(), reporting)
}

fn summarize(diagnostics: &[Diagnostic], files: usize, reporting: Reporting) -> Exit {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let noun = if files == 1 { "file" } else { "files" };
    output::line(
        reporting,
        &format!(
            "checked {files} {noun}: {}, {}",
            count(errors, "error"),
            count(warnings, "warning")
        ),
    );

    let failed = errors > 0 || (reporting.deny_warnings && warnings > 0);
    if failed {
        Exit::RuleErrors
    } else {
        Exit::Clean
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
