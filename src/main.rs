//! The `tenet` command: the edge where files are read, diagnostics rendered and exit codes set.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
