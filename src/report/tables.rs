//! The report's tables, once, in words of the language asked for: the
//! Markdown, HTML and CSV writers and the interface's screen lay out
//! the same tables, each escaping text its own way.

use crate::domain::academie::Academie;
use crate::domain::records::{EventKind, Missing, Renewal};
use crate::i18n::labels::Label;
use crate::i18n::report::{
    Column, Figure, Heading, NO_FIGURE, TableName, average, average_change, average_of, change,
    column, criterion, figure, first_action, heading, outside, points, renew_answer, share,
    table_title,
};
use crate::i18n::{Lang, count, short_month};
use crate::service::report::{
    Criterion, PerAcademie, Report, Split, YearFigures, is_held, total_of,
};

/// One cell: words, text from the store, or a number to write the way
/// each output writes numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Words of the catalogue.
    Label(String),
    /// Text from the store (a school's name, a remark): escaped and made
    /// safe by every writer.
    Stored(String),
    Count(u64),
    /// A count's change from the year before.
    Change(i64),
    /// A share from 0 to 1; `None` when there is nothing to divide.
    Share(Option<f64>),
    /// A share's change, in percentage points.
    Points(Option<f64>),
    /// An average rating, 1 to 5.
    Average(Option<f64>),
    AverageChange(Option<f64>),
}

impl Cell {
    /// As people read it, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let or_none = |value: &Option<f64>, write: &dyn Fn(f64) -> String| {
            value.map_or_else(|| NO_FIGURE.to_owned(), write)
        };
        match self {
            Cell::Label(text) | Cell::Stored(text) => text.clone(),
            Cell::Count(value) => count(lang, *value),
            Cell::Change(value) => change(lang, *value),
            Cell::Share(value) => or_none(value, &|v| share(lang, v)),
            Cell::Points(value) => or_none(value, &|v| points(lang, v)),
            Cell::Average(value) => or_none(value, &|v| average(lang, v)),
            Cell::AverageChange(value) => or_none(value, &|v| average_change(lang, v)),
        }
    }

    /// As a program reads it: digits without grouping, a point for
    /// decimals, a share from 0 to 1, nothing for no figure.
    pub fn raw(&self) -> String {
        let or_empty = |value: &Option<f64>, decimals: usize| {
            value.map_or_else(String::new, |v| format!("{v:.decimals$}"))
        };
        match self {
            Cell::Label(text) | Cell::Stored(text) => text.clone(),
            Cell::Count(value) => value.to_string(),
            Cell::Change(value) => value.to_string(),
            Cell::Share(value) | Cell::Points(value) => or_empty(value, 4),
            Cell::Average(value) | Cell::AverageChange(value) => or_empty(value, 2),
        }
    }

    /// Whether it is words (aligned left) rather than a number.
    pub fn is_text(&self) -> bool {
        matches!(self, Cell::Label(_) | Cell::Stored(_))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// A total, set apart from the lines it adds up.
    pub total: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: TableName,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Whether a column holds words (aligned left) rather than numbers:
    /// the first always, others when every cell of theirs is text.
    pub fn is_text_column(&self, index: usize) -> bool {
        index == 0
            || (!self.rows.is_empty()
                && self
                    .rows
                    .iter()
                    .all(|row| row.cells.get(index).is_none_or(Cell::is_text)))
    }
}

/// A part of the report: its heading and its tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: Heading,
    pub title: String,
    pub tables: Vec<Table>,
}

/// A stable name for each table, for CSV sections and HTML anchors.
pub fn code(name: TableName) -> &'static str {
    use TableName::*;
    match name {
        Summary => "summary",
        EventsByKind => "events_by_kind",
        PupilsByKind => "pupils_by_kind",
        PlacementsByKind => "placements_by_kind",
        PlacementsByStatus => "placements_by_status",
        StillPending => "placements_still_pending",
        PlacementsByMonth => "placements_by_month",
        ImmersionsByStatus => "immersions_by_status",
        WhoWent => "immersions_by_role",
        Evaluations => "evaluations",
        Ratings => "ratings",
        Companies => "partners",
        NewCompanies => "new_companies_by_academie",
        ActiveSchools => "active_schools",
        Remarks => "remarks",
        CompareEvents => "compare_events",
        ComparePupils => "compare_pupils",
        ComparePlacements => "compare_placements_by_kind",
        CompareStatuses => "compare_placements_by_status",
        CompareImmersions => "compare_immersions",
        CompareEvaluations => "compare_evaluations",
        ComparePartners => "compare_partners",
    }
}

