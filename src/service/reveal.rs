//! Reveal: a confidential record's restricted fields shown in clear to
//! someone cleared for it (article 3.2), for one screen or to leave the
//! application with consent. Every reveal is audited, and so is every
//! refusal.

use serde::{Deserialize, Serialize};

use crate::domain::audit::{AuditAction, RevealPurpose};
use crate::domain::consent::ConsentUse;
use crate::service::get::{GetResponse, RecordKey};
use crate::service::masking::cleared;
use crate::service::{Caller, NotAllowed, Service, ServiceError, ServiceResult};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealRequest {
    pub key: RecordKey,
    pub purpose: RevealPurpose,
}

impl Service {
    /// The record in clear, when `caller` is an administrator or a
    /// coordinator of the organisation owning it — and, for output that
    /// leaves the application, when consent to export is recorded on it.
    /// A record that is not confidential comes as `get` gives it (nothing
    /// to reveal, nothing audited).
    pub fn reveal(&self, caller: &Caller, request: &RevealRequest) -> ServiceResult<GetResponse> {
        let identity = self.identify(caller)?;
        let mut detail = self.detail(&request.key)?;
        let target = detail.record.reference();
        if !detail.record.meta().confidentiality.confidential {
            return Ok(detail);
        }
        let refusal = if !cleared(&identity, &detail.record) {
            Some(NotAllowed::NotCleared {
                owner: detail.record.meta().confidentiality.owner,
                admins: self.admins()?,
            })
        } else {
            needs_consent(request.purpose)
                .filter(|wanted| {
                    !detail
                        .consent
                        .as_ref()
                        .is_some_and(|consent| consent.covers(*wanted))
                })
                .map(|wanted| NotAllowed::NoConsent { wanted })
        };
        let stamp = self.stamp(caller);
        if let Some(refusal) = refusal {
            let action = AuditAction::RevealRefused {
                target,
                purpose: request.purpose,
            };
            if let Err(error) = self.store.append_audit(&stamp, action) {
                tracing::warn!(%error, "a refused reveal could not be audited");
            }
            return Err(ServiceError::NotAllowed(refusal));
        }
        // Nothing is shown that the trail does not hold.
        self.store.append_audit(
            &stamp,
            AuditAction::Revealed {
                target,
                purpose: request.purpose,
            },
        )?;
        detail.revealed = true;
        Ok(detail)
    }
}

/// The consent a reveal for `purpose` needs besides clearance: none on a
/// screen; to export or report for what leaves.
fn needs_consent(purpose: RevealPurpose) -> Option<ConsentUse> {
    match purpose {
        RevealPurpose::Screen => None,
        RevealPurpose::Export => Some(ConsentUse::Export),
        RevealPurpose::Report => Some(ConsentUse::Report),
    }
}
