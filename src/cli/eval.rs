//! `tenet eval`: read exports, evaluate the rules over them, report the findings.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::Value as Json;
use tenet::diag::closest;
use tenet::eval::{Entry, Params, ResourceSet};
use tenet::input::{Inputs, Keep};
use tenet::report::{FailOn, Report, ResourceInfo, SourceLocation};
use tenet::syntax::RuleSeverity;

use super::{ColorChoice, Exit, Reporting, output, rules};

/// Arguments of `tenet eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Exported resources: JSON or NDJSON files, or `-` for standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,

    #[command(flatten)]
    selection: rules::RuleSelection,

    /// How to print the report.
    #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Human)]
    format: ReportFormat,

    /// The lowest severity whose findings make the exit code 1 (default: any finding).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<FailOnArg>,

    /// Exit 0 rather than 5 when no rule applied to any resource.
    #[arg(long)]
    allow_empty: bool,
}

/// The `--format` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// Findings grouped by resource, for people.
    Human,
    /// A versioned JSON document (see docs/report.md).
    Json,
}

/// The `--fail-on` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOnArg {
    Info,
    Low,
    Medium,
    High,
    Critical,
    /// Findings never fail the run.
    Never,
}

impl FailOnArg {
    fn threshold(self) -> FailOn {
        match self {
            FailOnArg::Info => FailOn::AtLeast(RuleSeverity::Info),
            FailOnArg::Low => FailOn::AtLeast(RuleSeverity::Low),
            FailOnArg::Medium => FailOn::AtLeast(RuleSeverity::Medium),
            FailOnArg::High => FailOn::AtLeast(RuleSeverity::High),
            FailOnArg::Critical => FailOn::AtLeast(RuleSeverity::Critical),
            FailOnArg::Never => FailOn::Never,
        }
    }
}

/// Runs `tenet eval` and returns its exit code.
pub fn run(args: &EvalArgs, reporting: Reporting, color: ColorChoice) -> Exit {
    match evaluate(args, reporting, color) {
        Ok(exit) | Err(exit) => exit,
    }
}

