//! Name-resolved call edges and per-function summaries of what a function does (transitively)
//! to the resources of a rule: whether it may start or end them, and where the API call is.
//!
//! Resolution is by name only: a free-function call resolves to the scanned free functions of
//! that name; an unqualified call or a call on `this` inside a method resolves to methods of the
//! same class first. Names that are lifecycle APIs are never resolved to user functions here.
//! Unresolved calls are opaque and have no effect.

use crate::ir::{Callee, Expr, FnKind, Function, Program, Span};
use crate::rules::CallPat;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

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
    /// What dropping a value of a class runs, in order: its own destructor, then (Rust) its
    /// fields' drops in declaration order. Only classes where something runs.
    pub drop_seq: HashMap<String, Vec<Vec<usize>>>,
    /// For each function, the class of each local declaration with a drop sequence.
    pub decl_class: Vec<HashMap<Span, String>>,
    /// Rust: for each function, the local declarations whose value a scanned helper built
    /// (their class is its declared return type). What such a value holds of a shared
    /// resource may be one clone of several: its drop ending that is no surplus.
    pub built_elsewhere: Vec<std::collections::HashSet<Span>>,
    /// Classes with no destructor of their own whose members' destructors may run when a value
    /// is destroyed: no member class in their drop sequence has a constructor. The analysis
    /// runs no implicit member constructor, so destroying a member that acquires in its
    /// constructor (`CMapiInitGuard m_init`) would end what was never seen started; a member
    /// that acquires through a method (`AutoMAPI::Initialize()`) is fine.
    pub member_drops: std::collections::HashSet<String>,
    /// Functions called by another scanned function (judged through their callers).
    pub called: Vec<bool>,
    /// For each function, the functions that call (or construct or destroy) it.
    pub callers: Vec<Vec<usize>>,
    /// Scope guards: for each function, locals initialised by a guard maker with a lambda
    /// (`auto g = make_scope_success([&] { .. });`), mapped to that lambda's function. The
    /// lambda runs where the local is dropped.
    pub guards: Vec<HashMap<Span, usize>>,
    /// Rust: for each function, the MAPI interface held by each local written without a type,
    /// when its initialiser or an out-parameter says (see [`api_local_types`]).
    pub api_types: Vec<ApiTypes>,
}

/// Does a call make a scope guard from its lambda argument (`make_scope_success`,
/// `make_scope_exit`, `gsl::finally`, `scopeguard::guard`, `ScopeGuard`, `defer`)?
fn is_guard_maker(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "scope", "guard", "finally", "defer", "cleanup", "on_exit", "onexit", "at_exit",
    ]
    .iter()
    .any(|k| n.contains(k))
}

