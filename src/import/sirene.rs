//! INSEE's Sirene stock: StockEtablissement (one row per establishment,
//! `,`-separated, the 2022 and current layouts: columns found by name),
//! joined on `siren` with StockUniteLegale for the legal name, which an
//! establishment's row does not carry. Only active establishments
//! (`etatAdministratifEtablissement` = `A`) unless `--all`, and only
//! those of `--academie` and `--departement` when given (the département
//! read from the postal code), as for the Annuaire.
//!
//! The national StockUniteLegale has some 28 million legal units: only
//! the names of the SIRENs the establishments file keeps (after those
//! filters) are held in memory, found by reading that file once first.

use std::collections::{HashMap, HashSet};

use crate::domain::identifiers::{NafCode, Siret};
use crate::domain::meta::{RecordMeta, Restricted};
use crate::domain::records::company::sole_trader_name;
use crate::domain::records::{Company, HeadcountBand, InclusiveKind, Record};
use crate::domain::validation::Rule;
use crate::import::annuaire::{keep_text, read_location, read_postal_code, street_address};
use crate::import::area::Area;
use crate::import::source::{Source, cell, text_cell};
use crate::import::street_types::spelled;
use crate::import::{ImportError, ImportSettings, Issues, Mapped, Mapper, SkipReason};
use crate::service::import::ImportProblem;

const SIRET: &[&str] = &["siret"];
const STATE: &[&str] = &["etatAdministratifEtablissement"];
const POSTAL: &[&str] = &["codePostalEtablissement"];
const COMMUNE: &[&str] = &["libelleCommuneEtablissement"];
const NAF: &[&str] = &["activitePrincipaleEtablissement"];
const NOMENCLATURE: &[&str] = &["nomenclatureActivitePrincipaleEtablissement"];
const HEADCOUNT: &[&str] = &["trancheEffectifsEtablissement"];
/// An establishment's own names, when its legal unit's is not known.
const USUAL_NAME: &[&str] = &["denominationUsuelleEtablissement"];
const SIGN: &[&str] = &["enseigne1Etablissement"];
/// The address, in the parts Sirene splits it into.
const STREET_NUMBER: &[&str] = &["numeroVoieEtablissement"];
const STREET_REPEAT: &[&str] = &["indiceRepetitionEtablissement"];
const STREET_TYPE: &[&str] = &["typeVoieEtablissement"];
const STREET_NAME: &[&str] = &["libelleVoieEtablissement"];
const ADDRESS_COMPLEMENT: &[&str] = &["complementAdresseEtablissement"];
/// The point géo-Sirene extracts add to each establishment.
const LATITUDE: &[&str] = &["latitude"];
const LONGITUDE: &[&str] = &["longitude"];

pub enum SireneError {
    Missing(Vec<String>),
    Import(ImportError),
}

pub struct Sirene {
    header: Vec<String>,
    siret: usize,
    postal: usize,
    commune: usize,
    state: Option<usize>,
    naf: Option<usize>,
    nomenclature: Option<usize>,
    headcount: Option<usize>,
    usual_name: Option<usize>,
    sign: Option<usize>,
    include_closed: bool,
    area: Area,
    /// SIREN → legal name, from StockUniteLegale: those kept only.
    legal_names: Option<HashMap<u32, LegalName>>,
    /// The legal unit's name on the row itself (sirene.fr's extracts).
    row_legal: LegalColumns,
    /// `categorieJuridiqueUniteLegale`: `1000` is a sole trader.
    category: Option<usize>,
    /// Number, repetition index, type, name, complement.
    address: [Option<usize>; 5],
    latitude: Option<usize>,
    longitude: Option<usize>,
}

