//! Sentences for what went wrong: broken rules, refused moves, service and
//! store errors, each saying what to do next where there is something to
//! do.

use crate::domain::Kind;
use crate::domain::dates::{DateError, SchoolYearError};
use crate::domain::identifiers::{
    EmailError, NafError, PhoneError, PostalCodeError, SiretError, UaiError,
};
use crate::domain::records::RecordRef;
use crate::domain::status::{
    AgreementRefusal, ImmersionRefusal, PlacementRefusal, TransitionError,
};
use crate::domain::text::neutralise_controls;
use crate::domain::user::{Admin, NameProblem};
use crate::domain::validation::{Field, FieldError, Rule, ValidationErrors};
use crate::i18n::labels::{Label, the_kind, the_organisation};
use crate::i18n::safe;
use crate::i18n::users::organisation_label;
use crate::i18n::{Lang, count, counted, date, date_time};
use crate::service::users::{UserProblem, UsersFileProblem};
use crate::service::{AdminTask, NotAllowed, RestoreRefusal, ServiceError};
use crate::store::StoreError;
use crate::store::check::{CheckReport, Problem};

fn uai(error: &UaiError, lang: Lang) -> String {
    match (error, lang) {
        (UaiError::WrongLength { found }, Lang::Fr) => {
            format!("un UAI compte 7 chiffres et une lettre ({found} caractères saisis)")
        }
        (UaiError::WrongLength { found }, Lang::En) => {
            format!("a UAI is 7 digits and a letter ({found} characters typed)")
        }
        (UaiError::NotDigits, _) => lang
            .pick(
                "les 7 premiers caractères d'un UAI sont des chiffres",
                "the first 7 characters of a UAI are digits",
            )
            .into(),
        (UaiError::NotACheckLetter { found }, Lang::Fr) => {
            format!("« {found} » ne peut pas être une lettre de contrôle (ni I, ni O, ni Q)")
        }
        (UaiError::NotACheckLetter { found }, Lang::En) => {
            format!("'{found}' cannot be a check letter (never I, O or Q)")
        }
        (UaiError::WrongCheckLetter { expected, found }, Lang::Fr) => {
            format!("la lettre de contrôle {found} est fausse ; les chiffres appellent {expected}")
        }
        (UaiError::WrongCheckLetter { expected, found }, Lang::En) => {
            format!("the check letter {found} is wrong; the digits call for {expected}")
        }
    }
}

fn siret(error: &SiretError, lang: Lang) -> String {
    match (error, lang) {
        (SiretError::ScientificNotation, _) => lang
            .pick(
                "écrit en notation scientifique par un tableur : les chiffres sont perdus, reprenez le numéro à la source",
                "written in scientific notation by a spreadsheet: the digits are lost; take the number from its source",
            )
            .into(),
        (SiretError::WrongLength { expected, found }, Lang::Fr) => {
            format!("{expected} chiffres attendus, {found} caractères saisis")
        }
        (SiretError::WrongLength { expected, found }, Lang::En) => {
            format!("{expected} digits expected, {found} characters typed")
        }
        (SiretError::NotDigits, _) => lang.pick("uniquement des chiffres", "digits only").into(),
        (SiretError::LuhnCheckFailed, _) => lang
            .pick(
                "la clé de contrôle (Luhn) ne correspond pas : un chiffre est faux, ou deux sont inversés",
                "fails its check (Luhn): a digit is wrong, or two are swapped",
            )
            .into(),
        (SiretError::LaPosteCheckFailed, _) => lang
            .pick(
                "pour La Poste, la somme des chiffres doit être un multiple de 5",
                "for La Poste, the digits must add up to a multiple of 5",
            )
            .into(),
    }
}

fn postal_code(error: &PostalCodeError, lang: Lang) -> String {
    match (error, lang) {
        (PostalCodeError::WrongLength { found }, Lang::Fr) => format!(
            "un code postal compte 5 chiffres ({found} saisis ; un tableur a-t-il mangé le zéro initial ?)"
        ),
        (PostalCodeError::WrongLength { found }, Lang::En) => format!(
            "a postal code has 5 digits ({found} typed; did a spreadsheet drop the leading zero?)"
        ),
        (PostalCodeError::NotDigits, _) => {
            lang.pick("uniquement des chiffres", "digits only").into()
        }
        (PostalCodeError::NoSuchDepartement, _) => lang
            .pick(
                "aucun département ne porte ce code",
                "no département has this code",
            )
            .into(),
    }
}

fn email(error: &EmailError, lang: Lang) -> String {
    match (error, lang) {
        (EmailError::MissingAt, _) => lang.pick("il manque le @", "the @ is missing").into(),
        (EmailError::SeveralAts, _) => lang
            .pick("un seul @ est permis", "only one @ is allowed")
            .into(),
        (EmailError::EmptyLocalPart, _) => {
            lang.pick("rien avant le @", "nothing before the @").into()
        }
        (EmailError::BadDomain, _) => lang
            .pick(
                "la partie après le @ n'est pas un domaine (ex. ac-paris.fr)",
                "the part after the @ is not a domain (e.g. ac-paris.fr)",
            )
            .into(),
        (EmailError::Spaces, _) => lang
            .pick("pas d'espace dans une adresse", "no spaces in an address")
            .into(),
        (EmailError::TooLong { max }, Lang::Fr) => format!("{max} caractères au plus"),
        (EmailError::TooLong { max }, Lang::En) => format!("at most {max} characters"),
    }
}

fn phone(error: &PhoneError, lang: Lang) -> String {
    match (error, lang) {
        (PhoneError::NotDigits, _) => lang
            .pick(
                "uniquement des chiffres et des séparateurs",
                "only digits and separators",
            )
            .into(),
        (PhoneError::WrongLength { found }, Lang::Fr) => format!(
            "un numéro français compte 10 chiffres ({found} saisis ; le zéro initial manque-t-il ?)"
        ),
        (PhoneError::WrongLength { found }, Lang::En) => {
            format!("a French number has 10 digits ({found} typed; is the leading zero missing?)")
        }
        (PhoneError::NotFrench, _) => lang
            .pick(
                "pas un numéro français (0X… ou +33…)",
                "not a French number (0X… or +33…)",
            )
            .into(),
    }
}

fn naf(_: &NafError, lang: Lang) -> String {
    lang.pick(
        "un code NAF s'écrit 2 chiffres, un point, 2 chiffres et une lettre (62.01Z)",
        "a NAF code is 2 digits, a dot, 2 digits and a letter (62.01Z)",
    )
    .into()
}

pub fn date_error(error: &DateError, lang: Lang) -> String {
    match error {
        DateError::BadShape => lang.pick(
            "date attendue : 28/11/2026, 4/1/27, 28/11, 2026-11-28 ou +7 (dans une semaine)",
            "expected a date: 28/11/2026, 4/1/27, 28/11, 2026-11-28 or +7 (in a week)",
        ),
        DateError::NoSuchDay => lang.pick("ce jour n'existe pas", "this day does not exist"),
        DateError::OffsetTooLarge => lang.pick("trop loin d'aujourd'hui", "too far from today"),
        DateError::OutOfRange => {
            return match lang {
                Lang::Fr => format!(
                    "l'année doit être entre {} et {}",
                    crate::domain::dates::FIRST_YEAR,
                    crate::domain::dates::LAST_YEAR
                ),
                Lang::En => format!(
                    "the year must be between {} and {}",
                    crate::domain::dates::FIRST_YEAR,
                    crate::domain::dates::LAST_YEAR
                ),
            };
        }
    }
    .into()
}

