//! Who comes in, decided the moment a connection is accepted, from what
//! the kernel says of it (its account and process), before a byte of it
//! is read: an account not in `users.toml` is refused there (audited,
//! see `service::refusals`), and an account is let hold only so many
//! connections, and everyone together so many, so that one account
//! opening thousands of connections shuts nobody else out.
//!
//! Connections accepted wait in [`Waiting`], a queue per account taken
//! one account in turn: an account connecting nonstop delays another's
//! connection by one of its own, not by all it sent.
//!
//! A refusal is the handshake's answer and a refusal frame, written at
//! once without waiting for the client's hello (a fresh socket's buffer
//! holds them), then the connection is closed: the accepting thread
//! never waits on a client.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Write;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::domain::audit::FrontEnd;
use crate::server::peer::Peer;
use crate::server::problem::ServerProblem;
use crate::server::wire::{self, HandshakeOutcome, ServerFrame, Welcome};
use crate::service::{Caller, Service, ServiceError};

/// The descriptors kept for the store's files, the listening socket and
/// the logs when the connections' cap is worked out from the limit.
const RESERVED_DESCRIPTORS: u64 = 128;

/// Connections one account may hold by default: a coordinator has an
/// interface or two and a few commands open at once, a script a few
/// more; far above what a team meets.
pub const DEFAULT_PER_ACCOUNT: usize = 64;

/// The most connections by default, whatever the descriptor limit: two
/// threads each.
const MOST_CONNECTIONS: usize = 1024;

/// How often a refusal for too many connections is logged per account.
const LOG_EVERY: Duration = Duration::from_secs(60);

/// Connections of one account accepted and waiting for their turn at
/// the door; more are turned away at once.
const WAITING_PER_ACCOUNT: usize = 64;

/// How many connections are let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub per_account: usize,
    pub total: usize,
}

impl Limits {
    /// The defaults for a process allowed `descriptors` open files (a
    /// connection holds one).
    pub fn for_descriptors(descriptors: u64) -> Limits {
        let room = descriptors.saturating_sub(RESERVED_DESCRIPTORS).max(16);
        let total = usize::try_from(room)
            .unwrap_or(MOST_CONNECTIONS)
            .min(MOST_CONNECTIONS);
        Limits {
            per_account: DEFAULT_PER_ACCOUNT.min(total),
            total,
        }
    }
}

/// Raises this process's soft limit of open files to its hard limit
/// (the soft one is often 1,024, the hard one far above); answers the
/// limit in force.
pub fn raise_descriptor_limit() -> u64 {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) else {
        return 1024;
    };
    if soft < hard {
        match setrlimit(Resource::RLIMIT_NOFILE, hard, hard) {
            Ok(()) => return hard,
            Err(error) => tracing::warn!(%error, soft, hard, "the open files limit stays"),
        }
    }
    soft
}

/// The connections in, by account.
#[derive(Debug)]
pub struct Door {
    limits: Limits,
    state: Mutex<Inside>,
}

#[derive(Debug, Default)]
struct Inside {
    by_uid: HashMap<u32, usize>,
    total: usize,
    /// When a refusal for too many connections was last logged, by
    /// account.
    logged: HashMap<u32, Instant>,
}

/// A connection let in; counted out when dropped.
#[derive(Debug)]
pub struct Entered {
    door: Arc<Door>,
    uid: u32,
}

impl Drop for Entered {
    fn drop(&mut self) {
        let mut inside = self.door.state();
        inside.total = inside.total.saturating_sub(1);
        if let Some(count) = inside.by_uid.get_mut(&self.uid) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                inside.by_uid.remove(&self.uid);
            }
        }
    }
}

