//! Driving the interface in tests: an `App` over the fixture's service,
//! keys typed as a person types them, the screen read back as text from
//! ratatui's TestBackend.

use super::settle::settle;
use passerelle::i18n::Lang;
use passerelle::tui::app::{App, AppOptions, Viewport};
use passerelle::tui::keymap::{Key, Keymap};
use passerelle::tui::theme::Theme;
use passerelle::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Fixture, today};

/// The application on its dashboard, data loaded, at `width`×`height`.
pub fn app(fixture: &Fixture, width: u16, height: u16, lang: Lang) -> App {
    app_with_keymap(fixture, width, height, lang, "default")
}

/// The same with another preset keymap.
pub fn app_with_keymap(
    fixture: &Fixture,
    width: u16,
    height: u16,
    lang: Lang,
    preset: &str,
) -> App {
    let keymap = Keymap::load(preset, None).expect("the preset loads");
    let mut app = App::new(AppOptions {
        account: fixture.caller.account.clone(),
        lang,
        keymap,
        theme: Theme::new(false),
        today: today(),
        viewport: Viewport { width, height },
    });
    settle(&mut app, &fixture.service, &fixture.caller);
    app
}

/// Types keys, written as in a keymap file and separated by spaces
/// ("j j <Enter>", ": s c h o o l s <Enter>"), answering requests after
/// each key as the worker thread would.
pub fn press(app: &mut App, fixture: &Fixture, keys: &str) {
    for key in keys.split(' ').filter(|k| !k.is_empty()) {
        let key = Key::parse(key).unwrap_or_else(|error| panic!("key {key:?}: {error}"));
        app.handle_key(key);
        settle(app, &fixture.service, &fixture.caller);
    }
}

/// Types text in a typing mode, character by character.
pub fn type_text(app: &mut App, fixture: &Fixture, text: &str) {
    for c in text.chars() {
        let key = Key::parse(&c.to_string())
            .or_else(|_| Key::parse(if c == ' ' { "<Space>" } else { "<lt>" }))
            .expect("a character key");
        app.handle_key(key);
        settle(app, &fixture.service, &fixture.caller);
    }
}

/// The screen drawn at the app's size.
pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.viewport.width, app.viewport.height))
        .expect("a test terminal");
    terminal
        .draw(|frame| view::draw(frame, app))
        .expect("the frame draws");
    terminal
}

/// The screen as lines of text, trailing spaces removed.
pub fn screen(app: &App) -> String {
    let terminal = render(app);
    let buffer = terminal.backend().buffer();
    let mut lines = Vec::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        lines.push(line.trim_end().to_owned());
    }
    lines.join("\n")
}

/// A small world to look at: schools, companies, learners,
/// placements in several statuses, immersions, events of the coming
/// week and an agreement near its notice deadline.
pub struct World {
    pub voltaire: passerelle::domain::RecordId,
    pub hoche: passerelle::domain::RecordId,
    pub boulangerie: passerelle::domain::RecordId,
    pub first_placement: passerelle::domain::RecordId,
}

pub fn world(fixture: &Fixture) -> World {
    use super::*;
    use passerelle::domain::status::{AgreementStatus, ImmersionStatus};
    let voltaire = fixture.create(school("0750001", "Lycée Voltaire")).meta.id;
    let hoche = fixture.create(school("0780001", "École Hoche")).meta.id;
    fixture.create(school("0930001", "Collège Jean Zay"));
    let boulangerie = fixture
        .create(company(siret(1), "Boulangerie Martin"))
        .meta
        .id;
    fixture.create(company(siret(2), "Atelier Durand"));
    fixture.create(contact(boulangerie, "Jeanne Martin"));
    let amelie = fixture.create(learner(voltaire, "Amélie Dupont")).meta.id;
    let bruno = fixture.create(learner(voltaire, "Bruno Petit")).meta.id;
    let chloe = fixture.create(learner(hoche, "Chloé Martin")).meta.id;
    let first_placement = fixture
        .create(placement(
            amelie,
            voltaire,
            days_from_today(-20),
            days_from_today(-6),
        ))
        .meta
        .id;
    let mut with_company = placement(bruno, voltaire, days_from_today(10), days_from_today(24));
    with_company.company = Some(boulangerie);
    with_company.status = passerelle::domain::status::PlacementStatus::CompanyProposed;
    fixture.create(with_company);
    fixture.create(placement(
        chloe,
        hoche,
        days_from_today(30),
        days_from_today(44),
    ));
    fixture.create(immersion(
        boulangerie,
        "Mme Leroy",
        days_from_today(-40),
        3,
        ImmersionStatus::Done,
    ));
    fixture.create(immersion(
        boulangerie,
        "M. Nguyen",
        days_from_today(15),
        2,
        ImmersionStatus::Proposed,
    ));
    fixture.create(event("Forum des métiers", days_from_today(3)));
    fixture.create(event("Visite d'atelier", days_from_today(30)));
    fixture.create(agreement(
        "Convention cadre CPME",
        AgreementStatus::Signed,
        Some(days_from_today(-3 * 365 + 120)),
    ));
    World {
        voltaire,
        hoche,
        boulangerie,
        first_placement,
    }
}
