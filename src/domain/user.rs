//! The people who use a store: each Unix account allowed in has a display
//! name, an organisation and a role. Who is asking is always the account
//! of the calling process, never something a user types.

use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::Organisation;
use crate::domain::text::fold;
use crate::domain::text::is_invisible_format;

choice_enum! {
    /// What an account may do.
    pub enum Role {
        /// Manages users, sees and reveals everything.
        Admin => "admin",
        /// Reads and writes; reveals what their organisation owns.
        Coordinator => "coordinator",
        /// Reads; reveals nothing, writes nothing.
        Reader => "reader",
    }
}

impl Role {
    pub fn may_write(self) -> bool {
        matches!(self, Role::Admin | Role::Coordinator)
    }
}

/// One account's entry in `users.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserEntry {
    pub name: String,
    /// An administrator may belong to none (the store's creator, entered
    /// before anyone said where they work); a coordinator must.
    pub organisation: Option<Organisation>,
    pub role: Role,
}

/// Who a caller is, once recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub account: String,
    pub name: String,
    pub organisation: Option<Organisation>,
    pub role: Role,
}

/// An administrator, as named to someone who must ask them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Admin {
    pub account: String,
    pub name: String,
}

/// The word for an organisation in `users.toml` and on the command line:
/// `paris`, `creteil`, `versailles`, `cpme` (the stored codes are
/// accepted too).
pub fn organisation_word(organisation: Organisation) -> &'static str {
    match organisation {
        Organisation::AcademieParis => "paris",
        Organisation::AcademieCreteil => "creteil",
        Organisation::AcademieVersailles => "versailles",
        Organisation::CpmeIdf => "cpme",
    }
}

/// Reads an organisation's word, ignoring case and accents.
pub fn parse_organisation(input: &str) -> Option<Organisation> {
    let folded = fold(input);
    Organisation::ALL
        .iter()
        .copied()
        .find(|o| organisation_word(*o) == folded)
        .or_else(|| Organisation::from_code(input))
}

/// Why an account name or a display name is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NameProblem {
    Empty,
    /// A control character, an invisible one (bidi, zero-width, tag) or,
    /// in an account, a space.
    BadCharacter,
    TooLong,
}

/// The longest display name kept.
pub const MAX_NAME_CHARS: usize = 100;

/// A Unix account name: no space, no control character (it is printed and
/// compared byte for byte).
pub fn check_account(account: &str) -> Result<(), NameProblem> {
    if account.is_empty() {
        return Err(NameProblem::Empty);
    }
    if account
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || is_invisible_format(c))
    {
        return Err(NameProblem::BadCharacter);
    }
    if account.chars().count() > MAX_NAME_CHARS {
        return Err(NameProblem::TooLong);
    }
    Ok(())
}

pub fn check_display_name(name: &str) -> Result<(), NameProblem> {
    if name.trim().is_empty() {
        return Err(NameProblem::Empty);
    }
    // Invisible characters would make two names look alike, or reorder
    // what follows them on every screen that shows the name.
    if name
        .chars()
        .any(|c| c.is_control() || is_invisible_format(c))
    {
        return Err(NameProblem::BadCharacter);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(NameProblem::TooLong);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisations_read_by_word_or_code() {
        for organisation in Organisation::ALL {
            let word = organisation_word(*organisation);
            assert_eq!(parse_organisation(word), Some(*organisation));
            assert_eq!(parse_organisation(organisation.code()), Some(*organisation));
        }
        assert_eq!(
            parse_organisation("Créteil"),
            Some(Organisation::AcademieCreteil)
        );
        assert_eq!(parse_organisation("lyon"), None);
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(check_account("alice"), Ok(()));
        assert_eq!(check_account(""), Err(NameProblem::Empty));
        assert_eq!(check_account("ali ce"), Err(NameProblem::BadCharacter));
        assert_eq!(check_account("ali\0ce"), Err(NameProblem::BadCharacter));
        assert_eq!(check_display_name("Alice Martin"), Ok(()));
        assert_eq!(check_display_name("  "), Err(NameProblem::Empty));
        assert_eq!(
            check_display_name("a\u{1b}[2J"),
            Err(NameProblem::BadCharacter)
        );
    }
}
