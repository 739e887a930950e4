//! What a service call can answer instead of a result. Serialisable: it
//! crosses the wire to clients of a shared server. Never carries a
//! restricted value of a record the caller is not cleared for.

use serde::{Deserialize, Serialize};

use crate::domain::Kind;
use crate::domain::records::{Record, RecordRef};
use crate::domain::validation::ValidationErrors;
use crate::service::labels::LinkedRecord;
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

    /// A stored value is damaged.
    #[error("damaged store: {detail}")]
    Damaged { detail: String },

    #[error("storage failure: {detail}")]
    Storage { detail: String },
}

/// What a caller was not allowed to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotAllowed {
    /// Only the store's administrator lifts a confidential mark: lifting
    /// it shows every restricted field to everyone.
    LiftConfidentiality { administrator: Option<String> },
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::MaskedValue { .. } => ServiceError::BadRequest(error.to_string()),
            StoreError::NotFound { kind, id } => ServiceError::NotFound {
                kind,
                key: id.to_string(),
            },
            StoreError::CorruptRecord { .. }
            | StoreError::Corrupt { .. }
            | StoreError::NotAStore { .. } => ServiceError::Damaged {
                detail: error.to_string(),
            },
            other => ServiceError::Storage {
                detail: other.to_string(),
            },
        }
    }
}
