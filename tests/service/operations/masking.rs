//! Restricted fields masked for those not cleared, everywhere they could show.

use super::*;

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
