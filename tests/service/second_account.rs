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
//!   then its admin, and served by a `passerelle serve` of that account,
//!   as a team's store is: the second account reaches it through the
//!   socket alone (given its group), its directories searchable but not
//!   readable (`0711`). The store's files stay root's: a store directory
//!   of another account is refused to a process opening it itself.
//! - The second account runs with an empty environment (`env -i`) but for
//!   `HOME` and the XDG directories, in the temporary directory: no
//!   configuration, language or store of the test process leaks in, and
//!   nothing is looked for in root's home, which it cannot read.
//! - The binary must be reachable by the second account: the target
//!   directory must be searchable by everyone (it is by default; a
//!   `CARGO_TARGET_DIR` under `/root` is not).

use crate::common;
use crate::common::me;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

use common::second::{BINARY, SECOND, as_second, second_account, second_account_ready};
use common::{passerelle, stderr, stdout};
use passerelle::client::connection::Client;
use passerelle::domain::audit::FrontEnd;
use passerelle::server::paths::socket_path;

/// Exit code of a refusal (docs/commands.md, `cli::exit::code::REFUSED`).
const REFUSED: i32 = 4;

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
/// the tests and served by it, the second account given the socket's
/// group, with a home for it beside the store.
struct SharedStore {
    dir: TempDir,
    server: Option<Child>,
}

impl SharedStore {
    fn with_demo() -> SharedStore {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        std::fs::create_dir(&home).expect("home");
        let store = dir.path().join("store");
        ok(&passerelle(&store, &["demo", "--size", "300"]));
        let server = Command::new(BINARY)
            .arg("--store")
            .arg(&store)
            .arg("serve")
            .env_remove("PASSERELLE_DIRECT")
            .env_remove("PASSERELLE_LANG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let started = Instant::now();
        while Client::connect(&store, FrontEnd::Cli).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "no server");
            std::thread::sleep(Duration::from_millis(20));
        }
        let second = second_account().expect("passwd").expect("the account");
        nix::unistd::chown(&socket_path(&store), None, Some(second.gid)).expect("chgrp");
        for place in [dir.path(), &store] {
            std::fs::set_permissions(place, std::fs::Permissions::from_mode(0o711)).expect("chmod");
        }
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o777)).expect("chmod");
        SharedStore {
            dir,
            server: Some(server),
        }
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// A command of the admin, through the server.
    fn as_admin(&self, args: &[&str]) -> Output {
        Command::new(BINARY)
            .arg("--store")
            .arg(self.store())
            .args(args)
            .env_remove("PASSERELLE_DIRECT")
            .env_remove("PASSERELLE_LANG")
            .env_remove("PASSERELLE_STORE")
            .output()
            .expect("the binary runs")
    }

    /// A command of the second account, through the server.
    fn as_second(&self, args: &[&str]) -> Output {
        as_second(&self.dir.path().join("home"))
            .arg(BINARY)
            .arg("--store")
            .arg(self.store())
            .args(args)
            .output()
            .expect("runuser runs")
    }

    /// Stops the server (SIGTERM: it writes the refusals it counted).
    fn stop_server(&mut self) {
        if let Some(mut server) = self.server.take() {
            let pid = nix::unistd::Pid::from_raw(server.id() as i32);
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
            let _ = server.wait();
        }
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

impl Drop for SharedStore {
    fn drop(&mut self) {
        self.stop_server();
    }
}

/// Whether an audit entry records a refusal (and so no write).
fn is_refusal(entry: &Value) -> bool {
    entry["action"].get("refused").is_some()
        || entry["action"].get("refused_again").is_some()
        || entry["action"].get("reveal_refused").is_some()
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

    // Refused at the server's door: the first refusal at once, with the
    // process the kernel named; the others counted, written as one when
    // the server stops.
    let refusals = shared.audit_of(SECOND);
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert!(
        refusals[0]["action"]["refused"]["pid"].is_u64(),
        "{refusals:?}"
    );
    assert_eq!(refusals[0]["front_end"], "unstated", "{refusals:?}");
    let mut shared = shared;
    shared.stop_server();
    let trail = json(&passerelle(
        &shared.store(),
        &["audit", "--json", "--user", SECOND, "--limit", "100"],
    ));
    let refusals = trail["entries"].as_array().expect("entries");
    assert_eq!(refusals.len(), 2, "{refusals:?}");
    assert_eq!(
        refusals[0]["action"]["refused_again"]["count"],
        runs.len() as u64 - 1,
        "{refusals:?}"
    );
    // Written by another account, the trail still chains.
    ok(&passerelle(&shared.store(), &["check"]));
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
    for (place, mode) in [
        (dir.path().to_path_buf(), 0o711),
        (dir.path().join("home"), 0o777),
    ] {
        std::fs::set_permissions(place, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
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
