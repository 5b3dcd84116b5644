//! Neutralises Windows annotation and calling-convention macros before tree-sitter parses a
//! file. Every rewrite keeps the byte length and the newlines, so offsets and line numbers in
//! the rewritten text are those of the file.
//!
//! Three families of macros:
//! - words that vanish (`WINAPI`, `__stdcall`, SAL annotations such as `_In_` or `__out`, the
//!   project's annotation macros read from its `#define`s), with their parenthesised argument
//!   when they take one (`_Out_writes_(n)`, `__declspec(..)`, `KC_LIKE_PRINTF(3, 4)`);
//! - type wrappers that keep their argument (`STDMETHODIMP_(ULONG)` -> `ULONG`,
//!   `STDMETHOD_(ULONG, AddRef)` -> `ULONG AddRef`);
//! - declarators that need a type (`STDMETHOD(Name)` -> `HRESULT Name`).
//!
//! Then the idioms tree-sitter's grammar cannot read, each rewritten into code it can (found by
//! sampling the syntax errors left in mfcmapi, kopano-core, jitsi's addrbook and openchange):
//! declaration macros without `;` ([`blank_bare_macros`]), literals joined with macros
//! ([`unwrap_concatenated_strings`]), `extern "C" {` under `#ifdef __cplusplus`,
//! pointer-to-member declarators, `new T*[n]`, unreadable defaults
//! ([`blank_unreadable_defaults`]) and types given to macros ([`read_type_arguments`]).

use regex::Regex;
use std::sync::LazyLock;

/// Words removed wherever they appear as identifiers.
pub const BUILTIN_WORDS: &[&str] = &[
    "WINAPI",
    "WINAPIV",
    "APIENTRY",
    "CALLBACK",
    "STDAPICALLTYPE",
    "STDAPIVCALLTYPE",
    "STDMETHODCALLTYPE",
    "STDMETHODVCALLTYPE",
    "__stdcall",
    "__cdecl",
    "__fastcall",
    "__thiscall",
    "__vectorcall",
    "_stdcall",
    "_cdecl",
    "PASCAL",
    "FAR",
    "NEAR",
    "far",
    "near",
    "IN",
    "OUT",
    "OPTIONAL",
    "THIS_",
    "THIS",
    "PURE",
    "IPURE",
    "EXTERN_C",
    "__RPC_FAR",
    "__RPC_STUB",
    "__RPC_USER",
    "DECLSPEC_NOTHROW",
    "DECLSPEC_NOVTABLE",
    "ATL_NO_VTABLE",
    "__forceinline",
    "FORCEINLINE",
    "__inline",
    "_Check_return_",
    "__checkReturn",
    "__success",
    "__nullterminated",
    "__reserved",
    "__callback",
    "STDAPI_VIS",
    "NTAPI",
    "__ptr64",
    "__ptr32",
    "__unaligned",
    "__restrict",
    "_Frees_ptr_",
    "_Frees_ptr_opt_",
    "AFX_EXT_CLASS",
    "AFX_EXT_API",
    "AFXAPI",
    "AFX_CDECL",
    "DECLARE_DYNCREATE_NOTHING",
    // MSVC's STL, winnt.h and jni.h (JNI clients such as jitsi's addrbook).
    "_NODISCARD",
    "DECLSPEC_SELECTANY",
    "UNALIGNED",
    "BEGIN_INTERFACE",
    "END_INTERFACE",
    "JNIEXPORT",
    "JNIIMPORT",
    "JNICALL",
    // samba's visibility macros, before every public function of openchange's libmapi.
    "_PUBLIC_",
    "_PRIVATE_",
];

/// Words removed together with their balanced parenthesised argument.
pub const BUILTIN_CALL_LIKE: &[&str] = &[
    "__declspec",
    "DECLSPEC_UUID",
    "__pragma",
    "_Pragma",
    "__attribute__",
    "_Success_",
    "__drv_when",
    "__drv_arg",
    "__in_ecount",
    "__out_ecount",
    "__in_bcount",
    "__out_bcount",
    "__inout_ecount",
    "__inout_bcount",
    "__deref_out_ecount",
    "__field_ecount",
    "__field_bcount",
    "__out_ecount_opt",
    "__in_ecount_opt",
    "__out_bcount_opt",
    "__in_bcount_opt",
    "__typefix",
    "UNREFERENCED_PARAMETER_DECL",
    "DECLARE_INTERFACE_IID_",
];

/// The neutraliser for one scan: the built-in lists plus the user's extra macro names.
pub struct Neutraliser {
    words: Regex,
    /// The project's annotation macros ([`annotation_macros`]), blanked where an annotation
    /// goes: the object-like ones, and the function-like ones with their arguments.
    annotations: Option<Regex>,
    annotation_calls: Option<Regex>,
    enabled: bool,
}

static SAL: LazyLock<Regex> = LazyLock::new(|| {
    // `_In_`, `_Out_opt_`, `_Outptr_result_maybenull_`, `_In_reads_bytes_(cb)`, and the old
    // `__in`, `__out_opt`, `__deref_out`, `__inout_ecount(n)` style.
    Regex::new(
        r"(?-u:\b)(?:_(?:In|Out|Inout|Outptr|Deref|Ret|Must|Pre|Post|Field|Reserved|Result|Always|When|At|Null|Notnull|Maybenull|Readable|Writable|Analysis|Acquires|Releases|Requires|Guarded|Interlocked|Struct|Return|Const|Strict|Points|Literal|Printf|Scanf|Use|Check|Success|Frees|Post|Notref|Param|Kernel|IRQL|Flt|Dispatch|Function|Outref|COM|Benign|Lock|Has|Called|Deref2|Translates|Readable|Writes|Reads)[A-Za-z0-9_]*_|__(?:in|out|inout|deref|drv|nullnullterminated|format_string|possibly_notnullterminated|bcount|ecount|opt|range|field|out_z|in_z)(?-u:\b)[A-Za-z0-9_]*)",
    )
    .expect("SAL regex")
});

static TYPE_WRAPPERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:STDMETHODIMP_|STDAPI_|STDMETHOD_|MAPIMETHOD_|STDMETHODIMPV_|STDAPIV_|WINOLEAPI_|HRESULT_API_)(?-u:\s)*\(")
        .expect("wrapper regex")
});

/// `SizedSPropTagArray(12, name)` declares a struct variable `name`: keep `name`, as an `int`.
/// Projects define their own (mfcmapi's `SizedSPropTagArray2`, a union with a `tags` member).
static SIZED_DECLARATORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)Sized[A-Z][A-Za-z0-9]*(?-u:\s)*\(").expect("sized regex")
});

/// MFC message maps: `BEGIN_MESSAGE_MAP(..)` up to `END_MESSAGE_MAP()` is table data.
static MESSAGE_MAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)(?-u:\b)BEGIN_(?:MESSAGE|INTERFACE|DISPATCH|EVENTSINK)_MAP(?-u:\s)*\(.*?(?-u:\b)END_(?:MESSAGE|INTERFACE|DISPATCH|EVENTSINK)_MAP(?-u:\s)*\((?-u:\s)*\)")
        .expect("message map regex")
});

/// `#ifdef __cplusplus` / `extern "C" {` / `#endif`, and the same around the closing `}`: the
/// brace of group 1 is inside a preprocessor branch of its own, which tree-sitter cannot match
/// with the other.
static EXTERN_C_GUARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?m)^[ \t]*#[ \t]*(?:ifdef[ \t]+__cplusplus\b|if[ \t]+defined[ \t]*\(?[ \t]*__cplusplus\b)[^\n]*\n"#,
        r#"[ \t]*(extern[ \t]+"C"[ \t]*\{|\})[ \t]*(?://[^\n]*|/\*[^\n]*\*/[ \t]*)?\r?\n"#,
        r#"[ \t]*#[ \t]*endif"#,
    ))
    .expect("extern C regex")
});

