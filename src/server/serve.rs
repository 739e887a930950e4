//! `passerelle serve`: the one process that owns a store and answers the
//! front ends of everyone working on it, the way a tmux server serves its
//! clients.
//!
//! One thread accepts, and lets in or turns away each connection from
//! what the kernel says of it (`door`): an account not in `users.toml`,
//! or one holding too many connections, is refused there. Each
//! connection let in has a thread reading and answering its requests in
//! order, and a thread writing to it from a bounded queue. A client has
//! [`HANDSHAKE_TIMEOUT`] for its whole hello and [`FRAME_TIMEOUT`] for
//! each request once begun (as long as it likes between requests).
//! Answers and notices go through that queue without waiting: a
//! client whose queue is full (it does not read) is dropped, so that a
//! stuck client never holds up the others. Each request runs to its end
//! whatever the client does, in the store's own transaction (demonstration
//! data and purges, which write in batches, in one transaction per
//! batch): a client gone in the middle changes nothing it would not have.

use std::collections::HashMap;
use std::io;
use std::net::Shutdown;
use std::os::fd::AsFd;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

use crate::domain::audit::FrontEnd;
use crate::server::admission::{Admission, Class, class_of};
use crate::server::deadline::{Paced, Until};
use crate::server::dispatch::answer;
use crate::server::door::{Door, Entered, Limits, Waiting, raise_descriptor_limit};
use crate::server::paths::socket_path;
use crate::server::peer::{Peer, credentials};
use crate::server::wire::{
    self, Answer, Call, Changed, ClientFrame, FrameError, HandshakeOutcome, Notice, ServerFrame,
    Welcome,
};
use crate::service::get::RecordKey;
use crate::service::protocol::{Request, Response, UsersRequest};
use crate::service::{Caller, Service, ServiceError, ServiceResult};
use crate::store::{OpenOptions, Store, StoreError};

/// How long a server starting waits for the store's lock, which one
/// leaving holds until its last flush is done.
const LEAVING_SERVER_PATIENCE: Duration = Duration::from_secs(10);

/// Frames waiting to be written to one client. A client that lets this
/// many pile up is not reading: it is dropped.
pub const OUTBOX_FRAMES: usize = 256;

/// How long a write to one client may block before it is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a connection that is over (the client left, sent what
/// cannot be read, or the server stops) has to take what was queued for
/// it.
const LAST_WORDS: Duration = Duration::from_secs(1);

/// How long a new connection has to say hello, all of it.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);

/// How often a client whose request runs long is told it still runs
/// (`ServerFrame::Working`): well within the client's patience
/// (`client::REQUEST_PATIENCE`).
pub const KEEPALIVE: Duration = Duration::from_secs(5);

/// How long a request may take to arrive once its first byte has: the
/// largest (an import batch, 16 MiB at most) takes a fraction of a
/// second on a local socket.
pub const FRAME_TIMEOUT: Duration = Duration::from_secs(30);

/// Connections taken from the kernel's queue before one is let in: the
/// whole queue, so that a connection arriving behind a flood is taken
/// at the next pass.
const ACCEPT_BATCH: usize = BACKLOG as usize;

/// How long the accepting thread pauses after a batch it turned away
/// half of.
const FLOOD_PAUSE: Duration = Duration::from_millis(1);

/// The kernel's queue of connections not accepted yet: short, so that a
/// connection arriving behind a flood waits for a few hundred of them at
/// most (microseconds each), not the system's thousands.
const BACKLOG: i32 = 256;

/// The socket's mode when the server makes it: read and write (connect)
/// for its owner and group.
pub const SOCKET_MODE: u32 = 0o660;

