//! Path exploration of one function's control-flow graph under one rule's model.

use super::{Ctx, Net, Nets, RuleFacts, STATE_BUDGET};
use crate::diagnostic::{Finding, Label};
use crate::graph::{Cfg, ExitKind, NodeKind};
use crate::ir::{Call, Callee, Expr, Function, Span};
use crate::rules::{CallPat, Check, HandlePos, Rule, Scope};
use rustc_hash::{FxHashMap, FxHashSet as HashSet};

impl Token {
    /// A token with nothing but its resource, start site and start name.
    fn new(res: usize, site: Span, start_name: String) -> Token {
        Token {
            res,
            site,
            via: None,
            start_name,
            handle: None,
            subject: None,
            link: None,
            ended: None,
            root: site,
            derived: false,
            many: false,
            escaped: false,
            awaiting_result: false,
            maybe: false,
            owner: None,
            at: None,
        }
    }
}

/// How a variable linked to a start call relates to that call's success.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Pol {
    /// Holds the HRESULT: success when `SUCCEEDED(v)`, `v == S_OK`, `!v`.
    Hr,
    /// True on success (`f = SUCCEEDED(..)`).
    Ok,
    /// True on failure (`f = FAILED(..)`).
    Fail,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Link {
    /// The result is still the value of the call at this span.
    Call(Span),
    /// The result was stored in this variable.
    Var(String, Pol),
}

/// An event that happened inside a called function: the call (or the implicit constructor or
/// destructor call) in this function, and the name of the function called.
type Via = Option<(Span, String)>;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Token {
    res: usize,
    /// The API call that started it (inside a helper when `via` is set).
    site: Span,
    /// The call of a helper function that started it, in this function.
    via: Via,
    start_name: String,
    handle: Option<String>,
    subject: Option<String>,
    link: Option<Link>,
    /// For use-after-end: where the handle (or its root) was ended.
    ended: Option<Span>,
    root: Span,
    derived: bool,
    many: bool,
    escaped: bool,
    /// The handle is the start call's result, not yet stored anywhere.
    awaiting_result: bool,
    /// Possibly not held (a helper that started it reported failure): never a leak, and an
    /// end of it is never a surplus.
    maybe: bool,
    /// The local holding the guard value whose constructor call started this (Rust
    /// `let g = Guard::new()?;`): when the guard is moved away, so is the responsibility.
    owner: Option<String>,
    /// The last `report-at` call on the handle (a `Logoff`): a leak is located there.
    at: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Assumption {
    key: String,
    value: bool,
    vars: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
struct State {
    tokens: Vec<Token>,
    assumptions: Vec<Assumption>,
    /// A branch on a member or global was taken on this path (an end under it is guarded).
    guarded: bool,
    /// Order checks: where the `first` event happened on this path (and through which call).
    mark: Option<(Span, Via)>,
    /// Locals moved away on this path (Rust): nothing happens when they go out of scope.
    moved: Vec<String>,
}

/// A call standing for an implicit constructor or destructor call at `span`.
fn synthetic_call(name: &str, span: Span) -> Call {
    Call {
        callee: Callee::Function {
            name: name.to_string(),
            path: name.to_string(),
        },
        args: vec![],
        span,
        name_span: span,
    }
}

/// A start whose handle is not a local of the function (a member field or a global): its end
/// is looked for in the owner (the class family, or the whole program).
#[derive(Debug, Clone)]
pub(crate) struct NonLocal {
    pub rule: String,
    pub function: usize,
    pub site: Span,
    pub handle: String,
    pub start_name: String,
}

pub(crate) struct Result {
    pub net: Vec<(String, Net)>,
    pub findings: Vec<Finding>,
    pub nonlocal: Vec<NonLocal>,
    pub approximate: bool,
}

struct Interp<'a> {
    ctx: &'a Ctx<'a>,
    rule: &'a Rule,
    facts: &'a RuleFacts,
    fi: usize,
    f: &'a Function,
    locals: &'a HashSet<&'a str>,
    /// Order rules: the conditions worth remembering (`order_relevant_conditions`); `None`:
    /// every tested condition.
    relevant: Option<HashSet<String>>,
    /// Per resource: is this function judged at its exit / at an unmatched end.
    judged_exit: Vec<bool>,
    judged_end: Vec<bool>,
    findings: Vec<Finding>,
    nonlocal: Vec<NonLocal>,
    /// Rust: the declaration of each local (for `drop(x)`), and the locals that are cloned
    /// (their drop is not the last reference going away: never guessed to release).
    decl_of: &'a FxHashMap<String, Span>,
    /// Declared type of each local (C/C++; empty when not written).
    decl_types: &'a FxHashMap<String, String>,
    shared: &'a HashSet<String>,
    /// Net effects of the functions analysed so far (callees come first).
    nets: &'a Nets,
    /// Set while applying a callee's guarded end: nothing held is then no surplus.
    quiet_end: bool,
    /// How many branches test each side-effect-free condition: only a condition tested twice
    /// (or assigned a constant and tested) can correlate, so only those are remembered.
    tested: &'a FxHashMap<String, usize>,
    /// This function's net effects, by resource label.
    net: Vec<(String, Net)>,
}

/// Rust locals whose value is shared: `.clone()`/`.cast()` on them, `Arc::clone(&x)`, and
/// locals built from a shared value or a clone (a `Logon` holding a cloned `Arc`). Dropping
/// them is never taken to be the last reference going away.
fn shared_locals(f: &Function) -> HashSet<String> {
    let mut out = HashSet::default();
    f.for_each_call(&mut |c| match &c.callee {
        Callee::Method { receiver, name, .. } if matches!(name.as_str(), "clone" | "cast") => {
            out.extend(receiver.place_key());
        }
        Callee::Function { name, path } if name == "clone" && path != "clone" => {
            out.extend(c.args.first().and_then(arg_place));
        }
        _ => {}
    });
    fn shares(e: &Expr, shared: &HashSet<String>) -> bool {
        match e {
            Expr::Name { name, .. } => shared.contains(name),
            Expr::Call(c) if matches!(c.callee.name(), "clone" | "cast") => true,
            _ => e.children().into_iter().any(|x| shares(x, shared)),
        }
    }
    let mut decls = Vec::new();
    let mut blocks = vec![&f.body];
    while let Some(b) = blocks.pop() {
        for s in &b.stmts {
            if let crate::ir::Stmt::Decl {
                name,
                init: Some(init),
                ..
            } = s
            {
                decls.push((name, init));
            }
            blocks.extend(s.blocks());
        }
    }
    for _ in 0..3 {
        for (name, init) in &decls {
            if shares(init, &out) {
                out.insert(name.to_string());
            }
        }
    }
    out
}

/// What every rule's analysis of one function needs and no rule changes: its locals, their
/// declarations and types, the conditions its branches test and where they are still live.
/// Built once per function, shared by the rules analysing it.
pub(crate) struct FnFacts<'a> {
    locals: HashSet<&'a str>,
    decl_of: FxHashMap<String, Span>,
    decl_types: FxHashMap<String, String>,
    shared: HashSet<String>,
    branch_keys: Vec<Vec<String>>,
    live: LiveConditions,
    tested: FxHashMap<String, usize>,
}

