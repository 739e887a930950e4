//! A store that cannot be used is refused with a clear message and exit
//! code, never a panic, and never rewritten: locked by another process,
//! written by a newer schema, damaged, or at a path that cannot be made.

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{open_raw, passerelle, stderr, stdout};

use passerelle::store::{OpenOptions, Store, StoreError};

/// Exit code for "the store cannot be used" (docs/commands.md).
const STORE_UNAVAILABLE: i32 = 5;

fn assert_no_panic(output: &Output) {
    let err = stderr(output);
    assert!(!err.contains("panicked"), "a panic reached the user: {err}");
}

/// A store with demonstration data, closed.
fn demo_store(dir: &Path) {
    let output = passerelle(dir, &["demo", "--size", "60"]);
    assert!(output.status.success(), "demo failed: {}", stderr(&output));
}

/// Replaces one value in the store's raw sled database.
fn poke(dir: &Path, tree: &str, key: &[u8], value: &[u8]) {
    let db = open_raw(dir);
    db.open_tree(tree)
        .expect("tree")
        .insert(key, value)
        .expect("insert");
    db.flush().expect("flush");
}

fn peek(dir: &Path, tree: &str, key: &[u8]) -> Option<Vec<u8>> {
    let db = open_raw(dir);
    db.open_tree(tree)
        .expect("tree")
        .get(key)
        .expect("get")
        .map(|v| v.to_vec())
}

#[test]
fn a_store_held_by_another_process_is_refused_naming_its_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    // Created by the account the binary runs as, which is then its admin.
    let me = passerelle::service::Caller::current_process(passerelle::domain::audit::FrontEnd::Cli)
        .account;
    let held = Store::open(&store, &OpenOptions::new(me)).expect("first open");

    let output = passerelle(&store, &["status"]);
    assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE));
    let message = stderr(&output);
    assert!(message.contains(&store.display().to_string()), "{message}");
    assert!(message.contains("déjà ouverte"), "{message}");
    assert_no_panic(&output);

    // In the same process too.
    assert!(matches!(
        Store::open(&store, &OpenOptions::new("bob")),
        Err(StoreError::Locked { .. })
    ));
    drop(held);
    assert!(
        passerelle(&store, &["status"]).status.success(),
        "usable once released"
    );
}

#[test]
fn a_store_of_a_newer_schema_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    demo_store(dir.path());
    poke(dir.path(), "meta", b"schema_version", &9u16.to_be_bytes());

    let output = passerelle(dir.path(), &["status"]);
    assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE));
    let message = stderr(&output);
    assert!(message.contains("version plus récente"), "{message}");
    assert!(message.contains("schéma 9"), "{message}");
    assert_no_panic(&output);

    // Nothing rewritten: the version and the records are still there.
    assert_eq!(
        peek(dir.path(), "meta", b"schema_version"),
        Some(9u16.to_be_bytes().to_vec())
    );
    assert!(peek(dir.path(), "records/school", &1u64.to_be_bytes()).is_some());
}

#[test]
fn an_unreadable_schema_version_is_refused_at_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    demo_store(dir.path());
    poke(dir.path(), "meta", b"schema_version", b"???");
    let output = passerelle(dir.path(), &["list", "schools"]);
    assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE));
    assert!(
        stderr(&output).contains("endommagée"),
        "{}",
        stderr(&output)
    );
    assert_no_panic(&output);
}

#[test]
fn a_database_that_is_not_a_passerelle_store_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    poke(dir.path(), "someone-else", b"key", b"value");
    let output = passerelle(dir.path(), &["status"]);
    assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE));
    assert!(
        stderr(&output).contains("ne forment pas une base passerelle"),
        "{}",
        stderr(&output)
    );
    assert!(
        peek(dir.path(), "meta", b"schema_version").is_none(),
        "nothing written"
    );
}

