//! The words of data entry: forms, questions, drafts, undo.

use crate::domain::Kind;
use crate::domain::academie::Organisation;
use crate::domain::draft::Draft;
use crate::domain::forms::InputKind;
use crate::domain::records::{LinkRole, Record};
use crate::domain::validation::Field;
use crate::i18n::labels::{Label, kind_plural};
use crate::i18n::{Lang, count, date, date_time, long_date};
use crate::service::describe::Described;
use crate::tui::app::confirm::Question;
use crate::tui::app::form::Purpose;

/// A fixed phrase of data entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editing {
    SavedMeanwhile,
    Saving,
    AnswerSave,
    AnswerDiscard,
    AnswerGoOn,
    AnswerQuit,
    AnswerQuitAnyway,
    AnswerResume,
    AnswerDiscardDraft,
    AnswerLater,
    AnswerYes,
    AnswerNo,
    Question,
}

impl Editing {
    pub fn text(self, lang: Lang) -> &'static str {
        use Editing::*;
        match self {
            SavedMeanwhile => lang.pick("enregistré entre-temps :", "saved meanwhile:"),
            Saving => lang.pick("Enregistrement…", "Saving…"),
            AnswerSave => lang.pick("enregistrer", "save"),
            AnswerDiscard => lang.pick("abandonner les modifications", "discard the changes"),
            AnswerGoOn => lang.pick("continuer la saisie", "go on editing"),
            AnswerQuit => lang.pick(
                "quitter (le brouillon est gardé)",
                "quit (the draft is kept)",
            ),
            AnswerQuitAnyway => lang.pick("quitter", "quit"),
            AnswerResume => lang.pick("reprendre", "resume"),
            AnswerDiscardDraft => lang.pick("jeter ce brouillon", "discard this draft"),
            AnswerLater => lang.pick("plus tard", "later"),
            AnswerYes => lang.pick("oui", "yes"),
            AnswerNo => lang.pick("non", "no"),
            Question => lang.pick("Question", "Question"),
        }
    }
}

/// A record a link points at, as a form shows it: its name, then what
/// tells it from its namesakes (« Camille Martin · 2nde, Lycée Voltaire
/// (0750001U) »), 🔒 when confidential.
pub fn link_name(lang: Lang, described: &Described) -> String {
    use crate::domain::records::ContactOrganisation;
    let linked = |role: LinkRole| {
        described
            .links
            .iter()
            .find(|link| link.role == Some(role))
            .map(|link| link.label.clone())
    };
    let context = match &described.record {
        Record::School(school) => Some(school.commune.clone()),
        Record::Company(company) => Some(company.commune.clone()),
        Record::Contact(contact) => {
            let organisation = match contact.organisation {
                ContactOrganisation::School(_) | ContactOrganisation::Company(_) => {
                    linked(LinkRole::Organisation)
                }
                ContactOrganisation::Service { service, academie } => {
                    Some(format!("{} {}", service.label(lang), academie.label(lang)))
                }
                ContactOrganisation::Cpme => Some("CPME Île-de-France".to_owned()),
            };
            Some(match organisation {
                Some(organisation) => format!("{}, {organisation}", contact.role.label(lang)),
                None => contact.role.label(lang).to_owned(),
            })
        }
        Record::Learner(learner) => Some(match linked(LinkRole::School) {
            Some(school) => format!("{}, {school}", learner.level.label(lang)),
            None => learner.level.label(lang).to_owned(),
        }),
        Record::Placement(placement) => Some(format!(
            "{}, {}",
            placement.kind.label(lang),
            date(lang, placement.start)
        )),
        Record::Immersion(immersion) => Some(match linked(LinkRole::Company) {
            Some(company) => format!("{company}, {}", date(lang, immersion.start)),
            None => date(lang, immersion.start),
        }),
        Record::Event(event) => Some(date(lang, event.date)),
        Record::Agreement(agreement) => Some(match agreement.signed_on {
            Some(day) => format!("{}, {}", agreement.kind.label(lang), date(lang, day)),
            None => agreement.kind.label(lang).to_owned(),
        }),
    }
    .filter(|context| !context.is_empty());
    let lock = if described.record.meta().confidentiality.confidential {
        " 🔒"
    } else {
        ""
    };
    match context {
        Some(context) => format!("{}{lock} · {context}", described.label),
        None => format!("{}{lock}", described.label),
    }
}

