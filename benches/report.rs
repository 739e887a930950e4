//! The yearly report's figures at scale (docs/performance.md reports them), on
//! the store the foundation benchmark makes (`target/bench-store-N`,
//! made here when missing; `PASSERELLE_BENCH_REUSE=1` keeps it):
//!
//! - `Service::report` on the school year of the day the store was
//!   made (the demo's records gather around it) and the year before:
//!   the first in this process, then the median of five;
//! - against it, what reading every dated record would cost (a scan of
//!   the four dated kinds' records), which the report does not do;
//! - `passerelle report --format html` as a whole process, and its peak
//!   memory.
//!
//! `cargo bench --bench report`; `PASSERELLE_BENCH_SIZE=100000` for a
//! quicker look.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use passerelle::domain::Kind;
use passerelle::domain::audit::FrontEnd;
use passerelle::domain::dates::SchoolYear;
use passerelle::service::report::{Report, ReportRequest};
use passerelle::service::{Caller, Service};
use passerelle::store::{OpenOptions, Store};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Set: this process runs its arguments as a command and prints the
/// command's peak resident memory in KiB.
const PEAK_MEMORY_OF: &str = "PASSERELLE_BENCH_PEAK_MEMORY";

fn main() {
    if std::env::var(PEAK_MEMORY_OF).is_ok() {
        peak_memory_of_command();
        return;
    }
    let size: u64 = std::env::var("PASSERELLE_BENCH_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let store = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-store-{size}"));
    let reuse = std::env::var("PASSERELLE_BENCH_REUSE").is_ok();
    // Beside the store: its directory holds only the store.
    let made = store.with_extension("made");
    println!(
        "passerelle report benchmark: {size} records, store {}",
        store.display()
    );
    if !(reuse && made.exists()) {
        let _ = std::fs::remove_dir_all(&store);
        let _ = std::fs::remove_file(&made);
        let started = Instant::now();
        run(&store, &["demo", "--size", &size.to_string()]);
        println!("  demo made in {:.1} s", started.elapsed().as_secs_f64());
        std::fs::write(&made, b"").expect("marker written");
    }
    // The demo's records gather around the day it was made.
    let made_on: chrono::NaiveDate = std::fs::metadata(&made)
        .and_then(|m| m.modified())
        .map(|t| chrono::DateTime::<chrono::Local>::from(t).date_naive())
        .expect("the marker's date");
    let year = SchoolYear::containing(made_on);
    let mut figures: Vec<(String, String)> = Vec::new();

    {
        let service =
            Service::new(Store::open(&store, &OpenOptions::new("bench")).expect("store opens"));
        let caller = Caller::current_process(FrontEnd::Cli);
        let request = ReportRequest {
            year,
            remarks: true,
        };
        let mut report: Option<Report> = None;
        let first = timed(|| report = Some(service.report(&caller, &request).expect("report")));
        figures.push((
            format!(
                "report {year} (and {}), first in the process",
                year.previous()
            ),
            millis(first),
        ));
        let again = repeat(5, || {
            service.report(&caller, &request).expect("report");
        });
        figures.push(("the same, median of 5".into(), millis(again)));
        if let Some(report) = report {
            let read = |y: &passerelle::service::report::YearFigures| {
                y.placements.total().total()
                    + y.immersions.total().total()
                    + y.events.events_total().total()
            };
            figures.push((
                "records of the two years read (placements, immersions, events)".into(),
                format!("{}", read(&report.current) + read(&report.previous)),
            ));
            figures.push((
                "companies involved in the year".into(),
                format!("{}", report.current.companies.involved),
            ));
        }
        drop(service);
        // What a scan would read: every record of the dated kinds.
        let opened = Store::open(&store, &OpenOptions::new("bench")).expect("store opens");
        let scan = timed(|| {
            let mut records = 0u64;
            for kind in [
                Kind::Placement,
                Kind::Immersion,
                Kind::Event,
                Kind::Agreement,
            ] {
                for record in opened.records(kind) {
                    record.expect("a record");
                    records += 1;
                }
            }
            assert!(records > 0);
        });
        figures.push((
            "for comparison: reading every dated record once (a scan)".into(),
            millis(scan),
        ));
    }

    let output = store.with_extension("report.html");
    let year_text = year.to_string();
    let args = [
        "report",
        "--year",
        year_text.as_str(),
        "--format",
        "html",
        "--output",
        output.to_str().expect("a UTF-8 path"),
    ];
    let whole = repeat(3, || run(&store, &args));
    figures.push((
        "passerelle report --format html, whole process (median of 3)".into(),
        millis(whole),
    ));
    let kib = peak_memory(&store, &args);
    figures.push((
        "peak memory: passerelle report".into(),
        format!("{:.0} MB", kib as f64 / 1024.0),
    ));
    let _ = std::fs::remove_file(&output);

    for (label, value) in figures {
        println!("  {label}: {value}");
    }
}

/// Runs `passerelle --store STORE ARGS`, output discarded; panics on failure.
fn run(store: &Path, args: &[&str]) {
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

/// Peak resident memory (KiB) of `passerelle ARGS`, measured by a fresh
/// intermediate process so no other child is counted.
fn peak_memory(store: &Path, args: &[&str]) -> u64 {
    let output = Command::new(std::env::current_exe().expect("own path"))
        .env(PEAK_MEMORY_OF, "1")
        .arg(env!("CARGO_BIN_EXE_passerelle"))
        .env("PASSERELLE_DIRECT", "1")
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .expect("measure runs");
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

fn timed(work: impl FnOnce()) -> Duration {
    let started = Instant::now();
    work();
    started.elapsed()
}

fn repeat(count: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..count).map(|_| timed(&mut work)).collect();
    times.sort();
    times[times.len() / 2]
}

fn millis(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}
