//! Where a store's server is found: its socket and the lock that lets one
//! client at a time start a server, both inside the store's directory
//! (beside `users.toml`), so that the directory's permissions decide who
//! may connect.

use std::path::{Path, PathBuf};

/// The socket a server listens on.
pub fn socket_path(store: &Path) -> PathBuf {
    store.join("passerelle.sock")
}

/// Held (flock) by a client while it starts a server, so that ten
/// clients starting at once start one.
pub fn start_lock_path(store: &Path) -> PathBuf {
    store.join("server.lock")
}
