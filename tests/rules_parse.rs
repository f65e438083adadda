//! Every file of the shipped rule pack parses without a single diagnostic.

#![expect(
    clippy::expect_used,
    reason = "a test stops on a broken fixture, with its reason"
)]

use std::path::{Path, PathBuf};

use tenet::diag::{ColorMode, SourceMap, render_human};

fn tenet_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("rules/ is readable") {
        let path = entry.expect("a readable entry").path();
        if path.is_dir() {
            tenet_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "tenet") {
            found.push(path);
        }
    }
}

#[test]
fn every_rule_file_parses_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files = Vec::new();
    tenet_files(&root, &mut files);
    assert!(!files.is_empty(), "rules/ holds no .tenet file");

    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a readable rule file");
        let file = sources.add(path.display().to_string(), text.clone());
        let parsed = tenet::syntax::parse(file, &text);
        assert!(
            !parsed.module.items.is_empty(),
            "{} holds no item",
            path.display()
        );
        diagnostics.extend(parsed.diagnostics);
    }
    let rendered = render_human(&diagnostics, &sources, ColorMode::Plain);
    assert!(
        diagnostics.is_empty(),
        "the rule pack has diagnostics:\n{rendered}"
    );
}
