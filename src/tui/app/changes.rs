//! Changing records from a list or a detail: new, edit, delete, a
//! status moved on, a cancellation; undoing the last change; and the
//! answers to these requests.

use crate::domain::RecordRef;
use crate::domain::records::Record;
use crate::domain::status::ImmersionStatus;
use crate::i18n::editing as words;
use crate::i18n::messages::field_error;
use crate::service::ServiceError;
use crate::service::delete::DeleteRequest;
use crate::service::get::RecordKey;
use crate::service::protocol::{Request, Response};
use crate::service::save::SaveRequest;
use crate::tui::app::confirm::Question;
use crate::tui::app::form::FormScreen;
use crate::tui::app::undo::Change;
use crate::tui::app::{App, Cx, Nav, Overlay, Picker, ScreenView, failure_text, record_target};
use crate::tui::keymap::{Action, Mode};

/// What an answer to the application's own request is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Delete {
        target: RecordRef,
        label: String,
    },
    Undo(Change),
    /// A status moved on, or an immersion cancelled: the version before.
    Moved {
        previous: Box<Record>,
    },
    Drafts,
    Resume(Box<crate::domain::draft::Draft>),
    DiscardDraft,
    /// A record's consent withdrawn.
    WithdrawConsent {
        target: RecordRef,
    },
}

/// Whether the service stored a confidential mark other than the one the
/// form asked for (a learner with particular needs, an owner given to a
/// coordinator's mark), so that the person is told rather than left
/// believing the form. A form without the mark's fields (an evaluation)
/// asked for nothing.
fn mark_differs(form: &FormScreen, saved: &Record) -> bool {
    use crate::domain::forms::OwnerChoice;
    use crate::domain::forms::parse::yes_no;
    use crate::domain::validation::Field;
    let mark = &saved.meta().confidentiality;
    let Some(confidential) = form.value(Field::Confidentiality) else {
        return false;
    };
    let owner = form
        .value(Field::ConfidentialityOwner)
        .and_then(OwnerChoice::from_code)
        .and_then(OwnerChoice::organisation);
    mark.confidential && (yes_no(confidential) != Ok(true) || owner != mark.owner)
}

/// The actions that change a record, taken from a list or a detail.
pub fn changes_a_record(action: Action) -> bool {
    matches!(
        action,
        Action::NewRecord
            | Action::Edit
            | Action::Delete
            | Action::AdvanceStatus
            | Action::CancelRecord
            | Action::Evaluate
            | Action::Consent
            | Action::WithdrawConsent
    )
}

impl App {
    /// Sends one of the application's own requests. Each has a slot of
    /// its own: none is ever dropped for another.
    pub(crate) fn send_action(&mut self, request: Request, pending: Pending) {
        let slot = self.outbox.new_slot();
        let ticket = self.outbox.send(slot, request);
        self.pending.insert(ticket, pending);
    }

    /// The record a list's selection or a detail shows, with its label.
    fn record_in_view(&self) -> Option<(Record, String)> {
        match self.top().map(|s| &s.view) {
            Some(ScreenView::List(list)) => list
                .selected_row()
                .map(|row| (row.record.clone(), row.label.clone())),
            Some(ScreenView::Detail(detail)) => detail
                .data
                .ready()
                .map(|data| (data.record.clone(), data.label.clone())),
            _ => None,
        }
    }

    pub(crate) fn push_form(&mut self, mut form: FormScreen) {
        let slot = self.outbox.new_slot();
        // Its links are shown by name: asked for as it opens.
        let mut cx = Cx::new(self.settings(), &mut self.outbox, slot);
        form.name_links(&mut cx);
        self.screens
            .push(super::Screen::new(slot, ScreenView::Form(Box::new(form))));
    }

