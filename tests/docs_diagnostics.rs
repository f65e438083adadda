//! Keeps `docs/diagnostics.md` in step with the codes: every code has one `## <code>` section,
//! in the order of `Code::ALL`, and every `tenet` example in a section, parsed and checked as
//! `tenet check` would, reports that section's code and no other (but for a few warnings that an
//! example cannot avoid, listed in [`UNAVOIDABLE`]).

mod common;

use tenet::diag::{Code, ColorMode, Diagnostic, SourceMap, render_human};
use tenet::load::ReadError;

/// The manual, read at compile time so that editing it rebuilds the test.
const MANUAL: &str = include_str!("../docs/diagnostics.md");

/// One `## <code> <name>` section of the manual.
struct Section {
    /// The first word of the heading, such as `E0002`.
    code: String,
    /// The line of the heading, counted from one.
    line: usize,
    /// The bodies of the fenced blocks tagged `tenet` under the heading.
    examples: Vec<String>,
}

/// The sections of a manual, and the lines of `tenet` examples that sit under no section.
struct Manual {
    sections: Vec<Section>,
    stray_examples: Vec<usize>,
}

/// A fenced block being read: its tag, its first line and its body so far.
struct Fence {
    tag: String,
    line: usize,
    body: String,
}

/// Splits the manual into its `##` sections and collects the `tenet` examples of each.
fn read_manual(text: &str) -> Manual {
    let mut manual = Manual {
        sections: Vec::new(),
        stray_examples: Vec::new(),
    };
    let mut fence: Option<Fence> = None;

    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        match fence.as_mut() {
            Some(_) if line.trim_start().starts_with("```") => {
                if let Some(done) = fence.take() {
                    manual.add_block(done);
                }
            }
            Some(open) => {
                open.body.push_str(line);
                open.body.push('\n');
            }
            None => fence = manual.read_line(line, number),
        }
    }
    manual
}

impl Manual {
    /// Reads a line outside any fenced block; returns the fence it opens, if any.
    fn read_line(&mut self, line: &str, number: usize) -> Option<Fence> {
        if let Some(tag) = line.trim_start().strip_prefix("```") {
            return Some(Fence {
                tag: tag.trim().to_string(),
                line: number,
                body: String::new(),
            });
        }
        if let Some(heading) = line.strip_prefix("## ") {
            let code = heading.split_whitespace().next().unwrap_or("");
            self.sections.push(Section {
                code: code.to_string(),
                line: number,
                examples: Vec::new(),
            });
        }
        None
    }

    /// Files a closed block under the current section; only `tenet` blocks are examples.
    fn add_block(&mut self, fence: Fence) {
        if fence.tag != "tenet" {
            return;
        }
        match self.sections.last_mut() {
            Some(section) => section.examples.push(fence.body),
            None => self.stray_examples.push(fence.line),
        }
    }
}

/// The code spelled `text`, such as `E0002`, if there is one.
fn code_named(text: &str) -> Option<Code> {
    Code::ALL.iter().copied().find(|code| code.as_str() == text)
}

#[test]
fn every_code_has_a_section() {
    let manual = read_manual(MANUAL);
    for code in Code::ALL {
        let count = manual
            .sections
            .iter()
            .filter(|section| section.code == code.as_str())
            .count();
        assert_eq!(
            count, 1,
            "{code} should have exactly one `## {code} ...` heading in docs/diagnostics.md"
        );
    }
}

#[test]
fn every_section_names_a_real_code() {
    let manual = read_manual(MANUAL);
    for section in &manual.sections {
        assert!(
            code_named(&section.code).is_some(),
            "docs/diagnostics.md line {}: `## {}` is not a code in `Code::ALL`",
            section.line,
            section.code
        );
    }
}

#[test]
fn sections_follow_the_order_of_the_codes() {
    let manual = read_manual(MANUAL);
    let headings: Vec<&str> = manual.sections.iter().map(|s| s.code.as_str()).collect();
    let codes: Vec<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
    assert_eq!(
        headings, codes,
        "docs/diagnostics.md should have one section per code, in the order of `Code::ALL`"
    );
}

#[test]
fn every_triggerable_code_has_an_example() {
    let manual = read_manual(MANUAL);
    let internal = Code::Internal.as_str();
    for section in manual.sections.iter().filter(|s| s.code != internal) {
        assert!(
            !section.examples.is_empty(),
            "{} (line {}) has no ```tenet example",
            section.code,
            section.line
        );
    }
}

#[test]
fn every_example_sits_under_a_code() {
    let manual = read_manual(MANUAL);
    assert!(
        manual.stray_examples.is_empty(),
        "docs/diagnostics.md has ```tenet examples outside any `## <code>` section, at lines {:?}",
        manual.stray_examples
    );
}

#[test]
fn unavoidable_extra_codes_are_warnings() {
    for (section, extra) in UNAVOIDABLE {
        let code = code_named(extra);
        assert!(
            code.is_some_and(Code::is_warning),
            "{extra}, allowed in the example of {section}, should be a warning"
        );
    }
}

#[test]
fn examples_report_the_code_of_their_section() {
    let manual = read_manual(MANUAL);
    let mut failures = Vec::new();
    for section in &manual.sections {
        for example in &section.examples {
            failures.extend(check_example(section, example));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Warnings that an example cannot avoid besides its own code, by section. An unknown
/// `severity` leaves its rule without one, so the checker adds W0107 to E0007.
const UNAVOIDABLE: &[(&str, &str)] = &[("E0007", "W0107")];

/// Whether `code` may appear in the example of `section` besides the section's own code.
fn unavoidable(section: &str, code: &str) -> bool {
    UNAVOIDABLE.contains(&(section, code))
}

/// Why an example fails to report the code of its section, or reports another, if it does.
fn check_example(section: &Section, example: &str) -> Option<String> {
    let (sources, diagnostics) = match run_example(&section.code, example) {
        Ok(outcome) => outcome,
        Err(error) => {
            return Some(format!(
                "cannot load `{}`: {}",
                error.path.display(),
                error.error
            ));
        }
    };

    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    let reports_own = codes.contains(&section.code.as_str());
    let only_own = codes
        .iter()
        .all(|code| *code == section.code || unavoidable(&section.code, code));
    if reports_own && only_own {
        return None;
    }
    let rendered = render_human(&diagnostics, &sources, ColorMode::Plain);
    Some(format!(
        "the example under `## {}` (line {}) should report only {}, but reported {codes:?}\n\
         {rendered}",
        section.code, section.line, section.code
    ))
}

/// Parses and checks one example, alone, as `tenet check` would.
fn run_example(code: &str, example: &str) -> Result<(SourceMap, Vec<Diagnostic>), ReadError> {
    let name = format!("{code}.tenet");
    common::check_in_memory(&[(name.clone(), example.to_string())], &name)
}