fn school_year(error: &SchoolYearError, lang: Lang) -> String {
    match (error, lang) {
        (SchoolYearError::BadShape, _) => lang
            .pick(
                "une année scolaire s'écrit 2025-2026",
                "a school year is written 2025-2026",
            )
            .into(),
        (SchoolYearError::NotConsecutive { first, second }, Lang::Fr) => {
            format!("{second} ne suit pas {first}")
        }
        (SchoolYearError::NotConsecutive { first, second }, Lang::En) => {
            format!("{second} does not follow {first}")
        }
        (SchoolYearError::OutOfRange { .. }, Lang::Fr) => format!(
            "une année scolaire commence entre {} et {}",
            crate::domain::dates::FIRST_YEAR,
            crate::domain::dates::LAST_YEAR - 1
        ),
        (SchoolYearError::OutOfRange { .. }, Lang::En) => format!(
            "a school year starts between {} and {}",
            crate::domain::dates::FIRST_YEAR,
            crate::domain::dates::LAST_YEAR - 1
        ),
    }
}

/// Why a status move was refused.
pub fn transition(error: &TransitionError, lang: Lang) -> String {
    match error {
        TransitionError::Placement { from, to, refusal } => {
            let (from, to) = (from.label(lang), to.label(lang));
            match (refusal, lang) {
                (PlacementRefusal::Finished, _) => lang
                    .pick(
                        "un stage terminé ne change plus de statut",
                        "a finished placement no longer changes status",
                    )
                    .into(),
                (PlacementRefusal::SkipsStep { next }, Lang::Fr) => format!(
                    "on ne passe pas de « {from} » à « {to} » : il faut d'abord passer par « {} »",
                    next.label(lang)
                ),
                (PlacementRefusal::SkipsStep { next }, Lang::En) => format!(
                    "a placement does not go from '{from}' to '{to}': it goes through '{}' first",
                    next.label(lang)
                ),
                (PlacementRefusal::GoesBack, Lang::Fr) => {
                    format!("pas de retour de « {from} » à « {to} »")
                }
                (PlacementRefusal::GoesBack, Lang::En) => {
                    format!("a placement cannot go back from '{from}' to '{to}'")
                }
                (PlacementRefusal::NeedsCompany, Lang::Fr) => {
                    format!("« {to} » demande une entreprise")
                }
                (PlacementRefusal::NeedsCompany, Lang::En) => format!("'{to}' needs a company"),
                (PlacementRefusal::NeedsTutor, Lang::Fr) => format!("« {to} » demande un tuteur"),
                (PlacementRefusal::NeedsTutor, Lang::En) => format!("'{to}' needs a tutor"),
                (PlacementRefusal::NeedsSignatureDate, Lang::Fr) => {
                    format!("« {to} » demande la date de signature de la convention")
                }
                (PlacementRefusal::NeedsSignatureDate, Lang::En) => {
                    format!("'{to}' needs the date the agreement was signed")
                }
                (PlacementRefusal::NeedsCancelReason, _) => lang
                    .pick(
                        "une annulation demande un motif",
                        "cancelling needs a reason",
                    )
                    .into(),
            }
        }
        TransitionError::Immersion { from, to, refusal } => {
            let (from, to) = (from.label(lang), to.label(lang));
            match (refusal, lang) {
                (ImmersionRefusal::Finished, _) => lang
                    .pick(
                        "une immersion évaluée ne change plus de statut",
                        "an evaluated immersion no longer changes status",
                    )
                    .into(),
                (ImmersionRefusal::SkipsStep { next }, Lang::Fr) => format!(
                    "on ne passe pas de « {from} » à « {to} » : il faut d'abord passer par « {} »",
                    next.label(lang)
                ),
                (ImmersionRefusal::SkipsStep { next }, Lang::En) => format!(
                    "an immersion does not go from '{from}' to '{to}': it goes through '{}' first",
                    next.label(lang)
                ),
                (ImmersionRefusal::GoesBack, Lang::Fr) => format!("pas de retour de « {from} » à « {to} »"),
                (ImmersionRefusal::GoesBack, Lang::En) => {
                    format!("an immersion cannot go back from '{from}' to '{to}'")
                }
                (ImmersionRefusal::NotHappenedYet { ends_on }, Lang::Fr) => format!(
                    "l'immersion n'a pas encore eu lieu (elle finit le {})",
                    date(lang, *ends_on)
                ),
                (ImmersionRefusal::NotHappenedYet { ends_on }, Lang::En) => format!(
                    "the immersion has not happened yet (it ends on {})",
                    date(lang, *ends_on)
                ),
                (ImmersionRefusal::NeedsEvaluation, Lang::Fr) => format!("« {to} » demande l'évaluation"),
                (ImmersionRefusal::NeedsEvaluation, Lang::En) => format!("'{to}' needs the evaluation"),
                (ImmersionRefusal::EvaluationTooEarly, _) => lang
                    .pick(
                        "l'évaluation s'enregistre une fois l'immersion faite, avec le statut « évaluée »",
                        "an evaluation is recorded once the immersion is done, with the status 'evaluated'",
                    )
                    .into(),
                (ImmersionRefusal::AlreadyHappened, _) => lang
                    .pick(
                        "une immersion faite ne peut plus être annulée",
                        "an immersion that took place cannot be cancelled",
                    )
                    .into(),
            }
        }
        TransitionError::Agreement { from, to, refusal } => {
            let (from, to) = (from.label(lang), to.label(lang));
            match (refusal, lang) {
                (AgreementRefusal::Finished, _) => lang
                    .pick(
                        "une convention terminée ne change plus de statut : rédigez-en une nouvelle",
                        "an ended agreement no longer changes status: draw up a new one",
                    )
                    .into(),
                (AgreementRefusal::SkipsStep { next }, Lang::Fr) => format!(
                    "on ne passe pas de « {from} » à « {to} » : il faut d'abord passer par « {} »",
                    next.label(lang)
                ),
                (AgreementRefusal::SkipsStep { next }, Lang::En) => format!(
                    "an agreement does not go from '{from}' to '{to}': it goes through '{}' first",
                    next.label(lang)
                ),
                (AgreementRefusal::GoesBack, Lang::Fr) => {
                    format!("pas de retour de « {from} » à « {to} »")
                }
                (AgreementRefusal::GoesBack, Lang::En) => {
                    format!("an agreement cannot go back from '{from}' to '{to}'")
                }
            }
        }
    }
}

