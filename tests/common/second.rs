//! A second Unix account for the tests that need one (`runuser`), made
//! once per test binary when missing and left in place for the next run.
//! See `tests/service/second_account.rs` for why it is made this way.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

/// The second account.
pub const SECOND: &str = "passerelle-t2";
/// The binary under test.
pub const BINARY: &str = env!("CARGO_BIN_EXE_passerelle");
/// `useradd`'s exit code when the name is taken.
const USERADD_NAME_TAKEN: i32 = 9;

/// Whether the second account can be run as; when not root, says why
/// `test` is skipped and answers `false`. A setup that fails as root
/// fails the test.
pub fn second_account_ready(test: &str) -> bool {
    if !nix::unistd::geteuid().is_root() {
        println!(
            "{test}: skipped, not run as root: creating the account {SECOND} and running as it \
             (runuser) need root. CI runs the tests as root."
        );
        return false;
    }
    // Tests run in parallel threads: one of them creates the account, the
    // others wait for it.
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(why) = READY.get_or_init(prepare_second_account) {
        panic!("{why}");
    }
    true
}

fn prepare_second_account() -> Result<(), String> {
    if !account_exists()? {
        let output = Command::new("useradd")
            .args([
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                "--comment",
                "passerelle tests second account",
                SECOND,
            ])
            .output()
            .map_err(|error| format!("useradd could not run: {error}"))?;
        if !output.status.success() && output.status.code() != Some(USERADD_NAME_TAKEN) {
            return Err(format!(
                "useradd {SECOND} failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        if !account_exists()? {
            return Err(format!("{SECOND} still does not exist after useradd"));
        }
    }
    let output = Command::new("runuser")
        .args(["-u", SECOND, "--", "/usr/bin/test", "-x", BINARY])
        .output()
        .map_err(|error| format!("runuser could not run (util-linux): {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "{SECOND} cannot run {BINARY} ({}{}): every directory above it must be searchable \
             by every account",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(())
}

fn account_exists() -> Result<bool, String> {
    second_account().map(|user| user.is_some())
}

/// The second account's passwd entry, once it exists.
pub fn second_account() -> Result<Option<nix::unistd::User>, String> {
    nix::unistd::User::from_name(SECOND)
        .map_err(|error| format!("the account database cannot be read: {error}"))
}

/// `NAME=path`, for `env`.
pub fn variable(name: &str, value: &Path) -> OsString {
    let mut pair = OsString::from(format!("{name}="));
    pair.push(value);
    pair
}

/// `runuser -u SECOND -- env -i HOME=home XDG_…=home/…`: the second
/// account with an empty environment but for its home and the XDG
/// directories in `home`, so that nothing of the test process (store,
/// language, configuration) leaks in. The caller appends more
/// `NAME=value` arguments if it wants, then the program and its
/// arguments.
pub fn as_second(home: &Path) -> Command {
    let mut command = Command::new("runuser");
    command
        .args(["-u", SECOND, "--", "/usr/bin/env", "-i"])
        .arg(variable("HOME", home))
        .arg(variable("XDG_CONFIG_HOME", &home.join("config")))
        .arg(variable("XDG_DATA_HOME", &home.join("data")))
        .arg(variable("XDG_STATE_HOME", &home.join("state")))
        .arg(variable("XDG_CACHE_HOME", &home.join("cache")));
    command
}
