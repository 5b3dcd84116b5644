//! Renders the call-order graph (`mapi-lint graph`) as Graphviz DOT or Mermaid.

use crate::engine::export::OrderGraph;
use crate::report::line_col;
use crate::source::SourceFile;
use std::collections::HashSet;

fn place(files: &[SourceFile], span: crate::ir::Span) -> String {
    let f = &files[span.file];
    let (line, _) = line_col(&f.text, span.start as usize);
    format!("{}:{line}", f.display)
}

/// The node a call edge points to: the callee's first event, or its placeholder.
fn call_target(g: &OrderGraph, callee: usize) -> Option<String> {
    let target = g.functions.iter().find(|f| f.index == callee)?;
    Some(
        target
            .events
            .first()
            .map(|e| e.id.clone())
            .unwrap_or(format!("f{callee}entry")),
    )
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// `highlight`: spans (file, start) of finding locations.
pub fn dot(g: &OrderGraph, files: &[SourceFile], highlight: &HashSet<(usize, u32)>) -> String {
    let mut s = String::from(
        "digraph call_order {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n",
    );
    for f in &g.functions {
        s.push_str(&format!(
            "  subgraph cluster_f{} {{\n    label=\"{}\";\n",
            f.index,
            esc(&f.name)
        ));
        if f.events.is_empty() {
            s.push_str(&format!(
                "    f{}entry [label=\"(no events)\", shape=plaintext];\n",
                f.index
            ));
        }
        for e in &f.events {
            let hl = highlight.contains(&(e.span.file, e.span.start));
            s.push_str(&format!(
                "    {} [label=\"{}\\n{}\"{}];\n",
                e.id,
                esc(&e.label),
                esc(&place(files, e.span)),
                if hl { ", color=red, penwidth=2" } else { "" }
            ));
        }
        for (a, b) in &f.order {
            s.push_str(&format!("    {a} -> {b};\n"));
        }
        s.push_str("  }\n");
    }
    for (from, callee) in &g.calls {
        if let Some(to) = call_target(g, *callee) {
            s.push_str(&format!(
                "  {from} -> {to} [style=dashed, label=\"calls\"];\n"
            ));
        }
    }
    s.push_str("}\n");
    s
}

pub fn mermaid(g: &OrderGraph, files: &[SourceFile], highlight: &HashSet<(usize, u32)>) -> String {
    let mut s = String::from("flowchart TB\n");
    let mut hl = Vec::new();
    for f in &g.functions {
        s.push_str(&format!(
            "  subgraph f{}[\"{}\"]\n",
            f.index,
            f.name.replace('"', "'")
        ));
        if f.events.is_empty() {
            s.push_str(&format!("    f{}entry[\"(no events)\"]\n", f.index));
        }
        for e in &f.events {
            s.push_str(&format!(
                "    {}[\"{}<br/>{}\"]\n",
                e.id,
                e.label.replace('"', "'"),
                place(files, e.span)
            ));
            if highlight.contains(&(e.span.file, e.span.start)) {
                hl.push(e.id.clone());
            }
        }
        for (a, b) in &f.order {
            s.push_str(&format!("    {a} --> {b}\n"));
        }
        s.push_str("  end\n");
    }
    for (from, callee) in &g.calls {
        if let Some(to) = call_target(g, *callee) {
            s.push_str(&format!("  {from} -. calls .-> {to}\n"));
        }
    }
    if !hl.is_empty() {
        s.push_str("  classDef finding stroke:#d00,stroke-width:3px\n");
        s.push_str(&format!("  class {} finding\n", hl.join(",")));
    }
    s
}
