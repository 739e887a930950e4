//! `show learner KEY --subject-access`: everything held on one learner
//! (record unmasked, school, placements with company and tutor, deleted
//! placements, audit entries, drafts of any account), for admins only,
//! audited; through the service, then through the real binary.

use crate::common;
use crate::common::json;

use chrono::{DateTime, Utc};

use common::{
    Fixture, caller, company, contact, day, learner, placement, school, sensitive_needs, siret,
    stderr, stdout,
};
use passerelle::domain::audit::{AuditAction, FrontEnd};
use passerelle::domain::draft::Draft;
use passerelle::domain::records::{Learner, Placement, Record};
use passerelle::domain::status::PlacementStatus;
use passerelle::domain::validation::Field;
use passerelle::domain::{Kind, RecordRef, Restricted};
use passerelle::i18n::Lang;
use passerelle::i18n::messages::service_error;
use passerelle::service::delete::DeleteRequest;
use passerelle::service::get::RecordKey;
use passerelle::service::protocol::{Request, Response};
use passerelle::service::save::SaveRequest;
use passerelle::service::subject_access::SubjectAccessReport;
use passerelle::service::{AdminTask, Caller, Clock, NotAllowed, Service, ServiceError};
use passerelle::store::{OpenOptions, Store};

const NOTE: &str = "appeler la famille avant la visite";
const PLACEMENT_NOTE: &str = "tuteur prévenu du PAI";

struct Scene {
    fixture: Fixture,
    pupil: Learner,
    stage: Placement,
    deleted_stage: RecordRef,
    other: Learner,
}

fn draft(kind: Kind, editing: RecordRef, value: &str) -> Draft {
    Draft {
        id: None,
        kind,
        editing: Some((editing.id, 1)),
        purpose: String::new(),
        values: vec![(Field::Name, value.to_owned())],
        focus: 0,
        saved_at: DateTime::<Utc>::UNIX_EPOCH,
    }
}

/// alice admin, bob coordinator, carol reader; a confidential learner
/// (needs, notes), renamed once, with a placement (company, tutor,
/// notes) and a deleted one; bob's draft editing the learner; another
/// learner with a placement and a draft, which the report leaves out.
fn scene() -> Scene {
    let fixture = Fixture::new();
    fixture.write_users(
        "[users.alice]\nname = \"Alice\"\norganisation = \"paris\"\nrole = \"admin\"\n\n\
         [users.bob]\nname = \"Bob\"\norganisation = \"creteil\"\nrole = \"coordinator\"\n\n\
         [users.carol]\nname = \"Carol\"\norganisation = \"versailles\"\nrole = \"reader\"\n",
    );
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));
    let tutor = fixture.create(contact(firm.meta.id, "Paul Tuteur"));
    let mut pupil = learner(lycee.meta.id, "Inès Martin");
    pupil.sensitive = Restricted::Clear(sensitive_needs());
    pupil.notes = Restricted::Clear(NOTE.to_owned());
    let mut pupil: Learner = fixture.create(pupil);
    pupil.name = "Inès Martin-Diallo".to_owned();
    let pupil = fixture.create(pupil);

    let mut stage = placement(
        pupil.meta.id,
        lycee.meta.id,
        day(2027, 1, 11),
        day(2027, 1, 22),
    );
    stage.company = Some(firm.meta.id);
    stage.tutor = Some(tutor.meta.id);
    stage.status = PlacementStatus::CompanyProposed;
    stage.notes = Restricted::Clear(PLACEMENT_NOTE.to_owned());
    let stage: Placement = fixture.create(stage);
    let gone: Placement = fixture.create(placement(
        pupil.meta.id,
        lycee.meta.id,
        day(2026, 3, 2),
        day(2026, 3, 13),
    ));
    let deleted_stage = RecordRef::new(Kind::Placement, gone.meta.id);
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target: deleted_stage,
                revision: None,
            },
        )
        .expect("deleted");

    let other: Learner = fixture.create(learner(lycee.meta.id, "Yanis Autre"));
    let other_stage: Placement = fixture.create(placement(
        other.meta.id,
        lycee.meta.id,
        day(2027, 2, 1),
        day(2027, 2, 12),
    ));

    let bob = caller("bob");
    fixture
        .service
        .save_draft(
            &bob,
            draft(
                Kind::Learner,
                RecordRef::new(Kind::Learner, pupil.meta.id),
                "Inès Martin-Diallo (typed)",
            ),
        )
        .expect("bob's draft");
    fixture
        .service
        .save_draft(
            &bob,
            draft(
                Kind::Placement,
                RecordRef::new(Kind::Placement, other_stage.meta.id),
                "someone else",
            ),
        )
        .expect("bob's other draft");
    Scene {
        fixture,
        pupil,
        stage,
        deleted_stage,
        other,
    }
}