/// How often the accepting thread looks at the clock, the stop flag and
/// its socket.
const TICK: Duration = Duration::from_millis(200);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub store: PathBuf,
    /// Exit once no client has been connected for this long (servers
    /// started by a front end); `None`: serve until stopped.
    pub exit_when_idle: Option<Duration>,
    /// Leave the terminal's session (servers started by a front end).
    pub detach: bool,
    /// How many short requests are answered at once (`admission`).
    pub turns: usize,
    /// How many connections are let in, per account and in all; `None`:
    /// worked out from the open files allowed (`door`).
    pub limits: Option<Limits>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Another server answers on the socket.
    #[error("a server already answers on {}", .socket.display())]
    AlreadyServed { socket: PathBuf },
    #[error("cannot listen on {}: {source}", .socket.display())]
    Socket { socket: PathBuf, source: io::Error },
}

/// One connected client, as the others' notices reach it.
struct Connected {
    outbox: SyncSender<ServerFrame>,
    stream: Arc<UnixStream>,
    caller: Caller,
    /// The request being answered, and when the client was last told
    /// it still is.
    working: Arc<Mutex<Option<(u64, Instant)>>>,
}

struct Shared {
    /// The store's service; `None` while it is opened again after a
    /// storage failure (`reopen`).
    service: RwLock<Option<Arc<Service>>>,
    /// Set when a request met a storage failure: sled answers every
    /// later write with the same error until the store is opened again.
    reopen_wanted: AtomicBool,
    /// Where the store is and how it is opened again.
    store_path: PathBuf,
    account: String,
    connections: Mutex<HashMap<u64, Connected>>,
    next_connection: AtomicU64,
    /// Connections open now.
    active: AtomicUsize,
    /// When the last client left (or the server started).
    idle_since: Mutex<Instant>,
    /// Set once the server stops taking requests: a connection that joins
    /// `connections` after the stop swept it ends at once.
    stopping: AtomicBool,
    /// Short requests are answered a few at a time, in turn
    /// (`admission`).
    admission: Admission,
    /// Who is let in.
    door: Arc<Door>,
}

impl Shared {
    /// The service, unless it is being opened again: then the error to
    /// answer meanwhile.
    fn service(&self) -> Result<Arc<Service>, ServiceError> {
        self.service
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
            .ok_or_else(|| ServiceError::StorageFull {
                path: self.store_path.display().to_string(),
            })
    }

    /// Notes a request's failure to store: the store is opened again.
    fn note_failure<T>(&self, result: &ServiceResult<T>) {
        if matches!(
            result,
            Err(ServiceError::StorageFull { .. } | ServiceError::Storage { .. })
        ) && !self.reopen_wanted.swap(true, Ordering::SeqCst)
        {
            tracing::warn!("a storage failure: the store will be opened again");
        }
    }

