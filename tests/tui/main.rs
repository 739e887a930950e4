//! The full-screen interface as a coordinator uses it: keys on a real
//! temporary store (and a real pseudo-terminal for `terminal` and
//! `live`), asserting the screen and what the store holds. Data entry
//! here; flows, live updates, the terminal and form values in modules.

mod choices;
#[path = "../common/mod.rs"]
mod common;
mod context;
mod flows;
mod form_values;
mod link_names;
mod live;
mod protected_fields;
mod terminal;
mod untouched_fields;

use common::tui::{app, press, screen, type_text, world};
use common::{Fixture, caller};
use passerelle::domain::records::Record;
use passerelle::domain::status::{ImmersionStatus, PlacementStatus};
use passerelle::domain::{Kind, RecordRef};
use passerelle::i18n::Lang;
use passerelle::service::get::RecordKey;
use passerelle::service::list::ListRequest;
use passerelle::tui::app::ScreenView;
use passerelle::tui::keymap::Mode;

fn names(fixture: &Fixture, kind: Kind) -> Vec<String> {
    fixture
        .service
        .list(&fixture.caller, &ListRequest::first_page(kind, 100))
        .expect("a listing")
        .rows
        .into_iter()
        .map(|row| row.label)
        .collect()
}

fn focus(app: &passerelle::tui::app::App) -> usize {
    match &app.top().expect("a screen").view {
        ScreenView::Form(form) => form.focus,
        _ => panic!("a form is open"),
    }
}

#[test]
fn a_school_with_a_wrong_uai_is_corrected_then_saved_and_undone() {
    let fixture = Fixture::new();
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    press(&mut app, &fixture, ": e c o l e s <Enter> n");
    assert_eq!(app.mode(), Mode::Form);
    // A save with nothing typed goes to the first field in error.
    press(&mut app, &fixture, "<Tab> <Tab> <C-s>");
    assert_eq!(focus(&app), 0, "{}", screen(&app));
    // The check letter is wrong: the message says which it should be.
    type_text(&mut app, &fixture, "0750001A");
    let text = screen(&app);
    assert!(text.contains("lettre de contrôle A"), "{text}");
    assert!(text.contains("appellent U"), "{text}");
    press(&mut app, &fixture, "<C-u>");
    type_text(&mut app, &fixture, "0750001U");
    assert!(
        !screen(&app).contains("lettre de contrôle"),
        "{}",
        screen(&app)
    );
    press(&mut app, &fixture, "<Tab>");
    type_text(&mut app, &fixture, "Lycée Neuf");
    // Kind, sector, state, address, then the commune.
    press(&mut app, &fixture, "<Tab> <Right> <Tab> <Tab> <Tab> <Tab>");
    type_text(&mut app, &fixture, "Paris");
    press(&mut app, &fixture, "<Tab>");
    type_text(&mut app, &fixture, "75011");
    press(&mut app, &fixture, "<C-s>");
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Detail, "{text}");
    assert!(
        text.contains("Lycée Neuf") && text.contains("0750001U"),
        "{text}"
    );
    assert!(text.contains("Enregistré"), "{text}");
    assert_eq!(names(&fixture, Kind::School), ["Lycée Neuf (0750001U)"]);
    // Undone: the school made is deleted again.
    press(&mut app, &fixture, "u");
    assert!(names(&fixture, Kind::School).is_empty());
}

