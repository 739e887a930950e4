//! The leak test of article 3.2: a canary in every restricted field of a
//! confidential record of every kind, and a caller who is not cleared for
//! them (a coordinator of another organisation) going through every
//! command of the command line and a scripted session of the interface,
//! with logs on at their most detailed. The canary must appear in no
//! output, error message, log file or draft.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::pty::Session;
use common::{
    Fixture, agreement, company, contact, evaluation, event, immersion, learner, placement, school,
    sensitive_needs, siret,
};
use passerelle::domain::identifiers::{Email, Phone};
use passerelle::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use passerelle::domain::{Confidentiality, Organisation, Restricted};
use passerelle::service::Caller;

const CANARY: &str = "CANARI-9Z";
/// The canary's forms in fields that cannot hold free text.
const CANARY_EMAIL: &str = "canari-9z@exemple.fr";
const CANARY_PHONE: &str = "0199876543";

/// Every form the canary may take once printed.
fn leaks(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if lower.contains(&CANARY.to_lowercase()) {
        Some(CANARY)
    } else if lower.contains(CANARY_EMAIL) {
        Some(CANARY_EMAIL)
    } else if digits.contains(CANARY_PHONE) || text.contains("99 87 65 43") {
        Some(CANARY_PHONE)
    } else {
        None
    }
}

fn flagged() -> Confidentiality {
    Confidentiality::flagged(
        "demande de l'entreprise",
        Some(Organisation::AcademieCreteil),
    )
}

fn secret(what: &str) -> Restricted<String> {
    Restricted::Clear(format!("{what} {CANARY}"))
}

/// A store with one confidential record of each kind, every restricted
/// field holding the canary, owned by Créteil; the account running the
/// tests is a coordinator of the CPME (not cleared), alice the admin.
fn canary_store() -> (tempfile::TempDir, PathBuf) {
    let fixture = Fixture::new();
    let mut lycee = school("0940120V", "Lycée Langevin");
    lycee.meta.confidentiality = flagged();
    lycee.notes = secret("note d'établissement");
    let lycee = fixture.create(lycee);

    let mut firm = company(siret(1), "Atelier Durand");
    firm.meta.confidentiality = flagged();
    firm.notes = secret("note d'entreprise");
    let firm = fixture.create(firm);

    let mut tutor = contact(firm.meta.id, "Jean Tuteur");
    tutor.meta.confidentiality = flagged();
    tutor.email = Restricted::Clear(Some(Email::parse(CANARY_EMAIL).expect("an email")));
    tutor.phone = Restricted::Clear(Some(Phone::parse(CANARY_PHONE).expect("a phone")));
    tutor.notes = secret("note de contact");
    let tutor = fixture.create(tutor);

    let mut pupil = learner(lycee.meta.id, "Yasmine Haddad");
    let mut needs = sensitive_needs();
    needs.note = format!("besoins {CANARY}");
    pupil.sensitive = Restricted::Clear(needs);
    pupil.notes = secret("note d'élève");
    let pupil = fixture.create(pupil);

    let mut stage = placement(
        pupil.meta.id,
        lycee.meta.id,
        common::days_from_today(10),
        common::days_from_today(20),
    );
    stage.company = Some(firm.meta.id);
    stage.tutor = Some(tutor.meta.id);
    stage.status = PlacementStatus::Requested;
    stage.meta.confidentiality = flagged();
    stage.notes = secret("note de stage");
    fixture.create(stage);

    let mut visit = immersion(
        firm.meta.id,
        "Marc Enseignant",
        common::days_from_today(-30),
        2,
        ImmersionStatus::Evaluated,
    );
    let mut review = evaluation(common::days_from_today(-1));
    review.comment = secret("commentaire");
    review.teacher_feedback = secret("retour de l'enseignant");
    review.company_feedback = secret("retour de l'entreprise");
    visit.evaluation = Some(review);
    visit.meta.confidentiality = flagged();
    visit.notes = secret("note d'immersion");
    fixture.create(visit);

    let mut forum = event("Forum des métiers", common::days_from_today(3));
    forum.meta.confidentiality = flagged();
    forum.notes = secret("note d'événement");
    fixture.create(forum);

    let mut framework = agreement(
        "Convention cadre Langevin",
        AgreementStatus::Signed,
        Some(common::days_from_today(-100)),
    );
    framework.meta.confidentiality = flagged();
    framework.notes = secret("note de convention");
    fixture.create(framework);

    let me = Caller::current_process(passerelle::domain::audit::FrontEnd::Cli).account;
    fixture.write_users(&format!(
        "[users.alice]\nname = \"Alice Martin\"\norganisation = \"paris\"\nrole = \"admin\"\n\n\
         [users.{me}]\nname = \"Moi\"\norganisation = \"cpme\"\nrole = \"coordinator\"\n"
    ));
    let Fixture { dir, service, .. } = fixture;
    drop(service);
    let store = dir.path().to_path_buf();
    (dir, store)
}

