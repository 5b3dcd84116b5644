//! Gating pull requests: formats, configuration, suppressions, baseline, `--diff-base` and
//! exit codes, run through the binary on files written to temporary directories.

use std::path::Path;
use std::process::Command;

const EXAMPLE: &str = "testdata/examples/shutdown.cpp";

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mapi-lint"))
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// A temporary project holding a copy of the README example.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE)).unwrap();
    std::fs::write(dir.path().join("shutdown.cpp"), src).unwrap();
    dir
}

fn rules_of(short: &str) -> Vec<String> {
    short
        .lines()
        .filter_map(|l| {
            l.split_once('[')
                .and_then(|(_, r)| r.split_once(']'))
                .map(|(r, _)| r.to_string())
        })
        .collect()
}

#[test]
fn short_github_and_sarif_snapshots() {
    let (code, short, _) = run(&["--format", "short", EXAMPLE]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("short", short);
    let (code, github, _) = run(&["--format", "github", EXAMPLE]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("github", github);
    let (code, sarif, _) = run(&["--format", "sarif", EXAMPLE]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    for r in rules {
        for key in [
            "id",
            "shortDescription",
            "fullDescription",
            "help",
            "defaultConfiguration",
        ] {
            assert!(r.get(key).is_some(), "rule descriptor without {key}: {r}");
        }
    }
    for res in v["runs"][0]["results"].as_array().unwrap() {
        assert!(res["partialFingerprints"]["mapiLint/v1"].is_string());
        assert!(res["relatedLocations"].is_array());
    }
    insta::assert_snapshot!("sarif", sarif.replace(env!("CARGO_PKG_VERSION"), "VERSION"));
}

/// Runs the official SARIF validator (both rule sets) when it is installed.
#[test]
fn sarif_passes_the_official_validator() {
    let have = Command::new("sarif-multitool")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        eprintln!(
            "skipped: `sarif-multitool` is not installed (npm install -g @microsoft/sarif-multitool)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, sarif, _) = run(&["--format", "sarif", EXAMPLE]);
    let file = dir.path().join("out.sarif");
    std::fs::write(&file, sarif).unwrap();
    for extra in [&[][..], &["--rule-kind", "Gh"][..]] {
        let out = Command::new("sarif-multitool")
            .arg("validate")
            .arg(&file)
            .args(extra)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "validator failed {extra:?}:\n{text}");
        assert!(
            !text.contains(": error "),
            "validator errors {extra:?}:\n{text}"
        );
    }
}

#[test]
fn suppressions_used_unused_and_file_level() {
    let dir = project();
    let file = dir.path().join("shutdown.cpp");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text
        .replace(
            "    CHK(lpMDB->Advise(",
            "    // mapi-lint: allow(missing-unadvise) -- the sink lives as long as the process\n    CHK(lpMDB->Advise(",
        )
        .replace("    PumpMessagesUntilQuit();", "    PumpMessagesUntilQuit(); // mapi-lint: allow(use-after-logoff)");
    std::fs::write(
        &file,
        format!("// mapi-lint: allow-file(open-object-at-logoff)\n{text}"),
    )
    .unwrap();
    let (code, short, _) = run_in(dir.path(), &["--format", "short", "."]);
    assert_eq!(code, 1);
    let rules = rules_of(&short);
    assert!(!rules.contains(&"missing-unadvise".to_string()), "{short}");
    assert!(
        !rules.contains(&"open-object-at-logoff".to_string()),
        "{short}"
    );
    assert!(rules.contains(&"unused-suppression".to_string()), "{short}");
    assert!(rules.contains(&"use-after-logoff".to_string()), "{short}");
    let (_, json, _) = run_in(dir.path(), &["--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let reasons: Vec<&str> = v["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["reason"].as_str())
        .collect();
    assert_eq!(reasons, ["the sink lives as long as the process"]);
}

#[test]
fn baseline_survives_edits_and_catches_new_bugs() {
    let dir = project();
    let (code, _, err) = run_in(dir.path(), &["--write-baseline", "baseline.json", "."]);
    assert_eq!(code, 0, "{err}");
    let (code, short, _) = run_in(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "short", "."],
    );
    assert_eq!((code, short.as_str()), (0, ""));
    // Lines inserted above every finding: still clean.
    let file = dir.path().join("shutdown.cpp");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("// one\n// two\n\n{text}")).unwrap();
    let (code, short, _) = run_in(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "short", "."],
    );
    assert_eq!((code, short.as_str()), (0, ""));
    // A new bug is reported.
    std::fs::write(
        dir.path().join("new.cpp"),
        "void Leak(LPMDB lpMDB, LPMAPIADVISESINK s)\n{\n    ULONG c = 0;\n    lpMDB->Advise(0, NULL, fnevNewMail, s, &c);\n}\n",
    )
    .unwrap();
    let (code, short, _) = run_in(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "short", "."],
    );
    assert_eq!(code, 1);
    assert_eq!(rules_of(&short), ["missing-unadvise"], "{short}");
    assert!(short.starts_with("new.cpp:4:"), "{short}");
}

