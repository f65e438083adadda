//! Expressions as documents. Parentheses are printed only where the parser's binding powers
//! (`src/syntax/expr.rs`) need them, and chains of `and`, `or` and `implies` break before each
//! operator when they do not fit.

use super::doc::Doc;
use super::{Formatter, literal};
use crate::syntax::{BinaryOp, Expr, ExprKind, Quantifier};

/// How tightly an expression holds together, as the parser's binding powers count.
const IMPLIES: u8 = 1;
const OR: u8 = 3;
const AND: u8 = 5;
const NOT: u8 = 7;
const COMPARISON: u8 = 9;
/// Operands and postfix expressions: names, literals, calls, quantifiers.
const ATOM: u8 = 11;

/// The least precedence an operand of a comparison may have without parentheses: comparisons
/// do not chain, and `not` would take the comparison in.
const COMPARISON_OPERAND: u8 = COMPARISON + 1;

/// How tightly `expr` holds together when printed without parentheses.
fn precedence(expr: &Expr) -> u8 {
    match &expr.kind {
        ExprKind::Binary { op, .. } => match op.node {
            BinaryOp::Implies => IMPLIES,
            BinaryOp::Or => OR,
            BinaryOp::And => AND,
            _ => COMPARISON,
        },
        ExprKind::Not(_) => NOT,
        _ => ATOM,
    }
}

/// Whether the expression is `all` or `any`, whose body takes in everything to its right.
fn is_open_quantifier(expr: &Expr) -> bool {
    matches!(&expr.kind, ExprKind::Quantifier { kind, .. } if kind.node != Quantifier::Count)
}

/// The binding powers of a chain operator, left and right, as the parser has them.
fn powers(op: BinaryOp) -> (u8, u8) {
    match op {
        BinaryOp::Implies => (IMPLIES + 1, IMPLIES),
        BinaryOp::Or => (OR, OR + 1),
        _ => (AND, AND + 1),
    }
}

