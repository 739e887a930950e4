//! The one place values are turned into bytes and back. Every stored
//! value is an envelope: a codec byte, the schema version it was written
//! under (u16, big-endian), then the payload. bincode lives only here, so
//! it can be replaced by adding a codec byte.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// bincode 2, standard configuration (little-endian, variable-length
/// integers), through serde.
pub const CODEC_BINCODE2: u8 = 1;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u16 = 2;

/// The oldest schema version whose values this build reads. A value is
/// never rewritten just because the schema moved on (the audit trail
/// cannot be: each entry is chained to the bytes of the one before), so
/// a type keeps reading every layout it had since: one unchanged since
/// then reads as it is ([`decode`]); one whose layout changed reads its
/// older layouts itself, from [`open`] (schools and companies gained
/// where they are at schema 2: `store::record_bytes`).
pub const OLDEST_READABLE: u16 = 1;

/// The largest payload decoded, so a damaged length prefix cannot make
/// the decoder allocate gigabytes.
const MAX_PAYLOAD: usize = 16 * 1024 * 1024;

const HEADER_LEN: usize = 3;

fn config() -> bincode::config::Configuration<
    bincode::config::LittleEndian,
    bincode::config::Varint,
    bincode::config::Limit<MAX_PAYLOAD>,
> {
    bincode::config::standard().with_limit::<MAX_PAYLOAD>()
}

/// Why stored bytes could not be read. Never guessed around: a value that
/// does not decode exactly is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the value is shorter than its header")]
    Truncated,
    #[error("unknown codec {0}")]
    UnknownCodec(u8),
    #[error("written by schema version {found}, newer than this program's {supported}")]
    NewerVersion { found: u16, supported: u16 },
    #[error("written by schema version {found}, which this program cannot migrate")]
    OlderVersion { found: u16 },
    #[error("the payload does not decode: {0}")]
    Malformed(String),
    #[error("{0} bytes left over after the value")]
    TrailingBytes(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the value could not be encoded: {0}")]
pub struct EncodeError(String);

/// Wraps a value in an envelope of the current schema version.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, EncodeError> {
    let mut bytes = Vec::with_capacity(64);
    bytes.push(CODEC_BINCODE2);
    bytes.extend_from_slice(&SCHEMA_VERSION.to_be_bytes());
    bincode::serde::encode_into_std_write(value, &mut bytes, config())
        .map_err(|e| EncodeError(e.to_string()))?;
    Ok(bytes)
}

/// Opens an envelope, refusing any codec, version or length it does not
/// know exactly. Only for types whose layout has not changed since
/// [`OLDEST_READABLE`]; the others read through [`open`].
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    let (_, payload) = open(bytes)?;
    decode_payload(payload)
}

/// The schema version an envelope was written under and its payload,
/// refusing a codec or version this build does not read.
pub fn open(bytes: &[u8]) -> Result<(u16, &[u8]), DecodeError> {
    if bytes.len() < HEADER_LEN {
        return Err(DecodeError::Truncated);
    }
    let codec = bytes[0];
    if codec != CODEC_BINCODE2 {
        return Err(DecodeError::UnknownCodec(codec));
    }
    let version = u16::from_be_bytes([bytes[1], bytes[2]]);
    if version > SCHEMA_VERSION {
        return Err(DecodeError::NewerVersion {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < OLDEST_READABLE {
        return Err(DecodeError::OlderVersion { found: version });
    }
    Ok((version, &bytes[HEADER_LEN..]))
}

/// Decodes a payload [`open`] gave, refusing trailing bytes.
pub fn decode_payload<T: DeserializeOwned>(payload: &[u8]) -> Result<T, DecodeError> {
    let (value, read) = bincode::serde::decode_from_slice(payload, config())
        .map_err(|e| DecodeError::Malformed(e.to_string()))?;
    if read != payload.len() {
        return Err(DecodeError::TrailingBytes(payload.len() - read));
    }
    Ok(value)
}

/// A value as bare bincode, without an envelope: for frames exchanged
/// with a shared server, whose version is agreed once per connection
/// (`server::wire`), never stored.
pub fn encode_bare<T: Serialize>(value: &T) -> Result<Vec<u8>, EncodeError> {
    let mut bytes = Vec::with_capacity(64);
    bincode::serde::encode_into_std_write(value, &mut bytes, config())
        .map_err(|e| EncodeError(e.to_string()))?;
    Ok(bytes)
}

/// Reads what [`encode_bare`] wrote, refusing trailing bytes.
pub fn decode_bare<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    let (value, read) = bincode::serde::decode_from_slice(bytes, config())
        .map_err(|e| DecodeError::Malformed(e.to_string()))?;
    if read != bytes.len() {
        return Err(DecodeError::TrailingBytes(bytes.len() - read));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Sample {
        name: String,
        count: u32,
    }

    fn sample() -> Sample {
        Sample {
            name: "Lycée Jean-Zay".into(),
            count: 3,
        }
    }

    #[test]
    fn round_trip() {
        let bytes = encode(&sample()).expect("encodes");
        assert_eq!(bytes[0], CODEC_BINCODE2);
        assert_eq!(decode::<Sample>(&bytes), Ok(sample()));
    }

    #[test]
    fn damaged_envelopes_are_refused() {
        let bytes = encode(&sample()).expect("encodes");
        assert_eq!(decode::<Sample>(&bytes[..2]), Err(DecodeError::Truncated));

        let mut other_codec = bytes.clone();
        other_codec[0] = 9;
        assert_eq!(
            decode::<Sample>(&other_codec),
            Err(DecodeError::UnknownCodec(9))
        );

        let mut newer = bytes.clone();
        newer[1..3].copy_from_slice(&(SCHEMA_VERSION + 1).to_be_bytes());
        assert_eq!(
            decode::<Sample>(&newer),
            Err(DecodeError::NewerVersion {
                found: SCHEMA_VERSION + 1,
                supported: SCHEMA_VERSION
            })
        );

        let mut trailing = bytes.clone();
        trailing.push(0);
        assert_eq!(
            decode::<Sample>(&trailing),
            Err(DecodeError::TrailingBytes(1))
        );

        let truncated_payload = &bytes[..bytes.len() - 1];
        assert!(matches!(
            decode::<Sample>(truncated_payload),
            Err(DecodeError::Malformed(_))
        ));
    }

    #[test]
    fn a_huge_length_prefix_does_not_allocate() {
        // Header, then a varint length of about 2^60 for the string.
        let mut bytes = vec![CODEC_BINCODE2, 0, 1, 0xFD];
        bytes.extend_from_slice(&(1u64 << 60).to_le_bytes());
        assert!(matches!(
            decode::<Sample>(&bytes),
            Err(DecodeError::Malformed(_))
        ));
    }
}
