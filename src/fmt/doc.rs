//! A small layout engine in the style of Wadler's "prettier printer": the formatter describes
//! the text as a [`Doc`] of texts, possible line breaks and groups, and [`print`] picks, group by
//! group, the flat layout when it fits in the width and the broken one when it does not.
//!
//! Two indentations exist. [`Doc::Indent`] adds two spaces to the indentation of the line it
//! starts on, so that a construct opened at the end of a line (`require any x in xs:`) indents
//! its body once, however many constructs were opened on that line. [`Doc::Nest`] is for the
//! operands of a chain such as `a and b`: their own breaks go two spaces past the chain's, and
//! a block opened inside one indents from the chain's lines at least, wherever it starts, so
//! that it never lines up with the chain's next operator.

/// A document: text together with the places where it may break.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Doc {
    /// Nothing.
    Nil,
    /// Text without line breaks.
    Text(String),
    /// A space when its group is flat, a line break when it is broken.
    Line,
    /// Nothing when its group is flat, a line break when it is broken.
    SoftLine,
    /// Always a line break; the groups around it cannot be flat.
    HardLine,
    /// A `//` comment. Whatever follows it goes on a new line.
    Comment(String),
    /// Documents one after the other.
    Concat(Vec<Doc>),
    /// A unit that is laid out flat if it fits and broken otherwise.
    Group(Box<Doc>),
    /// Its line breaks indent two more spaces than the enclosing indentation, and blocks inside
    /// it indent from the enclosing indentation at least.
    Nest(Box<Doc>),
    /// Its line breaks indent two more spaces than the line where it starts.
    Indent(Box<Doc>),
    /// Its line breaks indent as far as the line where it starts.
    Base(Box<Doc>),
    /// The first document when the group is broken, the second when it is flat.
    IfBreak(Box<Doc>, Box<Doc>),
    /// Contents and separators, alternating: each separator breaks only when the content after
    /// it does not fit on the line.
    Fill(Vec<Doc>),
}

impl Doc {
    /// A text.
    pub(super) fn text(text: impl Into<String>) -> Doc {
        Doc::Text(text.into())
    }

    /// A group.
    pub(super) fn group(doc: Doc) -> Doc {
        Doc::Group(Box::new(doc))
    }

    /// Two more spaces than the enclosing indentation, for an operand.
    pub(super) fn nest(doc: Doc) -> Doc {
        Doc::Nest(Box::new(doc))
    }

    /// Two more spaces than the current line.
    pub(super) fn indent(doc: Doc) -> Doc {
        Doc::Indent(Box::new(doc))
    }

    /// The indentation of the current line.
    pub(super) fn base(doc: Doc) -> Doc {
        Doc::Base(Box::new(doc))
    }

    /// `broken` in a broken group, `flat` in a flat one.
    pub(super) fn if_break(broken: Doc, flat: Doc) -> Doc {
        Doc::IfBreak(Box::new(broken), Box::new(flat))
    }
}

/// Whether a group prints flat or broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

/// The indentation of the line breaks in a document, and the least indentation that blocks
/// opened inside it count from.
#[derive(Clone, Copy, Debug, Default)]
struct Frame {
    indent: usize,
    floor: usize,
}

