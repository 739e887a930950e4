//! Undoing a delete: the record comes back from the tombstone the delete
//! left, under its old id, as if it had been saved again.

use crate::domain::records::RecordRef;
use crate::service::masking::present;
use crate::service::save::{Moves, SaveResponse, write_error};
use crate::service::{Caller, RestoreRefusal, Service, ServiceError, ServiceResult};
use crate::store::StoreError;

impl Service {
    /// Brings back a deleted record under its old id, with its links,
    /// listings and counts, at the revision after the deleted one, and
    /// audits it. Refused when nothing was deleted under `target`, when
    /// its id is in use, when a record it points at is gone or its UAI or
    /// SIRET was given to another; and, like any save, when it breaks a
    /// rule that involves other records now (a tutor who left the
    /// placement's company).
    pub fn restore(&self, caller: &Caller, target: RecordRef) -> ServiceResult<SaveResponse> {
        self.identify_writer(caller)?;
        let refused = |reason| ServiceError::CannotRestore { target, reason };
        let Some(deleted) = self.store.tombstone(target)? else {
            return Err(refused(RestoreRefusal::NothingDeleted));
        };
        if self.store.get(target)?.is_some() {
            return Err(refused(RestoreRefusal::IdInUse));
        }
        // Checked before the rules, whose message for a missing link
        // would not say that it was deleted.
        for link in deleted.links() {
            if self.store.get(link.target)?.is_none() {
                return Err(refused(RestoreRefusal::LinkGone {
                    role: link.role,
                    target: link.target,
                }));
            }
        }
        // The record is restored as it was stored; the rules are only
        // checked on a copy.
        let mut vetted = deleted;
        self.prepare(&mut vetted, None, &|r| self.store.get(r), Moves::Checked)?;
        let stamp = self.stamp(caller);
        // Checked again under the store's lock: someone may have written
        // in between.
        let restored = self
            .store
            .restore(target, &stamp)
            .map_err(|error| match error {
                StoreError::LinkMissing { link } => refused(RestoreRefusal::LinkGone {
                    role: link.role,
                    target: link.target,
                }),
                StoreError::Duplicate { id, .. } => {
                    refused(RestoreRefusal::CodeTaken { holder: id })
                }
                other => write_error(caller, other),
            })?;
        Ok(SaveResponse {
            record: present(caller, restored),
        })
    }
}
