//! Popups (where they go, their frame) and the lines typed in them.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::input::TextInput;
use crate::tui::safe_text::safe;
use crate::tui::theme::Theme;

/// A rectangle of `width`×`height` (at most the area's) centred in
/// `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Columns of `text` in a terminal.
pub fn text_width(text: &str) -> u16 {
    unicode_width::UnicodeWidthStr::width(text).min(u16::MAX as usize) as u16
}

/// Clears `area` and draws a popup's frame with its title; returns the
/// inside.
pub fn framed(frame: &mut Frame, area: Rect, title: Span<'_>, theme: Theme) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A line being typed on the first row of `area`: the prompt, the text
/// (made safe), and the terminal's cursor where the next character goes.
pub fn typed_line(
    frame: &mut Frame,
    area: Rect,
    prompt: Span<'_>,
    text_style: Style,
    input: &TextInput,
) {
    let prompt_width = text_width(&prompt.content);
    let before: String = input.text().chars().take(input.cursor()).collect();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            prompt,
            Span::styled(safe(input.text()).into_owned(), text_style),
        ])),
        area,
    );
    let x = area
        .x
        .saturating_add(prompt_width)
        .saturating_add(text_width(&safe(&before)));
    if x < area.x.saturating_add(area.width) {
        frame.set_cursor_position(Position::new(x, area.y));
    }
}