    pub(crate) fn change_record(&mut self, action: Action) -> Nav {
        let lang = self.lang;
        let today = self.today;
        if action == Action::NewRecord {
            let kind = match self.top().map(|s| &s.view) {
                Some(ScreenView::List(list)) => list.kind,
                Some(ScreenView::Detail(detail)) => detail.key.kind(),
                _ => return Nav::Stay,
            };
            let mut form = FormScreen::create(kind, today);
            if let Some(academie) = &self.last_academie {
                form.prefill(crate::domain::validation::Field::Academie, academie);
            }
            self.push_form(form);
            return Nav::Stay;
        }
        if matches!(action, Action::Consent | Action::WithdrawConsent) {
            // What the detail knows of the consent is needed, not only
            // the record: see `consent.rs`.
            self.consent_action(action);
            return Nav::Stay;
        }
        let Some((record, label)) = self.record_in_view() else {
            return Nav::Stay;
        };
        match action {
            Action::Edit => self.push_form(FormScreen::edit(record, today)),
            Action::Delete => {
                let (referred_by, referred_total) = match self.top().map(|s| &s.view) {
                    Some(ScreenView::Detail(detail)) => {
                        detail.data.ready().map_or((Vec::new(), None), |d| {
                            let total = d.dependents.iter().map(|g| g.total).sum();
                            let named = d
                                .dependents
                                .iter()
                                .flat_map(|g| g.shown.iter().cloned())
                                .take(5)
                                .collect();
                            (named, Some(total))
                        })
                    }
                    // A list row does not know what refers to it; the
                    // service says so if anything does.
                    _ => (Vec::new(), None),
                };
                self.overlay = Some(Overlay::Confirm(Question::Delete {
                    target: record.reference(),
                    revision: record.meta().revision,
                    label,
                    referred_by,
                    referred_total,
                }));
            }
            Action::AdvanceStatus if self.marked_count() > 0 => self.advance_marked(),
            Action::AdvanceStatus => match moved_on(&record, today) {
                Ok(next) => match crate::tui::app::confirm::early(&next, today) {
                    // Before its dates: asked first, saying why.
                    Some(early) => {
                        self.overlay = Some(Overlay::Confirm(Question::EarlyMove {
                            previous: Box::new(record),
                            next: Box::new(next),
                            label,
                            early,
                        }));
                    }
                    None => self.send_action(
                        Request::Save(Box::new(SaveRequest { record: next })),
                        Pending::Moved {
                            previous: Box::new(record),
                        },
                    ),
                },
                Err(text) => {
                    let evaluate = self.key_label(Mode::Detail, Action::Evaluate);
                    self.inform(text(lang, &evaluate));
                }
            },
            Action::CancelRecord => match &record {
                Record::Placement(_) => self.push_form(FormScreen::cancel(record, today)),
                Record::Immersion(_) => {
                    self.overlay = Some(Overlay::Confirm(Question::CancelImmersion {
                        record: Box::new(record),
                    }));
                }
                _ => self.inform(words::nothing_to_cancel(lang, record.kind())),
            },
            Action::Evaluate => self.evaluate(record),
            _ => {}
        }
        Nav::Stay
    }

    fn marked_count(&self) -> usize {
        match self.top().map(|s| &s.view) {
            Some(ScreenView::List(list)) => list.marked.len(),
            _ => 0,
        }
    }

    /// Every marked record of the list to its next status (several
    /// agreements marked signed at once); each is a change of its own.
    fn advance_marked(&mut self) {
        let marked = match self.screens.last_mut().map(|s| &mut s.view) {
            Some(ScreenView::List(list)) => std::mem::take(&mut list.marked),
            _ => return,
        };
        let mut refused = 0;
        let mut early = 0;
        for record in marked.into_values() {
            match moved_on(&record, self.today) {
                // Early ones are asked one by one, not moved in a batch.
                Ok(next) if crate::tui::app::confirm::early(&next, self.today).is_some() => {
                    early += 1
                }
                Ok(next) => self.send_action(
                    Request::Save(Box::new(SaveRequest { record: next })),
                    Pending::Moved {
                        previous: Box::new(record),
                    },
                ),
                Err(_) => refused += 1,
            }
        }
        let mut said = Vec::new();
        if refused > 0 {
            said.push(words::some_not_moved(self.lang, refused));
        }
        if early > 0 {
            let advance = self.key_label(Mode::List, Action::AdvanceStatus);
            said.push(words::some_too_early(self.lang, early, &advance));
        }
        if !said.is_empty() {
            self.inform(said.join("\n"));
        }
    }

