//! Persistence on sled: one tree per record kind, index trees for every
//! lookup the screens need, counters, a meta tree and the audit trail.
//!
//! Writes are serialised by one lock per store (one process owns a sled
//! database, and within it one writer at a time): a write reads what it
//! needs under the lock, then applies the record, its index entries, the
//! counters and the audit entry in one sled transaction, and flushes
//! before it returns.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod check;
pub mod codec;
pub mod consents;
pub mod counters;
pub mod demo;
pub mod directory;
pub mod draft_bytes;
mod drafts;
pub mod error;
pub mod export;
pub mod indexing;
pub mod keys;
pub mod read;
pub mod record_bytes;
pub mod salvage;
pub mod schema;
mod schema_v1;
pub mod snapshots;
pub mod upgrade;
pub mod write;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;

use crate::domain::audit::FrontEnd;

pub use error::{StoreError, StoreResult};
use schema::{TreeId, meta_keys};

/// sled's page cache. The default (1 GiB) would blow the memory target.
/// sled holds about 190 MB of its own at a million records once open
/// (its page table, read from its snapshot), whatever the cache, and its
/// pages in memory take several times what it counts against this
/// figure: after every entry is read once, 8 MiB ends at 243 MB
/// resident, 16 MiB at 286 MB and 64 MiB at 497 MB. In the server
/// benchmark, 16 MiB peaked at 335 MB against 382 MB, but a page of a
/// list cost 0.47 ms of CPU against 0.30 ms, and the mixed load got 2,205
/// requests a second against 2,704 (docs/performance.md, "The server"): 64 MiB stays.
pub const DEFAULT_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// A file written beside sled's once the store is created: without it, a
/// directory holding sled files but no schema version is a creation that
/// was interrupted (created again); with it, a damaged store (refused).
pub const STORE_MARKER: &str = "passerelle-store";
const MARKER_TEXT: &str = "A passerelle store: sled files, schema version in the meta tree.\n";

/// A file written in a directory while a backup is restored into it and
/// removed once the restored store passed `check`: a store holding it
/// is refused, so a restore killed midway never passes for a store.
pub const RESTORING_MARKER: &str = "passerelle-restoring";

/// How long `open` waits for a lock held by a process that is ending.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_millis(500);

/// An open store. Share it by reference: reads run concurrently, writes
/// one at a time.
pub struct Store {
    db: sled::Db,
    trees: Vec<sled::Tree>,
    path: PathBuf,
    write_lock: Mutex<()>,
    /// Drafts have their own lock: a draft saved from a panic hook must
    /// not wait on a record write the panic interrupted.
    drafts_lock: Mutex<()>,
    /// Per tree, bumped after every transaction that wrote to it: what a
    /// copy of a tree's entries kept in memory was read at (the finder's
    /// names of small kinds).
    generations: Vec<AtomicU64>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// How to open a store.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Recorded as the store's creator when the store is new.
    pub account: String,
    pub cache_bytes: u64,
    /// How long to wait for another process to release the store before
    /// refusing: a short command that is just ending should not make the
    /// next one fail.
    pub lock_wait: Duration,
    /// What opens it, for the audit entry of a backup taken before a
    /// schema migration.
    pub front_end: FrontEnd,
    /// Opened by the restore that is filling it, to check it (a store
    /// being restored is refused otherwise).
    pub(crate) restoring: bool,
}

impl OpenOptions {
    pub fn new(account: impl Into<String>) -> Self {
        OpenOptions {
            account: account.into(),
            cache_bytes: DEFAULT_CACHE_BYTES,
            lock_wait: DEFAULT_LOCK_WAIT,
            front_end: FrontEnd::Cli,
            restoring: false,
        }
    }
}

