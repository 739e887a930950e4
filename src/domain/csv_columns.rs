//! The CSV of each kind of record (and the JSON export, which uses the
//! same names): the columns `passerelle export` writes and `passerelle
//! import csv KIND` reads back. One definition both ways, so that an
//! export edited in a spreadsheet imports back as it was; `docs/csv.md`
//! says the same for people, and a test checks that it names every
//! column.
//!
//! - [`columns`]: a kind's header, in order. Columns are named after
//!   `Field` codes wherever a field exists; the first is always `id`, the
//!   last three the confidentiality mark.
//! - [`cells`]: a record as typed cells, which each format writes its way
//!   ([`Cell::csv_text`] for a [`Dialect`], [`Cell::json`]).
//! - [`read_record`]: a [`Row`] (cells found by column name, a column the
//!   file lacks left absent) read back into a record, or every cell that
//!   is wrong, named by its column.
//!
//! Links are record numbers; lists are joined with `|`; choices are their
//! codes (`lycee_general`, `agreement_signed`); yes/no fields are `yes` or
//! `no`; dates are ISO (`2026-11-28`), or `28/11/2026` in the spreadsheet
//! dialect, both read. A restricted value that may not leave (the service
//! masked it) is an empty cell, its column kept, and an import never takes
//! such an empty cell for an erasure. A text a spreadsheet would execute
//! (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
//! `'` in front, taken off again on reading; numbers never do (see
//! [`guard`]).
//!
//! The record's bookkeeping (revision, who created and changed it, when)
//! is not a column: the audit trail holds it, and an import makes its own.
//! Values computed from others (a school's académie, an agreement's end)
//! are not columns either.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde_json::Value;

use crate::domain::Organisation;
use crate::domain::academie::Academie;
use crate::domain::dates::{DateError, SchoolYear};
use crate::domain::forms::{OrganisationChoice, SensitiveNeed};
use crate::domain::identifiers::{Email, NafCode, Phone, PostalCode, Siret, Uai};
use crate::domain::kind::Kind;
use crate::domain::meta::{Confidentiality, RecordId, RecordMeta, Restricted};
use crate::domain::place::{Coordinates, Location, Precision};
use crate::domain::records::agreement::{DEFAULT_DURATION_MONTHS, DEFAULT_NOTICE_MONTHS};
use crate::domain::records::{
    Agreement, AgreementKind, Company, Contact, ContactOrganisation, ContactRole, Evaluation,
    Event, EventKind, HeadcountBand, Immersion, InclusiveKind, Learner, Level, Offer, OpeningState,
    Placement, PlacementKind, Rating, Record, Renewal, ResidencePermit, School, SchoolKind, Sector,
    SensitiveNeeds, SpecialUnit, StaffRole,
};
use crate::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use crate::domain::validation::{Field, Rule};
/// How a CSV is written for its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `,`, UTF-8 without BOM, ISO dates, `\n` line ends: for scripts and
    /// the import.
    Plain,
    /// What French spreadsheets open correctly: a UTF-8 BOM (else they
    /// read Windows-1252), `;` (the comma is their decimal separator),
    /// dates as `28/11/2026`, `\r\n` line ends; a SIRET in groups and a
    /// phone in pairs, so that they stay text instead of becoming a
    /// number (a SIRET in scientific notation, a phone without its 0).
    Excel,
}

impl Dialect {
    pub fn separator(self) -> char {
        match self {
            Dialect::Plain => ',',
            Dialect::Excel => ';',
        }
    }

    pub fn line_end(self) -> &'static str {
        match self {
            Dialect::Plain => "\n",
            Dialect::Excel => "\r\n",
        }
    }

    /// What the file starts with.
    pub fn preamble(self) -> &'static str {
        match self {
            Dialect::Plain => "",
            Dialect::Excel => "\u{feff}",
        }
    }

    fn date(self, day: NaiveDate) -> String {
        match self {
            Dialect::Plain => day.format("%Y-%m-%d").to_string(),
            Dialect::Excel => day.format("%d/%m/%Y").to_string(),
        }
    }
}

/// What a column holds, for its reader and for `docs/csv.md`.
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

/// One cell of a row, typed so that each format writes it its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// No value (an optional field left empty).
    Empty,
    /// Free text, or an identifier written as text.
    Text(String),
    /// A SIRET: 14 digits, in groups in the spreadsheet dialect.
    Siret(String),
    /// A phone: 10 digits, in pairs in the spreadsheet dialect.
    Phone(String),
    Code(&'static str),
    Codes(Vec<&'static str>),
    Texts(Vec<String>),
    /// A record's number.
    Id(u64),
    Ids(Vec<u64>),
    /// A count, a rating, a duration: written as a number, never guarded
    /// (a negative number is a number to a spreadsheet, not a formula).
    Number(i64),
    YesNo(bool),
    Date(NaiveDate),
    /// Decimal degrees as the shortest text that reads back exactly
    /// (`48.857`); a decimal comma in the spreadsheet dialect.
    Degrees(String),
    /// A restricted value that may not leave: an empty cell in CSV,
    /// `{"masked": true}` in JSON.
    Withheld,
}

/// What starts a formula in the spreadsheets we know of; the full-width
/// forms too, which some of them read as the ASCII ones.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

fn starts_a_formula(text: &str) -> bool {
    text.trim_start_matches('\'')
        .starts_with(|c| FORMULA_STARTS.contains(&c))
}

/// A text as written in a CSV cell: with a `'` in front when a
/// spreadsheet would execute it (`=HYPERLINK(…)`, `+33…`, `- rappeler`,
/// `@SOMME`), or when it already starts with `'` before such a
/// beginning, so that [`unguard`] gives back exactly the text.
pub fn guard(text: &str) -> Cow<'_, str> {
    if starts_a_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text a guarded cell stands for: one `'` less when what follows
/// it starts a formula (possibly after more `'`), the text as is
/// otherwise.
pub fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if starts_a_formula(rest) => rest,
        _ => text,
    }
}

/// Entries joined with `|`, each `|` or `\` inside one escaped.
fn join_texts(entries: &[String]) -> String {
    entries
        .iter()
        .map(|entry| entry.replace('\\', "\\\\").replace('|', "\\|"))
        .collect::<Vec<_>>()
        .join("|")
}

/// The entries of a `|`-joined cell, unescaped and trimmed, empty ones
/// left out.
pub fn split_list(cell: &str) -> Vec<String> {
    let mut entries = Vec::new();
    let mut current = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => current.push(next),
                None => current.push('\\'),
            },
            '|' => entries.push(std::mem::take(&mut current)),
            other => current.push(other),
        }
    }
    entries.push(current);
    entries
        .into_iter()
        .map(|entry| entry.trim().to_owned())
        .filter(|entry| !entry.is_empty())
        .collect()
}

fn grouped(digits: &str, sizes: &[usize]) -> String {
    let mut groups = Vec::new();
    let mut rest = digits;
    for size in sizes {
        if rest.len() <= *size {
            break;
        }
        let (group, after) = rest.split_at(*size);
        groups.push(group);
        rest = after;
    }
    groups.push(rest);
    groups.join(" ")
}

