//! The generic CSV of each kind of record: the columns `export` writes
//! and `import csv KIND` reads, and how each field is written as text and
//! read back. One definition for both directions, so that an export
//! edited in a spreadsheet imports back as it was. `docs/csv.md` is the
//! same, for people.
//!
//! Per kind: `columns(kind)` (the header, in order, each column saying
//! whether it is restricted), `to_row(record, dates)` (a record as a row
//! of strings in that order) and `from_row(kind, row)` (a row back into a
//! record, or the cells that are wrong). The per-kind functions
//! (`school_to_row`, `school_from_row`…) are what these dispatch to.

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::domain::academie::{Academie, Organisation};
use crate::domain::dates::{DateError, SchoolYear};
use crate::domain::identifiers::{Email, NafCode, Phone, PostalCode, Siret, Uai};
use crate::domain::kind::Kind;
use crate::domain::meta::{Confidentiality, RecordId, RecordMeta, Restricted};
use crate::domain::records::{
    AcademicService, Agreement, AgreementKind, Company, Contact, ContactOrganisation, ContactRole,
    Evaluation, Event, EventKind, HeadcountBand, Immersion, InclusiveKind, Learner, Level, Offer,
    Placement, PlacementKind, Rating, Record, Renewal, ResidencePermit, School, SchoolKind, Sector,
    SensitiveNeeds, SpecialUnit, StaffRole,
};
use crate::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use crate::domain::validation::Rule;

/// Separates the items of a list in one cell (`ulis|segpa`): neither `,`
/// nor `;`, which separate cells, and absent from codes and numbers.
pub const LIST_SEPARATOR: char = '|';

/// One column of a kind's CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The header, as written (snake_case, the field's name).
    pub name: &'static str,
    /// A restricted field of a confidential record: an export writes it
    /// empty unless the record may leave (`masking::may_leave`), and an
    /// import never erases a stored value with an empty cell of it.
    pub restricted: bool,
}

const fn col(name: &'static str) -> Column {
    Column {
        name,
        restricted: false,
    }
}

const fn restricted(name: &'static str) -> Column {
    Column {
        name,
        restricted: true,
    }
}

/// The columns every kind ends with: the confidentiality mark.
const MARK: [Column; 3] = [
    col("confidential"),
    col("confidentiality_reason"),
    col("confidentiality_owner"),
];

macro_rules! columns {
    ($name:ident = [$($column:expr),+ $(,)?]) => {
        const $name: &[Column] = &[
            col("id"),
            $($column,)+
            MARK[0],
            MARK[1],
            MARK[2],
        ];
    };
}

columns!(
    SCHOOL = [
        col("uai"),
        col("name"),
        col("kind"),
        col("sector"),
        col("commune"),
        col("postal_code"),
        col("special_units"),
        col("apprenticeship_sections"),
        col("email"),
        col("phone"),
        restricted("notes"),
    ]
);

columns!(
    COMPANY = [
        col("siret"),
        col("name"),
        col("naf"),
        col("headcount"),
        col("cpme_member"),
        col("commune"),
        col("postal_code"),
        col("offers"),
        col("inclusive_kind"),
        col("email"),
        col("phone"),
        restricted("notes"),
    ]
);

columns!(
    CONTACT = [
        col("name"),
        col("role"),
        col("organisation"),
        restricted("email"),
        restricted("phone"),
        restricted("notes"),
    ]
);

columns!(
    LEARNER = [
        col("name"),
        col("level"),
        col("school"),
        col("school_year"),
        restricted("disability"),
        restricted("casnav_followed"),
        restricted("residence_permit"),
        restricted("sensitive_note"),
        restricted("notes"),
    ]
);

columns!(
    PLACEMENT = [
        col("kind"),
        col("learner"),
        col("school"),
        col("company"),
        col("tutor"),
        col("start"),
        col("end"),
        col("status"),
        col("signed_on"),
        col("cancel_reason"),
        restricted("notes"),
    ]
);

columns!(
    IMMERSION = [
        col("person"),
        col("person_role"),
        col("school"),
        col("company"),
        col("start"),
        col("days"),
        col("status"),
        col("welcome"),
        col("trades_discovery"),
        col("teaching_use"),
        col("organisation_rating"),
        col("renew"),
        col("evaluated_by"),
        col("evaluated_on"),
        restricted("comment"),
        restricted("teacher_feedback"),
        restricted("company_feedback"),
        restricted("notes"),
    ]
);

columns!(
    EVENT = [
        col("kind"),
        col("title"),
        col("date"),
        col("place"),
        col("academie"),
        col("schools"),
        col("companies"),
        col("pupils_reached"),
        restricted("notes"),
    ]
);

