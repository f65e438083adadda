//! `tenet repl` driven through standard input (scripted sessions, snapshot-tested) and through
//! a pseudo-terminal (completion, history and multi-line entries).

#![expect(clippy::unwrap_used, reason = "a test stops at the first failure")]

mod common;

use std::io::Write;

use expectrl::Expect;
use std::process::{Command, Stdio};

const RULES: &str = "tests/fixtures/eval/rules";
const DATA: &str = "tests/fixtures/eval/az-show-array.json";
const STORAGE: &str = "/subscriptions/6d8b1d2e-31a5-4d1c-9c55-2f0e7b9c3a11/resourceGroups/\
Media-RG/providers/Microsoft.Storage/storageAccounts/contosomedia";

/// Pipes `script` into `tenet repl --no-pack --rules RULES DATA`; returns the script, then
/// standard output and standard error, as one snapshot.
fn session(script: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tenet"))
        .args(["repl", "--no-pack", "--rules", RULES, DATA])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stderr = common::stderr(&output);
    let mut text = format!("{script}----- output -----\n{}", common::stdout(&output));
    if !stderr.is_empty() {
        text.push_str(&format!("----- stderr -----\n{stderr}"));
    }
    // Editors strip trailing spaces from snapshot files, so they are cut here too.
    text.lines()
        .map(|line| line.trim_end().to_string() + "\n")
        .collect()
}

#[test]
fn expressions_print_their_value_and_type() {
    insta::assert_snapshot!(session(
        "1 == 1\n\
         resources(\"Microsoft.Storage/storageAccounts\")[1].name\n\
         [\"a\", lower(\"B\")]\n\
         count(s in resources(\"Microsoft.Storage/storageAccounts\"): true)\n"
    ));
}

#[test]
fn a_let_binds_a_name_for_later_lines() {
    insta::assert_snapshot!(session(
        "let account = resources(\"Microsoft.Media/mediaservices\")[0]\n\
         account.properties.storageAuthentication\n\
         :type account.identity.type\n\
         count(s in account.properties.storageAccounts: true)\n"
    ));
}

#[test]
fn a_rule_typed_over_several_lines_is_added_and_run() {
    insta::assert_snapshot!(session(
        "rule PUBLIC-01 {\n\
         \x20 title \"Storage is not public\"\n\
         \x20 severity low\n\
         \x20 for s in resources(\"Microsoft.Storage/storageAccounts\")\n\
         \x20 require s.properties.publicNetworkAccess == \"Disabled\"\n\
         }\n\
         :rules\n\
         :run PUBLIC-01\n"
    ));
}

#[test]
fn explain_resources_and_rules() {
    insta::assert_snapshot!(session(&format!(
        ":rules\n\
         :resources Microsoft.Storage/storageAccounts\n\
         :explain TEST-STORAGE-01 {STORAGE}\n"
    )));
}

#[test]
fn a_malformed_line_does_not_end_the_session() {
    insta::assert_snapshot!(session(
        "1 = 2\n\
         resources(\"Microsoft.Storage/storageAccounts\")[0].propertes\n\
         \"still here\"\n\
         :nope\n"
    ));
}

/// Starts `tenet repl` on a pseudo-terminal, with its history under `data_home`.
fn terminal(data_home: &std::path::Path) -> expectrl::session::OsSession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tenet"));
    command
        .args(["repl", "--no-pack", "--rules", RULES, DATA])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("XDG_DATA_HOME", data_home);
    let mut session = expectrl::Session::spawn(command).unwrap();
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    session.expect("tenet> ").unwrap();
    session
}

/// A fresh folder for one test's history.
fn data_home(test: &str) -> std::path::PathBuf {
    let folder = std::env::temp_dir().join(format!("tenet-repl-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    folder
}

#[test]
fn tab_completes_property_names_after_a_dot() {
    let home = data_home("complete");
    let mut repl = terminal(&home);
    repl.send("let account = resources(\"Microsoft.Media/mediaservices\")[0]\r")
        .unwrap();
    repl.expect("account: resource").unwrap();
    repl.send("account.properties.pub\t").unwrap();
    repl.expect("publicNetworkAccess").unwrap();
    repl.send("\r").unwrap();
    repl.expect("\"Enabled\"").unwrap();
    repl.send(":quit\r").unwrap();
    repl.expect(expectrl::Eof).unwrap();
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn history_survives_a_restart() {
    let home = data_home("history");
    let mut first = terminal(&home);
    first.send("\"remember me\"\r").unwrap();
    first.expect(": string").unwrap();
    first.send(":quit\r").unwrap();
    first.expect(expectrl::Eof).unwrap();
    let saved = std::fs::read_to_string(home.join("tenet").join("history")).unwrap();
    assert!(saved.contains("remember me"), "{saved}");

    let mut second = terminal(&home);
    // Ctrl-P twice (past `:quit`) brings the line back from the saved history.
    second.send("\x10\x10\r").unwrap();
    second.expect("remember me").unwrap();
    second.expect(": string").unwrap();
    second.send(":quit\r").unwrap();
    second.expect(expectrl::Eof).unwrap();
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn a_rule_can_be_typed_over_several_lines() {
    let home = data_home("multiline");
    let mut repl = terminal(&home);
    repl.send("rule ML-01 {\r").unwrap();
    repl.send("  title \"typed\"\r").unwrap();
    repl.send("  severity low\r").unwrap();
    repl.send("  require true\r").unwrap();
    repl.send("}\r").unwrap();
    repl.expect("added rule `ML-01`").unwrap();
    repl.send(":rules\r").unwrap();
    repl.expect("ML-01  typed").unwrap();
    repl.send(":quit\r").unwrap();
    repl.expect(expectrl::Eof).unwrap();
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn run_and_explain_print_findings_at_the_terminal() {
    let home = data_home("run");
    let mut repl = terminal(&home);
    repl.send(":run\r").unwrap();
    repl.expect("requirement `bypass_azure_services` failed")
        .unwrap();
    repl.expect("2 findings on 1 resource").unwrap();
    let archive = "/subscriptions/6d8b1d2e-31a5-4d1c-9c55-2f0e7b9c3a11/resourceGroups/Media-RG/\
                   providers/Microsoft.Storage/storageAccounts/contosoarchive";
    repl.send(format!(":explain TEST-STORAGE-01 {archive}\r"))
        .unwrap();
    repl.expect("tuple 1: non-compliant").unwrap();
    repl.expect("require bypass_azure_services").unwrap();
    repl.send(":quit\r").unwrap();
    repl.expect(expectrl::Eof).unwrap();
    let _ = std::fs::remove_dir_all(&home);
}
