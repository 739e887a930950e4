//! How a CSV is written for its reader: plain, or for French spreadsheets.

use chrono::NaiveDate;

/// How a CSV is written for its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `,`, UTF-8 without BOM, ISO dates, `\n` line ends: for scripts and
    /// the import.
    Plain,
    /// What French spreadsheets open correctly: a UTF-8 BOM (else they
    /// read Windows-1252), `;` (the comma is their decimal separator),
    /// dates as `28/11/2026`, `\r\n` line ends; a SIRET in groups and a
    /// phone in pairs, so that they stay text instead of becoming a
    /// number (a SIRET in scientific notation, a phone without its 0).
    Excel,
}

impl Dialect {
    pub fn separator(self) -> char {
        match self {
            Dialect::Plain => ',',
            Dialect::Excel => ';',
        }
    }

    pub fn line_end(self) -> &'static str {
        match self {
            Dialect::Plain => "\n",
            Dialect::Excel => "\r\n",
        }
    }

    /// What the file starts with.
    pub fn preamble(self) -> &'static str {
        match self {
            Dialect::Plain => "",
            Dialect::Excel => "\u{feff}",
        }
    }

    pub(super) fn date(self, day: NaiveDate) -> String {
        match self {
            Dialect::Plain => day.format("%Y-%m-%d").to_string(),
            Dialect::Excel => day.format("%d/%m/%Y").to_string(),
        }
    }
}
