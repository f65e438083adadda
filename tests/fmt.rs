//! The formatter on every rule file we have and on generated programs: formatting twice gives
//! what formatting once gives, the result parses to the same AST, spans aside, and every
//! comment comes out again.

#![expect(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test stops on a broken fixture, with its reason"
)]

use std::path::{Path, PathBuf};

use regex::Regex;
use tenet::diag::{ColorMode, FileId, SourceMap, render_human};
use tenet::syntax::Module;

/// The module without its spans, so that two parses of differently laid out text compare
/// equal when they hold the same tree. It reads the `Debug` text of the AST, which names every
/// field, and blanks each `Span { .. }` in it.
fn without_spans(module: &Module) -> String {
    let span = Regex::new(r"Span \{ file: FileId\(\d+\), start: \d+, end: \d+ \}").expect("regex");
    span.replace_all(&format!("{module:?}"), "_").into_owned()
}

/// The `//` comments of a text, outside strings, sorted: what must survive formatting. A
/// `{` in a string opens a message hole, which may hold strings of its own.
fn comments(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        // One entry per open string; a hole inside a string is code again.
        let mut strings: Vec<bool> = Vec::new();
        let mut chars = line.char_indices().peekable();
        while let Some((index, ch)) = chars.next() {
            let in_string = strings.last() == Some(&true);
            match ch {
                '\\' if in_string => {
                    chars.next();
                }
                '{' if in_string && chars.peek().map(|(_, c)| *c) == Some('{') => {
                    chars.next();
                }
                '{' if in_string => strings.push(false),
                '}' if strings.last() == Some(&false) => {
                    strings.pop();
                }
                '"' if in_string => {
                    strings.pop();
                }
                '"' => strings.push(true),
                '/' if !in_string && line[index..].starts_with("//") => {
                    found.push(line[index..].trim_end().to_string());
                    break;
                }
                _ => {}
            }
        }
    }
    found.retain(|comment| !comment.starts_with("///") || comment.starts_with("////"));
    found.sort();
    found
}

/// Formats `text` twice and checks the three promises. Returns `None` when `text` itself does
/// not parse, and a description of the first broken promise otherwise.
fn check_formatting(name: &str, text: &str) -> Option<Result<(), String>> {
    let parsed = tenet::syntax::parse(FileId::DUMMY, text);
    if parsed.has_errors() {
        return None;
    }
    let once = tenet::fmt::format(text, &parsed.module);

    let reparsed = tenet::syntax::parse(FileId::DUMMY, &once);
    if reparsed.has_errors() {
        let mut sources = SourceMap::new();
        let file = sources.add(name, once.clone());
        let again = tenet::syntax::parse(file, &once);
        let rendered = render_human(&again.diagnostics, &sources, ColorMode::Plain);
        return Some(Err(format!(
            "{name}: the formatted text does not parse:\n{once}\n{rendered}"
        )));
    }
    if without_spans(&reparsed.module) != without_spans(&parsed.module) {
        return Some(Err(format!(
            "{name}: the formatted text has another AST:\n{text}\n--- formatted ---\n{once}"
        )));
    }
    let twice = tenet::fmt::format(&once, &reparsed.module);
    if twice != once {
        return Some(Err(format!(
            "{name}: formatting again changes the text:\n{once}\n--- again ---\n{twice}"
        )));
    }
    if comments(&once) != comments(text) {
        return Some(Err(format!(
            "{name}: comments were lost or changed:\n{text}\n--- formatted ---\n{once}"
        )));
    }
    Some(Ok(()))
}

fn tenet_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("a readable folder") {
        let path = entry.expect("a readable entry").path();
        if path.is_dir() {
            tenet_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "tenet") {
            found.push(path);
        }
    }
    found.sort();
}

/// The fenced `tenet` blocks of a Markdown text.
fn tenet_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        let fence = line.trim_start();
        match current.take() {
            None if fence == "```tenet" => current = Some(String::new()),
            None => {}
            Some(block) if fence.starts_with("```") => blocks.push(block),
            Some(mut block) => {
                // Blocks inside list items are indented; the language does not mind.
                block.push_str(line);
                block.push('\n');
                current = Some(block);
            }
        }
    }
    blocks
}

