//! Calls: API patterns, resolved callees and their summaries (net effects, helpers that hand
//! out a handle), and what a callee's body says about the handles it is given.

use super::*;

/// Rust: a call that builds a tuple struct (`SessionGuard(Some(session))`): a single PascalCase
/// path segment, not one of the prelude's variants.
pub(super) fn is_tuple_struct(path: &str) -> bool {
    !path.contains("::")
        && path.starts_with(|ch: char| ch.is_ascii_uppercase())
        && !matches!(path, "Ok" | "Err" | "Some" | "None")
}

/// Strips pass-through wrappers: logging macros (`EC_H(x)`, `WC_MAPI(x)`: all-caps names)
/// return their argument's value.
pub(super) fn is_passthrough(c: &Call) -> bool {
    match &c.callee {
        Callee::Function { name, .. } => {
            name.len() > 1
                && name
                    .chars()
                    .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
                && !matches!(
                    name.as_str(),
                    "FAILED" | "SUCCEEDED" | "HR_FAILED" | "HR_SUCCEEDED"
                )
                && !c.args.is_empty()
        }
        _ => false,
    }
}

pub(super) fn fn_name(c: &Call) -> Option<&str> {
    match &c.callee {
        Callee::Function { name, .. } => Some(name),
        _ => None,
    }
}

/// Does `f` hand a fresh handle of `r` to its caller: a start whose handle is a local that
/// `f` returns, or whose handle is written through one of `f`'s pointer parameters?
pub(crate) fn hands_out(
    f: &Function,
    calls: &[&Call],
    r: &crate::rules::Resource,
) -> Vec<(Span, crate::engine::HandOut)> {
    let mut out = Vec::new();
    for c in calls {
        let Some(p) = r.start.iter().find(|p| p.matches(c)) else {
            continue;
        };
        // Rust bindings that return the handle: the local the result is bound to
        // (`let session = unsafe { MAPILogonEx(0, None, None, flags)? };`).
        let h = if returns_handle(c, p, f.drops_locals) {
            result_binding(&f.body, c.span)
        } else {
            handle_of(c, p.handle)
        };
        let Some(h) = h else {
            continue;
        };
        let root = h.trim_start_matches('*');
        if let Some(k) = f.params.iter().position(|q| q == root) {
            out.push((c.span, crate::engine::HandOut::Param(k)));
            continue;
        }
        // A helper that also keeps the handle (a cache, a global: `SetSession(s)`) hands out
        // a shared reference, not a fresh one.
        // (Ending it on a path is not keeping it: `MAPIFreeBuffer(lpEID); return
        // MAPI_E_NOT_FOUND;` frees it where nothing is handed out. Nor is reading it.)
        let kept = calls.iter().any(|o| {
            o.span != c.span
                && o.args.iter().any(|a| passes(a, &h))
                && !r.end.iter().any(|p| p.matches(o))
                && !releasing_name(o.callee.name())
                && !reads_only(o)
                && !reads_entry_id(o)
        });
        if kept {
            continue;
        }
        if is_local_key(&h) && returns_name(&f.body, &h) {
            out.push((c.span, crate::engine::HandOut::Result));
            continue;
        }
        // `*lppSession = lpSession;`
        if is_local_key(&h)
            && let Some(k) = f
                .params
                .iter()
                .position(|q| stores_into(&f.body, &format!("*{q}"), &h))
        {
            out.push((c.span, crate::engine::HandOut::Param(k)));
        }
    }
    // One hand-out per place (the first start into it).
    let mut seen = Vec::new();
    out.retain(|(_, how)| {
        let fresh = !seen.contains(how);
        seen.push(*how);
        fresh
    });
    out
}

/// The place whose content a call hands to whoever takes its result: `sp.Detach()`,
/// `up.release()`, `std::move(sp)`.
pub(super) fn handed_away(c: &Call) -> Option<String> {
    match &c.callee {
        Callee::Method { receiver, name, .. } if matches!(name.as_str(), "Detach" | "release") => {
            receiver.place_key()
        }
        Callee::Function { name, .. } if matches!(name.as_str(), "move" | "forward") => {
            c.args.first().and_then(|a| a.place_key())
        }
        _ => None,
    }
}

/// Is there an assignment `target = name` in `b` (or a nested block)?
pub(super) fn stores_into(b: &crate::ir::Block, target: &str, name: &str) -> bool {
    fn expr(e: &Expr, target: &str, name: &str) -> bool {
        match e {
            // `*lpp = p;` or, from a smart pointer, `*lpp = p.release();`
            Expr::Assign { lhs, rhs, .. }
                if lhs.place_key().as_deref() == Some(target)
                    && (rhs.place_key().as_deref() == Some(name)
                        || rhs.as_call().is_some_and(|c| {
                            matches!(c.callee.name(), "release" | "Detach")
                                && c.callee.receiver().and_then(|r| r.place_key()).as_deref()
                                    == Some(name)
                        })) =>
            {
                true
            }
            _ => e.children().into_iter().any(|c| expr(c, target, name)),
        }
    }
    b.stmts.iter().any(|s| {
        s.exprs().into_iter().any(|e| expr(e, target, name))
            || s.blocks()
                .into_iter()
                .any(|nb| stores_into(nb, target, name))
    })
}

/// Does a `return` of `b` (or a nested block) return the local `name` itself?
pub(super) fn returns_name(b: &crate::ir::Block, name: &str) -> bool {
    b.stmts.iter().any(|s| match s {
        // Rust: `Ok(session)`, `session.ok_or_else(..)`, `Ok(session.expect(..))`.
        crate::ir::Stmt::Return { value: Some(v), .. } => {
            v.place_key().as_deref() == Some(name) || consumed_root(strip_borrow(v)) == Some(name)
        }
        _ => s.blocks().into_iter().any(|nb| returns_name(nb, name)),
    })
}

/// Rust: the local a call's result is bound to, through the temporary of a `?`
/// (`let ?1 = call; if FAILED(?1) return ?1; let x = ?1;`) or directly (`let x = call;`).
fn result_binding(b: &crate::ir::Block, call: Span) -> Option<String> {
    let mut all = Vec::new();
    crate::engine::summary::collect_decls(b, &mut all);
    let decls: Vec<(&str, &Expr)> = all
        .into_iter()
        .filter_map(|(name, _, init, _)| Some((name, strip_borrow(init?))))
        .collect();
    let mut name = decls
        .iter()
        .find(|(_, init)| init.as_call().is_some_and(|c| c.span == call))?
        .0
        .to_string();
    for _ in 0..4 {
        if !name.starts_with('?') {
            break;
        }
        match decls
            .iter()
            .find(|(_, init)| matches!(init, Expr::Name { name: n, .. } if *n == name))
        {
            Some((next, _)) => name = next.to_string(),
            None => break,
        }
    }
    Some(name)
}

/// The place an assignment statement stores the result of the call at `call` in
/// (`g_ulConn[i] = Register(..);`).
fn assigned_to(b: &crate::ir::Block, call: Span) -> Option<String> {
    use crate::ir::Stmt;
    let mut blocks = vec![b];
    while let Some(b) = blocks.pop() {
        for s in &b.stmts {
            if let Stmt::Expr(Expr::Assign { lhs, rhs, .. }) = s
                && strip_borrow(rhs).as_call().is_some_and(|c| c.span == call)
            {
                return Some(lhs.place_key().unwrap_or_else(|| "<unnamed place>".into()));
            }
            blocks.extend(s.blocks());
        }
    }
    None
}

/// Does `g` keep or end its parameter `p`: store it (an assignment or declaration from it),
/// return it, hand it to a method or constructor of something else, or release it?
/// Is the call at `site` in `g` inside `if (flag) { ..; flag = FALSE; }` on a member or
/// global flag (not a local or parameter of `g`)?
pub(super) fn disarmed_by_flag(g: &Function, site: Span) -> bool {
    use crate::engine::summary::block_makes_call as contains;
    use crate::ir::Stmt;
    fn clears(b: &crate::ir::Block, flag: &str) -> bool {
        b.stmts.iter().any(|s| match s {
            Stmt::Expr(Expr::Assign { lhs, rhs, .. }) => {
                lhs.place_key().as_deref() == Some(flag)
                    && (is_null(rhs) || bool_const(rhs) == Some(false))
            }
            _ => false,
        })
    }
    fn walk(b: &crate::ir::Block, site: Span, locals: &[&str], params: &[String]) -> bool {
        b.stmts.iter().any(|s| match s {
            Stmt::If { cond, then, .. } if contains(then, site) => {
                let flag = cond.place_key();
                flag.as_deref().is_some_and(|f| {
                    !locals.contains(&f) && !params.iter().any(|p| p == f) && clears(then, f)
                }) || walk(then, site, locals, params)
            }
            _ => s
                .blocks()
                .into_iter()
                .any(|nb| walk(nb, site, locals, params)),
        })
    }
    let locals = g.locals();
    walk(&g.body, site, &locals, &g.params)
}

/// `x.clone()`, `Arc::clone(&x)`, `Rc::clone(&x)`: a new reference to a shared value.
pub(super) fn is_clone(e: &Expr) -> bool {
    cloned(strip_borrow(e)).is_some()
}

