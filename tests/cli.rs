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

/// Paths of the JSON findings and the notes' messages of a scan of `.` in `dir`.
fn scan_json(dir: &std::path::Path, args: &[&str]) -> (i32, Vec<String>, Vec<String>, String) {
    let out = bin()
        .args(["--format", "json"])
        .args(args)
        .arg(".")
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let strings = |key: &str, field: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[field].as_str().unwrap().to_string())
            .collect()
    };
    (
        out.status.code().unwrap_or(-1),
        strings("diagnostics", "path"),
        strings("notes", "message"),
        stderr,
    )
}

#[test]
fn language_map_from_config_and_ext() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bug = "int main() { OleInitialize(NULL); return 0; }\n";
    std::fs::create_dir_all(d.join("src/gen")).unwrap();
    std::fs::write(
        d.join("mapi-lint.toml"),
        "[languages]\ncpp = [\"*.mcc\", \"*.MH\", \"src/gen/*.tpl\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("src/a.mcc"), bug).unwrap();
    // Patterns match case-insensitively, as the built-in extensions do.
    std::fs::write(d.join("src/b.mh"), bug).unwrap();
    std::fs::write(d.join("src/c.ipp"), bug).unwrap();
    std::fs::write(d.join("src/gen/d.tpl"), bug).unwrap();
    // A pattern with a `/` is relative to the configuration's directory.
    std::fs::write(d.join("src/e.tpl"), bug).unwrap();
    let (code, paths, _, stderr) = scan_json(d, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(paths, ["src/a.mcc", "src/b.mh", "src/gen/d.tpl"]);
    // The command line adds to the configuration.
    let (_, paths, _, _) = scan_json(d, &["--ext", ".ipp=cpp", "--ext", "TPL=c"]);
    assert_eq!(
        paths,
        [
            "src/a.mcc",
            "src/b.mh",
            "src/c.ipp",
            "src/e.tpl",
            "src/gen/d.tpl"
        ]
    );
    // A file named on the command line is mapped the same way.
    let out = bin()
        .args(["--format", "short", "--ext", "ipp=cpp", "src/c.ipp"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("src/c.ipp:1:"));
    // Without the map it says why it read nothing, and how to map it.
    let out = bin().arg("src/c.ipp").current_dir(d).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("--ext EXT=LANG"), "{stdout}");
    // A Rust language map reads the file with the Rust frontend.
    std::fs::write(
        d.join("mapi-lint.toml"),
        "[languages]\nrust = [\"*.rs.in\"]\n",
    )
    .unwrap();
    std::fs::write(
        d.join("src/lib.rs.in"),
        "fn main() { OleInitialize(None); }\n",
    )
    .unwrap();
    let (_, paths, _, _) = scan_json(d, &[]);
    assert_eq!(paths, ["src/lib.rs.in"]);
}

#[test]
fn unknown_languages_and_bad_ext_values_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.cpp"), "int x;\n").unwrap();
    for (args, said) in [
        (vec!["--ext", "mcc"], "is not EXT=LANG"),
        (vec!["--ext", "mcc=java"], "unknown language `java`"),
        (vec!["--ext", "=cpp"], "is not a file extension"),
        (vec!["--ext", "*.mcc=cpp"], "is not a file extension"),
    ] {
        let out = bin().args(&args).arg(".").current_dir(d).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
    for (toml, said) in [
        (
            "[languages]\njava = [\"*.mcc\"]\n",
            "languages.java: unknown language `java` (known: c, cpp, rust)",
        ),
        ("[languages]\ncpp = [\"src/[\"]\n", "bad glob `src/[`"),
        ("[languages]\ncpp = \"*.mcc\"\n", "mapi-lint.toml:2"),
    ] {
        std::fs::write(d.join("mapi-lint.toml"), toml).unwrap();
        let out = bin().arg(".").current_dir(d).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{toml}: {stderr}");
        assert!(stderr.contains(said), "{toml}: {stderr}");
    }
}

#[test]
fn files_skipped_for_their_extension_are_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bug = "int main() { OleInitialize(NULL); return 0; }\n";
    std::fs::create_dir_all(d.join("src")).unwrap();
    std::fs::create_dir_all(d.join("ignored")).unwrap();
    std::fs::create_dir_all(d.join("vendor")).unwrap();
    std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::write(d.join("mapi-lint.toml"), "exclude = [\"vendor/**\"]\n").unwrap();
    std::fs::write(d.join("src/main.cpp"), bug).unwrap();
    std::fs::write(d.join("src/mapi.mcc"), bug).unwrap();
    std::fs::write(d.join("src/old.h~"), bug).unwrap();
    std::fs::write(d.join("README.TXT"), "read me").unwrap();
    std::fs::write(d.join("notes.txt"), "notes").unwrap();
    std::fs::write(d.join("Makefile"), "all:").unwrap();
    // Left out by .gitignore and by `exclude`: not counted.
    std::fs::write(d.join("ignored/x.txt"), "").unwrap();
    std::fs::write(d.join("vendor/y.txt"), "").unwrap();
    let (_, _, notes, _) = scan_json(d, &[]);
    let skipped: Vec<&String> = notes
        .iter()
        .filter(|n| n.contains("not scanned for"))
        .collect();
    assert_eq!(skipped.len(), 1, "one note, not one per file: {notes:?}");
    assert!(
        skipped[0].starts_with(
            "7 files not scanned for their extension ((none) 2, .txt 2, .h~ 1, .mcc 1, .toml 1); "
        ),
        "{notes:?}"
    );
    assert!(skipped[0].contains("--ext EXT=LANG"), "{notes:?}");
    // --stats says it too; once `.mcc` is mapped, it is scanned and no longer counted.
    let out = bin()
        .args(["--stats", "--format", "short", "--ext", "mcc=cpp", "."])
        .current_dir(d)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "mapi-lint: 6 files not scanned for their extension ((none) 2, .txt 2, .h~ 1, .toml 1); "
        ),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("src/mapi.mcc:1:"), "{stdout}");
    // The short format prints the per-file notes on stderr, but not this one.
    assert_eq!(stderr.matches("not scanned for").count(), 1, "{stderr}");
    // Nothing skipped: no note.
    let (_, _, notes, _) = scan_json(&d.join("src"), &["--ext", "mcc=cpp", "--ext", "h~=cpp"]);
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn a_path_that_is_gone_gets_a_note_and_changes_no_other_finding() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone.cpp");
    let dangling = dir.path().join("dangling.cpp");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("nowhere.cpp"), &dangling).unwrap();
    let (code, alone, _) = run(&["--format", "json", EXAMPLE]);
    let (code_with, with, _) = run(&[
        "--format",
        "json",
        gone.to_str().unwrap(),
        EXAMPLE,
        dangling.to_str().unwrap(),
    ]);
    assert_eq!(code, code_with);
    let alone: serde_json::Value = serde_json::from_str(&alone).unwrap();
    let with: serde_json::Value = serde_json::from_str(&with).unwrap();
    assert_eq!(alone["diagnostics"], with["diagnostics"]);
    let notes = with["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["path"].as_str().unwrap().ends_with("gone.cpp")),
        "{notes:?}"
    );
    #[cfg(unix)]
    assert!(
        notes
            .iter()
            .any(|n| n["path"].as_str().unwrap().ends_with("dangling.cpp")),
        "{notes:?}"
    );
}

