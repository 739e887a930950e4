//! Live updates: what the interface does with the server's notices of
//! others' changes. First without a server, notices handed to an `App`
//! over a fixture as the event loop hands them; then end to end, a real
//! server and two real sessions in pseudo-terminals.

use crate::common;

use common::settle::settle;
use common::tui::{app, press, screen, type_text, world};
use common::{Fixture, caller, days_from_today, event, school};
use passerelle::domain::records::School;
use passerelle::domain::{Kind, RecordId, RecordRef};
use passerelle::i18n::Lang;
use passerelle::server::wire::{Changed, Notice};
use passerelle::service::protocol::Request;
use passerelle::tui::app::{App, FormScreen, ListScreen, Screen, ScreenView, Slot};
use passerelle::tui::keymap::Mode;

/// Bob's change, as the server tells it to the others.
fn by_bob(changed: Changed) -> Notice {
    Notice {
        changed,
        by: "bob".into(),
        connection: 7,
    }
}

fn school_ref(id: RecordId) -> RecordRef {
    RecordRef::new(Kind::School, id)
}

/// Bob renames a school, as another front end would.
fn bob_renames(fixture: &Fixture, id: RecordId, name: &str) -> Notice {
    let mut school: School = fixture.read(school_ref(id));
    school.name = name.to_owned();
    fixture.save_as(&caller("bob"), school).expect("bob's save");
    by_bob(Changed::Record(school_ref(id)))
}

fn list(app: &App) -> &ListScreen {
    match &app.top().expect("a screen").view {
        ScreenView::List(list) => list,
        _ => panic!("a list on top:\n{}", screen(app)),
    }
}

fn selected_name(app: &App) -> String {
    list(app)
        .selected_row()
        .map(|row| row.label.clone())
        .unwrap_or_default()
}

/// The line of the screen the selection is drawn on.
fn selected_line(app: &App) -> usize {
    let list = list(app);
    list.selected - list.offset
}

/// 130 schools, "Lycée 000" to "Lycée 129": more than a page.
fn many_schools(fixture: &Fixture) -> Vec<RecordId> {
    (0..130u32)
        .map(|n| {
            fixture
                .create(school(&format!("0751{n:03}"), &format!("Lycée {n:03}")))
                .meta
                .id
        })
        .collect()
}

#[test]
fn a_list_refreshes_a_renamed_record_in_place_keeping_the_selection() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let ids = many_schools(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::En);
    press(&mut app, &fixture, ": s c h o o l s <Enter>");
    // Well down the list, the selection in the middle of the screen.
    press(
        &mut app,
        &fixture,
        "<PageDown> <PageDown> <PageDown> k k k k k k k k",
    );
    let before = screen(&app);
    assert!(before.contains("row 47 ·"), "{before}");
    assert!(selected_name(&app).starts_with("Lycée 046 ("), "{before}");
    let line = selected_line(&app);
    assert!(line > 0 && list(&app).offset > 0, "{before}");

    // Bob renames the selected school and the one above it.
    let notice = bob_renames(&fixture, ids[46], "Lycée 046 bis");
    app.notice(&notice);
    let notice = bob_renames(&fixture, ids[45], "Lycée 045 bis");
    app.notice(&notice);
    settle(&mut app, &fixture.service, &fixture.caller);

    let after = screen(&app);
    assert!(after.contains("Lycée 046 bis"), "{after}");
    assert!(after.contains("Lycée 045 bis"), "{after}");
    assert!(
        after.starts_with(before.lines().next().unwrap_or("")),
        "{after}"
    );
    // The same record selected, on the same line, at the same row.
    assert!(selected_name(&app).starts_with("Lycée 046 bis"), "{after}");
    assert_eq!(selected_line(&app), line, "{after}");
    assert!(after.contains("row 47 ·"), "{after}");
    // Every line but the two renamed ones is as it was.
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(was, is)| was != is)
        .collect();
    assert_eq!(changed.len(), 2, "{changed:#?}");

    // Up and down still page on from there, both ways.
    press(&mut app, &fixture, "<PageUp> <PageUp> <PageUp> <PageUp>");
    assert!(
        selected_name(&app).starts_with("Lycée 000 ("),
        "{}",
        screen(&app)
    );
    press(&mut app, &fixture, "G");
    assert!(screen(&app).contains("row 130 ·"), "{}", screen(&app));
}

