//! Places and values: evaluation order, assignments (a handle moving between places, a
//! smart pointer reset), moves and the places that hold a handle.

use super::*;

/// The place an argument designates for a handle position: `&x` and `x` both designate `x`.
/// kopano's smart pointers hand out their slot with `&~p` (release, then take the address).
pub(super) fn strip_release_op(e: &Expr) -> &Expr {
    match e {
        Expr::Unary { op, expr, .. } if op == "~" => expr,
        _ => e,
    }
}

pub(super) fn arg_place(e: &Expr) -> Option<String> {
    match e {
        Expr::AddrOf { expr, .. } => strip_release_op(expr).place_key(),
        // `fVerbose ? &lpProblems : NULL`: the place written when it is written at all.
        Expr::Cond { then, els, .. } => match (is_null(then), is_null(els)) {
            (false, true) => arg_place(then),
            (true, false) => arg_place(els),
            _ => None,
        },
        Expr::Call(c) if is_passthrough(c) || c.callee.name() == "IID_PPV_ARGS" => {
            c.args.iter().find_map(arg_place)
        }
        // Rust pointer casts: `MAPIFreeBuffer(values.cast())` frees `values`.
        Expr::Call(c)
            if c.args.is_empty()
                && matches!(&c.callee, Callee::Method { name, .. }
                    if matches!(name.as_str(), "cast" | "cast_mut" | "cast_const")) =>
        {
            c.callee.receiver().and_then(arg_place)
        }
        _ => e.place_key(),
    }
}

/// A one-child `Other` (a Rust shared borrow `&x`, parentheses, a transparent wrapper) is
/// its child for what it names.
pub(super) fn strip_borrow(e: &Expr) -> &Expr {
    match e {
        Expr::Other { children, .. } if children.len() == 1 => strip_borrow(&children[0]),
        _ => e,
    }
}

/// Is the place `k` the place `p` or a field of it (`logon.session` of `logon`)?
pub(super) fn rooted(k: &str, p: &str) -> bool {
    k == p || k.strip_prefix(p).is_some_and(|r| r.starts_with('.'))
}

/// Rust: does a call matching `p` return its handle (`let s = MAPILogonEx(0, None, None,
/// flags)?;`, `store.OpenEntry(.., &mut obj_type)?`) rather than write it through its last
/// argument?
pub(super) fn returns_handle(c: &Call, p: &CallPat, drops_locals: bool) -> bool {
    drops_locals
        && (p.handle == HandlePos::Result
            || (p.handle == HandlePos::LastArgOrResult
                && !matches!(c.args.last(), Some(Expr::AddrOf { .. }))))
}

pub(crate) fn handle_of(c: &Call, pos: HandlePos) -> Option<String> {
    match pos {
        HandlePos::None | HandlePos::Result => None,
        HandlePos::Receiver => c.callee.receiver().and_then(|r| r.place_key()),
        HandlePos::LastArg | HandlePos::LastArgOrResult => c.args.last().and_then(arg_place),
        HandlePos::Arg(i) => c.args.get(i).and_then(arg_place),
    }
}

/// Places written through `&x` arguments (out parameters).
pub(super) fn out_places(c: &Call) -> Vec<String> {
    let mut v = Vec::new();
    for a in &c.args {
        match a {
            Expr::AddrOf { expr, .. } => v.extend(strip_release_op(expr).place_key()),
            Expr::Call(inner) if inner.callee.name() == "IID_PPV_ARGS" => {
                v.extend(out_places(inner))
            }
            // `f ? &p : NULL` may write p.
            Expr::Cond { .. } => v.extend(arg_place(a)),
            _ => {}
        }
    }
    v
}

/// Does `e` mention the place `key` (as a value or by address)?
pub(super) fn mentions(e: &Expr, key: &str) -> bool {
    if e.place_key().as_deref() == Some(key) {
        return true;
    }
    e.children().into_iter().any(|c| mentions(c, key))
}

