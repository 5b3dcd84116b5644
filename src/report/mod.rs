//! Renderers: findings are plain data; each output format lives in its own file.
//! codespan-reporting is used by the human renderer only.

pub mod github;
pub mod gitlab;
pub mod graph;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod short;

use crate::diagnostic::Finding;
use crate::source::SourceFile;

/// A finding resolved to file paths and 1-based lines and columns.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Located {
    pub rule: String,
    pub severity: crate::rules::Level,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub label: String,
    pub related: Vec<LocatedLabel>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct LocatedLabel {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let col = text
        .get(line_start..offset)
        .map(|s| s.chars().count())
        .unwrap_or(offset - line_start)
        + 1;
    (line, col)
}

pub fn locate(f: &Finding, files: &[SourceFile]) -> Located {
    let lab = |span: crate::ir::Span, message: &str| {
        let file = &files[span.file];
        let (line, column) = line_col(&file.text, span.start as usize);
        let (end_line, end_column) = line_col(&file.text, span.end as usize);
        LocatedLabel {
            path: file.display.clone(),
            line,
            column,
            end_line,
            end_column,
            message: message.to_string(),
        }
    };
    let p = lab(f.primary.span, &f.primary.message);
    Located {
        rule: f.rule.clone(),
        severity: f.level,
        path: p.path,
        line: p.line,
        column: p.column,
        end_line: p.end_line,
        end_column: p.end_column,
        message: f.message.clone(),
        label: f.primary.message.clone(),
        related: f.related.iter().map(|l| lab(l.span, &l.message)).collect(),
    }
}
