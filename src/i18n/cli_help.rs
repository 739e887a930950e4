//! The command line's help, in both languages: what each command and
//! option is for.

use crate::i18n::Lang;

/// What a command is for (`None`: the program itself).
pub fn about(command: Option<&str>, lang: Lang) -> &'static str {
    match command {
        None => lang.pick(
            "passerelle : le partenariat école–entreprise des académies d'Île-de-France et de la CPME, depuis le terminal.",
            "passerelle: the school–company partnership of the Île-de-France académies and the CPME, from the terminal.",
        ),
        Some("demo") => lang.pick(
            "Remplit une base vide de données de démonstration réalistes, marquées comme telles dans les listes et les fiches ; --remove les retire.",
            "Fill an empty store with realistic demonstration data, marked as such in lists and records; --remove takes it out.",
        ),
        Some("status") => lang.pick(
            "Ce qui est en attente, ce qui arrive, ce qui attend une évaluation.",
            "What is pending, what is due, what needs an evaluation.",
        ),
        Some("list") => lang.pick("Liste des fiches d'une sorte.", "List records of a kind."),
        Some("show") => lang.pick(
            "Une fiche, avec les fiches qui lui sont liées.",
            "One record, with the records linked to it.",
        ),
        Some("check") => lang.pick(
            "Vérifie que chaque index, compteur et lien correspond aux fiches.",
            "Verify that every index, counter and link matches the records.",
        ),
        Some("users") => lang.pick(
            "Qui a accès à la base : comptes Unix, noms, organisations et rôles (administrateurs seulement).",
            "Who may use the store: Unix accounts, names, organisations and roles (administrators only).",
        ),
        Some("users add") => lang.pick(
            "Ajoute un compte (ou remplace sa fiche). Sans users.toml, le crée avec le créateur de la base comme administrateur.",
            "Add an account (or replace its entry). Without users.toml, creates it with the store's creator as administrator.",
        ),
        Some("users list") => lang.pick("Liste les utilisateurs.", "List the users."),
        Some("users remove") => lang.pick(
            "Retire un compte (jamais le dernier administrateur).",
            "Remove an account (never the last administrator).",
        ),
        Some("users role") => lang.pick(
            "Change le rôle d'un compte (jamais celui du dernier administrateur).",
            "Change an account's role (never the last administrator's).",
        ),
        Some("audit") => lang.pick(
            "Le journal des changements, du plus récent au plus ancien : qui a fait quoi, quand, par où. Il ne se modifie ni ne s'efface ; « check » vérifie qu'il est intact.",
            "The audit trail, newest first: who did what, when, from where. It cannot be edited or deleted; 'check' verifies it is intact.",
        ),
        Some("consent") => lang.pick(
            "Le consentement d'une fiche (qui, quand, pour quels usages) : sans lui, ses champs protégés ne sortent pas de l'application. Sans --by ni --withdraw, l'affiche.",
            "A record's consent (who, when, to which uses): without it, its protected fields never leave the application. Without --by or --withdraw, shows it.",
        ),
        Some("purge") => lang.pick(
            "Anonymise les apprenants dont la dernière activité (fin du dernier stage, sinon leur année scolaire) date de plus de N années scolaires : nom, besoins particuliers et notes effacés, fiche et liens gardés pour les bilans. Administrateurs seulement ; chaque apprenant anonymisé est inscrit au journal. Ne se défait pas : essayez d'abord --dry-run.",
            "Anonymise the learners whose last activity (end of their last placement, else their school year) is more than N school years old: name, particular needs and notes removed, record and links kept for reports. Administrators only; each learner anonymised is recorded in the audit trail. Cannot be undone: try --dry-run first.",
        ),
        Some("export") => lang.pick(
            "Écrit toutes les fiches d'une sorte en CSV (par défaut : « , », UTF-8, dates ISO) ou en JSON, dans l'ordre des numéros ; colonnes décrites dans docs/csv.md. Les champs protégés d'une fiche confidentielle restent vides, sauf pour qui y est habilité et si un consentement à l'export est enregistré. Noté au journal avec le nombre de lignes.",
            "Write every record of a kind as CSV (by default: ',', UTF-8, ISO dates) or JSON, by number; columns described in docs/csv.md. A confidential record's protected fields stay empty unless the caller is cleared for it and consent to export is recorded. Written in the audit trail with the number of rows.",
        ),
        Some("backup") => lang.pick(
            "Sauvegarde toute la base (fiches, index, journal, brouillons, consentements, users.toml) dans FICHIER, cohérente même pendant que d'autres travaillent : les écritures attendent le temps de la copie. Format versionné avec somme de contrôle SHA-256. Administrateurs seulement ; noté au journal.",
            "Back up the whole store (records, indexes, audit trail, drafts, consents, users.toml) to FILE, consistent even while others work: writes wait while it is copied. A versioned format with a SHA-256 checksum. Administrators only; written in the audit trail.",
        ),
        Some("restore") => lang.pick(
            "Restaure une sauvegarde dans une base neuve (--store : un dossier qui n'existe pas ou vide), dans ce processus. Vérifiée : somme de contrôle, nombres de fiches, puis « check » ; sinon refusée et rien n'est laissé.",
            "Restore a backup into a new store (--store: a directory that does not exist, or is empty), in this process. Verified: checksum, record counts, then 'check'; otherwise refused and nothing is left.",
        ),
        Some("salvage") => lang.pick(
            "Refait une base neuve (--store : un dossier qui n'existe pas ou vide) de tout ce qu'une base endommagée lit encore : chaque fiche lisible avec son numéro et son historique, index et compteurs reconstruits, journal, brouillons, fiches supprimées et consentements lisibles. Lancez-la sur la copie mise de côté (« cp -a »), qu'elle ne modifie pas ; ce qui n'est pas repris y reste, et est nommé.",
            "Make a new store (--store: a directory that does not exist, or is empty) of everything a damaged store still reads: every readable record with its number and history, indexes and counters rebuilt, the audit trail, readable drafts, deleted records and consents. Run it on the copy set aside ('cp -a'), which it does not change; what is not taken stays there, and is named.",
        ),
        Some("report") => lang.pick(
            "Le bilan annuel pour le comité de pilotage (article 3.1) : actions par nature et académie, stages par nature, statut et académie, immersions et conclusions de leurs évaluations, entreprises nouvellement engagées, comparaison avec l'année précédente. Les nombres comptent toutes les fiches ; une remarque d'immersion confidentielle n'est citée qu'avec un consentement au bilan.",
            "The yearly report for the steering committee (article 3.1): actions by kind and académie, placements by kind, status and académie, immersions and what their evaluations concluded, companies newly involved, a comparison with the year before. Counts take in every record; a confidential immersion's remark is quoted only with consent to the report.",
        ),
        Some("import") => lang.pick(
            "Importe un fichier : annuaire (Annuaire de l'éducation, ou adresse et géolocalisation des établissements), sirene (StockEtablissement de l'INSEE) ou csv SORTE (le CSV qu'écrit export, voir docs/csv.md). Chaque ligne crée ou met à jour une fiche (par UAI, SIRET ou numéro) ; réimporter le même fichier ne change rien. Les lignes rejetées sont listées avec leur ligne, colonne et raison.",
            "Import a file: annuaire (the Annuaire de l'éducation, or the schools' address and geolocation file), sirene (INSEE's StockEtablissement) or csv KIND (the CSV export writes, see docs/csv.md). Each row creates or updates a record (by UAI, SIRET or number); importing the same file again changes nothing. Rejected rows are listed with their line, column and reason.",
        ),
        Some("serve") => lang.pick(
            "Le serveur de la base, au premier plan (pour systemd) : il tient la base et répond aux interfaces et commandes de tous par une socket Unix dans son dossier. Sans lui, la première commande en lance un en arrière-plan, qui s'arrête quand plus personne ne s'en sert.",
            "The store's server, in the foreground (for systemd): it holds the store and answers everyone's interfaces and commands over a Unix socket in its directory. Without it, the first command starts one in the background, which stops once nobody uses it.",
        ),
        Some(_) => "",
    }
}

