//! Every screen, form, dialog and help page, walked in French and in
//! English at 120×40 and 80×24 on a demonstration store: a French screen
//! shows no internal code (the stored names of choices and fields) and
//! no English word of a list; an English screen no French word of
//! another. Names from the store (a company, a commune) are data, in
//! whatever language they were typed: the lists hold interface words.

use std::collections::BTreeSet;

use crate::common::Fixture;
use crate::common::tui::{app, press, screen, type_text};
use passerelle::domain::Organisation;
use passerelle::domain::consent::ConsentUse;
use passerelle::domain::forms::{OrganisationChoice, OwnerChoice, SensitiveNeed};
use passerelle::domain::records::{
    AcademicService, AgreementKind, ContactRole, EventKind, HeadcountBand, InclusiveKind, Level,
    Offer, PlacementKind, Renewal, ResidencePermit, SchoolKind, Sector, SpecialUnit, StaffRole,
};
use passerelle::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use passerelle::domain::validation::Field;
use passerelle::i18n::Lang;
use passerelle::tui::app::App;
use passerelle::tui::keymap::Mode;

/// The codes the store and the wire use for choices and fields, those
/// that are no word of either language (they hold an underscore), and
/// the serde names of a few.
fn internal_codes() -> BTreeSet<String> {
    let mut codes: Vec<&str> = Vec::new();
    macro_rules! all {
        ($($ty:ty),+) => {
            $(codes.extend(<$ty>::ALL.iter().map(|c| c.code()));)+
        };
    }
    all!(
        SchoolKind,
        Sector,
        SpecialUnit,
        HeadcountBand,
        Offer,
        InclusiveKind,
        ContactRole,
        AcademicService,
        Level,
        ResidencePermit,
        PlacementKind,
        StaffRole,
        Renewal,
        EventKind,
        AgreementKind,
        PlacementStatus,
        ImmersionStatus,
        AgreementStatus,
        Organisation,
        SensitiveNeed,
        OwnerChoice,
        OrganisationChoice,
        ConsentUse,
        Field
    );
    let mut set: BTreeSet<String> = codes
        .into_iter()
        .filter(|code| code.contains('_'))
        .map(str::to_owned)
        .collect();
    set.extend(["from1_to9", "from250", "to_discuss"].map(str::to_owned));
    set
}

/// Words of the interface that are English, never French. None shorter
/// than four letters but « yes »: an overlay covering part of a name
/// leaves such bits of it (« and » of « André », « is » of « Paris »).
const ENGLISH: &[&str] = &[
    "yes",
    "with",
    "save",
    "cancel",
    "back",
    "search",
    "searching",
    "loading",
    "next",
    "previous",
    "record",
    "records",
    "school",
    "schools",
    "company",
    "companies",
    "learner",
    "learners",
    "placement",
    "placements",
    "pending",
    "done",
    "signed",
    "draft",
    "none",
    "edit",
    "delete",
    "name",
    "status",
    "kind",
    "open",
    "filter",
    "help",
    "quit",
    "undo",
    "choose",
    "missing",
    "year",
    "week",
    "days",
    "agreement",
    "agreements",
    "event",
    "events",
    "requested",
    "proposed",
    "evaluated",
    "cancelled",
    "held",
    "field",
    "fields",
    "empty",
    "saved",
    "masked",
    "confidential",
    "owner",
    "sort",
    "start",
    "keys",
    "line",
];

/// Words of the interface that are French, never English (none that a
/// French name in the store would hold: « de », « la »…).
const FRENCH: &[&str] = &[
    "fiche",
    "fiches",
    "enregistrer",
    "annuler",
    "retour",
    "chercher",
    "aide",
    "quitter",
    "nouvelle",
    "modifier",
    "supprimer",
    "statut",
    "oui",
    "aucun",
    "aucune",
    "année",
    "semaine",
    "apprenant",
    "apprenants",
    "établissements",
    "entreprises",
    "demandé",
    "proposée",
    "réalisée",
    "évaluée",
    "annulée",
    "signée",
    "terminé",
    "attente",
    "tableau",
    "filtre",
    "masqué",
    "confidentiel",
    "propriétaire",
    "défaire",
    "choisir",
    "ligne",
    "touches",
    "suivant",
    "précédent",
    "motif",
];

/// The words of a screen: letters (accents included), lower case.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The store's own names on the screen are data: the words they hold do
/// not count (a company named « Fresh and Co »).
fn data_words(fixture: &Fixture) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for kind in passerelle::domain::Kind::ALL {
        let page = fixture
            .service
            .list(
                &fixture.caller,
                &passerelle::service::list::ListRequest::first_page(*kind, 500),
            )
            .expect("a list");
        for row in page.rows {
            let record = serde_json::to_string(&row.record).expect("json");
            found.extend(words(&row.label));
            // Every text the record holds: its names, places, notes.
            for value in record.split('"') {
                if value.chars().any(char::is_whitespace) || value.chars().any(char::is_uppercase) {
                    found.extend(words(value));
                }
            }
        }
    }
    found
}

/// Screens one after the other, with what led to each.
struct Walk<'a> {
    fixture: &'a Fixture,
    app: App,
    seen: Vec<(String, String)>,
}

