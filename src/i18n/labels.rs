//! What every closed choice is called, in both languages.

use crate::domain::academie::{Academie, Organisation};
use crate::domain::audit::FrontEnd;
use crate::domain::forms::{OrganisationChoice, OwnerChoice, SensitiveNeed};
use crate::domain::kind::Kind;
use crate::domain::place::Precision;
use crate::domain::records::{
    AcademicService, AgreementKind, ContactRole, EventKind, HeadcountBand, InclusiveKind, Level,
    LinkRole, Missing, Offer, OpeningState, PlacementKind, RecordRef, Renewal, ResidencePermit,
    SchoolKind, Sector, SpecialUnit, StaffRole,
};
use crate::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use crate::domain::validation::Field;
use crate::i18n::{Lang, count};

/// The name of a choice for people.
pub trait Label {
    fn label(&self, lang: Lang) -> &'static str;
}

macro_rules! labels {
    ($ty:ident { $($variant:ident => $fr:literal, $en:literal;)+ }) => {
        impl Label for $ty {
            fn label(&self, lang: Lang) -> &'static str {
                match self {
                    $($ty::$variant => lang.pick($fr, $en),)+
                }
            }
        }
    };
}

labels!(Kind {
    School => "établissement", "school";
    Company => "entreprise", "company";
    Contact => "contact", "contact";
    Learner => "apprenant", "learner";
    Placement => "stage", "placement";
    Immersion => "immersion", "immersion";
    Event => "événement", "event";
    Agreement => "convention", "agreement";
});

/// Plural names of the kinds, for headings and counts.
/// How many records are named in a line; the rest are counted.
const NAMED: usize = 10;

/// Records by kind and number, the first few: « stage n° 12, apprenant
/// n° 3 et 4 de plus ».
pub fn records_named(lang: Lang, records: &[RecordRef]) -> String {
    let mut names: Vec<String> = records
        .iter()
        .take(NAMED)
        .map(|r| format!("{} n° {}", r.kind.label(lang), r.id))
        .collect();
    if records.len() > NAMED {
        let more = count(lang, (records.len() - NAMED) as u64);
        names.push(match lang {
            Lang::Fr => format!("et {more} de plus"),
            Lang::En => format!("and {more} more"),
        });
    }
    names.join(", ")
}

pub fn kind_plural(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::School => lang.pick("établissements", "schools"),
        Kind::Company => lang.pick("entreprises", "companies"),
        Kind::Contact => lang.pick("contacts", "contacts"),
        Kind::Learner => lang.pick("apprenants", "learners"),
        Kind::Placement => lang.pick("stages", "placements"),
        Kind::Immersion => lang.pick("immersions", "immersions"),
        Kind::Event => lang.pick("événements", "events"),
        Kind::Agreement => lang.pick("conventions", "agreements"),
    }
}

/// A kind named on the command line: its code (`school`, `schools`) or
/// its French name, singular or plural, accents and case ignored
/// (« établissements », « stage », « élèves »).
pub fn kind_named(input: &str) -> Option<Kind> {
    Kind::parse(input).or_else(|| {
        let folded = crate::domain::text::fold(input);
        let folded = folded.trim();
        let synonyms = [
            ("ecole", Kind::School),
            ("ecoles", Kind::School),
            ("eleve", Kind::Learner),
            ("eleves", Kind::Learner),
        ];
        Kind::ALL
            .iter()
            .copied()
            .find(|kind| {
                [kind.label(Lang::Fr), kind_plural(*kind, Lang::Fr)]
                    .iter()
                    .any(|name| crate::domain::text::fold(name) == folded)
            })
            .or_else(|| {
                synonyms
                    .iter()
                    .find(|(name, _)| *name == folded)
                    .map(|(_, kind)| *kind)
            })
    })
}

/// A kind with its definite article: « l'établissement », « la
/// convention », « the school ».
pub fn the_kind(kind: Kind, lang: Lang) -> String {
    let word = kind.label(lang);
    match lang {
        Lang::En => format!("the {word}"),
        Lang::Fr => match kind {
            Kind::School | Kind::Company | Kind::Learner | Kind::Immersion | Kind::Event => {
                format!("l'{word}")
            }
            Kind::Agreement => format!("la {word}"),
            Kind::Contact | Kind::Placement => format!("le {word}"),
        },
    }
}

