//! The shipped rule pack, embedded in the binary: its rules, run when no `--rules` are given,
//! and its resource schemas, which every check uses unless the user's own files declare the
//! same types.

use std::io;
use std::path::{Path, PathBuf};

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

/// Every file of `rules/`, as it was when the binary was built.
pub const FILES: &[Embedded] = &[
    Embedded {
        path: "lib/media.tenet",
        text: include_str!("../rules/lib/media.tenet"),
    },
    Embedded {
        path: "lib/private-link.tenet",
        text: include_str!("../rules/lib/private-link.tenet"),
    },
    Embedded {
        path: "lib/roles.tenet",
        text: include_str!("../rules/lib/roles.tenet"),
    },
    Embedded {
        path: "media-services/internet-access.tenet",
        text: include_str!("../rules/media-services/internet-access.tenet"),
    },
    Embedded {
        path: "media-services/key-delivery.tenet",
        text: include_str!("../rules/media-services/key-delivery.tenet"),
    },
    Embedded {
        path: "media-services/legacy-api.tenet",
        text: include_str!("../rules/media-services/legacy-api.tenet"),
    },
    Embedded {
        path: "media-services/live-events.tenet",
        text: include_str!("../rules/media-services/live-events.tenet"),
    },
    Embedded {
        path: "media-services/private-endpoints.tenet",
        text: include_str!("../rules/media-services/private-endpoints.tenet"),
    },
    Embedded {
        path: "media-services/storage.tenet",
        text: include_str!("../rules/media-services/storage.tenet"),
    },
    Embedded {
        path: "media-services/streaming-endpoints.tenet",
        text: include_str!("../rules/media-services/streaming-endpoints.tenet"),
    },
    Embedded {
        path: "related-services/event-grid.tenet",
        text: include_str!("../rules/related-services/event-grid.tenet"),
    },
    Embedded {
        path: "related-services/key-vault.tenet",
        text: include_str!("../rules/related-services/key-vault.tenet"),
    },
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
    Embedded {
        path: "tests/ms-access-01.test.tenet",
        text: include_str!("../rules/tests/ms-access-01.test.tenet"),
    },
    Embedded {
        path: "tests/ms-access-02.test.tenet",
        text: include_str!("../rules/tests/ms-access-02.test.tenet"),
    },
    Embedded {
        path: "tests/ms-cdn-01.test.tenet",
        text: include_str!("../rules/tests/ms-cdn-01.test.tenet"),
    },
    Embedded {
        path: "tests/ms-cdn-02.test.tenet",
        text: include_str!("../rules/tests/ms-cdn-02.test.tenet"),
    },
    Embedded {
        path: "tests/ms-eventgrid-01.test.tenet",
        text: include_str!("../rules/tests/ms-eventgrid-01.test.tenet"),
    },
    Embedded {
        path: "tests/ms-eventgrid-02.test.tenet",
        text: include_str!("../rules/tests/ms-eventgrid-02.test.tenet"),
    },
    Embedded {
        path: "tests/ms-keydelivery-01.test.tenet",
        text: include_str!("../rules/tests/ms-keydelivery-01.test.tenet"),
    },
    Embedded {
        path: "tests/ms-keyvault-01.test.tenet",
        text: include_str!("../rules/tests/ms-keyvault-01.test.tenet"),
    },
    Embedded {
        path: "tests/ms-legacy-01.test.tenet",
        text: include_str!("../rules/tests/ms-legacy-01.test.tenet"),
    },
    Embedded {
        path: "tests/ms-legacy-02.test.tenet",
        text: include_str!("../rules/tests/ms-legacy-02.test.tenet"),
    },
    Embedded {
        path: "tests/ms-live-01.test.tenet",
        text: include_str!("../rules/tests/ms-live-01.test.tenet"),
    },
    Embedded {
        path: "tests/ms-live-02.test.tenet",
        text: include_str!("../rules/tests/ms-live-02.test.tenet"),
    },
    Embedded {
        path: "tests/ms-private-01.test.tenet",
        text: include_str!("../rules/tests/ms-private-01.test.tenet"),
    },
    Embedded {
        path: "tests/ms-private-02.test.tenet",
        text: include_str!("../rules/tests/ms-private-02.test.tenet"),
    },
    Embedded {
        path: "tests/ms-private-03.test.tenet",
        text: include_str!("../rules/tests/ms-private-03.test.tenet"),
    },
    Embedded {
        path: "tests/ms-storage-01.test.tenet",
        text: include_str!("../rules/tests/ms-storage-01.test.tenet"),
    },
    Embedded {
        path: "tests/ms-streaming-01.test.tenet",
        text: include_str!("../rules/tests/ms-streaming-01.test.tenet"),
    },
];

/// The folder the embedded files appear in, in diagnostics and `use` paths.
pub const ROOT: &str = "<pack>";

/// The schema files: those under `schemas/`.
pub fn schemas() -> impl Iterator<Item = &'static Embedded> {
    FILES
        .iter()
        .filter(|file| file.path.starts_with("schemas/"))
}

/// The paths of the pack's rule files (all but the schemas and the `*.test.tenet` files), as
/// [`read`] takes them.
pub fn rule_paths() -> Vec<PathBuf> {
    let rules = FILES
        .iter()
        .filter(|file| !file.path.starts_with("schemas/") && !file.path.ends_with(".test.tenet"));
    rules.map(|file| Path::new(ROOT).join(file.path)).collect()
}

/// Reads an embedded file by its path under [`ROOT`], for the loader; `use` between pack
/// files resolves the way it does on disk.
pub fn read(path: &Path) -> io::Result<String> {
    let inside = path
        .strip_prefix(ROOT)
        .map_err(|_| io::Error::from(io::ErrorKind::NotFound))?;
    let wanted = crate::load::normalize(inside);
    let found = FILES.iter().find(|file| Path::new(file.path) == wanted);
    found
        .map(|file| file.text.to_string())
        .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
}

/// The name diagnostics show for an embedded file.
pub fn display_name(file: &Embedded) -> String {
    format!("{ROOT}/{}", file.path)
}

/// Parses the embedded schema files into `sources`, for use as a checker prelude.
pub fn schema_modules(sources: &mut SourceMap) -> (Vec<Module>, Vec<Diagnostic>) {
    let mut modules = Vec::new();
    let mut diagnostics = Vec::new();
    for embedded in schemas() {
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

    fn files_on_disk(folder: &Path, root: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(folder).expect("rules/ is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                files_on_disk(&path, root, found);
            } else if path.extension().is_some_and(|ext| ext == "tenet") {
                let relative = path.strip_prefix(root).expect("below rules/");
                found.push(relative.display().to_string());
            }
        }
    }

    #[test]
    fn every_file_of_the_pack_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut on_disk = Vec::new();
        files_on_disk(&root, &root, &mut on_disk);
        on_disk.sort();
        let embedded: Vec<&str> = FILES.iter().map(|file| file.path).collect();
        assert_eq!(
            embedded, on_disk,
            "src/pack.rs must list every file of rules/"
        );
    }

    #[test]
    fn embedded_schemas_parse_cleanly() {
        let mut sources = SourceMap::new();
        let (modules, diagnostics) = schema_modules(&mut sources);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(modules.len(), schemas().count());
    }

    #[test]
    fn embedded_files_are_read_by_path_with_dot_dot() {
        let path = Path::new(ROOT).join("media-services/../schemas/storage.tenet");
        assert!(read(&path).is_ok());
        assert!(read(Path::new("rules/schemas/storage.tenet")).is_err());
        assert!(!rule_paths().is_empty());
    }
}
