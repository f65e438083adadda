//! `tenet explain`: the evaluation of one rule for one resource, as a tree.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use tenet::diag::closest;
use tenet::eval::{Entry, ResourceSet};
use tenet::input::Keep;

use super::eval::{parse_parameters, read_inputs};
use super::{Exit, Reporting, output, rules};

/// Arguments of `tenet explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The id of the rule to explain, in any case.
    #[arg(value_name = "RULE")]
    rule: String,

    /// The id of the resource, as exported (compared regardless of case).
    #[arg(long, value_name = "ID")]
    resource: String,

    /// Exported resources: JSON or NDJSON files, or `-` for standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,

    #[command(flatten)]
    selection: rules::RuleSelection,

    /// How to print the tree.
    #[arg(long, short = 'f', value_enum, default_value_t = TreeFormat::Human)]
    format: TreeFormat,
}

/// The `--format` choices of `tenet explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TreeFormat {
    /// An indented tree.
    Human,
    /// The same tree as JSON.
    Json,
}

/// Runs `tenet explain` and returns its exit code.
pub fn run(args: &ExplainArgs, reporting: Reporting) -> Exit {
    match explain(args, reporting) {
        Ok(exit) | Err(exit) => exit,
    }
}

fn explain(args: &ExplainArgs, reporting: Reporting) -> Result<Exit, Exit> {
    let rules = rules::load(&args.selection.rules, args.selection.with_pack, reporting)?;
    let params = parse_parameters(
        &args.selection.params,
        args.selection.params_file.as_ref(),
        &rules.program,
        reporting,
    )?;

    let ids: Vec<&str> = rules
        .program
        .rules()
        .map(|rule| rule.id.node.as_str())
        .collect();
    if !ids.iter().any(|id| id.eq_ignore_ascii_case(&args.rule)) {
        let mut text = format!("no rule has the id `{}`", args.rule);
        if let Some(best) = closest(&args.rule, ids.iter().copied()) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        output::error_line(reporting, &text);
        return Err(Exit::Usage);
    }

    // Every resource is kept, so that the one asked for is found whatever its type.
    let inputs = read_inputs(&args.inputs, &Keep::All, reporting)?;
    let entries = inputs.resources.iter().map(|resource| Entry {
        id: &resource.id,
        type_name: &resource.type_name,
        json: &resource.value,
    });
    let set = ResourceSet::new(entries);
    let Some(index) = set.by_id(&args.resource) else {
        let names = inputs.resources.iter().map(|resource| resource.id.as_str());
        let mut text = format!("no resource of the inputs has the id `{}`", args.resource);
        if let Some(best) = closest(&args.resource, names) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        output::error_line(reporting, &text);
        return Err(Exit::Usage);
    };

    let Some(mut explanation) =
        tenet::eval::explain(&rules.program, &set, &params, &args.rule, index)
    else {
        return Err(Exit::Usage);
    };
    tenet::report::fill_text(&mut explanation, &rules.sources);
    let text = match args.format {
        TreeFormat::Human => tenet::report::render_explanation(&explanation),
        TreeFormat::Json => tenet::report::render_explanation_json(&explanation),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(Exit::Clean)
}
