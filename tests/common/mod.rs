//! Helpers shared by the integration tests: running the binary, reading case folders, checking
//! in-memory files, and laying out snapshots.

#![allow(
    dead_code,
    reason = "each test crate uses its own part of these helpers"
)]

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tenet::diag::{Diagnostic, SourceMap};
use tenet::load::{CheckedFiles, ReadError};

/// The line between the source and its diagnostics in a snapshot.
pub const DIVIDER: &str = "----- diagnostics -----";

/// Runs the `tenet` binary from the repository root.
#[expect(
    clippy::expect_used,
    reason = "a test stops when the binary cannot run"
)]
pub fn tenet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenet"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("the tenet binary runs")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The `*.tenet` files of a folder below the repository root, sorted.
pub fn case_paths(folder: &str) -> io::Result<Vec<PathBuf>> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "tenet") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// The bare file name, so that snapshots do not depend on where the repository lives.
pub fn file_name(path: &Path) -> String {
    let name = path.file_name().unwrap_or_default();
    name.to_string_lossy().into_owned()
}

/// The source, the divider and the diagnostics. Trailing spaces are cut from each line because
/// editors strip them from snapshot files, which would fail the comparison for no visible reason.
pub fn snapshot(source: &str, rendered: &str) -> String {
    let mut out = String::new();
    for line in source.lines().chain([DIVIDER]).chain(rendered.lines()) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Loads `entry` from in-memory files, as `tenet check` loads it from disk, and checks it with
/// the shipped schemas. Every diagnostic comes back, ordered by file and position.
pub fn check_in_memory(
    files: &[(String, String)],
    entry: &str,
) -> Result<(SourceMap, Vec<Diagnostic>), ReadError> {
    let files: HashMap<PathBuf, String> = files
        .iter()
        .map(|(name, text)| (PathBuf::from(name), text.clone()))
        .collect();
    let read = |path: &Path| {
        let found = files.get(&tenet::load::normalize(path)).cloned();
        found.ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    };
    let CheckedFiles {
        sources,
        diagnostics,
        ..
    } = tenet::load::check_files(read, &[PathBuf::from(entry)])?;
    Ok((sources, diagnostics))
}