#[test]
fn a_placement_made_through_the_pickers_goes_through_every_status() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ": p l a c e m e n t s <Enter> n");
    // Kind (a choice), then the learner: Enter opens the picker.
    press(&mut app, &fixture, "<Tab> <Enter>");
    assert_eq!(app.mode(), Mode::Picker);
    type_text(&mut app, &fixture, "bruno");
    assert!(screen(&app).contains("Bruno Petit"), "{}", screen(&app));
    press(&mut app, &fixture, "<Enter>");
    assert_eq!(app.mode(), Mode::Form);
    for (search, shown) in [
        ("volt", "Lycée Voltaire"),
        ("boul", "Boulangerie Martin"),
        ("jeanne", "Jeanne Martin"),
    ] {
        press(&mut app, &fixture, "<Tab> <Enter>");
        type_text(&mut app, &fixture, search);
        assert!(screen(&app).contains(shown), "{}", screen(&app));
        press(&mut app, &fixture, "<Enter>");
    }
    // Start in a week, end three weeks later.
    press(&mut app, &fixture, "<Tab> <C-u>");
    type_text(&mut app, &fixture, "+7");
    press(&mut app, &fixture, "<Tab> <C-u>");
    type_text(&mut app, &fixture, "+21");
    press(&mut app, &fixture, "<C-s>");
    assert_eq!(app.mode(), Mode::Detail, "{}", screen(&app));
    let reference = match &app.top().expect("a screen").view {
        ScreenView::Detail(detail) => detail.data.ready().expect("loaded").record.reference(),
        _ => panic!("the placement's detail"),
    };
    let status = |fixture: &Fixture| match fixture
        .get(RecordKey::Id(reference))
        .expect("stored")
        .record
    {
        Record::Placement(placement) => placement.status,
        _ => panic!("a placement"),
    };
    assert_eq!(status(&fixture), PlacementStatus::Requested);
    for next in [
        PlacementStatus::CompanyProposed,
        PlacementStatus::AgreementSigned,
        PlacementStatus::UnderWay,
        PlacementStatus::Done,
    ] {
        press(&mut app, &fixture, ">");
        // Its dates are ahead: under way and done are asked first.
        if matches!(next, PlacementStatus::UnderWay | PlacementStatus::Done) {
            assert_eq!(app.mode(), Mode::Confirm, "{}", screen(&app));
            press(&mut app, &fixture, "y");
        }
        assert_eq!(status(&fixture), next, "{}", screen(&app));
    }
    press(&mut app, &fixture, ">");
    assert!(screen(&app).contains("This status is the last."));
    // Undo moves it back one step.
    press(&mut app, &fixture, "u");
    assert_eq!(status(&fixture), PlacementStatus::UnderWay);
}

#[test]
fn a_placement_is_cancelled_with_its_reason() {
    let fixture = Fixture::new();
    let world = world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ":");
    type_text(
        &mut app,
        &fixture,
        &format!("placement {}", world.first_placement.0),
    );
    press(&mut app, &fixture, "<Enter> c");
    assert_eq!(app.mode(), Mode::Form);
    // No reason: refused at the field.
    press(&mut app, &fixture, "<C-s>");
    assert_eq!(app.mode(), Mode::Form);
    type_text(&mut app, &fixture, "The family moved away");
    press(&mut app, &fixture, "<C-s>");
    assert_eq!(app.mode(), Mode::Detail, "{}", screen(&app));
    match fixture
        .get(RecordKey::Id(RecordRef::new(
            Kind::Placement,
            world.first_placement,
        )))
        .expect("stored")
        .record
    {
        Record::Placement(placement) => {
            assert_eq!(placement.status, PlacementStatus::Cancelled);
            assert_eq!(
                placement.cancel_reason.as_deref(),
                Some("The family moved away")
            );
        }
        _ => panic!("a placement"),
    }
}

#[test]
fn an_immersion_is_evaluated_and_signed() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, "f");
    type_text(&mut app, &fixture, "leroy");
    press(&mut app, &fixture, "<Enter> E");
    assert_eq!(app.mode(), Mode::Form, "{}", screen(&app));
    for rating in ["4", "5", "3", "4"] {
        type_text(&mut app, &fixture, rating);
        press(&mut app, &fixture, "<Tab>");
    }
    type_text(&mut app, &fixture, "A warm welcome");
    press(&mut app, &fixture, "<Tab> <Tab> <Tab> <Right> <C-s>");
    assert_eq!(app.mode(), Mode::Detail, "{}", screen(&app));
    let text = screen(&app);
    assert!(text.contains("evaluated"), "{text}");
    let found = fixture
        .service
        .find(
            &fixture.caller,
            &passerelle::service::find::FindRequest {
                text: "leroy".into(),
                limit: 5,
            },
        )
        .expect("found");
    match fixture
        .get(RecordKey::Id(found.matches[0].reference))
        .expect("stored")
        .record
    {
        Record::Immersion(immersion) => {
            assert_eq!(immersion.status, ImmersionStatus::Evaluated);
            let evaluation = immersion.evaluation.expect("an evaluation");
            assert_eq!(evaluation.evaluated_by, "alice");
            assert_eq!(evaluation.evaluated_on, common::today());
            assert_eq!(evaluation.welcome.0, 4);
        }
        _ => panic!("an immersion"),
    }
}

