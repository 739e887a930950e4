//! The columns of a list of each kind, shared by `passerelle list` and
//! the full-screen lists: headers, how each row fills them, and how a
//! screen may size, sort and drop them.

use crate::domain::Kind;
use crate::domain::records::{ContactOrganisation, LinkRole, OpeningState, Record};
use crate::domain::validation::Field;
use crate::i18n::labels::{Label, yes_no};
use crate::i18n::{Lang, Phrase, date};
use crate::service::list::{ListRow, Order};

/// One column of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: &'static str,
    /// The narrowest it is shown.
    pub min_width: u16,
    /// Whether it takes a share of the width left over.
    pub grows: bool,
    /// The order the list takes when sorted by this column, if it can be.
    pub sort: Option<Order>,
    /// How much it matters: when the width is short, the columns that
    /// matter least are left out first.
    pub importance: u8,
}

impl Column {
    fn new(header: &'static str, min_width: u16) -> Self {
        Column {
            header,
            min_width,
            grows: false,
            sort: None,
            importance: 0,
        }
    }

    fn grow(mut self) -> Self {
        self.grows = true;
        self
    }

    fn sorted_by(mut self, order: Order) -> Self {
        self.sort = Some(order);
        self
    }

    fn keep(mut self, importance: u8) -> Self {
        self.importance = importance;
        self
    }
}

/// The header of the column a list of `kind` is sorted by in `order`.
pub fn sort_column(kind: Kind, order: Order, lang: Lang) -> &'static str {
    list_columns(kind, lang)
        .columns
        .iter()
        .find(|column| column.sort == Some(order))
        .map_or("", |column| column.header)
}

pub struct ListColumns {
    pub columns: Vec<Column>,
    pub cells: Cells,
}

/// The name of a linked record in a row, by its role.
fn linked(row: &ListRow, role: LinkRole) -> String {
    row.links
        .iter()
        .find(|l| l.role == Some(role))
        .map(|l| l.label.clone())
        .unwrap_or_default()
}

/// The label, marked when confidential.
fn name(row: &ListRow, lang: Lang) -> String {
    marked(row, &row.label, lang)
}

/// A name, marked with a lock and a word when the record is confidential.
fn marked(row: &ListRow, text: &str, lang: Lang) -> String {
    if row.record.meta().confidentiality.confidential {
        format!("{text} 🔒 {}", Phrase::Confidential.text(lang))
    } else {
        text.to_owned()
    }
}

/// A school's name, after its state when it is not simply open (« à
/// ouvrir · Collège … »): in front, where a narrow column cannot cut it.
fn with_state(state: OpeningState, name: &str, lang: Lang) -> String {
    match state {
        OpeningState::Open => name.to_owned(),
        other => format!("{} · {name}", other.label(lang)),
    }
}

/// What marks a row made up by `passerelle demo`, in a gutter before
/// the columns (so that no column is cut for it); the list says what it
/// means ([`Phrase::DemoLegend`]).
pub const DEMO_MARK: &str = "◇";

/// The cells of one row, in the order of the columns.
pub type Cells = fn(&ListRow, Lang) -> Vec<String>;

