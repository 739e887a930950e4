//! The shared server at scale (figures in docs/performance.md), on the
//! foundation's store, with `passerelle serve` started as a child of this
//! benchmark, warmed, and stopped with SIGTERM whatever happens:
//!
//! - `passerelle status` as a whole process, against a process that only
//!   starts (`passerelle --version`), a new connection in this process
//!   and the request on an open one, alternately in the same run;
//! - a change saved by one connection to the notice on another, and to
//!   that connection's first page read again (as the interface does on a
//!   notice), alone and during the loads;
//! - 20 clients, each a thread with its own connection, sending one
//!   request after the other (35 % pages, 25 % records, 15 % finder,
//!   25 % saves of an edit) for 20 s: requests per second, latencies;
//!   then the same mix without the finder; then each kind of request
//!   alone, for what it costs the server (its CPU time per request);
//! - the server's memory (VmRSS after start, VmHWM at the end);
//! - every acknowledged save found in the store: read back through the
//!   server, then from the files after the server is killed (SIGKILL: no
//!   last flush, the store flushes before it acknowledges).
//!
//! `cargo bench --bench server`; `PASSERELLE_BENCH_SIZE` (default
//! 1,000,000) and `PASSERELLE_BENCH_REUSE=1` as for the foundation
//! benchmark, whose store it shares. To look closer:
//! `PASSERELLE_BENCH_SECONDS` (the loads' length, default 20),
//! `PASSERELLE_BENCH_CLIENTS` (default 20), `PASSERELLE_BENCH_MIX`
//! (shares of pages, records, finder and saves, default "35,25,15,25").

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use passerelle::client::connection::Client;
use passerelle::domain::audit::FrontEnd;
use passerelle::domain::records::{Record, RecordRef};
use passerelle::domain::{Kind, RecordId, Restricted};
use passerelle::server::wire::Changed;
use passerelle::service::find::FindRequest;
use passerelle::service::get::RecordKey;
use passerelle::service::list::{Cursor, ListRequest, PagePosition};
use passerelle::service::protocol::{Request, Response};
use passerelle::service::save::SaveRequest;
use passerelle::service::{Caller, Service};
use passerelle::store::{OpenOptions, Store};

mod common;

