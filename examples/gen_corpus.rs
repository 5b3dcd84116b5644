//! Writes a deterministic synthetic corpus of MAPI-client sources (C++ and Rust) for the
//! benchmark in `bench/compare.sh`.
//!
//! Usage: `cargo run --release --example gen_corpus -- OUT_DIR LINES`
//!
//! About 80% of the files are plain C++ utility code with no MAPI call at all, about 10% are
//! Rust (a few of them using the `outlook_mapi` crate), and the rest are MAPI clients: whole
//! init/logon/advise/shutdown flows in one function, and classes split over a header and a
//! `.cpp` that advise in one method and unadvise in another. One MAPI unit in 50 carries a
//! deliberate shutdown bug so the lint has something to report. Files are 100-600 lines.
//!
//! The output depends only on LINES: a fixed-seed xorshift generator, no clock, no hashing,
//! files written in a fixed order. The same (OUT_DIR, LINES) gives byte-identical files.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

const NOUNS: &[&str] = &[
    "Buffer",
    "Config",
    "Path",
    "Token",
    "Record",
    "Entry",
    "Folder",
    "Message",
    "Queue",
    "Cache",
    "Parser",
    "Writer",
    "Reader",
    "Table",
    "Column",
    "Row",
    "Range",
    "Filter",
    "Index",
    "Stream",
    "Header",
    "Field",
    "Option",
    "Profile",
    "Account",
    "Item",
    "Attachment",
    "Recipient",
    "Schedule",
    "Timer",
    "Window",
    "Status",
    "Report",
    "Counter",
    "Node",
    "Key",
    "Value",
    "Span",
    "Chunk",
    "Block",
    "Address",
    "Contact",
    "Calendar",
    "Rule",
    "Store",
    "Batch",
    "Journal",
];
const VERBS: &[&str] = &[
    "Load",
    "Save",
    "Parse",
    "Format",
    "Find",
    "Update",
    "Reset",
    "Compute",
    "Merge",
    "Split",
    "Trim",
    "Encode",
    "Decode",
    "Validate",
    "Normalize",
    "Collect",
    "Flush",
    "Sort",
    "Count",
    "Build",
    "Apply",
    "Scan",
    "Read",
    "Write",
    "Copy",
    "Resolve",
    "Render",
    "Export",
    "Import",
];
const ADJS: &[&str] = &[
    "Fast", "Safe", "Local", "Remote", "Shared", "Cached", "Pending", "Default", "Raw", "Lazy",
    "Sorted", "Wide", "Short", "Global", "Inner", "Outer", "Plain", "Secure", "Legacy",
];
const WORDS: &[&str] = &[
    "inbox",
    "outbox",
    "sent items",
    "drafts",
    "calendar",
    "contacts",
    "tasks",
    "notes",
    "journal",
    "deleted items",
    "junk",
    "archive",
    "subject",
    "sender",
    "priority",
    "importance",
    "utf-8",
    "quoted-printable",
    "base64",
    "text/plain",
    "text/html",
    "X-Mailer",
    "Reply-To",
];
const TOP_DIRS: &[&str] = &["client", "common", "addin", "tools", "sync", "ui"];
const SUB_DIRS: &[&str] = &[
    "core", "util", "net", "store", "format", "config", "io", "model", "view", "jobs",
];

fn ident(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(VERBS), rng.pick(NOUNS))
}

