//! The audit trail: every write leaves an entry saying who, when and from
//! which front end; an update lists the fields it changed without ever
//! keeping a restricted value; `audit` reads it filtered, through the
//! service and the binary; `check` finds an entry altered, removed or
//! reordered, by its hash chain.

use crate::common;

use chrono::{DateTime, Utc};
use common::{
    Fixture, caller, company, day, learner, open_raw, passerelle, placement, reopen_service,
    school, siret, stderr, stdout, today,
};
use passerelle::domain::audit::{AuditAction, AuditEntry, FieldChange, FrontEnd, UserChange};
use passerelle::domain::records::{Learner, Placement, School};
use passerelle::domain::status::PlacementStatus;
use passerelle::domain::user::{Role, UserEntry};
use passerelle::domain::{Kind, RecordRef, Restricted};
use passerelle::service::audit::{AuditRequest, AuditResponse};
use passerelle::service::delete::DeleteRequest;
use passerelle::service::get::RecordKey;
use passerelle::service::protocol::{Request, Response};
use passerelle::service::{Caller, Clock, NotAllowed, Service, ServiceError};
use passerelle::store::audit::ChainedAuditEntry;
use passerelle::store::check::Problem;
use passerelle::store::codec;
use passerelle::store::{OpenOptions, Store};

/// Placed in restricted fields: must never reach the trail.
const CANARY: &str = "CANARI-7f3a";

fn noon(on: chrono::NaiveDate) -> DateTime<Utc> {
    on.and_hms_opt(12, 0, 0).expect("noon").and_utc()
}

fn everything() -> AuditRequest {
    AuditRequest {
        limit: 10_000,
        ..AuditRequest::default()
    }
}

fn audit(fixture: &Fixture, request: &AuditRequest) -> AuditResponse {
    fixture
        .service
        .audit(&fixture.caller, request)
        .expect("the trail reads")
}

fn actions(response: &AuditResponse) -> Vec<&AuditAction> {
    response.entries.iter().map(|e| &e.action).collect()
}

/// A school, a confidential learner and a placement, then an update of
/// the learner (a name and a restricted note), a status change, a delete
/// and a restore of the placement, one change from the TUI, and a user
/// added.
struct History {
    school: School,
    learner: RecordRef,
    placement: RecordRef,
}

fn write_history(fixture: &Fixture) -> History {
    let school = fixture.create(school("0750655E", "Lycée Henri IV"));
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));
    let mut pupil = learner(school.meta.id, "Inès Martin");
    pupil.sensitive = Restricted::Clear(common::sensitive_needs());
    let mut pupil: Learner = fixture.create(pupil);
    pupil.name = "Inès Martin-Diallo".into();
    pupil.notes = Restricted::Clear(format!("{CANARY} suivi"));
    let pupil = fixture.create(pupil);

    let start = day(2027, 1, 11);
    let mut stage: Placement = fixture.create(placement(
        pupil.meta.id,
        school.meta.id,
        start,
        start + chrono::Duration::days(11),
    ));
    stage.company = Some(firm.meta.id);
    stage.status = PlacementStatus::CompanyProposed;
    let from_tui = Caller {
        front_end: FrontEnd::Tui,
        ..fixture.caller.clone()
    };
    let stage = fixture.save_as(&from_tui, stage).expect("proposed");
    let target = RecordRef::new(Kind::Placement, stage.meta.id);
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target,
                revision: Some(stage.meta.revision),
            },
        )
        .expect("deleted");
    fixture
        .service
        .restore(&fixture.caller, target)
        .expect("restored");
    fixture
        .service
        .add_user(
            &fixture.caller,
            "bob",
            UserEntry {
                name: "Bob Leroy".into(),
                organisation: Some(passerelle::domain::Organisation::AcademieCreteil),
                role: Role::Reader,
            },
        )
        .expect("bob added");
    History {
        school,
        learner: RecordRef::new(Kind::Learner, pupil.meta.id),
        placement: target,
    }
}

