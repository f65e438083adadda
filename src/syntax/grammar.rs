//! The parser generated from `grammar/tenet.pest`. Nothing outside `syntax/` sees its pairs.

use pest_derive::Parser;

/// The pest parser for Tenet files.
#[derive(Parser)]
#[grammar = "../grammar/tenet.pest"]
pub(super) struct TenetParser;
