//! A confidential record's protected fields in a form: shown as such to
//! whoever has not revealed them, nothing typed in them, a save that
//! changes nothing saying so; and after a conflict, both values of a
//! protected field for someone cleared who revealed the record.

use crate::common::tui::{app, press, screen, type_text};
use crate::common::{Fixture, caller, company, days_from_today, immersion, siret};
use passerelle::domain::academie::Organisation;
use passerelle::domain::records::Immersion;
use passerelle::domain::status::ImmersionStatus;
use passerelle::domain::{Confidentiality, Kind, RecordRef, Restricted};
use passerelle::i18n::Lang;
use passerelle::tui::keymap::Mode;

/// A confidential immersion of the académie de Paris, with notes.
fn flagged_immersion(fixture: &Fixture) -> Immersion {
    let firm = fixture.create(company(siret(1), "Boulangerie Martin"));
    let mut record = immersion(
        firm.meta.id,
        "Mme Leroy",
        days_from_today(20),
        2,
        ImmersionStatus::Proposed,
    );
    record.notes = Restricted::Clear("échange tendu avec le tuteur".to_owned());
    record.meta.confidentiality =
        Confidentiality::flagged("signalement", Some(Organisation::AcademieParis));
    fixture.create(record)
}

/// The stored immersion, in clear (the store under the service).
fn stored(fixture: &Fixture, reference: RecordRef) -> Immersion {
    let response = fixture
        .service
        .reveal(
            &caller("alice"),
            &passerelle::service::reveal::RevealRequest {
                key: passerelle::service::get::RecordKey::Id(reference),
                purpose: passerelle::domain::audit::RevealPurpose::Screen,
            },
        )
        .expect("alice reveals it");
    crate::common::expect_kind(response.record)
}

fn open_immersion(app: &mut passerelle::tui::app::App, fixture: &Fixture, id: u64) {
    press(app, fixture, ":");
    type_text(app, fixture, &format!("immersion {id}"));
    press(app, fixture, "<Enter>");
}

#[test]
fn a_protected_field_says_who_sees_it_and_takes_nothing_typed() {
    let mut fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let flagged = flagged_immersion(&fixture);
    let reference = RecordRef::new(Kind::Immersion, flagged.meta.id);
    fixture.caller = caller("bob");
    let mut app = app(&fixture, 120, 40, Lang::Fr);
    open_immersion(&mut app, &fixture, flagged.meta.id.0);
    // The detail says whose it is; why, only once revealed.
    assert!(
        screen(&app).contains("motif protégé — propriétaire : l'académie de Paris"),
        "{}",
        screen(&app)
    );
    press(&mut app, &fixture, "e");
    assert_eq!(app.mode(), Mode::Form, "{}", screen(&app));
    assert!(
        screen(&app)
            .lines()
            .any(|row| row.contains("motif de confidentialité") && row.contains("protégé")),
        "{}",
        screen(&app)
    );
    // To the notes: the seventh field.
    press(&mut app, &fixture, &"<Tab> ".repeat(6));
    let text = screen(&app);
    assert!(
        text.contains(
            "protégé : visible par les administrateurs et les coordinateurs de l'académie de Paris"
        ),
        "{text}"
    );
    assert!(text.contains("révèlent d'abord la fiche (v"), "{text}");
    type_text(&mut app, &fixture, "mot deviné");
    press(&mut app, &fixture, "<A-Enter> <BS> <C-u>");
    type_text(&mut app, &fixture, "encore");
    let text = screen(&app);
    assert!(
        !text.contains("mot deviné") && !text.contains("encore"),
        "{text}"
    );
    press(&mut app, &fixture, "<C-s>");
    let text = screen(&app);
    assert!(text.contains("Aucun champ modifié"), "{text}");
    assert_eq!(
        stored(&fixture, reference).meta.revision,
        flagged.meta.revision
    );

    // What bob may change is saved; the notes stay as stored.
    press(&mut app, &fixture, "e <C-u>");
    type_text(&mut app, &fixture, "Mme Leroy-Martin");
    press(&mut app, &fixture, "<C-s>");
    assert!(screen(&app).contains("Enregistré"), "{}", screen(&app));
    let after = stored(&fixture, reference);
    assert_eq!(after.person, "Mme Leroy-Martin");
    assert_eq!(
        after.notes,
        Restricted::Clear("échange tendu avec le tuteur".to_owned())
    );
}

#[test]
fn a_conflict_shows_both_protected_values_to_one_who_revealed() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let flagged = flagged_immersion(&fixture);
    let reference = RecordRef::new(Kind::Immersion, flagged.meta.id);
    let mut app = app(&fixture, 120, 40, Lang::Fr);
    open_immersion(&mut app, &fixture, flagged.meta.id.0);
    press(&mut app, &fixture, "v e");
    press(&mut app, &fixture, &"<Tab> ".repeat(6));
    assert!(
        screen(&app).contains("échange tendu avec le tuteur"),
        "{}",
        screen(&app)
    );
    press(&mut app, &fixture, "<C-u>");
    type_text(&mut app, &fixture, "ma version");
    // Meanwhile the notes are changed elsewhere.
    let mut theirs = stored(&fixture, reference);
    theirs.notes = Restricted::Clear("leur version".to_owned());
    fixture.create(theirs);
    press(&mut app, &fixture, "<C-s>");
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Form, "{text}");
    assert!(
        text.contains("enregistré entre-temps : leur version"),
        "{text}"
    );
    // Theirs taken: the field holds it, and mine is the other choice.
    press(&mut app, &fixture, "<C-t>");
    let text = screen(&app);
    assert!(
        text.contains("enregistré entre-temps : ma version"),
        "{text}"
    );
    // Taking theirs leaves nothing of mine: nothing to write, and the
    // record shown as it is now.
    press(&mut app, &fixture, "<C-s>");
    let text = screen(&app);
    assert!(text.contains("Aucun champ modifié"), "{text}");
    assert!(text.contains("révision 2"), "{text}");
    assert_eq!(
        stored(&fixture, reference).notes,
        Restricted::Clear("leur version".to_owned())
    );
}
