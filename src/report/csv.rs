//! The report's tables alone, as one CSV file (RFC 4180: commas, fields
//! quoted when they need it, UTF-8, CRLF line ends): one block per
//! table, which starts with a line holding its title (in the report's
//! language: no internal code reaches a French spreadsheet), then its
//! header line and its rows; an empty line between blocks. One file rather than a file per table: the report is one
//! thing to send, and a spreadsheet shows the blocks one under another.
//! Numbers are written for programs: digits without grouping, a point
//! for decimals, shares from 0 to 1, nothing where there is no figure.

use crate::domain::csv_columns::guard;
use crate::domain::text::neutralise_controls;
use crate::i18n::Lang;
use crate::report::tables::{Cell, Table, comparison, sections};
use crate::service::report::Report;

/// A field as RFC 4180 writes it. Text from the store that a
/// spreadsheet would run as a formula gets a leading apostrophe, by the
/// export's rule (`csv_columns::guard`: `=`, `+`, `-`, `@`, their
/// full-width forms, a tab or a carriage return, after any apostrophes);
/// control characters are made visible.
pub fn field(text: &str, stored: bool) -> String {
    let visible = neutralise_controls(text, true);
    let text = if stored {
        guard(&visible).into_owned()
    } else {
        visible.into_owned()
    };
    let needs_quotes =
        text.contains([',', '"', '\r', '\n']) || text.starts_with(' ') || text.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn cell(cell: &Cell) -> String {
    match cell {
        Cell::Stored(text) => field(text, true),
        Cell::Label(text) => field(text.trim(), false),
        other => field(&other.raw(), false),
    }
}

fn line(out: &mut String, fields: &[String]) {
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

fn table(out: &mut String, table: &Table) {
    line(out, &[field(&table.title, false)]);
    let headers: Vec<String> = table.headers.iter().map(|h| field(h, false)).collect();
    line(out, &headers);
    for row in &table.rows {
        let cells: Vec<String> = row.cells.iter().map(cell).collect();
        line(out, &cells);
    }
    out.push_str("\r\n");
}

pub fn write(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    for section in sections(report, lang) {
        for t in &section.tables {
            table(&mut out, t);
        }
    }
    for t in &comparison(report, lang).tables {
        table(&mut out, t);
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
