//! The spanned syntax tree of a Tenet file, as the parser builds it and the checker reads it.
//! Every node carries the span of its text.

use crate::diag::{FileId, Span, Spanned};

/// A name as written, with its span.
pub type Ident = Spanned<String>;

/// One parsed file.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// The file the items came from.
    pub file: FileId,
    /// The top-level declarations, in source order.
    pub items: Vec<Item>,
}

/// The `///` lines above an item, without their leading `///`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Docs {
    /// One entry per line.
    pub lines: Vec<Spanned<String>>,
}

impl Docs {
    /// The documentation as one text, lines joined by newlines.
    pub fn text(&self) -> String {
        let lines: Vec<&str> = self.lines.iter().map(|line| line.node.as_str()).collect();
        lines.join("\n")
    }
}

/// A top-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Its doc comment.
    pub docs: Docs,
    /// What it declares.
    pub kind: ItemKind,
    /// The whole declaration, doc comment excluded.
    pub span: Span,
}

/// The kinds of top-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    /// `use "path"`.
    Use(Use),
    /// `param name: type = default`.
    Param(Param),
    /// `def name(args) = body`.
    Def(Def),
    /// `rule id { ... }`.
    Rule(Rule),
    /// `resource "Provider/type" { ... }`.
    Schema(Schema),
    /// `test "name" { ... }`: inputs, parameters and expected outcomes for the rules.
    Test(Test),
}

/// A rule test: resources to evaluate the rules over, parameters, and what should come out.
///
/// ```text
/// test "an open account is flagged" {
///   input "fixtures/open.json"
///   expect MS-ACCESS-02 fires on "contosoams"
///   expect no other findings
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Test {
    /// The name the runner reports it under.
    pub name: Spanned<String>,
    /// Its statements, in source order.
    pub steps: Vec<TestStep>,
}

/// One statement of a test.
#[derive(Clone, Debug, PartialEq)]
pub struct TestStep {
    /// What it says.
    pub kind: TestStepKind,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of test statement.
#[derive(Clone, Debug, PartialEq)]
pub enum TestStepKind {
    /// `input "file.json"`: a file of resources, relative to the test file.
    File(Spanned<String>),
    /// `input json "[...]"`: resources written inline as JSON text.
    Json(Spanned<String>),
    /// `param name = value`: a parameter value for this test.
    Param {
        /// The parameter.
        name: Ident,
        /// Its value, a literal.
        value: Expr,
    },
    /// `expect RULE outcome on "resource" [requirement "label"]`.
    Expect(Expectation),
    /// `expect no other findings`: every finding must be expected.
    NoOtherFindings,
}

/// One expected outcome of one rule on one resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    /// The rule id.
    pub rule: Ident,
    /// What should happen.
    pub outcome: Spanned<Expected>,
    /// The resource, by name or id.
    pub resource: Spanned<String>,
    /// For `fires`, the label of the requirement that should fail.
    pub requirement: Option<Spanned<String>>,
}

/// What a test expects of a rule on a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expected {
    /// At least one finding (for the requirement, when one is named).
    Fires,
    /// Some binding tuple on it met every requirement, and none failed.
    Compliant,
    /// Some binding tuple on it was ruled out by a `when`, and none was evaluated.
    NotApplicable,
}

impl Expected {
    /// The spelling in a test.
    pub fn as_str(self) -> &'static str {
        match self {
            Expected::Fires => "fires",
            Expected::Compliant => "compliant",
            Expected::NotApplicable => "not_applicable",
        }
    }
}

/// An import of another rule file.
#[derive(Clone, Debug, PartialEq)]
pub struct Use {
    /// The path as written, relative to the importing file.
    pub path: Spanned<String>,
}

/// A rule parameter that a user may set per run.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Its name.
    pub name: Ident,
    /// Its declared type.
    pub ty: TypeExpr,
    /// The value used when the run does not set one.
    pub default: Option<Expr>,
}

/// A named helper or predicate.
#[derive(Clone, Debug, PartialEq)]
pub struct Def {
    /// Its name.
    pub name: Ident,
    /// Its parameters.
    pub params: Vec<DefParam>,
    /// The declared result type, if any.
    pub ret: Option<TypeExpr>,
    /// The expression it stands for.
    pub body: Expr,
}

