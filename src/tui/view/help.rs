//! The help overlay: the bindings in force, from the keymap, filtered.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Row, Table};

use crate::i18n::tui::{Words, help_title};
use crate::tui::app::App;
use crate::tui::app::help::{Help, entries, visible_entries};
use crate::tui::view::popup::{centred, framed, text_width, typed_line};

pub fn draw(frame: &mut Frame, body: Rect, app: &App, help: &Help) {
    let lang = app.lang;
    let theme = app.theme;
    let width = (body.width - body.width / 5).max(58);
    let area = centred(body, width, body.height);
    let title = Span::styled(help_title(lang, help.mode), theme.title());
    let inner = framed(frame, area, title, theme);
    let [filter_area, table_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    let prompt = format!("{}{}", Words::HelpHint.text(lang), lang.colon());
    let prompt = Span::styled(prompt, theme.muted());
    typed_line(frame, filter_area, prompt, theme.key(), &help.filter);
    let all = entries(&app.keymap, help.mode, lang, help.filter.text());
    let page = visible_entries(app.viewport).max(table_area.height as usize);
    let scroll = help.scroll.min(all.len().saturating_sub(1));
    let keys_width = all
        .iter()
        .map(|e| text_width(&e.keys.join(" · ")))
        .max()
        .unwrap_or(8)
        .min(table_area.width / 2);
    let rows: Vec<Row> = all
        .iter()
        .skip(scroll)
        .take(page)
        .map(|entry| {
            Row::new(vec![
                Span::styled(entry.keys.join(" · "), theme.key()),
                Span::raw(entry.description.clone()),
            ])
        })
        .collect();
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Words::NoMatch.text(lang)).style(theme.muted()),
            table_area,
        );
        return;
    }
    frame.render_widget(
        Table::new(rows, [Constraint::Length(keys_width), Constraint::Fill(1)]).column_spacing(2),
        table_area,
    );
}