impl Cell {
    /// The cell's text in a CSV of `dialect`, guarded (see [`guard`]),
    /// not yet quoted.
    pub fn csv_text(&self, dialect: Dialect) -> String {
        let text = match self {
            Cell::Empty | Cell::Withheld => return String::new(),
            Cell::Number(number) => return number.to_string(),
            Cell::Text(text) => text.clone(),
            Cell::Siret(digits) => match dialect {
                Dialect::Plain => digits.clone(),
                Dialect::Excel => grouped(digits, &[3, 3, 3]),
            },
            Cell::Phone(digits) => match dialect {
                Dialect::Plain => digits.clone(),
                Dialect::Excel => grouped(digits, &[2, 2, 2, 2]),
            },
            Cell::Code(code) => (*code).to_owned(),
            Cell::Codes(codes) => codes.join("|"),
            Cell::Texts(texts) => join_texts(texts),
            Cell::Id(id) => id.to_string(),
            Cell::Degrees(degrees) => {
                return match dialect {
                    Dialect::Plain => degrees.clone(),
                    Dialect::Excel => degrees.replace('.', ","),
                };
            }
            Cell::Ids(ids) => ids.iter().map(u64::to_string).collect::<Vec<_>>().join("|"),
            Cell::YesNo(value) => if *value { "yes" } else { "no" }.to_owned(),
            Cell::Date(day) => dialect.date(*day),
        };
        guard(&text).into_owned()
    }

    /// The cell as a JSON value: typed, dates ISO, never guarded (JSON is
    /// read by programs, not spreadsheets).
    pub fn json(&self) -> Value {
        match self {
            Cell::Empty => Value::Null,
            Cell::Withheld => serde_json::json!({ "masked": true }),
            Cell::Text(text) | Cell::Siret(text) | Cell::Phone(text) => Value::from(text.clone()),
            Cell::Code(code) => Value::from(*code),
            Cell::Codes(codes) => Value::from(codes.clone()),
            Cell::Texts(texts) => Value::from(texts.clone()),
            Cell::Id(id) => Value::from(*id),
            Cell::Ids(ids) => Value::from(ids.clone()),
            Cell::Number(number) => Value::from(*number),
            Cell::Degrees(degrees) => degrees
                .parse::<f64>()
                .map_or_else(|_| Value::from(degrees.clone()), Value::from),
            Cell::YesNo(value) => Value::from(*value),
            Cell::Date(day) => Value::from(day.format("%Y-%m-%d").to_string()),
        }
    }
}

fn text(value: &str) -> Cell {
    if value.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(value.to_owned())
    }
}

fn optional<T>(value: Option<T>, cell: impl FnOnce(T) -> Cell) -> Cell {
    value.map_or(Cell::Empty, cell)
}

fn link(id: Option<RecordId>) -> Cell {
    optional(id, |id| Cell::Id(id.0))
}

fn links(ids: &[RecordId]) -> Cell {
    if ids.is_empty() {
        Cell::Empty
    } else {
        Cell::Ids(ids.iter().map(|id| id.0).collect())
    }
}

fn codes<T: Copy>(choices: &[T], code: fn(T) -> &'static str) -> Cell {
    if choices.is_empty() {
        Cell::Empty
    } else {
        Cell::Codes(choices.iter().map(|choice| code(*choice)).collect())
    }
}

fn date(day: Option<NaiveDate>) -> Cell {
    optional(day, Cell::Date)
}

/// A restricted value: withheld when masked.
fn held<T>(value: &Restricted<T>, cell: impl FnOnce(&T) -> Cell) -> Cell {
    value.clear().map_or(Cell::Withheld, cell)
}

fn notes(value: &Restricted<String>) -> Cell {
    held(value, |notes| text(notes))
}

fn email(value: Option<&Email>) -> Cell {
    optional(value, |email| Cell::Text(email.as_str().to_owned()))
}

fn phone(value: Option<&Phone>) -> Cell {
    optional(value, |phone| Cell::Phone(phone.as_str().to_owned()))
}

/// The record's number; empty for a record not yet saved, which is how
/// [`read_record`] reads an empty `id`.
fn own_id(meta: &RecordMeta) -> Cell {
    if meta.id.is_new() {
        Cell::Empty
    } else {
        Cell::Id(meta.id.0)
    }
}

fn location(location: Option<Location>) -> [Cell; 3] {
    match location {
        None => [Cell::Empty, Cell::Empty, Cell::Empty],
        Some(location) => [
            Cell::Degrees(location.point.latitude().to_string()),
            Cell::Degrees(location.point.longitude().to_string()),
            Cell::Code(location.precision.code()),
        ],
    }
}

fn mark(meta: &RecordMeta) -> [Cell; 3] {
    let mark = &meta.confidentiality;
    [
        Cell::YesNo(mark.confidential),
        text(&mark.reason),
        optional(mark.owner, |owner| Cell::Code(owner.code())),
    ]
}

/// The cells of a record, in the order of [`columns`] of its kind.
pub fn cells(record: &Record) -> Vec<Cell> {
    let mut row = match record {
        Record::School(school) => school_cells(school),
        Record::Company(company) => company_cells(company),
        Record::Contact(contact) => contact_cells(contact),
        Record::Learner(learner) => learner_cells(learner),
        Record::Placement(placement) => placement_cells(placement),
        Record::Immersion(immersion) => immersion_cells(immersion),
        Record::Event(event) => event_cells(event),
        Record::Agreement(agreement) => agreement_cells(agreement),
    };
    row.extend(mark(record.meta()));
    row
}

fn school_cells(school: &School) -> Vec<Cell> {
    let mut cells = vec![
        own_id(&school.meta),
        Cell::Text(school.uai.as_str().to_owned()),
        text(&school.name),
        Cell::Code(school.kind.code()),
        Cell::Code(school.sector.code()),
        Cell::Code(school.opening_state.code()),
        optional(school.address.as_deref(), text),
        text(&school.commune),
        Cell::Text(school.postal_code.as_str().to_owned()),
    ];
    cells.extend(location(school.location));
    cells.extend([
        codes(&school.special_units, SpecialUnit::code),
        if school.apprenticeship_sections.is_empty() {
            Cell::Empty
        } else {
            Cell::Texts(school.apprenticeship_sections.clone())
        },
        email(school.email.as_ref()),
        phone(school.phone.as_ref()),
        notes(&school.notes),
    ]);
    cells
}

fn company_cells(company: &Company) -> Vec<Cell> {
    let mut cells = vec![
        own_id(&company.meta),
        Cell::Siret(company.siret.as_str().to_owned()),
        text(&company.name),
        optional(company.naf.as_ref(), |naf| {
            Cell::Text(naf.as_str().to_owned())
        }),
        Cell::Code(company.headcount.code()),
        Cell::YesNo(company.cpme_member),
        optional(company.address.as_deref(), text),
        text(&company.commune),
        Cell::Text(company.postal_code.as_str().to_owned()),
    ];
    cells.extend(location(company.location));
    cells.extend([
        codes(&company.offers, Offer::code),
        Cell::Code(company.inclusive_kind.code()),
        email(company.email.as_ref()),
        phone(company.phone.as_ref()),
        notes(&company.notes),
    ]);
    cells
}

fn contact_cells(contact: &Contact) -> Vec<Cell> {
    let (school, company, academie) = match contact.organisation {
        ContactOrganisation::School(id) => (Some(id), None, None),
        ContactOrganisation::Company(id) => (None, Some(id), None),
        ContactOrganisation::Service { academie, .. } => (None, None, Some(academie)),
        ContactOrganisation::Cpme => (None, None, None),
    };
    vec![
        own_id(&contact.meta),
        text(&contact.name),
        Cell::Code(contact.role.code()),
        Cell::Code(OrganisationChoice::of(&contact.organisation).code()),
        link(school),
        link(company),
        optional(academie, |academie| Cell::Code(academie.code())),
        held(&contact.email, |value| email(value.as_ref())),
        held(&contact.phone, |value| phone(value.as_ref())),
        notes(&contact.notes),
    ]
}

