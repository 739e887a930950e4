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
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::tui::app::App;
use crate::tui::view;

pub type Backend = CrosstermBackend<BufWriter<QuietOnPanic>>;

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
    pub fn enter(mouse: bool) -> io::Result<(TerminalGuard, Terminal<Backend>)> {
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
        let terminal = Terminal::new(CrosstermBackend::new(BufWriter::new(QuietOnPanic(
            io::stdout(),
        ))))?;
        Ok((guard, terminal))
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

/// Draws a frame inside synchronized output (DEC mode 2026), so the
/// terminal shows it whole; ratatui writes only the cells that changed.
pub fn draw<W: Write>(terminal: &mut Terminal<CrosstermBackend<W>>, app: &App) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| view::draw(frame, app))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}
