//! The language-neutral intermediate representation that every frontend lowers into.
//!
//! It is deliberately small: functions, statements with explicit control flow, and expressions
//! that keep just enough structure to find calls, their receivers, their arguments and what
//! their results flow into. Whatever a frontend cannot understand becomes [`Expr::Other`] or
//! [`Stmt::Opaque`]; lowering never fails.

use smallvec::{SmallVec, smallvec};

/// Index of a file in the scan's source table.
pub type FileId = usize;

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }
}

/// Everything the frontends produced for one scan.
#[derive(Debug, Default)]
pub struct Program {
    pub functions: Vec<Function>,
    pub classes: Vec<Class>,
    /// Function-like `#define`s seen in C/C++ sources (candidates for check macros).
    pub macros: Vec<MacroDef>,
    /// Global objects of class type (C++): constructed before the entry point runs and
    /// destroyed after it returns, in reverse order.
    pub globals: Vec<Global>,
    /// Per file id, an id of its directory: a call that resolves to several same-named
    /// functions prefers those of its own file, then of its own directory (one program of a
    /// repository that holds several).
    pub file_dirs: Vec<usize>,
    /// Functions declared `[[noreturn]]`, `__declspec(noreturn)`, `__attribute__((noreturn))`
    /// or `_Noreturn` (with or without a body in the scanned sources).
    pub noreturn: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Global {
    pub name: String,
    pub ty: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FnKind {
    Free,
    Method,
    Constructor,
    Destructor,
    /// A closure or lambda body, analysed on its own.
    Closure,
}

#[derive(Debug)]
pub struct Function {
    /// Unqualified name (`Logoff`, `~CSession`, `main`).
    pub name: String,
    /// Owning class, struct or impl type (last path component), if any.
    pub class: Option<String>,
    pub kind: FnKind,
    pub params: Vec<String>,
    /// Rust: the declared type of each parameter, parallel to `params` (`&IMAPISession`,
    /// `IMAPISession`; a receiver is `self` or `&self`). Empty in C/C++.
    pub param_types: Vec<String>,
    /// The span of the function's name.
    pub span: Span,
    pub body: Block,
    /// Rust semantics: every local is dropped where its scope ends unless moved away.
    /// (C++: only locals of a class with a destructor, found by type.)
    pub drops_locals: bool,
    /// Rust: the declared return type (`windows::core::Result<Arc<Initialize>>`), as tokens;
    /// empty when not written, and in C/C++.
    pub ret: String,
    /// Part of a built-in model of a library (outlook-mapi), not of the scanned sources:
    /// its events are located at the user's call or drop point.
    pub builtin: bool,
    /// Rust: a method taking `self` by value (`fn close(self)`): a call moves the receiver.
    pub consumes_self: bool,
}

#[derive(Debug, Default)]
pub struct Class {
    pub name: String,
    pub bases: Vec<String>,
    pub fields: Vec<String>,
    /// The declared type of each field (Rust; empty when unknown), parallel to `fields`.
    pub field_types: Vec<String>,
    /// Methods declared in the class body (with or without a body there).
    pub methods: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct MacroDef {
    pub name: String,
    pub params: Vec<String>,
    pub body: String,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    /// The closing brace (where the scope ends).
    pub close: Span,
}

#[derive(Debug, Clone)]
pub enum Stmt {
    Expr(Expr),
    /// A local variable declaration, with its initialiser.
    Decl {
        name: String,
        ty: String,
        init: Option<Expr>,
        span: Span,
    },
    If {
        cond: Expr,
        then: Block,
        els: Option<Block>,
    },
    /// `while (cond) body`, and `for` after its initialiser (`update` runs after the body).
    While {
        cond: Option<Expr>,
        body: Block,
        update: Option<Expr>,
    },
    DoWhile {
        body: Block,
        cond: Expr,
    },
    /// The body holds [`Stmt::Case`] markers; control enters at a case and falls through.
    Switch {
        cond: Expr,
        body: Block,
    },
    Case {
        is_default: bool,
        span: Span,
    },
    Return {
        value: Option<Expr>,
        span: Span,
    },
    Break(Span),
    Continue(Span),
    Goto {
        label: String,
        span: Span,
    },
    Label {
        name: String,
        span: Span,
    },
    Throw {
        value: Option<Expr>,
        span: Span,
    },
    Block(Block),
    /// `try { body } catch (..) { handler }...`: handlers are entered from explicit throws.
    Try {
        body: Block,
        handlers: Vec<Block>,
    },
    /// Something the frontend could not understand (a syntax error, an unsupported construct).
    Opaque(Span),
}

#[derive(Debug, Clone)]
pub enum Expr {
    Call(Box<Call>),
    /// A variable, constant or function name; `this->` is stripped (`this->m_x` is `m_x`).
    Name {
        name: String,
        span: Span,
    },
    /// `base.field` / `base->field`.
    Field {
        base: Box<Expr>,
        field: String,
        span: Span,
    },
    AddrOf {
        expr: Box<Expr>,
        span: Span,
    },
    Deref {
        expr: Box<Expr>,
        span: Span,
    },
    /// `lhs = rhs` and compound assignments (`op` is the operator text).
    Assign {
        lhs: Box<Expr>,
        rhs: Box<Expr>,
        op: String,
        span: Span,
    },
    Unary {
        op: String,
        expr: Box<Expr>,
        span: Span,
    },
    Binary {
        op: String,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
        span: Span,
    },
    Cond {
        cond: Box<Expr>,
        then: Box<Expr>,
        els: Box<Expr>,
        span: Span,
    },
    /// Literals: numbers, strings, `NULL`/`nullptr`/`None`, booleans.
    Lit {
        text: String,
        span: Span,
    },
    /// Anything else; the children are evaluated left to right.
    Other {
        children: Vec<Expr>,
        span: Span,
    },
}

#[derive(Debug, Clone)]
pub struct Call {
    pub callee: Callee,
    pub args: Vec<Expr>,
    /// The whole call expression.
    pub span: Span,
    /// The callee's name (for a method, the method name).
    pub name_span: Span,
}

#[derive(Debug, Clone)]
pub enum Callee {
    /// A free function or macro: `OleInitialize`, `::MAPIUninitialize`, `sys::MAPIUninitialize`.
    Function { name: String, path: String },
    /// A method: `recv->Logoff`, `recv.Logoff`, C `recv->lpVtbl->Logoff(recv, ..)` and
    /// `IMAPISession_Logoff(recv, ..)` (the explicit `this` argument is removed).
    Method {
        receiver: Expr,
        name: String,
        interface: Option<String>,
    },
    /// A call through an expression we do not resolve (function pointers...).
    Dynamic(Expr),
}

impl Callee {
    pub fn name(&self) -> &str {
        match self {
            Callee::Function { name, .. } | Callee::Method { name, .. } => name,
            Callee::Dynamic(_) => "",
        }
    }
    pub fn receiver(&self) -> Option<&Expr> {
        match self {
            Callee::Method { receiver, .. } => Some(receiver),
            _ => None,
        }
    }
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Call(c) => c.span,
            Expr::Name { span, .. }
            | Expr::Field { span, .. }
            | Expr::AddrOf { span, .. }
            | Expr::Deref { span, .. }
            | Expr::Assign { span, .. }
            | Expr::Unary { span, .. }
            | Expr::Binary { span, .. }
            | Expr::Cond { span, .. }
            | Expr::Lit { span, .. }
            | Expr::Other { span, .. } => *span,
        }
    }

    /// Strips what does not change which value an expression denotes for the analysis:
    /// nothing today beyond what lowering already removed (parentheses, casts).
    pub fn as_call(&self) -> Option<&Call> {
        match self {
            Expr::Call(c) => Some(c),
            _ => None,
        }
    }

    /// A stable key naming the storage an lvalue denotes (`lpSession`, `m_lpSession`,
    /// `ctx.lpSession`), or `None` for anything that is not a plain place.
    pub fn place_key(&self) -> Option<String> {
        match self {
            Expr::Name { name, .. } => Some(name.clone()),
            // A macro naming storage, such as `MAPI_G(hr)` (an all-caps one-argument macro
            // whose argument is itself a place).
            Expr::Call(c)
                if c.args.len() == 1
                    && matches!(&c.callee, Callee::Function { name, .. }
                        if name.len() > 1 && name.chars().all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
                            && !matches!(name.as_str(), "FAILED" | "SUCCEEDED" | "HR_FAILED" | "HR_SUCCEEDED")) =>
            {
                Some(format!("{}({})", c.callee.name(), c.args[0].place_key()?))
            }
            Expr::Field { base, field, .. } => Some(format!("{}.{}", base.place_key()?, field)),
            Expr::Deref { expr, .. } => Some(format!("*{}", expr.place_key()?)),
            _ => None,
        }
    }

    /// Visits the direct sub-expressions in evaluation order.
    pub fn children(&self) -> Children<'_> {
        let mut v = Children::new();
        self.each_child(|c| v.push(c));
        v
    }

