//! Builds `test` items from their pairs: inputs, parameters and expectations.

use pest::iterators::Pair;

use super::ast::*;
use super::build::{Builder, Built, children};
use super::grammar::Rule as R;
use crate::diag::Spanned;

impl Builder {
    /// Builds a `test_decl` pair.
    pub(super) fn test(&mut self, pair: Pair<'_, R>) -> Built<Test> {
        let mut name = None;
        let mut steps = Vec::new();
        for child in children(pair.clone()) {
            match child.as_rule() {
                R::string if name.is_none() => name = Some(self.string(&child)?),
                R::test_input | R::test_param | R::expect_none | R::expect_step => {
                    steps.push(self.test_step(child)?);
                }
                _ => {}
            }
        }
        let name = name.ok_or_else(|| self.missing("a test name", &pair))?;
        Ok(Test { name, steps })
    }

    fn test_step(&mut self, pair: Pair<'_, R>) -> Built<TestStep> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            R::test_input => self.test_input(pair)?,
            R::test_param => self.test_param(pair)?,
            R::expect_step => TestStepKind::Expect(self.expectation(pair)?),
            _ => TestStepKind::NoOtherFindings,
        };
        Ok(TestStep { kind, span })
    }

    fn test_input(&mut self, pair: Pair<'_, R>) -> Built<TestStepKind> {
        let inline = children(pair.clone()).any(|p| p.as_rule() == R::inline_json);
        let string = children(pair.clone()).find(|p| p.as_rule() == R::string);
        let string = string.ok_or_else(|| self.missing("an input", &pair))?;
        let text = self.string(&string)?;
        Ok(if inline {
            TestStepKind::Json(text)
        } else {
            TestStepKind::File(text)
        })
    }

    fn test_param(&mut self, pair: Pair<'_, R>) -> Built<TestStepKind> {
        let mut pairs = children(pair.clone()).filter(|p| p.as_rule() != R::kw_param);
        let name = self.next(&mut pairs, "a parameter name", &pair)?;
        let value = self.next(&mut pairs, "a parameter value", &pair)?;
        Ok(TestStepKind::Param {
            name: Spanned::new(name.as_str().to_string(), self.span(&name)),
            value: self.expr(value)?,
        })
    }

    fn expectation(&mut self, pair: Pair<'_, R>) -> Built<Expectation> {
        let mut rule = None;
        let mut outcome = None;
        let mut strings = Vec::new();
        for child in children(pair.clone()) {
            match child.as_rule() {
                R::rule_id => {
                    rule = Some(Spanned::new(child.as_str().to_string(), self.span(&child)));
                }
                R::outcome => {
                    let expected = match child.as_str() {
                        "fires" => Expected::Fires,
                        "compliant" => Expected::Compliant,
                        _ => Expected::NotApplicable,
                    };
                    outcome = Some(Spanned::new(expected, self.span(&child)));
                }
                R::string => strings.push(self.string(&child)?),
                _ => {}
            }
        }
        let rule = rule.ok_or_else(|| self.missing("a rule id", &pair))?;
        let outcome = outcome.ok_or_else(|| self.missing("an outcome", &pair))?;
        let mut strings = strings.into_iter();
        let resource = strings
            .next()
            .ok_or_else(|| self.missing("a resource", &pair))?;
        Ok(Expectation {
            rule,
            outcome,
            resource,
            requirement: strings.next(),
        })
    }
}
