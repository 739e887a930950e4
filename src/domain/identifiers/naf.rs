//! NAF activity codes (nomenclature d'activités française, rév. 2):
//! two digits, a dot, two digits and a letter, e.g. `62.01Z`.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NafCode(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NafError {
    /// Not of the form `62.01Z` (the dot may be left out).
    BadShape,
}

impl NafCode {
    pub fn parse(input: &str) -> Result<Self, NafError> {
        let compact: String = input
            .trim()
            .chars()
            .filter(|c| *c != '.')
            .flat_map(char::to_uppercase)
            .collect();
        let bytes = compact.as_bytes();
        let well_formed = bytes.len() == 5
            && bytes[..4].iter().all(u8::is_ascii_digit)
            && bytes[4].is_ascii_uppercase();
        if !well_formed {
            return Err(NafError::BadShape);
        }
        Ok(NafCode(format!("{}.{}", &compact[..2], &compact[2..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

checked_string!(NafCode, NafError, display);

impl fmt::Display for NafError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a NAF code is two digits, a dot, two digits and a letter (62.01Z)")
    }
}

impl std::error::Error for NafError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_with_or_without_dot() {
        assert_eq!(
            NafCode::parse("62.01Z").map(String::from),
            Ok("62.01Z".into())
        );
        assert_eq!(
            NafCode::parse("4789z").map(String::from),
            Ok("47.89Z".into())
        );
    }

    #[test]
    fn malformed_codes_are_refused() {
        assert_eq!(NafCode::parse("3212ZZ"), Err(NafError::BadShape));
        assert_eq!(NafCode::parse("22.02"), Err(NafError::BadShape));
    }
}
