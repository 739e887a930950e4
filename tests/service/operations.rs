//! The service layer on a real store: saving, reading, listing, deleting
//! and restoring, the status summary, bulk loads and the consistency
//! check, as a user of any front end would see them.

use crate::common;

use chrono::NaiveDate;

use common::{
    Fixture, agreement, caller, company, company_at, contact, day, days_from_today, evaluation,
    event, expect_kind, immersion, learner, placement, school, sensitive_needs, siret, today, uai,
};
use passerelle::domain::academie::{Academie, Organisation};
use passerelle::domain::audit::{AuditAction, AuditEntry};
use passerelle::domain::dates::SchoolYear;
use passerelle::domain::identifiers::{Email, Phone};
use passerelle::domain::records::learner::LEARNER_REASON;
use passerelle::domain::records::{
    ContactOrganisation, Immersion, LinkRole, Missing, Placement, Record, School,
};
use passerelle::domain::status::{
    AgreementStatus, ImmersionRefusal, ImmersionStatus, PlacementRefusal, PlacementStatus,
    TransitionError,
};
use passerelle::domain::user::Admin;
use passerelle::domain::validation::{Field, FieldError, Rule};
use passerelle::domain::{Confidentiality, Kind, RecordId, RecordRef, Restricted};
use passerelle::i18n::Lang;
use passerelle::i18n::messages::service_error;
use passerelle::service::Clock;
use passerelle::service::delete::DeleteRequest;
use passerelle::service::find::{
    CODE_EXACT_SCORE, FindRequest, Found, MAX_FOUND, WHOLE_KIND_NAMES,
};
use passerelle::service::get::RecordKey;
use passerelle::service::labels::LinkedRecord;
use passerelle::service::list::{ListRequest, ListResponse, Order, PagePosition, StatusFilter};
use passerelle::service::protocol::{Request, Response};
use passerelle::service::save::SaveRequest;
use passerelle::service::{NotAllowed, RestoreRefusal, ServiceError};
use passerelle::store::audit::ChainedAuditEntry;
use passerelle::store::check::Problem;
use passerelle::store::codec;

// ---------------------------------------------------------------- helpers

/// The field errors of an `Invalid` refusal; panics on anything else.
fn invalid<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Vec<FieldError> {
    match result {
        Err(ServiceError::Invalid(errors)) => errors.0,
        other => panic!("expected ServiceError::Invalid, got {other:?}"),
    }
}

fn field_error(field: Field, rule: Rule) -> FieldError {
    FieldError { field, rule }
}

fn school_ref(id: RecordId) -> RecordRef {
    RecordRef::new(Kind::School, id)
}

fn placement_ref(id: RecordId) -> RecordRef {
    RecordRef::new(Kind::Placement, id)
}

/// The labels of a listing's rows, in order.
fn labels(response: &ListResponse) -> Vec<String> {
    response.rows.iter().map(|row| row.label.clone()).collect()
}

fn list(fixture: &Fixture, request: &ListRequest) -> ListResponse {
    fixture
        .service
        .list(&fixture.caller, request)
        .unwrap_or_else(|error| panic!("the listing should succeed: {error:?}"))
}

fn with_text(kind: Kind, text: &str) -> ListRequest {
    ListRequest {
        text: text.to_owned(),
        ..ListRequest::first_page(kind, 50)
    }
}

/// A school, a learner there, and a company with a tutor: what a
/// placement needs.
struct PlacementSetup {
    school: School,
    learner: RecordId,
    company: RecordId,
    tutor: RecordId,
}

fn placement_setup(fixture: &Fixture) -> PlacementSetup {
    let school = fixture.create(school("0750655E", "Lycée Henri IV"));
    let learner = fixture.create(learner(school.meta.id, "Inès Martin"));
    let company = fixture.create(company(siret(1), "Boulangerie Dupain"));
    let tutor = fixture.create(contact(company.meta.id, "Paul Dupain"));
    PlacementSetup {
        learner: learner.meta.id,
        company: company.meta.id,
        tutor: tutor.meta.id,
        school,
    }
}

fn requested(setup: &PlacementSetup, start: NaiveDate) -> Placement {
    placement(
        setup.learner,
        setup.school.meta.id,
        start,
        start + chrono::Duration::days(11),
    )
}

// ------------------------------------------------------------ save: create

#[test]
fn create_assigns_ids_first_revision_and_the_callers_stamps() {
    let fixture = Fixture::new();
    let first = fixture.create(school("0750655E", "Lycée Henri IV"));
    let second = fixture.create(school("0941018W", "Lycée Marcelin Berthelot"));
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));

    assert_eq!(first.meta.id, RecordId(1));
    assert_eq!(second.meta.id, RecordId(2));
    // Ids are numbered per kind.
    assert_eq!(firm.meta.id, RecordId(1));
    let now = Clock::fixed_on(today()).now();
    for meta in [&first.meta, &second.meta, &firm.meta] {
        assert_eq!(meta.revision, 1);
        assert_eq!(meta.created_by, "alice");
        assert_eq!(meta.updated_by, "alice");
        assert_eq!(meta.created_at, now);
        assert_eq!(meta.updated_at, now);
    }
    let stored: School = fixture.read(school_ref(first.meta.id));
    assert_eq!(stored, first);
}

#[test]
fn placement_ending_before_it_starts_is_refused_on_the_end_field() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let (start, end) = (day(2027, 1, 18), day(2027, 1, 11));
    let errors = invalid(fixture.save(placement(setup.learner, setup.school.meta.id, start, end)));
    assert_eq!(
        errors,
        vec![field_error(Field::End, Rule::EndBeforeStart { start, end })]
    );
    let listed = list(&fixture, &ListRequest::first_page(Kind::Placement, 10));
    assert_eq!(listed.total, 0, "nothing was written");
}

#[test]
fn immersion_evaluated_before_it_ends_is_refused_on_the_status() {
    let fixture = Fixture::new();
    let firm = fixture.create(company(siret(1), "Atelier Lumière"));
    let start = days_from_today(3);
    let mut future = immersion(
        firm.meta.id,
        "Claire Petit",
        start,
        2,
        ImmersionStatus::Evaluated,
    );
    future.evaluation = Some(evaluation(start + chrono::Duration::days(1)));
    let errors = invalid(fixture.save(future));
    let ends_on = start + chrono::Duration::days(1);
    assert!(
        errors.contains(&field_error(
            Field::Status,
            Rule::Transition(TransitionError::Immersion {
                from: ImmersionStatus::Evaluated,
                to: ImmersionStatus::Evaluated,
                refusal: ImmersionRefusal::NotHappenedYet { ends_on },
            })
        )),
        "{errors:?}"
    );
}

#[test]
fn event_listing_the_same_school_twice_is_refused() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let mut forum = event("Forum des métiers", days_from_today(10));
    forum.schools = vec![lycee.meta.id, lycee.meta.id];
    assert_eq!(
        invalid(fixture.save(forum)),
        vec![field_error(Field::Schools, Rule::Duplicate)]
    );
}

#[test]
fn links_to_missing_records_are_refused_on_their_field() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let pupil = fixture.create(learner(lycee.meta.id, "Inès Martin"));

    assert_eq!(
        invalid(fixture.save(learner(RecordId(42), "Nobody's pupil"))),
        vec![field_error(
            Field::School,
            Rule::LinkNotFound {
                kind: Kind::School,
                id: 42
            }
        )]
    );

    let mut without_company = placement(
        pupil.meta.id,
        lycee.meta.id,
        day(2027, 1, 11),
        day(2027, 1, 22),
    );
    without_company.company = Some(RecordId(77));
    assert_eq!(
        invalid(fixture.save(without_company)),
        vec![field_error(
            Field::Company,
            Rule::LinkNotFound {
                kind: Kind::Company,
                id: 77
            }
        )]
    );

    let orphan_learner = placement(
        RecordId(9),
        lycee.meta.id,
        day(2027, 1, 11),
        day(2027, 1, 22),
    );
    assert_eq!(
        invalid(fixture.save(orphan_learner)),
        vec![field_error(
            Field::Learner,
            Rule::LinkNotFound {
                kind: Kind::Learner,
                id: 9
            }
        )]
    );

    assert_eq!(
        invalid(fixture.save(contact(RecordId(5), "Paul Dupain"))),
        vec![field_error(
            Field::Organisation,
            Rule::LinkNotFound {
                kind: Kind::Company,
                id: 5
            }
        )]
    );

    let mut forum = event("Forum des métiers", days_from_today(10));
    forum.companies = vec![RecordId(3)];
    assert_eq!(
        invalid(fixture.save(forum)),
        vec![field_error(
            Field::Companies,
            Rule::LinkNotFound {
                kind: Kind::Company,
                id: 3
            }
        )]
    );

    // A refused record takes no id.
    let next = fixture.create(learner(lycee.meta.id, "Louis Bernard"));
    assert_eq!(next.meta.id, RecordId(2));
}

#[test]
fn a_uai_or_siret_already_held_is_refused() {
    let fixture = Fixture::new();
    let first = fixture.create(school("0750655E", "Lycée Henri IV"));
    assert_eq!(
        invalid(fixture.save(school("0750655E", "Homonyme"))),
        vec![field_error(
            Field::Uai,
            Rule::AlreadyTaken {
                kind: Kind::School,
                id: first.meta.id.0
            }
        )]
    );

    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));
    assert_eq!(
        invalid(fixture.save(company(siret(1), "Autre boulangerie"))),
        vec![field_error(
            Field::Siret,
            Rule::AlreadyTaken {
                kind: Kind::Company,
                id: firm.meta.id.0
            }
        )]
    );

    // Taking another school's UAI in an update is refused too.
    let mut other = fixture.create(school("0941018W", "Lycée Marcelin Berthelot"));
    other.uai = uai("0750655E");
    assert_eq!(
        invalid(fixture.save(other)),
        vec![field_error(
            Field::Uai,
            Rule::AlreadyTaken {
                kind: Kind::School,
                id: first.meta.id.0
            }
        )]
    );
}

#[test]
fn learner_with_sensitive_needs_is_confidential_to_its_schools_academie() {
    let fixture = Fixture::new();
    let creteil = fixture.create(school("0930122C", "Lycée Paul Éluard"));
    let mut needs = learner(creteil.meta.id, "Amadou Diallo");
    needs.sensitive = Restricted::Clear(sensitive_needs());
    let saved = fixture.create(needs);

    // Its reason (which says why) comes back masked, as any read gives it.
    assert_eq!(
        saved.meta.confidentiality,
        Confidentiality::flagged("", Some(Organisation::AcademieCreteil))
    );
    let revealed = fixture
        .service
        .reveal(
            &fixture.caller,
            &passerelle::service::reveal::RevealRequest {
                key: RecordKey::Id(RecordRef::new(Kind::Learner, saved.meta.id)),
                purpose: passerelle::domain::audit::RevealPurpose::Screen,
            },
        )
        .expect("alice reveals it");
    assert_eq!(
        revealed.record.meta().confidentiality,
        Confidentiality::flagged(LEARNER_REASON, Some(Organisation::AcademieCreteil))
    );
    // What the save answers is already masked.
    assert_eq!(saved.sensitive, Restricted::Masked);

    // A learner without needs has the same mark: nothing tells them
    // apart to someone not cleared.
    let plain = fixture.create(learner(creteil.meta.id, "Léa Roux"));
    assert_eq!(plain.meta.confidentiality, saved.meta.confidentiality);
    assert_eq!(plain.sensitive, Restricted::Masked);
}

