//! Loading: the rule files asked for and every file they `use`, parsed, through a reader that
//! the caller provides. The command line reads from disk; tests read from memory.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Code, Diagnostic, SourceMap, Span};
use crate::syntax::{self, ItemKind, Module};

/// Everything loaded: the sources for rendering, the parsed modules and their diagnostics.
#[derive(Default)]
pub struct Loaded {
    /// Every file read, under the name diagnostics show.
    pub sources: SourceMap,
    /// The parsed files, in load order.
    pub modules: Vec<Module>,
    /// Parse errors and `use`s that could not be followed.
    pub diagnostics: Vec<Diagnostic>,
}

/// A file asked for by name that could not be read.
#[derive(Debug)]
pub struct ReadError {
    /// The path as given.
    pub path: PathBuf,
    /// What the reader said.
    pub error: io::Error,
}

/// Reads rule files and follows their `use`s, each file once.
pub struct Loader<R> {
    read: R,
    loaded: HashSet<PathBuf>,
    result: Loaded,
}

impl<R: FnMut(&Path) -> io::Result<String>> Loader<R> {
    /// A loader that reads files with `read`.
    pub fn new(read: R) -> Loader<R> {
        Loader {
            read,
            loaded: HashSet::new(),
            result: Loaded::default(),
        }
    }

    /// Loads a file named by the user, and then every file it uses.
    pub fn load(&mut self, path: &Path) -> Result<(), ReadError> {
        if !self.loaded.insert(normalize(path)) {
            return Ok(());
        }
        let text = (self.read)(path).map_err(|error| ReadError {
            path: path.to_path_buf(),
            error,
        })?;
        let mut pending = vec![self.add(path, text)];

        while let Some(index) = pending.pop() {
            for (target, span) in self.uses(index) {
                if !self.loaded.insert(normalize(&target)) {
                    continue;
                }
                match (self.read)(&target) {
                    Ok(text) => pending.push(self.add(&target, text)),
                    Err(error) => self
                        .result
                        .diagnostics
                        .push(missing_module(&target, span, &error)),
                }
            }
        }
        Ok(())
    }

    /// Everything loaded so far.
    pub fn finish(self) -> Loaded {
        self.result
    }

    fn add(&mut self, path: &Path, text: String) -> usize {
        let file = self.result.sources.add(path.display().to_string(), text);
        let parsed = syntax::parse(file, self.result.sources.text(file));
        self.result.diagnostics.extend(parsed.diagnostics);
        self.result.modules.push(parsed.module);
        self.result.modules.len() - 1
    }

    /// The files that module `index` uses, resolved against its own folder.
    fn uses(&self, index: usize) -> Vec<(PathBuf, Span)> {
        let Some(module) = self.result.modules.get(index) else {
            return Vec::new();
        };
        let from = PathBuf::from(self.result.sources.name(module.file));
        let folder = from.parent().map(Path::to_path_buf).unwrap_or_default();

        module
            .items
            .iter()
            .filter_map(|item| match &item.kind {
                ItemKind::Use(use_decl) => Some(use_decl),
                _ => None,
            })
            .map(|use_decl| (resolve(&folder, &use_decl.path.node), use_decl.path.span))
            .collect()
    }
}

/// The file a `use` names: relative to the using file's folder, `.tenet` added when the path
/// has no extension.
fn resolve(folder: &Path, written: &str) -> PathBuf {
    let mut path = folder.join(written);
    if path.extension().is_none() {
        path.set_extension("tenet");
    }
    path
}

/// Rule files loaded and checked together with the embedded schemas.
pub struct CheckedFiles {
    /// Every rule file read, the embedded schemas included.
    pub sources: SourceMap,
    /// The checked program, when there is no error.
    pub program: Option<crate::check::Program>,
    /// Parse, load and check diagnostics, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The front end in one call: loads `paths` through `read` (following `use`s), then checks
/// the modules with the embedded schemas as prelude.
pub fn check_files(
    read: impl FnMut(&Path) -> io::Result<String>,
    paths: &[PathBuf],
) -> Result<CheckedFiles, ReadError> {
    let mut loader = Loader::new(read);
    for path in paths {
        loader.load(path)?;
    }
    let mut loaded = loader.finish();

    let (prelude, prelude_diagnostics) = crate::pack::schema_modules(&mut loaded.sources);
    let checked = crate::check::check_with_prelude(loaded.modules, &prelude);

    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(prelude_diagnostics);
    diagnostics.extend(checked.diagnostics);
    diagnostics.sort_by_key(|d| (d.primary.span.file, d.primary.span.start));
    Ok(CheckedFiles {
        sources: loaded.sources,
        program: checked.program,
        diagnostics,
    })
}

/// Removes `.` and folds `..` without touching the disk, so one file is loaded once however
/// it is reached.
pub fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if normal.file_name().is_some() => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

fn missing_module(target: &Path, span: Span, error: &io::Error) -> Diagnostic {
    let reason = match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        _ => error.to_string(),
    };
    Diagnostic::new(
        Code::ModuleNotFound,
        format!("cannot load `{}`: {reason}", target.display()),
        span,
    )
    .with_label("used here")
    .with_note(format!(
        "the path is relative to this file's folder; tried `{}`",
        target.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn memory(files: &[(&str, &str)]) -> impl FnMut(&Path) -> io::Result<String> + use<> {
        let files: HashMap<PathBuf, String> = files
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.to_string()))
            .collect();
        move |path: &Path| {
            files
                .get(&normalize(path))
                .cloned()
                .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
        }
    }

    #[test]
    fn uses_are_followed_once_relative_to_the_using_file() {
        let mut loader = Loader::new(memory(&[
            (
                "rules/a.tenet",
                "use \"lib/roles\"\nuse \"./lib/roles.tenet\"\n",
            ),
            ("rules/lib/roles.tenet", "use \"../a.tenet\"\ndef r() = 1\n"),
        ]));
        loader
            .load(Path::new("rules/a.tenet"))
            .expect("a.tenet is readable");
        let loaded = loader.finish();
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.modules.len(), 2);
    }

    #[test]
    fn a_missing_use_is_a_diagnostic_naming_the_path_tried() {
        let mut loader = Loader::new(memory(&[("rules/a.tenet", "use \"gone\"\n")]));
        loader
            .load(Path::new("rules/a.tenet"))
            .expect("a.tenet is readable");
        let loaded = loader.finish();
        let [diagnostic] = loaded.diagnostics.as_slice() else {
            panic!("one diagnostic")
        };
        assert_eq!(diagnostic.code, Code::ModuleNotFound);
        assert!(
            diagnostic.notes[0].contains("rules/gone.tenet"),
            "{:?}",
            diagnostic.notes
        );
    }

    #[test]
    fn a_missing_file_asked_for_is_a_read_error() {
        let mut loader = Loader::new(memory(&[]));
        let error = loader
            .load(Path::new("nope.tenet"))
            .expect_err("nothing to read");
        assert_eq!(error.error.kind(), io::ErrorKind::NotFound);
    }
}
