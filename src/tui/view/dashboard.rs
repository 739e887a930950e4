//! The dashboard: pending placements by what they lack, immersions to
//! evaluate, the coming week, agreements near their notice, a bar chart
//! of the school year and the counts per académie.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Row, Table};

use crate::domain::Kind;
use crate::domain::academie::Academie;
use crate::domain::dates::SchoolYear;
use crate::i18n::labels::{Label, academie_or_outside};
use crate::i18n::phrases::and_more;
use crate::i18n::tui::{Words, month_initial, short_kind};
use crate::i18n::{Lang, Phrase, count, date};
use crate::service::status::StatusResponse;
use crate::tui::app::App;
use crate::tui::app::dashboard::{Dashboard, Panel};
use crate::tui::safe_text::safe;
use crate::tui::view::loadable::{Failure, ready_or_draw};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, dashboard: &Dashboard) {
    let Some(status) = ready_or_draw(frame, area, app, &dashboard.status, Failure::OneLine) else {
        return;
    };
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)]).areas(area);
    let [pending, immersions] =
        Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(left);
    let [chart, events, notices, counts] = Layout::vertical([
        Constraint::Length(8),
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Length(7),
    ])
    .areas(right);
    draw_pending(frame, pending, app, dashboard, status);
    draw_immersions(frame, immersions, app, dashboard, status);
    draw_chart(frame, chart, app, status);
    draw_events(frame, events, app, dashboard, status);
    draw_notices(frame, notices, app, dashboard, status);
    draw_counts(frame, counts, app, status);
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

/// The style of item `index` of `panel`.
fn item_style(app: &App, dashboard: &Dashboard, panel: Panel, index: usize) -> Style {
    if dashboard.selected_in(panel) != index {
        return app.theme.plain();
    }
    if dashboard.panel == panel {
        app.theme.selected()
    } else {
        app.theme.selected_unfocused()
    }
}

/// The lines of a panel, scrolled so that its selected item shows.
fn scrolled(lines: Vec<Line<'static>>, selected_line: usize, height: u16) -> Paragraph<'static> {
    let scroll = (selected_line + 1).saturating_sub(height as usize);
    Paragraph::new(lines).scroll((scroll.min(u16::MAX as usize) as u16, 0))
}

/// An item line: its cells joined, cut to the width.
fn item(cells: &[&str], width: u16, style: Style) -> Line<'static> {
    let text = cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| safe(c).into_owned())
        .collect::<Vec<_>>()
        .join("  ");
    let text = crate::i18n::fit(&text, width as usize);
    let padding =
        (width as usize).saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()));
    Line::styled(format!("{text}{}", " ".repeat(padding)), style)
}

fn draw_pending(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    dashboard: &Dashboard,
    status: &StatusResponse,
) {
    let lang = app.lang;
    let placements = &status.placements;
    let title = format!(
        "{} : {}",
        Phrase::PlacementsPending.text(lang),
        count(lang, placements.pending)
    )
    .replace(" : ", lang.colon());
    let block = block(app, title, dashboard.panel == Panel::Pending);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width;
    let mut lines: Vec<Line> = Vec::new();
    let label_width = placements
        .by_missing
        .iter()
        .map(|m| unicode_width::UnicodeWidthStr::width(m.missing_label(lang)))
        .max()
        .unwrap_or(0);
    for missing in &placements.by_missing {
        let label = missing.missing_label(lang);
        let padding = label_width - unicode_width::UnicodeWidthStr::width(label);
        lines.push(Line::from(vec![
            Span::raw(format!("{label}{}  ", " ".repeat(padding))),
            Span::styled(count(lang, missing.count), app.theme.key()),
        ]));
    }
    lines.push(Line::styled(
        Phrase::OldestPending.text(lang),
        app.theme.muted(),
    ));
    for (index, p) in placements.oldest_pending.iter().enumerate() {
        let missing: Vec<&str> = p.missing.iter().map(|m| m.label(lang)).collect();
        let missing = missing.join(", ");
        let start = date(lang, p.start);
        lines.push(item(
            // What is missing before the school: at 80 columns the
            // school's name is what gets cut.
            &[&start, &p.learner, &missing, &p.school],
            width,
            item_style(app, dashboard, Panel::Pending, index),
        ));
    }
    let all = placements.oldest_pending.len();
    lines.push(item(
        &[Words::AllPending.text(lang)],
        width,
        item_style(app, dashboard, Panel::Pending, all),
    ));
    let selected_line = placements.by_missing.len() + 1 + dashboard.selected_in(Panel::Pending);
    frame.render_widget(scrolled(lines, selected_line, inner.height), inner);
}

