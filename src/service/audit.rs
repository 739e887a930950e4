//! Reading the audit trail, newest first, filtered. Every role may read
//! it: an entry never holds a restricted value (an update's entry names
//! the restricted fields it changed, never their values). Nothing in the
//! application edits or deletes an entry.

use chrono::{Local, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::Kind;
use crate::domain::audit::AuditEntry;
use crate::domain::records::RecordRef;
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
        self.identify(caller)?;
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
            entries.push(entry);
        }
        Ok(AuditResponse { entries, more })
    }
}
