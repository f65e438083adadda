//! Expression checking: infers the type of each expression, resolves its names and paths, and
//! reports what cannot work: unknown properties, impossible comparisons, non-boolean
//! conditions, enum values outside a schema.

use std::rc::Rc;

use super::Checker;
use super::builtins::{Accepts, BUILTINS, Builtin, Returns, builtin};
use super::env::BindingKind;
use super::ty::{EnumTy, Kind, ObjectTy, Ty};
use crate::diag::{Code, Diagnostic, Span, closest};
use crate::syntax::{BinaryOp, Expr, ExprKind, Ident, Quantifier};

impl Checker<'_> {
    /// Infers the type of an expression, reporting the problems in it.
    pub(super) fn expr(&mut self, expr: &Expr) -> Ty {
        match &expr.kind {
            ExprKind::Null => Ty::Null,
            ExprKind::Bool(_) => Ty::Bool,
            ExprKind::Number(_) => Ty::Number,
            ExprKind::String(_) => Ty::String,
            ExprKind::List(items) => self.list(items),
            ExprKind::Name(name) => self.name(name, expr.span),
            ExprKind::Field { target, name } => self.field(expr, target, name),
            ExprKind::Index { target, index } => self.index(expr, target, index),
            ExprKind::Call { callee, args } => self.call(callee, args, expr.span),
            ExprKind::Not(operand) => {
                self.condition(operand, "the operand of `not`");
                Ty::Bool
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(op.node, op.span, lhs, rhs),
            ExprKind::Quantifier {
                kind,
                var,
                domain,
                body,
            } => self.quantifier(kind.node, var, domain, body),
        }
    }

    /// Checks an expression that must be a condition; `what` names its place for messages.
    pub(super) fn condition(&mut self, expr: &Expr, what: &str) {
        let ty = self.expr(expr);
        if ty.is_bool_like() {
            return;
        }
        let help = match ty.kind() {
            Kind::List => "test the elements with `any x in ...: ...`, or compare `len(...)`",
            Kind::String => "compare it with a value, as in `... == \"Enabled\"`",
            _ => "compare it with a value to make a condition",
        };
        let diagnostic = Diagnostic::new(
            Code::NotACondition,
            format!("{what} is not a condition: its type is `{ty}`"),
            expr.span,
        )
        .with_label(format!("of type `{ty}`, not `bool`"))
        .with_help(help);
        self.diagnostics.push(diagnostic);
    }

    fn list(&mut self, items: &[Expr]) -> Ty {
        let mut element: Option<Ty> = None;
        for item in items {
            let ty = self.expr(item);
            element = Some(match element {
                None => ty,
                Some(seen) if seen.kind() == ty.kind() => seen,
                Some(_) => Ty::Any,
            });
        }
        Ty::List(Rc::new(element.unwrap_or(Ty::Any)))
    }

    fn name(&mut self, name: &str, span: Span) -> Ty {
        if let Some(binding) = self.env.lookup(name) {
            return binding.ty.clone();
        }
        if let Some(param) = self.globals.params.get(name) {
            return param.ty.clone();
        }

        let mut diagnostic = Diagnostic::new(
            Code::UndefinedName,
            format!("`{name}` is not defined"),
            span,
        )
        .with_label("not found in this scope");
        if self.globals.defs.contains_key(name) || builtin(name).is_some() {
            diagnostic =
                diagnostic.with_help(format!("`{name}` is a function: call it, `{name}(...)`"));
        } else if let Some(best) = self.suggest_name(name) {
            diagnostic = diagnostic.with_help(format!("did you mean `{best}`?"));
        }
        self.diagnostics.push(diagnostic);
        Ty::Any
    }

    fn suggest_name(&self, name: &str) -> Option<String> {
        let locals = self.env.names();
        let params = self.globals.params.keys().copied();
        closest(name, locals.chain(params)).map(str::to_string)
    }

    fn field(&mut self, expr: &Expr, target: &Expr, name: &Ident) -> Ty {
        let target_ty = self.expr(target);
        let ty = self.property(&target_ty, name);
        self.narrowed(expr, ty)
    }

    /// Strips `Optional` from the type of a path known to be present here.
    fn narrowed(&self, expr: &Expr, ty: Ty) -> Ty {
        match path_key(expr) {
            Some(key) if self.env.is_present(&key) => ty.present().clone(),
            _ => ty,
        }
    }

    /// The type of property `name` of a value of type `target`.
    fn property(&mut self, target: &Ty, name: &Ident) -> Ty {
        let optional = target.is_optional();
        let ty = match target.present() {
            Ty::Any | Ty::Null => return Ty::Any,
            Ty::Object(object) => self.declared_property(object, name),
            Ty::Resource(resource) => self.declared_property(&resource.body, name),
            other => {
                self.diagnostics.push(not_an_object(other, name));
                return Ty::Any;
            }
        };
        if optional { ty.optional() } else { ty }
    }

    fn declared_property(&mut self, object: &ObjectTy, name: &Ident) -> Ty {
        if let Some(field) = object.field(&name.node) {
            if field.name != name.node {
                self.diagnostics.push(property_case(&field.name, name));
            }
            return field.ty.clone();
        }

        let code = if object.open {
            Code::UnknownPartialProperty
        } else {
            Code::UnknownProperty
        };
        let mut diagnostic =
            Diagnostic::new(code, format!("unknown property `{}`", name.node), name.span)
                .with_label(format!("not declared in the schema of {}", object.origin));
        let names = object.fields.iter().map(|field| field.name.as_str());
        if let Some(best) = closest(&name.node, names) {
            diagnostic = diagnostic.with_help(format!("did you mean `{best}`?"));
        } else if object.open {
            diagnostic = diagnostic
                .with_note("the schema is partial, so the property may exist; its type is unknown");
        } else {
            let known: Vec<String> = object
                .fields
                .iter()
                .map(|f| format!("`{}`", f.name))
                .collect();
            diagnostic =
                diagnostic.with_note(format!("the declared properties are {}", known.join(", ")));
        }
        self.diagnostics.push(diagnostic);
        Ty::Any
    }

    fn index(&mut self, expr: &Expr, target: &Expr, index: &Expr) -> Ty {
        let target_ty = self.expr(target);
        let index_ty = self.expr(index);

        let ty = match (&index.kind, target_ty.present()) {
            (ExprKind::String(key), Ty::Object(_) | Ty::Resource(_)) => {
                let key = Ident {
                    node: key.clone(),
                    span: index.span,
                };
                self.property(&target_ty, &key)
            }
            (_, Ty::List(element)) if matches!(index_ty.kind(), Kind::Number | Kind::Any) => {
                // An index past the end reads nothing.
                (**element).clone().optional()
            }
            (_, Ty::List(_)) => {
                self.operand_error(index.span, "a list is indexed by a number", &index_ty);
                Ty::Any
            }
            _ => Ty::Any,
        };
        self.narrowed(expr, ty)
    }

    fn call(&mut self, callee: &Ident, args: &[Expr], span: Span) -> Ty {
        let arg_types: Vec<Ty> = args.iter().map(|arg| self.expr(arg)).collect();

        if let Some(def) = self.globals.defs.get(callee.node.as_str()) {
            let def = *def;
            return self.def_call(def, callee, args, &arg_types, span);
        }
        if let Some(builtin) = builtin(&callee.node) {
            return self.builtin_call(builtin, callee, args, &arg_types, span);
        }
        self.unknown_function(callee);
        Ty::Any
    }

    fn unknown_function(&mut self, callee: &Ident) {
        let name = &callee.node;
        let mut diagnostic = Diagnostic::new(
            Code::UnknownFunction,
            format!("unknown function `{name}`"),
            callee.span,
        )
        .with_label("no builtin or `def` has this name");
        if self.env.visible(name).is_some() || self.globals.params.contains_key(name.as_str()) {
            diagnostic = diagnostic.with_note(format!("`{name}` is a value, not a function"));
        }
        let defs = self.globals.defs.keys().copied();
        let builtins = BUILTINS.iter().map(|builtin| builtin.name);
        if let Some(best) = closest(name, defs.chain(builtins)) {
            diagnostic = diagnostic.with_help(format!("did you mean `{best}`?"));
        }
        self.diagnostics.push(diagnostic);
    }

    fn def_call(
        &mut self,
        def: &crate::syntax::Def,
        callee: &Ident,
        args: &[Expr],
        arg_types: &[Ty],
        span: Span,
    ) -> Ty {
        let params: Vec<String> = def.params.iter().map(|p| p.name.node.clone()).collect();
        if args.len() != params.len() {
            let signature = format!("{}({})", def.name.node, params.join(", "));
            self.wrong_arity(
                callee,
                args.len(),
                params.len(),
                &signature,
                span,
                def.name.span,
            );
            return self.def_result(&def.name.node);
        }

        for ((param, arg), arg_ty) in def.params.iter().zip(args).zip(arg_types) {
            let Some(declared) = &param.ty else { continue };
            let origin = format!("parameter `{}`", param.name.node);
            let expected = self.globals.schemas.ty(declared, &origin, &mut Vec::new());
            if !super::ty::assignable(&expected, arg_ty) {
                self.argument_error(arg.span, &param.name.node, &expected, arg_ty);
            }
            self.enum_literal(&expected, arg);
        }
        self.def_result(&def.name.node)
    }

    fn builtin_call(
        &mut self,
        builtin: &Builtin,
        callee: &Ident,
        args: &[Expr],
        arg_types: &[Ty],
        span: Span,
    ) -> Ty {
        if args.len() != builtin.params.len() {
            let signature = builtin.signature();
            self.wrong_arity(
                callee,
                args.len(),
                builtin.params.len(),
                &signature,
                span,
                callee.span,
            );
            return Ty::Any;
        }

        for (((name, accepts), arg), arg_ty) in builtin.params.iter().zip(args).zip(arg_types) {
            if !accepts_ty(*accepts, arg_ty) {
                let expected = accepts.describe();
                let message = format!(
                    "argument `{name}` of `{}` must be a `{expected}`",
                    builtin.name
                );
                let diagnostic = Diagnostic::new(Code::ArgumentType, message, arg.span)
                    .with_label(format!("this is a `{arg_ty}`"))
                    .with_note(format!("the signature is `{}`", builtin.signature()));
                self.diagnostics.push(diagnostic);
            }
        }
        self.builtin_result(builtin.returns, args, arg_types)
    }

    fn builtin_result(&mut self, returns: Returns, args: &[Expr], arg_types: &[Ty]) -> Ty {
        let resource_list = |checker: &mut Checker<'_>, type_arg: Option<&Expr>| {
            let element = type_arg.and_then(|arg| checker.resource_type_literal(arg));
            Ty::List(Rc::new(element.map_or(Ty::Any, Ty::Resource)))
        };

        match returns {
            Returns::Bool => Ty::Bool,
            Returns::Number => Ty::Number,
            Returns::String => Ty::String,
            Returns::Strings => Ty::List(Rc::new(Ty::String)),
            Returns::ResourcesOfType => resource_list(self, args.first()),
            Returns::ChildrenOfType => resource_list(self, args.get(1)),
            Returns::MaybeResource => Ty::Any,
            Returns::Parent => match arg_types.first().map(Ty::present) {
                Some(Ty::Resource(resource)) => {
                    let parent = resource.name.rsplit_once('/').map(|(parent, _)| parent);
                    let schema = parent.and_then(|name| self.globals.schemas.get(name));
                    schema.map_or(Ty::Any, |schema| Ty::Resource(schema.clone()).optional())
                }
                _ => Ty::Any,
            },
        }
    }

    /// The schema that a literal type name such as `"Microsoft.Storage/storageAccounts"` names.
    /// A name close to a declared one is probably a typo that would select nothing.
    fn resource_type_literal(&mut self, arg: &Expr) -> Option<Rc<super::ty::ResourceTy>> {
        let ExprKind::String(name) = &arg.kind else {
            return None;
        };
        if let Some(schema) = self.globals.schemas.get(name) {
            return Some(schema.clone());
        }
        if let Some(best) = closest(name, self.globals.schemas.names()) {
            let diagnostic = Diagnostic::new(
                Code::ResourceTypeTypo,
                format!("no schema declares the resource type `{name}`"),
                arg.span,
            )
            .with_label("unknown resource type")
            .with_note("a misspelled type selects no resources, so the rule never fires")
            .with_help(format!("did you mean `{best}`?"));
            self.diagnostics.push(diagnostic);
        }
        None
    }

    fn wrong_arity(
        &mut self,
        callee: &Ident,
        given: usize,
        expected: usize,
        signature: &str,
        span: Span,
        declared: Span,
    ) {
        let plural = if expected == 1 {
            "argument"
        } else {
            "arguments"
        };
        let diagnostic = Diagnostic::new(
            Code::WrongArgumentCount,
            format!(
                "`{}` takes {expected} {plural}, but {given} {} given",
                callee.node,
                if given == 1 { "was" } else { "were" }
            ),
            span,
        )
        .with_label(format!("{given} given"))
        .with_note(format!("the signature is `{signature}`"));
        let diagnostic = if declared != callee.span {
            diagnostic.with_secondary(declared, "declared here")
        } else {
            diagnostic
        };
        self.diagnostics.push(diagnostic);
    }

    fn argument_error(&mut self, span: Span, param: &str, expected: &Ty, actual: &Ty) {
        let diagnostic = Diagnostic::new(
            Code::ArgumentType,
            format!("argument `{param}` must be a `{expected}`, but this is a `{actual}`"),
            span,
        )
        .with_label(format!("this is a `{actual}`"));
        self.diagnostics.push(diagnostic);
    }

    fn binary(&mut self, op: BinaryOp, op_span: Span, lhs: &Expr, rhs: &Expr) -> Ty {
        match op {
            BinaryOp::And | BinaryOp::Implies => {
                self.condition(lhs, &format!("the left side of `{}`", op.as_str()));
                let mark = self.env.mark();
                self.learn_presence(lhs);
                self.condition(rhs, &format!("the right side of `{}`", op.as_str()));
                self.env.forget_since(mark);
                Ty::Bool
            }
            BinaryOp::Or => {
                self.condition(lhs, "the left side of `or`");
                let mark = self.env.mark();
                self.learn_absence_refuted(lhs);
                self.condition(rhs, "the right side of `or`");
                self.env.forget_since(mark);
                Ty::Bool
            }
            BinaryOp::Eq | BinaryOp::Ne => self.equality(op, op_span, lhs, rhs),
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                self.ordering(op, lhs, rhs)
            }
            BinaryOp::In | BinaryOp::NotIn => self.membership(op, lhs, rhs),
            BinaryOp::Contains | BinaryOp::NotContains => self.contains(op, lhs, rhs),
            BinaryOp::Like | BinaryOp::NotLike | BinaryOp::Matches | BinaryOp::NotMatches => {
                self.pattern(op, lhs, rhs)
            }
        }
    }

    fn equality(&mut self, op: BinaryOp, op_span: Span, lhs: &Expr, rhs: &Expr) -> Ty {
        let lhs_ty = self.expr(lhs);
        let rhs_ty = self.expr(rhs);

        if !lhs_ty.kind().comparable(rhs_ty.kind()) {
            self.incomparable(op, op_span, (lhs, &lhs_ty), (rhs, &rhs_ty));
            return Ty::Bool;
        }
        self.enum_literal(&lhs_ty, rhs);
        self.enum_literal(&rhs_ty, lhs);
        Ty::Bool
    }

    fn incomparable(&mut self, op: BinaryOp, span: Span, lhs: (&Expr, &Ty), rhs: (&Expr, &Ty)) {
        let (lhs_expr, lhs_ty) = lhs;
        let (rhs_expr, rhs_ty) = rhs;
        let mut diagnostic = Diagnostic::new(
            Code::IncomparableTypes,
            format!(
                "`{}` compares a `{}` with a `{}`, which are never equal",
                op.as_str(),
                lhs_ty.kind().describe(),
                rhs_ty.kind().describe()
            ),
            span,
        )
        .with_secondary(lhs_expr.span, format!("this is a `{lhs_ty}`"))
        .with_secondary(rhs_expr.span, format!("this is a `{rhs_ty}`"));

        let literal = [(lhs_expr, rhs_ty), (rhs_expr, lhs_ty)]
            .into_iter()
            .find_map(|(expr, other)| match &expr.kind {
                ExprKind::String(text) => Some((text.clone(), other.kind())),
                _ => None,
            });
        if let Some((text, other)) = literal {
            let bare = text.trim();
            let fix = match other {
                Kind::Bool
                    if bare.eq_ignore_ascii_case("true") || bare.eq_ignore_ascii_case("false") =>
                {
                    Some(bare.to_ascii_lowercase())
                }
                Kind::Number if bare.parse::<f64>().is_ok() => Some(bare.to_string()),
                _ => None,
            };
            if let Some(fix) = fix {
                diagnostic = diagnostic.with_help(format!("compare with `{fix}`, without quotes"));
            }
        }
        self.diagnostics.push(diagnostic);
    }

    /// Reports a string literal compared with an enum that does not hold it.
    pub(super) fn check_enum_literal(&mut self, ty: &Ty, literal: &Expr) {
        self.enum_literal(ty, literal);
    }

    /// Reports a string literal compared with an enum that does not hold it.
    fn enum_literal(&mut self, ty: &Ty, literal: &Expr) {
        let (Ty::Enum(values), ExprKind::String(text)) = (ty.present(), &literal.kind) else {
            return;
        };
        let known = values
            .values
            .iter()
            .any(|value| value.eq_ignore_ascii_case(text));
        if known {
            return;
        }
        let best = closest(text, values.values.iter().map(String::as_str));
        if values.open && best.is_none() {
            return;
        }
        self.diagnostics
            .push(unknown_enum_value(values, text, literal.span, best));
    }

    fn ordering(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Ty {
        let lhs_ty = self.expr(lhs);
        let rhs_ty = self.expr(rhs);
        let orderable =
            |kind: Kind| matches!(kind, Kind::Number | Kind::String | Kind::Any | Kind::Null);

        if !orderable(lhs_ty.kind()) {
            self.operand_error(
                lhs.span,
                &format!("`{}` orders numbers or strings", op.as_str()),
                &lhs_ty,
            );
        } else if !orderable(rhs_ty.kind()) {
            self.operand_error(
                rhs.span,
                &format!("`{}` orders numbers or strings", op.as_str()),
                &rhs_ty,
            );
        } else if !lhs_ty.kind().comparable(rhs_ty.kind()) {
            let message = format!("`{}` needs two numbers or two strings", op.as_str());
            self.operand_error(rhs.span, &message, &rhs_ty);
        }
        Ty::Bool
    }

    fn membership(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Ty {
        let lhs_ty = self.expr(lhs);
        let rhs_ty = self.expr(rhs);

        let Some(element) = rhs_ty.element() else {
            let mut diagnostic = operand_diagnostic(
                rhs.span,
                &format!("`{}` looks for a value in a list", op.as_str()),
                &rhs_ty,
            );
            if rhs_ty.kind() == Kind::String {
                diagnostic =
                    diagnostic.with_help("to look for text inside a string, use `contains`");
            }
            if rhs_ty.kind() != Kind::Null {
                self.diagnostics.push(diagnostic);
            }
            return Ty::Bool;
        };

        if !lhs_ty.kind().comparable(element.kind()) {
            let message = format!("`{}` looks for a `{lhs_ty}` in a `{rhs_ty}`", op.as_str());
            self.operand_error(lhs.span, &message, &lhs_ty);
        }
        self.enum_literal(&element, lhs);
        if let ExprKind::List(items) = &rhs.kind {
            for item in items {
                self.enum_literal(&lhs_ty, item);
            }
        }
        Ty::Bool
    }

    fn contains(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Ty {
        let lhs_ty = self.expr(lhs);
        let rhs_ty = self.expr(rhs);

        let wanted = match lhs_ty.present() {
            Ty::List(element) => (**element).clone(),
            Ty::Any | Ty::Null => Ty::Any,
            Ty::String | Ty::Enum(_) | Ty::Object(_) | Ty::Resource(_) => Ty::String,
            other => {
                let message = format!(
                    "`{}` looks inside a string, a list or an object",
                    op.as_str()
                );
                self.operand_error(lhs.span, &message, &other.clone());
                return Ty::Bool;
            }
        };
        if !wanted.kind().comparable(rhs_ty.kind()) {
            let message = format!("`{}` looks for a `{wanted}` here", op.as_str());
            self.operand_error(rhs.span, &message, &rhs_ty);
        }
        self.enum_literal(&wanted, rhs);
        Ty::Bool
    }

    fn pattern(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Ty {
        let lhs_ty = self.expr(lhs);
        let rhs_ty = self.expr(rhs);
        let what = match op {
            BinaryOp::Like | BinaryOp::NotLike => "a wildcard pattern",
            _ => "a regular expression",
        };
        if !lhs_ty.is_string_like() {
            self.operand_error(
                lhs.span,
                &format!("`{}` matches a string", op.as_str()),
                &lhs_ty,
            );
        }
        if !rhs_ty.is_string_like() {
            self.operand_error(
                rhs.span,
                &format!("`{}` needs {what}", op.as_str()),
                &rhs_ty,
            );
        }
        let is_regex = matches!(op, BinaryOp::Matches | BinaryOp::NotMatches);
        if let (true, ExprKind::String(pattern)) = (is_regex, &rhs.kind) {
            self.regex_literal(pattern, rhs.span);
        }
        Ty::Bool
    }

    /// A regular expression written as a literal is compiled now, so that a broken one is a
    /// diagnostic rather than a rule that never matches.
    fn regex_literal(&mut self, pattern: &str, span: Span) {
        let Err(error) = regex::Regex::new(pattern) else {
            return;
        };
        let reason = match error {
            regex::Error::Syntax(text) => {
                let last = text.lines().last().unwrap_or("").trim();
                last.strip_prefix("error: ").unwrap_or(last).to_string()
            }
            other => other.to_string(),
        };
        let diagnostic = Diagnostic::new(
            Code::InvalidPattern,
            format!("`{pattern}` is not a valid regular expression"),
            span,
        )
        .with_label("does not compile")
        .with_note(reason)
        .with_help("patterns use Rust's `regex` syntax; a literal `\\` is written `\\\\`");
        self.diagnostics.push(diagnostic);
    }

    fn operand_error(&mut self, span: Span, message: &str, actual: &Ty) {
        self.diagnostics
            .push(operand_diagnostic(span, message, actual));
    }

    fn quantifier(&mut self, kind: Quantifier, var: &Ident, domain: &Expr, body: &Expr) -> Ty {
        let domain_ty = self.expr(domain);
        let element = self.element_of(&domain_ty, domain, "a quantifier");
        if kind == Quantifier::All && domain_ty.is_optional() {
            self.diagnostics.push(vacuous_all(domain));
        }

        let mark = self.env.mark();
        self.bind(var, element, BindingKind::Quantifier);
        match kind {
            Quantifier::All | Quantifier::Any => {
                self.condition(body, "the body of this quantifier")
            }
            Quantifier::Count => self.condition(body, "the condition of `count`"),
        }
        self.env.pop_to(mark, &mut self.diagnostics);

        if kind == Quantifier::Count {
            Ty::Number
        } else {
            Ty::Bool
        }
    }

    /// The element type of a collection that a `for` or quantifier ranges over.
    pub(super) fn element_of(&mut self, ty: &Ty, domain: &Expr, user: &str) -> Ty {
        if let Some(element) = ty.element() {
            return element;
        }
        if ty.kind() != Kind::Null {
            let diagnostic = Diagnostic::new(
                Code::NotAList,
                format!("{user} ranges over a list, but this is a `{ty}`"),
                domain.span,
            )
            .with_label(format!("this is a `{ty}`"))
            .with_help("range over a list, such as `resources(\"...\")` or a list property");
            self.diagnostics.push(diagnostic);
        }
        Ty::Any
    }

    /// Records the paths that a true condition guarantees are present, for what follows it.
    pub(super) fn learn_presence(&mut self, condition: &Expr) {
        match &condition.kind {
            ExprKind::Binary { op, lhs, rhs } if op.node == BinaryOp::And => {
                self.learn_presence(lhs);
                self.learn_presence(rhs);
            }
            ExprKind::Binary { op, lhs, rhs } if is_presence_test(op.node, rhs) => {
                self.assume_present(lhs);
            }
            ExprKind::Call { callee, args } if callee.node == "exists" => {
                if let [arg] = args.as_slice() {
                    self.assume_present(arg);
                }
            }
            _ => {}
        }
    }

    /// The right side of `a or b` runs only when `a` is false, so `not exists(p) or ...` and
    /// `p == null or ...` show that `p` is present there.
    fn learn_absence_refuted(&mut self, lhs: &Expr) {
        match &lhs.kind {
            ExprKind::Not(inner) => self.learn_presence(inner),
            ExprKind::Binary { op, lhs: path, rhs } => {
                if op.node == BinaryOp::Eq && matches!(rhs.kind, ExprKind::Null) {
                    self.assume_present(path);
                }
                if op.node == BinaryOp::Or {
                    self.learn_absence_refuted(path);
                    self.learn_absence_refuted(rhs);
                }
            }
            _ => {}
        }
    }

    fn assume_present(&mut self, path: &Expr) {
        let mut current = Some(path);
        while let Some(expr) = current {
            if let Some(key) = path_key(expr) {
                self.env.assume_present(key);
            }
            current = match &expr.kind {
                ExprKind::Field { target, .. } | ExprKind::Index { target, .. } => Some(target),
                _ => None,
            };
        }
    }
}

/// `p != null`, and comparisons of `p` with a value other than `null`, show that `p` exists.
fn is_presence_test(op: BinaryOp, rhs: &Expr) -> bool {
    let rhs_is_null = matches!(rhs.kind, ExprKind::Null);
    match op {
        BinaryOp::Ne => rhs_is_null,
        BinaryOp::Eq => !rhs_is_null && is_literal(rhs),
        _ => false,
    }
}

fn is_literal(expr: &Expr) -> bool {
    matches!(
        expr.kind,
        ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::String(_)
    )
}

/// A key that names a path such as `storage.properties.networkAcls`, case-insensitively.
pub(super) fn path_key(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::Name(name) => Some(name.clone()),
        ExprKind::Field { target, name } => Some(format!(
            "{}.{}",
            path_key(target)?,
            name.node.to_ascii_lowercase()
        )),
        ExprKind::Index { target, index } => match &index.kind {
            ExprKind::String(key) => Some(format!(
                "{}.{}",
                path_key(target)?,
                key.to_ascii_lowercase()
            )),
            ExprKind::Number(position) => Some(format!("{}[{position}]", path_key(target)?)),
            _ => None,
        },
        _ => None,
    }
}

/// The path as a rule author wrote it, for messages.
pub(super) fn path_text(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::Name(name) => Some(name.clone()),
        ExprKind::Field { target, name } => Some(format!("{}.{}", path_text(target)?, name.node)),
        ExprKind::Index { target, index } => match &index.kind {
            ExprKind::String(key) => Some(format!("{}[{key:?}]", path_text(target)?)),
            ExprKind::Number(position) => Some(format!("{}[{position}]", path_text(target)?)),
            _ => None,
        },
        _ => None,
    }
}

fn accepts_ty(accepts: Accepts, ty: &Ty) -> bool {
    match accepts {
        Accepts::Any => true,
        Accepts::String => ty.is_string_like(),
        Accepts::Collection => {
            matches!(
                ty.kind(),
                Kind::List | Kind::String | Kind::Object | Kind::Any | Kind::Null
            )
        }
        Accepts::Object => matches!(ty.kind(), Kind::Object | Kind::Any | Kind::Null),
    }
}

fn operand_diagnostic(span: Span, message: &str, actual: &Ty) -> Diagnostic {
    Diagnostic::new(
        Code::OperandType,
        format!("{message}, but this is a `{actual}`"),
        span,
    )
    .with_label(format!("this is a `{actual}`"))
}

fn not_an_object(ty: &Ty, name: &Ident) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(
        Code::NotAnObject,
        format!("a `{ty}` has no property `{}`", name.node),
        name.span,
    )
    .with_label("no properties to read here");
    if ty.kind() == Kind::List {
        diagnostic = diagnostic.with_help(format!(
            "read it from each element: `any item in ...: item.{}`",
            name.node
        ));
    }
    diagnostic
}

