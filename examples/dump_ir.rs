//! Prints the IR of a C, C++ or Rust file, or of one function in it (a development aid:
//! `cargo run --example dump_ir FILE [FUNCTION]`).
use mapi_lint::frontend::{cpp, prep::Neutraliser};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: dump_ir FILE [FUNCTION]");
    let only = std::env::args().nth(2);
    let text = std::fs::read_to_string(&path).expect("readable file");
    let functions = if path.ends_with(".rs") {
        mapi_lint::frontend::rust::lower_file(0, &text)
            .expect("parsed")
            .functions
    } else {
        let mut parser = cpp::new_parser();
        let n = Neutraliser::new(&[]);
        cpp::lower_file(&mut parser, &n, 0, &text)
            .expect("parsed")
            .functions
    };
    for f in &functions {
        if only.as_deref().is_none_or(|o| f.name == o) {
            println!("{f:#?}");
        }
    }
}