fn scope_guards(decls: &[Decl<'_>], closures: &HashMap<Span, usize>) -> HashMap<Span, usize> {
    let mut out = HashMap::default();
    for &(_, _, init, span) in decls {
        let Some(Expr::Call(c)) = init else { continue };
        if !is_guard_maker(c.callee.name()) {
            continue;
        }
        for a in &c.args {
            if let Expr::Lit { text, span: ls } = a
                && text == crate::frontend::cpp::LAMBDA
                && let Some(&ci) = closures.get(ls)
            {
                out.insert(span, ci);
            }
        }
    }
    out
}

/// What dropping a value of `class` runs, in order (see [`CallGraph::drop_seq`]). Each class's
/// sequence is worked out once (`memo`); a class met again inside itself (`struct A { b: B }`,
/// `struct B { a: A }`: impossible by value, but the parser sees names, not sizes) contributes
/// nothing there, and a sequence stops growing at [`MAX_DROP_STEPS`] groups: a fuzzer's
/// input of a few kilobytes with fields of fields of fields otherwise took seconds.
fn drop_sequence(
    class: &str,
    dtor_of: &HashMap<&str, Vec<usize>>,
    classes: &HashMap<&str, &crate::ir::Class>,
    depth: usize,
    memo: &mut HashMap<String, Option<Vec<Vec<usize>>>>,
) -> Vec<Vec<usize>> {
    if depth > 8 {
        return Vec::new();
    }
    match memo.get(class) {
        Some(Some(seq)) => return seq.clone(),
        // On the current path: a value does not contain itself.
        Some(None) => return Vec::new(),
        None => {}
    }
    memo.insert(class.to_string(), None);
    let mut out = Vec::new();
    if let Some(d) = dtor_of.get(class) {
        out.push(d.clone());
    }
    if let Some(c) = classes.get(class) {
        for ty in &c.field_types {
            if out.len() >= MAX_DROP_STEPS {
                break;
            }
            // A pointer or reference field (`CMapiApi* m_pApi`, `&'a Session`, `*mut T`) or
            // a weak one does not own its object: destroying the holder runs nothing of it.
            if ty.contains(['*', '&']) || ty.contains("weak_ptr") || ty.contains("Weak<") {
                continue;
            }
            if let Some(fc) = rust_type_class(ty) {
                out.extend(drop_sequence(&fc, dtor_of, classes, depth + 1, memo));
            }
        }
    }
    out.truncate(MAX_DROP_STEPS);
    memo.insert(class.to_string(), Some(out.clone()));
    out
}

/// Groups in one class's drop sequence at most (see [`drop_sequence`]).
const MAX_DROP_STEPS: usize = 256;

/// The class of a local declared by value (`OleGuard g;`, `const ns::Guard g(x);`), or None
/// for pointers, references and arrays.
pub fn value_class(ty: &str) -> Option<String> {
    if ty.contains(['*', '&', '[']) {
        return None;
    }
    let mut words = ty.split_whitespace().filter(|w| {
        !matches!(
            *w,
            "const" | "static" | "volatile" | "struct" | "class" | "mutable" | "thread_local"
        )
    });
    // One word (most declarations) needs no joining.
    let joined;
    let t = match (words.next(), words.clone().next()) {
        (Some(w), None) => w,
        (first, _) => {
            joined = first.into_iter().chain(words).collect::<Vec<_>>().join(" ");
            joined.as_str()
        }
    };
    let t = t.split('<').next().unwrap_or(t);
    let last = t.rsplit("::").next().unwrap_or(t).trim();
    (!last.is_empty()).then(|| last.to_string())
}

/// Of several same-named candidates, those in the caller's file, else in its directory, else
/// all of them.
fn nearest(program: &Program, file: usize, targets: Vec<usize>) -> Vec<usize> {
    if targets.len() < 2 {
        return targets;
    }
    let file_of = |t: usize| program.functions[t].span.file;
    let same_file: Vec<usize> = targets
        .iter()
        .copied()
        .filter(|&t| file_of(t) == file)
        .collect();
    if !same_file.is_empty() {
        return same_file;
    }
    let dir = |f: usize| program.file_dirs.get(f).copied();
    let same_dir: Vec<usize> = targets
        .iter()
        .copied()
        .filter(|&t| dir(file_of(t)).is_some() && dir(file_of(t)) == dir(file))
        .collect();
    if same_dir.is_empty() {
        targets
    } else {
        same_dir
    }
}

/// Of the functions `fns`, those in `file`'s directory, else all of them: a class family's
/// methods as one program of a repository that holds several sees them.
pub fn same_dir(program: &Program, file: usize, fns: Vec<usize>) -> Vec<usize> {
    let dir = |f: usize| program.file_dirs.get(f).copied();
    let near: Vec<usize> = fns
        .iter()
        .copied()
        .filter(|&t| {
            let d = dir(program.functions[t].span.file);
            d.is_some() && d == dir(file)
        })
        .collect();
    if near.is_empty() { fns } else { near }
}

/// Smart pointers that release what they hold when they go out of scope or are reset: ATL,
/// the standard library (with a releasing deleter) and kopano's `object_ptr`/`memory_ptr`.
/// Projects add their own types in the configuration (`smart-pointers`).
pub const SMART_POINTERS: &[&str] = &[
    "CComPtr",
    "CComQIPtr",
    "unique_ptr",
    "CAutoPtr",
    "_com_ptr_t",
    "object_ptr",
    "memory_ptr",
];

/// Smart pointers that are classes, not templates.
pub const SMART_CLASSES: &[&str] = &["rowset_ptr"];

/// The smart-pointer names of a program: the configured ones, and every alias (`typedef`,
/// `using`) of a smart pointer, through chains of aliases.
pub fn smart_aliases(aliases: &[(String, String)], configured: &[String]) -> Vec<String> {
    let mut out = configured.to_vec();
    out.extend(alias_closure(aliases, |h| {
        SMART_POINTERS.contains(&h)
            || SMART_CLASSES.contains(&h)
            || configured.iter().any(|c| c == h)
    }));
    out.sort();
    out.dedup();
    out
}

/// The aliases of raw pointer types (`typedef LPSPropValue PropArray;`), through chains of
/// aliases: a local of such a type holds MAPI memory like an `LPSPropValue` does.
pub fn pointer_aliases(
    aliases: &[(String, String)],
    is_pointer: impl Fn(&str) -> bool,
) -> Vec<String> {
    alias_closure(aliases, is_pointer)
}

/// The aliases whose target is a `base` type or, transitively, another such alias.
fn alias_closure(aliases: &[(String, String)], base: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    loop {
        let known = |h: &str| base(h) || out.iter().any(|o| o == h);
        let new: Vec<String> = aliases
            .iter()
            .filter(|(a, h)| known(h) && !known(a))
            .map(|(a, _)| a.clone())
            .collect();
        if new.is_empty() {
            break;
        }
        out.extend(new);
        out.sort();
        out.dedup();
    }
    out
}

/// Is `ty` a smart pointer held by value (`CComPtr<IMsgStore>`, not `CComPtr<IMsgStore>*`)?
pub fn is_smart_pointer(ty: &str, extra: &[String]) -> bool {
    let Some((head, rest)) = ty.split_once('<') else {
        // Owning wrappers that are not templates: kopano's row-set
        // pointer (FreeProws at scope end), and configured names.
        let t = ty.trim();
        let last = t.rsplit("::").next().unwrap_or(t).trim();
        let last = last.rsplit(' ').next().unwrap_or(last);
        return !ty.contains(['*', '&'])
            && (SMART_CLASSES.contains(&last) || extra.iter().any(|e| e == last));
    };
    if rest
        .rsplit('>')
        .next()
        .is_some_and(|t| t.contains(['*', '&']))
    {
        return false;
    }
    let head = head.trim();
    let last = head.rsplit("::").next().unwrap_or(head).trim();
    let last = last.rsplit(' ').next().unwrap_or(last);
    SMART_POINTERS.contains(&last) || extra.iter().any(|e| e == last)
}

/// The class a receiver's declared type names: `CGlobalCache&`, `const CSession*` -> the
/// class; a smart pointer (`CComPtr<CFoo>`, `std::unique_ptr<CFoo>`) -> the class it points
/// to; Rust `&IMsgStore` -> `IMsgStore`.
pub fn receiver_class(ty: &str) -> Option<String> {
    let (head, arg) = match ty.split_once('<') {
        Some((h, a)) => (
            h,
            Some(a.trim_end_matches(|c: char| c == '>' || c.is_whitespace())),
        ),
        None => (ty, None),
    };
    let smart = [
        "CComPtr",
        "CComQIPtr",
        "unique_ptr",
        "shared_ptr",
        "CAutoPtr",
        "_com_ptr_t",
        "Box",
        "Arc",
        "Rc",
    ];
    if let Some(a) = arg
        && smart.iter().any(|s| head.trim().ends_with(s))
    {
        return receiver_class(a);
    }
    let t = head.replace(['*', '&'], " ");
    let last = t.split_whitespace().rfind(|w| {
        !matches!(
            *w,
            "const" | "static" | "volatile" | "struct" | "class" | "mut" | "dyn" | "impl"
        )
    })?;
    let last = last.rsplit("::").next().unwrap_or(last);
    (!last.is_empty() && last.starts_with(|c: char| c.is_alphabetic() || c == '_'))
        .then(|| last.to_string())
}

/// Module names and wrappers that do not name the class of a Rust value.
fn is_wrapper(seg: &str) -> bool {
    matches!(
        seg,
        "Arc"
            | "Rc"
            | "Box"
            | "Option"
            | "Result"
            | "RefCell"
            | "Cell"
            | "Mutex"
            | "RwLock"
            | "Pin"
            | "Self"
    ) || seg.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The class a Rust type annotation names: `Arc<outlook_mapi::Initialize>` -> `Initialize`.
pub fn rust_type_class(ty: &str) -> Option<String> {
    ty.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .rfind(|w| !w.is_empty() && !is_wrapper(w))
        .map(str::to_string)
}

/// The class of the value a Rust type holds on success: the first generic argument of
/// wrappers (`windows::core::Result<Arc<Mapi>, WatchError>` -> `Mapi`), else the type's last
/// path segment; `None` for `()`, references and tuples. `ty` is token-spaced (`Result < T >`).
pub fn rust_value_class(ty: &str) -> Option<String> {
    let toks: Vec<&str> = ty.split_whitespace().collect();
    let mut i = 0;
    loop {
        // The path: `a :: b :: C`.
        let mut last = None;
        while i < toks.len() {
            let t = toks[i];
            if t == "::" {
                i += 1;
                continue;
            }
            if !t.chars().all(|c| c.is_alphanumeric() || c == '_') {
                break;
            }
            last = Some(t);
            i += 1;
        }
        let seg = last?;
        if toks.get(i) == Some(&"<") && is_wrapper(seg) && seg != "Self" {
            i += 1;
            continue;
        }
        return (!is_wrapper(seg)).then(|| seg.to_string());
    }
}

/// The class of the value a Rust initialiser produces: `Guard::new(..)`, `Guard { .. }`,
/// `Arc::new(Guard::new())`, a copy of another local, `?` temporaries.
/// Rust methods that hand on the success value of a `Result` or `Option` unchanged in type
/// (`Initialize::new(..).context("MAPIInitialize")?`, `session.ok_or(..)?`).
pub(crate) const RESULT_ADAPTERS: &[&str] = &[
    "unwrap",
    "expect",
    "ok",
    "ok_or",
    "ok_or_else",
    "map_err",
    "context",
    "with_context",
];

/// [`rust_return_classes`]: by (impl type, function name), the class a function returns.
type Returns = HashMap<(Option<String>, String), Option<String>>;

/// Rust functions of the program by (impl type, name), with the class their declared return
/// type names (`fn start_mapi() -> Result<Arc<Initialize>>`: `Initialize`; `Self`: the impl
/// type); `None` where functions of one key disagree or name no class.
pub(crate) fn rust_return_classes(program: &Program) -> Returns {
    let mut out: Returns = HashMap::default();
    // (Not the built-in models: `Logon::new(..)` builds a fresh value of its own type, as the
    // naming heuristic already says; what it holds is judged by the model's drops.)
    for f in program
        .functions
        .iter()
        .filter(|f| f.drops_locals && !f.builtin && f.kind != crate::ir::FnKind::Closure)
    {
        // `Self` names the impl type (the tokens are space-separated: `Result < Self >`).
        let ret = match &f.class {
            Some(k) => format!(" {} ", f.ret).replace(" Self ", &format!(" {k} ")),
            None => f.ret.clone(),
        };
        let mut class = rust_value_class(&ret);
        // A shared value (`Arc<Initialize>`) from a helper that clones one (a cached
        // `OnceLock` instance) is another reference, not the value: dropping it ends nothing
        // the caller can see.
        if ret.split_whitespace().any(|t| t == "Arc" || t == "Rc") {
            let mut clones = false;
            f.for_each_call(&mut |c| clones |= c.callee.name() == "clone");
            if clones {
                class = None;
            }
        }
        let key = (f.class.clone(), f.name.clone());
        match out.get(&key) {
            Some(known) if *known != class => {
                out.insert(key, None);
            }
            Some(_) => {}
            None => {
                out.insert(key, class);
            }
        }
    }
    out
}

/// Sets `elsewhere` when the answer comes from a scanned helper's declared return type (the
/// value was built by another function).
fn rust_init_class(
    e: &Expr,
    known: &HashMap<String, (String, bool)>,
    returns: &Returns,
    elsewhere: &mut bool,
) -> Option<String> {
    match e {
        Expr::Call(c) => match &c.callee {
            Callee::Function { path, .. } => {
                let segs: Vec<&str> = path.split("::").collect();
                if segs.len() >= 2 {
                    let ty = segs[segs.len() - 2];
                    if is_wrapper(ty) && !ty.starts_with(|ch: char| ch.is_ascii_lowercase()) {
                        return c
                            .args
                            .first()
                            .and_then(|a| rust_init_class(a, known, returns, elsewhere));
                    }
                    if ty.starts_with(|ch: char| ch.is_ascii_uppercase()) {
                        // A scanned associated function says what it returns
                        // (`Mailbox::open_store(..) -> Result<IMsgStore>` is no `Mailbox`).
                        let name = segs[segs.len() - 1];
                        if let Some(ret) = returns.get(&(Some(ty.to_string()), name.to_string())) {
                            *elsewhere = ret.is_some();
                            return ret.clone();
                        }
                        return Some(ty.to_string());
                    }
                }
                // A free function of the program: its declared return type.
                if let [name] = segs[..]
                    && name.starts_with(|ch: char| ch.is_ascii_lowercase())
                {
                    let ret = returns.get(&(None, name.to_string())).cloned().flatten();
                    *elsewhere = ret.is_some();
                    return ret;
                }
                // A tuple struct's literal (`LogoffGuard(&logon.session)`); only a class with
                // a drop sequence is ever looked up by it.
                if let [ty] = segs[..]
                    && ty.starts_with(|ch: char| ch.is_ascii_uppercase())
                    && !matches!(ty, "Ok" | "Err" | "Some")
                {
                    return Some(ty.to_string());
                }
                None
            }
            // `x.clone()`, and adapters that keep the value's type on success
            // (`Initialize::new(..).context("MAPIInitialize")?`).
            Callee::Method { receiver, name, .. }
                if name == "clone" || RESULT_ADAPTERS.contains(&name.as_str()) =>
            {
                rust_init_class(receiver, known, returns, elsewhere)
            }
            _ => None,
        },
        Expr::Name { name, .. } => known.get(name).map(|(c, built)| {
            *elsewhere = *built;
            c.clone()
        }),
        Expr::Other { children, .. } if children.len() == 1 => {
            rust_init_class(&children[0], known, returns, elsewhere)
        }
        _ => None,
    }
}

/// The MAPI interface each call hands out (`rules/models/mapi_api.toml`), by call name.
fn hands_out() -> &'static HashMap<String, String> {
    static TABLE: std::sync::OnceLock<HashMap<String, String>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct File {
            #[serde(rename = "hands-out")]
            hands_out: std::collections::BTreeMap<String, String>,
        }
        let f: File = toml::from_str(include_str!("../../rules/models/mapi_api.toml"))
            .expect("rules/models/mapi_api.toml is valid");
        f.hands_out.into_iter().collect()
    })
}

