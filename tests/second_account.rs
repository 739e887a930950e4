//! The real binary run as a second Unix account, with `runuser`: refused
//! when it is not in `users.toml`, a reader's rights when listed as a
//! reader, no confidential field of another organisation's record as a
//! coordinator. The other tests run everything as one account and try
//! other accounts at the service level; these go through the system's
//! own identification (`Caller::current_process`).
//!
//! They need root, to create the account and to run as it. CI runs the
//! tests as root, as the development machine does; run as another
//! account, each test prints why it is skipped and passes.
//!
//! - The account, `passerelle-t2`, is a system account with no home and
//!   the `nologin` shell: `runuser -u` runs the command itself, never the
//!   account's shell. It is created once per test binary when missing
//!   and left in place for the next run; "already exists" (another test
//!   binary got there first) is fine.
//! - The store is made by the account running the tests (root), which is
//!   then its admin. sled locks and writes the store's files whoever opens
//!   them, so before each run as the second account the test's temporary
//!   directory is opened to every account (`chmod -R a+rwX`, files made by
//!   root since the last run included). Only a throwaway directory is
//!   opened so: a store really shared gives its files to a group.
//!   `users.toml` is left with the mode `passerelle users` gave it, which
//!   the second account must be able to read.
//! - The second account runs with an empty environment (`env -i`) but for
//!   `HOME` and the XDG directories, in the temporary directory: no
//!   configuration, language or store of the test process leaks in, and
//!   nothing is looked for in root's home, which it cannot read.
//! - The binary must be reachable by the second account: the target
//!   directory must be searchable by everyone (it is by default; a
//!   `CARGO_TARGET_DIR` under `/root` is not).

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

use common::second::{BINARY, SECOND, as_second, second_account_ready};
use common::{passerelle, stderr, stdout};
use passerelle::domain::audit::FrontEnd;
use passerelle::service::Caller;

/// Exit code of a refusal (README, `cli::exit::code::REFUSED`).
const REFUSED: i32 = 4;

/// The account running the tests: the store's creator, hence its admin.
fn me() -> String {
    Caller::current_process(FrontEnd::Cli).account
}

/// Adds read and write for every account to everything under `dir`,
/// and search to its directories (`chmod -R a+rwX`), but `users.toml`.
fn open_to_everyone(dir: &Path) {
    let meta = std::fs::symlink_metadata(dir).expect("metadata");
    let extra = if meta.is_dir() { 0o777 } else { 0o666 };
    let mode = meta.permissions().mode() | extra;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).expect("chmod");
    if meta.is_dir() {
        for entry in std::fs::read_dir(dir).expect("read_dir") {
            let entry = entry.expect("entry");
            if entry.file_name() != "users.toml" && !entry.file_type().expect("type").is_symlink() {
                open_to_everyone(&entry.path());
            }
        }
    }
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}{}",
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&ok(output)).expect("JSON")
}

/// A store with 300 demonstration records made by the account running
/// the tests, in a temporary directory the second account may use, with
/// a home for it beside the store.
struct SharedStore {
    dir: TempDir,
}

impl SharedStore {
    fn with_demo() -> SharedStore {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("home")).expect("home");
        let shared = SharedStore { dir };
        ok(&shared.as_admin(&["demo", "--size", "300"]));
        shared
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    fn as_admin(&self, args: &[&str]) -> Output {
        passerelle(&self.store(), args)
    }

    fn as_second(&self, args: &[&str]) -> Output {
        open_to_everyone(self.dir.path());
        as_second(&self.dir.path().join("home"))
            .arg("PASSERELLE_DIRECT=1")
            .arg(BINARY)
            .arg("--store")
            .arg(self.store())
            .args(args)
            .output()
            .expect("runuser runs")
    }

    /// Lists the second account as `role`, of Créteil, with
    /// `passerelle users add` run by the admin.
    fn list_second_as(&self, role: &str) {
        ok(&self.as_admin(&[
            "users",
            "add",
            SECOND,
            "--name",
            "Second Compte",
            "--organisation",
            "creteil",
            "--role",
            role,
        ]));
    }

