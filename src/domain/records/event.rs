//! A partnership event: company visit, careers fair, testimony, exam
//! jury, contest… (articles 1.1, 2.4, 2.6, 2.7).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::academie::Academie;
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordId, RecordMeta, Restricted};
use crate::domain::records::{
    AcademieSource, Entity, Link, MAX_LINE, NameSource, ValidationContext, check_no_duplicates,
    check_notes, party_links, validate_meta,
};
use crate::domain::text::{check_required_text, check_text};
use crate::domain::validation::{Field, ValidationErrors};

choice_enum! {
    pub enum EventKind {
        CompanyVisit => "company_visit",
        CareersFair => "careers_fair",
        Testimony => "testimony",
        Conference => "conference",
        RoundTable => "round_table",
        ExamJury => "exam_jury",
        Contest => "contest",
        DropoutPrevention => "dropout_prevention",
        Entrepreneurship => "entrepreneurship",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub meta: RecordMeta,
    pub kind: EventKind,
    pub title: String,
    pub date: NaiveDate,
    pub place: String,
    pub academie: Option<Academie>,
    pub schools: Vec<RecordId>,
    pub companies: Vec<RecordId>,
    pub pupils_reached: u32,
    pub notes: Restricted<String>,
}

impl Entity for Event {
    const KIND: Kind = Kind::Event;

    meta_accessors!();

    fn name_source(&self) -> NameSource<'_> {
        NameSource::Own(&self.title)
    }

    fn academie_source(&self) -> AcademieSource {
        AcademieSource::Own(self.academie)
    }

    fn links(&self) -> Vec<Link> {
        party_links(&self.schools, &self.companies)
    }

    fn date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }

    fn validate(&self, _context: &ValidationContext) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        errors.check(Field::Title, check_required_text(&self.title, MAX_LINE));
        errors.check(Field::Place, check_text(&self.place, MAX_LINE));
        check_no_duplicates(&self.schools, Field::Schools, &mut errors);
        check_no_duplicates(&self.companies, Field::Companies, &mut errors);
        check_notes(&self.notes, Field::Notes, &mut errors);
        validate_meta(&self.meta, &mut errors);
        errors
    }

    notes_only_restricted!();
}