/// `Option<T>` -> `T` (token-spaced or not).
fn strip_option(t: &str) -> &str {
    let s = t.trim();
    s.strip_prefix("Option")
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix('<'))
        .and_then(|r| r.trim_end().strip_suffix('>'))
        .map(str::trim)
        .unwrap_or(s)
}

/// The MAPI interface a Rust expression's (success) value holds, when a call says so: a MAPI
/// call's result (`session.OpenMsgStore(..)?`, `MAPIAdminProfiles(0)?`), a scanned helper's
/// declared return type (`-> Result<IMAPISession>`), a local already known, through `?`,
/// `match` payloads (lowered to temporaries), `.cast()`, `.clone()` and result adapters.
fn api_type(e: &Expr, known: &HashMap<String, String>, returns: &Returns) -> Option<String> {
    match e {
        Expr::Call(c) => match &c.callee {
            Callee::Function { name, path } => {
                if let Some(t) = hands_out().get(name.as_str()) {
                    return Some(t.clone());
                }
                let segs: Vec<&str> = path.split("::").collect();
                let key = match segs[..] {
                    [.., ty, f] if ty.starts_with(|ch: char| ch.is_ascii_uppercase()) => {
                        (Some(ty.to_string()), f.to_string())
                    }
                    _ => (None, name.clone()),
                };
                returns.get(&key).cloned().flatten()
            }
            Callee::Method { receiver, name, .. } => {
                if name == "clone" || name == "cast" || RESULT_ADAPTERS.contains(&name.as_str()) {
                    let t = api_type(receiver, known, returns)?;
                    Some(strip_option(&t).to_string())
                } else {
                    hands_out().get(name.as_str()).cloned()
                }
            }
            Callee::Dynamic(_) => None,
        },
        Expr::Name { name, .. } => known.get(name).cloned(),
        Expr::Other { children, .. } if children.len() == 1 => {
            api_type(&children[0], known, returns)
        }
        _ => None,
    }
}

