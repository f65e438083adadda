//! The canonical spelling of tokens: strings, message text, numbers, property names and doc
//! lines.

use std::fmt::Write;

/// A string literal with its quotes. Only what must be escaped is: quotes, backslashes and
/// control characters, the common ones by their short escapes.
pub(super) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        escape(&mut out, ch);
    }
    out.push('"');
    out
}

/// The text of a message template between holes: like a string, with braces doubled.
pub(super) fn template_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '{' => out.push_str("{{"),
            '}' => out.push_str("}}"),
            _ => escape(&mut out, ch),
        }
    }
    out
}

/// Adds `ch` to a string literal, escaped if it must be.
fn escape(out: &mut String, ch: char) {
    match ch {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        ch if ch.is_control() => {
            let _ = write!(out, "\\u{{{:X}}}", u32::from(ch));
        }
        ch => out.push(ch),
    }
}

/// Whether a schema property name can be written without quotes.
pub(super) fn is_bare_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first = chars
        .next()
        .is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_' || ch == '$');
    first && chars.all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '$')
}

/// A number as its author wrote it. `written` is the source text of the literal, which may be
/// wrapped in parentheses and comments; when no literal for `value` is found in it, Rust's own
/// spelling of the value is used.
pub(super) fn number(written: &str, value: f64) -> String {
    let found = first_number(written)
        .filter(|text| text.ends_with(|ch: char| ch.is_ascii_digit()))
        .filter(|text| text.parse::<f64>() == Ok(value));
    found.map_or_else(|| value.to_string(), str::to_string)
}

/// The first run of number characters outside comments.
fn first_number(text: &str) -> Option<&str> {
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start_matches(|ch: char| ch == '(' || ch.is_whitespace());
        if !trimmed.starts_with("//") {
            let len = trimmed
                .find(|ch: char| !(ch.is_ascii_digit() || "-+.eE".contains(ch)))
                .unwrap_or(trimmed.len());
            return trimmed.get(..len).filter(|number| !number.is_empty());
        }
        rest = trimmed.split_once('\n').map_or("", |(_, after)| after);
    }
}

/// A doc comment line for `text`, the line without its `///`.
pub(super) fn doc_line(text: &str) -> String {
    if text.is_empty() {
        "///".to_string()
    } else {
        format!("/// {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_only_what_they_must() {
        assert_eq!(string("a \"b\" \\ {c}"), r#""a \"b\" \\ {c}""#);
        assert_eq!(string("tab\tline\n\u{7}é"), r#""tab\tline\n\u{7}é""#);
    }

    #[test]
    fn template_text_doubles_braces() {
        assert_eq!(template_text("{legacy}"), "{{legacy}}");
    }

    #[test]
    fn numbers_keep_their_spelling() {
        assert_eq!(number("2e3", 2000.0), "2e3");
        assert_eq!(number("( // one\n -1.50)", -1.5), "-1.50");
        assert_eq!(number("garbage", 3.0), "3");
    }

    #[test]
    fn names_that_are_not_words_need_quotes() {
        assert!(is_bare_name("$schema"));
        assert!(!is_bare_name("odd-key"));
        assert!(!is_bare_name(""));
    }
}
