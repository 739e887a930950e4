//! The screens as a person sees them, drawn to ratatui's TestBackend at
//! 80×24 and 120×40 from a real store: whole-screen snapshots where the
//! whole screen matters, specific lines elsewhere.

#[path = "../common/mod.rs"]
mod common;
mod every_screen;
mod language_walk;
mod screen_writer;

use common::tui::{app, press, render, screen, type_text, world};
use common::{Fixture, school};
use passerelle::domain::Kind;
use passerelle::i18n::Lang;
use passerelle::service::get::{GetResponse, RecordKey};
use passerelle::service::protocol::Response;
use passerelle::tui::app::Target;
use passerelle::tui::keymap::Mode;

#[test]
fn dashboard_at_80x24_and_120x40() {
    let fixture = Fixture::new();
    world(&fixture);
    let small = app(&fixture, 80, 24, Lang::Fr);
    insta::assert_snapshot!("dashboard_80x24_fr", screen(&small));
    let large = app(&fixture, 120, 40, Lang::En);
    insta::assert_snapshot!("dashboard_120x40_en", screen(&large));
}

#[test]
fn every_list_at_80x24() {
    let fixture = Fixture::new();
    world(&fixture);
    for (command, kind) in [
        ("schools", Kind::School),
        ("companies", Kind::Company),
        ("placements", Kind::Placement),
        ("immersions", Kind::Immersion),
        ("events", Kind::Event),
        ("contacts", Kind::Contact),
        ("learners", Kind::Learner),
        ("agreements", Kind::Agreement),
    ] {
        let mut app = app(&fixture, 80, 24, Lang::Fr);
        press(&mut app, &fixture, ":");
        type_text(&mut app, &fixture, command);
        press(&mut app, &fixture, "<Enter>");
        insta::assert_snapshot!(format!("list_{}_80x24", kind.code()), screen(&app));
    }
}

#[test]
fn a_marked_row_keeps_its_first_column_whole_at_any_width() {
    let fixture = language_walk::demo_fixture();
    for width in [80, 120] {
        let mut app = app(&fixture, width, 24, Lang::Fr);
        press(&mut app, &fixture, ":");
        type_text(&mut app, &fixture, "stages");
        press(&mut app, &fixture, "<Enter>");
        // The first placement by learner.
        // A demonstration store: every row has « ◇ » in the gutter.
        let before = screen(&app);
        assert!(before.contains("│◇ Adam Benali "), "{before}");
        press(&mut app, &fixture, "<Space>");
        let after = screen(&app);
        let marked = after
            .lines()
            .find(|line| line.contains('●'))
            .unwrap_or_else(|| panic!("a marked row:\n{after}"));
        // The mark in a gutter of its own, the name whole after it.
        assert!(marked.starts_with("│●◇ Adam Benali "), "{after}");
        let unmarked = after
            .lines()
            .find(|line| line.contains("Adam Bréal"))
            .expect("the next row");
        assert!(unmarked.starts_with("│ ◇ Adam Bréal "), "{after}");
    }
}

#[test]
fn a_school_in_detail_at_both_sizes() {
    let fixture = Fixture::new();
    world(&fixture);
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = app(&fixture, width, height, Lang::Fr);
        press(&mut app, &fixture, ":");
        type_text(&mut app, &fixture, "uai 0750001U");
        press(&mut app, &fixture, "<Enter>");
        // Times are shown in the machine's time zone.
        insta::with_settings!({ filters => vec![(r"\d\d/\d\d/\d{4} \d\d:\d\d", "[date et heure]")] }, {
            insta::assert_snapshot!(format!("detail_school_{width}x{height}"), screen(&app));
        });
    }
}