    /// Calls `f` on each direct sub-expression, in evaluation order (no list is built).
    #[inline]
    pub fn each_child<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        match self {
            Expr::Call(c) => {
                match &c.callee {
                    Callee::Method { receiver, .. } => f(receiver),
                    Callee::Dynamic(e) => f(e),
                    Callee::Function { .. } => {}
                }
                c.args.iter().for_each(f);
            }
            Expr::Name { .. } | Expr::Lit { .. } => {}
            Expr::Field { base, .. } => f(base),
            Expr::AddrOf { expr, .. } | Expr::Deref { expr, .. } | Expr::Unary { expr, .. } => {
                f(expr)
            }
            Expr::Assign { lhs, rhs, .. } => {
                f(rhs);
                f(lhs);
            }
            Expr::Binary { lhs, rhs, .. } => {
                f(lhs);
                f(rhs);
            }
            Expr::Cond {
                cond, then, els, ..
            } => {
                f(cond);
                f(then);
                f(els);
            }
            Expr::Other { children, .. } => children.iter().for_each(f),
        }
    }

    /// Calls this expression contains, innermost first (the order they are evaluated in).
    pub fn calls_in_order<'a>(&'a self, out: &mut Vec<&'a Call>) {
        self.calls_in_order_with(out, &mut Vec::new());
    }

    /// [`Expr::calls_in_order`] with a work stack the caller keeps across expressions.
    fn calls_in_order_with<'a>(
        &'a self,
        out: &mut Vec<&'a Call>,
        stack: &mut Vec<(&'a Expr, bool)>,
    ) {
        // Iterative post-order so that deeply nested input cannot overflow the stack. Only a
        // call needs a second visit (to be emitted after its operands).
        stack.clear();
        stack.push((self, false));
        while let Some((e, expanded)) = stack.pop() {
            match e {
                Expr::Call(c) if expanded => {
                    out.push(c);
                    continue;
                }
                Expr::Name { .. } | Expr::Lit { .. } => continue,
                Expr::Call(_) => stack.push((e, true)),
                _ => {}
            }
            let first = stack.len();
            e.each_child(|child| stack.push((child, false)));
            stack[first..].reverse();
        }
    }
}

