//! Source files and byte spans: what every diagnostic points into.

use codespan_reporting::files::{self, Files, SimpleFile};

/// Identifies one loaded source file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(u32);

impl FileId {
    /// The id of a file that is not loaded in any map, for spans built by hand in tests.
    pub const DUMMY: FileId = FileId(u32::MAX);
}

/// A byte range in one source file. Every AST node carries one, so every later stage can point
/// back at the text a user wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file the range belongs to.
    pub file: FileId,
    /// The first byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// Creates a span over `start..end` of `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX);
        Span { file, start, end }
    }

    /// The smallest span that covers both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The byte range, for slicing the source text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A value together with the span of the text it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value itself.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(node: T, span: Span) -> Spanned<T> {
        Spanned { node, span }
    }
}

/// A line and column, both counted from one, as editors show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    /// The line number, from one.
    pub line: usize,
    /// The column number in characters, from one.
    pub column: usize,
}

/// All source files of a run, so that diagnostics can be rendered with their text.
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SimpleFile<String, String>>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file under the name diagnostics should show for it.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SimpleFile::new(name.into(), text.into()));
        id
    }

    /// How many files are loaded.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file is loaded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The text of a file, or the empty string for an unknown id.
    pub fn text(&self, file: FileId) -> &str {
        self.get(file).map_or("", |file| file.source().as_str())
    }

    /// The name of a file, or the empty string for an unknown id.
    pub fn name(&self, file: FileId) -> &str {
        self.get(file).map_or("", |file| file.name().as_str())
    }

    /// The line and column of a byte offset, clamped to the file.
    pub fn line_col(&self, file: FileId, offset: u32) -> LineCol {
        let offset = (offset as usize).min(self.text(file).len());
        match self.location(file, offset) {
            Ok(location) => LineCol {
                line: location.line_number,
                column: location.column_number,
            },
            Err(_) => LineCol { line: 1, column: 1 },
        }
    }

    fn get(&self, file: FileId) -> Option<&SimpleFile<String, String>> {
        self.files.get(file.0 as usize)
    }

    fn file(&self, file: FileId) -> Result<&SimpleFile<String, String>, files::Error> {
        self.get(file).ok_or(files::Error::FileMissing)
    }
}

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        Ok(self.file(id)?.name().as_str())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        Ok(self.file(id)?.source().as_str())
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        self.file(id)?.line_index((), byte_index)
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, files::Error> {
        self.file(id)?.line_range((), line_index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let mut map = SourceMap::new();
        let file = map.add("a.tenet", "ab\n¬c d\n");
        assert_eq!(map.line_col(file, 0), LineCol { line: 1, column: 1 });
        assert_eq!(map.line_col(file, 3), LineCol { line: 2, column: 1 });
        // `¬` is two bytes but one column.
        assert_eq!(map.line_col(file, 6), LineCol { line: 2, column: 3 });
    }

    #[test]
    fn line_col_clamps_offsets_past_the_end() {
        let mut map = SourceMap::new();
        let file = map.add("a.tenet", "ab");
        assert_eq!(map.line_col(file, 99), LineCol { line: 1, column: 3 });
    }
}