#[test]
fn at_the_top_a_record_added_above_keeps_the_selection_where_it_is() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let ids = many_schools(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::En);
    press(&mut app, &fixture, ": s c h o o l s <Enter> j j j");
    assert!(selected_name(&app).starts_with("Lycée 003 ("));
    assert_eq!(selected_line(&app), 3);

    // A school sorted first appears; the selection stays on its record
    // and its line.
    let added = fixture
        .save_as(&caller("bob"), school("0752000", "Collège Alpha"))
        .expect("bob's school");
    app.notice(&by_bob(Changed::Record(school_ref(added.meta.id))));
    settle(&mut app, &fixture.service, &fixture.caller);
    assert!(selected_name(&app).starts_with("Lycée 003 ("));
    assert_eq!(selected_line(&app), 3);
    assert!(
        screen(&app).contains("row 5 · 131 of 131"),
        "{}",
        screen(&app)
    );
    press(&mut app, &fixture, "g g");
    assert!(screen(&app).contains("Collège Alpha"), "{}", screen(&app));

    // The selected record deleted: the line stays, on the next record.
    press(&mut app, &fixture, "j j j j");
    assert!(selected_name(&app).starts_with("Lycée 003 ("));
    let school: School = fixture.read(school_ref(ids[3]));
    fixture
        .service
        .delete(
            &caller("bob"),
            &passerelle::service::delete::DeleteRequest {
                target: school_ref(ids[3]),
                revision: Some(school.meta.revision),
            },
        )
        .expect("bob's delete");
    app.notice(&by_bob(Changed::Record(school_ref(ids[3]))));
    settle(&mut app, &fixture.service, &fixture.caller);
    assert!(selected_name(&app).starts_with("Lycée 004 ("));
    assert_eq!(selected_line(&app), 4);
}

fn finder(app: &App) -> &passerelle::tui::app::Finder {
    match &app.overlay {
        Some(passerelle::tui::app::Overlay::Finder(finder)) => finder,
        _ => panic!("the finder open:\n{}", screen(app)),
    }
}

#[test]
fn an_open_finder_shows_a_rename_at_once_keeping_its_selection() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let ids = many_schools(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::En);
    press(&mut app, &fixture, "f");
    type_text(&mut app, &fixture, "lycee 04");
    settle(&mut app, &fixture.service, &fixture.caller);
    press(&mut app, &fixture, "<Down> <Down> <Down>");
    let selected = |app: &App| {
        let finder = finder(app);
        finder.matches[finder.selected].label.clone()
    };
    assert!(
        selected(&app).starts_with("Lycée 043 ("),
        "{}",
        screen(&app)
    );

    let notice = bob_renames(&fixture, ids[43], "Lycée 043 bis");
    app.notice(&notice);
    settle(&mut app, &fixture.service, &fixture.caller);
    assert!(screen(&app).contains("Lycée 043 bis"), "{}", screen(&app));
    assert!(
        selected(&app).starts_with("Lycée 043 bis ("),
        "{}",
        screen(&app)
    );

    // Renamed out of what is typed: gone from the matches.
    let notice = bob_renames(&fixture, ids[41], "Collège Jean Moulin");
    app.notice(&notice);
    settle(&mut app, &fixture.service, &fixture.caller);
    assert!(!screen(&app).contains("Lycée 041"), "{}", screen(&app));
    assert!(
        selected(&app).starts_with("Lycée 043 bis ("),
        "{}",
        screen(&app)
    );
}

#[test]
fn an_open_link_picker_shows_a_rename_at_once() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let world = world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ": i m m e r s i o n s <Enter> n");
    type_text(&mut app, &fixture, "Mme Roux");
    // Person, role, school, then the company: its picker.
    press(&mut app, &fixture, "<Tab> <Tab> <Tab> <Enter>");
    assert_eq!(app.mode(), Mode::Picker);
    type_text(&mut app, &fixture, "boul");
    settle(&mut app, &fixture.service, &fixture.caller);
    assert!(
        screen(&app).contains("Boulangerie Martin"),
        "{}",
        screen(&app)
    );

    let mut firm: passerelle::domain::records::Company =
        fixture.read(RecordRef::new(Kind::Company, world.boulangerie));
    firm.name = "Boulangerie Martin et Fils".into();
    fixture.save_as(&caller("bob"), firm).expect("bob's save");
    app.notice(&by_bob(Changed::Record(RecordRef::new(
        Kind::Company,
        world.boulangerie,
    ))));
    settle(&mut app, &fixture.service, &fixture.caller);
    assert_eq!(app.mode(), Mode::Picker);
    assert!(
        screen(&app).contains("Boulangerie Martin et Fils"),
        "{}",
        screen(&app)
    );
}

