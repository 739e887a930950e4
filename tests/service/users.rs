//! Who is asking: `users.toml` beside the store, the roles it gives, the
//! accounts it refuses, and `passerelle users`. The binary runs as the
//! current Unix account; other accounts are tried at the service level.

use crate::common;
use crate::common::me;

use common::{Fixture, caller, passerelle, school, stderr, stdout, uai};
use passerelle::domain::audit::{AuditAction, AuditEntry, FrontEnd, UserChange};
use passerelle::domain::draft::Draft;
use passerelle::domain::user::{Admin, Role, UserEntry};
use passerelle::domain::validation::Field;
use passerelle::domain::{Confidentiality, Kind, Organisation, RecordRef, Restricted};
use passerelle::i18n::Lang;
use passerelle::i18n::messages::service_error;
use passerelle::service::delete::DeleteRequest;
use passerelle::service::find::FindRequest;
use passerelle::service::get::RecordKey;
use passerelle::service::list::ListRequest;
use passerelle::service::protocol::Request;
use passerelle::service::save::SaveRequest;
use passerelle::service::users::{UserProblem, UsersFileProblem};
use passerelle::service::{AdminTask, Caller, NotAllowed, ServiceError};
use passerelle::store::audit::ChainedAuditEntry;
use passerelle::store::codec;

/// A school named with a canary, to look for in what a refused account
/// is told.
const CANARY: &str = "Lycée Canari-7Q";

/// alice admin (Paris), carol coordinator (Créteil), rita reader
/// (Versailles).
const TEAM: &str = r#"
[users.alice]
name = "Alice Martin"
organisation = "paris"
role = "admin"

[users.carol]
name = "Carol Petit"
organisation = "creteil"
role = "coordinator"

[users.rita]
name = "Rita Lenoir"
organisation = "versailles"
role = "reader"
"#;

fn with_team() -> Fixture {
    let fixture = Fixture::new();
    fixture.create(school("0750655E", CANARY));
    fixture.write_users(TEAM);
    fixture
}

fn new_school(code: &str, name: &str) -> SaveRequest {
    SaveRequest {
        record: school(code, name).into(),
    }
}

fn draft() -> Draft {
    Draft {
        id: None,
        kind: Kind::School,
        editing: None,
        purpose: String::new(),
        values: vec![(Field::Name, "en cours".to_owned())],
        focus: 0,
        saved_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
    }
}

/// Every read a front end can make, each answered or refused.
fn reads(fixture: &Fixture, who: &Caller) -> Vec<(&'static str, Result<String, ServiceError>)> {
    let service = &fixture.service;
    let key = RecordKey::Uai(uai("0750655E"));
    let debug = |value: &dyn std::fmt::Debug| format!("{value:?}");
    vec![
        (
            "list",
            service
                .list(who, &ListRequest::first_page(Kind::School, 10))
                .map(|r| debug(&r)),
        ),
        (
            "find",
            service
                .find(
                    who,
                    &FindRequest {
                        text: "canari".into(),
                        limit: 10,
                    },
                )
                .map(|r| debug(&r)),
        ),
        ("get", service.get(who, &key).map(|r| debug(&r))),
        ("resolve", service.resolve(who, &key).map(|r| debug(&r))),
        ("status", service.status(who).map(|r| debug(&r))),
        ("check", service.check(who).map(|r| debug(&r))),
        ("drafts", service.drafts(who).map(|r| debug(&r))),
        ("is_empty", service.is_empty(who).map(|r| debug(&r))),
        (
            "handle",
            service
                .handle(
                    who,
                    Request::List(ListRequest::first_page(Kind::School, 10)),
                )
                .map(|r| debug(&r)),
        ),
    ]
}

/// The audit trail, newest first, read from the closed store.
fn audit_newest_first(fixture: Fixture) -> Vec<AuditEntry> {
    let (dir, store) = fixture.into_store();
    drop(store);
    let raw = common::open_raw(dir.path());
    raw.open_tree("audit")
        .expect("tree")
        .iter()
        .rev()
        .map(|item| {
            codec::decode::<ChainedAuditEntry>(&item.expect("read").1)
                .expect("decodes")
                .entry
        })
        .collect()
}

