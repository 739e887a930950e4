//! The finder: a few letters of any record's name (or a UAI, a SIRET),
//! the matches as you type, Enter opens one.

use crate::service::ServiceError;
use crate::service::describe::Described;
use crate::service::find::{FindRequest, Found};
use crate::service::protocol::{Request, Response};
use crate::tui::app::{Cx, Nav, Slot, Ticket, failure_text, record_target};
use crate::tui::input::TextInput;
use crate::tui::keymap::Action;

/// Matches asked for at each keystroke.
const MATCHES: u32 = 40;

#[derive(Debug, Clone, PartialEq)]
pub struct Finder {
    pub slot: Slot,
    pub input: TextInput,
    pub matches: Vec<Found>,
    pub selected: usize,
    /// The text the matches are for.
    pub matched: String,
    awaiting: Option<Ticket>,
    /// The match to keep selected when the answer comes (a search asked
    /// again after someone's change), rather than the first.
    keep: Option<crate::domain::RecordRef>,
    /// The matches described: what tells namesakes apart, 🔒 (asked for
    /// once the matches are in).
    pub described: std::collections::HashMap<crate::domain::RecordRef, Described>,
    describing: Option<Ticket>,
}

impl Finder {
    pub fn new(slot: Slot) -> Self {
        Finder {
            slot,
            input: TextInput::default(),
            matches: Vec::new(),
            selected: 0,
            matched: String::new(),
            awaiting: None,
            keep: None,
            described: std::collections::HashMap::new(),
            describing: None,
        }
    }

    /// Someone changed records: the matches shown are asked for again
    /// (a name may have changed, a record gone), the selected one kept.
    /// Nothing is asked while an answer is awaited: it may predate the
    /// change, and the next keystroke asks anew.
    pub fn refresh(&mut self, cx: &mut Cx) {
        if self.awaiting.is_some() || self.matched.is_empty() {
            return;
        }
        self.keep = self.matches.get(self.selected).map(|found| found.reference);
        // What was described may have changed too: described again.
        self.described.clear();
        self.search(cx);
    }

    pub fn is_searching(&self) -> bool {
        self.awaiting.is_some()
    }

    fn search(&mut self, cx: &mut Cx) {
        if self.input.text().trim().is_empty() {
            self.matches.clear();
            self.matched.clear();
            self.awaiting = None;
            return;
        }
        self.awaiting = Some(cx.send(Request::Find(FindRequest {
            text: self.input.text().to_owned(),
            limit: MATCHES,
        })));
    }

    pub fn type_text(&mut self, text: &str, cx: &mut Cx) {
        self.input.insert_str(text);
        self.keep = None;
        self.search(cx);
    }

    /// Returns where to go and whether the finder closes.
    pub fn apply(&mut self, action: Action, cx: &mut Cx) -> (Nav, bool) {
        let last = self.matches.len().saturating_sub(1);
        match action {
            Action::Cancel => return (Nav::Stay, true),
            Action::Submit | Action::Open => {
                return match self.matches.get(self.selected) {
                    Some(found) => (Nav::Open(record_target(found.reference)), true),
                    None => (Nav::Stay, false),
                };
            }
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown | Action::Last => self.selected = last,
            Action::PageUp | Action::HalfPageUp | Action::First => self.selected = 0,
            other => {
                if self.input.edit(other) {
                    self.keep = None;
                    self.search(cx);
                }
            }
        }
        (Nav::Stay, false)
    }

    pub fn receive(
        &mut self,
        ticket: Ticket,
        result: Result<Response, ServiceError>,
        cx: &mut Cx,
    ) -> Result<(), String> {
        if self.describing == Some(ticket) {
            self.describing = None;
            if let Ok(Response::Described(found)) = result {
                for described in found {
                    self.described
                        .insert(described.record.reference(), described);
                }
            }
            return Ok(());
        }
        if self.awaiting != Some(ticket) {
            return Ok(());
        }
        self.awaiting = None;
        match result {
            Ok(Response::Found(found)) => {
                self.matches = found.matches;
                // Namesakes told apart: the matches not described yet.
                let wanted: Vec<_> = self
                    .matches
                    .iter()
                    .map(|found| found.reference)
                    .filter(|reference| !self.described.contains_key(reference))
                    .collect();
                if !wanted.is_empty() {
                    self.describing = Some(cx.send(Request::Describe(wanted)));
                }
                self.matched = self.input.text().to_owned();
                let kept = self.keep.take();
                self.selected = kept
                    .and_then(|kept| self.matches.iter().position(|f| f.reference == kept))
                    .unwrap_or(0);
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(error) => Err(failure_text(&error, cx.lang)),
        }
    }
}
