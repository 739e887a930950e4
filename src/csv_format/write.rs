//! Writing: a record as typed cells, and how each format writes a cell.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde_json::Value;

use crate::csv_format::*;
use crate::domain::forms::{OrganisationChoice, SensitiveNeed};
use crate::domain::identifiers::{Email, Phone};
use crate::domain::meta::{RecordId, RecordMeta, Restricted};
use crate::domain::place::Location;
use crate::domain::records::{
    Agreement, Company, Contact, ContactOrganisation, Event, Immersion, Learner, Offer, Placement,
    Record, School, SpecialUnit,
};

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
