//! The shared server when things go wrong: real `passerelle serve`
//! processes on real Unix sockets, killed with SIGKILL in a storm of
//! writes, started by ten clients at once, raced on one revision, fed
//! garbage, oversized frames, other protocols and other versions, asked
//! by an account it does not know, held up by a client that never reads,
//! left in the middle of a request, and doubled.
//!
//! Every server a test starts is stopped when the test ends, failed or
//! not: the ones it runs as children by [`Server`]'s drop (SIGTERM, then
//! SIGKILL), the ones front ends start in the background by [`Reaper`]'s
//! (SIGTERM to every `serve` process of the test's store).

mod activation;
#[path = "../common/mod.rs"]
mod common;
mod fairness;
mod full_disk;
mod ownership;
mod silent_server;
mod without_systemd;

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tempfile::TempDir;

use common::second::{BINARY, SECOND, as_second, second_account, second_account_ready};
use common::{company, school, siret, stderr, stdout, uai};
use passerelle::client::connection::{Client, ConnectError};
use passerelle::domain::Kind;
use passerelle::domain::audit::{AuditAction, FrontEnd};
use passerelle::domain::records::{Record, RecordRef};
use passerelle::i18n::Lang;
use passerelle::i18n::server::server_problem;
use passerelle::server::paths::socket_path;
use passerelle::server::problem::ServerProblem;
use passerelle::server::serve::SOCKET_MODE;
use passerelle::server::wire::{
    self, ClientFrame, HandshakeOutcome, Hello, MAX_FRAME, PROGRAM_VERSION, PROTOCOL, ServerFrame,
    Welcome, WireProblem,
};
use passerelle::service::ServiceError;
use passerelle::service::audit::AuditRequest;
use passerelle::service::get::RecordKey;
use passerelle::service::protocol::{Request, Response};
use passerelle::service::save::SaveRequest;

/// Exit codes (docs/commands.md, `cli::exit::code`).
const REFUSED: i32 = 4;
const STORE_UNAVAILABLE: i32 = 5;

/// How long anything a test waits for may take before it fails: far
/// above what it takes on a loaded machine, far below a hung test.
const PATIENCE: Duration = Duration::from_secs(30);

/// A temporary directory holding the store (`store/`) and a home for the
/// processes the test runs (`home/`: configuration, logs).
struct Place {
    dir: TempDir,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::create_dir(dir.path().join("home")).expect("home");
        Place { dir }
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// The binary on this store, through its server (no
    /// `PASSERELLE_DIRECT`), with a home of its own: no configuration,
    /// language or log setting of the test process leaks in.
    fn command(&self) -> Command {
        self.command_on(&self.store())
    }

    /// [`Place::command`] on `store` rather than the place's own.
    fn command_on(&self, store: &Path) -> Command {
        let mut command = Command::new(BINARY);
        let home = self.home();
        command
            .arg("--store")
            .arg(store)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env_remove("PASSERELLE_DIRECT")
            .env_remove("PASSERELLE_LANG")
            .env_remove("PASSERELLE_STORE")
            .env_remove("PASSERELLE_LOG")
            .env_remove("PASSERELLE_SERVER_IDLE")
            .env_remove("LISTEN_PID")
            .env_remove("LISTEN_FDS");
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("the binary runs")
    }

    /// The binary with the store opened in its own process.
    fn run_direct(&self, args: &[&str]) -> Output {
        self.command()
            .arg("--direct")
            .args(args)
            .output()
            .expect("the binary runs")
    }

    /// A `passerelle serve` of this store, as a child of the test.
    fn serve(&self) -> Server {
        self.serve_with(|_| {})
    }

    /// A `passerelle serve` of this store, its command changed by
    /// `configure` first (environment, limits).
    fn serve_with(&self, configure: impl FnOnce(&mut Command)) -> Server {
        let mut command = self.command();
        configure(&mut command);
        let child = command
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("passerelle serve starts");
        let mut server = Server {
            child: Some(child),
            store: self.store(),
        };
        server.wait_until_listening();
        server
    }

    /// A client of this store's server, in the test process.
    fn client(&self) -> Client {
        Client::connect(&self.store(), FrontEnd::Cli)
            .unwrap_or_else(|error| panic!("the server answers: {error:?}"))
    }
}

/// A `passerelle serve` run by the test; stopped when dropped (SIGTERM,
/// then SIGKILL if it does not stop), so that a failed test leaves no
/// server behind.
struct Server {
    child: Option<Child>,
    store: PathBuf,
}

impl Server {
    fn pid(&self) -> Pid {
        let child = self.child.as_ref().expect("the server runs");
        Pid::from_raw(child.id() as i32)
    }

