//! Comments are not in the AST, so the formatter finds them in the source text and hands each
//! one to the node it belongs to. [`scan`] lists them by position; [`Comments`] gives them out
//! in source order as the formatter walks the tree, which also walks the source in order.
//!
//! A comment with code before it on its line is *trailing*: the node that ends just before it
//! on that line takes it, and it stays at the end of that node's line. Any other comment is
//! *leading*: the next node to start after it takes it, and it is printed above that node.

use std::collections::VecDeque;
use std::ops::Range;

/// One `//` comment of the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Comment {
    /// Where it starts: the first `/`.
    pub(super) start: usize,
    /// Where it ends, trailing spaces excluded.
    pub(super) end: usize,
    /// The comment as written, trailing spaces removed.
    pub(super) text: String,
    /// True when only spaces come before it on its line.
    pub(super) own_line: bool,
}

/// Finds the comments of `source`. Strings are skipped, and so are `opaque` ranges (message
/// templates, whose holes may hold strings) and the `///` lines that the AST holds as docs.
/// A `///` line that is not in `docs` is kept as a comment, so that nothing is lost.
pub(super) fn scan(source: &str, opaque: &[Range<usize>], docs: &[usize]) -> Vec<Comment> {
    let bytes = source.as_bytes();
    let mut comments = Vec::new();
    let mut position = 0;

    while let Some(&byte) = bytes.get(position) {
        if let Some(range) = opaque.iter().find(|range| range.start == position) {
            position = range.end.max(position + 1);
            continue;
        }
        position = match byte {
            b'"' => skip_string(bytes, position),
            b'/' if bytes.get(position + 1) == Some(&b'/') => {
                let end = line_end(source, position);
                if !docs.contains(&position) {
                    comments.push(comment(source, position, end));
                }
                end
            }
            _ => position + 1,
        };
    }
    comments
}

/// The comment from `start` to `end`, the end of its line.
fn comment(source: &str, start: usize, end: usize) -> Comment {
    let text = source.get(start..end).unwrap_or("//").trim_end();
    let before = source.get(line_start(source, start)..start).unwrap_or("");
    Comment {
        start,
        end: start + text.len(),
        text: text.to_string(),
        own_line: before.trim().is_empty(),
    }
}

/// The position after the string that opens at `open`: its closing quote or its line's end.
fn skip_string(bytes: &[u8], open: usize) -> usize {
    let mut position = open + 1;
    while let Some(&byte) = bytes.get(position) {
        match byte {
            b'"' => return position + 1,
            b'\n' => return position,
            b'\\' => position += 2,
            _ => position += 1,
        }
    }
    position
}

/// Where the line holding `position` ends: its line break, or the end of the text.
fn line_end(source: &str, position: usize) -> usize {
    let rest = source.get(position..).unwrap_or("");
    rest.find('\n').map_or(source.len(), |end| position + end)
}

/// Where the line holding `position` starts.
fn line_start(source: &str, position: usize) -> usize {
    let before = source.get(..position).unwrap_or("");
    before.rfind('\n').map_or(0, |index| index + 1)
}

/// Whether a blank line comes before `position`, with only white space between them.
pub(super) fn blank_before(source: &str, position: usize) -> bool {
    let before = source.get(..position).unwrap_or("");
    let space = before.len() - before.trim_end().len();
    let gap = before.get(before.len() - space..).unwrap_or("");
    gap.matches('\n').count() >= 2
}

/// The comments not yet printed, in source order.
pub(super) struct Comments<'s> {
    source: &'s str,
    queue: VecDeque<Comment>,
    /// While positive, nothing is handed out: inside a message template no comment can be.
    muted: usize,
}

