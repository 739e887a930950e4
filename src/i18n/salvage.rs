//! What `passerelle salvage` says: what the new store took, what stayed
//! in the damaged one, and what to do next.

use std::path::Path;

use crate::i18n::backup::{restore_error, shown};
use crate::i18n::labels::records_named;
use crate::i18n::messages::{problem_text, store_error};
use crate::i18n::{Lang, count, counted};
use crate::store::backup::RestoreError;
use crate::store::salvage::{SalvageError, SalvageReport};

/// How many of the new store's problems are listed.
const PROBLEMS_SHOWN: usize = 10;

/// The report of a salvage that made its store.
pub fn salvaged(lang: Lang, from: &Path, to: &Path, report: &SalvageReport) -> String {
    let (from, to) = (shown(from), shown(to));
    let taken = count(lang, report.salvaged());
    let mut lines = vec![match lang {
        Lang::Fr => format!("Base refaite dans {to} : {taken} fiches reprises de {from}."),
        Lang::En => format!("Store remade in {to}: {taken} records taken from {from}."),
    }];
    if report.is_whole() {
        lines.push(
            lang.pick(
                "Tout ce que la base endommagée contenait a été repris.",
                "Everything the damaged store held was taken.",
            )
            .to_owned(),
        );
    } else {
        lines.push(match lang {
            Lang::Fr => format!("Laissé dans {from} (gardez ce dossier) :"),
            Lang::En => format!("Left in {from} (keep that directory):"),
        });
        if !report.unreadable.is_empty() {
            lines.push(format!(
                "  - {}{}{}",
                counted(
                    lang,
                    report.unreadable.len() as u64,
                    lang.pick("fiche illisible", "unreadable record"),
                    lang.pick("fiches illisibles", "unreadable records"),
                ),
                lang.colon(),
                records_named(lang, &report.unreadable)
            ));
        }
        if !report.left_out.is_empty() {
            lines.push(format!(
                "  - {}{}{}",
                counted(
                    lang,
                    report.left_out.len() as u64,
                    lang.pick(
                        "fiche qui pointe vers une fiche illisible, ou dont l'UAI ou le SIRET est déjà pris",
                        "record pointing at an unreadable one, or whose UAI or SIRET is taken",
                    ),
                    lang.pick(
                        "fiches qui pointent vers une fiche illisible, ou dont l'UAI ou le SIRET est déjà pris",
                        "records pointing at an unreadable one, or whose UAI or SIRET is taken",
                    ),
                ),
                lang.colon(),
                records_named(lang, &report.left_out)
            ));
        }
        if report.unreadable_keys > 0 {
            lines.push(format!(
                "  - {}",
                counted(
                    lang,
                    report.unreadable_keys,
                    lang.pick(
                        "fiche dont même le numéro est illisible",
                        "record whose very number is unreadable",
                    ),
                    lang.pick(
                        "fiches dont même le numéro est illisible",
                        "records whose very number is unreadable",
                    ),
                )
            ));
        }
        if report.entries_left > 0 {
            lines.push(format!(
                "  - {}",
                counted(
                    lang,
                    report.entries_left,
                    lang.pick(
                        "autre entrée illisible ou d'une fiche non reprise (brouillon, fiche supprimée, consentement, note d'import, marque de démonstration)",
                        "other entry unreadable or of a record not taken (draft, deleted record, consent, import note, demonstration mark)",
                    ),
                    lang.pick(
                        "autres entrées illisibles ou de fiches non reprises (brouillons, fiches supprimées, consentements, notes d'import, marques de démonstration)",
                        "other entries unreadable or of records not taken (drafts, deleted records, consents, import notes, demonstration marks)",
                    ),
                )
            ));
        }
        if !report.trees_cut.is_empty() {
            lines.push(format!(
                "  - {}",
                counted(
                    lang,
                    report.trees_cut.len() as u64,
                    lang.pick(
                        "partie de la base lue jusqu'à l'endroit abîmé seulement : la suite n'est pas reprise",
                        "part of the store read only up to where it is damaged: the rest is not taken",
                    ),
                    lang.pick(
                        "parties de la base lues jusqu'à l'endroit abîmé seulement : la suite n'est pas reprise",
                        "parts of the store read only up to where they are damaged: the rest is not taken",
                    ),
                )
            ));
        }
    }
    let check = &report.check;
    if check.is_clean() {
        lines.push(
            lang.pick(
                "« check » de la nouvelle base : cohérente.",
                "'check' of the new store: consistent.",
            )
            .to_owned(),
        );
    } else {
        lines.push(match lang {
            Lang::Fr => format!(
                "« check » de la nouvelle base signale {} problèmes (ceux de l'ancienne que la reprise ne corrige pas, comme un journal abîmé) :",
                count(lang, check.problems.len() as u64)
            ),
            Lang::En => format!(
                "'check' of the new store reports {} problems (those of the old one a salvage does not mend, such as a damaged audit trail):",
                count(lang, check.problems.len() as u64)
            ),
        });
        lines.extend(
            check
                .problems
                .iter()
                .take(PROBLEMS_SHOWN)
                .map(|problem| format!("  - {}", problem_text(problem, lang))),
        );
    }
    if !check.is_clean() {
        lines.push(match lang {
            Lang::Fr => format!(
                "Ne mettez pas {to} à la place de l'ancienne base avant d'avoir compris ces problèmes ; gardez {from}."
            ),
            Lang::En => format!(
                "Do not put {to} in place of the old store before these problems are understood; keep {from}."
            ),
        });
        return lines.join("\n");
    }
    lines.push(match lang {
        Lang::Fr => format!(
            "Ensuite : regardez-la (« passerelle --store {to} status »), arrêtez le serveur, renommez l'ancienne base et mettez {to} à sa place, relancez le serveur. Gardez {from} : ce qui n'a pas été repris y reste."
        ),
        Lang::En => format!(
            "Next: look at it ('passerelle --store {to} status'), stop the server, rename the old store and put {to} in its place, start the server again. Keep {from}: what was not taken stays there."
        ),
    });
    lines.join("\n")
}