#[test]
fn deleting_asks_first_is_refused_while_referred_to_and_is_undone() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    // Referred to: the question says so, and the service refuses.
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "uai 0750001U");
    press(&mut app, &fixture, "<Enter> D");
    assert_eq!(app.mode(), Mode::Confirm);
    assert!(screen(&app).contains("refer to it"), "{}", screen(&app));
    press(&mut app, &fixture, "y");
    assert!(
        names(&fixture, Kind::School)
            .iter()
            .any(|n| n.starts_with("Lycée Voltaire"))
    );
    assert!(screen(&app).contains("Voltaire"), "{}", screen(&app));
    // Free to go: deleted, then back with u.
    press(&mut app, &fixture, "<Esc> f");
    type_text(&mut app, &fixture, "atelier");
    press(&mut app, &fixture, "<Enter> D");
    assert!(
        screen(&app).contains("Delete the company 'Atelier Durand"),
        "{}",
        screen(&app)
    );
    press(&mut app, &fixture, "n");
    assert_eq!(names(&fixture, Kind::Company).len(), 2);
    press(&mut app, &fixture, "D y");
    assert_eq!(names(&fixture, Kind::Company), ["Boulangerie Martin"]);
    assert!(screen(&app).contains("deleted"), "{}", screen(&app));
    press(&mut app, &fixture, "u");
    assert_eq!(names(&fixture, Kind::Company).len(), 2);
    assert!(screen(&app).contains("Atelier Durand"), "{}", screen(&app));
}

#[test]
fn leaving_a_changed_form_asks_and_quitting_too() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "uai 0750001U");
    press(&mut app, &fixture, "<Enter> e <Tab> <End>");
    type_text(&mut app, &fixture, " bis");
    press(&mut app, &fixture, "<Esc>");
    assert_eq!(app.mode(), Mode::Confirm);
    // Go on editing, then discard.
    press(&mut app, &fixture, "n");
    assert_eq!(app.mode(), Mode::Form);
    press(&mut app, &fixture, "q");
    assert!(!app.quit, "q types in a form");
    press(&mut app, &fixture, "<C-c>");
    assert!(!app.quit, "unsaved: quitting asks");
    assert_eq!(app.mode(), Mode::Confirm);
    press(&mut app, &fixture, "n <Esc> d");
    assert_eq!(app.mode(), Mode::Detail);
    assert!(
        names(&fixture, Kind::School)
            .iter()
            .any(|n| n == "Lycée Voltaire (0750001U)")
    );
}

#[test]
fn a_record_changed_meanwhile_shows_both_values_to_choose_from() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "uai 0750001U");
    press(&mut app, &fixture, "<Enter> e <Tab> <C-u>");
    type_text(&mut app, &fixture, "Lycée Voltaire (ours)");
    // Someone else saves the school meanwhile.
    let stored = fixture
        .get(RecordKey::Uai(common::uai("0750001U")))
        .expect("the school");
    let mut theirs = match stored.record {
        Record::School(school) => school,
        _ => panic!("a school"),
    };
    theirs.name = "Lycée Voltaire (theirs)".to_owned();
    theirs.commune = "Paris 11e".to_owned();
    fixture.save_as(&caller("bob"), theirs).expect("bob's save");
    press(&mut app, &fixture, "<C-s>");
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Form, "{text}");
    assert!(
        text.contains("saved meanwhile: Lycée Voltaire (theirs)"),
        "{text}"
    );
    assert!(text.contains("Lycée Voltaire (ours)"), "{text}");
    // Bob's commune, which we did not touch, is taken as it is: saving
    // does not undo his change behind anyone's back.
    assert!(text.contains("Paris 11e"), "{text}");
    assert!(!text.contains("saved meanwhile: Paris 11e"), "{text}");
    // Only the name, changed on both sides, shows two values.
    assert_eq!(text.matches("saved meanwhile").count(), 1, "{text}");
    // The name was changed on both sides: taking his, then ours again.
    press(&mut app, &fixture, "<C-t>");
    assert!(screen(&app).contains("saved meanwhile: Lycée Voltaire (ours)"));
    press(&mut app, &fixture, "<C-t> <C-s>");
    assert_eq!(app.mode(), Mode::Detail, "{}", screen(&app));
    match fixture
        .get(RecordKey::Uai(common::uai("0750001U")))
        .expect("the school")
        .record
    {
        Record::School(school) => {
            assert_eq!(school.name, "Lycée Voltaire (ours)");
            assert_eq!(school.commune, "Paris 11e");
        }
        _ => panic!("a school"),
    }
}

