//! The layouts of schema 1 that schema 2 changed, frozen as they were
//! stored: a school and a company before they kept where they are. Read
//! from stores, backups and damaged stores made by earlier versions, and
//! rewritten by the migration to schema 2 (`store::upgrade`).

use serde::Deserialize;

use crate::domain::communes;
use crate::domain::identifiers::{Email, NafCode, Phone, PostalCode, Siret, Uai};
use crate::domain::meta::{RecordMeta, Restricted};
use crate::domain::place::Location;
use crate::domain::records::{
    Company, HeadcountBand, InclusiveKind, Offer, OpeningState, School, SchoolKind, Sector,
    SpecialUnit,
};

/// A school as schema 1 stored it. Field order is the stored layout:
/// never reorder.
#[derive(Deserialize)]
pub struct SchoolV1 {
    meta: RecordMeta,
    uai: Uai,
    name: String,
    kind: SchoolKind,
    sector: Sector,
    commune: String,
    postal_code: PostalCode,
    special_units: Vec<SpecialUnit>,
    apprenticeship_sections: Vec<String>,
    email: Option<Email>,
    phone: Option<Phone>,
    notes: Restricted<String>,
}

/// A company as schema 1 stored it. Never reorder.
#[derive(Deserialize)]
pub struct CompanyV1 {
    meta: RecordMeta,
    siret: Siret,
    name: String,
    naf: Option<NafCode>,
    headcount: HeadcountBand,
    cpme_member: bool,
    commune: String,
    postal_code: PostalCode,
    offers: Vec<Offer>,
    inclusive_kind: InclusiveKind,
    email: Option<Email>,
    phone: Option<Phone>,
    notes: Restricted<String>,
}

/// Schema 1 knew no address; the location is the commune's centre, as for
/// a record typed by hand; every school it held was open (it left closed
/// ones out of imports).
fn centre(postal_code: &PostalCode, commune: &str) -> Option<Location> {
    communes::centre(postal_code.as_str(), commune).map(Location::approximate)
}

impl From<SchoolV1> for School {
    fn from(old: SchoolV1) -> Self {
        School {
            location: centre(&old.postal_code, &old.commune),
            meta: old.meta,
            uai: old.uai,
            name: old.name,
            kind: old.kind,
            sector: old.sector,
            commune: old.commune,
            postal_code: old.postal_code,
            address: None,
            opening_state: OpeningState::Open,
            special_units: old.special_units,
            apprenticeship_sections: old.apprenticeship_sections,
            email: old.email,
            phone: old.phone,
            notes: old.notes,
        }
    }
}

impl From<CompanyV1> for Company {
    fn from(old: CompanyV1) -> Self {
        Company {
            location: centre(&old.postal_code, &old.commune),
            meta: old.meta,
            siret: old.siret,
            name: old.name,
            naf: old.naf,
            headcount: old.headcount,
            cpme_member: old.cpme_member,
            commune: old.commune,
            postal_code: old.postal_code,
            address: None,
            offers: old.offers,
            inclusive_kind: old.inclusive_kind,
            email: old.email,
            phone: old.phone,
            notes: old.notes,
        }
    }
}
