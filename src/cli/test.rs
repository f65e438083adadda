//! `tenet test`: run the `test` items of `*.test.tenet` files against their rules, print the
//! failures side by side and the `N passed, N failed` line, and optionally the coverage.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{Exit, Reporting, files, output, rules};

/// Arguments of `tenet test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Test files or folders to search for `*.test.tenet` files (default: the current folder).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Rule files or folders to test instead of the rules found with the tests (repeatable).
    #[arg(long = "rules", short = 'r', value_name = "PATH")]
    rules: Vec<PathBuf>,

    /// Test the embedded pack as well.
    #[arg(long)]
    with_pack: bool,

    /// Print, per rule and named requirement, whether the tests made it pass and fail.
    #[arg(long)]
    coverage: bool,

    /// Fail the run when the coverage is below this percentage; implies `--coverage`.
    #[arg(long, value_name = "P")]
    threshold: Option<f64>,
}

/// Runs `tenet test` and returns its exit code.
pub fn run(args: &TestArgs, reporting: Reporting) -> Exit {
    match test(args, reporting) {
        Ok(exit) | Err(exit) => exit,
    }
}

fn test(args: &TestArgs, reporting: Reporting) -> Result<Exit, Exit> {
    let (tests, found_rules) = test_files(&args.paths, reporting)?;
    let loaded = load(args, tests, found_rules, reporting)?;

    let run = tenet::testing::run(&loaded.program, &loaded.sources, read_input);

    let mut out = String::new();
    for result in run.results.iter().filter(|result| !result.passed()) {
        out.push_str(&tenet::testing::render_failure(result));
    }
    let coverage = tenet::testing::coverage(&loaded.program, &run.evaluations);
    if args.coverage || args.threshold.is_some() {
        out.push_str(&coverage.render());
    }
    let (passed, failed) = run.counts();
    out.push_str(&format!("{passed} passed, {failed} failed\n"));
    let _ = std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes());

    let below = args
        .threshold
        .filter(|threshold| coverage.percent() < *threshold);
    if let Some(threshold) = below {
        let text = format!(
            "coverage {:.1}% is below the threshold of {threshold}%",
            coverage.percent()
        );
        output::error_line(reporting, &text);
    }
    Ok(if failed > 0 || below.is_some() {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// The `*.test.tenet` files under `paths`, and the other rule files found with them.
fn test_files(
    paths: &[PathBuf],
    reporting: Reporting,
) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Exit> {
    let found = files::rule_files(paths, "test", reporting)?;
    let (tests, rules): (Vec<PathBuf>, Vec<PathBuf>) =
        found.into_iter().partition(|path| is_test_file(path));
    if tests.is_empty() {
        output::error_line(reporting, "no `*.test.tenet` files found to test");
        return Err(Exit::NothingEvaluated);
    }
    Ok((tests, rules))
}

/// Whether a path names a test file.
pub fn is_test_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.ends_with(".test.tenet"))
}

/// Loads the tests with their rules: `--rules`, or else the rule files found with the tests,
/// or else the embedded pack; `--with-pack` adds the pack to either.
fn load(
    args: &TestArgs,
    tests: Vec<PathBuf>,
    found_rules: Vec<PathBuf>,
    reporting: Reporting,
) -> Result<rules::Rules, Exit> {
    let chosen = if args.rules.is_empty() {
        found_rules
    } else {
        let found = files::collect(&args.rules, "tenet").map_err(|error| {
            output::error_line(reporting, &error.to_string());
            Exit::Input
        })?;
        found
            .into_iter()
            .filter(|path| !is_test_file(path))
            .collect()
    };
    let with_pack = args.with_pack || chosen.is_empty();

    let mut all = tests;
    all.extend(chosen);
    if with_pack {
        all.extend(tenet::pack::rule_paths());
    }
    all.sort();
    all.dedup();
    rules::check_paths(&all, reporting)
}

fn read_input(path: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(path)
}
