//! Reading one keymap file (yazi's format) into checked bindings:
//!
//! ```toml
//! [list]
//! keymap = [
//!   { on = "j", run = "down", desc = "Next record" },
//!   { on = [["<Down>"], ["j"]], run = "down" },
//!   { on = ["g", "g"], run = "first" },
//! ]
//! ```
//!
//! Everything that can be checked within one file is checked here; what
//! needs the preset and the user's file together is checked by `Keymap`.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::Spanned;

use crate::tui::keymap::error::KeymapError;
use crate::tui::keymap::key::Key;
use crate::tui::keymap::{Action, Mode};

/// The longest key sequence: two keys, like vim's "gg".
pub const MAX_CHORD: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Built in: every entry has a `desc`, none is `disabled`.
    Preset,
    User,
}

/// One key sequence of one entry (an entry with alternatives gives one
/// per alternative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileBinding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub desc: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapFile {
    pub name: String,
    /// In the order of the file.
    pub sections: Vec<(Mode, Vec<FileBinding>)>,
}

// The renames are what toml's messages call these ("expected struct
// table …"), read by people rather than the Rust names.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "table such as [list]")]
struct RawSection {
    #[serde(default)]
    keymap: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    rename = "table such as { on = \"j\", run = \"down\" }"
)]
struct RawEntry {
    /// Read by hand rather than as an untagged enum, so that a wrong
    /// shape gets a precise message.
    on: toml::Value,
    run: String,
    desc: Option<String>,
}

/// Reads and checks one file; `name` is how errors name it.
pub fn parse(name: &str, text: &str, source: Source) -> Result<KeymapFile, KeymapError> {
    let syntax = |error: toml::de::Error| KeymapError::Syntax {
        file: name.to_owned(),
        line: error.span().map(|span| line_of(text, span.start)),
        reason: error.message().to_owned(),
    };
    // Section names first, so that a misspelt section is named as such
    // rather than by whatever its content fails on.
    let names: BTreeMap<Spanned<String>, IgnoredAny> = toml::from_str(text).map_err(syntax)?;
    for section in names.keys() {
        if Mode::from_name(section.get_ref()).is_none() {
            return Err(KeymapError::UnknownMode {
                file: name.to_owned(),
                line: line_of(text, section.span().start),
                section: section.get_ref().clone(),
            });
        }
    }
    let raw: BTreeMap<Spanned<String>, RawSection> = toml::from_str(text).map_err(syntax)?;
    let mut raw: Vec<(Spanned<String>, RawSection)> = raw.into_iter().collect();
    raw.sort_by_key(|(section, _)| section.span().start);

    let mut sections = Vec::with_capacity(raw.len());
    for (section, content) in raw {
        // Checked above.
        let Some(mode) = Mode::from_name(section.get_ref()) else {
            continue;
        };
        let reader = Reader {
            file: name,
            text,
            mode,
            source,
        };
        sections.push((mode, reader.section(content)?));
    }
    Ok(KeymapFile {
        name: name.to_owned(),
        sections,
    })
}

/// Reads the entries of one section.
struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    mode: Mode,
    source: Source,
}

