//! The generic engine: runs every rule's lifecycle model over the call-order graph.
//!
//! For each function and rule it explores the control-flow graph path by path with an abstract
//! state (the resources held, the handles ended, correlated branch conditions), merging
//! identical (node, state) pairs, within a budget. Rules differ only by their [`Model`].
//! The engine knows nothing about tree-sitter or syn.

pub mod export;
mod interp;
pub mod link;
pub mod noreturn;
mod simple;
pub mod summary;

use crate::diagnostic::Finding;
use crate::graph::{self, CheckMacros};
use crate::ir::{Program, Span};
use crate::rules::Rule;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;
use summary::CallGraph;

/// States explored per function and rule before the analysis gives up on that function.
#[cfg(not(fuzzing))]
pub const STATE_BUDGET: usize = 50_000;
/// A tenth in fuzz builds (`cfg(fuzzing)`, set by cargo-fuzz): an input over the budget costs
/// each rule the whole budget, several seconds per input under AddressSanitizer (the fuzzer
/// soon finds many such inputs), and the code that runs past a few thousand states is the
/// code that ran before them.
#[cfg(fuzzing)]
pub const STATE_BUDGET: usize = 5_000;

/// A function whose analysis ran out of budget (reported as a note, never silently).
#[derive(Debug, Clone)]
pub struct Approximation {
    pub function: String,
    pub span: Span,
    pub rule: String,
}

/// A bug in mapi-lint met while analysing one function; the rest of the scan goes on.
#[derive(Debug, Clone)]
pub struct InternalError {
    pub function: String,
    pub span: Span,
    pub message: String,
}

/// What the analysis of one function cost (for `--stats`).
#[derive(Debug, Clone)]
pub struct FunctionStat {
    pub function: String,
    pub span: Span,
    /// Nodes of its control-flow graph.
    pub cfg_nodes: usize,
    /// Its two-way branches plus the extra arms of each multi-way choice (a `switch`).
    pub branches: usize,
    /// Rules that analysed it.
    pub rules: usize,
    /// (node, state) pairs explored, summed over those rules.
    pub states: usize,
    /// States whose assumptions were widened where paths join (`interp::joins`), summed over
    /// those rules: where correlations between its conditions were forgotten.
    pub widened: usize,
    /// Building its CFG and per-function facts plus each rule's exploration, summed: the
    /// rules of a function run in parallel, and a sum does not count what a waiting thread
    /// did for other functions meanwhile.
    pub time: std::time::Duration,
}

#[derive(Debug, Default)]
pub struct Output {
    pub findings: Vec<Finding>,
    pub approximations: Vec<Approximation>,
    pub internal_errors: Vec<InternalError>,
    /// Every function some rule analysed, in bottom-up order.
    pub functions: Vec<FunctionStat>,
}

/// Per rule, per resource: what each function does transitively.
/// A helper that hands a fresh handle to its caller: through its return value, or through
/// its parameter number `k` (`HRESULT OpenSession(LPMAPISESSION* lppSession)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HandOut {
    Result,
    Param(usize),
}

pub(crate) struct ResourceFacts {
    /// Per function (rules with `follow-helpers`): the API call inside it whose handle it hands
    /// out, and how.
    pub hands_out: Vec<Vec<(Span, HandOut)>>,
    pub start_site: Vec<Option<Span>>,
    pub end_site: Vec<Option<Span>>,
    pub program_has_start: bool,
    pub program_has_end: bool,
    /// Leak rules that judge what is held at `report-held-at` calls: the starts, anywhere in
    /// the program outside classes and Rust, on a handle that is neither a local nor a
    /// parameter of the function making them (a global), as (function, call, handle). Read
    /// by every teardown function's walk (`globals_held`), so found once, through the
    /// callee-name index.
    pub global_starts: Vec<(usize, Span, String, String)>,
}

pub(crate) struct RuleFacts {
    pub resources: Vec<ResourceFacts>,
    /// For order checks: per function, the first `first`/`then`/`reset` site, transitively.
    pub first_site: Vec<Option<Span>>,
    pub then_site: Vec<Option<Span>>,
    pub reset_site: Vec<Option<Span>>,
    /// Per function, a `report-held-at` call (Logoff) it makes, directly or through callees
    /// and destructors, on a session it does not own as a local (a parameter, a member, a
    /// global): a guard whose destructor logs off, a `CloseSession(lpSession)` helper. Calling
    /// it (or destroying such a guard) judges what the caller still holds.
    pub held_at_site: Vec<Option<Span>>,
    /// Leak checks on handles only: tokens come only from the function's own calls, so only
    /// functions with such a call (a start, or the `report-held-at` call of a rule that
    /// judges only what is held there) are analysed.
    pub direct: Option<Vec<bool>>,
}