/// The rule a value broke.
pub fn rule(rule: &Rule, lang: Lang) -> String {
    match (rule, lang) {
        (Rule::Required, _) => lang.pick("obligatoire", "required").into(),
        (Rule::TooLong { max }, Lang::Fr) => format!("{max} caractères au plus"),
        (Rule::TooLong { max }, Lang::En) => format!("at most {max} characters"),
        (Rule::ControlCharacter, _) => lang
            .pick(
                "caractères de contrôle interdits",
                "control characters are not allowed",
            )
            .into(),
        (Rule::Uai(error), _) => uai(error, lang),
        (Rule::Siret(error), _) => siret(error, lang),
        (Rule::PostalCode(error), _) => postal_code(error, lang),
        (Rule::Email(error), _) => email(error, lang),
        (Rule::Phone(error), _) => phone(error, lang),
        (Rule::Naf(error), _) => naf(error, lang),
        (Rule::Date(error), _) => date_error(error, lang),
        (Rule::SchoolYear(error), _) => school_year(error, lang),
        (Rule::OutOfRange { min, max }, Lang::Fr) => format!("entre {min} et {max}"),
        (Rule::OutOfRange { min, max }, Lang::En) => format!("between {min} and {max}"),
        (Rule::EndBeforeStart { start, end }, Lang::Fr) => format!(
            "la fin ({}) précède le début ({})",
            date(lang, *end),
            date(lang, *start)
        ),
        (Rule::EndBeforeStart { start, end }, Lang::En) => format!(
            "the end ({}) is before the start ({})",
            date(lang, *end),
            date(lang, *start)
        ),
        (Rule::Transition(error), _) => transition(error, lang),
        (Rule::Duplicate, _) => lang.pick("en double", "listed twice").into(),
        (Rule::LinkNotFound { kind, id }, Lang::Fr) => {
            format!("{} n° {id} introuvable", kind.label(lang))
        }
        (Rule::LinkNotFound { kind, id }, Lang::En) => {
            format!("no {} number {id}", kind.label(lang))
        }
        (Rule::AlreadyTaken { kind, id }, Lang::Fr) => {
            format!("déjà attribué : {} n° {id}", kind.label(lang))
        }
        (Rule::AlreadyTaken { kind, id }, Lang::En) => {
            format!("already held by {} number {id}", kind.label(lang))
        }
        (Rule::NoticeLongerThanDuration, _) => lang
            .pick(
                "le préavis doit être plus court que la durée",
                "the notice must be shorter than the duration",
            )
            .into(),
        (Rule::EvaluationBeforeImmersion { ends_on }, Lang::Fr) => format!(
            "l'évaluation ne peut précéder la fin de l'immersion ({})",
            date(lang, *ends_on)
        ),
        (Rule::EvaluationBeforeImmersion { ends_on }, Lang::En) => format!(
            "the evaluation cannot come before the immersion ends ({})",
            date(lang, *ends_on)
        ),
        (Rule::TutorNotOfCompany, _) => lang
            .pick(
                "le tuteur doit être un contact de l'entreprise du stage",
                "the tutor must be a contact of the placement's company",
            )
            .into(),
        (Rule::NotAnId, _) => lang
            .pick(
                "un numéro est attendu (ou l'UAI d'un établissement, le SIRET d'une entreprise)",
                "a number is expected (or a school's UAI, a company's SIRET)",
            )
            .into(),
        (Rule::NotANumber, _) => lang
            .pick(
                "un nombre entier est attendu (des chiffres seulement)",
                "a whole number is expected (digits only)",
            )
            .into(),
        (Rule::NotAChoice, _) => lang
            .pick(
                "ce n'est pas l'un des choix proposés",
                "not one of the choices offered",
            )
            .into(),
        (Rule::NotYesOrNo, _) => lang.pick("répondez oui ou non", "answer yes or no").into(),
        (Rule::ExclusiveChoices, _) => lang
            .pick(
                "deux choix qui s'excluent : n'en gardez qu'un",
                "two choices that exclude each other: keep only one",
            )
            .into(),
        (Rule::AfterToday { today }, _) => format!(
            "{} {}",
            lang.pick(
                "ce jour n'est pas encore venu ; au plus tard",
                "this day has not come yet; at the latest"
            ),
            crate::i18n::date(lang, *today)
        ),
    }
}

/// "UAI : la lettre de contrôle F est fausse ; les chiffres appellent E".
pub fn field_error(error: &FieldError, lang: Lang) -> String {
    format!(
        "{}{}{}",
        error.field.label(lang),
        lang.colon(),
        rule(&error.rule, lang)
    )
}