fn property_case(canonical: &str, name: &Ident) -> Diagnostic {
    Diagnostic::new(
        Code::PropertyCase,
        format!(
            "property `{}` is spelled `{canonical}` in its schema",
            name.node
        ),
        name.span,
    )
    .with_label("other capitals than the schema")
    .with_note("ARM matches property names regardless of case, so this still works")
    .with_help(format!("write `{canonical}`"))
}

fn unknown_enum_value(values: &EnumTy, text: &str, span: Span, best: Option<&str>) -> Diagnostic {
    let code = if values.open {
        Code::UnlikelyEnumValue
    } else {
        Code::UnknownEnumValue
    };
    let known: Vec<String> = values
        .values
        .iter()
        .map(|value| format!("`\"{value}\"`"))
        .collect();
    let message = if values.open {
        format!("`\"{text}\"` is not one of the known values here")
    } else {
        format!("`\"{text}\"` is never a value here")
    };
    let mut diagnostic = Diagnostic::new(code, message, span)
        .with_label("not among the schema's values")
        .with_note(format!("the values are {}", known.join(", ")));
    if let Some(best) = best {
        diagnostic = diagnostic.with_help(format!("did you mean `\"{best}\"`?"));
    }
    diagnostic
}

fn vacuous_all(domain: &Expr) -> Diagnostic {
    let path = path_text(domain).unwrap_or_else(|| "the list".to_string());
    Diagnostic::new(
        Code::VacuousAll,
        format!("`all` is true when `{path}` is missing"),
        domain.span,
    )
    .with_label("this list may be absent")
    .with_note("`all` over nothing holds, so a resource without the property passes silently")
    .with_help(format!("guard it: `exists({path}) and all ...`"))
}
