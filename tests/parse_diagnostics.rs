//! Snapshots of the diagnostics for every malformed input in `tests/cases/parse/`. Each
//! snapshot holds the source and the rendered diagnostics together, so that reviewing a diff
//! means reviewing what a rule author sees.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tenet::diag::{Code, ColorMode, FileId, SourceMap, render_human};

/// The line between the source and its diagnostics in a snapshot.
const DIVIDER: &str = "----- diagnostics -----";

#[test]
fn parse_cases() {
    insta::glob!("cases/parse/*.tenet", |path| {
        let name = file_name(path);
        let text = std::fs::read_to_string(path).unwrap();

        let mut sources = SourceMap::new();
        let file = sources.add(name.clone(), text.clone());
        let parsed = tenet::syntax::parse(file, &text);
        assert!(
            !parsed.diagnostics.is_empty(),
            "{name} is a malformed case but produced no diagnostic"
        );
        assert!(
            parsed.diagnostics.iter().all(|d| d.code != Code::Internal),
            "{name} triggers an internal error, which is a bug in the parser"
        );

        let rendered = render_human(&parsed.diagnostics, &sources, ColorMode::Plain);
        insta::assert_snapshot!(snapshot(&text, &rendered));
    });
}

#[test]
fn cases_cover_every_syntax_code_but_internal() {
    let mut seen = BTreeSet::new();
    for path in case_paths().unwrap() {
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = tenet::syntax::parse(FileId::DUMMY, &text);
        seen.extend(parsed.diagnostics.iter().map(|diagnostic| diagnostic.code));
    }

    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|code| code.is_syntax() && **code != Code::Internal && !seen.contains(*code))
        .map(|code| code.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "no case in tests/cases/parse/ triggers {missing:?}"
    );
}

/// The `*.tenet` files in `tests/cases/parse/`.
fn case_paths() -> std::io::Result<Vec<PathBuf>> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/parse");
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "tenet") {
            paths.push(path);
        }
    }
    Ok(paths)
}

/// The bare file name, so that snapshots do not depend on where the repository lives.
fn file_name(path: &Path) -> String {
    let name = path.file_name().unwrap_or_default();
    name.to_string_lossy().into_owned()
}

/// The source, the divider and the diagnostics. Trailing spaces are cut from each line because
/// editors strip them from snapshot files, which would fail the comparison for no visible reason.
fn snapshot(source: &str, rendered: &str) -> String {
    let mut out = String::new();
    for line in source.lines().chain([DIVIDER]).chain(rendered.lines()) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
