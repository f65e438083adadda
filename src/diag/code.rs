//! Stable diagnostic codes. A code never changes meaning once released; `docs/diagnostics.md`
//! lists each one with an input that triggers it, and a test keeps the two in step.

use std::fmt;

/// The stable identity of a kind of diagnostic: `E0xxx` for errors, `W0xxx` for warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// The grammar promised a token that the syntax tree lacks: a bug in Tenet itself.
    Internal,
    /// The text does not fit the grammar at this point.
    Syntax,
    /// A string runs to the end of its line without a closing `"`.
    UnclosedString,
    /// An operator from another language, such as `=>`, `&&` or `=`.
    ForeignOperator,
    /// A word that is close to a keyword expected here, such as `requre`.
    MisspelledKeyword,
    /// A backslash escape that strings do not support.
    InvalidEscape,
    /// Brackets nested deeper than the parser allows.
    NestingTooDeep,
    /// A `severity` other than info, low, medium, high or critical.
    UnknownSeverity,
    /// An `effect` other than audit, deny or disabled.
    UnknownEffect,
    /// The same metadata key twice in one rule.
    DuplicateMetadata,
    /// A `docs` link that is not an http or https URL.
    InvalidDocsUrl,
    /// A type name that does not exist.
    UnknownType,
    /// Comparisons chained without parentheses, as in `a < b < c`.
    ChainedComparison,
    /// A number literal too large to represent.
    NumberOutOfRange,
    /// A `(`, `[` or `{` without its closing bracket, or a closer without an opener.
    UnbalancedBracket,
    /// Metadata such as `title` written after the bindings of a rule.
    MisplacedMetadata,
    /// A string in single quotes.
    SingleQuotedString,
    /// A character that cannot start any token.
    InvalidCharacter,
    /// An empty `require { }` block, which makes a rule that can never fail.
    EmptyRequirements,
    /// A doc comment that is followed by no item.
    DetachedDocComment,
}

impl Code {
    /// Every code, in order, so that documentation and tests can enumerate them.
    pub const ALL: &'static [Code] = &[
        Code::Internal,
        Code::Syntax,
        Code::UnclosedString,
        Code::ForeignOperator,
        Code::MisspelledKeyword,
        Code::InvalidEscape,
        Code::NestingTooDeep,
        Code::UnknownSeverity,
        Code::UnknownEffect,
        Code::DuplicateMetadata,
        Code::InvalidDocsUrl,
        Code::UnknownType,
        Code::ChainedComparison,
        Code::NumberOutOfRange,
        Code::UnbalancedBracket,
        Code::MisplacedMetadata,
        Code::SingleQuotedString,
        Code::InvalidCharacter,
        Code::EmptyRequirements,
        Code::DetachedDocComment,
    ];

    /// The code as printed, such as `E0002`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Internal => "E0000",
            Code::Syntax => "E0001",
            Code::UnclosedString => "E0002",
            Code::ForeignOperator => "E0003",
            Code::MisspelledKeyword => "E0004",
            Code::InvalidEscape => "E0005",
            Code::NestingTooDeep => "E0006",
            Code::UnknownSeverity => "E0007",
            Code::UnknownEffect => "E0008",
            Code::DuplicateMetadata => "E0009",
            Code::InvalidDocsUrl => "E0010",
            Code::UnknownType => "E0011",
            Code::ChainedComparison => "E0012",
            Code::NumberOutOfRange => "E0013",
            Code::UnbalancedBracket => "E0014",
            Code::MisplacedMetadata => "E0015",
            Code::SingleQuotedString => "E0016",
            Code::InvalidCharacter => "E0017",
            Code::EmptyRequirements => "W0001",
            Code::DetachedDocComment => "W0002",
        }
    }

    /// Whether the parser reports this code; the checker's codes start at 100.
    pub fn is_syntax(self) -> bool {
        self.as_str().get(1..3) == Some("00")
    }

    /// Whether this code is a warning rather than an error.
    pub fn is_warning(self) -> bool {
        self.as_str().starts_with('W')
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} is used twice");
            assert_eq!(text.len(), 5);
            assert!(text.starts_with('E') || text.starts_with('W'), "{text}");
        }
    }
}