#[test]
fn every_write_is_audited_with_who_when_and_from_where() {
    let fixture = Fixture::new();
    let history = write_history(&fixture);
    let trail = audit(&fixture, &everything());
    assert!(!trail.more);

    // Newest first, numbered without a gap, all at the fixture's noon, by
    // alice.
    let sequences: Vec<u64> = trail.entries.iter().map(|e| e.sequence).collect();
    let expected: Vec<u64> = (1..=sequences.len() as u64).rev().collect();
    assert_eq!(sequences, expected);
    for entry in &trail.entries {
        assert_eq!(entry.at, noon(today()));
        assert_eq!(entry.account, "alice");
    }

    let school = RecordRef::new(Kind::School, history.school.meta.id);
    let front_ends: Vec<FrontEnd> = trail.entries.iter().map(|e| e.front_end).collect();
    assert_eq!(
        front_ends.iter().filter(|f| **f == FrontEnd::Tui).count(),
        1,
        "the status change came from the TUI"
    );
    let actions = actions(&trail);
    assert_eq!(
        actions.last(),
        Some(&&AuditAction::Created {
            target: school,
            revision: 1
        })
    );

    // The user change, last.
    assert_eq!(
        actions[0],
        &AuditAction::UserChanged {
            account: "bob".into(),
            change: UserChange::Added {
                role: Role::Reader,
                organisation: Some(passerelle::domain::Organisation::AcademieCreteil),
            },
        }
    );
    // Restore, then delete, of the placement.
    assert_eq!(
        actions[1],
        &AuditAction::Restored {
            target: history.placement,
            revision: 3
        }
    );
    assert_eq!(
        actions[2],
        &AuditAction::Deleted {
            target: history.placement,
            revision: 2
        }
    );
    // The status change, field by field, from the TUI.
    assert_eq!(trail.entries[3].front_end, FrontEnd::Tui);
    let AuditAction::Changed {
        target,
        revision: 2,
        fields,
    } = actions[3]
    else {
        panic!("a status change: {:?}", actions[3]);
    };
    assert_eq!(*target, history.placement);
    let fields: Vec<&str> = fields.iter().map(FieldChange::field).collect();
    assert_eq!(fields, ["company", "status"]);
    let AuditAction::Changed { fields, .. } = actions[3] else {
        unreachable!()
    };
    assert!(fields.contains(&FieldChange::Value {
        field: "status".into(),
        old: "requested".into(),
        new: "company_proposed".into(),
    }));

    // The learner's update: the name and the restricted note only as
    // changed (a learner's name is purged from the record after some
    // years; the append-only trail must not keep it).
    let learner_update = actions
        .iter()
        .find_map(|action| match action {
            AuditAction::Changed { target, fields, .. } if *target == history.learner => {
                Some(fields)
            }
            _ => None,
        })
        .expect("the learner's update");
    assert_eq!(
        learner_update,
        &vec![
            FieldChange::Restricted {
                field: "name".into()
            },
            FieldChange::Restricted {
                field: "notes".into()
            },
        ]
    );

    // Nothing restricted anywhere in the trail, not even as stored.
    let json = serde_json::to_string(&trail).expect("json");
    assert!(!json.contains(CANARY), "{json}");
    assert!(!json.contains("suivi CASNAV"), "{json}");
    assert!(!json.contains("Inès Martin"), "{json}");
    let (dir, store) = fixture.into_store();
    drop(store);
    let raw = open_raw(dir.path());
    for item in raw.open_tree("audit").expect("tree").iter() {
        let (_, bytes) = item.expect("read");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(CANARY));
        assert!(!text.contains("suivi CASNAV"));
    }
}

#[test]
fn a_refused_account_is_audited_and_readers_read_the_trail() {
    let fixture = Fixture::new();
    fixture.write_users(
        "[users.alice]\nname = \"Alice\"\norganisation = \"paris\"\nrole = \"admin\"\n\n[users.carol]\nname = \"Carol\"\norganisation = \"versailles\"\nrole = \"reader\"\n",
    );
    fixture.create(school("0750655E", "Lycée Henri IV"));
    let stranger = caller("mallory");
    assert!(matches!(
        fixture.service.audit(&stranger, &everything()),
        Err(ServiceError::NotAllowed(NotAllowed::UnknownAccount { .. }))
    ));
    let trail = fixture
        .service
        .audit(&caller("carol"), &everything())
        .expect("a reader reads the trail");
    assert_eq!(trail.entries[0].account, "mallory");
    assert_eq!(trail.entries[0].action, AuditAction::Refused { pid: None });
    assert_eq!(trail.entries.len(), 2);
}