impl Door {
    pub fn new(limits: Limits) -> Door {
        Door {
            limits,
            state: Mutex::new(Inside::default()),
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    fn state(&self) -> MutexGuard<'_, Inside> {
        // Nothing panics while holding it; were it poisoned, the counts
        // are whole.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Lets `stream` in, or refuses it (told why, closed when dropped).
    pub fn enter(
        self: &Arc<Self>,
        service: &Service,
        peer: &Peer,
        stream: &UnixStream,
    ) -> Option<Entered> {
        let caller = Caller {
            account: peer.account.clone(),
            front_end: FrontEnd::Unstated,
        };
        if let Err(refusal) = service.identify_process(&caller, peer.pid) {
            turn_away(stream, refusal);
            return None;
        }
        let mut inside = self.state();
        let mine = inside.by_uid.get(&peer.uid).copied().unwrap_or(0);
        let full = if mine >= self.limits.per_account {
            Some(ServerProblem::TooManyConnections {
                limit: self.limits.per_account,
                yours: true,
            })
        } else if inside.total >= self.limits.total {
            Some(ServerProblem::TooManyConnections {
                limit: self.limits.total,
                yours: false,
            })
        } else {
            None
        };
        if let Some(problem) = full {
            let log = inside
                .logged
                .get(&peer.uid)
                .is_none_or(|at| at.elapsed() >= LOG_EVERY);
            if log {
                inside.logged.insert(peer.uid, Instant::now());
                tracing::warn!(account = %peer.account, held = mine, total = inside.total, "too many connections: refused");
            }
            drop(inside);
            turn_away(stream, ServiceError::Server(problem));
            return None;
        }
        inside.total += 1;
        *inside.by_uid.entry(peer.uid).or_insert(0) += 1;
        Some(Entered {
            door: Arc::clone(self),
            uid: peer.uid,
        })
    }
}

/// Connections accepted, waiting for their turn at the door, by account.
#[derive(Debug, Default)]
pub struct Waiting {
    by_uid: BTreeMap<u32, VecDeque<(UnixStream, Option<u32>)>>,
}

impl Waiting {
    /// Queues a connection of `uid` (process `pid`); an account with too
    /// many waiting has it turned away at once (busy): then `false`.
    pub fn push(&mut self, stream: UnixStream, uid: u32, pid: Option<u32>) -> bool {
        let queue = self.by_uid.entry(uid).or_default();
        if queue.len() >= WAITING_PER_ACCOUNT {
            turn_away(
                &stream,
                ServiceError::Server(ServerProblem::TooManyConnections {
                    limit: WAITING_PER_ACCOUNT,
                    yours: true,
                }),
            );
            return false;
        }
        queue.push_back((stream, pid));
        true
    }

    pub fn is_empty(&self) -> bool {
        self.by_uid.is_empty()
    }

    /// The oldest waiting connection of each account, one round.
    pub fn round(&mut self) -> Vec<(UnixStream, Peer)> {
        let mut round = Vec::with_capacity(self.by_uid.len());
        self.by_uid.retain(|uid, queue| {
            if let Some((stream, pid)) = queue.pop_front() {
                round.push((stream, Peer::named(*uid, pid)));
            }
            !queue.is_empty()
        });
        round
    }
}

/// Writes the handshake's answer and `refusal` without waiting for the
/// client, nor for a full buffer (then the client sees the connection
/// closed).
pub fn turn_away(stream: &UnixStream, refusal: ServiceError) {
    let _ = stream.set_nonblocking(true);
    let mut bytes = Vec::new();
    let welcome = Welcome {
        protocol: wire::PROTOCOL,
        version: wire::PROGRAM_VERSION.to_owned(),
        outcome: HandshakeOutcome::VersionsAgree,
    };
    if wire::write_welcome(&mut bytes, &welcome).is_err()
        || wire::write_frame(&mut bytes, &ServerFrame::Refused(refusal)).is_err()
    {
        return;
    }
    let mut writing = stream;
    let _ = writing.write_all(&bytes);
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_account_waits_its_turn_whatever_another_sent() {
        let mut waiting = Waiting::default();
        let mut keep = Vec::new();
        for _ in 0..WAITING_PER_ACCOUNT + 10 {
            let (ours, theirs) = UnixStream::pair().expect("a pair");
            waiting.push(ours, 5000, None);
            keep.push(theirs);
        }
        let (admin, _admin_side) = UnixStream::pair().expect("a pair");
        assert!(waiting.push(admin, 0, None), "queued");
        let first: Vec<u32> = waiting.round().iter().map(|(_, peer)| peer.uid).collect();
        assert_eq!(
            first,
            [0, 5000],
            "the admin's in the first round, beside one of the flood"
        );
        let second: Vec<u32> = waiting.round().iter().map(|(_, peer)| peer.uid).collect();
        assert_eq!(second, [5000]);
        let mut rounds = 2;
        while !waiting.is_empty() {
            waiting.round();
            rounds += 1;
        }
        assert_eq!(rounds, WAITING_PER_ACCOUNT, "the rest were turned away");
    }

    #[test]
    fn the_cap_leaves_room_for_the_store_and_stays_within_threads() {
        assert_eq!(
            Limits::for_descriptors(1024),
            Limits {
                per_account: 64,
                total: 896
            }
        );
        assert_eq!(Limits::for_descriptors(1 << 20).total, MOST_CONNECTIONS);
        let tiny = Limits::for_descriptors(64);
        assert_eq!(tiny.total, 16);
        assert_eq!(tiny.per_account, 16);
    }
}
