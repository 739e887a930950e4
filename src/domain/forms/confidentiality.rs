//! The confidentiality mark, the last three fields of every record's
//! form: whether the record is confidential, why, and which organisation
//! owns it (whose coordinators may reveal it; with none, only admins).
//!
//! The reason is masked with the restricted fields (blank) until the
//! record is revealed; left blank, it stays as stored.
//!
//! A mark set to "no" drops its reason and owner: a record that is not
//! confidential carries no mark, so an old reason cannot come back
//! unnoticed the next time the record is flagged. Lifting a mark is the
//! service's to allow (admins only), and a learner with particular needs
//! is made confidential by the service whatever the form says.

use crate::choice_enum;
use crate::domain::academie::Organisation;
use crate::domain::forms::parse::{Reader, coded, codes, line, yes_no};
use crate::domain::forms::{FieldSpec, InputKind, write};
use crate::domain::meta::Confidentiality;
use crate::domain::user::parse_organisation;
use crate::domain::validation::{Field, Rule};

choice_enum! {
    /// The owner of a confidential record as a form offers it: one of
    /// the four organisations, by the word `users.toml` uses, or none
    /// (admins only may then reveal it).
    pub enum OwnerChoice {
        Unowned => "none",
        Paris => "paris",
        Creteil => "creteil",
        Versailles => "versailles",
        Cpme => "cpme",
    }
}

coded!(OwnerChoice);

impl OwnerChoice {
    pub fn organisation(self) -> Option<Organisation> {
        match self {
            OwnerChoice::Unowned => None,
            OwnerChoice::Paris => Some(Organisation::AcademieParis),
            OwnerChoice::Creteil => Some(Organisation::AcademieCreteil),
            OwnerChoice::Versailles => Some(Organisation::AcademieVersailles),
            OwnerChoice::Cpme => Some(Organisation::CpmeIdf),
        }
    }

    pub fn of(owner: Option<Organisation>) -> Self {
        OwnerChoice::ALL
            .iter()
            .copied()
            .find(|choice| choice.organisation() == owner)
            .unwrap_or(OwnerChoice::Unowned)
    }
}

/// The mark's fields, which end every record's form.
pub(super) fn fields() -> [FieldSpec; 3] {
    [
        FieldSpec::new(Field::Confidentiality, InputKind::YesNo, true),
        // Required when the record is confidential: the record's own
        // `validate` says so, at this field.
        FieldSpec::new(Field::ConfidentialityReason, InputKind::Text, false),
        // Blank reads as none, like the explicit "none".
        FieldSpec::new(
            Field::ConfidentialityOwner,
            InputKind::Choice(codes::<OwnerChoice>()),
            false,
        ),
    ]
}

/// A new record is not confidential; its owner is none, and the service
/// gives it the organisation of the coordinator who flags it (the form
/// does not know who is typing).
pub(super) fn default_text(field: Field) -> Option<String> {
    match field {
        Field::Confidentiality => Some(write::yes_no(false)),
        Field::ConfidentialityReason => Some(String::new()),
        Field::ConfidentialityOwner => Some(write::choice(OwnerChoice::Unowned)),
        _ => None,
    }
}

/// The text of one of the mark's fields; `None` for another field.
pub(super) fn text_of(mark: &Confidentiality, field: Field) -> Option<String> {
    match field {
        Field::Confidentiality => Some(write::yes_no(mark.confidential)),
        Field::ConfidentialityReason => Some(mark.reason.clone()),
        Field::ConfidentialityOwner => Some(write::choice(OwnerChoice::of(mark.owner))),
        _ => None,
    }
}

/// An owner's text: a form's code, or an organisation as `users.toml`
/// or the store names it ("creteil", "academie_creteil").
fn owner(text: &str) -> Result<Option<Organisation>, Rule> {
    match OwnerChoice::from_code(text) {
        Some(choice) => Ok(choice.organisation()),
        None => parse_organisation(text).map(Some).ok_or(Rule::NotAChoice),
    }
}

/// Reads the mark; `None` when one of its fields does not read (its
/// error is kept). A confidential mark needs its reason: the record's own
/// `validate` says so too, but only once every field reads, and the
/// person should learn it at the same save as the other errors.
/// A blank reason over a masked one (the person could not see it) keeps
/// it: the service puts the stored reason back.
pub(super) fn read(r: &mut Reader, reason_masked: bool) -> Option<Confidentiality> {
    let confidential = r.value(Field::Confidentiality, yes_no);
    let reason = r.or_default(Field::ConfidentialityReason, line);
    let owner = r.read(Field::ConfidentialityOwner, owner);
    let blank = reason.as_ref().is_some_and(String::is_empty);
    if confidential == Some(true) && blank && !reason_masked {
        r.relate(Field::ConfidentialityReason, Rule::Required);
    }
    let (reason, owner) = (reason?, owner?.flatten());
    Some(if confidential? {
        Confidentiality::flagged(reason, owner)
    } else {
        Confidentiality::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::organisation_word;

    #[test]
    fn owner_codes_are_the_words_of_users_toml() {
        for organisation in Organisation::ALL {
            let choice = OwnerChoice::of(Some(*organisation));
            assert_eq!(choice.code(), organisation_word(*organisation));
            assert_eq!(choice.organisation(), Some(*organisation));
        }
        assert_eq!(OwnerChoice::of(None), OwnerChoice::Unowned);
        assert_eq!(owner("none"), Ok(None));
        assert_eq!(owner("Créteil"), Ok(Some(Organisation::AcademieCreteil)));
        assert_eq!(owner("cpme_idf"), Ok(Some(Organisation::CpmeIdf)));
        assert_eq!(owner("lyon"), Err(Rule::NotAChoice));
    }
}