#[test]
fn a_confidential_mark_needs_a_reason() {
    let fixture = Fixture::new();
    let mut lycee = school("0750655E", "Lycée Henri IV");
    lycee.meta.confidentiality = Confidentiality::flagged("  ", None);
    assert_eq!(
        invalid(fixture.save(lycee)),
        vec![field_error(Field::ConfidentialityReason, Rule::Required)]
    );
}

#[test]
fn a_new_record_holding_masked_values_is_a_bad_request() {
    let fixture = Fixture::new();
    let mut lycee = school("0750655E", "Lycée Henri IV");
    lycee.notes = Restricted::Masked;
    assert!(matches!(
        fixture.save(lycee),
        Err(ServiceError::BadRequest(_))
    ));
}

// ------------------------------------------------------------ save: update

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

/// The audit entries about `reference`, newest first.
fn entries_about(fixture: &Fixture, reference: RecordRef) -> Vec<AuditEntry> {
    fixture
        .service
        .audit(
            &fixture.caller,
            &passerelle::service::audit::AuditRequest {
                key: Some(RecordKey::Id(reference)),
                limit: 100,
                ..Default::default()
            },
        )
        .expect("the history reads")
        .entries
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

// ------------------------------------------------------------------ masking

fn confidential() -> Confidentiality {
    Confidentiality::flagged("demande de l'entreprise", Some(Organisation::CpmeIdf))
}

#[test]
fn restricted_fields_of_a_confidential_record_are_masked_in_get_and_list() {
    let fixture = Fixture::new();
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));
    let mut tutor = contact(firm.meta.id, "Paul Dupain");
    tutor.meta.confidentiality = confidential();
    tutor.email = Restricted::Clear(Some(Email::parse("paul@dupain.fr").expect("valid")));
    tutor.phone = Restricted::Clear(Some(Phone::parse("0612345678").expect("valid")));
    tutor.notes = Restricted::Clear("ne pas appeler le lundi".to_owned());
    let tutor = fixture.create(tutor);

    let shown: passerelle::domain::records::Contact =
        fixture.read(RecordRef::new(Kind::Contact, tutor.meta.id));
    assert_eq!(shown.name, "Paul Dupain");
    assert_eq!(shown.email, Restricted::Masked);
    assert_eq!(shown.phone, Restricted::Masked);
    assert_eq!(shown.notes, Restricted::Masked);

    let listed = list(&fixture, &ListRequest::first_page(Kind::Contact, 10));
    let [row] = listed.rows.as_slice() else {
        panic!("one contact expected: {:?}", labels(&listed));
    };
    let Record::Contact(row_contact) = &row.record else {
        panic!("a contact expected");
    };
    assert_eq!(row.label, "Paul Dupain");
    assert_eq!(row_contact.email, Restricted::Masked);
    assert_eq!(row_contact.phone, Restricted::Masked);
    assert_eq!(row_contact.notes, Restricted::Masked);

    // A learner's sensitive needs and notes.
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let mut pupil = learner(lycee.meta.id, "Amadou Diallo");
    pupil.sensitive = Restricted::Clear(sensitive_needs());
    pupil.notes = Restricted::Clear("bilan PAP".to_owned());
    let pupil = fixture.create(pupil);
    let response = fixture
        .get(RecordKey::Id(RecordRef::new(Kind::Learner, pupil.meta.id)))
        .expect("the learner exists");
    let Record::Learner(shown) = response.record else {
        panic!("a learner expected");
    };
    assert_eq!(shown.sensitive, Restricted::Masked);
    assert_eq!(shown.notes, Restricted::Masked);
    let listed = list(&fixture, &ListRequest::first_page(Kind::Learner, 10));
    let Record::Learner(row_learner) = &listed.rows[0].record else {
        panic!("a learner expected");
    };
    assert_eq!(row_learner.sensitive, Restricted::Masked);
}

#[test]
fn masked_fields_sent_back_keep_the_stored_values() {
    let fixture = Fixture::new();
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));
    let email = Email::parse("paul@dupain.fr").expect("valid");
    let phone = Phone::parse("0612345678").expect("valid");
    let mut tutor = contact(firm.meta.id, "Paul Dupain");
    tutor.meta.confidentiality = confidential();
    tutor.email = Restricted::Clear(Some(email.clone()));
    tutor.phone = Restricted::Clear(Some(phone.clone()));
    tutor.notes = Restricted::Clear("ne pas appeler le lundi".to_owned());
    let created = fixture.create(tutor);
    let reference = RecordRef::new(Kind::Contact, created.meta.id);

    // Edit a plain field of what was read (masked), and save it back.
    let mut read: passerelle::domain::records::Contact = fixture.read(reference);
    assert!(read.email.is_masked());
    read.name = "Paul Dupain-Roy".to_owned();
    let renamed = fixture.create(read);
    assert_eq!(renamed.name, "Paul Dupain-Roy");
    assert_eq!(renamed.meta.revision, 2);

    // Lift the mark, still sending the masked values: they come back clear.
    let mut read: passerelle::domain::records::Contact = fixture.read(reference);
    read.meta.confidentiality = Confidentiality::default();
    let lifted = fixture.create(read);
    assert_eq!(lifted.email, Restricted::Clear(Some(email)));
    assert_eq!(lifted.phone, Restricted::Clear(Some(phone)));
    assert_eq!(
        lifted.notes,
        Restricted::Clear("ne pas appeler le lundi".to_owned())
    );
    assert_eq!(lifted.name, "Paul Dupain-Roy");
}

#[test]
fn a_learners_sensitive_needs_survive_a_masked_save() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let mut pupil = learner(lycee.meta.id, "Amadou Diallo");
    pupil.sensitive = Restricted::Clear(sensitive_needs());
    let pupil = fixture.create(pupil);
    let reference = RecordRef::new(Kind::Learner, pupil.meta.id);

    let mut read: passerelle::domain::records::Learner = fixture.read(reference);
    assert!(read.sensitive.is_masked());
    read.name = "Amadou Diallo-Sy".to_owned();
    // Even asked to lift the mark, the learner stays confidential: the
    // stored needs came back with the masked field.
    read.meta.confidentiality = Confidentiality::default();
    let saved = fixture.create(read);
    assert_eq!(saved.name, "Amadou Diallo-Sy");
    assert_eq!(
        saved.meta.confidentiality,
        Confidentiality::flagged("", Some(Organisation::AcademieParis))
    );

    // The store itself holds the needs unchanged.
    let (_dir, store) = fixture.into_store();
    let stored = store
        .get(reference)
        .expect("the store reads")
        .expect("the learner is stored");
    let Record::Learner(stored) = stored else {
        panic!("a learner expected");
    };
    assert_eq!(stored.sensitive, Restricted::Clear(sensitive_needs()));
    assert_eq!(stored.name, "Amadou Diallo-Sy");
    // And the mark's reason, sent back masked.
    assert_eq!(stored.meta.confidentiality.reason, LEARNER_REASON);
}