impl<'s> Comments<'s> {
    /// Queues the comments of `source`, which must be in source order.
    pub(super) fn new(source: &'s str, comments: Vec<Comment>) -> Comments<'s> {
        Comments {
            source,
            queue: comments.into(),
            muted: 0,
        }
    }

    /// Stops handing out comments until [`Comments::unmute`].
    pub(super) fn mute(&mut self) {
        self.muted += 1;
    }

    /// Undoes one [`Comments::mute`].
    pub(super) fn unmute(&mut self) {
        self.muted = self.muted.saturating_sub(1);
    }

    /// Every comment that starts before `position`: those above a node that starts there.
    pub(super) fn before(&mut self, position: usize) -> Vec<Comment> {
        let mut taken = Vec::new();
        while self.muted == 0 && self.queue.front().is_some_and(|c| c.start < position) {
            taken.extend(self.queue.pop_front());
        }
        taken
    }

    /// Whether a comment that starts before `position` is still to be printed.
    pub(super) fn pending_before(&self, position: usize) -> bool {
        self.queue.front().is_some_and(|c| c.start < position)
    }

    /// The comment at the end of the line of a node that ends at `end`, if only spaces and the
    /// characters of `allowed` (such as the comma after a list element) stand between them.
    pub(super) fn trailing(&mut self, end: usize, allowed: &str) -> Option<Comment> {
        let front = self.queue.front().filter(|_| self.muted == 0)?;
        if front.own_line || front.start < end {
            return None;
        }
        let between = self.source.get(end..front.start)?;
        let plain = between
            .chars()
            .all(|ch| ch == ' ' || ch == '\t' || ch == '\r' || allowed.contains(ch));
        if !plain {
            return None;
        }
        self.queue.pop_front()
    }

    /// The comment after an opening bracket that comes before `first`, the first thing inside
    /// the brackets: `rule x { // why`.
    pub(super) fn after_open(&mut self, first: usize) -> Option<Comment> {
        let front = self.queue.front().filter(|_| self.muted == 0)?;
        if front.own_line || front.start >= first {
            return None;
        }
        let before = self
            .source
            .get(line_start(self.source, front.start)..front.start)?;
        if !before.trim_end().ends_with(['{', '[', '(']) {
            return None;
        }
        self.queue.pop_front()
    }

    /// Every comment left, for the end of the file.
    pub(super) fn rest(&mut self) -> Vec<Comment> {
        self.queue.drain(..).collect()
    }
}

/// The position of the next character after `position` that is not white space, a comma or
/// part of a comment.
pub(super) fn skip_trivia(source: &str, mut position: usize) -> usize {
    let bytes = source.as_bytes();
    while let Some(&byte) = bytes.get(position) {
        position = match byte {
            b' ' | b'\t' | b'\r' | b'\n' | b',' => position + 1,
            b'/' if bytes.get(position + 1) == Some(&b'/') => line_end(source, position),
            _ => return position,
        };
    }
    position
}

/// Where `token` occurs in `range` of `source`, outside comments and strings.
pub(super) fn find_token(source: &str, range: Range<usize>, token: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut position = range.start;
    while position < range.end {
        let rest = source.get(position..)?;
        if rest.starts_with(token) {
            return Some(position);
        }
        position = match bytes.get(position)? {
            b'"' => skip_string(bytes, position),
            b'/' if rest.starts_with("//") => line_end(source, position),
            _ => position + rest.chars().next().map_or(1, char::len_utf8),
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<(String, bool)> {
        let found = scan(source, &[], &[]);
        found.into_iter().map(|c| (c.text, c.own_line)).collect()
    }

    #[test]
    fn comments_inside_strings_are_not_comments() {
        let source = "title \"https://x\" // real\n// own\n";
        assert_eq!(
            texts(source),
            [("// real".to_string(), false), ("// own".to_string(), true)]
        );
    }

    #[test]
    fn doc_lines_of_the_ast_are_skipped_but_others_are_kept() {
        let source = "/// doc\n//// plain\n/// detached\n";
        let found = scan(source, &[], &[0]);
        let found: Vec<&str> = found.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(found, ["//// plain", "/// detached"]);
    }

    #[test]
    fn opaque_ranges_hide_strings_inside_template_holes() {
        let source = "message \"{f(\"//\")}\" // c\n";
        let open = source.find('"').unwrap_or(0);
        let close = source.rfind('"').unwrap_or(0) + 1;
        let template = open..close;
        let found = scan(source, std::slice::from_ref(&template), &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "// c");
    }

    #[test]
    fn a_trailing_comment_goes_to_the_node_before_it_on_its_line() {
        let source = "  \"a\", // first\n  \"b\"\n";
        let mut comments = Comments::new(source, scan(source, &[], &[]));
        assert_eq!(comments.trailing(2, ","), None);
        let taken = comments.trailing(5, ",").map(|c| c.text);
        assert_eq!(taken.as_deref(), Some("// first"));
    }

    #[test]
    fn an_own_line_comment_goes_to_the_node_after_it() {
        let source = "let a = 1\n// about b\nlet b = 2\n";
        let mut comments = Comments::new(source, scan(source, &[], &[]));
        assert_eq!(comments.trailing(9, ""), None);
        assert!(comments.before(9).is_empty());
        let taken = comments.before(source.find("let b").unwrap_or(0));
        assert_eq!(taken.len(), 1);
    }

    #[test]
    fn a_comment_after_an_opening_brace_is_found() {
        let source = "rule x { // why\n  require true\n}\n";
        let mut comments = Comments::new(source, scan(source, &[], &[]));
        let first = source.find("require").unwrap_or(0);
        assert!(comments.after_open(first).is_some());
    }

    #[test]
    fn blank_lines_are_seen_through_spaces() {
        assert!(blank_before("a\n\n  b", 5));
        assert!(!blank_before("a\n  b", 4));
    }

    #[test]
    fn tokens_in_comments_and_strings_are_not_found() {
        let source = "{ // ..\n  a: \"..\"\n  ..\n}";
        let found = find_token(source, 0..source.len(), "..");
        assert_eq!(found, source.rfind(".."));
    }
}