/// What a function leaves behind for a global resource, seen from its callers: a start still
/// held at some exit (`start`, the API call's span) and an end of something it did not start
/// (`end`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Net {
    pub start: Option<Span>,
    pub end: Option<Span>,
    /// Every net end happened under a test of a member or global (`if (g_fInit) ...`): the
    /// callee ends only what it knows was started, so nothing held at the call is no surplus.
    pub end_guarded: bool,
    /// Every path with a net end left through an error exit (`Logon::new(init, ..)?` inside
    /// a constructor drops the `Arc<Initialize>` it was given only when it fails): in the
    /// caller, what is held is then only maybe held, not ended.
    pub end_on_error_only: bool,
}

/// Net effects by (function, resource label).
pub(crate) type Nets = HashMap<(usize, String), Net>;

/// Order checks, seen from a function's callers: is its `first` event (a `MAPIUninitialize`
/// done inside it) still marked at its normal exits, and at its error exits (`return hr;`
/// under `FAILED(hr)`, Rust `?` and `Err(..)`)? A helper that does it only on its way out
/// with an error (`Logon::new(init, ..)?` dropping the `Arc<Initialize>` it was given) marks
/// its caller only while the caller has not seen it succeed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct OrderExit {
    pub ok: bool,
    pub err: bool,
}

/// One rule's, by function.
pub(crate) type OrderExits = HashMap<usize, OrderExit>;

/// One function's analyses: per rule, its result or the panic it raised, and its time.
type RuleRuns = Vec<(
    usize,
    std::thread::Result<interp::Result>,
    std::time::Duration,
)>;

/// What one function's analysis cost before its rules ran: its CFG's size (nodes, branches)
/// and the time to build the CFG and the per-function facts.
type Setup = (usize, usize, std::time::Duration);

pub(crate) struct Ctx<'p> {
    pub program: &'p Program,
    pub graph: CallGraph,
    /// Project smart-pointer types beyond [`summary::SMART_POINTERS`].
    pub smart_pointers: Vec<String>,
    /// Project names of raw pointer types (`typedef LPSPropValue PropArray;`).
    pub pointer_aliases: Vec<String>,
    /// Every call of each function, in order (collected once, read by every rule).
    pub calls: Vec<Vec<&'p crate::ir::Call>>,
    /// Callee name -> (function, index in `calls[function]`).
    pub by_name: rustc_hash::FxHashMap<&'p str, Vec<(usize, usize)>>,
    pub families: summary::Families,
    /// Each function's position in the bottom-up order: a callee's summary is visible to a
    /// caller only when the callee comes first (cycles are cut the same way whatever the
    /// thread count).
    pub pos: Vec<usize>,
    /// Rust: per function, the parameters it clones (`fn new(init: &Arc<Initialize>)` making
    /// `Arc::clone(init)`): what it returns may hold a reference to the caller's value.
    pub clones_param: Vec<Vec<usize>>,
}

impl Ctx<'_> {
    /// Is the summary of `callee` visible while analysing `caller`?
    pub fn visible(&self, callee: usize, caller: usize) -> bool {
        self.pos[callee] < self.pos[caller]
    }
}

/// The names of the rules' lifecycle calls: their start, end, first, then and reset call
/// patterns (with repeats).
pub fn api_names(rules: &[Rule]) -> impl Iterator<Item = &str> {
    rules.iter().flat_map(|r| {
        let m = &r.model;
        m.resources
            .iter()
            .flat_map(|x| x.start.iter().chain(x.end.iter()))
            .chain(m.first.iter())
            .chain(m.then.iter())
            .chain(m.reset.iter())
            .map(|p| p.name.as_str())
    })
}

