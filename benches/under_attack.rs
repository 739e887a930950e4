//! The shared server while an account of the store's group attacks it
//! (figures in docs/performance.md): an admin's `status` (the command,
//! a whole process; a new connection in this process, its handshake and
//! the request; the request alone on a connection kept open), idle and
//! under each attack, in the same run, as ratios to idle; and the audit
//! trail's bytes per 1,000 connections refused.
//!
//! The attacker is the tests' second account (`passerelle-t2`, made if
//! missing: run as root), running this benchmark's own binary in an
//! attacker's part (`runuser`):
//!
//! - `flood`: not in `users.toml`, connects and hangs up as fast as it
//!   can;
//! - `hold`: a listed reader, holds every connection it is let have and
//!   keeps asking for more;
//! - `drip`: a listed reader, holds as many connections as it may, each
//!   sending its hello a byte a second;
//! - `ask`: a listed reader, asking back to back on 32 connections at
//!   once, each a `check` (a long request), then a `status` and a page
//!   of schools (short ones), again and again.
//!
//! `cargo bench --bench under_attack`; `PASSERELLE_BENCH_ATTACK_SIZE`
//! records of demonstration data (default 20,000) in a temporary store;
//! `PASSERELLE_BENCH_SECONDS` per attack (default 10).

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use passerelle::client::connection::Client;
use passerelle::domain::audit::FrontEnd;
use passerelle::server::paths::socket_path;
use passerelle::server::wire::{self, Hello};
use passerelle::service::protocol::{Request, Response};
use passerelle::store::audit::{ChainedAuditEntry, GENESIS};
use passerelle::store::{OpenOptions, Store, codec};

mod common;
#[path = "../tests/common/second.rs"]
#[allow(dead_code)]
mod second;

use common::{median, millis, percentile};
use second::{SECOND, as_second, second_account, second_account_ready};

const ATTACK: &str = "PASSERELLE_BENCH_ATTACKER";
const ATTACK_STORE: &str = "PASSERELLE_BENCH_ATTACK_STORE";