fn report_of(scene: &Scene, account: &str) -> Result<SubjectAccessReport, ServiceError> {
    scene.fixture.service.subject_access(
        &caller(account),
        &RecordKey::Id(RecordRef::new(Kind::Learner, scene.pupil.meta.id)),
    )
}

#[test]
fn an_admin_gets_everything_held_unmasked_and_the_request_is_audited() {
    let scene = scene();
    let learner_ref = RecordRef::new(Kind::Learner, scene.pupil.meta.id);
    // Masked for everyone elsewhere, admins included.
    let shown: Learner = scene.fixture.read(learner_ref);
    assert!(shown.sensitive.is_masked());

    let report = report_of(&scene, "alice").expect("an admin");
    assert!(!report.deleted);
    assert_eq!(report.learner.name, "Inès Martin-Diallo");
    assert_eq!(
        report.learner.sensitive,
        Restricted::Clear(sensitive_needs())
    );
    assert_eq!(report.learner.notes, Restricted::Clear(NOTE.to_owned()));
    assert_eq!(
        report.school.as_ref().map(|s| s.label.as_str()),
        Some("Lycée Henri IV (0750655E)")
    );

    assert_eq!(report.placements.len(), 1);
    let held = &report.placements[0];
    assert_eq!(held.placement, scene.stage);
    assert_eq!(
        held.placement.notes,
        Restricted::Clear(PLACEMENT_NOTE.to_owned())
    );
    let labels: Vec<&str> = held.links.iter().map(|l| l.label.as_str()).collect();
    assert!(labels.contains(&"Boulangerie Dupain"), "{labels:?}");
    assert!(labels.contains(&"Paul Tuteur"), "{labels:?}");
    assert_eq!(report.deleted_placements.len(), 1);
    assert_eq!(
        report.deleted_placements[0].placement.meta.id,
        scene.deleted_stage.id
    );

    // The audit entries about the learner and its placements, newest
    // first, this request's own first; none about the other learner.
    let about: Vec<RecordRef> = report
        .audit
        .iter()
        .filter_map(|entry| entry.action.target())
        .collect();
    assert_eq!(about.len(), report.audit.len());
    assert!(matches!(
        report.audit[0].action,
        AuditAction::SubjectAccess { target } if target == learner_ref
    ));
    assert_eq!(report.audit[0].account, "alice");
    assert_eq!(report.audit[0].at, report.at);
    let count = |wanted: fn(&AuditAction) -> bool| {
        report.audit.iter().filter(|e| wanted(&e.action)).count()
    };
    assert_eq!(count(|a| matches!(a, AuditAction::Created { .. })), 3);
    assert_eq!(count(|a| matches!(a, AuditAction::Changed { .. })), 1);
    assert_eq!(count(|a| matches!(a, AuditAction::Deleted { .. })), 1);
    assert!(about.contains(&RecordRef::new(Kind::Placement, scene.stage.meta.id)));
    assert!(about.contains(&scene.deleted_stage));
    assert!(!about.contains(&RecordRef::new(Kind::Learner, scene.other.meta.id)));

    // Bob's draft of the learner, with what he typed; not his other one.
    assert_eq!(report.drafts.len(), 1);
    assert_eq!(report.drafts[0].account, "bob");
    assert_eq!(
        report.drafts[0].draft.values,
        vec![(Field::Name, "Inès Martin-Diallo (typed)".to_owned())]
    );

    // Each report is audited.
    let again = report_of(&scene, "alice").expect("again");
    assert_eq!(
        again
            .audit
            .iter()
            .filter(|e| matches!(e.action, AuditAction::SubjectAccess { .. }))
            .count(),
        2
    );
    // Through the protocol too.
    let answered = scene
        .fixture
        .service
        .handle(
            &caller("alice"),
            Request::SubjectAccess(RecordKey::Id(learner_ref)),
        )
        .expect("answered");
    assert!(
        matches!(answered, Response::SubjectAccess(report) if report.learner.meta.id == scene.pupil.meta.id)
    );
    let check = scene
        .fixture
        .service
        .check(&caller("alice"))
        .expect("check");
    assert!(check.is_clean(), "{:?}", check.problems);
}