fn evaluate(args: &EvalArgs, reporting: Reporting, color: ColorChoice) -> Result<Exit, Exit> {
    let rules = rules::load(&args.selection.rules, args.selection.with_pack, reporting)?;
    let params = parameters(args, &rules.program, reporting)?;

    let keep = tenet::eval::needed_types(&rules.program).map_or(Keep::All, Keep::Types);
    let inputs = read_inputs(&args.inputs, &keep, reporting)?;
    if inputs.total == 0 {
        output::error_line(
            reporting,
            "nothing to evaluate: the inputs hold no resources",
        );
        return Err(Exit::NothingEvaluated);
    }

    let entries = inputs.resources.iter().map(|resource| Entry {
        id: &resource.id,
        type_name: &resource.type_name,
        json: &resource.value,
    });
    let set = ResourceSet::new(entries);
    let evaluation = tenet::eval::evaluate(&rules.program, &set, &params);

    let resources: Vec<ResourceInfo> = inputs.resources.iter().map(|r| info(r, &inputs)).collect();
    let report = Report {
        evaluation: &evaluation,
        resources: &resources,
        sources: &rules.sources,
        resources_read: inputs.total,
    };
    print_report(&report, args.format, color);

    let evaluated: usize = evaluation
        .rules
        .iter()
        .map(|r| r.compliant + r.non_compliant + r.not_applicable)
        .sum();
    if evaluated == 0 && !args.allow_empty {
        output::error_line(
            reporting,
            "no rule applied to any resource; check that the export holds the types the rules \
             read, or pass `--allow-empty`",
        );
        return Err(Exit::NothingEvaluated);
    }
    let fail_on = args
        .fail_on
        .map_or(FailOn::AtLeast(RuleSeverity::Info), FailOnArg::threshold);
    Ok(if tenet::report::fails(&evaluation, fail_on) {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

fn info(resource: &tenet::input::Resource, inputs: &Inputs) -> ResourceInfo {
    let location = &resource.location;
    ResourceInfo {
        id: resource.id.clone(),
        type_name: resource.type_name.clone(),
        name: resource.name.clone(),
        location: SourceLocation {
            file: inputs.files.get(location.file).cloned().unwrap_or_default(),
            line: location.line,
            column: location.column,
            pointer: location.pointer.clone(),
        },
        unresolved: resource.unresolved.clone(),
    }
}

fn print_report(report: &Report<'_>, format: ReportFormat, color: ColorChoice) {
    let text = match format {
        ReportFormat::Json => tenet::report::render_json(report),
        ReportFormat::Human => {
            let mode = output::color_mode(color, output::Stream::Stdout);
            tenet::report::render_human(report, mode)
        }
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
}

pub(super) fn read_inputs(
    paths: &[PathBuf],
    keep: &Keep,
    reporting: Reporting,
) -> Result<Inputs, Exit> {
    let mut inputs = Inputs::default();
    for path in paths {
        let name = path.display().to_string();
        let result = if name == "-" {
            inputs.read("<stdin>", std::io::stdin().lock(), keep)
        } else {
            let file = std::fs::File::open(path).map_err(|error| {
                let error = super::files::ReadError::new(path, &error);
                output::error_line(reporting, &error.to_string());
                Exit::Input
            })?;
            inputs.read(&name, file, keep)
        };
        if let Err(error) = result {
            let mut text = format!(
                "{}:{}:{}: {}",
                error.file, error.line, error.column, error.message
            );
            if let Some(snippet) = &error.snippet {
                text.push_str(&format!("\n  | {snippet}"));
            }
            output::error_line(reporting, &text);
            return Err(Exit::Input);
        }
    }
    for warning in &inputs.warnings {
        let file = inputs
            .files
            .get(warning.file)
            .map_or("<input>", String::as_str);
        let mut text = format!(
            "warning: {file}:{}:{}: {}",
            warning.line, warning.column, warning.message
        );
        if let Some(help) = &warning.help {
            text.push_str(&format!("\n  help: {help}"));
        }
        output::line(reporting, &text);
    }
    Ok(inputs)
}

/// The parameters set with `--param` and `--params`, checked against their declarations.
fn parameters(
    args: &EvalArgs,
    program: &tenet::check::Program,
    reporting: Reporting,
) -> Result<Params, Exit> {
    parse_parameters(
        &args.selection.params,
        args.selection.params_file.as_ref(),
        program,
        reporting,
    )
}

/// Reads `--param NAME=VALUE` settings and a `--params` file, and checks each against its
/// declaration.
pub(super) fn parse_parameters(
    settings: &[String],
    file: Option<&PathBuf>,
    program: &tenet::check::Program,
    reporting: Reporting,
) -> Result<Params, Exit> {
    let mut params: Params = HashMap::new();
    if let Some(path) = file {
        params.extend(params_file(path, reporting)?);
    }
    for setting in settings {
        let Some((name, value)) = setting.split_once('=') else {
            output::error_line(
                reporting,
                &format!("`--param {setting}` must have the form `NAME=VALUE`"),
            );
            return Err(Exit::Usage);
        };
        let value = serde_json::from_str(value).unwrap_or_else(|_| Json::String(value.to_string()));
        params.insert(name.trim().to_string(), value);
    }

    for (name, value) in &params {
        let Some(ty) = program.param_type(name) else {
            let names: Vec<&str> = program.params().map(|p| p.name.node.as_str()).collect();
            let mut text = format!("unknown parameter `{name}`");
            match closest(name, names.iter().copied()) {
                Some(best) => text.push_str(&format!("; did you mean `{best}`?")),
                None if names.is_empty() => text.push_str("; the rules declare no parameters"),
                None => text.push_str(&format!("; the parameters are {}", quoted(&names))),
            }
            output::error_line(reporting, &text);
            return Err(Exit::Usage);
        };
        if !tenet::check::json_fits(ty, value) {
            output::error_line(
                reporting,
                &format!("parameter `{name}` is declared `{ty}`, but `{value}` is not one"),
            );
            return Err(Exit::Usage);
        }
    }
    Ok(params)
}

fn params_file(path: &PathBuf, reporting: Reporting) -> Result<Params, Exit> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        output::error_line(
            reporting,
            &super::files::ReadError::new(path, &error).to_string(),
        );
        Exit::Input
    })?;
    let json: Json = serde_json::from_str(&text).map_err(|error| {
        let place = format!("{}:{}:{}", path.display(), error.line(), error.column());
        output::error_line(
            reporting,
            &format!("{place}: the parameters are not valid JSON: {error}"),
        );
        Exit::Input
    })?;
    let Json::Object(map) = json else {
        output::error_line(
            reporting,
            &format!("`{}` must hold a JSON object of parameters", path.display()),
        );
        return Err(Exit::Input);
    };
    // Azure's assignment shape wraps each value: `{"name": {"value": ...}}`.
    let wrapped = !map.is_empty()
        && map.values().all(|v| {
            v.as_object()
                .is_some_and(|o| o.len() == 1 && o.contains_key("value"))
        });
    Ok(map
        .into_iter()
        .map(|(name, value)| {
            let value = if wrapped {
                value.get("value").cloned().unwrap_or(Json::Null)
            } else {
                value
            };
            (name, value)
        })
        .collect())
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
