//! The ministry's school directories: the Annuaire de l'éducation
//! (every layout: columns found by name) and the "adresse et
//! géolocalisation des établissements" file, with its machine headers
//! (`numero_uai`…) or its French labels (`Code établissement`…).
//!
//! Only the schools the partnership follows are kept (collèges, lycées,
//! EREA, by their nature code); primary schools, services and the like
//! are counted as left aside. A school of an académie outside
//! Île-de-France is imported with no académie, as the domain allows.

use crate::domain::identifiers::{Email, Phone, PostalCode, Uai};
use crate::domain::meta::{RecordMeta, Restricted};
use crate::domain::place::{Coordinates, Location};
use crate::domain::records::{OpeningState, Record, School, SchoolKind, Sector, SpecialUnit};
use crate::domain::validation::Rule;
use crate::import::area::Area;
use crate::import::source::{Source, text_cell, visible};
use crate::import::{ImportSettings, Issues, Mapped, Mapper, SkipReason};
use crate::service::import::ImportProblem;

/// The names a column goes by in the layouts seen, compared folded.
const UAI: &[&str] = &[
    "Identifiant_de_l_etablissement",
    "numero_uai",
    "Code établissement",
    "uai",
];
const NAME: &[&str] = &[
    "Nom_etablissement",
    "appellation_officielle",
    "Appellation officielle",
];
const TYPE: &[&str] = &["Type_etablissement"];
const NATURE_CODE: &[&str] = &["code_nature", "nature_uai", "Code nature"];
const NATURE_LABEL: &[&str] = &["libelle_nature", "nature_uai_libe", "Nature"];
const SECTOR: &[&str] = &[
    "Statut_public_prive",
    "secteur_public_prive_libe",
    "Secteur Public/Privé",
];
const POSTAL: &[&str] = &["Code_postal", "code_postal_uai", "Code postal"];
const COMMUNE: &[&str] = &["Nom_commune", "libelle_commune", "Commune"];
const PHONE: &[&str] = &["Telephone"];
const EMAIL: &[&str] = &["Mail"];
const ULIS: &[&str] = &["ULIS"];
const SEGPA: &[&str] = &["Segpa"];
const DEPARTEMENT: &[&str] = &["Code_departement", "code_departement", "Code département"];
/// The label of the state (`OUVERT`, `A FERMER`, `FERME`); the machine
/// header `etat_etablissement` holds a number and folds like the
/// geolocation file's label, so the label's own columns come first.
const STATE: &[&str] = &["etat", "etat_etablissement_libe", "Etat établissement"];
const ADDRESS: &[&str] = &["Adresse_1", "adresse_uai", "Adresse"];
const LOCALITY: &[&str] = &["Adresse_2", "lieu_dit_uai", "Lieu dit"];
const LATITUDE: &[&str] = &["latitude", "Latitude"];
const LONGITUDE: &[&str] = &["longitude", "Longitude"];

pub struct Annuaire {
    header: Vec<String>,
    uai: usize,
    name: usize,
    postal: usize,
    commune: usize,
    sector: usize,
    kind_type: Option<usize>,
    nature_code: Option<usize>,
    nature_label: Option<usize>,
    phone: Option<usize>,
    email: Option<usize>,
    ulis: Option<usize>,
    segpa: Option<usize>,
    departement: Option<usize>,
    state: Option<usize>,
    address: Option<usize>,
    locality: Option<usize>,
    latitude: Option<usize>,
    longitude: Option<usize>,
    area: Area,
}

impl Annuaire {
    /// The columns of `source`; `Err` names the required ones missing.
    pub fn new(source: &Source, settings: &ImportSettings) -> Result<Self, Vec<String>> {
        let layout = layout_of(source);
        let mut missing = Vec::new();
        let mut required = |names: &[&str]| {
            let found = source.find(names);
            if found.is_none() {
                missing.push(in_layout(names, layout).to_owned());
            }
            found.unwrap_or(0)
        };
        let uai = required(UAI);
        let name = required(NAME);
        let postal = required(POSTAL);
        let commune = required(COMMUNE);
        let sector = required(SECTOR);
        let nature_code = source.find(NATURE_CODE);
        let kind_type = source.find(TYPE);
        if nature_code.is_none() && kind_type.is_none() {
            let names = if layout == 0 { TYPE } else { NATURE_CODE };
            missing.push(in_layout(names, layout).to_owned());
        }
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(Annuaire {
            header: source.header.clone(),
            uai,
            name,
            postal,
            commune,
            sector,
            kind_type,
            nature_code,
            nature_label: source.find(NATURE_LABEL),
            phone: source.find(PHONE),
            email: source.find(EMAIL),
            ulis: source.find(ULIS),
            segpa: source.find(SEGPA),
            departement: source.find(DEPARTEMENT),
            state: source.find(STATE),
            address: source.find(ADDRESS),
            locality: source.find(LOCALITY),
            latitude: source.find(LATITUDE),
            longitude: source
                .find(LONGITUDE)
                .filter(|_| source.find(LATITUDE).is_some()),
            area: Area::of(settings),
        })
    }

