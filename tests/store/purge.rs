//! `purge`: learners last active more than N school years ago are
//! anonymised, their deleted versions too, drafts editing them are
//! discarded; counts, links and the store's consistency stay; the dry
//! run changes nothing; only admins purge. Through the service on a
//! fixed clock (28/11/2026, school year 2026-2027), then through the
//! real binary.

use crate::common;
use crate::common::json;

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{DateTime, Utc};

use common::{
    Fixture, caller, company, day, learner, placement, school, sensitive_needs, siret, stderr,
    stdout,
};
use passerelle::domain::audit::{AuditAction, FrontEnd};
use passerelle::domain::dates::SchoolYear;
use passerelle::domain::draft::Draft;
use passerelle::domain::records::{ANONYMISED_NAME, Learner, Level, Placement, Record};
use passerelle::domain::validation::Field;
use passerelle::domain::{Kind, RecordId, RecordRef, Restricted};
use passerelle::i18n::Lang;
use passerelle::i18n::messages::service_error;
use passerelle::service::audit::AuditRequest;
use passerelle::service::delete::DeleteRequest;
use passerelle::service::find::FindRequest;
use passerelle::service::list::ListRequest;
use passerelle::service::protocol::{Request, Response};
use passerelle::service::purge::{PurgeReport, PurgeRequest, PurgedLearner};
use passerelle::service::{AdminTask, Caller, Clock, NotAllowed, Service, ServiceError};
use passerelle::store::{OpenOptions, Store};

/// Names that must not survive a purge anywhere they can be read.
const OLD_NAME: &str = "Zoé Ancienne";
const FIRST_NAME: &str = "Zoé Ancinne";
const NO_PLACEMENT_NAME: &str = "Xavier Sansstage";
const DELETED_NAME: &str = "Victor Supprimé";

/// The store: alice (admin), bob (coordinator of Créteil), carol
/// (reader); a school, a company and five learners:
/// - `old`: sensitive needs and notes, renamed once, a placement ended
///   in July 2024 (2023-2024): due with N = 2;
/// - `recent`: a placement ended in June 2025 (2024-2025): kept;
/// - `no_placement`: none, school year 2022-2023: due;
/// - `mixed`: placements ended in 2023 and in January 2026: kept;
/// - `deleted`: school year 2021-2022, deleted: its tombstone is due.
///
/// Bob has a draft editing `old`, alice one editing `recent`.
struct Scene {
    fixture: Fixture,
    old: Learner,
    recent: Learner,
    no_placement: Learner,
    mixed: Learner,
    deleted: RecordId,
    old_placement: Placement,
}

fn draft_editing(learner: &Learner, name: &str) -> Draft {
    Draft {
        id: None,
        kind: Kind::Learner,
        editing: Some((learner.meta.id, learner.meta.revision)),
        purpose: String::new(),
        values: vec![(Field::Name, name.to_owned())],
        focus: 0,
        saved_at: DateTime::<Utc>::UNIX_EPOCH,
    }
}

