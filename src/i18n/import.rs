//! What imports say: the report's lines, the reasons of rejected rows,
//! the corrections, the rows left aside.

use crate::domain::text::neutralise_controls;
use crate::i18n::messages::rule;
use crate::i18n::{Lang, count};
use crate::import::{FileReport, ImportError, SkipReason};
use crate::service::import::{ImportProblem, RowIssue};

/// Text from a file, safe to print: its control characters shown.
fn shown(text: &str) -> String {
    neutralise_controls(text, true).into_owned()
}

pub fn problem(problem: &ImportProblem, lang: Lang) -> String {
    match problem {
        ImportProblem::Rule(r) => rule(r, lang),
        ImportProblem::DuplicateInFile { first_line } => match lang {
            Lang::Fr => format!("déjà à la ligne {first_line} du fichier"),
            Lang::En => format!("already on line {first_line} of the file"),
        },
        ImportProblem::NumberUnavailable { id } => match lang {
            Lang::Fr => format!(
                "le numéro {id} a déjà été donné : la fiche créée en aurait un autre et les liens vers elle pointeraient ailleurs"
            ),
            Lang::En => format!(
                "number {id} was given before: the record made would have another, and links to it would point elsewhere"
            ),
        },
        ImportProblem::MarkRefused => lang
            .pick(
                "la marque de confidentialité ne peut être levée (administrateurs seulement) ni confiée à une autre organisation par un import",
                "an import may not lift the confidentiality mark (administrators only) nor hand it to another organisation",
            )
            .into(),
        ImportProblem::Refused(reason) => match lang {
            Lang::Fr => format!("refusé : {}", shown(reason)),
            Lang::En => format!("refused: {}", shown(reason)),
        },
        ImportProblem::Corrected { from, to } => match lang {
            Lang::Fr => format!("« {} » lu comme « {} »", shown(from), shown(to)),
            Lang::En => format!("'{}' read as '{}'", shown(from), shown(to)),
        },
        ImportProblem::Unreadable(reason) => match lang {
            Lang::Fr => format!("ligne illisible : {}", shown(reason)),
            Lang::En => format!("unreadable line: {}", shown(reason)),
        },
        ImportProblem::FieldCount {
            found,
            expected,
            last: true,
        } => match lang {
            Lang::Fr => format!(
                "la dernière ligne a {found} champs au lieu des {expected} de l'en-tête : le fichier semble coupé ; la ligne n'est pas importée"
            ),
            Lang::En => format!(
                "the last line has {found} fields instead of the header's {expected}: the file seems cut; the line is not imported"
            ),
        },
        ImportProblem::FieldCount {
            found, expected, ..
        } => match lang {
            Lang::Fr => format!(
                "{found} champs au lieu des {expected} de l'en-tête (un séparateur en trop ou en moins dans la ligne ?)"
            ),
            Lang::En => format!(
                "{found} fields instead of the header's {expected} (a separator too many or too few in the line?)"
            ),
        },
        ImportProblem::EndsInsideQuotes => lang
            .pick(
                "le fichier se termine dans des guillemets ouverts sur cette ligne : il semble coupé ; la ligne n'est pas importée",
                "the file ends inside quotes opened on this line: it seems cut; the line is not imported",
            )
            .into(),
        ImportProblem::NotUtf8 => lang
            .pick(
                "pas du texte UTF-8 (fichier enregistré en Latin-1 ?)",
                "not UTF-8 text (a file saved in Latin-1?)",
            )
            .into(),
        ImportProblem::NoCompanyName => lang
            .pick(
                "aucun nom : son SIREN n'est pas dans le fichier des unités légales (--unites-legales) et l'établissement n'a pas d'enseigne",
                "no name: its SIREN is not in the legal units file (--unites-legales) and the establishment has no trade name",
            )
            .into(),
    }
}

/// One line of the report: `ligne 12, colonne SIRET : …`.
pub fn issue_line(issue: &RowIssue, lang: Lang) -> String {
    let text = problem(&issue.problem, lang);
    match (lang, issue.column.is_empty()) {
        (Lang::Fr, false) => format!(
            "ligne {}, colonne {} : {text}",
            issue.line,
            shown(&issue.column)
        ),
        (Lang::En, false) => format!(
            "line {}, column {}: {text}",
            issue.line,
            shown(&issue.column)
        ),
        (Lang::Fr, true) => format!("ligne {} : {text}", issue.line),
        (Lang::En, true) => format!("line {}: {text}", issue.line),
    }
}

