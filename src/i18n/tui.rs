//! The words of the full-screen interface.

use crate::domain::Kind;
use crate::i18n::labels::kind_plural;
use crate::i18n::{Lang, count};
use crate::tui::app::command::Verb;
use crate::tui::keymap::Mode;

/// A fixed phrase of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    Dashboard,
    Loading,
    Searching,
    PlacementsPerMonth,
    AllPending,
    AllAwaiting,
    Nothing,
    CountsByAcademie,
    Filter,
    Academie,
    Status,
    SchoolYear,
    Sort,
    All,
    Ascending,
    Descending,
    Row,
    Links,
    LinkedRecords,
    FinderTitle,
    FinderHint,
    NoMatch,
    MessagesTitle,
    NoMessage,
    MoreMessage,
    CommandTitle,
    HelpHint,
    HintHelp,
    HintCommand,
    HintFind,
    HintQuit,
    HintFilter,
    HintKeep,
    HintNextField,
    HintSave,
    HintPick,
    HintChoose,
    HintEdit,
    HintHistory,
    HintNew,
    AllStatuses,
    HintOpen,
    HintBack,
    ChordWaiting,
    LinkedTo,
    Confidential,
    Revealed,
    HintReveal,
    HintConsent,
    HintCompare,
}

impl Words {
    pub fn text(self, lang: Lang) -> &'static str {
        use Words::*;
        match self {
            Dashboard => lang.pick("Tableau de bord", "Dashboard"),
            Loading => lang.pick("Chargement…", "Loading…"),
            Searching => lang.pick("Recherche…", "Searching…"),
            PlacementsPerMonth => lang.pick("Stages par mois", "Placements by month"),
            AllPending => lang.pick("Tous les stages en attente →", "All pending placements →"),
            AllAwaiting => lang.pick(
                "Toutes les immersions à évaluer →",
                "All immersions to evaluate →",
            ),
            Nothing => lang.pick("Rien pour l'instant.", "Nothing for now."),
            CountsByAcademie => lang.pick("Fiches par académie", "Records by académie"),
            Filter => lang.pick("Filtre", "Filter"),
            Academie => lang.pick("Académie", "Académie"),
            Status => lang.pick("Statut", "Status"),
            SchoolYear => lang.pick("Année", "Year"),
            Sort => lang.pick("Tri", "Sort"),
            All => lang.pick("toutes", "all"),
            Ascending => "▲",
            Descending => "▼",
            Row => lang.pick("ligne", "row"),
            Links => lang.pick("Liens", "Links"),
            LinkedRecords => lang.pick("Fiches rattachées", "Linked records"),
            FinderTitle => lang.pick("Chercher une fiche", "Find a record"),
            FinderHint => lang.pick(
                "Quelques lettres du nom (« lyc volt »), un UAI ou un SIRET",
                "A few letters of the name ('lyc volt'), a UAI or a SIRET",
            ),
            NoMatch => lang.pick("Aucune fiche ne correspond.", "No record matches."),
            MessagesTitle => lang.pick(
                "Messages de la session (le dernier en bas) · Échap pour fermer",
                "This session's messages (the latest at the bottom) · Esc to close",
            ),
            NoMessage => lang.pick("Aucun message pour l'instant.", "No message yet."),
            MoreMessage => lang.pick("… la suite : :messages", "… the rest: :messages"),
            CommandTitle => lang.pick("Commande", "Command"),
            HelpHint => lang.pick("Tapez pour filtrer", "Type to filter"),
            HintHelp => lang.pick("aide", "help"),
            HintCommand => lang.pick("commande", "command"),
            HintFind => lang.pick("chercher", "find"),
            HintQuit => lang.pick("quitter", "quit"),
            HintFilter => lang.pick("filtrer", "filter"),
            HintKeep => lang.pick("garder le filtre", "keep the filter"),
            HintNextField => lang.pick("champ suivant", "next field"),
            HintSave => lang.pick("enregistrer", "save"),
            HintPick => lang.pick("choisir la fiche liée", "choose the linked record"),
            HintChoose => lang.pick("choisir", "choose"),
            HintEdit => lang.pick("modifier", "edit"),
            HintHistory => lang.pick("historique", "history"),
            HintNew => lang.pick("nouvelle", "new"),
            AllStatuses => lang.pick("tous", "all"),
            HintOpen => lang.pick("ouvrir", "open"),
            HintBack => lang.pick("retour", "back"),
            ChordWaiting => lang.pick("suite de la touche :", "continues with:"),
            LinkedTo => lang.pick("de", "of"),
            Confidential => lang.pick("confidentiel", "confidential"),
            Revealed => lang.pick("révélé, noté au journal", "revealed, audited"),
            HintReveal => lang.pick("révéler", "reveal"),
            HintConsent => lang.pick("consentement", "consent"),
            HintCompare => lang.pick("comparer à l'an passé", "compare with last year"),
        }
    }
}

