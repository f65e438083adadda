//! Tenet: a policy-as-code language for checking exported Azure resources offline.
//!
//! The pipeline runs one way: [`syntax`] turns source text into a spanned AST, and every stage
//! reports problems as [`diag::Diagnostic`] values that the command line renders once.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod check;
pub mod diag;
pub mod eval;
pub mod fmt;
pub mod input;
pub mod load;
pub mod pack;
pub mod report;
pub mod syntax;
pub mod testing;
