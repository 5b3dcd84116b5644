//! Checks that need no path exploration: a call with a flag argument (`flagged-call`), and a
//! call reachable through resolved calls from given functions (`reachable-from`).

use super::summary::CallGraph;
use crate::diagnostic::{Finding, Label};
use crate::ir::{Call, Expr, Program, Span};
use crate::rules::{Check, Rule};
use rustc_hash::FxHashMap as HashMap;
use std::collections::VecDeque;

fn names_any(e: &Expr, flags: &[String]) -> Option<String> {
    if let Expr::Name { name, .. } = e {
        let last = name.rsplit("::").next().unwrap_or(name);
        if let Some(f) = flags.iter().find(|f| *f == last) {
            return Some(f.clone());
        }
    }
    e.children().into_iter().find_map(|c| names_any(c, flags))
}

fn fill(template: &str, call: &str, start: &str, handle: &str) -> String {
    template
        .replace("{call}", call)
        .replace("{start}", start)
        .replace("{handle}", handle)
        .replace("{end}", "")
        .replace("{when}", "")
}

/// `calls[f]`: every call of function `f` ([`Program::call_lists`]).
pub fn run(
    program: &Program,
    calls: &[Vec<&Call>],
    graph: &CallGraph,
    rule: &Rule,
) -> Vec<Finding> {
    let m = &rule.model;
    let mut out = Vec::new();
    let finding = |call: &Call, message: String, label: String, related: Vec<Label>| Finding {
        rule: rule.id.clone(),
        level: rule.level,
        message,
        primary: Label {
            span: call.span,
            message: label,
        },
        related,
        chain: Vec::new(),
    };
    match m.check {
        Check::FlaggedCall if m.require_flag => {
            // Project policy: the flag is required once a session allows others to share it.
            let mut shared: Option<Span> = None;
            for f in calls {
                f.iter().for_each(|&c| {
                    if shared.is_none()
                        && m.require_when.iter().any(|p| p.matches(c))
                        && c.args
                            .get(m.require_when_arg)
                            .and_then(|a| names_any(a, &m.require_when_flags))
                            .is_some()
                    {
                        shared = Some(c.span);
                    }
                });
            }
            let Some(logon) = shared else { return out };
            for f in calls {
                f.iter().for_each(|&c| {
                    if m.calls.iter().any(|p| p.matches(c))
                        && c.args
                            .get(m.flag_arg)
                            .and_then(|a| names_any(a, &m.flags))
                            .is_none()
                    {
                        let msg = fill(&m.require_message, c.callee.name(), "", &m.flags[0]);
                        let related = vec![Label {
                            span: logon,
                            message: "the session is logged on to be shared here".into(),
                        }];
                        out.push(finding(
                            c,
                            msg,
                            format!("`{}` without `{}`", c.callee.name(), m.flags[0]),
                            related,
                        ));
                    }
                });
            }
        }
        Check::FlaggedCall => {
            for f in calls {
                f.iter().for_each(|&c| {
                    if m.calls.iter().any(|p| p.matches(c))
                        && let Some(flag) =
                            c.args.get(m.flag_arg).and_then(|a| names_any(a, &m.flags))
                    {
                        let msg = fill(&rule.message, c.callee.name(), "", &flag);
                        out.push(finding(c, msg, format!("`{flag}` passed here"), vec![]));
                    }
                });
            }
        }
        Check::ReachableFrom => {
            // Breadth-first from the named functions; remember how each function was reached.
            let n = program.functions.len();
            let mut via: HashMap<usize, (usize, Span)> = HashMap::default();
            let mut queue: VecDeque<usize> = VecDeque::new();
            let mut seen = vec![false; n];
            for (i, f) in program.functions.iter().enumerate() {
                if m.from.contains(&f.name) {
                    seen[i] = true;
                    queue.push_back(i);
                }
            }
            while let Some(i) = queue.pop_front() {
                let root = {
                    let mut r = i;
                    while let Some(&(p, _)) = via.get(&r) {
                        r = p;
                    }
                    program.functions[r].name.clone()
                };
                calls[i].iter().for_each(|&c| {
                    if m.calls.iter().any(|p| p.matches(c)) {
                        let mut related = Vec::new();
                        let mut r = i;
                        while let Some(&(p, at)) = via.get(&r) {
                            related.push(Label {
                                span: at,
                                message: format!(
                                    "`{}` calls `{}` here",
                                    program.functions[p].qualified_name(),
                                    program.functions[r].qualified_name()
                                ),
                            });
                            r = p;
                        }
                        let msg = fill(&rule.message, c.callee.name(), &root, "");
                        out.push(finding(c, msg, format!("reachable from `{root}`"), related));
                    }
                });
                let mut edges: Vec<(Span, usize)> = graph.edges[i]
                    .iter()
                    .flat_map(|(s, ts)| ts.iter().map(move |&t| (*s, t)))
                    .collect();
                edges.sort();
                for (at, t) in edges {
                    if !seen[t] {
                        seen[t] = true;
                        via.insert(t, (i, at));
                        queue.push_back(t);
                    }
                }
            }
        }
        _ => {}
    }
    out
}
