//! Values written back as a person types them, so that reading the text
//! again gives the same value.

use chrono::NaiveDate;

use crate::domain::forms::parse::Coded;
use crate::domain::meta::{RecordId, Restricted};

/// 28/11/2026: the first form `parse_date` reads.
pub(crate) fn date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

pub(crate) fn optional_date(day: Option<NaiveDate>) -> String {
    day.map(date).unwrap_or_default()
}

pub(crate) fn link(id: RecordId) -> String {
    id.to_string()
}

pub(crate) fn optional_link(id: Option<RecordId>) -> String {
    id.map(link).unwrap_or_default()
}

pub(crate) fn links(ids: &[RecordId]) -> String {
    ids.iter()
        .map(|id| link(*id))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn choice<T: Coded>(choice: T) -> String {
    choice.code().to_owned()
}

pub(crate) fn optional_choice<T: Coded>(choice: Option<T>) -> String {
    choice.map(|c| c.code().to_owned()).unwrap_or_default()
}

pub(crate) fn choice_set<T: Coded>(choices: &[T]) -> String {
    choices
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

/// A restricted value's text; a masked one shows nothing.
pub(crate) fn restricted<T>(value: &Restricted<T>, write: impl FnOnce(&T) -> String) -> String {
    value.clear().map(write).unwrap_or_default()
}
