//! The help overlay: the bindings in force, from the keymap, filtered.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Row, Table};

use crate::i18n::fit;
use crate::i18n::phrases::and_more;
use crate::i18n::tui::{Words, help_title};
use crate::tui::app::App;
use crate::tui::app::help::{Help, entries};
use crate::tui::view::popup::{centred, framed, text_width, typed_line};

pub fn draw(frame: &mut Frame, body: Rect, app: &App, help: &Help) {
    let lang = app.lang;
    let theme = app.theme;
    // The whole width on a narrow screen: descriptions cut there
    // otherwise.
    let width = if body.width <= 100 {
        body.width
    } else {
        body.width - body.width / 5
    };
    let area = centred(body, width, body.height);
    let title = Span::styled(help_title(lang, help.mode), theme.title());
    let inner = framed(frame, area, title, theme);
    let [filter_area, table_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    let prompt = format!("{}{}", Words::HelpHint.text(lang), lang.colon());
    let prompt = Span::styled(prompt, theme.muted());
    typed_line(frame, filter_area, prompt, theme.key(), &help.filter);
    let all = entries(&app.keymap, help.mode, lang, help.filter.text());
    let page = table_area.height as usize;
    let scroll = help.scroll.min(all.len().saturating_sub(1));
    let keys_width = all
        .iter()
        .map(|e| text_width(&e.keys.join(" · ")))
        .max()
        .unwrap_or(8)
        .min(table_area.width / 2);
    // Entries past the bottom are announced on its last row.
    let left = all.len().saturating_sub(scroll);
    let shown = if left > page {
        page.saturating_sub(1)
    } else {
        left
    };
    let description_width = table_area.width.saturating_sub(keys_width + 2) as usize;
    let mut rows: Vec<Row> = all
        .iter()
        .skip(scroll)
        .take(shown)
        .map(|entry| {
            Row::new(vec![
                Span::styled(entry.keys.join(" · "), theme.key()),
                Span::raw(fit(&entry.description, description_width)),
            ])
        })
        .collect();
    if left > shown && !rows.is_empty() {
        let more = format!("{} (↓)", and_more(lang, (left - shown) as u64));
        rows.push(Row::new(vec![
            Span::raw(""),
            Span::styled(fit(&more, description_width), theme.muted()),
        ]));
    }
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
