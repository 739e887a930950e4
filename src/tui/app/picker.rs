//! The picker of a link field: a few letters of the name (or a UAI, a
//! SIRET) of the record to point at, the matches as they are typed, and
//! asked for again when someone changes records.

use crate::domain::{Kind, RecordRef};
use crate::service::ServiceError;
use crate::service::list::{ListRequest, ListRow};
use crate::service::protocol::{Request, Response};
use crate::tui::app::{Cx, Slot, Ticket, failure_text};
use crate::tui::input::TextInput;
use crate::tui::keymap::Action;

/// Matches shown.
const MATCHES: u32 = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub slot: Slot,
    pub kind: Kind,
    pub input: TextInput,
    pub matches: Vec<ListRow>,
    pub selected: usize,
    awaiting: Option<Ticket>,
    /// The match to keep selected when the answer comes (asked again
    /// after someone's change), rather than the first.
    keep: Option<RecordRef>,
}

/// What the picker asks of the application.
#[derive(Debug, Clone, PartialEq)]
pub enum Picked {
    Nothing,
    Closed,
    /// The record chosen and what it is called.
    Chosen(Box<crate::domain::records::Record>, String),
    /// The record is not there: make it, then come back with it; what
    /// was typed to look for it, to start its form with.
    Create(Kind, String),
}

impl Picker {
    pub fn new(slot: Slot, kind: Kind, cx: &mut Cx) -> Self {
        let mut picker = Picker {
            slot,
            kind,
            input: TextInput::default(),
            matches: Vec::new(),
            selected: 0,
            awaiting: None,
            keep: None,
        };
        picker.search(cx);
        picker
    }

    pub fn is_searching(&self) -> bool {
        self.awaiting.is_some()
    }

    fn search(&mut self, cx: &mut Cx) {
        let request = ListRequest {
            text: self.input.text().to_owned(),
            ..ListRequest::first_page(self.kind, MATCHES)
        };
        self.awaiting = Some(cx.send(Request::List(request)));
    }

    pub fn type_text(&mut self, text: &str, cx: &mut Cx) {
        self.input.insert_str(text);
        self.keep = None;
        self.search(cx);
    }

    /// Someone changed records: the matches are asked for again, the
    /// selected one kept (nothing asked while an answer is awaited).
    pub fn refresh(&mut self, cx: &mut Cx) {
        if self.awaiting.is_some() {
            return;
        }
        self.keep = self
            .matches
            .get(self.selected)
            .map(|row| row.record.reference());
        self.search(cx);
    }

    pub fn apply(&mut self, action: Action, cx: &mut Cx) -> Picked {
        let last = self.matches.len().saturating_sub(1);
        match action {
            Action::Cancel | Action::Back => return Picked::Closed,
            Action::Submit | Action::Open => {
                if let Some(row) = self.matches.get(self.selected) {
                    return Picked::Chosen(Box::new(row.record.clone()), row.label.clone());
                }
            }
            Action::NewRecord => {
                return Picked::Create(self.kind, self.input.text().trim().to_owned());
            }
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            other => {
                if self.input.edit(other) {
                    self.keep = None;
                    self.search(cx);
                }
            }
        }
        Picked::Nothing
    }

    pub fn receive(
        &mut self,
        ticket: Ticket,
        result: Result<Response, ServiceError>,
        lang: crate::i18n::Lang,
    ) -> Result<(), String> {
        if self.awaiting != Some(ticket) {
            return Ok(());
        }
        self.awaiting = None;
        match result {
            Ok(Response::List(page)) => {
                // A closed school stays in lists, never in a picker.
                self.matches = page
                    .rows
                    .into_iter()
                    .filter(|row| row.record.takes_new_links())
                    .collect();
                let kept = self.keep.take();
                self.selected = kept
                    .and_then(|kept| {
                        self.matches
                            .iter()
                            .position(|row| row.record.reference() == kept)
                    })
                    .unwrap_or(0);
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(error) => Err(failure_text(&error, lang)),
        }
    }
}
