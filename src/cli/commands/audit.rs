//! `passerelle audit`: the audit trail, newest first, filtered. What was
//! typed is read before the store is opened; the service filters.

use std::io::Write;

use crate::cli::args::AuditArgs;
use crate::cli::exit::CliError;
use crate::cli::json;
use crate::cli::parse_kind;
use crate::cli::table::Table;
use crate::client::Backend;
use crate::domain::dates::parse_date;
use crate::i18n::Lang;
use crate::i18n::audit::{
    bad_since, headers, key_needs_kind, more_entries, named_in, no_entries, row,
};
use crate::i18n::messages::{date_error, field_error};
use crate::i18n::phrases::bad_key;
use crate::i18n::record_view::Names;
use crate::service::Clock;
use crate::service::audit::{AuditRequest, AuditResponse};
use crate::service::get::RecordKey;

/// Reads the arguments into a request; a typo never opens the store.
pub fn parse(args: &AuditArgs, lang: Lang) -> Result<AuditRequest, CliError> {
    let kind = match &args.kind {
        Some(kind) => Some(parse_kind(kind, lang)?),
        None => None,
    };
    let key = match (&args.key, kind) {
        (None, _) => None,
        (Some(_), None) => return Err(CliError::Input(key_needs_kind(lang).into())),
        (Some(key), Some(kind)) => Some(
            RecordKey::parse(kind, key)
                .map_err(|error| CliError::Input(bad_key(lang, &field_error(&error, lang))))?,
        ),
    };
    let since =
        match &args.since {
            None => None,
            Some(input) => Some(parse_date(input, Clock::System.today()).map_err(|error| {
                CliError::Input(bad_since(lang, input, &date_error(&error, lang)))
            })?),
        };
    Ok(AuditRequest {
        kind,
        key,
        account: args.user.clone(),
        since,
        limit: args.limit as usize,
    })
}

pub fn run(
    backend: &Backend,
    request: &AuditRequest,
    json: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let response = backend.audit(request)?;
    if json {
        json::write(out, &response)?;
    } else {
        // Records and links by name, as people read them.
        let names: Names = backend
            .describe(&named_in(&response.entries))?
            .into_iter()
            .map(|described| (described.record.reference(), described))
            .collect();
        write_table(&response, &names, lang, out)?;
    }
    Ok(())
}

fn write_table(
    response: &AuditResponse,
    names: &Names,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if response.entries.is_empty() {
        return writeln!(out, "{}", no_entries(lang));
    }
    let mut table = Table::new(&headers(lang)).with_whole_last_column(70);
    for entry in &response.entries {
        table.row(row(entry, names, lang));
    }
    table.write(out)?;
    if response.more {
        writeln!(out)?;
        writeln!(out, "{}", more_entries(lang, response.entries.len()))?;
    }
    Ok(())
}
