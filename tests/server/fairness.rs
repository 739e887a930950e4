//! One account of the store's group cannot shut the others out: an
//! account not in `users.toml` opening thousands of connections, a
//! listed reader holding hundreds, a client dripping its hello a byte at
//! a time. The attacker is a real second Unix account running this test
//! binary's [`connection_holder`] (`runuser`); the admin (the account
//! running the tests) keeps being answered throughout.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use passerelle::client::connection::{Client, ConnectError};
use passerelle::domain::audit::{AuditAction, FrontEnd};
use passerelle::server::paths::socket_path;
use passerelle::server::problem::ServerProblem;
use passerelle::server::serve::HANDSHAKE_TIMEOUT;
use passerelle::server::wire::{self, Hello};
use passerelle::service::ServiceError;
use passerelle::service::audit::AuditRequest;
use passerelle::service::protocol::{Request, Response};

use super::common::second::{SECOND, as_second, second_account_ready};
use super::common::{stderr, stdout};
use super::{
    PATIENCE, Place, as_second_on, assert_answers, assert_check_passes, open_socket_to_second,
};

const HOLD_STORE: &str = "PASSERELLE_TEST_HOLD_STORE";
const HOLD_COUNT: &str = "PASSERELLE_TEST_HOLD_COUNT";
/// `silent`: connect and say nothing; `handshake`: connect as a client
/// does.
const HOLD_MODE: &str = "PASSERELLE_TEST_HOLD_MODE";

/// Not a test: what the second account runs (this binary, run again by
/// [`hold_as_second`]). Opens connections to the store's server and
/// holds them until its standard input closes, printing one line of
/// what became of them. Run alone, it has nothing to do.
#[test]
#[ignore = "run by the fairness tests as another account"]
fn connection_holder() {
    let (Ok(store), Ok(count), Ok(mode)) = (
        std::env::var(HOLD_STORE),
        std::env::var(HOLD_COUNT),
        std::env::var(HOLD_MODE),
    ) else {
        return;
    };
    let count: usize = count.parse().expect("a count");
    // Its own descriptors must not be what stops it.
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE).expect("limits");
    setrlimit(Resource::RLIMIT_NOFILE, hard, hard).expect("raised");
    let store = std::path::PathBuf::from(store);
    let (mut held, mut too_many, mut refused, mut failed) = (Vec::new(), 0, 0, 0);
    let mut clients = Vec::new();
    for _ in 0..count {
        if mode == "silent" {
            match UnixStream::connect(socket_path(&store)) {
                Ok(stream) => held.push(stream),
                Err(_) => failed += 1,
            }
            continue;
        }
        match Client::connect(&store, FrontEnd::Cli) {
            Ok(client) => clients.push(client),
            Err(ConnectError::Refused(ServiceError::Server(
                ServerProblem::TooManyConnections { .. },
            ))) => too_many += 1,
            Err(ConnectError::Refused(_)) => refused += 1,
            Err(_) => failed += 1,
        }
    }
    println!(
        "HOLDING connected={} too_many={too_many} refused={refused} failed={failed}",
        held.len() + clients.len()
    );
    std::io::stdout().flush().expect("flushed");
    // Held until the test lets go.
    let mut rest = String::new();
    let _ = std::io::stdin().read_line(&mut rest);
}

/// The second account holding `count` connections (`mode` as in
/// [`HOLD_MODE`]), and the line it printed once they were made.
struct Holder {
    child: Child,
    said: String,
}

