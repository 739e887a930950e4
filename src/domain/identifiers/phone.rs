//! French telephone numbers: ten digits starting with 0, or the same in
//! international form (+33 then nine digits). Stored in the compact
//! national form, shown in pairs.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhoneError {
    /// Letters or symbols other than spaces, dots, dashes, `+` and
    /// parentheses.
    NotDigits,
    /// Not ten digits once `+33` is turned into `0`; nine digits usually
    /// means a spreadsheet ate the leading zero.
    WrongLength { found: usize },
    /// A national number starts with 0 and a non-zero digit.
    NotFrench,
}

impl Phone {
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let trimmed = input.trim();
        if trimmed
            .chars()
            .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')')))
        {
            return Err(PhoneError::NotDigits);
        }
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        let national = if trimmed.starts_with('+') {
            // "+33 (0)1 …" is common: the (0) is dropped.
            let rest = digits.strip_prefix("33").ok_or(PhoneError::NotFrench)?;
            let rest = if trimmed.contains("(0)") {
                rest.strip_prefix('0').unwrap_or(rest)
            } else {
                rest
            };
            format!("0{rest}")
        } else {
            digits
        };
        if national.len() != 10 {
            return Err(PhoneError::WrongLength {
                found: national.len(),
            });
        }
        if !national.starts_with('0') || national.as_bytes()[1] == b'0' {
            return Err(PhoneError::NotFrench);
        }
        Ok(Phone(national))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    /// In pairs, as the French write them: `01 44 62 35 00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, pair) in self.0.as_bytes().chunks(2).enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            f.write_str(std::str::from_utf8(pair).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

checked_string!(Phone, PhoneError);

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneError::NotDigits => f.write_str("a phone number has only digits and separators"),
            PhoneError::WrongLength { found } => {
                write!(f, "a French number has 10 digits, found {found}")
            }
            PhoneError::NotFrench => f.write_str("not a French number (0X or +33)"),
        }
    }
}

impl std::error::Error for PhoneError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_spellings_are_accepted() {
        for input in [
            "01 44 62 35 00",
            "0144623500",
            "01.44.62.35.00",
            "+33 1 44 62 35 00",
            "+33 (0)1 44 62 35 00",
        ] {
            assert_eq!(
                Phone::parse(input).map(String::from),
                Ok("0144623500".into()),
                "{input}"
            );
        }
        assert_eq!(
            Phone::parse("0612345678").map(|p| p.to_string()),
            Ok("06 12 34 56 78".into())
        );
    }

    #[test]
    fn invalid_numbers_name_the_rule() {
        assert_eq!(
            Phone::parse("384958096"),
            Err(PhoneError::WrongLength { found: 9 })
        );
        assert_eq!(Phone::parse("01 44 62 35 0O"), Err(PhoneError::NotDigits));
        assert_eq!(Phone::parse("0044623500"), Err(PhoneError::NotFrench));
        assert_eq!(Phone::parse("+44 20 7946 0958"), Err(PhoneError::NotFrench));
    }
}
