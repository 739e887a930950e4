//! Consent (RGPD, article 3.2 of the convention): who agreed, when, to
//! which uses of a record's confidential fields outside the application.
//! Without it, what is confidential never leaves: exports, reports and
//! machine-readable output leave its restricted fields out.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::meta::Restricted;
use crate::domain::records::MAX_LINE;
use crate::domain::text::check_required_text;
use crate::domain::validation::{Field, Rule, ValidationErrors};

choice_enum! {
    /// What a confidential record's restricted fields may be used for
    /// outside the application.
    pub enum ConsentUse {
        /// Files and machine-readable output (`export`, `--json`, a
        /// revealed `show` written to a file or a pipe).
        Export => "export",
        /// The steering committee's yearly report.
        Report => "report",
        /// Passing them to a partner organisation (the host company, the
        /// other académies).
        Sharing => "sharing",
    }
}

/// A consent as a person gives it (the command line's options, the
/// interface's form); the service stamps who recorded it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentInput {
    pub given_by: String,
    pub given_on: NaiveDate,
    pub uses: Vec<ConsentUse>,
}

/// A consent as recorded on one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// Who consented: the person, or their legal guardian for a minor.
    /// Personal data itself, so masked like the record's restricted
    /// fields.
    pub given_by: Restricted<String>,
    pub given_on: NaiveDate,
    /// What they consented to; never empty.
    pub uses: Vec<ConsentUse>,
    /// The account that recorded it, and when.
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

impl Consent {
    pub fn covers(&self, wanted: ConsentUse) -> bool {
        self.uses.contains(&wanted)
    }

    /// Checks what a person typed: someone named, a day that has come,
    /// at least one use.
    pub fn validate(&self, today: NaiveDate) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        if let Some(given_by) = self.given_by.clear() {
            errors.check(
                Field::ConsentGivenBy,
                check_required_text(given_by, MAX_LINE),
            );
        }
        if self.given_on > today {
            errors.push(Field::ConsentGivenOn, Rule::AfterToday { today });
        }
        if self.uses.is_empty() {
            errors.push(Field::ConsentUses, Rule::Required);
        }
        errors
    }
}

/// Reads uses typed as a comma-separated list (`export,rapport`): codes
/// and French words both, duplicates dropped. An unknown word is refused.
pub fn parse_uses(input: &str) -> Result<Vec<ConsentUse>, Rule> {
    let mut uses = Vec::new();
    for word in input.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let found = ConsentUse::from_code(word).or_else(|| {
            match crate::domain::text::fold(word).as_str() {
                "rapport" => Some(ConsentUse::Report),
                "partage" => Some(ConsentUse::Sharing),
                _ => None,
            }
        });
        match found {
            Some(found) if !uses.contains(&found) => uses.push(found),
            Some(_) => {}
            None => return Err(Rule::NotAChoice),
        }
    }
    if uses.is_empty() {
        return Err(Rule::Required);
    }
    Ok(uses)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real day")
    }

    #[test]
    fn uses_are_read_in_both_languages() {
        assert_eq!(
            parse_uses("export, rapport,Export"),
            Ok(vec![ConsentUse::Export, ConsentUse::Report])
        );
        assert_eq!(parse_uses("partage"), Ok(vec![ConsentUse::Sharing]));
        assert_eq!(parse_uses("publicité"), Err(Rule::NotAChoice));
        assert_eq!(parse_uses(" , "), Err(Rule::Required));
    }

    #[test]
    fn a_consent_names_someone_a_past_day_and_a_use() {
        let today = day(2026, 11, 29);
        let consent = Consent {
            given_by: Restricted::Clear(" ".into()),
            given_on: day(2026, 12, 1),
            uses: Vec::new(),
            recorded_by: "alice".into(),
            recorded_at: DateTime::<Utc>::UNIX_EPOCH,
        };
        let fields: Vec<Field> = consent
            .validate(today)
            .0
            .iter()
            .map(|error| error.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                Field::ConsentGivenBy,
                Field::ConsentGivenOn,
                Field::ConsentUses
            ]
        );
        let good = Consent {
            given_by: Restricted::Clear("Mme Diallo, responsable légale".into()),
            given_on: today,
            uses: vec![ConsentUse::Report],
            ..consent
        };
        assert!(good.validate(today).is_empty());
        assert!(good.covers(ConsentUse::Report));
        assert!(!good.covers(ConsentUse::Export));
    }
}
