//! What goes over the socket between a front end and the server.
//!
//! A connection opens with a handshake whose layout never changes, so
//! that programs of any two versions can tell each other theirs: the
//! magic bytes, the protocol number, the program's version, and (client
//! side) the front end. After it, every frame is a big-endian `u32`
//! length, a protocol byte, then the service's request or response types
//! as bare bincode (`store::codec`, where bincode lives).

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};

use crate::demo::DemoOptions;
use crate::domain::audit::FrontEnd;
use crate::domain::records::RecordRef;
use crate::service::ServiceError;
use crate::service::protocol::{Request, Response};
use crate::store::codec;

/// Bumped with any change to the types below or to the service's request
/// and response types.
pub const PROTOCOL: u8 = 15;

/// This program's version, exchanged in the handshake: client and server
/// must be the same build of the same version.
pub const PROGRAM_VERSION: &str = env!("CARGO_PKG_VERSION");

const MAGIC: &[u8; 10] = b"PASSERELLE";

/// The largest frame read: the biggest answer (a page of 500 records, an
/// audit page of 10,000 entries) is far below it; anything above is
/// refused before it is read.
pub const MAX_FRAME: usize = 16 * 1024 * 1024;

/// The longest version string read in a handshake.
const MAX_VERSION_LEN: usize = 64;

/// The client's side of the handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hello {
    pub protocol: u8,
    pub version: String,
    pub front_end: FrontEnd,
}

impl Hello {
    pub fn current(front_end: FrontEnd) -> Hello {
        Hello {
            protocol: PROTOCOL,
            version: PROGRAM_VERSION.to_owned(),
            front_end,
        }
    }
}

/// The server's side of the handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Welcome {
    pub protocol: u8,
    pub version: String,
    pub outcome: HandshakeOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandshakeOutcome {
    /// Frames follow; the first from the server says whether the caller
    /// is let in (`ServerFrame::Accepted` or `ServerFrame::Refused`).
    VersionsAgree,
    /// The server closes the connection: the versions differ.
    VersionsDiffer,
}

/// What a client asks of the one holding the store: a request of the
/// service, or demonstration data, whose generator sits above the
/// service and is run by whoever holds the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Call {
    Service(Request),
    /// Fill the store with demonstration data; `append`: to a store that
    /// holds records already (admins only).
    Demo {
        options: DemoOptions,
        append: bool,
    },
}

impl Call {
    /// The call's name, for the logs.
    pub fn name(&self) -> &'static str {
        match self {
            Call::Service(request) => request.name(),
            Call::Demo { .. } => "demo",
        }
    }
}

/// The answer to a [`Call`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Service(Response),
    /// How many demonstration records were written.
    Demo {
        written: u64,
    },
}

/// One call, numbered by the client so that its reply finds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientFrame {
    pub id: u64,
    pub call: Call,
}

/// What the server sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ServerFrame {
    /// The caller is let in, as this account, on this connection (its
    /// own changes' notices carry that number).
    Accepted { account: String, connection: u64 },
    /// The caller is not let in (an account not in `users.toml`); the
    /// connection closes.
    Refused(ServiceError),
    /// The answer to call `id`.
    Reply {
        id: u64,
        result: Result<Answer, ServiceError>,
    },
    /// Something changed in the store, by whom.
    Notice(Notice),
    /// What the client sent cannot be read; the connection closes.
    Error(WireProblem),
    /// Request `id` is still being answered (sent every
    /// `serve::KEEPALIVE` while it runs), so that the client waits on.
    Working { id: u64 },
}

/// A committed change, pushed to every connected front end so that open
/// screens refresh what they show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub changed: Changed,
    /// The account that made the change.
    pub by: String,
    /// The connection it came from, so that a front end can tell its own
    /// changes from others'.
    pub connection: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Changed {
    /// One record: saved, deleted, restored, its consent changed.
    Record(RecordRef),
    /// Many records at once (demonstration data, a purge): refresh all.
    Many,
    /// `users.toml` changed.
    Users,
}

/// Why a connection was closed on what its client sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum WireProblem {
    #[error("a frame of {size} bytes, over the {max} accepted")]
    TooLarge { size: usize, max: usize },
    #[error("a frame of protocol {found}, where {expected} is spoken")]
    OtherProtocol { found: u8, expected: u8 },
    #[error("a frame that does not decode: {0}")]
    Malformed(String),
    #[error("the handshake is not passerelle's")]
    NotAHandshake,
}