impl Holder {
    fn number(&self, name: &str) -> usize {
        self.said
            .split_whitespace()
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {:?}", self.said))
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

fn hold_as_second(place: &Place, home: &std::path::Path, count: usize, mode: &str) -> Holder {
    let this_test_binary = std::env::current_exe().expect("the test binary");
    let mut child = as_second(home)
        .arg(format!("{HOLD_STORE}={}", place.store().display()))
        .arg(format!("{HOLD_COUNT}={count}"))
        .arg(format!("{HOLD_MODE}={mode}"))
        .arg(this_test_binary)
        .args([
            "--exact",
            "fairness::connection_holder",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("runuser runs");
    let mut lines = BufReader::new(child.stdout.take().expect("its output"));
    let mut said = String::new();
    loop {
        said.clear();
        let read = lines.read_line(&mut said).expect("its output reads");
        assert!(read > 0, "the holder stopped before holding anything");
        // Run alone, libtest names the test on the same line first.
        if let Some(at) = said.find("HOLDING") {
            said.drain(..at);
            break;
        }
    }
    Holder { child, said }
}

/// How many descriptors the process holds open.
fn open_descriptors(pid: i32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|entries| entries.count())
        .unwrap_or(0)
}

/// `status` as the admin, through the server, within `PATIENCE`; how
/// long it took.
fn admin_status(place: &Place) -> Duration {
    let started = Instant::now();
    let output = place.run(&["status"]);
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    started.elapsed()
}

#[test]
fn an_unlisted_member_opening_thousands_of_connections_shuts_nobody_out() {
    if !second_account_ready("an_unlisted_member_opening_thousands_of_connections_shuts_nobody_out")
    {
        return;
    }
    let place = Place::new();
    // Started with the soft limit most systems give (1,024): the server
    // raises it to the hard one itself.
    let server = place.serve_with(|command| {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit is async-signal-safe, and nothing else runs
        // between the fork and the exec.
        unsafe {
            command.pre_exec(|| {
                use nix::sys::resource::{Resource, getrlimit, setrlimit};
                let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE)?;
                setrlimit(Resource::RLIMIT_NOFILE, 1024.min(hard), hard)?;
                Ok(())
            });
        }
    });
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", server.pid()))
        .expect("the server's limits");
    let hard = nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
        .expect("limits")
        .1;
    let open_files = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))
        .expect("a line for open files");
    assert!(
        open_files
            .split_whitespace()
            .filter(|word| *word == hard.to_string())
            .count()
            == 2,
        "soft and hard both {hard}: {open_files}"
    );
    let admin = place.client();
    let home = open_socket_to_second(&place);

    let holder = hold_as_second(&place, &home, 4000, "silent");
    // Every one of them turned away at the door: none is held open by
    // the server.
    assert!(
        open_descriptors(server.pid().as_raw()) < 100,
        "the server holds {} descriptors",
        open_descriptors(server.pid().as_raw())
    );
    assert_answers(&admin);
    assert!(admin_status(&place) < PATIENCE);

    // Their refusals cost the trail one entry so far, and one with their
    // count when the server stops.
    drop(holder);
    let refusals = |admin: &Client| -> Vec<AuditAction> {
        match admin.call(Request::Audit(AuditRequest {
            account: Some(SECOND.into()),
            limit: 10_000,
            ..AuditRequest::default()
        })) {
            Ok(Response::Audit(trail)) => trail.entries.into_iter().map(|e| e.action).collect(),
            other => panic!("audit answered {other:?}"),
        }
    };
    assert_eq!(refusals(&admin).len(), 1, "{:?}", refusals(&admin));
    assert_check_passes(&admin);
    drop(admin);
    let (status, said) = server.stop();
    assert!(status.success(), "{status}: {said}");
    let server = place.serve();
    let admin = place.client();
    let trail = refusals(&admin);
    assert_eq!(trail.len(), 2, "{trail:?}");
    match trail[0] {
        // The holder's connections that reached the door (the others
        // were turned away unread, the account having 64 waiting).
        AuditAction::RefusedAgain { count, .. } => {
            assert!((1..4_000).contains(&count), "{count}")
        }
        ref other => panic!("the newest entry is {other:?}"),
    }
    drop(admin);
    drop(server);
}