/// `interface IFoo : public IUnknown {` (from `#define interface struct`).
static INTERFACE_KW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)interface((?-u:\s)+[A-Za-z_](?-u:\w)*(?-u:\s)*[:{])")
        .expect("interface regex")
});

static DECL_WRAPPERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:STDMETHOD|MAPIMETHOD)(?-u:\s)*\(").expect("decl regex")
});

impl Neutraliser {
    pub fn new(extra: &[String]) -> Neutraliser {
        let mut names: Vec<String> = BUILTIN_WORDS.iter().map(|s| regex::escape(s)).collect();
        for e in extra {
            names.push(regex::escape(e));
        }
        let call_like: Vec<String> = BUILTIN_CALL_LIKE.iter().map(|s| regex::escape(s)).collect();
        let pattern = format!(
            r"(?-u:\b)(?:(?P<call>{})|(?P<word>{}))(?-u:\b)",
            call_like.join("|"),
            names.join("|")
        );
        Neutraliser {
            words: Regex::new(&pattern).expect("neutraliser regex"),
            annotations: None,
            annotation_calls: None,
            enabled: true,
        }
    }

    /// [`Neutraliser::new`] that also blanks the project's annotation macros (the names
    /// [`annotation_macros`] returns) where an annotation goes: before a name (`KC_EXPORT
    /// HRESULT f(..)`, `class KC_EXPORT C`), after a class's name (`class C KC_FINAL :`) or
    /// after a function's parameters (`void f() KC_OVERRIDE;`), never in a directive.
    pub fn with_annotations(extra: &[String], annotations: &[String]) -> Neutraliser {
        let mut n = Neutraliser::new(extra);
        let (calls, words): (Vec<&String>, Vec<&String>) =
            annotations.iter().partition(|a| a.ends_with("()"));
        let alternatives = |names: &[&String]| -> String {
            let escaped: Vec<String> = names
                .iter()
                .map(|a| regex::escape(a.trim_end_matches("()")))
                .collect();
            escaped.join("|")
        };
        if !words.is_empty() {
            n.annotations = Some(
                Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", alternatives(&words)))
                    .expect("annotation regex"),
            );
        }
        if !calls.is_empty() {
            n.annotation_calls = Some(
                Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\s)*\(", alternatives(&calls)))
                    .expect("annotation call regex"),
            );
        }
        n
    }

    /// The neutraliser with the built-in lists only ([`Neutraliser::new`]`(&[])`), compiled
    /// once per process: compiling its pattern costs more than neutralising a small file, and
    /// a library user that scans many times (the fuzzer) would pay it on every scan.
    pub fn builtin() -> &'static Neutraliser {
        static BUILTIN: LazyLock<Neutraliser> = LazyLock::new(|| Neutraliser::new(&[]));
        &BUILTIN
    }

    /// A neutraliser that changes nothing (to measure what neutralisation buys).
    pub fn disabled() -> Neutraliser {
        Neutraliser {
            enabled: false,
            ..Neutraliser::new(&[])
        }
    }

    /// Returns the rewritten text (same length, same line breaks).
    pub fn apply(&self, text: &str) -> String {
        if !self.enabled {
            return text.to_string();
        }
        if !self.enabled {
            return text.to_string();
        }
        let mut bytes = text.as_bytes().to_vec();
        for m in self.words.captures_iter(text) {
            if let Some(c) = m.name("call") {
                let end = balanced_paren_end(text.as_bytes(), c.end()).unwrap_or(c.end());
                blank(&mut bytes, c.start(), end);
            } else if let Some(w) = m.name("word") {
                // `IN`/`OUT`/`THIS` are common words in enums and expressions: only blank
                // them when written in upper case exactly, which the regex already demands.
                blank(&mut bytes, w.start(), w.end());
            }
        }
        if let Some(annotations) = &self.annotations {
            for m in annotations.find_iter(text) {
                if at_annotation(text.as_bytes(), m.start(), m.end()) {
                    blank(&mut bytes, m.start(), m.end());
                }
            }
        }
        if let Some(calls) = &self.annotation_calls {
            for m in calls.find_iter(text) {
                if let Some(close) = balanced_paren_end(text.as_bytes(), m.end() - 1)
                    && at_annotation(text.as_bytes(), m.start(), close)
                {
                    blank(&mut bytes, m.start(), close);
                }
            }
        }
        for m in SAL.find_iter(text) {
            let end = match next_non_space(text.as_bytes(), m.end()) {
                Some(p) if text.as_bytes()[p] == b'(' => {
                    balanced_paren_end(text.as_bytes(), p).unwrap_or(m.end())
                }
                _ => m.end(),
            };
            blank(&mut bytes, m.start(), end);
        }
        for m in TYPE_WRAPPERS.find_iter(text) {
            // Keep the argument(s), drop the name, the parentheses and the comma.
            let open = m.end() - 1;
            if let Some(close) = balanced_paren_end(text.as_bytes(), open) {
                blank(&mut bytes, m.start(), open + 1);
                bytes[close - 1] = b' ';
                if let Some(comma) = text[open..close].find(',') {
                    bytes[open + comma] = b' ';
                }
            }
        }
        for m in DECL_WRAPPERS.find_iter(text) {
            // `STDMETHOD(Name)` declares `HRESULT Name`: write the type over the macro name.
            let open = m.end() - 1;
            if let Some(close) = balanced_paren_end(text.as_bytes(), open) {
                blank(&mut bytes, m.start(), open + 1);
                let ty = b"HRESULT ";
                let room = open + 1 - m.start();
                if room >= ty.len() {
                    bytes[m.start()..m.start() + ty.len()].copy_from_slice(ty);
                }
                bytes[close - 1] = b' ';
            }
        }
        for m in SIZED_DECLARATORS.find_iter(text) {
            let open = m.end() - 1;
            if let Some(close) = balanced_paren_end(text.as_bytes(), open)
                && let Some(comma) = text[open..close].rfind(',')
            {
                blank(&mut bytes, m.start(), open + comma + 1);
                bytes[m.start()..m.start() + 3].copy_from_slice(b"int");
                bytes[close - 1] = b' ';
            }
        }
        for m in MESSAGE_MAP.find_iter(text) {
            blank(&mut bytes, m.start(), m.end());
        }
        for c in INTERFACE_KW.captures_iter(text) {
            let start = c.get(0).map_or(0, |m| m.start());
            bytes[start..start + 9].copy_from_slice(b"struct   ");
        }
        // Both braces or neither: one left alone would be unmatched.
        let guards: Vec<regex::Match> = EXTERN_C_GUARD
            .captures_iter(text)
            .filter_map(|c| c.get(1))
            .collect();
        let opening = guards.iter().filter(|m| m.as_str() != "}").count();
        if opening * 2 == guards.len() {
            for m in guards {
                blank(&mut bytes, m.start(), m.end());
            }
        }
        // Literal searches first: the patterns start at every `(`.
        let members = text.contains("::*") || text.contains("->*");
        for c in POINTER_TO_MEMBER
            .captures_iter(text)
            .take_while(|_| members)
        {
            // `(C::*fn)(..)` declares a plain function pointer, `this->*fn` reads a member.
            if let Some(g) = c.get(1).or_else(|| c.get(2)) {
                blank(&mut bytes, g.start(), g.end());
            }
        }
        for c in NEW_POINTER_ARRAY.captures_iter(text) {
            if let Some(g) = c.get(1) {
                blank(&mut bytes, g.start(), g.end());
            }
        }
        blank_unreadable_defaults(text.as_bytes(), &mut bytes);
        read_type_arguments(text.as_bytes(), &mut bytes);
        unwrap_concatenated_strings(text.as_bytes(), &mut bytes);
        blank_bare_macros(&mut bytes);
        // Only ASCII bytes were written over whole tokens, so the text stays valid UTF-8.
        String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
    }
}