columns!(
    AGREEMENT = [
        col("kind"),
        col("title"),
        col("academie"),
        col("schools"),
        col("companies"),
        col("parent"),
        col("signed_on"),
        col("duration_months"),
        col("notice_months"),
        col("status"),
        restricted("notes"),
    ]
);

/// The header of a kind's CSV, in order.
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

/// How dates are written: `2026-11-28` by default, `28/11/2026` for the
/// spreadsheets French coordinators open (`export --excel`). Both are
/// read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    #[default]
    Iso,
    French,
}

/// A record as a row of its kind's columns. A masked value (a restricted
/// field the caller may not see) is written as an empty cell.
pub fn to_row(record: &Record, dates: DateStyle) -> Vec<String> {
    match record {
        Record::School(r) => school_to_row(r, dates),
        Record::Company(r) => company_to_row(r, dates),
        Record::Contact(r) => contact_to_row(r, dates),
        Record::Learner(r) => learner_to_row(r, dates),
        Record::Placement(r) => placement_to_row(r, dates),
        Record::Immersion(r) => immersion_to_row(r, dates),
        Record::Event(r) => event_to_row(r, dates),
        Record::Agreement(r) => agreement_to_row(r, dates),
    }
}

/// A row read back into a record of `kind`: `meta.id` is the `id` column
/// (0 when empty: a new record), the rest of `meta` is left for the store.
pub fn from_row(kind: Kind, row: &Row<'_>) -> Result<Record, Vec<CellError>> {
    match kind {
        Kind::School => school_from_row(row).map(Record::School),
        Kind::Company => company_from_row(row).map(Record::Company),
        Kind::Contact => contact_from_row(row).map(Record::Contact),
        Kind::Learner => learner_from_row(row).map(Record::Learner),
        Kind::Placement => placement_from_row(row).map(Record::Placement),
        Kind::Immersion => immersion_from_row(row).map(Record::Immersion),
        Kind::Event => event_from_row(row).map(Record::Event),
        Kind::Agreement => agreement_from_row(row).map(Record::Agreement),
    }
}

/// Makes a cell safe from a spreadsheet that would run it as a formula
/// (`=`, `+`, `-`, `@`, and the tab and carriage return some read as
/// such): a leading apostrophe, which spreadsheets show as text.
/// [`unneutralise`] takes it off again on import.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The cell as it was before [`neutralise`].
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if matches!(
                rest.chars().next(),
                Some('=' | '+' | '-' | '@' | '\t' | '\r')
            ) =>
        {
            rest
        }
        _ => cell,
    }
}

/// A row as read from a file, by column of the kind: `None` where the
/// file has no such column.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    kind: Kind,
    cells: Vec<Option<&'a str>>,
}

impl<'a> Row<'a> {
    /// An empty row of `kind`: every column absent.
    pub fn new(kind: Kind) -> Self {
        Row {
            kind,
            cells: vec![None; columns(kind).len()],
        }
    }

    /// A row from cells in the order of `columns(kind)`.
    pub fn from_cells(kind: Kind, cells: &[&'a str]) -> Self {
        let mut row = Row::new(kind);
        for (slot, cell) in row.cells.iter_mut().zip(cells) {
            *slot = Some(*cell);
        }
        row
    }

    /// Sets the cell of column `name` (ignored if the kind has none).
    pub fn set(&mut self, name: &str, value: &'a str) {
        if let Some(index) = columns(self.kind).iter().position(|c| c.name == name) {
            self.cells[index] = Some(value);
        }
    }

    /// The cell of column `name`, trimmed and without the apostrophe of
    /// [`neutralise`]; empty when absent.
    pub fn get(&self, name: &str) -> &'a str {
        columns(self.kind)
            .iter()
            .position(|c| c.name == name)
            .and_then(|index| self.cells[index])
            .map(|cell| unneutralise(cell.trim()).trim())
            .unwrap_or("")
    }
}

/// A cell that cannot be read: its column and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CellError {
    pub column: String,
    pub rule: Rule,
}

/// Reads the cells of one row, gathering every error rather than
/// stopping at the first, so the report names them all.
struct Reader<'r, 'a> {
    row: &'r Row<'a>,
    errors: Vec<CellError>,
}

impl<'r, 'a> Reader<'r, 'a> {
    fn new(row: &'r Row<'a>) -> Self {
        Reader {
            row,
            errors: Vec::new(),
        }
    }

    fn fail(&mut self, column: &str, rule: Rule) {
        self.errors.push(CellError {
            column: column.to_owned(),
            rule,
        });
    }

