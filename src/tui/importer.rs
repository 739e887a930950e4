//! An import run on a thread of its own, its progress and end told to
//! the loop.

use std::sync::Arc;
use std::sync::mpsc::Sender;

use crate::tui::events::AppEvent;

use crate::client::Backend;

/// What starts an import's thread: the store and the loop's events.
pub(super) struct Importer {
    pub(super) backend: Arc<Backend>,
    pub(super) events: Sender<AppEvent>,
}

impl Importer {
    /// Reads and sends the file on a thread of its own, telling the loop
    /// how far it is (at each whole percent) and how it ended.
    pub(super) fn start(&self, settings: crate::import::ImportSettings) {
        let backend = self.backend.clone();
        let events = self.events.clone();
        std::thread::spawn(move || {
            let mut told = None;
            let result = crate::import::run(&backend, &settings, &mut |progress| {
                let percent = (progress.bytes * 100)
                    .checked_div(progress.total_bytes)
                    .unwrap_or(100);
                if told != Some(percent) {
                    told = Some(percent);
                    let _ = events.send(AppEvent::ImportProgress(progress));
                }
            });
            let _ = events.send(AppEvent::ImportDone(result));
        });
    }
}
