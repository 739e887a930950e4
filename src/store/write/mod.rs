//! Writes: create, update, delete, restore, rewriting deleted records;
//! bulk loads (`bulk.rs`) and import batches (`import.rs`). Each gathers what it
//! needs under the store's write lock, then applies the records, their
//! index entries, the counters and the audit trail in one sled
//! transaction, and flushes before returning.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::MutexGuard;

use chrono::{DateTime, Utc};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use crate::domain::audit::{AuditAction, AuditEntry, FieldChange, FrontEnd, field_changes};
use crate::domain::records::{Record, RecordRef};
use crate::domain::{Kind, RecordId};
use crate::store::Store;
use crate::store::audit::{AuditHash, ChainedAuditEntry, hash_of};
use crate::store::codec;
use crate::store::counters::{CounterKey, decode_count, encode_count};
use crate::store::error::{StoreError, StoreResult};
use crate::store::indexing::{
    IndexContext, TargetFacts, changes_dependent_contexts, context_of, counter_deltas, counters,
    entries,
};
use crate::store::keys::{id_key, read_id, record_ref_key, tombstone_key};
use crate::store::record_bytes::encode_record;
use crate::store::schema::{TreeId, meta_keys};

mod bulk;
mod import;

pub use bulk::BulkWriter;
pub use import::ImportWriter;
pub(crate) use import::read_import_note;

/// Who writes, from where, and when: stamped on the record and the audit
/// trail.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub account: String,
    pub front_end: FrontEnd,
    pub at: DateTime<Utc>,
}

impl Stamp {
    pub fn now(account: impl Into<String>, front_end: FrontEnd) -> Self {
        Stamp {
            account: account.into(),
            front_end,
            at: Utc::now(),
        }
    }
}

/// One change to one key; `None` removes it.
pub(crate) type Op = (TreeId, Vec<u8>, Option<Vec<u8>>);

/// Writes gathered under the lock, applied together by `commit`.
pub(super) struct PendingWrite<'s> {
    store: &'s Store,
    ops: Vec<Op>,
    counter_deltas: HashMap<CounterKey, i64>,
    last_ids: HashMap<Kind, u64>,
    audit_sequence: Option<u64>,
    /// The hash of the last audit entry of this batch: the next one's
    /// link in the chain, and the new head.
    audit_head: Option<AuditHash>,
    /// The first chained sequence, when this batch writes it.
    audit_chain_start: Option<u64>,
    /// Facts of records written in this batch (and, for bulk loads, the
    /// batches before), for the index context of records pointing at them.
    facts: HashMap<RecordRef, TargetFacts>,
    /// UAIs and SIRETs taken in this batch.
    codes: HashMap<(TreeId, Vec<u8>), RecordId>,
    /// Records written in this batch, which links may point at.
    written: HashSet<RecordRef>,
}

impl<'s> PendingWrite<'s> {
    pub(super) fn new(store: &'s Store) -> Self {
        PendingWrite {
            store,
            ops: Vec::new(),
            counter_deltas: HashMap::new(),
            last_ids: HashMap::new(),
            audit_sequence: None,
            audit_head: None,
            audit_chain_start: None,
            facts: HashMap::new(),
            codes: HashMap::new(),
            written: HashSet::new(),
        }
    }

    /// Whether anything is waiting to be written.
    pub(super) fn has_writes(&self) -> bool {
        !self.ops.is_empty() || !self.counter_deltas.is_empty()
    }

    pub(super) fn put(&mut self, tree: TreeId, key: Vec<u8>, value: Vec<u8>) {
        self.ops.push((tree, key, Some(value)));
    }

    pub(super) fn remove(&mut self, tree: TreeId, key: Vec<u8>) {
        self.ops.push((tree, key, None));
    }