    /// The schools' numbers and names, as the admin lists them.
    fn schools(&self) -> Vec<(u64, String)> {
        let listed = json(&self.as_admin(&["list", "schools", "--json", "--limit", "500"]));
        let schools: Vec<(u64, String)> = listed["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|row| {
                (
                    row["id"].as_u64().expect("id"),
                    row["record"]["school"]["name"]
                        .as_str()
                        .expect("name")
                        .to_owned(),
                )
            })
            .collect();
        assert!(!schools.is_empty(), "{listed}");
        schools
    }

    /// The audit entries by `account`, newest first, read by the admin.
    fn audit_of(&self, account: &str) -> Vec<Value> {
        let trail =
            json(&self.as_admin(&["audit", "--json", "--user", account, "--limit", "10000"]));
        trail["entries"].as_array().expect("entries").clone()
    }

    /// How many records the store holds, by the admin's `status`.
    fn records(&self) -> u64 {
        let status = json(&self.as_admin(&["status", "--json"]));
        status["counts"]
            .as_array()
            .expect("counts")
            .iter()
            .map(|count| count["total"].as_u64().expect("total"))
            .sum()
    }
}

/// Whether an audit entry records a refusal (and so no write).
fn is_refusal(entry: &Value) -> bool {
    entry["action"] == "access_refused" || entry["action"].get("reveal_refused").is_some()
}

#[test]
fn an_account_not_listed_is_refused_and_sees_nothing() {
    if !second_account_ready("an_account_not_listed_is_refused_and_sees_nothing") {
        return;
    }
    let shared = SharedStore::with_demo();
    let admin = me();
    let schools = shared.schools();
    let listed = ok(&shared.as_admin(&["list", "schools"]));
    for (_, name) in &schools {
        assert!(listed.contains(name.as_str()), "{name}: {listed}");
    }

    let runs = [
        vec!["list", "schools"],
        vec!["list", "learners", "--json"],
        vec!["show", "school", "1"],
        vec!["status"],
        vec!["audit"],
    ];
    for args in &runs {
        let output = shared.as_second(args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(REFUSED), "{args:?}: {message}");
        assert!(output.stdout.is_empty(), "{args:?}: {}", stdout(&output));
        assert!(message.contains(&format!("« {SECOND} »")), "{message}");
        assert!(message.contains("n'a pas accès"), "{message}");
        // The admin to ask: "Name (account)".
        assert!(message.contains(&format!("({admin})")), "{message}");
        for (_, name) in &schools {
            assert!(!message.contains(name.as_str()), "{name}: {message}");
        }
    }

    // Each refusal is in the trail, under the refused account (each
    // command a process of its own, opening the store itself: the first
    // refusal of each is written at once).
    let refusals = shared.audit_of(SECOND);
    assert_eq!(refusals.len(), runs.len(), "{refusals:?}");
    for entry in &refusals {
        assert!(entry["action"]["refused"].is_object(), "{entry}");
        assert_eq!(entry["front_end"], "cli", "{entry}");
    }
    // Written by another account, the trail still chains.
    ok(&shared.as_admin(&["check"]));
}

