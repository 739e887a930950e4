//! One key as a keymap names it: the character typed (or a named key)
//! with Ctrl and Alt. Shift is part of the character ('G', '?'), so a
//! binding works whatever keyboard layout produced the character
//! (AZERTY, BÉPO); it is kept only for keys that type nothing (Shift-↑).

use std::fmt;

use crossterm::event::{
    KeyCode as TermCode, KeyEvent, KeyEventKind, KeyModifiers as TermModifiers,
};

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    /// Shift-Tab: terminals report it as a key of its own.
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    /// Only for keys that type nothing; always false for `Char`.
    pub shift: bool,
}

/// Why a key written in a keymap file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyParseError {
    #[error("empty key")]
    Empty,
    /// "<" alone: the start of a name, or the character '<'.
    #[error("'<' is written <lt>")]
    LoneAngle,
    #[error("'{0}' opens a key name with '<' but does not close it with '>'")]
    Unclosed(String),
    /// Several characters outside angle brackets.
    #[error(
        "'{0}' is not one key: write one character, or a name in angle brackets such as <Enter>"
    )]
    NotOneKey(String),
    #[error("'{0}' is not a key name (such as Enter, Esc, Tab, Up, PageDown, F1, Space, lt)")]
    UnknownName(String),
    #[error("'{0}-' is not a modifier (C- for Ctrl, A- for Alt, S- for Shift)")]
    UnknownModifier(char),
    /// Bindings are on the character typed: Shift-g is 'G'.
    #[error("Shift with a character: write the character it types instead ('G', not <S-g>)")]
    ShiftOnCharacter,
    /// Ctrl-Alt with a character is how AltGr arrives on some systems,
    /// so it is read as the plain character and could never fire.
    #[error("Ctrl and Alt together with a character cannot be told apart from AltGr")]
    CtrlAltOnCharacter,
    #[error("a control character: write its name, such as <Tab> or <Enter>")]
    ControlCharacter,
}