use common::{FIND_TEXTS, median, megabytes, millis, percentile, slowest, timed};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Connected clients sending requests during the load:
/// `PASSERELLE_BENCH_CLIENTS`, 20 by default.
fn clients() -> usize {
    std::env::var("PASSERELLE_BENCH_CLIENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(20)
}
/// Records each load client edits (half contacts, half placements): its
/// own, so that no save meets another's revision.
const EDITED_PER_CLIENT: usize = 20;
/// `passerelle status` processes timed.
const STATUS_RUNS: usize = 50;
/// Changes timed from a save to the notice on another connection.
const CHANGES: usize = 200;
/// The first page read again on a notice.
const PAGE: u32 = 50;

fn main() {
    let size = common::bench_size();
    let seconds: u64 = std::env::var("PASSERELLE_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let load = Duration::from_secs(seconds);
    let (store, made) = common::ensure_store(size);
    if let Some(took) = made {
        println!("demo of {size} records: {:.1} s", took.as_secs_f64());
    }
    println!(
        "passerelle server benchmark: {size} records, store {}",
        store.display()
    );
    let mut figures: Vec<(String, String)> = Vec::new();

    let mut server = Server::start(&store);
    let probe = connect(&store);
    let counts = counts(&probe);
    let idle = server.memory();
    figures.push((
        "server memory after start, store open (VmRSS; of it in transparent huge pages)".into(),
        format!("{} ({})", megabytes(idle.rss_kib), megabytes(idle.huge_kib)),
    ));

    // Warm: the server's caches (and the files' pages) for every kind.
    for kind in Kind::ALL {
        for id in 1..=50u64.min(counts[*kind]) {
            get(&probe, RecordRef::new(*kind, RecordId(id)));
        }
        list(&probe, ListRequest::first_page(*kind, PAGE));
    }
    for text in FIND_TEXTS {
        find(&probe, text);
    }

    status_figures(&store, &probe, &mut figures);

    // The records edited: contacts and placements not confidential (so
    // that every edit is in clear), one set per load client, and one for
    // the notices' writer.
    let contacts = editable(
        &probe,
        Kind::Contact,
        clients() * EDITED_PER_CLIENT / 2 + 1,
        counts[Kind::Contact],
    );
    let placements = editable(
        &probe,
        Kind::Placement,
        clients() * EDITED_PER_CLIENT / 2,
        counts[Kind::Placement],
    );
    let watched = contacts[0].clone();
    let mut sets: Vec<Vec<Record>> = vec![Vec::new(); clients()];
    for (n, record) in contacts[1..].iter().chain(&placements).enumerate() {
        sets[n % clients()].push(record.clone());
    }
    let initial: HashMap<RecordRef, u64> = sets
        .iter()
        .flatten()
        .map(|record| (record.reference(), record.meta().revision))
        .collect();

    // Notices alone: nothing else is sent meanwhile.
    let alone = changes_seen(&store, watched, CHANGES, Duration::from_millis(20), None);
    notice_figures("alone", &alone, &mut figures);

    // The load, and notices during it.
    let mut setup = LoadSetup {
        store: &store,
        counts: Arc::new(Kind::ALL.iter().map(|k| (*k, counts[*k])).collect()),
        sets,
        acknowledged: HashMap::new(),
    };
    let main_load = run_load(
        &mut setup,
        &mut server,
        mix(),
        Some(alone.record.clone()),
        load,
    );
    load_figures("", &main_load, &mut figures);

    // The same without the finder, whose requests cost the most (see
    // below): what the rest of the mix reaches.
    let mut without = mix();
    without[2] = 0;
    let watched = main_load.seen.as_ref().map(|seen| seen.record.clone());
    let rest = run_load(&mut setup, &mut server, without, watched, load);
    load_figures("the same mix without the finder: ", &rest, &mut figures);

    // Each kind of request alone, for what it costs the server.
    let short = (load / 4).max(Duration::from_secs(1));
    for op in Op::ALL {
        let alone = run_load(&mut setup, &mut server, op.alone(), None, short);
        let requests = alone.times.len().max(1);
        figures.push((
            format!(
                "{} alone, {} clients for {:.0} s: requests per second; the server's CPU per request; p50 / p99 / slowest",
                op.name(),
                alone.clients,
                short.as_secs_f64()
            ),
            format!(
                "{:.0} /s; {}; {}",
                alone.rate(),
                millis(alone.server_cpu / requests as u32),
                spread(alone.times(None))
            ),
        ));
    }

    let end = server.memory();
    figures.push((
        "server peak memory at the end of the run (VmHWM)".into(),
        megabytes(end.hwm_kib),
    ));
    figures.push((
        "server memory at the end of the run (VmRSS; of it in transparent huge pages)".into(),
        format!("{} ({})", megabytes(end.rss_kib), megabytes(end.huge_kib)),
    ));

    // Every acknowledged write, read back through the server…
    let acknowledged = setup.acknowledged;
    let wrong = verify(&acknowledged, &initial, |reference| get(&probe, reference));
    assert!(wrong.is_empty(), "through the server: {wrong:?}");
    drop(probe);
    // … and from the files, after the server is killed without a last
    // flush: what was acknowledged was flushed before it was.
    server.kill();
    let service =
        Service::new(Store::open(&store, &OpenOptions::new("bench")).expect("store opens"));
    let caller = Caller::current_process(FrontEnd::Cli);
    let wrong = verify(&acknowledged, &initial, |reference| {
        service
            .get(&caller, &RecordKey::Id(reference))
            .expect("a record")
            .record
    });
    assert!(wrong.is_empty(), "after SIGKILL: {wrong:?}");
    let saves: u64 = acknowledged.values().map(|(count, _)| count).sum();
    figures.push((
        "acknowledged saves found in the store, read through the server and again from the files after SIGKILL".into(),
        format!(
            "{saves} of {saves} ({} records, each at its revision before the load plus its saves, with the last value saved)",
            acknowledged.len()
        ),
    ));
    drop(service);

    common::print_figures(&figures);
}

/// `passerelle serve` for the store, a child of this benchmark: stopped
/// with SIGTERM when dropped, whatever happened.
struct Server {
    child: Option<Child>,
}

struct Memory {
    rss_kib: u64,
    hwm_kib: u64,
    /// Of the resident memory, what transparent huge pages hold.
    huge_kib: u64,
}

impl Server {
    fn start(store: &Path) -> Server {
        let started = Instant::now();
        let server = Server {
            child: Some(common::start_server(store)),
        };
        println!("server started in {:.1} s", started.elapsed().as_secs_f64());
        server
    }

    fn child(&mut self) -> &mut Child {
        self.child.as_mut().expect("a running server")
    }

    fn pid(&mut self) -> Pid {
        Pid::from_raw(self.child().id() as i32)
    }

    /// Resident memory now and at its peak, from /proc.
    fn memory(&mut self) -> Memory {
        let pid = self.pid();
        let read = |file: &str| {
            std::fs::read_to_string(format!("/proc/{pid}/{file}"))
                .unwrap_or_else(|error| panic!("the server's /proc {file}: {error}"))
        };
        let field = |text: &str, name: &str| -> u64 {
            text.lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or_else(|| panic!("no {name} figure"))
        };
        let (status, rollup) = (read("status"), read("smaps_rollup"));
        Memory {
            rss_kib: field(&status, "VmRSS:"),
            hwm_kib: field(&status, "VmHWM:"),
            huge_kib: field(&rollup, "AnonHugePages:"),
        }
    }

    fn cpu_time(&mut self) -> Duration {
        cpu_time(&self.pid().to_string())
    }

    /// Kills the server (no last flush, no clean stop).
    fn kill(&mut self) {
        let pid = self.pid();
        kill(pid, Signal::SIGKILL).expect("SIGKILL sent");
        self.child().wait().expect("the server ends");
        self.child = None;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let Some(child) = self.child.as_mut() else {
            return;
        };
        if !matches!(child.try_wait(), Ok(None)) {
            return;
        }
        let _ = kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM);
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if !matches!(child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("the server did not stop within 60 s of SIGTERM: killed");
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// User and system time of a process (`self` or a pid), all threads.
fn cpu_time(process: &str) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{process}/stat")).expect("/proc stat");
    // After the command's name in parentheses: state is field 3, utime
    // and stime fields 14 and 15.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks: u64 =
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
    let per_second = nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK)
        .ok()
        .flatten()
        .unwrap_or(100) as u64;
    Duration::from_millis(ticks * 1000 / per_second)
}

/// The one-minute load average of the machine.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|line| line.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default()
}

fn connect(store: &Path) -> Client {
    Client::connect(store, FrontEnd::Tui).expect("connected to the server")
}

fn call(client: &Client, request: Request) -> Response {
    let name = request.name();
    client
        .call(request)
        .unwrap_or_else(|error| panic!("{name} failed: {error}"))
}

fn get(client: &Client, reference: RecordRef) -> Record {
    match call(client, Request::Get(RecordKey::Id(reference))) {
        Response::Get(detail) => detail.record,
        other => panic!("get answered {other:?}"),
    }
}

fn list(client: &Client, request: ListRequest) {
    assert!(matches!(
        call(client, Request::List(request)),
        Response::List(_)
    ));
}

fn find(client: &Client, text: &str) {
    let request = FindRequest {
        text: text.into(),
        limit: 20,
    };
    assert!(matches!(
        call(client, Request::Find(request)),
        Response::Found(_)
    ));
}

fn save(client: &Client, record: Record) -> Record {
    match call(client, Request::Save(Box::new(SaveRequest { record }))) {
        Response::Saved(saved) => saved.record,
        other => panic!("save answered {other:?}"),
    }
}

/// Records per kind, from `status`.
struct Counts(HashMap<Kind, u64>);

impl std::ops::Index<Kind> for Counts {
    type Output = u64;
    fn index(&self, kind: Kind) -> &u64 {
        self.0.get(&kind).unwrap_or(&0)
    }
}

fn counts(client: &Client) -> Counts {
    match call(client, Request::Status) {
        Response::Status(status) => Counts(
            status
                .counts
                .iter()
                .map(|count| (count.kind, count.total))
                .collect(),
        ),
        other => panic!("status answered {other:?}"),
    }
}

/// The first `wanted` records of `kind` that are not confidential (fewer
/// in a small store).
fn editable(client: &Client, kind: Kind, wanted: usize, count: u64) -> Vec<Record> {
    let mut found = Vec::new();
    let mut id = 1;
    while found.len() < wanted && id <= count {
        let record = get(client, RecordRef::new(kind, RecordId(id)));
        if !record.meta().confidentiality.confidential {
            found.push(record);
        }
        id += 1;
    }
    found
}

/// An edit as a coordinator makes one: a contact renamed (a word added,
/// or taken off again: its name index changes), a placement's note
/// rewritten.
fn edit(record: &mut Record, n: u64) {
    match record {
        Record::Contact(contact) => {
            contact.name = match contact.name.strip_suffix(" bis") {
                Some(name) => name.to_owned(),
                None => format!("{} bis", contact.name),
            };
        }
        Record::Placement(placement) => {
            placement.notes = Restricted::Clear(format!("Relance n° {n}"));
        }
        other => panic!("no edit for {:?}", other.reference()),
    }
}

/// What an edit leaves that a reader can compare.
fn edited_value(record: &Record) -> String {
    match record {
        Record::Contact(contact) => contact.name.clone(),
        Record::Placement(placement) => format!("{:?}", placement.notes),
        other => format!("{:?}", other.reference()),
    }
}

// ---------------------------------------------------------------------
// `status` as a whole process.

fn status_figures(store: &Path, probe: &Client, figures: &mut Vec<(String, String)>) {
    let status_process = || {
        let status = Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .env_remove("PASSERELLE_DIRECT")
            .arg("--store")
            .arg(store)
            .arg("status")
            .stdout(Stdio::null())
            .status()
            .expect("passerelle status runs");
        assert!(status.success(), "passerelle status failed: {status}");
    };
    let version_process = || {
        let status = Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .expect("passerelle --version runs");
        assert!(status.success());
    };
    let on_connection = || drop(counts(probe));
    let connect_and_status = || drop(counts(&connect(store)));
    for _ in 0..3 {
        status_process();
        version_process();
        on_connection();
        connect_and_status();
    }
    let (mut processes, mut starts, mut calls, mut connects) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..STATUS_RUNS {
        processes.push(timed(status_process));
        starts.push(timed(version_process));
        calls.push(timed(on_connection));
        connects.push(timed(connect_and_status));
    }
    let spread = |times: &mut Vec<Duration>| {
        let p95 = percentile(times, 95.0);
        format!("{} (p95 {})", millis(median(times)), millis(p95))
    };
    figures.push((
        format!(
            "`passerelle status`, whole process, server running: median of {STATUS_RUNS} (p95)"
        ),
        spread(&mut processes),
    ));
    figures.push((
        "`passerelle --version`, whole process (starting the program only), same run".into(),
        spread(&mut starts),
    ));
    figures.push((
        "in this process: connect (handshake, account checked) then `Request::Status`, same run"
            .into(),
        spread(&mut connects),
    ));
    figures.push((
        "in this process: `Request::Status` on an open connection, same run".into(),
        spread(&mut calls),
    ));
}

// ---------------------------------------------------------------------
// Notices.

struct Seen {
    /// From the save sent to the notice received on the other connection.
    noticed: Vec<Duration>,
    /// … to the other connection's first page read again.
    shown: Vec<Duration>,
    /// The record as last saved.
    record: Record,
}

/// One connection saves `record` `rounds` times, `pace` apart (with
/// `during`: from that barrier on, for that long at most); another, following the notices as the interface
/// does, reads its first page again on the notice of that record.
fn changes_seen(
    store: &Path,
    mut record: Record,
    rounds: usize,
    pace: Duration,
    during: Option<(&Barrier, Duration)>,
) -> Seen {
    let writer = connect(store);
    let watcher = connect(store);
    let notices = watcher.take_notices().expect("the notices");
    let watched = record.reference();
    let stop = Arc::new(AtomicBool::new(false));
    let (tell, told) = channel::<(Instant, Instant)>();
    let following = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            // Every notice is taken as it comes (a full queue loses
            // them); others' changes are not waited on here.
            while !stop.load(Ordering::Relaxed) {
                let notice = match notices.recv_timeout(Duration::from_millis(50)) {
                    Ok(notice) => notice,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => break,
                };
                if notice.changed != Changed::Record(watched) {
                    continue;
                }
                let noticed = Instant::now();
                let request = ListRequest::first_page(watched.kind, PAGE);
                assert!(matches!(
                    watcher.call(Request::List(request)),
                    Ok(Response::List(_))
                ));
                if tell.send((noticed, Instant::now())).is_err() {
                    break;
                }
            }
        })
    };
    let until = during.map(|(ready, load)| {
        ready.wait();
        Instant::now() + load
    });
    let (mut noticed, mut shown) = (Vec::new(), Vec::new());
    for n in 0..rounds {
        if until.is_some_and(|until| Instant::now() >= until) {
            break;
        }
        edit(&mut record, n as u64);
        let sent = Instant::now();
        record = save(&writer, record);
        let (notice_at, page_at) = told
            .recv_timeout(Duration::from_secs(10))
            .expect("the notice of the change within 10 s");
        noticed.push(notice_at - sent);
        shown.push(page_at - sent);
        std::thread::sleep(pace);
    }
    stop.store(true, Ordering::Relaxed);
    following.join().expect("the watcher");
    Seen {
        noticed,
        shown,
        record,
    }
}

