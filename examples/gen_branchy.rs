//! Writes a deterministic corpus of *branchy* MAPI-client C++ for `bench/branchy.sh`: the
//! shape of real command-line clients, which the corpus of `gen_corpus.rs` lacks.
//!
//! Usage: `cargo run --release --example gen_branchy -- OUT_DIR LINES`
//!
//! Each file is one tool: a few command functions of 30-200 branches each (half of them
//! 30-60, a third 60-120, the rest 120-200) and a dispatcher that initialises MAPI, logs on,
//! runs the command named on its command line through a long `switch`, then logs off and
//! uninitialises. The command functions open the default store (`OpenMsgStore`), read
//! properties (`HrGetOneProp`/`MAPIFreeBuffer`), open and release folders, a third of them
//! on a session of their own (`MAPILogonEx` ... `Logoff`), built from `if`/`else` chains on option flags (a few
//! flags tested again and again, as real clients test `fVerbose`), `for`/`while` loops with
//! `break` and `continue`, `strcmp` chains and `switch`es on command names, failures through
//! check macros (`CHK`, and `CHK_LOG` which expands to `CHK`) and `goto Cleanup`, and a
//! `Cleanup:` ladder that releases what is held. The code is meant to be correct: mapi-lint
//! should find nothing.
//!
//! The output depends only on LINES (a fixed-seed xorshift generator, no clock, no hashing,
//! files written in a fixed order): the same (OUT_DIR, LINES) gives byte-identical files.
//! The function names carry the planned branch count: `Cmd<verb><uid>_b<branches>`.
use std::fmt::Write as _;
use std::path::Path;

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

const VERBS: &[&str] = &[
    "List", "Show", "Export", "Import", "Move", "Copy", "Delete", "Sync", "Purge", "Scan", "Count",
    "Fix", "Dump", "Watch", "Send", "Flag",
];
const COMMANDS: &[&str] = &[
    "list", "show", "export", "import", "move", "copy", "delete", "sync", "purge", "scan", "count",
    "fix", "dump", "watch", "send", "flag", "rename", "stats", "help", "version", "login",
    "folders", "rules", "acl", "search", "restore",
];
const PROPS: &[&str] = &[
    "PR_DISPLAY_NAME_A",
    "PR_SUBJECT_A",
    "PR_MESSAGE_CLASS_A",
    "PR_CONTENT_COUNT",
    "PR_CONTENT_UNREAD",
    "PR_ENTRYID",
    "PR_RECORD_KEY",
];
/// Option flags: a few are tested again and again in one function, as in real clients.
const FLAGS: &[&str] = &["fVerbose", "fDryRun", "fForce"];
const MASKS: &[&str] = &[
    "OPT_RECURSIVE",
    "OPT_UNREAD",
    "OPT_HIDDEN",
    "OPT_ASSOCIATED",
    "OPT_NOCONFIRM",
    "OPT_UNICODE",
    "OPT_QUIET",
    "OPT_PROGRESS",
];
const METHODS: &[&str] = &[
    "HrCheckStore(lpMDB, ulFlags)",
    "lpMDB->SetReceiveFolder(NULL, 0, cbEntryID, lpEntryID)",
    "lpMDB->SaveChanges(KEEP_OPEN_READWRITE)",
    "HrValidateArgument(argv, argc, nCount)",
    "HrWriteLine(hOut, szCmd, nCount)",
];

fn pad(depth: usize) -> String {
    "    ".repeat(depth)
}

fn lines_of(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

/// One command function under construction: its text, its remaining branch budget and what
/// it holds.
struct Body<'r> {
    rng: &'r mut Rng,
    out: String,
    /// Branches still to write.
    left: usize,
    /// A folder is opened in this function (released in the ladder).
    folder: bool,
}

