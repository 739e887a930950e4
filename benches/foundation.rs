//! The foundation's figures at scale (docs/performance.md reports them):
//!
//! - `demo --size N`: records written per second;
//! - `status` as a whole process against a process that only opens the
//!   same store with sled, run alternately in the same run;
//! - resident memory of `status` and `list`;
//! - a page of 50 by name, the pending placements of one school;
//! - a save (flushed), median.
//!
//! `cargo bench --bench foundation` runs it at a million records (about
//! five minutes here); `PASSERELLE_BENCH_SIZE=100000` for a quicker look.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use passerelle::domain::audit::FrontEnd;
use passerelle::domain::records::{Record, RecordRef};
use passerelle::domain::{Academie, Kind, RecordId, Restricted};
use passerelle::service::find::FindRequest;
use passerelle::service::get::RecordKey;
use passerelle::service::list::{Cursor, ListRequest, PagePosition, StatusFilter};
use passerelle::service::save::SaveRequest;
use passerelle::service::{Caller, Service};
use passerelle::store::{DEFAULT_CACHE_BYTES, OpenOptions, Store};

mod common;

use common::{FIND_TEXTS, median, megabytes, micros, millis, repeat, run_direct, timed};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Set to a store path: this process only opens it with sled and exits.
const OPEN_ONLY: &str = "PASSERELLE_BENCH_OPEN_ONLY";
/// Set: this process runs its arguments as a command and prints the
/// command's peak resident memory in KiB.
const PEAK_MEMORY_OF: &str = "PASSERELLE_BENCH_PEAK_MEMORY";

fn main() {
    if std::env::var(PEAK_MEMORY_OF).is_ok() {
        peak_memory_of_command();
        return;
    }
    if let Ok(path) = std::env::var(OPEN_ONLY) {
        open_only(Path::new(&path));
        return;
    }
    let size = common::bench_size();
    let reuse = common::reuse();
    println!(
        "passerelle foundation benchmark: {size} records, store {}",
        common::store_path(size).display()
    );
    let mut figures: Vec<(String, String)> = Vec::new();

    // PASSERELLE_BENCH_REUSE=1 keeps the store between runs (the demo is
    // then measured only when the store is made).
    let (store, made) = common::ensure_store(size);
    if let Some(took) = made {
        let seconds = took.as_secs_f64();
        figures.push((
            "demo --size".into(),
            format!("{:.0} records/s ({seconds:.1} s)", size as f64 / seconds),
        ));
    }

    if !reuse || std::env::var("PASSERELLE_BENCH_SLED").is_ok() {
        let rate = sled_alone(size);
        figures.push((
            "sled alone: transactions of 250 records × 5 writes, flushed (the demo's shape)".into(),
            format!("{rate:.0} records/s"),
        ));
    }

    // Warm the page cache of the files for both, then alternate.
    run_direct(&store, &["status"]);
    open_only_process(&store);
    let mut status_times = Vec::new();
    let mut open_times = Vec::new();
    for _ in 0..15 {
        status_times.push(timed(|| run_direct(&store, &["status"])));
        open_times.push(timed(|| open_only_process(&store)));
    }
    let (status, open) = (median(&mut status_times), median(&mut open_times));
    figures.push((
        "status, whole process (median of 15)".into(),
        millis(status),
    ));
    figures.push((
        "sled open only, whole process (median of 15)".into(),
        millis(open),
    ));
    figures.push((
        "status minus open".into(),
        format!(
            "{:+.1} ms",
            (status.as_secs_f64() - open.as_secs_f64()) * 1000.0
        ),
    ));

    for (label, args) in [
        ("peak memory: status", vec!["status"]),
        ("peak memory: list placements", vec!["list", "placements"]),
        ("peak memory: sled open only", vec![]),
    ] {
        let kib = peak_memory(&store, &args);
        figures.push((label.into(), megabytes(kib)));
    }

    let service =
        Service::new(Store::open(&store, &OpenOptions::new("bench")).expect("store opens"));
    let caller = Caller::current_process(FrontEnd::Cli);
    in_process(&service, &caller, &mut figures);

    common::print_figures(&figures);
    drop(service);
    if !reuse {
        let _ = std::fs::remove_dir_all(&store);
    }
}