#[test]
fn help_lists_every_binding_of_the_mode_under_it() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 120, 40, Lang::En);
    press(&mut app, &fixture, ": s c h o o l s <Enter>");
    press(&mut app, &fixture, "?");
    insta::assert_snapshot!("help_list_120x40_en", screen(&app));
    let shown = screen(&app);
    for binding in app.keymap.bindings(Mode::List) {
        let keys: Vec<String> = binding.keys.iter().map(|k| k.label(Lang::En)).collect();
        let keys = keys.join(" ");
        let description = binding.action.description(Lang::En);
        // On the line of its action, among the keys before the words.
        let line = shown
            .lines()
            .find(|line| line.contains(&format!("  {description}")))
            .unwrap_or_else(|| panic!("{description:?} is missing from the help:\n{shown}"));
        let before = &line[..line.find(&format!("  {description}")).unwrap_or(0)];
        // Inside the popup: after its left border.
        let before = before.rsplit('│').next().unwrap_or(before);
        assert!(
            before
                .split(" · ")
                .any(|shown_keys| shown_keys.trim() == keys),
            "{:?} bound to {keys:?} is not on its line {line:?}",
            binding.action
        );
    }
    // Typing filters it.
    type_text(&mut app, &fixture, "sort");
    let filtered = screen(&app);
    assert!(
        filtered.contains("Reverse") || filtered.contains("reverse"),
        "{filtered}"
    );
    assert!(!filtered.contains("Quit"), "{filtered}");
}

#[test]
fn below_its_minimum_it_says_so_and_no_size_panics() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 40, 10, Lang::Fr);
    let text = screen(&app);
    assert!(text.contains("trop petite"), "{text}");
    // Every size, every screen: nothing panics.
    press(&mut app, &fixture, ": s c h o o l s <Enter>");
    for (width, height) in [
        (0, 0),
        (1, 1),
        (0, 30),
        (200, 0),
        (59, 15),
        (60, 16),
        (80, 24),
        (250, 90),
    ] {
        app.resize(passerelle::tui::app::Viewport { width, height });
        for keys in [
            "", "<Enter>", "?", "<Esc>", "f", "<Esc>", ":", "<Esc>", "<Esc>",
        ] {
            press(&mut app, &fixture, keys);
            render(&app);
        }
    }
}

#[test]
fn escape_sequences_in_a_record_never_reach_the_terminal() {
    let fixture = Fixture::new();
    let stored = fixture.create(school("0750001", "Lycée sans histoire"));
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    // Validation keeps such names out of the store; a record read from
    // elsewhere (an older store, a future import) is drawn safely all
    // the same.
    let mut hostile = stored.clone();
    hostile.name = "Collège \x1b[2JJean\x1b]52;c;aGk=\x07 \u{202e}Zay\tannexe".to_owned();
    hostile.commune = "Paris\u{9b}31m".to_owned();
    app.open(Target::Record(RecordKey::Id(
        passerelle::domain::RecordRef::new(Kind::School, stored.meta.id),
    )));
    for job in app.take_jobs() {
        app.receive(
            job.ticket,
            Ok(Response::Get(Box::new(GetResponse {
                label: hostile.name.clone(),
                record: hostile.clone().into(),
                links: Vec::new(),
                dependents: Vec::new(),
                consent: None,
                revealed: false,
                demo: false,
            }))),
        );
    }
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        for c in cell.symbol().chars() {
            assert!(
                !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
                "a control character {c:?} reached a cell"
            );
        }
    }
    let text = screen(&app);
    assert!(
        text.contains("Collège ␛[2JJean␛]52;c;aGk=␇ \\u{202e}Zay    annexe"),
        "{text}"
    );
}

