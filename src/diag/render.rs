//! The single renderer: diagnostics become human text (with codespan-reporting) or JSON lines.
//! It returns strings; the command line decides where they go.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

use super::{Diagnostic, Label, Severity, SourceMap};

/// Whether rendered text carries terminal colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorMode {
    /// ANSI colour codes.
    Colored,
    /// Plain text.
    Plain,
}

/// Renders diagnostics as a person reads them: headline, code, source excerpt with carets.
pub fn render_human(diagnostics: &[Diagnostic], sources: &SourceMap, color: ColorMode) -> String {
    let mut buffer = match color {
        ColorMode::Colored => termcolor::Buffer::ansi(),
        ColorMode::Plain => termcolor::Buffer::no_color(),
    };
    let config = term::Config::default();

    for diagnostic in diagnostics {
        let rendered = to_codespan(diagnostic);
        if term::emit_to_write_style(&mut buffer, &config, sources, &rendered).is_err() {
            // A span that points outside its file is a bug; show the headline rather than nothing.
            let word = severity_word(diagnostic);
            let line = format!("{word}[{}]: {}\n", diagnostic.code, diagnostic.message);
            let _ = std::io::Write::write_all(&mut buffer, line.as_bytes());
        }
    }

    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// Renders diagnostics as JSON, one object per line, for editors and CI.
pub fn render_json(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();

    for diagnostic in diagnostics {
        let record = JsonDiagnostic::new(diagnostic, sources);
        if let Ok(line) = serde_json::to_string(&record) {
            out.push_str(&line);
            out.push('\n');
        }
    }

    out
}

fn to_codespan(diagnostic: &Diagnostic) -> cs::Diagnostic<super::FileId> {
    let primary = diagnostic.primary.span;
    let mut labels = vec![
        cs::Label::primary(primary.file, primary.range()).with_message(&diagnostic.primary.message),
    ];
    labels.extend(diagnostic.secondary.iter().map(|label| {
        cs::Label::secondary(label.span.file, label.span.range()).with_message(&label.message)
    }));

    let mut notes = diagnostic.notes.clone();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }

    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    cs::Diagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

fn severity_word(diagnostic: &Diagnostic) -> &'static str {
    match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The JSON shape of one diagnostic; field names are part of Tenet's stable interface.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    labels: Vec<JsonLabel<'a>>,
    notes: &'a [String],
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    primary: bool,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl<'a> JsonDiagnostic<'a> {
    fn new(diagnostic: &'a Diagnostic, sources: &'a SourceMap) -> JsonDiagnostic<'a> {
        let primary = JsonLabel::new(&diagnostic.primary, true, sources);
        let mut labels = vec![JsonLabel::new(&diagnostic.primary, true, sources)];
        labels.extend(
            diagnostic
                .secondary
                .iter()
                .map(|label| JsonLabel::new(label, false, sources)),
        );

        JsonDiagnostic {
            code: diagnostic.code.as_str(),
            severity: severity_word(diagnostic),
            message: &diagnostic.message,
            file: primary.file,
            line: primary.line,
            column: primary.column,
            end_line: primary.end_line,
            end_column: primary.end_column,
            labels,
            notes: &diagnostic.notes,
            help: diagnostic.help.as_deref(),
        }
    }
}

impl<'a> JsonLabel<'a> {
    fn new(label: &'a Label, primary: bool, sources: &'a SourceMap) -> JsonLabel<'a> {
        let start = sources.line_col(label.span.file, label.span.start);
        let end = sources.line_col(label.span.file, label.span.end);
        JsonLabel {
            primary,
            message: &label.message,
            file: sources.name(label.span.file),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}
