//! A front end's connection to the server of a store: requests answered
//! in order, and the notices of others' changes on the side. When no
//! server runs, one is started in the background, one for all the
//! clients starting at the same time.

use std::io::{self, Read};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::demo::DemoOptions;
use crate::domain::audit::FrontEnd;
use crate::server::paths::{socket_path, start_lock_path};
use crate::server::problem::{ReachStep, ServerProblem, SystemCause};
use crate::server::start_lock;
use crate::server::wire::{
    self, Answer, Call, ClientFrame, FrameError, HandshakeOutcome, Hello, Notice, ServerFrame,
};
use crate::service::protocol::{Request, Response};
use crate::service::{ServiceError, ServiceResult};

/// Notices kept for a front end that has not looked yet; past this, the
/// newest are not kept (a front end refreshes all it shows on any).
const NOTICES_KEPT: usize = 256;

/// The number a reply carries when it answers no request of ours but
/// the connection (`ServerFrame::Error`): requests are numbered from 1.
const CONNECTION_PROBLEM: u64 = 0;

/// How long a server has to answer the handshake.
const HANDSHAKE_PATIENCE: Duration = Duration::from_secs(10);

/// How long a request waits with no sign of life from the server: a
/// request taking longer is kept alive by the server every
/// `serve::KEEPALIVE` (a report, an export, an import batch), so only a
/// server stopped or stuck lets this pass.
pub const REQUEST_PATIENCE: Duration = Duration::from_secs(20);

/// How long a server leaving (its idle time up) may take to let go of
/// its socket.
const LEAVING_PATIENCE: Duration = Duration::from_secs(5);

/// How long a started server has to answer. Opening a million records
/// takes about 1.5 s, but a store being migrated is backed up first
/// (about a second per 100,000 records): the wait is long, and a server
/// still starting when it ends is left to finish rather than killed in
/// the middle of a migration.
const START_PATIENCE: Duration = Duration::from_secs(300);

/// An unreachable server, from the step, the file and the error.
fn unreachable(step: ReachStep, path: &Path, error: &io::Error) -> ConnectError {
    // The handshake's read has a time limit: running out of it is the
    // server not answering.
    let timed_out = matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    );
    let cause = if step == ReachStep::Handshake && timed_out {
        SystemCause::NoReply {
            seconds: HANDSHAKE_PATIENCE.as_secs(),
        }
    } else {
        error
            .raw_os_error()
            .map_or(SystemCause::Unnumbered, SystemCause::Errno)
    };
    ConnectError::Problem(ServerProblem::Unreachable {
        step,
        path: path.display().to_string(),
        cause,
    })
}

/// Why a connection could not be made.
#[derive(Debug)]
pub enum ConnectError {
    /// Nothing listens on the socket (no file, or a stale one).
    NoServer,
    /// The server refused the caller (an account not in `users.toml`).
    Refused(ServiceError),
    Problem(ServerProblem),
}

impl From<ConnectError> for ServiceError {
    fn from(error: ConnectError) -> Self {
        match error {
            ConnectError::NoServer => ServiceError::Server(ServerProblem::Unreachable {
                step: ReachStep::Connecting,
                path: String::new(),
                cause: SystemCause::Errno(nix::errno::Errno::ECONNREFUSED as i32),
            }),
            ConnectError::Refused(error) => error,
            ConnectError::Problem(problem) => ServiceError::Server(problem),
        }
    }
}

/// What the reading thread passes to the waiting call.
enum Incoming {
    Reply(u64, ServiceResult<Answer>),
    /// The server still works on request `id`.
    Working(u64),
}

/// A connection to a server.
pub struct Client {
    stream: UnixStream,
    /// One request in flight at a time: held from sending to answer.
    in_flight: Mutex<Receiver<Incoming>>,
    /// The server's process, as the kernel named it at connection.
    server_pid: Option<u32>,
    next_id: AtomicU64,
    notices: Mutex<Option<Receiver<Notice>>>,
    account: String,
    /// This connection's number on the server: notices of its own
    /// changes carry it.
    connection: u64,
    socket: PathBuf,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("socket", &self.socket)
            .field("account", &self.account)
            .finish()
    }
}

