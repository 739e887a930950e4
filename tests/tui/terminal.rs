//! The real binary in a real pseudo-terminal: started on a demo store,
//! driven by keys, read back through a terminal emulator (vt100), as a
//! coordinator over SSH would see it. Waits for text, never for a fixed
//! time.

use crate::common;

use common::pty::Session;

fn demo_store() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = dir.path().join("store");
    let output = common::passerelle(&store, &["demo", "--size", "200"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let output = common::passerelle(&store, &["list", "schools", "--limit", "1", "--json"]);
    let listing: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the listing is JSON");
    let uai = listing["rows"][0]["record"]["school"]["uai"]
        .as_str()
        .expect("a school has a UAI")
        .to_owned();
    (dir, uai)
}

#[test]
fn a_session_help_a_school_and_quit() {
    let (dir, uai) = demo_store();
    // Logs asked for go to their file, never to the screen.
    let state = dir.path().join("state");
    let mut session = Session::start_with(
        &dir.path().join("store"),
        &[],
        &[
            ("PASSERELLE_LOG", std::path::Path::new("debug")),
            ("XDG_STATE_HOME", &state),
            ("NO_COLOR", std::path::Path::new("1")),
        ],
    );
    session.wait_for("Tableau de bord");
    session.wait_for("Stages en attente");
    session.send("?");
    session.wait_for("Aide — touches du mode « tableau de bord »");
    session.send("\x1b");
    session.wait_for_absence("Aide — touches");
    session.send(&format!(":uai {uai}\r"));
    session.wait_for("Fiches rattachées");
    session.wait_for(&uai);
    session.send("q");
    let status = session.exit();
    assert!(status.success(), "{status:?}");
    // Out of raw mode: lines and echo are back.
    let modes = nix::sys::termios::tcgetattr(session.slave.as_ref().expect("the slave"))
        .expect("the terminal's modes");
    let cooked = nix::sys::termios::LocalFlags::ICANON | nix::sys::termios::LocalFlags::ECHO;
    assert!(
        modes.local_flags.contains(cooked),
        "{:?}",
        modes.local_flags
    );
    session.finish();
    let written = session.written();
    // Frames in synchronized output; the terminal given back as it was.
    assert!(written.contains("\x1b[?2026h") && written.contains("\x1b[?2026l"));
    assert!(
        written.contains("\x1b[?1049l"),
        "the alternate screen is left"
    );
    assert!(written.contains("\x1b[?25h"), "the cursor is shown again");
    assert!(!written.contains("INFO") && !written.contains("DEBUG"));
    // NO_COLOR: no colour was set, in any of crossterm's forms.
    assert!(
        !written.contains("[38;") && !written.contains("[48;"),
        "a colour under NO_COLOR"
    );
    let log = std::fs::read_to_string(state.join("passerelle/passerelle.log")).expect("the log");
    assert!(log.contains("interface started"), "{log}");
    assert!(log.contains("answered"), "{log}");
    // The mouse is left to the terminal unless asked for.
    assert!(
        !written.contains("\x1b[?1000h"),
        "no mouse capture by default"
    );
}

#[test]
fn a_dropped_connection_or_a_signal_ends_the_session() {
    let (dir, _) = demo_store();
    let store = dir.path().join("store");
    // The terminal hangs up (SSH gone): the process ends, not spins.
    let mut session = Session::start(&store, &["--lang", "en"]);
    session.wait_for("Placements pending");
    session.hang_up();
    session.exit();

    for signal in [
        nix::sys::signal::Signal::SIGTERM,
        nix::sys::signal::Signal::SIGHUP,
    ] {
        // With the mouse captured, to see it given back too.
        let mut session = Session::start(&store, &["--lang", "en", "--mouse"]);
        session.wait_for("Placements pending");
        assert!(
            session.written().contains("\x1b[?1000h"),
            "--mouse captures it"
        );
        let pid = nix::unistd::Pid::from_raw(session.child.id() as i32);
        nix::sys::signal::kill(pid, signal).expect("signal sent");
        session.exit();
        session.finish();
        let written = session.written();
        assert!(
            written.contains("\x1b[?1049l"),
            "{signal}: the screen is restored"
        );
        assert!(
            written.contains("\x1b[?1000l"),
            "{signal}: the mouse is given back"
        );
        assert!(written.contains("[38;"), "colours without NO_COLOR");
    }
}

#[test]
fn a_form_typed_halfway_survives_a_dropped_connection() {
    let (dir, _) = demo_store();
    let store = dir.path().join("store");
    let mut session = Session::start(&store, &["--lang", "en"]);
    session.wait_for("Placements pending");
    session.send(":schools\r");
    session.wait_for("row 1 ·");
    session.send("n");
    session.wait_for("New record: a school");
    // The UAI, then the name, typed but never saved.
    session.send("0750001U\t");
    session.send("Lycée des Brouillons");
    session.wait_for("Lycée des Brouillons");
    let pid = nix::unistd::Pid::from_raw(session.child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGHUP).expect("SIGHUP sent");
    session.exit();
    session.finish();

    // The next start offers the draft; resuming it gives back the values.
    let mut session = Session::start(&store, &["--lang", "en"]);
    session.wait_for("draft(s) kept from an earlier session");
    session.wait_for("new record: school");
    session.send("y");
    session.wait_for("New record: a school");
    session.wait_for("0750001U");
    session.wait_for("Lycée des Brouillons");
    session.send("\x1b");
    session.wait_for("unsaved changes");
    session.send("d");
    session.wait_for_absence("New record: a school");
    session.send("q");
    assert!(session.exit().success());
    session.finish();
}

#[test]
fn a_repeated_hangup_signal_still_leaves_the_draft() {
    let (dir, _) = demo_store();
    let store = dir.path().join("store");
    let mut session = Session::start(&store, &["--lang", "en"]);
    session.wait_for("Placements pending");
    session.send(":schools\r");
    session.wait_for("row 1 ·");
    session.send("n");
    session.wait_for("New record: a school");
    session.send("Lycée Deux Signaux");
    session.wait_for("Lycée Deux Signaux");
    // An SSH drop: the hangup, and the shell passing it on.
    let pid = nix::unistd::Pid::from_raw(session.child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGHUP).expect("SIGHUP sent");
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGHUP).expect("SIGHUP sent again");
    session.hang_up();
    session.exit();

    let mut session = Session::start(&store, &["--lang", "en"]);
    session.wait_for("1 draft(s) kept from an earlier session");
    session.send("y");
    session.wait_for("Lycée Deux Signaux");
    session.send("\x1b");
    session.wait_for("unsaved changes");
    session.send("d");
    session.wait_for_absence("New record: a school");
    session.send("q");
    assert!(session.exit().success());
    session.finish();
    let output = common::passerelle(&store, &["check", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["drafts"], 0, "the discarded draft is gone: {report}");
}

#[test]
fn a_list_scrolled_a_row_at_a_time_shows_what_a_whole_redraw_shows() {
    let (dir, _) = demo_store();
    let store = dir.path().join("store");
    let mut session = Session::start(&store, &[]);
    session.wait_for("Tableau de bord");
    session.send(":stages\r");
    session.wait_for("Tri : apprenant");
    // Well past the bottom of the screen: each step now scrolls.
    for step in 1..=45 {
        session.send("j");
        session.wait_for(&format!("ligne {} ·", step + 1));
    }
    let scrolled = session.contents();
    assert!(
        session.written().contains("\u{1b}[1S"),
        "the terminal's region was scrolled"
    );
    // A resize there and back draws everything anew: the same screen.
    session.resize(99, 30);
    session.wait_until("redrawn narrower", |screen| {
        screen
            .lines()
            .nth(1)
            .is_some_and(|line| line.trim_end().ends_with('┐'))
    });
    session.resize(100, 30);
    // Cells written blank and cells never written read the same.
    let trimmed = |screen: &str| -> Vec<String> {
        screen
            .lines()
            .map(|line| line.trim_end().to_owned())
            .collect()
    };
    let scrolled_rows = trimmed(&scrolled);
    let same = |screen: &str| trimmed(screen) == scrolled_rows;
    let started = std::time::Instant::now();
    while !same(&session.contents()) && started.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let redrawn = session.contents();
    let differing: Vec<String> = scrolled_rows
        .iter()
        .zip(trimmed(&redrawn))
        .enumerate()
        .filter(|(_, (a, b))| *a != b)
        .map(|(row, (a, b))| format!("row {row}:\n  scrolled {a:?}\n  redrawn  {b:?}"))
        .collect();
    assert!(differing.is_empty(), "{}", differing.join("\n"));
    // The next key after a resize is not lost (it was, the terminal's
    // own resize event hiding it).
    session.send("j");
    session.wait_for("ligne 47 ·");
    session.send("q");
    assert!(session.exit().success());
}
