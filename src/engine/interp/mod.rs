//! Path exploration of one function's control-flow graph under one rule's model.

use super::{Ctx, Net, Nets, OrderExit, OrderExits, RuleFacts, STATE_BUDGET};
use crate::diagnostic::{Finding, Label};
use crate::graph::{Cfg, ExitKind, NodeKind};
use crate::ir::{Call, Callee, Expr, Function, Span};
use crate::rules::{CallPat, Check, HandlePos, Rule, Scope};
use rustc_hash::{FxHashMap, FxHashSet as HashSet};

mod calls;
mod conditions;
mod events;
mod joins;
mod lifetimes;
mod places;

pub(crate) use calls::hands_out;
use calls::*;
use conditions::*;
use events::lent_params;
use lifetimes::*;
pub(crate) use places::handle_of;
use places::*;

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
            origin: None,
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
            param_owned: false,
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
    /// The first object of the chain it was opened from (`lpSession` for a table opened
    /// from a folder opened from a store opened from `lpSession`).
    origin: Option<String>,
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
    /// C/C++: a parameter this function logs off and releases on some path (`EndSession(p)`):
    /// a path that logs it off and leaves without releasing it leaks it here.
    param_owned: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Assumption {
    /// Shared, not owned: states are cloned at every branch, and their assumptions with them.
    key: std::rc::Rc<str>,
    value: bool,
    vars: std::rc::Rc<[String]>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
struct State {
    tokens: Vec<Token>,
    assumptions: Vec<Assumption>,
    /// A branch on a member or global was taken on this path (an end under it is guarded).
    guarded: bool,
    /// Order checks: where the `first` event happened on this path (and through which call).
    mark: Option<(Span, Via)>,
    /// The mark was left by a helper that does the `first` event only when it fails
    /// (`Logon::new(init, ..)?` drops its `Arc<Initialize>` on its error path): it holds only
    /// while the helper's result may be a failure, and goes on the branch where it succeeded.
    mark_if_failed: Option<Link>,
    /// Order checks: `reset` calls seen on this path beyond the first, at most 3
    /// (MAPIInitialize is reference counted: with two outstanding, one MAPIUninitialize
    /// leaves MAPI initialized, so it sets no mark).
    depth: u8,
    /// Global resources (bit per resource index) ended on this path with nothing held here:
    /// a net end of this function.
    net_ends: u8,
    /// Locals moved away on this path (Rust): nothing happens when they go out of scope.
    moved: Vec<String>,
    /// C/C++ out-parameters a call wrote (`MAPILogonEx(.., &lpSession)`) that a later branch
    /// tests, with the link to that call's result: where the result says success, the place
    /// is not null, so a later `if (lpSession)` takes its true branch.
    set_on_success: Vec<(Link, String)>,
}

impl State {
    /// A `reset` event (MAPIInitialize): nothing is ended any more, and one more reference
    /// is outstanding (the first one since the mark was set counts as the first).
    fn reset_mark(&mut self) {
        if self.mark.is_none() {
            self.depth = (self.depth + 1).min(3);
        } else {
            self.depth = 1;
        }
        self.mark = None;
        self.mark_if_failed = None;
    }

    /// A `first` event (MAPIUninitialize) while more than one reference is outstanding
    /// drops one and ends nothing.
    fn still_counted(&mut self) -> bool {
        if self.depth >= 2 {
            self.depth -= 1;
            true
        } else {
            self.depth = 0;
            false
        }
    }
}

/// A call standing for an implicit constructor or destructor call at `span`.
/// Is the Eval node `n` the value of a `return` (its successors, through the drops of the
/// scopes it leaves, reach a return exit whose value is `value`)?
fn returns_value(cfg: &Cfg, mut n: usize, value: Span) -> bool {
    for _ in 0..64 {
        let Some(&next) = cfg.nodes[n].succ.first() else {
            return false;
        };
        match &cfg.nodes[next].kind {
            NodeKind::Drop { .. } => n = next,
            NodeKind::Exit {
                kind: ExitKind::Return,
                value: Some(v),
                ..
            } => return v.span() == value,
            _ => return false,
        }
    }
    false
}

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
    /// Order checks: where the `first` event is still marked at this function's exits (None
    /// when its paths were not all explored).
    pub order_exit: Option<OrderExit>,
    pub findings: Vec<Finding>,
    pub nonlocal: Vec<NonLocal>,
    pub approximate: bool,
    /// (node, state) pairs explored (for `--stats`).
    pub states: usize,
    /// States widened at joins (for `--stats`).
    pub widened: usize,
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
    /// Where the scope of each local declaration ends (its block's closing brace).
    scope_end: &'a FxHashMap<Span, Span>,
    /// Rust: for each shared local, where its clones went ([`lifetimes::clone_holders`]).
    clone_holders: &'a FxHashMap<String, Option<Vec<(String, bool)>>>,
    /// What each drop point runs, by (declaration, drop point) ([`Interp::drop_plan`]).
    drop_plans: FxHashMap<(Span, Span), std::rc::Rc<DropPlan>>,
    /// Answers of the program-wide scans a path step asks ([`Interp::flag_guards_end`],
    /// [`Interp::moved_into_type_without_end`]), by (name, resource): asked once, not per path.
    program_scans: FxHashMap<(String, usize), bool>,
    /// Declared type of each local (C/C++; empty when not written), or in Rust what calls
    /// say it holds (the last declaration of a name).
    decl_types: &'a FxHashMap<String, String>,
    /// Rust: locals with some declaration of an `Option` of an interface ([`Interp::empty_option`]).
    optional_locals: &'a HashSet<String>,
    /// Rust: the parameters taken by value (`session: IMAPISession`): dropped where the
    /// function returns unless moved away.
    owned_params: &'a HashSet<String>,
    shared: &'a HashSet<String>,
    copies: &'a HashSet<String>,
    /// Net effects of the functions analysed so far (callees come first).
    nets: &'a Nets,
    /// Order checks: the exits of the functions analysed so far (this rule's).
    orders: &'a OrderExits,
    /// Order checks: this function's own exits, as far as seen.
    order_exit: Option<OrderExit>,
    /// Global resources (bit per index) with a net end on a path that left normally.
    ended_at_ok_exit: u8,
    /// Set while applying a callee's guarded end: nothing held is then no surplus.
    quiet_end: bool,
    /// Set while dropping the fields of a value a helper built (`CallGraph::built_elsewhere`):
    /// their `first` event (the drop of an `Arc<Initialize>` clone inside a `Logon`) may not be
    /// the last reference, so it marks nothing.
    quiet_first: bool,
    /// [`Interp::class_releases_nothing`]'s answers, by class (asked from a `&self` closure).
    class_scans: std::cell::RefCell<FxHashMap<String, bool>>,
    /// [`Interp::param_end`] answers at depth 0, by (function, parameter): asked at every
    /// call on every path.
    param_ends: std::cell::RefCell<FxHashMap<(usize, usize), bool>>,
    /// [`Interp::open_at_callee_logoff`]'s answers by (callee, parameter), asked per path.
    logoff_first: std::cell::RefCell<FxHashMap<(usize, usize), bool>>,
    /// How many branches test each side-effect-free condition: only a condition tested twice
    /// (or assigned a constant and tested) can correlate, so only those are remembered.
    tested: &'a FxHashMap<String, usize>,
    /// This function's net effects, by resource label.
    net: Vec<(String, Net)>,
}