    fn column(&self, index: usize) -> &str {
        self.header.get(index).map_or("", String::as_str)
    }
}

/// Which of the layouts seen the file's header follows (the position of
/// its names in the lists above: 0 the Annuaire, 1 the geolocation
/// file, 2 its labels' header): the one of which it holds the most
/// column names.
fn layout_of(source: &Source) -> usize {
    let lists = [UAI, NAME, SECTOR, POSTAL, COMMUNE, NATURE_CODE, DEPARTEMENT];
    (0..3)
        .max_by_key(|layout| {
            let held = lists
                .iter()
                .filter(|names| {
                    names
                        .get(*layout)
                        .is_some_and(|name| source.find(&[name]).is_some())
                })
                .count();
            // The Annuaire's layout on a tie: the most common file.
            (held, std::cmp::Reverse(*layout))
        })
        .unwrap_or(0)
}

/// A column's name in `layout`, for a message naming it as the file
/// would.
fn in_layout<'n>(names: &[&'n str], layout: usize) -> &'n str {
    names.get(layout).or(names.first()).copied().unwrap_or("")
}

/// The kind of school a nature code (and, lacking it, the type and
/// label) names; `None`: not one the partnership follows.
fn school_kind(code: &str, type_label: &str, label: &str) -> Option<SchoolKind> {
    match code {
        "340" => return Some(SchoolKind::College),
        // Lycée général et technologique, technologique, général, and
        // the general sections of a lycée professionnel.
        "300" | "301" | "302" | "335" => return Some(SchoolKind::LyceeGeneral),
        "306" => return Some(SchoolKind::LyceePolyvalent),
        // Lycée professionnel, and the vocational sections of a lycée.
        "320" | "334" => return Some(SchoolKind::LyceeProfessionnel),
        "370" => return Some(SchoolKind::Erea),
        "" => {}
        _ => return None,
    }
    let type_label = crate::domain::text::fold(type_label);
    let label = crate::domain::text::fold(label);
    match type_label.as_str() {
        "college" => Some(SchoolKind::College),
        "erea" => Some(SchoolKind::Erea),
        "lycee" if label.contains("polyvalent") => Some(SchoolKind::LyceePolyvalent),
        "lycee" if label.contains("professionnel") => Some(SchoolKind::LyceeProfessionnel),
        "lycee" => Some(SchoolKind::LyceeGeneral),
        _ => None,
    }
}

/// A département code as the directory writes it, three characters
/// (`094`, `02A`): a spreadsheet may have dropped the leading zero.
pub fn departement_code(text: &str) -> String {
    let text = text.trim().to_ascii_uppercase();
    match text.len() {
        1 | 2 => format!("{text:0>3}"),
        _ => text,
    }
}

impl Mapper for Annuaire {
    fn provided(&self) -> Vec<String> {
        let mut fields: Vec<String> = ["uai", "name", "kind", "sector", "commune", "postal_code"]
            .iter()
            .map(|f| (*f).to_owned())
            .collect();
        if self.ulis.is_some() || self.segpa.is_some() {
            fields.push("special_units".into());
        }
        if self.phone.is_some() {
            fields.push("phone".into());
        }
        if self.email.is_some() {
            fields.push("email".into());
        }
        if self.address.is_some() {
            fields.push("address".into());
        }
        if self.longitude.is_some() {
            fields.push("location".into());
        }
        if self.state.is_some() {
            fields.push("opening_state".into());
        }
        fields
    }

    fn column_for(&self, field: &str) -> Option<String> {
        let index = match field {
            "uai" => Some(self.uai),
            "name" => Some(self.name),
            "kind" => self.nature_code.or(self.kind_type),
            "sector" => Some(self.sector),
            "commune" => Some(self.commune),
            "postal_code" => Some(self.postal),
            "phone" => self.phone,
            "email" => self.email,
            "special_units" => self.ulis.or(self.segpa),
            "address" => self.address,
            "location" => self.latitude,
            "opening_state" => self.state,
            _ => None,
        }?;
        Some(self.column(index).to_owned())
    }

