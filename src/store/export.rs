//! What an export reads: a kind's records by number, page by page, and
//! its audit entry, written under the write lock before the first row
//! leaves, with counts that hold at that instant.

use crate::domain::Kind;
use crate::domain::audit::AuditAction;
use crate::domain::consent::Consent;
use crate::domain::meta::RecordId;
use crate::domain::records::Record;
use crate::store::Store;
use crate::store::consents::decode_consent;
use crate::store::error::StoreResult;
use crate::store::keys::{KeyBuilder, id_key, read_id, read_record_ref_key};
use crate::store::record_bytes::decode_record;
use crate::store::schema::{TreeId, meta_keys};
use crate::store::write::Stamp;

/// An export begun: its audit entry, and the last number it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportStart {
    /// The sequence of its `Exported` entry.
    pub sequence: u64,
    /// The highest number given to a record of the kind when it began:
    /// records made since are left out, so the rows never exceed the
    /// count audited.
    pub until: RecordId,
    pub rows: u64,
    pub revealed: u64,
}

/// Records of a kind in number order.
#[derive(Debug, Clone, Default)]
pub struct RecordsPage {
    pub records: Vec<Record>,
    /// Whether records up to the bound follow.
    pub more: bool,
}

impl Store {
    /// Audits an export of `kind` and says where it ends. `revealed`
    /// counts the confidential records whose consent lets them leave in
    /// clear for this caller (`may_reveal`): consents are few, so they
    /// are read rather than the records. All under the write lock, so
    /// the counts are those of one instant.
    pub fn start_export(
        &self,
        kind: Kind,
        stamp: &Stamp,
        may_reveal: impl Fn(&Record, &Consent) -> bool,
    ) -> StoreResult<ExportStart> {
        let guard = self.lock();
        let until = RecordId(self.meta_u64(&meta_keys::last_id(kind))?);
        let rows = u64::try_from(self.counters()?.records(kind)).unwrap_or(0);
        let mut revealed = 0;
        let prefix = KeyBuilder::new().kind(kind).build();
        for item in self.tree(TreeId::Consents).scan_prefix(prefix) {
            let (key, bytes) = item?;
            // A damaged consent lets nothing leave (check names it).
            let (Some(target), Ok(consent)) = (read_record_ref_key(&key), decode_consent(&bytes))
            else {
                continue;
            };
            if let Some(record) = self.get(target)? {
                if record.meta().confidentiality.confidential && may_reveal(&record, &consent) {
                    revealed += 1;
                }
            }
        }
        let sequence = self.append_audit_held(
            &guard,
            stamp,
            AuditAction::Exported {
                kind,
                rows,
                revealed,
            },
        )?;
        Ok(ExportStart {
            sequence,
            until,
            rows,
            revealed,
        })
    }

    /// The records of `kind` numbered after `after` and up to `until`, at
    /// most `limit` of them and, past the first, no more than
    /// `max_bytes` as stored: a page must fit in one frame of the server
    /// whatever the records hold.
    pub fn records_page(
        &self,
        kind: Kind,
        after: RecordId,
        until: RecordId,
        limit: usize,
        max_bytes: usize,
    ) -> StoreResult<RecordsPage> {
        let mut page = RecordsPage::default();
        let Some(first) = after.0.checked_add(1) else {
            return Ok(page);
        };
        if first > until.0 {
            return Ok(page);
        }
        let mut bytes_read = 0;
        let range = id_key(RecordId(first))..=id_key(until);
        for item in self.tree(TreeId::Records(kind)).range(range) {
            let (key, bytes) = item?;
            if page.records.len() >= limit.max(1)
                || (!page.records.is_empty() && bytes_read + bytes.len() > max_bytes)
            {
                page.more = true;
                break;
            }
            let id = read_id(&key).ok_or_else(|| self.damaged("a record key is unreadable"))?;
            bytes_read += bytes.len();
            page.records.push(decode_record(kind, id, &bytes)?);
        }
        Ok(page)
    }
}
