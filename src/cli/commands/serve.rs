//! `passerelle serve`: the store's server, in the foreground (for
//! systemd), or detached when a front end starts it.

use std::time::Duration;

use crate::cli::args::StoreChoice;
use crate::cli::exit::CliError;
use crate::cli::logging;
use crate::i18n::Lang;
use crate::i18n::server::{already_served, cannot_listen};
use crate::server::admission::default_turns;
use crate::server::door::Limits;
use crate::server::serve::{ServeError, ServeOptions, serve};

pub fn run(
    store: &StoreChoice,
    exit_when_idle: Option<u64>,
    detach: bool,
    lang: Lang,
) -> Result<(), CliError> {
    // Started by a front end, detached: its own file. In the foreground
    // (systemd, a supervisor): standard error, kept by whoever runs it.
    if detach {
        logging::start(lang);
    } else {
        logging::start_on_standard_error();
    }
    let limits = limits(lang)?;
    serve(ServeOptions {
        store: store.path.clone(),
        exit_when_idle: exit_when_idle.map(Duration::from_secs),
        detach,
        turns: turns(),
        limits,
    })
    .map_err(|error| match error {
        ServeError::Store(error) => CliError::Store(error),
        ServeError::AlreadyServed { socket } => CliError::Refused(already_served(lang, &socket)),
        ServeError::Socket { socket, source } => {
            CliError::Refused(cannot_listen(lang, &socket, &source))
        }
    })
}

/// How many short requests the server answers at once:
/// `PASSERELLE_SERVER_TURNS`, else twice the cores (`admission`).
fn turns() -> usize {
    std::env::var("PASSERELLE_SERVER_TURNS")
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(default_turns)
}

/// How many connections the server lets in, from
/// `PASSERELLE_MAX_CONNECTIONS` (in all) and
/// `PASSERELLE_MAX_CONNECTIONS_PER_ACCOUNT`; `None` when neither is set
/// (worked out from the open files allowed).
fn limits(lang: Lang) -> Result<Option<Limits>, CliError> {
    let read = |name: &str| -> Result<Option<usize>, CliError> {
        match std::env::var(name) {
            Err(_) => Ok(None),
            Ok(value) => match value.trim().parse::<usize>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => Err(CliError::Input(crate::i18n::server::bad_limit(
                    lang, name, &value,
                ))),
            },
        }
    };
    let total = read("PASSERELLE_MAX_CONNECTIONS")?;
    let per_account = read("PASSERELLE_MAX_CONNECTIONS_PER_ACCOUNT")?;
    if total.is_none() && per_account.is_none() {
        return Ok(None);
    }
    let defaults = Limits::for_descriptors(crate::server::door::raise_descriptor_limit());
    let total = total.unwrap_or(defaults.total);
    Ok(Some(Limits {
        per_account: per_account.unwrap_or(defaults.per_account).min(total),
        total,
    }))
}
