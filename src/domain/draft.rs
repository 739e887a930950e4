//! A form being typed, kept as a draft so that a dropped connection, a
//! kill or a crash loses nothing: the text of each field as typed (not
//! validated: a draft is work in progress), which record it edits, and
//! where the cursor was.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::kind::Kind;
use crate::domain::meta::RecordId;
use crate::domain::validation::Field;

/// The drafts one account keeps at most; saving one more drops the
/// oldest. A person resumes a handful of forms, not hundreds, and the
/// bound keeps a forgotten loop from filling the store.
pub const MAX_DRAFTS_PER_ACCOUNT: usize = 20;

/// The largest draft, in bytes of text (see [`Draft::size`]): far above
/// any form typed by hand, small enough that saving on every field left
/// stays cheap.
pub const MAX_DRAFT_BYTES: usize = 64 * 1024;

/// A draft's number, given by the store, never reused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftId(pub u64);

impl fmt::Display for DraftId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// None: not stored yet (the store gives one).
    pub id: Option<DraftId>,
    pub kind: Kind,
    /// The record being edited and the revision the form started from;
    /// None for a new record.
    pub editing: Option<(RecordId, u64)>,
    /// What the form is for beyond a plain create/edit (e.g.
    /// "evaluation"), free short text the TUI sets; "" for none.
    pub purpose: String,
    /// The typed text of each field, in form order.
    pub values: Vec<(Field, String)>,
    /// Which field had the focus.
    pub focus: u32,
    /// Set by the service when the draft is saved.
    pub saved_at: DateTime<Utc>,
}

impl Draft {
    /// The bytes of text the draft holds: its purpose and every value,
    /// plus one per value for its field (so that a flood of empty values
    /// counts too).
    pub fn size(&self) -> usize {
        self.values
            .iter()
            .fold(self.purpose.len(), |total, (_, value)| {
                total.saturating_add(value.len()).saturating_add(1)
            })
    }

    /// Whether the draft is small enough to keep.
    pub fn fits(&self) -> bool {
        self.size() <= MAX_DRAFT_BYTES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(values: Vec<(Field, String)>) -> Draft {
        Draft {
            id: None,
            kind: Kind::School,
            editing: None,
            purpose: String::new(),
            values,
            focus: 0,
            saved_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[test]
    fn size_counts_text_and_one_byte_per_value() {
        let typed = draft(vec![
            (Field::Name, "Lycée".to_owned()),
            (Field::Uai, String::new()),
        ]);
        // "Lycée" is 6 bytes in UTF-8.
        assert_eq!(typed.size(), 6 + 1 + 1);
        assert!(typed.fits());
    }

    #[test]
    fn a_draft_over_the_limit_does_not_fit() {
        let exact = draft(vec![(Field::Notes, "x".repeat(MAX_DRAFT_BYTES - 1))]);
        assert!(exact.fits());
        let over = draft(vec![(Field::Notes, "x".repeat(MAX_DRAFT_BYTES))]);
        assert!(!over.fits());
        let flood = draft(vec![(Field::Notes, String::new()); MAX_DRAFT_BYTES + 1]);
        assert!(!flood.fits());
    }
}