pub fn run(
    program: &Program,
    rules: &[Rule],
    smart_pointers: &[String],
    pointer_aliases: &[String],
) -> Output {
    let macros = CheckMacros::new(&program.macros);
    let api_names: HashSet<String> = api_names(rules).map(str::to_string).collect();
    let calls = program.call_lists();
    let noreturn = noreturn::compute(program, &calls, &macros);
    let mut graph = CallGraph::build(program, &calls, &api_names);
    graph.cut_noreturn(program, &noreturn);
    let n = program.functions.len();
    let order = summary::bottom_up_order(&graph, n);
    let mut pos = vec![usize::MAX; n];
    for (i, &f) in order.iter().enumerate() {
        pos[f] = i;
    }
    let mut by_name: rustc_hash::FxHashMap<&str, Vec<(usize, usize)>> = Default::default();
    for (f, cs) in calls.iter().enumerate() {
        for (i, c) in cs.iter().enumerate() {
            by_name.entry(c.callee.name()).or_default().push((f, i));
        }
    }
    let clones_param = program
        .functions
        .iter()
        .map(|f| {
            if !f.drops_locals {
                return Vec::new();
            }
            let mut out = Vec::new();
            f.for_each_call(&mut |c| {
                let what = match &c.callee {
                    crate::ir::Callee::Method { receiver, name, .. } if name == "clone" => {
                        Some(receiver)
                    }
                    crate::ir::Callee::Function { name, path }
                        if name == "clone" && path != "clone" =>
                    {
                        c.args.first()
                    }
                    _ => None,
                };
                let key = what.and_then(interp::strip_borrow_key);
                if let Some(i) = key.and_then(|k| f.params.iter().position(|p| *p == k))
                    && !out.contains(&i)
                {
                    out.push(i);
                }
            });
            out
        })
        .collect();
    let ctx = Ctx {
        program,
        pos,
        clones_param,
        by_name,
        graph,
        smart_pointers: smart_pointers.to_vec(),
        pointer_aliases: pointer_aliases.to_vec(),
        families: summary::Families::build(program),
        calls,
    };
    let facts: Vec<RuleFacts> = rules.par_iter().map(|r| rule_facts(&ctx, r)).collect();

    let mut out = Output::default();
    let mut nonlocal = Vec::new();
    // Callees are analysed before their callers, so a call applies the callee's net effect.
    // Functions whose visible callees are all done form a level, analysed in parallel; the
    // results merge in bottom-up order, so the output is the same for any thread count.
    let callees = |f: usize| {
        ctx.graph.edges[f]
            .values()
            .chain(ctx.graph.ctors[f].values())
            .chain(ctx.graph.dtors[f].values())
            .flatten()
            .copied()
            .chain(ctx.graph.guards[f].values().copied())
            .collect::<Vec<usize>>()
    };
    let mut level = vec![0usize; n];
    let mut levels: Vec<Vec<usize>> = Vec::new();
    for &f in &order {
        let l = callees(f)
            .into_iter()
            .filter(|&g| ctx.visible(g, f))
            .map(|g| level[g] + 1)
            .max()
            .unwrap_or(0);
        level[f] = l;
        if levels.len() <= l {
            levels.resize(l + 1, Vec::new());
        }
        levels[l].push(f);
    }
    let mut nets: Nets = HashMap::default();
    let mut orders: Vec<OrderExits> = vec![HashMap::default(); rules.len()];
    for fns in &levels {
        let done: Vec<(usize, RuleRuns, Setup)> = fns
            .par_iter()
            .map(|&fi| {
                let f = &program.functions[fi];
                // Only functions that touch a rule's calls (directly or through a summary).
                let relevant: Vec<usize> = (0..rules.len())
                    .filter(|&ri| touches(&facts[ri], fi))
                    .collect();
                if relevant.is_empty() {
                    return (fi, Vec::new(), Setup::default());
                }
                let setup_start = std::time::Instant::now();
                let droppable = |name: &str, ty: &str, decl: Span| {
                    droppable(&ctx.graph, fi, f, smart_pointers, name, ty, decl)
                };
                let cfg = graph::build(f, &macros, &noreturn, &droppable);
                // Built once for all the rules; a panic in it is each rule's internal error.
                // Calls of helpers that clone the argument they are lent (`Scanner::new(&init)`).
                let cloning: rustc_hash::FxHashMap<crate::ir::Span, Vec<usize>> = if f.drops_locals
                {
                    ctx.graph.edges[fi]
                        .iter()
                        .filter_map(|(span, ts)| {
                            let mut idx: Vec<usize> = ts
                                .iter()
                                .flat_map(|&t| ctx.clones_param[t].iter().copied())
                                .collect();
                            idx.sort_unstable();
                            idx.dedup();
                            (!idx.is_empty()).then_some((*span, idx))
                        })
                        .collect()
                } else {
                    Default::default()
                };
                let fnf = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    interp::FnFacts::new(f, &cfg, &cloning, &ctx.graph.api_types[fi])
                }))
                .map_err(|e| crate::panic_message(&e));
                let setup = (cfg.nodes.len(), branches(&cfg), setup_start.elapsed());
                let results = relevant
                    .par_iter()
                    .map(|&ri| {
                        let rule_start = std::time::Instant::now();
                        let analysed = match &fnf {
                            Ok(fnf) => {
                                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                    interp::analyse(
                                        &ctx,
                                        &rules[ri],
                                        &facts[ri],
                                        (&nets, &orders[ri]),
                                        fi,
                                        &cfg,
                                        fnf,
                                    )
                                }))
                            }
                            Err(message) => {
                                Err(Box::new(message.clone()) as Box<dyn std::any::Any + Send>)
                            }
                        };
                        (ri, analysed, rule_start.elapsed())
                    })
                    .collect();
                (fi, results, setup)
            })
            .collect();
        for (fi, results, (cfg_nodes, branches, setup_time)) in done {
            let f = &program.functions[fi];
            if !results.is_empty() {
                out.functions.push(FunctionStat {
                    function: f.qualified_name(),
                    span: f.span,
                    cfg_nodes,
                    branches,
                    rules: results.len(),
                    states: results
                        .iter()
                        .filter_map(|(_, r, _)| r.as_ref().ok())
                        .map(|r| r.states)
                        .sum(),
                    widened: results
                        .iter()
                        .filter_map(|(_, r, _)| r.as_ref().ok())
                        .map(|r| r.widened)
                        .sum(),
                    time: setup_time + results.iter().map(|r| r.2).sum::<std::time::Duration>(),
                });
            }
            for (ri, analysed, _) in results {
                let res = match analysed {
                    Ok(r) => r,
                    Err(e) => {
                        let message = crate::panic_message(&e);
                        out.internal_errors.push(InternalError {
                            function: f.qualified_name(),
                            span: f.span,
                            message,
                        });
                        continue;
                    }
                };
                out.findings.extend(res.findings);
                nonlocal.extend(res.nonlocal);
                if let Some(o) = res.order_exit {
                    orders[ri].insert(fi, o);
                }
                for (label, net) in res.net {
                    let e = nets.entry((fi, label)).or_default();
                    e.end_guarded = if e.end.is_some() {
                        e.end_guarded && net.end_guarded
                    } else {
                        net.end_guarded
                    };
                    e.start = e.start.or(net.start);
                    e.end = e.end.or(net.end);
                    e.end_on_error_only = net.end_on_error_only;
                }
                if res.approximate {
                    out.approximations.push(Approximation {
                        function: f.qualified_name(),
                        span: f.span,
                        rule: rules[ri].id.clone(),
                    });
                }
            }
        }
    }
    out.findings
        .extend(interp::check_nonlocal(&ctx, rules, &nonlocal));
    for (r, f) in rules.iter().zip(&facts) {
        out.findings.extend(interp::check_member_order(&ctx, r, f));
    }
    for r in rules {
        out.findings
            .extend(simple::run(program, &ctx.calls, &ctx.graph, r));
    }
    out.findings = dedupe(out.findings);
    out
}