    /// Waits until the server accepts connections; fails with what it
    /// said if it stops first.
    fn wait_until_listening(&mut self) {
        let started = Instant::now();
        let socket = socket_path(&self.store);
        loop {
            let child = self.child.as_mut().expect("the server runs");
            if let Some(status) = child.try_wait().expect("try_wait") {
                let mut said = String::new();
                if let Some(mut err) = child.stderr.take() {
                    let _ = err.read_to_string(&mut said);
                }
                self.child = None;
                panic!("passerelle serve stopped at start ({status}): {said}");
            }
            if UnixStream::connect(&socket).is_ok() {
                return;
            }
            assert!(started.elapsed() < PATIENCE, "the server never listened");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn is_running(&mut self) -> bool {
        match self.child.as_mut() {
            Some(child) => child.try_wait().expect("try_wait").is_none(),
            None => false,
        }
    }

    /// SIGKILL, and the process reaped.
    fn kill_9(&mut self) {
        let mut child = self.child.take().expect("the server runs");
        child.kill().expect("SIGKILL sent");
        child.wait().expect("the killed server reaped");
    }

    /// SIGTERM, then the exit status and what the server said; fails if
    /// it does not stop within `PATIENCE`.
    fn stop(mut self) -> (ExitStatus, String) {
        let mut child = self.child.take().expect("the server runs");
        kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).expect("SIGTERM sent");
        let status = wait_for_exit(&mut child, PATIENCE).unwrap_or_else(|| {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server did not stop within {PATIENCE:?} of SIGTERM");
        });
        let mut said = String::new();
        if let Some(mut err) = child.stderr.take() {
            let _ = err.read_to_string(&mut said);
        }
        (status, said)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM);
            if wait_for_exit(&mut child, Duration::from_secs(15)).is_none() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

fn wait_for_exit(child: &mut Child, patience: Duration) -> Option<ExitStatus> {
    let started = Instant::now();
    while started.elapsed() < patience {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// Stops, when dropped, every server of a store that front ends started
/// in the background (not children of the test).
struct Reaper {
    store: PathBuf,
}

impl Drop for Reaper {
    fn drop(&mut self) {
        for pid in servers_of(&self.store) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        }
    }
}

/// The live `passerelle serve` processes of `store`: every process whose
/// command line has `serve` and the store's path as arguments (a zombie
/// has an empty command line and is not counted).
fn servers_of(store: &Path) -> Vec<i32> {
    let store = store.as_os_str().as_encoded_bytes();
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc") {
        let Ok(entry) = entry else { continue };
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<i32>().ok())
        else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<&[u8]> = cmdline.split(|byte| *byte == 0).collect();
        if args.contains(&&b"serve"[..]) && args.contains(&store) && is_alive(pid) {
            pids.push(pid);
        }
    }
    pids
}

/// Whether a process exists and is not a zombie.
fn is_alive(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // "pid (name) S …": the state follows the last parenthesis.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.trim_start().chars().next())
            .is_some_and(|state| state != 'Z' && state != 'X'),
        Err(_) => false,
    }
}

// ----- requests -----------------------------------------------------------

fn save(client: &Client, record: impl Into<Record>) -> Result<Record, ServiceError> {
    let request = Request::Save(Box::new(SaveRequest {
        record: record.into(),
    }));
    match client.call(request)? {
        Response::Saved(saved) => Ok(saved.record),
        other => panic!("a save answered {other:?}"),
    }
}

fn get(client: &Client, reference: RecordRef) -> Option<Record> {
    match client.call(Request::Get(RecordKey::Id(reference))) {
        Ok(Response::Get(detail)) => Some(detail.record),
        Err(ServiceError::NotFound { .. }) => None,
        other => panic!("get {reference:?} answered {other:?}"),
    }
}

/// How many records of `kind` the store holds.
fn count(client: &Client, kind: Kind) -> u64 {
    match client.call(Request::Status) {
        Ok(Response::Status(status)) => status
            .counts
            .iter()
            .find(|counted| counted.kind == kind)
            .map_or(0, |counted| counted.total),
        other => panic!("status answered {other:?}"),
    }
}

fn assert_check_passes(client: &Client) {
    match client.call(Request::Check) {
        Ok(Response::Check(report)) => assert!(report.is_clean(), "{:?}", report.problems),
        other => panic!("check answered {other:?}"),
    }
}

/// A status asked and answered: the server still serves this client.
fn assert_answers(client: &Client) {
    match client.call(Request::Status) {
        Ok(Response::Status(_)) => {}
        other => panic!("status answered {other:?}"),
    }
}

/// The record renamed (schools and companies).
fn renamed(mut record: Record, name: &str) -> Record {
    match &mut record {
        Record::School(school) => school.name = name.to_owned(),
        Record::Company(company) => company.name = name.to_owned(),
        other => panic!("no name to change on {other:?}"),
    }
    record
}

fn name_of(record: &Record) -> &str {
    match record {
        Record::School(school) => &school.name,
        Record::Company(company) => &company.name,
        other => panic!("no name on {other:?}"),
    }
}

/// A school of number `n` (0 to 9999), its UAI unique to it.
fn numbered_school(n: u32, name: &str) -> Record {
    school(&format!("075{n:04}"), name).into()
}

// ----- raw connections ----------------------------------------------------

/// A connection made by hand: the handshake of this build, accepted.
fn raw_connection(store: &Path) -> UnixStream {
    let stream = UnixStream::connect(socket_path(store)).expect("the server listens");
    stream
        .set_read_timeout(Some(PATIENCE))
        .expect("read timeout");
    let mut writing = &stream;
    wire::write_hello(&mut writing, &Hello::current(FrontEnd::Cli)).expect("hello sent");
    let mut reading = &stream;
    let welcome = wire::read_welcome(&mut reading).expect("welcome");
    assert_eq!(welcome.outcome, HandshakeOutcome::VersionsAgree);
    match wire::read_frame::<ServerFrame>(&mut reading).expect("a first frame") {
        ServerFrame::Accepted { .. } => {}
        other => panic!("not accepted: {other:?}"),
    }
    stream
}

/// A frame written by hand: big-endian length of what follows, the
/// protocol byte, the payload.
fn frame_bytes(protocol: u8, payload: &[u8]) -> Vec<u8> {
    let length = u32::try_from(payload.len() + 1).expect("small");
    let mut bytes = length.to_be_bytes().to_vec();
    bytes.push(protocol);
    bytes.extend_from_slice(payload);
    bytes
}

/// The next frame the server sends, skipping notices of others' changes.
fn next_answer(stream: &UnixStream) -> ServerFrame {
    let mut reading = stream;
    loop {
        match wire::read_frame::<ServerFrame>(&mut reading) {
            Ok(ServerFrame::Notice(_)) => continue,
            Ok(frame) => return frame,
            Err(error) => panic!("no answer from the server: {error}"),
        }
    }
}

