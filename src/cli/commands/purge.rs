//! `passerelle purge [--dry-run] [--after-school-years N] [--json]`:
//! anonymises the learners whose data is kept no longer (admins only).
//! Its output never names a learner: it may be kept.

use std::io::Write;

use crate::cli::exit::CliError;
use crate::cli::json;
use crate::client::Backend;
use crate::i18n::Lang;
use crate::i18n::personal_data::{
    due_rule, purge_counts, purge_heading, purge_next, purged_line, would_anonymise,
};
use crate::service::purge::{PurgeReport, PurgeRequest};

pub fn run(
    backend: &Backend,
    request: &PurgeRequest,
    json: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let report = backend.purge(request)?;
    if json {
        json::write(out, &report)?;
    } else {
        write_text(&report, lang, out)?;
    }
    Ok(())
}

fn write_text(report: &PurgeReport, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", purge_heading(report, lang))?;
    writeln!(out, "{}.", due_rule(report.last_year_due, lang))?;
    if report.dry_run {
        for (deleted, learners) in [(false, &report.learners), (true, &report.deleted_learners)] {
            if learners.is_empty() && deleted {
                continue;
            }
            writeln!(out, "{}", would_anonymise(deleted, learners.len(), lang))?;
            for learner in learners {
                writeln!(out, "{}", purged_line(learner, lang))?;
            }
        }
    }
    for line in purge_counts(report, lang) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}", purge_next(report.dry_run, lang))
}
