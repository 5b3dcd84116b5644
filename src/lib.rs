//! mapi-lint: finds MAPI shutdown-protocol bugs in C, C++ and Rust clients.
//!
//! Pipeline (see ARCHITECTURE.md): `discover` -> `source` -> `frontend` -> `ir` -> `graph` ->
//! `engine` (driven by `rules`) -> `diagnostic` -> `report`. `cli` is the command line.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod frontend;
pub mod gate;
pub mod graph;
pub mod ir;
pub mod prefilter;
pub mod report;
pub mod rules;
pub mod source;
pub mod unparsed;

use diagnostic::Finding;
use rayon::prelude::*;
use source::SourceFile;
use std::path::PathBuf;

/// Stack size of the threads that lower and analyse files: lowering and the analysis recurse
/// up to a fixed depth, and debug builds use large frames.
pub const WORKER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `f` on a thread with [`WORKER_STACK_BYTES`] of stack.
pub fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(WORKER_STACK_BYTES)
        .spawn(f)
        .expect("spawn worker thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub paths: Vec<PathBuf>,
    pub rules: Vec<rules::Rule>,
    pub max_file_bytes: u64,
    pub follow_symlinks: bool,
    /// Extra macro names to neutralise before parsing (project export macros...).
    pub extra_macros: Vec<String>,
    /// Worker threads (0: all cores).
    pub jobs: usize,
    /// Parse without neutralising annotation macros (only to measure what it buys).
    pub no_neutralise: bool,
    /// Stop after parsing and lowering (the benchmark's floor): no analysis, no findings.
    pub parse_only: bool,
    /// Project smart-pointer types (release what they hold at scope end), beyond the built-in
    /// `CComPtr`, `CComQIPtr`, `std::unique_ptr`, `object_ptr`, `memory_ptr`...
    pub smart_pointers: Vec<String>,
    /// Project check macros: name and C body (`if (FAILED(x)) goto Cleanup;`).
    pub check_macros: Vec<(String, String)>,
    /// Project functions that never return (`noreturn = ["MyDie"]`), beyond the built-in
    /// exits, the declared and the inferred ones.
    pub noreturn: Vec<String>,
    /// The configuration's include/exclude globs.
    pub filter: config::Filter,
    /// Parsing a file may take at most this long; a file over it is skipped with a note.
    pub file_time_budget: Option<std::time::Duration>,
    /// Parse only the files that can matter (see [`prefilter`]); results are the same.
    pub prefilter: bool,
    /// Which files are sources of which language: the command line's `--ext` patterns, then
    /// (after [`ScanOptions::configured`]) the configuration's `[languages]`, then the
    /// built-in extensions.
    pub languages: discover::LanguageMap,
}

impl ScanOptions {
    /// The command line's defaults for `paths` and `rules`: size cap 8 MiB, no symlinks, all
    /// cores, neutralisation and the pre-filter on, no parse budget, no project configuration.
    pub fn new(paths: Vec<PathBuf>, rules: Vec<rules::Rule>) -> ScanOptions {
        ScanOptions {
            paths,
            rules,
            max_file_bytes: source::DEFAULT_MAX_FILE_BYTES,
            follow_symlinks: false,
            extra_macros: Vec::new(),
            jobs: 0,
            no_neutralise: false,
            parse_only: false,
            smart_pointers: Vec::new(),
            check_macros: Vec::new(),
            noreturn: Vec::new(),
            filter: config::Filter::default(),
            file_time_budget: None,
            prefilter: true,
            languages: discover::LanguageMap::default(),
        }
    }
}