/// An organisation with its article: « l'académie de Paris », « la CPME
/// Île-de-France ».
pub fn the_organisation(organisation: Organisation, lang: Lang) -> String {
    let name = organisation.label(lang);
    match (lang, organisation) {
        (Lang::En, _) => name.to_owned(),
        (Lang::Fr, Organisation::CpmeIdf) => format!("la {name}"),
        (Lang::Fr, _) => format!("l'{name}"),
    }
}

labels!(Academie {
    Paris => "Paris", "Paris";
    Creteil => "Créteil", "Créteil";
    Versailles => "Versailles", "Versailles";
});

labels!(Organisation {
    AcademieParis => "académie de Paris", "académie de Paris";
    AcademieCreteil => "académie de Créteil", "académie de Créteil";
    AcademieVersailles => "académie de Versailles", "académie de Versailles";
    CpmeIdf => "CPME Île-de-France", "CPME Île-de-France";
});

labels!(SchoolKind {
    College => "collège", "collège (lower secondary)";
    LyceeGeneral => "lycée général et technologique", "general and technological lycée";
    LyceeProfessionnel => "lycée professionnel", "vocational lycée";
    LyceePolyvalent => "lycée polyvalent", "multi-track lycée";
    Cfa => "CFA", "apprentice training centre (CFA)";
    Erea => "EREA", "adapted regional school (EREA)";
    Universite => "université", "university";
});

labels!(Sector {
    Public => "public", "public";
    Private => "privé", "private";
});

labels!(SpecialUnit {
    Ulis => "ULIS", "ULIS";
    Upe2a => "UPE2A", "UPE2A";
    Upe2aUlis => "UPE2A-ULIS", "UPE2A-ULIS";
    Segpa => "SEGPA", "SEGPA";
});

labels!(HeadcountBand {
    Unknown => "effectif inconnu", "headcount unknown";
    NoEmployee => "sans salarié", "no employee";
    From1To9 => "1 à 9 salariés", "1 to 9 employees";
    From10To49 => "10 à 49 salariés", "10 to 49 employees";
    From50To249 => "50 à 249 salariés", "50 to 249 employees";
    From250 => "250 salariés et plus", "250 employees or more";
});

labels!(Offer {
    Observation => "stage d'observation", "observation placement";
    Stage => "stage", "internship";
    Pfmp => "PFMP", "PFMP (vocational placement)";
    Apprenticeship => "apprentissage", "apprenticeship";
    TeacherImmersion => "immersion d'enseignants", "teacher immersion";
    Visit => "visite d'entreprise", "company visit";
    Testimony => "témoignage", "testimony";
});

labels!(InclusiveKind {
    Ordinary => "entreprise classique", "ordinary company";
    EntrepriseAdaptee => "entreprise adaptée", "adapted company (EA)";
    Esat => "ESAT", "sheltered workshop (ESAT)";
});

labels!(ContactRole {
    ChefEtablissement => "chef d'établissement", "head of school";
    ProfesseurReferent => "professeur référent", "referent teacher";
    PsyEn => "psychologue de l'Éducation nationale", "school psychologist (PsyEN)";
    Ddfpt => "DDFPT", "head of vocational training (DDFPT)";
    Dirigeant => "dirigeant", "company head";
    Tuteur => "tuteur", "tutor";
    Cee => "conseiller entreprises pour l'école", "business adviser to schools (CEE)";
    Coordinateur => "coordinateur", "coordinator";
    Other => "autre", "other";
});

labels!(AcademicService {
    Casnav => "CASNAV", "CASNAV";
    Dafpic => "DAFPIC", "DAFPIC";
    Daet => "DAET", "DAET";
    Mlds => "mission de lutte contre le décrochage", "dropout prevention mission (MLDS)";
    Ash => "mission ASH (élèves handicapés)", "disability inclusion mission (ASH)";
    Other => "autre service", "other service";
});

labels!(OrganisationChoice {
    School => "établissement", "school";
    Company => "entreprise", "company";
    Cpme => "CPME Île-de-France", "CPME Île-de-France";
    Casnav => "CASNAV (service académique)", "CASNAV (académie service)";
    Dafpic => "DAFPIC (service académique)", "DAFPIC (académie service)";
    Daet => "DAET (service académique)", "DAET (académie service)";
    Mlds => "mission de lutte contre le décrochage", "dropout prevention mission (MLDS)";
    Ash => "mission ASH (élèves handicapés)", "disability inclusion mission (ASH)";
    OtherService => "autre service académique", "other académie service";
});