    /// The id the next record of `kind` will get; `take_id` makes it
    /// taken, once the record is accepted (a refused record uses none).
    fn next_id(&mut self, kind: Kind) -> StoreResult<RecordId> {
        let last = match self.last_ids.get(&kind) {
            Some(last) => *last,
            None => self.store.meta_u64(&meta_keys::last_id(kind))?,
        };
        last.checked_add(1)
            .map(RecordId)
            .ok_or_else(|| self.store.damaged("an id sequence is exhausted"))
    }

    fn take_id(&mut self, kind: Kind, id: RecordId) {
        self.last_ids.insert(kind, id.0);
    }

    fn facts_of(&self, target: RecordRef) -> StoreResult<Option<TargetFacts>> {
        if let Some(facts) = self.facts.get(&target) {
            return Ok(Some(facts.clone()));
        }
        Ok(self
            .store
            .get(target)?
            .map(|record| TargetFacts::of(&record)))
    }

    pub(super) fn context(&self, record: &Record) -> StoreResult<IndexContext> {
        context_of(record, |target| self.facts_of(target))
    }

    fn exists(&self, target: RecordRef) -> StoreResult<bool> {
        Ok(self.written.contains(&target)
            || self.facts.contains_key(&target)
            || self
                .store
                .tree(TreeId::Records(target.kind))
                .contains_key(id_key(target.id))?)
    }

    /// Refuses links to records that do not exist.
    pub(super) fn check_links(&self, record: &Record) -> StoreResult<()> {
        for link in record.links() {
            if !self.exists(link.target)? {
                return Err(StoreError::LinkMissing { link });
            }
        }
        Ok(())
    }

    /// Refuses a UAI or SIRET that another record holds.
    pub(super) fn check_unique_codes(&mut self, record: &Record) -> StoreResult<()> {
        let (tree, code) = match record {
            Record::School(school) => (TreeId::Uai, school.uai.as_str().as_bytes().to_vec()),
            Record::Company(company) => (TreeId::Siret, company.siret.as_str().as_bytes().to_vec()),
            _ => return Ok(()),
        };
        let holder = match self.codes.get(&(tree, code.clone())) {
            Some(id) => Some(*id),
            None => self.store.tree(tree).get(&code)?.and_then(|v| read_id(&v)),
        };
        if let Some(holder) = holder.filter(|holder| *holder != record.id()) {
            return Err(StoreError::Duplicate {
                kind: record.kind(),
                id: holder,
            });
        }
        self.codes.insert((tree, code), record.id());
        Ok(())
    }

    /// Writes a record with its index entries and counters, replacing
    /// `old` (with the context it was indexed under) if given.
    pub(super) fn write_record(
        &mut self,
        record: &Record,
        context: &IndexContext,
        old: Option<(&Record, &IndexContext)>,
    ) -> StoreResult<()> {
        let kind = record.kind();
        if record.has_masked_fields() {
            return Err(StoreError::MaskedValue {
                kind,
                id: record.id(),
            });
        }
        let mut old_counters = Vec::new();
        let mut old_entries = Vec::new();
        if let Some((old, old_context)) = old {
            old_entries = entries(old, old_context);
            old_counters = counters(old, old_context);
        }
        // Only the entries that change are written: an index untouched
        // by a save keeps its generation, so the copies kept of it (the
        // finder's names) stay good.
        let new_entries = entries(record, context);
        for entry in &old_entries {
            if !new_entries.contains(entry) {
                self.remove(entry.tree, entry.key.clone());
            }
        }
        for entry in new_entries {
            if !old_entries.contains(&entry) {
                self.put(entry.tree, entry.key, entry.value);
            }
        }
        self.add_counters(counter_deltas(&old_counters, &counters(record, context)));
        let bytes = encode_record(record)?;
        self.put(TreeId::Records(kind), id_key(record.id()).to_vec(), bytes);
        self.facts
            .insert(record.reference(), TargetFacts::of(record));
        self.written.insert(record.reference());
        Ok(())
    }

