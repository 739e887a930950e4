//! A learner (élève, apprenti, étudiant): as little personal data as the
//! job needs. Sensitive needs are confidential by nature (article 3.2,
//! RGPD).

use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::dates::SchoolYear;
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordId, RecordMeta, Restricted};
use crate::domain::records::{
    AcademieSource, Entity, Link, LinkRole, MAX_LINE, MAX_NOTES, NameSource, RecordRef,
    ValidationContext, check_notes, validate_meta,
};
use crate::domain::text::{check_multiline_text, check_required_text};
use crate::domain::validation::{Field, ValidationErrors};

choice_enum! {
    pub enum Level {
        Troisieme => "3e",
        Seconde => "2nde",
        Premiere => "1re",
        Terminale => "terminale",
        Cap => "cap",
        BacPro => "bac_pro",
        Bts => "bts",
        Licence => "licence",
        Master => "master",
        Other => "other",
    }
}

choice_enum! {
    /// Residence-permit status of a young migrant (article 2.2).
    pub enum ResidencePermit {
        NotApplicable => "not_applicable",
        Pending => "pending",
        /// Titre de séjour « autorisé à travailler ».
        AuthorisedToWork => "authorised_to_work",
        Refused => "refused",
    }
}

/// Needs that call for particular care (2.2, 2.3). Whenever one is set,
/// the learner is confidential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitiveNeeds {
    pub disability: bool,
    /// Followed by the CASNAV (newly arrived allophone pupils).
    pub casnav_followed: bool,
    pub residence_permit: ResidencePermit,
    pub note: String,
}

impl Default for SensitiveNeeds {
    fn default() -> Self {
        SensitiveNeeds {
            disability: false,
            casnav_followed: false,
            residence_permit: ResidencePermit::NotApplicable,
            note: String::new(),
        }
    }
}

impl SensitiveNeeds {
    pub fn is_empty(&self) -> bool {
        *self == SensitiveNeeds::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Learner {
    pub meta: RecordMeta,
    pub name: String,
    pub level: Level,
    pub school: RecordId,
    pub school_year: SchoolYear,
    pub sensitive: Restricted<SensitiveNeeds>,
    pub notes: Restricted<String>,
}

/// The name an anonymised learner carries instead of theirs: the marker
/// `passerelle purge` leaves, by which it recognises the learners it has
/// anonymised already (stored data, in the users' language).
pub const ANONYMISED_NAME: &str = "[anonymisé]";

/// Why every learner is confidential (stored data, in the users'
/// language). Every learner alike: a mark only on those with sensitive
/// needs would tell everyone which pupils have them.
pub const LEARNER_REASON: &str =
    "élève : données personnelles (RGPD), protégées pour tous les élèves";

/// The reason earlier versions wrote on learners with sensitive needs
/// alone: read as [`LEARNER_REASON`] and rewritten so.
pub const SENSITIVE_NEEDS_REASON: &str =
    "besoins particuliers : données personnelles sensibles (RGPD)";

impl Learner {
    /// Gives the learner the mark every learner has, unless it has one
    /// of its own (another reason): confidential, owned by `owner` (the
    /// organisation of its school; the mark's own owner only when the
    /// school's is unknown). Whether it changed.
    pub fn mark_as_every_learner(&mut self, owner: Option<crate::domain::Organisation>) -> bool {
        let mark = &mut self.meta.confidentiality;
        let own_reason = mark.confidential
            && mark.reason != SENSITIVE_NEEDS_REASON
            && mark.reason != LEARNER_REASON;
        if own_reason {
            return false;
        }
        // Its school's organisation: nobody gives a learner to another.
        let owner = owner.or(mark.owner);
        let marked = crate::domain::meta::Confidentiality::flagged(LEARNER_REASON, owner);
        let changed = *mark != marked;
        *mark = marked;
        changed
    }
}

impl Learner {
    /// Whether `passerelle purge` anonymised the learner: the marker as
    /// name, and neither particular needs nor notes. A learner merely
    /// named like the marker but still holding needs or notes is not.
    pub fn is_anonymised(&self) -> bool {
        self.name == ANONYMISED_NAME
            && self.sensitive.clear().is_some_and(SensitiveNeeds::is_empty)
            && self.notes.clear().is_some_and(String::is_empty)
    }

    /// Removes what identifies the learner or is sensitive: the name
    /// (replaced by [`ANONYMISED_NAME`]), the particular needs and the
    /// notes. Level, school, school year, links and the confidentiality
    /// mark stay, so counts and reports are unchanged.
    pub fn anonymise(&mut self) {
        self.name = ANONYMISED_NAME.to_owned();
        self.sensitive = Restricted::Clear(SensitiveNeeds::default());
        self.notes = Restricted::Clear(String::new());
    }

    /// Whether the learner must be confidential whatever the user chose.
    pub fn has_sensitive_needs(&self) -> bool {
        self.sensitive
            .clear()
            .is_some_and(|needs| !needs.is_empty())
    }
}

impl Entity for Learner {
    const KIND: Kind = Kind::Learner;

    meta_accessors!();

    fn name_source(&self) -> NameSource<'_> {
        NameSource::Own(&self.name)
    }

    fn academie_source(&self) -> AcademieSource {
        AcademieSource::Of(RecordRef::new(Kind::School, self.school))
    }

    fn links(&self) -> Vec<Link> {
        vec![Link::new(LinkRole::School, Kind::School, self.school)]
    }

    fn validate(&self, _context: &ValidationContext) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        errors.check(Field::Name, check_required_text(&self.name, MAX_LINE));
        if let Some(needs) = self.sensitive.clear() {
            errors.check(
                Field::SensitiveNeeds,
                check_multiline_text(&needs.note, MAX_NOTES),
            );
        }
        check_notes(&self.notes, Field::Notes, &mut errors);
        validate_meta(&self.meta, &mut errors);
        errors
    }

