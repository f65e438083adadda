//! Turns pest's errors into diagnostics a rule author can act on: what was expected in words
//! (never grammar rule names), where in the rule the parser was, and a likely fix.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::grammar::Rule as R;
use crate::diag::{Code, Diagnostic, FileId, Span, closest};

/// Something the parser would have accepted at the failing position.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Expected {
    Keyword(&'static str),
    Metadata,
    Punct(String),
    Item,
    RuleId,
    Label,
    Name,
    Str,
    Word,
    Type,
    PropertyName,
    Expression,
    Operator,
    EndOfFile,
}

impl Expected {
    fn describe(&self) -> String {
        match self {
            Expected::Keyword(word) => format!("`{word}`"),
            Expected::Metadata => "metadata such as `title`".to_string(),
            Expected::Punct(token) => format!("`{token}`"),
            Expected::Item => "an item (`rule`, `def`, `param`, `use` or `resource`)".to_string(),
            Expected::RuleId => "a rule id".to_string(),
            Expected::Label => "a requirement label".to_string(),
            Expected::Name => "a name".to_string(),
            Expected::Str => "a string".to_string(),
            Expected::Word => "a word".to_string(),
            Expected::Type => "a type".to_string(),
            Expected::PropertyName => "a property name".to_string(),
            Expected::Expression => "an expression".to_string(),
            Expected::Operator => "an operator".to_string(),
            Expected::EndOfFile => "the end of the file".to_string(),
        }
    }
}

/// Clause keywords in the order a rule body uses them; expectations are listed in this order.
const CLAUSES: [&str; 12] = [
    "require", "let", "for", "when", "report", "title", "severity", "effect", "docs", "message",
    "tags", "fix",
];

/// Metadata keywords, which must come before the bindings of a rule.
const METADATA: [&str; 7] = [
    "title", "severity", "effect", "docs", "message", "tags", "fix",
];

/// Words that cannot name a binding; mirrors `reserved` in the grammar.
const RESERVED: [&str; 22] = [
    "rule", "for", "in", "let", "when", "require", "param", "def", "use", "not", "and", "or",
    "implies", "all", "any", "count", "contains", "like", "matches", "true", "false", "null",
];

/// Builds the diagnostic for a pest error in a chunk of `source` that starts at `offset`.
pub(super) fn syntax_error(
    file: FileId,
    chunk: &str,
    offset: usize,
    error: &Error<R>,
) -> Diagnostic {
    let (position, raw) = expectations(error);
    if let ErrorVariant::CustomError { message } = &error.variant {
        return too_deep(
            Span::new(file, offset + position, offset + position),
            message,
        );
    }
    let found = token_at(chunk, position);
    let span = Span::new(file, offset + position, offset + position + found.len());
    let context = context(chunk, position);

    if let Some(diagnostic) = single_equals(&found, &raw, span) {
        return diagnostic;
    }
    let expected = simplify(raw.clone());
    if let Some(diagnostic) = misplaced_metadata(&found, &expected, span) {
        return diagnostic;
    }

    let mut message = format!("expected {}", list(&expected));
    if let Some(context) = &context {
        message = format!("{message} {context}");
    }
    let diagnostic = match misspelled_keyword(&found, &raw) {
        Some(keyword) => Diagnostic::new(Code::MisspelledKeyword, message, span)
            .with_label(format!("unknown word `{found}`"))
            .with_help(format!("did you mean `{keyword}`?")),
        None => Diagnostic::new(Code::Syntax, message, span).with_label(unexpected(&found)),
    };
    with_hint(diagnostic, &found, &expected, context.as_deref())
}

/// pest raises its own errors only when it runs out of stack or of its call budget.
fn too_deep(span: Span, message: &str) -> Diagnostic {
    Diagnostic::new(
        Code::NestingTooDeep,
        "this item nests too deeply to parse",
        span,
    )
    .with_label(format!("the parser stopped here: {message}"))
    .with_help("name parts of the expression with `let` or `def`")
}

fn unexpected(found: &str) -> String {
    if found.is_empty() {
        "the file ends here".to_string()
    } else {
        format!("unexpected `{found}`")
    }
}

/// The keyword that `found` is probably a typo of, among those expected.
fn misspelled_keyword(found: &str, expected: &[Expected]) -> Option<&'static str> {
    let is_word = !found.is_empty() && found.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let keywords = expected.iter().filter_map(|expected| match expected {
        Expected::Keyword(word) => Some(*word),
        _ => None,
    });
    closest(found, keywords).filter(|_| is_word)
}

/// Adds a help line for mistakes that have an obvious fix.
fn with_hint(
    diagnostic: Diagnostic,
    found: &str,
    expected: &[Expected],
    context: Option<&str>,
) -> Diagnostic {
    if diagnostic.help.is_some() {
        return diagnostic;
    }
    let wants_name = expected.contains(&Expected::Name);
    if wants_name && RESERVED.contains(&found) {
        return diagnostic.with_help(format!("`{found}` is a reserved word; choose another name"));
    }
    if found == "=" && context.is_some_and(|c| c.contains("`let`")) {
        return diagnostic.with_help("a `let` binds its value with a single `=`; `==` compares");
    }
    if found == "}" && context.is_some_and(|c| c.contains("`message`")) {
        return diagnostic.with_help("a literal `}` in a message is written `}}`");
    }
    if found == "\"" && expected.contains(&Expected::Word) {
        return diagnostic.with_help("write the word without quotes, as in `severity high`");
    }
    diagnostic
}

