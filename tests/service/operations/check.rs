//! The consistency check finding what is wrong.

use super::*;

#[test]
fn check_finds_nothing_wrong_after_creates_updates_and_deletes() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let mut stage = requested(&setup, day(2027, 1, 11));
    stage.company = Some(setup.company);
    stage.status = PlacementStatus::CompanyProposed;
    let mut stage = fixture.create(stage);
    stage.tutor = Some(setup.tutor);
    stage.signed_on = Some(day(2026, 11, 20));
    stage.status = PlacementStatus::AgreementSigned;
    let stage = fixture.create(stage);

    let spare = fixture.create(requested(&setup, day(2027, 3, 1)));
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target: placement_ref(spare.meta.id),
                revision: Some(1),
            },
        )
        .expect("the spare placement goes");

    // An immersion without a school is in its company's académie, and
    // follows it when the company moves.
    fixture.create(immersion(
        setup.company,
        "Marc Lefèvre",
        day(2026, 10, 5),
        1,
        ImmersionStatus::Done,
    ));
    let mut firm: passerelle::domain::records::Company =
        fixture.read(RecordRef::new(Kind::Company, setup.company));
    firm.postal_code = common::postal_code("94000");
    fixture.create(firm);
    let immersions_in_creteil = list(
        &fixture,
        &ListRequest {
            academie: Some(Academie::Creteil),
            ..ListRequest::first_page(Kind::Immersion, 10)
        },
    );
    assert_eq!(labels(&immersions_in_creteil), ["Marc Lefèvre"]);

    let mut forum = event("Forum des métiers", days_from_today(2));
    forum.schools = vec![setup.school.meta.id];
    forum.companies = vec![setup.company];
    let forum = fixture.create(forum);
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target: RecordRef::new(Kind::Event, forum.meta.id),
                revision: None,
            },
        )
        .expect("the event goes");

    let firm_b = fixture.create(company(siret(2), "Garage Moreau"));
    let mut visit = immersion(
        firm_b.meta.id,
        "Claire Petit",
        day(2026, 11, 16),
        2,
        ImmersionStatus::Done,
    );
    visit.school = Some(setup.school.meta.id);
    fixture.create(visit);

    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
    assert!(report.records >= 8);
    assert!(report.audit_entries >= 10);
    assert_eq!(stage.meta.revision, 2);
}