/// One of a learner's placements on her record, where her name would
/// tell nothing: its kind, company, start and status.
pub fn placement_of_the_learner(lang: Lang, described: &Described) -> Option<String> {
    let Record::Placement(placement) = &described.record else {
        return None;
    };
    let company = described
        .links
        .iter()
        .find(|link| link.role == Some(LinkRole::Company))
        .map(|link| link.label.clone())
        .unwrap_or_else(|| lang.pick("sans entreprise", "no company").to_owned());
    let lock = if placement.meta.confidentiality.confidential {
        " 🔒"
    } else {
        ""
    };
    Some(format!(
        "{}{lock} · {company} · {} · {}",
        placement.kind.label(lang),
        date(lang, placement.start),
        placement.status.label(lang)
    ))
}

/// A link whose record is not there (deleted, or a number typed that
/// names none).
pub fn link_missing(lang: Lang, kind: Kind, id: u64) -> String {
    match lang {
        Lang::Fr => format!("aucune fiche « {} » n° {id}", kind.label(lang)),
        Lang::En => format!("no {} no. {id}", kind.label(lang)),
    }
}

/// Who sees a confidential record's protected fields: « les
/// administrateurs et les coordinateurs de la CPME Île-de-France ».
fn who_sees(lang: Lang, owner: Option<Organisation>) -> String {
    match (lang, owner) {
        (Lang::Fr, None) => "les administrateurs".to_owned(),
        (Lang::Fr, Some(Organisation::CpmeIdf)) => {
            "les administrateurs et les coordinateurs de la CPME Île-de-France".to_owned()
        }
        (Lang::Fr, Some(owner)) => format!(
            "les administrateurs et les coordinateurs de l'{}",
            owner.label(lang)
        ),
        (Lang::En, None) => "administrators".to_owned(),
        (Lang::En, Some(owner)) => {
            format!("administrators and coordinators of {}", owner.label(lang))
        }
    }
}

/// A protected field's value in a form, for whoever has not revealed it.
pub fn protected_value(lang: Lang, owner: Option<Organisation>) -> String {
    match lang {
        Lang::Fr => format!("🔒 protégé : visible par {}", who_sees(lang, owner)),
        Lang::En => format!("🔒 protected: seen by {}", who_sees(lang, owner)),
    }
}

/// Under a protected field with the cursor on it: why nothing can be
/// typed, and how those cleared edit it.
pub fn protected_hint(lang: Lang, owner: Option<Organisation>, reveal: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "Champ de fiche confidentielle : il garde ce qui est enregistré. Pour le modifier, {} révèlent d'abord la fiche ({reveal} sur la fiche, noté au journal).",
            who_sees(lang, owner)
        ),
        Lang::En => format!(
            "A confidential record's field: it keeps what is stored. To change it, {} first reveal the record ({reveal} on the record, audited).",
            who_sees(lang, owner)
        ),
    }
}

/// A choice field with nothing chosen yet, between its arrows.
pub fn not_chosen(lang: Lang) -> &'static str {
    lang.pick("à choisir", "to choose")
}

/// Under a field of several choices with the cursor on it.
pub fn choice_set_hint(lang: Lang) -> &'static str {
    lang.pick(
        "Espace : cocher ou décocher · ↑↓ ou une lettre : aller à un choix",
        "Space: check or uncheck · ↑↓ or a letter: go to a choice",
    )
}

/// Under a field of several lines: how to break a line and move on.
pub fn new_line_hint(lang: Lang, new_line: &str, next: &str) -> String {
    match lang {
        Lang::Fr => format!("{new_line} : nouvelle ligne · {next} : champ suivant"),
        Lang::En => format!("{new_line}: new line · {next}: next field"),
    }
}

/// After the rows of a field shown while the cursor is elsewhere.
pub fn more_rows(lang: Lang, rows: usize) -> String {
    let number = count(lang, rows as u64);
    match (lang, rows) {
        (Lang::Fr, 1) => "… et 1 ligne de plus".to_owned(),
        (Lang::Fr, _) => format!("… et {number} lignes de plus"),
        (Lang::En, 1) => "… and 1 more line".to_owned(),
        (Lang::En, _) => format!("… and {number} more lines"),
    }
}

