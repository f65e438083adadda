//! Expressions: the grammar hands over a flat run of operands and operators, and a Pratt parser
//! gives it structure. Binding powers, loosest first:
//!
//! | operators                                        | associativity |
//! |--------------------------------------------------|---------------|
//! | `implies` `⇒`                                    | right         |
//! | `or` `∨`                                         | left          |
//! | `and` `∧`                                        | left          |
//! | `not` `¬` (prefix)                               |               |
//! | `==` `!=` `<` `<=` `>` `>=` `in` `contains` `like` `matches` and their `not` forms | none |
//! | `.name` `[index]` (postfix)                      | left          |
//!
//! Comparisons do not chain: `a < b < c` is an error, not `(a < b) < c`.

use pest::iterators::Pair;

use super::ast::*;
use super::build::{Builder, Built, children};
use super::grammar::Rule as R;
use crate::diag::{Code, Diagnostic, Span, Spanned};

/// One element of the flat run: a prefix `not`, an operand with its postfixes, or an operator.
enum Token {
    Not(Span),
    Operand(Expr),
    Infix(Spanned<BinaryOp>),
}

/// Builds an `expr` pair into a tree.
pub(super) fn build(builder: &mut Builder, pair: Pair<'_, R>) -> Built<Expr> {
    let tokens = flatten(builder, pair.clone())?;
    let span = builder.span(&pair);
    let mut parser = Pratt {
        tokens: tokens.into_iter().peekable(),
        span,
        builder,
    };
    let expr = parser.expr(0)?;
    match parser.tokens.next() {
        None => Ok(expr),
        Some(_) => Err(parser.builder.missing("the end of the expression", &pair)),
    }
}

fn flatten(builder: &mut Builder, pair: Pair<'_, R>) -> Built<Vec<Token>> {
    let mut tokens: Vec<Token> = Vec::new();

    for child in children(pair) {
        let span = builder.span(&child);
        match child.as_rule() {
            R::op_not => tokens.push(Token::Not(span)),
            R::field | R::index => {
                let Some(Token::Operand(target)) = tokens.pop() else {
                    return Err(builder.missing("an operand before a postfix", &child));
                };
                tokens.push(Token::Operand(postfix(builder, target, child)?));
            }
            rule => match infix_op(rule) {
                Some(op) => tokens.push(Token::Infix(Spanned::new(op, span))),
                None => tokens.push(Token::Operand(operand(builder, child)?)),
            },
        }
    }
    Ok(tokens)
}

fn infix_op(rule: R) -> Option<BinaryOp> {
    let op = match rule {
        R::op_implies => BinaryOp::Implies,
        R::op_or => BinaryOp::Or,
        R::op_and => BinaryOp::And,
        R::op_eq => BinaryOp::Eq,
        R::op_ne => BinaryOp::Ne,
        R::op_lt => BinaryOp::Lt,
        R::op_le => BinaryOp::Le,
        R::op_gt => BinaryOp::Gt,
        R::op_ge => BinaryOp::Ge,
        R::op_in => BinaryOp::In,
        R::op_not_in => BinaryOp::NotIn,
        R::op_contains => BinaryOp::Contains,
        R::op_not_contains => BinaryOp::NotContains,
        R::op_like => BinaryOp::Like,
        R::op_not_like => BinaryOp::NotLike,
        R::op_matches => BinaryOp::Matches,
        R::op_not_matches => BinaryOp::NotMatches,
        _ => return None,
    };
    Some(op)
}

/// Left and right binding powers. Right associativity has the smaller power on the right.
fn binding_power(op: BinaryOp) -> (u8, u8) {
    match op {
        BinaryOp::Implies => (2, 1),
        BinaryOp::Or => (3, 4),
        BinaryOp::And => (5, 6),
        _ => (9, 10),
    }
}

/// The power with which `not` holds its operand: tighter than `and`, looser than `==`.
const NOT_POWER: u8 = 7;

struct Pratt<'b, I: Iterator<Item = Token>> {
    tokens: std::iter::Peekable<I>,
    /// The whole expression, for internal errors that have no better place.
    span: Span,
    builder: &'b mut Builder,
}

impl<I: Iterator<Item = Token>> Pratt<'_, I> {
    fn expr(&mut self, min_power: u8) -> Built<Expr> {
        let mut lhs = self.prefix()?;
        let mut lhs_compares = false;

        while let Some(Token::Infix(op)) = self.tokens.peek() {
            let op = op.clone();
            let (left, right) = binding_power(op.node);
            if left < min_power {
                break;
            }
            self.tokens.next();
            if op.node.is_comparison() && lhs_compares {
                self.builder.diagnostics.push(chained(&lhs, &op));
            }

            let rhs = self.guarded(right, op.span)?;
            lhs_compares = op.node.is_comparison();
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            };
        }
        Ok(lhs)
    }

    fn prefix(&mut self) -> Built<Expr> {
        match self.tokens.next() {
            Some(Token::Operand(expr)) => Ok(expr),
            Some(Token::Not(span)) => {
                let operand = self.guarded(NOT_POWER, span)?;
                let span = span.to(operand.span);
                Ok(Expr {
                    kind: ExprKind::Not(Box::new(operand)),
                    span,
                })
            }
            Some(Token::Infix(op)) => {
                Err(internal("an operator where an operand belongs", op.span))
            }
            None => Err(internal("an expression without operands", self.span)),
        }
    }

    /// Parses an operand of `not`, counting it against the nesting limit, since a long run of
    /// `not`s recurses once each.
    fn guarded(&mut self, power: u8, span: Span) -> Built<Expr> {
        self.builder.enter(span)?;
        let result = self.expr(power);
        self.builder.leave();
        result
    }
}