fn learner_cells(learner: &Learner) -> Vec<Cell> {
    vec![
        own_id(&learner.meta),
        text(&learner.name),
        Cell::Code(learner.level.code()),
        Cell::Id(learner.school.0),
        Cell::Text(learner.school_year.to_string()),
        held(&learner.sensitive, |needs| {
            codes(&SensitiveNeed::of(needs), SensitiveNeed::code)
        }),
        held(&learner.sensitive, |needs| text(&needs.note)),
        notes(&learner.notes),
    ]
}

fn placement_cells(placement: &Placement) -> Vec<Cell> {
    vec![
        own_id(&placement.meta),
        Cell::Code(placement.kind.code()),
        Cell::Id(placement.learner.0),
        Cell::Id(placement.school.0),
        link(placement.company),
        link(placement.tutor),
        Cell::Date(placement.start),
        Cell::Date(placement.end),
        Cell::Code(placement.status.code()),
        date(placement.signed_on),
        optional(placement.cancel_reason.as_deref(), text),
        notes(&placement.notes),
    ]
}

fn immersion_cells(immersion: &Immersion) -> Vec<Cell> {
    let mut row = vec![
        own_id(&immersion.meta),
        text(&immersion.person),
        Cell::Code(immersion.person_role.code()),
        link(immersion.school),
        Cell::Id(immersion.company.0),
        Cell::Date(immersion.start),
        Cell::Number(i64::from(immersion.days)),
        Cell::Code(immersion.status.code()),
    ];
    match &immersion.evaluation {
        Some(evaluation) => row.extend([
            Cell::Number(i64::from(evaluation.welcome.0)),
            Cell::Number(i64::from(evaluation.trades_discovery.0)),
            Cell::Number(i64::from(evaluation.teaching_use.0)),
            Cell::Number(i64::from(evaluation.organisation.0)),
            notes(&evaluation.comment),
            notes(&evaluation.teacher_feedback),
            notes(&evaluation.company_feedback),
            Cell::Code(evaluation.renew.code()),
            text(&evaluation.evaluated_by),
            Cell::Date(evaluation.evaluated_on),
        ]),
        None => row.extend(std::iter::repeat_n(Cell::Empty, 10)),
    }
    row.push(notes(&immersion.notes));
    row
}

fn event_cells(event: &Event) -> Vec<Cell> {
    vec![
        own_id(&event.meta),
        Cell::Code(event.kind.code()),
        text(&event.title),
        Cell::Date(event.date),
        text(&event.place),
        optional(event.academie, |academie| Cell::Code(academie.code())),
        links(&event.schools),
        links(&event.companies),
        Cell::Number(i64::from(event.pupils_reached)),
        notes(&event.notes),
    ]
}

fn agreement_cells(agreement: &Agreement) -> Vec<Cell> {
    vec![
        own_id(&agreement.meta),
        Cell::Code(agreement.kind.code()),
        text(&agreement.title),
        optional(agreement.academie, |academie| Cell::Code(academie.code())),
        links(&agreement.schools),
        links(&agreement.companies),
        link(agreement.parent),
        date(agreement.signed_on),
        Cell::Number(i64::from(agreement.duration_months)),
        Cell::Number(i64::from(agreement.notice_months)),
        Cell::Code(agreement.status.code()),
        notes(&agreement.notes),
    ]
}

/// A row as read from a file: the text of each column of its kind, or
/// nothing where the file has no such column (which then reads as
/// empty; an import also leaves that field of an existing record as it
/// is, see [`record_field`]).
#[derive(Debug, Clone)]
pub struct Row<'a> {
    kind: Kind,
    cells: Vec<Option<&'a str>>,
}

impl<'a> Row<'a> {
    /// A row of `kind` with every column absent.
    pub fn new(kind: Kind) -> Self {
        Row {
            kind,
            cells: vec![None; columns(kind).len()],
        }
    }

    /// A row from cells in the order of [`columns`] of `kind` (a missing
    /// cell is absent).
    pub fn from_cells(kind: Kind, cells: &[&'a str]) -> Self {
        let mut row = Row::new(kind);
        for (slot, cell) in row.cells.iter_mut().zip(cells) {
            *slot = Some(*cell);
        }
        row
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Sets the cell of column `name` (ignored if the kind has none).
    pub fn set(&mut self, name: &str, value: &'a str) {
        if let Some(index) = columns(self.kind).iter().position(|c| c.name == name) {
            self.cells[index] = Some(value);
        }
    }

    /// The text of column `name` as it stands for its value: unguarded
    /// (see [`unguard`]) and trimmed, but notes keep their spaces and line
    /// breaks, and numbers are never guarded; empty when absent.
    pub fn get(&self, name: &str) -> &'a str {
        let columns = columns(self.kind);
        let Some(index) = columns.iter().position(|c| c.name == name) else {
            return "";
        };
        let raw = self.cells[index].unwrap_or("");
        match columns[index].kind {
            ColumnKind::Number | ColumnKind::Id => raw.trim(),
            ColumnKind::Notes => unguard(raw),
            _ => unguard(raw.trim()),
        }
    }
}

/// A cell that cannot be read: its column and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub column: &'static str,
    pub rule: Rule,
}

/// Reads a record back from a row, as either dialect wrote it (dates in
/// both forms, `'` taken off as [`unguard`] says, lists split on
/// unescaped `|`, commas read too in lists of codes and numbers), or
/// gives every cell that is wrong, named by its column. The record is new
/// (its bookkeeping empty) but keeps the number of the `id` column
/// ([`RecordId::NEW`] when empty), for matching and links, and its
/// confidentiality mark; the caller validates it (`Record::validate`) as
/// any save does. An empty optional cell takes the value a new record's
/// form would (`headcount` unknown, `cpme_member` no, `inclusive_kind`
/// ordinary, `pupils_reached` 0, an agreement's usual durations, not
/// confidential). An empty restricted cell reads as empty: the export
/// leaves a withheld value empty, so an import must not take it for an
/// erasure of a confidential record's field (the service keeps the stored
/// value).
pub fn read_record(row: &Row<'_>) -> Result<Record, Vec<CellError>> {
    let mut reader = Reader {
        row,
        errors: Vec::new(),
    };
    let meta = reader.meta();
    let record = match row.kind {
        Kind::School => read_school(&mut reader, meta).map(Record::School),
        Kind::Company => read_company(&mut reader, meta).map(Record::Company),
        Kind::Contact => read_contact(&mut reader, meta).map(Record::Contact),
        Kind::Learner => read_learner(&mut reader, meta).map(Record::Learner),
        Kind::Placement => read_placement(&mut reader, meta).map(Record::Placement),
        Kind::Immersion => read_immersion(&mut reader, meta).map(Record::Immersion),
        Kind::Event => read_event(&mut reader, meta).map(Record::Event),
        Kind::Agreement => read_agreement(&mut reader, meta).map(Record::Agreement),
    };
    match record {
        Some(record) if reader.errors.is_empty() => Ok(record),
        _ => Err(reader.errors),
    }
}