    fn map(&self, line: u64, row: &csv::ByteRecord, issues: &mut Issues) -> Mapped {
        let mut text = |index: Option<usize>| text_cell(row, index, &self.header, line, issues);
        let (
            Some(uai_text),
            Some(name),
            Some(postal),
            Some(commune),
            Some(sector),
            Some(code),
            Some(kind_type),
            Some(label),
            Some(phone),
            Some(email),
            Some(ulis),
            Some(segpa),
            Some(departement),
            Some(state),
            Some(address),
            Some(locality),
            Some(latitude),
            Some(longitude),
        ) = (
            text(Some(self.uai)),
            text(Some(self.name)),
            text(Some(self.postal)),
            text(Some(self.commune)),
            text(Some(self.sector)),
            text(self.nature_code),
            text(self.kind_type),
            text(self.nature_label),
            text(self.phone),
            text(self.email),
            text(self.ulis),
            text(self.segpa),
            text(self.departement),
            text(self.state),
            text(self.address),
            text(self.locality),
            text(self.latitude),
            text(self.longitude),
        )
        else {
            return Mapped::Rejected;
        };
        // Filters first: rows left aside are not checked.
        let departement = match self.departement {
            Some(index) if !departement.is_empty() => {
                let code = departement_code(departement);
                if code != departement {
                    issues.correct(line, self.column(index), departement, &code);
                }
                code
            }
            _ => uai_text.chars().take(3).collect(),
        };
        if self.area.leaves_out(&departement) {
            return Mapped::Skipped(SkipReason::OutsideFilter);
        }
        let Some(kind) = school_kind(code, kind_type, label) else {
            let nature = [label, kind_type, code]
                .into_iter()
                .find(|t| !t.is_empty())
                .unwrap_or("?");
            return Mapped::Skipped(SkipReason::NotHeld {
                nature: nature.to_owned(),
            });
        };
        // A closed school is kept, marked so: a placement of past years
        // may point at it, and a school the store holds must learn that
        // it closed. A state of no known word reads as open, said.
        let opening_state = match (self.state, OpeningState::from_directory(state)) {
            (_, Some(known)) => known,
            (Some(index), None) if !state.is_empty() => {
                issues.correct(line, self.column(index), state, "OUVERT");
                OpeningState::Open
            }
            _ => OpeningState::Open,
        };
        let mut rejected = false;
        let mut reject = |issues: &mut Issues, index: usize, rule: Rule| {
            issues.reject(line, self.column(index), ImportProblem::Rule(rule));
            rejected = true;
        };
        let uai = Uai::parse(uai_text)
            .map_err(|error| reject(issues, self.uai, error.into()))
            .ok();
        let postal_code = read_postal_code(postal, line, self.column(self.postal), issues)
            .map_err(|rule| reject(issues, self.postal, rule))
            .ok();
        let sector = match crate::domain::text::fold(sector).as_str() {
            "public" => Some(Sector::Public),
            "prive" | "private" => Some(Sector::Private),
            "" => {
                reject(issues, self.sector, Rule::Required);
                None
            }
            _ => {
                reject(issues, self.sector, Rule::NotAChoice);
                None
            }
        };
        let name = keep_text(name, line, self.column(self.name), issues);
        let commune = keep_text(commune, line, self.column(self.commune), issues);
        let phone = optional(
            phone,
            line,
            self.phone.map(|i| self.column(i)),
            issues,
            read_phone,
        );
        let email = optional(
            email,
            line,
            self.email.map(|i| self.column(i)),
            issues,
            |t| Email::parse(t).map_err(Rule::from),
        );
        let address = street_address(&[address, locality]).map(|joined| {
            keep_text(
                &joined,
                line,
                self.column(self.address.unwrap_or(0)),
                issues,
            )
        });
        let location = read_location(
            latitude,
            longitude,
            line,
            self.latitude.map(|i| self.column(i)),
            issues,
        );
        let mut special_units = Vec::new();
        if ulis == "1" {
            special_units.push(SpecialUnit::Ulis);
        }
        if segpa == "1" {
            special_units.push(SpecialUnit::Segpa);
        }
        let (Some(uai), Some(postal_code), Some(sector), false) =
            (uai, postal_code, sector, rejected)
        else {
            return Mapped::Rejected;
        };
        Mapped::Record(
            Record::School(School {
                meta: RecordMeta::new_record(),
                uai,
                name,
                kind,
                sector,
                commune,
                postal_code,
                address,
                location,
                opening_state,
                special_units,
                apprenticeship_sections: Vec::new(),
                email,
                phone,
                notes: Restricted::default(),
            }),
            Vec::new(),
        )
    }
}

