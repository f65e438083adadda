//! The byte source under every shape: input read in large chunks through a reader, handed out
//! byte by byte or one whole JSON value at a time, with the line and column of every position.
//!
//! The scanner does not validate JSON. It only tracks strings, escapes and bracket depth, which
//! is enough to find where a value ends; serde checks each value's bytes afterwards.

use std::io::{self, Read};

use super::error::Stop;

/// How many bytes before a held value stay in the buffer, so that an error snippet can show
/// the start of the line it is on.
const CONTEXT: usize = 128;

/// A place in the input: the byte offset from its start, and the 1-based line and column.
/// Columns count characters, not bytes, so that they match what an editor shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Position {
    /// Bytes before this place.
    pub offset: u64,
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The first byte of an input.
    pub const START: Position = Position {
        offset: 0,
        line: 1,
        column: 1,
    };

    /// The position just past `bytes`, when they start here.
    // Limitation: only `\n` ends a line; a lone `\r`, as classic Mac OS wrote, does not.
    pub fn advance(self, bytes: &[u8]) -> Position {
        let offset = self.offset + bytes.len() as u64;
        match bytes.iter().rposition(|&byte| byte == b'\n') {
            Some(last) => Position {
                offset,
                line: self.line + count(bytes, |byte| byte == b'\n'),
                column: 1 + chars(bytes.get(last + 1..).unwrap_or_default()),
            },
            None => Position {
                offset,
                line: self.line,
                column: self.column + chars(bytes),
            },
        }
    }
}

/// How many characters `bytes` hold: every byte that does not continue a UTF-8 sequence.
pub(super) fn chars(bytes: &[u8]) -> usize {
    count(bytes, |byte| byte & 0xC0 != 0x80)
}

/// How many bytes of `bytes` `test` accepts. Counting into a byte, 255 bytes at a time, lets
/// the compiler vectorize the loop, which makes it several times faster than `filter().count()`.
fn count(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    let chunks = bytes.chunks(usize::from(u8::MAX));
    let counts = chunks.map(|chunk| {
        let hits = chunk
            .iter()
            .fold(0u8, |hits, &byte| hits.wrapping_add(u8::from(test(byte))));
        usize::from(hits)
    });
    counts.sum()
}

/// Where the scanner stands inside the value it is skipping. It survives the end of a chunk,
/// so a value may cross any number of chunk boundaries.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Scan {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Scan {
    /// Scans `bytes` onwards from where the previous call stopped. Returns the index just past
    /// the value's end when the value ends inside `bytes`, and `None` when it needs more.
    ///
    /// This loop sees every byte of an export, so it jumps from one byte that matters to the
    /// next, eight bytes at a time: outside strings quotes and brackets, inside strings quotes
    /// and backslashes. Lines are counted later, in bulk, by [`Position::advance`].
    pub fn run(&mut self, bytes: &[u8]) -> Option<usize> {
        let mut index = 0;
        loop {
            if self.in_string {
                index = self.string_end(bytes, index)?;
                if self.depth == 0 {
                    return Some(index);
                }
                continue;
            }
            let found = index + find_structural(bytes.get(index..)?)?;
            index = found + 1;
            match bytes.get(found) {
                Some(b'"') => self.in_string = true,
                Some(b'{' | b'[') => self.depth += 1,
                Some(b'}' | b']') => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return Some(index);
                    }
                }
                _ => {}
            }
        }
    }

    /// Skips to just past the quote that closes the current string.
    fn string_end(&mut self, bytes: &[u8], mut index: usize) -> Option<usize> {
        if self.escaped {
            // The previous chunk ended on a backslash, so this chunk's first byte is escaped.
            if index >= bytes.len() {
                return None;
            }
            self.escaped = false;
            index += 1;
        }
        loop {
            let found = index + find_string_special(bytes.get(index..)?)?;
            if bytes.get(found) == Some(&b'"') {
                self.in_string = false;
                return Some(found + 1);
            }
            if found + 1 >= bytes.len() {
                self.escaped = true;
                return None;
            }
            index = found + 2;
        }
    }
}

/// Eight copies of `byte`, to compare eight input bytes at once.
const fn splat(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// The high bit of each byte of `word` that is zero. A borrow can also set bits above the
/// first zero byte, so only the lowest set bit is to be trusted.
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(splat(0x01)) & !word & splat(0x80)
}