fn check_files(folders: &[&str]) -> (usize, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in folders {
        tenet_files(&root.join(folder), &mut files);
    }
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a readable rule file");
        let name = path.display().to_string();
        match check_formatting(&name, &text) {
            Some(Ok(())) => checked += 1,
            Some(Err(failure)) => failures.push(failure),
            None => {}
        }
    }
    (checked, failures)
}

#[test]
fn the_rule_pack_formats_stably_and_keeps_its_meaning() {
    let (checked, failures) = check_files(&["rules"]);
    assert!(checked > 0, "rules/ holds no file that parses");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_test_cases_format_stably_and_keep_their_meaning() {
    let folders = [
        "tests/cases/check",
        "tests/cases/check-clean",
        "tests/cases/fmt",
    ];
    let (checked, failures) = check_files(&folders);
    assert!(checked > 40, "only {checked} case files parse");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_language_examples_format_stably_and_keep_their_meaning() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md");
    let markdown = std::fs::read_to_string(path).expect("docs/language.md is readable");
    let mut checked = 0;
    let mut failures = Vec::new();
    for (index, block) in tenet_blocks(&markdown).iter().enumerate() {
        match check_formatting(&format!("language.md block {index}"), block) {
            Some(Ok(())) => checked += 1,
            Some(Err(failure)) => failures.push(failure),
            None => {}
        }
    }
    assert!(checked >= 6, "only {checked} examples parse");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_formatted_pack_is_already_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files = Vec::new();
    tenet_files(&root, &mut files);
    let mut unformatted = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a readable rule file");
        let parsed = tenet::syntax::parse(FileId::DUMMY, &text);
        // A file that does not parse is left to `rules_parse.rs` to report.
        if !parsed.has_errors() && tenet::fmt::format(&text, &parsed.module) != text {
            unformatted.push(path.display().to_string());
        }
    }
    assert!(
        unformatted.is_empty(),
        "run `tenet fmt --write rules/`; not in canonical form: {unformatted:?}"
    );
}

/// Snapshots of representative layouts: each case of `tests/cases/fmt/` with its formatted
/// text below it.
#[test]
fn formatted_cases() {
    insta::glob!("cases/fmt/*.tenet", |path| {
        let text = std::fs::read_to_string(path).expect("a readable case");
        let parsed = tenet::syntax::parse(FileId::DUMMY, &text);
        assert!(!parsed.has_errors(), "{} does not parse", path.display());
        let formatted = tenet::fmt::format(&text, &parsed.module);
        insta::assert_snapshot!(format!("{text}----- formatted -----\n{formatted}"));
    });
}

mod generated {
    //! Random programs from a small grammar-aware generator. The generator is deterministic, so
    //! a failure names a seed that reproduces it.

    use super::check_formatting;

    /// SplitMix64: small, fast and good enough to pick grammar productions.
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    /// Builds one program as text.
    struct Generator {
        random: Random,
        comments: usize,
        /// Inside a message hole: one line, no comments.
        flat: bool,
    }

    const NAMES: [&str; 6] = ["a", "acct", "x_1", "entry", "_b", "storage"];
    const FIELDS: [&str; 6] = ["id", "properties", "tags", "count", "$schema", "rule"];
    const COMPARISONS: [&str; 16] = [
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "in",
        "not in",
        "contains",
        "not contains",
        "like",
        "not like",
        "matches",
        "not\n      matches",
        "not  in",
        "<",
    ];
    const STRINGS: [&str; 8] = [
        "plain",
        "with \\\"quotes\\\" and \\\\",
        "https://example.com/a//b",
        "tab\\t and line\\n",
        "emoji \\u{1F600} é",
        "braces {x}",
        "",
        "*/Microsoft.Media/*",
    ];