#[test]
fn a_damaged_record_is_reported_and_never_misread() {
    let dir = tempfile::tempdir().expect("tempdir");
    demo_store(dir.path());
    // A valid header (codec 1, version 1) around a payload that is not a school.
    poke(
        dir.path(),
        "records/school",
        &1u64.to_be_bytes(),
        &[1, 0, 1, 0xFF, 0xFF, 0xFF],
    );

    let shown = passerelle(dir.path(), &["show", "school", "1"]);
    assert_eq!(shown.status.code(), Some(STORE_UNAVAILABLE));
    assert!(stderr(&shown).contains("endommagé"), "{}", stderr(&shown));
    assert!(
        stdout(&shown).is_empty(),
        "nothing half-shown: {}",
        stdout(&shown)
    );
    assert_no_panic(&shown);

    let checked = passerelle(dir.path(), &["check"]);
    assert_eq!(
        checked.status.code(),
        Some(1),
        "check reports problems with exit 1: {}",
        stderr(&checked)
    );
    assert!(
        stdout(&checked).contains("établissement n° 1 illisible"),
        "{}",
        stdout(&checked)
    );

    // Other records are still served.
    assert!(
        passerelle(dir.path(), &["show", "school", "2"])
            .status
            .success()
    );
}

#[test]
fn a_record_of_an_unknown_codec_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    demo_store(dir.path());
    let mut bytes = peek(dir.path(), "records/company", &1u64.to_be_bytes()).expect("company 1");
    bytes[0] = 42;
    poke(dir.path(), "records/company", &1u64.to_be_bytes(), &bytes);
    let shown = passerelle(dir.path(), &["show", "company", "1"]);
    assert_eq!(shown.status.code(), Some(STORE_UNAVAILABLE));
    assert!(
        stderr(&shown).contains("unknown codec 42"),
        "{}",
        stderr(&shown)
    );
}

#[test]
fn a_path_that_cannot_be_created_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"not a directory").expect("file");
    let output = passerelle(&file.join("store"), &["status"]);
    assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE));
    let message = stderr(&output);
    assert!(message.contains("Impossible de créer"), "{message}");
    assert!(message.contains("--store"), "says what to do: {message}");
    assert_no_panic(&output);
}

#[test]
fn garbage_in_sled_files_gives_a_message_not_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    demo_store(dir.path());
    let db_file = dir.path().join("db");
    let mut bytes = std::fs::read(&db_file).expect("sled file");
    for (index, byte) in bytes.iter_mut().enumerate() {
        *byte = (index as u8).wrapping_mul(31).wrapping_add(7);
    }
    std::fs::write(&db_file, bytes).expect("overwritten");
    let output = passerelle(dir.path(), &["status"]);
    // sled reads garbage as an empty database: that must not pass for a
    // new, empty store.
    assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE), "{output:?}");
    assert!(
        stderr(&output).contains("ne forment pas une base passerelle"),
        "{}",
        stderr(&output)
    );
    assert_no_panic(&output);
    assert!(
        peek(dir.path(), "meta", b"schema_version").is_none(),
        "not re-created"
    );
}

#[test]
fn check_reports_damaged_counters_and_a_truncated_audit_trail() {
    let dir = tempfile::tempdir().expect("tempdir");
    demo_store(dir.path());
    poke(dir.path(), "counters", &[9, 9, 9], &[1, 2, 3]);
    poke(
        dir.path(),
        "meta",
        b"audit_sequence",
        &1_000u64.to_be_bytes(),
    );

    let status = passerelle(dir.path(), &["status"]);
    assert_eq!(status.status.code(), Some(STORE_UNAVAILABLE));
    assert!(
        stderr(&status).contains("passerelle check"),
        "says what to run: {}",
        stderr(&status)
    );

    let checked = passerelle(dir.path(), &["check"]);
    assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
    let report = stdout(&checked);
    assert!(report.contains("compteur 090909 illisible"), "{report}");
    assert!(
        report.contains("à 1000 are missing") || report.contains("to 1000 are missing"),
        "{report}"
    );
}

