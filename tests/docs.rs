//! The README's rule table is generated from `rules/`: this test fails when they disagree, and
//! prints the table to paste. Every rule's `explain` text has all its sections.

use mapi_lint::rules;

fn table() -> String {
    let mut s = String::from("| rule | level | summary |\n|---|---|---|\n");
    for r in rules::builtin().unwrap() {
        s.push_str(&format!("| `{}` | {} | {} |\n", r.id, r.level, r.summary));
    }
    s
}

#[test]
fn readme_rule_table_matches_rules_dir() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- rules-table")
        .expect("rules-table marker in README.md");
    let body_start = readme[start..].find('\n').unwrap() + start + 1;
    let end = readme
        .find("<!-- /rules-table -->")
        .expect("end marker in README.md");
    let actual = &readme[body_start..end];
    let expected = table();
    assert_eq!(
        actual, expected,
        "README.md rule table is stale; replace it with:\n{expected}"
    );
}

#[test]
fn explain_has_every_section() {
    for r in rules::builtin().unwrap() {
        let t = mapi_lint::cli::explain_text(&r);
        for section in ["Why is this bad?", "Example", "Use instead"] {
            assert!(t.contains(section), "{}: no `{section}`", r.id);
        }
        assert!(
            r.docs.example.contains("```"),
            "{}: the example has no code block",
            r.id
        );
    }
}

/// The names declared under `section:` (two-space-indented keys) in `action.yml`.
fn action_keys(action: &str, section: &str) -> Vec<String> {
    let mut in_section = false;
    let mut keys = Vec::new();
    for line in action.lines() {
        if !line.starts_with(' ') && !line.is_empty() && !line.starts_with('#') {
            in_section = line.trim_end() == format!("{section}:");
            continue;
        }
        if in_section
            && let Some(key) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':'))
            && !key.starts_with(' ')
        {
            keys.push(key.to_string());
        }
    }
    keys
}

#[test]
fn readme_documents_the_action_and_the_pre_commit_hooks() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let action = std::fs::read_to_string(format!("{root}/action.yml")).unwrap();
    assert!(action.contains("using: composite"));
    assert!(action.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""));
    assert!(action.contains("github/codeql-action/upload-sarif@"));
    let inputs = action_keys(&action, "inputs");
    let outputs = action_keys(&action, "outputs");
    assert!(
        inputs.len() >= 3 && outputs.len() >= 2,
        "{inputs:?} {outputs:?}"
    );
    for key in inputs.iter().chain(&outputs) {
        assert!(
            readme.contains(&format!("`{key}`")),
            "action.yml's `{key}` is not in README.md"
        );
    }
    // The README's workflow is the action, in one `uses:` line.
    assert!(readme.contains("      - uses: mapi-lint/mapi-lint@"));
    let hooks = std::fs::read_to_string(format!("{root}/.pre-commit-hooks.yaml")).unwrap();
    let ids: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.strip_prefix("- id: "))
        .collect();
    assert!(ids.contains(&"mapi-lint"), "{ids:?}");
    for id in ids {
        assert!(
            readme.contains(&format!("`{id}`")),
            "hook `{id}` not in README.md"
        );
    }
    // Whole-program analysis: a hook must not scan only the staged files.
    assert_eq!(
        hooks.matches("pass_filenames: false").count(),
        hooks.matches("- id: ").count()
    );
}
