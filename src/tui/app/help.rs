//! The help overlay: the bindings in force in the mode under it, from
//! the keymap itself, filtered by what is typed.

use crate::domain::text::{fold, words_match};
use crate::i18n::Lang;
use crate::tui::app::Viewport;
use crate::tui::input::TextInput;
use crate::tui::keymap::{Action, Keymap, Mode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// The mode whose bindings are shown.
    pub mode: Mode,
    pub filter: TextInput,
    /// The first entry shown.
    pub scroll: usize,
}

/// One line of help: the keys of one action, and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    pub keys: Vec<String>,
    pub action: Action,
    pub description: String,
}

/// The entries of `mode`, one per action, its keys together, those
/// matching `filter` (on the description, the keys or the action name).
pub fn entries(keymap: &Keymap, mode: Mode, lang: Lang, filter: &str) -> Vec<HelpEntry> {
    let mut entries: Vec<HelpEntry> = Vec::new();
    for binding in keymap.bindings(mode) {
        let keys = binding
            .keys
            .iter()
            .map(|k| k.label(lang))
            .collect::<Vec<_>>()
            .join(" ");
        match entries.iter_mut().find(|e| e.action == binding.action) {
            Some(entry) => entry.keys.push(keys),
            None => entries.push(HelpEntry {
                keys: vec![keys],
                action: binding.action,
                description: binding.action.description(lang).to_owned(),
            }),
        }
    }
    let wanted = fold(filter);
    entries.retain(|entry| {
        let haystack = fold(&format!(
            "{} {} {}",
            entry.description,
            entry.keys.join(" "),
            entry.action.name().replace('_', " ")
        ));
        words_match(&haystack, &wanted)
    });
    entries
}

/// Entry rows the help shows at this size (frame, filter line, rule).
pub fn visible_entries(viewport: Viewport) -> usize {
    viewport.height.saturating_sub(6).max(1) as usize
}

impl Help {
    pub fn new(mode: Mode) -> Self {
        Help {
            mode,
            filter: TextInput::default(),
            scroll: 0,
        }
    }

    pub fn type_text(&mut self, text: &str) {
        self.filter.insert_str(text);
        self.scroll = 0;
    }

    /// Returns whether the help closes.
    pub fn apply(&mut self, action: Action, rows: usize, viewport: Viewport) -> bool {
        let page = visible_entries(viewport);
        let most = rows.saturating_sub(page);
        match action {
            Action::Cancel | Action::Help | Action::Submit => return true,
            Action::Down => self.scroll = (self.scroll + 1).min(most),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => self.scroll = (self.scroll + page).min(most),
            Action::PageUp | Action::HalfPageUp => self.scroll = self.scroll.saturating_sub(page),
            Action::First => self.scroll = 0,
            Action::Last => self.scroll = most,
            other => {
                if self.filter.edit(other) {
                    self.scroll = 0;
                }
            }
        }
        false
    }
}