/// `--stats` ends with the analysis: a count line, then the ten slowest functions, each with
/// its time, states explored, CFG nodes and branches, name and `path:line` (timings are not
/// checked, only the shape).
#[test]
fn stats_list_the_slowest_functions() {
    let (_, _, stderr) = run(&["--stats", "--format", "short", EXAMPLE]);
    let lines: Vec<&str> = stderr.lines().collect();
    let count = lines
        .iter()
        .position(|l| l.starts_with("mapi-lint: analysis: "))
        .unwrap_or_else(|| panic!("no analysis line: {stderr}"));
    assert!(
        lines[count].contains(" functions analysed, ")
            && lines[count].contains(" states explored, ")
            && lines[count].contains("; 0 hit the state budget (50000 states per rule)"),
        "{stderr}"
    );
    assert_eq!(
        lines[count + 1],
        "mapi-lint: slowest functions: time, states (summed over rules), CFG nodes, branches, function, place",
        "{stderr}"
    );
    let rows: Vec<&str> = lines[count + 2..]
        .iter()
        .copied()
        .take_while(|l| l.contains(" ms ") && l.contains(" states "))
        .collect();
    assert!(!rows.is_empty() && rows.len() <= 10, "{stderr}");
    let watch = rows
        .iter()
        .find(|r| r.contains("  WatchInbox  "))
        .unwrap_or_else(|| panic!("WatchInbox is not listed: {stderr}"));
    let words: Vec<&str> = watch.split_whitespace().collect();
    // mapi-lint: <ms> ms <states> states <nodes> nodes <branches> branches <name> <place>
    assert_eq!(words.len(), 11, "{watch}");
    assert!(words[1].parse::<f64>().is_ok(), "{watch}");
    for i in [3, 5, 7] {
        assert!(words[i].parse::<usize>().unwrap() > 0, "{watch}");
    }
    assert_eq!(words[9], "WatchInbox", "{watch}");
    assert_eq!(words[10], format!("{EXAMPLE}:9"), "{watch}");
}

