//! Loading many records at once (demonstration data, imports): each record
//! passes the same rules as a save, and they are written in atomic,
//! flushed batches.

use crate::domain::RecordId;
use crate::domain::records::Record;
use crate::service::save::{Moves, write_error};
use crate::service::{Caller, Service, ServiceError, ServiceResult};
use crate::store::write::BulkWriter;

/// Records per transaction: large enough to amortise the flush, small
/// enough to keep a batch's memory modest.
pub const BATCH_SIZE: usize = 250;

/// A bulk load in progress. Dropping it without `finish` abandons the
/// records of the current batch; earlier batches stay written.
pub struct BulkSession<'s> {
    service: &'s Service,
    caller: Caller,
    writer: BulkWriter<'s>,
}

impl Service {
    /// Starts a bulk load, if `caller` may write.
    pub fn bulk(&self, caller: &Caller) -> ServiceResult<BulkSession<'_>> {
        self.identify_writer(caller)?;
        let stamp = self.stamp(caller);
        Ok(BulkSession {
            service: self,
            caller: caller.clone(),
            writer: self.store.bulk(stamp, BATCH_SIZE),
        })
    }

    /// Starts a bulk load of demonstration data: every record it adds
    /// is marked as made up (`store::demo`).
    pub fn bulk_demo(&self, caller: &Caller) -> ServiceResult<BulkSession<'_>> {
        let session = self.bulk(caller)?;
        Ok(BulkSession {
            writer: session.writer.mark_demo(),
            ..session
        })
    }
}

impl BulkSession<'_> {
    /// Validates and adds a new record; returns its id.
    pub fn add(&mut self, mut record: Record) -> ServiceResult<RecordId> {
        if !record.id().is_new() {
            return Err(ServiceError::BadRequest(
                "a bulk load only creates records".into(),
            ));
        }
        let writer = &self.writer;
        self.service.prepare(
            &mut record,
            None,
            &|target| writer.get(target),
            Moves::Checked,
        )?;
        self.writer
            .add(record)
            .map_err(|error| write_error(&self.caller, error))
    }

    /// Writes the last batch; returns how many records were written.
    pub fn finish(self) -> ServiceResult<u64> {
        Ok(self.writer.finish()?)
    }
}