    /// The evaluation form of an immersion that took place.
    fn evaluate(&mut self, record: Record) {
        match &record {
            Record::Immersion(immersion)
                if matches!(
                    immersion.status,
                    ImmersionStatus::Done | ImmersionStatus::Evaluated
                ) =>
            {
                self.push_form(FormScreen::evaluate(record, self.today));
            }
            Record::Immersion(_) => self.inform(words::not_done_yet(self.lang)),
            _ => self.inform(words::only_immersions_evaluated(self.lang)),
        }
    }

    /// Quit, unless a form holds unsaved changes: then ask (a record
    /// form's draft is kept either way; a consent form's changes are
    /// lost, and the question says so).
    pub(crate) fn ask_to_quit(&mut self) {
        let asked = matches!(self.overlay, Some(Overlay::Confirm(Question::Quit { .. })));
        let changed = |drafts: bool| {
            self.screens.iter().any(
                |s| matches!(&s.view, ScreenView::Form(f) if f.changed && f.keeps_drafts() == drafts),
            )
        };
        let (drafts_kept, consent_lost) = (changed(true), changed(false));
        if asked || !(drafts_kept || consent_lost) {
            self.quit = true;
        } else {
            self.overlay = Some(Overlay::Confirm(Question::Quit {
                drafts_kept,
                consent_lost,
            }));
        }
    }

    /// Leaves the form on top, asking first when it has unsaved changes.
    pub(crate) fn leave_form(&mut self) {
        // A save on its way: its answer decides where the form goes.
        if matches!(self.top().map(|s| &s.view), Some(ScreenView::Form(f)) if f.is_saving()) {
            return;
        }
        let changed = matches!(self.top().map(|s| &s.view), Some(ScreenView::Form(f)) if f.changed);
        if changed {
            self.overlay = Some(Overlay::Confirm(Question::LeaveForm));
        } else {
            self.close_form();
        }
    }

    /// Drops the form on top, and its draft; the screen below reads
    /// again what others changed meanwhile.
    fn close_form(&mut self) {
        if let Some(super::Screen {
            view: ScreenView::Form(form),
            ..
        }) = self.screens.last()
        {
            if let Some(draft) = form.draft.clone() {
                self.send_action(Request::DiscardDraft(draft), Pending::DiscardDraft);
            }
            self.screens.pop();
            self.uncovered();
        }
    }

    /// The top form, with its context.
    fn with_top_form(&mut self, work: impl FnOnce(&mut FormScreen, &mut Cx)) {
        let settings = self.settings();
        if let Some(screen) = self.screens.last_mut() {
            if let ScreenView::Form(form) = &mut screen.view {
                let mut cx = Cx::new(settings, &mut self.outbox, screen.slot);
                work(form, &mut cx);
            }
        }
    }

