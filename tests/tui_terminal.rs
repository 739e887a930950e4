//! The real binary in a real pseudo-terminal: started on a demo store,
//! driven by keys, read back through a terminal emulator (vt100), as a
//! coordinator over SSH would see it. Waits for text, never for a fixed
//! time.

mod common;

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::pty::{Winsize, openpty};

/// How long any one step may take on a busy machine.
const PATIENCE: Duration = Duration::from_secs(30);

/// The program on the slave side of a pseudo-terminal; the test holds
/// the master side, as sshd does.
struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, to check what it sent.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Option<File>,
    master: Option<OwnedFd>,
    /// Kept to read the terminal's modes once the program has ended.
    slave: Option<OwnedFd>,
    reading: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    child: Child,
}

impl Session {
    fn start(store: &std::path::Path, args: &[&str]) -> Session {
        Session::start_with(store, args, &[])
    }

    fn start_with(
        store: &std::path::Path,
        args: &[&str],
        environment: &[(&str, &std::path::Path)],
    ) -> Session {
        let size = Winsize {
            ws_row: 30,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = openpty(Some(&size), None).expect("a pseudo-terminal");
        // No process may inherit the master side (ours, or another test's
        // started meanwhile), or closing ours would not hang up; the slave
        // is given to the program as its standard streams only.
        for fd in [&pty.master, &pty.slave] {
            fcntl(fd, FcntlArg::F_SETFD(nix::fcntl::FdFlag::FD_CLOEXEC)).expect("close on exec");
        }
        // No configuration or keymap of the person running the tests.
        let config = tempfile::tempdir().expect("a config directory").keep();
        let slave = pty.slave;
        let child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--store")
            .arg(store)
            .args(args)
            .env("TERM", "xterm-256color")
            .env("XDG_CONFIG_HOME", &config)
            .env_remove("PASSERELLE_LANG")
            .env_remove("PASSERELLE_LOG")
            .env_remove("NO_COLOR")
            .envs(environment.iter().copied())
            .stdin(Stdio::from(slave.try_clone().expect("slave")))
            .stdout(Stdio::from(slave.try_clone().expect("slave")))
            .stderr(Stdio::from(slave.try_clone().expect("slave")))
            .spawn()
            .expect("the binary starts");
        let master = pty.master;
        let reader_fd = master.try_clone().expect("a reader");
        fcntl(&reader_fd, FcntlArg::F_SETFL(OFlag::O_NONBLOCK)).expect("non-blocking");
        let writer = File::from(master.try_clone().expect("a writer"));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(30).expect("rows"),
            std::num::NonZeroU16::new(100).expect("columns"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let reading = Arc::new(AtomicBool::new(true));
        let (screen_in, raw_in, still) = (screen.clone(), raw.clone(), reading.clone());
        let reader = std::thread::spawn(move || {
            let mut file = File::from(reader_fd);
            let mut buffer = [0u8; 8192];
            while still.load(Ordering::Relaxed) {
                let mut fds = [PollFd::new(file.as_fd(), PollFlags::POLLIN)];
                if poll(&mut fds, PollTimeout::from(50u8)).unwrap_or(0) == 0 {
                    continue;
                }
                match file.read(&mut buffer) {
                    Ok(0) => break,
                    Ok(read) => {
                        screen_in.lock().expect("screen").process(&buffer[..read]);
                        raw_in
                            .lock()
                            .expect("raw")
                            .extend_from_slice(&buffer[..read]);
                    }
                    Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
                    // EIO once the program has closed its side.
                    Err(_) => break,
                }
            }
        });
        Session {
            screen,
            raw,
            writer: Some(writer),
            master: Some(master),
            slave: Some(slave),
            reading,
            reader: Some(reader),
            child,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    fn written(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().expect("raw")).into_owned()
    }

    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) {
        let started = Instant::now();
        while !done(&self.contents()) {
            assert!(
                started.elapsed() < PATIENCE,
                "{what}; the screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?} never appeared"), |screen| {
            screen.contains(text)
        });
    }

    fn wait_for_absence(&self, text: &str) {
        self.wait_until(&format!("{text:?} never went"), |screen| {
            !screen.contains(text)
        });
    }

    fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).expect("keys sent");
        writer.flush().expect("keys flushed");
    }

