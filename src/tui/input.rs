//! Text being typed (a filter, a command, a search, a form's field): the
//! text and the cursor, moved by characters, never splitting one. A
//! multi-line input (notes, a list typed one entry per line) keeps its
//! line breaks; a one-line input turns those pasted into spaces.

use crate::tui::keymap::Action;

/// The longest line a search or command accepts; pasting a book into a
/// filter stops here.
const LINE_CHARS: usize = 200;

/// The longest text a form's field holds while it is typed: above what
/// any field of a record accepts (the record's own check says when a
/// text is too long, naming the field and its limit), and within what a
/// draft may keep.
pub const FIELD_CHARS: usize = crate::domain::draft::MAX_DRAFT_BYTES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position, in characters.
    cursor: usize,
    /// The most characters kept.
    limit: usize,
    /// Line breaks (and tabs) are part of the text.
    multiline: bool,
}

impl Default for TextInput {
    fn default() -> Self {
        TextInput {
            text: String::new(),
            cursor: 0,
            limit: LINE_CHARS,
            multiline: false,
        }
    }
}

impl TextInput {
    pub fn with_text(text: &str) -> Self {
        let mut input = TextInput::default();
        input.set(text);
        input
    }

    /// A form's field: as long as a record's longest text, on several
    /// lines if `multiline`.
    pub fn field(text: &str, multiline: bool) -> Self {
        let mut input = TextInput {
            limit: FIELD_CHARS,
            multiline,
            ..TextInput::default()
        };
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

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    /// What a character becomes in this input: kept, a space (a line
    /// break in a one-line input), or dropped (other controls).
    fn accepted(&self, c: char) -> Option<char> {
        match c {
            '\n' | '\t' if self.multiline => Some(c),
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        }
    }

    /// `text` as this input keeps it: line breaks of every system made
    /// `\n`, other controls dropped, at most `limit` characters.
    fn cleaned(&self, text: &str) -> String {
        let unified = text.replace("\r\n", "\n").replace('\r', "\n");
        unified
            .chars()
            .filter_map(|c| self.accepted(c))
            .take(self.limit)
            .collect()
    }

    pub fn set(&mut self, text: &str) {
        self.text = self.cleaned(text);
        self.cursor = self.text.chars().count();
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        let Some(c) = self.accepted(c) else {
            return;
        };
        if self.text.chars().count() >= self.limit {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Pasted text, as [`TextInput::set`] keeps it, at the cursor.
    pub fn insert_str(&mut self, text: &str) {
        let room = self.limit.saturating_sub(self.text.chars().count());
        let kept: String = self.cleaned(text).chars().take(room).collect();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &kept);
        self.cursor += kept.chars().count();
    }

    /// A line break at the cursor; false in a one-line input.
    pub fn new_line(&mut self) -> bool {
        if !self.multiline || self.text.chars().count() >= self.limit {
            return false;
        }
        self.insert('\n');
        true
    }

    /// The line of the cursor and its column, both counted from 0 (lines
    /// by breaks, columns in characters).
    pub fn line_and_column(&self) -> (usize, usize) {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let line = before.iter().filter(|c| **c == '\n').count();
        let column = before.iter().rev().take_while(|c| **c != '\n').count();
        (line, column)
    }

    /// The cursor to the line before (`-1`) or after (`1`), at the same
    /// column or the line's end; false when there is no such line.
    pub fn move_line(&mut self, step: isize) -> bool {
        let (line, column) = self.line_and_column();
        let Some(target) = line.checked_add_signed(step) else {
            return false;
        };
        let lines: Vec<&str> = self.text.split('\n').collect();
        let Some(wanted) = lines.get(target) else {
            return false;
        };
        let start: usize = lines[..target].iter().map(|l| l.chars().count() + 1).sum();
        self.cursor = start + column.min(wanted.chars().count());
        true
    }

    /// Where the cursor's line starts and ends, in characters (the whole
    /// text for a one-line input).
    fn line_bounds(&self) -> (usize, usize) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor.min(chars.len());
        while start > 0 && chars[start - 1] != '\n' {
            start -= 1;
        }
        let mut end = self.cursor.min(chars.len());
        while end < chars.len() && chars[end] != '\n' {
            end += 1;
        }
        (start, end)
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
                while start > 0 && !matches!(chars[start - 1], ' ' | '\n') {
                    start -= 1;
                }
                // At the start of a line, the word before is the break.
                if start == self.cursor && start > 0 {
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
            Action::CursorStart => self.cursor = self.line_bounds().0,
            Action::CursorEnd => self.cursor = self.line_bounds().1,
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

    #[test]
    fn a_one_line_input_turns_pasted_breaks_into_spaces() {
        let mut input = TextInput::field("", false);
        input.insert_str("ligne un\r\nligne deux");
        assert_eq!(input.text(), "ligne un ligne deux");
        assert!(!input.new_line());
    }

    #[test]
    fn a_multiline_input_keeps_its_lines_and_length() {
        let long = "é".repeat(9_000);
        let text = format!("CAP cuisine\nBTS MCO\n\tretrait\n{long}");
        let mut input = TextInput::field(&text, true);
        assert_eq!(input.text(), text);
        input.insert_str("\r\nfin");
        assert_eq!(input.text(), format!("{text}\nfin"));
        // Home and End go to the line's ends; lines move by column.
        input.edit(Action::CursorStart);
        assert_eq!(input.line_and_column(), (4, 0));
        assert!(input.move_line(-1));
        assert_eq!(input.line_and_column(), (3, 0));
        input.edit(Action::CursorEnd);
        assert_eq!(input.line_and_column(), (3, 9_000));
        assert!(input.move_line(-3));
        assert_eq!(input.line_and_column(), (0, 11));
        assert!(!input.move_line(-1));
        assert!(input.new_line());
        assert!(input.text().starts_with("CAP cuisine\n\nBTS MCO"));
        // Deleting a word at a line's start joins the lines back.
        assert!(input.move_line(1));
        input.edit(Action::CursorStart);
        assert!(input.edit(Action::DeleteWord));
        assert_eq!(input.text(), format!("{text}\nfin"));
    }

    #[test]
    fn a_search_line_stops_at_its_limit() {
        let mut input = TextInput::default();
        input.insert_str(&"a".repeat(500));
        assert_eq!(input.text().len(), LINE_CHARS);
    }
}