/// Reads a day as either dialect writes it: `2026-11-28` or `28/11/2026`
/// (what a French spreadsheet makes of a date), the year in four digits.
/// Nothing relative to today: a file means the same whenever it is read.
pub fn read_date(text: &str) -> Result<NaiveDate, Rule> {
    let text = text.trim();
    let numbers = |parts: &[&str]| -> Option<Vec<u32>> {
        parts
            .iter()
            .map(|part| {
                (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| part.parse().ok())
                    .flatten()
            })
            .collect()
    };
    let bad_shape = Rule::Date(DateError::BadShape);
    let (year, month, day) = if let [d, m, y] = text.split('/').collect::<Vec<_>>()[..] {
        let n = numbers(&[d, m, y])
            .filter(|_| y.len() == 4)
            .ok_or(bad_shape)?;
        (n[2], n[1], n[0])
    } else if let [y, m, d] = text.split('-').collect::<Vec<_>>()[..] {
        let n = numbers(&[y, m, d])
            .filter(|_| y.len() == 4)
            .ok_or(bad_shape)?;
        (n[0], n[1], n[2])
    } else {
        return Err(bad_shape);
    };
    i32::try_from(year)
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
        .ok_or(Rule::Date(DateError::NoSuchDay))
}

/// `yes`/`no` as written, and what spreadsheets and people write for
/// them (`oui`/`non`, `true`/`false`, `vrai`/`faux`, `1`/`0`, `x`).
pub fn read_yes_no(text: &str) -> Result<bool, Rule> {
    match crate::domain::text::fold(text.trim()).as_str() {
        "yes" | "oui" | "true" | "vrai" | "1" | "y" | "o" | "x" => Ok(true),
        "no" | "non" | "false" | "faux" | "0" | "n" => Ok(false),
        _ => Err(Rule::NotYesOrNo),
    }
}

/// Reads the cells of one row, gathering every error rather than stopping
/// at the first, so that a report names them all.
struct Reader<'r, 'a> {
    row: &'r Row<'a>,
    errors: Vec<CellError>,
}

impl Reader<'_, '_> {
    fn fail(&mut self, column: &'static str, rule: Rule) {
        self.errors.push(CellError { column, rule });
    }

    fn cell(&self, name: &str) -> &str {
        self.row.get(name)
    }

    /// `Some(None)` when empty; the value, or `None` with its error kept.
    fn optional<T>(
        &mut self,
        name: &'static str,
        parse: impl FnOnce(&str) -> Result<T, Rule>,
    ) -> Option<Option<T>> {
        let text = self.row.get(name);
        if text.trim().is_empty() {
            return Some(None);
        }
        match parse(text) {
            Ok(value) => Some(Some(value)),
            Err(rule) => {
                self.fail(name, rule);
                None
            }
        }
    }

    /// Like [`Reader::optional`], an empty cell being an error.
    fn required<T>(
        &mut self,
        name: &'static str,
        parse: impl FnOnce(&str) -> Result<T, Rule>,
    ) -> Option<T> {
        match self.optional(name, parse) {
            Some(Some(value)) => Some(value),
            Some(None) => {
                self.fail(name, Rule::Required);
                None
            }
            None => None,
        }
    }

    /// Like [`Reader::optional`], an empty cell giving `default`.
    fn or_default<T>(
        &mut self,
        name: &'static str,
        parse: impl FnOnce(&str) -> Result<T, Rule>,
        default: T,
    ) -> Option<T> {
        self.optional(name, parse)
            .map(|value| value.unwrap_or(default))
    }

    /// Free text, possibly empty (a required text is checked by the
    /// record's validation, as in a form).
    fn text(&self, name: &str) -> String {
        self.cell(name).to_owned()
    }

    /// Free text, `None` when empty.
    fn optional_text(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|text| !text.trim().is_empty())
    }

    /// A point from `latitude` and `longitude` (both or neither), and
    /// its `location_precision` (at the address unless the file says
    /// otherwise: coordinates in a file are a directory's).
    fn location(&mut self) -> Option<Option<Location>> {
        let latitude = self.optional("latitude", |text| read_degrees(text, 90));
        let longitude = self.optional("longitude", |text| read_degrees(text, 180));
        let precision = self.optional_choice("location_precision", Precision::from_code);
        let point = match (latitude?, longitude?) {
            (None, None) => return precision.map(|_| None),
            (Some(latitude), Some(longitude)) => {
                Coordinates::from_degrees(latitude, longitude).ok()
            }
            (None, Some(_)) => {
                self.fail("latitude", Rule::Required);
                None
            }
            (Some(_), None) => {
                self.fail("longitude", Rule::Required);
                None
            }
        }?;
        Some(Some(Location {
            point,
            precision: precision?.unwrap_or(Precision::Address),
        }))
    }

    fn choice<T>(&mut self, name: &'static str, from_code: fn(&str) -> Option<T>) -> Option<T> {
        self.required(name, |text| from_code(text).ok_or(Rule::NotAChoice))
    }

    fn optional_choice<T>(
        &mut self,
        name: &'static str,
        from_code: fn(&str) -> Option<T>,
    ) -> Option<Option<T>> {
        self.optional(name, |text| from_code(text).ok_or(Rule::NotAChoice))
    }

    /// Codes joined with `|` (commas are read too).
    fn choices<T>(
        &mut self,
        name: &'static str,
        from_code: fn(&str) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.optional(name, |text| {
            split_list(&text.replace(',', "|"))
                .iter()
                .map(|code| from_code(code).ok_or(Rule::NotAChoice))
                .collect()
        })
        .map(Option::unwrap_or_default)
    }

    fn id(&mut self, name: &'static str) -> Option<RecordId> {
        self.required(name, read_id)
    }

    fn link(&mut self, name: &'static str) -> Option<Option<RecordId>> {
        self.optional(name, read_id)
    }

    /// Numbers joined with `|` (commas are read too).
    fn links(&mut self, name: &'static str) -> Option<Vec<RecordId>> {
        self.optional(name, |text| {
            split_list(&text.replace(',', "|"))
                .iter()
                .map(|id| read_id(id))
                .collect()
        })
        .map(Option::unwrap_or_default)
    }

    fn number<T: TryFrom<u64>>(&mut self, name: &'static str, max: u64) -> Option<T> {
        self.required(name, |text| read_number(text, max))
    }

    fn date(&mut self, name: &'static str) -> Option<NaiveDate> {
        self.required(name, read_date)
    }

    fn optional_date(&mut self, name: &'static str) -> Option<Option<NaiveDate>> {
        self.optional(name, read_date)
    }

    fn identifier<T, E: Into<Rule>>(
        &mut self,
        name: &'static str,
        parse: fn(&str) -> Result<T, E>,
    ) -> Option<T> {
        self.required(name, |text| parse(text).map_err(Into::into))
    }

    fn optional_identifier<T, E: Into<Rule>>(
        &mut self,
        name: &'static str,
        parse: fn(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        self.optional(name, |text| parse(text).map_err(Into::into))
    }

    /// The record's number (none: a new record) and confidentiality mark.
    fn meta(&mut self) -> Option<RecordMeta> {
        let id = self.optional("id", read_id);
        let confidential = self.or_default("confidentiality", read_yes_no, false);
        let reason = self.text("confidentiality_reason");
        let owner = self.optional("confidentiality_owner", read_owner);
        let mut meta = RecordMeta::new_record();
        meta.id = id?.unwrap_or(RecordId::NEW);
        meta.confidentiality = match confidential? {
            true => Confidentiality::flagged(reason, owner?),
            false => Confidentiality::default(),
        };
        Some(meta)
    }
}

/// A record's number: digits, not 0.
fn read_id(text: &str) -> Result<RecordId, Rule> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Rule::NotAnId);
    }
    match text.parse() {
        Ok(0) | Err(_) => Err(Rule::NotAnId),
        Ok(number) => Ok(RecordId(number)),
    }
}

