//! One record: its fields on one side, what it points at and what
//! points at it on the other, the selected link ready to follow.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::Kind;
use crate::i18n::consent::{consent_heading, consent_text, no_consent};
use crate::i18n::editing::{more_rows, placement_of_the_learner};
use crate::i18n::labels::Label;
use crate::i18n::record_view::record_fields;
use crate::i18n::tui::{Words, all_of, list_title};
use crate::i18n::{Phrase, count, date_time};
use crate::tui::app::App;
use crate::tui::app::detail::{DetailItem, DetailScreen};
use crate::tui::safe_text::safe;
use crate::tui::view::loadable::{Failure, ready_or_draw};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, detail: &DetailScreen) {
    let lang = app.lang;
    let theme = app.theme;
    let Some(data) = ready_or_draw(frame, area, app, &detail.data, Failure::OneLine) else {
        return;
    };
    let record = &data.record;
    let mut title = vec![Span::styled(safe(&data.label).into_owned(), theme.title())];
    if data.demo {
        title.push(Span::styled(
            format!(" {}", Phrase::DemoLegend.text(lang)),
            theme.muted(),
        ));
    }
    if record.meta().confidentiality.confidential {
        title.push(Span::styled(
            format!(" 🔒 {}", Words::Confidential.text(lang)),
            theme.warning(),
        ));
        if data.revealed {
            title.push(Span::styled(
                format!(" · 🔓 {}", Words::Revealed.text(lang)),
                theme.warning(),
            ));
        }
    }
    let [fields_area, items_area] = if area.width >= 100 {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    } else {
        Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(area)
    };

    let fields_block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Line::from(title));
    let shows_consent = record.meta().confidentiality.confidential || data.consent.is_some();
    let label_width = record_fields(record, &data.links, &detail.described, lang)
        .iter()
        .map(|f| unicode_width::UnicodeWidthStr::width(f.field.label(lang)))
        .chain(shows_consent.then(|| unicode_width::UnicodeWidthStr::width(consent_heading(lang))))
        .max()
        .unwrap_or(0);
    // Values wrapped under themselves, the label column kept; their own
    // lines (notes) as lines.
    let width = fields_area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = record_fields(record, &data.links, &detail.described, lang)
        .into_iter()
        .flat_map(|line| {
            labelled(
                line.field.label(lang),
                &line.value,
                label_width,
                width,
                theme.muted(),
            )
        })
        .collect();
    let meta = record.meta();
    if shows_consent {
        let consent = match &data.consent {
            Some(consent) => consent_text(consent, lang),
            None => no_consent(lang).to_owned(),
        };
        lines.extend(labelled(
            consent_heading(lang),
            &consent,
            label_width,
            width,
            theme.muted(),
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "{} {} · {} {}, {}",
            Phrase::Revision.text(lang),
            meta.revision,
            Phrase::UpdatedBy.text(lang),
            safe(&meta.updated_by),
            date_time(lang, meta.updated_at)
        ),
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(lines).block(fields_block), fields_area);
    draw_items(frame, items_area, app, detail);
}

/// A value beside its label, `label_width` wide, in `width` columns: its
/// lines broken at spaces, each row after the first under the value.
fn labelled(
    label: &str,
    value: &str,
    label_width: usize,
    width: usize,
    label_style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    let padding = label_width.saturating_sub(unicode_width::UnicodeWidthStr::width(label));
    let indent = " ".repeat(label_width + 1);
    let room = width.saturating_sub(label_width + 1).max(1);
    let rows: Vec<String> = value
        .split('\n')
        .flat_map(|line| crate::tui::wrap::wrap(&safe(line), room, "", "", usize::MAX))
        .collect();
    rows.into_iter()
        .enumerate()
        .map(|(index, row)| {
            if index == 0 {
                Line::from(vec![
                    Span::styled(format!("{label}{} ", " ".repeat(padding)), label_style),
                    Span::raw(row),
                ])
            } else {
                Line::from(format!("{indent}{row}"))
            }
        })
        .collect()
}

fn draw_items(frame: &mut Frame, area: Rect, app: &App, detail: &DetailScreen) {
    let lang = app.lang;
    let theme = app.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(Span::styled(Words::LinkedRecords.text(lang), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let items = detail.items();
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(Words::Nothing.text(lang)).style(theme.muted()),
            inner,
        );
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    let mut group: Option<Option<Kind>> = None;
    let totals = detail
        .data
        .ready()
        .map(|d| d.dependents.clone())
        .unwrap_or_default();
    for (index, item) in items.iter().enumerate() {
        let this_group = match item {
            DetailItem::Link(_) => None,
            DetailItem::Dependent(l) => Some(l.reference.kind),
            DetailItem::All { kind, .. } => Some(*kind),
        };
        if group != Some(this_group) {
            let heading = match this_group {
                None => Words::Links.text(lang).to_owned(),
                Some(kind) => {
                    let total = totals
                        .iter()
                        .find(|g| g.kind == kind)
                        .map_or(0, |g| g.total);
                    format!("{} ({})", list_title(lang, kind), count(lang, total as u64))
                }
            };
            if !lines.is_empty() {
                lines.push(Line::default());
            }
            lines.push(Line::styled(heading, theme.header()));
            group = Some(this_group);
        }
        let text = match item {
            DetailItem::Link(linked) => match linked.role {
                Some(role) => format!(
                    "{}{}{}",
                    role.label(lang),
                    lang.colon(),
                    safe(&linked.label)
                ),
                None => safe(&linked.label).into_owned(),
            },
            DetailItem::Dependent(linked) => {
                let described = detail
                    .described
                    .get(&linked.reference)
                    .and_then(|described| placement_of_the_learner(lang, described));
                match described {
                    Some(described) => safe(&described).into_owned(),
                    None => {
                        let mark = if linked.confidential { " 🔒" } else { "" };
                        format!("{}{mark}", safe(&linked.label))
                    }
                }
            }
            DetailItem::All { kind, total } => all_of(lang, *kind, *total),
        };
        if index == detail.selected {
            selected_line = lines.len();
        }
        let style = if index == detail.selected {
            theme.selected()
        } else {
            theme.plain()
        };
        let text = crate::i18n::fit(&format!("  {text}"), inner.width as usize);
        lines.push(Line::styled(text, style));
    }
    // Scrolled so that the selection shows, above a last row that says
    // how many rows are below.
    let height = inner.height as usize;
    let scroll = selected_line.saturating_sub(height.saturating_sub(2).max(1));
    let mut shown: Vec<Line> = lines.iter().skip(scroll).take(height).cloned().collect();
    let below = lines.len().saturating_sub(scroll + height);
    if below > 0 && height > 1 {
        shown.truncate(height - 1);
        let more = format!("{} (↓)", more_rows(lang, below + 1));
        shown.push(Line::styled(
            crate::i18n::fit(&format!("  {more}"), inner.width as usize),
            theme.muted(),
        ));
    }
    frame.render_widget(Paragraph::new(shown), inner);
}