/// A CFG's branches: two-way branches plus the extra arms of each multi-way choice.
fn branches(cfg: &graph::Cfg) -> usize {
    cfg.nodes
        .iter()
        .map(|n| match n.kind {
            graph::NodeKind::Branch(_) => 1,
            graph::NodeKind::Choice => n.succ.len().saturating_sub(1),
            _ => 0,
        })
        .sum()
}

/// Does the local `name` of type `ty` (declared at `decl`) do something when its scope ends:
/// a scope guard, any Rust value, a C++ smart pointer or a value of a class with a destructor?
pub(crate) fn droppable(
    graph: &CallGraph,
    fi: usize,
    f: &crate::ir::Function,
    smart_pointers: &[String],
    name: &str,
    ty: &str,
    decl: Span,
) -> bool {
    !name.is_empty()
        && (graph.guards[fi].contains_key(&decl)
            || f.drops_locals
            || summary::is_smart_pointer(ty, smart_pointers)
            // A class with no destructor of its own still destroys its members (an
            // `AutoMAPI m_mapi` whose destructor uninitializes), as far as the analysis
            // sees them built (`CallGraph::member_drops`).
            || summary::value_class(ty)
                .is_some_and(|c| graph.dtor_of.contains_key(&c) || graph.member_drops.contains(&c)))
}

