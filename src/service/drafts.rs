//! Drafts of forms being typed, kept per Unix account so that a dropped
//! connection, a kill or a crash loses nothing. Private: a caller only
//! ever reads, replaces or discards its own. Callable from any thread
//! (a signal or panic path saves without the worker thread).

use crate::domain::draft::{Draft, DraftId, MAX_DRAFT_BYTES};
use crate::service::{Caller, Service, ServiceError, ServiceResult};

impl Service {
    /// Keeps a draft of the caller's, durably (flushed) before returning
    /// it with its number and the time it was saved. A draft without a
    /// number gets one; a draft with a number replaces the caller's draft
    /// of that number, and is refused as not found when the caller has
    /// none (discarded, dropped as the oldest, or another account's: the
    /// front end then saves it without a number). Past 20 drafts, the
    /// caller's oldest is dropped.
    pub fn save_draft(&self, caller: &Caller, draft: Draft) -> ServiceResult<Draft> {
        // A reader cannot have a form open: nothing to keep.
        self.identify_writer(caller)?;
        let size = draft.size();
        if size > MAX_DRAFT_BYTES {
            return Err(ServiceError::DraftTooLarge {
                size,
                max: MAX_DRAFT_BYTES,
            });
        }
        let mut draft = draft;
        draft.saved_at = self.clock.now();
        Ok(self.store.save_draft(&caller.account, draft)?)
    }

    /// The caller's drafts, newest first, to offer again at start.
    pub fn drafts(&self, caller: &Caller) -> ServiceResult<Vec<Draft>> {
        self.identify(caller)?;
        Ok(self.store.drafts(&caller.account)?)
    }

    /// Forgets one of the caller's drafts (saved or abandoned form).
    /// Discarding one that is not there changes nothing.
    pub fn discard_draft(&self, caller: &Caller, id: DraftId) -> ServiceResult<()> {
        self.identify(caller)?;
        Ok(self.store.discard_draft(&caller.account, &id)?)
    }
}
