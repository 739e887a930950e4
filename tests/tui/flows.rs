//! What a coordinator does, as sequences of keys on a real temporary
//! store, asserting what the screen shows after each step.

use crate::common;

use common::tui::{app, press, screen, type_text, world};
use common::{Fixture, school};
use passerelle::i18n::Lang;
use passerelle::tui::app::ScreenView;
use passerelle::tui::keymap::Mode;

fn header(app: &passerelle::tui::app::App) -> String {
    screen(app).lines().next().unwrap_or_default().to_owned()
}

#[test]
fn from_the_dashboard_to_a_school_a_placement_and_back() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    assert!(header(&app).contains("Tableau de bord"));

    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "ecoles");
    press(&mut app, &fixture, "<Enter>");
    assert!(screen(&app).contains("Lycée Voltaire"));

    // Filter as you type: accents and case folded.
    press(&mut app, &fixture, "/");
    assert_eq!(app.mode(), Mode::Filter);
    type_text(&mut app, &fixture, "ecole");
    let filtered = screen(&app);
    assert!(filtered.contains("École Hoche"), "{filtered}");
    assert!(!filtered.contains("Lycée Voltaire"), "{filtered}");
    press(&mut app, &fixture, "<Enter> <Enter>");
    assert_eq!(app.mode(), Mode::Detail);
    let detail = screen(&app);
    assert!(detail.contains("0780001"), "{detail}");
    assert!(detail.contains("Chloé Martin"), "{detail}");
    assert!(
        header(&app).contains("Établissements › École Hoche"),
        "{}",
        header(&app)
    );

    // Down to the school's placement, and into it.
    let items = match &app.top().expect("a screen").view {
        ScreenView::Detail(detail) => detail.items(),
        _ => panic!("a detail"),
    };
    let placement = items
        .iter()
        .position(|item| format!("{item:?}").contains("Placement"))
        .expect("the school lists its placement");
    for _ in 0..placement {
        press(&mut app, &fixture, "j");
    }
    press(&mut app, &fixture, "<Enter>");
    let placement = screen(&app);
    assert!(placement.contains("Chloé Martin"), "{placement}");
    assert!(placement.contains("École Hoche"), "{placement}");
    assert_eq!(app.screens.len(), 4);

    // Back along the trail: the list keeps its filter.
    press(&mut app, &fixture, "<Esc>");
    assert!(header(&app).ends_with("École Hoche") || header(&app).contains("› École Hoche"));
    press(&mut app, &fixture, "<Backspace>");
    let list = screen(&app);
    assert!(list.contains("/ecole"), "{list}");
    assert!(!list.contains("Lycée Voltaire"), "{list}");
    press(&mut app, &fixture, "h");
    assert!(header(&app).contains("Tableau de bord"));
    assert_eq!(app.screens.len(), 1);
}

#[test]
fn a_dashboard_item_opens_its_record() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    // The oldest pending placement is Amélie's.
    press(&mut app, &fixture, "<Enter>");
    let text = screen(&app);
    assert!(text.contains("Amélie Dupont"), "{text}");
    assert_eq!(app.mode(), Mode::Detail);
    // Tab to the immersions; its last item opens the list awaiting.
    press(&mut app, &fixture, "<Esc> <Tab> G <Enter>");
    let text = screen(&app);
    assert!(text.contains("Mme Leroy"), "{text}");
    assert!(!text.contains("M. Nguyen"), "{text}");
}

