//! The call-order graph as plain data, for `mapi-lint graph`: per function, its lifecycle
//! events (API calls of any rule, calls of functions that have events, implicit destructor
//! calls) in control-flow order, "may happen before" edges between them, and call edges from
//! a call event to the callee's first events.

use super::summary::CallGraph;
use crate::graph::{self, CheckMacros, NodeKind};
use crate::ir::{Call, Program, Span};
use crate::rules::{CallPat, Rule};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub label: String,
    pub span: Span,
    /// Calls a scanned function (the edge goes there).
    pub calls: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct FunctionGraph {
    pub index: usize,
    pub name: String,
    pub events: Vec<Event>,
    /// (from event id, to event id): may happen directly before.
    pub order: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct OrderGraph {
    pub functions: Vec<FunctionGraph>,
    /// (call event id, callee function index).
    pub calls: Vec<(String, usize)>,
}

fn patterns(rules: &[Rule]) -> Vec<CallPat> {
    let mut v = Vec::new();
    for r in rules {
        let m = &r.model;
        for res in &m.resources {
            v.extend(res.start.iter().cloned());
            v.extend(res.end.iter().cloned());
        }
        v.extend(m.first.iter().cloned());
        v.extend(m.then.iter().cloned());
        v.extend(m.reset.iter().cloned());
        v.extend(m.report_held_at.iter().cloned());
    }
    v
}

/// Builds the graph of the functions reachable from `entry` (every function with events when
/// `entry` is None).
pub fn build(program: &Program, rules: &[Rule], entry: Option<&str>) -> OrderGraph {
    let api: HashSet<String> = patterns(rules).into_iter().map(|p| p.name).collect();
    let calls = program.call_lists();
    let mut graph = CallGraph::build(program, &calls, &api);
    let pats = patterns(rules);
    let macros = CheckMacros::new(&program.macros);
    let noreturn = super::noreturn::compute(program, &calls, &macros);
    graph.cut_noreturn(program, &noreturn);
    let n = program.functions.len();
    // Functions with events, directly or through callees (fixpoint).
    let mut has = vec![false; n];
    for (i, f) in program.functions.iter().enumerate() {
        f.for_each_call(&mut |c| has[i] |= pats.iter().any(|p| p.matches(c)));
        has[i] |= !graph.dtors[i].is_empty();
    }
    for _ in 0..n.min(64) {
        let mut changed = false;
        for i in 0..n {
            if !has[i] && graph.edges[i].values().flatten().any(|&j| has[j]) {
                has[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut selected: BTreeSet<usize> = BTreeSet::new();
    match entry {
        Some(name) => {
            let mut todo: Vec<usize> = (0..n)
                .filter(|&i| {
                    program.functions[i].name == name
                        || program.functions[i].qualified_name() == name
                })
                .collect();
            while let Some(i) = todo.pop() {
                if selected.insert(i) {
                    todo.extend(
                        graph.edges[i]
                            .values()
                            .flatten()
                            .copied()
                            .filter(|&j| has[j]),
                    );
                    todo.extend(graph.dtors[i].values().flatten().copied());
                    todo.extend(graph.ctors[i].values().flatten().copied());
                }
            }
        }
        None => selected.extend((0..n).filter(|&i| has[i])),
    }
    let mut out = OrderGraph::default();
    for &fi in &selected {
        let f = &program.functions[fi];
        let droppable =
            |name: &str, ty: &str, decl: Span| super::droppable(&graph, fi, f, &[], name, ty, decl);
        let cfg = graph::build(f, &macros, &noreturn, &droppable);
        // Events per CFG node, in evaluation order.
        let mut node_events: HashMap<usize, Vec<Event>> = HashMap::default();
        let mut count = 0;
        for (ni, node) in cfg.nodes.iter().enumerate() {
            let mut calls: Vec<&Call> = Vec::new();
            match &node.kind {
                NodeKind::Eval(e) | NodeKind::Branch(e) => e.calls_in_order(&mut calls),
                NodeKind::Decl { init: Some(e), .. } => e.calls_in_order(&mut calls),
                _ => {}
            }
            let mut evs = Vec::new();
            for c in calls {
                let targets: Vec<usize> = graph.edges[fi]
                    .get(&c.span)
                    .map(|t| t.iter().copied().filter(|&j| has[j]).collect())
                    .unwrap_or_default();
                if pats.iter().any(|p| p.matches(c)) || !targets.is_empty() {
                    count += 1;
                    evs.push(Event {
                        id: format!("f{fi}e{count}"),
                        label: call_label(c),
                        span: c.span,
                        calls: targets,
                    });
                }
            }
            if let NodeKind::Drop { name, decl, at } = &node.kind
                && let Some(t) = graph.dtors[fi].get(decl)
            {
                count += 1;
                evs.push(Event {
                    id: format!("f{fi}e{count}"),
                    label: format!("drop {name}"),
                    span: *at,
                    calls: t.clone(),
                });
            }
            if !evs.is_empty() {
                node_events.insert(ni, evs);
            }
        }
        let mut order = BTreeSet::new();
        for (&ni, evs) in &node_events {
            for w in evs.windows(2) {
                order.insert((w[0].id.clone(), w[1].id.clone()));
            }
            let last = &evs[evs.len() - 1].id;
            // The first events reachable from this node's successors.
            let mut seen = HashSet::default();
            let mut todo: Vec<usize> = cfg.nodes[ni].succ.clone();
            while let Some(m) = todo.pop() {
                if !seen.insert(m) {
                    continue;
                }
                match node_events.get(&m) {
                    Some(next) => {
                        order.insert((last.clone(), next[0].id.clone()));
                    }
                    None => todo.extend(cfg.nodes[m].succ.iter().copied()),
                }
            }
        }
        let mut events: Vec<Event> = node_events.into_values().flatten().collect();
        events.sort_by_key(|e| (e.span.start, e.id.clone()));
        // Number events in source order so the output reads top to bottom.
        let rename: HashMap<String, String> = events
            .iter()
            .enumerate()
            .map(|(k, e)| (e.id.clone(), format!("f{fi}e{}", k + 1)))
            .collect();
        for e in &mut events {
            e.id = rename[&e.id].clone();
        }
        let order: BTreeSet<(String, String)> = order
            .into_iter()
            .map(|(a, b)| (rename[&a].clone(), rename[&b].clone()))
            .collect();
        for e in &events {
            for &t in &e.calls {
                if selected.contains(&t) {
                    out.calls.push((e.id.clone(), t));
                }
            }
        }
        out.functions.push(FunctionGraph {
            index: fi,
            name: f.qualified_name(),
            events,
            order: order.into_iter().collect(),
        });
    }
    out
}

fn call_label(c: &Call) -> String {
    let recv = c.callee.receiver().and_then(|r| r.place_key());
    match recv {
        Some(r) => format!("{r}->{}()", c.callee.name()),
        None => format!("{}()", c.callee.name()),
    }
}
