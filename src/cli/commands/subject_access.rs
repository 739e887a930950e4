//! `passerelle show learner KEY --subject-access [--json]`: everything
//! held on one learner, for a right-of-access request (admins only,
//! audited), in sections. Store text is made safe to print.

use std::io::Write;

use crate::cli::commands::show::{Around, write_record};
use crate::cli::exit::CliError;
use crate::cli::json;
use crate::client::Backend;
use crate::domain::records::Record;
use crate::domain::text::neutralise_controls;
use crate::i18n::audit::row;
use crate::i18n::labels::Label;
use crate::i18n::personal_data::{
    Section, draft_line, nothing, section, subject_access_end, subject_access_heading,
    subject_deleted,
};
use crate::i18n::{Lang, date};
use crate::service::get::RecordKey;
use crate::service::subject_access::{HeldPlacement, SubjectAccessReport};

pub fn run(
    backend: &Backend,
    key: &RecordKey,
    json: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let report = backend.subject_access(key)?;
    if json {
        json::write(out, &report)?;
    } else {
        write_text(&report, lang, out)?;
    }
    Ok(())
}

fn write_text(
    report: &SubjectAccessReport,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let single = |text: &str| neutralise_controls(text, true).into_owned();
    let safe = |text: &str| neutralise_controls(text, false).into_owned();
    writeln!(
        out,
        "{}",
        subject_access_heading(report.learner.meta.id, report.at, lang)
    )?;
    if report.deleted {
        writeln!(out, "{}", subject_deleted(lang))?;
    }

    writeln!(out)?;
    writeln!(out, "{}", section(Section::Record, 1, lang))?;
    let school: Vec<_> = report.school.iter().cloned().collect();
    let learner = Record::Learner(report.learner.clone());
    // Everything held, in clear: the report is itself the reveal.
    let around = Around {
        revealed: learner.meta().confidentiality.confidential,
        consent: report.consent.as_ref(),
        demo: false,
    };
    write_record(
        out,
        &learner,
        &report.learner.name,
        &school,
        around,
        lang,
        "",
    )?;

    for (which, placements) in [
        (Section::Placements, &report.placements),
        (Section::DeletedPlacements, &report.deleted_placements),
    ] {
        writeln!(out)?;
        writeln!(out, "{}", section(which, placements.len(), lang))?;
        if placements.is_empty() {
            writeln!(out, "{}", nothing(lang))?;
        }
        for held in placements {
            write_placement(held, lang, out)?;
        }
    }

    writeln!(out)?;
    writeln!(out, "{}", section(Section::Audit, report.audit.len(), lang))?;
    if report.audit.is_empty() {
        writeln!(out, "{}", nothing(lang))?;
    }
    for entry in &report.audit {
        // N°, date, account, front end, action, detail.
        let cells: Vec<String> = row(entry, &Default::default(), lang)
            .into_iter()
            .filter(|cell| !cell.is_empty())
            .collect();
        writeln!(out, "  {}", single(&cells.join(" · ")))?;
    }

    writeln!(out)?;
    writeln!(
        out,
        "{}",
        section(Section::Drafts, report.drafts.len(), lang)
    )?;
    if report.drafts.is_empty() {
        writeln!(out, "{}", nothing(lang))?;
    }
    for held in &report.drafts {
        writeln!(
            out,
            "{}",
            single(&draft_line(&held.account, &held.draft, lang))
        )?;
        for (field, value) in &held.draft.values {
            if value.is_empty() {
                continue;
            }
            writeln!(
                out,
                "    {}{}{}",
                field.label(lang),
                lang.colon(),
                safe(value).replace('\n', "\n      ")
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "{}", subject_access_end(lang))
}

fn write_placement(held: &HeldPlacement, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let record = Record::Placement(held.placement.clone());
    let placement = &held.placement;
    let label = format!(
        "{} → {}",
        date(lang, placement.start),
        date(lang, placement.end)
    );
    let around = Around {
        revealed: record.meta().confidentiality.confidential,
        consent: None,
        demo: false,
    };
    write_record(out, &record, &label, &held.links, around, lang, "  ")
}
