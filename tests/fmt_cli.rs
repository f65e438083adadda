//! `tenet fmt` from the command line: printing, `--check` with its diff and exit codes, and
//! `--write`, which rewrites files in place and leaves broken files alone.

#![expect(
    clippy::expect_used,
    reason = "a test stops when its scratch files cannot be made"
)]

mod common;

use std::path::{Path, PathBuf};

use common::{stderr, stdout, tenet};

/// A badly laid out rule and its canonical form.
const MESSY: &str =
    "rule demo.messy{severity low\n   for a in resources(\"T\")  require a.b∧a.c}\n";
const CANONICAL: &str = "rule demo.messy {\n  severity low\n\n  for a in resources(\"T\")\n\n  require a.b and a.c\n}\n";

/// A rule that does not parse: the condition is missing.
const BROKEN: &str = "rule demo.broken {\n  require\n}\n";

/// A fresh folder for one test, below Cargo's scratch folder.
fn scratch(test: &str) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fmt-cli")
        .join(test);
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("the scratch folder can be made");
    folder
}

fn write(folder: &Path, name: &str, text: &str) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, text).expect("the scratch file can be written");
    path
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("the scratch file can be read")
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("scratch paths are UTF-8")
}

/// The names in a folder, sorted.
fn listing(folder: &Path) -> Vec<String> {
    let entries = std::fs::read_dir(folder).expect("the scratch folder can be listed");
    let mut names: Vec<String> = entries
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn without_a_flag_the_formatted_text_goes_to_standard_output() {
    let folder = scratch("print");
    let path = write(&folder, "messy.tenet", MESSY);
    let output = tenet(&["fmt", arg(&path)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), CANONICAL);
    assert_eq!(read(&path), MESSY, "printing must not touch the file");
}

#[test]
fn check_prints_a_unified_diff_and_exits_1_for_a_badly_laid_out_file() {
    let folder = scratch("check-messy");
    let path = write(&folder, "messy.tenet", MESSY);
    let output = tenet(&["fmt", "--check", arg(&path)]);
    let diff = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(diff.contains(&format!("--- a/{}", arg(&path))), "{diff}");
    assert!(diff.contains(&format!("+++ b/{}", arg(&path))), "{diff}");
    assert!(diff.contains("@@ -1,2 +1,7 @@"), "{diff}");
    assert!(diff.contains("+  require a.b and a.c\n"), "{diff}");
    assert!(
        stderr(&output).contains("1 would change"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(&path), MESSY, "checking must not touch the file");
}

#[test]
fn check_exits_0_on_the_formatted_pack() {
    let output = tenet(&["fmt", "--check", "rules"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "rules/ is not in canonical form; run `tenet fmt --write rules/`:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert_eq!(stdout(&output), "");
}

#[test]
fn write_leaves_a_file_that_does_not_parse_byte_for_byte_and_exits_3() {
    let folder = scratch("write-broken");
    let path = write(&folder, "broken.tenet", BROKEN);
    let output = tenet(&["fmt", "--write", "--color", "never", arg(&path)]);
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("error"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&path).expect("readable"), BROKEN.as_bytes());
    assert_eq!(listing(&folder), ["broken.tenet"]);
}

#[test]
fn write_rewrites_a_badly_laid_out_file_and_leaves_no_temporary_file() {
    let folder = scratch("write-messy");
    let path = write(&folder, "messy.tenet", MESSY);
    let output = tenet(&["fmt", "--write", arg(&path)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(&path), CANONICAL);
    assert_eq!(listing(&folder), ["messy.tenet"]);

    let again = tenet(&["fmt", "--check", arg(&path)]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
}

#[test]
fn write_handles_the_other_files_before_exiting_3_for_a_broken_one() {
    let folder = scratch("write-mixed");
    let broken = write(&folder, "a-broken.tenet", BROKEN);
    let messy = write(&folder, "b-messy.tenet", MESSY);
    let output = tenet(&["fmt", "--write", arg(&folder)]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(read(&broken), BROKEN);
    assert_eq!(read(&messy), CANONICAL);
    assert_eq!(listing(&folder), ["a-broken.tenet", "b-messy.tenet"]);
}

#[test]
fn comments_survive_write() {
    let folder = scratch("write-comments");
    let source = "// Header.\n\nrule demo.c { // opening\n  // above for\n  for a in xs // domain\n  \
                  require a.b // first\n    // above second\n    ∧ a.c\n  // end\n}\n// tail\n";
    let path = write(&folder, "comments.tenet", source);
    let output = tenet(&["fmt", "--write", arg(&path)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = "// Header.\n\nrule demo.c { // opening\n  // above for\n  for a in xs // domain\n\n  \
                    require a.b // first\n    // above second\n    and a.c\n  // end\n}\n// tail\n";
    assert_eq!(read(&path), expected);
}

#[test]
fn a_missing_file_is_an_input_error() {
    let output = tenet(&["fmt", "--check", "no/such/file.tenet"]);
    assert_eq!(output.status.code(), Some(4));
    assert!(
        stderr(&output).contains("no/such/file.tenet"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_and_write_cannot_be_combined() {
    let output = tenet(&["fmt", "--check", "--write", "rules"]);
    assert_eq!(output.status.code(), Some(2));
}
