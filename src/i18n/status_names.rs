//! Statuses as people name them when they filter a list: the command
//! line's `--status` and the interface's `:stages en attente` take a
//! status by its code or by its name in either language.

use crate::domain::Kind;
use crate::domain::text::fold;
use crate::i18n::Lang;
use crate::i18n::labels::Label;
use crate::i18n::tui::pending_name;
use crate::service::list::StatusFilter;

/// The name of a status filter in `lang`.
pub fn status_filter_label(status: StatusFilter, lang: Lang) -> String {
    match status {
        StatusFilter::PlacementPending => pending_name(lang).to_owned(),
        StatusFilter::Placement(s) => s.label(lang).to_owned(),
        StatusFilter::Immersion(s) => s.label(lang).to_owned(),
        StatusFilter::Agreement(s) => s.label(lang).to_owned(),
    }
}

/// A status typed for `kind`: its code (`company_proposed`, `pending`)
/// or its name in either language (« entreprise proposée », « en
/// attente », "company proposed"), accents, case and hyphens aside.
pub fn status_named(kind: Kind, typed: &str) -> Option<StatusFilter> {
    if let Some(status) = StatusFilter::parse(kind, typed) {
        return Some(status);
    }
    let words = |text: &str| fold(&text.replace(['-', '_'], " "));
    let wanted = words(typed);
    StatusFilter::all_for(kind).into_iter().find(|status| {
        [Lang::Fr, Lang::En]
            .iter()
            .any(|lang| words(&status_filter_label(*status, *lang)) == wanted)
    })
}

/// The statuses of `kind`, for a message saying which are possible:
/// their names in French (« en attente », « demandé »…), their codes in
/// English.
pub fn possible_statuses(kind: Kind, lang: Lang) -> String {
    let names: Vec<String> = StatusFilter::all_for(kind)
        .into_iter()
        .map(|status| match lang {
            Lang::Fr => format!("« {} »", status_filter_label(status, lang)),
            Lang::En => status.code().to_owned(),
        })
        .collect();
    if names.is_empty() {
        "—".into()
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::status::PlacementStatus;

    #[test]
    fn a_status_by_its_code_or_its_name_in_either_language() {
        let proposed = Some(StatusFilter::Placement(PlacementStatus::CompanyProposed));
        for typed in [
            "company_proposed",
            "entreprise proposée",
            "Entreprise-Proposee",
            "company proposed",
        ] {
            assert_eq!(status_named(Kind::Placement, typed), proposed, "{typed}");
        }
        assert_eq!(
            status_named(Kind::Placement, "en attente"),
            Some(StatusFilter::PlacementPending)
        );
        assert_eq!(status_named(Kind::School, "en attente"), None);
        assert!(
            possible_statuses(Kind::Placement, Lang::Fr).starts_with("« en attente », « demandé »")
        );
    }
}
