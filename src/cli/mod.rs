//! The command line: clap reads the arguments, each command asks the
//! service and writes for people (French by default) or for scripts
//! (`--json`).

pub mod args;
pub mod commands;
pub mod context;
pub mod exit;
pub mod help;
pub mod json;
pub mod table;

use std::io::Write;
use std::process::ExitCode;

pub use args::{Cli, Command, ListArgs};
use exit::CliError;
pub use help::parse;

use crate::demo::DemoOptions;
use crate::domain::Kind;
use crate::i18n::phrases::unknown_kind;
use crate::i18n::{Lang, Phrase};

/// Runs a parsed command line; what it prints goes to `out`, messages
/// about failures to standard error.
pub fn run(cli: Cli, out: &mut dyn Write) -> ExitCode {
    let lang = context::language(cli.lang.as_deref());
    match dispatch(cli, lang, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Some(message) = error.message(lang) {
                eprintln!("{message}");
            }
            error.exit_code()
        }
    }
}

fn parse_kind(input: &str, lang: Lang) -> Result<Kind, CliError> {
    Kind::parse(input).ok_or_else(|| CliError::Input(unknown_kind(lang, input)))
}

fn dispatch(cli: Cli, lang: Lang, out: &mut dyn Write) -> Result<(), CliError> {
    let Some(command) = cli.command else {
        writeln!(out, "{}", Phrase::TuiNotYet.text(lang))?;
        return Ok(());
    };
    // Arguments are checked before the store is opened, so a typo never
    // waits on a lock or creates a store.
    let kind = match &command {
        Command::List(ListArgs { kind, .. }) | Command::Show { kind, .. } => {
            Some(parse_kind(kind, lang)?)
        }
        _ => None,
    };
    let (service, caller) = context::open_service(cli.store)?;
    match command {
        Command::Demo { size, seed, append } => commands::demo::run(
            &service,
            &caller,
            DemoOptions { size, seed },
            append,
            lang,
            out,
        ),
        Command::Status { json } => commands::status::run(&service, &caller, json, lang, out),
        Command::List(args) => commands::list::run(
            &service,
            &caller,
            kind.unwrap_or(Kind::School),
            &args,
            lang,
            out,
        ),
        Command::Show { key, json, .. } => commands::show::run(
            &service,
            &caller,
            kind.unwrap_or(Kind::School),
            &key,
            json,
            lang,
            out,
        ),
        Command::Check { json } => commands::check::run(&service, &caller, json, lang, out),
    }
}