fn touches(f: &RuleFacts, fi: usize) -> bool {
    // Leak checks on handles: exactly the functions `direct` selects (a start, a helper
    // that hands one out, or, for rules judging what is held at `Logoff`, a `Logoff` made
    // here or by a guard or helper: a destructor that only logs off still judges the
    // members it releases after its body).
    if let Some(d) = &f.direct {
        return d[fi];
    }
    f.resources
        .iter()
        .any(|r| r.start_site[fi].is_some() || r.end_site[fi].is_some())
        || f.first_site[fi].is_some()
        || f.then_site[fi].is_some()
}

/// See [`ResourceFacts::global_starts`]: in function order, then call order.
fn global_starts(ctx: &Ctx, start: &[crate::rules::CallPat]) -> Vec<(usize, Span, String, String)> {
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    for (pi, p) in start.iter().enumerate() {
        let key = p.name.rsplit("::").next().unwrap_or(&p.name);
        for &(f, i) in ctx.by_name.get(key).into_iter().flatten() {
            hits.push((f, i, pi));
        }
    }
    hits.sort_unstable();
    hits.dedup_by_key(|h| (h.0, h.1));
    let mut out = Vec::new();
    let mut locals: Option<(usize, Vec<&str>)> = None;
    for (f, i, _) in hits {
        let func = &ctx.program.functions[f];
        if func.drops_locals || func.class.is_some() {
            continue;
        }
        let c = ctx.calls[f][i];
        // The first pattern that matches, as the walk used to find it.
        let Some(p) = start.iter().find(|p| p.matches(c)) else {
            continue;
        };
        let Some(h) = interp::handle_of(c, p.handle) else {
            continue;
        };
        if locals.as_ref().is_none_or(|(lf, _)| *lf != f) {
            locals = Some((f, func.locals()));
        }
        let is_local = locals
            .as_ref()
            .is_some_and(|(_, l)| l.contains(&h.as_str()));
        if !h.contains('.') && !h.starts_with('*') && !is_local && !func.params.contains(&h) {
            out.push((f, c.span, h, c.callee.name().to_string()));
        }
    }
    out
}

