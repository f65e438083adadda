//! A quick pass over the raw text before pest sees it. It splits a file into items, so that a
//! mistake in one item does not hide the mistakes in the next, and it finds the mistakes that
//! a character-level look explains better than a grammar can: unclosed strings and brackets,
//! stray characters and operators borrowed from other languages.

use std::ops::Range;

use crate::diag::{Code, Diagnostic, FileId, Span};

/// How deeply brackets may nest. Deeper input would only exhaust the parser's stack.
pub(super) const MAX_BRACKET_DEPTH: usize = 64;

/// Words that start a top-level item when they begin a line.
const ITEM_KEYWORDS: [&str; 6] = ["rule", "def", "param", "use", "resource", "test"];

/// Splits `source` into byte ranges that each hold whole items, with the comments above them.
///
/// A new range starts at a line that begins, in its first column, with an item keyword. Inside
/// an item such a line cannot occur, because strings end at their line and every item
/// keyword is reserved, so the split never cuts an item in two.
pub(super) fn item_chunks(source: &str) -> Vec<Range<usize>> {
    let lines = line_starts(source);
    let mut starts = vec![0];

    for (index, &start) in lines.iter().enumerate() {
        let line = line_at(source, start);
        if start == 0 || !starts_item(line) {
            continue;
        }
        let first = comment_block_start(source, &lines, index);
        if first > starts.last().copied().unwrap_or(0) {
            starts.push(first);
        }
    }

    let mut chunks = Vec::with_capacity(starts.len());
    for (index, &start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(source.len());
        chunks.push(start..end);
    }
    chunks
}

fn line_starts(source: &str) -> Vec<usize> {
    let breaks = source.match_indices('\n').map(|(index, _)| index + 1);
    std::iter::once(0)
        .chain(breaks.filter(|&start| start < source.len()))
        .collect()
}

fn line_at(source: &str, start: usize) -> &str {
    let rest = source.get(start..).unwrap_or("");
    rest.split('\n').next().unwrap_or("")
}

fn starts_item(line: &str) -> bool {
    ITEM_KEYWORDS.iter().any(|keyword| {
        let Some(rest) = line.strip_prefix(keyword) else {
            return false;
        };
        let spaced = rest.starts_with([' ', '\t']);
        // `resource(...)` is a builtin call; only `resource "Type"` declares a schema.
        spaced && (*keyword != "resource" || rest.trim_start().starts_with('"'))
    })
}

/// The first line of the run of comment lines directly above line `index`.
fn comment_block_start(source: &str, lines: &[usize], index: usize) -> usize {
    let mut first = index;
    while first > 0 {
        let above = lines.get(first - 1).copied().unwrap_or(0);
        if !line_at(source, above).trim_start().starts_with("//") {
            break;
        }
        first -= 1;
    }
    lines.get(first).copied().unwrap_or(0)
}

/// Finds character-level mistakes in `source[range]`. Spans are absolute in the file.
pub(super) fn scan(file: FileId, source: &str, range: Range<usize>) -> Vec<Diagnostic> {
    let mut scanner = Scanner {
        file,
        text: source.get(range.clone()).unwrap_or(""),
        offset: range.start,
        brackets: Vec::new(),
        brackets_broken: false,
        diagnostics: Vec::new(),
    };
    scanner.run();
    scanner.diagnostics
}

