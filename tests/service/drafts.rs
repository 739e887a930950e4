//! Drafts of forms being typed, on a real store: kept per account and
//! private to it, newest first, bounded in number and size, durable
//! across a reopening, and verified by `check`.

use crate::common;

use chrono::{DateTime, Utc};

use common::{Fixture, caller, school, today};
use passerelle::domain::Kind;
use passerelle::domain::draft::{Draft, DraftId, MAX_DRAFT_BYTES, MAX_DRAFTS_PER_ACCOUNT};
use passerelle::domain::records::RecordRef;
use passerelle::domain::validation::Field;
use passerelle::i18n::Lang;
use passerelle::i18n::messages::{problem_text, service_error};
use passerelle::service::delete::DeleteRequest;
use passerelle::service::protocol::{Request, Response};
use passerelle::service::{Caller, Clock, Service, ServiceError};
use passerelle::store::check::Problem;

/// A new school being typed: its name so far.
fn typing(name: &str) -> Draft {
    Draft {
        id: None,
        kind: Kind::School,
        editing: None,
        purpose: String::new(),
        values: vec![
            (Field::Uai, "0750655E".to_owned()),
            (Field::Name, name.to_owned()),
        ],
        focus: 1,
        saved_at: DateTime::<Utc>::UNIX_EPOCH,
    }
}

fn save(service: &Service, who: &Caller, draft: Draft) -> Draft {
    service
        .save_draft(who, draft)
        .unwrap_or_else(|error| panic!("the draft should be kept: {error:?}"))
}

fn drafts(service: &Service, who: &Caller) -> Vec<Draft> {
    service
        .drafts(who)
        .unwrap_or_else(|error| panic!("the drafts should be listed: {error:?}"))
}

