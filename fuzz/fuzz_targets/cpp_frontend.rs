//! Arbitrary bytes -> lossy UTF-8 -> macro neutraliser + tree-sitter-cpp lowering to IR,
//! on a thread with the pipeline's worker stack (see common/mod.rs).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use mapi_lint::frontend::{cpp, prep::Neutraliser};
use std::cell::RefCell;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    common::on_big_stack(move || {
        static NEUTRALISER: OnceLock<Neutraliser> = OnceLock::new();
        thread_local!(static PARSER: RefCell<tree_sitter::Parser> = RefCell::new(cpp::new_parser()));
        let neutraliser = NEUTRALISER.get_or_init(|| Neutraliser::new(&[]));
        PARSER.with_borrow_mut(|parser| {
            let _ = cpp::lower_file(parser, neutraliser, 0, &text);
        });
    });
});
