//! The real binary in a real pseudo-terminal, read back through a
//! terminal emulator (vt100): what a coordinator over SSH would see, and
//! every byte the program wrote.

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
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The program on the slave side of a pseudo-terminal; the test holds
/// the master side, as sshd does.
pub struct Session {
    pub screen: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, to check what it sent.
    pub raw: Arc<Mutex<Vec<u8>>>,
    pub writer: Option<File>,
    pub master: Option<OwnedFd>,
    /// Kept to read the terminal's modes once the program has ended.
    pub slave: Option<OwnedFd>,
    pub reading: Arc<AtomicBool>,
    pub reader: Option<JoinHandle<()>>,
    pub child: Child,
}

impl Session {
    pub fn start(store: &std::path::Path, args: &[&str]) -> Session {
        Session::start_with(store, args, &[])
    }

    pub fn start_with(
        store: &std::path::Path,
        args: &[&str],
        environment: &[(&str, &std::path::Path)],
    ) -> Session {
        Session::spawn(store, args, environment, true)
    }

    /// The program as a coordinator starts it: through the store's
    /// server (which it starts if none runs), not opening the store
    /// itself.
    pub fn start_served(store: &std::path::Path, args: &[&str]) -> Session {
        Session::spawn(store, args, &[], false)
    }

    fn spawn(
        store: &std::path::Path,
        args: &[&str],
        environment: &[(&str, &std::path::Path)],
        direct: bool,
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
        let mut command = Command::new(env!("CARGO_BIN_EXE_passerelle"));
        if direct {
            command.env("PASSERELLE_DIRECT", "1");
        } else {
            command.env_remove("PASSERELLE_DIRECT");
        }
        // As sshd does: the program leads a session of its own whose
        // controlling terminal is the pseudo-terminal (its /dev/tty, the
        // group told of a resize).
        // SAFETY: between fork and exec only async-signal-safe calls
        // (setsid, ioctl on an inherited descriptor) are made.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut command, || {
                nix::unistd::setsid().map_err(std::io::Error::from)?;
                if nix::libc::ioctl(0, nix::libc::TIOCSCTTY, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
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

    pub fn contents(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    pub fn written(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().expect("raw")).into_owned()
    }

    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) {
        self.wait_until_within(PATIENCE, what, done);
    }

    /// Waits for the screen to satisfy `done`, for `patience` at most.
    pub fn wait_until_within(&self, patience: Duration, what: &str, done: impl Fn(&str) -> bool) {
        let started = Instant::now();
        while !done(&self.contents()) {
            assert!(
                started.elapsed() < patience,
                "{what}; the screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?} never appeared"), |screen| {
            screen.contains(text)
        });
    }

    pub fn wait_for_absence(&self, text: &str) {
        self.wait_until(&format!("{text:?} never went"), |screen| {
            !screen.contains(text)
        });
    }

    /// The terminal takes another size, as when a window is resized: the
    /// kernel tells the program (SIGWINCH) and the emulator follows.
    pub fn resize(&mut self, columns: u16, rows: u16) {
        let size = Winsize {
            ws_row: rows,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // The emulator first: what the program draws at the new size
        // must not meet the old one.
        self.screen.lock().expect("screen").screen_mut().set_size(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(columns).expect("columns"),
        );
        let master = self.master.as_ref().expect("the terminal is open");
        // SAFETY: the descriptor is an open pseudo-terminal and `size` a
        // valid window size for the call's lifetime.
        let done = unsafe {
            nix::libc::ioctl(
                std::os::fd::AsRawFd::as_raw_fd(master),
                nix::libc::TIOCSWINSZ,
                &size as *const Winsize,
            )
        };
        assert_eq!(done, 0, "the size set");
    }

    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).expect("keys sent");
        writer.flush().expect("keys flushed");
    }

    /// Closes every descriptor of the master side: the terminal hangs up,
    /// as when an SSH connection drops.
    pub fn hang_up(&mut self) {
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
    pub fn finish(&mut self) {
        self.slave = None;
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader stops");
        }
    }

    /// The exit status, waiting for the process to end.
    pub fn exit(&mut self) -> ExitStatus {
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