pub fn skip_reason(reason: &SkipReason, lang: Lang) -> String {
    match reason {
        SkipReason::OutsideFilter => lang
            .pick(
                "hors des académies ou départements demandés",
                "outside the académies or départements asked for",
            )
            .into(),
        SkipReason::Closed => lang.pick("fermés", "closed").into(),
        SkipReason::NotDiffusible => lang
            .pick(
                "non diffusibles (adresse non publiée par l'INSEE)",
                "not diffusible (address not published by INSEE)",
            )
            .into(),
        SkipReason::NotHeld { nature } => match lang {
            Lang::Fr => format!("non suivis par le partenariat : {}", shown(nature)),
            Lang::En => format!("not followed by the partnership: {}", shown(nature)),
        },
    }
}

/// The counts, in one line.
/// The file was not UTF-8, and was read in `encoding`: said once.
pub fn read_as(lang: Lang, encoding: &str) -> String {
    let name = match encoding {
        "windows-1252" => "Windows-1252 (Latin-1)",
        other => other,
    };
    match lang {
        Lang::Fr => format!(
            "Fichier lu en {name}, pas en UTF-8 : vérifiez quelques accents dans ce qui est importé."
        ),
        Lang::En => format!(
            "File read as {name}, not UTF-8: check a few accented letters in what is imported."
        ),
    }
}

pub fn summary(report: &FileReport, lang: Lang) -> String {
    let r = &report.report;
    let skipped: u64 = report.skipped.iter().map(|s| s.rows).sum();
    match lang {
        Lang::Fr => format!(
            "{} lignes lues : {} créées, {} mises à jour, {} inchangées, {} rejetées, {} écartées.",
            count(lang, report.rows),
            count(lang, r.created),
            count(lang, r.updated),
            count(lang, r.unchanged),
            count(lang, r.rejected_rows),
            count(lang, skipped)
        ),
        Lang::En => format!(
            "{} rows read: {} created, {} updated, {} unchanged, {} rejected, {} left aside.",
            count(lang, report.rows),
            count(lang, r.created),
            count(lang, r.updated),
            count(lang, r.unchanged),
            count(lang, r.rejected_rows),
            count(lang, skipped)
        ),
    }
}

pub fn heading_dry_run(lang: Lang) -> &'static str {
    lang.pick(
        "Simulation (--dry-run) : rien n'a été écrit ; voici ce que l'import ferait.",
        "Dry run: nothing was written; this is what the import would do.",
    )
}

pub fn heading_refused(lang: Lang) -> &'static str {
    lang.pick(
        "Rien n'a été importé (--all-or-nothing) : des lignes sont rejetées. Corrigez-les et relancez.",
        "Nothing was imported (--all-or-nothing): some rows are rejected. Fix them and run again.",
    )
}

/// `--all-or-nothing` stopped in the import itself, after a clean check.
pub fn heading_stopped(lang: Lang, line: u64) -> String {
    match lang {
        Lang::Fr => format!(
            "Import arrêté à la ligne {line} (--all-or-nothing) : le fichier avait été vérifié \
             sans rejet, mais la base a changé entre-temps et ce lot a été refusé. Les lignes \
             avant {line} ont été importées (voir les chiffres ci-dessous), rien à partir d'elle. \
             Relancez l'import : ce qui est déjà là sera « inchangé »."
        ),
        Lang::En => format!(
            "Import stopped at line {line} (--all-or-nothing): the file had been checked with \
             nothing rejected, but the store changed in between and this batch was refused. \
             The rows before line {line} were imported (see the figures below), none from it \
             on. Run the import again: what is already there will be \"unchanged\"."
        ),
    }
}

pub fn heading_rejected(lang: Lang) -> &'static str {
    lang.pick("Lignes rejetées :", "Rejected rows:")
}

pub fn heading_corrected(lang: Lang) -> &'static str {
    lang.pick(
        "Valeurs corrigées (importées ainsi) :",
        "Values corrected (imported so):",
    )
}

pub fn heading_skipped(lang: Lang) -> &'static str {
    lang.pick("Lignes écartées :", "Rows left aside:")
}

pub fn heading_kept(lang: Lang) -> &'static str {
    lang.pick(
        "Champs saisis par un coordinateur, gardés (--overwrite pour prendre ceux du fichier) :",
        "Fields typed by a coordinator, kept (--overwrite to take the file's):",
    )
}

pub fn heading_changes(lang: Lang, dry_run: bool) -> &'static str {
    match dry_run {
        true => lang.pick(
            "Fiches qui seraient créées ou modifiées :",
            "Records that would be created or changed:",
        ),
        false => lang.pick(
            "Fiches créées ou modifiées :",
            "Records created or changed:",
        ),
    }
}

