//! Parser tests: the shape of the tree for each construct, written as compact S-expressions.

use super::*;
use crate::diag::{Code, SourceMap};

fn parse_text(text: &str) -> Parsed {
    let mut sources = SourceMap::new();
    let file = sources.add("test.tenet", text);
    parse(file, text)
}

/// Parses `require <condition>` inside a rule and returns the condition as an S-expression.
fn condition(condition: &str) -> String {
    let parsed = parse_text(&format!("rule t {{\n  require {condition}\n}}\n"));
    assert!(
        parsed.diagnostics.is_empty(),
        "{condition}: {:?}",
        parsed.diagnostics
    );
    let rule = only_rule(&parsed);
    let requirement = rule.requirements.first().expect("one requirement");
    sexpr(&requirement.condition)
}

fn only_rule(parsed: &Parsed) -> &Rule {
    match parsed.module.items.as_slice() {
        [
            Item {
                kind: ItemKind::Rule(rule),
                ..
            },
        ] => rule,
        other => panic!("expected one rule, got {other:?}"),
    }
}

fn codes(text: &str) -> Vec<Code> {
    parse_text(text)
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code)
        .collect()
}

fn sexpr(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Null => "null".to_string(),
        ExprKind::Bool(value) => value.to_string(),
        ExprKind::Number(value) => value.to_string(),
        ExprKind::String(text) => format!("{text:?}"),
        ExprKind::List(items) => format!("[{}]", join(items)),
        ExprKind::Name(name) => name.clone(),
        ExprKind::Field { target, name } => format!("{}.{}", sexpr(target), name.node),
        ExprKind::Index { target, index } => format!("{}[{}]", sexpr(target), sexpr(index)),
        ExprKind::Call { callee, args } => format!("{}({})", callee.node, join(args)),
        ExprKind::Not(operand) => format!("(not {})", sexpr(operand)),
        ExprKind::Binary { op, lhs, rhs } => {
            format!("({} {} {})", op.node.as_str(), sexpr(lhs), sexpr(rhs))
        }
        ExprKind::Quantifier {
            kind,
            var,
            domain,
            body,
        } => {
            let word = match kind.node {
                Quantifier::All => "all",
                Quantifier::Any => "any",
                Quantifier::Count => "count",
            };
            format!("({word} {} {} {})", var.node, sexpr(domain), sexpr(body))
        }
    }
}

fn join(exprs: &[Expr]) -> String {
    exprs.iter().map(sexpr).collect::<Vec<_>>().join(", ")
}

#[test]
fn literals_and_paths() {
    assert_eq!(condition("null"), "null");
    assert_eq!(
        condition("[true, -1.5, \"a\\tb\"]"),
        "[true, -1.5, \"a\\tb\"]"
    );
    assert_eq!(condition("a.b.c"), "a.b.c");
    assert_eq!(
        condition("a[\"odd-key\"][0].tags"),
        "a[\"odd-key\"][0].tags"
    );
    assert_eq!(condition("f(a, g(b),)"), "f(a, g(b))");
}

#[test]
fn logical_precedence_from_loose_to_tight() {
    assert_eq!(condition("a or b and c"), "(or a (and b c))");
    assert_eq!(condition("a and b or c"), "(or (and a b) c)");
    assert_eq!(condition("a implies b or c"), "(implies a (or b c))");
    assert_eq!(
        condition("a implies b implies c"),
        "(implies a (implies b c))"
    );
    assert_eq!(condition("a or b or c"), "(or (or a b) c)");
}

#[test]
fn not_binds_looser_than_comparisons_and_tighter_than_and() {
    assert_eq!(condition("not a == b"), "(not (== a b))");
    assert_eq!(condition("not a and b"), "(and (not a) b)");
    assert_eq!(condition("not not a"), "(not (not a))");
    assert_eq!(condition("a and not b or c"), "(or (and a (not b)) c)");
}

#[test]
fn unicode_synonyms_parse_like_keywords() {
    assert_eq!(
        condition("¬a ∧ b ∨ c ⇒ d"),
        condition("not a and b or c implies d")
    );
    assert_eq!(
        condition("∀ x ∈ xs: x".replace('∈', "in").as_str()),
        "(all x xs x)"
    );
    assert_eq!(condition("∃ x in xs: x"), "(any x xs x)");
}

#[test]
fn comparison_operators() {
    assert_eq!(condition("a == 1 and b != 2"), "(and (== a 1) (!= b 2))");
    assert_eq!(
        condition("a < 1 or a <= 2 or a > 3 or a >= 4"),
        "(or (or (or (< a 1) (<= a 2)) (> a 3)) (>= a 4))"
    );
    assert_eq!(condition("\"x\" in xs"), "(in \"x\" xs)");
    assert_eq!(condition("\"x\" not in xs"), "(not in \"x\" xs)");
    assert_eq!(
        condition("s contains \"x\" and s not contains \"y\""),
        "(and (contains s \"x\") (not contains s \"y\"))"
    );
    assert_eq!(
        condition("s like \"*.x\" or s not like \"y*\""),
        "(or (like s \"*.x\") (not like s \"y*\"))"
    );
    assert_eq!(
        condition("s matches \"^a\" or s not matches \"b$\""),
        "(or (matches s \"^a\") (not matches s \"b$\"))"
    );
}