#[test]
fn a_draft_is_kept_as_fields_are_left_and_offered_at_the_next_start() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ": s c h o o l s <Enter> n");
    type_text(&mut app, &fixture, "0750001U");
    press(&mut app, &fixture, "<Tab>");
    type_text(&mut app, &fixture, "Lycée Half");
    press(&mut app, &fixture, "<Tab>");
    let drafts = fixture.service.drafts(&fixture.caller).expect("drafts");
    assert_eq!(drafts.len(), 1);
    assert!(
        drafts[0]
            .values
            .iter()
            .any(|(_, text)| text == "Lycée Half")
    );
    // Another account does not see it.
    assert!(
        fixture
            .service
            .drafts(&caller("bob"))
            .expect("drafts")
            .is_empty()
    );

    let mut again = common::tui::app(&fixture, 100, 30, Lang::En);
    assert_eq!(again.mode(), Mode::Confirm);
    assert!(
        screen(&again).contains("new record: school"),
        "{}",
        screen(&again)
    );
    press(&mut again, &fixture, "y");
    let text = screen(&again);
    assert_eq!(again.mode(), Mode::Form, "{text}");
    assert!(
        text.contains("Lycée Half") && text.contains("0750001U"),
        "{text}"
    );
    // Saved: the draft goes.
    press(&mut again, &fixture, "<Tab> <Tab> <Tab> <Tab> <Tab>");
    type_text(&mut again, &fixture, "Paris");
    press(&mut again, &fixture, "<Tab>");
    type_text(&mut again, &fixture, "75011");
    press(&mut again, &fixture, "<C-s>");
    assert_eq!(again.mode(), Mode::Detail, "{}", screen(&again));
    assert!(
        fixture
            .service
            .drafts(&fixture.caller)
            .expect("drafts")
            .is_empty()
    );
}

#[test]
fn several_agreements_marked_are_signed_at_once() {
    use passerelle::domain::status::AgreementStatus;
    let fixture = Fixture::new();
    for title in ["Convention A", "Convention B", "Convention C"] {
        fixture.create(common::agreement(title, AgreementStatus::Draft, None));
    }
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ": a g r e e m e n t s <Enter>");
    // A and C marked, B not.
    press(&mut app, &fixture, "<Space> j <Space>");
    assert!(screen(&app).contains("2 marked"), "{}", screen(&app));
    press(&mut app, &fixture, ">");
    let statuses: Vec<(String, AgreementStatus)> = fixture
        .service
        .list(
            &fixture.caller,
            &ListRequest::first_page(Kind::Agreement, 10),
        )
        .expect("agreements")
        .rows
        .into_iter()
        .map(|row| match row.record {
            Record::Agreement(a) => (a.title, a.status),
            _ => panic!("an agreement"),
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("Convention A".to_owned(), AgreementStatus::Signed),
            ("Convention B".to_owned(), AgreementStatus::Draft),
            ("Convention C".to_owned(), AgreementStatus::Signed),
        ]
    );
    assert!(!screen(&app).contains("marked ·"), "{}", screen(&app));
}

#[test]
fn a_missing_company_is_made_from_the_picker_without_leaving_the_form() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ": i m m e r s i o n s <Enter> n");
    type_text(&mut app, &fixture, "Mme Roux");
    // Person, role, school, then the company: its picker.
    press(&mut app, &fixture, "<Tab> <Tab> <Tab> <Enter>");
    assert_eq!(app.mode(), Mode::Picker);
    type_text(&mut app, &fixture, "garage");
    assert!(
        screen(&app).contains("No record matches."),
        "{}",
        screen(&app)
    );
    press(&mut app, &fixture, "<C-a>");
    assert!(
        screen(&app).contains("New record: a company"),
        "{}",
        screen(&app)
    );
    type_text(&mut app, &fixture, &common::siret(7).to_string());
    press(&mut app, &fixture, "<Tab>");
    type_text(&mut app, &fixture, "Garage Lefèvre");
    // NAF, headcount, member, address, then the commune.
    for _ in 0..5 {
        press(&mut app, &fixture, "<Tab>");
    }
    type_text(&mut app, &fixture, "Paris");
    press(&mut app, &fixture, "<Tab>");
    type_text(&mut app, &fixture, "75012");
    press(&mut app, &fixture, "<C-s>");
    // Back in the immersion's form, the company chosen.
    let text = screen(&app);
    assert!(text.contains("New record: an immersion"), "{text}");
    assert!(text.contains("Garage Lefèvre"), "{text}");
    assert_eq!(names(&fixture, Kind::Company).len(), 3);
}

