//! systemd socket activation: a server started by a `.socket` unit finds
//! its listening socket already open as file descriptor 3 (`sd_listen_fds`
//! protocol), so the socket exists, with the unit's owner and mode, before
//! the first client connects.

use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::net::UnixListener;

/// The first descriptor systemd passes.
const FIRST_PASSED_FD: i32 = 3;

/// The listening socket passed by systemd, if this process was started
/// with one (`LISTEN_PID` names it and `LISTEN_FDS` is 1).
pub fn inherited_listener() -> std::io::Result<Option<UnixListener>> {
    let for_us = std::env::var("LISTEN_PID")
        .ok()
        .and_then(|pid| pid.parse::<u32>().ok())
        .is_some_and(|pid| pid == std::process::id());
    let count = std::env::var("LISTEN_FDS")
        .ok()
        .and_then(|count| count.parse::<u32>().ok());
    match (for_us, count) {
        (true, Some(1)) => {}
        (true, Some(other)) => {
            return Err(std::io::Error::other(format!(
                "systemd passed {other} sockets; one is expected"
            )));
        }
        _ => return Ok(None),
    }
    // SAFETY: systemd opened descriptor 3 for this process (LISTEN_PID is
    // ours) and nothing else in the program owns it: it is taken once,
    // here, at start.
    let fd = unsafe { OwnedFd::from_raw_fd(FIRST_PASSED_FD) };
    let listener = UnixListener::from(fd);
    // A descriptor that is not a listening Unix socket fails here.
    listener.local_addr()?;
    Ok(Some(listener))
}