/// One line per broken rule.
pub fn validation_errors(errors: &ValidationErrors, lang: Lang) -> String {
    errors
        .0
        .iter()
        .map(|error| field_error(error, lang))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a refused service call tells the person.
pub fn service_error(error: &ServiceError, lang: Lang) -> String {
    match (error, lang) {
        (ServiceError::Invalid(errors), Lang::Fr) => {
            format!(
                "Fiche non enregistrée :\n{}",
                validation_errors(errors, lang)
            )
        }
        (ServiceError::Invalid(errors), Lang::En) => {
            format!("Record not saved:\n{}", validation_errors(errors, lang))
        }
        (ServiceError::Conflict { current }, _) => {
            let meta = current.meta();
            let (kind, id, by, at) = (
                current.kind().label(lang),
                meta.id,
                neutralise_controls(&meta.updated_by, true),
                date_time(lang, meta.updated_at),
            );
            match lang {
                Lang::Fr => format!(
                    "{kind} n° {id} a été modifié entre-temps par {by} le {at} (révision {}). Rechargez la fiche avant de l'enregistrer à nouveau ; rien n'a été écrasé.",
                    meta.revision
                ),
                Lang::En => format!(
                    "{kind} number {id} was changed meanwhile by {by} on {at} (revision {}). Reload it before saving again; nothing was overwritten.",
                    meta.revision
                ),
            }
        }
        (ServiceError::NotFound { kind, key }, Lang::Fr) => {
            format!("Introuvable : {} « {key} ».", kind.label(lang))
        }
        (ServiceError::NotFound { kind, key }, Lang::En) => {
            format!("Not found: {} '{key}'.", kind.label(lang))
        }
        (
            ServiceError::Referenced {
                target,
                dependents,
                total,
            },
            _,
        ) => {
            let the_target = the_kind(target.kind, lang);
            let head = match (lang, *total) {
                (Lang::Fr, 1) => format!(
                    "Suppression refusée : une fiche fait encore référence à {the_target} n° {} :",
                    target.id
                ),
                (Lang::Fr, _) => format!(
                    "Suppression refusée : {total} fiches font encore référence à {the_target} n° {} :",
                    target.id
                ),
                (Lang::En, 1) => format!(
                    "Not deleted: one record still refers to {the_target} number {}:",
                    target.id
                ),
                (Lang::En, _) => format!(
                    "Not deleted: {total} records still refer to {the_target} number {}:",
                    target.id
                ),
            };
            let mut lines = vec![head];
            for dependent in dependents {
                lines.push(format!(
                    "  {} n° {} — {}",
                    dependent.reference.kind.label(lang),
                    dependent.reference.id,
                    neutralise_controls(&dependent.label, true)
                ));
            }
            if dependents.len() < *total {
                lines.push(format!(
                    "  {}",
                    crate::i18n::phrases::and_more(lang, (total - dependents.len()) as u64)
                ));
            }
            lines.join("\n")
        }
        (ServiceError::NotAllowed(refusal), _) => not_allowed(refusal, lang),
        (ServiceError::UsersFile { path, problem }, _) => users_file_problem(path, problem, lang),
        (ServiceError::NoSuchUser { account }, Lang::Fr) => format!(
            "Aucun utilisateur « {} » : « passerelle users list » les montre tous.",
            safe(account)
        ),
        (ServiceError::NoSuchUser { account }, Lang::En) => format!(
            "No user '{}': 'passerelle users list' shows them all.",
            safe(account)
        ),
        (ServiceError::BadUser(problem), Lang::Fr) => {
            format!("Utilisateur refusé : {}.", user_problem(problem, lang))
        }
        (ServiceError::BadUser(problem), Lang::En) => {
            format!("User refused: {}.", user_problem(problem, lang))
        }
        (ServiceError::DraftNotFound { id }, Lang::Fr) => format!(
            "Brouillon n° {id} introuvable parmi les vôtres : il a été abandonné, ou écarté par des brouillons plus récents."
        ),
        (ServiceError::DraftNotFound { id }, Lang::En) => format!(
            "No draft number {id} among yours: it was discarded, or pushed out by newer drafts."
        ),
        (ServiceError::DraftTooLarge { size, max }, Lang::Fr) => format!(
            "Brouillon non gardé : {} octets de texte, au-delà des {} qu'un brouillon peut garder. Raccourcissez les champs les plus longs (les notes, par exemple).",
            count(lang, *size as u64),
            count(lang, *max as u64)
        ),
        (ServiceError::DraftTooLarge { size, max }, Lang::En) => format!(
            "Draft not kept: {} bytes of text, over the {} a draft can hold. Shorten the longest fields (the notes, for instance).",
            count(lang, *size as u64),
            count(lang, *max as u64)
        ),
        (ServiceError::CannotRestore { target, reason }, _) => {
            restore_refusal(*target, reason, lang)
        }
        (ServiceError::BadRequest(detail), Lang::Fr) => format!("Requête refusée : {detail}"),
        (ServiceError::BadRequest(detail), Lang::En) => format!("Request refused: {detail}"),
        (ServiceError::Damaged { detail }, Lang::Fr) => format!(
            "Données endommagées ({detail}). Rien n'a été modifié. {}",
            damaged_advice(lang)
        ),
        (ServiceError::Damaged { detail }, Lang::En) => format!(
            "Damaged data ({detail}). Nothing was changed. {}",
            damaged_advice(lang)
        ),
        (ServiceError::Storage { detail }, Lang::Fr) => {
            format!(
                "Erreur de stockage : {detail}. Réessayez ; si elle persiste, prévenez l'administrateur."
            )
        }
        (ServiceError::Storage { detail }, Lang::En) => {
            format!("Storage error: {detail}. Try again; if it persists, tell the administrator.")
        }
        (ServiceError::StorageFull { path }, _) => disk_full(path, lang),
        (ServiceError::NotEmpty, _) => crate::i18n::Phrase::DemoNotEmpty.text(lang).to_owned(),
        (ServiceError::Server(problem), _) => crate::i18n::server::server_problem(problem, lang),
    }
}

/// Admins as people name them: « Alice Martin (alice), Bob (bob) ».
fn admin_names(admins: &[Admin]) -> String {
    admins
        .iter()
        .map(|admin| format!("{} ({})", safe(&admin.name), safe(&admin.account)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Who to ask, as the end of a sentence.
fn ask(admins: &[Admin], lang: Lang) -> String {
    match (admins.is_empty(), lang) {
        (true, Lang::Fr) => "Adressez-vous à la personne qui gère cette base.".into(),
        (true, Lang::En) => "Ask the person who manages this store.".into(),
        (false, Lang::Fr) => format!(
            "Adressez-vous à un administrateur : {}.",
            admin_names(admins)
        ),
        (false, Lang::En) => format!("Ask an administrator: {}.", admin_names(admins)),
    }
}

/// What a caller was not allowed to do, and who can help.
fn not_allowed(refusal: &NotAllowed, lang: Lang) -> String {
    match (refusal, lang) {
        (NotAllowed::LiftConfidentiality { admins }, Lang::Fr) => format!(
            "Seul un administrateur peut lever la confidentialité d'une fiche : tous ses champs protégés deviendraient visibles. {}",
            ask(admins, lang)
        ),
        (NotAllowed::LiftConfidentiality { admins }, Lang::En) => format!(
            "Only an administrator may lift a record's confidentiality: all its protected fields would become visible. {}",
            ask(admins, lang)
        ),
        (NotAllowed::UnknownAccount { account, admins }, Lang::Fr) => format!(
            "Le compte « {} » n'a pas accès à cette base : il n'est pas dans la liste de ses utilisateurs. {}",
            safe(account),
            ask(admins, lang)
        ),
        (NotAllowed::UnknownAccount { account, admins }, Lang::En) => format!(
            "The account '{}' has no access to this store: it is not among its users. {}",
            safe(account),
            ask(admins, lang)
        ),
        (NotAllowed::ReadOnly { account }, Lang::Fr) => format!(
            "Rien n'a été modifié : le compte « {} » est en lecture seule (rôle reader). Pour saisir, demandez le rôle coordinator à un administrateur.",
            safe(account)
        ),
        (NotAllowed::ReadOnly { account }, Lang::En) => format!(
            "Nothing was changed: the account '{}' is read-only (role reader). To enter data, ask an administrator for the coordinator role.",
            safe(account)
        ),
        (NotAllowed::AdminOnly { task, admins }, _) => {
            format!("{} {}", admin_task_rule(*task, lang), ask(admins, lang))
        }
        (NotAllowed::LastAdmin { account }, Lang::Fr) => format!(
            "Refusé : « {} » est le dernier administrateur, et personne ne pourrait plus gérer les utilisateurs. Nommez d'abord un autre administrateur.",
            safe(account)
        ),
        (NotAllowed::LastAdmin { account }, Lang::En) => format!(
            "Refused: '{}' is the last administrator, and nobody could manage users any more. Make someone else an administrator first.",
            safe(account)
        ),
        (NotAllowed::NotCleared { owner, admins }, Lang::Fr) => match owner {
            Some(owner) => format!(
                "Refusé : cette fiche confidentielle appartient à {} ; seuls ses coordinateurs et les administrateurs en voient les champs protégés et en gèrent le consentement (une révélation refusée est notée au journal). {}",
                the_organisation(*owner, lang),
                ask(admins, lang)
            ),
            None => format!(
                "Refusé : cette fiche confidentielle n'appartient à aucune organisation ; seuls les administrateurs en voient les champs protégés et en gèrent le consentement (une révélation refusée est notée au journal). {}",
                ask(admins, lang)
            ),
        },
        (NotAllowed::NotCleared { owner, admins }, Lang::En) => match owner {
            Some(owner) => format!(
                "Refused: this confidential record belongs to {}; only its coordinators and administrators see its protected fields and manage its consent (a refused reveal is written in the audit trail). {}",
                organisation_label(Some(*owner), lang),
                ask(admins, lang)
            ),
            None => format!(
                "Refused: this confidential record belongs to no organisation; only administrators see its protected fields and manage its consent (a refused reveal is written in the audit trail). {}",
                ask(admins, lang)
            ),
        },
        (NotAllowed::ChangeOwner { owner, admins }, Lang::Fr) => format!(
            "Rien n'a été modifié : seuls les administrateurs et les coordinateurs de l'organisation propriétaire ({}) peuvent confier cette fiche confidentielle à une autre organisation. {}",
            organisation_label(*owner, lang),
            ask(admins, lang)
        ),
        (NotAllowed::ChangeOwner { owner, admins }, Lang::En) => format!(
            "Nothing was changed: only administrators and coordinators of the owning organisation ({}) may give this confidential record to another organisation. {}",
            organisation_label(*owner, lang),
            ask(admins, lang)
        ),
        (NotAllowed::MarkOutside { theirs, admins }, Lang::Fr) => format!(
            "Rien n'a été modifié : un coordinateur ne rend confidentielles, et ne confie, que les fiches de son organisation ({}), et à elle seule. {}",
            organisation_label(*theirs, lang),
            ask(admins, lang)
        ),
        (NotAllowed::MarkOutside { theirs, admins }, Lang::En) => format!(
            "Nothing was changed: a coordinator marks confidential, and gives an owner to, only records of their own organisation ({}), and only to it. {}",
            organisation_label(*theirs, lang),
            ask(admins, lang)
        ),
        (NotAllowed::ChangeReason { owner, admins }, Lang::Fr) => format!(
            "Rien n'a été modifié : seuls les administrateurs et les coordinateurs de l'organisation propriétaire ({}) changent le motif de cette fiche confidentielle. {}",
            organisation_label(*owner, lang),
            ask(admins, lang)
        ),
        (NotAllowed::ChangeReason { owner, admins }, Lang::En) => format!(
            "Nothing was changed: only administrators and coordinators of the owning organisation ({}) change the reason of this confidential record. {}",
            organisation_label(*owner, lang),
            ask(admins, lang)
        ),
        (NotAllowed::NoConsent { wanted }, Lang::Fr) => format!(
            "Refusé, et noté au journal : aucun consentement pour l'usage « {} » n'est enregistré sur cette fiche, ses champs protégés ne sortent donc pas de l'application. Affichez-les à l'écran, ou enregistrez d'abord le consentement (passerelle consent).",
            crate::i18n::consent::use_label(*wanted, lang)
        ),
        (NotAllowed::NoConsent { wanted }, Lang::En) => format!(
            "Refused, and written in the audit trail: no consent to '{}' is recorded on this record, so its protected fields do not leave the application. Show them on screen, or record the consent first (passerelle consent).",
            crate::i18n::consent::use_label(*wanted, lang)
        ),
    }
}

/// The rule that keeps a task to administrators.
fn admin_task_rule(task: AdminTask, lang: Lang) -> &'static str {
    match task {
        AdminTask::Users => lang.pick(
            "Seuls les administrateurs gèrent les utilisateurs.",
            "Only administrators manage users.",
        ),
        AdminTask::Purge => lang.pick(
            "Seuls les administrateurs purgent les données personnelles des apprenants : l'anonymisation ne se défait pas.",
            "Only administrators purge learners' personal data: anonymising cannot be undone.",
        ),
        AdminTask::SubjectAccess => lang.pick(
            "Seuls les administrateurs répondent à une demande de droit d'accès : le relevé montre en clair les champs protégés.",
            "Only administrators answer a subject access request: the report shows protected fields in clear.",
        ),
        AdminTask::Backup => lang.pick(
            "Seuls les administrateurs sauvegardent la base : une sauvegarde contient tout, champs protégés et journal compris.",
            "Only administrators back up the store: a backup holds everything, protected fields and the audit trail included.",
        ),
        AdminTask::Demo => lang.pick(
            "Seuls les administrateurs ajoutent des données de démonstration à une base qui contient déjà des fiches : elles se mêleraient aux vraies.",
            "Only administrators add demonstration data to a store that already holds records: they would be mixed with real ones.",
        ),
        AdminTask::RemoveDemo => lang.pick(
            "Seuls les administrateurs retirent les données de démonstration : elles sont effacées pour de bon.",
            "Only administrators take demonstration data out: it is erased for good.",
        ),
    }
}

/// What is wrong with a user entry.
pub fn user_problem(problem: &UserProblem, lang: Lang) -> &'static str {
    match problem {
        UserProblem::Account(NameProblem::Empty) => {
            lang.pick("le compte est vide", "the account is empty")
        }
        UserProblem::Account(NameProblem::BadCharacter) => lang.pick(
            "un compte ne contient ni espace, ni caractère de contrôle, ni caractère invisible (de direction, de largeur nulle)",
            "an account holds no space, no control character and no invisible one (direction, zero width)",
        ),
        UserProblem::Account(NameProblem::TooLong) => lang.pick(
            "un compte compte au plus 100 caractères",
            "an account is at most 100 characters",
        ),
        UserProblem::Name(NameProblem::Empty) => lang.pick("le nom est vide", "the name is empty"),
        UserProblem::Name(NameProblem::BadCharacter) => lang.pick(
            "un nom ne contient ni caractère de contrôle ni caractère invisible (de direction, de largeur nulle)",
            "a name holds no control character and no invisible one (direction, zero width)",
        ),
        UserProblem::Name(NameProblem::TooLong) => lang.pick(
            "un nom compte au plus 100 caractères",
            "a name is at most 100 characters",
        ),
        UserProblem::CoordinatorWithoutOrganisation => lang.pick(
            "un coordinateur appartient à une organisation (organisation = paris, creteil, versailles ou cpme)",
            "a coordinator belongs to an organisation (organisation = paris, creteil, versailles or cpme)",
        ),
    }
}

/// Why `users.toml` cannot be used; nobody gets in until it is fixed.
fn users_file_problem(path: &str, problem: &UsersFileProblem, lang: Lang) -> String {
    let path = safe(path);
    let what = match (problem, lang) {
        (UsersFileProblem::Io(detail), _) => safe(detail),
        (UsersFileProblem::Syntax(detail), _) => detail.trim_end().to_owned(),
        (
            UsersFileProblem::Entry {
                account,
                line,
                problem,
            },
            Lang::Fr,
        ) => format!(
            "ligne {line}, compte « {} » : {}",
            safe(account),
            user_problem(problem, lang)
        ),
        (
            UsersFileProblem::Entry {
                account,
                line,
                problem,
            },
            Lang::En,
        ) => format!(
            "line {line}, account '{}': {}",
            safe(account),
            user_problem(problem, lang)
        ),
        (UsersFileProblem::NoAdmin, _) => lang
            .pick(
                "il ne nomme aucun administrateur (role = \"admin\")",
                "it names no administrator (role = \"admin\")",
            )
            .to_owned(),
        (UsersFileProblem::Withheld, _) => {
            return lang
                .pick(
                    "Le fichier des utilisateurs de la base est inutilisable : personne n'y a accès tant qu'il n'est pas corrigé. Prévenez l'administrateur (le détail est dans le journal du serveur).",
                    "The store's users file cannot be used: nobody has access until it is fixed. Tell the administrator (the detail is in the server's log).",
                )
                .to_owned();
        }
    };
    match lang {
        Lang::Fr => format!(
            "Fichier des utilisateurs {path} inutilisable : {what}\nPersonne n'a accès à la base tant qu'il n'est pas corrigé (rôles : admin, coordinator, reader ; organisations : paris, creteil, versailles, cpme)."
        ),
        Lang::En => format!(
            "Users file {path} cannot be used: {what}\nNobody has access to the store until it is fixed (roles: admin, coordinator, reader; organisations: paris, creteil, versailles, cpme)."
        ),
    }
}

/// Why a deleted record was not brought back.
fn restore_refusal(target: RecordRef, reason: &RestoreRefusal, lang: Lang) -> String {
    let record = |r: RecordRef| match lang {
        Lang::Fr => format!("{} n° {}", r.kind.label(lang), r.id),
        Lang::En => format!("{} number {}", r.kind.label(lang), r.id),
    };
    let code = || match target.kind {
        Kind::School => Field::Uai.label(lang),
        _ => Field::Siret.label(lang),
    };
    match (reason, lang) {
        (RestoreRefusal::NothingDeleted, Lang::Fr) => format!(
            "Rien à rétablir pour {} : la base ne garde aucune suppression de cette fiche (elle n'a pas été supprimée, ou a déjà été rétablie).",
            record(target)
        ),
        (RestoreRefusal::NothingDeleted, Lang::En) => format!(
            "Nothing to restore for {}: the store keeps no deletion of it (it was not deleted, or was restored already).",
            record(target)
        ),
        (RestoreRefusal::IdInUse, Lang::Fr) => format!(
            "Impossible de rétablir {} : une fiche porte déjà ce numéro. Rien n'a été modifié ; lancez « passerelle check » pour l'état complet.",
            record(target)
        ),
        (RestoreRefusal::IdInUse, Lang::En) => format!(
            "Cannot restore {}: a record already holds its number. Nothing was changed; run 'passerelle check' for the full picture.",
            record(target)
        ),
        (RestoreRefusal::LinkGone { role, target: gone }, Lang::Fr) => format!(
            "Impossible de rétablir {} : la fiche liée ({}), {}, n'existe plus. Rétablissez-la d'abord si elle vient d'être supprimée.",
            record(target),
            role.label(lang),
            record(*gone)
        ),
        (RestoreRefusal::LinkGone { role, target: gone }, Lang::En) => format!(
            "Cannot restore {}: the linked record ({}), {}, no longer exists. Restore it first if it was just deleted.",
            record(target),
            role.label(lang),
            record(*gone)
        ),
        (RestoreRefusal::CodeTaken { holder }, Lang::Fr) => format!(
            "Impossible de rétablir {} : son {} est désormais attribué à {}.",
            record(target),
            code(),
            record(RecordRef::new(target.kind, *holder))
        ),
        (RestoreRefusal::CodeTaken { holder }, Lang::En) => format!(
            "Cannot restore {}: its {} now belongs to {}.",
            record(target),
            code(),
            record(RecordRef::new(target.kind, *holder))
        ),
    }
}

/// What opening or using the store failed on, and what to do.
pub fn store_error(error: &StoreError, lang: Lang) -> String {
    match (error, lang) {
        (StoreError::Locked { path }, Lang::Fr) => format!(
            "La base {} est déjà ouverte par un autre programme passerelle. Fermez l'autre session, ou attendez qu'elle se termine, puis réessayez.",
            path.display()
        ),
        (StoreError::Locked { path }, Lang::En) => format!(
            "The store {} is already open in another passerelle process. Close the other session, or wait for it to end, then try again.",
            path.display()
        ),
        (
            StoreError::NewerSchema {
                path,
                found,
                supported,
            },
            Lang::Fr,
        ) => format!(
            "La base {} a été écrite par une version plus récente de passerelle (schéma {found} ; celle-ci lit jusqu'au schéma {supported}). Installez la dernière version ; la base n'a pas été modifiée.",
            path.display()
        ),
        (
            StoreError::NewerSchema {
                path,
                found,
                supported,
            },
            Lang::En,
        ) => format!(
            "The store {} was written by a newer passerelle (schema {found}; this one reads up to schema {supported}). Install the latest version; the store was not changed.",
            path.display()
        ),
        (StoreError::Corrupt { path, detail }, Lang::Fr) => format!(
            "La base {} est endommagée ({detail}). Elle n'a pas été modifiée. {}",
            path.display(),
            damaged_advice(lang)
        ),
        (StoreError::Corrupt { path, detail }, Lang::En) => format!(
            "The store {} is damaged ({detail}). It was not changed. {}",
            path.display(),
            damaged_advice(lang)
        ),
        (StoreError::StorageFull { path }, _) => disk_full(&path.display().to_string(), lang),
        (StoreError::Directory { path, problem }, _) => directory_problem(path, problem, lang),
        (StoreError::NotAStore { path }, Lang::Fr) => format!(
            "Le dossier {} contient des fichiers qui ne forment pas une base passerelle lisible (endommagée, ou d'un autre programme). Rien n'y a été écrit. S'il s'agit bien d'une base passerelle : {}",
            path.display(),
            damaged_advice(lang)
        ),
        (StoreError::NotAStore { path }, Lang::En) => format!(
            "The directory {} holds files that are not a readable passerelle store (damaged, or another program's). Nothing was written to it. If it is a passerelle store: {}",
            path.display(),
            damaged_advice(lang)
        ),
        (StoreError::CorruptRecord { kind, id, problem }, Lang::Fr) => format!(
            "{} n° {id} est endommagé dans la base ({problem}). Lancez « passerelle check » pour l'état complet.",
            kind.label(lang)
        ),
        (StoreError::CorruptRecord { kind, id, problem }, Lang::En) => format!(
            "{} number {id} is damaged in the store ({problem}). Run 'passerelle check' for the full picture.",
            kind.label(lang)
        ),
        (StoreError::CannotCreate { path, source }, Lang::Fr) => format!(
            "Impossible de créer ou d'ouvrir la base à {} ({source}). Choisissez un emplacement accessible avec --store ou PASSERELLE_STORE.",
            path.display()
        ),
        (StoreError::CannotCreate { path, source }, Lang::En) => format!(
            "Cannot create or open the store at {} ({source}). Choose a writable place with --store or PASSERELLE_STORE.",
            path.display()
        ),
        (StoreError::RestoreInterrupted { path }, Lang::Fr) => format!(
            "Une restauration dans {} a été interrompue (ou est en cours) : ce dossier n'est pas encore une base. Videz-le et relancez « passerelle restore ».",
            path.display()
        ),
        (StoreError::RestoreInterrupted { path }, Lang::En) => format!(
            "A restore into {} was interrupted (or is under way): this directory is no store yet. Empty it and run 'passerelle restore' again.",
            path.display()
        ),
        (
            StoreError::CannotMigrate {
                path,
                found,
                supported,
            },
            Lang::Fr,
        ) => format!(
            "La base {} est au schéma {found}, que cette version de passerelle ne sait pas migrer vers le schéma {supported}. Elle n'a pas été modifiée : passez par une version intermédiaire.",
            path.display()
        ),
        (
            StoreError::CannotMigrate {
                path,
                found,
                supported,
            },
            Lang::En,
        ) => format!(
            "The store {} has schema {found}, which this passerelle cannot migrate to schema {supported}. It was not changed: go through an intermediate version.",
            path.display()
        ),
        (other, Lang::Fr) => format!("Erreur de stockage : {other}."),
        (other, Lang::En) => format!("Storage error: {other}."),
    }
}

/// "12 fiches, 80 entrées d'index, 14 entrées d'audit vérifiées."
pub fn check_summary(report: &CheckReport, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "{}, {}, {} vérifiées.",
            counted(lang, report.records, "fiche", "fiches"),
            counted(
                lang,
                report.index_entries,
                "entrée d'index",
                "entrées d'index"
            ),
            counted(
                lang,
                report.audit_entries,
                "entrée d'audit",
                "entrées d'audit"
            )
        ),
        Lang::En => format!(
            "{}, {}, {} checked.",
            counted(lang, report.records, "record", "records"),
            counted(lang, report.index_entries, "index entry", "index entries"),
            counted(lang, report.audit_entries, "audit entry", "audit entries")
        ),
    }
}

