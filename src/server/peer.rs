//! Who is at the other end of a Unix socket: the kernel's word for it
//! (SO_PEERCRED), never something the client says.

use std::os::unix::net::UnixStream;

use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};

/// The process at the other end, as the kernel knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub uid: u32,
    /// Its process, when the kernel says (not across PID namespaces).
    pub pid: Option<u32>,
    /// Its account, named as the system names it (its number when it has
    /// no passwd entry, as `Caller::current_process` does).
    pub account: String,
}

impl Peer {
    /// The process at the other end of `stream`, its account named.
    pub fn of(stream: &UnixStream) -> std::io::Result<Peer> {
        let (uid, pid) = credentials(stream)?;
        Ok(Peer::named(uid, pid))
    }

    /// A peer known by its user and process ids, its account named (a
    /// passwd lookup: done once a connection's turn has come, not for
    /// every connection accepted).
    pub fn named(uid: u32, pid: Option<u32>) -> Peer {
        let account = crate::store::accounts::account_name(uid);
        Peer { uid, pid, account }
    }
}

/// The user id and the process of the other end, as the kernel saw them
/// at connection.
pub fn credentials(stream: &UnixStream) -> std::io::Result<(u32, Option<u32>)> {
    let credentials = getsockopt(stream, PeerCredentials).map_err(std::io::Error::from)?;
    let pid = u32::try_from(credentials.pid()).ok().filter(|pid| *pid > 0);
    Ok((credentials.uid(), pid))
}

/// The Unix user id of the process at the other end.
pub fn peer_uid(stream: &UnixStream) -> std::io::Result<u32> {
    credentials(stream).map(|(uid, _)| uid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peer_is_this_process_account() {
        let (one, _other) = UnixStream::pair().expect("a socket pair");
        let expected =
            crate::service::Caller::current_process(crate::domain::audit::FrontEnd::Cli).account;
        let peer = Peer::of(&one).expect("credentials");
        assert_eq!(peer.account, expected);
        assert_eq!(peer.pid, Some(std::process::id()));
    }
}
