//! What one file has yielded so far: the kept resources, the warnings, and the counts behind
//! the file-level `properties: null` warning.

use super::probe::Presence;
use super::source::Position;
use super::{InputWarning, Location, Resource};

/// Why an element was skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Skip {
    /// It is an object without a string `type`.
    NoType,
    /// It is not an object.
    NotObject,
}

/// The yield of one file.
#[derive(Debug)]
pub(super) struct Found {
    /// The file's index in [`super::Inputs::files`].
    pub file: usize,
    /// The resources kept.
    pub resources: Vec<Resource>,
    /// The problems that did not stop reading.
    pub warnings: Vec<InputWarning>,
    /// The resources seen, kept or not.
    pub total: usize,
    null_properties: usize,
    first: Option<Position>,
}

impl Found {
    /// Nothing found yet in file number `file`.
    pub fn new(file: usize) -> Found {
        Found {
            file,
            resources: Vec::new(),
            warnings: Vec::new(),
            total: 0,
            null_properties: 0,
            first: None,
        }
    }

    /// Counts a resource that starts at `at`, kept or not.
    pub fn count(&mut self, at: Position, properties: Presence) {
        self.total += 1;
        self.first.get_or_insert(at);
        if properties == Presence::Null {
            self.null_properties += 1;
        }
    }

    /// Where a resource that starts at `at` came from.
    pub fn location(&self, at: Position, pointer: String) -> Location {
        Location {
            file: self.file,
            line: at.line,
            column: at.column,
            pointer,
        }
    }

    /// Keeps a resource that [`Found::count`] has counted.
    pub fn keep(&mut self, resource: Resource) {
        self.resources.push(resource);
    }

    /// Warns about the element at `pointer`, which starts at `at` and is not a resource.
    pub fn skip(&mut self, at: Position, pointer: &str, why: Skip) {
        let what = match pointer {
            "" => "an object".to_string(),
            pointer => format!("the element at `{pointer}`"),
        };
        let (message, help) = match why {
            Skip::NoType => (
                format!("skipped {what}: it has no string `type`"),
                "a resource names its type, as in \
                 `\"type\": \"Microsoft.Storage/storageAccounts\"`",
            ),
            Skip::NotObject => (
                format!("skipped {what}: it is not an object"),
                "each element should be one resource object",
            ),
        };
        self.warn(at, message, Some(help.to_string()));
    }

    /// Ends the file, adding the warning for an `az resource list` export, whose resources
    /// all have `properties: null`.
    pub fn finish(mut self) -> Found {
        if let Some(first) = self.first
            && self.null_properties == self.total
        {
            let which = match self.total {
                1 => "the resource here has".to_string(),
                total => format!("all {total} resources here have"),
            };
            let message = format!(
                "`az resource list` does not return properties: {which} `properties: null`"
            );
            let help = "export with `az resource show --ids ...` or \
                        `az graph query -q \"Resources | where ...\"`, which return properties";
            self.warn(first, message, Some(help.to_string()));
        }
        self
    }

    fn warn(&mut self, at: Position, message: String, help: Option<String>) {
        self.warnings.push(InputWarning {
            file: self.file,
            line: at.line,
            column: at.column,
            message,
            help,
        });
    }
}