impl Sirene {
    pub fn new(source: &Source, settings: &ImportSettings) -> Result<Self, SireneError> {
        let mut missing = Vec::new();
        let mut required = |names: &[&str]| {
            let found = source.find(names);
            if found.is_none() {
                missing.push(names[0].to_owned());
            }
            found.unwrap_or(0)
        };
        let siret = required(SIRET);
        let postal = required(POSTAL);
        let commune = required(COMMUNE);
        if !missing.is_empty() {
            return Err(SireneError::Missing(missing));
        }
        let area = Area::of(settings);
        let state = source.find(STATE);
        let legal_names = match &settings.unites_legales {
            Some(path) => {
                let kept = kept_sirens(settings, siret, postal, state, &area)?;
                Some(legal_names(path, &kept)?)
            }
            None => None,
        };
        Ok(Sirene {
            header: source.header.clone(),
            siret,
            postal,
            commune,
            state,
            naf: source.find(NAF),
            nomenclature: source.find(NOMENCLATURE),
            headcount: source.find(HEADCOUNT),
            usual_name: source.find(USUAL_NAME),
            sign: source.find(SIGN),
            include_closed: settings.include_closed,
            area,
            legal_names,
            row_legal: LegalColumns::of(source),
            category: source.find(&["categorieJuridiqueUniteLegale"]),
            address: [
                source.find(STREET_NUMBER),
                source.find(STREET_REPEAT),
                source.find(STREET_TYPE),
                source.find(STREET_NAME),
                source.find(ADDRESS_COMPLEMENT),
            ],
            latitude: source.find(LATITUDE),
            longitude: source
                .find(LONGITUDE)
                .filter(|_| source.find(LATITUDE).is_some()),
        })
    }

    fn column(&self, index: usize) -> &str {
        self.header.get(index).map_or("", String::as_str)
    }

    /// « 6 avenue FRANCOIS MAURIAC, ECONOMIS »: the street line from its
    /// parts, the complement after it; `None` without a street.
    fn address(&self, row: &csv::ByteRecord) -> Option<String> {
        let [number, repeat, kind, name, complement] =
            self.address.map(|index| published(row, index).trim());
        if name.is_empty() {
            return street_address(&[complement]);
        }
        let street = [&format!("{number}{repeat}"), spelled(kind), name]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        street_address(&[&street, complement])
    }
}

/// A SIREN as a number (nine digits fit in 32 bits): a set of millions
/// of them stays small.
fn siren_number(text: &str) -> Option<u32> {
    let digits = text.trim().get(..9)?;
    digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| digits.parse().ok())
        .flatten()
}

/// The SIRENs of the establishments the import will keep (active unless
/// `--all`, in the area asked), read from the establishments file in a
/// first pass; unreadable rows are left to the import to report.
fn kept_sirens(
    settings: &ImportSettings,
    siret: usize,
    postal: usize,
    state: Option<usize>,
    area: &Area,
) -> Result<HashSet<u32>, SireneError> {
    let mut source = Source::open(&settings.file).map_err(SireneError::Import)?;
    let mut kept = HashSet::new();
    let mut row = csv::ByteRecord::new();
    while let Some(next) = source.next_row(&mut row) {
        if next.is_err() {
            continue;
        }
        let text = |index: Option<usize>| cell(&row, index).unwrap_or("");
        let active = state.is_none() || text(state) == "A";
        if !(active || settings.include_closed) || area.leaves_out_postal(text(Some(postal))) {
            continue;
        }
        if let Some(siren) = siren_number(text(Some(siret))) {
            kept.insert(siren);
        }
    }
    Ok(kept)
}

/// The legal names of StockUniteLegale by SIREN, for the SIRENs `kept`:
/// a company's `denominationUniteLegale`; a sole trader's first and last
/// names.
fn legal_names(
    path: &std::path::Path,
    kept: &HashSet<u32>,
) -> Result<HashMap<u32, LegalName>, SireneError> {
    let mut source = Source::open(path).map_err(SireneError::Import)?;
    let siren = source.find(&["siren"]);
    let columns = LegalColumns::of(&source);
    let (Some(siren), Some(_)) = (siren, columns.denomination) else {
        return Err(SireneError::Missing(vec![
            "siren".into(),
            "denominationUniteLegale".into(),
        ]));
    };
    let mut names = HashMap::new();
    let mut row = csv::ByteRecord::new();
    while let Some(next) = source.next_row(&mut row) {
        if next.is_err() {
            continue;
        }
        let Some(number) = siren_number(published(&row, Some(siren))).filter(|n| kept.contains(n))
        else {
            continue;
        };
        if let Some(name) = columns.name(&row) {
            names.insert(number, name);
        }
    }
    Ok(names)
}

/// A cell's text, empty when not UTF-8 or withheld (`[ND]`): a name
/// INSEE does not publish is no name.
fn published(row: &csv::ByteRecord, index: Option<usize>) -> &str {
    match cell(row, index).unwrap_or("") {
        NOT_DIFFUSIBLE => "",
        text => text,
    }
}

/// A legal unit's name: a company's denomination, or a person's (a sole
/// trader: first and last names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalName {
    text: String,
    person: bool,
}