#[test]
fn a_burst_of_notices_reads_once_in_flight_and_once_after_and_loses_no_change() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let ids = many_schools(&fixture);
    let mut app = app(&fixture, 80, 24, Lang::En);
    press(&mut app, &fixture, ": s c h o o l s <Enter>");

    // A hundred saves, told before the first read is even sent: one
    // read goes out.
    for n in 0..100 {
        app.notice(&by_bob(Changed::Record(school_ref(ids[n % 10]))));
    }
    let jobs = app.take_jobs();
    assert_eq!(jobs.len(), 1, "{jobs:#?}");
    assert!(matches!(jobs[0].request, Request::List(_)));
    // The read is carried out; then bob renames a school before its
    // answer is in, and says so: that read predates his change.
    let first = fixture
        .service
        .handle(&fixture.caller, jobs[0].request.clone());
    let notice = bob_renames(&fixture, ids[2], "Lycée 002 renamed");
    for _ in 0..50 {
        app.notice(&notice);
    }
    assert!(
        app.take_jobs().is_empty(),
        "nothing more while one is in flight"
    );
    app.receive(jobs[0].ticket, first);
    assert!(!screen(&app).contains("renamed"), "{}", screen(&app));
    // Its answer in, one more read, which sees the change.
    let jobs = app.take_jobs();
    assert_eq!(jobs.len(), 1, "{jobs:#?}");
    let second = fixture
        .service
        .handle(&fixture.caller, jobs[0].request.clone());
    app.receive(jobs[0].ticket, second);
    assert!(app.take_jobs().is_empty());
    assert!(
        screen(&app).contains("Lycée 002 renamed"),
        "{}",
        screen(&app)
    );
    assert!(!app.is_waiting());
}

#[test]
fn a_detail_shows_the_new_value_and_the_dashboard_its_counts() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let world = world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);

    // The dashboard: bob's event of the coming week appears.
    assert!(!screen(&app).contains("Salon des apprentis"));
    let salon = fixture
        .save_as(
            &caller("bob"),
            event("Salon des apprentis", days_from_today(2)),
        )
        .expect("bob's event");
    app.notice(&by_bob(Changed::Record(RecordRef::new(
        Kind::Event,
        salon.meta.id,
    ))));
    settle(&mut app, &fixture.service, &fixture.caller);
    assert!(
        screen(&app).contains("Salon des apprentis"),
        "{}",
        screen(&app)
    );

    // A school's detail, with its link selected: the new name, the
    // selection kept.
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "uai 0750001U");
    press(&mut app, &fixture, "<Enter> j");
    assert_eq!(app.mode(), Mode::Detail);
    let selected = match &app.top().expect("a screen").view {
        ScreenView::Detail(detail) => detail.selected,
        _ => panic!("a detail"),
    };
    let notice = bob_renames(&fixture, world.voltaire, "Lycée Voltaire-Condorcet");
    app.notice(&notice);
    settle(&mut app, &fixture.service, &fixture.caller);
    let text = screen(&app);
    assert!(text.contains("Lycée Voltaire-Condorcet"), "{text}");
    match &app.top().expect("a screen").view {
        ScreenView::Detail(detail) => assert_eq!(detail.selected, selected),
        _ => panic!("a detail"),
    }
    // Users changed: read again too (what the person may see may have
    // changed), and nothing said.
    app.notice(&by_bob(Changed::Users));
    assert_eq!(app.take_jobs().len(), 1);
}

