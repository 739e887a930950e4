//! The full-screen interface: keys become actions through the keymap,
//! actions change the state, drawing reads the state. The loop waits
//! for an event (a key, an answer, a resize, a signal) and draws once
//! after handling everything that arrived; nothing runs on a timer.

pub mod app;
pub mod events;
pub mod input;
pub mod keymap;
pub mod safe_text;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod worker;

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::mpsc::channel;

use crossterm::event::{MouseEvent, MouseEventKind};

use crate::i18n::Lang;
use crate::service::{Caller, Service};
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
}

/// Runs the interface until the person quits, the terminal goes away or
/// a signal ends the session.
pub fn run(service: Service, caller: Caller, options: TuiOptions) -> Result<(), TuiError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(TuiError::NotATerminal);
    }
    let today = service.clock().today();
    let (sender, receiver) = channel::<AppEvent>();
    events::spawn_signals(sender.clone())?;
    let jobs = worker::spawn(Arc::new(service), caller, sender.clone());
    let (guard, mut terminal) = terminal::TerminalGuard::enter(options.mouse)?;
    events::spawn_input(sender);
    let outcome = event_loop(&mut terminal, &receiver, &jobs, options, today);
    // ratatui shows the cursor when dropped and prints to standard error
    // if it cannot: on a terminal that is gone, that print would panic.
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
    drop(guard);
    outcome
}

fn event_loop(
    terminal: &mut ratatui::Terminal<terminal::Backend>,
    receiver: &std::sync::mpsc::Receiver<AppEvent>,
    jobs: &std::sync::mpsc::Sender<app::Job>,
    options: TuiOptions,
    today: chrono::NaiveDate,
) -> Result<(), TuiError> {
    let size = terminal.size()?;
    tracing::info!(
        width = size.width,
        height = size.height,
        "interface started"
    );
    let mut app = App::new(AppOptions {
        lang: options.lang,
        keymap: options.keymap,
        theme: Theme::from_environment(),
        today,
        viewport: Viewport {
            width: size.width,
            height: size.height,
        },
    });
    loop {
        for job in app.take_jobs() {
            if jobs.send(job).is_err() {
                return Err(TuiError::WorkerGone);
            }
        }
        terminal::draw(terminal, &app)?;
        let Ok(first) = receiver.recv() else {
            return Ok(());
        };
        // Everything that arrived meanwhile, then one frame.
        for event in std::iter::once(first).chain(receiver.try_iter()) {
            match event {
                AppEvent::Key(key) => app.handle_key(key),
                AppEvent::Paste(text) => app.paste(&text),
                AppEvent::Resize(width, height) => {
                    terminal.autoresize()?;
                    app.resize(Viewport { width, height });
                }
                AppEvent::Mouse(mouse) => scroll(&mut app, mouse),
                AppEvent::Answer(ticket, result) => app.receive(ticket, result),
                AppEvent::Superseded(ticket) => app.superseded(ticket),
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
