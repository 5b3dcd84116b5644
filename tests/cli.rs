//! The command line as users and CI run it: exit codes, formats, notes for bad input, and
//! snapshots of the human and JSON renderings of the README example.

use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mapi-lint"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("NO_COLOR");
    c
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const EXAMPLE: &str = "testdata/examples/shutdown.cpp";

#[test]
fn human_output_snapshot() {
    let (code, stdout, _) = run(&["--color", "never", EXAMPLE]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("human", stdout);
}

#[test]
fn json_output_snapshot() {
    let (code, stdout, _) = run(&["--format", "json", EXAMPLE]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for d in v["diagnostics"].as_array().unwrap() {
        for key in [
            "rule",
            "severity",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "related",
        ] {
            assert!(d.get(key).is_some(), "diagnostic without `{key}`: {d}");
        }
    }
    insta::assert_snapshot!("json", stdout);
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let ok = dir.path().join("ok.cpp");
    std::fs::write(
        &ok,
        "int main() { OleInitialize(NULL); OleUninitialize(); return 0; }\n",
    )
    .unwrap();
    let (code, stdout, _) = run(&[ok.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("no findings in 1 file"), "{stdout}");

    let bad = dir.path().join("bad.cpp");
    std::fs::write(&bad, "int main() { OleInitialize(NULL); return 0; }\n").unwrap();
    assert_eq!(run(&[bad.to_str().unwrap()]).0, 1);

    let (code, _, stderr) = run(&["--format", "xml", ok.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = run(&["explain", "no-such-rule"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown rule `no-such-rule`"), "{stderr}");
}

#[test]
fn bad_files_get_a_note_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("binary.cpp"), b"\x7fELF\x00\x00\x01garbage").unwrap();
    std::fs::write(
        d.join("latin1.cpp"),
        b"// caf\xe9\nint main() { OleInitialize(NULL); return 0; }\n",
    )
    .unwrap();
    std::fs::write(d.join("empty.cpp"), b"").unwrap();
    std::fs::write(
        d.join("broken.cpp"),
        b"int main( { {{ ))) OleUninitialize(; }",
    )
    .unwrap();
    std::fs::create_dir(d.join("dir.cpp")).unwrap();
    let (code, stdout, stderr) = run(&["--format", "json", d.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("binary.cpp") && notes.contains("looks binary"),
        "{notes}"
    );
    assert!(
        notes.contains("latin1.cpp") && notes.contains("not valid UTF-8"),
        "{notes}"
    );
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(
        diags
            .iter()
            .any(|d| d["path"].as_str().unwrap().ends_with("latin1.cpp") && d["line"] == 2),
        "{stdout}"
    );
}

#[test]
fn rules_and_explain() {
    let (code, stdout, _) = run(&["rules"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("missing-unadvise"));
    let (code, stdout, _) = run(&["explain", "use-after-logoff"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Why is this bad?"));
    // The human output points every finding at `explain`, the gate's own one included.
    let (code, stdout, _) = run(&["explain", "unused-suppression"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("suppresses nothing"));
}

#[test]
fn cargo_subcommand_form() {
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-mapi-lint"))
        .args(["mapi-lint", "--format", "json", EXAMPLE])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"diagnostics\""));
}

#[test]
fn discovery_honours_gitignore_target_and_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bug = "int main() { OleInitialize(NULL); return 0; }\n";
    std::fs::create_dir_all(d.join("src/sub")).unwrap();
    std::fs::create_dir_all(d.join("target")).unwrap();
    std::fs::create_dir_all(d.join("generated")).unwrap();
    std::fs::write(d.join(".gitignore"), "generated/\n").unwrap();
    std::fs::write(d.join("src/b.cpp"), bug).unwrap();
    std::fs::write(d.join("src/sub/a.c"), bug).unwrap();
    std::fs::write(d.join("src/notes.txt"), bug).unwrap();
    std::fs::write(d.join("target/t.cpp"), bug).unwrap();
    std::fs::write(d.join("generated/g.cpp"), bug).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("o.cpp"), bug).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), d.join("src/link")).unwrap();
    let out = bin()
        .args(["--format", "json", "."])
        .current_dir(d)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["src/b.cpp", "src/sub/a.c"]);
}

#[test]
fn graph_dot_snapshot() {
    let (code, stdout, stderr) = run(&[
        "graph",
        "--entry",
        "main",
        "testdata/multi/bad_order_across_functions",
    ]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("graph_dot", stdout);
}

#[test]
fn graph_mermaid_highlights_findings() {
    let (code, stdout, _) = run(&[
        "graph",
        "--format",
        "mermaid",
        "testdata/multi/global_destructor",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("flowchart TB\n"), "{stdout}");
    assert!(
        stdout.contains("class ") && stdout.contains(" finding"),
        "{stdout}"
    );
}
