//! Object lifetimes: locals leaving scope (C++ destructors, smart pointers, Rust drops), members
//! held from a method's start, releases of a handle and of the subject of a registration.

use super::*;

/// `LPSPropValue`, `SPropValue *`, `LPVOID`, `auto` (unknown: assumed a pointer).
pub(super) fn looks_like_pointer(ty: &str) -> bool {
    let t = ty.trim();
    t.is_empty()
        || t.contains('*')
        || t.starts_with("LP")
        || t.starts_with("auto")
        || (t.starts_with('P') && t[1..].starts_with(|c: char| c.is_ascii_uppercase()))
}

/// The initialiser of the declaration at `decl` (a constructor's arguments).
pub(super) fn decl_init(b: &crate::ir::Block, decl: Span) -> Option<Expr> {
    for s in &b.stmts {
        if let crate::ir::Stmt::Decl { span, init, .. } = s
            && *span == decl
        {
            return init.clone();
        }
        for nb in s.blocks() {
            if let Some(e) = decl_init(nb, decl) {
                return Some(e);
            }
        }
    }
    None
}

/// The first call in the functions `fns` (but `skip`) that matches one of `pats` on the member
/// `field` (`MAPILogonEx(.., &m_lpSession)`, `this->m_lpSession->Logoff(..)`, not a local of
/// that name): its span and callee name.
pub(super) fn on_field(
    program: &crate::ir::Program,
    fns: &[usize],
    pats: &[CallPat],
    field: &str,
    skip: Option<usize>,
) -> Option<(Span, String)> {
    for &gi in fns.iter().filter(|&&gi| Some(gi) != skip) {
        let g = &program.functions[gi];
        let locals = g.locals();
        let mut found = None;
        g.for_each_call(&mut |c| {
            if found.is_none()
                && let Some(p) = pats.iter().find(|p| p.matches(c))
                && handle_of(c, p.handle).is_some_and(|k| {
                    k.rsplit('.').next() == Some(field) && !locals.contains(&k.as_str())
                })
            {
                found = Some((c.span, c.callee.name().to_string()));
            }
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The owner of a token whose guard was moved into the call at `call`.
pub(super) fn pending_owner(call: Span) -> String {
    format!("<moved into {}:{}>", call.file, call.start)
}

impl Interp<'_> {
    /// The functions of this method's class family (those of its directory first), or None
    /// outside a class.
    pub(super) fn class_family(&self) -> Option<Vec<usize>> {
        let class = self.f.class.as_ref()?;
        Some(crate::engine::summary::same_dir(
            self.ctx.program,
            self.f.span.file,
            self.ctx.families.functions(class),
        ))
    }

    /// Members released in this method but opened in another method of its class family are
    /// held when the method starts (its `Logoff` before their release is then a finding,
    /// located at the call that opened them).
    pub(super) fn members_held(&self, st: &mut State) {
        let Some(family) = self.class_family() else {
            return;
        };
        let program = self.ctx.program;
        let field_of = |h: &str| h.rsplit('.').next().unwrap_or(h).to_string();
        for (ri, r) in self.model().resources.iter().enumerate() {
            if r.scope != Scope::Handle {
                continue;
            }
            let mut released = Vec::new();
            self.f.for_each_call(&mut |c| {
                if let Some(p) = r.end.iter().find(|p| p.matches(c))
                    && let Some(h) = handle_of(c, p.handle)
                    && !(is_local_key(&h) && self.locals.contains(h.as_str()))
                    && !self.f.params.contains(&h)
                    && !released.contains(&h)
                {
                    released.push(h);
                }
            });
            // A destructor releases its smart-pointer members after its body (C++ destroys
            // members once the body is done): a `Logoff` written in the body runs while they
            // are still open, unless the body releases them first.
            if self.f.kind == crate::ir::FnKind::Destructor {
                for field in self.smart_members() {
                    if !released.contains(&field) {
                        released.push(field);
                    }
                }
            }
            for h in released {
                let field = field_of(&h);
                if let Some((site, name)) = on_field(program, &family, &r.start, &field, None) {
                    st.tokens.push(Token {
                        handle: Some(h),
                        escaped: true,
                        ..Token::new(ri, site, name)
                    });
                }
            }
        }
        st.tokens.sort();
    }

    /// A teardown function that logs off and ends (itself or through its callees) a global
    /// handle another function started (`g_ulConn` from `watch_start`'s `Advise`): the handle
    /// is held from its start, so ending it only after the `Logoff` is found (at the start
    /// call, in the other function or file).
    pub(super) fn globals_held(&self, st: &mut State) {
        let model = self.model();
        let logs_off = self.ctx.calls[self.fi]
            .iter()
            .any(|c| model.report_held_at.iter().any(|p| p.matches(c)));
        // Only a function others call (a teardown helper): nothing is registered yet when an
        // entry point starts.
        let called =
            self.ctx.graph.called[self.fi] && !crate::engine::summary::is_entry_point(self.f);
        if !logs_off || !called || self.f.drops_locals {
            return;
        }
        // This function and the functions it calls, to a small depth.
        let mut reach = vec![self.fi];
        let mut i = 0;
        while i < reach.len() && reach.len() < 64 {
            let f = reach[i];
            i += 1;
            if i > 16 {
                break;
            }
            for &t in self.ctx.graph.edges[f].values().flatten() {
                if !reach.contains(&t) {
                    reach.push(t);
                }
            }
        }
        for (ri, r) in model.resources.iter().enumerate() {
            if r.scope != Scope::Handle {
                continue;
            }
            let ends_here = |g: &str| {
                reach.iter().any(|&f| {
                    self.ctx.calls[f].iter().any(|c| {
                        r.end
                            .iter()
                            .any(|p| p.matches(c) && handle_of(c, p.handle).as_deref() == Some(g))
                    })
                })
            };
            for (si, span, h, name) in &self.facts.resources[ri].global_starts {
                let global = *si != self.fi
                    && !self.locals.contains(h.as_str())
                    && !self.f.params.contains(h);
                if !global
                    || st
                        .tokens
                        .iter()
                        .any(|t| t.handle.as_deref() == Some(h.as_str()))
                    || !ends_here(h)
                {
                    continue;
                }
                st.tokens.push(Token {
                    handle: Some(h.clone()),
                    via: None,
                    ..Token::new(ri, *span, name.clone())
                });
            }
        }
        st.tokens.sort();
    }

    /// `missing-logoff` for a member session: released here (`m_lpSession->Release()` in the
    /// destructor) and started in another method of the class family, while no method of
    /// the family ever ends it (no `Logoff` of that field anywhere): it is held when this
    /// method starts, so its release here is a release without `Logoff`.
    pub(super) fn members_released_unended(&self, st: &mut State) {
        let program = self.ctx.program;
        // A global session (`g_lpSession`) is looked for in every function that logs on or off.
        let family = self.class_family().unwrap_or_else(|| {
            let mut fns: Vec<usize> = self
                .model()
                .resources
                .iter()
                .flat_map(|r| r.start.iter().chain(r.end.iter()))
                .flat_map(|p| {
                    let key = p.name.rsplit("::").next().unwrap_or(&p.name);
                    self.ctx
                        .by_name
                        .get(key)
                        .into_iter()
                        .flatten()
                        .map(|&(f, _)| f)
                })
                .collect();
            fns.sort_unstable();
            fns.dedup();
            fns
        });
        let field_of = |h: &str| h.rsplit('.').next().unwrap_or(h).to_string();
        let model = self.model();
        let mut released = Vec::new();
        self.f.for_each_call(&mut |c| {
            if let Some(p) = model.release_while_held.iter().find(|p| p.matches(c))
                && let Some(h) = handle_of(c, p.handle)
                && !(is_local_key(&h) && self.locals.contains(h.as_str()))
                && !self.f.params.contains(&h)
                && !released.contains(&h)
            {
                released.push(h);
            }
        });
        for (ri, r) in model.resources.iter().enumerate() {
            if r.scope != Scope::Handle {
                continue;
            }
            for h in &released {
                let field = field_of(h);
                // A global is one the function does not declare; a member needs a class.
                if self.f.class.is_none() && (h.contains('.') || self.decl_of.contains_key(h)) {
                    continue;
                }
                // Logged off somewhere in the class, but only where it is also released and
                // cleared (`Logoff(..); Release(); m_lpSession = nullptr;`): while the member
                // is set, it holds a live session, so a release of it elsewhere
                // (`Reconnect()` dropping it to log on again) releases it without a Logoff.
                let ended = on_field(program, &family, &r.end, &field, None).is_some()
                    && !cleared_where_ended(
                        program,
                        &family,
                        &r.end,
                        &model.release_while_held,
                        &field,
                    );
                // Or this function is the teardown: it logs the field off itself, on no flag
                // of its own (`if (!fFastExit) g_lpSession->Logoff(..); g_lpSession->Release();`),
                // so each path through it is judged from a session held at its start.
                let teardown = ended && ends_unflagged(self.f, &r.end, h, self.locals);
                let opened = on_field(program, &family, &r.start, &field, Some(self.fi));
                if (!ended || teardown)
                    && let Some((site, name)) = opened
                {
                    st.tokens.push(Token {
                        handle: Some(h.clone()),
                        escaped: false,
                        ..Token::new(ri, site, name)
                    });
                }
            }
        }
        st.tokens.sort();
    }

    /// A local goes out of scope (`explicit` false) or is dropped explicitly at `at`.
    pub(super) fn drop_local(
        &mut self,
        name: &str,
        decl: Span,
        at: Span,
        explicit: bool,
        st: &mut State,
    ) {
        if let Some(i) = st.moved.iter().position(|m| m == name) {
            st.moved.remove(i);
            return;
        }
        // A scope guard runs its lambda here.
        if let Some(&closure) = self.ctx.graph.guards[self.fi].get(&decl) {
            let mut calls = Vec::new();
            self.ctx.program.functions[closure].for_each_call(&mut |c| calls.push(c));
            for c in calls {
                self.call(c, st);
            }
            return;
        }
        let (released_by_drop, check) = (self.model().released_by_drop, self.model().check);
        let smart = self.smart_local(name);
        let releases = match released_by_drop {
            crate::rules::DropRelease::Never => false,
            crate::rules::DropRelease::SmartPointers => smart,
            crate::rules::DropRelease::Always => smart || self.f.drops_locals,
        };
        if self.shared.contains(name) && !self.last_clone(name, at, st) {
            // A value of its own that holds a clone (`Logon::new(init.clone(), ..)`) still
            // releases what it holds; only the shared value's last drop is not this one.
            if releases && !self.copies.contains(name) {
                self.released(name, at, &format!("`{name}` dropped here"), st);
            }
            return;
        }
        if releases {
            self.released(name, at, &format!("`{name}` dropped here"), st);
        }
        if check == Check::Order
            && (smart || self.f.drops_locals)
            && !st.moved.iter().any(|m| m == name)
            && self.mapi_typed(name)
        {
            let what = if self.f.drops_locals {
                format!("drop({name})")
            } else {
                let ty = self.decl_types.get(name).cloned().unwrap_or_default();
                let head = ty.split('<').next().unwrap_or("").trim();
                let dtor = head.rsplit("::").next().unwrap_or(head).to_string();
                format!("{name}.~{dtor}")
            };
            self.order_then(at, None, &what, st);
        }
        // The destructor, then the fields' drops, in order (so their order is checked).
        let graph = &self.ctx.graph;
        if let Some(seq) = graph.decl_class[self.fi]
            .get(&decl)
            .and_then(|c| graph.drop_seq.get(c))
        {
            if check == Check::UseAfterEnd
                && self.f.drops_locals
                && !st.moved.iter().any(|m| m == name)
            {
                let own: Vec<usize> = graph.decl_class[self.fi]
                    .get(&decl)
                    .and_then(|c| graph.dtor_of.get(c))
                    .cloned()
                    .unwrap_or_default();
                self.check_drop_use(name, at, &own, st);
            }
            let plan = self.drop_plan(name, decl, at, seq);
            // A value holding several references to one shared resource (an
            // `Arc<Initialize>` field beside `Logon`s holding clones): only one of their
            // drops can be the last, the others are no surplus end. Likewise a value a helper
            // built (`let logged_on = log_on(profile)?;`): its clone may not be the last.
            let built_elsewhere = self.ctx.graph.built_elsewhere[self.fi].contains(&decl);
            let mut ended = built_elsewhere;
            let own_dtor = graph.decl_class[self.fi]
                .get(&decl)
                .is_some_and(|c| graph.dtor_of.contains_key(c));
            for (gi, (group, step)) in seq.iter().zip(&plan.steps).enumerate() {
                // `CSessionRef ref(lpSession, false)`: its destructor logs off only if it owns.
                if step.disarmed {
                    continue;
                }
                let ends = group.iter().any(|&d| {
                    self.rule.model.resources.iter().any(|r| {
                        r.scope == Scope::Global
                            && self
                                .nets
                                .get(&(d, r.label.clone()))
                                .is_some_and(|n| n.end.is_some())
                    })
                });
                let outer = self.quiet_end;
                self.quiet_end = outer || ended;
                // A helper-built value's fields (not its own `Drop`): see `quiet_first`.
                let outer_first = self.quiet_first;
                self.quiet_first = outer_first || (built_elsewhere && !(gi == 0 && own_dtor));
                self.apply_targets(group, &plan.call, true, st);
                self.quiet_end = outer;
                self.quiet_first = outer_first;
                ended |= ends;
                for gc in &step.bound {
                    self.call(gc, st);
                }
            }
        }
        if self.leaks() && !self.rule.model.subject_release.is_empty() {
            self.subject_released(name, at, &format!("`{name}` dropped here"), !explicit, st);
        }
    }

    /// What dropping the local `name` (declared at `decl`, a value of a class whose drop
    /// sequence is `seq`) at `at` runs, worked out once per drop point (paths reach it many
    /// times).
    fn drop_plan(
        &mut self,
        name: &str,
        decl: Span,
        at: Span,
        seq: &[Vec<usize>],
    ) -> std::rc::Rc<DropPlan> {
        if let Some(p) = self.drop_plans.get(&(decl, at)) {
            return p.clone();
        }
        // The object's constructor arguments (`CSessionGuard guard(lpSession)`) say which
        // session its destructor ends.
        let mut call = synthetic_call(name, at);
        call.args = decl_init(&self.f.body, decl).into_iter().collect();
        let graph = &self.ctx.graph;
        let ctors = graph.ctors[self.fi]
            .get(&decl)
            .map_or(&[][..], |v| v.as_slice());
        let args = ctor_args(call.args.first());
        // `CLogoffOnExit logoff(spSession);` whose destructor calls `m_spSession->Logoff(..)`
        // on the member its constructor bound to that argument: the Logoff runs on
        // `spSession` here, whenever it was logged on. (Use-after-end rules see the
        // destructor's Logoff through its summary.)
        let replay = self.model().check != Check::UseAfterEnd;
        let steps = seq
            .iter()
            .map(|group| DropStep {
                disarmed: group
                    .iter()
                    .all(|&d| disarmed_at_construction(self.ctx.program, d, ctors, &args)),
                bound: if replay {
                    group
                        .iter()
                        .flat_map(|&d| self.bound_member_calls(d, ctors, &args, at))
                        .collect()
                } else {
                    Vec::new()
                },
            })
            .collect();
        let plan = std::rc::Rc::new(DropPlan { call, steps });
        self.drop_plans.insert((decl, at), plan.clone());
        plan
    }

    /// The lifecycle calls a destructor `dtor` makes on members its constructor (one of
    /// `ctors`, given `args`) bound to a parameter, as calls on the argument's place at `at`.
    fn bound_member_calls(
        &self,
        dtor: usize,
        ctors: &[usize],
        args: &[&Expr],
        at: Span,
    ) -> Vec<Call> {
        let program = self.ctx.program;
        let d = &program.functions[dtor];
        let model = self.model();
        let lifecycle = |c: &Call| {
            model.resources.iter().any(|r| {
                r.scope == Scope::Handle && r.end.iter().chain(r.start.iter()).any(|p| p.matches(c))
            }) || model
                .release_while_held
                .iter()
                .chain(model.report_held_at.iter())
                .any(|p| p.matches(c))
        };
        let locals = d.locals();
        let mut out = Vec::new();
        for gc in &self.ctx.calls[dtor] {
            let Some(field) = gc.callee.receiver().and_then(|r| r.place_key()) else {
                continue;
            };
            // Rust: a tuple struct's literal binds `self.0` to its first value
            // (`LogoffGuard(&logon.session)` whose `Drop` calls `self.0.Logoff(..)`).
            if self.f.drops_locals {
                let Some(k) = field
                    .strip_prefix("self.")
                    .and_then(|i| i.parse::<usize>().ok())
                else {
                    continue;
                };
                let Some(h) = args.get(k).and_then(|a| strip_borrow(a).place_key()) else {
                    continue;
                };
                if !lifecycle(gc) {
                    continue;
                }
                out.extend(replayed_on(gc, h, at));
                continue;
            }
            if field.contains('.') || locals.contains(&field.as_str()) || !lifecycle(gc) {
                continue;
            }
            // The argument the constructor bound `field` to.
            let bound = ctors.iter().find_map(|&ci| {
                let c = &program.functions[ci];
                if c.class != d.class || c.params.len() != args.len() {
                    return None;
                }
                let k = c
                    .params
                    .iter()
                    .position(|p| initialised_from(&c.body, &field, p))?;
                args[k].place_key()
            });
            let Some(h) = bound else { continue };
            out.extend(replayed_on(gc, h, at));
        }
        out
    }

    /// Rust: is the drop of the shared local `x` at `at` the last reference? Only when every
    /// clone of it was bound to a named local ([`clone_holders`]) and each of those is gone
    /// here: out of scope, or dropped with `drop(..)` (its only use by value).
    fn last_clone(&self, x: &str, at: Span, st: &State) -> bool {
        let Some(Some(holders)) = self.clone_holders.get(x) else {
            return false;
        };
        holders.iter().all(|(y, only_dropped)| {
            let gone = self
                .decl_of
                .get(y)
                .and_then(|d| self.scope_end.get(d))
                .is_some_and(|end| end.start <= at.start);
            gone || (*only_dropped && st.moved.iter().any(|m| m == y))
        })
    }

    /// Rust: is a local still in scope at the call `c`, not moved away and not handed to it
    /// by value, whose own drop runs something `ends` accepts (the drop of an
    /// `Arc<Initialize>`, or of a `Logon` holding one)? Then what the callee drops of that
    /// resource is a reference this function still shares, not the last one.
    pub(super) fn shared_alive(&self, c: &Call, ends: &dyn Fn(usize) -> bool, st: &State) -> bool {
        if !self.f.drops_locals {
            return false;
        }
        let graph = &self.ctx.graph;
        self.decl_of.iter().any(|(name, decl)| {
            decl.start < c.span.start
                && self
                    .scope_end
                    .get(decl)
                    .is_some_and(|end| end.start > c.span.start)
                && !st.moved.iter().any(|m| m == name)
                && !c
                    .args
                    .iter()
                    .any(|a| matches!(a, Expr::Name { name: n, .. } if n == name))
                && graph.decl_class[self.fi]
                    .get(decl)
                    .and_then(|class| graph.drop_seq.get(class))
                    .is_some_and(|seq| seq.iter().flatten().any(|&d| ends(d)))
        })
    }

    /// The handle `h` is released at `at` (an explicit release or the drop of its local): for
    /// `release-while-held` rules a token still held is a finding; otherwise it ends.
    pub(super) fn released(&mut self, h: &str, at: Span, how: &str, st: &mut State) {
        let held: Vec<Token> = st
            .tokens
            .iter()
            .filter(|t| t.handle.as_deref() == Some(h))
            .cloned()
            .collect();
        if held.is_empty() {
            return;
        }
        st.tokens.retain(|t| t.handle.as_deref() != Some(h));
        if self.model().release_while_held.is_empty() {
            return;
        }
        // A copy went elsewhere (`if let Some(s) = &session`): that copy may be ended.
        for t in held.into_iter().filter(|t| !t.escaped && !t.maybe) {
            let end = self.end_name(t.res);
            let msg = self.message(&t.start_name, &end, &t.start_name, h, "");
            let verb = self.model().resources[t.res].verb.clone();
            let mut related = vec![Label {
                span: at,
                message: format!("{how} without `{end}`"),
            }];
            if let Some((v, who)) = &t.via {
                related.insert(
                    0,
                    Label {
                        span: *v,
                        message: format!("`{who}` runs here and calls `{}`", t.start_name),
                    },
                );
            }
            self.report(
                Label {
                    span: t.site,
                    message: format!("`{h}` {verb} here"),
                },
                msg,
                related,
            );
        }
    }

    /// The fields of this method's class with their declared types.
    pub(super) fn class_fields(&self) -> impl Iterator<Item = (&String, &String)> {
        self.ctx
            .program
            .classes
            .iter()
            .filter(|c| Some(&c.name) == self.f.class.as_ref())
            .flat_map(|c| c.fields.iter().zip(&c.field_types))
    }

    /// The smart-pointer members of this method's class, in declaration order.
    pub(super) fn smart_members(&self) -> Vec<String> {
        self.class_fields()
            .filter(|(_, ty)| {
                crate::engine::summary::is_smart_pointer(ty, &self.ctx.smart_pointers)
            })
            .map(|(f, _)| f.clone())
            .collect()
    }

    /// Is `field` a smart-pointer member of this method's class?
    pub(super) fn smart_member(&self, field: &str) -> bool {
        self.smart_members().iter().any(|f| f == field)
    }

    /// Is the local `name` a smart pointer held by value?
    pub(super) fn smart_local(&self, name: &str) -> bool {
        self.decl_types
            .get(name)
            .is_some_and(|t| crate::engine::summary::is_smart_pointer(t, &self.ctx.smart_pointers))
    }

    /// Is the local or member `name` declared with one of the `then-on-types` types (through
    /// a pointer or smart pointer)?
    pub(super) fn mapi_typed(&self, name: &str) -> bool {
        let types = &self.model().then_on_types;
        if types.is_empty() {
            return false;
        }
        let ty = self.decl_types.get(name).cloned().or_else(|| {
            let field = name.rsplit(['.', '>']).next().unwrap_or(name);
            let class = self.f.class.as_ref()?;
            let k = self.ctx.program.classes.iter().find(|k| &k.name == class)?;
            let i = k.fields.iter().position(|x| x == field)?;
            k.field_types.get(i).cloned()
        });
        // Rust: `Option<IMAPISession>` holds a session too.
        let ty = ty.map(|t| {
            let t = t.replace(' ', "");
            let t = t.as_str();
            t.strip_prefix("Option<")
                .and_then(|r| r.strip_suffix('>'))
                .unwrap_or(t)
                .to_string()
        });
        ty.and_then(|t| crate::engine::summary::receiver_class(&t))
            .is_some_and(|c| types.contains(&c))
    }

    /// Rust: is `name` an `Option` of a `then-on-types` interface (`let mut session:
    /// Option<IMAPISession> = None;`, or a local handed to `MAPILogonEx(.., &mut session)`)?
    /// It holds an object only after a call wrote it and did not fail; until then its drop
    /// releases nothing.
    pub(super) fn empty_option(&self, name: &str) -> bool {
        self.f.drops_locals && self.optional_locals.contains(name) && self.mapi_typed(name)
    }

    /// The object `subject` is released at `at`: registrations on it still active are reported.
    /// With `own_only` (an implicit drop: one reference going away at scope end), only
    /// registrations whose connection is this function's own plain local count.
    pub(super) fn subject_released(
        &mut self,
        subject: &str,
        at: Span,
        how: &str,
        own_only: bool,
        st: &State,
    ) {
        let held: Vec<Token> = st
            .tokens
            .iter()
            .filter(|t| t.subject.as_deref() == Some(subject))
            .filter(|t| {
                !own_only
                    || (!t.escaped
                        && t.handle
                            .as_deref()
                            .is_some_and(|h| is_local_key(h) && self.locals.contains(h)))
            })
            .cloned()
            .collect();
        for t in held {
            let when = format!("before `{subject}` is released");
            self.report_held(&t, &t.start_name.clone(), &when, at, how);
        }
    }
}

/// The conjuncts of a condition (`a && b && c`).
fn conjuncts<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::Binary { op, lhs, rhs, .. } if op == "&&" => {
            conjuncts(lhs, out);
            conjuncts(rhs, out);
        }
        Expr::Other { children, .. } if children.len() == 1 => conjuncts(&children[0], out),
        _ => out.push(e),
    }
}

/// The arguments of a declaration's initialiser (`T x(a, b)` lowers to one list).
pub(super) fn ctor_args(init: Option<&Expr>) -> Vec<&Expr> {
    match init {
        Some(Expr::Other { children, .. }) => children.iter().collect(),
        Some(Expr::Call(c)) => c.args.iter().collect(),
        Some(e) => vec![e],
        None => vec![],
    }
}

/// Is the destructor `dtor` a no-op for an object built by `ctors` from `args`: every
/// statement of its body that calls anything sits under `if (F ..)` (or after `if (!F)
/// return;`) on a field `F` that the constructor sets from a parameter given `false`, `FALSE`
/// or `0` here? (`CSessionRef ref(lpSession, false)` whose destructor logs off only
/// `if (m_fOwn && m_lpSession)`.)
pub(super) fn disarmed_at_construction(
    program: &crate::ir::Program,
    dtor: usize,
    ctors: &[usize],
    args: &[&Expr],
) -> bool {
    use crate::ir::Stmt;
    let d = &program.functions[dtor];
    let ctors: Vec<&crate::ir::Function> = ctors
        .iter()
        .map(|&c| &program.functions[c])
        .filter(|c| c.params.len() == args.len() && c.class == d.class)
        .collect();
    if ctors.is_empty() || args.is_empty() {
        return false;
    }
    // `F` is set from a parameter that is given a false constant here, in every candidate
    // constructor (a member initialiser `F(p)` or an assignment `F = p;` in its body).
    let off = |f: &str| {
        ctors.iter().all(|c| {
            let Some(k) = c
                .params
                .iter()
                .position(|p| initialised_from(&c.body, f, p))
            else {
                return false;
            };
            super::conditions::bool_const(args[k]) == Some(false)
        })
    };
    fn calls_in(s: &Stmt) -> bool {
        s.exprs().into_iter().any(|e| {
            let mut v = Vec::new();
            e.calls_in_order(&mut v);
            !v.is_empty()
        }) || s.blocks().into_iter().any(|b| b.stmts.iter().any(calls_in))
    }
    let mut guarded = false;
    for s in &d.body.stmts {
        match s {
            Stmt::If { cond, then, els } => {
                let mut cs = Vec::new();
                conjuncts(cond, &mut cs);
                let on_flag = cs.iter().any(|c| c.place_key().is_some_and(|f| off(&f)));
                // `if (!F) return;`: nothing after it runs.
                if let Expr::Unary { op, expr, .. } = cond
                    && op == "!"
                    && expr.place_key().is_some_and(|f| off(&f))
                    && matches!(then.stmts.last(), Some(Stmt::Return { .. }))
                {
                    return true;
                }
                if on_flag && els.is_none() {
                    guarded = true;
                } else if calls_in(s) {
                    return false;
                }
            }
            _ if calls_in(s) => return false,
            _ => {}
        }
    }
    guarded
}

/// Does `body` (a constructor's) set the field `field` from the parameter `param`: a member
/// initialiser `field(param)` or an assignment `field = param;`?
fn initialised_from(body: &crate::ir::Block, field: &str, param: &str) -> bool {
    fn names(e: &Expr, n: &str) -> bool {
        match e {
            Expr::Name { name, .. } => name == n,
            Expr::Other { children, .. } if children.len() == 1 => names(&children[0], n),
            _ => false,
        }
    }
    fn walk(e: &Expr, field: &str, param: &str) -> bool {
        match e {
            Expr::Assign { lhs, rhs, op, .. } => {
                op == "=" && lhs.place_key().as_deref() == Some(field) && names(rhs, param)
            }
            // A member initialiser list: `m_a(a), m_f(f)`.
            Expr::Other { children, .. } => {
                matches!(children.as_slice(), [f, arg] if names(f, field) && names(arg, param))
                    || children.iter().any(|c| walk(c, field, param))
            }
            _ => false,
        }
    }
    body.stmts.iter().any(|s| match s {
        crate::ir::Stmt::Expr(e) => walk(e, field, param),
        _ => false,
    })
}

/// Every function of `fns` that makes an `end` call on the member `field` also releases it
/// (`releases`) and sets it to null there, and none adds a reference to it: a set member is
/// never a logged-off session.
fn cleared_where_ended(
    program: &crate::ir::Program,
    fns: &[usize],
    ends: &[CallPat],
    releases: &[CallPat],
    field: &str,
) -> bool {
    let on = |c: &Call, pats: &[CallPat]| {
        pats.iter().any(|p| {
            p.matches(c)
                && handle_of(c, p.handle).is_some_and(|k| k.rsplit('.').next() == Some(field))
        })
    };
    let mut any = false;
    for &gi in fns {
        let g = &program.functions[gi];
        let (mut ended, mut released, mut counted) = (false, false, false);
        g.for_each_call(&mut |c| {
            ended |= on(c, ends);
            released |= on(c, releases);
            // A counted reference the class shares (`m_lpSession->AddRef()` in a copy
            // constructor): releasing one is not releasing the session.
            counted |= c.callee.name() == "AddRef"
                && c.callee
                    .receiver()
                    .and_then(|r| r.place_key())
                    .is_some_and(|k| k.rsplit('.').next() == Some(field));
        });
        if counted {
            return false;
        }
        if !ended {
            continue;
        }
        any = true;
        if !(released && crate::engine::summary::clears_member(g, field)) {
            return false;
        }
    }
    any
}

/// Does `f` end the place `h` (a call of `ends` on it) with every such call under conditions
/// on locals, parameters or `h` itself only (not on a member or global flag, which may record
/// that it was ended elsewhere)?
fn ends_unflagged(
    f: &crate::ir::Function,
    ends: &[CallPat],
    h: &str,
    locals: &HashSet<&str>,
) -> bool {
    use crate::ir::Stmt;
    fn walk(
        b: &crate::ir::Block,
        ends: &[CallPat],
        h: &str,
        ok: &dyn Fn(&Expr) -> bool,
        flagged: bool,
        found: &mut (bool, bool),
    ) {
        for s in &b.stmts {
            for e in s.exprs() {
                let mut v = Vec::new();
                e.calls_in_order(&mut v);
                for c in v {
                    if ends
                        .iter()
                        .any(|p| p.matches(c) && handle_of(c, p.handle).as_deref() == Some(h))
                    {
                        found.0 = true;
                        found.1 |= flagged;
                    }
                }
            }
            let inner = match s {
                Stmt::If { cond, .. }
                | Stmt::While {
                    cond: Some(cond), ..
                } => flagged || !ok(cond),
                _ => flagged,
            };
            for nb in s.blocks() {
                walk(nb, ends, h, ok, inner, found);
            }
        }
    }
    let ok = |cond: &Expr| {
        let mut vars = Vec::new();
        collect_names(cond, &mut vars);
        vars.iter().all(|v| {
            v == h
                || locals.contains(v.as_str())
                || f.params.iter().any(|p| p == v)
                || !v.chars().any(|c| c.is_ascii_lowercase())
        })
    };
    let mut found = (false, false);
    walk(&f.body, ends, h, &ok, false, &mut found);
    found.0 && !found.1
}

fn collect_names(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Call(c) => {
            for a in &c.args {
                collect_names(a, out);
            }
            if let Some(r) = c.callee.receiver() {
                collect_names(r, out);
            }
        }
        _ => match e.place_key() {
            Some(k) => out.push(k),
            None => {
                for ch in e.children() {
                    collect_names(ch, out);
                }
            }
        },
    }
}

