//! Exports: every record of a kind, page by page in number order, for a
//! front end to write as CSV or JSON. What leaves is decided here, never
//! by the front end: a confidential record's restricted fields are in
//! clear only where `masking::may_leave` allows it for this caller (cleared
//! for the record, consent to `export` recorded on it), masked otherwise.
//!
//! The export is audited (`Exported { kind, rows, revealed }`) when its
//! first page is asked for, before anything leaves, with the counts of
//! that instant. Every later page carries the sequence of that entry in
//! its cursor and is refused unless the entry is this account's export of
//! this kind, so no page can be had without the audit. Records created
//! after the start are left out (the cursor bounds the numbers), so the
//! rows written never exceed those audited; fewer when records are
//! deleted meanwhile. A consent recorded or withdrawn meanwhile is
//! applied as the page is read, so `revealed` is as of the start.

use serde::{Deserialize, Serialize};

use crate::domain::Kind;
use crate::domain::audit::AuditAction;
use crate::domain::consent::ConsentUse;
use crate::domain::meta::RecordId;
use crate::domain::records::Record;
use crate::domain::user::Identity;
use crate::service::masking::may_leave;
use crate::service::{Caller, Service, ServiceError, ServiceResult};

/// The most records a page holds.
pub const MAX_EXPORT_PAGE: u32 = 1_000;

/// The most bytes (as stored) a page holds past its first record, far
/// below the server's frame limit (16 MiB) whatever the records hold.
pub const EXPORT_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// Where an export stands: its audit entry, the last record sent, the
/// last number it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportCursor {
    pub audit: u64,
    pub after: RecordId,
    pub until: RecordId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRequest {
    pub kind: Kind,
    /// `None` starts an export (and audits it); then the `next` of the
    /// page before.
    pub cursor: Option<ExportCursor>,
    /// Records per page, at most [`MAX_EXPORT_PAGE`].
    pub limit: u32,
}

/// The audit entry of an export, given with its first page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportStarted {
    pub audit: u64,
    pub rows: u64,
    pub revealed: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportPage {
    pub kind: Kind,
    /// In number order; restricted fields masked unless they may leave.
    pub records: Vec<Record>,
    /// The cursor of the next page; `None` after the last.
    pub next: Option<ExportCursor>,
    /// With the first page only.
    pub started: Option<ExportStarted>,
}

impl Service {
    /// A page of an export of `request.kind` (see the module's text).
    /// Any listed account may export; readers are never cleared, so they
    /// get no restricted field.
    pub fn export(&self, caller: &Caller, request: &ExportRequest) -> ServiceResult<ExportPage> {
        let identity = self.identify(caller)?;
        let kind = request.kind;
        let (cursor, started) = match request.cursor {
            None => {
                let start =
                    self.store
                        .start_export(kind, &self.stamp(caller), |record, consent| {
                            may_leave(&identity, record, Some(consent), ConsentUse::Export)
                        })?;
                let cursor = ExportCursor {
                    audit: start.sequence,
                    after: RecordId(0),
                    until: start.until,
                };
                let started = ExportStarted {
                    audit: start.sequence,
                    rows: start.rows,
                    revealed: start.revealed,
                };
                (cursor, Some(started))
            }
            Some(cursor) => {
                self.check_export_cursor(caller, kind, &cursor)?;
                (cursor, None)
            }
        };
        let limit = request.limit.clamp(1, MAX_EXPORT_PAGE) as usize;
        let page =
            self.store
                .records_page(kind, cursor.after, cursor.until, limit, EXPORT_PAGE_BYTES)?;
        let last = page.records.last().map(Record::id);
        let mut records = Vec::with_capacity(page.records.len());
        for record in page.records {
            records.push(self.as_it_may_leave(&identity, record)?);
        }
        let next = match (page.more, last) {
            (true, Some(after)) => Some(ExportCursor { after, ..cursor }),
            _ => None,
        };
        Ok(ExportPage {
            kind,
            records,
            next,
            started,
        })
    }

    /// A later page is served only under its export's audit entry: this
    /// account's, for this kind.
    fn check_export_cursor(
        &self,
        caller: &Caller,
        kind: Kind,
        cursor: &ExportCursor,
    ) -> ServiceResult<()> {
        let audited = self.store.audit_entry(cursor.audit)?.is_some_and(|entry| {
            entry.account == caller.account
                && matches!(entry.action, AuditAction::Exported { kind: audited, .. } if audited == kind)
        });
        if audited {
            Ok(())
        } else {
            Err(ServiceError::BadRequest(
                "an export page asked for without the audit entry of its export".into(),
            ))
        }
    }

    /// The record with its restricted fields masked unless they may
    /// leave for this caller.
    fn as_it_may_leave(&self, identity: &Identity, mut record: Record) -> ServiceResult<Record> {
        if !record.meta().confidentiality.confidential {
            return Ok(record);
        }
        let consent = self.store.consent(record.reference())?;
        if !may_leave(identity, &record, consent.as_ref(), ConsentUse::Export) {
            record.mask_restricted();
        }
        Ok(record)
    }
}
