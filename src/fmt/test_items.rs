//! `test` items as documents: one statement per line, in source order.

use super::comments::skip_trivia;
use super::doc::Doc;
use super::{Formatter, Lines, Place, block, literal};
use crate::diag::Span;
use crate::syntax::{Expectation, Test, TestStep, TestStepKind};

impl Formatter<'_> {
    /// `test "name" { ... }`: each input, parameter and expectation on its own line.
    pub(super) fn test(&mut self, test: &Test, span: Span) -> Doc {
        let brace = skip_trivia(self.source, test.name.span.end as usize);
        let header = self.open_comment(skip_trivia(self.source, brace + 1));
        let mut lines = Lines::default();
        for step in &test.steps {
            let place = Place {
                docs: None,
                start: step.span.start as usize,
                end: self.end_of(step.span),
                blank: false,
                allowed: "",
            };
            self.node(&mut lines, &place, |formatter| formatter.test_step(step));
        }
        let close = self.end_of(span).saturating_sub(1);
        self.comment_lines(&mut lines, close, false);

        let open = format!("test {} {{", literal::string(&test.name.node));
        block(&open, header, lines, "}")
    }

    fn test_step(&mut self, step: &TestStep) -> Doc {
        match &step.kind {
            TestStepKind::File(path) => Doc::text(format!("input {}", literal::string(&path.node))),
            TestStepKind::Json(json) => {
                Doc::text(format!("input json {}", literal::string(&json.node)))
            }
            TestStepKind::Param { name, value } => {
                self.hoist(value.span.start as usize);
                let head = Doc::text(format!("param {} = ", name.node));
                Doc::Concat(vec![head, Doc::indent(self.expr(value))])
            }
            TestStepKind::Expect(expectation) => Doc::text(expect_line(expectation)),
            TestStepKind::NoOtherFindings => Doc::text("expect no other findings"),
        }
    }
}

/// `expect RULE outcome on "resource" requirement "label"`.
fn expect_line(expectation: &Expectation) -> String {
    let mut line = format!(
        "expect {} {} on {}",
        expectation.rule.node,
        expectation.outcome.node.as_str(),
        literal::string(&expectation.resource.node)
    );
    if let Some(requirement) = &expectation.requirement {
        line.push_str(&format!(
            " requirement {}",
            literal::string(&requirement.node)
        ));
    }
    line
}
