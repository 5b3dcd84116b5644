//! Name-resolved call edges and per-function summaries of what a function does (transitively)
//! to the resources of a rule: whether it may start or end them, and where the API call is.
//!
//! Resolution is by name only: a free-function call resolves to the scanned free functions of
//! that name; an unqualified call or a call on `this` inside a method resolves to methods of the
//! same class first. Names that are lifecycle APIs are never resolved to user functions here.
//! Unresolved calls are opaque and have no effect.

use crate::ir::{Callee, Expr, FnKind, Function, Program, Span};
use crate::rules::CallPat;
use std::collections::HashMap;

pub struct CallGraph {
    /// For each function, the resolved callees of each call, keyed by the call's span.
    pub edges: Vec<HashMap<Span, Vec<usize>>>,
    /// For each function, the constructors run by a local of class type, keyed by the
    /// declaration's span.
    pub ctors: Vec<HashMap<Span, Vec<usize>>>,
    /// Likewise the destructors, which run where the local goes out of scope.
    pub dtors: Vec<HashMap<Span, Vec<usize>>>,
    /// Destructors (C++ `~T`, Rust `impl Drop for T`) by class name.
    pub dtor_of: HashMap<String, Vec<usize>>,
}

/// The class of a local declared by value (`OleGuard g;`, `const ns::Guard g(x);`), or None
/// for pointers, references and arrays.
pub fn value_class(ty: &str) -> Option<String> {
    if ty.contains(['*', '&', '[']) {
        return None;
    }
    let words: Vec<&str> = ty
        .split_whitespace()
        .filter(|w| {
            !matches!(
                *w,
                "const" | "static" | "volatile" | "struct" | "class" | "mutable" | "thread_local"
            )
        })
        .collect();
    let t = words.join(" ");
    let t = t.split('<').next().unwrap_or(&t);
    let last = t.rsplit("::").next().unwrap_or(t).trim();
    (!last.is_empty()).then(|| last.to_string())
}

fn for_each_decl<'a>(f: &'a Function, out: &mut dyn FnMut(&'a str, Span)) {
    let mut blocks = vec![&f.body];
    while let Some(b) = blocks.pop() {
        for s in &b.stmts {
            if let crate::ir::Stmt::Decl { ty, span, .. } = s {
                out(ty, *span);
            }
            blocks.extend(s.blocks());
        }
    }
}

impl CallGraph {
    pub fn build(program: &Program, api_names: &std::collections::HashSet<String>) -> CallGraph {
        let mut free: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut methods: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, f) in program.functions.iter().enumerate() {
            match (&f.class, f.kind) {
                (_, FnKind::Closure) => {}
                (None, _) => free.entry(f.name.as_str()).or_default().push(i),
                (Some(c), _) => methods
                    .entry((c.as_str(), f.name.as_str()))
                    .or_default()
                    .push(i),
            }
        }
        let mut ctor_of: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut dtor_of: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, f) in program.functions.iter().enumerate() {
            match (&f.class, f.kind) {
                (Some(c), FnKind::Constructor) => ctor_of.entry(c.as_str()).or_default().push(i),
                (Some(c), FnKind::Destructor) => dtor_of.entry(c.as_str()).or_default().push(i),
                _ => {}
            }
        }
        let mut ctors = Vec::with_capacity(program.functions.len());
        let mut dtors = Vec::with_capacity(program.functions.len());
        for f in &program.functions {
            let (mut c, mut d) = (HashMap::new(), HashMap::new());
            for_each_decl(f, &mut |ty, span| {
                if let Some(class) = value_class(ty) {
                    if let Some(t) = ctor_of.get(class.as_str()) {
                        c.insert(span, t.clone());
                    }
                    if let Some(t) = dtor_of.get(class.as_str()) {
                        d.insert(span, t.clone());
                    }
                }
            });
            ctors.push(c);
            dtors.push(d);
        }
        let edges = program
            .functions
            .iter()
            .map(|f| {
                let mut m: HashMap<Span, Vec<usize>> = HashMap::new();
                f.for_each_call(&mut |c| {
                    let name = c.callee.name();
                    if name.is_empty() || api_names.contains(name) {
                        return;
                    }
                    let own_class = f.class.as_deref();
                    let targets = match &c.callee {
                        Callee::Function { path, .. } => {
                            let qualified = path
                                .rsplit_once("::")
                                .map(|(q, _)| q.rsplit("::").next().unwrap_or(q));
                            match qualified.or(own_class) {
                                Some(cls) => methods
                                    .get(&(cls, name))
                                    .or_else(|| free.get(name))
                                    .cloned()
                                    .unwrap_or_default(),
                                None => free.get(name).cloned().unwrap_or_default(),
                            }
                        }
                        Callee::Method {
                            receiver: Expr::Name { name: r, .. },
                            ..
                        } if r == "this" => own_class
                            .and_then(|cls| methods.get(&(cls, name)))
                            .cloned()
                            .unwrap_or_default(),
                        _ => vec![],
                    };
                    if !targets.is_empty() {
                        m.insert(c.span, targets);
                    }
                });
                m
            })
            .collect();
        let dtor_of = dtor_of
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        CallGraph {
            edges,
            ctors,
            dtors,
            dtor_of,
        }
    }
}

/// For each function, the site of the first API call matching a pattern group, found directly
/// or through resolved callees (transitively, to a fixpoint).
pub fn transitive_sites(
    program: &Program,
    graph: &CallGraph,
    pats: &[CallPat],
) -> Vec<Option<Span>> {
    let n = program.functions.len();
    let mut site: Vec<Option<Span>> = vec![None; n];
    for (i, f) in program.functions.iter().enumerate() {
        f.for_each_call(&mut |c| {
            if site[i].is_none() && pats.iter().any(|p| p.matches(c)) {
                site[i] = Some(c.span);
            }
        });
    }
    // Propagate to callers until nothing changes (bounded by the number of functions).
    for _ in 0..n.min(64) {
        let mut changed = false;
        for i in 0..n {
            if site[i].is_some() {
                continue;
            }
            let found = graph.edges[i]
                .values()
                .chain(graph.ctors[i].values())
                .chain(graph.dtors[i].values())
                .flatten()
                .find_map(|&j| site[j]);
            if found.is_some() {
                site[i] = found;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    site
}

/// Entry points: the process starts and ends with them.
pub fn is_entry_point(f: &Function) -> bool {
    f.class.is_none()
        && matches!(
            f.name.as_str(),
            "main" | "wmain" | "_tmain" | "WinMain" | "wWinMain" | "_tWinMain"
        )
}