    fn mask_restricted(&mut self) {
        self.sensitive.mask();
        self.notes.mask();
    }

    fn restore_masked(&mut self, stored: &Self) {
        self.sensitive.restore_from(&stored.sensitive);
        self.notes.restore_from(&stored.notes);
    }

    fn has_masked_fields(&self) -> bool {
        self.sensitive.is_masked() || self.notes.is_masked()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learner() -> Learner {
        Learner {
            meta: RecordMeta::new_record(),
            name: "Inès Benali".to_owned(),
            level: Level::BacPro,
            school: RecordId(3),
            school_year: SchoolYear::starting(2022),
            sensitive: Restricted::Clear(SensitiveNeeds {
                disability: true,
                casnav_followed: false,
                residence_permit: ResidencePermit::Pending,
                note: "aménagement".to_owned(),
            }),
            notes: Restricted::Clear("appeler la famille".to_owned()),
        }
    }

    #[test]
    fn anonymising_keeps_what_reports_count_and_nothing_personal() {
        let mut anonymised = learner();
        assert!(!anonymised.is_anonymised());
        anonymised.anonymise();
        assert!(anonymised.is_anonymised());
        assert_eq!(anonymised.name, ANONYMISED_NAME);
        assert!(!anonymised.has_sensitive_needs());
        assert_eq!(anonymised.notes.clear().map(String::as_str), Some(""));
        let before = learner();
        assert_eq!(
            (anonymised.level, anonymised.school, anonymised.school_year),
            (before.level, before.school, before.school_year)
        );
        // Still valid: it can be edited afterwards like any learner.
        let context = ValidationContext {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default(),
        };
        assert!(anonymised.validate(&context).0.is_empty());
    }

    #[test]
    fn the_marker_alone_is_not_enough() {
        let mut named_like_it = learner();
        named_like_it.name = ANONYMISED_NAME.to_owned();
        assert!(!named_like_it.is_anonymised());
        named_like_it.sensitive = Restricted::Masked;
        named_like_it.notes = Restricted::Clear(String::new());
        assert!(
            !named_like_it.is_anonymised(),
            "masked: not known to be empty"
        );
    }
}
