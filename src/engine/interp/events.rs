//! The resource state's events: starts, ends, uses after an end, the order mark, and what is
//! still held when the function exits; findings and net-effect records.

use super::*;

/// Fills a message template.
pub(super) fn fill(
    template: &str,
    start: &str,
    end: &str,
    call: &str,
    handle: &str,
    when: &str,
) -> String {
    template
        .replace("{start}", start)
        .replace("{end}", end)
        .replace("{call}", call)
        .replace("{handle}", handle)
        .replace("{when}", when)
}

impl Interp<'_> {
    /// Reports a registration (or buffer) `t` still held when `at` happens (`how` says what).
    pub(super) fn report_held(&mut self, t: &Token, call: &str, when: &str, at: Span, how: &str) {
        let h = t.handle.clone().unwrap_or_default();
        let msg = self.message(&t.start_name, &self.end_name(t.res), call, &h, when);
        let verb = self.model().resources[t.res].verb.clone();
        self.report(
            Label {
                span: t.site,
                message: format!("`{}` {verb} here", t.start_name),
            },
            msg,
            vec![Label {
                span: at,
                message: format!("{how} while `{h}` is still {verb}"),
            }],
        );
    }

    /// Does this rule report starts that are still held (leak or pairing)?
    pub(super) fn leaks(&self) -> bool {
        matches!(self.rule.model.check, Check::Leak | Check::Pairing)
    }

    pub(super) fn record_net(
        &mut self,
        label: String,
        start: Option<Span>,
        end: Option<Span>,
        guarded: bool,
    ) {
        match self.net.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => {
                if end.is_some() {
                    n.end_guarded = if n.end.is_some() {
                        n.end_guarded && guarded
                    } else {
                        guarded
                    };
                }
                n.start = n.start.or(start);
                n.end = n.end.or(end);
            }
            None => self.net.push((
                label,
                Net {
                    start,
                    end,
                    end_guarded: end.is_some() && guarded,
                    end_on_error_only: false,
                },
            )),
        }
    }

    pub(super) fn message(
        &self,
        start: &str,
        end: &str,
        call: &str,
        handle: &str,
        when: &str,
    ) -> String {
        fill(&self.rule.message, start, end, call, handle, when)
    }

    pub(super) fn end_name(&self, res: usize) -> String {
        self.model().resources[res]
            .end
            .first()
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }

    /// The start calls of a resource, for messages where the exact one is not known; written
    /// to sit inside backticks: "CoInitialize` or `CoInitializeEx".
    pub(super) fn start_name(&self, res: usize) -> String {
        let mut names: Vec<&str> = self.model().resources[res]
            .start
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        names.dedup();
        names.join("` or `")
    }

    pub(super) fn report(&mut self, primary: Label, message: String, related: Vec<Label>) {
        self.findings.push(Finding {
            rule: self.rule.id.clone(),
            level: self.rule.level,
            message,
            primary,
            related,
            chain: Vec::new(),
        });
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn start(
        &mut self,
        ri: usize,
        scope: Scope,
        c: &Call,
        p: &CallPat,
        via: Via,
        site: Span,
        st: &mut State,
    ) {
        let check = self.rule.model.check;
        let start_name = if via.is_some() {
            self.start_name(ri)
        } else if p.name.contains("::") {
            p.name.clone()
        } else {
            c.callee.name().to_string()
        };
        match scope {
            Scope::Global => {
                if let Some(t) = st
                    .tokens
                    .iter_mut()
                    .find(|t| t.res == ri && t.site == site && t.via == via)
                {
                    t.many = true;
                    return;
                }
                st.tokens.push(Token {
                    via,
                    link: Some(Link::Call(c.span)),
                    ..Token::new(ri, site, start_name)
                });
            }
            Scope::Handle => {
                let rust_result = returns_handle(c, p, self.f.drops_locals);
                let h = if rust_result {
                    None
                } else {
                    handle_of(c, p.handle)
                };
                // Rust bindings return the handle (`let conn = store.Advise(..)?;`).
                let awaiting_result = h.is_none() && rust_result;
                // MAPI buffers are pointers: a local declared as a struct value is not one.
                if let Some(h) = &h
                    && self.model().resources[ri].pointer_handles
                    && self.decl_types.get(h).is_some_and(|t| {
                        !looks_like_pointer(t)
                            && !self.ctx.pointer_aliases.iter().any(|a| a == t.trim())
                    })
                {
                    return;
                }
                if h.is_none() && !awaiting_result {
                    return;
                }
                // Written through a parameter (`lpulConnection`, `*pulConn`): the caller owns it.
                if let Some(h) = &h {
                    let root = h.trim_start_matches('*').split('.').next().unwrap_or(h);
                    if root != "this" && root != "self" && self.f.params.iter().any(|p| p == root) {
                        return;
                    }
                }
                if let Some(h) = &h {
                    st.tokens
                        .retain(|t| t.handle.as_deref() != Some(h.as_str()));
                }
                if let Some(h) = &h
                    && matches!(check, Check::Leak | Check::Pairing)
                    && self.model().leak_at_exit
                    && !(self.locals.contains(h.as_str()) && is_local_key(h))
                    // A field of a local (`ent.rgPropVals` of `auto& ent = lpList->aEntries[i]`):
                    // part of a structure whose owner frees it as a whole (`FreePadrlist`).
                    && !self
                        .locals
                        .contains(h.trim_start_matches('*').split(['.', '[']).next().unwrap_or(h))
                {
                    self.nonlocal.push(NonLocal {
                        rule: self.rule.id.clone(),
                        function: self.fi,
                        site,
                        handle: h.clone(),
                        start_name: start_name.clone(),
                    });
                }
                let subject = c.callee.receiver().and_then(|r| r.place_key());
                // None: unknown. Opened from a getter's result (`logon.Session()->..`), the
                // origin is the object the getter was called on (`logon`).
                let origin = match &subject {
                    Some(sj) => match st.tokens.iter().find(|t| t.handle.as_ref() == Some(sj)) {
                        Some(t) => t.origin.clone(),
                        None => Some(sj.clone()),
                    },
                    None => c
                        .callee
                        .receiver()
                        .and_then(|r| r.as_call())
                        .and_then(|g| g.callee.receiver())
                        .and_then(|r| r.place_key()),
                };
                st.tokens.push(Token {
                    via,
                    handle: h,
                    origin,
                    subject,
                    link: Some(Link::Call(c.span)),
                    awaiting_result,
                    ..Token::new(ri, site, start_name)
                });
            }
        }
        st.tokens.sort();
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn end(
        &mut self,
        ri: usize,
        scope: Scope,
        c: &Call,
        p: &CallPat,
        site: Span,
        via: Via,
        st: &mut State,
    ) {
        let check = self.rule.model.check;
        match scope {
            Scope::Global => {
                let held = st
                    .tokens
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.res == ri)
                    .max_by_key(|(_, t)| (t.site, t.via.clone()))
                    .map(|(i, _)| i);
                match held {
                    Some(i) if st.tokens[i].many => st.tokens[i].many = false,
                    Some(i) => {
                        st.tokens.remove(i);
                    }
                    None => {
                        let label = self.rule.model.resources[ri].label.clone();
                        self.record_net(label, None, Some(site), st.guarded || self.quiet_end);
                        if ri < 8 {
                            st.net_ends |= 1 << ri;
                        }
                        if matches!(check, Check::UnmatchedEnd | Check::Pairing)
                            && self.judged_end[ri]
                            && !st.guarded
                            && !self.quiet_end
                        {
                            let name = if via.is_some() {
                                self.end_name(ri)
                            } else {
                                c.callee.name().to_string()
                            };
                            let start = self.start_name(ri);
                            let template = self
                                .rule
                                .end_message
                                .clone()
                                .unwrap_or_else(|| self.rule.message.clone());
                            let msg = fill(&template, &start, &name, &name, "", "");
                            let mut related = Vec::new();
                            if let Some((v, who)) = &via {
                                related.push(Label {
                                    span: *v,
                                    message: format!("`{who}` runs here and calls `{name}`"),
                                });
                            }
                            related.push(Label {
                                span: self.f.span,
                                message: format!(
                                    "no successful `{start}` before this point in `{}`",
                                    self.f.qualified_name()
                                ),
                            });
                            self.report(
                                Label {
                                    span: site,
                                    message: format!("`{name}` without a matching `{start}`"),
                                },
                                msg,
                                related,
                            );
                        }
                    }
                }
            }
            Scope::Handle => {
                let Some(h) = handle_of(c, p.handle) else {
                    return;
                };
                match check {
                    Check::UseAfterEnd => {
                        let existing = st
                            .tokens
                            .iter()
                            .find(|t| t.handle.as_deref() == Some(h.as_str()))
                            .cloned();
                        match existing {
                            Some(t) if t.ended.is_some() => {} // reported as a use by check_use
                            Some(t) => {
                                for u in st.tokens.iter_mut() {
                                    if u.root == t.root && u.ended.is_none() {
                                        u.ended = Some(c.span);
                                    }
                                }
                            }
                            None => {
                                st.tokens.push(Token {
                                    handle: Some(h),
                                    ended: Some(c.span),
                                    ..Token::new(ri, c.span, c.callee.name().to_string())
                                });
                                st.tokens.sort();
                            }
                        }
                    }
                    // Ending a field of the holder ends it (`logon.session.Logoff(..)`).
                    _ => st
                        .tokens
                        .retain(|t| t.handle.as_deref().is_none_or(|th| !rooted(&h, th))),
                }
            }
        }
    }

    /// use-after-end: a scanned helper given an ended handle that uses it (a method call on
    /// the parameter, directly or in a helper it hands it to): the finding is at that use,
    /// the call here in the related locations.
    pub(super) fn check_helper_use(&mut self, c: &Call, st: &State) {
        let Some(targets) = self.ctx.graph.edges[self.fi].get(&c.span) else {
            return;
        };
        let Some(&first) = targets.first() else {
            return;
        };
        for (a, i) in lent_params(c, &self.ctx.program.functions[first]) {
            let Some(key) = strip_borrow(a).place_key() else {
                continue;
            };
            // A method's receiver lends the value whose field was logged off
            // (`session.report()` after `session.inner.Logoff(..)`).
            let receiver = c.callee.receiver().is_some_and(|r| std::ptr::eq(a, r));
            let Some(t) = st.tokens.iter().find(|t| {
                t.ended.is_some()
                    && t.handle
                        .as_deref()
                        .is_some_and(|h| h == key || (receiver && rooted(h, &key) && !t.derived))
            }) else {
                continue;
            };
            let Some((site, name, chain)) = targets.iter().find_map(|&g| self.param_use(g, i, 0))
            else {
                continue;
            };
            let ended = t.ended.unwrap_or(t.site);
            let who = self.ctx.program.functions[targets[0]].qualified_name();
            let mut related = vec![
                Label {
                    span: ended,
                    message: "the session is logged off here".into(),
                },
                Label {
                    span: c.span,
                    message: format!("`{who}` is called here with `{key}`"),
                },
            ];
            if t.derived {
                related.push(Label {
                    span: t.site,
                    message: format!("`{key}` was obtained from the session here"),
                });
            }
            let msg = self.message("", "", &name, &key, "");
            self.report(
                Label {
                    span: site,
                    message: format!("`{key}` used after logoff"),
                },
                msg,
                related,
            );
            if let Some(f) = self.findings.last_mut() {
                f.chain = std::iter::once((who, c.span, name.clone()))
                    .chain(chain)
                    .collect();
            }
            return;
        }
    }

    /// use-after-end: a scanned helper given a tracked handle that ends it (`log_off(&session)`
    /// calling `session.Logoff(..)`, directly or through another helper): the handle and
    /// what was obtained from it are ended at that call.
    pub(super) fn apply_helper_end(&mut self, c: &Call, st: &mut State) {
        let Some(targets) = self.ctx.graph.edges[self.fi].get(&c.span) else {
            return;
        };
        let Some(&first) = targets.first() else {
            return;
        };
        for (a, i) in lent_params(c, &self.ctx.program.functions[first]) {
            let Some(key) = strip_borrow(a).place_key() else {
                continue;
            };
            let receiver = c.callee.receiver().is_some_and(|r| std::ptr::eq(a, r));
            let Some(root) = st
                .tokens
                .iter()
                .find(|t| {
                    t.ended.is_none()
                        && t.handle.as_deref().is_some_and(|h| {
                            h == key || (receiver && rooted(h, &key) && !t.derived)
                        })
                })
                .map(|t| t.root)
            else {
                continue;
            };
            if targets.iter().any(|&g| self.param_end(g, i, 0)) {
                for u in st.tokens.iter_mut() {
                    if u.root == root && u.ended.is_none() {
                        u.ended = Some(c.span);
                    }
                }
            }
        }
    }

    /// use-after-end, Rust: a value whose field was ended (`session.inner.Logoff(..)`, or
    /// through `session.logoff()`) dropped at `at` with a `Drop` that calls its session again
    /// (a second `Logoff`): located where the value is dropped, the `Drop` in the chain.
    pub(super) fn check_drop_use(&mut self, name: &str, at: Span, dtors: &[usize], st: &State) {
        let Some(t) = st.tokens.iter().find(|t| {
            t.ended.is_some()
                && !t.derived
                && t.handle
                    .as_deref()
                    .is_some_and(|h| h != name && rooted(h, name))
        }) else {
            return;
        };
        let Some((use_name, chain, who)) = dtors.iter().find_map(|&d| {
            let (site, n, chain) = self.param_use(d, 0, 0)?;
            // `if !self.logged_off { self.inner.Logoff(..) }`: the state the early logoff
            // left decides; a `Drop` that tests its own fields is not judged.
            let f = &self.ctx.program.functions[d];
            if under_self_test(&f.body, site) {
                return None;
            }
            Some((n, chain, f.qualified_name()))
        }) else {
            return;
        };
        let key = t.handle.clone().unwrap_or_default();
        let ended = t.ended.unwrap_or(t.site);
        let related = vec![Label {
            span: ended,
            message: "the session is logged off here".into(),
        }];
        let msg = self.message("", "", &use_name, &key, "");
        self.report(
            Label {
                span: at,
                message: format!("`{who}` runs here and calls `{use_name}` on `{key}`"),
            },
            msg,
            related,
        );
        if let Some(f) = self.findings.last_mut() {
            f.chain = std::iter::once((who, at, use_name)).chain(chain).collect();
        }
    }

    /// The place the end call of `g` on its parameter `k` ends, said with the caller's `key`
    /// for that parameter (`self.inner.Logoff(..)` in `fn logoff(&self)`, called as
    /// `session.logoff()`: `session.inner`); `key` itself when the end is deeper down.
    pub(super) fn ended_place(&self, g: usize, k: usize, key: &str) -> String {
        let f = &self.ctx.program.functions[g];
        let Some(p) = f.params.get(k) else {
            return key.to_string();
        };
        self.ctx.calls[g]
            .iter()
            .find_map(|c| {
                self.rule.model.resources.iter().find_map(|r| {
                    let pat = r.end.iter().find(|pat| pat.matches(c))?;
                    let h = handle_of(c, pat.handle)?;
                    let rest = h.strip_prefix(p.as_str())?;
                    (rest.is_empty() || rest.starts_with('.')).then(|| format!("{key}{rest}"))
                })
            })
            .unwrap_or_else(|| key.to_string())
    }

    /// Does `g` end its parameter `k` (an `end` call on it, or in a helper it hands it to)?
    pub(super) fn param_end(&self, g: usize, k: usize, depth: usize) -> bool {
        if depth == 0 {
            if let Some(&known) = self.param_ends.borrow().get(&(g, k)) {
                return known;
            }
            let answer = self.param_end_uncached(g, k, 0);
            self.param_ends.borrow_mut().insert((g, k), answer);
            return answer;
        }
        self.param_end_uncached(g, k, depth)
    }

    fn param_end_uncached(&self, g: usize, k: usize, depth: usize) -> bool {
        let f = &self.ctx.program.functions[g];
        let Some(p) = f.params.get(k) else {
            return false;
        };
        if depth > 3 || f.builtin {
            return false;
        }
        let ends = |c: &Call| {
            self.rule.model.resources.iter().any(|r| {
                r.scope == Scope::Handle
                    && r.end.iter().any(|pat| {
                        pat.matches(c) && handle_of(c, pat.handle).is_some_and(|h| rooted(&h, p))
                    })
            })
        };
        // Only calls every path runs (not under a condition other than a null test of the
        // parameter): a helper that logs off only when asked to says nothing of the others.
        let mut always = Vec::new();
        unconditional_calls(&f.body, p, &mut always);
        always.into_iter().any(|gc| {
            ends(gc)
                || self.ctx.graph.edges[g].get(&gc.span).is_some_and(|hs| {
                    gc.args
                        .iter()
                        .position(|a| strip_borrow(a).place_key().as_deref() == Some(p.as_str()))
                        .is_some_and(|j| hs.iter().any(|&h| self.param_end(h, j, depth + 1)))
                })
        })
    }

    /// The first use of parameter `k` of `g`: a method call on it that is not allowed after
    /// the end, a `uses-as-arg` function given it, or such a use in a helper it hands the
    /// parameter to (bounded depth). The use's span, its callee's name and the chain below.
    fn param_use(&self, g: usize, k: usize, depth: usize) -> Option<(Span, String, Chain)> {
        let f = &self.ctx.program.functions[g];
        let p = f.params.get(k)?;
        if depth > 3 || f.builtin {
            return None;
        }
        let model = &self.rule.model;
        for gc in &self.ctx.calls[g] {
            let on_p = match &gc.callee {
                Callee::Method { receiver, name, .. } => {
                    // Rust: a method's `self` is used through its fields (`self.inner.X()`).
                    strip_borrow(receiver).place_key().is_some_and(|k| {
                        k == *p || (p == "self" && rooted(&k, "self"))
                    })
                        && !model.allowed_after_end.iter().any(|a| a == name)
                        // A Rust `Option`/smart-pointer accessor is not a MAPI call.
                        && name.starts_with(|ch: char| ch.is_ascii_uppercase())
                }
                Callee::Function { name, .. } => {
                    model.uses_as_arg.iter().any(|u| u == name)
                        && gc.args.first().is_some_and(|a| {
                            strip_borrow(a).place_key().as_deref() == Some(p.as_str())
                        })
                }
                _ => false,
            };
            if on_p {
                return Some((gc.span, gc.callee.name().to_string(), Vec::new()));
            }
            // Handed on to another helper that uses it.
            if let Some(hs) = self.ctx.graph.edges[g].get(&gc.span)
                && let Some(j) = gc
                    .args
                    .iter()
                    .position(|a| strip_borrow(a).place_key().as_deref() == Some(p.as_str()))
                && let Some((site, name, mut chain)) =
                    hs.iter().find_map(|&h| self.param_use(h, j, depth + 1))
            {
                let who = self.ctx.program.functions[hs[0]].qualified_name();
                chain.insert(0, (who, gc.span, name.clone()));
                return Some((site, name, chain));
            }
        }
        None
    }

    /// use-after-end: a call on an ended handle (or a handle derived from an ended root).
    pub(super) fn check_use(&mut self, c: &Call, st: &State) {
        let model = &self.rule.model;
        let target = match &c.callee {
            Callee::Method { receiver, name, .. } => {
                if model.allowed_after_end.iter().any(|a| a == name) {
                    return;
                }
                receiver.place_key()
            }
            Callee::Function { name, .. } if model.uses_as_arg.iter().any(|u| u == name) => {
                c.args.first().and_then(|a| a.place_key())
            }
            _ => None,
        };
        let Some(key) = target else { return };
        let Some(t) = st
            .tokens
            .iter()
            .find(|t| t.handle.as_deref() == Some(key.as_str()) && t.ended.is_some())
        else {
            return;
        };
        let ended = t.ended.unwrap_or(t.site);
        let mut related = vec![Label {
            span: ended,
            message: "the session is logged off here".into(),
        }];
        if t.derived {
            related.push(Label {
                span: t.site,
                message: format!("`{key}` was obtained from the session here"),
            });
        }
        let msg = self.message("", "", c.callee.name(), &key, "");
        self.report(
            Label {
                span: c.span,
                message: format!("`{}` used after logoff", key),
            },
            msg,
            related,
        );
    }

    pub(super) fn order(&mut self, c: &Call, site: Span, via: Via, st: &mut State) {
        let m = &self.rule.model;
        if m.then.iter().any(|p| p.matches(c)) {
            self.order_then(site, via.clone(), c.callee.name(), st);
        }
        if m.reset.iter().any(|p| p.matches(c)) {
            st.reset_mark();
        }
        if m.first.iter().any(|p| p.matches(c)) && !self.quiet_first && !st.still_counted() {
            st.mark = Some((site, via));
            st.mark_if_failed = None;
        }
    }

    /// A method call on a receiver of a `then-on-types` type: a `then` event.
    pub(super) fn order_typed(&mut self, c: &Call, r: &str, name: &str, st: &State) {
        if st.moved.iter().any(|m| m == r) || !self.mapi_typed(r) {
            return;
        }
        let arrow = if self.f.drops_locals { "." } else { "->" };
        self.order_then(c.span, None, &format!("{r}{arrow}{name}"), st);
    }

    pub(super) fn order_then(&mut self, site: Span, via: Via, then_name: &str, st: &State) {
        let Some((first, first_via)) = st.mark.clone() else {
            return;
        };
        let first_name = self.rule.model.first[0].name.clone();
        let then_name = then_name.to_string();
        let mut related = vec![Label {
            span: first,
            message: format!("`{first_name}` runs here first"),
        }];
        let mut chain = Vec::new();
        if let Some((v, who)) = first_via {
            related.push(Label {
                span: v,
                message: format!("`{who}` runs here and calls `{first_name}`"),
            });
            chain.push((who, v, first_name.clone()));
        }
        if let Some((v, who)) = via {
            related.push(Label {
                span: v,
                message: format!("then `{who}` runs here and calls `{then_name}`"),
            });
            chain.push((who, v, then_name.clone()));
        }
        let msg = self.message(&first_name, &then_name, &then_name, "", "");
        self.report(
            Label {
                span: site,
                message: format!("`{then_name}` after `{first_name}`"),
            },
            msg,
            related,
        );
        if let Some(f) = self.findings.last_mut() {
            f.chain = chain;
        }
    }

    pub(super) fn exit(&mut self, kind: ExitKind, value: Option<&Expr>, span: Span, st: &State) {
        if !self.leaks() {
            return;
        }
        // A constructor that throws never runs its own destructor: what it started is
        // judged here (a MAPIInitialize only the destructor ends is never matched), and its
        // smart-pointer members built so far are destroyed now (a session they hold was
        // never logged off).
        let ctor_throws = kind == ExitKind::Throw && self.f.kind == crate::ir::FnKind::Constructor;
        if ctor_throws {
            let mut st = st.clone();
            let members = self.smart_members();
            for m in members.iter().rev() {
                if st
                    .tokens
                    .iter()
                    .any(|t| t.handle.as_deref() == Some(m.as_str()))
                {
                    let how = format!("`{m}` destroyed as the constructor throws");
                    self.released(m, span, &how, &mut st);
                }
            }
            for t in st
                .tokens
                .iter()
                .filter(|t| !t.maybe && self.rule.model.resources[t.res].scope == Scope::Global)
            {
                let end = self.end_name(t.res);
                let msg = self.message(&t.start_name, &end, &t.start_name, "", "");
                self.report(
                    Label {
                        span: t.site,
                        message: format!("`{}` succeeds here", t.start_name),
                    },
                    msg,
                    vec![Label {
                        span,
                        message: format!(
                            "`{}` throws here: the destructor, which would end it, never runs",
                            self.f.qualified_name()
                        ),
                    }],
                );
            }
        }
        for t in &st.tokens {
            let scope = self.rule.model.resources[t.res].scope;
            let how = match kind {
                ExitKind::Return => "returns",
                ExitKind::Throw => "throws",
                ExitKind::End => "ends",
                ExitKind::NoReturn => return,
            };
            match scope {
                Scope::Global => {
                    if t.maybe {
                        continue;
                    }
                    let label = self.rule.model.resources[t.res].label.clone();
                    self.record_net(label, Some(t.site), None, false);
                    // `escaped`: recorded in a member flag that guards its end elsewhere.
                    if !self.judged_exit[t.res] || t.escaped {
                        continue;
                    }
                    let end = self.end_name(t.res);
                    let msg = self.message(&t.start_name, &end, &t.start_name, "", "");
                    let mut related = Vec::new();
                    if let Some((v, who)) = &t.via {
                        related.push(Label {
                            span: *v,
                            message: format!("`{who}` runs here and calls `{}`", t.start_name),
                        });
                    }
                    related.push(Label {
                        span,
                        message: format!(
                            "`{}` {how} here without `{end}`",
                            self.f.qualified_name()
                        ),
                    });
                    self.report(
                        Label {
                            span: t.site,
                            message: format!("`{}` succeeds here", t.start_name),
                        },
                        msg,
                        related,
                    );
                }
                Scope::Handle => {
                    let Some(h) = &t.handle else { continue };
                    let returned = value.is_some_and(|v| mentions(v, h));
                    if self.model().leak_at_exit
                        && !self.model().report_at.is_empty()
                        && !t.maybe
                        && !value.is_some_and(|v| passes(v, h))
                        && self.member_never_released(h, t.res)
                    {
                        let lost = format!(
                            "`{h}` is a member of `{}` that no method of it releases",
                            self.f.class.as_deref().unwrap_or_default()
                        );
                        // Located at the class's `Logoff` of it when this path has none.
                        let mut t = t.clone();
                        if t.at.is_none()
                            && let Some(class) = &self.f.class
                        {
                            let owners: Vec<&Function> = self
                                .ctx
                                .families
                                .functions(class)
                                .into_iter()
                                .map(|gi| &self.ctx.program.functions[gi])
                                .collect();
                            let field = h.rsplit(['.', '>']).next().unwrap_or(h);
                            t.at = super::report_at_on_field(self.rule, &owners, field);
                        }
                        self.report_lost(&t, h, t.site, lost);
                        continue;
                    }
                    // A parameter it logs off and releases elsewhere: judged only on a path
                    // that logged it off (before that, it is still the caller's).
                    let owned_here = t.param_owned && t.at.is_some();
                    if !self.model().leak_at_exit
                        || t.maybe
                        || t.escaped
                        || returned
                        || (t.param_owned && !owned_here)
                        || (!owned_here && (!is_local_key(h) || !self.locals.contains(h.as_str())))
                    {
                        continue;
                    }
                    let lost =
                        format!("`{}` {how} here and `{h}` is lost", self.f.qualified_name());
                    self.report_lost(t, h, span, lost);
                }
            }
        }
    }

    /// A held handle whose only place is gone (`h` at `span`, `lost` says how): a leak at the
    /// start call, or at the last `report-at` call (the `Logoff`) on the path.
    pub(super) fn report_lost(&mut self, t: &Token, h: &str, span: Span, lost: String) {
        let msg = self.message(
            &t.start_name,
            &self.end_name(t.res),
            &t.start_name,
            h,
            "before the function returns",
        );
        let verb = self.model().resources[t.res].verb.clone();
        let mut primary = Label {
            span: t.site,
            message: format!("`{}` {verb} here", t.start_name),
        };
        let mut related = vec![Label {
            span,
            message: lost,
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
        if let Some(at) = t.at {
            related.insert(0, primary);
            primary = Label {
                span: at,
                message: format!("`{h}` is never released after this"),
            };
        }
        self.report(primary, msg, related);
    }

    /// `h` is a raw member (`m_lpSession`, not a smart pointer) of this method's class that
    /// no method of the class family ends (`Release`, `UlRelease`) or hands to a free
    /// function (which may release it): what it holds is never released.
    pub(super) fn member_never_released(&self, h: &str, res: usize) -> bool {
        let Some(class) = &self.f.class else {
            return false;
        };
        if self.locals.contains(h) || self.f.params.iter().any(|p| p == h) || !is_local_key(h) {
            return false;
        }
        let program = self.ctx.program;
        let declared = self
            .class_fields()
            .find(|(f, _)| *f == h)
            .map(|(_, ty)| ty.clone());
        let Some(ty) = declared else { return false };
        if (!looks_like_pointer(&ty) && !self.ctx.pointer_aliases.iter().any(|a| a == ty.trim()))
            || crate::engine::summary::is_smart_pointer(&ty, &self.ctx.smart_pointers)
        {
            return false;
        }
        let r = &self.model().resources[res];
        let family = crate::engine::summary::same_dir(
            program,
            self.f.span.file,
            self.ctx.families.functions(class),
        );
        // Methods that hand the member out (a getter, `Detach()`): what callers do through
        // them counts, and so does any copy of the member (`p = m_lpSession`,
        // `*lpp = m_lpSession`) or a release through another object's pointer
        // (`pThis->m_lpSession->Release()` in a static or friend function).
        if family
            .iter()
            .any(|&gi| crate::engine::interp::calls::returns_name(&program.functions[gi].body, h))
        {
            return false;
        }
        let same_field = |k: &str| k == h || k.rsplit('.').next() == Some(h);
        let mut touched = false;
        for g in family.iter().map(|&gi| &program.functions[gi]) {
            g.for_each_call(&mut |c| {
                let ends = r.end.iter().any(|p| {
                    p.matches(c) && handle_of(c, p.handle).is_some_and(|k| same_field(&k))
                });
                let handed = matches!(c.callee, Callee::Function { .. })
                    && !r.start.iter().any(|p| p.matches(c))
                    && c.args
                        .iter()
                        .any(|a| passes(a, h) || a.place_key().is_some_and(|k| same_field(&k)));
                touched |= ends || handed;
            });
            touched |= copies_field(&g.body, h);
        }
        // Free functions (friends, static helpers) that release the field of an object.
        if !touched {
            for (gi, g) in program.functions.iter().enumerate() {
                if family.contains(&gi) || g.class.is_some() {
                    continue;
                }
                g.for_each_call(&mut |c| {
                    touched |= r.end.iter().any(|p| {
                        p.matches(c)
                            && handle_of(c, p.handle)
                                .is_some_and(|k| k.contains('.') && same_field(&k))
                    });
                });
            }
        }
        !touched
    }
}

/// Is `field` copied anywhere in `b` (`p = m_lpSession`, `*lpp = m_lpSession`,
/// `LPMAPISESSION p = m_lpSession`)?
fn copies_field(b: &crate::ir::Block, field: &str) -> bool {
    fn expr(e: &Expr, field: &str) -> bool {
        match e {
            Expr::Assign { rhs, .. } if rhs.place_key().as_deref() == Some(field) => true,
            _ => e.children().into_iter().any(|c| expr(c, field)),
        }
    }
    b.stmts.iter().any(|s| {
        let decl = matches!(s, crate::ir::Stmt::Decl { init: Some(i), .. }
            if i.place_key().as_deref() == Some(field));
        decl || s.exprs().into_iter().any(|e| expr(e, field))
            || s.blocks().into_iter().any(|nb| copies_field(nb, field))
    })
}

/// Calls through helpers: (function, call site, API called), outermost first.
type Chain = Vec<(String, Span, String)>;

/// The calls of `b` that run whenever `b` runs to its end: in plain statements, nested blocks
/// and under a test that `p` is set (`if (lpSession)`, `if (p != NULL)`).
fn unconditional_calls<'b>(b: &'b crate::ir::Block, p: &str, out: &mut Vec<&'b Call>) {
    use crate::ir::Stmt;
    for s in &b.stmts {
        match s {
            Stmt::Expr(e)
            | Stmt::Return { value: Some(e), .. }
            | Stmt::Decl { init: Some(e), .. } => e.calls_in_order(out),
            Stmt::Block(nb) => unconditional_calls(nb, p, out),
            Stmt::If {
                cond,
                then,
                els: None,
            } if pure_key(&purify(cond)).is_some_and(|(k, v, _)| k == p && v) => {
                unconditional_calls(then, p, out)
            }
            _ => {}
        }
    }
}

/// The expressions a call lends to the parameters of `g`, with the parameters' positions: a
/// Rust method's receiver is its `self` (the first parameter), its arguments the ones after.
pub(super) fn lent_params<'c>(c: &'c Call, g: &crate::ir::Function) -> Vec<(&'c Expr, usize)> {
    let method_self = g.params.first().is_some_and(|p| p == "self")
        && matches!(c.callee, crate::ir::Callee::Method { .. });
    let offset = usize::from(method_self);
    let mut v = Vec::new();
    if method_self && let Some(r) = c.callee.receiver() {
        v.push((r, 0));
    }
    v.extend(c.args.iter().enumerate().map(|(i, a)| (a, i + offset)));
    v
}

/// Is the call at `site` inside an `if` (or loop) whose condition reads a field of `self`?
fn under_self_test(b: &crate::ir::Block, site: Span) -> bool {
    fn reads_self(e: &Expr) -> bool {
        e.place_key().is_some_and(|k| rooted(&k, "self"))
            || e.children().into_iter().any(reads_self)
    }
    crate::engine::summary::under_test(b, site, &reads_self)
}
