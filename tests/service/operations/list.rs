//! Listing pages: by name or date, filtered, paged, linked to a record.

use super::*;

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