/// The binary with logs on at trace level into `state`.
fn run(store: &Path, state: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--store")
        .arg(store)
        .args(args)
        .env_remove("PASSERELLE_LANG")
        .env("PASSERELLE_DIRECT", "1")
        .env_remove("PASSERELLE_STORE")
        .env("PASSERELLE_LOG", "trace")
        .env("XDG_STATE_HOME", state)
        .env("XDG_CONFIG_HOME", state.join("config"))
        .output()
        .expect("the binary runs")
}

/// Every file under `dir`, read whole.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            found.push((path, bytes));
        }
    }
    found
}

/// No file under `state` holds the canary; `written`: the log file must
/// exist (the interface logs; the one-shot commands do not).
fn assert_no_leak_in_logs(state: &Path, written: bool) {
    let logs = files_under(state);
    assert!(
        !written
            || logs
                .iter()
                .any(|(path, bytes)| path.ends_with("passerelle.log") && !bytes.is_empty()),
        "the log file was written (else this proves nothing)"
    );
    for (path, bytes) in logs {
        if let Some(form) = leaks(&String::from_utf8_lossy(&bytes)) {
            panic!("{form} leaked into {}", path.display());
        }
    }
}

#[test]
fn no_command_of_the_command_line_leaks_a_restricted_field_to_an_uncleared_caller() {
    let (dir, store) = canary_store();
    // Beside the store: its directory holds only the store.
    let elsewhere = tempfile::tempdir().expect("a temporary directory");
    let state = elsewhere.path().join("state");
    let kinds = [
        "school",
        "company",
        "contact",
        "learner",
        "placement",
        "immersion",
        "event",
        "agreement",
    ];
    let mut commands: Vec<Vec<String>> = Vec::new();
    let owned = |args: &[&str]| args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    for json in [false, true] {
        let with = |mut args: Vec<String>| {
            if json {
                args.push("--json".into());
            }
            args
        };
        commands.push(with(owned(&["status"])));
        commands.push(with(owned(&["check"])));
        commands.push(with(owned(&["audit", "--limit", "1000"])));
        commands.push(with(owned(&["users", "list"])));
        commands.push(with(owned(&["purge", "--dry-run"])));
        commands.push(with(owned(&["purge"])));
        commands.push(with(owned(&["show", "learner", "1", "--subject-access"])));
        for kind in kinds {
            commands.push(with(owned(&["list", kind])));
            commands.push(with(owned(&["list", kind, "--filter", CANARY])));
            commands.push(with(owned(&["show", kind, "1"])));
            commands.push(with(owned(&["show", kind, "1", "--reveal"])));
            commands.push(with(owned(&["consent", kind, "1"])));
            commands.push(with(owned(&["audit", "--kind", kind, "--key", "1"])));
        }
    }
    for kind in kinds {
        commands.push(owned(&[
            "consent",
            kind,
            "1",
            "--by",
            "Quelqu'un",
            "--for",
            "export",
        ]));
        commands.push(owned(&["consent", kind, "1", "--withdraw"]));
        // Exports of every kind, in every format: the restricted cells
        // stay empty (no consent, not cleared).
        commands.push(owned(&["export", kind]));
        commands.push(owned(&["export", kind, "--excel"]));
        commands.push(owned(&["export", kind, "--format", "json"]));
        commands.push(owned(&[
            "list",
            &format!("{kind}s"),
            "--academie",
            "creteil",
        ]));
    }
    commands.push(owned(&[
        "users", "add", "bob", "--name", "Bob", "--role", "reader",
    ]));
    commands.push(owned(&[
        "list",
        "placements",
        "--status",
        "pending",
        "--of",
        "school:1",
    ]));
    // The yearly report of the canary's year, in every format: its
    // evaluation comment is restricted and has no consent.
    for format in ["md", "html", "csv"] {
        commands.push(owned(&[
            "report",
            "--year",
            "2026-2027",
            "--format",
            format,
        ]));
    }
    commands.push(owned(&["demo", "--append", "--size", "100"]));
    // A backup holds everything: refused to a coordinator.
    let backup = elsewhere.path().join("leak.passerelle-backup");
    commands.push(owned(&["backup", &backup.display().to_string()]));
    // Bad input naming the record in its message.
    commands.push(owned(&["show", "learner", "999"]));
    commands.push(owned(&["list", "learners", "--of", "learner:1"]));

    let mut refused = 0;
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run(&store, &state, &args);
        if !output.status.success() {
            refused += 1;
        }
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            if let Some(form) = leaks(&String::from_utf8_lossy(bytes)) {
                panic!(
                    "{form} leaked on {stream} of `passerelle {}`:\n{}",
                    args.join(" "),
                    String::from_utf8_lossy(bytes)
                );
            }
        }
    }
    // Refused: 16 reveals, 8 consents recorded and 8 withdrawn, a user
    // added, 4 purges, 2 subject access reports and a backup: the test
    // went where a leak could happen.
    let expected_refusals = 16 + 8 + 8 + 1 + 4 + 2 + 1;
    assert!(refused >= expected_refusals, "only {refused} refusals");
    assert!(!backup.exists(), "no backup for a coordinator");
    assert_no_leak_in_logs(&state, false);

    // And the canary is really there, for an admin who reveals it (a
    // check that the test is able to fail).
    let admin = common::open_service(&dir, passerelle::service::Clock::System);
    let revealed = admin
        .reveal(
            &common::caller("alice"),
            &passerelle::service::reveal::RevealRequest {
                key: passerelle::service::get::RecordKey::Id(passerelle::domain::RecordRef::new(
                    passerelle::domain::Kind::Contact,
                    passerelle::domain::RecordId(1),
                )),
                purpose: passerelle::domain::audit::RevealPurpose::Screen,
            },
        )
        .expect("the admin reveals");
    let json = serde_json::to_string(&revealed.record).expect("json");
    assert!(
        json.contains(CANARY_EMAIL) && json.contains(CANARY),
        "{json}"
    );
}

