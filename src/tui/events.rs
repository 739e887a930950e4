//! Everything the loop waits for, from three threads: the terminal's
//! input, the signals that end a session, and the service's answers.

use std::os::fd::AsFd;
use std::sync::mpsc::Sender;

use crossterm::event::{Event, MouseEvent};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

use crate::service::ServiceError;
use crate::service::protocol::Response;
use crate::tui::app::Ticket;
use crate::tui::keymap::Key;

pub enum AppEvent {
    Key(Key),
    Paste(String),
    Resize(u16, u16),
    Mouse(MouseEvent),
    Answer(Ticket, Result<Response, ServiceError>),
    /// A request dropped because a newer one from the same screen came.
    Superseded(Ticket),
    /// SIGHUP (the SSH connection dropped) or SIGTERM.
    Ended,
    /// The terminal hung up or cannot be read.
    TerminalGone,
    /// The thread answering requests stopped (a bug).
    WorkerGone,
    /// Another front end changed the store.
    Changed(crate::client::Notice),
    /// How far the import under way is.
    ImportProgress(crate::import::Progress),
    /// The import ended.
    ImportDone(Result<crate::import::FileReport, crate::import::ImportError>),
}

/// Passes one of crossterm's events to the loop; an error when the loop
/// is gone.
fn forward(events: &Sender<AppEvent>, event: Event) -> Result<(), ()> {
    let sent = match event {
        Event::Key(key) => match Key::from_event(&key) {
            Some(key) => events.send(AppEvent::Key(key)),
            None => Ok(()),
        },
        Event::Paste(text) => events.send(AppEvent::Paste(text)),
        // The signal already told the loop (`spawn_signals`): once is
        // enough, each telling drawing the whole screen anew.
        Event::Resize(..) => Ok(()),
        Event::Mouse(mouse) => events.send(AppEvent::Mouse(mouse)),
        _ => Ok(()),
    };
    sent.map_err(|_| ())
}

/// Passes the server's notices of others' changes to the loop.
pub fn spawn_notices(
    notices: std::sync::mpsc::Receiver<crate::client::Notice>,
    events: Sender<AppEvent>,
) {
    std::thread::spawn(move || {
        for notice in notices {
            if events.send(AppEvent::Changed(notice)).is_err() {
                break;
            }
        }
    });
}

/// Reads the terminal until it goes away. crossterm loops for ever on a
/// terminal that hung up, so the thread first waits for input itself
/// and stops on a hang-up or an error.
pub fn spawn_input(events: Sender<AppEvent>) {
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        loop {
            let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
            match poll(&mut fds, PollTimeout::NONE) {
                Err(nix::errno::Errno::EINTR) => continue,
                Err(_) => break,
                Ok(_) => {}
            }
            let revents = fds[0].revents().unwrap_or(PollFlags::POLLHUP);
            if revents.intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL) {
                break;
            }
            // Everything crossterm has parsed from what arrived.
            loop {
                let event = match crossterm::event::read() {
                    Ok(event) => event,
                    Err(_) => {
                        let _ = events.send(AppEvent::TerminalGone);
                        return;
                    }
                };
                if forward(&events, event).is_err() {
                    return;
                }
                // crossterm's reader waits on the terminal itself (its
                // `use-dev-tty` source, which polls for what is there, not
                // for changes: a key that comes with a resize is not
                // lost). It returns nothing at once for a zero wait: the
                // events it has parsed already are asked for with a
                // millisecond's.
                match crossterm::event::poll(std::time::Duration::from_millis(1)) {
                    Ok(true) => continue,
                    Ok(false) => break,
                    Err(_) => {
                        let _ = events.send(AppEvent::TerminalGone);
                        return;
                    }
                }
            }
        }
        let _ = events.send(AppEvent::TerminalGone);
    });
}

/// Turns SIGHUP and SIGTERM into an event, so the loop ends, writes the
/// drafts and restores the terminal; a second one (the loop may be stuck
/// writing to a terminal that no longer reads) runs `keep_drafts`, then
/// ends the process at once. SIGWINCH becomes a resize: crossterm would
/// only notice it at the next key.
pub fn spawn_signals(
    events: Sender<AppEvent>,
    keep_drafts: impl Fn() + Send + 'static,
) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM, SIGWINCH};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGWINCH])?;
    std::thread::spawn(move || {
        let mut ending = false;
        for signal in signals.forever() {
            if signal == SIGWINCH {
                if let Ok((width, height)) = crossterm::terminal::size() {
                    let _ = events.send(AppEvent::Resize(width, height));
                }
                continue;
            }
            // A repeat (an SSH drop often sends two) first makes sure
            // the drafts are written, then ends the process at once.
            if ending {
                keep_drafts();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                continue;
            }
            ending = true;
            let _ = events.send(AppEvent::Ended);
        }
    });
    Ok(())
}
