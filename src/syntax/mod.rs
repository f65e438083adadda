//! Syntax: source text in, spanned AST and diagnostics out. This is the only module that sees
//! pest pairs; it turns them into the AST once and never hands them on.

mod ast;
mod build;
mod errors;
mod expr;
mod grammar;
pub mod line;
mod scan;
mod tests_build;

pub use ast::*;

use pest::Parser;

use crate::diag::{Diagnostic, FileId};
use grammar::{Rule as GrammarRule, TenetParser};

/// A parsed file: every item that could be read, and every problem found on the way.
#[derive(Debug)]
pub struct Parsed {
    /// The items that parsed; an item with a syntax error is left out.
    pub module: Module,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses one file. Items are parsed independently, so a mistake in one rule does not hide
/// the mistakes in the next.
///
/// ```
/// use tenet::diag::SourceMap;
///
/// let mut sources = SourceMap::new();
/// let text = "rule demo {\n  severity low\n  require true\n}\n";
/// let file = sources.add("demo.tenet", text);
/// let parsed = tenet::syntax::parse(file, text);
/// assert!(parsed.diagnostics.is_empty());
/// assert_eq!(parsed.module.items.len(), 1);
/// ```
pub fn parse(file: FileId, source: &str) -> Parsed {
    let mut items = Vec::new();
    let mut diagnostics = Vec::new();

    for range in scan::item_chunks(source) {
        let found = scan::scan(file, source, range.clone());
        if !found.is_empty() {
            diagnostics.extend(found);
            continue;
        }

        let chunk = source.get(range.clone()).unwrap_or("");
        let mut builder = build::Builder::new(file, range.start);
        match TenetParser::parse(GrammarRule::file, chunk) {
            Ok(mut pairs) => {
                if let Some(pair) = pairs.next() {
                    items.extend(builder.file(pair));
                }
            }
            Err(error) => {
                diagnostics.push(errors::syntax_error(file, chunk, range.start, &error));
            }
        }
        diagnostics.extend(builder.diagnostics);
    }

    diagnostics.sort_by_key(|diagnostic| diagnostic.primary.span.start);
    Parsed {
        module: Module { file, items },
        diagnostics,
    }
}

#[cfg(test)]
mod tests;