/// Does the argument `e` hand over the place `key` itself (`x`, `&x`, `(T)x`, `x + 1`), as
/// opposed to merely containing a nested call that mentions it (handled at that call)?
pub(super) fn passes(e: &Expr, key: &str) -> bool {
    match e {
        _ if e.place_key().as_deref() == Some(key) => true,
        // `list.begin()`, `alloc.as_ptr()`, `sp.Detach()`: a method of the handle hands its
        // content on. An interface method (`lpSession->OpenAddressBook(..)`, PascalCase as COM
        // and the `windows` crate spell them) returns a status, not the handle.
        Expr::Call(c)
            if c.callee.receiver().and_then(|r| r.place_key()).as_deref() == Some(key) =>
        {
            let m = c.callee.name();
            m == "Detach" || !m.starts_with(|ch: char| ch.is_ascii_uppercase())
        }
        // Rust wrappers that hold the value itself (`Some(session)` in a struct literal).
        Expr::Call(c)
            if matches!(&c.callee, Callee::Function { name, .. }
                if matches!(name.as_str(), "Ok" | "Some" | "new") && c.args.len() == 1) =>
        {
            passes(&c.args[0], key)
        }
        // A nested call is judged at that call; a field of the handle is not the handle.
        Expr::Call(_) | Expr::Assign { .. } | Expr::Field { .. } => false,
        // `p ? p->Value.lpszW : L""` tests the handle and passes one of the branches.
        Expr::Cond { then, els, .. } => passes(then, key) || passes(els, key),
        _ => e.children().into_iter().any(|c| passes(c, key)),
    }
}

