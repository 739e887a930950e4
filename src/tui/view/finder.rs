//! The finder popup: what is typed, the matches, the one selected.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::i18n::labels::Label;
use crate::i18n::tui::Words;
use crate::tui::app::App;
use crate::tui::app::finder::Finder;
use crate::tui::safe_text::safe;
use crate::tui::view::popup::{centred, text_width};

pub fn draw(frame: &mut Frame, body: Rect, app: &App, finder: &Finder) {
    let lang = app.lang;
    let theme = app.theme;
    let width = (body.width - body.width / 5).max(58);
    let area = centred(body, width, body.height.saturating_sub(2).max(8));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(Span::styled(Words::FinderTitle.text(lang), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [input_area, hint_area, results_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let typed = safe(finder.input.text()).into_owned();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("› ", theme.key()),
            Span::raw(typed),
        ])),
        input_area,
    );
    let before: String = finder
        .input
        .text()
        .chars()
        .take(finder.input.cursor())
        .collect();
    let x = input_area
        .x
        .saturating_add(2)
        .saturating_add(text_width(&safe(&before)));
    if x < input_area.x + input_area.width {
        frame.set_cursor_position(Position::new(x, input_area.y));
    }
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
            let text = format!("{kind}{}  {}", " ".repeat(padding), safe(&found.label));
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
