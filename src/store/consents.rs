//! Consents kept on records: one per record, in their own tree, written
//! with their audit entry in one transaction.

use crate::domain::audit::AuditAction;
use crate::domain::consent::Consent;
use crate::domain::records::RecordRef;
use crate::store::Store;
use crate::store::codec::{self, DecodeError, EncodeError};
use crate::store::error::{StoreError, StoreResult};
use crate::store::keys::record_ref_key;
use crate::store::schema::TreeId;
use crate::store::write::Stamp;

pub fn encode_consent(consent: &Consent) -> Result<Vec<u8>, EncodeError> {
    codec::encode(consent)
}

pub fn decode_consent(bytes: &[u8]) -> Result<Consent, DecodeError> {
    codec::decode::<Consent>(bytes)
}

impl Store {
    /// The consent recorded on a record (live or deleted), if any.
    pub fn consent(&self, target: RecordRef) -> StoreResult<Option<Consent>> {
        self.tree(TreeId::Consents)
            .get(record_ref_key(target))?
            .map(|bytes| {
                decode_consent(&bytes).map_err(|problem| StoreError::CorruptRecord {
                    kind: target.kind,
                    id: target.id,
                    problem,
                })
            })
            .transpose()
    }

    /// Records `consent` on a live record, replacing any before, or
    /// withdraws it (`None`), with the audit entry.
    pub fn set_consent(
        &self,
        target: RecordRef,
        consent: Option<&Consent>,
        stamp: &Stamp,
    ) -> StoreResult<()> {
        let key = record_ref_key(target);
        let (value, action) = match consent {
            Some(consent) => {
                if consent.given_by.is_masked() {
                    return Err(StoreError::MaskedValue {
                        kind: target.kind,
                        id: target.id,
                    });
                }
                (
                    Some(encode_consent(consent)?),
                    AuditAction::ConsentRecorded {
                        target,
                        uses: consent.uses.clone(),
                    },
                )
            }
            None => (None, AuditAction::ConsentWithdrawn { target }),
        };
        self.write_beside_record(target, vec![(TreeId::Consents, key, value)], action, stamp)
    }

    /// Removes the consent of a record, live or deleted, with its audit
    /// entry; `false` when there was none (nothing written).
    pub fn remove_consent(&self, target: RecordRef, stamp: &Stamp) -> StoreResult<bool> {
        if self.consent(target)?.is_none() {
            return Ok(false);
        }
        self.write_audited(
            vec![(TreeId::Consents, record_ref_key(target), None)],
            AuditAction::ConsentWithdrawn { target },
            stamp,
        )?;
        Ok(true)
    }
}
