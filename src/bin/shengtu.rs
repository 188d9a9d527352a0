//! The `shengtu` command line (native only): `check`, `render`, `table`.
//! See `shengtu --help` and `src/cli.rs`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(shengtu::cli::run(&args));
}

#[cfg(target_arch = "wasm32")]
fn main() {} // the browser build has no command line
