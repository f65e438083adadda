//! Turns pest pairs into the AST, once. Problems that the grammar lets through on purpose, such
//! as an unknown severity word, become diagnostics here, and parsing goes on.

use pest::iterators::Pair;

use super::ast::*;
use super::expr;
use super::grammar::Rule as R;
use crate::diag::{Code, Diagnostic, FileId, Span, Spanned};

/// How deeply expressions may nest before the builder stops, well inside the native stack.
const MAX_EXPR_DEPTH: usize = 200;

/// The result of one build step: `Err` only for a tree that breaks the grammar's promises.
pub(super) type Built<T> = Result<T, Box<Diagnostic>>;

/// Builds AST nodes from the pairs of one chunk of a file.
pub(super) struct Builder {
    file: FileId,
    /// Where the chunk starts in the file; pest positions are relative to the chunk.
    offset: usize,
    depth: usize,
    /// Problems found while building, such as an unknown severity.
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl Builder {
    pub(super) fn new(file: FileId, offset: usize) -> Builder {
        Builder {
            file,
            offset,
            depth: 0,
            diagnostics: Vec::new(),
        }
    }

    pub(super) fn span(&self, pair: &Pair<'_, R>) -> Span {
        let span = pair.as_span();
        Span::new(
            self.file,
            self.offset + span.start(),
            self.offset + span.end(),
        )
    }

    fn ident(&self, pair: &Pair<'_, R>) -> Ident {
        Spanned::new(pair.as_str().to_string(), self.span(pair))
    }

    /// An internal-error diagnostic for a pair the grammar promised but the tree lacks.
    pub(super) fn missing(&self, what: &str, near: &Pair<'_, R>) -> Box<Diagnostic> {
        let message = format!("internal error: expected {what}");
        let diagnostic = Diagnostic::new(Code::Internal, message, self.span(near))
            .with_note("this is a bug in Tenet's parser; please report it with this file");
        Box::new(diagnostic)
    }

    /// Takes the next child, failing with an internal error if there is none.
    pub(super) fn next<'i>(
        &self,
        pairs: &mut impl Iterator<Item = Pair<'i, R>>,
        what: &str,
        parent: &Pair<'i, R>,
    ) -> Built<Pair<'i, R>> {
        pairs.next().ok_or_else(|| self.missing(what, parent))
    }

    /// Builds the items of a `file` pair.
    pub(super) fn file(&mut self, file: Pair<'_, R>) -> Vec<Item> {
        let mut items = Vec::new();
        let mut detached = Vec::new();

        for pair in children(file) {
            match pair.as_rule() {
                R::item => match self.item(pair) {
                    Ok(item) => items.push(item),
                    Err(diagnostic) => self.diagnostics.push(*diagnostic),
                },
                R::doc => detached.push(self.span(&pair)),
                _ => {}
            }
        }

        if let Some(first) = detached.first() {
            let span = detached.iter().fold(*first, |all, span| all.to(*span));
            let diagnostic = Diagnostic::new(
                Code::DetachedDocComment,
                "doc comment is not followed by anything it could document",
                span,
            )
            .with_label("documents nothing")
            .with_help("use `//` for a plain comment, or move it above an item");
            self.diagnostics.push(diagnostic);
        }
        items
    }

    fn item(&mut self, item: Pair<'_, R>) -> Built<Item> {
        let mut docs = Docs::default();
        for pair in children(item) {
            let span = self.span(&pair);
            let kind = match pair.as_rule() {
                R::doc => {
                    docs.lines.push(self.doc_line(&pair));
                    continue;
                }
                R::use_decl => ItemKind::Use(self.use_decl(pair)?),
                R::param_decl => ItemKind::Param(self.param(pair)?),
                R::def_decl => ItemKind::Def(self.def(pair)?),
                R::rule_decl => ItemKind::Rule(self.rule(pair)?),
                R::schema_decl => ItemKind::Schema(self.schema(pair)?),
                R::test_decl => ItemKind::Test(self.test(pair)?),
                _ => continue,
            };
            return Ok(Item { docs, kind, span });
        }
        let span = Span::new(self.file, self.offset, self.offset);
        let message = "internal error: an item without a declaration";
        Err(Box::new(Diagnostic::new(Code::Internal, message, span)))
    }

    fn doc_line(&self, pair: &Pair<'_, R>) -> Spanned<String> {
        let text = pair.as_str().trim_start_matches("///");
        let text = text.strip_prefix(' ').unwrap_or(text).trim_end();
        Spanned::new(text.to_string(), self.span(pair))
    }

    fn use_decl(&mut self, pair: Pair<'_, R>) -> Built<Use> {
        let string = children(pair.clone()).find(|p| p.as_rule() == R::string);
        let string = string.ok_or_else(|| self.missing("a path", &pair))?;
        Ok(Use {
            path: self.string(&string)?,
        })
    }

    fn param(&mut self, pair: Pair<'_, R>) -> Built<Param> {
        let mut pairs = children(pair.clone()).filter(|p| p.as_rule() != R::kw_param);
        let name = pairs
            .next()
            .ok_or_else(|| self.missing("a parameter name", &pair))?;
        let ty = pairs
            .next()
            .ok_or_else(|| self.missing("a parameter type", &pair))?;
        let default = pairs.next().map(|default| self.expr(default)).transpose()?;
        Ok(Param {
            name: self.ident(&name),
            ty: self.ty(ty)?,
            default,
        })
    }

    fn def(&mut self, pair: Pair<'_, R>) -> Built<Def> {
        let mut name = None;
        let mut params = Vec::new();
        let mut ret = None;
        let mut body = None;

        for child in children(pair.clone()) {
            match child.as_rule() {
                R::ident => name = Some(self.ident(&child)),
                R::def_param => params.push(self.def_param(child)?),
                R::ty => ret = Some(self.ty(child)?),
                R::expr => body = Some(self.expr(child)?),
                _ => {}
            }
        }

        let name = name.ok_or_else(|| self.missing("a name", &pair))?;
        let body = body.ok_or_else(|| self.missing("a body", &pair))?;
        Ok(Def {
            name,
            params,
            ret,
            body,
        })
    }

    fn def_param(&mut self, pair: Pair<'_, R>) -> Built<DefParam> {
        let mut pairs = children(pair.clone());
        let name = self.next(&mut pairs, "a parameter name", &pair)?;
        let ty = pairs.next().map(|ty| self.ty(ty)).transpose()?;
        Ok(DefParam {
            name: self.ident(&name),
            ty,
        })
    }

    fn rule(&mut self, pair: Pair<'_, R>) -> Built<Rule> {
        let mut id = None;
        let mut meta = Metadata::default();
        let mut steps = Vec::new();
        let mut requirements = Vec::new();

        for child in children(pair.clone()) {
            match child.as_rule() {
                R::rule_id => id = Some(self.ident(&child)),
                R::for_step | R::let_step | R::when_step | R::report_step => {
                    steps.push(self.step(child)?);
                }
                R::require => self.require(child, &mut requirements)?,
                R::kw_rule => {}
                _ => self.meta(child, &mut meta)?,
            }
        }

        let id = id.ok_or_else(|| self.missing("a rule id", &pair))?;
        Ok(Rule {
            id,
            meta,
            steps,
            requirements,
        })
    }

    fn step(&mut self, pair: Pair<'_, R>) -> Built<Step> {
        let span = self.span(&pair);
        let mut pairs = children(pair.clone()).filter(|p| !is_keyword(p.as_rule()));
        let first = pairs.next().ok_or_else(|| self.missing("a step", &pair))?;

        let kind = match pair.as_rule() {
            R::for_step => {
                let (name, ty, domain) = self.binding(first, pairs)?;
                StepKind::For { name, ty, domain }
            }
            R::let_step => {
                let (name, ty, value) = self.binding(first, pairs)?;
                StepKind::Let { name, ty, value }
            }
            R::when_step => StepKind::When(self.expr(first)?),
            _ => StepKind::Report(self.ident(&first)),
        };
        Ok(Step { kind, span })
    }

    /// The name, optional type and expression of a `for` or `let` step.
    fn binding<'i>(
        &mut self,
        name: Pair<'i, R>,
        rest: impl Iterator<Item = Pair<'i, R>>,
    ) -> Built<(Ident, Option<TypeExpr>, Expr)> {
        let mut ty = None;
        let mut expr = None;
        for pair in rest {
            match pair.as_rule() {
                R::ty => ty = Some(self.ty(pair)?),
                _ => expr = Some(self.expr(pair)?),
            }
        }
        let expr = expr.ok_or_else(|| self.missing("an expression", &name))?;
        Ok((self.ident(&name), ty, expr))
    }

    fn require(&mut self, pair: Pair<'_, R>, requirements: &mut Vec<Requirement>) -> Built<()> {
        let span = self.span(&pair);
        let body = children(pair.clone()).find(|p| p.as_rule() != R::kw_require);
        let body = body.ok_or_else(|| self.missing("a requirement", &pair))?;

        if body.as_rule() == R::expr {
            let condition = self.expr(body)?;
            requirements.push(Requirement {
                docs: Docs::default(),
                label: None,
                condition,
                span,
            });
            return Ok(());
        }

        let before = requirements.len();
        for entry in children(body.clone()) {
            requirements.push(self.requirement(entry)?);
        }
        if requirements.len() == before {
            let diagnostic = Diagnostic::new(
                Code::EmptyRequirements,
                "empty `require` block",
                self.span(&body),
            )
            .with_label("no requirements here")
            .with_note("a rule with nothing to require can never report a finding")
            .with_help("add `label: condition` lines inside the block");
            self.diagnostics.push(diagnostic);
        }
        Ok(())
    }

    fn requirement(&mut self, pair: Pair<'_, R>) -> Built<Requirement> {
        let span = self.span(&pair);
        let mut docs = Docs::default();
        let mut label = None;
        let mut condition = None;

        for child in children(pair.clone()) {
            match child.as_rule() {
                R::doc => docs.lines.push(self.doc_line(&child)),
                R::label => label = Some(self.ident(&child)),
                _ => condition = Some(self.expr(child)?),
            }
        }

        let condition = condition.ok_or_else(|| self.missing("a condition", &pair))?;
        Ok(Requirement {
            docs,
            label,
            condition,
            span,
        })
    }

    fn meta(&mut self, pair: Pair<'_, R>, meta: &mut Metadata) -> Built<()> {
        let rule = pair.as_rule();
        let key = children(pair.clone()).next();
        let key_span = key
            .as_ref()
            .map_or_else(|| self.span(&pair), |key| self.span(key));
        let value = children(pair.clone()).nth(1);

        match rule {
            R::tags_meta => {
                for tag in children(pair).filter(|p| p.as_rule() == R::string) {
                    let tag = self.string(&tag)?;
                    meta.tags.push(tag);
                }
                return Ok(());
            }
            R::title_meta
            | R::docs_meta
            | R::severity_meta
            | R::effect_meta
            | R::message_meta
            | R::fix_meta => {}
            _ => return Err(self.missing("rule metadata", &pair)),
        }

        let value = value.ok_or_else(|| self.missing("a metadata value", &pair))?;
        let duplicate = match rule {
            R::title_meta => set_once(&mut meta.title, self.string(&value)?),
            R::fix_meta => set_once(&mut meta.fix, self.string(&value)?),
            R::docs_meta => {
                let url = self.string(&value)?;
                self.check_docs_url(&url);
                set_once(&mut meta.docs, url)
            }
            R::severity_meta => match self.severity(&value) {
                Some(severity) => set_once(&mut meta.severity, severity),
                None => None,
            },
            R::effect_meta => match self.effect(&value) {
                Some(effect) => set_once(&mut meta.effect, effect),
                None => None,
            },
            _ => {
                let template = self.template(value)?;
                match &meta.message {
                    Some(first) => Some(first.span),
                    None => {
                        meta.message = Some(template);
                        None
                    }
                }
            }
        };

        if let Some(first) = duplicate {
            self.duplicate_metadata(&pair, key_span, first);
        }
        Ok(())
    }

    fn duplicate_metadata(&mut self, pair: &Pair<'_, R>, key_span: Span, first: Span) {
        let key = pair
            .as_str()
            .split_whitespace()
            .next()
            .unwrap_or("metadata");
        let diagnostic = Diagnostic::new(
            Code::DuplicateMetadata,
            format!("`{key}` is set twice in this rule"),
            key_span,
        )
        .with_label("set again here")
        .with_secondary(first, "first set here")
        .with_help(format!("keep one `{key}`"));
        self.diagnostics.push(diagnostic);
    }

    fn check_docs_url(&mut self, url: &Spanned<String>) {
        let lower = url.node.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            return;
        }
        let diagnostic = Diagnostic::new(
            Code::InvalidDocsUrl,
            format!("`docs` must be a web address, not `{}`", url.node),
            url.span,
        )
        .with_label("not an http or https URL")
        .with_help(
            "link the guidance behind the rule, such as `\"https://learn.microsoft.com/...\"`",
        );
        self.diagnostics.push(diagnostic);
    }

    fn severity(&mut self, pair: &Pair<'_, R>) -> Option<Spanned<RuleSeverity>> {
        let word = pair.as_str().to_ascii_lowercase();
        let found = RuleSeverity::ALL
            .into_iter()
            .find(|severity| severity.as_str() == word);
        if found.is_none() {
            let names: Vec<&str> = RuleSeverity::ALL.iter().map(|s| s.as_str()).collect();
            self.unknown_word(pair, Code::UnknownSeverity, ("a", "severity"), &names);
        }
        found.map(|severity| Spanned::new(severity, self.span(pair)))
    }

    fn effect(&mut self, pair: &Pair<'_, R>) -> Option<Spanned<Effect>> {
        let word = pair.as_str().to_ascii_lowercase();
        let found = Effect::ALL
            .into_iter()
            .find(|effect| effect.as_str() == word);
        if found.is_none() {
            let names: Vec<&str> = Effect::ALL.iter().map(|e| e.as_str()).collect();
            self.unknown_word(pair, Code::UnknownEffect, ("an", "effect"), &names);
        }
        found.map(|effect| Spanned::new(effect, self.span(pair)))
    }

    /// Reports a word that is not one of `names`; `what` is the article and noun for them.
    fn unknown_word(&mut self, pair: &Pair<'_, R>, code: Code, what: (&str, &str), names: &[&str]) {
        let word = pair.as_str();
        let (article, what) = what;
        let mut diagnostic =
            Diagnostic::new(code, format!("unknown {what} `{word}`"), self.span(pair))
                .with_label(format!("not {article} {what}"))
                .with_note(format!("the {what} is one of {}", one_of(names)));
        if let Some(best) = crate::diag::closest(word, names.iter().copied()) {
            diagnostic = diagnostic.with_help(format!("did you mean `{best}`?"));
        }
        self.diagnostics.push(diagnostic);
    }

    fn schema(&mut self, pair: Pair<'_, R>) -> Built<Schema> {
        let mut pairs = children(pair.clone()).filter(|p| p.as_rule() != R::kw_resource);
        let name = pairs
            .next()
            .ok_or_else(|| self.missing("a resource type", &pair))?;
        let body = pairs
            .next()
            .ok_or_else(|| self.missing("a schema body", &pair))?;
        let body_span = self.span(&body);
        Ok(Schema {
            resource_type: self.string(&name)?,
            body: self.object_ty(body)?,
            body_span,
        })
    }

    /// Builds a `ty` pair: one alternative, or a union of several.
    fn ty(&mut self, pair: Pair<'_, R>) -> Built<TypeExpr> {
        let span = self.span(&pair);
        let mut alternatives = Vec::new();
        for atom in children(pair) {
            alternatives.push(self.ty_atom(atom)?);
        }
        if alternatives.len() == 1
            && let Some(only) = alternatives.pop()
        {
            return Ok(only);
        }
        Ok(TypeExpr {
            kind: TypeKind::Union(alternatives),
            span,
        })
    }

    fn ty_atom(&mut self, pair: Pair<'_, R>) -> Built<TypeExpr> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            R::string => TypeKind::Literal(self.string(&pair)?.node),
            R::list_ty => {
                let inner = children(pair.clone()).find(|p| p.as_rule() == R::ty);
                let inner = inner.ok_or_else(|| self.missing("an element type", &pair))?;
                TypeKind::List(Box::new(self.ty(inner)?))
            }
            R::object_ty => TypeKind::Object(self.object_ty(pair)?),
            R::resource_ty => {
                let name = children(pair.clone()).find(|p| p.as_rule() == R::string);
                let name = name.ok_or_else(|| self.missing("a resource type", &pair))?;
                TypeKind::Resource(self.string(&name)?)
            }
            _ => TypeKind::Named(self.named_type(&pair)),
        };
        Ok(TypeExpr { kind, span })
    }

    fn named_type(&mut self, pair: &Pair<'_, R>) -> NamedType {
        let word = pair.as_str();
        if let Some((_, named)) = NamedType::ALL.iter().find(|(name, _)| *name == word) {
            return *named;
        }
        let names: Vec<&str> = NamedType::ALL.iter().map(|(name, _)| *name).collect();
        let mut diagnostic = Diagnostic::new(
            Code::UnknownType,
            format!("unknown type `{word}`"),
            self.span(pair),
        )
        .with_label("not a type")
        .with_note(format!(
            "a type is a name ({}), `list<T>`, `resource(\"...\")`, `{{ ... }}` or a string",
            one_of(&names)
        ));
        if let Some(best) = crate::diag::closest(word, names.iter().copied()) {
            diagnostic = diagnostic.with_help(format!("did you mean `{best}`?"));
        }
        self.diagnostics.push(diagnostic);
        NamedType::Any
    }

    fn object_ty(&mut self, pair: Pair<'_, R>) -> Built<ObjectType> {
        let mut object = ObjectType {
            fields: Vec::new(),
            open: false,
        };
        for child in children(pair) {
            match child.as_rule() {
                R::rest => object.open = true,
                _ => object.fields.push(self.field_ty(child)?),
            }
        }
        Ok(object)
    }

    fn field_ty(&mut self, pair: Pair<'_, R>) -> Built<FieldType> {
        let mut docs = Docs::default();
        let mut name = None;
        let mut optional = false;
        let mut ty = None;

        for child in children(pair.clone()) {
            match child.as_rule() {
                R::doc => docs.lines.push(self.doc_line(&child)),
                R::field_name => name = Some(self.ident(&child)),
                R::string => name = Some(self.string(&child)?),
                R::optional => optional = true,
                _ => ty = Some(self.ty(child)?),
            }
        }

        let name = name.ok_or_else(|| self.missing("a property name", &pair))?;
        let ty = ty.ok_or_else(|| self.missing("a property type", &pair))?;
        Ok(FieldType {
            docs,
            name,
            optional,
            ty,
        })
    }

    /// Builds a `string` pair into its text, escapes resolved.
    pub(super) fn string(&mut self, pair: &Pair<'_, R>) -> Built<Spanned<String>> {
        let span = self.span(pair);
        let text = children(pair.clone())
            .next()
            .map_or("", |inner| inner.as_str());
        let start = span.start as usize + 1;
        Ok(Spanned::new(self.unescape(text, start), span))
    }

    /// Resolves escapes; `start` is the file offset of `text`, for pointing at a bad escape.
    fn unescape(&mut self, text: &str, start: usize) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.char_indices();

        while let Some((index, ch)) = chars.next() {
            if ch != '\\' {
                out.push(ch);
                continue;
            }
            match chars.next().map(|(_, escaped)| escaped) {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('u') => {
                    let digits: String = chars
                        .by_ref()
                        .map(|(_, c)| c)
                        .take_while(|&c| c != '}')
                        .collect();
                    let hex = digits.trim_start_matches('{');
                    match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                        Some(decoded) => out.push(decoded),
                        None => self.bad_code_point(hex, start + index, digits.len() + 3),
                    }
                }
                Some(other) => out.push(other),
                None => {}
            }
        }
        out
    }

    fn bad_code_point(&mut self, hex: &str, at: usize, len: usize) {
        let span = Span::new(self.file, at, at + len);
        let diagnostic = Diagnostic::new(
            Code::InvalidEscape,
            format!("`\\u{{{hex}}}` is not a character"),
            span,
        )
        .with_label("no Unicode character has this code")
        .with_help("write a code point up to `10FFFF`, outside `D800`–`DFFF`");
        self.diagnostics.push(diagnostic);
    }

    fn template(&mut self, pair: Pair<'_, R>) -> Built<Template> {
        let span = self.span(&pair);
        let mut parts = Vec::new();

        for part in children(pair) {
            if part.as_rule() == R::tpl_text {
                let start = self.span(&part).start as usize;
                let text = part.as_str().replace("{{", "\\{").replace("}}", "\\}");
                parts.push(TemplatePart::Text(self.unescape(&text, start)));
                continue;
            }
            let inner = children(part.clone()).next();
            let inner = inner.ok_or_else(|| self.missing("an expression", &part))?;
            parts.push(TemplatePart::Hole(self.expr(inner)?));
        }
        Ok(Template { parts, span })
    }

    /// Builds an `expr` pair, guarding the depth of nested expressions.
    pub(super) fn expr(&mut self, pair: Pair<'_, R>) -> Built<Expr> {
        self.enter(self.span(&pair))?;
        let result = expr::build(self, pair);
        self.leave();
        result
    }

    /// Counts one level of nesting, refusing to go deeper than the limit.
    pub(super) fn enter(&mut self, span: Span) -> Built<()> {
        self.depth += 1;
        if self.depth <= MAX_EXPR_DEPTH {
            return Ok(());
        }
        self.depth -= 1;
        let diagnostic = Diagnostic::new(Code::NestingTooDeep, "expression nests too deeply", span)
            .with_label("too deep to parse")
            .with_help("name parts of the expression with `let` or `def`");
        Err(Box::new(diagnostic))
    }

    /// Ends a level of nesting that [`Builder::enter`] began.
    pub(super) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// The children of a pair without its punctuation, which only the grammar needs.
pub(super) fn children<'i>(pair: Pair<'i, R>) -> impl Iterator<Item = Pair<'i, R>> {
    pair.into_inner()
        .filter(|child| !is_punctuation(child.as_rule()))
}

fn is_punctuation(rule: R) -> bool {
    matches!(
        rule,
        R::lbrace
            | R::rbrace
            | R::lparen
            | R::rparen
            | R::lbracket
            | R::rbracket
            | R::langle
            | R::rangle
            | R::colon
            | R::comma
            | R::assign
            | R::pipe
            | R::dot
    )
}

/// Stores `value` unless one is there already; returns the first one's span on a repeat.
fn set_once<T>(slot: &mut Option<Spanned<T>>, value: Spanned<T>) -> Option<Span> {
    match slot {
        Some(first) => Some(first.span),
        None => {
            *slot = Some(value);
            None
        }
    }
}

fn is_keyword(rule: R) -> bool {
    matches!(
        rule,
        R::kw_for | R::kw_in | R::kw_let | R::kw_when | R::kw_report
    )
}

/// "`a`, `b` or `c`".
pub(super) fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}
