//! Styles. Meaning never rests on colour alone (statuses are words, the
//! selection is reversed video), so `NO_COLOR` only removes the colours.
//! The sixteen named colours read well on any terminal, tmux and screen
//! included.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    /// Colours unless `NO_COLOR` is set to something (no-color.org).
    pub fn from_environment() -> Self {
        Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
    }

    fn paint(self, style: Style, color: Color) -> Style {
        if self.color { style.fg(color) } else { style }
    }

    pub fn plain(self) -> Style {
        Style::default()
    }

    pub fn title(self) -> Style {
        self.paint(Style::default().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    pub fn header(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// The selected item of a panel that does not have the focus.
    pub fn selected_unfocused(self) -> Style {
        Style::default().add_modifier(Modifier::UNDERLINED)
    }

    pub fn muted(self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    pub fn key(self) -> Style {
        self.paint(Style::default().add_modifier(Modifier::BOLD), Color::Yellow)
    }

    pub fn error(self) -> Style {
        self.paint(Style::default().add_modifier(Modifier::BOLD), Color::Red)
    }

    pub fn warning(self) -> Style {
        self.paint(Style::default(), Color::Yellow)
    }

    pub fn border(self) -> Style {
        self.paint(Style::default(), Color::Blue)
    }

    pub fn focused_border(self) -> Style {
        self.paint(Style::default().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    pub fn bar(self) -> Style {
        self.paint(Style::default(), Color::Green)
    }
}
