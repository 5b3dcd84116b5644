//! Gating pull requests: formats (short, github, sarif, gitlab, junit), configuration,
//! suppressions, baseline, `--diff-base` and exit codes, run through the binary on files
//! written to temporary directories.

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

/// A `<testcase>` of a JUnit report, read back with quick-xml's reader.
#[derive(Debug, Default)]
struct Case {
    classname: String,
    name: String,
    /// `(message, type, body)` of its `<failure>`.
    failure: Option<(String, String, String)>,
}

fn attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes().map(|a| a.unwrap()).find_map(|a| {
        (a.key.as_ref() == key).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .unwrap()
                .into_owned()
        })
    })
}

/// Parses a JUnit report (any XML error fails the test), checks the suites' counts against
/// the test cases and returns the cases.
fn junit_cases(xml: &str) -> Vec<Case> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut cases: Vec<Case> = Vec::new();
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    let mut in_failure = false;
    let mut depth = 0usize;
    let mut saw_decl = false;
    loop {
        let ev = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not XML at {}: {e}\n{xml}", reader.error_position()));
        match &ev {
            Event::Decl(_) => saw_decl = true,
            Event::Start(e) | Event::Empty(e) => {
                if matches!(ev, Event::Start(_)) {
                    depth += 1;
                }
                match e.name().as_ref() {
                    "testsuites" | "testsuite" => counts.push((
                        String::from(e.name().as_ref()),
                        attr(e, "tests").unwrap().parse().unwrap(),
                        attr(e, "failures").unwrap().parse().unwrap(),
                    )),
                    "testcase" => cases.push(Case {
                        classname: attr(e, "classname").expect("testcase without classname"),
                        name: attr(e, "name").expect("testcase without name"),
                        failure: None,
                    }),
                    "failure" => {
                        let case = cases.last_mut().expect("failure outside a testcase");
                        case.failure = Some((
                            attr(e, "message").expect("failure without message"),
                            attr(e, "type").expect("failure without type"),
                            String::new(),
                        ));
                        in_failure = matches!(ev, Event::Start(_));
                    }
                    other => panic!("unexpected element <{other}>"),
                }
            }
            Event::End(e) => {
                depth -= 1;
                if e.name().as_ref() == "failure" {
                    in_failure = false;
                }
            }
            Event::Text(t) if in_failure => {
                let body = &mut cases.last_mut().unwrap().failure.as_mut().unwrap().2;
                body.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
            }
            Event::GeneralRef(r) if in_failure => {
                let body = &mut cases.last_mut().unwrap().failure.as_mut().unwrap().2;
                match r.resolve_char_ref().unwrap() {
                    Some(c) => body.push(c),
                    None => body.push_str(
                        quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                            .expect("unknown entity"),
                    ),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(saw_decl, "no XML declaration");
    assert_eq!(depth, 0, "unclosed elements");
    let names: Vec<&str> = counts.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["testsuites", "testsuite"], "{xml}");
    let failures = cases.iter().filter(|c| c.failure.is_some()).count();
    for (n, tests, fails) in &counts {
        assert_eq!(*tests, cases.len(), "<{n}> tests");
        assert_eq!(*fails, failures, "<{n}> failures");
    }
    cases
}

/// Checks a GitLab Code Quality report's required fields and returns its issues.
fn gitlab_issues(json: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let issues = v
        .as_array()
        .expect("a GitLab report is a JSON array")
        .clone();
    for i in &issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(
                i[key].as_str().is_some_and(|s| !s.is_empty()),
                "issue without {key}: {i}"
            );
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap()),
            "{i}"
        );
        let path = i["location"]["path"]
            .as_str()
            .expect("issue without location.path");
        assert!(!path.starts_with("./") && !path.contains('\\'), "{i}");
        assert!(
            i["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|l| l >= 1),
            "{i}"
        );
    }
    let mut fps: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fps.sort();
    fps.dedup();
    assert_eq!(
        fps.len(),
        issues.len(),
        "GitLab keeps one issue per fingerprint: {json}"
    );
    issues
}

