//! Rust frontend: syn lowered into the IR, with Rust's meaning of "Release": a drop.
//!
//! - `e?` becomes `let tmp = e; if FAILED(tmp) { return }` and the value `tmp`, so a start
//!   call that failed acquires nothing on the early-return path.
//! - `if let Ok(..)/Err(..)/Some(..)/None = e` and `match e { Ok(..) => .., Err(..) => .. }`
//!   become success tests on `e`; `.unwrap()`/`.expect(..)` pass the value through.
//! - `impl Drop for T { fn drop(&mut self) }` is T's destructor; every local is dropped at the
//!   end of its scope (the graph builder inserts the drops, `drops_locals`), `drop(x)` drops
//!   at once, and `let _ = e;` drops the value of `e` at once.
//! - Closures are analysed as functions of their own; calls inside macro invocations whose
//!   tokens parse as expressions (`assert!(..)`, `println!(.., x.f())`) are calls.

use crate::ir::{Block, Call, Callee, Class, Expr, FileId, FnKind, Function, Span, Stmt};
use proc_macro2::Span as PmSpan;
use quote::ToTokens;
use rustc_hash::FxHashSet as HashSet;
use syn::spanned::Spanned;

/// What lowering one Rust file produced.
#[derive(Debug, Default)]
pub struct RustFile {
    pub functions: Vec<Function>,
    pub classes: Vec<Class>,
}

/// The built-in model of the outlook-mapi crate (see `rules/models/outlook_mapi.rs`).
pub const OUTLOOK_MAPI_MODEL: &str = include_str!("../../rules/models/outlook_mapi.rs");

/// Does a scanned Rust file use the outlook-mapi crate?
pub fn uses_outlook_mapi(text: &str) -> bool {
    text.contains("outlook_mapi") || text.contains("Initialize::new") || text.contains("Logon::new")
}

/// Does evaluating `e` always leave the enclosing code (`return`, `break`, `continue`, a
/// panicking macro, a call that never returns: `std::process::exit`, `abort`, a function of
/// the file declared `-> !`), so that it has no value?
fn diverges(e: &syn::Expr, never: &HashSet<String>) -> bool {
    match e {
        syn::Expr::Return(_) | syn::Expr::Break(_) | syn::Expr::Continue(_) => true,
        syn::Expr::Macro(m) => m.mac.path.segments.last().is_some_and(|s| {
            matches!(
                s.ident.to_string().as_str(),
                "panic" | "unreachable" | "todo" | "unimplemented" | "bail"
            )
        }),
        syn::Expr::Call(c) => match &*c.func {
            syn::Expr::Path(p) => {
                let segs: Vec<String> = p
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                let last = segs.last().map(String::as_str).unwrap_or("");
                let std_process = segs.len() == 1
                    || segs.iter().any(|s| s == "process")
                    || (segs.iter().any(|s| s == "panic") && last == "resume_unwind");
                (std_process && matches!(last, "exit" | "abort" | "resume_unwind" | "panic_any"))
                    || (segs.len() == 1 && never.contains(last))
            }
            _ => false,
        },
        syn::Expr::Block(b) => match b.block.stmts.last() {
            Some(syn::Stmt::Expr(e, _)) => diverges(e, never),
            Some(syn::Stmt::Macro(m)) => diverges(
                &syn::Expr::Macro(syn::ExprMacro {
                    attrs: vec![],
                    mac: m.mac.clone(),
                }),
                never,
            ),
            _ => false,
        },
        syn::Expr::Unsafe(b) => match b.block.stmts.last() {
            Some(syn::Stmt::Expr(e, _)) => diverges(e, never),
            _ => false,
        },
        _ => false,
    }
}

/// The free functions of a file declared to return `!` (`fn die(msg: &str) -> !`).
fn never_returning(items: &[syn::Item], out: &mut HashSet<String>) {
    for item in items {
        match item {
            syn::Item::Fn(f) if matches!(&f.sig.output, syn::ReturnType::Type(_, t) if matches!(**t, syn::Type::Never(_))) =>
            {
                out.insert(f.sig.ident.to_string());
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    never_returning(items, out);
                }
            }
            _ => {}
        }
    }
}

/// Bracket nesting deeper than this is not handed to syn (whose parser recurses).
pub const MAX_NESTING: usize = 256;

/// Parses and lowers a Rust file. The error is one line for the user.
pub fn lower_file(file: FileId, text: &str) -> Result<RustFile, String> {
    if let Some(line) = too_deep(text) {
        return Err(format!(
            "skipped: brackets nested deeper than {MAX_NESTING} levels (line {line})"
        ));
    }
    let parsed = syn::parse_file(text);
    let out = match parsed {
        Ok(ast) => {
            let mut l = Lower {
                file,
                lines: LineIndex::new(text),
                out: RustFile::default(),
                tmp: 0,
                bindings: Vec::new(),
                never: HashSet::default(),
                flag_target: None,
                flag_declared: false,
            };
            never_returning(&ast.items, &mut l.never);
            for item in &ast.items {
                l.item(item, None);
            }
            Ok(l.out)
        }
        Err(e) => {
            let pos = e.span().start();
            Err(format!(
                "could not be parsed as Rust (line {}, column {}): {e}",
                pos.line,
                pos.column + 1
            ))
        }
    };
    // Spans were turned into byte offsets; free this thread's source map.
    proc_macro2::extra::invalidate_current_thread_spans();
    out
}

/// The line of the first place where brackets nest deeper than [`MAX_NESTING`] (strings and
/// comments are not skipped: this is a cheap guard, not a lexer).
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut line = 1;
    for b in text.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(line);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
    }
    None
}

struct Lower<'t> {
    file: FileId,
    lines: Option<LineIndex<'t>>,
    out: RustFile,
    tmp: usize,
    /// Bindings of an `if let` pattern, declared at the start of the then-block.
    bindings: Vec<Stmt>,
    /// The file's functions declared `-> !`.
    never: HashSet<String>,
    /// `let ole = match OleInitialize(None) { Ok(()) => true, Err(_) => false };`: the local
    /// the match's success flag goes to ([`Lower::match_arms`] declares it and sets
    /// `flag_declared`).
    flag_target: Option<(String, Span)>,
    flag_declared: bool,
}

fn other(span: Span) -> Expr {
    Expr::Other {
        children: vec![],
        span,
    }
}

fn call_fn(name: &str, args: Vec<Expr>, span: Span) -> Expr {
    Expr::Call(Box::new(Call {
        callee: Callee::Function {
            name: name.into(),
            path: name.into(),
        },
        args,
        span,
        name_span: span,
    }))
}