    /// Opens the store again after a storage failure: sled keeps
    /// answering the failure it met (a full disk) until then, even once
    /// space is back. Requests meanwhile are answered that the disk is
    /// full; those under way end on the old store, which closes when the
    /// last of them does. Tried again at the next tick until it opens.
    fn reopen(&self) {
        if !self.reopen_wanted.load(Ordering::SeqCst) {
            return;
        }
        let old = self
            .service
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(old) = old {
            old.write_refusals(true);
        }
        let mut options = OpenOptions::new(self.account.clone());
        // Tried once per tick: the accepting thread does not wait while
        // a request under way still holds the old store.
        options.lock_wait = Duration::ZERO;
        match Store::open(&self.store_path, &options) {
            Ok(store) => {
                let service = Service::new(store);
                service.defer_refusal_writes();
                *self
                    .service
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Arc::new(service));
                self.reopen_wanted.store(false, Ordering::SeqCst);
                tracing::warn!("the store is open again: serving");
            }
            Err(error) => tracing::debug!(%error, "the store does not open yet"),
        }
    }

    fn connections(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Connected>> {
        // A connection thread that panicked left the map whole.
        self.connections
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// After a change of `users.toml` through the server: connections of
    /// accounts no longer listed are cut at once (their refusal audited),
    /// rather than going on receiving others' notices until their next
    /// request. (A file edited by hand takes effect at each account's
    /// next request.)
    fn drop_unlisted(&self) {
        let mut connections = self.connections();
        connections.retain(|id, connected| {
            match self.service().and_then(|s| s.identify(&connected.caller)) {
                Err(crate::service::ServiceError::NotAllowed(
                    crate::service::NotAllowed::UnknownAccount { .. },
                )) => {
                    tracing::info!(connection = id, "an account taken off users.toml: cut");
                    let _ = connected.stream.shutdown(Shutdown::Both);
                    false
                }
                _ => true,
            }
        });
    }

    /// Tells each client whose request has run [`KEEPALIVE`] since it was
    /// last told that it still runs, so that it waits on.
    fn keep_alive(&self) {
        for connected in self.connections().values() {
            let mut working = connected
                .working
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some((id, told)) = working.as_mut() {
                if told.elapsed() >= KEEPALIVE {
                    *told = Instant::now();
                    let _ = connected.outbox.try_send(ServerFrame::Working { id: *id });
                }
            }
        }
    }

    /// Queues `notice` for every connected client; a client whose queue
    /// is full is dropped.
    fn broadcast(&self, notice: Notice) {
        let mut connections = self.connections();
        connections.retain(|id, connected| {
            match connected
                .outbox
                .try_send(ServerFrame::Notice(notice.clone()))
            {
                Ok(()) => true,
                Err(TrySendError::Full(_)) => {
                    tracing::warn!(connection = id, "a client does not read: dropped");
                    let _ = connected.stream.shutdown(Shutdown::Both);
                    false
                }
                Err(TrySendError::Disconnected(_)) => false,
            }
        });
    }
}

/// Serves the store until stopped (SIGTERM, SIGINT), or until idle for
/// `exit_when_idle`, or until its socket is taken away.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    // mimalloc asks the kernel for transparent huge pages on its memory
    // (madvise), and where THP is granted on request (the "madvise"
    // setting, common on servers) the process holds whole 2 MiB pages
    // where it uses parts of them: at a million records the server held 288 of its
    // 295 MB in huge pages after start, and peaked at about 500 MB under
    // the benchmark's load against about 430 MB without them (docs/performance.md,
    // "The server"), for no CPU gained. Turned off for this process;
    // failing that, the server still serves.
    if let Err(error) = nix::sys::prctl::set_thp_disable(true) {
        tracing::info!(%error, "transparent huge pages left on");
    }
    if options.detach {
        // Not in the session of the terminal that started it: its
        // hang-up must not end the server of everyone.
        let _ = nix::unistd::setsid();
    }
    // Each connection holds a descriptor: the soft limit (often 1,024)
    // would let a few hundred in.
    let descriptors = raise_descriptor_limit();
    let limits = options
        .limits
        .unwrap_or_else(|| Limits::for_descriptors(descriptors));
    // The store's files are the server's alone: others reach it through
    // the socket (made 0660 below), never by reading sled's files.
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
    let socket = socket_path(&options.store);
    let failed = |source| ServeError::Socket {
        socket: socket.clone(),
        source,
    };
    // Started by systemd's socket unit: the socket is systemd's, and a
    // connection to it is queued for us, not answered by another server.
    let inherited = crate::server::activation::inherited_listener().map_err(failed)?;
    let activated = inherited.is_some();
    if !activated && UnixStream::connect(&socket).is_ok() {
        return Err(ServeError::AlreadyServed { socket });
    }
    let account = Caller::current_process(FrontEnd::Server).account;
    // A server leaving (its idle time up, or stopped for an upgrade)
    // lets go of the store a moment after its socket: waited for.
    let mut open = OpenOptions::new(account.clone());
    open.lock_wait = LEAVING_SERVER_PATIENCE;
    let store = Store::open(&options.store, &open)?;
    let listener = match inherited {
        Some(listener) => listener,
        None => listen(&socket)?,
    };
    listener.set_nonblocking(true).map_err(failed)?;
    // Listening again changes the queue's length (systemd's socket
    // included); failing that, the system's stays.
    if let Err(error) = nix::sys::socket::Backlog::new(BACKLOG)
        .and_then(|backlog| nix::sys::socket::listen(&listener, backlog))
    {
        tracing::info!(%error, "the connection queue keeps the system's length");
    }
    let our_socket = identity_of(&socket);
    if options.detach {
        quiet_standard_streams();
    }
    tracing::info!(socket = %socket.display(), per_account = limits.per_account, connections = limits.total, "serving");
    let service = Service::new(store);
    // Refusals are written by the housekeeping thread, never by the
    // accepting one.
    service.defer_refusal_writes();
    let shared = Arc::new(Shared {
        service: RwLock::new(Some(Arc::new(service))),
        reopen_wanted: AtomicBool::new(false),
        store_path: options.store.clone(),
        account: account.clone(),
        connections: Mutex::new(HashMap::new()),
        next_connection: AtomicU64::new(1),
        active: AtomicUsize::new(0),
        idle_since: Mutex::new(Instant::now()),
        stopping: AtomicBool::new(false),
        admission: Admission::new(options.turns),
        door: Arc::new(Door::new(limits)),
    });
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, stop.clone()).map_err(|source| ServeError::Socket {
            socket: socket.clone(),
            source,
        })?;
    }
    // What may wait on the store (refusals written, a store reopened)
    // or must go on whatever the store does (keep-alives) runs here, not
    // on the accepting thread: a backup holding the write lock for
    // minutes must not stop connections from being let in.
    let housekeeping = {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("housekeeping".into())
            .spawn(move || {
                while !shared.stopping.load(Ordering::SeqCst) {
                    std::thread::sleep(TICK);
                    shared.reopen();
                    shared.keep_alive();
                    if let Ok(service) = shared.service() {
                        service.write_refusals(false);
                    }
                }
            })
            .map_err(failed)?
    };
    let mut threads: Vec<JoinHandle<()>> = Vec::new();
    let mut waiting = Waiting::default();
    let mut last_look = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        // What the kernel holds, a batch at a time, into each account's
        // queue; then one connection of each account.
        let mut accepted = false;
        let mut turned_away = 0;
        for _ in 0..ACCEPT_BATCH {
            match listener.accept() {
                Ok((stream, _)) => {
                    accepted = true;
                    match credentials(&stream) {
                        Ok((uid, pid)) => {
                            if !waiting.push(stream, uid, pid) {
                                turned_away += 1;
                            }
                        }
                        Err(error) => tracing::warn!(%error, "peer credentials unreadable"),
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    std::thread::sleep(TICK);
                    break;
                }
            }
        }
        if waiting.is_empty() && !accepted {
            let mut fds = [PollFd::new(listener.as_fd(), PollFlags::POLLIN)];
            let _ = poll(&mut fds, PollTimeout::from(TICK.as_millis() as u16));
        }
        for (stream, peer) in waiting.round() {
            if let Some(thread) = let_in(&shared, stream, peer) {
                threads.push(thread);
            }
        }
        threads.retain(|thread| !thread.is_finished());
        // Half a batch turned away: an account connecting nonstop. A
        // pause lets its connections wait in the kernel's short queue
        // (and it, blocked, use no processor) rather than this thread
        // and it taking both cores from everyone else; a connection of
        // another account arriving meanwhile waits at most this long
        // more.
        if turned_away >= ACCEPT_BATCH / 2 {
            std::thread::sleep(FLOOD_PAUSE);
        }
        if last_look.elapsed() >= TICK {
            last_look = Instant::now();
            if let Some(idle) = options.exit_when_idle {
                let since = *shared
                    .idle_since
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                if shared.active.load(Ordering::SeqCst) == 0
                    && waiting.is_empty()
                    && since.elapsed() >= idle
                {
                    tracing::info!("no client for a while: exiting");
                    break;
                }
            }
            // A socket removed or replaced (the store's directory gone,
            // another server started over a wrong stale check): nobody
            // can reach this server any more.
            if identity_of(&socket) != our_socket {
                tracing::warn!("the socket is gone: exiting");
                break;
            }
        }
    }
    // New clients are refused from here; connected ones are cut once
    // their current request is answered (each is one transaction).
    // systemd's socket stays for the next start; ours goes.
    if !activated && identity_of(&socket) == our_socket {
        let _ = std::fs::remove_file(&socket);
    }
    drop(listener);
    shared.stopping.store(true, Ordering::SeqCst);
    for connected in shared.connections().values() {
        let _ = connected.stream.shutdown(Shutdown::Read);
    }
    for thread in threads {
        let _ = thread.join();
    }
    let _ = housekeeping.join();
    if let Err(error) = shared.service().and_then(|service| service.flush()) {
        tracing::warn!(%error, "the last flush failed");
    }
    tracing::info!("stopped");
    Ok(())
}

