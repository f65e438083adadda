//! Input: exported Azure resource JSON in, [`Resource`]s with their places in the files out.
//!
//! The user never says which export a file holds, so [`Inputs::read`] tells from the text: an
//! array of resources (`az resource show --ids`), one resource (`az resource show`), an ARM
//! list response, an Azure Resource Graph response, an `az group export` template, or one
//! resource per line (NDJSON).
//!
//! Exports can be gigabytes, of which the rules need a few percent, so arrays are streamed: a
//! hand-written scanner splits them into elements without building anything, a cheap probe
//! reads each element's `type`, and only the elements that [`Keep`] asks for are parsed in
//! full. Memory stays near one chunk of input plus the kept resources.

mod error;
mod expr;
mod found;
mod probe;
mod read;
mod resolve;
mod source;
mod template;

use std::collections::HashSet;
use std::io::Read;

use serde_json::Value;

/// How many bytes are read at a time.
const CHUNK: usize = 1 << 20;

/// Where a resource came from, so a finding can point at the text a user can open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The input file, as an index into [`Inputs::files`].
    pub file: usize,
    /// The 1-based line of the resource's opening `{`.
    pub line: usize,
    /// The 1-based column of that `{`, counted in characters.
    pub column: usize,
    /// The JSON pointer of the resource in its file, such as `/value/3`; empty for a file
    /// that is one resource, and for every line of NDJSON, where the line says where.
    pub pointer: String,
}

/// One resource of the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// The resource id as exported, in its original case. Template resources without an id
    /// get the one ARM would give them, under subscription `00000000-…` and group `template`.
    pub id: String,
    /// The type as exported, in its original case, such as
    /// `Microsoft.Media/mediaservices/liveEvents`. Resource Graph writes types in lower case,
    /// so compare types without case.
    pub type_name: String,
    /// The resource name; for a template child, `parent/child`.
    pub name: String,
    /// The whole resource object. For a template resource this is after flattening and
    /// resolution: it holds the full `type`, `name` and `id`, and no child `resources`.
    pub value: Value,
    /// Where the resource starts.
    pub location: Location,
    /// The template expressions (`[...]`) inside this resource that were left as written,
    /// because they call functions other than `parameters`, `resourceId`, `concat` and
    /// `format`. Empty outside templates.
    pub unresolved: Vec<String>,
}

/// Which resources to keep. Reading every resource in full is what makes large exports slow,
/// so the caller names the types its rules look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Every resource.
    All,
    /// Only resources whose type, compared without case, is in the set; the set holds
    /// lower-case type names such as `microsoft.media/mediaservices`.
    Types(HashSet<String>),
}

impl Keep {
    /// Whether a resource of type `type_name` is kept. Types compare without case, because
    /// Azure treats them so and exports differ in case.
    pub fn keeps(&self, type_name: &str) -> bool {
        match self {
            Keep::All => true,
            Keep::Types(types) => types.contains(&type_name.to_ascii_lowercase()),
        }
    }
}

/// A problem that does not stop reading, such as an element without a `type`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputWarning {
    /// The input file, as an index into [`Inputs::files`].
    pub file: usize,
    /// The 1-based line the problem is on.
    pub line: usize,
    /// The 1-based column, in characters.
    pub column: usize,
    /// What is wrong, in one lower-case sentence without a final period.
    pub message: String,
    /// How to fix it, when there is advice to give.
    pub help: Option<String>,
}

/// A problem that stops reading one file: invalid JSON, or input that cannot be read. For
/// `[{"type": "a"} {}]` the message is ``invalid JSON: expected `,` or `]`, found `{` ``.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The file's name, as given to [`Inputs::read`].
    pub file: String,
    /// The 1-based line where reading stopped.
    pub line: usize,
    /// The 1-based column, in characters.
    pub column: usize,
    /// What is wrong, in one lower-case sentence without a final period.
    pub message: String,
    /// The offending line of the input. A line longer than 80 characters is cut to the 80
    /// around the column, with `…` marking each cut end.
    pub snippet: Option<String>,
}

/// Everything read so far, across files.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// The names of the files read, in order; [`Location::file`] and [`InputWarning::file`]
    /// index into this.
    pub files: Vec<String>,
    /// The kept resources, in file order and then input order.
    pub resources: Vec<Resource>,
    /// The problems that did not stop reading.
    pub warnings: Vec<InputWarning>,
    /// How many resources were seen, kept or not. Elements skipped with a warning for having
    /// no `type` do not count.
    pub total: usize,
}

impl Inputs {
    /// Reads one input, whose contents come from `reader`, detecting its shape and appending
    /// the resources `keep` asks for. An input of only whitespace adds nothing.
    ///
    /// A file either counts whole or not at all: after an error, nothing of it is added, not
    /// even its name, and the error says where reading stopped.
    pub fn read(&mut self, name: &str, reader: impl Read, keep: &Keep) -> Result<(), InputError> {
        let found = read::read(self.files.len(), name, reader, keep, CHUNK)?;
        self.files.push(name.to_string());
        self.resources.extend(found.resources);
        self.warnings.extend(found.warnings);
        self.total += found.total;
        Ok(())
    }
}