fn unknown(account: &str, admins: Vec<Admin>) -> ServiceError {
    ServiceError::NotAllowed(NotAllowed::UnknownAccount {
        account: account.to_owned(),
        admins,
    })
}

fn alice_admin() -> Admin {
    Admin {
        account: "alice".into(),
        name: "Alice Martin".into(),
    }
}

#[test]
fn without_a_file_the_creator_is_admin_and_works_alone() {
    let fixture = Fixture::new(); // created by alice
    fixture.create(school("0750655E", CANARY));
    let alice = fixture.service.identify(&caller("alice")).expect("alice");
    assert_eq!(alice.role, Role::Admin);
    for (operation, answer) in reads(&fixture, &caller("alice")) {
        assert!(answer.is_ok(), "{operation}: {answer:?}");
    }

    let bob = caller("bob");
    for (operation, answer) in reads(&fixture, &bob) {
        let error = answer.expect_err(operation);
        let ServiceError::NotAllowed(NotAllowed::UnknownAccount { account, admins }) = &error
        else {
            panic!("{operation}: {error:?}");
        };
        assert_eq!(account, "bob");
        assert_eq!(admins.len(), 1, "{operation}");
        assert_eq!(admins[0].account, "alice");
        for lang in [Lang::Fr, Lang::En] {
            let message = service_error(&error, lang);
            assert!(message.contains("bob"), "{message}");
            assert!(message.contains("alice"), "{message}");
            assert!(!message.contains("Canari"), "{message}");
        }
    }
    assert!(matches!(
        fixture.service.save(&bob, new_school("0750001", "Lycée B")),
        Err(ServiceError::NotAllowed(NotAllowed::UnknownAccount { .. }))
    ));
    assert!(fixture.service.bulk(&bob).is_err());

    // The refusal is in the audit trail, under the refused account.
    let entry = audit_newest_first(fixture).remove(0);
    assert_eq!(entry.account, "bob");
    assert_eq!(entry.action, AuditAction::Refused { pid: None });
}

#[test]
fn an_unlisted_account_sees_nothing_of_the_store() {
    let fixture = with_team();
    let mallory = caller("mallory");
    for (operation, answer) in reads(&fixture, &mallory) {
        let error = answer.expect_err(operation);
        assert_eq!(
            error,
            unknown("mallory", vec![alice_admin()]),
            "{operation}"
        );
        let shown = format!("{error:?}{}", service_error(&error, Lang::Fr));
        assert!(!shown.contains("Canari"), "{operation}: {shown}");
    }
    let message = service_error(&unknown("mallory", vec![alice_admin()]), Lang::Fr);
    assert!(message.contains("« mallory »"), "{message}");
    assert!(message.contains("Alice Martin (alice)"), "{message}");
    // The store's creator is no exception once there is a file: the file
    // says who is in.
    let fixture = Fixture::new();
    fixture.write_users(
        "[users.zoe]\nname = \"Zoé\"\nrole = \"admin\"\n", // alice is not listed
    );
    assert!(matches!(
        fixture.service.status(&caller("alice")),
        Err(ServiceError::NotAllowed(NotAllowed::UnknownAccount { .. }))
    ));
}