/// An index of the store by what it holds, with its article (« l'index
/// des noms des établissements »), from its tree's name; a name not
/// known here is quoted as it is.
fn index_name(tree: &str, lang: Lang) -> String {
    use crate::i18n::labels::kind_plural;
    let of_kind = |rest: &str| crate::domain::Kind::from_code(rest).map(|k| kind_plural(k, lang));
    let fr = |what: &str| format!("l'index {what}");
    let en = |what: &str| format!("the index of {what}");
    let words = match (tree.split_once('/').map(|(_, rest)| rest), lang) {
        (Some(rest), _) if rest.starts_with("name/") || rest.starts_with("date/") => {
            let (what, kind) = rest.split_once('/').unwrap_or((rest, ""));
            match (of_kind(kind), what, lang) {
                (Some(kinds), "name", Lang::Fr) => Some(fr(&format!("des noms ({kinds})"))),
                (Some(kinds), "name", Lang::En) => Some(en(&format!("names ({kinds})"))),
                (Some(kinds), _, Lang::Fr) => Some(fr(&format!("des dates ({kinds})"))),
                (Some(kinds), _, Lang::En) => Some(en(&format!("dates ({kinds})"))),
                (None, _, _) => None,
            }
        }
        (Some("words"), Lang::Fr) => Some(fr("des mots des noms")),
        (Some("words"), Lang::En) => Some(en("the words of names")),
        (Some("uai"), Lang::Fr) => Some(fr("des UAI")),
        (Some("uai"), Lang::En) => Some(en("UAIs")),
        (Some("siret"), Lang::Fr) => Some(fr("des SIRET")),
        (Some("siret"), Lang::En) => Some(en("SIRETs")),
        (Some("placement_status"), Lang::Fr) => Some(fr("des stages par statut")),
        (Some("placement_status"), Lang::En) => Some(en("placements by status")),
        (Some("placement_school"), Lang::Fr) => Some(fr("des stages par établissement")),
        (Some("placement_school"), Lang::En) => Some(en("placements by school")),
        (Some("placement_company"), Lang::Fr) => Some(fr("des stages par entreprise")),
        (Some("placement_company"), Lang::En) => Some(en("placements by company")),
        (Some("immersion_status"), Lang::Fr) => Some(fr("des immersions par statut")),
        (Some("immersion_status"), Lang::En) => Some(en("immersions by status")),
        (Some("agreement_notice"), Lang::Fr) => Some(fr("des préavis des conventions")),
        (Some("agreement_notice"), Lang::En) => Some(en("agreements' notices")),
        _ => match (tree, lang) {
            ("links", Lang::Fr) => Some(fr("des liens entre fiches")),
            ("links", Lang::En) => Some(en("links between records")),
            _ => None,
        },
    };
    words.unwrap_or_else(|| match lang {
        Lang::Fr => format!("l'index « {tree} »"),
        Lang::En => format!("the index '{tree}'"),
    })
}