#[test]
fn diff_base_reports_only_changed_lines() {
    let dir = project();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .current_dir(dir.path())
            .args(["-c", "user.email=t@example.com", "-c", "user.name=t"])
            .args(args)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q", "-b", "base"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    git(&["checkout", "-q", "-b", "feature"]);
    let file = dir.path().join("shutdown.cpp");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!("{text}\nvoid Leak(LPMDB lpMDB, LPMAPIADVISESINK s)\n{{\n    ULONG c = 0;\n    lpMDB->Advise(0, NULL, fnevNewMail, s, &c);\n}}\n"),
    )
    .unwrap();
    let (code, short, err) = run_in(
        dir.path(),
        &["--diff-base", "base", "--format", "short", "."],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(rules_of(&short), ["missing-unadvise"], "{short}");
    let (code, _, err) = run_in(dir.path(), &["--diff-base", "no-such-ref", "."]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-ref"), "{err}");
}

#[test]
fn configuration_levels_and_errors() {
    let dir = project();
    let cfg = dir.path().join("mapi-lint.toml");
    std::fs::write(&cfg, "[rules]\nall = \"warn\"\n").unwrap();
    let (code, short, _) = run_in(dir.path(), &["--format", "short", "."]);
    assert_eq!(code, 0, "warnings do not fail: {short}");
    let (code, _, _) = run_in(dir.path(), &["-D", "warnings", "."]);
    assert_eq!(code, 1);
    let (code, short, _) = run_in(
        dir.path(),
        &["-D", "use-after-logoff", "--format", "short", "."],
    );
    assert_eq!(code, 1);
    assert!(short.contains("error[use-after-logoff]"), "{short}");
    // Later flags win.
    let (code, _, _) = run_in(dir.path(), &["-D", "all", "-A", "all", "."]);
    assert_eq!(code, 0);
    std::fs::write(&cfg, "[rules]\nuse-after-logoff = \"allow\"\n").unwrap();
    let (_, short, _) = run_in(dir.path(), &["--format", "short", "."]);
    assert!(!short.contains("use-after-logoff"), "{short}");
    // Exclusion by glob.
    std::fs::write(&cfg, "exclude = [\"shutdown.cpp\"]\n").unwrap();
    let (code, short, _) = run_in(dir.path(), &["--format", "short", "."]);
    assert_eq!((code, short.as_str()), (0, ""));
    // Errors name the key (or rule) and the file; exit status 2.
    std::fs::write(&cfg, "[rules]\nno-such-rule = \"deny\"\n").unwrap();
    let (code, _, err) = run_in(dir.path(), &["."]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no-such-rule") && err.contains("mapi-lint.toml"),
        "{err}"
    );
    std::fs::write(&cfg, "smart_pointer = [\"X\"]\n").unwrap();
    let (code, _, err) = run_in(dir.path(), &["."]);
    assert_eq!(code, 2);
    assert!(
        err.contains("smart_pointer") && err.contains("mapi-lint.toml"),
        "{err}"
    );
    let (code, _, err) = run_in(dir.path(), &["-A", "nope", "--config", "/dev/null", "."]);
    assert_eq!(code, 2);
    assert!(err.contains("nope"), "{err}");
}

#[test]
fn cargo_metadata_configuration_and_project_knowledge() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[package.metadata.mapi-lint]\nsmart-pointers = [\"CMapiPtr\"]\nlogoff-shared-flag = \"require\"\n\n[package.metadata.mapi-lint.check-macros]\nMY_CHECK = \"goto Done\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.cpp"),
        "HRESULT Run()\n{\n    CMapiPtr<IMAPISession> spSession;\n    HRESULT hr = S_OK;\n    MY_CHECK(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_ALLOW_OTHERS, &spSession));\n    spSession->Logoff(0, 0, 0);\nDone:\n    return hr;\n}\n",
    )
    .unwrap();
    let (code, short, err) = run_in(dir.path(), &["--format", "short", "."]);
    assert_eq!(code, 0, "{err}");
    // The smart pointer releases the session (no session-not-released); the check macro makes
    // the failed logon hold nothing (no missing-logoff); the policy asks for the shared flag.
    assert_eq!(rules_of(&short), ["logoff-shared-flag"], "{short}");
}
