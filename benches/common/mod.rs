//! What the benchmarks share: the store they measure (demonstration data
//! made with `passerelle demo` in `target/bench-store-N`, kept between
//! runs with `PASSERELLE_BENCH_REUSE=1`) and the timing helpers.

// Each benchmark uses a part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What the finder is asked, as people type: one letter (the seeks read
/// their whole budget), a word's start, letters in order, a surname, a
/// UAI's start, nothing found.
pub const FIND_TEXTS: [&str; 9] = [
    "m",
    "lyc",
    "lyc vltr",
    "martin",
    "ines dup",
    "garage mor",
    "moreau",
    "0750",
    "xyzzy",
];

/// Records in the large store: `PASSERELLE_BENCH_SIZE`, a million by
/// default.
pub fn bench_size() -> u64 {
    std::env::var("PASSERELLE_BENCH_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

/// `PASSERELLE_BENCH_REUSE` set: stores are kept between runs and made
/// only when missing.
pub fn reuse() -> bool {
    std::env::var("PASSERELLE_BENCH_REUSE").is_ok()
}

/// Where the store of `records` demonstration records lives: on the
/// project's disk, not a memory file system, so that flushes cost what
/// they cost.
pub fn store_path(records: u64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-store-{records}"))
}

/// The store of `records` demonstration records, made anew unless it is
/// reused (and was made whole: its `made` marker is written last). The
/// time the demo took when it was made here.
pub fn ensure_store(records: u64) -> (PathBuf, Option<Duration>) {
    let store = store_path(records);
    // Beside the store: its directory holds only the store.
    let made = store.with_extension("made");
    if reuse() && made.exists() {
        return (store, None);
    }
    let _ = std::fs::remove_dir_all(&store);
    let _ = std::fs::remove_file(&made);
    let took = timed(|| run_direct(&store, &["demo", "--size", &records.to_string()]));
    std::fs::write(&made, b"").expect("marker written");
    (store, Some(took))
}

/// Runs `passerelle --store STORE ARGS` with the store opened in its own
/// process (`PASSERELLE_DIRECT=1`), output discarded; panics on failure.
pub fn run_direct(store: &Path, args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .env("PASSERELLE_DIRECT", "1")
        .arg("--store")
        .arg(store)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("passerelle runs");
    assert!(status.success(), "passerelle {args:?} failed");
}

pub fn timed(work: impl FnOnce()) -> Duration {
    let started = Instant::now();
    work();
    started.elapsed()
}

/// The median duration of `count` runs of `work`.
pub fn repeat(count: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..count).map(|_| timed(&mut work)).collect();
    median(&mut times)
}

pub fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The `percent` percentile (nearest rank) of `times`; zero when empty.
pub fn percentile(times: &mut [Duration], percent: f64) -> Duration {
    if times.is_empty() {
        return Duration::ZERO;
    }
    times.sort();
    let rank = ((percent / 100.0) * times.len() as f64).ceil() as usize;
    times[rank.clamp(1, times.len()) - 1]
}

pub fn slowest(times: &[Duration]) -> Duration {
    times.iter().max().copied().unwrap_or_default()
}

pub fn millis(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

pub fn micros(duration: Duration) -> String {
    format!("{:.0} µs", duration.as_secs_f64() * 1_000_000.0)
}

/// KiB as megabytes (MiB), as docs/performance.md gives memory.
pub fn megabytes(kib: u64) -> String {
    format!("{:.0} MB", kib as f64 / 1024.0)
}

/// Prints the figures as the Markdown table docs/performance.md takes them from.
pub fn print_figures(figures: &[(String, String)]) {
    println!();
    println!("| measure | figure |");
    println!("|---|---|");
    for (measure, figure) in figures {
        println!("| {measure} | {figure} |");
    }
}

/// `passerelle serve` for `store`, started as a child of the benchmark
/// and waited for until it answers (two minutes at most; it is killed
/// if it does not). `--exit-when-idle 600` is a net in case the
/// benchmark dies without stopping it.
pub fn start_server(store: &Path) -> Child {
    use passerelle::client::connection::Client;
    use passerelle::domain::audit::FrontEnd;
    assert!(
        Client::connect(store, FrontEnd::Cli).is_err(),
        "a server already answers for {}: stop it first",
        store.display()
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("serve")
        .arg("--store")
        .arg(store)
        .args(["--exit-when-idle", "600"])
        .env_remove("PASSERELLE_DIRECT")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("passerelle serve starts");
    let started = Instant::now();
    while Client::connect(store, FrontEnd::Cli).is_err() {
        if let Some(status) = child.try_wait().expect("waits") {
            panic!("the server stopped at start: {status}");
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("the server did not answer within 2 minutes");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}
