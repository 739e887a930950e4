//! The store's directory, its server and its start lock are the store
//! owner's: another account finding no server is told who runs it, and
//! cannot hold the lock that would keep the server from starting.

use std::os::unix::fs::{MetadataExt, PermissionsExt};

use passerelle::server::paths::start_lock_path;
use passerelle::server::start_lock::LOCK_MODE;

use super::common::second::{BINARY, as_second, second_account_ready};
use super::common::{stderr, stdout};
use super::{Place, Reaper, STORE_UNAVAILABLE, servers_of};

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

    let output = as_second(&home)
        .arg(BINARY)
        .arg("--store")
        .arg(place.store())
        .arg("status")
        .output()
        .expect("runuser runs");
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
