//! Drafts: each account's forms in progress. Private work, not records:
//! no index entry, counter or audit entry. A save writes the draft, the
//! draft sequence and the removal of the drafts it pushes out in one
//! transaction, and flushes before the caller hears back.

use std::sync::{MutexGuard, TryLockError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::domain::draft::{Draft, DraftId, MAX_DRAFTS_PER_ACCOUNT};
use crate::store::Store;
use crate::store::draft_bytes::{decode_draft, encode_draft};
use crate::store::error::{StoreError, StoreResult};
use crate::store::keys::{draft_key, draft_prefix, read_draft_key};
use crate::store::schema::{TreeId, meta_keys};
use crate::store::write::{Op, apply};

/// How long a draft save waits for another one. Bounded, so that a save
/// from a panic hook that interrupted a draft save fails instead of
/// waiting forever on its own thread's lock.
const LOCK_WAIT: Duration = Duration::from_secs(2);

/// One stored draft of an account: its key, and the draft unless it does
/// not decode (`check` names those).
struct Stored {
    key: Vec<u8>,
    draft: Option<Draft>,
}

impl Stored {
    /// Newest first: by the time it was saved, then by number; the
    /// unreadable ones last.
    fn age(&self) -> Option<(DateTime<Utc>, u64)> {
        self.draft
            .as_ref()
            .map(|draft| (draft.saved_at, draft.id.as_ref().map_or(0, |id| id.0)))
    }
}

impl Store {
    /// Keeps `draft` for `account`: under a new number when it has none,
    /// otherwise in place of the account's draft of that number (refused
    /// when the account has none: never another account's). The
    /// account's oldest drafts beyond [`MAX_DRAFTS_PER_ACCOUNT`] are
    /// dropped, unreadable ones first. Returns the draft as stored.
    pub fn save_draft(&self, account: &str, mut draft: Draft) -> StoreResult<Draft> {
        let prefix = draft_prefix(account).ok_or(StoreError::UnusableAccount)?;
        let _guard = self.lock_drafts()?;
        let mut ops: Vec<Op> = Vec::new();
        let id = match draft.id.take() {
            Some(id) => {
                if !self
                    .tree(TreeId::Drafts)
                    .contains_key(draft_key(&prefix, &id))?
                {
                    return Err(StoreError::DraftNotFound { id });
                }
                id
            }
            None => {
                let id = self
                    .meta_u64(meta_keys::LAST_DRAFT_ID)?
                    .checked_add(1)
                    .ok_or_else(|| self.damaged("the draft sequence is exhausted"))?;
                ops.push((
                    TreeId::Meta,
                    meta_keys::LAST_DRAFT_ID.to_vec(),
                    Some(id.to_be_bytes().to_vec()),
                ));
                DraftId(id)
            }
        };
        let key = draft_key(&prefix, &id);
        draft.id = Some(id);
        let mut others: Vec<Stored> = self
            .stored_drafts(&prefix)?
            .into_iter()
            .filter(|stored| stored.key != key)
            .collect();
        others.sort_by_key(|stored| std::cmp::Reverse(stored.age()));
        for pushed_out in others.iter().skip(MAX_DRAFTS_PER_ACCOUNT.saturating_sub(1)) {
            ops.push((TreeId::Drafts, pushed_out.key.clone(), None));
        }
        ops.push((TreeId::Drafts, key, Some(encode_draft(&draft)?)));
        apply(self, &ops)?;
        self.flush()?;
        Ok(draft)
    }

    /// The drafts of `account`, newest first. A draft that does not decode
    /// is left out (and logged): the others stay usable, and `check`
    /// names it.
    pub fn drafts(&self, account: &str) -> StoreResult<Vec<Draft>> {
        let prefix = draft_prefix(account).ok_or(StoreError::UnusableAccount)?;
        let mut stored = self.stored_drafts(&prefix)?;
        stored.sort_by_key(|stored| std::cmp::Reverse(stored.age()));
        let unreadable = stored.iter().filter(|s| s.draft.is_none()).count();
        if unreadable > 0 {
            tracing::warn!(unreadable, "drafts left out: they do not decode");
        }
        Ok(stored.into_iter().filter_map(|s| s.draft).collect())
    }

    /// Forgets a draft of `account`. Discarding a draft that is not there
    /// (already discarded, or another account's) changes nothing.
    pub fn discard_draft(&self, account: &str, id: &DraftId) -> StoreResult<()> {
        let prefix = draft_prefix(account).ok_or(StoreError::UnusableAccount)?;
        let _guard = self.lock_drafts()?;
        if self
            .tree(TreeId::Drafts)
            .remove(draft_key(&prefix, id))?
            .is_some()
        {
            self.flush()?;
        }
        Ok(())
    }

    /// Every account's drafts that read back, with their account, in key
    /// order. For rare operations that concern every account (a purge, a
    /// subject access request): never shown to another account by the
    /// service otherwise.
    pub fn drafts_of_every_account(&self) -> StoreResult<Vec<(String, Draft)>> {
        let mut found = Vec::new();
        for item in self.tree(TreeId::Drafts).iter() {
            let (key, bytes) = item?;
            let Some((account, id)) = read_draft_key(&key) else {
                continue;
            };
            match decode_draft(&id, &bytes) {
                Ok(draft) => found.push((account, draft)),
                // Named by `check`; the others stay usable.
                Err(_) => tracing::warn!("a draft left out: it does not decode"),
            }
        }
        Ok(found)
    }

    /// Forgets the drafts named (account, number) in one transaction;
    /// returns how many were there.
    pub fn discard_drafts(&self, drafts: &[(String, DraftId)]) -> StoreResult<usize> {
        let _guard = self.lock_drafts()?;
        let mut ops: Vec<Op> = Vec::new();
        for (account, id) in drafts {
            let prefix = draft_prefix(account).ok_or(StoreError::UnusableAccount)?;
            let key = draft_key(&prefix, id);
            if self.tree(TreeId::Drafts).contains_key(&key)? {
                ops.push((TreeId::Drafts, key, None));
            }
        }
        if ops.is_empty() {
            return Ok(0);
        }
        apply(self, &ops)?;
        self.flush()?;
        Ok(ops.len())
    }

    /// Every draft stored under `prefix` (one account's), in key order.
    fn stored_drafts(&self, prefix: &[u8]) -> StoreResult<Vec<Stored>> {
        let mut stored = Vec::new();
        for item in self.tree(TreeId::Drafts).scan_prefix(prefix) {
            let (key, bytes) = item?;
            let draft = read_draft_key(&key)
                .filter(|_| key.len() == prefix.len() + 8)
                .and_then(|(_, id)| decode_draft(&id, &bytes).ok());
            stored.push(Stored {
                key: key.to_vec(),
                draft,
            });
        }
        Ok(stored)
    }

    pub(crate) fn lock_drafts(&self) -> StoreResult<MutexGuard<'_, ()>> {
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            match self.drafts_lock.try_lock() {
                Ok(guard) => return Ok(guard),
                // A panic while saving a draft left nothing half-written
                // (one transaction): the lock is safe to take again.
                Err(TryLockError::Poisoned(poisoned)) => return Ok(poisoned.into_inner()),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::Io(
                        "another draft save did not finish in time".into(),
                    ));
                }
            }
        }
    }
}
