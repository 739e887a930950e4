//! `passerelle import FORMAT FILE` (`annuaire`, `sirene`, `csv KIND`):
//! reads the file here and sends its rows to the store's service in
//! batches; prints what was created, updated, left unchanged, rejected
//! (line, column, reason) and corrected.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::cli::args::ImportArgs;
use crate::cli::exit::CliError;
use crate::cli::json;
use crate::client::Backend;
use crate::domain::academie::Academie;
use crate::i18n::Lang;
use crate::i18n::import as text;
use crate::import::annuaire::departement_code;
use crate::import::{FileReport, Format, ImportSettings, Progress};
use crate::service::import::ImportOptions;

/// The lines of each list printed before "… and N more".
const SHOWN: usize = 50;

/// Reads the arguments into settings, before any store is opened.
pub fn parse(args: &ImportArgs, lang: Lang) -> Result<ImportSettings, CliError> {
    // Before a file, the kind (`csv KIND FILE`): a word, not a path.
    let kind_typed = args.target.to_string_lossy();
    let (format, file) = match (&args.file, crate::i18n::labels::kind_named(&kind_typed)) {
        (Some(file), Some(kind)) => (Format::parse(&args.format, Some(kind)), file.clone()),
        (None, _) => (Format::parse(&args.format, None), args.target.clone()),
        (Some(_), None) => (None, PathBuf::new()),
    };
    let shown_format = match &args.file {
        Some(_) => format!("{} {kind_typed}", args.format),
        None => args.format.clone(),
    };
    let format =
        format.ok_or_else(|| CliError::Input(text::unknown_format(lang, &shown_format)))?;
    let mut settings = ImportSettings::new(format, file);
    settings.unites_legales = args.unites_legales.clone();
    settings.include_closed = args.all;
    settings.options = ImportOptions {
        dry_run: args.dry_run,
        overwrite: args.overwrite,
        all_or_nothing: args.all_or_nothing,
        ..ImportOptions::default()
    };
    // A filter silently ignored would import what was meant to be left.
    if matches!(format, crate::import::Format::Csv(_))
        && !(args.academie.is_empty() && args.departement.is_empty())
    {
        return Err(CliError::Input(text::filters_not_for_csv(lang).to_owned()));
    }
    for typed in &args.academie {
        let academie = Academie::from_code(typed)
            .ok_or_else(|| CliError::Input(text::bad_academie(lang, typed)))?;
        settings.academies.push(academie);
    }
    for typed in &args.departement {
        let code = departement_code(typed);
        // A typo (`750`) would keep nothing and say nothing of it.
        if !crate::import::area::is_known_departement(&code) {
            return Err(CliError::Input(text::bad_departement(lang, typed)));
        }
        settings.departements.push(code);
    }
    Ok(settings)
}

pub fn run(
    backend: &Backend,
    settings: &ImportSettings,
    json_output: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    // The bar goes to standard error, and only to a terminal: a script
    // reading the output or a log gets the report alone.
    let interactive = std::io::stderr().is_terminal();
    let mut shown_percent = None;
    let mut progress = |p: Progress| {
        if !interactive {
            return;
        }
        let percent = (p.bytes * 100).checked_div(p.total_bytes).unwrap_or(100);
        if shown_percent != Some((percent, p.checking)) {
            shown_percent = Some((percent, p.checking));
            let mut err = std::io::stderr();
            let _ = write!(
                err,
                "\r{}",
                text::progress(lang, p.rows, percent, p.checking)
            );
            let _ = err.flush();
        }
    };
    let report = crate::import::run(backend, settings, &mut progress);
    if interactive && shown_percent.is_some() {
        let _ = writeln!(std::io::stderr());
    }
    let report = report.map_err(|error| match error {
        crate::import::ImportError::Service(error) => CliError::Service(error),
        crate::import::ImportError::MissingColumns { .. } => {
            CliError::Input(text::import_error(&error, lang))
        }
        other => CliError::Input(text::import_error(&other, lang)),
    })?;
    if json_output {
        json::write(out, &report)?;
    } else {
        write_text(&report, lang, out)?;
    }
    if report.refused_whole {
        return Err(CliError::Refused(text::heading_refused(lang).to_owned()));
    }
    if let Some(line) = report.stopped_at_line {
        return Err(CliError::Refused(text::heading_stopped(lang, line)));
    }
    // Rows of the file were not imported (listed above): a script must
    // not take the file for a good one.
    if report.report.rejected_rows > 0 {
        return Err(CliError::ProblemsFound);
    }
    Ok(())
}

/// A heading, the first [`SHOWN`] of `items`, then one line for the
/// rest of `total` (the items and any not held), saying whether `--json`
/// gives them all.
fn write_list<T>(
    out: &mut dyn Write,
    heading: &str,
    (items, total): (&[T], u64),
    line: impl Fn(&T) -> String,
    lang: Lang,
) -> std::io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{heading}")?;
    for item in items.iter().take(SHOWN) {
        writeln!(out, "  {}", line(item))?;
    }
    let shown = items.len().min(SHOWN) as u64;
    if total > shown {
        let in_json = (total == items.len() as u64).then_some(total);
        writeln!(
            out,
            "  {}",
            text::more(lang, total - shown, in_json, items.len() as u64)
        )?;
    }
    Ok(())
}

/// A list all of whose items are held.
fn whole<T>(items: &[T]) -> (&[T], u64) {
    (items, items.len() as u64)
}

pub fn write_text(report: &FileReport, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    if report.dry_run {
        writeln!(out, "{}", text::heading_dry_run(lang))?;
    }
    if report.refused_whole {
        writeln!(out, "{}", text::heading_refused(lang))?;
    }
    if let Some(line) = report.stopped_at_line {
        writeln!(out, "{}", text::heading_stopped(lang, line))?;
    }
    if let Some(encoding) = &report.read_as {
        writeln!(out, "{}", text::read_as(lang, encoding))?;
    }
    writeln!(out, "{}", text::summary(report, lang))?;
    let r = &report.report;
    write_list(
        out,
        text::heading_rejected(lang),
        whole(&r.rejected),
        |issue| text::issue_line(issue, lang),
        lang,
    )?;
    write_list(
        out,
        text::heading_corrected(lang),
        whole(&r.corrected),
        |issue| text::issue_line(issue, lang),
        lang,
    )?;
    write_list(
        out,
        text::heading_skipped(lang),
        whole(&report.skipped),
        |skipped| {
            format!(
                "{:>7}  {}",
                crate::i18n::count(lang, skipped.rows),
                text::skip_reason(&skipped.reason, lang)
            )
        },
        lang,
    )?;
    write_list(
        out,
        text::heading_kept(lang),
        whole(&r.kept),
        |kept| {
            let key = format!("{} {}", kept.target.kind, kept.target.id);
            text::kept_line(kept.line, &key, &kept.fields, lang)
        },
        lang,
    )?;
    if report.dry_run {
        write_list(
            out,
            text::heading_changes(lang, true),
            (&r.changes, r.created + r.updated),
            |change| {
                text::change_line(
                    change.line,
                    &change.label,
                    change.created,
                    &change.fields,
                    lang,
                )
            },
            lang,
        )?;
    }
    Ok(())
}