/// What an argument is for, by its name.
pub fn argument(name: &str, lang: Lang) -> &'static str {
    match name {
        "store" => lang.pick(
            "La base (un dossier). Par défaut passerelle/store dans le dossier de données XDG.",
            "The store (a directory). Defaults to passerelle/store in the XDG data directory.",
        ),
        "lang" => lang.pick(
            "Langue des messages : fr (par défaut) ou en.",
            "Language of messages: fr (default) or en.",
        ),
        "keymap" => lang.pick(
            "Jeu de touches de l'interface : default (flèches et touches de vim) ou emacs. Votre keymap.toml (dossier de configuration XDG) s'y ajoute.",
            "Key set of the interface: default (arrows and vim keys) or emacs. Your keymap.toml (XDG config directory) applies over it.",
        ),
        "mouse" => lang.pick(
            "La molette de la souris déplace la sélection (désactivé par défaut).",
            "The mouse wheel moves the selection (off by default).",
        ),
        "size" => lang.pick(
            "Nombre total de fiches (établissements, entreprises, contacts, apprenants, stages, immersions, événements, conventions) ; 2 000 par défaut.",
            "How many records in all (schools, companies, contacts, learners, placements, immersions, events, agreements); 2,000 by default.",
        ),
        "seed" => lang.pick(
            "Graine du générateur : même graine, même taille et même jour donnent les mêmes données ; 1 par défaut.",
            "Seed of the generator: the same seed, size and day give the same data; 1 by default.",
        ),
        "append" => lang.pick(
            "Ajouter à une base qui contient déjà des fiches (administrateurs seulement).",
            "Add to a store that already holds records (administrators only).",
        ),
        "remove" => lang.pick(
            "Retirer toutes les fiches de démonstration, pour de bon (administrateurs seulement) ; celles vers lesquelles pointent des fiches réelles sont gardées et nommées.",
            "Take every demonstration record out, for good (administrators only); those real records point at are kept and named.",
        ),
        "json" => lang.pick("Sortie pour les scripts (JSON).", "Machine-readable output (JSON)."),
        "kind" => lang.pick(
            "établissement, entreprise, contact, apprenant, stage, immersion, événement, convention, au singulier ou au pluriel (ou en anglais : school, company, contact, learner, placement, immersion, event, agreement).",
            "school, company, contact, learner, placement, immersion, event, agreement (singular or plural).",
        ),
        "filter" => lang.pick(
            "Garder les fiches dont le nom a des mots commençant ainsi (accents et casse ignorés), ou dont l'UAI/le SIRET commence ainsi.",
            "Keep records whose name has words starting with these (accents and case ignored), or whose UAI/SIRET starts with it.",
        ),
        "status" => lang.pick(
            "Garder les fiches de ce statut, par son nom (« entreprise proposée », « en attente ») ou son code (company_proposed, pending).",
            "Keep records in this status, by its name (\"company proposed\", \"pending\") or its code (company_proposed).",
        ),
        "academie" => lang.pick(
            "Garder les fiches d'une académie : paris, creteil, versailles.",
            "Keep records of one académie: paris, creteil, versailles.",
        ),
        "of" => lang.pick(
            "Seulement les fiches liées à une fiche, notée SORTE:CLÉ, par ex. school:0750655E (ses stages, apprenants, contacts…).",
            "Only the records linked to one record, named KIND:KEY, e.g. school:0750655E (its placements, learners, contacts…).",
        ),
        "year" => lang.pick(
            "Seulement les fiches datées dans cette année scolaire (septembre à août), par ex. 2025-2026 : stages et immersions par leur début, événements par leur jour, conventions par leur signature. La liste est alors par date.",
            "Only records dated in this school year (September to August), e.g. 2025-2026: placements and immersions by their start, events by their day, agreements by their signature. The list is then by date.",
        ),
        "by_date" => lang.pick(
            "Trier par date (stages, immersions, événements, conventions) plutôt que par nom.",
            "Order by date (placements, immersions, events, agreements) instead of name.",
        ),
        "reverse" => lang.pick("Les plus récentes d'abord.", "Most recent first."),
        "limit" => lang.pick(
            "Nombre de fiches au plus (50 par défaut, 500 au plus).",
            "How many records at most (50 by default, 500 at most).",
        ),
        "key" => lang.pick(
            "Son numéro, ou l'UAI d'un établissement, ou le SIRET d'une entreprise.",
            "Its number, or a school's UAI, or a company's SIRET.",
        ),
        "account" => lang.pick(
            "Le compte Unix (tel que « id -un » l'affiche).",
            "The Unix account (as 'id -un' prints it).",
        ),
        "name" => lang.pick(
            "Le nom affiché, par ex. « Claire Martin ».",
            "The display name, e.g. 'Claire Martin'.",
        ),
        "organisation" => lang.pick(
            "paris, creteil, versailles ou cpme ; obligatoire pour un coordinateur.",
            "paris, creteil, versailles or cpme; required for a coordinator.",
        ),
        "role" => lang.pick(
            "admin (gère les utilisateurs, voit tout), coordinator (lit et saisit) ou reader (lit seulement).",
            "admin (manages users, sees everything), coordinator (reads and enters data) or reader (reads only).",
        ),
        "user" => lang.pick(
            "Seulement les entrées de ce compte Unix.",
            "Only the entries of this Unix account.",
        ),
        "since" => lang.pick(
            "Seulement les entrées de ce jour ou après : 28/11/2026, 28/11, 2026-11-28 ou -7 (il y a une semaine).",
            "Only the entries of this day or later: 28/11/2026, 28/11, 2026-11-28 or -7 (a week ago).",
        ),
        "audit_limit" => lang.pick(
            "Nombre d'entrées au plus (50 par défaut, 10 000 au plus).",
            "How many entries at most (50 by default, 10,000 at most).",
        ),
        "reveal" => lang.pick(
            "Afficher en clair les champs protégés d'une fiche confidentielle (administrateurs et coordinateurs de l'organisation propriétaire ; noté au journal). Vers un fichier, un tube ou en JSON, il faut aussi un consentement à l'export.",
            "Show a confidential record's protected fields in clear (administrators and coordinators of the owning organisation; written in the audit trail). To a file, a pipe or as JSON, consent to export is needed too.",
        ),
        "by" => lang.pick(
            "Qui a consenti : la personne, ou son responsable légal pour un mineur.",
            "Who consented: the person, or their legal guardian for a minor.",
        ),
        "on" => lang.pick(
            "Le jour du consentement (aujourd'hui par défaut) : 28/11/2026, 28/11, 2026-11-28 ou -3.",
            "The day of the consent (today by default): 28/11/2026, 28/11, 2026-11-28 or -3.",
        ),
        "uses" => lang.pick(
            "Les usages consentis, séparés par des virgules : export, rapport, partage.",
            "The uses consented to, comma-separated: export, report, sharing.",
        ),
        "withdraw" => lang.pick("Retirer le consentement.", "Withdraw the consent."),
        "report_year" => lang.pick(
            "L'année scolaire du bilan, par ex. 2025-2026 (par défaut la dernière année terminée) ; l'année précédente est donnée en comparaison.",
            "The school year reported on, e.g. 2025-2026 (by default the last year that is over); the year before is given for comparison.",
        ),
        "report_format" => lang.pick(
            "md (Markdown, à retoucher ; par défaut), html (un seul fichier avec graphiques, prêt à imprimer en A4) ou csv (les tableaux seuls). Sans --format, l'extension du fichier de --output décide.",
            "md (Markdown, to edit; the default), html (one file with charts, ready to print on A4) or csv (the tables alone). Without --format, the extension of the --output file decides.",
        ),
        "report_output" => lang.pick(
            "Écrire le bilan dans ce fichier plutôt que sur la sortie standard.",
            "Write the report to this file instead of standard output.",
        ),
        "demo_dry_run" => lang.pick(
            "Avec --remove : seulement dire combien de fiches seraient retirées et lesquelles seraient gardées ; rien n'est modifié.",
            "With --remove: only say how many records would be removed and which would be kept; nothing is changed.",
        ),
        "dry_run" => lang.pick(
            "Seulement dire quels apprenants seraient anonymisés (numéro et année de dernière activité, jamais le nom) ; rien n'est modifié.",
            "Only say which learners would be anonymised (number and year of last activity, never the name); nothing is changed.",
        ),
        "after_school_years" => lang.pick(
            "N : garder les données N années scolaires après la dernière activité (1 à 100). Par défaut purge_after_school_years du fichier de configuration, sinon 2.",
            "N: keep the data N school years after the last activity (1 to 100). Defaults to purge_after_school_years in the configuration file, else 2.",
        ),
        "subject_access" => lang.pick(
            "Pour un apprenant : tout ce que la base détient sur lui (droit d'accès), champs protégés en clair, avec ses stages, les entrées du journal et les brouillons. Administrateurs seulement ; inscrit au journal.",
            "For a learner: everything the store holds on them (subject access), protected fields in clear, with their placements, audit entries and drafts. Administrators only; recorded in the audit trail.",
        ),
        "direct" => lang.pick(
            "Ouvrir la base dans ce processus plutôt que par son serveur : pour une personne seule ; refusé tant qu'un serveur la tient.",
            "Open the store in this process rather than through its server: for one person alone; refused while a server holds it.",
        ),
        "exit_when_idle" => lang.pick(
            "S'arrêter après tant de secondes sans client (par défaut : jamais).",
            "Exit after this many seconds without a client (default: never).",
        ),
        "detach" => lang.pick(
            "Quitter la session du terminal (serveur lancé par une commande).",
            "Leave the terminal's session (a server started by a command).",
        ),
        "format" => lang.pick(
            "csv (par défaut) ou json.",
            "csv (default) or json.",
        ),
        "excel" => lang.pick(
            "Un CSV que les tableurs français ouvrent correctement : BOM UTF-8, « ; », dates JJ/MM/AAAA, fins de ligne CRLF, SIRET et téléphones espacés pour rester du texte.",
            "A CSV French spreadsheets open correctly: UTF-8 BOM, ';', dates DD/MM/YYYY, CRLF line ends, SIRETs and phones spaced so they stay text.",
        ),
        "output" => lang.pick(
            "Écrire dans ce fichier (écrit à côté puis renommé) plutôt que sur la sortie standard.",
            "Write to this file (written beside it, then renamed) instead of standard output.",
        ),
        "report_excel" => lang.pick(
            "Avec le format csv : pour un tableur français (BOM, « ; », virgule décimale).",
            "With the csv format: for French spreadsheets (BOM, ';', decimal comma).",
        ),
        "backup_file" => lang.pick(
            "Le fichier de sauvegarde à écrire (remplacé s'il existe ; lisible par vous seul).",
            "The backup file to write (replaced if it exists; readable by you alone).",
        ),
        "restore_file" => lang.pick(
            "Le fichier de sauvegarde à restaurer.",
            "The backup file to restore.",
        ),
        "salvage_from" => lang.pick(
            "Le dossier de la base endommagée (de préférence sa copie), le serveur arrêté.",
            "The damaged store's directory (preferably its copy), with the server stopped.",
        ),
        "import_format" => lang.pick(
            "annuaire, sirene ou csv (suivi de la sorte de fiche).",
            "annuaire, sirene or csv (followed by the kind of record).",
        ),
        "import_target" => lang.pick(
            "Le fichier ; après csv, la sorte de fiche (school, company, contact, learner, placement, immersion, event, agreement).",
            "The file; after csv, the kind of record (school, company, contact, learner, placement, immersion, event, agreement).",
        ),
        "import_file" => lang.pick("Le fichier, après csv SORTE.", "The file, after csv KIND."),
        "import_academie" => lang.pick(
            "annuaire, sirene : seulement ces académies, séparées par des virgules (paris,creteil,versailles).",
            "annuaire, sirene: only these académies, comma-separated (paris,creteil,versailles).",
        ),
        "departement" => lang.pick(
            "annuaire, sirene : seulement ces départements, séparés par des virgules (75,93 ou 094).",
            "annuaire, sirene: only these départements, comma-separated (75,93 or 094).",
        ),
        "unites_legales" => lang.pick(
            "sirene : le fichier StockUniteLegale, d'où viennent les noms des entreprises (jointure sur le SIREN).",
            "sirene: the StockUniteLegale file, where the companies' names come from (joined on the SIREN).",
        ),
        "import_all" => lang.pick(
            "sirene : aussi les établissements fermés (par défaut, seulement les actifs).",
            "sirene: closed establishments too (by default, only active ones).",
        ),
        "import_dry_run" => lang.pick(
            "Dire ce qui serait créé, mis à jour, inchangé et rejeté, sans rien écrire.",
            "Say what would be created, updated, unchanged and rejected, writing nothing.",
        ),
        "overwrite" => lang.pick(
            "Remplacer aussi les valeurs saisies par des coordinateurs (sinon seuls leurs champs vides sont remplis).",
            "Replace values typed by coordinators too (otherwise only their empty fields are filled).",
        ),
        "all_or_nothing" => lang.pick(
            "N'importer rien si une ligne est rejetée (le fichier est d'abord vérifié en entier).",
            "Import nothing if any row is rejected (the whole file is checked first).",
        ),
        "help" => lang.pick("Afficher l'aide.", "Print help."),
        "version" => lang.pick("Afficher la version.", "Print the version."),
        _ => "",
    }
}