#[test]
fn gitlab_and_junit_snapshots() {
    let (code, gitlab, _) = run(&["--format", "gitlab", EXAMPLE]);
    assert_eq!(code, 1);
    let issues = gitlab_issues(&gitlab);
    assert_eq!(issues.len(), 4);
    assert!(
        issues.iter().all(|i| i["severity"] == "major"),
        "errors are major"
    );
    insta::assert_snapshot!("gitlab", gitlab);
    // The SARIF fingerprints are the GitLab ones.
    let (_, sarif, _) = run(&["--format", "sarif", EXAMPLE]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let sarif_fps: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"]["mapiLint/v1"].as_str().unwrap())
        .collect();
    let gitlab_fps: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(sarif_fps, gitlab_fps);

    let (code, junit, _) = run(&["--format", "junit", EXAMPLE]);
    assert_eq!(code, 1);
    let cases = junit_cases(&junit);
    assert_eq!(cases.len(), 4);
    for (c, i) in cases.iter().zip(&issues) {
        assert_eq!(c.classname, EXAMPLE);
        let (message, kind, body) = c.failure.as_ref().expect("a finding is a failure");
        assert_eq!(message, i["description"].as_str().unwrap());
        assert_eq!(kind, i["check_name"].as_str().unwrap());
        assert_eq!(
            c.name,
            format!("{kind}:{}", i["location"]["lines"]["begin"])
        );
        assert!(
            body.starts_with(&format!("{EXAMPLE}:{}:", i["location"]["lines"]["begin"])),
            "{body}"
        );
    }
    insta::assert_snapshot!("junit", junit);
}

#[test]
fn gitlab_and_junit_escape_text_and_report_no_findings() {
    // No findings: an empty GitLab report, and one passing JUnit test case.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ok.cpp"),
        "int main() { OleInitialize(NULL); OleUninitialize(); return 0; }\n",
    )
    .unwrap();
    let (code, gitlab, _) = run_in(dir.path(), &["--format", "gitlab", "."]);
    assert_eq!(code, 0);
    assert!(gitlab_issues(&gitlab).is_empty(), "{gitlab}");
    let (code, junit, _) = run_in(dir.path(), &["--format", "junit", "."]);
    assert_eq!(code, 0);
    let cases = junit_cases(&junit);
    assert_eq!(cases.len(), 1, "{junit}");
    assert!(cases[0].failure.is_none(), "{junit}");

    // XML's special characters in the path and the message, and the same finding twice in a
    // file (same rule, message and code line): both survive, with distinct fingerprints.
    let dir = tempfile::tempdir().unwrap();
    let file = "we&<\"x>'.cpp";
    let comment = "// mapi-lint: allow(x<&>\"'y)\nint f() { return 0; }\n";
    std::fs::write(dir.path().join(file), comment.repeat(2)).unwrap();
    let message = "`x<&>\"'y` in this suppression is not a mapi-lint rule";
    let (code, gitlab, err) = run_in(dir.path(), &["--format", "gitlab", "."]);
    assert_eq!(code, 0, "{err}");
    let issues = gitlab_issues(&gitlab);
    assert_eq!(issues.len(), 2, "{gitlab}");
    for i in &issues {
        assert_eq!(i["location"]["path"], file);
        assert_eq!(i["description"], message);
        assert_eq!(i["severity"], "minor", "warnings are minor");
    }
    let (_, junit, _) = run_in(dir.path(), &["--format", "junit", "."]);
    let cases = junit_cases(&junit);
    assert_eq!(cases.len(), 2, "{junit}");
    for (c, line) in cases.iter().zip([1, 3]) {
        assert_eq!(c.classname, file);
        assert_eq!(c.name, format!("unused-suppression:{line}"));
        let (m, kind, body) = c.failure.as_ref().unwrap();
        assert_eq!(m, message);
        assert_eq!(kind, "unused-suppression");
        assert!(
            body.starts_with(&format!(
                "{file}:{line}:1: warning[unused-suppression] {message}"
            )),
            "{body}"
        );
    }

    // Fingerprints do not move with the line: the same findings two lines further down.
    let before: Vec<String> = issues
        .iter()
        .map(|i| i["fingerprint"].to_string())
        .collect();
    std::fs::write(dir.path().join(file), format!("\n\n{}", comment.repeat(2))).unwrap();
    let (_, gitlab, _) = run_in(dir.path(), &["--format", "gitlab", "."]);
    let after = gitlab_issues(&gitlab);
    assert_eq!(after[0]["location"]["lines"]["begin"], 3);
    let after: Vec<String> = after.iter().map(|i| i["fingerprint"].to_string()).collect();
    assert_eq!(before, after);
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