/// The street address of a directory's address lines: the non-empty
/// ones, trimmed, joined by « , »; `None` when all are empty.
pub fn street_address(lines: &[&str]) -> Option<String> {
    let kept: Vec<&str> = lines
        .iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .collect();
    (!kept.is_empty()).then(|| kept.join(", "))
}

/// The point a directory gives (decimal degrees). None when the row has
/// none; a pair that does not read is left out, said in the report: the
/// record then takes its commune's centre.
pub fn read_location(
    latitude: &str,
    longitude: &str,
    line: u64,
    column: Option<&str>,
    issues: &mut Issues,
) -> Option<Location> {
    let column = column?;
    if latitude.trim().is_empty() && longitude.trim().is_empty() {
        return None;
    }
    let point = Coordinates::parse(latitude, longitude);
    if point.is_none() {
        issues.correct(line, column, &format!("{latitude} {longitude}"), "");
    }
    point.map(Location::at_address)
}

/// Text from the file, its control characters made visible (and said).
pub fn keep_text(text: &str, line: u64, column: &str, issues: &mut Issues) -> String {
    match visible(text) {
        Some(shown) => {
            issues.correct(line, column, text, &shown);
            shown
        }
        None => text.to_owned(),
    }
}

/// A postal code; four digits lost their leading zero in a spreadsheet
/// (`1000` for `01000`): put back, and said.
pub fn read_postal_code(
    text: &str,
    line: u64,
    column: &str,
    issues: &mut Issues,
) -> Result<PostalCode, Rule> {
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        let padded = format!("0{text}");
        if let Ok(code) = PostalCode::parse(&padded) {
            issues.correct(line, column, text, &padded);
            return Ok(code);
        }
    }
    if text.is_empty() {
        return Err(Rule::Required);
    }
    PostalCode::parse(text).map_err(Rule::from)
}

/// A phone; nine digits lost their leading zero (`384958096`): put back.
pub fn read_phone(text: &str) -> Result<Phone, Rule> {
    match Phone::parse(text) {
        Ok(phone) => Ok(phone),
        Err(error) => {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            if digits.len() == 9 && !digits.starts_with('0') && digits.len() == text.trim().len() {
                Phone::parse(&format!("0{digits}")).map_err(Rule::from)
            } else {
                Err(Rule::from(error))
            }
        }
    }
}

/// An optional contact value (phone, e-mail) that cannot be read is left
/// empty, said in the report: the school is still worth having.
pub fn optional<T: ToString>(
    text: &str,
    line: u64,
    column: Option<&str>,
    issues: &mut Issues,
    parse: impl Fn(&str) -> Result<T, Rule>,
) -> Option<T> {
    let column = column?;
    if text.is_empty() {
        return None;
    }
    match parse(text) {
        Ok(value) => {
            let written = value.to_string();
            let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            if compact(&written) != compact(text) && !written.eq_ignore_ascii_case(text) {
                issues.correct(line, column, text, &written);
            }
            Some(value)
        }
        Err(_) => {
            issues.correct(line, column, text, "");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natures_map_to_kinds() {
        assert_eq!(school_kind("340", "", ""), Some(SchoolKind::College));
        assert_eq!(
            school_kind("306", "", ""),
            Some(SchoolKind::LyceePolyvalent)
        );
        assert_eq!(school_kind("151", "Ecole", ""), None);
        assert_eq!(
            school_kind("", "Lycée", "LYCEE PROFESSIONNEL"),
            Some(SchoolKind::LyceeProfessionnel)
        );
    }

    #[test]
    fn departements_get_their_leading_zero_back() {
        assert_eq!(departement_code("94"), "094");
        assert_eq!(departement_code("094"), "094");
        assert_eq!(departement_code("2a"), "02A");
    }

    #[test]
    fn lost_zeros_are_put_back() {
        let mut issues = Issues::default();
        let code = read_postal_code("1000", 3, "Code_postal", &mut issues);
        assert_eq!(code.map(String::from), Ok("01000".into()));
        assert_eq!(issues.corrected.len(), 1);
        assert_eq!(
            read_phone("384958096").map(String::from),
            Ok("0384958096".into())
        );
        assert!(read_phone("3849580").is_err());
    }
}