#[test]
fn keywords_are_fine_as_property_names() {
    assert_eq!(
        condition("r.tags.in == r.properties.type"),
        "(== r.tags.in r.properties.type)"
    );
    assert_eq!(condition("r.count"), "r.count");
}

#[test]
fn names_may_start_with_a_keyword() {
    assert_eq!(condition("index and origin"), "(and index origin)");
    assert_eq!(condition("resource(id)"), "resource(id)");
}

#[test]
fn quantifier_bodies_extend_as_far_as_they_can() {
    assert_eq!(
        condition("all x in xs: x.a and x.b"),
        "(all x xs (and x.a x.b))"
    );
    assert_eq!(
        condition("(all x in xs: x.a) and b"),
        "(and (all x xs x.a) b)"
    );
    assert_eq!(
        condition("count(x in xs: x.on) >= 2"),
        "(>= (count x xs x.on) 2)"
    );
    assert_eq!(
        condition("any e in es: all c in e.cs: c == 1"),
        "(any e es (all c e.cs (== c 1)))"
    );
}

#[test]
fn parentheses_group_and_keep_their_span() {
    let text = "rule t {\n  require (a or b) and c\n}\n";
    let parsed = parse_text(text);
    let rule = only_rule(&parsed);
    let ExprKind::Binary { lhs, .. } = &rule.requirements[0].condition.kind else {
        panic!("expected a binary expression");
    };
    assert_eq!(&text[lhs.span.range()], "(a or b)");
}

#[test]
fn spans_point_at_the_text() {
    let text = "rule t {\n  require storage.properties.x == \"Deny\"\n}\n";
    let parsed = parse_text(text);
    let rule = only_rule(&parsed);
    let condition = &rule.requirements[0].condition;
    assert_eq!(
        &text[condition.span.range()],
        "storage.properties.x == \"Deny\""
    );
    let ExprKind::Binary { op, lhs, rhs } = &condition.kind else {
        panic!("binary")
    };
    assert_eq!(&text[op.span.range()], "==");
    assert_eq!(&text[lhs.span.range()], "storage.properties.x");
    assert_eq!(&text[rhs.span.range()], "\"Deny\"");
}