/// "sans entreprise": what a pending placement lacks, for the counts.
trait MissingLabel {
    fn missing_label(&self, lang: Lang) -> &'static str;
}

impl MissingLabel for crate::service::status::MissingCount {
    fn missing_label(&self, lang: Lang) -> &'static str {
        use crate::domain::records::Missing;
        match self.missing {
            Missing::Company => Phrase::WithoutCompany.text(lang),
            Missing::Signature => Phrase::WithoutSignature.text(lang),
            Missing::Tutor => Phrase::WithoutTutor.text(lang),
        }
    }
}

fn draw_immersions(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    dashboard: &Dashboard,
    status: &StatusResponse,
) {
    let lang = app.lang;
    let immersions = &status.immersions;
    let title = format!(
        "{}{}{}",
        Phrase::ImmersionsAwaiting.text(lang),
        lang.colon(),
        count(lang, immersions.awaiting_evaluation)
    );
    let rows = immersions
        .oldest_awaiting
        .iter()
        .map(|i| vec![date(lang, i.start), i.person.clone(), i.company.clone()])
        .collect();
    let all = Words::AllAwaiting.text(lang);
    let items = Items {
        panel: Panel::Immersions,
        title,
        rows,
        last: Some(all),
        more: 0,
    };
    draw_items(frame, area, app, dashboard, items);
}