/// Reads until the server closes the connection: end of file, or a reset
/// (the server closed it with bytes of ours still unread). Fails on any
/// further byte, or if it stays open for `PATIENCE`.
fn assert_closed_by_server(stream: &UnixStream) {
    let mut reading = stream;
    let mut byte = [0u8; 1];
    match reading.read(&mut byte) {
        Ok(0) => {}
        Err(error) if error.kind() == ErrorKind::ConnectionReset => {}
        Ok(_) => panic!("the server sent more: {:#04x}", byte[0]),
        Err(error) => panic!("the connection stayed open: {error}"),
    }
}

/// Whether the other end has shut the connection (without reading it).
fn hung_up(stream: &UnixStream) -> bool {
    // The server shuts both ways: the kernel says POLLHUP, whether asked
    // or not.
    let mut fds = [PollFd::new(stream.as_fd(), PollFlags::empty())];
    match poll(&mut fds, PollTimeout::ZERO) {
        Ok(0) => false,
        Ok(_) => fds[0]
            .revents()
            .is_some_and(|events| events.contains(PollFlags::POLLHUP)),
        Err(error) => panic!("poll: {error}"),
    }
}

// ----- 1. kill -9 in a storm of writes ------------------------------------

/// What one writer saw: the records whose save was acknowledged, as
/// acknowledged, and the request it was waiting on when the server died
/// (which may or may not have been applied).
#[derive(Default)]
struct WriterLog {
    acknowledged: BTreeMap<RecordRef, Record>,
    in_flight: Option<Record>,
}

const WRITERS: u32 = 4;

/// One writer of the storm: new schools, new companies and renames of its
/// own schools, in turn, until the server is gone.
fn storm_writer(
    client: Client,
    writer: u32,
    acknowledged: &AtomicUsize,
    give_up: &AtomicBool,
) -> WriterLog {
    let mut log = WriterLog::default();
    let mut last_school: Option<Record> = None;
    let mut step = 0u32;
    while !give_up.load(Ordering::Relaxed) {
        // Numbers of its own, so that writers never share a UAI or SIRET.
        let n = writer * 2_000 + step;
        assert!(step < 2_000, "the storm went on without the kill");
        let record: Record = match (step % 3, &last_school) {
            (2, Some(school)) => {
                renamed(school.clone(), &format!("Lycée {writer}-{step} (renommé)"))
            }
            (1, _) => company(
                siret((n + 1) as u16),
                &format!("Entreprise {writer}-{step}"),
            )
            .into(),
            _ => numbered_school(n, &format!("Lycée {writer}-{step}")),
        };
        step += 1;
        match save(&client, record.clone()) {
            Ok(saved) => {
                if saved.kind() == Kind::School {
                    last_school = Some(saved.clone());
                }
                log.acknowledged.insert(saved.reference(), saved);
                acknowledged.fetch_add(1, Ordering::SeqCst);
            }
            Err(ServiceError::Server(_)) => {
                log.in_flight = Some(record);
                break;
            }
            Err(other) => panic!("writer {writer}: a save refused: {other:?}"),
        }
    }
    log
}

#[test]
fn every_acknowledged_write_survives_a_kill_9_in_a_storm_of_writes() {
    let place = Place::new();
    let mut server = place.serve();
    let acknowledged = AtomicUsize::new(0);
    let give_up = AtomicBool::new(false);
    let logs: Vec<WriterLog> = std::thread::scope(|scope| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let client = place.client();
                let (acknowledged, give_up) = (&acknowledged, &give_up);
                scope.spawn(move || storm_writer(client, writer, acknowledged, give_up))
            })
            .collect();
        // Mid-storm: every writer is at it.
        let started = Instant::now();
        while acknowledged.load(Ordering::SeqCst) < 200 {
            if started.elapsed() > PATIENCE {
                give_up.store(true, Ordering::Relaxed);
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        server.kill_9();
        writers
            .into_iter()
            .map(|writer| writer.join().expect("a writer"))
            .collect()
    });
    assert!(!give_up.load(Ordering::Relaxed), "the storm was too slow");
    println!(
        "killed after {} acknowledged writes",
        acknowledged.load(Ordering::SeqCst)
    );
    for log in &logs {
        assert!(
            log.in_flight.is_some(),
            "every writer was cut off in the middle of its storm"
        );
    }

    let server = place.serve();
    let client = place.client();
    let mut created = 0;
    for log in &logs {
        for (reference, acknowledged) in &log.acknowledged {
            let stored = get(&client, *reference)
                .unwrap_or_else(|| panic!("{reference:?} was acknowledged and is gone"));
            // Its creation was acknowledged, whatever came after.
            created += 1;
            // The rename in flight at the kill may have been applied.
            let in_flight_applied = log.in_flight.as_ref().is_some_and(|sent| {
                sent.reference() == *reference
                    && stored.meta().revision == acknowledged.meta().revision + 1
                    && name_of(&stored) == name_of(sent)
            });
            if !in_flight_applied {
                assert_eq!(&stored, acknowledged, "{reference:?}");
            }
        }
    }
    // Every record created is one acknowledged, or the creation in flight
    // of a writer.
    let stored = count(&client, Kind::School) + count(&client, Kind::Company);
    let new_in_flight = logs
        .iter()
        .filter(|log| {
            log.in_flight
                .as_ref()
                .is_some_and(|sent| sent.id().is_new())
        })
        .count() as u64;
    assert!(
        (created..=created + new_in_flight).contains(&stored),
        "{stored} records stored, {created} acknowledged, {new_in_flight} in flight"
    );
    assert_check_passes(&client);
    drop(client);

    let (status, said) = server.stop();
    assert!(status.success(), "{status}: {said}");
    let output = place.run_direct(&["check"]);
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
}

// ----- 2. ten clients at once, no server ----------------------------------

