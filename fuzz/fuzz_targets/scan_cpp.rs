//! String written to a temporary `.cpp` file -> the whole pipeline (`mapi_lint::scan`) with the
//! built-in rules: discovery, loading, neutraliser, lowering, link, CFG builder, rule engine.
//! `scan` turns panics in lowering/analysis into notes and counts them in `internal_errors`;
//! this target treats any internal error as a failure (libFuzzer's panic hook also aborts on
//! the first panic, caught or not).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mapi_lint::{ScanOptions, rules, scan};
use std::path::PathBuf;
use std::sync::OnceLock;

struct Env {
    file: PathBuf,
    rules: Vec<rules::Rule>,
}

fn env() -> &'static Env {
    static E: OnceLock<Env> = OnceLock::new();
    E.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("mapi-lint-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Env {
            file: dir.join("input.cpp"),
            rules: rules::builtin().expect("built-in rules load"),
        }
    })
}

fuzz_target!(|text: &str| {
    let env = env();
    std::fs::write(&env.file, text).unwrap();
    let out = scan(&ScanOptions {
        jobs: 1,
        // No per-file parse budget (the default): a slow input must surface as a libFuzzer
        // timeout, not as a "skipped" note. Parse the input even when it mentions no
        // lifecycle API (the pre-filter would skip it).
        prefilter: false,
        ..ScanOptions::new(vec![env.file.clone()], env.rules.clone())
    });
    if out.internal_errors > 0 {
        panic!("internal error: {:?}", out.notes);
    }
});
