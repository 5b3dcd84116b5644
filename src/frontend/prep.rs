//! Neutralises Windows annotation and calling-convention macros before tree-sitter parses a
//! file. Every rewrite keeps the byte length and the newlines, so offsets and line numbers in
//! the rewritten text are those of the file.
//!
//! Three families:
//! - words that vanish (`WINAPI`, `__stdcall`, SAL annotations such as `_In_` or `__out`),
//!   with their parenthesised argument when they take one (`_Out_writes_(n)`, `__declspec(..)`);
//! - type wrappers that keep their argument (`STDMETHODIMP_(ULONG)` -> `ULONG`,
//!   `STDMETHOD_(ULONG, AddRef)` -> `ULONG AddRef`);
//! - declarators that need a type (`STDMETHOD(Name)` -> `HRESULT Name`).

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
            enabled: true,
        }
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
        // Only ASCII bytes were written over whole tokens, so the text stays valid UTF-8.
        String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
    }
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
    fn ordinary_code_is_untouched() {
        let s = "_T(\"x\"); int _In = 1; Init(); INOUT(x);";
        assert_eq!(n(s), s);
    }
}
