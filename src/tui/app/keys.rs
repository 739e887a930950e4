//! Keys to actions: the keymap of the mode in force decides; a chord's
//! first key waits for the second; in typing modes a character that is
//! not bound is typed.

use crate::tui::app::App;
use crate::tui::keymap::{Key, Lookup};

impl App {
    pub fn handle_key(&mut self, key: Key) {
        // A message stays until the next key.
        self.message = None;
        let mode = self.mode();
        self.pending_keys.push(key);
        match self.keymap.lookup(mode, &self.pending_keys) {
            Lookup::Action(action) => {
                self.pending_keys.clear();
                self.apply(action);
            }
            Lookup::Prefix => {}
            Lookup::Unbound => {
                let was_chord = self.pending_keys.len() > 1;
                self.pending_keys.clear();
                if was_chord {
                    // "g" then "j": the chord is dropped, "j" counts.
                    self.handle_key(key);
                } else if mode.is_typing() {
                    if let Some(c) = key.typed_char() {
                        self.type_text(c.encode_utf8(&mut [0; 4]));
                    }
                }
            }
        }
    }

    /// Text pasted (bracketed paste): typed, in a typing mode.
    pub fn paste(&mut self, text: &str) {
        if self.mode().is_typing() {
            self.type_text(text);
        }
    }
}