/// The index of the first byte of `bytes` that matters outside a string: a quote or bracket.
fn find_structural(bytes: &[u8]) -> Option<usize> {
    // `[`, `]`, `{` and `}` all become 0x7F when bits 0x26 are set; so do `Y`, `_`, `y` and
    // DEL, which `Scan::run` passes over.
    let hits =
        |word: u64| zero_bytes(word ^ splat(b'"')) | zero_bytes((word | splat(0x26)) ^ splat(0x7F));
    find(bytes, hits, |byte| {
        matches!(byte, b'"' | b'[' | b']' | b'{' | b'}')
    })
}

/// The index of the first quote or backslash in `bytes`.
fn find_string_special(bytes: &[u8]) -> Option<usize> {
    let hits = |word: u64| zero_bytes(word ^ splat(b'"')) | zero_bytes(word ^ splat(b'\\'));
    find(bytes, hits, |byte| byte == b'"' || byte == b'\\')
}

/// The index of the first byte in `bytes` that `is_hit` accepts, looking at eight bytes at a
/// time with `hits`, which marks the same bytes of a little-endian word.
fn find(bytes: &[u8], hits: impl Fn(u64) -> u64, is_hit: impl Fn(u8) -> bool) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut offset = 0;
    for word in &mut words {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or_default());
        let found = hits(word);
        if found != 0 {
            return Some(offset + found.trailing_zeros() as usize / 8);
        }
        offset += 8;
    }
    let rest = words.remainder().iter().position(|&byte| is_hit(byte));
    rest.map(|index| offset + index)
}