#[test]
fn listed_as_a_reader_it_reads_and_writes_nothing() {
    if !second_account_ready("listed_as_a_reader_it_reads_and_writes_nothing") {
        return;
    }
    let shared = SharedStore::with_demo();
    let admin = me();
    shared.list_second_as("reader");
    let schools = shared.schools();
    let records = shared.records();

    let listed = ok(&shared.as_second(&["list", "schools"]));
    for (_, name) in &schools {
        assert!(listed.contains(name.as_str()), "{name}: {listed}");
    }
    let (id, name) = &schools[0];
    let shown = ok(&shared.as_second(&["show", "school", &id.to_string()]));
    assert!(shown.contains(name.as_str()), "{shown}");
    let status = json(&shared.as_second(&["status", "--json"]));
    assert!(status["counts"].is_array(), "{status}");
    let trail = ok(&shared.as_second(&["audit"]));
    assert!(trail.contains(&admin), "{trail}");

    let output = shared.as_second(&["demo", "--size", "60", "--append"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(REFUSED), "{message}");
    assert!(message.contains("lecture seule"), "{message}");
    assert!(message.contains(&format!("« {SECOND} »")), "{message}");

    let output = shared.as_second(&[
        "users", "add", "intrus", "--name", "Intrus", "--role", "admin",
    ]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(REFUSED), "{message}");
    assert!(
        message.contains("Seuls les administrateurs gèrent les utilisateurs"),
        "{message}"
    );
    assert!(message.contains(&format!("({admin})")), "{message}");

    // Nothing written: as many records, no entry by it but refusals,
    // users.toml as the admin left it.
    assert_eq!(shared.records(), records);
    let written: Vec<Value> = shared
        .audit_of(SECOND)
        .into_iter()
        .filter(|entry| !is_refusal(entry))
        .collect();
    assert!(written.is_empty(), "{written:?}");
    let users = std::fs::read_to_string(shared.store().join("users.toml")).expect("users.toml");
    assert!(!users.contains("intrus"), "{users}");
    assert!(users.contains("role = \"reader\""), "{users}");
}

#[test]
fn a_coordinator_of_another_organisation_is_refused_a_confidential_learner() {
    if !second_account_ready(
        "a_coordinator_of_another_organisation_is_refused_a_confidential_learner",
    ) {
        return;
    }
    let shared = SharedStore::with_demo();
    shared.list_second_as("coordinator"); // of Créteil

    // A confidential learner owned by another organisation than Créteil.
    let learners = json(&shared.as_admin(&["list", "learners", "--json", "--limit", "500"]));
    let confidential = learners["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| {
            let marked = &row["record"]["learner"]["meta"]["confidentiality"];
            marked["confidential"] == true
                && marked["owner"].is_string()
                && marked["owner"] != "academie_creteil"
        })
        .unwrap_or_else(|| panic!("no confidential learner of another organisation: {learners}"));
    let id = confidential["id"].as_u64().expect("id");

    // Masked, it is shown.
    ok(&shared.as_second(&["show", "learner", &id.to_string()]));
    let output = shared.as_second(&["show", "learner", &id.to_string(), "--reveal"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(REFUSED), "{message}");
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert!(
        message.contains("révélation refusée est notée au journal"),
        "{message}"
    );
    assert!(
        message.contains("cette fiche confidentielle appartient à"),
        "{message}"
    );

    let refused: Vec<Value> = shared
        .audit_of(SECOND)
        .into_iter()
        .filter(|entry| entry["action"].get("reveal_refused").is_some())
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["account"], SECOND);
    assert_eq!(
        refused[0]["action"]["reveal_refused"]["target"],
        serde_json::json!({ "kind": "learner", "id": id })
    );
}

#[test]
fn a_store_it_cannot_enter_is_said_in_french_with_the_right_advice() {
    if !second_account_ready("a_store_it_cannot_enter_is_said_in_french_with_the_right_advice") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("home")).expect("home");
    open_to_everyone(dir.path());
    // A directory the second account may not enter, the store inside.
    let closed = dir.path().join("closed");
    std::fs::create_dir(&closed).expect("closed");
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o700)).expect("mode");
    let output = as_second(&dir.path().join("home"))
        .arg(BINARY)
        .arg("--store")
        .arg(closed.join("store"))
        .arg("status")
        .output()
        .expect("runuser runs");
    let message = stderr(&output);
    assert_ne!(output.status.code(), Some(0), "{message}");
    assert!(
        message.contains("Impossible de joindre le serveur de la base"),
        "{message}"
    );
    assert!(message.contains("accès refusé"), "{message}");
    assert!(message.contains("Vérifiez les droits"), "{message}");
    // The system's English text does not reach a French screen.
    assert!(!message.contains("denied"), "{message}");
    assert!(!message.contains("Permission"), "{message}");
}