#[test]
fn a_form_editing_the_record_is_told_at_once_and_its_save_shows_both_values() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let world = world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "uai 0750001U");
    press(&mut app, &fixture, "<Enter> e <Tab> <C-u>");
    type_text(&mut app, &fixture, "Lycée Voltaire (ours)");

    // A change of another record: nothing said.
    let notice = bob_renames(&fixture, world.hoche, "École Hoche bis");
    app.notice(&notice);
    assert_eq!(app.message, None);
    assert!(app.take_jobs().is_empty(), "a form is not read again");

    // Bob saves this one: said at once, in the status bar and on the
    // form's frame.
    let notice = bob_renames(&fixture, world.voltaire, "Lycée Voltaire (theirs)");
    app.notice(&notice);
    let text = screen(&app);
    let status = text.lines().last().unwrap_or_default();
    assert!(status.contains("bob just changed this record"), "{text}");
    assert!(text.contains("changed meanwhile by bob"), "{text}");
    assert!(text.contains("Lycée Voltaire (ours)"), "{text}");
    // Typing on clears the status bar, not the frame.
    type_text(&mut app, &fixture, "!");
    let text = screen(&app);
    assert!(!text.contains("bob just changed"), "{text}");
    assert!(text.contains("changed meanwhile by bob"), "{text}");

    // The save meets the conflict: both values shown.
    press(&mut app, &fixture, "<C-s>");
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Form, "{text}");
    assert!(
        text.contains("Someone saved this record meanwhile"),
        "{text}"
    );
    assert!(
        text.contains("saved meanwhile: Lycée Voltaire (theirs)"),
        "{text}"
    );
    assert!(text.contains("Lycée Voltaire (ours)!"), "{text}");
    assert!(!text.contains("changed meanwhile by bob"), "{text}");
    // Saved over his revision now, ours kept.
    press(&mut app, &fixture, "<C-s>");
    assert_eq!(app.mode(), Mode::Detail, "{}", screen(&app));
    let school: School = fixture.read(school_ref(world.voltaire));
    assert_eq!(school.name, "Lycée Voltaire (ours)!");
}

#[test]
fn a_form_below_another_is_told_when_it_comes_back() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let world = world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "uai 0750001U");
    press(&mut app, &fixture, "<Enter> e");
    // A second form over the first (as a record made from a picker is).
    let company = FormScreen::create(Kind::Company, common::today());
    app.screens.push(Screen::new(
        Slot(9_999),
        ScreenView::Form(Box::new(company)),
    ));
    let notice = bob_renames(&fixture, world.voltaire, "Lycée Voltaire (theirs)");
    app.notice(&notice);
    assert_eq!(app.message, None, "not the form on top");
    app.screens.pop();
    assert!(
        screen(&app).contains("changed meanwhile by bob"),
        "{}",
        screen(&app)
    );
    // Left without a change: the detail below shows bob's name.
    press(&mut app, &fixture, "<Esc>");
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Detail, "{text}");
    assert!(text.contains("Lycée Voltaire (theirs)"), "{text}");
}

#[test]
fn screens_below_the_top_read_again_when_they_come_back() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let world = world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ": s c h o o l s <Enter> j j <Enter>");
    assert_eq!(app.mode(), Mode::Detail);
    assert!(screen(&app).contains("Lycée Voltaire"), "{}", screen(&app));

    // Bob renames the other schools while the detail is on top: only
    // the detail is read now.
    let notice = bob_renames(&fixture, world.hoche, "École Hoche-Lafayette");
    app.notice(&notice);
    let jobs = app.take_jobs();
    assert_eq!(jobs.len(), 1, "{jobs:#?}");
    assert!(matches!(jobs[0].request, Request::Get(_)));
    for job in jobs {
        let result = fixture.service.handle(&fixture.caller, job.request);
        app.receive(job.ticket, result);
    }
    assert!(app.screens[..2].iter().all(|screen| screen.stale));

    // Back: the list reads again, the selection kept on Voltaire.
    press(&mut app, &fixture, "<Esc>");
    let text = screen(&app);
    assert!(text.contains("École Hoche-Lafayette"), "{text}");
    assert!(selected_name(&app).starts_with("Lycée Voltaire"), "{text}");
    assert!(!app.screens[1].stale);
    // A screen not stale keeps what it had (bar the dashboard).
    press(&mut app, &fixture, "<Enter>");
    press(&mut app, &fixture, "<Esc>");
    assert!(selected_name(&app).starts_with("Lycée Voltaire"));

    // The dashboard reads again whenever it comes back.
    let salon = fixture
        .save_as(
            &caller("bob"),
            event("Salon des apprentis", days_from_today(2)),
        )
        .expect("bob's event");
    app.notice(&by_bob(Changed::Record(RecordRef::new(
        Kind::Event,
        salon.meta.id,
    ))));
    press(&mut app, &fixture, "<Esc>");
    assert!(
        screen(&app).contains("Salon des apprentis"),
        "{}",
        screen(&app)
    );
}

