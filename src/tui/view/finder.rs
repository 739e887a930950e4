//! The finder popup: what is typed, the matches, the one selected.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::editing::link_name;
use crate::i18n::labels::Label;
use crate::i18n::tui::Words;
use crate::tui::app::App;
use crate::tui::app::finder::Finder;
use crate::tui::safe_text::safe;
use crate::tui::view::popup::{framed, text_width, typed_line};

pub fn draw(frame: &mut Frame, body: Rect, app: &App, finder: &Finder) {
    let lang = app.lang;
    let theme = app.theme;
    // The body's whole width: rows that scroll are whole rows, which the
    // terminal scrolls itself (`screen_writer`), and nothing of the
    // screen below shows beside the matches.
    let area = body;
    let title = Span::styled(Words::FinderTitle.text(lang), theme.title());
    let inner = framed(frame, area, title, theme);
    let [input_area, hint_area, results_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let prompt = Span::styled("› ", theme.key());
    typed_line(frame, input_area, prompt, theme.plain(), &finder.input);
    let hint = if finder.is_searching() {
        Words::Searching.text(lang)
    } else if finder.input.is_empty() {
        Words::FinderHint.text(lang)
    } else if finder.matches.is_empty() {
        Words::NoMatch.text(lang)
    } else {
        ""
    };
    frame.render_widget(Paragraph::new(hint).style(theme.muted()), hint_area);
    let height = results_area.height as usize;
    let scroll = finder.selected.saturating_sub(height.saturating_sub(1));
    let kind_width = finder
        .matches
        .iter()
        .map(|m| text_width(m.reference.kind.label(lang)))
        .max()
        .unwrap_or(0) as usize;
    let lines: Vec<Line> = finder
        .matches
        .iter()
        .enumerate()
        .skip(scroll)
        .take(height)
        .map(|(index, found)| {
            let kind = found.reference.kind.label(lang);
            let padding = kind_width.saturating_sub(text_width(kind) as usize);
            // What tells namesakes apart and 🔒, once described.
            let name = match finder.described.get(&found.reference) {
                Some(described) => safe(&link_name(lang, described)).into_owned(),
                None => safe(&found.label).into_owned(),
            };
            let text = format!("{kind}{}  {name}", " ".repeat(padding));
            let text = crate::i18n::fit(&text, results_area.width as usize);
            let style = if index == finder.selected {
                theme.selected()
            } else {
                theme.plain()
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), results_area);
}