#[test]
fn coordinators_and_readers_are_refused_with_the_rule_and_nothing_is_audited() {
    let scene = scene();
    let before = report_of(&scene, "alice").expect("admin").audit.len();
    for account in ["bob", "carol"] {
        let refused = report_of(&scene, account).expect_err("not an admin");
        assert!(
            matches!(
                &refused,
                ServiceError::NotAllowed(NotAllowed::AdminOnly {
                    task: AdminTask::SubjectAccess,
                    ..
                })
            ),
            "{refused:?}"
        );
        let message = service_error(&refused, Lang::Fr);
        assert!(
            message.contains("Seuls les administrateurs répondent à une demande de droit d'accès"),
            "{message}"
        );
        assert!(message.contains("Alice (alice)"), "{message}");
        assert!(!message.contains("suivi CASNAV"), "{message}");
        let message = service_error(&refused, Lang::En);
        assert!(
            message.contains("Only administrators answer a subject access request"),
            "{message}"
        );
    }
    let after = report_of(&scene, "alice").expect("admin").audit.len();
    // Only the admin's second report was added.
    assert_eq!(after, before + 1);
}

#[test]
fn another_kind_is_refused_and_a_deleted_learner_is_still_answered() {
    let scene = scene();
    let alice = caller("alice");
    assert!(matches!(
        scene.fixture.service.subject_access(
            &alice,
            &RecordKey::Id(RecordRef::new(Kind::Placement, scene.stage.meta.id)),
        ),
        Err(ServiceError::BadRequest(_))
    ));
    assert!(matches!(
        scene.fixture.service.subject_access(
            &alice,
            &RecordKey::Id(RecordRef::new(
                Kind::Learner,
                passerelle::domain::RecordId(99)
            )),
        ),
        Err(ServiceError::NotFound { .. })
    ));
    // A learner without placements, deleted: what its delete kept.
    let other = RecordRef::new(Kind::Learner, scene.other.meta.id);
    let other_placement = scene
        .fixture
        .service
        .get(&alice, &RecordKey::Id(other))
        .expect("other")
        .dependents
        .into_iter()
        .flat_map(|group| group.shown)
        .map(|linked| linked.reference)
        .next()
        .expect("its placement");
    for target in [other_placement, other] {
        scene
            .fixture
            .service
            .delete(
                &alice,
                &DeleteRequest {
                    target,
                    revision: None,
                },
            )
            .expect("deleted");
    }
    let report = scene
        .fixture
        .service
        .subject_access(&alice, &RecordKey::Id(other))
        .expect("answered");
    assert!(report.deleted);
    assert_eq!(report.learner.name, "Yanis Autre");
    assert!(report.placements.is_empty());
    assert_eq!(report.deleted_placements.len(), 1);
    // Bob's draft of that placement is held on this learner.
    assert_eq!(report.drafts.len(), 1);
}

// --- Through the binary -------------------------------------------------