/// Rust: the named locals the clones of `x` are bound to (`let logon = Logon::new(x.clone(),
/// ..)?`, `match Logon::new(x.clone(), ..) { Ok(logon) => .. }`), each with whether
/// `drop(..)` is its only use by value. None when a clone goes anywhere else (a call, a
/// struct, a thread), where it may outlive every local here.
pub(super) fn clone_holders(
    f: &crate::ir::Function,
    x: &str,
    cloning: &super::Cloning,
) -> Option<Vec<(String, bool)>> {
    use crate::ir::Stmt;
    let has_clone_of = |e: &Expr| {
        fn walk(e: &Expr, x: &str, cloning: &super::Cloning) -> bool {
            cloned(e).and_then(|c| c.place_key()).as_deref() == Some(x)
                || matches!(e, Expr::Call(c)
                    if super::lent_to_cloner(c, cloning).as_deref() == Some(x))
                || e.children().into_iter().any(|c| walk(c, x, cloning))
        }
        walk(e, x, cloning)
    };
    fn elsewhere(b: &crate::ir::Block, has: &dyn Fn(&Expr) -> bool) -> bool {
        b.stmts.iter().any(|s| {
            (!matches!(s, Stmt::Decl { .. }) && s.exprs().into_iter().any(has))
                || s.blocks().into_iter().any(|nb| elsewhere(nb, has))
        })
    }
    if elsewhere(&f.body, &has_clone_of) {
        return None;
    }
    let mut decls = Vec::new();
    crate::engine::summary::collect_decls(&f.body, &mut decls);
    let bound: Vec<&str> = decls
        .iter()
        .filter(|(_, _, init, _)| init.is_some_and(has_clone_of))
        .map(|(name, ..)| *name)
        .collect();
    if bound.is_empty() {
        return None;
    }
    // A `?` temporary (or a `match` scrutinee) passes its success value to named locals.
    let mut holders: Vec<&str> = Vec::new();
    for b in bound {
        if b.starts_with('?') {
            holders.extend(
                decls
                    .iter()
                    .filter(|(_, _, init, _)| {
                        matches!(init, Some(Expr::Name { name, .. }) if name == b)
                    })
                    .map(|(n, ..)| *n),
            );
        } else {
            holders.push(b);
        }
    }
    // Calls made as statements of their own (`finish(to, target);`): a value moved into one
    // is the callee's to drop, as `drop(target)` would; nothing here keeps what it returns.
    let mut statement_calls: Vec<crate::ir::Span> = Vec::new();
    let mut blocks = vec![&f.body];
    while let Some(b) = blocks.pop() {
        for s in &b.stmts {
            if let Stmt::Expr(Expr::Call(c)) = s {
                statement_calls.push(c.span);
            }
            blocks.extend(s.blocks());
        }
    }
    let only_dropped = |y: &str| {
        let mut other = false;
        f.for_each_call(&mut |c| {
            other |= c.callee.name() != "drop"
                && !statement_calls.contains(&c.span)
                && c.args
                    .iter()
                    .any(|a| matches!(a, Expr::Name { name, .. } if name == y));
        });
        !other
    };
    Some(
        holders
            .into_iter()
            .map(|y| (y.to_string(), only_dropped(y)))
            .collect(),
    )
}

/// The method call `gc` of a destructor made on the place `h` instead, located at `at`.
fn replayed_on(gc: &Call, h: String, at: Span) -> Option<Call> {
    let Callee::Method {
        name, interface, ..
    } = &gc.callee
    else {
        return None;
    };
    Some(Call {
        callee: Callee::Method {
            receiver: Expr::Name { name: h, span: at },
            name: name.clone(),
            interface: interface.clone(),
        },
        args: gc.args.clone(),
        span: at,
        name_span: at,
    })
}

/// See [`Interp::drop_plan`]: the call standing for the drop (with the declaration's
/// constructor arguments) and, per group of the drop sequence, what it runs.
pub(super) struct DropPlan {
    call: Call,
    steps: Vec<DropStep>,
}

struct DropStep {
    /// The destructor does nothing for an object built this way.
    disarmed: bool,
    /// Its calls on members bound to constructor arguments, replayed on those arguments.
    bound: Vec<Call>,
}