/// The place a borrow or reference expression names (`&x` -> `x`).
pub(crate) fn strip_borrow_key(e: &Expr) -> Option<String> {
    strip_borrow(e).place_key()
}

/// Calls (by span) of helpers that clone the arguments at these positions.
pub(crate) type Cloning = FxHashMap<Span, Vec<usize>>;

/// The local a call lends to a helper that clones it (`Scanner::new(&init)`): the value it
/// returns holds a clone of that local.
pub(super) fn lent_to_cloner(c: &Call, cloning: &Cloning) -> Option<String> {
    let idx = cloning.get(&c.span)?;
    idx.iter()
        .find_map(|&i| c.args.get(i).and_then(strip_borrow_key))
}

/// Rust locals whose value is shared: `.clone()`/`.cast()` on them, `Arc::clone(&x)`, and
/// locals built from a shared value or a clone (a `Logon` holding a cloned `Arc`). Dropping
/// them is never taken to be the last reference going away.
/// Rust locals that share a value with another (`x` with `x.clone()`). With `copies_only`,
/// only the copies themselves (`let y = x.clone()?;`), not the new values that hold a clone
/// (`let logon = Logon::new(init.clone(), ..)?;`). A local lent to a helper that clones it
/// (`Scanner::new(&init)`, see [`Cloning`]) is shared too.
fn shared_locals(f: &Function, copies_only: bool, cloning: &Cloning) -> HashSet<String> {
    let mut out = HashSet::default();
    f.for_each_call(&mut |c| match &c.callee {
        _ if let Some(x) = lent_to_cloner(c, cloning) => {
            out.insert(x);
        }
        Callee::Method { receiver, name, .. } if matches!(name.as_str(), "clone" | "cast") => {
            out.extend(receiver.place_key());
        }
        Callee::Function { name, path } if name == "clone" && path != "clone" => {
            out.extend(c.args.first().and_then(arg_place));
        }
        _ => {}
    });
    // The value itself is a copy of a shared one (`let y = x.clone()?`, `let y = x;`), not a
    // new value that holds a clone (`Logon::new(init.clone(), ..)`: a `Logon` of its own).
    fn shares(e: &Expr, shared: &HashSet<String>, strict: bool, cloning: &Cloning) -> bool {
        match e {
            Expr::Name { name, .. } => shared.contains(name),
            Expr::Call(c) if matches!(c.callee.name(), "clone" | "cast") => true,
            Expr::Call(c) if !strict && lent_to_cloner(c, cloning).is_some() => true,
            Expr::Call(c) if strict => match &c.callee {
                Callee::Function { name, .. } if matches!(name.as_str(), "Ok" | "Some") => c
                    .args
                    .first()
                    .is_some_and(|a| shares(a, shared, strict, cloning)),
                Callee::Method { receiver, name, .. }
                    if name == "into"
                        || crate::engine::summary::RESULT_ADAPTERS.contains(&name.as_str()) =>
                {
                    shares(receiver, shared, strict, cloning)
                }
                _ => false,
            },
            // A borrow (`&logon.session`, a one-child `Other`) or a field of a shared value
            // holds no clone of it.
            Expr::Other { children, .. } if children.len() == 1 => false,
            Expr::Field { .. } => false,
            _ => e
                .children()
                .into_iter()
                .any(|x| shares(x, shared, strict, cloning)),
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
            if shares(init, &out, copies_only, cloning) {
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
    scope_end: FxHashMap<Span, Span>,
    clone_holders: FxHashMap<String, Option<Vec<(String, bool)>>>,
    decl_types: FxHashMap<String, String>,
    optional_locals: HashSet<String>,
    owned_params: HashSet<String>,
    shared: HashSet<String>,
    /// The shared locals that are copies of the shared value, not values holding a clone.
    copies: HashSet<String>,
    branch_keys: Vec<Vec<String>>,
    live: LiveConditions,
    tested: FxHashMap<String, usize>,
    /// Rust: per node, an Eval of the value a `return` hands to the caller (the guards moved
    /// into it go with it).
    return_values: Vec<bool>,
    /// The spans of the `return`s that hand back a failure: Rust `?` and `Err(..)`, an error
    /// constant (`E_FAIL`, `MAPI_E_NOT_FOUND`), or the very result a `FAILED(hr)` around it
    /// tested (`if (FAILED(hr)) { ..; return hr; }`).
    error_returns: HashSet<Span>,
    /// Per node: does more than one edge lead to it (where paths are joined, [`joins`])?
    merges: Vec<bool>,
}

/// See [`FnFacts::error_returns`].
fn error_returns(b: &crate::ir::Block, failed: &[String], out: &mut HashSet<Span>) {
    use crate::ir::Stmt;
    fn error_constant(e: &Expr) -> bool {
        match strip_borrow(e) {
            Expr::Name { name, .. } => {
                name.starts_with("E_") || name.starts_with("MAPI_E_") || name.starts_with("?")
            }
            Expr::Call(c) => matches!(c.callee.name(), "Err" | "HRESULT_FROM_WIN32"),
            _ => false,
        }
    }
    for s in &b.stmts {
        match s {
            Stmt::Return {
                value: Some(v),
                span,
            } if error_constant(v) || v.place_key().is_some_and(|k| failed.contains(&k)) => {
                out.insert(*span);
            }
            Stmt::If { cond, then, els } => {
                // `if (FAILED(hr))`: the `then` branch holds a failure in `hr`.
                let mut inner = failed.to_vec();
                if let Some((key, false, vars)) = pure_key(&purify(cond))
                    && key.starts_with("SUCCEEDED(")
                    && vars.len() == 1
                {
                    inner.push(vars[0].clone());
                }
                error_returns(then, &inner, out);
                if let Some(e) = els {
                    error_returns(e, failed, out);
                }
            }
            _ => {
                for nb in s.blocks() {
                    error_returns(nb, failed, out);
                }
            }
        }
    }
}

impl<'a> FnFacts<'a> {
    pub(crate) fn new(
        f: &'a Function,
        cfg: &Cfg,
        cloning: &Cloning,
        api_types: &crate::engine::summary::ApiTypes,
    ) -> FnFacts<'a> {
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
        let (shared, copies) = if f.drops_locals {
            (
                shared_locals(f, false, cloning),
                shared_locals(f, true, cloning),
            )
        } else {
            (HashSet::default(), HashSet::default())
        };
        FnFacts {
            clone_holders: shared
                .iter()
                .map(|x| (x.clone(), clone_holders(f, x, cloning)))
                .collect(),
            locals: f.locals().into_iter().collect(),
            decl_of: crate::engine::summary::local_decls(f),
            scope_end: {
                fn walk(b: &crate::ir::Block, out: &mut FxHashMap<Span, Span>) {
                    for s in &b.stmts {
                        if let crate::ir::Stmt::Decl { span, .. } = s {
                            out.insert(*span, b.close);
                        }
                        for nb in s.blocks() {
                            walk(nb, out);
                        }
                    }
                }
                let mut out = FxHashMap::default();
                if f.drops_locals {
                    walk(&f.body, &mut out);
                }
                out
            },
            decl_types: {
                // Rust locals written without a type: what the calls say they hold.
                let mut t = crate::engine::summary::local_types(f);
                for (name, ty) in &api_types.last {
                    if t.get(name).is_some_and(String::is_empty) {
                        t.insert(name.clone(), ty.clone());
                    }
                }
                t
            },
            optional_locals: {
                let mut decls = Vec::new();
                crate::engine::summary::collect_decls(&f.body, &mut decls);
                decls
                    .iter()
                    .filter(|(_, ty, _, _)| ty.replace(' ', "").starts_with("Option<"))
                    .map(|(n, _, _, _)| n.to_string())
                    .chain(api_types.optional.iter().cloned())
                    .collect()
            },
            owned_params: f
                .params
                .iter()
                .zip(&f.param_types)
                .filter(|(p, ty)| {
                    f.drops_locals
                        && *p != "self"
                        && !ty.is_empty()
                        && !ty.starts_with('&')
                        && !ty.starts_with("impl ")
                })
                .map(|(p, _)| p.clone())
                .collect(),
            shared,
            copies,
            branch_keys,
            live,
            tested,
            return_values: cfg
                .nodes
                .iter()
                .enumerate()
                .map(|(n, node)| {
                    f.drops_locals
                        && matches!(&node.kind, NodeKind::Eval(e) if returns_value(cfg, n, e.span()))
                })
                .collect(),
            error_returns: {
                let mut out = HashSet::default();
                error_returns(&f.body, &[], &mut out);
                out
            },
            merges: {
                let mut preds = vec![0u8; cfg.nodes.len()];
                for n in &cfg.nodes {
                    for &s in &n.succ {
                        preds[s] = preds[s].saturating_add(1);
                    }
                }
                preds.into_iter().map(|p| p > 1).collect()
            },
        }
    }
}

pub(crate) fn analyse(
    ctx: &Ctx,
    rule: &Rule,
    facts: &RuleFacts,
    (nets, orders): (&Nets, &OrderExits),
    fi: usize,
    cfg: &Cfg,
    fnf: &FnFacts,
) -> Result {
    let f = &ctx.program.functions[fi];
    let entry = crate::engine::summary::is_entry_point(f);
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
        scope_end: &fnf.scope_end,
        clone_holders: &fnf.clone_holders,
        drop_plans: FxHashMap::default(),
        program_scans: FxHashMap::default(),
        decl_types: &fnf.decl_types,
        optional_locals: &fnf.optional_locals,
        owned_params: &fnf.owned_params,
        nets,
        orders,
        order_exit: None,
        ended_at_ok_exit: 0,
        quiet_end: false,
        quiet_first: false,
        class_scans: Default::default(),
        param_ends: Default::default(),
        logoff_first: Default::default(),
        net: Vec::new(),
        tested: &fnf.tested,
        shared: &fnf.shared,
        copies: &fnf.copies,
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
    let merges = fnf.merges.as_slice();
    let mut joins = joins::Joins::default();
    while let Some((n, st)) = stack.pop() {
        if seen.len() >= STATE_BUDGET {
            approximate = true;
            break;
        }
        let mut st = st;
        live.prune(n, &mut st.assumptions);
        if merges[n] && !st.assumptions.is_empty() {
            let assumed = std::mem::take(&mut st.assumptions);
            let tracked = fingerprint(n, &st);
            st.assumptions = assumed;
            if !joins.admit(n, tracked, &mut st) {
                continue;
            }
        }
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
                    && let Some(name) = match value {
                        Expr::Name { name, .. } => Some(name.as_str()),
                        _ => consumed_root(value),
                    }
                {
                    it.moved_into(name, None, &mut st);
                }
                // A returned tuple (`Ok((session, store))`) moves each of its locals out.
                if f.drops_locals && fnf.return_values[n] {
                    let mut inner = value;
                    if let Expr::Call(c) = inner
                        && matches!(c.callee.name(), "Ok" | "Some")
                        && c.args.len() == 1
                    {
                        inner = &c.args[0];
                    }
                    if let Expr::Other { children, .. } = inner
                        && children.len() > 1
                    {
                        for ch in children {
                            if let Some(name) = consumed_root(ch) {
                                it.moved_into(name, None, &mut st);
                            }
                        }
                    }
                }
                // Rust: the returned value (`Ok(MailSession { logon })`) takes the guards
                // moved into it to the caller: what they started is still held at the exit
                // (the caller's to end), not gone with an unkept temporary.
                if fnf.return_values[n] {
                    for t in st.tokens.iter_mut() {
                        if t.owner
                            .as_deref()
                            .is_some_and(|o| o.starts_with("<moved into "))
                        {
                            t.owner = None;
                        }
                    }
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
                // Rust: a `let` that shadows a moved local holds a new value, not moved.
                if f.drops_locals
                    && let Some(i) = st.moved.iter().position(|m| m == name)
                {
                    st.moved.remove(i);
                }
                it.assign(&place, init.as_ref(), &mut st);
                if rule.model.check == Check::Order
                    && matches!(init, Some(Expr::Lit { text: n, .. } | Expr::Name { name: n, .. }) if n == "None")
                    && it.empty_option(name)
                {
                    it.moved(name, &mut st);
                }
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
                // Rust: a parameter taken by value that this function logs off is dropped
                // (released) here unless it was moved away (`mem::forget(session)`).
                if f.drops_locals {
                    let moved = &st.moved;
                    st.tokens.retain(|t| {
                        !(t.param_owned
                            && t.handle.as_deref().is_some_and(|h| {
                                fnf.owned_params.contains(h) && !moved.iter().any(|m| m == h)
                            }))
                    });
                }
                let error_exit = *kind == ExitKind::Return && fnf.error_returns.contains(span);
                if !error_exit {
                    it.ended_at_ok_exit |= st.net_ends;
                }
                if rule.model.check == Check::Order && st.mark.is_some() {
                    let o = it.order_exit.get_or_insert_default();
                    if error_exit {
                        o.err = true;
                    } else {
                        o.ok = true;
                    }
                }
                it.exit(*kind, value.as_ref(), *span, &st);
            }
        }
    }
    let mut net = std::mem::take(&mut it.net);
    for (label, n) in net.iter_mut() {
        let ri = rule.model.resources.iter().position(|r| r.label == *label);
        n.end_on_error_only = n.end.is_some()
            && !approximate
            && ri.is_some_and(|ri| ri < 8 && it.ended_at_ok_exit & (1 << ri) == 0);
    }
    Result {
        net,
        // Unknown when the paths were not all explored.
        order_exit: (rule.model.check == Check::Order && !approximate)
            .then(|| it.order_exit.unwrap_or_default()),
        findings: it.findings,
        nonlocal: it.nonlocal,
        approximate,
        states: seen.len(),
        widened: joins.widened,
    }
}

/// Two independent hashes of a (node, state) pair: foldhash (its quality variant, with a fixed
/// seed) and FxHash, two unrelated constructions, both deterministic across runs. SipHash in
/// place of foldhash was about 2% of a run: the derived `Hash` makes many small writes.
fn fingerprint(node: usize, st: &State) -> (u64, u64) {
    use std::hash::BuildHasher;
    let fold = foldhash::quality::FixedState::with_seed(0x6d61_7069_6c69_6e74).hash_one((node, st));
    let fx = rustc_hash::FxBuildHasher.hash_one((node, st));
    (fold, fx)
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
        if self.rule.model.check == Check::Leak && !self.rule.model.report_held_at.is_empty() {
            self.globals_held(&mut st);
        }
        if !self.rule.model.release_while_held.is_empty() {
            self.members_released_unended(&mut st);
        }
        if self.rule.model.check == Check::Leak && !self.rule.model.report_at.is_empty() {
            self.params_logged_off_and_released(&mut st);
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
            // Members opened from an ended member session in another method of the class
            // (`OpenMsgStore(.., &m_lpMDB)` in `Open()`, used after `m_lpSession->Logoff(..)`
            // in `Close()`): obtained from it, as if opened here.
            if !self.f.drops_locals
                && let Some(family) = self.class_family()
            {
                self.members_derived(ri, &family, &mut st);
            }
            // A handle this function lends to a scanned helper that ends it on every path
            // (`EndSession(lpSession)`, `session.logoff()` ending `self.inner`): tracked the
            // same way, as the place the helper ends.
            for c in self.ctx.calls[self.fi].iter().copied() {
                let Some(targets) = self.ctx.graph.edges[self.fi].get(&c.span) else {
                    continue;
                };
                let Some(&g) = targets.first() else { continue };
                for (a, k) in lent_params(c, &self.ctx.program.functions[g]) {
                    let Some(key) = strip_borrow(a).place_key() else {
                        continue;
                    };
                    if !targets.iter().all(|&t| self.param_end(t, k, 0)) {
                        continue;
                    }
                    let h = self.ended_place(g, k, &key);
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
        }
        st.tokens.sort();
        st
    }

    /// See [`Interp::initial_state`]: each parameter this function both logs off (a
    /// `report-at` call) and releases (an `end` call) somewhere is held from its start, so a
    /// path that logs it off and returns without the release is found here (`if
    /// (FAILED(hr)) return hr;` between the two).
    fn params_logged_off_and_released(&self, st: &mut State) {
        let model = &self.rule.model;
        for (ri, r) in model.resources.iter().enumerate() {
            if r.scope != Scope::Handle {
                continue;
            }
            for p in &self.f.params {
                let on_p = |c: &Call, pats: &[CallPat]| {
                    pats.iter().any(|pat| {
                        pat.matches(c) && handle_of(c, pat.handle).as_deref() == Some(p.as_str())
                    })
                };
                let calls = &self.ctx.calls[self.fi];
                let logs_off = calls.iter().any(|c| {
                    model.report_at.iter().any(|pat| {
                        pat.matches(c)
                            && c.callee
                                .receiver()
                                .and_then(|x| strip_borrow(x).place_key())
                                .as_deref()
                                == Some(p.as_str())
                    })
                });
                // Rust: a parameter taken by value is released by its drop at the return.
                let releases = if self.f.drops_locals {
                    self.owned_params.contains(p.as_str())
                } else {
                    calls.iter().any(|c| on_p(c, &r.end))
                };
                if !logs_off || !releases {
                    continue;
                }
                let start = r.start.first().map(|x| x.name.clone()).unwrap_or_default();
                st.tokens.push(Token {
                    handle: Some(p.clone()),
                    param_owned: true,
                    ..Token::new(ri, self.f.span, start)
                });
            }
        }
    }

    /// See [`Interp::initial_state`]: per member this function calls methods on, a derived
    /// token when some method of the class writes it as an out parameter of a call on a
    /// member session tracked here.
    fn members_derived(&self, ri: usize, family: &[usize], st: &mut State) {
        let field = |k: &str| k.rsplit(['.', '>']).next().unwrap_or(k).to_string();
        let member = |k: &str| {
            let root = k.split(['.', '-']).next().unwrap_or(k);
            !self.locals.contains(root) && !self.f.params.iter().any(|p| p == root)
        };
        let sessions: Vec<(String, Span)> = st
            .tokens
            .iter()
            .filter(|t| t.res == ri && !t.derived)
            .filter_map(|t| Some((t.handle.clone()?, t.root)))
            .filter(|(h, _)| member(h))
            .collect();
        if sessions.is_empty() {
            return;
        }
        let mut used: Vec<String> = Vec::new();
        for c in self.ctx.calls[self.fi].iter() {
            if let Some(k) = c
                .callee
                .receiver()
                .and_then(|r| strip_borrow(r).place_key())
                && member(&k)
                && !used.contains(&k)
                && !sessions.iter().any(|(h, _)| *h == k)
            {
                used.push(k);
            }
        }
        for k in used {
            let fk = field(&k);
            let from = family.iter().find_map(|&g| {
                self.ctx.calls[g].iter().find_map(|gc| {
                    let recv = gc
                        .callee
                        .receiver()
                        .and_then(|r| strip_borrow(r).place_key())?;
                    let (_, root) = sessions.iter().find(|(h, _)| field(h) == field(&recv))?;
                    out_places(gc)
                        .iter()
                        .any(|o| field(o) == fk)
                        .then_some((gc.span, *root))
                })
            });
            if let Some((site, root)) = from {
                st.tokens.push(Token {
                    handle: Some(k),
                    root,
                    derived: true,
                    ..Token::new(ri, site, String::new())
                });
            }
        }
    }

    fn model(&self) -> &crate::rules::Model {
        &self.rule.model
    }
}

/// Owner-level check for starts kept in fields or globals: some function of the owner (the
/// class family, or the program for non-members) must end or hand off that place.
/// The first `report-at` call (a `Logoff`) on the member or global `field` in `owners`: where
/// a session that no function releases is reported.
fn report_at_on_field(rule: &Rule, owners: &[&Function], field: &str) -> Option<Span> {
    let mut at: Option<Span> = None;
    for g in owners {
        g.for_each_call(&mut |c| {
            if at.is_none()
                && rule.model.report_at.iter().any(|p| p.matches(c))
                && c.callee
                    .receiver()
                    .is_some_and(|r| mentions_field(r, field))
            {
                at = Some(c.span);
            }
        });
    }
    at
}

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
        // So does one whose slot the start wrote through `&~m_ptr` (kopano's smart pointers
        // hand out their slot with `operator~`), even when the class is not in view.
        let through_slot = ctx.calls[s.function].iter().any(|c| {
            c.span == s.site
                && c.args.iter().any(|a| {
                    matches!(a, Expr::AddrOf { expr, .. }
                        if matches!(&**expr, Expr::Unary { op, expr: inner, .. }
                            if op == "~" && mentions_field(inner, &field)))
                })
        });
        if through_slot
            || field_type
                .is_some_and(|t| crate::engine::summary::is_smart_pointer(t, &ctx.smart_pointers))
        {
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
        let buffers = rule.model.resources.iter().any(|r| r.pointer_handles);
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
                // MAPI memory given to an interface method (`OpenEntry(cb, m_lpEID, ..)`,
                // `SetProps(.., m_lpProps, ..)`) is read, never freed by it.
                let reads_buffer = buffers
                    && matches!(&c.callee, Callee::Method { name, .. }
                        if name.starts_with(|ch: char| ch.is_ascii_uppercase()))
                    && !rule
                        .model
                        .resources
                        .iter()
                        .any(|r| r.end.iter().any(|p| p.matches(c)));
                // A smart member emptied by its own method (`m_ptrRows.reset()`).
                let resets = matches!(&c.callee, Callee::Method { receiver, name, .. }
                    if matches!(name.as_str(), "reset" | "Release" | "release" | "clear")
                        && mentions_field(receiver, &field));
                if !is_start
                    && !reads_buffer
                    && (resets // Only an argument that is the field itself: a nested call mentioning it
                        // (`CHK_HR(p->OpenEntry(.., m_lpEID, ..))`) is judged as the call it is.
                        || c.args.iter().any(|a| names_field(a, &field)) || ends_on_receiver(c))
                {
                    found = true;
                }
            });
            found || reads_field(g, &field) || returns_name(&g.body, &field)
        }) || program.functions.iter().any(|g| {
            // A friend or static helper ending `p->m_lpSession` of an object of the class.
            let mut found = false;
            g.for_each_call(&mut |c| {
                found |= ends_on_receiver(c)
                    && c.callee
                        .receiver()
                        .and_then(|r| r.place_key())
                        .is_some_and(|k| k.contains('.') && k.rsplit('.').next() == Some(&field));
            });
            found
        });
        if !ended {
            let owner = f.class.clone().unwrap_or_else(|| "the program".into());
            // Located at a `report-at` call on it (the `Logoff` of a global session that is
            // then only set to NULL), the start among the related locations.
            let at = report_at_on_field(rule, &owners, &field);
            let end = rule
                .model
                .resources
                .iter()
                .find_map(|r| r.end.first())
                .map(|p| p.name.clone())
                .unwrap_or_default();
            let started = Label {
                span: s.site,
                message: format!(
                    "`{}` {} here",
                    s.start_name,
                    rule.model
                        .resources
                        .iter()
                        .find(|r| r.start.iter().any(|p| p.name == s.start_name))
                        .map_or("registered", |r| r.verb.as_str())
                ),
            };
            let nowhere = Label {
                span: f.span,
                message: format!(
                    "no function of `{owner}` passes `{field}` to `{end}` or elsewhere"
                ),
            };
            let (primary, related) = match at {
                Some(at) => (
                    Label {
                        span: at,
                        message: format!("`{field}` is never released after this"),
                    },
                    vec![started, nowhere],
                ),
                None => (started, vec![nowhere]),
            };
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
                primary,
                related,
            });
        }
    }
    out
}