/// Why a salvage was not made; the target is left as it was.
pub fn salvage_error(lang: Lang, error: &SalvageError) -> String {
    let nothing_left = lang.pick(
        "Le dossier visé est laissé tel qu'il était.",
        "The target directory is left as it was.",
    );
    let text = match error {
        SalvageError::SourceUnreadable { path, detail } => match lang {
            Lang::Fr => format!(
                "sled ne lit plus les fichiers de {} ({detail}) : on ne peut rien en reprendre fiche par fiche. Gardez ce dossier tel quel, et restaurez la dernière sauvegarde dans un dossier neuf (« passerelle restore FICHIER --store NOUVEAU ») : ce qui a été enregistré depuis n'y sera pas.",
                shown(path)
            ),
            Lang::En => format!(
                "sled no longer reads the files of {} ({detail}): nothing can be taken from it record by record. Keep that directory as it is, and restore the last backup into a new directory ('passerelle restore FILE --store NEW'): what was saved since will not be in it.",
                shown(path)
            ),
        },
        SalvageError::SourceInUse { path } => match lang {
            Lang::Fr => format!(
                "{} est ouverte par un autre processus (son serveur ?) : arrêtez-le, copiez le dossier tel qu'il est (« cp -a »), puis reprenez la copie.",
                shown(path)
            ),
            Lang::En => format!(
                "{} is open in another process (its server?): stop it, copy the directory as it is ('cp -a'), then salvage the copy.",
                shown(path)
            ),
        },
        SalvageError::TargetInsideSource { path } => match lang {
            Lang::Fr => format!(
                "{} est dans le dossier de la base endommagée : choisissez pour --store un dossier ailleurs.",
                shown(path)
            ),
            Lang::En => format!(
                "{} is inside the damaged store's directory: choose a --store elsewhere.",
                shown(path)
            ),
        },
        SalvageError::NotAStore { path } => match lang {
            Lang::Fr => format!("{} ne contient pas de base passerelle.", shown(path)),
            Lang::En => format!("{} holds no passerelle store.", shown(path)),
        },
        SalvageError::OtherSchema { found, supported } => match lang {
            Lang::Fr => format!(
                "Base au schéma {found}, et cette version reprend le schéma {supported} : lancez la version de passerelle qui l'a écrite."
            ),
            Lang::En => format!(
                "A store of schema {found}, and this version salvages schema {supported}: run the passerelle version that wrote it."
            ),
        },
        SalvageError::Target(RestoreError::TargetNotEmpty { path, .. }) => match lang {
            Lang::Fr => format!(
                "{} n'est pas vide : une base refaite ne va que dans un dossier neuf ou vide, jamais par-dessus une base. Choisissez un autre --store.",
                shown(path)
            ),
            Lang::En => format!(
                "{} is not empty: a salvaged store goes only into a new or empty directory, never over a store. Choose another --store.",
                shown(path)
            ),
        },
        // The rest says itself, and that the target is left as it was.
        SalvageError::Target(error) => return restore_error(lang, error),
        SalvageError::Store(error) => store_error(error, lang),
    };
    format!("{text} {nothing_left}")
}