/// "séquence d'observation" → "Séquence d'observation".
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn label(text: &str) -> Cell {
    Cell::Label(capitalised(text))
}

fn academie_name(academie: Option<Academie>, lang: Lang) -> &'static str {
    match academie {
        Some(academie) => academie.label(lang),
        None => outside(lang),
    }
}

fn academie_headers(first: Column, lang: Lang) -> Vec<String> {
    std::iter::once(column(lang, first).to_owned())
        .chain(
            PerAcademie::COLUMNS
                .iter()
                .map(|academie| academie_name(*academie, lang).to_owned()),
        )
        .chain(std::iter::once(column(lang, Column::Total).to_owned()))
        .collect()
}

fn academie_row(first: Cell, counts: &PerAcademie, total: bool) -> Row {
    let mut cells = vec![first];
    cells.extend(
        PerAcademie::COLUMNS
            .iter()
            .map(|academie| Cell::Count(counts.get(*academie))),
    );
    cells.push(Cell::Count(counts.total()));
    Row { cells, total }
}

/// A table of lines by académie, with their total last.
fn by_academie<K: Copy>(
    name: TableName,
    first: Column,
    lines: &[Split<K>],
    name_of: impl Fn(K) -> String,
    report: &Report,
    lang: Lang,
) -> Table {
    let mut rows: Vec<Row> = lines
        .iter()
        .map(|line| academie_row(label(&name_of(line.key)), &line.by_academie, false))
        .collect();
    let total = PerAcademie::sum(lines.iter().map(|line| &line.by_academie));
    rows.push(academie_row(
        label(figure(lang, Figure::Total)),
        &total,
        true,
    ));
    Table {
        name,
        title: table_title(lang, name, report.today),
        headers: academie_headers(first, lang),
        rows,
    }
}

fn simple(
    name: TableName,
    headers: &[Column],
    rows: Vec<Row>,
    report: &Report,
    lang: Lang,
) -> Table {
    Table {
        name,
        title: table_title(lang, name, report.today),
        headers: headers
            .iter()
            .map(|c| column(lang, *c).to_owned())
            .collect(),
        rows,
    }
}

fn row(cells: Vec<Cell>) -> Row {
    Row {
        cells,
        total: false,
    }
}

/// The key figures of a year, in the order of the summary.
fn key_figures(year: &YearFigures) -> Vec<(Figure, KeyValue)> {
    let evaluations = &year.immersions.evaluations;
    vec![
        (
            Figure::Events,
            KeyValue::Count(year.events.events_total().total()),
        ),
        (
            Figure::Pupils,
            KeyValue::Count(year.events.pupils_total().total()),
        ),
        (
            Figure::Placements,
            KeyValue::Count(year.placements.total().total()),
        ),
        (
            Figure::StillPending,
            KeyValue::Count(year.placements.still_pending.total()),
        ),
        (
            Figure::Held,
            KeyValue::Count(year.immersions.held().total()),
        ),
        (Figure::Evaluated, KeyValue::Count(evaluations.evaluated)),
        (
            Figure::RenewShare,
            KeyValue::Share(evaluations.renew_share()),
        ),
        (
            Figure::CompaniesInvolved,
            KeyValue::Count(year.companies.involved),
        ),
        (
            Figure::CompaniesNew,
            KeyValue::Count(year.companies.newly_involved.total()),
        ),
        (
            Figure::SchoolsInvolved,
            KeyValue::Count(year.schools_involved),
        ),
    ]
}

enum KeyValue {
    Count(u64),
    Share(Option<f64>),
}

/// A line of a comparison: this year, the year before, the change.
fn compared(first: Cell, now: u64, before: u64, total: bool) -> Row {
    Row {
        cells: vec![
            first,
            Cell::Count(now),
            Cell::Count(before),
            Cell::Change(now as i64 - before as i64),
        ],
        total,
    }
}

fn compared_share(first: Cell, now: Option<f64>, before: Option<f64>) -> Row {
    let difference = now.zip(before).map(|(now, before)| now - before);
    row(vec![
        first,
        Cell::Share(now),
        Cell::Share(before),
        Cell::Points(difference),
    ])
}