fn path_string(p: &syn::Path) -> String {
    p.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

fn type_string(t: &syn::Type) -> String {
    t.to_token_stream().to_string()
}

fn pat_idents(p: &syn::Pat, out: &mut Vec<String>) {
    match p {
        syn::Pat::Ident(i) => {
            out.push(i.ident.to_string());
            if let Some((_, sub)) = &i.subpat {
                pat_idents(sub, out);
            }
        }
        syn::Pat::Type(t) => pat_idents(&t.pat, out),
        syn::Pat::Reference(r) => pat_idents(&r.pat, out),
        syn::Pat::Tuple(t) => t.elems.iter().for_each(|e| pat_idents(e, out)),
        syn::Pat::TupleStruct(t) => t.elems.iter().for_each(|e| pat_idents(e, out)),
        syn::Pat::Struct(s) => s.fields.iter().for_each(|f| pat_idents(&f.pat, out)),
        syn::Pat::Slice(s) => s.elems.iter().for_each(|e| pat_idents(e, out)),
        syn::Pat::Or(o) => {
            if let Some(first) = o.cases.first() {
                pat_idents(first, out)
            }
        }
        syn::Pat::Paren(p) => pat_idents(&p.pat, out),
        syn::Pat::Guard(g) => pat_idents(&g.pat, out),
        _ => {}
    }
}

/// `Ok(..)` / `Err(..)` / `Some(..)` / `None`: which variant a pattern tests.
/// The boolean literal an arm's body ends with (`true`, `{ warn!(..); false }`).
fn bool_tail(e: &syn::Expr) -> Option<bool> {
    match e {
        syn::Expr::Lit(l) => match &l.lit {
            syn::Lit::Bool(b) => Some(b.value),
            _ => None,
        },
        syn::Expr::Block(b) => match b.block.stmts.last() {
            Some(syn::Stmt::Expr(t, None)) => bool_tail(t),
            _ => None,
        },
        _ => None,
    }
}

fn pat_variant(p: &syn::Pat) -> Option<String> {
    match p {
        syn::Pat::Guard(g) => pat_variant(&g.pat),
        syn::Pat::TupleStruct(t) => t.path.segments.last().map(|s| s.ident.to_string()),
        syn::Pat::Path(pp) => pp.path.segments.last().map(|s| s.ident.to_string()),
        syn::Pat::Ident(i) if i.ident == "None" => Some("None".into()),
        _ => None,
    }
}

/// Byte offsets from proc-macro2's line and column positions. `Span::byte_range` converts
/// character offsets through a map it grows on every call (a fifth of lowering a Rust file);
/// a line's start plus the characters before the column is the same offset.
struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of each line's start (proc-macro2 ends lines at `\n` only).
    starts: Vec<usize>,
    ascii: bool,
}

impl<'t> LineIndex<'t> {
    /// `None` when syn does not parse `text` from its first byte (it strips a byte-order mark
    /// and a shebang line first): those files keep `byte_range`.
    fn new(text: &'t str) -> Option<LineIndex<'t>> {
        if text.starts_with('\u{feff}') || text.starts_with("#!") {
            return None;
        }
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Some(LineIndex {
            text,
            starts,
            ascii: text.is_ascii(),
        })
    }

    fn offset(&self, at: proc_macro2::LineColumn) -> usize {
        // Line 0: no position (`cfg(fuzzing)` builds of proc-macro2 report only that).
        let Some(&start) = at.line.checked_sub(1).and_then(|l| self.starts.get(l)) else {
            return 0;
        };
        if self.ascii {
            start + at.column
        } else {
            self.text[start..]
                .char_indices()
                .nth(at.column)
                .map_or(self.text.len(), |(i, _)| start + i)
        }
    }
}

/// The span of the first token `Spanned` would print for `e`, for the common forms without
/// attributes (`None` for the others).
fn first_token(e: &syn::Expr) -> Option<PmSpan> {
    use syn::Expr as E;
    match e {
        E::Call(c) if c.attrs.is_empty() => first_token(&c.func),
        E::MethodCall(m) if m.attrs.is_empty() => first_token(&m.receiver),
        E::Binary(b) if b.attrs.is_empty() => first_token(&b.left),
        E::Assign(a) if a.attrs.is_empty() => first_token(&a.left),
        E::Field(f) if f.attrs.is_empty() => first_token(&f.base),
        E::Index(i) if i.attrs.is_empty() => first_token(&i.expr),
        E::Try(t) if t.attrs.is_empty() => first_token(&t.expr),
        E::Await(a) if a.attrs.is_empty() => first_token(&a.base),
        E::Cast(c) if c.attrs.is_empty() => first_token(&c.expr),
        E::Path(p) if p.attrs.is_empty() && p.qself.is_none() => path_first(&p.path),
        E::Macro(m) if m.attrs.is_empty() => path_first(&m.mac.path),
        E::Lit(l) if l.attrs.is_empty() => Some(l.lit.span()),
        E::Reference(r) if r.attrs.is_empty() => Some(r.and_token.spans[0]),
        E::Unary(u) if u.attrs.is_empty() => Some(match u.op {
            syn::UnOp::Deref(t) => t.spans[0],
            syn::UnOp::Not(t) => t.spans[0],
            syn::UnOp::Neg(t) => t.spans[0],
            _ => return None,
        }),
        E::Paren(p) if p.attrs.is_empty() => Some(p.paren_token.span.open()),
        E::Tuple(t) if t.attrs.is_empty() => Some(t.paren_token.span.open()),
        E::Array(a) if a.attrs.is_empty() => Some(a.bracket_token.span.open()),
        E::Return(r) if r.attrs.is_empty() => Some(r.return_token.span),
        E::If(i) if i.attrs.is_empty() => Some(i.if_token.span),
        E::Match(m) if m.attrs.is_empty() => Some(m.match_token.span),
        E::Unsafe(u) if u.attrs.is_empty() => Some(u.unsafe_token.span),
        E::Block(b) if b.attrs.is_empty() && b.label.is_none() => {
            Some(b.block.brace_token.span.open())
        }
        _ => None,
    }
}

/// The span of the last token `Spanned` would print for `e` (see [`first_token`]).
fn last_token(e: &syn::Expr) -> Option<PmSpan> {
    use syn::Expr as E;
    match e {
        E::Call(c) => Some(c.paren_token.span.close()),
        E::MethodCall(m) => Some(m.paren_token.span.close()),
        E::Binary(b) => last_token(&b.right),
        E::Assign(a) => last_token(&a.right),
        E::Field(f) => Some(match &f.member {
            syn::Member::Named(i) => i.span(),
            syn::Member::Unnamed(i) => i.span,
        }),
        E::Index(i) => Some(i.bracket_token.span.close()),
        E::Try(t) => Some(t.question_token.spans[0]),
        E::Await(a) => Some(a.await_token.span),
        E::Path(p) if p.qself.is_none() => path_last(&p.path),
        E::Macro(m) => Some(match &m.mac.delimiter {
            syn::MacroDelimiter::Paren(d) => d.span.close(),
            syn::MacroDelimiter::Brace(d) => d.span.close(),
            syn::MacroDelimiter::Bracket(d) => d.span.close(),
        }),
        E::Lit(l) => Some(l.lit.span()),
        E::Reference(r) => last_token(&r.expr),
        E::Unary(u) => last_token(&u.expr),
        E::Paren(p) => Some(p.paren_token.span.close()),
        E::Tuple(t) => Some(t.paren_token.span.close()),
        E::Array(a) => Some(a.bracket_token.span.close()),
        E::Return(r) => match &r.expr {
            Some(e) => last_token(e),
            None => Some(r.return_token.span),
        },
        E::If(i) => match &i.else_branch {
            Some((_, e)) => last_token(e),
            None => Some(i.then_branch.brace_token.span.close()),
        },
        E::Match(m) => Some(m.brace_token.span.close()),
        E::Unsafe(u) => Some(u.block.brace_token.span.close()),
        E::Block(b) => Some(b.block.brace_token.span.close()),
        _ => None,
    }
}

fn path_first(p: &syn::Path) -> Option<PmSpan> {
    match &p.leading_colon {
        Some(c) => Some(c.spans[0]),
        None => p.segments.first().map(|s| s.ident.span()),
    }
}

fn path_last(p: &syn::Path) -> Option<PmSpan> {
    let seg = p.segments.last()?;
    match &seg.arguments {
        syn::PathArguments::None => Some(seg.ident.span()),
        syn::PathArguments::AngleBracketed(a) => Some(a.gt_token.spans[0]),
        syn::PathArguments::Parenthesized(_) => None,
    }
}

impl Lower<'_> {
    fn span(&self, s: PmSpan) -> Span {
        let r = match &self.lines {
            Some(lines) => {
                let r = lines.offset(s.start())..lines.offset(s.end());
                debug_assert_eq!(r, s.byte_range(), "line index and byte_range disagree");
                r
            }
            None => s.byte_range(),
        };
        Span::new(self.file, r.start, r.end)
    }

