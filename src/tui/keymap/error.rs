//! Why a keymap is refused: each case names the file, the line, the
//! section and the key, so the person can go and fix it.

use std::fmt;

use crate::i18n::Lang;
use crate::tui::keymap::key::{Key, KeyParseError};
use crate::tui::keymap::{Action, Mode};

/// The English text (`Display`) is the catalogue's English message; the
/// interface shows `message(lang)`.
#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    /// Not TOML, or not the shape of a keymap file (a field missing or of
    /// the wrong type). `reason` is toml's own text, in English.
    Syntax {
        file: String,
        line: Option<usize>,
        reason: String,
    },
    UnknownMode {
        file: String,
        line: usize,
        section: String,
    },
    UnknownAction {
        file: String,
        line: usize,
        mode: Mode,
        keys: Vec<Key>,
        action: String,
        /// A known action whose name is close, if any.
        suggestion: Option<Action>,
    },
    BadKey {
        file: String,
        line: usize,
        mode: Mode,
        key: String,
        reason: KeyParseError,
    },
    /// `on` is neither a key, a chord nor a list of chords.
    BadOn {
        file: String,
        line: usize,
        mode: Mode,
    },
    ChordTooLong {
        file: String,
        line: usize,
        mode: Mode,
        keys: Vec<Key>,
    },
    /// A preset entry without `desc`.
    MissingDescription {
        file: String,
        line: usize,
        mode: Mode,
        keys: Vec<Key>,
    },
    /// `run = "disabled"` in a preset, where there is nothing to disable.
    DisabledInPreset {
        file: String,
        line: usize,
        mode: Mode,
        keys: Vec<Key>,
    },
    /// The same keys twice in one section of one file.
    DuplicateKey {
        file: String,
        line: usize,
        first_line: usize,
        mode: Mode,
        keys: Vec<Key>,
    },
    /// A key bound alone and also the start of a chord: the chord could
    /// never be typed. Reported at the entry that came last (the user's,
    /// when the preset and the user's file meet).
    PrefixConflict {
        file: String,
        line: usize,
        mode: Mode,
        key: Key,
        chord: Vec<Key>,
    },
    UnknownPreset {
        name: String,
        known: &'static [&'static str],
    },
    Unreadable {
        file: String,
        source: std::io::Error,
    },
}

impl KeymapError {
    /// What went wrong and where, in the person's language.
    pub fn message(&self, lang: Lang) -> String {
        crate::i18n::keymap_messages::keymap_error(self, lang)
    }
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
