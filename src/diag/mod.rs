//! Diagnostics: the one type in which every stage reports problems, the codes that name them,
//! and the single renderer that turns them into text or JSON at the edge.

mod code;
mod render;
mod source;
mod suggest;

pub use code::Code;
pub use render::{ColorMode, render_human, render_json};
pub use source::{FileId, LineCol, SourceMap, Span, Spanned};
pub use suggest::closest;

/// How serious a diagnostic is. Warnings fail a run only under `--deny-warnings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something that is probably a mistake but still has a meaning.
    Warning,
    /// Something that stops the file from being used.
    Error,
}

/// A span with a short text that explains what is there.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// What the label points at.
    pub span: Span,
    /// A few words about it; may be empty.
    pub message: String,
}

/// A problem found in a user's input, with everything needed to render it later.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error or warning; follows from the code.
    pub severity: Severity,
    /// The stable code.
    pub code: Code,
    /// The headline, lowercase, with user text in backticks.
    pub message: String,
    /// The place the problem is.
    pub primary: Label,
    /// Other places that explain it.
    pub secondary: Vec<Label>,
    /// Extra sentences of explanation.
    pub notes: Vec<String>,
    /// A suggested fix.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic whose severity follows from its code.
    pub fn new(code: Code, message: impl Into<String>, span: Span) -> Diagnostic {
        let severity = if code.is_warning() {
            Severity::Warning
        } else {
            Severity::Error
        };
        Diagnostic {
            severity,
            code,
            message: message.into(),
            primary: Label {
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// Sets the text under the primary caret.
    pub fn with_label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = message.into();
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Sets the suggested fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