#[test]
fn a_conflict_shows_both_values_to_one_cleared_who_revealed_and_audits_it() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let mut lycee = school("0750655E", "Lycée Henri IV");
    lycee.meta.confidentiality = confidential();
    lycee.notes = Restricted::Clear("audit en cours".to_owned());
    let created = fixture.create(lycee);
    let reference = school_ref(created.meta.id);
    // Alice (admin) revealed the school and edits its notes; meanwhile
    // someone else changed them.
    let mut hers = created.clone();
    let mut theirs = created.clone();
    theirs.notes = Restricted::Clear("audit terminé".to_owned());
    fixture.create(theirs);
    hers.notes = Restricted::Clear("audit repoussé".to_owned());
    let before = entries_about(&fixture, reference).len();
    match fixture.save(hers.clone()) {
        Err(ServiceError::Conflict { current }) => {
            let current: School = expect_kind(*current);
            assert_eq!(current.notes, Restricted::Clear("audit terminé".to_owned()));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let entries = entries_about(&fixture, reference);
    assert_eq!(entries.len(), before + 1);
    assert!(
        matches!(entries[0].action, AuditAction::Revealed { .. }),
        "{:?}",
        entries[0].action
    );
    // Bob, a coordinator of Créteil, is not cleared for a record of the
    // CPME: the same save shows him the notes masked, and no reveal.
    match fixture.save_as(&caller("bob"), hers) {
        Err(ServiceError::Conflict { current }) => {
            let current: School = expect_kind(*current);
            assert_eq!(current.notes, Restricted::Masked);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(entries_about(&fixture, reference).len(), before + 1);
}

#[test]
fn a_conflict_shows_no_restricted_value_to_one_who_did_not_reveal() {
    let fixture = Fixture::new();
    let mut lycee = school("0750655E", "Lycée Henri IV");
    lycee.meta.confidentiality = confidential();
    lycee.notes = Restricted::Clear("audit en cours".to_owned());
    let created = fixture.create(lycee);
    let mut stale = fixture.read::<School>(school_ref(created.meta.id));
    let mut fresh = stale.clone();
    fresh.commune = "Paris 5e".to_owned();
    fixture.create(fresh);

    stale.name = "Lycée Henri-IV".to_owned();
    match fixture.save(stale) {
        Err(ServiceError::Conflict { current }) => {
            let Record::School(current) = *current else {
                panic!("a school expected");
            };
            assert_eq!(current.notes, Restricted::Masked);
            assert_eq!(current.commune, "Paris 5e");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

// --------------------------------------------------------------------- list

/// Four schools: two in Paris, one in Créteil, one in Versailles.
fn four_schools(fixture: &Fixture) -> Vec<School> {
    vec![
        fixture.create(school("0750655E", "Lycée Henri IV")),
        fixture.create(school("0750001", "École Jean Zay")),
        fixture.create(school("0930122C", "ecole Arago")),
        fixture.create(school("0781859X", "Collège Zola")),
    ]
}

#[test]
fn schools_are_listed_by_their_folded_name() {
    let fixture = Fixture::new();
    let schools = four_schools(&fixture);
    let listed = list(&fixture, &ListRequest::first_page(Kind::School, 10));
    assert_eq!(
        labels(&listed),
        vec![
            format!("Collège Zola ({})", schools[3].uai),
            "ecole Arago (0930122C)".to_owned(),
            format!("École Jean Zay ({})", schools[1].uai),
            "Lycée Henri IV (0750655E)".to_owned(),
        ]
    );
    assert!(!listed.more);
    assert_eq!(listed.total, 4);
    assert_eq!(listed.matching, Some(4));

    let descending = list(
        &fixture,
        &ListRequest {
            descending: true,
            ..ListRequest::first_page(Kind::School, 10)
        },
    );
    let mut reversed = labels(&listed);
    reversed.reverse();
    assert_eq!(labels(&descending), reversed);
}

#[test]
fn a_text_filter_ignores_accents_and_case() {
    let fixture = Fixture::new();
    let schools = four_schools(&fixture);
    let listed = list(&fixture, &with_text(Kind::School, "ecole"));
    assert_eq!(
        labels(&listed),
        vec![
            "ecole Arago (0930122C)".to_owned(),
            format!("École Jean Zay ({})", schools[1].uai),
        ]
    );
    assert_eq!(listed.total, 4);
    assert_eq!(listed.matching, None, "not counted under a text filter");

    let listed = list(&fixture, &with_text(Kind::School, "ZAY ÉCOLE"));
    assert_eq!(listed.rows.len(), 1);
    assert_eq!(listed.rows[0].record.id(), schools[1].meta.id);

    let listed = list(&fixture, &with_text(Kind::School, "jean zola"));
    assert!(listed.rows.is_empty());
}

#[test]
fn schools_are_filtered_by_academie() {
    let fixture = Fixture::new();
    four_schools(&fixture);
    let by_academie = |academie| {
        list(
            &fixture,
            &ListRequest {
                academie: Some(academie),
                ..ListRequest::first_page(Kind::School, 10)
            },
        )
    };
    let paris = by_academie(Academie::Paris);
    assert_eq!(paris.rows.len(), 2);
    assert!(paris.rows.iter().all(|row| matches!(
        &row.record,
        Record::School(s) if s.uai.academie() == Some(Academie::Paris)
    )));
    assert_eq!(paris.matching, Some(2));
    assert_eq!(paris.total, 4);

    let creteil = by_academie(Academie::Creteil);
    assert_eq!(labels(&creteil), vec!["ecole Arago (0930122C)".to_owned()]);
    assert_eq!(creteil.matching, Some(1));

    let versailles = by_academie(Academie::Versailles);
    assert_eq!(
        labels(&versailles),
        vec!["Collège Zola (0781859X)".to_owned()]
    );

    // The académie and the text filter together.
    let paris_ecole = list(
        &fixture,
        &ListRequest {
            academie: Some(Academie::Paris),
            ..with_text(Kind::School, "ecole")
        },
    );
    assert_eq!(paris_ecole.rows.len(), 1);
    assert!(paris_ecole.rows[0].label.starts_with("École Jean Zay"));
}

#[test]
fn placements_are_filtered_by_status_and_pending() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let waiting = fixture.create(requested(&setup, day(2027, 1, 11)));

    let mut proposed = requested(&setup, day(2027, 2, 1));
    proposed.company = Some(setup.company);
    proposed.status = PlacementStatus::CompanyProposed;
    let proposed = fixture.create(proposed);

    let mut under_way = requested(&setup, day(2026, 11, 23));
    under_way.company = Some(setup.company);
    under_way.tutor = Some(setup.tutor);
    under_way.signed_on = Some(day(2026, 11, 2));
    under_way.status = PlacementStatus::UnderWay;
    fixture.create(under_way);

    let mut cancelled = requested(&setup, day(2027, 3, 1));
    cancelled.status = PlacementStatus::Cancelled;
    cancelled.cancel_reason = Some("déménagement".to_owned());
    let cancelled = fixture.create(cancelled);

    let by_status = |status| {
        list(
            &fixture,
            &ListRequest {
                status: Some(status),
                ..ListRequest::first_page(Kind::Placement, 10)
            },
        )
    };
    let ids = |response: &ListResponse| -> Vec<RecordId> {
        let mut ids: Vec<RecordId> = response.rows.iter().map(|r| r.record.id()).collect();
        ids.sort();
        ids
    };

    let pending = by_status(StatusFilter::PlacementPending);
    assert_eq!(ids(&pending), vec![waiting.meta.id, proposed.meta.id]);
    assert_eq!(pending.matching, Some(2));
    assert_eq!(pending.total, 4);

    let gone = by_status(StatusFilter::Placement(PlacementStatus::Cancelled));
    assert_eq!(ids(&gone), vec![cancelled.meta.id]);
    assert_eq!(gone.matching, Some(1));

    let done = by_status(StatusFilter::Placement(PlacementStatus::Done));
    assert!(done.rows.is_empty());
    assert_eq!(done.matching, Some(0));

    // Pending in Paris (the school's académie), and in Créteil (none).
    let paris_pending = list(
        &fixture,
        &ListRequest {
            status: Some(StatusFilter::PlacementPending),
            academie: Some(Academie::Paris),
            ..ListRequest::first_page(Kind::Placement, 10)
        },
    );
    assert_eq!(paris_pending.rows.len(), 2);
    assert_eq!(paris_pending.matching, Some(2));
    let creteil_pending = list(
        &fixture,
        &ListRequest {
            status: Some(StatusFilter::PlacementPending),
            academie: Some(Academie::Creteil),
            ..ListRequest::first_page(Kind::Placement, 10)
        },
    );
    assert!(creteil_pending.rows.is_empty());
    assert_eq!(creteil_pending.matching, Some(0));
}

#[test]
fn pages_move_forward_and_back_without_overlap() {
    let fixture = Fixture::new();
    for (digits, name) in [
        ("0750001", "Alpha"),
        ("0750002", "Bravo"),
        ("0750003", "Charlie"),
        ("0750004", "Delta"),
        ("0750005", "Echo"),
    ] {
        fixture.create(school(digits, name));
    }
    let names = |response: &ListResponse| -> Vec<String> {
        response
            .rows
            .iter()
            .map(|row| match &row.record {
                Record::School(s) => s.name.clone(),
                other => panic!("a school expected, got {other:?}"),
            })
            .collect()
    };
    let page = |position| {
        list(
            &fixture,
            &ListRequest {
                position,
                ..ListRequest::first_page(Kind::School, 2)
            },
        )
    };

    let first = page(PagePosition::First);
    assert_eq!(names(&first), ["Alpha", "Bravo"]);
    assert!(first.more);
    assert_eq!(first.total, 5);
    assert_eq!(first.matching, Some(5));

    let second = page(PagePosition::After(first.rows[1].cursor.clone()));
    assert_eq!(names(&second), ["Charlie", "Delta"]);
    assert!(second.more);

    let third = page(PagePosition::After(second.rows[1].cursor.clone()));
    assert_eq!(names(&third), ["Echo"]);
    assert!(!third.more);

    let back = page(PagePosition::Before(third.rows[0].cursor.clone()));
    assert_eq!(names(&back), ["Charlie", "Delta"]);
    assert!(back.more, "Alpha and Bravo lie before");

    let back_to_start = page(PagePosition::Before(back.rows[0].cursor.clone()));
    assert_eq!(names(&back_to_start), ["Alpha", "Bravo"]);
    assert!(!back_to_start.more);

    let last = page(PagePosition::Last);
    assert_eq!(names(&last), ["Delta", "Echo"]);
    assert!(last.more);

    // Read again from a row, itself included (a window refreshed where
    // it stood).
    let again = page(PagePosition::From(second.rows[0].cursor.clone()));
    assert_eq!(names(&again), ["Charlie", "Delta"]);
    assert!(again.more);

    // Descending, "after" goes on towards the start of the alphabet.
    let descending = |position| {
        list(
            &fixture,
            &ListRequest {
                position,
                descending: true,
                ..ListRequest::first_page(Kind::School, 2)
            },
        )
    };
    let top = descending(PagePosition::First);
    assert_eq!(names(&top), ["Echo", "Delta"]);
    assert!(top.more);
    let next = descending(PagePosition::After(top.rows[1].cursor.clone()));
    assert_eq!(names(&next), ["Charlie", "Bravo"]);
    assert!(next.more);
    let previous = descending(PagePosition::Before(next.rows[0].cursor.clone()));
    assert_eq!(names(&previous), ["Echo", "Delta"]);
    assert!(!previous.more);
    let again = descending(PagePosition::From(next.rows[0].cursor.clone()));
    assert_eq!(names(&again), ["Charlie", "Bravo"]);
    assert!(again.more);
    let to_the_end = descending(PagePosition::From(next.rows[1].cursor.clone()));
    assert_eq!(names(&to_the_end), ["Bravo", "Alpha"]);
    assert!(!to_the_end.more);
}

#[test]
fn schools_and_companies_are_found_by_the_start_of_their_code() {
    let fixture = Fixture::new();
    let schools = four_schools(&fixture);
    let listed = list(&fixture, &with_text(Kind::School, "0750"));
    let mut uais: Vec<String> = listed
        .rows
        .iter()
        .map(|row| match &row.record {
            Record::School(s) => s.uai.to_string(),
            other => panic!("a school expected, got {other:?}"),
        })
        .collect();
    uais.sort();
    let mut expected = vec![schools[0].uai.to_string(), schools[1].uai.to_string()];
    expected.sort();
    assert_eq!(uais, expected);

    let exact = list(&fixture, &with_text(Kind::School, "0930122c"));
    assert_eq!(labels(&exact), vec!["ecole Arago (0930122C)".to_owned()]);

    let nothing = list(&fixture, &with_text(Kind::School, "0910"));
    assert!(nothing.rows.is_empty());

    // The académie filter still applies to a UAI search.
    let in_creteil = list(
        &fixture,
        &ListRequest {
            academie: Some(Academie::Creteil),
            ..with_text(Kind::School, "0930")
        },
    );
    assert_eq!(
        labels(&in_creteil),
        vec!["ecole Arago (0930122C)".to_owned()]
    );
    let in_paris = list(
        &fixture,
        &ListRequest {
            academie: Some(Academie::Paris),
            ..with_text(Kind::School, "0930")
        },
    );
    assert!(in_paris.rows.is_empty());

    // A SIRET is found by its first digits (the SIREN), spaces allowed.
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));
    let siren = &firm.siret.as_str()[..9];
    let spaced = format!("{} {} {}", &siren[..3], &siren[3..6], &siren[6..]);
    let found = list(&fixture, &with_text(Kind::Company, &spaced));
    assert_eq!(labels(&found), vec!["Boulangerie Dupain".to_owned()]);
}

#[test]
fn placements_are_ordered_by_start_date() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let march = fixture.create(requested(&setup, day(2027, 3, 1)));
    let january = fixture.create(requested(&setup, day(2027, 1, 11)));
    let february = fixture.create(requested(&setup, day(2027, 2, 1)));
    let by_date = ListRequest {
        order: Order::Date,
        ..ListRequest::first_page(Kind::Placement, 10)
    };
    let ids: Vec<RecordId> = list(&fixture, &by_date)
        .rows
        .iter()
        .map(|row| row.record.id())
        .collect();
    assert_eq!(ids, [january.meta.id, february.meta.id, march.meta.id]);

    let descending: Vec<RecordId> = list(
        &fixture,
        &ListRequest {
            descending: true,
            ..by_date
        },
    )
    .rows
    .iter()
    .map(|row| row.record.id())
    .collect();
    assert_eq!(
        descending,
        [march.meta.id, february.meta.id, january.meta.id]
    );
}

#[test]
fn impossible_listings_are_bad_requests() {
    let fixture = Fixture::new();
    four_schools(&fixture);
    let by_date = ListRequest {
        order: Order::Date,
        ..ListRequest::first_page(Kind::School, 10)
    };
    assert!(matches!(
        fixture.service.list(&fixture.caller, &by_date),
        Err(ServiceError::BadRequest(_))
    ));
    let wrong_status = ListRequest {
        status: Some(StatusFilter::PlacementPending),
        ..ListRequest::first_page(Kind::School, 10)
    };
    assert!(matches!(
        fixture.service.list(&fixture.caller, &wrong_status),
        Err(ServiceError::BadRequest(_))
    ));
}

#[test]
fn records_pointing_at_one_record_are_listed_with_linked_to() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    let other = fixture.create(school("0941018W", "Lycée Marcelin Berthelot"));
    let elsewhere = fixture.create(learner(other.meta.id, "Léa Roux"));
    fixture.create(placement(
        elsewhere.meta.id,
        other.meta.id,
        day(2027, 1, 4),
        day(2027, 1, 15),
    ));
    let march = fixture.create(requested(&setup, day(2027, 3, 1)));
    let january = fixture.create(requested(&setup, day(2027, 1, 11)));
    let mut proposed = requested(&setup, day(2026, 12, 7));
    proposed.company = Some(setup.company);
    proposed.status = PlacementStatus::CompanyProposed;
    let proposed = fixture.create(proposed);

    let of_school = list(
        &fixture,
        &ListRequest {
            linked_to: Some(school_ref(setup.school.meta.id)),
            ..ListRequest::first_page(Kind::Placement, 10)
        },
    );
    let ids: Vec<RecordId> = of_school.rows.iter().map(|r| r.record.id()).collect();
    // By status (requested before company proposed), then start date.
    assert_eq!(ids, [january.meta.id, march.meta.id, proposed.meta.id]);
    assert_eq!(of_school.matching, None);
    assert_eq!(of_school.total, 4);

    let of_company = list(
        &fixture,
        &ListRequest {
            linked_to: Some(RecordRef::new(Kind::Company, setup.company)),
            ..ListRequest::first_page(Kind::Placement, 10)
        },
    );
    let ids: Vec<RecordId> = of_company.rows.iter().map(|r| r.record.id()).collect();
    assert_eq!(ids, [proposed.meta.id]);

    let pending_of_school = list(
        &fixture,
        &ListRequest {
            linked_to: Some(school_ref(setup.school.meta.id)),
            status: Some(StatusFilter::Placement(PlacementStatus::CompanyProposed)),
            ..ListRequest::first_page(Kind::Placement, 10)
        },
    );
    assert_eq!(pending_of_school.rows.len(), 1);

    let learners = list(
        &fixture,
        &ListRequest {
            linked_to: Some(school_ref(other.meta.id)),
            ..ListRequest::first_page(Kind::Learner, 10)
        },
    );
    assert_eq!(labels(&learners), ["Léa Roux"]);
}

fn ids(response: &ListResponse) -> Vec<RecordId> {
    response.rows.iter().map(|row| row.record.id()).collect()
}

fn in_year(kind: Kind, start_year: i32, limit: u32) -> ListRequest {
    ListRequest {
        school_year: Some(SchoolYear::starting(start_year)),
        ..ListRequest::first_page(kind, limit)
    }
}

#[test]
fn a_school_year_keeps_the_records_dated_in_it() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    // Either side of 1 September, at both ends of 2026-2027.
    fixture.create(requested(&setup, day(2026, 8, 31)));
    let first = fixture.create(requested(&setup, day(2026, 9, 1)));
    let last = fixture.create(requested(&setup, day(2027, 8, 31)));
    fixture.create(requested(&setup, day(2027, 9, 1)));
    let middle = fixture.create(requested(&setup, day(2027, 2, 1)));

    // By date whatever the order asked, and counted from the months.
    let year = list(&fixture, &in_year(Kind::Placement, 2026, 10));
    assert_eq!(
        ids(&year),
        [first.meta.id, middle.meta.id, last.meta.id],
        "by date, though the order asked is by name"
    );
    assert_eq!(year.matching, Some(3));
    assert_eq!(year.total, 5);
    assert!(!year.more);
    let descending = list(
        &fixture,
        &ListRequest {
            descending: true,
            ..in_year(Kind::Placement, 2026, 10)
        },
    );
    assert_eq!(
        ids(&descending),
        [last.meta.id, middle.meta.id, first.meta.id]
    );
    // Another filter: no count without a scan.
    let requested_only = list(
        &fixture,
        &ListRequest {
            status: Some(StatusFilter::Placement(PlacementStatus::Requested)),
            ..in_year(Kind::Placement, 2026, 10)
        },
    );
    assert_eq!(requested_only.rows.len(), 3);
    assert_eq!(requested_only.matching, None);
    let previous = list(&fixture, &in_year(Kind::Placement, 2025, 10));
    assert_eq!(previous.rows.len(), 1);
    assert_eq!(previous.rows[0].record.date(), Some(day(2026, 8, 31)));

    // Events by their day, immersions by their start, agreements by
    // their signature (an unsigned one has no date to be in a year).
    fixture.create(event("Forum d'été", day(2026, 8, 31)));
    let forum = fixture.create(event("Forum de rentrée", day(2026, 9, 1)));
    assert_eq!(
        ids(&list(&fixture, &in_year(Kind::Event, 2026, 10))),
        [forum.meta.id]
    );
    fixture.create(immersion(
        setup.company,
        "Marc Lefèvre",
        day(2026, 8, 31),
        1,
        ImmersionStatus::Done,
    ));
    let visit = fixture.create(immersion(
        setup.company,
        "Claire Petit",
        day(2026, 9, 1),
        1,
        ImmersionStatus::Done,
    ));
    assert_eq!(
        ids(&list(&fixture, &in_year(Kind::Immersion, 2026, 10))),
        [visit.meta.id]
    );
    fixture.create(agreement(
        "Convention d'août",
        AgreementStatus::Signed,
        Some(day(2026, 8, 31)),
    ));
    fixture.create(agreement("Projet", AgreementStatus::Draft, None));
    let signed = fixture.create(agreement(
        "Convention de septembre",
        AgreementStatus::Signed,
        Some(day(2026, 9, 1)),
    ));
    let agreements = list(&fixture, &in_year(Kind::Agreement, 2026, 10));
    assert_eq!(ids(&agreements), [signed.meta.id]);
    assert_eq!(agreements.matching, None);

    // Kinds without a date refuse the filter.
    for kind in [Kind::School, Kind::Company, Kind::Contact, Kind::Learner] {
        assert!(
            matches!(
                fixture
                    .service
                    .list(&fixture.caller, &in_year(kind, 2026, 10)),
                Err(ServiceError::BadRequest(_))
            ),
            "{kind}"
        );
    }
}

