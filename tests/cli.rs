//! Drives the `tenet` binary as a user would: arguments in, exit code and output out.

#![expect(
    clippy::expect_used,
    reason = "a test stops on a broken fixture, with its reason"
)]

use std::path::{Path, PathBuf};
mod common;

use std::process::Command;

use common::{stderr, tenet};

/// A fresh folder under the target directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("a scratch file");
    path.display().to_string()
}

const MISSPELLED: &str = "rule demo {\n  severity high\n  requre true\n}\n";

#[test]
fn the_shipped_rules_check_clean() {
    let output = tenet(&["check", "rules/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_misspelled_keyword_points_at_the_token_and_exits_3() {
    let dir = scratch("misspelled");
    let path = write(&dir, "bad.tenet", MISSPELLED);
    let output = tenet(&["check", "--color", "never", &path]);
    let text = stderr(&output);

    assert_eq!(output.status.code(), Some(3), "{text}");
    assert!(text.contains("error[E0004]"), "{text}");
    assert!(text.contains(&format!("{path}:3:3")), "{text}");
    assert!(text.contains("3 │   requre true\n  │   ^^^^^^"), "{text}");
    assert!(text.contains("did you mean `require`?"), "{text}");
}

#[test]
fn a_missing_file_is_one_line_naming_it_and_exits_4() {
    let output = tenet(&["check", "missing.tenet"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("`missing.tenet`"), "{text}");
    assert!(text.contains("no such file or directory"), "{text}");
}

#[test]
fn json_diagnostics_are_one_object_per_line_with_positions() {
    let dir = scratch("json");
    let path = write(
        &dir,
        "bad.tenet",
        "rule a {\n  require x => y\n}\nrule b {\n  requre x\n}\n",
    );
    let output = tenet(&["check", "--error-format", "json", &path]);
    assert_eq!(output.status.code(), Some(3));

    let text = stderr(&output);
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert_eq!(records.len(), 2, "{text}");

    let first = &records[0];
    for field in ["code", "severity", "message", "file", "labels", "notes"] {
        assert!(first.get(field).is_some(), "missing `{field}` in {first}");
    }
    assert_eq!(first["code"], "E0003");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], path.as_str());
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(2), Some(13))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(2), Some(15))
    );
    assert_eq!(first["labels"][0]["primary"], true);
    assert_eq!(records[1]["code"], "E0004");
    assert_eq!(records[1]["line"].as_u64(), Some(5));
}

#[test]
fn warnings_fail_only_under_deny_warnings() {
    let dir = scratch("warnings");
    let path = write(&dir, "warn.tenet", "rule a {\n  require {}\n}\n");

    let lenient = tenet(&["check", &path]);
    assert_eq!(lenient.status.code(), Some(0), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains("warning[W0001]"));

    let strict = tenet(&["check", "--deny-warnings", &path]);
    assert_eq!(strict.status.code(), Some(3), "{}", stderr(&strict));
}

#[test]
fn folders_are_searched_recursively_in_a_stable_order() {
    let dir = scratch("recursive");
    std::fs::create_dir_all(dir.join("b/c")).expect("nested folders");
    write(&dir, "b/c/z.tenet", MISSPELLED);
    write(&dir, "a.tenet", MISSPELLED);
    write(&dir, "notes.txt", "not a rule file");

    let output = tenet(&["check", "--color", "never", &dir.display().to_string()]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{text}");
    let a = text.find("a.tenet:3:3").expect("a.tenet is reported");
    let z = text.find("z.tenet:3:3").expect("b/c/z.tenet is reported");
    assert!(a < z, "files are reported in path order:\n{text}");
    assert!(
        text.contains("checked 2 files: 2 errors, 0 warnings"),
        "{text}"
    );
}

#[test]
fn a_folder_without_rule_files_evaluates_nothing_and_exits_5() {
    let dir = scratch("empty");
    let output = tenet(&["check", &dir.display().to_string()]);
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
}

#[test]
fn colours_follow_the_flag_and_no_color() {
    let dir = scratch("colour");
    let path = write(&dir, "bad.tenet", MISSPELLED);

    let always = tenet(&["check", "--color", "always", &path]);
    assert!(stderr(&always).contains('\u{1b}'), "--color always colours");

    let never = tenet(&["check", "--color", "never", &path]);
    assert!(!stderr(&never).contains('\u{1b}'), "--color never does not");

    let piped = tenet(&["check", &path]);
    assert!(
        !stderr(&piped).contains('\u{1b}'),
        "auto does not colour a pipe"
    );

    let no_color = Command::new(env!("CARGO_BIN_EXE_tenet"))
        .args(["check", &path])
        .env("NO_COLOR", "1")
        .output()
        .expect("the tenet binary runs");
    assert!(
        !stderr(&no_color).contains('\u{1b}'),
        "NO_COLOR is honoured"
    );
}

#[test]
fn version_and_help_exit_0_and_usage_errors_exit_2() {
    let version = tenet(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    let printed = String::from_utf8_lossy(&version.stdout);
    assert!(printed.starts_with("tenet "), "{printed}");

    let help = tenet(&["help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("check"));

    let unknown = tenet(&["check", "--no-such-flag"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("--no-such-flag"));

    let bare = tenet(&[]);
    assert_eq!(bare.status.code(), Some(2));
}