#[test]
fn every_screen_and_overlay_draws_at_many_sizes() {
    let fixture = Fixture::new();
    let world = world(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    let steps: &[&str] = &[
        "",
        "<Tab> <Tab> j j",
        "g",
        "<Esc> : s c h o o l s <Enter>",
        "/",
        "<Esc> ?",
        "<Esc> f l y c",
        "<Esc> : p l",
        "<Esc> <Enter>",
        "j j j <Enter>",
    ];
    for step in steps {
        press(&mut app, &fixture, step);
        for width in (60..=130).step_by(7) {
            for height in (16..=45).step_by(4) {
                app.resize(passerelle::tui::app::Viewport { width, height });
                let text = screen(&app);
                assert!(!text.contains("trop petite"), "{width}×{height}");
            }
        }
    }
    let _ = world.voltaire;
}

#[test]
fn hostile_text_in_lists_the_finder_and_the_dashboard_is_escaped() {
    use passerelle::service::find::{FindResponse, Found};
    use passerelle::service::list::ListResponse;
    let fixture = Fixture::new();
    world(&fixture);
    let hostile = "\x1b[2J\x1b]52;c;aGk=\x07\u{202e}\u{9b}";
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    // A list page whose labels and names carry escapes.
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "schools");
    app.handle_key(passerelle::tui::keymap::Key::parse("<Enter>").expect("key"));
    for job in app.take_jobs() {
        let mut page: ListResponse = match fixture.service.handle(&fixture.caller, job.request) {
            Ok(Response::List(page)) => page,
            other => panic!("a list page: {other:?}"),
        };
        for row in &mut page.rows {
            row.label = format!("{}{hostile}", row.label);
            if let passerelle::domain::records::Record::School(school) = &mut row.record {
                school.name = format!("{}{hostile}", school.name);
                school.commune = hostile.to_owned();
            }
        }
        app.receive(job.ticket, Ok(Response::List(page)));
    }
    assert_no_control_characters(&app);
    // Finder matches.
    press(&mut app, &fixture, "f");
    type_text(&mut app, &fixture, "l");
    press(&mut app, &fixture, "<BackTab>");
    app.handle_key(passerelle::tui::keymap::Key::parse("y").expect("key"));
    for job in app.take_jobs() {
        // A record not described yet: the match's own label is shown.
        let found = vec![Found {
            reference: passerelle::domain::RecordRef::new(
                Kind::School,
                passerelle::domain::RecordId(999),
            ),
            label: hostile.to_owned(),
            score: 1,
        }];
        app.receive(
            job.ticket,
            Ok(Response::Found(FindResponse { matches: found })),
        );
    }
    assert!(screen(&app).contains("␛[2J"), "{}", screen(&app));
    assert_no_control_characters(&app);
    // The dashboard's items.
    press(&mut app, &fixture, "<Esc> g d");
    app.handle_key(passerelle::tui::keymap::Key::parse("r").expect("key"));
    for job in app.take_jobs() {
        let mut status = match fixture.service.handle(&fixture.caller, job.request) {
            Ok(Response::Status(status)) => status,
            other => panic!("a status: {other:?}"),
        };
        for pending in &mut status.placements.oldest_pending {
            pending.learner = hostile.to_owned();
            pending.school = hostile.to_owned();
        }
        for event in &mut status.coming_events {
            event.title = hostile.to_owned();
            event.place = hostile.to_owned();
        }
        app.receive(job.ticket, Ok(Response::Status(status)));
    }
    assert!(screen(&app).contains("␛[2J"), "{}", screen(&app));
    assert_no_control_characters(&app);
}

fn assert_no_control_characters(app: &passerelle::tui::app::App) {
    let terminal = render(app);
    for cell in terminal.backend().buffer().content() {
        for c in cell.symbol().chars() {
            assert!(
                !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
                "a control character {c:?} reached a cell:\n{}",
                screen(app)
            );
        }
    }
}

#[test]
fn without_colour_only_modifiers_remain() {
    use ratatui::style::Color;
    let fixture = Fixture::new();
    world(&fixture);
    // The tests' applications are built as under NO_COLOR.
    let app = app(&fixture, 100, 30, Lang::Fr);
    let terminal = render(&app);
    for cell in terminal.backend().buffer().content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    // With colours, the sixteen named ones only (no RGB or 256-colour
    // index a 16-colour terminal would not show).
    let mut coloured = common::tui::app(&fixture, 100, 30, Lang::Fr);
    coloured.theme = passerelle::tui::theme::Theme::new(true);
    let terminal = render(&coloured);
    let cells = terminal.backend().buffer().content();
    assert!(cells.iter().any(|cell| cell.fg != Color::Reset));
    for cell in cells {
        assert!(
            !matches!(cell.fg, Color::Rgb(..) | Color::Indexed(_)),
            "{:?}",
            cell.fg
        );
    }
}

