//! Fixed phrases of the front ends, and the few that take a number or a
//! name.

use crate::domain::dates::SchoolYear;
use crate::i18n::labels::records_named;
use crate::i18n::{Lang, count, counted};
use crate::service::demo::DemoRemoved;

/// A fixed phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    StatusTitle,
    PlacementsPending,
    WithoutCompany,
    WithoutSignature,
    WithoutTutor,
    OldestPending,
    ImmersionsAwaiting,
    ComingEvents,
    NoticeNear,
    /// The same, where the whole phrase does not fit (a panel's title
    /// at 80 columns).
    NoticeNearShort,
    Records,
    Total,
    Missing,
    Confidential,
    /// What the mark of a record made up by `passerelle demo` means, in
    /// a list that shows it.
    DemoLegend,
    /// The same mark, where a record is shown whole.
    DemoRecord,
    Masked,
    LinkedRecords,
    NoRecord,
    MoreRows,
    CheckClean,
    CheckProblems,
    DemoNotEmpty,
    EmptyStoreHint,
    NoticeBy,
    EndsOn,
    Revision,
    CreatedBy,
    UpdatedBy,
    SensitiveDisability,
    SensitiveCasnav,
    RecordShown,
    RecordsShown,
    ToEvaluate,
}

impl Phrase {
    pub fn text(self, lang: Lang) -> &'static str {
        use Phrase::*;
        match self {
            StatusTitle => lang.pick("passerelle — état au", "passerelle — status on"),
            PlacementsPending => lang.pick("Stages en attente", "Placements pending"),
            WithoutCompany => lang.pick("sans entreprise", "without a company"),
            WithoutSignature => lang.pick("sans convention signée", "without a signed agreement"),
            WithoutTutor => lang.pick("sans tuteur", "without a tutor"),
            OldestPending => lang.pick(
                "Les plus urgents (début passé ou proche)",
                "The most urgent (start past or near)",
            ),
            ImmersionsAwaiting => lang.pick("Immersions à évaluer", "Immersions awaiting evaluation"),
            ComingEvents => lang.pick("Événements sous 7 jours", "Events within 7 days"),
            NoticeNear => lang.pick(
                "Conventions dont le préavis approche",
                "Agreements whose notice period is near",
            ),
            NoticeNearShort => lang.pick("Préavis proches", "Notice near"),
            Records => lang.pick("Fiches", "Records"),
            Total => lang.pick("total", "total"),
            Missing => lang.pick("manque", "missing"),
            Confidential => lang.pick("confidentiel", "confidential"),
            DemoLegend => lang.pick("◇ démonstration", "◇ demonstration"),
            DemoRecord => lang.pick(
                "Fiche de démonstration (« passerelle demo --remove » les retire toutes)",
                "Demonstration record ('passerelle demo --remove' takes them all out)",
            ),
            Masked => lang.pick("•••• masqué", "•••• masked"),
            LinkedRecords => lang.pick("Fiches qui s'y rattachent", "Records linked to it"),
            NoRecord => lang.pick("Aucune fiche ne correspond.", "No record matches."),
            MoreRows => lang.pick(
                "d'autres fiches suivent (--limit pour en voir plus)",
                "more records follow (--limit to see more)",
            ),
            CheckClean => lang.pick("La base est cohérente.", "The store is consistent."),
            CheckProblems => lang.pick("Problèmes trouvés", "Problems found"),
            DemoNotEmpty => lang.pick(
                "La base contient déjà des fiches : les données de démonstration ne s'ajoutent qu'à une base vide. Utilisez --append pour les ajouter quand même, ou --store pour une autre base.",
                "The store already holds records: demonstration data goes into an empty store. Use --append to add it anyway, or --store for another store.",
            ),
            EmptyStoreHint => lang.pick(
                "La base est vide. « passerelle demo » la remplit de données de démonstration.",
                "The store is empty. 'passerelle demo' fills it with demonstration data.",
            ),
            NoticeBy => lang.pick("dénoncer au plus tard le", "give notice by"),
            EndsOn => lang.pick("fin le", "ends on"),
            Revision => lang.pick("révision", "revision"),
            CreatedBy => lang.pick("créée par", "created by"),
            UpdatedBy => lang.pick("modifiée par", "updated by"),
            SensitiveDisability => lang.pick("situation de handicap", "disability"),
            SensitiveCasnav => lang.pick("suivi CASNAV", "followed by the CASNAV"),
            RecordShown => lang.pick("fiche affichée", "record shown"),
            RecordsShown => lang.pick("fiches affichées", "records shown"),
            ToEvaluate => lang.pick("à évaluer", "to evaluate"),
        }
    }
}

/// What `demo --remove` did: how many records went, and which were kept
/// because real records point at them.
pub fn demo_removed(lang: Lang, done: &DemoRemoved) -> String {
    let (removed, kept) = (done.removed, &done.kept);
    let mut text = match (lang, done.dry_run) {
        (Lang::Fr, false) => format!(
            "{}.",
            counted(
                lang,
                removed,
                "fiche de démonstration retirée",
                "fiches de démonstration retirées"
            )
        ),
        (Lang::Fr, true) => format!(
            "{} (essai : rien n'est modifié).",
            counted(
                lang,
                removed,
                "fiche de démonstration serait retirée",
                "fiches de démonstration seraient retirées"
            )
        ),
        (Lang::En, false) => format!(
            "{}.",
            counted(
                lang,
                removed,
                "demonstration record removed",
                "demonstration records removed"
            )
        ),
        (Lang::En, true) => format!(
            "{} (dry run: nothing is changed).",
            counted(
                lang,
                removed,
                "demonstration record would be removed",
                "demonstration records would be removed"
            )
        ),
    };
    if kept.is_empty() {
        return text;
    }
    let kept_count = kept.len() as u64;
    text.push('\n');
    text.push_str(&match lang {
        Lang::Fr => format!(
            "{}, parce que des fiches réelles, en place ou supprimées, pointent vers elles : {}. « passerelle show » sur chacune nomme les fiches en place qui pointent vers elle ; une fois celles-ci reliées ailleurs, relancez « passerelle demo --remove ».",
            counted(
                lang,
                kept_count,
                "fiche de démonstration gardée",
                "fiches de démonstration gardées"
            ),
            records_named(lang, kept)
        ),
        Lang::En => format!(
            "{}, because real records, live or deleted, point at them: {}. 'passerelle show' on each names the live records pointing at it; once those are linked elsewhere, run 'passerelle demo --remove' again.",
            counted(
                lang,
                kept_count,
                "demonstration record kept",
                "demonstration records kept"
            ),
            records_named(lang, kept)
        ),
    });
    text
}