/// [`api_local_types`]: what calls say Rust locals written without a type hold.
#[derive(Debug, Default)]
pub struct ApiTypes {
    /// By name, the type of the last declaration of that name (absent when unknown).
    pub last: HashMap<String, String>,
    /// Names with some declaration holding an `Option` of an interface: one written through
    /// an out-parameter (`let mut session = None;` shadowed by `let Some(session) = ..`).
    pub optional: std::collections::HashSet<String>,
}

/// Rust: the MAPI interface held by each local of `f` written without a type, as far as
/// calls say: `let store = session.OpenMsgStore(..)?;` holds an `IMsgStore`, and
/// `let mut session = None;` handed to `MAPILogonEx(.., &mut session)` an
/// `Option<IMAPISession>`. A later declaration of the same name with no known type forgets it.
pub(crate) fn api_local_types(f: &Function, decls: &[Decl<'_>], returns: &Returns) -> ApiTypes {
    let mut res = ApiTypes::default();
    if !f.drops_locals {
        return res;
    }
    // Trailing out-parameters of the calls that hand out an interface.
    let mut out_params: HashMap<String, String> = HashMap::default();
    f.for_each_call(&mut |c| {
        if let Some(t) = hands_out().get(c.callee.name())
            && let Some(Expr::AddrOf { expr, .. }) = c.args.last()
            && let Expr::Name { name, .. } = &**expr
        {
            out_params.insert(name.clone(), format!("Option<{t}>"));
        }
    });
    let mut known: HashMap<String, String> = HashMap::default();
    let out = &mut res.last;
    for &(name, ty, init, _) in decls {
        if !ty.is_empty() {
            known.insert(name.to_string(), ty.to_string());
            out.remove(name);
            continue;
        }
        // A pattern's binding takes the payload of the temporary holding the scrutinee
        // (`let Some(session) = session else { .. }`).
        let payload = matches!(init, Some(Expr::Name { name, .. }) if name.starts_with('?'));
        let t = init
            .and_then(|e| api_type(e, &known, returns))
            .map(|t| {
                if payload {
                    strip_option(&t).to_string()
                } else {
                    t
                }
            })
            .or_else(|| {
                // `let mut session = None;` (or no initialiser), written later through `&mut`.
                let empty = match init {
                    None => true,
                    Some(Expr::Lit { text: n, .. } | Expr::Name { name: n, .. }) => n == "None",
                    _ => false,
                };
                empty.then(|| out_params.get(name).cloned()).flatten()
            });
        match t {
            // The lowering's temporaries (`?3`) only pass a value on to a named local.
            Some(t) if name.starts_with('?') => {
                known.insert(name.to_string(), t);
            }
            Some(t) => {
                if t.starts_with("Option<") {
                    res.optional.insert(name.to_string());
                }
                known.insert(name.to_string(), t.clone());
                out.insert(name.to_string(), t);
            }
            None => {
                known.remove(name);
                out.remove(name);
            }
        }
    }
    res
}

/// For each local declaration of `f` (`decls`, from [`collect_decls`]), the class of the
/// value it holds, when known: C++ by the declared type (values only, not pointers), Rust by
/// annotation or initialiser.
/// The last field says whether the value was built by a scanned helper (its class is the
/// helper's declared return type).
fn local_classes(
    f: &Function,
    decls: &[Decl<'_>],
    returns: &Returns,
) -> Vec<(Span, String, String, bool)> {
    let mut known: HashMap<String, (String, bool)> = HashMap::default();
    let mut out = Vec::new();
    for &(name, ty, init, span) in decls {
        let mut elsewhere = false;
        let class = if !f.drops_locals {
            value_class(ty)
        } else if !ty.is_empty() {
            rust_type_class(ty)
        } else {
            init.and_then(|e| rust_init_class(e, &known, returns, &mut elsewhere))
        };
        if let Some(c) = class {
            known.insert(name.to_string(), (c.clone(), elsewhere));
            out.push((span, name.to_string(), c, elsewhere));
        }
    }
    out
}

/// The declaration span of each local of `f` (the last one for a name declared twice).
pub fn local_decls(f: &Function) -> HashMap<String, Span> {
    let mut decls = Vec::new();
    collect_decls(&f.body, &mut decls);
    decls
        .into_iter()
        .map(|(n, _, _, s)| (n.to_string(), s))
        .collect()
}

/// The declared type of each local of `f` (the last one for a name declared twice).
pub fn local_types(f: &Function) -> HashMap<String, String> {
    let mut decls = Vec::new();
    collect_decls(&f.body, &mut decls);
    decls
        .into_iter()
        .map(|(n, t, _, _)| (n.to_string(), t.to_string()))
        .collect()
}

/// A local declaration: name, declared type, initialiser, span.
pub(crate) type Decl<'a> = (&'a str, &'a str, Option<&'a Expr>, Span);

/// Declarations in source order (nested blocks after their enclosing statement).
pub(crate) fn collect_decls<'a>(b: &'a crate::ir::Block, out: &mut Vec<Decl<'a>>) {
    for s in &b.stmts {
        if let crate::ir::Stmt::Decl {
            name,
            ty,
            init,
            span,
        } = s
        {
            out.push((name, ty, init.as_ref(), *span));
        }
        for nb in s.blocks() {
            collect_decls(nb, out);
        }
    }
}

