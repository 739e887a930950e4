//! What `passerelle backup` and `passerelle restore` say.

use std::path::Path;

use crate::domain::text::neutralise_controls;
use crate::i18n::messages::{problem_text, store_error};
use crate::i18n::{Lang, count};
use crate::store::backup::{RestoreError, RestoreReport, SnapshotFacts};
use crate::store::schema::TreeId;

pub(crate) fn shown(path: &Path) -> String {
    neutralise_controls(&path.display().to_string(), true).into_owned()
}

/// "12,3 Mo", "850 ko".
fn size(lang: Lang, bytes: u64) -> String {
    let (value, unit) = if bytes >= 1024 * 1024 {
        (bytes as f64 / (1024.0 * 1024.0), lang.pick("Mo", "MB"))
    } else {
        (bytes as f64 / 1024.0, lang.pick("ko", "kB"))
    };
    let text = format!("{value:.1}");
    match lang {
        Lang::Fr => format!("{} {unit}", text.replace('.', ",")),
        Lang::En => format!("{text} {unit}"),
    }
}

/// After a backup was written.
pub fn backup_written(lang: Lang, path: &Path, facts: &SnapshotFacts) -> String {
    let audit = facts.header.entries(TreeId::Audit);
    let held = facts.writes_held.as_millis() as u64;
    match lang {
        Lang::Fr => format!(
            "Sauvegarde écrite dans {} ({}) : {} fiches, {} entrées du journal, schéma {}. Les écritures ont attendu {} ms le temps de la copie. Fichier lisible par vous seul : il contient les champs protégés.",
            shown(path),
            size(lang, facts.size),
            count(lang, facts.records),
            count(lang, audit),
            facts.header.schema,
            count(lang, held)
        ),
        Lang::En => format!(
            "Backup written to {} ({}): {} records, {} audit entries, schema {}. Writes waited {} ms while it was copied. A file readable by you alone: it holds the protected fields.",
            shown(path),
            size(lang, facts.size),
            count(lang, facts.records),
            count(lang, audit),
            facts.header.schema,
            count(lang, held)
        ),
    }
}

/// The bytes received do not match the checksum the server sent.
pub fn damaged_in_transit(lang: Lang) -> &'static str {
    lang.pick(
        "La sauvegarde reçue ne correspond pas à sa somme de contrôle : elle n'a pas été écrite. Recommencez.",
        "The backup received does not match its checksum: it was not written. Try again.",
    )
}

/// The server ended the backup before its last byte.
pub fn cut_short(lang: Lang) -> &'static str {
    lang.pick(
        "La sauvegarde s'est arrêtée avant la fin : elle n'a pas été écrite. Recommencez.",
        "The backup stopped before its end: it was not written. Try again.",
    )
}

/// The file could not be written.
pub fn cannot_write(lang: Lang, path: &Path, error: &std::io::Error) -> String {
    match lang {
        Lang::Fr => format!(
            "Impossible d'écrire {} ({error}) : rien n'a été laissé.",
            shown(path)
        ),
        Lang::En => format!("Cannot write {} ({error}): nothing was left.", shown(path)),
    }
}

/// After a restore.
pub fn restored(lang: Lang, path: &Path, report: &RestoreReport) -> String {
    let header = &report.header;
    let created = crate::i18n::date_time(lang, header.created_at);
    match lang {
        Lang::Fr => format!(
            "Sauvegarde du {created} (passerelle {}, schéma {}) restaurée dans {} : {} fiches, {} entrées du journal ; somme de contrôle, nombres et « check » vérifiés.",
            header.program,
            header.schema,
            shown(path),
            count(lang, report.check.records),
            count(lang, report.check.audit_entries)
        ),
        Lang::En => format!(
            "Backup of {created} (passerelle {}, schema {}) restored into {}: {} records, {} audit entries; checksum, counts and 'check' verified.",
            header.program,
            header.schema,
            shown(path),
            count(lang, report.check.records),
            count(lang, report.check.audit_entries)
        ),
    }
}

