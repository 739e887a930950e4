//! Forms keep their context: a learner brings their school, a record
//! made from a picker starts with what was typed and what the form below
//! knows, a number typed replaces its default, short dates are read.

use crate::common::Fixture;
use crate::common::tui::{app, press, screen, type_text, world};
use passerelle::domain::validation::Field;
use passerelle::i18n::Lang;
use passerelle::tui::app::ScreenView;
use passerelle::tui::keymap::Mode;

fn value(app: &passerelle::tui::app::App, field: Field) -> String {
    match &app.top().expect("a screen").view {
        ScreenView::Form(form) => form.value(field).unwrap_or_default().to_owned(),
        _ => panic!("a form is open: {}", crate::common::tui::screen(app)),
    }
}

#[test]
fn a_learner_brings_their_school_and_a_new_tutor_the_company() {
    let fixture = Fixture::new();
    let world = world(&fixture);
    let mut app = app(&fixture, 120, 40, Lang::Fr);
    press(&mut app, &fixture, ": s t a g e s <Enter> n <Tab> <Enter>");
    type_text(&mut app, &fixture, "bruno");
    press(&mut app, &fixture, "<Enter>");
    assert_eq!(value(&app, Field::School), world.voltaire.0.to_string());
    assert!(
        screen(&app).contains("Lycée Voltaire (0750001U) · Paris"),
        "{}",
        screen(&app)
    );
    // The company, then a tutor nobody has entered yet.
    press(&mut app, &fixture, "<Tab> <Tab> <Enter>");
    type_text(&mut app, &fixture, "boul");
    press(&mut app, &fixture, "<Enter> <Tab> <Enter>");
    assert_eq!(app.mode(), Mode::Picker);
    type_text(&mut app, &fixture, "Paul Nouveau");
    press(&mut app, &fixture, "<C-a>");
    assert_eq!(app.mode(), Mode::Form, "{}", screen(&app));
    assert_eq!(value(&app, Field::Name), "Paul Nouveau");
    assert_eq!(value(&app, Field::Organisation), "company");
    assert_eq!(value(&app, Field::Company), world.boulangerie.0.to_string());
    press(&mut app, &fixture, "<C-s>");
    // Back in the placement, the tutor chosen.
    assert!(screen(&app).contains("Paul Nouveau"), "{}", screen(&app));
    assert!(!value(&app, Field::Tutor).is_empty());
}

#[test]
fn a_number_typed_replaces_its_default_and_short_dates_are_read() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 120, 40, Lang::Fr);
    press(&mut app, &fixture, ": e v e n e m e n t s <Enter> n <Tab>");
    type_text(&mut app, &fixture, "Forum");
    press(&mut app, &fixture, "<Tab> <C-u>");
    type_text(&mut app, &fixture, "4/1/27");
    assert!(
        screen(&app).contains("= lundi 4 janvier 2027"),
        "{}",
        screen(&app)
    );
    // Pupils reached: 0 by default; 120 typed is 120.
    press(&mut app, &fixture, &"<Tab> ".repeat(5));
    assert_eq!(value(&app, Field::PupilsReached), "0");
    type_text(&mut app, &fixture, "120");
    assert_eq!(value(&app, Field::PupilsReached), "120");
}
