//! Each kind's columns: their names, what they hold, the field they fill.

use crate::domain::Organisation;
use crate::domain::academie::Academie;
use crate::domain::forms::{OrganisationChoice, SensitiveNeed};
use crate::domain::kind::Kind;
use crate::domain::place::Precision;
use crate::domain::records::{
    AgreementKind, ContactRole, EventKind, HeadcountBand, InclusiveKind, Level, Offer,
    OpeningState, PlacementKind, Renewal, SchoolKind, Sector, SpecialUnit, StaffRole,
};
use crate::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use crate::domain::validation::Field;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// The record's own number.
    Id,
    /// The number of a record of that kind, or empty.
    Link(Kind),
    /// Numbers of records of that kind, joined with `|`.
    Links(Kind),
    /// One line of free text.
    Text,
    /// Free text that may hold line breaks (the cell is then quoted).
    Notes,
    /// A checked identifier or code written by people (UAI, SIRET,
    /// postal code, e-mail, phone, NAF, school year).
    Identifier,
    /// One code of a closed list.
    Choice,
    /// Codes of a closed list, joined with `|`.
    Choices,
    /// Texts joined with `|` (a `|` or `\` inside one is escaped `\|`,
    /// `\\`).
    Texts,
    /// A whole number.
    Number,
    /// `yes` or `no`.
    YesNo,
    /// A day.
    Date,
    /// Decimal degrees of latitude or longitude (WGS84).
    Degrees,
}

/// One column of a kind's CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    /// The field it holds (what a reading error names).
    pub field: Field,
    pub kind: ColumnKind,
    /// A restricted field: empty unless it may leave (consent, clearance).
    pub restricted: bool,
}

const fn column(name: &'static str, field: Field, kind: ColumnKind) -> Column {
    Column {
        name,
        field,
        kind,
        restricted: false,
    }
}

const fn restricted(name: &'static str, field: Field, kind: ColumnKind) -> Column {
    Column {
        name,
        field,
        kind,
        restricted: true,
    }
}

use ColumnKind as C;

const ID: Column = column("id", Field::Id, C::Id);
const NOTES: Column = restricted("notes", Field::Notes, C::Notes);

/// Every kind ends with its confidentiality mark.
const MARK: [Column; 3] = [
    column("confidentiality", Field::Confidentiality, C::YesNo),
    column(
        "confidentiality_reason",
        Field::ConfidentialityReason,
        C::Text,
    ),
    column(
        "confidentiality_owner",
        Field::ConfidentialityOwner,
        C::Choice,
    ),
];

/// Where a school or company is: its point and how precise it is (the
/// record's one `location` field).
const LOCATION: [Column; 3] = [
    column("latitude", Field::Location, C::Degrees),
    column("longitude", Field::Location, C::Degrees),
    column("location_precision", Field::Location, C::Choice),
];

/// A kind's columns: `id`, its own (`notes` last), then the mark.
macro_rules! kind_columns {
    ($name:ident = [$($column:expr),+ $(,)?]) => {
        const $name: &[Column] = &[ID, $($column,)+ MARK[0], MARK[1], MARK[2]];
    };
}

kind_columns!(
    SCHOOL = [
        column("uai", Field::Uai, C::Identifier),
        column("name", Field::Name, C::Text),
        column("kind", Field::Kind, C::Choice),
        column("sector", Field::Sector, C::Choice),
        column("opening_state", Field::OpeningState, C::Choice),
        column("address", Field::Address, C::Text),
        column("commune", Field::Commune, C::Text),
        column("postal_code", Field::PostalCode, C::Identifier),
        LOCATION[0],
        LOCATION[1],
        LOCATION[2],
        column("special_units", Field::SpecialUnits, C::Choices),
        column(
            "apprenticeship_sections",
            Field::ApprenticeshipSections,
            C::Texts,
        ),
        column("email", Field::Email, C::Identifier),
        column("phone", Field::Phone, C::Identifier),
        NOTES,
    ]
);

