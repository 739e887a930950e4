//! The picker of a link field, over the form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::editing::{link_name, picker_hint, picker_line, picker_title};
use crate::i18n::fit;
use crate::i18n::tui::Words;
use crate::service::describe::Described;
use crate::tui::app::App;
use crate::tui::app::picker::Picker;
use crate::tui::safe_text::safe;
use crate::tui::view::messages::message_rows;
use crate::tui::view::popup::{framed, typed_line};

pub fn draw(frame: &mut Frame, body: Rect, app: &App, picker: &Picker) {
    let lang = app.lang;
    let theme = app.theme;
    // The body's whole width: rows that scroll are whole rows, which the
    // terminal scrolls itself (`screen_writer`), and nothing of the
    // screen below shows beside the matches.
    let area = body;
    let title = Span::styled(picker_title(lang, picker.kind), theme.title());
    let inner = framed(frame, area, title, theme);
    let create = app.key_label(
        crate::tui::keymap::Mode::Picker,
        crate::tui::keymap::Action::NewRecord,
    );
    let hint = if picker.is_searching() {
        Words::Searching.text(lang).to_owned()
    } else if picker.matches.is_empty() {
        format!(
            "{} {}",
            Words::NoMatch.text(lang),
            picker_hint(lang, &create)
        )
    } else {
        picker_hint(lang, &create)
    };
    // Wrapped: its end says how to make the record that is missing.
    let hint_rows = message_rows(&hint, inner.width as usize);
    let [input_area, hint_area, results_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(hint_rows.len() as u16),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let prompt = Span::styled("› ", theme.key());
    typed_line(frame, input_area, prompt, theme.plain(), &picker.input);
    let hint_lines: Vec<Line> = hint_rows.into_iter().map(Line::from).collect();
    frame.render_widget(Paragraph::new(hint_lines).style(theme.muted()), hint_area);
    let height = results_area.height as usize;
    let scroll = picker.selected.saturating_sub(height.saturating_sub(1));
    // The widest number of all the matches, not only those shown: the
    // names stay where they are as the list scrolls.
    let id_width = picker
        .matches
        .iter()
        .map(|row| row.record.id().0.to_string().len())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = picker
        .matches
        .iter()
        .enumerate()
        .skip(scroll)
        .take(height)
        .map(|(index, row)| {
            // What tells two namesakes apart (a learner's level and
            // school, a company's commune), 🔒 when confidential.
            let described = Described {
                record: row.record.clone(),
                label: row.label.clone(),
                links: row.links.clone(),
            };
            let text = picker_line(
                lang,
                row.record.id().0,
                id_width,
                &safe(&link_name(lang, &described)),
            );
            let text = fit(&text, results_area.width as usize);
            let style = if index == picker.selected {
                theme.selected()
            } else {
                theme.plain()
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), results_area);
}
