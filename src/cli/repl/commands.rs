//! The `:` commands of a session: loading, listing, running and explaining rules, and
//! parameters.

use std::path::PathBuf;

use serde_json::Value as Json;
use tenet::diag::closest;
use tenet::eval::Evaluation;
use tenet::report::{Report, ResourceInfo, SourceLocation};
use tenet::syntax::line::{Line, parse_line};

use super::session::Session;

/// What the loop does after a command.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    /// Read the next line.
    Continue,
    /// End the session.
    Quit,
}

/// The text of `:help`.
const HELP: &str = "\
Type an expression to see its value and type, `let name = expr` to bind a name, or a `rule`,
`def` or `param` to add it. Commands:
  :help                      this text
  :load rules PATH           load rule files or a folder of them
  :load data PATH            load an export of resources
  :resources [TYPE]          the ids of the loaded resources, optionally of one type
  :rules                     the loaded rules
  :type EXPR                 the type of an expression, without evaluating it
  :run [RULE]                the findings of every rule, or of one, for the loaded data
  :explain RULE RESOURCE     the evaluation of one rule for one resource, as a tree
  :params                    the parameters and their values
  :set param NAME VALUE      set a parameter; the value is JSON, or else a string
  :reset                     drop the bindings and the typed-in items
  :quit                      end the session (Ctrl-D does too)
";

/// Runs a line that starts with `:`, returning its output and what to do next.
pub fn command(session: &mut Session, line: &str) -> (String, Flow) {
    let line = line.trim().trim_start_matches(':');
    let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let out = match name {
        "help" | "h" | "?" => HELP.to_string(),
        "quit" | "q" | "exit" => return (String::new(), Flow::Quit),
        "load" => load(session, rest),
        "resources" => resources(session, rest),
        "rules" => rules(session),
        "type" | "t" => type_of(session, rest),
        "run" => run(session, rest),
        "explain" => explain(session, rest),
        "params" => params(session),
        "set" => set(session, rest),
        "reset" => session.reset(),
        other => unknown(other),
    };
    (out, Flow::Continue)
}

fn unknown(name: &str) -> String {
    const NAMES: [&str; 11] = [
        "help",
        "load",
        "resources",
        "rules",
        "type",
        "run",
        "explain",
        "params",
        "set",
        "reset",
        "quit",
    ];
    match closest(name, NAMES.iter().copied()) {
        Some(best) => format!("error: unknown command `:{name}`; did you mean `:{best}`?\n"),
        None => format!("error: unknown command `:{name}`; `:help` lists the commands\n"),
    }
}

fn load(session: &mut Session, rest: &str) -> String {
    let (what, path) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let path = PathBuf::from(path.trim());
    match what {
        _ if path.as_os_str().is_empty() => usage("load rules PATH` or `:load data PATH"),
        "rules" => session.load_rules(path),
        "data" => session.load_data(path),
        _ => usage("load rules PATH` or `:load data PATH"),
    }
}

fn usage(form: &str) -> String {
    format!("error: usage: `:{form}`\n")
}

fn resources(session: &Session, type_name: &str) -> String {
    let mut out = String::new();
    for resource in &session.inputs.resources {
        if type_name.is_empty() || resource.type_name.eq_ignore_ascii_case(type_name) {
            out.push_str(&resource.id);
            out.push('\n');
        }
    }
    if out.is_empty() {
        out.push_str("no resources\n");
    }
    out
}

fn rules(session: &Session) -> String {
    let mut out = String::new();
    for rule in session.program.rules() {
        let title = rule
            .meta
            .title
            .as_ref()
            .map_or("", |title| title.node.as_str());
        out.push_str(format!("{}  {title}", rule.id.node).trim_end());
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("no rules\n");
    }
    out
}

fn type_of(session: &mut Session, text: &str) -> String {
    let file = session.add_source(text);
    let parsed = parse_line(file, session.sources.text(file));
    let mut out = session.render(&parsed.diagnostics);
    match parsed.line {
        Some(Line::Expr(expr)) => {
            let checked = session.check(&expr);
            out.push_str(&session.render(&checked.diagnostics));
            if !checked.has_errors() {
                out.push_str(&format!(": {}\n", checked.ty));
            }
        }
        Some(_) => out.push_str("error: `:type` takes an expression\n"),
        None => {}
    }
    out
}

fn run(session: &Session, rule: &str) -> String {
    if !rule.is_empty()
        && let Err(text) = rule_id(session, rule)
    {
        return text;
    }
    let set = session.resource_set();
    let evaluation = tenet::eval::evaluate(&session.program, &set, &session.params);
    let evaluation = if rule.is_empty() {
        evaluation
    } else {
        only_rule(evaluation, rule)
    };
    let resources: Vec<ResourceInfo> = session
        .inputs
        .resources
        .iter()
        .map(|r| info(session, r))
        .collect();
    let report = Report {
        evaluation: &evaluation,
        resources: &resources,
        sources: &session.sources,
        resources_read: session.inputs.total,
    };
    tenet::report::render_human(&report, session.color)
}