    impl Generator {
        /// Space between two tokens: usually one space, sometimes a line break, sometimes a
        /// comment at the end of the line or on a line of its own.
        fn gap(&mut self) -> String {
            if self.flat {
                return " ".to_string();
            }
            match self.random.below(20) {
                0 | 1 => "\n      ".to_string(),
                2 => {
                    self.comments += 1;
                    format!(" // trailing {}\n      ", self.comments)
                }
                3 => {
                    self.comments += 1;
                    format!("\n    // own line {}\n      ", self.comments)
                }
                _ => " ".to_string(),
            }
        }

        fn string(&mut self) -> String {
            format!("\"{}\"", self.random.pick(&STRINGS))
        }

        fn atom(&mut self) -> String {
            match self.random.below(9) {
                0 => self.random.pick(&["null", "true", "false"]).to_string(),
                1 => self
                    .random
                    .pick(&["42", "-1.5", "2e3", "1E-2", "0", "007"])
                    .to_string(),
                2 => self.string(),
                3 | 4 => self.path(),
                _ => self.random.pick(&NAMES).to_string(),
            }
        }

        fn path(&mut self) -> String {
            let mut text = self.random.pick(&NAMES).to_string();
            for _ in 0..self.random.below(4) {
                if self.random.chance(80) {
                    text.push('.');
                    text.push_str(self.random.pick(&FIELDS));
                } else {
                    text.push('[');
                    text.push_str(self.random.pick(&["0", "\"odd-key\"", "a"]));
                    text.push(']');
                }
            }
            text
        }

        fn list(&mut self, depth: usize, open: &str, close: &str) -> String {
            let count = self.random.below(4);
            let mut text = open.to_string();
            for index in 0..count {
                if index > 0 {
                    text.push(',');
                    text.push_str(&self.gap());
                }
                text.push_str(&self.expr(depth));
            }
            if count > 0 && self.random.chance(30) {
                text.push(',');
            }
            text.push_str(close);
            text
        }

        /// A random expression. Operands of comparisons that are compound are parenthesized,
        /// because comparisons do not chain; everything else is left to the parser.
        fn expr(&mut self, depth: usize) -> String {
            if depth == 0 {
                return self.atom();
            }
            let depth = depth - 1;
            match self.random.below(14) {
                0 | 1 => self.atom(),
                2 | 3 => {
                    let op = self.random.pick(&["and", "or", "∧", "∨", "implies", "⇒"]);
                    let lhs = self.maybe_parens(depth);
                    let rhs = self.maybe_parens(depth);
                    let gap = self.gap();
                    format!("{lhs}{gap}{op} {rhs}")
                }
                4 | 5 => {
                    let op = self.random.pick(&COMPARISONS);
                    let lhs = self.simple(depth);
                    let rhs = self.simple(depth);
                    let op = if self.flat {
                        op.replace('\n', "")
                    } else {
                        op.to_string()
                    };
                    format!("{lhs} {op} {rhs}")
                }
                6 => format!(
                    "{}{}",
                    self.random.pick(&["not ", "¬", "not\n      "]),
                    self.simple(depth)
                ),
                7 => {
                    let keyword = self.random.pick(&["all", "any", "∀", "∃"]);
                    let name = self.random.pick(&NAMES);
                    let domain = self.expr(depth);
                    let gap = self.gap();
                    let body = self.expr(depth);
                    format!("{keyword} {name} in {domain}:{gap}{body}")
                }
                8 => {
                    let name = self.random.pick(&NAMES);
                    let domain = self.expr(depth);
                    let body = self.expr(depth);
                    format!("count({name} in {domain}: {body})")
                }
                9 => {
                    let callee = self
                        .random
                        .pick(&["exists", "len", "lower", "resource", "f"]);
                    format!("{callee}{}", self.list(depth, "(", ")"))
                }
                10 => self.list(depth, "[", "]"),
                11 => format!("({})", self.expr(depth)),
                _ => format!("{}.{}", self.maybe_parens(depth), self.random.pick(&FIELDS)),
            }
        }

        fn maybe_parens(&mut self, depth: usize) -> String {
            let inner = self.expr(depth);
            if self.random.chance(40) {
                format!("({inner})")
            } else {
                inner
            }
        }

