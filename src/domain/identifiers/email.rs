//! E-mail addresses, checked for the shape people get wrong (a missing
//! `@`, a domain without a dot, spaces), not for deliverability.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailError {
    MissingAt,
    SeveralAts,
    EmptyLocalPart,
    /// The part after `@` has no dot, or an empty label (`a@b..fr`).
    BadDomain,
    Spaces,
    TooLong {
        max: usize,
    },
}

/// RFC 5321's limit on a forward path.
const MAX_EMAIL_LENGTH: usize = 254;

impl Email {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let trimmed = input.trim();
        if trimmed.chars().count() > MAX_EMAIL_LENGTH {
            return Err(EmailError::TooLong {
                max: MAX_EMAIL_LENGTH,
            });
        }
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(EmailError::Spaces);
        }
        let mut parts = trimmed.split('@');
        let (Some(local), Some(domain)) = (parts.next(), parts.next()) else {
            return Err(EmailError::MissingAt);
        };
        if parts.next().is_some() {
            return Err(EmailError::SeveralAts);
        }
        if local.is_empty() {
            return Err(EmailError::EmptyLocalPart);
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 || labels.iter().any(|label| label.is_empty()) {
            return Err(EmailError::BadDomain);
        }
        Ok(Email(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

checked_string!(Email, EmailError, display);

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmailError::MissingAt => f.write_str("an e-mail address needs an @"),
            EmailError::SeveralAts => f.write_str("an e-mail address has only one @"),
            EmailError::EmptyLocalPart => f.write_str("nothing before the @"),
            EmailError::BadDomain => f.write_str("the part after the @ is not a domain"),
            EmailError::Spaces => f.write_str("an e-mail address has no spaces"),
            EmailError::TooLong { max } => write!(f, "longer than {max} characters"),
        }
    }
}

impl std::error::Error for EmailError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses_pass() {
        assert!(Email::parse("ce.0750655E@ac-paris.fr").is_ok());
        assert!(Email::parse(" prenom.nom@cpme-idf.fr ").is_ok());
    }

    #[test]
    fn invalid_addresses_name_the_rule() {
        assert_eq!(Email::parse("nom.ac-paris.fr"), Err(EmailError::MissingAt));
        assert_eq!(Email::parse("a@b@c.fr"), Err(EmailError::SeveralAts));
        assert_eq!(
            Email::parse("@ac-paris.fr"),
            Err(EmailError::EmptyLocalPart)
        );
        assert_eq!(Email::parse("nom@localhost"), Err(EmailError::BadDomain));
        assert_eq!(Email::parse("nom@ac..fr"), Err(EmailError::BadDomain));
        assert_eq!(Email::parse("prénom nom@ac.fr"), Err(EmailError::Spaces));
    }
}