#[test]
fn a_new_record_takes_the_academie_of_the_last_entry_and_immersions_due_say_so() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    press(&mut app, &fixture, ": e v e n t s <Enter> n <Tab>");
    type_text(&mut app, &fixture, "Forum de Créteil");
    // Date, place, then the académie: Créteil, typed by its first letter.
    press(&mut app, &fixture, "<Tab> <Tab> <Tab>");
    type_text(&mut app, &fixture, "c");
    press(&mut app, &fixture, "<C-s>");
    assert_eq!(app.mode(), Mode::Detail, "{}", screen(&app));
    press(&mut app, &fixture, "<Esc> n");
    match &app.top().expect("a screen").view {
        ScreenView::Form(form) => assert_eq!(
            form.value(passerelle::domain::validation::Field::Academie),
            Some("creteil")
        ),
        _ => panic!("a form"),
    }
    // The immersions list says which wait for their evaluation.
    press(&mut app, &fixture, "<Esc> : i m m e r s i o n s <Enter>");
    assert!(
        screen(&app).contains("réalisée — à évaluer"),
        "{}",
        screen(&app)
    );
}

#[test]
fn a_form_is_never_dropped_by_going_elsewhere_nor_saved_twice() {
    let fixture = Fixture::new();
    // The emacs preset reaches the dashboard from a form (Ctrl-x d).
    let mut app = common::tui::app_with_keymap(&fixture, 100, 30, Lang::En, "emacs");
    press(&mut app, &fixture, "<A-x>");
    type_text(&mut app, &fixture, "schools");
    press(&mut app, &fixture, "<Enter> +");
    type_text(&mut app, &fixture, "0750001U");
    // Going to the dashboard from a changed form asks first.
    press(&mut app, &fixture, "<C-x> d");
    assert_eq!(app.mode(), Mode::Confirm, "{}", screen(&app));
    press(&mut app, &fixture, "n");
    assert_eq!(app.mode(), Mode::Form);
    // Leaving it on purpose: discarded.
    press(&mut app, &fixture, "<Esc> d");
    assert!(
        fixture
            .service
            .drafts(&fixture.caller)
            .expect("drafts")
            .is_empty()
    );
    // Two saves typed ahead before any answer make one record (an event:
    // nothing unique in it would stop a second).
    press(&mut app, &fixture, "<A-x>");
    type_text(&mut app, &fixture, "events");
    press(&mut app, &fixture, "<Enter> + <Tab>");
    type_text(&mut app, &fixture, "Forum unique");
    let save = passerelle::tui::keymap::Key::parse("<F2>").expect("key");
    app.handle_key(save);
    app.handle_key(save);
    common::settle::settle(&mut app, &fixture.service, &fixture.caller);
    assert_eq!(names(&fixture, Kind::Event), ["Forum unique"]);
    assert_eq!(app.mode(), Mode::Detail, "{}", screen(&app));
}

#[test]
fn undo_never_wipes_a_change_someone_made_in_between() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    world(&fixture);
    let school = |fixture: &Fixture| match fixture
        .get(RecordKey::Uai(common::uai("0750001U")))
        .expect("the school")
        .record
    {
        Record::School(school) => school,
        _ => panic!("a school"),
    };
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "uai 0750001U");
    // Alice renames it once…
    press(&mut app, &fixture, "<Enter> e <Tab> <C-u>");
    type_text(&mut app, &fixture, "Lycée Voltaire A");
    press(&mut app, &fixture, "<C-s>");
    // …Bob changes the commune…
    let mut bobs = school(&fixture);
    bobs.commune = "Paris 11e".to_owned();
    fixture.save_as(&caller("bob"), bobs).expect("bob's save");
    // …and Alice renames it again.
    press(&mut app, &fixture, "r e <Tab> <C-u>");
    type_text(&mut app, &fixture, "Lycée Voltaire B");
    press(&mut app, &fixture, "<C-s>");
    assert_eq!(school(&fixture).name, "Lycée Voltaire B");
    // Undoing the second rename puts back Bob's version.
    press(&mut app, &fixture, "u");
    let now = school(&fixture);
    assert_eq!(
        (now.name.as_str(), now.commune.as_str()),
        ("Lycée Voltaire A", "Paris 11e")
    );
    // Undoing the first would wipe Bob's commune: refused, said so.
    press(&mut app, &fixture, "u");
    let now = school(&fixture);
    assert_eq!(
        (now.name.as_str(), now.commune.as_str()),
        ("Lycée Voltaire A", "Paris 11e")
    );
    assert!(screen(&app).contains("changed"), "{}", screen(&app));
}

