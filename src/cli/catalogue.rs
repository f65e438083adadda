//! `tenet rules`: list the rules that would run, or show one with its documentation and source.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use tenet::diag::closest;
use tenet::report::catalogue;

use super::{Exit, Reporting, output, rules};

/// Arguments of `tenet rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    action: Option<RulesAction>,

    /// Rule files or folders to list instead of the embedded pack (repeatable).
    #[arg(long = "rules", short = 'r', value_name = "PATH", global = true)]
    rules: Vec<PathBuf>,

    /// List the embedded pack as well as the `--rules`.
    #[arg(long, global = true)]
    with_pack: bool,

    /// How to print the list: a table, every field as JSON, or the Markdown of docs/rules.md.
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

#[derive(Debug, Subcommand)]
enum RulesAction {
    /// Show one rule: its metadata, documentation and source.
    Show {
        /// The rule id, in any case.
        id: String,
    },
}

/// The `--format` choices of `tenet rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    /// Id, severity, effect and title, one rule a line.
    Table,
    /// Every field of every rule.
    Json,
    /// The catalogue of docs/rules.md.
    Markdown,
}

/// Runs `tenet rules` and returns its exit code.
pub fn run(args: &RulesArgs, reporting: Reporting) -> Exit {
    let rules = match rules::load(&args.rules, args.with_pack, reporting) {
        Ok(rules) => rules,
        Err(exit) => return exit,
    };
    let entries = catalogue::entries(&rules.program, &rules.sources);

    let text = match &args.action {
        None => match args.format {
            ListFormat::Table => catalogue::render_table(&entries),
            ListFormat::Json => catalogue::render_json(&entries),
            ListFormat::Markdown => catalogue::render_markdown(&entries),
        },
        Some(RulesAction::Show { id }) => {
            let found = entries
                .iter()
                .find(|entry| entry.id.eq_ignore_ascii_case(id));
            let source = catalogue::source(&rules.program, &rules.sources, id);
            let (Some(entry), Some(source)) = (found, source) else {
                let ids = entries.iter().map(|entry| entry.id.as_str());
                let mut text = format!("no rule has the id `{id}`");
                if let Some(best) = closest(id, ids) {
                    text.push_str(&format!("; did you mean `{best}`?"));
                }
                output::error_line(reporting, &text);
                return Exit::Usage;
            };
            catalogue::render_entry(entry, &source)
        }
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    Exit::Clean
}