impl CallGraph {
    /// Calls into functions that never return are sinks in the caller's CFG: what such a
    /// function does (`Die()` calling `MAPIUninitialize` before `exit`) never reaches its
    /// caller's later code, so its edges are cut from every summary. Who calls it is kept
    /// (`callers`, `called`): it is still judged through them, not as a root.
    pub fn cut_noreturn(&mut self, program: &Program, noreturn: &crate::graph::NoReturn) {
        let dead: Vec<bool> = program
            .functions
            .iter()
            .map(|f| f.class.is_none() && noreturn.contains(&f.name))
            .collect();
        if !dead.iter().any(|&d| d) {
            return;
        }
        for e in &mut self.edges {
            for targets in e.values_mut() {
                targets.retain(|&t| !dead[t]);
            }
        }
    }

    /// `calls[f]`: every call of function `f` ([`Program::call_lists`]).
    pub fn build(
        program: &Program,
        calls: &[Vec<&crate::ir::Call>],
        api_names: &rustc_hash::FxHashSet<String>,
    ) -> CallGraph {
        let mut free: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut methods: HashMap<(&str, &str), Vec<usize>> = HashMap::default();
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
        let mut ctor_of: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut dtor_of: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, f) in program.functions.iter().enumerate() {
            match (&f.class, f.kind) {
                (Some(c), FnKind::Constructor) => ctor_of.entry(c.as_str()).or_default().push(i),
                (Some(c), FnKind::Destructor) => dtor_of.entry(c.as_str()).or_default().push(i),
                _ => {}
            }
        }
        let class_map: HashMap<&str, &crate::ir::Class> = program
            .classes
            .iter()
            .map(|c| (c.name.as_str(), c))
            .collect();
        let mut drop_seq: HashMap<String, Vec<Vec<usize>>> = HashMap::default();
        let mut memo = HashMap::default();
        for name in dtor_of.keys().copied().chain(class_map.keys().copied()) {
            let seq = drop_sequence(name, &dtor_of, &class_map, 0, &mut memo);
            if !seq.is_empty() {
                drop_seq.insert(name.to_string(), seq);
            }
        }
        type Implicit = (
            HashMap<Span, Vec<usize>>,
            HashMap<Span, Vec<usize>>,
            HashMap<Span, String>,
            std::collections::HashSet<Span>,
        );
        // Each function's declarations and its class-typed locals, found once for the passes
        // below.
        let decls: Vec<Vec<Decl<'_>>> = program
            .functions
            .par_iter()
            .map(|f| {
                let mut d = Vec::new();
                collect_decls(&f.body, &mut d);
                d
            })
            .collect();
        let returns = rust_return_classes(program);
        let locals: Vec<Vec<(Span, String, String, bool)>> = program
            .functions
            .par_iter()
            .zip(decls.par_iter())
            .map(|(f, d)| local_classes(f, d, &returns))
            .collect();
        let api_types: Vec<ApiTypes> = program
            .functions
            .par_iter()
            .zip(decls.par_iter())
            .map(|(f, d)| api_local_types(f, d, &returns))
            .collect();
        let implicit: Vec<Implicit> = program
            .functions
            .par_iter()
            .zip(locals.par_iter())
            .map(|(f, locals)| {
                let (mut c, mut d, mut dc) =
                    (HashMap::default(), HashMap::default(), HashMap::default());
                let mut built = std::collections::HashSet::new();
                for (span, _, class, elsewhere) in locals {
                    let span = *span;
                    if *elsewhere {
                        built.insert(span);
                    }
                    // C++ constructors run at the declaration; Rust has none (`T::new` is a call).
                    if !f.drops_locals
                        && let Some(t) = ctor_of.get(class.as_str())
                    {
                        c.insert(span, t.clone());
                    }
                    if let Some(seq) = drop_seq.get(class) {
                        d.insert(span, seq.concat());
                        dc.insert(span, class.clone());
                    }
                }
                // Global objects are constructed before an entry point and destroyed after it.
                if is_entry_point(f) {
                    for g in &program.globals {
                        if let Some(class) = value_class(&g.ty) {
                            if let Some(t) = ctor_of.get(class.as_str()) {
                                c.insert(g.span, t.clone());
                            }
                            if let Some(seq) = drop_seq.get(&class) {
                                d.insert(g.span, seq.concat());
                                dc.insert(g.span, class);
                            }
                        }
                    }
                }
                (c, d, dc, built)
            })
            .collect();
        let mut ctors = Vec::with_capacity(implicit.len());
        let mut dtors = Vec::with_capacity(implicit.len());
        let mut decl_class = Vec::with_capacity(implicit.len());
        let mut built_elsewhere = Vec::with_capacity(implicit.len());
        for (c, d, dc, b) in implicit {
            ctors.push(c);
            dtors.push(d);
            decl_class.push(dc);
            built_elsewhere.push(b);
        }
        // Classes with methods (a `C::get()` call may be a static accessor of `C`).
        let method_classes: rustc_hash::FxHashSet<&str> = methods.keys().map(|(c, _)| *c).collect();
        let field_types: HashMap<(&str, &str), &str> = program
            .classes
            .iter()
            .flat_map(|c| {
                c.fields
                    .iter()
                    .zip(c.field_types.iter())
                    .map(move |(f, t)| ((c.name.as_str(), f.as_str()), t.as_str()))
            })
            .collect();
        let edges = program
            .functions
            .par_iter()
            .zip(calls.par_iter())
            .zip(locals.par_iter())
            .zip(decls.par_iter())
            .map(|(((f, calls), locals), decls)| {
                let mut m: HashMap<Span, Vec<usize>> = HashMap::default();
                let own_class = f.class.as_deref();
                // Declared types of locals (C++ with pointers/references too; Rust inferred).
                let mut local_types: HashMap<String, String> = HashMap::default();
                for &(name, ty, _, _) in decls {
                    if let Some(c) = receiver_class(ty) {
                        local_types.insert(name.to_string(), c);
                    }
                }
                for (_, name, class, _) in locals {
                    local_types
                        .entry(name.clone())
                        .or_insert_with(|| class.clone());
                }
                let class_of = |recv: &Expr| -> Option<String> {
                    match recv {
                        Expr::Name { name, .. } if name == "this" || name == "self" => {
                            own_class.map(str::to_string)
                        }
                        Expr::Call(c) => match &c.callee {
                            // `CGlobalCache::getInstance().M()`: a static accessor of a class.
                            Callee::Function { path, .. } => path
                                .rsplit_once("::")
                                .map(|(q, _)| q.rsplit("::").next().unwrap_or(q).to_string())
                                .filter(|q| method_classes.contains(q.as_str())),
                            _ => None,
                        },
                        _ => {
                            let key = recv.place_key()?;
                            let (base, field) = match key.rsplit_once('.') {
                                Some((b, f)) => (Some(b), f),
                                None => (None, key.as_str()),
                            };
                            if base.is_none()
                                && let Some(t) = local_types.get(field)
                            {
                                return Some(t.clone());
                            }
                            // A member: `m_pCache`, `this->m_pCache`, `self.cache`.
                            let cls = match base {
                                None | Some("self") => own_class?,
                                _ => return None,
                            };
                            field_types
                                .get(&(cls, field))
                                .and_then(|t| receiver_class(t))
                        }
                    }
                };
                for &c in calls {
                    let name = c.callee.name();
                    if name.is_empty() {
                        continue;
                    }
                    let targets = match &c.callee {
                        Callee::Function { path, .. } => {
                            // An API name called as a free function is the API, never a user
                            // function of that name (user methods of that name are reached
                            // through `this` after the link step).
                            if api_names.contains(name) {
                                continue;
                            }
                            let qualified = path
                                .rsplit_once("::")
                                .map(|(q, _)| q.rsplit("::").next().unwrap_or(q))
                                .filter(|q| !q.is_empty());
                            match qualified.or(own_class) {
                                Some(cls) => methods
                                    .get(&(cls, name))
                                    .or_else(|| free.get(name))
                                    .cloned()
                                    .unwrap_or_default(),
                                None => free.get(name).cloned().unwrap_or_default(),
                            }
                        }
                        // `delete p` runs the destructor of p's declared class.
                        Callee::Method { receiver, .. } if name == "delete" => class_of(receiver)
                            .and_then(|cls| dtor_of.get(cls.as_str()).cloned())
                            .unwrap_or_default(),
                        Callee::Method { receiver, .. } => class_of(receiver)
                            .and_then(|cls| methods.get(&(cls.as_str(), name)).cloned())
                            .unwrap_or_default(),
                        Callee::Dynamic(_) => vec![],
                    };
                    let targets = nearest(program, c.span.file, targets);
                    if !targets.is_empty() {
                        m.insert(c.span, targets);
                    }
                }
                m
            })
            .collect();
        let member_drops = drop_seq
            .iter()
            .filter(|(class, seq)| {
                !dtor_of.contains_key(class.as_str())
                    && seq.iter().flatten().all(|&d| {
                        program.functions[d]
                            .class
                            .as_deref()
                            .is_none_or(|c| !ctor_of.contains_key(c))
                    })
            })
            .map(|(class, _)| class.clone())
            .collect();
        let dtor_of = dtor_of
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let mut graph = CallGraph {
            edges,
            ctors,
            dtors,
            dtor_of,
            drop_seq,
            decl_class,
            built_elsewhere,
            member_drops,
            called: Vec::new(),
            callers: Vec::new(),
            guards: Vec::new(),
            api_types,
        };
        graph.callers = graph.compute_callers();
        graph.called = graph
            .callers
            .iter()
            .enumerate()
            .map(|(i, cs)| cs.iter().any(|&c| c != i))
            .collect();
        let closures: HashMap<Span, usize> = program
            .functions
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == FnKind::Closure)
            .map(|(i, f)| (f.span, i))
            .collect();
        graph.guards = decls
            .par_iter()
            .map(|d| scope_guards(d, &closures))
            .collect();
        graph
    }
}