fn in_process(service: &Service, caller: &Caller, figures: &mut Vec<(String, String)>) {
    let list = |request: &ListRequest| service.list(caller, request).expect("lists");

    // Every read is measured twice: the first time a page is read in this
    // process (sled reads its pages from disk: "first read") and again
    // (from sled's cache: "again"), as a long-running TUI or server would.
    let first = ListRequest::first_page(Kind::School, 50);
    figures.push((
        "page of 50 schools by name, first read".into(),
        micros(timed(|| drop(list(&first)))),
    ));
    figures.push((
        "page of 50 schools by name, again (median of 200)".into(),
        micros(repeat(200, || drop(list(&first)))),
    ));

    // Pages of placements from 100 points of the name index (learners'
    // names from "ba…" to "zy…").
    let points: Vec<ListRequest> = (0..100u8)
        .map(|n| {
            let mut request = ListRequest::first_page(Kind::Placement, 50);
            let prefix = vec![b'b' + n % 24, b'a' + (n * 7) % 26];
            request.position = PagePosition::After(Cursor(prefix));
            request
        })
        .collect();
    let walk = |requests: &[ListRequest]| {
        let mut times: Vec<Duration> = requests.iter().map(|r| timed(|| drop(list(r)))).collect();
        median(&mut times)
    };
    figures.push((
        "page of 50 placements by name, first read (median of 100 places)".into(),
        micros(walk(&points)),
    ));
    figures.push((
        "page of 50 placements by name, again".into(),
        micros(walk(&points)),
    ));

    let mut versailles = ListRequest::first_page(Kind::Company, 50);
    versailles.academie = Some(Academie::Versailles);
    figures.push((
        "page of 50 companies of one académie, first read".into(),
        micros(timed(|| drop(list(&versailles)))),
    ));
    figures.push((
        "page of 50 companies of one académie, again".into(),
        micros(repeat(200, || drop(list(&versailles)))),
    ));

    let schools = service
        .list(caller, &ListRequest::first_page(Kind::School, 100))
        .expect("schools")
        .rows;
    let pending: Vec<ListRequest> = schools
        .iter()
        .map(|school| {
            let mut request = ListRequest::first_page(Kind::Placement, 50);
            request.linked_to = Some(school.record.reference());
            request.status = Some(StatusFilter::PlacementPending);
            request
        })
        .collect();
    figures.push((
        "pending placements of one school, first read (median of 100 schools)".into(),
        micros(walk(&pending)),
    ));
    figures.push((
        "pending placements of one school, again".into(),
        micros(walk(&pending)),
    ));

    // The finder over every kind, for texts as people type them.
    let texts = FIND_TEXTS;
    let find = |text: &str| {
        let request = FindRequest {
            text: text.into(),
            limit: 20,
        };
        drop(service.find(caller, &request).expect("finds"));
    };
    for round in ["first read", "again"] {
        let mut times: Vec<Duration> = texts.iter().map(|t| timed(|| find(t))).collect();
        let slowest = times.iter().max().copied().unwrap_or_default();
        figures.push((
            format!("finder, {round}: median (slowest) of {} texts", texts.len()),
            format!("{} ({})", millis(median(&mut times)), millis(slowest)),
        ));
    }

    // Saves: a note changed on placements, each flushed before it returns.
    let mut times = Vec::new();
    for id in 1..=200u64 {
        let key = RecordKey::Id(RecordRef::new(Kind::Placement, RecordId(id)));
        let mut record = service.get(caller, &key).expect("placement").record;
        if let Record::Placement(placement) = &mut record {
            placement.notes = Restricted::Clear(format!("Relance n° {id}"));
        }
        let started = Instant::now();
        service.save(caller, SaveRequest { record }).expect("saved");
        times.push(started.elapsed());
    }
    let median_save = median(&mut times);
    let p90 = times[times.len() * 9 / 10];
    figures.push((
        "save, flushed (median of 200)".into(),
        format!("{} (p90 {})", millis(median_save), millis(p90)),
    ));
}

