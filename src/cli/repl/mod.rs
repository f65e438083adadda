//! `tenet repl`: an interactive explorer of rules and exported resources. On a terminal it
//! edits lines with rustyline (history, multi-line input, Tab completion); otherwise it reads
//! standard input line by line, so that a session can be scripted.

mod commands;
mod complete;
mod session;

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Editor};

use super::{Exit, Reporting};
use commands::Flow;
use complete::{ReplHelper, is_incomplete};
use session::Session;

/// Arguments of `tenet repl`.
#[derive(Debug, Args)]
pub struct ReplArgs {
    /// Exported resources to explore: JSON or NDJSON files.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Rule files or folders to load as well as the embedded pack (repeatable).
    #[arg(long = "rules", short = 'r', value_name = "PATH")]
    rules: Vec<PathBuf>,

    /// Do not load the embedded pack.
    #[arg(long)]
    no_pack: bool,
}

/// Runs `tenet repl` and returns its exit code.
pub fn run(args: &ReplArgs, reporting: Reporting) -> Exit {
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let color = super::output::color_mode(reporting.color, super::output::Stream::Stdout);
    let session = Session::start(
        args.rules.clone(),
        !args.no_pack,
        args.inputs.clone(),
        reporting,
        color,
    );
    let mut session = match session {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    print(&format!("{}\n", session.banner()));
    if terminal {
        interactive(&mut session)
    } else {
        scripted(&mut session)
    }
}

fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Handles one complete entry: a `:` command, or a line for the session.
fn handle(session: &mut Session, entry: &str) -> Flow {
    let trimmed = entry.trim();
    if trimmed.is_empty() || trimmed.starts_with("//") {
        return Flow::Continue;
    }
    let (out, flow) = if trimmed.starts_with(':') {
        commands::command(session, trimmed)
    } else {
        (session.input(trimmed), Flow::Continue)
    };
    print(&out);
    flow
}

/// Reads standard input line by line, with no prompt, joining lines while an entry is open.
fn scripted(session: &mut Session) -> Exit {
    let mut entry = String::new();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else {
            break;
        };
        // A command ends an entry left open, which then shows its diagnostic.
        if line.starts_with(':') && !entry.is_empty() {
            handle(session, &entry);
            entry.clear();
        }
        if !entry.is_empty() {
            entry.push('\n');
        }
        entry.push_str(&line);
        if is_incomplete(&entry) {
            continue;
        }
        let flow = handle(session, &entry);
        entry.clear();
        if flow == Flow::Quit {
            return Exit::Clean;
        }
    }
    // An entry still open at the end is handled as it is, so its diagnostic is shown.
    handle(session, &entry);
    Exit::Clean
}

/// Edits lines on a terminal, with history, completion and multi-line entries.
fn interactive(session: &mut Session) -> Exit {
    let config = Config::builder().auto_add_history(false).build();
    let mut editor: Editor<ReplHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(editor) => editor,
        Err(_) => return scripted(session),
    };
    let mut helper = ReplHelper::default();
    helper.update(session);
    editor.set_helper(Some(helper));
    let history = history_path();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }

    loop {
        match editor.readline("tenet> ") {
            Ok(entry) => {
                if !entry.trim().is_empty() {
                    let _ = editor.add_history_entry(entry.as_str());
                }
                if handle(session, &entry) == Flow::Quit {
                    break;
                }
                if let Some(helper) = editor.helper_mut() {
                    helper.update(session);
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(error) => {
                print(&format!("error: cannot read the line: {error}\n"));
                break;
            }
        }
    }
    if let Some(path) = &history {
        save_history(&mut editor, path);
    }
    Exit::Clean
}

/// `$XDG_DATA_HOME/tenet/history`, or `~/.local/share/tenet/history`.
fn history_path() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            let home = std::env::var_os("HOME").filter(|value| !value.is_empty())?;
            Some(PathBuf::from(home).join(".local").join("share"))
        })?;
    Some(data.join("tenet").join("history"))
}

/// Saves the history; a failure is a warning, since the session itself went well.
fn save_history(editor: &mut Editor<ReplHelper, DefaultHistory>, path: &std::path::Path) {
    let created = path.parent().map_or(Ok(()), std::fs::create_dir_all);
    let saved = created
        .map_err(|error| error.to_string())
        .and_then(|()| editor.save_history(path).map_err(|error| error.to_string()));
    if let Err(error) = saved {
        let _ = writeln!(
            std::io::stderr(),
            "warning: cannot save the history to `{}`: {error}",
            path.display()
        );
    }
}
