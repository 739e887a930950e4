//! The report's tables alone, as one CSV file (RFC 4180: commas, fields
//! quoted when they need it, UTF-8, CRLF line ends): one block per
//! table, which starts with a line holding its title (in the report's
//! language: no internal code reaches a French spreadsheet), then its
//! header line and its rows; an empty line between blocks. One file rather than a file per table: the report is one
//! thing to send, and a spreadsheet shows the blocks one under another.
//! Numbers are written for programs: digits without grouping, a point
//! for decimals, shares from 0 to 1, nothing where there is no figure.
//! `--excel` writes for French spreadsheets instead: a byte-order mark,
//! `;` between fields, a decimal comma.

use crate::csv_format::guard;
use crate::domain::text::neutralise_controls;
use crate::i18n::Lang;
use crate::report::tables::{Cell, Table, comparison, sections};
use crate::service::report::Report;

/// A field as RFC 4180 writes it. Text from the store that a
/// spreadsheet would run as a formula gets a leading apostrophe, by the
/// export's rule (`csv_format::guard`: `=`, `+`, `-`, `@`, their
/// full-width forms, a tab or a carriage return, after any apostrophes);
/// control characters are made visible.
pub fn field(text: &str, stored: bool) -> String {
    field_in(text, stored, Dialect::Plain)
}

/// [`field`], quoted for `dialect`'s separator.
fn field_in(text: &str, stored: bool, dialect: Dialect) -> String {
    let visible = neutralise_controls(text, true);
    let text = if stored {
        guard(&visible).into_owned()
    } else {
        visible.into_owned()
    };
    let separator = match dialect {
        Dialect::Plain => ',',
        Dialect::Excel => ';',
    };
    let needs_quotes =
        text.contains([separator, '"', '\r', '\n']) || text.starts_with(' ') || text.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// For programs, or for French spreadsheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Plain,
    Excel,
}

impl Dialect {
    fn separator(self) -> &'static str {
        match self {
            Dialect::Plain => ",",
            Dialect::Excel => ";",
        }
    }
}

fn cell(cell: &Cell, dialect: Dialect) -> String {
    match cell {
        Cell::Stored(text) => field_in(text, true, dialect),
        Cell::Label(text) => field_in(text.trim(), false, dialect),
        Cell::Count(_) | Cell::Change(_) => field_in(&cell.raw(), false, dialect),
        // Decimals: a comma where a French spreadsheet reads a number.
        other => match dialect {
            Dialect::Plain => field_in(&other.raw(), false, dialect),
            Dialect::Excel => field_in(&other.raw().replace('.', ","), false, dialect),
        },
    }
}

fn line(out: &mut String, fields: &[String], dialect: Dialect) {
    out.push_str(&fields.join(dialect.separator()));
    out.push_str("\r\n");
}

fn table(out: &mut String, table: &Table, dialect: Dialect) {
    line(out, &[field_in(&table.title, false, dialect)], dialect);
    let headers: Vec<String> = table
        .headers
        .iter()
        .map(|h| field_in(h, false, dialect))
        .collect();
    line(out, &headers, dialect);
    for row in &table.rows {
        let cells: Vec<String> = row.cells.iter().map(|c| cell(c, dialect)).collect();
        line(out, &cells, dialect);
    }
    out.push_str("\r\n");
}

pub fn write(report: &Report, lang: Lang, dialect: Dialect) -> String {
    let mut out = String::new();
    if dialect == Dialect::Excel {
        out.push('\u{feff}');
    }
    for section in sections(report, lang) {
        for t in &section.tables {
            table(&mut out, t, dialect);
        }
    }
    for t in &comparison(report, lang).tables {
        table(&mut out, t, dialect);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(field("Lycée Hoche", true), "Lycée Hoche");
        assert_eq!(field("Dupont, fils", true), "\"Dupont, fils\"");
        assert_eq!(field("dit \"le grand\"", true), "\"dit \"\"le grand\"\"\"");
        assert_eq!(field("=SOMME(A1)", true), "'=SOMME(A1)");
        assert_eq!(field("-3", false), "-3");
        // The export's rule: full-width signs, and an apostrophe already
        // in front of one, which a spreadsheet would eat.
        assert_eq!(field("＝SOMME(A1)", true), "'＝SOMME(A1)");
        assert_eq!(field("'=SOMME(A1)", true), "''=SOMME(A1)");
    }
}
