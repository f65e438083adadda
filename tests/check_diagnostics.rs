//! Snapshots of the checker's diagnostics for every input in `tests/cases/check/`, and proof
//! that every input in `tests/cases/check-clean/` passes without a single one. Each case is
//! loaded, as `tenet check` loads a file, with the shipped schemas as the prelude.
//!
//! A case may hold several files: a line `// ---- file: NAME.tenet ----` starts another one.
//! The text before the first such line is the file named after the case, which is the one
//! loaded; the others are there for its `use`s to find.
//!
//! A case whose first line is a `// Limitation:` note records wrong current behaviour, such as
//! a diagnostic that should fire and does not; only such a case may come out empty.

mod common;

use std::collections::BTreeSet;

use common::{case_paths, file_name, snapshot};
use tenet::diag::{Code, ColorMode, Diagnostic, SourceMap, render_human};
use tenet::load::ReadError;

/// What starts and ends the line that opens another file of a case.
const FILE_MARKER: (&str, &str) = ("// ---- file: ", " ----");

#[test]
fn check_cases() {
    insta::glob!("cases/check/*.tenet", |path| {
        let name = file_name(path);
        let text = std::fs::read_to_string(path).unwrap();
        let (sources, diagnostics) = check_case(&name, &text).unwrap();

        assert!(
            !diagnostics.is_empty() || is_limitation(&text),
            "{name} is a case the checker should flag, but it produced no diagnostic; a case \
             that shows a diagnostic missing starts with a `// Limitation:` line saying so"
        );
        assert!(
            diagnostics.iter().all(|d| d.code != Code::Internal),
            "{name} triggers an internal error, which is a bug in the parser"
        );

        let rendered = render_human(&diagnostics, &sources, ColorMode::Plain);
        insta::assert_snapshot!(snapshot(&text, &rendered));
    });
}

#[test]
fn clean_cases_have_no_diagnostic() {
    let paths = case_paths("tests/cases/check-clean").unwrap();
    assert!(!paths.is_empty(), "tests/cases/check-clean/ holds no case");

    let mut failures = Vec::new();
    for path in paths {
        let name = file_name(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let (sources, diagnostics) = check_case(&name, &text).unwrap();
        if !diagnostics.is_empty() {
            let rendered = render_human(&diagnostics, &sources, ColorMode::Plain);
            failures.push(format!("{name} should be clean, but reported:\n{rendered}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cases_cover_every_checker_code() {
    let mut seen = BTreeSet::new();
    for path in case_paths("tests/cases/check").unwrap() {
        let text = std::fs::read_to_string(&path).unwrap();
        let (_, diagnostics) = check_case(&file_name(&path), &text).unwrap();
        seen.extend(diagnostics.iter().map(|diagnostic| diagnostic.code));
    }

    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|code| !code.is_syntax() && !seen.contains(*code))
        .map(|code| code.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "no case in tests/cases/check/ triggers {missing:?}"
    );
}

#[test]
fn a_case_splits_into_its_files() {
    let text = "use \"lib\"\n// ---- file: lib.tenet ----\ndef f() = 1\n";
    let files = split_files("main.tenet", text);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["main.tenet", "lib.tenet"]);
    assert_eq!(files[0].1, "use \"lib\"\n");
    assert_eq!(files[1].1, "def f() = 1\n");
}

/// Loads the first file of a case, follows its `use`s among the case's files, and checks the
/// result with the shipped schemas, as `tenet check` would.
fn check_case(name: &str, text: &str) -> Result<(SourceMap, Vec<Diagnostic>), ReadError> {
    common::check_in_memory(&split_files(name, text), name)
}

/// Whether a case records wrong current behaviour: its first line is a `// Limitation:` note.
fn is_limitation(text: &str) -> bool {
    text.starts_with("// Limitation:")
}

/// The files of a case, by name: the case's own file first, then one per marker line.
fn split_files(name: &str, text: &str) -> Vec<(String, String)> {
    let mut files = vec![(name.to_string(), String::new())];
    for line in text.split_inclusive('\n') {
        let marker = line
            .trim_end()
            .strip_prefix(FILE_MARKER.0)
            .and_then(|rest| rest.strip_suffix(FILE_MARKER.1));
        match (marker, files.last_mut()) {
            (Some(next), _) => files.push((next.to_string(), String::new())),
            (None, Some((_, body))) => body.push_str(line),
            (None, None) => {}
        }
    }
    files
}