#[test]
fn a_scripted_interface_session_leaks_nothing_on_screen_in_logs_or_in_drafts() {
    let (_dir, store) = canary_store();
    // Beside the store: its directory holds only the store.
    let elsewhere = tempfile::tempdir().expect("a temporary directory");
    let state = elsewhere.path().join("state");
    let mut session = Session::start_with(
        &store,
        &[],
        &[
            ("PASSERELLE_LOG", Path::new("trace")),
            ("XDG_STATE_HOME", &state),
        ],
    );
    let mut screens = Vec::new();
    session.wait_for("Tableau de bord");
    for (kind, list) in [
        ("school", "schools"),
        ("company", "companies"),
        ("contact", "contacts"),
        ("placement", "placements"),
        ("immersion", "immersions"),
        ("event", "events"),
        ("agreement", "agreements"),
        // Last: its first field is its name, so "Z" changes the form.
        ("learner", "learners"),
    ] {
        session.send(":dashboard\r");
        session.wait_for("Stages en attente");
        session.send(&format!(":{list}\r"));
        session.wait_for("1 sur 1");
        session.wait_for("🔒");
        screens.push(session.contents());
        session.send("\r");
        session.wait_for("Fiches rattachées");
        screens.push(session.contents());
        session.send("v");
        session.wait_for("Refusé");
        screens.push(session.contents());
        session.send("H");
        session.wait_for("Historique");
        screens.push(session.contents());
        session.send("\x1b");
        session.wait_for_absence("Historique");
        session.wait_for("Fiches rattachées");
        // The form of a record whose fields are masked: what it shows,
        // and the draft it keeps once something is typed (written when
        // the field is left).
        session.send("e");
        session.wait_for("Modifier");
        screens.push(session.contents());
        session.send("Z\t");
        screens.push(session.contents());
        if kind == "learner" {
            // Left open: its draft stays for the hang-up below.
            break;
        }
        // A form whose first field is a choice took no "Z": it leaves
        // without a question.
        session.send("\x1b");
        session.wait_until("the form asks or leaves", |screen| {
            screen.contains("non enregistrées") || !screen.contains("Modifier")
        });
        if session.contents().contains("non enregistrées") {
            screens.push(session.contents());
            session.send("d");
        }
        session.wait_for_absence("Modifier");
        session.wait_for("Fiches rattachées");
    }
    session.hang_up();
    session.exit();

    for (index, screen) in screens.iter().enumerate() {
        if let Some(form) = leaks(screen) {
            panic!("{form} on screen {index}:\n{screen}");
        }
    }
    if let Some(form) = leaks(&session.written()) {
        panic!("{form} in the bytes sent to the terminal");
    }
    assert_no_leak_in_logs(&state, true);

    // Drafts were written (the forms were typed in), and none holds it.
    let db = common::open_raw(&store);
    let drafts = db.open_tree("drafts").expect("the drafts tree");
    assert!(!drafts.is_empty(), "the session left drafts to look into");
    for item in drafts.iter() {
        let (_, bytes) = item.expect("a draft");
        if let Some(form) = leaks(&String::from_utf8_lossy(&bytes)) {
            panic!("{form} kept in a draft");
        }
    }
}