#[test]
fn a_thousand_refusals_of_one_account_cost_the_trail_two_entries() {
    let fixture = Fixture::new();
    fixture.write_users(
        "[users.alice]\nname = \"Alice\"\norganisation = \"paris\"\nrole = \"admin\"\n",
    );
    let stranger = caller("mallory");
    for _ in 0..1000 {
        assert!(matches!(
            fixture.service.status(&stranger),
            Err(ServiceError::NotAllowed(NotAllowed::UnknownAccount { .. }))
        ));
    }
    let refusals = |fixture: &Fixture| -> Vec<AuditAction> {
        let mut request = everything();
        request.account = Some("mallory".into());
        fixture
            .service
            .audit(&caller("alice"), &request)
            .expect("the admin reads the trail")
            .entries
            .into_iter()
            .map(|entry| entry.action)
            .collect()
    };
    // The first at once, the others counted.
    assert_eq!(refusals(&fixture), [AuditAction::Refused { pid: None }]);
    // Written as one entry when the window closes, or the server stops.
    fixture.service.flush().expect("flushed");
    let trail = refusals(&fixture);
    assert_eq!(trail.len(), 2, "{trail:?}");
    assert!(
        matches!(trail[0], AuditAction::RefusedAgain { count: 999, .. }),
        "{trail:?}"
    );
}

#[test]
fn the_trail_is_filtered_by_record_user_day_and_limit() {
    let fixture = Fixture::on(day(2026, 11, 2));
    fixture.allow_coordinators(&["bob"]);
    let henri = fixture.create(school("0750655E", "Lycée Henri IV"));
    let Fixture {
        service,
        dir,
        caller: alice,
    } = fixture;
    drop(service);
    // Three weeks later, bob writes.
    let fixture = Fixture {
        service: reopen_service(&dir, Clock::fixed_on(day(2026, 11, 23))),
        dir,
        caller: alice,
    };
    let bob = caller("bob");
    let berthelot = fixture
        .save_as(&bob, school("0941018W", "Lycée Marcelin Berthelot"))
        .expect("saved");
    let mut renamed = berthelot.clone();
    renamed.name = "Lycée Berthelot".into();
    fixture.save_as(&bob, renamed).expect("renamed");
    fixture
        .save_as(&bob, company(siret(1), "Boulangerie Dupain"))
        .expect("saved");

    let about = |response: &AuditResponse| -> Vec<Option<RecordRef>> {
        response.entries.iter().map(|e| e.action.target()).collect()
    };
    let berthelot_ref = RecordRef::new(Kind::School, berthelot.meta.id);
    let henri_ref = RecordRef::new(Kind::School, henri.meta.id);

    // One record, by its UAI or its number.
    for key in [
        RecordKey::parse(Kind::School, "0941018W").expect("uai"),
        RecordKey::Id(berthelot_ref),
    ] {
        let response = audit(
            &fixture,
            &AuditRequest {
                kind: Some(Kind::School),
                key: Some(key),
                ..everything()
            },
        );
        assert_eq!(about(&response), [Some(berthelot_ref), Some(berthelot_ref)]);
    }
    // A kind.
    let schools = audit(
        &fixture,
        &AuditRequest {
            kind: Some(Kind::School),
            ..everything()
        },
    );
    assert_eq!(
        about(&schools),
        [Some(berthelot_ref), Some(berthelot_ref), Some(henri_ref)]
    );
    // A user.
    let by_alice = audit(
        &fixture,
        &AuditRequest {
            account: Some("alice".into()),
            ..everything()
        },
    );
    assert_eq!(about(&by_alice), [Some(henri_ref)]);
    let by_bob = audit(
        &fixture,
        &AuditRequest {
            account: Some("bob".into()),
            ..everything()
        },
    );
    assert_eq!(by_bob.entries.len(), 3);
    assert!(by_bob.entries.iter().all(|e| e.account == "bob"));
    // A day: only bob's, three weeks later.
    for (since, expected) in [
        (day(2026, 11, 23), 3),
        (day(2026, 11, 3), 3),
        (day(2026, 11, 2), 4),
        (day(2026, 11, 24), 0),
    ] {
        let response = audit(
            &fixture,
            &AuditRequest {
                since: Some(since),
                ..everything()
            },
        );
        assert_eq!(response.entries.len(), expected, "since {since}");
    }
    // A limit, saying that more matched.
    let two = audit(
        &fixture,
        &AuditRequest {
            limit: 2,
            ..AuditRequest::default()
        },
    );
    assert_eq!(two.entries.len(), 2);
    assert!(two.more);
    assert_eq!(two.entries[0].sequence, 4);
    // Filters together.
    let together = audit(
        &fixture,
        &AuditRequest {
            kind: Some(Kind::School),
            account: Some("bob".into()),
            limit: 1,
            ..AuditRequest::default()
        },
    );
    assert_eq!(about(&together), [Some(berthelot_ref)]);
    assert!(together.more);

    // Through the protocol: a read, named for logs.
    let request = Request::Audit(AuditRequest {
        account: Some("alice".into()),
        ..everything()
    });
    assert!(request.is_read());
    assert_eq!(request.name(), "audit");
    let Ok(Response::Audit(response)) = fixture.service.handle(&fixture.caller, request) else {
        panic!("an audit response");
    };
    assert_eq!(response, by_alice);

    // A key that names nothing is refused as not found.
    assert!(matches!(
        fixture.service.audit(
            &fixture.caller,
            &AuditRequest {
                key: Some(RecordKey::parse(Kind::School, "0930122C").expect("uai")),
                ..everything()
            }
        ),
        Err(ServiceError::NotFound { .. })
    ));
}

