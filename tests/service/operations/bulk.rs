//! Bulk loads: batches written whole or not at all.

use super::*;

#[test]
fn a_bulk_load_gives_ids_and_links_records_of_the_same_batch() {
    let fixture = Fixture::new();
    let mut session = fixture
        .service
        .bulk(&fixture.caller)
        .expect("alice may write");
    let lycee = session
        .add(school("0930122C", "Lycée Paul Éluard").into())
        .expect("a valid school");
    let firm = session
        .add(company(siret(1), "Boulangerie Dupain").into())
        .expect("a valid company");
    let mut pupil = learner(lycee, "Amadou Diallo");
    pupil.sensitive = Restricted::Clear(sensitive_needs());
    let pupil = session.add(pupil.into()).expect("a valid learner");
    let mut stage = placement(pupil, lycee, day(2027, 1, 11), day(2027, 1, 22));
    stage.company = Some(firm);
    stage.status = PlacementStatus::CompanyProposed;
    let stage = session.add(stage.into()).expect("a valid placement");
    assert_eq!(session.finish().expect("the batch is written"), 4);

    assert_eq!(lycee, RecordId(1));
    assert_eq!(pupil, RecordId(1));
    let stored: Placement = fixture.read(placement_ref(stage));
    assert_eq!(stored.meta.revision, 1);
    assert_eq!(stored.meta.created_by, "alice");
    assert_eq!(stored.company, Some(firm));
    let stored: passerelle::domain::records::Learner =
        fixture.read(RecordRef::new(Kind::Learner, pupil));
    assert_eq!(
        stored.meta.confidentiality,
        Confidentiality::flagged("", Some(Organisation::AcademieCreteil))
    );

    let listed = list(
        &fixture,
        &ListRequest {
            academie: Some(Academie::Creteil),
            ..ListRequest::first_page(Kind::Placement, 10)
        },
    );
    assert_eq!(listed.rows.len(), 1);
    assert_eq!(listed.rows[0].label, "Amadou Diallo");

    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn a_bulk_load_refuses_invalid_records() {
    let fixture = Fixture::new();
    let existing = fixture.create(school("0750655E", "Lycée Henri IV"));
    let mut session = fixture
        .service
        .bulk(&fixture.caller)
        .expect("alice may write");
    let lycee = session
        .add(school("0941018W", "Lycée Marcelin Berthelot").into())
        .expect("a valid school");
    let pupil = session
        .add(learner(lycee, "Léa Roux").into())
        .expect("a valid learner");

    let (start, end) = (day(2027, 1, 18), day(2027, 1, 11));
    assert_eq!(
        invalid(session.add(placement(pupil, lycee, start, end).into())),
        vec![field_error(Field::End, Rule::EndBeforeStart { start, end })]
    );
    assert_eq!(
        invalid(session.add(learner(RecordId(40), "Nobody's pupil").into())),
        vec![field_error(
            Field::School,
            Rule::LinkNotFound {
                kind: Kind::School,
                id: 40
            }
        )]
    );
    assert_eq!(
        invalid(session.add(school("0750655E", "Homonyme").into())),
        vec![field_error(
            Field::Uai,
            Rule::AlreadyTaken {
                kind: Kind::School,
                id: existing.meta.id.0
            }
        )]
    );
    assert_eq!(
        invalid(session.add(school("0941018W", "Homonyme du lot").into())),
        vec![field_error(
            Field::Uai,
            Rule::AlreadyTaken {
                kind: Kind::School,
                id: lycee.0
            }
        )]
    );
    assert!(matches!(
        session.add(Record::School(existing.clone())),
        Err(ServiceError::BadRequest(_))
    ));
    assert_eq!(session.finish().expect("the batch is written"), 2);

    let schools = list(&fixture, &ListRequest::first_page(Kind::School, 10));
    assert_eq!(schools.total, 2);
    assert_eq!(
        list(&fixture, &ListRequest::first_page(Kind::Learner, 10)).total,
        1
    );
    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn refused_records_use_no_number_and_leave_the_store_usable() {
    let fixture = Fixture::new();
    let mut session = fixture
        .service
        .bulk(&fixture.caller)
        .expect("alice may write");
    let lycee = session
        .add(school("0750655E", "Lycée Henri IV").into())
        .expect("a valid school");
    assert!(
        session
            .add(learner(RecordId(99), "Nobody's pupil").into())
            .is_err()
    );
    assert!(session.add(school("0750655E", "Homonyme").into()).is_err());
    let pupil = session
        .add(learner(lycee, "Inès Martin").into())
        .expect("a valid learner");
    let second = session
        .add(school("0941018W", "Lycée Marcelin Berthelot").into())
        .expect("a valid school");
    session.finish().expect("the batch is written");
    assert_eq!(
        (lycee, pupil, second),
        (RecordId(1), RecordId(1), RecordId(2))
    );

    // The same for single saves.
    assert!(
        fixture
            .service
            .save(
                &fixture.caller,
                passerelle::service::save::SaveRequest {
                    record: learner(RecordId(99), "Nobody's pupil").into()
                }
            )
            .is_err()
    );
    assert_eq!(
        fixture.create(learner(lycee, "Léa Roux")).meta.id,
        RecordId(2)
    );
    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn only_the_administrator_lifts_a_confidential_mark() {
    let fixture = Fixture::new(); // the store was created by alice
    fixture.allow_coordinators(&["bob"]);
    let mut firm = company(siret(1), "Boulangerie Dupain");
    firm.meta.confidentiality = confidential();
    firm.notes = Restricted::Clear("trésorerie fragile".to_owned());
    let firm = fixture.create(firm);
    let reference = RecordRef::new(Kind::Company, firm.meta.id);

    let bob = caller("bob");
    let mut read: passerelle::domain::records::Company = fixture.read(reference);
    read.meta.confidentiality = Confidentiality::default();
    assert_eq!(
        fixture.save_as(&bob, read.clone()).err(),
        Some(ServiceError::NotAllowed(NotAllowed::LiftConfidentiality {
            admins: vec![Admin {
                account: "alice".to_owned(),
                name: "Alice Martin".to_owned()
            }]
        }))
    );
    let still: passerelle::domain::records::Company = fixture.read(reference);
    assert!(still.meta.confidentiality.confidential);
    assert!(still.notes.is_masked());
    assert_eq!(still.meta.revision, 1, "nothing was written");

    // Bob may still edit what he sees, the mark kept.
    let mut renamed = still.clone();
    renamed.name = "Boulangerie Dupain et fils".to_owned();
    let renamed = fixture
        .save_as(&bob, renamed)
        .expect("an edit keeping the mark");
    assert!(renamed.notes.is_masked());

    let mut lifted: passerelle::domain::records::Company = fixture.read(reference);
    lifted.meta.confidentiality = Confidentiality::default();
    let lifted = fixture.create(lifted);
    assert_eq!(
        lifted.notes,
        Restricted::Clear("trésorerie fragile".to_owned())
    );
}

#[test]
fn a_masked_value_with_nothing_stored_behind_it_is_refused() {
    let fixture = Fixture::new();
    let firm = fixture.create(company(siret(1), "Garage Martin"));
    let mut visit = immersion(
        firm.meta.id,
        "Hélène Bréal",
        days_from_today(-20),
        1,
        ImmersionStatus::Done,
    );
    visit.meta.confidentiality = confidential();
    let visit = fixture.create(visit);
    let reference = RecordRef::new(Kind::Immersion, visit.meta.id);

    // An evaluation added with a masked comment: the comment would be lost.
    let mut read: Immersion = fixture.read(reference);
    let mut assessed = evaluation(days_from_today(-1));
    assessed.comment = Restricted::Masked;
    read.evaluation = Some(assessed);
    read.status = ImmersionStatus::Evaluated;
    assert!(matches!(
        fixture.save(read),
        Err(ServiceError::BadRequest(_))
    ));
    let stored: Immersion = fixture.read(reference);
    assert_eq!(stored.status, ImmersionStatus::Done);
    assert!(stored.evaluation.is_none());
    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn check_finds_a_tutor_who_moved_to_another_company() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let mut stage = requested(&setup, day(2027, 1, 11));
    stage.company = Some(setup.company);
    stage.tutor = Some(setup.tutor);
    stage.status = PlacementStatus::CompanyProposed;
    let stage = fixture.create(stage);
    let elsewhere = fixture.create(company(siret(9), "Garage Martin"));

    let mut tutor: passerelle::domain::records::Contact =
        fixture.read(RecordRef::new(Kind::Contact, setup.tutor));
    tutor.organisation = ContactOrganisation::Company(elsewhere.meta.id);
    fixture.create(tutor);

    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert_eq!(
        report.problems,
        vec![Problem::TutorNotOfCompany {
            placement: placement_ref(stage.meta.id),
            tutor: RecordRef::new(Kind::Contact, setup.tutor),
        }]
    );
}