/// Panic messages: the application's own code (outside its unit tests,
/// which close each file) never panics on purpose — no `unwrap`,
/// `expect`, `panic!`, `unreachable!`, `todo!` or `unimplemented!` — so
/// a panic can only be a library's or an index's, whose message carries
/// no record. This scan keeps it so.
#[test]
fn the_application_code_has_no_panic_of_its_own_that_could_carry_a_record() {
    let forbidden = [
        ".unwrap()",
        ".expect(",
        "panic!(",
        "unreachable!(",
        "todo!(",
        "unimplemented!(",
    ];
    let mut found = Vec::new();
    let mut scanned = 0;
    for (path, bytes) in files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        scanned += 1;
        let text = String::from_utf8_lossy(&bytes);
        for (number, line) in text.lines().enumerate() {
            // The tests at the end of a file, or a file of tests.
            let trimmed = line.trim_start();
            if trimmed.starts_with("#[cfg(test)]") || trimmed.starts_with("#![cfg(test)]") {
                break;
            }
            if line.trim_start().starts_with("//") {
                continue;
            }
            if forbidden.iter().any(|word| line.contains(word)) {
                found.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(scanned > 100, "the sources were found ({scanned} files)");
    assert!(
        found.is_empty(),
        "panics of the application's own:\n{}",
        found.join("\n")
    );
}
