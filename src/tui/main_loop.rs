//! The loop: waits for an event (a key, an answer, a resize, a signal),
//! hands it to the application, and draws once after all that arrived.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crate::tui::app::{App, Viewport};
use crate::tui::events::AppEvent;
use crate::tui::keymap::Action;
use crossterm::event::{MouseEvent, MouseEventKind};

use super::{Importer, TuiError, app, terminal};
use crate::domain::draft::Draft;

/// How long typing may go on before the form's draft is written even
/// though the person stays in one field.
pub(super) const DRAFT_AFTER: Duration = Duration::from_secs(3);

pub(super) fn event_loop(
    terminal: &mut terminal::Screen,
    app: &mut App,
    receiver: &Receiver<AppEvent>,
    jobs: &Sender<app::Job>,
    unsaved: &Mutex<Vec<Draft>>,
    importer: &Importer,
) -> Result<(), TuiError> {
    // When the form on top must have its draft written, at the latest.
    let mut draft_due: Option<Instant> = None;
    loop {
        for job in app.take_jobs() {
            if jobs.send(job).is_err() {
                return Err(TuiError::WorkerGone);
            }
        }
        for settings in app.take_imports() {
            importer.start(settings);
        }
        let drafts = app.unsaved_drafts();
        if let Ok(mut kept) = unsaved.lock() {
            *kept = drafts;
        }
        terminal.draw(app)?;
        // A form typed in is written as a draft a few seconds after the
        // last key, even without leaving its field.
        // Counted from the first change not yet in the draft, so that
        // steady typing in one field is kept too.
        if !app.wants_draft() {
            draft_due = None;
        }
        let first = if app.wants_draft() {
            let due = *draft_due.get_or_insert_with(|| Instant::now() + DRAFT_AFTER);
            match receiver.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => {
                    app.keep_draft();
                    draft_due = None;
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        } else {
            match receiver.recv() {
                Ok(event) => event,
                Err(_) => return Ok(()),
            }
        };
        // Everything that arrived meanwhile, then one frame.
        for event in std::iter::once(first).chain(receiver.try_iter()) {
            match event {
                AppEvent::Key(key) => app.handle_key(key),
                AppEvent::Paste(text) => app.paste(&text),
                AppEvent::Resize(width, height) => {
                    terminal.resize(ratatui::layout::Size::new(width, height))?;
                    app.resize(Viewport { width, height });
                }
                AppEvent::Mouse(mouse) => scroll(app, mouse),
                AppEvent::Answer(ticket, result) => app.receive(ticket, result),
                AppEvent::Superseded(ticket) => app.superseded(ticket),
                AppEvent::Changed(notice) => app.notice(&notice),
                AppEvent::ImportProgress(progress) => app.import_progress(progress),
                AppEvent::ImportDone(result) => app.import_done(result),
                AppEvent::Ended | AppEvent::TerminalGone => {
                    tracing::info!("terminal gone or session ended");
                    return Ok(());
                }
                AppEvent::WorkerGone => return Err(TuiError::WorkerGone),
            }
        }
        if app.quit {
            return Ok(());
        }
    }
}

/// The wheel moves the selection; clicks are left to the terminal's
/// own selection.
pub(super) fn scroll(app: &mut App, mouse: MouseEvent) {
    match mouse.kind {
        MouseEventKind::ScrollDown => app.apply(Action::Down),
        MouseEventKind::ScrollUp => app.apply(Action::Up),
        _ => {}
    }
}
