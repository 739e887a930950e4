//! The generic CSV of each kind (`docs/csv.md`), as `export` writes it:
//! read through `csv_format`, the definition both share.

use std::borrow::Cow;

use crate::csv_format::{ColumnKind, Row, columns, read_record, record_field};
use crate::domain::kind::Kind;
use crate::i18n::sheet;
use crate::import::source::{Source, cell, multiline, raw_cell, visible, visible_multiline};
use crate::import::{Issues, Mapped, Mapper};
use crate::service::import::ImportProblem;

pub struct Generic {
    kind: Kind,
    header: Vec<String>,
    /// For each column of the kind, its position in the file.
    positions: Vec<Option<usize>>,
}

/// The columns without which a row cannot be matched or made.
fn required(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::School => &["uai", "name", "kind", "sector", "commune", "postal_code"],
        Kind::Company => &["siret", "name", "commune", "postal_code"],
        Kind::Contact => &["id", "name", "role", "organisation"],
        Kind::Learner => &["id", "name", "level", "school", "school_year"],
        Kind::Placement => &["id", "kind", "learner", "school", "start", "end", "status"],
        Kind::Immersion => &[
            "id",
            "person",
            "person_role",
            "company",
            "start",
            "days",
            "status",
        ],
        Kind::Event => &["id", "kind", "title", "date"],
        Kind::Agreement => &["id", "kind", "title", "status"],
    }
}

impl Generic {
    pub fn new(source: &Source, kind: Kind) -> Result<Self, Vec<String>> {
        // A column by its code, or by its header for people in either
        // language (what `export --excel` writes).
        let positions: Vec<Option<usize>> = columns(kind)
            .iter()
            .map(|column| {
                let names = sheet::names(kind, column);
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                source.find(&names)
            })
            .collect();
        let missing: Vec<String> = required(kind)
            .iter()
            .filter(|name| {
                let index = columns(kind).iter().position(|c| c.name == **name);
                index.and_then(|i| positions[i]).is_none()
            })
            .map(|name| (*name).to_owned())
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(Generic {
            kind,
            header: source.header.clone(),
            positions,
        })
    }
}

impl Mapper for Generic {
    fn provided(&self) -> Vec<String> {
        let mut fields: Vec<String> = Vec::new();
        for (column, position) in columns(self.kind).iter().zip(&self.positions) {
            let field = record_field(self.kind, column.name);
            if position.is_some() && column.name != "id" && !fields.iter().any(|f| f == field) {
                fields.push(field.to_owned());
            }
        }
        fields
    }

    /// The file's column named like the field (the service names the
    /// fields it refuses), else the first that fills it.
    fn column_for(&self, field: &str) -> Option<String> {
        let present = |index: &usize| self.positions[*index].is_some();
        let columns = columns(self.kind);
        let index = (0..columns.len())
            .filter(present)
            .find(|i| columns[*i].name == field)
            .or_else(|| {
                (0..columns.len())
                    .filter(present)
                    .find(|i| record_field(self.kind, columns[*i].name) == field)
            })?;
        let position = self.positions[index]?;
        self.header.get(position).cloned()
    }

    fn map(&self, line: u64, row: &csv::ByteRecord, issues: &mut Issues) -> Mapped {
        let mut cells: Vec<Cow<'_, str>> = Vec::with_capacity(self.positions.len());
        let mut unreadable = false;
        for (column, position) in columns(self.kind).iter().zip(&self.positions) {
            // Notes keep their spaces and line breaks; other cells are one
            // line, trimmed.
            let notes = column.kind == ColumnKind::Notes;
            let read = if notes {
                raw_cell(row, *position).map(multiline)
            } else {
                cell(row, *position).map(Cow::Borrowed)
            };
            // Choices and links written for people read as their codes.
            let read = read.map(|text| match sheet::cell_codes(self.kind, column, &text) {
                Cow::Borrowed(same) if same == text.as_ref() => text,
                other => Cow::Owned(other.into_owned()),
            });
            match read {
                Ok(text) => {
                    let shown = if notes {
                        visible_multiline(&text)
                    } else {
                        visible(&text)
                    };
                    match shown {
                        Some(shown) => {
                            issues.correct(line, column.name, &text, &shown);
                            cells.push(Cow::Owned(shown));
                        }
                        None => cells.push(text),
                    }
                }
                Err(_) => {
                    issues.reject(line, column.name, ImportProblem::NotUtf8);
                    unreadable = true;
                    cells.push(Cow::Borrowed(""));
                }
            }
        }
        if unreadable {
            return Mapped::Rejected;
        }
        let mut parsed = Row::new(self.kind);
        for ((column, position), text) in columns(self.kind).iter().zip(&self.positions).zip(&cells)
        {
            if position.is_some() {
                parsed.set(column.name, text);
            }
        }
        match read_record(&parsed) {
            Ok(record) => Mapped::Record(record, Vec::new()),
            Err(errors) => {
                for error in errors {
                    issues.reject(line, error.column, ImportProblem::Rule(error.rule));
                }
                Mapped::Rejected
            }
        }
    }
}
