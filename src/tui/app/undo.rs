//! The changes of this session, to undo the last one.

use crate::domain::RecordRef;
use crate::domain::records::Record;

/// The most changes remembered.
pub const UNDO_DEPTH: usize = 50;

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A record made this session: undone by deleting it.
    Created { target: RecordRef, revision: u64 },
    /// A record changed: undone by saving the version before, over the
    /// revision saved.
    Updated {
        previous: Box<Record>,
        revision: u64,
    },
    /// A record deleted: undone by restoring it.
    Deleted { target: RecordRef, label: String },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct UndoStack(Vec<Change>);

impl UndoStack {
    pub fn push(&mut self, change: Change) {
        if self.0.len() == UNDO_DEPTH {
            self.0.remove(0);
        }
        self.0.push(change);
    }

    pub fn pop(&mut self) -> Option<Change> {
        self.0.pop()
    }

    /// An undo put back the version of `target` at revision `from`, now
    /// stored as revision `to`: the older changes that made `from` apply
    /// over `to`. A change made before someone else's (not `from`) is
    /// left as it was, and refused as a conflict if undone: undoing it
    /// would wipe the other's change.
    pub fn rebase(&mut self, target: RecordRef, from: u64, to: u64) {
        for change in &mut self.0 {
            match change {
                Change::Created {
                    target: t,
                    revision: r,
                } if *t == target && *r == from => *r = to,
                Change::Updated {
                    previous,
                    revision: r,
                } if previous.reference() == target && *r == from => *r = to,
                _ => {}
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
