//! Taking demonstration data out of a store (`passerelle demo --remove`):
//! admins only, since the records are erased for good.

use serde::{Deserialize, Serialize};

use crate::domain::records::RecordRef;
use crate::service::bulk::BATCH_SIZE;
use crate::service::{AdminTask, Caller, Service, ServiceResult};

/// What a removal did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoRemoved {
    /// Nothing was written: what would be done.
    pub dry_run: bool,
    /// Demonstration records erased, live or deleted.
    pub removed: u64,
    /// Demonstration records kept because records that are not
    /// demonstration data point at them.
    pub kept: Vec<RecordRef>,
}

impl Service {
    /// Erases every record `passerelle demo` made, but those real records
    /// point at; with `dry_run`, only says what it would do.
    pub fn remove_demo(&self, caller: &Caller, dry_run: bool) -> ServiceResult<DemoRemoved> {
        self.identify_writer(caller)?;
        self.identify_admin(caller, AdminTask::RemoveDemo)?;
        let removal = self
            .store
            .remove_demo(&self.stamp(caller), BATCH_SIZE, dry_run)?;
        Ok(DemoRemoved {
            dry_run,
            removed: removal.removed,
            kept: removal.kept,
        })
    }
}