impl<'a> FnFacts<'a> {
    pub(crate) fn new(f: &'a Function, cfg: &Cfg) -> FnFacts<'a> {
        // The conditions each branch tests: the whole condition and, for `a && b` / `a || b`,
        // each operand.
        let branch_keys: Vec<Vec<String>> = cfg
            .nodes
            .iter()
            .map(|n| match &n.kind {
                NodeKind::Branch(c) => {
                    let mut keys: Vec<String> = pure_key(&purify(c))
                        .map(|(k, _, _)| k)
                        .into_iter()
                        .collect();
                    let mut leaves = Vec::new();
                    logic_leaves(c, &mut leaves);
                    if leaves.len() > 1 {
                        keys.extend(
                            leaves
                                .iter()
                                .filter_map(|l| pure_key(&purify(l)).map(|(k, _, _)| k)),
                        );
                    }
                    keys
                }
                _ => Vec::new(),
            })
            .collect();
        let live = LiveConditions::new(cfg, &branch_keys);
        let tested = branch_keys
            .iter()
            .flatten()
            .fold(FxHashMap::default(), |mut m, k| {
                *m.entry(k.clone()).or_insert(0) += 1;
                m
            });
        FnFacts {
            locals: f.locals().into_iter().collect(),
            decl_of: super::summary::local_decls(f),
            decl_types: super::summary::local_types(f),
            shared: if f.drops_locals {
                shared_locals(f)
            } else {
                HashSet::default()
            },
            branch_keys,
            live,
            tested,
        }
    }
}

pub(crate) fn analyse(
    ctx: &Ctx,
    rule: &Rule,
    facts: &RuleFacts,
    nets: &Nets,
    fi: usize,
    cfg: &Cfg,
    fnf: &FnFacts,
) -> Result {
    let f = &ctx.program.functions[fi];
    let entry = super::summary::is_entry_point(f);
    // A function called by another is judged through its callers (its net effect is applied
    // there); an entry point, or a root that both starts and ends, is judged at its exits; any
    // function is judged where the program has no opposite call at all.
    // DllMain dispatches separate invocations (attach, detach): its starts and ends pair across
    // calls, never within one.
    let called = (ctx.graph.called[fi] && !entry) || f.name == "DllMain";
    // Starts and ends of this function: its own API calls, and its callees' net effects
    // (a callee that balances its own start and end contributes neither).
    let own = |ri: usize, starts: bool| -> bool {
        let res = &rule.model.resources[ri];
        let pats = if starts { &res.start } else { &res.end };
        let direct = ctx.calls[fi]
            .iter()
            .any(|c| pats.iter().any(|p| p.matches(c)));
        direct
            || ctx.graph.edges[fi]
                .values()
                .chain(ctx.graph.ctors[fi].values())
                .chain(ctx.graph.dtors[fi].values())
                .flatten()
                .any(|&t| {
                    ctx.visible(t, fi)
                        .then(|| nets.get(&(t, res.label.clone())))
                        .flatten()
                        .is_some_and(|n| {
                            if starts {
                                n.start.is_some()
                            } else {
                                n.end.is_some()
                            }
                        })
                })
    };
    let roles: Vec<bool> = (0..facts.resources.len())
        .map(|ri| !called && ((own(ri, true) && own(ri, false)) || entry))
        .collect();
    let role_of = |r: &super::ResourceFacts| {
        roles[facts
            .resources
            .iter()
            .position(|x| std::ptr::eq(x, r))
            .unwrap_or(0)]
    };
    // Per resource: are this function's exits judged (a start still held is a finding), and
    // are its surplus end calls judged.
    let judged_exit = facts
        .resources
        .iter()
        .map(|r| !r.program_has_end || role_of(r))
        .collect();
    let judged_end = facts
        .resources
        .iter()
        .map(|r| !r.program_has_start || role_of(r))
        .collect();
    let (branch_keys, live) = (&fnf.branch_keys, &fnf.live);
    let mut it = Interp {
        ctx,
        rule,
        facts,
        fi,
        f,
        locals: &fnf.locals,
        relevant: (rule.model.check == Check::Order)
            .then(|| order_relevant_conditions(ctx, rule, facts, fi, cfg, branch_keys)),
        judged_exit,
        judged_end,
        findings: Vec::new(),
        nonlocal: Vec::new(),
        decl_of: &fnf.decl_of,
        decl_types: &fnf.decl_types,
        nets,
        quiet_end: false,
        net: Vec::new(),
        tested: &fnf.tested,
        shared: &fnf.shared,
    };
    // The states explored, by fingerprint: two independent 64-bit hashes of (node, state).
    // Keeping the states themselves cost more than exploring them (cloning and freeing their
    // strings); a false match needs both hashes to collide, which at the state budget has a
    // probability far below 2^-90.
    let mut seen: HashSet<(u64, u64)> = HashSet::default();
    let mut start = it.initial_state();
    // Globals: constructed before an entry point runs, destroyed (in reverse) after it exits.
    let globals: Vec<(Span, String)> = if entry {
        ctx.program
            .globals
            .iter()
            .map(|g| (g.span, g.name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    for (span, name) in &globals {
        if let Some(targets) = ctx.graph.ctors[fi].get(span) {
            it.apply_targets(targets, &synthetic_call(name, *span), false, &mut start);
        }
    }
    let mut conditions: Vec<Option<Condition>> = (0..cfg.nodes.len()).map(|_| None).collect();
    let mut stack = vec![(cfg.entry, start)];
    let mut approximate = false;
    while let Some((n, st)) = stack.pop() {
        if seen.len() >= STATE_BUDGET {
            approximate = true;
            break;
        }
        let mut st = st;
        live.prune(n, &mut st.assumptions);
        if !seen.insert(fingerprint(n, &st)) {
            continue;
        }
        let node = &cfg.nodes[n];
        match &node.kind {
            NodeKind::Nop | NodeKind::Choice => {
                for &s in node.succ.iter().rev() {
                    stack.push((s, st.clone()));
                }
            }
            NodeKind::Eval(e) => {
                let mut st = st;
                it.eval(e, &mut st);
                // Rust: a local evaluated alone (a returned value, `Ok(x)`) is moved out.
                let mut value = e;
                while let Expr::Other { children, .. } = value
                    && children.len() == 1
                {
                    value = &children[0];
                }
                if f.drops_locals
                    && let Expr::Name { name, .. } = value
                {
                    it.moved_into(name, None, &mut st);
                }
                it.settle(&mut st);
                for &s in &node.succ {
                    stack.push((s, st.clone()));
                }
            }
            NodeKind::Decl {
                name, init, span, ..
            } => {
                let mut st = st;
                if let Some(e) = init {
                    it.eval(e, &mut st);
                }
                let place = Expr::Name {
                    name: name.clone(),
                    span: *span,
                };
                it.assign(&place, init.as_ref(), &mut st);
                // A local of class type: its constructor runs here, its destructor at exit.
                if let Some(targets) = ctx.graph.ctors[fi].get(span) {
                    let call = synthetic_call(name, *span);
                    it.apply_targets(targets, &call, false, &mut st);
                }
                it.settle(&mut st);
                for &s in &node.succ {
                    stack.push((s, st.clone()));
                }
            }
            NodeKind::Drop { name, decl, at } => {
                let mut st = st;
                it.drop_local(name, *decl, *at, false, &mut st);
                for &s in &node.succ {
                    stack.push((s, st.clone()));
                }
            }
            NodeKind::Branch(cond) => {
                let mut st = st;
                it.eval(cond, &mut st);
                for (dir, s) in [(true, node.succ[0]), (false, node.succ[1])] {
                    let c = conditions[n].get_or_insert_with(|| it.condition(cond));
                    if let Some(next) = it.branch(cond, c, dir, st.clone()) {
                        stack.push((s, next));
                    }
                }
            }
            // A no-return call ends the process or thread: nothing is judged there.
            NodeKind::Exit {
                kind: ExitKind::NoReturn,
                ..
            } => {}
            NodeKind::Exit { kind, value, span } => {
                let mut st = st;
                for (decl, name) in globals.iter().rev() {
                    it.drop_local(name, *decl, *decl, false, &mut st);
                }
                it.exit(*kind, value.as_ref(), *span, &st);
            }
        }
    }
    Result {
        net: it.net,
        findings: it.findings,
        nonlocal: it.nonlocal,
        approximate,
    }
}

/// For an order rule (`first` then `then`), the conditions whose correlation can matter: those
/// tested by a branch with a node that may set or clear the `first` mark between the branch
/// and the point where its arms meet again (its immediate post-dominator).
///
/// Why the others can be forgotten: an assumption only removes paths. A path that takes
/// `if (k)` one way and a later `if (k)` the other way is infeasible, but when neither test of
/// `k` has a mark change in its arms, the mark along it is the mark along the feasible path
/// that takes the first test the other way, and every `then` call it reaches with the mark
/// set is reached by a feasible path with the same mark. So it adds no finding, and a long
/// list of independent option flags (`if (opt_sendmail)` ... `if (opt_sendmail)`) no longer
/// multiplies the paths.
fn order_relevant_conditions(
    ctx: &Ctx,
    rule: &Rule,
    facts: &RuleFacts,
    fi: usize,
    cfg: &Cfg,
    branch_keys: &[Vec<String>],
) -> HashSet<String> {
    let m = &rule.model;
    let graph = &ctx.graph;
    let marks_target = |t: &usize| facts.first_site[*t].is_some() || facts.reset_site[*t].is_some();
    // A call in function `g`: a `first`/`reset` call itself, or a call of a helper reaching one.
    let marks_call = |g: usize, c: &Call| {
        m.first.iter().chain(&m.reset).any(|p| p.matches(c))
            || graph.edges[g]
                .get(&c.span)
                .is_some_and(|ts| ts.iter().any(marks_target))
    };
    let marks_expr = |e: &Expr| {
        let mut calls = Vec::new();
        e.calls_in_order(&mut calls);
        calls.into_iter().any(|c| marks_call(fi, c))
    };
    // Nodes that may change the mark: calls, constructors, and drops that run a destructor
    // or a scope guard's lambda.
    let event: Vec<bool> = cfg
        .nodes
        .iter()
        .map(|n| match &n.kind {
            NodeKind::Eval(e) | NodeKind::Branch(e) => marks_expr(e),
            NodeKind::Decl { init, span, .. } => {
                init.as_ref().is_some_and(marks_expr)
                    || graph.ctors[fi]
                        .get(span)
                        .is_some_and(|ts| ts.iter().any(marks_target))
            }
            NodeKind::Drop { decl, .. } => {
                let guard = graph.guards[fi].get(decl).is_some_and(|&g| {
                    marks_target(&g) || ctx.calls[g].iter().any(|c| marks_call(g, c))
                });
                let dtor = graph.decl_class[fi]
                    .get(decl)
                    .and_then(|c| graph.drop_seq.get(c))
                    .is_some_and(|seq| seq.iter().flatten().any(marks_target));
                guard || dtor
            }
            NodeKind::Nop | NodeKind::Choice | NodeKind::Exit { .. } => false,
        })
        .collect();
    let mut relevant = HashSet::default();
    if !event.iter().any(|&e| e) {
        return relevant;
    }
    let ipdom = immediate_post_dominators(cfg);
    let mut seen = vec![usize::MAX; cfg.nodes.len()];
    for (b, node) in cfg.nodes.iter().enumerate() {
        if branch_keys[b].is_empty() || branch_keys[b].iter().all(|k| relevant.contains(k)) {
            continue;
        }
        // The arms' region: reachable from the successors without passing the meeting point.
        let stop = ipdom[b];
        let mut stack: Vec<usize> = node.succ.clone();
        let mut found = false;
        while let Some(n) = stack.pop() {
            if Some(n) == stop || seen[n] == b {
                continue;
            }
            seen[n] = b;
            if event[n] {
                found = true;
                break;
            }
            stack.extend(&cfg.nodes[n].succ);
        }
        if found {
            relevant.extend(branch_keys[b].iter().cloned());
        }
    }
    relevant
}

/// Each node's immediate post-dominator (Cooper, Harvey and Kennedy's iterative algorithm on
/// the reversed graph, from a virtual node after every exit). `None` when it is only the
/// virtual exit, or when the node reaches no exit.
fn immediate_post_dominators(cfg: &Cfg) -> Vec<Option<usize>> {
    let n = cfg.nodes.len();
    let exit = n;
    let is_sink = |i: usize| cfg.nodes[i].succ.is_empty();
    // Successors in the reversed graph: a node's predecessors; the virtual exit's are sinks.
    let mut rsucc: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    for (i, node) in cfg.nodes.iter().enumerate() {
        for &s in &node.succ {
            rsucc[s].push(i);
        }
        if is_sink(i) {
            rsucc[exit].push(i);
        }
    }
    // Postorder of the reversed graph from the virtual exit (iterative DFS).
    let mut order = Vec::with_capacity(n + 1);
    let mut visited = vec![false; n + 1];
    let mut stack = vec![(exit, 0usize)];
    visited[exit] = true;
    while let Some((v, i)) = stack.pop() {
        if let Some(&w) = rsucc[v].get(i) {
            stack.push((v, i + 1));
            if !visited[w] {
                visited[w] = true;
                stack.push((w, 0));
            }
        } else {
            order.push(v);
        }
    }
    let mut po = vec![usize::MAX; n + 1];
    for (i, &v) in order.iter().enumerate() {
        po[v] = i;
    }
    const UNDEF: usize = usize::MAX;
    let mut idom = vec![UNDEF; n + 1];
    idom[exit] = exit;
    let intersect = |idom: &[usize], mut a: usize, mut b: usize| {
        while a != b {
            while po[a] < po[b] {
                a = idom[a];
            }
            while po[b] < po[a] {
                b = idom[b];
            }
        }
        a
    };
    let mut changed = true;
    while changed {
        changed = false;
        for &v in order.iter().rev() {
            if v == exit {
                continue;
            }
            // Predecessors in the reversed graph: the node's successors (and the exit).
            let preds = cfg.nodes[v]
                .succ
                .iter()
                .copied()
                .chain(is_sink(v).then_some(exit));
            let mut new = UNDEF;
            for p in preds {
                if idom[p] == UNDEF {
                    continue;
                }
                new = if new == UNDEF {
                    p
                } else {
                    intersect(&idom, p, new)
                };
            }
            if new != UNDEF && idom[v] != new {
                idom[v] = new;
                changed = true;
            }
        }
    }
    (0..n)
        .map(|v| (idom[v] != UNDEF && idom[v] != exit).then_some(idom[v]))
        .collect()
}

/// A branch condition, worked out once: its null test, its side-effect-free key (text,
/// truth relative to the text, variables read), whether it reads a member or global, and the
/// operands that taking it true (`fixed[0]`) or false (`fixed[1]`) fixes.
struct Condition {
    null_test: Option<(String, bool)>,
    whole: Option<PureKey>,
    on_member: bool,
    fixed: [Vec<Option<PureKey>>; 2],
}

/// A side-effect-free condition's canonical text, its truth relative to that text, and the
/// variables it reads.
type PureKey = (String, bool, Vec<String>);

/// Two independent hashes of a (node, state) pair: foldhash (its quality variant, with a fixed
/// seed) and FxHash, two unrelated constructions, both deterministic across runs. SipHash in
/// place of foldhash was about 2% of a run: the derived `Hash` makes many small writes.
fn fingerprint(node: usize, st: &State) -> (u64, u64) {
    use std::hash::BuildHasher;
    let fold = foldhash::quality::FixedState::with_seed(0x6d61_7069_6c69_6e74).hash_one((node, st));
    let fx = rustc_hash::FxBuildHasher.hash_one((node, st));
    (fold, fx)
}

/// Which tested conditions may still be tested on some path from each node (a backward
/// liveness over the graph). An assumption about a condition that no later branch tests can
/// change nothing, so it is dropped: paths that differ only in such assumptions are one state.
struct LiveConditions {
    index: rustc_hash::FxHashMap<String, usize>,
    words: usize,
    live: Vec<Vec<u64>>,
}

impl LiveConditions {
    fn new(cfg: &Cfg, branch_keys: &[Vec<String>]) -> LiveConditions {
        let mut index = rustc_hash::FxHashMap::default();
        for k in branch_keys.iter().flatten() {
            let next = index.len();
            index.entry(k.clone()).or_insert(next);
        }
        let words = index.len().div_ceil(64);
        let mut live: Vec<Vec<u64>> = branch_keys
            .iter()
            .map(|keys| {
                let mut set = vec![0u64; words];
                for k in keys {
                    let i = index[k];
                    set[i / 64] |= 1 << (i % 64);
                }
                set
            })
            .collect();
        if words > 0 {
            let mut preds: Vec<Vec<usize>> = vec![Vec::new(); cfg.nodes.len()];
            for (n, node) in cfg.nodes.iter().enumerate() {
                for &s in &node.succ {
                    preds[s].push(n);
                }
            }
            let mut work: Vec<usize> = (0..cfg.nodes.len()).collect();
            let mut queued = vec![true; cfg.nodes.len()];
            while let Some(s) = work.pop() {
                queued[s] = false;
                for &p in &preds[s] {
                    let mut changed = false;
                    let from = live[s].clone();
                    for (to, w) in live[p].iter_mut().zip(from) {
                        changed |= *to | w != *to;
                        *to |= w;
                    }
                    if changed && !std::mem::replace(&mut queued[p], true) {
                        work.push(p);
                    }
                }
            }
        }
        LiveConditions { index, words, live }
    }

    /// Drops the assumptions about conditions no path from `node` tests again.
    fn prune(&self, node: usize, assumptions: &mut Vec<Assumption>) {
        if self.words == 0 {
            assumptions.clear();
            return;
        }
        let set = &self.live[node];
        assumptions.retain(|a| {
            self.index
                .get(&a.key)
                .is_none_or(|&i| set[i / 64] & (1 << (i % 64)) != 0)
        });
    }
}

/// Strips pass-through wrappers: logging macros (`EC_H(x)`, `WC_MAPI(x)`: all-caps names)
/// return their argument's value.
fn is_passthrough(c: &Call) -> bool {
    match &c.callee {
        Callee::Function { name, .. } => {
            name.len() > 1
                && name
                    .chars()
                    .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
                && !matches!(
                    name.as_str(),
                    "FAILED" | "SUCCEEDED" | "HR_FAILED" | "HR_SUCCEEDED"
                )
                && !c.args.is_empty()
        }
        _ => false,
    }
}

/// Does `cond` being false prove that `t` holds nothing (every conjunct false means failure of
/// its start, or its handle null)?
fn nothing_if_false(cond: &Expr, t: &Token) -> bool {
    match cond {
        Expr::Binary { op, lhs, rhs, .. } if op == "&&" => {
            nothing_if_false(lhs, t) && nothing_if_false(rhs, t)
        }
        _ => {
            let failed = t
                .link
                .as_ref()
                .is_some_and(|l| implies(cond, false, l) == Some(false));
            let null = pure_key(cond)
                .is_some_and(|(k, v, _)| v && t.handle.as_deref() == Some(k.as_str()));
            failed || null
        }
    }
}

/// `p.is_null()` -> (p, true): the condition is true when `p` is null; `!p.is_null()`,
/// `p.is_some()` -> (p, false).
fn null_test(e: &Expr) -> Option<(String, bool)> {
    match e {
        Expr::Unary { op, expr, .. } if op == "!" => null_test(expr).map(|(k, w)| (k, !w)),
        Expr::Call(c) => match &c.callee {
            Callee::Method { receiver, name, .. } if c.args.is_empty() => match name.as_str() {
                "is_null" | "is_none" => Some((receiver.place_key()?, true)),
                "is_some" => Some((receiver.place_key()?, false)),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// `LPSPropValue`, `SPropValue *`, `LPVOID`, `auto` (unknown: assumed a pointer).
fn looks_like_pointer(ty: &str) -> bool {
    let t = ty.trim();
    t.is_empty()
        || t.contains('*')
        || t.starts_with("LP")
        || t.starts_with("auto")
        || (t.starts_with('P') && t[1..].starts_with(|c: char| c.is_ascii_uppercase()))
}

/// The owner of a token whose guard was moved into the call at `call`.
fn pending_owner(call: Span) -> String {
    format!("<moved into {}:{}>", call.file, call.start)
}

/// Fills a message template.
fn fill(template: &str, start: &str, end: &str, call: &str, handle: &str, when: &str) -> String {
    template
        .replace("{start}", start)
        .replace("{end}", end)
        .replace("{call}", call)
        .replace("{handle}", handle)
        .replace("{when}", when)
}

/// `FAILED(x)`, `SUCCEEDED(x)`: tests of a result, which hand nothing over.
fn is_test(c: &Call) -> bool {
    matches!(
        fn_name(c),
        Some("FAILED" | "SUCCEEDED" | "HR_FAILED" | "HR_SUCCEEDED")
    )
}

fn fn_name(c: &Call) -> Option<&str> {
    match &c.callee {
        Callee::Function { name, .. } => Some(name),
        _ => None,
    }
}

/// How `x` relates to the success of the start linked by `link`.
fn relate(x: &Expr, link: &Link) -> Option<Pol> {
    if let Link::Var(k, pol) = link
        && x.place_key().as_deref() == Some(k.as_str())
    {
        return Some(*pol);
    }
    match x {
        Expr::Assign { lhs, rhs, op, .. } if op == "=" => {
            relate(rhs, link).or_else(|| relate(lhs, link))
        }
        Expr::Call(c) => {
            if let Link::Call(s) = link
                && c.span == *s
            {
                return Some(Pol::Hr);
            }
            // Rust: `r.is_ok()`, `r.is_err()`, and adapters that keep success (`r.ok()`).
            if let Callee::Method { receiver, name, .. } = &c.callee {
                return match name.as_str() {
                    "is_ok" | "is_some" => (relate(receiver, link)? == Pol::Hr).then_some(Pol::Ok),
                    "is_err" | "is_none" => {
                        (relate(receiver, link)? == Pol::Hr).then_some(Pol::Fail)
                    }
                    "ok" | "map_err" | "context" | "with_context" | "map" | "and_then" => {
                        relate(receiver, link)
                    }
                    _ => None,
                };
            }
            match fn_name(c) {
                Some("FAILED" | "HR_FAILED") if c.args.len() == 1 => {
                    (relate(&c.args[0], link)? == Pol::Hr).then_some(Pol::Fail)
                }
                Some("SUCCEEDED" | "HR_SUCCEEDED") if c.args.len() == 1 => {
                    (relate(&c.args[0], link)? == Pol::Hr).then_some(Pol::Ok)
                }
                // Conversions that keep success: `HRESULT::from_win32(x)`, `HRESULT(x)`.
                Some("from_win32" | "from_hresult" | "HRESULT" | "HRESULT_FROM_WIN32" | "from") => {
                    c.args.iter().find_map(|a| relate(a, link))
                }
                _ if is_passthrough(c) => c.args.iter().find_map(|a| relate(a, link)),
                _ => None,
            }
        }
        Expr::Unary { op, expr, .. } if op == "!" => match relate(expr, link)? {
            Pol::Ok => Some(Pol::Fail),
            Pol::Fail => Some(Pol::Ok),
            // `!hr` is true when hr == S_OK.
            Pol::Hr => Some(Pol::Ok),
        },
        Expr::Name { .. } | Expr::Field { .. } => match link {
            Link::Var(k, pol) if x.place_key().as_deref() == Some(k.as_str()) => Some(*pol),
            _ => None,
        },
        _ => None,
    }
}

fn is_success_const(e: &Expr) -> bool {
    let t = match e {
        Expr::Name { name, .. } => name.as_str(),
        Expr::Lit { text, .. } => text.as_str(),
        _ => return false,
    };
    matches!(
        t,
        "S_OK"
            | "hrSuccess"
            | "erSuccess"
            | "MAPI_E_SUCCESS"
            | "NOERROR"
            | "NO_ERROR"
            | "ERROR_SUCCESS"
            | "SUCCESS_SUCCESS"
            | "0"
            | "0L"
    )
}

/// HRESULT error codes by their naming convention (`E_FAIL`, `RPC_E_CHANGED_MODE`,
/// `MAPI_E_NOT_FOUND`, `CO_E_NOTINITIALIZED`).
fn is_failure_const(e: &Expr) -> bool {
    match e {
        Expr::Name { name, .. } => {
            name.starts_with("E_") || name.contains("_E_") || name.starts_with("HRESULT_FROM_WIN32")
        }
        Expr::Call(c) => c.callee.name() == "HRESULT_FROM_WIN32",
        _ => false,
    }
}

fn bool_const(e: &Expr) -> Option<bool> {
    let t = match e {
        Expr::Name { name, .. } => name.as_str(),
        Expr::Lit { text, .. } => text.as_str(),
        _ => return None,
    };
    match t {
        "TRUE" | "true" | "1" => Some(true),
        "FALSE" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Given that `cond` evaluated to `dir`, did the linked start succeed (`Some(true)`), fail
/// (`Some(false)`), or is it unknown?
fn implies(cond: &Expr, dir: bool, link: &Link) -> Option<bool> {
    match cond {
        Expr::Unary { op, expr, .. } if op == "!" && relate(cond, link).is_none() => {
            implies(expr, !dir, link)
        }
        Expr::Binary { op, lhs, rhs, .. } if op == "&&" => {
            if dir {
                implies(lhs, true, link).or_else(|| implies(rhs, true, link))
            } else {
                None
            }
        }
        Expr::Binary { op, lhs, rhs, .. } if op == "||" => {
            if !dir {
                implies(lhs, false, link).or_else(|| implies(rhs, false, link))
            } else {
                None
            }
        }
        Expr::Binary { op, lhs, rhs, .. } => {
            let (pol, other, op) = match (relate(lhs, link), relate(rhs, link)) {
                (Some(p), _) => (p, rhs.as_ref(), op.clone()),
                (None, Some(p)) => (p, lhs.as_ref(), flip_cmp(op)),
                _ => return None,
            };
            match pol {
                // `hr == RPC_E_CHANGED_MODE`: equal to an error code means the call failed.
                Pol::Hr if is_failure_const(other) => match op.as_str() {
                    "==" if dir => Some(false),
                    "!=" if !dir => Some(false),
                    _ => None,
                },
                Pol::Hr if is_success_const(other) => match op.as_str() {
                    "==" => Some(dir),
                    "!=" => Some(!dir),
                    "<" => Some(!dir),
                    ">=" => Some(dir),
                    _ => None,
                },
                Pol::Ok | Pol::Fail => {
                    let c = bool_const(other)?;
                    let v = match op.as_str() {
                        "==" => {
                            if dir {
                                c
                            } else {
                                !c
                            }
                        }
                        "!=" => {
                            if dir {
                                !c
                            } else {
                                c
                            }
                        }
                        _ => return None,
                    };
                    Some(if pol == Pol::Ok { v } else { !v })
                }
                _ => None,
            }
        }
        _ => match relate(cond, link)? {
            Pol::Hr => Some(!dir),
            Pol::Ok => Some(dir),
            Pol::Fail => Some(!dir),
        },
    }
}

fn flip_cmp(op: &str) -> String {
    match op {
        "<" => ">",
        ">" => "<",
        "<=" => ">=",
        ">=" => "<=",
        o => o,
    }
    .to_string()
}

/// A canonical text for a side-effect-free condition, its truth value relative to that text,
/// and the variables it reads; `None` for conditions with calls or assignments.
fn pure_key(cond: &Expr) -> Option<(String, bool, Vec<String>)> {
    match cond {
        Expr::Unary { op, expr, .. } if op == "!" => {
            pure_key(expr).map(|(k, v, vars)| (k, !v, vars))
        }
        Expr::Binary { op, lhs, rhs, .. } if (op == "!=" || op == "==") && is_null(rhs) => {
            pure_key(lhs).map(|(k, v, vars)| (k, if op == "!=" { v } else { !v }, vars))
        }
        Expr::Call(c) if matches!(fn_name(c), Some("FAILED")) && c.args.len() == 1 => {
            let (k, v, vars) = pure_key(&c.args[0])?;
            Some((format!("SUCCEEDED({k})"), !v, vars))
        }
        _ => {
            let mut vars = Vec::new();
            let text = render(cond, &mut vars)?;
            Some((text, true, vars))
        }
    }
}

/// The condition as a later test would read it: `FAILED(hr = Call())` reads as `FAILED(hr)`.
fn purify(e: &Expr) -> Expr {
    match e {
        Expr::Assign { lhs, op, .. } if op == "=" => (**lhs).clone(),
        Expr::Call(c)
            if matches!(fn_name(c), Some("FAILED" | "SUCCEEDED")) && c.args.len() == 1 =>
        {
            let mut c2 = (**c).clone();
            c2.args[0] = purify(&c.args[0]);
            Expr::Call(Box::new(c2))
        }
        Expr::Unary { op, expr, span } => Expr::Unary {
            op: op.clone(),
            expr: Box::new(purify(expr)),
            span: *span,
        },
        Expr::Binary { op, lhs, rhs, span } => Expr::Binary {
            op: op.clone(),
            lhs: Box::new(purify(lhs)),
            rhs: Box::new(purify(rhs)),
            span: *span,
        },
        _ => e.clone(),
    }
}

fn is_null(e: &Expr) -> bool {
    match e {
        Expr::Name { name, .. } => matches!(name.as_str(), "NULL" | "nullptr" | "FALSE" | "false"),
        Expr::Lit { text, .. } => {
            matches!(text.as_str(), "0" | "NULL" | "nullptr" | "false" | "FALSE")
        }
        _ => false,
    }
}

fn render(e: &Expr, vars: &mut Vec<String>) -> Option<String> {
    Some(match e {
        Expr::Name { name, .. } => {
            vars.push(name.clone());
            name.clone()
        }
        Expr::Field { .. } | Expr::Deref { .. } => {
            let k = e.place_key()?;
            vars.push(k.clone());
            k
        }
        Expr::Lit { text, .. } => text.clone(),
        Expr::Unary { op, expr, .. } => format!("{op}{}", render(expr, vars)?),
        Expr::Binary { op, lhs, rhs, .. } => {
            format!("({} {op} {})", render(lhs, vars)?, render(rhs, vars)?)
        }
        Expr::Call(c)
            if matches!(fn_name(c), Some("SUCCEEDED" | "FAILED")) && c.args.len() == 1 =>
        {
            format!("{}({})", c.callee.name(), render(&c.args[0], vars)?)
        }
        _ => return None,
    })
}

/// The place an argument designates for a handle position: `&x` and `x` both designate `x`.
/// kopano's smart pointers hand out their slot with `&~p` (release, then take the address).
fn strip_release_op(e: &Expr) -> &Expr {
    match e {
        Expr::Unary { op, expr, .. } if op == "~" => expr,
        _ => e,
    }
}

fn arg_place(e: &Expr) -> Option<String> {
    match e {
        Expr::AddrOf { expr, .. } => strip_release_op(expr).place_key(),
        Expr::Call(c) if is_passthrough(c) || c.callee.name() == "IID_PPV_ARGS" => {
            c.args.iter().find_map(arg_place)
        }
        _ => e.place_key(),
    }
}

fn handle_of(c: &Call, pos: HandlePos) -> Option<String> {
    match pos {
        HandlePos::None => None,
        HandlePos::Receiver => c.callee.receiver().and_then(|r| r.place_key()),
        HandlePos::LastArg | HandlePos::LastArgOrResult => c.args.last().and_then(arg_place),
        HandlePos::Arg(i) => c.args.get(i).and_then(arg_place),
    }
}

/// Places written through `&x` arguments (out parameters).
fn out_places(c: &Call) -> Vec<String> {
    let mut v = Vec::new();
    for a in &c.args {
        match a {
            Expr::AddrOf { expr, .. } => v.extend(strip_release_op(expr).place_key()),
            Expr::Call(inner) if inner.callee.name() == "IID_PPV_ARGS" => {
                v.extend(out_places(inner))
            }
            _ => {}
        }
    }
    v
}

/// Does `e` mention the place `key` (as a value or by address)?
fn mentions(e: &Expr, key: &str) -> bool {
    if e.place_key().as_deref() == Some(key) {
        return true;
    }
    e.children().into_iter().any(|c| mentions(c, key))
}

/// Does the argument `e` hand over the place `key` itself (`x`, `&x`, `(T)x`, `x + 1`), as
/// opposed to merely containing a nested call that mentions it (handled at that call)?
fn passes(e: &Expr, key: &str) -> bool {
    match e {
        _ if e.place_key().as_deref() == Some(key) => true,
        // `list.begin()`, `alloc.as_ptr()`: a method of the handle hands its content on.
        Expr::Call(c)
            if c.callee.receiver().and_then(|r| r.place_key()).as_deref() == Some(key) =>
        {
            true
        }
        // A nested call is judged at that call; a field of the handle is not the handle.
        Expr::Call(_) | Expr::Assign { .. } | Expr::Field { .. } => false,
        _ => e.children().into_iter().any(|c| passes(c, key)),
    }
}

fn is_local_key(key: &str) -> bool {
    !key.contains('.') && !key.starts_with('*')
}

impl Interp<'_> {
    /// For use-after-end: a handle this function ends (a session parameter or member that is
    /// logged off here) is tracked from the function's start, so objects obtained from it
    /// before the end are known to come from it.
    fn initial_state(&self) -> State {
        let mut st = State::default();
        if self.rule.model.member_objects {
            self.members_held(&mut st);
        }
        if self.rule.model.check != Check::UseAfterEnd {
            return st;
        }
        for (ri, r) in self.rule.model.resources.iter().enumerate() {
            if r.scope != Scope::Handle {
                continue;
            }
            for c in self.ctx.calls[self.fi].iter().copied() {
                let Some(p) = r.end.iter().find(|p| p.matches(c)) else {
                    continue;
                };
                let Some(h) = handle_of(c, p.handle) else {
                    continue;
                };
                if st
                    .tokens
                    .iter()
                    .any(|t| t.handle.as_deref() == Some(h.as_str()))
                {
                    continue;
                }
                st.tokens.push(Token {
                    handle: Some(h),
                    root: c.span,
                    ..Token::new(ri, self.f.span, String::new())
                });
            }
        }
        st.tokens.sort();
        st
    }

    /// Members released in this method but opened in another method of its class family are
    /// held when the method starts (its `Logoff` before their release is then a finding,
    /// located at the call that opened them).
    fn members_held(&self, st: &mut State) {
        let Some(class) = &self.f.class else { return };
        let program = self.ctx.program;
        let family = super::summary::same_dir(
            program,
            self.f.span.file,
            self.ctx.families.functions(class),
        );
        let field_of = |h: &str| h.rsplit('.').next().unwrap_or(h).to_string();
        for (ri, r) in self.model().resources.iter().enumerate() {
            if r.scope != Scope::Handle {
                continue;
            }
            let mut released = Vec::new();
            self.f.for_each_call(&mut |c| {
                if let Some(p) = r.end.iter().find(|p| p.matches(c))
                    && let Some(h) = handle_of(c, p.handle)
                    && !(is_local_key(&h) && self.locals.contains(h.as_str()))
                    && !self.f.params.contains(&h)
                    && !released.contains(&h)
                {
                    released.push(h);
                }
            });
            for h in released {
                let field = field_of(&h);
                let mut opened: Option<(Span, String)> = None;
                for g in family.iter().map(|&gi| &program.functions[gi]) {
                    g.for_each_call(&mut |c| {
                        if opened.is_none()
                            && let Some(p) = r.start.iter().find(|p| p.matches(c))
                            && handle_of(c, p.handle).is_some_and(|k| {
                                field_of(&k) == field && !g.locals().contains(&k.as_str())
                            })
                        {
                            opened = Some((c.span, c.callee.name().to_string()));
                        }
                    });
                }
                if let Some((site, name)) = opened {
                    st.tokens.push(Token {
                        handle: Some(h),
                        escaped: true,
                        ..Token::new(ri, site, name)
                    });
                }
            }
        }
        st.tokens.sort();
    }

    /// A local goes out of scope (`explicit` false) or is dropped explicitly at `at`.
    fn drop_local(&mut self, name: &str, decl: Span, at: Span, explicit: bool, st: &mut State) {
        if let Some(i) = st.moved.iter().position(|m| m == name) {
            st.moved.remove(i);
            return;
        }
        // A scope guard runs its lambda here.
        if let Some(&closure) = self.ctx.graph.guards[self.fi].get(&decl) {
            let mut calls = Vec::new();
            self.ctx.program.functions[closure].for_each_call(&mut |c| calls.push(c));
            for c in calls {
                self.call(c, st);
            }
            return;
        }
        if self.shared.contains(name) {
            return;
        }
        let (released_by_drop, check) = (self.model().released_by_drop, self.model().check);
        let smart = self.smart_local(name);
        let releases = match released_by_drop {
            crate::rules::DropRelease::Never => false,
            crate::rules::DropRelease::SmartPointers => smart,
            crate::rules::DropRelease::Always => smart || self.f.drops_locals,
        };
        if releases {
            self.released(name, at, &format!("`{name}` dropped here"), st);
        }
        if check == Check::Order
            && (smart || self.f.drops_locals)
            && !st.moved.iter().any(|m| m == name)
            && self.mapi_typed(name)
        {
            let what = if self.f.drops_locals {
                format!("drop({name})")
            } else {
                let ty = self.decl_types.get(name).cloned().unwrap_or_default();
                let head = ty.split('<').next().unwrap_or("").trim();
                let dtor = head.rsplit("::").next().unwrap_or(head).to_string();
                format!("{name}.~{dtor}")
            };
            self.order_then(at, None, &what, st);
        }
        // The destructor, then the fields' drops, in order (so their order is checked).
        let graph = &self.ctx.graph;
        if let Some(seq) = graph.decl_class[self.fi]
            .get(&decl)
            .and_then(|c| graph.drop_seq.get(c))
        {
            let call = synthetic_call(name, at);
            for group in seq {
                self.apply_targets(group, &call, true, st);
            }
        }
        if self.leaks() && !self.rule.model.subject_release.is_empty() {
            self.subject_released(name, at, &format!("`{name}` dropped here"), !explicit, st);
        }
    }

    /// The handle `h` is released at `at` (an explicit release or the drop of its local): for
    /// `release-while-held` rules a token still held is a finding; otherwise it ends.
    fn released(&mut self, h: &str, at: Span, how: &str, st: &mut State) {
        let held: Vec<Token> = st
            .tokens
            .iter()
            .filter(|t| t.handle.as_deref() == Some(h))
            .cloned()
            .collect();
        if held.is_empty() {
            return;
        }
        st.tokens.retain(|t| t.handle.as_deref() != Some(h));
        if self.model().release_while_held.is_empty() {
            return;
        }
        // A copy went elsewhere (`if let Some(s) = &session`): that copy may be ended.
        for t in held.into_iter().filter(|t| !t.escaped && !t.maybe) {
            let end = self.end_name(t.res);
            let msg = self.message(&t.start_name, &end, &t.start_name, h, "");
            let verb = self.model().resources[t.res].verb.clone();
            let mut related = vec![Label {
                span: at,
                message: format!("{how} without `{end}`"),
            }];
            if let Some((v, who)) = &t.via {
                related.insert(
                    0,
                    Label {
                        span: *v,
                        message: format!("`{who}` runs here and calls `{}`", t.start_name),
                    },
                );
            }
            self.report(
                Label {
                    span: t.site,
                    message: format!("`{h}` {verb} here"),
                },
                msg,
                related,
            );
        }
    }

    /// A call of a helper that hands out a fresh handle starts it here (located at the API
    /// call inside the helper, with this call as the way there).
    fn helper_starts(&mut self, c: &Call, st: &mut State) {
        let Some(targets) = self.ctx.graph.edges[self.fi].get(&c.span) else {
            return;
        };
        for (ri, rf) in self.facts.resources.iter().enumerate() {
            let Some(&(site, how)) = targets.iter().find_map(|&t| rf.hands_out[t].as_ref()) else {
                continue;
            };
            let who = self.ctx.program.functions[targets[0]].qualified_name();
            let start_name = self.model().resources[ri]
                .start
                .first()
                .map(|p| p.name.clone())
                .unwrap_or_default();
            let (handle, awaiting_result, link) = match how {
                super::HandOut::Result => (None, true, None),
                super::HandOut::Param(k) => match c.args.get(k).and_then(arg_place) {
                    Some(h) => (Some(h), false, Some(Link::Call(c.span))),
                    None => continue,
                },
            };
            if let Some(h) = &handle {
                // Written through this function's own parameter: its caller's.
                let root = h.trim_start_matches('*');
                if self.f.params.iter().any(|p| p == root) {
                    continue;
                }
                st.tokens
                    .retain(|t| t.handle.as_deref() != Some(h.as_str()));
            }
            st.tokens.push(Token {
                via: Some((c.span, who)),
                handle,
                link,
                awaiting_result,
                ..Token::new(ri, site, start_name)
            });
            st.tokens.sort();
        }
    }

    /// A free function or macro that, by its name or its `#define`, releases what it is given
    /// (`SAFE_RELEASE(p)`, `SafeRelease(p)`, `FreeSession(s)`): never a borrower.
    fn releasing_function(&self, name: &str) -> bool {
        const WORDS: &[&str] = &[
            "release", "free", "close", "destroy", "delete", "cleanup", "logoff", "logout",
            "reset", "clear", "dispose", "unref", "uninit", "deinit", "shutdown",
        ];
        let lower = name.to_ascii_lowercase();
        WORDS.iter().any(|w| lower.contains(w))
            || self
                .ctx
                .program
                .macros
                .iter()
                .any(|m| m.name == name && (m.body.contains("Release") || m.body.contains("Free")))
    }

    /// Is the local `name` a smart pointer held by value?
    fn smart_local(&self, name: &str) -> bool {
        self.decl_types
            .get(name)
            .is_some_and(|t| super::summary::is_smart_pointer(t, &self.ctx.smart_pointers))
    }

    /// Is the local or member `name` declared with one of the `then-on-types` types (through
    /// a pointer or smart pointer)?
    fn mapi_typed(&self, name: &str) -> bool {
        let types = &self.model().then_on_types;
        if types.is_empty() {
            return false;
        }
        let ty = self.decl_types.get(name).cloned().or_else(|| {
            let field = name.rsplit(['.', '>']).next().unwrap_or(name);
            let class = self.f.class.as_ref()?;
            let k = self.ctx.program.classes.iter().find(|k| &k.name == class)?;
            let i = k.fields.iter().position(|x| x == field)?;
            k.field_types.get(i).cloned()
        });
        // Rust: `Option<IMAPISession>` holds a session too.
        let ty = ty.map(|t| {
            let t = t.replace(' ', "");
            let t = t.as_str();
            t.strip_prefix("Option<")
                .and_then(|r| r.strip_suffix('>'))
                .unwrap_or(t)
                .to_string()
        });
        ty.and_then(|t| super::summary::receiver_class(&t))
            .is_some_and(|c| types.contains(&c))
    }

    /// The object `subject` is released at `at`: registrations on it still active are reported.
    /// With `own_only` (an implicit drop: one reference going away at scope end), only
    /// registrations whose connection is this function's own plain local count.
    fn subject_released(&mut self, subject: &str, at: Span, how: &str, own_only: bool, st: &State) {
        let held: Vec<Token> = st
            .tokens
            .iter()
            .filter(|t| t.subject.as_deref() == Some(subject))
            .filter(|t| {
                !own_only
                    || (!t.escaped
                        && t.handle
                            .as_deref()
                            .is_some_and(|h| is_local_key(h) && self.locals.contains(h)))
            })
            .cloned()
            .collect();
        for t in held {
            let when = format!("before `{subject}` is released");
            self.report_held(&t, &t.start_name.clone(), &when, at, how);
        }
    }

    /// Reports a registration (or buffer) `t` still held when `at` happens (`how` says what).
    fn report_held(&mut self, t: &Token, call: &str, when: &str, at: Span, how: &str) {
        let h = t.handle.clone().unwrap_or_default();
        let msg = self.message(&t.start_name, &self.end_name(t.res), call, &h, when);
        let verb = self.model().resources[t.res].verb.clone();
        self.report(
            Label {
                span: t.site,
                message: format!("`{}` {verb} here", t.start_name),
            },
            msg,
            vec![Label {
                span: at,
                message: format!("{how} while `{h}` is still {verb}"),
            }],
        );
    }

    /// Does this rule report starts that are still held (leak or pairing)?
    fn leaks(&self) -> bool {
        matches!(self.rule.model.check, Check::Leak | Check::Pairing)
    }

    fn record_net(&mut self, label: String, start: Option<Span>, end: Option<Span>, guarded: bool) {
        match self.net.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => {
                if end.is_some() {
                    n.end_guarded = if n.end.is_some() {
                        n.end_guarded && guarded
                    } else {
                        guarded
                    };
                }
                n.start = n.start.or(start);
                n.end = n.end.or(end);
            }
            None => self.net.push((
                label,
                Net {
                    start,
                    end,
                    end_guarded: end.is_some() && guarded,
                },
            )),
        }
    }

    fn model(&self) -> &crate::rules::Model {
        &self.rule.model
    }

    fn message(&self, start: &str, end: &str, call: &str, handle: &str, when: &str) -> String {
        fill(&self.rule.message, start, end, call, handle, when)
    }

    fn end_name(&self, res: usize) -> String {
        self.model().resources[res]
            .end
            .first()
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }

    /// The start calls of a resource, for messages where the exact one is not known; written
    /// to sit inside backticks: "CoInitialize` or `CoInitializeEx".
    fn start_name(&self, res: usize) -> String {
        let mut names: Vec<&str> = self.model().resources[res]
            .start
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        names.dedup();
        names.join("` or `")
    }

    fn report(&mut self, primary: Label, message: String, related: Vec<Label>) {
        self.findings.push(Finding {
            rule: self.rule.id.clone(),
            level: self.rule.level,
            message,
            primary,
            related,
            chain: Vec::new(),
        });
    }

    fn eval(&mut self, e: &Expr, st: &mut State) {
        match e {
            Expr::Call(c) => {
                for ch in e.children() {
                    self.eval(ch, st);
                }
                self.call(c, st);
            }
            Expr::Assign { lhs, rhs, op, .. } => {
                self.eval(rhs, st);
                for ch in lhs.children() {
                    self.eval(ch, st);
                }
                let rhs = (op == "=").then_some(rhs.as_ref());
                self.assign(lhs, rhs, st);
            }
            _ => {
                for ch in e.children() {
                    self.eval(ch, st);
                }
            }
        }
    }

    /// `lhs = rhs` (or a declaration, or a write through an out parameter when `rhs` is None
    /// and `lhs` is the place).
    fn assign(&mut self, lhs: &Expr, rhs: Option<&Expr>, st: &mut State) {
        let Some(key) = lhs.place_key() else { return };
        self.kill(&key, st);
        let Some(rhs) = rhs else { return };
        // `sp = nullptr;` empties a smart pointer: its end of scope releases nothing.
        if self.rule.model.check == Check::Order && is_null(rhs) && self.smart_local(&key) {
            self.moved(&key, st);
        }
        // `f = TRUE;`, `p = NULL;`: later tests of `f` / `p` take the known branch.
        let known = if is_null(rhs) {
            Some(false)
        } else {
            bool_const(rhs)
        };
        if let Some(value) = known
            && st.assumptions.len() < 16
            && self.tested.contains_key(&key)
            && self.relevant.as_ref().is_none_or(|r| r.contains(&key))
        {
            st.assumptions.push(Assumption {
                key: key.clone(),
                value,
                vars: vec![key.clone()],
            });
            st.assumptions.sort();
        }
        // Link a start's result to the variable that stores it.
        for t in st.tokens.iter_mut() {
            if let Some(l @ Link::Call(_)) = &t.link
                && let Some(pol) = relate(rhs, l)
            {
                t.link = Some(Link::Var(key.clone(), pol));
            }
        }
        // A start whose handle is its result (`let conn = store.Advise(..)?;`).
        for t in st.tokens.iter_mut() {
            if t.handle.is_none()
                && t.awaiting_result
                && rhs.as_call().is_some_and(|c| {
                    c.span == t.site || t.via.as_ref().is_some_and(|(v, _)| *v == c.span)
                })
            {
                t.handle = Some(key.clone());
                t.awaiting_result = false;
            }
        }
        for t in st.tokens.iter_mut() {
            if t.via
                .as_ref()
                .is_some_and(|(v, _)| rhs.as_call().is_some_and(|c| c.span == *v))
            {
                t.owner = Some(key.clone());
            }
            // A guard moved into this call now belongs to the value it built (`Logon::new(init)`).
            if let Some(c) = rhs.as_call()
                && t.owner.as_deref() == Some(pending_owner(c.span).as_str())
            {
                t.owner = Some(key.clone());
            }
        }

        if let Expr::Name { name: src, .. } = rhs {
            // `let x = ?1;` (the value of a `?`): the temporary's handle is now `x`.
            if src.starts_with('?') {
                for t in st.tokens.iter_mut() {
                    if t.handle.as_deref() == Some(src.as_str()) {
                        t.handle = Some(key.clone());
                    }
                    if t.owner.as_deref() == Some(src.as_str()) {
                        t.owner = Some(key.clone());
                    }
                }
            }
            if self.f.drops_locals {
                // `let y = x;`: y owns what x's guard started.
                for t in st.tokens.iter_mut() {
                    if t.owner.as_deref() == Some(src.as_str()) {
                        t.owner = Some(key.clone());
                    }
                }
                self.moved(src, st);
            }
        }
        // A start whose result is stored outside the function (`list->ses = Login();`,
        // `m_pSession = Connect();`) is owned by that object now.
        // A guard whose value is shared (cloned Arc): its last drop cannot be seen. Either way
        // what it started is only maybe held here: never a leak, and ending it is no surplus.
        if !(is_local_key(&key) && self.locals.contains(key.as_str())) || self.shared.contains(&key)
        {
            for t in st.tokens.iter_mut() {
                if t.owner.as_deref() == Some(key.as_str()) {
                    t.maybe = true;
                    t.owner = None;
                }
            }
        }
        match self.model().check {
            Check::Leak | Check::Pairing => {
                // A connection copied elsewhere has escaped this function's responsibility.
                for t in st.tokens.iter_mut() {
                    if let Some(h) = &t.handle
                        && passes(rhs, h)
                    {
                        t.escaped = true;
                    }
                }
            }
            Check::UseAfterEnd => {
                // `p2 = p1;` aliases a tracked object.
                if let Some(src) = rhs.place_key()
                    && let Some(t) = st
                        .tokens
                        .iter()
                        .find(|t| t.handle.as_deref() == Some(src.as_str()))
                        .cloned()
                {
                    st.tokens.push(Token {
                        handle: Some(key),
                        ..t
                    });
                    st.tokens.sort();
                }
            }
            _ => {}
        }
    }

    /// The place `key` is overwritten: forget what was known about its old value.
    fn kill(&self, key: &str, st: &mut State) {
        st.assumptions.retain(|a| !a.vars.iter().any(|v| v == key));
        st.tokens.retain(|t| t.handle.as_deref() != Some(key));
        for t in st.tokens.iter_mut() {
            if matches!(&t.link, Some(Link::Var(k, _)) if k == key) {
                t.link = None;
            }
            if t.subject.as_deref() == Some(key) {
                t.subject = None;
            }
        }
    }

    /// Rust: `name` no longer owns its value here.
    /// `into`: the call the value moves into (its result may take ownership), or None when
    /// the value leaves the function (returned).
    fn moved_into(&self, name: &str, into: Option<Span>, st: &mut State) {
        // A guard moved away takes what it started with it.
        let is_guard = self
            .decl_of
            .get(name)
            .is_some_and(|d| self.ctx.graph.dtors[self.fi].contains_key(d));
        if is_guard {
            match into {
                Some(call) => {
                    for t in st.tokens.iter_mut() {
                        if t.owner.as_deref() == Some(name) {
                            t.owner = Some(pending_owner(call));
                        }
                    }
                }
                None => st.tokens.retain(|t| t.owner.as_deref() != Some(name)),
            }
        }
        self.moved(name, st);
    }

    /// Tokens whose guard moved into a call whose result nobody kept went with it.
    fn settle(&self, st: &mut State) {
        st.tokens.retain(|t| {
            !t.owner
                .as_deref()
                .is_some_and(|o| o.starts_with("<moved into "))
        });
    }

    fn moved(&self, name: &str, st: &mut State) {
        if self.decl_of.contains_key(name)
            && !st.moved.iter().any(|m| m == name)
            && st.moved.len() < 32
        {
            st.moved.push(name.to_string());
            st.moved.sort();
        }
    }

    fn call(&mut self, c: &Call, st: &mut State) {
        if self.f.drops_locals {
            let is_drop = matches!(&c.callee, Callee::Function { name, .. } if name == "drop")
                && c.args.len() == 1;
            if is_drop {
                // `drop(x)`: x is dropped here, and not again at the end of its scope.
                if let Some(x) = c.args[0].place_key()
                    && !st.moved.contains(&x)
                {
                    // A parameter has no declaration here (no destructor is looked up).
                    let decl = self.decl_of.get(&x).copied().unwrap_or(self.f.span);
                    self.drop_local(&x, decl, c.span, true, st);
                    self.moved(&x, st);
                }
                return;
            }
            // Values passed by value move into the callee (tests of a result do not).
            for a in c.args.iter().filter(|_| !is_test(c)) {
                if let Expr::Name { name, .. } = a {
                    self.moved_into(name, Some(c.span), st);
                }
            }
        }
        let outs = out_places(c);
        let model = &self.rule.model;
        let check = model.check;
        // Derivation for use-after-end: out parameters of calls on (or with) a live tracked
        // object are objects obtained from it.
        let parent = if check == Check::UseAfterEnd && model.derive {
            let recv = c.callee.receiver().and_then(|r| r.place_key());
            let args: Vec<String> = c.args.iter().filter_map(|a| a.place_key()).collect();
            st.tokens
                .iter()
                .find(|t| {
                    t.ended.is_none()
                        && t.handle
                            .as_ref()
                            .is_some_and(|h| recv.as_ref() == Some(h) || args.contains(h))
                })
                .cloned()
        } else {
            None
        };
        // Uses after end are judged before the call's own effects.
        if check == Check::UseAfterEnd {
            self.check_use(c, st);
        }
        for o in &outs {
            self.kill(o, st);
        }
        if let Some(p) = parent {
            // Out parameters receive the objects; in Rust the result is the object.
            let mut targets: Vec<Option<String>> = outs.iter().cloned().map(Some).collect();
            if targets.is_empty() && self.f.drops_locals && c.callee.receiver().is_some() {
                targets.push(None);
            }
            for o in targets {
                let awaiting_result = o.is_none();
                st.tokens.push(Token {
                    site: c.span,
                    via: None,
                    handle: o,
                    subject: None,
                    link: Some(Link::Call(c.span)),
                    derived: true,
                    ended: None,
                    escaped: false,
                    awaiting_result,
                    maybe: false,
                    owner: None,
                    many: false,
                    ..p.clone()
                });
            }
            st.tokens.sort();
        }
        let resources = &model.resources;
        let mut matched = false;
        for (ri, r) in resources.iter().enumerate() {
            if let Some(p) = r.start.iter().find(|p| p.matches(c)) {
                matched = true;
                self.start(ri, r.scope, c, p, None, c.span, st);
            }
            if let Some(p) = r.end.iter().find(|p| p.matches(c)) {
                matched = true;
                self.end(ri, r.scope, c, p, c.span, None, st);
            }
        }
        if check == Check::Leak && model.follow_helpers && !matched {
            self.helper_starts(c, st);
        }
        if check == Check::Leak {
            for p in model.report_at.iter().filter(|p| p.matches(c)) {
                if let Some(h) = handle_of(c, p.handle) {
                    for t in st.tokens.iter_mut() {
                        if t.handle.as_deref() == Some(h.as_str()) {
                            t.at = Some(c.span);
                        }
                    }
                }
            }
            let released = model
                .release_while_held
                .iter()
                .find(|p| p.matches(c))
                .and_then(|p| handle_of(c, p.handle));
            if let Some(h) = released {
                matched = true;
                self.released(&h, c.span, &format!("`{h}` released here"), st);
            }
        }
        if check == Check::Order
            && let Callee::Method { receiver, name, .. } = &c.callee
            && matches!(name.as_str(), "Release" | "reset" | "Detach")
            && let Some(r) = receiver.place_key()
            && self.smart_local(&r)
        {
            // Checked below as a use; afterwards the smart pointer is empty.
            let r2 = r.clone();
            self.order_typed(c, &r, name, st);
            self.moved(&r2, st);
        } else if check == Check::Order
            && let Callee::Method { receiver, name, .. } = &c.callee
            && let Some(r) = receiver.place_key()
            && !st.moved.contains(&r)
            && self.mapi_typed(&r)
        {
            let optional = self.f.drops_locals
                && self
                    .decl_types
                    .get(&r)
                    .is_some_and(|t| t.replace(' ', "").starts_with("Option<"));
            if !optional {
                self.order_typed(c, &r, name, st);
            } else if name == "take" {
                // Rust `Option` methods are not MAPI calls; `take()` empties it.
                self.moved(&r, st);
            }
        }
        match check {
            Check::Leak | Check::Pairing => {
                if model.report_held_at.iter().any(|p| p.matches(c)) {
                    // Only registrations whose connection is known (no guess about the others).
                    let held: Vec<Token> = st
                        .tokens
                        .iter()
                        .filter(|t| t.handle.is_some())
                        .cloned()
                        .collect();
                    for t in held {
                        self.report_held(
                            &t,
                            c.callee.name(),
                            "before the session is logged off",
                            c.span,
                            "session logged off here",
                        );
                    }
                }
                if let Some(p) = model.subject_release.iter().find(|p| p.matches(c))
                    && let Some(subject) = handle_of(c, p.handle)
                {
                    self.subject_released(
                        &subject,
                        c.span,
                        &format!("`{subject}` released here"),
                        false,
                        st,
                    );
                }
                if !matched && let Some(targets) = self.ctx.graph.edges[self.fi].get(&c.span) {
                    // A member handle may be released by a method of the class that names it.
                    st.tokens.retain(|t| {
                        let Some(h) = t.handle.as_deref() else {
                            return true;
                        };
                        if self.locals.contains(h) && is_local_key(h) {
                            return true;
                        }
                        let field = h.rsplit('.').next().unwrap_or(h);
                        !targets.iter().any(|&g| {
                            self.ctx.calls[g].iter().any(|gc| {
                                gc.callee
                                    .receiver()
                                    .is_some_and(|r| mentions_field(r, field))
                                    || gc.args.iter().any(|a| mentions_field(a, field))
                            })
                        })
                    });
                }
                if !matched {
                    // A handle handed to another function may be ended there: no guess.
                    // A smart pointer passed on is copied (AddRef), never handed over.
                    // COM convention: a free function borrows its in-parameters, unless its
                    // body keeps them (checked where it is in the scanned sources).
                    let borrowed = |h: &str| {
                        model.borrowed_args
                            && matches!(c.callee, Callee::Function { .. })
                            && !self.releasing_function(c.callee.name())
                            && self.ctx.graph.edges[self.fi].get(&c.span).is_none_or(|ts| {
                                ts.iter().all(|&g| {
                                    let g = &self.ctx.program.functions[g];
                                    c.args.iter().enumerate().all(|(i, a)| {
                                        !passes(a, h)
                                            || g.params.get(i).is_some_and(|p| !keeps_param(g, p))
                                    })
                                })
                            })
                    };
                    st.tokens.retain(|t| match &t.handle {
                        Some(h) => {
                            is_test(c)
                                || self.smart_local(h)
                                || borrowed(h)
                                || !c.args.iter().any(|a| passes(a, h))
                        }
                        None => true,
                    });
                }
            }
            Check::Order => self.order(c, c.span, None, st),
            _ => {}
        }
        if !matched {
            self.apply_summary(c, st);
        }
    }

    /// Applies what a resolved callee does (transitively) to this rule's resources.
    fn apply_summary(&mut self, c: &Call, st: &mut State) {
        let Some(targets) = self.ctx.graph.edges[self.fi].get(&c.span) else {
            return;
        };
        self.apply_targets(targets, c, false, st);
    }

    /// Applies the summaries of `targets`, called (explicitly or implicitly) by `c`.
    /// With `at_drop`, the callees are destructors / `Drop` impls run implicitly at `c`, and
    /// their events are located there (SPEC: calls in a destructor happen where the value
    /// is dropped); otherwise events are located at the API call inside the callee.
    fn apply_targets(&mut self, targets: &[usize], c: &Call, at_drop: bool, st: &mut State) {
        // Built-in library models have no source to point into: their events are located
        // at the user's call.
        let builtin = targets
            .iter()
            .any(|&t| self.ctx.program.functions[t].builtin);
        let here = |api: Span| if at_drop || builtin { c.span } else { api };
        let facts = self.facts;
        let who = targets
            .first()
            .map(|&t| self.ctx.program.functions[t].qualified_name())
            .unwrap_or_default();
        let via = Some((c.span, who));
        for (ri, r) in self.rule.model.resources.iter().enumerate() {
            if r.scope != Scope::Global {
                continue;
            }
            let net = |t: usize| {
                self.ctx
                    .visible(t, self.fi)
                    .then(|| self.nets.get(&(t, r.label.clone())).copied())
                    .flatten()
                    .unwrap_or_default()
            };
            let start = targets.iter().find_map(|&t| net(t).start);
            let end = targets.iter().find_map(|&t| net(t).end);
            match (start, end) {
                (Some(s), None) => {
                    let pat = r.start[0].clone();
                    self.start(ri, r.scope, c, &pat, via.clone(), here(s), st);
                }
                (None, Some(e)) => {
                    let pat = r.end[0].clone();
                    let guarded = targets
                        .iter()
                        .any(|&t| net(t).end.is_some() && net(t).end_guarded);
                    self.quiet_end = guarded;
                    self.end(ri, r.scope, c, &pat, here(e), via.clone(), st);
                    self.quiet_end = false;
                }
                (Some(s), Some(e)) => {
                    // Ends what it was given, then leaves a new start (a restart).
                    let (ep, sp) = (r.end[0].clone(), r.start[0].clone());
                    self.end(ri, r.scope, c, &ep, here(e), via.clone(), st);
                    self.start(ri, r.scope, c, &sp, via.clone(), here(s), st);
                }
                (None, None) => {}
            }
        }
        if self.rule.model.check == Check::Order {
            let then = targets.iter().find_map(|&t| facts.then_site[t]);
            let first = targets.iter().find_map(|&t| facts.first_site[t]);
            let reset = targets.iter().find_map(|&t| facts.reset_site[t]);
            // Only a path that saw the `first` event reports (and names) the `then` call.
            if let Some(t) = then
                && st.mark.is_some()
            {
                let name = targets
                    .iter()
                    .find_map(|&g| self.api_call_name(g, t))
                    .unwrap_or_else(|| self.rule.model.then[0].name.clone());
                self.order_then(here(t), via.clone(), &name, st);
            }
            if reset.is_some() {
                st.mark = None;
            } else if let Some(fs) = first {
                st.mark = Some((here(fs), via.clone()));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn start(
        &mut self,
        ri: usize,
        scope: Scope,
        c: &Call,
        p: &CallPat,
        via: Via,
        site: Span,
        st: &mut State,
    ) {
        let check = self.rule.model.check;
        let start_name = if via.is_some() {
            self.start_name(ri)
        } else if p.name.contains("::") {
            p.name.clone()
        } else {
            c.callee.name().to_string()
        };
        match scope {
            Scope::Global => {
                if let Some(t) = st
                    .tokens
                    .iter_mut()
                    .find(|t| t.res == ri && t.site == site && t.via == via)
                {
                    t.many = true;
                    return;
                }
                st.tokens.push(Token {
                    via,
                    link: Some(Link::Call(c.span)),
                    ..Token::new(ri, site, start_name)
                });
            }
            Scope::Handle => {
                let rust_result = self.f.drops_locals
                    && p.handle == HandlePos::LastArgOrResult
                    && !matches!(c.args.last(), Some(Expr::AddrOf { .. }));
                let h = if rust_result {
                    None
                } else {
                    handle_of(c, p.handle)
                };
                // Rust bindings return the handle (`let conn = store.Advise(..)?;`).
                let awaiting_result = h.is_none() && rust_result;
                // MAPI buffers are pointers: a local declared as a struct value is not one.
                if let Some(h) = &h
                    && self.model().resources[ri].pointer_handles
                    && self
                        .decl_types
                        .get(h)
                        .is_some_and(|t| !looks_like_pointer(t))
                {
                    return;
                }
                if h.is_none() && !awaiting_result {
                    return;
                }
                // Written through a parameter (`lpulConnection`, `*pulConn`): the caller owns it.
                if let Some(h) = &h {
                    let root = h.trim_start_matches('*').split('.').next().unwrap_or(h);
                    if root != "this" && root != "self" && self.f.params.iter().any(|p| p == root) {
                        return;
                    }
                }
                if let Some(h) = &h {
                    st.tokens
                        .retain(|t| t.handle.as_deref() != Some(h.as_str()));
                }
                if let Some(h) = &h
                    && matches!(check, Check::Leak | Check::Pairing)
                    && self.model().leak_at_exit
                    && !(self.locals.contains(h.as_str()) && is_local_key(h))
                {
                    self.nonlocal.push(NonLocal {
                        rule: self.rule.id.clone(),
                        function: self.fi,
                        site,
                        handle: h.clone(),
                        start_name: start_name.clone(),
                    });
                }
                st.tokens.push(Token {
                    via,
                    handle: h,
                    subject: c.callee.receiver().and_then(|r| r.place_key()),
                    link: Some(Link::Call(c.span)),
                    awaiting_result,
                    ..Token::new(ri, site, start_name)
                });
            }
        }
        st.tokens.sort();
    }

    #[allow(clippy::too_many_arguments)]
    fn end(
        &mut self,
        ri: usize,
        scope: Scope,
        c: &Call,
        p: &CallPat,
        site: Span,
        via: Via,
        st: &mut State,
    ) {
        let check = self.rule.model.check;
        match scope {
            Scope::Global => {
                let held = st
                    .tokens
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.res == ri)
                    .max_by_key(|(_, t)| (t.site, t.via.clone()))
                    .map(|(i, _)| i);
                match held {
                    Some(i) if st.tokens[i].many => st.tokens[i].many = false,
                    Some(i) => {
                        st.tokens.remove(i);
                    }
                    None => {
                        let label = self.rule.model.resources[ri].label.clone();
                        self.record_net(label, None, Some(site), st.guarded || self.quiet_end);
                        if matches!(check, Check::UnmatchedEnd | Check::Pairing)
                            && self.judged_end[ri]
                            && !st.guarded
                            && !self.quiet_end
                        {
                            let name = if via.is_some() {
                                self.end_name(ri)
                            } else {
                                c.callee.name().to_string()
                            };
                            let start = self.start_name(ri);
                            let template = self
                                .rule
                                .end_message
                                .clone()
                                .unwrap_or_else(|| self.rule.message.clone());
                            let msg = fill(&template, &start, &name, &name, "", "");
                            let mut related = Vec::new();
                            if let Some((v, who)) = &via {
                                related.push(Label {
                                    span: *v,
                                    message: format!("`{who}` runs here and calls `{name}`"),
                                });
                            }
                            related.push(Label {
                                span: self.f.span,
                                message: format!(
                                    "no successful `{start}` before this point in `{}`",
                                    self.f.qualified_name()
                                ),
                            });
                            self.report(
                                Label {
                                    span: site,
                                    message: format!("`{name}` without a matching `{start}`"),
                                },
                                msg,
                                related,
                            );
                        }
                    }
                }
            }
            Scope::Handle => {
                let Some(h) = handle_of(c, p.handle) else {
                    return;
                };
                match check {
                    Check::UseAfterEnd => {
                        let existing = st
                            .tokens
                            .iter()
                            .find(|t| t.handle.as_deref() == Some(h.as_str()))
                            .cloned();
                        match existing {
                            Some(t) if t.ended.is_some() => {} // reported as a use by check_use
                            Some(t) => {
                                for u in st.tokens.iter_mut() {
                                    if u.root == t.root && u.ended.is_none() {
                                        u.ended = Some(c.span);
                                    }
                                }
                            }
                            None => {
                                st.tokens.push(Token {
                                    handle: Some(h),
                                    ended: Some(c.span),
                                    ..Token::new(ri, c.span, c.callee.name().to_string())
                                });
                                st.tokens.sort();
                            }
                        }
                    }
                    // Ending a field of the holder ends it (`logon.session.Logoff(..)`).
                    _ => st.tokens.retain(|t| {
                        t.handle.as_deref().is_none_or(|th| {
                            th != h && !h.strip_prefix(th).is_some_and(|r| r.starts_with('.'))
                        })
                    }),
                }
            }
        }
    }

    /// use-after-end: a call on an ended handle (or a handle derived from an ended root).
    fn check_use(&mut self, c: &Call, st: &State) {
        let model = &self.rule.model;
        let target = match &c.callee {
            Callee::Method { receiver, name, .. } => {
                if model.allowed_after_end.iter().any(|a| a == name) {
                    return;
                }
                receiver.place_key()
            }
            Callee::Function { name, .. } if model.uses_as_arg.iter().any(|u| u == name) => {
                c.args.first().and_then(|a| a.place_key())
            }
            _ => None,
        };
        let Some(key) = target else { return };
        let Some(t) = st
            .tokens
            .iter()
            .find(|t| t.handle.as_deref() == Some(key.as_str()) && t.ended.is_some())
        else {
            return;
        };
        let ended = t.ended.unwrap_or(t.site);
        let mut related = vec![Label {
            span: ended,
            message: "the session is logged off here".into(),
        }];
        if t.derived {
            related.push(Label {
                span: t.site,
                message: format!("`{key}` was obtained from the session here"),
            });
        }
        let msg = self.message("", "", c.callee.name(), &key, "");
        self.report(
            Label {
                span: c.span,
                message: format!("`{}` used after logoff", key),
            },
            msg,
            related,
        );
    }

    fn order(&mut self, c: &Call, site: Span, via: Via, st: &mut State) {
        let m = &self.rule.model;
        if m.then.iter().any(|p| p.matches(c)) {
            self.order_then(site, via.clone(), c.callee.name(), st);
        }
        if m.reset.iter().any(|p| p.matches(c)) {
            st.mark = None;
        }
        if m.first.iter().any(|p| p.matches(c)) {
            st.mark = Some((site, via));
        }
    }

    /// A method call on a receiver of a `then-on-types` type: a `then` event.
    fn order_typed(&mut self, c: &Call, r: &str, name: &str, st: &State) {
        if st.moved.iter().any(|m| m == r) || !self.mapi_typed(r) {
            return;
        }
        let arrow = if self.f.drops_locals { "." } else { "->" };
        self.order_then(c.span, None, &format!("{r}{arrow}{name}"), st);
    }

    /// The name of the API call at `site`, found in `fi` or (transitively) its callees.
    fn api_call_name(&self, fi: usize, site: Span) -> Option<String> {
        let program = self.ctx.program;
        let mut seen = HashSet::default();
        let mut work = vec![fi];
        while let Some(g) = work.pop() {
            if !seen.insert(g) || seen.len() > 256 {
                continue;
            }
            let mut found = None;
            program.functions[g].for_each_call(&mut |c| {
                if c.span == site {
                    found = Some(c.callee.name().to_string());
                }
            });
            if found.is_some() {
                return found;
            }
            work.extend(self.ctx.graph.edges[g].values().flatten().copied());
        }
        None
    }

    fn order_then(&mut self, site: Span, via: Via, then_name: &str, st: &State) {
        let Some((first, first_via)) = st.mark.clone() else {
            return;
        };
        let first_name = self.rule.model.first[0].name.clone();
        let then_name = then_name.to_string();
        let mut related = vec![Label {
            span: first,
            message: format!("`{first_name}` runs here first"),
        }];
        let mut chain = Vec::new();
        if let Some((v, who)) = first_via {
            related.push(Label {
                span: v,
                message: format!("`{who}` runs here and calls `{first_name}`"),
            });
            chain.push((who, v, first_name.clone()));
        }
        if let Some((v, who)) = via {
            related.push(Label {
                span: v,
                message: format!("then `{who}` runs here and calls `{then_name}`"),
            });
            chain.push((who, v, then_name.clone()));
        }
        let msg = self.message(&first_name, &then_name, &then_name, "", "");
        self.report(
            Label {
                span: site,
                message: format!("`{then_name}` after `{first_name}`"),
            },
            msg,
            related,
        );
        if let Some(f) = self.findings.last_mut() {
            f.chain = chain;
        }
    }

    /// Records that the condition `key` has `value` on this path (when it is tested more than
    /// once); false when the path already assumed the opposite (the path is infeasible).
    fn assume(&self, st: &mut State, key: &str, value: bool, vars: &[String]) -> bool {
        if let Some(a) = st.assumptions.iter().find(|a| a.key == key) {
            return a.value == value;
        }
        if st.assumptions.len() < 16
            && self.tested.get(key).is_some_and(|&n| n >= 2)
            && self.relevant.as_ref().is_none_or(|r| r.contains(key))
        {
            st.assumptions.push(Assumption {
                key: key.to_string(),
                value,
                vars: vars.to_vec(),
            });
            st.assumptions.sort();
        }
        true
    }

    /// What a branch's condition says, worked out once per branch node (paths reach it many
    /// times).
    fn condition(&self, cond: &Expr) -> Condition {
        let whole = pure_key(&purify(cond));
        let on_member = whole.as_ref().is_some_and(|(_, _, vars)| {
            vars.iter().any(|v| {
                let root = v.trim_start_matches('*').split('.').next().unwrap_or(v);
                // Members and globals (`m_fInit`, `g_hMapiLib`); ALL_CAPS names are constants.
                root.chars().any(|c| c.is_ascii_lowercase())
                    && !self.locals.contains(root)
                    && !self.f.params.iter().any(|p| p == root)
                    && !root.starts_with('#')
            })
        });
        // `if (a && b)` taken true (or `a || b` taken false) fixes each operand too, so a
        // later `if (a)` is correlated with it.
        let fixed = [true, false].map(|dir| {
            let mut leaves = Vec::new();
            operands_fixed(cond, dir, &mut leaves);
            if leaves.len() < 2 {
                return Vec::new();
            }
            leaves
                .into_iter()
                .map(|(leaf, val)| {
                    pure_key(&purify(leaf)).map(|(key, v, vars)| (key, v == val, vars))
                })
                .collect()
        });
        Condition {
            null_test: null_test(cond),
            whole,
            on_member,
            fixed,
        }
    }

    fn branch(&self, cond: &Expr, c: &Condition, dir: bool, mut st: State) -> Option<State> {
        if !st.guarded && c.on_member {
            st.guarded = true;
        }
        // Rust `if p.is_null()` / `if opt.is_none()`: on the null branch nothing is held by it.
        if let Some((key, null_when)) = &c.null_test
            && dir == *null_when
        {
            st.tokens
                .retain(|t| t.handle.as_deref() != Some(key.as_str()));
        }
        if let Some((key, v, vars)) = &c.whole {
            let value = *v == dir;
            // `if (ulConn)`, `if (lpSession != NULL)`: on the branch where the handle is zero
            // or null, nothing is registered or open through it.
            if !value {
                st.tokens
                    .retain(|t| t.handle.as_deref() != Some(key.as_str()));
            }
            if !self.assume(&mut st, key, value, vars) {
                return None;
            }
        }
        for (key, value, vars) in c.fixed[usize::from(!dir)].iter().flatten() {
            if !self.assume(&mut st, key, *value, vars) {
                return None;
            }
        }
        // `if (SUCCEEDED(hr) && p)` taken false: each conjunct false means the start failed
        // or the handle is null, so nothing is held either way.
        if !dir
            && let Expr::Binary { op, .. } = cond
            && op == "&&"
        {
            st.tokens.retain(|t| !nothing_if_false(cond, t));
        }
        let mut i = 0;
        while i < st.tokens.len() {
            let outcome = st.tokens[i]
                .link
                .as_ref()
                .and_then(|l| implies(cond, dir, l));
            match outcome {
                // A helper's failure result does not prove its start failed (it may report a
                // later step's error): the start is then only maybe held.
                Some(false) if st.tokens[i].via.is_some() => {
                    st.tokens[i].maybe = true;
                    st.tokens[i].link = None;
                }
                Some(false) => {
                    st.tokens.remove(i);
                    continue;
                }
                Some(true) => st.tokens[i].link = None,
                None => {}
            }
            i += 1;
        }
        st.tokens.sort();
        Some(st)
    }

    fn exit(&mut self, kind: ExitKind, value: Option<&Expr>, span: Span, st: &State) {
        if !self.leaks() {
            return;
        }
        for t in &st.tokens {
            let scope = self.rule.model.resources[t.res].scope;
            let how = match kind {
                ExitKind::Return => "returns",
                ExitKind::Throw => "throws",
                ExitKind::End => "ends",
                ExitKind::NoReturn => return,
            };
            match scope {
                Scope::Global => {
                    if t.maybe {
                        continue;
                    }
                    let label = self.rule.model.resources[t.res].label.clone();
                    self.record_net(label, Some(t.site), None, false);
                    if !self.judged_exit[t.res] {
                        continue;
                    }
                    let end = self.end_name(t.res);
                    let msg = self.message(&t.start_name, &end, &t.start_name, "", "");
                    let mut related = Vec::new();
                    if let Some((v, who)) = &t.via {
                        related.push(Label {
                            span: *v,
                            message: format!("`{who}` runs here and calls `{}`", t.start_name),
                        });
                    }
                    related.push(Label {
                        span,
                        message: format!(
                            "`{}` {how} here without `{end}`",
                            self.f.qualified_name()
                        ),
                    });
                    self.report(
                        Label {
                            span: t.site,
                            message: format!("`{}` succeeds here", t.start_name),
                        },
                        msg,
                        related,
                    );
                }
                Scope::Handle => {
                    let Some(h) = &t.handle else { continue };
                    let returned = value.is_some_and(|v| mentions(v, h));
                    if !self.model().leak_at_exit
                        || t.maybe
                        || t.escaped
                        || returned
                        || !is_local_key(h)
                        || !self.locals.contains(h.as_str())
                    {
                        continue;
                    }
                    let msg = self.message(
                        &t.start_name,
                        &self.end_name(t.res),
                        &t.start_name,
                        h,
                        "before the function returns",
                    );
                    let verb = self.model().resources[t.res].verb.clone();
                    let mut primary = Label {
                        span: t.site,
                        message: format!("`{}` {verb} here", t.start_name),
                    };
                    let mut related = vec![Label {
                        span,
                        message: format!(
                            "`{}` {how} here and `{h}` is lost",
                            self.f.qualified_name()
                        ),
                    }];
                    if let Some((v, who)) = &t.via {
                        related.insert(
                            0,
                            Label {
                                span: *v,
                                message: format!("`{who}` runs here and calls `{}`", t.start_name),
                            },
                        );
                    }
                    // Located at the last `report-at` call on the path (the `Logoff`).
                    if let Some(at) = t.at {
                        related.insert(0, primary);
                        primary = Label {
                            span: at,
                            message: format!("`{h}` is never released after this"),
                        };
                    }
                    self.report(primary, msg, related);
                }
            }
        }
    }
}

/// Owner-level check for starts kept in fields or globals: some function of the owner (the
/// class family, or the program for non-members) must end or hand off that place.
pub(crate) fn check_nonlocal(ctx: &Ctx, rules: &[Rule], starts: &[NonLocal]) -> Vec<Finding> {
    let program = ctx.program;
    let mut out = Vec::new();
    for s in starts {
        let f = &program.functions[s.function];
        let field = s.handle.rsplit('.').next().unwrap_or(&s.handle).to_string();
        let owners: Vec<&Function> = match &f.class {
            Some(c) => ctx
                .families
                .functions(c)
                .into_iter()
                .map(|gi| &program.functions[gi])
                .collect(),
            None => program.functions.iter().collect(),
        };
        let Some(rule) = rules.iter().find(|r| r.id == s.rule) else {
            continue;
        };
        // A smart-pointer member releases itself when its owner is destroyed.
        let field_type = f.class.as_ref().and_then(|c| {
            program.classes.iter().find(|k| &k.name == c).and_then(|k| {
                k.fields
                    .iter()
                    .position(|x| *x == field)
                    .and_then(|i| k.field_types.get(i))
            })
        });
        if field_type.is_some_and(|t| super::summary::is_smart_pointer(t, &ctx.smart_pointers)) {
            continue;
        }
        let ends_on_receiver = |c: &Call| {
            rule.model.resources.iter().any(|r| {
                r.end
                    .iter()
                    .any(|p| p.matches(c) && p.handle == HandlePos::Receiver)
            }) && c
                .callee
                .receiver()
                .is_some_and(|r| mentions_field(r, &field))
        };
        let ended = owners.iter().any(|g| {
            let mut found = false;
            g.for_each_call(&mut |c| {
                if found || c.span == s.site {
                    return;
                }
                let is_start = rule
                    .model
                    .resources
                    .iter()
                    .any(|r| r.start.iter().any(|p| p.matches(c)));
                if !is_start
                    && (c.args.iter().any(|a| mentions_field(a, &field)) || ends_on_receiver(c))
                {
                    found = true;
                }
            });
            found || reads_field(g, &field)
        });
        if !ended {
            let owner = f.class.clone().unwrap_or_else(|| "the program".into());
            let end = rule
                .model
                .resources
                .iter()
                .find_map(|r| r.end.first())
                .map(|p| p.name.clone())
                .unwrap_or_default();
            out.push(Finding {
                chain: Vec::new(),
                rule: rule.id.clone(),
                level: rule.level,
                message: rule
                    .message
                    .replace("{handle}", &s.handle)
                    .replace("{start}", &s.start_name)
                    .replace("{end}", &end)
                    .replace("{call}", &s.start_name)
                    .replace("{when}", &format!("anywhere in `{owner}`")),
                primary: Label {
                    span: s.site,
                    message: format!("`{}` registered here", s.start_name),
                },
                related: vec![Label {
                    span: f.span,
                    message: format!(
                        "no function of `{owner}` passes `{field}` to `{end}` or elsewhere"
                    ),
                }],
            });
        }
    }
    out
}

/// Does `f` hand a fresh handle of `r` to its caller: a start whose handle is a local that
/// `f` returns, or whose handle is written through one of `f`'s pointer parameters?
pub(crate) fn hands_out(
    f: &Function,
    calls: &[&Call],
    r: &crate::rules::Resource,
) -> Option<(Span, super::HandOut)> {
    for c in calls {
        let Some(p) = r.start.iter().find(|p| p.matches(c)) else {
            continue;
        };
        let Some(h) = handle_of(c, p.handle) else {
            continue;
        };
        let root = h.trim_start_matches('*');
        if let Some(k) = f.params.iter().position(|q| q == root) {
            return Some((c.span, super::HandOut::Param(k)));
        }
        // A helper that also keeps the handle (a cache, a global: `SetSession(s)`) hands out
        // a shared reference, not a fresh one.
        let kept = calls
            .iter()
            .any(|o| o.span != c.span && o.args.iter().any(|a| passes(a, &h)));
        if kept {
            continue;
        }
        if is_local_key(&h) && returns_name(&f.body, &h) {
            return Some((c.span, super::HandOut::Result));
        }
        // `*lppSession = lpSession;`
        if is_local_key(&h)
            && let Some(k) = f
                .params
                .iter()
                .position(|q| stores_into(&f.body, &format!("*{q}"), &h))
        {
            return Some((c.span, super::HandOut::Param(k)));
        }
    }
    None
}

/// Is there an assignment `target = name` in `b` (or a nested block)?
fn stores_into(b: &crate::ir::Block, target: &str, name: &str) -> bool {
    fn expr(e: &Expr, target: &str, name: &str) -> bool {
        match e {
            // `*lpp = p;` or, from a smart pointer, `*lpp = p.release();`
            Expr::Assign { lhs, rhs, .. }
                if lhs.place_key().as_deref() == Some(target)
                    && (rhs.place_key().as_deref() == Some(name)
                        || rhs.as_call().is_some_and(|c| {
                            matches!(c.callee.name(), "release" | "Detach")
                                && c.callee.receiver().and_then(|r| r.place_key()).as_deref()
                                    == Some(name)
                        })) =>
            {
                true
            }
            _ => e.children().into_iter().any(|c| expr(c, target, name)),
        }
    }
    b.stmts.iter().any(|s| {
        s.exprs().into_iter().any(|e| expr(e, target, name))
            || s.blocks()
                .into_iter()
                .any(|nb| stores_into(nb, target, name))
    })
}

/// Does a `return` of `b` (or a nested block) return the local `name` itself?
fn returns_name(b: &crate::ir::Block, name: &str) -> bool {
    b.stmts.iter().any(|s| match s {
        crate::ir::Stmt::Return { value: Some(v), .. } => v.place_key().as_deref() == Some(name),
        _ => s.blocks().into_iter().any(|nb| returns_name(nb, name)),
    })
}

/// The operands of a tree of `&&` and `||`.
fn logic_leaves<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::Binary { op, lhs, rhs, .. } if op == "&&" || op == "||" => {
            logic_leaves(lhs, out);
            logic_leaves(rhs, out);
        }
        _ => out.push(e),
    }
}

/// The operands whose value is known when `e` evaluates to `dir`: all of `a && b` when true,
/// all of `a || b` when false.
fn operands_fixed<'e>(e: &'e Expr, dir: bool, out: &mut Vec<(&'e Expr, bool)>) {
    match e {
        Expr::Binary { op, lhs, rhs, .. } if (op == "&&" && dir) || (op == "||" && !dir) => {
            operands_fixed(lhs, dir, out);
            operands_fixed(rhs, dir, out);
        }
        _ => out.push((e, dir)),
    }
}

/// Does `g` keep or end its parameter `p`: store it (an assignment or declaration from it),
/// return it, hand it to a method or constructor of something else, or release it?
fn keeps_param(g: &Function, p: &str) -> bool {
    fn expr_keeps(e: &Expr, p: &str) -> bool {
        match e {
            Expr::Assign { rhs, .. } if mentions(rhs, p) => true,
            Expr::Call(c)
                if c.callee.name() == "Release"
                    && c.callee.receiver().and_then(|r| r.place_key()).as_deref() == Some(p) =>
            {
                true
            }
            Expr::Call(c)
                if !matches!(c.callee, Callee::Function { .. })
                    && c.args.iter().any(|a| passes(a, p)) =>
            {
                true
            }
            _ => e.children().into_iter().any(|c| expr_keeps(c, p)),
        }
    }
    fn walk(b: &crate::ir::Block, p: &str) -> bool {
        b.stmts.iter().any(|s| {
            let direct = match s {
                crate::ir::Stmt::Decl { init: Some(i), .. } => mentions(i, p),
                crate::ir::Stmt::Return { value: Some(v), .. } => mentions(v, p),
                _ => false,
            };
            direct
                || s.exprs().into_iter().any(|e| expr_keeps(e, p))
                || s.blocks().into_iter().any(|nb| walk(nb, p))
        })
    }
    walk(&g.body, p)
}

fn mentions_field(e: &Expr, field: &str) -> bool {
    match e {
        Expr::Name { name, .. } if name == field => true,
        Expr::Field { field: f, .. } if f == field => true,
        _ => e.children().into_iter().any(|c| mentions_field(c, field)),
    }
}

/// Is the field read as the source of an assignment or initialiser anywhere in `g`
/// (`ULONG c = m_ulConn;`)? Such a copy may be unadvised under another name.
fn reads_field(g: &Function, field: &str) -> bool {
    fn walk(b: &crate::ir::Block, field: &str) -> bool {
        b.stmts.iter().any(|s| {
            let in_exprs = s.exprs().into_iter().any(|e| assigns_from(e, field));
            let decl = matches!(s, crate::ir::Stmt::Decl { init: Some(i), .. } if mentions_field(i, field));
            in_exprs || decl || s.blocks().into_iter().any(|nb| walk(nb, field))
        })
    }
    fn assigns_from(e: &Expr, field: &str) -> bool {
        match e {
            Expr::Assign { rhs, .. } if mentions_field(rhs, field) => true,
            _ => e.children().into_iter().any(|c| assigns_from(c, field)),
        }
    }
    walk(&g.body, field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Node;

    fn cfg(succ: &[&[usize]]) -> Cfg {
        Cfg {
            nodes: succ
                .iter()
                .map(|s| Node {
                    kind: NodeKind::Nop,
                    succ: s.to_vec(),
                })
                .collect(),
            entry: 0,
        }
    }

    #[test]
    fn post_dominators_of_a_diamond_a_loop_and_an_endless_loop() {
        // 0 -> {1, 2} -> 3 -> 4 (exit)
        let d = cfg(&[&[1, 2], &[3], &[3], &[4], &[]]);
        assert_eq!(
            immediate_post_dominators(&d),
            vec![Some(3), Some(3), Some(3), Some(4), None]
        );
        // 0 -> 1 (loop head) -> {2 (body) -> 1, 3 (exit)}
        let l = cfg(&[&[1], &[2, 3], &[1], &[]]);
        assert_eq!(
            immediate_post_dominators(&l),
            vec![Some(1), Some(3), Some(1), None]
        );
        // 0 -> {1 (exit), 2 <-> 3 (never exits)}: post-dominance counts the paths that exit
        // (the region walk still visits 2 and 3: it only stops at the meeting point).
        let e = cfg(&[&[1, 2], &[], &[3], &[2]]);
        assert_eq!(
            immediate_post_dominators(&e),
            vec![Some(1), None, None, None]
        );
    }
}
