//! The call-order graph: one control-flow graph per function, built from the IR.
//!
//! Nodes evaluate expressions (in evaluation order, so the lifecycle calls inside them happen
//! in order), branch on conditions, or exit the function. Check macros (`CHK(x)` whose
//! `#define` jumps or returns on failure) are expanded here into a failure branch, so the
//! engine sees `if (FAILED(x)) goto Label;` exactly as if it had been written out.

use crate::ir::{Block, Call, Callee, Expr, Function, MacroDef, Span, Stmt};
use regex::Regex;
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

pub type NodeId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKind {
    Return,
    Throw,
    /// Control reached the closing brace.
    End,
    /// A call that never returns (`exit`, `abort`, `ExitProcess`, a project's `Fatal`): the
    /// process or thread ends here, so nothing held is judged (a sink, as clang's analyzer
    /// treats a no-return call).
    NoReturn,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Nop,
    Eval(Expr),
    /// A local declaration: evaluate `init`, then it is assigned to `name`.
    Decl {
        name: String,
        ty: String,
        init: Option<Expr>,
        span: Span,
    },
    /// A local goes out of scope (`at`: the closing brace, or the exit statement), or is
    /// dropped explicitly. `decl` is the span of its declaration.
    Drop {
        name: String,
        decl: Span,
        at: Span,
    },
    /// Evaluate `cond`; `succ[0]` when true, `succ[1]` when false.
    Branch(Expr),
    /// Any successor may follow (switch dispatch, `try` entry, unknown loop conditions).
    Choice,
    Exit {
        kind: ExitKind,
        value: Option<Expr>,
        span: Span,
    },
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    pub succ: Vec<NodeId>,
}

#[derive(Debug)]
pub struct Cfg {
    pub nodes: Vec<Node>,
    pub entry: NodeId,
}

/// What a check macro does when the checked expression failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnFail {
    Return,
    Throw,
    Goto(String),
    /// `goto` to the label passed as argument N.
    GotoArg(usize),
    /// The process ends (`if (FAILED(hr)) { ...; exit(1); }`).
    Exit,
    /// Nothing: the macro only assigns the checked result (a logging macro).
    Continue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckMacro {
    /// Which argument holds the checked expression.
    pub arg: usize,
    /// The variable the macro assigns the result to (`hr = (x)`), if any.
    pub assigns: Option<String>,
    pub on_fail: OnFail,
}

/// Check macros known by name: built-in ones (WIL, ATL samples) and those whose `#define` is
/// in the scanned sources.
#[derive(Debug, Clone, Default)]
pub struct CheckMacros {
    map: HashMap<String, CheckMacro>,
}