#[test]
fn pages_of_a_school_year_stay_in_it_both_ways() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    // Three placements before the year, three after, five in it.
    for start in [day(2025, 9, 1), day(2026, 8, 30), day(2026, 8, 31)] {
        fixture.create(requested(&setup, start));
    }
    for start in [day(2027, 9, 1), day(2027, 9, 2), day(2028, 1, 3)] {
        fixture.create(requested(&setup, start));
    }
    let in_it: Vec<RecordId> = [
        day(2026, 9, 1),
        day(2026, 10, 5),
        day(2027, 1, 11),
        day(2027, 6, 7),
        day(2027, 8, 31),
    ]
    .into_iter()
    .map(|start| fixture.create(requested(&setup, start)).meta.id)
    .collect();
    let page = |position, descending| {
        list(
            &fixture,
            &ListRequest {
                position,
                descending,
                ..in_year(Kind::Placement, 2026, 2)
            },
        )
    };

    let first = page(PagePosition::First, false);
    assert_eq!(ids(&first), in_it[0..2]);
    assert!(first.more);
    let second = page(PagePosition::After(first.rows[1].cursor.clone()), false);
    assert_eq!(ids(&second), in_it[2..4]);
    let third = page(PagePosition::After(second.rows[1].cursor.clone()), false);
    assert_eq!(ids(&third), in_it[4..5]);
    assert!(!third.more, "what follows is in the next year");
    let back = page(PagePosition::Before(third.rows[0].cursor.clone()), false);
    assert_eq!(ids(&back), in_it[2..4]);
    assert!(back.more);
    let start = page(PagePosition::Before(back.rows[0].cursor.clone()), false);
    assert_eq!(ids(&start), in_it[0..2]);
    assert!(!start.more, "what precedes is in the previous year");
    let last = page(PagePosition::Last, false);
    assert_eq!(ids(&last), in_it[3..5]);

    // Descending, "after" goes back in time, and stops at 1 September.
    let top = page(PagePosition::First, true);
    assert_eq!(ids(&top), [in_it[4], in_it[3]]);
    let next = page(PagePosition::After(top.rows[1].cursor.clone()), true);
    assert_eq!(ids(&next), [in_it[2], in_it[1]]);
    let end = page(PagePosition::After(next.rows[1].cursor.clone()), true);
    assert_eq!(ids(&end), [in_it[0]]);
    assert!(!end.more);
    let up = page(PagePosition::Before(end.rows[0].cursor.clone()), true);
    assert_eq!(ids(&up), [in_it[2], in_it[1]]);
    assert!(up.more);
}

#[test]
fn a_school_year_also_filters_the_records_of_one_record() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    fixture.create(requested(&setup, day(2026, 8, 31)));
    let kept = fixture.create(requested(&setup, day(2026, 9, 1)));
    let of_school = list(
        &fixture,
        &ListRequest {
            linked_to: Some(school_ref(setup.school.meta.id)),
            ..in_year(Kind::Placement, 2026, 10)
        },
    );
    assert_eq!(ids(&of_school), [kept.meta.id]);
    assert_eq!(of_school.matching, None);

    // Events of a school: found through the links, dated by reading them.
    let mut before = event("Forum d'été", day(2026, 8, 31));
    before.schools = vec![setup.school.meta.id];
    fixture.create(before);
    let mut during = event("Forum de rentrée", day(2026, 9, 1));
    during.schools = vec![setup.school.meta.id];
    let during = fixture.create(during);
    fixture.create(event("Ailleurs", day(2026, 9, 2)));
    let events = list(
        &fixture,
        &ListRequest {
            linked_to: Some(school_ref(setup.school.meta.id)),
            ..in_year(Kind::Event, 2026, 10)
        },
    );
    assert_eq!(ids(&events), [during.meta.id]);
}

// ------------------------------------------------------------------- find

fn find(fixture: &Fixture, text: &str, limit: u32) -> Vec<Found> {
    fixture
        .service
        .find(
            &fixture.caller,
            &FindRequest {
                text: text.to_owned(),
                limit,
            },
        )
        .unwrap_or_else(|error| panic!("the finder should answer: {error:?}"))
        .matches
}

fn found_labels(found: &[Found]) -> Vec<String> {
    found.iter().map(|f| f.label.clone()).collect()
}

#[test]
fn the_finder_sees_a_rename_a_creation_and_a_deletion_at_once() {
    let fixture = Fixture::new();
    let mut hoche = fixture.create(school("0780422K", "Lycée Hoche"));
    // Read once: the small kind's names are now kept in memory.
    assert_eq!(
        found_labels(&find(&fixture, "hoche", 10)),
        ["Lycée Hoche (0780422K)"]
    );
    hoche.name = "Lycée Voltaire".into();
    let hoche = fixture.save(hoche).expect("renamed");
    assert!(find(&fixture, "hoche", 10).is_empty(), "the old name");
    assert_eq!(
        found_labels(&find(&fixture, "vltr", 10)),
        ["Lycée Voltaire (0780422K)"]
    );
    fixture.create(school("0750655E", "Lycée Henri IV"));
    assert_eq!(
        found_labels(&find(&fixture, "henri", 10)),
        ["Lycée Henri IV (0750655E)"]
    );
    delete(&fixture, school_ref(hoche.meta.id));
    assert!(find(&fixture, "vltr", 10).is_empty(), "deleted");
}

