//! One line of an interactive session: source text in, an item, a session `let` or an
//! expression out, with diagnostics. The builder is the one files use, so a line means what
//! the same text means in a rule file.

use pest::Parser;
use pest::iterators::Pair;

use super::build::{Builder, children};
use super::grammar::{Rule as GrammarRule, TenetParser};
use super::{Expr, Ident, Item, errors, scan};
use crate::diag::{Code, Diagnostic, FileId, Spanned};

/// What a line of an interactive session holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    /// A `rule`, `def`, `param`, `use` or `resource` schema, to add to the program.
    Item(Box<Item>),
    /// `let name = expr`: a name the rest of the session sees.
    Let {
        /// The bound name.
        name: Ident,
        /// Its value.
        value: Expr,
    },
    /// An expression to evaluate and print.
    Expr(Expr),
}

/// A parsed line: what it holds, when it parsed, and every problem found on the way.
#[derive(Debug)]
pub struct ParsedLine {
    /// The line, or `None` when it has a syntax error.
    pub line: Option<Line>,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one line (which may span several lines of text) of an interactive session.
///
/// ```
/// use tenet::diag::SourceMap;
/// use tenet::syntax::line::{Line, parse_line};
///
/// let mut sources = SourceMap::new();
/// let file = sources.add("<repl:1>", "let n = 1");
/// let parsed = parse_line(file, sources.text(file));
/// assert!(matches!(parsed.line, Some(Line::Let { .. })));
/// ```
pub fn parse_line(file: FileId, source: &str) -> ParsedLine {
    let found = scan::scan(file, source, 0..source.len());
    if !found.is_empty() {
        return ParsedLine {
            line: None,
            diagnostics: found,
        };
    }

    let mut builder = Builder::new(file, 0);
    let line = match TenetParser::parse(GrammarRule::repl_line, source) {
        Ok(mut pairs) => pairs.next().and_then(|pair| build_line(&mut builder, pair)),
        Err(error) => {
            builder
                .diagnostics
                .push(errors::syntax_error(file, source, 0, &error));
            None
        }
    };
    let mut diagnostics = builder.diagnostics;
    diagnostics.sort_by_key(|diagnostic| diagnostic.primary.span.start);
    ParsedLine { line, diagnostics }
}

/// Builds the one child of a `repl_line` pair; problems go to the builder's diagnostics.
fn build_line(builder: &mut Builder, line: Pair<'_, GrammarRule>) -> Option<Line> {
    let first = children(line.clone()).find(|pair| pair.as_rule() != GrammarRule::EOI)?;
    let built = match first.as_rule() {
        GrammarRule::item => {
            let item = builder.file(line).into_iter().next()?;
            return Some(Line::Item(Box::new(item)));
        }
        GrammarRule::let_step => session_let(builder, first),
        _ => builder.expr(first).map(Line::Expr),
    };
    built
        .map_err(|diagnostic| builder.diagnostics.push(*diagnostic))
        .ok()
}

/// A session `let`. Its value's type is inferred, so a written type is refused.
fn session_let(builder: &mut Builder, step: Pair<'_, GrammarRule>) -> super::build::Built<Line> {
    let mut name = None;
    let mut value = None;
    for pair in children(step.clone()) {
        match pair.as_rule() {
            GrammarRule::ident => {
                name = Some(Spanned::new(pair.as_str().to_string(), builder.span(&pair)));
            }
            GrammarRule::ty => return Err(Box::new(typed_let(builder, &pair))),
            GrammarRule::expr => value = Some(builder.expr(pair)?),
            _ => {}
        }
    }
    let name = name.ok_or_else(|| builder.missing("a name", &step))?;
    let value = value.ok_or_else(|| builder.missing("an expression", &step))?;
    Ok(Line::Let { name, value })
}

fn typed_let(builder: &Builder, ty: &Pair<'_, GrammarRule>) -> Diagnostic {
    Diagnostic::new(
        Code::Syntax,
        "a session `let` takes no type",
        builder.span(ty),
    )
    .with_label("type written here")
    .with_help("write `let name = expr`; the type is inferred from the value")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;
    use crate::syntax::ItemKind;

    fn line(text: &str) -> ParsedLine {
        let mut sources = SourceMap::new();
        let file = sources.add("<repl:1>", text);
        parse_line(file, text)
    }

    #[test]
    fn a_line_is_an_item_a_let_or_an_expression() {
        let rule = line("rule r {\n  require true\n}");
        assert!(matches!(
            rule.line,
            Some(Line::Item(item)) if matches!(item.kind, ItemKind::Rule(_))
        ));
        let bound = line("let n = 1 + 2");
        assert!(bound.line.is_none(), "`+` is not an operator");
        let bound = line("let n = [1, 2]");
        assert!(matches!(bound.line, Some(Line::Let { name, .. }) if name.node == "n"));
        let expr = line("resource(\"x\").name");
        assert!(matches!(expr.line, Some(Line::Expr(_))));
    }

    #[test]
    fn malformed_and_typed_lines_are_diagnostics() {
        let broken = line("[1, 2");
        assert!(broken.line.is_none());
        assert!(!broken.diagnostics.is_empty());
        let typed = line("let n: number = 1");
        assert!(typed.line.is_none());
        assert_eq!(typed.diagnostics.len(), 1);
    }
}
