//! The audit trail as stored: since the chain began, each entry carries
//! the SHA-256 of the previous entry's stored bytes, and the meta tree
//! keeps the hash of the last one, so that `check` finds an entry
//! altered, removed or reordered. Entries written before the chain began
//! are read as they were written (a bare `AuditEntry`); the meta tree
//! notes the first chained sequence, so which shape to read is never
//! guessed.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::audit::AuditEntry;
use crate::store::Store;
use crate::store::codec::{self, DecodeError};
use crate::store::error::StoreResult;
use crate::store::keys::read_id;
use crate::store::schema::{TreeId, meta_keys};

/// A SHA-256 digest.
pub type AuditHash = [u8; 32];

/// What the first entry of a new trail is chained to.
pub const GENESIS: AuditHash = [0; 32];

/// An entry as written since the chain began.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainedAuditEntry {
    pub entry: AuditEntry,
    /// The hash of the stored bytes of the entry before it ([`GENESIS`]
    /// for the first entry of a trail).
    pub previous: AuditHash,
}

/// The hash an entry's successor stores.
pub fn hash_of(stored: &[u8]) -> AuditHash {
    Sha256::digest(stored).into()
}

/// An entry read back, with the hash it is chained to, if it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAudit {
    pub entry: AuditEntry,
    pub previous: Option<AuditHash>,
}

/// Reads an entry in the shape it was written under: chained from
/// `chain_start` on, bare before.
pub fn decode_audit(
    sequence: u64,
    bytes: &[u8],
    chain_start: Option<u64>,
) -> Result<StoredAudit, DecodeError> {
    if chain_start.is_some_and(|start| sequence >= start) {
        let chained: ChainedAuditEntry = codec::decode(bytes)?;
        Ok(StoredAudit {
            entry: chained.entry,
            previous: Some(chained.previous),
        })
    } else {
        Ok(StoredAudit {
            entry: codec::decode(bytes)?,
            previous: None,
        })
    }
}

impl Store {
    /// The first sequence written chained, once any is.
    pub(crate) fn audit_chain_start(&self) -> StoreResult<Option<u64>> {
        match self.meta_u64(meta_keys::AUDIT_CHAIN_START)? {
            0 => Ok(None),
            start => Ok(Some(start)),
        }
    }

    /// The hash of the last entry written, once the chain began.
    pub(crate) fn audit_head(&self) -> StoreResult<Option<AuditHash>> {
        match self.tree(TreeId::Meta).get(meta_keys::AUDIT_HEAD)? {
            None => Ok(None),
            Some(bytes) => AuditHash::try_from(bytes.as_ref())
                .map(Some)
                .map_err(|_| self.damaged("the hash of the last audit entry is unreadable")),
        }
    }

    /// The hash of the stored entry `sequence`, or [`GENESIS`] when there
    /// is none (the first entry of a trail).
    pub(crate) fn audit_hash_of(&self, sequence: u64) -> StoreResult<AuditHash> {
        Ok(self
            .tree(TreeId::Audit)
            .get(sequence.to_be_bytes())?
            .map_or(GENESIS, |bytes| hash_of(&bytes)))
    }

    /// One entry by its sequence, if there is one.
    pub fn audit_entry(&self, sequence: u64) -> StoreResult<Option<AuditEntry>> {
        let Some(bytes) = self.tree(TreeId::Audit).get(sequence.to_be_bytes())? else {
            return Ok(None);
        };
        decode_audit(sequence, &bytes, self.audit_chain_start()?)
            .map(|stored| Some(stored.entry))
            .map_err(|error| {
                self.damaged(&format!(
                    "audit entry {sequence} does not read back: {error}"
                ))
            })
    }

    /// The audit trail, newest first. An entry that does not read back
    /// stops the reading with an error (`check` names it).
    pub fn audit_newest_first(&self) -> StoreResult<impl Iterator<Item = StoreResult<AuditEntry>>> {
        let chain_start = self.audit_chain_start()?;
        Ok(self.tree(TreeId::Audit).iter().rev().map(move |item| {
            let (key, bytes) = item?;
            let sequence = read_id(&key).map_or(0, |id| id.0);
            decode_audit(sequence, &bytes, chain_start)
                .map(|stored| stored.entry)
                .map_err(|error| {
                    self.damaged(&format!(
                        "audit entry {sequence} does not read back: {error}"
                    ))
                })
        }))
    }
}
