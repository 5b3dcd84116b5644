//! `--format github`: GitHub Actions workflow commands, one annotation per finding.
//! (GitHub shows only the first few annotations of a step; the human report follows them.)

use super::Located;
use crate::rules::Level;

/// Escapes a workflow-command message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn prop(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(located: &[Located]) -> String {
    let mut s = String::new();
    for l in located {
        let kind = match l.severity {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        s.push_str(&format!(
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            prop(&l.path),
            l.line,
            l.column,
            l.end_line,
            l.end_column,
            prop(&format!("mapi-lint({})", l.rule)),
            data(&l.message)
        ));
    }
    s
}
