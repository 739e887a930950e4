//! The yearly report written out for the steering committee: Markdown
//! to edit, one self-contained HTML file to print or project (charts as
//! inline SVG), CSV for the tables alone. The service computes the
//! figures (`service::report`); this module only lays them out, and
//! escapes every text that comes from the store for the format it
//! writes.

pub mod csv;
pub mod html;
pub mod markdown;
pub mod svg;
pub mod tables;

use crate::i18n::Lang;
use crate::service::report::Report;

/// A way of writing the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Csv,
    /// The CSV for French spreadsheets (`--excel`).
    ExcelCsv,
}

impl Format {
    /// Reads `md`, `markdown`, `html`, `csv` (case aside).
    pub fn parse(input: &str) -> Option<Format> {
        match input.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// The report in `format`, in `lang`.
pub fn write(report: &Report, format: Format, lang: Lang) -> String {
    match format {
        Format::Markdown => markdown::write(report, lang),
        Format::Html => html::write(report, lang),
        Format::Csv => csv::write(report, lang, csv::Dialect::Plain),
        Format::ExcelCsv => csv::write(report, lang, csv::Dialect::Excel),
    }
}