impl Body<'_> {
    fn line(&mut self, depth: usize, text: &str) {
        writeln!(self.out, "{}{text}", pad(depth)).unwrap();
    }

    /// A checked call: `CHK(x)`, `CHK_LOG(x)` or `hr = x; if (FAILED(hr)) goto Cleanup;`.
    fn check(&mut self, depth: usize, call: &str) {
        match self.rng.below(3) {
            0 => self.line(depth, &format!("CHK({call});")),
            1 => self.line(depth, &format!("CHK_LOG({call});")),
            _ => {
                self.line(depth, &format!("hr = {call};"));
                self.line(depth, "if (FAILED(hr))");
                self.line(depth + 1, "goto Cleanup;");
            }
        }
        self.left = self.left.saturating_sub(1);
    }

    /// A property read and freed on every path (2-3 branches).
    fn prop(&mut self, depth: usize) {
        let p = self.rng.pick(PROPS);
        self.check(depth, &format!("HrGetOneProp(lpMDB, {p}, &lpProp)"));
        if self.rng.chance(50) {
            self.line(depth, "if (lpProp->ulPropTag == PROP_TAG(PT_LONG, 0))");
            self.line(depth + 1, "nCount += (int)lpProp->Value.l;");
            self.left = self.left.saturating_sub(1);
        } else {
            self.line(depth, "nCount += (int)lpProp->ulPropTag & 0xff;");
        }
        self.line(depth, "MAPIFreeBuffer(lpProp);");
        self.line(depth, "lpProp = NULL;");
    }

    /// Opens the folder of the receive entry (released, then reopened, when one is open).
    fn folder(&mut self, depth: usize) {
        if self.folder {
            self.line(depth, "if (lpFolder)");
            self.line(depth, "{");
            self.line(depth + 1, "lpFolder->Release();");
            self.line(depth + 1, "lpFolder = NULL;");
            self.line(depth, "}");
            self.left = self.left.saturating_sub(1);
        }
        self.folder = true;
        self.check(
            depth,
            "lpMDB->OpenEntry(cbEntryID, lpEntryID, NULL, MAPI_BEST_ACCESS, &ulObjType, (LPUNKNOWN *)&lpFolder)",
        );
        self.check(depth, "lpFolder->GetContentsTable(0, &lpTable)");
        self.line(depth, "lpTable->Release();");
        self.line(depth, "lpTable = NULL;");
    }

    /// A plain statement (no branch).
    fn plain(&mut self, depth: usize) {
        let k = self.rng.range(2, 97);
        let text = match self.rng.below(5) {
            0 => format!("nCount += {k};"),
            1 => format!("ulTotal = ulTotal * {k} + (ULONG)nCount;"),
            2 => format!(
                "HrWriteLine(hOut, \"{}\", nCount);",
                self.rng.pick(COMMANDS)
            ),
            3 => "szLast = argv[nCount % (argc > 0 ? argc : 1)];".to_string(),
            _ => format!("ulFlags &= ~(ULONG){k};"),
        };
        self.line(depth, &text);
    }

    /// One construct, nested at most `nest` deep.
    fn segment(&mut self, depth: usize, nest: usize) {
        if self.left == 0 {
            return self.plain(depth);
        }
        let kind = if nest >= 3 {
            self.rng.below(4)
        } else {
            self.rng.below(11)
        };
        match kind {
            0 => {
                let m = self.rng.pick(METHODS);
                self.check(depth, m);
            }
            1 => {
                let f = self.rng.pick(FLAGS);
                self.line(depth, &format!("if ({f})"));
                self.plain(depth + 1);
                self.left -= 1;
            }
            2 => self.prop(depth),
            3 => {
                let m = self.rng.pick(MASKS);
                self.line(depth, &format!("if (ulFlags & {m})"));
                self.line(depth, "{");
                self.plain(depth + 1);
                self.left -= 1;
                self.segment(depth + 1, nest + 1);
                self.line(depth, "}");
                if self.rng.chance(40) {
                    self.line(depth, "else");
                    self.line(depth, "{");
                    self.plain(depth + 1);
                    self.line(depth, "}");
                }
            }
            4 => {
                // A loop over the arguments with continue and break.
                self.line(depth, "for (i = 0; i < argc; i++)");
                self.line(depth, "{");
                self.line(depth + 1, "if (argv[i] == NULL || argv[i][0] == '\\0')");
                self.line(depth + 2, "continue;");
                let stop = self.rng.pick(COMMANDS);
                self.line(
                    depth + 1,
                    &format!("if (strcmp(argv[i], \"--{stop}\") == 0)"),
                );
                self.line(depth + 2, "break;");
                self.left = self.left.saturating_sub(4);
                for _ in 0..self.rng.range(1, 3) {
                    self.segment(depth + 1, nest + 1);
                }
                self.line(depth + 1, "nCount++;");
                self.line(depth, "}");
            }
            5 => {
                // A retry loop: a checked call, a break, a bound.
                let k = self.rng.range(2, 9);
                self.line(depth, &format!("ulRetry = {k};"));
                self.line(depth, "while (ulRetry-- > 0)");
                self.line(depth, "{");
                let m = self.rng.pick(METHODS);
                self.check(depth + 1, m);
                self.line(depth + 1, "if (hr == S_OK)");
                self.line(depth + 2, "break;");
                self.left = self.left.saturating_sub(2);
                self.segment(depth + 1, nest + 1);
                self.line(depth, "}");
            }
            6 => {
                // A chain of string compares on a sub-command.
                let arms = self.rng.range(3, 8).min(self.left.max(1));
                for a in 0..arms {
                    let c = self.rng.pick(COMMANDS);
                    let kw = if a == 0 { "if" } else { "else if" };
                    self.line(depth, &format!("{kw} (strcmp(szSub, \"{c}\") == 0)"));
                    self.line(depth, "{");
                    self.plain(depth + 1);
                    if self.rng.chance(40) {
                        self.segment(depth + 1, nest + 1);
                    }
                    self.line(depth, "}");
                    self.left = self.left.saturating_sub(1);
                }
                self.line(depth, "else");
                self.line(depth, "{");
                self.line(depth + 1, "hr = MAPI_E_INVALID_PARAMETER;");
                self.line(depth + 1, "goto Cleanup;");
                self.line(depth, "}");
            }
            7 => {
                // A switch on a command id.
                let arms = self.rng.range(4, 12).min(self.left.max(1));
                self.line(depth, "switch (ulCmd)");
                self.line(depth, "{");
                for a in 0..arms {
                    self.line(depth, &format!("case {}:", a + 1));
                    self.plain(depth + 1);
                    if self.rng.chance(30) {
                        self.segment(depth + 1, nest + 1);
                    }
                    if self.rng.chance(85) {
                        self.line(depth + 1, "break;");
                    }
                    self.left = self.left.saturating_sub(1);
                }
                self.line(depth, "default:");
                self.line(depth + 1, "break;");
                self.line(depth, "}");
            }
            8 => self.folder(depth),
            9 => {
                let k = self.rng.range(2, 500);
                self.line(depth, &format!("if (nCount > {k})"));
                self.line(depth, "{");
                self.left -= 1;
                for _ in 0..self.rng.range(1, 3) {
                    self.segment(depth + 1, nest + 1);
                }
                self.line(depth, "}");
                self.line(depth, "else");
                self.line(depth, "{");
                self.segment(depth + 1, nest + 1);
                self.line(depth, "}");
            }
            _ => {
                // An error of its own, down the ladder.
                let k = self.rng.range(2, 500);
                self.line(depth, &format!("if (ulTotal > {k} && !fForce)"));
                self.line(depth, "{");
                self.line(depth + 1, "hr = MAPI_E_CALL_FAILED;");
                self.line(depth + 1, "goto Cleanup;");
                self.line(depth, "}");
                self.left = self.left.saturating_sub(2);
            }
        }
    }
}