fn notice_figures(when: &str, seen: &Seen, figures: &mut Vec<(String, String)>) {
    let mut noticed = seen.noticed.clone();
    let mut shown = seen.shown.clone();
    let count = noticed.len();
    figures.push((
        format!("a save to the notice on another connection, {when}: median / worst of {count}"),
        format!(
            "{} / {}",
            millis(median(&mut noticed)),
            millis(slowest(&noticed))
        ),
    ));
    figures.push((
        format!(
            "a save to the other connection's first page ({PAGE} contacts) read again, {when}: median / worst of {count}"
        ),
        format!(
            "{} / {}",
            millis(median(&mut shown)),
            millis(slowest(&shown))
        ),
    ));
}

// ---------------------------------------------------------------------
// The load.

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Op {
    List,
    Get,
    Find,
    Save,
}

impl Op {
    const ALL: [Op; 4] = [Op::List, Op::Get, Op::Find, Op::Save];

    fn name(self) -> &'static str {
        match self {
            Op::List => "list (a page of 50 by name)",
            Op::Get => "get (a record by number, with links)",
            Op::Find => "find (the finder, every kind)",
            Op::Save => "save (flushed)",
        }
    }

    /// A mix of this request only.
    fn alone(self) -> [u64; 4] {
        let mut mix = [0; 4];
        mix[Op::ALL.iter().position(|op| *op == self).unwrap_or(0)] = 1;
        mix
    }
}