/// Lycée Voltaire, then renamed from the interface, then moved with a
/// note (restricted) added from the command line: three entries.
fn school_edited_twice(fixture: &Fixture) {
    use passerelle::domain::Restricted;
    use passerelle::domain::audit::FrontEnd;
    let created = fixture.create(school("0750001", "Lycée Voltaire"));
    let from_tui = passerelle::service::Caller {
        front_end: FrontEnd::Tui,
        ..fixture.caller.clone()
    };
    let mut renamed = created;
    renamed.name = "Lycée Voltaire — section internationale et européenne".to_owned();
    let mut moved = fixture.save_as(&from_tui, renamed).expect("renamed");
    moved.commune = "Paris 11e".to_owned();
    moved.notes = Restricted::Clear("NOTE-SECRETE".to_owned());
    fixture.create(moved);
}

/// Audit entries are stamped with the real clock, in the machine's
/// time zone: their date and time are left out of the snapshots.
fn without_times(name: &str, text: &str) {
    insta::with_settings!({ filters => vec![
        (r"\d\d/\d\d/\d{4} \d\d:\d\d", "[date et heure]"),
        (r"\d{4}-\d\d-\d\d \d\d:\d\d", "[date and time]"),
    ] }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn the_history_of_a_school_edited_twice_in_french_and_in_english() {
    let fixture = Fixture::new();
    school_edited_twice(&fixture);
    for (lang, width, height, name) in [
        (Lang::Fr, 80, 24, "history_school_80x24_fr"),
        (Lang::En, 60, 16, "history_school_60x16_en"),
    ] {
        let mut app = app(&fixture, width, height, lang);
        press(&mut app, &fixture, ":");
        type_text(&mut app, &fixture, "uai 0750001U");
        press(&mut app, &fixture, "<Enter> H");
        assert_eq!(app.mode(), Mode::History);
        let shown = screen(&app);
        assert!(!shown.contains("NOTE-SECRETE"), "{shown}");
        without_times(name, &shown);
    }
}

#[test]
fn a_long_history_draws_at_every_size_and_escapes_what_the_trail_holds() {
    use passerelle::domain::audit::{AuditAction, AuditEntry, FieldChange, FrontEnd};
    use passerelle::service::audit::AuditResponse;
    let fixture = Fixture::new();
    school_edited_twice(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "uai 0750001U");
    press(&mut app, &fixture, "<Enter>");
    // An answer as a damaged or foreign trail could hold it: escapes in
    // the account and the values, values longer than any screen.
    app.handle_key(passerelle::tui::keymap::Key::parse("H").expect("key"));
    let hostile = "\x1b[2J\x1b]52;c;aGk=\x07\u{202e}\u{9b}";
    for job in app.take_jobs() {
        let target =
            passerelle::domain::RecordRef::new(Kind::School, passerelle::domain::RecordId(1));
        let entries = (1..=60)
            .rev()
            .map(|sequence| AuditEntry {
                sequence,
                at: chrono::Utc::now(),
                account: format!("alice{hostile}"),
                front_end: FrontEnd::Tui,
                action: AuditAction::Changed {
                    target,
                    revision: sequence,
                    fields: vec![
                        FieldChange::Value {
                            field: format!("name{hostile}"),
                            old: format!("{hostile}{}", "ancien nom ".repeat(30)),
                            new: "nouveau".repeat(40),
                        },
                        FieldChange::Restricted {
                            field: "notes".into(),
                        },
                    ],
                },
            })
            .collect();
        app.receive(
            job.ticket,
            Ok(Response::Audit(AuditResponse {
                entries,
                more: false,
            })),
        );
    }
    assert!(screen(&app).contains("␛[2J"), "{}", screen(&app));
    assert_no_control_characters(&app);
    for step in [
        "",
        "G",
        "<PageUp>",
        "<C-u>",
        "k",
        "g g",
        "<PageDown>",
        "<C-d>",
    ] {
        press(&mut app, &fixture, step);
        for (width, height) in [(60, 16), (61, 17), (80, 24), (130, 45), (0, 0), (59, 15)] {
            app.resize(passerelle::tui::app::Viewport { width, height });
            let text = screen(&app);
            if width >= 60 && height >= 16 {
                assert!(text.contains("entrée"), "{width}×{height}\n{text}");
            }
        }
        app.resize(passerelle::tui::app::Viewport {
            width: 80,
            height: 24,
        });
    }
}

#[test]
fn the_consent_form_at_80x24() {
    use passerelle::domain::consent::ConsentUse;
    use passerelle::domain::{RecordRef, Restricted};
    use passerelle::service::consent::ConsentInput;
    let fixture = Fixture::new();
    let world = world(&fixture);
    // A learner with particular needs: confidential, its consent
    // recorded, the detail not revealed.
    let mut pupil = common::learner(world.voltaire, "Inès Morel");
    pupil.sensitive = Restricted::Clear(common::sensitive_needs());
    let pupil = fixture.create(pupil);
    fixture
        .service
        .record_consent(
            &fixture.caller,
            &RecordKey::Id(RecordRef::new(Kind::Learner, pupil.meta.id)),
            ConsentInput {
                given_by: "Mme Morel, mère".into(),
                given_on: common::days_from_today(-30),
                uses: vec![ConsentUse::Export, ConsentUse::Report],
            },
        )
        .expect("recorded");
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    press(&mut app, &fixture, "f");
    type_text(&mut app, &fixture, "morel");
    press(&mut app, &fixture, "<Enter> C");
    assert_eq!(app.mode(), Mode::Form, "{}", screen(&app));
    insta::assert_snapshot!("consent_form_80x24", screen(&app));
}

/// A demonstration store made on the fixture's day, always the same.
fn demo_store(fixture: &Fixture) {
    passerelle::demo::generate(
        &fixture.service,
        &fixture.caller,
        &passerelle::demo::DemoOptions {
            size: 1_000,
            seed: 5,
        },
        &mut |_| {},
    )
    .expect("demonstration data");
}

#[test]
fn the_yearly_report_at_80x24_and_its_comparison() {
    let fixture = Fixture::new();
    demo_store(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "rapport 2026-2027");
    press(&mut app, &fixture, "<Enter>");
    assert_eq!(app.mode(), Mode::Report);
    insta::assert_snapshot!("report_2026_2027_80x24_fr", screen(&app));
    press(&mut app, &fixture, "c");
    insta::assert_snapshot!("report_2026_2027_compared_80x24_fr", screen(&app));
    let mut english = common::tui::app(&fixture, 120, 40, Lang::En);
    press(&mut english, &fixture, ":");
    type_text(&mut english, &fixture, "report 2026-2027");
    press(&mut english, &fixture, "<Enter> <PageDown>");
    insta::assert_snapshot!("report_2026_2027_120x40_en", screen(&english));
}

#[test]
fn the_report_draws_at_every_size_and_a_school_name_stays_text() {
    use passerelle::domain::dates::SchoolYear;
    use passerelle::service::report::ReportRequest;
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    // A report whose most active school has a name no form would take
    // (escape sequences, a bidi override), as an older store could.
    let mut report = fixture
        .service
        .report(
            &fixture.caller,
            &ReportRequest {
                year: SchoolYear::starting(2026),
                remarks: false,
            },
        )
        .expect("the report");
    report.active_schools[0].name = "Lycée \x1b[2JVoltaire\x1b]52;c;aGk=\x07 \u{202e}bis".into();
    app.open(Target::Report(SchoolYear::starting(2026)));
    for job in app.take_jobs() {
        app.receive(job.ticket, Ok(Response::Report(Box::new(report.clone()))));
    }
    press(&mut app, &fixture, "G");
    let terminal = render(&app);
    for cell in terminal.backend().buffer().content() {
        for c in cell.symbol().chars() {
            assert!(
                !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}'),
                "a control character {c:?} reached a cell"
            );
        }
    }
    assert!(
        screen(&app).contains("Lycée ␛[2JVoltaire"),
        "{}",
        screen(&app)
    );
    for (width, height) in [
        (0, 0),
        (1, 1),
        (0, 30),
        (200, 0),
        (59, 15),
        (60, 16),
        (61, 19),
        (80, 24),
        (250, 90),
    ] {
        app.resize(passerelle::tui::app::Viewport { width, height });
        for keys in [
            "",
            "<PageDown>",
            "G",
            "c",
            "j",
            "k",
            "g g",
            "c",
            "?",
            "<Esc>",
        ] {
            press(&mut app, &fixture, keys);
            render(&app);
        }
    }
}

/// The screen's text with its rows joined, spaces collapsed: what a
/// person reads across the rows a message was broken into.
fn read_across(app: &passerelle::tui::app::App) -> String {
    screen(app).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn messages_are_never_cut_and_can_be_read_again() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut fixture = Fixture::new();
        fixture.allow_coordinators(&["bob"]);
        world(&fixture);
        let mut flagged = school("0750002", "Lycée Confidentiel");
        flagged.meta.confidentiality = passerelle::domain::Confidentiality::flagged(
            "signalement",
            Some(passerelle::domain::academie::Organisation::AcademieParis),
        );
        fixture.create(flagged);
        let mut app = app(&fixture, width, height, Lang::Fr);

        // A refused delete: each record referring to the school on a row.
        press(&mut app, &fixture, ":");
        type_text(&mut app, &fixture, "uai 0750001U");
        press(&mut app, &fixture, "<Enter> D y");
        let text = screen(&app);
        for line in [
            "  apprenant n° 1 — Amélie Dupont",
            "  apprenant n° 2 — Bruno Petit",
            "  stage n° 2 — Bruno Petit",
        ] {
            assert!(text.lines().any(|l| l == line), "{width}×{height}: {text}");
        }
        assert!(!text.contains('⏎'), "{text}");

        // A field error ends with what to type: wrapped under its field.
        press(&mut app, &fixture, "<Esc> : s c h o o l s <Enter> n");
        type_text(&mut app, &fixture, "0750001A");
        let read = read_across(&app);
        assert!(
            read.contains("appellent U"),
            "{width}×{height}: {}",
            screen(&app)
        );
        press(&mut app, &fixture, "<Esc> d");

        // Bob's reveal refused: the admins to ask, whole.
        fixture.caller = common::caller("bob");
        press(&mut app, &fixture, ":");
        type_text(&mut app, &fixture, "uai 0750002V");
        press(&mut app, &fixture, "<Enter> v");
        let read = read_across(&app);
        assert!(
            read.contains("Adressez-vous à un administrateur : Alice Martin"),
            "{width}×{height}: {}",
            screen(&app)
        );

        // Gone with the next key; `:messages` shows them all again.
        press(&mut app, &fixture, "j");
        assert!(!read_across(&app).contains("Adressez-vous"));
        press(&mut app, &fixture, ":");
        type_text(&mut app, &fixture, "messages");
        press(&mut app, &fixture, "<Enter>");
        let read = read_across(&app);
        assert!(read.contains("Messages de la session"), "{}", screen(&app));
        assert!(
            read.contains("Alice Martin") && read.contains("(alice)."),
            "{}",
            screen(&app)
        );
        if height >= 40 {
            assert!(
                read.contains("stage n° 2 — Bruno Petit"),
                "{}",
                screen(&app)
            );
        }
        press(&mut app, &fixture, "<Esc>");
        assert!(!read_across(&app).contains("Messages de la session"));
    }
}

