//! The interface's speed at scale (figures in docs/performance.md): the first
//! frame after the store is open, on a large store and a small one in
//! the same run; a keystroke in a list and in the filter box to the next
//! frame; the bytes a cursor move down a list sends to the terminal.
//!
//! `cargo bench --bench interface`; `PASSERELLE_BENCH_SIZE` (default
//! 1,000,000) and `PASSERELLE_BENCH_REUSE=1` as for the foundation
//! benchmark, whose store it shares; `PASSERELLE_BENCH_DETAIL=1` prints
//! the time of each letter typed in the filter and the picker.

use std::cell::Cell;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

use passerelle::domain::audit::FrontEnd;
use passerelle::i18n::Lang;
use passerelle::service::{Caller, Service};
use passerelle::store::{OpenOptions, Store};
use passerelle::tui::app::{App, AppOptions, Viewport};
use passerelle::tui::keymap::{Key, Keymap};
use passerelle::tui::screen_writer::ScreenWriter;
use passerelle::tui::theme::Theme;
use passerelle::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

mod common;
#[path = "../tests/common/settle.rs"]
mod settle;
use settle::settle;

use common::{median, micros, millis, timed};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn main() {
    let size = common::bench_size();
    let mut stores = Vec::new();
    for records in [size, 1000] {
        let (store, made) = common::ensure_store(records);
        if let Some(took) = made {
            println!("demo of {records} records: {:.1} s", took.as_secs_f64());
        }
        stores.push(store);
    }
    let (large, small) = (&stores[0], &stores[1]);
    println!("passerelle interface benchmark: {size} records, {WIDTH}×{HEIGHT}");
    let mut figures: Vec<(String, String)> = Vec::new();
    let caller = Caller::current_process(FrontEnd::Tui);
    let large_service = open(large);
    let small_service = open(small);
    // Drafts left by an earlier run would be offered at start and take
    // the keys.
    discard_drafts(&large_service, &caller);
    discard_drafts(&small_service, &caller);

    // First frames alternate between the stores so that both see the
    // same machine.
    let (mut large_times, mut small_times) = (Vec::new(), Vec::new());
    let cold_large = first_frame(&large_service, &caller);
    let cold_small = first_frame(&small_service, &caller);
    for _ in 0..15 {
        large_times.push(first_frame(&large_service, &caller));
        small_times.push(first_frame(&small_service, &caller));
    }
    figures.push((
        format!("first frame, dashboard, {size} records (first; median of 15)"),
        format!(
            "{}; {}",
            millis(cold_large),
            millis(median(&mut large_times))
        ),
    ));
    figures.push((
        "first frame, dashboard, 1000 records (first; median of 15)".into(),
        format!(
            "{}; {}",
            millis(cold_small),
            millis(median(&mut small_times))
        ),
    ));

    let mut app = ready_app(&large_service, &caller);
    step(&mut app, &large_service, &caller, ":");
    for c in "placements".chars() {
        step(&mut app, &large_service, &caller, &c.to_string());
    }
    step(&mut app, &large_service, &caller, "<Enter>");
    let mut backend = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    let mut moves = Vec::new();
    for _ in 0..600 {
        moves.push(timed(|| {
            step(&mut app, &large_service, &caller, "j");
            draw_test(&mut backend, &app);
        }));
    }
    figures.push((
        "keystroke `j` in the placements list to the next frame (median; slowest of 600, which fetches a page)".into(),
        format!("{}; {}", micros(median(&mut moves)), micros(*moves.iter().max().unwrap_or(&Duration::ZERO))),
    ));
    let mut pages = Vec::new();
    for _ in 0..100 {
        pages.push(timed(|| {
            step(&mut app, &large_service, &caller, "<PageDown>");
            draw_test(&mut backend, &app);
        }));
    }
    figures.push((
        "keystroke PageDown to the next frame (median; slowest of 100)".into(),
        format!(
            "{}; {}",
            micros(median(&mut pages)),
            micros(*pages.iter().max().unwrap_or(&Duration::ZERO))
        ),
    ));
    let last = timed(|| {
        step(&mut app, &large_service, &caller, "G");
        draw_test(&mut backend, &app);
    });
    figures.push((
        "keystroke G (last of the list) to the next frame".into(),
        micros(last),
    ));

    // The filter, on a large list: each letter is drawn at once (the worker thread asks
    // the service), then its results.
    let mut app = ready_app(&large_service, &caller);
    for key in [":", "l", "e", "a", "r", "n", "e", "r", "s", "<Enter>", "/"] {
        step(&mut app, &large_service, &caller, key);
    }
    let (mut echoes, mut results) = type_words(
        &mut app,
        &mut backend,
        &large_service,
        &caller,
        &["emma", "martin lou", "zzzq"],
    );
    figures.push((
        "keystroke in the learners' filter box to the next frame, drawn before the results (median; slowest)"
            .into(),
        format!(
            "{}; {}",
            micros(median(&mut echoes)),
            micros(*echoes.iter().max().unwrap_or(&Duration::ZERO))
        ),
    ));
    figures.push((
        "… then to the frame with the results (median; slowest)".into(),
        format!(
            "{}; {}",
            millis(median(&mut results)),
            millis(*results.iter().max().unwrap_or(&Duration::ZERO))
        ),
    ));

    // A form: a keystroke in a text field (checked as typed), and the
    // company picker searching every company as letters are typed.
    let mut app = ready_app(&large_service, &caller);
    for key in [
        ":", "p", "l", "a", "c", "e", "m", "e", "n", "t", "s", "<Enter>", "n",
    ] {
        step(&mut app, &large_service, &caller, key);
    }
    for _ in 0..7 {
        step(&mut app, &large_service, &caller, "<Tab>");
    }
    let mut typing = Vec::new();
    for c in "Horaires aménagés le mercredi".chars() {
        let key = if c == ' ' {
            "<Space>".to_owned()
        } else {
            c.to_string()
        };
        typing.push(timed(|| {
            step(&mut app, &large_service, &caller, &key);
            draw_test(&mut backend, &app);
        }));
    }
    figures.push((
        "keystroke in a form's text field to the next frame (median; slowest)".into(),
        format!(
            "{}; {}",
            micros(median(&mut typing)),
            micros(*typing.iter().max().unwrap_or(&Duration::ZERO))
        ),
    ));
    for _ in 0..4 {
        step(&mut app, &large_service, &caller, "<BackTab>");
    }
    step(&mut app, &large_service, &caller, "<Enter>");
    let (mut echoes, mut results) = type_words(
        &mut app,
        &mut backend,
        &large_service,
        &caller,
        &["boul", "garage mar", "transports"],
    );
    figures.push((
        "keystroke in the company picker (50,000 companies) to the next frame (median; slowest)"
            .into(),
        format!(
            "{}; {}",
            micros(median(&mut echoes)),
            micros(*echoes.iter().max().unwrap_or(&Duration::ZERO))
        ),
    ));
    figures.push((
        "… then to the frame with the matches (median; slowest)".into(),
        format!(
            "{}; {}",
            millis(median(&mut results)),
            millis(*results.iter().max().unwrap_or(&Duration::ZERO))
        ),
    ));

    // The form typed in above left a draft.
    discard_drafts(&large_service, &caller);

    // Bytes to the terminal for one move down a list.
    let mut app = ready_app(&large_service, &caller);
    for key in [":", "s", "c", "h", "o", "o", "l", "s", "<Enter>"] {
        step(&mut app, &large_service, &caller, key);
    }
    let written = Rc::new(Cell::new(0usize));
    let mut counted =
        ScreenWriter::new(Counter(written.clone()), Size::new(WIDTH, HEIGHT)).expect("a screen");
    counted.draw(&app).expect("frame");
    let whole = written.get();
    let mut sizes = Vec::new();
    for _ in 0..20 {
        written.set(0);
        step(&mut app, &large_service, &caller, "j");
        counted.draw(&app).expect("frame");
        sizes.push(written.get());
    }
    sizes.sort();
    figures.push((
        format!("bytes written for a move down the schools list at {WIDTH}×{HEIGHT} (median; most of 20)"),
        format!("{} B; {} B (the whole first frame: {whole} B)", sizes[sizes.len() / 2], sizes[sizes.len() - 1]),
    ));

    common::print_figures(&figures);
}