/// The shares of lists, gets, finds and saves in the load:
/// `PASSERELLE_BENCH_MIX` (four whole numbers, "35,25,15,25" by default).
fn mix() -> [u64; 4] {
    let asked: Vec<u64> = std::env::var("PASSERELLE_BENCH_MIX")
        .unwrap_or_default()
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    match asked[..] {
        [list, get, find, save] if list + get + find + save > 0 => [list, get, find, save],
        _ => [35, 25, 15, 25],
    }
}

/// What one load client did.
struct Tally {
    times: Vec<(Op, Duration)>,
    /// Per record saved: acknowledged saves, and the record as last
    /// acknowledged.
    acknowledged: HashMap<RecordRef, (u64, Record)>,
    /// The client's records as it left them.
    set: Vec<Record>,
}

/// Acknowledged saves per record, over every load, and the record as
/// last acknowledged.
type Acknowledged = HashMap<RecordRef, (u64, Record)>;

/// One run of the load.
struct Load {
    clients: usize,
    length: Duration,
    times: Vec<(Op, Duration)>,
    elapsed: Duration,
    /// The notices' pair, when it ran.
    seen: Option<Seen>,
    /// CPU time meanwhile: the server's, and this process's (the
    /// clients').
    server_cpu: Duration,
    clients_cpu: Duration,
    /// The machine's one-minute load average before and after.
    load_average: (String, String),
}