/// The evaluation of one rule, picked out of the evaluation of all.
fn only_rule(evaluation: Evaluation, id: &str) -> Evaluation {
    let index = evaluation
        .rules
        .iter()
        .position(|rule| rule.id.eq_ignore_ascii_case(id));
    let rules = evaluation
        .rules
        .into_iter()
        .filter(|rule| rule.id.eq_ignore_ascii_case(id))
        .take(1)
        .collect();
    let findings = evaluation
        .findings
        .into_iter()
        .filter(|finding| Some(finding.rule) == index)
        .map(|mut finding| {
            finding.rule = 0;
            finding
        })
        .collect();
    let tuples = evaluation
        .tuples
        .into_iter()
        .filter(|tuple| Some(tuple.rule) == index)
        .map(|mut tuple| {
            tuple.rule = 0;
            tuple
        })
        .collect();
    Evaluation {
        rules,
        findings,
        tuples,
    }
}

fn info(session: &Session, resource: &tenet::input::Resource) -> ResourceInfo {
    let location = &resource.location;
    let file = session.inputs.files.get(location.file).cloned();
    ResourceInfo {
        id: resource.id.clone(),
        type_name: resource.type_name.clone(),
        name: resource.name.clone(),
        location: SourceLocation {
            file: file.unwrap_or_default(),
            line: location.line,
            column: location.column,
            pointer: location.pointer.clone(),
        },
        unresolved: resource.unresolved.clone(),
    }
}

/// The rule id as written in the program, or an error with a suggestion.
fn rule_id(session: &Session, wanted: &str) -> Result<String, String> {
    let ids: Vec<&str> = session
        .program
        .rules()
        .map(|rule| rule.id.node.as_str())
        .collect();
    if let Some(id) = ids.iter().find(|id| id.eq_ignore_ascii_case(wanted)) {
        return Ok((*id).to_string());
    }
    let mut text = format!("error: no rule has the id `{wanted}`");
    if let Some(best) = closest(wanted, ids.iter().copied()) {
        text.push_str(&format!("; did you mean `{best}`?"));
    }
    Err(text + "\n")
}

fn explain(session: &Session, rest: &str) -> String {
    let Some((rule, resource)) = rest.split_once(char::is_whitespace) else {
        return usage("explain RULE RESOURCE");
    };
    let rule = match rule_id(session, rule) {
        Ok(rule) => rule,
        Err(text) => return text,
    };
    let resource = resource.trim();
    let set = session.resource_set();
    let Some(index) = set.by_id(resource) else {
        let ids = session.inputs.resources.iter().map(|r| r.id.as_str());
        let mut text = format!("error: no resource of the inputs has the id `{resource}`");
        if let Some(best) = closest(resource, ids) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        return text + "\n";
    };
    let explanation = tenet::eval::explain(&session.program, &set, &session.params, &rule, index);
    let Some(mut explanation) = explanation else {
        return format!("error: rule `{rule}` cannot be explained\n");
    };
    tenet::report::fill_text(&mut explanation, &session.sources);
    tenet::report::render_explanation(&explanation)
}

fn params(session: &Session) -> String {
    let mut out = String::new();
    for param in session.program.params() {
        let name = &param.name.node;
        let ty = session
            .program
            .param_type(name)
            .map_or_else(String::new, ToString::to_string);
        let value = match session.params.get(name) {
            Some(value) => value.to_string(),
            None => param_default(session, param),
        };
        out.push_str(&format!("{name}: {ty} = {value}\n"));
    }
    if out.is_empty() {
        out.push_str("no parameters\n");
    }
    out
}

/// The default of a parameter as the interpreter computes it, shown as JSON.
fn param_default(session: &Session, param: &tenet::syntax::Param) -> String {
    let Some(default) = &param.default else {
        return "null (no default)".to_string();
    };
    match session.value(default) {
        Ok((value, _)) => format!("{value} (default)"),
        Err(_) => "(default)".to_string(),
    }
}

fn set(session: &mut Session, rest: &str) -> String {
    let mut words = rest.splitn(3, char::is_whitespace);
    let (Some("param"), Some(name), Some(value)) = (words.next(), words.next(), words.next())
    else {
        return usage("set param NAME VALUE");
    };
    let value = value.trim();
    let value = serde_json::from_str(value).unwrap_or_else(|_| Json::String(value.to_string()));
    let Some(ty) = session.program.param_type(name) else {
        let names = session.program.params().map(|p| p.name.node.as_str());
        let mut text = format!("error: unknown parameter `{name}`");
        if let Some(best) = closest(name, names) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        return text + "\n";
    };
    if !tenet::check::json_fits(ty, &value) {
        return format!("error: parameter `{name}` is declared `{ty}`, but `{value}` is not one\n");
    }
    let out = format!("{name} = {value}\n");
    session.params.insert(name.to_string(), value);
    out
}