#[test]
fn a_save_that_keeps_the_name_leaves_the_name_index_untouched() {
    use passerelle::store::schema::TreeId;
    use passerelle::store::write::Stamp;
    use passerelle::store::{OpenOptions, Store};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path(), &OpenOptions::new("alice")).expect("store");
    let stamp = Stamp::now("alice", passerelle::domain::audit::FrontEnd::Cli);
    let created = store
        .create(school("0780422K", "Lycée Hoche").into(), &stamp)
        .expect("created");
    let names = store.generation(TreeId::Name(Kind::School));
    let Record::School(mut hoche) = created else {
        panic!("a school");
    };
    hoche.phone = Some(passerelle::domain::identifiers::Phone::parse("0139000000").expect("phone"));
    let revision = hoche.meta.revision;
    let saved = store
        .update(Record::School(hoche), revision, &stamp)
        .expect("saved");
    // The finder's copy of the schools' names stays good.
    assert_eq!(store.generation(TreeId::Name(Kind::School)), names);
    let Record::School(mut hoche) = saved else {
        panic!("a school");
    };
    hoche.name = "Lycée Voltaire".into();
    let revision = hoche.meta.revision;
    store
        .update(Record::School(hoche), revision, &stamp)
        .expect("renamed");
    assert!(store.generation(TreeId::Name(Kind::School)) > names);
    assert!(store.check().expect("checked").problems.is_empty());
}

#[test]
fn the_finder_ignores_accents_and_case() {
    let fixture = Fixture::new();
    let arago = fixture.create(school("0930122C", "École Arago"));
    fixture.create(school("0750655E", "Lycée Henri IV"));
    for text in ["ecole", "ÉCOLE", "Ecole arago", "arago"] {
        let found = find(&fixture, text, 10);
        assert_eq!(found_labels(&found), ["École Arago (0930122C)"], "{text:?}");
        assert_eq!(found[0].reference, school_ref(arago.meta.id));
    }
    // The same through the protocol, which crosses the wire intact.
    let request = Request::Find(FindRequest {
        text: "ecole".into(),
        limit: 10,
    });
    let bytes = passerelle::store::codec::encode(&request).expect("encodes");
    assert_eq!(
        passerelle::store::codec::decode::<Request>(&bytes),
        Ok(request.clone())
    );
    match fixture.service.handle(&fixture.caller, request) {
        Ok(Response::Found(response)) => {
            assert_eq!(found_labels(&response.matches), ["École Arago (0930122C)"]);
        }
        other => panic!("a finder's answer expected, got {other:?}"),
    }
    assert!(find(&fixture, "", 10).is_empty(), "nothing typed");
    assert!(find(&fixture, " - ", 10).is_empty(), "nothing to match");
    assert!(find(&fixture, "collège", 10).is_empty());
}

#[test]
fn the_finder_matches_letters_in_order_across_kinds() {
    let fixture = Fixture::new();
    let voltaire = fixture.create(school("0750001", "Lycée Voltaire"));
    fixture.create(school("0750002", "Lycée Victor Hugo"));
    let firm = fixture.create(company(siret(1), "Vitrerie Lotier"));
    let mut forum = event("Forum Voltaire", day(2027, 2, 4));
    forum.schools = vec![voltaire.meta.id];
    let forum = fixture.create(forum);

    let found = find(&fixture, "lyc vltr", 10);
    assert_eq!(
        found_labels(&found),
        [format!("Lycée Voltaire ({})", voltaire.uai)]
    );
    let found = find(&fixture, "vltr", 10);
    let references: Vec<RecordRef> = found.iter().map(|f| f.reference).collect();
    assert!(references.contains(&school_ref(voltaire.meta.id)));
    assert!(references.contains(&RecordRef::new(Kind::Event, forum.meta.id)));
    assert!(
        !references.contains(&RecordRef::new(Kind::Company, firm.meta.id)),
        "the letters must stay in one word"
    );
    // A typed word's letters start at a word's first letter.
    assert!(find(&fixture, "oltaire", 10).is_empty());
}

#[test]
fn the_finder_ranks_whole_words_then_starts_then_letters_earlier_words_first() {
    let fixture = Fixture::new();
    let firm = fixture.create(company(siret(1), "Volt"));
    let lycee = fixture.create(school("0750001", "Lycée Voltaire"));
    let person = fixture.create(contact(firm.meta.id, "Voltaire Martin"));
    let florist = fixture.create(company(siret(2), "Violette Fleurs"));
    fixture.create(school("0750002", "Lycée Hoche"));

    let found = find(&fixture, "volt", 10);
    let references: Vec<RecordRef> = found.iter().map(|f| f.reference).collect();
    assert_eq!(
        references,
        [
            RecordRef::new(Kind::Company, firm.meta.id),
            RecordRef::new(Kind::Contact, person.meta.id),
            school_ref(lycee.meta.id),
            RecordRef::new(Kind::Company, florist.meta.id),
        ],
        "{found:?}"
    );
    assert!(
        found.windows(2).all(|w| w[0].score > w[1].score),
        "{found:?}"
    );

    // Equal scores come by name.
    fixture.create(contact(firm.meta.id, "Alice Volt"));
    fixture.create(contact(firm.meta.id, "Bruno Volt"));
    let found = find(&fixture, "volt", 10);
    let tied: Vec<&str> = found
        .iter()
        .filter(|f| f.label.ends_with(" Volt"))
        .map(|f| f.label.as_str())
        .collect();
    assert_eq!(tied, ["Alice Volt", "Bruno Volt"]);
}

#[test]
fn a_uai_or_siret_typed_in_the_finder_finds_its_record_first() {
    let fixture = Fixture::new();
    let henri = fixture.create(school("0750655E", "Lycée Henri IV"));
    fixture.create(school("0750001", "Lycée Voltaire"));
    fixture.create(school("0930122C", "École Arago"));
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));

    let exact = find(&fixture, "0750655e", 10);
    assert_eq!(exact[0].reference, school_ref(henri.meta.id));
    assert_eq!(exact.len(), 1, "{exact:?}");
    assert_eq!(exact[0].score, CODE_EXACT_SCORE);

    let paris = find(&fixture, "0750", 10);
    assert_eq!(paris.len(), 2, "{paris:?}");
    assert!(paris.iter().all(|f| f.reference.kind == Kind::School));

    let siren = &firm.siret.as_str()[..9];
    let spaced = format!("{} {} {}", &siren[..3], &siren[3..6], &siren[6..]);
    let by_siren = find(&fixture, &spaced, 10);
    assert_eq!(
        by_siren[0].reference,
        RecordRef::new(Kind::Company, firm.meta.id)
    );
    let whole = find(&fixture, firm.siret.as_str(), 10);
    assert_eq!(whole[0].score, CODE_EXACT_SCORE);
    assert_eq!(whole[0].label, "Boulangerie Dupain");
}

#[test]
fn a_confidential_record_is_found_by_its_name_only() {
    let fixture = Fixture::new();
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));
    let mut tutor = contact(firm.meta.id, "Paul Dupain");
    tutor.meta.confidentiality = confidential();
    tutor.email = Restricted::Clear(Some(Email::parse("zorglub@dupain.fr").expect("valid")));
    tutor.notes = Restricted::Clear("zorglub ne répond pas le lundi".to_owned());
    let tutor = fixture.create(tutor);
    let lycee = fixture.create(school("0750655E", "Lycée Henri IV"));
    let mut pupil = learner(lycee.meta.id, "Léa Roux");
    pupil.sensitive = Restricted::Clear(sensitive_needs());
    fixture.create(pupil);

    for restricted in ["zorglub", "casnav", "suivi"] {
        assert!(
            find(&fixture, restricted, 10).is_empty(),
            "{restricted:?} is restricted"
        );
    }
    let found = find(&fixture, "paul dup", 10);
    assert_eq!(found_labels(&found), ["Paul Dupain"]);
    assert_eq!(
        found[0].reference,
        RecordRef::new(Kind::Contact, tutor.meta.id)
    );
    assert_eq!(found_labels(&find(&fixture, "lea", 10)), ["Léa Roux"]);
}

#[test]
fn the_finder_answers_at_most_its_limit_and_skips_placements() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    fixture.create(requested(&setup, day(2027, 1, 11)));
    fixture.create(immersion(
        setup.company,
        "Inès Lefèvre",
        day(2026, 10, 5),
        1,
        ImmersionStatus::Done,
    ));
    // Placements are named after their learner, found once as a learner;
    // an immersion by its person. Equal scores, by name: « ines lefevre »
    // before « ines martin ».
    let ines = find(&fixture, "ines", 10);
    let kinds: Vec<Kind> = ines.iter().map(|f| f.reference.kind).collect();
    assert_eq!(kinds, [Kind::Immersion, Kind::Learner], "{ines:?}");

    let mut session = fixture
        .service
        .bulk(&fixture.caller)
        .expect("alice may write");
    for n in 0..60 {
        session
            .add(contact(setup.company, &format!("Martin {n:02}")).into())
            .expect("a valid contact");
    }
    session.finish().expect("written");
    assert_eq!(find(&fixture, "martin", 3).len(), 3);
    assert_eq!(find(&fixture, "martin", 0).len(), 1, "at least one");
    let most = find(&fixture, "martin", 1_000);
    assert_eq!(most.len(), MAX_FOUND as usize);
    // "Inès Martin" (whole word, second) comes after every "Martin NN"
    // (whole word, first): the best fifty are the contacts, by name.
    assert_eq!(most[0].label, "Martin 00");
    assert_eq!(most[49].label, "Martin 49");
}

#[test]
fn a_filter_pages_through_names_by_any_word_once_each_in_order() {
    let fixture = Fixture::new();
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));
    for name in [
        "Martine Marchand",
        "Paul Dupain",
        "Marc Martin",
        "Léa Marie",
        "Marie Curie",
        "Anne Amar",
    ] {
        fixture.create(contact(firm.meta.id, name));
    }
    // Three words start with « mar »; « Martine Marchand » has two of
    // them and comes once; « Anne Amar » has none at a word's start.
    let expected = [
        "Léa Marie",
        "Marc Martin",
        "Marie Curie",
        "Martine Marchand",
    ];
    let page = |position: PagePosition, descending: bool| {
        list(
            &fixture,
            &ListRequest {
                position,
                descending,
                limit: 1,
                ..with_text(Kind::Contact, "mar")
            },
        )
    };
    let mut forwards = Vec::new();
    let mut position = PagePosition::First;
    loop {
        let response = page(position, false);
        forwards.extend(labels(&response));
        match (response.more, response.rows.last()) {
            (true, Some(row)) => position = PagePosition::After(row.cursor.clone()),
            _ => break,
        }
    }
    assert_eq!(forwards, expected);
    let mut backwards = Vec::new();
    let mut position = PagePosition::First;
    loop {
        let response = page(position, true);
        backwards.extend(labels(&response));
        match (response.more, response.rows.last()) {
            (true, Some(row)) => position = PagePosition::After(row.cursor.clone()),
            _ => break,
        }
    }
    let mut reversed = expected.to_vec();
    reversed.reverse();
    assert_eq!(backwards, reversed);
    // Two words typed: each must start a word of the name.
    let both = list(&fixture, &with_text(Kind::Contact, "mar cur"));
    assert_eq!(labels(&both), vec!["Marie Curie"]);
    let whole = list(
        &fixture,
        &ListRequest {
            limit: 10,
            ..with_text(Kind::Contact, "mar")
        },
    );
    assert_eq!(labels(&whole), expected);
    assert!(!whole.more);
}