impl Load {
    fn rate(&self) -> f64 {
        self.times.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn times(&self, op: Option<Op>) -> Vec<Duration> {
        self.times
            .iter()
            .filter(|(o, _)| op.is_none_or(|op| *o == op))
            .map(|(_, took)| *took)
            .collect()
    }
}

/// A small seeded generator (SplitMix64), one per client.
struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((u128::from(z ^ (z >> 31)) * u128::from(bound.max(1))) >> 64) as u64
    }
}

/// What a load needs to run.
struct LoadSetup<'a> {
    store: &'a Path,
    counts: Arc<HashMap<Kind, u64>>,
    /// Each client's records to edit, as last saved.
    sets: Vec<Vec<Record>>,
    acknowledged: Acknowledged,
}

/// Every client (one thread and connection each) sends requests of
/// `mix`, one after the other, for `length`; with `watched`, the
/// notices' pair runs meanwhile.
fn run_load(
    setup: &mut LoadSetup,
    server: &mut Server,
    mix: [u64; 4],
    watched: Option<Record>,
    length: Duration,
) -> Load {
    let sets = std::mem::take(&mut setup.sets);
    let clients = sets.len();
    // Every client connects, then all start together; each runs for
    // `length` from there.
    let ready = Arc::new(Barrier::new(clients + 1 + usize::from(watched.is_some())));
    let mut threads = Vec::new();
    for (n, set) in sets.into_iter().enumerate() {
        let (store, counts, ready) = (
            setup.store.to_path_buf(),
            setup.counts.clone(),
            ready.clone(),
        );
        threads.push(std::thread::spawn(move || {
            load_client(&store, n as u64, &counts, set, mix, &ready, length)
        }));
    }
    let watching = watched.map(|watched| {
        let (store, ready) = (setup.store.to_path_buf(), ready.clone());
        std::thread::spawn(move || {
            changes_seen(
                &store,
                watched,
                CHANGES,
                Duration::from_millis(80),
                Some((&ready, length)),
            )
        })
    });
    let before = (cpu_time("self"), server.cpu_time(), load_average());
    ready.wait();
    let started = Instant::now();
    let tallies: Vec<Tally> = threads
        .into_iter()
        .map(|thread| thread.join().expect("a load client"))
        .collect();
    let elapsed = started.elapsed();
    let seen = watching.map(|thread| thread.join().expect("the notices' pair"));
    let after = (cpu_time("self"), server.cpu_time(), load_average());
    let mut times = Vec::new();
    for tally in tallies {
        times.extend(tally.times);
        setup.sets.push(tally.set);
        for (reference, (saves, last)) in tally.acknowledged {
            let entry = setup
                .acknowledged
                .entry(reference)
                .or_insert_with(|| (0, last.clone()));
            entry.0 += saves;
            entry.1 = last;
        }
    }
    Load {
        clients,
        length,
        times,
        elapsed,
        seen,
        server_cpu: after.1 - before.1,
        clients_cpu: after.0 - before.0,
        load_average: (before.2, after.2),
    }
}

