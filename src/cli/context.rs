//! What every command needs: the language, the store's path, the caller,
//! and the service over the opened store.

use std::path::PathBuf;

use crate::cli::args::StoreChoice;
use crate::cli::config::Config;
use crate::cli::exit::CliError;
use crate::client::Backend;
use crate::client::backend::OpenError;
use crate::domain::audit::FrontEnd;
use crate::i18n::Lang;
use crate::i18n::server::{served_elsewhere, waiting_for_server};

/// Where the store lives when neither --store nor PASSERELLE_STORE says:
/// the configuration's (the account's, then the system's), else the
/// account's own data directory.
pub fn default_store_path() -> PathBuf {
    if let Some(store) = crate::cli::config::configured_store() {
        return store;
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("passerelle")
        .join("store")
}

/// The language asked for, French when nothing or something unknown is
/// asked.
pub fn language(asked: Option<&str>) -> Lang {
    asked.and_then(Lang::parse).unwrap_or_default()
}

/// How long a front end waits for the store's server before saying so.
const SAY_WAITING_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// The store's server (started if none runs), or the store opened here
/// with `--direct`.
pub fn open_backend(
    store: &StoreChoice,
    front_end: FrontEnd,
    config: &Config,
    lang: Lang,
) -> Result<Backend, CliError> {
    let opened = if store.direct {
        Backend::direct(&store.path, front_end)
    } else {
        // Usually answered in milliseconds; a server starting on a large
        // store, or migrating it, may take minutes: said, once, on
        // standard error (before any interface is drawn).
        let (connected, waiting) = std::sync::mpsc::channel::<()>();
        let patience = std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                waiting.recv_timeout(SAY_WAITING_AFTER)
            {
                eprintln!("{}", waiting_for_server(lang));
            }
        });
        let opened = Backend::remote(&store.path, front_end, config.server_idle());
        drop(connected);
        let _ = patience.join();
        opened
    };
    opened.map_err(|error| match error {
        OpenError::Store(error) => CliError::Store(error),
        OpenError::Service(error) => CliError::Service(error),
        OpenError::ServedElsewhere => CliError::Unavailable(served_elsewhere(lang).to_owned()),
    })
}
