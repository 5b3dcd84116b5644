//! The testdata harness: every file under `testdata/` is scanned on its own (a directory under
//! `testdata/multi/` is scanned as one program) and its findings must be exactly the
//! `//~ rule-name` markers it carries: a missing finding and an unexpected finding both fail.

use mapi_lint::{ScanOptions, report, rules};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

type Expect = BTreeSet<(String, usize, String)>; // (path, line, rule)

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

fn is_source(p: &Path) -> bool {
    mapi_lint::source::Language::from_path(p).is_some()
}

/// `//~ rule-a rule-b` on a line expects those rules to report on that line.
fn expectations(path: &Path, display: &str) -> Expect {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let mut out = Expect::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(pos) = line.find("//~") {
            for rule in line[pos + 3..]
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|s| !s.is_empty())
            {
                out.insert((display.to_string(), i + 1, rule.to_string()));
            }
        }
    }
    out
}

/// The units of the corpus: single files, and directories under `testdata/multi/`.
fn cases() -> Vec<PathBuf> {
    let root = testdata();
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let e = e.unwrap();
        let p = e.path();
        let rel = p.strip_prefix(&root).unwrap();
        let in_multi = rel.starts_with("multi");
        let multi_case = in_multi && rel.components().count() == 2 && e.file_type().is_dir();
        let single_case = !in_multi && e.file_type().is_file() && is_source(p);
        if multi_case || single_case {
            out.push(p.to_path_buf());
        }
    }
    out
}

fn run_case(case: &Path, rules: &[rules::Rule]) -> (Expect, Expect) {
    // A multi-file case may carry its own `mapi-lint.toml` (configured no-return functions,
    // smart pointers, check macros).
    let config = case.join("mapi-lint.toml");
    let loaded = if config.is_file() {
        mapi_lint::config::Loaded::from_file(&config).unwrap()
    } else {
        mapi_lint::config::Loaded::default()
    };
    let opts = ScanOptions {
        jobs: 1,
        ..ScanOptions::new(vec![case.to_path_buf()], rules.to_vec())
    }
    .configured(&loaded, &[])
    .unwrap();
    let outcome = mapi_lint::scan(&opts);
    let mut expected = Expect::new();
    for f in outcome.files.iter().filter(|f| !f.builtin) {
        expected.extend(expectations(&f.path, &f.display));
    }
    let actual: Expect = outcome
        .findings
        .iter()
        .map(|f| {
            let l = report::locate(f, &outcome.files);
            (l.path, l.line, l.rule)
        })
        .collect();
    (expected, actual)
}

#[test]
fn testdata_expectations_hold_both_ways() {
    let rules = rules::builtin().unwrap();
    let known: BTreeSet<String> = rules.iter().map(|r| r.id.clone()).collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases() {
        let (expected, actual) = run_case(&case, &rules);
        for (p, l, r) in &expected {
            if !known.contains(r) {
                failures.push(format!("{p}:{l}: marker names unknown rule `{r}`"));
            }
        }
        for (p, l, r) in expected.difference(&actual) {
            failures.push(format!("MISSING    {p}:{l}: {r}"));
        }
        for (p, l, r) in actual.difference(&expected) {
            failures.push(format!("UNEXPECTED {p}:{l}: {r}"));
        }
        checked += 1;
    }
    assert!(checked > 0, "no testdata found");
    assert!(
        failures.is_empty(),
        "{} mismatches in {checked} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every rule has at least one buggy case (a marker) and one correct case (a file named
/// `ok_*` in a directory named after the rule) in the corpus.
#[test]
fn every_rule_has_bad_and_ok_cases() {
    let rules = rules::builtin().unwrap();
    let mut markers = BTreeSet::new();
    let mut ok_dirs = BTreeSet::new();
    for e in walkdir::WalkDir::new(testdata()) {
        let e = e.unwrap();
        if !e.file_type().is_file() || !is_source(e.path()) {
            continue;
        }
        for (_, _, r) in expectations(e.path(), "") {
            markers.insert(r);
        }
        if e.file_name().to_string_lossy().starts_with("ok_")
            && let Some(dir) = e.path().parent().and_then(|d| d.file_name())
        {
            ok_dirs.insert(dir.to_string_lossy().to_string());
        }
    }
    let mut missing = Vec::new();
    for r in &rules {
        if !markers.contains(&r.id) {
            missing.push(format!(
                "{}: no buggy case (no `//~ {}` marker in testdata/)",
                r.id, r.id
            ));
        }
        if !ok_dirs.contains(&r.id) {
            missing.push(format!(
                "{}: no correct case (no testdata/*/{}/ok_* file)",
                r.id, r.id
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
