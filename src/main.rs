/// mimalloc for Rust and for tree-sitter: the IR and the syntax trees are many small nodes,
/// allocated on every worker thread and freed in bulk, where glibc's malloc spends a fifth of
/// the run consolidating and locking.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    mapi_lint::configure_allocator();
    let code = mapi_lint::cli::main_with_args(std::env::args_os().collect(), false);
    std::process::exit(code);
}