/// Where a row holds its legal unit's name: in StockUniteLegale, and in
/// the establishment extracts of sirene.fr, which repeat them on each
/// row.
struct LegalColumns {
    denomination: Option<usize>,
    last_name: Vec<usize>,
    first_name: Vec<usize>,
}

impl LegalColumns {
    fn of(source: &Source) -> Self {
        let all = |names: &[&str]| -> Vec<usize> {
            names
                .iter()
                .filter_map(|name| source.find(&[name]))
                .collect()
        };
        LegalColumns {
            denomination: source.find(&["denominationUniteLegale"]),
            last_name: all(&["nomUsageUniteLegale", "nomUniteLegale"]),
            first_name: all(&["prenomUsuelUniteLegale", "prenom1UniteLegale"]),
        }
    }

    fn name(&self, row: &csv::ByteRecord) -> Option<LegalName> {
        let first_of = |indices: &[usize]| {
            indices
                .iter()
                .map(|i| published(row, Some(*i)))
                .find(|t| !t.is_empty())
                .unwrap_or("")
        };
        match published(row, self.denomination) {
            "" => {
                let person = format!(
                    "{} {}",
                    first_of(&self.first_name),
                    first_of(&self.last_name)
                );
                let person = person.trim();
                (!person.is_empty()).then(|| LegalName {
                    text: person.to_owned(),
                    person: true,
                })
            }
            denomination => Some(LegalName {
                text: denomination.to_owned(),
                person: false,
            }),
        }
    }
}

/// Whether two names hold the same words, in any order, accents and
/// case aside (« DUPONT JEAN » and « Jean Dupont »).
fn same_words(one: &str, other: &str) -> bool {
    let words = |text: &str| {
        let mut words: Vec<String> = crate::domain::text::fold(text)
            .split(' ')
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect();
        words.sort();
        words
    };
    words(one) == words(other)
}

/// What Sirene writes in a column it does not publish.
const NOT_DIFFUSIBLE: &str = "[ND]";

/// INSEE's headcount bands (tranche d'effectifs) as ours.
fn headcount(code: &str) -> HeadcountBand {
    match code {
        "00" => HeadcountBand::NoEmployee,
        "01" | "02" | "03" => HeadcountBand::From1To9,
        "11" | "12" => HeadcountBand::From10To49,
        "21" | "22" | "31" => HeadcountBand::From50To249,
        "32" | "41" | "42" | "51" | "52" | "53" => HeadcountBand::From250,
        _ => HeadcountBand::Unknown,
    }
}

impl Mapper for Sirene {
    fn provided(&self) -> Vec<String> {
        let mut fields: Vec<String> = ["siret", "name", "commune", "postal_code"]
            .iter()
            .map(|f| (*f).to_owned())
            .collect();
        if self.naf.is_some() {
            fields.push("naf".into());
        }
        if self.headcount.is_some() {
            fields.push("headcount".into());
        }
        if self.address[3].is_some() {
            fields.push("address".into());
        }
        if self.longitude.is_some() {
            fields.push("location".into());
        }
        fields
    }

    fn column_for(&self, field: &str) -> Option<String> {
        let index = match field {
            "siret" => Some(self.siret),
            "name" => self.usual_name,
            "commune" => Some(self.commune),
            "postal_code" => Some(self.postal),
            "naf" => self.naf,
            "headcount" => self.headcount,
            "address" => self.address[3],
            "location" => self.latitude,
            _ => None,
        }?;
        Some(self.column(index).to_owned())
    }