#[test]
fn a_store_whose_creation_was_interrupted_is_created_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    // sled's files and the creator written, then the process died before
    // the schema version and the marker.
    poke(dir.path(), "meta", b"created_by", b"alice");
    let output = passerelle(dir.path(), &["status"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.path().join("passerelle-store").exists());
    assert!(peek(dir.path(), "meta", b"schema_version").is_some());
}

#[test]
fn check_names_the_damaged_indexes_in_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    demo_store(dir.path());
    {
        let raw = open_raw(dir.path());
        // A school's name entry gone, and a word entry for a record
        // that does not exist.
        let names = raw.open_tree("index/name/school").expect("tree");
        let (key, _) = names.iter().next().expect("an entry").expect("reads");
        names.remove(key).expect("removed");
        let words = raw.open_tree("index/words").expect("tree");
        let (key, value) = words.iter().next().expect("an entry").expect("reads");
        let mut stray = key.to_vec();
        let at = stray.len() - 8;
        stray[at..].copy_from_slice(&u64::MAX.to_be_bytes());
        words.insert(stray, value).expect("inserted");
        raw.flush().expect("flushed");
    }
    let checked = passerelle(dir.path(), &["check"]);
    assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
    let said = stdout(&checked);
    assert!(
        said.contains("absent de l'index des noms (établissements)"),
        "{said}"
    );
    assert!(said.contains("l'index des mots des noms"), "{said}");
    // No tree's internal name on a French screen.
    assert!(!said.contains("index/"), "{said}");
}

/// Every file of a directory with a hash of its bytes, to see that
/// nothing changed.
fn contents(dir: &Path) -> Vec<(std::path::PathBuf, u64)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                use std::hash::{Hash, Hasher};
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                std::fs::read(&path).expect("file").hash(&mut hasher);
                files.push((path, hasher.finish()));
            }
        }
    }
    files.sort();
    files
}

fn audit_count(dir: &Path) -> usize {
    open_raw(dir).open_tree("audit").expect("audit").len()
}

