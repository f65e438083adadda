//! `tenet fmt`: lay rule files out in the canonical form, print it, show what would change, or
//! rewrite the files in place.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use tenet::diag::SourceMap;

use super::files::{self, ReadError};
use super::{Exit, Reporting, output};

/// Arguments of `tenet fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Rule files, or folders to search for `*.tenet` files (default: the current folder).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Print a unified diff of what would change, and exit 1 if any file would.
    #[arg(long, conflicts_with = "write")]
    check: bool,

    /// Rewrite the files whose layout is not canonical.
    #[arg(long)]
    write: bool,
}

/// What to do with the formatted text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Print,
    Check,
    Write,
}

/// What became of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Unchanged,
    Changed,
    ParseErrors,
    Unreadable,
}

/// Formats the files and returns the exit code: 4 if a file could not be read or written, else
/// 3 if one did not parse, else 1 if `--check` found a file to change, else 0.
pub fn run(args: &FmtArgs, reporting: Reporting) -> Exit {
    let found = match files::rule_files(&args.paths, "format", reporting) {
        Ok(found) => found,
        Err(exit) => return exit,
    };

    let mode = match (args.check, args.write) {
        (true, _) => Mode::Check,
        (_, true) => Mode::Write,
        _ => Mode::Print,
    };
    let several = found.len() > 1;
    let outcomes: Vec<Outcome> = found
        .iter()
        .map(|path| format_file(path, mode, several, reporting))
        .collect();

    summarize(&outcomes, mode, reporting)
}

/// Reads, formats and handles one file. A file that does not parse is left alone.
fn format_file(path: &Path, mode: Mode, several: bool, reporting: Reporting) -> Outcome {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            output::error_line(reporting, &ReadError::new(path, &error).to_string());
            return Outcome::Unreadable;
        }
    };
    let Some(formatted) = formatted(path, &text, reporting) else {
        return Outcome::ParseErrors;
    };

    let changed = formatted != text;
    match mode {
        Mode::Print => print_text(path, &formatted, several),
        Mode::Check if changed => print_text(path, &unified_diff(path, &text, &formatted), false),
        Mode::Write if changed => {
            if let Err(error) = write_atomically(path, &formatted) {
                let reason = ReadError::new(path, &error).reason;
                let message = format!("cannot write `{}`: {reason}", path.display());
                output::error_line(reporting, &message);
                return Outcome::Unreadable;
            }
        }
        Mode::Check | Mode::Write => {}
    }
    if changed {
        Outcome::Changed
    } else {
        Outcome::Unchanged
    }
}

/// The canonical text of a file, or `None` after printing its parse errors.
fn formatted(path: &Path, text: &str, reporting: Reporting) -> Option<String> {
    let mut sources = SourceMap::new();
    let file = sources.add(path.display().to_string(), text);
    let parsed = tenet::syntax::parse(file, text);
    if parsed.has_errors() {
        output::diagnostics(&parsed.diagnostics, &sources, reporting);
        return None;
    }
    Some(tenet::fmt::format(text, &parsed.module))
}

/// Writes to standard output; with several files, each starts with a comment naming it.
fn print_text(path: &Path, text: &str, several: bool) {
    let mut stdout = io::stdout().lock();
    if several {
        let _ = writeln!(stdout, "// ---- file: {} ----", path.display());
    }
    let _ = stdout.write_all(text.as_bytes());
}

/// What would change, as a unified diff with three lines of context.
fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string().replace('\\', "/");
    let diff = similar::TextDiff::from_lines(old, new);
    diff.unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// Replaces `path` with `text` so that no reader ever sees half a file: the text goes to a
/// temporary file in the same folder, reaches the disk, and is renamed over the original.
fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let temporary = temporary_path(path);
    let written = write_synced(&temporary, path, text).and_then(|()| fs::rename(&temporary, path));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// `.name.tenet.tmp-<pid>` beside `path`, so that the rename stays on one file system.
fn temporary_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let hidden = format!(".{name}.tmp-{}", std::process::id());
    path.with_file_name(hidden)
}

/// Writes the new file with the permissions of the original and waits until it is on disk.
fn write_synced(temporary: &Path, original: &Path, text: &str) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temporary)?;
    file.write_all(text.as_bytes())?;
    file.flush()?;
    file.set_permissions(fs::metadata(original)?.permissions())?;
    file.sync_all()
}

/// Prints a summary line and picks the exit code.
fn summarize(outcomes: &[Outcome], mode: Mode, reporting: Reporting) -> Exit {
    let changed = outcomes.iter().filter(|o| **o == Outcome::Changed).count();
    let total = outcomes.len();
    let noun = if total == 1 { "file" } else { "files" };
    match mode {
        Mode::Print => {}
        Mode::Check => output::line(
            reporting,
            &format!("checked the layout of {total} {noun}: {changed} would change"),
        ),
        Mode::Write => output::line(
            reporting,
            &format!("formatted {total} {noun}: {changed} rewritten"),
        ),
    }

    if outcomes.contains(&Outcome::Unreadable) {
        Exit::Input
    } else if outcomes.contains(&Outcome::ParseErrors) {
        Exit::RuleErrors
    } else if mode == Mode::Check && changed > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    }
}