/// What a clone call copies (`x` of `x.clone()` or `Arc::clone(&x)`).
pub(super) fn cloned(e: &Expr) -> Option<&Expr> {
    let Expr::Call(c) = e else { return None };
    match &c.callee {
        Callee::Method { receiver, name, .. } if name == "clone" => Some(receiver),
        Callee::Function { name, path } if name == "clone" && path != "clone" => {
            c.args.first().map(strip_borrow)
        }
        _ => None,
    }
}

/// Library functions that only read (or write into) the memory they are given and never free
/// or keep it: the C runtime's copies, compares and formatted output, and Rust's views of
/// raw memory (`slice::from_raw_parts(props, n)`, `PCWSTR::from_raw(p)`).
fn reads_only(c: &Call) -> bool {
    const C_READERS: &[&str] = &[
        "memcpy",
        "memmove",
        "memcmp",
        "memset",
        "memcpy_s",
        "memmove_s",
        "CopyMemory",
        "MoveMemory",
        "ZeroMemory",
        "RtlCopyMemory",
        "RtlZeroMemory",
        "strlen",
        "wcslen",
        "strcpy",
        "wcscpy",
        "strcpy_s",
        "wcscpy_s",
        "strncpy",
        "wcsncpy",
        "strcmp",
        "wcscmp",
        "_stricmp",
        "_wcsicmp",
        "lstrcmpiW",
        "lstrcmpiA",
        "lstrlenW",
        "lstrlenA",
        "printf",
        "wprintf",
        "fprintf",
        "fwprintf",
        "sprintf",
        "swprintf",
        "snprintf",
        "_snprintf",
        "_snwprintf",
        "sprintf_s",
        "swprintf_s",
        "_tprintf",
        "_ftprintf",
        "OutputDebugStringA",
        "OutputDebugStringW",
        "OutputDebugString",
    ];
    const RUST_VIEWS: &[&str] = &[
        "from_raw_parts",
        "from_raw_parts_mut",
        "from_ptr",
        "from_raw",
        "read",
        "read_unaligned",
        "copy",
        "copy_nonoverlapping",
    ];
    const RUST_OWNERS: &[&str] = &[
        "slice", "ptr", "CStr", "PCWSTR", "PWSTR", "PCSTR", "PSTR", "U16CStr", "WideCStr",
    ];
    match &c.callee {
        Callee::Function { name, path } if path == name => C_READERS.contains(&name.as_str()),
        Callee::Function { name, path } => {
            RUST_VIEWS.contains(&name.as_str())
                && path
                    .rsplit("::")
                    .nth(1)
                    .is_some_and(|owner| RUST_OWNERS.contains(&owner))
        }
        _ => false,
    }
}

/// A call of one of the [`READS_ENTRY_ID`] methods.
fn reads_entry_id(c: &Call) -> bool {
    matches!(&c.callee, Callee::Method { name, .. } if READS_ENTRY_ID.contains(&name.as_str()))
}

/// MAPI methods that read an entry ID (or list) the caller passes and keep no reference to it.
const READS_ENTRY_ID: &[&str] = &[
    "Advise",
    "OpenEntry",
    "CompareEntryIDs",
    "OpenMsgStore",
    "Details",
    "SetReceiveFolder",
    "CopyMessages",
    "DeleteMessages",
    "SetSearchCriteria",
];

/// MAPI methods that read a buffer the caller built (`MAPIAllocateBuffer`) and keep no
/// reference to it. Only for buffers the caller allocated itself: an array some other
/// `GetPropList` handed out may be a lookalike class's own member.
const READS_CALLER_BUFFER: &[&str] = &[
    // Tables copy the column set, restriction and sort order they are given.
    "SetColumns",
    "Restrict",
    "SortTable",
    "FindRow",
    // Property calls read the tag or value arrays they are given.
    "SetProps",
    "DeleteProps",
    "GetProps",
    "GetIDsFromNames",
    "GetNamesFromIDs",
];

/// A name that says the function ends what it is given (`MAPIFreeBuffer`, `SafeRelease`,
/// `CloseSession`).
pub(super) fn releasing_name(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "release", "free", "close", "destroy", "delete", "cleanup", "logoff", "logout", "reset",
        "clear", "dispose", "unref", "uninit", "deinit", "shutdown",
    ];
    let lower = name.to_ascii_lowercase();
    WORDS.iter().any(|w| lower.contains(w))
}

/// The end call `gc` of a callee made on its parameter `p`, as the same call on the caller's
/// place `h` (receiver or argument), located at `at`.
fn replayed_call(gc: &Call, p: &str, h: &str, at: Span) -> Call {
    let swap = |e: &Expr| -> Expr {
        if strip_borrow(e).place_key().as_deref() == Some(p) {
            Expr::Name {
                name: h.to_string(),
                span: at,
            }
        } else {
            e.clone()
        }
    };
    let callee = match &gc.callee {
        Callee::Method {
            receiver,
            name,
            interface,
        } => Callee::Method {
            receiver: swap(receiver),
            name: name.clone(),
            interface: interface.clone(),
        },
        other => other.clone(),
    };
    Call {
        callee,
        args: gc.args.iter().map(swap).collect(),
        span: at,
        name_span: at,
    }
}

/// `borrows(class)`: a C/C++ class of the program whose objects never release what their
/// members hold (`CFolderCopier(LPMAPISESSION lpSession) : m_lpSession(lpSession)` with no
/// `Release` of a member anywhere in the class): a local of it built from `p` borrows `p`.
pub(super) fn keeps_param(g: &Function, p: &str, borrows: &dyn Fn(&str) -> bool) -> bool {
    fn expr_keeps(e: &Expr, p: &str, rust: bool) -> bool {
        match e {
            // `g_lpSession = p;` keeps it; `hr = p->OpenMsgStore(..)` stores a result.
            Expr::Assign { rhs, .. } if flows(rhs, p, rust) => true,
            Expr::Call(c)
                if c.callee.name() == "Release"
                    && c.callee.receiver().and_then(|r| r.place_key()).as_deref() == Some(p) =>
            {
                true
            }
            // A MAPI method that reads what it is given and keeps no reference to it
            // (`lpMDB->OpenEntry(cb, lpEID, ..)`): the caller's still.
            Expr::Call(c)
                if reads_entry_id(c)
                    && c.callee.receiver().and_then(|r| r.place_key()).as_deref() != Some(p) =>
            {
                c.args.iter().any(|a| expr_keeps(a, p, rust))
            }
            Expr::Call(c)
                if !matches!(c.callee, Callee::Function { .. })
                    && c.args.iter().any(|a| passes(a, p)) =>
            {
                true
            }
            // `MAPIFreeBuffer(p)`, `FreeProws(p)`, `UlRelease(p)`: the callee ends it.
            Expr::Call(c)
                if releasing_name(c.callee.name()) && c.args.iter().any(|a| passes(a, p)) =>
            {
                true
            }
            _ => e.children().into_iter().any(|c| expr_keeps(c, p, rust)),
        }
    }
    // Does `e` mention `p` other than as the receiver of an interface method, whose result
    // is something else (`let table = session.GetMsgStoresTable(0)?;` keeps the table)?
    fn flows(e: &Expr, p: &str, rust: bool) -> bool {
        match e {
            // C/C++: a free function's result is its own value (`hr = HrQueryAllRows(p, ..)`);
            // what the callee does with `p` is judged at that call.
            Expr::Call(c)
                if !rust
                    && matches!(c.callee, Callee::Function { .. })
                    && handed_away(c).is_none()
                    && !c
                        .callee
                        .name()
                        .starts_with(|ch: char| ch.is_ascii_lowercase()) =>
            {
                false
            }
            // `hr = lpMDB->OpenEntry(cb, p, ..)`: an HRESULT, read from `p`, not `p`.
            Expr::Call(c) if !rust && reads_entry_id(c) => false,
            // (Also on a field of it: `logon.session.GetMsgStoresTable(0)`; and
            // `hr = p->Logoff(..)`, whose result is an HRESULT, not the session.)
            Expr::Call(c)
                if c.callee
                    .receiver()
                    .and_then(|r| r.place_key())
                    .is_some_and(|k| rooted(&k, p))
                    && c.callee
                        .name()
                        .starts_with(|ch: char| ch.is_ascii_uppercase())
                    && (!releasing_name(c.callee.name()) || c.callee.name() == "Logoff") =>
            {
                c.args.iter().any(|a| flows(a, p, rust))
            }
            _ if e.place_key().as_deref() == Some(p) => true,
            _ => e.children().into_iter().any(|c| flows(c, p, rust)),
        }
    }
    fn walk(b: &crate::ir::Block, p: &str, rust: bool, borrows: &dyn Fn(&str) -> bool) -> bool {
        b.stmts.iter().any(|s| {
            let direct = match s {
                // `CFolderCopier copier(lpSession);` of a class that releases nothing.
                crate::ir::Stmt::Decl {
                    ty,
                    init: Some(i @ Expr::Other { .. }),
                    ..
                } if !rust && borrows(ty) => i
                    .children()
                    .into_iter()
                    .any(|c| flows(c, p, rust) && !passes(c, p)),
                crate::ir::Stmt::Decl { init: Some(i), .. } => flows(i, p, rust),
                crate::ir::Stmt::Return { value: Some(v), .. } => flows(v, p, rust),
                _ => false,
            };
            direct
                || s.exprs().into_iter().any(|e| expr_keeps(e, p, rust))
                || s.blocks().into_iter().any(|nb| walk(nb, p, rust, borrows))
        })
    }
    // A callee that takes its own reference (`g_lpSession = p; g_lpSession->AddRef();`)
    // leaves the caller's reference with the caller.
    let mut copies = vec![p.to_string()];
    collect_copies(&g.body, p, &mut copies);
    let mut add_ref = false;
    g.for_each_call(&mut |c| {
        add_ref |= c.callee.name() == "AddRef"
            && c.callee
                .receiver()
                .and_then(|r| r.place_key())
                .is_some_and(|k| copies.contains(&k));
    });
    !add_ref && walk(&g.body, p, g.drops_locals, borrows)
}

