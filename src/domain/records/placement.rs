//! A placement of a learner in a company: observation (3e), stage de
//! seconde, PFMP, apprenticeship, student internship.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordId, RecordMeta, Restricted};
use crate::domain::records::{
    AcademieSource, Entity, Link, LinkRole, MAX_LINE, NameSource, RecordRef, ValidationContext,
    check_notes, validate_meta,
};
use crate::domain::status::placement::PlacementFacts;
use crate::domain::status::{PlacementStatus, TransitionError};
use crate::domain::text::check_text;
use crate::domain::validation::{Field, Rule, ValidationErrors};

choice_enum! {
    pub enum PlacementKind {
        /// Séquence d'observation en milieu professionnel (3e).
        Observation => "observation",
        StageSeconde => "stage_seconde",
        /// Période de formation en milieu professionnel (lycée professionnel).
        Pfmp => "pfmp",
        Apprenticeship => "apprenticeship",
        StudentInternship => "student_internship",
    }
}

choice_enum! {
    /// What a pending placement still lacks.
    pub enum Missing {
        Company => "company",
        Signature => "signature",
        Tutor => "tutor",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    pub meta: RecordMeta,
    pub kind: PlacementKind,
    pub learner: RecordId,
    pub school: RecordId,
    pub company: Option<RecordId>,
    /// A contact at the company.
    pub tutor: Option<RecordId>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub status: PlacementStatus,
    pub signed_on: Option<NaiveDate>,
    pub cancel_reason: Option<String>,
    pub notes: Restricted<String>,
}

impl Placement {
    /// The placement moved to the next status of the usual path: the
    /// agreement signed today unless a signature date is there already.
    /// `None` at the end of the path.
    pub fn moved_on(&self, today: NaiveDate) -> Option<Placement> {
        let next = self.status.next()?;
        let mut moved = self.clone();
        moved.status = next;
        if next == PlacementStatus::AgreementSigned && moved.signed_on.is_none() {
            moved.signed_on = Some(today);
        }
        Some(moved)
    }

    pub fn facts(&self) -> PlacementFacts {
        PlacementFacts {
            has_company: self.company.is_some(),
            has_tutor: self.tutor.is_some(),
            has_signature_date: self.signed_on.is_some(),
            has_cancel_reason: self
                .cancel_reason
                .as_deref()
                .is_some_and(|reason| !reason.trim().is_empty()),
        }
    }

    /// What is still missing, for a pending placement; nothing otherwise.
    pub fn missing(&self) -> Vec<Missing> {
        if !self.status.is_pending() {
            return Vec::new();
        }
        let mut missing = Vec::new();
        if self.company.is_none() {
            missing.push(Missing::Company);
        }
        if self.status != PlacementStatus::AgreementSigned {
            missing.push(Missing::Signature);
        }
        if self.tutor.is_none() {
            missing.push(Missing::Tutor);
        }
        missing
    }

    /// Whether moving from the stored version to this one is allowed.
    pub fn check_transition_from(&self, stored: &Placement) -> Result<(), TransitionError> {
        stored.status.check_transition(self.status, self.facts())
    }
}

impl Entity for Placement {
    const KIND: Kind = Kind::Placement;

    meta_accessors!();

    fn name_source(&self) -> NameSource<'_> {
        NameSource::Of(RecordRef::new(Kind::Learner, self.learner))
    }

    fn academie_source(&self) -> AcademieSource {
        AcademieSource::Of(RecordRef::new(Kind::School, self.school))
    }

    fn links(&self) -> Vec<Link> {
        let mut links = vec![
            Link::new(LinkRole::Learner, Kind::Learner, self.learner),
            Link::new(LinkRole::School, Kind::School, self.school),
        ];
        if let Some(company) = self.company {
            links.push(Link::new(LinkRole::Company, Kind::Company, company));
        }
        if let Some(tutor) = self.tutor {
            links.push(Link::new(LinkRole::Tutor, Kind::Contact, tutor));
        }
        links
    }

    fn status_ordinal(&self) -> Option<u8> {
        Some(self.status.ordinal())
    }

    fn date(&self) -> Option<NaiveDate> {
        Some(self.start)
    }

    fn validate(&self, _context: &ValidationContext) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        if self.end < self.start {
            errors.push(
                Field::End,
                Rule::EndBeforeStart {
                    start: self.start,
                    end: self.end,
                },
            );
        }
        if let Some(reason) = &self.cancel_reason {
            errors.check(Field::CancelReason, check_text(reason, MAX_LINE));
        }
        if self.tutor.is_some() && self.company.is_none() {
            errors.push(Field::Tutor, Rule::TutorNotOfCompany);
        }
        if let Err(refusal) = self.status.requirements_met(self.facts()) {
            let error = TransitionError::Placement {
                from: self.status,
                to: self.status,
                refusal,
            };
            errors.push(Field::Status, error);
        }
        check_notes(&self.notes, Field::Notes, &mut errors);
        validate_meta(&self.meta, &mut errors);
        errors
    }

    notes_only_restricted!();
}