impl ScanOptions {
    /// These options with a project configuration's settings (smart pointers, no-return
    /// functions, check macros, macros to ignore, plus `extra_macros` from the command line,
    /// include/exclude globs, the `[languages]` patterns after those already in `languages`).
    pub fn configured(
        self,
        loaded: &config::Loaded,
        extra_macros: &[String],
    ) -> anyhow::Result<ScanOptions> {
        let c = &loaded.config;
        let mut macros = c.ignore_macros.clone();
        macros.extend(extra_macros.iter().cloned());
        let mut patterns = self.languages.patterns().to_vec();
        patterns.extend(loaded.language_patterns());
        let languages = discover::LanguageMap::new(&loaded.root, patterns)?;
        Ok(ScanOptions {
            extra_macros: macros,
            smart_pointers: c.smart_pointers.clone(),
            noreturn: c.noreturn.clone(),
            check_macros: c
                .check_macros
                .iter()
                .filter_map(|(n, a)| config::check_macro_body(a).map(|b| (n.clone(), b)))
                .collect(),
            filter: config::Filter::new(loaded)?,
            languages,
            ..self
        })
    }
}

/// A per-file message: a file that was skipped, read lossily, or analysed approximately.
/// Notes are sorted by path, then line, then message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub path: String,
    /// The line the note is about (it orders a file's notes); `None` for the whole file.
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct ScanOutcome {
    pub files: Vec<SourceFile>,
    pub notes: Vec<Note>,
    /// Sorted by file, line, column, rule; one per (rule, file, primary line).
    pub findings: Vec<Finding>,
    /// Parse statistics: files whose tree still had syntax errors after neutralisation.
    pub files_with_syntax_errors: usize,
    /// Lifecycle calls inside C/C++ code that could not be parsed (each also has a note, up
    /// to [`unparsed::NOTES_PER_FILE`] per file).
    pub unparsed_calls: unparsed::Totals,
    /// Bugs in mapi-lint itself met during the scan (each also has a note); exit status 2.
    pub internal_errors: usize,
    /// Files parsed (the others were left out by the pre-filter).
    pub files_parsed: usize,
    /// Wall time of each phase (for `--stats`).
    pub phases: Vec<(&'static str, std::time::Duration)>,
    /// Regular files under the scanned directories that were not read because of their
    /// extension (after `.gitignore` and include/exclude).
    pub skipped: Skipped,
    /// What the analysis of each function cost (for `--stats`), in bottom-up order.
    pub functions: Vec<engine::FunctionStat>,
    /// (function, rule) pairs whose exploration stopped at `engine::STATE_BUDGET` (each also
    /// has a note).
    pub approximations: Vec<engine::Approximation>,
}

impl ScanOutcome {
    /// Files of the scan (not built-in models, not headers read only for context).
    pub fn scanned_files(&self) -> usize {
        self.files
            .iter()
            .filter(|f| !f.builtin && !f.context)
            .count()
    }
}

/// Files left out for their extension, counted per extension.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The scanned roots, as the note's path (`.`, or `src, lib`).
    pub roots: String,
    /// (`.txt` or `(none)`, count), most frequent first, then by name.
    pub by_extension: Vec<(String, usize)>,
}

impl Skipped {
    /// How many extensions the message names; the rest are counted.
    pub const SHOWN: usize = 10;

    /// Counts `paths` by their (lower-cased) extension.
    pub fn count<'a>(
        roots: String,
        paths: impl IntoIterator<Item = &'a std::path::Path>,
    ) -> Skipped {
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for p in paths {
            let ext = match p.extension() {
                Some(e) => format!(".{}", e.to_string_lossy().to_lowercase()),
                None => "(none)".to_string(),
            };
            *counts.entry(ext).or_default() += 1;
        }
        let mut by_extension: Vec<(String, usize)> = counts.into_iter().collect();
        by_extension.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Skipped {
            roots,
            by_extension,
        }
    }

    pub fn total(&self) -> usize {
        self.by_extension.iter().map(|e| e.1).sum()
    }

    /// One line: "41 files not scanned for their extension (.txt 12, .h~ 3, ...); ...", or
    /// `None` when there were none.
    pub fn message(&self) -> Option<String> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let mut list: Vec<String> = self
            .by_extension
            .iter()
            .take(Self::SHOWN)
            .map(|(e, n)| format!("{e} {n}"))
            .collect();
        let rest = self.by_extension.len().saturating_sub(Self::SHOWN);
        if rest > 0 {
            list.push(format!(
                "and {rest} more extension{}",
                if rest == 1 { "" } else { "s" }
            ));
        }
        Some(format!(
            "{total} file{} not scanned for {} extension ({}); to scan files of another extension as C, C++ or Rust, map it with `--ext EXT=LANG` or `[languages]` in mapi-lint.toml",
            if total == 1 { "" } else { "s" },
            if total == 1 { "its" } else { "their" },
            list.join(", ")
        ))
    }

    /// The one note the JSON output carries about them.
    pub fn note(&self) -> Option<Note> {
        self.message().map(|message| Note {
            path: self.roots.clone(),
            line: None,
            message,
        })
    }
}