/// `a = b` in a condition: a comparison is written `==`.
fn single_equals(found: &str, expected: &[Expected], span: Span) -> Option<Diagnostic> {
    let is_single = found == "=";
    let wants_operator = expected.contains(&Expected::Operator);
    (is_single && wants_operator).then(|| {
        Diagnostic::new(Code::ForeignOperator, "`=` is not a comparison", span)
            .with_label("assignment sign in a condition")
            .with_help("compare with `==`")
    })
}

/// `title` after `for`: metadata belong at the top of a rule.
fn misplaced_metadata(found: &str, expected: &[Expected], span: Span) -> Option<Diagnostic> {
    let is_metadata = METADATA.contains(&found);
    let wants_step = expected.contains(&Expected::Keyword("require"));
    let wants_metadata = expected.contains(&Expected::Keyword("title"));
    (is_metadata && wants_step && !wants_metadata).then(|| {
        Diagnostic::new(
            Code::MisplacedMetadata,
            format!("`{found}` must come before the bindings and conditions of the rule"),
            span,
        )
        .with_label("metadata after a binding or condition")
        .with_help(format!("move `{found}` up, next to the other metadata"))
    })
}

/// The text of the token at `position`: a word, an operator, one character, or nothing at EOF.
fn token_at(chunk: &str, position: usize) -> String {
    let rest = chunk.get(position..).unwrap_or("");
    let word: String = rest
        .chars()
        .take_while(|&ch| ch.is_alphanumeric() || ch == '_')
        .collect();
    if !word.is_empty() {
        return word;
    }
    for operator in ["==", "!=", "<=", ">="] {
        if rest.starts_with(operator) {
            return operator.to_string();
        }
    }
    rest.chars().next().map(String::from).unwrap_or_default()
}

/// Where parsing failed, and what pest tried there, in words, in a stable order.
fn expectations(error: &Error<R>) -> (usize, Vec<Expected>) {
    let position = match error.location {
        InputLocation::Pos(position) => position,
        InputLocation::Span((start, _)) => start,
    };
    let mut expected: Vec<Expected> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives
            .iter()
            .filter_map(|rule| from_rule(*rule))
            .collect(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_by_key(order);
    expected.dedup();
    (position, expected)
}

/// Drops alternatives that only add noise next to better ones.
fn simplify(mut expected: Vec<Expected>) -> Vec<Expected> {
    let has = |expected: &[Expected], item: &Expected| expected.contains(item);
    if has(&expected, &Expected::Expression) {
        expected.retain(|e| *e != Expected::Name);
    }
    if has(&expected, &Expected::Item) {
        expected.retain(|e| *e != Expected::EndOfFile);
    }
    if has(&expected, &Expected::Expression) {
        // Strings, lists and parentheses are all expressions.
        let starts = |p: &str| p == "(" || p == "[";
        expected.retain(|e| *e != Expected::Str && !matches!(e, Expected::Punct(p) if starts(p)));
    }
    let postfix_possible = has(&expected, &Expected::Operator);
    let others = expected
        .iter()
        .any(|e| !matches!(e, Expected::Operator | Expected::Punct(_)));
    let structural = expected
        .iter()
        .any(|e| matches!(e, Expected::Keyword(_) | Expected::Punct(_)));
    if others || structural {
        expected.retain(|e| *e != Expected::Operator);
        // Next to operators, `.`, `[` and `(` only continue the operand before them.
        let continues = |p: &str| postfix_possible && (p == "." || p == "[" || p == "(");
        expected.retain(|e| !matches!(e, Expected::Punct(p) if continues(p)));
    }
    let all_metadata = METADATA
        .iter()
        .all(|m| has(&expected, &Expected::Keyword(m)));
    if all_metadata {
        expected.retain(|e| !matches!(e, Expected::Keyword(k) if METADATA.contains(k)));
        expected.push(Expected::Metadata);
    }
    if expected.is_empty() {
        expected.push(Expected::Expression);
    }
    expected
}

fn order(expected: &Expected) -> (usize, String) {
    match expected {
        Expected::Keyword(word) => (
            CLAUSES.iter().position(|c| c == word).unwrap_or(20),
            String::new(),
        ),
        Expected::Punct(token) => (30, token.clone()),
        other => (40, format!("{other:?}")),
    }
}

fn from_rule(rule: R) -> Option<Expected> {
    let expected = match rule {
        R::kw_require => Expected::Keyword("require"),
        R::kw_let => Expected::Keyword("let"),
        R::kw_for => Expected::Keyword("for"),
        R::kw_when => Expected::Keyword("when"),
        R::kw_report => Expected::Keyword("report"),
        R::kw_title => Expected::Keyword("title"),
        R::kw_severity => Expected::Keyword("severity"),
        R::kw_effect => Expected::Keyword("effect"),
        R::kw_docs => Expected::Keyword("docs"),
        R::kw_message => Expected::Keyword("message"),
        R::kw_tags => Expected::Keyword("tags"),
        R::kw_fix => Expected::Keyword("fix"),
        R::kw_in => Expected::Keyword("in"),
        R::kw_rule | R::kw_use | R::kw_param | R::kw_def | R::kw_resource | R::item => {
            Expected::Item
        }
        R::rule_id => Expected::RuleId,
        R::label | R::requirement => Expected::Label,
        R::ident => Expected::Name,
        R::string | R::template | R::str_text => Expected::Str,
        R::word => Expected::Word,
        R::ty | R::ty_name | R::list_ty | R::object_ty | R::kw_list => Expected::Type,
        R::field_name | R::field_ty => Expected::PropertyName,
        R::EOI => Expected::EndOfFile,
        R::expr
        | R::quantifier
        | R::count
        | R::call
        | R::null
        | R::boolean
        | R::number
        | R::list
        | R::paren
        | R::op_not
        | R::op_all
        | R::op_any
        | R::kw_count => Expected::Expression,
        R::lbrace => Expected::Punct("{".to_string()),
        R::rbrace => Expected::Punct("}".to_string()),
        R::lparen => Expected::Punct("(".to_string()),
        R::rparen => Expected::Punct(")".to_string()),
        R::lbracket => Expected::Punct("[".to_string()),
        R::rbracket => Expected::Punct("]".to_string()),
        R::langle => Expected::Punct("<".to_string()),
        R::rangle => Expected::Punct(">".to_string()),
        R::colon => Expected::Punct(":".to_string()),
        R::comma => Expected::Punct(",".to_string()),
        R::assign => Expected::Punct("=".to_string()),
        R::pipe => Expected::Punct("|".to_string()),
        R::dot => Expected::Punct(".".to_string()),
        R::rest => Expected::Punct("..".to_string()),
        R::optional => Expected::Punct("?".to_string()),
        R::file => Expected::Item,
        R::doc => return None,
        _ => Expected::Operator,
    };
    Some(expected)
}

fn list(expected: &[Expected]) -> String {
    let described: Vec<String> = expected.iter().map(Expected::describe).collect();
    match described.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => "something else".to_string(),
    }
}

