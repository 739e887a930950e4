//! The names of the choices a form offers, by the field that offers
//! them: a form holds codes, a person reads these.

use crate::domain::academie::Academie;
use crate::domain::forms::parse::{Coded, yes_no as read_yes_no};
use crate::domain::forms::{OrganisationChoice, OwnerChoice, SensitiveNeed};
use crate::domain::kind::Kind;
use crate::domain::records::{
    AgreementKind, ContactRole, EventKind, HeadcountBand, InclusiveKind, Level, Offer,
    OpeningState, PlacementKind, Renewal, SchoolKind, Sector, SpecialUnit, StaffRole,
};
use crate::domain::status::AgreementStatus;
use crate::domain::validation::Field;
use crate::i18n::Lang;
use crate::i18n::labels::{Label, yes_no};

fn label<T: Coded + Label>(code: &str, lang: Lang) -> Option<&'static str> {
    T::from_code(code).map(|choice| choice.label(lang))
}

/// The name of `code` among the choices of `field` in the form of a
/// `kind` record (a `Choice`, `ChoiceSet` or `YesNo` field); `None` for
/// a code the field does not offer.
pub fn choice_label(kind: Kind, field: Field, code: &str, lang: Lang) -> Option<&'static str> {
    match (kind, field) {
        (Kind::School, Field::Kind) => label::<SchoolKind>(code, lang),
        (Kind::School, Field::OpeningState) => label::<OpeningState>(code, lang),
        (Kind::Placement, Field::Kind) => label::<PlacementKind>(code, lang),
        (Kind::Event, Field::Kind) => label::<EventKind>(code, lang),
        (Kind::Agreement, Field::Kind) => label::<AgreementKind>(code, lang),
        (Kind::Agreement, Field::Status) => label::<AgreementStatus>(code, lang),
        (Kind::Contact, Field::Organisation) => label::<OrganisationChoice>(code, lang),
        (_, Field::Sector) => label::<Sector>(code, lang),
        (_, Field::SpecialUnits) => label::<SpecialUnit>(code, lang),
        (_, Field::Headcount) => label::<HeadcountBand>(code, lang),
        (_, Field::Offers) => label::<Offer>(code, lang),
        (_, Field::InclusiveKind) => label::<InclusiveKind>(code, lang),
        (_, Field::Role) => label::<ContactRole>(code, lang),
        (_, Field::Academie) => label::<Academie>(code, lang),
        (_, Field::Level) => label::<Level>(code, lang),
        (_, Field::SensitiveNeeds) => label::<SensitiveNeed>(code, lang),
        (_, Field::PersonRole) => label::<StaffRole>(code, lang),
        (_, Field::Renew) => label::<Renewal>(code, lang),
        (_, Field::CpmeMember | Field::Confidentiality) => {
            read_yes_no(code).ok().map(|value| yes_no(value, lang))
        }
        (_, Field::ConfidentialityOwner) => label::<OwnerChoice>(code, lang),
        (_, Field::ConsentUses) => crate::domain::consent::ConsentUse::from_code(code)
            .map(|choice| crate::i18n::consent::use_word(choice, lang)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forms::{InputKind, form_fields, form_fields_for_evaluation};

    #[test]
    fn every_choice_of_every_form_has_a_name_in_both_languages() {
        let forms = Kind::ALL
            .iter()
            .map(|kind| (*kind, form_fields(*kind)))
            .chain([(Kind::Immersion, form_fields_for_evaluation())]);
        for (kind, specs) in forms {
            for spec in specs {
                let codes = match spec.input {
                    InputKind::Choice(codes) | InputKind::ChoiceSet(codes) => codes,
                    InputKind::YesNo => vec!["yes", "no"],
                    _ => continue,
                };
                for code in codes {
                    for lang in [Lang::Fr, Lang::En] {
                        let name = choice_label(kind, spec.field, code, lang);
                        assert!(
                            name.is_some_and(|name| !name.is_empty()),
                            "{kind} {} {code} {lang:?}",
                            spec.field
                        );
                    }
                }
            }
        }
        assert_eq!(
            choice_label(Kind::Contact, Field::Organisation, "casnav", Lang::Fr),
            Some("CASNAV (service académique)")
        );
        assert_eq!(
            choice_label(Kind::Company, Field::CpmeMember, "yes", Lang::Fr),
            Some("oui")
        );
        assert_eq!(
            choice_label(Kind::School, Field::Kind, "usine", Lang::Fr),
            None
        );
    }
}