/// Counts the bytes written.
struct Counter(Rc<Cell<usize>>);

impl Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + bytes.len());
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn discard_drafts(service: &Service, caller: &Caller) {
    for draft in service.drafts(caller).expect("drafts") {
        if let Some(id) = draft.id {
            service.discard_draft(caller, id).expect("discarded");
        }
    }
}

fn open(store: &Path) -> Service {
    Service::new(Store::open(store, &OpenOptions::new("bench")).expect("store opens"))
}

fn new_app() -> App {
    App::new(AppOptions {
        account: "bench".to_owned(),
        lang: Lang::Fr,
        keymap: Keymap::load("default", None).expect("keymap"),
        theme: Theme::new(true),
        today: chrono::Local::now().date_naive(),
        viewport: Viewport {
            width: WIDTH,
            height: HEIGHT,
        },
    })
}

fn ready_app(service: &Service, caller: &Caller) -> App {
    let mut app = new_app();
    settle(&mut app, service, caller);
    app
}

/// From a new application to its dashboard drawn with its data.
fn first_frame(service: &Service, caller: &Caller) -> Duration {
    let mut backend = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    timed(|| {
        let mut app = new_app();
        settle(&mut app, service, caller);
        draw_test(&mut backend, &app);
    })
}

/// Types each word, letter by letter, then clears it: for each letter,
/// the time to the frame drawn at once, and to the frame with the data
/// the letter asked for.
fn type_words(
    app: &mut App,
    backend: &mut Terminal<TestBackend>,
    service: &Service,
    caller: &Caller,
    words: &[&str],
) -> (Vec<Duration>, Vec<Duration>) {
    let (mut echoes, mut results) = (Vec::new(), Vec::new());
    for word in words {
        for c in word.chars() {
            let key = if c == ' ' {
                "<Space>".to_owned()
            } else {
                c.to_string()
            };
            let key = Key::parse(&key).expect("a key");
            echoes.push(timed(|| {
                app.handle_key(key);
                draw_test(backend, app);
            }));
            let result = timed(|| {
                settle(app, service, caller);
                draw_test(backend, app);
            });
            // Each letter's time, to see which one is slow.
            if std::env::var_os("PASSERELLE_BENCH_DETAIL").is_some() {
                println!("  {word:?} up to {c:?}: {}", millis(result));
            }
            results.push(result);
        }
        step(app, service, caller, "<C-u>");
    }
    (echoes, results)
}

fn step(app: &mut App, service: &Service, caller: &Caller, key: &str) {
    app.handle_key(Key::parse(key).expect("a key"));
    settle(app, service, caller);
}

fn draw_test(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| view::draw(frame, app))
        .expect("frame");
}
