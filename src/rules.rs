//! Rule files: `rules/<rule-name>.toml`, one per rule, holding the lifecycle model the generic
//! engine runs and the rule's documentation.
//!
//! Loading happens in two steps: a raw serde struct that rejects unknown fields, then a checked
//! [`Rule`] whose errors name the file and the field.

use serde::Deserialize;
use std::fmt;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub level: Level,
    pub summary: String,
    /// Message template; `{start}`, `{end}`, `{call}`, `{handle}`, `{when}` are filled in.
    pub message: String,
    /// For a `pairing` check: the message of a surplus end call (else `message`).
    pub end_message: Option<String>,
    pub docs: Docs,
    pub model: Model,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    pub why: String,
    pub example: String,
    pub instead: String,
}

/// Which generic check the engine runs for the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// A started resource still held when its owner ends (function exit, type, program), or
    /// when one of `report_held_at` runs, or when its subject is released.
    Leak,
    /// An end call on a path where nothing of that resource is held.
    UnmatchedEnd,
    /// Calls on a handle (or an object derived from it) after the handle's end call.
    UseAfterEnd,
    /// A `then` call on a path after a `first` call (with no `reset` between).
    Order,
    /// `Leak` and `UnmatchedEnd` together: starts without an end, and surplus ends.
    Pairing,
    /// A call matching `calls` whose argument `flag-arg` names one of `flags`.
    FlaggedCall,
    /// A call matching `calls` reachable (through resolved calls) from a function named in `from`.
    ReachableFrom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Process-wide and reference counted (OLE, MAPI): no handle.
    Global,
    /// Held through a handle: a variable, field or connection number.
    Handle,
}

/// Where a call pattern finds the handle it acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlePos {
    None,
    Receiver,
    LastArg,
    /// The last argument when it is an out-parameter (`&conn`), else the call's result (Rust
    /// bindings that return the connection).
    LastArgOrResult,
    /// The call's result (Rust bindings that return the object and keep other out-parameters,
    /// `store.OpenEntry(cb, eid, None, flags, &mut obj_type)?`).
    Result,
    Arg(usize),
}

/// Which callees given a handle leave it the caller's (`borrowed-args`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BorrowedArgs {
    /// None: a handle handed to a function may be ended there.
    No,
    /// Every free function, unless its scanned body keeps the handle (COM in-parameters).
    Yes,
    /// Only scanned functions whose body does not keep it: one whose body is not seen may
    /// store it (`m_mapConnections.insert(..)`, a macro returning it).
    Scanned,
}

/// Which locals release their handle when they go out of scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropRelease {
    Never,
    /// C++ smart pointers only.
    SmartPointers,
    /// C++ smart pointers and every Rust value.
    Always,
}

