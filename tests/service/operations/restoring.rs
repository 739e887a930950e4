//! Putting back a deleted record.

use super::*;

#[test]
fn a_deleted_placement_is_restored_as_it_was() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let mut stage = requested(&setup, day(2026, 12, 7));
    stage.company = Some(setup.company);
    stage.status = PlacementStatus::CompanyProposed;
    let mut stage = fixture.create(stage);
    stage.tutor = Some(setup.tutor);
    stage.signed_on = Some(day(2026, 11, 20));
    stage.status = PlacementStatus::AgreementSigned;
    let stage = fixture.create(stage);
    fixture.create(requested(&setup, day(2027, 1, 11)));
    let target = placement_ref(stage.meta.id);
    let before = placement_surroundings(&fixture, target, &setup);
    let audited = fixture
        .service
        .check(&fixture.caller)
        .expect("check runs")
        .audit_entries;

    delete(&fixture, target);
    assert!(matches!(
        fixture.get(RecordKey::Id(target)),
        Err(ServiceError::NotFound { .. })
    ));
    let gone = placement_surroundings(&fixture, target, &setup);
    for (seen, (before, gone)) in before.iter().zip(&gone).enumerate() {
        assert_ne!(before, gone, "view {seen} shows the deletion");
    }
    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(report.tombstones, 1);

    let restored = restore(&fixture, target);
    let mut expected = stage.clone();
    expected.meta.revision = stage.meta.revision + 1;
    assert_eq!(restored, Record::Placement(expected.clone()));
    let stored: Placement = fixture.read(target);
    assert_eq!(stored, expected);
    assert_eq!(placement_surroundings(&fixture, target, &setup), before);

    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(report.tombstones, 0, "the tombstone is used up");
    assert_eq!(report.audit_entries, audited + 2);

    // The audit trail says who restored what, at which revision.
    let (dir, store) = fixture.into_store();
    drop(store);
    let raw = common::open_raw(dir.path());
    let (_, last) = raw
        .open_tree("audit")
        .expect("tree")
        .last()
        .expect("read")
        .expect("an entry");
    let entry: AuditEntry = codec::decode::<ChainedAuditEntry>(&last)
        .expect("decodes")
        .entry;
    assert_eq!(
        entry.action,
        AuditAction::Restored {
            target,
            revision: 3
        }
    );
    assert_eq!(entry.account, "alice");
}

#[test]
fn a_restored_confidential_record_is_masked_and_stored_whole() {
    let fixture = Fixture::new();
    let creteil = fixture.create(school("0930122C", "Lycée Paul Éluard"));
    let mut needs = learner(creteil.meta.id, "Amadou Diallo");
    needs.sensitive = Restricted::Clear(sensitive_needs());
    let saved = fixture.create(needs);
    let target = RecordRef::new(Kind::Learner, saved.meta.id);

    delete(&fixture, target);
    let response = fixture
        .service
        .handle(&fixture.caller, Request::Restore(target))
        .expect("restored");
    assert_eq!(Request::Restore(target).name(), "restore");
    let Response::Saved(saved_again) = response else {
        panic!("a restore answers Saved, got {response:?}");
    };
    let Record::Learner(shown) = saved_again.record else {
        panic!("a learner");
    };
    assert_eq!(shown.sensitive, Restricted::Masked);
    assert_eq!(shown.meta.revision, 2);

    let (_dir, store) = fixture.into_store();
    let Some(Record::Learner(stored)) = store.get(target).expect("read") else {
        panic!("the learner is stored");
    };
    assert_eq!(stored.sensitive, Restricted::Clear(sensitive_needs()));
}

#[test]
fn nothing_is_restored_where_nothing_was_deleted() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let live = school_ref(lycee.meta.id);
    assert_eq!(
        restore_refusal(&fixture, live),
        RestoreRefusal::NothingDeleted
    );
    assert_eq!(
        restore_refusal(&fixture, school_ref(RecordId(42))),
        RestoreRefusal::NothingDeleted
    );

    delete(&fixture, live);
    restore(&fixture, live);
    assert_eq!(
        restore_refusal(&fixture, live),
        RestoreRefusal::NothingDeleted,
        "a restore is done once"
    );
    let message = service_error(
        &ServiceError::CannotRestore {
            target: live,
            reason: RestoreRefusal::NothingDeleted,
        },
        Lang::Fr,
    );
    assert!(
        message.starts_with("Rien à rétablir pour établissement n° 1"),
        "{message}"
    );
}

#[test]
fn a_record_pointing_at_a_deleted_one_waits_for_it_to_be_restored() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let stage = fixture.create(requested(&setup, day(2027, 1, 11)));
    let (target, pupil) = (
        placement_ref(stage.meta.id),
        RecordRef::new(Kind::Learner, setup.learner),
    );
    delete(&fixture, target);
    delete(&fixture, pupil);

    assert_eq!(
        restore_refusal(&fixture, target),
        RestoreRefusal::LinkGone {
            role: LinkRole::Learner,
            target: pupil
        }
    );
    let message = service_error(
        &ServiceError::CannotRestore {
            target,
            reason: restore_refusal(&fixture, target),
        },
        Lang::Fr,
    );
    assert!(
        message.contains("apprenant n° 1, n'existe plus. Rétablissez-la d'abord"),
        "{message}"
    );
    assert!(matches!(
        fixture.get(RecordKey::Id(target)),
        Err(ServiceError::NotFound { .. })
    ));

    restore(&fixture, pupil);
    restore(&fixture, target);
    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(report.tombstones, 0);
}