fn read_number<T: TryFrom<u64>>(text: &str, max: u64) -> Result<T, Rule> {
    let text = text.trim();
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Rule::NotANumber);
    }
    let value: u64 = text.parse().map_err(|_| Rule::NotANumber)?;
    let out_of_range = Rule::OutOfRange {
        min: 0,
        max: i64::try_from(max).unwrap_or(i64::MAX),
    };
    if value > max {
        return Err(out_of_range);
    }
    T::try_from(value).map_err(|_| out_of_range)
}

/// Decimal degrees within ±`max` (a decimal comma read too).
fn read_degrees(text: &str, max: i64) -> Result<f64, Rule> {
    let degrees: f64 = text
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| Rule::NotANumber)?;
    if !degrees.is_finite() {
        return Err(Rule::NotANumber);
    }
    if degrees.abs() > max as f64 {
        return Err(Rule::OutOfRange { min: -max, max });
    }
    Ok(degrees)
}

fn read_rating(text: &str) -> Result<Rating, Rule> {
    let rating = Rating(read_number(text, u64::from(u8::MAX))?);
    if rating.is_valid() {
        Ok(rating)
    } else {
        Err(Rule::OutOfRange {
            min: i64::from(Rating::MIN),
            max: i64::from(Rating::MAX),
        })
    }
}

/// An owner: its code (`academie_paris`, `cpme_idf`), or as `users.toml`
/// names them (`paris`, `creteil`, `versailles`, `cpme`).
fn read_owner(text: &str) -> Result<Organisation, Rule> {
    Organisation::from_code(text)
        .or_else(|| Academie::from_code(text).map(Academie::organisation))
        .or_else(|| (crate::domain::text::fold(text) == "cpme").then_some(Organisation::CpmeIdf))
        .ok_or(Rule::NotAChoice)
}

fn read_school(row: &mut Reader, meta: Option<RecordMeta>) -> Option<School> {
    let uai = row.identifier("uai", Uai::parse);
    let name = row.text("name");
    let kind = row.choice("kind", SchoolKind::from_code);
    let sector = row.choice("sector", Sector::from_code);
    let opening_state = row
        .optional_choice("opening_state", OpeningState::from_code)
        .map(|state| state.unwrap_or(OpeningState::Open));
    let address = row.optional_text("address");
    let commune = row.text("commune");
    let postal_code = row.identifier("postal_code", PostalCode::parse);
    let location = row.location();
    let special_units = row.choices("special_units", SpecialUnit::from_code);
    let sections = split_list(row.cell("apprenticeship_sections"));
    let email = row.optional_identifier("email", Email::parse);
    let phone = row.optional_identifier("phone", Phone::parse);
    let notes = row.text("notes");
    Some(School {
        meta: meta?,
        uai: uai?,
        name,
        kind: kind?,
        sector: sector?,
        commune,
        postal_code: postal_code?,
        address,
        location: location?,
        opening_state: opening_state?,
        special_units: special_units?,
        apprenticeship_sections: sections,
        email: email?,
        phone: phone?,
        notes: Restricted::Clear(notes),
    })
}

fn read_company(row: &mut Reader, meta: Option<RecordMeta>) -> Option<Company> {
    let siret = row.identifier("siret", Siret::parse);
    let name = row.text("name");
    let naf = row.optional_identifier("naf", NafCode::parse);
    let headcount = row
        .optional_choice("headcount", HeadcountBand::from_code)
        .map(|band| band.unwrap_or(HeadcountBand::Unknown));
    let cpme_member = row.or_default("cpme_member", read_yes_no, false);
    let address = row.optional_text("address");
    let commune = row.text("commune");
    let postal_code = row.identifier("postal_code", PostalCode::parse);
    let location = row.location();
    let offers = row.choices("offers", Offer::from_code);
    let inclusive_kind = row
        .optional_choice("inclusive_kind", InclusiveKind::from_code)
        .map(|kind| kind.unwrap_or(InclusiveKind::Ordinary));
    let email = row.optional_identifier("email", Email::parse);
    let phone = row.optional_identifier("phone", Phone::parse);
    let notes = row.text("notes");
    Some(Company {
        meta: meta?,
        siret: siret?,
        name,
        naf: naf?,
        headcount: headcount?,
        cpme_member: cpme_member?,
        commune,
        postal_code: postal_code?,
        address,
        location: location?,
        offers: offers?,
        inclusive_kind: inclusive_kind?,
        email: email?,
        phone: phone?,
        notes: Restricted::Clear(notes),
    })
}

fn read_contact(row: &mut Reader, meta: Option<RecordMeta>) -> Option<Contact> {
    let name = row.text("name");
    let role = row.choice("role", ContactRole::from_code);
    let chosen = row.choice("organisation", OrganisationChoice::from_code);
    let school = row.link("school");
    let company = row.link("company");
    let academie = row.optional_choice("academie", Academie::from_code);
    let email = row.optional_identifier("email", Email::parse);
    let phone = row.optional_identifier("phone", Phone::parse);
    let notes = row.text("notes");
    let (chosen, school, company, academie) = (chosen?, school?, company?, academie?);
    // What the choice needs, named at the column that should hold it.
    let organisation = match (chosen, chosen.service()) {
        (OrganisationChoice::School, _) => school.map(ContactOrganisation::School),
        (OrganisationChoice::Company, _) => company.map(ContactOrganisation::Company),
        (OrganisationChoice::Cpme, _) => Some(ContactOrganisation::Cpme),
        (_, Some(service)) => {
            academie.map(|academie| ContactOrganisation::Service { service, academie })
        }
        (_, None) => None,
    };
    if organisation.is_none() {
        let column = match chosen {
            OrganisationChoice::School => "school",
            OrganisationChoice::Company => "company",
            _ => "academie",
        };
        row.fail(column, Rule::Required);
    }
    Some(Contact {
        meta: meta?,
        name,
        role: role?,
        organisation: organisation?,
        email: Restricted::Clear(email?),
        phone: Restricted::Clear(phone?),
        notes: Restricted::Clear(notes),
    })
}

fn read_learner(row: &mut Reader, meta: Option<RecordMeta>) -> Option<Learner> {
    let name = row.text("name");
    let level = row.choice("level", Level::from_code);
    let school = row.id("school");
    let school_year = row.identifier("school_year", SchoolYear::parse);
    let chosen = row.choices("sensitive_needs", SensitiveNeed::from_code);
    let note = row.text("sensitive_needs_note");
    let notes = row.text("notes");
    let chosen = chosen?;
    let permits: Vec<_> = chosen.iter().filter_map(|need| need.permit()).collect();
    if permits.len() > 1 {
        row.fail("sensitive_needs", Rule::ExclusiveChoices);
    }
    let needs = SensitiveNeeds {
        disability: chosen.contains(&SensitiveNeed::Disability),
        casnav_followed: chosen.contains(&SensitiveNeed::CasnavFollowed),
        residence_permit: permits
            .first()
            .copied()
            .unwrap_or(ResidencePermit::NotApplicable),
        note,
    };
    Some(Learner {
        meta: meta?,
        name,
        level: level?,
        school: school?,
        school_year: school_year?,
        sensitive: Restricted::Clear(needs),
        notes: Restricted::Clear(notes),
    })
}