/// A kind in a narrow column heading.
pub fn short_kind(lang: Lang, kind: Kind) -> &'static str {
    match kind {
        Kind::School => lang.pick("Étab.", "Schools"),
        Kind::Company => lang.pick("Entr.", "Firms"),
        Kind::Placement => lang.pick("Stages", "Plac."),
        Kind::Immersion => lang.pick("Immers.", "Imm."),
        Kind::Event => lang.pick("Évén.", "Events"),
        Kind::Contact => lang.pick("Contacts", "Contacts"),
        Kind::Learner => lang.pick("Appr.", "Learn."),
        Kind::Agreement => lang.pick("Conv.", "Agr."),
    }
}

/// The name of a mode, in the help's title.
pub fn mode_name(lang: Lang, mode: Mode) -> &'static str {
    match mode {
        Mode::Global => lang.pick("partout", "everywhere"),
        Mode::Dashboard => lang.pick("tableau de bord", "dashboard"),
        Mode::List => lang.pick("liste", "list"),
        Mode::Detail => lang.pick("fiche", "record"),
        Mode::History => lang.pick("historique", "history"),
        Mode::Report => lang.pick("bilan annuel", "yearly report"),
        Mode::Filter => lang.pick("filtre", "filter"),
        Mode::Command => lang.pick("commande", "command"),
        Mode::Finder => lang.pick("recherche", "finder"),
        Mode::Help => lang.pick("aide", "help"),
        Mode::Form => lang.pick("formulaire", "form"),
        Mode::Picker => lang.pick("choix d'une fiche", "picker"),
        Mode::Confirm => lang.pick("question", "question"),
    }
}

/// A list's heading: "Stages", capitalised.
pub fn list_title(lang: Lang, kind: Kind) -> String {
    let plural = kind_plural(kind, lang);
    let mut chars = plural.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "1 234 sur 4 567", "40+ sur 4 567" when the count is not known.
pub fn of_total(lang: Lang, shown: Option<u64>, held: u64, total: u64) -> String {
    let shown = match shown {
        Some(known) => count(lang, known),
        None => format!("{}+", count(lang, held)),
    };
    match lang {
        Lang::Fr => format!("{shown} sur {}", count(lang, total)),
        Lang::En => format!("{shown} of {}", count(lang, total)),
    }
}

/// "Tous (134) →": every record of a kind pointing at this one.
pub fn all_of(lang: Lang, kind: Kind, total: usize) -> String {
    format!(
        "{} ({}) →",
        match lang {
            Lang::Fr => format!("Voir la liste des {}", kind_plural(kind, lang)),
            Lang::En => format!("See the list of {}", kind_plural(kind, lang)),
        },
        count(lang, total as u64)
    )
}

/// The terminal is smaller than the interface needs.
pub fn too_small(lang: Lang, width: u16, height: u16, min_width: u16, min_height: u16) -> String {
    match lang {
        Lang::Fr => format!(
            "Fenêtre trop petite ({width}×{height}) : agrandissez-la à {min_width}×{min_height} au moins. q pour quitter."
        ),
        Lang::En => format!(
            "Window too small ({width}×{height}): make it at least {min_width}×{min_height}. q to quit."
        ),
    }
}

pub fn no_status(lang: Lang, kind: Kind) -> String {
    match lang {
        Lang::Fr => format!(
            "Les {} n'ont pas de statut à filtrer.",
            kind_plural(kind, lang)
        ),
        Lang::En => format!("{} have no status to filter on.", list_title(lang, kind)),
    }
}

/// `s` on a list that has one order.
pub fn one_order(lang: Lang, kind: Kind, column: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "Les {} se trient sur la colonne « {column} » seulement, à l'endroit ou à l'envers.",
            kind_plural(kind, lang)
        ),
        Lang::En => format!(
            "{} sort by the '{column}' column only, one way or the other.",
            list_title(lang, kind)
        ),
    }
}

