//! `passerelle list KIND`: a page of records, as a table or JSON.

use std::io::Write;

use serde::Serialize;

use crate::cli::args::ListArgs;
use crate::cli::exit::CliError;
use crate::cli::json;
use crate::cli::table::Table;
use crate::domain::Kind;
use crate::domain::academie::Academie;
use crate::domain::dates::SchoolYear;
use crate::domain::records::RecordRef;
use crate::domain::records::{ContactOrganisation, LinkRole, Record};
use crate::domain::validation::Field;
use crate::domain::validation::Rule;
use crate::i18n::labels::{Label, kind_plural, yes_no};
use crate::i18n::messages::{field_error, rule};
use crate::i18n::phrases::{
    bad_key, bad_of, bad_year, shown_of, undated_kind, unknown_academie, unknown_kind,
    unknown_status,
};
use crate::i18n::{Lang, Phrase, counted, date};
use crate::service::get::RecordKey;
use crate::service::labels::LinkedRecord;
use crate::service::list::{
    ListRequest, ListResponse, ListRow, Order, PagePosition, StatusFilter, is_dated,
};
use crate::service::{Caller, Service};

/// The statuses a kind accepts, for the error message.
fn status_words(kind: Kind) -> String {
    let words: Vec<&str> = match kind {
        Kind::Placement => std::iter::once("pending")
            .chain(
                crate::domain::status::PlacementStatus::ALL
                    .iter()
                    .map(|s| s.code()),
            )
            .collect(),
        Kind::Immersion => crate::domain::status::ImmersionStatus::ALL
            .iter()
            .map(|s| s.code())
            .collect(),
        Kind::Agreement => crate::domain::status::AgreementStatus::ALL
            .iter()
            .map(|s| s.code())
            .collect(),
        _ => Vec::new(),
    };
    if words.is_empty() {
        "—".into()
    } else {
        words.join(", ")
    }
}

/// Reads `--of KIND:KEY` into the record it names.
fn linked_to(service: &Service, of: &str, lang: Lang) -> Result<RecordRef, CliError> {
    let (kind, key) = of
        .split_once(':')
        .ok_or_else(|| CliError::Input(bad_of(lang, of)))?;
    let kind = Kind::parse(kind).ok_or_else(|| CliError::Input(unknown_kind(lang, kind)))?;
    let key = RecordKey::parse(kind, key)
        .map_err(|error| CliError::Input(bad_key(lang, &field_error(&error, lang))))?;
    Ok(service.resolve(&key)?)
}

pub fn request(
    service: &Service,
    kind: Kind,
    options: &ListArgs,
    lang: Lang,
) -> Result<ListRequest, CliError> {
    let status = match &options.status {
        None => None,
        Some(word) => Some(
            StatusFilter::parse(kind, word)
                .ok_or_else(|| CliError::Input(unknown_status(lang, word, &status_words(kind))))?,
        ),
    };
    let academie = match &options.academie {
        None => None,
        Some(word) => Some(
            Academie::from_code(word)
                .ok_or_else(|| CliError::Input(unknown_academie(lang, word)))?,
        ),
    };
    let linked_to = match &options.of {
        Some(of) => Some(linked_to(service, of, lang)?),
        None => None,
    };
    let school_year = match &options.year {
        None => None,
        Some(_) if !is_dated(kind) => {
            return Err(CliError::Input(undated_kind(lang, kind_plural(kind, lang))));
        }
        Some(input) => Some(SchoolYear::parse(input).map_err(|error| {
            CliError::Input(bad_year(lang, input, &rule(&Rule::SchoolYear(error), lang)))
        })?),
    };
    Ok(ListRequest {
        kind,
        text: options.filter.clone().unwrap_or_default(),
        status,
        academie,
        linked_to,
        school_year,
        order: if options.by_date {
            Order::Date
        } else {
            Order::Name
        },
        descending: options.reverse,
        position: PagePosition::First,
        limit: options.limit,
    })
}

pub fn run(
    service: &Service,
    caller: &Caller,
    kind: Kind,
    options: &ListArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let response = service.list(caller, &request(service, kind, options, lang)?)?;
    if options.json {
        json::write(out, &JsonList::from(&response))?;
        return Ok(());
    }
    if response.rows.is_empty() {
        writeln!(out, "{}", Phrase::NoRecord.text(lang))?;
        return Ok(());
    }
    let (headers, cells): (Vec<&str>, Cells) = columns(kind, lang);
    let mut table = Table::new(&headers);
    for row in &response.rows {
        table.row(cells(row, lang));
    }
    table.write(out)?;
    let shown = response.rows.len() as u64;
    let mut footer = match response.matching {
        Some(matching) => shown_of(lang, shown, matching),
        None => counted(
            lang,
            shown,
            Phrase::RecordShown.text(lang),
            Phrase::RecordsShown.text(lang),
        ),
    };
    if response.more {
        footer.push_str(" — ");
        footer.push_str(Phrase::MoreRows.text(lang));
    }
    writeln!(out, "{footer}")?;
    Ok(())
}

/// The name of a linked record in a row, by its role.
fn linked(row: &ListRow, role: LinkRole) -> String {
    row.links
        .iter()
        .find(|l| l.role == Some(role))
        .map(|l| l.label.clone())
        .unwrap_or_default()
}

/// The label, marked when confidential.
fn name(row: &ListRow, lang: Lang) -> String {
    marked(row, &row.label, lang)
}

/// A name, marked with a lock and a word when the record is confidential.
fn marked(row: &ListRow, text: &str, lang: Lang) -> String {
    if row.record.meta().confidentiality.confidential {
        format!("{text} 🔒 {}", Phrase::Confidential.text(lang))
    } else {
        text.to_owned()
    }
}

