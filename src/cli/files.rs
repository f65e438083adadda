//! Finding and reading rule files. Problems here are I/O errors, reported as one line each.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A file or folder that could not be read.
#[derive(Debug)]
pub struct ReadError {
    /// The path as the user gave it or as it was found.
    pub path: PathBuf,
    /// What went wrong.
    pub reason: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read `{}`: {}", self.path.display(), self.reason)
    }
}

impl ReadError {
    /// Describes an I/O error on `path` in words.
    pub fn new(path: &Path, error: &io::Error) -> ReadError {
        let reason = match error.kind() {
            io::ErrorKind::NotFound => "no such file or directory".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            io::ErrorKind::InvalidData => "the file is not UTF-8 text".to_string(),
            _ => error.to_string(),
        };
        ReadError {
            path: path.to_path_buf(),
            reason,
        }
    }
}

/// The rule files a command works on: those under `paths`, or under the current folder when no
/// path is given. Prints the one-line error and returns the exit code when there are none.
pub fn rule_files(
    paths: &[PathBuf],
    verb: &str,
    reporting: super::Reporting,
) -> Result<Vec<PathBuf>, super::Exit> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let found = collect(&paths, "tenet").map_err(|error| {
        super::output::error_line(reporting, &error.to_string());
        super::Exit::Input
    })?;
    if found.is_empty() {
        let message = format!("no `*.tenet` files found to {verb}");
        super::output::error_line(reporting, &message);
        return Err(super::Exit::NothingEvaluated);
    }
    Ok(found)
}

/// Every file with extension `extension` under `paths`: files given by name are taken as they
/// are, folders are searched recursively. The result is sorted, so runs are reproducible.
pub fn collect(paths: &[PathBuf], extension: &str) -> Result<Vec<PathBuf>, ReadError> {
    let mut found = Vec::new();
    for path in paths {
        let metadata = fs::metadata(path).map_err(|error| ReadError::new(path, &error))?;
        if metadata.is_dir() {
            walk(path, extension, &mut found)?;
        } else {
            found.push(path.clone());
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn walk(folder: &Path, extension: &str, found: &mut Vec<PathBuf>) -> Result<(), ReadError> {
    let entries = fs::read_dir(folder).map_err(|error| ReadError::new(folder, &error))?;
    for entry in entries {
        let entry = entry.map_err(|error| ReadError::new(folder, &error))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|error| ReadError::new(&path, &error))?;
        if kind.is_dir() {
            walk(&path, extension, found)?;
        } else if path.extension().is_some_and(|ext| ext == extension) {
            found.push(path);
        }
    }
    Ok(())
}
