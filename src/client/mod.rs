//! A front end's way to the store: a connection to the store's server
//! (started when none runs, reached again when it goes), or, with
//! `--direct`, the store opened in the front end's own process. Both are
//! a [`Backend`], which answers the service's requests.

pub mod backend;
pub mod calls;
pub mod connection;
pub mod remote;

/// What changed in the store, pushed to every front end of a server.
pub use crate::server::wire::{Changed, Notice};
pub use backend::Backend;