#[test]
fn readers_read_and_write_nothing() {
    let fixture = with_team();
    let rita = caller("rita");
    let identity = fixture.service.identify(&rita).expect("listed");
    assert_eq!(identity.role, Role::Reader);
    assert_eq!(
        identity.organisation,
        Some(Organisation::AcademieVersailles)
    );
    for (operation, answer) in reads(&fixture, &rita) {
        assert!(answer.is_ok(), "{operation}: {answer:?}");
    }
    let stored = fixture
        .service
        .get(&rita, &RecordKey::Uai(uai("0750655E")))
        .expect("read")
        .record;
    let reference = stored.reference();
    let read_only = ServiceError::NotAllowed(NotAllowed::ReadOnly {
        account: "rita".into(),
    });
    let service = &fixture.service;
    assert_eq!(
        service.save(&rita, new_school("0750001", "Lycée B")).err(),
        Some(read_only.clone())
    );
    assert_eq!(
        service
            .save(
                &rita,
                SaveRequest {
                    record: stored.clone()
                }
            )
            .err(),
        Some(read_only.clone())
    );
    assert_eq!(
        service.revert(&rita, SaveRequest { record: stored }).err(),
        Some(read_only.clone())
    );
    assert_eq!(
        service
            .delete(
                &rita,
                &DeleteRequest {
                    target: reference,
                    revision: None
                }
            )
            .err(),
        Some(read_only.clone())
    );
    assert_eq!(
        service.restore(&rita, reference).err(),
        Some(read_only.clone())
    );
    assert_eq!(
        service.save_draft(&rita, draft()).err(),
        Some(read_only.clone())
    );
    assert!(matches!(service.bulk(&rita), Err(error) if error == read_only));
    assert_eq!(
        service
            .handle(&rita, Request::Save(Box::new(new_school("0750001", "B"))))
            .err(),
        Some(read_only.clone())
    );
    let message = service_error(&read_only, Lang::Fr);
    assert!(message.contains("lecture seule"), "{message}");
    assert!(message.contains("rita"), "{message}");
    let school: passerelle::domain::records::School = common::expect_kind(
        service
            .get(&rita, &RecordKey::Uai(uai("0750655E")))
            .expect("read")
            .record,
    );
    assert_eq!(school.meta.revision, 1, "nothing was written");
}

#[test]
fn coordinators_write_and_only_admins_lift_confidentiality() {
    let fixture = with_team();
    let carol = caller("carol");
    assert_eq!(
        fixture.service.identify(&carol).expect("listed").role,
        Role::Coordinator
    );
    for (operation, answer) in reads(&fixture, &carol) {
        assert!(answer.is_ok(), "{operation}: {answer:?}");
    }
    let mut secret = school("0940001", "Lycée Discret");
    secret.meta.confidentiality = Confidentiality::flagged("demande", None);
    secret.notes = Restricted::Clear("note".into());
    let saved = fixture
        .save_as(&carol, secret)
        .expect("a coordinator saves");
    fixture
        .service
        .save_draft(&carol, draft())
        .expect("and keeps drafts");

    let mut lifted = saved.clone();
    lifted.meta.confidentiality = Confidentiality::default();
    assert_eq!(
        fixture.save_as(&carol, lifted.clone()).err(),
        Some(ServiceError::NotAllowed(NotAllowed::LiftConfidentiality {
            admins: vec![alice_admin()]
        }))
    );
    let lifted = fixture
        .save_as(&caller("alice"), lifted)
        .expect("an admin lifts it");
    assert!(!lifted.meta.confidentiality.confidential);

    fixture
        .service
        .delete(
            &carol,
            &DeleteRequest {
                target: RecordRef::new(Kind::School, lifted.meta.id),
                revision: None,
            },
        )
        .expect("a coordinator deletes");
    // But manages no users.
    assert_eq!(
        fixture.service.users(&carol).err(),
        Some(ServiceError::NotAllowed(NotAllowed::AdminOnly {
            task: AdminTask::Users,
            admins: vec![alice_admin()]
        }))
    );
    assert!(matches!(
        fixture.service.set_role(&carol, "carol", Role::Admin),
        Err(ServiceError::NotAllowed(NotAllowed::AdminOnly { .. }))
    ));
}