/// One problem found by `check`.
pub fn problem_text(problem: &Problem, lang: Lang) -> String {
    let record = |kind: crate::domain::Kind, id: crate::domain::RecordId| {
        format!("{} n° {id}", kind.label(lang))
    };
    match (problem, lang) {
        (Problem::DamagedRecord { kind, id, detail }, Lang::Fr) => {
            format!("{} illisible : {detail}", record(*kind, *id))
        }
        (Problem::DamagedRecord { kind, id, detail }, Lang::En) => {
            format!("{} unreadable: {detail}", record(*kind, *id))
        }
        (Problem::MissingIndexEntry { index, record: r }, Lang::Fr) => {
            format!(
                "{} absent de {}",
                record(r.kind, r.id),
                index_name(index, lang)
            )
        }
        (Problem::MissingIndexEntry { index, record: r }, Lang::En) => {
            format!(
                "{} missing from {}",
                record(r.kind, r.id),
                index_name(index, lang)
            )
        }
        (Problem::WrongIndexEntry { index, record: r }, Lang::Fr) => {
            format!(
                "{} : entrée fausse dans {}",
                record(r.kind, r.id),
                index_name(index, lang)
            )
        }
        (Problem::WrongIndexEntry { index, record: r }, Lang::En) => {
            format!(
                "{}: wrong entry in {}",
                record(r.kind, r.id),
                index_name(index, lang)
            )
        }
        (Problem::StrayIndexEntry { index, record: r }, Lang::Fr) => match r {
            Some(r) => format!(
                "entrée de {} sans fiche correspondante ({})",
                index_name(index, lang),
                record(r.kind, r.id)
            ),
            None => format!(
                "entrées de {} sans fiche correspondante",
                index_name(index, lang)
            ),
        },
        (Problem::StrayIndexEntry { index, record: r }, Lang::En) => match r {
            Some(r) => format!(
                "entry of {} with no matching record ({})",
                index_name(index, lang),
                record(r.kind, r.id)
            ),
            None => format!(
                "entries of {} with no matching record",
                index_name(index, lang)
            ),
        },
        (Problem::BrokenLink { from, role, to }, Lang::Fr) => format!(
            "{} pointe vers {} ({}), qui n'existe pas",
            record(from.kind, from.id),
            record(to.kind, to.id),
            role.label(lang)
        ),
        (Problem::BrokenLink { from, role, to }, Lang::En) => format!(
            "{} points to {} ({}), which does not exist",
            record(from.kind, from.id),
            record(to.kind, to.id),
            role.label(lang)
        ),
        (
            Problem::WrongCounter {
                counter,
                stored,
                counted,
            },
            Lang::Fr,
        ) => {
            format!("compteur {counter} : {stored} enregistré, {counted} compté")
        }
        (
            Problem::WrongCounter {
                counter,
                stored,
                counted,
            },
            Lang::En,
        ) => {
            format!("counter {counter}: {stored} stored, {counted} counted")
        }
        (Problem::AuditChainBroken { sequence, at_end }, Lang::Fr) => {
            if *at_end {
                format!(
                    "journal : l'entrée {sequence}, la dernière, ne correspond pas à l'empreinte gardée ; une entrée a été modifiée ou retirée"
                )
            } else {
                format!(
                    "journal : l'entrée {sequence} n'est pas chaînée à la précédente ; une entrée a été modifiée, retirée ou déplacée"
                )
            }
        }
        (Problem::AuditChainBroken { sequence, at_end }, Lang::En) => {
            if *at_end {
                format!(
                    "audit trail: entry {sequence}, the last, does not match the hash kept; an entry was altered or removed"
                )
            } else {
                format!(
                    "audit trail: entry {sequence} is not chained to the one before; an entry was altered, removed or reordered"
                )
            }
        }
        (Problem::DamagedCounter { key }, Lang::Fr) => format!("compteur {key} illisible"),
        (Problem::DamagedCounter { key }, Lang::En) => format!("counter {key} unreadable"),
        (Problem::MaskedValueStored { record: r }, Lang::Fr) => {
            format!(
                "{} garde une valeur masquée au lieu de la vraie",
                record(r.kind, r.id)
            )
        }
        (Problem::MaskedValueStored { record: r }, Lang::En) => {
            format!(
                "{} holds a masked value instead of the real one",
                record(r.kind, r.id)
            )
        }
        (Problem::TutorNotOfCompany { placement, tutor }, Lang::Fr) => format!(
            "{} : le tuteur ({}) ne travaille plus dans l'entreprise du stage",
            record(placement.kind, placement.id),
            record(tutor.kind, tutor.id)
        ),
        (Problem::TutorNotOfCompany { placement, tutor }, Lang::En) => format!(
            "{}: the tutor ({}) no longer works at the placement's company",
            record(placement.kind, placement.id),
            record(tutor.kind, tutor.id)
        ),
        (
            Problem::IdSequenceBehind {
                kind,
                last_given,
                highest,
            },
            Lang::Fr,
        ) => format!(
            "numérotation des {} en retard : dernier numéro donné {last_given}, plus grand existant {highest}",
            crate::i18n::labels::kind_plural(*kind, lang)
        ),
        (
            Problem::IdSequenceBehind {
                kind,
                last_given,
                highest,
            },
            Lang::En,
        ) => format!(
            "{} numbering is behind: last number given {last_given}, highest existing {highest}",
            crate::i18n::labels::kind_plural(*kind, lang)
        ),
        (Problem::DamagedAuditEntry { sequence, detail }, Lang::Fr) => {
            format!("entrée d'audit {sequence} : {detail}")
        }
        (Problem::DamagedAuditEntry { sequence, detail }, Lang::En) => {
            format!("audit entry {sequence}: {detail}")
        }
        (
            Problem::DamagedDraft {
                account,
                id,
                detail,
            },
            Lang::Fr,
        ) => format!(
            "brouillon n° {id} de {} illisible : {detail}",
            neutralise_controls(account, true)
        ),
        (
            Problem::DamagedDraft {
                account,
                id,
                detail,
            },
            Lang::En,
        ) => format!(
            "draft {id} of {} unreadable: {detail}",
            neutralise_controls(account, true)
        ),
        (Problem::DamagedTombstone { record: r, detail }, Lang::Fr) => match r {
            Some(r) => format!(
                "copie de {} gardée après sa suppression, illisible : {detail}",
                record(r.kind, r.id)
            ),
            None => format!("copie d'une fiche supprimée illisible : {detail}"),
        },
        (Problem::DamagedTombstone { record: r, detail }, Lang::En) => match r {
            Some(r) => format!(
                "deleted {}, kept for restoring, unreadable: {detail}",
                record(r.kind, r.id)
            ),
            None => format!("a deleted record kept for restoring is unreadable: {detail}"),
        },
        (Problem::TombstoneOfLiveRecord { record: r }, Lang::Fr) => format!(
            "{} existe, et une copie supprimée en est aussi gardée",
            record(r.kind, r.id)
        ),
        (Problem::TombstoneOfLiveRecord { record: r }, Lang::En) => format!(
            "{} exists while a deleted copy of it is also kept",
            record(r.kind, r.id)
        ),
        (Problem::DamagedConsent { record: r, detail }, Lang::Fr) => match r {
            Some(r) => format!(
                "consentement de {} illisible : {detail}",
                record(r.kind, r.id)
            ),
            None => format!("un consentement illisible : {detail}"),
        },
        (Problem::DamagedConsent { record: r, detail }, Lang::En) => match r {
            Some(r) => format!("consent of {} unreadable: {detail}", record(r.kind, r.id)),
            None => format!("a consent is unreadable: {detail}"),
        },
        (Problem::ConsentOfNoRecord { record: r }, Lang::Fr) => format!(
            "un consentement est gardé pour {}, qui n'existe pas",
            record(r.kind, r.id)
        ),
        (Problem::ConsentOfNoRecord { record: r }, Lang::En) => format!(
            "a consent is kept for {}, which does not exist",
            record(r.kind, r.id)
        ),
        (Problem::DamagedImportNote { record: r, detail }, Lang::Fr) => match r {
            Some(r) => format!(
                "la note d'import de {} est illisible : {detail}",
                record(r.kind, r.id)
            ),
            None => format!("une note d'import est illisible : {detail}"),
        },
        (Problem::DamagedImportNote { record: r, detail }, Lang::En) => match r {
            Some(r) => format!(
                "the import note of {} is unreadable: {detail}",
                record(r.kind, r.id)
            ),
            None => format!("an import note is unreadable: {detail}"),
        },
        (Problem::ImportNoteOfNoRecord { record: r }, Lang::Fr) => format!(
            "une note d'import est gardée pour {}, qui n'existe pas",
            record(r.kind, r.id)
        ),
        (Problem::ImportNoteOfNoRecord { record: r }, Lang::En) => format!(
            "an import note is kept for {}, which does not exist",
            record(r.kind, r.id)
        ),
        (Problem::DemoMarkOfNoRecord { record: r }, Lang::Fr) => match r {
            Some(r) => format!(
                "une marque de démonstration est gardée pour {}, qui n'existe pas",
                record(r.kind, r.id)
            ),
            None => "une marque de démonstration est illisible".to_owned(),
        },
        (Problem::DemoMarkOfNoRecord { record: r }, Lang::En) => match r {
            Some(r) => format!(
                "a demonstration mark is kept for {}, which does not exist",
                record(r.kind, r.id)
            ),
            None => "a demonstration mark is unreadable".to_owned(),
        },
    }
}