#[test]
fn a_reveal_outlasts_changes_elsewhere_even_on_its_way_and_ends_with_its_records() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let world = world(&fixture);
    let mut pupil = common::learner(world.voltaire, "Yasmine Haddad");
    pupil.sensitive = passerelle::domain::Restricted::Clear(common::sensitive_needs());
    let pupil = fixture.create(pupil);
    let pupil = RecordRef::new(Kind::Learner, pupil.meta.id);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, "f");
    type_text(&mut app, &fixture, "haddad");
    press(&mut app, &fixture, "<Enter>");
    assert!(!screen(&app).contains("suivi CASNAV"), "{}", screen(&app));

    // Alice asks to reveal; bob renames a school before the answer.
    app.handle_key(passerelle::tui::keymap::Key::parse("v").expect("a key"));
    let reveal = app.take_jobs();
    assert!(matches!(reveal[..], [ref job] if matches!(job.request, Request::Reveal(_))));
    let notice = bob_renames(&fixture, world.hoche, "École Hoche bis");
    app.notice(&notice);
    for job in reveal {
        let result = fixture.service.handle(&fixture.caller, job.request);
        app.receive(job.ticket, result);
    }
    // Revealed, and not read again (masked) for a change elsewhere.
    assert!(app.take_jobs().is_empty());
    assert!(screen(&app).contains("suivi CASNAV"), "{}", screen(&app));
    app.notice(&notice);
    assert!(app.take_jobs().is_empty());

    // Its own record changed: read again, masked, and said why.
    app.notice(&by_bob(Changed::Record(pupil)));
    settle(&mut app, &fixture.service, &fixture.caller);
    let text = screen(&app);
    assert!(!text.contains("suivi CASNAV"), "{text}");
    assert!(text.contains("bob just changed this record"), "{text}");
}

/// `passerelle serve` for a store, as an administrator runs it; stopped
/// with SIGTERM when dropped, whatever became of the test.
struct Server {
    child: std::process::Child,
    said: std::path::PathBuf,
}

impl Server {
    fn start(store: &std::path::Path) -> Server {
        let said = store.with_file_name("serve.stderr");
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--store")
            .arg(store)
            .arg("serve")
            .env_remove("PASSERELLE_DIRECT")
            .env_remove("PASSERELLE_LOG")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&said).expect("a file for the server's stderr"))
            .spawn()
            .expect("the server starts");
        let mut server = Server { child, said };
        // Up once it lets a client in.
        let started = std::time::Instant::now();
        while passerelle::client::connection::Client::connect(
            store,
            passerelle::domain::audit::FrontEnd::Cli,
        )
        .is_err()
        {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("the server stopped ({status}): {}", server.said());
            }
            assert!(
                started.elapsed() < common::pty::PATIENCE,
                "the server never answered: {}",
                server.said()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        server
    }

    fn said(&self) -> String {
        std::fs::read_to_string(&self.said).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        let started = std::time::Instant::now();
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if started.elapsed() > common::pty::PATIENCE => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
                Ok(None) => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
        if std::thread::panicking() {
            eprintln!("the server said: {}", self.said());
        }
    }
}