impl Reader<'_> {
    fn section(&self, content: RawSection) -> Result<Vec<FileBinding>, KeymapError> {
        let mut bindings: Vec<FileBinding> = Vec::new();
        // Keys already bound in this section, and the line that did it.
        let mut seen: HashMap<Vec<Key>, usize> = HashMap::new();
        for entry in content.keymap {
            let line = line_of(self.text, entry.span().start);
            let entry = entry.into_inner();
            for keys in self.chords(&entry.on, line)? {
                if let Some(first_line) = seen.get(&keys) {
                    return Err(KeymapError::DuplicateKey {
                        file: self.file.to_owned(),
                        line,
                        first_line: *first_line,
                        mode: self.mode,
                        keys,
                    });
                }
                let action = self.action(&entry.run, &keys, line)?;
                let desc = entry.desc.clone().filter(|desc| !desc.trim().is_empty());
                if self.source == Source::Preset {
                    self.check_preset_entry(action, desc.is_some(), &keys, line)?;
                }
                seen.insert(keys.clone(), line);
                bindings.push(FileBinding {
                    keys,
                    action,
                    desc,
                    line,
                });
            }
        }
        Ok(bindings)
    }

    /// `on`: "j", ["g", "g"], or [["<Down>"], ["j"]].
    fn chords(&self, on: &toml::Value, line: usize) -> Result<Vec<Vec<Key>>, KeymapError> {
        let bad_on = || KeymapError::BadOn {
            file: self.file.to_owned(),
            line,
            mode: self.mode,
        };
        let written: Vec<Vec<&str>> = match on {
            toml::Value::String(key) => vec![vec![key.as_str()]],
            toml::Value::Array(items) if items.iter().all(toml::Value::is_str) => {
                vec![items.iter().filter_map(toml::Value::as_str).collect()]
            }
            toml::Value::Array(items) => {
                let mut alternatives = Vec::with_capacity(items.len());
                for item in items {
                    match item.as_array() {
                        Some(keys) if keys.iter().all(toml::Value::is_str) => {
                            alternatives.push(keys.iter().filter_map(toml::Value::as_str).collect())
                        }
                        _ => return Err(bad_on()),
                    }
                }
                alternatives
            }
            _ => return Err(bad_on()),
        };
        if written.is_empty() || written.iter().any(Vec::is_empty) {
            return Err(bad_on());
        }
        let mut chords = Vec::with_capacity(written.len());
        for chord in written {
            let mut keys = Vec::with_capacity(chord.len());
            for key in chord {
                keys.push(Key::parse(key).map_err(|reason| KeymapError::BadKey {
                    file: self.file.to_owned(),
                    line,
                    mode: self.mode,
                    key: key.to_owned(),
                    reason,
                })?);
            }
            if keys.len() > MAX_CHORD {
                return Err(KeymapError::ChordTooLong {
                    file: self.file.to_owned(),
                    line,
                    mode: self.mode,
                    keys,
                });
            }
            chords.push(keys);
        }
        Ok(chords)
    }

    fn action(&self, run: &str, keys: &[Key], line: usize) -> Result<Action, KeymapError> {
        Action::from_name(run).ok_or_else(|| KeymapError::UnknownAction {
            file: self.file.to_owned(),
            line,
            mode: self.mode,
            keys: keys.to_vec(),
            action: run.to_owned(),
            suggestion: closest_action(run),
        })
    }

    fn check_preset_entry(
        &self,
        action: Action,
        described: bool,
        keys: &[Key],
        line: usize,
    ) -> Result<(), KeymapError> {
        if action == Action::Disabled {
            return Err(KeymapError::DisabledInPreset {
                file: self.file.to_owned(),
                line,
                mode: self.mode,
                keys: keys.to_vec(),
            });
        }
        if !described {
            return Err(KeymapError::MissingDescription {
                file: self.file.to_owned(),
                line,
                mode: self.mode,
                keys: keys.to_vec(),
            });
        }
        Ok(())
    }
}

/// The line (from 1) holding a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|byte| **byte == b'\n')
        .count()
        + 1
}

