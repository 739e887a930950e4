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

impl Learner {
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
