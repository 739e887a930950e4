//! Bulk loads (demonstration data): records written in batches of one
//! transaction each, readable before their batch is written.

use super::*;

/// A bulk load in progress (demonstration data, imports).
pub struct BulkWriter<'s> {
    _guard: MutexGuard<'s, ()>,
    pending: PendingWrite<'s>,
    stamp: Stamp,
    batch_size: usize,
    in_batch: usize,
    written: u64,
    /// The records of the batch not yet written, readable by `get`.
    batch_records: HashMap<RecordRef, Record>,
    /// A batch failed to be written: what the writer remembers of the
    /// records since may not be in the store, so it takes no more.
    failed: bool,
    /// Every record added is marked as demonstration data.
    marked_demo: bool,
}

impl Store {
    /// Starts a bulk load: records are added one by one and written in
    /// batches of `batch_size`, each batch atomic and flushed. Other
    /// writers wait until it ends.
    pub fn bulk(&self, stamp: Stamp, batch_size: usize) -> BulkWriter<'_> {
        BulkWriter {
            _guard: self.lock(),
            pending: PendingWrite::new(self),
            stamp,
            batch_size: batch_size.max(1),
            in_batch: 0,
            written: 0,
            batch_records: HashMap::new(),
            failed: false,
            marked_demo: false,
        }
    }
}

impl BulkWriter<'_> {
    /// Marks every record added from now on as demonstration data
    /// (`store::demo`).
    pub fn mark_demo(mut self) -> Self {
        self.marked_demo = true;
        self
    }

    /// Adds a new record and returns the id it was given, so that later
    /// records can point at it.
    pub fn add(&mut self, mut record: Record) -> StoreResult<RecordId> {
        self.refuse_after_failure()?;
        let id = self.pending.next_id(record.kind())?;
        stamp_new(&mut record, id, &self.stamp);
        self.pending.check_links(&record)?;
        self.pending.check_unique_codes(&record)?;
        self.pending.take_id(record.kind(), id);
        let context = self.pending.context(&record)?;
        self.pending.write_record(&record, &context, None)?;
        if self.marked_demo {
            self.pending
                .put(TreeId::Demo, record_ref_key(record.reference()), Vec::new());
        }
        if !matches!(record.kind(), Kind::School | Kind::Company | Kind::Learner) {
            // Only these lend facts to others; forget the rest to save memory.
            self.pending.facts.remove(&record.reference());
        }
        self.batch_records.insert(record.reference(), record);
        self.in_batch += 1;
        if self.in_batch >= self.batch_size {
            self.commit_batch()?;
        }
        Ok(id)
    }

    fn commit_batch(&mut self) -> StoreResult<()> {
        if self.in_batch == 0 {
            return Ok(());
        }
        let records = self.in_batch as u64;
        self.pending
            .audit(&self.stamp, AuditAction::BulkCreated { records })?;
        if let Err(error) = self.pending.commit() {
            self.failed = true;
            return Err(error);
        }
        self.written += records;
        self.in_batch = 0;
        self.batch_records.clear();
        Ok(())
    }

    /// Reads a record, whether written or still in the batch.
    pub fn get(&self, target: RecordRef) -> StoreResult<Option<Record>> {
        match self.batch_records.get(&target) {
            Some(record) => Ok(Some(record.clone())),
            None => self.pending.store.get(target),
        }
    }

    fn refuse_after_failure(&self) -> StoreResult<()> {
        if self.failed {
            return Err(StoreError::Io(format!(
                "the bulk load stopped after a batch failed; {} records were written before it",
                self.written
            )));
        }
        Ok(())
    }

    /// Writes what is left; returns how many records were written.
    pub fn finish(mut self) -> StoreResult<u64> {
        self.refuse_after_failure()?;
        self.commit_batch()?;
        Ok(self.written)
    }
}