// ---------------------------------------------------------------------
// The confidentiality mark

/// alice admin (Paris) and bob coordinator of Paris over the small
/// world (Voltaire is a Paris school: his to mark); the interface runs
/// as bob.
fn world_as_bob() -> Fixture {
    let mut fixture = Fixture::new();
    world(&fixture);
    fixture.write_users(
        "[users.alice]\nname = \"Alice Martin\"\norganisation = \"paris\"\nrole = \"admin\"\n\n[users.bob]\nname = \"bob\"\norganisation = \"paris\"\nrole = \"coordinator\"\n",
    );
    fixture.caller = caller("bob");
    fixture
}

fn voltaire(fixture: &Fixture) -> passerelle::domain::records::School {
    match fixture
        .get(RecordKey::Uai(common::uai("0750001U")))
        .expect("the school")
        .record
    {
        Record::School(school) => school,
        _ => panic!("a school"),
    }
}

/// Opens Voltaire's form and goes to its « confidentiel » field, the
/// fourteenth of a school's form.
fn edit_voltaires_mark(app: &mut passerelle::tui::app::App, fixture: &Fixture) {
    press(app, fixture, ":");
    type_text(app, fixture, "uai 0750001U");
    press(app, fixture, "<Enter> e");
    assert_eq!(app.mode(), Mode::Form, "{}", screen(app));
    for _ in 0..13 {
        press(app, fixture, "<Tab>");
    }
    assert_eq!(focus(app), 13);
}

#[test]
fn a_coordinator_flags_a_school_confidential_through_its_form() {
    let fixture = world_as_bob();
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "uai 0750001U");
    press(&mut app, &fixture, "<Enter> e");
    let text = screen(&app);
    assert!(text.contains("confidentiel *"), "{text}");
    assert!(text.contains("◂ non ▸"), "{text}");
    assert!(text.contains("organisation propriétaire"), "{text}");
    assert!(text.contains("◂ aucune ▸"), "{text}");
    // The notes, then the mark, its reason; the owner left at none.
    for _ in 0..12 {
        press(&mut app, &fixture, "<Tab>");
    }
    type_text(&mut app, &fixture, "Entrée par la cour");
    press(&mut app, &fixture, "<Tab>");
    type_text(&mut app, &fixture, "o");
    assert!(screen(&app).contains("◂ oui ▸"), "{}", screen(&app));
    press(&mut app, &fixture, "<Tab>");
    type_text(&mut app, &fixture, "Demande du proviseur");
    press(&mut app, &fixture, "<C-s>");
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Detail, "{text}");
    assert!(
        text.contains("🔒") && text.contains("confidentiel"),
        "{text}"
    );
    assert!(text.contains("•••• masqué"), "{text}");
    assert!(!text.contains("Entrée par la cour"), "{text}");
    // The service gave the mark bob's organisation, and says so.
    assert!(
        text.contains(
            "Enregistré, fiche confidentielle (propriétaire : académie de Paris). u pour défaire."
        ),
        "{text}"
    );
    // Read back, the reason is masked like the notes.
    let stored = voltaire(&fixture);
    assert_eq!(
        stored.meta.confidentiality,
        passerelle::domain::Confidentiality::flagged(
            "",
            Some(passerelle::domain::Organisation::AcademieParis)
        )
    );
    // Owned by Paris, bob may reveal what he typed, the reason too.
    press(&mut app, &fixture, "v");
    let text = screen(&app);
    assert!(text.contains("Entrée par la cour"), "{text}");
    assert!(text.contains("Demande du proviseur"), "{text}");
}

#[test]
fn a_flag_without_reason_is_refused_at_the_reason() {
    let fixture = world_as_bob();
    let mut app = app(&fixture, 100, 30, Lang::En);
    edit_voltaires_mark(&mut app, &fixture);
    type_text(&mut app, &fixture, "y");
    press(&mut app, &fixture, "<C-s>");
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Form, "{text}");
    assert_eq!(focus(&app), 14, "{text}");
    assert!(
        text.contains("reason for confidentiality: required"),
        "{text}"
    );
    assert!(!voltaire(&fixture).meta.confidentiality.confidential);
}

