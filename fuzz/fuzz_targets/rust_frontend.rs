//! String -> syn parse -> lowering to IR, on a thread with the pipeline's worker stack
//! (see common/mod.rs).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let text = text.to_owned();
    common::on_big_stack(move || {
        let _ = mapi_lint::frontend::rust::lower_file(0, &text);
    });
});