impl Client {
    /// Connects to the server of `store`, if one runs.
    pub fn connect(store: &Path, front_end: FrontEnd) -> Result<Client, ConnectError> {
        let socket = socket_path(store);
        let stream = match UnixStream::connect(&socket) {
            Ok(stream) => stream,
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
                ) =>
            {
                return Err(ConnectError::NoServer);
            }
            Err(error) => return Err(unreachable(ReachStep::Connecting, &socket, &error)),
        };
        // Whoever answers must be the store's owner (the account its
        // directory belongs to) or ourselves: not someone who removed the
        // socket and put their own server in its place to read saves.
        let (answering, server_pid) = crate::server::peer::credentials(&stream)
            .map_err(|error| unreachable(ReachStep::CheckingWhoAnswers, &socket, &error))?;
        let owner = std::fs::metadata(store).map(|meta| {
            use std::os::unix::fs::MetadataExt;
            meta.uid()
        });
        let ours = nix::unistd::getuid().as_raw();
        if answering != ours && owner.is_ok_and(|owner| owner != answering) {
            return Err(ConnectError::Problem(ServerProblem::Impostor {
                uid: answering,
            }));
        }
        let broken = |error: FrameError| match error {
            FrameError::Closed => ConnectError::Problem(ServerProblem::Gone),
            // A server leaving (idle, stopped) as this client came.
            FrameError::Io(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::ConnectionReset
                        | io::ErrorKind::BrokenPipe
                        | io::ErrorKind::UnexpectedEof
                ) =>
            {
                ConnectError::Problem(ServerProblem::Gone)
            }
            FrameError::Io(error) => unreachable(ReachStep::Handshake, &socket, &error),
            // Its answer to the handshake is not one.
            FrameError::Problem(_) => ConnectError::Problem(ServerProblem::UnexpectedAnswer),
        };
        // A server that accepts but never answers (stopped, stuck) must
        // not hang the front end: the handshake has its time limit.
        let _ = stream.set_read_timeout(Some(HANDSHAKE_PATIENCE));
        let mut writing = &stream;
        // A server turning this client away answers without waiting for
        // the hello and closes: the hello may then find the connection
        // closed, but its answer is there to read.
        let _ = wire::write_hello(&mut writing, &Hello::current(front_end));
        let mut reading = &stream;
        let welcome = wire::read_welcome(&mut reading).map_err(broken)?;
        if welcome.outcome == HandshakeOutcome::VersionsDiffer {
            return Err(ConnectError::Problem(ServerProblem::OtherVersion {
                server: welcome.version,
                client: wire::PROGRAM_VERSION.to_owned(),
            }));
        }
        let (account, connection) =
            match wire::read_frame::<ServerFrame>(&mut reading).map_err(broken)? {
                ServerFrame::Accepted {
                    account,
                    connection,
                } => (account, connection),
                ServerFrame::Refused(error) => return Err(ConnectError::Refused(error)),
                _ => return Err(ConnectError::Problem(ServerProblem::UnexpectedAnswer)),
            };
        let _ = stream.set_read_timeout(None);
        let (replies, in_flight) = sync_channel(1);
        let (notices, noticed) = sync_channel(NOTICES_KEPT);
        let reading = stream.try_clone().map_err(|error| broken(error.into()))?;
        std::thread::spawn(move || read_from_server(reading, replies, notices));
        Ok(Client {
            stream,
            in_flight: Mutex::new(in_flight),
            server_pid,
            next_id: AtomicU64::new(CONNECTION_PROBLEM + 1),
            notices: Mutex::new(Some(noticed)),
            account,
            connection,
            socket,
        })
    }

    /// Connects to the server of `store`, starting one in the background
    /// when none runs. It exits `idle` after its last client leaves.
    pub fn connect_or_start(
        store: &Path,
        front_end: FrontEnd,
        idle: Duration,
    ) -> Result<Client, ConnectError> {
        match Client::connect(store, front_end) {
            // A server that left during the handshake (its idle time
            // was up): another is started, as when none runs.
            Err(ConnectError::NoServer | ConnectError::Problem(ServerProblem::Gone)) => {}
            other => return other,
        }
        // Only the store's owner starts its server (the store's files are
        // the owner's alone): anyone else is told who runs it.
        if let Ok(meta) = std::fs::metadata(store) {
            use std::os::unix::fs::MetadataExt;
            if meta.uid() != nix::unistd::getuid().as_raw() {
                return Err(ConnectError::Problem(ServerProblem::NotRunning {
                    owner: crate::store::accounts::account_name(meta.uid()),
                }));
            }
        }
        // Nothing is made in a directory that cannot hold the store (the
        // root, another program's files, writable by others).
        if let Err(crate::store::StoreError::Directory { path, problem }) =
            crate::store::directory::check(store)
        {
            return Err(ConnectError::Problem(ServerProblem::UnfitDirectory {
                path: path.display().to_string(),
                problem,
            }));
        }
        // Made here, before the server opens it: its owner's alone, as a
        // store made in process is.
        crate::store::create_private_dir(store)
            .map_err(|error| unreachable(ReachStep::MakingStoreDirectory, store, &error))?;
        let lock_path = start_lock_path(store);
        // One starter at a time; the others find its server on the
        // socket meanwhile. A server being migrated answers only once
        // done: as long as a started server is waited for.
        let found = start_lock::take(&lock_path, START_PATIENCE, || {
            match Client::connect(store, front_end) {
                Err(ConnectError::NoServer | ConnectError::Problem(ServerProblem::Gone)) => None,
                other => Some(other),
            }
        });
        let _lock = match found {
            Ok(Ok(lock)) => lock,
            Ok(Err(connected)) => return connected,
            Err(start_lock::NotTaken::Io(error)) => {
                return Err(unreachable(ReachStep::StartLock, &lock_path, &error));
            }
            Err(start_lock::NotTaken::Held { pid, account }) => {
                return Err(ConnectError::Problem(ServerProblem::StartLockHeld {
                    path: lock_path.display().to_string(),
                    pid,
                    account,
                }));
            }
        };
        // A leaving server may still be answering for a moment; then its
        // socket goes, and the store's lock a moment later (the new
        // server waits for that lock when it opens the store).
        let leaving_until = Instant::now() + LEAVING_PATIENCE;
        loop {
            match Client::connect(store, front_end) {
                Err(ConnectError::NoServer) => break,
                Err(ConnectError::Problem(ServerProblem::Gone))
                    if Instant::now() < leaving_until =>
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => return other,
            }
        }
        start_server(store, idle)?;
        Client::connect(store, front_end)
    }

    /// This connection's number on the server.
    pub fn connection(&self) -> u64 {
        self.connection
    }

    /// The account the server knows this client as.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The notices of changes, for the one front end part that follows
    /// them; `None` once taken.
    pub fn take_notices(&self) -> Option<Receiver<Notice>> {
        self.notices
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
    }

    /// Sends a request of the service and waits for its answer (see
    /// [`Client::exchange`]).
    pub fn call(&self, request: Request) -> ServiceResult<Response> {
        match self.exchange(Call::Service(request))? {
            Answer::Service(response) => Ok(response),
            Answer::Demo { .. } => Err(ServiceError::Server(ServerProblem::UnexpectedAnswer)),
        }
    }

    /// Asks the server to write demonstration data; how many records.
    pub fn demo(&self, options: DemoOptions, append: bool) -> ServiceResult<u64> {
        match self.exchange(Call::Demo { options, append })? {
            Answer::Demo { written } => Ok(written),
            Answer::Service(_) => Err(ServiceError::Server(ServerProblem::UnexpectedAnswer)),
        }
    }

    /// Sends a call and waits for its answer, as long as the server
    /// shows it is working on it; past [`REQUEST_PATIENCE`] without a
    /// sign, the connection is given up (the next call finds it gone).
    fn exchange(&self, call: Call) -> ServiceResult<Answer> {
        let replies = self.lock_in_flight();
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut writing = &self.stream;
        if wire::write_frame(&mut writing, &ClientFrame { id, call }).is_err() {
            // The server may have refused the frame before reading all of
            // it (one too large) and closed: its reason is on the way,
            // read by the reader thread, which ends with the connection.
            // Closing our side makes sure it does end.
            let _ = self.stream.shutdown(std::net::Shutdown::Write);
        }
        let mut deadline = Instant::now() + REQUEST_PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match replies.recv_timeout(left) {
                Ok(Incoming::Reply(answered, result)) if answered == id => return result,
                // What the server could not read, said before it closed
                // the connection (numbered 0, as it could not read the
                // number): this request, the only one in flight.
                Ok(Incoming::Reply(CONNECTION_PROBLEM, Err(error))) => return Err(error),
                // Still working on it: as long again.
                Ok(Incoming::Working(working)) if working == id => {
                    deadline = Instant::now() + REQUEST_PATIENCE;
                }
                // About an earlier request given up on: skipped.
                Ok(Incoming::Working(_) | Incoming::Reply(..)) => continue,
                Err(RecvTimeoutError::Timeout) => {
                    let _ = self.stream.shutdown(std::net::Shutdown::Both);
                    return Err(ServiceError::Server(ServerProblem::NoAnswer {
                        pid: self.server_pid,
                        seconds: REQUEST_PATIENCE.as_secs(),
                    }));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(ServiceError::Server(ServerProblem::Gone));
                }
            }
        }
    }

    fn lock_in_flight(&self) -> MutexGuard<'_, Receiver<Incoming>> {
        self.in_flight
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Routes what the server sends: answers to the waiting call, notices to
/// their queue. Ends when the connection does, which fails the waiting
/// call.
fn read_from_server(
    stream: UnixStream,
    replies: SyncSender<Incoming>,
    notices: SyncSender<Notice>,
) {
    let mut reading = &stream;
    loop {
        match wire::read_frame::<ServerFrame>(&mut reading) {
            Ok(ServerFrame::Reply { id, result }) => {
                if replies.send(Incoming::Reply(id, result)).is_err() {
                    break;
                }
            }
            Ok(ServerFrame::Working { id }) => {
                // Nobody waiting (a call given up on): nothing to tell.
                let _ = replies.try_send(Incoming::Working(id));
            }
            Ok(ServerFrame::Notice(notice)) => {
                // A front end that has not looked lately refreshes
                // everything on the next notice anyway.
                let _ = notices.try_send(notice);
            }
            Ok(ServerFrame::Error(problem)) => {
                let _ = replies.send(Incoming::Reply(
                    CONNECTION_PROBLEM,
                    Err(ServiceError::Server(ServerProblem::Refused(problem))),
                ));
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
}

/// Starts `passerelle serve` for `store` in the background and waits
/// until it answers, or says why it stopped.
fn start_server(store: &Path, idle: Duration) -> Result<(), ConnectError> {
    let program = std::env::current_exe()
        .map_err(|error| unreachable(ReachStep::FindingThisProgram, Path::new(""), &error))?;
    // Absolute: the server's idea of the store must not depend on a
    // working directory.
    let store = std::path::absolute(store).unwrap_or_else(|_| store.to_path_buf());
    let mut child = Command::new(&program)
        .arg("serve")
        .arg("--store")
        .arg(&store)
        .arg("--exit-when-idle")
        .arg(idle.as_secs().max(1).to_string())
        .arg("--detach")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        // Read only if it stops at once; a running server lets go of it.
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| unreachable(ReachStep::StartingServer, &program, &error))?;
    let started = Instant::now();
    let socket = socket_path(&store);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            let mut said = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = stderr.read_to_string(&mut said);
            }
            return Err(ConnectError::Problem(ServerProblem::StartFailed {
                code: status.code(),
                said: said.trim().to_owned(),
            }));
        }
        if UnixStream::connect(&socket).is_ok() {
            // The server lives on on its own. It stays this process's
            // child until this process ends: a thread waits for it, so
            // that a server exiting while an interface runs on is reaped
            // rather than left a zombie.
            drop(child.stderr.take());
            std::thread::spawn(move || {
                let _ = child.wait();
            });
            return Ok(());
        }
        if started.elapsed() > START_PATIENCE {
            // Its standard error is not read any more: a pipe nobody
            // reads would block it.
            drop(child.stderr.take());
            std::thread::spawn(move || {
                let _ = child.wait();
            });
            return Err(ConnectError::Problem(ServerProblem::Unreachable {
                step: ReachStep::WaitingForServer,
                path: store.display().to_string(),
                cause: SystemCause::NoReply {
                    seconds: START_PATIENCE.as_secs(),
                },
            }));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
