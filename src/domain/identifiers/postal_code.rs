//! French postal codes: five digits, the first two naming the département
//! (or `97`/`98` overseas; `20` for Corsica).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::academie::Academie;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PostalCode(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostalCodeError {
    /// Not five characters; a four-digit code usually lost its leading
    /// zero in a spreadsheet.
    WrongLength {
        found: usize,
    },
    NotDigits,
    /// Starts with `00` or `99`, which no département has.
    NoSuchDepartement,
}

impl PostalCode {
    pub fn parse(input: &str) -> Result<Self, PostalCodeError> {
        let trimmed = input.trim();
        let found = trimmed.chars().count();
        if found != 5 {
            return Err(PostalCodeError::WrongLength { found });
        }
        if !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PostalCodeError::NotDigits);
        }
        if trimmed.starts_with("00") || trimmed.starts_with("99") {
            return Err(PostalCodeError::NoSuchDepartement);
        }
        Ok(PostalCode(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The académie of Île-de-France this code lies in, if any.
    pub fn academie(&self) -> Option<Academie> {
        Academie::from_departement(&self.0[..2])
    }
}

checked_string!(PostalCode, PostalCodeError, display);

impl fmt::Display for PostalCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PostalCodeError::WrongLength { found } => {
                write!(f, "a postal code has 5 digits, found {found} characters")
            }
            PostalCodeError::NotDigits => f.write_str("a postal code has only digits"),
            PostalCodeError::NoSuchDepartement => f.write_str("no département has this code"),
        }
    }
}

impl std::error::Error for PostalCodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_codes_and_their_academie() {
        let creteil = PostalCode::parse("94200").ok().and_then(|p| p.academie());
        assert_eq!(creteil, Some(Academie::Creteil));
        let outside = PostalCode::parse("35580").ok().and_then(|p| p.academie());
        assert_eq!(outside, None);
        assert!(PostalCode::parse("97400").is_ok());
    }

    #[test]
    fn invalid_codes_name_the_rule() {
        assert_eq!(
            PostalCode::parse("9420"),
            Err(PostalCodeError::WrongLength { found: 4 })
        );
        assert_eq!(PostalCode::parse("75OO1"), Err(PostalCodeError::NotDigits));
        assert_eq!(
            PostalCode::parse("00100"),
            Err(PostalCodeError::NoSuchDepartement)
        );
    }
}