fn names(drafts: &[Draft]) -> Vec<String> {
    drafts
        .iter()
        .map(|draft| {
            draft
                .values
                .iter()
                .find(|(field, _)| *field == Field::Name)
                .map(|(_, value)| value.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn noon_today() -> DateTime<Utc> {
    Clock::fixed_on(today()).now()
}

#[test]
fn a_draft_is_kept_with_a_number_and_the_time_it_was_saved() {
    let fixture = Fixture::new();
    let mut draft = typing("Lycée Henri");
    draft.editing = Some((passerelle::domain::RecordId(12), 3));
    draft.purpose = "evaluation".to_owned();
    let saved = save(&fixture.service, &fixture.caller, draft.clone());
    assert_eq!(saved.id, Some(DraftId(1)));
    assert_eq!(saved.saved_at, noon_today());
    assert_eq!(
        Draft {
            id: None,
            saved_at: draft.saved_at,
            ..saved.clone()
        },
        draft,
        "everything else is kept as sent"
    );
    assert_eq!(
        drafts(&fixture.service, &fixture.caller),
        vec![saved.clone()]
    );

    // Saved again as the person types: the same draft, replaced.
    let mut more = saved.clone();
    more.values[1].1 = "Lycée Henri IV".to_owned();
    let again = save(&fixture.service, &fixture.caller, more);
    assert_eq!(again.id, Some(DraftId(1)));
    assert_eq!(
        names(&drafts(&fixture.service, &fixture.caller)),
        ["Lycée Henri IV"]
    );
}

#[test]
fn drafts_are_private_to_their_account() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob", "carol", "alice2"]);
    let (alice, bob) = (caller("alice"), caller("bob"));
    let hers = save(&fixture.service, &alice, typing("Lycée Henri IV"));
    let his = save(&fixture.service, &bob, typing("Lycée Voltaire"));
    assert_ne!(hers.id, his.id, "numbers are given store-wide");

    assert_eq!(drafts(&fixture.service, &alice), vec![hers.clone()]);
    assert_eq!(drafts(&fixture.service, &bob), vec![his.clone()]);
    assert!(drafts(&fixture.service, &caller("carol")).is_empty());

    // Bob cannot overwrite hers by sending its number...
    let mut overwrite = hers.clone();
    overwrite.values[1].1 = "écrasé".to_owned();
    let id = hers.id.clone().expect("a number");
    assert_eq!(
        fixture.service.save_draft(&bob, overwrite),
        Err(ServiceError::DraftNotFound { id: id.clone() })
    );
    // ... nor discard it: discarding what he does not have does nothing.
    fixture
        .service
        .discard_draft(&bob, id.clone())
        .expect("discarding is idempotent");
    assert_eq!(drafts(&fixture.service, &alice), vec![hers.clone()]);
    assert_eq!(drafts(&fixture.service, &bob), vec![his]);

    // "alice" is not a prefix of "alice2"'s drafts, nor the reverse.
    save(
        &fixture.service,
        &caller("alice2"),
        typing("Collège Pasteur"),
    );
    assert_eq!(drafts(&fixture.service, &alice), vec![hers]);
}

#[test]
fn a_discarded_draft_is_gone_and_discarding_twice_is_harmless() {
    let fixture = Fixture::new();
    let kept = save(&fixture.service, &fixture.caller, typing("Lycée Henri IV"));
    let dropped = save(&fixture.service, &fixture.caller, typing("Lycée Voltaire"));
    let id = dropped.id.clone().expect("a number");
    fixture
        .service
        .discard_draft(&fixture.caller, id.clone())
        .expect("discarded");
    fixture
        .service
        .discard_draft(&fixture.caller, id.clone())
        .expect("discarding again changes nothing");
    assert_eq!(drafts(&fixture.service, &fixture.caller), vec![kept]);

    // Saving the discarded draft under its number is refused: the front
    // end saves it anew, under a new number.
    assert_eq!(
        fixture.service.save_draft(&fixture.caller, dropped.clone()),
        Err(ServiceError::DraftNotFound { id: id.clone() })
    );
    let anew = save(
        &fixture.service,
        &fixture.caller,
        Draft {
            id: None,
            ..dropped
        },
    );
    assert_ne!(anew.id, Some(id), "numbers are never given twice");
}

#[test]
fn drafts_come_newest_first() {
    // The system clock: each save is later than the one before.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let service = common::open_service(&dir, Clock::System);
    let alice = caller("alice");
    let first = save(&service, &alice, typing("premier"));
    save(&service, &alice, typing("deuxième"));
    save(&service, &alice, typing("troisième"));
    assert_eq!(
        names(&drafts(&service, &alice)),
        ["troisième", "deuxième", "premier"]
    );

    // Typing on in the first moves it to the front.
    let mut resumed = first;
    resumed.values[1].1 = "premier, repris".to_owned();
    save(&service, &alice, resumed);
    assert_eq!(
        names(&drafts(&service, &alice)),
        ["premier, repris", "troisième", "deuxième"]
    );
}

#[test]
fn an_account_keeps_its_newest_drafts_only() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let bob = caller("bob");
    let his = save(&fixture.service, &bob, typing("celui de Bob"));
    for n in 1..=MAX_DRAFTS_PER_ACCOUNT + 5 {
        save(&fixture.service, &fixture.caller, typing(&format!("n{n}")));
    }
    let kept = drafts(&fixture.service, &fixture.caller);
    assert_eq!(kept.len(), MAX_DRAFTS_PER_ACCOUNT);
    // Saved at the same instant (a stopped clock): the newest number first.
    let expected: Vec<String> = (6..=MAX_DRAFTS_PER_ACCOUNT + 5)
        .rev()
        .map(|n| format!("n{n}"))
        .collect();
    assert_eq!(names(&kept), expected);
    // Another account's drafts do not count against hers.
    assert_eq!(drafts(&fixture.service, &bob), vec![his]);

    // Saving one of hers again drops nothing.
    let oldest = kept.last().cloned().expect("twenty drafts");
    save(&fixture.service, &fixture.caller, oldest);
    assert_eq!(
        drafts(&fixture.service, &fixture.caller).len(),
        MAX_DRAFTS_PER_ACCOUNT
    );
    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(report.drafts, MAX_DRAFTS_PER_ACCOUNT as u64 + 1);
}

#[test]
fn a_draft_too_large_is_refused_and_nothing_is_kept() {
    let fixture = Fixture::new();
    let mut huge = typing("Lycée Henri IV");
    huge.values
        .push((Field::Notes, "x".repeat(MAX_DRAFT_BYTES)));
    let size = huge.size();
    assert_eq!(
        fixture.service.save_draft(&fixture.caller, huge),
        Err(ServiceError::DraftTooLarge {
            size,
            max: MAX_DRAFT_BYTES
        })
    );
    assert!(drafts(&fixture.service, &fixture.caller).is_empty());

    // Right at the limit it is kept.
    let mut largest = typing("");
    largest.values = vec![(Field::Notes, "x".repeat(MAX_DRAFT_BYTES - 1))];
    assert_eq!(largest.size(), MAX_DRAFT_BYTES);
    save(&fixture.service, &fixture.caller, largest);

    let message = service_error(
        &ServiceError::DraftTooLarge {
            size: 70_000,
            max: MAX_DRAFT_BYTES,
        },
        Lang::En,
    );
    assert!(message.contains("70,000 bytes"), "{message}");
    assert!(message.contains("65,536"), "{message}");
}

#[test]
fn an_account_name_holding_a_zero_byte_keeps_no_draft() {
    // No such account can be listed: it is refused before the store
    // (which refuses it too) is asked.
    let fixture = Fixture::new();
    let odd = caller("ali\0ce");
    assert!(matches!(
        fixture.service.save_draft(&odd, typing("x")),
        Err(ServiceError::NotAllowed(_))
    ));
    assert!(matches!(
        fixture.service.drafts(&odd),
        Err(ServiceError::NotAllowed(_))
    ));
}

#[test]
fn a_draft_survives_reopening_the_store() {
    let fixture = Fixture::new();
    let kept = save(&fixture.service, &fixture.caller, typing("Lycée Henri IV"));
    let (dir, store) = fixture.into_store();
    assert_eq!(
        store.drafts("alice").expect("drafts read"),
        vec![kept.clone()]
    );
    drop(store);

    let service = common::reopen_service(&dir, Clock::fixed_on(today()));
    assert_eq!(drafts(&service, &caller("alice")), vec![kept]);
    // The sequence goes on from where it was.
    let next = save(&service, &caller("alice"), typing("Lycée Voltaire"));
    assert_eq!(next.id, Some(DraftId(2)));
}

#[test]
fn drafts_are_saved_from_another_thread_while_the_service_is_shared() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["user0", "user1", "user2", "user3"]);
    let service = &fixture.service;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|n| {
                scope.spawn(move || save(service, &caller(&format!("user{n}")), typing("en cours")))
            })
            .collect();
        for handle in handles {
            handle.join().expect("the thread saved its draft");
        }
    });
    let mut numbers: Vec<u64> = (0..4)
        .flat_map(|n| drafts(service, &caller(&format!("user{n}"))))
        .filter_map(|draft| draft.id.map(|id| id.0))
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [1, 2, 3, 4], "each got its own number");
}