fn read_placement(row: &mut Reader, meta: Option<RecordMeta>) -> Option<Placement> {
    let kind = row.choice("kind", PlacementKind::from_code);
    let learner = row.id("learner");
    let school = row.id("school");
    let company = row.link("company");
    let tutor = row.link("tutor");
    let start = row.date("start");
    let end = row.date("end");
    let status = row.choice("status", PlacementStatus::from_code);
    let signed_on = row.optional_date("signed_on");
    let reason = row.text("cancel_reason");
    let notes = row.text("notes");
    Some(Placement {
        meta: meta?,
        kind: kind?,
        learner: learner?,
        school: school?,
        company: company?,
        tutor: tutor?,
        start: start?,
        end: end?,
        status: status?,
        signed_on: signed_on?,
        cancel_reason: (!reason.is_empty()).then_some(reason),
        notes: Restricted::Clear(notes),
    })
}

const EVALUATION_COLUMNS: [&str; 10] = [
    "welcome",
    "trades_discovery",
    "teaching_use",
    "organisation_rating",
    "comment",
    "teacher_feedback",
    "company_feedback",
    "renew",
    "evaluated_by",
    "evaluated_on",
];

/// An immersion's evaluation: none when all its columns are empty (its
/// restricted ones may have been withheld), else every required one.
fn read_evaluation(row: &mut Reader) -> Option<Option<Evaluation>> {
    if EVALUATION_COLUMNS
        .iter()
        .all(|name| row.cell(name).trim().is_empty())
    {
        return Some(None);
    }
    let welcome = row.required("welcome", read_rating);
    let trades_discovery = row.required("trades_discovery", read_rating);
    let teaching_use = row.required("teaching_use", read_rating);
    let organisation = row.required("organisation_rating", read_rating);
    let comment = row.text("comment");
    let teacher_feedback = row.text("teacher_feedback");
    let company_feedback = row.text("company_feedback");
    let renew = row.choice("renew", Renewal::from_code);
    let evaluated_by = row.text("evaluated_by");
    let evaluated_on = row.date("evaluated_on");
    Some(Some(Evaluation {
        welcome: welcome?,
        trades_discovery: trades_discovery?,
        teaching_use: teaching_use?,
        organisation: organisation?,
        comment: Restricted::Clear(comment),
        teacher_feedback: Restricted::Clear(teacher_feedback),
        company_feedback: Restricted::Clear(company_feedback),
        renew: renew?,
        evaluated_by,
        evaluated_on: evaluated_on?,
    }))
}

fn read_immersion(row: &mut Reader, meta: Option<RecordMeta>) -> Option<Immersion> {
    let person = row.text("person");
    let person_role = row.choice("person_role", StaffRole::from_code);
    let school = row.link("school");
    let company = row.id("company");
    let start = row.date("start");
    let days = row.number("days", u64::from(u8::MAX));
    let status = row.choice("status", ImmersionStatus::from_code);
    let evaluation = read_evaluation(row);
    let notes = row.text("notes");
    Some(Immersion {
        meta: meta?,
        person,
        person_role: person_role?,
        school: school?,
        company: company?,
        start: start?,
        days: days?,
        status: status?,
        evaluation: evaluation?,
        notes: Restricted::Clear(notes),
    })
}

fn read_event(row: &mut Reader, meta: Option<RecordMeta>) -> Option<Event> {
    let kind = row.choice("kind", EventKind::from_code);
    let title = row.text("title");
    let date = row.date("date");
    let place = row.text("place");
    let academie = row.optional_choice("academie", Academie::from_code);
    let schools = row.links("schools");
    let companies = row.links("companies");
    let pupils_reached = row.or_default(
        "pupils_reached",
        |text| read_number(text, u64::from(u32::MAX)),
        0,
    );
    let notes = row.text("notes");
    Some(Event {
        meta: meta?,
        kind: kind?,
        title,
        date: date?,
        place,
        academie: academie?,
        schools: schools?,
        companies: companies?,
        pupils_reached: pupils_reached?,
        notes: Restricted::Clear(notes),
    })
}

