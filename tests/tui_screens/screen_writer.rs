//! What the screen writer sends, played into a terminal emulator
//! (vt100), shows the frame as drawn, after every key of a walk through
//! lists scrolled a row at a time and by pages, details, forms, the
//! finder and overlays: a scrolled region or a cell left out would show.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::common::Fixture;
use crate::common::tui::{app, press, render, type_text};
use crate::language_walk::demo_fixture;
use passerelle::i18n::Lang;
use passerelle::tui::app::App;
use passerelle::tui::keymap::Mode;
use passerelle::tui::screen_writer::ScreenWriter;
use ratatui::layout::Size;
use unicode_width::UnicodeWidthStr;

/// The bytes written, kept for the emulator.
#[derive(Clone, Default)]
struct Written(Arc<Mutex<Vec<u8>>>);

impl Write for Written {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("bytes").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The frame's rows as a terminal shows them: a wide character once,
/// trailing blanks dropped.
fn frame_rows(app: &App) -> Vec<String> {
    let terminal = render(app);
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut covered = 0;
            for x in 0..buffer.area.width {
                if covered > 0 {
                    covered -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                covered = symbol.width().saturating_sub(1);
                row.push_str(symbol);
            }
            row.trim_end().to_owned()
        })
        .collect()
}

struct Played<'a> {
    fixture: &'a Fixture,
    app: App,
    written: Written,
    writer: ScreenWriter<Written>,
    terminal: vt100::Parser,
    steps: usize,
    /// What the last frame sent.
    last: Vec<u8>,
}

impl<'a> Played<'a> {
    /// The interface in French at `width`×`height`, its first frame
    /// written and compared.
    fn new(fixture: &'a Fixture, width: u16, height: u16) -> Played<'a> {
        let written = Written::default();
        let mut played = Played {
            fixture,
            app: app(fixture, width, height, Lang::Fr),
            writer: ScreenWriter::new(written.clone(), Size::new(width, height)).expect("a writer"),
            written,
            terminal: vt100::Parser::new(
                std::num::NonZeroU16::new(height).expect("rows"),
                std::num::NonZeroU16::new(width).expect("columns"),
                0,
            ),
            steps: 0,
            last: Vec::new(),
        };
        played.compare("first frame");
        played
    }

    fn keys(&mut self, keys: &str) {
        for key in keys.split(' ').filter(|k| !k.is_empty()) {
            press(&mut self.app, self.fixture, key);
            self.compare(key);
        }
    }

    fn typed(&mut self, text: &str) {
        type_text(&mut self.app, self.fixture, text);
        self.compare(text);
    }

    fn compare(&mut self, step: &str) {
        self.writer.draw(&self.app).expect("drawn");
        let bytes = std::mem::take(&mut *self.written.0.lock().expect("bytes"));
        self.terminal.process(&bytes);
        self.last = bytes;
        self.steps += 1;
        let shown: Vec<String> = self
            .terminal
            .screen()
            .rows(0, self.app.viewport.width)
            .map(|row| row.trim_end().to_owned())
            .collect();
        let drawn = frame_rows(&self.app);
        let differing: Vec<String> = drawn
            .iter()
            .zip(&shown)
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(row, (a, b))| format!("row {row}:\n  drawn {a:?}\n  shown {b:?}"))
            .collect();
        assert!(
            differing.is_empty(),
            "after {step:?} (step {}):\n{}\nwritten: {:?}",
            self.steps,
            differing.join("\n"),
            String::from_utf8_lossy(&self.last)
        );
    }
}

#[test]
fn the_terminal_shows_every_frame_as_drawn() {
    let fixture = demo_fixture();
    for (width, height) in [(80, 24), (120, 40)] {
        let mut played = Played::new(&fixture, width, height);
        for list in ["stages", "etablissements", "apprenants", "entreprises"] {
            played.keys(":");
            played.typed(list);
            played.keys("<Enter>");
            played.keys(&"j ".repeat(45));
            played.keys(&"k ".repeat(30));
            played.keys("<PageDown> <PageDown> <PageUp> G g g");
            played.keys("/");
            played.typed("ma");
            played.keys("<Enter> j j j <Enter> H <Esc> e <Tab> <Tab> <Tab> <Esc> <Esc> <Esc> ?");
            played.keys("j j j <Esc> <Esc> <Esc>");
        }
        played.keys(":");
        played.typed("tableau");
        played.keys("<Enter> f");
        played.typed("ma");
        played.keys(&"<Down> ".repeat(40));
        played.keys(&"<Up> ".repeat(40));
        played.keys("<Esc> : m e s s a g e s <Enter> <Esc> q");
    }
}

/// Whether `bytes` scroll the terminal's region (CSI n S or CSI n T).
fn scrolls(bytes: &[u8]) -> bool {
    bytes.windows(2).enumerate().any(|(at, pair)| {
        pair == b"\x1b[" && {
            let rest = &bytes[at + 2..];
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            matches!(rest.get(digits), Some(b'S' | b'T'))
        }
    })
}

#[test]
fn a_step_that_scrolls_the_finder_or_a_picker_sends_the_new_row() {
    let fixture = demo_fixture();
    // 80×24: a picker's 30 matches outgrow its rows.
    let (width, height) = (80, 24);
    let mut played = Played::new(&fixture, width, height);
    // The finder's matches, then a picker's, each stepped past its last
    // row: such a step scrolls the terminal and sends about a row, not
    // the popup.
    played.keys("f");
    played.typed("a");
    for round in ["finder", "picker"] {
        if round == "picker" {
            played.keys("<Esc> :");
            played.typed("stages");
            played.keys("<Enter> <Enter> e");
            for _ in 0..25 {
                played.keys("<C-o>");
                if played.app.mode() == Mode::Picker {
                    break;
                }
                played.keys("<Tab>");
            }
            assert_eq!(played.app.mode(), Mode::Picker);
            played.typed("a");
        }
        let mut scrolling: Vec<usize> = Vec::new();
        for _ in 0..45 {
            played.keys("<Down>");
            if scrolls(&played.last) {
                scrolling.push(played.last.len());
            }
        }
        assert!(
            scrolling.len() >= 5,
            "{round}: {} steps scrolled the terminal",
            scrolling.len()
        );
        for bytes in &scrolling {
            assert!(*bytes < 400, "{round}: a scrolling step sent {bytes} bytes");
        }
    }
}