// ------------------------------------------------------------ the binary

/// A store made by the account running the tests (so the binary, run as
/// it, is its admin), with two schools, one renamed, on a fixed day.
fn binary_store() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let me = Caller::current_process(FrontEnd::Cli);
    let store = Store::open(dir.path(), &OpenOptions::new(me.account.clone())).expect("store");
    let service = Service::new(store).with_clock(Clock::fixed_on(day(2026, 11, 20)));
    let save = |record: School| {
        service
            .save(
                &me,
                passerelle::service::save::SaveRequest {
                    record: record.into(),
                },
            )
            .expect("saved")
    };
    save(school("0750655E", "Lycée Henri IV"));
    let saved = save(school("0941018W", "Lycée Marcelin Berthelot"));
    let passerelle::domain::records::Record::School(mut berthelot) = saved.record else {
        panic!("a school");
    };
    berthelot.name = "Lycée Berthelot".into();
    save(berthelot);
    drop(service);
    (dir, me.account)
}

fn json_of(output: &std::process::Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).expect("json")
}

#[test]
fn the_binary_prints_the_trail_filtered_as_a_table_or_json() {
    let (dir, me) = binary_store();
    let store = dir.path();

    let all = json_of(&passerelle(store, &["audit", "--json"]));
    let entries = all["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["sequence"], 3);
    assert_eq!(entries[0]["account"], me.as_str());
    assert_eq!(entries[0]["front_end"], "cli");
    assert_eq!(
        entries[0]["action"]["changed"]["fields"][0]["value"]["new"],
        "Lycée Berthelot"
    );
    assert_eq!(all["more"], false);

    let one = json_of(&passerelle(
        store,
        &["audit", "--kind", "school", "--key", "0941018W", "--json"],
    ));
    assert_eq!(one["entries"].as_array().expect("entries").len(), 2);
    let by_number = json_of(&passerelle(
        store,
        &["audit", "--kind", "schools", "--key", "1", "--json"],
    ));
    assert_eq!(by_number["entries"].as_array().expect("entries").len(), 1);
    let nobody = json_of(&passerelle(store, &["audit", "--user", "nobody", "--json"]));
    assert_eq!(nobody["entries"].as_array().expect("entries").len(), 0);
    let mine = json_of(&passerelle(store, &["audit", "--user", &me, "--json"]));
    assert_eq!(mine["entries"].as_array().expect("entries").len(), 3);
    let later = json_of(&passerelle(
        store,
        &["audit", "--since", "21/11/2026", "--json"],
    ));
    assert_eq!(later["entries"].as_array().expect("entries").len(), 0);
    let that_day = json_of(&passerelle(
        store,
        &["audit", "--since", "2026-11-20", "--json"],
    ));
    assert_eq!(that_day["entries"].as_array().expect("entries").len(), 3);
    // Days before today, as forms read them (a value, not an option):
    // the entries' day is more than a week past.
    let this_week = json_of(&passerelle(store, &["audit", "--since", "-7", "--json"]));
    assert_eq!(this_week["entries"].as_array().expect("entries").len(), 0);
    let limited = json_of(&passerelle(store, &["audit", "--limit", "1", "--json"]));
    assert_eq!(limited["entries"].as_array().expect("entries").len(), 1);
    assert_eq!(limited["more"], true);

    // For people, in French by default, in English when asked.
    let table = stdout(&passerelle(store, &["audit"]));
    assert!(table.contains("Compte"), "{table}");
    assert!(
        table.contains("modifié : établissement « Lycée Berthelot (0941018W) » (n° 2, rév. 2)"),
        "{table}"
    );
    assert!(
        table.contains("nom : Lycée Marcelin Berthelot → Lycée Berthelot"),
        "{table}"
    );
    assert!(
        table.contains("créé : établissement « Lycée Henri IV"),
        "{table}"
    );
    assert!(table.contains("ligne de commande"), "{table}");
    let table = stdout(&passerelle(
        store,
        &["--lang", "en", "audit", "--limit", "1"],
    ));
    assert!(
        table.contains("updated: school « Lycée Berthelot"),
        "{table}"
    );
    assert!(table.contains("name: Lycée Marcelin Berthelot"), "{table}");
    assert!(table.contains("Only the 1 most recent"), "{table}");
    let empty = stdout(&passerelle(store, &["audit", "--user", "nobody"]));
    assert!(empty.contains("Aucune entrée"), "{empty}");

    // Bad input: exit code 2, the store untouched.
    for args in [
        &["audit", "--since", "hier"][..],
        &["audit", "--key", "1"][..],
        &["audit", "--kind", "planet"][..],
        &["audit", "--kind", "school", "--key", "nope"][..],
    ] {
        let output = passerelle(store, args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let output = passerelle(store, &["audit", "--since", "hier"]);
    assert!(stderr(&output).contains("--since"), "{}", stderr(&output));

    // The trail is intact; once an entry is altered, check says where
    // and exits with "problems found".
    let output = passerelle(store, &["check"]);
    assert!(output.status.success(), "{}", stdout(&output));
    damage(&dir, |tree| {
        let mut entry = read_entry(tree, 1);
        entry.entry.account = "mallory".into();
        write_entry(tree, 1, &entry);
    });
    let output = passerelle(store, &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("l'entrée 2 n'est pas chaînée à la précédente"),
        "{}",
        stdout(&output)
    );
}

// ------------------------------------------------------------ the chain

/// A closed store with `writes` schools created, each audited.
fn store_with_entries(writes: usize) -> tempfile::TempDir {
    let fixture = Fixture::new();
    for n in 0..writes {
        fixture.create(company(siret(n as u16 + 1), &format!("Entreprise {n}")));
    }
    let (dir, store) = fixture.into_store();
    drop(store);
    dir
}

fn chain_problems(dir: &tempfile::TempDir) -> Vec<Problem> {
    let service = reopen_service(dir, Clock::fixed_on(today()));
    let report = service.check(&caller("alice")).expect("check runs");
    report.problems
}

fn key(sequence: u64) -> [u8; 8] {
    sequence.to_be_bytes()
}

fn read_entry(tree: &sled::Tree, sequence: u64) -> ChainedAuditEntry {
    let bytes = tree.get(key(sequence)).expect("read").expect("present");
    codec::decode(&bytes).expect("decodes")
}

fn write_entry(tree: &sled::Tree, sequence: u64, entry: &ChainedAuditEntry) {
    tree.insert(key(sequence), codec::encode(entry).expect("encodes"))
        .expect("insert");
}

/// Runs `damage` on the raw audit tree of a closed store.
fn damage(dir: &tempfile::TempDir, damage: impl FnOnce(&sled::Tree)) {
    let raw = open_raw(dir.path());
    let tree = raw.open_tree("audit").expect("tree");
    damage(&tree);
    raw.flush().expect("flush");
}

fn broken_at(problems: &[Problem]) -> Vec<(u64, bool)> {
    problems
        .iter()
        .filter_map(|problem| match problem {
            Problem::AuditChainBroken { sequence, at_end } => Some((*sequence, *at_end)),
            _ => None,
        })
        .collect()
}

#[test]
fn an_intact_trail_checks_clean() {
    let dir = store_with_entries(4);
    assert_eq!(chain_problems(&dir), []);
}

#[test]
fn an_altered_entry_is_detected() {
    let dir = store_with_entries(4);
    damage(&dir, |tree| {
        let mut entry = read_entry(tree, 2);
        entry.entry.account = "mallory".into();
        write_entry(tree, 2, &entry);
    });
    let problems = chain_problems(&dir);
    assert_eq!(broken_at(&problems), [(3, false)], "{problems:?}");
}

#[test]
fn an_altered_last_entry_is_detected_by_the_hash_kept() {
    let dir = store_with_entries(3);
    damage(&dir, |tree| {
        let mut entry = read_entry(tree, 3);
        entry.entry.at = noon(day(2020, 1, 1));
        write_entry(tree, 3, &entry);
    });
    let problems = chain_problems(&dir);
    assert_eq!(broken_at(&problems), [(3, true)], "{problems:?}");
}

#[test]
fn a_removed_entry_is_detected_even_when_the_rest_is_renumbered() {
    // Removed and left as a gap.
    let dir = store_with_entries(4);
    damage(&dir, |tree| {
        tree.remove(key(2)).expect("remove");
    });
    let problems = chain_problems(&dir);
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::DamagedAuditEntry { .. })),
        "{problems:?}"
    );
    assert_eq!(broken_at(&problems), [(3, false)], "{problems:?}");

    // Removed, the later entries renumbered to hide the gap, and the
    // sequence lowered: only the chain tells.
    let dir = store_with_entries(4);
    damage(&dir, |tree| {
        for sequence in 3..=4 {
            let mut entry = read_entry(tree, sequence);
            entry.entry.sequence = sequence - 1;
            write_entry(tree, sequence - 1, &entry);
        }
        tree.remove(key(4)).expect("remove");
    });
    let raw = open_raw(dir.path());
    raw.open_tree("meta")
        .expect("meta")
        .insert(b"audit_sequence", &3u64.to_be_bytes())
        .expect("insert");
    raw.flush().expect("flush");
    drop(raw);
    let problems = chain_problems(&dir);
    assert!(broken_at(&problems).contains(&(2, false)), "{problems:?}");
    assert!(
        !problems
            .iter()
            .any(|p| matches!(p, Problem::DamagedAuditEntry { .. })),
        "{problems:?}"
    );
}

