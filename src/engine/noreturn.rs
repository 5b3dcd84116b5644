//! Which functions never return. A path into one ends there (a process or thread end): the
//! graph builder turns such a call into a sink, so nothing held on that path is judged and no
//! later call is reached through it. Known: the C runtime's and Windows' exits, functions
//! declared no-return, the configured names, and the scanned functions whose every path ends
//! in one of these (a project's `Fatal(...)` or `usage()` that prints and exits), found by a
//! fixpoint over their control-flow graphs.

use crate::graph::{self, CheckMacros, ExitKind, NoReturn, NodeKind};
use crate::ir::{Call, Callee, FnKind, Program};
use rustc_hash::FxHashMap as HashMap;

/// The no-return set for `program`: built-in, declared or configured (`program.noreturn`),
/// and inferred.
pub fn compute(program: &Program, calls: &[Vec<&Call>], macros: &CheckMacros) -> NoReturn {
    let mut nr = NoReturn::new(program.noreturn.iter().cloned());
    // Free functions and static methods by name (a call resolves by name); a name counts as
    // no-return only when every definition of it is.
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, f) in program.functions.iter().enumerate() {
        if !matches!(
            f.kind,
            FnKind::Closure | FnKind::Constructor | FnKind::Destructor
        ) && !f.builtin
        {
            by_name.entry(f.name.as_str()).or_default().push(i);
        }
    }
    // Only a function that calls a no-return function (or an exiting check macro) can be one.
    let calls_into = |fi: usize, nr: &NoReturn| {
        calls[fi].iter().any(|c| match &c.callee {
            Callee::Function { name, .. } => {
                nr.contains(name)
                    || macros
                        .get(name)
                        .is_some_and(|m| m.on_fail == graph::OnFail::Exit)
            }
            _ => false,
        })
    };
    let mut changed = true;
    while changed {
        changed = false;
        for (name, defs) in &by_name {
            if nr.contains(name) || !defs.iter().all(|&fi| calls_into(fi, &nr)) {
                continue;
            }
            if defs
                .iter()
                .all(|&fi| never_returns(program, fi, macros, &nr))
            {
                nr.insert(name.to_string());
                changed = true;
            }
        }
    }
    nr
}

/// No exit other than a no-return call is reachable from the entry.
fn never_returns(program: &Program, fi: usize, macros: &CheckMacros, nr: &NoReturn) -> bool {
    let cfg = graph::build(&program.functions[fi], macros, nr, &|_, _, _| false);
    let mut seen = vec![false; cfg.nodes.len()];
    let mut stack = vec![cfg.entry];
    while let Some(n) = stack.pop() {
        if std::mem::replace(&mut seen[n], true) {
            continue;
        }
        let node = &cfg.nodes[n];
        if let NodeKind::Exit { kind, .. } = &node.kind
            && *kind != ExitKind::NoReturn
        {
            return false;
        }
        stack.extend(node.succ.iter().copied());
    }
    true
}