labels!(Level {
    Troisieme => "3e", "year 10 (3e)";
    Seconde => "2nde", "year 11 (2nde)";
    Premiere => "1re", "year 12 (1re)";
    Terminale => "terminale", "year 13 (terminale)";
    Cap => "CAP", "CAP";
    BacPro => "bac pro", "vocational baccalauréat";
    Bts => "BTS", "BTS";
    Licence => "licence", "bachelor's";
    Master => "master", "master's";
    Other => "autre", "other";
});

labels!(ResidencePermit {
    NotApplicable => "sans objet", "not applicable";
    Pending => "titre de séjour en attente", "residence permit pending";
    AuthorisedToWork => "autorisé à travailler", "authorised to work";
    Refused => "titre refusé", "permit refused";
});

labels!(SensitiveNeed {
    Disability => "handicap", "disability";
    CasnavFollowed => "suivi par le CASNAV", "followed by the CASNAV";
    PermitPending => "titre de séjour en attente", "residence permit pending";
    PermitAuthorisedToWork => "titre de séjour : autorisé à travailler", "residence permit: authorised to work";
    PermitRefused => "titre de séjour refusé", "residence permit refused";
});

labels!(PlacementKind {
    Observation => "séquence d'observation (3e)", "observation week (3e)";
    StageSeconde => "stage de seconde", "year-11 internship";
    Pfmp => "PFMP", "vocational placement (PFMP)";
    Apprenticeship => "contrat d'apprentissage", "apprenticeship";
    StudentInternship => "stage étudiant", "student internship";
});

labels!(Missing {
    Company => "entreprise", "company";
    Signature => "signature", "signature";
    Tutor => "tuteur", "tutor";
});

labels!(PlacementStatus {
    Requested => "demandé", "requested";
    CompanyProposed => "entreprise proposée", "company proposed";
    AgreementSigned => "convention signée", "agreement signed";
    UnderWay => "en cours", "under way";
    Done => "terminé", "done";
    Cancelled => "annulé", "cancelled";
});

labels!(ImmersionStatus {
    Proposed => "proposée", "proposed";
    Validated => "période validée", "period validated";
    Done => "réalisée", "held";
    Evaluated => "évaluée", "evaluated";
    Cancelled => "annulée", "cancelled";
});

labels!(AgreementStatus {
    Draft => "en préparation", "draft";
    Signed => "signée", "signed";
    NoticeGiven => "dénoncée (préavis en cours)", "notice given";
    Ended => "terminée", "ended";
});

labels!(StaffRole {
    Enseignant => "enseignant", "teacher";
    ChefEtablissement => "chef d'établissement", "head of school";
    Inspecteur => "inspecteur", "inspector";
    PsyEn => "psychologue de l'Éducation nationale", "school psychologist";
    Cpe => "CPE", "student life adviser (CPE)";
    Other => "autre", "other";
});

labels!(Renewal {
    Yes => "oui", "yes";
    No => "non", "no";
    ToDiscuss => "à discuter", "to discuss";
});

labels!(EventKind {
    CompanyVisit => "visite d'entreprise", "company visit";
    CareersFair => "forum des métiers", "careers fair";
    Testimony => "témoignage de professionnels", "professionals' testimony";
    Conference => "conférence", "conference";
    RoundTable => "table ronde", "round table";
    ExamJury => "jury d'examen", "exam jury";
    Contest => "concours", "contest";
    DropoutPrevention => "action contre le décrochage", "dropout prevention";
    Entrepreneurship => "esprit d'entreprendre", "entrepreneurship";
});

labels!(AgreementKind {
    Framework => "convention cadre", "framework agreement";
    Local => "convention locale", "local agreement";
    Amendment => "avenant", "amendment";
});

labels!(LinkRole {
    School => "établissement", "school";
    Company => "entreprise", "company";
    Learner => "apprenant", "learner";
    Tutor => "tuteur", "tutor";
    Organisation => "structure", "organisation";
    Party => "partie", "party";
    Parent => "convention d'origine", "parent agreement";
});

labels!(FrontEnd {
    Cli => "ligne de commande", "command line";
    Tui => "interface plein écran", "terminal interface";
    Server => "serveur", "server";
    Import => "import", "import";
    Demo => "données de démonstration", "demonstration data";
    Unstated => "non dite", "not stated";
});