#[test]
fn salvage_takes_every_readable_record_into_a_new_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let damaged = dir.path().join("damaged");
    demo_store(&damaged);
    let status = |store: &Path| {
        let output = passerelle(store, &["status", "--json"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        value["counts"]
            .as_array()
            .expect("counts")
            .iter()
            .map(|count| count["total"].as_u64().expect("a total"))
            .sum::<u64>()
    };
    let records = status(&damaged);
    // One record whose value no longer reads: a school that others point at.
    poke(
        &damaged,
        "records/school",
        &1u64.to_be_bytes(),
        &[1, 0, 1, 0xFF, 0xFF, 0xFF],
    );
    // Its sequence of school numbers lost too: the new store must not
    // hand out a number a school has.
    let highest_school = {
        let db = open_raw(&damaged);
        db.open_tree("meta")
            .expect("meta")
            .remove("last_id/school")
            .expect("removed");
        db.flush().expect("flushed");
        let schools = db.open_tree("records/school").expect("schools");
        let (key, _) = schools.last().expect("read").expect("a school");
        u64::from_be_bytes(key.as_ref().try_into().expect("an id"))
    };
    let trail = audit_count(&damaged);
    let before = contents(&damaged);

    let new = dir.path().join("new");
    let output = passerelle(&new, &["salvage", damaged.to_str().expect("UTF-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert_no_panic(&output);
    assert!(said.contains("fiches reprises"), "{said}");
    assert!(
        said.contains("1 fiche illisible : établissement n° 1"),
        "{said}"
    );
    assert!(
        said.contains("qui pointent vers une fiche illisible"),
        "{said}"
    );
    assert!(
        said.contains("« check » de la nouvelle base : cohérente"),
        "{said}"
    );
    assert_eq!(contents(&damaged), before, "the damaged store is only read");
    assert_eq!(
        common::names_in(dir.path()),
        ["damaged", "new"],
        "the working copy is gone"
    );

    // The new store: what did not read is missing, the rest served as it was.
    let taken = status(&new);
    assert!(
        taken < records - 1 && taken > records / 2,
        "{taken} of {records}"
    );
    assert!(
        said.contains(&format!(
            "Base refaite dans {} : {taken} fiches",
            new.display()
        )),
        "{said}"
    );
    let school = passerelle(&new, &["show", "school", "2", "--json"]);
    assert!(school.status.success(), "{}", stderr(&school));
    let shown: serde_json::Value = serde_json::from_slice(&school.stdout).expect("JSON");
    assert_eq!(
        shown["record"]["school"]["meta"]["id"], 2,
        "numbers are kept"
    );
    let school = passerelle(&new, &["show", "school", "1"]);
    assert_eq!(school.status.code(), Some(3), "{}", stderr(&school));
    let check = passerelle(&new, &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    // The old trail, then the salvage's own entry.
    assert_eq!(audit_count(&new), trail + 1);
    let last_school = open_raw(&new)
        .open_tree("meta")
        .expect("meta")
        .get("last_id/school")
        .expect("read")
        .expect("set again");
    assert_eq!(
        u64::from_be_bytes(last_school.as_ref().try_into().expect("a number")),
        highest_school
    );
    let audit = stdout(&passerelle(&new, &["audit", "--limit", "1"]));
    assert!(
        audit.contains("base refaite d'une base endommagée"),
        "{audit}"
    );
}

#[test]
fn salvage_of_a_healthy_store_takes_everything_and_refuses_a_full_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    let healthy = dir.path().join("healthy");
    demo_store(&healthy);
    let new = dir.path().join("new");
    let output = passerelle(&new, &["salvage", healthy.to_str().expect("UTF-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("Tout ce que la base endommagée contenait a été repris"),
        "{}",
        stdout(&output)
    );
    let old = stdout(&passerelle(&healthy, &["status", "--json"]));
    let remade = stdout(&passerelle(&new, &["status", "--json"]));
    let counts = |text: &str| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(text).expect("JSON")["counts"].clone()
    };
    assert_eq!(counts(&old), counts(&remade));

    // Never over a store, never from what is no store.
    let again = passerelle(&new, &["salvage", healthy.to_str().expect("UTF-8")]);
    assert_eq!(again.status.code(), Some(4), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("n'est pas vide"),
        "{}",
        stderr(&again)
    );
    let nothing = dir.path().join("nothing");
    std::fs::create_dir(&nothing).expect("made");
    let elsewhere = dir.path().join("elsewhere");
    let output = passerelle(&elsewhere, &["salvage", nothing.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!elsewhere.exists(), "nothing made");

    // Never inside the damaged store itself.
    let inside = healthy.join("new");
    let output = passerelle(&inside, &["salvage", healthy.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("est dans le dossier"),
        "{}",
        stderr(&output)
    );
    assert!(!inside.exists(), "nothing left");

    // Files sled cannot read: salvage cannot help, and says what can.
    let db_file = healthy.join("db");
    let mut bytes = std::fs::read(&db_file).expect("sled file");
    for (index, byte) in bytes.iter_mut().enumerate() {
        *byte = (index as u8).wrapping_mul(31).wrapping_add(7);
    }
    std::fs::write(&db_file, bytes).expect("overwritten");
    let output = passerelle(&elsewhere, &["salvage", healthy.to_str().expect("UTF-8")]);
    assert_eq!(
        output.status.code(),
        Some(STORE_UNAVAILABLE),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("passerelle restore"),
        "{}",
        stderr(&output)
    );
    assert_no_panic(&output);
    assert!(!elsewhere.exists(), "nothing made");
}
