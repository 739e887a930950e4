//! What `purge` and `show learner KEY --subject-access` say. A purge's
//! report never names a learner (it may be kept); a subject access
//! report shows everything, store text made safe to print by the
//! command.

use crate::domain::Kind;
use crate::domain::dates::SchoolYear;
use crate::i18n::labels::Label;
use crate::i18n::{Lang, count, counted, date, date_time};
use crate::service::purge::{PurgeReport, PurgedLearner};

/// The first line of a purge's report: when, which school year, N.
pub fn purge_heading(report: &PurgeReport, lang: Lang) -> String {
    let years = counted(
        lang,
        u64::from(report.after_school_years),
        lang.pick("année scolaire", "school year"),
        lang.pick("années scolaires", "school years"),
    );
    let day = date(lang, report.today);
    match (report.dry_run, lang) {
        (true, Lang::Fr) => format!(
            "Purge à blanc au {day} (année scolaire {}, données gardées {years}) : rien n'a été modifié.",
            report.school_year
        ),
        (true, Lang::En) => format!(
            "Dry run of the purge on {day} (school year {}, data kept {years}): nothing was changed.",
            report.school_year
        ),
        (false, Lang::Fr) => format!(
            "Purge au {day} (année scolaire {}, données gardées {years}) :",
            report.school_year
        ),
        (false, Lang::En) => format!(
            "Purge on {day} (school year {}, data kept {years}):",
            report.school_year
        ),
    }
}

/// Which learners a purge takes: those last active in `last` or before.
pub fn due_rule(last: SchoolYear, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "Apprenants dont la dernière activité (fin du dernier stage, sinon leur année scolaire) date de {last} ou avant"
        ),
        Lang::En => format!(
            "Learners whose last activity (end of their last placement, else their school year) is in {last} or before"
        ),
    }
}

/// The title of a dry run's list of live or deleted learners.
pub fn would_anonymise(deleted: bool, total: usize, lang: Lang) -> String {
    let total = count(lang, total as u64);
    match (deleted, lang) {
        (false, Lang::Fr) => format!("Apprenants qui seraient anonymisés ({total}) :"),
        (false, Lang::En) => format!("Learners that would be anonymised ({total}):"),
        (true, Lang::Fr) => {
            format!(
                "Apprenants supprimés (gardés pour un rétablissement) qui seraient anonymisés ({total}) :"
            )
        }
        (true, Lang::En) => {
            format!("Deleted learners (kept for restoring) that would be anonymised ({total}):")
        }
    }
}

/// One learner of a dry run's list: its number and school year of last
/// activity, never its name.
pub fn purged_line(learner: &PurgedLearner, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "  {} n° {} — dernière activité {}",
            Kind::Learner.label(lang),
            learner.id,
            learner.last_activity
        ),
        Lang::En => format!(
            "  {} number {} — last active {}",
            Kind::Learner.label(lang),
            learner.id,
            learner.last_activity
        ),
    }
}

/// The counts of a purge, done or (dry run) that would be.
pub fn purge_counts(report: &PurgeReport, lang: Lang) -> Vec<String> {
    let learners = report.learners.len() as u64;
    let deleted = report.deleted_learners.len() as u64;
    let drafts = report.drafts_discarded;
    let already = report.already_anonymised;
    let consents = report.consents_removed;
    let consents_line = format!(
        "  {}",
        match (report.dry_run, lang) {
            (false, Lang::Fr) => counted(
                lang,
                consents,
                "consentement retiré",
                "consentements retirés"
            ),
            (false, Lang::En) => counted(lang, consents, "consent removed", "consents removed"),
            (true, Lang::Fr) => counted(
                lang,
                consents,
                "consentement serait retiré",
                "consentements seraient retirés"
            ),
            (true, Lang::En) => counted(
                lang,
                consents,
                "consent would be removed",
                "consents would be removed"
            ),
        }
    );
    let mut lines = match (report.dry_run, lang) {
        (false, Lang::Fr) => vec![
            format!(
                "  {}",
                counted(
                    lang,
                    learners,
                    "apprenant anonymisé",
                    "apprenants anonymisés"
                )
            ),
            format!(
                "  {}",
                counted(
                    lang,
                    deleted,
                    "apprenant supprimé anonymisé",
                    "apprenants supprimés anonymisés"
                )
            ),
            format!(
                "  {}",
                counted(lang, drafts, "brouillon abandonné", "brouillons abandonnés")
            ),
            format!(
                "  {}",
                counted(
                    lang,
                    already,
                    "déjà anonymisé, laissé tel quel",
                    "déjà anonymisés, laissés tels quels"
                )
            ),
        ],
        (false, Lang::En) => vec![
            format!(
                "  {}",
                counted(lang, learners, "learner anonymised", "learners anonymised")
            ),
            format!(
                "  {}",
                counted(
                    lang,
                    deleted,
                    "deleted learner anonymised",
                    "deleted learners anonymised"
                )
            ),
            format!(
                "  {}",
                counted(lang, drafts, "draft discarded", "drafts discarded")
            ),
            format!(
                "  {}",
                counted(
                    lang,
                    already,
                    "anonymised already, left as is",
                    "anonymised already, left as they are"
                )
            ),
        ],
        (true, Lang::Fr) => vec![
            format!(
                "  {}",
                counted(
                    lang,
                    drafts,
                    "brouillon serait abandonné",
                    "brouillons seraient abandonnés"
                )
            ),
            format!(
                "  {}",
                counted(
                    lang,
                    already,
                    "déjà anonymisé, laissé tel quel",
                    "déjà anonymisés, laissés tels quels"
                )
            ),
        ],
        (true, Lang::En) => vec![
            format!(
                "  {}",
                counted(
                    lang,
                    drafts,
                    "draft would be discarded",
                    "drafts would be discarded"
                )
            ),
            format!(
                "  {}",
                counted(
                    lang,
                    already,
                    "anonymised already, left as is",
                    "anonymised already, left as they are"
                )
            ),
        ],
    };
    lines.push(consents_line);
    lines
}