fn internal(what: &str, span: Span) -> Box<Diagnostic> {
    let message = format!("internal error: {what}");
    Box::new(Diagnostic::new(Code::Internal, message, span))
}

fn chained(lhs: &Expr, op: &Spanned<BinaryOp>) -> Diagnostic {
    Diagnostic::new(
        Code::ChainedComparison,
        format!(
            "comparisons cannot be chained: `{}` follows another comparison",
            op.node.as_str()
        ),
        op.span,
    )
    .with_label("second comparison")
    .with_secondary(lhs.span, "this is already a comparison")
    .with_help("join the two with `and`, or add parentheses")
}

fn postfix(builder: &mut Builder, target: Expr, pair: Pair<'_, R>) -> Built<Expr> {
    let span = target.span.to(builder.span(&pair));
    let rule = pair.as_rule();
    let inner = children(pair.clone()).next();
    let inner = inner.ok_or_else(|| builder.missing("a property or index", &pair))?;

    let kind = if rule == R::field {
        let name = Spanned::new(inner.as_str().to_string(), builder.span(&inner));
        ExprKind::Field {
            target: Box::new(target),
            name,
        }
    } else {
        ExprKind::Index {
            target: Box::new(target),
            index: Box::new(builder.expr(inner)?),
        }
    };
    Ok(Expr { kind, span })
}

fn operand(builder: &mut Builder, pair: Pair<'_, R>) -> Built<Expr> {
    let span = builder.span(&pair);
    let kind = match pair.as_rule() {
        R::null => ExprKind::Null,
        R::boolean => ExprKind::Bool(pair.as_str() == "true"),
        R::number => ExprKind::Number(number(builder, &pair)),
        R::string => ExprKind::String(builder.string(&pair)?.node),
        R::ident => ExprKind::Name(pair.as_str().to_string()),
        R::list => ExprKind::List(exprs(builder, pair)?),
        R::paren => {
            let inner = children(pair.clone()).next();
            let inner = inner.ok_or_else(|| builder.missing("an expression", &pair))?;
            // Parentheses keep their span so that diagnostics underline them too.
            return Ok(Expr {
                span,
                ..builder.expr(inner)?
            });
        }
        R::call => call(builder, pair)?,
        R::quantifier | R::count => quantifier(builder, pair)?,
        _ => return Err(builder.missing("an operand", &pair)),
    };
    Ok(Expr { kind, span })
}

fn number(builder: &mut Builder, pair: &Pair<'_, R>) -> f64 {
    match pair.as_str().parse::<f64>() {
        Ok(value) if value.is_finite() => value,
        _ => {
            let diagnostic = Diagnostic::new(
                Code::NumberOutOfRange,
                format!("number `{}` is too large", pair.as_str()),
                builder.span(pair),
            )
            .with_label("out of range")
            .with_note("numbers are 64-bit floating point, as in JSON parsers");
            builder.diagnostics.push(diagnostic);
            0.0
        }
    }
}

fn exprs(builder: &mut Builder, pair: Pair<'_, R>) -> Built<Vec<Expr>> {
    let mut items = Vec::new();
    for child in children(pair).filter(|p| p.as_rule() == R::expr) {
        items.push(builder.expr(child)?);
    }
    Ok(items)
}

fn call(builder: &mut Builder, pair: Pair<'_, R>) -> Built<ExprKind> {
    let callee = children(pair.clone()).next();
    let callee = callee.ok_or_else(|| builder.missing("a function name", &pair))?;
    let callee = Spanned::new(callee.as_str().to_string(), builder.span(&callee));
    Ok(ExprKind::Call {
        callee,
        args: exprs(builder, pair)?,
    })
}

fn quantifier(builder: &mut Builder, pair: Pair<'_, R>) -> Built<ExprKind> {
    let mut parts = children(pair.clone());
    let keyword = builder.next(&mut parts, "a quantifier", &pair)?;
    let kind = match keyword.as_rule() {
        R::op_all => Quantifier::All,
        R::op_any => Quantifier::Any,
        _ => Quantifier::Count,
    };
    let kind = Spanned::new(kind, builder.span(&keyword));

    let var = builder.next(&mut parts, "a bound name", &pair)?;
    let var = Spanned::new(var.as_str().to_string(), builder.span(&var));
    let mut rest = parts.filter(|p| p.as_rule() == R::expr);
    let domain = rest
        .next()
        .ok_or_else(|| builder.missing("a collection", &pair))?;
    let body = rest
        .next()
        .ok_or_else(|| builder.missing("a condition", &pair))?;

    let domain = Box::new(builder.expr(domain)?);
    let body = Box::new(builder.expr(body)?);
    Ok(ExprKind::Quantifier {
        kind,
        var,
        domain,
        body,
    })
}
