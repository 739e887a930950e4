//! `passerelle list KIND`: a page of records, as a table or JSON.

use std::io::Write;

use serde::Serialize;

use crate::cli::args::ListArgs;
use crate::cli::exit::CliError;
use crate::cli::json;
use crate::cli::table::Table;
use crate::client::Backend;
use crate::domain::Kind;
use crate::domain::academie::Academie;
use crate::domain::dates::SchoolYear;
use crate::domain::records::Record;
use crate::domain::records::RecordRef;
use crate::domain::validation::Rule;
use crate::i18n::labels::kind_plural;
use crate::i18n::list_columns::{DEMO_MARK, list_columns};
use crate::i18n::messages::{field_error, rule};
use crate::i18n::phrases::{
    bad_key, bad_of, bad_year, shown_of, undated_kind, unknown_academie, unknown_kind,
    unknown_status,
};
use crate::i18n::{Lang, Phrase, counted};
use crate::service::get::RecordKey;
use crate::service::labels::LinkedRecord;
use crate::service::list::{ListRequest, ListResponse, Order, PagePosition, is_dated};

/// Reads `--of KIND:KEY` into the record it names.
fn linked_to(backend: &Backend, of: &str, lang: Lang) -> Result<RecordRef, CliError> {
    let (kind, key) = of
        .split_once(':')
        .ok_or_else(|| CliError::Input(bad_of(lang, of)))?;
    let kind = crate::i18n::labels::kind_named(kind)
        .ok_or_else(|| CliError::Input(unknown_kind(lang, kind)))?;
    let key = RecordKey::parse(kind, key)
        .map_err(|error| CliError::Input(bad_key(lang, &field_error(&error, lang))))?;
    Ok(backend.resolve(&key)?)
}

pub fn request(
    backend: &Backend,
    kind: Kind,
    options: &ListArgs,
    lang: Lang,
) -> Result<ListRequest, CliError> {
    let status = match &options.status {
        None => None,
        Some(word) => Some(
            crate::i18n::status_names::status_named(kind, word).ok_or_else(|| {
                CliError::Input(unknown_status(
                    lang,
                    word,
                    &crate::i18n::status_names::possible_statuses(kind, lang),
                ))
            })?,
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
        Some(of) => Some(linked_to(backend, of, lang)?),
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
    backend: &Backend,
    kind: Kind,
    options: &ListArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let response = backend.list(&request(backend, kind, options, lang)?)?;
    if options.json {
        json::write(out, &JsonList::from(&response))?;
        return Ok(());
    }
    if response.rows.is_empty() {
        writeln!(out, "{}", Phrase::NoRecord.text(lang))?;
        return Ok(());
    }
    let columns = list_columns(kind, lang);
    // Demonstration records are marked in a column of their own, first.
    let demo = response.rows.iter().any(|row| row.demo);
    let headers: Vec<&str> = demo
        .then_some("")
        .into_iter()
        .chain(columns.columns.iter().map(|c| c.header))
        .collect();
    let mut table = Table::new(&headers);
    for row in &response.rows {
        let mark = if row.demo { DEMO_MARK } else { "" };
        let cells = demo
            .then(|| mark.to_owned())
            .into_iter()
            .chain((columns.cells)(row, lang))
            .collect();
        table.row(cells);
    }
    table.write(out)?;
    let shown = response.rows.len() as u64;
    // « sur » says what it says on screen: the records that match, out
    // of all of the kind.
    let mut footer = counted(
        lang,
        shown,
        Phrase::RecordShown.text(lang),
        Phrase::RecordsShown.text(lang),
    );
    if let Some(matching) = response.matching {
        footer.push_str(" · ");
        footer.push_str(&shown_of(lang, matching, response.total));
    }
    if demo {
        footer.push_str(" · ");
        footer.push_str(Phrase::DemoLegend.text(lang));
    }
    if response.more {
        footer.push_str(" — ");
        footer.push_str(Phrase::MoreRows.text(lang));
    }
    writeln!(out, "{footer}")?;
    Ok(())
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
    /// Made up by `passerelle demo`.
    demo: bool,
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
                    demo: row.demo,
                })
                .collect(),
        }
    }
}
