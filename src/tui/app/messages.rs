//! The messages of this session: the status bar shows the last one until
//! the next key; `:messages` reads them again, the newest at the bottom,
//! as vim's `:messages` does.

use std::collections::VecDeque;

use crate::tui::app::Message;
use crate::tui::keymap::Action;

/// Messages kept for `:messages`.
const KEPT: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageLog {
    messages: VecDeque<Message>,
}

impl MessageLog {
    pub fn push(&mut self, message: Message) {
        if self.messages.len() == KEPT {
            self.messages.pop_front();
        }
        self.messages.push_back(message);
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Message> {
        self.messages.iter()
    }

    pub fn len(&self) -> usize {
        self.messages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }
}

/// The overlay reading the messages again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessagesView {
    /// The newest messages scrolled out below the bottom.
    pub hidden_below: usize,
}

impl MessagesView {
    /// Returns whether the overlay closes.
    pub fn apply(&mut self, action: Action, count: usize) -> bool {
        let most = count.saturating_sub(1);
        match action {
            Action::Cancel | Action::Back | Action::Help | Action::Submit => return true,
            Action::Up => self.hidden_below = (self.hidden_below + 1).min(most),
            Action::Down => self.hidden_below = self.hidden_below.saturating_sub(1),
            Action::PageUp | Action::HalfPageUp => {
                self.hidden_below = (self.hidden_below + 5).min(most)
            }
            Action::PageDown | Action::HalfPageDown => {
                self.hidden_below = self.hidden_below.saturating_sub(5)
            }
            Action::First => self.hidden_below = most,
            Action::Last => self.hidden_below = 0,
            _ => {}
        }
        false
    }
}
