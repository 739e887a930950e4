//! `passerelle report [--year 2025-2026] [--format md|html|csv]
//! [--output FILE]`: the steering committee's yearly report, computed by
//! the service and written here, to standard output or a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::exit::CliError;
use crate::client::Backend;
use crate::domain::dates::SchoolYear;
use crate::i18n::Lang;
use crate::i18n::report::{bad_format, bad_year, cannot_write, excel_needs_csv, written_to};
use crate::report::Format;
use crate::service::report::ReportRequest;

/// What was asked, read before the store is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportCommand {
    /// `None`: the last school year that is over.
    pub year: Option<SchoolYear>,
    pub format: Format,
    pub output: Option<PathBuf>,
}

/// Reads the arguments. Without `--format`, the output file's extension
/// chooses (`.html`, `.csv`), else Markdown.
pub fn parse(
    year: Option<&str>,
    format: Option<&str>,
    output: Option<PathBuf>,
    excel: bool,
    lang: Lang,
) -> Result<ReportCommand, CliError> {
    let year = year
        .map(|typed| SchoolYear::parse(typed).map_err(|_| CliError::Input(bad_year(lang, typed))))
        .transpose()?;
    let format = match format {
        Some(typed) => {
            Format::parse(typed).ok_or_else(|| CliError::Input(bad_format(lang, typed)))?
        }
        None => output
            .as_deref()
            .and_then(Path::extension)
            .and_then(|ext| Format::parse(&ext.to_string_lossy()))
            .unwrap_or(Format::Markdown),
    };
    let format = match (format, excel) {
        (format, false) => format,
        (Format::Csv, true) => Format::ExcelCsv,
        (_, true) => return Err(CliError::Input(excel_needs_csv(lang).to_owned())),
    };
    Ok(ReportCommand {
        year,
        format,
        output,
    })
}

pub fn run(
    backend: &Backend,
    command: &ReportCommand,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let year = command
        .year
        .unwrap_or_else(|| SchoolYear::containing(backend.today()).previous());
    let report = backend.report(&ReportRequest {
        year,
        remarks: true,
    })?;
    let text = crate::report::write(&report, command.format, lang);
    match &command.output {
        None => out.write_all(text.as_bytes())?,
        Some(path) => {
            let shown = path.display().to_string();
            // Written beside, then renamed (never half a report), readable
            // by its writer alone: it may quote remarks given with consent
            // to the report, not to everyone on the machine.
            let written =
                crate::cli::output::OutputFile::create(path, true).and_then(|mut file| {
                    file.write_all(text.as_bytes())?;
                    file.commit()
                });
            written.map_err(|error| CliError::Failed(cannot_write(lang, &shown, &error)))?;
            writeln!(out, "{}", written_to(lang, &shown))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_file_unless_asked() {
        let parsed = |format: Option<&str>, output: Option<&str>| {
            parse(
                Some("2025-2026"),
                format,
                output.map(PathBuf::from),
                false,
                Lang::Fr,
            )
            .map(|command| command.format)
            .ok()
        };
        assert_eq!(parsed(None, None), Some(Format::Markdown));
        assert_eq!(parsed(None, Some("bilan.html")), Some(Format::Html));
        assert_eq!(parsed(None, Some("bilan.CSV")), Some(Format::Csv));
        assert_eq!(
            parsed(Some("md"), Some("bilan.html")),
            Some(Format::Markdown)
        );
        assert_eq!(parsed(Some("pdf"), None), None);
        assert!(parse(Some("2025"), None, None, false, Lang::Fr).is_err());
    }
}
