//! The communes of Île-de-France and Paris's arrondissements, with their
//! postal codes and centres: the table shipped with the program
//! (`data/communes_idf.csv`, built from public INSEE and La Poste files;
//! see `docs/places.md`). It places a record that no directory placed.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::domain::place::Coordinates;
use crate::domain::text::fold;

/// The table as shipped: `insee;nom;codes_postaux;latitude;longitude`,
/// postal codes separated by spaces.
pub const TABLE: &str = include_str!("../../data/communes_idf.csv");

/// One commune (or arrondissement) of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    pub insee: &'static str,
    pub name: &'static str,
    pub postal_codes: Vec<&'static str>,
    pub centre: Coordinates,
    folded_name: String,
}

/// The table as read, with its communes by postal code.
struct Table {
    communes: Vec<Commune>,
    by_postal_code: HashMap<&'static str, Vec<usize>>,
}

fn table() -> &'static Table {
    static TABLE_READ: OnceLock<Table> = OnceLock::new();
    TABLE_READ.get_or_init(|| {
        let communes: Vec<Commune> = TABLE.lines().skip(1).filter_map(read_row).collect();
        let mut by_postal_code: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (index, commune) in communes.iter().enumerate() {
            for code in &commune.postal_codes {
                by_postal_code.entry(code).or_default().push(index);
            }
        }
        Table {
            communes,
            by_postal_code,
        }
    })
}

/// Every row of the table that reads; a row that does not (none in the
/// shipped table: a test reads them all) is left out.
pub fn all() -> &'static [Commune] {
    &table().communes
}

fn read_row(line: &'static str) -> Option<Commune> {
    let mut cells = line.split(';');
    let insee = cells.next()?;
    let name = cells.next()?;
    let postal_codes = cells.next()?.split(' ').filter(|c| !c.is_empty()).collect();
    let centre = Coordinates::parse(cells.next()?, cells.next()?)?;
    if cells.next().is_some() {
        return None;
    }
    Some(Commune {
        insee,
        name,
        postal_codes,
        centre,
        folded_name: folded_commune(name),
    })
}

/// A commune's name folded for comparison, with the abbreviations people
/// type (« St-Denis », « Ste-Geneviève-des-Bois ») spelled out, and the
/// arrondissement words of « Paris 5e Arrondissement » dropped.
fn folded_commune(name: &str) -> String {
    fold(name)
        .split(' ')
        .filter(|word| !matches!(*word, "arrondissement" | "cedex"))
        .map(|word| match word {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The commune a record with this postal code and commune name lies in:
/// the only one using the code, or among several, the one of that name.
/// A code the table does not hold (a CEDEX, a typo) is matched by the
/// name within its département. `None` rather than a guess: a wrong
/// point is worse than none.
pub fn find(postal_code: &str, commune: &str) -> Option<&'static Commune> {
    let table = table();
    let by_code = table
        .by_postal_code
        .get(postal_code)
        .map_or(&[][..], Vec::as_slice);
    match by_code {
        [only] => table.communes.get(*only),
        [] => {
            let wanted = folded_commune(commune);
            let departement = postal_code.get(..2)?;
            let mut named = table
                .communes
                .iter()
                .filter(|c| c.insee.starts_with(departement) && c.folded_name == wanted);
            let first = named.next()?;
            named.next().is_none().then_some(first)
        }
        several => {
            let wanted = folded_commune(commune);
            several
                .iter()
                .filter_map(|index| table.communes.get(*index))
                .find(|c| c.folded_name == wanted)
        }
    }
}

/// The centre of the commune a record lies in (see [`find`]).
pub fn centre(postal_code: &str, commune: &str) -> Option<Coordinates> {
    find(postal_code, commune).map(|c| c.centre)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_shipped_table_reads() {
        let rows = TABLE.lines().skip(1).count();
        assert_eq!(all().len(), rows);
        // 1,267 communes, of which Paris, and its 20 arrondissements.
        assert_eq!(rows, 1287);
    }

    #[test]
    fn a_paris_postal_code_gives_its_arrondissement() {
        assert_eq!(find("75005", "Paris").map(|c| c.name), Some("Paris 5e"));
        assert_eq!(find("75116", "PARIS 16").map(|c| c.name), Some("Paris 16e"));
        assert_eq!(find("75016", "Paris").map(|c| c.name), Some("Paris 16e"));
    }

    #[test]
    fn a_shared_postal_code_is_decided_by_the_name() {
        // 77760 serves a dozen villages.
        assert_eq!(
            find("77760", "ACHERES LA FORET").map(|c| c.insee),
            Some("77001")
        );
        assert_eq!(find("77760", "Amponville").map(|c| c.insee), Some("77003"));
        assert_eq!(find("77760", "Nulle-Part"), None);
    }

    #[test]
    fn abbreviations_and_cedex_codes_still_find_the_commune() {
        assert_eq!(find("93200", "St-Denis").map(|c| c.insee), Some("93066"));
        // A CEDEX code missing from the table: the name within the
        // département.
        assert_eq!(find("93999", "Montreuil").map(|c| c.insee), Some("93048"));
        assert_eq!(find("35000", "Rennes"), None);
    }
}