/// A command function with about `branches` branches. `own`: it logs on a session of its
/// own (logged off at the end of its `Cleanup:` ladder) instead of using its caller's.
fn command(rng: &mut Rng, out: &mut String, name: &str, branches: usize, own: bool) {
    let session = if own { "lpParent" } else { "lpSession" };
    writeln!(
        out,
        "HRESULT {name}(LPMAPISESSION {session}, HANDLE hOut, ULONG ulCmd, const char *szSub, int argc, char **argv, ULONG ulFlags)"
    )
    .unwrap();
    out.push_str(
        "{
    HRESULT hr = S_OK;
    LPMDB lpMDB = NULL;
    LPMAPIFOLDER lpFolder = NULL;
    LPMAPITABLE lpTable = NULL;
    LPSPropValue lpProp = NULL;
    LPENTRYID lpEntryID = NULL;
    ULONG cbEntryID = 0;
    ULONG ulObjType = 0;
    ULONG ulTotal = 0;
    ULONG ulRetry = 0;
    const char *szLast = NULL;
    int nCount = 0;
    int i = 0;
    BOOL fVerbose = (ulFlags & OPT_VERBOSE) != 0;
    BOOL fDryRun = (ulFlags & OPT_DRYRUN) != 0;
    BOOL fForce = (ulFlags & OPT_FORCE) != 0;
",
    );
    if own {
        out.push_str(
            "    LPMAPISESSION lpSession = NULL;

    CHK(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_USE_DEFAULT, &lpSession));
",
        );
    }
    out.push_str(
        "
    CHK(HrMAPIFindDefaultMsgStore(lpSession, &cbEntryID, &lpEntryID));
    CHK(lpSession->OpenMsgStore(0, cbEntryID, lpEntryID, NULL, MDB_NO_DIALOG | MAPI_BEST_ACCESS, &lpMDB));
",
    );
    let mut b = Body {
        rng,
        out: String::new(),
        left: branches.saturating_sub(2),
        folder: false,
    };
    while b.left > 0 {
        b.segment(1, 0);
    }
    out.push_str(&b.out);
    out.push_str(
        "    if (szLast != NULL && fVerbose)
        HrWriteLine(hOut, szLast, nCount);

Cleanup:
    if (lpProp)
        MAPIFreeBuffer(lpProp);
    if (lpTable)
        lpTable->Release();
    if (lpFolder)
        lpFolder->Release();
    if (lpMDB)
        lpMDB->Release();
    MAPIFreeBuffer(lpEntryID);
",
    );
    if own {
        out.push_str(
            "    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
    }
",
        );
    }
    out.push_str("    return hr;\n}\n\n");
}

