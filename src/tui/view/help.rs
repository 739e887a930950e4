//! The help overlay: the bindings in force, from the keymap, filtered.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table};

use crate::i18n::tui::{Words, help_title};
use crate::tui::app::App;
use crate::tui::app::help::{Help, entries, visible_entries};
use crate::tui::safe_text::safe;
use crate::tui::view::popup::{centred, text_width};

pub fn draw(frame: &mut Frame, body: Rect, app: &App, help: &Help) {
    let lang = app.lang;
    let theme = app.theme;
    let width = (body.width - body.width / 5).max(58);
    let area = centred(body, width, body.height);
    frame.render_widget(Clear, area);
    let title = help_title(lang, help.mode);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [filter_area, table_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    let prompt = format!("{}{}", Words::HelpHint.text(lang), lang.colon());
    let typed = safe(help.filter.text()).into_owned();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt.clone(), theme.muted()),
            Span::styled(typed.clone(), theme.key()),
        ])),
        filter_area,
    );
    let before: String = help
        .filter
        .text()
        .chars()
        .take(help.filter.cursor())
        .collect();
    let x = filter_area.x + text_width(&prompt) + text_width(&safe(&before));
    if x < filter_area.x + filter_area.width {
        frame.set_cursor_position(Position::new(x, filter_area.y));
    }
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
