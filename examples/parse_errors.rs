//! Prints, for each C/C++ file under a directory, the first syntax error tree-sitter leaves
//! after neutralisation (and a count), to find annotation macros worth neutralising.
//! Usage: cargo run --release --example parse_errors -- DIR [--raw]
use mapi_lint::frontend::{cpp, prep::Neutraliser};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: parse_errors DIR [--raw]");
    let raw = args.next().as_deref() == Some("--raw");
    let n = if raw {
        Neutraliser::disabled()
    } else {
        Neutraliser::new(&[])
    };
    let mut parser = cpp::new_parser();
    let (mut files, mut bad) = (0, 0);
    for e in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let p = e.path();
        if mapi_lint::source::Language::from_path(p).is_none() || !e.file_type().is_file() {
            continue;
        }
        let Ok(bytes) = std::fs::read(p) else {
            continue;
        };
        let (text, _) = mapi_lint::source::decode_keeping_offsets(bytes);
        let prepared = n.apply(&text);
        let Some(tree) = parser.parse(&prepared, None) else {
            continue;
        };
        files += 1;
        let root = tree.root_node();
        if !root.has_error() {
            continue;
        }
        bad += 1;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if node.is_error() || node.is_missing() {
                let line = node.start_position().row;
                let src = text.lines().nth(line).unwrap_or("").trim();
                println!(
                    "{}:{}: {}",
                    p.display(),
                    line + 1,
                    &src[..src.len().min(120)]
                );
                break;
            }
            let mut c = node.walk();
            let kids: Vec<_> = node
                .children(&mut c)
                .filter(|k| k.has_error() || k.is_error() || k.is_missing())
                .collect();
            stack.extend(kids.into_iter().rev());
        }
    }
    println!("{bad} of {files} files have syntax errors");
}
