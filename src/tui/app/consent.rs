//! A record's consent, from its detail: the form that records it, the
//! question before withdrawing it, and what follows their answers. Both
//! go to the service through the worker; the service decides who may
//! (those cleared for the record), and its refusal is shown.

use crate::domain::RecordRef;
use crate::i18n::consent as words;
use crate::service::get::RecordKey;
use crate::tui::app::confirm::Question;
use crate::tui::app::form::FormScreen;
use crate::tui::app::{App, Overlay, ScreenView};
use crate::tui::keymap::Action;

impl App {
    /// `consent` or `withdraw_consent` on the screen on top. The detail
    /// is what knows the record's consent; a list row does not.
    pub(crate) fn consent_action(&mut self, action: Action) {
        let lang = self.lang;
        let Some(ScreenView::Detail(detail)) = self.top().map(|s| &s.view) else {
            self.inform(words::open_the_record(lang).to_owned());
            return;
        };
        let Some(data) = detail.data.ready() else {
            self.inform(crate::i18n::history::not_loaded(lang).to_owned());
            return;
        };
        let (record, consent, label) = (
            data.record.clone(),
            data.consent.clone(),
            data.label.clone(),
        );
        match action {
            Action::Consent => {
                let form = FormScreen::consent(record, consent.as_ref(), lang, self.today);
                self.push_form(form);
            }
            // Nothing shown to withdraw: said at once, nothing asked. (If
            // one was recorded meanwhile elsewhere, a refresh shows it.)
            Action::WithdrawConsent if consent.is_none() => {
                self.inform(words::none_to_withdraw(lang).to_owned());
            }
            Action::WithdrawConsent => {
                self.overlay = Some(Overlay::Confirm(Question::WithdrawConsent {
                    target: record.reference(),
                    label,
                }));
            }
            _ => {}
        }
    }

    /// The consent form at `index` is recorded: it gives way to the
    /// record, read again so that the detail shows the new consent.
    /// Nothing to undo: a consent is replaced or withdrawn, not reverted.
    pub(crate) fn consent_saved(&mut self, index: usize) {
        self.inform(words::consent_saved(self.lang).to_owned());
        if index + 1 == self.screens.len() {
            self.screens.pop();
            self.reload_top();
        }
    }

    /// The service's answer to a withdrawal: done, or there was none.
    pub(crate) fn consent_withdrawn(&mut self, target: RecordRef, withdrawn: bool) {
        let text = if withdrawn {
            words::consent_withdrawn(self.lang)
        } else {
            words::nothing_to_withdraw(self.lang)
        };
        self.inform(text.to_owned());
        let showing = matches!(
            self.top().map(|s| &s.view),
            Some(ScreenView::Detail(detail)) if detail.key == RecordKey::Id(target)
        );
        if showing {
            self.reload_top();
        }
    }
}