fn rule_facts(ctx: &Ctx, rule: &Rule) -> RuleFacts {
    let m = &rule.model;
    let sites = |p: &[crate::rules::CallPat]| {
        summary::transitive_sites(&ctx.calls, &ctx.by_name, &ctx.graph, p)
    };
    let resources: Vec<ResourceFacts> = m
        .resources
        .iter()
        .map(|r| {
            let start_site = sites(&r.start);
            let end_site = sites(&r.end);
            let program_has_start = start_site.iter().any(Option::is_some);
            let program_has_end = end_site.iter().any(Option::is_some);
            let hands_out = if m.follow_helpers && r.scope == crate::rules::Scope::Handle {
                ctx.program
                    .functions
                    .iter()
                    .zip(&ctx.calls)
                    .map(|(f, calls)| interp::hands_out(f, calls, r))
                    .collect()
            } else {
                vec![Vec::new(); ctx.program.functions.len()]
            };
            let global_starts = if m.check == crate::rules::Check::Leak
                && !m.report_held_at.is_empty()
                && r.scope == crate::rules::Scope::Handle
            {
                global_starts(ctx, &r.start)
            } else {
                Vec::new()
            };
            ResourceFacts {
                hands_out,
                global_starts,
                start_site,
                end_site,
                program_has_start,
                program_has_end,
            }
        })
        .collect();
    let held_at_site = if m.report_held_at.is_empty() {
        vec![None; ctx.calls.len()]
    } else {
        // Asked only for the functions that make a matching call (few): their locals are
        // looked up then, not built for every function.
        let keep = |f: usize, c: &crate::ir::Call| {
            c.callee
                .receiver()
                .and_then(|r| r.place_key())
                .is_some_and(|k| !ctx.program.functions[f].locals().contains(&k.as_str()))
        };
        summary::transitive_sites_where(
            &ctx.calls,
            &ctx.by_name,
            &ctx.graph,
            &m.report_held_at,
            &keep,
        )
    };
    let handles_only = m.check == crate::rules::Check::Leak
        && m.resources
            .iter()
            .all(|r| r.scope == crate::rules::Scope::Handle);
    let direct = handles_only.then(|| {
        let held_only = !m.leak_at_exit && !m.report_held_at.is_empty();
        let pats: Vec<&crate::rules::CallPat> = if held_only {
            m.report_held_at.iter().collect()
        } else {
            m.resources.iter().flat_map(|r| &r.start).collect()
        };
        // The functions with a matching call, through the callee-name index (a pattern only
        // matches calls of its last path segment).
        let mut matched = vec![false; ctx.calls.len()];
        for p in pats {
            let key = p.name.rsplit("::").next().unwrap_or(&p.name);
            for &(f, i) in ctx.by_name.get(key).into_iter().flatten() {
                matched[f] = matched[f] || p.matches(ctx.calls[f][i]);
            }
        }
        // A function that logs off and ends the resource itself or through its callees (a
        // teardown), for a rule that judges what is held at the Logoff: it may end a global
        // handle that another function started only after the Logoff (`globals_held`).
        if !held_only {
            for p in &m.report_held_at {
                let key = p.name.rsplit("::").next().unwrap_or(&p.name);
                for &(f, i) in ctx.by_name.get(key).into_iter().flatten() {
                    if p.matches(ctx.calls[f][i])
                        && resources
                            .iter()
                            .any(|r: &ResourceFacts| r.end_site[f].is_some())
                    {
                        matched[f] = true;
                    }
                }
            }
        }
        // Rust, for rules that judge what is held at a Logoff: a function that opens an object
        // and builds a struct value (`Ok(Agent { guard, status })`), which may log off before
        // its fields drop (`moved_into_logging_off_struct`, `moved_behind_guard_field`).
        if held_only {
            for (f, calls) in ctx.calls.iter().enumerate() {
                if matched[f] || !ctx.program.functions[f].drops_locals {
                    continue;
                }
                let literal = calls.iter().any(|c| {
                    matches!(&c.callee, crate::ir::Callee::Function { path, .. } if path.ends_with("::{}"))
                });
                matched[f] = literal
                    && calls.iter().any(|c| {
                        m.resources.iter().any(|r| r.start.iter().any(|p| p.matches(c)))
                    });
            }
        }
        // A C/C++ function that makes a `report-at` call (`pSession->Logoff(..)`) and an end
        // call, or a Rust one that takes a parameter by value: it may log off and release a
        // parameter on some paths only (`params_logged_off_and_released`).
        for p in &m.report_at {
            let key = p.name.rsplit("::").next().unwrap_or(&p.name);
            for &(f, i) in ctx.by_name.get(key).into_iter().flatten() {
                let func = &ctx.program.functions[f];
                let releases = if func.drops_locals {
                    func.param_types
                        .iter()
                        .any(|t| !t.is_empty() && !t.starts_with('&') && t != "self")
                } else {
                    ctx.calls[f].iter().any(|c| {
                        m.resources
                            .iter()
                            .any(|r| r.end.iter().any(|e| e.matches(c)))
                    })
                };
                if !func.params.is_empty() && p.matches(ctx.calls[f][i]) && releases {
                    matched[f] = true;
                }
            }
        }
        // Classes whose methods start a resource on a member (`MAPILogonEx(.., &m_lpSession)`):
        // their other methods may release it without ending it (`release-while-held`).
        let started_in: std::collections::HashSet<&str> = if m.release_while_held.is_empty() {
            Default::default()
        } else {
            matched
                .iter()
                .enumerate()
                .filter(|&(_, &hit)| hit)
                .filter_map(|(f, _)| ctx.program.functions[f].class.as_deref())
                .collect()
        };
        // Free functions that end and release a global handle (`StopMapi()` with
        // `g_lpSession->Logoff(..)` and `g_lpSession->Release()`): the teardown of a session
        // logged on elsewhere.
        let global_teardown = |fi: usize| {
            let f = &ctx.program.functions[fi];
            if m.release_while_held.is_empty() || f.class.is_some() {
                return false;
            }
            let handles = |pats: &mut dyn Iterator<Item = &crate::rules::CallPat>| {
                let pats: Vec<&crate::rules::CallPat> = pats.collect();
                ctx.calls[fi]
                    .iter()
                    .filter_map(|c| {
                        let p = pats.iter().find(|p| p.matches(c))?;
                        interp::handle_of(c, p.handle)
                    })
                    .collect::<Vec<String>>()
            };
            let released = handles(&mut m.release_while_held.iter());
            if released.is_empty() {
                return false;
            }
            let ended = handles(&mut m.resources.iter().flat_map(|r| r.end.iter()));
            let locals = f.locals();
            released.iter().any(|h| {
                ended.contains(h) && !locals.contains(&h.as_str()) && !f.params.contains(h)
            })
        };
        matched
            .iter()
            .enumerate()
            .map(|(fi, &matched)| {
                matched
                    || global_teardown(fi)
                    || (held_only && held_at_site[fi].is_some())
                    || ctx.program.functions[fi]
                        .class
                        .as_deref()
                        .is_some_and(|c| started_in.contains(c))
                    || (m.follow_helpers
                        && ctx.graph.edges[fi].values().flatten().any(|&t| {
                            resources
                                .iter()
                                .any(|r: &ResourceFacts| !r.hands_out[t].is_empty())
                        }))
            })
            .collect()
    });
    RuleFacts {
        direct,
        resources,
        first_site: sites(&m.first),
        then_site: if m.then_on_types.is_empty() {
            sites(&m.then)
        } else {
            summary::transitive_sites_from(
                &ctx.calls,
                &ctx.by_name,
                &ctx.graph,
                &m.then,
                &|_, _| true,
                typed_member_calls(ctx, &m.then_on_types),
            )
        },
        reset_site: sites(&m.reset),
        held_at_site,
    }
}