impl Store {
    /// Opens the store at `path`, creating it if the directory is empty or
    /// missing. Refuses a store locked by another process, written by a
    /// newer schema, or damaged, without writing anything to it.
    pub fn open(path: &Path, options: &OpenOptions) -> StoreResult<Store> {
        // Whose the directory is and what it holds, before anything is
        // written to it.
        let holds = directory::check(path)?;
        create_private_dir(path).map_err(|source| StoreError::CannotCreate {
            path: path.to_owned(),
            source,
        })?;
        // sled reads a damaged file as an empty database: a directory
        // marked as a finished store must not be created anew.
        if !options.restoring && path.join(RESTORING_MARKER).exists() {
            return Err(StoreError::RestoreInterrupted {
                path: path.to_owned(),
            });
        }
        let marker = path.join(STORE_MARKER);
        let finished = holds == directory::Holds::Store;
        let (db, _set_aside) =
            snapshots::open_setting_aside(path, || open_sled_waiting(path, options))?;
        let meta = db.open_tree(TreeId::Meta.name())?;
        let found = match meta.get(meta_keys::SCHEMA_VERSION)? {
            // A store whose marker is gone: refused, not marked again
            // silently (its directory may have been tampered with).
            Some(_) if !finished => {
                return Err(StoreError::Directory {
                    path: path.to_owned(),
                    problem: directory::DirectoryProblem::MarkerMissing,
                });
            }
            Some(bytes) => check_schema_version(path, &bytes)?,
            None if finished => {
                return Err(StoreError::NotAStore {
                    path: path.to_owned(),
                });
            }
            None => {
                initialise(path, &db, &meta, &options.account)?;
                codec::SCHEMA_VERSION
            }
        };
        if !finished {
            std::fs::write(&marker, MARKER_TEXT).map_err(|source| StoreError::CannotCreate {
                path: path.to_owned(),
                source,
            })?;
        }
        let trees = TreeId::all()
            .into_iter()
            .map(|tree| db.open_tree(tree.name()))
            .collect::<Result<Vec<_>, _>>()?;
        let store = Store {
            db,
            trees,
            path: path.to_owned(),
            write_lock: Mutex::new(()),
            drafts_lock: Mutex::new(()),
            generations: TreeId::all().iter().map(|_| AtomicU64::new(0)).collect(),
        };
        // A store being restored is checked as the backup holds it (this
        // build reads every schema it migrates from); it migrates when
        // it is first opened for use, its backup beside it.
        if found < codec::SCHEMA_VERSION && !options.restoring {
            let stamp = write::Stamp::now(options.account.clone(), options.front_end);
            store.migrate(found, codec::SCHEMA_VERSION, upgrade::MIGRATIONS, &stamp)?;
        }
        store.count_placement_months_once()?;
        store.index_words_once()?;
        store.mark_learners_once()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn tree(&self, id: TreeId) -> &sled::Tree {
        &self.trees[id.slot()]
    }

    /// How many transactions have written to `tree` since the store was
    /// opened in this process. A copy of its entries read after seeing
    /// generation `g` is current as long as the generation is still `g`
    /// (it is bumped after the write lands, so a copy may be newer than
    /// its generation says, never older).
    pub fn generation(&self, tree: TreeId) -> u64 {
        self.generations
            .get(tree.slot())
            .map_or(0, |generation| generation.load(Ordering::Acquire))
    }

    fn bump_generation(&self, slot: usize) {
        if let Some(generation) = self.generations.get(slot) {
            generation.fetch_add(1, Ordering::Release);
        }
    }

    /// The account that created the store.
    pub fn created_by(&self) -> StoreResult<Option<String>> {
        Ok(self
            .tree(TreeId::Meta)
            .get(meta_keys::CREATED_BY)?
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
    }

    /// Whether the store holds no record at all.
    pub fn is_empty(&self) -> bool {
        crate::domain::Kind::ALL
            .iter()
            .all(|kind| self.tree(TreeId::Records(*kind)).is_empty())
    }

    /// Waits until everything written is on disk.
    pub fn flush(&self) -> StoreResult<()> {
        self.db.flush()?;
        Ok(())
    }
}

/// Opens sled, retrying while the lock is held for at most `lock_wait`.
fn open_sled_waiting(path: &Path, options: &OpenOptions) -> StoreResult<sled::Db> {
    let deadline = Instant::now() + options.lock_wait;
    loop {
        match open_sled(path, options.cache_bytes) {
            Err(StoreError::Locked { .. }) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(25));
            }
            other => return other,
        }
    }
}

