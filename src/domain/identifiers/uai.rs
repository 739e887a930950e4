//! UAI (unité administrative immatriculée): the national code of a school,
//! seven digits and a check letter, e.g. `0750655E`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::academie::Academie;

/// The check letter is the seven-digit number modulo 23, indexed into this
/// alphabet (I, O and Q are left out so they cannot be misread).
const CHECK_ALPHABET: &[u8; 23] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uai(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UaiError {
    /// Not eight characters once spaces are removed.
    WrongLength { found: usize },
    /// One of the first seven characters is not a digit.
    NotDigits,
    /// The eighth character is not a letter of the check alphabet.
    NotACheckLetter { found: char },
    /// The check letter does not match the digits.
    WrongCheckLetter { expected: char, found: char },
}

impl Uai {
    /// Reads a UAI as people type it: spaces ignored, lower case accepted.
    pub fn parse(input: &str) -> Result<Self, UaiError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        let chars: Vec<char> = compact.chars().collect();
        if chars.len() != 8 {
            return Err(UaiError::WrongLength { found: chars.len() });
        }
        let digits = &chars[..7];
        if !digits.iter().all(char::is_ascii_digit) {
            return Err(UaiError::NotDigits);
        }
        let found = chars[7];
        if !found.is_ascii() || !CHECK_ALPHABET.contains(&(found as u8)) {
            return Err(UaiError::NotACheckLetter { found });
        }
        let number: String = digits.iter().collect();
        let expected = check_letter(&number);
        if found != expected {
            return Err(UaiError::WrongCheckLetter { expected, found });
        }
        Ok(Uai(compact))
    }

    /// Builds the UAI of a seven-digit number by appending its check
    /// letter. `None` unless `digits` is exactly seven ASCII digits.
    pub fn from_digits(digits: &str) -> Option<Self> {
        if digits.len() != 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut code = digits.to_owned();
        code.push(check_letter(digits));
        Some(Uai(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The académie of the school, read from the département in the first
    /// three digits (`075…` is Paris). `None` outside Île-de-France.
    pub fn academie(&self) -> Option<Academie> {
        Academie::from_departement(&self.0[..3])
    }
}

/// The check letter of seven ASCII digits.
fn check_letter(digits: &str) -> char {
    let number = digits
        .bytes()
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    CHECK_ALPHABET[(number % 23) as usize] as char
}

checked_string!(Uai, UaiError, display);

impl fmt::Display for UaiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UaiError::WrongLength { found } => {
                write!(
                    f,
                    "a UAI is 7 digits and a letter, found {found} characters"
                )
            }
            UaiError::NotDigits => f.write_str("the first 7 characters of a UAI are digits"),
            UaiError::NotACheckLetter { found } => {
                write!(f, "'{found}' cannot be a UAI check letter")
            }
            UaiError::WrongCheckLetter { expected, found } => write!(
                f,
                "the check letter is {found} but the digits call for {expected}"
            ),
        }
    }
}

impl std::error::Error for UaiError {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_uais_pass() {
        for code in ["0750655E", "0941018W", "0350122T", "0350165P", "0350192U"] {
            assert!(Uai::parse(code).is_ok(), "{code} should be valid");
        }
        assert_eq!(
            Uai::parse(" 0750655e ").map(String::from),
            Ok("0750655E".into())
        );
    }

    #[test]
    fn wrong_check_letter_names_the_expected_one() {
        assert_eq!(
            Uai::parse("0750655F"),
            Err(UaiError::WrongCheckLetter {
                expected: 'E',
                found: 'F'
            })
        );
    }

    #[test]
    fn malformed_uais_are_refused_with_the_rule() {
        assert_eq!(
            Uai::parse("075065E"),
            Err(UaiError::WrongLength { found: 7 })
        );
        assert_eq!(Uai::parse("07506X5E"), Err(UaiError::NotDigits));
        assert_eq!(
            Uai::parse("0750655I"),
            Err(UaiError::NotACheckLetter { found: 'I' })
        );
        assert_eq!(
            Uai::parse("0750655É"),
            Err(UaiError::NotACheckLetter { found: 'É' })
        );
    }

    #[test]
    fn academie_comes_from_the_departement() {
        let paris = Uai::parse("0750655E").ok().and_then(|u| u.academie());
        assert_eq!(paris, Some(Academie::Paris));
        let rennes = Uai::parse("0350122T").ok().and_then(|u| u.academie());
        assert_eq!(rennes, None);
    }

    proptest! {
        #[test]
        fn every_generated_uai_passes(n in 0u32..10_000_000) {
            let digits = format!("{n:07}");
            let uai = Uai::from_digits(&digits).expect("seven digits");
            prop_assert_eq!(Uai::parse(uai.as_str()), Ok(uai.clone()));
        }

        #[test]
        fn every_single_digit_change_fails(n in 0u32..10_000_000, position in 0usize..7, delta in 1u8..10) {
            let uai = Uai::from_digits(&format!("{n:07}")).expect("seven digits");
            let mut bytes = uai.as_str().as_bytes().to_vec();
            bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
            let altered = String::from_utf8(bytes).expect("ascii");
            // A change of one digit moves the number by d·10^k with
            // 0 < d < 10 and k < 7; 23 is prime and divides neither, so
            // the check letter always changes.
            prop_assert!(
                matches!(Uai::parse(&altered), Err(UaiError::WrongCheckLetter { .. })),
                "{} passed", altered
            );
        }
    }
}