impl Walk<'_> {
    fn keys(&mut self, step: &str, keys: &str) {
        press(&mut self.app, self.fixture, keys);
        self.look(step);
    }

    fn typed(&mut self, step: &str, text: &str) {
        type_text(&mut self.app, self.fixture, text);
        self.look(step);
    }

    fn look(&mut self, step: &str) {
        self.seen.push((step.to_owned(), screen(&self.app)));
    }

    /// Back to the dashboard, whatever is open.
    fn home(&mut self) {
        for _ in 0..6 {
            match self.app.mode() {
                Mode::Confirm => press(&mut self.app, self.fixture, "d"),
                Mode::Form => press(&mut self.app, self.fixture, "<Esc>"),
                _ => press(&mut self.app, self.fixture, "<Esc>"),
            }
        }
        while self.app.mode() == Mode::Confirm {
            press(&mut self.app, self.fixture, "n");
        }
    }
}

/// The screens of the walk, each with the step that led to it.
pub(crate) fn walk(
    fixture: &Fixture,
    lang: Lang,
    width: u16,
    height: u16,
) -> Vec<(String, String)> {
    let mut walk = Walk {
        fixture,
        app: app(fixture, width, height, lang),
        seen: Vec::new(),
    };
    walk.look("dashboard");
    walk.keys("dashboard help", "?");
    walk.keys("help closed", "<Esc>");
    // The commands a person of that language types.
    let lists = match lang {
        Lang::Fr => [
            "etablissements",
            "entreprises",
            "stages",
            "immersions",
            "evenements",
            "contacts",
            "apprenants",
            "conventions",
        ],
        Lang::En => [
            "schools",
            "companies",
            "placements",
            "immersions",
            "events",
            "contacts",
            "learners",
            "agreements",
        ],
    };
    for list in lists {
        walk.home();
        walk.keys(list, ":");
        walk.typed(list, list);
        walk.keys(list, "<Enter>");
        walk.keys(&format!("{list}: quick filters"), "a t y");
        walk.keys(&format!("{list}: sorted"), "x s");
        walk.keys(&format!("{list}: help"), "?");
        walk.keys(&format!("{list}: detail"), "<Esc> <Enter>");
        walk.keys(&format!("{list}: detail revealed"), "v");
        walk.keys(&format!("{list}: detail help"), "?");
        walk.keys(&format!("{list}: history"), "<Esc> H");
        walk.keys(&format!("{list}: edit form"), "<Esc> e");
        walk.keys(&format!("{list}: form help"), "?");
        // Every field under the cursor once.
        for field in 0..20 {
            walk.keys(&format!("{list}: form field {field}"), "<Esc> <Tab>");
        }
        walk.keys(&format!("{list}: a link's picker"), "<S-Tab> <C-o>");
        walk.keys(&format!("{list}: leaving changed"), "<Esc> <Esc>");
        walk.home();
        walk.keys(list, ":");
        walk.typed(list, list);
        walk.keys(&format!("{list}: new record"), "<Enter> n");
        walk.keys(&format!("{list}: saved empty"), "<C-s>");
        walk.home();
        walk.keys(list, ":");
        walk.typed(list, list);
        walk.keys(&format!("{list}: delete asked"), "<Enter> D");
        walk.keys(&format!("{list}: delete refused or done"), "n");
        walk.keys(&format!("{list}: cancel or evaluate"), "c");
        walk.keys(&format!("{list}: after cancel"), "<Esc>");
        walk.keys(&format!("{list}: consent"), "<Enter> C");
    }
    walk.home();
    walk.keys("finder", "f");
    walk.typed("finder typed", "lyc");
    walk.home();
    walk.keys("command line", ":");
    walk.typed("command completion", "sta");
    walk.keys("command completion", "<Tab>");
    walk.home();
    walk.keys("report", ":");
    walk.typed(
        "report",
        if lang == Lang::Fr {
            "rapport"
        } else {
            "report"
        },
    );
    walk.keys("report", "<Enter>");
    walk.keys("report compared", "c");
    walk.keys("report help", "?");
    walk.home();
    walk.keys("messages", ":");
    walk.typed("messages", "messages");
    walk.keys("messages", "<Enter>");
    walk.home();
    walk.keys("quit asked", "q");
    walk.seen
}

/// The store the walk goes through: demonstration data, the same on
/// every run.
pub(crate) fn demo_fixture() -> Fixture {
    let fixture = Fixture::new();
    passerelle::demo::generate(
        &fixture.service,
        &fixture.caller,
        &passerelle::demo::DemoOptions {
            size: 400,
            seed: 11,
        },
        &mut |_| {},
    )
    .expect("demonstration data");
    fixture
}

#[test]
fn french_screens_show_no_code_nor_english_and_english_ones_no_french() {
    let fixture = demo_fixture();
    let data = data_words(&fixture);
    let codes = internal_codes();
    let mut problems: Vec<String> = Vec::new();
    for (width, height) in [(120, 40), (80, 24)] {
        for (step, text) in walk(&fixture, Lang::Fr, width, height) {
            for code in &codes {
                if text.contains(code.as_str()) {
                    problems.push(format!(
                        "fr {width}×{height} {step}: code « {code} »\n{text}"
                    ));
                }
            }
            for word in words(&text) {
                if ENGLISH.contains(&word.as_str()) && !data.contains(&word) {
                    problems.push(format!(
                        "fr {width}×{height} {step}: English « {word} »\n{text}"
                    ));
                }
            }
        }
        for (step, text) in walk(&fixture, Lang::En, width, height) {
            for word in words(&text) {
                if FRENCH.contains(&word.as_str()) && !data.contains(&word) {
                    problems.push(format!(
                        "en {width}×{height} {step}: French « {word} »\n{text}"
                    ));
                }
            }
        }
    }
    // One of each problem is enough to read.
    let mut said = BTreeSet::new();
    problems.retain(|problem| said.insert(problem.lines().next().unwrap_or("").to_owned()));
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