impl Key {
    /// A character typed without Ctrl or Alt.
    pub const fn char(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// A key that types nothing, without modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// Ctrl with a letter: always the lower case, as terminals send it.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c.to_ascii_lowercase()),
            ctrl: true,
            alt: false,
            shift: false,
        }
    }

    pub const fn alt(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: true,
            shift: false,
        }
    }

    /// The character this key types into a text field, if it types one.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// The key of a terminal event; `None` for releases and keys a
    /// keymap cannot name (Caps Lock, media keys…).
    ///
    /// Repeats count as presses: with the kitty protocol a held key
    /// arrives as Repeat events, and holding ↓ should keep scrolling.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let modifiers = event.modifiers;
        // Super and Hyper belong to the window manager; such a key is
        // not meant for us.
        if modifiers.intersects(TermModifiers::SUPER | TermModifiers::HYPER) {
            return None;
        }
        let code = match event.code {
            TermCode::Char(c) => KeyCode::Char(c),
            TermCode::Enter => KeyCode::Enter,
            TermCode::Esc => KeyCode::Esc,
            TermCode::Tab => KeyCode::Tab,
            TermCode::BackTab => KeyCode::BackTab,
            TermCode::Backspace => KeyCode::Backspace,
            TermCode::Delete => KeyCode::Delete,
            TermCode::Insert => KeyCode::Insert,
            TermCode::Up => KeyCode::Up,
            TermCode::Down => KeyCode::Down,
            TermCode::Left => KeyCode::Left,
            TermCode::Right => KeyCode::Right,
            TermCode::Home => KeyCode::Home,
            TermCode::End => KeyCode::End,
            TermCode::PageUp => KeyCode::PageUp,
            TermCode::PageDown => KeyCode::PageDown,
            TermCode::F(n) => KeyCode::F(n),
            _ => return None,
        };
        let mut key = Key {
            code,
            ctrl: modifiers.contains(TermModifiers::CONTROL),
            alt: modifiers.intersects(TermModifiers::ALT | TermModifiers::META),
            shift: modifiers.contains(TermModifiers::SHIFT),
        };
        if let KeyCode::Char(c) = key.code {
            if c.is_control() {
                return None;
            }
            key.shift = false;
            if key.ctrl && key.alt {
                // AltGr on Windows and some terminals: the character is
                // what the person typed (AltGr-e on AZERTY is '€').
                key.ctrl = false;
                key.alt = false;
            }
        }
        Some(key.normalized())
    }

    /// The forms that arrive differently but mean the same key, made one:
    /// Ctrl-D is Ctrl-d (legacy terminals cannot tell them apart), Shift-Tab
    /// is BackTab.
    fn normalized(mut self) -> Key {
        match self.code {
            KeyCode::Char(c) if self.ctrl => self.code = KeyCode::Char(c.to_ascii_lowercase()),
            KeyCode::Tab if self.shift => {
                self.code = KeyCode::BackTab;
                self.shift = false;
            }
            KeyCode::BackTab => self.shift = false,
            _ => {}
        }
        self
    }

    /// Reads yazi's notation: "j", "G", "?", "<Down>", "<C-d>", "<A-x>",
    /// "<S-Up>", "<F1>", "<Space>", "<lt>" for '<'.
    pub fn parse(text: &str) -> Result<Key, KeyParseError> {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (None, _) => Err(KeyParseError::Empty),
            (Some('<'), None) => Err(KeyParseError::LoneAngle),
            (Some(c), None) => Key::with_modifiers(KeyCode::Char(c), false, false, false),
            (Some('<'), Some(_)) => {
                match text.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
                    Some(inner) => Key::parse_bracketed(inner),
                    None => Err(KeyParseError::Unclosed(text.to_owned())),
                }
            }
            _ => Err(KeyParseError::NotOneKey(text.to_owned())),
        }
    }

    /// The inside of "<…>": modifiers "C-", "A-", "S-", then a name or
    /// one character.
    fn parse_bracketed(inner: &str) -> Result<Key, KeyParseError> {
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut rest = inner;
        // "X-" is a modifier only when something follows it: "<A-->" is
        // Alt and '-'.
        while rest.chars().count() > 2 && rest.chars().nth(1) == Some('-') {
            match rest.chars().next() {
                Some('C' | 'c') => ctrl = true,
                Some('A' | 'a' | 'M' | 'm') => alt = true,
                Some('S' | 's') => shift = true,
                Some(other) => return Err(KeyParseError::UnknownModifier(other)),
                None => break,
            }
            // The modifier letter and '-' are ASCII: two bytes.
            rest = &rest[2..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => named(rest).ok_or_else(|| KeyParseError::UnknownName(rest.to_owned()))?,
        };
        Key::with_modifiers(code, ctrl, alt, shift)
    }

    fn with_modifiers(
        code: KeyCode,
        ctrl: bool,
        alt: bool,
        shift: bool,
    ) -> Result<Key, KeyParseError> {
        if let KeyCode::Char(c) = code {
            if c.is_control() {
                return Err(KeyParseError::ControlCharacter);
            }
            if shift {
                return Err(KeyParseError::ShiftOnCharacter);
            }
            if ctrl && alt {
                return Err(KeyParseError::CtrlAltOnCharacter);
            }
        }
        Ok(Key {
            code,
            ctrl,
            alt,
            shift,
        }
        .normalized())
    }

    /// What the help overlay and the status bar show: "Ctrl-d", "Entrée",
    /// "↓".
    pub fn label(self, lang: Lang) -> String {
        crate::i18n::keys::key_label(self, lang)
    }
}

/// A key sequence for people: "g g", "Ctrl-x Ctrl-c".
pub fn chord_label(keys: &[Key], lang: Lang) -> String {
    let labels: Vec<String> = keys.iter().map(|key| key.label(lang)).collect();
    labels.join(" ")
}

/// A key sequence in the file notation, as an error message quotes it:
/// "g g", "<C-x> <C-c>".
pub fn chord_notation(keys: &[Key]) -> String {
    let written: Vec<String> = keys.iter().map(Key::to_string).collect();
    written.join(" ")
}

/// The named keys of the notation, in lower case; a few aliases are read
/// but never written.
fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    let code = match lower.as_str() {
        "lt" => KeyCode::Char('<'),
        "gt" => KeyCode::Char('>'),
        "space" => KeyCode::Char(' '),
        "enter" | "return" | "cr" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" | "bs" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        _ => {
            let number: u8 = lower.strip_prefix('f')?.parse().ok()?;
            if !(1..=24).contains(&number) {
                return None;
            }
            KeyCode::F(number)
        }
    };
    Some(code)
}

