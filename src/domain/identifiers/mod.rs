//! Typed identifiers: each can only be built from a value that passes its
//! rule, so a record holding one never holds an invalid code.

/// The conversions of an identifier held as a checked `String`: from
/// text through its `parse` (so serde and `str::parse` check it too), and
/// back to its stored form. `display` adds a plain `Display`.
macro_rules! checked_string {
    ($name:ident, $error:ident, display) => {
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        checked_string!($name, $error);
    };
    ($name:ident, $error:ident) => {
        impl std::str::FromStr for $name {
            type Err = $error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s)
            }
        }
        impl TryFrom<String> for $name {
            type Error = $error;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                $name::parse(&value)
            }
        }
        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}

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
