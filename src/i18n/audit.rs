//! What `passerelle audit` says: its table, each entry's action in words,
//! and what is wrong with what was typed.

use crate::domain::Kind;
use crate::domain::audit::{AuditAction, AuditEntry, FieldChange, RevealPurpose, UserChange};
use crate::domain::records::RecordRef;
use crate::i18n::audit_values::{field_label, linked_records, value_words};
use crate::i18n::consent::{purpose_label, uses_text};
use crate::i18n::labels::{Label, kind_plural};
use crate::i18n::record_view::Names;
use crate::i18n::safe;
use crate::i18n::users::{organisation_label, role_label};
use crate::i18n::{Lang, count};

/// The headers of the `audit` table.
pub fn headers(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Fr => ["N°", "Date", "Compte", "Par (déclaré)", "Action", "Détail"],
        Lang::En => ["No.", "Date", "Account", "Via (stated)", "Action", "Detail"],
    }
}

/// A record the trail names: its kind, and its name when known.
fn record(target: RecordRef, names: &Names, lang: Lang) -> String {
    match names.get(&target) {
        Some(described) => format!(
            "{} « {} » (n° {})",
            target.kind.label(lang),
            safe(&described.label),
            target.id
        ),
        None => format!("{} n° {}", target.kind.label(lang), target.id),
    }
}

/// What was done, in a few words: "modifié : stage n° 5"; with the
/// record's name when `names` holds it.
pub fn action_text(action: &AuditAction, names: &Names, lang: Lang) -> String {
    let record = |target: RecordRef, lang: Lang| record(target, names, lang);
    let about_purpose = |target: &RecordRef, purpose: RevealPurpose, lang: Lang| {
        format!(
            "{} ({})",
            record(*target, lang),
            purpose_label(purpose, lang)
        )
    };
    let about = |fr: &str, en: &str, target: &RecordRef, revision: &u64| {
        let revision = format!("{} {revision}", lang.pick("rév.", "rev."));
        let what = match names.get(target) {
            Some(described) => format!(
                "{} « {} » (n° {}, {revision})",
                target.kind.label(lang),
                safe(&described.label),
                target.id
            ),
            None => format!("{} n° {} ({revision})", target.kind.label(lang), target.id),
        };
        format!("{}{}{what}", lang.pick(fr, en), lang.colon())
    };
    match action {
        AuditAction::Created { target, revision } => about("créé", "created", target, revision),
        AuditAction::Updated { target, revision }
        | AuditAction::Changed {
            target, revision, ..
        } => about("modifié", "updated", target, revision),
        AuditAction::Deleted { target, revision } => about("supprimé", "deleted", target, revision),
        AuditAction::Restored { target, revision } => {
            about("rétabli", "restored", target, revision)
        }
        AuditAction::BulkCreated { records } => match lang {
            Lang::Fr => format!("{} fiches créées d'un coup", count(lang, *records)),
            Lang::En => format!("{} records created at once", count(lang, *records)),
        },
        AuditAction::DemoRemoved { records } => match lang {
            Lang::Fr => format!("{} fiches de démonstration retirées", count(lang, *records)),
            Lang::En => format!("{} demonstration records removed", count(lang, *records)),
        },
        AuditAction::Salvaged { records, left_out } => match lang {
            Lang::Fr => format!(
                "base refaite d'une base endommagée : {} fiches reprises, {} laissées dans l'ancienne",
                count(lang, *records),
                count(lang, *left_out)
            ),
            Lang::En => format!(
                "store remade from a damaged one: {} records taken, {} left in the old one",
                count(lang, *records),
                count(lang, *left_out)
            ),
        },
        AuditAction::UserChanged { account, change } => {
            let account = safe(account);
            match change {
                UserChange::Added { role, organisation } => format!(
                    "{}{}{account}, {}, {}",
                    lang.pick("utilisateur ajouté", "user added"),
                    lang.colon(),
                    role_label(*role, lang),
                    organisation_label(*organisation, lang)
                ),
                UserChange::Removed => format!(
                    "{}{}{account}",
                    lang.pick("utilisateur retiré", "user removed"),
                    lang.colon()
                ),
                UserChange::Role { from, to } => format!(
                    "{}{}{account}, {} → {}",
                    lang.pick("rôle changé", "role changed"),
                    lang.colon(),
                    role_label(*from, lang),
                    role_label(*to, lang)
                ),
            }
        }
        AuditAction::AccessRefused => lang.pick("accès refusé", "access refused").into(),
        AuditAction::Refused { pid: None } => lang.pick("accès refusé", "access refused").into(),
        AuditAction::Refused { pid: Some(pid) } => format!(
            "{} ({} {pid})",
            lang.pick("accès refusé", "access refused"),
            lang.pick("processus", "process")
        ),
        AuditAction::RefusedAgain { count, since } => {
            let since = crate::i18n::date_time(lang, *since);
            match lang {
                Lang::Fr if *count == 1 => format!("encore 1 accès refusé depuis le {since}"),
                Lang::Fr => format!("encore {count} accès refusés depuis le {since}"),
                Lang::En if *count == 1 => format!("1 more access refused since {since}"),
                Lang::En => format!("{count} more accesses refused since {since}"),
            }
        }
        AuditAction::Revealed { target, purpose } => format!(
            "{}{}{}",
            lang.pick("champs protégés révélés", "protected fields revealed"),
            lang.colon(),
            about_purpose(target, *purpose, lang)
        ),
        AuditAction::RevealRefused { target, purpose } => format!(
            "{}{}{}",
            lang.pick("révélation refusée", "reveal refused"),
            lang.colon(),
            about_purpose(target, *purpose, lang)
        ),
        AuditAction::ConsentRecorded { target, uses } => format!(
            "{}{}{} ({})",
            lang.pick("consentement enregistré", "consent recorded"),
            lang.colon(),
            record(*target, lang),
            uses_text(uses, lang)
        ),
        AuditAction::ConsentWithdrawn { target } => format!(
            "{}{}{}",
            lang.pick("consentement retiré", "consent withdrawn"),
            lang.colon(),
            record(*target, lang)
        ),
        AuditAction::Anonymised { target, revision } => {
            about("anonymisé (purge)", "anonymised (purge)", target, revision)
        }
        AuditAction::SubjectAccess { target } => format!(
            "{}{}{}",
            lang.pick(
                "relevé de tout ce qui est détenu (droit d'accès)",
                "everything held read out (subject access)"
            ),
            lang.colon(),
            record(*target, lang)
        ),
        AuditAction::Exported {
            kind,
            rows,
            revealed,
        } => match lang {
            Lang::Fr => format!(
                "export : {} ({} lignes, dont {} avec champs protégés en clair)",
                kind_plural(*kind, lang),
                count(lang, *rows),
                count(lang, *revealed)
            ),
            Lang::En => format!(
                "export: {} ({} rows, {} with protected fields in clear)",
                kind_plural(*kind, lang),
                count(lang, *rows),
                count(lang, *revealed)
            ),
        },
        AuditAction::BackedUp { records } => match lang {
            Lang::Fr => format!(
                "sauvegarde de toute la base ({} fiches, champs protégés compris)",
                count(lang, *records)
            ),
            Lang::En => format!(
                "backup of the whole store ({} records, protected fields included)",
                count(lang, *records)
            ),
        },
    }
}

