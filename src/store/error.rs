//! What can go wrong in the store, each case carrying what the person
//! needs to decide what to do next.

use std::path::PathBuf;

use crate::domain::draft::DraftId;
use crate::domain::records::{Link, Record, RecordRef};
use crate::domain::{Kind, RecordId};
use crate::store::codec::{DecodeError, EncodeError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process has the store open.
    #[error("the store at {path} is in use by another process")]
    Locked { path: PathBuf },

    #[error(
        "the store at {path} was written by schema version {found}; this program reads up to {supported}"
    )]
    NewerSchema {
        path: PathBuf,
        found: u16,
        supported: u16,
    },

    /// A restore into the directory was interrupted (or is under way):
    /// what it holds is no store.
    #[error("a restore into {path} was interrupted or is under way")]
    RestoreInterrupted { path: PathBuf },

    /// The store's schema is older than this program's and no migration
    /// from it is known.
    #[error(
        "the store at {path} has schema version {found}, which this program cannot migrate to {supported}"
    )]
    CannotMigrate {
        path: PathBuf,
        found: u16,
        supported: u16,
    },

    /// The store's own files are damaged, or the directory holds
    /// something that is not a passerelle store.
    #[error("the store at {path} is damaged: {detail}")]
    Corrupt { path: PathBuf, detail: String },

    /// The directory holds files that are not a readable passerelle
    /// store: damaged beyond what sled can read, or another program's.
    #[error("{path} holds no readable passerelle store")]
    NotAStore { path: PathBuf },

    /// One stored value does not decode.
    #[error("{kind} {id} is damaged in the store: {problem}")]
    CorruptRecord {
        kind: Kind,
        id: RecordId,
        problem: DecodeError,
    },

    #[error("the store cannot be created at {path}: {source}")]
    CannotCreate {
        path: PathBuf,
        source: std::io::Error,
    },

    /// The record was changed by someone else since it was read.
    #[error("{} {} was changed meanwhile (now at revision {})", .current.kind(), .current.id(), .current.meta().revision)]
    Conflict { current: Box<Record> },

    /// Other records point at the record to delete.
    #[error("{target:?} is still referred to by {} records", .dependents.len())]
    Referenced {
        target: RecordRef,
        dependents: Vec<RecordRef>,
    },

    #[error("no {kind} with id {id}")]
    NotFound { kind: Kind, id: RecordId },

    /// A UAI or SIRET already belongs to another record.
    #[error("{kind} {id} already holds this identifier")]
    Duplicate { kind: Kind, id: RecordId },

    /// A link points at a record that does not exist.
    #[error("the linked {:?} does not exist", .link.target)]
    LinkMissing { link: Link },

    /// A record holding a masked value: the store only keeps clear ones.
    #[error("{kind} {id} holds a masked value, which the store does not keep")]
    MaskedValue { kind: Kind, id: RecordId },

    /// No draft of this number belongs to the account: it was discarded,
    /// dropped as the oldest, or is someone else's.
    #[error("no draft {id} of this account")]
    DraftNotFound { id: DraftId },

    /// An account name that cannot own drafts (it holds a zero byte).
    #[error("an account name holding a zero byte cannot keep drafts")]
    UnusableAccount,

    /// Nothing was deleted under this reference (or it was restored).
    #[error("no deleted {kind} {id} to restore")]
    NoTombstone { kind: Kind, id: RecordId },

    /// A record lives under the id of the deleted record to restore.
    #[error("{kind} {id} exists; the deleted one cannot take its place")]
    InUse { kind: Kind, id: RecordId },

    #[error("a value could not be encoded: {0}")]
    Encode(#[from] EncodeError),

    /// The directory is not fit for a store (whose it is, who may write
    /// to it, what it holds): nothing was written to it.
    #[error("{} cannot hold the store: {problem:?}", .path.display())]
    Directory {
        path: PathBuf,
        problem: crate::store::directory::DirectoryProblem,
    },

    /// The disk holding the store is full (or the account's quota
    /// reached): the write asked for was not made, nothing acknowledged
    /// is lost. `path` is the store's, when known where the error arose.
    #[error("the disk holding the store {} is full", .path.display())]
    StorageFull { path: PathBuf },

    #[error("storage error: {0}")]
    Io(String),
}

impl From<sled::Error> for StoreError {
    fn from(error: sled::Error) -> Self {
        match &error {
            sled::Error::Io(io) if is_disk_full(io) => StoreError::StorageFull {
                path: PathBuf::new(),
            },
            // Pages that do not read back: damage, not a passing failure.
            sled::Error::Corruption { .. } => StoreError::Corrupt {
                path: PathBuf::new(),
                detail: error.to_string(),
            },
            _ => StoreError::Io(error.to_string()),
        }
    }
}

/// Whether an error is the disk (or the account's quota) being full.
pub fn is_disk_full(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    ) || matches!(
        error.raw_os_error(),
        Some(code) if code == nix::errno::Errno::ENOSPC as i32 || code == nix::errno::Errno::EDQUOT as i32
    )
}

pub type StoreResult<T> = Result<T, StoreError>;
