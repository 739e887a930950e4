//! The full-screen interface: keys become actions through the keymap,
//! actions change the state, drawing reads the state. The loop waits
//! for an event (a key, an answer, a resize, a signal) and draws once
//! after handling everything that arrived; the only timer writes a
//! form's draft a few seconds after typing.

pub mod app;
mod endings;
pub mod events;
mod importer;
pub mod input;
pub mod keymap;
mod main_loop;
pub mod safe_text;
pub mod screen_writer;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod worker;
pub mod wrap;

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::client::Backend;
use crate::domain::draft::Draft;
use crate::i18n::Lang;
use crate::service::protocol::Request;
use app::{App, AppOptions, Viewport};
use endings::{drafts_on_panic, last_resort, write_draft};
use events::AppEvent;
use importer::Importer;
use keymap::Keymap;
use main_loop::event_loop;
use theme::Theme;

/// How the interface runs.
pub struct TuiOptions {
    pub lang: Lang,
    pub keymap: Keymap,
    pub mouse: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("standard input and output must be a terminal")]
    NotATerminal,
    #[error("terminal: {0}")]
    Terminal(#[from] std::io::Error),
    #[error("the thread answering requests stopped")]
    WorkerGone,
    /// The server did not answer as the session ended: `unsaved` forms
    /// with changes could not be kept as drafts.
    #[error("the server did not answer at the end ({unsaved} forms not kept)")]
    ServerSilent { unsaved: usize },
}

/// How long the end of a session waits for the requests under way (a
/// server that does not answer ends them only at the client's patience).
const END_PATIENCE: Duration = Duration::from_secs(3);

/// Runs the interface until the person quits, the terminal goes away or
/// a signal ends the session. Forms with unsaved changes are written as
/// drafts on the way out, whatever the way.
pub fn run(backend: Backend, options: TuiOptions) -> Result<(), TuiError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(TuiError::NotATerminal);
    }
    let today = backend.today();
    let account = backend.account().to_owned();
    let notices = backend.take_notices();
    let backend = Arc::new(backend);
    let (sender, receiver) = channel::<AppEvent>();
    // The forms' drafts as of the last frame, and who writes them last:
    // the end of the session, or a repeated signal if that end is stuck.
    let unsaved: Arc<Mutex<Vec<Draft>>> = Arc::new(Mutex::new(Vec::new()));
    let claimed = Arc::new(AtomicBool::new(false));
    let drafts_written = Arc::new(AtomicBool::new(false));
    events::spawn_signals(
        sender.clone(),
        last_resort(&backend, &unsaved, &claimed, &drafts_written),
    )?;
    let worker = worker::spawn(backend.clone(), sender.clone());
    let (guard, mut terminal) = terminal::TerminalGuard::enter(options.mouse)?;
    drafts_on_panic(backend.clone(), unsaved.clone());
    if let Some(notices) = notices {
        events::spawn_notices(notices, sender.clone());
    }
    let import_events = sender.clone();
    events::spawn_input(sender);
    let size = terminal.size();
    let mut app = App::new(AppOptions {
        account,
        lang: options.lang,
        keymap: options.keymap,
        theme: Theme::from_environment(),
        today,
        viewport: Viewport {
            width: size.width,
            height: size.height,
        },
    });
    tracing::info!(
        width = size.width,
        height = size.height,
        "interface started"
    );
    let outcome = event_loop(
        &mut terminal,
        &mut app,
        &receiver,
        &worker.jobs,
        &unsaved,
        &Importer {
            backend: backend.clone(),
            events: import_events,
        },
    );
    // What was typed goes first, before the terminal (which may be gone,
    // or frozen) and before a repeated signal may end the process: the
    // writes already asked for (a draft's number comes back with its
    // first write), then every form with changes, as a draft.
    for job in app.take_jobs() {
        let _ = worker.jobs.send(job);
    }
    if !worker.finish_within(END_PATIENCE) {
        // The server does not answer (stopped, stuck): nothing more is
        // asked of it, and the person is not kept waiting.
        let unsaved = app.unsaved_drafts().len();
        tracing::warn!(
            unsaved,
            "the server does not answer: leaving without the drafts"
        );
        drafts_written.store(true, Ordering::SeqCst);
        let _ = terminal.show_cursor();
        drop(guard);
        return Err(TuiError::ServerSilent { unsaved });
    }
    for event in receiver.try_iter() {
        if let AppEvent::Answer(ticket, result) = event {
            app.receive(ticket, result);
        }
    }
    for job in app.take_jobs() {
        // Drafts are written below, each once.
        if !job.request.is_read() && !matches!(job.request, Request::SaveDraft(_)) {
            let _ = backend.call(job.request);
        }
    }
    if !claimed.swap(true, Ordering::SeqCst) {
        for draft in app.unsaved_drafts() {
            write_draft(&backend, draft);
        }
    }
    drafts_written.store(true, Ordering::SeqCst);
    if let Ok(mut kept) = unsaved.lock() {
        kept.clear();
    }
    // A terminal that is gone takes no cursor back.
    let _ = terminal.show_cursor();
    drop(guard);
    outcome
}
