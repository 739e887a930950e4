//! The form of a company: its SIRET first.

use chrono::NaiveDate;

use crate::domain::forms::parse::{
    Reader, choice, choice_set, codes, identifier, line, multiline, yes_no,
};
use crate::domain::forms::{FieldSpec, InputKind, write};
use crate::domain::identifiers::{Email, NafCode, Phone, PostalCode, Siret};
use crate::domain::meta::RecordMeta;
use crate::domain::records::{Company, HeadcountBand, InclusiveKind, Offer, Record};
use crate::domain::validation::Field;

pub(super) fn fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new(Field::Siret, InputKind::Text, true),
        FieldSpec::new(Field::Name, InputKind::Text, true),
        FieldSpec::new(Field::Naf, InputKind::Text, false),
        FieldSpec::new(
            Field::Headcount,
            InputKind::Choice(codes::<HeadcountBand>()),
            true,
        ),
        FieldSpec::new(Field::CpmeMember, InputKind::YesNo, true),
        FieldSpec::new(Field::Address, InputKind::Text, false),
        FieldSpec::new(Field::Commune, InputKind::Text, true),
        FieldSpec::new(Field::PostalCode, InputKind::Text, true),
        FieldSpec::new(Field::Offers, InputKind::ChoiceSet(codes::<Offer>()), false),
        FieldSpec::new(
            Field::InclusiveKind,
            InputKind::Choice(codes::<InclusiveKind>()),
            true,
        ),
        FieldSpec::new(Field::Email, InputKind::Text, false),
        FieldSpec::new(Field::Phone, InputKind::Text, false),
        FieldSpec::new(Field::Notes, InputKind::MultiLine, false),
    ]
}

pub(super) fn default_text(field: Field, _today: NaiveDate) -> String {
    match field {
        // Unknown until someone asks: a guessed band would pass for a fact.
        Field::Headcount => write::choice(HeadcountBand::Unknown),
        Field::CpmeMember => write::yes_no(false),
        Field::InclusiveKind => write::choice(InclusiveKind::Ordinary),
        _ => String::new(),
    }
}

pub(super) fn text_of(company: &Company, field: Field) -> String {
    match field {
        Field::Siret => company.siret.to_string(),
        Field::Name => company.name.clone(),
        Field::Naf => company
            .naf
            .as_ref()
            .map(NafCode::to_string)
            .unwrap_or_default(),
        Field::Headcount => write::choice(company.headcount),
        Field::CpmeMember => write::yes_no(company.cpme_member),
        Field::Address => company.address.clone().unwrap_or_default(),
        Field::Commune => company.commune.clone(),
        Field::PostalCode => company.postal_code.to_string(),
        Field::Offers => write::choice_set(&company.offers),
        Field::InclusiveKind => write::choice(company.inclusive_kind),
        Field::Email => company
            .email
            .as_ref()
            .map(Email::to_string)
            .unwrap_or_default(),
        Field::Phone => company
            .phone
            .as_ref()
            .map(Phone::to_string)
            .unwrap_or_default(),
        Field::Notes => write::restricted(&company.notes, String::clone),
        _ => String::new(),
    }
}

pub(super) fn read(r: &mut Reader, base: Option<&Company>) -> Option<Record> {
    let siret = r.value(Field::Siret, identifier(Siret::parse));
    let name = r.value(Field::Name, line);
    let naf = r.read(Field::Naf, identifier(NafCode::parse));
    let headcount = r.value(Field::Headcount, choice::<HeadcountBand>);
    let cpme_member = r.value(Field::CpmeMember, yes_no);
    let address = r.read(Field::Address, line);
    let commune = r.value(Field::Commune, line);
    let postal_code = r.value(Field::PostalCode, identifier(PostalCode::parse));
    let offers = r.or_default(Field::Offers, choice_set::<Offer>);
    let inclusive_kind = r.value(Field::InclusiveKind, choice::<InclusiveKind>);
    let email = r.read(Field::Email, identifier(Email::parse));
    let phone = r.read(Field::Phone, identifier(Phone::parse));
    let notes = r.restricted(Field::Notes, base.map(|b| &b.notes), multiline);
    Some(Record::Company(Company {
        meta: base.map_or_else(RecordMeta::new_record, |b| b.meta.clone()),
        siret: siret?,
        name: name?,
        naf: naf?,
        headcount: headcount?,
        cpme_member: cpme_member?,
        commune: commune?,
        postal_code: postal_code?,
        address: address?,
        // Carried over; the service settles it as the record is saved.
        location: base.and_then(|b| b.location),
        offers: offers?,
        inclusive_kind: inclusive_kind?,
        email: email?,
        phone: phone?,
        notes: notes?,
    }))
}