/// A function with more paths than `STATE_BUDGET`: eighteen flags, each deciding whether a
/// buffer is allocated, so the walk holds 2^18 different sets of buffers between the
/// allocations and the frees (states that differ in what they hold are never joined).
fn budget_source() -> String {
    let n = 18;
    let mut s = String::from(
        "#include <mapix.h>\n\nint g_nSeen;\n\nHRESULT ManyOptions(int argc, char **argv)\n{\n    LPMAPISESSION lpSession = NULL;\n",
    );
    for i in 0..n {
        s += &format!(
            "    BOOL f{i} = argc > {i} && argv[{i}][0] == '-';\n    LPVOID p{i} = NULL;\n"
        );
    }
    s += "    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);\n    if (FAILED(hr))\n        return hr;\n";
    for i in 0..n {
        s += &format!("    if (f{i})\n        MAPIAllocateBuffer(16, &p{i});\n");
    }
    for i in 0..n {
        s += &format!("    if (f{i})\n        MAPIFreeBuffer(p{i});\n");
    }
    s += "    lpSession->Logoff(0, 0, 0);\n    lpSession->Release();\n    return S_OK;\n}\n";
    s
}

/// The shape of a long option-parsing `main`: eighteen flags, each tested twice, with nothing
/// held that depends on them. The paths differ only in what they assumed about the flags, so
/// they are joined (engine/interp/joins.rs): analysed in full, and the leak after them found.
#[test]
fn flags_tested_twice_are_joined_not_cut() {
    let n = 18;
    let mut s = String::from(
        "#include <mapix.h>\n\nint g_nSeen;\n\nHRESULT ManyFlags(int argc, char **argv)\n{\n    LPMAPISESSION lpSession = NULL;\n",
    );
    for i in 0..n {
        s += &format!("    BOOL f{i} = argc > {i} && argv[{i}][0] == '-';\n");
    }
    s += "    HRESULT hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);\n    if (FAILED(hr))\n        return hr;\n";
    for round in 0..2 {
        for i in 0..n {
            s += &format!("    if (f{i})\n        g_nSeen += {};\n", round + 1);
        }
    }
    s += "    lpSession->Release();\n    return S_OK;\n}\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("flags.cpp"), &s).unwrap();
    let out = bin()
        .args(["--format", "short", "--stats", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let logon = s.lines().position(|l| l.contains("MAPILogonEx")).unwrap() + 1;
    let found: Vec<&str> = stdout.lines().collect();
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(
        found[0].starts_with(&format!("flags.cpp:{logon}:")) && found[0].contains("missing-logoff"),
        "{stdout}"
    );
    assert!(stderr.contains("; 0 hit the state budget"), "{stderr}");
}

/// Code it could not parse, said out loud: a lifecycle call inside or next to a syntax error
/// is a note in JSON `notes` and in the human output, and `--stats` counts it.
#[test]
fn a_lifecycle_call_in_unparsable_code_is_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // `END_GUARDED`, a macro the parser does not know, written without `;`, turns the next
    // line into a declaration of a function `Release` whose type is `END_GUARDED`.
    let src = "#include <mapix.h>\n\nint main()\n{\n    LPMAPISESSION lpSession = NULL;\n    if (FAILED(MAPIInitialize(NULL)))\n        return 1;\n    MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &lpSession);\n    BEGIN_GUARDED(lpSession) { lpSession->Logoff(0, 0, 0); } END_GUARDED\n    lpSession->Release();\n    MAPIUninitialize();\n    return 0;\n}\n";
    std::fs::write(d.join("guarded.cpp"), src).unwrap();
    std::fs::write(d.join("clean.cpp"), src.replace(" END_GUARDED", "")).unwrap();
    let (_, _, notes, _) = scan_json(d, &[]);
    let expected =
        "`Release` at line 10 is inside code that could not be parsed; it was not analysed";
    assert_eq!(
        notes,
        vec![expected.to_string()],
        "one note, on guarded.cpp"
    );
    let out = bin()
        .args(["--stats", "--color", "never", "."])
        .current_dir(d)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("note: guarded.cpp: {expected}")),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "mapi-lint: 1 lifecycle call inside code that could not be parsed (1 not analysed), in 1 file\n"
        ),
        "{stderr}"
    );
}

