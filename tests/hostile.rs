//! Hostile input, built in a temporary directory at test time: every bad file gets one clear
//! note, the scan finishes in bounded time, and a known-buggy file beside them is still
//! reported. And determinism: identical bytes across runs, thread counts and creation orders.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const BUG: &str = "int main() { OleInitialize(NULL); return 0; }\n";

/// Runs mapi-lint in `dir` and fails the test if it takes longer than `limit`.
fn run_limited(dir: &Path, args: &[&str], limit: Duration) -> (i32, String, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_mapi-lint"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Output is read while waiting (a full pipe would otherwise block the child).
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("mapi-lint did not finish within {limit:?} on {args:?}");
        }
    };
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, bytes).unwrap();
}

#[test]
fn hostile_corpus_gets_notes_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "bug.cpp", BUG);
    write(
        d,
        "binary.cpp",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe garbage \x00\x00",
    );
    write(d, "invalid_utf8.cpp", b"// \xff\xfe\xc3\x28\nint x;\n");
    write(d, "nul_inside.cpp", b"int a;\x00\nint b;\n");
    write(d, "empty.cpp", b"");
    // 50 MB: over the default size cap.
    write(
        d,
        "huge.cpp",
        "// generated line of filler text\n".repeat(1_600_000),
    );
    let n = 100_000;
    // Each mentions a lifecycle API, so that the pre-filter hands it to the parser.
    write(
        d,
        "parens.cpp",
        format!(
            "int f() {{ OleInitialize(NULL); return {}1{}; }}\n",
            "(".repeat(n),
            ")".repeat(n)
        ),
    );
    write(
        d,
        "blocks.cpp",
        format!(
            "void g() {{ OleInitialize(NULL); }} void h() {}{}\n",
            "{".repeat(n),
            "}".repeat(n)
        ),
    );
    write(
        d,
        "parens.rs",
        format!(
            "fn f() -> i32 {{ OleInitialize(None); {}1{} }}\n",
            "(".repeat(n),
            ")".repeat(n)
        ),
    );
    write(
        d,
        "blocks.rs",
        format!(
            "fn g() {{ OleInitialize(None); }} fn h() {}{}\n",
            "{".repeat(n),
            "}".repeat(n)
        ),
    );
    write(
        d,
        "long_line.cpp",
        format!(
            "int x = OleInitialize(NULL) + {}1;\n",
            "1 + ".repeat(250_000)
        ),
    );
    write(
        d,
        "bad syntax.cpp",
        "int main( {{ )) OleUninitialize(; }} }}",
    );
    write(d, "bad.rs", "fn main() { let x = ; }}}");
    write(d, "dir name é/ünïcode file.cpp", BUG);
    std::fs::create_dir_all(d.join("looks_like_source.cpp")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "outside.cpp", BUG);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
        std::os::unix::fs::symlink(outside.path(), d.join("outside_link")).unwrap();
        write(d, "unreadable.cpp", BUG);
        std::fs::set_permissions(
            d.join("unreadable.cpp"),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
    }
    let unreadable_is_readable = std::fs::read(d.join("unreadable.cpp")).is_ok();

    let (code, stdout, stderr) =
        run_limited(d, &["--format", "json", "."], Duration::from_secs(120));
    assert_eq!(code, 1, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    let notes: Vec<(String, String)> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["path"].as_str().unwrap().to_string(),
                n["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let note_for = |file: &str| -> String {
        notes
            .iter()
            .filter(|(p, _)| p.ends_with(file))
            .map(|(_, m)| m.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert!(note_for("binary.cpp").contains("binary"), "{notes:?}");
    assert!(note_for("nul_inside.cpp").contains("NUL"), "{notes:?}");
    assert!(note_for("invalid_utf8.cpp").contains("UTF-8"), "{notes:?}");
    assert!(note_for("huge.cpp").contains("larger than"), "{notes:?}");
    for f in ["parens.cpp", "blocks.cpp", "parens.rs", "blocks.rs"] {
        assert!(note_for(f).contains("nest"), "{f}: {notes:?}");
    }
    if !unreadable_is_readable {
        assert!(!note_for("unreadable.cpp").is_empty(), "{notes:?}");
    }
    assert!(
        note_for("empty.cpp").is_empty(),
        "an empty file is fine: {notes:?}"
    );
    // The buggy files are still reported; nothing from outside the root.
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"bug.cpp"), "{paths:?}");
    assert!(paths.contains(&"dir name é/ünïcode file.cpp"), "{paths:?}");
    assert!(!paths.iter().any(|p| p.contains("outside")), "{paths:?}");
    // Following symlinks: the loop is reported, not followed forever.
    let (code, stdout, _) = run_limited(
        d,
        &["--follow-symlinks", "--format", "json", "."],
        Duration::from_secs(120),
    );
    assert_eq!(code, 1);
    assert!(stdout.contains("loop"), "{stdout}");
}

