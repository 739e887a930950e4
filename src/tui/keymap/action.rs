//! Everything a key can do, by name. A keymap entry names one of these
//! (`run = "page_down"`); an unknown name is refused when the keymap is
//! read, never a dead key at run time.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    // Anywhere.
    Quit,
    Help,
    CommandLine,
    Finder,
    /// Back along the breadcrumb trail, or close what is open.
    Back,
    GoDashboard,
    Refresh,

    // Moving in a list, a detail, the dashboard or the help.
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    First,
    Last,
    /// Next panel of the dashboard, next group of a detail, next kind of
    /// list.
    NextPanel,
    PreviousPanel,
    /// Open the selected record, follow the selected link.
    Open,
    /// The audit trail of the record shown, newest first.
    History,
    /// The yearly report: the comparison with the year before, or back
    /// to the year alone.
    Compare,

    // Lists.
    Filter,
    ClearFilter,
    /// Sort by the next sortable column.
    SortNext,
    /// Reverse the order.
    SortReverse,
    /// Cycle the quick filters.
    NextAcademie,
    NextStatus,
    NextSchoolYear,

    // Typing (filter, command line, finder, help filter).
    Submit,
    Cancel,
    DeleteBack,
    DeleteForward,
    DeleteWord,
    ClearLine,
    CursorLeft,
    CursorRight,
    CursorStart,
    CursorEnd,
    Complete,
    CompletePrevious,

    // Changing records.
    /// A new record of the list's kind.
    NewRecord,
    /// Edit the record shown or selected.
    Edit,
    /// Delete it, after a confirmation.
    Delete,
    /// Undo the last change of this session.
    Undo,
    /// A placement or immersion to its next status.
    AdvanceStatus,
    /// Cancel a placement or immersion, with a reason.
    CancelRecord,
    /// The evaluation of an immersion that took place.
    Evaluate,
    /// Mark the selected row for an action on several (or unmark it).
    ToggleMark,
    /// Show a confidential record's restricted fields, for this screen
    /// (audited; refused unless cleared).
    Reveal,
    /// The consent form of the record shown: who consented, when, to
    /// which uses.
    Consent,
    /// Withdraw the record's consent, after a question.
    WithdrawConsent,

    // Forms.
    Save,
    NextField,
    PreviousField,
    /// A line break in a field of several lines.
    NewLine,
    /// The line above in a field of several lines; else the field above.
    LineUp,
    /// The line below in a field of several lines; else the field below.
    LineDown,
    /// Open the picker of a link field.
    Pick,
    /// After a conflict: take the stored value of the field, keeping
    /// the typed one as the other choice.
    Swap,

    // Confirmations.
    Yes,
    No,
    /// Leave a form without saving it.
    Discard,

    /// In a user keymap: removes the preset's binding of these keys.
    Disabled,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::Quit,
        Action::Help,
        Action::CommandLine,
        Action::Finder,
        Action::Back,
        Action::GoDashboard,
        Action::Refresh,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::HalfPageUp,
        Action::HalfPageDown,
        Action::First,
        Action::Last,
        Action::NextPanel,
        Action::PreviousPanel,
        Action::Open,
        Action::History,
        Action::Compare,
        Action::Filter,
        Action::ClearFilter,
        Action::SortNext,
        Action::SortReverse,
        Action::NextAcademie,
        Action::NextStatus,
        Action::NextSchoolYear,
        Action::Submit,
        Action::Cancel,
        Action::DeleteBack,
        Action::DeleteForward,
        Action::DeleteWord,
        Action::ClearLine,
        Action::CursorLeft,
        Action::CursorRight,
        Action::CursorStart,
        Action::CursorEnd,
        Action::Complete,
        Action::CompletePrevious,
        Action::NewRecord,
        Action::Edit,
        Action::Delete,
        Action::Undo,
        Action::AdvanceStatus,
        Action::CancelRecord,
        Action::Evaluate,
        Action::ToggleMark,
        Action::Reveal,
        Action::Consent,
        Action::WithdrawConsent,
        Action::Save,
        Action::NextField,
        Action::PreviousField,
        Action::NewLine,
        Action::LineUp,
        Action::LineDown,
        Action::Pick,
        Action::Swap,
        Action::Yes,
        Action::No,
        Action::Discard,
        Action::Disabled,
    ];

    /// The name a keymap file uses.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// What the action does, as the help overlay shows it (the words are
    /// in the catalogue).
    pub fn description(self, lang: crate::i18n::Lang) -> &'static str {
        crate::i18n::actions::description(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_distinct_name_read_back() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(&action.name()), Some(*action));
        }
        assert_eq!(Action::from_name("page_down"), Some(Action::PageDown));
        assert_eq!(Action::from_name("explode"), None);
    }
}
