//! The status summary: what is pending, near, to evaluate.

use super::*;

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
