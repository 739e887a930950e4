//! Keymaps: keys (or two-key chords) to named actions, one section per
//! mode, read from the presets in `keymaps/` and the user's file.
//!
//! The user's file changes the preset entry by entry: the same keys in
//! the same section replace the preset's binding, `run = "disabled"`
//! makes the keys do nothing in that section, other entries are added.

pub mod action;
pub mod error;
pub mod file;
pub mod key;
pub mod mode;
pub mod presets;

use std::collections::BTreeMap;
use std::path::Path;

pub use action::Action;
pub use error::KeymapError;
pub use key::{Key, KeyCode};
pub use mode::Mode;

use file::{KeymapFile, Source};

/// One key sequence and what it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    /// The file's own words; may be empty in a user's file. The help
    /// overlay shows `Action::description` in the person's language.
    pub desc: String,
}

/// What the keys typed so far mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    /// The start of a chord: wait for the next key.
    Prefix,
    Unbound,
}

/// A binding and where it was written, for error messages.
#[derive(Debug, Clone)]
struct Entry {
    binding: Binding,
    file: String,
    line: usize,
    from_user: bool,
}

impl Entry {
    /// A user's `disabled` entry: it binds nothing, but masks the global
    /// binding of the same keys in its section.
    fn is_disabled(&self) -> bool {
        self.binding.action == Action::Disabled
    }
}

/// The bindings in force: a preset with the user's file applied.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    sections: BTreeMap<Mode, Vec<Entry>>,
}

/// What `resolve` found: the entry itself, so that `bindings` can tell
/// which global entries are reachable.
enum Resolved<'a> {
    Entry(&'a Entry),
    Prefix,
    Unbound,
}

