//! Typed identifiers: each can only be built from a value that passes its
//! rule, so a record holding one never holds an invalid code.

pub mod email;
pub mod naf;
pub mod phone;
pub mod postal_code;
pub mod siret;
pub mod uai;

pub use email::{Email, EmailError};
pub use naf::{NafCode, NafError};
pub use phone::{Phone, PhoneError};
pub use postal_code::{PostalCode, PostalCodeError};
pub use siret::{Siren, Siret, SiretError};
pub use uai::{Uai, UaiError};