#[derive(Debug, Clone)]
pub struct CallPat {
    /// Free function (`true`) or method (`false`).
    pub function: bool,
    pub name: String,
    pub args: Option<usize>,
    pub handle: HandlePos,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub label: String,
    pub scope: Scope,
    /// Only handles declared as pointers are tracked (MAPI buffers are always pointers).
    pub pointer_handles: bool,
    /// What a start does to the handle, for labels: "registered" (default), "opened"...
    pub verb: String,
    pub start: Vec<CallPat>,
    pub end: Vec<CallPat>,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub check: Check,
    pub resources: Vec<Resource>,
    pub report_held_at: Vec<CallPat>,
    pub subject_release: Vec<CallPat>,
    pub allowed_after_end: Vec<String>,
    pub derive: bool,
    pub uses_as_arg: Vec<String>,
    pub first: Vec<CallPat>,
    pub then: Vec<CallPat>,
    pub reset: Vec<CallPat>,
    pub calls: Vec<CallPat>,
    pub flag_arg: usize,
    pub flags: Vec<String>,
    pub from: Vec<String>,
    /// Leak check: a start still held when the function exits is a finding (default). Off for
    /// rules that only judge what is held at `report-held-at` or released while held.
    pub leak_at_exit: bool,
    /// A local holding the handle releases it when it goes out of scope or is dropped (Rust
    /// values; C++ smart pointers).
    pub released_by_drop: DropRelease,
    /// Calls on a held handle that move a leak's primary location to them (the `Logoff` of a
    /// session that is then never released).
    pub report_at: Vec<CallPat>,
    /// Calls that release a held handle: each is a finding (a session released without
    /// `Logoff`). With `released_by_drop`, so is the drop of the local holding it.
    pub release_while_held: Vec<CallPat>,
    /// Members released in this function but opened in another method of the class family are
    /// held from the start of the function (checked against `report-held-at`).
    pub member_objects: bool,
    /// Order check: method calls on a receiver declared with one of these types (or a smart
    /// pointer to one), and scope-end drops of such smart pointers, are `then` events.
    pub then_on_types: Vec<String>,
    /// Leak check: a handle passed to a free function stays the caller's to release (COM
    /// in-parameter convention), unless the function's body keeps it.
    pub borrowed_args: BorrowedArgs,
    /// Leak check: a helper that returns a fresh handle (by value or through a pointer
    /// parameter) starts it in its caller, located at the API call inside the helper.
    pub follow_helpers: bool,
    /// Flagged-call check, project policy `require` (set from the configuration): instead of
    /// reporting calls with the flag, report calls without it once the program makes a
    /// `require-when` call with one of `require-when-flags` in argument `require-when-arg`.
    pub require_flag: bool,
    pub require_when: Vec<CallPat>,
    pub require_when_arg: usize,
    pub require_when_flags: Vec<String>,
    pub require_message: String,
}

// ----- raw form -----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    level: String,
    summary: String,
    message: String,
    #[serde(rename = "end-message")]
    end_message: Option<String>,
    docs: Docs,
    model: RawModel,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawModel {
    check: String,
    #[serde(default)]
    resources: Vec<RawResource>,
    #[serde(default)]
    report_held_at: Vec<RawPat>,
    #[serde(default)]
    subject_release: Vec<RawPat>,
    #[serde(default)]
    allowed_after_end: Vec<String>,
    #[serde(default)]
    derive: bool,
    #[serde(default)]
    uses_as_arg: Vec<String>,
    #[serde(default)]
    first: Vec<RawPat>,
    #[serde(default)]
    then: Vec<RawPat>,
    #[serde(default)]
    reset: Vec<RawPat>,
    #[serde(default)]
    calls: Vec<RawPat>,
    #[serde(default)]
    flag_arg: usize,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    from: Vec<String>,
    leak_at_exit: Option<bool>,
    #[serde(default)]
    released_by_drop: BoolOrKind,
    #[serde(default)]
    report_at: Vec<RawPat>,
    #[serde(default)]
    release_while_held: Vec<RawPat>,
    #[serde(default)]
    member_objects: bool,
    #[serde(default)]
    then_on_types: Vec<String>,
    #[serde(default)]
    borrowed_args: BoolOrKind,
    #[serde(default)]
    follow_helpers: bool,
    #[serde(default)]
    require_when: Vec<RawPat>,
    #[serde(default)]
    require_when_arg: usize,
    #[serde(default)]
    require_when_flags: Vec<String>,
    #[serde(default)]
    require_message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "kebab-case")]
struct RawResource {
    label: String,
    scope: String,
    #[serde(default)]
    pointer_handles: bool,
    verb: Option<String>,
    start: Vec<RawPat>,
    end: Vec<RawPat>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPat {
    function: Option<String>,
    method: Option<String>,
    args: Option<usize>,
    handle: Option<String>,
}

/// A model key that is `true`, `false` or a named kind: `released-by-drop = true` (Rust
/// values and C++ smart pointers) or `"smart-pointers"` (only C++ smart pointers: a Rust raw
/// pointer to MAPI memory frees nothing when dropped); `borrowed-args = true` or
/// `"scanned"`.
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum BoolOrKind {
    #[default]
    #[serde(skip)]
    Unset,
    Bool(bool),
    Kind(String),
}

/// A rule file that could not be loaded: the file, the field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub field: String,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: field `{}`: {}", self.file, self.field, self.message)
        }
    }
}