/// One parameter of a `def`.
#[derive(Clone, Debug, PartialEq)]
pub struct DefParam {
    /// Its name.
    pub name: Ident,
    /// Its declared type, if any.
    pub ty: Option<TypeExpr>,
}

/// A rule: metadata, bindings and conditions, requirements.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The rule id, such as `MS-LIVE-01`.
    pub id: Ident,
    /// Title, severity, effect and the rest.
    pub meta: Metadata,
    /// `for`, `let`, `when` and `report`, in source order.
    pub steps: Vec<Step>,
    /// What a compliant binding tuple satisfies.
    pub requirements: Vec<Requirement>,
}

/// The metadata of a rule. Each key appears at most once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    /// `title "..."`.
    pub title: Option<Spanned<String>>,
    /// `severity high`.
    pub severity: Option<Spanned<RuleSeverity>>,
    /// `effect audit`.
    pub effect: Option<Spanned<Effect>>,
    /// `docs "https://..."`.
    pub docs: Option<Spanned<String>>,
    /// `message "..."`.
    pub message: Option<Template>,
    /// `tags [...]`.
    pub tags: Vec<Spanned<String>>,
    /// `fix "..."`: how to fix a finding.
    pub fix: Option<Spanned<String>>,
}

/// How much a finding matters, as Tenet's reports and `--fail-on` grade it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleSeverity {
    /// Worth knowing; nothing is at risk.
    Info,
    /// Minor hardening.
    Low,
    /// Recommended hardening.
    Medium,
    /// A broken or exposed configuration.
    High,
    /// An urgent exposure.
    Critical,
}

impl RuleSeverity {
    /// Every severity, from least to most serious.
    pub const ALL: [RuleSeverity; 5] = [
        RuleSeverity::Info,
        RuleSeverity::Low,
        RuleSeverity::Medium,
        RuleSeverity::High,
        RuleSeverity::Critical,
    ];

    /// The keyword as written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleSeverity::Info => "info",
            RuleSeverity::Low => "low",
            RuleSeverity::Medium => "medium",
            RuleSeverity::High => "high",
            RuleSeverity::Critical => "critical",
        }
    }
}

/// What a finding does, with Azure Policy's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// Report the finding.
    Audit,
    /// Report the finding as something that must be blocked.
    Deny,
    /// Evaluate nothing.
    Disabled,
}

impl Effect {
    /// Every effect.
    pub const ALL: [Effect; 3] = [Effect::Audit, Effect::Deny, Effect::Disabled];

    /// The keyword as written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Audit => "audit",
            Effect::Deny => "deny",
            Effect::Disabled => "disabled",
        }
    }
}

/// One step of a rule body.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What the step does.
    pub kind: StepKind,
    /// The whole step.
    pub span: Span,
}

/// The kinds of rule step.
#[derive(Clone, Debug, PartialEq)]
pub enum StepKind {
    /// `for name in domain`: one evaluation per element.
    For {
        /// The bound name.
        name: Ident,
        /// The declared element type, if any.
        ty: Option<TypeExpr>,
        /// The collection it ranges over.
        domain: Expr,
    },
    /// `let name = value`.
    Let {
        /// The bound name.
        name: Ident,
        /// The declared type, if any.
        ty: Option<TypeExpr>,
        /// Its value.
        value: Expr,
    },
    /// `when condition`: applicability.
    When(Expr),
    /// `report name`: the binding findings are reported on.
    Report(Ident),
}

/// One condition a compliant binding tuple must meet.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// Its doc comment.
    pub docs: Docs,
    /// Its name in a `require { ... }` block; `None` for a plain `require cond`.
    pub label: Option<Ident>,
    /// The condition.
    pub condition: Expr,
    /// The whole requirement.
    pub span: Span,
}

/// A string with `{expr}` holes, filled in for each finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// Text and holes, in order.
    pub parts: Vec<TemplatePart>,
    /// The whole literal, quotes included.
    pub span: Span,
}

/// A piece of a [`Template`].
#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Literal text, escapes resolved.
    Text(String),
    /// An interpolated expression.
    Hole(Expr),
}