/// What reading a frame can meet.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The other side closed the connection between frames.
    #[error("the connection was closed")]
    Closed,
    #[error(transparent)]
    Problem(#[from] WireProblem),
    #[error("{0}")]
    Io(#[from] io::Error),
}

fn write_magic_and_version(out: &mut Vec<u8>, protocol: u8, version: &str) {
    out.extend_from_slice(MAGIC);
    out.push(protocol);
    let version = &version.as_bytes()[..version.len().min(MAX_VERSION_LEN)];
    out.push(version.len() as u8);
    out.extend_from_slice(version);
}

fn read_magic_and_version(input: &mut dyn Read) -> Result<(u8, String), FrameError> {
    let mut magic = [0u8; 10];
    read_exact_or_closed(input, &mut magic)?;
    if &magic != MAGIC {
        return Err(WireProblem::NotAHandshake.into());
    }
    let mut head = [0u8; 2];
    input.read_exact(&mut head)?;
    let [protocol, length] = head;
    let mut version = vec![0u8; usize::from(length).min(MAX_VERSION_LEN)];
    input.read_exact(&mut version)?;
    let version = String::from_utf8(version).map_err(|_| WireProblem::NotAHandshake)?;
    Ok((protocol, version))
}

pub fn write_hello(output: &mut dyn Write, hello: &Hello) -> io::Result<()> {
    let mut bytes = Vec::with_capacity(32);
    write_magic_and_version(&mut bytes, hello.protocol, &hello.version);
    bytes.push(hello.front_end.ordinal());
    output.write_all(&bytes)?;
    output.flush()
}

pub fn read_hello(input: &mut dyn Read) -> Result<Hello, FrameError> {
    let (protocol, version) = read_magic_and_version(input)?;
    let mut front_end = [0u8; 1];
    input.read_exact(&mut front_end)?;
    let front_end = FrontEnd::from_ordinal(front_end[0]).ok_or(WireProblem::NotAHandshake)?;
    Ok(Hello {
        protocol,
        version,
        front_end,
    })
}

pub fn write_welcome(output: &mut dyn Write, welcome: &Welcome) -> io::Result<()> {
    let mut bytes = Vec::with_capacity(32);
    write_magic_and_version(&mut bytes, welcome.protocol, &welcome.version);
    bytes.push(match welcome.outcome {
        HandshakeOutcome::VersionsAgree => 0,
        HandshakeOutcome::VersionsDiffer => 1,
    });
    output.write_all(&bytes)?;
    output.flush()
}

pub fn read_welcome(input: &mut dyn Read) -> Result<Welcome, FrameError> {
    let (protocol, version) = read_magic_and_version(input)?;
    let mut outcome = [0u8; 1];
    input.read_exact(&mut outcome)?;
    let outcome = match outcome[0] {
        0 => HandshakeOutcome::VersionsAgree,
        1 => HandshakeOutcome::VersionsDiffer,
        _ => return Err(WireProblem::NotAHandshake.into()),
    };
    Ok(Welcome {
        protocol,
        version,
        outcome,
    })
}

/// Whether a client of `hello` may talk to this build.
pub fn agrees(hello: &Hello) -> bool {
    hello.protocol == PROTOCOL && hello.version == PROGRAM_VERSION
}

/// Writes one frame: length, protocol byte, bare bincode.
pub fn write_frame<T: Serialize>(output: &mut dyn Write, value: &T) -> io::Result<()> {
    write_encoded(
        output,
        &codec::encode_bare(value).map_err(io::Error::other)?,
    )
}

/// Writes a frame of an answer, or, when it would be over [`MAX_FRAME`]
/// (which the client refuses, dropping the connection), an error that
/// says so in its place.
pub fn write_server_frame(output: &mut dyn Write, frame: &ServerFrame) -> io::Result<()> {
    let payload = codec::encode_bare(frame).map_err(io::Error::other)?;
    if payload.len() < MAX_FRAME {
        return write_encoded(output, &payload);
    }
    let ServerFrame::Reply { id, .. } = frame else {
        return Err(io::Error::other("a notice over the frame limit"));
    };
    let megabytes = payload.len().div_ceil(1024 * 1024);
    let refused = ServerFrame::Reply {
        id: *id,
        result: Err(ServiceError::BadRequest(format!(
            "the answer would be {megabytes} MiB, over the {} MiB a reply may carry: ask for less",
            MAX_FRAME / (1024 * 1024)
        ))),
    };
    write_frame(output, &refused)
}

fn write_encoded(output: &mut dyn Write, payload: &[u8]) -> io::Result<()> {
    let length = u32::try_from(payload.len() + 1).map_err(io::Error::other)?;
    let mut bytes = Vec::with_capacity(payload.len() + 5);
    bytes.extend_from_slice(&length.to_be_bytes());
    bytes.push(PROTOCOL);
    bytes.extend_from_slice(payload);
    output.write_all(&bytes)?;
    output.flush()
}

/// Reads one frame. A frame over [`MAX_FRAME`] is refused before its
/// payload is read; one of another protocol, or that does not decode,
/// is refused with what was wrong.
pub fn read_frame<T: for<'de> Deserialize<'de>>(input: &mut dyn Read) -> Result<T, FrameError> {
    let mut length = [0u8; 4];
    read_exact_or_closed(input, &mut length)?;
    let length = u32::from_be_bytes(length) as usize;
    if length > MAX_FRAME {
        return Err(WireProblem::TooLarge {
            size: length,
            max: MAX_FRAME,
        }
        .into());
    }
    if length == 0 {
        return Err(WireProblem::Malformed("an empty frame".into()).into());
    }
    // Read as it comes rather than allocated at the announced length: a
    // client announcing 16 MiB and sending nothing costs nothing.
    let mut bytes = Vec::new();
    input.take(length as u64).read_to_end(&mut bytes)?;
    if bytes.len() < length {
        return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into());
    }
    if bytes[0] != PROTOCOL {
        return Err(WireProblem::OtherProtocol {
            found: bytes[0],
            expected: PROTOCOL,
        }
        .into());
    }
    codec::decode_bare(&bytes[1..])
        .map_err(|error| WireProblem::Malformed(error.to_string()).into())
}