#[test]
fn a_server_leaving_as_a_client_comes_is_replaced_not_reported() {
    let place = Place::new();
    let made = place.run_direct(&["demo", "--size", "60"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let _reaper = Reaper {
        store: place.store(),
    };
    // A server on its way out: it still accepts, then closes every
    // connection at once, and its socket goes after a moment.
    let socket = place.store().join("passerelle.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).expect("bound");
    listener.set_nonblocking(true).expect("non-blocking");
    let leaving = std::thread::spawn(move || {
        let until = Instant::now() + Duration::from_millis(400);
        let mut cut = 0;
        while Instant::now() < until {
            match listener.accept() {
                Ok((stream, _)) => {
                    drop(stream);
                    cut += 1;
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        let _ = std::fs::remove_file(&socket);
        cut
    });
    std::thread::sleep(Duration::from_millis(50));
    let output = place.command().arg("status").output().expect("runs");
    let cut = leaving.join().expect("no panic");
    assert!(cut > 0, "the client met the leaving server");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(servers_of(&place.store()).len(), 1, "a new one started");
}

#[test]
fn a_front_end_kept_waiting_for_a_starting_server_says_so() {
    let place = Place::new();
    let made = place.run_direct(&["demo", "--size", "60"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let _reaper = Reaper {
        store: place.store(),
    };
    // Another front end is starting the server (it holds the start
    // lock) and takes its time.
    let lock = std::fs::File::create(passerelle::server::paths::start_lock_path(&place.store()))
        .expect("lock file");
    let held = nix::fcntl::Flock::lock(lock, nix::fcntl::FlockArg::LockExclusive)
        .map_err(|(_, errno)| errno)
        .expect("locked");
    let status = place
        .command()
        .arg("status")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    std::thread::sleep(Duration::from_millis(3_000));
    drop(held);
    let output = status.wait_with_output().expect("it ends");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Le serveur de la base démarre"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_store_first_made_through_the_server_is_its_owners_alone() {
    let place = Place::new();
    let _reaper = Reaper {
        store: place.store(),
    };
    // Whatever umask the command runs with (a usual 022 here).
    let output = with_umask_022(&place, &["status"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        servers_of(&place.store()).len(),
        1,
        "started by the command"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(place.store())
        .expect("made")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "{mode:o}");
}

/// `passerelle ARGS` through the server, run by `sh` with umask 022.
fn with_umask_022(place: &Place, args: &[&str]) -> Output {
    let command = place.command();
    let mut shell = Command::new("sh");
    shell.arg("-c").arg("umask 022 && exec \"$@\"").arg("sh");
    shell.arg(command.get_program());
    shell.args(command.get_args());
    shell.args(args);
    for (name, value) in command.get_envs() {
        match value {
            Some(value) => shell.env(name, value),
            None => shell.env_remove(name),
        };
    }
    shell.output().expect("the binary runs")
}

#[test]
fn ten_clients_at_once_start_one_server_which_leaves_when_idle() {
    const CLIENTS: usize = 10;
    const IDLE_SECONDS: u64 = 4;
    let place = Place::new();
    let made = place.run_direct(&["demo", "--size", "200"]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(servers_of(&place.store()).is_empty());
    let _reaper = Reaper {
        store: place.store(),
    };

    let barrier = Barrier::new(CLIENTS);
    let outputs: Vec<Output> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let mut command = place.command();
                command
                    .arg("status")
                    .env("PASSERELLE_SERVER_IDLE", IDLE_SECONDS.to_string())
                    .env("PASSERELLE_LOG", "info");
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    command.output().expect("the binary runs")
                })
            })
            .collect();
        runs.into_iter()
            .map(|run| run.join().expect("a run"))
            .collect()
    });
    for output in &outputs {
        assert!(output.status.success(), "{}", stderr(output));
        assert!(!output.stdout.is_empty());
    }

    // One server now, and only one ever listened (each logs when it
    // does; a second one started would have made its client fail).
    let servers = servers_of(&place.store());
    assert_eq!(servers.len(), 1, "{servers:?}");
    let log = std::fs::read_to_string(place.home().join("state/passerelle/passerelle.log"))
        .expect("the server's log");
    let serving = log.lines().filter(|line| line.contains("serving")).count();
    assert_eq!(serving, 1, "{log}");

    // It leaves after its idle delay, and takes its socket with it.
    let started = Instant::now();
    while is_alive(servers[0]) {
        assert!(
            started.elapsed() < Duration::from_secs(IDLE_SECONDS) + PATIENCE,
            "the idle server stayed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Not before its delay (counted from the last client's leaving, a
    // moment before `started`), nor long after.
    let left_after = started.elapsed();
    assert!(
        left_after + Duration::from_secs(1) >= Duration::from_secs(IDLE_SECONDS)
            && left_after <= Duration::from_secs(IDLE_SECONDS + 5),
        "it left after {left_after:?}"
    );
    assert!(!socket_path(&place.store()).exists(), "the socket was left");
}

// ----- 3. two coordinators, one revision ----------------------------------

#[test]
fn two_saves_of_one_revision_one_wins_the_other_gets_the_conflict() {
    let place = Place::new();
    let server = place.serve();
    let (first, second) = (place.client(), place.client());
    let mut current = save(&first, numbered_school(1, "Lycée Colbert")).expect("created");
    for round in 0..5 {
        let barrier = Barrier::new(2);
        let [one, other] = [(&first, "un"), (&second, "deux")].map(|(client, who)| {
            let record = renamed(current.clone(), &format!("Lycée Colbert ({who}, {round})"));
            (client, record)
        });
        let results: Vec<Result<Record, ServiceError>> = std::thread::scope(|scope| {
            [one, other]
                .map(|(client, record)| {
                    let barrier = &barrier;
                    scope.spawn(move || {
                        barrier.wait();
                        save(client, record)
                    })
                })
                .into_iter()
                .map(|run| run.join().expect("a save"))
                .collect()
        });
        let won: Vec<&Record> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(won.len(), 1, "round {round}: {results:?}");
        let winner = won[0].clone();
        assert_eq!(winner.meta().revision, current.meta().revision + 1);
        let lost = results
            .iter()
            .find_map(|r| r.as_ref().err())
            .expect("one refused");
        match lost {
            ServiceError::Conflict { current } => assert_eq!(**current, winner, "round {round}"),
            other => panic!("round {round}: refused with {other:?}"),
        }
        assert_eq!(get(&first, winner.reference()).as_ref(), Some(&winner));
        current = winner;
    }
    drop((first, second));
    let (status, said) = server.stop();
    assert!(status.success(), "{status}: {said}");
}

// ----- 4. garbage, oversized frames, other protocols and versions ---------

#[test]
fn a_client_sending_what_cannot_be_read_is_told_and_cut_off_alone() {
    let place = Place::new();
    let mut server = place.serve();
    let before = place.client();
    assert_answers(&before);

    // Bytes that do not decode, in a frame of the right size and protocol.
    let stream = raw_connection(&place.store());
    (&stream)
        .write_all(&frame_bytes(PROTOCOL, &[0xff; 7]))
        .expect("sent");
    match next_answer(&stream) {
        ServerFrame::Error(WireProblem::Malformed(_)) => {}
        other => panic!("garbage answered {other:?}"),
    }
    assert_closed_by_server(&stream);
    assert_answers(&before);

    // A frame announced larger than any accepted: refused on its length.
    let stream = raw_connection(&place.store());
    let mut oversized = u32::try_from(MAX_FRAME + 1)
        .expect("fits")
        .to_be_bytes()
        .to_vec();
    oversized.push(PROTOCOL);
    (&stream).write_all(&oversized).expect("sent");
    match next_answer(&stream) {
        ServerFrame::Error(WireProblem::TooLarge { size, max }) => {
            assert_eq!((size, max), (MAX_FRAME + 1, MAX_FRAME));
        }
        other => panic!("an oversized frame answered {other:?}"),
    }
    assert_closed_by_server(&stream);
    assert_answers(&before);

    // A well-formed request, under another protocol byte.
    let stream = raw_connection(&place.store());
    let request = ClientFrame {
        id: 1,
        call: passerelle::server::wire::Call::Service(Request::Status),
    };
    let mut bytes = Vec::new();
    wire::write_frame(&mut bytes, &request).expect("encoded");
    bytes[4] = PROTOCOL + 1;
    (&stream).write_all(&bytes).expect("sent");
    match next_answer(&stream) {
        ServerFrame::Error(WireProblem::OtherProtocol { found, expected }) => {
            assert_eq!((found, expected), (PROTOCOL + 1, PROTOCOL));
        }
        other => panic!("another protocol answered {other:?}"),
    }
    assert_closed_by_server(&stream);
    assert_answers(&before);

    // Not a handshake at all: nothing to answer in a language it does
    // not speak; closed.
    let stream = UnixStream::connect(socket_path(&place.store())).expect("connects");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    (&stream)
        .write_all(b"GET / HTTP/1.1\r\nHost: passerelle\r\n\r\n")
        .expect("sent");
    assert_closed_by_server(&stream);
    assert_answers(&before);

    // The handshake of another version: told the server's, then closed.
    let stream = UnixStream::connect(socket_path(&place.store())).expect("connects");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let mut writing = &stream;
    wire::write_hello(
        &mut writing,
        &Hello {
            protocol: PROTOCOL,
            version: "0.0.0-autre".into(),
            front_end: FrontEnd::Tui,
        },
    )
    .expect("hello sent");
    let mut reading = &stream;
    let welcome = wire::read_welcome(&mut reading).expect("a welcome");
    assert_eq!(
        welcome,
        Welcome {
            protocol: PROTOCOL,
            version: PROGRAM_VERSION.into(),
            outcome: HandshakeOutcome::VersionsDiffer,
        }
    );
    assert_closed_by_server(&stream);

    // The one connected before and one connected after are answered;
    // the server never stopped.
    assert_answers(&before);
    let after = place.client();
    assert_answers(&after);
    save(&after, numbered_school(2, "Lycée Voltaire")).expect("a write still goes through");
    assert!(server.is_running());
    drop((before, after));
    let (status, said) = server.stop();
    assert!(status.success(), "{status}: {said}");
}

/// A request larger than the server reads, sent by the library's
/// client: the client is told why (not merely that the connection
/// closed), and the server goes on for the others.
#[test]
fn a_request_too_large_is_refused_by_name_and_the_server_goes_on() {
    let place = Place::new();
    let mut server = place.serve();
    let other = place.client();
    let client = place.client();
    let huge = "x".repeat(MAX_FRAME);
    match save(&client, numbered_school(1, &huge)) {
        Err(ServiceError::Server(ServerProblem::Refused(WireProblem::TooLarge { size, max }))) => {
            assert!(size > MAX_FRAME, "{size}");
            assert_eq!(max, MAX_FRAME);
        }
        other => panic!("a request over MAX_FRAME answered {other:?}"),
    }
    // That connection is closed; the others go on.
    assert!(matches!(
        client.call(Request::Status),
        Err(ServiceError::Server(ServerProblem::Gone))
    ));
    assert_answers(&other);
    assert_eq!(count(&other, Kind::School), 0);
    assert!(server.is_running());
    drop((client, other));
    let (status, said) = server.stop();
    assert!(status.success(), "{status}: {said}");
}

/// The library's client, facing a server of another version (a stand-in
/// answering the handshake as one would), says so naming both versions,
/// in words in both languages.
#[test]
fn a_server_of_another_version_is_named_with_both_versions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let listener = UnixListener::bind(socket_path(dir.path())).expect("a stand-in listens");
    let stand_in = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("the client connects");
        let mut reading = &stream;
        let hello = wire::read_hello(&mut reading).expect("its hello");
        let mut writing = &stream;
        wire::write_welcome(
            &mut writing,
            &Welcome {
                protocol: PROTOCOL,
                version: "9.8.7".into(),
                outcome: HandshakeOutcome::VersionsDiffer,
            },
        )
        .expect("welcome sent");
        hello
    });
    let problem = match Client::connect(dir.path(), FrontEnd::Tui) {
        Err(ConnectError::Problem(problem)) => problem,
        other => panic!("connected to another version: {other:?}"),
    };
    assert_eq!(
        stand_in.join().expect("the stand-in").version,
        PROGRAM_VERSION
    );
    assert_eq!(
        problem,
        ServerProblem::OtherVersion {
            server: "9.8.7".into(),
            client: PROGRAM_VERSION.into(),
        }
    );
    for lang in [Lang::Fr, Lang::En] {
        let message = server_problem(&problem, lang);
        assert!(message.contains("9.8.7"), "{message}");
        assert!(message.contains(PROGRAM_VERSION), "{message}");
    }
}

// ----- 5. an account not in users.toml ------------------------------------

/// The second account runs the binary against a server started by the
/// account running the tests (root, the store's creator and only user).
///
/// What the test opens for it: the temporary directory and the store's
/// directory become searchable by everyone (0711: the socket can be
/// reached by its name, nothing listed or read), and the socket, which
/// the server makes 0660, is given to the second account's own group
/// (its mode kept), as a deployment gives it to the coordinators' group
/// with a setgid store directory.
#[test]
fn an_account_not_listed_is_refused_at_connection_and_audited() {
    if !second_account_ready("an_account_not_listed_is_refused_at_connection_and_audited") {
        return;
    }
    let place = Place::new();
    let server = place.serve();
    let admin = place.client();
    assert_answers(&admin);

    let home = open_socket_to_second(&place);

    let output = as_second(&home)
        .arg("PASSERELLE_SERVER_IDLE=2")
        .arg(BINARY)
        .arg("--store")
        .arg(place.store())
        .arg("status")
        .output()
        .expect("runuser runs");
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(REFUSED), "{message}");
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert!(message.contains(&format!("« {SECOND} »")), "{message}");
    assert!(message.contains("n'a pas accès"), "{message}");

    let trail = match admin.call(Request::Audit(AuditRequest {
        account: Some(SECOND.into()),
        limit: 100,
        ..AuditRequest::default()
    })) {
        Ok(Response::Audit(trail)) => trail.entries,
        other => panic!("audit answered {other:?}"),
    };
    assert_eq!(trail.len(), 1, "{trail:?}");
    // Refused at the door: the kernel's word for its process, and
    // nothing it said.
    assert!(
        matches!(trail[0].action, AuditAction::Refused { pid: Some(_) }),
        "{trail:?}"
    );
    assert_eq!(trail[0].front_end, FrontEnd::Unstated);
    // Refused, it started no server of its own.
    assert_eq!(servers_of(&place.store()), vec![server.pid().as_raw()]);
    assert_check_passes(&admin);
    drop(admin);
    let (status, said) = server.stop();
    assert!(status.success(), "{status}: {said}");
}

/// The binary run as the second account on `place`'s store, with
/// `home` as its home (see [`open_socket_to_second`]).
fn as_second_on(place: &Place, home: &Path, args: &[&str]) -> Output {
    as_second(home)
        .arg(BINARY)
        .arg("--store")
        .arg(place.store())
        .args(args)
        .output()
        .expect("runuser runs")
}

/// Lets the second account reach the socket of `place`'s running server
/// as a member of the store's group would (the socket given its group,
/// the directories above searchable); answers a home it may write.
fn open_socket_to_second(place: &Place) -> PathBuf {
    let second = second_account()
        .expect("passwd readable")
        .expect("the account exists");
    let socket = socket_path(&place.store());
    let mode = std::fs::metadata(&socket)
        .expect("socket")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, SOCKET_MODE);
    nix::unistd::chown(&socket, None, Some(second.gid)).expect("chgrp of the socket");
    for dir in [place.dir.path(), &place.store()] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o711)).expect("chmod");
    }
    let home = place.home();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    home
}

