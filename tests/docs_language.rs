//! Every `tenet` example in `docs/language.md` and the README must parse without a diagnostic.

#![expect(
    clippy::expect_used,
    reason = "a test stops on a broken fixture, with its reason"
)]

use std::path::{Path, PathBuf};

use tenet::diag::{ColorMode, SourceMap, render_human};
use tenet::load::Loader;

/// The fenced blocks of a Markdown text whose info string is `tag`, with their first line.
fn fenced_blocks(markdown: &str, tag: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;

    for (index, line) in markdown.lines().enumerate() {
        let fence = line.trim_start();
        match current.take() {
            None if fence
                .strip_prefix("```")
                .is_some_and(|info| info.trim() == tag) =>
            {
                current = Some((index + 2, String::new()));
            }
            None => {}
            Some(block) if fence.starts_with("```") => blocks.push(block),
            Some((start, mut text)) => {
                text.push_str(line);
                text.push('\n');
                current = Some((start, text));
            }
        }
    }
    blocks
}

/// Parses every `tenet` block of a Markdown file and returns the rendered problems.
fn check_examples(relative: &str, at_least: usize) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let markdown = std::fs::read_to_string(&path).expect("the page is readable");
    let blocks = fenced_blocks(&markdown, "tenet");
    assert!(
        blocks.len() >= at_least,
        "{relative}: found only {} examples",
        blocks.len()
    );

    let mut failures = Vec::new();
    for (line, text) in &blocks {
        let mut sources = SourceMap::new();
        let file = sources.add(format!("{relative}:{line}"), text.clone());
        let parsed = tenet::syntax::parse(file, text);
        if !parsed.diagnostics.is_empty() {
            failures.push(render_human(
                &parsed.diagnostics,
                &sources,
                ColorMode::Plain,
            ));
        } else if parsed.module.items.is_empty() {
            failures.push(format!(
                "{relative}: the example at line {line} holds no item"
            ));
        }
    }
    failures
}

#[test]
fn every_language_example_parses() {
    let failures = check_examples("docs/language.md", 6);
    assert!(
        failures.is_empty(),
        "examples that do not parse:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_readme_example_parses() {
    let failures = check_examples("README.md", 1);
    assert!(
        failures.is_empty(),
        "examples that do not parse:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_two_rules_of_the_language_design_are_written_out() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md");
    let markdown = std::fs::read_to_string(&path).expect("docs/language.md is readable");
    let blocks = fenced_blocks(&markdown, "tenet");
    let has = |needle: &str| blocks.iter().any(|(_, text)| text.contains(needle));
    assert!(has("rule MS-LIVE-01"), "the live event rule is missing");
    assert!(has("rule MS-STORAGE-01"), "the storage rule is missing");
}

/// The examples of the language page, checked together as one program against the shipped
/// schemas: the two rules written out there must type-check, not only parse.
#[test]
fn the_language_examples_check_together_without_errors() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md");
    let markdown = std::fs::read_to_string(&path).expect("docs/language.md is readable");
    let blocks = fenced_blocks(&markdown, "tenet");
    let files: Vec<(PathBuf, String)> = blocks
        .iter()
        .map(|(line, text)| {
            (
                PathBuf::from(format!("language.md-line-{line}.tenet")),
                text.clone(),
            )
        })
        .collect();

    // A `use` in an example names a file that is not part of the page; it reads as empty.
    let reader = |wanted: &Path| -> std::io::Result<String> {
        let found = files.iter().find(|(path, _)| path == wanted);
        Ok(found.map(|(_, text)| text.clone()).unwrap_or_default())
    };
    let mut loader = Loader::new(reader);
    for (path, _) in &files {
        loader.load(path).expect("an in-memory example");
    }
    let mut loaded = loader.finish();
    let (prelude, _) = tenet::pack::schema_modules(&mut loaded.sources);
    let checked = tenet::check::check_with_prelude(loaded.modules, &prelude);

    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(checked.diagnostics);
    let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
    let rendered = render_human(&errors, &loaded.sources, ColorMode::Plain);
    assert!(errors.is_empty(), "the examples do not check:\n{rendered}");
}