/// Rust: the local whose value `e` consumes and yields (`x`, `Ok(x)`, `Some(x)`,
/// `x.unwrap()`, `x.expect(..)`, `x.ok_or_else(..)`, `x.into()`).
pub(super) fn consumed_root(e: &Expr) -> Option<&str> {
    match e {
        Expr::Name { name, .. } => Some(name),
        // (`&x`, a shared borrow, lowers to a one-child `Other`: it consumes nothing.)
        Expr::Call(c) => match &c.callee {
            Callee::Function { name, .. }
                if matches!(name.as_str(), "Ok" | "Some" | "new") && c.args.len() == 1 =>
            {
                consumed_root(&c.args[0])
            }
            Callee::Method { receiver, name, .. }
                if matches!(
                    name.as_str(),
                    "unwrap"
                        | "expect"
                        | "unwrap_unchecked"
                        | "ok_or"
                        | "ok_or_else"
                        | "into"
                        | "context"
                        | "with_context"
                        // `s.map(Session)`: `Option::map` takes the value.
                        | "map"
                        | "map_err"
                ) =>
            {
                consumed_root(receiver)
            }
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn is_local_key(key: &str) -> bool {
    !key.contains('.') && !key.starts_with('*')
}

impl Interp<'_> {
    pub(super) fn eval(&mut self, e: &Expr, st: &mut State) {
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
    pub(super) fn assign(&mut self, lhs: &Expr, rhs: Option<&Expr>, st: &mut State) {
        let Some(key) = lhs.place_key() else {
            // Stored somewhere the analysis cannot name (`lpList->aEntries[i].rgPropVals =
            // lpProp`): the handle has escaped this function's responsibility.
            if let Some(rhs) = rhs
                && matches!(self.model().check, Check::Leak | Check::Pairing)
            {
                for t in st.tokens.iter_mut() {
                    if t.handle.as_deref().is_some_and(|h| passes(rhs, h)) {
                        t.escaped = true;
                    }
                }
            }
            return;
        };
        // `lpSession = NULL;` on a raw local that still holds a handle: its last reference
        // is dropped, nothing can release it any more.
        if rhs.is_some_and(is_null)
            && self.leaks()
            && self.model().leak_at_exit
            && is_local_key(&key)
            && self.locals.contains(key.as_str())
            && !self.smart_local(&key)
        {
            let lost: Vec<Token> = st
                .tokens
                .iter()
                .filter(|t| {
                    t.handle.as_deref() == Some(key.as_str())
                        && !t.maybe
                        && !t.escaped
                        && self.rule.model.resources[t.res].scope == Scope::Handle
                })
                .cloned()
                .collect();
            for t in lost {
                let how = format!("`{key}` is set to null here while it still holds it");
                self.report_lost(&t, &key, lhs.span(), how);
            }
        }
        // use-after-end: a handle this function ends (tracked from its start, see
        // `initial_state`) is that value whatever this binding gives it (`let session =
        // Session::logon()?;` before `session.inner.Logoff(..)`): objects obtained from it
        // before the end still come from it.
        let keep: Vec<Token> = if self.model().check == Check::UseAfterEnd {
            st.tokens
                .iter()
                .filter(|t| {
                    t.ended.is_none()
                        && t.site == self.f.span
                        && t.start_name.is_empty()
                        && t.handle.as_deref().is_some_and(|h| rooted(h, &key))
                })
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        self.kill(&key, st);
        if !keep.is_empty() {
            st.tokens.extend(keep);
            st.tokens.sort();
        }
        let Some(rhs) = rhs else { return };
        // Rust: `status = Some(table);` gives an empty (or moved) local a value again.
        if self.f.drops_locals
            && self.rule.model.check == Check::Order
            && !matches!(rhs, Expr::Name { name, .. } if name == "None")
            && let Some(i) = st.moved.iter().position(|m| *m == key)
        {
            st.moved.remove(i);
        }
        // `sp = nullptr;` empties a smart pointer: its end of scope releases nothing.
        if self.rule.model.check == Check::Order && is_null(rhs) && self.smart_local(&key) {
            self.moved(&key, st);
        }
        // `m_fMapiInitialized = true;` after a start, where a function of the program ends
        // that resource only under the flag (`if (m_fMapiInitialized) MAPIUninitialize();`):
        // the object records what it started, and its teardown ends it.
        if !self.f.drops_locals
            && matches!(self.model().check, Check::Leak | Check::Pairing)
            && bool_const(rhs) == Some(true)
            && !self.locals.contains(key.as_str())
            && !self.f.params.contains(&key)
        {
            let field = key.rsplit(['.', '>']).next().unwrap_or(&key).to_string();
            let held: Vec<usize> = st
                .tokens
                .iter()
                .filter(|t| {
                    !t.maybe && !t.escaped && self.model().resources[t.res].scope == Scope::Global
                })
                .map(|t| t.res)
                .collect();
            let ended: Vec<usize> = held
                .into_iter()
                .filter(|&r| self.flag_guards_end(&field, r))
                .collect();
            // Still this function's net start (its callers pair it), never a finding here.
            for t in st.tokens.iter_mut() {
                if ended.contains(&t.res) {
                    t.escaped = true;
                }
            }
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
                key: key.as_str().into(),
                value,
                vars: vec![key.clone()].into(),
            });
            st.assumptions.sort();
        }
        // A test temporary copying a stored result (`if let Err(e) = opened`): the test of
        // the temporary is the test of that result.
        if key.starts_with('?')
            && let Expr::Name { name: src, .. } = rhs
        {
            for t in st.tokens.iter_mut() {
                if let Some(Link::Var(k, pol)) = &t.link
                    && k == src
                {
                    t.link = Some(Link::Var(key.clone(), *pol));
                }
            }
        }
        if key.starts_with('?')
            && let Expr::Name { name: src, .. } = rhs
            && matches!(&st.mark_if_failed, Some(Link::Var(k, _)) if k == src)
            && let Some(Link::Var(_, pol)) = st.mark_if_failed.take()
        {
            st.mark_if_failed = Some(Link::Var(key.clone(), pol));
        }
        if let Some(l @ Link::Call(_)) = &st.mark_if_failed
            && let Some(pol) = relate(rhs, l)
        {
            st.mark_if_failed = Some(Link::Var(key.clone(), pol));
        }
        for (l, _) in st.set_on_success.iter_mut() {
            if let Link::Call(_) = l
                && let Some(pol) = relate(rhs, l)
            {
                *l = Link::Var(key.clone(), pol);
            }
        }
        // Link a start's result to the variable that stores it; also a flag made from a
        // temporary holding it (`let ole = SUCCEEDED(?1);`, from `let ole = match
        // OleInitialize(None) { Ok(()) => true, .. }`).
        for t in st.tokens.iter_mut() {
            let linkable = match &t.link {
                Some(Link::Call(_)) => true,
                Some(Link::Var(k, _)) => {
                    k.starts_with('?') && *k != key && !matches!(rhs, Expr::Name { .. })
                }
                None => false,
            };
            if linkable
                && let Some(l) = &t.link
                && let Some(pol) = relate(rhs, l)
            {
                t.link = Some(Link::Var(key.clone(), pol));
            }
        }
        // A start whose handle is its result (`let conn = store.Advise(..)?;`), also through
        // adapters that keep the value (`let ab = session.OpenAddressBook(..).ok();`).
        fn result_call(e: &Expr) -> Option<&Call> {
            let c = e.as_call()?;
            match &c.callee {
                Callee::Method { receiver, name, .. }
                    if matches!(
                        name.as_str(),
                        "ok" | "unwrap" | "expect" | "map_err" | "context" | "with_context"
                    ) =>
                {
                    result_call(receiver).or(Some(c))
                }
                _ => Some(c),
            }
        }
        for t in st.tokens.iter_mut() {
            if t.handle.is_none()
                && t.awaiting_result
                && result_call(rhs).is_some_and(|c| {
                    c.span == t.site || t.via.as_ref().is_some_and(|(v, _)| *v == c.span)
                })
            {
                t.handle = Some(key.clone());
                t.awaiting_result = false;
            }
        }
        for t in st.tokens.iter_mut() {
            // (Also through adapters: `Initialize::new(..).context("MAPIInitialize")?`.)
            if t.via
                .as_ref()
                .is_some_and(|(v, _)| result_call(rhs).is_some_and(|c| c.span == *v))
            {
                t.owner = Some(key.clone());
            }
            // A guard moved into this call now belongs to the value it built (`Logon::new(init)`).
            if let Some(c) = result_call(rhs)
                && t.owner.as_deref() == Some(pending_owner(c.span).as_str())
            {
                t.owner = Some(key.clone());
            }
        }

        // Rust: `let s = session.unwrap();`, `let y = x;`, `Ok(x)`: the value (and what it
        // holds) moves into `key`; the source no longer owns it.
        // A raw pointer (`let tags = columns as *mut u32;`) is `Copy`: where the source is
        // the name this function frees (`MAPIFreeBuffer(columns)`), the copy is a view and
        // the source still holds the buffer. (Otherwise the copy takes it on, as a move
        // would: `let subtree = unsafe { ..; prop };` and `MAPIFreeBuffer(subtree)`.)
        let raw_copy = self.f.drops_locals
            && consumed_root(rhs).is_some_and(|src| {
                self.decl_types.get(src).is_some_and(|t| t.starts_with('*'))
                    && self.ends_handle(src)
            });
        if self.f.drops_locals
            && !raw_copy
            && let Some(src) = consumed_root(rhs)
            && src != key
            && self.decl_of.contains_key(src)
            && !src.starts_with('?')
        {
            for t in st.tokens.iter_mut() {
                if t.handle.as_deref() == Some(src) {
                    t.handle = Some(key.clone());
                }
                if t.owner.as_deref() == Some(src) {
                    t.owner = Some(key.clone());
                }
            }
            let src = src.to_string();
            self.moved(&src, st);
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
            // A raw-pointer view in a local that this function never ends: the source
            // still holds what it held.
            Check::Leak | Check::Pairing
                if raw_copy && self.locals.contains(key.as_str()) && !self.ends_handle(&key) => {}
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

    /// Does this function make an end call (of any resource of the rule) on `key`?
    fn ends_handle(&self, key: &str) -> bool {
        self.ctx.calls[self.fi].iter().any(|c| {
            self.model().resources.iter().any(|r| {
                r.end
                    .iter()
                    .any(|p| p.matches(c) && handle_of(c, p.handle).as_deref() == Some(key))
            })
        })
    }

    /// Does some function of the program make an end call of resource `res` only under a
    /// test of the flag `field` (`if (m_fMapiInitialized) { MAPIUninitialize(); .. }`)?
    fn flag_guards_end(&mut self, field: &str, res: usize) -> bool {
        let cache_key = (format!("flag {field}"), res);
        if let Some(&known) = self.program_scans.get(&cache_key) {
            return known;
        }
        let ends = &self.model().resources[res].end;
        fn expr_end(e: &Expr, ends: &[CallPat]) -> bool {
            e.as_call()
                .is_some_and(|c| ends.iter().any(|p| p.matches(c)))
                || e.children().into_iter().any(|c| expr_end(c, ends))
        }
        fn has_end(b: &crate::ir::Block, ends: &[CallPat]) -> bool {
            b.stmts.iter().any(|s| {
                s.exprs().into_iter().any(|e| expr_end(e, ends))
                    || s.blocks().into_iter().any(|nb| has_end(nb, ends))
            })
        }
        fn walk(b: &crate::ir::Block, field: &str, ends: &[CallPat]) -> bool {
            b.stmts.iter().any(|s| match s {
                crate::ir::Stmt::If { cond, then, .. }
                    if crate::engine::interp::calls::mentions_field(cond, field)
                        && has_end(then, ends) =>
                {
                    true
                }
                _ => s.blocks().into_iter().any(|nb| walk(nb, field, ends)),
            })
        }
        let found = self
            .ctx
            .program
            .functions
            .iter()
            .any(|g| g.body.stmts.len() < 10_000 && walk(&g.body, field, ends));
        self.program_scans.insert(cache_key, found);
        found
    }

    /// The place `key` is overwritten: forget what was known about its old value.
    pub(super) fn kill(&self, key: &str, st: &mut State) {
        st.assumptions.retain(|a| !a.vars.iter().any(|v| v == key));
        st.set_on_success
            .retain(|(l, place)| place != key && !matches!(l, Link::Var(k, _) if k == key));
        // The result that said whether the helper failed is gone: the mark stays.
        if matches!(&st.mark_if_failed, Some(Link::Var(k, _)) if k == key) {
            st.mark_if_failed = None;
        }
        // The places rooted at it go with it (`logon.session` when `logon` is bound anew).
        st.tokens
            .retain(|t| t.handle.as_deref().is_none_or(|h| !rooted(h, key)));
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
    pub(super) fn moved_into(&self, name: &str, into: Option<Span>, st: &mut State) {
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
        // A handle whose value leaves the function (returned, `Ok(session)` as the value):
        // the caller owns it now.
        if into.is_none() {
            st.tokens.retain(|t| t.handle.as_deref() != Some(name));
        }
        self.moved(name, st);
    }

    /// Tokens whose guard moved into a call whose result nobody kept went with it.
    pub(super) fn settle(&self, st: &mut State) {
        // A call's result neither stored nor tested by the end of its statement says nothing
        // more about its out-parameters.
        st.set_on_success
            .retain(|(l, _)| !matches!(l, Link::Call(_)));
        st.tokens.retain(|t| {
            !t.owner
                .as_deref()
                .is_some_and(|o| o.starts_with("<moved into "))
        });
    }

    pub(super) fn moved(&self, name: &str, st: &mut State) {
        if (self.decl_of.contains_key(name) || self.owned_params.contains(name))
            && !st.moved.iter().any(|m| m == name)
            && st.moved.len() < 32
        {
            st.moved.push(name.to_string());
            st.moved.sort();
        }
    }
}
