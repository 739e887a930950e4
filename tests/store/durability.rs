//! What was acknowledged is what the store holds after it is closed and
//! opened again, and a bulk load killed at any moment leaves a consistent
//! store (whole batches or nothing).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::NaiveDate;
use passerelle::demo::{DemoOptions, generate};
use passerelle::domain::audit::FrontEnd;
use passerelle::domain::records::{Record, RecordRef};
use passerelle::domain::{Kind, RecordId};
use passerelle::service::delete::DeleteRequest;
use passerelle::service::get::RecordKey;
use passerelle::service::masking::present;
use passerelle::service::save::SaveRequest;
use passerelle::service::{Caller, Clock, Service};
use passerelle::store::{OpenOptions, Store, StoreError};

fn caller() -> Caller {
    Caller {
        account: "alice".into(),
        front_end: FrontEnd::Cli,
    }
}

/// Opens a store, waiting out the file lock a handle dropped in this
/// process may still hold for a moment (sled releases it from a thread).
fn open(path: &Path) -> Store {
    for _ in 0..100 {
        match Store::open(path, &OpenOptions::new("alice")) {
            Err(StoreError::Locked { .. }) => std::thread::sleep(Duration::from_millis(20)),
            other => return other.expect("store opens"),
        }
    }
    panic!("the store stayed locked");
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("valid")
}

#[test]
fn a_store_closed_and_reopened_holds_exactly_what_was_acknowledged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let caller = caller();
    // What each save or delete acknowledged, by record: `None` once deleted.
    let mut acknowledged: BTreeMap<RecordRef, Option<Record>> = BTreeMap::new();
    let total_before;
    {
        let service = Service::new(open(dir.path())).with_clock(Clock::fixed_on(today()));
        let written = generate(
            &service,
            &caller,
            &DemoOptions { size: 200, seed: 7 },
            &mut |_| {},
        )
        .expect("demonstration data");
        assert_eq!(written, 200);

        // Rename a few records of every kind that has a name of its own.
        for (kind, id) in [
            (Kind::School, 1),
            (Kind::Company, 2),
            (Kind::Contact, 3),
            (Kind::Learner, 4),
            (Kind::Event, 1),
        ] {
            let key = RecordKey::Id(RecordRef::new(kind, RecordId(id)));
            let mut record = service.get(&caller, &key).expect("exists").record;
            match &mut record {
                Record::School(r) => r.name = "Lycée Émile Zola (renommé)".into(),
                Record::Company(r) => r.name = "Boulangerie Renommée".into(),
                Record::Contact(r) => r.name = "Zoé Renommée".into(),
                Record::Learner(r) => r.name = "Noé Renommé".into(),
                Record::Event(r) => r.title = "Forum renommé".into(),
                _ => unreachable!(),
            }
            let saved = service
                .save(&caller, SaveRequest { record })
                .expect("saved")
                .record;
            assert_eq!(saved.meta().revision, 2);
            acknowledged.insert(saved.reference(), Some(saved));
        }
        // Delete placements, which nothing points at.
        for id in [1, 5, 9] {
            let target = RecordRef::new(Kind::Placement, RecordId(id));
            service
                .delete(
                    &caller,
                    &DeleteRequest {
                        target,
                        revision: Some(1),
                    },
                )
                .expect("deleted");
            acknowledged.insert(target, None);
        }
        total_before = service.status(&caller).expect("status").counts;
    }

    let store = open(dir.path());
    for (reference, expected) in &acknowledged {
        let stored = store
            .get(*reference)
            .expect("readable")
            .map(|r| present(&caller, r));
        assert_eq!(&stored, expected, "{reference:?}");
    }
    let service = Service::new(store).with_clock(Clock::fixed_on(today()));
    assert_eq!(
        service.status(&caller).expect("status").counts,
        total_before
    );
    let report = service.check(&caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(report.records, 197);
}

#[test]
fn a_bulk_load_killed_midway_leaves_whole_batches_and_a_clean_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--store")
        .arg(dir.path())
        .args(["demo", "--size", "200000", "--direct"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("demo starts");
    // Let it write some batches, whatever the machine's speed: wait until
    // the store's files grow, then kill it without warning.
    let db_file = dir.path().join("db");
    for _ in 0..500 {
        if std::fs::metadata(&db_file).is_ok_and(|m| m.len() > 2_000_000) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().expect("killed");
    child.wait().expect("reaped");

    let service = Service::new(open(dir.path()));
    // The binary created the store: its account is the admin.
    let creator = Caller::current_process(FrontEnd::Cli);
    let report = service.check(&creator).expect("check runs");
    assert!(
        report.is_clean(),
        "{:?}",
        &report.problems[..report.problems.len().min(5)]
    );
    assert!(report.records > 0, "some batches were written");
    // Batches are whole.
    let batch = passerelle::service::bulk::BATCH_SIZE as u64;
    assert_eq!(report.records % batch, 0, "{} records", report.records);
}
