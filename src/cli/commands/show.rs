//! `passerelle show KIND KEY`: one record, its links and what points at it.

use std::io::Write;

use crate::cli::exit::CliError;
use crate::cli::json;
use crate::domain::Kind;
use crate::domain::audit::RevealPurpose;
use crate::domain::text::neutralise_controls;
use crate::i18n::consent::{consent_heading, consent_text, no_consent, revealed_note};
use crate::i18n::labels::{Label, kind_plural};
use crate::i18n::messages::field_error;
use crate::i18n::phrases::bad_key;
use crate::i18n::record_view::record_fields;
use crate::i18n::{Lang, Phrase, count, date_time};
use crate::service::get::RecordKey;
use crate::service::reveal::RevealRequest;
use crate::service::{Caller, Service};

/// How to show it.
#[derive(Debug, Clone, Copy)]
pub struct ShowOptions {
    pub json: bool,
    /// Ask for the restricted fields in clear (audited).
    pub reveal: bool,
    /// Whether standard output is a terminal: revealed text written
    /// anywhere else (a file, a pipe) leaves the application, and needs
    /// consent to export like JSON does.
    pub to_terminal: bool,
}

pub fn run(
    service: &Service,
    caller: &Caller,
    kind: Kind,
    key: &str,
    options: ShowOptions,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let key = RecordKey::parse(kind, key)
        .map_err(|error| CliError::Input(bad_key(lang, &field_error(&error, lang))))?;
    let json = options.json;
    let detail = if options.reveal {
        let purpose = if options.to_terminal && !json {
            RevealPurpose::Screen
        } else {
            RevealPurpose::Export
        };
        service.reveal(caller, &RevealRequest { key, purpose })?
    } else {
        service.get(caller, &key)?
    };
    if json {
        json::write(out, &detail)?;
        return Ok(());
    }
    let safe = |text: &str| neutralise_controls(text, false).into_owned();
    let record = &detail.record;
    let meta = record.meta();
    writeln!(
        out,
        "{} n° {} — {}",
        record.kind().label(lang),
        meta.id,
        safe(&detail.label)
    )?;
    if meta.confidentiality.confidential {
        let owner = meta
            .confidentiality
            .owner
            .map(|o| format!(" ({})", o.label(lang)))
            .unwrap_or_default();
        writeln!(
            out,
            "🔒 {}{}{}{owner}",
            Phrase::Confidential.text(lang),
            lang.colon(),
            safe(&meta.confidentiality.reason)
        )?;
        if detail.revealed {
            writeln!(out, "🔓 {}", revealed_note(lang))?;
        }
    }
    let lines = record_fields(record, &detail.links, lang);
    let width = lines
        .iter()
        .map(|l| l.field.label(lang).chars().count())
        .max()
        .unwrap_or(0);
    for line in &lines {
        let label = line.field.label(lang);
        let padding = " ".repeat(width - label.chars().count());
        writeln!(
            out,
            "  {label}{padding}  {}",
            safe(&line.value).replace('\n', &format!("\n  {}  ", " ".repeat(width)))
        )?;
    }
    if meta.confidentiality.confidential || detail.consent.is_some() {
        let consent = match &detail.consent {
            Some(consent) => consent_text(consent, lang),
            None => no_consent(lang).to_owned(),
        };
        writeln!(out, "  {}{}{consent}", consent_heading(lang), lang.colon())?;
    }
    writeln!(
        out,
        "  {} {} · {} {} ({}) · {} {} ({})",
        Phrase::Revision.text(lang),
        meta.revision,
        Phrase::CreatedBy.text(lang),
        meta.created_by,
        date_time(lang, meta.created_at),
        Phrase::UpdatedBy.text(lang),
        meta.updated_by,
        date_time(lang, meta.updated_at)
    )?;
    if !detail.dependents.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", Phrase::LinkedRecords.text(lang))?;
        for group in &detail.dependents {
            writeln!(
                out,
                "  {} ({})",
                kind_plural(group.kind, lang),
                count(lang, group.total as u64)
            )?;
            for linked in &group.shown {
                let lock = if linked.confidential { " 🔒" } else { "" };
                writeln!(
                    out,
                    "    n° {} — {}{lock}",
                    linked.reference.id,
                    safe(&linked.label)
                )?;
            }
            if group.shown.len() < group.total {
                writeln!(out, "    …")?;
            }
        }
    }
    Ok(())
}
