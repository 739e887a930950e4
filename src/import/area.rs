//! `--academie` and `--departement`: the rows of the directories kept,
//! by their département (the Annuaire's own column, or a Sirene
//! establishment's postal code).

use crate::domain::academie::Academie;
use crate::import::ImportSettings;
use crate::import::annuaire::departement_code;

/// Where rows are kept: every académie and département asked (none
/// asked: everywhere).
#[derive(Debug, Clone, Default)]
pub struct Area {
    academies: Vec<Academie>,
    /// In the Annuaire's form: `075`, `02A`, `971`.
    departements: Vec<String>,
}

impl Area {
    pub fn of(settings: &ImportSettings) -> Self {
        Area {
            academies: settings.academies.clone(),
            departements: settings.departements.clone(),
        }
    }

    fn is_everywhere(&self) -> bool {
        self.academies.is_empty() && self.departements.is_empty()
    }

    /// Whether a row of this département (the Annuaire's form) is left
    /// aside.
    pub fn leaves_out(&self, departement: &str) -> bool {
        let outside_departement = !self.departements.is_empty()
            && !self.departements.iter().any(|asked| asked == departement);
        let outside_academie = !self.academies.is_empty()
            && !Academie::from_departement(departement)
                .is_some_and(|a| self.academies.contains(&a));
        outside_departement || outside_academie
    }

    /// Whether a row of this postal code is left aside.
    pub fn leaves_out_postal(&self, postal: &str) -> bool {
        !self.is_everywhere() && self.leaves_out(&departement_of_postal(postal))
    }
}

/// Whether `code` (the Annuaire's form: `075`, `02A`, `971`) names a
/// département or an overseas collectivity the directories use: 001 to
/// 095 (020 split into 02A and 02B), 971 to 978, 984, 986 to 989.
pub fn is_known_departement(code: &str) -> bool {
    match code {
        "02A" | "02B" => true,
        _ => {
            code.parse::<u16>().is_ok_and(
                |number| matches!(number, 1..=19 | 21..=95 | 971..=978 | 984 | 986..=989),
            ) && code.len() == 3
        }
    }
}

/// The département of a postal code, in the Annuaire's form: `75011` is
/// `075`, `97411` is `974`, `20000` is `02A` and `20200` is `02B`; a
/// code that lost its leading zero in a spreadsheet (`1000`) is read as
/// `01000`.
pub fn departement_of_postal(postal: &str) -> String {
    let postal = postal.trim();
    let postal = if postal.len() == 4 {
        format!("0{postal}")
    } else {
        postal.to_owned()
    };
    let code = match postal.get(..2) {
        Some("97" | "98") => postal.get(..3).unwrap_or("").to_owned(),
        Some("20") => match postal.get(2..3) {
            Some("0" | "1") => "2A".to_owned(),
            _ => "2B".to_owned(),
        },
        Some(two) => two.to_owned(),
        None => String::new(),
    };
    departement_code(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_departements_only() {
        for code in ["001", "075", "02A", "02B", "095", "971", "976", "988"] {
            assert!(is_known_departement(code), "{code}");
        }
        for code in ["750", "000", "020", "096", "970", "990", "02C", "75"] {
            assert!(!is_known_departement(code), "{code}");
        }
    }

    #[test]
    fn a_postal_code_gives_its_departement_in_the_annuaire_form() {
        assert_eq!(departement_of_postal("75011"), "075");
        assert_eq!(departement_of_postal("94200"), "094");
        assert_eq!(departement_of_postal("1000"), "001", "a lost leading zero");
        assert_eq!(departement_of_postal("97411"), "974");
        assert_eq!(departement_of_postal("20000"), "02A");
        assert_eq!(departement_of_postal("20200"), "02B");
        let paris = Area {
            academies: vec![Academie::Paris],
            departements: Vec::new(),
        };
        assert!(!paris.leaves_out_postal("75011"));
        assert!(paris.leaves_out_postal("93100"));
        assert!(!Area::default().leaves_out_postal("13001"), "no filter");
    }
}
