//! What `passerelle export` says besides the data it writes.

use std::path::Path;

use crate::domain::Kind;
use crate::domain::text::neutralise_controls;
use crate::i18n::labels::kind_plural;
use crate::i18n::{Lang, count};

fn shown(path: &Path) -> String {
    neutralise_controls(&path.display().to_string(), true).into_owned()
}

/// `--format` is neither csv nor json.
pub fn bad_format(lang: Lang, input: &str) -> String {
    let input = neutralise_controls(input, true);
    match lang {
        Lang::Fr => {
            format!("--format : « {input} » n'est pas un format d'export. Possibles : csv, json.")
        }
        Lang::En => format!("--format: '{input}' is not an export format. Possible: csv, json."),
    }
}

/// `--excel` with `--format json`.
pub fn excel_is_csv(lang: Lang) -> &'static str {
    lang.pick(
        "--excel règle le CSV pour les tableurs ; il ne va pas avec --format json.",
        "--excel shapes the CSV for spreadsheets; it does not go with --format json.",
    )
}

/// After an export written to a file ("lignes" agrees whatever the
/// kind's gender).
pub fn exported(lang: Lang, kind: Kind, rows: u64, revealed: u64, path: &Path) -> String {
    let kinds = kind_plural(kind, lang);
    let path = shown(path);
    match (lang, revealed) {
        (Lang::Fr, 0) => format!(
            "{} lignes ({kinds}) exportées dans {path}.",
            count(lang, rows)
        ),
        (Lang::Fr, _) => format!(
            "{} lignes ({kinds}) exportées dans {path}, dont {} avec leurs champs protégés en clair (consentement à l'export enregistré) : fichier lisible par vous seul.",
            count(lang, rows),
            count(lang, revealed)
        ),
        (Lang::En, 0) => format!("{} rows ({kinds}) exported to {path}.", count(lang, rows)),
        (Lang::En, _) => format!(
            "{} rows ({kinds}) exported to {path}, {} of them with their protected fields in clear (consent to export recorded): a file readable by you alone.",
            count(lang, rows),
            count(lang, revealed)
        ),
    }
}