/// The action a misspelt name most likely meant: within two edits, or
/// the only one containing what was written.
fn closest_action(written: &str) -> Option<Action> {
    let written = written.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    let mut best: Option<(usize, Action)> = None;
    for action in Action::ALL.iter().copied() {
        let distance = edit_distance(&written, &action.name());
        if distance <= 2 && best.is_none_or(|(shortest, _)| distance < shortest) {
            best = Some((distance, action));
        }
    }
    if let Some((_, action)) = best {
        return Some(action);
    }
    let mut containing = Action::ALL
        .iter()
        .copied()
        .filter(|action| written.len() >= 3 && action.name().contains(&written));
    match (containing.next(), containing.next()) {
        (Some(action), None) => Some(action),
        _ => None,
    }
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::key::KeyCode;

    fn user(text: &str) -> Result<KeymapFile, KeymapError> {
        parse("keymap.toml", text, Source::User)
    }

    #[test]
    fn the_three_forms_of_on_are_read() {
        let file = user(
            r#"
[list]
keymap = [
  { on = "j", run = "down" },
  { on = [["<Down>"], ["<C-n>"]], run = "down", desc = "Next" },
  { on = ["g", "g"], run = "first" },
]
"#,
        )
        .unwrap();
        let (mode, bindings) = &file.sections[0];
        assert_eq!(*mode, Mode::List);
        let keys: Vec<&[Key]> = bindings.iter().map(|b| b.keys.as_slice()).collect();
        assert_eq!(
            keys,
            vec![
                &[Key::char('j')][..],
                &[Key::plain(KeyCode::Down)][..],
                &[Key::ctrl('n')][..],
                &[Key::char('g'), Key::char('g')][..],
            ]
        );
        assert_eq!(bindings[0].line, 4);
        assert_eq!(bindings[1].desc.as_deref(), Some("Next"));
        assert_eq!(bindings[3].action, Action::First);
    }

    #[test]
    fn sections_keep_the_file_order() {
        let file = user("[list]\nkeymap = []\n[detail]\nkeymap = []\n[global]\n").unwrap();
        let modes: Vec<Mode> = file.sections.iter().map(|(mode, _)| *mode).collect();
        assert_eq!(modes, vec![Mode::List, Mode::Detail, Mode::Global]);
    }

    #[test]
    fn wrong_shapes_are_refused_with_their_line() {
        for (text, line) in [
            ("[list]\nkeymap = [\n  { on = 3, run = \"down\" },\n]\n", 3),
            ("[list]\nkeymap = [\n  { on = [], run = \"down\" },\n]\n", 3),
            (
                "[list]\nkeymap = [\n  { on = [[]], run = \"down\" },\n]\n",
                3,
            ),
            (
                "[list]\nkeymap = [\n  { on = [\"j\", [\"k\"]], run = \"down\" },\n]\n",
                3,
            ),
        ] {
            match user(text) {
                Err(KeymapError::BadOn { line: found, .. }) => assert_eq!(found, line, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        match user("[list]\nkeymap = [\n  { on = \"j\" },\n]\n") {
            Err(KeymapError::Syntax { line, reason, .. }) => {
                assert_eq!(line, Some(3));
                assert!(reason.contains("run"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        match user(
            "[list]\nkeymap = [\n  { on = \"j\", run = \"down\", desc = \"x\", when = 1 },\n]\n",
        ) {
            Err(KeymapError::Syntax { reason, .. }) => assert!(reason.contains("when"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_misspelt_action_gets_a_suggestion() {
        assert_eq!(closest_action("page_donw"), Some(Action::PageDown));
        assert_eq!(closest_action("quitt"), Some(Action::Quit));
        assert_eq!(closest_action("dashboard"), Some(Action::GoDashboard));
        assert_eq!(closest_action("explode"), None);
    }

    #[test]
    fn chords_have_two_keys_at_most() {
        match user("[list]\nkeymap = [{ on = [\"g\", \"g\", \"g\"], run = \"first\" }]\n") {
            Err(KeymapError::ChordTooLong { keys, .. }) => assert_eq!(keys.len(), 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn presets_need_descriptions_and_cannot_disable() {
        let missing = parse(
            "p.toml",
            "[list]\nkeymap = [{ on = \"j\", run = \"down\" }]\n",
            Source::Preset,
        );
        assert!(matches!(
            missing,
            Err(KeymapError::MissingDescription { .. })
        ));
        let disabled = parse(
            "p.toml",
            "[list]\nkeymap = [{ on = \"j\", run = \"disabled\", desc = \"x\" }]\n",
            Source::Preset,
        );
        assert!(matches!(
            disabled,
            Err(KeymapError::DisabledInPreset { .. })
        ));
    }

    #[test]
    fn lines_are_counted_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