/// A kind in the singular, with its article: « un établissement ».
fn a_kind(lang: Lang, kind: Kind) -> String {
    match lang {
        Lang::Fr => {
            let feminine = matches!(kind, Kind::Company | Kind::Immersion | Kind::Agreement);
            format!(
                "{} {}",
                if feminine { "une" } else { "un" },
                kind.label(lang)
            )
        }
        Lang::En => {
            let article = if matches!(kind, Kind::Immersion | Kind::Event | Kind::Agreement) {
                "an"
            } else {
                "a"
            };
            format!("{article} {}", kind.label(lang))
        }
    }
}

/// The title of a form: the record by what lists call it (`label`), by
/// its number until that is known.
pub fn form_title(
    lang: Lang,
    kind: Kind,
    purpose: &Purpose,
    base: Option<&Record>,
    label: Option<&str>,
) -> String {
    let number = lang.pick("n°", "no.");
    let name = match (label, base) {
        (Some(label), _) => label.to_owned(),
        (None, Some(base)) => format!("{number} {}", base.meta().id.0),
        (None, None) => String::new(),
    };
    match (purpose, lang) {
        (Purpose::Create, Lang::Fr) => format!("Nouvelle fiche : {}", a_kind(lang, kind)),
        (Purpose::Create, Lang::En) => format!("New record: {}", a_kind(lang, kind)),
        (Purpose::Edit, Lang::Fr) => format!("Modifier {} ({name})", a_kind(lang, kind)),
        (Purpose::Edit, Lang::En) => format!("Edit {} ({name})", a_kind(lang, kind)),
        (Purpose::Cancel, Lang::Fr) => format!("Annuler le stage ({name}) : son motif"),
        (Purpose::Cancel, Lang::En) => format!("Cancel the placement ({name}): why"),
        (Purpose::Evaluate, Lang::Fr) => format!("Évaluation de l'immersion ({name})"),
        (Purpose::Evaluate, Lang::En) => format!("Evaluation of the immersion ({name})"),
        (Purpose::Consent, Lang::Fr) => format!("Consentement ({} {name})", kind.label(lang)),
        (Purpose::Consent, Lang::En) => format!("Consent ({} {name})", kind.label(lang)),
    }
}

/// A record in a picker: its number (padded to `id_width`, so that the
/// names line up), then its name and what tells it from namesakes.
pub fn picker_line(lang: Lang, id: u64, id_width: usize, name: &str) -> String {
    let number = lang.pick("n°", "no.");
    format!("{number} {id:<id_width$}  {name}")
}

/// The picker's hint: what to type, and the key that makes the record
/// missing from the list.
pub fn picker_hint(lang: Lang, create: &str) -> String {
    match lang {
        Lang::Fr => {
            format!(
                "Quelques lettres du nom, un UAI ou un SIRET. Pas dans la liste ? {create} crée la fiche."
            )
        }
        Lang::En => {
            format!(
                "A few letters of the name, a UAI or a SIRET. Not in the list? {create} makes the record."
            )
        }
    }
}

pub fn picker_title(lang: Lang, kind: Kind) -> String {
    match lang {
        Lang::Fr => format!("Choisir {}", a_kind(lang, kind)),
        Lang::En => format!("Choose {}", a_kind(lang, kind)),
    }
}