impl Keymap {
    pub const PRESETS: &'static [&'static str] = presets::NAMES;

    /// The preset by name, with the user's file (if it exists) applied over it.
    pub fn load(preset: &str, user_file: Option<&Path>) -> Result<Keymap, KeymapError> {
        let Some(text) = presets::text(preset) else {
            return Err(KeymapError::UnknownPreset {
                name: preset.to_owned(),
                known: Keymap::PRESETS,
            });
        };
        let preset_name = presets::file_name(preset);
        let user = match user_file {
            Some(path) => read_user_file(path)?.map(|text| (path.display().to_string(), text)),
            None => None,
        };
        Keymap::from_texts(
            (&preset_name, text),
            user.as_ref()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        )
    }

    /// Same from texts (tests): (file name shown in errors, text).
    pub fn from_texts(
        preset: (&str, &str),
        user: Option<(&str, &str)>,
    ) -> Result<Keymap, KeymapError> {
        let mut keymap = Keymap::default();
        keymap.apply(file::parse(preset.0, preset.1, Source::Preset)?, false);
        if let Some((name, text)) = user {
            keymap.apply(file::parse(name, text, Source::User)?, true);
        }
        keymap.check_chords()?;
        Ok(keymap)
    }

    /// The mode's own bindings first, then Global's; in typing modes,
    /// Global is consulted only when the first key does not type a
    /// character.
    pub fn lookup(&self, mode: Mode, keys: &[Key]) -> Lookup {
        match self.resolve(mode, keys) {
            Resolved::Entry(entry) => Lookup::Action(entry.binding.action),
            Resolved::Prefix => Lookup::Prefix,
            Resolved::Unbound => Lookup::Unbound,
        }
    }

    /// Every binding in force in `mode`: the mode's, then the global ones
    /// it does not shadow (for the help overlay).
    pub fn bindings(&self, mode: Mode) -> Vec<&Binding> {
        let mut in_force: Vec<&Binding> = self
            .entries(mode)
            .iter()
            .filter(|entry| !entry.is_disabled())
            .map(|entry| &entry.binding)
            .collect();
        if mode != Mode::Global {
            in_force.extend(
                self.entries(Mode::Global)
                    .iter()
                    .filter(|entry| !entry.is_disabled() && self.reaches(mode, entry))
                    .map(|entry| &entry.binding),
            );
        }
        in_force
    }

    /// Bindings of `mode` whose chord starts with `prefix` (for a
    /// which-key hint).
    pub fn continuations(&self, mode: Mode, prefix: &[Key]) -> Vec<&Binding> {
        self.bindings(mode)
            .into_iter()
            .filter(|binding| binding.keys.len() > prefix.len() && binding.keys.starts_with(prefix))
            .collect()
    }

    /// The first key sequence bound to `action` in `mode` (or global), for
    /// status-bar hints.
    /// The keys of `action` to name beside `word` (« o oui »): the
    /// binding that is the word's first letter when there is one, so that
    /// the key shown reads as the answer in the person's language; else
    /// one that is no letter (Enter), else the first binding.
    pub fn keys_named_for(&self, mode: Mode, action: Action, word: &str) -> Option<&[Key]> {
        let first = crate::domain::text::fold(word).chars().next();
        let bindings: Vec<&Binding> = self
            .bindings(mode)
            .into_iter()
            .filter(|binding| binding.action == action)
            .collect();
        bindings
            .iter()
            .find(|binding| {
                matches!(binding.keys.as_slice(), [key] if key.typed_char().is_some() && key.typed_char() == first)
            })
            // A letter of another language's word reads wrong: rather a
            // key that is no letter (Enter), else the first.
            .or_else(|| {
                bindings.iter().find(|binding| {
                    binding
                        .keys
                        .iter()
                        .all(|key| key.typed_char().is_none_or(|c| !c.is_alphabetic()))
                })
            })
            .or(bindings.first())
            .map(|binding| binding.keys.as_slice())
    }

    pub fn keys_for(&self, mode: Mode, action: Action) -> Option<&[Key]> {
        self.bindings(mode)
            .into_iter()
            .find(|binding| binding.action == action)
            .map(|binding| binding.keys.as_slice())
    }

    fn entries(&self, mode: Mode) -> &[Entry] {
        self.sections.get(&mode).map_or(&[], Vec::as_slice)
    }

    fn resolve(&self, mode: Mode, keys: &[Key]) -> Resolved<'_> {
        let Some(first) = keys.first() else {
            return Resolved::Unbound;
        };
        let mut layers = vec![self.entries(mode)];
        // In a typing mode a character is text, whatever Global binds.
        if mode != Mode::Global && !(mode.is_typing() && first.typed_char().is_some()) {
            layers.push(self.entries(Mode::Global));
        }
        for layer in layers {
            let mut masked = false;
            for entry in layer.iter().filter(|entry| entry.binding.keys == keys) {
                if entry.is_disabled() {
                    masked = true;
                } else {
                    return Resolved::Entry(entry);
                }
            }
            let starts_chord = layer.iter().any(|entry| {
                !entry.is_disabled()
                    && entry.binding.keys.len() > keys.len()
                    && entry.binding.keys.starts_with(keys)
            });
            if starts_chord {
                return Resolved::Prefix;
            }
            if masked {
                return Resolved::Unbound;
            }
        }
        Resolved::Unbound
    }

    /// Whether typing this global entry's keys in `mode` runs it: every
    /// shorter part must be a prefix and the whole must land on it.
    fn reaches(&self, mode: Mode, entry: &Entry) -> bool {
        let keys = &entry.binding.keys;
        let prefixes_wait =
            (1..keys.len()).all(|end| matches!(self.resolve(mode, &keys[..end]), Resolved::Prefix));
        prefixes_wait
            && matches!(self.resolve(mode, keys), Resolved::Entry(found) if std::ptr::eq(found, entry))
    }

    /// Adds a file's bindings: the same keys in the same section replace
    /// the binding in place, others are appended.
    fn apply(&mut self, file: KeymapFile, from_user: bool) {
        for (mode, bindings) in file.sections {
            let entries = self.sections.entry(mode).or_default();
            for binding in bindings {
                let entry = Entry {
                    binding: Binding {
                        keys: binding.keys,
                        action: binding.action,
                        desc: binding.desc.unwrap_or_default(),
                    },
                    file: file.name.clone(),
                    line: binding.line,
                    from_user,
                };
                match entries
                    .iter_mut()
                    .find(|existing| existing.binding.keys == entry.binding.keys)
                {
                    Some(existing) => *existing = entry,
                    None => entries.push(entry),
                }
            }
        }
    }

    /// No key may be bound alone and start a chord in the same section:
    /// the chord could never be typed.
    fn check_chords(&self) -> Result<(), KeymapError> {
        for (mode, entries) in &self.sections {
            let live = entries.iter().filter(|entry| !entry.is_disabled());
            for alone in live.clone().filter(|entry| entry.binding.keys.len() == 1) {
                let key = alone.binding.keys[0];
                let chord = live
                    .clone()
                    .find(|entry| entry.binding.keys.len() > 1 && entry.binding.keys[0] == key);
                if let Some(chord) = chord {
                    // Name the entry the person most likely just wrote.
                    let blamed = match (alone.from_user, chord.from_user) {
                        (true, false) => alone,
                        (false, true) => chord,
                        _ if alone.line > chord.line => alone,
                        _ => chord,
                    };
                    return Err(KeymapError::PrefixConflict {
                        file: blamed.file.clone(),
                        line: blamed.line,
                        mode: *mode,
                        key,
                        chord: chord.binding.keys.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// The user's file, or `None` when there is none.
fn read_user_file(path: &Path) -> Result<Option<String>, KeymapError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(KeymapError::Unreadable {
            file: path.display().to_string(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRESET: &str = r#"
[global]
keymap = [
  { on = [["q"], ["<C-c>"]], run = "quit", desc = "Quit" },
  { on = "<Esc>", run = "back", desc = "Back" },
  { on = ["g", "d"], run = "go_dashboard", desc = "Dashboard" },
  { on = "<Backspace>", run = "back", desc = "Back" },
]

[list]
keymap = [
  { on = [["<Down>"], ["j"]], run = "down", desc = "Down" },
  { on = ["g", "g"], run = "first", desc = "First" },
  { on = "<Esc>", run = "clear_filter", desc = "Clear" },
]

[filter]
keymap = [
  { on = "<Esc>", run = "cancel", desc = "Cancel" },
]
"#;

    fn keymap(user: Option<&str>) -> Keymap {
        Keymap::from_texts(
            ("preset.toml", PRESET),
            user.map(|text| ("keymap.toml", text)),
        )
        .unwrap_or_else(|error| panic!("{error}"))
    }

    fn keys(notation: &[&str]) -> Vec<Key> {
        notation
            .iter()
            .map(|text| Key::parse(text).unwrap())
            .collect()
    }

    #[test]
    fn the_mode_comes_before_global() {
        let keymap = keymap(None);
        assert_eq!(
            keymap.lookup(Mode::List, &keys(&["<Esc>"])),
            Lookup::Action(Action::ClearFilter)
        );
        assert_eq!(
            keymap.lookup(Mode::Detail, &keys(&["<Esc>"])),
            Lookup::Action(Action::Back)
        );
        assert_eq!(
            keymap.lookup(Mode::List, &keys(&["q"])),
            Lookup::Action(Action::Quit)
        );
    }

    #[test]
    fn chords_of_the_mode_and_of_global_meet_on_their_first_key() {
        let keymap = keymap(None);
        assert_eq!(keymap.lookup(Mode::List, &keys(&["g"])), Lookup::Prefix);
        assert_eq!(
            keymap.lookup(Mode::List, &keys(&["g", "g"])),
            Lookup::Action(Action::First)
        );
        assert_eq!(
            keymap.lookup(Mode::List, &keys(&["g", "d"])),
            Lookup::Action(Action::GoDashboard)
        );
        assert_eq!(
            keymap.lookup(Mode::List, &keys(&["g", "x"])),
            Lookup::Unbound
        );
        let next: Vec<Action> = keymap
            .continuations(Mode::List, &keys(&["g"]))
            .iter()
            .map(|binding| binding.action)
            .collect();
        assert_eq!(next, vec![Action::First, Action::GoDashboard]);
        assert_eq!(keymap.lookup(Mode::List, &[]), Lookup::Unbound);
    }

    #[test]
    fn typing_modes_leave_characters_to_the_text() {
        let keymap = keymap(None);
        assert_eq!(keymap.lookup(Mode::Filter, &keys(&["q"])), Lookup::Unbound);
        assert_eq!(keymap.lookup(Mode::Filter, &keys(&["g"])), Lookup::Unbound);
        assert_eq!(
            keymap.lookup(Mode::Filter, &keys(&["<C-c>"])),
            Lookup::Action(Action::Quit)
        );
        let in_force: Vec<Action> = keymap
            .bindings(Mode::Filter)
            .iter()
            .map(|binding| binding.action)
            .collect();
        assert_eq!(in_force, vec![Action::Cancel, Action::Quit, Action::Back]);
    }

    #[test]
    fn bindings_leave_out_the_shadowed_global_ones() {
        let keymap = keymap(None);
        let list: Vec<(String, Action)> = keymap
            .bindings(Mode::List)
            .iter()
            .map(|binding| (key::chord_notation(&binding.keys), binding.action))
            .collect();
        assert_eq!(
            list,
            vec![
                ("<Down>".into(), Action::Down),
                ("j".into(), Action::Down),
                ("g g".into(), Action::First),
                ("<Esc>".into(), Action::ClearFilter),
                ("q".into(), Action::Quit),
                ("<C-c>".into(), Action::Quit),
                ("g d".into(), Action::GoDashboard),
                ("<Backspace>".into(), Action::Back),
            ]
        );
        assert_eq!(
            keymap.keys_for(Mode::List, Action::Down),
            Some(&keys(&["<Down>"])[..])
        );
        assert_eq!(
            keymap.keys_for(Mode::List, Action::Back),
            Some(&keys(&["<Backspace>"])[..])
        );
        assert_eq!(keymap.keys_for(Mode::List, Action::Refresh), None);
    }

    #[test]
    fn the_user_replaces_adds_and_disables() {
        let keymap = keymap(Some(
            r#"
[list]
keymap = [
  { on = "j", run = "up" },
  { on = "J", run = "down", desc = "Mine" },
  { on = "<Down>", run = "disabled" },
  { on = "<Backspace>", run = "disabled" },
]
"#,
        ));
        assert_eq!(
            keymap.lookup(Mode::List, &keys(&["j"])),
            Lookup::Action(Action::Up)
        );
        assert_eq!(
            keymap.lookup(Mode::List, &keys(&["J"])),
            Lookup::Action(Action::Down)
        );
        assert_eq!(
            keymap.lookup(Mode::List, &keys(&["<Down>"])),
            Lookup::Unbound
        );
        // Disabled in the list only: Global still binds it elsewhere.
        assert_eq!(
            keymap.lookup(Mode::List, &keys(&["<Backspace>"])),
            Lookup::Unbound
        );
        assert_eq!(
            keymap.lookup(Mode::Detail, &keys(&["<Backspace>"])),
            Lookup::Action(Action::Back)
        );
        let list = keymap.bindings(Mode::List);
        assert!(
            list.iter()
                .all(|binding| binding.action != Action::Disabled)
        );
        assert!(
            !list
                .iter()
                .any(|binding| binding.keys == keys(&["<Backspace>"]))
        );
        // Replaced in place: still first among the list's own bindings.
        assert_eq!(
            keymap.keys_for(Mode::List, Action::Up),
            Some(&keys(&["j"])[..])
        );
        assert_eq!(
            list.iter().find(|b| b.keys == keys(&["J"])).unwrap().desc,
            "Mine"
        );
    }

    #[test]
    fn a_key_alone_and_a_chord_on_it_are_refused_after_merging() {
        let error = Keymap::from_texts(
            ("preset.toml", PRESET),
            Some((
                "keymap.toml",
                "[list]\nkeymap = [{ on = \"g\", run = \"last\" }]\n",
            )),
        )
        .unwrap_err();
        match error {
            KeymapError::PrefixConflict {
                file,
                line,
                mode,
                key,
                chord,
            } => {
                assert_eq!(file, "keymap.toml");
                assert_eq!(line, 2);
                assert_eq!(mode, Mode::List);
                assert_eq!(key, Key::char('g'));
                assert_eq!(chord, keys(&["g", "g"]));
            }
            other => panic!("{other:?}"),
        }
        // Disabling the chord first makes room for the key alone.
        let keymap = keymap(Some(
            "[list]\nkeymap = [\n { on = [\"g\", \"g\"], run = \"disabled\" },\n { on = \"g\", run = \"last\" },\n]\n",
        ));
        assert_eq!(
            keymap.lookup(Mode::List, &keys(&["g"])),
            Lookup::Action(Action::Last)
        );
        // The global chord g d is now out of reach in the list.
        assert!(
            !keymap
                .bindings(Mode::List)
                .iter()
                .any(|binding| binding.action == Action::GoDashboard)
        );
    }

    #[test]
    fn an_unknown_preset_lists_the_known_ones() {
        match Keymap::load("vi", None) {
            Err(KeymapError::UnknownPreset { name, known }) => {
                assert_eq!(name, "vi");
                assert_eq!(known, Keymap::PRESETS);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_missing_user_file_is_no_error() {
        let keymap = Keymap::load(
            "default",
            Some(Path::new("/nonexistent/passerelle/keymap.toml")),
        )
        .unwrap();
        assert_eq!(
            keymap.lookup(Mode::List, &keys(&["q"])),
            Lookup::Action(Action::Quit)
        );
    }
}