/// Why a restore was refused; nothing was left of it.
pub fn restore_error(lang: Lang, error: &RestoreError) -> String {
    let nothing_left = lang.pick(
        "La base visée est laissée telle qu'elle était.",
        "The target store is left as it was.",
    );
    let text = match error {
        RestoreError::Target(store_error) => crate::i18n::messages::store_error(store_error, lang),
        RestoreError::Read { path, source } => match lang {
            Lang::Fr => format!("Impossible de lire {} ({source}).", shown(path)),
            Lang::En => format!("Cannot read {} ({source}).", shown(path)),
        },
        RestoreError::NotABackup { path } => match lang {
            Lang::Fr => format!("{} n'est pas une sauvegarde passerelle.", shown(path)),
            Lang::En => format!("{} is not a passerelle backup.", shown(path)),
        },
        RestoreError::Checksum { path } => match lang {
            Lang::Fr => format!(
                "La somme de contrôle de {} ne correspond pas : le fichier a été modifié ou tronqué depuis la sauvegarde. Prenez-en une autre copie.",
                shown(path)
            ),
            Lang::En => format!(
                "The checksum of {} does not match: the file was altered or cut since the backup. Take another copy of it.",
                shown(path)
            ),
        },
        RestoreError::NewerFormat { found, supported } => match lang {
            Lang::Fr => format!(
                "Sauvegarde au format {found}, écrite par une version plus récente (celle-ci lit jusqu'au format {supported}) : installez la dernière version."
            ),
            Lang::En => format!(
                "A backup in format {found}, written by a newer version (this one reads up to format {supported}): install the latest version."
            ),
        },
        RestoreError::NewerSchema { found, supported } => match lang {
            Lang::Fr => format!(
                "Sauvegarde d'une base au schéma {found}, plus récent que celui de cette version ({supported}) : installez la dernière version."
            ),
            Lang::En => format!(
                "A backup of a store of schema {found}, newer than this version's ({supported}): install the latest version."
            ),
        },
        RestoreError::Malformed { detail } => match lang {
            Lang::Fr => format!("La sauvegarde ne se lit pas ({detail})."),
            Lang::En => format!("The backup does not read ({detail})."),
        },
        RestoreError::TargetNotEmpty { path, holds_store } => match (lang, holds_store) {
            (Lang::Fr, true) => format!(
                "{} contient déjà une base : une restauration ne va que dans un dossier neuf ou vide, jamais par-dessus une base. Choisissez un autre --store.",
                shown(path)
            ),
            (Lang::Fr, false) => format!(
                "{} n'est pas vide : une restauration ne va que dans un dossier neuf ou vide. Choisissez un autre --store.",
                shown(path)
            ),
            (Lang::En, true) => format!(
                "{} holds a store already: a restore goes only into a new or empty directory, never over a store. Choose another --store.",
                shown(path)
            ),
            (Lang::En, false) => format!(
                "{} is not empty: a restore goes only into a new or empty directory. Choose another --store.",
                shown(path)
            ),
        },
        RestoreError::Write { path, source } => match lang {
            Lang::Fr => format!("Impossible d'écrire dans {} ({source}).", shown(path)),
            Lang::En => format!("Cannot write into {} ({source}).", shown(path)),
        },
        RestoreError::CountMismatch {
            what,
            expected,
            found,
        } => match lang {
            Lang::Fr => format!(
                "La base restaurée ne correspond pas à la sauvegarde ({what} : {} restaurés, {} sauvegardés).",
                count(lang, *found),
                count(lang, *expected)
            ),
            Lang::En => format!(
                "The restored store does not match the backup ({what}: {} restored, {} backed up).",
                count(lang, *found),
                count(lang, *expected)
            ),
        },
        RestoreError::CheckFailed { problems } => {
            let listed: Vec<String> = problems
                .iter()
                .take(10)
                .map(|problem| format!("  - {}", problem_text(problem, lang)))
                .collect();
            match lang {
                Lang::Fr => format!(
                    "La base restaurée ne passe pas « check » ({} problèmes) :\n{}",
                    count(lang, problems.len() as u64),
                    listed.join("\n")
                ),
                Lang::En => format!(
                    "The restored store fails 'check' ({} problems):\n{}",
                    count(lang, problems.len() as u64),
                    listed.join("\n")
                ),
            }
        }
        RestoreError::Store(error) => store_error(error, lang),
    };
    format!("{text} {nothing_left}")
}