#[test]
fn reordered_entries_are_detected() {
    let dir = store_with_entries(4);
    damage(&dir, |tree| {
        let (mut second, mut third) = (read_entry(tree, 2), read_entry(tree, 3));
        // Swapped, each given the other's number so the sequence holds.
        second.entry.sequence = 3;
        third.entry.sequence = 2;
        write_entry(tree, 2, &third);
        write_entry(tree, 3, &second);
    });
    let problems = chain_problems(&dir);
    assert!(!broken_at(&problems).is_empty(), "{problems:?}");
    assert!(
        !problems
            .iter()
            .any(|p| matches!(p, Problem::DamagedAuditEntry { .. })),
        "{problems:?}"
    );
}

/// A store written before the chain: bare entries, no chain noted.
fn make_unchained(dir: &tempfile::TempDir) {
    let raw = open_raw(dir.path());
    let tree = raw.open_tree("audit").expect("tree");
    for item in tree.iter() {
        let (key, bytes) = item.expect("read");
        let chained: ChainedAuditEntry = codec::decode(&bytes).expect("decodes");
        tree.insert(key, codec::encode(&chained.entry).expect("encodes"))
            .expect("insert");
    }
    let meta = raw.open_tree("meta").expect("meta");
    meta.remove(b"audit_chain_start").expect("remove");
    meta.remove(b"audit_head").expect("remove");
    raw.flush().expect("flush");
}