/// Lets `stream` in at the door (or turns it away there), and starts its
/// thread.
fn let_in(shared: &Arc<Shared>, stream: UnixStream, peer: Peer) -> Option<JoinHandle<()>> {
    let service = match shared.service() {
        Ok(service) => service,
        Err(error) => {
            crate::server::door::turn_away(&stream, error);
            return None;
        }
    };
    let entered = shared.door.enter(&service, &peer, &stream)?;
    drop(service);
    let own = shared.clone();
    shared.active.fetch_add(1, Ordering::SeqCst);
    let id = shared.next_connection.fetch_add(1, Ordering::Relaxed);
    let spawned = std::thread::Builder::new().spawn(move || {
        // Counted out even if the connection's thread panics, or an idle
        // server would never exit.
        let _leaving = Leaving(&own);
        connection(&own, stream, &peer.account, id, entered);
    });
    match spawned {
        Ok(thread) => Some(thread),
        // The connection (moved into the closure) is closed, and counted
        // out here since its thread never ran.
        Err(error) => {
            tracing::warn!(%error, "no thread for a connection");
            drop(Leaving(shared));
            None
        }
    }
}

/// The device and inode of the socket file, to tell ours from another.
fn identity_of(path: &Path) -> Option<(u64, u64)> {
    std::fs::symlink_metadata(path)
        .ok()
        .map(|meta| (meta.dev(), meta.ino()))
}

