//! Writing diagnostics and messages to standard error, in the format and colour asked for.

use std::io::{IsTerminal, Write};

use tenet::diag::{ColorMode, Diagnostic, SourceMap, render_human, render_json};

use super::{ColorChoice, ErrorFormat, Reporting};

/// The stream that coloured text goes to, for `--color auto`.
#[derive(Clone, Copy, Debug)]
pub enum Stream {
    /// Standard output: reports and REPL results.
    Stdout,
    /// Standard error: diagnostics.
    Stderr,
}

/// Decides whether text for `stream` gets colours: `--color auto` colours a terminal, unless
/// `NO_COLOR` is set to something.
pub fn color_mode(choice: ColorChoice, stream: Stream) -> ColorMode {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let terminal = match stream {
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
    };
    let colored = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !no_color && terminal,
    };
    if colored {
        ColorMode::Colored
    } else {
        ColorMode::Plain
    }
}

/// Prints diagnostics to standard error.
pub fn diagnostics(diagnostics: &[Diagnostic], sources: &SourceMap, reporting: Reporting) {
    let text = match reporting.format {
        ErrorFormat::Human => render_human(
            diagnostics,
            sources,
            color_mode(reporting.color, Stream::Stderr),
        ),
        ErrorFormat::Json => render_json(diagnostics, sources),
    };
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Prints one line of status or error text to standard error, unless JSON was asked for.
pub fn line(reporting: Reporting, text: &str) {
    if reporting.format == ErrorFormat::Human {
        let _ = writeln!(std::io::stderr(), "{text}");
    }
}

/// Prints an error line to standard error in any format: in JSON mode as a JSON object.
pub fn error_line(reporting: Reporting, text: &str) {
    let text = match reporting.format {
        ErrorFormat::Human => format!("error: {text}"),
        ErrorFormat::Json => {
            serde_json::json!({ "severity": "error", "message": text }).to_string()
        }
    };
    let _ = writeln!(std::io::stderr(), "{text}");
}