        /// An operand of a comparison: an atom, or anything in parentheses.
        fn simple(&mut self, depth: usize) -> String {
            if self.random.chance(50) {
                self.atom()
            } else {
                format!("({})", self.expr(depth))
            }
        }

        fn ty(&mut self, depth: usize, schema: bool) -> String {
            let atom = match self.random.below(if depth == 0 { 3 } else { 6 }) {
                0 => self
                    .random
                    .pick(&["string", "number", "bool", "any", "object", "null"])
                    .to_string(),
                1 => self.string(),
                2 => "resource(\"Microsoft.Storage/storageAccounts\")".to_string(),
                3 => format!("list<{}>", self.ty(depth - 1, schema)),
                _ => self.object(depth - 1, schema),
            };
            if self.random.chance(30) {
                let gap = if self.flat { " " } else { "\n      " };
                let other = self.ty(depth.saturating_sub(1), schema);
                format!("{atom}{gap}| {other}")
            } else {
                atom
            }
        }

        fn object(&mut self, depth: usize, schema: bool) -> String {
            let mut text = "{".to_string();
            for _ in 0..self.random.below(4) {
                text.push_str(&self.gap());
                if schema && self.random.chance(30) {
                    text.push_str("/// A property.\n      ");
                }
                let name = self
                    .random
                    .pick(&["id", "name", "\"odd-key\"", "$x", "type"]);
                let optional = if self.random.chance(50) { "?" } else { "" };
                let ty = self.ty(depth, schema);
                text.push_str(&format!("{name}{optional}: {ty}"));
                if self.random.chance(50) {
                    text.push(',');
                }
            }
            if self.random.chance(40) {
                text.push_str(&self.gap());
                text.push_str("..");
            }
            text.push_str(&self.gap());
            text.push('}');
            text
        }

        fn template(&mut self) -> String {
            let mut text = "\"".to_string();
            for _ in 0..self.random.below(4) {
                if self.random.chance(50) {
                    text.push_str(
                        self.random
                            .pick(&["text ", "{{literal}} ", "\\\"q\\\" ", "é "]),
                    );
                } else {
                    self.flat = true;
                    let hole = self.expr(2);
                    self.flat = false;
                    text.push_str(&format!("{{{hole}}}"));
                }
            }
            text.push('"');
            text
        }

        fn metadata(&mut self) -> Vec<String> {
            let mut lines = Vec::new();
            if self.random.chance(70) {
                lines.push(format!("title {}", self.string()));
            }
            if self.random.chance(60) {
                lines.push(format!(
                    "severity {}",
                    self.random.pick(&["low", "high", "info"])
                ));
            }
            if self.random.chance(40) {
                lines.push(format!("effect {}", self.random.pick(&["audit", "deny"])));
            }
            if self.random.chance(40) {
                lines.push("docs     \"https://learn.microsoft.com/x\"".to_string());
            }
            if self.random.chance(50) {
                lines.push(format!("message {}", self.template()));
            }
            if self.random.chance(30) {
                lines.push(format!("fix {}", self.string()));
            }
            if self.random.chance(40) {
                let tags = [
                    "[\"a\", \"b\"]",
                    "[]",
                    "[\"only\",]",
                    "[\n    \"x\", // why\n    \"y\"]",
                ];
                lines.push(format!("tags {}", self.random.pick(&tags)));
            }
            // Metadata may come in any order.
            let count = lines.len();
            for index in 0..count {
                lines.swap(index, self.random.below(count));
            }
            lines
        }

        fn step(&mut self) -> String {
            let name = self.random.pick(&NAMES);
            match self.random.below(5) {
                0 | 1 => {
                    let ty = if self.random.chance(30) {
                        format!(": {}", self.ty(1, false))
                    } else {
                        String::new()
                    };
                    format!("for {name}{ty} in {}", self.expr(3))
                }
                2 => format!("let {name} ={}{}", self.gap(), self.expr(3)),
                3 => format!("when {}", self.expr(4)),
                _ => format!("report {name}"),
            }
        }