impl Formatter<'_> {
    /// An expression in a place that ends it, such as a `require` or an argument.
    pub(super) fn expr(&mut self, expr: &Expr) -> Doc {
        self.operand(expr, 0, false)
    }

    /// An expression that must hold at least `min` tightly. `open_right` says that more of the
    /// enclosing expression follows, which a quantifier body would swallow.
    fn operand(&mut self, expr: &Expr, min: u8, open_right: bool) -> Doc {
        let mut parts = self.comment_docs(expr.span.start as usize);
        let parens = precedence(expr) < min || (open_right && is_open_quantifier(expr));
        if parens {
            parts.push(Doc::text("("));
            parts.push(self.bare(expr, false));
            parts.push(Doc::text(")"));
        } else {
            parts.push(self.bare(expr, open_right));
        }
        Doc::Concat(parts)
    }

    /// An expression without parentheses around it.
    fn bare(&mut self, expr: &Expr, open_right: bool) -> Doc {
        match &expr.kind {
            ExprKind::Null => Doc::text("null"),
            ExprKind::Bool(value) => Doc::text(if *value { "true" } else { "false" }),
            ExprKind::Number(value) => {
                let written = self.source.get(expr.span.range()).unwrap_or("");
                Doc::text(literal::number(written, *value))
            }
            ExprKind::String(text) => Doc::text(literal::string(text)),
            ExprKind::Name(name) => Doc::text(name.as_str()),
            ExprKind::List(items) => self.arguments("[", "]", items, expr),
            ExprKind::Call { callee, args } => Doc::Concat(vec![
                Doc::text(callee.node.as_str()),
                self.arguments("(", ")", args, expr),
            ]),
            ExprKind::Field { .. } | ExprKind::Index { .. } => self.postfix(expr),
            ExprKind::Not(operand) => Doc::Concat(vec![
                Doc::text("not "),
                self.operand(operand, NOT, open_right),
            ]),
            ExprKind::Binary { op, lhs, rhs } => match op.node {
                BinaryOp::Implies | BinaryOp::Or | BinaryOp::And => {
                    self.chain(expr, op.node, open_right)
                }
                op => {
                    let lhs = self.operand(lhs, COMPARISON_OPERAND, true);
                    let rhs = self.operand(rhs, COMPARISON_OPERAND, open_right);
                    let operator = Doc::text(format!("{} ", op.as_str()));
                    // The right side moves to the next line only when it does not fit.
                    let right = Doc::group(Doc::Concat(vec![Doc::Line, operator, rhs]));
                    Doc::Concat(vec![lhs, right])
                }
            },
            ExprKind::Quantifier { .. } => self.quantifier(expr),
        }
    }

    /// What follows `=` or a requirement's label: on the same line if it fits, else on the next
    /// line, two spaces in. A list stays on the line and breaks inside instead. `after` is the
    /// end of what comes before the `=` or `:`; a comment after that stays on its line.
    pub(super) fn value_after(&mut self, after: usize, value: &Expr) -> Doc {
        let comment = self.trailing_comment(after, "=:)");
        let hug = comment == Doc::Nil && !self.comments.pending_before(value.span.start as usize);
        let doc = self.expr(value);
        if hug && matches!(value.kind, ExprKind::List(_)) {
            return Doc::Concat(vec![Doc::text(" "), Doc::indent(doc)]);
        }
        let value = Doc::indent(Doc::Concat(vec![Doc::Line, doc]));
        Doc::Concat(vec![comment, Doc::group(value)])
    }

    /// The elements of a list or the arguments of a call, broken one per line when too long.
    fn arguments(&mut self, open: &str, close: &str, items: &[Expr], whole: &Expr) -> Doc {
        let close_at = self.end_of(whole.span).saturating_sub(1);
        let span = |item: &Expr| (item.span.start as usize, item.span.end as usize);
        self.seq((open, close), items, close_at, span, |formatter, item| {
            formatter.expr(item)
        })
    }

    /// Bracketed items separated by commas: flat if they fit, else one per line with a trailing
    /// comma. Comments between the items stay with them. `close_at` is the closing bracket.
    pub(super) fn seq<T>(
        &mut self,
        (open, close): (&str, &str),
        items: &[T],
        close_at: usize,
        span: impl Fn(&T) -> (usize, usize),
        mut build: impl FnMut(&mut Self, &T) -> Doc,
    ) -> Doc {
        let first = items.first().map_or(close_at, |item| span(item).0);
        let header = self.open_comment(first);
        let mut inner = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let (start, end) = span(item);
            let last = index + 1 == items.len();
            inner.push(if index > 0 { Doc::Line } else { Doc::SoftLine });
            inner.extend(self.comment_docs(start));
            inner.push(build(self, item));
            // The last element gets its comma only when the list is broken.
            let comma = Doc::text(",");
            inner.push(if last {
                Doc::if_break(comma, Doc::Nil)
            } else {
                comma
            });
            let end = self.tight_end(start, end);
            inner.push(self.trailing_comment(end, ","));
        }
        for comment in self.comment_docs(close_at) {
            inner.push(if inner.is_empty() {
                Doc::SoftLine
            } else {
                Doc::Line
            });
            inner.push(comment);
        }
        if inner.is_empty() && header == Doc::Nil {
            return Doc::text(format!("{open}{close}"));
        }
        Doc::group(Doc::base(Doc::Concat(vec![
            Doc::text(open),
            header,
            Doc::indent(Doc::Concat(inner)),
            Doc::SoftLine,
            Doc::text(close),
        ])))
    }

    /// `a.b[c].d`: the innermost target, then each property or index. The chain is walked in a
    /// loop, since postfixes nest without a depth limit.
    fn postfix(&mut self, expr: &Expr) -> Doc {
        let mut chain = Vec::new();
        let mut base = expr;
        while let ExprKind::Field { target, .. } | ExprKind::Index { target, .. } = &base.kind {
            chain.push(base);
            base = target;
        }

        let mut parts = vec![self.operand(base, ATOM, true)];
        for node in chain.iter().rev() {
            match &node.kind {
                ExprKind::Field { name, .. } => {
                    parts.push(Doc::text(format!(".{}", name.node)));
                }
                ExprKind::Index { index, .. } => {
                    parts.push(Doc::text("["));
                    parts.push(self.expr(index));
                    parts.push(Doc::text("]"));
                }
                _ => {}
            }
        }
        Doc::Concat(parts)
    }

    /// A run of one of `and`, `or` and `implies`: flat if it fits, else broken before each
    /// operator. Operands that are chains themselves break two spaces further in.
    ///
    /// Limitation: blank lines between the operands are not kept.
    fn chain(&mut self, expr: &Expr, op: BinaryOp, open_right: bool) -> Doc {
        let operands = flatten(expr, op);
        let (left, right) = powers(op);
        let last = operands.len().saturating_sub(1);
        let mut parts = Vec::with_capacity(operands.len() * 4);

        for (index, operand) in operands.iter().enumerate() {
            // Left-associative operators hold their later operands tighter; `implies` holds
            // all but its last one tighter.
            let holds_left = if op == BinaryOp::Implies {
                index < last
            } else {
                index == 0
            };
            let min = if holds_left { left } else { right };
            if index > 0 {
                parts.push(Doc::Line);
                parts.extend(self.comment_docs(operand.span.start as usize));
                parts.push(Doc::text(format!("{} ", op.as_str())));
            }
            let open = index < last || open_right;
            parts.push(Doc::nest(self.operand(operand, min, open)));
            let end = self.end_of(operand.span);
            parts.push(self.trailing_comment(end, ""));
        }
        Doc::group(Doc::Concat(parts))
    }

    /// `all x in xs: body`, `any ...` and `count(x in xs: body)`. A body that does not fit
    /// after the colon goes on the next line, two spaces in.
    fn quantifier(&mut self, expr: &Expr) -> Doc {
        let ExprKind::Quantifier {
            kind,
            var,
            domain,
            body,
        } = &expr.kind
        else {
            return Doc::Nil;
        };
        let keyword = match kind.node {
            Quantifier::All => "all ",
            Quantifier::Any => "any ",
            Quantifier::Count => "count(",
        };
        let domain_end = self.end_of(domain.span);
        let mut parts = vec![
            Doc::text(format!("{keyword}{} in ", var.node)),
            // A quantifier as the domain would read badly without parentheses.
            self.operand(domain, 0, true),
            Doc::text(":"),
            self.trailing_comment(domain_end, ":"),
        ];
        let body = self.expr(body);
        parts.push(Doc::group(Doc::indent(Doc::Concat(vec![Doc::Line, body]))));
        if kind.node == Quantifier::Count {
            parts.push(Doc::text(")"));
        }
        Doc::Concat(parts)
    }
}

/// The operands of a run of `op`, walked in a loop, since a long run nests deeply: `a and b and
/// c` is `(a and b) and c`, and `a implies b implies c` is `a implies (b implies c)`.
fn flatten(expr: &Expr, op: BinaryOp) -> Vec<&Expr> {
    let mut operands = Vec::new();
    let mut current = expr;
    while let ExprKind::Binary { op: next, lhs, rhs } = &current.kind {
        if next.node != op {
            break;
        }
        if op == BinaryOp::Implies {
            operands.push(lhs.as_ref());
            current = rhs;
        } else {
            operands.push(rhs.as_ref());
            current = lhs;
        }
    }
    operands.push(current);
    if op != BinaryOp::Implies {
        operands.reverse();
    }
    operands
}
