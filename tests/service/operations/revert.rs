//! Undoing one's own last change.

use super::*;

#[test]
fn revert_puts_back_the_version_before_even_a_status_move_but_never_over_another_change() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let mut placement = requested(&setup, days_from_today(5));
    placement.company = Some(setup.company);
    placement.tutor = Some(setup.tutor);
    let mut placement = fixture.create(placement);
    let mut versions = Vec::new();
    for status in [
        PlacementStatus::CompanyProposed,
        PlacementStatus::AgreementSigned,
        PlacementStatus::UnderWay,
        PlacementStatus::Done,
    ] {
        versions.push(placement.clone());
        placement.status = status;
        if status == PlacementStatus::AgreementSigned {
            placement.signed_on = Some(today());
        }
        placement = fixture.create(placement);
    }
    let before_done = versions.last().expect("under way").clone();
    // A save may not take a done placement back…
    let mut back = before_done.clone();
    back.meta.revision = placement.meta.revision;
    assert!(fixture.save(back.clone()).is_err());
    // …but undoing one's own last change may.
    let reverted = fixture
        .service
        .revert(
            &fixture.caller,
            SaveRequest {
                record: back.clone().into(),
            },
        )
        .expect("reverted");
    match reverted.record {
        passerelle::domain::records::Record::Placement(p) => {
            assert_eq!(p.status, PlacementStatus::UnderWay);
            assert_eq!(p.meta.revision, placement.meta.revision + 1);
        }
        other => panic!("a placement: {other:?}"),
    }
    // Over a revision someone else made since: the conflict, as a save.
    assert!(matches!(
        fixture.service.revert(
            &fixture.caller,
            SaveRequest {
                record: back.into()
            }
        ),
        Err(ServiceError::Conflict { .. })
    ));
    // A record never stored has nothing to revert to.
    let new = requested(&setup, days_from_today(9));
    assert!(matches!(
        fixture
            .service
            .revert(&fixture.caller, SaveRequest { record: new.into() }),
        Err(ServiceError::BadRequest(_))
    ));
    assert!(
        fixture
            .service
            .check(&fixture.caller)
            .expect("check")
            .is_clean()
    );
}