type Cells = fn(&ListRow, Lang) -> Vec<String>;

fn columns(kind: Kind, lang: Lang) -> (Vec<&'static str>, Cells) {
    match kind {
        Kind::School => (
            vec![
                "n°",
                "UAI",
                Field::Name.label(lang),
                Field::Kind.label(lang),
                Field::Commune.label(lang),
                Field::Academie.label(lang),
            ],
            |row, lang| match &row.record {
                Record::School(s) => vec![
                    s.meta.id.to_string(),
                    s.uai.to_string(),
                    marked(row, &s.name, lang),
                    s.kind.label(lang).into(),
                    s.commune.clone(),
                    s.uai.academie().map(|a| a.label(lang)).unwrap_or("").into(),
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Company => (
            vec![
                "n°",
                "SIRET",
                Field::Name.label(lang),
                Field::Commune.label(lang),
                Field::CpmeMember.label(lang),
                Field::Academie.label(lang),
            ],
            |row, lang| match &row.record {
                Record::Company(c) => vec![
                    c.meta.id.to_string(),
                    c.siret.to_string(),
                    name(row, lang),
                    c.commune.clone(),
                    yes_no(c.cpme_member, lang).into(),
                    c.postal_code
                        .academie()
                        .map(|a| a.label(lang))
                        .unwrap_or("")
                        .into(),
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Contact => (
            vec![
                "n°",
                Field::Name.label(lang),
                Field::Role.label(lang),
                Field::Organisation.label(lang),
            ],
            |row, lang| match &row.record {
                Record::Contact(c) => vec![
                    c.meta.id.to_string(),
                    name(row, lang),
                    c.role.label(lang).into(),
                    match c.organisation {
                        ContactOrganisation::Service { service, academie } => {
                            format!("{} — {}", service.label(lang), academie.label(lang))
                        }
                        ContactOrganisation::Cpme => {
                            crate::domain::Organisation::CpmeIdf.label(lang).into()
                        }
                        _ => linked(row, LinkRole::Organisation),
                    },
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Learner => (
            vec![
                "n°",
                Field::Name.label(lang),
                Field::Level.label(lang),
                Field::School.label(lang),
                Field::SchoolYear.label(lang),
            ],
            |row, lang| match &row.record {
                Record::Learner(l) => vec![
                    l.meta.id.to_string(),
                    name(row, lang),
                    l.level.label(lang).into(),
                    linked(row, LinkRole::School),
                    l.school_year.to_string(),
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Placement => (
            vec![
                "n°",
                Field::Learner.label(lang),
                Field::Kind.label(lang),
                Field::Status.label(lang),
                Field::Start.label(lang),
                Field::Company.label(lang),
                Field::Missing.label(lang),
            ],
            |row, lang| match &row.record {
                Record::Placement(p) => vec![
                    p.meta.id.to_string(),
                    name(row, lang),
                    p.kind.label(lang).into(),
                    p.status.label(lang).into(),
                    date(lang, p.start),
                    linked(row, LinkRole::Company),
                    p.missing()
                        .iter()
                        .map(|m| m.label(lang))
                        .collect::<Vec<_>>()
                        .join(", "),
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Immersion => (
            vec![
                "n°",
                Field::Person.label(lang),
                Field::Company.label(lang),
                Field::Start.label(lang),
                Field::Days.label(lang),
                Field::Status.label(lang),
            ],
            |row, lang| match &row.record {
                Record::Immersion(i) => vec![
                    i.meta.id.to_string(),
                    name(row, lang),
                    linked(row, LinkRole::Company),
                    date(lang, i.start),
                    i.days.to_string(),
                    i.status.label(lang).into(),
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Event => (
            vec![
                "n°",
                Field::Date.label(lang),
                Field::Title.label(lang),
                Field::Kind.label(lang),
                Field::Place.label(lang),
            ],
            |row, lang| match &row.record {
                Record::Event(e) => vec![
                    e.meta.id.to_string(),
                    date(lang, e.date),
                    name(row, lang),
                    e.kind.label(lang).into(),
                    e.place.clone(),
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Agreement => (
            vec![
                "n°",
                Field::Title.label(lang),
                Field::Kind.label(lang),
                Field::Status.label(lang),
                Field::SignedOn.label(lang),
                Field::EndsOn.label(lang),
            ],
            |row, lang| match &row.record {
                Record::Agreement(a) => vec![
                    a.meta.id.to_string(),
                    name(row, lang),
                    a.kind.label(lang).into(),
                    a.status.label(lang).into(),
                    a.signed_on.map(|d| date(lang, d)).unwrap_or_default(),
                    a.ends_on().map(|d| date(lang, d)).unwrap_or_default(),
                ],
                _ => Vec::new(),
            },
        ),
    }
}

/// The JSON of `list --json`.
#[derive(Serialize)]
struct JsonList<'a> {
    kind: Kind,
    total: u64,
    matching: Option<u64>,
    more: bool,
    rows: Vec<JsonRow<'a>>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: u64,
    label: &'a str,
    record: &'a Record,
    links: &'a [LinkedRecord],
}

impl<'a> From<&'a ListResponse> for JsonList<'a> {
    fn from(response: &'a ListResponse) -> Self {
        JsonList {
            kind: response.kind,
            total: response.total,
            matching: response.matching,
            more: response.more,
            rows: response
                .rows
                .iter()
                .map(|row| JsonRow {
                    id: row.record.id().0,
                    label: &row.label,
                    record: &row.record,
                    links: &row.links,
                })
                .collect(),
        }
    }
}