#[test]
fn only_an_admin_lifts_the_mark_from_the_form() {
    let mut fixture = world_as_bob();
    // Flagged by bob (owned by Paris through the service).
    let mut flagged = voltaire(&fixture);
    flagged.meta.confidentiality =
        passerelle::domain::Confidentiality::flagged("Demande du proviseur", None);
    fixture.save(flagged).expect("bob flags it");
    let before = voltaire(&fixture);
    assert!(before.meta.confidentiality.confidential);

    // Bob clears it: refused with the admin-only message, the form open
    // with what he typed, at the mark.
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    edit_voltaires_mark(&mut app, &fixture);
    assert!(screen(&app).contains("◂ oui ▸"), "{}", screen(&app));
    type_text(&mut app, &fixture, "n");
    press(&mut app, &fixture, "<C-s>");
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Form, "{text}");
    assert!(
        text.contains("Seul un administrateur peut lever la confidentialité d'une fiche"),
        "{text}"
    );
    assert!(text.contains("Alice Martin"), "{text}");
    assert_eq!(focus(&app), 13, "{text}");
    match &app.top().expect("a screen").view {
        ScreenView::Form(form) => assert_eq!(
            form.value(passerelle::domain::validation::Field::Confidentiality),
            Some("no")
        ),
        _ => panic!("a form"),
    }
    let after = voltaire(&fixture);
    assert_eq!(after.meta, before.meta, "nothing was written");
    // Bob sets it back and leaves.
    press(&mut app, &fixture, "<Esc> d");
    assert_eq!(app.mode(), Mode::Detail, "{}", screen(&app));

    // Alice, an admin, lifts it: the reason and owner go with it.
    fixture.caller = caller("alice");
    let mut app = common::tui::app(&fixture, 100, 30, Lang::Fr);
    edit_voltaires_mark(&mut app, &fixture);
    type_text(&mut app, &fixture, "n");
    press(&mut app, &fixture, "<C-s>");
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Detail, "{text}");
    assert!(!text.contains("confidentiel"), "{text}");
    assert_eq!(
        voltaire(&fixture).meta.confidentiality,
        passerelle::domain::Confidentiality::default()
    );
}

#[test]
fn a_learner_with_particular_needs_is_saved_confidential_and_the_person_is_told() {
    let fixture = Fixture::new();
    let world = world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    press(&mut app, &fixture, ": a p p r e n a n t s <Enter> n");
    assert_eq!(app.mode(), Mode::Form, "{}", screen(&app));
    type_text(&mut app, &fixture, "Yasmine Haddad");
    // Level, then the school by its number, the year, the needs.
    press(&mut app, &fixture, "<Tab> <Tab>");
    type_text(&mut app, &fixture, &world.voltaire.0.to_string());
    press(&mut app, &fixture, "<Tab> <Tab>");
    // The needs are choices to check: « handicap » by its first letter,
    // Space to check it.
    type_text(&mut app, &fixture, "h");
    assert!(screen(&app).contains("[ ] handicap"), "{}", screen(&app));
    press(&mut app, &fixture, "<Space>");
    assert!(screen(&app).contains("[x] handicap"), "{}", screen(&app));
    // The form says not confidential…
    assert!(screen(&app).contains("◂ non ▸"), "{}", screen(&app));
    press(&mut app, &fixture, "<C-s>");
    // …the service makes it so, and the person sees it.
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Detail, "{text}");
    assert!(
        text.contains("🔒") && text.contains("confidentiel"),
        "{text}"
    );
    assert!(
        text.contains(
            "Enregistré, fiche confidentielle (propriétaire : académie de Paris). u pour défaire."
        ),
        "{text}"
    );
}