/// p50 / p99 / slowest.
fn spread(mut times: Vec<Duration>) -> String {
    format!(
        "{} / {} / {}",
        millis(percentile(&mut times, 50.0)),
        millis(percentile(&mut times, 99.0)),
        millis(slowest(&times))
    )
}

fn load_figures(title: &str, load: &Load, figures: &mut Vec<(String, String)>) {
    let requests = load.times.len();
    figures.push((
        format!(
            "{title}{} clients for {:.0} s: requests answered per second (total)",
            load.clients,
            load.length.as_secs_f64()
        ),
        format!(
            "{:.0} /s ({requests} requests in {:.1} s)",
            load.rate(),
            load.elapsed.as_secs_f64()
        ),
    ));
    figures.push((
        "… latency, every request: p50 / p99 / slowest".into(),
        spread(load.times(None)),
    ));
    for op in [Op::Save, Op::List, Op::Get, Op::Find] {
        let times = load.times(Some(op));
        if times.is_empty() {
            continue;
        }
        figures.push((
            format!(
                "… {}: {} requests ({:.0} %), p50 / p99 / slowest",
                op.name(),
                times.len(),
                100.0 * times.len() as f64 / requests.max(1) as f64
            ),
            spread(times),
        ));
    }
    if let Some(seen) = &load.seen {
        notice_figures("during the load", seen, figures);
    }
    figures.push((
        "… CPU time meanwhile: the server / this benchmark's clients (2 cores); the machine's load average before, after".into(),
        format!(
            "{:.1} s / {:.1} s; {}, {}",
            load.server_cpu.as_secs_f64(),
            load.clients_cpu.as_secs_f64(),
            load.load_average.0,
            load.load_average.1
        ),
    ));
}