#[test]
fn a_bad_file_lets_nobody_in_and_says_where() {
    let fixture = Fixture::new();
    let cases = [
        (
            "[users.alice]\nname = \"A\"\nrole = \"admin\"\n\n[users.bob]\nname = \"B\"\norganisation = \"lyon\"\nrole = \"reader\"\n",
            "line 7",
            "lyon",
        ),
        (
            "[users.alice]\nname = \"A\"\nrole = \"chef\"\n",
            "line 3",
            "chef",
        ),
        (
            "[users.alice]\nname = \"A\"\nrole = \"admin\"\nshoe = 1\n",
            "line 4",
            "shoe",
        ),
        ("[users.alice\n", "line 1", ""),
    ];
    for (text, line, word) in cases {
        fixture.write_users(text);
        let error = fixture
            .service
            .status(&caller("alice"))
            .expect_err("refused");
        let ServiceError::UsersFile { path, problem } = &error else {
            panic!("{error:?}");
        };
        assert!(path.ends_with("users.toml"), "{path}");
        assert!(
            matches!(problem, UsersFileProblem::Syntax(_)),
            "{problem:?}"
        );
        let message = service_error(&error, Lang::Fr);
        assert!(message.contains("users.toml"), "{message}");
        assert!(message.contains(line), "{message}");
        assert!(message.contains(word), "{message}");
    }
    fixture.write_users(
        "[users.alice]\nname = \"A\"\nrole = \"admin\"\n\n[users.bob]\nname = \"B\"\nrole = \"coordinator\"\n",
    );
    let error = fixture
        .service
        .list(&caller("alice"), &ListRequest::first_page(Kind::School, 5));
    assert_eq!(
        error.as_ref().err().map(|e| match e {
            ServiceError::UsersFile { problem, .. } => problem.clone(),
            other => panic!("{other:?}"),
        }),
        Some(UsersFileProblem::Entry {
            account: "bob".into(),
            line: 5,
            problem: UserProblem::CoordinatorWithoutOrganisation
        })
    );
    let message = service_error(error.as_ref().expect_err("refused"), Lang::Fr);
    assert!(message.contains("ligne 5"), "{message}");
    assert!(message.contains("organisation"), "{message}");
}

#[test]
fn users_are_managed_by_admins_and_an_admin_always_remains() {
    let fixture = Fixture::new();
    let alice = caller("alice");
    let service = &fixture.service;
    let listed = service.users(&alice).expect("the creator lists");
    assert!(!listed.from_file);
    assert_eq!(listed.entries.len(), 1);

    let bob = UserEntry {
        name: "Bob Durand".into(),
        organisation: Some(Organisation::AcademieCreteil),
        role: Role::Coordinator,
    };
    let added = service.add_user(&alice, "bob", bob.clone()).expect("added");
    assert_eq!(added.file_created_for.as_deref(), Some("alice"));
    assert!(!added.replaced);
    let listed = service.users(&alice).expect("lists");
    assert!(listed.from_file);
    assert_eq!(listed.entries["alice"].role, Role::Admin);
    assert_eq!(listed.entries["bob"], bob);
    assert!(fixture.dir.path().join("users.toml").exists());
    assert_eq!(
        service.identify(&caller("bob")).expect("bob is in").role,
        Role::Coordinator
    );

    // The last admin can be neither demoted nor removed.
    let last = ServiceError::NotAllowed(NotAllowed::LastAdmin {
        account: "alice".into(),
    });
    assert_eq!(
        service.set_role(&alice, "alice", Role::Reader).err(),
        Some(last.clone())
    );
    assert_eq!(service.remove_user(&alice, "alice").err(), Some(last));
    assert_eq!(
        service.remove_user(&alice, "nobody").err(),
        Some(ServiceError::NoSuchUser {
            account: "nobody".into()
        })
    );
    assert_eq!(
        service
            .add_user(
                &alice,
                "eve",
                UserEntry {
                    organisation: None,
                    ..bob.clone()
                }
            )
            .err(),
        Some(ServiceError::BadUser(
            UserProblem::CoordinatorWithoutOrganisation
        ))
    );
    assert!(matches!(
        service.add_user(&alice, "e ve", bob.clone()),
        Err(ServiceError::BadUser(UserProblem::Account(_)))
    ));

    // Once bob is admin too, alice may step down.
    service
        .set_role(&alice, "bob", Role::Admin)
        .expect("promoted");
    service
        .set_role(&alice, "alice", Role::Reader)
        .expect("demoted");
    assert!(matches!(
        service.add_user(&alice, "eve", bob.clone()),
        Err(ServiceError::NotAllowed(NotAllowed::AdminOnly { .. }))
    ));
    service
        .remove_user(&caller("bob"), "alice")
        .expect("removed");
    assert!(matches!(
        service.status(&alice),
        Err(ServiceError::NotAllowed(NotAllowed::UnknownAccount { .. }))
    ));

    let trail = audit_newest_first(fixture);
    assert_eq!(
        (trail[0].account.as_str(), &trail[0].action),
        ("alice", &AuditAction::Refused { pid: None })
    );
    assert_eq!(trail[1].account, "bob");
    assert_eq!(trail[1].front_end, FrontEnd::Cli);
    assert_eq!(
        trail[1].action,
        AuditAction::UserChanged {
            account: "alice".into(),
            change: UserChange::Removed
        }
    );
    assert_eq!(
        trail[2].action,
        AuditAction::UserChanged {
            account: "alice".into(),
            change: UserChange::Role {
                from: Role::Admin,
                to: Role::Reader
            }
        }
    );
}