#[test]
fn a_trail_written_before_the_chain_reads_and_is_chained_from_its_next_entry() {
    let dir = store_with_entries(2);
    make_unchained(&dir);
    assert_eq!(chain_problems(&dir), []);

    // The next write starts the chain, tied to the last bare entry.
    let service = reopen_service(&dir, Clock::fixed_on(today()));
    let alice = caller("alice");
    service
        .save(
            &alice,
            passerelle::service::save::SaveRequest {
                record: school("0930122C", "Lycée Paul Éluard").into(),
            },
        )
        .expect("saved");
    let trail = service.audit(&alice, &everything()).expect("reads");
    let sequences: Vec<u64> = trail.entries.iter().map(|e| e.sequence).collect();
    assert_eq!(sequences, [3, 2, 1]);
    assert!(
        service
            .check(&alice)
            .expect("check runs")
            .problems
            .is_empty()
    );
    drop(service);
    let raw = open_raw(dir.path());
    let start = raw
        .open_tree("meta")
        .expect("meta")
        .get(b"audit_chain_start")
        .expect("read")
        .expect("noted");
    assert_eq!(start.as_ref(), &3u64.to_be_bytes());
    drop(raw);

    // The last bare entry is vouched for by the first chained one.
    damage(&dir, |tree| {
        let bytes = tree.get(key(2)).expect("read").expect("present");
        let mut entry: AuditEntry = codec::decode(&bytes).expect("bare");
        entry.account = "mallory".into();
        tree.insert(key(2), codec::encode(&entry).expect("encodes"))
            .expect("insert");
    });
    assert_eq!(broken_at(&chain_problems(&dir)), [(3, false)]);
}