/// The order a list has taken.
pub fn sorted_by(lang: Lang, column: &str, descending: bool) -> String {
    match (lang, descending) {
        // The column's header quoted: « signée le » is no noun.
        (Lang::Fr, false) => format!("Trié sur la colonne « {column} », dans l'ordre croissant."),
        (Lang::Fr, true) => format!("Trié sur la colonne « {column} », dans l'ordre décroissant."),
        (Lang::En, false) => format!("Sorted by the '{column}' column, ascending."),
        (Lang::En, true) => format!("Sorted by the '{column}' column, descending."),
    }
}

pub fn no_dates(lang: Lang, kind: Kind) -> String {
    match lang {
        Lang::Fr => format!(
            "Les {} n'ont pas de date : pas de filtre par année scolaire.",
            kind_plural(kind, lang)
        ),
        Lang::En => format!(
            "{} have no date: no school-year filter.",
            list_title(lang, kind)
        ),
    }
}

/// What "pending" placements are called.
pub fn pending_name(lang: Lang) -> &'static str {
    lang.pick("en attente", "pending")
}

/// The word for "pending" placements, in the command line's completion.
pub fn pending_word(lang: Lang) -> &'static str {
    lang.pick(
        "en attente (demandé, entreprise proposée, convention signée)",
        "pending (requested, company proposed, agreement signed)",
    )
}

/// What a school year offered to `:report` is.
pub fn report_year_description(lang: Lang, year: &str, today: chrono::NaiveDate) -> String {
    let current = crate::domain::dates::SchoolYear::containing(today).to_string();
    let last_over = crate::domain::dates::SchoolYear::containing(today)
        .previous()
        .to_string();
    if year == current {
        lang.pick("l'année en cours", "the year under way").into()
    } else if year == last_over {
        lang.pick("la dernière année terminée", "the last year over")
            .into()
    } else {
        lang.pick("une année passée", "a past year").into()
    }
}

pub fn command_description(lang: Lang, verb: Verb) -> String {
    match verb {
        Verb::Quit => lang.pick("quitter passerelle", "quit passerelle").into(),
        Verb::Import => lang
            .pick(
                "importer un fichier : annuaire CHEMIN, sirene CHEMIN, csv SORTE CHEMIN (--dry-run)",
                "import a file: annuaire PATH, sirene PATH, csv KIND PATH (--dry-run)",
            )
            .into(),
        Verb::Dashboard => lang.pick("le tableau de bord", "the dashboard").into(),
        Verb::Messages => lang
            .pick(
                "relire les messages de la session",
                "read this session's messages again",
            )
            .into(),
        Verb::Help => lang.pick("les touches", "the keys").into(),
        Verb::Find => lang
            .pick("chercher une fiche par son nom", "find a record by name")
            .into(),
        Verb::Uai => lang
            .pick("l'établissement de cet UAI", "the school with this UAI")
            .into(),
        Verb::Siret => lang
            .pick("l'entreprise de ce SIRET", "the company with this SIRET")
            .into(),
        Verb::Report => lang
            .pick(
                "le bilan annuel d'une année scolaire",
                "the yearly report on a school year",
            )
            .into(),
        Verb::List(kind) => match lang {
            Lang::Fr => format!("la liste des {}", kind_plural(kind, lang)),
            Lang::En => format!("the list of {}", kind_plural(kind, lang)),
        },
        Verb::Show(kind) => match lang {
            Lang::Fr => format!("une fiche ({}) par son numéro", kind_plural(kind, lang)),
            Lang::En => format!("one of the {} by number", kind_plural(kind, lang)),
        },
    }
}

