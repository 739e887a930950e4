//! Deleting: what blocks it, what it keeps.

use super::*;

#[test]
fn a_school_cannot_be_deleted_while_a_placement_points_at_it() {
    let fixture = Fixture::new();
    // The learner belongs to another school: only the placement blocks.
    let home = fixture.create(school("0750655E", "Lycée Henri IV"));
    let host = fixture.create(school("0941018W", "Lycée Marcelin Berthelot"));
    let pupil = fixture.create(learner(home.meta.id, "Inès Martin"));
    let stage = fixture.create(placement(
        pupil.meta.id,
        host.meta.id,
        day(2027, 1, 11),
        day(2027, 1, 22),
    ));

    let request = DeleteRequest {
        target: school_ref(host.meta.id),
        revision: Some(host.meta.revision),
    };
    match fixture.service.delete(&fixture.caller, &request) {
        Err(ServiceError::Referenced {
            target,
            dependents,
            total,
        }) => {
            assert_eq!(target, school_ref(host.meta.id));
            assert_eq!(total, 1);
            assert_eq!(dependents.len(), 1);
            assert_eq!(dependents[0].reference, placement_ref(stage.meta.id));
            assert_eq!(dependents[0].label, "Inès Martin");
        }
        other => panic!("expected Referenced, got {other:?}"),
    }
    assert!(fixture.get(RecordKey::Id(school_ref(host.meta.id))).is_ok());

    let removed = fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target: placement_ref(stage.meta.id),
                revision: Some(1),
            },
        )
        .expect("nothing points at the placement");
    assert_eq!(removed.label, "Inès Martin");

    let removed = fixture
        .service
        .delete(&fixture.caller, &request)
        .expect("nothing points at the school any more");
    assert_eq!(removed.deleted, school_ref(host.meta.id));
    assert_eq!(removed.label, "Lycée Marcelin Berthelot (0941018W)");
    assert!(matches!(
        fixture.get(RecordKey::Id(school_ref(host.meta.id))),
        Err(ServiceError::NotFound { .. })
    ));
    // Its UAI is free again.
    assert!(matches!(
        fixture.get(RecordKey::Uai(uai("0941018W"))),
        Err(ServiceError::NotFound { .. })
    ));
    fixture.create(school("0941018W", "Lycée Marcelin Berthelot"));

    // Saving the deleted school again is refused.
    let mut gone = host.clone();
    gone.name = "Lycée fantôme".to_owned();
    assert!(matches!(
        fixture.save(gone),
        Err(ServiceError::NotFound {
            kind: Kind::School,
            ..
        })
    ));
}

#[test]
fn a_placement_moved_to_another_school_no_longer_blocks_the_first() {
    let fixture = Fixture::new();
    let home = fixture.create(school("0750655E", "Lycée Henri IV"));
    let first = fixture.create(school("0941018W", "Lycée Marcelin Berthelot"));
    let second = fixture.create(school("0930122C", "Lycée Paul Éluard"));
    let pupil = fixture.create(learner(home.meta.id, "Inès Martin"));
    let mut stage = fixture.create(placement(
        pupil.meta.id,
        first.meta.id,
        day(2027, 1, 11),
        day(2027, 1, 22),
    ));
    stage.school = second.meta.id;
    let stage = fixture.create(stage);

    let first_detail = fixture
        .get(RecordKey::Id(school_ref(first.meta.id)))
        .expect("the first school exists");
    assert!(first_detail.dependents.is_empty());
    let second_detail = fixture
        .get(RecordKey::Id(school_ref(second.meta.id)))
        .expect("the second school exists");
    assert_eq!(second_detail.dependents.len(), 1);
    assert_eq!(
        second_detail.dependents[0].shown[0].reference,
        placement_ref(stage.meta.id)
    );
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target: school_ref(first.meta.id),
                revision: None,
            },
        )
        .expect("nothing points at the first school any more");

    // The placement now counts in Créteil.
    let creteil = list(
        &fixture,
        &ListRequest {
            academie: Some(Academie::Creteil),
            ..ListRequest::first_page(Kind::Placement, 10)
        },
    );
    assert_eq!(creteil.rows.len(), 1);
    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn deleting_with_a_stale_revision_is_a_conflict() {
    let fixture = Fixture::new();
    let mut lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    lycee.name = "Lycée Henri-IV".to_owned();
    let current = fixture.create(lycee);

    let stale = DeleteRequest {
        target: school_ref(current.meta.id),
        revision: Some(1),
    };
    match fixture.service.delete(&fixture.caller, &stale) {
        Err(ServiceError::Conflict { current: shown }) => {
            assert_eq!(*shown, Record::School(current.clone()));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(
        fixture
            .get(RecordKey::Id(school_ref(current.meta.id)))
            .is_ok()
    );

    assert!(matches!(
        fixture.service.delete(
            &fixture.caller,
            &DeleteRequest {
                target: school_ref(RecordId(42)),
                revision: None,
            }
        ),
        Err(ServiceError::NotFound { .. })
    ));
}