/// Per C/C++ method, the index (in `ctx.calls`) of its first method call on a member of one
/// of `types` (`m_lpSession->Release()` in a destructor): a MAPI call it makes, as an API
/// function is. Not one under a test of that member when another function of the class
/// clears it (`Close()` setting `m_lpSession = NULL` before the destructor's `if
/// (m_lpSession) m_lpSession->Release();` runs): that one may do nothing.
fn typed_member_calls(ctx: &Ctx, types: &[String]) -> Vec<Option<usize>> {
    let program = ctx.program;
    let field_type = |class: &str, field: &str| -> Option<String> {
        let k = program.classes.iter().find(|k| k.name == class)?;
        let i = k.fields.iter().position(|x| x == field)?;
        k.field_types.get(i).cloned()
    };
    program
        .functions
        .iter()
        .enumerate()
        .map(|(fi, f)| {
            let class = f.class.as_deref()?;
            if f.drops_locals || f.builtin {
                return None;
            }
            let locals = f.locals();
            ctx.calls[fi].iter().position(|c| {
                let Some(k) = c.callee.receiver().and_then(|r| r.place_key()) else {
                    return false;
                };
                let field = k.trim_start_matches("this->").trim_start_matches("this.");
                if field.contains(['.', '>', '-', '['])
                    || locals.contains(&field)
                    || f.params.iter().any(|p| p == field)
                {
                    return false;
                }
                let typed = field_type(class, field)
                    .and_then(|t| summary::receiver_class(&t))
                    .is_some_and(|t| types.contains(&t));
                typed
                    && !(summary::under_test_of(&f.body, c.span, field)
                        && ctx.families.functions(class).iter().any(|&g| {
                            g != fi
                                && program.functions[g].kind != crate::ir::FnKind::Constructor
                                && summary::clears_member(&program.functions[g], field)
                        }))
            })
        })
        .collect()
}

/// Sorts findings deterministically and drops exact duplicates (same rule, same primary
/// span start); the caller folds findings on the same line.
fn dedupe(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| {
        (
            a.primary.span.file,
            a.primary.span.start,
            &a.rule,
            a.primary.span.end,
        )
            .cmp(&(
                b.primary.span.file,
                b.primary.span.start,
                &b.rule,
                b.primary.span.end,
            ))
    });
    let mut seen: BTreeSet<(String, usize, u32)> = BTreeSet::new();
    findings.retain(|f| seen.insert((f.rule.clone(), f.primary.span.file, f.primary.span.start)));
    findings
}
