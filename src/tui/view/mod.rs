//! Drawing: reads the state, changes nothing. Every text from the store
//! goes through `safe_text::safe` before it reaches a cell.

pub mod chrome;
pub mod columns;
pub mod command;
pub mod confirm;
pub mod dashboard;
pub mod detail;
pub mod finder;
pub mod form;
pub mod help;
pub mod history;
pub mod list;
pub mod loadable;
pub mod messages;
pub mod picker;
pub mod popup;
pub mod report;
pub mod text_rows;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::i18n::tui::too_small;
use crate::tui::app::{App, Overlay, ScreenView};

/// The smallest terminal the interface draws in; below, a message.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let message = too_small(app.lang, area.width, area.height, MIN_WIDTH, MIN_HEIGHT);
        frame.render_widget(
            Paragraph::new(Line::from(message)).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::header(frame, header, app);
    if let Some(screen) = app.top() {
        match &screen.view {
            ScreenView::Dashboard(dashboard) => dashboard::draw(frame, body, app, dashboard),
            ScreenView::List(list) => list::draw(frame, body, app, list),
            ScreenView::Detail(detail) => detail::draw(frame, body, app, detail),
            ScreenView::History(history) => history::draw(frame, body, app, history),
            ScreenView::Report(report) => report::draw(frame, body, app, report),
            ScreenView::Form(form) => form::draw(frame, body, app, form),
        }
    }
    match &app.overlay {
        Some(Overlay::Command(line)) => command::draw(frame, body, footer, app, line),
        Some(Overlay::Finder(finder)) => {
            chrome::status_bar(frame, footer, app);
            finder::draw(frame, body, app, finder);
        }
        Some(Overlay::Help(help)) => {
            chrome::status_bar(frame, footer, app);
            help::draw(frame, body, app, help);
        }
        Some(Overlay::Picker(picker)) => {
            chrome::status_bar(frame, footer, app);
            picker::draw(frame, body, app, picker);
        }
        Some(Overlay::Confirm(question)) => {
            chrome::status_bar(frame, footer, app);
            confirm::draw(frame, body, app, question);
        }
        Some(Overlay::Messages(view)) => {
            chrome::status_bar(frame, footer, app);
            messages::draw(frame, body, app, view);
        }
        None => chrome::status_bar(frame, footer, app),
    }
    if !app.pending_keys.is_empty() {
        chrome::chord_hint(frame, body, app);
    }
}
