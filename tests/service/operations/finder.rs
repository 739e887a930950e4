//! The finder: loosely typed names, UAIs and SIRETs across kinds.

use super::*;

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
