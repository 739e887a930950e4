//! The terminal, borrowed for the session and given back as it was: raw
//! mode, the alternate screen, the cursor, bracketed paste and mouse
//! capture are undone on exit, on panic (the hook is chained, so the
//! panic message still prints, on a clean screen) and when the loop ends
//! on SIGHUP or SIGTERM.

use std::io::{self, BufWriter, Stdout, Write};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::layout::Size;

use crate::tui::screen_writer::ScreenWriter;

/// What frames are written to: standard output, buffered.
pub type Screen = ScreenWriter<BufWriter<QuietOnPanic>>;

/// Standard output, except while a panic unwinds: the panic hook has
/// restored the terminal, and the frame left in the buffer must not be
/// flushed over it (or over the panic's message).
pub struct QuietOnPanic(Stdout);

impl Write for QuietOnPanic {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if std::thread::panicking() {
            return Ok(bytes.len());
        }
        self.0.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::thread::panicking() {
            return Ok(());
        }
        self.0.flush()
    }
}

/// Undoes everything `enter` did; safe to call twice, errors ignored
/// (the terminal may be gone).
pub fn restore(mouse: bool) {
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Holds the terminal; dropping it restores the terminal.
pub struct TerminalGuard {
    mouse: bool,
}

impl TerminalGuard {
    pub fn enter(mouse: bool) -> io::Result<(TerminalGuard, Screen)> {
        install_panic_hook(mouse);
        // From here on, any failure restores what was done.
        let guard = TerminalGuard { mouse };
        enable_raw_mode()?;
        let mut out = io::stdout();
        execute!(
            out,
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        )?;
        if mouse {
            execute!(out, EnableMouseCapture)?;
        }
        let (width, height) = crossterm::terminal::size()?;
        let screen = ScreenWriter::new(
            BufWriter::new(QuietOnPanic(io::stdout())),
            Size::new(width, height),
        )?;
        Ok((guard, screen))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore(self.mouse);
    }
}

fn install_panic_hook(mouse: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore(mouse);
        previous(info);
    }));
}
