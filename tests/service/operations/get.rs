//! Getting a record with what it points at and what points at it.

use super::*;

#[test]
fn a_record_is_found_by_id_uai_or_siret() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let firm = fixture.create(company(siret(3), "Boulangerie Dupain"));

    let by_id = fixture
        .get(RecordKey::Id(school_ref(lycee.meta.id)))
        .expect("found by id");
    assert_eq!(by_id.record, Record::School(lycee.clone()));
    assert_eq!(by_id.label, "Lycée Henri IV (0750655E)");

    let by_uai = fixture
        .get(RecordKey::Uai(uai("0750655E")))
        .expect("found by UAI");
    assert_eq!(by_uai.record, Record::School(lycee));

    let by_siret = fixture
        .get(RecordKey::Siret(siret(3)))
        .expect("found by SIRET");
    assert_eq!(by_siret.record, Record::Company(firm));
    assert_eq!(by_siret.label, "Boulangerie Dupain");

    let parsed = RecordKey::parse(Kind::School, "0750655e").expect("a UAI");
    assert!(fixture.get(parsed).is_ok());
}

#[test]
fn a_placement_names_its_learner_school_company_and_tutor() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let mut stage = requested(&setup, day(2027, 1, 11));
    stage.company = Some(setup.company);
    stage.tutor = Some(setup.tutor);
    stage.status = PlacementStatus::CompanyProposed;
    let stage = fixture.create(stage);

    let response = fixture
        .get(RecordKey::Id(placement_ref(stage.meta.id)))
        .expect("the placement exists");
    assert_eq!(response.label, "Inès Martin");
    let links: Vec<(Option<LinkRole>, RecordRef, &str)> = response
        .links
        .iter()
        .map(|l| (l.role, l.reference, l.label.as_str()))
        .collect();
    assert_eq!(
        links,
        vec![
            (
                Some(LinkRole::Learner),
                RecordRef::new(Kind::Learner, setup.learner),
                "Inès Martin"
            ),
            (
                Some(LinkRole::School),
                school_ref(setup.school.meta.id),
                "Lycée Henri IV (0750655E)"
            ),
            (
                Some(LinkRole::Company),
                RecordRef::new(Kind::Company, setup.company),
                "Boulangerie Dupain"
            ),
            (
                Some(LinkRole::Tutor),
                RecordRef::new(Kind::Contact, setup.tutor),
                "Paul Dupain"
            ),
        ]
    );
    assert!(response.dependents.is_empty());

    // A listing row names what a list shows beside a placement: its
    // learner and its company.
    let listed = list(&fixture, &ListRequest::first_page(Kind::Placement, 10));
    assert_eq!(listed.rows[0].label, "Inès Martin");
    let shown: Vec<&LinkedRecord> = response
        .links
        .iter()
        .filter(|l| matches!(l.role, Some(LinkRole::Learner | LinkRole::Company)))
        .collect();
    assert_eq!(listed.rows[0].links.iter().collect::<Vec<_>>(), shown);
}

#[test]
fn a_school_shows_its_dependents_grouped_by_kind() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let other = fixture.create(school("0941018W", "Lycée Marcelin Berthelot"));
    let ines = fixture.create(learner(lycee.meta.id, "Inès Martin"));
    let louis = fixture.create(learner(lycee.meta.id, "Louis Bernard"));
    fixture.create(learner(other.meta.id, "Léa Roux"));
    for (pupil, start) in [
        (ines.meta.id, day(2027, 1, 11)),
        (louis.meta.id, day(2027, 1, 11)),
        (louis.meta.id, day(2027, 5, 3)),
    ] {
        fixture.create(placement(
            pupil,
            lycee.meta.id,
            start,
            start + chrono::Duration::days(11),
        ));
    }

    let response = fixture
        .get(RecordKey::Id(school_ref(lycee.meta.id)))
        .expect("the school exists");
    let groups: Vec<(Kind, usize, usize)> = response
        .dependents
        .iter()
        .map(|g| (g.kind, g.total, g.shown.len()))
        .collect();
    assert_eq!(groups, vec![(Kind::Learner, 2, 2), (Kind::Placement, 3, 3)]);
    let mut learner_names: Vec<&str> = response.dependents[0]
        .shown
        .iter()
        .map(|l| l.label.as_str())
        .collect();
    learner_names.sort();
    assert_eq!(learner_names, ["Inès Martin", "Louis Bernard"]);
    assert!(
        response
            .dependents
            .iter()
            .flat_map(|g| &g.shown)
            .all(|l| l.role == Some(LinkRole::School))
    );
    let mut placement_names: Vec<&str> = response.dependents[1]
        .shown
        .iter()
        .map(|l| l.label.as_str())
        .collect();
    placement_names.sort();
    assert_eq!(
        placement_names,
        ["Inès Martin", "Louis Bernard", "Louis Bernard"]
    );
    assert!(response.links.is_empty());
}

#[test]
fn a_missing_record_is_not_found() {
    let fixture = Fixture::new();
    fixture.create(school("0750655E", "Lycée Henri IV"));
    assert!(matches!(
        fixture.get(RecordKey::Id(school_ref(RecordId(99)))),
        Err(ServiceError::NotFound { kind: Kind::School, key }) if key == "99"
    ));
    assert!(matches!(
        fixture.get(RecordKey::Uai(uai("0941018W"))),
        Err(ServiceError::NotFound { kind: Kind::School, key }) if key == "0941018W"
    ));
    assert!(matches!(
        fixture.get(RecordKey::Siret(siret(1))),
        Err(ServiceError::NotFound {
            kind: Kind::Company,
            ..
        })
    ));
}