#[test]
fn paging_through_many_records_keeps_count_and_place() {
    let fixture = Fixture::new();
    for n in 0..130u32 {
        fixture.create(school(&format!("0751{n:03}"), &format!("Lycée {n:03}")));
    }
    let mut app = app(&fixture, 80, 24, Lang::En);
    press(&mut app, &fixture, ": s c h o o l s <Enter>");
    let text = screen(&app);
    assert!(text.contains("row 1 · 130 of 130"), "{text}");
    press(&mut app, &fixture, "G");
    let text = screen(&app);
    assert!(text.contains("Lycée 129"), "{text}");
    assert!(text.contains("row 130 · 130 of 130"), "{text}");
    press(&mut app, &fixture, "g g");
    assert!(screen(&app).contains("row 1 ·"), "{}", screen(&app));
    for _ in 0..6 {
        press(&mut app, &fixture, "<PageDown>");
    }
    let text = screen(&app);
    // 18 rows a page at 80×24.
    assert!(text.contains("row 109 ·"), "{text}");
    assert!(text.contains("Lycée 108"), "{text}");
    press(&mut app, &fixture, "<C-u>");
    assert!(screen(&app).contains("row 100 ·"), "{}", screen(&app));
}

#[test]
fn the_command_line_completes_and_filters_by_status() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::En);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "pla");
    press(&mut app, &fixture, "<Tab>");
    assert!(
        screen(&app)
            .lines()
            .last()
            .unwrap_or("")
            .starts_with(":placements")
    );
    type_text(&mut app, &fixture, "pe");
    press(&mut app, &fixture, "<Tab>");
    assert!(screen(&app).contains(":placements pending"));
    press(&mut app, &fixture, "<Enter>");
    let text = screen(&app);
    assert!(text.contains("Status: pending"), "{text}");
    assert!(text.contains("3 of 3"), "{text}");

    // An unknown command and an unknown UAI are said, and nothing moves.
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "frobnicate");
    press(&mut app, &fixture, "<Enter>");
    assert!(screen(&app).contains("Unknown command: 'frobnicate'"));
    let nobody = passerelle::domain::identifiers::Uai::from_digits("0750002").expect("a UAI");
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, &format!("uai {nobody}"));
    press(&mut app, &fixture, "<Enter>");
    let text = screen(&app);
    assert_eq!(app.screens.len(), 2, "{text}");
    assert!(
        text.contains(&format!("Not found: school '{nobody}'")),
        "{text}"
    );
    // Seven digits without the check letter: the rule, named.
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "uai 0750002");
    press(&mut app, &fixture, "<Enter>");
    let text = screen(&app);
    assert!(text.contains("UAI"), "{text}");
    assert_eq!(app.screens.len(), 2, "{text}");
}

#[test]
fn quick_filters_and_sorting() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ": e v e n t s <Enter>");
    let text = screen(&app);
    assert!(
        text.find("Forum des métiers") < text.find("Visite d'atelier"),
        "{text}"
    );
    // By date, latest first.
    press(&mut app, &fixture, "s S");
    let text = screen(&app);
    assert!(text.contains("Sort: date ▼"), "{text}");
    assert!(
        text.find("Visite d'atelier") < text.find("Forum des métiers"),
        "{text}"
    );

    press(&mut app, &fixture, "<Tab> <Tab> <Tab> <Tab> <Tab> <Tab>");
    // Tab goes through the kinds, round to placements.
    let text = screen(&app);
    assert!(text.contains("Placements"), "{text}");
    press(&mut app, &fixture, "a");
    let text = screen(&app);
    assert!(text.contains("Académie: Paris"), "{text}");
    assert!(text.contains("2 of 3"), "{text}");
    assert!(!text.contains("Chloé"), "{text}");
    press(&mut app, &fixture, "x");
    assert!(screen(&app).contains("3 of 3"));
    // A status for a kind without one is refused in words.
    press(&mut app, &fixture, ": c o n t a c t s <Enter> t");
    assert!(screen(&app).contains("no status"), "{}", screen(&app));
}

#[test]
fn the_finder_goes_anywhere_by_a_few_letters() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    press(&mut app, &fixture, "f");
    assert_eq!(app.mode(), Mode::Finder);
    type_text(&mut app, &fixture, "lyc volt");
    let text = screen(&app);
    assert!(text.contains("Lycée Voltaire"), "{text}");
    press(&mut app, &fixture, "<Enter>");
    assert_eq!(app.mode(), Mode::Detail);
    assert!(screen(&app).contains("0750001"));
}