/// Section headings of the help.
/// A section's heading; clap writes a colon after it, so the French one
/// ends with the space French puts before a colon.
pub fn heading(which: Heading, lang: Lang) -> &'static str {
    match which {
        Heading::Commands => lang.pick("Commandes ", "Commands"),
        Heading::Arguments => lang.pick("Arguments ", "Arguments"),
        Heading::Options => lang.pick("Options ", "Options"),
    }
}

/// What stands for a value in the usage line (`<PATH>`, `<KIND>`): in
/// French, the French word.
pub fn value_name(name: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return name.to_owned();
    }
    fn french(word: &str) -> &str {
        match word {
            "ACADEMIES" => "ACADÉMIES",
            "ACADEMIE" => "ACADÉMIE",
            "ACCOUNT" => "COMPTE",
            "COMMAND" => "COMMANDE",
            "FILE" => "FICHIER",
            "KEY" => "CLÉ",
            "KIND" => "SORTE",
            "LANG" => "LANGUE",
            "LIMIT" => "NOMBRE",
            "NAME" => "NOM",
            "ORG" => "ORGANISATION",
            "PATH" => "CHEMIN",
            "ROLE" => "RÔLE",
            "SECONDS" => "SECONDES",
            "SIZE" => "TAILLE",
            "SEED" => "GRAINE",
            "STATUS" => "STATUT",
            "TEXT" => "TEXTE",
            "USES" => "USAGES",
            "YEAR" => "ANNÉE",
            "BY" => "PAR",
            "ON" => "LE",
            "FOR" => "POUR",
            "FORMAT" => "FORMAT",
            "DATE" => "DATE",
            other => other,
        }
    }
    name.split(':').map(french).collect::<Vec<_>>().join(":")
}

