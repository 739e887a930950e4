//! A company (entreprise), often a TPE or PME member of the CPME.

use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::identifiers::{Email, NafCode, Phone, PostalCode, Siret};
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordMeta, Restricted};
use crate::domain::place::Location;
use crate::domain::records::{
    AcademieSource, Entity, Link, MAX_LINE, NameSource, ValidationContext, check_line, check_notes,
    validate_meta,
};
use crate::domain::text::check_required_text;
use crate::domain::validation::{Field, Rule, ValidationErrors};

choice_enum! {
    /// Headcount bands, as INSEE groups them.
    pub enum HeadcountBand {
        Unknown => "unknown",
        NoEmployee => "none",
        From1To9 => "1_9",
        From10To49 => "10_49",
        From50To249 => "50_249",
        From250 => "250_plus",
    }
}

choice_enum! {
    /// What a company offers the partnership (1.1, 1.2, 2.1).
    pub enum Offer {
        Observation => "observation",
        Stage => "stage",
        Pfmp => "pfmp",
        Apprenticeship => "apprenticeship",
        TeacherImmersion => "teacher_immersion",
        Visit => "visit",
        Testimony => "testimony",
    }
}

choice_enum! {
    /// Inclusive employment (2.3): ordinary company, entreprise adaptée,
    /// or ESAT.
    pub enum InclusiveKind {
        Ordinary => "ordinary",
        EntrepriseAdaptee => "entreprise_adaptee",
        Esat => "esat",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Company {
    pub meta: RecordMeta,
    pub siret: Siret,
    pub name: String,
    pub naf: Option<NafCode>,
    pub headcount: HeadcountBand,
    pub cpme_member: bool,
    pub commune: String,
    pub postal_code: PostalCode,
    /// Street address (a line or two, without commune or postal code).
    pub address: Option<String>,
    /// Where it is on the map (see [`crate::domain::place`]).
    pub location: Option<Location>,
    pub offers: Vec<Offer>,
    pub inclusive_kind: InclusiveKind,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub notes: Restricted<String>,
}

/// What a sole trader is called when no trade name or sign names their
/// business (stored data, in the users' language): their SIREN, in
/// groups, never their own first and last names, which are personal
/// data.
pub fn sole_trader_name(siren: &str) -> String {
    let grouped: Vec<&str> = [0..3, 3..6, 6..9]
        .into_iter()
        .filter_map(|range| siren.get(range))
        .collect();
    format!("Entrepreneur individuel, SIREN {}", grouped.join(" "))
}

impl Company {
    /// Whether the company is a sole trader named by their SIREN: its
    /// name before or after may be the person's own.
    pub fn is_named_by_siren(&self) -> bool {
        self.name == sole_trader_name(self.siret.siren().as_str())
    }
}

impl Entity for Company {
    const KIND: Kind = Kind::Company;

    meta_accessors!();

    fn name_source(&self) -> NameSource<'_> {
        NameSource::Own(&self.name)
    }

    fn academie_source(&self) -> AcademieSource {
        AcademieSource::Own(self.postal_code.academie())
    }

    fn links(&self) -> Vec<Link> {
        Vec::new()
    }

    fn codes(&self) -> Vec<&str> {
        vec![self.siret.as_str()]
    }

    fn validate(&self, _context: &ValidationContext) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        errors.check(Field::Name, check_required_text(&self.name, MAX_LINE));
        errors.check(Field::Commune, check_required_text(&self.commune, MAX_LINE));
        if let Some(address) = &self.address {
            check_line(address, Field::Address, &mut errors);
        }
        let mut offers = self.offers.clone();
        offers.sort();
        offers.dedup();
        if offers.len() != self.offers.len() {
            errors.push(Field::Offers, Rule::Duplicate);
        }
        check_notes(&self.notes, Field::Notes, &mut errors);
        validate_meta(&self.meta, &mut errors);
        errors
    }

    notes_only_restricted!();
}