/// What a question says, line by line.
pub fn question_lines(lang: Lang, question: &Question) -> Vec<String> {
    match question {
        Question::Delete { target, label, referred_by, referred_total, .. } => {
            // The kind named: a placement is called after its learner.
            let the_kind = crate::i18n::labels::the_kind(target.kind, lang);
            let mut lines = vec![match lang {
                Lang::Fr => format!("Supprimer {the_kind} « {label} » ?"),
                Lang::En => format!("Delete {the_kind} '{label}'?"),
            }];
            if let Some(total) = referred_total.filter(|total| *total > 0) {
                lines.push(match (lang, total) {
                    (Lang::Fr, 1) => "Une fiche s'y rattache : la suppression sera refusée tant qu'elle existe.".to_owned(),
                    (Lang::Fr, _) => format!(
                        "{} fiches s'y rattachent : la suppression sera refusée tant qu'elles existent.",
                        count(lang, total as u64)
                    ),
                    (Lang::En, 1) => "One record refers to it: deleting is refused while it exists.".to_owned(),
                    (Lang::En, _) => format!(
                        "{} records refer to it: deleting is refused while they exist.",
                        count(lang, total as u64)
                    ),
                });
                for linked in referred_by {
                    lines.push(format!("  · {} — {}", linked.reference.kind.label(lang), linked.label));
                }
            } else if referred_total.is_some() {
                lines.push(lang.pick("Aucune fiche ne s'y rattache. La suppression pourra être défaite.", "No record refers to it. The deletion can be undone.").to_owned());
            } else {
                lines.push(lang.pick("Si d'autres fiches s'y rattachent, la suppression sera refusée. Elle pourra être défaite.", "If other records refer to it, deleting is refused. The deletion can be undone.").to_owned());
            }
            lines
        }
        Question::EarlyMove { label, early, .. } => {
            use crate::tui::app::confirm::Early;
            let label = crate::tui::safe_text::safe(label);
            match (early, lang) {
                (Early::NotStarted(day), Lang::Fr) => vec![
                    format!("Le stage de {label} ne commence que le {}.", long_date(lang, *day)),
                    "Le passer « en cours » dès maintenant ?".to_owned(),
                ],
                (Early::NotStarted(day), Lang::En) => vec![
                    format!("{label}'s placement only starts on {}.", long_date(lang, *day)),
                    "Move it to “under way” now?".to_owned(),
                ],
                (Early::NotEnded(day), Lang::Fr) => vec![
                    format!("Le stage de {label} ne se termine que le {}.", long_date(lang, *day)),
                    "Le passer « terminé » dès maintenant ?".to_owned(),
                ],
                (Early::NotEnded(day), Lang::En) => vec![
                    format!("{label}'s placement only ends on {}.", long_date(lang, *day)),
                    "Move it to “done” now?".to_owned(),
                ],
            }
        }
        Question::LeaveForm => vec![lang
            .pick(
                "Ce formulaire a des modifications non enregistrées. Les abandonner supprime aussi son brouillon.",
                "This form has unsaved changes. Discarding them deletes its draft too.",
            )
            .to_owned()],
        Question::Quit { drafts_kept, consent_lost } => {
            let mut lines = Vec::new();
            if *drafts_kept {
                lines.push(lang.pick(
                    "Un formulaire a des modifications non enregistrées : son brouillon sera gardé et proposé au prochain démarrage.",
                    "A form has unsaved changes: its draft will be kept and offered at the next start.",
                ));
            }
            if *consent_lost {
                lines.push(lang.pick(
                    "Le formulaire de consentement a des modifications non enregistrées : elles seront perdues (il n'est pas gardé en brouillon).",
                    "The consent form has unsaved changes: they will be lost (it is not kept as a draft).",
                ));
            }
            lines.push(lang.pick("Quitter ?", "Quit?"));
            // One paragraph, the question last.
            vec![lines.join(" ")]
        }
        Question::WithdrawConsent { label, .. } => {
            crate::i18n::consent::withdraw_question(lang, label)
        }
        Question::CancelImmersion { .. } => vec![lang
            .pick("Annuler cette immersion ?", "Cancel this immersion?")
            .to_owned()],
        Question::Drafts { drafts, .. } => vec![match lang {
            Lang::Fr => format!(
                "Vous avez {} brouillon(s) en cours, gardé(s) lors d'une session précédente :",
                count(lang, drafts.len() as u64)
            ),
            Lang::En => format!(
                "You have {} draft(s) kept from an earlier session:",
                count(lang, drafts.len() as u64)
            ),
        }],
    }
}

/// One draft in the list offered at start.
pub fn draft_line(lang: Lang, draft: &Draft) -> String {
    let kind = draft.kind.label(lang);
    let what = match (draft.editing, draft.purpose.as_str()) {
        (Some((id, _)), "cancel") => match lang {
            Lang::Fr => format!("annulation : {kind} n° {}", id.0),
            Lang::En => format!("cancellation: {kind} no. {}", id.0),
        },
        (Some((id, _)), "evaluate") => match lang {
            Lang::Fr => format!("évaluation : {kind} n° {}", id.0),
            Lang::En => format!("evaluation: {kind} no. {}", id.0),
        },
        (Some((id, _)), _) => match lang {
            Lang::Fr => format!("modification : {kind} n° {}", id.0),
            Lang::En => format!("edit: {kind} no. {}", id.0),
        },
        (None, _) => match lang {
            Lang::Fr => format!("nouvelle fiche : {kind}"),
            Lang::En => format!("new record: {kind}"),
        },
    };
    match draft_title(draft) {
        Some(title) => format!("{what} — « {title} » — {}", date_time(lang, draft.saved_at)),
        None => format!("{what} — {}", date_time(lang, draft.saved_at)),
    }
}