/// For each function, the site of the first API call matching a pattern group, found directly
/// or through resolved callees (transitively, to a fixpoint).
/// `calls[f]`: every call of function `f`, in order; `by_name`: callee name -> (function,
/// index in `calls[f]`) (both collected once per run).
pub fn transitive_sites(
    calls: &[Vec<&crate::ir::Call>],
    by_name: &HashMap<&str, Vec<(usize, usize)>>,
    graph: &CallGraph,
    pats: &[CallPat],
) -> Vec<Option<Span>> {
    transitive_sites_where(calls, by_name, graph, pats, &|_, _| true)
}

/// [`transitive_sites`] counting only the direct calls `keep(function, call)` accepts.
pub fn transitive_sites_where(
    calls: &[Vec<&crate::ir::Call>],
    by_name: &HashMap<&str, Vec<(usize, usize)>>,
    graph: &CallGraph,
    pats: &[CallPat],
    keep: &(dyn Fn(usize, &crate::ir::Call) -> bool + Sync),
) -> Vec<Option<Span>> {
    transitive_sites_from(calls, by_name, graph, pats, keep, vec![None; calls.len()])
}

/// [`transitive_sites_where`], with `first` already holding, per function, the index in
/// `calls[function]` of a direct site found otherwise (a method call on a member of a MAPI
/// type): the earlier of the two is the function's own site.
pub fn transitive_sites_from(
    calls: &[Vec<&crate::ir::Call>],
    by_name: &HashMap<&str, Vec<(usize, usize)>>,
    graph: &CallGraph,
    pats: &[CallPat],
    keep: &(dyn Fn(usize, &crate::ir::Call) -> bool + Sync),
    mut first: Vec<Option<usize>>,
) -> Vec<Option<Span>> {
    let n = calls.len();
    // The first matching call of each function, found through the name index.
    for p in pats {
        let key = p.name.rsplit("::").next().unwrap_or(&p.name);
        for &(f, i) in by_name.get(key).into_iter().flatten() {
            if first[f].is_none_or(|j| i < j) && p.matches(calls[f][i]) && keep(f, calls[f][i]) {
                first[f] = Some(i);
            }
        }
    }
    let mut site: Vec<Option<Span>> = first
        .iter()
        .enumerate()
        .map(|(f, i)| i.map(|i| calls[f][i].span))
        .collect();
    if site.iter().all(Option::is_none) {
        return site;
    }
    // Propagate to callers until nothing changes (bounded by the number of functions), in
    // rounds over the functions in index order. A function is looked at again only when one
    // of its callees got a site since it was last looked at: nothing else can change what it
    // finds, so the sites are those of looking at every function in every round.
    let callers = &graph.callers;
    let mut dirty = vec![true; n];
    for _ in 0..n.min(64) {
        let mut changed = false;
        for i in 0..n {
            if site[i].is_some() || !std::mem::replace(&mut dirty[i], false) {
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
                for &c in &callers[i] {
                    dirty[c] = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    site
}

/// Functions in an order where (outside cycles) every callee comes before its callers.
pub fn bottom_up_order(graph: &CallGraph, n: usize) -> Vec<usize> {
    let callees = |i: usize| -> Vec<usize> {
        let mut v: Vec<usize> = graph.edges[i]
            .values()
            .chain(graph.ctors[i].values())
            .chain(graph.dtors[i].values())
            .flatten()
            .copied()
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut order = Vec::with_capacity(n);
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        // Iterative post-order DFS.
        let mut stack: Vec<(usize, Vec<usize>)> = vec![(root, callees(root))];
        state[root] = 1;
        while let Some((node, pending)) = stack.last_mut() {
            match pending.pop() {
                Some(c) if state[c] == 0 => {
                    state[c] = 1;
                    let cs = callees(c);
                    stack.push((c, cs));
                }
                Some(_) => {}
                None => {
                    state[*node] = 2;
                    order.push(*node);
                    stack.pop();
                }
            }
        }
    }
    order
}

impl CallGraph {
    fn compute_callers(&self) -> Vec<Vec<usize>> {
        let mut callers = vec![Vec::new(); self.edges.len()];
        for i in 0..self.edges.len() {
            for &t in self.edges[i]
                .values()
                .chain(self.ctors[i].values())
                .chain(self.dtors[i].values())
                .flatten()
            {
                callers[t].push(i);
            }
        }
        callers
    }
}

/// Entry points: the process starts and ends with them.
pub fn is_entry_point(f: &Function) -> bool {
    f.class.is_none()
        && matches!(
            f.name.as_str(),
            "main" | "wmain" | "_tmain" | "WinMain" | "wWinMain" | "_tWinMain"
        )
}

/// Class families: a class with its bases, derived classes and their relatives (connected
/// through base lists), and the functions of each family. Built once per run.
#[derive(Debug, Default)]
pub struct Families {
    comp: HashMap<String, usize>,
    members: Vec<Vec<String>>,
    fns: HashMap<String, Vec<usize>>,
}

impl Families {
    pub fn build(program: &Program) -> Families {
        let mut names: Vec<String> = program
            .classes
            .iter()
            .flat_map(|c| std::iter::once(c.name.clone()).chain(c.bases.iter().cloned()))
            .collect();
        names.sort();
        names.dedup();
        let index: HashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let mut parent: Vec<usize> = (0..names.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for c in &program.classes {
            let a = index[c.name.as_str()];
            for b in &c.bases {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, index[b.as_str()]));
                if ra != rb {
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
        let mut comp = HashMap::default();
        let mut members: Vec<Vec<String>> = Vec::new();
        let mut ids: HashMap<usize, usize> = HashMap::default();
        for (i, n) in names.iter().enumerate() {
            let r = root(&mut parent, i);
            let id = *ids.entry(r).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[id].push(n.clone());
            comp.insert(n.clone(), id);
        }
        let mut fns: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, f) in program.functions.iter().enumerate() {
            if let Some(c) = &f.class {
                fns.entry(c.clone()).or_default().push(i);
            }
        }
        Families { comp, members, fns }
    }

    /// The classes of `class`'s family (at least `class` itself).
    pub fn classes<'a>(&'a self, class: &'a str) -> Vec<&'a str> {
        match self.comp.get(class) {
            Some(&id) => self.members[id].iter().map(String::as_str).collect(),
            None => vec![class],
        }
    }

    /// The functions (methods) of `class`'s family, in program order.
    pub fn functions(&self, class: &str) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .classes(class)
            .into_iter()
            .flat_map(|c| self.fns.get(c).into_iter().flatten().copied())
            .collect();
        v.sort_unstable();
        v
    }
}

/// Does `b` (its statements or nested blocks) make the call at `site`?
pub(crate) fn block_makes_call(b: &crate::ir::Block, site: Span) -> bool {
    b.stmts.iter().any(|s| {
        s.exprs().into_iter().any(|e| {
            let mut v = Vec::new();
            e.calls_in_order(&mut v);
            v.iter().any(|c| c.span == site)
        }) || s.blocks().into_iter().any(|nb| block_makes_call(nb, site))
    })
}

/// Is the call at `site` in `b` inside an `if` (or loop) whose condition `tests` accepts?
pub(crate) fn under_test(
    b: &crate::ir::Block,
    site: Span,
    tests: &dyn Fn(&crate::ir::Expr) -> bool,
) -> bool {
    use crate::ir::Stmt;
    b.stmts.iter().any(|s| {
        let tested = match s {
            Stmt::If { cond, .. } | Stmt::Switch { cond, .. } | Stmt::DoWhile { cond, .. } => {
                tests(cond)
            }
            Stmt::While { cond, .. } => cond.as_ref().is_some_and(tests),
            _ => false,
        };
        s.blocks()
            .into_iter()
            .any(|nb| (tested && block_makes_call(nb, site)) || under_test(nb, site, tests))
    })
}

/// Is the call at `site` in `b` inside an `if` whose condition reads `field`?
pub(crate) fn under_test_of(b: &crate::ir::Block, site: Span, field: &str) -> bool {
    fn reads(e: &crate::ir::Expr, field: &str) -> bool {
        e.place_key()
            .is_some_and(|k| k.rsplit(['.', '>']).next() == Some(field))
            || e.children().into_iter().any(|c| reads(c, field))
    }
    under_test(b, site, &|cond| reads(cond, field))
}

/// Does `f` set the member `field` to null (`m_lpSession = NULL;`)?
pub(crate) fn clears_member(f: &Function, field: &str) -> bool {
    use crate::ir::Expr;
    fn walk(e: &Expr, field: &str) -> bool {
        match e {
            Expr::Assign { lhs, rhs, .. }
                if (matches!(&**rhs, Expr::Name { name, .. } if matches!(name.as_str(), "NULL" | "nullptr"))
                    || matches!(&**rhs, Expr::Lit { text, .. } if matches!(text.as_str(), "0" | "NULL" | "nullptr")))
                    && lhs
                        .place_key()
                        .is_some_and(|k| k.rsplit(['.', '>']).next() == Some(field)) =>
            {
                true
            }
            _ => e.children().into_iter().any(|c| walk(c, field)),
        }
    }
    let mut blocks = vec![&f.body];
    while let Some(b) = blocks.pop() {
        for s in &b.stmts {
            if s.exprs().into_iter().any(|e| walk(e, field)) {
                return true;
            }
            blocks.extend(s.blocks());
        }
    }
    false
}
