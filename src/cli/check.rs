//! `tenet check`: parse rule files and report every problem in them.

use std::path::PathBuf;

use clap::Args;
use tenet::diag::Diagnostic;

use super::{Exit, Reporting, files, output, rules};

/// Arguments of `tenet check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Rule files, or folders to search for `*.tenet` files (default: the current folder).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Checks the files and returns the exit code.
pub fn run(args: &CheckArgs, reporting: Reporting) -> Exit {
    let found = match files::rule_files(&args.paths, "check", reporting) {
        Ok(found) => found,
        Err(exit) => return exit,
    };

    let checked = match rules::check_files(&found) {
        Ok(checked) => checked,
        Err(error) => {
            output::error_line(reporting, &error.to_string());
            return Exit::Input;
        }
    };

    output::diagnostics(&checked.diagnostics, &checked.sources, reporting);
    summarize(&checked.diagnostics, found.len(), reporting)
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
