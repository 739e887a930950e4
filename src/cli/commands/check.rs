//! `passerelle check`: the store's consistency, with every problem listed.

use std::io::Write;

use crate::cli::exit::CliError;
use crate::cli::json;
use crate::client::Backend;
use crate::i18n::messages::{check_summary, problem_text, set_aside_note};
use crate::i18n::{Lang, Phrase};
use crate::store::check::CheckReport;

pub fn run(backend: &Backend, json: bool, lang: Lang, out: &mut dyn Write) -> Result<(), CliError> {
    let report = backend.check()?;
    if json {
        json::write(out, &report)?;
    } else {
        write_text(&report, lang, out)?;
    }
    if report.is_clean() {
        Ok(())
    } else {
        Err(CliError::ProblemsFound)
    }
}

fn write_text(report: &CheckReport, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", check_summary(report, lang))?;
    if !report.set_aside.is_empty() {
        writeln!(out, "{}", set_aside_note(&report.set_aside, lang))?;
    }
    if report.is_clean() {
        writeln!(out, "{}", Phrase::CheckClean.text(lang))?;
        return Ok(());
    }
    writeln!(
        out,
        "{} ({}){}",
        Phrase::CheckProblems.text(lang),
        report.problems.len(),
        lang.colon().trim_end()
    )?;
    for problem in &report.problems {
        writeln!(out, "  - {}", problem_text(problem, lang))?;
    }
    Ok(())
}