/// A new listening socket at `socket`, replacing a stale file no server
/// answers on.
fn listen(socket: &Path) -> Result<UnixListener, ServeError> {
    let failed = |source| ServeError::Socket {
        socket: socket.to_path_buf(),
        source,
    };
    match std::fs::remove_file(socket) {
        Ok(()) => tracing::info!("a stale socket was replaced"),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(failed(error)),
    }
    let listener = UnixListener::bind(socket).map_err(failed)?;
    // Owner and group may connect, nobody else: the group is the store
    // directory's (a setgid directory gives its own), so the
    // coordinators' group reaches the server and no one else.
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(SOCKET_MODE))
        .map_err(failed)?;
    Ok(listener)
}

/// A detached server writes nothing to the terminal it came from (which
/// may be gone): its standard streams go to /dev/null, its logs to their
/// file.
fn quiet_standard_streams() {
    if let Ok(null) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
    {
        let _ = nix::unistd::dup2_stdin(&null);
        let _ = nix::unistd::dup2_stdout(&null);
        let _ = nix::unistd::dup2_stderr(&null);
    }
}

/// Counts a connection out when its thread ends, however it ends; the
/// last one out starts the idle delay (set before the count drops, so
/// the accepting thread never reads an old start with no client left).
struct Leaving<'a>(&'a Shared);