/// Runs the whole pipeline. Never panics on any input: per-file problems become notes.
/// The lowering of one file: the IR, a per-file message, or a caught panic's message.
type Lowered = Result<Result<frontend::cpp::CppFile, String>, String>;

/// Sets up mimalloc for the binaries: tree-sitter's C allocations go through it too (parsing
/// allocates and frees a syntax tree per file on every worker thread), and it never hands
/// freed memory back to the OS (`purge_delay` -1). A scan is one short process: purging cost
/// a `madvise` per span during the run and about 270 of them (about 20 ms on 1M lines) in
/// mimalloc's exit handler, for memory the exit frees anyway.
///
/// Call it first in `main`, before any thread or tree-sitter object exists (the library's own
/// users, tests among them, keep the system allocator for tree-sitter).
pub fn configure_allocator() {
    use libmimalloc_sys::{mi_calloc, mi_free, mi_malloc, mi_option_set, mi_realloc};
    // `mi_option_purge_delay` in `mi_option_e` (mimalloc.h, the same index in v2 and v3: the
    // enum keeps deprecated entries so that indices stay stable).
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: the four functions have the C allocator signatures tree-sitter expects, and the
    // binaries call this once, at the start of `main`, before any tree-sitter allocation;
    // setting an option is allowed at any time.
    unsafe {
        mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: mi_malloc,
            calloc: mi_calloc,
            realloc: mi_realloc,
            free: mi_free,
        }));
    }
}

pub fn scan(opts: &ScanOptions) -> ScanOutcome {
    let (outcome, program) = scan_program(opts);
    // Freeing the IR of a large program takes tens of milliseconds that nothing waits for.
    std::thread::spawn(move || drop(program));
    outcome
}

/// [`scan`], also returning the linked program it analysed (for `mapi-lint graph`).
pub fn scan_program(opts: &ScanOptions) -> (ScanOutcome, ir::Program) {
    let clock = std::time::Instant::now();
    let found = discover_files(opts);
    scan_discovered_since(opts, found, clock)
}

/// The first step of [`scan`]: the files `opts` selects (read later, by [`scan_discovered`]).
pub fn discover_files(opts: &ScanOptions) -> discover::Discovered {
    discover::discover(
        &opts.paths,
        &discover::Options {
            follow_symlinks: opts.follow_symlinks,
            threads: opts.jobs,
            languages: opts.languages.clone(),
        },
    )
}

/// The rest of [`scan_program`] after [`discover_files`]: files that changed or went away
/// since they were discovered get a note like any file that cannot be read.
pub fn scan_discovered(
    opts: &ScanOptions,
    found: discover::Discovered,
) -> (ScanOutcome, ir::Program) {
    scan_discovered_since(opts, found, std::time::Instant::now())
}

