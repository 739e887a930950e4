//! What a coordinator on SSH pays for moving in a long list: the real
//! binary and VisiData (the peer, `pip install visidata`, 3.4) each in a
//! pseudo-terminal of 120×40, on the same rows (the placements of the
//! benchmark store, exported to CSV for VisiData), in the same run. For
//! a step down within the page, a step that scrolls the list, a page
//! down, and (passerelle) a key typed in the filter (a name, then a word
//! nothing matches) and a step that scrolls the finder's matches: the
//! bytes written and the time from the key to the last byte of the
//! answer. Then the first frame with the dashboard's data, opening the
//! store itself and with `passerelle serve` running.
//!
//! `cargo bench --bench over_ssh`; `PASSERELLE_BENCH_SIZE` (default
//! 1,000,000) and `PASSERELLE_BENCH_REUSE=1` as for the other
//! benchmarks, whose store it shares; `VISIDATA` names the program (`vd`
//! by default). Without VisiData, passerelle's figures alone.
//! `PASSERELLE_BENCH_DETAIL=1` prints each filter letter's figures.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::pty::{Winsize, openpty};

mod common;

use common::{median, millis};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
/// How long without output ends an answer, and ends what a program
/// writes when idle before the next key is sent.
const QUIET: Duration = Duration::from_millis(250);
/// How long without output ends the answer to a cursor key. VisiData,
/// idle, writes a cursor move every 125 ms or so for about 400 ms after
/// a key: those are not the answer to the key, and would be counted
/// with the longer wait.
const GAP: Duration = Duration::from_millis(100);
/// How long a program may take to show its first screen (VisiData
/// loading a few hundred thousand rows).
const LOADING: Duration = Duration::from_secs(600);

/// A program in a pseudo-terminal: what it writes is read as it comes.
struct Pty {
    master: File,
    child: Child,
}

impl Pty {
    /// The program in a new pseudo-terminal; `None` when it cannot be
    /// run (VisiData not installed).
    fn spawn(command: &mut Command) -> Option<Pty> {
        let size = Winsize {
            ws_row: HEIGHT,
            ws_col: WIDTH,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = openpty(Some(&size), None).expect("a pseudo-terminal");
        for fd in [&pty.master, &pty.slave] {
            fcntl(fd, FcntlArg::F_SETFD(nix::fcntl::FdFlag::FD_CLOEXEC)).expect("close on exec");
        }
        let slave = pty.slave;
        let child = command
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::from(slave.try_clone().expect("slave")))
            .stdout(Stdio::from(slave.try_clone().expect("slave")))
            .stderr(Stdio::from(slave))
            .spawn()
            .ok()?;
        fcntl(&pty.master, FcntlArg::F_SETFL(OFlag::O_NONBLOCK)).expect("non-blocking");
        Some(Pty {
            master: File::from(pty.master),
            child,
        })
    }

    /// Reads until the program has written nothing for `quiet` (or `most`
    /// passed): the bytes, and when the last came.
    fn answer(&mut self, most: Duration, quiet: Duration) -> (usize, Instant) {
        let started = Instant::now();
        let mut last = started;
        let mut count = 0;
        let mut buffer = [0u8; 65536];
        loop {
            let since = last.elapsed();
            if count > 0 && since >= quiet || started.elapsed() >= most {
                return (count, last);
            }
            let wait = if count > 0 { quiet - since } else { most };
            let millis = wait.as_millis().clamp(1, 60_000) as u16;
            let mut fds = [PollFd::new(self.master.as_fd(), PollFlags::POLLIN)];
            if poll(&mut fds, PollTimeout::from(millis)).unwrap_or(0) == 0 {
                if count > 0 {
                    return (count, last);
                }
                continue;
            }
            match self.master.read(&mut buffer) {
                Ok(0) => return (count, last),
                Ok(read) => {
                    count += read;
                    last = Instant::now();
                }
                Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => return (count, last),
            }
        }
    }

    /// Reads what the program writes until it has written nothing for
    /// `QUIET` (at most a few seconds).
    fn settle(&mut self) {
        let started = Instant::now();
        let mut buffer = [0u8; 65536];
        while started.elapsed() < Duration::from_secs(5) {
            let mut fds = [PollFd::new(self.master.as_fd(), PollFlags::POLLIN)];
            let millis = QUIET.as_millis() as u16;
            if poll(&mut fds, PollTimeout::from(millis)).unwrap_or(0) == 0 {
                return;
            }
            match self.master.read(&mut buffer) {
                Ok(0) => return,
                Ok(_) => {}
                Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => return,
            }
        }
    }

