//! The records, their identifiers and the rules they obey. Pure Rust: no
//! I/O, no storage, no terminal; everything here is unit-tested in place.

pub mod academie;
pub mod audit;
pub mod choice;
pub mod communes;
pub mod consent;
pub mod dates;
pub mod draft;
pub mod forms;
pub mod fuzzy;
pub mod identifiers;
pub mod kind;
pub mod meta;
pub mod place;
pub mod purge;
pub mod records;
pub mod status;
pub mod text;
pub mod user;
pub mod validation;

pub use academie::{Academie, Organisation};
pub use kind::Kind;
pub use meta::{Confidentiality, RecordId, RecordMeta, Restricted};
pub use records::{Entity, Record, RecordRef};
