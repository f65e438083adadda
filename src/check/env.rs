//! Scopes: the bindings visible at a point of a rule or `def`, whether each was used, and the
//! paths known to be present there (after `exists(p)` or `p != null`).

use super::ty::Ty;
use crate::diag::{Code, Diagnostic, Span};

/// What introduced a binding, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingKind {
    /// `for name in ...`.
    For,
    /// `let name = ...`.
    Let,
    /// `all name in ...` and the other quantifiers.
    Quantifier,
    /// A parameter of a `def`.
    DefParam,
}

impl BindingKind {
    fn describe(self) -> &'static str {
        match self {
            BindingKind::For => "`for` binding",
            BindingKind::Let => "`let` binding",
            BindingKind::Quantifier => "quantifier variable",
            BindingKind::DefParam => "parameter",
        }
    }
}

/// One name in scope.
#[derive(Clone, Debug)]
pub struct Binding {
    /// The name.
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// Where it is bound.
    pub span: Span,
    /// What bound it.
    pub kind: BindingKind,
    used: bool,
}

/// A stack of bindings; inner scopes are pushed on top and popped back to a mark.
#[derive(Debug, Default)]
pub struct Env {
    bindings: Vec<Binding>,
    present: Vec<String>,
}

/// A position in an [`Env`] to return to when a scope ends.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    bindings: usize,
    present: usize,
}

impl Env {
    /// The current position, to pop back to.
    pub fn mark(&self) -> Mark {
        Mark {
            bindings: self.bindings.len(),
            present: self.present.len(),
        }
    }

    /// The binding that `name` would shadow, if any.
    pub fn visible(&self, name: &str) -> Option<&Binding> {
        self.bindings
            .iter()
            .rev()
            .find(|binding| binding.name == name)
    }

    /// Binds a name.
    pub fn bind(&mut self, name: &str, ty: Ty, span: Span, kind: BindingKind) {
        let used = name.starts_with('_');
        self.bindings.push(Binding {
            name: name.to_string(),
            ty,
            span,
            kind,
            used,
        });
    }

    /// Looks a name up and marks it used.
    pub fn lookup(&mut self, name: &str) -> Option<&Binding> {
        let binding = self
            .bindings
            .iter_mut()
            .rev()
            .find(|binding| binding.name == name)?;
        binding.used = true;
        Some(binding)
    }

    /// Names in scope, innermost first, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.bindings
            .iter()
            .rev()
            .map(|binding| binding.name.as_str())
    }

    /// Records that the path with this key is known to be present from here on.
    pub fn assume_present(&mut self, key: String) {
        self.present.push(key);
    }

    /// Whether the path with this key is known to be present.
    pub fn is_present(&self, key: &str) -> bool {
        self.present.iter().any(|known| known == key)
    }

    /// Ends the scopes opened since `mark`, warning about bindings nothing used.
    pub fn pop_to(&mut self, mark: Mark, diagnostics: &mut Vec<Diagnostic>) {
        self.present.truncate(mark.present);
        let ended = self
            .bindings
            .split_off(mark.bindings.min(self.bindings.len()));
        for binding in ended.into_iter().filter(|binding| !binding.used) {
            diagnostics.push(unused(&binding));
        }
    }

    /// Ends the presence facts learnt since `mark`, keeping the bindings.
    pub fn forget_since(&mut self, mark: Mark) {
        self.present.truncate(mark.present);
    }
}

fn unused(binding: &Binding) -> Diagnostic {
    let what = binding.kind.describe();
    let help = match binding.kind {
        BindingKind::Quantifier | BindingKind::DefParam => {
            format!("name it `_{}` if nothing needs it", binding.name)
        }
        BindingKind::For | BindingKind::Let => {
            format!(
                "remove it, or name it `_{}` to keep it unused",
                binding.name
            )
        }
    };
    let message = format!("{what} `{}` is never used", binding.name);
    Diagnostic::new(Code::UnusedBinding, message, binding.span)
        .with_label("bound here")
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileId;

    fn span() -> Span {
        Span::new(FileId::DUMMY, 0, 1)
    }

    #[test]
    fn lookups_find_the_innermost_binding_and_mark_it_used() {
        let mut env = Env::default();
        let mark = env.mark();
        env.bind("x", Ty::String, span(), BindingKind::Let);
        env.bind("x", Ty::Number, span(), BindingKind::Quantifier);
        assert_eq!(env.lookup("x").map(|b| b.ty.clone()), Some(Ty::Number));

        let mut diagnostics = Vec::new();
        env.pop_to(mark, &mut diagnostics);
        let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [Code::UnusedBinding],
            "only the outer `x` went unused"
        );
        assert!(env.lookup("x").is_none());
    }

    #[test]
    fn underscore_names_are_never_unused() {
        let mut env = Env::default();
        let mark = env.mark();
        env.bind("_skip", Ty::Any, span(), BindingKind::For);
        let mut diagnostics = Vec::new();
        env.pop_to(mark, &mut diagnostics);
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn presence_facts_end_with_their_scope() {
        let mut env = Env::default();
        let mark = env.mark();
        env.assume_present("a.b".to_string());
        assert!(env.is_present("a.b"));
        env.forget_since(mark);
        assert!(!env.is_present("a.b"));
    }
}