#[test]
fn in_a_large_kind_a_name_is_found_by_the_start_of_any_word() {
    let fixture = Fixture::new();
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));
    let zoe = fixture.create(contact(firm.meta.id, "Zoé Vautrin"));
    let sought = RecordRef::new(Kind::Contact, zoe.meta.id);
    // A small kind has every name matched: its second word finds it.
    let found = find(&fixture, "vautrin", 5);
    assert_eq!(found.first().map(|f| f.reference), Some(sought));

    let mut session = fixture
        .service
        .bulk(&fixture.caller)
        .expect("alice may write");
    // More contacts than a kind whose every name is matched.
    let count = usize::try_from(WHOLE_KIND_NAMES).expect("a count") + 100;
    for n in 0..count {
        session
            .add(contact(firm.meta.id, &format!("Aline Tuteur {n:05}")).into())
            .expect("a valid contact");
    }
    session.finish().expect("written");
    // Any word, whole or begun, in any order, from the word index.
    for text in [
        "zoe",
        "zo vautrin",
        "zoe vtrn",
        "vautrin zoe",
        "vautrin",
        "vaut",
    ] {
        let found = find(&fixture, text, 5);
        assert_eq!(found.first().map(|f| f.reference), Some(sought), "{text:?}");
    }
    // A name starting as typed is, among ten thousand alike.
    let found = find(&fixture, "aline tuteur 10042", 5);
    assert_eq!(
        found.first().map(|f| f.label.as_str()),
        Some("Aline Tuteur 10042")
    );

    // The list filter: a word one name has…
    let response = list(&fixture, &with_text(Kind::Contact, "vautr"));
    assert_eq!(labels(&response), vec!["Zoé Vautrin"]);
    assert!(!response.more);
    // … and a word of ten thousand names with one of a hundred, paged
    // forwards then back: each once, in order.
    let expected: Vec<String> = (10_000..10_100)
        .map(|n| format!("Aline Tuteur {n}"))
        .collect();
    let first = list(&fixture, &with_text(Kind::Contact, "100 tuteur"));
    assert!(first.more, "a second page");
    let last_row = first.rows.last().expect("rows").cursor.clone();
    let second = list(
        &fixture,
        &ListRequest {
            position: PagePosition::After(last_row),
            ..with_text(Kind::Contact, "100 tuteur")
        },
    );
    assert!(!second.more, "no third page");
    let mut both = labels(&first);
    both.extend(labels(&second));
    assert_eq!(both, expected);
    let back = list(
        &fixture,
        &ListRequest {
            position: PagePosition::Before(second.rows[0].cursor.clone()),
            ..with_text(Kind::Contact, "100 tuteur")
        },
    );
    assert_eq!(labels(&back), labels(&first));
    let from_the_end = list(
        &fixture,
        &ListRequest {
            descending: true,
            ..with_text(Kind::Contact, "tuteur 100")
        },
    );
    assert_eq!(labels(&from_the_end)[0], "Aline Tuteur 10099");

    // Renamed, a name is found by its new words only; deleted, by none.
    let mut renamed = zoe.clone();
    renamed.name = "Zoé Lambert".to_owned();
    fixture.create(renamed);
    assert!(find(&fixture, "vautrin", 5).is_empty());
    assert!(labels(&list(&fixture, &with_text(Kind::Contact, "vautrin"))).is_empty());
    assert_eq!(
        find(&fixture, "lambert", 5).first().map(|f| f.reference),
        Some(sought)
    );
    delete(&fixture, sought);
    assert!(find(&fixture, "lambert", 5).is_empty());
    assert!(labels(&list(&fixture, &with_text(Kind::Contact, "lambert"))).is_empty());
    let report = fixture.service.check(&fixture.caller).expect("checked");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

// ---------------------------------------------------------------------- get

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

// ------------------------------------------------------------------- delete

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

// ------------------------------------------------------------------ restore

fn delete(fixture: &Fixture, target: RecordRef) {
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target,
                revision: None,
            },
        )
        .unwrap_or_else(|error| panic!("{target:?} should be deleted: {error:?}"));
}

fn restore(fixture: &Fixture, target: RecordRef) -> Record {
    fixture
        .service
        .restore(&fixture.caller, target)
        .unwrap_or_else(|error| panic!("{target:?} should be restored: {error:?}"))
        .record
}

fn restore_refusal(fixture: &Fixture, target: RecordRef) -> RestoreRefusal {
    match fixture.service.restore(&fixture.caller, target) {
        Err(ServiceError::CannotRestore {
            target: refused,
            reason,
        }) => {
            assert_eq!(refused, target);
            reason
        }
        other => panic!("expected CannotRestore, got {other:?}"),
    }
}

/// Everything a coordinator sees of a placement and around it: its
/// detail (without its revision), its school's and company's placements,
/// the placements listed by name and by status, and the status counts.
fn placement_surroundings(
    fixture: &Fixture,
    stage: RecordRef,
    setup: &PlacementSetup,
) -> Vec<String> {
    let mut seen = Vec::new();
    let detail = fixture.get(RecordKey::Id(stage)).map(|mut detail| {
        detail.record.meta_mut().revision = 0;
        detail
    });
    seen.push(format!("{detail:?}"));
    for owner in [
        school_ref(setup.school.meta.id),
        RecordRef::new(Kind::Company, setup.company),
        RecordRef::new(Kind::Contact, setup.tutor),
        RecordRef::new(Kind::Learner, setup.learner),
    ] {
        let detail = fixture.get(RecordKey::Id(owner)).expect("it exists");
        seen.push(format!("{:?}", detail.dependents));
        let linked = list(
            fixture,
            &ListRequest {
                linked_to: Some(owner),
                ..ListRequest::first_page(Kind::Placement, 10)
            },
        );
        seen.push(format!("{:?}", ids(&linked)));
    }
    for request in [
        ListRequest::first_page(Kind::Placement, 10),
        ListRequest {
            status: Some(StatusFilter::PlacementPending),
            ..ListRequest::first_page(Kind::Placement, 10)
        },
        ListRequest {
            order: Order::Date,
            ..ListRequest::first_page(Kind::Placement, 10)
        },
        ListRequest {
            academie: Some(Academie::Paris),
            ..ListRequest::first_page(Kind::Placement, 10)
        },
        in_year(Kind::Placement, 2026, 10),
    ] {
        let page = list(fixture, &request);
        seen.push(format!(
            "{:?} {:?} {} {:?}",
            labels(&page),
            ids(&page),
            page.total,
            page.matching
        ));
    }
    let status = fixture.service.status(&fixture.caller).expect("status");
    seen.push(format!("{status:?}"));
    seen
}

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

// ------------------------------------------------------------------- status

#[test]
fn status_counts_records_by_kind_and_academie() {
    let fixture = Fixture::new();
    let paris = fixture.create(school("0750655E", "Lycée Henri IV"));
    let creteil = fixture.create(school("0930122C", "Lycée Paul Éluard"));
    fixture.create(school("0941018W", "Lycée Marcelin Berthelot"));
    fixture.create(learner(paris.meta.id, "Inès Martin"));
    fixture.create(learner(creteil.meta.id, "Léa Roux"));
    fixture.create(learner(creteil.meta.id, "Amadou Diallo"));
    fixture.create(company_at(siret(1), "Garage Moreau", "78000"));
    // Outside Île-de-France.
    fixture.create(company_at(siret(2), "Crêperie Le Goff", "35000"));

    let status = fixture.service.status(&fixture.caller).expect("status");
    assert_eq!(status.today, today());
    let count = |kind: Kind, academie: Option<Academie>| -> u64 {
        let kind_count = status
            .counts
            .iter()
            .find(|c| c.kind == kind)
            .expect("every kind is counted");
        kind_count
            .by_academie
            .iter()
            .find(|c| c.academie == academie)
            .expect("every académie is counted")
            .count
    };
    let total = |kind: Kind| {
        status
            .counts
            .iter()
            .find(|c| c.kind == kind)
            .map(|c| c.total)
    };

    assert_eq!(total(Kind::School), Some(3));
    assert_eq!(count(Kind::School, Some(Academie::Paris)), 1);
    assert_eq!(count(Kind::School, Some(Academie::Creteil)), 2);
    assert_eq!(count(Kind::School, Some(Academie::Versailles)), 0);
    assert_eq!(total(Kind::Learner), Some(3));
    assert_eq!(count(Kind::Learner, Some(Academie::Paris)), 1);
    assert_eq!(count(Kind::Learner, Some(Academie::Creteil)), 2);
    assert_eq!(total(Kind::Company), Some(2));
    assert_eq!(count(Kind::Company, Some(Academie::Versailles)), 1);
    assert_eq!(count(Kind::Company, None), 1);
    assert_eq!(total(Kind::Placement), Some(0));
}

/// The placements by start month of a status, as (month, count).
fn by_month(status: &passerelle::service::status::StatusResponse) -> Vec<(NaiveDate, u64)> {
    status
        .placements_by_month
        .iter()
        .map(|m| (m.month, m.count))
        .collect()
}

/// The twelve months of 2026-2027 with `counts` put on some of them.
fn year_2026_with(counts: &[(NaiveDate, u64)]) -> Vec<(NaiveDate, u64)> {
    (0..12)
        .map(|offset| {
            let month = day(2026, 9, 1) + chrono::Months::new(offset);
            let count = counts
                .iter()
                .find(|(m, _)| *m == month)
                .map_or(0, |(_, c)| *c);
            (month, count)
        })
        .collect()
}

#[test]
fn status_counts_placements_by_start_month_of_the_school_year() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    // Either side of the school year 2026-2027 (today is 28/11/2026).
    fixture.create(requested(&setup, day(2026, 8, 31)));
    fixture.create(requested(&setup, day(2027, 9, 1)));
    // A date outside 2000–2255 is kept, just not counted by month.
    fixture.create(requested(&setup, day(1999, 9, 1)));
    let first = fixture.create(requested(&setup, day(2026, 9, 1)));
    fixture.create(requested(&setup, day(2026, 9, 30)));
    let moved = fixture.create(requested(&setup, day(2027, 1, 11)));
    let dropped = fixture.create(requested(&setup, day(2027, 8, 31)));

    let status = fixture.service.status(&fixture.caller).expect("status");
    assert_eq!(
        by_month(&status),
        year_2026_with(&[
            (day(2026, 9, 1), 2),
            (day(2027, 1, 1), 1),
            (day(2027, 8, 1), 1)
        ])
    );

    // A start moved, a placement deleted, another cancelled: the months
    // follow, whatever the status.
    let mut moved = moved;
    moved.start = day(2027, 3, 2);
    moved.end = day(2027, 3, 20);
    fixture.create(moved);
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target: placement_ref(dropped.meta.id),
                revision: None,
            },
        )
        .expect("the placement goes");
    let mut cancelled = first;
    cancelled.status = PlacementStatus::Cancelled;
    cancelled.cancel_reason = Some("famille déménagée".into());
    fixture.create(cancelled);

    let status = fixture.service.status(&fixture.caller).expect("status");
    assert_eq!(
        by_month(&status),
        year_2026_with(&[(day(2026, 9, 1), 2), (day(2027, 3, 1), 1)])
    );
    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn placements_by_month_follow_the_school_year_of_today() {
    // On 31 August the school year is still 2025-2026; on 1 September
    // it is 2026-2027.
    let fixture = Fixture::on(day(2026, 8, 31));
    let setup = placement_setup(&fixture);
    fixture.create(requested(&setup, day(2026, 8, 31)));
    fixture.create(requested(&setup, day(2026, 9, 1)));
    let status = fixture.service.status(&fixture.caller).expect("status");
    let months = by_month(&status);
    assert_eq!(months.len(), 12);
    assert_eq!(months[0], (day(2025, 9, 1), 0));
    assert_eq!(months[11], (day(2026, 8, 1), 1));

    let Fixture { service, dir, .. } = fixture;
    drop(service);
    let service = common::reopen_service(&dir, Clock::fixed_on(day(2026, 9, 1)));
    let status = service.status(&caller("alice")).expect("status");
    let months = by_month(&status);
    assert_eq!(months[0], (day(2026, 9, 1), 1));
    assert_eq!(months[11], (day(2027, 8, 1), 0));
}

