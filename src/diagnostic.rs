//! Findings: plain data, produced by the engine and rendered by `report`.

use crate::ir::Span;
use crate::rules::Level;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub level: Level,
    pub message: String,
    /// The primary location (see SPEC.md section 3) and its label.
    pub primary: Label,
    /// Secondary labels: the other events involved.
    pub related: Vec<Label>,
    /// For events inside called functions: (function, call site in the caller, API called),
    /// in the order they happen.
    pub chain: Vec<(String, Span, String)>,
}
