//! Demonstration records: the marks `passerelle demo` leaves on what it
//! makes up, and taking them all out again.
//!
//! A mark is a key of the demo tree (kind, id), kept while the record
//! lives or is kept deleted, so that an edit or a delete followed by an
//! undo leaves it marked. Taking the demonstration out erases the marked
//! records for good (no tombstone: nothing of them is worth keeping),
//! except those a record that is not marked points at, live or deleted
//! (a deleted one must stay restorable), and those such a kept record
//! points at in turn: a real placement keeps its demo company rather
//! than lose its link.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::Kind;
use crate::domain::audit::AuditAction;
use crate::domain::records::RecordRef;
use crate::store::Store;
use crate::store::error::StoreResult;
use crate::store::keys::{read_record_ref_key, record_ref_key, tombstone_key};
use crate::store::schema::TreeId;
use crate::store::write::{PendingWrite, Stamp};

/// What taking the demonstration out did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoRemoval {
    /// Marked records erased, live or deleted.
    pub removed: u64,
    /// Marked records kept because a record that is not marked points at
    /// them (directly or through another kept one).
    pub kept: Vec<RecordRef>,
}

impl Store {
    /// Whether `target` was made up by `passerelle demo`.
    pub fn is_demo(&self, target: RecordRef) -> StoreResult<bool> {
        Ok(self
            .tree(TreeId::Demo)
            .contains_key(record_ref_key(target))?)
    }

    /// Whether any record of the store is marked as demonstration data:
    /// one read, so that a store without any costs nothing more.
    pub fn has_demo(&self) -> StoreResult<bool> {
        Ok(self.tree(TreeId::Demo).first()?.is_some())
    }

    /// Erases every record marked as demonstration data, in atomic,
    /// flushed batches of `batch_size`, each with a `DemoRemoved` entry
    /// in the trail. A record is erased only once nothing else points at
    /// it, so each batch leaves a store without a dangling link, and an
    /// interrupted removal is finished by running it again. Holds the
    /// write lock throughout, like a bulk load.
    ///
    /// With `dry_run`, nothing is written: the answer says what would be
    /// removed and kept.
    pub fn remove_demo(
        &self,
        stamp: &Stamp,
        batch_size: usize,
        dry_run: bool,
    ) -> StoreResult<DemoRemoval> {
        let _guard = self.lock();
        let mut batch = DemoBatch {
            store: self,
            stamp,
            batch_size: batch_size.max(1),
            pending: PendingWrite::new(self),
            erased_in_batch: HashSet::new(),
            removed: 0,
            dry_run,
            pinned: self.pointed_at_by_deleted()?,
        };
        // Records point at kinds listed before theirs (a placement at its
        // learner, school and company), and mostly at older records of
        // their own kind (an agreement at its parent): from the last kind
        // back and the newest first, nearly everything goes in one pass.
        let mut blocked = Vec::new();
        for kind in Kind::ALL.iter().rev() {
            let marks = self.tree(TreeId::Demo).scan_prefix([kind.ordinal()]).rev();
            for item in marks {
                let (key, _) = item?;
                match read_record_ref_key(&key) {
                    Some(target) => {
                        if !batch.take_out(target)? {
                            blocked.push(target);
                        }
                    }
                    // `check` names an unreadable mark; it marks nothing.
                    None => batch.pending.remove(TreeId::Demo, key.to_vec()),
                }
            }
        }
        // What waited for a record of its own kind, until a pass frees
        // nothing more: the rest is pointed at by records not marked.
        loop {
            batch.commit()?;
            let before = blocked.len();
            let mut still = Vec::new();
            for target in blocked {
                if !batch.take_out(target)? {
                    still.push(target);
                }
            }
            blocked = still;
            if blocked.is_empty() || blocked.len() == before {
                break;
            }
        }
        batch.commit()?;
        blocked.sort();
        Ok(DemoRemoval {
            removed: batch.removed,
            kept: blocked,
        })
    }

    /// What deleted records that are not demonstration data point at:
    /// erasing it would leave them unrestorable.
    fn pointed_at_by_deleted(&self) -> StoreResult<HashSet<RecordRef>> {
        let mut pinned = HashSet::new();
        for kind in Kind::ALL {
            for deleted in self.tombstones(*kind) {
                let deleted = deleted?;
                if !self.is_demo(deleted.reference())? {
                    pinned.extend(deleted.links().into_iter().map(|link| link.target));
                }
            }
        }
        Ok(pinned)
    }
}

/// The batch a removal is writing.
struct DemoBatch<'s> {
    store: &'s Store,
    stamp: &'s Stamp,
    batch_size: usize,
    pending: PendingWrite<'s>,
    /// Erased in the batch not yet written (with `dry_run`, in the whole
    /// removal): the links the store still shows from them no longer
    /// count.
    erased_in_batch: HashSet<RecordRef>,
    removed: u64,
    /// Nothing is written.
    dry_run: bool,
    /// Records a deleted record that is not demonstration data points
    /// at: kept.
    pinned: HashSet<RecordRef>,
}

impl DemoBatch<'_> {
    /// Erases `target` (live or deleted) unless something still points
    /// at it; returns whether it is gone.
    fn take_out(&mut self, target: RecordRef) -> StoreResult<bool> {
        let store = self.store;
        if self.pinned.contains(&target) {
            return Ok(false);
        }
        if let Some(record) = store.get(target)? {
            let dependents = store.dependents(target)?;
            if !dependents
                .iter()
                .all(|(dependent, _)| self.erased_in_batch.contains(dependent))
            {
                return Ok(false);
            }
            if !self.dry_run {
                self.pending.erase(&record)?;
            }
        } else {
            let key = tombstone_key(target);
            let deleted = store.tree(TreeId::Tombstones).contains_key(&key)?;
            if !self.dry_run {
                if deleted {
                    self.pending.remove(TreeId::Tombstones, key);
                }
                self.pending.forget_beside(target);
            }
            if !deleted {
                // A mark left of a record gone otherwise: nothing to count.
                return Ok(true);
            }
        }
        self.erased_in_batch.insert(target);
        self.removed += 1;
        if !self.dry_run && self.erased_in_batch.len() >= self.batch_size {
            self.commit()?;
        }
        Ok(true)
    }

    /// Writes the batch with its entry in the trail (with `dry_run`,
    /// nothing).
    fn commit(&mut self) -> StoreResult<()> {
        if self.dry_run {
            self.pending = PendingWrite::new(self.store);
            return Ok(());
        }
        let records = self.erased_in_batch.len() as u64;
        if records > 0 {
            self.pending
                .audit(self.stamp, AuditAction::DemoRemoved { records })?;
        }
        if self.pending.has_writes() {
            self.pending.commit()?;
        }
        self.pending = PendingWrite::new(self.store);
        self.erased_in_batch.clear();
        Ok(())
    }
}
