//! The words of a spreadsheet export (`export --excel`), both ways: the
//! header of each column in the person's language, choices by their
//! names, yes and no, links as the record's number and name (« 12 —
//! Lycée Voltaire (0750001U) »); and, for an import, the same read back
//! into the codes and numbers the columns hold, whichever language the
//! file was written in. The plain CSV and JSON keep the codes.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::csv_format::{Cell, Column, ColumnKind, choices, columns};
use crate::domain::academie::{Academie, Organisation};
use crate::domain::forms::{OrganisationChoice, SensitiveNeed};
use crate::domain::place::Precision;
use crate::domain::records::{
    AgreementKind, ContactRole, EventKind, HeadcountBand, InclusiveKind, Level, Offer,
    OpeningState, PlacementKind, RecordRef, Renewal, SchoolKind, Sector, SpecialUnit, StaffRole,
};
use crate::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use crate::domain::text::fold;
use crate::domain::{Kind, RecordId};
use crate::i18n::Lang;
use crate::i18n::labels::{Label, yes_no};

/// Between a link's number and its name.
const NUMBER_AND_NAME: &str = " — ";
/// Between the items of a list of choices or links.
const ITEMS: &str = " | ";

/// A column's header for people.
pub fn header(kind: Kind, column: &Column, lang: Lang) -> String {
    let label = match (kind, column.name) {
        (_, "id") => lang.pick("numéro", "number"),
        (Kind::Learner, "sensitive_needs_note") => {
            lang.pick("note sur les besoins", "note on the needs")
        }
        (_, "confidentiality") => lang.pick("confidentiel", "confidential"),
        (_, "latitude") => "latitude",
        (_, "longitude") => "longitude",
        (_, "location_precision") => lang.pick("précision de la position", "location precision"),
        _ => column.field.label(lang),
    };
    label.to_owned()
}

/// The names a column may have in a file: its code and its header in
/// either language.
pub fn names(kind: Kind, column: &Column) -> [String; 3] {
    [
        column.name.to_owned(),
        header(kind, column, Lang::Fr),
        header(kind, column, Lang::En),
    ]
}

/// What a choice of a column is called.
fn choice_word(kind: Kind, column: &str, code: &str, lang: Lang) -> Option<&'static str> {
    fn named<T: Label + Copy>(
        all: &[T],
        code_of: fn(T) -> &'static str,
        code: &str,
        lang: Lang,
    ) -> Option<&'static str> {
        all.iter()
            .copied()
            .find(|choice| code_of(*choice) == code)
            .map(|choice| choice.label(lang))
    }
    match (kind, column) {
        (Kind::School, "kind") => named(SchoolKind::ALL, SchoolKind::code, code, lang),
        (Kind::School, "sector") => named(Sector::ALL, Sector::code, code, lang),
        (Kind::School, "special_units") => named(SpecialUnit::ALL, SpecialUnit::code, code, lang),
        (Kind::School, "opening_state") => named(OpeningState::ALL, OpeningState::code, code, lang),
        (_, "location_precision") => named(Precision::ALL, Precision::code, code, lang),
        (Kind::Company, "headcount") => named(HeadcountBand::ALL, HeadcountBand::code, code, lang),
        (Kind::Company, "offers") => named(Offer::ALL, Offer::code, code, lang),
        (Kind::Company, "inclusive_kind") => {
            named(InclusiveKind::ALL, InclusiveKind::code, code, lang)
        }
        (Kind::Contact, "role") => named(ContactRole::ALL, ContactRole::code, code, lang),
        (Kind::Contact, "organisation") => named(
            OrganisationChoice::ALL,
            OrganisationChoice::code,
            code,
            lang,
        ),
        (Kind::Learner, "level") => named(Level::ALL, Level::code, code, lang),
        (Kind::Learner, "sensitive_needs") => {
            named(SensitiveNeed::ALL, SensitiveNeed::code, code, lang)
        }
        (Kind::Placement, "kind") => named(PlacementKind::ALL, PlacementKind::code, code, lang),
        (Kind::Placement, "status") => {
            named(PlacementStatus::ALL, PlacementStatus::code, code, lang)
        }
        (Kind::Immersion, "person_role") => named(StaffRole::ALL, StaffRole::code, code, lang),
        (Kind::Immersion, "status") => {
            named(ImmersionStatus::ALL, ImmersionStatus::code, code, lang)
        }
        (Kind::Immersion, "renew") => named(Renewal::ALL, Renewal::code, code, lang),
        (Kind::Event, "kind") => named(EventKind::ALL, EventKind::code, code, lang),
        (Kind::Agreement, "kind") => named(AgreementKind::ALL, AgreementKind::code, code, lang),
        (Kind::Agreement, "status") => {
            named(AgreementStatus::ALL, AgreementStatus::code, code, lang)
        }
        (_, "academie") => named(Academie::ALL, Academie::code, code, lang),
        (_, "confidentiality_owner") => named(Organisation::ALL, Organisation::code, code, lang),
        _ => None,
    }
}

/// A link's text: its number, then its name when known.
fn linked(kind: Kind, id: u64, names: &HashMap<RecordRef, String>) -> String {
    match names.get(&RecordRef::new(kind, RecordId(id))) {
        Some(name) => format!("{id}{NUMBER_AND_NAME}{name}"),
        None => id.to_string(),
    }
}