#[test]
fn drafts_go_through_the_protocol() {
    let fixture = Fixture::new();
    let (service, who) = (&fixture.service, &fixture.caller);
    let request = Request::SaveDraft(typing("Lycée Henri IV"));
    assert_eq!(request.name(), "save_draft");
    let Ok(Response::DraftSaved(saved)) = service.handle(who, request) else {
        panic!("a draft is saved");
    };
    assert_eq!(Request::Drafts.name(), "drafts");
    assert_eq!(
        service.handle(who, Request::Drafts),
        Ok(Response::Drafts(vec![saved.clone()]))
    );
    let discard = Request::DiscardDraft(saved.id.clone().expect("a number"));
    assert_eq!(discard.name(), "discard_draft");
    assert_eq!(service.handle(who, discard), Ok(Response::DraftDiscarded));
    assert_eq!(
        service.handle(who, Request::Drafts),
        Ok(Response::Drafts(Vec::new()))
    );
}

#[test]
fn check_accepts_drafts_and_tombstones_and_finds_a_damaged_draft() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let gone = fixture.create(school("0750655E", "Lycée Henri IV"));
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target: RecordRef::new(Kind::School, gone.meta.id),
                revision: None,
            },
        )
        .expect("deleted");
    let first = save(&fixture.service, &fixture.caller, typing("premier"));
    let second = save(&fixture.service, &caller("bob"), typing("second"));
    let report = fixture.service.check(&fixture.caller).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(
        (report.records, report.drafts, report.tombstones),
        (0, 2, 1),
        "neither drafts nor deleted records count as records"
    );

    let Fixture { service, dir, .. } = fixture;
    drop(service);
    {
        let raw = common::open_raw(dir.path());
        let tree = raw.open_tree("drafts").expect("tree");
        let mut key = b"alice\0".to_vec();
        key.extend_from_slice(&1u64.to_be_bytes());
        let bytes = tree.get(&key).expect("read").expect("alice's draft");
        tree.insert(&key, &bytes[..bytes.len() - 1])
            .expect("damage it");
        raw.flush().expect("flush");
    }
    let service = common::reopen_service(&dir, Clock::fixed_on(today()));
    let report = service.check(&caller("alice")).expect("check runs");
    let damaged: Vec<&Problem> = report
        .problems
        .iter()
        .filter(|p| matches!(p, Problem::DamagedDraft { account, id: 1, .. } if account == "alice"))
        .collect();
    assert_eq!(damaged.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(
        problem_text(damaged[0], Lang::Fr).starts_with("brouillon n° 1 de alice illisible"),
        "{}",
        problem_text(damaged[0], Lang::Fr)
    );
    // The damaged draft is left out; the others stay usable.
    assert!(drafts(&service, &caller("alice")).is_empty());
    assert_eq!(drafts(&service, &caller("bob")), vec![second]);
    // Saving over it replaces it with a readable one.
    save(&service, &caller("alice"), first);
    let report = service.check(&caller("alice")).expect("check runs");
    assert!(report.is_clean(), "{:?}", report.problems);
}