/// "3 fiches créées en 1,2 s (2 500 fiches/s)".
pub fn demo_done(lang: Lang, records: u64, seconds: f64) -> String {
    let rate = if seconds > 0.0 {
        (records as f64 / seconds) as u64
    } else {
        records
    };
    match lang {
        Lang::Fr => format!(
            "{} en {} s ({} fiches/s).",
            counted(lang, records, "fiche créée", "fiches créées"),
            format!("{seconds:.1}").replace('.', ","),
            count(lang, rate)
        ),
        Lang::En => format!(
            "{} in {seconds:.1} s ({} records/s).",
            counted(lang, records, "record created", "records created"),
            count(lang, rate)
        ),
    }
}

/// The title of the placements counted by start month.
pub fn placements_by_month(lang: Lang, year: SchoolYear) -> String {
    match lang {
        Lang::Fr => format!("Stages par mois de début, année {year}"),
        Lang::En => format!("Placements by start month, school year {year}"),
    }
}

/// The records that match out of all of the kind: "12 sur 4 567" /
/// "12 of 4,567", as the interface's lists say it.
pub fn shown_of(lang: Lang, shown: u64, total: u64) -> String {
    match lang {
        Lang::Fr => format!("{} sur {}", count(lang, shown), count(lang, total)),
        Lang::En => format!("{} of {}", count(lang, shown), count(lang, total)),
    }
}

/// The size given to `demo` is out of range.
pub fn demo_size_out_of_range(lang: Lang, minimum: u64, maximum: u64) -> String {
    let (low, high) = (count(lang, minimum), count(lang, maximum));
    match lang {
        Lang::Fr => format!(
            "--size : entre {low} et {high} fiches (au moins {low}, pour que chaque sorte de fiche et chaque statut soient représentés)."
        ),
        Lang::En => format!(
            "--size: between {low} and {high} records (at least {low}, so that every kind and status appears)."
        ),
    }
}

/// An unknown kind of record on the command line.
pub fn unknown_kind(lang: Lang, input: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "« {input} » n'est pas une sorte de fiche. Possibles : etablissement, entreprise, contact, apprenant, stage, immersion, evenement, convention (ou leur pluriel, accents permis, ou leur nom anglais : school, company, contact, learner, placement, immersion, event, agreement)."
        ),
        Lang::En => format!(
            "'{input}' is not a kind of record. Possible: school, company, contact, learner, placement, immersion, event, agreement (or their plural)."
        ),
    }
}

/// A status word that does not apply to the kind.
pub fn unknown_status(lang: Lang, input: &str, possible: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "--status : « {input} » n'est pas un statut de ces fiches. Possibles : {possible}."
        ),
        Lang::En => {
            format!("--status: '{input}' is not a status of these records. Possible: {possible}.")
        }
    }
}

/// An unknown académie.
pub fn unknown_academie(lang: Lang, input: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "--academie : « {input} » n'est pas une académie d'Île-de-France (paris, creteil, versailles)."
        ),
        Lang::En => format!(
            "--academie: '{input}' is not an Île-de-France académie (paris, creteil, versailles)."
        ),
    }
}

/// The KEY argument of `show` did not parse.
pub fn bad_key(lang: Lang, message: &str) -> String {
    match lang {
        Lang::Fr => format!("KEY invalide — {message}"),
        Lang::En => format!("Invalid KEY — {message}"),
    }
}

/// `--year` is not a school year.
pub fn bad_year(lang: Lang, input: &str, problem: &str) -> String {
    match lang {
        Lang::Fr => format!("--year : « {input} » — {problem}."),
        Lang::En => format!("--year: '{input}' — {problem}."),
    }
}

/// `--year` for a kind of record that has no date.
pub fn undated_kind(lang: Lang, kind_plural: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "--year : les {kind_plural} n'ont pas de date. --year vaut pour les stages, immersions, événements et conventions."
        ),
        Lang::En => format!(
            "--year: {kind_plural} have no date. --year applies to placements, immersions, events and agreements."
        ),
    }
}

/// `--of` is not KIND:KEY.
pub fn bad_of(lang: Lang, input: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "--of : « {input} » s'écrit SORTE:CLÉ, par exemple school:0750655E ou learner:42."
        ),
        Lang::En => format!(
            "--of: '{input}' is written KIND:KEY, for example school:0750655E or learner:42."
        ),
    }
}

/// After a list that shows fewer than it counts.
pub fn and_more(lang: Lang, left: u64) -> String {
    match lang {
        Lang::Fr => format!("… et {} de plus", crate::i18n::count(lang, left)),
        Lang::En => format!("… and {} more", crate::i18n::count(lang, left)),
    }
}