/// A cell as a spreadsheet export writes it for people, where it differs
/// from the plain CSV: choices by name, yes and no, links with names.
/// `None`: as the plain CSV writes it.
pub fn cell_words(
    kind: Kind,
    column: &Column,
    cell: &Cell,
    names: &HashMap<RecordRef, String>,
    lang: Lang,
) -> Option<String> {
    match (cell, column.kind) {
        (Cell::Code(code), _) => Some(choice_word(kind, column.name, code, lang)?.to_owned()),
        (Cell::Codes(codes), _) => Some(
            codes
                .iter()
                .map(|code| choice_word(kind, column.name, code, lang).unwrap_or(code))
                .collect::<Vec<_>>()
                .join(ITEMS),
        ),
        (Cell::YesNo(value), _) => Some(yes_no(*value, lang).to_owned()),
        (Cell::Id(id), ColumnKind::Link(target)) => Some(linked(target, *id, names)),
        (Cell::Ids(ids), ColumnKind::Links(target)) => Some(
            ids.iter()
                .map(|id| linked(target, *id, names))
                .collect::<Vec<_>>()
                .join(ITEMS),
        ),
        _ => None,
    }
}

/// The records the links of a row point at, to be named.
pub fn linked_in(columns: &[Column], cells: &[Cell]) -> Vec<RecordRef> {
    let mut found = Vec::new();
    for (column, cell) in columns.iter().zip(cells) {
        match (column.kind, cell) {
            (ColumnKind::Link(kind), Cell::Id(id)) => {
                found.push(RecordRef::new(kind, RecordId(*id)))
            }
            (ColumnKind::Links(kind), Cell::Ids(ids)) => {
                found.extend(ids.iter().map(|id| RecordRef::new(kind, RecordId(*id))))
            }
            _ => {}
        }
    }
    found
}

/// The code of a choice written by its name in either language (or as
/// its code); `None` when it names none.
fn code_of(kind: Kind, column: &str, text: &str) -> Option<&'static str> {
    let wanted = fold(text);
    choices(kind, column).into_iter().find(|code| {
        [Lang::Fr, Lang::En].iter().any(|lang| {
            choice_word(kind, column, code, *lang).is_some_and(|word| fold(word) == wanted)
        })
    })
}

/// The number a link's text starts with (« 12 — Lycée Voltaire »).
fn leading_number(text: &str) -> &str {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(text.len(), |(index, _)| index);
    if end == 0 { text } else { &text[..end] }
}

/// A cell of a file as the column reads it: names of choices made codes,
/// links their numbers, whichever language the file was written in.
/// Anything else (codes, numbers, a text it cannot place) as it is: the
/// column's own reading says what is wrong with it.
pub fn cell_codes<'a>(kind: Kind, column: &Column, text: &'a str) -> Cow<'a, str> {
    let items = |text: &'a str| -> Vec<&'a str> {
        text.split('|')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .collect()
    };
    match column.kind {
        ColumnKind::Choice => match code_of(kind, column.name, text) {
            Some(code) => Cow::Borrowed(code),
            None => Cow::Borrowed(text),
        },
        ColumnKind::Choices if text.contains('|') || code_of(kind, column.name, text).is_some() => {
            Cow::Owned(
                items(text)
                    .into_iter()
                    .map(|item| code_of(kind, column.name, item).unwrap_or(item))
                    .collect::<Vec<_>>()
                    .join("|"),
            )
        }
        ColumnKind::Link(_) if text.contains(NUMBER_AND_NAME.trim()) => {
            Cow::Borrowed(leading_number(text))
        }
        ColumnKind::Links(_) if text.contains(NUMBER_AND_NAME.trim()) => Cow::Owned(
            items(text)
                .into_iter()
                .map(leading_number)
                .collect::<Vec<_>>()
                .join("|"),
        ),
        _ => Cow::Borrowed(text),
    }
}

/// Whether the headers of `kind` differ from one another in `lang` (a
/// file read back must find each column).
pub fn headers_are_distinct(kind: Kind, lang: Lang) -> bool {
    let headers: Vec<String> = columns(kind)
        .iter()
        .map(|column| fold(&header(kind, column, lang)))
        .collect();
    let mut unique = headers.clone();
    unique.sort();
    unique.dedup();
    unique.len() == headers.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_distinct_headers_in_both_languages() {
        for kind in Kind::ALL {
            for lang in [Lang::Fr, Lang::En] {
                assert!(headers_are_distinct(*kind, lang), "{kind:?} {lang:?}");
            }
        }
    }

    #[test]
    fn choices_and_links_read_back_from_their_words() {
        let status = columns(Kind::Placement)
            .iter()
            .find(|c| c.name == "status")
            .expect("a status column");
        assert_eq!(
            cell_codes(Kind::Placement, status, "entreprise proposée"),
            "company_proposed"
        );
        assert_eq!(
            cell_codes(Kind::Placement, status, "company proposed"),
            "company_proposed"
        );
        assert_eq!(cell_codes(Kind::Placement, status, "signed"), "signed");
        let school = columns(Kind::Placement)
            .iter()
            .find(|c| c.name == "school")
            .expect("a school column");
        assert_eq!(
            cell_codes(Kind::Placement, school, "12 — Lycée Voltaire (0750001U)"),
            "12"
        );
        let offers = columns(Kind::Company)
            .iter()
            .find(|c| c.name == "offers")
            .expect("offers");
        let written = cell_words(
            Kind::Company,
            offers,
            &Cell::Codes(vec!["pfmp", "teacher_immersion"]),
            &HashMap::new(),
            Lang::Fr,
        )
        .expect("names");
        assert!(!written.contains('_'), "{written}");
        assert_eq!(
            cell_codes(Kind::Company, offers, &written),
            "pfmp|teacher_immersion"
        );
    }
}
