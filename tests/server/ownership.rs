//! The store's directory, its server and its start lock are the store
//! owner's: another account finding no server is told who runs it, and
//! cannot hold the lock that would keep the server from starting.

use std::os::unix::fs::{MetadataExt, PermissionsExt};

use passerelle::server::paths::start_lock_path;
use passerelle::server::start_lock::LOCK_MODE;

use super::common::second::second_account_ready;
use super::common::{stderr, stdout};
use super::{Place, Reaper, STORE_UNAVAILABLE, as_second_on, servers_of};

#[test]
fn another_account_finding_no_server_is_told_who_runs_it() {
    if !second_account_ready("another_account_finding_no_server_is_told_who_runs_it") {
        return;
    }
    let place = Place::new();
    let _reaper = Reaper {
        store: place.store(),
    };
    // Made by the account running the tests, through a server it
    // starts and which leaves once idle.
    let made = place.run_direct(&["demo", "--size", "100"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let owner =
        passerelle::service::Caller::current_process(passerelle::domain::audit::FrontEnd::Cli)
            .account;
    for dir in [place.dir.path(), &place.store()] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o711)).expect("chmod");
    }
    let home = place.home();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o777)).expect("chmod");

    let output = as_second_on(&place, &home, &["status"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE), "{message}");
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert!(message.contains("n'est pas lancé"), "{message}");
    assert!(message.contains(&format!("« {owner} »")), "{message}");
    assert!(servers_of(&place.store()).is_empty(), "it started none");
}

#[test]
fn the_start_lock_is_the_owners_alone_even_one_made_open_before() {
    let place = Place::new();
    let _reaper = Reaper {
        store: place.store(),
    };
    std::fs::create_dir(place.store()).expect("the store's directory");
    // As earlier versions made it: the group could open it and hold it.
    let lock = start_lock_path(&place.store());
    std::fs::write(&lock, b"").expect("an old lock");
    std::fs::set_permissions(&lock, std::fs::Permissions::from_mode(0o660)).expect("chmod");
    let output = place.run(&["status"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mode = std::fs::metadata(&lock).expect("the lock").mode();
    assert_eq!(mode & 0o777, LOCK_MODE, "{mode:o}");
}

#[test]
fn a_directory_holding_other_files_is_never_written_to() {
    let place = Place::new();
    std::fs::create_dir(place.store()).expect("a directory");
    std::fs::set_permissions(place.store(), std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let theirs = b"somebody's database, not sled's".to_vec();
    std::fs::write(place.store().join("db"), &theirs).expect("their file");
    for args in [&["status"][..], &["--direct", "status"][..]] {
        let output = place.run(args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE), "{message}");
        assert!(message.contains("rien n'y a été écrit"), "{message}");
    }
    assert_eq!(
        std::fs::read(place.store().join("db")).expect("kept"),
        theirs
    );
    let entries: Vec<_> = std::fs::read_dir(place.store())
        .expect("listed")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name())
        .collect();
    assert_eq!(entries, ["db"], "nothing added");
}

#[test]
fn the_root_directory_is_refused_with_nothing_made_there() {
    let before: Vec<bool> = ["/conf", "/db", "/blobs", "/passerelle-store"]
        .iter()
        .map(|path| std::path::Path::new(path).exists())
        .collect();
    let place = Place::new();
    let output = place
        .command_on(std::path::Path::new("/"))
        .args(["--direct", "status"])
        .output()
        .expect("runs");
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE), "{message}");
    assert!(message.contains("racine"), "{message}");
    let after: Vec<bool> = ["/conf", "/db", "/blobs", "/passerelle-store"]
        .iter()
        .map(|path| std::path::Path::new(path).exists())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn a_store_whose_marker_is_gone_is_refused_not_marked_again() {
    let place = Place::new();
    let made = place.run_direct(&["demo", "--size", "100"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let marker = place.store().join("passerelle-store");
    std::fs::remove_file(&marker).expect("deleted");
    let output = place.run_direct(&["status"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE), "{message}");
    assert!(message.contains("fichier témoin"), "{message}");
    assert!(!marker.exists(), "not made again");
    // The advice given (« touch ») puts it back.
    assert!(message.contains("touch "), "{message}");
    std::fs::write(&marker, b"").expect("made as advised");
    let output = place.run_direct(&["status"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_store_directory_others_may_write_to_is_refused_with_the_fix() {
    let place = Place::new();
    let made = place.run_direct(&["demo", "--size", "100"]);
    assert!(made.status.success(), "{}", stderr(&made));
    std::fs::set_permissions(place.store(), std::fs::Permissions::from_mode(0o775)).expect("chmod");
    let output = place.run_direct(&["status"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(STORE_UNAVAILABLE), "{message}");
    assert!(message.contains("chmod go-w"), "{message}");
    std::fs::set_permissions(place.store(), std::fs::Permissions::from_mode(0o2750))
        .expect("as docs/operations.md says");
    let output = place.run_direct(&["status"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_backup_is_not_restored_into_another_accounts_directory() {
    if !second_account_ready("a_backup_is_not_restored_into_another_accounts_directory") {
        return;
    }
    let place = Place::new();
    let made = place.run_direct(&["demo", "--size", "100"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let backup = place.dir.path().join("backup.pbk");
    let output = place.run_direct(&["backup", &backup.display().to_string()]);
    assert!(output.status.success(), "{}", stderr(&output));
    // An empty directory made by another account, waiting for a store.
    let theirs = place.dir.path().join("theirs");
    std::fs::create_dir(&theirs).expect("made");
    let second = super::common::second::second_account()
        .expect("passwd")
        .expect("the account");
    nix::unistd::chown(&theirs, Some(second.uid), Some(second.gid)).expect("chown");
    std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let output = place
        .command_on(&theirs)
        .args(["--direct", "restore"])
        .arg(&backup)
        .output()
        .expect("runs");
    let message = stderr(&output);
    assert!(!output.status.success(), "{message}");
    assert!(message.contains("appartient au compte"), "{message}");
    assert_eq!(
        std::fs::read_dir(&theirs).expect("listed").count(),
        0,
        "nothing restored there"
    );
}