fn compared_average(first: Cell, now: Option<f64>, before: Option<f64>) -> Row {
    let difference = now.zip(before).map(|(now, before)| now - before);
    row(vec![
        first,
        Cell::Average(now),
        Cell::Average(before),
        Cell::AverageChange(difference),
    ])
}

fn comparison_headers(report: &Report, lang: Lang) -> Vec<String> {
    vec![
        column(lang, Column::Figure).to_owned(),
        report.current.year.to_string(),
        report.previous.year.to_string(),
        column(lang, Column::Change).to_owned(),
    ]
}

fn comparison_table(name: TableName, rows: Vec<Row>, report: &Report, lang: Lang) -> Table {
    Table {
        name,
        title: table_title(lang, name, report.today),
        headers: comparison_headers(report, lang),
        rows,
    }
}

/// The key figures of the year beside the year before's.
pub fn summary(report: &Report, lang: Lang) -> Table {
    let rows = key_figures(&report.current)
        .into_iter()
        .zip(key_figures(&report.previous))
        .map(|((which, now), (_, before))| {
            let first = label(figure(lang, which));
            match (now, before) {
                (KeyValue::Count(now), KeyValue::Count(before)) => {
                    compared(first, now, before, false)
                }
                (KeyValue::Share(now), KeyValue::Share(before)) => {
                    compared_share(first, now, before)
                }
                // The two years' figures have the same shapes.
                _ => row(vec![first]),
            }
        })
        .collect();
    comparison_table(TableName::Summary, rows, report, lang)
}

/// Lines of a comparison by kind or status, with their total.
fn compared_lines<K: Copy + PartialEq>(
    now: &[Split<K>],
    before: &[Split<K>],
    name_of: impl Fn(K) -> String,
    lang: Lang,
) -> Vec<Row> {
    let mut rows: Vec<Row> = now
        .iter()
        .map(|line| {
            compared(
                label(&name_of(line.key)),
                line.by_academie.total(),
                total_of(before, line.key),
                false,
            )
        })
        .collect();
    let total = |lines: &[Split<K>]| lines.iter().map(|l| l.by_academie.total()).sum::<u64>();
    rows.push(compared(
        label(figure(lang, Figure::Total)),
        total(now),
        total(before),
        true,
    ));
    rows
}

/// Every table of the comparison with the year before.
pub fn comparison(report: &Report, lang: Lang) -> Section {
    let (now, before) = (&report.current, &report.previous);
    let mut statuses = compared_lines(
        &now.placements.by_status,
        &before.placements.by_status,
        |s| s.label(lang).to_owned(),
        lang,
    );
    statuses.push(compared(
        label(figure(lang, Figure::StillPending)),
        now.placements.still_pending.total(),
        before.placements.still_pending.total(),
        false,
    ));
    let mut immersions = compared_lines(
        &now.immersions.by_status,
        &before.immersions.by_status,
        |s| s.label(lang).to_owned(),
        lang,
    );
    immersions.push(compared(
        label(figure(lang, Figure::Held)),
        now.immersions.held().total(),
        before.immersions.held().total(),
        false,
    ));
    let (e_now, e_before) = (&now.immersions.evaluations, &before.immersions.evaluations);
    let mut evaluations = vec![compared(
        label(figure(lang, Figure::Evaluated)),
        e_now.evaluated,
        e_before.evaluated,
        false,
    )];
    evaluations.extend(Renewal::ALL.iter().map(|renew| {
        compared_share(
            Cell::Label(renew_answer(lang, renew.label(lang))),
            e_now.share(*renew),
            e_before.share(*renew),
        )
    }));
    evaluations.extend(Criterion::ALL.iter().map(|c| {
        compared_average(
            Cell::Label(average_of(lang, criterion(lang, *c))),
            e_now.average(*c),
            e_before.average(*c),
        )
    }));
    let partners = vec![
        compared(
            label(figure(lang, Figure::CompaniesInvolved)),
            now.companies.involved,
            before.companies.involved,
            false,
        ),
        compared(
            label(figure(lang, Figure::CompaniesNew)),
            now.companies.newly_involved.total(),
            before.companies.newly_involved.total(),
            false,
        ),
        compared(
            label(figure(lang, Figure::SchoolsInvolved)),
            now.schools_involved,
            before.schools_involved,
            false,
        ),
    ];
    let kind_name = |k: EventKind| k.label(lang).to_owned();
    Section {
        heading: Heading::Comparison,
        title: heading(lang, Heading::Comparison, before.year),
        tables: vec![
            comparison_table(
                TableName::CompareEvents,
                compared_lines(&now.events.events, &before.events.events, kind_name, lang),
                report,
                lang,
            ),
            comparison_table(
                TableName::ComparePupils,
                compared_lines(&now.events.pupils, &before.events.pupils, kind_name, lang),
                report,
                lang,
            ),
            comparison_table(
                TableName::ComparePlacements,
                compared_lines(
                    &now.placements.by_kind,
                    &before.placements.by_kind,
                    |k| k.label(lang).to_owned(),
                    lang,
                ),
                report,
                lang,
            ),
            comparison_table(TableName::CompareStatuses, statuses, report, lang),
            comparison_table(TableName::CompareImmersions, immersions, report, lang),
            comparison_table(TableName::CompareEvaluations, evaluations, report, lang),
            comparison_table(TableName::ComparePartners, partners, report, lang),
        ],
    }
}

