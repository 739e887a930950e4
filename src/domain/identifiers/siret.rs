//! SIREN (9 digits, the company) and SIRET (SIREN + 5 digits, one of its
//! establishments). Both pass the Luhn check, except the establishments of
//! La Poste, whose SIRETs have a digit sum divisible by 5 instead.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The SIREN of La Poste, whose establishments follow their own rule.
pub const LA_POSTE_SIREN: &str = "356000000";

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Siren(String);

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Siret(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SiretError {
    /// Written in scientific notation (`2,17003E+13`), as a spreadsheet
    /// does to long numbers: the digits are lost and cannot be recovered.
    ScientificNotation,
    WrongLength {
        expected: usize,
        found: usize,
    },
    NotDigits,
    /// The Luhn checksum fails: a digit is wrong or two are swapped.
    LuhnCheckFailed,
    /// A La Poste SIRET whose digit sum is not a multiple of 5.
    LaPosteCheckFailed,
}

/// Strips the spaces, dots and dashes people put in long numbers, and
/// refuses what a spreadsheet made of them.
fn compact_digits(input: &str, expected: usize) -> Result<String, SiretError> {
    let trimmed = input.trim();
    let upper = trimmed.to_ascii_uppercase();
    if upper.contains("E+") || upper.contains("E-") {
        return Err(SiretError::ScientificNotation);
    }
    let compact: String = trimmed
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '.' | '-'))
        .collect();
    let found = compact.chars().count();
    if found != expected {
        return Err(SiretError::WrongLength { expected, found });
    }
    if !compact.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SiretError::NotDigits);
    }
    Ok(compact)
}

/// The Luhn check over ASCII digits: from the right, every second digit
/// is doubled (minus 9 when over 9), and the sum is a multiple of 10.
pub fn luhn_valid(digits: &str) -> bool {
    luhn_sum(digits) % 10 == 0
}

