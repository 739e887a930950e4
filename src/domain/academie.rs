//! The three académies of Île-de-France and the organisations that own
//! records.

use crate::choice_enum;

choice_enum! {
    /// An académie of Île-de-France, as read from a département.
    pub enum Academie {
        Paris => "paris",
        Creteil => "creteil",
        Versailles => "versailles",
    }
}

impl Academie {
    /// Paris is 75; Créteil 77, 93, 94; Versailles 78, 91, 92, 95.
    /// Accepts "75" and "075" (the UAI form); anything else is outside
    /// Île-de-France.
    pub fn from_departement(code: &str) -> Option<Self> {
        let code = match code.len() {
            3 => code.strip_prefix('0')?,
            2 => code,
            _ => return None,
        };
        match code {
            "75" => Some(Academie::Paris),
            "77" | "93" | "94" => Some(Academie::Creteil),
            "78" | "91" | "92" | "95" => Some(Academie::Versailles),
            _ => None,
        }
    }

    pub fn departements(self) -> &'static [&'static str] {
        match self {
            Academie::Paris => &["75"],
            Academie::Creteil => &["77", "93", "94"],
            Academie::Versailles => &["78", "91", "92", "95"],
        }
    }

    pub fn organisation(self) -> Organisation {
        match self {
            Academie::Paris => Organisation::AcademieParis,
            Academie::Creteil => Organisation::AcademieCreteil,
            Academie::Versailles => Organisation::AcademieVersailles,
        }
    }
}

choice_enum! {
    /// The four parties to the convention; a confidential record is owned
    /// by one of them.
    pub enum Organisation {
        AcademieParis => "academie_paris",
        AcademieCreteil => "academie_creteil",
        AcademieVersailles => "academie_versailles",
        CpmeIdf => "cpme_idf",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departements_map_to_academies() {
        assert_eq!(Academie::from_departement("075"), Some(Academie::Paris));
        assert_eq!(Academie::from_departement("93"), Some(Academie::Creteil));
        assert_eq!(
            Academie::from_departement("092"),
            Some(Academie::Versailles)
        );
        assert_eq!(Academie::from_departement("975"), None);
        assert_eq!(Academie::from_departement("35"), None);
        for academie in Academie::ALL {
            for dep in academie.departements() {
                assert_eq!(Academie::from_departement(dep), Some(*academie));
            }
        }
    }

    #[test]
    fn codes_read_back_whatever_the_spelling() {
        assert_eq!(Academie::from_code("Créteil"), Some(Academie::Creteil));
        assert_eq!(
            Organisation::from_code("CPME IDF"),
            Some(Organisation::CpmeIdf)
        );
        assert_eq!(Academie::from_code("lyon"), None);
    }
}
