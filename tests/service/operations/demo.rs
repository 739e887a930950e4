//! Demonstration data: written, marked and removed.

use super::*;

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