#[test]
fn a_school_whose_uai_was_given_again_is_not_restored() {
    let fixture = Fixture::new();
    let first = fixture.create(school("0750655E", "Lycée Henri IV"));
    let target = school_ref(first.meta.id);
    delete(&fixture, target);
    let second = fixture.create(school("0750655E", "Lycée Henri-IV"));

    assert_eq!(
        restore_refusal(&fixture, target),
        RestoreRefusal::CodeTaken {
            holder: second.meta.id
        }
    );
    let message = service_error(
        &ServiceError::CannotRestore {
            target,
            reason: RestoreRefusal::CodeTaken {
                holder: second.meta.id,
            },
        },
        Lang::En,
    );
    assert_eq!(
        message,
        "Cannot restore school number 1: its UAI now belongs to school number 2."
    );
    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(report.tombstones, 1, "still kept, should the UAI be freed");
}

#[test]
fn a_placement_whose_tutor_left_its_company_is_not_restored() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let mut stage = requested(&setup, day(2027, 1, 11));
    stage.company = Some(setup.company);
    stage.tutor = Some(setup.tutor);
    stage.status = PlacementStatus::CompanyProposed;
    let stage = fixture.create(stage);
    delete(&fixture, placement_ref(stage.meta.id));

    let elsewhere = fixture.create(company(siret(2), "Garage Moreau"));
    let mut tutor: passerelle::domain::records::Contact =
        fixture.read(RecordRef::new(Kind::Contact, setup.tutor));
    tutor.organisation = ContactOrganisation::Company(elsewhere.meta.id);
    fixture.create(tutor);

    assert_eq!(
        invalid(
            fixture
                .service
                .restore(&fixture.caller, placement_ref(stage.meta.id))
        ),
        vec![field_error(Field::Tutor, Rule::TutorNotOfCompany)]
    );
}

#[test]
fn a_deleted_record_whose_id_is_in_use_is_not_restored() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let target = school_ref(lycee.meta.id);
    delete(&fixture, target);
    let Fixture { service, dir, .. } = fixture;
    drop(service);
    // The tombstone as the delete wrote it: kind, then id.
    let mut key = vec![Kind::School.ordinal()];
    key.extend_from_slice(&lycee.meta.id.0.to_be_bytes());
    let tombstone = {
        let raw = common::open_raw(dir.path());
        let bytes = raw
            .open_tree("tombstones")
            .expect("tree")
            .get(&key)
            .expect("read")
            .expect("the delete kept the school");
        bytes.to_vec()
    };
    let service = common::reopen_service(&dir, Clock::fixed_on(today()));
    service
        .restore(&caller("alice"), target)
        .expect("restored once");
    drop(service);
    {
        // A tombstone left beside the live record (a store put together
        // from two backups, say).
        let raw = common::open_raw(dir.path());
        raw.open_tree("tombstones")
            .expect("tree")
            .insert(&key, tombstone)
            .expect("put back");
        raw.flush().expect("flush");
    }
    let service = common::reopen_service(&dir, Clock::fixed_on(today()));
    assert_eq!(
        service.restore(&caller("alice"), target),
        Err(ServiceError::CannotRestore {
            target,
            reason: RestoreRefusal::IdInUse
        })
    );
    let report = service.check(&caller("alice")).expect("check runs");
    assert_eq!(
        report.problems,
        vec![Problem::TombstoneOfLiveRecord { record: target }]
    );
}

#[test]
fn check_finds_a_damaged_tombstone() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let target = school_ref(lycee.meta.id);
    delete(&fixture, target);
    let Fixture { service, dir, .. } = fixture;
    drop(service);
    {
        let raw = common::open_raw(dir.path());
        let tree = raw.open_tree("tombstones").expect("tree");
        let mut key = vec![Kind::School.ordinal()];
        key.extend_from_slice(&lycee.meta.id.0.to_be_bytes());
        tree.insert(&key, &[1, 0, 1, 0xFF][..]).expect("damage it");
        raw.flush().expect("flush");
    }
    let service = common::reopen_service(&dir, Clock::fixed_on(today()));
    let report = service.check(&caller("alice")).expect("check runs");
    assert!(
        matches!(
            report.problems.as_slice(),
            [Problem::DamagedTombstone { record: Some(r), .. }] if *r == target
        ),
        "{:?}",
        report.problems
    );
    assert!(matches!(
        service.restore(&caller("alice"), target),
        Err(ServiceError::Damaged { .. })
    ));
}

#[test]
fn check_finds_import_notes_of_no_record_or_unreadable() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let Fixture { service, dir, .. } = fixture;
    drop(service);
    let key = |id: u64| {
        let mut key = vec![Kind::School.ordinal()];
        key.extend_from_slice(&id.to_be_bytes());
        key
    };
    {
        let raw = common::open_raw(dir.path());
        let tree = raw.open_tree("imported").expect("tree");
        // A note for the lycée, of a revision it never reached.
        tree.insert(key(lycee.meta.id.0), &9u64.to_be_bytes()[..])
            .expect("damage it");
        // A note for a school that never was.
        tree.insert(key(4_242), &1u64.to_be_bytes()[..])
            .expect("damage it");
        raw.flush().expect("flush");
    }
    let service = common::reopen_service(&dir, Clock::fixed_on(today()));
    let report = service.check(&caller("alice")).expect("check runs");
    let lycee_ref = school_ref(lycee.meta.id);
    assert!(
        matches!(
            report.problems.as_slice(),
            [
                Problem::DamagedImportNote { record: Some(a), .. },
                Problem::ImportNoteOfNoRecord { record: b },
            ] if *a == lycee_ref && *b == school_ref(RecordId(4_242))
        ),
        "{:?}",
        report.problems
    );
}