/// `read_exact`, telling a connection closed before the first byte from
/// one cut in the middle.
fn read_exact_or_closed(input: &mut dyn Read, buffer: &mut [u8]) -> Result<(), FrameError> {
    let mut read = 0;
    while read < buffer.len() {
        match input.read(&mut buffer[read..]) {
            Ok(0) if read == 0 => return Err(FrameError::Closed),
            Ok(0) => return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into()),
            Ok(n) => read += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::protocol::Request;

    #[test]
    fn an_answer_over_the_frame_limit_is_replaced_by_an_error_the_client_reads() {
        let found = crate::service::find::Found {
            reference: RecordRef::new(crate::domain::Kind::School, crate::domain::RecordId(1)),
            label: "x".repeat(MAX_FRAME + 1),
            score: 1,
        };
        let frame = ServerFrame::Reply {
            id: 7,
            result: Ok(Answer::Service(Response::Found(
                crate::service::find::FindResponse {
                    matches: vec![found],
                },
            ))),
        };
        let mut bytes = Vec::new();
        write_server_frame(&mut bytes, &frame).expect("written");
        assert!(bytes.len() < 1024, "{} bytes", bytes.len());
        match read_frame::<ServerFrame>(&mut bytes.as_slice()) {
            Ok(ServerFrame::Reply {
                id: 7,
                result: Err(ServiceError::BadRequest(said)),
            }) => assert!(said.contains("over the 16 MiB"), "{said}"),
            other => panic!("an error in place of the answer expected, got {other:?}"),
        }
    }

    #[test]
    fn handshakes_read_back_whatever_the_version() {
        let mut bytes = Vec::new();
        let hello = Hello {
            protocol: 9,
            version: "3.1.4".into(),
            front_end: FrontEnd::Tui,
        };
        write_hello(&mut bytes, &hello).expect("written");
        assert_eq!(read_hello(&mut bytes.as_slice()).expect("read"), hello);
        assert!(!agrees(&hello));
        assert!(agrees(&Hello::current(FrontEnd::Cli)));

        let mut bytes = Vec::new();
        let welcome = Welcome {
            protocol: PROTOCOL,
            version: PROGRAM_VERSION.into(),
            outcome: HandshakeOutcome::VersionsDiffer,
        };
        write_welcome(&mut bytes, &welcome).expect("written");
        assert_eq!(read_welcome(&mut bytes.as_slice()).expect("read"), welcome);
        assert!(matches!(
            read_hello(&mut &b"GET / HTTP/1.1\r\n"[..]),
            Err(FrameError::Problem(WireProblem::NotAHandshake))
        ));
    }

    #[test]
    fn frames_read_back_and_bad_ones_are_named() {
        let frame = ClientFrame {
            id: 7,
            call: Call::Service(Request::Status),
        };
        let mut bytes = Vec::new();
        write_frame(&mut bytes, &frame).expect("written");
        let read: ClientFrame = read_frame(&mut bytes.as_slice()).expect("read");
        assert_eq!(read, frame);

        let mut other = bytes.clone();
        other[4] = PROTOCOL + 1;
        assert!(matches!(
            read_frame::<ClientFrame>(&mut other.as_slice()),
            Err(FrameError::Problem(WireProblem::OtherProtocol { .. }))
        ));
        let huge = (MAX_FRAME as u32 + 1).to_be_bytes();
        assert!(matches!(
            read_frame::<ClientFrame>(&mut &huge[..]),
            Err(FrameError::Problem(WireProblem::TooLarge { .. }))
        ));
        let garbage = [0, 0, 0, 3, PROTOCOL, 0xff, 0xff];
        assert!(matches!(
            read_frame::<ClientFrame>(&mut &garbage[..]),
            Err(FrameError::Problem(WireProblem::Malformed(_)))
        ));
        assert!(matches!(
            read_frame::<ClientFrame>(&mut &[][..]),
            Err(FrameError::Closed)
        ));
    }
}