    /// Closes every descriptor of the master side: the terminal hangs up,
    /// as when an SSH connection drops.
    fn hang_up(&mut self) {
        self.slave = None;
        self.reading.store(false, Ordering::Relaxed);
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader stops");
        }
        self.writer = None;
        self.master = None;
    }

    /// Waits for the reader to have read everything the program wrote
    /// (it stops when the program's side is closed).
    fn finish(&mut self) {
        self.slave = None;
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader stops");
        }
    }

    /// The exit status, waiting for the process to end.
    fn exit(&mut self) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the child's status") {
                return status;
            }
            if started.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("the process did not end");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn demo_store() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = dir.path().join("store");
    let output = common::passerelle(&store, &["demo", "--size", "200"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let output = common::passerelle(&store, &["list", "schools", "--limit", "1", "--json"]);
    let listing: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the listing is JSON");
    let uai = listing["rows"][0]["record"]["school"]["uai"]
        .as_str()
        .expect("a school has a UAI")
        .to_owned();
    (dir, uai)
}

#[test]
fn a_session_help_a_school_and_quit() {
    let (dir, uai) = demo_store();
    // Logs asked for go to their file, never to the screen.
    let state = dir.path().join("state");
    let mut session = Session::start_with(
        &dir.path().join("store"),
        &[],
        &[
            ("PASSERELLE_LOG", std::path::Path::new("debug")),
            ("XDG_STATE_HOME", &state),
            ("NO_COLOR", std::path::Path::new("1")),
        ],
    );
    session.wait_for("Tableau de bord");
    session.wait_for("Stages en attente");
    session.send("?");
    session.wait_for("Aide — touches du mode « tableau de bord »");
    session.send("\x1b");
    session.wait_for_absence("Aide — touches");
    session.send(&format!(":uai {uai}\r"));
    session.wait_for("Fiches rattachées");
    session.wait_for(&uai);
    session.send("q");
    let status = session.exit();
    assert!(status.success(), "{status:?}");
    // Out of raw mode: lines and echo are back.
    let modes = nix::sys::termios::tcgetattr(session.slave.as_ref().expect("the slave"))
        .expect("the terminal's modes");
    let cooked = nix::sys::termios::LocalFlags::ICANON | nix::sys::termios::LocalFlags::ECHO;
    assert!(
        modes.local_flags.contains(cooked),
        "{:?}",
        modes.local_flags
    );
    session.finish();
    let written = session.written();
    // Frames in synchronized output; the terminal given back as it was.
    assert!(written.contains("\x1b[?2026h") && written.contains("\x1b[?2026l"));
    assert!(
        written.contains("\x1b[?1049l"),
        "the alternate screen is left"
    );
    assert!(written.contains("\x1b[?25h"), "the cursor is shown again");
    assert!(!written.contains("INFO") && !written.contains("DEBUG"));
    // NO_COLOR: no colour was set, in any of crossterm's forms.
    assert!(
        !written.contains("[38;") && !written.contains("[48;"),
        "a colour under NO_COLOR"
    );
    let log = std::fs::read_to_string(state.join("passerelle/passerelle.log")).expect("the log");
    assert!(log.contains("interface started"), "{log}");
    assert!(log.contains("answered"), "{log}");
    // The mouse is left to the terminal unless asked for.
    assert!(
        !written.contains("\x1b[?1000h"),
        "no mouse capture by default"
    );
}

#[test]
fn a_dropped_connection_or_a_signal_ends_the_session() {
    let (dir, _) = demo_store();
    let store = dir.path().join("store");
    // The terminal hangs up (SSH gone): the process ends, not spins.
    let mut session = Session::start(&store, &["--lang", "en"]);
    session.wait_for("Placements pending");
    session.hang_up();
    session.exit();

    for signal in [
        nix::sys::signal::Signal::SIGTERM,
        nix::sys::signal::Signal::SIGHUP,
    ] {
        // With the mouse captured, to see it given back too.
        let mut session = Session::start(&store, &["--lang", "en", "--mouse"]);
        session.wait_for("Placements pending");
        assert!(
            session.written().contains("\x1b[?1000h"),
            "--mouse captures it"
        );
        let pid = nix::unistd::Pid::from_raw(session.child.id() as i32);
        nix::sys::signal::kill(pid, signal).expect("signal sent");
        session.exit();
        session.finish();
        let written = session.written();
        assert!(
            written.contains("\x1b[?1049l"),
            "{signal}: the screen is restored"
        );
        assert!(
            written.contains("\x1b[?1000l"),
            "{signal}: the mouse is given back"
        );
        assert!(written.contains("[38;"), "colours without NO_COLOR");
    }
}

#[test]
fn a_form_typed_halfway_survives_a_dropped_connection() {
    let (dir, _) = demo_store();
    let store = dir.path().join("store");
    let mut session = Session::start(&store, &["--lang", "en"]);
    session.wait_for("Placements pending");
    session.send(":schools\r");
    session.wait_for("row 1 ·");
    session.send("n");
    session.wait_for("New record: a school");
    // The UAI, then the name, typed but never saved.
    session.send("0750001U\t");
    session.send("Lycée des Brouillons");
    session.wait_for("Lycée des Brouillons");
    let pid = nix::unistd::Pid::from_raw(session.child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGHUP).expect("SIGHUP sent");
    session.exit();
    session.finish();

    // The next start offers the draft; resuming it gives back the values.
    let mut session = Session::start(&store, &["--lang", "en"]);
    session.wait_for("draft(s) kept from an earlier session");
    session.wait_for("new record: school");
    session.send("y");
    session.wait_for("New record: a school");
    session.wait_for("0750001U");
    session.wait_for("Lycée des Brouillons");
    session.send("\x1b");
    session.wait_for("unsaved changes");
    session.send("d");
    session.wait_for_absence("New record: a school");
    session.send("q");
    assert!(session.exit().success());
    session.finish();
}

#[test]
fn a_repeated_hangup_signal_still_leaves_the_draft() {
    let (dir, _) = demo_store();
    let store = dir.path().join("store");
    let mut session = Session::start(&store, &["--lang", "en"]);
    session.wait_for("Placements pending");
    session.send(":schools\r");
    session.wait_for("row 1 ·");
    session.send("n");
    session.wait_for("New record: a school");
    session.send("Lycée Deux Signaux");
    session.wait_for("Lycée Deux Signaux");
    // An SSH drop: the hangup, and the shell passing it on.
    let pid = nix::unistd::Pid::from_raw(session.child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGHUP).expect("SIGHUP sent");
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGHUP).expect("SIGHUP sent again");
    session.hang_up();
    session.exit();

    let mut session = Session::start(&store, &["--lang", "en"]);
    session.wait_for("1 draft(s) kept from an earlier session");
    session.send("y");
    session.wait_for("Lycée Deux Signaux");
    session.send("\x1b");
    session.wait_for("unsaved changes");
    session.send("d");
    session.wait_for_absence("New record: a school");
    session.send("q");
    assert!(session.exit().success());
    session.finish();
    let output = common::passerelle(&store, &["check", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["drafts"], 0, "the discarded draft is gone: {report}");
}