/// What a draft's record is called, as far as it was typed: its name,
/// title or person, else the first text typed (never a code chosen from a
/// list, a number or a date).
fn draft_title(draft: &Draft) -> Option<String> {
    const NAMING: [Field; 5] = [
        Field::Name,
        Field::Title,
        Field::Person,
        Field::Uai,
        Field::Siret,
    ];
    let typed = |field: Field| {
        draft
            .values
            .iter()
            .find(|(f, text)| *f == field && !text.trim().is_empty())
            .map(|(_, text)| text.trim().to_owned())
    };
    if let Some(title) = NAMING.iter().find_map(|field| typed(*field)) {
        return Some(title);
    }
    let texts: Vec<Field> = crate::domain::forms::form_fields(draft.kind)
        .into_iter()
        .chain(crate::domain::forms::form_fields_for_evaluation())
        .filter(|spec| matches!(spec.input, InputKind::Text | InputKind::MultiLine))
        .map(|spec| spec.field)
        .chain([Field::CancelReason])
        .collect();
    draft
        .values
        .iter()
        .filter(|(field, _)| texts.contains(field))
        .find_map(|(_, text)| text.lines().map(str::trim).find(|line| !line.is_empty()))
        .map(str::to_owned)
}

/// What a choice's code is called.
pub fn choice_text(kind: Kind, field: Field, code: &str, lang: Lang) -> String {
    crate::i18n::forms::choice_label(kind, field, code, lang)
        .map(str::to_owned)
        .unwrap_or_else(|| code.to_owned())
}

/// A draft's record was deleted meanwhile.
pub fn resumed_as_new(lang: Lang) -> String {
    lang.pick(
        "La fiche de ce brouillon a été supprimée entre-temps : il est repris comme une nouvelle fiche.",
        "This draft's record was deleted meanwhile: it is taken up as a new record.",
    )
    .to_owned()
}

/// Someone saved the record being edited; `swap` is the key that takes
/// the saved value of a field.
pub fn conflict(lang: Lang, swap: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "Quelqu'un a enregistré cette fiche entre-temps. Les champs que vous n'aviez pas touchés prennent sa version ; sous chacun des autres qui diffère, la valeur enregistrée : {swap} la prend (ou revient à la vôtre). Enregistrez ensuite."
        ),
        Lang::En => format!(
            "Someone saved this record meanwhile. The fields you had not touched take their version; under each other field that differs, the saved value: {swap} takes it (or goes back to yours). Then save."
        ),
    }
}

pub fn nothing_to_cancel(lang: Lang, kind: Kind) -> String {
    match lang {
        Lang::Fr => format!(
            "Les {} ne s'annulent pas : seuls les stages et les immersions.",
            kind_plural(kind, lang)
        ),
        Lang::En => format!(
            "{} are not cancelled: only placements and immersions are.",
            crate::i18n::tui::list_title(lang, kind)
        ),
    }
}

pub fn not_done_yet(lang: Lang) -> String {
    lang.pick(
        "Une immersion s'évalue une fois faite (statut « faite »).",
        "An immersion is evaluated once done (status 'done').",
    )
    .to_owned()
}

pub fn only_immersions_evaluated(lang: Lang) -> String {
    lang.pick(
        "Seules les immersions s'évaluent.",
        "Only immersions are evaluated.",
    )
    .to_owned()
}

pub fn nothing_to_undo(lang: Lang) -> &'static str {
    lang.pick(
        "Rien à défaire dans cette session.",
        "Nothing to undo in this session.",
    )
}

/// A save where no field differed from the record.
pub fn unchanged(lang: Lang) -> String {
    lang.pick(
        "Aucun champ modifié : rien n'a été enregistré.",
        "No field changed: nothing was saved.",
    )
    .to_owned()
}

pub fn saved(lang: Lang, undo: &str) -> String {
    match lang {
        Lang::Fr => format!("Enregistré. {undo} pour défaire."),
        Lang::En => format!("Saved. {undo} to undo."),
    }
}