/// The year's own tables, section by section (the comparison apart).
pub fn sections(report: &Report, lang: Lang) -> Vec<Section> {
    let before = report.previous.year;
    let section = |which: Heading, tables: Vec<Table>| Section {
        heading: which,
        title: heading(lang, which, before),
        tables,
    };
    let mut sections = vec![
        section(Heading::Summary, vec![summary(report, lang)]),
        section(Heading::Events, event_tables(report, lang)),
        section(Heading::Placements, placement_tables(report, lang)),
        section(Heading::Immersions, immersion_tables(report, lang)),
        section(Heading::Partners, partner_tables(report, lang)),
    ];
    if let Some(remarks) = &report.remarks {
        let rows = remarks
            .quoted
            .iter()
            .map(|remark| {
                row(vec![
                    Cell::Stored(remark.text.clone()),
                    Cell::Count(remark.evaluations),
                ])
            })
            .collect();
        sections.push(section(
            Heading::Remarks,
            vec![simple(
                TableName::Remarks,
                &[Column::Remark, Column::Evaluations],
                rows,
                report,
                lang,
            )],
        ));
    }
    sections
}

fn event_tables(report: &Report, lang: Lang) -> Vec<Table> {
    let events = &report.current.events;
    let name = |k: EventKind| k.label(lang).to_owned();
    vec![
        by_academie(
            TableName::EventsByKind,
            Column::Kind,
            &events.events,
            name,
            report,
            lang,
        ),
        by_academie(
            TableName::PupilsByKind,
            Column::Kind,
            &events.pupils,
            name,
            report,
            lang,
        ),
    ]
}

fn placement_tables(report: &Report, lang: Lang) -> Vec<Table> {
    let placements = &report.current.placements;
    let mut pending = vec![academie_row(
        label(figure(lang, Figure::StillPending)),
        &placements.still_pending,
        true,
    )];
    for line in &placements.missing {
        let which = match line.key {
            Missing::Company => Figure::WithoutCompany,
            Missing::Signature => Figure::WithoutSignature,
            Missing::Tutor => Figure::WithoutTutor,
        };
        // "dont …" reads on from the total above it: not capitalised.
        pending.push(academie_row(
            Cell::Label(figure(lang, which).to_owned()),
            &line.by_academie,
            false,
        ));
    }
    let months = placements
        .by_month
        .iter()
        .zip(&report.previous.placements.by_month)
        .map(|(now, before)| {
            // The month alone: each column is a school year, so a row
            // holds two Septembers (2026 and 2025), not one.
            row(vec![
                label(short_month(lang, now.month)),
                Cell::Count(now.count),
                Cell::Count(before.count),
            ])
        })
        .collect();
    vec![
        by_academie(
            TableName::PlacementsByKind,
            Column::Kind,
            &placements.by_kind,
            |k| k.label(lang).to_owned(),
            report,
            lang,
        ),
        by_academie(
            TableName::PlacementsByStatus,
            Column::Status,
            &placements.by_status,
            |s| s.label(lang).to_owned(),
            report,
            lang,
        ),
        Table {
            name: TableName::StillPending,
            title: table_title(lang, TableName::StillPending, report.today),
            headers: academie_headers(Column::Figure, lang),
            rows: pending,
        },
        Table {
            name: TableName::PlacementsByMonth,
            title: table_title(lang, TableName::PlacementsByMonth, report.today),
            headers: vec![
                column(lang, Column::Month).to_owned(),
                report.current.year.to_string(),
                report.previous.year.to_string(),
            ],
            rows: months,
        },
    ]
}