    fn sp<T: Spanned>(&self, node: &T) -> Span {
        self.span(node.span())
    }

    /// The span of an expression: from its first token to its last, as `Spanned::span` gives
    /// it, without printing the whole subtree into tokens (which `Spanned` does for every
    /// nested expression: quadratic in the nesting). Forms not handled take the slow way;
    /// debug builds (the tests) check that both agree, except fuzz builds, where that check
    /// is the very quadratic walk (`**..*x` nested 2,000 deep: 10 s under ASan).
    fn expr_sp(&self, e: &syn::Expr) -> Span {
        let fast = first_token(e).zip(last_token(e)).map(|(first, last)| {
            Span::new(
                self.file,
                self.span(first).start as usize,
                self.span(last).end as usize,
            )
        });
        #[cfg(not(fuzzing))]
        debug_assert!(
            fast.is_none_or(|f| f == self.sp(e)),
            "fast span {fast:?} differs from syn's {:?}",
            self.sp(e)
        );
        fast.unwrap_or_else(|| self.sp(e))
    }

    fn fresh(&mut self) -> String {
        self.tmp += 1;
        format!("?{}", self.tmp)
    }

    // ----- items -----

    fn item(&mut self, item: &syn::Item, class: Option<&str>) {
        match item {
            syn::Item::Fn(f) => self.function(&f.sig, &f.block, class, FnKind::Free),
            syn::Item::Impl(imp) => {
                let ty = match &*imp.self_ty {
                    syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                };
                let Some(ty) = ty else { return };
                let is_drop = imp
                    .trait_
                    .as_ref()
                    .is_some_and(|(p, _)| p.segments.last().is_some_and(|s| s.ident == "Drop"));
                for it in &imp.items {
                    if let syn::ImplItem::Fn(m) = it {
                        let kind = if is_drop && m.sig.ident == "drop" {
                            FnKind::Destructor
                        } else {
                            FnKind::Method
                        };
                        self.function(&m.sig, &m.block, Some(&ty), kind);
                    }
                }
            }
            syn::Item::Trait(t) => {
                let name = t.ident.to_string();
                for it in &t.items {
                    if let syn::TraitItem::Fn(m) = it
                        && let Some(b) = &m.default
                    {
                        self.function(&m.sig, b, Some(&name), FnKind::Method);
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    for i in items {
                        self.item(i, class);
                    }
                }
            }
            syn::Item::Struct(s) => {
                let fields = s
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        f.ident
                            .as_ref()
                            .map(|x| x.to_string())
                            .unwrap_or_else(|| i.to_string())
                    })
                    .collect();
                let field_types = s.fields.iter().map(|f| type_string(&f.ty)).collect();
                self.out.classes.push(Class {
                    name: s.ident.to_string(),
                    bases: vec![],
                    fields,
                    field_types,
                    methods: vec![],
                    span: self.sp(&s.ident),
                });
            }
            _ => {}
        }
    }

    fn function(
        &mut self,
        sig: &syn::Signature,
        body: &syn::Block,
        class: Option<&str>,
        kind: FnKind,
    ) {
        let params = sig
            .inputs
            .iter()
            .map(|a| match a {
                syn::FnArg::Receiver(_) => "self".to_string(),
                syn::FnArg::Typed(t) => {
                    let mut v = Vec::new();
                    pat_idents(&t.pat, &mut v);
                    v.into_iter().next().unwrap_or_default()
                }
            })
            .collect();
        let param_types = sig
            .inputs
            .iter()
            .map(|a| match a {
                syn::FnArg::Receiver(r) => match &r.kind {
                    syn::ReceiverKind::Value => "self".to_string(),
                    _ => "&self".to_string(),
                },
                syn::FnArg::Typed(t) => type_string(&t.ty),
            })
            .collect();
        let saved = self.tmp;
        let mut block = self.block(body);
        // The body's tail expression is the function's value: it moves what it names out
        // (`Ok(session.expect(..))`), exactly as `return` would.
        if let Some(syn::Stmt::Expr(tail, None)) = body.stmts.last()
            && !matches!(
                tail,
                syn::Expr::Block(_)
                    | syn::Expr::Unsafe(_)
                    | syn::Expr::If(_)
                    | syn::Expr::Match(_)
                    | syn::Expr::Loop(_)
                    | syn::Expr::While(_)
                    | syn::Expr::ForLoop(_)
            )
            && let Some(Stmt::Expr(value)) = block.stmts.last()
        {
            let value = value.clone();
            let span = value.span();
            block.stmts.pop();
            block.stmts.push(Stmt::Return {
                value: Some(value),
                span,
            });
        }
        self.tmp = saved;
        self.out.functions.push(Function {
            name: sig.ident.to_string(),
            class: class.map(str::to_string),
            kind,
            params,
            param_types,
            span: self.sp(&sig.ident),
            body: block,
            drops_locals: true,
            ret: match &sig.output {
                syn::ReturnType::Type(_, t) => type_string(t),
                syn::ReturnType::Default => String::new(),
            },
            builtin: false,
            consumes_self: sig.inputs.iter().any(|a| {
                matches!(a, syn::FnArg::Receiver(r) if matches!(r.kind, syn::ReceiverKind::Value))
            }),
        });
    }

    // ----- statements -----

    fn block(&mut self, b: &syn::Block) -> Block {
        let mut stmts = Vec::new();
        for s in &b.stmts {
            self.stmt(s, &mut stmts);
        }
        Block {
            stmts,
            close: self.span(b.brace_token.span.close()),
        }
    }

    fn stmt(&mut self, s: &syn::Stmt, out: &mut Vec<Stmt>) {
        match s {
            syn::Stmt::Local(local) => self.local(local, out),
            syn::Stmt::Item(item) => self.item(item, None),
            syn::Stmt::Expr(e, _) => self.expr_stmt(e, out),
            syn::Stmt::Macro(m) => {
                let e = self.macro_call(&m.mac, out);
                out.push(Stmt::Expr(e));
            }
        }
    }

    fn local(&mut self, local: &syn::Local, out: &mut Vec<Stmt>) {
        let span = self.sp(local);
        let (pat, ty) = match &local.pat {
            syn::Pat::Type(t) => (&*t.pat, type_string(&t.ty)),
            p => (p, String::new()),
        };
        // `let ole = match .. { Ok(()) => true, Err(_) => false };` (see `flag_target`).
        if let (syn::Pat::Ident(id), Some(i)) = (pat, &local.init)
            && i.diverge.is_none()
            && matches!(&*i.expr, syn::Expr::Match(_))
        {
            self.flag_target = Some((id.ident.to_string(), span));
        }
        let init = local.init.as_ref().map(|i| self.expr(&i.expr, out));
        self.flag_target = None;
        if std::mem::take(&mut self.flag_declared) {
            return;
        }
        if let Some(diverge) = local.init.as_ref().and_then(|i| i.diverge.as_ref()) {
            // `let Ok(x) = e else { return };`: the else block runs when the pattern fails.
            let tmp = self.fresh();
            out.push(Stmt::Decl {
                name: tmp.clone(),
                ty: String::new(),
                init,
                span,
            });
            let v = Expr::Name { name: tmp, span };
            let cond = match pat_variant(pat).as_deref() {
                Some("Ok") => call_fn("FAILED", vec![v.clone()], span),
                Some("Some") => Expr::Unary {
                    op: "!".into(),
                    expr: Box::new(v.clone()),
                    span,
                },
                _ => other(span),
            };
            let mut els = Vec::new();
            self.expr_stmt(&diverge.1, &mut els);
            out.push(Stmt::If {
                cond,
                then: Block {
                    stmts: els,
                    close: span,
                },
                els: None,
            });
            let mut names = Vec::new();
            pat_idents(pat, &mut names);
            for n in names {
                out.push(Stmt::Decl {
                    name: n,
                    ty: ty.clone(),
                    init: Some(v.clone()),
                    span,
                });
            }
            return;
        }
        if matches!(pat, syn::Pat::Wild(_)) {
            // `let _ = e;` drops the value of `e` at once (a place is not moved).
            if let Some(e) = init {
                if e.place_key().is_some() {
                    out.push(Stmt::Expr(e));
                } else {
                    let tmp = self.fresh();
                    out.push(Stmt::Decl {
                        name: tmp.clone(),
                        ty,
                        init: Some(e),
                        span,
                    });
                    out.push(Stmt::Expr(call_fn(
                        "drop",
                        vec![Expr::Name { name: tmp, span }],
                        span,
                    )));
                }
            }
            return;
        }
        let mut names = Vec::new();
        pat_idents(pat, &mut names);
        match names.len() {
            1 => out.push(Stmt::Decl {
                name: names.remove(0),
                ty,
                init,
                span,
            }),
            _ => {
                out.push(Stmt::Decl {
                    name: String::new(),
                    ty: String::new(),
                    init,
                    span,
                });
                for n in names {
                    out.push(Stmt::Decl {
                        name: n,
                        ty: String::new(),
                        init: None,
                        span,
                    });
                }
            }
        }
    }

    /// An expression in statement position: control flow becomes statements.
    fn expr_stmt(&mut self, e: &syn::Expr, out: &mut Vec<Stmt>) {
        match e {
            syn::Expr::Block(b) => out.push(Stmt::Block(self.block(&b.block))),
            syn::Expr::Unsafe(b) => out.push(Stmt::Block(self.block(&b.block))),
            syn::Expr::Const(b) => out.push(Stmt::Block(self.block(&b.block))),
            _ => {
                let v = self.expr(e, out);
                if !matches!(v, Expr::Other { ref children, .. } if children.is_empty()) {
                    out.push(Stmt::Expr(v));
                }
            }
        }
    }

    fn branch_block(&mut self, e: &syn::Expr) -> Block {
        match e {
            syn::Expr::Block(b) => self.block(&b.block),
            _ => {
                let mut stmts = Vec::new();
                self.expr_stmt(e, &mut stmts);
                let s = self.expr_sp(e);
                Block {
                    stmts,
                    close: Span::new(self.file, s.end as usize, s.end as usize),
                }
            }
        }
    }

    /// Lowers a condition; `let` patterns become success tests.
    fn cond(&mut self, e: &syn::Expr, pre: &mut Vec<Stmt>) -> Expr {
        match e {
            syn::Expr::Let(l) => {
                let span = self.sp(l);
                let value = self.expr(&l.expr, pre);
                // The value is kept in a temporary; the pattern's bindings take it in the
                // then-block (`if let Ok(conn) = store.Advise(..)`).
                let tmp = self.fresh();
                pre.push(Stmt::Decl {
                    name: tmp.clone(),
                    ty: String::new(),
                    init: Some(value),
                    span,
                });
                let v = Expr::Name { name: tmp, span };
                let mut names = Vec::new();
                pat_idents(&l.pat, &mut names);
                if names.len() == 1 && matches!(pat_variant(&l.pat).as_deref(), Some("Ok" | "Some"))
                {
                    let name = names.remove(0);
                    self.bindings.push(Stmt::Decl {
                        name,
                        ty: String::new(),
                        init: Some(v.clone()),
                        span,
                    });
                }
                match pat_variant(&l.pat).as_deref() {
                    Some("Ok") => call_fn("SUCCEEDED", vec![v], span),
                    Some("Err") => call_fn("FAILED", vec![v], span),
                    Some("Some") => v,
                    Some("None") => Expr::Unary {
                        op: "!".into(),
                        expr: Box::new(v),
                        span,
                    },
                    _ => Expr::Other {
                        children: vec![v],
                        span,
                    },
                }
            }
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_) | syn::BinOp::Or(_)) => {
                let span = self.sp(b);
                let lhs = self.cond(&b.left, pre);
                let rhs = self.cond(&b.right, pre);
                let op = if matches!(b.op, syn::BinOp::And(_)) {
                    "&&"
                } else {
                    "||"
                };
                Expr::Binary {
                    op: op.into(),
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                    span,
                }
            }
            syn::Expr::Paren(p) => self.cond(&p.expr, pre),
            _ => self.expr(e, pre),
        }
    }

    /// Lowers an expression in value position; statements it implies (early returns of `?`,
    /// control flow) go to `pre`, in evaluation order.
    fn expr(&mut self, e: &syn::Expr, pre: &mut Vec<Stmt>) -> Expr {
        let span = self.expr_sp(e);
        match e {
            syn::Expr::Call(c) => {
                let args: Vec<Expr> = c.args.iter().map(|a| self.expr(a, pre)).collect();
                match &*c.func {
                    syn::Expr::Path(p) => {
                        let path = path_string(&p.path);
                        let name = p
                            .path
                            .segments
                            .last()
                            .map(|s| s.ident.to_string())
                            .unwrap_or_default();
                        let name_span = self.sp(&p.path);
                        // Tuple-variant constructors and smart-pointer wrappers pass values on.
                        if matches!(name.as_str(), "Ok" | "Some") && args.len() == 1 {
                            // `Some(session)` is the value itself, moved as a plain name is
                            // (a one-child `Other` reads as a shared borrow).
                            if matches!(args[0], Expr::Name { .. }) {
                                return args.into_iter().next().expect("one argument");
                            }
                            return Expr::Other {
                                children: args,
                                span,
                            };
                        }
                        Expr::Call(Box::new(Call {
                            callee: Callee::Function { name, path },
                            args,
                            span,
                            name_span,
                        }))
                    }
                    f => {
                        let callee = self.expr(f, pre);
                        Expr::Call(Box::new(Call {
                            callee: Callee::Dynamic(callee),
                            args,
                            span,
                            name_span: span,
                        }))
                    }
                }
            }
            syn::Expr::MethodCall(m) => {
                let receiver = self.expr(&m.receiver, pre);
                let method = m.method.to_string();
                if matches!(method.as_str(), "unwrap" | "expect" | "unwrap_unchecked") {
                    return receiver;
                }
                // `s.map(Session)`: a tuple struct (or variant) used as the mapping function
                // wraps the value as `Session(s)` would; lowered as that literal, so the value
                // is moved into a `Session` (whose `Drop` may log it off).
                if method == "map"
                    && let [syn::Expr::Path(p)] = m.args.iter().collect::<Vec<_>>()[..]
                    && p.qself.is_none()
                    && p.path.segments.len() == 1
                    && p.path.segments[0].arguments.is_none()
                {
                    let ty = p.path.segments[0].ident.to_string();
                    if ty.starts_with(|ch: char| ch.is_ascii_uppercase())
                        && !matches!(ty.as_str(), "Ok" | "Err" | "Some" | "None")
                    {
                        return call_fn(&ty, vec![receiver], span);
                    }
                }
                let args = m.args.iter().map(|a| self.expr(a, pre)).collect();
                Expr::Call(Box::new(Call {
                    callee: Callee::Method {
                        receiver,
                        name: method,
                        interface: None,
                    },
                    args,
                    span,
                    name_span: self.sp(&m.method),
                }))
            }
            syn::Expr::Try(t) => {
                let v = self.expr(&t.expr, pre);
                let tmp = self.fresh();
                pre.push(Stmt::Decl {
                    name: tmp.clone(),
                    ty: String::new(),
                    init: Some(v),
                    span,
                });
                let name = Expr::Name { name: tmp, span };
                // The error is moved out by the early return (nothing of the value is dropped).
                let ret = Stmt::Return {
                    value: Some(name.clone()),
                    span,
                };
                pre.push(Stmt::If {
                    cond: call_fn("FAILED", vec![name.clone()], span),
                    then: Block {
                        stmts: vec![ret],
                        close: span,
                    },
                    els: None,
                });
                name
            }
            syn::Expr::Path(p) => Expr::Name {
                name: path_string(&p.path),
                span,
            },
            syn::Expr::Field(f) => {
                let base = self.expr(&f.base, pre);
                let field = match &f.member {
                    syn::Member::Named(i) => i.to_string(),
                    syn::Member::Unnamed(i) => i.index.to_string(),
                };
                Expr::Field {
                    base: Box::new(base),
                    field,
                    span,
                }
            }
            // `&mut x` may be written through (an out parameter); `&x` is a shared borrow that
            // neither writes nor hands over `x`.
            syn::Expr::Reference(r) if r.mutability.is_none() => {
                let inner = self.expr(&r.expr, pre);
                Expr::Other {
                    children: vec![inner],
                    span,
                }
            }
            syn::Expr::Reference(r) => {
                let inner = self.expr(&r.expr, pre);
                Expr::AddrOf {
                    expr: Box::new(inner),
                    span,
                }
            }
            syn::Expr::RawAddr(r) => {
                let inner = self.expr(&r.expr, pre);
                Expr::AddrOf {
                    expr: Box::new(inner),
                    span,
                }
            }
            syn::Expr::Unary(u) => {
                let inner = self.expr(&u.expr, pre);
                match u.op {
                    syn::UnOp::Deref(_) => Expr::Deref {
                        expr: Box::new(inner),
                        span,
                    },
                    syn::UnOp::Not(_) => Expr::Unary {
                        op: "!".into(),
                        expr: Box::new(inner),
                        span,
                    },
                    _ => Expr::Unary {
                        op: u.op.to_token_stream().to_string(),
                        expr: Box::new(inner),
                        span,
                    },
                }
            }
            syn::Expr::Binary(b) => {
                let lhs = self.expr(&b.left, pre);
                let rhs = self.expr(&b.right, pre);
                let op = b.op.to_token_stream().to_string();
                if op.ends_with('=') && !matches!(op.as_str(), "==" | "!=" | "<=" | ">=") {
                    Expr::Assign {
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                        op,
                        span,
                    }
                } else {
                    Expr::Binary {
                        op,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                        span,
                    }
                }
            }
            syn::Expr::Assign(a) => {
                let rhs = self.expr(&a.right, pre);
                let lhs = self.expr(&a.left, pre);
                Expr::Assign {
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                    op: "=".into(),
                    span,
                }
            }
            syn::Expr::Paren(p) => self.expr(&p.expr, pre),
            syn::Expr::Group(g) => self.expr(&g.expr, pre),
            syn::Expr::Cast(c) => self.expr(&c.expr, pre),
            syn::Expr::Await(a) => self.expr(&a.base, pre),
            syn::Expr::Lit(l) => Expr::Lit {
                text: l.lit.to_token_stream().to_string(),
                span,
            },
            syn::Expr::Struct(s) => {
                let args = s.fields.iter().map(|f| self.expr(&f.expr, pre)).collect();
                let name = s
                    .path
                    .segments
                    .last()
                    .map(|x| x.ident.to_string())
                    .unwrap_or_default();
                Expr::Call(Box::new(Call {
                    callee: Callee::Function {
                        name,
                        path: format!("{}::{{}}", path_string(&s.path)),
                    },
                    args,
                    span,
                    name_span: self.sp(&s.path),
                }))
            }
            syn::Expr::Block(b) => self.value_block(&b.block, pre),
            syn::Expr::Unsafe(b) => self.value_block(&b.block, pre),
            syn::Expr::If(i) => {
                let saved = std::mem::take(&mut self.bindings);
                let cond = self.cond(&i.cond, pre);
                let bindings = std::mem::replace(&mut self.bindings, saved);
                let mut then = self.block(&i.then_branch);
                then.stmts.splice(0..0, bindings);
                let els = i.else_branch.as_ref().map(|(_, e)| self.branch_block(e));
                pre.push(Stmt::If { cond, then, els });
                other(span)
            }
            syn::Expr::Match(m) => {
                let flag = self.flag_target.take();
                let scrutinee = self.expr(&m.expr, pre);
                self.flag_target = flag;
                // `match f() { Ok(v) => v, Err(e) => return Err(e) }` is the success value.
                self.match_arms(scrutinee, &m.arms, span, pre)
                    .unwrap_or_else(|| other(span))
            }
            syn::Expr::While(w) => {
                let mut cpre = Vec::new();
                let cond = self.cond(&w.cond, &mut cpre);
                pre.extend(cpre);
                let body = self.block(&w.body);
                pre.push(Stmt::While {
                    cond: Some(cond),
                    body,
                    update: None,
                });
                other(span)
            }
            syn::Expr::Loop(l) => {
                let body = self.block(&l.body);
                pre.push(Stmt::While {
                    cond: None,
                    body,
                    update: None,
                });
                other(span)
            }
            syn::Expr::ForLoop(f) => {
                let it = self.expr(&f.expr, pre);
                pre.push(Stmt::Expr(it));
                let mut body = self.block(&f.body);
                // Each iteration binds the pattern anew: what a path assumed about it in the
                // previous iteration no longer holds.
                let mut names = Vec::new();
                pat_idents(&f.pat, &mut names);
                let at = self.sp(&f.pat);
                let decls = names.into_iter().map(|name| Stmt::Decl {
                    name,
                    ty: String::new(),
                    init: None,
                    span: at,
                });
                body.stmts.splice(0..0, decls);
                pre.push(Stmt::While {
                    cond: Some(other(span)),
                    body,
                    update: None,
                });
                other(span)
            }
            syn::Expr::Break(b) => {
                if let Some(v) = &b.expr {
                    let v = self.expr(v, pre);
                    pre.push(Stmt::Expr(v));
                }
                pre.push(Stmt::Break(span));
                other(span)
            }
            syn::Expr::Continue(_) => {
                pre.push(Stmt::Continue(span));
                other(span)
            }
            syn::Expr::Return(r) => {
                let value = r.expr.as_ref().map(|v| self.expr(v, pre));
                pre.push(Stmt::Return { value, span });
                other(span)
            }
            syn::Expr::Closure(c) => {
                let mut stmts = Vec::new();
                self.expr_stmt(&c.body, &mut stmts);
                let close = Span::new(self.file, span.end as usize, span.end as usize);
                self.out.functions.push(Function {
                    name: "<closure>".into(),
                    class: None,
                    kind: FnKind::Closure,
                    params: vec![],
                    span,
                    body: Block { stmts, close },
                    drops_locals: true,
                    ret: String::new(),
                    builtin: false,
                    consumes_self: false,
                    param_types: Vec::new(),
                });
                Expr::Lit {
                    text: crate::frontend::cpp::LAMBDA.into(),
                    span,
                }
            }
            syn::Expr::Macro(m) => self.macro_call(&m.mac, pre),
            syn::Expr::Let(l) => {
                let v = self.expr(&l.expr, pre);
                Expr::Other {
                    children: vec![v],
                    span,
                }
            }
            syn::Expr::Tuple(t) => Expr::Other {
                children: t.elems.iter().map(|x| self.expr(x, pre)).collect(),
                span,
            },
            syn::Expr::Array(a) => Expr::Other {
                children: a.elems.iter().map(|x| self.expr(x, pre)).collect(),
                span,
            },
            syn::Expr::Index(i) => {
                let a = self.expr(&i.expr, pre);
                let b = self.expr(&i.index, pre);
                Expr::Other {
                    children: vec![a, b],
                    span,
                }
            }
            syn::Expr::Range(r) => {
                let mut children = Vec::new();
                for x in r.start.iter().chain(r.end.iter()) {
                    children.push(self.expr(x, pre));
                }
                Expr::Other { children, span }
            }
            syn::Expr::Repeat(r) => {
                let v = self.expr(&r.expr, pre);
                Expr::Other {
                    children: vec![v],
                    span,
                }
            }
            _ => other(span),
        }
    }

    /// A block in value position (`let hr = unsafe { CoInitializeEx(..) };`): its statements
    /// run here and its tail expression is the value.
    fn value_block(&mut self, b: &syn::Block, pre: &mut Vec<Stmt>) -> Expr {
        let n = b.stmts.len();
        // A block that declares locals is a scope: they drop at its closing brace, before
        // the value is used (`let count = { let _logoff = Guard(..); ..; rows };`). Its value
        // goes to a temporary declared before it.
        if b.stmts.iter().any(|s| matches!(s, syn::Stmt::Local(_))) {
            let tmp = self.fresh();
            let open = self.span(b.brace_token.span.open());
            let close = self.span(b.brace_token.span.close());
            pre.push(Stmt::Decl {
                name: tmp.clone(),
                ty: String::new(),
                init: None,
                span: open,
            });
            let mut inner = Vec::new();
            for (i, s) in b.stmts.iter().enumerate() {
                if i + 1 == n
                    && let syn::Stmt::Expr(e, None) = s
                {
                    let value = self.expr(e, &mut inner);
                    let span = value.span();
                    inner.push(Stmt::Expr(Expr::Assign {
                        lhs: Box::new(Expr::Name {
                            name: tmp.clone(),
                            span,
                        }),
                        rhs: Box::new(value),
                        op: "=".into(),
                        span,
                    }));
                    break;
                }
                self.stmt(s, &mut inner);
            }
            pre.push(Stmt::Block(Block {
                stmts: inner,
                close,
            }));
            return Expr::Name {
                name: tmp,
                span: close,
            };
        }
        for (i, s) in b.stmts.iter().enumerate() {
            if i + 1 == n
                && let syn::Stmt::Expr(e, None) = s
            {
                return self.expr(e, pre);
            }
            self.stmt(s, pre);
        }
        other(self.span(b.brace_token.span.close()))
    }

    /// Lowers a `match` into `pre`. Returns the value of the match when it is the payload of a
    /// success the other arm leaves on (`Ok(v) => v` beside `Err(e) => return Err(e)`): the
    /// scrutinee's temporary.
    fn match_arms(
        &mut self,
        scrutinee: Expr,
        arms: &[syn::Arm],
        span: Span,
        pre: &mut Vec<Stmt>,
    ) -> Option<Expr> {
        let variants: Vec<Option<String>> = arms.iter().map(|a| pat_variant(&a.pat)).collect();
        let result_like = arms.len() == 2
            && variants
                .iter()
                .all(|v| matches!(v.as_deref(), Some("Ok" | "Err" | "Some" | "None")));
        if result_like && arms.iter().all(|a| !matches!(a.pat, syn::Pat::Guard(_))) {
            // `match r { Ok(..) => A, Err(..) => B }`: a success test.
            let tmp = self.fresh();
            pre.push(Stmt::Decl {
                name: tmp.clone(),
                ty: String::new(),
                init: Some(scrutinee),
                span,
            });
            let v = Expr::Name { name: tmp, span };
            let scrut_name = v.clone();
            let first = variants[0].as_deref().unwrap_or("");
            let cond = match first {
                "Ok" => call_fn("SUCCEEDED", vec![v], span),
                "Err" => call_fn("FAILED", vec![v], span),
                "Some" => v,
                _ => Expr::Unary {
                    op: "!".into(),
                    expr: Box::new(v),
                    span,
                },
            };
            let mut then = self.branch_block(&arms[0].body);
            let mut els = self.branch_block(&arms[1].body);
            for (arm, block) in [(&arms[0], &mut then), (&arms[1], &mut els)] {
                let mut names = Vec::new();
                pat_idents(&arm.pat, &mut names);
                if names.len() == 1
                    && matches!(pat_variant(&arm.pat).as_deref(), Some("Ok" | "Some"))
                {
                    let decl = Stmt::Decl {
                        name: names.remove(0),
                        ty: String::new(),
                        init: Some(scrut_name.clone()),
                        span,
                    };
                    block.stmts.insert(0, decl);
                }
            }
            let passes_payload = |a: &syn::Arm| {
                let mut names = Vec::new();
                pat_idents(&a.pat, &mut names);
                matches!(pat_variant(&a.pat).as_deref(), Some("Ok" | "Some"))
                    && names.len() == 1
                    && matches!(&*a.body, syn::Expr::Path(p) if p.path.is_ident(&names[0]))
            };
            // `Ok(v) => v` beside an arm that leaves: the match's value is the scrutinee's
            // payload, the arm does nothing else (and binds nothing the value must pass
            // through).
            let value = [(0, 1), (1, 0)].into_iter().find_map(|(a, b)| {
                (passes_payload(&arms[a]) && diverges(&arms[b].body, &self.never)).then_some(a)
            });
            if let Some(a) = value {
                let block = if a == 0 { &mut then } else { &mut els };
                block.stmts.clear();
            }
            // `let ole = match OleInitialize(None) { Ok(()) => true, Err(e) => { ..; false } };`
            // records whether the call succeeded.
            // The flag is set first and the arms branch on it, so that a later `if ole`
            // tests the same condition.
            let flag = match (bool_tail(&arms[0].body), bool_tail(&arms[1].body)) {
                (Some(a), Some(b)) if a != b => Some(a),
                _ => None,
            };
            let target = self.flag_target.take();
            if let (Some(first_true), Some((name, at))) = (flag, target) {
                let set = if first_true {
                    cond
                } else {
                    Expr::Unary {
                        op: "!".into(),
                        expr: Box::new(cond),
                        span,
                    }
                };
                pre.push(Stmt::Decl {
                    name: name.clone(),
                    ty: String::new(),
                    init: Some(set),
                    span: at,
                });
                let flag = Expr::Name { name, span: at };
                let cond = if first_true {
                    flag
                } else {
                    Expr::Unary {
                        op: "!".into(),
                        expr: Box::new(flag),
                        span,
                    }
                };
                pre.push(Stmt::If {
                    cond,
                    then,
                    els: Some(els),
                });
                self.flag_declared = true;
                return Some(other(span));
            }
            pre.push(Stmt::If {
                cond,
                then,
                els: Some(els),
            });
            return value.map(|_| scrut_name);
        }
        // `match r { Ok(()) => A, Err(e) if e.code() == X => B, Err(e) => return .. }`: more
        // arms (or guards), each a success or a failure variant. The success arms run where
        // the call succeeded, the failure arms where it failed.
        let ok = |v: &Option<String>| matches!(v.as_deref(), Some("Ok" | "Some"));
        let err = |v: &Option<String>| matches!(v.as_deref(), Some("Err" | "None"));
        if variants.iter().all(|v| ok(v) || err(v))
            && variants.iter().any(ok)
            && variants.iter().any(err)
        {
            let tmp = self.fresh();
            pre.push(Stmt::Decl {
                name: tmp.clone(),
                ty: String::new(),
                init: Some(scrutinee),
                span,
            });
            let v = Expr::Name { name: tmp, span };
            let result = variants
                .iter()
                .any(|x| matches!(x.as_deref(), Some("Ok" | "Err")));
            let cond = if result {
                call_fn("SUCCEEDED", vec![v.clone()], span)
            } else {
                v.clone()
            };
            let group = |this: &mut Self, want_ok: bool| {
                let chosen: Vec<&syn::Arm> = arms
                    .iter()
                    .zip(&variants)
                    .filter(|(_, x)| ok(x) == want_ok)
                    .map(|(a, _)| a)
                    .collect();
                let mut stmts = Vec::new();
                let binds = |a: &syn::Arm, out: &mut Vec<Stmt>| {
                    let mut names = Vec::new();
                    pat_idents(&a.pat, &mut names);
                    if want_ok && names.len() == 1 {
                        out.push(Stmt::Decl {
                            name: names.remove(0),
                            ty: String::new(),
                            init: Some(v.clone()),
                            span,
                        });
                    }
                };
                if let [a] = chosen[..]
                    && !matches!(a.pat, syn::Pat::Guard(_))
                {
                    binds(a, &mut stmts);
                    let b = this.branch_block(&a.body);
                    stmts.push(Stmt::Block(b));
                    return Block { stmts, close: span };
                }
                let mut body = Vec::new();
                for a in &chosen {
                    body.push(Stmt::Case {
                        is_default: false,
                        span: this.sp(&a.pat),
                    });
                    binds(a, &mut body);
                    if let syn::Pat::Guard(g) = &a.pat {
                        let g = this.expr(&g.guard, &mut body);
                        body.push(Stmt::Expr(g));
                    }
                    let b = this.branch_block(&a.body);
                    body.push(Stmt::Block(b));
                    body.push(Stmt::Break(span));
                }
                if let Some(Stmt::Case { is_default, .. }) = body
                    .iter_mut()
                    .rev()
                    .find(|s| matches!(s, Stmt::Case { .. }))
                {
                    *is_default = true;
                }
                stmts.push(Stmt::Switch {
                    cond: v.clone(),
                    body: Block {
                        stmts: body,
                        close: span,
                    },
                });
                Block { stmts, close: span }
            };
            let then = group(self, true);
            let els = group(self, false);
            pre.push(Stmt::If {
                cond,
                then,
                els: Some(els),
            });
            return None;
        }
        let mut stmts = Vec::new();
        for a in arms {
            stmts.push(Stmt::Case {
                is_default: false,
                span: self.sp(&a.pat),
            });
            if let syn::Pat::Guard(g) = &a.pat {
                let g = self.expr(&g.guard, &mut stmts);
                stmts.push(Stmt::Expr(g));
            }
            let b = self.branch_block(&a.body);
            stmts.push(Stmt::Block(b));
            stmts.push(Stmt::Break(span));
        }
        // A match is exhaustive: control always enters one arm.
        if let Some(Stmt::Case { is_default, .. }) = stmts
            .iter_mut()
            .rev()
            .find(|s| matches!(s, Stmt::Case { .. }))
        {
            *is_default = true;
        }
        pre.push(Stmt::Switch {
            cond: scrutinee,
            body: Block { stmts, close: span },
        });
        None
    }

    /// `name!(a, b, ..)` whose tokens parse as expressions: the calls inside are calls.
    fn macro_call(&mut self, mac: &syn::Macro, pre: &mut Vec<Stmt>) -> Expr {
        let span = self.sp(mac);
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        match syn::parse::Parser::parse2(parser, mac.tokens.clone()) {
            // anyhow's `bail!(..)` returns an error; `ensure!(cond, ..)` returns one unless
            // `cond` holds.
            Ok(exprs) if name == "bail" => {
                let children = exprs.iter().map(|x| self.expr(x, pre)).collect();
                pre.push(Stmt::Return {
                    value: Some(call_fn("Err", vec![Expr::Other { children, span }], span)),
                    span,
                });
                other(span)
            }
            Ok(exprs) if name == "ensure" && !exprs.is_empty() => {
                let mut args = exprs.iter();
                let cond = self.expr(args.next().expect("not empty"), pre);
                let mut inner = Vec::new();
                let children = args.map(|x| self.expr(x, &mut inner)).collect();
                inner.push(Stmt::Return {
                    value: Some(call_fn("Err", vec![Expr::Other { children, span }], span)),
                    span,
                });
                pre.push(Stmt::If {
                    cond: Expr::Unary {
                        op: "!".into(),
                        expr: Box::new(cond),
                        span,
                    },
                    then: Block {
                        stmts: inner,
                        close: span,
                    },
                    els: None,
                });
                other(span)
            }
            Ok(exprs) => Expr::Other {
                children: exprs.iter().map(|x| self.expr(x, pre)).collect(),
                span,
            },
            Err(_) => other(span),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(f: &Function) -> Vec<String> {
        let mut v = Vec::new();
        f.for_each_call(&mut |c| {
            let recv = c
                .callee
                .receiver()
                .and_then(|r| r.place_key())
                .unwrap_or_default();
            v.push(format!("{}:{}", recv, c.callee.name()));
        });
        v.sort();
        v
    }

    #[test]
    fn lowers_calls_methods_macros_and_drop_impls() {
        let src = r#"
            struct Guard;
            impl Drop for Guard { fn drop(&mut self) { unsafe { OleUninitialize() } } }
            fn main() -> Result<()> {
                unsafe { OleInitialize(None)? };
                let s = session.OpenMsgStore(0, &eid, None, 0)?;
                assert!(s.is_valid());
                println!("{}", s.name());
                Ok(())
            }"#;
        let f = lower_file(0, src).unwrap();
        let names: Vec<_> = f
            .functions
            .iter()
            .map(|x| (x.name.as_str(), x.kind))
            .collect();
        assert_eq!(
            names,
            vec![("drop", FnKind::Destructor), ("main", FnKind::Free)]
        );
        assert_eq!(f.functions[0].class.as_deref(), Some("Guard"));
        assert_eq!(
            calls(&f.functions[1]),
            vec![
                ":FAILED",
                ":FAILED",
                ":OleInitialize",
                "s:is_valid",
                "s:name",
                "session:OpenMsgStore"
            ]
        );
    }

    #[test]
    fn syntax_errors_and_deep_nesting_are_messages() {
        assert!(
            lower_file(0, "fn f( {")
                .unwrap_err()
                .contains("could not be parsed as Rust (line 1")
        );
        let deep = format!(
            "fn f() {{ let x = {}1{}; }}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        assert!(lower_file(0, &deep).unwrap_err().contains("nested deeper"));
    }
}