#[test]
fn the_audit_trail_stays_consistent_with_user_changes_and_refusals() {
    let fixture = Fixture::new();
    let alice = caller("alice");
    fixture.create(school("0750655E", CANARY));
    let _ = fixture.service.status(&caller("bob"));
    fixture
        .service
        .add_user(
            &alice,
            "bob",
            UserEntry {
                name: "Bob".into(),
                organisation: None,
                role: Role::Reader,
            },
        )
        .expect("added");
    let report = fixture.service.check(&alice).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(report.audit_entries, 3, "create, refusal, user added");
}

// The command line, as the account running the tests.

fn ok(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}{}",
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

#[test]
fn the_users_commands_manage_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path();
    let me = me();
    ok(&passerelle(store, &["status"])); // creates the store: I am its admin

    let listed = ok(&passerelle(store, &["--lang", "en", "users", "list"]));
    assert!(listed.contains(&me), "{listed}");
    assert!(listed.contains("No users.toml yet"), "{listed}");

    let added = ok(&passerelle(
        store,
        &[
            "users",
            "add",
            "bob",
            "--name",
            "Bob Durand",
            "--organisation",
            "creteil",
            "--role",
            "coordinator",
        ],
    ));
    assert!(added.contains("users.toml créé"), "{added}");
    assert!(added.contains(&me), "{added}");
    assert!(added.contains("« bob » ajouté"), "{added}");
    let file = std::fs::read_to_string(store.join("users.toml")).expect("the file");
    assert!(file.contains("[users.bob]"), "{file}");
    assert!(file.contains("organisation = \"creteil\""), "{file}");
    assert!(!store.read_dir().expect("dir").any(|e| {
        e.expect("entry")
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp")
    }));

    let json: serde_json::Value =
        serde_json::from_str(&ok(&passerelle(store, &["users", "list", "--json"]))).expect("JSON");
    assert_eq!(json["from_file"], true);
    let users = json["users"].as_array().expect("a list");
    assert_eq!(users.len(), 2);
    let bob = users
        .iter()
        .find(|u| u["account"] == "bob")
        .expect("bob listed");
    assert_eq!(bob["organisation"], "creteil");
    assert_eq!(bob["role"], "coordinator");

    let changed = ok(&passerelle(store, &["users", "role", "bob", "reader"]));
    assert!(changed.contains("lecteur"), "{changed}");

    // The last admin stays.
    for args in [
        vec!["users", "role", &me, "reader"],
        vec!["users", "remove", &me],
    ] {
        let output = passerelle(store, &args);
        assert_eq!(output.status.code(), Some(4), "{args:?}");
        assert!(
            stderr(&output).contains("dernier administrateur"),
            "{}",
            stderr(&output)
        );
    }
    // Typos never reach the store.
    let output = passerelle(store, &["users", "role", "bob", "chef"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("chef"), "{}", stderr(&output));
    let output = passerelle(
        store,
        &[
            "users",
            "add",
            "eve",
            "--name",
            "Eve",
            "--organisation",
            "lyon",
            "--role",
            "reader",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("lyon"), "{}", stderr(&output));
    let output = passerelle(
        store,
        &[
            "users",
            "add",
            "eve",
            "--name",
            "Eve",
            "--role",
            "coordinator",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("organisation"),
        "{}",
        stderr(&output)
    );
    let output = passerelle(store, &["users", "remove", "nobody"]);
    assert_eq!(output.status.code(), Some(3));

    let removed = ok(&passerelle(store, &["users", "remove", "bob"]));
    assert!(removed.contains("« bob » retiré"), "{removed}");
    let listed = ok(&passerelle(store, &["users", "list"]));
    assert!(!listed.contains("bob"), "{listed}");
}

#[test]
fn the_command_line_refuses_an_account_not_listed_and_a_non_admin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path();
    let me = me();
    ok(&passerelle(store, &["demo", "--size", "60"]));

    // Listed as a reader: reads, writes nothing, manages no users.
    std::fs::write(
        store.join("users.toml"),
        format!(
            "[users.zoe]\nname = \"Zoé Admin\"\nrole = \"admin\"\n\n[users.\"{me}\"]\nname = \"Moi\"\nrole = \"reader\"\n"
        ),
    )
    .expect("written");
    ok(&passerelle(store, &["status"]));
    ok(&passerelle(store, &["list", "schools"]));
    let output = passerelle(store, &["users", "list"]);
    assert_eq!(output.status.code(), Some(4));
    assert!(
        stderr(&output).contains("Zoé Admin (zoe)"),
        "{}",
        stderr(&output)
    );
    let output = passerelle(store, &["demo", "--size", "60", "--append"]);
    assert_eq!(output.status.code(), Some(4));
    assert!(
        stderr(&output).contains("lecture seule"),
        "{}",
        stderr(&output)
    );

    // Not listed: refused everywhere, nothing shown.
    std::fs::write(
        store.join("users.toml"),
        "[users.zoe]\nname = \"Zoé Admin\"\nrole = \"admin\"\n",
    )
    .expect("written");
    for args in [
        vec!["status"],
        vec!["status", "--json"],
        vec!["list", "schools"],
        vec!["list", "learners", "--json"],
        vec!["show", "school", "1"],
        vec!["check"],
        vec!["list", "placements", "--of", "school:1"],
        vec!["users", "list"],
    ] {
        let output = passerelle(store, &args);
        assert_eq!(
            output.status.code(),
            Some(4),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty(), "{args:?}: {}", stdout(&output));
        let message = stderr(&output);
        assert!(message.contains(&format!("« {me} »")), "{message}");
        assert!(message.contains("Zoé Admin (zoe)"), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }

    // A damaged file: nobody in, told where.
    std::fs::write(
        store.join("users.toml"),
        "[users.zoe]\nname = \"Z\"\nrole = \"boss\"\n",
    )
    .expect("written");
    let output = passerelle(store, &["--lang", "en", "status"]);
    assert_eq!(output.status.code(), Some(5));
    let message = stderr(&output);
    assert!(message.contains("users.toml"), "{message}");
    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("boss"), "{message}");
    assert!(output.stdout.is_empty());
}

// users.toml rewritten: its permissions kept, and never changed unaudited.

fn bob_reader() -> UserEntry {
    UserEntry {
        name: "Bob Durand".into(),
        organisation: None,
        role: Role::Reader,
    }
}

/// The names of the files in the store's directory ending in `.tmp`.
fn leftovers(dir: &std::path::Path) -> Vec<String> {
    common::names_in(dir)
        .into_iter()
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_rewritten_users_file_keeps_its_mode_owner_and_group() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    let fixture = with_team();
    let path = fixture.dir.path().join("users.toml");
    let alice = caller("alice");
    // Only root may give a file away; another account keeps its own.
    let root = nix::unistd::geteuid().is_root();
    let (uid, gid) = if root {
        (65_534, 65_534)
    } else {
        let meta = std::fs::metadata(&path).expect("metadata");
        (meta.uid(), meta.gid())
    };
    if root {
        std::os::unix::fs::chown(&path, Some(uid), Some(gid)).expect("chown");
    }
    for (mode, change) in [
        (0o640, 0), // an admin's file shared with a group
        (0o600, 1),
        (0o604, 2),
    ] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let before = std::fs::read_to_string(&path).expect("read");
        match change {
            0 => drop(
                fixture
                    .service
                    .add_user(&alice, "bob", bob_reader())
                    .expect("added"),
            ),
            1 => fixture
                .service
                .set_role(&alice, "bob", Role::Admin)
                .expect("promoted"),
            _ => fixture.service.remove_user(&alice, "bob").expect("removed"),
        }
        assert_ne!(
            std::fs::read_to_string(&path).expect("read"),
            before,
            "the file was rewritten"
        );
        let meta = std::fs::metadata(&path).expect("metadata");
        assert_eq!(meta.mode() & 0o7777, mode, "mode {mode:o}");
        assert_eq!((meta.uid(), meta.gid()), (uid, gid), "mode {mode:o}");
    }
    assert!(leftovers(fixture.dir.path()).is_empty());
}