    /// Replaces `old` by `record`, stamped as its next revision: index
    /// entries, counters, and the records listed under it (a learner's
    /// placements carry its name).
    fn replace(&mut self, old: &Record, record: &mut Record, stamp: &Stamp) -> StoreResult<()> {
        {
            let (old_meta, meta) = (old.meta(), record.meta_mut());
            meta.revision = old_meta.revision.saturating_add(1);
            meta.created_at = old_meta.created_at;
            meta.created_by = old_meta.created_by.clone();
            meta.updated_at = stamp.at;
            meta.updated_by = stamp.account.clone();
        }
        self.check_links(record)?;
        self.check_unique_codes(record)?;
        let old_context = self.context(old)?;
        let context = self.context(record)?;
        self.write_record(record, &context, Some((old, &old_context)))?;
        self.reindex_dependents(old, record)
    }

    fn unindex(&mut self, record: &Record, context: &IndexContext) {
        for entry in entries(record, context) {
            self.remove(entry.tree, entry.key);
        }
    }

    /// Takes a live record out for good, with its index entries, its
    /// counts and what is kept beside it (consent, import note, demo
    /// mark): no tombstone. Only for records nothing points at.
    pub(super) fn erase(&mut self, record: &Record) -> StoreResult<()> {
        let target = record.reference();
        let context = self.context(record)?;
        self.unindex(record, &context);
        self.add_counters(counter_deltas(&counters(record, &context), &[]));
        self.remove(TreeId::Records(target.kind), id_key(target.id).to_vec());
        self.forget_beside(target);
        Ok(())
    }

    /// Removes what is kept beside a record outside its own tree.
    pub(super) fn forget_beside(&mut self, target: RecordRef) {
        let key = record_ref_key(target);
        for tree in [TreeId::Consents, TreeId::Imported, TreeId::Demo] {
            self.remove(tree, key.clone());
        }
    }

    fn add_counters(&mut self, deltas: HashMap<CounterKey, i64>) {
        for (key, delta) in deltas {
            *self.counter_deltas.entry(key).or_default() += delta;
        }
    }

    /// Re-indexes the records pointing at `record` whose académie or
    /// listed name come from it, after it changed from `old`.
    fn reindex_dependents(&mut self, old: &Record, record: &Record) -> StoreResult<()> {
        if !changes_dependent_contexts(old, record) {
            return Ok(());
        }
        let target = record.reference();
        let (old_facts, new_facts) = (TargetFacts::of(old), TargetFacts::of(record));
        for (dependent_ref, _) in self.store.dependents(target)? {
            let Some(dependent) = self.store.get(dependent_ref)? else {
                continue;
            };
            let facts_with = |facts: &TargetFacts, asked: RecordRef| {
                if asked == target {
                    Ok(Some(facts.clone()))
                } else {
                    self.facts_of(asked)
                }
            };
            let before = context_of(&dependent, |asked| facts_with(&old_facts, asked))?;
            let after = context_of(&dependent, |asked| facts_with(&new_facts, asked))?;
            if before != after {
                self.unindex(&dependent, &before);
                for entry in entries(&dependent, &after) {
                    self.put(entry.tree, entry.key, entry.value);
                }
                let deltas = counter_deltas(
                    &counters(&dependent, &before),
                    &counters(&dependent, &after),
                );
                self.add_counters(deltas);
            }
        }
        Ok(())
    }

    pub(super) fn audit(&mut self, stamp: &Stamp, action: AuditAction) -> StoreResult<()> {
        let sequence = match self.audit_sequence {
            Some(sequence) => sequence,
            None => self.store.meta_u64(meta_keys::AUDIT_SEQUENCE)?,
        }
        .checked_add(1)
        .ok_or_else(|| self.store.damaged("the audit sequence is exhausted"))?;
        // Chained to the entry before as it is stored (the last legacy
        // entry of an older store, for the first chained one).
        let previous = match self.audit_head {
            Some(head) => head,
            None => self.store.audit_hash_of(sequence - 1)?,
        };
        if self.audit_chain_start.is_none() && self.store.audit_chain_start()?.is_none() {
            self.audit_chain_start = Some(sequence);
        }
        self.audit_sequence = Some(sequence);
        let entry = ChainedAuditEntry {
            entry: AuditEntry {
                sequence,
                at: stamp.at,
                account: stamp.account.clone(),
                front_end: stamp.front_end,
                action,
            },
            previous,
        };
        let bytes = codec::encode(&entry)?;
        self.audit_head = Some(hash_of(&bytes));
        self.put(TreeId::Audit, sequence.to_be_bytes().to_vec(), bytes);
        Ok(())
    }