// ----- 6. a client that never reads ---------------------------------------

#[test]
fn a_client_that_never_reads_holds_up_nobody_and_is_dropped() {
    /// Far more notices than a queue and a socket buffer hold.
    const MOST_WRITES: u32 = 5_000;
    /// Far below the server's write timeout to one client (10 s): no
    /// answer waits on the stuck client.
    const PROMPT: Duration = Duration::from_secs(5);
    let place = Place::new();
    let server = place.serve();
    let stuck = raw_connection(&place.store());
    let writer = place.client();

    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    let mut writes = 0;
    let mut dropped_after = None;
    while writes < MOST_WRITES {
        let asked = Instant::now();
        save(&writer, numbered_school(writes, &format!("Lycée {writes}")))
            .unwrap_or_else(|error| panic!("write {writes} refused: {error:?}"));
        slowest = slowest.max(asked.elapsed());
        writes += 1;
        match dropped_after {
            None if hung_up(&stuck) => dropped_after = Some(writes),
            // A few more once it is dropped: still answered.
            Some(at) if writes >= at + 20 => break,
            _ => {}
        }
        assert!(
            started.elapsed() < PATIENCE,
            "{writes} writes took too long"
        );
    }
    let dropped_after = dropped_after.expect("the client that never reads was never dropped");
    println!(
        "dropped after {dropped_after} writes; {writes} writes in {:?}, the slowest {slowest:?}",
        started.elapsed()
    );
    assert!(slowest < PROMPT, "a write waited {slowest:?}");

    // What was queued for it before it was dropped is there to read, then
    // the end.
    let mut notices = 0;
    let mut reading = &stuck;
    loop {
        match wire::read_frame::<ServerFrame>(&mut reading) {
            Ok(ServerFrame::Notice(_)) => notices += 1,
            Ok(other) => panic!("the stuck client got {other:?}"),
            Err(wire::FrameError::Closed) => break,
            Err(error) => panic!("not a clean end after {notices} notices: {error}"),
        }
    }
    assert!(
        0 < notices && notices < dropped_after,
        "{notices} notices read, dropped after {dropped_after} writes"
    );
    assert_answers(&writer);
    drop(writer);
    let (status, said) = server.stop();
    assert!(status.success(), "{status}: {said}");
}

