//! The modes of the interface: each has its own section in a keymap.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Bindings that apply in every mode unless the mode binds the key
    /// itself. In typing modes, only keys that do not type a character.
    Global,
    Dashboard,
    List,
    Detail,
    /// The history of one record (its audit trail).
    History,
    /// The yearly report on a school year.
    Report,
    /// Typing a list's filter.
    Filter,
    /// Typing a `:` command.
    Command,
    /// The finder over record names.
    Finder,
    /// The help overlay (typing filters it).
    Help,
    /// Typing in a form.
    Form,
    /// Choosing the record a link field points at.
    Picker,
    /// A question to answer: delete?, leave without saving?
    Confirm,
}

impl Mode {
    pub const ALL: &'static [Mode] = &[
        Mode::Global,
        Mode::Dashboard,
        Mode::List,
        Mode::Detail,
        Mode::History,
        Mode::Report,
        Mode::Filter,
        Mode::Command,
        Mode::Finder,
        Mode::Help,
        Mode::Form,
        Mode::Picker,
        Mode::Confirm,
    ];

    /// The section name in a keymap file.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Dashboard => "dashboard",
            Mode::List => "list",
            Mode::Detail => "detail",
            Mode::History => "history",
            Mode::Report => "report",
            Mode::Filter => "filter",
            Mode::Command => "command",
            Mode::Finder => "finder",
            Mode::Help => "help",
            Mode::Form => "form",
            Mode::Picker => "picker",
            Mode::Confirm => "confirm",
        }
    }

    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.iter().copied().find(|m| m.name() == name)
    }

    /// Whether typing a character in this mode enters text.
    pub fn is_typing(self) -> bool {
        matches!(
            self,
            Mode::Filter | Mode::Command | Mode::Finder | Mode::Help | Mode::Form | Mode::Picker
        )
    }
}