/// Is `text[start..end]` (a word, or a macro with its arguments) where an annotation goes:
/// outside a directive, before a name, `~` or `[[`, after a class's name before its `:` or
/// `{`, or after a function's parameters (and `const`, `override`..) before `;`, `{` or `=`?
fn at_annotation(text: &[u8], start: usize, end: usize) -> bool {
    let line = text[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let before = text[line..start].trim_ascii();
    if before.starts_with(b"#") {
        return false;
    }
    let Some((_, next)) = next_code(text, end) else {
        return false;
    };
    let after_class = || {
        before
            .split(|&b| !is_ident_byte(b))
            .any(|w| matches!(w, b"class" | b"struct" | b"union"))
    };
    next.is_ascii_alphabetic()
        || matches!(next, b'_' | b'~' | b'[')
        || (matches!(next, b':' | b'{') && after_class())
        || (matches!(next, b';' | b'{' | b'=')
            && (before.ends_with(b")")
                || (before.contains(&b')') && before.last().is_some_and(|&c| is_ident_byte(c)))))
}

/// The macros `text` defines, as (name, body): a function-like macro's name has `()` after it
/// and its body is what follows the parameters; the body is `None` for a macro continued over
/// several lines. Include guards (`#ifndef X` then `#define X`) are left out. For
/// [`annotation_macros`].
pub fn object_macros(text: &str) -> Vec<(String, Option<String>)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut guard: Option<&[u8]> = None;
    for m in DIRECTIVE.captures_iter(text) {
        let (Some(all), Some(kind)) = (m.get(0), m.get(1)) else {
            continue;
        };
        let line_start = b[..all.start()]
            .iter()
            .rev()
            .take_while(|&&c| c != b'\n')
            .all(|c| c.is_ascii_whitespace());
        if !line_start {
            continue;
        }
        let negated = m.get(2).is_some_and(|n| !n.is_empty());
        if kind.as_str() != "define" {
            let ifndef = kind.as_str() == "ifndef" || (kind.as_str() == "if" && negated);
            guard = m.get(3).filter(|_| ifndef).map(|n| n.as_str().as_bytes());
            continue;
        }
        let Some(name) = m.get(3) else {
            continue;
        };
        let name_bytes = name.as_str().as_bytes();
        if guard.take() == Some(name_bytes) {
            continue;
        }
        let rest_end = line_end(b, name.end());
        let mut key = name.as_str().to_string();
        let mut rest = &text[name.end()..rest_end];
        if rest.starts_with('(') {
            // Function-like: the body after the parameters.
            key.push_str("()");
            rest = match balanced_paren_end(b, name.end()) {
                Some(close) if close <= rest_end => &text[close..rest_end],
                _ => "\\",
            };
        }
        let body = if rest.trim_end().ends_with('\\') {
            None
        } else {
            let body = rest.split("//").next().unwrap_or("");
            let body = match (body.find("/*"), body.rfind("*/")) {
                (Some(s), Some(e)) if s < e => format!("{}{}", &body[..s], &body[e + 2..]),
                _ => body.to_string(),
            };
            Some(body.trim().to_string())
        };
        out.push((key, body));
    }
    out
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"#[ \t]*(define|ifndef|if|ifdef|include|endif|else|elif|undef|pragma)\b[ \t]*(!?)[ \t]*(?:defined[ \t]*\(?[ \t]*)?([A-Za-z_][A-Za-z0-9_]*)?")
        .expect("directive regex")
});

/// Words an annotation macro's body may hold besides attributes and other annotation macros.
const ANNOTATION_WORDS: &[&str] = &[
    "final",
    "override",
    "noexcept",
    "extern",
    "inline",
    "__inline",
    "__forceinline",
    "\"C\"",
];

/// The project's annotation macros: macros every `#define` of which (in all the scanned
/// sources, `defines` from [`object_macros`]) is empty or only attributes
/// (`__attribute__((..))`, `__declspec(..)`, `[[..]]`), `final`, `override`, `noexcept`,
/// `extern "C"`, calling conventions or other annotation macros: kopano's `KC_EXPORT`,
/// `KC_HIDDEN`, `KC_FINAL_OPG` and `KC_LIKE_PRINTF()` (function-like, named with `()`),
/// mfcmapi's `FUZZ_EXPORT`. The preprocessor would make them vanish; left in,
/// `class KC_EXPORT C KC_FINAL : public B` is a syntax error.
pub fn annotation_macros(defines: Vec<(String, Option<String>)>) -> Vec<String> {
    let mut bodies: std::collections::BTreeMap<String, Vec<Option<String>>> = Default::default();
    for (name, body) in defines {
        bodies.entry(name).or_default().push(body);
    }
    // A name defined both as an object-like and as a function-like macro is neither.
    let both: Vec<String> = bodies
        .keys()
        .filter(|k| !k.ends_with("()") && bodies.contains_key(&format!("{k}()")))
        .cloned()
        .collect();
    for k in both {
        bodies.insert(format!("{k}()"), vec![None]);
        bodies.insert(k, vec![None]);
    }
    let builtin =
        |w: &str| BUILTIN_WORDS.contains(&w) || ANNOTATION_WORDS.contains(&w) || SAL.is_match(w);
    // The words of each body once its attributes are cut out; `None`: not an annotation.
    let words: std::collections::BTreeMap<String, Option<Vec<String>>> = bodies
        .into_iter()
        .filter(|(name, _)| !BUILTIN_WORDS.contains(&name.as_str()))
        .map(|(name, defs)| {
            let mut all = Some(Vec::new());
            for d in defs {
                match (d.as_deref().and_then(attribute_free_words), &mut all) {
                    (Some(ws), Some(v)) => v.extend(ws.into_iter().filter(|w| !builtin(w))),
                    _ => all = None,
                }
            }
            (name, all)
        })
        .collect();
    // The greatest set whose bodies name only its own members.
    let mut set: std::collections::BTreeSet<&str> = words
        .iter()
        .filter(|(_, w)| w.is_some())
        .map(|(n, _)| n.as_str())
        .collect();
    loop {
        let out: Vec<&str> = set
            .iter()
            .copied()
            .filter(|n| {
                !words[*n]
                    .as_ref()
                    .is_some_and(|ws| ws.iter().all(|w| set.contains(w.as_str())))
            })
            .collect();
        if out.is_empty() {
            break;
        }
        for n in out {
            set.remove(n);
        }
    }
    set.into_iter().map(str::to_string).collect()
}

