//! Others' changes, as the server tells them.
//!
//! - The screen on top reads again what it shows (a list keeping its
//!   place), at once; or, if it is waiting for an answer already, once
//!   that answer is in: the answer may have been read before the change,
//!   and a burst of notices then costs one read in flight and one after
//!   it, not one each (`Due`).
//! - Screens below the top are marked stale and read again when they
//!   come back.
//! - A form is never read again (it holds what the person typed): if
//!   someone changed its record, the person is told at once, in the
//!   status bar and on the form's frame until they save; their save then
//!   meets the stale-revision conflict, field by field.
//! - A revealed detail stays revealed unless its own record changed: it
//!   is then read again, masked, and the person told why.
//! - An open finder or link picker asks for its matches again, its
//!   selection kept.

use crate::client::{Changed, Notice};
use crate::domain::RecordRef;
use crate::tui::app::{App, ScreenView, Slot};

/// Others' changes a screen has still to read, gathered while it waited
/// for an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// Whether one of them changed the record the screen shows (for a
    /// detail, this ends a reveal).
    pub shown: bool,
    /// Who made the last of them.
    pub by: String,
}

/// Whether a change touches `reference`.
fn touches(changed: &Changed, reference: RecordRef) -> bool {
    match changed {
        Changed::Record(changed) => *changed == reference,
        Changed::Many => true,
        Changed::Users => false,
    }
}

impl App {
    /// Takes a notice of a change made by another front end.
    pub fn notice(&mut self, notice: &Notice) {
        let top = self.screens.len().saturating_sub(1);
        let mut told = None;
        for (index, screen) in self.screens.iter_mut().enumerate() {
            match &mut screen.view {
                ScreenView::Form(form) if form.edits(&notice.changed) => {
                    form.changed_meanwhile = Some(notice.by.clone());
                    if index == top {
                        told = Some(form.purpose.clone());
                    }
                }
                ScreenView::Form(_) => {}
                _ if index < top => screen.stale = true,
                _ => {}
            }
        }
        if let Some(purpose) = told {
            self.error(crate::i18n::tui::changed_meanwhile_by(
                self.lang, &notice.by, &purpose,
            ));
        }
        if !matches!(notice.changed, Changed::Users) {
            self.refresh_matches();
        }
        let Some(screen) = self.screens.last_mut() else {
            return;
        };
        let shown = match &screen.view {
            // A report is read again by `r` only (see `report.rs`).
            ScreenView::Form(_) | ScreenView::Report(_) => return,
            ScreenView::Detail(detail) => detail
                .data
                .ready()
                .is_some_and(|data| touches(&notice.changed, data.record.reference())),
            // A record's trail only grows with that record's changes.
            ScreenView::History(history) if !touches(&notice.changed, history.target) => return,
            ScreenView::History(_) | ScreenView::Dashboard(_) | ScreenView::List(_) => true,
        };
        if self.outbox.awaits(screen.slot) {
            let due = screen.due.get_or_insert_with(|| Due {
                shown: false,
                by: String::new(),
            });
            due.shown |= shown;
            due.by.clone_from(&notice.by);
        } else {
            self.read_again(Due {
                shown,
                by: notice.by.clone(),
            });
        }
    }

    /// Others' changes gathered by the screen of `slot` while it waited,
    /// read now that it waits for nothing: at once on top, when it comes
    /// back below.
    pub(crate) fn read_again_if_due(&mut self, slot: Slot) {
        if self.outbox.awaits(slot) {
            return;
        }
        let top = self.screens.len().saturating_sub(1);
        let Some(index) = self.screens.iter().position(|s| s.slot == slot) else {
            return;
        };
        let Some(due) = self.screens[index].due.take() else {
            return;
        };
        if index == top {
            self.read_again(due);
        } else {
            self.screens[index].stale = true;
        }
    }

    /// The screen on top reads again what it shows.
    fn read_again(&mut self, due: Due) {
        if let Some(ScreenView::Detail(detail)) = self.top().map(|s| &s.view) {
            if detail.data.ready().is_some_and(|data| data.revealed) {
                // A reveal is asked for and audited: it is not undone
                // for a change elsewhere (its links' names wait for the
                // next reading).
                if !due.shown {
                    return;
                }
                self.inform(crate::i18n::tui::changed_while_revealed(self.lang, &due.by));
            }
        }
        self.reload_top();
    }
}