fn main() {
    if let (Ok(mode), Ok(store)) = (std::env::var(ATTACK), std::env::var(ATTACK_STORE)) {
        attacker(&mode, Path::new(&store));
        return;
    }
    assert!(
        second_account_ready("under_attack"),
        "this benchmark runs an attacker as another account: run it as root"
    );
    let size: u64 = std::env::var("PASSERELLE_BENCH_ATTACK_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let seconds: u64 = std::env::var("PASSERELLE_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let place = tempfile::tempdir().expect("a temporary directory");
    let store = place.path().join("store");
    let home = place.path().join("home");
    std::fs::create_dir(&home).expect("home");
    common::run_direct(&store, &["demo", "--size", &size.to_string()]);
    println!("passerelle under attack: {size} records, {seconds} s per attack");

    let mut server = common::start_server(&store);
    let admin = Client::connect(&store, FrontEnd::Cli).expect("the admin connects");
    // The second account reaches the socket as a member of the group.
    let second = second_account().expect("passwd").expect("the account");
    nix::unistd::chown(&socket_path(&store), None, Some(second.gid)).expect("chgrp");
    for dir in [place.path(), &store] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o711)).expect("chmod");
    }
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o777)).expect("chmod");

    let run = Duration::from_secs(seconds);
    let idle = measure(&store, &admin, run);
    let mut rows = vec![("idle".to_owned(), idle.clone(), String::new())];

    let flood = Attacker::start(&store, &home, "flood");
    let under = measure(&store, &admin, run);
    let flooded = flood.stop();
    rows.push((
        "an unlisted account connecting and hanging up nonstop".into(),
        under,
        format!("{flooded} connections refused"),
    ));

    let added = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--store")
        .arg(&store)
        .args([
            "users",
            "add",
            SECOND,
            "--name",
            "Attaquant",
            "--role",
            "reader",
        ])
        .env_remove("PASSERELLE_DIRECT")
        .output()
        .expect("passerelle runs");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let hold = Attacker::start(&store, &home, "hold");
    let under = measure(&store, &admin, run);
    let held = hold.stop();
    rows.push((
        "a listed reader holding all it may and asking for more".into(),
        under,
        format!("{held} connections asked for"),
    ));
    let drip = Attacker::start(&store, &home, "drip");
    let under = measure(&store, &admin, run);
    let dripped = drip.stop();
    rows.push((
        "a listed reader dripping hellos a byte a second".into(),
        under,
        format!("{dripped} connections cut or refused"),
    ));
    let ask = Attacker::start(&store, &home, "ask");
    let under = measure(&store, &admin, run);
    let asked = ask.stop();
    rows.push((
        "a listed reader asking back to back on 32 connections".into(),
        under,
        format!("{asked} requests answered"),
    ));
    drop(admin);

    // The refusals' entries are written as the server stops.
    kill(Pid::from_raw(server.id() as i32), Signal::SIGTERM).expect("SIGTERM");
    server.wait().expect("the server stops");
    let audit_bytes = audit_bytes_of(&store, SECOND);

    let mut figures: Vec<(String, String)> = Vec::new();
    for (name, times, what) in &rows {
        let mut command = times.command.clone();
        let mut fresh = times.fresh.clone();
        let mut open = times.open.clone();
        let mut idle_command = idle.command.clone();
        let mut idle_fresh = idle.fresh.clone();
        let mut idle_open = idle.open.clone();
        let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
        figures.push((
            format!("`passerelle status` as the admin: {name} (median; p95)"),
            format!(
                "{}; {} ({:.2}×; {:.2}× idle) {what}",
                millis(median(&mut command)),
                millis(percentile(&mut command, 95.0)),
                ratio(median(&mut command), median(&mut idle_command)),
                ratio(
                    percentile(&mut command, 95.0),
                    percentile(&mut idle_command, 95.0)
                ),
            ),
        ));
        figures.push((
            format!("admin's status, new connection: {name} (median; p95)"),
            format!(
                "{}; {} ({:.2}×; {:.2}× idle)",
                millis(median(&mut fresh)),
                millis(percentile(&mut fresh, 95.0)),
                ratio(median(&mut fresh), median(&mut idle_fresh)),
                ratio(
                    percentile(&mut fresh, 95.0),
                    percentile(&mut idle_fresh, 95.0)
                ),
            ),
        ));
        figures.push((
            format!("admin's status, open connection: {name} (median; p95)"),
            format!(
                "{}; {} ({:.2}×; {:.2}× idle)",
                millis(median(&mut open)),
                millis(percentile(&mut open, 95.0)),
                ratio(median(&mut open), median(&mut idle_open)),
                ratio(
                    percentile(&mut open, 95.0),
                    percentile(&mut idle_open, 95.0)
                ),
            ),
        ));
    }
    figures.push((
        "audit bytes for the attacker's refusals (entries; bytes per 1,000 refused)".into(),
        format!(
            "{} B in {} entries; {:.0} B per 1,000",
            audit_bytes.0,
            audit_bytes.1,
            audit_bytes.0 as f64 * 1000.0 / flooded.max(1) as f64
        ),
    ));
    common::print_figures(&figures);
}

/// The admin's status timings over `run`.
#[derive(Clone)]
struct Timings {
    /// `passerelle status`, the whole process.
    command: Vec<Duration>,
    /// A new connection in this process, and its request.
    fresh: Vec<Duration>,
    /// The request on a connection kept open.
    open: Vec<Duration>,
}