/// C++ destroys members in reverse declaration order. A member whose destructor logs a
/// session off (a guard holding it, `CSessionGuard m_session;`) declared after a smart-pointer
/// member that holds an object opened in the class (`CComPtr<IMsgStore> m_spStore;`) is
/// destroyed first: the object is still open at that Logoff (`open-object-at-logoff` at the
/// opening call), unless the class's destructor releases it first.
pub(crate) fn check_member_order(ctx: &Ctx, rule: &Rule, facts: &RuleFacts) -> Vec<Finding> {
    let program = ctx.program;
    let mut out = Vec::new();
    if !rule.model.member_objects || rule.model.report_held_at.is_empty() {
        return out;
    }
    let logs_off = |ty: &str| {
        crate::engine::summary::value_class(ty)
            .and_then(|c| ctx.graph.dtor_of.get(&c))
            .is_some_and(|ds| ds.iter().any(|&d| facts.held_at_site[d].is_some()))
    };
    for class in &program.classes {
        let fields: Vec<(&String, &String)> = class.fields.iter().zip(&class.field_types).collect();
        let Some(guard) = fields.iter().rposition(|(_, ty)| logs_off(ty)) else {
            continue;
        };
        let family: Vec<usize> = crate::engine::summary::same_dir(
            program,
            class.span.file,
            ctx.families.functions(&class.name),
        );
        for (field, ty) in &fields[..guard] {
            if !crate::engine::summary::is_smart_pointer(ty, &ctx.smart_pointers) {
                continue;
            }
            let field = field.as_str();
            let mut opened: Option<(Span, String)> = None;
            let mut released_in_dtor = false;
            for &gi in &family {
                let g = &program.functions[gi];
                g.for_each_call(&mut |c| {
                    let on_field =
                        |k: Option<String>| k.is_some_and(|k| k.rsplit('.').next() == Some(field));
                    if opened.is_none()
                        && let Some(p) = rule
                            .model
                            .resources
                            .iter()
                            .flat_map(|r| &r.start)
                            .find(|p| p.matches(c))
                        && on_field(handle_of(c, p.handle))
                    {
                        opened = Some((c.span, c.callee.name().to_string()));
                    }
                    if g.kind == crate::ir::FnKind::Destructor
                        && matches!(c.callee.name(), "Release" | "reset" | "Detach" | "release")
                        && on_field(c.callee.receiver().and_then(|r| r.place_key()))
                    {
                        released_in_dtor = true;
                    }
                });
            }
            let Some((site, start)) = opened else {
                continue;
            };
            if released_in_dtor {
                continue;
            }
            let guard_name = fields[guard].0;
            out.push(Finding {
                chain: Vec::new(),
                rule: rule.id.clone(),
                level: rule.level,
                message: rule
                    .message
                    .replace("{handle}", field)
                    .replace("{start}", &start)
                    .replace("{end}", "Release")
                    .replace("{call}", "Logoff")
                    .replace("{when}", "before the session is logged off"),
                primary: Label {
                    span: site,
                    message: format!("`{start}` opened here"),
                },
                related: vec![Label {
                    span: class.span,
                    message: format!(
                        "`{guard_name}` is declared after `{field}` in `{}`: it is destroyed \
                         first and logs the session off while `{field}` is still open",
                        class.name
                    ),
                }],
            });
        }
    }
    out
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