labels!(Field {
    Id => "numéro", "number";
    Name => "nom", "name";
    Uai => "UAI", "UAI";
    Siret => "SIRET", "SIRET";
    Naf => "code NAF", "NAF code";
    Commune => "commune", "town";
    PostalCode => "code postal", "postal code";
    Email => "courriel", "e-mail";
    Phone => "téléphone", "phone";
    Notes => "notes", "notes";
    SpecialUnits => "dispositifs", "special units";
    ApprenticeshipSections => "sections d'apprentissage", "apprenticeship sections";
    Offers => "offres", "offers";
    Organisation => "structure", "organisation";
    School => "établissement", "school";
    SchoolYear => "année scolaire", "school year";
    SensitiveNeeds => "besoins particuliers", "particular needs";
    Learner => "apprenant", "learner";
    Company => "entreprise", "company";
    Tutor => "tuteur", "tutor";
    Start => "début", "start";
    End => "fin", "end";
    Status => "statut", "status";
    SignedOn => "signée le", "signed on";
    CancelReason => "motif d'annulation", "reason for cancelling";
    Person => "personne", "person";
    Days => "jours", "days";
    Evaluation => "évaluation", "evaluation";
    Rating => "note", "rating";
    Comment => "commentaire", "comment";
    TeacherFeedback => "retour de l'enseignant", "teacher's feedback";
    CompanyFeedback => "retour de l'entreprise", "company's feedback";
    EvaluatedBy => "évaluée par", "evaluated by";
    EvaluatedOn => "évaluée le", "evaluated on";
    Title => "intitulé", "title";
    Date => "date", "date";
    Place => "lieu", "place";
    Schools => "établissements", "schools";
    Companies => "entreprises", "companies";
    Parent => "convention d'origine", "parent agreement";
    DurationMonths => "durée (mois)", "duration (months)";
    NoticeMonths => "préavis (mois)", "notice (months)";
    ConfidentialityReason => "motif de confidentialité", "reason for confidentiality";
    Kind => "type", "kind";
    Sector => "secteur", "sector";
    Academie => "académie", "académie";
    Headcount => "effectif", "headcount";
    CpmeMember => "adhérente CPME", "CPME member";
    InclusiveKind => "emploi inclusif", "inclusive employment";
    Role => "fonction", "role";
    Level => "niveau", "level";
    PersonRole => "fonction", "role";
    Renew => "reconduire l'an prochain", "renew next year";
    Welcome => "accueil", "welcome";
    TradesDiscovery => "découverte des métiers", "discovery of trades";
    TeachingUse => "intérêt pour l'enseignement", "use for teaching";
    OrganisationRating => "organisation", "organisation";
    PupilsReached => "élèves touchés", "pupils reached";
    Confidentiality => "confidentiel", "confidential";
    Revision => "révision", "revision";
    Created => "créée", "created";
    Updated => "modifiée", "updated";
    Missing => "manque", "missing";
    NoticeDeadline => "dernier jour pour dénoncer", "last day to give notice";
    EndsOn => "fin", "ends on";
    ConsentGivenBy => "consentement donné par", "consent given by";
    ConsentGivenOn => "consentement donné le", "consent given on";
    ConsentUses => "usages consentis", "uses consented to";
    ConfidentialityOwner => "organisation propriétaire", "owning organisation";
    Address => "adresse", "address";
    Location => "position", "location";
    OpeningState => "état", "state";
});

labels!(OpeningState {
    Open => "ouvert", "open";
    Opening => "à ouvrir", "opening";
    Closing => "à fermer", "closing";
    Closed => "fermé", "closed";
});

labels!(Precision {
    Address => "à l'adresse", "at the address";
    Commune => "centre de la commune, approché", "centre of the commune, approximate";
});

labels!(OwnerChoice {
    Unowned => "aucune", "none";
    Paris => "académie de Paris", "académie de Paris";
    Creteil => "académie de Créteil", "académie de Créteil";
    Versailles => "académie de Versailles", "académie de Versailles";
    Cpme => "CPME Île-de-France", "CPME Île-de-France";
});

/// "oui" / "non".
pub fn yes_no(value: bool, lang: Lang) -> &'static str {
    if value {
        lang.pick("oui", "yes")
    } else {
        lang.pick("non", "no")
    }
}

/// The académie column of a count: a name, or "autre" for records
/// outside Île-de-France or tied to no académie.
pub fn academie_or_outside(academie: Option<Academie>, lang: Lang) -> &'static str {
    match academie {
        Some(academie) => academie.label(lang),
        None => lang.pick("autre", "other"),
    }
}
