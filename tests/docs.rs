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