/// The file notation, read back by `Key::parse`.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.code {
            KeyCode::Char('<') => "lt".to_owned(),
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "BackTab".to_owned(),
            KeyCode::Backspace => "Backspace".to_owned(),
            KeyCode::Delete => "Delete".to_owned(),
            KeyCode::Insert => "Insert".to_owned(),
            KeyCode::Up => "Up".to_owned(),
            KeyCode::Down => "Down".to_owned(),
            KeyCode::Left => "Left".to_owned(),
            KeyCode::Right => "Right".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::PageUp => "PageUp".to_owned(),
            KeyCode::PageDown => "PageDown".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
        };
        // '<' and ' ' are written by name, so a file never holds a lone
        // '<' or a key that looks empty.
        if let Some(c) = self.typed_char().filter(|c| *c != '<' && *c != ' ') {
            return write!(f, "{c}");
        }
        let ctrl = if self.ctrl { "C-" } else { "" };
        let alt = if self.alt { "A-" } else { "" };
        let shift = if self.shift { "S-" } else { "" };
        write!(f, "<{ctrl}{alt}{shift}{name}>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventState;

    fn event(code: TermCode, modifiers: TermModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn parsed(text: &str) -> Key {
        Key::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn the_notation_reads_characters_names_and_modifiers() {
        assert_eq!(parsed("j"), Key::char('j'));
        assert_eq!(parsed("G"), Key::char('G'));
        assert_eq!(parsed("?"), Key::char('?'));
        assert_eq!(parsed(">"), Key::char('>'));
        assert_eq!(parsed("é"), Key::char('é'));
        assert_eq!(parsed("<C-d>"), Key::ctrl('d'));
        assert_eq!(parsed("<C-D>"), Key::ctrl('d'));
        assert_eq!(parsed("<A-x>"), Key::alt('x'));
        assert_eq!(parsed("<A-lt>"), Key::alt('<'));
        assert_eq!(parsed("<A->>"), Key::alt('>'));
        assert_eq!(parsed("<A-->"), Key::alt('-'));
        assert_eq!(parsed("<lt>"), Key::char('<'));
        assert_eq!(parsed("<Space>"), Key::char(' '));
        assert_eq!(parsed("<Down>"), Key::plain(KeyCode::Down));
        assert_eq!(parsed("<enter>"), Key::plain(KeyCode::Enter));
        assert_eq!(parsed("<Esc>"), Key::plain(KeyCode::Esc));
        assert_eq!(parsed("<Tab>"), Key::plain(KeyCode::Tab));
        assert_eq!(parsed("<BackTab>"), Key::plain(KeyCode::BackTab));
        assert_eq!(parsed("<S-Tab>"), Key::plain(KeyCode::BackTab));
        assert_eq!(parsed("<PageUp>"), Key::plain(KeyCode::PageUp));
        assert_eq!(parsed("<F1>"), Key::plain(KeyCode::F(1)));
        assert_eq!(
            parsed("<S-Up>"),
            Key {
                code: KeyCode::Up,
                ctrl: false,
                alt: false,
                shift: true
            }
        );
    }

    #[test]
    fn the_notation_refuses_with_the_reason() {
        assert_eq!(Key::parse(""), Err(KeyParseError::Empty));
        assert_eq!(Key::parse("<"), Err(KeyParseError::LoneAngle));
        assert_eq!(
            Key::parse("<C-d"),
            Err(KeyParseError::Unclosed("<C-d".into()))
        );
        assert_eq!(Key::parse("gg"), Err(KeyParseError::NotOneKey("gg".into())));
        assert_eq!(
            Key::parse("<Dwon>"),
            Err(KeyParseError::UnknownName("Dwon".into()))
        );
        assert_eq!(
            Key::parse("<F0>"),
            Err(KeyParseError::UnknownName("F0".into()))
        );
        assert_eq!(
            Key::parse("<X-d>"),
            Err(KeyParseError::UnknownModifier('X'))
        );
        assert_eq!(Key::parse("<S-g>"), Err(KeyParseError::ShiftOnCharacter));
        assert_eq!(
            Key::parse("<C-A-e>"),
            Err(KeyParseError::CtrlAltOnCharacter)
        );
        assert_eq!(Key::parse("\t"), Err(KeyParseError::ControlCharacter));
        let message = KeyParseError::UnknownName("Dwon".into()).to_string();
        assert!(message.contains("Dwon"), "{message}");
    }

    #[test]
    fn the_notation_is_written_back_the_way_it_is_read() {
        for text in [
            "j",
            "G",
            "?",
            ">",
            "é",
            "<C-d>",
            "<A-x>",
            "<A-lt>",
            "<A->>",
            "<lt>",
            "<Space>",
            "<Down>",
            "<S-Up>",
            "<C-A-Left>",
            "<Enter>",
            "<BackTab>",
            "<F12>",
            "<C-Space>",
        ] {
            let key = parsed(text);
            assert_eq!(key.to_string(), text);
            assert_eq!(parsed(&key.to_string()), key);
        }
    }

    #[test]
    fn events_are_read_as_the_character_typed() {
        assert_eq!(
            Key::from_event(&event(TermCode::Char('G'), TermModifiers::SHIFT)),
            Some(Key::char('G'))
        );
        assert_eq!(
            Key::from_event(&event(TermCode::Char('d'), TermModifiers::CONTROL)),
            Some(Key::ctrl('d'))
        );
        // Ctrl-Shift-D on a terminal that reports it: the same as Ctrl-d.
        assert_eq!(
            Key::from_event(&event(
                TermCode::Char('D'),
                TermModifiers::CONTROL | TermModifiers::SHIFT
            )),
            Some(Key::ctrl('d'))
        );
        // AZERTY: é, è, à, ç are keys of their own.
        for c in ['é', 'è', 'à', 'ç', 'ù'] {
            assert_eq!(
                Key::from_event(&event(TermCode::Char(c), TermModifiers::NONE)),
                Some(Key::char(c))
            );
        }
        // BÉPO: É, ê, È, « and » with Shift or alone.
        for c in ['É', 'ê', 'È', '«', '»', 'œ'] {
            assert_eq!(
                Key::from_event(&event(TermCode::Char(c), TermModifiers::SHIFT)),
                Some(Key::char(c))
            );
        }
        // AltGr arriving as Ctrl-Alt: the character itself.
        assert_eq!(
            Key::from_event(&event(
                TermCode::Char('€'),
                TermModifiers::CONTROL | TermModifiers::ALT
            )),
            Some(Key::char('€'))
        );
        assert_eq!(
            Key::from_event(&event(TermCode::Char('x'), TermModifiers::ALT)),
            Some(Key::alt('x'))
        );
        assert_eq!(
            Key::from_event(&event(TermCode::BackTab, TermModifiers::SHIFT)),
            Some(Key::plain(KeyCode::BackTab))
        );
        assert_eq!(
            Key::from_event(&event(TermCode::Down, TermModifiers::SHIFT)),
            Some(Key {
                code: KeyCode::Down,
                ctrl: false,
                alt: false,
                shift: true
            })
        );
    }

    #[test]
    fn releases_and_unnamed_keys_are_not_keys() {
        let release = KeyEvent {
            code: TermCode::Char('j'),
            modifiers: TermModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        };
        assert_eq!(Key::from_event(&release), None);
        let repeat = KeyEvent {
            kind: KeyEventKind::Repeat,
            ..release
        };
        assert_eq!(Key::from_event(&repeat), Some(Key::char('j')));
        assert_eq!(
            Key::from_event(&event(TermCode::CapsLock, TermModifiers::NONE)),
            None
        );
        assert_eq!(
            Key::from_event(&event(TermCode::Char('j'), TermModifiers::SUPER)),
            None
        );
    }

    #[test]
    fn only_plain_characters_type() {
        assert_eq!(Key::char('q').typed_char(), Some('q'));
        assert_eq!(Key::ctrl('c').typed_char(), None);
        assert_eq!(Key::alt('x').typed_char(), None);
        assert_eq!(Key::plain(KeyCode::Enter).typed_char(), None);
    }

    #[test]
    fn labels_are_in_the_reader_s_language() {
        assert_eq!(Key::ctrl('d').label(Lang::Fr), "Ctrl-d");
        assert_eq!(Key::plain(KeyCode::Enter).label(Lang::Fr), "Entrée");
        assert_eq!(Key::plain(KeyCode::Enter).label(Lang::En), "Enter");
        assert_eq!(Key::plain(KeyCode::Esc).label(Lang::Fr), "Échap");
        assert_eq!(Key::plain(KeyCode::Down).label(Lang::En), "↓");
        assert_eq!(Key::plain(KeyCode::PageDown).label(Lang::Fr), "Page suiv.");
        assert_eq!(Key::plain(KeyCode::PageDown).label(Lang::En), "PgDn");
        assert_eq!(Key::char(' ').label(Lang::Fr), "Espace");
        assert_eq!(Key::plain(KeyCode::BackTab).label(Lang::Fr), "Maj-Tab");
        assert_eq!(
            chord_label(&[Key::ctrl('x'), Key::ctrl('c')], Lang::En),
            "Ctrl-x Ctrl-c"
        );
        assert_eq!(chord_notation(&[Key::char('g'), Key::char('<')]), "g <lt>");
    }
}
