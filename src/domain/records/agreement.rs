//! An agreement (article 3): the framework convention, a local agreement
//! between a member company and a school, or an amendment (avenant).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::academie::Academie;
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordId, RecordMeta, Restricted};
use crate::domain::records::{
    AcademieSource, Entity, Link, LinkRole, MAX_LINE, NameSource, ValidationContext,
    check_no_duplicates, check_notes, party_links, validate_meta,
};
use crate::domain::status::{AgreementStatus, TransitionError};
use crate::domain::text::check_required_text;
use crate::domain::validation::{Field, Rule, ValidationErrors};

choice_enum! {
    pub enum AgreementKind {
        Framework => "framework",
        Local => "local",
        Amendment => "amendment",
    }
}

/// The framework convention lasts three years (3.4).
pub const DEFAULT_DURATION_MONTHS: u16 = 36;
/// Notice to end or not renew: three months (3.4).
pub const DEFAULT_NOTICE_MONTHS: u16 = 3;
/// The longest duration accepted, ten years.
pub const MAX_DURATION_MONTHS: u16 = 120;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub meta: RecordMeta,
    pub kind: AgreementKind,
    pub title: String,
    pub academie: Option<Academie>,
    pub schools: Vec<RecordId>,
    pub companies: Vec<RecordId>,
    /// The agreement an amendment changes.
    pub parent: Option<RecordId>,
    pub signed_on: Option<NaiveDate>,
    pub duration_months: u16,
    pub notice_months: u16,
    pub status: AgreementStatus,
    pub notes: Restricted<String>,
}

impl Agreement {
    /// The agreement moved to its next status: signed today unless a
    /// signature date is there already. `None` once ended.
    pub fn moved_on(&self, today: NaiveDate) -> Option<Agreement> {
        let next = self.status.next()?;
        let mut moved = self.clone();
        moved.status = next;
        if next == AgreementStatus::Signed && moved.signed_on.is_none() {
            moved.signed_on = Some(today);
        }
        Some(moved)
    }

    pub fn check_transition_from(&self, stored: &Agreement) -> Result<(), TransitionError> {
        stored.status.check_transition(self.status)
    }

    /// The day it ends, once signed.
    pub fn ends_on(&self) -> Option<NaiveDate> {
        self.signed_on?
            .checked_add_months(Months::new(u32::from(self.duration_months)))
    }

    /// The last day to give notice before it ends.
    pub fn notice_deadline(&self) -> Option<NaiveDate> {
        self.ends_on()?
            .checked_sub_months(Months::new(u32::from(self.notice_months)))
    }
}

impl Entity for Agreement {
    const KIND: Kind = Kind::Agreement;

    meta_accessors!();

    fn name_source(&self) -> NameSource<'_> {
        NameSource::Own(&self.title)
    }

    fn academie_source(&self) -> AcademieSource {
        AcademieSource::Own(self.academie)
    }

    fn links(&self) -> Vec<Link> {
        let parent = self
            .parent
            .map(|id| Link::new(LinkRole::Parent, Kind::Agreement, id));
        let mut links = party_links(&self.schools, &self.companies);
        links.extend(parent);
        links
    }

    fn status_ordinal(&self) -> Option<u8> {
        Some(self.status.ordinal())
    }

    fn date(&self) -> Option<NaiveDate> {
        self.signed_on
    }

    fn validate(&self, _context: &ValidationContext) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        errors.check(Field::Title, check_required_text(&self.title, MAX_LINE));
        check_no_duplicates(&self.schools, Field::Schools, &mut errors);
        check_no_duplicates(&self.companies, Field::Companies, &mut errors);
        match self.kind {
            AgreementKind::Local => {
                if self.schools.is_empty() {
                    errors.push(Field::Schools, Rule::Required);
                }
                if self.companies.is_empty() {
                    errors.push(Field::Companies, Rule::Required);
                }
            }
            AgreementKind::Amendment => {
                if self.parent.is_none() {
                    errors.push(Field::Parent, Rule::Required);
                }
            }
            AgreementKind::Framework => {}
        }
        if self.status != AgreementStatus::Draft && self.signed_on.is_none() {
            errors.push(Field::SignedOn, Rule::Required);
        }
        if !(1..=MAX_DURATION_MONTHS).contains(&self.duration_months) {
            errors.push(
                Field::DurationMonths,
                Rule::OutOfRange {
                    min: 1,
                    max: i64::from(MAX_DURATION_MONTHS),
                },
            );
        } else if self.notice_months >= self.duration_months {
            errors.push(Field::NoticeMonths, Rule::NoticeLongerThanDuration);
        }
        if self.parent.is_some_and(|parent| parent == self.meta.id) {
            errors.push(Field::Parent, Rule::Duplicate);
        }
        check_notes(&self.notes, Field::Notes, &mut errors);
        validate_meta(&self.meta, &mut errors);
        errors
    }

    notes_only_restricted!();
}
