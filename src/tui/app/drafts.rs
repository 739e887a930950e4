//! Drafts: forms kept in the store as they are typed, offered again at
//! the next start, written one last time when the session ends.

use crate::domain::RecordRef;
use crate::domain::draft::Draft;
use crate::service::ServiceError;
use crate::service::get::RecordKey;
use crate::service::protocol::{Request, Response};
use crate::tui::app::changes::Pending;
use crate::tui::app::confirm::Question;
use crate::tui::app::form::FormScreen;
use crate::tui::app::{App, Cx, Nav, Overlay, ScreenView, failure_text};
use crate::tui::keymap::Action;

impl App {
    /// Asks for the person's drafts, to offer them.
    pub(crate) fn offer_drafts(&mut self) {
        self.send_action(Request::Drafts, Pending::Drafts);
    }

    pub(crate) fn drafts_found(&mut self, drafts: Vec<Draft>) {
        if !drafts.is_empty() && self.overlay.is_none() {
            self.overlay = Some(Overlay::Confirm(Question::Drafts {
                drafts,
                selected: 0,
            }));
        }
    }

    pub(crate) fn answer_drafts(
        &mut self,
        mut drafts: Vec<Draft>,
        selected: usize,
        action: Action,
    ) -> Nav {
        let last = drafts.len().saturating_sub(1);
        match action {
            Action::Up | Action::Down => {
                let selected = if action == Action::Up {
                    selected.saturating_sub(1)
                } else {
                    (selected + 1).min(last)
                };
                self.overlay = Some(Overlay::Confirm(Question::Drafts { drafts, selected }));
            }
            Action::Yes => {
                if selected < drafts.len() {
                    let draft = drafts.remove(selected);
                    match draft.editing {
                        Some((id, _)) => {
                            let key = RecordKey::Id(RecordRef::new(draft.kind, id));
                            self.send_action(Request::Get(key), Pending::Resume(Box::new(draft)));
                        }
                        None => self.resume(&draft, None),
                    }
                }
            }
            Action::Discard => {
                if selected < drafts.len() {
                    let draft = drafts.remove(selected);
                    if let Some(id) = draft.id {
                        self.send_action(Request::DiscardDraft(id), Pending::DiscardDraft);
                    }
                }
                if !drafts.is_empty() {
                    let selected = selected.min(drafts.len() - 1);
                    self.overlay = Some(Overlay::Confirm(Question::Drafts { drafts, selected }));
                }
            }
            // Not now: they stay, offered at the next start.
            Action::No | Action::Cancel | Action::Back => {}
            _ => self.overlay = Some(Overlay::Confirm(Question::Drafts { drafts, selected })),
        }
        Nav::Stay
    }

    /// The record a draft edits has come: the form again, over the
    /// record as it is now (the draft's values win; saving goes over the
    /// current revision, which the person sees).
    pub(crate) fn resume_with(&mut self, draft: Draft, result: Result<Response, ServiceError>) {
        match result {
            Ok(Response::Get(data)) => self.resume(&draft, Some(data.record)),
            Ok(_) => {}
            // The record is gone: what was typed for it is not, as a new
            // record (an evaluation or a cancellation has nothing to go
            // on: the draft stays, and the person is told).
            Err(ServiceError::NotFound { .. })
                if matches!(draft.purpose.as_str(), "edit" | "create" | "") =>
            {
                let mut draft = draft;
                draft.editing = None;
                draft.purpose = crate::tui::app::form::Purpose::Create.code().to_owned();
                self.inform(crate::i18n::editing::resumed_as_new(self.lang));
                self.resume(&draft, None);
            }
            Err(error) => self.error(failure_text(&error, self.lang)),
        }
    }

    fn resume(&mut self, draft: &Draft, base: Option<crate::domain::records::Record>) {
        let changed_since = match (&base, draft.editing) {
            (Some(record), Some((_, revision))) => record.meta().revision != revision,
            _ => false,
        };
        let mut form = FormScreen::resume(draft, base.clone(), self.today);
        if let (true, Some(current)) = (changed_since, base) {
            // Saved meanwhile: both values shown where they differ.
            form.conflict(current, self.today);
            let swap = self.key_label(crate::tui::keymap::Mode::Form, Action::Swap);
            self.inform(crate::i18n::editing::conflict(self.lang, &swap));
        }
        self.push_form(form);
    }

    /// Whether the form on top has changes not yet in its draft.
    pub fn wants_draft(&self) -> bool {
        matches!(self.top().map(|s| &s.view), Some(ScreenView::Form(form)) if form.needs_draft())
    }

    /// Writes the draft of the form on top (a few seconds after typing).
    pub fn keep_draft(&mut self) {
        let settings = self.settings();
        if let Some(screen) = self.screens.last_mut() {
            if let ScreenView::Form(form) = &mut screen.view {
                let mut cx = Cx::new(settings, &mut self.outbox, screen.slot);
                form.keep_draft(&mut cx);
            }
        }
    }

    /// The drafts of the forms with changes, for the last write when the
    /// session ends on a signal or a panic (not through the worker).
    pub fn unsaved_drafts(&self) -> Vec<Draft> {
        self.screens
            .iter()
            .filter_map(|screen| match &screen.view {
                ScreenView::Form(form) if form.changed && form.keeps_drafts() => {
                    Some(form.as_draft())
                }
                _ => None,
            })
            .collect()
    }
}
