//! Who is at the other end of a Unix socket: the kernel's word for it
//! (SO_PEERCRED), never something the client says.

use std::os::unix::net::UnixStream;

use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};

/// The Unix account of the process that connected, named as the system
/// names it (its number when it has no passwd entry, as
/// `Caller::current_process` does).
pub fn peer_account(stream: &UnixStream) -> std::io::Result<String> {
    let uid = nix::unistd::Uid::from_raw(peer_uid(stream)?);
    Ok(match nix::unistd::User::from_uid(uid) {
        Ok(Some(user)) => user.name,
        _ => format!("uid-{uid}"),
    })
}

/// The Unix user id of the process at the other end.
pub fn peer_uid(stream: &UnixStream) -> std::io::Result<u32> {
    let credentials = getsockopt(stream, PeerCredentials).map_err(std::io::Error::from)?;
    Ok(credentials.uid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peer_is_this_process_account() {
        let (one, _other) = UnixStream::pair().expect("a socket pair");
        let expected =
            crate::service::Caller::current_process(crate::domain::audit::FrontEnd::Cli).account;
        assert_eq!(peer_account(&one).expect("credentials"), expected);
    }
}
