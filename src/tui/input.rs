//! A line being typed (a filter, a command, a search): the text and the
//! cursor, moved by characters, never splitting one.

use crate::tui::keymap::Action;

/// The longest line accepted; pasting a book into a filter stops here.
const MAX_CHARS: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position, in characters.
    cursor: usize,
}

impl TextInput {
    pub fn with_text(text: &str) -> Self {
        let mut input = TextInput::default();
        input.set(text);
        input
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn set(&mut self, text: &str) {
        self.text = text
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_CHARS)
            .collect();
        self.cursor = self.text.chars().count();
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() || self.text.chars().count() >= MAX_CHARS {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Pasted text: control characters and line breaks are dropped.
    pub fn insert_str(&mut self, text: &str) {
        for c in text.chars() {
            self.insert(c);
        }
    }

    /// Applies an editing action; returns whether the text changed.
    pub fn edit(&mut self, action: Action) -> bool {
        let before = self.text.len();
        let length = self.text.chars().count();
        match action {
            Action::DeleteBack if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
                return true;
            }
            Action::DeleteForward if self.cursor < length => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                return true;
            }
            Action::DeleteWord => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && chars[start - 1] != ' ' {
                    start -= 1;
                }
                let (from, to) = (self.byte_at(start), self.byte_at(self.cursor));
                self.text.replace_range(from..to, "");
                self.cursor = start;
            }
            Action::ClearLine => {
                self.text.clear();
                self.cursor = 0;
            }
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(length),
            Action::CursorStart => self.cursor = 0,
            Action::CursorEnd => self.cursor = length,
            _ => {}
        }
        self.text.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_respect_characters_not_bytes() {
        let mut input = TextInput::with_text("école");
        input.edit(Action::CursorStart);
        input.edit(Action::CursorRight);
        assert!(input.edit(Action::DeleteBack));
        assert_eq!(input.text(), "cole");
        input.insert('É');
        assert_eq!(input.text(), "École");
        input.edit(Action::CursorEnd);
        input.insert_str(" jean\x1b[2J zay");
        assert_eq!(input.text(), "École jean[2J zay");
        assert!(input.edit(Action::DeleteWord));
        assert_eq!(input.text(), "École jean[2J ");
        assert!(!input.edit(Action::DeleteForward));
        input.edit(Action::ClearLine);
        assert!(input.is_empty());
    }
}
