//! A list: its filters on one line, the columns that fit, the rows on
//! screen, and where the selection is in the whole listing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::i18n::Phrase;
use crate::i18n::count;
use crate::i18n::fit;
use crate::i18n::labels::Label;
use crate::i18n::list_columns::{DEMO_MARK, list_columns, sort_column};
use crate::i18n::tui::{Words, of_total};
use crate::tui::app::App;
use crate::tui::app::command::status_filter_label;
use crate::tui::app::list::{ListScreen, visible_rows};
use crate::tui::safe_text::safe;
use crate::tui::view::chrome::crumb;
use crate::tui::view::columns::fit_columns;
use crate::tui::view::popup::text_width;

/// The line of filters: text, académie, status, year, order.
fn filters_line(app: &App, list: &ListScreen) -> Line<'static> {
    let lang = app.lang;
    let theme = app.theme;
    let all = Words::All.text(lang);
    let mut spans: Vec<Span> = Vec::new();
    let mut field = |label: Words, value: String, set: bool| {
        spans.push(Span::styled(
            format!("{}{}", label.text(lang), lang.colon()),
            theme.muted(),
        ));
        spans.push(Span::styled(
            value,
            if set { theme.key() } else { theme.plain() },
        ));
        spans.push(Span::raw("  "));
    };
    let filter = safe(list.filter.text()).into_owned();
    let editing = list.editing_filter;
    field(
        Words::Filter,
        format!("/{filter}"),
        editing || !filter.is_empty(),
    );
    field(
        Words::Academie,
        list.academie
            .map_or(all.to_owned(), |a| a.label(lang).to_owned()),
        list.academie.is_some(),
    );
    if list.status.is_some()
        || matches!(
            list.kind,
            crate::domain::Kind::Placement
                | crate::domain::Kind::Immersion
                | crate::domain::Kind::Agreement
        )
    {
        field(
            Words::Status,
            list.status
                .map_or(Words::AllStatuses.text(lang).to_owned(), |s| {
                    status_filter_label(s, lang)
                }),
            list.status.is_some(),
        );
    }
    if list.has_dates() {
        field(
            Words::SchoolYear,
            list.school_year.map_or(all.to_owned(), |y| y.to_string()),
            list.school_year.is_some(),
        );
    }
    let direction = if list.descending {
        Words::Descending
    } else {
        Words::Ascending
    };
    // The column the list is sorted by, as its header names it: the arrow
    // in the header is on that column.
    field(
        Words::Sort,
        format!(
            "{} {}",
            sort_column(list.kind, list.order, lang),
            direction.text(lang)
        ),
        false,
    );
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, list: &ListScreen) {
    let lang = app.lang;
    let theme = app.theme;
    let mut counts = of_total(
        lang,
        list.matching_known(),
        list.rows.len() as u64,
        list.total,
    );
    if !list.marked.is_empty() {
        counts = format!(
            "{} · {counts}",
            crate::i18n::editing::marked(lang, list.marked.len())
        );
    }
    if list.rows.iter().any(|row| row.demo) {
        counts = format!("{} · {counts}", Phrase::DemoLegend.text(lang));
    }
    if let Some(position) = list.position() {
        counts = format!(
            "{} {} · {counts}",
            Words::Row.text(lang),
            count(lang, position)
        );
    }
    let title = app.top().map(|s| crumb(s, app)).unwrap_or_default();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(Span::styled(title, theme.title()))
        .title_top(Line::from(format!(" {counts} ")).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [filters, table_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(filters_line(app, list)), filters);
    if list.editing_filter {
        // The terminal's cursor where the next letter goes.
        let before: String = list
            .filter
            .text()
            .chars()
            .take(list.filter.cursor())
            .collect();
        let label = format!("{}{}/", Words::Filter.text(lang), lang.colon());
        let x = filters.x
            + crate::tui::view::popup::text_width(&label)
            + crate::tui::view::popup::text_width(&safe(&before));
        if x < filters.x + filters.width {
            frame.set_cursor_position(Position::new(x, filters.y));
        }
    }
    if let Some(error) = &list.error {
        frame.render_widget(
            Paragraph::new(safe(error).into_owned()).style(theme.error()),
            table_area,
        );
        return;
    }
    if !list.loaded {
        frame.render_widget(Paragraph::new(Words::Loading.text(lang)), table_area);
        return;
    }
    if list.rows.is_empty() && (list.is_loading() || list.more_after) {
        // A filter matching little: the search reads on, page by page.
        frame.render_widget(
            Paragraph::new(Words::Searching.text(lang)).style(theme.muted()),
            table_area,
        );
        return;
    }
    if list.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Words::NoMatch.text(lang)).style(theme.muted()),
            table_area,
        );
        return;
    }
    let columns = list_columns(list.kind, lang);
    // The widths the values of the rows held need (not only those on
    // screen, so that the columns stay put as the selection moves).
    let mut needed = vec![0u16; columns.columns.len()];
    for row in &list.rows {
        for (index, cell) in (columns.cells)(row, lang).iter().enumerate() {
            if let Some(width) = needed.get_mut(index) {
                *width = (*width).max(text_width(&safe(cell)));
            }
        }
    }
    // While rows are marked, a gutter of its own holds « ● » (in any
    // colour), and « ◇ » for demonstration records: the columns keep
    // their widths, less the gutter's, and none is cut by a mark.
    let selection_marks = !list.marked.is_empty();
    let demo_marks = list.rows.iter().any(|row| row.demo);
    let gutter = selection_marks || demo_marks;
    let gutter_width = if gutter {
        u16::from(selection_marks) + u16::from(demo_marks) + 1
    } else {
        0
    };
    let fitted = fit_columns(
        &columns.columns,
        &needed,
        table_area.width.saturating_sub(gutter_width),
    );
    let gutter_cell = |text: String| gutter.then(|| Cell::from(text));
    let header = Row::new(
        gutter_cell(String::new())
            .into_iter()
            .chain(fitted.iter().map(|(i, _)| {
                let column = &columns.columns[*i];
                let mut text = column.header.to_owned();
                if column.sort == Some(list.order) {
                    let arrow = if list.descending {
                        Words::Descending
                    } else {
                        Words::Ascending
                    };
                    text.push(' ');
                    text.push_str(arrow.text(lang));
                }
                Cell::from(text)
            })),
    )
    .style(theme.header());
    // The rows on screen; the state keeps the selection among them, but
    // a size that changed since is caught here too.
    let visible = (table_area.height.saturating_sub(1) as usize).max(1);
    let offset = if list.selected >= list.offset + visible {
        list.selected + 1 - visible
    } else {
        list.offset.min(list.selected)
    };
    debug_assert!(visible_rows(app.viewport) >= 1);
    let rows: Vec<Row> = list
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(index, row)| {
            let cells = (columns.cells)(row, lang);
            let style = if index == list.selected {
                theme.selected()
            } else {
                theme.plain()
            };
            let mut marks = String::new();
            if selection_marks {
                let marked = list.marked.contains_key(&row.record.reference());
                marks.push(if marked { '●' } else { ' ' });
            }
            if demo_marks {
                marks.push_str(if row.demo { DEMO_MARK } else { " " });
            }
            let mark = gutter_cell(marks);
            Row::new(mark.into_iter().chain(fitted.iter().map(|(i, width)| {
                let text = safe(cells.get(*i).map_or("", String::as_str));
                Cell::from(fit(&text, *width as usize))
            })))
            .style(style)
        })
        .collect();
    let widths: Vec<Constraint> = gutter
        .then_some(Constraint::Length(gutter_width.saturating_sub(1)))
        .into_iter()
        .chain(fitted.iter().map(|(_, w)| Constraint::Length(*w)))
        .collect();
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        table_area,
    );
}
