//! The command line: argument parsing with clap, and the exit codes every subcommand shares.

mod catalogue;
mod check;
mod eval;
mod explain;
mod files;
mod fmt;
mod output;
mod repl;
mod rules;
mod test;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit codes, the same for every subcommand; `docs/cli.md` documents them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Nothing to report.
    Clean = 0,
    /// Findings, failing tests or formatting differences.
    Findings = 1,
    /// A command line that cannot be carried out, such as an unknown parameter.
    Usage = 2,
    /// Errors (or, under `--deny-warnings`, warnings) in rule files.
    RuleErrors = 3,
    /// A file could not be read.
    Input = 4,
    /// Nothing was there to check or evaluate.
    NothingEvaluated = 5,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Tenet checks exported Azure resources against policy rules, offline.
#[derive(Debug, Parser)]
#[command(name = "tenet", version, about, propagate_version = true)]
struct Cli {
    /// When to colour diagnostics; `auto` colours a terminal unless `NO_COLOR` is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// How to print diagnostics: for people, or one JSON object per line.
    #[arg(long, global = true, value_enum, default_value_t = ErrorFormat::Human)]
    error_format: ErrorFormat,

    /// Treat warnings in rule files as errors.
    #[arg(long, global = true)]
    deny_warnings: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse and type-check rule files, and report their problems.
    Check(check::CheckArgs),
    /// Evaluate rules over exported Azure resources and report the findings.
    Eval(eval::EvalArgs),
    /// List the rules that would run, or show one (`tenet rules show ID`).
    Rules(catalogue::RulesArgs),
    /// Show the evaluation of one rule for one resource as a tree.
    Explain(explain::ExplainArgs),
    /// Lay rule files out in the canonical form: print it, check it or write it.
    Fmt(fmt::FmtArgs),
    /// Explore rules and exported resources interactively.
    Repl(repl::ReplArgs),
    /// Run the `test` items of `*.test.tenet` files and report failures and coverage.
    Test(test::TestArgs),
}

/// The `--color` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard error is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The `--error-format` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ErrorFormat {
    /// Source excerpts with carets.
    Human,
    /// One JSON object per diagnostic and line.
    Json,
}

/// Options that shape how any subcommand reports diagnostics.
#[derive(Clone, Copy, Debug)]
pub struct Reporting {
    /// Colour choice.
    pub color: ColorChoice,
    /// Output format for diagnostics.
    pub format: ErrorFormat,
    /// Whether warnings fail the run.
    pub deny_warnings: bool,
}

/// Parses the arguments, runs the subcommand and returns its exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let reporting = Reporting {
        color: cli.color,
        format: cli.error_format,
        deny_warnings: cli.deny_warnings,
    };

    let exit = match cli.command {
        Command::Check(args) => check::run(&args, reporting),
        Command::Eval(args) => eval::run(&args, reporting, cli.color),
        Command::Rules(args) => catalogue::run(&args, reporting),
        Command::Explain(args) => explain::run(&args, reporting),
        Command::Fmt(args) => fmt::run(&args, reporting),
        Command::Repl(args) => repl::run(&args, reporting),
        Command::Test(args) => test::run(&args, reporting),
    };
    exit.into()
}