fn scene() -> Scene {
    let fixture = Fixture::new();
    fixture.write_users(
        "[users.alice]\nname = \"Alice\"\norganisation = \"paris\"\nrole = \"admin\"\n\n\
         [users.bob]\nname = \"Bob\"\norganisation = \"creteil\"\nrole = \"coordinator\"\n\n\
         [users.carol]\nname = \"Carol\"\norganisation = \"versailles\"\nrole = \"reader\"\n",
    );
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));
    let with_year = |name: &str, year: i32| {
        let mut pupil = learner(lycee.meta.id, name);
        pupil.school_year = SchoolYear::starting(year);
        pupil
    };

    let mut old = with_year(FIRST_NAME, 2023);
    old.level = Level::BacPro;
    old.sensitive = Restricted::Clear(sensitive_needs());
    old.notes = Restricted::Clear("appeler la famille".to_owned());
    let mut old: Learner = fixture.create(old);
    // A rename written by this version: the trail keeps neither name.
    old.name = OLD_NAME.to_owned();
    let old = fixture.create(old);
    let mut old_placement = placement(old.meta.id, lycee.meta.id, day(2024, 6, 3), day(2024, 7, 5));
    old_placement.company = Some(firm.meta.id);
    old_placement.status = passerelle::domain::status::PlacementStatus::CompanyProposed;
    let old_placement = fixture.create(old_placement);

    let recent = fixture.create(with_year("Yanis Récent", 2024));
    fixture.create(placement(
        recent.meta.id,
        lycee.meta.id,
        day(2025, 6, 2),
        day(2025, 6, 20),
    ));

    let no_placement = fixture.create(with_year(NO_PLACEMENT_NAME, 2022));

    let mixed = fixture.create(with_year("Wassim Mixte", 2022));
    fixture.create(placement(
        mixed.meta.id,
        lycee.meta.id,
        day(2023, 5, 2),
        day(2023, 5, 20),
    ));
    fixture.create(placement(
        mixed.meta.id,
        lycee.meta.id,
        day(2026, 1, 5),
        day(2026, 1, 23),
    ));

    let deleted: Learner = fixture.create(with_year(DELETED_NAME, 2021));
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target: RecordRef::new(Kind::Learner, deleted.meta.id),
                revision: None,
            },
        )
        .expect("deleted");

    fixture
        .service
        .save_draft(&caller("bob"), draft_editing(&old, "Zoé Ancienne-Martin"))
        .expect("bob's draft");
    fixture
        .service
        .save_draft(
            &fixture.caller,
            draft_editing(&recent, "Yanis Récent-Durand"),
        )
        .expect("alice's draft");

    Scene {
        fixture,
        old,
        recent,
        no_placement,
        mixed,
        deleted: deleted.meta.id,
        old_placement,
    }
}

fn purge(fixture: &Fixture, dry_run: bool) -> PurgeReport {
    fixture
        .service
        .purge(
            &fixture.caller,
            &PurgeRequest {
                dry_run,
                after_school_years: 2,
            },
        )
        .expect("an admin purges")
}

fn ids(learners: &[PurgedLearner]) -> BTreeSet<u64> {
    learners.iter().map(|l| l.id.0).collect()
}

fn whole_trail(service: &Service, caller: &Caller) -> Vec<passerelle::domain::audit::AuditEntry> {
    service
        .audit(
            caller,
            &AuditRequest {
                limit: 10_000,
                ..AuditRequest::default()
            },
        )
        .expect("the trail")
        .entries
}

fn learner_names(fixture: &Fixture) -> Vec<String> {
    fixture
        .service
        .list(&fixture.caller, &ListRequest::first_page(Kind::Learner, 50))
        .expect("listed")
        .rows
        .into_iter()
        .map(|row| row.label)
        .collect()
}

#[test]
fn a_dry_run_names_the_learners_due_by_number_and_changes_nothing() {
    let scene = scene();
    let fixture = &scene.fixture;
    let trail_before = whole_trail(&fixture.service, &fixture.caller).len();
    let names_before = learner_names(fixture);

    let report = purge(fixture, true);
    assert!(report.dry_run);
    assert_eq!(report.school_year, SchoolYear::starting(2026));
    assert_eq!(report.last_year_due, SchoolYear::starting(2023));
    assert_eq!(
        report.learners,
        vec![
            PurgedLearner {
                id: scene.old.meta.id,
                last_activity: SchoolYear::starting(2023),
            },
            PurgedLearner {
                id: scene.no_placement.meta.id,
                last_activity: SchoolYear::starting(2022),
            },
        ]
    );
    assert_eq!(
        report.deleted_learners,
        vec![PurgedLearner {
            id: scene.deleted,
            last_activity: SchoolYear::starting(2021),
        }]
    );
    assert_eq!(report.drafts_discarded, 1);
    assert_eq!(report.already_anonymised, 0);
    // Nothing is named: the report may be kept.
    let json = serde_json::to_string(&report).expect("json");
    for name in [OLD_NAME, NO_PLACEMENT_NAME, DELETED_NAME] {
        assert!(!json.contains(name), "{json}");
    }

    // Nothing changed, not even the trail.
    assert_eq!(
        whole_trail(&fixture.service, &fixture.caller).len(),
        trail_before
    );
    assert_eq!(learner_names(fixture), names_before);
    let old: Learner = fixture.read(RecordRef::new(Kind::Learner, scene.old.meta.id));
    assert_eq!(old.name, OLD_NAME);
    assert_eq!(
        fixture
            .service
            .drafts(&caller("bob"))
            .expect("drafts")
            .len(),
        1
    );

    // With N = 1, 2024-2025 is due too.
    let wider = fixture
        .service
        .purge(
            &fixture.caller,
            &PurgeRequest {
                dry_run: true,
                after_school_years: 1,
            },
        )
        .expect("purged");
    assert_eq!(
        ids(&wider.learners),
        BTreeSet::from([
            scene.old.meta.id.0,
            scene.recent.meta.id.0,
            scene.no_placement.meta.id.0
        ])
    );
}

