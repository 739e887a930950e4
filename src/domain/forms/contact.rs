//! The form of a contact. Where the contact works is one choice (a
//! school, a company, the CPME or an académie service), then the school
//! or company it names, or the service's académie; the fields the choice
//! does not use are ignored.

use chrono::NaiveDate;

use crate::choice_enum;
use crate::domain::academie::Academie;
use crate::domain::forms::parse::{
    Reader, choice, coded, codes, identifier, line, link, multiline,
};
use crate::domain::forms::{FieldSpec, InputKind, write};
use crate::domain::identifiers::{Email, Phone};
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordId, RecordMeta};
use crate::domain::records::{AcademicService, Contact, ContactOrganisation, ContactRole, Record};
use crate::domain::validation::{Field, Rule};

choice_enum! {
    /// Where a contact works, as one choice: a school, a company, the
    /// CPME, or one of the académie services.
    pub enum OrganisationChoice {
        School => "school",
        Company => "company",
        Cpme => "cpme",
        Casnav => "casnav",
        Dafpic => "dafpic",
        Daet => "daet",
        Mlds => "mlds",
        Ash => "ash",
        OtherService => "other_service",
    }
}

coded!(OrganisationChoice);

impl OrganisationChoice {
    /// The académie service chosen, if it is one.
    pub fn service(self) -> Option<AcademicService> {
        match self {
            OrganisationChoice::Casnav => Some(AcademicService::Casnav),
            OrganisationChoice::Dafpic => Some(AcademicService::Dafpic),
            OrganisationChoice::Daet => Some(AcademicService::Daet),
            OrganisationChoice::Mlds => Some(AcademicService::Mlds),
            OrganisationChoice::Ash => Some(AcademicService::Ash),
            OrganisationChoice::OtherService => Some(AcademicService::Other),
            OrganisationChoice::School | OrganisationChoice::Company | OrganisationChoice::Cpme => {
                None
            }
        }
    }

    pub fn of(organisation: &ContactOrganisation) -> Self {
        match organisation {
            ContactOrganisation::School(_) => OrganisationChoice::School,
            ContactOrganisation::Company(_) => OrganisationChoice::Company,
            ContactOrganisation::Cpme => OrganisationChoice::Cpme,
            ContactOrganisation::Service { service, .. } => match service {
                AcademicService::Casnav => OrganisationChoice::Casnav,
                AcademicService::Dafpic => OrganisationChoice::Dafpic,
                AcademicService::Daet => OrganisationChoice::Daet,
                AcademicService::Mlds => OrganisationChoice::Mlds,
                AcademicService::Ash => OrganisationChoice::Ash,
                AcademicService::Other => OrganisationChoice::OtherService,
            },
        }
    }
}

pub(super) fn fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new(Field::Name, InputKind::Text, true),
        FieldSpec::new(Field::Role, InputKind::Choice(codes::<ContactRole>()), true),
        FieldSpec::new(
            Field::Organisation,
            InputKind::Choice(codes::<OrganisationChoice>()),
            true,
        ),
        // Required when the organisation chosen is a school, a company,
        // or a service (its académie).
        FieldSpec::new(Field::School, InputKind::Link(Kind::School), false),
        FieldSpec::new(Field::Company, InputKind::Link(Kind::Company), false),
        FieldSpec::new(
            Field::Academie,
            InputKind::Choice(codes::<Academie>()),
            false,
        ),
        FieldSpec::new(Field::Email, InputKind::Text, false),
        FieldSpec::new(Field::Phone, InputKind::Text, false),
        FieldSpec::new(Field::Notes, InputKind::MultiLine, false),
    ]
}

pub(super) fn default_text(field: Field, _today: NaiveDate) -> String {
    match field {
        // Most contacts entered are the tutors placements need.
        Field::Role => write::choice(ContactRole::Tuteur),
        Field::Organisation => write::choice(OrganisationChoice::Company),
        _ => String::new(),
    }
}

pub(super) fn text_of(contact: &Contact, field: Field) -> String {
    let organisation = &contact.organisation;
    match field {
        Field::Name => contact.name.clone(),
        Field::Role => write::choice(contact.role),
        Field::Organisation => write::choice(OrganisationChoice::of(organisation)),
        Field::School => match organisation {
            ContactOrganisation::School(id) => write::link(*id),
            _ => String::new(),
        },
        Field::Company => match organisation {
            ContactOrganisation::Company(id) => write::link(*id),
            _ => String::new(),
        },
        Field::Academie => match organisation {
            ContactOrganisation::Service { academie, .. } => write::choice(*academie),
            _ => String::new(),
        },
        Field::Email => write::restricted(&contact.email, |email| {
            email.as_ref().map(Email::to_string).unwrap_or_default()
        }),
        Field::Phone => write::restricted(&contact.phone, |phone| {
            phone.as_ref().map(Phone::to_string).unwrap_or_default()
        }),
        Field::Notes => write::restricted(&contact.notes, String::clone),
        _ => String::new(),
    }
}

/// The organisation chosen with what it needs, or the field left blank.
fn organisation(
    r: &mut Reader,
    chosen: OrganisationChoice,
    school: Option<RecordId>,
    company: Option<RecordId>,
    academie: Option<Academie>,
) -> Option<ContactOrganisation> {
    let (needed, organisation) = match chosen {
        OrganisationChoice::School => (Field::School, school.map(ContactOrganisation::School)),
        OrganisationChoice::Company => (Field::Company, company.map(ContactOrganisation::Company)),
        OrganisationChoice::Cpme => return Some(ContactOrganisation::Cpme),
        service => (
            Field::Academie,
            service
                .service()
                .zip(academie)
                .map(|(service, academie)| ContactOrganisation::Service { service, academie }),
        ),
    };
    if organisation.is_none() {
        r.relate(needed, Rule::Required);
    }
    organisation
}

pub(super) fn read(r: &mut Reader, base: Option<&Contact>) -> Option<Record> {
    let name = r.value(Field::Name, line);
    let role = r.value(Field::Role, choice::<ContactRole>);
    let chosen = r.value(Field::Organisation, choice::<OrganisationChoice>);
    let school = r.read(Field::School, link(Kind::School));
    let company = r.read(Field::Company, link(Kind::Company));
    let academie = r.read(Field::Academie, choice::<Academie>);
    let email = r.restricted(Field::Email, base.map(|b| &b.email), |text| {
        identifier(Email::parse)(text).map(Some)
    });
    let phone = r.restricted(Field::Phone, base.map(|b| &b.phone), |text| {
        identifier(Phone::parse)(text).map(Some)
    });
    let notes = r.restricted(Field::Notes, base.map(|b| &b.notes), multiline);
    let organisation = match (chosen, school, company, academie) {
        (Some(chosen), Some(school), Some(company), Some(academie)) => {
            organisation(r, chosen, school, company, academie)
        }
        _ => None,
    };
    Some(Record::Contact(Contact {
        meta: base.map_or_else(RecordMeta::new_record, |b| b.meta.clone()),
        name: name?,
        role: role?,
        organisation: organisation?,
        email: email?,
        phone: phone?,
        notes: notes?,
    }))
}