fn snake(name: &str) -> String {
    let mut s = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                s.push('_');
            }
            s.push(c.to_ascii_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

fn lines_of(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

fn pad(depth: usize) -> String {
    "    ".repeat(depth)
}

// ---------------------------------------------------------------------------------------------
// Plain C++
// ---------------------------------------------------------------------------------------------

/// One C++ statement (possibly compound) at `depth`, using the locals `text`, `values`,
/// `total`, `count` that every generated function body declares.
fn cpp_stmt(rng: &mut Rng, out: &mut String, depth: usize, nest: usize) {
    let p = pad(depth);
    let k = rng.range(2, 97);
    let kind = if nest >= 3 {
        rng.below(7)
    } else {
        rng.below(13)
    };
    match kind {
        0 => writeln!(out, "{p}total += static_cast<int>(text.size()) * {k};").unwrap(),
        1 => writeln!(out, "{p}values.push_back(total % {k});").unwrap(),
        2 => writeln!(out, "{p}text.append(\"{}\");", rng.pick(WORDS)).unwrap(),
        3 => writeln!(out, "{p}LOG_DEBUG(\"{}: %d\", total);", snake(&ident(rng))).unwrap(),
        4 => writeln!(out, "{p}count = (count + {k}) % MAX_ITEMS;").unwrap(),
        5 => {
            writeln!(out, "{p}if (!text.empty() && text[0] == '{}')", (b'a' + (k % 26) as u8) as char).unwrap();
            writeln!(out, "{p}    text.erase(0, 1);").unwrap();
        }
        6 => writeln!(
            out,
            "{p}std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {{ return static_cast<char>(std::tolower(c)); }});"
        )
        .unwrap(),
        7 => {
            writeln!(out, "{p}if (total > {k})").unwrap();
            writeln!(out, "{p}{{").unwrap();
            for _ in 0..rng.range(1, 3) {
                cpp_stmt(rng, out, depth + 1, nest + 1);
            }
            writeln!(out, "{p}}}").unwrap();
            if rng.chance(50) {
                writeln!(out, "{p}else").unwrap();
                writeln!(out, "{p}{{").unwrap();
                for _ in 0..rng.range(1, 2) {
                    cpp_stmt(rng, out, depth + 1, nest + 1);
                }
                writeln!(out, "{p}}}").unwrap();
            }
        }
        8 => {
            let i = ["i", "j", "k", "m"][nest.min(3)];
            writeln!(out, "{p}for (size_t {i} = 0; {i} < values.size(); ++{i})").unwrap();
            writeln!(out, "{p}{{").unwrap();
            writeln!(out, "{p}    total += values[{i}];").unwrap();
            for _ in 0..rng.range(0, 2) {
                cpp_stmt(rng, out, depth + 1, nest + 1);
            }
            writeln!(out, "{p}}}").unwrap();
        }
        9 => {
            writeln!(out, "{p}while (count > 0)").unwrap();
            writeln!(out, "{p}{{").unwrap();
            writeln!(out, "{p}    --count;").unwrap();
            for _ in 0..rng.range(1, 2) {
                cpp_stmt(rng, out, depth + 1, nest + 1);
            }
            writeln!(out, "{p}}}").unwrap();
        }
        10 => {
            writeln!(out, "{p}switch (total % 4)").unwrap();
            writeln!(out, "{p}{{").unwrap();
            for case in 0..rng.range(2, 3) {
                writeln!(out, "{p}case {case}:").unwrap();
                cpp_stmt(rng, out, depth + 1, nest + 1);
                writeln!(out, "{p}    break;").unwrap();
            }
            writeln!(out, "{p}default:").unwrap();
            writeln!(out, "{p}    break;").unwrap();
            writeln!(out, "{p}}}").unwrap();
        }
        11 => {
            writeln!(out, "{p}{{").unwrap();
            writeln!(out, "{p}    const std::string::size_type pos = text.find(\"{}\");", rng.pick(WORDS)).unwrap();
            writeln!(out, "{p}    if (pos != std::string::npos)").unwrap();
            writeln!(out, "{p}        text = text.substr(0, pos) + text.substr(pos + 1);").unwrap();
            writeln!(out, "{p}}}").unwrap();
        }
        _ => {
            writeln!(out, "{p}for (const auto& v : values)").unwrap();
            writeln!(out, "{p}{{").unwrap();
            writeln!(out, "{p}    if (v < 0) continue;").unwrap();
            writeln!(out, "{p}    text += std::to_string(v);").unwrap();
            writeln!(out, "{p}}}").unwrap();
        }
    }
}

fn cpp_body(rng: &mut Rng, out: &mut String, depth: usize, stmts: (usize, usize)) {
    let stmts = rng.range(stmts.0, stmts.1);
    let p = pad(depth);
    writeln!(out, "{p}std::string text = \"{}\";", rng.pick(WORDS)).unwrap();
    writeln!(out, "{p}std::vector<int> values;").unwrap();
    writeln!(out, "{p}int total = 0;").unwrap();
    writeln!(out, "{p}size_t count = {};", rng.range(1, 64)).unwrap();
    for _ in 0..stmts {
        cpp_stmt(rng, out, depth, 0);
    }
}

fn cpp_free_function(rng: &mut Rng, out: &mut String, uid: usize) {
    let name = format!("{}{}", ident(rng), uid);
    writeln!(
        out,
        "// {} the {} entries and returns the checksum.",
        rng.pick(VERBS),
        rng.pick(NOUNS).to_lowercase()
    )
    .unwrap();
    writeln!(out, "int {name}(const std::string& input, int seed)").unwrap();
    writeln!(out, "{{").unwrap();
    cpp_body(rng, out, 1, (3, 9));
    writeln!(out, "    text += input;").unwrap();
    writeln!(
        out,
        "    return total + seed + static_cast<int>(values.size());"
    )
    .unwrap();
    writeln!(out, "}}\n").unwrap();
}

fn cpp_class(rng: &mut Rng, out: &mut String, uid: usize) {
    let class = format!("C{}{}{}", rng.pick(ADJS), rng.pick(NOUNS), uid);
    let fields: Vec<(String, &str)> = (0..rng.range(2, 5))
        .map(|i| {
            let ty = rng.pick(&[
                "int",
                "std::string",
                "bool",
                "size_t",
                "std::vector<int>",
                "double",
            ]);
            (format!("m_{}{}", snake(rng.pick(NOUNS)), i), ty)
        })
        .collect();
    writeln!(out, "class {class}").unwrap();
    writeln!(out, "{{").unwrap();
    writeln!(out, "public:").unwrap();
    writeln!(out, "    {class}() = default;").unwrap();
    writeln!(out, "    explicit {class}(int seed) : m_seed(seed) {{}}").unwrap();
    writeln!(out, "    virtual ~{class}() {{}}").unwrap();
    writeln!(out).unwrap();
    let methods: Vec<String> = (0..rng.range(1, 3))
        .map(|i| format!("{}{}", ident(rng), i))
        .collect();
    for m in &methods {
        writeln!(out, "    int {m}(const std::string& input);").unwrap();
    }
    for (f, ty) in &fields {
        writeln!(
            out,
            "    const {ty}& Get{}() const {{ return {f}; }}",
            &f[2..]
        )
        .unwrap();
    }
    writeln!(out).unwrap();
    writeln!(out, "private:").unwrap();
    writeln!(out, "    int m_seed = 0;").unwrap();
    for (f, ty) in &fields {
        writeln!(out, "    {ty} {f}{{}};").unwrap();
    }
    writeln!(out, "}};\n").unwrap();
    for m in &methods {
        writeln!(out, "int {class}::{m}(const std::string& input)").unwrap();
        writeln!(out, "{{").unwrap();
        cpp_body(rng, out, 1, (2, 7));
        writeln!(out, "    text += input;").unwrap();
        writeln!(out, "    return total + m_seed;").unwrap();
        writeln!(out, "}}\n").unwrap();
    }
}

fn cpp_enum_switch(rng: &mut Rng, out: &mut String, uid: usize) {
    let e = format!("{}{}Kind{}", rng.pick(ADJS), rng.pick(NOUNS), uid);
    let variants: Vec<String> = (0..rng.range(3, 7))
        .map(|i| format!("{}{}", rng.pick(NOUNS), i))
        .collect();
    writeln!(out, "enum class {e}").unwrap();
    writeln!(out, "{{").unwrap();
    for v in &variants {
        writeln!(out, "    {v},").unwrap();
    }
    writeln!(out, "}};\n").unwrap();
    writeln!(out, "const char* {e}Name({e} kind)").unwrap();
    writeln!(out, "{{").unwrap();
    writeln!(out, "    switch (kind)").unwrap();
    writeln!(out, "    {{").unwrap();
    for v in &variants {
        writeln!(out, "    case {e}::{v}:").unwrap();
        writeln!(out, "        return \"{}\";", snake(v)).unwrap();
    }
    writeln!(out, "    default:").unwrap();
    writeln!(out, "        return \"unknown\";").unwrap();
    writeln!(out, "    }}").unwrap();
    writeln!(out, "}}\n").unwrap();
}

fn cpp_template(rng: &mut Rng, out: &mut String, uid: usize) {
    let name = format!("{}{}{}", rng.pick(ADJS), rng.pick(NOUNS), uid);
    writeln!(
        out,
        "template <typename T, size_t N = {}>",
        rng.range(4, 64)
    )
    .unwrap();
    writeln!(out, "class T{name}").unwrap();
    writeln!(out, "{{").unwrap();
    writeln!(out, "public:").unwrap();
    writeln!(out, "    bool Push(const T& item)").unwrap();
    writeln!(out, "    {{").unwrap();
    writeln!(out, "        if (m_items.size() >= N)").unwrap();
    writeln!(out, "            return false;").unwrap();
    writeln!(out, "        m_items.push_back(item);").unwrap();
    writeln!(out, "        return true;").unwrap();
    writeln!(out, "    }}").unwrap();
    writeln!(out, "    template <typename F>").unwrap();
    writeln!(out, "    void ForEach(F&& fn) const").unwrap();
    writeln!(out, "    {{").unwrap();
    writeln!(out, "        for (const T& item : m_items)").unwrap();
    writeln!(out, "            fn(item);").unwrap();
    writeln!(out, "    }}").unwrap();
    writeln!(out, "    size_t Size() const {{ return m_items.size(); }}").unwrap();
    writeln!(out, "private:").unwrap();
    writeln!(out, "    std::vector<T> m_items;").unwrap();
    writeln!(out, "}};\n").unwrap();
    writeln!(out, "template <typename T>").unwrap();
    writeln!(out, "T Clamp{name}(T value, T lo, T hi)").unwrap();
    writeln!(out, "{{").unwrap();
    writeln!(
        out,
        "    return value < lo ? lo : (hi < value ? hi : value);"
    )
    .unwrap();
    writeln!(out, "}}\n").unwrap();
}

fn cpp_macros(rng: &mut Rng, out: &mut String, uid: usize) {
    let m = format!("{}_{}", snake(&ident(rng)).to_uppercase(), uid);
    writeln!(out, "#define {m}_LIMIT {}", rng.range(8, 4096)).unwrap();
    writeln!(out, "#define {m}_CHECK(x) do {{ if (!(x)) {{ LOG_DEBUG(\"check failed: %s\", #x); return false; }} }} while (0)").unwrap();
    writeln!(out, "#define {m}_MIN(a, b) ((a) < (b) ? (a) : (b))\n").unwrap();
    writeln!(
        out,
        "static bool Check{}{uid}(const std::vector<int>& values)",
        rng.pick(NOUNS)
    )
    .unwrap();
    writeln!(out, "{{").unwrap();
    writeln!(out, "    {m}_CHECK(!values.empty());").unwrap();
    writeln!(out, "    {m}_CHECK(values.size() < {m}_LIMIT);").unwrap();
    writeln!(out, "    int smallest = values[0];").unwrap();
    writeln!(out, "    for (int v : values)").unwrap();
    writeln!(out, "        smallest = {m}_MIN(smallest, v);").unwrap();
    writeln!(out, "    return smallest >= 0;").unwrap();
    writeln!(out, "}}\n").unwrap();
}

fn cpp_chunk(rng: &mut Rng, out: &mut String, uid: usize) {
    match rng.below(10) {
        0..=2 => cpp_free_function(rng, out, uid),
        3..=5 => cpp_class(rng, out, uid),
        6 | 7 => cpp_enum_switch(rng, out, uid),
        8 => cpp_template(rng, out, uid),
        _ => cpp_macros(rng, out, uid),
    }
}

fn cpp_prologue(rng: &mut Rng, out: &mut String, mapi: bool) {
    writeln!(
        out,
        "// {} support for the {} component.",
        rng.pick(ADJS),
        rng.pick(NOUNS).to_lowercase()
    )
    .unwrap();
    writeln!(out, "// Copyright (c) Example Mail Client contributors.").unwrap();
    if mapi {
        writeln!(out, "#include <windows.h>").unwrap();
        writeln!(out, "#include <mapix.h>").unwrap();
        writeln!(out, "#include <mapiutil.h>").unwrap();
    }
    for inc in ["<algorithm>", "<string>", "<vector>", "<cctype>"] {
        writeln!(out, "#include {inc}").unwrap();
    }
    writeln!(out, "#include \"log.h\"\n").unwrap();
    writeln!(out, "#ifndef MAX_ITEMS").unwrap();
    writeln!(out, "#define MAX_ITEMS {}", rng.range(16, 1024)).unwrap();
    writeln!(out, "#endif\n").unwrap();
}

/// Fills `out` with plain chunks until it has at least `target` lines.
fn cpp_fill(rng: &mut Rng, out: &mut String, target: usize, uid: &mut usize) {
    while lines_of(out) < target {
        *uid += 1;
        cpp_chunk(rng, out, *uid);
    }
}

fn plain_cpp(rng: &mut Rng, target: usize, uid: &mut usize) -> String {
    let mut out = String::new();
    cpp_prologue(rng, &mut out, false);
    let ns = rng.chance(60).then(|| snake(rng.pick(NOUNS)));
    if let Some(ns) = &ns {
        writeln!(out, "namespace {ns}\n{{\n").unwrap();
    }
    cpp_fill(rng, &mut out, target.saturating_sub(3), uid);
    if let Some(ns) = &ns {
        writeln!(out, "}} // namespace {ns}").unwrap();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// MAPI C++
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Bug {
    None,
    MissingUnadvise,
    UseAfterLogoff,
    MissingMapiUninitialize,
    LeakedBuffer,
    OleAfterMapi,
}

const BUGS: &[Bug] = &[
    Bug::MissingUnadvise,
    Bug::UseAfterLogoff,
    Bug::MissingMapiUninitialize,
    Bug::LeakedBuffer,
    Bug::OleAfterMapi,
];

/// A single-function client: OLE, MAPI, logon, open the default store, advise, read a
/// property, unadvise, logoff and tear down in the right order (OLE before MAPI).
fn mapi_flow(rng: &mut Rng, out: &mut String, uid: usize, bug: Bug) {
    let chk = rng.chance(40);
    let fail = |out: &mut String, call: &str| {
        if chk {
            writeln!(out, "    CHK({call});").unwrap();
        } else {
            writeln!(out, "    hr = {call};").unwrap();
            writeln!(out, "    if (FAILED(hr)) goto Cleanup;").unwrap();
        }
    };
    if chk {
        writeln!(
            out,
            "#define CHK(x) do {{ hr = (x); if (FAILED(hr)) goto Cleanup; }} while (0)\n"
        )
        .unwrap();
    }
    let name = format!(
        "Run{}{}",
        rng.pick(&[
            "MailWatcher",
            "InboxMonitor",
            "SyncClient",
            "BackupJob",
            "Notifier"
        ]),
        uid
    );
    writeln!(
        out,
        "HRESULT {name}(LPMAPIADVISESINK lpSink, std::string& storeName)"
    )
    .unwrap();
    writeln!(out, "{{").unwrap();
    writeln!(out, "    HRESULT hr = S_OK;").unwrap();
    writeln!(out, "    LPMAPISESSION lpSession = NULL;").unwrap();
    writeln!(out, "    LPMDB lpMDB = NULL;").unwrap();
    writeln!(out, "    LPSPropValue lpProp = NULL;").unwrap();
    writeln!(out, "    ULONG_PTR ulConn = 0;").unwrap();
    writeln!(out, "    ULONG cbEntryID = 0;").unwrap();
    writeln!(out, "    LPENTRYID lpEntryID = NULL;").unwrap();
    writeln!(out, "    BOOL fMapi = FALSE;\n").unwrap();
    writeln!(out, "    hr = OleInitialize(NULL);").unwrap();
    writeln!(out, "    if (FAILED(hr)) return hr;\n").unwrap();
    writeln!(out, "    hr = MAPIInitialize(NULL);").unwrap();
    writeln!(out, "    if (FAILED(hr))").unwrap();
    writeln!(out, "    {{").unwrap();
    writeln!(out, "        OleUninitialize();").unwrap();
    writeln!(out, "        return hr;").unwrap();
    writeln!(out, "    }}").unwrap();
    writeln!(out, "    fMapi = TRUE;\n").unwrap();
    fail(
        out,
        "MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &lpSession)",
    );
    fail(
        out,
        "HrMAPIFindDefaultMsgStore(lpSession, &cbEntryID, &lpEntryID)",
    );
    fail(
        out,
        "lpSession->OpenMsgStore(0, cbEntryID, lpEntryID, NULL, MDB_NO_DIALOG | MAPI_BEST_ACCESS, &lpMDB)",
    );
    fail(
        out,
        "lpMDB->Advise(cbEntryID, lpEntryID, fnevNewMail, lpSink, &ulConn)",
    );
    writeln!(out).unwrap();
    writeln!(
        out,
        "    if (SUCCEEDED(HrGetOneProp(lpMDB, PR_DISPLAY_NAME_A, &lpProp)))"
    )
    .unwrap();
    writeln!(out, "    {{").unwrap();
    writeln!(out, "        storeName = lpProp->Value.lpszA;").unwrap();
    if bug != Bug::LeakedBuffer {
        writeln!(out, "        MAPIFreeBuffer(lpProp);").unwrap();
        writeln!(out, "        lpProp = NULL;").unwrap();
    } else {
        writeln!(out, "        // BUG (benchmark): lpProp is never freed.").unwrap();
    }
    writeln!(out, "    }}\n").unwrap();
    writeln!(out, "    {{").unwrap();
    cpp_body(rng, out, 2, (2, 5));
    writeln!(out, "        storeName += text;").unwrap();
    writeln!(out, "    }}\n").unwrap();
    if bug != Bug::MissingUnadvise {
        writeln!(out, "    lpMDB->Unadvise(ulConn);").unwrap();
        writeln!(out, "    ulConn = 0;").unwrap();
    } else {
        writeln!(
            out,
            "    // BUG (benchmark): the registration is never removed."
        )
        .unwrap();
    }
    writeln!(out, "    lpMDB->Release();").unwrap();
    writeln!(out, "    lpMDB = NULL;\n").unwrap();
    writeln!(out, "Cleanup:").unwrap();
    writeln!(out, "    if (lpMDB)").unwrap();
    writeln!(out, "    {{").unwrap();
    writeln!(out, "        lpMDB->Release();").unwrap();
    writeln!(out, "        lpMDB = NULL;").unwrap();
    writeln!(out, "    }}").unwrap();
    writeln!(out, "    MAPIFreeBuffer(lpEntryID);").unwrap();
    writeln!(out, "    if (lpSession)").unwrap();
    writeln!(out, "    {{").unwrap();
    writeln!(out, "        lpSession->Logoff(0, 0, 0);").unwrap();
    if bug == Bug::UseAfterLogoff {
        writeln!(
            out,
            "        // BUG (benchmark): the session is used after Logoff."
        )
        .unwrap();
        writeln!(
            out,
            "        lpSession->OpenMsgStore(0, cbEntryID, lpEntryID, NULL, MDB_NO_DIALOG, &lpMDB);"
        )
        .unwrap();
    }
    writeln!(out, "        lpSession->Release();").unwrap();
    writeln!(out, "        lpSession = NULL;").unwrap();
    writeln!(out, "    }}").unwrap();
    match bug {
        Bug::MissingMapiUninitialize => {
            writeln!(out, "    OleUninitialize();").unwrap();
            writeln!(
                out,
                "    // BUG (benchmark): MAPIUninitialize is never called."
            )
            .unwrap();
        }
        Bug::OleAfterMapi => {
            writeln!(out, "    if (fMapi) MAPIUninitialize();").unwrap();
            writeln!(
                out,
                "    // BUG (benchmark): OLE must be uninitialized before MAPI."
            )
            .unwrap();
            writeln!(out, "    OleUninitialize();").unwrap();
        }
        _ => {
            writeln!(out, "    OleUninitialize();").unwrap();
            writeln!(out, "    if (fMapi) MAPIUninitialize();").unwrap();
        }
    }
    writeln!(out, "    return hr;").unwrap();
    writeln!(out, "}}\n").unwrap();
}

/// A helper that reads one property and frees it on every path.
fn mapi_prop_helper(rng: &mut Rng, out: &mut String, uid: usize) {
    let prop = rng.pick(&[
        "PR_DISPLAY_NAME_A",
        "PR_SUBJECT_A",
        "PR_SENDER_NAME_A",
        "PR_MESSAGE_CLASS_A",
    ]);
    writeln!(
        out,
        "HRESULT Get{}{uid}(LPMAPIPROP lpObj, std::string& value)",
        snake(&prop[3..prop.len() - 2]).replace('_', "")
    )
    .unwrap();
    writeln!(out, "{{").unwrap();
    writeln!(out, "    LPSPropValue lpProp = NULL;").unwrap();
    writeln!(
        out,
        "    HRESULT hr = HrGetOneProp(lpObj, {prop}, &lpProp);"
    )
    .unwrap();
    writeln!(out, "    if (FAILED(hr))").unwrap();
    writeln!(out, "        return hr;").unwrap();
    writeln!(out, "    if (lpProp->Value.lpszA != NULL)").unwrap();
    writeln!(out, "        value = lpProp->Value.lpszA;").unwrap();
    writeln!(out, "    MAPIFreeBuffer(lpProp);").unwrap();
    writeln!(out, "    return S_OK;").unwrap();
    writeln!(out, "}}\n").unwrap();
}

fn mapi_flow_file(rng: &mut Rng, target: usize, uid: &mut usize, bug: Bug) -> String {
    let mut out = String::new();
    cpp_prologue(rng, &mut out, true);
    let before = rng.range(0, target / 3);
    cpp_fill(rng, &mut out, before, uid);
    *uid += 1;
    mapi_prop_helper(rng, &mut out, *uid);
    mapi_flow(rng, &mut out, *uid, bug);
    cpp_fill(rng, &mut out, target, uid);
    out
}

/// A class whose connection lives in a member: advised in StartWatching, unadvised in
/// StopWatching (called from Shutdown and the destructor). Returns (header, source).
fn mapi_class_files(
    rng: &mut Rng,
    target: usize,
    uid: &mut usize,
    bug: Bug,
    header_name: &str,
) -> (String, String) {
    *uid += 1;
    let class = format!(
        "C{}{}",
        rng.pick(&["StoreWatcher", "MailSession", "InboxListener", "FolderSync"]),
        *uid
    );
    let mut h = String::new();
    writeln!(
        h,
        "// {class}: owns a MAPI session and one store notification."
    )
    .unwrap();
    writeln!(h, "#pragma once").unwrap();
    writeln!(h, "#include <windows.h>").unwrap();
    writeln!(h, "#include <mapix.h>").unwrap();
    writeln!(h, "#include <string>").unwrap();
    writeln!(h, "#include <vector>\n").unwrap();
    writeln!(h, "class {class}").unwrap();
    writeln!(h, "{{").unwrap();
    writeln!(h, "public:").unwrap();
    writeln!(h, "    {class}();").unwrap();
    writeln!(h, "    ~{class}();\n").unwrap();
    writeln!(h, "    HRESULT Logon();").unwrap();
    writeln!(h, "    HRESULT StartWatching(LPMAPIADVISESINK lpSink);").unwrap();
    writeln!(h, "    void StopWatching();").unwrap();
    writeln!(h, "    void Shutdown();").unwrap();
    writeln!(
        h,
        "    const std::string& StoreName() const {{ return m_storeName; }}\n"
    )
    .unwrap();
    writeln!(h, "private:").unwrap();
    writeln!(h, "    LPMAPISESSION m_lpSession;").unwrap();
    writeln!(h, "    LPMDB m_lpMDB;").unwrap();
    writeln!(h, "    ULONG_PTR m_ulConn;").unwrap();
    writeln!(h, "    BOOL m_fMapiInit;").unwrap();
    writeln!(h, "    std::string m_storeName;").unwrap();
    writeln!(h, "    std::vector<int> m_counts;").unwrap();
    writeln!(h, "}};").unwrap();

    let mut c = String::new();
    cpp_prologue(rng, &mut c, true);
    writeln!(c, "#include \"{header_name}\"\n").unwrap();
    writeln!(c, "{class}::{class}()").unwrap();
    writeln!(
        c,
        "    : m_lpSession(NULL), m_lpMDB(NULL), m_ulConn(0), m_fMapiInit(FALSE)"
    )
    .unwrap();
    writeln!(c, "{{").unwrap();
    writeln!(c, "}}\n").unwrap();
    writeln!(c, "{class}::~{class}()").unwrap();
    writeln!(c, "{{").unwrap();
    writeln!(c, "    Shutdown();").unwrap();
    writeln!(c, "}}\n").unwrap();
    writeln!(c, "HRESULT {class}::Logon()").unwrap();
    writeln!(c, "{{").unwrap();
    writeln!(c, "    HRESULT hr = MAPIInitialize(NULL);").unwrap();
    writeln!(c, "    if (FAILED(hr))").unwrap();
    writeln!(c, "        return hr;").unwrap();
    writeln!(c, "    m_fMapiInit = TRUE;").unwrap();
    writeln!(c, "    hr = MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_USE_DEFAULT, &m_lpSession);").unwrap();
    writeln!(c, "    if (FAILED(hr))").unwrap();
    writeln!(c, "        return hr;").unwrap();
    writeln!(c, "    ULONG cbEntryID = 0;").unwrap();
    writeln!(c, "    LPENTRYID lpEntryID = NULL;").unwrap();
    writeln!(
        c,
        "    hr = HrMAPIFindDefaultMsgStore(m_lpSession, &cbEntryID, &lpEntryID);"
    )
    .unwrap();
    writeln!(c, "    if (SUCCEEDED(hr))").unwrap();
    writeln!(c, "    {{").unwrap();
    writeln!(c, "        hr = m_lpSession->OpenMsgStore(0, cbEntryID, lpEntryID, NULL, MDB_NO_DIALOG | MAPI_BEST_ACCESS, &m_lpMDB);").unwrap();
    writeln!(c, "        MAPIFreeBuffer(lpEntryID);").unwrap();
    writeln!(c, "    }}").unwrap();
    writeln!(c, "    return hr;").unwrap();
    writeln!(c, "}}\n").unwrap();
    writeln!(c, "HRESULT {class}::StartWatching(LPMAPIADVISESINK lpSink)").unwrap();
    writeln!(c, "{{").unwrap();
    writeln!(c, "    if (m_lpMDB == NULL)").unwrap();
    writeln!(c, "        return E_UNEXPECTED;").unwrap();
    writeln!(
        c,
        "    return m_lpMDB->Advise(0, NULL, fnevNewMail | fnevObjectModified, lpSink, &m_ulConn);"
    )
    .unwrap();
    writeln!(c, "}}\n").unwrap();
    writeln!(c, "void {class}::StopWatching()").unwrap();
    writeln!(c, "{{").unwrap();
    writeln!(c, "    if (m_ulConn != 0 && m_lpMDB != NULL)").unwrap();
    writeln!(c, "    {{").unwrap();
    if bug == Bug::MissingUnadvise {
        writeln!(
            c,
            "        // BUG (benchmark): forgets to Unadvise, only drops the cookie."
        )
        .unwrap();
    } else {
        writeln!(c, "        m_lpMDB->Unadvise(m_ulConn);").unwrap();
    }
    writeln!(c, "        m_ulConn = 0;").unwrap();
    writeln!(c, "    }}").unwrap();
    writeln!(c, "}}\n").unwrap();
    writeln!(c, "void {class}::Shutdown()").unwrap();
    writeln!(c, "{{").unwrap();
    writeln!(c, "    StopWatching();").unwrap();
    writeln!(c, "    if (m_lpMDB)").unwrap();
    writeln!(c, "    {{").unwrap();
    writeln!(c, "        m_lpMDB->Release();").unwrap();
    writeln!(c, "        m_lpMDB = NULL;").unwrap();
    writeln!(c, "    }}").unwrap();
    writeln!(c, "    if (m_lpSession)").unwrap();
    writeln!(c, "    {{").unwrap();
    writeln!(c, "        m_lpSession->Logoff(0, 0, 0);").unwrap();
    writeln!(c, "        m_lpSession->Release();").unwrap();
    writeln!(c, "        m_lpSession = NULL;").unwrap();
    writeln!(c, "    }}").unwrap();
    writeln!(c, "    if (m_fMapiInit)").unwrap();
    writeln!(c, "    {{").unwrap();
    writeln!(c, "        MAPIUninitialize();").unwrap();
    writeln!(c, "        m_fMapiInit = FALSE;").unwrap();
    writeln!(c, "    }}").unwrap();
    writeln!(c, "}}\n").unwrap();
    let target = target.saturating_sub(lines_of(&h));
    cpp_fill(rng, &mut c, target, uid);
    (h, c)
}

// ---------------------------------------------------------------------------------------------
// Rust
// ---------------------------------------------------------------------------------------------

fn rs_stmt(rng: &mut Rng, out: &mut String, depth: usize, nest: usize) {
    let p = pad(depth);
    let k = rng.range(2, 97);
    let kind = if nest >= 3 {
        rng.below(5)
    } else {
        rng.below(10)
    };
    match kind {
        0 => writeln!(out, "{p}total += text.len() as i64 * {k};").unwrap(),
        1 => writeln!(out, "{p}values.push(total % {k});").unwrap(),
        2 => writeln!(out, "{p}text.push_str(\"{}\");", rng.pick(WORDS)).unwrap(),
        3 => writeln!(out, "{p}text = text.trim().to_lowercase();").unwrap(),
        4 => writeln!(
            out,
            "{p}log::debug!(\"{}: {{}}\", total);",
            snake(&ident(rng))
        )
        .unwrap(),
        5 => {
            writeln!(out, "{p}if total > {k} {{").unwrap();
            for _ in 0..rng.range(1, 3) {
                rs_stmt(rng, out, depth + 1, nest + 1);
            }
            if rng.chance(50) {
                writeln!(out, "{p}}} else {{").unwrap();
                rs_stmt(rng, out, depth + 1, nest + 1);
            }
            writeln!(out, "{p}}}").unwrap();
        }
        6 => {
            writeln!(out, "{p}for v in values.clone() {{").unwrap();
            writeln!(out, "{p}    total = total.wrapping_add(v);").unwrap();
            for _ in 0..rng.range(0, 2) {
                rs_stmt(rng, out, depth + 1, nest + 1);
            }
            writeln!(out, "{p}}}").unwrap();
        }
        7 => {
            writeln!(out, "{p}match total % 3 {{").unwrap();
            writeln!(
                out,
                "{p}    0 => text.push('{}'),",
                (b'a' + (k % 26) as u8) as char
            )
            .unwrap();
            writeln!(out, "{p}    1 => {{").unwrap();
            rs_stmt(rng, out, depth + 2, nest + 1);
            writeln!(out, "{p}    }}").unwrap();
            writeln!(out, "{p}    _ => {{}}").unwrap();
            writeln!(out, "{p}}}").unwrap();
        }
        8 => {
            writeln!(
                out,
                "{p}if let Some(pos) = text.find(\"{}\") {{",
                rng.pick(WORDS)
            )
            .unwrap();
            writeln!(out, "{p}    text.replace_range(pos..pos + 1, \"\");").unwrap();
            writeln!(out, "{p}}}").unwrap();
        }
        _ => {
            writeln!(
                out,
                "{p}let sum: i64 = values.iter().filter(|v| **v > {k}).sum();"
            )
            .unwrap();
            writeln!(out, "{p}total = total.max(sum);").unwrap();
        }
    }
}

fn rs_body(rng: &mut Rng, out: &mut String, depth: usize, stmts: (usize, usize)) {
    let stmts = rng.range(stmts.0, stmts.1);
    let p = pad(depth);
    writeln!(
        out,
        "{p}let mut text = String::from(\"{}\");",
        rng.pick(WORDS)
    )
    .unwrap();
    writeln!(out, "{p}let mut values: Vec<i64> = Vec::new();").unwrap();
    writeln!(out, "{p}let mut total: i64 = {};", rng.range(0, 9)).unwrap();
    for _ in 0..stmts {
        rs_stmt(rng, out, depth, 0);
    }
}

fn rs_chunk(rng: &mut Rng, out: &mut String, uid: usize) {
    match rng.below(4) {
        0 | 1 => {
            let name = format!("{}_{uid}", snake(&ident(rng)));
            writeln!(
                out,
                "/// {} the {} and returns a checksum.",
                rng.pick(VERBS),
                rng.pick(NOUNS).to_lowercase()
            )
            .unwrap();
            writeln!(out, "pub fn {name}(input: &str, seed: i64) -> i64 {{").unwrap();
            rs_body(rng, out, 1, (3, 8));
            writeln!(out, "    text.push_str(input);").unwrap();
            writeln!(out, "    total + seed + values.len() as i64").unwrap();
            writeln!(out, "}}\n").unwrap();
        }
        2 => {
            let s = format!("{}{}{uid}", rng.pick(ADJS), rng.pick(NOUNS));
            writeln!(out, "#[derive(Debug, Clone, Default)]").unwrap();
            writeln!(out, "pub struct {s} {{").unwrap();
            writeln!(out, "    name: String,").unwrap();
            writeln!(out, "    counts: Vec<i64>,").unwrap();
            writeln!(out, "    limit: usize,").unwrap();
            writeln!(out, "}}\n").unwrap();
            writeln!(out, "impl {s} {{").unwrap();
            writeln!(out, "    pub fn new(name: impl Into<String>) -> Self {{").unwrap();
            writeln!(
                out,
                "        Self {{ name: name.into(), counts: Vec::new(), limit: {} }}",
                rng.range(4, 512)
            )
            .unwrap();
            writeln!(out, "    }}\n").unwrap();
            writeln!(
                out,
                "    pub fn {}(&mut self, input: &str) -> i64 {{",
                snake(&ident(rng))
            )
            .unwrap();
            rs_body(rng, out, 2, (2, 6));
            writeln!(out, "        text.push_str(input);").unwrap();
            writeln!(out, "        self.counts.truncate(self.limit);").unwrap();
            writeln!(out, "        self.counts.push(total);").unwrap();
            writeln!(out, "        total + self.name.len() as i64").unwrap();
            writeln!(out, "    }}").unwrap();
            writeln!(out, "}}\n").unwrap();
        }
        _ => {
            let e = format!("{}Kind{uid}", rng.pick(NOUNS));
            let variants: Vec<String> = (0..rng.range(3, 6))
                .map(|i| format!("{}{i}", rng.pick(NOUNS)))
                .collect();
            writeln!(out, "#[derive(Debug, Clone, Copy, PartialEq, Eq)]").unwrap();
            writeln!(out, "pub enum {e} {{").unwrap();
            for v in &variants {
                writeln!(out, "    {v},").unwrap();
            }
            writeln!(out, "}}\n").unwrap();
            writeln!(out, "impl {e} {{").unwrap();
            writeln!(out, "    pub fn as_str(self) -> &'static str {{").unwrap();
            writeln!(out, "        match self {{").unwrap();
            for v in &variants {
                writeln!(out, "            {e}::{v} => \"{}\",", snake(v)).unwrap();
            }
            writeln!(out, "        }}").unwrap();
            writeln!(out, "    }}").unwrap();
            writeln!(out, "}}\n").unwrap();
        }
    }
}

fn rs_fill(rng: &mut Rng, out: &mut String, target: usize, uid: &mut usize) {
    while lines_of(out) < target {
        *uid += 1;
        rs_chunk(rng, out, *uid);
    }
}

fn rust_file(rng: &mut Rng, target: usize, uid: &mut usize, mapi: bool) -> String {
    let mut out = String::new();
    writeln!(
        out,
        "//! {} helpers for the {} module.\n",
        rng.pick(ADJS),
        rng.pick(NOUNS).to_lowercase()
    )
    .unwrap();
    if mapi {
        *uid += 1;
        let n = *uid;
        writeln!(out, "use outlook_mapi::*;").unwrap();
        writeln!(out, "use windows::Win32::Foundation::HWND;\n").unwrap();
        writeln!(
            out,
            "/// Logs on with the default profile and counts the message stores."
        )
        .unwrap();
        writeln!(
            out,
            "pub fn count_stores_{n}() -> windows_core::Result<usize> {{"
        )
        .unwrap();
        writeln!(out, "    let init = Initialize::new(Default::default())?;").unwrap();
        writeln!(out, "    let logon = Logon::new(init.clone(), HWND::default(), None, None, LogonFlags::default())?;").unwrap();
        writeln!(
            out,
            "    let table = unsafe {{ logon.session.GetMsgStoresTable(0)? }};"
        )
        .unwrap();
        writeln!(out, "    let mut count = 0;").unwrap();
        writeln!(out, "    let rows = unsafe {{ table.GetRowCount(0)? }};").unwrap();
        writeln!(out, "    for _ in 0..rows {{").unwrap();
        writeln!(out, "        count += 1;").unwrap();
        writeln!(out, "    }}").unwrap();
        writeln!(out, "    drop(table);").unwrap();
        writeln!(out, "    Ok(count)").unwrap();
        writeln!(out, "}}\n").unwrap();
    }
    rs_fill(rng, &mut out, target.saturating_sub(12), uid);
    writeln!(out, "#[cfg(test)]").unwrap();
    writeln!(out, "mod tests {{").unwrap();
    writeln!(out, "    use super::*;\n").unwrap();
    writeln!(out, "    #[test]").unwrap();
    writeln!(out, "    fn smoke() {{").unwrap();
    writeln!(
        out,
        "        let v: Vec<i64> = (0..{}).collect();",
        rng.range(3, 30)
    )
    .unwrap();
    writeln!(out, "        assert!(!v.is_empty());").unwrap();
    writeln!(out, "    }}").unwrap();
    writeln!(out, "}}").unwrap();
    out
}

// ---------------------------------------------------------------------------------------------

struct Writer {
    root: PathBuf,
    files: usize,
    lines: usize,
    bytes: usize,
}

impl Writer {
    fn write(&mut self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        self.files += 1;
        self.lines += lines_of(text);
        self.bytes += text.len();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: gen_corpus OUT_DIR LINES");
        std::process::exit(2);
    }
    let lines: usize = args[1].parse().unwrap_or_else(|_| {
        eprintln!("LINES must be a positive integer, got {:?}", args[1]);
        std::process::exit(2);
    });
    let mut w = Writer {
        root: Path::new(&args[0]).to_path_buf(),
        files: 0,
        lines: 0,
        bytes: 0,
    };
    let mut rng = Rng::new(0x6D61_7069_6C69_6E74); // "mapilint"
    let mut uid = 0usize;
    let (mut mapi_units, mut bugs, mut unit) = (0usize, 0usize, 0usize);
    while w.lines < lines {
        unit += 1;
        let dir = format!(
            "{}/{}{}",
            TOP_DIRS[(unit / 97) % TOP_DIRS.len()],
            SUB_DIRS[(unit / 13) % SUB_DIRS.len()],
            unit / 130
        );
        let target = rng.range(100, 600);
        let roll = rng.below(100);
        let stem = format!("{}{unit}", snake(&ident(&mut rng)));
        if roll < 10 {
            let mapi = rng.chance(15);
            let text = rust_file(&mut rng, target, &mut uid, mapi);
            w.write(&format!("{dir}/rs/{stem}.rs"), &text);
        } else if roll < 90 {
            let text = plain_cpp(&mut rng, target, &mut uid);
            let ext = if rng.chance(85) { "cpp" } else { "h" };
            w.write(&format!("{dir}/{stem}.{ext}"), &text);
        } else {
            mapi_units += 1;
            // One MAPI unit in 50 carries a bug, rotating through the kinds.
            let bug = if mapi_units % 50 == 7 {
                bugs += 1;
                BUGS[(bugs - 1) % BUGS.len()]
            } else {
                Bug::None
            };
            if rng.chance(60) {
                let text = mapi_flow_file(&mut rng, target, &mut uid, bug);
                w.write(&format!("{dir}/mapi/{stem}.cpp"), &text);
            } else {
                // Classes only model the member-connection bug; others become it.
                let bug = if bug == Bug::None {
                    Bug::None
                } else {
                    Bug::MissingUnadvise
                };
                let header = format!("{stem}.h");
                let (h, c) = mapi_class_files(&mut rng, target, &mut uid, bug, &header);
                w.write(&format!("{dir}/mapi/{header}"), &h);
                w.write(&format!("{dir}/mapi/{stem}.cpp"), &c);
            }
        }
    }
    println!(
        "{} files, {} lines, {} bytes ({} MAPI units, {} with a deliberate bug) in {}",
        w.files,
        w.lines,
        w.bytes,
        mapi_units,
        bugs,
        w.root.display()
    );
}
