//! The shipped rule pack, embedded in the binary. For now it holds the resource schemas, which
//! every check uses unless the user's own files declare the same types.

use crate::diag::{Diagnostic, SourceMap};
use crate::syntax::{self, Module};

/// One embedded file of the pack.
#[derive(Clone, Copy, Debug)]
pub struct Embedded {
    /// Its path inside `rules/`.
    pub path: &'static str,
    /// Its text.
    pub text: &'static str,
}

/// The schema files of `rules/schemas/`, as they were when the binary was built.
pub const SCHEMAS: &[Embedded] = &[
    Embedded {
        path: "schemas/authorization.tenet",
        text: include_str!("../rules/schemas/authorization.tenet"),
    },
    Embedded {
        path: "schemas/event-grid.tenet",
        text: include_str!("../rules/schemas/event-grid.tenet"),
    },
    Embedded {
        path: "schemas/key-vault.tenet",
        text: include_str!("../rules/schemas/key-vault.tenet"),
    },
    Embedded {
        path: "schemas/managed-identity.tenet",
        text: include_str!("../rules/schemas/managed-identity.tenet"),
    },
    Embedded {
        path: "schemas/media-services.tenet",
        text: include_str!("../rules/schemas/media-services.tenet"),
    },
    Embedded {
        path: "schemas/network.tenet",
        text: include_str!("../rules/schemas/network.tenet"),
    },
    Embedded {
        path: "schemas/storage.tenet",
        text: include_str!("../rules/schemas/storage.tenet"),
    },
];

/// The name diagnostics show for an embedded file.
pub fn display_name(file: &Embedded) -> String {
    format!("<pack>/{}", file.path)
}

/// Parses the embedded schema files into `sources`, for use as a checker prelude.
pub fn schema_modules(sources: &mut SourceMap) -> (Vec<Module>, Vec<Diagnostic>) {
    let mut modules = Vec::with_capacity(SCHEMAS.len());
    let mut diagnostics = Vec::new();
    for embedded in SCHEMAS {
        let file = sources.add(display_name(embedded), embedded.text);
        let parsed = syntax::parse(file, embedded.text);
        diagnostics.extend(parsed.diagnostics);
        modules.push(parsed.module);
    }
    (modules, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_file_of_the_pack_is_embedded() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/schemas");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .expect("rules/schemas is readable")
            .map(|entry| {
                entry
                    .expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name.ends_with(".tenet"))
            .map(|name| format!("schemas/{name}"))
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = SCHEMAS.iter().map(|file| file.path).collect();
        assert_eq!(
            embedded, on_disk,
            "src/pack.rs must list every file of rules/schemas"
        );
    }

    #[test]
    fn embedded_schemas_parse_cleanly() {
        let mut sources = SourceMap::new();
        let (modules, diagnostics) = schema_modules(&mut sources);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(modules.len(), SCHEMAS.len());
    }
}