#[test]
fn check_finds_a_damaged_month_counter() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    fixture.create(requested(&setup, day(2026, 9, 14)));
    fixture.create(requested(&setup, day(2026, 9, 21)));
    let Fixture { service, dir, .. } = fixture;
    drop(service);
    {
        // September 2026: tag 5, 26 years after 2000, month 9.
        let raw = common::open_raw(dir.path());
        let counters = raw.open_tree("counters").expect("tree");
        assert_eq!(
            counters.get([5, 26, 9]).expect("read").map(|v| v.to_vec()),
            Some(2i64.to_be_bytes().to_vec())
        );
        counters
            .insert([5, 26, 9], &7i64.to_be_bytes())
            .expect("poke");
        raw.flush().expect("flush");
    }
    let service = common::reopen_service(&dir, Clock::fixed_on(today()));
    let caller = caller("alice");
    let status = service.status(&caller).expect("status");
    assert_eq!(
        status.placements_by_month[0].count, 7,
        "the counter is read"
    );
    let report = service.check(&caller).expect("check runs");
    assert!(
        report.problems.iter().any(|p| matches!(
            p,
            Problem::WrongCounter { counter, stored: 7, counted: 2 } if counter.contains("PlacementMonth")
        )),
        "{:?}",
        report.problems
    );
}

/// A store with requested placements starting on `starts`, changed by
/// `older_layout` through sled itself (what an earlier version left),
/// then opened again as this version opens it. The directory is kept
/// with the service.
fn placements_reopened_after(
    starts: &[NaiveDate],
    older_layout: impl FnOnce(&sled::Db),
) -> (passerelle::service::Service, tempfile::TempDir) {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);
    for start in starts {
        fixture.create(requested(&setup, *start));
    }
    let Fixture { service, dir, .. } = fixture;
    drop(service);
    let raw = common::open_raw(dir.path());
    older_layout(&raw);
    raw.flush().expect("flush");
    drop(raw);
    (common::reopen_service(&dir, Clock::fixed_on(today())), dir)
}

