//! The words of a record's history screen. Each entry itself is worded
//! by `i18n::audit`, as `passerelle audit` words it.

use crate::domain::RecordRef;
use crate::i18n::{Lang, count};

/// The screen's name in the trail.
pub fn crumb(lang: Lang) -> &'static str {
    lang.pick("Historique", "History")
}

/// The frame's title: "Historique : Lycée Voltaire (0750001U)".
pub fn title(lang: Lang, label: &str) -> String {
    format!("{}{}{label}", crumb(lang), lang.colon())
}

/// How much of the history is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// Every entry of the record.
    All,
    /// Older entries exist; they are read on the way down.
    More,
    /// Older entries exist beyond what one answer may hold.
    Capped,
}

/// Where the selection is: "entrée 3 sur 12", "entrée 3 sur 200+ · les
/// plus anciennes se chargent en descendant".
pub fn position(
    lang: Lang,
    selected: usize,
    held: usize,
    state: Held,
    target: RecordRef,
) -> String {
    let at = count(lang, selected as u64);
    let of = count(lang, held as u64);
    match (state, lang) {
        (Held::All, Lang::Fr) => format!("entrée {at} sur {of}"),
        (Held::All, Lang::En) => format!("entry {at} of {of}"),
        (Held::More, Lang::Fr) => {
            format!("entrée {at} sur {of}+ · les plus anciennes se chargent en descendant")
        }
        (Held::More, Lang::En) => format!("entry {at} of {of}+ · older ones load as you go down"),
        (Held::Capped, Lang::Fr) => format!(
            "entrée {at} sur les {of} plus récentes · les autres : passerelle audit --kind {} --key {}",
            target.kind.code(),
            target.id
        ),
        (Held::Capped, Lang::En) => format!(
            "entry {at} of the {of} most recent · the rest: passerelle audit --kind {} --key {}",
            target.kind.code(),
            target.id
        ),
    }
}

/// A record no entry is about.
pub fn empty(lang: Lang) -> [&'static str; 2] {
    [
        lang.pick(
            "Aucune entrée du journal ne concerne cette fiche.",
            "No audit entry is about this record.",
        ),
        lang.pick(
            "Une fiche chargée en bloc (données de démonstration) n'a que l'entrée du chargement, qui ne la nomme pas.",
            "A record loaded in bulk (demonstration data) has only the load's entry, which does not name it.",
        ),
    ]
}

/// The detail was not loaded yet: nothing to show the history of.
pub fn not_loaded(lang: Lang) -> &'static str {
    lang.pick(
        "La fiche n'est pas encore chargée.",
        "The record is not loaded yet.",
    )
}
