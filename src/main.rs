fn main() {
    let code = mapi_lint::cli::main_with_args(std::env::args_os().collect(), false);
    std::process::exit(code);
}
