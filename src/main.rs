//! `passerelle`: parses the command line and hands it to the library.

use std::process::ExitCode;

/// sled allocates and frees for every key it writes; mimalloc does that
/// markedly faster than the system allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = passerelle::cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    passerelle::cli::run(cli, &mut out)
}
