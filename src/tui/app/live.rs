//! Others' changes, as the server tells them: what is shown refreshes,
//! and a person editing a record someone else just saved is told at
//! once (their save then meets the stale-revision conflict, field by
//! field).

use crate::server::wire::{Changed, Notice};
use crate::tui::app::{App, ScreenView};

impl App {
    /// Takes a notice of a change made by another front end.
    pub fn notice(&mut self, notice: &Notice) {
        let concerns = |reference: crate::domain::RecordRef| match &notice.changed {
            Changed::Record(changed) => *changed == reference,
            Changed::Many => true,
            Changed::Users => false,
        };
        // Every screen below the top is read again when it comes back.
        let top = self.screens.len().saturating_sub(1);
        for screen in &mut self.screens[..top] {
            screen.stale = true;
        }
        let Some(screen) = self.screens.last() else {
            return;
        };
        match &screen.view {
            ScreenView::Form(form) => {
                let edited = form.base.as_ref().map(|base| base.reference());
                if edited.is_some_and(concerns) {
                    self.error(crate::i18n::tui::changed_meanwhile_by(
                        self.lang, &notice.by,
                    ));
                }
            }
            ScreenView::Detail(detail) => {
                let shown = detail.data.ready().map(|data| data.record.reference());
                let revealed = detail.data.ready().is_some_and(|data| data.revealed);
                if shown.is_some_and(concerns) {
                    if revealed {
                        self.inform(crate::i18n::tui::changed_while_revealed(
                            self.lang, &notice.by,
                        ));
                    }
                    self.reload_top();
                } else if !revealed {
                    // Its links' names may have changed.
                    self.reload_top();
                }
            }
            ScreenView::Dashboard(_) | ScreenView::List(_) | ScreenView::History(_) => {
                self.reload_top();
            }
        }
    }
}
