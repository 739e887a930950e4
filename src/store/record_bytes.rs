//! Records to bytes and back: each kind's tree holds that kind's own
//! struct in an envelope (the tree already says which kind it is).

use crate::domain::records::{
    Agreement, Company, Contact, Event, Immersion, Learner, Placement, Record, School,
};
use crate::domain::{Kind, RecordId};
use crate::store::codec::{self, EncodeError};
use crate::store::error::{StoreError, StoreResult};
use crate::store::schema_v1::{CompanyV1, SchoolV1};

/// Encodes the record itself, without its kind.
pub fn encode_record(record: &Record) -> Result<Vec<u8>, EncodeError> {
    match record {
        Record::School(r) => codec::encode(r),
        Record::Company(r) => codec::encode(r),
        Record::Contact(r) => codec::encode(r),
        Record::Learner(r) => codec::encode(r),
        Record::Placement(r) => codec::encode(r),
        Record::Immersion(r) => codec::encode(r),
        Record::Event(r) => codec::encode(r),
        Record::Agreement(r) => codec::encode(r),
    }
}

/// Decodes a stored record of a known kind; a value that does not decode
/// exactly, or that carries another id than its key, is reported as
/// damaged.
pub fn decode_record(kind: Kind, id: RecordId, bytes: &[u8]) -> StoreResult<Record> {
    let corrupt = |problem| StoreError::CorruptRecord { kind, id, problem };
    let record = match kind {
        Kind::School => decode_school(bytes).map(Record::School),
        Kind::Company => decode_company(bytes).map(Record::Company),
        Kind::Contact => codec::decode::<Contact>(bytes).map(Record::Contact),
        Kind::Learner => codec::decode::<Learner>(bytes).map(Record::Learner),
        Kind::Placement => codec::decode::<Placement>(bytes).map(Record::Placement),
        Kind::Immersion => codec::decode::<Immersion>(bytes).map(Record::Immersion),
        Kind::Event => codec::decode::<Event>(bytes).map(Record::Event),
        Kind::Agreement => codec::decode::<Agreement>(bytes).map(Record::Agreement),
    }
    .map_err(corrupt)?;
    if record.id() != id {
        return Err(corrupt(codec::DecodeError::Malformed(format!(
            "the value holds id {} under key {id}",
            record.id()
        ))));
    }
    Ok(record)
}

/// A school of any schema this build reads: schema 1's had no address,
/// location or opening state.
fn decode_school(bytes: &[u8]) -> Result<School, codec::DecodeError> {
    match codec::open(bytes)? {
        (1, payload) => codec::decode_payload::<SchoolV1>(payload).map(School::from),
        (_, payload) => codec::decode_payload::<School>(payload),
    }
}

/// A company of any schema this build reads: schema 1's had no address
/// or location.
fn decode_company(bytes: &[u8]) -> Result<Company, codec::DecodeError> {
    match codec::open(bytes)? {
        (1, payload) => codec::decode_payload::<CompanyV1>(payload).map(Company::from),
        (_, payload) => codec::decode_payload::<Company>(payload),
    }
}
