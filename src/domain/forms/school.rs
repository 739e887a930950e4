//! The form of a school: its UAI first.

use chrono::NaiveDate;

use crate::domain::forms::parse::{
    Reader, choice, choice_set, codes, entries, identifier, line, multiline,
};
use crate::domain::forms::{FieldSpec, InputKind, write};
use crate::domain::identifiers::{Email, Phone, PostalCode, Uai};
use crate::domain::meta::RecordMeta;
use crate::domain::records::{OpeningState, Record, School, SchoolKind, Sector, SpecialUnit};
use crate::domain::validation::Field;

pub(super) fn fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new(Field::Uai, InputKind::Text, true),
        FieldSpec::new(Field::Name, InputKind::Text, true),
        FieldSpec::new(Field::Kind, InputKind::Choice(codes::<SchoolKind>()), true),
        FieldSpec::new(Field::Sector, InputKind::Choice(codes::<Sector>()), true),
        // Blank reads as open: a draft or a client from before the field.
        FieldSpec::new(
            Field::OpeningState,
            InputKind::Choice(codes::<OpeningState>()),
            false,
        ),
        FieldSpec::new(Field::Address, InputKind::Text, false),
        FieldSpec::new(Field::Commune, InputKind::Text, true),
        FieldSpec::new(Field::PostalCode, InputKind::Text, true),
        FieldSpec::new(
            Field::SpecialUnits,
            InputKind::ChoiceSet(codes::<SpecialUnit>()),
            false,
        ),
        // One section per line: their titles may hold commas.
        FieldSpec::new(Field::ApprenticeshipSections, InputKind::MultiLine, false),
        FieldSpec::new(Field::Email, InputKind::Text, false),
        FieldSpec::new(Field::Phone, InputKind::Text, false),
        FieldSpec::new(Field::Notes, InputKind::MultiLine, false),
    ]
}

pub(super) fn default_text(field: Field, _today: NaiveDate) -> String {
    match field {
        // Collèges are the most numerous schools of the partnership.
        Field::Kind => write::choice(SchoolKind::College),
        Field::Sector => write::choice(Sector::Public),
        Field::OpeningState => write::choice(OpeningState::Open),
        _ => String::new(),
    }
}

pub(super) fn text_of(school: &School, field: Field) -> String {
    match field {
        Field::Uai => school.uai.to_string(),
        Field::Name => school.name.clone(),
        Field::Kind => write::choice(school.kind),
        Field::Sector => write::choice(school.sector),
        Field::OpeningState => write::choice(school.opening_state),
        Field::Address => school.address.clone().unwrap_or_default(),
        Field::Commune => school.commune.clone(),
        Field::PostalCode => school.postal_code.to_string(),
        Field::SpecialUnits => write::choice_set(&school.special_units),
        Field::ApprenticeshipSections => school.apprenticeship_sections.join("\n"),
        Field::Email => school
            .email
            .as_ref()
            .map(Email::to_string)
            .unwrap_or_default(),
        Field::Phone => school
            .phone
            .as_ref()
            .map(Phone::to_string)
            .unwrap_or_default(),
        Field::Notes => write::restricted(&school.notes, String::clone),
        _ => String::new(),
    }
}

pub(super) fn read(r: &mut Reader, base: Option<&School>) -> Option<Record> {
    let uai = r.value(Field::Uai, identifier(Uai::parse));
    let name = r.value(Field::Name, line);
    let kind = r.value(Field::Kind, choice::<SchoolKind>);
    let sector = r.value(Field::Sector, choice::<Sector>);
    let opening_state = r
        .read(Field::OpeningState, choice::<OpeningState>)
        .map(|state| state.unwrap_or(OpeningState::Open));
    let address = r.read(Field::Address, line);
    let commune = r.value(Field::Commune, line);
    let postal_code = r.value(Field::PostalCode, identifier(PostalCode::parse));
    let special_units = r.or_default(Field::SpecialUnits, choice_set::<SpecialUnit>);
    let sections = r.or_default(Field::ApprenticeshipSections, entries);
    let email = r.read(Field::Email, identifier(Email::parse));
    let phone = r.read(Field::Phone, identifier(Phone::parse));
    let notes = r.restricted(Field::Notes, base.map(|b| &b.notes), multiline);
    Some(Record::School(School {
        meta: base.map_or_else(RecordMeta::new_record, |b| b.meta.clone()),
        uai: uai?,
        name: name?,
        kind: kind?,
        sector: sector?,
        commune: commune?,
        postal_code: postal_code?,
        address: address?,
        // Carried over; the service settles it as the record is saved.
        location: base.and_then(|b| b.location),
        opening_state: opening_state?,
        special_units: special_units?,
        apprenticeship_sections: sections?,
        email: email?,
        phone: phone?,
        notes: notes?,
    }))
}