/// One pending piece of work for the printer.
#[derive(Clone, Copy)]
enum Cmd<'d> {
    /// Print a document in a frame and a mode.
    Doc(Frame, Mode, &'d Doc),
    /// Print the rest of a fill, starting with a content.
    Fill(Frame, &'d [Doc]),
    /// Decide the separator at the start of the slice, once the content before it is printed.
    FillSep(Frame, &'d [Doc]),
}

/// Lays `doc` out in `width` columns. The result has no trailing spaces and ends with one line
/// break, unless it is empty.
///
/// Limitation: a text longer than the width, such as a long string, passes the width; comments
/// do not count against it either.
pub(super) fn print(doc: &Doc, width: usize) -> String {
    let mut printer = Printer {
        out: String::new(),
        width,
        column: 0,
        line_indent: 0,
        at_line_start: true,
        must_break: false,
        stack: vec![Cmd::Doc(Frame::default(), Mode::Break, doc)],
    };
    printer.run();
    let mut out = printer.out;
    trim_trailing_spaces(&mut out);
    let trimmed = out.trim_end_matches('\n').len();
    out.truncate(trimmed);
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Lays `doc` out on one line, whatever its width; breaks become spaces or nothing.
pub(super) fn print_flat(doc: &Doc) -> String {
    let mut out = String::new();
    let mut stack = vec![doc];
    while let Some(doc) = stack.pop() {
        match doc {
            Doc::Nil | Doc::SoftLine => {}
            Doc::Text(text) => out.push_str(text),
            Doc::Line | Doc::HardLine => out.push(' '),
            Doc::Comment(text) => out.push_str(text),
            Doc::Concat(docs) | Doc::Fill(docs) => stack.extend(docs.iter().rev()),
            Doc::Group(inner) | Doc::Nest(inner) | Doc::Indent(inner) | Doc::Base(inner) => {
                stack.push(inner);
            }
            Doc::IfBreak(_, flat) => stack.push(flat),
        }
    }
    out
}

fn trim_trailing_spaces(out: &mut String) {
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
}

struct Printer<'d> {
    out: String,
    width: usize,
    column: usize,
    /// The indentation of the line being written.
    line_indent: usize,
    /// Whether only indentation has been written on the current line.
    at_line_start: bool,
    /// Set after a comment: the next text must start a new line.
    must_break: bool,
    stack: Vec<Cmd<'d>>,
}

/// What one document adds to a line being measured.
enum Measure {
    /// This many columns.
    Width(usize),
    /// A comment: whatever follows must start a new line.
    Comment,
    /// The line ends here; whether what was measured fits.
    End(bool),
    /// Nothing by itself; its parts were queued.
    Parts,
}

impl<'d> Printer<'d> {
    /// Prints the stack until it is empty.
    fn run(&mut self) {
        while let Some(cmd) = self.stack.pop() {
            match cmd {
                Cmd::Doc(frame, mode, doc) => self.doc(frame, mode, doc),
                Cmd::Fill(frame, parts) => self.fill(frame, parts),
                Cmd::FillSep(frame, parts) => self.fill_separator(frame, parts),
            }
        }
    }

    /// Prints one document, or queues its parts.
    fn doc(&mut self, frame: Frame, mode: Mode, doc: &'d Doc) {
        let indent = frame.indent;
        match doc {
            Doc::Nil => {}
            Doc::Text(text) => self.write(indent, text),
            Doc::Line if mode == Mode::Flat && !self.must_break => self.write(indent, " "),
            Doc::SoftLine if mode == Mode::Flat => {}
            Doc::Line | Doc::SoftLine | Doc::HardLine => self.newline(indent),
            Doc::Comment(text) => self.comment(indent, text),
            Doc::Concat(docs) => self.queue(frame, mode, docs),
            Doc::Group(inner) => {
                let fits = mode == Mode::Flat || self.fits(&[(Mode::Flat, inner)], true, false);
                let mode = if fits { Mode::Flat } else { Mode::Break };
                self.stack.push(Cmd::Doc(frame, mode, inner));
            }
            Doc::Nest(inner) | Doc::Indent(inner) | Doc::Base(inner) => {
                let frame = self.frame(frame, doc);
                self.stack.push(Cmd::Doc(frame, mode, inner));
            }
            Doc::IfBreak(broken, flat) => {
                let chosen = if mode == Mode::Break { broken } else { flat };
                self.stack.push(Cmd::Doc(frame, mode, chosen));
            }
            Doc::Fill(parts) if mode == Mode::Flat => self.queue(frame, mode, parts),
            Doc::Fill(parts) => self.fill(frame, parts),
        }
    }

    fn queue(&mut self, frame: Frame, mode: Mode, docs: &'d [Doc]) {
        let cmds = docs.iter().rev().map(|doc| Cmd::Doc(frame, mode, doc));
        self.stack.extend(cmds);
    }

    /// The frame inside an indentation document, which depends on where the current line is.
    fn frame(&self, frame: Frame, doc: &Doc) -> Frame {
        let line = self.line_indent.max(frame.floor);
        match doc {
            Doc::Nest(_) => Frame {
                indent: frame.indent + 2,
                floor: frame.indent,
            },
            Doc::Indent(_) => Frame {
                indent: line + 2,
                ..frame
            },
            _ => Frame {
                indent: line,
                ..frame
            },
        }
    }

    /// Prints the first content of a fill, and schedules the separator after it.
    fn fill(&mut self, frame: Frame, parts: &'d [Doc]) {
        let Some((content, rest)) = parts.split_first() else {
            return;
        };
        if !rest.is_empty() {
            self.stack.push(Cmd::FillSep(frame, rest));
        }
        self.stack.push(Cmd::Doc(frame, Mode::Break, content));
    }

    /// Decides a fill separator now that the column after the content before it is known.
    fn fill_separator(&mut self, frame: Frame, parts: &'d [Doc]) {
        let Some((separator, rest)) = parts.split_first() else {
            return;
        };
        let Some(next) = rest.first() else {
            self.stack.push(Cmd::Doc(frame, Mode::Flat, separator));
            return;
        };
        let pair = [(Mode::Flat, separator), (Mode::Flat, next)];
        let fits = self.fits(&pair, rest.len() == 1, true);
        let mode = if fits { Mode::Flat } else { Mode::Break };
        self.stack.push(Cmd::Fill(frame, rest));
        self.stack.push(Cmd::Doc(frame, mode, separator));
    }

    /// Whether `docs` fit on the rest of the line. With `with_rest`, what follows them on the
    /// stack counts too, up to its first line break. With `line_ends`, a hard line break in
    /// `docs` ends the measured line instead of failing it.
    fn fits(&self, docs: &[(Mode, &Doc)], with_rest: bool, line_ends: bool) -> bool {
        let mut left = self.width.saturating_sub(self.column);
        let mut must_break = self.must_break;
        let mut pending: Vec<(Mode, &Doc)> = docs.iter().rev().copied().collect();
        let mut rest = self.stack.iter().rev();

        loop {
            let Some((mode, doc)) = pending.pop() else {
                match rest.next().filter(|_| with_rest) {
                    None | Some(Cmd::FillSep(..)) => return true,
                    Some(Cmd::Doc(_, mode, doc)) => pending.push((*mode, doc)),
                    Some(Cmd::Fill(_, parts)) => {
                        pending.extend(parts.iter().rev().map(|doc| (Mode::Break, doc)));
                    }
                }
                continue;
            };
            match measure(mode, doc, line_ends, &mut pending) {
                Measure::Width(0) | Measure::Parts => {}
                Measure::Width(width) if must_break || width > left => return false,
                Measure::Width(width) => left -= width,
                Measure::Comment => must_break = true,
                Measure::End(fits) => return fits,
            }
        }
    }

    /// Writes text, first starting a new line if a comment ended the current one.
    fn write(&mut self, indent: usize, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.must_break {
            self.newline(indent);
        }
        if self.at_line_start && text == " " {
            return;
        }
        self.out.push_str(text);
        self.column += text.chars().count();
        self.at_line_start = false;
    }

    /// Writes a comment at the end of the current line, or on a line of its own.
    fn comment(&mut self, indent: usize, text: &str) {
        if self.must_break {
            self.newline(indent);
        }
        if !self.at_line_start {
            trim_trailing_spaces(&mut self.out);
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.at_line_start = false;
        self.must_break = true;
    }

    /// Ends the line, without trailing spaces, and indents the next one.
    fn newline(&mut self, indent: usize) {
        trim_trailing_spaces(&mut self.out);
        self.out.push('\n');
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.column = indent;
        self.line_indent = indent;
        self.at_line_start = true;
        self.must_break = false;
    }
}

/// Measures one document in `mode`, queueing its parts on `pending` if it has any.
fn measure<'d>(
    mode: Mode,
    doc: &'d Doc,
    line_ends: bool,
    pending: &mut Vec<(Mode, &'d Doc)>,
) -> Measure {
    match doc {
        Doc::Nil => Measure::Width(0),
        Doc::Text(text) => Measure::Width(text.chars().count()),
        Doc::Line if mode == Mode::Flat => Measure::Width(1),
        Doc::SoftLine if mode == Mode::Flat => Measure::Width(0),
        Doc::Line | Doc::SoftLine => Measure::End(true),
        Doc::HardLine => Measure::End(mode == Mode::Break || line_ends),
        Doc::Comment(_) => Measure::Comment,
        Doc::Concat(docs) | Doc::Fill(docs) => {
            pending.extend(docs.iter().rev().map(|doc| (mode, doc)));
            Measure::Parts
        }
        Doc::Group(inner) | Doc::Nest(inner) | Doc::Indent(inner) | Doc::Base(inner) => {
            pending.push((mode, inner));
            Measure::Parts
        }
        Doc::IfBreak(broken, flat) => {
            pending.push((mode, if mode == Mode::Break { broken } else { flat }));
            Measure::Parts
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(items: &[&str]) -> Doc {
        let mut parts = vec![Doc::text("f(")];
        let mut inner = vec![Doc::SoftLine];
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                inner.push(Doc::Line);
            }
            inner.push(Doc::text(*item));
            inner.push(if index + 1 == items.len() {
                Doc::if_break(Doc::text(","), Doc::Nil)
            } else {
                Doc::text(",")
            });
        }
        parts.push(Doc::indent(Doc::Concat(inner)));
        parts.push(Doc::SoftLine);
        parts.push(Doc::text(")"));
        Doc::group(Doc::base(Doc::Concat(parts)))
    }

    #[test]
    fn a_group_that_fits_stays_flat() {
        assert_eq!(print(&words(&["a", "b"]), 20), "f(a, b)\n");
    }

    #[test]
    fn a_group_too_wide_breaks_every_line_with_a_trailing_comma() {
        assert_eq!(
            print(&words(&["alpha", "beta"]), 10),
            "f(\n  alpha,\n  beta,\n)\n"
        );
    }

    #[test]
    fn text_after_a_group_counts_against_its_width() {
        let doc = Doc::Concat(vec![words(&["a", "b"]), Doc::text(" == something")]);
        assert_eq!(print(&doc, 12), "f(\n  a,\n  b,\n) == something\n");
    }

    #[test]
    fn a_comment_forces_the_next_text_onto_a_new_line() {
        let doc = Doc::group(Doc::Concat(vec![
            Doc::text("a"),
            Doc::Comment("// why".into()),
            Doc::Line,
            Doc::text("and b"),
        ]));
        assert_eq!(print(&doc, 80), "a // why\nand b\n");
    }

    #[test]
    fn a_comment_at_the_end_breaks_nothing() {
        let doc = Doc::Concat(vec![words(&["a"]), Doc::Comment("// end".into())]);
        assert_eq!(print(&doc, 80), "f(a) // end\n");
    }

    #[test]
    fn a_block_inside_an_operand_indents_past_the_chain() {
        let quantifier = Doc::Concat(vec![
            Doc::text("(any a in b:"),
            Doc::indent(Doc::Concat(vec![Doc::HardLine, Doc::text("c)")])),
        ]);
        let chain = Doc::Concat(vec![Doc::nest(quantifier), Doc::Line, Doc::text("or d")]);
        let doc = Doc::Concat(vec![Doc::text("when "), Doc::indent(Doc::group(chain))]);
        assert_eq!(print(&doc, 80), "when (any a in b:\n    c)\n  or d\n");
    }

    #[test]
    fn indent_counts_from_the_line_and_nest_from_the_enclosing_indentation() {
        let body = Doc::Concat(vec![Doc::text("x"), Doc::Line, Doc::text("and y")]);
        let doc = Doc::Concat(vec![
            Doc::text("require "),
            Doc::indent(Doc::Concat(vec![
                Doc::text("any a in b:"),
                Doc::indent(Doc::Concat(vec![
                    Doc::HardLine,
                    Doc::text("c"),
                    Doc::HardLine,
                ])),
                Doc::nest(Doc::group(body)),
            ])),
        ]);
        assert_eq!(print(&doc, 3), "require any a in b:\n  c\n  x\n    and y\n");
    }

    #[test]
    fn fill_breaks_only_before_what_does_not_fit() {
        let mut parts = vec![Doc::text("aaaa")];
        for word in ["| bb", "| cc", "| dd"] {
            parts.push(Doc::Line);
            parts.push(Doc::text(word));
        }
        let doc = Doc::Concat(vec![Doc::text("t: "), Doc::indent(Doc::Fill(parts))]);
        assert_eq!(print(&doc, 15), "t: aaaa | bb\n  | cc | dd\n");
    }

    #[test]
    fn print_flat_ignores_the_width() {
        assert_eq!(print_flat(&words(&["alpha", "beta"])), "f(alpha, beta)");
    }
}
