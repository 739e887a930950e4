//! Saving a record: created when it has no id yet, otherwise replaced if
//! nobody changed it since the caller read it. The service validates
//! everything again, whatever the front end checked.

use serde::{Deserialize, Serialize};

use crate::domain::Kind;
use crate::domain::audit::{AuditAction, RevealPurpose};
use crate::domain::records::learner::{LEARNER_REASON, SENSITIVE_NEEDS_REASON};
use crate::domain::records::{
    ContactOrganisation, Link, LinkRole, Record, RecordRef, ValidationContext,
};
use crate::domain::user::{Identity, Role};
use crate::domain::validation::{Field, Rule, ValidationErrors};
use crate::service::masking::present;
use crate::service::{Caller, NotAllowed, Service, ServiceError, ServiceResult};
use crate::store::{StoreError, StoreResult};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveRequest {
    /// The record as the caller wants it; `meta.revision` is the revision
    /// the caller read (ignored for a new record, whose id is 0).
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveResponse {
    /// The record as stored: id, revision and stamps filled in. A save
    /// that changes no value writes nothing: the revision is the one the
    /// caller read (see [`SaveResponse::wrote`]).
    pub record: Record,
}

impl SaveResponse {
    /// Whether the save wrote a new revision over `read`, the revision
    /// the caller saved over.
    pub fn wrote(&self, read: u64) -> bool {
        self.record.meta().revision != read
    }
}

impl Service {
    pub fn save(&self, caller: &Caller, request: SaveRequest) -> ServiceResult<SaveResponse> {
        let identity = self.identify_writer(caller)?;
        self.store_record(caller, &identity, request, Moves::Checked)
    }

    /// Puts back the version of a record that the caller's own last
    /// change replaced (undo): as a save, over the revision that change
    /// made, except that the status may go back where it was (a
    /// placement marked done by mistake). A new record cannot be
    /// reverted.
    pub fn revert(&self, caller: &Caller, request: SaveRequest) -> ServiceResult<SaveResponse> {
        let identity = self.identify_writer(caller)?;
        if request.record.id().is_new() {
            return Err(ServiceError::BadRequest(
                "only a stored record can be reverted".into(),
            ));
        }
        self.store_record(caller, &identity, request, Moves::Free)
    }

    fn store_record(
        &self,
        caller: &Caller,
        identity: &Identity,
        request: SaveRequest,
        moves: Moves,
    ) -> ServiceResult<SaveResponse> {
        let mut record = request.record;
        let stamp = self.stamp(caller);
        let saved = if record.id().is_new() {
            if record.has_masked_fields() {
                return Err(ServiceError::BadRequest(
                    "a new record cannot hold masked values".into(),
                ));
            }
            own_new_mark(identity, None, &mut record);
            self.check_marking(identity, None, &record)?;
            // A record typed by hand: its commune's centre, whatever
            // point a client sent (only a directory's file gives one).
            record.settle_location(None, false);
            self.prepare(&mut record, None, &|r| self.store.get(r), moves)?;
            self.store.create(record, &stamp)
        } else {
            let reference = record.reference();
            let stored = self
                .store
                .get(reference)?
                .ok_or_else(|| ServiceError::NotFound {
                    kind: reference.kind,
                    key: reference.id.to_string(),
                })?;
            if stored.meta().revision != record.meta().revision {
                return Err(self.conflict(caller, identity, &record, stored));
            }
            // Undoing is for the change the caller made last: not a way
            // round the status rules over someone else's change.
            if moves == Moves::Free && stored.meta().updated_by != caller.account {
                return Err(ServiceError::Conflict {
                    current: Box::new(present(caller, stored)),
                });
            }
            // Someone not cleared for a confidential record writes none of
            // its protected fields: what they cannot see they cannot
            // overwrite, and the audit entry (read by every role) saying
            // whether such a field changed must not tell whether a guess
            // was right.
            let cleared = crate::service::masking::keep_hidden(identity, &stored, &mut record);
            record.restore_masked(&stored);
            if record.has_masked_fields() {
                if !cleared {
                    // An evaluation added to a confidential immersion: its
                    // comments are for those cleared to write.
                    return Err(ServiceError::NotAllowed(NotAllowed::NotCleared {
                        owner: stored.meta().confidentiality.owner,
                        admins: self.admins()?,
                    }));
                }
                // Masked where nothing is stored (an evaluation added with
                // a masked comment): the value would be lost.
                return Err(ServiceError::BadRequest(
                    "a masked value was sent where nothing is stored".into(),
                ));
            }
            if record.same_values(&stored) {
                // Nothing to write: no new revision for the next editor to
                // meet as a conflict, no audit entry. The caller sees the
                // revision it read come back.
                return Ok(SaveResponse {
                    record: present(caller, stored),
                });
            }
            self.check_lifting(identity, &stored, &record)?;
            self.check_owner_change(identity, &stored, &record)?;
            own_new_mark(identity, Some(&stored), &mut record);
            self.check_marking(identity, Some(&stored), &record)?;
            // An undo puts back the location the version had.
            record.settle_location(Some(&stored), moves == Moves::Free);
            self.prepare(&mut record, Some(&stored), &|r| self.store.get(r), moves)?;
            let expected = record.meta().revision;
            self.store.update(record, expected, &stamp)
        };
        let saved = saved.map_err(|error| write_error(caller, error))?;
        Ok(SaveResponse {
            record: present(caller, saved),
        })
    }

    /// The conflict of a save over a stale revision: the record as it is
    /// now, for the form to show beside what was typed. Its restricted
    /// fields come in clear to a caller cleared for it whose save holds
    /// them in clear (they revealed the record to edit it, and need the
    /// other values to choose between them); that is a reveal, audited
    /// as one. Anyone else gets them masked.
    fn conflict(
        &self,
        caller: &Caller,
        identity: &Identity,
        sent: &Record,
        stored: Record,
    ) -> ServiceError {
        let revealing = stored.meta().confidentiality.confidential
            && !sent.has_masked_fields()
            && crate::service::masking::cleared(identity, &stored);
        if revealing {
            let action = AuditAction::Revealed {
                target: stored.reference(),
                purpose: RevealPurpose::Screen,
            };
            // Nothing is shown that the trail does not hold.
            if self.store.append_audit(&self.stamp(caller), action).is_ok() {
                return ServiceError::Conflict {
                    current: Box::new(stored),
                };
            }
        }
        ServiceError::Conflict {
            current: Box::new(present(caller, stored)),
        }
    }

    /// Lifting a confidential mark shows every restricted field to
    /// everyone: only admins (the store's creator, until users are
    /// configured) may.
    pub(crate) fn check_lifting(
        &self,
        identity: &Identity,
        stored: &Record,
        record: &Record,
    ) -> ServiceResult<()> {
        let lifted = stored.meta().confidentiality.confidential
            && !record.meta().confidentiality.confidential;
        if !lifted || identity.role == Role::Admin {
            return Ok(());
        }
        Err(ServiceError::NotAllowed(NotAllowed::LiftConfidentiality {
            admins: self.admins()?,
        }))
    }

    /// A coordinator marks confidential, or gives an owner to, only
    /// records of their own organisation, and only to it; the reason of a
    /// mark is changed only by those cleared for the record. (A learner's
    /// mark, every learner's alike, is set by `prepare`, not by whoever
    /// saves.)
    pub(crate) fn check_marking(
        &self,
        identity: &Identity,
        stored: Option<&Record>,
        record: &Record,
    ) -> ServiceResult<()> {
        if identity.role != Role::Coordinator {
            return Ok(());
        }
        let mark = &record.meta().confidentiality;
        let before = stored.map(|stored| &stored.meta().confidentiality);
        let every_learners = record.kind() == Kind::Learner
            && (mark.reason == LEARNER_REASON || mark.reason == SENSITIVE_NEEDS_REASON);
        let marked_or_given = mark.confidential
            && before.is_none_or(|before| !before.confidential || before.owner != mark.owner);
        if marked_or_given && !every_learners {
            let theirs = identity.organisation;
            let records = self.organisation_of(record)?;
            // The CPME works with the companies of every académie.
            let cpmes = theirs == Some(crate::domain::Organisation::CpmeIdf)
                && matches!(record.kind(), Kind::Company | Kind::Contact);
            let outside = records.is_some_and(|records| Some(records) != theirs) && !cpmes;
            if mark.owner != theirs || outside {
                return Err(ServiceError::NotAllowed(NotAllowed::MarkOutside {
                    theirs,
                    admins: self.admins()?,
                }));
            }
        }
        if let (Some(stored), Some(before)) = (stored, before) {
            let reworded = before.confidential && mark.confidential && before.reason != mark.reason;
            if reworded && !crate::service::masking::cleared(identity, stored) {
                return Err(ServiceError::NotAllowed(NotAllowed::ChangeReason {
                    owner: before.owner,
                    admins: self.admins()?,
                }));
            }
        }
        Ok(())
    }

    /// The organisation a record belongs to: that of its académie (its
    /// own, or its school's or company's), if it has one.
    fn organisation_of(
        &self,
        record: &Record,
    ) -> ServiceResult<Option<crate::domain::Organisation>> {
        let context = crate::store::indexing::context_of(record, |target| {
            self.store
                .get(target)
                .map(|found| found.map(|found| crate::store::indexing::TargetFacts::of(&found)))
        })?;
        Ok(context.academie.map(|academie| academie.organisation()))
    }

    /// Giving a confidential record to another organisation hands its
    /// restricted fields to that organisation's coordinators: only those
    /// cleared for it now (admins, its owner's coordinators) may.
    pub(crate) fn check_owner_change(
        &self,
        identity: &Identity,
        stored: &Record,
        record: &Record,
    ) -> ServiceResult<()> {
        let (before, after) = (
            &stored.meta().confidentiality,
            &record.meta().confidentiality,
        );
        let moved = before.confidential && after.confidential && before.owner != after.owner;
        if !moved || crate::service::masking::cleared(identity, stored) {
            return Ok(());
        }
        Err(ServiceError::NotAllowed(NotAllowed::ChangeOwner {
            owner: before.owner,
            admins: self.admins()?,
        }))
    }

    /// Applies the rules that hold whoever saves: sensitive learners are
    /// confidential; fields, status moves and links are checked.
    /// `lookup` reads the records it links to (a bulk load also sees the
    /// records of its batch not yet written).
    pub(crate) fn prepare(
        &self,
        record: &mut Record,
        stored: Option<&Record>,
        lookup: &Lookup,
        moves: Moves,
    ) -> ServiceResult<()> {
        let today = self.clock.today();
        // Every learner is confidential alike (its school's organisation
        // owns it): whether one has sensitive needs shows nowhere.
        if let Record::Learner(learner) = record {
            let school = RecordRef::new(Kind::School, learner.school);
            let owner = lookup(school)?
                .and_then(|s| match s {
                    Record::School(school) => school.uai.academie(),
                    _ => None,
                })
                .map(|academie| academie.organisation());
            learner.mark_as_every_learner(owner);
        }
        let mut errors = record.validate(&ValidationContext { today });
        let transition = match (&*record, stored) {
            _ if moves == Moves::Free => None,
            (Record::Placement(new), Some(Record::Placement(old))) => {
                new.check_transition_from(old).err()
            }
            (Record::Immersion(new), Some(Record::Immersion(old))) => {
                new.check_transition_from(old, today).err()
            }
            (Record::Agreement(new), Some(Record::Agreement(old))) => {
                new.check_transition_from(old).err()
            }
            _ => None,
        };
        if let Some(refusal) = transition {
            // The move's refusal says more than the status's requirements.
            errors.0.retain(|error| error.field != Field::Status);
            errors.push(Field::Status, refusal);
        }
        check_tutor(record, lookup, &mut errors)?;
        errors.into_result().map_err(ServiceError::Invalid)
    }
}

/// A coordinator who flags a record confidential without naming its
/// owner makes their own organisation the owner: the forms cannot know
/// who types, and a mark owned by none would hide the record's
/// restricted fields from the very coordinator who asked for it (only
/// admins reveal those). Only a mark newly set: an owner-less mark that an
/// admin chose must not pass to the next coordinator who edits the
/// record. An admin's owner-less mark stays so.
pub(crate) fn own_new_mark(identity: &Identity, stored: Option<&Record>, record: &mut Record) {
    let newly_set = stored.is_none_or(|stored| !stored.meta().confidentiality.confidential);
    let mark = &mut record.meta_mut().confidentiality;
    if newly_set && mark.confidential && mark.owner.is_none() && identity.role == Role::Coordinator
    {
        mark.owner = identity.organisation;
    }
}

/// Whether a status change must be one of the allowed moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Moves {
    Checked,
    /// Undoing the caller's own change: back to the status it had.
    Free,
}