#[test]
fn a_command_jump_starts_the_trail_again_and_values_wrap_under_themselves() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut lycee = school("0750002", "Lycée aux longues notes");
    lycee.notes = passerelle::domain::Restricted::Clear(
        "Première ligne des notes, assez longue pour passer à la ligne suivante à 80 colonnes.\nDeuxième ligne".to_owned(),
    );
    fixture.create(lycee);
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    for command in ["schools", "uai 0750001U", "placements", "uai 0750002V"] {
        press(&mut app, &fixture, ":");
        type_text(&mut app, &fixture, command);
        press(&mut app, &fixture, "<Enter>");
    }
    let text = screen(&app);
    // The dashboard, then the last record jumped to: nothing between.
    assert_eq!(app.screens.len(), 2, "{text}");
    let header = text.lines().next().unwrap_or_default();
    assert!(header.contains("› Lycée aux longues notes"), "{text}");
    // The notes' rows all start under the value column.
    let rows: Vec<&str> = text.lines().collect();
    let first = rows
        .iter()
        .position(|row| row.contains("notes    Première ligne"))
        .unwrap_or_else(|| panic!("{text}"));
    let column = rows[first].find("Première").expect("the value");
    for row in &rows[first + 1..first + 3] {
        let start = row
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c != ' ')
            .map(|(i, _)| i)
            .unwrap_or(0);
        assert_eq!(start, column, "{text}");
    }
    assert!(text.contains("Deuxième ligne"), "{text}");
}
