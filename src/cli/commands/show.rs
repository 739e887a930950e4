//! `passerelle show KIND KEY`: one record, its links and what points at it.

use std::io::Write;

use crate::cli::exit::CliError;
use crate::cli::json;
use crate::client::Backend;
use crate::domain::Kind;
use crate::domain::audit::RevealPurpose;
use crate::domain::consent::Consent;
use crate::domain::records::Record;
use crate::domain::text::neutralise_controls;
use crate::i18n::consent::{consent_heading, consent_text, no_consent, revealed_note};
use crate::i18n::labels::{Label, kind_plural};
use crate::i18n::messages::field_error;
use crate::i18n::phrases::bad_key;
use crate::i18n::record_view::record_fields;
use crate::i18n::{Lang, Phrase, count, date_time};
use crate::service::get::RecordKey;
use crate::service::labels::LinkedRecord;
use crate::service::reveal::RevealRequest;

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
    backend: &Backend,
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
        backend.reveal(&RevealRequest { key, purpose })?
    } else {
        backend.get(&key)?
    };
    if json {
        json::write(out, &detail)?;
        return Ok(());
    }
    let around = Around {
        revealed: detail.revealed,
        consent: detail.consent.as_ref(),
        demo: detail.demo,
    };
    write_record(
        out,
        &detail.record,
        &detail.label,
        &detail.links,
        around,
        lang,
        "",
    )?;
    let safe = |text: &str| neutralise_controls(text, false).into_owned();
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

/// A record as `show` prints it: a heading with its kind, number and
/// label, its confidentiality mark, a line per field (`links` name what
/// it points at), its revision and stamps. Every line starts with
/// `indent`; store text is made safe to print.
/// What is said of a record besides its fields: whether its restricted
/// fields are shown revealed, and the consent recorded on it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Around<'a> {
    pub revealed: bool,
    pub consent: Option<&'a Consent>,
    /// Made up by `passerelle demo`.
    pub demo: bool,
}

pub(crate) fn write_record(
    out: &mut dyn Write,
    record: &Record,
    label: &str,
    links: &[LinkedRecord],
    around: Around<'_>,
    lang: Lang,
    indent: &str,
) -> std::io::Result<()> {
    let safe = |text: &str| neutralise_controls(text, false).into_owned();
    let single = |text: &str| neutralise_controls(text, true).into_owned();
    let meta = record.meta();
    writeln!(
        out,
        "{indent}{} n° {} — {}",
        record.kind().label(lang),
        meta.id,
        single(label)
    )?;
    if meta.confidentiality.confidential {
        let owner = meta
            .confidentiality
            .owner
            .map(|o| format!(" ({})", o.label(lang)))
            .unwrap_or_default();
        writeln!(
            out,
            "{indent}🔒 {}{}{}{owner}",
            Phrase::Confidential.text(lang),
            lang.colon(),
            single(&meta.confidentiality.reason)
        )?;
        if around.revealed {
            writeln!(out, "{indent}🔓 {}", revealed_note(lang))?;
        }
    }
    if around.demo {
        writeln!(out, "{indent}{}", Phrase::DemoRecord.text(lang))?;
    }
    let lines = record_fields(record, links, &Default::default(), lang);
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
            "{indent}  {label}{padding}  {}",
            safe(&line.value).replace('\n', &format!("\n{indent}  {}  ", " ".repeat(width)))
        )?;
    }
    if meta.confidentiality.confidential || around.consent.is_some() {
        let consent = match around.consent {
            Some(consent) => consent_text(consent, lang),
            None => no_consent(lang).to_owned(),
        };
        writeln!(
            out,
            "{indent}  {}{}{consent}",
            consent_heading(lang),
            lang.colon()
        )?;
    }
    writeln!(
        out,
        "{indent}  {} {} · {} {} ({}) · {} {} ({})",
        Phrase::Revision.text(lang),
        meta.revision,
        Phrase::CreatedBy.text(lang),
        single(&meta.created_by),
        date_time(lang, meta.created_at),
        Phrase::UpdatedBy.text(lang),
        single(&meta.updated_by),
        date_time(lang, meta.updated_at)
    )
}
