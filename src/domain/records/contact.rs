//! A person the partnership works with: at a school, a company, or an
//! académie service.

use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::academie::Academie;
use crate::domain::identifiers::{Email, Phone};
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordId, RecordMeta, Restricted};
use crate::domain::records::{
    AcademieSource, Entity, Link, LinkRole, MAX_LINE, NameSource, RecordRef, ValidationContext,
    check_notes, validate_meta,
};
use crate::domain::text::check_required_text;
use crate::domain::validation::{Field, ValidationErrors};

choice_enum! {
    pub enum ContactRole {
        ChefEtablissement => "chef_etablissement",
        ProfesseurReferent => "professeur_referent",
        PsyEn => "psy_en",
        Ddfpt => "ddfpt",
        Dirigeant => "dirigeant",
        Tuteur => "tuteur",
        /// Conseiller entreprises pour l'école, for exam juries (2.4).
        Cee => "cee",
        Coordinateur => "coordinateur",
        Other => "other",
    }
}

choice_enum! {
    /// Académie services named by the convention.
    pub enum AcademicService {
        Casnav => "casnav",
        Dafpic => "dafpic",
        Daet => "daet",
        /// Mission de lutte contre le décrochage scolaire (2.6).
        Mlds => "mlds",
        /// Mission académique à la scolarisation des élèves handicapés (2.3).
        Ash => "ash",
        Other => "other",
    }
}

/// Where a contact works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactOrganisation {
    School(RecordId),
    Company(RecordId),
    Service {
        service: AcademicService,
        academie: Academie,
    },
    /// The CPME Île-de-France itself.
    Cpme,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub meta: RecordMeta,
    pub name: String,
    pub role: ContactRole,
    pub organisation: ContactOrganisation,
    pub email: Restricted<Option<Email>>,
    pub phone: Restricted<Option<Phone>>,
    pub notes: Restricted<String>,
}

impl Entity for Contact {
    const KIND: Kind = Kind::Contact;

    meta_accessors!();

    fn name_source(&self) -> NameSource<'_> {
        NameSource::Own(&self.name)
    }

    fn academie_source(&self) -> AcademieSource {
        match self.organisation {
            ContactOrganisation::School(id) => AcademieSource::Of(RecordRef::new(Kind::School, id)),
            ContactOrganisation::Company(id) => {
                AcademieSource::Of(RecordRef::new(Kind::Company, id))
            }
            ContactOrganisation::Service { academie, .. } => AcademieSource::Own(Some(academie)),
            ContactOrganisation::Cpme => AcademieSource::Own(None),
        }
    }

    fn links(&self) -> Vec<Link> {
        match self.organisation {
            ContactOrganisation::School(id) => {
                vec![Link::new(LinkRole::Organisation, Kind::School, id)]
            }
            ContactOrganisation::Company(id) => {
                vec![Link::new(LinkRole::Organisation, Kind::Company, id)]
            }
            ContactOrganisation::Service { .. } | ContactOrganisation::Cpme => Vec::new(),
        }
    }

    fn validate(&self, _context: &ValidationContext) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        errors.check(Field::Name, check_required_text(&self.name, MAX_LINE));
        check_notes(&self.notes, Field::Notes, &mut errors);
        validate_meta(&self.meta, &mut errors);
        errors
    }

    fn mask_restricted(&mut self) {
        self.email.mask();
        self.phone.mask();
        self.notes.mask();
    }

    fn restore_masked(&mut self, stored: &Self) {
        self.email.restore_from(&stored.email);
        self.phone.restore_from(&stored.phone);
        self.notes.restore_from(&stored.notes);
    }

    fn has_masked_fields(&self) -> bool {
        self.email.is_masked() || self.phone.is_masked() || self.notes.is_masked()
    }
}