/// No silent budget: a function cut at the state budget is a note in JSON `notes` and in the
/// human output, and `--stats` counts and names it.
#[test]
fn a_function_at_the_state_budget_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("many.cpp"), budget_source()).unwrap();
    let (_, _, notes, _) = scan_json(d, &[]);
    let cut: Vec<&String> = notes
        .iter()
        .filter(|n| n.contains("`ManyOptions` has too many paths for rule `"))
        .collect();
    assert!(!cut.is_empty(), "{notes:?}");
    for n in &cut {
        assert!(
            n.ends_with(" (over 50000 states); it was analysed only in part"),
            "{n}"
        );
    }
    // Human output, `--stats` and the per-function table of `--function-stats` (read by
    // bench/branchy.sh), in one run: each run explores the budget's states per rule again.
    let table = d.join("functions.tsv");
    let out = bin()
        .args(["--stats", "--color", "never", "--function-stats"])
        .arg(&table)
        .arg(".")
        .current_dir(d)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("note: many.cpp: `ManyOptions` has too many paths for rule `"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("; 1 hit the state budget (50000 states per rule)"),
        "{stderr}"
    );
    let hit = stderr
        .lines()
        .find(|l| l.starts_with("mapi-lint: state budget hit: ManyOptions at many.cpp:5 (CFG "))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(hit.ends_with("): analysed only in part"), "{hit}");
    assert_eq!(
        hit.matches(", ").count() + 1,
        cut.len(),
        "one rule named per note: {hit} {cut:?}"
    );
    let table = std::fs::read_to_string(&table).unwrap();
    let mut rows = table.lines();
    assert_eq!(
        rows.next(),
        Some("function\tplace\tcfg_nodes\tbranches\trules\tstates\tmicros\tbudget_hit")
    );
    let row: Vec<&str> = rows
        .find(|r| r.starts_with("ManyOptions\t"))
        .unwrap_or_else(|| panic!("{table}"))
        .split('\t')
        .collect();
    assert_eq!(row[1], "many.cpp:5");
    assert_eq!(row[7], "1");
    assert!(row[5].parse::<usize>().unwrap() >= 50_000, "{row:?}");
}

/// A file given alone (as pre-commit passes the changed files) is read with the headers it
/// includes by a quoted name: the check macro its header defines returns, so the CComPtr
/// releasing the session on that path is found, as in a scan of the whole directory. Nothing
/// in the header is reported, and it is not counted as a scanned file.
#[test]
fn a_file_given_alone_is_read_with_its_quoted_headers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("include")).unwrap();
    std::fs::write(
        dir.path().join("include/checks.h"),
        "#pragma once\n#define CHK_HR(x) { hr = (x); if (FAILED(hr)) return hr; }\n\
         inline void Leaky() { LPSPropValue p = NULL; MAPIAllocateBuffer(8, (LPVOID*)&p); }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("export.cpp"),
        "#include \"include/checks.h\"\n#include \"missing.h\"\n\
         HRESULT Run(LPCSTR profile)\n{\n    HRESULT hr = S_OK;\n    CComPtr<IMAPISession> spSession;\n\
         \x20   CHK_HR(MAPILogonEx(0, (LPTSTR)profile, NULL, MAPI_EXTENDED, &spSession));\n\
         \x20   CHK_HR(Export(spSession));\n    return spSession->Logoff(0, 0, 0);\n}\n",
    )
    .unwrap();
    let out = bin()
        .args(["--format", "short", "--no-progress", "export.cpp"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("export.cpp:7:") && stdout.contains("[missing-logoff]"),
        "{stdout}{stderr}"
    );
    assert!(!stdout.contains("checks.h"), "{stdout}");
    assert!(!stderr.contains("missing.h"), "{stderr}");
    let human = bin()
        .args(["--color", "never", "--no-progress", "export.cpp"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(human.contains("1 warning in 1 file"), "{human}");
}
