//! String written to a temporary `.cpp` file -> the whole pipeline (`mapi_lint::scan`) with the
//! built-in rules: discovery, loading, neutraliser, lowering, link, CFG builder, rule engine.
//! `scan` turns panics in lowering/analysis into notes and counts them in `internal_errors`;
//! this target treats any internal error as a failure (libFuzzer's panic hook also aborts on
//! the first panic, caught or not).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mapi_lint::{ScanOptions, rules, scan_program};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Built once: the input file's path and the options (with the built-in rules) are the same
/// for every input.
struct Env {
    file: PathBuf,
    opts: ScanOptions,
}

fn env() -> &'static Env {
    static E: OnceLock<Env> = OnceLock::new();
    E.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("mapi-lint-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("input.cpp");
        let rules = rules::builtin().expect("built-in rules load");
        Env {
            opts: ScanOptions {
                jobs: 1,
                // No per-file parse budget (the default): a slow input must surface as a
                // libFuzzer timeout, not as a "skipped" note. Parse the input even when it
                // mentions no lifecycle API (the pre-filter would skip it).
                prefilter: false,
                ..ScanOptions::new(vec![file.clone()], rules)
            },
            file,
        }
    })
}

fuzz_target!(|text: &str| {
    let env = env();
    std::fs::write(&env.file, text).unwrap();
    // `scan_program`, not `scan`: `scan` frees the program on a new thread, a thread spawn
    // per input; here it is freed in the execution.
    let (out, program) = scan_program(&env.opts);
    drop(program);
    if out.internal_errors > 0 {
        panic!("internal error: {:?}", out.notes);
    }
});
