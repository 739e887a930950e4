//! Choices as their help says: a letter picks the choice it starts (in
//! the person's language, accents aside), ◂ ▸ always shown, several
//! choices checked with Space, questions answered with the keys of their
//! words.

use crate::common::Fixture;
use crate::common::tui::{app, press, screen, type_text, world};
use passerelle::i18n::Lang;
use passerelle::tui::app::ScreenView;
use passerelle::tui::keymap::Mode;

fn value(app: &passerelle::tui::app::App, field: passerelle::domain::validation::Field) -> String {
    match &app.top().expect("a screen").view {
        ScreenView::Form(form) => form.value(field).unwrap_or_default().to_owned(),
        _ => panic!("a form is open"),
    }
}

#[test]
fn letters_pick_choices_by_their_french_names() {
    use passerelle::domain::validation::Field;
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    press(&mut app, &fixture, "f");
    type_text(&mut app, &fixture, "leroy");
    press(&mut app, &fixture, "<Enter> E");
    assert_eq!(app.mode(), Mode::Form, "{}", screen(&app));
    // Not decided yet: the arrows say it is a choice.
    assert!(screen(&app).contains("◂ à choisir ▸"), "{}", screen(&app));
    press(&mut app, &fixture, &"<Tab> ".repeat(7));
    type_text(&mut app, &fixture, "o");
    assert_eq!(value(&app, Field::Renew), "yes");
    assert!(screen(&app).contains("◂ oui ▸"), "{}", screen(&app));
    type_text(&mut app, &fixture, "à");
    assert_eq!(value(&app, Field::Renew), "to_discuss");
    type_text(&mut app, &fixture, "n");
    assert_eq!(value(&app, Field::Renew), "no");
    type_text(&mut app, &fixture, "a");
    assert_eq!(value(&app, Field::Renew), "to_discuss");
}

#[test]
fn a_letter_typed_again_goes_through_the_choices_it_starts() {
    use passerelle::domain::validation::Field;
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    press(&mut app, &fixture, ": e c o l e s <Enter> n <Tab> <Tab>");
    // « lycée général… », « lycée professionnel », « lycée polyvalent »…
    type_text(&mut app, &fixture, "l");
    let first = value(&app, Field::Kind);
    type_text(&mut app, &fixture, "l");
    let second = value(&app, Field::Kind);
    assert!(
        first.starts_with("lycee") && second.starts_with("lycee"),
        "{first} {second}"
    );
    assert_ne!(first, second);
    // The school's special units: checked one by one with Space (after
    // sector, state, address, commune and postal code).
    press(&mut app, &fixture, "<Tab> <Tab> <Tab> <Tab> <Tab> <Tab>");
    let text = screen(&app);
    assert!(
        text.contains("[ ] ULIS") && text.contains("Espace : cocher"),
        "{text}"
    );
    press(&mut app, &fixture, "<Space> <Down> <Space>");
    let units = value(&app, Field::SpecialUnits);
    assert_eq!(units.split(',').count(), 2, "{units}");
    press(&mut app, &fixture, "<Space>");
    assert_eq!(value(&app, Field::SpecialUnits).split(',').count(), 1);
    // Typed letters never go into the set as text.
    type_text(&mut app, &fixture, "xyz");
    assert!(!value(&app, Field::SpecialUnits).contains('x'));
}

#[test]
fn questions_name_the_keys_of_their_words() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "uai 0780001C");
    press(&mut app, &fixture, "<Enter> D");
    let text = screen(&app);
    assert!(text.contains("o oui") && text.contains("n non"), "{text}");
    assert!(!text.contains("y oui"), "{text}");
    press(&mut app, &fixture, "n");
    let mut english = app_in_english(&fixture);
    press(&mut english, &fixture, ":");
    type_text(&mut english, &fixture, "uai 0780001C");
    press(&mut english, &fixture, "<Enter> D");
    assert!(screen(&english).contains("y yes"), "{}", screen(&english));
}

fn app_in_english(fixture: &Fixture) -> passerelle::tui::app::App {
    app(fixture, 100, 30, Lang::En)
}
