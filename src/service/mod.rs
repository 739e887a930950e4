//! The operations the application offers, as plain request and response
//! types. Every front end goes through here: it checks who asks and what
//! they may see, refuses stale writes, and stamps the audit trail. Nothing
//! above this layer touches the store.

pub mod audit;
pub mod backup;
pub mod bulk;
pub mod caller;
pub mod clock;
pub mod consent;
pub mod delete;
pub mod demo;
pub mod describe;
pub mod drafts;
pub mod error;
pub mod export;
pub mod find;
pub mod get;
pub mod import;
pub mod labels;
pub mod list;
pub mod masking;
pub mod protocol;
pub mod purge;
pub mod refusals;
pub mod report;
pub mod restore;
pub mod reveal;
pub mod save;
pub mod status;
pub mod subject_access;
pub mod users;

pub use caller::Caller;
pub use clock::Clock;
pub use error::{AdminTask, NotAllowed, RestoreRefusal, ServiceError, ServiceResult};

use std::sync::{Mutex, OnceLock};

use crate::store::Store;
use crate::store::check::CheckReport;

/// The application's operations over one store.
#[derive(Debug)]
pub struct Service {
    store: Store,
    clock: Clock,
    /// One change of `users.toml` at a time.
    users_lock: Mutex<()>,
    /// The creator's name from the system, looked up once (a passwd
    /// lookup may go to a directory server).
    creator_name: OnceLock<String>,
    /// Backups taken and not read out yet.
    backups: Mutex<backup::Backups>,
    /// The names of the small kinds, read once per change (the finder).
    names_in_memory: find::NamesInMemory,
    /// Refusals counted and not audited yet.
    refusals: refusals::RefusalWindows,
}

// The service answers the worker thread, and saves drafts from the
// interface's thread on a hang-up, a termination or a panic: it must stay
// shareable between threads.
const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<Service>()
};

impl Service {
    pub fn new(store: Store) -> Self {
        Service {
            store,
            clock: Clock::System,
            users_lock: Mutex::new(()),
            creator_name: OnceLock::new(),
            backups: Mutex::new(backup::Backups::default()),
            names_in_memory: find::NamesInMemory::default(),
            refusals: refusals::RefusalWindows::default(),
        }
    }

    /// The same service on another clock (tests, reproducible reports).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Where the store is.
    pub fn store_path(&self) -> &std::path::Path {
        self.store.path()
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Verifies every index, counter, link and the audit trail.
    pub fn check(&self, caller: &Caller) -> ServiceResult<CheckReport> {
        self.identify(caller)?;
        Ok(self.store.check()?)
    }

    /// Writes everything to disk (every write is flushed already; this is
    /// for a server stopping).
    pub fn flush(&self) -> ServiceResult<()> {
        self.write_refusals(true);
        Ok(self.store.flush()?)
    }

    /// Whether the store holds no record yet.
    pub fn is_empty(&self, caller: &Caller) -> ServiceResult<bool> {
        self.identify(caller)?;
        Ok(self.store.is_empty())
    }
}
