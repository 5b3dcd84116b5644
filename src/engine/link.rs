//! The link step: resolves names across the whole program before analysis.
//!
//! - Inside a C++ method of class `C`, an unqualified call `Name(..)` where `C` (or a class it
//!   derives from) has a method `Name` calls that method (`this->Name(..)`), not a global
//!   function of the same name (Rust has no such calls: `drop(x)` is `mem::drop`): a user `CGlobalCache::MAPIInitialize` is analysed through its
//!   body, never mistaken for the API. `::Name(..)` stays the global function.
//! - A function pointer loaded with `GetProcAddress(h, "MAPIInitialize")` means the API:
//!   calls through it are calls of `MAPIInitialize`.
//! - A call on `this`/`self` of a method of the class's own family is marked as a user
//!   method, so a helper named `Advise` or `Logoff` is not taken for the MAPI method.

use crate::ir::{Block, Call, Callee, Expr, Program, Stmt};

/// The `interface` of a method call on `this`/`self` to a method of the class's own family: a
/// user method, which API method patterns never match.
pub const OWN_METHOD: &str = "<own method>";
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub fn link(program: &mut Program) {
    let methods = class_methods(program);
    let bases: HashMap<String, Vec<String>> = program
        .classes
        .iter()
        .map(|c| (c.name.clone(), c.bases.clone()))
        .collect();
    let aliases = proc_aliases(program);
    // Each class's family methods, once per class (not once per method of the class).
    let mut families: HashMap<String, HashSet<String>> = HashMap::default();
    for f in &program.functions {
        if let Some(c) = f.class.as_deref()
            && !families.contains_key(c)
        {
            families.insert(c.to_string(), family_methods(c, &methods, &bases));
        }
    }
    let none = HashSet::default();
    let own_of: Vec<&HashSet<String>> = program
        .functions
        .iter()
        .map(|f| f.class.as_deref().map_or(&none, |c| &families[c]))
        .collect();
    program
        .functions
        .par_iter_mut()
        .zip(own_of)
        .for_each(|(f, own)| {
            if own.is_empty() && aliases.is_empty() {
                return;
            }
            let span = f.span;
            // Rust never calls a method unqualified: `drop(x)` in `impl Drop` is `mem::drop`.
            let implicit_this = !f.drops_locals;
            visit_block(&mut f.body, &mut |call: &mut Call| {
                if let Callee::Function { name, path } = &call.callee
                    && implicit_this
                    && path == name
                    && own.contains(name)
                {
                    let name = name.clone();
                    call.callee = Callee::Method {
                        receiver: Expr::Name {
                            name: "this".into(),
                            span,
                        },
                        name,
                        interface: Some(OWN_METHOD.into()),
                    };
                    return;
                }
                // `this->Advise(..)` / `self.advise(..)` on a method of the own class family.
                if let Callee::Method {
                    receiver: Expr::Name { name: r, .. },
                    name,
                    interface,
                } = &mut call.callee
                    && (r == "this" || r == "self")
                    && own.contains(name.as_str())
                {
                    *interface = Some(OWN_METHOD.into());
                    return;
                }
                if aliases.is_empty() {
                    return;
                }
                let through = match &call.callee {
                    Callee::Function { name, .. } => {
                        Some(std::borrow::Cow::Borrowed(name.as_str()))
                    }
                    Callee::Dynamic(e) => match e {
                        Expr::Deref { expr, .. } => expr.place_key(),
                        e => e.place_key(),
                    }
                    .map(std::borrow::Cow::Owned),
                    Callee::Method { .. } => None,
                };
                if let Some(api) =
                    through.and_then(|k| aliases.get(k.rsplit('.').next().unwrap_or(&k)))
                {
                    call.callee = Callee::Function {
                        name: api.clone(),
                        path: api.clone(),
                    };
                }
            });
        });
}

/// Method names per class: bodies anywhere in the program and declarations in class bodies.
fn class_methods(program: &Program) -> HashMap<String, HashSet<String>> {
    let mut m: HashMap<String, HashSet<String>> = HashMap::default();
    for f in &program.functions {
        if let Some(c) = &f.class {
            m.entry(c.clone()).or_default().insert(f.name.clone());
        }
    }
    for c in &program.classes {
        m.entry(c.name.clone())
            .or_default()
            .extend(c.methods.iter().cloned());
    }
    m
}

fn family_methods(
    class: &str,
    methods: &HashMap<String, HashSet<String>>,
    bases: &HashMap<String, Vec<String>>,
) -> HashSet<String> {
    let mut out = HashSet::default();
    let mut todo = vec![class.to_string()];
    let mut seen = HashSet::default();
    while let Some(c) = todo.pop() {
        if !seen.insert(c.clone()) || seen.len() > 16 {
            continue;
        }
        if let Some(ms) = methods.get(&c) {
            out.extend(ms.iter().cloned());
        }
        if let Some(bs) = bases.get(&c) {
            todo.extend(bs.iter().cloned());
        }
    }
    out
}