#[test]
fn a_listed_reader_holding_hundreds_of_connections_is_capped_alone() {
    if !second_account_ready("a_listed_reader_holding_hundreds_of_connections_is_capped_alone") {
        return;
    }
    let place = Place::new();
    let server = place.serve_with(|command| {
        command
            .env("PASSERELLE_MAX_CONNECTIONS_PER_ACCOUNT", "40")
            .env("PASSERELLE_MAX_CONNECTIONS", "100");
    });
    let admin = place.client();
    let added = place.run(&[
        "users", "add", SECOND, "--name", "Lecteur", "--role", "reader",
    ]);
    assert!(added.status.success(), "{}", stderr(&added));
    let home = open_socket_to_second(&place);
    // users.toml must be readable by the server only: it is (root).

    let holder = hold_as_second(&place, &home, 300, "handshake");
    assert_eq!(holder.number("connected"), 40, "{}", holder.said);
    assert_eq!(holder.number("too_many"), 260, "{}", holder.said);
    assert_eq!(holder.number("failed"), 0, "{}", holder.said);
    // The admin's open client and new commands are answered.
    assert_answers(&admin);
    assert!(admin_status(&place) < PATIENCE);

    // Its refusal, in words, as a command of the reader would show it.
    let output = as_second_on(&place, &home, &["status"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("votre compte a déjà 40 connexions ouvertes"),
        "{message}"
    );
    drop(holder);
    // Let go, it is served again.
    let started = Instant::now();
    loop {
        let output = as_second_on(&place, &home, &["status"]);
        if output.status.success() {
            break;
        }
        assert!(started.elapsed() < PATIENCE, "{}", stderr(&output));
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(admin);
    drop(server);
}

#[test]
fn a_hello_dripped_a_byte_at_a_time_is_cut_at_the_deadline() {
    let place = Place::new();
    let server = place.serve();
    let stream = UnixStream::connect(socket_path(&place.store())).expect("connects");
    let mut hello = Vec::new();
    wire::write_hello(&mut hello, &Hello::current(FrontEnd::Cli)).expect("encoded");
    let started = Instant::now();
    let mut writing = &stream;
    // Each byte well within any per-read timeout, the whole hello far
    // beyond the handshake's deadline.
    let pace = HANDSHAKE_TIMEOUT * 4 / u32::try_from(hello.len()).expect("short");
    let cut = hello.iter().find_map(|byte| {
        if writing.write_all(&[*byte]).is_err() {
            return Some(started.elapsed());
        }
        std::thread::sleep(pace);
        None
    });
    let cut = cut.unwrap_or_else(|| panic!("still connected after {:?}", started.elapsed()));
    assert!(cut >= HANDSHAKE_TIMEOUT, "{cut:?}");
    assert!(cut < HANDSHAKE_TIMEOUT * 2, "{cut:?}");
    drop(server);
}

#[test]
fn a_broken_users_file_is_described_to_its_owner_alone() {
    if !second_account_ready("a_broken_users_file_is_described_to_its_owner_alone") {
        return;
    }
    let place = Place::new();
    let server = place.serve();
    let home = open_socket_to_second(&place);
    std::fs::write(
        place.store().join("users.toml"),
        "[users.someone]\nname = \"Nom Secret 42\"\nrole = \"chef\"\n",
    )
    .expect("a broken users.toml");
    let output = as_second_on(&place, &home, &["status"]);
    let message = stderr(&output);
    assert!(!output.status.success(), "{message}");
    assert!(message.contains("inutilisable"), "{message}");
    for secret in ["Nom Secret", "chef", "someone", "ligne"] {
        assert!(!message.contains(secret), "{secret}: {message}");
    }
    // The store's owner, who can fix it, is told what is wrong.
    let output = place.run(&["status"]);
    let message = stderr(&output);
    assert!(!output.status.success(), "{message}");
    assert!(message.contains("chef"), "{message}");
    drop(server);
}