fn load_client(
    store: &Path,
    n: u64,
    counts: &HashMap<Kind, u64>,
    mut set: Vec<Record>,
    mix: [u64; 4],
    ready: &Barrier,
    length: Duration,
) -> Tally {
    let client = connect(store);
    let mut rng = Rng(0x5EED + n);
    let mut times = Vec::new();
    let mut acknowledged: Acknowledged = HashMap::new();
    let mut edits = 0u64;
    ready.wait();
    let until = Instant::now() + length;
    while Instant::now() < until {
        let kind = Kind::ALL[rng.below(Kind::ALL.len() as u64) as usize];
        let roll = rng.below(mix.iter().sum());
        let (op, took) = if roll < mix[0] {
            // A page of 50 by name: the first, or from a place in the
            // name index (two letters, "aa" to "zz").
            let mut request = ListRequest::first_page(kind, PAGE);
            if rng.below(4) > 0 {
                let prefix = vec![b'a' + rng.below(26) as u8, b'a' + rng.below(26) as u8];
                request.position = PagePosition::After(Cursor(prefix));
            }
            (Op::List, timed(|| list(&client, request)))
        } else if roll < mix[0] + mix[1] {
            let id = 1 + rng.below(counts[&kind]);
            let reference = RecordRef::new(kind, RecordId(id));
            (Op::Get, timed(|| drop(get(&client, reference))))
        } else if roll < mix[0] + mix[1] + mix[2] {
            let text = FIND_TEXTS[rng.below(FIND_TEXTS.len() as u64) as usize];
            (Op::Find, timed(|| find(&client, text)))
        } else if !set.is_empty() {
            let slot = rng.below(set.len() as u64) as usize;
            let mut record = set[slot].clone();
            edits += 1;
            edit(&mut record, n * 1_000_000 + edits);
            let started = Instant::now();
            let saved = save(&client, record);
            let took = started.elapsed();
            let entry = acknowledged
                .entry(saved.reference())
                .or_insert_with(|| (0, saved.clone()));
            entry.0 += 1;
            entry.1 = saved.clone();
            set[slot] = saved;
            (Op::Save, took)
        } else {
            // A small store: not enough records for this client to edit.
            std::thread::yield_now();
            continue;
        };
        times.push((op, took));
    }
    Tally {
        times,
        acknowledged,
        set,
    }
}

/// The records saved that are not as acknowledged: each must be at its
/// revision before the load plus its acknowledged saves, with the value
/// last saved.
fn verify(
    acknowledged: &HashMap<RecordRef, (u64, Record)>,
    initial: &HashMap<RecordRef, u64>,
    mut read: impl FnMut(RecordRef) -> Record,
) -> Vec<String> {
    let mut wrong = Vec::new();
    for (reference, (saves, last)) in acknowledged {
        let stored = read(*reference);
        let expected = initial.get(reference).copied().unwrap_or_default() + saves;
        if stored.meta().revision != expected || edited_value(&stored) != edited_value(last) {
            wrong.push(format!(
                "{reference:?}: revision {} (expected {expected}), {:?} (expected {:?})",
                stored.meta().revision,
                edited_value(&stored),
                edited_value(last)
            ));
        }
    }
    wrong
}
