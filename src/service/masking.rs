//! What leaves the service of a confidential record. Restricted fields are
//! masked for every caller: revealing one is a deliberate, audited act
//! (article 3.2), not a side effect of reading, and only for those
//! cleared: administrators, and coordinators of the organisation that
//! owns the record.

use crate::domain::consent::{Consent, ConsentUse};
use crate::domain::records::Record;
use crate::domain::user::{Identity, Role};
use crate::service::Caller;

/// The record as `caller` may see it before any reveal.
pub fn present(_caller: &Caller, mut record: Record) -> Record {
    if record.meta().confidentiality.confidential {
        record.mask_restricted();
    }
    record
}

/// A record's consent as it may be shown with the record: who gave it is
/// personal data, masked with the record's restricted fields.
pub fn present_consent(record: &Record, mut consent: Consent) -> Consent {
    if record.meta().confidentiality.confidential {
        consent.given_by.mask();
    }
    consent
}

/// Whether `identity` may reveal the record's restricted fields (and
/// record or withdraw its consent). Anyone may for a record that is not
/// confidential: nothing of it is hidden.
pub fn cleared(identity: &Identity, record: &Record) -> bool {
    let mark = &record.meta().confidentiality;
    if !mark.confidential {
        return true;
    }
    match identity.role {
        Role::Admin => true,
        Role::Coordinator => mark.owner.is_some() && mark.owner == identity.organisation,
        Role::Reader => false,
    }
}

/// Drops what `identity` sent for the restricted fields of a stored
/// record it is not cleared for (they then stand for the stored values):
/// what they cannot see they cannot overwrite, and no answer or audit
/// entry may tell whether a guess of it was right. Returns whether the
/// caller is cleared.
pub fn keep_hidden(identity: &Identity, stored: &Record, record: &mut Record) -> bool {
    let cleared = cleared(identity, stored);
    if !cleared {
        record.mask_restricted();
    }
    cleared
}

/// Whether the record's restricted fields may leave the application for
/// `wanted` (an export, the yearly report): the caller is cleared and the
/// consent recorded on it covers that use. A record that is not
/// confidential holds nothing that needs consent.
pub fn may_leave(
    identity: &Identity,
    record: &Record,
    consent: Option<&Consent>,
    wanted: ConsentUse,
) -> bool {
    if !record.meta().confidentiality.confidential {
        return true;
    }
    cleared(identity, record) && consent.is_some_and(|consent| consent.covers(wanted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Confidentiality;
    use crate::domain::Organisation;
    use crate::domain::academie::Academie;
    use crate::domain::meta::Restricted;
    use crate::domain::records::{Event, EventKind};
    use chrono::{DateTime, NaiveDate, Utc};

    fn identity(role: Role, organisation: Option<Organisation>) -> Identity {
        Identity {
            account: "someone".into(),
            name: "Someone".into(),
            organisation,
            role,
        }
    }

    fn event(owner: Option<Organisation>) -> Record {
        let mut event = Event {
            meta: crate::domain::RecordMeta::new_record(),
            kind: EventKind::CareersFair,
            title: "Forum".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 28).expect("day"),
            place: String::new(),
            academie: Some(Academie::Paris),
            schools: Vec::new(),
            companies: Vec::new(),
            pupils_reached: 0,
            notes: Restricted::Clear("secret".into()),
        };
        event.meta.confidentiality = Confidentiality::flagged("raison", owner);
        Record::Event(event)
    }

    #[test]
    fn admins_and_the_owners_coordinators_are_cleared() {
        let paris = Some(Organisation::AcademieParis);
        let record = event(paris);
        assert!(cleared(&identity(Role::Admin, None), &record));
        assert!(cleared(&identity(Role::Coordinator, paris), &record));
        assert!(!cleared(
            &identity(Role::Coordinator, Some(Organisation::CpmeIdf)),
            &record
        ));
        assert!(!cleared(&identity(Role::Reader, paris), &record));
        // Owned by nobody: administrators only.
        assert!(!cleared(&identity(Role::Coordinator, paris), &event(None)));
    }

    #[test]
    fn what_is_confidential_leaves_only_with_consent_for_that_use() {
        let paris = Some(Organisation::AcademieParis);
        let record = event(paris);
        let coordinator = identity(Role::Coordinator, paris);
        let consent = Consent {
            given_by: Restricted::Clear("M. Martin".into()),
            given_on: NaiveDate::from_ymd_opt(2026, 9, 1).expect("day"),
            uses: vec![ConsentUse::Report],
            recorded_by: "alice".into(),
            recorded_at: DateTime::<Utc>::UNIX_EPOCH,
        };
        assert!(!may_leave(&coordinator, &record, None, ConsentUse::Report));
        assert!(may_leave(
            &coordinator,
            &record,
            Some(&consent),
            ConsentUse::Report
        ));
        assert!(!may_leave(
            &coordinator,
            &record,
            Some(&consent),
            ConsentUse::Export
        ));
        let reader = identity(Role::Reader, paris);
        assert!(!may_leave(
            &reader,
            &record,
            Some(&consent),
            ConsentUse::Report
        ));
    }
}