#[test]
fn a_chained_entry_read_as_bare_or_the_reverse_is_refused() {
    // The chain's start moved: entries no longer decode in the shape
    // expected, and check says so rather than misread them.
    let dir = store_with_entries(2);
    let raw = open_raw(dir.path());
    raw.open_tree("meta")
        .expect("meta")
        .remove(b"audit_chain_start")
        .expect("remove");
    raw.flush().expect("flush");
    drop(raw);
    let problems = chain_problems(&dir);
    let damaged = problems
        .iter()
        .filter(|p| matches!(p, Problem::DamagedAuditEntry { .. }))
        .count();
    assert_eq!(damaged, 2, "{problems:?}");
}

#[test]
fn field_changes_keep_restricted_parts_out_and_name_the_confidentiality_mark() {
    use passerelle::domain::Confidentiality;
    use passerelle::domain::audit::field_changes;
    use passerelle::domain::records::{Rating, Record};
    use passerelle::domain::status::ImmersionStatus;

    let mut before = common::immersion(
        passerelle::domain::RecordId(1),
        "Hélène Bréal",
        day(2026, 10, 5),
        2,
        ImmersionStatus::Evaluated,
    );
    before.evaluation = Some(common::evaluation(day(2026, 10, 20)));
    let before_record = Record::from(before.clone());

    // Only a restricted part of the evaluation changed: no value kept.
    let mut comment_only = before.clone();
    if let Some(evaluation) = &mut comment_only.evaluation {
        evaluation.comment = Restricted::Clear(CANARY.into());
    }
    assert_eq!(
        field_changes(&before_record, &comment_only.into()),
        [FieldChange::Restricted {
            field: "evaluation".into()
        }]
    );

    // A rating changed too: the evaluation's values, its restricted parts
    // masked.
    let mut rating = before.clone();
    if let Some(evaluation) = &mut rating.evaluation {
        evaluation.welcome = Rating(1);
        evaluation.comment = Restricted::Clear(CANARY.into());
    }
    let changes = field_changes(&before_record, &rating.into());
    let [FieldChange::Value { field, old, new }] = changes.as_slice() else {
        panic!("one value change: {changes:?}");
    };
    assert_eq!(field, "evaluation");
    assert!(
        !old.contains("accueil soigné") && !new.contains(CANARY),
        "{old} {new}"
    );
    assert!(new.contains("\"welcome\":1"), "{new}");

    // The confidentiality mark is a field; the bookkeeping is not.
    let mut flagged = before.clone();
    flagged.meta.confidentiality = Confidentiality::flagged("article 3.2", None);
    flagged.meta.revision = 9;
    flagged.meta.updated_by = "bob".into();
    let changes = field_changes(&before_record, &flagged.into());
    let fields: Vec<&str> = changes.iter().map(FieldChange::field).collect();
    assert_eq!(fields, ["confidentiality"]);
    assert_eq!(field_changes(&before_record, &before_record), []);
}

