//! Branch conditions: what a test says about a token (success links, null tests, constants),
//! correlated assumptions (`if (f) ... if (f)`), their liveness, and the post-dominators the
//! order check uses to forget the conditions that cannot matter.

use super::*;

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
pub(super) fn order_relevant_conditions(
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
pub(super) fn immediate_post_dominators(cfg: &Cfg) -> Vec<Option<usize>> {
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
pub(super) struct Condition {
    pub(super) null_test: Option<(String, bool)>,
    pub(super) whole: Option<PureKey>,
    pub(super) on_member: bool,
    pub(super) fixed: [Vec<Option<PureKey>>; 2],
}

/// A side-effect-free condition's canonical text, its truth relative to that text, and the
/// variables it reads.
pub(super) type PureKey = (String, bool, Vec<String>);

/// Which tested conditions may still be tested on some path from each node (a backward
/// liveness over the graph). An assumption about a condition that no later branch tests can
/// change nothing, so it is dropped: paths that differ only in such assumptions are one state.
pub(super) struct LiveConditions {
    pub(super) index: rustc_hash::FxHashMap<String, usize>,
    pub(super) words: usize,
    pub(super) live: Vec<Vec<u64>>,
}

impl LiveConditions {
    pub(super) fn new(cfg: &Cfg, branch_keys: &[Vec<String>]) -> LiveConditions {
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
    pub(super) fn prune(&self, node: usize, assumptions: &mut Vec<Assumption>) {
        if self.words == 0 {
            assumptions.clear();
            return;
        }
        let set = &self.live[node];
        assumptions.retain(|a| {
            self.index
                .get(&*a.key)
                .is_none_or(|&i| set[i / 64] & (1 << (i % 64)) != 0)
        });
    }
}

/// Does `cond` being false prove that `t` holds nothing (every conjunct false means failure of
/// its start, or its handle null)?
pub(super) fn nothing_if_false(cond: &Expr, t: &Token) -> bool {
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
pub(super) fn null_test(e: &Expr) -> Option<(String, bool)> {
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

/// `FAILED(x)`, `SUCCEEDED(x)`: tests of a result, which hand nothing over.
pub(super) fn is_test(c: &Call) -> bool {
    matches!(
        fn_name(c),
        Some("FAILED" | "SUCCEEDED" | "HR_FAILED" | "HR_SUCCEEDED")
    )
}

/// How `x` relates to the success of the start linked by `link`.
pub(super) fn relate(x: &Expr, link: &Link) -> Option<Pol> {
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
                    // A project's own error adapter (`.ctx("MAPILogonEx")`, `.wrap_err(..)`):
                    // a method on a result that is tested again keeps its success, unless it
                    // extracts or replaces the value.
                    n if is_result_adapter(n) => relate(receiver, link),
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

/// Rust: a method that may be a project's error adapter on a `Result` (it keeps success and
/// failure): lowercase, and none of the standard ones that extract, test or replace the value.
pub(super) fn is_result_adapter(name: &str) -> bool {
    name.starts_with(|ch: char| ch.is_ascii_lowercase())
        && !matches!(
            name,
            "unwrap"
                | "expect"
                | "unwrap_or"
                | "unwrap_or_else"
                | "unwrap_or_default"
                | "unwrap_err"
                | "expect_err"
                | "or"
                | "or_else"
                | "err"
                | "is_ok"
                | "is_err"
                | "is_some"
                | "is_none"
                | "is_ok_and"
                | "is_err_and"
                | "is_some_and"
                | "is_none_or"
                | "clone"
                | "cast"
                | "take"
                | "into_iter"
                | "iter"
                | "as_ref"
                | "as_mut"
                | "len"
                | "is_empty"
        )
}

pub(super) fn is_success_const(e: &Expr) -> bool {
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
pub(super) fn is_failure_const(e: &Expr) -> bool {
    match e {
        Expr::Name { name, .. } => {
            name.starts_with("E_") || name.contains("_E_") || name.starts_with("HRESULT_FROM_WIN32")
        }
        Expr::Call(c) => c.callee.name() == "HRESULT_FROM_WIN32",
        _ => false,
    }
}

pub(super) fn bool_const(e: &Expr) -> Option<bool> {
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
pub(super) fn implies(cond: &Expr, dir: bool, link: &Link) -> Option<bool> {
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

pub(super) fn flip_cmp(op: &str) -> String {
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
pub(super) fn pure_key(cond: &Expr) -> Option<(String, bool, Vec<String>)> {
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
pub(super) fn purify(e: &Expr) -> Expr {
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

pub(super) fn is_null(e: &Expr) -> bool {
    match e {
        Expr::Name { name, .. } => matches!(name.as_str(), "NULL" | "nullptr" | "FALSE" | "false"),
        Expr::Lit { text, .. } => {
            matches!(text.as_str(), "0" | "NULL" | "nullptr" | "false" | "FALSE")
        }
        _ => false,
    }
}

pub(super) fn render(e: &Expr, vars: &mut Vec<String>) -> Option<String> {
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

/// The operands of a tree of `&&` and `||`.
pub(super) fn logic_leaves<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
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
pub(super) fn operands_fixed<'e>(e: &'e Expr, dir: bool, out: &mut Vec<(&'e Expr, bool)>) {
    match e {
        Expr::Binary { op, lhs, rhs, .. } if (op == "&&" && dir) || (op == "||" && !dir) => {
            operands_fixed(lhs, dir, out);
            operands_fixed(rhs, dir, out);
        }
        _ => out.push((e, dir)),
    }
}

impl Interp<'_> {
    /// Records that the condition `key` has `value` on this path (when it is tested more than
    /// once); false when the path already assumed the opposite (the path is infeasible).
    pub(super) fn assume(&self, st: &mut State, key: &str, value: bool, vars: &[String]) -> bool {
        if let Some(a) = st.assumptions.iter().find(|a| &*a.key == key) {
            return a.value == value;
        }
        if st.assumptions.len() < 16
            && self.tested.get(key).is_some_and(|&n| n >= 2)
            && self.relevant.as_ref().is_none_or(|r| r.contains(key))
        {
            st.assumptions.push(Assumption {
                key: key.into(),
                value,
                vars: vars.into(),
            });
            st.assumptions.sort();
        }
        true
    }

    /// What a branch's condition says, worked out once per branch node (paths reach it many
    /// times).
    pub(super) fn condition(&self, cond: &Expr) -> Condition {
        let whole = pure_key(&purify(cond));
        let on_member = whole.as_ref().is_some_and(|(_, _, vars)| {
            vars.iter().any(|v| {
                let root = v.trim_start_matches('*').split('.').next().unwrap_or(v);
                // Members and globals (`m_fInit`, `g_hMapiLib`); ALL_CAPS names are constants,
                // and so are scoped enumerators (`Verb::Unknown`; a static member is named
                // like one: `CApp::s_fInit`, `Cache::m_lpSession`, `g_state`).
                let last = root.rsplit("::").next().unwrap_or(root);
                let enumerator = root.contains("::")
                    && last.starts_with(|c: char| c.is_ascii_uppercase())
                    && !last.contains('_');
                !enumerator
                    && root.chars().any(|c| c.is_ascii_lowercase())
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

    pub(super) fn branch(
        &self,
        cond: &Expr,
        c: &Condition,
        dir: bool,
        mut st: State,
    ) -> Option<State> {
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
        // Out-parameters of a call that this branch proves succeeded are not null.
        if !st.set_on_success.is_empty() {
            let (mut set, mut unset) = (Vec::new(), Vec::new());
            st.set_on_success
                .retain(|(l, place)| match implies(cond, dir, l) {
                    Some(true) => {
                        set.push(place.clone());
                        false
                    }
                    Some(false) => {
                        unset.push(place.clone());
                        false
                    }
                    None => !matches!(l, Link::Call(_)),
                });
            if self.f.drops_locals {
                // Rust: the out-parameter `Option` of a call that failed is still `None`.
                for place in unset {
                    self.moved(&place, &mut st);
                }
                set.clear();
            }
            for place in set {
                if self.relevant.as_ref().is_none_or(|r| r.contains(&place)) {
                    st.assumptions.retain(|a| *a.key != *place);
                    if st.assumptions.len() < 16 {
                        st.assumptions.push(Assumption {
                            key: place.as_str().into(),
                            value: true,
                            vars: vec![place].into(),
                        });
                        st.assumptions.sort();
                    }
                }
            }
        }
        // A mark left by a helper that does the `first` event only when it fails.
        if let Some(l) = &st.mark_if_failed {
            match implies(cond, dir, l) {
                Some(true) => {
                    st.mark = None;
                    st.mark_if_failed = None;
                }
                Some(false) => st.mark_if_failed = None,
                None => {}
            }
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
}
