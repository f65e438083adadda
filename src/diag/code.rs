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
    /// A name that no binding, parameter or definition declares.
    UndefinedName,
    /// Two rules with the same id, in one file or across files.
    DuplicateRule,
    /// Two `def`s or `param`s with the same name, or one that hides a builtin.
    DuplicateDefinition,
    /// A `use` whose file does not exist.
    ModuleNotFound,
    /// A `def` that calls itself, directly or through others.
    RecursiveDefinition,
    /// A call with more or fewer arguments than the function takes.
    WrongArgumentCount,
    /// A call of something that is not a builtin or a `def`.
    UnknownFunction,
    /// A `when`, `require` or logical operand that is not a `bool`.
    NotACondition,
    /// Two values compared that can never be equal or ordered, such as a `bool` and a string.
    IncomparableTypes,
    /// An operator applied to a value of the wrong type, such as `like` on a number.
    OperandType,
    /// A path into a property that a complete schema does not declare.
    UnknownProperty,
    /// A string compared with a closed enum that does not contain it.
    UnknownEnumValue,
    /// A resource type that no schema declares, in `resource("...")`.
    UnknownResourceType,
    /// A call argument of the wrong type.
    ArgumentType,
    /// A `param` default that does not have the declared type.
    DefaultType,
    /// A `def` body that does not have the declared result type.
    ResultType,
    /// A `for` or quantifier over something that is not a list.
    NotAList,
    /// `report` naming something other than a `for` or `let` binding of the rule.
    ReportNotBinding,
    /// A property read from a value that has no properties, such as a string or a list.
    NotAnObject,
    /// Two schemas for the same resource type.
    DuplicateSchema,
    /// Two requirements with the same label in one rule.
    DuplicateLabel,
    /// Two properties with the same name in one schema object.
    DuplicateField,
    /// A `let` or `for` value that does not have the declared type.
    BindingType,
    /// A regular expression literal that does not compile.
    InvalidPattern,
    /// A test that expects an outcome of a rule that no loaded file declares.
    UnknownRule,
    /// A `let`, `for` or quantifier binding that nothing uses.
    UnusedBinding,
    /// A binding that hides another of the same name.
    Shadowing,
    /// A path into a property that a partial schema does not declare.
    UnknownPartialProperty,
    /// `all` over a list that may be missing, which is true when it is.
    VacuousAll,
    /// A property spelled with other capitals than its schema.
    PropertyCase,
    /// A string close to, but not among, the known values of an open enum.
    UnlikelyEnumValue,
    /// A rule without a `title` or `severity`.
    MissingMetadata,
    /// A resource type that no schema declares but that is close to one that does.
    ResourceTypeTypo,
    /// `let x = resource(id)` without a declared type: paths below `x` go unchecked.
    UntypedLookup,
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
        Code::UndefinedName,
        Code::DuplicateRule,
        Code::DuplicateDefinition,
        Code::ModuleNotFound,
        Code::RecursiveDefinition,
        Code::WrongArgumentCount,
        Code::UnknownFunction,
        Code::NotACondition,
        Code::IncomparableTypes,
        Code::OperandType,
        Code::UnknownProperty,
        Code::UnknownEnumValue,
        Code::UnknownResourceType,
        Code::ArgumentType,
        Code::DefaultType,
        Code::ResultType,
        Code::NotAList,
        Code::ReportNotBinding,
        Code::NotAnObject,
        Code::DuplicateSchema,
        Code::DuplicateLabel,
        Code::DuplicateField,
        Code::BindingType,
        Code::InvalidPattern,
        Code::UnknownRule,
        Code::UnusedBinding,
        Code::Shadowing,
        Code::UnknownPartialProperty,
        Code::VacuousAll,
        Code::PropertyCase,
        Code::UnlikelyEnumValue,
        Code::MissingMetadata,
        Code::ResourceTypeTypo,
        Code::UntypedLookup,
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
            Code::UndefinedName => "E0101",
            Code::DuplicateRule => "E0102",
            Code::DuplicateDefinition => "E0103",
            Code::ModuleNotFound => "E0104",
            Code::RecursiveDefinition => "E0105",
            Code::WrongArgumentCount => "E0106",
            Code::UnknownFunction => "E0107",
            Code::NotACondition => "E0108",
            Code::IncomparableTypes => "E0109",
            Code::OperandType => "E0110",
            Code::UnknownProperty => "E0111",
            Code::UnknownEnumValue => "E0112",
            Code::UnknownResourceType => "E0113",
            Code::ArgumentType => "E0114",
            Code::DefaultType => "E0115",
            Code::ResultType => "E0116",
            Code::NotAList => "E0117",
            Code::ReportNotBinding => "E0118",
            Code::NotAnObject => "E0119",
            Code::DuplicateSchema => "E0120",
            Code::DuplicateLabel => "E0121",
            Code::DuplicateField => "E0122",
            Code::BindingType => "E0123",
            Code::InvalidPattern => "E0124",
            Code::UnknownRule => "E0125",
            Code::UnusedBinding => "W0101",
            Code::Shadowing => "W0102",
            Code::UnknownPartialProperty => "W0103",
            Code::VacuousAll => "W0104",
            Code::PropertyCase => "W0105",
            Code::UnlikelyEnumValue => "W0106",
            Code::MissingMetadata => "W0107",
            Code::ResourceTypeTypo => "W0108",
            Code::UntypedLookup => "W0109",
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