    /// A value that must be there.
    fn required<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, Rule>) -> Option<T> {
        let cell = self.row.get(column);
        if cell.is_empty() {
            self.fail(column, Rule::Required);
            return None;
        }
        match parse(cell) {
            Ok(value) => Some(value),
            Err(rule) => {
                self.fail(column, rule);
                None
            }
        }
    }

    /// A value that may be empty: `Some(None)` then; `None` on error.
    fn optional<T>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, Rule>,
    ) -> Option<Option<T>> {
        let cell = self.row.get(column);
        if cell.is_empty() {
            return Some(None);
        }
        match parse(cell) {
            Ok(value) => Some(Some(value)),
            Err(rule) => {
                self.fail(column, rule);
                None
            }
        }
    }

    /// Text as it is (an empty cell is an empty text).
    fn text(&self, column: &str) -> String {
        self.row.get(column).to_owned()
    }

    /// A list of items separated by [`LIST_SEPARATOR`].
    fn list<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, Rule>) -> Option<Vec<T>> {
        let cell = self.row.get(column);
        let mut items = Vec::new();
        for item in cell.split(LIST_SEPARATOR).map(str::trim) {
            if item.is_empty() {
                continue;
            }
            match parse(item) {
                Ok(value) => items.push(value),
                Err(rule) => {
                    self.fail(column, rule);
                    return None;
                }
            }
        }
        Some(items)
    }

    /// The confidentiality mark of the last three columns.
    fn mark(&mut self) -> Option<Confidentiality> {
        let confidential = self
            .optional("confidential", read_bool)?
            .unwrap_or_default();
        let owner = self.optional("confidentiality_owner", read_owner)?;
        if !confidential {
            return Some(Confidentiality::default());
        }
        Some(Confidentiality {
            confidential,
            reason: self.text("confidentiality_reason"),
            owner,
        })
    }

    fn meta(&mut self) -> Option<RecordMeta> {
        let id = self.optional("id", read_id)?.unwrap_or(RecordId::NEW);
        let confidentiality = self.mark()?;
        let mut meta = RecordMeta::new_record();
        meta.id = id;
        meta.confidentiality = confidentiality;
        Some(meta)
    }

    fn finish<T>(self, value: Option<T>) -> Result<T, Vec<CellError>> {
        match value {
            Some(value) if self.errors.is_empty() => Ok(value),
            _ => Err(self.errors),
        }
    }
}

// ---- how values are read ----

/// A choice by its code, folded (`Lycée_Général` reads as
/// `lycee_general`).
macro_rules! read_choice {
    ($name:ident, $type:ty) => {
        fn $name(cell: &str) -> Result<$type, Rule> {
            <$type>::from_code(cell).ok_or(Rule::NotAChoice)
        }
    };
}

read_choice!(read_school_kind, SchoolKind);
read_choice!(read_sector, Sector);
read_choice!(read_special_unit, SpecialUnit);
read_choice!(read_headcount, HeadcountBand);
read_choice!(read_offer, Offer);
read_choice!(read_inclusive, InclusiveKind);
read_choice!(read_contact_role, ContactRole);
read_choice!(read_level, Level);
read_choice!(read_permit, ResidencePermit);
read_choice!(read_placement_kind, PlacementKind);
read_choice!(read_placement_status, PlacementStatus);
read_choice!(read_staff_role, StaffRole);
read_choice!(read_immersion_status, ImmersionStatus);
read_choice!(read_renewal, Renewal);
read_choice!(read_event_kind, EventKind);
read_choice!(read_agreement_kind, AgreementKind);
read_choice!(read_agreement_status, AgreementStatus);
read_choice!(read_academie, Academie);

/// An owner: `paris`, `creteil`, `versailles`, `cpme` (as in
/// `users.toml`), or the stored codes (`academie_paris`).
fn read_owner(cell: &str) -> Result<Organisation, Rule> {
    Organisation::from_code(cell)
        .or_else(|| Academie::from_code(cell).map(Academie::organisation))
        .or_else(|| (crate::domain::text::fold(cell) == "cpme").then_some(Organisation::CpmeIdf))
        .ok_or(Rule::NotAChoice)
}

/// `true`/`false`, and what spreadsheets and people write for them.
pub fn read_bool(cell: &str) -> Result<bool, Rule> {
    match crate::domain::text::fold(cell).as_str() {
        "true" | "vrai" | "oui" | "yes" | "1" | "o" | "y" | "x" => Ok(true),
        "false" | "faux" | "non" | "no" | "0" | "n" => Ok(false),
        _ => Err(Rule::NotYesOrNo),
    }
}

fn read_id(cell: &str) -> Result<RecordId, Rule> {
    cell.parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .map(RecordId)
        .ok_or(Rule::NotAnId)
}

fn read_number<T: TryFrom<u64>>(cell: &str) -> Result<T, Rule> {
    cell.parse::<u64>()
        .ok()
        .and_then(|n| T::try_from(n).ok())
        .ok_or(Rule::NotANumber)
}

