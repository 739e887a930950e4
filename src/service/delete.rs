//! Deleting a record, refused while other records point at it.

use serde::{Deserialize, Serialize};

use crate::domain::records::RecordRef;
use crate::service::{Caller, Service, ServiceError, ServiceResult};
use crate::store::StoreError;

/// How many of the records blocking a deletion are named.
pub const BLOCKERS_NAMED: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteRequest {
    pub target: RecordRef,
    /// The revision the caller saw; a changed record is not deleted.
    pub revision: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteResponse {
    pub deleted: RecordRef,
    pub label: String,
}

impl Service {
    pub fn delete(
        &self,
        caller: &Caller,
        request: &DeleteRequest,
    ) -> ServiceResult<DeleteResponse> {
        self.identify_writer(caller)?;
        let stamp = self.stamp(caller);
        let mut names = self.names();
        let label = match self.store.get(request.target)? {
            Some(record) => names.label(&record)?,
            None => {
                return Err(ServiceError::NotFound {
                    kind: request.target.kind,
                    key: request.target.id.to_string(),
                });
            }
        };
        match self.store.delete(request.target, request.revision, &stamp) {
            Ok(_) => Ok(DeleteResponse {
                deleted: request.target,
                label,
            }),
            Err(StoreError::Referenced { target, dependents }) => {
                let mut named = Vec::new();
                for dependent in dependents.iter().take(BLOCKERS_NAMED) {
                    if let Some(linked) = names.linked(None, *dependent)? {
                        named.push(linked);
                    }
                }
                Err(ServiceError::Referenced {
                    target,
                    dependents: named,
                    total: dependents.len(),
                })
            }
            Err(StoreError::Conflict { current }) => Err(ServiceError::Conflict {
                current: Box::new(crate::service::masking::present(caller, *current)),
            }),
            Err(other) => Err(other.into()),
        }
    }
}
