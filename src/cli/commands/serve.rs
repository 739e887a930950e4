//! `passerelle serve`: the store's server, in the foreground (for
//! systemd), or detached when a front end starts it.

use std::time::Duration;

use crate::cli::args::StoreChoice;
use crate::cli::exit::CliError;
use crate::cli::logging;
use crate::i18n::Lang;
use crate::i18n::server::{already_served, cannot_listen};
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
    })
    .map_err(|error| match error {
        ServeError::Store(error) => CliError::Store(error),
        ServeError::AlreadyServed { socket } => CliError::Refused(already_served(lang, &socket)),
        ServeError::Socket { socket, source } => {
            CliError::Refused(cannot_listen(lang, &socket, &source.to_string()))
        }
    })
}