#[test]
fn quitting_chords_and_typing_modes() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    press(&mut app, &fixture, ": s c h o o l s <Enter> /");
    // In the filter, q is a letter.
    type_text(&mut app, &fixture, "q");
    assert!(!app.quit);
    assert!(screen(&app).contains("/q"));
    press(&mut app, &fixture, "<Esc>");
    // A chord's first key shows what may follow; g d goes home.
    press(&mut app, &fixture, "g");
    assert!(
        screen(&app).contains("suite de la touche"),
        "{}",
        screen(&app)
    );
    press(&mut app, &fixture, "d");
    assert_eq!(app.screens.len(), 1);
    press(&mut app, &fixture, "q");
    assert!(app.quit);
    let mut again = common::tui::app(&fixture, 80, 24, Lang::Fr);
    press(&mut again, &fixture, "f <C-c>");
    assert!(again.quit);
}

#[test]
fn a_long_list_pages_beyond_its_window_and_back() {
    let fixture = Fixture::new();
    for n in 0..1300u32 {
        fixture.create(school(&format!("075{n:04}"), &format!("Lycée {n:04}")));
    }
    let mut app = app(&fixture, 80, 24, Lang::En);
    press(&mut app, &fixture, ": s c h o o l s <Enter>");
    // 18 rows a page: 60 pages down is row 1081, far past the 600 rows held.
    for _ in 0..60 {
        press(&mut app, &fixture, "<PageDown>");
    }
    let text = screen(&app);
    assert!(text.contains("row 1,081 · 1,300 of 1,300"), "{text}");
    assert!(text.contains("Lycée 1080"), "{text}");
    if let ScreenView::List(list) = &app.top().expect("a screen").view {
        assert!(list.rows.len() <= 700, "{} rows held", list.rows.len());
    }
    // Back up, row by row across what was let go.
    for _ in 0..60 {
        press(&mut app, &fixture, "<PageUp>");
    }
    let text = screen(&app);
    assert!(text.contains("row 1 · 1,300 of 1,300"), "{text}");
    assert!(text.contains("Lycée 0000"), "{text}");
    press(&mut app, &fixture, "G k");
    assert!(screen(&app).contains("row 1,299 ·"), "{}", screen(&app));
}

#[test]
fn a_filter_matching_little_reads_on_from_where_a_page_stopped() {
    use passerelle::service::list::{Cursor, ListResponse, PagePosition};
    use passerelle::service::protocol::{Request, Response};
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::En);
    press(&mut app, &fixture, ": s c h o o l s <Enter> /");
    app.handle_key(passerelle::tui::keymap::Key::parse("z").expect("key"));
    // The store read its budget of entries and found nothing yet.
    let jobs = app.take_jobs();
    let job = jobs.last().expect("a request").clone();
    let stopped = ListResponse {
        kind: passerelle::domain::Kind::School,
        rows: Vec::new(),
        more: true,
        total: 3,
        matching: None,
        resume: Some(Cursor(b"stopped here".to_vec())),
    };
    app.receive(job.ticket, Ok(Response::List(stopped.clone())));
    assert!(screen(&app).contains("Searching…"), "{}", screen(&app));
    // It goes on from there by itself, not from the start again.
    let next = app.take_jobs();
    match next.as_slice() {
        [next] => match &next.request {
            Request::List(request) => assert_eq!(
                request.position,
                PagePosition::After(Cursor(b"stopped here".to_vec()))
            ),
            other => panic!("a list request: {other:?}"),
        },
        other => panic!("one request: {other:?}"),
    }
    let end = ListResponse {
        more: false,
        resume: None,
        ..stopped
    };
    app.receive(next[0].ticket, Ok(Response::List(end)));
    assert!(app.take_jobs().is_empty());
    assert!(
        screen(&app).contains("No record matches."),
        "{}",
        screen(&app)
    );
}