    pub(crate) fn answer(&mut self, question: Question, action: Action) -> Nav {
        let lang = self.lang;
        match (question, action) {
            (
                Question::Delete {
                    target,
                    revision,
                    label,
                    ..
                },
                Action::Yes,
            ) => {
                self.send_action(
                    Request::Delete(DeleteRequest {
                        target,
                        revision: Some(revision),
                    }),
                    Pending::Delete { target, label },
                );
            }
            (Question::LeaveForm, Action::Save) => self.with_top_form(|form, cx| form.save(cx)),
            (Question::LeaveForm, Action::Discard) => self.close_form(),
            // The drafts are written on the way out.
            (Question::Quit { .. }, Action::Yes) => self.quit = true,
            (Question::WithdrawConsent { target, .. }, Action::Yes) => {
                self.send_action(
                    Request::WithdrawConsent(RecordKey::Id(target)),
                    Pending::WithdrawConsent { target },
                );
            }
            (Question::EarlyMove { previous, next, .. }, Action::Yes) => {
                self.send_action(
                    Request::Save(Box::new(SaveRequest { record: *next })),
                    Pending::Moved { previous },
                );
            }
            (Question::CancelImmersion { record }, Action::Yes) => {
                if let Record::Immersion(immersion) = *record.clone() {
                    let mut cancelled = immersion;
                    cancelled.status = ImmersionStatus::Cancelled;
                    self.send_action(
                        Request::Save(Box::new(SaveRequest {
                            record: Record::Immersion(cancelled),
                        })),
                        Pending::Moved { previous: record },
                    );
                }
            }
            (Question::Drafts { drafts, selected }, action) => {
                return self.answer_drafts(drafts, selected, action);
            }
            (question, Action::Help) => {
                let _ = question;
            }
            (question, action) if !matches!(action, Action::No | Action::Cancel | Action::Back) => {
                // Any other key: the question stays.
                self.overlay = Some(Overlay::Confirm(question));
            }
            _ => {}
        }
        let _ = lang;
        Nav::Stay
    }

    /// Undoes the last change of this session.
    pub(crate) fn undo_last(&mut self) {
        // One at a time: the next undo needs the revision this one makes.
        if self.pending.values().any(|p| matches!(p, Pending::Undo(_))) {
            return;
        }
        let Some(change) = self.undo.pop() else {
            self.inform(words::nothing_to_undo(self.lang).to_owned());
            return;
        };
        let request = match &change {
            Change::Created { target, revision } => Request::Delete(DeleteRequest {
                target: *target,
                revision: Some(*revision),
            }),
            Change::Updated { previous, revision } => {
                let mut record = (**previous).clone();
                record.meta_mut().revision = *revision;
                Request::Revert(Box::new(SaveRequest { record }))
            }
            Change::Deleted { target, .. } => Request::Restore(*target),
        };
        self.send_action(request, Pending::Undo(change));
    }

    pub(crate) fn open_picker(&mut self) {
        let Some(kind) = (match self.top().map(|s| &s.view) {
            Some(ScreenView::Form(form)) => form.link_kind(),
            _ => None,
        }) else {
            return;
        };
        let settings = self.settings();
        let slot = self.outbox.new_slot();
        let mut cx = Cx::new(settings, &mut self.outbox, slot);
        let picker = Picker::new(slot, kind, &mut cx);
        self.overlay = Some(Overlay::Picker(picker));
    }

    /// A new record made from a picker, for the form below: it starts
    /// with what was typed to look for it (a name, or a UAI or SIRET),
    /// and a contact with the company (or school) of the form below.
    pub(crate) fn create_for_link(&mut self, kind: crate::domain::Kind, typed: &str) {
        use crate::domain::Kind;
        use crate::domain::validation::Field;
        let mut form = FormScreen::create(kind, self.today);
        form.for_link = true;
        let digits = typed.chars().filter(char::is_ascii_digit).count();
        let typed_field = match kind {
            Kind::School if digits >= 7 => Field::Uai,
            Kind::Company if digits >= 9 => Field::Siret,
            Kind::Event | Kind::Agreement => Field::Title,
            Kind::Immersion => Field::Person,
            _ => Field::Name,
        };
        if !typed.is_empty() {
            form.prefill(typed_field, typed);
        }
        if kind == Kind::Contact {
            let below = match self.top().map(|s| &s.view) {
                Some(ScreenView::Form(below)) => Some((
                    below.value(Field::Company).unwrap_or("").to_owned(),
                    below.value(Field::School).unwrap_or("").to_owned(),
                )),
                _ => None,
            };
            match below {
                Some((company, _)) if !company.is_empty() => {
                    form.prefill(Field::Organisation, "company");
                    form.prefill(Field::Company, &company);
                }
                Some((_, school)) if !school.is_empty() => {
                    form.prefill(Field::Organisation, "school");
                    form.prefill(Field::School, &school);
                }
                _ => {}
            }
        }
        self.push_form(form);
    }

