//! ARM template expressions, the text between `[` and `]` in a template string, parsed into a
//! small tree: string and integer literals, function calls, `.property` and `[index]`.
//!
//! Only the syntax is known here; which functions can be resolved is up to
//! [`super::resolve`]. Text that does not parse is simply not an expression we can resolve.

/// How deeply calls may nest before the text is given up on, so hostile input cannot exhaust
/// the stack.
const MAX_DEPTH: usize = 32;

/// One template expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Expr {
    /// A string literal: `'abc'`, with `''` for a quote.
    Text(String),
    /// An integer literal: `0`, `-1`.
    Int(i64),
    /// A function call: `parameters('x')`. User-defined functions keep their namespace:
    /// `contoso.name()` is named `contoso.name`.
    Call {
        /// The function name, as written.
        function: String,
        /// The arguments, in order.
        args: Vec<Expr>,
    },
    /// A property of a value: `reference('x').subnets`.
    Member {
        /// The value.
        target: Box<Expr>,
        /// The property name.
        name: String,
    },
    /// An item of a value: `parameters('list')[0]`.
    Index {
        /// The value.
        target: Box<Expr>,
        /// The index or key.
        index: Box<Expr>,
    },
}

/// Parses the text between the brackets of a template expression, or `None` when it is not
/// one this parser understands.
pub(super) fn parse(text: &str) -> Option<Expr> {
    let mut parser = Parser {
        text,
        at: 0,
        depth: 0,
    };
    let expr = parser.expr()?;
    parser.skip_spaces();
    parser.rest().is_empty().then_some(expr)
}

struct Parser<'a> {
    text: &'a str,
    /// The byte index of the next character.
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn expr(&mut self) -> Option<Expr> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.skip_spaces();
        let primary = match self.peek()? {
            '\'' => Expr::Text(self.string()?),
            c if c == '-' || c.is_ascii_digit() => Expr::Int(self.int()?),
            c if c.is_ascii_alphabetic() || c == '_' => self.call()?,
            _ => return None,
        };
        let expr = self.postfix(primary)?;
        self.depth -= 1;
        Some(expr)
    }

    /// A call: a name, with an optional namespace, and arguments in parentheses.
    fn call(&mut self) -> Option<Expr> {
        let mut function = self.ident()?.to_string();
        if self.eat('.') {
            function.push('.');
            function.push_str(self.ident()?);
        }
        self.skip_spaces();
        if !self.eat('(') {
            return None;
        }
        let mut args = Vec::new();
        self.skip_spaces();
        if self.eat(')') {
            return Some(Expr::Call { function, args });
        }
        loop {
            args.push(self.expr()?);
            self.skip_spaces();
            if self.eat(')') {
                return Some(Expr::Call { function, args });
            }
            if !self.eat(',') {
                return None;
            }
        }
    }

    /// Property accesses and indexes after a value.
    fn postfix(&mut self, mut target: Expr) -> Option<Expr> {
        loop {
            self.skip_spaces();
            if self.eat('.') {
                let name = self.ident()?.to_string();
                target = Expr::Member {
                    target: Box::new(target),
                    name,
                };
            } else if self.eat('[') {
                let index = self.expr()?;
                self.skip_spaces();
                if !self.eat(']') {
                    return None;
                }
                target = Expr::Index {
                    target: Box::new(target),
                    index: Box::new(index),
                };
            } else {
                return Some(target);
            }
        }
    }

    /// A string literal, whose opening quote is the next character.
    fn string(&mut self) -> Option<String> {
        self.eat('\'');
        let mut text = String::new();
        loop {
            let c = self.peek()?;
            self.at += c.len_utf8();
            if c != '\'' {
                text.push(c);
            } else if self.eat('\'') {
                text.push('\'');
            } else {
                return Some(text);
            }
        }
    }

    fn int(&mut self) -> Option<i64> {
        let start = self.at;
        self.eat('-');
        let digits = self.rest().chars().take_while(char::is_ascii_digit).count();
        self.at += digits;
        self.text.get(start..self.at)?.parse().ok()
    }

    fn ident(&mut self) -> Option<&str> {
        let rest = self.rest();
        let len = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .count();
        if len == 0 {
            return None;
        }
        let start = self.at;
        self.at += len;
        self.text.get(start..self.at)
    }

    fn skip_spaces(&mut self) {
        let spaces = self.rest().chars().take_while(|c| c.is_whitespace());
        self.at += spaces.map(char::len_utf8).sum::<usize>();
    }

    fn eat(&mut self, expected: char) -> bool {
        let found = self.peek() == Some(expected);
        if found {
            self.at += expected.len_utf8();
        }
        found
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn rest(&self) -> &str {
        self.text.get(self.at..).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Expr {
        Expr::Text(value.to_string())
    }

    fn call(function: &str, args: Vec<Expr>) -> Expr {
        Expr::Call {
            function: function.to_string(),
            args,
        }
    }

    #[test]
    fn calls_nest_with_string_arguments() {
        let parsed = parse("resourceId('Microsoft.Storage/storageAccounts', parameters('a'))");
        let expected = call(
            "resourceId",
            vec![
                text("Microsoft.Storage/storageAccounts"),
                call("parameters", vec![text("a")]),
            ],
        );
        assert_eq!(parsed, Some(expected));
    }

    #[test]
    fn doubled_quotes_are_one_quote() {
        assert_eq!(parse("'it''s'"), Some(text("it's")));
        assert_eq!(
            parse("concat( 'a' ,'b' )"),
            Some(call("concat", vec![text("a"), text("b")]))
        );
    }

    #[test]
    fn properties_and_indexes_follow_values() {
        let parsed = parse("reference('v').subnets[0].id").unwrap();
        let Expr::Member { target, name } = parsed else {
            panic!("expected a property access");
        };
        assert_eq!(name, "id");
        assert!(matches!(*target, Expr::Index { .. }));
    }

    #[test]
    fn namespaces_and_empty_calls_and_integers_parse() {
        assert_eq!(
            parse("contoso.unique()"),
            Some(call("contoso.unique", vec![]))
        );
        assert_eq!(
            parse("take('abc', -2)"),
            Some(call("take", vec![text("abc"), Expr::Int(-2)]))
        );
    }

    #[test]
    fn broken_text_is_not_an_expression() {
        for broken in [
            "",
            "parameters('x'",
            "'open",
            "a b",
            "1 2",
            "f(,)",
            "x.(",
            "f()]",
        ] {
            assert_eq!(parse(broken), None, "{broken}");
        }
    }

    #[test]
    fn deep_nesting_is_given_up_on() {
        let deep = format!("{}'x'{}", "f(".repeat(40), ")".repeat(40));
        assert_eq!(parse(&deep), None);
        let shallow = format!("{}'x'{}", "f(".repeat(10), ")".repeat(10));
        assert!(parse(&shallow).is_some());
    }
}