kind_columns!(
    COMPANY = [
        column("siret", Field::Siret, C::Identifier),
        column("name", Field::Name, C::Text),
        column("naf", Field::Naf, C::Identifier),
        column("headcount", Field::Headcount, C::Choice),
        column("cpme_member", Field::CpmeMember, C::YesNo),
        column("address", Field::Address, C::Text),
        column("commune", Field::Commune, C::Text),
        column("postal_code", Field::PostalCode, C::Identifier),
        LOCATION[0],
        LOCATION[1],
        LOCATION[2],
        column("offers", Field::Offers, C::Choices),
        column("inclusive_kind", Field::InclusiveKind, C::Choice),
        column("email", Field::Email, C::Identifier),
        column("phone", Field::Phone, C::Identifier),
        NOTES,
    ]
);

kind_columns!(
    CONTACT = [
        column("name", Field::Name, C::Text),
        column("role", Field::Role, C::Choice),
        // Where the contact works, as in its form: school, company, cpme or
        // an académie service; then the school or company, or the service's
        // académie.
        column("organisation", Field::Organisation, C::Choice),
        column("school", Field::School, C::Link(Kind::School)),
        column("company", Field::Company, C::Link(Kind::Company)),
        column("academie", Field::Academie, C::Choice),
        restricted("email", Field::Email, C::Identifier),
        restricted("phone", Field::Phone, C::Identifier),
        NOTES,
    ]
);

kind_columns!(
    LEARNER = [
        column("name", Field::Name, C::Text),
        column("level", Field::Level, C::Choice),
        column("school", Field::School, C::Link(Kind::School)),
        column("school_year", Field::SchoolYear, C::Identifier),
        restricted("sensitive_needs", Field::SensitiveNeeds, C::Choices),
        // No field of its own: the note goes with the needs.
        restricted("sensitive_needs_note", Field::SensitiveNeeds, C::Notes),
        NOTES,
    ]
);

kind_columns!(
    PLACEMENT = [
        column("kind", Field::Kind, C::Choice),
        column("learner", Field::Learner, C::Link(Kind::Learner)),
        column("school", Field::School, C::Link(Kind::School)),
        column("company", Field::Company, C::Link(Kind::Company)),
        column("tutor", Field::Tutor, C::Link(Kind::Contact)),
        column("start", Field::Start, C::Date),
        column("end", Field::End, C::Date),
        column("status", Field::Status, C::Choice),
        column("signed_on", Field::SignedOn, C::Date),
        column("cancel_reason", Field::CancelReason, C::Text),
        NOTES,
    ]
);

kind_columns!(
    IMMERSION = [
        column("person", Field::Person, C::Text),
        column("person_role", Field::PersonRole, C::Choice),
        column("school", Field::School, C::Link(Kind::School)),
        column("company", Field::Company, C::Link(Kind::Company)),
        column("start", Field::Start, C::Date),
        column("days", Field::Days, C::Number),
        column("status", Field::Status, C::Choice),
        // The evaluation: all empty when there is none.
        column("welcome", Field::Welcome, C::Number),
        column("trades_discovery", Field::TradesDiscovery, C::Number),
        column("teaching_use", Field::TeachingUse, C::Number),
        column("organisation_rating", Field::OrganisationRating, C::Number),
        restricted("comment", Field::Comment, C::Notes),
        restricted("teacher_feedback", Field::TeacherFeedback, C::Notes),
        restricted("company_feedback", Field::CompanyFeedback, C::Notes),
        column("renew", Field::Renew, C::Choice),
        column("evaluated_by", Field::EvaluatedBy, C::Text),
        column("evaluated_on", Field::EvaluatedOn, C::Date),
        NOTES,
    ]
);

kind_columns!(
    EVENT = [
        column("kind", Field::Kind, C::Choice),
        column("title", Field::Title, C::Text),
        column("date", Field::Date, C::Date),
        column("place", Field::Place, C::Text),
        column("academie", Field::Academie, C::Choice),
        column("schools", Field::Schools, C::Links(Kind::School)),
        column("companies", Field::Companies, C::Links(Kind::Company)),
        column("pupils_reached", Field::PupilsReached, C::Number),
        NOTES,
    ]
);