/// The disk holding the store is full: what was not done, that nothing
/// is lost, and what to do.
fn disk_full(path: &str, lang: Lang) -> String {
    let path = safe(path);
    let place = match (path.is_empty(), lang) {
        (true, Lang::Fr) => "la base".to_owned(),
        (true, Lang::En) => "the store".to_owned(),
        (false, Lang::Fr) => format!("la base ({path})"),
        (false, Lang::En) => format!("the store ({path})"),
    };
    match lang {
        Lang::Fr => format!(
            "Le disque qui porte {place} est plein : cette opération n'a pas été faite, et rien de ce qui était déjà enregistré n'est perdu. Libérez de la place sur ce disque (ou demandez-le à l'administrateur), puis recommencez : le serveur reprend de lui-même."
        ),
        Lang::En => format!(
            "The disk holding {place} is full: this operation was not done, and nothing saved before is lost. Free some space on that disk (or ask the administrator to), then try again: the server resumes by itself."
        ),
    }
}

/// The snapshot files set aside at an open, for `check`.
pub fn set_aside_note(names: &[String], lang: Lang) -> String {
    let list: Vec<String> = names
        .iter()
        .map(|name| format!("  {}", safe(name)))
        .collect();
    let head = match lang {
        Lang::Fr => format!(
            "Mis de côté dans le dossier {} de la base ({}) : des instantanés que la base n'a pas pu relire à une ouverture (une écriture interrompue, un disque plein). Rien de ce qui était enregistré n'y manque : la base les a reconstitués. Ils sont gardés pour examen ; on peut les supprimer.",
            crate::store::snapshots::SET_ASIDE_DIR,
            names.len()
        ),
        Lang::En => format!(
            "Set aside in the store's {} directory ({}): snapshots the store could not read back at an open (an interrupted write, a full disk). Nothing saved is missing: the store rebuilt them. They are kept for inspection; they may be deleted.",
            crate::store::snapshots::SET_ASIDE_DIR,
            names.len()
        ),
    };
    std::iter::once(head)
        .chain(list)
        .collect::<Vec<_>>()
        .join("\n")
}

