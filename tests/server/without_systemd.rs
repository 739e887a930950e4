//! Operations without systemd: the server run in the foreground as a
//! supervisor or a `@reboot` line runs it (docs/operations.md), its log
//! on standard error; the team's store named once for every account in
//! the system's configuration, so that a command needs no `--store`.

use std::process::{Command, Stdio};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use super::common::second::BINARY;
use super::common::{stderr, stdout};
use super::{PATIENCE, Place};

#[test]
fn a_foreground_server_logs_to_standard_error_and_serves() {
    let place = Place::new();
    let made = place.run_direct(&["demo", "--size", "100"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let log = place.dir.path().join("serve.log");
    // As the documented line runs it: `passerelle serve --store STORE`,
    // standard error appended to a file.
    let mut server = place
        .command()
        .arg("serve")
        .env("PASSERELLE_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("a log file"))
        .spawn()
        .expect("serve starts");
    let started = std::time::Instant::now();
    loop {
        let output = place.run(&["status"]);
        if output.status.success() {
            break;
        }
        assert!(started.elapsed() < PATIENCE, "{}", stderr(&output));
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    kill(Pid::from_raw(server.id() as i32), Signal::SIGTERM).expect("SIGTERM");
    assert!(server.wait().expect("stops").success());
    let said = std::fs::read_to_string(&log).expect("the log");
    assert!(said.contains("serving"), "{said}");
    assert!(said.contains("stopped"), "{said}");
}

#[test]
fn the_systems_configuration_names_the_store_for_every_account() {
    let place = Place::new();
    let made = place.run_direct(&["demo", "--size", "100"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let system = place.dir.path().join("system-config.toml");
    std::fs::write(
        &system,
        format!("store = \"{}\"\n", place.store().display()),
    )
    .expect("written");
    let home = place.home();
    let output = Command::new(BINARY)
        .args(["--direct", "status", "--json"])
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("PASSERELLE_SYSTEM_CONFIG", &system)
        .env_remove("PASSERELLE_STORE")
        .env_remove("PASSERELLE_DIRECT")
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let status: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let records: u64 = status["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|count| count["total"].as_u64().expect("a total"))
        .sum();
    assert_eq!(records, 100, "the demonstration store, not an empty one");
    assert!(
        !home.join("data/passerelle/store").exists(),
        "no store of its own"
    );
}
