//! A row read back into a record, every wrong cell named by its column.

use chrono::NaiveDate;

use crate::csv_format::*;
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
use crate::domain::validation::Rule;

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
