//! What each action does, as the help overlay lists it next to its keys.

use crate::i18n::Lang;
use crate::tui::keymap::Action;

pub fn description(action: Action, lang: Lang) -> &'static str {
    use Action::*;
    match action {
        Quit => lang.pick("Quitter", "Quit"),
        Help => lang.pick("Aide", "Help"),
        CommandLine => lang.pick("Ligne de commande", "Command line"),
        Finder => lang.pick("Chercher une fiche par son nom", "Find a record by name"),
        Back => lang.pick("Retour", "Back"),
        GoDashboard => lang.pick("Tableau de bord", "Dashboard"),
        Refresh => lang.pick("Actualiser", "Refresh"),
        Up => lang.pick("Monter", "Up"),
        Down => lang.pick("Descendre", "Down"),
        PageUp => lang.pick("Page précédente", "Previous page"),
        PageDown => lang.pick("Page suivante", "Next page"),
        HalfPageUp => lang.pick("Remonter d'une demi-page", "Half a page up"),
        HalfPageDown => lang.pick("Descendre d'une demi-page", "Half a page down"),
        First => lang.pick("Au début", "To the top"),
        Last => lang.pick("À la fin", "To the bottom"),
        NextPanel => lang.pick("Panneau suivant", "Next panel"),
        PreviousPanel => lang.pick("Panneau précédent", "Previous panel"),
        Open => lang.pick("Ouvrir", "Open"),
        Filter => lang.pick("Filtrer la liste", "Filter the list"),
        ClearFilter => lang.pick("Effacer le filtre", "Clear the filter"),
        SortNext => lang.pick("Trier par la colonne suivante", "Sort by the next column"),
        SortReverse => lang.pick("Inverser l'ordre", "Reverse the order"),
        NextAcademie => lang.pick("Académie suivante", "Next académie"),
        NextStatus => lang.pick("Statut suivant", "Next status"),
        NextSchoolYear => lang.pick("Année scolaire suivante", "Next school year"),
        Submit => lang.pick("Valider", "Confirm"),
        Cancel => lang.pick("Annuler", "Cancel"),
        DeleteBack => lang.pick(
            "Effacer le caractère avant le curseur",
            "Delete the character before the cursor",
        ),
        DeleteForward => lang.pick(
            "Effacer le caractère sous le curseur",
            "Delete the character under the cursor",
        ),
        DeleteWord => lang.pick("Effacer le mot précédent", "Delete the previous word"),
        ClearLine => lang.pick("Effacer la saisie", "Clear the line"),
        CursorLeft => lang.pick("Curseur à gauche", "Cursor left"),
        CursorRight => lang.pick("Curseur à droite", "Cursor right"),
        CursorStart => lang.pick("Curseur au début", "Cursor to the start"),
        CursorEnd => lang.pick("Curseur à la fin", "Cursor to the end"),
        Complete => lang.pick("Compléter", "Complete"),
        CompletePrevious => lang.pick("Complétion précédente", "Previous completion"),
        Disabled => lang.pick("Désactivée", "Disabled"),
    }
}
