//! What a screen shows while its data is not there: a loading line, or
//! why it was refused.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

use crate::i18n::tui::Words;
use crate::tui::app::App;
use crate::tui::app::loadable::Loadable;
use crate::tui::safe_text::safe;

/// How a refusal's text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// On one line, cut at the edge.
    OneLine,
    /// Wrapped over as many lines as it takes.
    Wrapped,
}

/// The data when it is ready; otherwise draws the loading line or the
/// refusal in `area` and gives nothing.
pub fn ready_or_draw<'d, T>(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    data: &'d Loadable<T>,
    failure: Failure,
) -> Option<&'d T> {
    match data {
        Loadable::Ready(value) => return Some(value),
        Loadable::Loading => {
            frame.render_widget(Paragraph::new(Words::Loading.text(app.lang)), area);
        }
        Loadable::Failed(text) => {
            let paragraph = Paragraph::new(safe(text).into_owned()).style(app.theme.error());
            let paragraph = match failure {
                Failure::OneLine => paragraph,
                Failure::Wrapped => paragraph.wrap(Wrap { trim: true }),
            };
            frame.render_widget(paragraph, area);
        }
    }
    None
}