/// Where in a rule the parser was, from the last clause keyword before `position`.
fn context(chunk: &str, position: usize) -> Option<String> {
    let before = chunk.get(..position).unwrap_or("");
    let (keyword, end) = last_keyword(before)?;
    let right_after = before.get(end..).is_some_and(|gap| gap.trim().is_empty());

    let after_in = before
        .trim_end()
        .strip_suffix("in")
        .is_some_and(|rest| rest.ends_with(char::is_whitespace));
    let phrase = match (keyword, right_after) {
        _ if after_in => "after `in`".to_string(),
        (keyword, true) => format!("after `{keyword}`"),
        ("all" | "any" | "count", false) => "in this quantifier".to_string(),
        ("when", false) => "after the `when` condition".to_string(),
        ("for", false) => "after the `for` binding".to_string(),
        ("let", false) => "after the `let` binding".to_string(),
        ("require", false) => "after the requirement".to_string(),
        ("rule", false) => "in this rule".to_string(),
        (keyword, false) if METADATA.contains(&keyword) => format!("after the `{keyword}` value"),
        (keyword, false) => format!("in this `{keyword}`"),
    };
    Some(phrase)
}

/// The last clause or item keyword in `text` outside strings, comments and property names,
/// with the offset just past it.
fn last_keyword(text: &str) -> Option<(&'static str, usize)> {
    const KEYWORDS: [&str; 19] = [
        "rule", "def", "param", "use", "resource", "require", "let", "for", "when", "report",
        "title", "severity", "effect", "docs", "message", "tags", "all", "any", "count",
    ];
    let bytes = text.as_bytes();
    let mut last = None;
    let mut index = 0;

    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'"' => index = skip_string(bytes, index),
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                index = text
                    .get(index..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(bytes.len(), |n| index + n);
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let end = word_end(bytes, index);
                let after_dot = index > 0 && bytes.get(index - 1) == Some(&b'.');
                let word = text.get(index..end).unwrap_or("");
                if let Some(keyword) = KEYWORDS.iter().find(|k| **k == word).filter(|_| !after_dot)
                {
                    last = Some((*keyword, end));
                }
                index = end;
            }
            _ => index += 1,
        }
    }
    last
}

fn skip_string(bytes: &[u8], open: usize) -> usize {
    let mut index = open + 1;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'\\' => index += 2,
            b'"' | b'\n' => return index + 1,
            _ => index += 1,
        }
    }
    index
}

fn word_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while bytes
        .get(end)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::super::build::one_of;
    use super::*;

    #[test]
    fn last_keyword_skips_strings_comments_and_properties() {
        let text = "rule x {\n  title \"when\" // let\n  when a.for";
        assert_eq!(last_keyword(text).map(|(k, _)| k), Some("when"));
    }

    #[test]
    fn lists_read_as_english() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