fn scan_discovered_since(
    opts: &ScanOptions,
    found: discover::Discovered,
    clock: std::time::Instant,
) -> (ScanOutcome, ir::Program) {
    let mut phases: Vec<(&'static str, std::time::Duration)> = Vec::new();
    let mut lap = |name: &'static str| phases.push((name, clock.elapsed()));
    let discover::Discovered {
        candidates,
        errors: walk_errors,
        skipped,
    } = found;
    let mut notes: Vec<Note> = walk_errors
        .into_iter()
        .map(|e| Note {
            path: e.path,
            line: None,
            message: e.message,
        })
        .collect();

    let pool = worker_pool(opts.jobs);
    let skipped: Vec<PathBuf> = pool.install(|| {
        skipped
            .into_par_iter()
            .filter(|p| opts.filter.accepts(p))
            .collect()
    });
    let roots: Vec<String> = opts
        .paths
        .iter()
        .map(|p| discover::display_path(p, None))
        .collect();
    let skipped = Skipped::count(roots.join(", "), skipped.iter().map(PathBuf::as_path));
    // Files are read in parallel; the results keep the discovery order.
    let loaded: Vec<_> = pool.install(|| {
        candidates
            .into_par_iter()
            .filter(|c| opts.filter.accepts(&c.path))
            .map(|c| {
                let r = source::load(&c.path, c.display.clone(), c.language, opts.max_file_bytes);
                (c.display, r)
            })
            .collect()
    });
    let mut files = Vec::new();
    for (display, r) in loaded {
        match r {
            Ok(f) => {
                if f.lossy {
                    notes.push(Note {
                        path: f.display.clone(),
                        line: None,
                        message: "not valid UTF-8; invalid bytes were read as `?` and the file was analysed".into(),
                    });
                }
                files.push(f);
            }
            Err(reason) => notes.push(Note {
                path: display,
                line: None,
                message: reason.to_string(),
            }),
        }
    }

    pool.install(|| add_included_headers(&mut files, opts));
    lap("discover and read");
    // The outlook-mapi crate is modelled built-in when it is used but its source is not
    // scanned (a file of the scanned crate itself defines `Initialize`).
    let uses_model = files.iter().any(|f| {
        f.language == source::Language::Rust && frontend::rust::uses_outlook_mapi(&f.text)
    });
    let has_crate = files.iter().any(|f| {
        f.language == source::Language::Rust
            && f.text.contains("pub struct Initialize")
            && f.text.contains("MAPIInitialize")
    });
    let model_file = (uses_model && !has_crate).then(|| {
        files.push(SourceFile {
            display: "<built-in outlook-mapi model>".into(),
            path: PathBuf::from("<built-in outlook-mapi model>"),
            language: source::Language::Rust,
            text: frontend::rust::OUTLOOK_MAPI_MODEL.to_string(),
            lossy: false,
            builtin: true,
            context: false,
        });
        files.len() - 1
    });

    // The project's annotation macros (`#define KC_EXPORT __attribute__((..))`), read from
    // every C/C++ file's text: the header that defines one is often not parsed.
    let annotations = if opts.no_neutralise {
        Vec::new()
    } else {
        frontend::prep::annotation_macros(pool.install(|| {
            files
                .par_iter()
                .filter(|f| f.language == source::Language::Cpp)
                .flat_map_iter(|f| frontend::prep::object_macros(&f.text))
                .collect()
        }))
    };
    let custom;
    let neutraliser: &frontend::prep::Neutraliser = if opts.no_neutralise {
        custom = frontend::prep::Neutraliser::disabled();
        &custom
    } else if opts.extra_macros.is_empty() && annotations.is_empty() {
        frontend::prep::Neutraliser::builtin()
    } else {
        custom = frontend::prep::Neutraliser::with_annotations(&opts.extra_macros, &annotations);
        &custom
    };
    let lower_one = |parser: &mut tree_sitter::Parser, id: usize| -> Lowered {
        let f = &files[id];
        // A bug in lowering one file must not cost the other files their results.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match f.language {
            source::Language::Cpp => frontend::cpp::lower_file_within(
                parser,
                neutraliser,
                id,
                &f.text,
                opts.file_time_budget,
            ),
            source::Language::Rust => {
                frontend::rust::lower_file(id, &f.text).map(|r| frontend::cpp::CppFile {
                    functions: r.functions,
                    classes: r.classes,
                    ..Default::default()
                })
            }
        }))
        .map_err(|e| panic_message(&e))
    };
    // Which files to parse: all of them, or (pre-filter) those that mention a name that
    // matters, grown to a fixpoint with the names the parsed files define.
    let n = files.len();
    let texts: Vec<&str> = files.iter().map(|f| f.text.as_str()).collect();
    let prefilter = opts.prefilter && !opts.parse_only;
    // No-return declarations are read from every C/C++ file's text as written (a header that
    // only declares `[[noreturn]] void Die(..)` is often not parsed; neutralisation would
    // blank `__declspec(..)`).
    let declared_noreturn: Vec<String> = pool.install(|| {
        files
            .par_iter()
            .filter(|f| f.language == source::Language::Cpp)
            .flat_map_iter(|f| frontend::cpp::noreturn_decls(&f.text))
            .collect()
    });
    // Type aliases, read the same way: a `typedef memory_ptr<ADRLIST, ..> adrlist_ptr;` in a
    // header decides whether a local of that type frees what it holds.
    let aliases: Vec<(String, String)> = pool.install(|| {
        files
            .par_iter()
            .filter(|f| f.language == source::Language::Cpp)
            .flat_map_iter(|f| frontend::cpp::type_aliases(&f.text))
            .collect()
    });
    let mut marked = vec![false; n];
    let mut names = prefilter::seed_names(&opts.rules);
    let mut todo: Vec<usize> = if prefilter {
        let mut v = pool.install(|| {
            let mut v = prefilter::mentions(&texts, &marked, &names);
            v.par_extend((0..n).into_par_iter().filter(|&i| {
                files[i].language == source::Language::Cpp
                    && prefilter::defines_check_macro(texts[i])
            }));
            v
        });
        v.extend(model_file);
        v.sort_unstable();
        v.dedup();
        // When most of the code already matters (a real MAPI client), the later rounds would
        // save little and cost a barrier each: parse everything at once.
        let selected: usize = v.iter().map(|&i| texts[i].len()).sum();
        let total: usize = texts.iter().map(|t| t.len()).sum();
        if selected * 2 >= total {
            v = (0..n).collect();
        }
        v
    } else {
        (0..n).collect()
    };
    // Callees whose definitions were looked for (each is looked for once).
    let mut wanted: std::collections::BTreeSet<String> = Default::default();
    let mut slots: Vec<Option<Lowered>> = (0..n).map(|_| None).collect();
    while !todo.is_empty() {
        for &i in &todo {
            marked[i] = true;
        }
        // Largest files first, one task each, so that no large file starts last.
        todo.sort_by_key(|&i| (std::cmp::Reverse(texts[i].len()), i));
        let results: Vec<(usize, Lowered)> = pool.install(|| {
            todo.par_iter()
                .with_max_len(1)
                .map_init(frontend::cpp::new_parser, |parser, &id| {
                    (id, lower_one(parser, id))
                })
                .collect()
        });
        for (id, r) in results {
            slots[id] = Some(r);
        }
        todo = if prefilter && marked.iter().any(|m| !m) {
            let parsed: Vec<&ir::Function> = slots
                .iter()
                .flatten()
                .filter_map(|l| l.as_ref().ok().and_then(|l| l.as_ref().ok()))
                .flat_map(|l| l.functions.iter())
                .collect();
            let (new, callees) = pool.install(|| prefilter::grow(&parsed, &mut names));
            let callees: std::collections::BTreeSet<String> =
                callees.difference(&wanted).cloned().collect();
            wanted.extend(callees.iter().cloned());
            pool.install(|| prefilter::select(&texts, &marked, &new, &callees))
        } else {
            Vec::new()
        };
    }
    lap("pre-filter, parse and lower");
    let files_parsed = marked.iter().filter(|&&m| m).count();
    let lowered: Vec<(usize, Lowered)> = slots
        .into_iter()
        .enumerate()
        .filter_map(|(id, l)| l.map(|l| (id, l)))
        .collect();

    let mut program = ir::Program {
        noreturn: declared_noreturn,
        ..ir::Program::default()
    };
    let mut files_with_syntax_errors = 0;
    let mut unparsed_calls = unparsed::Totals::default();
    let finder = unparsed::Finder::new(&opts.rules);
    let mut internal_errors = 0;
    for (id, l) in lowered {
        let l = match l {
            Ok(Ok(l)) => l,
            Ok(Err(message)) => {
                notes.push(Note {
                    path: files[id].display.clone(),
                    line: None,
                    message,
                });
                continue;
            }
            Err(msg) => {
                internal_errors += 1;
                notes.push(Note {
                    path: files[id].display.clone(),
                    line: None,
                    message: format!("internal error in mapi-lint while lowering this file (please report): {msg}"),
                });
                continue;
            }
        };
        if l.error_nodes > 0 && !files[id].context {
            files_with_syntax_errors += 1;
        }
        if !l.unparsed_calls.is_empty() {
            let f = &files[id];
            let calls = finder.calls(&f.text, &l.unparsed_calls, &l.functions);
            unparsed_calls.add(&calls);
            notes.extend(unparsed::notes(&f.display, &f.text, &calls));
        }
        if l.truncated {
            notes.push(Note {
                path: files[id].display.clone(),
                line: None,
                message: format!(
                    "nesting deeper than {} levels was not analysed",
                    frontend::cpp::MAX_DEPTH
                ),
            });
        }
        let builtin = Some(id) == model_file;
        program
            .functions
            .extend(l.functions.into_iter().map(|mut f| {
                f.builtin = builtin;
                f
            }));
        program.classes.extend(l.classes);
        program
            .globals
            .extend(
                l.globals
                    .into_iter()
                    .map(|(name, ty, span)| ir::Global { name, ty, span }),
            );
        program.macros.extend(l.macros);
    }

    if opts.parse_only {
        notes.sort();
        notes.dedup();
        let outcome = ScanOutcome {
            files,
            notes,
            findings: Vec::new(),
            files_with_syntax_errors,
            unparsed_calls,
            internal_errors,
            files_parsed,
            phases,
            skipped,
            functions: Vec::new(),
            approximations: Vec::new(),
        };
        return (outcome, program);
    }
    program.noreturn.extend(opts.noreturn.iter().cloned());
    for (name, body) in &opts.check_macros {
        program.macros.push(ir::MacroDef {
            name: name.clone(),
            params: vec!["x".into()],
            body: body.clone(),
            span: ir::Span::default(),
        });
    }
    // Each file's directory as a number (files in the same directory share it).
    let mut dirs: rustc_hash::FxHashMap<&std::path::Path, usize> = Default::default();
    program.file_dirs = files
        .iter()
        .map(|f| {
            let d = f.path.parent().unwrap_or(std::path::Path::new(""));
            let next = dirs.len();
            *dirs.entry(d).or_insert(next)
        })
        .collect();
    pool.install(|| engine::link::link(&mut program));
    lap("assemble and link");
    let smart_pointers = engine::summary::smart_aliases(&aliases, &opts.smart_pointers);
    // `typedef LPSPropValue PropArray;`: the pointer-ness of a name, as the engine reads it
    // from a declared type (an `LP` or `P` prefix, a `*`), through the alias.
    let pointer_aliases = engine::summary::pointer_aliases(&aliases, |t| {
        t.contains('*')
            || t.starts_with("LP")
            || (t.starts_with('P') && t[1..].starts_with(|c: char| c.is_ascii_uppercase()))
    });
    let out =
        pool.install(|| engine::run(&program, &opts.rules, &smart_pointers, &pointer_aliases));
    lap("analyse");
    for e in &out.internal_errors {
        internal_errors += 1;
        notes.push(Note {
            path: files[e.span.file].display.clone(),
            line: None,
            message: format!(
                "internal error in mapi-lint while analysing `{}` (please report): {}",
                e.function, e.message
            ),
        });
    }
    for a in &out.approximations {
        notes.push(Note {
            path: files[a.span.file].display.clone(),
            line: None,
            message: format!(
                "`{}` has too many paths for rule `{}` (over {} states); it was analysed only in part",
                a.function,
                a.rule,
                engine::STATE_BUDGET
            ),
        });
    }
    let mut findings = out.findings;
    if let Some(m) = model_file {
        findings.retain(|f| f.primary.span.file != m);
    }
    findings.retain(|f| !files[f.primary.span.file].context);
    notes.retain(|n| !files.iter().any(|f| f.context && f.display == n.path));
    let findings = fold_by_line(findings, &files);
    notes.sort();
    notes.dedup();
    let outcome = ScanOutcome {
        files,
        notes,
        findings,
        files_with_syntax_errors,
        unparsed_calls,
        internal_errors,
        files_parsed,
        phases,
        skipped,
        functions: out.functions,
        approximations: out.approximations,
    };
    (outcome, program)
}