/// What to do next, after a purge.
pub fn purge_next(dry_run: bool, lang: Lang) -> &'static str {
    match dry_run {
        true => lang.pick(
            "« passerelle purge » sans --dry-run anonymise ces apprenants ; cela ne se défait pas.",
            "'passerelle purge' without --dry-run anonymises these learners; it cannot be undone.",
        ),
        false => lang.pick(
            "Chaque apprenant anonymisé a son entrée au journal (« passerelle audit --kind learner »).",
            "Each learner anonymised has its audit entry ('passerelle audit --kind learner').",
        ),
    }
}

/// `--subject-access` asked for another kind than learners.
pub fn subject_access_for_learners_only(kind: Kind, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "--subject-access ne vaut que pour un apprenant (passerelle show learner N° --subject-access), pas pour : {}.",
            kind.label(lang)
        ),
        Lang::En => format!(
            "--subject-access is for a learner only (passerelle show learner NUMBER --subject-access), not for: {}.",
            kind.label(lang)
        ),
    }
}

/// Section titles of a subject access report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Record,
    Placements,
    DeletedPlacements,
    Audit,
    Drafts,
}

/// A section's title, with how many items it holds.
pub fn section(which: Section, items: usize, lang: Lang) -> String {
    let title = match which {
        Section::Record => lang.pick("Fiche de l'apprenant", "The learner's record"),
        Section::Placements => lang.pick("Stages", "Placements"),
        Section::DeletedPlacements => lang.pick(
            "Stages supprimés, gardés pour un rétablissement",
            "Deleted placements, kept for restoring",
        ),
        Section::Audit => lang.pick("Entrées du journal", "Audit entries"),
        Section::Drafts => lang.pick(
            "Brouillons de saisie (de tout compte)",
            "Drafts being typed (of any account)",
        ),
    };
    match which {
        Section::Record => format!("== {title} =="),
        _ => format!("== {title} ({}) ==", count(lang, items as u64)),
    }
}

/// The first line of a subject access report.
pub fn subject_access_heading(
    id: crate::domain::RecordId,
    at: chrono::DateTime<chrono::Utc>,
    lang: Lang,
) -> String {
    match lang {
        Lang::Fr => format!(
            "Relevé de tout ce qui est détenu sur l'apprenant n° {id} (droit d'accès), établi le {} ; ce relevé est inscrit au journal.",
            date_time(lang, at)
        ),
        Lang::En => format!(
            "Everything held on learner number {id} (subject access), made on {}; this report is recorded in the audit trail.",
            date_time(lang, at)
        ),
    }
}

/// Said of a deleted learner.
pub fn subject_deleted(lang: Lang) -> &'static str {
    lang.pick(
        "Cet apprenant est supprimé : voici ce que sa suppression a gardé pour un rétablissement.",
        "This learner is deleted: here is what its delete kept for restoring.",
    )
}

/// An empty section.
pub fn nothing(lang: Lang) -> &'static str {
    lang.pick("  (aucun)", "  (none)")
}

/// A draft's heading: whose, when, what it edits.
pub fn draft_line(account: &str, draft: &crate::domain::draft::Draft, lang: Lang) -> String {
    let number = draft.id.as_ref().map_or(0, |id| id.0);
    let editing = match draft.editing {
        Some((id, revision)) => match lang {
            Lang::Fr => format!("{} n° {id}, révision {revision}", draft.kind.label(lang)),
            Lang::En => format!(
                "{} number {id}, revision {revision}",
                draft.kind.label(lang)
            ),
        },
        None => draft.kind.label(lang).to_owned(),
    };
    match lang {
        Lang::Fr => format!(
            "  Brouillon n° {number} du compte {account}, enregistré le {} : {editing}",
            date_time(lang, draft.saved_at)
        ),
        Lang::En => format!(
            "  Draft number {number} of account {account}, saved on {}: {editing}",
            date_time(lang, draft.saved_at)
        ),
    }
}

/// The last line of a subject access report.
pub fn subject_access_end(lang: Lang) -> &'static str {
    lang.pick(
        "Rien d'autre n'est détenu sur cet apprenant dans cette base (les index n'en gardent que le nom, déjà montré). Les sauvegardes de la base, s'il y en a, sont hors de l'application.",
        "Nothing else is held on this learner in this store (its indexes keep only the name, shown above). Backups of the store, if any, are outside the application.",
    )
}