/// The words of a macro body without its `__attribute__((..))`, `__declspec(..)` and `[[..]]`,
/// or `None` when anything but words is left (`1`, `(x)`, `*`).
fn attribute_free_words(body: &str) -> Option<Vec<String>> {
    let b = body.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if b[i..].starts_with(b"[[") {
            i = find_from(b, i, b"]]")? + 2;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < b.len() && is_ident_byte(b[i]) {
                i += 1;
            }
            let w = &body[s..i];
            let called = next_non_space(b, i).is_some_and(|p| b[p] == b'(');
            if matches!(w, "__attribute__" | "__declspec" | "alignas") {
                i = balanced_paren_end(b, i)?;
            } else if called {
                // Another function-like macro, itself an annotation or not.
                words.push(format!("{w}()"));
                i = balanced_paren_end(b, i)?;
            } else {
                words.push(w.to_string());
            }
        } else if b[i..].starts_with(b"\"C\"") {
            words.push("\"C\"".to_string());
            i += 3;
        } else {
            return None;
        }
    }
    Some(words)
}

/// Pointer-to-member syntax tree-sitter's grammar cannot read: the class of `(C::*fn)` in a
/// declarator (group 1) and the `*` of `->*` (group 2). What remains is a function pointer
/// and a member access, which is all the analysis needs (such calls resolve to nothing).
static POINTER_TO_MEMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?-u:\s)*((?:[A-Za-z_][A-Za-z0-9_]*(?-u:\s)*::(?-u:\s)*)+)\*|->(\*)")
        .expect("pointer-to-member regex")
});

/// `new char*[n]`, `new (std::nothrow) wchar_t *[n]`: the `*` (group 1) of an array of
/// pointers, which tree-sitter's grammar cannot read after `new`.
static NEW_POINTER_ARRAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)new(?:[ \t]*\([^()]*\))?[ \t]*(?:const[ \t]+)?(?:[A-Za-z_][A-Za-z0-9_]*[ \t]*(?:::[ \t]*)?)+(\*+)[ \t]*\[")
        .expect("new array regex")
});

/// A type where a macro takes one as an argument, after the `(` or `,` before it: `struct X *`,
/// a built-in type, or `decltype(` before an expression.
static TYPE_ARGUMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[(,][ \t]*(?:(?:struct|union|enum)[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\**",
        r"|(?:const[ \t]+)?(?:unsigned[ \t]+|signed[ \t]+)?(?:char|short|int|long|float|double|bool|void)(?:[ \t]+(?:int|long))*[ \t]*\**",
        r"|decltype(?-u:\s)*\()",
    ))
    .expect("type argument regex")
});

/// Macros that take a type as an argument, besides upper-case ones (`SOAP_DELETE(p, struct
/// X)`, `MEMORY_USAGE_MAP(n, decltype(m))`).
const TYPE_TAKING: &[&[u8]] = &[b"va_arg", b"container_of", b"offsetof"];