/// Reads a linked record.
pub(crate) type Lookup<'a> = dyn Fn(RecordRef) -> StoreResult<Option<Record>> + 'a;

/// A placement's tutor works at the placement's company.
fn check_tutor(
    record: &Record,
    lookup: &Lookup,
    errors: &mut ValidationErrors,
) -> ServiceResult<()> {
    let Record::Placement(placement) = record else {
        return Ok(());
    };
    let (Some(tutor), Some(company)) = (placement.tutor, placement.company) else {
        return Ok(());
    };
    match lookup(RecordRef::new(Kind::Contact, tutor))? {
        Some(Record::Contact(contact))
            if contact.organisation == ContactOrganisation::Company(company) => {}
        Some(_) => errors.push(Field::Tutor, Rule::TutorNotOfCompany),
        None => errors.push(
            Field::Tutor,
            Rule::LinkNotFound {
                kind: Kind::Contact,
                id: tutor.0,
            },
        ),
    }
    Ok(())
}

/// The field a link is entered in.
fn field_of(link: &Link) -> Field {
    match (link.role, link.target.kind) {
        (LinkRole::School, _) => Field::School,
        (LinkRole::Company, _) => Field::Company,
        (LinkRole::Learner, _) => Field::Learner,
        (LinkRole::Tutor, _) => Field::Tutor,
        (LinkRole::Organisation, _) => Field::Organisation,
        (LinkRole::Party, Kind::School) => Field::Schools,
        (LinkRole::Party, _) => Field::Companies,
        (LinkRole::Parent, _) => Field::Parent,
    }
}

/// Turns a refused write into what the caller is told.
pub(crate) fn write_error(caller: &Caller, error: StoreError) -> ServiceError {
    match error {
        StoreError::Conflict { current } => ServiceError::Conflict {
            current: Box::new(present(caller, *current)),
        },
        StoreError::LinkMissing { link } => {
            let mut errors = ValidationErrors::default();
            errors.push(
                field_of(&link),
                Rule::LinkNotFound {
                    kind: link.target.kind,
                    id: link.target.id.0,
                },
            );
            ServiceError::Invalid(errors)
        }
        StoreError::Duplicate { kind, id } => {
            let mut errors = ValidationErrors::default();
            let field = if kind == Kind::School {
                Field::Uai
            } else {
                Field::Siret
            };
            errors.push(field, Rule::AlreadyTaken { kind, id: id.0 });
            ServiceError::Invalid(errors)
        }
        other => other.into(),
    }
}
