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
        History => lang.pick(
            "Historique de la fiche (journal d'audit)",
            "History of the record (audit trail)",
        ),
        Compare => lang.pick(
            "Comparer avec l'année précédente (ou revenir à l'année)",
            "Compare with the year before (or back to the year alone)",
        ),
        Filter => lang.pick("Filtrer la liste", "Filter the list"),
        ClearFilter => lang.pick("Effacer le filtre", "Clear the filter"),
        SortNext => lang.pick("Trier par la colonne suivante", "Sort by the next column"),
        SortReverse => lang.pick("Inverser l'ordre", "Reverse the order"),
        NextAcademie => lang.pick("Académie suivante", "Next académie"),
        NextStatus => lang.pick("Statut suivant", "Next status"),
        NextSchoolYear => lang.pick("Année scolaire suivante", "Next school year"),
        Submit => lang.pick("Valider", "Confirm"),
        Cancel => lang.pick("Abandonner la saisie", "Drop what was typed"),
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
        NewRecord => lang.pick("Nouvelle fiche", "New record"),
        Edit => lang.pick("Modifier la fiche", "Edit the record"),
        Delete => lang.pick("Supprimer la fiche", "Delete the record"),
        Reveal => lang.pick(
            "Révéler les champs protégés (noté au journal)",
            "Reveal the protected fields (audited)",
        ),
        Consent => lang.pick(
            "Consentement : qui, quand, pour quels usages (noté au journal)",
            "Consent: who, when, for which uses (audited)",
        ),
        WithdrawConsent => lang.pick(
            "Retirer le consentement (avec une question, noté au journal)",
            "Withdraw the consent (after a question, audited)",
        ),
        Undo => lang.pick("Défaire la dernière modification", "Undo the last change"),
        AdvanceStatus => lang.pick("Passer au statut suivant", "On to the next status"),
        CancelRecord => lang.pick("Annuler (avec un motif)", "Cancel (with a reason)"),
        Evaluate => lang.pick("Évaluer l'immersion", "Evaluate the immersion"),
        ToggleMark => lang.pick(
            "Marquer la fiche (pour agir sur plusieurs)",
            "Mark the record (to act on several)",
        ),
        Save => lang.pick("Enregistrer", "Save"),
        NextField => lang.pick("Champ suivant", "Next field"),
        PreviousField => lang.pick("Champ précédent", "Previous field"),
        NewLine => lang.pick(
            "Nouvelle ligne (notes, listes d'une entrée par ligne)",
            "New line (notes, lists of one entry a line)",
        ),
        LineUp => lang.pick(
            "Ligne précédente, ou champ précédent",
            "Line above, or the previous field",
        ),
        LineDown => lang.pick(
            "Ligne suivante, ou champ suivant",
            "Line below, or the next field",
        ),
        Pick => lang.pick("Choisir la fiche liée", "Choose the linked record"),
        Swap => lang.pick(
            "Prendre la valeur enregistrée entre-temps (ou revenir à la vôtre)",
            "Take the value saved meanwhile (or go back to yours)",
        ),
        Yes => lang.pick("Oui", "Yes"),
        No => lang.pick("Non", "No"),
        Discard => lang.pick("Abandonner les modifications", "Discard the changes"),
        Disabled => lang.pick("Désactivée", "Disabled"),
    }
}