/// Rewrites a whole argument that is a type, in a call of a macro that takes one (an upper-case
/// name, samba's `talloc*` family, `va_arg`, `container_of`, `offsetof`), into an expression
/// tree-sitter can read: `talloc_zero(ctx, struct PropertyRowSet_r)` -> `(ctx,
/// PropertyRowSet_r)`, `va_arg(v, char *)` -> `(v, 0)`, `decltype(m)` -> `(m)`. A function
/// declaration's `void f(struct X *, int)` is left alone.
fn read_type_arguments(text: &[u8], bytes: &mut [u8]) {
    let Ok(t) = std::str::from_utf8(text) else {
        return;
    };
    for whole in TYPE_ARGUMENT.find_iter(t) {
        // The pattern starts with the `(` or `,` before the argument.
        let open = whole.start();
        let ty_start = open
            + 1
            + text[open + 1..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
        let arg = &text[ty_start..whole.end()];
        let keyword = [&b"struct"[..], b"union", b"enum"]
            .iter()
            .find(|k| arg.starts_with(k))
            .map(|k| k.len());
        let decltype = arg.starts_with(b"decltype");
        let end = if decltype {
            balanced_paren_end(text, whole.end() - 1).unwrap_or(whole.end())
        } else {
            whole.end()
        };
        if !matches!(next_code(text, end), Some((_, b',' | b')'))) {
            continue;
        }
        // The callee: the name before the `(` that opens this argument list.
        let mut depth = 0usize;
        let mut paren = None;
        for i in (0..=open).rev().take(2048) {
            match text[i] {
                b')' | b']' | b'}' => depth += 1,
                b'(' | b'[' | b'{' if depth > 0 => depth -= 1,
                b'(' => {
                    paren = Some(i);
                    break;
                }
                b';' => break,
                _ => {}
            }
        }
        let Some(paren) = paren else {
            continue;
        };
        let callee = word_before(text, prev_code(text, paren).map_or(0, |(p, _)| p + 1)).1;
        let upper = callee
            .iter()
            .all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            && callee.iter().any(|b| b.is_ascii_uppercase());
        if !(upper || callee.starts_with(b"talloc") || TYPE_TAKING.contains(&callee)) {
            continue;
        }
        if let Some(k) = keyword {
            // `struct X *` -> `X`.
            blank(bytes, ty_start, ty_start + k);
            let name_end = ty_start + t[ty_start..end].trim_end_matches(['*', ' ', '\t']).len();
            blank(bytes, name_end, end);
        } else if decltype {
            blank(bytes, ty_start, ty_start + "decltype".len());
        } else {
            // A built-in type: a `0` in its place.
            blank(bytes, ty_start, end);
            bytes[ty_start] = b'0';
        }
    }
}

/// A default argument tree-sitter's grammar cannot read: of an unnamed pointer parameter
/// (`Logger * = nullptr`), or `= {}`.
static DEFAULT_ARG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*[ \t]+=[^=]|=[ \t]*\{[ \t]*\}").expect("default regex"));

/// Blanks the default arguments of [`DEFAULT_ARG`] (from the `=` to the `,` or `)` that ends
/// the parameter): `HRESULT Init(Logger * = nullptr);` has no other reading (`a * = b` is no
/// expression), and `= {}` is blanked only after a parameter declaration (a type and a name,
/// or a type with `<`, `*`, `&` or `::`), not in `f(c = {})`. Defaults change no lifecycle.
fn blank_unreadable_defaults(text: &[u8], bytes: &mut [u8]) {
    let Ok(t) = std::str::from_utf8(text) else {
        return;
    };
    if !t.contains('=') || !(t.contains("{}") || t.contains("{ }") || t.contains("* =")) {
        return;
    }
    for m in DEFAULT_ARG.find_iter(t) {
        let eq = m.start()
            + text[m.start()..]
                .iter()
                .position(|&c| c == b'=')
                .unwrap_or(0);
        // The end of the default: the `,` or `)` closing the parameter, at depth 0.
        let mut depth = 0usize;
        let mut end = None;
        for (i, &c) in text.iter().enumerate().skip(eq + 1).take(512) {
            match c {
                b'(' | b'{' | b'[' | b'<' => depth += 1,
                b')' | b'}' | b']' | b'>' if depth > 0 => depth -= 1,
                b',' | b')' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                b';' => break,
                _ => {}
            }
        }
        let Some(end) = end else {
            continue;
        };
        let braces = text[m.start()] == b'=';
        if braces {
            // The parameter's own text, back to the `(` or `,` before it.
            let from = text[..eq]
                .iter()
                .rposition(|&c| matches!(c, b'(' | b',' | b';' | b'{' | b'}'))
                .map_or(0, |p| p + 1);
            let param = &text[from..eq];
            let words = param
                .split(|&c| !is_ident_byte(c))
                .filter(|w| !w.is_empty())
                .count();
            let typed = words >= 2
                || param.iter().any(|c| matches!(c, b'<' | b'*' | b'&'))
                || param.windows(2).any(|w| w == b"::");
            let in_parameters = from > 0 && matches!(text[from - 1], b'(' | b',');
            if !in_parameters || !typed {
                continue;
            }
        }
        blank(bytes, eq, end);
    }
}

/// The text macros that only widen a literal (`_T("x")`): their argument is the literal.
const TEXT_MACROS: &[&[u8]] = &[b"_T", b"TEXT", b"_TEXT", b"__T", b"__TEXT"];

/// Words that may stand before a string literal without being a macro that expands to one.
const BEFORE_LITERAL: &[&[u8]] = &[
    b"return",
    b"case",
    b"throw",
    b"extern",
    b"else",
    b"do",
    b"operator",
    b"asm",
    b"__asm",
    b"__asm__",
    b"volatile",
    b"sizeof",
    b"co_return",
    b"co_yield",
    b"co_await",
];

/// Literals concatenated with macros, which tree-sitter cannot read: `"kopano " PROJECT_VERSION`,
/// `"user \"" TSTRING_PRINTF "\""`, `"%" PRIx64`, `_T("a") _T("b")`. A name right after a
/// literal (and not called), or right before one at the start of an operand, is blanked; a
/// text macro around a single literal (`_T("x")`, `TEXT("x")`) becomes the literal. Reads
/// `text`, writes `bytes` (the same length).
fn unwrap_concatenated_strings(text: &[u8], bytes: &mut [u8]) {
    let literals = string_literals(text);
    if literals.is_empty() {
        return;
    }
    // `_T("x")`: the name and the parentheses go.
    for &(s, e) in &literals {
        let Some((open, b'(')) = prev_code(text, s) else {
            continue;
        };
        let (name_start, name) = word_before(text, open);
        if TEXT_MACROS.contains(&name)
            && let Some((close, b')')) = next_code(text, e)
        {
            blank(bytes, name_start, open + 1);
            blank(bytes, close, close + 1);
        }
    }
    for &(s, e) in &literals {
        // `extern "C" int f();`: a linkage, not a literal.
        let linkage =
            word_before(text, prev_code(text, s).map_or(0, |(p, _)| p + 1)).1 == b"extern";
        // A name after the literal, not called and not a prefix of the next literal.
        if let Some((at, c)) = next_code(text, e)
            && (c.is_ascii_alphabetic() || c == b'_')
            && !linkage
        {
            let end = at + text[at..].iter().take_while(|&&b| is_ident_byte(b)).count();
            let glued = matches!(text.get(end), Some(b'"' | b'\''));
            let called = matches!(next_code(text, end), Some((_, b'(')));
            let operator = matches!(
                &text[at..end],
                b"and"
                    | b"or"
                    | b"xor"
                    | b"bitand"
                    | b"bitor"
                    | b"not_eq"
                    | b"and_eq"
                    | b"or_eq"
                    | b"xor_eq"
            );
            if !glued && !called && !operator && !BEFORE_LITERAL.contains(&&text[at..end]) {
                blank(bytes, at, end);
            }
        }
        // A name before the literal, itself after an operator or an opening bracket.
        if let Some((last, c)) = prev_code(text, s)
            && is_ident_byte(c)
            && !matches!(text.get(last + 1), Some(b'"'))
        {
            let (start, word) = word_before(text, last + 1);
            let operand = match prev_code(text, start) {
                None => false,
                Some((p, c)) => {
                    matches!(
                        c,
                        b'(' | b',' | b'=' | b'+' | b'?' | b':' | b'{' | b'[' | b'<'
                    ) || word_before(text, p + 1).1 == b"return"
                }
            };
            if operand && !word[0].is_ascii_digit() && !BEFORE_LITERAL.contains(&word) {
                blank(bytes, start, last + 1);
            }
        }
    }
}

/// The last byte of code before `i` past spaces (not comments), with its index.
fn prev_code(b: &[u8], i: usize) -> Option<(usize, u8)> {
    let p = b[..i].iter().rposition(|c| !c.is_ascii_whitespace())?;
    Some((p, b[p]))
}

/// The identifier ending at `end` (exclusive): its start and bytes (empty when none).
fn word_before(b: &[u8], end: usize) -> (usize, &[u8]) {
    let start = end
        - b[..end]
            .iter()
            .rev()
            .take_while(|&&c| is_ident_byte(c))
            .count();
    (start, &b[start..end])
}

/// The string literals of `b` (prefix included, `L"x"`, `u8"x"`, `R"(x)"`), outside comments,
/// character literals and directives.
fn string_literals(b: &[u8]) -> Vec<(usize, usize)> {
    static STOPS: [bool; 256] = {
        let mut t = [false; 256];
        t[b'/' as usize] = true;
        t[b'\'' as usize] = true;
        t[b'#' as usize] = true;
        t[b'"' as usize] = true;
        t
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i..].iter().position(|&c| STOPS[c as usize]) {
            Some(p) => i += p,
            None => break,
        }
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => i = line_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => i = comment_end(b, i),
            b'#' if b[..i]
                .iter()
                .rev()
                .take_while(|&&x| x != b'\n')
                .all(|x| x.is_ascii_whitespace()) =>
            {
                i = directive_end(b, i);
            }
            b'\'' if i > 0 && b[i - 1].is_ascii_alphanumeric() && !char_prefix(b, i) => i += 1,
            b'\'' => i = literal_end(b, i),
            b'"' => {
                let end = literal_end(b, i);
                let (start, prefix) = word_before(b, i);
                let start = if matches!(
                    prefix,
                    b"L" | b"u" | b"U" | b"u8" | b"R" | b"LR" | b"uR" | b"UR" | b"u8R"
                ) {
                    start
                } else {
                    i
                };
                out.push((start, end));
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// An upper-case name and `(` starting a line: a candidate for [`blank_bare_macros`].
static BARE_MACRO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*[A-Z_][A-Z0-9_]*[ \t]*\(").expect("bare macro regex"));

/// Blanks an upper-case macro invoked on a line of its own with no `;` after it, where only
/// declarations or data can be: at namespace scope, in a class body, in an initializer or an
/// enum. Such a macro expands to declarations or table rows (MFC's `DECLARE_MESSAGE_MAP()`,
/// ATL's `COM_INTERFACE_ENTRY(I)`, kopano's `PROPMAP_DEF_NAMED_ID(name)` and `IID_OF(I)`,
/// `DEFINE_ENUM_FLAG_OPERATORS(T)`, `ERROR_ENTRY(E)` rows), which tree-sitter cannot read
/// without the `;` the macro supplies: a class body holding one became an ERROR up to the end
/// of the file. In a function body the same line may be a statement macro (`CHK(hr)` whose
/// `#define` ends in `;`), so it is left alone there. The invocation must follow a `;`, `{`,
/// `}`, `:`, `,` or another such line, and be followed by a name, `}`, `#`, `~`, `[` or the
/// end of the file, not by `{` (a function body) or an operator.
fn blank_bare_macros(bytes: &mut [u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    // The checks that look only around the invocation first: in function bodies most such
    // lines end with `;` and never need the scan.
    let candidates: Vec<(usize, usize)> = BARE_MACRO
        .find_iter(text)
        .filter_map(|m| {
            let start = m.start()
                + bytes[m.start()..]
                    .iter()
                    .take_while(|c| c.is_ascii_whitespace())
                    .count();
            let close = balanced_paren_end(bytes, m.end() - 1)?;
            let next = next_code(bytes, close);
            let alone = next.is_none_or(|(at, _)| bytes[close..at].contains(&b'\n'));
            let ends_declarations = match next {
                None => true,
                Some((_, c)) => {
                    c.is_ascii_alphabetic() || matches!(c, b'_' | b'}' | b'#' | b'~' | b'[')
                }
            };
            (alone && ends_declarations).then_some((start, close))
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    let mut blanks = Vec::new();
    let mut scan = Scanner::new(bytes);
    for (start, close) in candidates {
        if scan.advance_to(start)
            && !scan.confused
            && scan.context() != Scope::Code
            && matches!(
                scan.last,
                None | Some(b';' | b'{' | b'}' | b':' | b')' | b',')
            )
        {
            blanks.push((start, close));
        }
    }
    for (s, e) in blanks {
        blank(bytes, s, e);
    }
}

/// The first byte of code at or after `i` past spaces and comments, with its index.
fn next_code(bytes: &[u8], mut i: usize) -> Option<(usize, u8)> {
    while i < bytes.len() {
        match bytes[i] {
            b if b.is_ascii_whitespace() => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = comment_end(bytes, i),
            b => return Some((i, b)),
        }
    }
    None
}

/// The index of the `\n` ending the line that holds `i` (or the end of the text).
fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&x| x == b'\n')
        .map_or(bytes.len(), |p| i + p)
}

/// The index just after the `/* .. */` comment starting at `i`.
fn comment_end(bytes: &[u8], i: usize) -> usize {
    find_from(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2)
}

fn find_from(bytes: &[u8], i: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(i..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| i + p)
}

/// What a brace holds, as far as a text scan can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Namespace scope, `extern "C" { .. }` or the file itself.
    Namespace,
    Class,
    /// An initializer (`= { .. }`) or an enum body.
    Data,
    /// Function bodies and statements.
    Code,
}

/// The bytes at which [`Scanner`] stops: all others are plain code or spaces.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    let s = b"/\"'#{};";
    while i < s.len() {
        t[s[i] as usize] = true;
        i += 1;
    }
    t
};

/// A forward scan of C/C++ text that skips comments, literals and preprocessor lines and keeps
/// the stack of braces with what each holds.
struct Scanner<'b> {
    b: &'b [u8],
    i: usize,
    stack: Vec<Scope>,
    /// Where the code since the last `;`, `{` or `}` starts (what a `{` opens is read there).
    head: usize,
    /// The last byte of code seen.
    last: Option<u8>,
    /// A `}` closed more braces than were open (`#if` branches each opening one): the scopes
    /// are no longer known.
    confused: bool,
}

impl<'b> Scanner<'b> {
    fn new(b: &'b [u8]) -> Scanner<'b> {
        Scanner {
            b,
            i: 0,
            stack: Vec::new(),
            head: 0,
            last: None,
            confused: false,
        }
    }

    fn context(&self) -> Scope {
        self.stack.last().copied().unwrap_or(Scope::Namespace)
    }

    /// Scans up to `target`; false when `target` is inside a comment, literal or
    /// preprocessor line.
    fn advance_to(&mut self, target: usize) -> bool {
        let b = self.b;
        while self.i < target {
            // Plain code and spaces up to the next special byte.
            let run = self.i;
            let end = b[run..target]
                .iter()
                .position(|&c| SPECIAL[c as usize])
                .map_or(target, |p| run + p);
            if let Some(&c) = b[run..end].iter().rev().find(|c| !c.is_ascii_whitespace()) {
                self.last = Some(c);
            }
            self.i = end;
            if end < target {
                self.special();
            }
        }
        self.i == target
    }

    /// Steps over the special byte at the scan's position.
    fn special(&mut self) {
        let b = self.b;
        let i = self.i;
        let c = b[i];
        let next = b.get(i + 1).copied();
        match c {
            b'/' if next == Some(b'/') => self.i = line_end(b, i),
            b'/' if next == Some(b'*') => self.i = comment_end(b, i),
            b'#' if b[..i]
                .iter()
                .rev()
                .take_while(|&&x| x != b'\n')
                .all(|x| x.is_ascii_whitespace()) =>
            {
                self.i = directive_end(b, i);
            }
            // A digit separator (`1'000`), not a character literal.
            b'\'' if i > 0 && b[i - 1].is_ascii_alphanumeric() && !char_prefix(b, i) => {
                self.i += 1;
            }
            b'"' | b'\'' => {
                self.i = literal_end(b, i);
                self.last = Some(c);
            }
            b'{' => {
                let scope = self.opened();
                self.stack.push(scope);
                self.open_head(c);
            }
            b'}' => {
                if self.stack.pop().is_none() {
                    self.confused = true;
                }
                self.open_head(c);
            }
            b';' => self.open_head(c),
            _ => {
                self.last = Some(c);
                self.i += 1;
            }
        }
    }

    fn open_head(&mut self, c: u8) {
        self.last = Some(c);
        self.i += 1;
        self.head = self.i;
    }

    /// What the `{` at the scan's position opens, from the code before it (its last 1 KiB,
    /// comments, literals and directives left out).
    fn opened(&self) -> Scope {
        let b = self.b;
        let from = self.head.max(self.i.saturating_sub(1024));
        let mut h = Vec::with_capacity(self.i - from);
        let mut j = from;
        while j < self.i {
            match b[j] {
                b'/' if b.get(j + 1) == Some(&b'/') => j = line_end(b, j),
                b'/' if b.get(j + 1) == Some(&b'*') => j = comment_end(b, j),
                b'#' => j = directive_end(b, j),
                b'"' => {
                    // Kept as an empty literal: `extern "C"` must still read as one.
                    let end = literal_end(b, j);
                    h.extend_from_slice(if &b[j..end.min(b.len())] == b"\"C\"" {
                        b"\"C\""
                    } else {
                        b"\"\""
                    });
                    j = end;
                }
                c if c.is_ascii_whitespace() => {
                    if h.last().is_some_and(|&x| x != b' ') {
                        h.push(b' ');
                    }
                    j += 1;
                }
                c => {
                    h.push(c);
                    j += 1;
                }
            }
        }
        let h = h.trim_ascii_end();
        let word = |w: &[u8]| {
            h.windows(w.len()).enumerate().any(|(i, x)| {
                x == w
                    && (i == 0 || !is_ident_byte(h[i - 1]))
                    && h.get(i + w.len()).is_none_or(|&n| !is_ident_byte(n))
            })
        };
        if (self.context() == Scope::Data && (h.is_empty() || h.ends_with(b",")))
            || h.ends_with(b"=")
        {
            Scope::Data
        } else if word(b"namespace") || h.windows(10).any(|x| x == b"extern \"C\"") {
            Scope::Namespace
        } else if word(b"enum") {
            Scope::Data
        } else if (word(b"class") || word(b"struct") || word(b"union")) && !h.contains(&b'(') {
            Scope::Class
        } else {
            Scope::Code
        }
    }
}

/// The end of the preprocessor directive starting at `i`: its line, with `\` continuations.
fn directive_end(b: &[u8], i: usize) -> usize {
    let mut end = line_end(b, i);
    while end < b.len() && b[i..end].trim_ascii_end().ends_with(b"\\") {
        end = line_end(b, end + 1);
    }
    end
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Is the `'` or `"` at `i` preceded by an encoding prefix (`L'x'`, `u8"x"`)?
fn char_prefix(b: &[u8], i: usize) -> bool {
    let mut s = i;
    while s > 0 && is_ident_byte(b[s - 1]) {
        s -= 1;
    }
    matches!(&b[s..i], b"L" | b"u" | b"U" | b"u8")
}

/// The index just after the string or character literal starting at `i` (a raw string
/// `R"d( .. )d"` when an `R` prefix precedes it); an unterminated one ends at its line.
fn literal_end(b: &[u8], i: usize) -> usize {
    let quote = b[i];
    let raw = quote == b'"'
        && i > 0
        && b[i - 1] == b'R'
        && (i < 2 || !is_ident_byte(b[i - 2]) || char_prefix(b, i - 1));
    if raw && let Some(open) = b[i + 1..].iter().take(17).position(|&x| x == b'(') {
        let mut close = vec![b')'];
        close.extend_from_slice(&b[i + 1..i + 1 + open]);
        close.push(b'"');
        return find_from(b, i + 2 + open, &close).map_or(b.len(), |e| e + close.len());
    }
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'\n' => return j,
            x if x == quote => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

fn blank(bytes: &mut [u8], start: usize, end: usize) {
    let mut i = start;
    while i < end.min(bytes.len()) {
        if bytes[i] != b'\n' && bytes[i] != b'\r' {
            // Multi-byte characters are blanked byte by byte (all bytes become spaces).
            bytes[i] = b' ';
        }
        i += 1;
    }
}

fn next_non_space(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() {
        if !bytes[i].is_ascii_whitespace() {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Given the index of a `(`, returns the index just after its matching `)`.
fn balanced_paren_end(bytes: &[u8], open: usize) -> Option<usize> {
    let open = next_non_space(bytes, open)?;
    if bytes[open] != b'(' {
        return None;
    }
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'\n' if depth > 8 => return None,
            _ => {}
        }
        if i - open > 4096 {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        let out = Neutraliser::new(&["MYPROJECT_API".to_string()]).apply(s);
        assert_eq!(out.len(), s.len());
        out
    }

    #[test]
    fn sal_and_conventions_vanish() {
        assert_eq!(
            n("HRESULT WINAPI Foo(_In_ LPVOID p, _Out_writes_(n) int* q)"),
            "HRESULT        Foo(     LPVOID p,                 int* q)"
        );
        assert_eq!(
            n("__declspec(dllexport) void f();"),
            "                      void f();"
        );
        assert_eq!(n("MYPROJECT_API int g();"), "              int g();");
        assert_eq!(
            n("JNIEXPORT jstring JNICALL Java_Q_f(JNIEnv *e)"),
            "          jstring         Java_Q_f(JNIEnv *e)"
        );
        assert_eq!(
            n("_PUBLIC_ enum MAPISTATUS Logoff(void)"),
            "         enum MAPISTATUS Logoff(void)"
        );
        assert_eq!(
            n("_NODISCARD bool empty() const;"),
            "           bool empty() const;"
        );
    }

    #[test]
    fn the_shared_builtin_neutraliser_is_built_once_and_is_new_without_extras() {
        let shared = Neutraliser::builtin();
        assert!(std::ptr::eq(shared, Neutraliser::builtin()));
        let s = "STDMETHODIMP_(ULONG) WINAPI C::AddRef(_In_ int x) { MYPROJECT_API; }";
        assert_eq!(shared.apply(s), Neutraliser::new(&[]).apply(s));
        assert!(shared.apply(s).contains("MYPROJECT_API"));
    }

    #[test]
    fn type_wrappers_keep_the_type() {
        assert_eq!(
            n("STDMETHODIMP_(ULONG) C::AddRef()"),
            "              ULONG  C::AddRef()"
        );
        assert_eq!(
            n("STDMETHOD_(ULONG, AddRef)(THIS)"),
            "           ULONG  AddRef (    )"
        );
        assert_eq!(
            n("STDMETHOD(Logoff)(THIS_ ULONG a)"),
            "HRESULT   Logoff (      ULONG a)"
        );
    }

    #[test]
    fn mfc_and_mapi_declaration_macros() {
        assert_eq!(
            n("static const SizedSPropTagArray(2, tags) = {2};"),
            "static const int                   tags  = {2};"
        );
        assert_eq!(
            n("static SizedSPropTagArray2(NUMCOLS, cols) = {{NUMCOLS, {PR_ENTRYID}}};"),
            "static int                          cols  = {{NUMCOLS, {PR_ENTRYID}}};"
        );
        assert_eq!(
            n("interface IX : public IUnknown {"),
            "struct    IX : public IUnknown {"
        );
        let map = "BEGIN_MESSAGE_MAP(C, B)\n ON_COMMAND(1, f)\nEND_MESSAGE_MAP()\nvoid g();";
        assert_eq!(
            n(map),
            "                       \n                 \n                 \nvoid g();"
        );
    }

    #[test]
    fn project_annotation_macros_from_their_defines() {
        let zcdefs = "#ifndef ZCDEFS_H\n#define ZCDEFS_H 1\n#ifdef _WIN32\n#\tdefine KC_EXPORT\n#else\n#\tdefine KC_EXPORT __attribute__((visibility(\"default\")))\n#endif\n#define KC_EXPORT_DYCAST KC_EXPORT\n#define KC_FINAL final // sealed\n#define KC_FINAL_OPG\n#define FUZZ_EXPORT extern \"C\" __declspec(dllexport)\n#define NORETURN [[noreturn]]\n#define MAX_ROWS 50\n#define PS const_cast<GUID *>\n#define TWICE\n#define TWICE(x) x x\n#define LONG_ONE \\\n  int\n";
        let mut found = annotation_macros(object_macros(zcdefs));
        found.sort();
        assert_eq!(
            found,
            [
                "FUZZ_EXPORT",
                "KC_EXPORT",
                "KC_EXPORT_DYCAST",
                "KC_FINAL",
                "KC_FINAL_OPG",
                "NORETURN"
            ]
        );
        // `#define ZCDEFS_H 1` is a value; a plain include guard is left out, as is a name
        // also defined with a value in another file.
        let mut guard = object_macros("#ifndef A_H\n#define A_H\n#endif\n");
        assert!(annotation_macros(guard.clone()).is_empty());
        guard.extend(object_macros("#define KC_HIDDEN\n"));
        guard.extend(object_macros("#define KC_HIDDEN 0\n"));
        assert!(annotation_macros(guard).is_empty());

        let n = Neutraliser::with_annotations(&[], &found);
        let apply = |s: &str| n.apply(s).split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            apply("class KC_EXPORT_DYCAST ECLogger_File KC_FINAL : public ECLogger {"),
            "class ECLogger_File : public ECLogger {"
        );
        assert_eq!(
            apply("extern KC_EXPORT HRESULT f(int);"),
            "extern HRESULT f(int);"
        );
        assert_eq!(apply("class C KC_FINAL_OPG {"), "class C {");
        assert_eq!(apply("void f() KC_FINAL;"), "void f() ;");
        let printf = "#define KC_LIKE_PRINTF(fmt, va) __attribute__((format(printf, fmt, va)))\n#ifdef _WIN32\n#define KC_LIKE_PRINTF(_fmt, _va)\n#endif\n#define KC_UNUSED(x) (void)x\n#define LIKE(a, b) KC_LIKE_PRINTF(a, b)\n";
        let mut calls = annotation_macros(object_macros(printf));
        calls.sort();
        assert_eq!(calls, ["KC_LIKE_PRINTF()", "LIKE()"]);
        let n = Neutraliser::with_annotations(&[], &calls);
        let apply = |s: &str| n.apply(s).split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            apply("virtual void logf(int l, const char *f, ...) override KC_LIKE_PRINTF(3, 4);"),
            "virtual void logf(int l, const char *f, ...) override ;"
        );
        assert_eq!(
            apply("x = KC_LIKE_PRINTF(1, 2);"),
            "x = KC_LIKE_PRINTF(1, 2);"
        );
        // Not in a directive, nor where the name is used as a value.
        for s in [
            "#ifdef KC_EXPORT",
            "#define KC_EXPORT_DYCAST KC_EXPORT",
            "int v[] = { KC_FINAL_OPG, 1 };",
        ] {
            assert_eq!(n.apply(s), s);
        }
    }

    #[test]
    fn extern_c_braces_under_cplusplus_guards() {
        let h = "#ifdef __cplusplus\nextern \"C\" {\n#endif /* __cplusplus */\n\nint f(void);\n\n#ifdef __cplusplus\n}\n#endif\n";
        let blanked = h
            .replace("extern \"C\" {", "            ")
            .replace("\n}\n", "\n \n");
        assert_eq!(n(h), blanked);
        // An opening brace whose closing one is not guarded the same way is left alone.
        let half = "#if defined(__cplusplus)\nextern \"C\" {\n#endif\nint f(void);\n}\n";
        assert_eq!(n(half), half);
    }

    #[test]
    fn bare_macros_where_only_declarations_or_data_can_be() {
        // Class bodies, namespace scope, initializers: blanked.
        let class = "class C : public CDialog {\npublic:\n\tint x;\n\tDECLARE_MESSAGE_MAP()\n\tPROPMAP_DEF_NAMED_ID(APPT_START) // named\n};\n";
        let mut blanked = class.to_string();
        for m in ["DECLARE_MESSAGE_MAP()", "PROPMAP_DEF_NAMED_ID(APPT_START)"] {
            blanked = blanked.replace(m, &" ".repeat(m.len()));
        }
        assert_eq!(n(class), blanked);
        let atl =
            "class A {\nBEGIN_COM_MAP(A)\n  COM_INTERFACE_ENTRY(IDispatch)\nEND_COM_MAP()\n};";
        assert_eq!(
            n(atl).split_whitespace().collect::<Vec<_>>(),
            ["class", "A", "{", "};"]
        );
        let top = "namespace n {\nDEFINE_ENUM_FLAG_OPERATORS(F)\nIID_OF(IUnknown)\n}\nvoid f();";
        assert_eq!(
            n(top).split_whitespace().collect::<Vec<_>>(),
            ["namespace", "n", "{", "}", "void", "f();"]
        );
        let table = "static E e[] = {\n\tERROR_ENTRY(S_OK)\n\tERROR_ENTRY(E_FAIL)\n};";
        assert_eq!(
            n(table).split_whitespace().collect::<Vec<_>>(),
            ["static", "E", "e[]", "=", "{", "};"]
        );
        // A statement macro in a function body, a macro that opens a body, one followed by
        // `;` or by an operator, and one in a comment, a literal or a `#define`: untouched.
        for s in [
            "void f() {\n\tCHK(hr)\n\tg();\n}",
            "class C {\n\tvoid m() {\n\t\tCHK(hr)\n\t}\n};",
            "BEGIN_FUNC(F)\n{\n}",
            "class C {\n\tDECLARE_X(y);\n};",
            "int x =\nVALUE(2)\n+ 1;",
            "/*\nFOO(x)\n*/ int a;",
            "const char* s = \"a\\\nFOO(x)\n\";",
            "#define M(x) \\\n\tFOO(x) \\\n\tBAR\nint y;",
        ] {
            assert_eq!(n(s), s);
        }
    }

    #[test]
    fn ordinary_code_is_untouched() {
        let s = "int _In = 1; Init(); INOUT(x); f(\"a\", B); return \"x\"; extern \"C\" int g();";
        assert_eq!(n(s), s);
        let s = "s = L\"a\" u8\"b\"; c = '\"'; x = 1'000; // \"a\" B\n#define V \"a\" B\n";
        assert_eq!(n(s), s);
    }

    #[test]
    fn pointers_to_members_and_arrays_of_pointers() {
        let words = |s: &str| n(s).split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            words("typedef HRESULT (CFolderDlg::*LPMULTI)(int); bool (ns::C::*f)(int);"),
            "typedef HRESULT ( *LPMULTI)(int); bool ( *f)(int);"
        );
        assert_eq!(
            words("hr = (this->*fn)(u); g(&(o->*m));"),
            "hr = (this-> fn)(u); g(&(o-> m));"
        );
        assert_eq!(
            words(
                "x = new char*[n+1]; y = new(std::nothrow) wchar_t *[c]; z = new const char *[m];"
            ),
            "x = new char [n+1]; y = new(std::nothrow) wchar_t [c]; z = new const char [m];"
        );
        for s in [
            "p = &C::m; a = b * c[1]; q = new T[n]; r = new T(*p);",
            "x = a->b * c;",
        ] {
            assert_eq!(n(s), s);
        }
    }

    #[test]
    fn types_given_to_macros_read_as_expressions() {
        let words = |s: &str| n(s).split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            words(
                "s = talloc_zero(mem_ctx, struct PropertyRowSet_r); a = talloc_array(c, struct SPropValue *, 2);"
            ),
            "s = talloc_zero(mem_ctx, PropertyRowSet_r); a = talloc_array(c, SPropValue , 2);"
        );
        assert_eq!(words("e = va_arg(v, char *);"), "e = va_arg(v, 0 );");
        assert_eq!(
            words(
                "SOAP_DELETE(nullptr, *a, struct searchCriteria); u = MEMORY_USAGE_MAP(n, decltype(m));"
            ),
            "SOAP_DELETE(nullptr, *a, searchCriteria); u = MEMORY_USAGE_MAP(n, (m));"
        );
        for s in [
            "void g(struct X *, int);",
            "int f(char *p, unsigned long n);",
            "x = sizeof(struct X);",
            "(void)f(x);",
        ] {
            assert_eq!(n(s), s);
        }
    }

    #[test]
    fn default_arguments_the_grammar_cannot_read() {
        let words = |s: &str| n(s).split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            words("HRESULT f(Logger * = nullptr, const R * = NULL);"),
            "HRESULT f(Logger * , const R * );"
        );
        assert_eq!(
            words("DWORD r(HKEY k, DWORD d = {}); void h(std::shared_ptr<C> = {});"),
            "DWORD r(HKEY k, DWORD d ); void h(std::shared_ptr<C> );"
        );
        for s in [
            "x = y * z; a *= 2; b = {};",
            "f(c = {});",
            "g(int x = 0, char *p = nullptr);",
        ] {
            assert_eq!(n(s), s);
        }
    }

    #[test]
    fn literals_concatenated_with_macros() {
        let words = |s: &str| n(s).split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            words("cout << \"kopano-admin \" PROJECT_VERSION << endl;"),
            "cout << \"kopano-admin \" << endl;"
        );
        assert_eq!(
            words("logf(1, \"user \\\"\" TSTRING_PRINTF \"\\\".\", u);"),
            "logf(1, \"user \\\"\" \"\\\".\", u);"
        );
        assert_eq!(
            words("printf(\"%\" PRIx64 \"\\n\", x);"),
            "printf(\"%\" \"\\n\", x);"
        );
        assert_eq!(words("q = DB_TABLE \" WHERE\";"), "q = \" WHERE\";");
        assert_eq!(words("x = _T(\"a\") _T(\"b\");"), "x = \"a\" \"b\" ;");
        assert_eq!(
            words("MessageBox(NULL, TEXT(\"x\"), _T(\"y\"), 0);"),
            "MessageBox(NULL, \"x\" , \"y\" , 0);"
        );
        // A macro called after a literal is a call, not a literal.
        assert_eq!(words("f(\"a\" G(1));"), "f(\"a\" G(1));");
    }
}