/// A date written `2026-11-28` or `28/11/2026` (what a French
/// spreadsheet makes of it). Nothing relative to today: a file means
/// the same whenever it is read.
pub fn read_date(cell: &str) -> Result<NaiveDate, Rule> {
    let numbers = |parts: &[&str]| -> Option<Vec<u32>> {
        parts
            .iter()
            .map(|p| {
                (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect()
    };
    let (year, month, day) = if let [d, m, y] = cell.split('/').collect::<Vec<_>>()[..] {
        let n = numbers(&[d, m, y]).filter(|_| y.len() == 4);
        let n = n.ok_or(Rule::Date(DateError::BadShape))?;
        (n[2], n[1], n[0])
    } else if let [y, m, d] = cell.split('-').collect::<Vec<_>>()[..] {
        let n = numbers(&[y, m, d]).filter(|_| y.len() == 4);
        let n = n.ok_or(Rule::Date(DateError::BadShape))?;
        (n[0], n[1], n[2])
    } else {
        return Err(Rule::Date(DateError::BadShape));
    };
    i32::try_from(year)
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
        .ok_or(Rule::Date(DateError::NoSuchDay))
}

fn read_rating(cell: &str) -> Result<Rating, Rule> {
    let rating = Rating(read_number(cell)?);
    if rating.is_valid() {
        Ok(rating)
    } else {
        Err(Rule::OutOfRange {
            min: i64::from(Rating::MIN),
            max: i64::from(Rating::MAX),
        })
    }
}

/// A contact's organisation: `school:12`, `company:7`,
/// `service:casnav:paris`, or `cpme`.
fn read_contact_organisation(cell: &str) -> Result<ContactOrganisation, Rule> {
    let parts: Vec<&str> = cell.split(':').map(str::trim).collect();
    match parts.as_slice() {
        [kind, id] if Kind::parse(kind) == Some(Kind::School) => {
            Ok(ContactOrganisation::School(read_id(id)?))
        }
        [kind, id] if Kind::parse(kind) == Some(Kind::Company) => {
            Ok(ContactOrganisation::Company(read_id(id)?))
        }
        ["service", service, academie] => Ok(ContactOrganisation::Service {
            service: AcademicService::from_code(service).ok_or(Rule::NotAChoice)?,
            academie: read_academie(academie)?,
        }),
        [cpme] if crate::domain::text::fold(cpme) == "cpme" => Ok(ContactOrganisation::Cpme),
        _ => Err(Rule::NotAChoice),
    }
}

fn uai(cell: &str) -> Result<Uai, Rule> {
    Uai::parse(cell).map_err(Rule::from)
}

fn siret(cell: &str) -> Result<Siret, Rule> {
    Siret::parse(cell).map_err(Rule::from)
}

fn postal_code(cell: &str) -> Result<PostalCode, Rule> {
    PostalCode::parse(cell).map_err(Rule::from)
}

fn email(cell: &str) -> Result<Email, Rule> {
    Email::parse(cell).map_err(Rule::from)
}

fn phone(cell: &str) -> Result<Phone, Rule> {
    Phone::parse(cell).map_err(Rule::from)
}

fn naf(cell: &str) -> Result<NafCode, Rule> {
    NafCode::parse(cell).map_err(Rule::from)
}

fn school_year(cell: &str) -> Result<SchoolYear, Rule> {
    SchoolYear::parse(cell).map_err(Rule::from)
}

fn any_text(cell: &str) -> Result<String, Rule> {
    Ok(cell.to_owned())
}

// ---- how values are written ----

fn write_date(date: NaiveDate, style: DateStyle) -> String {
    match style {
        DateStyle::Iso => date.format("%Y-%m-%d").to_string(),
        DateStyle::French => date.format("%d/%m/%Y").to_string(),
    }
}

fn write_optional_date(date: Option<NaiveDate>, style: DateStyle) -> String {
    date.map(|d| write_date(d, style)).unwrap_or_default()
}

fn write_bool(value: bool) -> String {
    if value { "true" } else { "false" }.to_owned()
}

fn write_list<T>(items: &[T], write: impl Fn(&T) -> String) -> String {
    items
        .iter()
        .map(write)
        .collect::<Vec<_>>()
        .join(&LIST_SEPARATOR.to_string())
}

fn write_id(id: RecordId) -> String {
    if id.is_new() {
        String::new()
    } else {
        id.to_string()
    }
}

fn write_optional<T: ToString>(value: Option<&T>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

/// A restricted value: empty when masked.
fn write_restricted<T>(value: &Restricted<T>, write: impl Fn(&T) -> String) -> String {
    value.clear().map(write).unwrap_or_default()
}

fn write_mark(meta: &RecordMeta, row: &mut Vec<String>) {
    let mark = &meta.confidentiality;
    row.push(write_bool(mark.confidential));
    row.push(mark.reason.clone());
    row.push(
        mark.owner
            .map(|owner| owner.code().to_owned())
            .unwrap_or_default(),
    );
}

fn write_contact_organisation(organisation: &ContactOrganisation) -> String {
    match organisation {
        ContactOrganisation::School(id) => format!("school:{id}"),
        ContactOrganisation::Company(id) => format!("company:{id}"),
        ContactOrganisation::Service { service, academie } => {
            format!("service:{}:{}", service.code(), academie.code())
        }
        ContactOrganisation::Cpme => "cpme".to_owned(),
    }
}

// ---- schools ----

pub fn school_to_row(s: &School, _dates: DateStyle) -> Vec<String> {
    let mut row = vec![
        write_id(s.meta.id),
        s.uai.to_string(),
        s.name.clone(),
        s.kind.code().to_owned(),
        s.sector.code().to_owned(),
        s.commune.clone(),
        s.postal_code.to_string(),
        write_list(&s.special_units, |u| u.code().to_owned()),
        write_list(&s.apprenticeship_sections, Clone::clone),
        write_optional(s.email.as_ref()),
        s.phone
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        write_restricted(&s.notes, Clone::clone),
    ];
    write_mark(&s.meta, &mut row);
    row
}

pub fn school_from_row(row: &Row<'_>) -> Result<School, Vec<CellError>> {
    let mut r = Reader::new(row);
    let meta = r.meta();
    let uai = r.required("uai", uai);
    let name = r.required("name", any_text);
    let kind = r.required("kind", read_school_kind);
    let sector = r.required("sector", read_sector);
    let commune = r.required("commune", any_text);
    let postal = r.required("postal_code", postal_code);
    let units = r.list("special_units", read_special_unit);
    let sections = r.list("apprenticeship_sections", any_text);
    let email = r.optional("email", email);
    let phone = r.optional("phone", phone);
    let notes = r.text("notes");
    let school = (|| {
        Some(School {
            meta: meta?,
            uai: uai?,
            name: name?,
            kind: kind?,
            sector: sector?,
            commune: commune?,
            postal_code: postal?,
            special_units: units?,
            apprenticeship_sections: sections?,
            email: email?,
            phone: phone?,
            notes: Restricted::Clear(notes),
        })
    })();
    r.finish(school)
}

// ---- companies ----

pub fn company_to_row(c: &Company, _dates: DateStyle) -> Vec<String> {
    let mut row = vec![
        write_id(c.meta.id),
        c.siret.to_string(),
        c.name.clone(),
        write_optional(c.naf.as_ref()),
        c.headcount.code().to_owned(),
        write_bool(c.cpme_member),
        c.commune.clone(),
        c.postal_code.to_string(),
        write_list(&c.offers, |o| o.code().to_owned()),
        c.inclusive_kind.code().to_owned(),
        write_optional(c.email.as_ref()),
        c.phone
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        write_restricted(&c.notes, Clone::clone),
    ];
    write_mark(&c.meta, &mut row);
    row
}

pub fn company_from_row(row: &Row<'_>) -> Result<Company, Vec<CellError>> {
    let mut r = Reader::new(row);
    let meta = r.meta();
    let siret = r.required("siret", siret);
    let name = r.required("name", any_text);
    let naf = r.optional("naf", naf);
    let headcount = r
        .optional("headcount", read_headcount)
        .map(|h| h.unwrap_or(HeadcountBand::Unknown));
    let member = r
        .optional("cpme_member", read_bool)
        .map(Option::unwrap_or_default);
    let commune = r.required("commune", any_text);
    let postal = r.required("postal_code", postal_code);
    let offers = r.list("offers", read_offer);
    let inclusive = r
        .optional("inclusive_kind", read_inclusive)
        .map(|k| k.unwrap_or(InclusiveKind::Ordinary));
    let email = r.optional("email", email);
    let phone = r.optional("phone", phone);
    let notes = r.text("notes");
    let company = (|| {
        Some(Company {
            meta: meta?,
            siret: siret?,
            name: name?,
            naf: naf?,
            headcount: headcount?,
            cpme_member: member?,
            commune: commune?,
            postal_code: postal?,
            offers: offers?,
            inclusive_kind: inclusive?,
            email: email?,
            phone: phone?,
            notes: Restricted::Clear(notes),
        })
    })();
    r.finish(company)
}

// ---- contacts ----

pub fn contact_to_row(c: &Contact, _dates: DateStyle) -> Vec<String> {
    let mut row = vec![
        write_id(c.meta.id),
        c.name.clone(),
        c.role.code().to_owned(),
        write_contact_organisation(&c.organisation),
        write_restricted(&c.email, |e| write_optional(e.as_ref())),
        write_restricted(&c.phone, |p| {
            p.as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default()
        }),
        write_restricted(&c.notes, Clone::clone),
    ];
    write_mark(&c.meta, &mut row);
    row
}

pub fn contact_from_row(row: &Row<'_>) -> Result<Contact, Vec<CellError>> {
    let mut r = Reader::new(row);
    let meta = r.meta();
    let name = r.required("name", any_text);
    let role = r.required("role", read_contact_role);
    let organisation = r.required("organisation", read_contact_organisation);
    let email = r.optional("email", email);
    let phone = r.optional("phone", phone);
    let notes = r.text("notes");
    let contact = (|| {
        Some(Contact {
            meta: meta?,
            name: name?,
            role: role?,
            organisation: organisation?,
            email: Restricted::Clear(email?),
            phone: Restricted::Clear(phone?),
            notes: Restricted::Clear(notes),
        })
    })();
    r.finish(contact)
}

// ---- learners ----

pub fn learner_to_row(l: &Learner, _dates: DateStyle) -> Vec<String> {
    let needs = |write: fn(&SensitiveNeeds) -> String| write_restricted(&l.sensitive, write);
    let mut row = vec![
        write_id(l.meta.id),
        l.name.clone(),
        l.level.code().to_owned(),
        write_id(l.school),
        l.school_year.to_string(),
        needs(|n| write_bool(n.disability)),
        needs(|n| write_bool(n.casnav_followed)),
        needs(|n| n.residence_permit.code().to_owned()),
        needs(|n| n.note.clone()),
        write_restricted(&l.notes, Clone::clone),
    ];
    write_mark(&l.meta, &mut row);
    row
}

pub fn learner_from_row(row: &Row<'_>) -> Result<Learner, Vec<CellError>> {
    let mut r = Reader::new(row);
    let meta = r.meta();
    let name = r.required("name", any_text);
    let level = r.required("level", read_level);
    let school = r.required("school", read_id);
    let year = r.required("school_year", school_year);
    let disability = r.optional("disability", read_bool);
    let casnav = r.optional("casnav_followed", read_bool);
    let permit = r.optional("residence_permit", read_permit);
    let note = r.text("sensitive_note");
    let notes = r.text("notes");
    let learner = (|| {
        Some(Learner {
            meta: meta?,
            name: name?,
            level: level?,
            school: school?,
            school_year: year?,
            sensitive: Restricted::Clear(SensitiveNeeds {
                disability: disability?.unwrap_or_default(),
                casnav_followed: casnav?.unwrap_or_default(),
                residence_permit: permit?.unwrap_or(ResidencePermit::NotApplicable),
                note,
            }),
            notes: Restricted::Clear(notes),
        })
    })();
    r.finish(learner)
}

// ---- placements ----

pub fn placement_to_row(p: &Placement, dates: DateStyle) -> Vec<String> {
    let mut row = vec![
        write_id(p.meta.id),
        p.kind.code().to_owned(),
        write_id(p.learner),
        write_id(p.school),
        p.company.map(write_id).unwrap_or_default(),
        p.tutor.map(write_id).unwrap_or_default(),
        write_date(p.start, dates),
        write_date(p.end, dates),
        p.status.code().to_owned(),
        write_optional_date(p.signed_on, dates),
        p.cancel_reason.clone().unwrap_or_default(),
        write_restricted(&p.notes, Clone::clone),
    ];
    write_mark(&p.meta, &mut row);
    row
}

pub fn placement_from_row(row: &Row<'_>) -> Result<Placement, Vec<CellError>> {
    let mut r = Reader::new(row);
    let meta = r.meta();
    let kind = r.required("kind", read_placement_kind);
    let learner = r.required("learner", read_id);
    let school = r.required("school", read_id);
    let company = r.optional("company", read_id);
    let tutor = r.optional("tutor", read_id);
    let start = r.required("start", read_date);
    let end = r.required("end", read_date);
    let status = r.required("status", read_placement_status);
    let signed_on = r.optional("signed_on", read_date);
    let reason = r.text("cancel_reason");
    let notes = r.text("notes");
    let placement = (|| {
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
    })();
    r.finish(placement)
}

// ---- immersions ----

pub fn immersion_to_row(i: &Immersion, dates: DateStyle) -> Vec<String> {
    let evaluation = i.evaluation.as_ref();
    let rating = |pick: fn(&Evaluation) -> Rating| {
        evaluation
            .map(|e| pick(e).0.to_string())
            .unwrap_or_default()
    };
    let feedback = |pick: fn(&Evaluation) -> &Restricted<String>| {
        evaluation
            .map(|e| write_restricted(pick(e), Clone::clone))
            .unwrap_or_default()
    };
    let mut row = vec![
        write_id(i.meta.id),
        i.person.clone(),
        i.person_role.code().to_owned(),
        i.school.map(write_id).unwrap_or_default(),
        write_id(i.company),
        write_date(i.start, dates),
        i.days.to_string(),
        i.status.code().to_owned(),
        rating(|e| e.welcome),
        rating(|e| e.trades_discovery),
        rating(|e| e.teaching_use),
        rating(|e| e.organisation),
        evaluation
            .map(|e| e.renew.code().to_owned())
            .unwrap_or_default(),
        evaluation
            .map(|e| e.evaluated_by.clone())
            .unwrap_or_default(),
        evaluation
            .map(|e| write_date(e.evaluated_on, dates))
            .unwrap_or_default(),
        feedback(|e| &e.comment),
        feedback(|e| &e.teacher_feedback),
        feedback(|e| &e.company_feedback),
        write_restricted(&i.notes, Clone::clone),
    ];
    write_mark(&i.meta, &mut row);
    row
}

/// The evaluation of an immersion's row: there when `evaluated_on` is
/// given, and then its ratings and `renew` are required.
fn read_evaluation(r: &mut Reader<'_, '_>) -> Option<Option<Evaluation>> {
    let on = r.optional("evaluated_on", read_date)?;
    let Some(evaluated_on) = on else {
        return Some(None);
    };
    let welcome = r.required("welcome", read_rating);
    let trades = r.required("trades_discovery", read_rating);
    let teaching = r.required("teaching_use", read_rating);
    let organisation = r.required("organisation_rating", read_rating);
    let renew = r.required("renew", read_renewal);
    Some(Some(Evaluation {
        welcome: welcome?,
        trades_discovery: trades?,
        teaching_use: teaching?,
        organisation: organisation?,
        comment: Restricted::Clear(r.text("comment")),
        teacher_feedback: Restricted::Clear(r.text("teacher_feedback")),
        company_feedback: Restricted::Clear(r.text("company_feedback")),
        renew: renew?,
        evaluated_by: r.text("evaluated_by"),
        evaluated_on,
    }))
}

pub fn immersion_from_row(row: &Row<'_>) -> Result<Immersion, Vec<CellError>> {
    let mut r = Reader::new(row);
    let meta = r.meta();
    let person = r.required("person", any_text);
    let role = r.required("person_role", read_staff_role);
    let school = r.optional("school", read_id);
    let company = r.required("company", read_id);
    let start = r.required("start", read_date);
    let days = r.required("days", read_number::<u8>);
    let status = r.required("status", read_immersion_status);
    let evaluation = read_evaluation(&mut r);
    let notes = r.text("notes");
    let immersion = (|| {
        Some(Immersion {
            meta: meta?,
            person: person?,
            person_role: role?,
            school: school?,
            company: company?,
            start: start?,
            days: days?,
            status: status?,
            evaluation: evaluation?,
            notes: Restricted::Clear(notes),
        })
    })();
    r.finish(immersion)
}

// ---- events ----

pub fn event_to_row(e: &Event, dates: DateStyle) -> Vec<String> {
    let mut row = vec![
        write_id(e.meta.id),
        e.kind.code().to_owned(),
        e.title.clone(),
        write_date(e.date, dates),
        e.place.clone(),
        e.academie.map(|a| a.code().to_owned()).unwrap_or_default(),
        write_list(&e.schools, |id| id.to_string()),
        write_list(&e.companies, |id| id.to_string()),
        e.pupils_reached.to_string(),
        write_restricted(&e.notes, Clone::clone),
    ];
    write_mark(&e.meta, &mut row);
    row
}

pub fn event_from_row(row: &Row<'_>) -> Result<Event, Vec<CellError>> {
    let mut r = Reader::new(row);
    let meta = r.meta();
    let kind = r.required("kind", read_event_kind);
    let title = r.required("title", any_text);
    let date = r.required("date", read_date);
    let place = r.text("place");
    let academie = r.optional("academie", read_academie);
    let schools = r.list("schools", read_id);
    let companies = r.list("companies", read_id);
    let pupils = r
        .optional("pupils_reached", read_number::<u32>)
        .map(Option::unwrap_or_default);
    let notes = r.text("notes");
    let event = (|| {
        Some(Event {
            meta: meta?,
            kind: kind?,
            title: title?,
            date: date?,
            place,
            academie: academie?,
            schools: schools?,
            companies: companies?,
            pupils_reached: pupils?,
            notes: Restricted::Clear(notes),
        })
    })();
    r.finish(event)
}

// ---- agreements ----

pub fn agreement_to_row(a: &Agreement, dates: DateStyle) -> Vec<String> {
    let mut row = vec![
        write_id(a.meta.id),
        a.kind.code().to_owned(),
        a.title.clone(),
        a.academie.map(|x| x.code().to_owned()).unwrap_or_default(),
        write_list(&a.schools, |id| id.to_string()),
        write_list(&a.companies, |id| id.to_string()),
        a.parent.map(write_id).unwrap_or_default(),
        write_optional_date(a.signed_on, dates),
        a.duration_months.to_string(),
        a.notice_months.to_string(),
        a.status.code().to_owned(),
        write_restricted(&a.notes, Clone::clone),
    ];
    write_mark(&a.meta, &mut row);
    row
}

pub fn agreement_from_row(row: &Row<'_>) -> Result<Agreement, Vec<CellError>> {
    use crate::domain::records::agreement::{DEFAULT_DURATION_MONTHS, DEFAULT_NOTICE_MONTHS};
    let mut r = Reader::new(row);
    let meta = r.meta();
    let kind = r.required("kind", read_agreement_kind);
    let title = r.required("title", any_text);
    let academie = r.optional("academie", read_academie);
    let schools = r.list("schools", read_id);
    let companies = r.list("companies", read_id);
    let parent = r.optional("parent", read_id);
    let signed_on = r.optional("signed_on", read_date);
    let duration = r
        .optional("duration_months", read_number::<u16>)
        .map(|d| d.unwrap_or(DEFAULT_DURATION_MONTHS));
    let notice = r
        .optional("notice_months", read_number::<u16>)
        .map(|n| n.unwrap_or(DEFAULT_NOTICE_MONTHS));
    let status = r.required("status", read_agreement_status);
    let notes = r.text("notes");
    let agreement = (|| {
        Some(Agreement {
            meta: meta?,
            kind: kind?,
            title: title?,
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
    })();
    r.finish(agreement)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school() -> School {
        School {
            meta: RecordMeta {
                id: RecordId(3),
                ..RecordMeta::new_record()
            },
            uai: Uai::parse("0750655E").expect("uai"),
            name: "Lycée Jean-Zay".into(),
            kind: SchoolKind::LyceeGeneral,
            sector: Sector::Public,
            commune: "Paris".into(),
            postal_code: PostalCode::parse("75016").expect("postal"),
            special_units: vec![SpecialUnit::Ulis, SpecialUnit::Segpa],
            apprenticeship_sections: vec!["Boulangerie".into()],
            email: None,
            phone: Some(Phone::parse("01 23 45 67 89").expect("phone")),
            notes: Restricted::Clear("=cmd".into()),
        }
    }

    #[test]
    fn every_kind_has_id_first_and_the_mark_last() {
        for kind in Kind::ALL {
            let names: Vec<&str> = columns(*kind).iter().map(|c| c.name).collect();
            assert_eq!(names[0], "id");
            assert_eq!(
                &names[names.len() - 3..],
                [
                    "confidential",
                    "confidentiality_reason",
                    "confidentiality_owner"
                ]
            );
            let mut unique = names.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{kind:?}");
        }
    }

    #[test]
    fn a_school_goes_to_a_row_and_back() {
        let school = school();
        for style in [DateStyle::Iso, DateStyle::French] {
            let row = school_to_row(&school, style);
            assert_eq!(row.len(), SCHOOL.len());
            assert_eq!(row[7], "ulis|segpa");
            let cells: Vec<&str> = row.iter().map(String::as_str).collect();
            let back = school_from_row(&Row::from_cells(Kind::School, &cells));
            assert_eq!(back, Ok(school.clone()));
        }
    }

    #[test]
    fn a_neutralised_cell_reads_back_as_it_was() {
        assert_eq!(neutralise("=cmd"), "'=cmd");
        assert_eq!(neutralise("Lycée"), "Lycée");
        assert_eq!(unneutralise("'=cmd"), "=cmd");
        assert_eq!(unneutralise("'Lycée"), "'Lycée");
        let mut row = Row::new(Kind::School);
        row.set("notes", "'=cmd");
        assert_eq!(row.get("notes"), "=cmd");
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
        let errors = school_from_row(&row).expect_err("three wrong cells");
        let columns: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(columns, ["uai", "kind", "postal_code"]);
    }

    #[test]
    fn dates_read_in_both_styles_and_nothing_relative() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 28);
        assert_eq!(read_date("2026-11-28").ok(), day);
        assert_eq!(read_date("28/11/2026").ok(), day);
        assert!(read_date("+7").is_err());
        assert!(read_date("28/11").is_err());
        assert_eq!(
            read_date("31/02/2026"),
            Err(Rule::Date(DateError::NoSuchDay))
        );
    }

    #[test]
    fn a_masked_value_is_written_empty() {
        let mut school = school();
        school.notes = Restricted::Masked;
        let row = school_to_row(&school, DateStyle::Iso);
        assert_eq!(row[11], "");
    }

    #[test]
    fn contact_organisations_round_trip() {
        for organisation in [
            ContactOrganisation::School(RecordId(4)),
            ContactOrganisation::Company(RecordId(9)),
            ContactOrganisation::Service {
                service: AcademicService::Casnav,
                academie: Academie::Creteil,
            },
            ContactOrganisation::Cpme,
        ] {
            let text = write_contact_organisation(&organisation);
            assert_eq!(read_contact_organisation(&text), Ok(organisation));
        }
    }
}
