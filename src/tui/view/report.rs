//! The yearly report's screen: two bar charts (placements by start
//! month, what the evaluations concluded) above the tables, which
//! scroll; in the comparison, each month has this year's bar then the
//! year before's (the order says which, not only the colour).

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};

use crate::i18n::labels::Label;
use crate::i18n::report::{Chart, chart_title};
use crate::i18n::tui::{Words, month_initial};
use crate::i18n::{count, date, fit};
use crate::service::report::Report;
use crate::tui::app::report::{LineRole, ReportScreen, layout, report_lines};
use crate::tui::app::{App, CHROME_ROWS, Viewport};
use crate::tui::view::loadable::{Failure, ready_or_draw};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &ReportScreen) {
    let Some(report) = ready_or_draw(frame, area, app, &screen.data, Failure::Wrapped) else {
        return;
    };
    // The state scrolls at its idea of the size; the drawing follows the
    // area it is given, with the same rule.
    let (charts, _) = layout(Viewport {
        width: area.width,
        height: area.height.saturating_add(CHROME_ROWS),
    });
    let [chart_area, tables] =
        Layout::vertical([Constraint::Length(charts), Constraint::Fill(1)]).areas(area);
    if charts > 0 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(chart_area);
        draw_months(frame, left, app, report, screen.comparing);
        draw_outcomes(frame, right, app, report);
    }
    draw_tables(frame, tables, app, report, screen);
}

fn block<'a>(app: &App, title: String, focused: bool) -> Block<'a> {
    let theme = app.theme;
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        })
        .title(Span::styled(title, theme.title()))
}

fn draw_months(frame: &mut Frame, area: Rect, app: &App, report: &Report, comparing: bool) {
    let lang = app.lang;
    let now = &report.current;
    let mut title = format!(
        "{} {}",
        chart_title(lang, Chart::PlacementsByMonth),
        now.year
    );
    if comparing {
        title = format!("{title} | {}", report.previous.year);
    }
    let block = block(
        app,
        fit(&title, area.width.saturating_sub(2) as usize),
        false,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let months = &now.placements.by_month;
    if months.is_empty() || inner.width < 12 {
        return;
    }
    let label = |month: chrono::NaiveDate, room: u16| -> Line<'static> {
        let name = month_initial(lang, month.month());
        Line::from(name.chars().take(room as usize).collect::<String>())
    };
    let chart = if comparing {
        // Two bars a month and a gap between months.
        let groups = months.len() as u16;
        let bar_width = (inner.width.saturating_sub(groups - 1) / (groups * 2)).max(1);
        let previous = &report.previous.placements.by_month;
        let data: Vec<BarGroup> = months
            .iter()
            .zip(previous)
            .map(|(this, before)| {
                BarGroup::default()
                    .label(label(this.month, bar_width * 2))
                    .bars(&[
                        Bar::default()
                            .value(this.count)
                            .text_value(String::new())
                            .style(app.theme.bar()),
                        Bar::default()
                            .value(before.count)
                            .text_value(String::new())
                            .style(app.theme.muted()),
                    ])
            })
            .collect();
        let mut chart = BarChart::default()
            .bar_width(bar_width)
            .bar_gap(0)
            .group_gap(1);
        for group in data {
            chart = chart.data(group);
        }
        chart
    } else {
        let gaps = months.len().saturating_sub(1) as u16;
        let bar_width = (inner.width.saturating_sub(gaps) / months.len() as u16).max(1);
        let bars: Vec<Bar> = months
            .iter()
            .map(|month| {
                let shown = count(lang, month.count);
                let fits = bar_width as usize >= shown.chars().count();
                Bar::default()
                    .value(month.count)
                    .label(label(month.month, bar_width))
                    .text_value(if fits { shown } else { String::new() })
            })
            .collect();
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(1)
            .bar_style(app.theme.bar())
            .value_style(app.theme.selected())
    };
    frame.render_widget(chart, inner);
}

fn draw_outcomes(frame: &mut Frame, area: Rect, app: &App, report: &Report) {
    let lang = app.lang;
    let title = fit(
        chart_title(lang, Chart::Outcomes),
        area.width.saturating_sub(2) as usize,
    );
    let block = block(app, title, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let renewal = &report.current.immersions.evaluations.renewal;
    if renewal.is_empty() || inner.width < 6 {
        return;
    }
    let gaps = renewal.len().saturating_sub(1) as u16;
    let bar_width = (inner.width.saturating_sub(gaps) / renewal.len() as u16).max(1);
    let bars: Vec<Bar> = renewal
        .iter()
        .map(|line| {
            let name = crate::i18n::fit(line.renew.label(lang), bar_width as usize);
            Bar::default()
                .value(line.count)
                .label(Line::from(name))
                .text_value(count(lang, line.count))
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1)
        .bar_style(app.theme.bar())
        .value_style(app.theme.selected());
    frame.render_widget(chart, inner);
}

fn draw_tables(frame: &mut Frame, area: Rect, app: &App, report: &Report, screen: &ReportScreen) {
    let lang = app.lang;
    let theme = app.theme;
    let mut title = format!("{} · {}", screen.title(lang), date(lang, report.today));
    if screen.is_loading() {
        title = format!("{title} · {}", Words::Loading.text(lang));
    }
    let block = block(
        app,
        fit(&title, area.width.saturating_sub(2) as usize),
        true,
    );
    let inner = block.inner(area);
    let lines = report_lines(report, lang, screen.comparing, inner.width as usize);
    let room = inner.height as usize;
    let first = screen.scroll.min(lines.len().saturating_sub(room));
    let last = (first + room).min(lines.len());
    let position = format!("{}–{}/{}", first + 1, last, lines.len());
    frame.render_widget(
        block.title_bottom(Line::styled(position, theme.muted()).right_aligned()),
        area,
    );
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let shown: Vec<Line> = lines
        .iter()
        .skip(first)
        .take(room)
        .map(|line| {
            let style = match line.role {
                LineRole::Section => theme.title(),
                LineRole::Title | LineRole::Total => bold,
                LineRole::Header => theme.header(),
                LineRole::Row | LineRole::Blank => theme.plain(),
            };
            Line::styled(line.text.clone(), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
