//! Reading the audit trail, newest first, filtered. Every role may read
//! it: an entry never holds a restricted value (an update's entry names
//! the restricted fields it changed, never their values). Nothing in the
//! application edits or deletes an entry.

use chrono::{Local, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::Kind;
use crate::domain::audit::{AuditAction, AuditEntry, FieldChange};
use crate::domain::records::RecordRef;
use crate::domain::user::Identity;
use crate::service::get::RecordKey;
use crate::service::{Caller, Service, ServiceResult};

/// The most entries one answer holds.
pub const MAX_AUDIT_ENTRIES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRequest {
    /// Only entries about records of this kind.
    pub kind: Option<Kind>,
    /// Only entries about this record (its kind wins over `kind`). A
    /// number names a deleted record too.
    pub key: Option<RecordKey>,
    /// Only entries written by this Unix account.
    pub account: Option<String>,
    /// Only entries of this day (local time) or later.
    pub since: Option<NaiveDate>,
    /// At most this many entries (capped at [`MAX_AUDIT_ENTRIES`]).
    pub limit: usize,
}

impl Default for AuditRequest {
    fn default() -> Self {
        AuditRequest {
            kind: None,
            key: None,
            account: None,
            since: None,
            limit: 50,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditResponse {
    /// Newest first.
    pub entries: Vec<AuditEntry>,
    /// More entries matched than the limit let through.
    pub more: bool,
}

impl Service {
    /// The audit trail as `request` filters it, newest first.
    pub fn audit(&self, caller: &Caller, request: &AuditRequest) -> ServiceResult<AuditResponse> {
        let identity = self.identify(caller)?;
        // Refusals queued by a server's door are in the trail it reads.
        self.write_refusals(false);
        let target: Option<RecordRef> = match &request.key {
            Some(key) => Some(self.resolve_key(key)?),
            None => None,
        };
        let limit = request.limit.clamp(1, MAX_AUDIT_ENTRIES);
        let mut entries = Vec::new();
        let mut more = false;
        for entry in self.store.audit_newest_first()? {
            let entry = entry?;
            let day = entry.at.with_timezone(&Local).date_naive();
            // Entries are appended in order, but each is stamped just
            // before the write lock is taken: two writes a few
            // milliseconds apart around midnight may be stored the other
            // way round. So an entry of the day before is skipped, and
            // the walk stops only a whole day past the one asked for.
            if let Some(since) = request.since {
                if day < since {
                    if since.pred_opt().is_some_and(|before| day < before) {
                        break;
                    }
                    continue;
                }
            }
            let about = entry.action.target();
            let matches = target.is_none_or(|target| about == Some(target))
                && request
                    .kind
                    .is_none_or(|kind| about.is_some_and(|about| about.kind == kind))
                && request
                    .account
                    .as_ref()
                    .is_none_or(|account| *account == entry.account);
            if !matches {
                continue;
            }
            if entries.len() == limit {
                more = true;
                break;
            }
            entries.push(self.as_seen_by(&identity, entry)?);
        }
        Ok(AuditResponse { entries, more })
    }

    /// An entry as `identity` may read it: of a learner it is not cleared
    /// for, which protected fields changed is not told (a change of
    /// sensitive needs would single that learner out), only that some
    /// did, as for a change of notes.
    fn as_seen_by(&self, identity: &Identity, mut entry: AuditEntry) -> ServiceResult<AuditEntry> {
        let AuditAction::Changed { target, fields, .. } = &mut entry.action else {
            return Ok(entry);
        };
        // Protected fields, and the mark (an earlier version's reason
        // named sensitive needs).
        let telling = |change: &FieldChange| match change {
            FieldChange::Restricted { .. } => true,
            FieldChange::Value { field, .. } => field == "confidentiality",
        };
        if target.kind != Kind::Learner || !fields.iter().any(telling) {
            return Ok(entry);
        }
        let cleared = match self.store.get(*target)? {
            Some(learner) => crate::service::masking::cleared(identity, &learner),
            // Deleted: only admins read what it was.
            None => identity.role == crate::domain::user::Role::Admin,
        };
        if !cleared {
            let kept: Vec<FieldChange> = fields
                .drain(..)
                .filter(|change| !telling(change))
                .chain(std::iter::once(FieldChange::Restricted {
                    field: PROTECTED_FIELDS.to_owned(),
                }))
                .collect();
            *fields = kept;
        }
        Ok(entry)
    }
}

/// What an entry names, for a caller not cleared for the record, in place
/// of the protected fields that changed.
pub const PROTECTED_FIELDS: &str = "protected_fields";
