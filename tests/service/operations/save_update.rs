//! Saving over a stored record: revisions, conflicts, moves and what an update may change.

use super::*;

#[test]
fn update_increments_the_revision_and_stamps_the_updater() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let mut lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    lycee.name = "Lycée Henri-IV".to_owned();
    let updated = fixture
        .save_as(&caller("bob"), lycee)
        .expect("the rename is accepted");
    assert_eq!(updated.meta.revision, 2);
    assert_eq!(updated.meta.created_by, "alice");
    assert_eq!(updated.meta.updated_by, "bob");
    assert_eq!(updated.name, "Lycée Henri-IV");

    let stored: School = fixture.read(school_ref(updated.meta.id));
    assert_eq!(stored, updated);
}

#[test]
fn a_stale_revision_is_a_conflict_that_changes_nothing() {
    let fixture = Fixture::new();
    let original = fixture.create(school("0750655E", "Lycée Henri IV"));

    let mut first_edit = original.clone();
    first_edit.name = "Lycée Henri-IV".to_owned();
    let current = fixture.create(first_edit);

    let mut stale_edit = original.clone();
    stale_edit.commune = "Versailles".to_owned();
    match fixture.save(stale_edit) {
        Err(ServiceError::Conflict { current: shown }) => {
            assert_eq!(*shown, Record::School(current.clone()));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let stored: School = fixture.read(school_ref(original.meta.id));
    assert_eq!(stored, current);
    assert_eq!(stored.commune, "Paris");
    assert_eq!(stored.meta.revision, 2);
}

#[test]
fn a_save_of_the_values_stored_writes_nothing() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let mut flagged = school("0750655E", "Lycée Henri IV");
    flagged.notes = Restricted::Clear("proviseur absent en mars".to_owned());
    flagged.meta.confidentiality =
        Confidentiality::flagged("demande du lycée", Some(Organisation::AcademieParis));
    let stored = fixture.create(flagged);
    let reference = school_ref(stored.meta.id);
    let before = entries_about(&fixture, reference).len();

    // The same values again: the revision read comes back, no entry.
    let again = fixture.create(stored.clone());
    assert_eq!(again.meta.revision, stored.meta.revision);
    assert_eq!(entries_about(&fixture, reference).len(), before);

    // A coordinator not cleared types over the notes they cannot see:
    // what they typed is dropped, so nothing changed and nothing is
    // written, whether the guess was right or not.
    let bob = caller("bob");
    for guess in ["proviseur absent en mars", "autre chose"] {
        let mut typed: School = expect_kind(
            fixture
                .service
                .get(&bob, &RecordKey::Id(reference))
                .expect("bob reads the school")
                .record,
        );
        typed.notes = Restricted::Clear(guess.to_owned());
        let saved = fixture
            .save_as(&bob, typed)
            .expect("an answer, not an error");
        assert_eq!(saved.meta.revision, stored.meta.revision, "{guess}");
        assert!(saved.notes.is_masked());
    }
    assert_eq!(entries_about(&fixture, reference).len(), before);
    let unmasked: School = fixture.read(reference);
    assert_eq!(unmasked.meta.revision, stored.meta.revision);

    // One value changed: written, one entry more.
    let mut renamed = stored.clone();
    renamed.name = "Lycée Henri-IV".to_owned();
    assert_eq!(
        fixture.create(renamed).meta.revision,
        stored.meta.revision + 1
    );
    assert_eq!(entries_about(&fixture, reference).len(), before + 1);
}

#[test]
fn described_records_come_with_what_tells_namesakes_apart() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let mut pupil = learner(lycee.meta.id, "Camille Martin");
    pupil.notes = Restricted::Clear("suivi".to_owned());
    pupil.meta.confidentiality = confidential();
    let pupil = fixture.create(pupil);
    let pupil_ref = RecordRef::new(Kind::Learner, pupil.meta.id);
    let nobody = RecordRef::new(Kind::Learner, RecordId(999));
    let described = fixture
        .service
        .describe(&fixture.caller, &[pupil_ref, nobody, pupil_ref])
        .expect("described");
    // Once each, those that exist, masked as any read.
    assert_eq!(described.len(), 1);
    assert_eq!(described[0].label, "Camille Martin");
    assert_eq!(described[0].links[0].label, "Lycée Henri IV (0750655E)");
    let shown: passerelle::domain::records::Learner = expect_kind(described[0].record.clone());
    assert!(shown.notes.is_masked());
    let too_many = vec![pupil_ref; passerelle::service::describe::MOST_DESCRIBED + 1];
    assert!(matches!(
        fixture.service.describe(&fixture.caller, &too_many),
        Err(ServiceError::BadRequest(_))
    ));
}