struct Scanner<'a> {
    file: FileId,
    text: &'a str,
    offset: usize,
    brackets: Vec<(char, usize)>,
    /// Set after a bracket mistake, so one missing bracket is reported once, not at every
    /// closer after it.
    brackets_broken: bool,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Scanner<'a> {
    fn run(&mut self) {
        let mut position = 0;
        while let Some(ch) = self.char_at(position) {
            position = match ch {
                '/' if self.rest(position).starts_with("//") => self.skip_line(position),
                '"' => self.string(position),
                '\'' => self.single_quoted(position),
                '(' | '[' | '{' => self.open(ch, position),
                ')' | ']' | '}' => self.close(ch, position),
                _ => self.other(ch, position),
            };
            if self
                .diagnostics
                .iter()
                .any(|d| d.code == Code::NestingTooDeep)
            {
                return;
            }
        }
        self.unclosed_brackets();
    }

    fn char_at(&self, position: usize) -> Option<char> {
        self.rest(position).chars().next()
    }

    fn rest(&self, position: usize) -> &'a str {
        self.text.get(position..).unwrap_or("")
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, self.offset + start, self.offset + end)
    }

    fn skip_line(&self, position: usize) -> usize {
        self.rest(position)
            .find('\n')
            .map_or(self.text.len(), |end| position + end)
    }

    /// Scans a string from its opening quote and returns the position after it.
    fn string(&mut self, open: usize) -> usize {
        let mut position = open + 1;
        loop {
            match self.char_at(position) {
                None | Some('\n') => {
                    self.unclosed_string(open, position);
                    return position;
                }
                Some('"') => return position + 1,
                Some('\\') => position = self.escape(position),
                Some(ch) => position += ch.len_utf8(),
            }
        }
    }

    fn unclosed_string(&mut self, open: usize, end: usize) {
        let end = self
            .text
            .get(open..end)
            .map_or(end, |s| open + s.trim_end().len());
        let diagnostic = Diagnostic::new(
            Code::UnclosedString,
            "unclosed string",
            self.span(open, end),
        )
        .with_label("this string has no closing `\"`")
        .with_note("a string ends on the line where it starts")
        .with_help("add `\"` where the string should end");
        self.diagnostics.push(diagnostic);
    }

    /// Checks one backslash escape and returns the position after it.
    fn escape(&mut self, backslash: usize) -> usize {
        let after = backslash + 1;
        let rest = self.rest(after);
        let valid = match rest.chars().next() {
            Some('"' | '\\' | 'n' | 't' | 'r' | '{' | '}') => Some(after + 1),
            Some('u') => unicode_escape_len(rest).map(|len| after + len),
            _ => None,
        };
        if let Some(end) = valid {
            return end;
        }

        if rest.starts_with('u') {
            return self.bad_unicode_escape(backslash, rest);
        }
        let len = rest
            .chars()
            .next()
            .filter(|&ch| ch != '\n')
            .map_or(0, char::len_utf8);
        let text = self.text.get(backslash..after + len).unwrap_or("\\");
        let diagnostic = Diagnostic::new(
            Code::InvalidEscape,
            format!("unknown escape `{text}` in a string"),
            self.span(backslash, after + len),
        )
        .with_label("not a valid escape")
        .with_help(
            "the escapes are `\\\"`, `\\\\`, `\\n`, `\\t`, `\\r`, `\\{`, `\\}` and `\\u{...}`",
        );
        self.diagnostics.push(diagnostic);
        after + len
    }

    /// Reports a `\u` escape that is not `\u{...}` with one to six hex digits.
    fn bad_unicode_escape(&mut self, backslash: usize, rest: &'a str) -> usize {
        let line = rest.split(['\n', '"']).next().unwrap_or("");
        let len = line.find('}').map_or(1, |close| close + 1);
        let end = backslash + 1 + len;
        let text = self.text.get(backslash..end).unwrap_or("\\u");
        let diagnostic = Diagnostic::new(
            Code::InvalidEscape,
            format!("malformed unicode escape `{text}`"),
            self.span(backslash, end),
        )
        .with_label("not a valid `\\u{...}` escape")
        .with_help("write one to six hex digits in braces, such as `\\u{1F600}`");
        self.diagnostics.push(diagnostic);
        end
    }

    fn single_quoted(&mut self, open: usize) -> usize {
        let line_end = self.skip_line(open);
        let close = self.rest(open + 1).find('\'').map(|index| open + 1 + index);
        let end = close
            .filter(|&close| close < line_end)
            .map_or(line_end, |close| close + 1);
        let diagnostic = Diagnostic::new(
            Code::SingleQuotedString,
            "strings are written in double quotes",
            self.span(open, end),
        )
        .with_label("single quotes do not make a string")
        .with_help("write `\"...\"` instead of `'...'`");
        self.diagnostics.push(diagnostic);
        end
    }

    fn open(&mut self, ch: char, position: usize) -> usize {
        self.brackets.push((ch, position));
        if self.brackets.len() > MAX_BRACKET_DEPTH {
            let diagnostic = Diagnostic::new(
                Code::NestingTooDeep,
                format!("brackets nest more than {MAX_BRACKET_DEPTH} deep"),
                self.span(position, position + 1),
            )
            .with_label("this bracket is too deep")
            .with_help("name parts of the expression with `let` or `def`");
            self.diagnostics.push(diagnostic);
        }
        position + 1
    }

    fn close(&mut self, ch: char, position: usize) -> usize {
        if self.brackets_broken {
            return position + 1;
        }
        match self.brackets.pop() {
            Some((open, _)) if closer_of(open) == ch => {}
            Some((open, open_at)) => {
                let diagnostic = Diagnostic::new(
                    Code::UnbalancedBracket,
                    format!("mismatched closing `{ch}`"),
                    self.span(position, position + 1),
                )
                .with_label(format!("expected `{}` here", closer_of(open)))
                .with_secondary(
                    self.span(open_at, open_at + 1),
                    format!("`{open}` opened here"),
                );
                self.diagnostics.push(diagnostic);
                self.brackets_broken = true;
            }
            None => {
                let diagnostic = Diagnostic::new(
                    Code::UnbalancedBracket,
                    format!("unmatched closing `{ch}`"),
                    self.span(position, position + 1),
                )
                .with_label("nothing is open here")
                .with_help(format!("remove this `{ch}` or add its opening bracket"));
                self.diagnostics.push(diagnostic);
                self.brackets_broken = true;
            }
        }
        position + 1
    }

    fn unclosed_brackets(&mut self) {
        if self.brackets_broken || !self.diagnostics.is_empty() {
            return;
        }
        let Some(&(open, open_at)) = self.brackets.last() else {
            return;
        };
        let diagnostic = Diagnostic::new(
            Code::UnbalancedBracket,
            format!("unclosed `{open}`"),
            self.span(open_at, open_at + 1),
        )
        .with_label(format!("this `{open}` is never closed"))
        .with_help(format!("add `{}` where it should end", closer_of(open)));
        self.diagnostics.push(diagnostic);
    }

    fn other(&mut self, ch: char, position: usize) -> usize {
        let rest = self.rest(position);
        if let Some((spelling, instead)) = foreign_operator(rest) {
            let end = position + spelling.len();
            let diagnostic = Diagnostic::new(
                Code::ForeignOperator,
                format!("`{spelling}` is not an operator in Tenet"),
                self.span(position, end),
            )
            .with_label("not an operator")
            .with_help(format!("did you mean {instead}?"));
            self.diagnostics.push(diagnostic);
            return end;
        }
        if !is_allowed(ch) {
            let end = position + ch.len_utf8();
            let mut diagnostic = Diagnostic::new(
                Code::InvalidCharacter,
                format!("unexpected character `{ch}`"),
                self.span(position, end),
            )
            .with_label("no token starts with this character");
            if ch == '*' {
                diagnostic = diagnostic.with_note("`*` is a wildcard only inside a `like` pattern");
            }
            self.diagnostics.push(diagnostic);
            return end;
        }
        position + ch.len_utf8()
    }
}