/// Found by the scan_cpp fuzzer (fuzz/regressions/scan_cpp-1.cpp, a timeout under ASan): `main`
/// had more paths than the state budget for five rules (250,172 states, 0.46 s), paths that
/// differ only in what they assumed about its flags. They are joined now
/// (engine/interp/joins.rs): the function is analysed in full, with no note, and its findings
/// are the ones the cut walk reported (the budget note itself is tested in tests/cli.rs).
#[test]
fn paths_differing_only_in_assumptions_are_joined() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "many_paths.cpp",
        include_str!("../fuzz/regressions/scan_cpp-1.cpp"),
    );
    let (code, stdout, stderr) = run_limited(
        d,
        &["--format", "json", "-j", "1", "."],
        Duration::from_secs(120),
    );
    assert_eq!(code, 1, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    // The fuzzer's input is not valid C++: its notes are the unparsed-code ones, none about
    // the budget.
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes.iter().all(|n| n["message"]
            .as_str()
            .unwrap()
            .contains("is inside code that could not be parsed")),
        "{stdout}"
    );
    let mut found: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}", d["line"], d["rule"].as_str().unwrap()))
        .collect();
    found.sort();
    // What the walk cut at the budget reported, before the paths were joined.
    assert_eq!(
        found,
        ["33 session-not-released", "35 use-after-mapi-uninitialize"],
        "{stdout}"
    );
    assert!(!stdout.contains("internal error"), "{stdout}");
}

#[test]
fn output_is_identical_across_runs_thread_counts_and_creation_orders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    for format in ["human", "json", "sarif", "short", "github"] {
        let mut outputs = Vec::new();
        for jobs in ["1", "2", "4", "1"] {
            let (_, out, _) = run_limited(
                &root,
                &["--format", format, "--color", "never", "-j", jobs, "."],
                Duration::from_secs(120),
            );
            outputs.push(out);
        }
        assert!(!outputs[0].is_empty());
        assert!(
            outputs.windows(2).all(|w| w[0] == w[1]),
            "{format} output differs between runs"
        );
    }
    // The pre-filter never changes results.
    let (_, filtered, _) = run_limited(&root, &["--format", "json", "."], Duration::from_secs(120));
    let (_, all, _) = run_limited(
        &root,
        &["--no-prefilter", "--format", "json", "."],
        Duration::from_secs(120),
    );
    assert_eq!(filtered, all, "the pre-filter changed the findings");
    // The same files created in opposite orders give the same bytes.
    let files: Vec<(String, String)> = (0..20)
        .map(|i| {
            (
                format!("d{}/f{i}.cpp", i % 3),
                BUG.replace("main", &format!("main{i}")),
            )
        })
        .collect();
    let mut outs = Vec::new();
    for reverse in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let mut order: Vec<&(String, String)> = files.iter().collect();
        if reverse {
            order.reverse();
        }
        for (name, text) in order {
            write(dir.path(), name, text);
        }
        let (_, out, _) = run_limited(
            dir.path(),
            &["--format", "json", "."],
            Duration::from_secs(60),
        );
        outs.push(out);
    }
    assert_eq!(outs[0], outs[1]);
}

/// The findings of a scan as (path, line, rule, message), and its notes as (path, message).
type Findings = Vec<(String, usize, String, String)>;
fn findings_and_notes(outcome: &mapi_lint::ScanOutcome) -> (Findings, Vec<(String, String)>) {
    let findings = outcome
        .findings
        .iter()
        .map(|f| {
            let l = mapi_lint::report::locate(f, &outcome.files);
            (l.path, l.line, l.rule, l.message)
        })
        .collect();
    let notes = outcome
        .notes
        .iter()
        .map(|n| (n.path.clone(), n.message.clone()))
        .collect();
    (findings, notes)
}