/// `p = (LPMAPIINITIALIZE)GetProcAddress(h, "MAPIInitialize");` anywhere in the program:
/// the last component of the place (`pfn`, `m_pfnInit`) -> the API name.
fn proc_aliases(program: &Program) -> HashMap<String, String> {
    fn api_of(e: &Expr) -> Option<String> {
        let c = e.as_call()?;
        if c.callee.name() != "GetProcAddress" {
            return None;
        }
        match c.args.get(1)? {
            Expr::Lit { text, .. } => {
                let t = text.trim_matches('"');
                (!t.is_empty() && t.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'))
                    .then(|| t.to_string())
            }
            _ => None,
        }
    }
    // Each function's aliases in parallel; merged in program order (a later one wins).
    let found: Vec<HashMap<String, String>> = program
        .functions
        .par_iter()
        .map(|f| {
            let mut out = HashMap::default();
            let mut blocks = vec![&f.body];
            while let Some(b) = blocks.pop() {
                for s in &b.stmts {
                    match s {
                        Stmt::Decl {
                            name,
                            init: Some(init),
                            ..
                        } => {
                            if let Some(api) = api_of(init) {
                                out.insert(name.clone(), api);
                            }
                        }
                        _ => {
                            for e in s.exprs() {
                                collect_assign_aliases(e, &mut out, &api_of);
                            }
                        }
                    }
                    blocks.extend(s.blocks());
                }
            }
            out
        })
        .collect();
    found.into_iter().flatten().collect()
}

fn collect_assign_aliases(
    e: &Expr,
    out: &mut HashMap<String, String>,
    api_of: &dyn Fn(&Expr) -> Option<String>,
) {
    if let Expr::Assign { lhs, rhs, .. } = e
        && let Some(api) = api_of(rhs)
        && let Some(k) = lhs.place_key()
    {
        out.insert(k.rsplit('.').next().unwrap_or(&k).to_string(), api);
    }
    e.each_child(|c| collect_assign_aliases(c, out, api_of));
}

fn visit_block(b: &mut Block, f: &mut dyn FnMut(&mut Call)) {
    for s in &mut b.stmts {
        match s {
            Stmt::Expr(e) => visit_expr(e, f),
            Stmt::Decl { init: Some(e), .. } => visit_expr(e, f),
            Stmt::If { cond, then, els } => {
                visit_expr(cond, f);
                visit_block(then, f);
                if let Some(e) = els {
                    visit_block(e, f);
                }
            }
            Stmt::While { cond, body, update } => {
                if let Some(c) = cond {
                    visit_expr(c, f);
                }
                if let Some(u) = update {
                    visit_expr(u, f);
                }
                visit_block(body, f);
            }
            Stmt::DoWhile { body, cond } => {
                visit_block(body, f);
                visit_expr(cond, f);
            }
            Stmt::Switch { cond, body } => {
                visit_expr(cond, f);
                visit_block(body, f);
            }
            Stmt::Return { value: Some(e), .. } | Stmt::Throw { value: Some(e), .. } => {
                visit_expr(e, f)
            }
            Stmt::Block(b) => visit_block(b, f),
            Stmt::Try { body, handlers } => {
                visit_block(body, f);
                for h in handlers {
                    visit_block(h, f);
                }
            }
            _ => {}
        }
    }
}

fn visit_expr(e: &mut Expr, f: &mut dyn FnMut(&mut Call)) {
    match e {
        Expr::Call(c) => {
            match &mut c.callee {
                Callee::Method { receiver, .. } => visit_expr(receiver, f),
                Callee::Dynamic(d) => visit_expr(d, f),
                Callee::Function { .. } => {}
            }
            for a in &mut c.args {
                visit_expr(a, f);
            }
            f(c);
        }
        Expr::Field { base, .. } => visit_expr(base, f),
        Expr::AddrOf { expr, .. } | Expr::Deref { expr, .. } | Expr::Unary { expr, .. } => {
            visit_expr(expr, f)
        }
        Expr::Assign { lhs, rhs, .. } => {
            visit_expr(rhs, f);
            visit_expr(lhs, f);
        }
        Expr::Binary { lhs, rhs, .. } => {
            visit_expr(lhs, f);
            visit_expr(rhs, f);
        }
        Expr::Cond {
            cond, then, els, ..
        } => {
            visit_expr(cond, f);
            visit_expr(then, f);
            visit_expr(els, f);
        }
        Expr::Other { children, .. } => children.iter_mut().for_each(|c| visit_expr(c, f)),
        Expr::Name { .. } | Expr::Lit { .. } => {}
    }
}