#[test]
fn rule_metadata_steps_and_named_requirements() {
    let text = r#"
/// Why the rule exists.
rule MS-01 {
  title "A title"
  severity HIGH
  effect audit
  docs "https://example.com/a#b"
  message "account {account.name} has {{braces}}"
  tags ["a", "b"]

  for account in resources("Microsoft.Media/mediaservices")
  let storage = resource(account.id)
  when storage != null
  report storage

  require {
    /// Doc for a requirement.
    first: a
    second-one: b,
  }
  require c
}
"#;
    let parsed = parse_text(text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let item = &parsed.module.items[0];
    assert_eq!(item.docs.text(), "Why the rule exists.");
    let rule = only_rule(&parsed);

    assert_eq!(rule.id.node, "MS-01");
    assert_eq!(
        rule.meta.title.as_ref().map(|t| t.node.as_str()),
        Some("A title")
    );
    assert_eq!(
        rule.meta.severity.as_ref().map(|s| s.node),
        Some(RuleSeverity::High)
    );
    assert_eq!(
        rule.meta.effect.as_ref().map(|e| e.node),
        Some(Effect::Audit)
    );
    let tags: Vec<&str> = rule.meta.tags.iter().map(|t| t.node.as_str()).collect();
    assert_eq!(tags, ["a", "b"]);

    let message = rule.meta.message.as_ref().expect("message");
    let parts: Vec<String> = message
        .parts
        .iter()
        .map(|part| match part {
            TemplatePart::Text(text) => format!("text {text:?}"),
            TemplatePart::Hole(expr) => format!("hole {}", sexpr(expr)),
        })
        .collect();
    assert_eq!(
        parts,
        [
            "text \"account \"",
            "hole account.name",
            "text \" has {braces}\""
        ]
    );

    let steps: Vec<&str> = rule
        .steps
        .iter()
        .map(|step| match step.kind {
            StepKind::For { .. } => "for",
            StepKind::Let { .. } => "let",
            StepKind::When(_) => "when",
            StepKind::Report(_) => "report",
        })
        .collect();
    assert_eq!(steps, ["for", "let", "when", "report"]);

    let labels: Vec<Option<&str>> = rule
        .requirements
        .iter()
        .map(|r| r.label.as_ref().map(|l| l.node.as_str()))
        .collect();
    assert_eq!(labels, [Some("first"), Some("second-one"), None]);
    assert_eq!(rule.requirements[0].docs.text(), "Doc for a requirement.");
}

#[test]
fn params_defs_and_uses() {
    let text = r#"
use "lib/roles.tenet"
param roles: list<string> = ["a"]
param limit: number
def holds(principal: string, role) : bool = principal == role
def always() = true
"#;
    let parsed = parse_text(text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let kinds: Vec<String> = parsed
        .module
        .items
        .iter()
        .map(|item| match &item.kind {
            ItemKind::Use(use_decl) => format!("use {}", use_decl.path.node),
            ItemKind::Param(param) => {
                format!(
                    "param {} default={}",
                    param.name.node,
                    param.default.is_some()
                )
            }
            ItemKind::Def(def) => format!("def {}/{}", def.name.node, def.params.len()),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "use lib/roles.tenet",
            "param roles default=true",
            "param limit default=false",
            "def holds/2",
            "def always/0"
        ]
    );
}

#[test]
fn schemas_with_enums_optionals_lists_and_open_objects() {
    let text = r#"
resource "Microsoft.Storage/storageAccounts" {
  /// The account name.
  name: string
  properties?: {
    publicNetworkAccess?: "Enabled" | "Disabled"
    "odd-key": list<{ value: string }>
    ..
  }
}
"#;
    let parsed = parse_text(text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let [
        Item {
            kind: ItemKind::Schema(schema),
            ..
        },
    ] = parsed.module.items.as_slice()
    else {
        panic!("expected one schema");
    };
    assert_eq!(
        schema.resource_type.node,
        "Microsoft.Storage/storageAccounts"
    );
    assert!(!schema.body.open);
    let [name, properties] = schema.body.fields.as_slice() else {
        panic!("two fields")
    };
    assert_eq!(name.docs.text(), "The account name.");
    assert!(properties.optional);
    let TypeKind::Object(object) = &properties.ty.kind else {
        panic!("object")
    };
    assert!(object.open);
    assert!(matches!(&object.fields[0].ty.kind, TypeKind::Union(options) if options.len() == 2));
    assert_eq!(object.fields[1].name.node, "odd-key");
    assert!(matches!(object.fields[1].ty.kind, TypeKind::List(_)));
}

#[test]
fn comments_are_ignored_and_quadruple_slash_is_a_comment() {
    let text = "// plain\n//// also plain\nrule t { // trailing\n  require a // here\n}\n";
    assert!(codes(text).is_empty());
}

#[test]
fn each_broken_item_reports_its_own_error() {
    let text =
        "rule a {\n  requre x\n}\n\nrule b {\n  require x =>\n}\n\nrule c {\n  require x\n}\n";
    let parsed = parse_text(text);
    let found: Vec<Code> = parsed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(found, [Code::MisspelledKeyword, Code::ForeignOperator]);
    assert_eq!(parsed.module.items.len(), 1, "the good rule still parses");
}

#[test]
fn chained_comparisons_are_rejected() {
    assert_eq!(
        codes("rule t {\n  require a < b < c\n}\n"),
        [Code::ChainedComparison]
    );
    assert!(codes("rule t {\n  require (a < b) == c\n}\n").is_empty());
}

#[test]
fn a_long_run_of_nots_is_refused_not_overflowed() {
    let text = format!("rule t {{\n  require {}a\n}}\n", "not ".repeat(5000));
    assert_eq!(codes(&text), [Code::NestingTooDeep]);
}

#[test]
fn deeply_nested_quantifiers_are_refused_not_overflowed() {
    let text = format!(
        "rule t {{\n  require {}a\n}}\n",
        "all x in xs: ".repeat(3000)
    );
    let found = codes(&text);
    assert!(!found.is_empty(), "expected a diagnostic");
    assert!(
        found
            .iter()
            .all(|code| *code == Code::NestingTooDeep || *code == Code::Syntax)
    );
}

#[test]
fn empty_input_is_an_empty_module() {
    let parsed = parse_text("");
    assert!(parsed.diagnostics.is_empty());
    assert!(parsed.module.items.is_empty());
}

#[test]
fn bindings_may_declare_their_type() {
    let text = r#"
rule t {
  for account: resource("Microsoft.Media/mediaservices") in accounts
  let storage: resource("Microsoft.Storage/storageAccounts") = resource(account.id)
  let names: list<string> = []
  require storage != null
}
"#;
    let parsed = parse_text(text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let rule = only_rule(&parsed);
    let types: Vec<String> = rule
        .steps
        .iter()
        .map(|step| match &step.kind {
            StepKind::For { ty: Some(ty), .. } | StepKind::Let { ty: Some(ty), .. } => {
                match &ty.kind {
                    TypeKind::Resource(name) => format!("resource {}", name.node),
                    TypeKind::List(_) => "list".to_string(),
                    other => format!("{other:?}"),
                }
            }
            other => format!("untyped {other:?}"),
        })
        .collect();
    assert_eq!(
        types,
        [
            "resource Microsoft.Media/mediaservices",
            "resource Microsoft.Storage/storageAccounts",
            "list"
        ]
    );
}