#[test]
fn a_placement_cannot_jump_from_requested_to_agreement_signed() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let mut jump = fixture.create(requested(&setup, day(2027, 1, 11)));
    jump.company = Some(setup.company);
    jump.signed_on = Some(today());
    jump.status = PlacementStatus::AgreementSigned;
    assert_eq!(
        invalid(fixture.save(jump.clone())),
        vec![field_error(
            Field::Status,
            Rule::Transition(TransitionError::Placement {
                from: PlacementStatus::Requested,
                to: PlacementStatus::AgreementSigned,
                refusal: PlacementRefusal::SkipsStep {
                    next: PlacementStatus::CompanyProposed
                },
            })
        )]
    );
    let stored: Placement = fixture.read(placement_ref(jump.meta.id));
    assert_eq!(stored.status, PlacementStatus::Requested);
    assert_eq!(stored.meta.revision, 1);
}

#[test]
fn an_agreement_moves_one_step_forward_and_never_back() {
    use passerelle::domain::status::{AgreementRefusal, AgreementStatus};
    let fixture = Fixture::new();
    let mut framework = fixture.create(common::agreement(
        "Convention-cadre",
        AgreementStatus::Draft,
        None,
    ));
    // Moved on as the interface does: signed today.
    let signed = framework.moved_on(today()).expect("a next status");
    assert_eq!(signed.signed_on, Some(today()));
    framework = fixture.save(signed).expect("signed");
    // Straight to « ended », skipping the notice: refused.
    let mut ended = framework.clone();
    ended.status = AgreementStatus::Ended;
    assert_eq!(
        invalid(fixture.save(ended)),
        vec![field_error(
            Field::Status,
            Rule::Transition(TransitionError::Agreement {
                from: AgreementStatus::Signed,
                to: AgreementStatus::Ended,
                refusal: AgreementRefusal::SkipsStep {
                    next: AgreementStatus::NoticeGiven
                },
            })
        )]
    );
    framework = fixture
        .save(framework.moved_on(today()).expect("notice"))
        .expect("notice given");
    // A notice given stays given.
    let mut back = framework.clone();
    back.status = AgreementStatus::Signed;
    assert!(matches!(
        &invalid(fixture.save(back))[..],
        [error] if error.rule == Rule::Transition(TransitionError::Agreement {
            from: AgreementStatus::NoticeGiven,
            to: AgreementStatus::Signed,
            refusal: AgreementRefusal::GoesBack,
        })
    ));
    framework = fixture
        .save(framework.moved_on(today()).expect("end"))
        .expect("ended");
    assert_eq!(framework.moved_on(today()), None);
    let mut revived = framework.clone();
    revived.status = AgreementStatus::Signed;
    assert!(matches!(
        &invalid(fixture.save(revived))[..],
        [error] if matches!(error.rule, Rule::Transition(TransitionError::Agreement {
            refusal: AgreementRefusal::Finished,
            ..
        }))
    ));
}

#[test]
fn a_placement_follows_the_usual_path_with_what_each_step_needs() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let mut stage = fixture.create(requested(&setup, day(2027, 1, 11)));

    // Proposing a company needs the company.
    stage.status = PlacementStatus::CompanyProposed;
    assert_eq!(
        invalid(fixture.save(stage.clone())),
        vec![field_error(
            Field::Status,
            Rule::Transition(TransitionError::Placement {
                from: PlacementStatus::Requested,
                to: PlacementStatus::CompanyProposed,
                refusal: PlacementRefusal::NeedsCompany,
            })
        )]
    );
    stage.company = Some(setup.company);
    stage = fixture.create(stage);
    assert_eq!(stage.status, PlacementStatus::CompanyProposed);

    stage.status = PlacementStatus::AgreementSigned;
    stage.signed_on = Some(day(2026, 11, 20));
    stage = fixture.create(stage);

    // Starting needs the tutor.
    stage.status = PlacementStatus::UnderWay;
    assert_eq!(
        invalid(fixture.save(stage.clone())),
        vec![field_error(
            Field::Status,
            Rule::Transition(TransitionError::Placement {
                from: PlacementStatus::AgreementSigned,
                to: PlacementStatus::UnderWay,
                refusal: PlacementRefusal::NeedsTutor,
            })
        )]
    );
    stage.tutor = Some(setup.tutor);
    stage = fixture.create(stage);

    stage.status = PlacementStatus::Done;
    stage = fixture.create(stage);
    assert_eq!(stage.status, PlacementStatus::Done);
    assert_eq!(stage.meta.revision, 5);

    let stored: Placement = fixture.read(placement_ref(stage.meta.id));
    assert_eq!(stored, stage);
}

#[test]
fn a_tutor_from_another_company_is_refused() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let elsewhere = fixture.create(company(siret(2), "Garage Moreau"));
    let stranger = fixture.create(contact(elsewhere.meta.id, "Jean Moreau"));

    let mut stage = requested(&setup, day(2027, 1, 11));
    stage.company = Some(setup.company);
    stage.status = PlacementStatus::CompanyProposed;
    stage.tutor = Some(stranger.meta.id);
    assert_eq!(
        invalid(fixture.save(stage.clone())),
        vec![field_error(Field::Tutor, Rule::TutorNotOfCompany)]
    );

    stage.tutor = Some(setup.tutor);
    fixture.create(stage);
}
