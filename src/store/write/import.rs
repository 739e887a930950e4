//! An import batch: creates and updates gathered under the write lock,
//! applied in one transaction or dropped unwritten.

use super::*;

/// The revision an import note holds (written by `note_imported`), if
/// its bytes are one.
pub(crate) fn read_import_note(bytes: &[u8]) -> Option<u64> {
    <[u8; 8]>::try_from(bytes).ok().map(u64::from_be_bytes)
}

/// One batch of an import: creates and updates gathered under the
/// store's write lock, each with its audit entry (`Created`, or `Changed`
/// with its fields, as a save would write) and a note of the revision the
/// import wrote, then applied in one transaction by `commit` — or
/// dropped unwritten (a dry run, a batch refused whole).
pub struct ImportWriter<'s> {
    _guard: MutexGuard<'s, ()>,
    pending: PendingWrite<'s>,
    stamp: Stamp,
    /// The records written in this batch, readable by `get`.
    batch_records: HashMap<RecordRef, Record>,
}

impl Store {
    /// Starts an import batch; other writers wait until it is committed
    /// or dropped.
    pub fn import_writer(&self, stamp: Stamp) -> ImportWriter<'_> {
        ImportWriter {
            _guard: self.lock(),
            pending: PendingWrite::new(self),
            stamp,
            batch_records: HashMap::new(),
        }
    }
}

impl ImportWriter<'_> {
    fn store(&self) -> &Store {
        self.pending.store
    }

    /// Reads a record, whether stored or written earlier in this batch.
    pub fn get(&self, target: RecordRef) -> StoreResult<Option<Record>> {
        match self.batch_records.get(&target) {
            Some(record) => Ok(Some(record.clone())),
            None => self.store().get(target),
        }
    }

    /// The school holding a UAI, or the company holding a SIRET
    /// (`tree`: `TreeId::Uai` or `TreeId::Siret`), this batch included.
    pub fn holder(&self, tree: TreeId, code: &str) -> StoreResult<Option<RecordId>> {
        let key = (tree, code.as_bytes().to_vec());
        if let Some(id) = self.pending.codes.get(&key) {
            return Ok(Some(*id));
        }
        Ok(self
            .store()
            .tree(tree)
            .get(code.as_bytes())?
            .and_then(|v| read_id(&v)))
    }

    /// The last number given to a record of `kind`, this batch included.
    pub fn last_id(&mut self, kind: Kind) -> StoreResult<u64> {
        Ok(self.pending.next_id(kind)?.0 - 1)
    }

    /// Acts as though the numbers of `kind` up to `number` were given
    /// already (a dry run's earlier batches): nothing is written of it.
    pub fn count_given_up_to(&mut self, kind: Kind, number: u64) -> StoreResult<()> {
        let last = self.last_id(kind)?;
        if number > last {
            self.pending.take_id(kind, RecordId(number));
        }
        Ok(())
    }

    /// The revision an import last wrote of `target`, if one did.
    pub fn imported_revision(&self, target: RecordRef) -> StoreResult<Option<u64>> {
        Ok(self
            .store()
            .tree(TreeId::Imported)
            .get(record_ref_key(target))?
            .and_then(|bytes| read_import_note(&bytes)))
    }

    fn note_imported(&mut self, record: &Record) {
        self.pending.put(
            TreeId::Imported,
            record_ref_key(record.reference()),
            record.meta().revision.to_be_bytes().to_vec(),
        );
    }

    /// Creates a record, under `wanted` as its number when given (the
    /// caller has checked it is beyond the last one given), else the next
    /// one. A refusal (a link missing, a code taken) leaves the batch as
    /// it was.
    pub fn create(&mut self, mut record: Record, wanted: Option<RecordId>) -> StoreResult<Record> {
        let kind = record.kind();
        let id = match wanted {
            Some(id) => id,
            None => self.pending.next_id(kind)?,
        };
        stamp_new(&mut record, id, &self.stamp);
        self.pending.check_links(&record)?;
        self.pending.check_unique_codes(&record)?;
        let next = self.pending.next_id(kind)?;
        if id >= next {
            self.pending.take_id(kind, id);
        }
        let context = self.pending.context(&record)?;
        self.pending.write_record(&record, &context, None)?;
        self.pending.audit(
            &self.stamp,
            AuditAction::Created {
                target: record.reference(),
                revision: 1,
            },
        )?;
        self.note_imported(&record);
        self.batch_records
            .insert(record.reference(), record.clone());
        Ok(record)
    }

    /// Replaces `old` (as read through this writer) by `record`, stamped
    /// as its next revision, audited as a save's update; `imported`: the
    /// import now owns it (noted), else it stays whoever's it was. A
    /// record that follows a file holds the file's data: no longer
    /// demonstration data, whatever made it first.
    /// Returns the record as written and the fields that changed.
    pub fn update(
        &mut self,
        old: &Record,
        mut record: Record,
        imported: bool,
    ) -> StoreResult<(Record, Vec<FieldChange>)> {
        self.pending.replace(old, &mut record, &self.stamp)?;
        let fields = field_changes(old, &record);
        self.pending.audit(
            &self.stamp,
            AuditAction::Changed {
                target: record.reference(),
                revision: record.meta().revision,
                fields: fields.clone(),
            },
        )?;
        if imported {
            self.note_imported(&record);
            self.pending
                .remove(TreeId::Demo, record_ref_key(record.reference()));
        }
        self.batch_records
            .insert(record.reference(), record.clone());
        Ok((record, fields))
    }

    /// Writes the batch in one transaction, flushed.
    pub fn commit(mut self) -> StoreResult<()> {
        if self.pending.ops.is_empty() {
            return Ok(());
        }
        self.pending.commit()
    }
}