fn immersion_tables(report: &Report, lang: Lang) -> Vec<Table> {
    let immersions = &report.current.immersions;
    let mut by_status = by_academie(
        TableName::ImmersionsByStatus,
        Column::Status,
        &immersions.by_status,
        |s| s.label(lang).to_owned(),
        report,
        lang,
    );
    let held = PerAcademie::sum(
        immersions
            .by_status
            .iter()
            .filter(|line| is_held(line.key))
            .map(|line| &line.by_academie),
    );
    by_status
        .rows
        .push(academie_row(label(figure(lang, Figure::Held)), &held, true));
    let roles = immersions
        .held_by_role
        .iter()
        .map(|line| row(vec![label(line.role.label(lang)), Cell::Count(line.count)]))
        .collect();
    let evaluations = &immersions.evaluations;
    let mut outcomes: Vec<Row> = evaluations
        .renewal
        .iter()
        .map(|line| {
            row(vec![
                label(line.renew.label(lang)),
                Cell::Count(line.count),
                Cell::Share(evaluations.share(line.renew)),
            ])
        })
        .collect();
    outcomes.push(Row {
        cells: vec![
            label(figure(lang, Figure::Evaluated)),
            Cell::Count(evaluations.evaluated),
            Cell::Share((evaluations.evaluated > 0).then_some(1.0)),
        ],
        total: true,
    });
    let ratings = Criterion::ALL
        .iter()
        .map(|c| {
            row(vec![
                label(criterion(lang, *c)),
                Cell::Average(evaluations.average(*c)),
            ])
        })
        .collect();
    vec![
        by_status,
        simple(
            TableName::WhoWent,
            &[Column::Role, Column::Immersions],
            roles,
            report,
            lang,
        ),
        simple(
            TableName::Evaluations,
            &[Column::Answer, Column::Evaluations, Column::Share],
            outcomes,
            report,
            lang,
        ),
        simple(
            TableName::Ratings,
            &[Column::Criterion, Column::Average],
            ratings,
            report,
            lang,
        ),
    ]
}

fn partner_tables(report: &Report, lang: Lang) -> Vec<Table> {
    let year = &report.current;
    let companies = &year.companies;
    let mut partners = vec![
        row(vec![
            label(figure(lang, Figure::CompaniesInvolved)),
            Cell::Count(companies.involved),
        ]),
        row(vec![
            label(figure(lang, Figure::CompaniesNew)),
            Cell::Count(companies.newly_involved.total()),
        ]),
    ];
    partners.extend(companies.new_by_first.iter().map(|line| {
        row(vec![
            Cell::Label(
                format!(
                    "    {} : {}",
                    column(lang, Column::FirstAction),
                    first_action(lang, line.kind)
                )
                .replace(" : ", lang.colon()),
            ),
            Cell::Count(line.count),
        ])
    }));
    partners.push(row(vec![
        label(figure(lang, Figure::SchoolsInvolved)),
        Cell::Count(year.schools_involved),
    ]));
    let schools = report
        .active_schools
        .iter()
        .map(|school| {
            row(vec![
                Cell::Stored(school.name.clone()),
                Cell::Label(academie_name(school.academie, lang).to_owned()),
                Cell::Count(school.placements),
            ])
        })
        .collect();
    vec![
        simple(
            TableName::Companies,
            &[Column::Figure, Column::Count],
            partners,
            report,
            lang,
        ),
        Table {
            name: TableName::NewCompanies,
            title: table_title(lang, TableName::NewCompanies, report.today),
            headers: academie_headers(Column::Figure, lang),
            rows: vec![academie_row(
                label(figure(lang, Figure::CompaniesNew)),
                &companies.newly_involved,
                false,
            )],
        },
        simple(
            TableName::ActiveSchools,
            &[Column::School, Column::Academie, Column::Placements],
            schools,
            report,
            lang,
        ),
    ]
}