#[test]
fn files_that_vanish_or_change_during_the_scan_get_a_note_and_change_no_other_finding() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Kept: a finding of its own, and one across two files (the helper starts, the caller
    // never ends).
    write(d, "keep/own.cpp", BUG);
    write(
        d,
        "keep/helper.cpp",
        "void StartOle() { OleInitialize(NULL); }\n",
    );
    write(
        d,
        "keep/caller.cpp",
        "void StartOle();\nint run() { StartOle(); return 0; }\n",
    );
    // Changed between discovery and reading, each with a finding of its own before.
    let disturbed = [
        "gone.cpp",
        "now_a_dir.cpp",
        "now_binary.cpp",
        "now_too_large.cpp",
        "now_dangling.cpp",
        "gone.rs",
    ];
    for (i, name) in disturbed.iter().enumerate() {
        let text = if name.ends_with(".rs") {
            format!("fn main{i}() {{ OleInitialize(None); }}\n")
        } else {
            BUG.replace("main", &format!("main{i}"))
        };
        write(d, name, text);
    }
    let opts = mapi_lint::ScanOptions {
        max_file_bytes: 4096,
        jobs: 2,
        ..mapi_lint::ScanOptions::new(vec![d.to_path_buf()], mapi_lint::rules::builtin().unwrap())
    };
    let (before, _) = findings_and_notes(&mapi_lint::scan(&opts));
    for name in disturbed {
        assert!(
            before.iter().any(|f| f.0.ends_with(name)),
            "{name} had no finding before: {before:?}"
        );
    }

    let found = mapi_lint::discover_files(&opts);
    assert_eq!(found.candidates.len(), 3 + disturbed.len());
    std::fs::remove_file(d.join("gone.cpp")).unwrap();
    std::fs::remove_file(d.join("gone.rs")).unwrap();
    std::fs::remove_file(d.join("now_a_dir.cpp")).unwrap();
    std::fs::create_dir(d.join("now_a_dir.cpp")).unwrap();
    std::fs::write(d.join("now_binary.cpp"), b"\x7fELF\x00\x00\x01").unwrap();
    std::fs::write(d.join("now_too_large.cpp"), BUG.repeat(200)).unwrap();
    std::fs::remove_file(d.join("now_dangling.cpp")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("nowhere.cpp"), d.join("now_dangling.cpp")).unwrap();
    let (outcome, _) = mapi_lint::scan_discovered(&opts, found);
    let (during, notes) = findings_and_notes(&outcome);
    let note_for = |name: &str| -> String {
        notes
            .iter()
            .filter(|(p, _)| p.ends_with(name))
            .map(|(_, m)| m.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert!(note_for("gone.cpp").contains("cannot be read"), "{notes:?}");
    assert!(note_for("gone.rs").contains("cannot be read"), "{notes:?}");
    assert!(
        note_for("now_a_dir.cpp").contains("not a regular file"),
        "{notes:?}"
    );
    assert!(note_for("now_binary.cpp").contains("binary"), "{notes:?}");
    assert!(
        note_for("now_too_large.cpp").contains("larger than"),
        "{notes:?}"
    );
    #[cfg(unix)]
    assert!(
        note_for("now_dangling.cpp").contains("cannot be read"),
        "{notes:?}"
    );
    assert_eq!(notes.len(), disturbed.len(), "one note each: {notes:?}");
    assert_eq!(outcome.scanned_files(), 3);

    // The other files' findings are those of a scan of the tree without the changed files.
    for name in disturbed {
        let p = d.join(name);
        if p.is_dir() {
            std::fs::remove_dir(p).unwrap();
        } else if std::fs::symlink_metadata(&p).is_ok() {
            std::fs::remove_file(p).unwrap();
        }
    }
    let (without, _) = findings_and_notes(&mapi_lint::scan(&opts));
    assert_eq!(during, without);
    assert_eq!(
        during,
        before
            .into_iter()
            .filter(|f| f.0.contains("keep/"))
            .collect::<Findings>()
    );
    assert!(
        during.iter().any(|f| f.0.ends_with("keep/helper.cpp")),
        "{during:?}"
    );
}

/// Found by the scan_cpp fuzzer (fuzz/regressions/scan_cpp-2.cpp, a timeout): classes whose
/// fields are values of classes with more such fields made the drop sequences grow as
/// fields^depth (3 s of a release build for a 3.6 KB input, before any function was
/// analysed). Each class's sequence is now worked out once and capped. Ten structs of ten
/// fields each, every one with a `Drop`: 10^9 destructor groups the old way.
#[test]
fn nested_field_types_do_not_multiply_drop_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut src = String::from("use windows::Win32::System::Com::*;\n");
    for i in 0..10 {
        src += &format!("struct S{i} {{\n");
        if i < 9 {
            for k in 0..10 {
                src += &format!("    f{k}: S{},\n", i + 1);
            }
        }
        src += &format!(
            "}}\nimpl Drop for S{i} {{\n    fn drop(&mut self) {{ unsafe {{ CoUninitialize() }} }}\n}}\n"
        );
    }
    src += "fn main() {\n    unsafe { CoInitializeEx(None, COINIT_MULTITHREADED).unwrap() };\n    let _s = S0::new();\n}\n";
    write(d, "nested.rs", &src);
    write(
        d,
        "fuzzed.cpp",
        include_str!("../fuzz/regressions/scan_cpp-2.cpp"),
    );
    write(
        d,
        "fuzzed_min.cpp",
        include_str!("../fuzz/regressions/scan_cpp-3.cpp"),
    );
    let (code, stdout, stderr) = run_limited(
        d,
        &["--format", "json", "-j", "1", "."],
        Duration::from_secs(120),
    );
    assert!(code == 0 || code == 1, "{stderr}");
    assert!(!stdout.contains("internal error"), "{stdout}");
}