#[test]
fn the_trail_reads_in_words_links_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let me = Caller::current_process(FrontEnd::Cli);
    let store = Store::open(dir.path(), &OpenOptions::new(me.account.clone())).expect("store");
    let service = Service::new(store).with_clock(Clock::fixed_on(today()));
    let fixture = Fixture {
        service,
        caller: me,
        dir,
    };
    let lycee = fixture.create(school("0750001", "Lycée Voltaire"));
    let firm = fixture.create(company(siret(1), "Boulangerie Martin"));
    let pupil = fixture.create(learner(lycee.meta.id, "Amélie Dupont"));
    let mut stage = fixture.create(placement(
        pupil.meta.id,
        lycee.meta.id,
        day(2027, 1, 11),
        day(2027, 1, 22),
    ));
    stage.company = Some(firm.meta.id);
    stage.status = PlacementStatus::CompanyProposed;
    let mut stage = fixture.create(stage);
    stage.meta.confidentiality = passerelle::domain::Confidentiality::flagged(
        "signalement",
        Some(passerelle::domain::academie::Organisation::AcademieParis),
    );
    fixture.create(stage);
    let mut lycee = lycee;
    lycee.apprenticeship_sections = vec!["CAP Cuisine".into(), "CAP Pâtissier".into()];
    lycee.phone =
        Some(passerelle::domain::identifiers::Phone::parse("01 44 32 10 00").expect("a phone"));
    fixture.create(lycee);
    let mut visit = fixture.create(common::immersion(
        firm.meta.id,
        "Mme Leroy",
        day(2026, 11, 2),
        2,
        passerelle::domain::status::ImmersionStatus::Done,
    ));
    visit.status = passerelle::domain::status::ImmersionStatus::Evaluated;
    visit.evaluation = Some(common::evaluation(day(2026, 11, 20)));
    fixture.create(visit);
    let Fixture { service, dir, .. } = fixture;
    drop(service);
    let output = passerelle(dir.path(), &["audit"]);
    let table = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    for words in [
        "statut : demandé → entreprise proposée",
        "entreprise : (vide) → Boulangerie Martin (n° 1)",
        // The mark's reason, masked with the restricted fields, is not
        // kept: every role reads the trail.
        "confidentialité : non confidentiel → confidentiel (académie de Paris)",
        "sections d'apprentissage : (vide) → « CAP Cuisine », « CAP Pâtissier »",
        "téléphone : (vide) → 01 44 32 10 00",
        "modifié : stage « Amélie Dupont » (n° 1, rév. 2)",
        "statut : réalisée → évaluée",
        "évaluation : (vide) → accueil 4/5, découverte des métiers 5/5, intérêt pour l'enseignement 3/5, organisation 4/5, reconduire l'an prochain : oui, commentaires protégés, par alice le 20/11/2026",
    ] {
        assert!(table.contains(words), "{words}\n{table}");
    }
    for code in [
        "signalement",
        "company_proposed",
        "{\"",
        "apprenticeship_sections",
        " phone",
    ] {
        assert!(!table.contains(code), "{code}\n{table}");
    }
}