#[test]
fn the_emacs_preset_drives_the_same_screens() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = common::tui::app_with_keymap(&fixture, 80, 24, Lang::En, "emacs");
    press(&mut app, &fixture, "<A-x>");
    assert_eq!(app.mode(), Mode::Command);
    type_text(&mut app, &fixture, "schools");
    press(&mut app, &fixture, "<Enter> <C-n> <C-n>");
    assert!(screen(&app).contains("row 3 ·"), "{}", screen(&app));
    press(&mut app, &fixture, "<C-g>");
    assert_eq!(app.screens.len(), 1);
    press(&mut app, &fixture, "<C-x>");
    assert!(!app.quit);
    press(&mut app, &fixture, "<C-c>");
    assert!(app.quit);
}

/// Opens Lycée Voltaire (0750001U) by its UAI.
fn open_voltaire(app: &mut passerelle::tui::app::App, fixture: &Fixture) {
    press(app, fixture, ":");
    type_text(app, fixture, "uai 0750001U");
    press(app, fixture, "<Enter>");
    assert_eq!(app.mode(), Mode::Detail, "{}", screen(app));
}

/// Renames Lycée Voltaire `times` times ("Lycée Voltaire 1", "… 2"…).
fn rename_voltaire(fixture: &Fixture, times: usize) {
    use passerelle::domain::records::School;
    use passerelle::domain::{Kind, RecordRef};
    use passerelle::service::get::RecordKey;
    let id = fixture
        .get(RecordKey::Uai(common::uai("0750001U")))
        .expect("Lycée Voltaire")
        .record
        .reference()
        .id;
    for time in 1..=times {
        let mut school: School = fixture.read(RecordRef::new(Kind::School, id));
        school.name = format!("Lycée Voltaire {time}");
        fixture.create(school);
    }
}

#[test]
fn a_record_shows_its_history_and_back_returns_to_it() {
    let fixture = Fixture::new();
    world(&fixture);
    rename_voltaire(&fixture, 2);
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    open_voltaire(&mut app, &fixture);
    let detail = screen(&app);
    assert!(detail.contains("H historique"), "{detail}");

    press(&mut app, &fixture, "H");
    assert_eq!(app.mode(), Mode::History);
    assert_eq!(app.screens.len(), 3);
    let history = screen(&app);
    assert!(header(&app).contains("› Historique"), "{history}");
    assert!(history.contains("entrée 1 sur 3"), "{history}");
    // Newest first: the second rename above the first, above the creation.
    let second = history
        .find("nom : Lycée Voltaire 1 → Lycée Voltaire 2")
        .expect("the second rename");
    let first = history
        .find("nom : Lycée Voltaire → Lycée Voltaire 1")
        .expect("the first rename");
    let created = history.find("créé : établissement").expect("the creation");
    assert!(second < first && first < created, "{history}");
    assert!(history.contains("alice · ligne de commande"), "{history}");

    // Moving never goes past the entries held.
    press(&mut app, &fixture, "j j j j G");
    assert!(screen(&app).contains("entrée 3 sur 3"), "{}", screen(&app));
    press(&mut app, &fixture, "g g");
    assert!(screen(&app).contains("entrée 1 sur 3"), "{}", screen(&app));

    press(&mut app, &fixture, "<Esc>");
    assert_eq!(app.mode(), Mode::Detail);
    assert_eq!(app.screens.len(), 2);
    assert!(header(&app).ends_with("2026"), "{}", header(&app));
    assert!(
        screen(&app).contains("Lycée Voltaire 2"),
        "{}",
        screen(&app)
    );
    assert!(!header(&app).contains("Historique"), "{}", header(&app));

    // h goes back too, and a refresh reads entries written meanwhile.
    press(&mut app, &fixture, "H");
    rename_voltaire(&fixture, 1);
    press(&mut app, &fixture, "r");
    assert!(screen(&app).contains("entrée 1 sur 4"), "{}", screen(&app));
    press(&mut app, &fixture, "h");
    assert_eq!(app.mode(), Mode::Detail);
}

