//! Parse and lower against the tree-sitter floor (issue 16, item 4): on the same C/C++ files,
//! in one run and on one thread, the time of
//!   1. tree-sitter-cpp parsing the bytes as read (the floor: what any tree-sitter tool pays),
//!   2. the macro neutraliser alone,
//!   3. tree-sitter-cpp parsing the neutralised text,
//!   4. what mapi-lint does per file: neutralise, parse, lower to IR (`cpp::lower_file`),
//!
//! each the best of RUNS passes (default 3), in MB/s of source.
//! Usage: cargo run --release --example parse_floor -- DIR... [--runs N]
use mapi_lint::frontend::{cpp, prep::Neutraliser};
use mapi_lint::source::Language;
use std::time::{Duration, Instant};

// The allocator the mapi-lint binary uses (src/main.rs), so that lowering is timed as it runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut dirs = Vec::new();
    let mut runs = 3;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N");
        } else {
            dirs.push(a);
        }
    }
    assert!(!dirs.is_empty(), "usage: parse_floor DIR... [--runs N]");
    let mut texts = Vec::new();
    for dir in &dirs {
        for e in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let p = e.path();
            if !e.file_type().is_file() || Language::from_path(p) != Some(Language::Cpp) {
                continue;
            }
            if let Ok(bytes) = std::fs::read(p) {
                texts.push(mapi_lint::source::decode_keeping_offsets(bytes).0);
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    let neutraliser = Neutraliser::builtin();
    let mut parser = cpp::new_parser();
    let best = |f: &mut dyn FnMut()| -> Duration {
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .min()
            .unwrap_or_default()
    };
    let parse = best(&mut || {
        for t in &texts {
            std::hint::black_box(parser.parse(t.as_bytes(), None));
        }
    });
    let neutralise = best(&mut || {
        for t in &texts {
            std::hint::black_box(neutraliser.apply(t));
        }
    });
    let prepared: Vec<String> = texts.iter().map(|t| neutraliser.apply(t)).collect();
    let parse_prepared = best(&mut || {
        for t in &prepared {
            std::hint::black_box(parser.parse(t.as_bytes(), None));
        }
    });
    let lower = best(&mut || {
        for (i, t) in texts.iter().enumerate() {
            std::hint::black_box(cpp::lower_file(&mut parser, neutraliser, i, t));
        }
    });
    println!(
        "{} C/C++ files, {mb:.1} MB, best of {runs}, one thread",
        texts.len()
    );
    for (what, d) in [
        ("tree-sitter-cpp parse only (floor)", parse),
        ("neutralise only", neutralise),
        ("parse the neutralised text", parse_prepared),
        ("neutralise + parse + lower (mapi-lint)", lower),
    ] {
        println!(
            "{what:<40} {:>8.3} s {:>8.2} MB/s",
            d.as_secs_f64(),
            mb / d.as_secs_f64()
        );
    }
    println!(
        "mapi-lint over the floor: {:.2}x",
        lower.as_secs_f64() / parse.as_secs_f64()
    );
}