    /// A record chosen in a picker: into the link field under focus; a
    /// learner brings their school to a placement whose school is blank.
    pub(crate) fn record_chosen(&mut self, record: &Record, label: String) {
        use crate::domain::validation::Field;
        self.link_chosen(record.reference(), label);
        if let Record::Learner(learner) = record {
            self.with_top_form(|form, cx| {
                if form.kind == crate::domain::Kind::Placement
                    && form.value(Field::School).is_some_and(str::is_empty)
                {
                    form.fill(Field::School, &learner.school.0.to_string(), cx);
                }
            });
        }
    }

    pub(crate) fn link_chosen(&mut self, reference: RecordRef, label: String) {
        self.with_top_form(|form, cx| {
            // Only into a link field of that kind (the focus may have
            // moved meanwhile, to an error).
            if form.link_kind() == Some(reference.kind) {
                form.set_link(reference.id, label, cx);
            }
        });
    }

    /// A form saved with nothing changed: it closes, its draft gone,
    /// saying that nothing was written (and nothing to undo).
    pub(crate) fn form_unchanged(&mut self, index: usize) {
        if let Some(ScreenView::Form(form)) = self.screens.get_mut(index).map(|s| &mut s.view) {
            if let Some(draft) = form.draft.take() {
                self.send_action(Request::DiscardDraft(draft), Pending::DiscardDraft);
            }
        }
        if index + 1 == self.screens.len() {
            self.screens.pop();
            // Others may have changed the record meanwhile (a conflict
            // resolved by taking their values): shown as it is now.
            if matches!(self.top().map(|s| &s.view), Some(ScreenView::Detail(_))) {
                self.reload_top();
            } else {
                self.uncovered();
            }
        }
        self.inform(words::unchanged(self.lang));
    }

    /// A form's record is stored: the form gives way to the record, and
    /// the change can be undone.
    pub(crate) fn form_saved(&mut self, index: usize, record: Record, previous: Option<Record>) {
        let mut marked_otherwise = false;
        if let Some(ScreenView::Form(form)) = self.screens.get(index).map(|s| &s.view) {
            if let Some(academie) = form.value(crate::domain::validation::Field::Academie) {
                if !academie.is_empty() {
                    self.last_academie = Some(academie.to_owned());
                }
            }
            marked_otherwise = mark_differs(form, &record);
        }
        let change = match previous {
            Some(previous) => Change::Updated {
                previous: Box::new(previous),
                revision: record.meta().revision,
            },
            None => Change::Created {
                target: record.reference(),
                revision: record.meta().revision,
            },
        };
        self.undo.push(change);
        let undo = self.key_label(Mode::List, Action::Undo);
        if marked_otherwise {
            let owner = record.meta().confidentiality.owner;
            self.inform(words::saved_confidential(self.lang, owner, &undo));
        } else {
            self.inform(words::saved(self.lang, &undo));
        }
        let for_link = matches!(
            self.screens.get(index).map(|s| &s.view),
            Some(ScreenView::Form(form)) if form.for_link
        );
        if for_link && index + 1 == self.screens.len() {
            // Back to the form it was made for, the link filled in.
            self.screens.pop();
            let name = match record.name_source() {
                crate::domain::records::NameSource::Own(name) => name.to_owned(),
                crate::domain::records::NameSource::Of(_) => String::new(),
            };
            self.link_chosen(record.reference(), name);
            return;
        }
        if index + 1 == self.screens.len() {
            self.screens.pop();
            // The record, shown as saved; the screen it was opened from
            // shows it too once refreshed.
            if let Some(super::Screen {
                view: ScreenView::Detail(detail),
                ..
            }) = self.screens.last()
            {
                if detail.key == RecordKey::Id(record.reference()) {
                    self.reload_top();
                    return;
                }
            }
            self.open(record_target(record.reference()));
        }
    }

