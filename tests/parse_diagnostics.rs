//! Snapshots of the diagnostics for every malformed input in `tests/cases/parse/`. Each
//! snapshot holds the source and the rendered diagnostics together, so that reviewing a diff
//! means reviewing what a rule author sees.

mod common;

use std::collections::BTreeSet;

use common::{case_paths, file_name, snapshot};

use tenet::diag::{Code, ColorMode, FileId, SourceMap, render_human};

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
    for path in case_paths("tests/cases/parse").unwrap() {
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