/// The places `b` assigns the value of `p` to (`g_lpSession = p;`).
fn collect_copies(b: &crate::ir::Block, p: &str, out: &mut Vec<String>) {
    fn expr(e: &Expr, p: &str, out: &mut Vec<String>) {
        if let Expr::Assign { lhs, rhs, .. } = e
            && strip_borrow(rhs).place_key().as_deref() == Some(p)
            && let Some(k) = lhs.place_key()
        {
            out.push(k);
        }
        for c in e.children() {
            expr(c, p, out);
        }
    }
    for s in &b.stmts {
        for e in s.exprs() {
            expr(e, p, out);
        }
        for nb in s.blocks() {
            collect_copies(nb, p, out);
        }
    }
}

/// [`mentions_field`] outside nested calls: the field itself is the value (`Free(m_lpEID)`,
/// `&m_lpEID`, `c = m_ulConn`), not an argument of a call inside it.
pub(super) fn names_field(e: &Expr, field: &str) -> bool {
    match e {
        Expr::Call(_) => false,
        Expr::Name { name, .. } if name == field => true,
        Expr::Field { field: f, .. } if f == field => true,
        _ => e.children().into_iter().any(|c| names_field(c, field)),
    }
}

pub(super) fn mentions_field(e: &Expr, field: &str) -> bool {
    match e {
        Expr::Name { name, .. } if name == field => true,
        Expr::Field { field: f, .. } if f == field => true,
        _ => e.children().into_iter().any(|c| mentions_field(c, field)),
    }
}

/// Is the field read as the source of an assignment or initialiser anywhere in `g`
/// (`ULONG c = m_ulConn;`)? Such a copy may be unadvised under another name.
pub(super) fn reads_field(g: &Function, field: &str) -> bool {
    fn walk(b: &crate::ir::Block, field: &str) -> bool {
        b.stmts.iter().any(|s| {
            let in_exprs = s.exprs().into_iter().any(|e| assigns_from(e, field));
            // The value itself is copied (`c = m_ulConn`, `p = this->m_lpEID`), not passed to
            // a call whose result is stored (`hr = lpSession->OpenEntry(.., m_lpEID, ..)`).
            let decl =
                matches!(s, crate::ir::Stmt::Decl { init: Some(i), .. } if names_field(i, field));
            in_exprs || decl || s.blocks().into_iter().any(|nb| walk(nb, field))
        })
    }
    fn assigns_from(e: &Expr, field: &str) -> bool {
        match e {
            Expr::Assign { rhs, .. } if names_field(rhs, field) => true,
            _ => e.children().into_iter().any(|c| assigns_from(c, field)),
        }
    }
    walk(&g.body, field)
}