kind_columns!(
    AGREEMENT = [
        column("kind", Field::Kind, C::Choice),
        column("title", Field::Title, C::Text),
        column("academie", Field::Academie, C::Choice),
        column("schools", Field::Schools, C::Links(Kind::School)),
        column("companies", Field::Companies, C::Links(Kind::Company)),
        column("parent", Field::Parent, C::Link(Kind::Agreement)),
        column("signed_on", Field::SignedOn, C::Date),
        column("duration_months", Field::DurationMonths, C::Number),
        column("notice_months", Field::NoticeMonths, C::Number),
        column("status", Field::Status, C::Choice),
        NOTES,
    ]
);

/// The columns of `kind`, in order: the header of its CSV.
pub fn columns(kind: Kind) -> &'static [Column] {
    match kind {
        Kind::School => SCHOOL,
        Kind::Company => COMPANY,
        Kind::Contact => CONTACT,
        Kind::Learner => LEARNER,
        Kind::Placement => PLACEMENT,
        Kind::Immersion => IMMERSION,
        Kind::Event => EVENT,
        Kind::Agreement => AGREEMENT,
    }
}

/// The codes a choice column accepts, for `docs/csv.md` and messages.
pub fn choices(kind: Kind, column: &str) -> Vec<&'static str> {
    fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|choice| code(*choice)).collect()
    }
    match (kind, column) {
        (Kind::School, "kind") => codes(SchoolKind::ALL, SchoolKind::code),
        (Kind::School, "sector") => codes(Sector::ALL, Sector::code),
        (Kind::School, "special_units") => codes(SpecialUnit::ALL, SpecialUnit::code),
        (Kind::School, "opening_state") => codes(OpeningState::ALL, OpeningState::code),
        (_, "location_precision") => codes(Precision::ALL, Precision::code),
        (Kind::Company, "headcount") => codes(HeadcountBand::ALL, HeadcountBand::code),
        (Kind::Company, "offers") => codes(Offer::ALL, Offer::code),
        (Kind::Company, "inclusive_kind") => codes(InclusiveKind::ALL, InclusiveKind::code),
        (Kind::Contact, "role") => codes(ContactRole::ALL, ContactRole::code),
        (Kind::Contact, "organisation") => codes(OrganisationChoice::ALL, OrganisationChoice::code),
        (Kind::Learner, "level") => codes(Level::ALL, Level::code),
        (Kind::Learner, "sensitive_needs") => codes(SensitiveNeed::ALL, SensitiveNeed::code),
        (Kind::Placement, "kind") => codes(PlacementKind::ALL, PlacementKind::code),
        (Kind::Placement, "status") => codes(PlacementStatus::ALL, PlacementStatus::code),
        (Kind::Immersion, "person_role") => codes(StaffRole::ALL, StaffRole::code),
        (Kind::Immersion, "status") => codes(ImmersionStatus::ALL, ImmersionStatus::code),
        (Kind::Immersion, "renew") => codes(Renewal::ALL, Renewal::code),
        (Kind::Event, "kind") => codes(EventKind::ALL, EventKind::code),
        (Kind::Agreement, "kind") => codes(AgreementKind::ALL, AgreementKind::code),
        (Kind::Agreement, "status") => codes(AgreementStatus::ALL, AgreementStatus::code),
        (_, "academie") => codes(Academie::ALL, Academie::code),
        (_, "confidentiality_owner") => codes(Organisation::ALL, Organisation::code),
        _ => Vec::new(),
    }
}

/// The field of the record (as named in its JSON) that a column fills:
/// the column's own name but for the columns that make one value
/// together (a contact's organisation, a learner's needs, an immersion's
/// evaluation, the confidentiality mark). An import of a file without
/// some columns leaves those fields of existing records as they are.
pub fn record_field(kind: Kind, column: &str) -> &str {
    match (kind, column) {
        (Kind::Contact, "organisation" | "school" | "company" | "academie") => "organisation",
        (Kind::Learner, "sensitive_needs" | "sensitive_needs_note") => "sensitive",
        (
            Kind::Immersion,
            "welcome"
            | "trades_discovery"
            | "teaching_use"
            | "organisation_rating"
            | "comment"
            | "teacher_feedback"
            | "company_feedback"
            | "renew"
            | "evaluated_by"
            | "evaluated_on",
        ) => "evaluation",
        (_, "confidentiality" | "confidentiality_reason" | "confidentiality_owner") => {
            "confidentiality"
        }
        (_, "latitude" | "longitude" | "location_precision") => "location",
        (_, other) => other,
    }
}
