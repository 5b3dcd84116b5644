//! `--format json`: one document, `{"diagnostics": [...], "summary": {...}, "notes": [...]}`.
//! The notes are the per-file ones plus one counting the files skipped for their extension.

use super::Located;
use crate::ScanOutcome;

pub fn render(
    outcome: &ScanOutcome,
    located: &[Located],
    suppressed: &[(Located, Option<String>)],
) -> String {
    let doc = serde_json::json!({
        "version": 1,
        "diagnostics": located,
        "summary": {
            "files_scanned": outcome.scanned_files(),
            "errors": located.iter().filter(|l| l.severity == crate::rules::Level::Error).count(),
            "warnings": located.iter().filter(|l| l.severity == crate::rules::Level::Warning).count(),
        },
        "suppressed": suppressed.iter().map(|(l, reason)| serde_json::json!({"diagnostic": l, "reason": reason})).collect::<Vec<_>>(),
        // The per-file notes, then one about the files left out for their extension.
        "notes": outcome.notes.iter().chain(&outcome.skipped.note()).map(|n| serde_json::json!({"path": n.path, "message": n.message})).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