    /// An answer to the application's own request.
    pub(crate) fn action_answered(
        &mut self,
        ticket: super::Ticket,
        result: Result<Response, ServiceError>,
    ) {
        let Some(pending) = self.pending.remove(&ticket) else {
            return;
        };
        let lang = self.lang;
        match (pending, result) {
            (Pending::Delete { target, label }, Ok(Response::Deleted(_))) => {
                self.undo.push(Change::Deleted {
                    target,
                    label: label.clone(),
                });
                let undo = self.key_label(Mode::List, Action::Undo);
                self.inform(words::deleted(lang, &label, &undo));
                // Away from the record that is no more.
                if matches!(self.top().map(|s| &s.view), Some(ScreenView::Detail(d)) if d.key == RecordKey::Id(target))
                {
                    self.screens.pop();
                }
                self.reload_top();
            }
            (Pending::Undo(change), Ok(response)) => {
                self.inform(words::undone(lang).to_owned());
                if let Response::Saved(saved) = &response {
                    // The revision whose content came back: the one
                    // before an update, the last before a delete.
                    let from = match &change {
                        Change::Updated { previous, .. } => previous.meta().revision,
                        _ => saved.record.meta().revision.saturating_sub(1),
                    };
                    self.undo
                        .rebase(saved.record.reference(), from, saved.record.meta().revision);
                }
                if let Change::Deleted { target, .. } = change {
                    self.open(record_target(target));
                } else {
                    self.reload_top();
                }
            }
            // Changed meanwhile by someone, or gone: this change cannot
            // be undone any more; the ones before it still can.
            (
                Pending::Undo(_),
                Err(
                    error @ (ServiceError::Conflict { .. }
                    | ServiceError::NotFound { .. }
                    | ServiceError::CannotRestore { .. }),
                ),
            ) => self.error(failure_text(&error, lang)),
            // Anything else (the store busy, say): kept to try again.
            (Pending::Undo(change), Err(error)) => {
                self.undo.push(change);
                self.error(failure_text(&error, lang));
            }
            (Pending::Moved { previous }, Ok(Response::Saved(saved))) => {
                self.undo.push(Change::Updated {
                    previous,
                    revision: saved.record.meta().revision,
                });
                let undo = self.key_label(Mode::List, Action::Undo);
                self.inform(words::saved(lang, &undo));
                self.reload_top();
            }
            (Pending::Moved { .. }, Err(ServiceError::Invalid(errors))) => {
                let text = errors
                    .0
                    .iter()
                    .map(|e| field_error(e, lang))
                    .collect::<Vec<_>>()
                    .join(" ");
                self.error(text);
            }
            (Pending::Drafts, Ok(Response::Drafts(drafts))) => self.drafts_found(drafts),
            (Pending::Resume(draft), result) => self.resume_with(*draft, result),
            (Pending::DiscardDraft, _) => {}
            (Pending::WithdrawConsent { target }, Ok(Response::ConsentWithdrawn(withdrawn))) => {
                self.consent_withdrawn(target, withdrawn);
            }
            (_, Err(error)) => self.error(failure_text(&error, lang)),
            (_, Ok(_)) => {}
        }
    }
}

/// The record moved on to its next status, or why it cannot be.
/// Why a record has no next status, put in words (given the key that
/// evaluates an immersion).
type NoMove = fn(crate::i18n::Lang, &str) -> String;

fn moved_on(record: &Record, today: chrono::NaiveDate) -> Result<Record, NoMove> {
    match record {
        Record::Placement(placement) => placement
            .moved_on(today)
            .map(Record::Placement)
            .ok_or(words::no_next_status),
        Record::Immersion(immersion) => match immersion.status.next() {
            // An evaluation is written, not a status moved.
            Some(ImmersionStatus::Evaluated) => Err(words::evaluate_instead),
            Some(next) => {
                let mut moved = immersion.clone();
                moved.status = next;
                Ok(Record::Immersion(moved))
            }
            None => Err(words::no_next_status),
        },
        Record::Agreement(agreement) => agreement
            .moved_on(today)
            .map(Record::Agreement)
            .ok_or(words::no_next_status),
        _ => Err(words::no_status_to_move),
    }
}