#[test]
fn the_emacs_preset_opens_the_history_too() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = common::tui::app_with_keymap(&fixture, 80, 24, Lang::En, "emacs");
    press(&mut app, &fixture, "<A-x>");
    type_text(&mut app, &fixture, "uai 0750001U");
    press(&mut app, &fixture, "<Enter> <C-x> v");
    assert_eq!(app.mode(), Mode::History);
    let history = screen(&app);
    assert!(history.contains("entry 1 of 1"), "{history}");
    assert!(history.contains("created: school"), "{history}");
    press(&mut app, &fixture, "<C-g>");
    assert_eq!(app.mode(), Mode::Detail);
}

#[test]
fn a_long_history_loads_older_entries_on_the_way_down() {
    use passerelle::tui::app::history::BATCH;
    let fixture = Fixture::new();
    world(&fixture);
    rename_voltaire(&fixture, BATCH + 30);
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    open_voltaire(&mut app, &fixture);
    press(&mut app, &fixture, "H");
    let first = screen(&app);
    assert!(first.contains(&format!("entrée 1 sur {BATCH}+")), "{first}");
    assert!(first.contains("se chargent en descendant"), "{first}");
    // The end of the first batch asks for the next one.
    press(&mut app, &fixture, "G");
    let all = BATCH + 31;
    let shown = screen(&app);
    assert!(
        shown.contains(&format!("entrée {BATCH} sur {all}")),
        "{shown}"
    );
    press(&mut app, &fixture, "G");
    let last = screen(&app);
    assert!(last.contains(&format!("entrée {all} sur {all}")), "{last}");
    assert!(last.contains("créé : établissement"), "{last}");
}

#[test]
fn readers_read_a_history_and_an_account_taken_off_the_list_sees_nothing() {
    let mut fixture = Fixture::new();
    world(&fixture);
    rename_voltaire(&fixture, 1);
    fixture.write_users(
        "[users.alice]\nname = \"Alice\"\norganisation = \"paris\"\nrole = \"admin\"\n\n\
         [users.carol]\nname = \"Carol\"\norganisation = \"versailles\"\nrole = \"reader\"\n",
    );
    fixture.caller = common::caller("carol");
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    open_voltaire(&mut app, &fixture);
    press(&mut app, &fixture, "H");
    let history = screen(&app);
    assert!(history.contains("entrée 1 sur 2"), "{history}");
    assert!(
        history.contains("Lycée Voltaire → Lycée Voltaire 1"),
        "{history}"
    );

    // Carol is taken off users.toml: the next read is refused and what
    // was shown goes.
    fixture.write_users(
        "[users.alice]\nname = \"Alice\"\norganisation = \"paris\"\nrole = \"admin\"\n",
    );
    press(&mut app, &fixture, "r");
    let refused = screen(&app);
    assert!(!refused.contains("→ Lycée Voltaire 1"), "{refused}");
    assert!(!refused.contains("entrée 1"), "{refused}");
    assert!(refused.contains("carol"), "{refused}");
}

#[test]
fn a_record_with_no_entry_of_its_own_says_so() {
    use passerelle::domain::audit::AuditAction;
    use passerelle::service::protocol::Response;
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::En);
    open_voltaire(&mut app, &fixture);
    app.handle_key(passerelle::tui::keymap::Key::parse("H").expect("key"));
    // Waiting: the screen says it is loading.
    assert!(screen(&app).contains("Loading…"), "{}", screen(&app));
    // As a record loaded in bulk (the demo's) is answered: no entry.
    for job in app.take_jobs() {
        let answer = fixture.service.handle(&fixture.caller, job.request);
        let Ok(Response::Audit(mut response)) = answer else {
            panic!("an audit answer: {answer:?}");
        };
        response
            .entries
            .retain(|entry| !matches!(entry.action, AuditAction::Created { .. }));
        assert_eq!(response.entries, Vec::new());
        app.receive(job.ticket, Ok(Response::Audit(response)));
    }
    let empty = screen(&app);
    assert!(
        empty.contains("No audit entry is about this record."),
        "{empty}"
    );
    assert!(empty.contains("loaded in bulk"), "{empty}");
}