/// What sled itself sustains for writes shaped like the demo's: per
/// record one 150-byte value under a sequential key and four 20-byte
/// index entries under scattered keys, in transactions of 250 records
/// flushed one by one. The ceiling a bulk load in sled transactions can
/// reach on this machine.
fn sled_alone(records: u64) -> f64 {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-sled-alone");
    let _ = std::fs::remove_dir_all(&path);
    let db = sled::Config::new()
        .path(&path)
        .cache_capacity(DEFAULT_CACHE_BYTES)
        .open()
        .expect("sled opens");
    let trees: Vec<sled::Tree> = (0..5)
        .map(|t| db.open_tree(format!("t{t}")).expect("tree"))
        .collect();
    let trees: Vec<&sled::Tree> = trees.iter().collect();
    let started = Instant::now();
    let mut first = 0;
    while first < records {
        let last = (first + 250).min(records);
        let result: Result<(), sled::transaction::TransactionError<()>> =
            sled::Transactional::transaction(trees.as_slice(), |views| {
                for n in first..last {
                    views[0].insert(&n.to_be_bytes(), vec![7u8; 150])?;
                    for (t, view) in views.iter().enumerate().skip(1) {
                        let scattered = n
                            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                            .rotate_left(t as u32 * 8);
                        let mut key = format!("{scattered:016x} name").into_bytes();
                        key.extend_from_slice(&n.to_be_bytes());
                        view.insert(key, vec![1u8; 20])?;
                    }
                }
                Ok(())
            });
        result.expect("transaction");
        db.flush().expect("flush");
        first = last;
    }
    let rate = records as f64 / started.elapsed().as_secs_f64();
    drop(db);
    let _ = std::fs::remove_dir_all(&path);
    rate
}

fn open_only_process(store: &Path) {
    let status = Command::new(std::env::current_exe().expect("own path"))
        .env(OPEN_ONLY, store)
        .status()
        .expect("probe runs");
    assert!(status.success());
}

/// What "merely opening the store with sled" costs: the same
/// configuration as the store, and one read to be sure it is open.
fn open_only(path: &Path) {
    let db = sled::Config::new()
        .path(path)
        .cache_capacity(DEFAULT_CACHE_BYTES)
        .open()
        .expect("sled opens");
    let meta = db.open_tree("meta").expect("meta");
    assert!(meta.get("schema_version").expect("reads").is_some());
}

/// Peak resident memory (KiB) of `passerelle ARGS`, or of the open-only
/// probe when `args` is empty, measured by a fresh intermediate process
/// so no other child is counted.
fn peak_memory(store: &Path, args: &[&str]) -> u64 {
    let mut command = Command::new(std::env::current_exe().expect("own path"));
    command.env(PEAK_MEMORY_OF, "1");
    if args.is_empty() {
        command
            .arg(std::env::current_exe().expect("own path"))
            .env(OPEN_ONLY, store);
    } else {
        command
            .arg(env!("CARGO_BIN_EXE_passerelle"))
            .env("PASSERELLE_DIRECT", "1")
            .arg("--store")
            .arg(store)
            .args(args);
    }
    let output = command.output().expect("measure runs");
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("a number of KiB")
}

fn peak_memory_of_command() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let status = Command::new(&args[0])
        .args(&args[1..])
        .env_remove(PEAK_MEMORY_OF)
        .stdout(Stdio::null())
        .status()
        .expect("command runs");
    assert!(status.success());
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .expect("rusage");
    println!("{}", usage.max_rss());
}