/// What to do with a store that does not read back, in an order that
/// never loses what was saved: a copy first, then a look, and a backup
/// restored only last (it would take back everything saved since).
fn damaged_advice(lang: Lang) -> &'static str {
    lang.pick(
        "D'abord, copiez le dossier de la base ailleurs tel qu'il est (« cp -a », le serveur arrêté) : c'est ce qui garde tout ce qui a été enregistré. Puis lancez « passerelle check » pour voir ce qui est touché, et prévenez l'administrateur ; « passerelle salvage COPIE --store NOUVEAU » refait une base de tout ce qui se lit encore. Ne restaurez une sauvegarde qu'en dernier recours : tout ce qui a été enregistré depuis serait perdu.",
        "First, copy the store's directory elsewhere as it is ('cp -a', with the server stopped): that keeps everything saved. Then run 'passerelle check' to see what is affected, and tell the administrator; 'passerelle salvage COPY --store NEW' makes a new store of everything that still reads. Restore a backup only as a last resort: everything saved since would be lost.",
    )
}

/// Why a directory cannot hold the store, and how to put it right.
pub(crate) fn directory_problem(
    path: &std::path::Path,
    problem: &crate::store::directory::DirectoryProblem,
    lang: Lang,
) -> String {
    use crate::store::directory::DirectoryProblem;
    let path = safe(&path.display().to_string());
    let fr = lang == Lang::Fr;
    match problem {
        DirectoryProblem::Root if fr => format!(
            "{path} est la racine du système : une base n'y a pas sa place. Choisissez un dossier à elle avec --store."
        ),
        DirectoryProblem::Root => format!(
            "{path} is the system's root: no place for a store. Choose a directory of its own with --store."
        ),
        DirectoryProblem::NotADirectory if fr => format!(
            "{path} est un fichier, pas un dossier : choisissez un dossier pour la base avec --store."
        ),
        DirectoryProblem::NotADirectory => format!(
            "{path} is a file, not a directory: choose a directory for the store with --store."
        ),
        DirectoryProblem::OwnedByOther { owner, opener } if fr => format!(
            "Le dossier de la base {path} appartient au compte « {} », pas à « {} » qui l'ouvre : un autre compte pourrait y remplacer ce que la base lit. Ouvrez-la en tant que « {} » (ou par son serveur), ou, si ce dossier est bien le vôtre : « chown {} {path} ».",
            safe(owner),
            safe(opener),
            safe(owner),
            safe(opener)
        ),
        DirectoryProblem::OwnedByOther { owner, opener } => format!(
            "The store's directory {path} belongs to the account '{}', not to '{}' who opens it: another account could replace what the store reads. Open it as '{}' (or through its server), or, if this directory is yours: 'chown {} {path}'.",
            safe(owner),
            safe(opener),
            safe(owner),
            safe(opener)
        ),
        DirectoryProblem::WritableByOthers { mode } if fr => format!(
            "Le dossier de la base {path} est modifiable par d'autres comptes (droits {mode:04o}) : n'importe lequel pourrait y mettre un users.toml ou une socket à lui. Retirez-leur l'écriture : « chmod go-w {path} » (pour une équipe : 2750, voir docs/operations.md)."
        ),
        DirectoryProblem::WritableByOthers { mode } => format!(
            "The store's directory {path} is writable by other accounts (mode {mode:04o}): any of them could put a users.toml or a socket of their own in it. Take their write access away: 'chmod go-w {path}' (for a team: 2750, see docs/operations.md)."
        ),
        DirectoryProblem::Foreign { entry } if fr => format!(
            "Le dossier {path} contient « {} », qui n'est pas d'une base passerelle : rien n'y a été écrit. Choisissez un dossier vide ou une base existante avec --store.",
            safe(entry)
        ),
        DirectoryProblem::Foreign { entry } => format!(
            "The directory {path} holds '{}', which is no part of a passerelle store: nothing was written to it. Choose an empty directory or an existing store with --store.",
            safe(entry)
        ),
        DirectoryProblem::MarkerMissing if fr => format!(
            "Le dossier {path} contient une base passerelle dont le fichier témoin ({}) a disparu : elle n'a pas été ouverte, rien n'y a été écrit. Si c'est bien votre base, recréez-le (« touch {path}/{} »), puis relancez.",
            crate::store::STORE_MARKER,
            crate::store::STORE_MARKER
        ),
        DirectoryProblem::MarkerMissing => format!(
            "The directory {path} holds a passerelle store whose marker file ({}) is gone: it was not opened, nothing was written to it. If it is your store, make the file again ('touch {path}/{}'), then try again.",
            crate::store::STORE_MARKER,
            crate::store::STORE_MARKER
        ),
        DirectoryProblem::PartMissing { part } if fr => format!(
            "La base {path} n'a plus son fichier « {} » : elle n'a pas été ouverte, rien n'y a été écrit. {}",
            safe(part),
            damaged_advice(lang)
        ),
        DirectoryProblem::PartMissing { part } => format!(
            "The store {path} lacks its file '{}': it was not opened, nothing was written to it. {}",
            safe(part),
            damaged_advice(lang)
        ),
    }
}