/// At most this many headers are read for context (see [`add_included_headers`]).
const MAX_CONTEXT_HEADERS: usize = 256;

/// The headers the scanned C/C++ files include by a quoted name (`#include "archive.h"`),
/// found beside the including file, that the scan does not already hold (a file given alone,
/// a header outside the scanned directory), transitively: read for their macros (a
/// `CHK_HR` that returns), types and declarations, as a compiler would, but reported on only
/// when they are scanned themselves. One that cannot be read is left out without a note:
/// nobody asked for it.
fn add_included_headers(files: &mut Vec<SourceFile>, opts: &ScanOptions) {
    let includes = |f: &SourceFile| -> Vec<PathBuf> {
        if f.builtin || f.language != source::Language::Cpp {
            return Vec::new();
        }
        let dir = f.path.parent().unwrap_or(std::path::Path::new(""));
        source::quoted_includes(&f.text)
            .map(|name| dir.join(name.replace('\\', "/")))
            .collect()
    };
    // Read in parallel: every file's text is looked through, most name no header at all.
    let mut pending: Vec<PathBuf> = files.par_iter().flat_map_iter(includes).collect();
    if pending.is_empty() {
        return;
    }
    let key = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut known: std::collections::HashSet<PathBuf> = files
        .par_iter()
        .filter(|f| !f.builtin)
        .map(|f| key(&f.path))
        .collect();
    let mut added = 0;
    while let Some(path) = pending.pop() {
        if added >= MAX_CONTEXT_HEADERS {
            break;
        }
        if opts.languages.language(&path) != Some(source::Language::Cpp)
            || !path.is_file()
            || !opts.filter.accepts(&path)
            || !known.insert(key(&path))
        {
            continue;
        }
        let display = discover::display_path(&path, None);
        if let Ok(mut h) = source::load(&path, display, source::Language::Cpp, opts.max_file_bytes)
        {
            h.context = true;
            pending.extend(includes(&h));
            files.push(h);
            added += 1;
        }
    }
}