fn draw_chart(frame: &mut Frame, area: Rect, app: &App, status: &StatusResponse) {
    let lang = app.lang;
    let year = SchoolYear::containing(status.today);
    let title = format!("{} {year}", Words::PlacementsPerMonth.text(lang));
    let block = block(app, title, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let months = &status.placements_by_month;
    if months.is_empty() || inner.width < 12 {
        return;
    }
    let gaps = months.len().saturating_sub(1) as u16;
    let bar_width = (inner.width.saturating_sub(gaps) / months.len() as u16).max(1);
    let bars: Vec<Bar> = months
        .iter()
        .map(|month| {
            let name = month_initial(lang, chrono::Datelike::month(&month.month));
            let label: String = name.chars().take(bar_width as usize).collect();
            Bar::default()
                .value(month.count)
                .label(Line::from(label))
                .text_value(
                    if bar_width as usize >= count(lang, month.count).chars().count() {
                        count(lang, month.count)
                    } else {
                        String::new()
                    },
                )
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

fn draw_events(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    dashboard: &Dashboard,
    status: &StatusResponse,
) {
    let lang = app.lang;
    let rows = status
        .coming_events
        .iter()
        .map(|e| {
            let kind = e.kind.label(lang).to_owned();
            vec![date(lang, e.date), e.title.clone(), kind, e.place.clone()]
        })
        .collect();
    let title = format!(
        "{}{}{}",
        Phrase::ComingEvents.text(lang),
        lang.colon(),
        count(lang, status.coming_events_total)
    );
    let more = status
        .coming_events_total
        .saturating_sub(status.coming_events.len() as u64);
    let items = Items {
        panel: Panel::Events,
        title,
        rows,
        last: None,
        more,
    };
    draw_items(frame, area, app, dashboard, items);
}

fn draw_notices(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    dashboard: &Dashboard,
    status: &StatusResponse,
) {
    let lang = app.lang;
    let rows = status
        .notice_near
        .iter()
        .map(|n| vec![date(lang, n.notice_deadline), n.title.clone()])
        .collect();
    let title = |phrase: Phrase| {
        format!(
            "{}{}{}",
            phrase.text(lang),
            lang.colon(),
            count(lang, status.notice_near_total)
        )
    };
    // The count matters more than the whole phrase at 80 columns.
    let long = title(Phrase::NoticeNear);
    let title = if unicode_width::UnicodeWidthStr::width(long.as_str()) + 2 > area.width as usize {
        title(Phrase::NoticeNearShort)
    } else {
        long
    };
    let more = status
        .notice_near_total
        .saturating_sub(status.notice_near.len() as u64);
    let items = Items {
        panel: Panel::Notices,
        title,
        rows,
        last: None,
        more,
    };
    draw_items(frame, area, app, dashboard, items);
}

/// What a panel of items shows.
struct Items<'a> {
    panel: Panel,
    title: String,
    rows: Vec<Vec<String>>,
    last: Option<&'a str>,
    /// What the panel counts beyond its rows.
    more: u64,
}

/// A panel of items, one line each, the selected one marked and kept in
/// view; `last` is a closing item (the whole list), else an empty panel
/// says there is nothing.
fn draw_items(frame: &mut Frame, area: Rect, app: &App, dashboard: &Dashboard, items: Items) {
    let Items {
        panel,
        title,
        rows,
        last,
        more,
    } = items;
    let block = block(app, title, dashboard.panel == panel);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let style = |index| item_style(app, dashboard, panel, index);
    let mut lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .map(|(index, cells)| {
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            item(&cells, inner.width, style(index))
        })
        .collect();
    match last {
        Some(last) => lines.push(item(&[last], inner.width, style(rows.len()))),
        None if lines.is_empty() => {
            lines.push(Line::styled(
                Words::Nothing.text(app.lang),
                app.theme.muted(),
            ));
        }
        None => {}
    }
    let selected = dashboard.selected_in(panel);
    let height = inner.height as usize;
    // Rows the panel's height leaves out below count among those it
    // does not show: its last line says how many, the selected item
    // kept above it.
    let room = height.saturating_sub(1).max(1);
    let scroll = (selected + 1).saturating_sub(room);
    let below = rows.len().saturating_sub(scroll + room) as u64;
    if lines.len() + usize::from(more > 0) > height && below > 0 {
        let mut shown: Vec<Line> = lines.into_iter().skip(scroll).take(room).collect();
        shown.push(Line::styled(
            and_more(app.lang, below + more),
            app.theme.muted(),
        ));
        frame.render_widget(Paragraph::new(shown), inner);
        return;
    }
    if more > 0 {
        lines.push(Line::styled(and_more(app.lang, more), app.theme.muted()));
    }
    frame.render_widget(scrolled(lines, selected, inner.height), inner);
}

fn draw_counts(frame: &mut Frame, area: Rect, app: &App, status: &StatusResponse) {
    let lang = app.lang;
    let block = block(app, Words::CountsByAcademie.text(lang).to_owned(), false);
    let kinds = [Kind::School, Kind::Company, Kind::Placement];
    let of = |kind: Kind, academie: Option<Academie>| -> u64 {
        status
            .counts
            .iter()
            .find(|c| c.kind == kind)
            .and_then(|c| c.by_academie.iter().find(|a| a.academie == academie))
            .map_or(0, |a| a.count)
    };
    let academies = Academie::ALL
        .iter()
        .copied()
        .map(Some)
        .chain(std::iter::once(None));
    let rows: Vec<Row> = academies
        .map(|academie| {
            let mut cells = vec![academie_or_outside(academie, lang).to_owned()];
            cells.extend(kinds.iter().map(|kind| count(lang, of(*kind, academie))));
            Row::new(cells)
        })
        .collect();
    let header = Row::new(std::iter::once("").chain(kinds.iter().map(|k| short_kind(lang, *k))))
        .style(app.theme.header());
    let table = Table::new(
        rows,
        [
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Fill(2),
        ],
    )
    .header(header)
    .block(block);
    frame.render_widget(table, area);
}