/// Opens sled, turning its errors into ones that say what to do.
pub(super) fn open_sled(path: &Path, cache_bytes: u64) -> StoreResult<sled::Db> {
    let config = sled::Config::new().path(path).cache_capacity(cache_bytes);
    // sled panics on some damaged files instead of returning an error;
    // a damaged store must give a message, never a crash.
    let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || config.open()));
    match opened {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(error)) => Err(classify_open_error(path, error)),
        Err(_) => Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: "sled could not read its files".into(),
        }),
    }
}

fn classify_open_error(path: &Path, error: sled::Error) -> StoreError {
    match error {
        sled::Error::Io(io) if error::is_disk_full(&io) => StoreError::StorageFull {
            path: path.to_owned(),
        },
        sled::Error::Io(io) if io.to_string().contains("could not acquire lock") => {
            StoreError::Locked {
                path: path.to_owned(),
            }
        }
        sled::Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            StoreError::CannotCreate {
                path: path.to_owned(),
                source: io,
            }
        }
        sled::Error::Corruption { .. }
        | sled::Error::Unsupported(_)
        | sled::Error::ReportableBug(_) => StoreError::Corrupt {
            path: path.to_owned(),
            detail: error.to_string(),
        },
        other => StoreError::Io(other.to_string()),
    }
}

/// The store's schema version, refused when this program cannot read it
/// (an older one is migrated by `Store::migrate`, or refused there).
fn check_schema_version(path: &Path, bytes: &[u8]) -> StoreResult<u16> {
    let found = <[u8; 2]>::try_from(bytes)
        .map(u16::from_be_bytes)
        .map_err(|_| StoreError::Corrupt {
            path: path.to_owned(),
            detail: "the schema version is unreadable".into(),
        })?;
    if found > codec::SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_owned(),
            found,
            supported: codec::SCHEMA_VERSION,
        });
    }
    if found < 1 {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: format!("schema version {found} does not exist"),
        });
    }
    Ok(found)
}

/// Marks a new store with the schema version and its creator. A directory
/// that already holds sled data without a version is not ours (a meta
/// tree without a version is ours, interrupted while being created).
fn initialise(path: &Path, db: &sled::Db, meta: &sled::Tree, account: &str) -> StoreResult<()> {
    let foreign = db.tree_names().iter().any(|name| {
        name.as_ref() != b"__sled__default" && name.as_ref() != TreeId::Meta.name().as_bytes()
    }) || !db.is_empty();
    if foreign {
        return Err(StoreError::NotAStore {
            path: path.to_owned(),
        });
    }
    meta.insert(meta_keys::CREATED_BY, account.as_bytes())?;
    meta.insert(meta_keys::CREATED_AT, Utc::now().to_rfc3339().as_bytes())?;
    // An empty store has every placement counted by month.
    meta.insert(meta_keys::PLACEMENT_MONTHS_COUNTED, &[1])?;
    meta.insert(meta_keys::WORDS_INDEXED, &[1])?;
    // The version goes last: a store interrupted while being created is
    // still recognised as new.
    meta.insert(
        meta_keys::SCHEMA_VERSION,
        &codec::SCHEMA_VERSION.to_be_bytes(),
    )?;
    db.flush()?;
    Ok(())
}

/// Makes `path` and its missing parents readable by their owner alone,
/// whatever the umask: a store holds confidential records. A team's
/// store directory is made beforehand with the group's access (docs/operations.md,
/// "Running it for a team") and left as it is.
pub(crate) fn create_private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
}
