//! What leaves the service of a confidential record. Restricted fields are
//! masked for every caller: revealing one is a deliberate, audited act
//! (article 3.2), not a side effect of reading.

use crate::domain::records::Record;
use crate::service::Caller;

/// The record as `caller` may see it.
pub fn present(_caller: &Caller, mut record: Record) -> Record {
    if record.meta().confidentiality.confidential {
        record.mask_restricted();
    }
    record
}