#[test]
fn two_sessions_through_one_server_see_each_others_changes() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = dir.path().join("store");
    let output = common::passerelle(&store, &["demo", "--size", "200", "--direct"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let output = common::passerelle(
        &store,
        &["list", "schools", "--limit", "1", "--json", "--direct"],
    );
    let listing: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the listing is JSON");
    let uai = listing["rows"][0]["record"]["school"]["uai"]
        .as_str()
        .expect("a school has a UAI")
        .to_owned();

    let _server = Server::start(&store);
    let mut a = common::pty::Session::start_served(&store, &["--lang", "en"]);
    let mut b = common::pty::Session::start_served(&store, &["--lang", "en"]);
    a.wait_for("Placements pending");
    b.wait_for("Placements pending");
    a.send(":schools\r");
    a.wait_for("row 1 ·");

    // B renames the first school of A's list: a name sorted first still.
    b.send(&format!(":uai {uai}\r"));
    b.wait_for("Linked records");
    b.send("e");
    b.wait_for("Edit a school");
    b.send("\t\x15Aaa Live School\x13");
    b.wait_for_absence("Edit a school");
    b.wait_for("Saved.");
    let soon = std::time::Duration::from_secs(10);
    a.wait_until_within(soon, "A never showed B's new name", |screen| {
        screen.contains("Aaa Live School")
    });
    // A's selection stayed on that school, first: it opens, to edit.
    a.send("\r");
    a.wait_for("Linked records");
    a.wait_for(&uai);
    a.send("e");
    a.wait_for("Edit a school");

    // B changes it again: A is told at once.
    b.send("e");
    b.wait_for("Edit a school");
    b.send("\t\x15Aab Live School\x13");
    b.wait_for_absence("Edit a school");
    a.wait_until_within(soon, "A was never told", |screen| {
        screen.contains("just changed this record") && screen.contains("changed meanwhile by")
    });

    // A's own name, saved over B's: the conflict, both values shown.
    a.send("\t\x15Aac Ours\x13");
    a.wait_for("Someone saved this record meanwhile");
    a.wait_for("saved meanwhile: Aab Live School");
    a.wait_for("Aac Ours");
    // Saved again, over B's revision now.
    a.send("\x13");
    a.wait_for_absence("Edit a school");
    a.wait_for("Saved.");
    a.wait_for("Aac Ours");
    // And B's detail follows.
    b.wait_until_within(soon, "B never showed A's name", |screen| {
        screen.contains("Aac Ours")
    });

    for session in [&mut a, &mut b] {
        session.send("q");
        assert!(session.exit().success());
        session.finish();
    }
}

#[test]
fn a_detail_whose_record_another_deletes_gives_way_to_its_list_read_again() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    world(&fixture);
    let mut app = app(&fixture, 100, 30, Lang::En);
    press(&mut app, &fixture, ": s c h o o l s <Enter>");
    assert!(selected_name(&app).starts_with("Collège Jean Zay"));
    let target = list(&app).selected_row().expect("a row").record.reference();
    press(&mut app, &fixture, "<Enter>");
    assert_eq!(app.mode(), Mode::Detail);
    let school: School = fixture.read(target);
    fixture
        .service
        .delete(
            &caller("bob"),
            &passerelle::service::delete::DeleteRequest {
                target,
                revision: Some(school.meta.revision),
            },
        )
        .expect("bob's delete");
    app.notice(&by_bob(Changed::Record(target)));
    settle(&mut app, &fixture.service, &fixture.caller);
    // Back on the list, which no longer shows it; the reason said.
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::List, "{text}");
    assert!(!text.contains("Collège Jean Zay"), "{text}");
    assert!(app.message.as_ref().is_some_and(|m| m.is_error), "{text}");
}

#[test]
fn a_server_stopped_mid_request_does_not_keep_the_interface_from_quitting() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = dir.path().join("store");
    let output = common::passerelle(&store, &["demo", "--size", "200", "--direct"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let server = Server::start(&store);
    let mut session = common::pty::Session::start_served(&store, &[]);
    session.wait_for("Stages en attente");

    // Stopped as `kill -STOP` does: it holds its socket and answers
    // nothing.
    let pid = nix::unistd::Pid::from_raw(server.child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGSTOP).expect("stopped");
    session.send(":etablissements\r");
    // The list's screen is up, its page asked for and not answered.
    session.wait_for("Établissements");
    let asked = std::time::Instant::now();
    session.send("\x03");
    let status = session.exit();
    let took = asked.elapsed();
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGCONT).expect("continued");
    session.finish();
    assert!(
        took < std::time::Duration::from_secs(8),
        "Ctrl-C took {took:?} to end the session"
    );
    assert!(!status.success(), "ended on the server's silence");
    let screen = session.contents();
    assert!(screen.contains("ne répondait plus"), "{screen}");
    drop(server);
}
