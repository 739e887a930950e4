//! The command line: clap reads the arguments, each command asks the
//! service and writes for people (French by default) or for scripts
//! (`--json`).

pub mod args;
pub mod commands;
pub mod config;
pub mod context;
pub mod csv;
pub mod exit;
pub mod help;
pub mod interface;
pub mod json;
pub mod logging;
pub mod output;
pub mod table;

use std::io::{IsTerminal, Write};

use std::process::ExitCode;

pub use args::{
    AuditArgs, Cli, Command, ConsentArgs, ExportArgs, ImportArgs, ListArgs, ReportArgs,
};
use exit::CliError;
pub use help::parse;

use crate::demo::DemoOptions;
use crate::domain::Kind;
use crate::domain::audit::FrontEnd;
use crate::i18n::Lang;
use crate::i18n::messages::field_error;
use crate::i18n::personal_data::subject_access_for_learners_only;
use crate::i18n::phrases::{bad_key, unknown_kind};
use crate::service::get::RecordKey;
use crate::service::purge::PurgeRequest;
use config::Config;

/// Runs a parsed command line; what it prints goes to `out`, messages
/// about failures to standard error.
pub fn run(cli: Cli, out: &mut dyn Write) -> ExitCode {
    let asked = cli.lang.as_deref().and_then(Lang::parse);
    let config = match Config::load(asked.unwrap_or_default()) {
        Ok(config) => config,
        Err(message) => {
            say(&message);
            return CliError::Input(message).exit_code();
        }
    };
    // --lang or PASSERELLE_LANG, then the configuration, then French.
    let lang = asked
        .or_else(|| config.lang.as_deref().and_then(Lang::parse))
        .unwrap_or_default();
    match dispatch(cli, config, lang, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Some(message) = error.message(lang) {
                say(&message);
            }
            error.exit_code()
        }
    }
}

/// A message on standard error; one that cannot be written (the
/// terminal is gone) is dropped rather than a panic, as `eprintln!`
/// would.
fn say(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

fn parse_kind(input: &str, lang: Lang) -> Result<Kind, CliError> {
    crate::i18n::labels::kind_named(input).ok_or_else(|| CliError::Input(unknown_kind(lang, input)))
}

fn dispatch(cli: Cli, config: Config, lang: Lang, out: &mut dyn Write) -> Result<(), CliError> {
    let store = cli.store_choice();
    let Some(command) = cli.command else {
        return interface::run(
            interface::InterfaceArgs {
                store,
                keymap: cli.keymap,
                mouse: cli.mouse,
            },
            config,
            lang,
        );
    };
    if let Command::Serve {
        exit_when_idle,
        detach,
    } = command
    {
        return commands::serve::run(&store, exit_when_idle, detach, lang);
    }
    // In this process, before any store is opened or created: the target
    // must stay empty until the restore fills it.
    if let Command::Restore { file } = &command {
        return commands::restore::run(file, &store.path, lang, out);
    }
    if let Command::Salvage { from } = &command {
        return commands::salvage::run(from, &store.path, lang, out);
    }
    // Arguments are checked before the store is opened, so a typo never
    // waits on a lock or creates a store.
    let kind = match &command {
        Command::List(ListArgs { kind, .. })
        | Command::Show { kind, .. }
        | Command::Consent(ConsentArgs { kind, .. })
        | Command::Export(ExportArgs { kind, .. }) => Some(parse_kind(kind, lang)?),
        _ => None,
    };
    if let (
        Command::Show {
            subject_access: true,
            ..
        },
        Some(kind),
    ) = (&command, kind)
    {
        if kind != Kind::Learner {
            return Err(CliError::Input(subject_access_for_learners_only(
                kind, lang,
            )));
        }
    }
    let command = match command {
        Command::Audit(args) => {
            let request = commands::audit::parse(&args, lang)?;
            let backend = context::open_backend(&store, FrontEnd::Cli, &config, lang)?;
            return commands::audit::run(&backend, &request, args.json, lang, out);
        }
        Command::Consent(args) => {
            let command = commands::consent::parse(kind.unwrap_or(Kind::School), &args, lang)?;
            let backend = context::open_backend(&store, FrontEnd::Cli, &config, lang)?;
            return commands::consent::run(&backend, command, lang, out);
        }
        Command::Export(args) => {
            let options = commands::export::parse(kind.unwrap_or(Kind::School), &args, lang)?;
            let backend = context::open_backend(&store, FrontEnd::Cli, &config, lang)?;
            return commands::export::run(&backend, &options, lang, out);
        }
        Command::Report(args) => {
            let command = commands::report::parse(
                args.year.as_deref(),
                args.format.as_deref(),
                args.output,
                args.excel,
                lang,
            )?;
            let backend = context::open_backend(&store, FrontEnd::Cli, &config, lang)?;
            return commands::report::run(&backend, &command, lang, out);
        }
        Command::Import(args) => {
            let settings = commands::import::parse(&args, lang)?;
            let backend = context::open_backend(&store, FrontEnd::Cli, &config, lang)?;
            return commands::import::run(&backend, &settings, args.json, lang, out);
        }
        Command::Users { action } => {
            let action = commands::users::parse(action, lang)?;
            let backend = context::open_backend(&store, FrontEnd::Cli, &config, lang)?;
            return commands::users::run(&backend, action, lang, out);
        }
        other => other,
    };
    let backend = context::open_backend(&store, FrontEnd::Cli, &config, lang)?;
    match command {
        // Handled above, their arguments read before the store is opened.
        Command::Users { .. }
        | Command::Audit(_)
        | Command::Consent(_)
        | Command::Serve { .. }
        | Command::Export(_)
        | Command::Restore { .. }
        | Command::Salvage { .. }
        | Command::Import(_)
        | Command::Report(_) => Ok(()),
        Command::Backup { file } => commands::backup::run(&backend, &file, lang, out),
        Command::Demo {
            remove: true,
            dry_run,
            ..
        } => commands::demo::remove(&backend, dry_run, lang, out),
        Command::Demo {
            size, seed, append, ..
        } => commands::demo::run(&backend, DemoOptions { size, seed }, append, lang, out),
        Command::Status { json } => commands::status::run(&backend, json, lang, out),
        Command::List(args) => {
            commands::list::run(&backend, kind.unwrap_or(Kind::School), &args, lang, out)
        }
        Command::Show {
            key,
            json,
            subject_access: true,
            ..
        } => {
            let key = RecordKey::parse(Kind::Learner, &key)
                .map_err(|error| CliError::Input(bad_key(lang, &field_error(&error, lang))))?;
            commands::subject_access::run(&backend, &key, json, lang, out)
        }
        Command::Show {
            key, json, reveal, ..
        } => commands::show::run(
            &backend,
            kind.unwrap_or(Kind::School),
            &key,
            commands::show::ShowOptions {
                json,
                reveal,
                to_terminal: std::io::stdout().is_terminal(),
            },
            lang,
            out,
        ),
        Command::Check { json } => commands::check::run(&backend, json, lang, out),
        Command::Purge {
            dry_run,
            after_school_years,
            json,
        } => {
            let request = PurgeRequest {
                dry_run,
                after_school_years: after_school_years
                    .unwrap_or_else(|| config.purge_after_school_years()),
            };
            commands::purge::run(&backend, &request, json, lang, out)
        }
    }
}