fn luhn_sum(digits: &str) -> u32 {
    digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(position, b)| {
            let digit = u32::from(b - b'0');
            if position % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum()
}

fn digit_sum(digits: &str) -> u32 {
    digits.bytes().map(|b| u32::from(b - b'0')).sum()
}

impl Siren {
    pub fn parse(input: &str) -> Result<Self, SiretError> {
        let digits = compact_digits(input, 9)?;
        if !luhn_valid(&digits) {
            return Err(SiretError::LuhnCheckFailed);
        }
        Ok(Siren(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Siret {
    pub fn parse(input: &str) -> Result<Self, SiretError> {
        let digits = compact_digits(input, 14)?;
        if digits.starts_with(LA_POSTE_SIREN) {
            if digit_sum(&digits) % 5 != 0 {
                return Err(SiretError::LaPosteCheckFailed);
            }
        } else if !luhn_valid(&digits) {
            return Err(SiretError::LuhnCheckFailed);
        }
        Ok(Siret(digits))
    }

    /// Completes a SIREN and a four-digit establishment number with the
    /// fifth digit that makes the SIRET valid (used to make demonstration
    /// data). `None` for La Poste or malformed input.
    pub fn complete(siren: &Siren, establishment: u16) -> Option<Self> {
        if siren.as_str() == LA_POSTE_SIREN || establishment > 9999 {
            return None;
        }
        let stem = format!("{}{establishment:04}", siren.as_str());
        (0..10u8)
            .map(|last| format!("{stem}{last}"))
            .find(|candidate| luhn_valid(candidate))
            .map(Siret)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn siren(&self) -> Siren {
        Siren(self.0[..9].to_owned())
    }
}

/// Completes eight digits with the ninth that makes a valid SIREN.
pub fn complete_siren(eight_digits: u32) -> Option<Siren> {
    if eight_digits > 99_999_999 {
        return None;
    }
    let stem = format!("{eight_digits:08}");
    (0..10u8)
        .map(|last| format!("{stem}{last}"))
        .find(|candidate| luhn_valid(candidate))
        .map(Siren)
}

checked_string!(Siren, SiretError, display);
checked_string!(Siret, SiretError, display);

impl fmt::Display for SiretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SiretError::ScientificNotation => {
                f.write_str("written in scientific notation by a spreadsheet; the digits are lost")
            }
            SiretError::WrongLength { expected, found } => {
                write!(f, "expected {expected} digits, found {found} characters")
            }
            SiretError::NotDigits => f.write_str("only digits are allowed"),
            SiretError::LuhnCheckFailed => f.write_str("fails the Luhn check"),
            SiretError::LaPosteCheckFailed => {
                f.write_str("a La Poste SIRET's digits must add up to a multiple of 5")
            }
        }
    }
}

impl std::error::Error for SiretError {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_sirets_pass() {
        // From INSEE's StockEtablissement and the public registry.
        for code in ["00032517500016", "00032517500024", "73282932000074"] {
            assert!(Siret::parse(code).is_ok(), "{code} should be valid");
        }
        assert!(Siret::parse("732 829 320 00074").is_ok());
        assert!(Siren::parse("356000000").is_ok());
        assert!(Siren::parse("000325175").is_ok());
    }

    #[test]
    fn luhn_failure_is_named() {
        assert_eq!(
            Siret::parse("73282932000075"),
            Err(SiretError::LuhnCheckFailed)
        );
        assert_eq!(Siren::parse("732829321"), Err(SiretError::LuhnCheckFailed));
    }

    #[test]
    fn la_poste_follows_its_own_rule() {
        // Digit sum 3 + 5 + 6 + 1 = 15: valid for La Poste, though not Luhn.
        let valid = "35600000000001";
        assert!(!luhn_valid(valid));
        assert!(Siret::parse(valid).is_ok());
        // Luhn-valid, but its digit sum (26) is not a multiple of 5.
        assert!(luhn_valid("35600000000048"));
        assert_eq!(
            Siret::parse("35600000000048"),
            Err(SiretError::LaPosteCheckFailed)
        );
    }

    #[test]
    fn spreadsheet_mangling_is_refused() {
        assert_eq!(
            Siret::parse("2,17003E+13"),
            Err(SiretError::ScientificNotation)
        );
        assert_eq!(
            Siret::parse("2.17003e+13"),
            Err(SiretError::ScientificNotation)
        );
        assert_eq!(
            Siret::parse("7328293200007"),
            Err(SiretError::WrongLength {
                expected: 14,
                found: 13
            })
        );
        assert_eq!(Siret::parse("7328293200007A"), Err(SiretError::NotDigits));
    }

    /// Changes one digit of `code` at `position` by `delta` (1 to 9).
    fn change_digit(code: &str, position: usize, delta: u8) -> String {
        let mut bytes = code.as_bytes().to_vec();
        bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
        String::from_utf8(bytes).expect("ascii")
    }

    proptest! {
        #[test]
        fn every_generated_siren_and_siret_passes(stem in 0u32..100_000_000, establishment in 0u16..10_000) {
            let siren = complete_siren(stem).expect("eight digits");
            prop_assert!(Siren::parse(siren.as_str()).is_ok());
            if siren.as_str() != LA_POSTE_SIREN {
                let siret = Siret::complete(&siren, establishment).expect("valid siren");
                prop_assert_eq!(Siret::parse(siret.as_str()), Ok(siret.clone()));
                prop_assert_eq!(siret.siren(), siren);
            }
        }

        #[test]
        fn every_single_digit_change_fails_luhn(stem in 0u32..100_000_000, establishment in 0u16..10_000, position in 0usize..14, delta in 1u8..10) {
            let siren = complete_siren(stem).expect("eight digits");
            prop_assume!(siren.as_str() != LA_POSTE_SIREN);
            let siret = Siret::complete(&siren, establishment).expect("valid siren");
            let altered = change_digit(siret.as_str(), position, delta);
            if altered.starts_with(LA_POSTE_SIREN) {
                // The change landed on La Poste's SIREN: only its own rule applies.
                prop_assert_eq!(Siret::parse(&altered).is_ok(), digit_sum(&altered) % 5 == 0);
            } else {
                prop_assert_eq!(Siret::parse(&altered), Err(SiretError::LuhnCheckFailed));
            }
            let altered_siren = change_digit(siren.as_str(), position % 9, delta);
            prop_assert_eq!(Siren::parse(&altered_siren), Err(SiretError::LuhnCheckFailed));
        }

        #[test]
        fn la_poste_single_digit_changes_pass_only_by_multiples_of_five(establishment in 0u32..10_000, upper in any::<bool>(), position in 9usize..14, delta in 1u8..10) {
            // Four digits chosen, the fifth completing the sum to a multiple of 5.
            let partial = format!("{LA_POSTE_SIREN}{establishment:04}");
            let last = (5 - digit_sum(&partial) % 5) % 5 + if upper { 5 } else { 0 };
            let stem = format!("{partial}{last}");
            prop_assert!(Siret::parse(&stem).is_ok());
            let altered = change_digit(&stem, position, delta);
            // The digit sum moves by delta or delta − 10: a multiple of 5
            // exactly when delta is 5, which the La Poste rule lets through.
            let expected_ok = delta == 5;
            prop_assert_eq!(Siret::parse(&altered).is_ok(), expected_ok, "{}", altered);
        }
    }
}