    /// Sends `keys` once the program is quiet; the bytes of the answer
    /// (ended by `quiet` without output) and the time to its last byte.
    fn press_within(&mut self, keys: &[u8], quiet: Duration) -> (usize, Duration) {
        self.settle();
        let sent = Instant::now();
        self.master.write_all(keys).expect("keys sent");
        let (bytes, last) = self.answer(Duration::from_secs(60), quiet);
        (bytes, last.saturating_duration_since(sent))
    }

    /// A cursor key: its answer is what comes at once.
    fn press(&mut self, keys: &[u8]) -> (usize, Duration) {
        self.press_within(keys, GAP)
    }

    /// A key whose answer may come in several frames (a filter's
    /// results after its echo).
    fn press_and_wait(&mut self, keys: &[u8]) -> (usize, Duration) {
        self.press_within(keys, QUIET)
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Bytes and times of a series of the same key.
#[derive(Default)]
struct Steps {
    bytes: Vec<usize>,
    times: Vec<Duration>,
}

impl Steps {
    fn add(&mut self, (bytes, time): (usize, Duration)) {
        self.bytes.push(bytes);
        self.times.push(time);
    }

    fn said(&mut self) -> String {
        if self.bytes.is_empty() {
            return "—".into();
        }
        self.bytes.sort();
        let bytes = self.bytes[self.bytes.len() / 2];
        format!("{bytes} B, {}", millis(median(&mut self.times)))
    }

    fn median_bytes(&mut self) -> usize {
        self.bytes.sort();
        self.bytes.get(self.bytes.len() / 2).copied().unwrap_or(0)
    }
}

/// Rows a list shows at 120×40: more steps than this scroll it.
const WITHIN: usize = 25;
const SCROLLING: usize = 20;
const PAGES: usize = 5;

#[derive(Default)]
struct Figures {
    within: Steps,
    scrolling: Steps,
    page: Steps,
    /// passerelle only, from here: the filter's letters the first time
    /// the process reads those names, then again.
    filter: [Steps; 2],
    filter_nothing: [Steps; 2],
    finder_scrolling: Steps,
    /// From the start to the last byte of the first screen.
    first_frame: Duration,
}

fn walk(pty: &mut Pty, down: &[u8], page: &[u8]) -> Figures {
    let mut figures = Figures::default();
    for _ in 0..WITHIN {
        figures.within.add(pty.press(down));
    }
    // To the bottom of the screen, then each step scrolls.
    for _ in 0..(HEIGHT as usize) {
        pty.press(down);
    }
    for _ in 0..SCROLLING {
        figures.scrolling.add(pty.press(down));
    }
    for _ in 0..PAGES {
        figures.page.add(pty.press(page));
    }
    figures
}

/// The interface on `store`, opening it itself (`direct`) or through
/// the server that runs for it; the time to its first whole screen.
fn start_passerelle(store: &Path, direct: bool) -> (Pty, Duration) {
    let config = tempfile::tempdir().expect("a config directory");
    let mut command = Command::new(env!("CARGO_BIN_EXE_passerelle"));
    command
        .arg("--store")
        .arg(store)
        .env("XDG_CONFIG_HOME", config.path())
        .env_remove("PASSERELLE_LANG")
        .env_remove("NO_COLOR");
    if direct {
        command.env("PASSERELLE_DIRECT", "1");
    } else {
        command.env_remove("PASSERELLE_DIRECT");
    }
    let started = Instant::now();
    let mut pty = Pty::spawn(&mut command).expect("passerelle starts");
    let (_, last) = pty.answer(LOADING, QUIET);
    (pty, last.saturating_duration_since(started))
}

fn passerelle(store: &Path) -> Figures {
    let (mut pty, first_frame) = start_passerelle(store, true);
    pty.press_and_wait(b":stages\r");
    let mut figures = walk(&mut pty, b"j", b"\x1b[6~");
    figures.first_frame = first_frame;
    // The filter: « / » then a name typed a letter at a time; cleared,
    // then a word no name has. Twice: the first time the process reads
    // those names from the disk's files.
    pty.press(b"g");
    pty.press(b"g");
    pty.press(b"/");
    let detail = std::env::var_os("PASSERELLE_BENCH_DETAIL").is_some();
    for pass in 0..2 {
        for (word, steps) in [
            ("martin", &mut figures.filter[pass]),
            ("zqxw", &mut figures.filter_nothing[pass]),
        ] {
            for (typed, letter) in word.bytes().enumerate() {
                let (bytes, time) = pty.press_and_wait(&[letter]);
                if detail {
                    println!(
                        "  pass {pass}: {:?}: {bytes} B, {}",
                        &word[..=typed],
                        millis(time)
                    );
                }
                steps.add((bytes, time));
            }
            pty.press_and_wait(b"\x15");
        }
    }
    pty.press(b"\x1b");
    // The finder: its matches (50 at most) outgrow the screen; the
    // steps past its last row scroll them.
    pty.press(b"f");
    pty.press_and_wait(b"martin");
    for step in 0..FINDER_STEPS {
        let answer = pty.press(b"\x1b[B");
        if step >= FINDER_STEPS - SCROLLING {
            figures.finder_scrolling.add(answer);
        }
    }
    figures
}

/// Steps down the finder's 50 matches; the last `SCROLLING` scroll them.
const FINDER_STEPS: usize = 49;

/// The first frame of the interface while a server runs for the store,
/// a few times (each a new process connecting).
fn first_frames_through_server(store: &Path) -> Vec<Duration> {
    let mut server = common::start_server(store);
    let times = (0..FIRST_FRAMES)
        .map(|_| start_passerelle(store, false).1)
        .collect();
    let _ = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(server.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    );
    let _ = server.wait();
    times
}

const FIRST_FRAMES: usize = 7;

fn visidata(csv: &Path) -> Option<Figures> {
    let program = std::env::var("VISIDATA").unwrap_or_else(|_| "vd".into());
    let home = tempfile::tempdir().expect("a home");
    let mut command = Command::new(program);
    command
        .arg("--quitguard=false")
        .arg(csv)
        .env("HOME", home.path());
    let mut pty = Pty::spawn(&mut command)?;
    let (first, _) = pty.answer(LOADING, QUIET);
    if first == 0 {
        return None;
    }
    // Loading ends when the row count stops changing.
    std::thread::sleep(Duration::from_secs(2));
    pty.answer(LOADING, QUIET);
    Some(walk(&mut pty, b"j", b"\x1b[6~"))
}

fn main() {
    let size = common::bench_size();
    let (store, made) = common::ensure_store(size);
    if let Some(took) = made {
        println!("demo of {size} records: {:.1} s", took.as_secs_f64());
    }
    let csv = store.with_extension("placements.csv");
    if !csv.exists() {
        common::run_direct(
            &store,
            &[
                "export",
                "placements",
                "--output",
                csv.to_str().expect("a path"),
            ],
        );
    }
    println!("passerelle over SSH: {size} records, {WIDTH}×{HEIGHT}, placements");
    let mut ours = passerelle(&store);
    let theirs = visidata(&csv);
    let mut rows: Vec<(String, String)> = Vec::new();
    match theirs {
        Some(mut theirs) => {
            let ratio = |ours: &mut Steps, theirs: &mut Steps| {
                let (a, b) = (ours.median_bytes(), theirs.median_bytes());
                if b == 0 {
                    "—".to_owned()
                } else {
                    format!("{:.2}×", a as f64 / b as f64)
                }
            };
            for (what, a, b) in [
                ("step within the page", &mut ours.within, &mut theirs.within),
                (
                    "step that scrolls",
                    &mut ours.scrolling,
                    &mut theirs.scrolling,
                ),
                ("page down", &mut ours.page, &mut theirs.page),
            ] {
                let r = ratio(a, b);
                rows.push((
                    format!("{what}: passerelle; VisiData; bytes ratio"),
                    format!("{}; {}; {r}", a.said(), b.said()),
                ));
            }
        }
        None => {
            rows.push(("VisiData".into(), "not found: passerelle alone".into()));
            rows.push(("step within the page".into(), ours.within.said()));
            rows.push(("step that scrolls".into(), ours.scrolling.said()));
            rows.push(("page down".into(), ours.page.said()));
        }
    }
    let [filter_first, filter_again] = &mut ours.filter;
    let [nothing_first, nothing_again] = &mut ours.filter_nothing;
    for (what, steps) in [
        (
            "a letter of « martin » typed in the filter, first time: bytes, median time; slowest",
            filter_first,
        ),
        ("… again: bytes, median time; slowest", filter_again),
        (
            "a letter of « zqxw » (no match) typed in the filter, first time: bytes, median time; slowest",
            nothing_first,
        ),
        ("… again: bytes, median time; slowest", nothing_again),
        (
            "a step that scrolls the finder's matches: bytes, median time; slowest",
            &mut ours.finder_scrolling,
        ),
    ] {
        let slowest = steps.times.iter().max().copied().unwrap_or_default();
        rows.push((
            what.into(),
            format!("{}; {}", steps.said(), millis(slowest)),
        ));
    }
    let mut through_server = first_frames_through_server(&store);
    rows.push((
        format!(
            "first frame with the dashboard's data: with a server running, median of {FIRST_FRAMES} (slowest); opening the store itself"
        ),
        format!(
            "{} ({}); {}",
            millis(median(&mut through_server)),
            millis(common::slowest(&through_server)),
            millis(ours.first_frame)
        ),
    ));
    common::print_figures(&rows);
}