impl std::error::Error for RuleError {}

/// Loads one rule from its file name (`rules/<id>.toml`) and text.
pub fn parse_rule(file: &str, text: &str) -> Result<Rule, RuleError> {
    let err = |field: &str, message: String| RuleError {
        file: file.to_string(),
        field: field.to_string(),
        message,
    };
    let raw: RawRule = toml::from_str(text).map_err(|e| {
        let msg = e.message().trim().to_string();
        match e.span() {
            Some(span) => {
                let line = text.as_bytes()[..span.start.min(text.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                err("", format!("line {line}: {msg}"))
            }
            None => err("", msg),
        }
    })?;
    let id = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(err("", format!("rule file name `{id}` must be kebab-case")));
    }
    let level = match raw.level.as_str() {
        "error" => Level::Error,
        "warning" => Level::Warning,
        other => {
            return Err(err(
                "level",
                format!("`{other}` is not `error` or `warning`"),
            ));
        }
    };
    for (field, value) in [
        ("summary", &raw.summary),
        ("message", &raw.message),
        ("docs.why", &raw.docs.why),
        ("docs.example", &raw.docs.example),
        ("docs.instead", &raw.docs.instead),
    ] {
        if value.trim().is_empty() {
            return Err(err(field, "must not be empty".into()));
        }
    }
    let m = raw.model;
    let check = match m.check.as_str() {
        "leak" => Check::Leak,
        "unmatched-end" => Check::UnmatchedEnd,
        "use-after-end" => Check::UseAfterEnd,
        "order" => Check::Order,
        "pairing" => Check::Pairing,
        "flagged-call" => Check::FlaggedCall,
        "reachable-from" => Check::ReachableFrom,
        other => {
            return Err(err(
                "model.check",
                format!(
                    "unknown check `{other}` (expected leak, unmatched-end, pairing, use-after-end, order, flagged-call or reachable-from)"
                ),
            ));
        }
    };
    let pats = |field: &str, raw: Vec<RawPat>| -> Result<Vec<CallPat>, RuleError> {
        raw.into_iter()
            .enumerate()
            .map(|(i, p)| {
                let f = format!("{field}[{i}]");
                let (function, name) = match (p.function, p.method) {
                    (Some(n), None) => (true, n),
                    (None, Some(n)) => (false, n),
                    _ => return Err(err(&f, "give exactly one of `function` or `method`".into())),
                };
                let handle = match p.handle.as_deref() {
                    None | Some("none") => HandlePos::None,
                    Some("receiver") if !function => HandlePos::Receiver,
                    Some("receiver") => {
                        return Err(err(
                            &format!("{f}.handle"),
                            "a free function has no receiver".into(),
                        ));
                    }
                    Some("last-arg") => HandlePos::LastArg,
                    Some("last-arg-or-result") => HandlePos::LastArgOrResult,
                    Some("result") => HandlePos::Result,
                    Some(s) => match s.strip_prefix("arg:").and_then(|n| n.parse().ok()) {
                        Some(n) => HandlePos::Arg(n),
                        None => {
                            return Err(err(
                                &format!("{f}.handle"),
                                format!("`{s}` is not none, receiver, last-arg, last-arg-or-result, result or arg:N"),
                            ));
                        }
                    },
                };
                Ok(CallPat {
                    function,
                    name,
                    args: p.args,
                    handle,
                })
            })
            .collect()
    };
    let mut resources = Vec::new();
    for (i, r) in m.resources.into_iter().enumerate() {
        let f = format!("model.resources[{i}]");
        let scope = match r.scope.as_str() {
            "global" => Scope::Global,
            "handle" => Scope::Handle,
            other => {
                return Err(err(
                    &format!("{f}.scope"),
                    format!("`{other}` is not global or handle"),
                ));
            }
        };
        let start = pats(&format!("{f}.start"), r.start)?;
        let end = pats(&format!("{f}.end"), r.end)?;
        if scope == Scope::Handle
            && start
                .iter()
                .chain(end.iter())
                .any(|p| p.handle == HandlePos::None)
        {
            return Err(err(
                &f,
                "a handle resource needs `handle` on every start and end pattern".into(),
            ));
        }
        resources.push(Resource {
            label: r.label,
            scope,
            pointer_handles: r.pointer_handles,
            verb: r.verb.unwrap_or_else(|| "registered".into()),
            start,
            end,
        });
    }
    let model = Model {
        check,
        resources,
        report_held_at: pats("model.report-held-at", m.report_held_at)?,
        subject_release: pats("model.subject-release", m.subject_release)?,
        allowed_after_end: m.allowed_after_end,
        derive: m.derive,
        uses_as_arg: m.uses_as_arg,
        first: pats("model.first", m.first)?,
        then: pats("model.then", m.then)?,
        reset: pats("model.reset", m.reset)?,
        calls: pats("model.calls", m.calls)?,
        flag_arg: m.flag_arg,
        flags: m.flags,
        from: m.from,
        leak_at_exit: m.leak_at_exit.unwrap_or(true),
        released_by_drop: match &m.released_by_drop {
            BoolOrKind::Unset | BoolOrKind::Bool(false) => DropRelease::Never,
            BoolOrKind::Bool(true) => DropRelease::Always,
            BoolOrKind::Kind(k) if k == "smart-pointers" => DropRelease::SmartPointers,
            BoolOrKind::Kind(k) => {
                return Err(err(
                    "model.released-by-drop",
                    format!("`{k}` is not true, false or \"smart-pointers\""),
                ));
            }
        },
        report_at: pats("model.report-at", m.report_at)?,
        release_while_held: pats("model.release-while-held", m.release_while_held)?,
        member_objects: m.member_objects,
        then_on_types: m.then_on_types,
        borrowed_args: match &m.borrowed_args {
            BoolOrKind::Unset | BoolOrKind::Bool(false) => BorrowedArgs::No,
            BoolOrKind::Bool(true) => BorrowedArgs::Yes,
            BoolOrKind::Kind(k) if k == "scanned" => BorrowedArgs::Scanned,
            BoolOrKind::Kind(k) => {
                return Err(err(
                    "model.borrowed-args",
                    format!("`{k}` is not true, false or \"scanned\""),
                ));
            }
        },
        follow_helpers: m.follow_helpers,
        require_flag: false,
        require_when: pats("model.require-when", m.require_when)?,
        require_when_arg: m.require_when_arg,
        require_when_flags: m.require_when_flags,
        require_message: m.require_message,
    };
    match check {
        Check::Order if model.first.is_empty() || model.then.is_empty() => {
            return Err(err(
                "model",
                "an order check needs `first` and `then`".into(),
            ));
        }
        Check::FlaggedCall if model.calls.is_empty() || model.flags.is_empty() => {
            return Err(err(
                "model",
                "a flagged-call check needs `calls` and `flags`".into(),
            ));
        }
        Check::ReachableFrom if model.calls.is_empty() || model.from.is_empty() => {
            return Err(err(
                "model",
                "a reachable-from check needs `calls` and `from`".into(),
            ));
        }
        Check::Leak | Check::UnmatchedEnd | Check::UseAfterEnd | Check::Pairing
            if model.resources.is_empty() =>
        {
            return Err(err(
                "model.resources",
                "this check needs at least one resource".into(),
            ));
        }
        _ => {}
    }
    Ok(Rule {
        id,
        level,
        summary: raw.summary.trim().to_string(),
        message: raw.message.trim().to_string(),
        end_message: raw.end_message.map(|m| m.trim().to_string()),
        docs: raw.docs,
        model,
    })
}

/// The rules built into the binary, sorted by id.
pub fn builtin() -> Result<Vec<Rule>, RuleError> {
    let mut rules = EMBEDDED_RULES
        .iter()
        .map(|(file, text)| parse_rule(file, text))
        .collect::<Result<Vec<_>, _>>()?;
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(rules)
}

/// Loads every `*.toml` in `dir` (for `--rules-dir`).
pub fn load_dir(dir: &std::path::Path) -> Result<Vec<Rule>, RuleError> {
    let read_err = |m: String| RuleError {
        file: dir.display().to_string(),
        field: String::new(),
        message: m,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| read_err(e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut rules = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| RuleError {
            file: p.display().to_string(),
            field: String::new(),
            message: e.to_string(),
        })?;
        rules.push(parse_rule(&p.display().to_string(), &text)?);
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(rules)
}

impl CallPat {
    /// Does `call` match this pattern?
    pub fn matches(&self, call: &crate::ir::Call) -> bool {
        use crate::ir::Callee;
        let name_ok = match &call.callee {
            // `Logon::new` names a path: it matches `Logon::new` and `outlook_mapi::Logon::new`.
            Callee::Function { name, path } if self.name.contains("::") => {
                self.function
                    && ends_with_segment(&self.name, name)
                    && (*path == self.name || ends_with_segment(path, &self.name))
            }
            Callee::Function { name, .. } => self.function && *name == self.name,
            Callee::Method {
                name, interface, ..
            } => {
                !self.function
                    && *name == self.name
                    && interface.as_deref() != Some(crate::engine::link::OWN_METHOD)
            }
            Callee::Dynamic(_) => false,
        };
        name_ok && self.args.is_none_or(|n| n == call.args.len())
    }
}

/// Does `path` end with `::` followed by `tail` (`format!("::{tail}")`, without building it)?
fn ends_with_segment(path: &str, tail: &str) -> bool {
    path.strip_suffix(tail)
        .is_some_and(|head| head.ends_with("::"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_suffixes() {
        assert!(ends_with_segment("outlook_mapi::Logon::new", "new"));
        assert!(ends_with_segment("outlook_mapi::Logon::new", "Logon::new"));
        assert!(!ends_with_segment("outlook_mapi::Logon::renew", "new"));
        assert!(!ends_with_segment("new", "new"));
        assert!(!ends_with_segment("Logon:new", "new"));
    }

    #[test]
    fn builtin_rules_load() {
        let rules = builtin().unwrap();
        assert!(rules.len() >= 5);
    }

    #[test]
    fn errors_name_file_and_field() {
        let e = parse_rule("rules/x.toml", "level = \"loud\"\nsummary=\"s\"\nmessage=\"m\"\n[docs]\nwhy=\"w\"\nexample=\"e\"\ninstead=\"i\"\n[model]\ncheck=\"leak\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "rules/x.toml: field `level`: `loud` is not `error` or `warning`"
        );
        let e = parse_rule("rules/x.toml", "level = \"error\"\nbogus = 1\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("rules/x.toml: line 2: unknown field `bogus`"),
            "{e}"
        );
        let e = parse_rule("rules/x.toml", "level = \"error\"\nsummary=\"s\"\nmessage=\"m\"\n[docs]\nwhy=\"w\"\nexample=\"e\"\ninstead=\"i\"\n[model]\ncheck=\"leak\"\n[[model.resources]]\nlabel=\"x\"\nscope=\"global\"\nstart=[{function=\"A\", method=\"B\"}]\nend=[]\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "rules/x.toml: field `model.resources[0].start[0]`: give exactly one of `function` or `method`"
        );
    }
}