#[test]
fn the_yearly_report_opens_from_the_command_line_with_completion_and_compares() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::Fr);
    // Tab completes the command, then offers the years, the last one
    // over first.
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "rapp");
    press(&mut app, &fixture, "<Tab>");
    let offered = screen(&app);
    assert!(offered.contains("2025-2026"), "{offered}");
    assert!(offered.contains("la dernière année terminée"), "{offered}");
    press(&mut app, &fixture, "<Tab> <Tab> <Enter>");
    assert_eq!(app.mode(), Mode::Report);
    let report = screen(&app);
    assert!(header(&app).contains("› Bilan 2026-2027"), "{report}");
    assert!(report.contains("Chiffres clés"), "{report}");
    // The world's three placements start in 2026-2027.
    let placements = report
        .lines()
        .find(|line| line.contains("│Stages "))
        .unwrap_or_else(|| panic!("no placements line:\n{report}"));
    assert!(placements.contains(" 3 "), "{placements}");

    // The tables scroll, never past their end.
    press(&mut app, &fixture, "G");
    let bottom = screen(&app);
    assert!(
        bottom.contains("Établissements les plus actifs"),
        "{bottom}"
    );
    assert!(bottom.contains("Lycée Voltaire"), "{bottom}");
    press(&mut app, &fixture, "j j j");
    assert_eq!(screen(&app), bottom);
    press(&mut app, &fixture, "g g");
    assert!(screen(&app).contains("Chiffres clés"));

    // c: the comparison with the year before, and back.
    press(&mut app, &fixture, "c");
    let compared = screen(&app);
    assert!(
        compared.contains("Comparaison avec 2025-2026"),
        "{compared}"
    );
    assert!(compared.contains("Évolution"), "{compared}");
    press(&mut app, &fixture, "c");
    assert!(screen(&app).contains("Chiffres clés"));

    // Back to the dashboard; `:rapport` alone is the last year over.
    press(&mut app, &fixture, "<Esc>");
    assert_eq!(app.mode(), Mode::Dashboard);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "rapport");
    press(&mut app, &fixture, "<Enter>");
    assert!(
        header(&app).contains("› Bilan 2025-2026"),
        "{}",
        screen(&app)
    );

    // A year typed wrong is said, and nothing opens.
    press(&mut app, &fixture, "<Esc> :");
    type_text(&mut app, &fixture, "report 2026");
    press(&mut app, &fixture, "<Enter>");
    assert_eq!(app.mode(), Mode::Dashboard);
    assert!(
        screen(&app).contains("n'est pas une année scolaire"),
        "{}",
        screen(&app)
    );
    assert!(matches!(
        app.top().map(|s| &s.view),
        Some(ScreenView::Dashboard(_))
    ));
}

#[test]
fn sorting_says_which_order_is_in_force_and_when_there_is_one() {
    let fixture = Fixture::new();
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::Fr);
    press(&mut app, &fixture, ": e c o l e s <Enter> s");
    assert!(
        screen(&app).contains("Les établissements se trient sur la colonne « nom » seulement"),
        "{}",
        screen(&app)
    );
    press(&mut app, &fixture, "<Esc> : s t a g e s <Enter>");
    assert!(
        screen(&app).contains("Tri : apprenant ▲"),
        "{}",
        screen(&app)
    );
    press(&mut app, &fixture, "s");
    let text = screen(&app);
    assert!(
        text.contains("Trié sur la colonne « début », dans l'ordre croissant."),
        "{text}"
    );
    assert!(text.contains("Tri : début ▲"), "{text}");
    // The header's arrow is on the same column.
    assert!(text.contains("début ▲"), "{text}");
    assert!(!text.contains("apprenant ▲"), "{text}");
    press(&mut app, &fixture, "S");
    assert!(screen(&app).contains("Tri : début ▼"), "{}", screen(&app));
}