/// The direct sub-expressions of an expression: most have at most four, kept inline.
pub type Children<'a> = SmallVec<[&'a Expr; 4]>;

impl Stmt {
    /// Every expression directly held by this statement (not those of nested statements).
    pub fn exprs(&self) -> SmallVec<[&Expr; 2]> {
        match self {
            Stmt::Expr(e) => smallvec![e],
            Stmt::Decl { init, .. } => init.iter().collect(),
            Stmt::If { cond, .. } | Stmt::Switch { cond, .. } | Stmt::DoWhile { cond, .. } => {
                smallvec![cond]
            }
            Stmt::While { cond, update, .. } => cond.iter().chain(update.iter()).collect(),
            Stmt::Return { value, .. } | Stmt::Throw { value, .. } => value.iter().collect(),
            _ => SmallVec::new(),
        }
    }

    /// Nested blocks of this statement.
    pub fn blocks(&self) -> SmallVec<[&Block; 2]> {
        match self {
            Stmt::If { then, els, .. } => std::iter::once(then).chain(els.iter()).collect(),
            Stmt::While { body, .. } | Stmt::DoWhile { body, .. } | Stmt::Switch { body, .. } => {
                smallvec![body]
            }
            Stmt::Block(b) => smallvec![b],
            Stmt::Try { body, handlers } => std::iter::once(body).chain(handlers.iter()).collect(),
            _ => SmallVec::new(),
        }
    }
}

impl Program {
    /// Every call of each function ([`Function::for_each_call`]), collected once in parallel
    /// for the passes that each need them all.
    pub fn call_lists(&self) -> Vec<Vec<&Call>> {
        use rayon::prelude::*;
        self.functions
            .par_iter()
            .map(|f| {
                let mut v = Vec::new();
                f.for_each_call(&mut |c| v.push(c));
                v
            })
            .collect()
    }
}

impl Function {
    /// Every call in the function body, in source order of statements.
    pub fn for_each_call<'a>(&'a self, f: &mut dyn FnMut(&'a Call)) {
        let mut blocks: Vec<&'a Block> = vec![&self.body];
        let mut calls = Vec::new();
        let mut stack = Vec::new();
        while let Some(b) = blocks.pop() {
            for s in &b.stmts {
                for e in s.exprs() {
                    e.calls_in_order_with(&mut calls, &mut stack);
                }
                blocks.extend(s.blocks());
            }
        }
        for c in calls {
            f(c);
        }
    }

    /// Names declared as locals anywhere in the body.
    pub fn locals(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut blocks: Vec<&Block> = vec![&self.body];
        while let Some(b) = blocks.pop() {
            for s in &b.stmts {
                if let Stmt::Decl { name, .. } = s {
                    out.push(name.as_str());
                }
                blocks.extend(s.blocks());
            }
        }
        out
    }

    pub fn qualified_name(&self) -> String {
        match &self.class {
            Some(c) => format!("{}::{}", c, self.name),
            None => self.name.clone(),
        }
    }
}