#[test]
fn a_draft_written_before_the_mark_was_in_the_form_resumes_with_the_records_mark() {
    use passerelle::domain::draft::Draft;
    use passerelle::domain::validation::Field;
    let fixture = Fixture::new();
    world(&fixture);
    let mut flagged = voltaire(&fixture);
    flagged.meta.confidentiality = passerelle::domain::Confidentiality::flagged(
        "Demande du proviseur",
        Some(passerelle::domain::Organisation::AcademieParis),
    );
    let flagged = fixture.create(flagged);
    // The values of a school's form as they were: no mark.
    let mut values = passerelle::domain::forms::values_of(&Record::School(flagged.clone()));
    values.retain(|(field, _)| {
        !matches!(
            field,
            Field::Confidentiality | Field::ConfidentialityReason | Field::ConfidentialityOwner
        )
    });
    for (field, text) in &mut values {
        if *field == Field::Name {
            *text = "Lycée Voltaire (brouillon)".to_owned();
        }
    }
    fixture
        .service
        .save_draft(
            &fixture.caller,
            Draft {
                id: None,
                kind: Kind::School,
                editing: Some((flagged.meta.id, flagged.meta.revision)),
                purpose: "edit".to_owned(),
                values,
                focus: 1,
                saved_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
            },
        )
        .expect("the draft is kept");
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    assert_eq!(app.mode(), Mode::Confirm, "{}", screen(&app));
    press(&mut app, &fixture, "y");
    assert_eq!(app.mode(), Mode::Form, "{}", screen(&app));
    let value =
        |app: &passerelle::tui::app::App, field: Field| match &app.top().expect("a screen").view {
            ScreenView::Form(form) => form.value(field).map(str::to_owned),
            _ => panic!("a form"),
        };
    // Not blank: saving it would not try to lift the mark.
    assert_eq!(value(&app, Field::Confidentiality).as_deref(), Some("yes"));
    // The reason is masked (not revealed): blank and protected, kept.
    assert_eq!(
        value(&app, Field::ConfidentialityReason).as_deref(),
        Some("")
    );
    assert_eq!(
        value(&app, Field::ConfidentialityOwner).as_deref(),
        Some("paris")
    );
    press(&mut app, &fixture, "<C-s>");
    assert_eq!(app.mode(), Mode::Detail, "{}", screen(&app));
    let saved = voltaire(&fixture);
    assert_eq!(saved.name, "Lycée Voltaire (brouillon)");
    assert_eq!(saved.meta.confidentiality, flagged.meta.confidentiality);
}

#[test]
fn a_placement_moved_before_its_dates_asks_first_saying_why() {
    let fixture = Fixture::new();
    let world = world(&fixture);
    let pupil = fixture.create(common::learner(world.voltaire, "Dora Marchand"));
    let tutor = fixture.create(common::contact(world.boulangerie, "Paul Tuteur"));
    let mut stage = common::placement(
        pupil.meta.id,
        world.voltaire,
        common::day(2026, 12, 14),
        common::day(2026, 12, 18),
    );
    stage.company = Some(world.boulangerie);
    stage.tutor = Some(tutor.meta.id);
    stage.signed_on = Some(common::today());
    stage.status = PlacementStatus::AgreementSigned;
    let stage = fixture.create(stage);
    let status = |fixture: &Fixture| match fixture
        .get(RecordKey::Id(RecordRef::new(
            Kind::Placement,
            stage.meta.id,
        )))
        .expect("stored")
        .record
    {
        Record::Placement(placement) => placement.status,
        _ => panic!("a placement"),
    };
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    press(&mut app, &fixture, ":");
    type_text(
        &mut app,
        &fixture,
        &format!("placement {}", stage.meta.id.0),
    );
    press(&mut app, &fixture, "<Enter> >");
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Confirm, "{text}");
    assert!(
        text.contains("ne commence que le lundi 14 décembre 2026"),
        "{text}"
    );
    press(&mut app, &fixture, "n");
    assert_eq!(status(&fixture), PlacementStatus::AgreementSigned);
    press(&mut app, &fixture, "> o");
    assert_eq!(status(&fixture), PlacementStatus::UnderWay);
    // Done before its end: asked too.
    press(&mut app, &fixture, ">");
    assert!(
        screen(&app).contains("ne se termine que le vendredi 18 décembre 2026"),
        "{}",
        screen(&app)
    );
    press(&mut app, &fixture, "n");
    assert_eq!(status(&fixture), PlacementStatus::UnderWay);
}

#[test]
fn a_closed_school_stays_in_its_list_and_no_picker_offers_it() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut closed = voltaire(&fixture);
    closed.opening_state = passerelle::domain::records::OpeningState::Closed;
    fixture.create(closed);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ": s c h o o l s <Enter>");
    let text = screen(&app);
    assert!(text.contains("closed · Lycée Voltaire"), "{text}");
    // A learner's school: the picker offers the open ones only.
    press(&mut app, &fixture, ": l e a r n e r s <Enter> n");
    type_text(&mut app, &fixture, "Yasmine Haddad");
    press(&mut app, &fixture, "<Tab> <Tab> <Enter>");
    assert_eq!(app.mode(), Mode::Picker, "{}", screen(&app));
    let text = screen(&app);
    assert!(text.contains("École Hoche"), "{text}");
    assert!(!text.contains("Voltaire"), "{text}");
    type_text(&mut app, &fixture, "voltaire");
    assert!(
        screen(&app).contains("No record matches."),
        "{}",
        screen(&app)
    );
}
