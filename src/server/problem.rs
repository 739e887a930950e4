//! What can stop a front end from talking to the server: the words both
//! ends share (the server turns a caller away with one of them; the
//! client meets the others reaching it).

use serde::{Deserialize, Serialize};

use crate::server::wire::WireProblem;

/// What can stop a front end from talking to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ServerProblem {
    /// The server and this program are not the same version.
    #[error("the server runs version {server}, this program is version {client}")]
    OtherVersion { server: String, client: String },
    /// The server closed the connection (it stopped, or dropped this
    /// client).
    #[error("the server closed the connection")]
    Gone,
    /// No server could be reached or started: at which step, on which
    /// file, and the system's reason.
    #[error("no server: {step:?} {path}: {cause:?}")]
    Unreachable {
        step: ReachStep,
        path: String,
        cause: SystemCause,
    },
    /// A server started for the store stopped at once: its exit code and
    /// what it said.
    #[error("the server stopped at start ({code:?}): {said}")]
    StartFailed { code: Option<i32>, said: String },
    /// The server found this client's frame unreadable.
    #[error("the server could not read a request: {0}")]
    Refused(WireProblem),
    /// The process answering on the socket is neither the store's owner
    /// nor this account: not trusted with what would be sent to it.
    #[error("the socket is answered by uid {uid}, who does not own the store")]
    Impostor { uid: u32 },
    /// An answer that does not fit the question.
    #[error("an unexpected answer")]
    UnexpectedAnswer,
    /// No sign of life from the server for `seconds` while a request
    /// waited: stopped (suspended) or stuck. `pid`: its process, as the
    /// kernel named it at connection. The request may or may not have
    /// been carried out.
    #[error("no answer from the server (process {pid:?}) for {seconds} s")]
    NoAnswer { pid: Option<u32>, seconds: u64 },
    /// No server runs, and this account may not start one: the store
    /// belongs to `owner`, who runs its server.
    #[error("no server runs, and only {owner} may start it")]
    NotRunning { owner: String },
    /// The store's directory cannot hold a store: nothing was made in it.
    #[error("{path} cannot hold the store: {problem:?}")]
    UnfitDirectory {
        path: String,
        problem: crate::store::directory::DirectoryProblem,
    },
    /// The lock to start the server was held by someone else all the
    /// time a start may take.
    #[error("the start lock {path} is held (process {pid:?}, account {account:?})")]
    StartLockHeld {
        path: String,
        pid: Option<u32>,
        account: Option<String>,
    },
    /// The server lets in no more connections: this account's (`yours`)
    /// or everyone's, `limit` of them.
    #[error("too many connections (limit {limit}, the account's own: {yours})")]
    TooManyConnections { limit: usize, yours: bool },
}

/// The step at which reaching the server failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReachStep {
    /// Connecting to the store's socket.
    Connecting,
    /// Finding out which account answers on the socket.
    CheckingWhoAnswers,
    /// The handshake with the server.
    Handshake,
    /// Making the store's directory.
    MakingStoreDirectory,
    /// Opening or taking the lock shared by those starting the server.
    StartLock,
    /// Finding this program, to start the server with it.
    FindingThisProgram,
    /// Starting the server.
    StartingServer,
    /// Waiting for the server started: it has not answered in time.
    WaitingForServer,
}

/// The system's reason for a failure, as a front end words it: the
/// error number when there is one (the system's own text is English).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SystemCause {
    Errno(i32),
    /// No reply within the time allowed.
    NoReply {
        seconds: u64,
    },
    /// An error that carries no number.
    Unnumbered,
}