    /// Applies everything in one transaction and flushes, the write
    /// lock still held: for bulk loads and imports, which hold it
    /// throughout anyway. Leaves the facts gathered, for the next batch
    /// of a bulk load.
    pub(super) fn commit(&mut self) -> StoreResult<()> {
        self.apply()?;
        self.store.flush()
    }

    /// Applies everything in one transaction, not yet flushed: the
    /// writer flushes once it has let go of the lock (`Store::flushed`).
    fn apply(&mut self) -> StoreResult<()> {
        let mut ops = std::mem::take(&mut self.ops);
        for (key, delta) in std::mem::take(&mut self.counter_deltas) {
            if delta == 0 {
                continue;
            }
            let key_bytes = key.encode();
            let current = match self.store.tree(TreeId::Counters).get(key_bytes)? {
                None => 0,
                Some(bytes) => decode_count(&bytes)
                    .ok_or_else(|| self.store.damaged("a counter is unreadable"))?,
            };
            ops.push((
                TreeId::Counters,
                key_bytes.to_vec(),
                Some(encode_count(current.saturating_add(delta)).to_vec()),
            ));
        }
        for (kind, last) in std::mem::take(&mut self.last_ids) {
            ops.push((
                TreeId::Meta,
                meta_keys::last_id(kind),
                Some(last.to_be_bytes().to_vec()),
            ));
        }
        if let Some(sequence) = self.audit_sequence.take() {
            ops.push((
                TreeId::Meta,
                meta_keys::AUDIT_SEQUENCE.to_vec(),
                Some(sequence.to_be_bytes().to_vec()),
            ));
        }
        if let Some(head) = self.audit_head.take() {
            ops.push((
                TreeId::Meta,
                meta_keys::AUDIT_HEAD.to_vec(),
                Some(head.to_vec()),
            ));
        }
        if let Some(start) = self.audit_chain_start.take() {
            ops.push((
                TreeId::Meta,
                meta_keys::AUDIT_CHAIN_START.to_vec(),
                Some(start.to_be_bytes().to_vec()),
            ));
        }
        self.codes.clear();
        self.written.clear();
        apply(self.store, &ops)
    }
}

/// Applies the operations atomically: all of them or none.
pub(crate) fn apply(store: &Store, ops: &[Op]) -> StoreResult<()> {
    // Only the trees touched take part in the transaction.
    let mut slots: BTreeMap<usize, usize> = BTreeMap::new();
    for (tree, _, _) in ops {
        let next = slots.len();
        slots.entry(tree.slot()).or_insert(next);
    }
    let mut trees: Vec<(usize, &sled::Tree)> = slots
        .iter()
        .map(|(slot, position)| (*position, &store.trees[*slot]))
        .collect();
    trees.sort_by_key(|(position, _)| *position);
    let trees: Vec<&sled::Tree> = trees.into_iter().map(|(_, tree)| tree).collect();
    let result: Result<(), TransactionError<()>> = trees.as_slice().transaction(|views| {
        for (tree, key, value) in ops {
            let view = &views[slots[&tree.slot()]];
            match value {
                Some(value) => view.insert(key.as_slice(), value.as_slice())?,
                None => view.remove(key.as_slice())?,
            };
        }
        Ok::<(), ConflictableTransactionError<()>>(())
    });
    result.map_err(|error| match error {
        TransactionError::Storage(error) => StoreError::from(error),
        TransactionError::Abort(()) => StoreError::Io("the write was abandoned".into()),
    })?;
    for slot in slots.keys() {
        store.bump_generation(*slot);
    }
    Ok(())
}

