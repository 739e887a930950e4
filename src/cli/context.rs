//! What every command needs: the language, the store's path, the caller,
//! and the service over the opened store.

use std::path::PathBuf;

use crate::cli::args::StoreChoice;
use crate::cli::config::Config;
use crate::cli::exit::CliError;
use crate::domain::audit::FrontEnd;
use crate::i18n::Lang;
use crate::i18n::server::served_elsewhere;
use crate::server::Backend;
use crate::server::backend::OpenError;

/// Where the store lives when neither --store nor PASSERELLE_STORE says.
pub fn default_store_path() -> PathBuf {
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
        Backend::remote(&store.path, front_end, config.server_idle())
    };
    opened.map_err(|error| match error {
        OpenError::Store(error) => CliError::Store(error),
        OpenError::Service(error) => CliError::Service(error),
        OpenError::ServedElsewhere => CliError::Unavailable(served_elsewhere(lang).to_owned()),
    })
}
