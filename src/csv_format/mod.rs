//! The CSV of each kind of record (and the JSON export, which uses the
//! same names): the columns `passerelle export` writes and `passerelle
//! import csv KIND` reads back. One definition both ways, so that an
//! export edited in a spreadsheet imports back as it was; `docs/csv.md`
//! says the same for people, and a test checks that it names every
//! column.
//!
//! - [`columns`]: a kind's header, in order. Columns are named after
//!   `Field` codes wherever a field exists; the first is always `id`, the
//!   last three the confidentiality mark.
//! - [`cells`]: a record as typed cells, which each format writes its way
//!   ([`Cell::csv_text`] for a [`Dialect`], [`Cell::json`]).
//! - [`read_record`]: a [`Row`] (cells found by column name, a column the
//!   file lacks left absent) read back into a record, or every cell that
//!   is wrong, named by its column.
//!
//! Links are record numbers; lists are joined with `|`; choices are their
//! codes (`lycee_general`, `agreement_signed`); yes/no fields are `yes` or
//! `no`; dates are ISO (`2026-11-28`), or `28/11/2026` in the spreadsheet
//! dialect, both read. A restricted value that may not leave (the service
//! masked it) is an empty cell, its column kept, and an import never takes
//! such an empty cell for an erasure. A text a spreadsheet would execute
//! (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
//! `'` in front, taken off again on reading; numbers never do (see
//! [`guard`]).
//!
//! The record's bookkeeping (revision, who created and changed it, when)
//! is not a column: the audit trail holds it, and an import makes its own.
//! Values computed from others (a school's académie, an agreement's end)
//! are not columns either.

mod dialect;
mod read;
mod schema;
#[cfg(test)]
mod tests;
mod write;

pub use dialect::Dialect;
pub use read::{CellError, Row, read_date, read_record, read_yes_no};
pub use schema::{Column, ColumnKind, choices, columns, record_field};
pub use write::{Cell, cells, guard, split_list, unguard};
