//! The consent form of a record: who consented, on which day, to which
//! uses. Like an immersion's evaluation it is not among the record's own
//! fields and has a form of its own; what it reads is a [`ConsentInput`],
//! which the service stamps with who recorded it and when.
//!
//! The uses are typed as the command line's `--for` takes them, a list
//! separated by commas read by [`parse_uses`] (`export, rapport`): one
//! field, so that "at least one" is said at that field.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::consent::{Consent, ConsentInput, ConsentUse, parse_uses};
use crate::domain::forms::parse::{Reader, date, line};
use crate::domain::forms::{FieldSpec, FormValues, InputKind, Understood, finish, write};
use crate::domain::meta::Restricted;
use crate::domain::validation::{Field, FieldError, ValidationErrors};

/// The fields of a consent, in form order; all three required.
pub fn consent_fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new(Field::ConsentGivenBy, InputKind::Text, true),
        FieldSpec::new(Field::ConsentGivenOn, InputKind::Date, true),
        FieldSpec::new(
            Field::ConsentUses,
            InputKind::ChoiceSet(ConsentUse::ALL.iter().map(|u| u.code()).collect()),
            true,
        ),
    ]
}

/// A new consent's texts: given today, by nobody yet, to no use yet (no
/// use is consented to that the person did not type).
pub fn consent_defaults(today: NaiveDate) -> FormValues {
    vec![
        (Field::ConsentGivenBy, String::new()),
        (Field::ConsentGivenOn, write::date(today)),
        (Field::ConsentUses, String::new()),
    ]
}

/// The texts of a recorded consent, its uses written with `word` (the
/// person's language: `rapport` or `report`); who gave it is blank when
/// masked.
pub fn consent_values(consent: &Consent, word: impl Fn(ConsentUse) -> &'static str) -> FormValues {
    let uses: Vec<&str> = consent.uses.iter().map(|u| word(*u)).collect();
    vec![
        (
            Field::ConsentGivenBy,
            write::restricted(&consent.given_by, String::clone),
        ),
        (Field::ConsentGivenOn, write::date(consent.given_on)),
        (Field::ConsentUses, uses.join(", ")),
    ]
}

/// A consent with nothing recorded about who recorded it: what
/// `Consent::validate` needs to check what was typed (it never looks at
/// the stamp, which is the service's).
fn unstamped(given_by: Restricted<String>, given_on: NaiveDate, uses: Vec<ConsentUse>) -> Consent {
    Consent {
        given_by,
        given_on,
        uses,
        recorded_by: String::new(),
        recorded_at: DateTime::<Utc>::UNIX_EPOCH,
    }
}

/// Checks one field alone, as it is typed: how it reads, then the
/// consent's own rule on it (a day not yet come). For a valid day, says
/// what it was understood as.
pub fn check_consent_field(
    field: Field,
    text: &str,
    today: NaiveDate,
) -> Result<Understood, FieldError> {
    let values = vec![(field, text.to_owned())];
    let mut reader = Reader::new(consent_fields(), &values, today);
    // The other fields hold what `validate` lets pass (who gave it
    // masked is not looked at; today; every use): only this field's
    // errors can come out.
    let mut consent = unstamped(Restricted::Masked, today, ConsentUse::ALL.to_vec());
    let mut understood = Understood::Nothing;
    match field {
        Field::ConsentGivenBy => {
            if let Some(given_by) = reader.value(field, line) {
                consent.given_by = Restricted::Clear(given_by);
            }
        }
        Field::ConsentGivenOn => {
            if let Some(day) = reader.value(field, date(today)) {
                consent.given_on = day;
                understood = Understood::Date(day);
            }
        }
        Field::ConsentUses => {
            if let Some(uses) = reader.value(field, parse_uses) {
                consent.uses = uses;
            }
        }
        _ => return Ok(Understood::Nothing),
    }
    let mut errors = reader.errors.0;
    errors.extend(consent.validate(today).0);
    match errors.into_iter().find(|error| error.field == field) {
        Some(error) => Err(error),
        None => Ok(understood),
    }
}