#[test]
fn a_purge_anonymises_exactly_the_learners_due_and_keeps_counts_links_and_consistency() {
    let scene = scene();
    let fixture = &scene.fixture;
    let status_before = fixture.service.status(&fixture.caller).expect("status");
    let trail_before = whole_trail(&fixture.service, &fixture.caller).len();

    let report = purge(fixture, false);
    assert!(!report.dry_run);
    assert_eq!(
        ids(&report.learners),
        BTreeSet::from([scene.old.meta.id.0, scene.no_placement.meta.id.0])
    );
    assert_eq!(
        ids(&report.deleted_learners),
        BTreeSet::from([scene.deleted.0])
    );
    assert_eq!(report.drafts_discarded, 1);

    // The name gone (needs and notes: read unmasked below), the rest
    // kept; the confidentiality mark stays.
    let old: Learner = fixture.read(RecordRef::new(Kind::Learner, scene.old.meta.id));
    assert_eq!(old.name, ANONYMISED_NAME);
    assert!(old.meta.confidentiality.confidential);
    assert_eq!(
        (old.level, old.school, old.school_year),
        (scene.old.level, scene.old.school, scene.old.school_year)
    );
    assert_eq!(old.meta.revision, scene.old.meta.revision + 1);
    assert_eq!(old.meta.updated_by, "alice");
    // Its placement still points at it, unchanged.
    let stage: Placement =
        fixture.read(RecordRef::new(Kind::Placement, scene.old_placement.meta.id));
    assert_eq!(stage, scene.old_placement);
    let no_placement: Learner =
        fixture.read(RecordRef::new(Kind::Learner, scene.no_placement.meta.id));
    assert_eq!(no_placement.name, ANONYMISED_NAME);
    // The others are untouched.
    for kept in [&scene.recent, &scene.mixed] {
        let now: Learner = fixture.read(RecordRef::new(Kind::Learner, kept.meta.id));
        assert_eq!(&now, kept);
    }

    // Counts for reports unchanged.
    let status_after = fixture.service.status(&fixture.caller).expect("status");
    assert_eq!(status_after.counts, status_before.counts);
    assert_eq!(
        status_after.placements.by_status,
        status_before.placements.by_status
    );
    assert_eq!(
        status_after.placements.pending,
        status_before.placements.pending
    );

    // One audit entry per learner anonymised, live or deleted.
    let trail = whole_trail(&fixture.service, &fixture.caller);
    assert_eq!(trail.len(), trail_before + 3);
    let anonymised: BTreeSet<(u64, u64)> = trail
        .iter()
        .filter_map(|entry| match entry.action {
            AuditAction::Anonymised { target, revision } => {
                assert_eq!(target.kind, Kind::Learner);
                assert_eq!(entry.account, "alice");
                Some((target.id.0, revision))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        anonymised,
        BTreeSet::from([
            (scene.old.meta.id.0, old.meta.revision),
            (scene.no_placement.meta.id.0, no_placement.meta.revision),
            (scene.deleted.0, 1),
        ])
    );

    // Indexes and counters agree with the records.
    let check = fixture.service.check(&fixture.caller).expect("checked");
    assert!(check.is_clean(), "{:?}", check.problems);

    // The old names are found nowhere.
    for name in [OLD_NAME, "zoe", NO_PLACEMENT_NAME] {
        let found = fixture
            .service
            .find(
                &fixture.caller,
                &FindRequest {
                    text: name.to_owned(),
                    limit: 50,
                },
            )
            .expect("found");
        assert!(found.matches.is_empty(), "{name}: {:?}", found.matches);
        for kind in [Kind::Learner, Kind::Placement] {
            let mut filtered = ListRequest::first_page(kind, 50);
            filtered.text = name.to_owned();
            let listed = fixture
                .service
                .list(&fixture.caller, &filtered)
                .expect("listed");
            assert!(listed.rows.is_empty(), "{kind} {name}: {:?}", listed.rows);
        }
    }
    // The anonymised placement is listed under the marker.
    let mut marked = ListRequest::first_page(Kind::Placement, 50);
    marked.text = "anonymise".to_owned();
    let listed = fixture
        .service
        .list(&fixture.caller, &marked)
        .expect("listed");
    assert_eq!(listed.rows.len(), 1);
    assert_eq!(listed.rows[0].label, ANONYMISED_NAME);

    // Bob's draft of the purged learner is gone, alice's of a kept one stays.
    assert!(
        fixture
            .service
            .drafts(&caller("bob"))
            .expect("drafts")
            .is_empty()
    );
    assert_eq!(
        fixture
            .service
            .drafts(&fixture.caller)
            .expect("drafts")
            .len(),
        1
    );

    // A second run finds nothing more to do.
    let again = purge(fixture, false);
    assert!(again.learners.is_empty() && again.deleted_learners.is_empty());
    assert_eq!(again.drafts_discarded, 0);
    assert_eq!(again.already_anonymised, 3);
    assert_eq!(
        whole_trail(&fixture.service, &fixture.caller).len(),
        trail_before + 3
    );

    // As stored: needs and notes are gone too.
    let (dir, store) = scene.fixture.into_store();
    for id in [scene.old.meta.id, scene.no_placement.meta.id] {
        let Some(Record::Learner(stored)) =
            store.get(RecordRef::new(Kind::Learner, id)).expect("read")
        else {
            panic!("learner {id} kept")
        };
        assert!(stored.is_anonymised(), "{stored:?}");
        assert_eq!(
            stored.sensitive,
            Restricted::Clear(passerelle::domain::records::SensitiveNeeds::default())
        );
        assert_eq!(stored.notes, Restricted::Clear(String::new()));
    }
    // Neither the trail, the deleted version nor a draft keeps the
    // names: the rename was written after the rule changed.
    let tombstone = store
        .tombstone(RecordRef::new(Kind::Learner, scene.deleted))
        .expect("read")
        .expect("kept for restoring");
    let Record::Learner(tombstone) = tombstone else {
        panic!("a learner")
    };
    assert!(tombstone.is_anonymised());
    drop(store);
    let raw = common::open_raw(dir.path());
    for tree in ["audit", "tombstones", "drafts"] {
        for item in raw.open_tree(tree).expect("tree").iter() {
            let (_, bytes) = item.expect("read");
            let text = String::from_utf8_lossy(&bytes);
            for name in [OLD_NAME, FIRST_NAME, NO_PLACEMENT_NAME, DELETED_NAME] {
                assert!(!text.contains(name), "{name} in {tree}");
            }
        }
    }
}

#[test]
fn only_admins_purge_and_the_refusal_says_why() {
    let scene = scene();
    let fixture = &scene.fixture;
    let trail_before = whole_trail(&fixture.service, &fixture.caller).len();
    for account in ["bob", "carol"] {
        let refused = fixture
            .service
            .purge(
                &caller(account),
                &PurgeRequest {
                    dry_run: true,
                    after_school_years: 2,
                },
            )
            .expect_err("not an admin");
        assert!(
            matches!(
                &refused,
                ServiceError::NotAllowed(NotAllowed::AdminOnly {
                    task: AdminTask::Purge,
                    ..
                })
            ),
            "{refused:?}"
        );
        let message = service_error(&refused, Lang::Fr);
        assert!(
            message.contains("Seuls les administrateurs purgent"),
            "{message}"
        );
        assert!(message.contains("Alice (alice)"), "{message}");
        let message = service_error(&refused, Lang::En);
        assert!(message.contains("Only administrators purge"), "{message}");
    }
    // Through the protocol too.
    let refused = fixture.service.handle(
        &caller("bob"),
        Request::Purge(PurgeRequest {
            dry_run: false,
            after_school_years: 2,
        }),
    );
    assert!(matches!(refused, Err(ServiceError::NotAllowed(_))));
    let answered = fixture
        .service
        .handle(
            &fixture.caller,
            Request::Purge(PurgeRequest {
                dry_run: true,
                after_school_years: 2,
            }),
        )
        .expect("an admin");
    assert!(matches!(answered, Response::Purged(report) if report.learners.len() == 2));
    // A delay of 0 is refused: it would take last year's learners.
    assert!(matches!(
        fixture.service.purge(
            &fixture.caller,
            &PurgeRequest {
                dry_run: true,
                after_school_years: 0,
            },
        ),
        Err(ServiceError::BadRequest(_))
    ));
    assert_eq!(
        whole_trail(&fixture.service, &fixture.caller).len(),
        trail_before
    );
    let old: Learner = fixture.read(RecordRef::new(Kind::Learner, scene.old.meta.id));
    assert_eq!(old.name, OLD_NAME);
}

// --- Through the binary -------------------------------------------------

/// A store made by the account running the tests (so the binary's
/// caller is its admin), with one learner last active five school years
/// ago and one active this year, on the real clock.
fn binary_store() -> (tempfile::TempDir, RecordId, RecordId) {
    let dir = tempfile::tempdir().expect("tempdir");
    let me = Caller::current_process(FrontEnd::Cli);
    let store = Store::open(
        &dir.path().join("store"),
        &OpenOptions::new(me.account.clone()),
    )
    .expect("opens");
    let service = Service::new(store).with_clock(Clock::System);
    let save = |record: Record| {
        service
            .save(&me, passerelle::service::save::SaveRequest { record })
            .expect("saved")
            .record
    };
    let lycee = save(school("0750655E", "Lycée Henri IV").into());
    let current = SchoolYear::containing(Clock::System.today());
    let long_ago = current.start_year() - 5;
    let mut old = learner(lycee.id(), OLD_NAME);
    old.school_year = SchoolYear::starting(long_ago);
    old.sensitive = Restricted::Clear(sensitive_needs());
    let old = save(old.into());
    save(
        placement(
            old.id(),
            lycee.id(),
            day(long_ago + 1, 1, 5),
            day(long_ago + 1, 1, 23),
        )
        .into(),
    );
    let mut active = learner(lycee.id(), "Yanis Récent");
    active.school_year = current;
    let active = save(active.into());
    let today = Clock::System.today();
    save(
        placement(
            active.id(),
            lycee.id(),
            today,
            today + chrono::Duration::days(10),
        )
        .into(),
    );
    drop(service);
    (dir, old.id(), active.id())
}

/// Runs the binary on the store in `dir`, with the configuration of
/// `dir/config` (never the person's own).
fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--store")
        .arg(dir.join("store"))
        .args(args)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("PASSERELLE_DIRECT", "1")
        .env_remove("PASSERELLE_LANG")
        .env_remove("PASSERELLE_STORE")
        .output()
        .expect("the binary runs")
}

#[test]
fn the_binary_purges_after_a_dry_run_without_naming_anyone() {
    let (dir, old, active) = binary_store();
    let last_active =
        SchoolYear::starting(SchoolYear::containing(Clock::System.today()).start_year() - 5);

    let dry = run(dir.path(), &["purge", "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let text = stdout(&dry);
    assert!(text.contains("rien n'a été modifié"), "{text}");
    assert!(
        text.contains(&format!(
            "apprenant n° {old} — dernière activité {last_active}"
        )),
        "{text}"
    );
    assert!(!text.contains(&format!("n° {active} ")), "{text}");
    assert!(!text.contains("Zoé") && !text.contains("Yanis"), "{text}");

    let dry = run(
        dir.path(),
        &["purge", "--dry-run", "--json", "--lang", "en"],
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    let report = json(&dry);
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["after_school_years"], 2);
    assert_eq!(report["learners"][0]["id"], old.0);
    assert_eq!(
        report["learners"][0]["last_activity"],
        last_active.to_string()
    );
    assert_eq!(report["learners"].as_array().map(Vec::len), Some(1));

    // The configuration's delay holds unless the flag says otherwise.
    std::fs::create_dir_all(dir.path().join("config/passerelle")).expect("config dir");
    std::fs::write(
        dir.path().join("config/passerelle/config.toml"),
        "purge_after_school_years = 6\n",
    )
    .expect("config written");
    let kept_longer = json(&run(dir.path(), &["purge", "--dry-run", "--json"]));
    assert_eq!(kept_longer["after_school_years"], 6);
    assert_eq!(kept_longer["learners"].as_array().map(Vec::len), Some(0));
    let overridden = json(&run(
        dir.path(),
        &["purge", "--dry-run", "--json", "--after-school-years", "3"],
    ));
    assert_eq!(overridden["learners"].as_array().map(Vec::len), Some(1));
    let refused = run(dir.path(), &["purge", "--after-school-years", "0"]);
    assert_eq!(refused.status.code(), Some(2));

    // The dry runs changed nothing.
    let shown = run(dir.path(), &["show", "learner", &old.to_string(), "--json"]);
    assert_eq!(json(&shown)["record"]["learner"]["name"], OLD_NAME);

    let done = run(dir.path(), &["purge", "--after-school-years", "3"]);
    assert!(done.status.success(), "{}", stderr(&done));
    let text = stdout(&done);
    assert!(text.contains("1 apprenant anonymisé"), "{text}");
    assert!(!text.contains("Zoé"), "{text}");
    let shown = json(&run(
        dir.path(),
        &["show", "learner", &old.to_string(), "--json"],
    ));
    assert_eq!(shown["record"]["learner"]["name"], ANONYMISED_NAME);

    let again = run(
        dir.path(),
        &["purge", "--json", "--after-school-years", "3"],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    let again = json(&again);
    assert_eq!(again["dry_run"], false);
    assert_eq!(again["learners"].as_array().map(Vec::len), Some(0));
    assert_eq!(again["already_anonymised"], 1);

    let check = run(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    let audit = run(dir.path(), &["audit", "--kind", "learner", "--json"]);
    let audit = stdout(&audit);
    assert!(audit.contains("anonymised"), "{audit}");
    assert!(!audit.contains("Zoé"), "{audit}");
}

#[test]
fn a_purge_removes_the_consent_of_the_learners_it_anonymises_and_keeps_the_others() {
    use passerelle::domain::consent::ConsentUse;
    use passerelle::service::consent::ConsentInput;
    use passerelle::service::get::RecordKey;
    let scene = scene();
    let alice = caller("alice");
    let consent = |learner: &Learner| {
        scene
            .fixture
            .service
            .record_consent(
                &alice,
                &RecordKey::Id(RecordRef::new(Kind::Learner, learner.meta.id)),
                ConsentInput {
                    given_by: "Mme Tutrice, responsable légale".into(),
                    given_on: day(2024, 9, 2),
                    uses: vec![ConsentUse::Report],
                },
            )
            .expect("consent recorded")
    };
    consent(&scene.old);
    consent(&scene.recent);
    let dry = purge(&scene.fixture, true);
    assert_eq!(dry.consents_removed, 1);
    let done = purge(&scene.fixture, false);
    assert_eq!(done.consents_removed, 1);
    let consent_of = |learner: &Learner| {
        scene
            .fixture
            .service
            .get(
                &alice,
                &RecordKey::Id(RecordRef::new(Kind::Learner, learner.meta.id)),
            )
            .expect("get")
            .consent
    };
    assert_eq!(
        consent_of(&scene.old),
        None,
        "who consented is gone with the name"
    );
    assert!(consent_of(&scene.recent).is_some());
    let target = RecordRef::new(Kind::Learner, scene.old.meta.id);
    assert!(
        whole_trail(&scene.fixture.service, &alice)
            .iter()
            .any(|entry| entry.action
                == passerelle::domain::audit::AuditAction::ConsentWithdrawn { target })
    );
    assert!(
        scene
            .fixture
            .service
            .check(&alice)
            .expect("check")
            .is_clean()
    );
}
