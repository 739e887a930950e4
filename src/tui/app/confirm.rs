//! Questions the application asks before doing something that cannot be
//! taken back lightly, and the drafts offered at start.

use crate::domain::RecordRef;
use crate::domain::draft::Draft;
use crate::domain::records::Record;
use crate::service::labels::LinkedRecord;

#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Delete a record; what refers to it, if anything, is named (the
    /// service refuses then, and says so again).
    Delete {
        target: RecordRef,
        revision: u64,
        label: String,
        referred_by: Vec<LinkedRecord>,
        /// None when not known (asked from a list).
        referred_total: Option<usize>,
    },
    /// The form has unsaved changes: save, discard, or go on.
    LeaveForm,
    /// Quit while a form has unsaved changes: the drafts of record forms
    /// are kept, what a consent form holds is lost.
    Quit {
        drafts_kept: bool,
        consent_lost: bool,
    },
    /// Cancel an immersion (it has no reason to give).
    CancelImmersion { record: Box<Record> },
    /// A placement moved to « en cours » before its start, or to
    /// « terminé » before its end: asked, saying the day.
    EarlyMove {
        previous: Box<Record>,
        next: Box<Record>,
        label: String,
        early: Early,
    },
    /// Withdraw the consent recorded on a record.
    WithdrawConsent { target: RecordRef, label: String },
    /// The person's drafts, to resume or discard.
    Drafts { drafts: Vec<Draft>, selected: usize },
}

/// Why a status move comes early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Early {
    /// Under way before the start.
    NotStarted(chrono::NaiveDate),
    /// Done before the end.
    NotEnded(chrono::NaiveDate),
}

/// Whether moving `next` (from its previous status) comes before the
/// dates say it may: a placement under way before its start, done before
/// its end. The service allows it (a placement may start early); the
/// person is asked.
pub fn early(next: &Record, today: chrono::NaiveDate) -> Option<Early> {
    use crate::domain::status::PlacementStatus;
    match next {
        Record::Placement(placement) => match placement.status {
            PlacementStatus::UnderWay if placement.start > today => {
                Some(Early::NotStarted(placement.start))
            }
            PlacementStatus::Done if placement.end > today => Some(Early::NotEnded(placement.end)),
            _ => None,
        },
        _ => None,
    }
}