impl Drop for Leaving<'_> {
    fn drop(&mut self) {
        let shared = self.0;
        if shared.active.load(Ordering::SeqCst) == 1 {
            *shared
                .idle_since
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Instant::now();
        }
        shared.active.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One client, from its handshake to its leaving; counted out of the
/// door as it ends (`_entered`).
fn connection(shared: &Shared, stream: UnixStream, account: &str, id: u64, _entered: Entered) {
    // One descriptor for the reader, the writer and the others' notices.
    let stream = Arc::new(stream);
    let Some(caller) = handshake(shared, &stream, account, id) else {
        let _ = stream.shutdown(Shutdown::Both);
        return;
    };
    let (outbox, queued) = sync_channel::<ServerFrame>(OUTBOX_FRAMES);
    // Dropped by the writer as it ends: waiting on it is waiting, with a
    // limit, for the writer to be done.
    let (writing_on, writer_done) = sync_channel::<()>(0);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let writing = Arc::clone(&stream);
    let writer = std::thread::Builder::new().spawn(move || {
        let _writing_on = writing_on;
        let mut writer: &UnixStream = &writing;
        for frame in queued {
            if let Err(error) = wire::write_server_frame(&mut writer, &frame) {
                tracing::info!(%error, "a client stopped reading: dropped");
                let _ = writing.shutdown(Shutdown::Both);
                break;
            }
        }
    });
    let writer = match writer {
        Ok(writer) => writer,
        Err(error) => {
            tracing::warn!(%error, "no thread to write to a connection");
            let _ = stream.shutdown(Shutdown::Both);
            return;
        }
    };
    let working = Arc::new(Mutex::new(None));
    {
        let mut connections = shared.connections();
        connections.insert(
            id,
            Connected {
                outbox: outbox.clone(),
                stream: Arc::clone(&stream),
                caller: caller.clone(),
                working: Arc::clone(&working),
            },
        );
        // A handshake that ended after the stopping server cut its
        // connections would otherwise wait for requests, holding the stop
        // up as long as its client stays. Looked at under the lock the
        // stop's sweep takes: either the sweep sees this connection, or
        // this sees the flag it set before.
        if shared.stopping.load(Ordering::SeqCst) {
            let _ = stream.shutdown(Shutdown::Read);
        }
    }
    tracing::info!(connection = id, account = %caller.account, front_end = %caller.front_end, "connected");
    let mut reading = Paced::new(&stream, FRAME_TIMEOUT);
    loop {
        let frame: ClientFrame = match wire::read_frame(&mut reading) {
            Ok(frame) => {
                reading.next_frame();
                frame
            }
            Err(FrameError::Closed) => break,
            Err(FrameError::Problem(problem)) => {
                tracing::warn!(connection = id, %problem, "a client sent what cannot be read");
                let _ = outbox.try_send(ServerFrame::Error(problem));
                break;
            }
            Err(FrameError::Io(error)) => {
                tracing::info!(connection = id, %error, "a connection broke");
                break;
            }
        };
        let started = Instant::now();
        let name = frame.call.name();
        let notice = match &frame.call {
            Call::Service(request) => changed_by(request),
            Call::Demo { .. } => Some(ChangedBy::Known(Changed::Many)),
        };
        let mark = |now: Option<(u64, Instant)>| {
            *working
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = now;
        };
        // Waiting for a turn counts: the client is told it still runs.
        mark(Some((frame.id, started)));
        let result = {
            let class = match &frame.call {
                Call::Service(request) => class_of(request),
                Call::Demo { .. } => Class::Long,
            };
            let _admitted = shared.admission.admit(class, &caller.account);
            let result = shared
                .service()
                .and_then(|service| answer(&service, &caller, frame.call));
            shared.note_failure(&result);
            result
        };
        mark(None);
        tracing::debug!(
            connection = id,
            request = name,
            ok = result.is_ok(),
            micros = started.elapsed().as_micros() as u64,
            "answered"
        );
        let changed = notice
            .filter(|_| result.is_ok())
            .and_then(|changed| match changed {
                ChangedBy::Known(changed) => Some(changed),
                ChangedBy::Response => changed_in(&result),
            });
        let replied = outbox
            .try_send(ServerFrame::Reply {
                id: frame.id,
                result,
            })
            .is_ok();
        // Committed whether or not its author still reads: the others
        // are told before this connection is dropped.
        if let Some(changed) = changed {
            let users_changed = changed == Changed::Users;
            shared.broadcast(Notice {
                changed,
                by: caller.account.clone(),
                connection: id,
            });
            if users_changed {
                shared.drop_unlisted();
            }
        }
        if !replied {
            tracing::warn!(
                connection = id,
                "a client does not read its answers: dropped"
            );
            break;
        }
    }
    shared.connections().remove(&id);
    drop(outbox);
    // What is queued is written, unless the client does not read: then
    // the connection is cut after a moment rather than the whole write
    // timeout, which would hold up a stopping server (and, its socket
    // gone and the store still locked, every front end starting then).
    let _ = writer_done.recv_timeout(LAST_WORDS);
    let _ = stream.shutdown(Shutdown::Both);
    let _ = writer.join();
    tracing::info!(connection = id, "left");
}

/// Versions, then who is asking. `None`: the connection ends here (the
/// client was told why).
fn handshake(shared: &Shared, stream: &UnixStream, account: &str, id: u64) -> Option<Caller> {
    let mut reading = Until::new(stream, HANDSHAKE_TIMEOUT);
    let hello = match wire::read_hello(&mut reading) {
        Ok(hello) => hello,
        Err(error) => {
            tracing::warn!(%error, "a connection without a handshake");
            return None;
        }
    };
    let agrees = wire::agrees(&hello);
    let welcome = Welcome {
        protocol: wire::PROTOCOL,
        version: wire::PROGRAM_VERSION.to_owned(),
        outcome: if agrees {
            HandshakeOutcome::VersionsAgree
        } else {
            HandshakeOutcome::VersionsDiffer
        },
    };
    let mut writing = stream;
    if wire::write_welcome(&mut writing, &welcome).is_err() || !agrees {
        tracing::warn!(client = ?hello.version, protocol = hello.protocol, "a client of another version");
        return None;
    }
    let caller = Caller {
        account: account.to_owned(),
        front_end: hello.front_end,
    };
    // Refused here, before anything else is read: an account not in
    // users.toml (the refusal is audited by `identify`).
    let answer = match shared
        .service()
        .and_then(|service| service.identify(&caller))
    {
        Ok(_) => ServerFrame::Accepted {
            account: caller.account.clone(),
            connection: id,
        },
        Err(error) => {
            let _ = wire::write_frame(&mut writing, &ServerFrame::Refused(error));
            return None;
        }
    };
    wire::write_frame(&mut writing, &answer).ok()?;
    Some(caller)
}

/// What a request changes, when it succeeds.
enum ChangedBy {
    Known(Changed),
    /// The record its answer holds.
    Response,
}

fn changed_by(request: &Request) -> Option<ChangedBy> {
    Some(match request {
        Request::Save(_) | Request::Revert(_) | Request::Restore(_) => ChangedBy::Response,
        Request::Delete(request) => ChangedBy::Known(Changed::Record(request.target)),
        Request::RecordConsent(key, _) | Request::WithdrawConsent(key) => match key {
            RecordKey::Id(reference) => ChangedBy::Known(Changed::Record(*reference)),
            _ => ChangedBy::Known(Changed::Many),
        },
        Request::Purge(request) if !request.dry_run => ChangedBy::Known(Changed::Many),
        Request::RemoveDemo { dry_run: false } => ChangedBy::Known(Changed::Many),
        Request::Import(batch) if !batch.options.dry_run => ChangedBy::Response,
        Request::Users(UsersRequest::List) => return None,
        Request::Users(_) => ChangedBy::Known(Changed::Users),
        _ => return None,
    })
}

fn changed_in(result: &ServiceResult<Answer>) -> Option<Changed> {
    match result {
        Ok(Answer::Service(Response::Saved(saved))) => {
            Some(Changed::Record(saved.record.reference()))
        }
        // An import batch that wrote nothing (all unchanged, or refused
        // whole) changes nothing anyone sees.
        Ok(Answer::Service(Response::Imported(report))) if !report.written => None,
        _ => Some(Changed::Many),
    }
}
