//! `passerelle`: parses the command line and hands it to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = passerelle::cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    passerelle::cli::run(cli, &mut out)
}