/// A store made by the account running the tests (its admin), with a
/// confidential learner, a placement, and a draft whose typed text
/// holds an escape sequence.
fn binary_store() -> (tempfile::TempDir, u64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let me = Caller::current_process(FrontEnd::Cli);
    let store =
        Store::open(dir.path(), &OpenOptions::new(me.account.clone())).expect("the store opens");
    let service = Service::new(store).with_clock(Clock::System);
    let save = |record: Record| {
        service
            .save(&me, SaveRequest { record })
            .expect("saved")
            .record
    };
    let lycee = save(school("0750655E", "Lycée Henri IV").into());
    let mut pupil = learner(lycee.id(), "Inès Martin");
    pupil.sensitive = Restricted::Clear(sensitive_needs());
    pupil.notes = Restricted::Clear(NOTE.to_owned());
    let pupil = save(pupil.into());
    save(placement(pupil.id(), lycee.id(), day(2027, 1, 11), day(2027, 1, 22)).into());
    service
        .save_draft(
            &me,
            draft(
                Kind::Learner,
                pupil.reference(),
                "Inès \u{1b}[31mrouge\u{1b}[0m",
            ),
        )
        .expect("draft");
    drop(service);
    (dir, pupil.id().0)
}

#[test]
fn the_binary_prints_the_report_in_sections_and_as_json() {
    let (dir, id) = binary_store();
    let id = id.to_string();
    let output = common::passerelle(dir.path(), &["show", "learner", &id, "--subject-access"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "droit d'accès",
        "== Fiche de l'apprenant ==",
        "Inès Martin",
        "suivi CASNAV",
        NOTE,
        "== Stages (1) ==",
        "== Stages supprimés, gardés pour un rétablissement (0) ==",
        "== Entrées du journal (3) ==",
        "relevé de tout ce qui est détenu (droit d'accès) : apprenant n° ",
        "== Brouillons de saisie (de tout compte) (1) ==",
        "rouge",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    assert!(
        !text.contains('\u{1b}'),
        "an escape reached the terminal:\n{text}"
    );
    assert!(!text.contains("masqué"), "{text}");

    let output = common::passerelle(
        dir.path(),
        &[
            "show",
            "learner",
            &id,
            "--subject-access",
            "--json",
            "--lang",
            "en",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["learner"]["sensitive"]["note"], "suivi CASNAV");
    assert_eq!(report["learner"]["notes"], NOTE);
    assert_eq!(report["deleted"], false);
    assert_eq!(report["placements"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        report["drafts"][0]["draft"]["values"][0][1],
        "Inès \u{1b}[31mrouge\u{1b}[0m"
    );
    // Two reports, two entries.
    assert_eq!(
        report["audit"][0]["action"]["subject_access"]["target"]["kind"],
        "learner"
    );
    let audit = common::passerelle(dir.path(), &["audit", "--kind", "learner", "--key", &id]);
    assert_eq!(
        stdout(&audit)
            .matches("relevé de tout ce qui est détenu")
            .count(),
        2,
        "{}",
        stdout(&audit)
    );

    // Plain `show` still masks.
    let shown = common::passerelle(dir.path(), &["show", "learner", &id]);
    assert!(
        !stdout(&shown).contains("suivi CASNAV"),
        "{}",
        stdout(&shown)
    );

    // Another kind is refused before the store is read.
    let wrong = common::passerelle(
        dir.path(),
        &["show", "school", "0750655E", "--subject-access"],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("--subject-access ne vaut que pour un apprenant"),
        "{}",
        stderr(&wrong)
    );
    let wrong = common::passerelle(
        dir.path(),
        &["show", "placement", "1", "--subject-access", "--lang", "en"],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("is for a learner only"),
        "{}",
        stderr(&wrong)
    );

    // A coordinator is refused, with the rule and who to ask.
    let me = Caller::current_process(FrontEnd::Cli).account;
    std::fs::write(
        dir.path().join("users.toml"),
        format!(
            "[users.alice]\nname = \"Alice\"\nrole = \"admin\"\n\n[users.{me}]\nname = \"Me\"\norganisation = \"paris\"\nrole = \"coordinator\"\n"
        ),
    )
    .expect("users written");
    let refused = common::passerelle(dir.path(), &["show", "learner", &id, "--subject-access"]);
    assert_eq!(refused.status.code(), Some(4));
    let message = stderr(&refused);
    assert!(message.contains("droit d'accès"), "{message}");
    assert!(message.contains("Alice (alice)"), "{message}");
    assert!(stdout(&refused).is_empty());
    assert!(!message.contains("suivi CASNAV"), "{message}");
}