impl Store {
    /// Runs `write` under the write lock, then waits until it is on
    /// disk with the lock let go. Writers that come while one waits for
    /// the disk apply their transactions meanwhile, and one flush makes
    /// them all durable (group commit): a save waits for about one flush,
    /// not for every flush queued before it. Nothing is acknowledged
    /// before it is flushed: the caller returns only after the flush.
    fn flushed<T>(&self, write: impl FnOnce() -> StoreResult<T>) -> StoreResult<T> {
        let written = {
            let _guard = self.lock();
            write()?
        };
        self.flush()?;
        Ok(written)
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, ()> {
        // A writer that panicked left nothing half-applied (the
        // transaction is atomic), so the lock is safe to take again.
        self.write_lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Appends an audit entry that goes with no record (a user change, a
    /// refused access).
    pub fn append_audit(&self, stamp: &Stamp, action: AuditAction) -> StoreResult<()> {
        self.flushed(|| {
            let mut pending = PendingWrite::new(self);
            pending.audit(stamp, action)?;
            pending.apply()
        })
    }

    /// Appends an audit entry while the caller holds the write lock (the
    /// guard is the proof), for an operation that reads under the same
    /// lock (an export's start, a backup); returns its sequence.
    pub(crate) fn append_audit_held(
        &self,
        _held: &MutexGuard<'_, ()>,
        stamp: &Stamp,
        action: AuditAction,
    ) -> StoreResult<u64> {
        let mut pending = PendingWrite::new(self);
        pending.audit(stamp, action)?;
        let sequence = pending.audit_sequence.unwrap_or(0);
        pending.commit()?;
        Ok(sequence)
    }

    /// Appends several entries that go with no record write, in one
    /// transaction: all are in the trail, or none.
    pub fn append_audits(&self, stamp: &Stamp, actions: Vec<AuditAction>) -> StoreResult<()> {
        self.flushed(|| {
            let mut pending = PendingWrite::new(self);
            for action in actions {
                pending.audit(stamp, action)?;
            }
            pending.apply()
        })
    }

    /// Writes `ops` about a live record (its consent…) with `action` in
    /// the trail, in one transaction; refused when the record is gone.
    pub(crate) fn write_beside_record(
        &self,
        target: RecordRef,
        ops: Vec<Op>,
        action: AuditAction,
        stamp: &Stamp,
    ) -> StoreResult<()> {
        self.flushed(|| {
            if !self
                .tree(TreeId::Records(target.kind))
                .contains_key(id_key(target.id))?
            {
                return Err(StoreError::NotFound {
                    kind: target.kind,
                    id: target.id,
                });
            }
            let mut pending = PendingWrite::new(self);
            pending.ops = ops;
            pending.audit(stamp, action)?;
            pending.apply()
        })
    }

    /// Writes `ops` with `action` in the trail, in one transaction,
    /// whether or not a record lives under the keys they touch (a purge
    /// removes what is kept about deleted records too).
    pub(crate) fn write_audited(
        &self,
        ops: Vec<Op>,
        action: AuditAction,
        stamp: &Stamp,
    ) -> StoreResult<()> {
        self.flushed(|| {
            let mut pending = PendingWrite::new(self);
            pending.ops = ops;
            pending.audit(stamp, action)?;
            pending.apply()
        })
    }

    /// Creates a record: gives it an id, revision 1 and the stamp.
    pub fn create(&self, mut record: Record, stamp: &Stamp) -> StoreResult<Record> {
        self.flushed(|| {
            let mut pending = PendingWrite::new(self);
            let id = pending.next_id(record.kind())?;
            stamp_new(&mut record, id, stamp);
            pending.check_links(&record)?;
            pending.check_unique_codes(&record)?;
            pending.take_id(record.kind(), id);
            let context = pending.context(&record)?;
            pending.write_record(&record, &context, None)?;
            pending.audit(
                stamp,
                AuditAction::Created {
                    target: record.reference(),
                    revision: 1,
                },
            )?;
            pending.apply()?;
            Ok(record)
        })
    }

    /// Replaces a record, if it is still at `expected_revision`; otherwise
    /// refuses with the current version.
    pub fn update(
        &self,
        record: Record,
        expected_revision: u64,
        stamp: &Stamp,
    ) -> StoreResult<Record> {
        let target = record.reference();
        let mut replacement = Some(record);
        let mut written = self.update_each(
            &[target],
            stamp,
            &mut |stored| {
                let Some(stored) = stored else {
                    return Err(StoreError::NotFound {
                        kind: target.kind,
                        id: target.id,
                    });
                };
                if stored.meta().revision != expected_revision {
                    return Err(StoreError::Conflict {
                        current: Box::new(stored.clone()),
                    });
                }
                match replacement.take() {
                    Some(record) => {
                        *stored = record;
                        Ok(true)
                    }
                    None => Ok(false),
                }
            },
            &|old, new| AuditAction::Changed {
                target: new.reference(),
                revision: new.meta().revision,
                fields: field_changes(old, new),
            },
        )?;
        written.pop().ok_or(StoreError::NotFound {
            kind: target.kind,
            id: target.id,
        })
    }

    /// Replaces records in one transaction, each with its index entries,
    /// counters, the records listed under it, and the audit entry
    /// `action(old, new)` says. Each target is read under the write lock
    /// and handed to `change` (`None` when it does not exist), which
    /// edits it in place and says whether to write it; an error from
    /// `change` abandons the whole batch. A record written is stamped
    /// with the next revision and `stamp`; it keeps its kind and number.
    /// Returns the records written, as stored. A target listed twice is
    /// taken once.
    pub fn update_each(
        &self,
        targets: &[RecordRef],
        stamp: &Stamp,
        change: &mut dyn FnMut(Option<&mut Record>) -> StoreResult<bool>,
        action: &dyn Fn(&Record, &Record) -> AuditAction,
    ) -> StoreResult<Vec<Record>> {
        self.flushed(|| {
            let mut pending = PendingWrite::new(self);
            let mut seen = HashSet::new();
            let mut written = Vec::new();
            for target in targets.iter().copied() {
                if !seen.insert(target) {
                    continue;
                }
                let Some(old) = self.get(target)? else {
                    change(None)?;
                    continue;
                };
                let mut record = old.clone();
                if !change(Some(&mut record))? {
                    continue;
                }
                if record.reference() != target {
                    return Err(StoreError::Io(format!(
                        "an update cannot turn {target:?} into {:?}",
                        record.reference()
                    )));
                }
                pending.replace(&old, &mut record, stamp)?;
                pending.audit(stamp, action(&old, &record))?;
                written.push(record);
            }
            if !written.is_empty() {
                pending.apply()?;
            }
            Ok(written)
        })
    }

    /// Rewrites deleted records kept for restoring, in one transaction,
    /// each with the audit entry `action(new)` says. Each tombstone is
    /// read under the write lock and handed to `change`, which edits it
    /// in place and says whether to write it. Tombstones have no index
    /// entry or counter; their revision is left as deleted. Returns the
    /// tombstones written.
    pub fn update_tombstones(
        &self,
        targets: &[RecordRef],
        stamp: &Stamp,
        change: &mut dyn FnMut(&mut Record) -> StoreResult<bool>,
        action: &dyn Fn(&Record) -> AuditAction,
    ) -> StoreResult<Vec<Record>> {
        self.flushed(|| {
            let mut pending = PendingWrite::new(self);
            let mut seen = HashSet::new();
            let mut written = Vec::new();
            for target in targets.iter().copied() {
                if !seen.insert(target) {
                    continue;
                }
                let Some(mut record) = self.tombstone(target)? else {
                    continue;
                };
                if !change(&mut record)? {
                    continue;
                }
                if record.reference() != target {
                    return Err(StoreError::Io(format!(
                        "a deleted record cannot turn {target:?} into {:?}",
                        record.reference()
                    )));
                }
                if record.has_masked_fields() {
                    return Err(StoreError::MaskedValue {
                        kind: target.kind,
                        id: target.id,
                    });
                }
                pending.put(
                    TreeId::Tombstones,
                    tombstone_key(target),
                    encode_record(&record)?,
                );
                pending.audit(stamp, action(&record))?;
                written.push(record);
            }
            if !written.is_empty() {
                pending.apply()?;
            }
            Ok(written)
        })
    }

    /// Deletes a record nothing points at, if it is still at
    /// `expected_revision` (when given), keeping it as a tombstone.
    /// Returns what was deleted.
    pub fn delete(
        &self,
        target: RecordRef,
        expected_revision: Option<u64>,
        stamp: &Stamp,
    ) -> StoreResult<Record> {
        self.flushed(|| {
            let old = self.get(target)?.ok_or(StoreError::NotFound {
                kind: target.kind,
                id: target.id,
            })?;
            if expected_revision.is_some_and(|expected| expected != old.meta().revision) {
                return Err(StoreError::Conflict {
                    current: Box::new(old),
                });
            }
            let dependents = self.dependents(target)?;
            if !dependents.is_empty() {
                return Err(StoreError::Referenced {
                    target,
                    dependents: dependents.into_iter().map(|(r, _)| r).collect(),
                });
            }
            let mut pending = PendingWrite::new(self);
            let context = pending.context(&old)?;
            pending.unindex(&old, &context);
            pending.add_counters(counter_deltas(&counters(&old, &context), &[]));
            pending.remove(TreeId::Records(target.kind), id_key(target.id).to_vec());
            // Kept whole, as stored, so that the delete can be undone.
            pending.put(
                TreeId::Tombstones,
                tombstone_key(target),
                encode_record(&old)?,
            );
            pending.audit(
                stamp,
                AuditAction::Deleted {
                    target,
                    revision: old.meta().revision,
                },
            )?;
            pending.apply()?;
            Ok(old)
        })
    }

    /// Brings a deleted record back from its tombstone under its old id,
    /// with its index entries, counters and an audit entry, at the
    /// revision after the deleted one. Refused when nothing was deleted
    /// under `target`, when a record holds its id, when a record it
    /// points at is gone, or when its UAI or SIRET was given to another.
    pub fn restore(&self, target: RecordRef, stamp: &Stamp) -> StoreResult<Record> {
        self.flushed(|| {
            let mut record = self.tombstone(target)?.ok_or(StoreError::NoTombstone {
                kind: target.kind,
                id: target.id,
            })?;
            if self
                .tree(TreeId::Records(target.kind))
                .contains_key(id_key(target.id))?
            {
                return Err(StoreError::InUse {
                    kind: target.kind,
                    id: target.id,
                });
            }
            {
                let meta = record.meta_mut();
                meta.revision = meta.revision.saturating_add(1);
                meta.updated_at = stamp.at;
                meta.updated_by = stamp.account.clone();
            }
            // Deleted before every learner was marked alike: it comes
            // back marked as every learner is.
            if let Record::Learner(learner) = &mut record {
                let owner = self.school_organisation(learner.school);
                learner.mark_as_every_learner(owner);
            }
            let mut pending = PendingWrite::new(self);
            pending.check_links(&record)?;
            pending.check_unique_codes(&record)?;
            let context = pending.context(&record)?;
            pending.write_record(&record, &context, None)?;
            pending.remove(TreeId::Tombstones, tombstone_key(target));
            pending.audit(
                stamp,
                AuditAction::Restored {
                    target,
                    revision: record.meta().revision,
                },
            )?;
            pending.apply()?;
            Ok(record)
        })
    }
}

fn stamp_new(record: &mut Record, id: RecordId, stamp: &Stamp) {
    let meta = record.meta_mut();
    meta.id = id;
    meta.revision = 1;
    meta.created_at = stamp.at;
    meta.created_by = stamp.account.clone();
    meta.updated_at = stamp.at;
    meta.updated_by = stamp.account.clone();
}
