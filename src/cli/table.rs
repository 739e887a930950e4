//! Plain-text tables for the terminal: columns sized to their content,
//! long cells cut with an ellipsis, every cell made safe to print.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::i18n::fit;

use crate::domain::text::neutralise_controls;

/// The widest a column grows; longer cells are cut.
const MAX_COLUMN_WIDTH: usize = 42;

pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Columns from this one on are numbers, aligned right.
    numbers_from: Option<usize>,
    /// The widest a column but the last grows.
    widest: usize,
    /// The last column is never cut (nothing follows it on the line).
    last_whole: bool,
}

impl Table {
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
            numbers_from: None,
            widest: MAX_COLUMN_WIDTH,
            last_whole: false,
        }
    }

    /// Columns grow to `widest`, and the last one is written whole: for
    /// a table whose last column says the most (the audit's detail).
    pub fn with_whole_last_column(mut self, widest: usize) -> Self {
        self.widest = widest;
        self.last_whole = true;
        self
    }

    /// Aligns the columns from `column` on to the right (counts).
    pub fn right_aligned_from(mut self, column: usize) -> Self {
        self.numbers_from = Some(column);
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        let last = self.headers.len().saturating_sub(1);
        let cells = cells
            .into_iter()
            .enumerate()
            .map(|(index, cell)| {
                let cell = neutralise_controls(&cell, true);
                if self.last_whole && index == last {
                    cell.into_owned()
                } else {
                    fit(&cell, self.widest)
                }
            })
            .collect();
        self.rows.push(cells);
    }

    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (index, cell) in row.iter().enumerate().take(columns) {
                widths[index] = widths[index].max(cell.width());
            }
        }
        let line = |out: &mut dyn Write, cells: &[String]| -> io::Result<()> {
            let mut text = String::new();
            for (index, cell) in cells.iter().enumerate().take(columns) {
                if index > 0 {
                    text.push_str("  ");
                }
                let padding = " ".repeat(widths[index].saturating_sub(cell.width()));
                if self.numbers_from.is_some_and(|from| index >= from) {
                    text.push_str(&padding);
                    text.push_str(cell);
                } else {
                    text.push_str(cell);
                    if index + 1 < columns {
                        text.push_str(&padding);
                    }
                }
            }
            writeln!(out, "{}", text.trim_end())
        };
        line(out, &self.headers)?;
        for row in &self.rows {
            line(out, row)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_and_long_cells_are_cut() {
        let mut table = Table::new(&["n°", "nom"]);
        table.row(vec!["1".into(), "Lycée Hoche".into()]);
        table.row(vec!["12".into(), "x".repeat(60)]);
        let mut out = Vec::new();
        table.write(&mut out).expect("written");
        let text = String::from_utf8(out).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "n°  nom");
        assert_eq!(lines[1], "1   Lycée Hoche");
        assert!(lines[2].ends_with('…'));
        assert_eq!(lines[2].width(), 4 + MAX_COLUMN_WIDTH);
    }

    #[test]
    fn escape_sequences_are_neutralised() {
        let mut table = Table::new(&["nom"]);
        table.row(vec!["a\u{1b}[2Jb".into()]);
        let mut out = Vec::new();
        table.write(&mut out).expect("written");
        assert!(!out.contains(&0x1b));
    }
}
