//! Drafts to bytes and back, through the envelope like every stored
//! value. A draft is stored with its id filled in.

use crate::domain::draft::{Draft, DraftId};
use crate::store::codec::{self, DecodeError, EncodeError};

pub fn encode_draft(draft: &Draft) -> Result<Vec<u8>, EncodeError> {
    codec::encode(draft)
}

/// Decodes a stored draft; a value that does not decode exactly, or that
/// carries another id than its key, is refused.
pub fn decode_draft(id: &DraftId, bytes: &[u8]) -> Result<Draft, DecodeError> {
    let draft = codec::decode::<Draft>(bytes)?;
    if draft.id.as_ref() != Some(id) {
        return Err(DecodeError::Malformed(format!(
            "the value holds draft {:?} under key {id}",
            draft.id.map(|id| id.0)
        )));
    }
    Ok(draft)
}