/// Reads a consent form: every field's error in form order, then the
/// consent's own rules, or what to send to the service.
pub fn parse_consent(
    values: &FormValues,
    today: NaiveDate,
) -> Result<ConsentInput, ValidationErrors> {
    let specs = consent_fields();
    let mut reader = Reader::new(specs.clone(), values, today);
    let given_by = reader.value(Field::ConsentGivenBy, line);
    let given_on = reader.value(Field::ConsentGivenOn, date(today));
    let uses = reader.value(Field::ConsentUses, parse_uses);
    let input = match (given_by, given_on, uses) {
        (Some(given_by), Some(given_on), Some(uses)) => Some(ConsentInput {
            given_by,
            given_on,
            uses,
        }),
        _ => None,
    };
    let validated = input.as_ref().map(|input| {
        unstamped(
            Restricted::Clear(input.given_by.clone()),
            input.given_on,
            input.uses.clone(),
        )
        .validate(today)
    });
    finish(input, reader, validated, &specs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validation::Rule;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real day")
    }

    fn typed(by: &str, on: &str, uses: &str) -> FormValues {
        vec![
            (Field::ConsentGivenBy, by.to_owned()),
            (Field::ConsentGivenOn, on.to_owned()),
            (Field::ConsentUses, uses.to_owned()),
        ]
    }

    #[test]
    fn a_consent_typed_in_full_reads_in_either_language() {
        let today = day(2026, 11, 28);
        assert_eq!(
            parse_consent(
                &typed(" Mme Haddad, mère ", "12/09/2026", "export, rapport"),
                today
            ),
            Ok(ConsentInput {
                given_by: "Mme Haddad, mère".into(),
                given_on: day(2026, 9, 12),
                uses: vec![ConsentUse::Export, ConsentUse::Report],
            })
        );
        let input = parse_consent(&typed("M. Roux", "", "sharing"), today);
        let fields: Vec<Field> = input
            .expect_err("no day")
            .0
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec![Field::ConsentGivenOn]);
    }

    #[test]
    fn every_field_is_refused_at_its_place_in_form_order() {
        let today = day(2026, 11, 28);
        let errors = parse_consent(&typed("", "+3", "publicité"), today).expect_err("refused");
        let found: Vec<(Field, Rule)> = errors
            .0
            .into_iter()
            .map(|error| (error.field, error.rule))
            .collect();
        assert_eq!(
            found,
            vec![
                (Field::ConsentGivenBy, Rule::Required),
                (Field::ConsentUses, Rule::NotAChoice),
            ]
        );
        // Every field reads, but the day has not come: the consent's own
        // rule, at its field.
        let errors = parse_consent(&typed("M. Roux", "+3", "export"), today).expect_err("future");
        assert_eq!(
            errors.0,
            vec![FieldError {
                field: Field::ConsentGivenOn,
                rule: Rule::AfterToday { today }
            }]
        );
    }

    #[test]
    fn a_field_is_checked_alone_as_it_is_typed() {
        let today = day(2026, 11, 28);
        assert_eq!(
            check_consent_field(Field::ConsentGivenOn, "1/9", today),
            Ok(Understood::Date(day(2026, 9, 1)))
        );
        assert_eq!(
            check_consent_field(Field::ConsentGivenOn, "+1", today).map_err(|e| e.rule),
            Err(Rule::AfterToday { today })
        );
        assert_eq!(
            check_consent_field(Field::ConsentUses, " , ", today).map_err(|e| e.rule),
            Err(Rule::Required)
        );
        assert_eq!(
            check_consent_field(Field::ConsentUses, "partage, export", today),
            Ok(Understood::Nothing)
        );
        assert_eq!(
            check_consent_field(Field::ConsentGivenBy, "", today).map_err(|e| e.field),
            Err(Field::ConsentGivenBy)
        );
        assert_eq!(
            check_consent_field(Field::Name, "anything", today),
            Ok(Understood::Nothing)
        );
    }

    #[test]
    fn a_recorded_consent_is_written_back_with_who_gave_it_blank_when_masked() {
        let consent = unstamped(
            Restricted::Masked,
            day(2026, 9, 12),
            vec![ConsentUse::Export, ConsentUse::Sharing],
        );
        let french = |u: ConsentUse| match u {
            ConsentUse::Export => "export",
            ConsentUse::Report => "rapport",
            ConsentUse::Sharing => "partage",
        };
        assert_eq!(
            consent_values(&consent, french),
            typed("", "12/09/2026", "export, partage")
        );
    }
}
