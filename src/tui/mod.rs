//! The full-screen interface: keys become actions through the keymap,
//! actions change the state, drawing reads the state. The loop waits
//! for an event (a key, an answer, a resize, a signal) and draws once
//! after handling everything that arrived; the only timer writes a
//! form's draft a few seconds after typing.

pub mod app;
pub mod events;
pub mod input;
pub mod keymap;
pub mod safe_text;
pub mod screen_writer;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod worker;
pub mod wrap;

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{MouseEvent, MouseEventKind};

use crate::client::Backend;
use crate::domain::draft::Draft;
use crate::i18n::Lang;
use crate::service::protocol::Request;
use app::{App, AppOptions, Viewport};
use events::AppEvent;
use keymap::{Action, Keymap};
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

/// How long typing may go on before the form's draft is written even
/// though the person stays in one field.
const DRAFT_AFTER: Duration = Duration::from_secs(3);

/// How long the end of a session waits for the requests under way (a
/// server that does not answer ends them only at the client's patience).
const END_PATIENCE: Duration = Duration::from_secs(3);

/// How long a repeated ending signal waits for the session's end to
/// write the drafts before writing them itself.
const LAST_RESORT_WAIT: Duration = Duration::from_secs(3);

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

/// Writes a draft at the end of a session; one whose number is gone
/// (discarded from another session) is written as a new one.
fn write_draft(backend: &Backend, draft: Draft) {
    let result = match backend.call(Request::SaveDraft(draft.clone())) {
        Err(crate::service::ServiceError::DraftNotFound { .. }) => {
            backend.call(Request::SaveDraft(Draft { id: None, ..draft }))
        }
        other => other,
    };
    if let Err(error) = result {
        tracing::error!(error = %error, "a draft could not be written");
    }
}

/// What a repeated ending signal does before the process ends: waits
/// a little for the session's own end to write the drafts, else writes
/// the last frame's copy itself (unless the end has begun writing).
fn last_resort(
    backend: &Arc<Backend>,
    unsaved: &Arc<Mutex<Vec<Draft>>>,
    claimed: &Arc<AtomicBool>,
    written: &Arc<AtomicBool>,
) -> impl Fn() + Send + 'static {
    let backend = backend.clone();
    let (unsaved, claimed, written) = (unsaved.clone(), claimed.clone(), written.clone());
    move || {
        let deadline = Instant::now() + LAST_RESORT_WAIT;
        while !written.load(Ordering::SeqCst) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        if written.load(Ordering::SeqCst) || claimed.swap(true, Ordering::SeqCst) {
            // Written, or being written: a little more time for that.
            while !written.load(Ordering::SeqCst) && Instant::now() < deadline + LAST_RESORT_WAIT {
                std::thread::sleep(Duration::from_millis(20));
            }
            return;
        }
        if let Ok(drafts) = unsaved.lock() {
            for draft in drafts.iter() {
                write_draft(&backend, draft.clone());
            }
        }
    }
}

/// Writes the forms' drafts if the interface panics: the terminal is
/// restored by its own hook, and what was typed is not lost.
fn drafts_on_panic(backend: Arc<Backend>, unsaved: Arc<Mutex<Vec<Draft>>>) {
    let kept = unsaved;
    let previous = std::panic::take_hook();
    // Only a panic of the interface's own thread ends the session; a
    // panic elsewhere (the worker) ends it through the loop, which
    // writes the drafts itself.
    let interface = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == interface {
            if let Ok(drafts) = kept.try_lock() {
                for draft in drafts.iter() {
                    write_draft(&backend, draft.clone());
                }
            }
        }
        previous(info);
    }));
}

/// What starts an import's thread: the store and the loop's events.
struct Importer {
    backend: Arc<Backend>,
    events: Sender<AppEvent>,
}

impl Importer {
    /// Reads and sends the file on a thread of its own, telling the loop
    /// how far it is (at each whole percent) and how it ended.
    fn start(&self, settings: crate::import::ImportSettings) {
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

fn event_loop(
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
fn scroll(app: &mut App, mouse: MouseEvent) {
    match mouse.kind {
        MouseEventKind::ScrollDown => app.apply(Action::Down),
        MouseEventKind::ScrollUp => app.apply(Action::Up),
        _ => {}
    }
}