/// Saved, and made confidential (or given an owner) by the service
/// beyond what the form said.
pub fn saved_confidential(lang: Lang, owner: Option<Organisation>, undo: &str) -> String {
    let owner = owner.map_or(lang.pick("aucune", "none"), |owner| owner.label(lang));
    match lang {
        Lang::Fr => format!(
            "Enregistré, fiche confidentielle (propriétaire : {owner}). {undo} pour défaire."
        ),
        Lang::En => format!("Saved, as a confidential record (owner: {owner}). {undo} to undo."),
    }
}

pub fn deleted(lang: Lang, label: &str, undo: &str) -> String {
    match lang {
        Lang::Fr => format!("Fiche « {label} » supprimée. {undo} pour défaire."),
        Lang::En => format!("'{label}' deleted. {undo} to undo."),
    }
}

pub fn undone(lang: Lang) -> &'static str {
    lang.pick("Dernière modification défaite.", "Last change undone.")
}

pub fn no_next_status(lang: Lang, _evaluate: &str) -> String {
    lang.pick("Ce statut est le dernier.", "This status is the last.")
        .to_owned()
}

pub fn evaluate_instead(lang: Lang, evaluate: &str) -> String {
    match lang {
        Lang::Fr => format!("L'étape suivante est l'évaluation : {evaluate} ouvre son formulaire."),
        Lang::En => format!("The next step is the evaluation: {evaluate} opens its form."),
    }
}

pub fn no_status_to_move(lang: Lang, _evaluate: &str) -> String {
    lang.pick(
        "Seuls les stages, les immersions et les conventions avancent d'un statut à l'autre.",
        "Only placements, immersions and agreements move from status to status.",
    )
    .to_owned()
}

/// Marked placements not moved in a batch: their dates are still ahead.
pub fn some_too_early(lang: Lang, early: usize, advance: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "{} stage(s) marqué(s) pas encore commencé(s) ou terminé(s) : laissé(s) tel(s) quel(s) ; {advance} sur chacun demande confirmation.",
            count(lang, early as u64)
        ),
        Lang::En => format!(
            "{} marked placement(s) not started or ended yet: left as they are; {advance} on each asks to confirm.",
            count(lang, early as u64)
        ),
    }
}

pub fn some_not_moved(lang: Lang, refused: usize) -> String {
    match lang {
        Lang::Fr => format!(
            "{} fiche(s) marquée(s) sans statut suivant : laissée(s) telle(s) quelle(s).",
            count(lang, refused as u64)
        ),
        Lang::En => format!(
            "{} marked record(s) have no next status: left as they are.",
            count(lang, refused as u64)
        ),
    }
}

/// How many rows of a list are marked.
pub fn marked(lang: Lang, marked: usize) -> String {
    match lang {
        Lang::Fr => format!("{} marquée(s)", count(lang, marked as u64)),
        Lang::En => format!("{} marked", count(lang, marked as u64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::draft::Draft;

    fn draft(kind: Kind, values: &[(Field, &str)]) -> Draft {
        Draft {
            id: None,
            kind,
            editing: None,
            purpose: "create".into(),
            values: values.iter().map(|(f, t)| (*f, (*t).to_owned())).collect(),
            focus: 0,
            saved_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_draft_is_named_by_its_title_never_by_a_code() {
        let event = draft(
            Kind::Event,
            &[
                (Field::Kind, "company_visit"),
                (Field::Title, "Forum des métiers"),
            ],
        );
        let line = draft_line(Lang::Fr, &event);
        assert!(line.contains("« Forum des métiers »"), "{line}");
        assert!(!line.contains("company_visit"), "{line}");
        // A placement has no name of its own: its first words typed.
        let placement = draft(
            Kind::Placement,
            &[
                (Field::Kind, "stage_seconde"),
                (Field::Learner, "12"),
                (Field::Notes, "\nà rappeler lundi\nsuite"),
            ],
        );
        let line = draft_line(Lang::Fr, &placement);
        assert!(line.contains("« à rappeler lundi »"), "{line}");
        let blank = draft(Kind::Placement, &[(Field::Kind, "stage_seconde")]);
        assert!(!draft_line(Lang::Fr, &blank).contains('«'));
    }
}
