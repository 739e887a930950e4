//! The street types Sirene abbreviates (`typeVoieEtablissement`), as
//! INSEE lists them, spelled out for an address people read.

/// The word for an INSEE street-type code; an unknown code is kept as
/// written.
pub fn spelled(code: &str) -> &str {
    match code.trim().to_ascii_uppercase().as_str() {
        "ALL" => "allée",
        "AV" => "avenue",
        "BD" => "boulevard",
        "CAR" => "carrefour",
        "CHE" => "chemin",
        "CHS" => "chaussée",
        "CITE" => "cité",
        "COR" => "corniche",
        "CRS" => "cours",
        "DOM" => "domaine",
        "DSC" => "descente",
        "ECA" => "écart",
        "ESP" => "esplanade",
        "FG" => "faubourg",
        "GR" => "grande rue",
        "HAM" => "hameau",
        "HLE" => "halle",
        "IMP" => "impasse",
        "LD" => "lieu-dit",
        "LOT" => "lotissement",
        "MAR" => "marché",
        "MTE" => "montée",
        "PAS" => "passage",
        "PL" => "place",
        "PLN" => "plaine",
        "PLT" => "plateau",
        "PRO" => "promenade",
        "PRV" => "parvis",
        "QUA" => "quartier",
        "QUAI" => "quai",
        "RES" => "résidence",
        "RLE" => "ruelle",
        "ROC" => "rocade",
        "RPT" => "rond-point",
        "RTE" => "route",
        "RUE" => "rue",
        "SEN" => "sente",
        "SQ" => "square",
        "TPL" => "terre-plein",
        "TRA" => "traverse",
        "VLA" => "villa",
        "VLGE" => "village",
        _ => code.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_spelled_out_and_unknown_ones_kept() {
        assert_eq!(spelled("AV"), "avenue");
        assert_eq!(spelled("pl"), "place");
        assert_eq!(spelled("XYZ"), "XYZ");
    }
}
