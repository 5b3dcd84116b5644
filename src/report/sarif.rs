//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning: one run, every rule in
//! `tool.driver.rules`, results with regions, related locations and stable fingerprints.

use super::Located;
use crate::rules::{Level, Rule};
use serde_json::{Value, json};

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
    }
}

fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    p.strip_prefix("./").unwrap_or(&p).to_string()
}

fn location(path: &str, line: usize, col: usize, end_line: usize, end_col: usize) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(path), "uriBaseId": "%SRCROOT%" },
            "region": {
                "startLine": line,
                "startColumn": col,
                "endLine": end_line.max(line),
                "endColumn": if end_line > line || end_col > col { end_col } else { col + 1 },
            }
        }
    })
}

fn rule_descriptor(r: &Rule) -> Value {
    let help = format!(
        "{}\n\nExample:\n{}\n\nUse instead:\n{}",
        r.docs.why.trim(),
        r.docs.example.trim(),
        r.docs.instead.trim()
    );
    json!({
        "id": r.id,
        "name": r.id.split('-').map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        }).collect::<String>(),
        "shortDescription": { "text": r.summary },
        "fullDescription": { "text": r.docs.why.split_whitespace().collect::<Vec<_>>().join(" ") },
        "help": { "text": help.clone(), "markdown": help },
        "defaultConfiguration": { "level": level(r.level) },
        "properties": { "tags": ["mapi", "shutdown", "reliability"], "precision": "high" },
    })
}

/// One result; `fingerprint` is stable across edits (see `gate::fingerprint`).
pub struct Result<'a> {
    pub located: &'a Located,
    pub fingerprint: String,
    /// `Some(reason)` for a finding suppressed in the source.
    pub suppressed: Option<Option<String>>,
}

pub fn render(rules: &[Rule], results: &[Result]) -> String {
    let mut all_rules: Vec<Value> = rules.iter().map(rule_descriptor).collect();
    let meta = json!({
        "id": crate::gate::UNUSED_SUPPRESSION,
        "name": "UnusedSuppression",
        "shortDescription": { "text": "A mapi-lint suppression comment that suppresses nothing" },
        "fullDescription": { "text": "A `// mapi-lint: allow(rule)` comment whose rule reports nothing on that line (or names no rule). Remove it so that suppressions do not rot." },
        "help": { "text": "Remove the comment, or correct the rule name.", "markdown": "Remove the comment, or correct the rule name." },
        "defaultConfiguration": { "level": "warning" },
    });
    all_rules.push(meta);
    let index = |id: &str| all_rules.iter().position(|r| r["id"] == id);
    let results: Vec<Value> = results
        .iter()
        .map(|r| {
            let l = r.located;
            let mut v = json!({
                "ruleId": l.rule,
                "level": level(l.severity),
                "message": { "text": l.message },
                "locations": [location(&l.path, l.line, l.column, l.end_line, l.end_column)],
                "relatedLocations": l.related.iter().enumerate().map(|(i, rl)| {
                    let mut loc = location(&rl.path, rl.line, rl.column, rl.end_line, rl.end_column);
                    loc["id"] = json!(i + 1);
                    loc["message"] = json!({ "text": rl.message });
                    loc
                }).collect::<Vec<_>>(),
                "partialFingerprints": { "mapiLint/v1": r.fingerprint },
            });
            if let Some(i) = index(&l.rule) {
                v["ruleIndex"] = json!(i);
            }
            if let Some(reason) = &r.suppressed {
                let mut s = json!({ "kind": "inSource" });
                if let Some(reason) = reason {
                    s["justification"] = json!(reason);
                }
                v["suppressions"] = json!([s]);
            }
            v
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "mapi-lint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/mapi-lint/mapi-lint",
                    "rules": all_rules,
                }
            },
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The scanned root" } } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
