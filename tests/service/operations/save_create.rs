//! Saving a new record: numbers, stamps, rules and links checked.

use super::*;

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