/// The fields an update changed, one text each: « statut : réalisée →
/// évaluée », « notes (restreint, valeur non conservée) ». Empty for
/// other actions; an update that changed nothing says so.
pub fn field_changes(action: &AuditAction, names: &Names, lang: Lang) -> Vec<String> {
    let AuditAction::Changed { fields, target, .. } = action else {
        return Vec::new();
    };
    if fields.is_empty() {
        return vec![lang.pick("aucun champ changé", "no field changed").into()];
    }
    fields
        .iter()
        .map(|change| field_change(target.kind, change, names, lang))
        .collect()
}

/// One field an update changed: its label, its old and new value in
/// words, or only that it changed when it is restricted.
pub fn field_change(kind: Kind, change: &FieldChange, names: &Names, lang: Lang) -> String {
    match change {
        FieldChange::Value { field, old, new } => format!(
            "{}{}{} → {}",
            safe(&field_label(kind, field, lang)),
            lang.colon(),
            safe(&value_words(kind, field, old, names, lang)),
            safe(&value_words(kind, field, new, names, lang))
        ),
        FieldChange::Restricted { field } if field == crate::service::audit::PROTECTED_FIELDS => {
            lang.pick(
                "champs protégés (lesquels n'est dit qu'aux personnes habilitées)",
                "protected fields (which ones is told only to those cleared)",
            )
            .to_owned()
        }
        FieldChange::Restricted { field } => format!(
            "{} ({})",
            safe(&field_label(kind, field, lang)),
            lang.pick(
                "restreint, valeur non conservée",
                "restricted, value not kept"
            )
        ),
    }
}

/// The records entries name (their targets, the links their changes
/// point at), to be named before they are shown.
pub fn named_in(entries: &[AuditEntry]) -> Vec<RecordRef> {
    let mut found: Vec<RecordRef> = Vec::new();
    for entry in entries {
        if let Some(target) = entry.action.target() {
            found.push(target);
        }
        if let AuditAction::Changed { target, fields, .. } = &entry.action {
            for change in fields {
                if let FieldChange::Value { field, old, new } = change {
                    found.extend(linked_records(target.kind, field, &[old, new]));
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|reference| seen.insert(*reference));
    found
}

/// The fields an update changed on one line: « statut : signée →
/// terminée ; notes (restreint, valeur non conservée) ». Empty for other
/// actions.
pub fn changes_text(action: &AuditAction, names: &Names, lang: Lang) -> String {
    field_changes(action, names, lang).join(" ; ")
}

/// One entry as a row of the table.
pub fn row(entry: &AuditEntry, names: &Names, lang: Lang) -> Vec<String> {
    vec![
        entry.sequence.to_string(),
        crate::i18n::date_time(lang, entry.at),
        safe(&entry.account),
        entry.front_end.label(lang).to_owned(),
        action_text(&entry.action, names, lang),
        changes_text(&entry.action, names, lang),
    ]
}

/// When nothing matched.
pub fn no_entries(lang: Lang) -> &'static str {
    lang.pick(
        "Aucune entrée du journal ne correspond.",
        "No audit entry matches.",
    )
}

/// Under the table when the limit cut the answer.
pub fn more_entries(lang: Lang, shown: usize) -> String {
    match lang {
        Lang::Fr => format!(
            "Les {} plus récentes seulement ; --limit pour en voir plus, --since pour remonter moins loin.",
            count(lang, shown as u64)
        ),
        Lang::En => format!(
            "Only the {} most recent; --limit to see more, --since to go back less far.",
            count(lang, shown as u64)
        ),
    }
}

/// `--since` is not a date.
pub fn bad_since(lang: Lang, input: &str, problem: &str) -> String {
    let input = safe(input);
    match lang {
        Lang::Fr => format!("--since : « {input} » n'est pas une date — {problem}."),
        Lang::En => format!("--since: '{input}' is not a date — {problem}."),
    }
}

/// `--key` without `--kind` (the key is read for a kind).
pub fn key_needs_kind(lang: Lang) -> &'static str {
    lang.pick(
        "--key demande --kind (par ex. --kind school --key 0750655E).",
        "--key needs --kind (e.g. --kind school --key 0750655E).",
    )
}