fn read_agreement(row: &mut Reader, meta: Option<RecordMeta>) -> Option<Agreement> {
    let months = |text: &str| read_number(text, u64::from(u16::MAX));
    let kind = row.choice("kind", AgreementKind::from_code);
    let title = row.text("title");
    let academie = row.optional_choice("academie", Academie::from_code);
    let schools = row.links("schools");
    let companies = row.links("companies");
    let parent = row.link("parent");
    let signed_on = row.optional_date("signed_on");
    let duration = row.or_default("duration_months", months, DEFAULT_DURATION_MONTHS);
    let notice = row.or_default("notice_months", months, DEFAULT_NOTICE_MONTHS);
    let status = row.choice("status", AgreementStatus::from_code);
    let notes = row.text("notes");
    Some(Agreement {
        meta: meta?,
        kind: kind?,
        title,
        academie: academie?,
        schools: schools?,
        companies: companies?,
        parent: parent?,
        signed_on: signed_on?,
        duration_months: duration?,
        notice_months: notice?,
        status: status?,
        notes: Restricted::Clear(notes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::ResidencePermit;

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("a day")
    }

    fn meta(id: u64, confidential: bool) -> RecordMeta {
        let mut meta = RecordMeta::new_record();
        meta.id = RecordId(id);
        if confidential {
            meta.confidentiality =
                Confidentiality::flagged("données de santé", Some(Organisation::AcademieCreteil));
        }
        meta
    }

    /// One record of each kind, every optional field filled where it can
    /// be, texts that need guarding, escaping or quoting.
    fn samples() -> Vec<Record> {
        let school = School {
            meta: meta(1, false),
            uai: Uai::parse("0750655E").expect("uai"),
            name: "=HYPERLINK(\"http://x\";\"clic\")".into(),
            kind: SchoolKind::LyceeProfessionnel,
            sector: Sector::Private,
            commune: "Paris, 5e".into(),
            postal_code: PostalCode::parse("75005").expect("postal code"),
            address: Some("-12 rue Saint-Jacques".into()),
            location: Some(Location::at_address(
                Coordinates::from_degrees(48.848611, -2.345).expect("a point"),
            )),
            opening_state: OpeningState::Closing,
            special_units: vec![SpecialUnit::Ulis, SpecialUnit::Segpa],
            apprenticeship_sections: vec!["CAP cuisine | service".into(), "BTS \\ MCO".into()],
            email: Some(Email::parse("ce.0750655e@ac-paris.fr").expect("email")),
            phone: Some(Phone::parse("01 44 62 35 00").expect("phone")),
            notes: Restricted::Clear("- rappeler\nle proviseur".into()),
        };
        let company = Company {
            meta: meta(2, true),
            siret: Siret::parse("73282932000074").expect("siret"),
            name: "'=déjà guillemeté".into(),
            naf: Some(NafCode::parse("62.01Z").expect("naf")),
            headcount: HeadcountBand::From10To49,
            cpme_member: true,
            commune: "Créteil".into(),
            postal_code: PostalCode::parse("94000").expect("postal code"),
            address: None,
            location: Some(Location::approximate(
                Coordinates::from_degrees(48.777, 2.453).expect("a point"),
            )),
            offers: vec![Offer::Stage, Offer::Visit],
            inclusive_kind: InclusiveKind::Esat,
            email: None,
            phone: None,
            notes: Restricted::Clear("@SOMME".into()),
        };
        let contact = Contact {
            meta: meta(3, false),
            name: "Mme Diallo".into(),
            role: ContactRole::Cee,
            organisation: ContactOrganisation::Service {
                service: crate::domain::records::AcademicService::Casnav,
                academie: Academie::Creteil,
            },
            email: Restricted::Clear(None),
            phone: Restricted::Clear(Some(Phone::parse("0612345678").expect("phone"))),
            notes: Restricted::default(),
        };
        let learner = Learner {
            meta: meta(4, true),
            name: "Inès Benali".into(),
            level: Level::Troisieme,
            school: RecordId(1),
            school_year: SchoolYear::starting(2026),
            sensitive: Restricted::Clear(SensitiveNeeds {
                disability: true,
                casnav_followed: false,
                residence_permit: ResidencePermit::Pending,
                note: "\taménagement".into(),
            }),
            notes: Restricted::default(),
        };
        let placement = Placement {
            meta: meta(5, false),
            kind: PlacementKind::Pfmp,
            learner: RecordId(4),
            school: RecordId(1),
            company: Some(RecordId(2)),
            tutor: None,
            start: day(2026, 11, 2),
            end: day(2026, 11, 20),
            status: PlacementStatus::Cancelled,
            signed_on: Some(day(2026, 10, 1)),
            cancel_reason: Some("+ grève".into()),
            notes: Restricted::default(),
        };
        let immersion = Immersion {
            meta: meta(6, false),
            person: "M. Roux".into(),
            person_role: StaffRole::Enseignant,
            school: Some(RecordId(1)),
            company: RecordId(2),
            start: day(2026, 5, 4),
            days: 2,
            status: ImmersionStatus::Evaluated,
            evaluation: Some(Evaluation {
                welcome: Rating(4),
                trades_discovery: Rating(5),
                teaching_use: Rating(3),
                organisation: Rating(2),
                comment: Restricted::Clear("très bien".into()),
                teacher_feedback: Restricted::default(),
                company_feedback: Restricted::Clear("\"ravis\"".into()),
                renew: Renewal::ToDiscuss,
                evaluated_by: "alice".into(),
                evaluated_on: day(2026, 6, 1),
            }),
            notes: Restricted::default(),
        };
        let event = Event {
            meta: meta(7, false),
            kind: EventKind::CareersFair,
            title: "Forum".into(),
            date: day(2026, 12, 3),
            place: "Gymnase".into(),
            academie: Some(Academie::Versailles),
            schools: vec![RecordId(1), RecordId(9)],
            companies: vec![RecordId(2)],
            pupils_reached: 120,
            notes: Restricted::default(),
        };
        let agreement = Agreement {
            meta: meta(8, false),
            kind: AgreementKind::Amendment,
            title: "Avenant n° 1".into(),
            academie: None,
            schools: Vec::new(),
            companies: Vec::new(),
            parent: Some(RecordId(3)),
            signed_on: None,
            duration_months: 36,
            notice_months: 3,
            status: AgreementStatus::Draft,
            notes: Restricted::default(),
        };
        vec![
            school.into(),
            company.into(),
            contact.into(),
            learner.into(),
            placement.into(),
            immersion.into(),
            event.into(),
            agreement.into(),
        ]
    }

    #[test]
    fn every_kind_has_a_cell_per_column_named_after_its_field() {
        for kind in Kind::ALL {
            let columns = columns(*kind);
            assert_eq!(columns[0].name, "id");
            let last: Vec<&str> = columns[columns.len() - 3..]
                .iter()
                .map(|c| c.name)
                .collect();
            assert_eq!(
                last,
                [
                    "confidentiality",
                    "confidentiality_reason",
                    "confidentiality_owner"
                ]
            );
            let mut names: Vec<_> = columns.iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), columns.len(), "{kind}: a name twice");
            for column in columns {
                if column.field != Field::Location && column.name != "sensitive_needs_note" {
                    assert_eq!(column.name, column.field.code(), "{kind}");
                }
                if matches!(column.kind, ColumnKind::Choice | ColumnKind::Choices) {
                    assert!(
                        !choices(*kind, column.name).is_empty(),
                        "{kind} {}",
                        column.name
                    );
                }
            }
        }
        for record in samples() {
            assert_eq!(cells(&record).len(), columns(record.kind()).len());
        }
    }

    fn texts(record: &Record, dialect: Dialect) -> Vec<String> {
        cells(record)
            .iter()
            .map(|cell| cell.csv_text(dialect))
            .collect()
    }

    #[test]
    fn records_read_back_as_written_in_both_dialects() {
        for dialect in [Dialect::Plain, Dialect::Excel] {
            for record in samples() {
                let written = texts(&record, dialect);
                let cells: Vec<&str> = written.iter().map(String::as_str).collect();
                let read = read_record(&Row::from_cells(record.kind(), &cells))
                    .unwrap_or_else(|errors| panic!("{}: {errors:?}", record.kind()));
                assert_eq!(read, record, "{dialect:?}");
            }
        }
    }

    #[test]
    fn a_record_not_yet_saved_has_an_empty_id_and_reads_back_new() {
        let mut record = samples()[6].clone();
        record.meta_mut().id = RecordId::NEW;
        let written = texts(&record, Dialect::Plain);
        assert_eq!(written[0], "");
        let cells: Vec<&str> = written.iter().map(String::as_str).collect();
        assert_eq!(
            read_record(&Row::from_cells(Kind::Event, &cells)),
            Ok(record)
        );
    }

    #[test]
    fn formulas_are_guarded_and_numbers_are_not() {
        let written = texts(&samples()[0], Dialect::Plain);
        assert_eq!(written[2], "'=HYPERLINK(\"http://x\";\"clic\")");
        assert_eq!(written[16], "'- rappeler\nle proviseur");
        assert_eq!(written[6], "'-12 rue Saint-Jacques");
        // A negative longitude is a number, not a formula.
        assert_eq!(written[10], "-2.345");
        let company = texts(&samples()[1], Dialect::Plain);
        assert_eq!(company[2], "''=déjà guillemeté", "a ' before a formula");
        assert_eq!(company[16], "'@SOMME");
        assert_eq!(Cell::Number(-3).csv_text(Dialect::Excel), "-3");
        assert_eq!(Cell::Text("-3".into()).csv_text(Dialect::Excel), "'-3");
        assert_eq!(guard("l'école"), "l'école");
        assert_eq!(guard("'t Hooft"), "'t Hooft");
        for text in ["=1+1", "'=1", "''+2", "'x", "x", "", "'", "\r", "＝1"] {
            assert_eq!(unguard(&guard(text)), text);
        }
    }

    #[test]
    fn spreadsheets_get_their_dates_and_keep_identifiers_as_text() {
        let company = texts(&samples()[1], Dialect::Excel);
        assert_eq!(company[1], "732 829 320 00074");
        let school = texts(&samples()[0], Dialect::Excel);
        assert_eq!(school[15], "01 44 62 35 00");
        assert_eq!(texts(&samples()[0], Dialect::Plain)[15], "0144623500");
        // Degrees with a decimal comma, as a French spreadsheet reads
        // numbers.
        assert_eq!(school[9], "48,848611");
        let placement = texts(&samples()[4], Dialect::Excel);
        assert_eq!(placement[6], "02/11/2026");
        assert_eq!(texts(&samples()[4], Dialect::Plain)[6], "2026-11-02");
    }

    #[test]
    fn lists_are_joined_with_bars_and_escaped() {
        let school = texts(&samples()[0], Dialect::Plain);
        assert_eq!(school[12], "ulis|segpa");
        assert_eq!(school[13], "CAP cuisine \\| service|BTS \\\\ MCO");
        assert_eq!(texts(&samples()[6], Dialect::Plain)[6], "1|9");
        assert_eq!(split_list("a| b ||c\\|d"), vec!["a", "b", "c|d"]);
    }

    #[test]
    fn withheld_values_are_empty_cells_and_masked_in_json() {
        let mut learner = samples()[3].clone();
        learner.mask_restricted();
        let row = cells(&learner);
        assert_eq!(row[5], Cell::Withheld);
        assert_eq!(row[6], Cell::Withheld);
        assert_eq!(row[5].csv_text(Dialect::Plain), "");
        assert_eq!(row[5].json(), serde_json::json!({ "masked": true }));
        // The rest stays.
        assert_eq!(row[1].csv_text(Dialect::Plain), "Inès Benali");
    }

    #[test]
    fn docs_csv_names_every_column_of_every_kind() {
        let doc = include_str!("../../docs/csv.md");
        for kind in Kind::ALL {
            let heading = format!("### `{}`", kind.code());
            let start = doc
                .find(&heading)
                .unwrap_or_else(|| panic!("docs/csv.md: no section {heading}"));
            let section = &doc[start + heading.len()..];
            let section = &section[..section.find("\n### ").unwrap_or(section.len())];
            for column in columns(*kind) {
                let row = format!("| `{}` |", column.name);
                assert!(section.contains(&row), "docs/csv.md, {kind}: {row}");
                let restricted = section
                    .lines()
                    .find(|line| line.starts_with(&row))
                    .is_some_and(|line| line.trim_end().ends_with("| yes |"));
                assert_eq!(restricted, column.restricted, "{kind} {}", column.name);
            }
        }
    }

    #[test]
    fn errors_name_their_field() {
        let mut written = texts(&samples()[4], Dialect::Plain);
        written[6] = "31/02/2026".into();
        written[8] = "perhaps".into();
        written[2] = "x".into();
        let cells: Vec<&str> = written.iter().map(String::as_str).collect();
        let errors = read_record(&Row::from_cells(Kind::Placement, &cells)).expect_err("refused");
        let named: Vec<&str> = errors.iter().map(|e| e.column).collect();
        assert_eq!(named, ["learner", "start", "status"]);
        assert_eq!(errors[1].rule, Rule::Date(DateError::NoSuchDay));
    }

    #[test]
    fn every_wrong_cell_is_named() {
        let mut row = Row::new(Kind::School);
        row.set("uai", "0750655F");
        row.set("name", "Lycée");
        row.set("kind", "castle");
        row.set("sector", "public");
        row.set("commune", "Paris");
        row.set("postal_code", "7516");
        let errors = read_record(&row).expect_err("three wrong cells");
        let named: Vec<&str> = errors.iter().map(|e| e.column).collect();
        assert_eq!(named, ["uai", "kind", "postal_code"]);
    }

    #[test]
    fn a_guarded_cell_reads_back_as_it_was() {
        assert_eq!(guard("=cmd"), "'=cmd");
        assert_eq!(guard("Lycée"), "Lycée");
        assert_eq!(unguard("'=cmd"), "=cmd");
        assert_eq!(unguard("'Lycée"), "'Lycée");
        let mut row = Row::new(Kind::School);
        row.set("notes", "'=cmd");
        row.set("name", " '+33 ");
        row.set("postal_code", "nope");
        assert_eq!(row.get("notes"), "=cmd");
        assert_eq!(row.get("name"), "+33");
        assert_eq!(row.get("commune"), "", "an absent column reads empty");
        assert_eq!(row.get("no_such_column"), "");
    }

    #[test]
    fn dates_read_in_both_styles_and_nothing_relative() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 28);
        assert_eq!(read_date("2026-11-28").ok(), day);
        assert_eq!(read_date("28/11/2026").ok(), day);
        assert_eq!(read_date(" 28/11/2026 ").ok(), day);
        assert!(read_date("+7").is_err());
        assert!(read_date("28/11").is_err());
        assert!(
            read_date("28/11/26").is_err(),
            "a two-digit year is not guessed"
        );
        assert_eq!(
            read_date("31/02/2026"),
            Err(Rule::Date(DateError::NoSuchDay))
        );
    }

    #[test]
    fn yes_and_no_read_as_people_write_them() {
        for text in ["yes", "Oui", "TRUE", "vrai", "1", "x"] {
            assert_eq!(read_yes_no(text), Ok(true), "{text}");
        }
        for text in ["no", "Non", "false", "faux", "0"] {
            assert_eq!(read_yes_no(text), Ok(false), "{text}");
        }
        assert_eq!(read_yes_no("peut-être"), Err(Rule::NotYesOrNo));
    }

    #[test]
    fn a_row_of_a_few_columns_takes_a_new_records_defaults() {
        let mut row = Row::new(Kind::Company);
        row.set("siret", "732 829 320 00074");
        row.set("name", "Boulangerie Martin");
        row.set("commune", "Paris");
        row.set("postal_code", "75011");
        let Ok(Record::Company(company)) = read_record(&row) else {
            panic!("a company");
        };
        assert!(company.meta.id.is_new());
        assert_eq!(company.headcount, HeadcountBand::Unknown);
        assert!(!company.cpme_member);
        assert_eq!(company.inclusive_kind, InclusiveKind::Ordinary);
        assert!(!company.meta.confidentiality.confidential);

        let mut row = Row::new(Kind::Agreement);
        row.set("kind", "local");
        row.set("title", "Convention");
        row.set("status", "draft");
        row.set("confidentiality", "oui");
        row.set("confidentiality_owner", "creteil");
        let Ok(Record::Agreement(agreement)) = read_record(&row) else {
            panic!("an agreement");
        };
        assert_eq!(agreement.duration_months, DEFAULT_DURATION_MONTHS);
        assert_eq!(agreement.notice_months, DEFAULT_NOTICE_MONTHS);
        assert_eq!(
            agreement.meta.confidentiality.owner,
            Some(Organisation::AcademieCreteil)
        );
    }

    #[test]
    fn contact_organisations_round_trip() {
        let Record::Contact(mut contact) = samples()[2].clone() else {
            panic!("a contact");
        };
        for organisation in [
            ContactOrganisation::School(RecordId(4)),
            ContactOrganisation::Company(RecordId(9)),
            ContactOrganisation::Service {
                service: crate::domain::records::AcademicService::Casnav,
                academie: Academie::Creteil,
            },
            ContactOrganisation::Cpme,
        ] {
            contact.organisation = organisation;
            let record = Record::Contact(contact.clone());
            let written = texts(&record, Dialect::Plain);
            let cells: Vec<&str> = written.iter().map(String::as_str).collect();
            assert_eq!(
                read_record(&Row::from_cells(Kind::Contact, &cells)),
                Ok(record)
            );
        }
        let mut row = Row::new(Kind::Contact);
        row.set("name", "M. Petit");
        row.set("role", "tuteur");
        row.set("organisation", "company");
        let errors = read_record(&row).expect_err("no company");
        assert_eq!(
            errors,
            [CellError {
                column: "company",
                rule: Rule::Required
            }]
        );
    }

    /// What an import leaves alone when a file lacks a column is a field
    /// of the record as its JSON names it.
    #[test]
    fn every_column_fills_a_field_of_the_record() {
        for record in samples() {
            let json = serde_json::to_value(&record).expect("json");
            let fields = json
                .as_object()
                .and_then(|o| o.values().next())
                .and_then(Value::as_object)
                .expect("the record's object");
            for column in columns(record.kind()) {
                let field = record_field(record.kind(), column.name);
                if column.name == "id" || field == "confidentiality" {
                    continue;
                }
                assert!(
                    fields.contains_key(field),
                    "{} {}: {field}",
                    record.kind(),
                    column.name
                );
            }
        }
    }
}
