//! What a service call can answer instead of a result. Serialisable: it
//! crosses the wire to clients of a shared server. Never carries a
//! restricted value of a record the caller is not cleared for.

use serde::{Deserialize, Serialize};

use crate::domain::Organisation;
use crate::domain::consent::ConsentUse;
use crate::domain::draft::DraftId;
use crate::domain::records::{LinkRole, Record, RecordRef};
use crate::domain::user::Admin;
use crate::domain::validation::ValidationErrors;
use crate::domain::{Kind, RecordId};
use crate::server::problem::ServerProblem;
use crate::service::labels::LinkedRecord;
use crate::service::users::{UserProblem, UsersFileProblem};
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum ServiceError {
    /// The record breaks rules; each error names its field.
    #[error("invalid record: {0}")]
    Invalid(ValidationErrors),

    /// Someone saved the record since the caller read it; `current` is
    /// what is stored now (masked as the caller must see it).
    #[error("the record was changed meanwhile")]
    Conflict { current: Box<Record> },

    #[error("no {kind} {key}")]
    NotFound { kind: Kind, key: String },

    /// Other records still point at the one to delete.
    #[error("still referred to by {total} records")]
    Referenced {
        target: RecordRef,
        dependents: Vec<LinkedRecord>,
        total: usize,
    },

    /// A request no front end should send (a masked value in a new record).
    #[error("bad request: {0}")]
    BadRequest(String),

    /// The caller may not do this.
    #[error("not allowed: {0:?}")]
    NotAllowed(NotAllowed),

    /// No draft of this number belongs to the caller: it was discarded,
    /// dropped as the oldest, or is another account's (never shown).
    #[error("no draft {id}")]
    DraftNotFound { id: DraftId },

    /// A draft larger than any form typed by hand.
    #[error("a draft of {size} bytes, over the {max} kept")]
    DraftTooLarge { size: usize, max: usize },

    /// A deleted record that cannot be brought back, and why.
    #[error("{target:?} cannot be restored: {reason:?}")]
    CannotRestore {
        target: RecordRef,
        reason: RestoreRefusal,
    },

    /// `users.toml` cannot be used: nobody is let in until it is fixed.
    #[error("users file {path}: {problem:?}")]
    UsersFile {
        path: String,
        problem: UsersFileProblem,
    },

    /// `users remove` or `users role` of an account not listed.
    #[error("no user {account}")]
    NoSuchUser { account: String },

    /// A user entry asked for breaks a rule.
    #[error("invalid user: {0:?}")]
    BadUser(UserProblem),

    /// A stored value is damaged.
    #[error("damaged store: {detail}")]
    Damaged { detail: String },

    #[error("storage failure: {detail}")]
    Storage { detail: String },

    /// The disk holding the store is full: the request was not carried
    /// out, nothing acknowledged is lost. `path`: the store's, filled in
    /// by whoever holds it (`server::dispatch`).
    #[error("the disk holding {path} is full")]
    StorageFull { path: String },

    /// Demonstration data asked for a store that holds records already.
    #[error("the store is not empty")]
    NotEmpty,

    /// The shared server could not be reached or understood.
    #[error("server: {0}")]
    Server(ServerProblem),
}

/// What a caller was not allowed to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotAllowed {
    /// Only an admin lifts a confidential mark: lifting it shows every
    /// restricted field to everyone.
    LiftConfidentiality { admins: Vec<Admin> },
    /// The account is not listed in `users.toml` (or, with no file, is
    /// not the store's creator): nothing of the store is shown to it.
    UnknownAccount { account: String, admins: Vec<Admin> },
    /// A reader writes nothing.
    ReadOnly { account: String },
    /// Only an admin does `task` (manages users, purges personal data,
    /// reads out everything held on a learner).
    AdminOnly {
        #[serde(default)]
        task: AdminTask,
        admins: Vec<Admin>,
    },
    /// The change would leave no admin.
    LastAdmin { account: String },
    /// Only administrators and coordinators of the organisation owning a
    /// confidential record reveal it, or record its consent (`owner`
    /// none: administrators only).
    NotCleared {
        owner: Option<Organisation>,
        admins: Vec<Admin>,
    },
    /// A confidential record's restricted fields leave the application
    /// only where consent to that use is recorded on it.
    NoConsent { wanted: ConsentUse },
    /// Only those cleared for a confidential record (admins, coordinators
    /// of its owner) give it to another organisation.
    ChangeOwner {
        owner: Option<Organisation>,
        admins: Vec<Admin>,
    },
    /// A coordinator marks confidential, or gives an owner to, only
    /// records of their own organisation (`theirs`), and only to it.
    MarkOutside {
        theirs: Option<Organisation>,
        admins: Vec<Admin>,
    },
    /// The reason of a confidential mark is changed only by those
    /// cleared for the record.
    ChangeReason {
        owner: Option<Organisation>,
        admins: Vec<Admin>,
    },
}

/// What only an admin may do, named in the refusal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdminTask {
    /// List, add, remove users or change their roles.
    #[default]
    Users,
    /// Anonymise the learners whose data is kept no longer.
    Purge,
    /// Read out everything held on a learner, restricted fields included.
    SubjectAccess,
    /// Take a backup of the whole store, restricted fields included.
    Backup,
    /// Add demonstration data to a store that holds records: they would
    /// be mixed with real ones.
    Demo,
    /// Take demonstration data out: erased for good.
    RemoveDemo,
}

/// Why a deleted record cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RestoreRefusal {
    /// Nothing was deleted under this reference, or it was restored
    /// already.
    NothingDeleted,
    /// A record lives under the deleted record's id.
    IdInUse,
    /// A record it points at was deleted since.
    LinkGone { role: LinkRole, target: RecordRef },
    /// Its UAI or SIRET was given to another record since.
    CodeTaken { holder: RecordId },
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::MaskedValue { .. } | StoreError::UnusableAccount => {
                ServiceError::BadRequest(error.to_string())
            }
            StoreError::DraftNotFound { id } => ServiceError::DraftNotFound { id },
            StoreError::NoTombstone { kind, id } => ServiceError::CannotRestore {
                target: RecordRef::new(kind, id),
                reason: RestoreRefusal::NothingDeleted,
            },
            StoreError::InUse { kind, id } => ServiceError::CannotRestore {
                target: RecordRef::new(kind, id),
                reason: RestoreRefusal::IdInUse,
            },
            StoreError::NotFound { kind, id } => ServiceError::NotFound {
                kind,
                key: id.to_string(),
            },
            StoreError::CorruptRecord { .. }
            | StoreError::Corrupt { .. }
            | StoreError::NotAStore { .. } => ServiceError::Damaged {
                detail: error.to_string(),
            },
            StoreError::StorageFull { path } => ServiceError::StorageFull {
                path: path.display().to_string(),
            },
            other => ServiceError::Storage {
                detail: other.to_string(),
            },
        }
    }
}
