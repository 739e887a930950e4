//! `passerelle serve`: the store's server, in the foreground (for
//! systemd), or detached when a front end starts it.

use std::time::Duration;

use crate::cli::args::StoreChoice;
use crate::cli::exit::CliError;
use crate::cli::logging;
use crate::i18n::Lang;
use crate::i18n::server::{already_served, cannot_listen};
use crate::server::admission::default_turns;
use crate::server::serve::{ServeError, ServeOptions, serve};

pub fn run(
    store: &StoreChoice,
    exit_when_idle: Option<u64>,
    detach: bool,
    lang: Lang,
) -> Result<(), CliError> {
    logging::start(lang);
    serve(ServeOptions {
        store: store.path.clone(),
        exit_when_idle: exit_when_idle.map(Duration::from_secs),
        detach,
        turns: turns(),
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