static GOTO_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)goto(?-u:\s)+([A-Za-z_](?-u:\w)*)").unwrap());
static FAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)FAILED(?-u:\s)*\(|(?-u:\b)HR_FAILED(?-u:\s)*\(|!(?-u:\s)*SUCCEEDED(?-u:\s)*\(|!=(?-u:\s)*(S_OK|hrSuccess|NOERROR|ERROR_SUCCESS)(?-u:\b)|<(?-u:\s)*0(?-u:\b)|(?-u:\b)IS_ERROR(?-u:\s)*\(").unwrap()
});

impl CheckMacros {
    pub fn new(defs: &[MacroDef]) -> CheckMacros {
        let mut map = HashMap::default();
        let builtin = |arg, on_fail| CheckMacro {
            arg,
            assigns: None,
            on_fail,
        };
        for name in [
            "RETURN_IF_FAILED",
            "RETURN_IF_FAILED_EXPECTED",
            "IfFailRet",
            "IFR",
            "RETURN_IF_FAILED_LOG",
        ] {
            map.insert(name.to_string(), builtin(0, OnFail::Return));
        }
        map.insert("IfFailGo".into(), builtin(0, OnFail::Goto("Error".into())));
        map.insert("IfFailGoto".into(), builtin(0, OnFail::GotoArg(1)));
        map.insert("IFC".into(), builtin(0, OnFail::Goto("Cleanup".into())));
        map.insert("THROW_IF_FAILED".into(), builtin(0, OnFail::Throw));
        // The same `#define` repeated in many files is analysed once.
        let mut seen: HashMap<(&[String], &str), Option<CheckMacro>> = HashMap::default();
        for d in defs {
            let m = seen
                .entry((&d.params, &d.body))
                .or_insert_with(|| analyse_macro(d));
            if let Some(m) = m {
                map.insert(d.name.clone(), m.clone());
            }
        }
        CheckMacros { map }
    }

    pub fn get(&self, name: &str) -> Option<&CheckMacro> {
        self.map.get(name)
    }
}

/// Recognises `#define NAME(x, ...) ...` bodies that jump, return or throw when a checked
/// expression failed.
/// Does `text` contain `word` as a whole identifier?
fn has_word(text: &str, word: &str) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    text.match_indices(word).any(|(i, _)| {
        let end = i + word.len();
        (i == 0 || !ident(bytes[i - 1])) && !bytes.get(end).copied().is_some_and(ident)
    })
}

pub fn analyse_macro(d: &MacroDef) -> Option<CheckMacro> {
    let body = &d.body;
    if !FAIL_RE.is_match(body) {
        return None;
    }
    let on_fail = if let Some(c) = GOTO_RE.captures(body) {
        let label = c[1].to_string();
        match d.params.iter().position(|p| *p == label) {
            Some(i) => OnFail::GotoArg(i),
            None => OnFail::Goto(label),
        }
    } else if has_word(body, "return") {
        OnFail::Return
    } else if has_word(body, "throw") {
        OnFail::Throw
    } else if NORETURN_BUILTIN.iter().any(|w| has_word(body, w)) {
        OnFail::Exit
    } else {
        // A logging macro (`do { hr = (x); if (FAILED(hr)) Log(..); } while (0)`): it only
        // assigns the result, which later tests read (`EC_H(MAPIInitialize(NULL));
        // if (FAILED(hr)) return 1;`).
        OnFail::Continue
    };
    let arg = d
        .params
        .iter()
        .position(|p| !p.is_empty() && has_word(body, p))?;
    let assigns = Regex::new(&format!(
        r"([A-Za-z_](?-u:\w)*)(?-u:\s)*=(?-u:\s)*\(?(?-u:\s)*{}(?-u:\b)",
        regex::escape(&d.params[arg])
    ))
    .unwrap()
    .captures(body)
    .map(|c| c[1].to_string());
    if on_fail == OnFail::Continue && assigns.is_none() {
        return None;
    }
    Some(CheckMacro {
        arg,
        assigns,
        on_fail,
    })
}

/// Library functions that never return: the process or thread ends in them.
pub const NORETURN_BUILTIN: &[&str] = &[
    "exit",
    "_exit",
    "_Exit",
    "quick_exit",
    "abort",
    "terminate",
    "ExitProcess",
    "ExitThread",
    "FatalExit",
    "FatalAppExit",
    "FatalAppExitA",
    "FatalAppExitW",
    "_endthread",
    "_endthreadex",
    "RaiseFailFastException",
    "__fastfail",
];

/// The free functions known never to return: the library's ([`NORETURN_BUILTIN`]), those
/// declared `[[noreturn]]`/`__declspec(noreturn)`/`__attribute__((noreturn))`, the
/// configured ones, and the scanned functions whose every path ends in one of these.
#[derive(Debug, Clone, Default)]
pub struct NoReturn {
    names: rustc_hash::FxHashSet<String>,
}

impl NoReturn {
    pub fn new(names: impl IntoIterator<Item = String>) -> NoReturn {
        let mut nr = NoReturn::default();
        nr.names
            .extend(NORETURN_BUILTIN.iter().map(|s| s.to_string()));
        nr.names.extend(names);
        nr
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    pub fn insert(&mut self, name: String) -> bool {
        self.names.insert(name)
    }

    /// Does evaluating `e` always call a no-return function? The call itself, or one in an
    /// operand that is always evaluated (an argument, a cast, a comma); not one under `?:`,
    /// `&&` or `||`.
    pub fn ends(&self, e: &Expr) -> bool {
        match e {
            Expr::Call(c) => {
                matches!(&c.callee, Callee::Function { name, .. } if self.names.contains(name))
                    || c.args.iter().any(|a| self.ends(a))
            }
            Expr::Binary { op, lhs, rhs, .. } => {
                self.ends(lhs) || (op != "&&" && op != "||" && self.ends(rhs))
            }
            Expr::Cond { cond, .. } => self.ends(cond),
            Expr::Assign { rhs, .. } => self.ends(rhs),
            Expr::Unary { expr, .. } | Expr::Deref { expr, .. } | Expr::AddrOf { expr, .. } => {
                self.ends(expr)
            }
            Expr::Other { children, .. } => children.iter().any(|c| self.ends(c)),
            Expr::Name { .. } | Expr::Field { .. } | Expr::Lit { .. } => false,
        }
    }
}

struct Builder<'m> {
    nodes: Vec<Node>,
    labels: HashMap<String, NodeId>,
    /// Loop targets with the scope depth at the loop, so exits drop the scopes they leave.
    breaks: Vec<(NodeId, usize)>,
    continues: Vec<(NodeId, usize)>,
    /// Enclosing blocks, innermost last: their closing brace and the droppable locals
    /// declared before the statement being built.
    scopes: Vec<(Span, Vec<(String, Span)>)>,
    droppable: &'m dyn Fn(&str, &str, Span) -> bool,
    /// The handlers of each enclosing `try`, with the scope depth at its body's start (a
    /// throw destroys the locals of the scopes it leaves before a handler runs).
    throws: Vec<(Vec<NodeId>, usize)>,
    macros: &'m CheckMacros,
    noreturn: &'m NoReturn,
    end_exit: NodeId,
}

impl Builder<'_> {
    fn add(&mut self, kind: NodeKind, succ: Vec<NodeId>) -> NodeId {
        self.nodes.push(Node { kind, succ });
        self.nodes.len() - 1
    }

    fn block(&mut self, b: &Block, next: NodeId) -> NodeId {
        // The locals of this block that something happens to when they go out of scope.
        let decls: Vec<Option<(String, Span)>> = b
            .stmts
            .iter()
            .map(|s| match s {
                Stmt::Decl { name, ty, span, .. } if (self.droppable)(name, ty, *span) => {
                    Some((name.clone(), *span))
                }
                _ => None,
            })
            .collect();
        let all = latest_of_each_name(decls.iter().flatten().cloned().collect());
        let end = self.drops(&all, b.close, next);
        self.scopes.push((b.close, Vec::new()));
        let mut cur = end;
        for (i, s) in b.stmts.iter().enumerate().rev() {
            let live = latest_of_each_name(decls[..i].iter().flatten().cloned().collect());
            if let Some(top) = self.scopes.last_mut() {
                top.1 = live;
            }
            cur = self.stmt(s, cur);
        }
        self.scopes.pop();
        cur
    }

    /// Drop nodes for `locals` (in reverse declaration order) located at `at`, then `next`.
    fn drops(&mut self, locals: &[(String, Span)], at: Span, next: NodeId) -> NodeId {
        let mut cur = next;
        for (name, decl) in locals {
            cur = self.add(
                NodeKind::Drop {
                    name: name.clone(),
                    decl: *decl,
                    at,
                },
                vec![cur],
            );
        }
        cur
    }

    /// Leaving every scope deeper than `depth`: drops innermost first, then `next`.
    fn leave_scopes(&mut self, depth: usize, next: NodeId) -> NodeId {
        let frames: Vec<(Span, Vec<(String, Span)>)> =
            self.scopes.get(depth..).unwrap_or(&[]).to_vec();
        let mut cur = next;
        // Outermost frame's drops run last, so build it first (backwards construction).
        for (close, live) in frames.iter() {
            cur = self.drops(live, *close, cur);
        }
        cur
    }

    fn throw_to(&mut self, value: Option<Expr>, span: Span) -> NodeId {
        match self.throws.last() {
            Some((handlers, depth)) if !handlers.is_empty() => {
                let (h, depth) = (handlers.clone(), *depth);
                let to_handler = self.add(NodeKind::Choice, h);
                let dropped = self.leave_scopes(depth, to_handler);
                match value {
                    Some(v) => self.add(NodeKind::Eval(v), vec![dropped]),
                    None => dropped,
                }
            }
            _ => {
                let exit = self.add(
                    NodeKind::Exit {
                        kind: ExitKind::Throw,
                        value: value.clone(),
                        span,
                    },
                    vec![],
                );
                let dropped = self.leave_scopes(0, exit);
                match value {
                    Some(v) => self.add(NodeKind::Eval(v), vec![dropped]),
                    None => dropped,
                }
            }
        }
    }

    fn stmt(&mut self, s: &Stmt, next: NodeId) -> NodeId {
        match s {
            Stmt::Expr(e) => {
                if let Some(n) = self.check_macro(e, next) {
                    return n;
                }
                if self.noreturn.ends(e) {
                    let sink = self.sink(e.span());
                    return self.add(NodeKind::Eval(e.clone()), vec![sink]);
                }
                self.add(NodeKind::Eval(e.clone()), vec![next])
            }
            Stmt::Decl {
                name,
                ty,
                init,
                span,
            } => self.add(
                NodeKind::Decl {
                    name: name.clone(),
                    ty: ty.clone(),
                    init: init.clone(),
                    span: *span,
                },
                vec![next],
            ),
            Stmt::If { cond, then, els } => {
                let t = self.block(then, next);
                let f = match els {
                    Some(e) => self.block(e, next),
                    None => next,
                };
                self.branch(cond, t, f)
            }
            Stmt::While { cond, body, update } => {
                let head = self.add(NodeKind::Nop, vec![]);
                let cont = match update {
                    Some(u) => self.add(NodeKind::Eval(u.clone()), vec![head]),
                    None => head,
                };
                self.breaks.push((next, self.scopes.len()));
                self.continues.push((cont, self.scopes.len()));
                let body_entry = self.block(body, cont);
                self.breaks.pop();
                self.continues.pop();
                let (kind, succ) = match cond {
                    None => (NodeKind::Nop, vec![body_entry]),
                    Some(c) => match constant(c) {
                        Some(true) => (NodeKind::Nop, vec![body_entry]),
                        Some(false) => (NodeKind::Nop, vec![next]),
                        None => {
                            let b = self.branch(c, body_entry, next);
                            (NodeKind::Nop, vec![b])
                        }
                    },
                };
                self.nodes[head] = Node { kind, succ };
                head
            }
            Stmt::DoWhile { body, cond } => {
                let test = self.add(NodeKind::Nop, vec![]);
                self.breaks.push((next, self.scopes.len()));
                self.continues.push((test, self.scopes.len()));
                let body_entry = self.block(body, test);
                self.breaks.pop();
                self.continues.pop();
                self.nodes[test] = match constant(cond) {
                    Some(true) => Node {
                        kind: NodeKind::Nop,
                        succ: vec![body_entry],
                    },
                    Some(false) => Node {
                        kind: NodeKind::Nop,
                        succ: vec![next],
                    },
                    None => {
                        let b = self.branch(cond, body_entry, next);
                        Node {
                            kind: NodeKind::Nop,
                            succ: vec![b],
                        }
                    }
                };
                body_entry
            }
            Stmt::Switch { cond, body } => {
                self.breaks.push((next, self.scopes.len()));
                let mut cur = next;
                let mut cases = Vec::new();
                let mut has_default = false;
                for s in body.stmts.iter().rev() {
                    if let Stmt::Case { is_default, .. } = s {
                        has_default |= is_default;
                        cur = self.add(NodeKind::Nop, vec![cur]);
                        cases.push(cur);
                    } else {
                        cur = self.stmt(s, cur);
                    }
                }
                self.breaks.pop();
                cases.reverse();
                if !has_default {
                    cases.push(next);
                }
                let dispatch = self.add(NodeKind::Choice, cases);
                self.add(NodeKind::Eval(cond.clone()), vec![dispatch])
            }
            Stmt::Case { .. } => next,
            Stmt::Return {
                value: Some(v),
                span,
            } if self.noreturn.ends(v) => {
                let sink = self.sink(*span);
                self.add(NodeKind::Eval(v.clone()), vec![sink])
            }
            Stmt::Return { value, span } => {
                // The value is computed, then the locals are dropped, then the function exits.
                let exit = self.add(
                    NodeKind::Exit {
                        kind: ExitKind::Return,
                        value: value.clone(),
                        span: *span,
                    },
                    vec![],
                );
                let dropped = self.leave_scopes(0, exit);
                match value {
                    Some(v) => self.add(NodeKind::Eval(v.clone()), vec![dropped]),
                    None => dropped,
                }
            }
            Stmt::Break(_) => match self.breaks.last().copied() {
                Some((target, depth)) => self.leave_scopes(depth, target),
                None => next,
            },
            Stmt::Continue(_) => match self.continues.last().copied() {
                Some((target, depth)) => self.leave_scopes(depth, target),
                None => next,
            },
            Stmt::Goto { label, .. } => match self.labels.get(label) {
                Some(&l) => l,
                None => next,
            },
            Stmt::Label { name, .. } => match self.labels.get(name) {
                Some(&l) => {
                    self.nodes[l].succ = vec![next];
                    l
                }
                None => next,
            },
            Stmt::Throw { value, span } => self.throw_to(value.clone(), *span),
            Stmt::Block(b) => self.block(b, next),
            Stmt::Try { body, handlers } => {
                let entries: Vec<NodeId> = handlers.iter().map(|h| self.block(h, next)).collect();
                self.throws.push((entries.clone(), self.scopes.len()));
                let body_entry = self.block(body, next);
                self.throws.pop();
                let mut succ = vec![body_entry];
                succ.extend(entries);
                self.add(NodeKind::Choice, succ)
            }
            Stmt::Opaque(_) => next,
        }
    }

    /// A branch on `cond`; `&&`, `||` and `!` are split into nested branches so that the
    /// right operand is evaluated only when it is (short-circuit evaluation).
    fn branch(&mut self, cond: &Expr, t: NodeId, f: NodeId) -> NodeId {
        let has_call = |e: &Expr| {
            let mut v = Vec::new();
            e.calls_in_order(&mut v);
            !v.is_empty()
        };
        // The operands of a tree of `&&`/`||` after the first: only those with calls need
        // splitting (`a && SUCCEEDED(f(&p)) && p` has one in the middle).
        fn later_call(e: &Expr, first: bool, has_call: &dyn Fn(&Expr) -> bool) -> bool {
            match e {
                Expr::Binary { op, lhs, rhs, .. } if op == "&&" || op == "||" => {
                    later_call(lhs, first, has_call) || later_call(rhs, false, has_call)
                }
                _ => !first && has_call(e),
            }
        }
        // `FAILED(p->GetLastError(.., &lpErr)) || !lpErr`: a first operand with a call is its
        // own branch, so what a later pure operand tests (the out-parameter) is seen after it.
        // (Only a null test of one of its out-parameters: `(hr = CoInitializeEx(..)) != S_OK
        // && hr != S_FALSE` stays one test of the result.)
        fn null_tested(e: &Expr) -> Option<String> {
            match e {
                Expr::Unary { op, expr, .. } if op == "!" => expr.place_key(),
                Expr::Binary { op, lhs, rhs, .. }
                    if (op == "==" || op == "!=")
                        && matches!(&**rhs, Expr::Name { name, .. } | Expr::Lit { text: name, .. }
                            if matches!(name.as_str(), "NULL" | "nullptr" | "0")) =>
                {
                    lhs.place_key()
                }
                _ => e.place_key(),
            }
        }
        let out_of = |e: &Expr, p: &str| {
            let mut v = Vec::new();
            e.calls_in_order(&mut v);
            v.iter().any(|c| {
                c.args.iter().any(|a| {
                    matches!(a, Expr::AddrOf { expr, .. } if expr.place_key().as_deref() == Some(p))
                })
            })
        };
        let logic_after_call = matches!(cond, Expr::Binary { op, lhs, rhs, .. }
            if (op == "&&" || op == "||")
                && has_call(lhs)
                && null_tested(rhs).is_some_and(|p| out_of(lhs, &p)));
        match cond {
            // Only a later operand with calls needs splitting; a pure one keeps the combined
            // condition (`hr != S_OK && hr != S_FALSE` reads as one failure test).
            Expr::Binary { rhs, .. } | Expr::Unary { expr: rhs, .. }
                if !has_call(rhs)
                    && !logic_after_call
                    && !matches!(cond, Expr::Unary { .. })
                    && !later_call(cond, true, &has_call) =>
            {
                match constant(cond) {
                    Some(true) => t,
                    Some(false) => f,
                    None => self.add(NodeKind::Branch(cond.clone()), vec![t, f]),
                }
            }
            Expr::Binary { op, lhs, rhs, .. } if op == "&&" => {
                let right = self.branch(rhs, t, f);
                self.branch(lhs, right, f)
            }
            Expr::Binary { op, lhs, rhs, .. } if op == "||" => {
                let right = self.branch(rhs, t, f);
                self.branch(lhs, t, right)
            }
            Expr::Unary { op, expr, .. }
                if op == "!"
                    && matches!(&**expr, Expr::Binary { op, rhs, .. } if (op == "&&" || op == "||") && has_call(rhs)) =>
            {
                self.branch(expr, f, t)
            }
            _ => match constant(cond) {
                Some(true) => t,
                Some(false) => f,
                None => self.add(NodeKind::Branch(cond.clone()), vec![t, f]),
            },
        }
    }

    /// `CHK(expr)` as a statement, where CHK is a check macro: `if (FAILED([hr =] expr)) jump`.
    /// The end of a path into a no-return call.
    fn sink(&mut self, span: Span) -> NodeId {
        self.add(
            NodeKind::Exit {
                kind: ExitKind::NoReturn,
                value: None,
                span,
            },
            vec![],
        )
    }

    fn check_macro(&mut self, e: &Expr, next: NodeId) -> Option<NodeId> {
        let Expr::Call(call) = e else { return None };
        let Callee::Function { name, .. } = &call.callee else {
            return None;
        };
        let m = self.macros.get(name)?.clone();
        let arg = call.args.get(m.arg)?.clone();
        let checked = match &m.assigns {
            Some(var) => Expr::Assign {
                lhs: Box::new(Expr::Name {
                    name: var.clone(),
                    span: call.name_span,
                }),
                rhs: Box::new(arg),
                op: "=".into(),
                span: call.span,
            },
            None => arg,
        };
        let cond = Expr::Call(Box::new(Call {
            callee: Callee::Function {
                name: "FAILED".into(),
                path: "FAILED".into(),
            },
            args: vec![checked.clone()],
            span: call.span,
            name_span: call.name_span,
        }));
        // Other arguments (messages, labels) are evaluated too, before the check.
        let others: Vec<Expr> = call
            .args
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != m.arg)
            .map(|(_, a)| a.clone())
            .collect();
        let on_fail = match &m.on_fail {
            OnFail::Continue => {
                let assign = self.add(NodeKind::Eval(checked), vec![next]);
                return Some(if others.is_empty() {
                    assign
                } else {
                    self.add(
                        NodeKind::Eval(Expr::Other {
                            children: others,
                            span: call.span,
                        }),
                        vec![assign],
                    )
                });
            }
            // A `return` in the macro leaves every scope: smart pointers release there.
            OnFail::Return => {
                let exit = self.add(
                    NodeKind::Exit {
                        kind: ExitKind::Return,
                        value: None,
                        span: call.span,
                    },
                    vec![],
                );
                self.leave_scopes(0, exit)
            }
            OnFail::Throw => self.throw_to(None, call.span),
            OnFail::Exit => self.sink(call.span),
            OnFail::Goto(l) => self.labels.get(l).copied().unwrap_or(self.end_exit),
            OnFail::GotoArg(i) => {
                let label = call
                    .args
                    .get(*i)
                    .and_then(|a| a.place_key())
                    .unwrap_or_default();
                self.labels.get(&label).copied().unwrap_or(self.end_exit)
            }
        };
        let b = self.add(NodeKind::Branch(cond), vec![on_fail, next]);
        if others.is_empty() {
            Some(b)
        } else {
            Some(self.add(
                NodeKind::Eval(Expr::Other {
                    children: others,
                    span: call.span,
                }),
                vec![b],
            ))
        }
    }
}

