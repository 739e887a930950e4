//! Words for consents and reveals: their uses, purposes and what the
//! detail and `show` say of them.

use crate::domain::audit::RevealPurpose;
use crate::domain::consent::{Consent, ConsentUse};
use crate::domain::text::neutralise_controls;
use crate::i18n::{Lang, date};

pub fn use_label(consent_use: ConsentUse, lang: Lang) -> &'static str {
    match consent_use {
        ConsentUse::Export => lang.pick("export", "export"),
        ConsentUse::Report => lang.pick("rapport annuel", "yearly report"),
        ConsentUse::Sharing => lang.pick("partage avec un partenaire", "sharing with a partner"),
    }
}

pub fn uses_text(uses: &[ConsentUse], lang: Lang) -> String {
    uses.iter()
        .map(|u| use_label(*u, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn purpose_label(purpose: RevealPurpose, lang: Lang) -> &'static str {
    match purpose {
        RevealPurpose::Screen => lang.pick("à l'écran", "on screen"),
        RevealPurpose::Export => lang.pick("pour sortir", "to leave the application"),
        RevealPurpose::Report => {
            lang.pick("cité dans le bilan annuel", "quoted in the yearly report")
        }
    }
}

/// "donné par Mme Diallo le 12/09/2026 pour : export, rapport annuel"
/// (who gave it is "masqué" until the record is revealed).
pub fn consent_text(consent: &Consent, lang: Lang) -> String {
    let given_by = match consent.given_by.clear() {
        Some(name) => neutralise_controls(name, true).into_owned(),
        None => lang.pick("•••• (masqué)", "•••• (masked)").to_owned(),
    };
    format!(
        "{} {given_by} {} {} {}{}{}",
        lang.pick("donné par", "given by"),
        lang.pick("le", "on"),
        date(lang, consent.given_on),
        lang.pick("pour", "for"),
        lang.colon(),
        uses_text(&consent.uses, lang)
    )
}

/// When a record holds no consent.
pub fn no_consent(lang: Lang) -> &'static str {
    lang.pick(
        "aucun : ses champs protégés ne sortent pas de l'application",
        "none: its protected fields never leave the application",
    )
}

/// After `consent --by`.
pub fn consent_recorded(lang: Lang, consent: &Consent) -> String {
    format!(
        "{}{}{}",
        lang.pick(
            "Consentement enregistré (noté au journal)",
            "Consent recorded (written in the audit trail)"
        ),
        lang.colon(),
        consent_text(consent, lang)
    )
}

pub fn consent_withdrawn(lang: Lang) -> &'static str {
    lang.pick(
        "Consentement retiré (noté au journal) : les champs protégés de la fiche ne sortent plus de l'application.",
        "Consent withdrawn (written in the audit trail): the record's protected fields no longer leave the application.",
    )
}

pub fn nothing_to_withdraw(lang: Lang) -> &'static str {
    lang.pick(
        "Aucun consentement n'était enregistré sur cette fiche : rien n'a changé.",
        "No consent was recorded on this record: nothing changed.",
    )
}

/// An option's value refused: "--for : « pub » — ce n'est pas l'un des
/// choix proposés (export, rapport, partage)".
pub fn bad_option(lang: Lang, option: &str, input: &str, problem: &str) -> String {
    let choices = if option == "--for" {
        lang.pick(" (export, rapport, partage)", " (export, report, sharing)")
    } else {
        ""
    };
    let input = neutralise_controls(input, true);
    match lang {
        Lang::Fr => format!("{option} : « {input} » — {problem}{choices}."),
        Lang::En => format!("{option}: '{input}' — {problem}{choices}."),
    }
}

pub fn consent_heading(lang: Lang) -> &'static str {
    lang.pick("Consentement", "Consent")
}

/// Under a revealed record's confidentiality line.
pub fn revealed_note(lang: Lang) -> &'static str {
    lang.pick(
        "champs protégés révélés (noté au journal)",
        "protected fields revealed (written in the audit trail)",
    )
}

/// The word a person types for a use in the consent form, as the
/// command line's `--for` reads it (`parse_uses`).
pub fn use_word(consent_use: ConsentUse, lang: Lang) -> &'static str {
    match consent_use {
        ConsentUse::Export => "export",
        ConsentUse::Report => lang.pick("rapport", "report"),
        ConsentUse::Sharing => lang.pick("partage", "sharing"),
    }
}

/// Under the uses of the consent form: what may be typed.
pub fn uses_hint(lang: Lang) -> &'static str {
    lang.pick(
        "au moins un usage : l'export, le rapport annuel, le partage avec un partenaire",
        "at least one use: export, the yearly report, sharing with a partner",
    )
}

/// Under who consented, when the record was not revealed.
pub fn given_by_masked(lang: Lang) -> &'static str {
    lang.pick(
        "masqué (fiche non révélée) : tapez-le de nouveau pour enregistrer",
        "masked (record not revealed): type it again to save",
    )
}

/// After the consent form is saved. Who gave it is not repeated: the
/// status bar is read over a shoulder as easily as the detail.
pub fn consent_saved(lang: Lang) -> &'static str {
    lang.pick(
        "Consentement enregistré (noté au journal).",
        "Consent recorded (written in the audit trail).",
    )
}

/// Withdrawing from a detail that shows no consent.
pub fn none_to_withdraw(lang: Lang) -> &'static str {
    lang.pick(
        "Aucun consentement n'est enregistré sur cette fiche : rien à retirer.",
        "No consent is recorded on this record: nothing to withdraw.",
    )
}

/// The consent keys used elsewhere than on a record's detail.
pub fn open_the_record(lang: Lang) -> &'static str {
    lang.pick(
        "Le consentement se lit et s'enregistre depuis la fiche : ouvrez-la.",
        "Consent is read and recorded from the record: open it.",
    )
}

/// The question before withdrawing the consent of `label`.
pub fn withdraw_question(lang: Lang, label: &str) -> Vec<String> {
    match lang {
        Lang::Fr => vec![
            format!("Retirer le consentement enregistré sur « {label} » ?"),
            "Ses champs protégés ne sortiront plus de l'application (exports, rapport, partage). Le retrait est noté au journal.".to_owned(),
        ],
        Lang::En => vec![
            format!("Withdraw the consent recorded on '{label}'?"),
            "Its protected fields will no longer leave the application (exports, report, sharing). The withdrawal is written in the audit trail.".to_owned(),
        ],
    }
}