/// Where a value began and what it is (`object`, `array`), for the error when it never ends.
type Opened = (Position, &'static str);

/// A place in the buffer whose line and column are known; later positions are counted from
/// it, so each byte is counted once.
// Invariant: the anchor lies at or before `Source::next`.
#[derive(Clone, Copy, Debug)]
struct Anchor {
    index: usize,
    line: usize,
    column: usize,
}

/// Input read through a reader in chunks of a fixed size, keeping only what is still needed:
/// the bytes of the value being held (see [`Source::hold`]) and a little context before them.
pub(super) struct Source<R> {
    reader: R,
    chunk: usize,
    /// The buffer's memory; bytes past `filled` are room for the next read.
    storage: Vec<u8>,
    /// How many bytes of `storage` hold input.
    filled: usize,
    /// The input offset of `storage[0]`.
    base: u64,
    /// The index in `storage` of the next byte to hand out.
    next: usize,
    /// The input offset from which bytes are kept, while a value is being held.
    mark: Option<u64>,
    anchor: Anchor,
    at_end: bool,
}

impl<R: Read> Source<R> {
    /// A source over `reader` that reads `chunk` bytes at a time.
    pub fn new(reader: R, chunk: usize) -> Source<R> {
        Source::starting_at(reader, chunk, Position::START)
    }

    /// A source over text that starts at `position` of some larger input, so that the
    /// positions it reports are those of the larger input.
    pub fn starting_at(reader: R, chunk: usize, position: Position) -> Source<R> {
        Source {
            reader,
            chunk: chunk.max(1),
            storage: Vec::new(),
            filled: 0,
            base: position.offset,
            next: 0,
            mark: None,
            anchor: Anchor {
                index: 0,
                line: position.line,
                column: position.column,
            },
            at_end: false,
        }
    }

    /// The next byte without consuming it, reading more input when needed; `None` at the end.
    pub fn peek(&mut self) -> Result<Option<u8>, Stop> {
        if self.next >= self.filled && !self.fill()? {
            return Ok(None);
        }
        Ok(self.buffer().get(self.next).copied())
    }

    /// Consumes the byte that [`Source::peek`] returned.
    pub fn bump(&mut self) {
        self.next = (self.next + 1).min(self.filled);
    }

    /// Skips JSON whitespace and returns the byte after it, or `None` at the end.
    pub fn skip_whitespace(&mut self) -> Result<Option<u8>, Stop> {
        while let Some(byte) = self.peek()? {
            if !matches!(byte, b' ' | b'\t' | b'\r' | b'\n') {
                return Ok(Some(byte));
            }
            self.bump();
        }
        Ok(None)
    }

    /// Whether the input continues with `prefix`; reads as much as needed to tell.
    pub fn starts_with(&mut self, prefix: &[u8]) -> Result<bool, Stop> {
        while self.filled - self.next < prefix.len() && self.fill()? {}
        let rest = self.buffer().get(self.next..).unwrap_or_default();
        Ok(rest.starts_with(prefix))
    }

    /// Skips `count` bytes that [`Source::starts_with`] saw, counting them as no columns: used
    /// for a byte order mark, which an editor does not show.
    pub fn skip_unseen(&mut self, count: usize) {
        self.next = (self.next + count).min(self.filled);
        self.anchor.index = self.next;
    }

    /// The position of the next byte.
    pub fn position(&mut self) -> Position {
        self.move_anchor(self.next);
        Position {
            offset: self.base + self.next as u64,
            line: self.anchor.line,
            column: self.anchor.column,
        }
    }

    /// Moves the anchor forward to buffer index `index`, counting the lines and columns passed.
    fn move_anchor(&mut self, index: usize) {
        let Some(passed) = self.buffer().get(self.anchor.index..index) else {
            return;
        };
        let from = Position {
            offset: 0,
            line: self.anchor.line,
            column: self.anchor.column,
        };
        let to = from.advance(passed);
        self.anchor = Anchor {
            index,
            line: to.line,
            column: to.column,
        };
    }

    /// Keeps every byte from the next one on in the buffer, until [`Source::release`]. Returns
    /// the hold that was in place, which `release` restores, so holds can nest.
    pub fn hold(&mut self) -> Option<u64> {
        let offset = self.base + self.next as u64;
        let previous = self.mark;
        self.mark = Some(previous.map_or(offset, |mark| mark.min(offset)));
        previous
    }

    /// The bytes from input offset `from`, which must be held, up to the next byte.
    pub fn held(&self, from: u64) -> &[u8] {
        let start = self.index_of(from).unwrap_or(self.next);
        self.buffer().get(start..self.next).unwrap_or_default()
    }

    /// Ends a hold, restoring the one that [`Source::hold`] returned.
    pub fn release(&mut self, previous: Option<u64>) {
        self.mark = previous;
    }

    /// The line around input offset `offset`, as far as the buffer still holds it, and the
    /// index of `offset` in that line. `None` once the buffer has moved past it.
    pub fn line_around(&self, offset: u64) -> Option<(&[u8], usize)> {
        let index = self.index_of(offset)?;
        let before = self.buffer().get(..index)?;
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        let after = self.buffer().get(index..)?;
        let end = index
            + after
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(after.len());
        Some((self.buffer().get(start..end)?, index - start))
    }

    /// Skips the JSON value that starts at the next byte. Its content is not validated.
    pub fn skip_value(&mut self) -> Result<(), Stop> {
        match self.peek()? {
            Some(b'{' | b'[' | b'"') => self.skip_scanned(),
            Some(b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => self.skip_scalar(),
            found => Err(Stop::Unexpected {
                at: self.position(),
                expected: "a value",
                found,
            }),
        }
    }

    /// Walks the object that starts at the next byte: for each member, reads the key and calls
    /// `each` with the source standing at the member's value, which `each` must consume.
    pub fn members(
        &mut self,
        mut each: impl FnMut(&mut Self, String) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        self.peek()?;
        let opened = (self.position(), "object");
        self.bump();
        if self.skip_whitespace()? == Some(b'}') {
            self.bump();
            return Ok(());
        }
        loop {
            match self.skip_whitespace()? {
                Some(b'"') => {}
                found => return Err(self.unexpected("a string key", found, opened)),
            }
            let key = self.key()?;
            match self.skip_whitespace()? {
                Some(b':') => self.bump(),
                found => return Err(self.unexpected("`:`", found, opened)),
            }
            self.skip_whitespace()?;
            each(self, key)?;
            if !self.more(b'}', opened)? {
                return Ok(());
            }
        }
    }

    /// Walks the array that starts at the next byte, calling `each` with the index of each
    /// element while the source stands at it; `each` must consume the element.
    pub fn elements(
        &mut self,
        mut each: impl FnMut(&mut Self, usize) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        self.peek()?;
        let opened = (self.position(), "array");
        self.bump();
        if self.skip_whitespace()? == Some(b']') {
            self.bump();
            return Ok(());
        }
        let mut index = 0;
        loop {
            if self.skip_whitespace()?.is_none() {
                return Err(self.unexpected("a value", None, opened));
            }
            each(self, index)?;
            index += 1;
            if !self.more(b']', opened)? {
                return Ok(());
            }
        }
    }

    /// Reads the `,` or the closing bracket after an item; true when another item follows.
    fn more(&mut self, close: u8, opened: Opened) -> Result<bool, Stop> {
        match self.skip_whitespace()? {
            Some(b',') => {
                self.bump();
                Ok(true)
            }
            Some(byte) if byte == close => {
                self.bump();
                Ok(false)
            }
            found if close == b'}' => Err(self.unexpected("`,` or `}`", found, opened)),
            found => Err(self.unexpected("`,` or `]`", found, opened)),
        }
    }

    /// The error for `found` where `expected` should be. The end of input inside a value
    /// gets its own error, which names where that value began.
    fn unexpected(&mut self, expected: &'static str, found: Option<u8>, opened: Opened) -> Stop {
        let at = self.position();
        match found {
            None => Stop::Unclosed {
                at,
                opened: opened.0,
                what: opened.1,
            },
            found => Stop::Unexpected {
                at,
                expected,
                found,
            },
        }
    }

    /// Reads an object key: the string at the next byte, unescaped.
    fn key(&mut self) -> Result<String, Stop> {
        let start = self.position();
        let previous = self.hold();
        self.skip_scanned()?;
        let raw = self.held(start.offset);
        let key = serde_json::from_slice(raw).map_err(|error| Stop::json(&error, raw, start))?;
        self.release(previous);
        Ok(key)
    }

    /// Skips a string, object or array with the scanner, reading chunks until it ends.
    fn skip_scanned(&mut self) -> Result<(), Stop> {
        let what = match self.peek()? {
            Some(b'{') => "object",
            Some(b'[') => "array",
            _ => "string",
        };
        let opened = self.position();
        let mut scan = Scan::default();
        loop {
            let start = self.next;
            let rest = self.buffer().get(start..).unwrap_or_default();
            if let Some(end) = scan.run(rest) {
                self.next = start + end;
                return Ok(());
            }
            self.next = self.filled;
            if !self.fill()? {
                let at = self.position();
                return Err(Stop::Unclosed { at, opened, what });
            }
        }
    }

    /// Skips a number, `true`, `false` or `null`: everything up to the next delimiter.
    fn skip_scalar(&mut self) -> Result<(), Stop> {
        while let Some(byte) = self.peek()? {
            if matches!(
                byte,
                b',' | b':' | b']' | b'}' | b'[' | b'{' | b'"' | b' ' | b'\t' | b'\r' | b'\n'
            ) {
                break;
            }
            self.next += 1;
        }
        Ok(())
    }

    /// The index in the buffer of input offset `offset`, if the buffer still holds it.
    fn index_of(&self, offset: u64) -> Option<usize> {
        let index = usize::try_from(offset.checked_sub(self.base)?).ok()?;
        (index <= self.filled).then_some(index)
    }

    /// The input bytes the buffer holds.
    fn buffer(&self) -> &[u8] {
        self.storage.get(..self.filled).unwrap_or_default()
    }

    /// Reads the next chunk after the bytes held, first making room: by dropping the bytes
    /// nobody needs any more, and growing only when that is not enough. Returns false at the
    /// end of input.
    fn fill(&mut self) -> Result<bool, Stop> {
        if self.at_end {
            return Ok(false);
        }
        if self.storage.len() - self.filled < self.chunk {
            self.compact();
        }
        if self.storage.len() - self.filled < self.chunk {
            self.storage.resize(self.filled + self.chunk, 0);
        }
        let read = loop {
            let spare = self.storage.get_mut(self.filled..).unwrap_or_default();
            match self.reader.read(spare) {
                Ok(read) => break read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    let at = self.position();
                    return Err(Stop::Io { at, error });
                }
            }
        };
        self.filled += read;
        self.at_end = read == 0;
        Ok(read > 0)
    }

    /// Removes the bytes before the hold (or before the next byte), except a little context.
    fn compact(&mut self) {
        let held = self.mark.and_then(|mark| self.index_of(mark));
        let keep = held
            .unwrap_or(self.next)
            .min(self.next)
            .saturating_sub(CONTEXT);
        if keep == 0 {
            return;
        }
        if self.anchor.index < keep {
            self.move_anchor(keep);
        }
        self.storage.copy_within(keep..self.filled, 0);
        self.filled -= keep;
        self.base += keep as u64;
        self.next -= keep;
        self.anchor.index -= keep;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits the top-level array in `text` with chunks of `chunk` bytes, returning each
    /// element's text and start.
    fn split(text: &str, chunk: usize) -> Vec<(String, usize, usize)> {
        let mut source = Source::new(text.as_bytes(), chunk);
        let mut found = Vec::new();
        source.skip_whitespace().unwrap();
        source
            .elements(|source, _| {
                let start = source.position();
                let previous = source.hold();
                source.skip_value()?;
                let bytes = String::from_utf8_lossy(source.held(start.offset)).into_owned();
                found.push((bytes, start.line, start.column));
                source.release(previous);
                Ok(())
            })
            .unwrap();
        found
    }

    #[test]
    fn strings_with_escaped_quotes_and_brackets_do_not_end_elements() {
        let text = r#"[{"a": "x\"]}[{"}, {"b": "\\"}, "s\"]", 12, true]"#;
        let elements: Vec<String> = split(text, 1024).into_iter().map(|e| e.0).collect();
        assert_eq!(
            elements,
            [
                r#"{"a": "x\"]}[{"}"#,
                r#"{"b": "\\"}"#,
                r#""s\"]""#,
                "12",
                "true"
            ]
        );
    }

    #[test]
    fn elements_cross_chunk_boundaries_at_every_size() {
        let text = concat!(
            "[\n  {\"id\": \"a\\\"b\", \"n\": [1, {\"x\": \"]\"}]},\n",
            "  {\"id\": \"é\"}\n]\n"
        );
        let expected = split(text, 4096);
        assert_eq!(expected.len(), 2);
        for chunk in 1..=16 {
            assert_eq!(split(text, chunk), expected, "chunk size {chunk}");
        }
    }

    #[test]
    fn seven_byte_chunks_keep_lines_and_columns() {
        let text = "[\n  {\"type\": \"a\"},\n\n    {\"type\": \"b\\\\\"},  {\"type\": \"c\"}\n]";
        let starts: Vec<(usize, usize)> = split(text, 7).into_iter().map(|e| (e.1, e.2)).collect();
        assert_eq!(starts, [(2, 3), (4, 5), (4, 23)]);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "[\"ééé\", {\"a\": 1}]";
        let starts: Vec<(usize, usize)> = split(text, 3).into_iter().map(|e| (e.1, e.2)).collect();
        assert_eq!(starts, [(1, 2), (1, 9)]);
    }

    #[test]
    fn crlf_line_breaks_count_once() {
        let text = "[\r\n  {\"a\": 1},\r\n  {\"b\": 2}\r\n]\r\n";
        let starts: Vec<(usize, usize)> = split(text, 5).into_iter().map(|e| (e.1, e.2)).collect();
        assert_eq!(starts, [(2, 3), (3, 3)]);
    }

    #[test]
    fn line_breaks_inside_elements_move_later_starts() {
        let text = "[{\n\"a\": [\n1,\n2]\n}, {\"b\": 1}]";
        let starts: Vec<(usize, usize)> = split(text, 2).into_iter().map(|e| (e.1, e.2)).collect();
        assert_eq!(starts, [(1, 2), (5, 4)]);
    }

    #[test]
    fn a_backslash_at_the_end_of_a_chunk_escapes_the_next_chunk() {
        let mut scan = Scan::default();
        assert_eq!(scan.run(br#"["ab\"#), None);
        assert_eq!(scan.run(br#"""#), None);
        assert_eq!(scan.run(br#"", 1]"#), Some(5));
    }

    #[test]
    fn the_scanner_finds_the_end_of_each_kind_of_value() {
        assert_eq!(
            Scan::default().run(b"{\n\"a\":\n [1, {}]\n} rest"),
            Some(17)
        );
        assert_eq!(Scan::default().run(br#""a\"b" rest"#), Some(6));
        assert_eq!(Scan::default().run(br#"[{"y_Y": "}"}, "]"] x"#), Some(19));
    }

    #[test]
    fn word_searches_find_the_first_hit_at_every_offset() {
        for len in 0..20 {
            for at in 0..len {
                let mut bytes = vec![b' '; len];
                bytes[at] = b'}';
                assert_eq!(find_structural(&bytes), Some(at), "{len} {at}");
                bytes[at] = b'\\';
                assert_eq!(find_string_special(&bytes), Some(at), "{len} {at}");
                if at + 1 < len {
                    bytes[at + 1] = b'"';
                    assert_eq!(find_string_special(&bytes), Some(at), "{len} {at}");
                }
            }
            assert_eq!(find_structural(&vec![b'a'; len]), None);
        }
    }

    #[test]
    fn word_searches_may_stop_at_near_misses_that_the_scanner_passes_over() {
        assert_eq!(Scan::default().run(b"[Yy_\x7f, 1, 2, 3]"), Some(15));
        let text = b"abcdefgh\x00\x01!#[]\"";
        assert_eq!(find_string_special(text), Some(text.len() - 1));
        for byte in 0..=255u8 {
            let expected = matches!(byte, b'"' | b'[' | b']' | b'{' | b'}' | b'Y' | b'_' | b'y');
            let found = find_structural(&[byte; 9]) == Some(0);
            assert_eq!(found, expected || byte == 0x7F, "{byte:#x}");
        }
    }

    #[test]
    fn an_unclosed_element_names_where_it_opened() {
        let mut source = Source::new(&b"[\n {\"a\": [1, 2]"[..], 4);
        source.skip_whitespace().unwrap();
        let stop = source
            .elements(|source, _| source.skip_value())
            .unwrap_err();
        let Stop::Unclosed { at, opened, what } = stop else {
            panic!("expected an unclosed value, got {stop:?}");
        };
        assert_eq!((opened.line, opened.column, what), (2, 2, "object"));
        assert_eq!((at.line, at.column), (2, 14));
    }

    #[test]
    fn a_missing_comma_is_unexpected() {
        let mut source = Source::new(&b"[{} {}]"[..], 64);
        source.skip_whitespace().unwrap();
        let stop = source
            .elements(|source, _| source.skip_value())
            .unwrap_err();
        let Stop::Unexpected {
            at,
            expected,
            found,
        } = stop
        else {
            panic!("expected an unexpected byte, got {stop:?}");
        };
        assert_eq!((at.column, expected, found), (5, "`,` or `]`", Some(b'{')));
    }

    #[test]
    fn members_give_unescaped_keys() {
        let mut source = Source::new(&br#"{"a\"b": 1, "c" : [2], "d":{}}"#[..], 3);
        let mut keys = Vec::new();
        source
            .members(|source, key| {
                keys.push(key);
                source.skip_value()
            })
            .unwrap();
        assert_eq!(keys, ["a\"b", "c", "d"]);
        assert_eq!(source.peek().unwrap(), None);
    }

    #[test]
    fn compaction_keeps_held_bytes_and_positions() {
        let text = format!("[{}{{\"x\": 1}}]", "\"a\", ".repeat(200));
        let elements = split(&text, 16);
        assert_eq!(
            elements.last().unwrap(),
            &("{\"x\": 1}".to_string(), 1, 1002)
        );
    }

    #[test]
    fn line_around_finds_the_line_and_index() {
        let mut source = Source::new(&b"ab\ncdef\ngh"[..], 64);
        source.peek().unwrap();
        assert_eq!(source.line_around(5), Some((&b"cdef"[..], 2)));
        assert_eq!(source.line_around(10), Some((&b"gh"[..], 2)));
        assert_eq!(source.line_around(11), None);
    }

    #[test]
    fn advance_counts_lines_and_characters() {
        let start = Position {
            offset: 10,
            line: 3,
            column: 5,
        };
        let same_line = start.advance("aé".as_bytes());
        assert_eq!(
            (same_line.offset, same_line.line, same_line.column),
            (13, 3, 7)
        );
        let next_line = start.advance(b"a\nbc\nd");
        assert_eq!((next_line.line, next_line.column), (5, 2));
    }
}
