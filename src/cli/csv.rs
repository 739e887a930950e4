//! CSV and JSON rows of an export, from the cells of
//! `csv_format` (which decides each cell's text, guarded
//! against formulas): here only separators, quotes and line ends.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::csv_format::{Cell, Column, Dialect};

/// A cell quoted when it holds the separator, a quote or a line break
/// (RFC 4180), its quotes doubled.
fn quoted(text: &str, separator: char) -> Cow<'_, str> {
    if text.contains([separator, '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(text)
    }
}

fn csv_line(out: &mut dyn Write, texts: &[String], dialect: Dialect) -> io::Result<()> {
    let separator = dialect.separator();
    let mut line = String::with_capacity(256);
    for (index, text) in texts.iter().enumerate() {
        if index > 0 {
            line.push(separator);
        }
        line.push_str(&quoted(text, separator));
    }
    line.push_str(dialect.line_end());
    out.write_all(line.as_bytes())
}

/// How an export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv(Dialect),
    /// An array of objects, one per line, keyed by the column names.
    Json,
}

/// Writes an export's rows one at a time.
pub struct RowWriter {
    format: Format,
    columns: &'static [Column],
    /// The CSV's header line: the columns' names, or their headers for
    /// people (a spreadsheet export).
    headers: Vec<String>,
    rows: u64,
}

impl RowWriter {
    pub fn new(format: Format, columns: &'static [Column]) -> Self {
        RowWriter {
            format,
            columns,
            headers: columns.iter().map(|c| c.name.to_owned()).collect(),
            rows: 0,
        }
    }

    /// The same with the header line `headers`.
    pub fn with_headers(mut self, headers: Vec<String>) -> Self {
        self.headers = headers;
        self
    }

    /// What comes before the rows: the BOM and the header line, or `[`.
    pub fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Csv(dialect) => {
                out.write_all(dialect.preamble().as_bytes())?;
                csv_line(out, &self.headers, dialect)
            }
            Format::Json => out.write_all(b"["),
        }
    }

    pub fn row(&mut self, out: &mut dyn Write, cells: &[Cell]) -> io::Result<()> {
        match self.format {
            Format::Csv(dialect) => {
                let texts: Vec<String> = cells.iter().map(|cell| cell.csv_text(dialect)).collect();
                csv_line(out, &texts, dialect)?;
            }
            Format::Json => {
                let mut object = String::with_capacity(512);
                object.push_str(if self.rows == 0 { "\n{" } else { ",\n{" });
                for (index, (column, cell)) in self.columns.iter().zip(cells).enumerate() {
                    if index > 0 {
                        object.push(',');
                    }
                    // Names and values as serde_json writes them: escaped.
                    object.push_str(&serde_json::Value::from(column.name).to_string());
                    object.push(':');
                    object.push_str(&cell.json().to_string());
                }
                object.push('}');
                out.write_all(object.as_bytes())?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// What comes after the rows.
    pub fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Csv(_) => Ok(()),
            Format::Json => out.write_all(b"\n]\n"),
        }
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }
}
