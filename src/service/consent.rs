//! Recording and withdrawing the consent kept on a record. Who gave it is
//! personal data: only those cleared for the record (see
//! `masking::cleared`) record or withdraw it.

use crate::domain::consent::Consent;
use crate::domain::meta::Restricted;
use crate::domain::records::Record;
use crate::domain::user::Identity;
use crate::service::get::RecordKey;
use crate::service::masking::cleared;
use crate::service::{Caller, NotAllowed, Service, ServiceError, ServiceResult};

// Defined with the consent itself, so that the forms of the domain can
// read one; kept here under its old path for the front ends.
pub use crate::domain::consent::ConsentInput;

impl Service {
    /// Records a consent on a live record, replacing the one before.
    pub fn record_consent(
        &self,
        caller: &Caller,
        key: &RecordKey,
        input: ConsentInput,
    ) -> ServiceResult<Consent> {
        let identity = self.identify_writer(caller)?;
        let record = self.cleared_record(&identity, key)?;
        let stamp = self.stamp(caller);
        let consent = Consent {
            given_by: Restricted::Clear(input.given_by.trim().to_owned()),
            given_on: input.given_on,
            uses: input.uses,
            recorded_by: stamp.account.clone(),
            recorded_at: stamp.at,
        };
        consent
            .validate(self.clock.today())
            .into_result()
            .map_err(ServiceError::Invalid)?;
        self.store
            .set_consent(record.reference(), Some(&consent), &stamp)?;
        Ok(consent)
    }

    /// Withdraws a record's consent; `false` when none was recorded
    /// (nothing written).
    pub fn withdraw_consent(&self, caller: &Caller, key: &RecordKey) -> ServiceResult<bool> {
        let identity = self.identify_writer(caller)?;
        let record = self.cleared_record(&identity, key)?;
        if self.store.consent(record.reference())?.is_none() {
            return Ok(false);
        }
        self.store
            .set_consent(record.reference(), None, &self.stamp(caller))?;
        Ok(true)
    }

    fn cleared_record(&self, identity: &Identity, key: &RecordKey) -> ServiceResult<Record> {
        let reference = self.resolve_key(key)?;
        let record = self
            .store
            .get(reference)?
            .ok_or_else(|| ServiceError::NotFound {
                kind: reference.kind,
                key: reference.id.to_string(),
            })?;
        if !cleared(identity, &record) {
            return Err(ServiceError::NotAllowed(NotAllowed::NotCleared {
                owner: record.meta().confidentiality.owner,
                admins: self.admins()?,
            }));
        }
        Ok(record)
    }
}