pub fn unknown_command(lang: Lang, command: &str) -> String {
    let command = crate::tui::safe_text::safe(command);
    match lang {
        Lang::Fr => format!(
            "Commande inconnue : « {command} ». Tab propose les commandes, ? montre les touches."
        ),
        Lang::En => {
            format!("Unknown command: '{command}'. Tab offers the commands, ? shows the keys.")
        }
    }
}

pub fn unknown_status_word(lang: Lang, kind: Kind, word: &str, words: &[String]) -> String {
    let word = crate::tui::safe_text::safe(word);
    let words = words.join(", ");
    match lang {
        Lang::Fr => format!(
            "« {word} » n'est pas un statut des {} : {words}.",
            kind_plural(kind, lang)
        ),
        Lang::En => format!(
            "'{word}' is not a status of {}: {words}.",
            kind_plural(kind, lang)
        ),
    }
}

/// The short name of a month, under the bars of the chart.
pub fn month_initial(lang: Lang, month: u32) -> &'static str {
    const FR: [&str; 12] = [
        "jan", "fév", "mar", "avr", "mai", "jun", "jul", "aoû", "sep", "oct", "nov", "déc",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let index = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Fr => FR[index],
        Lang::En => EN[index],
    }
}

/// The configuration file cannot be used.
pub fn config_error(lang: Lang, path: &std::path::Path, detail: &str) -> String {
    let path = path.display();
    match lang {
        Lang::Fr => format!(
            "Fichier de configuration {path} inutilisable : {detail}\nCorrigez-le ou retirez-le (clés reconnues : lang, keymap, mouse, purge_after_school_years, server_idle_minutes)."
        ),
        Lang::En => format!(
            "Configuration file {path} cannot be used: {detail}\nFix or remove it (known keys: lang, keymap, mouse, purge_after_school_years, server_idle_minutes)."
        ),
    }
}

/// The interface needs a terminal on standard input and output.
pub fn not_a_terminal(lang: Lang) -> &'static str {
    lang.pick(
        "L'interface plein écran a besoin d'un terminal. Pour les scripts : « passerelle status », « passerelle list », « passerelle show » (voir --help).",
        "The full-screen interface needs a terminal. For scripts: 'passerelle status', 'passerelle list', 'passerelle show' (see --help).",
    )
}

/// The session ended without waiting for a server that does not answer.
fn server_silent(lang: Lang, unsaved: usize) -> String {
    let lost = match (lang, unsaved) {
        (_, 0) => String::new(),
        (Lang::Fr, 1) => " Le formulaire en cours n'a pas pu être gardé en brouillon.".to_owned(),
        (Lang::Fr, n) => {
            format!(" Les {n} formulaires en cours n'ont pas pu être gardés en brouillon.")
        }
        (Lang::En, 1) => " The form being filled in could not be kept as a draft.".to_owned(),
        (Lang::En, n) => format!(" The {n} forms being filled in could not be kept as drafts."),
    };
    match lang {
        Lang::Fr => format!(
            "Le serveur de la base ne répondait plus : l'interface s'est fermée sans l'attendre.{lost} Ce qui a été confirmé (« Enregistré ») est enregistré. Prévenez l'administrateur, qui peut redémarrer le serveur."
        ),
        Lang::En => format!(
            "The store's server no longer answered: the interface closed without waiting for it.{lost} What was confirmed ('Saved') is saved. Tell the administrator, who can restart the server."
        ),
    }
}

/// The interface stopped on a failure of the terminal or of itself.
pub fn interface_failed(lang: Lang, error: &crate::tui::TuiError) -> String {
    use crate::tui::TuiError;
    let detail = match error {
        TuiError::NotATerminal => not_a_terminal(lang).to_owned(),
        TuiError::Terminal(io) => match lang {
            Lang::Fr => format!("le terminal ne répond plus ({io})"),
            Lang::En => format!("the terminal stopped answering ({io})"),
        },
        TuiError::WorkerGone => lang
            .pick(
                "la lecture de la base s'est arrêtée",
                "reading the store stopped",
            )
            .to_owned(),
        TuiError::ServerSilent { unsaved } => return server_silent(lang, *unsaved),
    };
    match lang {
        Lang::Fr => format!(
            "L'interface s'est arrêtée : {detail}. Relancez passerelle ; si cela recommence, PASSERELLE_LOG=debug garde une trace dans le dossier d'état XDG."
        ),
        Lang::En => format!(
            "The interface stopped: {detail}. Start passerelle again; if it happens again, PASSERELLE_LOG=debug keeps a trace in the XDG state directory."
        ),
    }
}

