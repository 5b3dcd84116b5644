//! `cargo mapi-lint`: cargo runs `cargo-mapi-lint mapi-lint [ARGS]`; drop the subcommand name.
/// The same allocators as `mapi-lint` (see `src/main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    mapi_lint::configure_allocator();
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "mapi-lint") {
        args.remove(1);
    }
    if let Some(first) = args.first_mut() {
        *first = "cargo mapi-lint".into();
    }
    let code = mapi_lint::cli::main_with_args(args, true);
    std::process::exit(code);
}