#[test]
fn a_store_made_before_month_counters_gets_them_when_opened() {
    let starts = [day(2026, 9, 14), day(2026, 10, 5), day(2026, 10, 6)];
    let (service, _dir) = placements_reopened_after(&starts, |raw| {
        // What a store made by the previous version holds: no month
        // counters, and no note that they were counted.
        let counters = raw.open_tree("counters").expect("tree");
        for item in counters.scan_prefix([5]) {
            let (key, _) = item.expect("read");
            counters.remove(key).expect("remove");
        }
        raw.open_tree("meta")
            .expect("tree")
            .remove(b"counted/placement_months")
            .expect("remove");
    });
    let caller = caller("alice");
    let status = service.status(&caller).expect("status");
    assert_eq!(
        by_month(&status),
        year_2026_with(&[(day(2026, 9, 1), 1), (day(2026, 10, 1), 2)])
    );
    let report = service.check(&caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn a_store_made_before_the_word_index_gets_it_when_opened() {
    let (service, _dir) = placements_reopened_after(&[day(2026, 9, 14)], |raw| {
        // What a store made by the previous version holds: no word
        // index, and no note that it was filled.
        raw.drop_tree("index/words").expect("dropped");
        raw.open_tree("meta")
            .expect("tree")
            .remove(b"indexed/words-after-first")
            .expect("remove");
    });
    let caller = caller("alice");
    let report = service.check(&caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
    // The learner's placement, listed under her name, by its second word.
    let response = service
        .list(&caller, &with_text(Kind::Placement, "martin"))
        .expect("listed");
    assert_eq!(labels(&response), vec!["Inès Martin"]);
}

#[test]
fn a_word_index_holding_first_words_is_made_again_when_opened() {
    let (service, _dir) = placements_reopened_after(&[day(2026, 9, 14)], |raw| {
        // The earlier layout: an entry for each name's first word too,
        // and the note that said so.
        let words = raw.open_tree("index/words").expect("tree");
        let (key, value) = words.iter().next().expect("an entry").expect("reads");
        let word_end = 1 + key[1..].iter().position(|b| *b == 0).expect("word");
        let name_key = &key[word_end + 1..];
        let first_word_end = name_key
            .iter()
            .position(|b| *b == b' ' || *b == 0)
            .expect("first word");
        let first_word_entry = [&key[..1], &name_key[..first_word_end], &[0], name_key].concat();
        words.insert(first_word_entry, value).expect("inserted");
        let meta = raw.open_tree("meta").expect("tree");
        meta.remove(b"indexed/words-after-first").expect("remove");
        meta.insert(b"indexed/words", &[1]).expect("insert");
    });
    let caller = caller("alice");
    let report = service.check(&caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
    for typed in ["ines", "martin"] {
        let response = service
            .list(&caller, &with_text(Kind::Placement, typed))
            .expect("listed");
        assert_eq!(labels(&response), vec!["Inès Martin"], "{typed}");
    }
}

#[test]
fn status_lists_pending_placements_by_what_they_miss() {
    let fixture = Fixture::new();
    let setup = placement_setup(&fixture);

    // Requested: lacks company, signature and tutor.
    let waiting = fixture.create(requested(&setup, day(2027, 3, 1)));
    // Company proposed, no tutor yet: lacks signature and tutor.
    let mut proposed = requested(&setup, day(2027, 1, 11));
    proposed.company = Some(setup.company);
    proposed.status = PlacementStatus::CompanyProposed;
    let proposed = fixture.create(proposed);
    // Signed with a tutor: lacks nothing.
    let mut signed = requested(&setup, day(2027, 2, 1));
    signed.company = Some(setup.company);
    signed.tutor = Some(setup.tutor);
    signed.signed_on = Some(day(2026, 11, 20));
    signed.status = PlacementStatus::AgreementSigned;
    let signed = fixture.create(signed);
    // Under way: not pending.
    let mut started = requested(&setup, day(2026, 11, 23));
    started.company = Some(setup.company);
    started.tutor = Some(setup.tutor);
    started.signed_on = Some(day(2026, 11, 2));
    started.status = PlacementStatus::UnderWay;
    fixture.create(started);

    let status = fixture.service.status(&fixture.caller).expect("status");
    let placements = &status.placements;
    assert_eq!(placements.pending, 3);
    let missing = |what: Missing| {
        placements
            .by_missing
            .iter()
            .find(|m| m.missing == what)
            .map(|m| m.count)
    };
    assert_eq!(missing(Missing::Company), Some(1));
    assert_eq!(missing(Missing::Signature), Some(2));
    assert_eq!(missing(Missing::Tutor), Some(2));
    let by_status = |what: PlacementStatus| {
        placements
            .by_status
            .iter()
            .find(|s| s.status == what)
            .map(|s| s.count)
    };
    assert_eq!(by_status(PlacementStatus::Requested), Some(1));
    assert_eq!(by_status(PlacementStatus::CompanyProposed), Some(1));
    assert_eq!(by_status(PlacementStatus::AgreementSigned), Some(1));
    assert_eq!(by_status(PlacementStatus::UnderWay), Some(1));
    assert_eq!(by_status(PlacementStatus::Done), Some(0));

    let oldest: Vec<(RecordId, NaiveDate, Vec<Missing>)> = placements
        .oldest_pending
        .iter()
        .map(|p| (p.reference.id, p.start, p.missing.clone()))
        .collect();
    assert_eq!(
        oldest,
        vec![
            (
                proposed.meta.id,
                day(2027, 1, 11),
                vec![Missing::Signature, Missing::Tutor]
            ),
            (signed.meta.id, day(2027, 2, 1), vec![]),
            (
                waiting.meta.id,
                day(2027, 3, 1),
                vec![Missing::Company, Missing::Signature, Missing::Tutor]
            ),
        ]
    );
    let first = &placements.oldest_pending[0];
    assert_eq!(first.learner, "Inès Martin");
    assert_eq!(first.school, "Lycée Henri IV (0750655E)");
    assert_eq!(first.company.as_deref(), Some("Boulangerie Dupain"));
    assert_eq!(placements.oldest_pending[2].company, None);
}

#[test]
fn status_lists_immersions_awaiting_their_evaluation() {
    let fixture = Fixture::new();
    let firm = fixture.create(company(siret(1), "Atelier Lumière"));
    let later = fixture.create(immersion(
        firm.meta.id,
        "Claire Petit",
        day(2026, 11, 16),
        2,
        ImmersionStatus::Done,
    ));
    let earlier = fixture.create(immersion(
        firm.meta.id,
        "Marc Lefèvre",
        day(2026, 10, 5),
        1,
        ImmersionStatus::Done,
    ));
    let mut evaluated = immersion(
        firm.meta.id,
        "Sophie Garnier",
        day(2026, 9, 21),
        3,
        ImmersionStatus::Evaluated,
    );
    evaluated.evaluation = Some(evaluation(day(2026, 10, 1)));
    fixture.create(evaluated);
    fixture.create(immersion(
        firm.meta.id,
        "Hugo Blanc",
        day(2027, 1, 20),
        1,
        ImmersionStatus::Validated,
    ));

    let status = fixture.service.status(&fixture.caller).expect("status");
    let immersions = &status.immersions;
    assert_eq!(immersions.awaiting_evaluation, 2);
    let awaiting: Vec<(RecordId, &str, &str)> = immersions
        .oldest_awaiting
        .iter()
        .map(|i| (i.reference.id, i.person.as_str(), i.company.as_str()))
        .collect();
    assert_eq!(
        awaiting,
        vec![
            (earlier.meta.id, "Marc Lefèvre", "Atelier Lumière"),
            (later.meta.id, "Claire Petit", "Atelier Lumière"),
        ]
    );
    let count = |what: ImmersionStatus| {
        immersions
            .by_status
            .iter()
            .find(|s| s.status == what)
            .map(|s| s.count)
    };
    assert_eq!(count(ImmersionStatus::Evaluated), Some(1));
    assert_eq!(count(ImmersionStatus::Validated), Some(1));
    assert_eq!(count(ImmersionStatus::Proposed), Some(0));

    // Evaluating one takes it off the list.
    let mut evaluate = earlier.clone();
    evaluate.status = ImmersionStatus::Evaluated;
    evaluate.evaluation = Some(evaluation(day(2026, 10, 6)));
    fixture.create(evaluate);
    let status = fixture.service.status(&fixture.caller).expect("status");
    assert_eq!(status.immersions.awaiting_evaluation, 1);
    assert_eq!(status.immersions.oldest_awaiting.len(), 1);
    assert_eq!(
        status.immersions.oldest_awaiting[0].reference.id,
        later.meta.id
    );

    // One to come cannot be marked done.
    let mut early = fixture.create(immersion(
        firm.meta.id,
        "Nina Perrin",
        days_from_today(2),
        1,
        ImmersionStatus::Validated,
    ));
    early.status = ImmersionStatus::Done;
    assert_eq!(
        invalid(fixture.save(early)),
        vec![field_error(
            Field::Status,
            Rule::Transition(TransitionError::Immersion {
                from: ImmersionStatus::Validated,
                to: ImmersionStatus::Done,
                refusal: ImmersionRefusal::NotHappenedYet {
                    ends_on: days_from_today(2)
                },
            })
        )]
    );
}

#[test]
fn status_lists_the_events_of_the_coming_seven_days() {
    let fixture = Fixture::new();
    fixture.create(event("Hier", days_from_today(-1)));
    fixture.create(event("Dans huit jours", days_from_today(8)));
    fixture.create(event("Dans sept jours", days_from_today(7)));
    fixture.create(event("Dans six jours", days_from_today(6)));
    fixture.create(event("Aujourd'hui", today()));
    fixture.create(event("Dans trois jours", days_from_today(3)));

    // Seven days: today and the six after (a week hence is the next one).
    let status = fixture.service.status(&fixture.caller).expect("status");
    let coming: Vec<(&str, NaiveDate)> = status
        .coming_events
        .iter()
        .map(|e| (e.title.as_str(), e.date))
        .collect();
    assert_eq!(
        coming,
        vec![
            ("Aujourd'hui", today()),
            ("Dans trois jours", days_from_today(3)),
            ("Dans six jours", days_from_today(6)),
        ]
    );
    assert_eq!(status.coming_events_total, 3);
}

#[test]
fn status_counts_every_event_and_agreement_not_only_those_it_names() {
    let fixture = Fixture::new();
    for n in 0..25 {
        fixture.create(event(&format!("Forum {n}"), days_from_today(n % 7)));
    }
    let status = fixture.service.status(&fixture.caller).expect("status");
    assert_eq!(
        status.coming_events.len(),
        passerelle::service::status::ITEMS_SHOWN
    );
    assert_eq!(status.coming_events_total, 25);
}

#[test]
fn status_flags_signed_agreements_whose_notice_deadline_is_near() {
    let fixture = Fixture::new();
    // 36 months, 3 of notice: the deadline is 33 months after signing.
    let signed_for = |deadline: NaiveDate| deadline - chrono::Months::new(33);
    let near = days_from_today(30);
    let limit = days_from_today(60);
    let too_far = days_from_today(61);

    let in_force = fixture.create(agreement(
        "Convention cadre Paris",
        AgreementStatus::Signed,
        Some(signed_for(near)),
    ));
    let at_the_limit = fixture.create(agreement(
        "Convention cadre Créteil",
        AgreementStatus::Signed,
        Some(signed_for(limit)),
    ));
    // Notice already given: nothing left to decide.
    fixture.create(agreement(
        "Convention cadre Versailles",
        AgreementStatus::NoticeGiven,
        Some(signed_for(near)),
    ));
    fixture.create(agreement(
        "Projet de convention",
        AgreementStatus::Draft,
        Some(signed_for(near)),
    ));
    fixture.create(agreement(
        "Convention terminée",
        AgreementStatus::Ended,
        Some(signed_for(near)),
    ));
    fixture.create(agreement(
        "Convention lointaine",
        AgreementStatus::Signed,
        Some(signed_for(too_far)),
    ));
    fixture.create(agreement(
        "Convention dont le préavis est passé",
        AgreementStatus::Signed,
        Some(signed_for(days_from_today(-1))),
    ));
    fixture.create(agreement("Brouillon", AgreementStatus::Draft, None));

    let status = fixture.service.status(&fixture.caller).expect("status");
    let flagged: Vec<(RecordId, &str, NaiveDate)> = status
        .notice_near
        .iter()
        .map(|a| (a.reference.id, a.title.as_str(), a.notice_deadline))
        .collect();
    assert_eq!(
        flagged,
        vec![
            (in_force.meta.id, "Convention cadre Paris", near),
            (at_the_limit.meta.id, "Convention cadre Créteil", limit),
        ]
    );
    assert_eq!(
        status.notice_near[0].ends_on,
        Some(near + chrono::Months::new(3))
    );

    // Once ended (notice given, then its end: article 3.4), it is no
    // longer flagged.
    let mut noticed = in_force.clone();
    noticed.status = AgreementStatus::NoticeGiven;
    let mut ended = fixture.create(noticed);
    ended.status = AgreementStatus::Ended;
    fixture.create(ended);
    let status = fixture.service.status(&fixture.caller).expect("status");
    let titles: Vec<&str> = status
        .notice_near
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(titles, ["Convention cadre Créteil"]);
}

// ---------------------------------------------------------------- re-indexing

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

// -------------------------------------------------------------------- check

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

// --------------------------------------------------------------------- bulk

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

// -------------------------------------------------------- demonstration data

/// The records of `kind` on the first page of its list, with their mark.
fn demo_marks(fixture: &Fixture, kind: Kind) -> Vec<(RecordId, bool)> {
    fixture
        .service
        .list(&fixture.caller, &ListRequest::first_page(kind, 500))
        .expect("listed")
        .rows
        .iter()
        .map(|row| (row.record.id(), row.demo))
        .collect()
}

/// Every entry of the trail, read from the store once the service is
/// closed.
fn audit_entries(fixture: Fixture) -> Vec<AuditEntry> {
    let (dir, store) = fixture.into_store();
    drop(store);
    common::open_raw(dir.path())
        .open_tree("audit")
        .expect("tree")
        .iter()
        .map(|item| {
            codec::decode::<ChainedAuditEntry>(&item.expect("read").1)
                .expect("decodes")
                .entry
        })
        .collect()
}

#[test]
fn demonstration_records_are_marked_and_removed_but_those_real_ones_need() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["carol"]);
    let real_school = fixture.create(school("0750655E", "Lycée réel"));
    passerelle::demo::generate(
        &fixture.service,
        &fixture.caller,
        &passerelle::demo::DemoOptions { size: 200, seed: 5 },
        &mut |_| {},
    )
    .expect("demonstration data written");

    // Marked in lists and details; the real school is not.
    let schools = demo_marks(&fixture, Kind::School);
    assert!(
        schools.contains(&(real_school.meta.id, false)),
        "{schools:?}"
    );
    assert!(schools.iter().filter(|(_, demo)| *demo).count() >= 1);
    let (demo_company, _) = demo_marks(&fixture, Kind::Company)[0];
    let company_ref = RecordRef::new(Kind::Company, demo_company);
    assert!(fixture.get(RecordKey::Id(company_ref)).expect("read").demo);
    let real_ref = RecordRef::new(Kind::School, real_school.meta.id);
    assert!(!fixture.get(RecordKey::Id(real_ref)).expect("read").demo);

    // A real tutor of a demonstration company; a real pupil of a
    // demonstration school, deleted (it must stay restorable); a
    // demonstration event deleted (kept as a tombstone).
    let tutor = fixture.create(contact(demo_company, "Tutrice réelle"));
    let (demo_school, _) = *schools.iter().find(|(_, demo)| *demo).expect("one");
    let school_ref = RecordRef::new(Kind::School, demo_school);
    let pupil = fixture.create(learner(demo_school, "Élève réel"));
    let pupil_ref = RecordRef::new(Kind::Learner, pupil.meta.id);
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target: pupil_ref,
                revision: None,
            },
        )
        .expect("deleted");
    let (event_id, _) = demo_marks(&fixture, Kind::Event)[0];
    let event_ref = RecordRef::new(Kind::Event, event_id);
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target: event_ref,
                revision: None,
            },
        )
        .expect("deleted");

    // Only admins take it out.
    let refused = fixture.service.remove_demo(&caller("carol"), false);
    assert!(
        matches!(
            refused,
            Err(ServiceError::NotAllowed(NotAllowed::AdminOnly {
                task: passerelle::service::AdminTask::RemoveDemo,
                ..
            }))
        ),
        "{refused:?}"
    );

    let totals = || -> Vec<(Kind, u64)> {
        fixture
            .service
            .status(&fixture.caller)
            .expect("status")
            .counts
            .iter()
            .map(|count| (count.kind, count.total))
            .filter(|(_, total)| *total > 0)
            .collect()
    };
    let before = totals();
    let trial = fixture
        .service
        .remove_demo(&fixture.caller, true)
        .expect("tried");
    assert_eq!(totals(), before, "a dry run changes nothing");
    let removal = fixture
        .service
        .remove_demo(&fixture.caller, false)
        .expect("removed");
    assert_eq!(
        (trial.removed, &trial.kept),
        (removal.removed, &removal.kept)
    );
    assert_eq!(
        removal.kept,
        vec![school_ref, company_ref],
        "the tutor's company and the deleted pupil's school stay"
    );
    assert_eq!(
        removal.removed, 198,
        "every other one, the deleted event too"
    );
    assert_eq!(
        totals(),
        vec![(Kind::School, 2), (Kind::Company, 1), (Kind::Contact, 1)]
    );
    assert!(fixture.get(RecordKey::Id(company_ref)).expect("kept").demo);
    assert!(
        fixture.service.restore(&fixture.caller, event_ref).is_err(),
        "the deleted event cannot come back"
    );
    let check = fixture.service.check(&fixture.caller).expect("checked");
    assert!(check.is_clean(), "{:?}", check.problems);
    assert_eq!(check.tombstones, 1, "the pupil's");
    fixture
        .service
        .restore(&fixture.caller, pupil_ref)
        .expect("the deleted pupil comes back, its school there");

    // Once the tutor works for a real company, its old one goes too; the
    // school stays while the pupil is there.
    let real_company = fixture.create(company(siret(7), "Entreprise réelle"));
    let mut moved = fixture
        .read::<passerelle::domain::records::Contact>(RecordRef::new(Kind::Contact, tutor.meta.id));
    moved.organisation =
        passerelle::domain::records::ContactOrganisation::Company(real_company.meta.id);
    fixture.create(moved);
    let removal = fixture
        .service
        .remove_demo(&fixture.caller, false)
        .expect("removed");
    assert_eq!((removal.removed, &removal.kept), (1, &vec![school_ref]));
    assert!(
        fixture
            .service
            .check(&fixture.caller)
            .expect("checked")
            .is_clean()
    );

    let removed: u64 = audit_entries(fixture)
        .iter()
        .filter_map(|entry| match entry.action {
            AuditAction::DemoRemoved { records } => Some(records),
            _ => None,
        })
        .sum();
    assert_eq!(removed, 199, "every record removed is in the trail");
}

// ------------------------------------------------------------ revert (undo)

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