/// A schema declaration for one resource type.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    /// The resource type, such as `Microsoft.Storage/storageAccounts`.
    pub resource_type: Spanned<String>,
    /// The shape of the resource object.
    pub body: ObjectType,
    /// The span of the body.
    pub body_span: Span,
}

/// A type as written in a `param`, a `def` or a schema.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    /// What the type is.
    pub kind: TypeKind,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of written type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// A builtin type name.
    Named(NamedType),
    /// A string literal, for enum members: `"Enabled"`.
    Literal(String),
    /// `list<T>`.
    List(Box<TypeExpr>),
    /// `resource("Provider/type")`: a resource with a declared schema.
    Resource(Spanned<String>),
    /// `{ ... }`.
    Object(ObjectType),
    /// `A | B | ...`, two or more alternatives.
    Union(Vec<TypeExpr>),
}

/// The builtin type names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedType {
    /// `bool`.
    Bool,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `null`.
    Null,
    /// `any`: data whose shape is unknown.
    Any,
    /// `object`: an object whose properties are unknown.
    Object,
}

impl NamedType {
    /// Every builtin type name with its spelling.
    pub const ALL: [(&'static str, NamedType); 6] = [
        ("bool", NamedType::Bool),
        ("number", NamedType::Number),
        ("string", NamedType::String),
        ("null", NamedType::Null),
        ("any", NamedType::Any),
        ("object", NamedType::Object),
    ];
}

/// An object type: named properties, and whether others may exist.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectType {
    /// The declared properties, in source order.
    pub fields: Vec<FieldType>,
    /// True when the object ends with `..`: the schema is partial.
    pub open: bool,
}

/// One declared property of an object type.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldType {
    /// Its doc comment.
    pub docs: Docs,
    /// The property name.
    pub name: Ident,
    /// True when written `name?`: it may be absent.
    pub optional: bool,
    /// Its type.
    pub ty: TypeExpr,
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number literal.
    Number(f64),
    /// A string literal, escapes resolved.
    String(String),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// A name: a binding, parameter or `def` without arguments.
    Name(String),
    /// `target.name`.
    Field {
        /// The object.
        target: Box<Expr>,
        /// The property name.
        name: Ident,
    },
    /// `target[index]`.
    Index {
        /// The list or object.
        target: Box<Expr>,
        /// The position or key.
        index: Box<Expr>,
    },
    /// `callee(args)`.
    Call {
        /// The function name.
        callee: Ident,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `not operand`.
    Not(Box<Expr>),
    /// `lhs op rhs`.
    Binary {
        /// The operator.
        op: Spanned<BinaryOp>,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
    /// `all x in xs: body`, `any x in xs: body` and `count(x in xs: body)`.
    Quantifier {
        /// Which quantifier.
        kind: Spanned<Quantifier>,
        /// The bound name.
        var: Ident,
        /// The collection.
        domain: Box<Expr>,
        /// The condition for each element.
        body: Box<Expr>,
    },
}

/// Quantifiers over a collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    /// True when every element satisfies the body.
    All,
    /// True when some element satisfies the body.
    Any,
    /// The number of elements that satisfy the body.
    Count,
}

/// Binary operators, from loosest to tightest binding group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `implies`, `⇒`.
    Implies,
    /// `or`, `∨`.
    Or,
    /// `and`, `∧`.
    And,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `in`.
    In,
    /// `not in`.
    NotIn,
    /// `contains`.
    Contains,
    /// `not contains`.
    NotContains,
    /// `like`.
    Like,
    /// `not like`.
    NotLike,
    /// `matches`.
    Matches,
    /// `not matches`.
    NotMatches,
}

impl BinaryOp {
    /// The canonical ASCII spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Implies => "implies",
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::NotIn => "not in",
            BinaryOp::Contains => "contains",
            BinaryOp::NotContains => "not contains",
            BinaryOp::Like => "like",
            BinaryOp::NotLike => "not like",
            BinaryOp::Matches => "matches",
            BinaryOp::NotMatches => "not matches",
        }
    }

    /// Whether this operator compares two values (and so cannot be chained).
    pub fn is_comparison(self) -> bool {
        !matches!(self, BinaryOp::Implies | BinaryOp::Or | BinaryOp::And)
    }
}
