//! Links in forms are shown by what they point at: the name, and what
//! tells namesakes apart; several links as a list of names.

use crate::common::tui::{app, press, screen, type_text, world};
use crate::common::{Fixture, days_from_today, event, learner, placement};
use passerelle::i18n::Lang;
use passerelle::tui::keymap::Mode;

#[test]
fn an_edit_form_names_its_links_and_tells_namesakes_apart() {
    let fixture = Fixture::new();
    let world = world(&fixture);
    // Two pupils called the same, at two schools.
    let first = fixture.create(learner(world.voltaire, "Camille Martin"));
    fixture.create(learner(world.hoche, "Camille Martin"));
    let stage = fixture.create(placement(
        first.meta.id,
        world.voltaire,
        days_from_today(10),
        days_from_today(20),
    ));
    let mut app = app(&fixture, 120, 40, Lang::Fr);
    press(&mut app, &fixture, ":");
    type_text(
        &mut app,
        &fixture,
        &format!("placement {}", stage.meta.id.0),
    );
    press(&mut app, &fixture, "<Enter>");
    // The detail names its links the same way (every learner is
    // confidential alike: 🔒, two columns wide; the line wraps).
    let text = screen(&app);
    assert!(
        text.contains("Camille Martin 🔒  · 2nde, Lycée Voltaire") && text.contains("(0750001U)"),
        "{text}"
    );
    press(&mut app, &fixture, "e");
    assert_eq!(app.mode(), Mode::Form);
    let text = screen(&app);
    // Focused on the kind: the learner's row shows the name and school.
    assert!(
        text.contains(
            "apprenant *                 Camille Martin 🔒  · 2nde, Lycée Voltaire (0750001U)"
        ),
        "{text}"
    );
    assert!(
        text.contains("établissement *             Lycée Voltaire (0750001U) · Paris"),
        "{text}"
    );
    // With the cursor on it, the number typed is shown too.
    press(&mut app, &fixture, "<Tab>");
    assert!(
        screen(&app).contains(&format!("{} — Camille Martin", first.meta.id.0)),
        "{}",
        screen(&app)
    );
    // A number that names no learner says so.
    press(&mut app, &fixture, "<C-u>");
    type_text(&mut app, &fixture, "999");
    assert!(
        screen(&app).contains("999 — aucune fiche « apprenant » n° 999"),
        "{}",
        screen(&app)
    );
}

#[test]
fn several_links_are_a_list_of_names() {
    let fixture = Fixture::new();
    let world = world(&fixture);
    let mut forum = event("Forum des lycées", days_from_today(5));
    forum.schools = vec![world.voltaire, world.hoche];
    let forum = fixture.create(forum);
    let mut app = app(&fixture, 120, 40, Lang::Fr);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, &format!("event {}", forum.meta.id.0));
    press(&mut app, &fixture, "<Enter> e");
    let text = screen(&app);
    assert!(
        !text.contains(&format!("{},{}", world.voltaire.0, world.hoche.0)),
        "{text}"
    );
    let rows: Vec<&str> = text.lines().collect();
    let voltaire = rows
        .iter()
        .position(|row| row.contains("• Lycée Voltaire (0750001U) · Paris"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(rows[voltaire].contains("établissements"), "{text}");
    assert!(
        rows[voltaire + 1].contains("• École Hoche (0780001C) · Paris"),
        "{text}"
    );
}

#[test]
fn the_finder_and_pickers_tell_namesakes_apart_and_rank_starts_first() {
    let fixture = Fixture::new();
    let world = world(&fixture);
    fixture.create(learner(world.voltaire, "Camille Martin"));
    let mut hidden = learner(world.hoche, "Camille Martin");
    hidden.notes = passerelle::domain::Restricted::Clear("suivi".into());
    hidden.meta.confidentiality = passerelle::domain::Confidentiality::flagged(
        "signalement",
        Some(passerelle::domain::Organisation::AcademieVersailles),
    );
    fixture.create(hidden);
    fixture.create(crate::common::company_at(
        crate::common::siret(7),
        "Architecture de Boulogne",
        "92100",
    ));
    let mut app = app(&fixture, 120, 40, Lang::Fr);
    press(&mut app, &fixture, "f");
    type_text(&mut app, &fixture, "camille martin");
    let text = screen(&app);
    assert!(
        // Every learner is confidential alike: 🔒 (two columns wide).
        text.contains("Camille Martin 🔒  · 2nde, Lycée Voltaire (0750001U)")
            || text.contains("Camille Martin 🔒 · 2nde, Lycée Voltaire (0750001U)"),
        "{text}"
    );
    assert!(
        text.contains("Camille Martin 🔒 · 2nde, École Hoche (0780001C)")
            || text.contains("Camille Martin 🔒  · 2nde, École Hoche (0780001C)"),
        "{text}"
    );
    // « boul »: the name that starts so first.
    press(&mut app, &fixture, "<C-u>");
    type_text(&mut app, &fixture, "boul");
    let text = screen(&app);
    let starts = text.find("Boulangerie Martin").expect("the bakery");
    let further = text
        .find("Architecture de Boulogne")
        .expect("the architect");
    assert!(starts < further, "{text}");
    // The company picker says where each company is.
    press(
        &mut app,
        &fixture,
        "<Esc> : s t a g e s <Enter> n <Tab> <Tab> <Tab> <Enter>",
    );
    assert_eq!(app.mode(), Mode::Picker, "{}", screen(&app));
    type_text(&mut app, &fixture, "boul");
    assert!(
        screen(&app).contains("Boulangerie Martin · Paris"),
        "{}",
        screen(&app)
    );
}
