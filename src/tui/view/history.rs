//! A record's history: where the selection is among the entries held,
//! then the entries from the first that keeps the selection on screen,
//! each as its when and who, what was done and the fields it changed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::i18n::fit;
use crate::i18n::history::{empty, position, title};
use crate::i18n::tui::Words;
use crate::tui::app::App;
use crate::tui::app::history::{HistoryScreen, LineRole, entry_lines};
use crate::tui::safe_text::safe;
use crate::tui::view::loadable::{Failure, ready_or_draw};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, history: &HistoryScreen) {
    let lang = app.lang;
    let theme = app.theme;
    let heading = fit(
        &title(lang, &safe(&history.label)),
        area.width.saturating_sub(2) as usize,
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(Span::styled(heading, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(data) = ready_or_draw(frame, inner, app, &history.data, Failure::Wrapped) else {
        return;
    };
    if data.entries.is_empty() {
        let [first, second] = empty(lang);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(first),
                Line::default(),
                Line::styled(second, theme.muted()),
            ])
            .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let [summary, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let width = body.width as usize;
    let mut where_text = position(
        lang,
        history.selected + 1,
        data.entries.len(),
        history.held(),
        history.target,
    );
    if history.is_loading() {
        where_text = format!("{where_text} · {}", Words::Loading.text(lang));
    }
    frame.render_widget(
        Paragraph::new(fit(&where_text, width)).style(theme.muted()),
        summary,
    );
    // The state scrolls at its idea of the size; a size changed since
    // is caught here with the same lines.
    let room = body.height as usize;
    let first = history.first_shown(lang, width, room);
    let mut lines: Vec<Line> = Vec::with_capacity(room);
    for (index, entry) in data.entries.iter().enumerate().skip(first) {
        if lines.len() >= room {
            break;
        }
        for line in entry_lines(entry, &history.names, lang, width) {
            let style = match line.role {
                LineRole::Head if index == history.selected => theme.selected(),
                LineRole::Head => theme.muted(),
                LineRole::Action | LineRole::Change => theme.plain(),
            };
            lines.push(Line::styled(line.text, style));
        }
    }
    lines.truncate(room);
    frame.render_widget(Paragraph::new(lines), body);
}