/// The pool that runs a scan with `jobs` threads (0: all cores), each with
/// [`WORKER_STACK_BYTES`] of stack. It is built on a thread's first scan with that thread count
/// and kept for the thread's later scans: building one spawns its threads, which cost more
/// than scanning a small file, and a library user that scans many times (the fuzzer) paid it
/// on every call. One cache per calling thread, so concurrent scans from different threads
/// never share a pool, as when each built its own; it goes when the thread ends.
fn worker_pool(jobs: usize) -> std::rc::Rc<rayon::ThreadPool> {
    thread_local! {
        static POOLS: std::cell::RefCell<Vec<(usize, std::rc::Rc<rayon::ThreadPool>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    POOLS.with_borrow_mut(|pools| {
        if let Some((_, pool)) = pools.iter().find(|(j, _)| *j == jobs) {
            return pool.clone();
        }
        let pool = std::rc::Rc::new(
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .stack_size(WORKER_STACK_BYTES)
                .build()
                .expect("thread pool"),
        );
        pools.push((jobs, pool.clone()));
        pool
    })
}

/// The text of a caught panic.
pub(crate) fn panic_message(e: &Box<dyn std::any::Any + Send>) -> String {
    e.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// One finding per (rule, file, primary line), sorted by file, line, column and rule.
fn fold_by_line(findings: Vec<Finding>, files: &[SourceFile]) -> Vec<Finding> {
    let mut keyed: Vec<((String, usize, usize, String), Finding)> = findings
        .into_iter()
        .map(|f| {
            let file = &files[f.primary.span.file];
            let (line, col) = report::line_col(&file.text, f.primary.span.start as usize);
            ((file.display.clone(), line, col, f.rule.clone()), f)
        })
        .collect();
    let same_line = |k: &(String, usize, usize, String)| (k.0.clone(), k.1, k.3.clone(), k.2);
    keyed.sort_by_key(|a| same_line(&a.0));
    keyed.dedup_by(|a, b| a.0.0 == b.0.0 && a.0.1 == b.0.1 && a.0.3 == b.0.3);
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, f)| f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn skipped_files_are_counted_by_extension_most_frequent_first() {
        let names = [
            "a.TXT", "b.txt", "Makefile", "c.h~", "d.png", "e.png", "f.png",
        ];
        let s = Skipped::count(".".into(), names.iter().map(Path::new));
        assert_eq!(s.total(), 7);
        let m = s.message().unwrap();
        assert!(
            m.starts_with(
                "7 files not scanned for their extension (.png 3, .txt 2, (none) 1, .h~ 1); "
            ),
            "{m}"
        );
        assert_eq!(s.note().unwrap().path, ".");
        let many: Vec<String> = (0..13).map(|i| format!("f.e{i:02}")).collect();
        let s = Skipped::count(".".into(), many.iter().map(Path::new));
        let m = s.message().unwrap();
        assert!(m.contains(".e09 1, and 3 more extensions)"), "{m}");
        let one = Skipped::count(".".into(), [Path::new("x.md")]);
        assert!(
            one.message()
                .unwrap()
                .starts_with("1 file not scanned for its extension (.md 1)")
        );
        assert_eq!(Skipped::default().message(), None);
    }

    #[test]
    fn a_thread_reuses_its_pool_per_thread_count_and_threads_do_not_share_one() {
        let one = worker_pool(1);
        assert!(std::rc::Rc::ptr_eq(&one, &worker_pool(1)));
        assert_eq!(one.current_num_threads(), 1);
        let two = worker_pool(2);
        assert!(!std::rc::Rc::ptr_eq(&one, &two));
        assert_eq!(two.current_num_threads(), 2);
        let here = std::rc::Rc::as_ptr(&one) as usize;
        let there = std::thread::spawn(|| std::rc::Rc::as_ptr(&worker_pool(1)) as usize)
            .join()
            .unwrap();
        assert_ne!(here, there);
    }

    #[test]
    fn repeated_scans_from_one_thread_give_the_same_outcome() {
        let dir = std::env::temp_dir().join(format!("mapi-lint-rescan-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.cpp");
        std::fs::write(
            &file,
            "void f() { MAPIInitialize(NULL); LPMAPISESSION s; \
             MAPILogonEx(0, NULL, NULL, 0, &s); }\n",
        )
        .unwrap();
        let opts = ScanOptions {
            jobs: 1,
            ..ScanOptions::new(vec![file], rules::builtin().unwrap())
        };
        let shown = |o: &ScanOutcome| {
            let findings: Vec<String> = o
                .findings
                .iter()
                .map(|f| format!("{} {:?}", f.rule, f.primary.span))
                .collect();
            (findings, o.notes.clone(), o.internal_errors)
        };
        let first = shown(&scan(&opts));
        assert!(!first.0.is_empty(), "the example has findings");
        for _ in 0..3 {
            assert_eq!(shown(&scan(&opts)), first);
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