/// One tool: its command functions, then the dispatcher. Returns the file's text.
fn tool(rng: &mut Rng, uid: &mut usize, stats: &mut [usize; 3]) -> String {
    let mut out = String::new();
    out.push_str(
        "// Generated by examples/gen_branchy.rs: a branchy MAPI command-line tool.
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include <string.h>

#define OPT_VERBOSE 0x0001
#define OPT_DRYRUN 0x0002
#define OPT_FORCE 0x0004
#define OPT_RECURSIVE 0x0010
#define OPT_UNREAD 0x0020
#define OPT_HIDDEN 0x0040
#define OPT_ASSOCIATED 0x0080
#define OPT_NOCONFIRM 0x0100
#define OPT_UNICODE 0x0200
#define OPT_QUIET 0x0400
#define OPT_PROGRESS 0x0800

#define CHK(x) do { hr = (x); if (FAILED(hr)) goto Cleanup; } while (0)
#define CHK_LOG(x) do { if (g_fTrace) HrTrace(#x); CHK(x); } while (0)

extern BOOL g_fTrace;
HRESULT HrTrace(const char *szWhat);
HRESULT HrWriteLine(HANDLE hOut, const char *szText, int n);
HRESULT HrValidateArgument(char **argv, int argc, int n);
HRESULT HrCheckStore(LPMDB lpMDB, ULONG ulFlags);

",
    );
    *uid += 1;
    let tool_id = *uid;
    let n = rng.range(2, 5);
    let mut names = Vec::new();
    for _ in 0..n {
        *uid += 1;
        let roll = rng.below(100);
        let (class, branches) = if roll < 50 {
            (0, rng.range(30, 59))
        } else if roll < 85 {
            (1, rng.range(60, 119))
        } else {
            (2, rng.range(120, 200))
        };
        stats[class] += 1;
        let name = format!("Cmd{}{}_b{branches}", rng.pick(VERBS), *uid);
        let own = rng.chance(30);
        command(rng, &mut out, &name, branches, own);
        names.push(name);
    }
    writeln!(out, "int RunTool{tool_id}(int argc, char **argv)").unwrap();
    out.push_str(
        "{
    HRESULT hr = S_OK;
    LPMAPISESSION lpSession = NULL;
    BOOL fInit = FALSE;
    ULONG ulFlags = 0;
    ULONG ulCmd = 0;
    const char *szSub = \"\";
    int i = 0;

    if (argc < 2)
        return 2;
    for (i = 2; i < argc; i++)
    {
        if (argv[i][0] != '-')
            break;
        if (strcmp(argv[i], \"-v\") == 0)
            ulFlags |= OPT_VERBOSE;
        else if (strcmp(argv[i], \"-n\") == 0)
            ulFlags |= OPT_DRYRUN;
        else if (strcmp(argv[i], \"-f\") == 0)
            ulFlags |= OPT_FORCE;
        else if (strcmp(argv[i], \"-r\") == 0)
            ulFlags |= OPT_RECURSIVE;
        else
            return 2;
    }
    if (i < argc)
        szSub = argv[i];
",
    );
    for (k, _) in names.iter().enumerate() {
        let kw = if k == 0 { "if" } else { "else if" };
        let c = COMMANDS[(tool_id + k) % COMMANDS.len()];
        writeln!(out, "    {kw} (strcmp(argv[1], \"{c}\") == 0)").unwrap();
        writeln!(out, "        ulCmd = {};", k + 1).unwrap();
    }
    out.push_str(
        "    else
        return 2;

    hr = MAPIInitialize(NULL);
    if (FAILED(hr))
        return 1;
    fInit = TRUE;
    CHK(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NEW_SESSION, &lpSession));
    switch (ulCmd)
    {
",
    );
    for (k, name) in names.iter().enumerate() {
        writeln!(out, "    case {}:", k + 1).unwrap();
        writeln!(
            out,
            "        hr = {name}(lpSession, GetStdHandle(STD_OUTPUT_HANDLE), ulCmd, szSub, argc - i, argv + i, ulFlags);"
        )
        .unwrap();
        writeln!(out, "        break;").unwrap();
    }
    out.push_str(
        "    default:
        hr = MAPI_E_INVALID_PARAMETER;
        break;
    }

Cleanup:
    if (lpSession)
    {
        lpSession->Logoff(0, 0, 0);
        lpSession->Release();
        lpSession = NULL;
    }
    if (fInit)
        MAPIUninitialize();
    return FAILED(hr) ? 1 : 0;
}
",
    );
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: gen_branchy OUT_DIR LINES");
        std::process::exit(2);
    }
    let lines: usize = args[1].parse().unwrap_or_else(|_| {
        eprintln!("LINES must be a positive integer, got {:?}", args[1]);
        std::process::exit(2);
    });
    let root = Path::new(&args[0]);
    let mut rng = Rng::new(0x6272_616e_6368_7931); // "branchy1"
    let (mut files, mut written, mut bytes, mut uid) = (0usize, 0usize, 0usize, 0usize);
    let mut classes = [0usize; 3];
    while written < lines {
        files += 1;
        let text = tool(&mut rng, &mut uid, &mut classes);
        let dir = root.join(format!("tools{}", files / 100));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        let path = dir.join(format!("tool{files}.cpp"));
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        written += lines_of(&text);
        bytes += text.len();
    }
    println!(
        "{files} files, {written} lines, {bytes} bytes; command functions planned with 30-59 / 60-119 / 120-200 branches: {} / {} / {}; in {}",
        classes[0],
        classes[1],
        classes[2],
        root.display()
    );
}
