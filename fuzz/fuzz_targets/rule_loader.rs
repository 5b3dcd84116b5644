//! String -> `rules::parse_rule` (TOML -> raw serde struct -> checked `Rule`). A rule that is
//! accepted is then run by the engine over a small fixed C++ program, so a rule the loader
//! accepts but the engine cannot handle is found too.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use mapi_lint::{engine, frontend, ir, rules};
use std::sync::OnceLock;

const PROGRAM: &str = include_str!("../../testdata/examples/shutdown.cpp");

fn program() -> &'static ir::Program {
    static P: OnceLock<ir::Program> = OnceLock::new();
    P.get_or_init(|| {
        let neutraliser = frontend::prep::Neutraliser::new(&[]);
        let mut parser = frontend::cpp::new_parser();
        let f = frontend::cpp::lower_file(&mut parser, &neutraliser, 0, PROGRAM).unwrap();
        let mut p = ir::Program::default();
        p.functions = f.functions;
        p.classes = f.classes;
        p.macros = f.macros;
        p.globals = f
            .globals
            .into_iter()
            .map(|(name, ty, span)| ir::Global { name, ty, span })
            .collect();
        engine::link::link(&mut p);
        p
    })
}

fuzz_target!(|text: &str| {
    if let Ok(rule) = rules::parse_rule("rules/fuzz-rule.toml", text) {
        common::on_big_stack(move || {
            let out = engine::run(program(), &[rule], &[], &[]);
            assert!(
                out.internal_errors.is_empty(),
                "engine internal error: {:?}",
                out.internal_errors
                    .iter()
                    .map(|e| &e.message)
                    .collect::<Vec<_>>()
            );
        });
    }
});
