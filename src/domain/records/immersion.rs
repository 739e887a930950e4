//! A teacher immersion (article 1.2): a teacher or other staff member
//! spends one to three days in a company; afterwards the coordinators
//! evaluate it to decide whether to renew the scheme.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordId, RecordMeta, Restricted};
use crate::domain::records::{
    AcademieSource, Entity, Link, LinkRole, MAX_LINE, MAX_NOTES, NameSource, RecordRef,
    ValidationContext, check_notes, validate_meta,
};
use crate::domain::status::immersion::ImmersionFacts;
use crate::domain::status::{ImmersionStatus, TransitionError};
use crate::domain::text::{check_multiline_text, check_required_text};
use crate::domain::validation::{Field, Rule, ValidationErrors};

choice_enum! {
    /// Who goes on an immersion (2.8).
    pub enum StaffRole {
        Enseignant => "enseignant",
        ChefEtablissement => "chef_etablissement",
        Inspecteur => "inspecteur",
        PsyEn => "psy_en",
        Cpe => "cpe",
        Other => "other",
    }
}

choice_enum! {
    pub enum Renewal {
        Yes => "yes",
        No => "no",
        ToDiscuss => "to_discuss",
    }
}

/// The longest an immersion lasts (article 1.2: one day, or two or three).
pub const MAX_IMMERSION_DAYS: u8 = 3;

/// A rating from 1 (poor) to 5 (excellent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rating(pub u8);

impl Rating {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 5;

    pub fn is_valid(self) -> bool {
        (Self::MIN..=Self::MAX).contains(&self.0)
    }
}

/// The qualitative evaluation of an immersion by the coordinators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub welcome: Rating,
    pub trades_discovery: Rating,
    pub teaching_use: Rating,
    pub organisation: Rating,
    pub comment: Restricted<String>,
    pub teacher_feedback: Restricted<String>,
    pub company_feedback: Restricted<String>,
    pub renew: Renewal,
    pub evaluated_by: String,
    pub evaluated_on: NaiveDate,
}

impl Evaluation {
    fn restricted_mut(&mut self) -> [&mut Restricted<String>; 3] {
        [
            &mut self.comment,
            &mut self.teacher_feedback,
            &mut self.company_feedback,
        ]
    }

    pub fn ratings(&self) -> [Rating; 4] {
        [
            self.welcome,
            self.trades_discovery,
            self.teaching_use,
            self.organisation,
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Immersion {
    pub meta: RecordMeta,
    /// The person on the immersion.
    pub person: String,
    pub person_role: StaffRole,
    pub school: Option<RecordId>,
    pub company: RecordId,
    pub start: NaiveDate,
    pub days: u8,
    pub status: ImmersionStatus,
    pub evaluation: Option<Evaluation>,
    pub notes: Restricted<String>,
}

impl Immersion {
    /// The last day of the immersion.
    pub fn ends_on(&self) -> NaiveDate {
        let extra = u64::from(self.days.max(1) - 1);
        self.start
            .checked_add_days(Days::new(extra))
            .unwrap_or(self.start)
    }

    pub fn facts(&self, today: NaiveDate) -> ImmersionFacts {
        ImmersionFacts {
            has_evaluation: self.evaluation.is_some(),
            ends_on: self.ends_on(),
            today,
        }
    }

    pub fn check_transition_from(
        &self,
        stored: &Immersion,
        today: NaiveDate,
    ) -> Result<(), TransitionError> {
        stored
            .status
            .check_transition(self.status, self.facts(today))
    }
}

impl Entity for Immersion {
    const KIND: Kind = Kind::Immersion;

    meta_accessors!();

    fn name_source(&self) -> NameSource<'_> {
        NameSource::Own(&self.person)
    }

    fn academie_source(&self) -> AcademieSource {
        match self.school {
            Some(school) => AcademieSource::Of(RecordRef::new(Kind::School, school)),
            None => AcademieSource::Of(RecordRef::new(Kind::Company, self.company)),
        }
    }

    fn links(&self) -> Vec<Link> {
        let mut links = vec![Link::new(LinkRole::Company, Kind::Company, self.company)];
        if let Some(school) = self.school {
            links.push(Link::new(LinkRole::School, Kind::School, school));
        }
        links
    }

    fn status_ordinal(&self) -> Option<u8> {
        Some(self.status.ordinal())
    }

    fn date(&self) -> Option<NaiveDate> {
        Some(self.start)
    }

    fn validate(&self, context: &ValidationContext) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        errors.check(Field::Person, check_required_text(&self.person, MAX_LINE));
        if !(1..=MAX_IMMERSION_DAYS).contains(&self.days) {
            errors.push(
                Field::Days,
                Rule::OutOfRange {
                    min: 1,
                    max: i64::from(MAX_IMMERSION_DAYS),
                },
            );
        }
        if let Err(refusal) = self.status.requirements_met(self.facts(context.today)) {
            let error = TransitionError::Immersion {
                from: self.status,
                to: self.status,
                refusal,
            };
            errors.push(Field::Status, error);
        }
        if let Some(evaluation) = &self.evaluation {
            if evaluation.ratings().iter().any(|rating| !rating.is_valid()) {
                errors.push(
                    Field::Rating,
                    Rule::OutOfRange {
                        min: i64::from(Rating::MIN),
                        max: i64::from(Rating::MAX),
                    },
                );
            }
            let texts = [
                (Field::Comment, &evaluation.comment),
                (Field::TeacherFeedback, &evaluation.teacher_feedback),
                (Field::CompanyFeedback, &evaluation.company_feedback),
            ];
            for (field, text) in texts {
                if let Some(text) = text.clear() {
                    errors.check(field, check_multiline_text(text, MAX_NOTES));
                }
            }
            errors.check(
                Field::EvaluatedBy,
                check_required_text(&evaluation.evaluated_by, MAX_LINE),
            );
            if evaluation.evaluated_on < self.ends_on() {
                errors.push(
                    Field::EvaluatedOn,
                    Rule::EvaluationBeforeImmersion {
                        ends_on: self.ends_on(),
                    },
                );
            }
        }
        check_notes(&self.notes, Field::Notes, &mut errors);
        validate_meta(&self.meta, &mut errors);
        errors
    }

    fn mask_restricted(&mut self) {
        self.notes.mask();
        if let Some(evaluation) = &mut self.evaluation {
            for field in evaluation.restricted_mut() {
                field.mask();
            }
        }
    }

    fn restore_masked(&mut self, stored: &Self) {
        self.notes.restore_from(&stored.notes);
        if let (Some(evaluation), Some(stored)) = (&mut self.evaluation, &stored.evaluation) {
            evaluation.comment.restore_from(&stored.comment);
            evaluation
                .teacher_feedback
                .restore_from(&stored.teacher_feedback);
            evaluation
                .company_feedback
                .restore_from(&stored.company_feedback);
        }
    }

    fn has_masked_fields(&self) -> bool {
        self.notes.is_masked()
            || self.evaluation.as_ref().is_some_and(|e| {
                e.comment.is_masked()
                    || e.teacher_feedback.is_masked()
                    || e.company_feedback.is_masked()
            })
    }
}
