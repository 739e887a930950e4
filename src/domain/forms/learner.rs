//! The form of a learner. Particular needs are chosen as a set; their
//! note is not in the form and is kept.

use chrono::NaiveDate;

use crate::choice_enum;
use crate::domain::dates::SchoolYear;
use crate::domain::forms::parse::{
    Reader, choice, choice_set, coded, codes, line, link, multiline, school_year,
};
use crate::domain::forms::{FieldSpec, InputKind, write};
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordMeta, Restricted};
use crate::domain::records::{Learner, Level, Record, ResidencePermit, SensitiveNeeds};
use crate::domain::validation::{Field, Rule};

choice_enum! {
    /// A learner's particular needs as chosen in a form (2.2, 2.3): at
    /// most one residence-permit situation.
    pub enum SensitiveNeed {
        Disability => "disability",
        CasnavFollowed => "casnav_followed",
        PermitPending => "permit_pending",
        PermitAuthorisedToWork => "permit_authorised_to_work",
        PermitRefused => "permit_refused",
    }
}

coded!(SensitiveNeed);

impl SensitiveNeed {
    /// The residence-permit situation this choice names, if it names one.
    pub fn permit(self) -> Option<ResidencePermit> {
        match self {
            SensitiveNeed::PermitPending => Some(ResidencePermit::Pending),
            SensitiveNeed::PermitAuthorisedToWork => Some(ResidencePermit::AuthorisedToWork),
            SensitiveNeed::PermitRefused => Some(ResidencePermit::Refused),
            SensitiveNeed::Disability | SensitiveNeed::CasnavFollowed => None,
        }
    }

    /// The choices that describe `needs`, in list order.
    pub fn of(needs: &SensitiveNeeds) -> Vec<SensitiveNeed> {
        SensitiveNeed::ALL
            .iter()
            .copied()
            .filter(|need| match need {
                SensitiveNeed::Disability => needs.disability,
                SensitiveNeed::CasnavFollowed => needs.casnav_followed,
                permit => permit.permit() == Some(needs.residence_permit),
            })
            .collect()
    }
}

/// The chosen needs; two residence-permit situations exclude each other.
fn needs(text: &str) -> Result<Vec<SensitiveNeed>, Rule> {
    let chosen = choice_set::<SensitiveNeed>(text)?;
    if chosen.iter().filter_map(|need| need.permit()).count() > 1 {
        return Err(Rule::ExclusiveChoices);
    }
    Ok(chosen)
}

pub(super) fn fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new(Field::Name, InputKind::Text, true),
        FieldSpec::new(Field::Level, InputKind::Choice(codes::<Level>()), true),
        FieldSpec::new(Field::School, InputKind::Link(Kind::School), true),
        FieldSpec::new(Field::SchoolYear, InputKind::Text, true),
        FieldSpec::new(
            Field::SensitiveNeeds,
            InputKind::ChoiceSet(codes::<SensitiveNeed>()),
            false,
        ),
        FieldSpec::new(Field::Notes, InputKind::MultiLine, false),
    ]
}

pub(super) fn default_text(field: Field, today: NaiveDate) -> String {
    match field {
        // Most learners placed are 3e pupils on their observation week.
        Field::Level => write::choice(Level::Troisieme),
        Field::SchoolYear => SchoolYear::containing(today).to_string(),
        _ => String::new(),
    }
}

pub(super) fn text_of(learner: &Learner, field: Field) -> String {
    match field {
        Field::Name => learner.name.clone(),
        Field::Level => write::choice(learner.level),
        Field::School => write::link(learner.school),
        Field::SchoolYear => learner.school_year.to_string(),
        Field::SensitiveNeeds => write::restricted(&learner.sensitive, |needs| {
            write::choice_set(&SensitiveNeed::of(needs))
        }),
        Field::Notes => write::restricted(&learner.notes, String::clone),
        _ => String::new(),
    }
}

pub(super) fn read(r: &mut Reader, base: Option<&Learner>) -> Option<Record> {
    let name = r.value(Field::Name, line);
    let level = r.value(Field::Level, choice::<Level>);
    let school = r.value(Field::School, link(Kind::School));
    let school_year = r.value(Field::SchoolYear, school_year);
    let base_needs = base.map(|b| &b.sensitive);
    let sensitive = if r.text(Field::SensitiveNeeds).trim().is_empty()
        && base_needs.is_some_and(Restricted::is_masked)
    {
        Some(Restricted::Masked)
    } else {
        // The note is not in the form: an edit keeps it.
        let note = base_needs
            .and_then(Restricted::clear)
            .map(|needs| needs.note.clone())
            .unwrap_or_default();
        r.or_default(Field::SensitiveNeeds, needs).map(|chosen| {
            Restricted::Clear(SensitiveNeeds {
                disability: chosen.contains(&SensitiveNeed::Disability),
                casnav_followed: chosen.contains(&SensitiveNeed::CasnavFollowed),
                residence_permit: chosen
                    .iter()
                    .find_map(|need| need.permit())
                    .unwrap_or(ResidencePermit::NotApplicable),
                note,
            })
        })
    };
    let notes = r.restricted(Field::Notes, base.map(|b| &b.notes), multiline);
    Some(Record::Learner(Learner {
        meta: base.map_or_else(RecordMeta::new_record, |b| b.meta.clone()),
        name: name?,
        level: level?,
        school: school?,
        school_year: school_year?,
        sensitive: sensitive?,
        notes: notes?,
    }))
}
