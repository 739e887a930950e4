//! What every command needs: the language, the store's path, the caller,
//! and the service over the opened store.

use std::path::PathBuf;

use crate::domain::audit::FrontEnd;
use crate::i18n::Lang;
use crate::service::{Caller, Service};
use crate::store::{OpenOptions, Store, StoreError};

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

/// Opens the store and the service over it, for the account running the
/// command.
pub fn open_service(
    store: Option<PathBuf>,
    front_end: FrontEnd,
) -> Result<(Service, Caller), StoreError> {
    let caller = Caller::current_process(front_end);
    let path = store.unwrap_or_else(default_store_path);
    let store = Store::open(&path, &OpenOptions::new(caller.account.clone()))?;
    Ok((Service::new(store), caller))
}