fn measure(store: &Path, admin: &Client, run: Duration) -> Timings {
    let mut timings = Timings {
        command: Vec::new(),
        fresh: Vec::new(),
        open: Vec::new(),
    };
    let started = Instant::now();
    while started.elapsed() < run {
        let began = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--store")
            .arg(store)
            .arg("status")
            .env_remove("PASSERELLE_DIRECT")
            .output()
            .expect("passerelle runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        timings.command.push(began.elapsed());
        let began = Instant::now();
        let client = Client::connect(store, FrontEnd::Cli).expect("the admin is let in");
        status(&client);
        timings.fresh.push(began.elapsed());
        drop(client);
        let began = Instant::now();
        status(admin);
        timings.open.push(began.elapsed());
        std::thread::sleep(Duration::from_millis(20));
    }
    timings
}

fn status(client: &Client) {
    match client.call(Request::Status) {
        Ok(Response::Status(_)) => {}
        other => panic!("status answered {other:?}"),
    }
}

/// The stored bytes of `account`'s entries in the trail (their key
/// included), and how many.
fn audit_bytes_of(store: &Path, account: &str) -> (usize, usize) {
    let store = Store::open(store, &OpenOptions::new("bench")).expect("the store opens");
    let mut bytes = 0;
    let mut entries = 0;
    for entry in store.audit_newest_first().expect("the trail") {
        let entry = entry.expect("an entry");
        if entry.account == account {
            let stored = codec::encode(&ChainedAuditEntry {
                entry,
                previous: GENESIS,
            })
            .expect("encodes");
            bytes += stored.len() + 8;
            entries += 1;
        }
    }
    (bytes, entries)
}

/// The second account running an attack; stopped by closing its input.
struct Attacker {
    child: Option<Child>,
}

impl Attacker {
    fn start(store: &Path, home: &Path, mode: &str) -> Attacker {
        let this = std::env::current_exe().expect("this benchmark");
        let mut child = as_second(home)
            .arg(format!("{ATTACK}={mode}"))
            .arg(format!("{ATTACK_STORE}={}", store.display()))
            .arg(this)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("runuser runs");
        // Started once it says so.
        let mut line = String::new();
        let mut out = BufReader::new(child.stdout.take().expect("output"));
        out.read_line(&mut line).expect("a line");
        assert!(line.starts_with("started"), "{line}");
        child.stdout = Some(out.into_inner());
        Attacker { child: Some(child) }
    }

    /// Stops it; the number it counted.
    fn stop(mut self) -> u64 {
        let mut child = self.child.take().expect("running");
        drop(child.stdin.take());
        let output = child.wait_with_output().expect("the attacker stops");
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .expect("a count")
    }
}

/// The attacker's part: says `started`, attacks until its input closes,
/// then prints its count.
fn attacker(mode: &str, store: &Path) {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((_, hard)) = getrlimit(Resource::RLIMIT_NOFILE) {
        let _ = setrlimit(Resource::RLIMIT_NOFILE, hard, hard);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let socket = socket_path(store);
    let worker = {
        let (stop, count, store) = (stop.clone(), count.clone(), store.to_path_buf());
        let mode = mode.to_owned();
        std::thread::spawn(move || attack(&mode, &store, &socket, &stop, &count))
    };
    println!("started");
    std::io::stdout().flush().expect("flushed");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    stop.store(true, Ordering::SeqCst);
    let _ = worker.join();
    println!("{}", count.load(Ordering::SeqCst));
}

impl Drop for Attacker {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            drop(child.stdin.take());
            let _ = child.wait();
        }
    }
}

/// Connections the `ask` attack sends on at once.
const ASKING: usize = 32;

fn attack(mode: &str, store: &Path, socket: &Path, stop: &AtomicBool, count: &AtomicU64) {
    if mode == "ask" {
        std::thread::scope(|scope| {
            for _ in 0..ASKING {
                scope.spawn(|| ask(store, stop, count));
            }
        });
        return;
    }
    let mut held: Vec<Client> = Vec::new();
    let mut dripping: Vec<(UnixStream, usize)> = Vec::new();
    let mut hello = Vec::new();
    wire::write_hello(&mut hello, &Hello::current(FrontEnd::Cli)).expect("encoded");
    let mut last_drip = Instant::now();
    while !stop.load(Ordering::SeqCst) {
        match mode {
            "flood" => {
                if UnixStream::connect(socket).is_ok() {
                    count.fetch_add(1, Ordering::Relaxed);
                }
            }
            "hold" => {
                count.fetch_add(1, Ordering::Relaxed);
                if let Ok(client) = Client::connect(store, FrontEnd::Cli) {
                    held.push(client);
                }
            }
            _ => {
                // Keeps as many dripping as it may; each a byte a second.
                if dripping.len() < 200 {
                    if let Ok(stream) = UnixStream::connect(socket) {
                        dripping.push((stream, 0));
                    }
                } else {
                    std::thread::sleep(Duration::from_millis(10));
                }
                if last_drip.elapsed() >= Duration::from_secs(1) {
                    last_drip = Instant::now();
                    dripping.retain_mut(|(stream, sent)| {
                        let mut writing = &*stream;
                        let kept =
                            *sent < hello.len() && writing.write_all(&hello[*sent..=*sent]).is_ok();
                        *sent += 1;
                        if !kept {
                            count.fetch_add(1, Ordering::Relaxed);
                        }
                        kept
                    });
                }
            }
        }
    }
}

/// One connection of the `ask` attack: a long request, then two short
/// ones, until told to stop.
fn ask(store: &Path, stop: &AtomicBool, count: &AtomicU64) {
    let Ok(client) = Client::connect(store, FrontEnd::Cli) else {
        return;
    };
    let page =
        passerelle::service::list::ListRequest::first_page(passerelle::domain::Kind::School, 50);
    while !stop.load(Ordering::SeqCst) {
        for request in [Request::Check, Request::Status, Request::List(page.clone())] {
            if client.call(request).is_ok() {
                count.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}
