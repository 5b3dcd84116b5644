//! `--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`), a JSON
//! array of issues with `description`, `check_name`, `fingerprint`, `severity` and
//! `location: {path, lines: {begin, end}}` (the subset of the Code Climate spec GitLab reads).

use super::Located;
use crate::rules::Level;
use serde_json::{Value, json};
use std::collections::HashMap;

/// GitLab's scale is info, minor, major, critical, blocker.
fn severity(l: Level) -> &'static str {
    match l {
        Level::Error => "major",
        Level::Warning => "minor",
    }
}

/// GitLab wants paths relative to the repository root, with forward slashes.
fn path(p: &str) -> String {
    let p = p.replace('\\', "/");
    p.strip_prefix("./").unwrap_or(&p).to_string()
}

/// One issue; `fingerprint` is the baseline's (see `gate::fingerprint`), stable across edits
/// that move the line.
pub struct Issue<'a> {
    pub located: &'a Located,
    pub fingerprint: String,
}

pub fn render(issues: &[Issue]) -> String {
    // GitLab keeps only the first issue of each fingerprint: the same finding twice in one
    // file (same rule, message and code line) gets a distinct, still stable, fingerprint for
    // each later occurrence, numbered in report order.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let doc: Vec<Value> = issues
        .iter()
        .map(|i| {
            let l = i.located;
            let n = seen.entry(i.fingerprint.as_str()).or_default();
            let fingerprint = crate::gate::nth_fingerprint(&i.fingerprint, *n);
            *n += 1;
            json!({
                "description": l.message,
                "check_name": l.rule,
                "fingerprint": fingerprint,
                "severity": severity(l.severity),
                "location": {
                    "path": path(&l.path),
                    "lines": { "begin": l.line, "end": l.end_line.max(l.line) },
                },
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