/// The columns of a list of `kind`, with the function that fills a row.
pub fn list_columns(kind: Kind, lang: Lang) -> ListColumns {
    let (columns, cells): (Vec<Column>, Cells) = match kind {
        Kind::School => (
            vec![
                Column::new("n°", 5).keep(1),
                Column::new("UAI", 8).keep(8),
                Column::new(Field::Name.label(lang), 16)
                    .grow()
                    .sorted_by(Order::Name)
                    .keep(10),
                Column::new(Field::Kind.label(lang), 8).keep(3),
                Column::new(Field::Commune.label(lang), 10).grow().keep(3),
                Column::new(Field::Academie.label(lang), 9).keep(3),
            ],
            |row, lang| match &row.record {
                Record::School(s) => vec![
                    s.meta.id.to_string(),
                    s.uai.to_string(),
                    marked(row, &with_state(s.opening_state, &s.name, lang), lang),
                    s.kind.label(lang).into(),
                    s.commune.clone(),
                    s.uai.academie().map(|a| a.label(lang)).unwrap_or("").into(),
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Company => (
            vec![
                Column::new("n°", 5).keep(1),
                Column::new("SIRET", 14).keep(7),
                Column::new(Field::Name.label(lang), 16)
                    .grow()
                    .sorted_by(Order::Name)
                    .keep(10),
                Column::new(Field::Commune.label(lang), 10).grow().keep(3),
                Column::new(Field::CpmeMember.label(lang), 5).keep(3),
                Column::new(Field::Academie.label(lang), 9).keep(3),
            ],
            |row, lang| match &row.record {
                Record::Company(c) => vec![
                    c.meta.id.to_string(),
                    c.siret.to_string(),
                    name(row, lang),
                    c.commune.clone(),
                    yes_no(c.cpme_member, lang).into(),
                    c.postal_code
                        .academie()
                        .map(|a| a.label(lang))
                        .unwrap_or("")
                        .into(),
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Contact => (
            vec![
                Column::new("n°", 5).keep(1),
                Column::new(Field::Name.label(lang), 16)
                    .grow()
                    .sorted_by(Order::Name)
                    .keep(10),
                Column::new(Field::Role.label(lang), 8).keep(3),
                Column::new(Field::Organisation.label(lang), 12)
                    .grow()
                    .keep(6),
            ],
            |row, lang| match &row.record {
                Record::Contact(c) => vec![
                    c.meta.id.to_string(),
                    name(row, lang),
                    c.role.label(lang).into(),
                    match c.organisation {
                        ContactOrganisation::Service { service, academie } => {
                            format!("{} — {}", service.label(lang), academie.label(lang))
                        }
                        ContactOrganisation::Cpme => {
                            crate::domain::Organisation::CpmeIdf.label(lang).into()
                        }
                        _ => linked(row, LinkRole::Organisation),
                    },
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Learner => (
            vec![
                Column::new("n°", 5).keep(1),
                Column::new(Field::Name.label(lang), 16)
                    .grow()
                    .sorted_by(Order::Name)
                    .keep(10),
                Column::new(Field::Level.label(lang), 6).keep(3),
                Column::new(Field::School.label(lang), 12).grow().keep(6),
                Column::new(Field::SchoolYear.label(lang), 9).keep(3),
            ],
            |row, lang| match &row.record {
                Record::Learner(l) => vec![
                    l.meta.id.to_string(),
                    name(row, lang),
                    l.level.label(lang).into(),
                    linked(row, LinkRole::School),
                    l.school_year.to_string(),
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Placement => (
            vec![
                Column::new("n°", 5).keep(1),
                Column::new(Field::Learner.label(lang), 14)
                    .grow()
                    .sorted_by(Order::Name)
                    .keep(10),
                Column::new(Field::Kind.label(lang), 8).keep(3),
                // "entreprise proposée", "convention signée": the status
                // is what a coordinator reads first.
                Column::new(Field::Status.label(lang), 17).keep(9),
                Column::new(Field::Start.label(lang), 10)
                    .sorted_by(Order::Date)
                    .keep(8),
                Column::new(Field::Company.label(lang), 12).grow().keep(6),
                Column::new(Field::Missing.label(lang), 10).grow().keep(3),
            ],
            |row, lang| match &row.record {
                Record::Placement(p) => vec![
                    p.meta.id.to_string(),
                    name(row, lang),
                    p.kind.label(lang).into(),
                    p.status.label(lang).into(),
                    date(lang, p.start),
                    linked(row, LinkRole::Company),
                    p.missing()
                        .iter()
                        .map(|m| m.label(lang))
                        .collect::<Vec<_>>()
                        .join(", "),
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Immersion => (
            vec![
                Column::new("n°", 5).keep(1),
                Column::new(Field::Person.label(lang), 14)
                    .grow()
                    .sorted_by(Order::Name)
                    .keep(10),
                Column::new(Field::Company.label(lang), 12).grow().keep(6),
                Column::new(Field::Start.label(lang), 10)
                    .sorted_by(Order::Date)
                    .keep(8),
                Column::new(Field::Days.label(lang), 5).keep(3),
                Column::new(Field::Status.label(lang), 17).keep(9),
            ],
            |row, lang| match &row.record {
                Record::Immersion(i) => vec![
                    i.meta.id.to_string(),
                    name(row, lang),
                    linked(row, LinkRole::Company),
                    date(lang, i.start),
                    i.days.to_string(),
                    // Done and not evaluated: the list says what is due.
                    if i.status == crate::domain::status::ImmersionStatus::Done {
                        format!(
                            "{} — {}",
                            i.status.label(lang),
                            Phrase::ToEvaluate.text(lang)
                        )
                    } else {
                        i.status.label(lang).into()
                    },
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Event => (
            vec![
                Column::new("n°", 5).keep(1),
                Column::new(Field::Date.label(lang), 10)
                    .sorted_by(Order::Date)
                    .keep(9),
                Column::new(Field::Title.label(lang), 16)
                    .grow()
                    .sorted_by(Order::Name)
                    .keep(10),
                Column::new(Field::Kind.label(lang), 8).keep(3),
                Column::new(Field::Place.label(lang), 10).grow().keep(3),
            ],
            |row, lang| match &row.record {
                Record::Event(e) => vec![
                    e.meta.id.to_string(),
                    date(lang, e.date),
                    name(row, lang),
                    e.kind.label(lang).into(),
                    e.place.clone(),
                ],
                _ => Vec::new(),
            },
        ),
        Kind::Agreement => (
            vec![
                Column::new("n°", 5).keep(1),
                Column::new(Field::Title.label(lang), 16)
                    .grow()
                    .sorted_by(Order::Name)
                    .keep(10),
                Column::new(Field::Kind.label(lang), 8).keep(3),
                Column::new(Field::Status.label(lang), 10).keep(9),
                Column::new(Field::SignedOn.label(lang), 10)
                    .sorted_by(Order::Date)
                    .keep(3),
                Column::new(Field::EndsOn.label(lang), 10).keep(3),
            ],
            |row, lang| match &row.record {
                Record::Agreement(a) => vec![
                    a.meta.id.to_string(),
                    name(row, lang),
                    a.kind.label(lang).into(),
                    a.status.label(lang).into(),
                    a.signed_on.map(|d| date(lang, d)).unwrap_or_default(),
                    a.ends_on().map(|d| date(lang, d)).unwrap_or_default(),
                ],
                _ => Vec::new(),
            },
        ),
    };
    ListColumns { columns, cells }
}