        fn requirements(&mut self) -> String {
            if self.random.chance(40) {
                return format!("require {}", self.expr(4));
            }
            if self.random.chance(5) {
                return "require { }".to_string();
            }
            let mut text = "require {".to_string();
            for index in 0..1 + self.random.below(3) {
                text.push_str("\n    ");
                if self.random.chance(30) {
                    text.push_str("/// Why it matters.\n    ");
                }
                if self.random.chance(15) {
                    self.comments += 1;
                    text.push_str(&format!("// about requirement {}\n    ", self.comments));
                }
                let label = ["ok", "has-identity", "in-2", "and", "r_1"][index % 5];
                let condition = self.expr(4);
                text.push_str(&format!("{label}:{}{condition}", self.gap()));
                if self.random.chance(50) || label == "ok" {
                    text.push(',');
                }
            }
            text.push_str("\n  }");
            text
        }

        fn rule(&mut self, index: usize) -> String {
            let mut text = format!("rule r-{index}.x {{");
            if self.random.chance(20) {
                text.push_str(" // opening");
            }
            for line in self.metadata() {
                text.push_str(&format!("\n  {line}"));
            }
            for _ in 0..self.random.below(4) {
                if self.random.chance(15) {
                    self.comments += 1;
                    text.push_str(&format!("\n\n  // before step {}", self.comments));
                }
                text.push_str(&format!("\n  {}", self.step()));
            }
            for _ in 0..1 + self.random.below(2) {
                text.push_str(&format!("\n  {}", self.requirements()));
            }
            if self.random.chance(15) {
                text.push_str("\n  // dangling at the end");
            }
            text.push_str("\n}");
            if self.random.chance(20) {
                text.push_str(" // after the rule");
            }
            text
        }

        fn item(&mut self, index: usize) -> String {
            let mut text = String::new();
            if self.random.chance(30) {
                text.push_str("/// The item's documentation.\n///\n///   Indented.\n");
            }
            if self.random.chance(15) {
                text.push_str("// A plain comment above.\n");
            }
            let body = match self.random.below(6) {
                0 => format!("use \"lib/{index}.tenet\""),
                1 => {
                    let default = if self.random.chance(70) {
                        format!(" = {}", self.expr(2))
                    } else {
                        String::new()
                    };
                    format!("param p{index}: {}{default}", self.ty(2, false))
                }
                2 => {
                    let params = ["", "a", "a, b: string", "a: { id: string, .. },"];
                    let ret = if self.random.chance(50) { ": bool" } else { "" };
                    let params = self.random.pick(&params);
                    format!(
                        "def d{index}({params}){ret} ={}{}",
                        self.gap(),
                        self.expr(4)
                    )
                }
                3 => format!("resource \"T/{index}\" {}", self.object(3, true)),
                _ => self.rule(index),
            };
            text.push_str(&body);
            text
        }

        fn program(&mut self) -> String {
            let mut text = String::new();
            if self.random.chance(30) {
                text.push_str("// File header.\n\n");
            }
            for index in 0..1 + self.random.below(4) {
                text.push_str(&self.item(index));
                text.push_str(if self.random.chance(50) { "\n\n" } else { "\n" });
            }
            if self.random.chance(10) {
                text.push_str("\n// The end.\n");
            }
            if self.random.chance(5) {
                text.push_str("\n/// Detached.\n");
            }
            text
        }
    }

    #[test]
    fn generated_programs_format_stably_and_keep_their_meaning() {
        let mut parsed = 0;
        let mut failures = Vec::new();
        for seed in 0..400 {
            let mut generator = Generator {
                random: Random(seed),
                comments: 0,
                flat: false,
            };
            let program = generator.program();
            match check_formatting(&format!("seed {seed}"), &program) {
                Some(Ok(())) => parsed += 1,
                Some(Err(failure)) => failures.push(failure),
                None => {}
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        assert!(
            parsed >= 300,
            "only {parsed} of 400 generated programs parse"
        );
    }
}