/// One drop per name in a block: a Rust `let` that shadows an earlier one of the same block
/// (`let Some(session) = session else { .. };`) took its value, and the analysis keys a
/// local by its name. C and C++ do not redeclare a name in one block.
fn latest_of_each_name(mut locals: Vec<(String, Span)>) -> Vec<(String, Span)> {
    let mut seen: Vec<String> = Vec::new();
    locals.reverse();
    locals.retain(|(n, _)| {
        let new = !seen.contains(n);
        if new {
            seen.push(n.clone());
        }
        new
    });
    locals.reverse();
    locals
}

/// `while (1)`, `do {} while (0)`, `if (false)`.
fn constant(e: &Expr) -> Option<bool> {
    match e {
        Expr::Lit { text, .. } => match text.as_str() {
            "0" | "false" | "FALSE" => Some(false),
            "1" | "true" | "TRUE" => Some(true),
            _ => None,
        },
        Expr::Name { name, .. } => match name.as_str() {
            "TRUE" | "true" => Some(true),
            "FALSE" | "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn collect_labels(b: &Block, out: &mut Vec<String>) {
    for s in &b.stmts {
        if let Stmt::Label { name, .. } = s {
            out.push(name.clone());
        }
        for nested in s.blocks() {
            collect_labels(nested, out);
        }
    }
}

/// Builds the control-flow graph of `f`. `droppable(name, type, decl)` says which locals get a
/// [`NodeKind::Drop`] where they go out of scope.
pub fn build(
    f: &Function,
    macros: &CheckMacros,
    noreturn: &NoReturn,
    droppable: &dyn Fn(&str, &str, Span) -> bool,
) -> Cfg {
    let mut b = Builder {
        scopes: Vec::new(),
        droppable,
        nodes: Vec::new(),
        labels: HashMap::default(),
        breaks: Vec::new(),
        continues: Vec::new(),
        throws: Vec::new(),
        macros,
        noreturn,
        end_exit: 0,
    };
    b.end_exit = b.add(
        NodeKind::Exit {
            kind: ExitKind::End,
            value: None,
            span: f.body.close,
        },
        vec![],
    );
    let mut labels = Vec::new();
    collect_labels(&f.body, &mut labels);
    for l in labels {
        let id = b.add(NodeKind::Nop, vec![b.end_exit]);
        b.labels.insert(l, id);
    }
    let entry = b.block(&f.body, 0);
    Cfg {
        nodes: b.nodes,
        entry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_check_macros_from_their_defines() {
        let d = |name: &str, params: &[&str], body: &str| MacroDef {
            name: name.into(),
            params: params.iter().map(|s| s.to_string()).collect(),
            body: body.into(),
            span: Span::default(),
        };
        assert_eq!(
            analyse_macro(&d(
                "CHK",
                &["x"],
                "do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)"
            )),
            Some(CheckMacro {
                arg: 0,
                assigns: Some("hr".into()),
                on_fail: OnFail::Goto("Cleanup".into())
            })
        );
        assert_eq!(
            analyse_macro(&d(
                "RET",
                &["e"],
                "{ HRESULT _h = (e); if (_h != S_OK) return _h; }"
            )),
            Some(CheckMacro {
                arg: 0,
                assigns: Some("_h".into()),
                on_fail: OnFail::Return
            })
        );
        assert_eq!(
            analyse_macro(&d("JMP", &["e", "lbl"], "if (FAILED(e)) goto lbl")),
            Some(CheckMacro {
                arg: 0,
                assigns: None,
                on_fail: OnFail::GotoArg(1)
            })
        );
        // Logging macros that do not jump are transparent.
        assert_eq!(
            analyse_macro(&d("EC_H", &["x"], "hRes = CheckMe(x, __FILE__)")),
            None
        );
    }
}
