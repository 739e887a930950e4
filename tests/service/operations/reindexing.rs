//! Index entries following a record as it changes.

use super::*;

#[test]
fn a_school_moving_to_another_academie_takes_its_placements_along() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0750001", "Lycée Voltaire"));
    let pupil = fixture.create(learner(lycee.meta.id, "Inès Martin"));
    let stage = fixture.create(placement(
        pupil.meta.id,
        lycee.meta.id,
        day(2027, 1, 11),
        day(2027, 1, 22),
    ));
    let in_academie = |academie| {
        list(
            &fixture,
            &ListRequest {
                academie: Some(academie),
                ..ListRequest::first_page(Kind::Placement, 10)
            },
        )
    };
    assert_eq!(in_academie(Academie::Paris).rows.len(), 1);
    // A contact at the school and an immersion from it take the school's
    // académie too.
    fixture.create(common::contact_of(
        passerelle::domain::records::ContactOrganisation::School(lycee.meta.id),
        "Mme Proviseure",
    ));
    let firm = fixture.create(company_at(siret(1), "Garage Moreau", "78000"));
    let mut visit = immersion(
        firm.meta.id,
        "Claire Petit",
        day(2026, 11, 16),
        2,
        ImmersionStatus::Done,
    );
    visit.school = Some(lycee.meta.id);
    fixture.create(visit);

    let mut moved = lycee.clone();
    moved.uai = uai("0930001");
    moved.postal_code = common::postal_code("93200");
    let moved = fixture.create(moved);

    let creteil = in_academie(Academie::Creteil);
    assert_eq!(
        creteil
            .rows
            .iter()
            .map(|r| r.record.id())
            .collect::<Vec<_>>(),
        vec![stage.meta.id]
    );
    assert_eq!(creteil.matching, Some(1));
    let paris = in_academie(Academie::Paris);
    assert!(paris.rows.is_empty());
    assert_eq!(paris.matching, Some(0));
    // Learners follow too.
    let learners = list(
        &fixture,
        &ListRequest {
            academie: Some(Academie::Creteil),
            ..ListRequest::first_page(Kind::Learner, 10)
        },
    );
    assert_eq!(learners.rows.len(), 1);
    for kind in [Kind::Contact, Kind::Immersion] {
        let in_creteil = list(
            &fixture,
            &ListRequest {
                academie: Some(Academie::Creteil),
                ..ListRequest::first_page(kind, 10)
            },
        );
        assert_eq!(in_creteil.rows.len(), 1, "{kind}");
        assert_eq!(in_creteil.matching, Some(1), "{kind}");
    }

    // The old UAI no longer finds it; the new one does.
    assert!(fixture.get(RecordKey::Uai(uai("0750001"))).is_err());
    let found = fixture
        .get(RecordKey::Uai(uai("0930001")))
        .expect("found by its new UAI");
    assert_eq!(found.record.id(), moved.meta.id);

    let status = fixture.service.status(&fixture.caller).expect("status");
    let placements = status
        .counts
        .iter()
        .find(|c| c.kind == Kind::Placement)
        .expect("placements are counted");
    let creteil_count = placements
        .by_academie
        .iter()
        .find(|c| c.academie == Some(Academie::Creteil))
        .map(|c| c.count);
    assert_eq!(creteil_count, Some(1));

    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn renaming_a_learner_renames_its_placements_in_listings() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let other = fixture.create(learner(setup.school.meta.id, "Bruno Caron"));
    let stage = fixture.create(requested(&setup, day(2027, 1, 11)));
    fixture.create(placement(
        other.meta.id,
        setup.school.meta.id,
        day(2027, 1, 11),
        day(2027, 1, 22),
    ));
    let by_name = list(&fixture, &ListRequest::first_page(Kind::Placement, 10));
    assert_eq!(labels(&by_name), ["Bruno Caron", "Inès Martin"]);

    let mut renamed: passerelle::domain::records::Learner =
        fixture.read(RecordRef::new(Kind::Learner, setup.learner));
    renamed.name = "Agathe Martin".to_owned();
    fixture.create(renamed);

    let found = list(&fixture, &with_text(Kind::Placement, "agathe"));
    assert_eq!(
        found.rows.iter().map(|r| r.record.id()).collect::<Vec<_>>(),
        vec![stage.meta.id]
    );
    assert!(
        list(&fixture, &with_text(Kind::Placement, "ines"))
            .rows
            .is_empty()
    );
    let by_name = list(&fixture, &ListRequest::first_page(Kind::Placement, 10));
    assert_eq!(labels(&by_name), ["Agathe Martin", "Bruno Caron"]);

    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
}