pub fn change_line(line: u64, label: &str, created: bool, fields: &[String], lang: Lang) -> String {
    let label = shown(label);
    match (lang, created) {
        (Lang::Fr, true) => format!("ligne {line} : créée — {label}"),
        (Lang::En, true) => format!("line {line}: created — {label}"),
        (Lang::Fr, false) => format!("ligne {line} : modifiée ({}) — {label}", fields.join(", ")),
        (Lang::En, false) => format!("line {line}: changed ({}) — {label}", fields.join(", ")),
    }
}

pub fn kept_line(line: u64, key: &str, fields: &[String], lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("ligne {line}, {key} : {}", fields.join(", ")),
        Lang::En => format!("line {line}, {key}: {}", fields.join(", ")),
    }
}

/// The line after a list cut for display: how many more, and what
/// `--json` gives (`in_json`: all of them; else the `held` first).
pub fn more(lang: Lang, hidden: u64, in_json: Option<u64>, held: u64) -> String {
    let hidden = count(lang, hidden);
    match (lang, in_json) {
        (Lang::Fr, Some(_)) => format!("… et {hidden} de plus (--json les donne toutes)"),
        (Lang::En, Some(_)) => format!("… and {hidden} more (--json gives them all)"),
        (Lang::Fr, None) => format!(
            "… et {hidden} de plus (--json détaille les {} premières)",
            count(lang, held)
        ),
        (Lang::En, None) => format!(
            "… and {hidden} more (--json details the first {})",
            count(lang, held)
        ),
    }
}

pub fn import_error(error: &ImportError, lang: Lang) -> String {
    match error {
        ImportError::Read { path, reason } => match lang {
            Lang::Fr => format!("Impossible de lire {} : {}", shown(path), shown(reason)),
            Lang::En => format!("Cannot read {}: {}", shown(path), shown(reason)),
        },
        ImportError::Empty { path } => match lang {
            Lang::Fr => format!("{} : aucune ligne d'en-tête.", shown(path)),
            Lang::En => format!("{}: no header line.", shown(path)),
        },
        ImportError::MissingColumns { path, columns } => match lang {
            Lang::Fr => format!(
                "{} : il manque les colonnes {} (noms comparés sans casse ni accents). Rien n'a été importé.",
                shown(path),
                shown(&columns.join(", "))
            ),
            Lang::En => format!(
                "{}: the columns {} are missing (names compared ignoring case and accents). Nothing was imported.",
                shown(path),
                shown(&columns.join(", "))
            ),
        },
        ImportError::Service(error) => crate::i18n::messages::service_error(error, lang),
    }
}

pub fn unknown_format(lang: Lang, typed: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "Format inconnu « {} » : annuaire, sirene, ou csv suivi d'une sorte de fiche (csv school FICHIER).",
            shown(typed)
        ),
        Lang::En => format!(
            "Unknown format '{}': annuaire, sirene, or csv followed by a kind of record (csv school FILE).",
            shown(typed)
        ),
    }
}

pub fn filters_not_for_csv(lang: Lang) -> &'static str {
    lang.pick(
        "--academie et --departement choisissent parmi les fichiers de l'annuaire et de Sirene ; \
         un CSV de passerelle s'importe entier (retirez ses lignes dans le tableur).",
        "--academie and --departement choose among the Annuaire's and Sirene's rows; \
         a passerelle CSV is imported whole (remove its rows in the spreadsheet).",
    )
}

pub fn bad_departement(lang: Lang, typed: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "Département « {} » inconnu : un code de 01 à 95, 2A, 2B, ou 971 à 989 (outre-mer), tel que 75, 094 ou 2A.",
            shown(typed)
        ),
        Lang::En => format!(
            "Unknown département '{}': a code from 01 to 95, 2A, 2B, or 971 to 989 (overseas), such as 75, 094 or 2A.",
            shown(typed)
        ),
    }
}

pub fn bad_academie(lang: Lang, typed: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "Académie « {} » : paris, creteil ou versailles.",
            shown(typed)
        ),
        Lang::En => format!("Académie '{}': paris, creteil or versailles.", shown(typed)),
    }
}

/// The progress line on the terminal.
pub fn progress(lang: Lang, rows: u64, percent: u64, checking: bool) -> String {
    let bar_width = 30;
    let filled = (percent.min(100) * bar_width / 100) as usize;
    let bar = format!(
        "[{}{}]",
        "#".repeat(filled),
        "-".repeat(bar_width as usize - filled)
    );
    let verb = match (lang, checking) {
        (Lang::Fr, true) => "vérification",
        (Lang::En, true) => "checking",
        (Lang::Fr, false) => "import",
        (Lang::En, false) => "importing",
    };
    match lang {
        Lang::Fr => format!("{verb} {bar} {percent} % — {} lignes", count(lang, rows)),
        Lang::En => format!("{verb} {bar} {percent}% — {} rows", count(lang, rows)),
    }
}