/// Stopping, the server does not wait on a client that never reads for
/// the whole of its write timeout (10 s): its socket is gone meanwhile
/// and its store still locked, so every front end starting then would
/// fail.
#[test]
fn a_client_that_never_reads_does_not_hold_up_a_stop() {
    /// Far below the server's write timeout to one client.
    const PROMPT: Duration = Duration::from_secs(5);
    let place = Place::new();
    let server = place.serve();
    let stuck = raw_connection(&place.store());
    let writer = place.client();
    // Enough notices to fill its socket (some 280 small frames), not
    // its queue as well (256 more): it is not dropped, and the server's
    // writer to it is blocked.
    for n in 0..400 {
        save(&writer, numbered_school(n, &format!("Lycée {n}"))).expect("saved");
    }
    drop(writer);
    assert!(!hung_up(&stuck));
    let asked = Instant::now();
    let (status, said) = server.stop();
    assert!(status.success(), "{status}: {said}");
    assert!(
        asked.elapsed() < PROMPT,
        "stopped after {:?}",
        asked.elapsed()
    );
    assert!(hung_up(&stuck));
}

/// A client whose handshake ends after a stopping server cut its
/// connections is not left waiting for requests, which would hold the
/// stop up (socket gone, store locked) as long as it stays connected.
#[test]
fn a_handshake_finished_during_a_stop_does_not_hold_it_up() {
    const PROMPT: Duration = Duration::from_secs(5);
    let place = Place::new();
    let mut server = place.serve();
    // Connected, not yet said hello: its thread waits in the handshake.
    let late = UnixStream::connect(socket_path(&place.store())).expect("connects");
    late.set_read_timeout(Some(PATIENCE)).expect("timeout");
    // Accepted after `late` (connections are accepted in order), and
    // cut by the stop's sweep: once it is, the sweep is over.
    let early = place.client();
    assert_answers(&early);
    kill(server.pid(), Signal::SIGTERM).expect("SIGTERM");
    let asked = Instant::now();
    while early.call(Request::Status).is_ok() {
        assert!(
            asked.elapsed() < PATIENCE,
            "the stop never cut a connection"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut writing = &late;
    wire::write_hello(&mut writing, &Hello::current(FrontEnd::Cli)).expect("hello sent");
    let child = server.child.as_mut().expect("the server runs");
    let status = wait_for_exit(child, PROMPT)
        .unwrap_or_else(|| panic!("still running {PROMPT:?} after SIGTERM"));
    assert!(status.success(), "{status}");
    // Whatever it was told, its connection is closed.
    let mut reading = &late;
    let mut rest = Vec::new();
    let _ = reading.read_to_end(&mut rest);
    server.child = None;
}

// ----- 7. a client gone in the middle of a request ------------------------

#[test]
fn a_client_gone_mid_request_changes_nothing_or_all_of_it() {
    let place = Place::new();
    let server = place.serve();
    let client = place.client();
    save(&client, numbered_school(1, "Lycée Hoche")).expect("created");
    assert_eq!(count(&client, Kind::School), 1);

    // Half a save, then gone.
    let half_sent = numbered_school(2, "Lycée à moitié");
    let mut bytes = Vec::new();
    wire::write_frame(
        &mut bytes,
        &ClientFrame {
            id: 1,
            call: passerelle::server::wire::Call::Service(Request::Save(Box::new(SaveRequest {
                record: half_sent,
            }))),
        },
    )
    .expect("encoded");
    for cut in [2, bytes.len() / 2, bytes.len() - 1] {
        let stream = raw_connection(&place.store());
        (&stream).write_all(&bytes[..cut]).expect("sent");
        drop(stream);
    }
    assert_answers(&client);
    assert_eq!(count(&client, Kind::School), 1);
    assert!(matches!(
        client.call(Request::Get(RecordKey::Uai(uai("0750002")))),
        Err(ServiceError::NotFound { .. })
    ));

    // Whole saves, then gone before the answer: each done whole or not
    // at all.
    for n in 3..8 {
        let stream = raw_connection(&place.store());
        let mut writing = &stream;
        wire::write_frame(
            &mut writing,
            &ClientFrame {
                id: 1,
                call: passerelle::server::wire::Call::Service(Request::Save(Box::new(
                    SaveRequest {
                        record: numbered_school(n, &format!("Lycée parti {n}")),
                    },
                ))),
            },
        )
        .expect("sent");
        drop(stream);
    }
    assert_answers(&client);
    // Each connection has its own thread: a save read before its client
    // left may still be in its transaction. The server reads a request
    // whole before it looks for the client, so all are expected in the
    // end; what matters is that each is whole or absent.
    let started = Instant::now();
    while count(&client, Kind::School) < 6 && started.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut found = 0;
    for n in 3..8 {
        let key = RecordKey::Uai(uai(&format!("075{n:04}")));
        match client.call(Request::Get(key)) {
            Ok(Response::Get(detail)) => {
                let mut sent = numbered_school(n, &format!("Lycée parti {n}"));
                // What the server fills in: its number, revision, stamps,
                // the commune's centre.
                *sent.meta_mut() = detail.record.meta().clone();
                sent.settle_location(None, false);
                assert_eq!(detail.record, sent);
                assert_eq!(detail.record.meta().revision, 1);
                found += 1;
            }
            Err(ServiceError::NotFound { .. }) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(count(&client, Kind::School), 1 + found);
    assert_check_passes(&client);
    drop(client);
    let (status, said) = server.stop();
    assert!(status.success(), "{status}: {said}");
}

// ----- 8. one holder of a store --------------------------------------------

#[test]
fn a_served_store_is_not_opened_directly_nor_served_twice() {
    let place = Place::new();
    let mut server = place.serve();

    let output = place.run_direct(&["status"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE), "{message}");
    assert!(message.contains("« passerelle serve »"), "{message}");
    assert!(message.contains("sans --direct"), "{message}");

    let output = place.run(&["serve"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(REFUSED), "{message}");
    assert!(message.contains("Un serveur répond déjà"), "{message}");
    assert!(
        message.contains(&socket_path(&place.store()).display().to_string()),
        "{message}"
    );

    // The first is still there, and still answers, the command line too.
    assert!(server.is_running());
    assert_answers(&place.client());
    let output = place.run(&["status"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (status, said) = server.stop();
    assert!(status.success(), "{status}: {said}");
}

/// A server restarted under a front end (an upgrade, a crash): the next
/// read connects again and is answered; a write meeting the break is
/// refused as gone (its fate unknown), the one after goes through; and
/// others' notices keep coming on the same channel.
#[test]
fn a_front_end_connects_again_when_its_server_is_restarted() {
    let place = Place::new();
    let made = place.run_direct(&["demo", "--size", "100"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let server = place.serve();
    let backend =
        passerelle::client::Backend::remote(&place.store(), FrontEnd::Tui, Duration::from_secs(60))
            .expect("connected");
    let notices = backend.take_notices().expect("notices followed");
    assert!(matches!(
        backend.call(Request::Status),
        Ok(Response::Status(_))
    ));

    let (status, said) = server.stop();
    assert!(status.success(), "{said}");
    let _again = place.serve();
    // A read: asked again on a new connection, answered.
    assert!(matches!(
        backend.call(Request::Status),
        Ok(Response::Status(_))
    ));

    // Another front end's change reaches this one through the new
    // connection.
    let other = place.client();
    let saved = save(&other, numbered_school(1, "Lycée Revenu")).expect("saved");
    let next = || {
        let started = Instant::now();
        loop {
            match notices.recv_timeout(Duration::from_millis(100)) {
                Ok(notice) => break notice,
                Err(_) => assert!(started.elapsed() < PATIENCE, "no notice"),
            }
        }
    };
    // First, the break itself: many things may have changed meanwhile,
    // so an open screen reads again (and so connects again at once).
    assert_eq!(next().changed, passerelle::server::wire::Changed::Many);
    assert_eq!(
        next().changed,
        passerelle::server::wire::Changed::Record(saved.reference())
    );
}

/// An account taken off `users.toml` through the server is cut at once:
/// it does not go on receiving others' notices until its next request.
#[test]
fn an_account_taken_off_the_users_is_cut_at_once() {
    let place = Place::new();
    let made = place.run_direct(&["demo", "--size", "100"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let me = passerelle::service::Caller::current_process(FrontEnd::Cli).account;
    std::fs::write(
        place.store().join("users.toml"),
        format!(
            "[users.{me}]\nname = \"Moi\"\norganisation = \"paris\"\nrole = \"admin\"\n\n\
             [users.alice]\nname = \"Alice\"\norganisation = \"paris\"\nrole = \"admin\"\n"
        ),
    )
    .expect("users.toml");
    let _server = place.serve();
    let listening = place.client();
    let notices = listening.take_notices().expect("notices");
    let removing = place.client();
    let answer = removing.call(Request::Users(
        passerelle::service::protocol::UsersRequest::Remove {
            account: me.clone(),
        },
    ));
    // The answer may or may not reach a connection cut at once; the
    // listening one must be cut either way.
    let _ = answer;
    let started = Instant::now();
    loop {
        match notices.recv_timeout(Duration::from_millis(100)) {
            Ok(_) => continue,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                assert!(
                    started.elapsed() < PATIENCE,
                    "the removed account stayed connected"
                );
            }
        }
    }
    assert!(matches!(
        listening.call(Request::Status),
        Err(ServiceError::Server(ServerProblem::Gone))
    ));
    // And it is refused at its next connection.
    assert!(matches!(
        Client::connect(&place.store(), FrontEnd::Cli),
        Err(ConnectError::Refused(_))
    ));
}

/// Demonstration data taken out through the server: the records go, and
/// every other front end is told to read again.
#[test]
fn demo_remove_through_the_server_tells_the_others() {
    let place = Place::new();
    let made = place.run_direct(&["demo", "--size", "100"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let _server = place.serve();
    let watching =
        passerelle::client::Backend::remote(&place.store(), FrontEnd::Tui, Duration::from_secs(60))
            .expect("connected");
    let notices = watching.take_notices().expect("notices followed");
    let removed = place.run(&["demo", "--remove"]);
    assert!(removed.status.success(), "{}", stderr(&removed));
    assert_eq!(
        stdout(&removed).trim(),
        "100 fiches de démonstration retirées."
    );
    let notice = notices.recv_timeout(PATIENCE).expect("a notice");
    assert_eq!(notice.changed, passerelle::server::wire::Changed::Many);
    assert!(matches!(
        watching.call(Request::IsEmpty),
        Ok(Response::IsEmpty(true))
    ));
}
