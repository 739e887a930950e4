//! The server started by systemd's socket activation: the socket exists
//! (held by systemd) before any server runs; the first client's
//! connection starts `passerelle serve`, which takes the socket it is
//! passed rather than making one or refusing it as another server's.
//! Uses `systemd-socket-activate`, which does what a `.socket` unit does;
//! where it is missing the test says so and passes.

use crate::common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(self.0.id() as i32),
            nix::sys::signal::Signal::SIGTERM,
        );
        let _ = self.0.wait();
    }
}

#[test]
fn a_server_started_by_socket_activation_answers_on_the_socket_it_is_passed() {
    let Ok(tool) = which("systemd-socket-activate") else {
        println!("skipped: systemd-socket-activate is not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let made = common::passerelle(&store, &["demo", "--size", "100"]);
    assert!(made.status.success(), "{}", common::stderr(&made));
    let socket = store.join("passerelle.sock");
    // systemd-socket-activate execs the server in its own process, so
    // LISTEN_PID names the server, as with a unit.
    let activator = Stopped(
        Command::new(tool)
            .arg("--listen")
            .arg(&socket)
            .arg(env!("CARGO_BIN_EXE_passerelle"))
            .arg("serve")
            .arg("--store")
            .arg(&store)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the activator starts"),
    );
    let started = Instant::now();
    while !socket.exists() {
        assert!(started.elapsed() < Duration::from_secs(10), "no socket");
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--store")
        .arg(&store)
        .args(["status", "--json"])
        .env_remove("PASSERELLE_DIRECT")
        .output()
        .expect("status runs");
    assert!(status.status.success(), "{}", common::stderr(&status));
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).expect("json");
    assert!(json.is_object(), "{json}");
    // The server answering is the activated one: the store is held, so
    // --direct is refused with the message naming the server.
    let direct = common::passerelle(&store, &["status"]);
    assert_eq!(direct.status.code(), Some(5), "{}", common::stderr(&direct));
    assert!(common::stderr(&direct).contains("serveur"));
    drop(activator);
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .ok_or(())
}
