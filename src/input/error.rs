//! Why reading a file stopped, as data, and how that becomes the [`InputError`] the command
//! line shows: a message, the line and column, and the offending line of the input.

use std::io::{self, Read};

use super::InputError;
use super::source::{Position, Source};

/// How many characters of a long line an error snippet shows.
const SNIPPET_WIDTH: usize = 80;

/// Why reading stopped.
#[derive(Debug)]
pub(super) enum Stop {
    /// A byte other than one the structure allows, or the end of input (`found` is `None`).
    /// `[{} {}]` stops at the second `{`, where a `,` or `]` should be.
    Unexpected {
        /// Where the byte is.
        at: Position,
        /// What would have been accepted, for the message.
        expected: &'static str,
        /// The byte found.
        found: Option<u8>,
    },
    /// The input ended inside a value, as `[{"a": 1}` does.
    Unclosed {
        /// Where the input ended.
        at: Position,
        /// Where the value began.
        opened: Position,
        /// What the value is: `object`, `array` or `string`.
        what: &'static str,
    },
    /// serde rejected the bytes of a value, as in `{"a": tru}`.
    Json {
        /// Where serde stopped.
        at: Position,
        /// serde's message, without its position.
        reason: String,
    },
    /// The reader failed.
    Io {
        /// How far reading got.
        at: Position,
        /// What the reader said.
        error: io::Error,
    },
    /// The input starts with a UTF-16 byte order mark, as Windows PowerShell 5 writes files.
    Utf16,
}

impl Stop {
    /// The error serde found in `bytes`, which start at `start`, placed in the whole input.
    pub fn json(error: &serde_json::Error, bytes: &[u8], start: Position) -> Stop {
        let index = index_in(bytes, error.line(), error.column());
        Stop::Json {
            at: start.advance(bytes.get(..index).unwrap_or(bytes)),
            reason: reason(error),
        }
    }

    /// Where reading stopped.
    fn at(&self) -> Position {
        match self {
            Stop::Unexpected { at, .. }
            | Stop::Unclosed { at, .. }
            | Stop::Json { at, .. }
            | Stop::Io { at, .. } => *at,
            Stop::Utf16 => Position::START,
        }
    }

    /// The message, in the words the user should see.
    fn message(&self) -> String {
        match self {
            Stop::Unexpected {
                expected, found, ..
            } => format!(
                "invalid JSON: expected {expected}, found {}",
                describe(*found)
            ),
            Stop::Unclosed { opened, what, .. } => format!(
                "invalid JSON: the input ends inside the {what} that starts at line {} column {}",
                opened.line, opened.column
            ),
            Stop::Json { reason, .. } => format!("invalid JSON: {reason}"),
            Stop::Io { error, .. } => format!("cannot read the input: {error}"),
            Stop::Utf16 => "the input is UTF-16; save it as UTF-8 (in PowerShell, \
                            `Out-File -Encoding utf8`)"
                .to_string(),
        }
    }

    /// The error for the file named `file`; the snippet comes from what `source` still holds.
    pub fn into_error<R: Read>(self, file: &str, source: &Source<R>) -> InputError {
        let at = self.at();
        let snippet = match self {
            Stop::Utf16 | Stop::Io { .. } => None,
            _ => source
                .line_around(at.offset)
                .map(|(line, index)| cut(line, index)),
        };
        InputError {
            file: file.to_string(),
            line: at.line,
            column: at.column,
            message: self.message(),
            snippet,
        }
    }
}

/// A byte as the message names it.
fn describe(found: Option<u8>) -> String {
    match found {
        None => "the end of the input".to_string(),
        Some(byte) if byte.is_ascii_graphic() => format!("`{}`", char::from(byte)),
        Some(byte) if byte.is_ascii() => format!("the byte 0x{byte:02x}"),
        Some(_) => "a non-ASCII character".to_string(),
    }
}

/// The index in `bytes` of serde's line and column. serde counts both from 1, columns in
/// bytes, and gives column 0 for the line break that ends a line.
fn index_in(bytes: &[u8], line: usize, column: usize) -> usize {
    let line_start = match line.checked_sub(2) {
        None => 0,
        Some(breaks) => bytes
            .iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(breaks)
            .map_or(bytes.len(), |(index, _)| index + 1),
    };
    (line_start + column).saturating_sub(1).min(bytes.len())
}

/// serde's message without the position it appends, which would be relative to one value.
fn reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let text = text.strip_suffix(&suffix).unwrap_or(&text);
    text.replacen("EOF", "end of input", 1)
}

/// The line for a snippet: whole when short, else the characters around `index` with `…`
/// marking each end that was cut.
fn cut(line: &[u8], index: usize) -> String {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = String::from_utf8_lossy(line);
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= SNIPPET_WIDTH {
        return text.into_owned();
    }
    let before = String::from_utf8_lossy(line.get(..index).unwrap_or(line))
        .chars()
        .count();
    let end = (before.saturating_sub(SNIPPET_WIDTH / 2) + SNIPPET_WIDTH).min(chars.len());
    let start = end.saturating_sub(SNIPPET_WIDTH);
    let mut snippet = String::new();
    if start > 0 {
        snippet.push('…');
    }
    snippet.extend(chars.get(start..end).unwrap_or_default());
    if end < chars.len() {
        snippet.push('…');
    }
    snippet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_positions_become_indexes() {
        let text = b"{\"a\":\n  tru}";
        let error = serde_json::from_slice::<serde_json::Value>(text).unwrap_err();
        assert_eq!(index_in(text, error.line(), error.column()), 11);
        let stop = Stop::json(&error, text, Position::START);
        let Stop::Json { at, reason } = stop else {
            panic!("expected a JSON error");
        };
        assert_eq!(
            (at.line, at.column, reason.as_str()),
            (2, 6, "expected ident")
        );
    }

    #[test]
    fn serde_positions_inside_an_element_are_absolute() {
        let text = b"{\"a\": x}";
        let start = Position {
            offset: 40,
            line: 7,
            column: 3,
        };
        let error = serde_json::from_slice::<serde_json::Value>(text).unwrap_err();
        let Stop::Json { at, .. } = Stop::json(&error, text, start) else {
            panic!("expected a JSON error");
        };
        assert_eq!((at.offset, at.line, at.column), (46, 7, 9));
    }

    #[test]
    fn end_of_input_is_named_in_words() {
        let error = serde_json::from_slice::<serde_json::Value>(b"[1").unwrap_err();
        assert_eq!(reason(&error), "end of input while parsing a list");
    }

    #[test]
    fn short_lines_are_whole_and_long_lines_are_cut_around_the_column() {
        assert_eq!(cut(b"  {\"a\": x}\r", 8), "  {\"a\": x}");
        let long = format!("{}X{}", "a".repeat(100), "b".repeat(100));
        let snippet = cut(long.as_bytes(), 100);
        assert_eq!(snippet.chars().count(), SNIPPET_WIDTH + 2);
        assert!(snippet.starts_with('…') && snippet.ends_with('…'));
        assert_eq!(snippet.chars().position(|c| c == 'X'), Some(41));
        assert_eq!(cut(long.as_bytes(), 2).chars().next(), Some('a'));
    }

    #[test]
    fn bytes_are_described_for_people() {
        assert_eq!(describe(Some(b'x')), "`x`");
        assert_eq!(describe(Some(0)), "the byte 0x00");
        assert_eq!(describe(Some(0xC3)), "a non-ASCII character");
        assert_eq!(describe(None), "the end of the input");
    }
}
