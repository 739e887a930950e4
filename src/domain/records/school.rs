//! A school (établissement): collège, lycée, CFA, EREA, université.

use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::identifiers::{Email, Phone, PostalCode, Uai};
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordMeta, Restricted};
use crate::domain::place::Location;
use crate::domain::records::{
    AcademieSource, Entity, Link, MAX_LINE, NameSource, ValidationContext, check_line, check_notes,
    validate_meta,
};
use crate::domain::text::check_required_text;
use crate::domain::validation::{Field, ValidationErrors};

choice_enum! {
    pub enum SchoolKind {
        College => "college",
        LyceeGeneral => "lycee_general",
        LyceeProfessionnel => "lycee_professionnel",
        LyceePolyvalent => "lycee_polyvalent",
        Cfa => "cfa",
        Erea => "erea",
        Universite => "universite",
    }
}

choice_enum! {
    pub enum Sector {
        Public => "public",
        Private => "private",
    }
}

choice_enum! {
    /// Special units for pupils with disabilities (ULIS) or newly arrived
    /// allophone pupils (UPE2A), and the experimental UPE2A-ULIS (2.3).
    pub enum SpecialUnit {
        Ulis => "ulis",
        Upe2a => "upe2a",
        Upe2aUlis => "upe2a_ulis",
        Segpa => "segpa",
    }
}

choice_enum! {
    /// Whether a school is open, as the Annuaire de l'éducation says
    /// (« OUVERT », « A OUVRIR », « A FERMER », « FERME »). A closed
    /// school is kept for its history and offered in no picker.
    pub enum OpeningState {
        Open => "open",
        Opening => "opening",
        Closing => "closing",
        Closed => "closed",
    }
}

impl OpeningState {
    /// Reads the directories' own words (any case, accents or not).
    pub fn from_directory(text: &str) -> Option<Self> {
        match crate::domain::text::fold(text).as_str() {
            "ouvert" | "ouverte" => Some(OpeningState::Open),
            "a ouvrir" => Some(OpeningState::Opening),
            "a fermer" => Some(OpeningState::Closing),
            "ferme" | "fermee" => Some(OpeningState::Closed),
            _ => OpeningState::from_code(text),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct School {
    pub meta: RecordMeta,
    pub uai: Uai,
    pub name: String,
    pub kind: SchoolKind,
    pub sector: Sector,
    pub commune: String,
    pub postal_code: PostalCode,
    /// Street address (a line or two, without commune or postal code).
    pub address: Option<String>,
    /// Where it is on the map (see [`crate::domain::place`]).
    pub location: Option<Location>,
    pub opening_state: OpeningState,
    pub special_units: Vec<SpecialUnit>,
    /// Apprenticeship sections offered (article 2.5), by their title.
    pub apprenticeship_sections: Vec<String>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub notes: Restricted<String>,
}

impl Entity for School {
    const KIND: Kind = Kind::School;

    meta_accessors!();

    fn name_source(&self) -> NameSource<'_> {
        NameSource::Own(&self.name)
    }

    fn academie_source(&self) -> AcademieSource {
        AcademieSource::Own(self.uai.academie())
    }

    fn links(&self) -> Vec<Link> {
        Vec::new()
    }

    fn codes(&self) -> Vec<&str> {
        vec![self.uai.as_str()]
    }

    fn validate(&self, _context: &ValidationContext) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        errors.check(Field::Name, check_required_text(&self.name, MAX_LINE));
        errors.check(Field::Commune, check_required_text(&self.commune, MAX_LINE));
        if let Some(address) = &self.address {
            check_line(address, Field::Address, &mut errors);
        }
        let mut units = self.special_units.clone();
        units.sort();
        units.dedup();
        if units.len() != self.special_units.len() {
            errors.push(
                Field::SpecialUnits,
                crate::domain::validation::Rule::Duplicate,
            );
        }
        for section in &self.apprenticeship_sections {
            check_line(section, Field::ApprenticeshipSections, &mut errors);
        }
        check_notes(&self.notes, Field::Notes, &mut errors);
        validate_meta(&self.meta, &mut errors);
        errors
    }

    notes_only_restricted!();
}