/// An option's variable of the environment, after its help.
pub fn environment_variable(variable: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(" [variable d'environnement : {variable}]"),
        Lang::En => format!(" [environment variable: {variable}]"),
    }
}

/// What went wrong on the command line, as clap found it; the usage line
/// and where to read more follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineProblem {
    UnknownCommand {
        typed: String,
        suggested: Option<String>,
    },
    UnknownOption {
        typed: String,
        suggested: Option<String>,
    },
    Missing(Vec<String>),
    BadValue {
        value: String,
        option: String,
        possible: Vec<String>,
    },
    Conflict {
        option: String,
        other: Option<String>,
    },
    NoCommand,
    /// An argument that is not UTF-8 where a word is expected (file names
    /// may be any bytes).
    NotUtf8,
    Other,
}

pub fn line_problem(problem: &LineProblem, lang: Lang) -> String {
    let maybe = |suggested: &Option<String>| match (suggested, lang) {
        (Some(word), Lang::Fr) => format!(" Vouliez-vous dire « {word} » ?"),
        (Some(word), Lang::En) => format!(" Did you mean '{word}'?"),
        (None, _) => String::new(),
    };
    match (problem, lang) {
        (LineProblem::UnknownCommand { typed, suggested }, Lang::Fr) => {
            format!("Commande inconnue : « {typed} ».{}", maybe(suggested))
        }
        (LineProblem::UnknownCommand { typed, suggested }, Lang::En) => {
            format!("Unknown command: '{typed}'.{}", maybe(suggested))
        }
        (LineProblem::UnknownOption { typed, suggested }, Lang::Fr) => {
            format!("Option inconnue : « {typed} ».{}", maybe(suggested))
        }
        (LineProblem::UnknownOption { typed, suggested }, Lang::En) => {
            format!("Unknown option: '{typed}'.{}", maybe(suggested))
        }
        (LineProblem::Missing(what), Lang::Fr) => {
            format!("Il manque : {}.", what.join(", "))
        }
        (LineProblem::Missing(what), Lang::En) => format!("Missing: {}.", what.join(", ")),
        (
            LineProblem::BadValue {
                value,
                option,
                possible,
            },
            Lang::Fr,
        ) if possible.is_empty() => {
            format!("« {value} » n'est pas une valeur acceptée pour {option} (voir --help).")
        }
        (
            LineProblem::BadValue {
                value,
                option,
                possible,
            },
            Lang::Fr,
        ) => format!(
            "« {value} » n'est pas une valeur acceptée pour {option} ; possibles : {}.",
            possible.join(", ")
        ),
        (
            LineProblem::BadValue {
                value,
                option,
                possible,
            },
            Lang::En,
        ) if possible.is_empty() => {
            format!("'{value}' is not a value {option} accepts (see --help).")
        }
        (
            LineProblem::BadValue {
                value,
                option,
                possible,
            },
            Lang::En,
        ) => format!(
            "'{value}' is not a value {option} accepts; possible: {}.",
            possible.join(", ")
        ),
        (LineProblem::Conflict { option, other }, Lang::Fr) => match other {
            Some(other) => format!("{option} ne va pas avec {other}."),
            None => format!("{option} ne va pas avec ce qui est donné."),
        },
        (LineProblem::Conflict { option, other }, Lang::En) => match other {
            Some(other) => format!("{option} cannot be used with {other}."),
            None => format!("{option} cannot be used with what is given."),
        },
        (LineProblem::NoCommand, Lang::Fr) => "Il manque la commande.".to_owned(),
        (LineProblem::NoCommand, Lang::En) => "The command is missing.".to_owned(),
        (LineProblem::NotUtf8, Lang::Fr) => "Un argument n'est pas un texte lisible (UTF-8) : seuls les noms de fichiers peuvent contenir d'autres octets. Retapez-le, ou vérifiez l'encodage de votre terminal.".to_owned(),
        (LineProblem::NotUtf8, Lang::En) => "An argument is not readable text (UTF-8): only file names may hold other bytes. Type it again, or check your terminal's encoding.".to_owned(),
        (LineProblem::Other, Lang::Fr) => "Ligne de commande incorrecte.".to_owned(),
        (LineProblem::Other, Lang::En) => "The command line is wrong.".to_owned(),
    }
}

/// After the usage line of a command line refused.
pub fn more_help(command: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("Pour en savoir plus : {command} --help"),
        Lang::En => format!("For more: {command} --help"),
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Heading {
    Commands,
    Arguments,
    Options,
}

/// The layout of a help page.
pub fn template(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}",
        Lang::En => "{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}",
    }
}