/// The length of a `u{...}` escape (one to six hex digits) at the start of `rest`, when it is
/// well formed.
fn unicode_escape_len(rest: &str) -> Option<usize> {
    let digits = rest.strip_prefix("u{")?;
    let close = digits.find('}')?;
    let hex = digits.get(..close)?;
    let well_formed = (1..=6).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit());
    well_formed.then_some(close + 3)
}

fn closer_of(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// Operators that people bring from other languages, and what Tenet spells instead.
fn foreign_operator(rest: &str) -> Option<(&'static str, &'static str)> {
    const FOREIGN: [(&str, &str); 7] = [
        ("===", "`==`"),
        ("=>", "`implies` or `⇒`"),
        ("->", "`implies` or `⇒`"),
        ("&&", "`and` or `∧`"),
        ("||", "`or` or `∨`"),
        ("!==", "`!=`"),
        ("!", "`not` or `¬`"),
    ];
    if rest.starts_with("!=") && !rest.starts_with("!==") {
        return None;
    }
    FOREIGN
        .iter()
        .copied()
        .find(|(spelling, _)| rest.starts_with(spelling))
}

fn is_allowed(ch: char) -> bool {
    ch.is_ascii_alphanumeric()
        || matches!(ch, ' ' | '\t' | '\r' | '\n')
        || "_$.,:?|=!<>-".contains(ch)
        || "¬∧∨⇒∀∃".contains(ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(source: &str) -> Vec<&'static str> {
        let found = scan(FileId::DUMMY, source, 0..source.len());
        found
            .iter()
            .map(|diagnostic| diagnostic.code.as_str())
            .collect()
    }

    #[test]
    fn chunks_start_at_item_keywords_with_their_comments() {
        let source =
            "use \"a\"\n\n/// doc\nrule x {\n  for y in z\n}\nresource(\"x\")\ndef f() = 1\n";
        let chunks = item_chunks(source);
        let texts: Vec<&str> = chunks.iter().map(|range| &source[range.clone()]).collect();
        assert_eq!(
            texts,
            [
                "use \"a\"\n\n",
                "/// doc\nrule x {\n  for y in z\n}\nresource(\"x\")\n",
                "def f() = 1\n"
            ]
        );
    }

    #[test]
    fn chunks_of_empty_text_is_one_empty_chunk() {
        assert_eq!(item_chunks(""), vec![std::ops::Range { start: 0, end: 0 }]);
    }

    #[test]
    fn strings_may_hold_anything_but_a_line_break() {
        assert!(codes("\"a // b => c ( '\"").is_empty());
        assert_eq!(codes("\"abc\nrule"), ["E0002"]);
    }

    #[test]
    fn escapes_are_checked() {
        assert!(codes(r#""\n \t \" \\ \u{1F600}""#).is_empty());
        assert_eq!(codes(r#""\q""#), ["E0005"]);
        assert_eq!(codes(r#""\u{}""#), ["E0005"]);
    }

    #[test]
    fn brackets_must_balance() {
        assert!(codes("([{}])").is_empty());
        assert_eq!(codes("(]"), ["E0014"]);
        assert_eq!(codes(")"), ["E0014"]);
        assert_eq!(codes("{ ("), ["E0014"]);
    }

    #[test]
    fn deep_nesting_is_refused_once() {
        let deep = "(".repeat(MAX_BRACKET_DEPTH * 4);
        assert_eq!(codes(&deep), ["E0006"]);
    }

    #[test]
    fn foreign_operators_are_named() {
        assert_eq!(
            codes("a => b && c || !d"),
            ["E0003", "E0003", "E0003", "E0003"]
        );
        assert!(codes("a != b").is_empty());
    }

    #[test]
    fn comments_are_skipped() {
        assert!(codes("// it's => fine ' \"").is_empty());
    }
}