    fn map(&self, line: u64, row: &csv::ByteRecord, issues: &mut Issues) -> Mapped {
        let mut text = |index: Option<usize>| text_cell(row, index, &self.header, line, issues);
        let (
            Some(siret_text),
            Some(postal),
            Some(commune),
            Some(state),
            Some(naf),
            Some(nomenclature),
            Some(band),
            Some(usual_name),
            Some(sign),
        ) = (
            text(Some(self.siret)),
            text(Some(self.postal)),
            text(Some(self.commune)),
            text(self.state),
            text(self.naf),
            text(self.nomenclature),
            text(self.headcount),
            text(self.usual_name),
            text(self.sign),
        )
        else {
            return Mapped::Rejected;
        };
        if state != "A" && !self.include_closed && self.state.is_some() {
            return Mapped::Skipped(SkipReason::Closed);
        }
        // What INSEE withholds reads « [ND] » in every column it hides.
        if [siret_text, postal, commune].contains(&NOT_DIFFUSIBLE) {
            return Mapped::Skipped(SkipReason::NotDiffusible);
        }
        let usual_name = if usual_name == NOT_DIFFUSIBLE {
            ""
        } else {
            usual_name
        };
        let sign = if sign == NOT_DIFFUSIBLE { "" } else { sign };
        if self.area.leaves_out_postal(postal) {
            return Mapped::Skipped(SkipReason::OutsideFilter);
        }
        let siret_column = self.column(self.siret);
        let siret = match Siret::parse(siret_text) {
            Ok(siret) => siret,
            Err(error) => {
                issues.reject(line, siret_column, ImportProblem::Rule(error.into()));
                return Mapped::Rejected;
            }
        };
        // The row's own legal name first; the legal units' file fills
        // what the row lacks.
        let legal = self.row_legal.name(row).or_else(|| {
            self.legal_names.as_ref().and_then(|names| {
                siren_number(siret.siren().as_str()).and_then(|number| names.get(&number).cloned())
            })
        });
        let trade = [usual_name, sign].into_iter().find(|name| !name.is_empty());
        // A sole trader is named by their trade name when they have one,
        // never by their own name: a person's name is personal data, not
        // a company's (the SIREN says who it is to whoever may know).
        let sole_trader = published(row, self.category) == "1000"
            || legal.as_ref().is_some_and(|legal| legal.person);
        let unnamed_trader;
        // A trade name that is only the person's own name is no trade
        // name.
        let trade = trade.filter(|trade| {
            !legal
                .as_ref()
                .is_some_and(|legal| legal.person && same_words(trade, &legal.text))
        });
        let (name, fallback) = match (legal.as_ref(), trade) {
            (_, Some(trade)) if sole_trader => (trade, false),
            (Some(legal), _) if !legal.person => (legal.text.as_str(), false),
            // A trade name stands in for a legal name this run does not
            // know: it names a new company, never renames a stored one
            // (an earlier run may have known better).
            (None, Some(trade)) => (trade, true),
            _ if sole_trader => {
                unnamed_trader = sole_trader_name(siret.siren().as_str());
                (unnamed_trader.as_str(), false)
            }
            _ => {
                issues.reject(line, "siren", ImportProblem::NoCompanyName);
                return Mapped::Rejected;
            }
        };
        let name = keep_text(name, line, "denominationUniteLegale", issues);
        let commune = keep_text(commune, line, self.column(self.commune), issues);
        let postal_code = match read_postal_code(postal, line, self.column(self.postal), issues) {
            Ok(code) => code,
            Err(rule) => {
                issues.reject(line, self.column(self.postal), ImportProblem::Rule(rule));
                return Mapped::Rejected;
            }
        };
        // Codes of the older nomenclatures (NAP, NAF 1993) are not NAF
        // rév. 2 codes: left empty rather than misread.
        let naf = (nomenclature.is_empty() || nomenclature == "NAFRev2")
            .then(|| NafCode::parse(naf).ok())
            .flatten();
        if commune.trim().is_empty() {
            issues.reject(
                line,
                self.column(self.commune),
                ImportProblem::Rule(Rule::Required),
            );
            return Mapped::Rejected;
        }
        let address = self.address(row).map(|address| {
            keep_text(
                &address,
                line,
                self.column(self.address[3].unwrap_or(0)),
                issues,
            )
        });
        let location = read_location(
            published(row, self.latitude),
            published(row, self.longitude),
            line,
            self.latitude.map(|i| self.column(i)),
            issues,
        );
        let fallback = if fallback { vec!["name"] } else { Vec::new() };
        Mapped::Record(
            Record::Company(Company {
                meta: RecordMeta::new_record(),
                siret,
                name,
                naf,
                headcount: headcount(band),
                cpme_member: false,
                commune,
                postal_code,
                address,
                location,
                offers: Vec::new(),
                inclusive_kind: InclusiveKind::Ordinary,
                email: None,
                phone: None,
                notes: Restricted::default(),
            }),
            fallback,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headcount_bands() {
        assert_eq!(headcount("NN"), HeadcountBand::Unknown);
        assert_eq!(headcount("02"), HeadcountBand::From1To9);
        assert_eq!(headcount("42"), HeadcountBand::From250);
    }
}