#[test]
fn a_new_users_file_is_writable_by_its_owner_only() {
    use std::os::unix::fs::MetadataExt;

    let fixture = Fixture::new();
    fixture
        .service
        .add_user(&caller("alice"), "bob", bob_reader())
        .expect("added");
    let meta = std::fs::metadata(fixture.dir.path().join("users.toml")).expect("created");
    // 0644 less the umask: the owner reads and writes it, nobody else
    // writes it, nobody executes it.
    assert_eq!(meta.mode() & 0o7133, 0, "{:o}", meta.mode());
    assert_eq!(meta.mode() & 0o600, 0o600, "{:o}", meta.mode());
    assert_eq!(meta.uid(), nix::unistd::geteuid().as_raw());
}

/// Closes the fixture's store and damages its audit sequence, so that no
/// audit entry can be appended any more while the rest still reads.
fn with_audit_broken(fixture: Fixture) -> tempfile::TempDir {
    use passerelle::store::schema::meta_keys::AUDIT_SEQUENCE;
    let (dir, store) = fixture.into_store();
    drop(store);
    let raw = common::open_raw(dir.path());
    raw.open_tree("meta")
        .expect("tree")
        .insert(AUDIT_SEQUENCE, b"bad".to_vec())
        .expect("insert");
    raw.flush().expect("flush");
    drop(raw);
    dir
}

#[test]
fn a_user_change_that_cannot_be_audited_is_not_made() {
    let dir = with_audit_broken(with_team());
    let path = dir.path().join("users.toml");
    let before = std::fs::read_to_string(&path).expect("read");
    let service =
        common::reopen_service(&dir, passerelle::service::Clock::fixed_on(common::today()));
    let alice = caller("alice");
    let answers = [
        service.add_user(&alice, "bob", bob_reader()).map(drop),
        service.set_role(&alice, "carol", Role::Reader),
        service.remove_user(&alice, "rita"),
    ];
    for answer in answers {
        assert!(
            matches!(answer, Err(ServiceError::Damaged { .. })),
            "{answer:?}"
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), before);
    }
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );

    // Without a file, none is created.
    let dir = with_audit_broken(Fixture::new());
    let service =
        common::reopen_service(&dir, passerelle::service::Clock::fixed_on(common::today()));
    assert!(matches!(
        service.add_user(&alice, "bob", bob_reader()),
        Err(ServiceError::Damaged { .. })
    ));
    assert!(!dir.path().join("users.toml").exists());
    assert!(leftovers(dir.path()).is_empty());
}
