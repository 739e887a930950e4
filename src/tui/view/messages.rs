//! `:messages`: this session's messages again, the newest at the bottom,
//! each whole, its lines as lines.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::tui::Words;
use crate::tui::app::App;
use crate::tui::app::messages::MessagesView;
use crate::tui::safe_text::safe;
use crate::tui::view::popup::{centred, framed};
use crate::tui::wrap::wrap;

/// `text` as rows of `width`: its own lines kept, each broken at spaces.
pub fn message_rows(text: &str, width: usize) -> Vec<String> {
    text.split('\n')
        .flat_map(|line| wrap(&safe(line), width, "", "  ", usize::MAX))
        .collect()
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, view: &MessagesView) {
    let lang = app.lang;
    let theme = app.theme;
    let width = (body.width - body.width / 5).max(58);
    let area = centred(body, width, body.height);
    let title = Span::styled(Words::MessagesTitle.text(lang), theme.title());
    let inner = framed(frame, area, title, theme);
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let shown = app.messages.len().saturating_sub(view.hidden_below);
    for message in app.messages.iter().take(shown) {
        let style = if message.is_error {
            theme.error()
        } else {
            theme.plain()
        };
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        for row in message_rows(&message.text, width) {
            lines.push(Line::styled(row, style));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled(Words::NoMessage.text(lang), theme.muted()));
    }
    // The newest at the bottom, as much above it as fits.
    let scroll = lines.len().saturating_sub(inner.height as usize);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll.min(u16::MAX as usize) as u16, 0)),
        inner,
    );
}