impl Interp<'_> {
    /// A call of a helper that hands out a fresh handle starts it here (located at the API
    /// call inside the helper, with this call as the way there).
    pub(super) fn helper_starts(&mut self, c: &Call, st: &mut State) {
        let Some(targets) = self.ctx.graph.edges[self.fi].get(&c.span) else {
            return;
        };
        for (ri, rf) in self.facts.resources.iter().enumerate() {
            let Some(outs) = targets
                .iter()
                .map(|&t| &rf.hands_out[t])
                .find(|h| !h.is_empty())
            else {
                continue;
            };
            let who = self.ctx.program.functions[targets[0]].qualified_name();
            let start_name = self.model().resources[ri]
                .start
                .first()
                .map(|p| p.name.clone())
                .unwrap_or_default();
            for &(site, how) in outs {
                // The API the helper called there (`GetReceiveFolder`), not just the first
                // start the rule knows.
                let start_name = self
                    .api_call_name(targets[0], site)
                    .unwrap_or_else(|| start_name.clone());
                let (handle, awaiting_result, link) = match how {
                    // MAPI memory returned as a value is often kept by a smart buffer in an
                    // `auto` local: followed only into a raw pointer local of C/C++
                    // (`LPSPropValue lpName = GetStringProp(..);`).
                    crate::engine::HandOut::Result
                        if self.model().resources[ri].pointer_handles =>
                    {
                        let raw = !self.f.drops_locals
                            && result_binding(&self.f.body, c.span)
                                .and_then(|n| self.decl_types.get(&n))
                                .is_some_and(|t| {
                                    let t = t.trim();
                                    !t.is_empty()
                                        && !t.starts_with("auto")
                                        && looks_like_pointer(t)
                                        && !crate::engine::summary::is_smart_pointer(
                                            t,
                                            &self.ctx.smart_pointers,
                                        )
                                });
                        if !raw {
                            continue;
                        }
                        (None, true, None)
                    }
                    // C/C++: a handle returned into a global or member
                    // (`g_ulConn[i] = RegisterTable(..)`) is the teardown's to end, not
                    // this function's: followed only into a local declared from the call.
                    crate::engine::HandOut::Result
                        if !self.f.drops_locals
                            && assigned_to(&self.f.body, c.span).is_some_and(|k| {
                                !(is_local_key(&k) && self.locals.contains(k.as_str()))
                            }) =>
                    {
                        continue;
                    }
                    // Rust: the helper returns a `Result`, holding the handle only on success.
                    crate::engine::HandOut::Result => (
                        None,
                        true,
                        self.f.drops_locals.then_some(Link::Call(c.span)),
                    ),
                    crate::engine::HandOut::Param(k) => match c.args.get(k).and_then(arg_place) {
                        Some(h) => (Some(h), false, Some(Link::Call(c.span))),
                        None => continue,
                    },
                };
                if let Some(h) = &handle {
                    // Written through this function's own parameter: its caller's.
                    let root = h.trim_start_matches('*');
                    if self.f.params.iter().any(|p| p == root) {
                        continue;
                    }
                    st.tokens
                        .retain(|t| t.handle.as_deref() != Some(h.as_str()));
                }
                // The object the helper opened it from, when that is one of its parameters:
                // the argument given here (`OpenDefaultStore(lpSession, &lpMDB)` opens from
                // `lpSession`), so a Logoff of another session says nothing about it.
                let helper = &self.ctx.program.functions[targets[0]];
                let origin = self.ctx.calls[targets[0]]
                    .iter()
                    .find(|hc| hc.span == site)
                    .and_then(|hc| hc.callee.receiver())
                    .and_then(|r| strip_borrow(r).place_key())
                    .and_then(|r| {
                        let root = r.trim_start_matches('*').split('.').next().unwrap_or(&r);
                        helper.params.iter().position(|p| p == root)
                    })
                    .and_then(|j| c.args.get(j))
                    .and_then(|a| {
                        // A getter's result (`source.Get()`): the object it was called on.
                        let a = strip_borrow(a);
                        a.place_key().or_else(|| {
                            a.as_call()
                                .and_then(|g| g.callee.receiver())
                                .and_then(|r| r.place_key())
                        })
                    });
                st.tokens.push(Token {
                    via: Some((c.span, who.clone())),
                    handle,
                    link,
                    awaiting_result,
                    subject: origin.clone(),
                    origin,
                    ..Token::new(ri, site, start_name)
                });
                st.tokens.sort();
            }
        }
    }

    /// Does a scanned callee of `c` make one of this rule's end calls on its `i`-th parameter
    /// (`log_off(&logon)` calling `logon.session.Logoff(..)`)?
    fn callee_ends_param(&self, c: &Call, i: usize) -> bool {
        let Some(targets) = self.ctx.graph.edges[self.fi].get(&c.span) else {
            return false;
        };
        let ends: Vec<&CallPat> = self
            .model()
            .resources
            .iter()
            .flat_map(|r| r.end.iter())
            .collect();
        targets.iter().any(|&g| {
            let Some(p) = self.ctx.program.functions[g].params.get(i) else {
                return false;
            };
            self.ctx.calls[g].iter().any(|gc| {
                ends.iter().any(|pat| pat.matches(gc))
                    && (gc
                        .callee
                        .receiver()
                        .and_then(|r| r.place_key())
                        .is_some_and(|k| rooted(&k, p))
                        || gc.args.iter().any(|a| mentions(a, p)))
            })
        })
    }

    /// See the call site in [`Interp::call`]: each held handle passed to a resolved callee
    /// every one of whose targets ends that parameter ([`Interp::param_end`]) with a direct
    /// `end` call of this rule is ended here, as that call replayed on the caller's place,
    /// with the callee as `via`.
    fn helper_param_ends(&mut self, c: &Call, st: &mut State) {
        let ctx = self.ctx;
        let Some(targets) = ctx.graph.edges[self.fi].get(&c.span) else {
            return;
        };
        let Some(&g) = targets.first() else {
            return;
        };
        let mut replays: Vec<(usize, Call, CallPat)> = Vec::new();
        for (i, a) in c.args.iter().enumerate() {
            let Some(h) = strip_borrow(a).place_key() else {
                continue;
            };
            if !st
                .tokens
                .iter()
                .any(|t| t.handle.as_deref() == Some(h.as_str()))
            {
                continue;
            }
            if !targets.iter().all(|&t| self.param_end(t, i, 0)) {
                // Ended on some paths only (`if (fLogoff) lpSession->Logoff(..)`): whether
                // it was is not known here, so nothing held is judged any more.
                if self.callee_ends_param(c, i) {
                    for t in st.tokens.iter_mut() {
                        if t.handle.as_deref() == Some(h.as_str()) {
                            t.maybe = true;
                        }
                    }
                }
                continue;
            }
            let Some(p) = ctx.program.functions[g].params.get(i) else {
                continue;
            };
            let model = self.model();
            let found = ctx.calls[g].iter().find_map(|gc| {
                model.resources.iter().enumerate().find_map(|(ri, r)| {
                    let pat = r.end.iter().find(|pat| {
                        r.scope == Scope::Handle
                            && pat.matches(gc)
                            && handle_of(gc, pat.handle).as_deref() == Some(p.as_str())
                    })?;
                    Some((ri, replayed_call(gc, p, &h, c.span), pat.clone()))
                })
            });
            replays.extend(found);
        }
        for (ri, replayed, pat) in replays {
            let scope = self.model().resources[ri].scope;
            let via = Some((c.span, c.callee.name().to_string()));
            self.end(ri, scope, &replayed, &pat, c.span, via, st);
        }
    }

    /// A C/C++ class of the program (by a local's declared type) none of whose functions,
    /// destructor included, releases or ends anything held in a member: what its
    /// constructor is given stays the caller's.
    /// Asked on every path that passes a handle to a scanned callee: answered once per class.
    fn class_releases_nothing(&self, ty: &str) -> bool {
        let Some(class) = crate::engine::summary::value_class(ty) else {
            return false;
        };
        if let Some(&known) = self.class_scans.borrow().get(&class) {
            return known;
        }
        let program = self.ctx.program;
        let answer = program.classes.iter().any(|k| k.name == class)
            && self.family_releases_no_member(&class);
        self.class_scans.borrow_mut().insert(class, answer);
        answer
    }

    fn family_releases_no_member(&self, class: &str) -> bool {
        let program = self.ctx.program;
        let model = self.model();
        self.ctx.families.functions(class).iter().all(|&g| {
            let locals = program.functions[g].locals();
            let member = |e: &Expr| {
                strip_borrow(e).place_key().is_some_and(|k| {
                    let root = k.split('.').next().unwrap_or(&k).trim_start_matches('*');
                    !locals.contains(&root)
                        && !program.functions[g].params.iter().any(|q| q == root)
                })
            };
            self.ctx.calls[g].iter().all(|c| {
                let ends = c.callee.name() == "Release"
                    || releasing_name(c.callee.name())
                    || model
                        .resources
                        .iter()
                        .any(|r| r.end.iter().any(|p| p.matches(c)));
                !ends || !(c.callee.receiver().is_some_and(member) || c.args.iter().any(member))
            })
        })
    }

    /// `Self { session, .. }` (a struct literal) taking a held handle, where no method of the
    /// type, and no function of the program on a field of that name, makes the handle's end
    /// call (`Logoff`): the value's drop releases it without one. Reported at the start.
    fn moved_into_type_without_end(&mut self, c: &Call, st: &State) {
        let Some(class) = self.literal_class(c, true) else {
            return;
        };
        let program = self.ctx.program;
        if !program.classes.iter().any(|k| k.name == class) {
            return;
        }
        let held: Vec<Token> = st
            .tokens
            .iter()
            .filter(|t| {
                !t.maybe
                    && !t.escaped
                    && t.handle
                        .as_deref()
                        .is_some_and(|h| c.args.iter().any(|a| consumed_root(a) == Some(h)))
            })
            .cloned()
            .collect();
        for t in held {
            let h = t.handle.clone().unwrap_or_default();
            let cache_key = (format!("type {class}.{h}"), t.res);
            let ended = match self.program_scans.get(&cache_key) {
                Some(&known) => known,
                None => {
                    let ends = &self.model().resources[t.res].end;
                    let ended_in_type = self.ctx.families.functions(&class).iter().any(|&g| {
                        self.ctx.calls[g]
                            .iter()
                            .any(|gc| ends.iter().any(|p| p.matches(gc)))
                    });
                    let ended_on_field = self.ctx.calls.iter().flatten().any(|gc| {
                        ends.iter().any(|p| p.matches(gc))
                            && gc
                                .callee
                                .receiver()
                                .and_then(|r| r.place_key())
                                .is_some_and(|k| {
                                    k.rsplit('.').next() == Some(h.as_str()) && k.contains('.')
                                })
                    });
                    let found = ended_in_type || ended_on_field;
                    self.program_scans.insert(cache_key, found);
                    found
                }
            };
            if ended {
                continue;
            }
            let how = if self.model().release_while_held.is_empty() {
                let end = self.end_name(t.res);
                format!("`{h}` moves into a `{class}` here, which never calls `{end}` on it")
            } else {
                format!("`{h}` moves into a `{class}` here, which never logs it off")
            };
            self.report_lost(&t, &h, c.span, how);
        }
    }

    /// A free function or macro that, by its name or its `#define`, releases what it is given
    /// (`SAFE_RELEASE(p)`, `SafeRelease(p)`, `FreeSession(s)`): never a borrower.
    pub(super) fn releasing_function(&self, name: &str) -> bool {
        releasing_name(name)
            || self
                .ctx
                .program
                .macros
                .iter()
                .any(|m| m.name == name && (m.body.contains("Release") || m.body.contains("Free")))
    }

    pub(super) fn call(&mut self, c: &Call, st: &mut State) {
        if self.f.drops_locals && self.leaks() && !self.model().report_held_at.is_empty() {
            self.moved_into_logging_off_struct(c, st);
            self.moved_behind_guard_field(c, st);
        }
        if self.f.drops_locals {
            let is_drop = matches!(&c.callee, Callee::Function { name, .. } if name == "drop")
                && c.args.len() == 1;
            if is_drop {
                // `drop(x)`: x is dropped here, and not again at the end of its scope.
                if let Some(x) = c.args[0].place_key()
                    && !st.moved.contains(&x)
                {
                    // A parameter has no declaration here (no destructor is looked up).
                    let decl = self.decl_of.get(&x).copied().unwrap_or(self.f.span);
                    self.drop_local(&x, decl, c.span, true, st);
                    self.moved(&x, st);
                }
                return;
            }
            // Values passed by value move into the callee (tests of a result do not).
            // So do values wrapped on the way (`P { session: Some(session) }`).
            for a in c.args.iter().filter(|_| !is_test(c)) {
                if let Some(name) = consumed_root(a) {
                    self.moved_into(name, Some(c.span), st);
                }
            }
            // `session.close()` with `fn close(self)`: the receiver moves into the call.
            if let Callee::Method { receiver, .. } = &c.callee
                && let Expr::Name { name, .. } = receiver
                && self.ctx.graph.edges[self.fi]
                    .get(&c.span)
                    .is_some_and(|ts| {
                        !ts.is_empty()
                            && ts
                                .iter()
                                .all(|&t| self.ctx.program.functions[t].consumes_self)
                    })
            {
                let name = name.clone();
                self.moved_into(&name, Some(c.span), st);
            }
        }
        let outs = out_places(c);
        let model = &self.rule.model;
        let check = model.check;
        // Derivation for use-after-end: out parameters of calls on (or with) a live tracked
        // object are objects obtained from it.
        let parent = if check == Check::UseAfterEnd && model.derive {
            let recv = c.callee.receiver().and_then(|r| r.place_key());
            let args: Vec<String> = c.args.iter().filter_map(|a| a.place_key()).collect();
            st.tokens
                .iter()
                .find(|t| {
                    t.ended.is_none()
                        && t.handle
                            .as_ref()
                            .is_some_and(|h| recv.as_ref() == Some(h) || args.contains(h))
                })
                .cloned()
        } else {
            None
        };
        // Uses after end are judged before the call's own effects.
        if check == Check::UseAfterEnd {
            self.check_use(c, st);
            self.check_helper_use(c, st);
            self.apply_helper_end(c, st);
        }
        // A start writing a place that still holds what an earlier start left there
        // (`SetProps(.., &lpProblems)` then `DeleteProps(.., &lpProblems)`): the first is lost.
        // Only the start's own handle: `GetNamesFromIDs(&lpTags, ..)` reads and keeps an
        // in/out tag array.
        let written: Vec<String> = if self.leaks() && model.leak_at_exit {
            model
                .resources
                .iter()
                .filter(|r| r.scope == Scope::Handle)
                .flat_map(|r| r.start.iter().filter(|p| p.matches(c)))
                .filter_map(|p| handle_of(c, p.handle))
                .collect()
        } else {
            Vec::new()
        };
        {
            for o in &written {
                if !is_local_key(o) || !self.locals.contains(o.as_str()) || self.smart_local(o) {
                    continue;
                }
                let lost: Vec<Token> = st
                    .tokens
                    .iter()
                    .filter(|t| t.handle.as_deref() == Some(o.as_str()) && !t.maybe && !t.escaped)
                    .cloned()
                    .collect();
                for t in lost {
                    let how = format!(
                        "`{}` writes `{o}` here while it still holds it",
                        c.callee.name()
                    );
                    self.report_lost(&t, o, c.span, how);
                }
            }
        }
        for o in &outs {
            self.kill(o, st);
            if !self.f.drops_locals
                && self.tested.contains_key(o.as_str())
                && self.locals.contains(o.as_str())
                && st.set_on_success.len() < 8
            {
                st.set_on_success.push((Link::Call(c.span), o.clone()));
                st.set_on_success.sort();
            }
            // Rust order checks: an `Option<IMAPISession>` written by `MAPILogonEx(.., &mut
            // session)` holds a session only where the call succeeded (see
            // `Interp::empty_option`).
            if check == Check::Order && self.empty_option(o) {
                if let Some(i) = st.moved.iter().position(|m| m == o) {
                    st.moved.remove(i);
                }
                if st.set_on_success.len() < 8 {
                    st.set_on_success.push((Link::Call(c.span), o.clone()));
                    st.set_on_success.sort();
                }
            }
        }
        if let Some(p) = parent {
            // Out parameters receive the objects; in Rust the result is the object.
            let mut targets: Vec<Option<String>> = outs.iter().cloned().map(Some).collect();
            // (Not the result of ending it: `let r = session.Logoff(..);` is a `Result<()>`.)
            if targets.is_empty()
                && self.f.drops_locals
                && c.callee.receiver().is_some()
                && !model
                    .resources
                    .iter()
                    .any(|r| r.end.iter().any(|p| p.matches(c)))
            {
                targets.push(None);
            }
            for o in targets {
                let awaiting_result = o.is_none();
                st.tokens.push(Token {
                    site: c.span,
                    via: None,
                    handle: o,
                    subject: None,
                    link: Some(Link::Call(c.span)),
                    derived: true,
                    ended: None,
                    escaped: false,
                    awaiting_result,
                    maybe: false,
                    owner: None,
                    many: false,
                    ..p.clone()
                });
            }
            st.tokens.sort();
        }
        let resources = &model.resources;
        let mut matched = false;
        // A method of a class of the program on a local of that class (`log.GetLastError(..)`
        // of a `CExportLog log`): the project's own method, whatever MAPI name it has.
        let own_method = !self.f.drops_locals && self.local_of_own_class_method(c);
        for (ri, r) in resources.iter().enumerate() {
            if let Some(p) = r.start.iter().find(|p| p.matches(c))
                && !own_method
            {
                matched = true;
                self.start(ri, r.scope, c, p, None, c.span, st);
            }
            if let Some(p) = r.end.iter().find(|p| p.matches(c)) {
                matched = true;
                self.end(ri, r.scope, c, p, c.span, None, st);
            }
        }
        if matches!(check, Check::Leak | Check::UseAfterEnd) && model.follow_helpers && !matched {
            self.helper_starts(c, st);
        }
        if check == Check::Leak {
            for p in model.report_at.iter().filter(|p| p.matches(c)) {
                if let Some(h) = handle_of(c, p.handle) {
                    for t in st.tokens.iter_mut() {
                        if t.handle.as_deref() == Some(h.as_str()) {
                            t.at = Some(c.span);
                        }
                    }
                }
            }
            let released = model
                .release_while_held
                .iter()
                .find(|p| p.matches(c))
                .and_then(|p| handle_of(c, p.handle));
            if let Some(h) = released {
                matched = true;
                self.released(&h, c.span, &format!("`{h}` released here"), st);
            }
        }
        if check == Check::Order
            && let Callee::Method { receiver, name, .. } = &c.callee
            && matches!(name.as_str(), "Release" | "reset" | "Detach")
            && let Some(r) = receiver.place_key()
            && self.smart_local(&r)
        {
            // Checked below as a use; afterwards the smart pointer is empty.
            let r2 = r.clone();
            self.order_typed(c, &r, name, st);
            self.moved(&r2, st);
        } else if check == Check::Order
            && let Callee::Method { receiver, name, .. } = &c.callee
            && let Some(r) = receiver.place_key()
            && !st.moved.contains(&r)
            && self.mapi_typed(&r)
        {
            let optional = self.f.drops_locals
                && self
                    .decl_types
                    .get(&r)
                    .is_some_and(|t| t.replace(' ', "").starts_with("Option<"));
            if !optional {
                self.order_typed(c, &r, name, st);
            } else if name == "take" {
                // Rust `Option` methods are not MAPI calls; `take()` empties it.
                self.moved(&r, st);
            }
        }
        match check {
            Check::Leak | Check::Pairing => {
                // `sp.Detach()`, `up.release()`, `std::move(sp)` (alone, in an argument, a
                // check macro, a `return`): what the place held goes to whoever takes the
                // result; it releases nothing at its scope end.
                if let Some(r) = handed_away(c) {
                    st.tokens
                        .retain(|t| t.handle.as_deref() != Some(r.as_str()));
                }
                if model.report_held_at.iter().any(|p| p.matches(c)) {
                    // Only registrations whose connection is known (no guess about the others),
                    // and not what a helper that reported failure only maybe handed out.
                    let held: Vec<Token> = st
                        .tokens
                        .iter()
                        .filter(|t| t.handle.is_some() && !t.maybe)
                        .cloned()
                        .collect();
                    for t in held {
                        self.report_held(
                            &t,
                            c.callee.name(),
                            "before the session is logged off",
                            c.span,
                            "session logged off here",
                        );
                    }
                }
                if let Some(p) = model.subject_release.iter().find(|p| p.matches(c))
                    && let Some(subject) = handle_of(c, p.handle)
                {
                    self.subject_released(
                        &subject,
                        c.span,
                        &format!("`{subject}` released here"),
                        false,
                        st,
                    );
                }
                if !matched && let Some(targets) = self.ctx.graph.edges[self.fi].get(&c.span) {
                    // A member handle may be released by a method of the class that names it.
                    st.tokens.retain(|t| {
                        let Some(h) = t.handle.as_deref() else {
                            return true;
                        };
                        if self.locals.contains(h) && is_local_key(h) {
                            return true;
                        }
                        let field = h.rsplit('.').next().unwrap_or(h);
                        !targets.iter().any(|&g| {
                            self.ctx.calls[g].iter().any(|gc| {
                                gc.callee
                                    .receiver()
                                    .is_some_and(|r| mentions_field(r, field))
                                    || gc.args.iter().any(|a| mentions_field(a, field))
                            })
                        })
                    });
                }
                // Objects lent to a callee that logs the session off before it touches them
                // (`Shutdown(lpSession, lpStatus)`): open at that Logoff, whatever the callee
                // does with them afterwards.
                if !matched
                    && let Some(end) = model.report_held_at.first()
                    && let Some(targets) = self.ctx.graph.edges[self.fi].get(&c.span)
                    && targets
                        .iter()
                        .any(|&t| self.facts.held_at_site[t].is_some())
                {
                    let lent: Vec<Token> = st
                        .tokens
                        .iter()
                        .filter(|t| {
                            t.handle.as_deref().is_some_and(|h| {
                                is_local_key(h)
                                    && self.locals.contains(h)
                                    && !t.maybe
                                    && !t.escaped
                                    && c.args.iter().enumerate().any(|(i, a)| {
                                        passes(a, h) && self.open_at_callee_logoff(targets, i)
                                    })
                            })
                        })
                        .cloned()
                        .collect();
                    let who = self.ctx.program.functions[targets[0]].qualified_name();
                    let name = end.name.clone();
                    for t in lent {
                        self.report_held(
                            &t,
                            &name,
                            "before the session is logged off",
                            c.span,
                            &format!("`{who}` (called here) logs the session off"),
                        );
                    }
                }
                if !matched {
                    // A handle handed to another function may be ended there: no guess.
                    // A smart pointer passed on is copied (AddRef), never handed over.
                    // COM convention: a free function borrows its in-parameters, unless its
                    // body keeps them (checked where it is in the scanned sources).
                    // MAPI memory handed to a function whose body is not scanned: no guess
                    // (it may free it); a COM object or session: borrowed by convention.
                    // Rust: a session moved into a struct literal of a type that never logs
                    // anything off is released by that value's drop without Logoff.
                    // So is an advise connection moved into a value whose type never
                    // unadvises anything (`InboxWatcher { contents, connection, .. }`).
                    if self.f.drops_locals
                        && (!model.release_while_held.is_empty()
                            || model.released_by_drop == crate::rules::DropRelease::Never)
                    {
                        self.moved_into_type_without_end(c, st);
                    }
                    let buffers = model.resources.iter().any(|r| r.pointer_handles);
                    let borrowed = |h: &str| {
                        model.borrowed_args != crate::rules::BorrowedArgs::No
                            && matches!(&c.callee, Callee::Function { name, path }
                                // `new CApp(lpSession)`: the new object owns what it is given;
                                // so does a Rust struct literal (`Mailbox { session, .. }`).
                                if path.strip_suffix(name.as_str()).and_then(|q| q.strip_suffix("::")) != Some(name.as_str())
                                    && !path.ends_with("::{}")
                                    // ... and a Rust tuple struct's (`SessionGuard(Some(s))`).
                                    && !(self.f.drops_locals && is_tuple_struct(path)))
                            // A scanned callee's body says what it does; only an unseen
                            // one is judged by its name (`SafeRelease`, `FreeProps`).
                            && (self.ctx.graph.edges[self.fi].contains_key(&c.span)
                                || !self.releasing_function(c.callee.name()))
                            && (!(buffers || model.borrowed_args == crate::rules::BorrowedArgs::Scanned)
                                || self.ctx.graph.edges[self.fi].contains_key(&c.span)
                                || reads_only(c))
                            && self.ctx.graph.edges[self.fi].get(&c.span).is_none_or(|ts| {
                                ts.iter().all(|&g| {
                                    let g = &self.ctx.program.functions[g];
                                    c.args.iter().enumerate().all(|(i, a)| {
                                        !passes(a, h)
                                            // Rust: `shutdown(session)` moves the value
                                            // into the callee, which drops it at the latest.
                                            || (!(self.f.drops_locals
                                                && matches!(a, Expr::Name { .. }))
                                                && g.params.get(i).is_some_and(|p| {
                                                    !keeps_param(g, p, &|ty| {
                                                        self.class_releases_nothing(ty)
                                                    })
                                                }))
                                    })
                                })
                            })
                    };
                    // Rust: `mem::forget(session)` takes the value and never drops it: what
                    // it holds stays held, and no drop releases it.
                    let forget = self.f.drops_locals
                        && c.callee.name() == "forget"
                        && matches!(&c.callee, Callee::Function { path, .. }
                            if path == "forget" || path.ends_with("mem::forget"))
                        && c.args.len() == 1;
                    if forget && let Some(x) = consumed_root(&c.args[0]) {
                        let x = x.to_string();
                        self.moved(&x, st);
                    }
                    st.tokens.retain(|t| match &t.handle {
                        // Handed out by this very call (`LoadConfig(.., &lpConfig)`).
                        Some(_) if t.via.as_ref().is_some_and(|(v, _)| *v == c.span) => true,
                        Some(h) if forget && passes(&c.args[0], h) => true,
                        // Rust: a scanned callee that ends what it is lent (`log_off(&session)`
                        // calling `session.Logoff(..)`) is where its story ends: no guess.
                        // (Also a field of a guard: `close(&logon.session)` logs off the
                        // session the `Logon` holds.)
                        Some(h)
                            if self.f.drops_locals
                                && c.args.iter().enumerate().any(|(i, a)| {
                                    (passes(a, h)
                                        || strip_borrow(a).place_key().is_some_and(|k| {
                                            k.strip_prefix(h.as_str())
                                                .is_some_and(|rest| rest.starts_with('.'))
                                        }))
                                        && self.callee_ends_param(c, i)
                                }) =>
                        {
                            false
                        }
                        Some(h) => {
                            is_test(c)
                                || self.smart_local(h)
                                || borrowed(h)
                                // Rust: a shared borrow (`purge(&store, ..)`) lends the value;
                                // the callee cannot keep it. (A struct literal holding the
                                // borrow is a guard, judged by its drop: `LogoffOnDrop { .. }`.)
                                || (self.f.drops_locals
                                    && !matches!(&c.callee, Callee::Function { path, .. }
                                        if path.ends_with("::{}")
                                            || path.starts_with(|ch: char| ch.is_ascii_uppercase())
                                                && !path.contains("::"))
                                    && c.args.iter().all(|a| {
                                        !passes(a, h)
                                            || matches!(a, Expr::Other { children, .. }
                                                if children.len() == 1
                                                    && children[0].place_key().as_deref() == Some(h))
                                    }))
                                // An entry ID handed to a MAPI method that reads it (`Advise(cb,
                                // lpEID, ..)`, `OpenEntry`): MAPI copies what it needs and
                                // never frees the caller's buffer.
                                || (buffers
                                    && model.borrowed_args != crate::rules::BorrowedArgs::No
                                    && matches!(&c.callee, Callee::Method { name, .. }
                                        if READS_ENTRY_ID.contains(&name.as_str())
                                            || (READS_CALLER_BUFFER.contains(&name.as_str())
                                                && matches!(t.start_name.as_str(),
                                                    "MAPIAllocateBuffer" | "MAPIAllocateMore")))
                                    && !self.ctx.graph.edges[self.fi].contains_key(&c.span))
                                || !c.args.iter().any(|a| passes(a, h))
                        }
                        None => true,
                    });
                    // C/C++: a scanned callee that ends what it is lent on every path
                    // (`StopSession(lpSession)` calling `lpSession->Logoff(..)`): the end is
                    // made here, through it.
                    if !self.f.drops_locals {
                        self.helper_param_ends(c, st);
                    }
                    // A borrowing callee that logs the session off (`LogoffSession(lpSession)`):
                    // a leak of it is located at that Logoff.
                    if !model.report_at.is_empty()
                        && let Some(ts) = self.ctx.graph.edges[self.fi].get(&c.span)
                    {
                        for t in st.tokens.iter_mut() {
                            let Some(h) = t.handle.clone() else { continue };
                            for &gi in ts {
                                let g = &self.ctx.program.functions[gi];
                                for (i, a) in c.args.iter().enumerate() {
                                    let Some(p) = g.params.get(i) else { continue };
                                    if !passes(a, &h) {
                                        continue;
                                    }
                                    g.for_each_call(&mut |gc| {
                                        if model.report_at.iter().any(|pat| pat.matches(gc))
                                            && gc
                                                .callee
                                                .receiver()
                                                .and_then(|r| r.place_key())
                                                .as_deref()
                                                == Some(p.as_str())
                                        {
                                            t.at = Some(gc.span);
                                        }
                                    });
                                }
                            }
                        }
                    }
                }
            }
            Check::Order => self.order(c, c.span, None, st),
            _ => {}
        }
        if !matched {
            self.apply_summary(c, st);
        }
    }

    /// Applies what a resolved callee does (transitively) to this rule's resources.
    pub(super) fn apply_summary(&mut self, c: &Call, st: &mut State) {
        let Some(targets) = self.ctx.graph.edges[self.fi].get(&c.span) else {
            return;
        };
        // `delete p` runs the destructor here: what it does is located at this line.
        let at_drop = matches!(&c.callee, Callee::Method { name, .. } if name == "delete");
        self.apply_targets(targets, c, at_drop, st);
    }

    /// Applies the summaries of `targets`, called (explicitly or implicitly) by `c`.
    /// With `at_drop`, the callees are destructors / `Drop` impls run implicitly at `c`, and
    /// their events are located there (SPEC: calls in a destructor happen where the value
    /// is dropped); otherwise events are located at the API call inside the callee.
    pub(super) fn apply_targets(
        &mut self,
        targets: &[usize],
        c: &Call,
        at_drop: bool,
        st: &mut State,
    ) {
        // Built-in library models have no source to point into: their events are located
        // at the user's call.
        let builtin = targets
            .iter()
            .any(|&t| self.ctx.program.functions[t].builtin);
        let here = |api: Span| if at_drop || builtin { c.span } else { api };
        let facts = self.facts;
        let who = targets
            .first()
            .map(|&t| self.ctx.program.functions[t].qualified_name())
            .unwrap_or_default();
        let via = Some((c.span, who.clone()));
        // The callee (or the destructor run here) logs off a session it does not own: what
        // this function still holds in its locals, and does not hand to that call, is open
        // at that Logoff.
        if self.leaks()
            && let Some(end) = self.rule.model.report_held_at.first()
            && targets.iter().any(|&t| facts.held_at_site[t].is_some())
        {
            // Only objects that come from the session this call or guard is given (directly
            // or through other held objects), from a member or global session, or from one
            // the analysis cannot name: a helper that logs off another session (a global
            // watcher's, its own temporary one) says nothing about this one.
            let given = |k: &str| {
                c.args.iter().any(|a| mentions(a, k))
                    || c.callee.receiver().is_some_and(|r| mentions(r, k))
                    // The guard being destroyed is itself where the objects came from.
                    || (at_drop && c.callee.name() == k)
            };
            let from_it: Vec<String> = st
                .tokens
                .iter()
                .filter(|t| match (t.subject.as_deref(), t.origin.as_deref()) {
                    (_, None) => true,
                    (sj, Some(origin)) => [sj, Some(origin)]
                        .into_iter()
                        .flatten()
                        .any(|k| !(is_local_key(k) && self.locals.contains(k)) || given(k)),
                })
                .filter_map(|t| t.handle.clone())
                .collect();
            let held: Vec<Token> = st
                .tokens
                .iter()
                .filter(|t| {
                    t.handle.as_deref().is_some_and(|h| {
                        let local = is_local_key(h) && self.locals.contains(h) && !t.escaped;
                        // In a destructor, the smart-pointer members it has not released yet
                        // (a `Close()` it calls logs off while `m_spStore` is still set).
                        let member =
                            self.f.kind == crate::ir::FnKind::Destructor && self.smart_member(h);
                        (local || member)
                            && !t.maybe
                            && !c.args.iter().any(|a| mentions(a, h))
                            && (member || from_it.iter().any(|f| f == h))
                    })
                })
                .cloned()
                .collect();
            let how = if at_drop {
                format!("`{who}` logs the session off here")
            } else {
                format!("`{who}` (called here) logs the session off")
            };
            for t in held {
                self.report_held(
                    &t,
                    &end.name,
                    "before the session is logged off",
                    c.span,
                    &how,
                );
            }
        }
        for (ri, r) in self.rule.model.resources.iter().enumerate() {
            if r.scope != Scope::Global {
                continue;
            }
            let net = |t: usize| {
                self.ctx
                    .visible(t, self.fi)
                    .then(|| self.nets.get(&(t, r.label.clone())).copied())
                    .flatten()
                    .unwrap_or_default()
            };
            let start = targets.iter().find_map(|&t| net(t).start);
            // Rust: a callee given a clone (`Logon::new(init.clone(), ..)`) that drops it on
            // its error path drops a reference this function still shares, not the last one.
            // Likewise a callee that drops a value holding a clone while a local here still
            // holds another (`finish(logon)` while `initialized` is alive).
            let end = targets
                .iter()
                .find_map(|&t| net(t).end)
                .filter(|_| !(self.f.drops_locals && c.args.iter().any(is_clone)))
                .filter(|_| at_drop || !self.shared_alive(c, &|d| net(d).end.is_some(), st));
            let outer_quiet = self.quiet_end;
            match (start, end) {
                (Some(s), None) => {
                    let pat = r.start[0].clone();
                    self.start(ri, r.scope, c, &pat, via.clone(), here(s), st);
                }
                // A callee that ends it only on its way out with an error: what is held here
                // is only maybe held after the call (ended on the failure path the caller
                // leaves by, still held on the success path).
                (None, Some(_))
                    if targets
                        .iter()
                        .all(|&t| net(t).end.is_none() || net(t).end_on_error_only) =>
                {
                    for t in st.tokens.iter_mut().filter(|t| t.res == ri) {
                        t.maybe = true;
                    }
                }
                (None, Some(e)) => {
                    let pat = r.end[0].clone();
                    let guarded = targets
                        .iter()
                        .any(|&t| net(t).end.is_some() && net(t).end_guarded);
                    self.quiet_end = outer_quiet || guarded;
                    self.end(ri, r.scope, c, &pat, here(e), via.clone(), st);
                    self.quiet_end = outer_quiet;
                }
                (Some(s), Some(e)) => {
                    // Ends what it was given, then leaves a new start (a restart). An end
                    // under a flag test (`if (g_fOleInit) OleUninitialize();` in a cleanup
                    // the start helper calls on its failure path) ends only what was started.
                    let (ep, sp) = (r.end[0].clone(), r.start[0].clone());
                    let guarded = targets
                        .iter()
                        .any(|&t| net(t).end.is_some() && net(t).end_guarded);
                    self.quiet_end = outer_quiet || guarded;
                    self.end(ri, r.scope, c, &ep, here(e), via.clone(), st);
                    self.quiet_end = outer_quiet;
                    self.start(ri, r.scope, c, &sp, via.clone(), here(s), st);
                }
                (None, None) => {}
            }
        }
        if self.rule.model.check == Check::Order {
            let then = targets.iter().find_map(|&t| facts.then_site[t]);
            let first = targets.iter().find_map(|&t| facts.first_site[t]);
            let reset = targets.iter().find_map(|&t| facts.reset_site[t]);
            // A cleanup helper called again (`Shutdown(); ... Shutdown();`) whose `then` call
            // is under a flag it clears (`if (g_fOleInit) { OleUninitialize(); g_fOleInit =
            // FALSE; }`) does nothing the second time: its first run set the mark.
            // Likewise a teardown method called by hand and again by the destructor
            // (`browser.Uninitialize();` then `~CStoreBrowser()` calling it): the function
            // that makes both the marking call and the `then` call, under a member it clears.
            let rerun_disarmed = then.is_some_and(|t| {
                let Some((mark_site, mark_via)) = st.mark.as_ref() else {
                    return false;
                };
                let same_helper = mark_via.as_ref().is_some_and(|(_, w)| *w == who);
                targets.iter().any(|&g| {
                    let program = self.ctx.program;
                    if same_helper && disarmed_by_flag(&program.functions[g], t) {
                        return true;
                    }
                    self.function_making(g, t).is_some_and(|h| {
                        disarmed_by_flag(&program.functions[h], t)
                            && ((mark_via.is_some()
                                && self.ctx.calls[h].iter().any(|c| c.span == *mark_site))
                                // Or this function already ran it (`app.Close();` before
                                // `MAPIUninitialize();`, then `~CApp()` calling `Close()`).
                                || self.ran_before(h, t, c.span))
                    })
                })
            });
            // Only a path that saw the `first` event reports (and names) the `then` call.
            if let Some(t) = then
                && st.mark.is_some()
                && !rerun_disarmed
            {
                let name = targets
                    .iter()
                    .find_map(|&g| self.api_call_name(g, t))
                    .unwrap_or_else(|| self.rule.model.then[0].name.clone());
                self.order_then(here(t), via.clone(), &name, st);
            }
            if reset.is_some() && first.is_some() {
                // A helper that initializes and uninitializes (balanced, as far as known).
                st.mark = None;
                st.mark_if_failed = None;
            } else if reset.is_some() {
                st.reset_mark();
            } else if let Some(fs) = first
                && !self.quiet_first
                && !st.still_counted()
                // Rust: a callee given a clone (`Mailbox::open(Arc::clone(&mapi))?`) that
                // drops it drops a reference this function still shares, not the last one
                // (as for the resource's net end above).
                && !(self.f.drops_locals && !at_drop && c.args.iter().any(is_clone))
            {
                // What the callees' own paths leave marked at their exits, where known: a
                // helper that undoes what it did, or hands it to the value it returns
                // (`Ok(Agent { logon })`), marks nothing; one that does the `first` event only
                // on its error exits marks this path only until its result is seen to be a
                // success.
                let exits: Option<Vec<OrderExit>> = targets
                    .iter()
                    .map(|&t| {
                        self.ctx
                            .visible(t, self.fi)
                            .then(|| self.orders.get(&t).copied())
                            .flatten()
                    })
                    .collect();
                let (marks, on_failure) = match exits {
                    Some(es) => (
                        es.iter().any(|o| o.ok || o.err),
                        !at_drop && es.iter().all(|o| !o.ok),
                    ),
                    None => (true, false),
                };
                if marks && !(on_failure && st.mark.is_some() && st.mark_if_failed.is_none()) {
                    st.mark = Some((here(fs), via.clone()));
                    st.mark_if_failed = on_failure.then_some(Link::Call(c.span));
                }
            }
        }
    }

    /// The name of the API call at `site`, found in `fi` or (transitively) its callees.
    pub(super) fn api_call_name(&self, fi: usize, site: Span) -> Option<String> {
        let g = self.function_making(fi, site)?;
        let mut found = None;
        self.ctx.program.functions[g].for_each_call(&mut |c| {
            if c.span == site {
                found = Some(c.callee.name().to_string());
            }
        });
        found
    }

    /// A callee given an object as its `i`-th argument that logs the session off before it
    /// does anything with that parameter but call methods on it (`Shutdown(lpSession,
    /// lpStatus)` making `lpSession->Logoff(..)` and then `lpStatus->Release()`): the object
    /// is still open at that Logoff. Every target must do so.
    fn open_at_callee_logoff(&self, targets: &[usize], i: usize) -> bool {
        let Some(end) = self.rule.model.report_held_at.first() else {
            return false;
        };
        !targets.is_empty()
            && targets.iter().all(|&g| {
                if let Some(&known) = self.logoff_first.borrow().get(&(g, i)) {
                    return known;
                }
                let answer = self.logoff_before_param_use(g, i, end);
                self.logoff_first.borrow_mut().insert((g, i), answer);
                answer
            })
    }

    /// See [`Interp::open_at_callee_logoff`], for one callee `g`.
    fn logoff_before_param_use(&self, g: usize, i: usize, end: &CallPat) -> bool {
        let f = &self.ctx.program.functions[g];
        if f.drops_locals || f.builtin {
            return false;
        }
        let Some(p) = f.params.get(i) else {
            return false;
        };
        for gc in self.calls_in_source_order(g) {
            // Released, handed on or otherwise used before the Logoff: no guess.
            let on_p = gc
                .callee
                .receiver()
                .and_then(|r| strip_borrow(r).place_key())
                .is_some_and(|k| k == *p);
            if on_p || gc.args.iter().any(|a| mentions(a, p)) {
                return false;
            }
            // The Logoff itself, or a helper that makes it (`EndSession(pSession)`).
            if end.matches(gc)
                || self.ctx.graph.edges[g]
                    .get(&gc.span)
                    .is_some_and(|ts| ts.iter().any(|&t| self.facts.held_at_site[t].is_some()))
            {
                return true;
            }
        }
        false
    }

    /// The calls of `g` in source order (`ctx.calls` visits nested blocks last).
    fn calls_in_source_order(&self, g: usize) -> Vec<&Call> {
        let mut calls = self.ctx.calls[g].clone();
        calls.sort_by_key(|c| (c.span.file, c.span.start));
        calls
    }

    /// Rust: the type a struct literal builds (`Mailbox { .. }`, `Self { .. }` in an impl;
    /// with `tuple`, also a tuple struct's `SessionGuard(s)`).
    fn literal_class(&self, c: &Call, tuple: bool) -> Option<String> {
        let Callee::Function { path, .. } = &c.callee else {
            return None;
        };
        let ty = path
            .strip_suffix("::{}")
            .or_else(|| (tuple && is_tuple_struct(path)).then_some(path.as_str()))?;
        let ty = ty.rsplit("::").next().unwrap_or(ty);
        if ty == "Self" {
            self.f.class.clone()
        } else {
            Some(ty.to_string())
        }
    }

    /// Rust: objects moved into a struct literal (`Self { session, address_book }`) of a type
    /// whose `Drop` logs its session off before it touches any other field: the fields are
    /// dropped only after the `Drop` body, so each object is still open at that Logoff.
    /// Reported at the object's opening call, the `Drop`'s Logoff in the related locations.
    fn moved_into_logging_off_struct(&mut self, c: &Call, st: &State) {
        let Some(class) = self.literal_class(c, false) else {
            return;
        };
        let class = class.as_str();
        let Some(end) = self.model().report_held_at.first().cloned() else {
            return;
        };
        let Some(dtors) = self.ctx.graph.dtor_of.get(class) else {
            return;
        };
        // The Drop's Logoff, reached before the body names any field but the session's.
        let logoff = dtors.iter().find_map(|&d| {
            let g = &self.ctx.program.functions[d];
            let mut session_field = None;
            for gc in self.calls_in_source_order(d) {
                let recv = gc
                    .callee
                    .receiver()
                    .and_then(|r| strip_borrow(r).place_key());
                if end.matches(gc) {
                    let k = recv?;
                    let field = k.strip_prefix("self.")?.split('.').next()?.to_string();
                    session_field = Some((gc.span, field));
                    break;
                }
                // Another field released, taken or handed on first: no guess.
                let touches_self = |e: &Expr| {
                    strip_borrow(e)
                        .place_key()
                        .is_some_and(|k| k == "self" || k.starts_with("self."))
                };
                if recv.as_deref().is_some_and(|k| k.starts_with("self."))
                    || gc.args.iter().any(touches_self)
                {
                    return None;
                }
            }
            let (span, field) = session_field?;
            let assigns_self = {
                let mut found = false;
                let mut blocks = vec![&g.body];
                while let Some(b) = blocks.pop() {
                    for s in &b.stmts {
                        for e in s.exprs() {
                            if let Expr::Assign { lhs, .. } = e
                                && lhs.place_key().is_some_and(|k| {
                                    k.starts_with("self.") && lhs.span().start < span.start
                                })
                            {
                                found = true;
                            }
                        }
                        blocks.extend(s.blocks());
                    }
                }
                found
            };
            (!assigns_self).then_some((span, field, g.qualified_name()))
        });
        let Some((logoff_span, session_field, who)) = logoff else {
            return;
        };
        let held: Vec<Token> = st
            .tokens
            .iter()
            .filter(|t| {
                t.handle.as_deref().is_some_and(|h| {
                    h != session_field
                        && !t.maybe
                        && !t.escaped
                        && c.args.iter().any(|a| passes(a, h))
                })
            })
            .cloned()
            .collect();
        for t in held {
            let h = t.handle.clone().unwrap_or_default();
            let msg = self.message(
                &t.start_name,
                &self.end_name(t.res),
                &end.name,
                &h,
                "before the session is logged off",
            );
            let verb = self.model().resources[t.res].verb.clone();
            self.report(
                Label {
                    span: t.site,
                    message: format!("`{}` {verb} here", t.start_name),
                },
                msg,
                vec![
                    Label {
                        span: c.span,
                        message: format!("`{h}` is moved into a `{class}` here"),
                    },
                    Label {
                        span: logoff_span,
                        message: format!(
                            "`{who}` logs the session off before the fields are dropped, while `{h}` is still {verb}"
                        ),
                    },
                ],
            );
        }
    }

    /// Rust: objects moved into a struct literal (`SyncAgent { store, session, status }`, by
    /// field shorthand) as fields declared after a field whose type's `Drop` logs off (`session:
    /// Session`): fields drop in declaration order, so the object is still open at that Logoff.
    /// Not when the struct has a `Drop` of its own (it may release them first).
    fn moved_behind_guard_field(&mut self, c: &Call, st: &State) {
        let Some(class) = self.literal_class(c, false) else {
            return;
        };
        let graph = &self.ctx.graph;
        if graph.dtor_of.contains_key(&class) {
            return;
        }
        let Some(k) = self.ctx.program.classes.iter().find(|k| k.name == class) else {
            return;
        };
        let logs_off = |t: &str| {
            crate::engine::summary::rust_value_class(t)
                .and_then(|c| graph.dtor_of.get(&c))
                .is_some_and(|ds| ds.iter().any(|&d| self.facts.held_at_site[d].is_some()))
        };
        let Some(guard) = k.field_types.iter().position(|t| logs_off(t)) else {
            return;
        };
        let guard_name = k.fields[guard].clone();
        let held: Vec<(Token, String)> = c
            .args
            .iter()
            .filter_map(|a| match a {
                Expr::Name { name, .. } => Some(name),
                _ => None,
            })
            .filter(|name| {
                k.fields
                    .iter()
                    .position(|f| f == *name)
                    .is_some_and(|i| i > guard)
            })
            .flat_map(|name| {
                st.tokens
                    .iter()
                    .filter(|t| {
                        t.handle.as_deref() == Some(name.as_str()) && !t.maybe && !t.escaped
                    })
                    .map(|t| (t.clone(), name.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
        let Some(end) = self.model().report_held_at.first().map(|p| p.name.clone()) else {
            return;
        };
        for (t, field) in held {
            let how = format!(
                "`{field}` is declared after `{guard_name}` in `{class}`: `{guard_name}` drops first and logs the session off"
            );
            self.report_held(&t, &end, "before the session is logged off", c.span, &how);
        }
    }

    /// `c` calls a method defined in the program (body scanned) on a local declared with the
    /// type of that method's class (by value, pointer or reference).
    fn local_of_own_class_method(&self, c: &Call) -> bool {
        let Callee::Method { receiver, name, .. } = &c.callee else {
            return false;
        };
        let Some(k) = strip_borrow(receiver).place_key() else {
            return false;
        };
        let Some(ty) = self.decl_types.get(k.as_str()) else {
            return false;
        };
        let Some(class) = crate::engine::summary::receiver_class(ty) else {
            return false;
        };
        self.ctx.graph.edges[self.fi]
            .get(&c.span)
            .is_some_and(|ts| {
                ts.iter().any(|&t| {
                    let g = &self.ctx.program.functions[t];
                    !g.builtin && g.name == *name && g.class.as_deref() == Some(class.as_str())
                })
            })
    }

    /// Does this function call, before `at`, something that runs `h` (which makes the call
    /// at `site`)?
    fn ran_before(&self, h: usize, site: Span, at: Span) -> bool {
        self.ctx.graph.edges[self.fi].iter().any(|(span, ts)| {
            span.file == at.file
                && span.start < at.start
                && ts.iter().any(|&t| self.function_making(t, site) == Some(h))
        })
    }

    /// The function, `fi` or one it calls (transitively, bounded), that makes the call at
    /// `site`.
    pub(super) fn function_making(&self, fi: usize, site: Span) -> Option<usize> {
        let program = self.ctx.program;
        let mut seen = HashSet::default();
        let mut work = vec![fi];
        while let Some(g) = work.pop() {
            if !seen.insert(g) || seen.len() > 256 {
                continue;
            }
            let mut found = false;
            program.functions[g].for_each_call(&mut |c| found |= c.span == site);
            if found {
                return Some(g);
            }
            work.extend(self.ctx.graph.edges[g].values().flatten().copied());
        }
        None
    }
}
