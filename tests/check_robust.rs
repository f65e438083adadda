//! The parser and checker never panic, whatever they are fed: every case file of the test suite,
//! damaged copies of them, and a few hundred generated token sequences. Each run must end with
//! diagnostics that point inside their file, and with a program exactly when nothing is an error.

#![expect(
    clippy::expect_used,
    reason = "a test stops on a broken fixture, with its reason"
)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tenet::diag::{Diagnostic, SourceMap};
use tenet::syntax::Module;

/// A small deterministic generator, so that a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "rule",
    "for",
    "in",
    "let",
    "when",
    "require",
    "report",
    "param",
    "def",
    "use",
    "resource",
    "not",
    "and",
    "or",
    "implies",
    "all",
    "any",
    "count",
    "contains",
    "like",
    "matches",
    "true",
    "false",
    "null",
    "title",
    "severity",
    "high",
    "effect",
    "audit",
    "message",
    "tags",
    "docs",
    "x",
    "storage",
    "account",
    "properties",
    "networkAcls",
    "bypass",
    "ipRules",
    "value",
    "len",
    "split",
    "exists",
    "parent",
    "resources",
    "lower",
    "within",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ":",
    ",",
    ".",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "¬",
    "∧",
    "∨",
    "⇒",
    "∀",
    "∃",
    "|",
    "?",
    "..",
    "\"Microsoft.Storage/storageAccounts\"",
    "\"Deny\"",
    "\"AzureServices\"",
    "\"{x}\"",
    "0",
    "-1.5",
    "1e400",
    "///",
    "//",
    "\n",
    "list",
    "<string>",
    "string",
    "bool",
    "any",
    "\"",
];

/// The shipped schemas, parsed once; they take the first file ids of every source map.
fn prelude() -> &'static [Module] {
    static PRELUDE: OnceLock<Vec<Module>> = OnceLock::new();
    PRELUDE.get_or_init(|| tenet::pack::schema_modules(&mut SourceMap::new()).0)
}

/// Parses and checks one text, asserting the invariants; returns how many diagnostics came out.
fn run(text: &str) -> usize {
    let mut sources = SourceMap::new();
    for embedded in tenet::pack::schemas() {
        sources.add(tenet::pack::display_name(embedded), embedded.text);
    }
    let file = sources.add("input.tenet", text);
    let parsed = tenet::syntax::parse(file, text);
    let checked = tenet::check::check_with_prelude(vec![parsed.module], prelude());

    let mut diagnostics: Vec<Diagnostic> = parsed.diagnostics;
    let has_check_errors = checked.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(
        checked.program.is_some(),
        !has_check_errors,
        "program iff no error: {text:?}"
    );
    diagnostics.extend(checked.diagnostics);

    for diagnostic in &diagnostics {
        let span = diagnostic.primary.span;
        let length = sources.text(span.file).len() as u32;
        assert!(
            span.start <= span.end && span.end <= length,
            "span {span:?} in {text:?}"
        );
        assert!(!diagnostic.message.is_empty());
    }
    diagnostics.len()
}

fn case_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut found = Vec::new();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a readable case folder") {
            let path = entry.expect("a readable entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "tenet") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_case_file_runs_to_completion() {
    let files = case_files();
    assert!(
        files.len() >= 40,
        "expected the case files, found {}",
        files.len()
    );
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a readable case");
        run(&text);
    }
}

#[test]
fn damaged_case_files_run_to_completion() {
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    for path in case_files() {
        let text = std::fs::read_to_string(&path).expect("a readable case");
        let chars: Vec<char> = text.chars().collect();
        for _ in 0..8 {
            let mut damaged = chars.clone();
            for _ in 0..=rng.below(4) {
                let at = rng.below(damaged.len() + 1);
                match rng.below(3) {
                    0 if at < damaged.len() => {
                        damaged.remove(at);
                    }
                    1 => {
                        let token = TOKENS[rng.below(TOKENS.len())];
                        for (offset, ch) in format!(" {token} ").chars().enumerate() {
                            damaged.insert(at + offset, ch);
                        }
                    }
                    _ => damaged.truncate(at),
                }
            }
            run(&damaged.into_iter().collect::<String>());
        }
    }
}

#[test]
fn generated_token_sequences_always_get_diagnostics() {
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    for _ in 0..400 {
        let length = 1 + rng.below(40);
        let tokens: Vec<&str> = (0..length)
            .map(|_| TOKENS[rng.below(TOKENS.len())])
            .collect();
        let body = tokens.join(" ");

        // A rule without a title always earns at least a warning, so every input here must
        // produce some diagnostic, whether or not the generated condition makes sense.
        let text = format!(
            "rule generated {{\n  for storage in resources(\"Microsoft.Storage/storageAccounts\")\n  \
             require {body}\n}}\n"
        );
        assert!(run(&text) > 0, "no diagnostic for {text:?}");
        assert!(
            run(&body) > 0 || body.trim().is_empty() || body.starts_with("//"),
            "{body:?}"
        );
    }
}