/// The title of the help overlay.
pub fn help_title(lang: Lang, mode: Mode) -> String {
    match lang {
        Lang::Fr => format!("Aide — touches du mode « {} »", mode_name(lang, mode)),
        Lang::En => format!("Help — keys of the {} mode", mode_name(lang, mode)),
    }
}

/// The log file asked for by PASSERELLE_LOG cannot be written.
pub fn log_unavailable(lang: Lang, path: &std::path::Path, detail: &str) -> String {
    let path = path.display();
    match lang {
        Lang::Fr => format!(
            "Journal {path} impossible à écrire ({detail}) : passerelle continue sans journal."
        ),
        Lang::En => {
            format!("Log {path} cannot be written ({detail}): passerelle goes on without a log.")
        }
    }
}

/// A form's record was changed by someone else while it was being
/// edited. A consent form has no conflict to show: what it records
/// replaces the consent held.
pub fn changed_meanwhile_by(
    lang: Lang,
    account: &str,
    purpose: &crate::tui::app::form::Purpose,
) -> String {
    let account = crate::domain::text::neutralise_controls(account, true);
    match (lang, purpose) {
        (Lang::Fr, crate::tui::app::form::Purpose::Consent) => format!(
            "{account} vient de modifier cette fiche : le consentement que vous enregistrez remplacera celui qu'elle porte."
        ),
        (Lang::En, crate::tui::app::form::Purpose::Consent) => format!(
            "{account} just changed this record: the consent you record will replace the one it holds."
        ),
        (Lang::Fr, _) => format!(
            "{account} vient de modifier cette fiche : à l'enregistrement, ses valeurs s'afficheront à côté des vôtres, champ par champ."
        ),
        (Lang::En, _) => format!(
            "{account} just changed this record: on saving, their values will show beside yours, field by field."
        ),
    }
}

/// On a form's frame, until it is saved: who changed its record
/// meanwhile.
pub fn changed_meanwhile_mark(lang: Lang, account: &str) -> String {
    let account = crate::domain::text::neutralise_controls(account, true);
    match lang {
        Lang::Fr => format!(" modifiée entre-temps par {account} "),
        Lang::En => format!(" changed meanwhile by {account} "),
    }
}

/// A revealed record was changed by someone else: it is shown again,
/// masked.
pub fn changed_while_revealed(lang: Lang, account: &str) -> String {
    let account = crate::domain::text::neutralise_controls(account, true);
    match lang {
        Lang::Fr => format!(
            "{account} vient de modifier cette fiche : elle est relue, masquée ; révélez-la à nouveau si besoin."
        ),
        Lang::En => format!(
            "{account} just changed this record: it is read again, masked; reveal it again if needed."
        ),
    }
}

pub fn import_usage(lang: Lang) -> String {
    lang.pick(
        ":import annuaire CHEMIN, :import sirene CHEMIN ou :import csv SORTE CHEMIN (avec --dry-run pour simuler, --overwrite pour remplacer les saisies).",
        ":import annuaire PATH, :import sirene PATH or :import csv KIND PATH (with --dry-run to simulate, --overwrite to replace what was typed).",
    )
    .into()
}

pub fn import_started(lang: Lang, file: &str) -> String {
    let file = crate::domain::text::neutralise_controls(file, true);
    match lang {
        Lang::Fr => format!("Import de {file} en cours…"),
        Lang::En => format!("Importing {file}…"),
    }
}

pub fn import_busy(lang: Lang) -> String {
    lang.pick(
        "Un import est déjà en cours ; attendez sa fin.",
        "An import is already running; wait for it to end.",
    )
    .into()
}
